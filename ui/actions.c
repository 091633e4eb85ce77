/*
 * actions: the handlers of movement, panes, views and prompts, and the
 * table of every action with its handler. Triage is in triage.c; links,
 * copies and the sample in links.c; sync and downloads in sync_ui.c;
 * exports in export_ui.c. Handlers act on the panes through their
 * functions and return flags.
 */
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/config.h"
#include "../src/sort_key.h"

static int list_h(struct app *a)
{
	return a->lay.list.h > 0 ? a->lay.list.h : a->lay.detail.h;
}

static int in_detail(const struct app *a)
{
	return a->focus == FOCUS_DETAIL && a->lay.detail_shown;
}

/* Moves by n rows in whichever pane has the keys. */
static int move_by(struct app *a, long n)
{
	if (a->focus == FOCUS_HELP)
		help_scroll(&a->help, n, a->lay.status_y);
	else if (in_detail(a))
		detailpane_scroll(&a->det, n, a->lay.detail.h);
	else
		return listpane_move(a->list, n);
	return F_REDRAW;
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
	return listpane_first(a->list);
}

static int act_bottom(struct app *a, const char *arg)
{
	(void)arg;
	if (a->focus != FOCUS_LIST)
		return move_by(a, 1000000);
	return listpane_last(a->list);
}

static int act_enter(struct app *a, const char *arg)
{
	(void)arg;
	if (a->focus == FOCUS_HELP)
		return F_NONE;
	if (!listpane_row(a->list))
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
		triage_mark_read(a, listpane_row(a->list));
	return F_REDRAW;
}

/* Back out of the detail pane or the help; else clear the marks, then the
 * search, then the limit: one at a time. */
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
	if (listpane_apply_pending(a->list)) {
		listpane_set_apply(a->list, 0);
		return F_REDRAW;
	}
	if (listpane_marks(a->list)->n) {
		listpane_clear_marks(a->list);
		app_msg(a, 0, "marks cleared");
		return F_REDRAW;
	}
	return listpane_clear_query(a->list);
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
	detailpane_toggle_authors(&a->det);
	return F_REDRAW;
}

static int act_help(struct app *a, const char *arg)
{
	(void)arg;
	a->focus = a->focus == FOCUS_HELP ? FOCUS_LIST : FOCUS_HELP;
	help_reset(&a->help);
	return F_REDRAW;
}

static int act_redraw(struct app *a, const char *arg)
{
	(void)a;
	(void)arg;
	clearok(curscr, TRUE);
	return F_REDRAW;
}

static int act_next_unread(struct app *a, const char *arg)
{
	(void)arg;
	return listpane_next_unread(a->list, 1);
}

static int act_prev_unread(struct app *a, const char *arg)
{
	(void)arg;
	return listpane_next_unread(a->list, -1);
}

static int act_next_day(struct app *a, const char *arg)
{
	(void)arg;
	return listpane_next_day(a->list, 1);
}

static int act_prev_day(struct app *a, const char *arg)
{
	(void)arg;
	return listpane_next_day(a->list, -1);
}

const char *app_sort_name(enum db_sort s)
{
	return sort_key_name(s);
}

/* The next sort; relevance only when the query searches text. */
static int act_sort(struct app *a, const char *arg)
{
	(void)arg;
	enum db_sort s = listpane_sort(a->list);
	do
		s = (enum db_sort)((s + 1) % DB_SORT_COUNT_);
	while ((s == DB_SORT_RELEVANCE && !listpane_matches_text(a->list)) ||
	       s == DB_SORT_SCORE);
	listpane_set_sort(a->list, s);
	app_msg(a, 0, "sorted by %s", sort_key_name(s));
	return F_REQUERY | F_KEEP;
}

static int act_reverse(struct app *a, const char *arg)
{
	(void)arg;
	int on = listpane_reverse(a->list);
	app_msg(a, 0, "sorted by %s%s", sort_key_name(listpane_sort(a->list)),
		on ? ", reversed" : "");
	return F_REQUERY | F_KEEP;
}

static int view(struct app *a, int n)
{
	return listpane_set_view(a->list, n);
}

static int act_view1(struct app *a, const char *arg) { (void)arg; return view(a, 0); }
static int act_view2(struct app *a, const char *arg) { (void)arg; return view(a, 1); }
static int act_view3(struct app *a, const char *arg) { (void)arg; return view(a, 2); }
static int act_view4(struct app *a, const char *arg) { (void)arg; return view(a, 3); }
static int act_view5(struct app *a, const char *arg) { (void)arg; return view(a, 4); }
static int act_view6(struct app *a, const char *arg) { (void)arg; return view(a, 5); }
static int act_view7(struct app *a, const char *arg) { (void)arg; return view(a, 6); }
static int act_view8(struct app *a, const char *arg) { (void)arg; return view(a, 7); }
static int act_view9(struct app *a, const char *arg) { (void)arg; return view(a, 8); }

static int act_limit(struct app *a, const char *arg)
{
	if (arg)
		return listpane_set_limit(a->list, arg);
	app_prompt_open(a, PK_LIMIT, "limit: ", listpane_limit(a->list), NULL);
	return F_REDRAW;
}

/* More like this: the list limited to the papers most like the one under
 * the cursor, most alike first (Esc goes back). */
static int act_like(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_REDRAW;
	char *q = xasprintf("like:%s", r->id);
	int f = listpane_set_limit(a->list, q);
	free(q);
	return f;
}

static int act_search(struct app *a, const char *arg)
{
	if (arg)
		return listpane_set_search(a->list, arg);
	app_prompt_open(a, PK_SEARCH, "/", listpane_search(a->list), NULL);
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
		"go back; clear the marks, then the search, then the limit",
		act_back, NULL},
	[ACT_QUIT] = {"quit", "q",
		"quit (from the detail pane or help: go back)",
		act_quit, NULL},
	[ACT_STAR] = {"star", "s",
		"star and move on (again: unstar)",
		act_star, NULL},
	[ACT_READ] = {"read", "m",
		"toggle read",
		act_read, NULL},
	[ACT_DISMISS] = {"dismiss", "x",
		"dismiss and move on (again: undismiss)",
		act_dismiss, NULL},
	[ACT_TAG] = {"tag", "t",
		"add a tag and move on (Tab completes, the most used first)",
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
		"saved view 6 (new)",
		act_view6, NULL},
	[ACT_VIEW7] = {"view7", "7",
		"saved view 7 (foryou)",
		act_view7, NULL},
	[ACT_VIEW8] = {"view8", "8",
		"saved view 8 (the config's first view.NAME)",
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
		"cycle the sort: day, upvotes, comments, stars, title, published, trending",
		act_sort, NULL},
	[ACT_REVERSE] = {"reverse", "r",
		"reverse the sort (S starts the next one unreversed)",
		act_reverse, NULL},
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
		"load the bundled sample papers into an empty cache (a first look)",
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
	[ACT_OPEN_HF] = {"open-hf", "O",
		"open the paper's Hugging Face page",
		act_open_hf, NULL},
	[ACT_MESSAGES] = {"messages", "M",
		"the recent messages, in full",
		act_messages, NULL},
	[ACT_NOTE] = {"note", "E",
		"write the paper's note in the editor ($VISUAL, $EDITOR)",
		act_note, NULL},
	[ACT_LIKE] = {"like", "=",
		"more like this: the papers most like it, most alike first",
		act_like, NULL},
	[ACT_ZOTERO] = {"zotero", "Z",
		"send the paper, or the marked papers, to the running Zotero",
		act_zotero, NULL},
	[ACT_READ_TEXT] = {"full-text", "F",
		"the paper's full text in $PAGER (fetched once, then cached)",
		act_read_text, NULL},
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
