/*
 * sync_ui: R and d, the interface's network jobs, on bg threads.
 *
 * R plans the days a plain `papyr sync` fetches, leaving out the settled
 * ones as it does (sync_plan_unsettled), and runs sync_run on its own
 * thread with its own connection, then, with the arxiv setting, reads
 * arXiv's feed as `papyr sync` does (arxiv_sync_run); each landed day is reported to the status
 * line and refreshes the list with the cursor kept on its paper. d downloads
 * the PDF of the paper under the cursor into download_dir with
 * fetch_download, its progress in the status line. Keys never wait on them.
 */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/config.h"
#include "../src/fetch.h"
#include "../src/base/paper.h"
#include "../src/sync.h"
#include "../src/sync_arxiv.h"
#include "jobs.h"
#include "../src/base/mem.h"
#include "../src/base/date.h"
#include "../src/base/file.h"

struct sync_job {
	struct bg_job *job;
	const struct config *cfg;
	char *db_path;
	char (*days)[11];
	int ndays;
	long changed;
	int arxiv;                  /* read arXiv's feed too */
	double delay;
	char *gate_path;
};

static void sync_job_free(void *p)
{
	struct sync_job *j = p;
	free(j->db_path);
	free(j->days);
	free(j->gate_path);
	free(j);
}

static void on_sync_progress(void *ctx, const struct sync_progress *p)
{
	struct sync_job *j = ctx;
	struct bg_msg m = {0};
	m.changed = p->added;
	snprintf(m.text, sizeof m.text, "sync: %d/%d days, %ld new%s%s", p->days_done,
		 p->days_total, p->added, p->error ? "; " : "", p->error ? p->error : "");
	bg_report(j->job, &m);
}

static void sync_outcome(struct bg_msg *m, const struct sync_result *res, int rc,
			 const char *err, const char *url)
{
	m->done = 1;
	m->changed = res->added + res->updated;
	if (rc < 0) {
		m->rc = -1;
		snprintf(m->text, sizeof m->text, "sync failed: %s", err ? err : "?");
	} else if (res->days_ok == 0 && res->days_failed > 0) {
		m->rc = -1;
		snprintf(m->text, sizeof m->text, "cannot reach %s (every day failed); "
			 "L loads the bundled sample", url);
	} else {
		m->rc = rc;
		snprintf(m->text, sizeof m->text, "synced %d day%s: %ld new, %ld updated%s",
			 res->days_ok, res->days_ok == 1 ? "" : "s", res->added, res->updated,
			 res->days_failed ? "; some days failed, R tries them again" : "");
	}
}

static void on_arxiv_note(void *ctx, const char *line)
{
	struct sync_job *j = ctx;
	struct bg_msg m = {0};
	m.changed = j->changed;
	snprintf(m.text, sizeof m.text, "sync: %s", line);
	bg_report(j->job, &m);
}

/* arXiv after Hugging Face: its outcome joins m's. */
static void run_arxiv(struct sync_job *j, struct bg_msg *m)
{
	struct arxiv_sync_request req = {
		.cfg = j->cfg, .db_path = j->db_path, .delay = j->delay,
		.gate_path = j->gate_path, .cancel = bg_cancel_flag(j->job),
		.note = on_arxiv_note, .ctx = j,
	};
	struct arxiv_sync_result res;
	char *err = NULL;
	int rc = arxiv_sync_run(&req, &res, &err);
	m->changed += res.added + res.updated;
	size_t n = strlen(m->text);
	if (rc != 0) {
		snprintf(m->text + n, sizeof m->text - n, "%sarXiv failed: %s", n ? "; " : "",
			 err ? err : "?");
		if (m->rc == 0)
			m->rc = 1;
	} else {
		snprintf(m->text + n, sizeof m->text - n, "%sarXiv: %ld new, %ld updated%s",
			 n ? "; " : "", res.added, res.updated,
			 res.empty ? " (no announcement today)" : "");
	}
	free(err);
}

static void run_sync(struct bg_job *job, void *arg)
{
	struct sync_job *j = arg;
	j->job = job;
	struct bg_msg m = {0};
	if (j->ndays > 0) {
		struct sync_request req = {
			.cfg = j->cfg, .db_path = j->db_path, .days = j->days,
			.ndays = j->ndays, .progress = on_sync_progress, .ctx = j,
			.cancel = bg_cancel_flag(job),
		};
		struct sync_result res = {0};
		char *err = NULL;
		int rc = sync_run(&req, &res, &err);
		sync_outcome(&m, &res, rc, err, j->cfg->hf_url);
		free(err);
		j->changed = m.changed;
	}
	if (j->arxiv) {
		m.done = 1;
		run_arxiv(j, &m);
	}
	bg_report(job, &m);
}

int sync_report(struct app *a, const struct bg_msg *m)
{
	/* New papers landed: read the list again, the cursor on its paper. */
	int f = F_REDRAW;
	if ((m->done && m->changed > 0) || m->changed > a->jobs.sync_seen) {
		listpane_set_empty_cache(a->list, 0);
		f |= F_REQUERY | F_KEEP;
	}
	a->jobs.sync_seen = m->done ? 0 : m->changed;
	return f;
}

int act_sync(struct app *a, const char *arg)
{
	(void)arg;
	if (jobs_busy(&a->jobs, JOB_SYNC)) {
		app_msg(a, 0, "a sync is running");
		return F_REDRAW;
	}
	char today[11];
	date_today(today);
	struct sync_job *j = xcalloc(1, sizeof *j);
	j->cfg = &a->c->cfg;
	j->db_path = xstrdup(a->c->db_path);
	j->ndays = sync_plan_default(&a->c->cfg, today, &j->days);
	int skipped = sync_plan_unsettled(a->db, &a->c->cfg, j->days, &j->ndays);
	if (a->c->cfg.arxiv) {
		const char *warning;
		j->arxiv = 1;
		j->delay = config_arxiv_delay(&a->c->cfg, &warning);
		j->gate_path = config_arxiv_gate_path(&a->c->cfg);
	}
	if (j->ndays == 0 && !j->arxiv) {
		sync_job_free(j);
		app_msg(a, 0, "nothing to fetch: the %d settled day%s %s already cached",
			skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
		return F_REDRAW;
	}
	const char *why;
	if (jobs_start(&a->jobs, JOB_SYNC, 1, run_sync, j, sync_job_free, &why) != 0) {
		sync_job_free(j);
		app_msg(a, 1, "cannot start the sync: %s", why);
		return F_REDRAW;
	}
	if (skipped)
		app_msg(a, 0, "sync: starting (%d days; %d settled day%s skipped%s)", j->ndays,
			skipped, skipped == 1 ? "" : "s", j->arxiv ? "; then arXiv" : "");
	else
		app_msg(a, 0, "sync: starting (%d days%s)", j->ndays,
			j->arxiv ? "; then arXiv" : "");
	return F_REDRAW;
}

/* ---- downloads ---- */

struct dl_job {
	struct bg_job *job;
	char *url, *dest, *id;
	int last_pct;
	double max_wait;
};

static void dl_job_free(void *p)
{
	struct dl_job *j = p;
	free(j->url), free(j->dest), free(j->id);
	free(j);
}

static void on_dl_progress(void *ctx, long long done, long long total)
{
	struct dl_job *j = ctx;
	int pct = total > 0 ? (int)(done * 100 / total) : -1;
	if (pct == j->last_pct || (pct >= 0 && pct < j->last_pct + 5 && pct != 100))
		return;
	j->last_pct = pct;
	struct bg_msg m = {0};
	if (pct >= 0)
		snprintf(m.text, sizeof m.text, "downloading %s: %d%%", j->id, pct);
	else
		snprintf(m.text, sizeof m.text, "downloading %s: %lld kB", j->id, done / 1024);
	bg_report(j->job, &m);
}

static void run_download(struct bg_job *job, void *arg)
{
	struct dl_job *j = arg;
	j->job = job;
	j->last_pct = -5;
	struct fetch_opts opts = {.cancel = bg_cancel_flag(job)};
	char *err = NULL;
	struct bg_msg m = {.done = 1};
	if (fetch_download(&opts, j->url, j->dest, on_dl_progress, j, &err) == 0) {
		snprintf(m.text, sizeof m.text, "saved %s", j->dest);
	} else {
		m.rc = -1;
		snprintf(m.text, sizeof m.text, "download of %s failed: %s", j->id, err);
	}
	free(err);
	bg_report(job, &m);
}

/* The PDF's URL: arXiv's, or under the config's pdf_url (a mirror). */
static char *pdf_url(const char *base, const char *id)
{
	if (base && *base)
		return xasprintf("%s/%s", base, id);
	return paper_pdf_url(id);
}

int act_download(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_REDRAW;
	const char *dir = a->c->cfg.download_dir;
	char *err = NULL;
	if (make_dirs(dir, 0755, &err) != 0) {
		app_msg(a, 1, "%s", err);
		free(err);
		return F_REDRAW;
	}
	struct dl_job *j = xcalloc(1, sizeof *j);
	j->id = xstrdup(r->id);
	j->url = pdf_url(a->c->cfg.pdf_url, r->id);
	j->max_wait = a->c->cfg.retry_max_wait;
	char *file = xstrdup(r->id);
	for (char *s = file; *s; s++)
		if (*s == '/')
			*s = '_'; /* old ids: hep-th/9901001 */
	j->dest = xasprintf("%s/%s.pdf", dir, file);
	free(file);
	const char *why;
	if (jobs_start(&a->jobs, JOB_DOWNLOAD, 0, run_download, j, dl_job_free, &why) != 0) {
		dl_job_free(j);
		app_msg(a, 1, "cannot start the download: %s", why);
		return F_REDRAW;
	}
	app_msg(a, 0, "downloading %s", r->id);
	return F_REDRAW;
}
