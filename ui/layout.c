/* layout: screen arithmetic without curses (see layout.h). */
#include "layout.h"

#include <string.h>

#include "../src/base/text.h"

static struct rect rect(int y, int x, int h, int w)
{
	struct rect r = {y, x, h, w};
	return r;
}

static void split_side(struct layout *l, int body, int cols)
{
	int lw = cols * 45 / 100;
	if (lw < 40)
		lw = cols / 2;
	l->side = 1;
	l->list = rect(0, 0, body, lw);
	l->sep = rect(0, lw, body, 1);
	l->detail = rect(0, lw + 1, body, cols - lw - 1);
}

static void split_stacked(struct layout *l, int body, int cols)
{
	int lh = (body - 1) * 2 / 5;
	if (lh < LAYOUT_STACK_LIST)
		lh = LAYOUT_STACK_LIST;
	l->list = rect(0, 0, lh, cols);
	l->sep = rect(lh, 0, 1, cols);
	l->detail = rect(lh + 1, 0, body - lh - 1, cols);
}

void layout_compute(struct layout *l, int rows, int cols, int detail, enum split split)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		l->too_small = 1;
		return;
	}
	int body = rows - 2;
	l->status_y = rows - 2;
	l->prompt_y = rows - 1;
	l->list = rect(0, 0, body, cols);
	if (detail == 0)
		return;
	l->detail_shown = 1;
	int side = split == SPLIT_SIDE || (split == SPLIT_AUTO && cols >= LAYOUT_SIDE_COLS);
	if (detail == 2 || (side && cols < 2 * LAYOUT_MIN_COLS + 1) ||
	    (!side && body < LAYOUT_STACK_LIST + 1 + LAYOUT_STACK_PANE)) {
		l->list = rect(0, 0, 0, 0); /* the detail takes the whole body */
		l->detail = rect(0, 0, body, cols);
		return;
	}
	if (side)
		split_side(l, body, cols);
	else
		split_stacked(l, body, cols);
}

int layout_detail_fits(int rows, int cols)
{
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS)
		return 0;
	return cols >= LAYOUT_SIDE_COLS || rows - 2 >= LAYOUT_STACK_LIST + 1 + LAYOUT_STACK_PANE;
}

long layout_scroll(long top, long cur, int h)
{
	if (h < 1)
		return cur;
	if (cur < top)
		return cur;
	if (cur >= top + h)
		return cur - h + 1;
	return top;
}

void layout_row(struct row_cols *c, int w, int tags_width)
{
	memset(c, 0, sizeof *c);
	int x = 0;
	c->marks_x = x, c->marks_w = 4;
	x += 5;
	if (w >= 60) {
		c->day_x = x, c->day_w = 10;
		x += 11;
	}
	c->up_x = x, c->up_w = 4;
	x += 5;
	int rest = w - x;
	int tw = tags_width;
	/* Tags get at most a quarter of the rest; cut to under four columns
	 * they would say nothing, but short ones that fit show whole. */
	if (tw > rest / 4)
		tw = rest / 4 >= 4 ? rest / 4 : 0;
	c->title_x = x;
	c->title_w = rest - (tw ? tw + 1 : 0);
	if (c->title_w < 0)
		c->title_w = 0;
	if (tw) {
		c->tags_w = tw;
		c->tags_x = w - tw;
	}
}

size_t layout_cut(const char *s, int cols, int *used, int *ellipsis)
{
	*ellipsis = 0;
	if (cols <= 0) {
		*used = 0;
		return 0;
	}
	size_t n = text_fit(s, cols, used);
	int ew = text_width(text_ellipsis());
	if (s[n] == '\0' || cols < ew) /* whole, or no room to say it is not */
		return n;
	*ellipsis = 1;
	n = text_fit(s, cols - ew, used);
	while (n > 0 && s[n - 1] == ' ') /* "word…", not "word …" */
		n--, (*used)--;
	return n;
}

static int in_rect(const struct rect *r, int y, int x)
{
	return r->h > 0 && r->w > 0 && y >= r->y && y < r->y + r->h && x >= r->x &&
	       x < r->x + r->w;
}

enum mouse_act layout_mouse(const struct layout *l, int y, int x, int button, long *n)
{
	*n = 0;
	if (l->too_small)
		return MOUSE_NONE;
	int in_list = in_rect(&l->list, y, x);
	int in_detail = l->detail_shown && in_rect(&l->detail, y, x);
	if ((button == 4 || button == 5) && (in_list || in_detail)) {
		*n = button == 4 ? -LAYOUT_WHEEL_ROWS : LAYOUT_WHEEL_ROWS;
		return in_list ? MOUSE_SCROLL_LIST : MOUSE_SCROLL_DETAIL;
	}
	if (button == 1 && in_list) {
		*n = y - l->list.y;
		return MOUSE_PICK_ROW;
	}
	return MOUSE_NONE;
}
