/*
 * sync: the Hugging Face daily lists into the cache (see sync.h).
 *
 * Every day is queued on one struct fetch at once, so up to
 * cfg->concurrency days are in flight. A day's pages are fetched one after
 * another while a page comes back full; each page is parsed as it arrives
 * and its papers new to the day are written to the day's spool, a
 * temporary file, so a day holds no more memory than its page. Only when
 * the last page is in is the day stored: its spool read back into the
 * cache's sink, in one transaction with its sync log row, that never waits
 * on the network or the parser. A day that fails anywhere stores nothing
 * and logs why. A paper the parser refuses fails only itself: the day is
 * stored without it, as partial (see day_result), unless the request is
 * strict.
 *
 * Bounds: every transfer may hold SYNC_INFLIGHT_BYTES / concurrency bytes,
 * so answers in flight together stay within SYNC_INFLIGHT_BYTES; a page
 * holds at most SYNC_PAGE_LIMIT papers and a day SYNC_DAY_LIMIT, past
 * which it is refused; ids seen on a day are a hash set; a cancel is
 * heard between pages and between the papers being stored.
 */
#include "sync.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "../db/db.h"
#include "config.h"
#include "fetch.h"
#include "pages.h"
#include "parse_hf.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

#define SYNC_PARTIAL_TRIES 3 /* partial fetches of a day before it is settled */
#define SYNC_MAX_NAMED 20   /* refused papers of a day named; the rest counted */

/* Answer bytes held by all transfers together. */
#define SYNC_INFLIGHT_BYTES ((size_t)32 << 20)

/* The ids seen on a day: an open-addressing hash set. */
struct id_set {
	char **slot;
	size_t cap, n; /* cap a power of two, at most half full */
};

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
	int npages;                 /* pages in so far */
	long listed;                /* entries of those pages, repeats too */
	struct id_set ids;          /* the day's papers so far */
	FILE *spool;                /* those papers, NULL before the first */
	char *etag, *last_modified; /* from the first page */
	struct buf refused;         /* the papers the cache refused, a line each */
	long nrefused;
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
	return xasprintf("%s/api/daily_papers?date=%s&limit=%d&p=%d&sort=trending",
			 j->s->req->cfg->hf_url, j->day, j->s->limit, j->npages);
}

/* ---- the ids of a day ---- */

static size_t id_hash(const char *s)
{
	size_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of id, or of the empty slot where it would go. */
static size_t id_slot(const struct id_set *set, const char *id)
{
	size_t i = id_hash(id) & (set->cap - 1);
	while (set->slot[i] && strcmp(set->slot[i], id) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

/* Adds id; returns 1 when it is new, 0 when the set held it already. */
static int id_set_add(struct id_set *set, const char *id)
{
	if ((set->n + 1) * 2 > set->cap) {
		struct id_set big = {.cap = set->cap ? set->cap * 2 : 64};
		big.slot = xcalloc(big.cap, sizeof *big.slot);
		for (size_t i = 0; i < set->cap; i++)
			if (set->slot[i])
				big.slot[id_slot(&big, set->slot[i])] = set->slot[i];
		big.n = set->n;
		free(set->slot);
		*set = big;
	}
	size_t i = id_slot(set, id);
	if (set->slot[i])
		return 0;
	set->slot[i] = xstrdup(id);
	set->n++;
	return 1;
}

static void id_set_clear(struct id_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	*set = (struct id_set){0};
}

static void job_clear(struct day_job *j)
{
	id_set_clear(&j->ids);
	if (j->spool)
		fclose(j->spool);
	free(j->etag);
	free(j->last_modified);
	buf_free(&j->refused);
	j->nrefused = 0;
	j->spool = NULL;
	j->npages = 0;
	j->listed = 0;
	j->etag = j->last_modified = NULL;
}

static int cancelled(const struct sync_state *s)
{
	return s->req->cancel && atomic_load(s->req->cancel);
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

/* ---- the day's spool: its papers, written as each page comes ---- */

/* A paper's strings, in the spool's order. */
static char **paper_text(struct paper *p, int i)
{
	char **f[] = {&p->id, &p->title, &p->abstract, &p->authors, &p->published,
		      &p->day, &p->ai_summary, &p->ai_keywords, &p->github_repo,
		      &p->project_page, &p->organization};
	return i < (int)(sizeof f / sizeof *f) ? f[i] : NULL;
}

/* Each string as its length plus one (0: NULL) and its bytes, then the
 * numbers. Returns 0, or -1 when the file could not take it. */
static int spool_write(FILE *f, const struct paper *p)
{
	struct paper q = *p;
	char **t;
	for (int i = 0; (t = paper_text(&q, i)) != NULL; i++) {
		uint32_t n = *t ? (uint32_t)strlen(*t) + 1 : 0;
		if (fwrite(&n, sizeof n, 1, f) != 1 || (n > 1 && fwrite(*t, n - 1, 1, f) != 1))
			return -1;
	}
	int64_t num[] = {p->upvotes, p->comments, p->github_stars, p->has};
	return fwrite(num, sizeof num, 1, f) == 1 ? 0 : -1;
}

/* Reads back what spool_write wrote: 1 and *p, 0 at the end, -1 when the
 * file is cut; *p may hold strings either way. */
static int spool_read_fields(FILE *f, struct paper *p)
{
	memset(p, 0, sizeof *p);
	char **t;
	for (int i = 0; (t = paper_text(p, i)) != NULL; i++) {
		uint32_t n;
		if (fread(&n, sizeof n, 1, f) != 1)
			return i == 0 && feof(f) ? 0 : -1;
		if (n == 0)
			continue;
		*t = xmalloc(n);
		if (n > 1 && fread(*t, n - 1, 1, f) != 1)
			return -1;
		(*t)[n - 1] = '\0';
	}
	int64_t num[4];
	if (fread(num, sizeof num, 1, f) != 1)
		return -1;
	p->upvotes = (long)num[0];
	p->comments = (long)num[1];
	p->github_stars = (long)num[2];
	p->has = (unsigned)num[3];
	return 1;
}

/* spool_read_fields, leaving nothing to free unless it returns 1. */
static int spool_read(FILE *f, struct paper *p)
{
	int rc = spool_read_fields(f, p);
	if (rc != 1)
		paper_clear(p);
	return rc;
}

/* Takes a page's papers into the day's spool: each id once, each with a
 * listed day. */
static int spool_paper(void *ctx, const struct paper *p, char **err)
{
	struct day_job *j = ctx;
	if (!id_set_add(&j->ids, p->id))
		return 0; /* the list moved between pages */
	if (!j->spool && !(j->spool = tmpfile()))
		return set_err(err, "cannot make a temporary file: %s", strerror(errno));
	struct paper q = *p;
	if (!q.day)
		q.day = (char *)j->day; /* an older answer without submittedOnDailyAt */
	if (spool_write(j->spool, &q) != 0)
		return set_err(err, "cannot write a temporary file: %s",
			       strerror(errno ? errno : EIO));
	return 0;
}

/* ---- storing a day ---- */

/* Writes the day's spooled papers, then its line in the sync log. */
/*
 * What a day whose list came whole is, by the papers of it the cache
 * refused: whole; partial (the others stored, the day fetched again next
 * time); settled once it was partial SYNC_PARTIAL_TRIES times in a row (its
 * refused papers named in the log), so a paper the server always sends
 * broken does not fail every sync for ever; or, under --strict, refused:
 * nothing of it stored. tries: the partial fetches before this one.
 */
enum day_result { DAY_WHOLE, DAY_PARTIAL, DAY_SETTLED, DAY_REFUSED };

static enum day_result day_result(long nrefused, int tries, int strict)
{
	if (nrefused == 0)
		return DAY_WHOLE;
	if (strict)
		return DAY_REFUSED;
	return tries + 1 >= SYNC_PARTIAL_TRIES ? DAY_SETTLED : DAY_PARTIAL;
}

/* The refused papers named, sep between them. New string. */
static char *refused_text(const struct day_job *j, const char *sep)
{
	struct buf b = {0};
	buf_adds(&b, "");
	for (const char *c = j->refused.data; c && *c; c++) {
		if (*c == '\n')
			buf_adds(&b, sep);
		else
			buf_addc(&b, *c);
	}
	if (j->nrefused > SYNC_MAX_NAMED)
		buf_printf(&b, "%sand %ld more", sep, j->nrefused - SYNC_MAX_NAMED);
	return buf_detach(&b);
}

/* The day's line in the sync log: whole, or partial with its refused papers. */
static int log_day(struct day_job *j, enum day_result r, char **err)
{
	if (r == DAY_WHOLE)
		return db_synclog_ok(j->s->db, j->day, (long)j->ids.n, j->etag,
				     j->last_modified, err);
	char *named = refused_text(j, "\n");
	int rc = db_synclog_partial(j->s->db, j->day, (long)j->ids.n, j->nrefused, named,
				    r == DAY_SETTLED, err);
	free(named);
	return rc;
}

/* The day's result in words for its report; NULL for a whole day. */
static char *result_words(const struct day_job *j, enum day_result r, int tries)
{
	if (r == DAY_WHOLE)
		return NULL;
	char *named = refused_text(j, "; ");
	const char *s = j->nrefused == 1 ? "" : "s";
	char *words;
	if (r == DAY_REFUSED)
		words = xasprintf("%ld paper%s refused, nothing stored (--strict): %s",
				  j->nrefused, s, named);
	else if (r == DAY_PARTIAL)
		words = xasprintf("%ld paper%s refused, the others stored (partial, try %d "
				  "of %d): %s", j->nrefused, s, tries + 1, SYNC_PARTIAL_TRIES,
				  named);
	else
		words = xasprintf("settled without %ld paper%s refused %d times: %s",
				  j->nrefused, s, SYNC_PARTIAL_TRIES, named);
	free(named);
	return words;
}

/* The day's list came in Hugging Face's trending order (sort=trending):
 * each paper's place in it, for sort:trending. */
static int trend_day(struct day_job *j, char **err)
{
	struct paper p;
	long pos = 0;
	int rc = 0;
	if (!j->spool)
		return 0;
	if (fseek(j->spool, 0, SEEK_SET) != 0)
		return set_err(err, "cannot read a temporary file: %s", strerror(errno));
	while (rc == 0 && (rc = spool_read(j->spool, &p)) == 1) {
		rc = db_trend_set(j->s->db, p.id, j->day, pos++, err);
		paper_clear(&p);
	}
	if (rc < 0 && !*err)
		return set_err(err, "cannot read a temporary file");
	return rc < 0 ? -1 : 0;
}

static int store_spool(struct day_job *j, struct db_ingest *ing, enum day_result r,
		       char **err)
{
	struct paper_sink sink = db_ingest_sink(ing);
	struct paper p;
	int rc = 0;
	if (j->spool && fflush(j->spool) != 0)
		return set_err(err, "cannot write a temporary file: %s", strerror(errno));
	if (j->spool && fseek(j->spool, 0, SEEK_SET) != 0)
		return set_err(err, "cannot read a temporary file: %s", strerror(errno));
	while (rc == 0 && j->spool && (rc = spool_read(j->spool, &p)) == 1) {
		if (cancelled(j->s))
			rc = set_err(err, "cancelled");
		else
			rc = sink.on_paper(sink.ctx, &p, err);
		paper_clear(&p);
	}
	if (rc < 0 && !*err)
		return set_err(err, "cannot read a temporary file");
	if (rc < 0 || db_ingest_flush(ing, err) != 0)
		return -1;
	if (trend_day(j, err) != 0)
		return -1;
	return log_day(j, r, err);
}

static void store_day(struct day_job *j)
{
	struct sync_state *s = j->s;
	struct db_ingest *ing = NULL;
	char *cause = NULL;
	long added = 0, updated = 0;
	if (cancelled(s)) {
		day_failed(j, "cancelled", 0);
		return;
	}
	int tries = 0;
	if (j->nrefused && db_synclog_partial_tries(s->db, j->day, &tries, &cause) != 0) {
		free(cause); /* counted from 0 again: at worst one more try */
		cause = NULL;
	}
	enum day_result r = day_result(j->nrefused, tries, s->req->strict);
	char *words = result_words(j, r, tries);
	if (r == DAY_REFUSED) {
		day_failed(j, words, 1);
		free(words);
		return;
	}
	int rc = db_begin(s->db, &cause);
	if (rc == 0) {
		ing = db_ingest_new(s->db);
		rc = store_spool(j, ing, r, &cause);
		if (rc == 0)
			rc = db_commit(s->db, &cause);
		else
			db_rollback(s->db);
		db_ingest_counts(ing, &added, &updated);
		db_ingest_free(&ing);
	}
	if (rc != 0) {
		char *msg = xasprintf("not stored: %s", cause);
		day_failed(j, msg, !cancelled(s));
		free(msg);
		free(cause);
		free(words);
		return;
	}
	s->res->added += added;
	s->res->updated += updated;
	if (r == DAY_PARTIAL) {
		s->res->days_failed++;
		report(s, j->day, words);
	} else {
		s->res->days_ok++;
		s->prog.note = words;
		report(s, j->day, NULL);
		s->prog.note = NULL;
	}
	free(words);
	job_clear(j);
}

/* ---- one page ---- */

/* Why a page is not part of its day: checked, parsed into the spool.
 * NULL when it is. */
/* Names a refused paper by its place in the day's list (from 1). */
static void refused_paper(void *ctx, long index, const char *id, const char *why)
{
	struct day_job *j = ctx;
	long pos = (long)j->npages * j->s->limit + index + 1;
	if (j->nrefused++ >= SYNC_MAX_NAMED)
		return;
	if (j->refused.len)
		buf_adds(&j->refused, "\n");
	if (id)
		buf_printf(&j->refused, "paper %ld (%s): %s", pos, id, why);
	else
		buf_printf(&j->refused, "paper %ld: %s", pos, why);
}

static char *take_page(struct day_job *j, const struct fetch_result *r, long *count)
{
	struct paper_sink spool = {.on_paper = spool_paper, .ctx = j};
	char *why = answer_problem(r);
	if (!why && hf_parse_list(r->body, r->len, SYNC_PAGE_LIMIT, &spool, refused_paper, j,
				  count, &why) == 0)
		return NULL;
	if (j->npages) {
		char *msg = xasprintf("page %d: %s", j->npages + 1, why);
		free(why);
		why = msg;
	}
	return why;
}

static void on_page(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	struct day_job *j = ctx;
	struct sync_state *s = j->s;
	long count = 0;
	char *why = take_page(j, r, &count);
	if (!why && (j->listed += count) > SYNC_DAY_LIMIT)
		why = xasprintf("more than %d papers listed for one day; refused",
				SYNC_DAY_LIMIT);
	if (why) {
		day_failed(j, why, !r->cancelled && !cancelled(s));
		free(why);
		return;
	}
	if (j->npages == 0) {
		j->etag = r->etag ? xstrdup(r->etag) : NULL;
		j->last_modified = r->last_modified ? xstrdup(r->last_modified) : NULL;
	}
	j->npages++;
	if (count < s->limit) {
		store_day(j);
		return;
	}
	char *url = page_url(j);
	fetch_get(f, url, on_page, j);
	free(url);
}

/* ---- a whole month at once ----
 *
 * A back-fill that covers whole calendar months asks for each month's list
 * (month=YYYY-MM, page by page) instead of a request a day: some 30 times
 * fewer requests against the API's rate limit. The unit stays the day:
 * each paper goes to the spool of the day it was listed on, and once the
 * month's last page is in, each day is stored in its own transaction with
 * its line in the sync log, as a day fetched alone would be. A month page
 * that fails fails every day of the month (each logged, so the next sync
 * fetches them again); a month with a paper the cache refuses has its days
 * fetched one by one, so each day says what it lacks.
 */
struct month_job {
	struct sync_state *s;
	char month[8];              /* YYYY-MM */
	struct day_job *days[31];   /* its days, jobs of sync_run's, oldest first */
	int ndays;
	int npages;
	long listed;
	long refused;
};

static char *month_url(const struct month_job *m)
{
	return xasprintf("%s/api/daily_papers?month=%s&limit=%d&p=%d&sort=trending",
			 m->s->req->cfg->hf_url, m->month, m->s->limit, m->npages);
}

/* A month's paper into the spool of the day it was listed on; a paper of
 * no day of the month is not the month's. */
static int month_paper(void *ctx, const struct paper *p, char **err)
{
	struct month_job *m = ctx;
	for (int i = 0; p->day && i < m->ndays; i++)
		if (strcmp(m->days[i]->day, p->day) == 0)
			return spool_paper(m->days[i], p, err);
	return 0;
}

static void month_refused(void *ctx, long index, const char *id, const char *why)
{
	(void)index, (void)id, (void)why;
	((struct month_job *)ctx)->refused++;
}

static void month_failed(struct month_job *m, const char *why, int log)
{
	char *msg = m->npages ? xasprintf("month %s, page %d: %s", m->month, m->npages + 1, why)
			      : xasprintf("month %s: %s", m->month, why);
	for (int i = 0; i < m->ndays; i++)
		day_failed(m->days[i], msg, log);
	free(msg);
}

static void on_month_page(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	struct month_job *m = ctx;
	struct sync_state *s = m->s;
	struct paper_sink route = {.on_paper = month_paper, .ctx = m};
	long count = 0;
	char *why = answer_problem(r);
	if (!why)
		hf_parse_list(r->body, r->len, SYNC_PAGE_LIMIT, &route, month_refused, m, &count,
			      &why);
	if (!why && (m->listed += count) > 31L * SYNC_DAY_LIMIT)
		why = xasprintf("more than %ld papers listed for one month; refused",
				31L * SYNC_DAY_LIMIT);
	if (why) {
		month_failed(m, why, !r->cancelled && !cancelled(s));
		free(why);
		return;
	}
	m->npages++;
	if (count >= s->limit) {
		char *url = month_url(m);
		fetch_get(f, url, on_month_page, m);
		free(url);
		return;
	}
	for (int i = 0; i < m->ndays; i++) {
		struct day_job *j = m->days[i];
		if (!m->refused) {
			store_day(j);
			continue;
		}
		job_clear(j);
		char *url = page_url(j);
		fetch_get(f, url, on_page, j);
		free(url);
	}
}

/* The number of days of YYYY-MM, 0 when it is no month. */
static int month_length(const char *month)
{
	char d[24]; /* room for any int, though n is 28..31 */
	for (int n = 31; n >= 28; n--) {
		snprintf(d, sizeof d, "%.7s-%02d", month, n);
		if (date_valid(d))
			return n;
	}
	return 0;
}

/* Groups the jobs of whole months (every day of the month asked for) into
 * month jobs; the other days stay alone. Returns the month jobs made. */
static int plan_months(struct sync_state *s, struct day_job *jobs, int n,
		       struct month_job **out)
{
	struct month_job *ms = xcalloc((size_t)(n / 28 + 1), sizeof *ms);
	int nm = 0;
	for (int i = 0; i < n; i++) {
		if (!date_valid(jobs[i].day))
			continue;
		int seen = 0;
		for (int k = 0; k < nm && !seen; k++)
			seen = strncmp(ms[k].month, jobs[i].day, 7) == 0;
		if (seen)
			continue;
		struct month_job m = {.s = s};
		snprintf(m.month, sizeof m.month, "%.7s", jobs[i].day);
		int len = month_length(m.month);
		char have[32] = {0};
		for (int k = 0; k < n; k++)
			if (date_valid(jobs[k].day) && strncmp(jobs[k].day, m.month, 7) == 0) {
				int d = atoi(jobs[k].day + 8);
				if (d >= 1 && d <= 31 && !have[d] && m.ndays < 31) {
					have[d] = 1;
					m.days[m.ndays++] = &jobs[k];
				}
			}
		if (m.ndays != len || len == 0)
			continue;
		/* oldest day first: the order the days are stored in */
		for (int a = 1; a < m.ndays; a++)
			for (int b = a; b > 0 && strcmp(m.days[b - 1]->day, m.days[b]->day) > 0; b--) {
				struct day_job *t = m.days[b];
				m.days[b] = m.days[b - 1];
				m.days[b - 1] = t;
			}
		ms[nm++] = m;
	}
	*out = ms;
	return nm;
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

/* The Hugging Face pages of kept papers (starred, tagged, noted) that have
 * none yet or a week-old one, a bounded number a sync, after the lists.
 * A page that fails is asked for at the next sync; it fails no day. */
static void kept_pages(struct sync_state *s, const struct fetch_opts *fo)
{
	char **ids = NULL, *err = NULL, *why = NULL;
	int64_t before = (int64_t)time(NULL) - PAGES_MAX_AGE;
	if (db_hfpage_due(s->db, before, SYNC_PAGES_MAX, &ids, &err) == 0 && ids[0]) {
		int n = 0, stored = 0, failed = 0;
		while (ids[n])
			n++;
		struct pages_opts po = {.hf_url = s->req->cfg->hf_url, .token = fo->token,
					.timeout = fo->timeout, .max_wait = fo->max_wait,
					.cancel = fo->cancel};
		if (pages_fetch(s->db, &po, ids, n, &stored, &failed, &why, &err) == 0)
			s->res->pages = stored;
	}
	db_strv_free(&ids);
	free(why);
	free(err);
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
	/* answers in flight together stay within the budget */
	o.max_bytes = SYNC_INFLIGHT_BYTES / (size_t)(o.concurrency > 0 ? o.concurrency
							 : FETCH_CONCURRENCY);
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
	for (int i = 0; i < req->ndays; i++)
		jobs[i] = (struct day_job){.s = &s, .day = req->days[i]};
	struct month_job *months = NULL;
	int nmonths = plan_months(&s, jobs, req->ndays, &months);
	for (int k = 0; k < nmonths; k++) {
		char *url = month_url(&months[k]);
		fetch_get(f, url, on_month_page, &months[k]);
		free(url);
	}
	for (int i = 0; i < req->ndays; i++) {
		int in_month = 0;
		for (int k = 0; k < nmonths && !in_month && date_valid(jobs[i].day); k++)
			in_month = strncmp(months[k].month, jobs[i].day, 7) == 0;
		if (in_month)
			continue;
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
	free(months);
	free(jobs);
	/* The papers this sync brought are is:new; a sync that brought none
	 * leaves the last one's new papers new. */
	int rc = res->days_failed ? 1 : 0;
	if (res->added > 0 && db_sync_run_done(s.db, started, err) != 0)
		rc = -1;
	if (rc >= 0 && cfg->fetch_details && !(req->cancel && *req->cancel))
		kept_pages(&s, &o);
	db_close(&s.db);
	return rc;
}
