/* pwin: keyset-paged window of list rows (see pwin.h). */
#include "pwin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"

#define PWIN_PAGES 4 /* the window holds up to this many pages */

static void drop_rows(struct pwin *w, int from, int k)
{
	for (int i = from; i < from + k; i++)
		db_row_clear(&w->rows[i]);
}

static void clear_rows(struct pwin *w)
{
	drop_rows(w, 0, w->n);
	w->n = 0;
}

void pwin_reset(struct pwin *w, struct db *db, const struct db_filter *f, int page)
{
	clear_rows(w);
	w->db = db;
	w->f = f;
	w->base = 0;
	w->at_start = w->at_end = 0;
	w->origin_known = 1;
	w->shift = 0;
	w->page = page < 16 ? 16 : page;
}

void pwin_free(struct pwin *w)
{
	clear_rows(w);
	free(w->rows);
	free(w->err);
	memset(w, 0, sizeof *w);
}

static void reserve(struct pwin *w, int extra)
{
	if (w->n + extra <= w->cap)
		return;
	w->cap = w->n + extra;
	w->rows = xrealloc(w->rows, (size_t)w->cap * sizeof *w->rows);
}

/* Reads a page: after the key of `after` (NULL: from an end). */
static int read_page(struct pwin *w, const struct db_row *after, int backward,
		     struct db_page *pg)
{
	free(w->err);
	w->err = NULL;
	if (db_list(w->db, w->f, after, backward, w->page, pg, &w->err) != 0)
		return -1;
	/* the words matched, as the index matched them; unmarked on a failure */
	char *err = NULL;
	db_mark_titles(w->db, w->f, pg, &err);
	free(err);
	return 0;
}

/* Moves the page's rows into the window at the front or the back. */
static void take_page(struct pwin *w, struct db_page *pg, int front)
{
	if (pg->n == 0)
		return;
	reserve(w, pg->n);
	if (front) {
		memmove(w->rows + pg->n, w->rows, (size_t)w->n * sizeof *w->rows);
		memcpy(w->rows, pg->rows, (size_t)pg->n * sizeof *w->rows);
		w->base -= pg->n;
	} else {
		memcpy(w->rows + w->n, pg->rows, (size_t)pg->n * sizeof *w->rows);
	}
	w->n += pg->n;
	pg->n = 0; /* the rows are the window's now */
}

static void trim(struct pwin *w, int keep_front)
{
	int max = PWIN_PAGES * w->page;
	if (w->n <= max)
		return;
	int k = w->n - max;
	if (keep_front) {
		drop_rows(w, max, k);
		w->at_end = 0;
	} else {
		drop_rows(w, 0, k);
		memmove(w->rows, w->rows + k, (size_t)max * sizeof *w->rows);
		w->base += k;
		w->at_start = 0;
	}
	w->n = max;
}

/* The start was reached: rows[0] is index 0. */
static void found_start(struct pwin *w)
{
	w->at_start = 1;
	if (!w->origin_known) {
		w->shift += -w->base;
		w->base = 0;
		w->origin_known = 1;
	}
}

static int fetch_forward(struct pwin *w)
{
	struct db_page pg = {0};
	int empty = w->n == 0;
	int rc = read_page(w, empty ? NULL : &w->rows[w->n - 1], 0, &pg);
	if (rc == 0) {
		int got = pg.n;
		take_page(w, &pg, 0);
		if (empty)
			found_start(w);
		if (got < w->page)
			w->at_end = 1;
		trim(w, 0);
	}
	db_page_free(&pg);
	return rc;
}

static int fetch_backward(struct pwin *w)
{
	struct db_page pg = {0};
	int rc = read_page(w, &w->rows[0], 1, &pg);
	if (rc == 0) {
		int got = pg.n;
		take_page(w, &pg, 1);
		if (got < w->page)
			found_start(w);
		trim(w, 1);
	}
	db_page_free(&pg);
	return rc;
}

void pwin_seed(struct pwin *w, struct db_page *pg)
{
	clear_rows(w);
	int got = pg->n;
	w->base = 0;
	take_page(w, pg, 0);
	w->at_start = w->origin_known = 1;
	w->at_end = got < w->page;
}

int pwin_ensure(struct pwin *w, long lo, long hi)
{
	if (w->n == 0 && !w->at_end && fetch_forward(w) != 0)
		return -1;
	while (w->n > 0 && hi >= w->base + w->n && !w->at_end)
		if (fetch_forward(w) != 0)
			return -1;
	while (w->n > 0 && lo < w->base && !w->at_start)
		if (fetch_backward(w) != 0)
			return -1;
	return 0;
}

struct db_row *pwin_get(struct pwin *w, long i)
{
	if (i < w->base || i >= w->base + w->n)
		return NULL;
	return &w->rows[i - w->base];
}

long pwin_last(const struct pwin *w)
{
	if (!w->at_end || w->n == 0)
		return w->at_end ? 0 : -1;
	return w->base + w->n - 1;
}

int pwin_empty(const struct pwin *w)
{
	return w->n == 0 && w->at_end;
}

int pwin_seek_end(struct pwin *w, long count)
{
	struct db_page pg = {0};
	clear_rows(w);
	w->at_start = w->at_end = 0;
	int rc = read_page(w, NULL, 1, &pg);
	if (rc == 0) {
		int got = pg.n;
		w->base = 0;
		take_page(w, &pg, 0);
		w->at_end = 1;
		w->origin_known = 0;
		w->base = -got;
		if (got < w->page)
			found_start(w);
		else if (count >= 0)
			pwin_set_count(w, count);
	}
	db_page_free(&pg);
	return rc;
}

void pwin_set_count(struct pwin *w, long count)
{
	if (w->origin_known || !w->at_end)
		return;
	long base = count - w->n;
	w->shift += base - w->base;
	w->base = base;
	w->origin_known = 1;
}

int pwin_seek_row(struct pwin *w, const struct db_row *r, long *at)
{
	/* The key just before r in list order, so r itself is read first:
	 * pid is the last key column, and nothing sorts between pid and pid+-1. */
	struct db_row k = *r;
	k.pid += w->f->reverse ? -1 : 1;
	struct db_page pg = {0};
	clear_rows(w);
	w->at_start = w->at_end = 0;
	w->origin_known = 0;
	w->base = 0;
	int rc = read_page(w, &k, 0, &pg);
	if (rc == 0) {
		int got = pg.n;
		take_page(w, &pg, 0);
		if (got < w->page)
			w->at_end = 1;
		rc = w->n ? fetch_backward(w) : 0;
	}
	db_page_free(&pg);
	*at = 0 + w->shift;
	w->shift = 0;
	if (rc == 0 && w->n == 0)
		w->at_start = w->origin_known = 1;
	return rc;
}

long pwin_take_shift(struct pwin *w)
{
	long s = w->shift;
	w->shift = 0;
	return s;
}

long pwin_find(const struct pwin *w, int64_t pid)
{
	for (int i = 0; i < w->n; i++)
		if (w->rows[i].pid == pid)
			return w->base + i;
	return -1;
}
