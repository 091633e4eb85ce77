/*
 * rows: every row a filter selects, in its order, a page at a time.
 *
 * The one loop that pages through db_list by keyset (each page starts after
 * the last row of the one before), so `papyr list` and export stream a
 * library of any size in the memory of a page and never skip or repeat a
 * row at a page's seam.
 */
#ifndef PAPYR_ROWS_H
#define PAPYR_ROWS_H

struct db;
struct db_filter;
struct db_row;

/* Called for each row; the row is borrowed for the call. Returns 0 to go
 * on, anything else to stop (with *err set when it is an error). */
typedef int (*rows_fn)(void *ctx, const struct db_row *row, char **err);

/*
 * Calls fn for at most limit rows (limit < 0: all) in the filter's order.
 * Returns 0 when every row was seen, fn's non-zero result when it stopped,
 * or -1 with *err when the cache could not be read.
 */
int rows_each(struct db *db, const struct db_filter *f, long limit, rows_fn fn, void *ctx,
	      char **err);

#endif
