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

static int act_down(struct app *a, const char *arg) { (void)arg; return move_by(a, 1); }
static int act_up(struct app *a, const char *arg) { (void)arg; return move_by(a, -1); }

static int act_half_down(struct app *a, const char *arg)
{
	(void)arg;
	return move_by(a, list_h(a) / 2 ? list_h(a) / 2 : 1);
}

static int act_half_up(struct app *a, const char *arg)
{
	(void)arg;
	return move_by(a, -(list_h(a) / 2 ? list_h(a) / 2 : 1));
}

static int act_page_down(struct app *a, const char *arg)
{
	(void)arg;
	return move_by(a, list_h(a) > 1 ? list_h(a) - 1 : 1);
}

static int act_page_up(struct app *a, const char *arg)
{
	(void)arg;
	return move_by(a, -(list_h(a) > 1 ? list_h(a) - 1 : 1));
}

static int act_top(struct app *a, const char *arg)
{
	(void)arg;
	if (a->focus != FOCUS_LIST)
		return move_by(a, -1000000);
	if (!a->pw.origin_known || !a->pw.at_start) {
		pwin_reset(&a->pw, a->db, a->q.f, a->pw.page);
		a->cur = a->top = 0;
	}
	return app_goto(a, a->pw.base);
}

static int act_bottom(struct app *a, const char *arg)
{
	(void)arg;
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

static int act_enter(struct app *a, const char *arg)
{
	(void)arg;
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
	if (strcmp(a->c->cfg.mark_read, "never") != 0)
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

static int act_back(struct app *a, const char *arg)
{
	(void)arg;
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

static int act_quit(struct app *a, const char *arg)
{
	(void)arg;
	int f = go_back(a);
	return f ? f : F_QUIT;
}

static int act_detail(struct app *a, const char *arg)
{
	(void)arg;
	a->detail = a->detail ? 0 : 1;
	a->detail_set = 1;
	if (!a->detail)
		a->focus = FOCUS_LIST;
	return F_REDRAW;
}

static int act_split(struct app *a, const char *arg)
{
	(void)arg;
	a->split = a->lay.side ? SPLIT_STACKED : SPLIT_SIDE;
	if (!a->detail)
		a->detail = 1;
	return F_REDRAW;
}

static int act_authors(struct app *a, const char *arg)
{
	(void)arg;
	a->unfold = !a->unfold;
	a->det_width = 0;
	return F_REDRAW;
}

static int act_help(struct app *a, const char *arg)
{
	(void)arg;
	a->focus = a->focus == FOCUS_HELP ? FOCUS_LIST : FOCUS_HELP;
	a->help_top = 0;
	return F_REDRAW;
}

static int act_redraw(struct app *a, const char *arg)
{
	(void)arg;
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

static int act_next_unread(struct app *a, const char *arg)
{
	(void)arg;
	return find_unread(a, 1);
}

static int act_prev_unread(struct app *a, const char *arg)
{
	(void)arg;
	return find_unread(a, -1);
}


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

static int act_next_day(struct app *a, const char *arg)
{
	(void)arg;
	return jump_day(a, 1);
}

static int act_prev_day(struct app *a, const char *arg)
{
	(void)arg;
	return jump_day(a, -1);
}


static const char *const sort_names[DB_SORT_COUNT_] = {
	[DB_SORT_DAY] = "day", [DB_SORT_UPVOTES] = "upvotes",
	[DB_SORT_COMMENTS] = "comments", [DB_SORT_STARS] = "stars",
	[DB_SORT_TITLE] = "title", [DB_SORT_PUBLISHED] = "published",
	[DB_SORT_RELEVANCE] = "relevance",
};

const char *app_sort_name(enum db_sort s);
const char *app_sort_name(enum db_sort s)
{
	return sort_names[s];
}

/* The next sort; relevance only when the query searches text. */
static int act_sort(struct app *a, const char *arg)
{
	(void)arg;
	enum db_sort s = a->q.f->sort;
	do
		s = (enum db_sort)((s + 1) % DB_SORT_COUNT_);
	while (s == DB_SORT_RELEVANCE && !a->q.f->match);
	a->sort = s;
	app_msg(a, 0, "sorted by %s", sort_names[s]);
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

static int act_view1(struct app *a, const char *arg) { (void)arg; return set_view(a, 0); }
static int act_view2(struct app *a, const char *arg) { (void)arg; return set_view(a, 1); }
static int act_view3(struct app *a, const char *arg) { (void)arg; return set_view(a, 2); }
static int act_view4(struct app *a, const char *arg) { (void)arg; return set_view(a, 3); }
static int act_view5(struct app *a, const char *arg) { (void)arg; return set_view(a, 4); }
static int act_view6(struct app *a, const char *arg) { (void)arg; return set_view(a, 5); }
static int act_view7(struct app *a, const char *arg) { (void)arg; return set_view(a, 6); }
static int act_view8(struct app *a, const char *arg) { (void)arg; return set_view(a, 7); }
static int act_view9(struct app *a, const char *arg) { (void)arg; return set_view(a, 8); }

static int act_limit(struct app *a, const char *arg)
{
	if (arg)
		return app_set_limit(a, arg);
	prompt_open(&a->pr, PK_LIMIT, "limit: ", a->limit, NULL);
	return F_REDRAW;
}

static int act_search(struct app *a, const char *arg)
{
	if (arg)
		return app_set_search(a, arg);
	prompt_open(&a->pr, PK_SEARCH, "/", a->search, NULL);
	return F_REDRAW;
}

/*
 * The one table of actions: the name a `bind` line uses, the default keys,
 * the help line, the handler and, for an action that takes one, what its
 * argument is. The help screen and the README are made from it.
 */
static const struct action_info actions[ACT_COUNT_] = {
	[ACT_NONE] = {"none", "",
		"unbound",
		NULL, NULL},
	[ACT_DOWN] = {"down", "j Down",
		"next paper (in the detail pane: scroll)",
		act_down, NULL},
	[ACT_UP] = {"up", "k Up",
		"previous paper (in the detail pane: scroll)",
		act_up, NULL},
	[ACT_TOP] = {"top", "g Home",
		"first paper",
		act_top, NULL},
	[ACT_BOTTOM] = {"bottom", "G End",
		"last paper",
		act_bottom, NULL},
	[ACT_HALF_DOWN] = {"half-down", "C-d",
		"half a screen down",
		act_half_down, NULL},
	[ACT_HALF_UP] = {"half-up", "C-u",
		"half a screen up",
		act_half_up, NULL},
	[ACT_PAGE_DOWN] = {"page-down", "PgDn C-f",
		"a screen down",
		act_page_down, NULL},
	[ACT_PAGE_UP] = {"page-up", "PgUp C-b",
		"a screen up",
		act_page_up, NULL},
	[ACT_ENTER] = {"enter", "Enter",
		"open the detail pane; again: move into it",
		act_enter, NULL},
	[ACT_BACK] = {"back", "Esc",
		"go back; clear the marks, the search, the limit",
		act_back, NULL},
	[ACT_QUIT] = {"quit", "q",
		"quit (from the detail pane or help: go back)",
		act_quit, NULL},
	[ACT_STAR] = {"star", "s",
		"star or unstar",
		act_star, NULL},
	[ACT_READ] = {"read", "m",
		"toggle read",
		act_read, NULL},
	[ACT_DISMISS] = {"dismiss", "x",
		"dismiss and move on (again: undismiss)",
		act_dismiss, NULL},
	[ACT_TAG] = {"tag", "t",
		"add a tag (Tab completes)",
		act_tag, "TAGS"},
	[ACT_UNTAG] = {"untag", "T",
		"remove a tag (Tab completes)",
		act_untag, "TAGS"},
	[ACT_MARK] = {"mark", "Space",
		"mark or unmark for a bulk action",
		act_mark, NULL},
	[ACT_APPLY] = {"apply", ";",
		"apply the next action to every marked paper",
		act_apply, NULL},
	[ACT_UNDO] = {"undo", "u",
		"undo the last change (many levels)",
		act_undo, NULL},
	[ACT_NEXT_UNREAD] = {"next-unread", "n",
		"next unread paper",
		act_next_unread, NULL},
	[ACT_PREV_UNREAD] = {"prev-unread", "N",
		"previous unread paper",
		act_prev_unread, NULL},
	[ACT_VIEW1] = {"view1", "1",
		"saved view 1 (today)",
		act_view1, NULL},
	[ACT_VIEW2] = {"view2", "2",
		"saved view 2 (unread)",
		act_view2, NULL},
	[ACT_VIEW3] = {"view3", "3",
		"saved view 3 (starred)",
		act_view3, NULL},
	[ACT_VIEW4] = {"view4", "4",
		"saved view 4 (toread)",
		act_view4, NULL},
	[ACT_VIEW5] = {"view5", "5",
		"saved view 5 (all)",
		act_view5, NULL},
	[ACT_VIEW6] = {"view6", "6",
		"saved view 6 (the config's first view.NAME)",
		act_view6, NULL},
	[ACT_VIEW7] = {"view7", "7",
		"saved view 7",
		act_view7, NULL},
	[ACT_VIEW8] = {"view8", "8",
		"saved view 8",
		act_view8, NULL},
	[ACT_VIEW9] = {"view9", "9",
		"saved view 9",
		act_view9, NULL},
	[ACT_LIMIT] = {"limit", "l",
		"limit the list with a query",
		act_limit, "QUERY"},
	[ACT_SEARCH] = {"search", "/",
		"search as you type",
		act_search, "TEXT"},
	[ACT_PREV_DAY] = {"prev-day", "[",
		"previous listed day (newer)",
		act_prev_day, NULL},
	[ACT_NEXT_DAY] = {"next-day", "]",
		"next listed day (older)",
		act_next_day, NULL},
	[ACT_SORT] = {"sort", "S",
		"cycle the sort: day, upvotes, comments, stars, title, published",
		act_sort, NULL},
	[ACT_OPEN] = {"open", "o",
		"open the selected link (1-5 in the detail pane pick it)",
		act_open, NULL},
	[ACT_COPY] = {"copy", "y",
		"copy the selected link (OSC 52)",
		act_copy, NULL},
	[ACT_COPY_BIBTEX] = {"copy-bibtex", "Y",
		"copy a BibTeX entry (OSC 52)",
		act_copy_bibtex, NULL},
	[ACT_DOWNLOAD] = {"download", "d",
		"download the PDF into download_dir",
		act_download, NULL},
	[ACT_EXPORT] = {"export", "e",
		"export the view, or the marked papers",
		act_export, NULL},
	[ACT_SYNC] = {"sync", "R",
		"sync in the background",
		act_sync, NULL},
	[ACT_SAMPLE] = {"load-sample", "L",
		"load the bundled sample papers (for a first look)",
		act_load_sample, NULL},
	[ACT_DETAIL] = {"detail", "v",
		"show or hide the detail pane",
		act_detail, NULL},
	[ACT_SPLIT] = {"split", "w",
		"detail pane beside or below the list",
		act_split, NULL},
	[ACT_AUTHORS] = {"authors", "A",
		"show every author",
		act_authors, NULL},
	[ACT_HELP] = {"help", "?",
		"this help",
		act_help, NULL},
	[ACT_REDRAW] = {"redraw", "C-l",
		"redraw the screen",
		act_redraw, NULL},
};

const struct action_info *keys_action(enum action act)
{
	return &actions[act];
}

int keys_action_parse(const char *name)
{
	for (int i = 0; i < ACT_COUNT_; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}
