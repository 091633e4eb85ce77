/* sync_arxiv: arXiv's feed and OAI-PMH into the cache (see sync_arxiv.h). */
#include "sync_arxiv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "arxiv_gate.h"
#include "config.h"
#include "fetch.h"
#include "parse_arxiv.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"

struct ax {
	const struct arxiv_sync_request *req;
	struct arxiv_sync_result *res;
	struct db *db;
	struct arxiv_gate gate;
	char **cats;                /* the reader's categories, NULL-ended */
	unsigned seed;
	/* the history's range, by first version */
	const char *from, *to;
	int any_category;           /* keep papers of every category */
};

static void note(struct ax *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void note(struct ax *a, const char *fmt, ...)
{
	if (!a->req->note)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	a->req->note(a->req->ctx, s);
	free(s);
}

/* ---- one request, through the gate ---- */

struct answer {
	long status;
	struct buf body;
	double retry_wait;
	char *error;
};

static void on_done(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	struct answer *an = ctx;
	(void)f;
	an->status = r->status;
	an->retry_wait = r->retry_wait;
	an->error = r->error ? xstrdup(r->error) : NULL;
	if (r->len)
		buf_add(&an->body, r->body, r->len);
}

static int cancelled(const struct ax *a)
{
	return a->req->cancel && atomic_load(a->req->cancel);
}

/*
 * GETs url, one attempt at a time through the gate; a refused connection,
 * a timeout, a 408, 429 or 5xx is tried again (after the wait the server
 * asked for, or a backoff), a few times at most. Returns 0 with the body
 * of a 200, or -1 with *err.
 */
static int get(struct ax *a, const char *url, struct buf *body, char **err)
{
	const struct config *cfg = a->req->cfg;
	struct fetch_opts o = {
		.concurrency = 1,
		.timeout = cfg->timeout,
		.max_attempts = 1, /* retries go through the gate, below */
		.max_wait = cfg->retry_max_wait,
		.cancel = a->req->cancel,
	};
	double cap = cfg->retry_max_wait > 0 ? cfg->retry_max_wait : FETCH_MAX_WAIT;
	for (int attempt = 1;; attempt++) {
		if (arxiv_gate_enter(&a->gate, err) != 0)
			return -1;
		struct answer an = {.retry_wait = -1};
		struct fetch *f = fetch_new(&o, err);
		if (!f) {
			arxiv_gate_leave(&a->gate, 0);
			return -1;
		}
		fetch_get(f, url, on_done, &an);
		char *cause = NULL;
		fetch_run(f, &cause);
		free(cause);
		fetch_free(&f);
		a->res->requests++;
		double wait = an.retry_wait > 0 ? an.retry_wait : 0;
		arxiv_gate_leave(&a->gate, wait);
		if (!an.error && an.status == 200) {
			*body = an.body;
			return 0;
		}
		int again = !cancelled(a) && attempt < FETCH_MAX_ATTEMPTS &&
			    (an.error || fetch_status_retryable(an.status));
		char *why = an.error ? xstrdup(an.error) : xasprintf("HTTP %ld", an.status);
		buf_free(&an.body);
		free(an.error);
		if (again && an.retry_wait > cap) {
			set_err(err, "%s (the server asks to wait %.0f s, longer than %.0f)",
				why, an.retry_wait, cap);
			free(why);
			return -1;
		}
		if (!again) {
			set_err(err, "%s", why);
			free(why);
			return -1;
		}
		note(a, "arXiv: %s; trying again", why);
		free(why);
		/* the gate already waits what the server asked for; else a backoff */
		if (an.retry_wait <= 0 && arxiv_gate_enter(&a->gate, err) == 0)
			arxiv_gate_leave(&a->gate, fetch_backoff(attempt, cap, &a->seed));
	}
}

/* ---- storing what a body holds ---- */

static int has_category(struct ax *a, const char *cats)
{
	if (!cats)
		return 0;
	for (char **c = a->cats; *c; c++) {
		size_t n = strlen(*c);
		for (const char *s = cats; (s = strstr(s, *c)); s += n)
			if ((s == cats || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
				return 1;
	}
	return 0;
}

/* The sink the parser hands papers to: the reader's categories (and, for
 * history, the range of first versions) on to the cache. */
struct keep {
	struct ax *a;
	struct paper_sink to;
	long kept;
};

static int keep_paper(void *ctx, const struct paper *p, char **err)
{
	struct keep *k = ctx;
	struct ax *a = k->a;
	if (!a->any_category && !has_category(a, p->categories))
		return 0;
	if (a->from && (!p->published || strcmp(p->published, a->from) < 0 ||
			strcmp(p->published, a->to) > 0))
		return 0;
	k->kept++;
	return k->to.on_paper(k->to.ctx, p, err);
}

struct refusals {
	struct ax *a;
	long n;
};

static void on_refused(void *ctx, long index, const char *id, const char *why)
{
	struct refusals *r = ctx;
	r->n++;
	if (r->n <= 5)
		note(r->a, "arXiv: entry %ld%s%s%s left out: %s", index, id ? " (" : "",
		     id ? id : "", id ? ")" : "", why);
}

static const char *const format_names[] = {
	[ARXIV_FMT_NONE] = "nothing", [ARXIV_FMT_RSS] = "an RSS feed",
	[ARXIV_FMT_ATOM] = "an Atom feed", [ARXIV_FMT_OAI] = "an OAI-PMH answer",
};

/*
 * Parses body, which must be of format want, and stores what it holds in
 * one transaction. With resume set (a history's "SINCE UNTIL SET"), the
 * state key is set in the same transaction to resume and the page's
 * resumption token, or forgotten after the last page. *info gets what the
 * body said (the caller clears it).
 */
static int store(struct ax *a, const struct buf *body, enum arxiv_format want, long max,
		 const char *key, const char *resume, struct arxiv_info *info, long *kept,
		 char **err)
{
	if (db_begin(a->db, err) != 0)
		return -1;
	struct db_ingest *ing = db_ingest_new(a->db);
	struct keep k = {.a = a, .to = db_ingest_sink(ing)};
	struct paper_sink sink = {keep_paper, &k};
	struct refusals r = {.a = a};
	int rc = arxiv_parse(body->data ? body->data : "", body->len, max, &sink, on_refused,
			     &r, info, err);
	if (rc == 0 && info->format != want) {
		rc = set_err(err, "%s came instead of %s", format_names[info->format],
			     format_names[want]);
		arxiv_info_clear(info);
	}
	if (rc == 0 && info->oai_error && strcmp(info->oai_error, "noRecordsMatch") != 0) {
		rc = set_err(err, "the OAI-PMH server answered with an error: %s",
			     info->oai_error);
		arxiv_info_clear(info);
	}
	if (rc == 0)
		rc = db_ingest_flush(ing, err);
	if (rc == 0 && key && resume) {
		char *value = info->token ? xasprintf("%s %s", resume, info->token) : NULL;
		rc = db_arxiv_state_set(a->db, key, value, err);
		free(value);
	}
	if (rc == 0 && db_commit(a->db, err) != 0)
		rc = -1;
	long added = 0, updated = 0;
	if (rc == 0) {
		db_ingest_counts(ing, &added, &updated);
		a->res->added += added;
		a->res->updated += updated;
		a->res->refused += r.n;
		*kept = k.kept;
	} else {
		db_rollback(a->db);
		if (info->format != ARXIV_FMT_NONE)
			arxiv_info_clear(info);
	}
	db_ingest_free(&ing);
	return rc;
}

/* ---- OAI-PMH ---- */

static void add_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~", *c))
			buf_addc(b, (char)*c);
		else
			buf_printf(b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
	}
}

const char *arxiv_set_of(const char *category)
{
	static const char *const groups[] = {"cs", "econ", "eess", "math", "q-bio", "q-fin",
					     "stat", NULL};
	size_t n = strcspn(category, ".");
	for (int i = 0; groups[i]; i++)
		if (strlen(groups[i]) == n && strncmp(category, groups[i], n) == 0)
			return groups[i];
	return "physics";
}

/* The sets the categories fall in, each once, in the categories' order. */
static int sets_of(struct ax *a, const char *sets[16])
{
	int n = 0;
	for (char **c = a->cats; *c && n < 16; c++) {
		const char *s = arxiv_set_of(*c);
		int seen = 0;
		for (int i = 0; i < n; i++)
			seen |= strcmp(sets[i], s) == 0;
		if (!seen)
			sets[n++] = s;
	}
	return n;
}

/*
 * Harvests set from `from` (a datestamp) page by page, keeping the papers
 * in the range; resumes at token when not NULL. key names the state that
 * remembers where it stands: "SINCE UNTIL SET TOKEN" after each page, in
 * the page's own transaction.
 */
static int harvest_set(struct ax *a, const char *key, const char *prefix, const char *set,
		       const char *from, const char *token0, char **err)
{
	const struct config *cfg = a->req->cfg;
	char *token = token0 ? xstrdup(token0) : NULL;
	int rc = 0;
	for (int page = 0; page < SYNC_ARXIV_MAX_PAGES; page++) {
		struct buf url = {0};
		buf_printf(&url, "%s?verb=ListRecords&", cfg->arxiv_oai_url);
		if (token) {
			buf_adds(&url, "resumptionToken=");
			add_escaped(&url, token);
		} else {
			buf_adds(&url, "metadataPrefix=arXivRaw&set=");
			add_escaped(&url, set);
			buf_adds(&url, "&from=");
			add_escaped(&url, from);
		}
		struct buf body = {0};
		rc = get(a, url.data, &body, err);
		buf_free(&url);
		if (rc != 0)
			break;
		char *resume = xasprintf("%s %s", prefix, set);
		struct arxiv_info info;
		long kept = 0;
		rc = store(a, &body, ARXIV_FMT_OAI, SYNC_ARXIV_PAGE_MAX, key, resume, &info,
			   &kept, err);
		free(resume);
		buf_free(&body);
		int stale = rc != 0 && page == 0 && token0 && strstr(*err, "badResumptionToken");
		free(token);
		token = NULL;
		if (stale) {
			/* a saved point the server no longer knows: the set afresh */
			note(a, "arXiv: the saved point of %s has expired; starting it again", set);
			free(*err);
			*err = NULL;
			rc = 0;
			continue;
		}
		if (rc == 0) {
			a->res->pages++;
			note(a, "arXiv: history of %s, page %d: %ld of %ld records kept", set,
			     a->res->pages, kept, info.entries);
			token = info.token ? xstrdup(info.token) : NULL;
			arxiv_info_clear(&info);
		}
		if (rc != 0 || !token)
			break;
		if (cancelled(a)) {
			rc = set_err(err, "cancelled");
			break;
		}
	}
	free(token);
	return rc;
}

/*
 * Papers whose first version is in from..to, from every set of the
 * categories. A harvest of the same range that stopped halfway (its state
 * under key) goes on from its set and token.
 */
static int harvest(struct ax *a, const char *key, const char *from, const char *to,
		   char **err)
{
	a->from = from;
	a->to = to;
	char *prefix = xasprintf("%s %s", from, to);
	char *saved = NULL;
	const char *resume_set = NULL, *resume_token = NULL;
	if (db_arxiv_state_get(a->db, key, &saved, err) < 0) {
		free(prefix);
		return -1;
	}
	size_t pn = strlen(prefix);
	if (saved && strncmp(saved, prefix, pn) == 0 && saved[pn] == ' ') {
		char *set = saved + pn + 1;
		char *sp = strchr(set, ' ');
		if (sp) {
			*sp = '\0';
			resume_set = set;
			resume_token = sp + 1;
			note(a, "arXiv: resuming the history of %s at a saved point", set);
		}
	}
	const char *sets[16];
	int nsets = sets_of(a, sets), rc = 0;
	int skipping = resume_set != NULL;
	for (int i = 0; i < nsets && rc == 0; i++) {
		if (skipping && strcmp(sets[i], resume_set) != 0)
			continue;
		const char *token = skipping ? resume_token : NULL;
		skipping = 0;
		if (token && strcmp(token, "-") == 0)
			token = NULL;
		rc = harvest_set(a, key, prefix, sets[i], from, token, err);
		/* the next set, from its start */
		if (rc == 0 && i + 1 < nsets) {
			char *next = xasprintf("%s %s -", prefix, sets[i + 1]);
			rc = db_arxiv_state_set(a->db, key, next, err);
			free(next);
		}
	}
	if (rc == 0)
		rc = db_arxiv_state_set(a->db, key, NULL, err);
	free(saved);
	free(prefix);
	a->from = a->to = NULL;
	return rc;
}

/* ---- the announcement feed ---- */

int arxiv_weekdays_between(const char *a, const char *b)
{
	long span = date_diff(a, b);
	int n = 0;
	for (long i = 1; i < span && i < 4000; i++) {
		char d[11];
		date_add_days(a, (int)i, d);
		struct tm tm = {0};
		tm.tm_year = atoi(d) - 1900;
		tm.tm_mon = atoi(d + 5) - 1;
		tm.tm_mday = atoi(d + 8);
		tm.tm_hour = 12;
		timegm(&tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6)
			n++;
	}
	return n;
}

static int feed(struct ax *a, char **err)
{
	const struct config *cfg = a->req->cfg;
	struct buf url = {0};
	buf_printf(&url, "%s/rss/", cfg->arxiv_rss_url);
	for (char **c = a->cats; *c; c++) {
		if (c != a->cats)
			buf_addc(&url, '+');
		add_escaped(&url, *c);
	}
	struct buf body = {0};
	int rc = get(a, url.data, &body, err);
	if (rc != 0) {
		char *msg = xasprintf("the announcement feed (%s): %s", url.data, *err);
		free(*err);
		*err = msg;
		buf_free(&url);
		return -1;
	}
	char *last = NULL;
	struct arxiv_info info;
	long kept = 0;
	rc = db_arxiv_state_get(a->db, "last_day", &last, err) < 0 ? -1 : 0;
	if (rc == 0 && store(a, &body, ARXIV_FMT_RSS, SYNC_ARXIV_FEED_MAX, NULL, NULL, &info,
			     &kept, err) != 0) {
		char *msg = xasprintf("the announcement feed (%s): %s", url.data, *err);
		free(*err);
		*err = msg;
		rc = -1;
	}
	buf_free(&body);
	buf_free(&url);
	if (rc != 0) {
		free(last);
		return -1;
	}
	if (info.entries == 0 || !info.day[0]) {
		a->res->empty = 1;
		note(a, "arXiv: no announcement in the feed%s%s (a weekend or a holiday)",
		     info.day[0] ? " of " : "", info.day);
		arxiv_info_clear(&info);
		free(last);
		return 0;
	}
	memcpy(a->res->day, info.day, sizeof info.day);
	note(a, "arXiv: %s: %ld papers announced", info.day, kept);
	arxiv_info_clear(&info);
	/* Days missed since the last announcement stored: through OAI-PMH. */
	if (last && date_valid(last) && strcmp(last, a->res->day) < 0 &&
	    arxiv_weekdays_between(last, a->res->day) > 0) {
		char until[11];
		date_add_days(a->res->day, -1, until);
		note(a, "arXiv: announcement days missed since %s: filling them in", last);
		rc = harvest(a, "fill", last, until, err);
		if (rc != 0) {
			char *msg = xasprintf("filling in the days since %s: %s", last, *err);
			free(*err);
			*err = msg;
		} else {
			a->res->filled = 1;
		}
	}
	if (rc == 0 && (!last || strcmp(last, a->res->day) < 0))
		rc = db_arxiv_state_set(a->db, "last_day", a->res->day, err);
	free(last);
	return rc;
}

/*
 * The Hugging Face papers arXiv has not described yet (first seen since the
 * last run, SYNC_ARXIV_FILL at most), through the query API's id_list:
 * their categories, version, comments. An empty page with 200 that does
 * not say it found nothing (totalResults 0) is the API being busy, not an
 * answer: it is asked again.
 */
static int fill_from_api(struct ax *a, char **err)
{
	char *since = NULL;
	char **ids = NULL;
	long long t0 = (long long)time(NULL);
	if (db_arxiv_state_get(a->db, "api_since", &since, err) < 0)
		return -1;
	int rc = db_ids_without_source(a->db, PAPER_SRC_ARXIV, since ? atoll(since) : 0,
				       SYNC_ARXIV_FILL, &ids, err);
	free(since);
	if (rc != 0)
		return -1;
	int n = 0;
	while (ids[n])
		n++;
	if (n > 0) {
		struct buf url = {0};
		buf_printf(&url, "%s?max_results=%d&id_list=", a->req->cfg->arxiv_api_url, n);
		for (int i = 0; i < n; i++) {
			if (i)
				buf_addc(&url, ',');
			add_escaped(&url, ids[i]);
		}
		a->any_category = 1;
		for (int attempt = 1;; attempt++) {
			struct buf body = {0};
			struct arxiv_info info;
			long kept = 0;
			rc = get(a, url.data, &body, err);
			if (rc == 0)
				rc = store(a, &body, ARXIV_FMT_ATOM, SYNC_ARXIV_FILL, NULL, NULL,
					   &info, &kept, err);
			buf_free(&body);
			if (rc != 0)
				break;
			long entries = info.entries, total = info.total;
			arxiv_info_clear(&info);
			/* none of them known says so: totalResults 0 */
			if (entries > 0 || total == 0) {
				note(a, "arXiv: %ld of %d Hugging Face papers described by the "
				     "query API", kept, n);
				break;
			}
			if (attempt == FETCH_MAX_ATTEMPTS) {
				rc = set_err(err, "the query API answered %d empty pages for %d "
					     "papers", attempt, n);
				break;
			}
			note(a, "arXiv: the query API answered an empty page; asking again");
		}
		a->any_category = 0;
		if (rc != 0) {
			char *msg = xasprintf("the query API (%s): %s", url.data, *err);
			free(*err);
			*err = msg;
		}
		buf_free(&url);
	}
	db_strv_free(&ids);
	if (rc == 0) {
		char t[32];
		snprintf(t, sizeof t, "%lld", t0);
		rc = db_arxiv_state_set(a->db, "api_since", t, err);
	}
	return rc;
}

static char **split_words(const char *s)
{
	int n = 0;
	char **v = xcalloc(strlen(s) / 2 + 2, sizeof *v);
	for (const char *c = s; *c;) {
		c += strspn(c, " ");
		size_t len = strcspn(c, " ");
		if (len)
			v[n++] = xstrndup(c, len);
		c += len;
	}
	return v;
}

int arxiv_sync_run(const struct arxiv_sync_request *req, struct arxiv_sync_result *res,
		   char **err)
{
	memset(res, 0, sizeof *res);
	const struct config *cfg = req->cfg;
	if (!cfg->arxiv || !*cfg->arxiv)
		return set_err(err, "no arXiv categories: set arxiv = cs.LG cs.CL (say) in "
			       "the config");
	struct ax a = {.req = req, .res = res, .seed = (unsigned)time(NULL)};
	if (arxiv_gate_open(&a.gate, req->gate_path, req->delay, req->cancel, err) != 0)
		return -1;
	if (db_open(&a.db, req->db_path, err) != 0) {
		arxiv_gate_close(&a.gate);
		return -1;
	}
	a.cats = split_words(cfg->arxiv);
	long long started = (long long)time(NULL);
	int rc;
	if (req->since) {
		char today[11];
		date_today(today);
		rc = harvest(&a, "harvest", req->since, req->until ? req->until : today, err);
	} else {
		rc = feed(&a, err);
		if (rc == 0)
			rc = fill_from_api(&a, err);
	}
	if (res->added > 0) {
		char *e = NULL;
		if (db_sync_run_done(a.db, started, &e) != 0 && rc == 0) {
			*err = e;
			rc = -1;
		} else {
			free(e);
		}
	}
	for (char **c = a.cats; *c; c++)
		free(*c);
	free(a.cats);
	db_close(&a.db);
	arxiv_gate_close(&a.gate);
	return rc;
}
