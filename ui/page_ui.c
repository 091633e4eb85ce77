/*
 * page_ui: a paper's Hugging Face page (linked models, datasets, Spaces)
 * for the detail pane. When a paper has stayed in the pane PAGE_AFTER_MS
 * and its page is missing or a week old, its page is fetched in the
 * background (src/pages.h) on a bg thread with its own connection, one
 * request at a time: a paper that comes due while one is being fetched
 * waits its turn. Once stored, the pane shows it if the paper is still
 * there. Papers passed over on the way (a burst of j) ask for nothing.
 * The setting fetch_details = no turns it off.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "../src/pages.h"
#include "jobs.h"

#define PAGE_AFTER_MS 1000

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void run_page(struct bg_job *job, void *arg)
{
	struct fetch_job *j = arg;
	struct db *db = NULL;
	char *err = NULL, *why = NULL;
	int stored = 0, failed = 0;
	struct pages_opts o = fetch_job_opts(j, job);
	char *ids[] = {j->id, NULL};
	int rc = db_open_job(&db, j->db_path, &err) == 0
		 ? pages_fetch(db, &o, ids, 1, &stored, &failed, &why, &err) : -1;
	db_close(&db);
	/* Quiet either way: the pane shows the page when it came, and a page
	 * nobody asked for that did not come is no news (papyr show --fetch
	 * says why). Only the cache failing is worth a message. */
	struct bg_msg m = {.done = 1, .rc = rc == 0 && !failed ? 0 : -1,
			   .changed = (long)j->pid};
	if (rc != 0 && err && strncmp(err, "cache", 5) == 0)
		snprintf(m.text, sizeof m.text, "Hugging Face page: %s", err);
	free(err);
	free(why);
	bg_report(job, &m);
}

void page_later(struct app *a, int64_t pid)
{
	a->page_pid = 0;
	if (!a->c->cfg.fetch_details)
		return;
	a->page_pid = pid;
	a->page_due = now_ms() + PAGE_AFTER_MS;
}

int page_wait(const struct app *a)
{
	if (!a->page_pid)
		return -1;
	long long left = a->page_due - now_ms();
	return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

void page_due(struct app *a)
{
	if (!a->page_pid || now_ms() < a->page_due)
		return;
	int64_t pid = a->page_pid;
	a->page_pid = 0;
	struct db_row *r = listpane_row(a->list);
	if (!r || r->pid != pid || !a->lay.detail_shown || a->lay.too_small ||
	    detailpane_pid(&a->det) != pid || !detailpane_page_due(&a->det, PAGES_MAX_AGE))
		return;
	if (jobs_busy(&a->jobs, JOB_PAGE)) {
		/* one request at a time: ask again when this one is done */
		a->page_pid = pid;
		a->page_due = now_ms() + 200;
		return;
	}
	struct fetch_job *j = fetch_job_new(a->c, r->id, pid);
	const char *why;
	if (jobs_start(&a->jobs, JOB_PAGE, 1, run_page, j, fetch_job_free, &why) != 0)
		fetch_job_free(j);
}

int page_report(struct app *a, const struct bg_msg *m)
{
	if (!m->done)
		return F_NONE;
	detailpane_page_reload(&a->det, a->db, (int64_t)m->changed);
	return F_REDRAW;
}
