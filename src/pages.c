/* pages: paper pages from the API into the cache (see pages.h). */
#include "pages.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "fetch.h"
#include "parse_page.h"
#include "base/mem.h"
#include "base/text.h"

struct run {
	struct db *db;
	const char *id;
	int *stored, *failed;
	char **why;
	char *dberr;        /* the cache failed: stop */
};

static void note_failure(struct run *r, const char *what)
{
	(*r->failed)++;
	if (!*r->why)
		*r->why = xasprintf("%s: %s", r->id, what);
}

static void on_page(void *ctx, struct fetch *f, const struct fetch_result *res)
{
	(void)f;
	struct run *r = ctx;
	struct db_hfpage pg = {0};
	char *err = NULL;
	if (res->error) {
		note_failure(r, res->error);
		return;
	}
	if (res->status == 404) {
		pg.found = 0;
	} else if (res->status != 200) {
		char *what = xasprintf("HTTP %ld", res->status);
		note_failure(r, what);
		free(what);
		return;
	} else if (page_parse(res->body, res->len, &pg, &err) != 0) {
		note_failure(r, err);
		free(err);
		return;
	} else {
		pg.found = 1;
	}
	pg.fetched_at = (int64_t)time(NULL);
	if (db_hfpage_put(r->db, r->id, &pg, &err) != 0) {
		if (!r->dberr)
			r->dberr = err;
		else
			free(err);
	} else {
		(*r->stored)++;
	}
	db_hfpage_clear(&pg);
}

static int token_ok(const char *token, char **err)
{
	for (const unsigned char *c = (const unsigned char *)(token ? token : ""); *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return set_err(err, "HF_TOKEN holds a space or a control character");
	return 0;
}

int pages_fetch(struct db *db, const struct pages_opts *o, char *const *ids, int n,
		int *stored, int *failed, char **why, char **err)
{
	*stored = *failed = 0;
	*why = NULL;
	if (token_ok(o->token, err) != 0)
		return -1;
	struct fetch_opts fo = {.concurrency = 1, .timeout = o->timeout,
				.max_bytes = (size_t)4 << 20, .max_wait = o->max_wait,
				.token = o->token, .cancel = o->cancel};
	struct fetch *f = fetch_new(&fo, err);
	if (!f)
		return -1;
	struct run r = {.db = db, .stored = stored, .failed = failed, .why = why};
	int rc = 0;
	/* One at a time: each page is stored before the next is asked for. */
	for (int i = 0; i < n && rc == 0; i++) {
		char *url = xasprintf("%s/api/papers/%s", o->hf_url, ids[i]);
		r.id = ids[i];
		fetch_get(f, url, on_page, &r);
		free(url);
		char *ferr = NULL;
		if (fetch_run(f, &ferr) != 0) {
			rc = -1;
			*err = ferr;
		}
		if (r.dberr) {
			if (rc == 0)
				*err = r.dberr;
			else
				free(r.dberr);
			r.dberr = NULL;
			rc = -1;
		}
	}
	fetch_free(&f);
	return rc;
}

/* The length of the terminal sequence at s (ESC or a C1 CSI/OSC in
 * UTF-8), so that its parameters go with it and not only its first byte:
 * CSI (ESC [ ... final byte), OSC, DCS, APC, PM and SOS (to BEL or ST),
 * other escapes (ESC and one byte). 0 when s starts none. */
static size_t sequence_len(const unsigned char *s, size_t n)
{
	size_t i;
	int kind; /* '[' CSI, ']' a string to BEL/ST, 0 two bytes */
	if (s[0] == 0x1b && n >= 2) {
		kind = s[1] == '[' ? '[' : strchr("]PX^_", s[1]) && s[1] ? ']' : 0;
		i = 2;
	} else if (s[0] == 0xc2 && n >= 2 && (s[1] == 0x9b || s[1] == 0x9d || s[1] == 0x90)) {
		kind = s[1] == 0x9b ? '[' : ']';
		i = 2;
	} else {
		return 0;
	}
	if (!kind)
		return 2;
	for (; i < n; i++) {
		if (kind == '[' && s[i] >= 0x40 && s[i] <= 0x7e)
			return i + 1;
		if (kind == '[' && (s[i] < 0x20 || s[i] > 0x3f))
			return i; /* not a CSI after all: drop what came */
		if (kind == ']' && s[i] == 0x07)
			return i + 1;
		if (kind == ']' && s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
			return i + 2;
		if (kind == ']' && s[i] == 0xc2 && i + 1 < n && s[i + 1] == 0x9c)
			return i + 2;
		if (kind == ']' && s[i] == '\n')
			return i; /* an unended string stops at the line */
	}
	return n;
}

/* body without terminal sequences, then cleaned (text_clean): a new string. */
static char *clean_text(const char *body, size_t len)
{
	char *tmp = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t k = sequence_len((const unsigned char *)body + i, len - i);
		if (k) {
			i += k;
			continue;
		}
		tmp[o++] = body[i++];
	}
	char *out = text_clean(tmp, o, TEXT_KEEP_NEWLINES);
	free(tmp);
	return out;
}

struct text_run {
	long status;
	char *error;
	char *body;     /* cleaned */
};

static void on_text(void *ctx, struct fetch *f, const struct fetch_result *res)
{
	(void)f;
	struct text_run *t = ctx;
	t->status = res->status;
	if (res->error)
		t->error = xstrdup(res->error);
	else if (res->status == 200)
		t->body = clean_text(res->body, res->len);
}

int fulltext_fetch(struct db *db, const struct pages_opts *o, const char *id, char **err)
{
	if (token_ok(o->token, err) != 0)
		return -1;
	struct fetch_opts fo = {.concurrency = 1, .timeout = o->timeout,
				.max_bytes = FULLTEXT_MAX, .max_wait = o->max_wait,
				.token = o->token, .cancel = o->cancel};
	struct fetch *f = fetch_new(&fo, err);
	if (!f)
		return -1;
	struct text_run t = {0};
	char *url = xasprintf("%s/papers/%s.md", o->hf_url, id);
	fetch_get(f, url, on_text, &t);
	free(url);
	char *ferr = NULL;
	int rc = fetch_run(f, &ferr);
	fetch_free(&f);
	if (rc != 0) {
		*err = ferr ? ferr : xstrdup("failed");
		rc = -1;
	} else if (t.error) {
		set_err(err, "the full text of %s: %s", id, t.error);
		rc = -1;
	} else if (t.status == 404) {
		set_err(err, "no full text for %s", id);
		rc = 0;
	} else if (t.status != 200) {
		set_err(err, "the full text of %s: HTTP %ld", id, t.status);
		rc = -1;
	} else if (!*t.body) {
		set_err(err, "no full text for %s (the answer was empty)", id);
		rc = 0;
	} else {
		rc = db_fulltext_put(db, id, t.body, err) == 0 ? 1 : -1;
	}
	free(ferr == *err ? NULL : ferr);
	free(t.error);
	free(t.body);
	return rc;
}
