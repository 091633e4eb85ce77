/*
 * actions: the handlers of movement, panes, views and prompts, and the
 * table that maps each action to its handler. Triage is in triage.c,
 * links, copies, downloads, exports and sync in links.c.
 */
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/config.h"
#include "../src/query.h"
#include "../src/sort_key.h"
#include "list.h"

static int list_h(struct app *a)
{
	return a->lay.list.h > 0 ? a->lay.list.h : a->lay.detail.h;
}

static int in_detail(const struct app *a)
{
	return a->focus == FOCUS_DETAIL && a->lay.detail_shown;
}

static int scroll_detail(struct app *a, long by)
{
	long max = a->det.n - a->lay.detail.h;
	a->det_top += by;
	if (a->det_top > max)
		a->det_top = max;
	if (a->det_top < 0)
		a->det_top = 0;
	return F_REDRAW;
}

/* The help is a list whose cursor is its first visible row. */
static int scroll_help(struct app *a, long by)
{
	int h = a->lay.status_y - 1;
	long last = ACT_COUNT_ - 2 - (h - 1);
	struct listw l = {a->help_top, a->help_top, 1, 1, 1, 0};
	list_move(&l, by, 0, last > 0 ? last : 0);
	a->help_top = l.cur;
	return F_REDRAW;
}

/* Moves by n rows in whichever pane has the keys. */
static int move_by(struct app *a, long n)
{
	if (a->focus == FOCUS_HELP)
		return scroll_help(a, n);
	if (in_detail(a))
		return scroll_detail(a, n);
	return app_goto(a, a->cur + n);
}

static int act_down(struct app *a) { return move_by(a, 1); }
static int act_up(struct app *a) { return move_by(a, -1); }
static int act_half_down(struct app *a) { return move_by(a, list_h(a) / 2 ? list_h(a) / 2 : 1); }
static int act_half_up(struct app *a) { return move_by(a, -(list_h(a) / 2 ? list_h(a) / 2 : 1)); }
static int act_page_down(struct app *a) { return move_by(a, list_h(a) > 1 ? list_h(a) - 1 : 1); }
static int act_page_up(struct app *a) { return move_by(a, -(list_h(a) > 1 ? list_h(a) - 1 : 1)); }

static int act_top(struct app *a)
{
	if (a->focus != FOCUS_LIST)
		return move_by(a, -1000000);
	if (!a->pw.origin_known || !a->pw.at_start) {
		pwin_reset(&a->pw, a->db, a->q.f, a->pw.page);
		a->cur = a->top = 0;
	}
	return app_goto(a, a->pw.base);
}

static int act_bottom(struct app *a)
{
	if (a->focus != FOCUS_LIST)
		return move_by(a, 1000000);
	if (!a->pw.at_end && pwin_seek_end(&a->pw, a->count) != 0) {
		app_msg(a, 1, "%s", a->pw.err ? a->pw.err : "cannot read the list");
		return F_REDRAW;
	}
	/* From the window's first row, app_goto scrolls so that the last
	 * paper sits on the bottom line under a full screen of others. */
	a->cur = pwin_last(&a->pw);
	a->top = a->pw.base;
	return app_goto(a, a->cur);
}

static int act_enter(struct app *a)
{
	if (a->focus == FOCUS_HELP)
		return F_NONE;
	if (!app_row(a))
		return F_NONE;
	if (a->detail == 0) {
		a->detail = 1;
		layout_compute(&a->lay, a->lay.status_y + 2, a->lay.cols, 1, a->split);
		if (a->lay.list.h == 0) /* a small terminal: the detail takes it all */
			a->detail = 2, a->focus = FOCUS_DETAIL;
	} else {
		a->focus = FOCUS_DETAIL;
	}
	if (a->c->cfg.mark_read != MARK_READ_NEVER)
		triage_mark_read(a, app_row(a));
	return F_REDRAW;
}

/* Back out of the detail pane or the help; else clear marks, search, limit. */
static int go_back(struct app *a)
{
	if (a->focus == FOCUS_HELP || a->focus == FOCUS_DETAIL) {
		a->focus = FOCUS_LIST;
		if (a->detail == 2)
			a->detail = 0;
		return F_REDRAW;
	}
	return F_NONE;
}

static int act_back(struct app *a)
{
	int f = go_back(a);
	if (f)
		return f;
	if (a->apply_marked) {
		a->apply_marked = 0;
		return F_REDRAW;
	}
	if (a->marks.n) {
		marks_clear(&a->marks);
		app_msg(a, 0, "marks cleared");
		return F_REDRAW;
	}
	if (a->search || a->limit) {
		free(a->search), free(a->limit);
		a->search = a->limit = NULL;
		return app_rebuild_query(a, 0) | F_REQUERY | F_KEEP;
	}
	return F_NONE;
}

static int act_quit(struct app *a)
{
	int f = go_back(a);
	return f ? f : F_QUIT;
}

static int act_detail(struct app *a)
{
	a->detail = a->detail ? 0 : 1;
	a->detail_set = 1;
	if (!a->detail)
		a->focus = FOCUS_LIST;
	return F_REDRAW;
}

static int act_split(struct app *a)
{
	a->split = a->lay.side ? SPLIT_STACKED : SPLIT_SIDE;
	if (!a->detail)
		a->detail = 1;
	return F_REDRAW;
}

static int act_authors(struct app *a)
{
	a->unfold = !a->unfold;
	a->det_width = 0;
	return F_REDRAW;
}

static int act_help(struct app *a)
{
	a->focus = a->focus == FOCUS_HELP ? FOCUS_LIST : FOCUS_HELP;
	a->help_top = 0;
	return F_REDRAW;
}

static int act_redraw(struct app *a)
{
	(void)a;
	clearok(curscr, TRUE);
	return F_REDRAW;
}

/* Steps through unread papers, reading pages as it goes (bounded). */
static int find_unread(struct app *a, int dir)
{
	long i = a->cur;
	for (int steps = 0; steps < 20000; steps++) {
		i += dir;
		if (pwin_ensure(&a->pw, i - 1, i + 1) != 0)
			break;
		long s = pwin_take_shift(&a->pw);
		a->cur += s, a->top += s, i += s;
		struct db_row *r = pwin_get(&a->pw, i);
		if (!r)
			break;
		if (!(r->flags & DB_READ))
			return app_goto(a, i);
	}
	app_msg(a, 0, "no %s unread paper", dir > 0 ? "further" : "earlier");
	return F_REDRAW;
}

static int act_next_unread(struct app *a) { return find_unread(a, 1); }
static int act_prev_unread(struct app *a) { return find_unread(a, -1); }

/* Walks to the first row of the next (dir 1) or previous day. */
static int jump_day(struct app *a, int dir)
{
	struct db_row *r = app_row(a);
	if (!r)
		return F_NONE;
	if (a->q.f->sort != DB_SORT_DAY) {
		app_msg(a, 0, "[ and ] move by day in the day sort (S changes the sort)");
		return F_REDRAW;
	}
	char day[16];
	snprintf(day, sizeof day, "%s", r->day);
	long i = a->cur;
	int passed = dir > 0; /* going up, first leave today's rows behind */
	for (int steps = 0; steps < 100000; steps++) {
		if (pwin_ensure(&a->pw, i - 2, i + 2) != 0)
			break;
		long s = pwin_take_shift(&a->pw);
		a->cur += s, a->top += s, i += s;
		struct db_row *n = pwin_get(&a->pw, i + dir);
		if (!n)
			break;
		if (strcmp(n->day, day) != 0) {
			if (passed)
				return app_goto(a, dir > 0 ? i + 1 : i);
			passed = 1;
			snprintf(day, sizeof day, "%s", n->day);
		}
		i += dir;
	}
	if (dir < 0 && passed)
		return app_goto(a, i);
	app_msg(a, 0, "no %s day", dir > 0 ? "older" : "newer");
	return F_REDRAW;
}

static int act_next_day(struct app *a) { return jump_day(a, 1); }
static int act_prev_day(struct app *a) { return jump_day(a, -1); }

const char *app_sort_name(enum db_sort s);
const char *app_sort_name(enum db_sort s)
{
	return sort_key_name(s);
}

/* The next sort; relevance only when the query searches text. */
static int act_sort(struct app *a)
{
	enum db_sort s = a->q.f->sort;
	do
		s = (enum db_sort)((s + 1) % DB_SORT_COUNT_);
	while (s == DB_SORT_RELEVANCE && db_filter_text_use(a->q.f) == DB_TEXT_NONE);
	a->sort = s;
	app_msg(a, 0, "sorted by %s", sort_key_name(s));
	return F_REQUERY | F_KEEP;
}

static int set_view(struct app *a, int n)
{
	if (n >= a->c->cfg.nviews) {
		app_msg(a, 0, "no view %d (add view.NAME lines to the config)", n + 1);
		return F_REDRAW;
	}
	int errcol;
	char *err = NULL;
	char *text = vq_text(a->c->cfg.views[n].query, NULL, NULL);
	struct vq q = {0};
	int rc = vq_compile(&q, text, &a->c->cfg, 0, &errcol, &err);
	free(text);
	if (rc != 0) {
		app_msg(a, 1, "view %s: %s", a->c->cfg.views[n].name, err);
		free(err);
		return F_REDRAW;
	}
	vq_free(&q);
	a->view = n;
	free(a->limit), free(a->search);
	a->limit = a->search = NULL;
	return app_rebuild_query(a, 0) | F_REQUERY;
}

static int act_view1(struct app *a) { return set_view(a, 0); }
static int act_view2(struct app *a) { return set_view(a, 1); }
static int act_view3(struct app *a) { return set_view(a, 2); }
static int act_view4(struct app *a) { return set_view(a, 3); }
static int act_view5(struct app *a) { return set_view(a, 4); }
static int act_view6(struct app *a) { return set_view(a, 5); }
static int act_view7(struct app *a) { return set_view(a, 6); }
static int act_view8(struct app *a) { return set_view(a, 7); }
static int act_view9(struct app *a) { return set_view(a, 8); }

static int act_limit(struct app *a)
{
	prompt_open(&a->pr, PK_LIMIT, "limit: ", a->limit, NULL);
	return F_REDRAW;
}

static int act_search(struct app *a)
{
	prompt_open(&a->pr, PK_SEARCH, "/", a->search, NULL);
	return F_REDRAW;
}

static const action_fn handlers[ACT_COUNT_] = {
	[ACT_DOWN] = act_down, [ACT_UP] = act_up, [ACT_TOP] = act_top,
	[ACT_BOTTOM] = act_bottom, [ACT_HALF_DOWN] = act_half_down,
	[ACT_HALF_UP] = act_half_up, [ACT_PAGE_DOWN] = act_page_down,
	[ACT_PAGE_UP] = act_page_up, [ACT_ENTER] = act_enter, [ACT_BACK] = act_back,
	[ACT_QUIT] = act_quit, [ACT_STAR] = act_star, [ACT_READ] = act_read,
	[ACT_DISMISS] = act_dismiss, [ACT_TAG] = act_tag, [ACT_UNTAG] = act_untag,
	[ACT_MARK] = act_mark, [ACT_APPLY] = act_apply, [ACT_UNDO] = act_undo,
	[ACT_NEXT_UNREAD] = act_next_unread, [ACT_PREV_UNREAD] = act_prev_unread,
	[ACT_VIEW1] = act_view1, [ACT_VIEW2] = act_view2, [ACT_VIEW3] = act_view3,
	[ACT_VIEW4] = act_view4, [ACT_VIEW5] = act_view5, [ACT_VIEW6] = act_view6,
	[ACT_VIEW7] = act_view7, [ACT_VIEW8] = act_view8, [ACT_VIEW9] = act_view9,
	[ACT_LIMIT] = act_limit, [ACT_SEARCH] = act_search,
	[ACT_PREV_DAY] = act_prev_day, [ACT_NEXT_DAY] = act_next_day,
	[ACT_SORT] = act_sort, [ACT_OPEN] = act_open, [ACT_COPY] = act_copy,
	[ACT_COPY_BIBTEX] = act_copy_bibtex, [ACT_DOWNLOAD] = act_download,
	[ACT_EXPORT] = act_export, [ACT_SYNC] = act_sync, [ACT_SAMPLE] = act_load_sample, [ACT_DETAIL] = act_detail,
	[ACT_SPLIT] = act_split, [ACT_AUTHORS] = act_authors, [ACT_HELP] = act_help,
	[ACT_REDRAW] = act_redraw,
};

action_fn actions_handler(enum action act)
{
	return handlers[act];
}
