/*
 * rank_ui: sort:foryou and like: in the interface. The scores an order
 * needs are made on a background job with its own connection (training a
 * model, scoring the new papers), so no key waits for them; until they are
 * ready the list is newest first (or keeps the scores it had), and the
 * job's end reads the list again.
 */
#include "app.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>

#include "../src/learn.h"
#include "../src/base/mem.h"

struct rank_job {
	char *db_path;
	const struct config *cfg; /* the session's, read only */
	struct db_filter f;
};

static void rank_job_free(void *p)
{
	struct rank_job *j = p;
	free(j->db_path);
	db_filter_clear(&j->f);
	free(j);
}

static void run_rank(struct bg_job *job, void *arg)
{
	struct rank_job *j = arg;
	struct db *db = NULL;
	char *err = NULL, *note = NULL;
	struct bg_msg start = {0};
	snprintf(start.text, sizeof start.text, "learning from your marks…");
	bg_report(job, &start);
	int rc = db_open_job(&db, j->db_path, &err) == 0
		 ? learn_prepare(db, j->cfg, &j->f, &note, &err) : -1;
	db_close(&db);
	struct bg_msg m = {.done = 1, .rc = rc};
	if (rc != 0)
		snprintf(m.text, sizeof m.text, "ranking: %s", err ? err : "failed");
	else
		snprintf(m.text, sizeof m.text, "%s", note ? note : "ranked");
	free(err);
	free(note);
	bg_report(job, &m);
}

void rank_check(struct app *a)
{
	struct db_filter f;
	listpane_wanted_filter(a->list, &f);
	enum db_sort wanted = f.sort;
	char *note = NULL, *err = NULL;
	int fallback = 0;
	int st = learn_stale(a->db, &a->c->cfg, &f, &note, &err);
	if (st < 0) {
		app_msg(a, 1, "ranking: %s", err);
		fallback = 1;
	} else if (st == 0) {
		fallback = f.sort != wanted;
		if (note)
			app_msg(a, 0, "%s", note);
	} else {
		fallback = learn_has_scores(a->db, &f, NULL) != 1;
		const char *why;
		if (!a->rank_failed && !jobs_busy(&a->jobs, JOB_RANK)) {
			struct rank_job *j = xcalloc(1, sizeof *j);
			j->db_path = xstrdup(a->c->db_path);
			j->cfg = &a->c->cfg;
			db_filter_copy(&j->f, &f);
			if (jobs_start(&a->jobs, JOB_RANK, 1, run_rank, j, rank_job_free, &why) != 0) {
				rank_job_free(j);
				app_msg(a, 1, "cannot rank: %s", why);
			}
		}
	}
	listpane_set_fallback(a->list, fallback);
	free(note);
	free(err);
	db_filter_clear(&f);
}

int rank_report(struct app *a, const struct bg_msg *m)
{
	if (!m->done)
		return 0;
	if (m->rc != 0)
		a->rank_failed = 1;
	return F_REQUERY | F_KEEP;
}
