/*
 * pwin: a window of list rows around the cursor, read from the cache a page
 * at a time by keyset (db_list), never the whole list and never by OFFSET.
 *
 * Indexes are positions in the list. When the window was placed without
 * knowing how many rows come before it (on a paper after a refresh, or at
 * the end before the count is known) its indexes are relative; origin_known
 * says which, and pwin_take_shift hands the caller the correction once the
 * start is found so it can move its cursor along.
 */
#ifndef PAPYR_UI_PWIN_H
#define PAPYR_UI_PWIN_H

#include "../db/db.h"

struct pwin {
	struct db *db;
	const struct db_filter *f; /* borrowed */
	struct db_row *rows;
	int n, cap;
	long base;         /* index of rows[0] */
	int at_start, at_end;
	int origin_known;
	long shift;        /* added to indexes since the caller last looked */
	int page;          /* rows per read */
	char *err;         /* the last read error, for the status line */
};

/* Empties the window and points it at a filter (nothing is read yet). */
void pwin_reset(struct pwin *w, struct db *db, const struct db_filter *f, int page);
void pwin_free(struct pwin *w);
/* Fills an empty window with the list's first page (read elsewhere); the
 * page's rows move into the window. */
void pwin_seed(struct pwin *w, struct db_page *pg);
/* Reads what is missing so rows lo..hi are loaded when they exist. 0 or -1. */
int pwin_ensure(struct pwin *w, long lo, long hi);
/* The row at index i, NULL when not loaded or past the end. */
struct db_row *pwin_get(struct pwin *w, long i);
/* The index of the last row, when the end is loaded; else -1 (and 0 on an
 * empty list: check pwin_empty). */
long pwin_last(const struct pwin *w);
int pwin_empty(const struct pwin *w);
/* Places the window at the end of the list; count < 0 when unknown. */
int pwin_seek_end(struct pwin *w, long count);
/* Places the window on the row with r's keys (or where it would be); the
 * row lands at index 0 with the origin unknown. Returns its index or -1. */
int pwin_seek_row(struct pwin *w, const struct db_row *r, long *at);
/* The count arrived: fixes the origin when the end is loaded. */
void pwin_set_count(struct pwin *w, long count);
/* Returns and zeroes the index correction since the last call. */
long pwin_take_shift(struct pwin *w);
/* The index of the loaded row with pid, or -1. */
long pwin_find(const struct pwin *w, int64_t pid);

#endif
