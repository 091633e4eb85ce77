/*
 * list: the one list widget, for the papers and for the help screen.
 *
 * A window of h rows over a list whose rows a callback draws; the widget
 * keeps the cursor in view and asks for each visible row. It knows nothing
 * of where rows come from (a keyset window over the cache, or a table).
 */
#ifndef PAPYR_UI_LIST_H
#define PAPYR_UI_LIST_H

struct listw {
	long cur, top;  /* the cursor's index and the first visible one */
	int y, x, h, w; /* where it is drawn */
};

/* Draws row i at screen row y in w columns; returns 0 when there is no
 * row i (the list ended). */
typedef int (*list_row_fn)(void *ctx, long i, int y, int x, int w, int selected);

/* Scrolls so the cursor shows, then draws every visible row. */
void list_draw(struct listw *l, list_row_fn row, void *ctx);
/* Moves the cursor by n within first..last (last < 0: unknown) and scrolls. */
void list_move(struct listw *l, long n, long first, long last);

#endif
