/* pages: paper pages from the API into the cache (see pages.h). */
#include "pages.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "fetch.h"
#include "parse_page.h"
#include "base/mem.h"

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

int pages_fetch(struct db *db, const struct pages_opts *o, char *const *ids, int n,
		int *stored, int *failed, char **why, char **err)
{
	*stored = *failed = 0;
	*why = NULL;
	for (const unsigned char *c = (const unsigned char *)(o->token ? o->token : ""); *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return set_err(err, "HF_TOKEN holds a space or a control character");
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
