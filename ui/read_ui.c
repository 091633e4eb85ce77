/*
 * read_ui: F, the paper's full text in $PAGER, as `papyr read` shows it.
 * A text in the cache shows at once, curses set aside while the pager
 * runs; one not yet fetched is fetched on a bg thread (src/pages.h) with
 * its own connection, the keys free meanwhile, and shows when it lands if
 * the paper is still the one under the cursor and no prompt is open.
 */
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../src/pages.h"
#include "../src/spawn.h"
#include "jobs.h"

static void run_read(struct bg_job *job, void *arg)
{
	struct fetch_job *j = arg;
	struct db *db = NULL;
	char *err = NULL;
	struct bg_msg start = {0};
	snprintf(start.text, sizeof start.text, "fetching the full text of %s…", j->id);
	bg_report(job, &start);
	struct pages_opts o = fetch_job_opts(j, job);
	int rc = db_open_job(&db, j->db_path, &err) == 0
		 ? fulltext_fetch(db, &o, j->id, &err) : -1;
	db_close(&db);
	struct bg_msg m = {.done = 1, .rc = rc == 1 ? 0 : -1, .changed = (long)j->pid};
	if (rc != 1)
		snprintf(m.text, sizeof m.text, "%s", err ? err : "failed");
	free(err);
	bg_report(job, &m);
}

/* The cached text of r in the pager, curses set aside. 1 when shown, 0
 * when none is cached. */
static int show_cached(struct app *a, const struct db_row *r)
{
	char *body = NULL, *err = NULL;
	int got = db_fulltext_get(a->db, r->id, &body, &err);
	if (got == 1) {
		def_prog_mode();
		endwin();
		if (spawn_pager(a->c->cfg.pager, body, strlen(body), &err) != 0)
			got = -1;
		reset_prog_mode();
		clearok(curscr, TRUE);
	}
	if (got < 0)
		app_msg(a, 1, "%s", err ? err : "cannot show the full text");
	free(body);
	free(err);
	return got;
}

int act_read_text(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_NONE;
	if (show_cached(a, r) != 0)
		return F_REDRAW;
	if (jobs_busy(&a->jobs, JOB_READ)) {
		app_msg(a, 0, "a full text is being fetched");
		return F_REDRAW;
	}
	struct fetch_job *j = fetch_job_new(a->c, r->id, r->pid);
	const char *why;
	if (jobs_start(&a->jobs, JOB_READ, 1, run_read, j, fetch_job_free, &why) != 0) {
		fetch_job_free(j);
		app_msg(a, 1, "cannot fetch the full text: %s", why);
	}
	return F_REDRAW;
}

int read_report(struct app *a, const struct bg_msg *m)
{
	if (!m->done || m->rc != 0)
		return F_NONE;
	struct db_row *r = listpane_row(a->list);
	if (r && r->pid == (int64_t)m->changed && !a->pr.active && a->focus != FOCUS_HELP)
		show_cached(a, r);
	else
		app_msg(a, 0, "the full text is in the cache: F shows it");
	return F_REDRAW;
}
