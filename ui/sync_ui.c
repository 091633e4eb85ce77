/*
 * sync_ui: R and d, the interface's network jobs, on bg threads.
 *
 * R plans the days a plain `papyr sync` fetches, leaving out the settled
 * ones as it does (sync_plan_unsettled), and runs sync_run on its own
 * thread with its own connection; each landed day is reported to the status
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
#include "bg.h"
#include "../src/base/mem.h"
#include "../src/base/date.h"
#include "../src/base/file.h"

struct sync_job {
	struct bg *bg;
	const struct config *cfg;
	char *db_path;
	char (*days)[11];
	int ndays;
	long changed;
};

static void sync_job_free(void *p)
{
	struct sync_job *j = p;
	free(j->db_path);
	free(j->days);
	free(j);
}

static void on_sync_progress(void *ctx, const struct sync_progress *p)
{
	struct sync_job *j = ctx;
	struct bg_msg m = {.kind = BG_SYNC};
	m.changed = p->added;
	snprintf(m.text, sizeof m.text, "sync: %d/%d days, %ld new%s%s", p->days_done,
		 p->days_total, p->added, p->error ? "; " : "", p->error ? p->error : "");
	bg_report(j->bg, &m);
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

static void run_sync(struct bg *bg, void *arg)
{
	struct sync_job *j = arg;
	j->bg = bg;
	struct sync_request req = {
		.cfg = j->cfg, .db_path = j->db_path, .days = j->days, .ndays = j->ndays,
		.progress = on_sync_progress, .ctx = j, .cancel = bg_cancel_flag(bg),
	};
	struct sync_result res = {0};
	char *err = NULL;
	int rc = sync_run(&req, &res, &err);
	struct bg_msg m = {.kind = BG_SYNC};
	sync_outcome(&m, &res, rc, err, j->cfg->hf_url);
	free(err);
	bg_report(bg, &m);
}

static int ensure_bg(struct app *a)
{
	if (!a->bg)
		a->bg = bg_new();
	if (!a->bg)
		app_msg(a, 1, "cannot start a background job");
	return a->bg != NULL;
}

int act_sync(struct app *a)
{
	if (!ensure_bg(a))
		return F_REDRAW;
	if (bg_busy(a->bg, BG_SYNC)) {
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
	if (j->ndays == 0) {
		sync_job_free(j);
		app_msg(a, 0, "nothing to fetch: the %d settled day%s %s already cached",
			skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
		return F_REDRAW;
	}
	if (bg_run(a->bg, BG_SYNC, run_sync, j, sync_job_free) != 0) {
		sync_job_free(j);
		app_msg(a, 1, "cannot start the sync");
		return F_REDRAW;
	}
	if (skipped)
		app_msg(a, 0, "sync: starting (%d days; %d settled day%s skipped)", j->ndays,
			skipped, skipped == 1 ? "" : "s");
	else
		app_msg(a, 0, "sync: starting (%d days)", j->ndays);
	return F_REDRAW;
}

/* ---- downloads ---- */

struct dl_job {
	struct bg *bg;
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
	struct bg_msg m = {.kind = BG_DOWNLOAD};
	if (pct >= 0)
		snprintf(m.text, sizeof m.text, "downloading %s: %d%%", j->id, pct);
	else
		snprintf(m.text, sizeof m.text, "downloading %s: %lld kB", j->id, done / 1024);
	bg_report(j->bg, &m);
}

static void run_download(struct bg *bg, void *arg)
{
	struct dl_job *j = arg;
	j->bg = bg;
	j->last_pct = -5;
	struct fetch_opts opts = {.max_wait = j->max_wait, .cancel = bg_cancel_flag(bg)};
	char *err = NULL;
	struct bg_msg m = {.kind = BG_DOWNLOAD, .done = 1};
	if (fetch_download(&opts, j->url, j->dest, on_dl_progress, j, &err) == 0) {
		snprintf(m.text, sizeof m.text, "saved %s", j->dest);
	} else {
		m.rc = -1;
		snprintf(m.text, sizeof m.text, "download of %s failed: %s", j->id, err);
	}
	free(err);
	bg_report(bg, &m);
}

/* The PDF's URL: arXiv's, or under the config's pdf_url (a mirror). */
static char *pdf_url(const char *base, const char *id)
{
	if (base && *base)
		return xasprintf("%s/%s", base, id);
	return paper_pdf_url(id);
}

int act_download(struct app *a)
{
	struct db_row *r = app_row(a);
	if (!r || !ensure_bg(a))
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
	if (bg_run(a->bg, BG_DOWNLOAD, run_download, j, dl_job_free) != 0) {
		dl_job_free(j);
		app_msg(a, 1, "too many downloads at once");
		return F_REDRAW;
	}
	app_msg(a, 0, "downloading %s", r->id);
	return F_REDRAW;
}
