/*
 * draw: the frame, from the panes and the loop's own state.
 *
 * Every frame writes every cell of the layout: each pane draws itself in
 * its rectangle (listpane_draw, detailpane_draw, help_draw), and this file
 * adds what belongs to no pane: the separator, the status line and the
 * prompt. Curses sends only what differs from the terminal, so a j step
 * costs the two rows that changed and the status line. Text from the cache
 * goes through term_put (cleaned again, cut by display width), never as a
 * format.
 */
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/config.h"
#include "term.h"
#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "../src/base/text.h"

static void draw_sep(struct app *a)
{
	const struct rect *s = &a->lay.sep;
	int attr = term_attr(R_SEP);
	if (a->lay.side)
		for (int y = 0; y < s->h; y++)
			term_put(s->y + y, s->x, term_utf8() ? "│" : "|", 1, attr);
	else
		for (int x = 0; x < s->w; x++)
			term_put(s->y, s->x + x, term_utf8() ? "─" : "-", 1, attr);
}

static void draw_status(struct app *a)
{
	int y = a->lay.status_y, attr = term_attr(R_STATUS);
	term_fill(y, 0, COLS, attr);
	struct buf b = {0};
	listpane_describe(a->list, &b, app_sort_name(listpane_sort(a->list)));
	char posn[64];
	listpane_position(a->list, posn, sizeof posn);
	struct buf right = {0};
	const char *job = jobs_status(&a->jobs);
	if (job[0]) /* a job's progress, beside the position */
		buf_printf(&right, " %s ·", job);
	buf_adds(&right, posn);
	const char *pos = right.data;
	int pw = text_width(pos);
	if (pw > COLS / 2)
		pw = COLS / 2;
	/* a message (a "did you mean", too little to learn from) says more
	 * than the view's description, which the prompt or the view name
	 * repeats: the description gives way to it, down to a quarter */
	int room = COLS - pw - 1, dw = room;
	if (a->st.msg[0]) {
		int need = text_width(b.data ? b.data : "") + 2 + text_width(a->st.msg) + 2;
		if (need > room)
			dw = room - (need - text_width(b.data ? b.data : ""));
		if (dw < COLS / 4)
			dw = COLS / 4;
	}
	int used = term_put(y, 0, b.data, dw, attr);
	if (a->st.msg[0])
		term_put(y, used + 2, a->st.msg, COLS - pw - used - 3,
			 a->st.error ? (attr | term_attr(R_ERROR)) : attr);
	term_put(y, COLS - pw, pos, pw, attr);
	buf_free(&b);
	buf_free(&right);
}

static void draw_prompt(struct app *a)
{
	int y = a->lay.prompt_y;
	if (!a->pr.active) {
		curs_set(0);
		return;
	}
	int lw = term_put(y, 0, a->pr.label, COLS / 2, term_attr(R_HEAD));
	const char *t = prompt_text(&a->pr);
	int room = COLS - lw - 1;
	/* Long text: start far enough in for the cursor to show. */
	size_t from = 0;
	char *head = xstrndup(t, a->pr.pos);
	int cw = text_width(head);
	while (cw > room - 1 && head[from]) {
		from++;
		while (((unsigned char)head[from] & 0xC0) == 0x80)
			from++;
		cw = text_width(head + from);
	}
	free(head);
	const char *show = t + from;
	term_put(y, lw, show, room, 0);
	move(y, lw + (cw > 0 ? cw : 0));
	curs_set(1);
}

/* The messages screen: the newest messages that fit, each wrapped whole,
 * oldest at the top, errors in the error colour. */
static void draw_messages(struct app *a, int rows, int cols)
{
	const struct status *st = &a->st;
	term_put(0, 1, "messages, newest last (any key goes back)", cols - 1, term_attr(R_HEAD));
	int y = rows;
	unsigned kept = st->nlog < STATUS_LOG ? st->nlog : STATUS_LOG;
	for (unsigned k = 0; k < kept && y > 1; k++) {
		unsigned i = (st->nlog - 1 - k) % STATUS_LOG;
		char *m = text_clean(st->log[i].msg, strlen(st->log[i].msg), 0);
		struct text_line *ln = NULL;
		size_t n = text_wrap(m, cols - 2, &ln);
		int attr = st->log[i].error ? term_attr(R_ERROR) : 0;
		for (size_t j = n; j-- > 0 && y > 1;)
			term_put_n(--y, 1, m + ln[j].off, ln[j].len, cols - 2, attr);
		free(ln);
		free(m);
	}
	if (!kept)
		term_put(1, 1, "no messages yet", cols - 1, 0);
}

void draw_all(struct app *a)
{
	erase();
	if (a->lay.too_small) {
		term_put(0, 0, "terminal too small", COLS, 0);
		return;
	}
	if (a->focus == FOCUS_HELP) {
		help_draw(&a->help, a->km, a->lay.status_y, COLS);
	} else if (a->focus == FOCUS_MESSAGES) {
		draw_messages(a, a->lay.status_y, COLS);
	} else {
		listpane_draw(a->list, &a->lay.list, a->focus != FOCUS_DETAIL);
		draw_sep(a);
		if (a->lay.detail_shown)
			detailpane_draw(&a->det, &a->lay.detail, a->focus == FOCUS_DETAIL);
	}
	draw_status(a);
	draw_prompt(a);
}

static int osc8_wanted(const struct app *a)
{
	const char *t = a->c->cfg.term;
	return a->c->cfg.hyperlinks && t && strcmp(t, "linux") != 0 &&
	       strcmp(t, "dumb") != 0 && a->lay.detail_shown &&
	       (a->focus == FOCUS_LIST || a->focus == FOCUS_DETAIL);
}

void draw_hyperlinks(struct app *a)
{
	if (osc8_wanted(a))
		detailpane_hyperlinks(&a->det, &a->lay.detail);
}
