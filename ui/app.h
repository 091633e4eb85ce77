/*
 * app: the interface's panes and the loop that runs them.
 *
 * Each pane owns its state and is reached through its functions:
 *   listpane.c   the list: view, limit, search, sort, the compiled query,
 *                the keyset window, cursor, count and marks (and the
 *                worker thread that counts and reads a search's first page)
 *   detailpane.c the paper in full: its lines, scroll, link, authors
 *   prompt.c     the bottom line's editor: its kind, text and completion
 *   jobs.c       the background jobs (bg.c threads) and their progress line
 *   help.c       the help screen's scroll
 * The loop (app.c) owns what is left: the layout, which pane has the keys,
 * the message line and the undo journal; it routes each key to the prompt
 * when it is open, else through the action table (actions.c) to a handler,
 * and draws (draw.c) when a burst of keys, a worker result or a job report
 * changed something on the screen.
 * The handlers, which act on the panes through their functions and return
 * flags (pane.h): actions.c (moving, panes, views, prompts), triage.c (star,
 * read, dismiss, tags, bulk marks, undo), links.c (open, copy, the sample),
 * sync_ui.c (R and d, on jobs) and export_ui.c (e and Y); index_ui.c
 * rebuilds an older cache's search index on a job.
 */
#ifndef PAPYR_UI_APP_H
#define PAPYR_UI_APP_H

#include <stdint.h>

#include "../db/db.h"
#include "../src/context.h"
#include "detailpane.h"
#include "help.h"
#include "jobs.h"
#include "journal.h"
#include "keys.h"
#include "layout.h"
#include "listpane.h"
#include "pane.h"
#include "prompt.h"

enum focus { FOCUS_LIST, FOCUS_DETAIL, FOCUS_HELP, FOCUS_MESSAGES };

/* What the prompt's answer is for (struct prompt.kind). */
enum prompt_kind { PK_LIMIT, PK_SEARCH, PK_TAG, PK_UNTAG, PK_EXPORT_FORMAT,
		   PK_EXPORT_PATH };

struct app {
	struct context *c;     /* borrowed */
	struct db *db;         /* c->db */
	struct keymap *km;

	/* the panes */
	struct listpane *list;
	struct detailpane det;
	struct prompt pr;
	struct jobs jobs;
	struct help help;

	/* the loop's own */
	struct layout lay;
	enum split split;
	int detail;            /* 0 closed, 1 open, 2 the whole body */
	int detail_set;        /* v was pressed: no longer follows the width */
	enum focus focus;
	struct status st;      /* the message line, lent to the panes */
	struct journal journal;
	int64_t read_pid;      /* shown in the detail pane, read at read_due */
	long long read_due;    /* monotonic ms */
	int64_t page_pid;      /* shown in the detail pane: its Hugging Face
				  page is fetched at page_due (page_ui.c) */
	long long page_due;    /* monotonic ms */
	struct prompt_history hist[2]; /* the limit's and the search's lines */
	char *export_format;   /* export_ui.c's: the last format chosen */
	int rank_failed;       /* rank_ui.c's: a ranking job failed; not again */
	int dirty;             /* the screen changed: draw a frame */
	int quit;
};

/* Sets the message line (text is cleaned when drawn). */
void app_msg(struct app *a, int error, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* M: the messages screen, the recent messages in full. */
int act_messages(struct app *a, const char *arg);
/* Re-reads pid after its state changed: its row and the detail pane. */
void app_refresh_row(struct app *a, int64_t pid);
/* Opens the prompt, with the history of its kind when it keeps one. */
void app_prompt_open(struct app *a, int kind, const char *label, const char *text,
		     char **words);
/* The prompt finished with Enter: acts on its text. */
int app_prompt_done(struct app *a);
/* Before the list is read again: makes the scores its order needs (a
 * learned model's, like:'s) on a background job when they are stale,
 * listing newest first until they are ready (rank_ui.c). */
void rank_check(struct app *a);
/* A ranking job's report: the list is read again. */
int rank_report(struct app *a, const struct bg_msg *m);
/* The name of a sort, for the status line and messages (actions.c). */
const char *app_sort_name(enum db_sort s);

/* triage.c */
int act_star(struct app *a, const char *arg);
int act_read(struct app *a, const char *arg);
int act_dismiss(struct app *a, const char *arg);
int act_tag(struct app *a, const char *arg);
int act_untag(struct app *a, const char *arg);
int act_mark(struct app *a, const char *arg);
int act_apply(struct app *a, const char *arg);
int act_undo(struct app *a, const char *arg);
int triage_tag_done(struct app *a, const char *tag, int remove);
void triage_mark_read(struct app *a, struct db_row *r);

/* links.c */
int act_open(struct app *a, const char *arg);
int act_open_hf(struct app *a, const char *arg);
int act_note(struct app *a, const char *arg);
int act_copy(struct app *a, const char *arg);
int act_load_sample(struct app *a, const char *arg);

/* sync_ui.c */
int act_download(struct app *a, const char *arg);
int act_sync(struct app *a, const char *arg);
/* A sync's report: the list is read again when it brought papers. Flags. */
int sync_report(struct app *a, const struct bg_msg *m);
/* index_ui.c: an older cache's search index, rebuilt on a bg thread; what
 * its report means (the new index in place: the list read again). */
void index_ui_start(struct app *a);
int index_report(struct app *a, const struct bg_msg *m);

/* export_ui.c */
int act_copy_bibtex(struct app *a, const char *arg);
int act_export(struct app *a, const char *arg);
int export_prompt_done(struct app *a, int kind, const char *text);

/* page_ui.c: the shown paper's Hugging Face page, fetched when it stays. */
void page_later(struct app *a, int64_t pid);
/* ms until page_due has something to do, -1 for nothing. */
int page_wait(const struct app *a);
void page_due(struct app *a);
/* A page job's report: the pane shows the page. Flags. */
int page_report(struct app *a, const struct bg_msg *m);

/* read_ui.c: F, the full text in $PAGER. */
int act_read_text(struct app *a, const char *arg);
/* A full-text job's report: shown when its paper is still there. Flags. */
int read_report(struct app *a, const struct bg_msg *m);

/* zotero_ui.c */
int act_zotero(struct app *a, const char *arg);

/* draw.c: the frame, into curses' buffer; then the links, after it. */
void draw_all(struct app *a);
void draw_hyperlinks(struct app *a);

#endif
