/*
 * zotero_ui: Z, the paper under the cursor (or, after ;, the marked ones)
 * into the running Zotero, as `papyr zotero` sends them (src/zotero.h). The
 * requests run on a bg thread with its own connection to the cache, so the
 * keys never wait on Zotero; the outcome comes back to the message line.
 * A paper sent before is left out, as without --again.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../src/zotero.h"
#include "jobs.h"
#include "../src/base/mem.h"

struct zotero_job {
	struct bg_job *job;
	char *db_path;
	char *url;
	int timeout;
	int64_t *pids;
	int npids;
};

static void zotero_job_free(void *p)
{
	struct zotero_job *j = p;
	free(j->db_path);
	free(j->url);
	free(j->pids);
	free(j);
}

static void run_zotero(struct bg_job *job, void *arg)
{
	struct zotero_job *j = arg;
	struct db *db = NULL;
	char *err = NULL;
	long sent = 0, skipped = 0;
	struct bg_msg start = {.tag = JOB_ZOTERO};
	snprintf(start.text, sizeof start.text, "sending to Zotero…");
	bg_report(job, &start);
	struct zotero_opts o = {.url = j->url, .timeout = j->timeout,
				.cancel = bg_cancel_flag(job)};
	int rc = db_open_job(&db, j->db_path, &err) == 0
		 ? zotero_send_pids(db, &o, j->pids, j->npids, 0, &sent, &skipped, &err)
		 : ZOTERO_FAILED;
	db_close(&db);
	struct bg_msg m = {.tag = JOB_ZOTERO, .done = 1, .rc = rc == ZOTERO_SENT ? 0 : -1};
	if (rc != ZOTERO_SENT)
		snprintf(m.text, sizeof m.text, "%s", err ? err : "Zotero: failed");
	else if (sent)
		snprintf(m.text, sizeof m.text, "sent %ld paper%s to Zotero%s", sent,
			 sent == 1 ? "" : "s", skipped ? " (the others were sent before)" : "");
	else
		snprintf(m.text, sizeof m.text, "already sent to Zotero: "
			 "papyr zotero --again sends again");
	free(err);
	bg_report(job, &m);
}

int act_zotero(struct app *a, const char *arg)
{
	(void)arg;
	struct zotero_job *j = xcalloc(1, sizeof *j);
	if (listpane_applying(a->list)) {
		const struct marks *m = listpane_marks(a->list);
		j->npids = m->n;
		j->pids = xmalloc((size_t)m->n * sizeof *j->pids);
		memcpy(j->pids, m->pid, (size_t)m->n * sizeof *j->pids);
	} else {
		struct db_row *r = listpane_row(a->list);
		if (!r) {
			zotero_job_free(j);
			return F_NONE;
		}
		j->npids = 1;
		j->pids = xmalloc(sizeof *j->pids);
		j->pids[0] = r->pid;
	}
	j->db_path = xstrdup(a->c->db_path);
	j->url = xstrdup(a->c->cfg.zotero_url);
	j->timeout = a->c->cfg.timeout;
	int marked = listpane_applying(a->list);
	const char *why;
	if (jobs_start(&a->jobs, JOB_ZOTERO, 1, run_zotero, j, zotero_job_free, &why) != 0) {
		zotero_job_free(j);
		app_msg(a, 1, "cannot send to Zotero: %s", why);
		return F_REDRAW;
	}
	if (marked)
		listpane_applied(a->list);
	return F_REDRAW;
}
