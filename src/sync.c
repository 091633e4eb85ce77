/*
 * sync: the Hugging Face daily lists into the cache (see sync.h).
 *
 * Every day is queued on one struct fetch at once, so up to
 * cfg->concurrency days are in flight. A day's pages are fetched one after
 * another while a page comes back full; each page is checked and parsed as
 * it arrives (to count it and to find any fault) and kept as bytes. Only
 * when the last one is in is the day stored: its pages parsed again into
 * the cache's sink, in one transaction with its sync log row. A day that
 * fails anywhere stores nothing and logs why.
 */
#include "sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "../db/db.h"
#include "config.h"
#include "fetch.h"
#include "parse_hf.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

#define SYNC_MAX_PAGES 100  /* a server that never ends a day is refused */

struct sync_state {
	const struct sync_request *req;
	struct db *db;
	int limit;
	struct sync_progress prog;
	struct sync_result *res;
};

struct day_job {
	struct sync_state *s;
	const char *day;            /* borrowed from req->days */
	struct buf *pages;          /* the bodies so far, checked */
	int npages;
	char *etag, *last_modified; /* from the first page */
};

int sync_plan_default(const struct config *cfg, const char *today, char (**days)[11])
{
	int n = cfg->sync_days > cfg->sync_refetch ? cfg->sync_days : cfg->sync_refetch;
	if (n < 1)
		n = 1;
	*days = xcalloc((size_t)n, sizeof **days);
	for (int i = 0; i < n; i++)
		date_add_days(today, -i, (*days)[i]);
	return n;
}

/* True when day was fetched whole once it was sync_refetch days old. */
static int settled(struct db *db, const struct config *cfg, const char *day)
{
	struct db_synclog log;
	char *err = NULL;
	int rc = db_synclog_get(db, day, &log, &err);
	free(err); /* an unreadable log: the day is fetched, as if never */
	int yes = 0;
	if (rc == 1 && !log.error && log.fetched_at > 0) {
		time_t t = (time_t)log.fetched_at;
		struct tm tm;
		char fetched[11];
		gmtime_r(&t, &tm);
		strftime(fetched, sizeof fetched, "%Y-%m-%d", &tm);
		yes = date_diff(day, fetched) >= cfg->sync_refetch;
	}
	db_synclog_clear(&log);
	return yes;
}

int sync_plan_unsettled(struct db *db, const struct config *cfg, char (*days)[11], int *n)
{
	int kept = 0;
	for (int i = 0; i < *n; i++)
		if (!settled(db, cfg, days[i]))
			memmove(days[kept++], days[i], 11);
	int dropped = *n - kept;
	*n = kept;
	return dropped;
}

/* Papers asked for per page: the config's sync_page_size (for tests of
 * paging), at most what the API gives. */
static int page_limit(const struct config *cfg)
{
	int v = cfg->sync_page_size;
	return v < 1 || v > SYNC_PAGE_LIMIT ? SYNC_PAGE_LIMIT : v;
}

static char *page_url(const struct day_job *j)
{
	return xasprintf("%s/api/daily_papers?date=%s&limit=%d&p=%d",
			 j->s->req->cfg->hf_url, j->day, j->s->limit, j->npages);
}

static void job_clear(struct day_job *j)
{
	for (int i = 0; i < j->npages; i++)
		buf_free(&j->pages[i]);
	free(j->pages);
	free(j->etag);
	free(j->last_modified);
	j->pages = NULL;
	j->npages = 0;
	j->etag = j->last_modified = NULL;
}

static void report(struct sync_state *s, const char *day, const char *error)
{
	s->prog.days_done++;
	s->prog.day = day;
	s->prog.error = error;
	if (error)
		s->prog.days_failed++;
	s->prog.added = s->res->added;
	s->prog.updated = s->res->updated;
	if (s->req->progress)
		s->req->progress(s->req->ctx, &s->prog);
	s->prog.day = s->prog.error = NULL;
}

static void day_failed(struct day_job *j, const char *why, int log)
{
	struct sync_state *s = j->s;
	char *cause = NULL;
	if (log && db_synclog_fail(s->db, j->day, why, &cause) != 0)
		free(cause); /* the day failed either way; the report says why */
	s->res->days_failed++;
	report(s, j->day, why);
	job_clear(j);
}

/* ---- what an answer says ---- */

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s;
}

/* The "error" string of a JSON object body, cleaned; NULL when none. */
static char *server_error(const char *body, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(body, len);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
	char *msg = NULL;
	if (cJSON_IsString(e))
		msg = text_clean(e->valuestring, strnlen(e->valuestring, 300), TEXT_COLLAPSE);
	cJSON_Delete(o);
	return msg;
}

/* The first line of a plain-text body, cleaned and short; NULL when none. */
static char *text_excerpt(const char *b, const char *end)
{
	size_t n = 0;
	while (b + n < end && b[n] != '\n' && n < 120)
		n++;
	char *t = text_clean(b, n, TEXT_COLLAPSE);
	if (*t)
		return t;
	free(t);
	return NULL;
}

/* Why an answer other than 200 is no day's list. New string. */
static char *status_problem(const struct fetch_result *r, const char *b, const char *end)
{
	/* "HTTP 503" and, when it was retried, how often: "HTTP 503, 4 attempts" */
	char *http = r->attempts > 1 ? xasprintf("HTTP %ld, %d attempts", r->status, r->attempts)
				     : xasprintf("HTTP %ld", r->status);
	char *said = *b == '{' ? server_error(r->body, r->len) : NULL;
	char *msg;
	if (r->status == 429 && r->retry_wait > 0)
		msg = xasprintf("rate limited by the server (%s); it asks to wait %.0f s: "
				"try again later", http, r->retry_wait);
	else if (said)
		msg = xasprintf("the server answered: %s (%s)", said, http);
	else if (*b == '<')
		msg = xasprintf("the server sent an HTML page, not JSON (%s)", http);
	else if ((said = text_excerpt(b, end)) != NULL)
		msg = xasprintf("the server failed: %s (%s)", said, http);
	else
		msg = xasprintf("the server failed (%s)", http);
	free(said);
	free(http);
	return msg;
}

/* Why an answer is not a day's list, before parsing it; NULL when it may be. */
static char *answer_problem(const struct fetch_result *r)
{
	if (r->error)
		return xstrdup(r->error);
	const char *end = r->body + r->len;
	const char *b = skip_ws(r->body, end);
	if (r->status != 200)
		return status_problem(r, b, end);
	if (b == end)
		return xstrdup("the server sent an empty answer (HTTP 200)");
	if (*b == '<')
		return xstrdup("the server sent an HTML page, not JSON (HTTP 200)");
	if (*b == '{') {
		char *said = server_error(r->body, r->len);
		char *msg = said ? xasprintf("the server answered: %s", said)
				 : xstrdup("the server sent a JSON object, expected a list of papers");
		free(said);
		return msg;
	}
	return NULL; /* the parser names anything else */
}

/* ---- storing a day ---- */

/* Hands a day's papers on: each id once, each with a listed day. */
struct day_sink {
	struct paper_sink inner;
	char *day;
	char **ids;
	long n, cap;
};

static int day_paper(void *ctx, const struct paper *p, char **err)
{
	struct day_sink *ds = ctx;
	for (long i = 0; i < ds->n; i++)
		if (strcmp(ds->ids[i], p->id) == 0)
			return 0; /* the list moved between pages */
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 64;
		ds->ids = xrealloc(ds->ids, (size_t)ds->cap * sizeof *ds->ids);
	}
	ds->ids[ds->n++] = xstrdup(p->id);
	if (p->day)
		return ds->inner.on_paper(ds->inner.ctx, p, err);
	struct paper q = *p;
	q.day = ds->day; /* an older answer without submittedOnDailyAt */
	return ds->inner.on_paper(ds->inner.ctx, &q, err);
}

/* Writes the day's papers, then its line in the sync log. */
static int store_pages(struct day_job *j, struct day_sink *ds, struct db_ingest *ing,
		       char **err)
{
	struct paper_sink sink = {.on_paper = day_paper, .ctx = ds};
	for (int i = 0; i < j->npages; i++) {
		long count;
		if (hf_parse(j->pages[i].data, j->pages[i].len, &sink, &count, err) != 0)
			return -1;
	}
	if (db_ingest_flush(ing, err) != 0)
		return -1;
	return db_synclog_ok(j->s->db, j->day, ds->n, j->etag, j->last_modified, err);
}

static void store_day(struct day_job *j)
{
	struct sync_state *s = j->s;
	struct db_ingest *ing = NULL;
	struct day_sink ds = {.day = xstrdup(j->day)};
	char *cause = NULL;
	long added = 0, updated = 0;
	int rc = db_begin(s->db, &cause);
	if (rc == 0) {
		ing = db_ingest_new(s->db);
		ds.inner = db_ingest_sink(ing);
		rc = store_pages(j, &ds, ing, &cause);
		if (rc == 0)
			rc = db_commit(s->db, &cause);
		else
			db_rollback(s->db);
		db_ingest_counts(ing, &added, &updated);
		db_ingest_free(&ing);
	}
	for (long i = 0; i < ds.n; i++)
		free(ds.ids[i]);
	free(ds.ids);
	free(ds.day);
	if (rc != 0) {
		char *msg = xasprintf("not stored: %s", cause);
		day_failed(j, msg, 1);
		free(msg);
		free(cause);
		return;
	}
	s->res->days_ok++;
	s->res->added += added;
	s->res->updated += updated;
	report(s, j->day, NULL);
	job_clear(j);
}

/* ---- one page ---- */

static int count_paper(void *ctx, const struct paper *p, char **err)
{
	(void)ctx;
	(void)p;
	(void)err;
	return 0;
}

static void on_page(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	struct day_job *j = ctx;
	struct sync_state *s = j->s;
	char *why = answer_problem(r);
	long count = 0;
	if (!why) {
		struct paper_sink counter = {.on_paper = count_paper};
		char *cause = NULL;
		if (hf_parse(r->body, r->len, &counter, &count, &cause) != 0) {
			why = j->npages ? xasprintf("page %d: %s", j->npages + 1, cause)
					: xstrdup(cause);
			free(cause);
		}
	} else if (j->npages) {
		char *msg = xasprintf("page %d: %s", j->npages + 1, why);
		free(why);
		why = msg;
	}
	if (why) {
		day_failed(j, why, !r->cancelled);
		free(why);
		return;
	}
	if (j->npages == 0) {
		j->etag = r->etag ? xstrdup(r->etag) : NULL;
		j->last_modified = r->last_modified ? xstrdup(r->last_modified) : NULL;
	}
	j->pages = xrealloc(j->pages, (size_t)(j->npages + 1) * sizeof *j->pages);
	j->pages[j->npages] = (struct buf){0};
	buf_add(&j->pages[j->npages], r->body, r->len);
	j->npages++;
	if (count < s->limit) {
		store_day(j);
		return;
	}
	if (j->npages >= SYNC_MAX_PAGES) {
		char *msg = xasprintf("the server sent more than %d full pages; refused",
				      SYNC_MAX_PAGES);
		day_failed(j, msg, 1);
		free(msg);
		return;
	}
	char *url = page_url(j);
	fetch_get(f, url, on_page, j);
	free(url);
}

/* The token (HF_TOKEN), when set and fit for a header; -1 when it is not. */
static int get_token(const struct config *cfg, const char **token, char **err)
{
	const char *t = cfg->hf_token;
	*token = NULL;
	if (!t || !*t)
		return 0;
	for (const unsigned char *c = (const unsigned char *)t; *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return set_err(err, "HF_TOKEN holds a space or a control character");
	*token = t;
	return 0;
}

int sync_run(const struct sync_request *req, struct sync_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	const struct config *cfg = req->cfg;
	struct fetch_opts o = {
		.concurrency = cfg->concurrency,
		.timeout = cfg->timeout,
		.max_wait = cfg->retry_max_wait,
		.cancel = req->cancel,
	};
	if (get_token(cfg, &o.token, err) != 0)
		return -1;
	struct sync_state s = {.req = req, .res = res, .limit = page_limit(cfg)};
	s.prog.days_total = req->ndays;
	long long started = (long long)time(NULL);
	if (db_open(&s.db, req->db_path, err) != 0)
		return -1;
	struct fetch *f = fetch_new(&o, err);
	if (!f) {
		db_close(&s.db);
		return -1;
	}
	if (req->progress)
		req->progress(req->ctx, &s.prog);
	struct day_job *jobs = xcalloc(req->ndays > 0 ? (size_t)req->ndays : 1, sizeof *jobs);
	for (int i = 0; i < req->ndays; i++) {
		jobs[i] = (struct day_job){.s = &s, .day = req->days[i]};
		if (!date_valid(req->days[i])) {
			day_failed(&jobs[i], "not a date (YYYY-MM-DD)", 0);
			continue;
		}
		char *url = page_url(&jobs[i]);
		fetch_get(f, url, on_page, &jobs[i]);
		free(url);
	}
	char *cause = NULL;
	fetch_run(f, &cause); /* each day heard how it went */
	free(cause);
	fetch_free(&f);
	free(jobs);
	/* The papers this sync brought are is:new; a sync that brought none
	 * leaves the last one's new papers new. */
	int rc = res->days_failed ? 1 : 0;
	if (res->added > 0 && db_sync_run_done(s.db, started, err) != 0)
		rc = -1;
	db_close(&s.db);
	return rc;
}
