/* detailpane: one paper in full (see detailpane.h). */
#include "detailpane.h"

#include <curses.h>
#include <term.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/learn.h"
#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "../src/base/text.h"
#include "term.h"

/* The words of the loaded paper that push it up under model, once per
 * paper and model, from the model as stored (no training here). */
static void load_why(struct detailpane *d, struct db *db, const char *model)
{
	if (d->why_pid == d->dp.pid && strcmp(d->why_model, model) == 0)
		return;
	free(d->why);
	d->why = NULL;
	d->why_pid = d->dp.pid;
	snprintf(d->why_model, sizeof d->why_model, "%s", model);
	d->width = 0;
	struct learn_word *w = NULL;
	char *err = NULL;
	int n = *model ? learn_why_stored(db, model, &d->dp.p, 8, &w, &err) : 0;
	free(err);
	if (n <= 0)
		return;
	struct buf b = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", w[i].word);
	d->why = buf_detach(&b);
	learn_words_free(&w, n);
}

/* The loaded paper's page, when one was fetched; an error reads as none. */
static void load_page(struct detailpane *d, struct db *db)
{
	char *err = NULL;
	db_hfpage_clear(&d->page);
	if (db_hfpage_get(db, d->dp.p.id, &d->page, &err) != 1)
		db_hfpage_clear(&d->page);
	free(err);
}

void detailpane_page_reload(struct detailpane *d, struct db *db, int64_t pid)
{
	if (!d->dp.pid || d->dp.pid != pid)
		return;
	load_page(d, db);
	d->width = 0;
}

int detailpane_page_due(const struct detailpane *d, long max_age)
{
	return d->dp.pid && (!d->page.fetched_at ||
			     (long long)time(NULL) - d->page.fetched_at > max_age);
}


static void marks_clear(struct detailpane *d)
{
	free(d->marks_for);
	free(d->mark_title);
	free(d->mark_abstract);
	d->marks_for = d->mark_title = d->mark_abstract = NULL;
}

/* Reads the marks of the loaded paper for f's full text when they are not
 * those already read; 1 when they changed. A failure only leaves the
 * words unmarked. */
static int marks_load(struct detailpane *d, struct db *db, const struct db_filter *f)
{
	char *match = NULL;
	if (f)
		db_filter_sql(f, NULL, &match, NULL);
	if (d->marks_pid == d->dp.pid && ((!match && !d->marks_for) ||
	    (match && d->marks_for && strcmp(match, d->marks_for) == 0))) {
		free(match);
		return 0;
	}
	marks_clear(d);
	d->marks_pid = d->dp.pid;
	d->marks_for = match;
	char *err = NULL;
	if (match && db_highlight(db, f, d->dp.pid, &d->mark_title, &d->mark_abstract, &err) < 0)
		free(err);
	return 1;
}

int detailpane_show(struct detailpane *d, struct db *db, int64_t pid, int width,
		    const char *model, const struct db_filter *f, char **err)
{
	int read = 0;
	if (d->dp.pid != pid) {
		db_paper_clear(&d->dp);
		if (db_get_pid(db, pid, &d->dp, err) != 1) {
			if (!*err)
				set_err(err, "the paper is gone from the cache");
			return -1;
		}
		d->top = 0;
		d->link = 0;
		d->unfold = 0;
		d->width = 0;
		read = 1;
		load_page(d, db);
	}
	if (d->dp.pid)
		load_why(d, db, model);
	if (d->dp.pid && marks_load(d, db, f))
		d->width = 0;
	if (d->dp.pid && d->width != width) {
		d->width = width;
		struct detail_marks m = {d->mark_title, d->mark_abstract};
		detail_build_why(&d->det, &d->dp, width - 1, d->unfold, &m, d->why);
		detail_add_page(&d->det, d->page.fetched_at ? &d->page : NULL, width - 1);
	}
	return read;
}

void detailpane_clear(struct detailpane *d)
{
	db_paper_clear(&d->dp);
	db_hfpage_clear(&d->page);
	detail_free(&d->det);
	free(d->why);
	d->why = NULL;
	d->why_pid = 0;
	d->why_model[0] = '\0';
	marks_clear(d);
	d->marks_pid = 0;
}

void detailpane_relayout(struct detailpane *d)
{
	d->width = 0;
}

int64_t detailpane_pid(const struct detailpane *d)
{
	return d->dp.pid;
}

void detailpane_update(struct detailpane *d, struct db_paper *fresh)
{
	if (d->dp.pid != fresh->pid) {
		db_paper_clear(fresh);
		return;
	}
	db_paper_clear(&d->dp);
	d->dp = *fresh;
	d->width = 0; /* rebuild the lines */
}

void detailpane_mark_read(struct detailpane *d, int64_t pid)
{
	if (d->dp.pid == pid)
		d->dp.flags |= DB_READ;
}

/* The rows of text in a pane of h rows: the scroll indicator takes the
 * last one when the text is longer, so it never covers a line. */
static int text_rows(const struct detailpane *d, int h)
{
	return d->det.n > h && h > 1 ? h - 1 : h;
}

void detailpane_scroll(struct detailpane *d, long n, int h)
{
	long max = d->det.n - text_rows(d, h);
	d->top += n;
	if (d->top > max)
		d->top = max;
	if (d->top < 0)
		d->top = 0;
}

void detailpane_pick_link(struct detailpane *d, int n)
{
	if (n < d->det.nurls)
		d->link = n;
}

void detailpane_toggle_authors(struct detailpane *d)
{
	d->unfold = !d->unfold;
	d->width = 0;
}

char *detailpane_url(const struct detailpane *d, int64_t pid)
{
	if (d->dp.pid == pid && d->link < d->det.nurls)
		return xstrdup(d->det.url[d->link]);
	return NULL;
}

void detailpane_free(struct detailpane *d)
{
	detailpane_clear(d);
}

/* ---- drawing ---- */

static int dline_attr(const struct detailpane *d, const struct dline *l)
{
	switch (l->kind) {
	case DL_TITLE: return term_attr(R_TITLE);
	case DL_HEAD: return term_attr(R_HEAD);
	case DL_META: return term_attr(R_DIM) & 0;
	case DL_LINK: return l->link - 1 == d->link ? term_attr(R_CURSOR) : 0;
	default: return 0;
	}
}

void detailpane_draw(const struct detailpane *d, const struct rect *rc, int focused)
{
	if (rc->h <= 0)
		return;
	int rows = focused ? text_rows(d, rc->h) : rc->h;
	for (int y = 0; y < rows; y++) {
		long i = d->top + y;
		if (i >= d->det.n)
			break;
		const struct dline *l = &d->det.l[i];
		int attr = dline_attr(d, l);
		if (l->kind == DL_TITLE || l->kind == DL_TEXT)
			term_put_hl(rc->y + y, rc->x + 1, l->text, rc->w - 1, attr);
		else
			term_put(rc->y + y, rc->x + 1, l->text, rc->w - 1, attr);
	}
	if (focused && rows < rc->h) {
		char pos[32];
		long seen = d->top + rows < d->det.n ? d->top + rows : d->det.n;
		snprintf(pos, sizeof pos, " %ld%% ", seen * 100 / d->det.n);
		term_put(rc->y + rc->h - 1, rc->x + rc->w - 6, pos, 6, term_attr(R_STATUS));
	}
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

/* Appends a terminfo string, if the terminal has it. */
static void add_cap(struct buf *out, const char *cap)
{
	if (cap && cap != (const char *)-1)
		buf_adds(out, cap);
}

/* Rewrites one link line over itself, inside an OSC 8 hyperlink. */
static void hyperlink_line(const struct detailpane *d, const struct rect *rc,
			   const struct dline *l, int y, struct buf *out)
{
	const char *url = d->det.url[l->link - 1];
	char *c = text_clean(l->text, strlen(l->text), 0);
	int used, ell;
	size_t n = layout_cut(c, rc->w - 1, &used, &ell);
	c[n] = '\0';
	if (osc8_safe(url)) {
		add_cap(out, tparm(cursor_address, y, rc->x + 1));
		buf_printf(out, "\033]8;;%s\033\\", url);
		if (dline_attr(d, l) & (int)A_REVERSE)
			add_cap(out, enter_reverse_mode);
		buf_adds(out, c);
		if (ell) /* a long URL is cut; the link is still whole */
			buf_adds(out, text_ellipsis());
		if (dline_attr(d, l))
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
void detailpane_hyperlinks(struct detailpane *d, const struct rect *rc)
{
	char sig[96];
	snprintf(sig, sizeof sig, "%lld %ld %d %d %d %d", (long long)d->dp.pid, d->top,
		 d->link, rc->x, rc->y, rc->w);
	if (strcmp(sig, d->osc8_sig) == 0)
		return; /* the terminal has them already */
	snprintf(d->osc8_sig, sizeof d->osc8_sig, "%s", sig);
	struct buf out = {0};
	for (int y = 0; y < text_rows(d, rc->h); y++) {
		long i = d->top + y;
		if (i >= d->det.n)
			break;
		if (d->det.l[i].kind == DL_LINK)
			hyperlink_line(d, rc, &d->det.l[i], rc->y + y, &out);
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
