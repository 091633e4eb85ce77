/*
 * layout: the arithmetic of the screen, without curses.
 *
 * Where the panes go for a terminal size, which rows of a list are on
 * screen for a cursor, where the columns of a list row fall, how a string
 * is cut to a display width. Plain
 * functions on numbers and strings, so the tests can check them all.
 */
#ifndef PAPYR_UI_LAYOUT_H
#define PAPYR_UI_LAYOUT_H

#include <stddef.h>

#define LAYOUT_MIN_ROWS 6
#define LAYOUT_MIN_COLS 30
#define LAYOUT_SIDE_COLS 140 /* side by side from this width on */
/* Below it, the detail pane sits under the list when this many list rows
 * and pane rows fit (with the line between them); else Enter opens it over
 * the whole body. */
#define LAYOUT_STACK_LIST 12
#define LAYOUT_STACK_PANE 8

struct rect {
	int y, x, h, w;
};

enum split {
	SPLIT_AUTO,    /* side by side when wide enough, else stacked */
	SPLIT_SIDE,
	SPLIT_STACKED,
};

struct layout {
	int too_small;       /* nothing fits: show a short note */
	int detail_shown;
	int side;            /* detail beside the list (else below it) */
	struct rect list, detail;
	struct rect sep;     /* the line between list and detail, h or w 0 if none */
	int status_y, prompt_y, cols;
};

/* Lays out rows x cols. detail: 0 closed, 1 open, 2 the whole body. */
void layout_compute(struct layout *l, int rows, int cols, int detail, enum split split);
/* Whether the detail pane opens with the interface on rows x cols: beside
 * the list from LAYOUT_SIDE_COLS on, else under it when it fits. */
int layout_detail_fits(int rows, int cols);

/* The first visible row so cur shows in a window of h rows starting at top. */
long layout_scroll(long top, long cur, int h);

/* The columns of a list row of width w. A width of 0 leaves a column out. */
struct row_cols {
	int marks_x, marks_w;
	int day_x, day_w;
	int up_x, up_w;
	int title_x, title_w;
	int tags_x, tags_w;
};
void layout_row(struct row_cols *c, int w, int tags_width);

/*
 * Bytes of s to draw in cols columns. When s is wider, cuts it to leave
 * room for text_ellipsis() and sets *ellipsis so the caller draws it (the
 * whole string fits exactly otherwise; with less room than the ellipsis
 * takes, s is cut bare). *used gets the columns the bytes take.
 */
size_t layout_cut(const char *s, int cols, int *used, int *ellipsis);

/* What a mouse event at y,x does: the wheel (button 4 up, 5 down) scrolls
 * the pane under it by n rows, button 1 in the list picks its row n (from
 * the list's top). */
enum mouse_act { MOUSE_NONE, MOUSE_SCROLL_LIST, MOUSE_SCROLL_DETAIL, MOUSE_PICK_ROW };
#define LAYOUT_WHEEL_ROWS 3
enum mouse_act layout_mouse(const struct layout *l, int y, int x, int button, long *n);

#endif
