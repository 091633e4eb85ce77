/*
 * draw: the whole screen from the app's state, into curses' buffer.
 *
 * Every frame writes every cell of the layout and leaves it to curses to
 * send only what differs from the terminal, so a j step costs the two rows
 * that changed and the status line. Text from the cache goes through
 * term_put (cleaned again, cut by display width), never as a format.
 */
#include "app.h"

#include <curses.h>
#include <term.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/config.h"
#include "list.h"
#include "term.h"
#include "../src/base/buf.h"
#include "../src/base/text.h"

/* Draws s in cols columns with the terms highlighted; returns columns. */
static int put_hl(int y, int x, const char *s, int cols, int attr,
		  const char *const *terms)
{
	if (!terms || !terms[0])
		return term_put(y, x, s, cols, attr);
	char *c = text_clean(s, strlen(s), TEXT_COLLAPSE);
	int used, ell;
	size_t n = layout_cut(c, cols, &used, &ell);
	struct span sp[32];
	int k = layout_highlight(c, n, terms, sp, 32);
	size_t at = 0;
	int col = x;
	for (int i = 0; i <= k; i++) {
		size_t end = i < k ? sp[i].off : n;
		if (end > at)
			col += term_put_n(y, col, c + at, end - at, cols - (col - x), attr);
		if (i < k) {
			col += term_put_n(y, col, c + sp[i].off, sp[i].len, cols - (col - x),
					  attr | term_attr(R_MATCH));
			at = sp[i].off + sp[i].len;
		}
	}
	if (ell && col - x < cols)
		col += term_put(y, col, "…", 1, attr);
	free(c);
	return col - x;
}

static int row_attr(const struct app *a, const struct db_row *r, int selected)
{
	int attr = 0;
	if (r->flags & DB_DISMISSED)
		attr = term_attr(R_DISMISSED);
	else if (r->flags & DB_STARRED)
		attr = term_attr(R_STARRED);
	else if (!(r->flags & DB_READ))
		attr = term_attr(R_UNREAD);
	if (marks_has(&a->marks, r->pid))
		attr |= term_attr(R_MARKED);
	if (selected)
		attr |= term_attr(R_CURSOR);
	return attr;
}

static void draw_row(struct app *a, const struct rect *rc, int y, struct db_row *r,
		     int selected)
{
	struct row_cols c;
	int tw = r->tags[0] ? text_width(r->tags) : 0;
	layout_row(&c, rc->w, tw);
	int attr = row_attr(a, r, 0);
	/* The cursor is the row's gutter (marks, day, upvotes) in reverse: a j
	 * step rewrites two gutters, not two whole rows. */
	int gutter = selected ? (attr | term_attr(R_CURSOR)) : attr;
	char marks[5] = {
		marks_has(&a->marks, r->pid) ? '+' : ' ',
		r->flags & DB_READ ? ' ' : 'N',
		r->flags & DB_STARRED ? '*' : ' ',
		r->flags & DB_DISMISSED ? 'x' : ' ', '\0'};
	char up[24];
	snprintf(up, sizeof up, "%4ld", r->upvotes > 9999 ? 9999 : r->upvotes);
	int yy = rc->y + y, x = rc->x;
	term_fill(yy, x, c.title_x - 1, gutter);
	/* The space before the title in the title's attributes: one change of
	 * attributes fewer for each row drawn. */
	term_fill(yy, x + c.title_x - 1, 1, attr);
	term_put(yy, x + c.marks_x, marks, c.marks_w, gutter);
	if (c.day_w)
		term_put(yy, x + c.day_x, r->day, c.day_w, gutter);
	term_put(yy, x + c.up_x, up, c.up_w, gutter);
	if (selected)
		marks[0] = marks[0] == ' ' ? '>' : marks[0];
	term_put_n(yy, x + c.marks_x, marks, 1, 1, gutter);
	put_hl(yy, x + c.title_x, r->title, c.title_w, attr, vq_terms(&a->q));
	if (c.tags_w)
		term_put(yy, x + c.tags_x, r->tags, c.tags_w, attr | term_attr(R_DIM));
}

static void draw_empty(struct app *a, const struct rect *rc)
{
	static const char *const first_run[] = {
		"The cache is empty.",
		"",
		"  R  sync the last days from Hugging Face",
		"  L  load the bundled sample (no network needed)",
		"  q  quit",
	};
	if (!a->empty_cache) {
		term_put(rc->y, rc->x + 1, a->search || a->limit ? "No paper matches."
			 : "No papers in this view.", rc->w - 1, term_attr(R_DIM));
		return;
	}
	for (int i = 0; i < 5 && i < rc->h; i++)
		term_put(rc->y + i, rc->x + 1, first_run[i], rc->w - 1, i ? 0 : term_attr(R_HEAD));
}

static int paper_row(void *ctx, long i, int y, int x, int w, int selected)
{
	struct app *a = ctx;
	struct db_row *r = pwin_get(&a->pw, i);
	struct rect rc = {0, x, 1, w};
	if (r)
		draw_row(a, &rc, y, r, selected && a->focus != FOCUS_DETAIL);
	else if (selected)
		term_put(y, x, "…", w, term_attr(R_DIM)); /* still being read */
	return r != NULL || selected;
}

static void draw_list(struct app *a)
{
	const struct rect *rc = &a->lay.list;
	if (rc->h <= 0)
		return;
	if (pwin_empty(&a->pw)) {
		draw_empty(a, rc);
		return;
	}
	struct listw l = {a->cur, a->top, rc->y, rc->x, rc->h, rc->w};
	list_draw(&l, paper_row, a);
	a->top = l.top;
}

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

static int dline_attr(const struct app *a, const struct dline *l)
{
	switch (l->kind) {
	case DL_TITLE: return term_attr(R_TITLE);
	case DL_HEAD: return term_attr(R_HEAD);
	case DL_META: return term_attr(R_DIM) & 0;
	case DL_LINK: return l->link - 1 == a->link ? term_attr(R_CURSOR) : 0;
	default: return 0;
	}
}

static void draw_detail(struct app *a)
{
	const struct rect *rc = &a->lay.detail;
	if (!a->lay.detail_shown || rc->h <= 0)
		return;
	const char *const *terms = vq_terms(&a->q);
	for (int y = 0; y < rc->h; y++) {
		long i = a->det_top + y;
		if (i >= a->det.n)
			break;
		const struct dline *l = &a->det.l[i];
		int attr = dline_attr(a, l);
		if (l->kind == DL_TITLE || l->kind == DL_TEXT)
			put_hl(rc->y + y, rc->x + 1, l->text, rc->w - 1, attr, terms);
		else
			term_put(rc->y + y, rc->x + 1, l->text, rc->w - 1, attr);
	}
	if (a->focus == FOCUS_DETAIL && a->det.n > rc->h) {
		char pos[32];
		snprintf(pos, sizeof pos, " %ld%% ", (a->det_top + rc->h) * 100 / a->det.n);
		term_put(rc->y + rc->h - 1, rc->x + rc->w - 6, pos, 6, term_attr(R_STATUS));
	}
}

static int help_row(void *ctx, long i, int y, int x, int w, int selected)
{
	struct app *a = ctx;
	if (i + 1 >= ACT_COUNT_)
		return 0;
	enum action act = (enum action)(i + 1);
	char keys[64], line[256];
	keymap_keys_of(a->km, act, keys, sizeof keys);
	const struct action_info *ai = keys_action(act);
	snprintf(line, sizeof line, "%-12s %-12s %s", keys[0] ? keys : "-", ai->name, ai->help);
	term_put(y, x, line, w, selected ? term_attr(R_CURSOR) : 0);
	return 1;
}

static void draw_help(struct app *a)
{
	term_put(0, 1, "papyr keys (q or Esc goes back; bind KEY ACTION in the config)",
		 COLS - 1, term_attr(R_HEAD));
	struct listw l = {a->help_top, a->help_top, 1, 1, a->lay.status_y - 1, COLS - 1};
	list_draw(&l, help_row, a);
}

static void status_position(struct app *a, char *out, size_t size)
{
	char count[24] = "…";
	if (a->count >= 0)
		snprintf(count, sizeof count, "%ld", a->count);
	if (pwin_empty(&a->pw))
		snprintf(out, size, " 0/%s ", count);
	else if (!a->pw.origin_known)
		snprintf(out, size, " ?/%s ", count);
	else
		snprintf(out, size, " %ld/%s ", a->cur + 1, count);
}

static void draw_status(struct app *a)
{
	int y = a->lay.status_y, attr = term_attr(R_STATUS);
	term_fill(y, 0, COLS, attr);
	struct buf b = {0};
	buf_printf(&b, " %s", a->view >= 0 ? a->c->cfg.views[a->view].name : "all");
	if (a->limit)
		buf_printf(&b, " · l:%s", a->limit);
	if (a->search)
		buf_printf(&b, " · /%s", a->search);
	buf_printf(&b, " · %s", app_sort_name(a->q.f->sort));
	const struct db_filter *f = a->q.f;
	if (f->sort == DB_SORT_RELEVANCE && f->match && !f->match_rank_only &&
	    f->rank_window > 0 && a->count > f->rank_window) /* older ones follow unranked */
		buf_printf(&b, " · ranked the newest %ld of %ld matches", f->rank_window, a->count);
	if (a->marks.n)
		buf_printf(&b, " · %d marked%s", a->marks.n, a->apply_marked ? " ;" : "");
	char posn[64];
	status_position(a, posn, sizeof posn);
	struct buf right = {0};
	if (jobs_status(&a->jobs)[0]) /* a job's progress, beside the position */
		buf_printf(&right, " %s ·", jobs_status(&a->jobs));
	buf_adds(&right, posn);
	const char *pos = right.data;
	int pw = text_width(pos);
	if (pw > COLS / 2)
		pw = COLS / 2;
	int used = term_put(y, 0, b.data, COLS - pw - 1, attr);
	if (a->msg[0])
		term_put(y, used + 2, a->msg, COLS - pw - used - 3,
			 a->msg_error ? (attr | term_attr(R_ERROR)) : attr);
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
	int room = COLS - lw - 1, tw = text_width(t);
	/* Long text: show its end, where the typing is. */
	const char *show = t;
	while (tw > room && *show) {
		int used;
		size_t n = text_fit(show, 1, &used);
		show += n ? n : 1;
		tw -= used;
	}
	int w = term_put(y, lw, show, room, 0);
	move(y, lw + w);
	curs_set(1);
}

void draw_all(struct app *a)
{
	erase();
	if (a->lay.too_small) {
		term_put(0, 0, "terminal too small", COLS, 0);
		return;
	}
	if (a->focus == FOCUS_HELP) {
		draw_help(a);
	} else {
		draw_list(a);
		draw_sep(a);
		draw_detail(a);
	}
	draw_status(a);
	draw_prompt(a);
}

/* True if s can go into an OSC 8 sequence and through putp as is:
 * printable ASCII only, and no "$<" (a padding request to tputs). */
static int osc8_safe(const char *s)
{
	for (const char *c = s; *c; c++)
		if (*c < 0x21 || *c > 0x7e || (c[0] == '$' && c[1] == '<'))
			return 0;
	return 1;
}

static int osc8_wanted(const struct app *a)
{
	const char *t = getenv("TERM");
	return a->c->cfg.hyperlinks && t && strcmp(t, "linux") != 0 &&
	       strcmp(t, "dumb") != 0 && a->lay.detail_shown && a->focus != FOCUS_HELP;
}

/* Appends a terminfo string, if the terminal has it. */
static void add_cap(struct buf *out, const char *cap)
{
	if (cap && cap != (const char *)-1)
		buf_adds(out, cap);
}

/* Rewrites one link line over itself, inside an OSC 8 hyperlink. */
static void hyperlink_line(struct app *a, const struct dline *l, int y, struct buf *out)
{
	const char *url = a->det.url[l->link - 1];
	const struct rect *rc = &a->lay.detail;
	char *c = text_clean(l->text, strlen(l->text), 0);
	int used, ell;
	size_t n = layout_cut(c, rc->w - 1, &used, &ell);
	c[n] = '\0';
	if (!ell && osc8_safe(url)) {
		add_cap(out, tparm(cursor_address, y, rc->x + 1));
		buf_printf(out, "\033]8;;%s\033\\", url);
		if (dline_attr(a, l) & (int)A_REVERSE)
			add_cap(out, enter_reverse_mode);
		buf_adds(out, c);
		if (dline_attr(a, l))
			add_cap(out, exit_attribute_mode);
		buf_adds(out, "\033]8;;\033\\");
	}
	free(c);
}

/*
 * The links go to the terminal after curses has sent the frame, written
 * straight to it: through curses' or stdio's buffers they could arrive
 * after a later frame, over other text. The cursor goes back where curses
 * believes it is, with the attributes off as curses left them.
 */
void draw_hyperlinks(struct app *a)
{
	if (!osc8_wanted(a))
		return;
	char sig[96];
	snprintf(sig, sizeof sig, "%lld %ld %d %d %d %d", (long long)a->dp.pid, a->det_top,
		 a->link, a->lay.detail.x, a->lay.detail.y, a->lay.detail.w);
	if (strcmp(sig, a->osc8_sig) == 0)
		return; /* the terminal has them already */
	snprintf(a->osc8_sig, sizeof a->osc8_sig, "%s", sig);
	struct buf out = {0};
	for (int y = 0; y < a->lay.detail.h; y++) {
		long i = a->det_top + y;
		if (i >= a->det.n)
			break;
		if (a->det.l[i].kind == DL_LINK)
			hyperlink_line(a, &a->det.l[i], a->lay.detail.y + y, &out);
	}
	if (out.len) {
		int cy, cx;
		getyx(curscr, cy, cx);
		add_cap(&out, tparm(cursor_address, cy, cx));
		fflush(stdout);
		term_write(out.data, out.len);
	}
	buf_free(&out);
}
