/*
 * index_ui: an older cache's search index, rebuilt while the interface runs.
 *
 * When the cache was made by an older papyr, the interface starts the
 * rebuild of its search index (db_index_build) on a bg thread with its own
 * connection: "rebuilding the search index: 37%" in the status line, the
 * keys free, the old index answering searches meanwhile. When the new one
 * is in place the list is read again, with stems, acronyms and CJK words.
 * Quitting stops it after the chunk under way; the next start goes on.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobs.h"
#include "../src/base/mem.h"

struct index_job {
	char *db_path;
	long chunk;
	struct bg_job *job;
	int stopped;
};

static void index_job_free(void *arg)
{
	struct index_job *j = arg;
	free(j->db_path);
	free(j);
}

static int on_index_progress(void *ctx, long done, long total, enum db_index_event ev)
{
	struct index_job *j = ctx;
	if (ev != DB_INDEX_CHUNK_DONE)
		return 0;
	struct bg_msg m = {0};
	snprintf(m.text, sizeof m.text, "rebuilding the search index: %ld%% (%ld of %ld papers)",
		 total > 0 ? done * 100 / total : 100, done, total);
	bg_report(j->job, &m);
	j->stopped = atomic_load(bg_cancel_flag(j->job)) != 0;
	return j->stopped;
}

static void run_index(struct bg_job *job, void *arg)
{
	struct index_job *j = arg;
	j->job = job;
	struct db *db = NULL;
	char *err = NULL;
	int rc = db_open(&db, j->db_path, &err);
	if (rc == 0)
		rc = db_index_build(db, j->chunk, on_index_progress, j, &err);
	db_close(&db);
	struct bg_msg m = {.done = 1, .rc = rc < 0 ? -1 : 0};
	if (rc < 0)
		snprintf(m.text, sizeof m.text, "rebuilding the search index failed: %s",
			 err ? err : "?");
	else if (j->stopped)
		snprintf(m.text, sizeof m.text, "the search index is rebuilt in part; the "
			 "next start goes on");
	else
		snprintf(m.text, sizeof m.text, "the search index is rebuilt: words match "
			 "their other forms, acronyms and CJK words");
	free(err);
	bg_report(job, &m);
}

void index_ui_start(struct app *a)
{
	char *err = NULL;
	long pending = db_index_pending(a->db, &err);
	free(err);
	if (pending <= 0)
		return;
	struct index_job *j = xcalloc(1, sizeof *j);
	j->db_path = xstrdup(a->c->db_path);
	j->chunk = a->c->cfg.index_chunk;
	const char *why;
	if (jobs_start(&a->jobs, JOB_INDEX, 1, run_index, j, index_job_free, &why) != 0) {
		index_job_free(j);
		app_msg(a, 1, "cannot rebuild the search index: %s", why);
		return;
	}
	app_msg(a, 0, "rebuilding the search index (the old one answers meanwhile)");
}

int index_report(struct app *a, const struct bg_msg *m)
{
	(void)a;
	/* the new index answers: the list is read again through it */
	return m->done && m->rc == 0 ? F_REDRAW | F_REQUERY | F_KEEP : F_REDRAW;
}
