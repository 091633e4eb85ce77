/*
 * app: the interface's state, shared by the event loop (app.c), the key
 * handlers (actions.c, triage.c) and the drawing (draw.c). Handlers change
 * this state and return flags; only the loop draws.
 */
#ifndef PAPYR_UI_APP_H
#define PAPYR_UI_APP_H

#include <stdint.h>

#include "../db/db.h"
#include "../src/context.h"
#include "detail.h"
#include "jobs.h"
#include "journal.h"
#include "keys.h"
#include "layout.h"
#include "prompt.h"
#include "pwin.h"
#include "view.h"

enum handler_flags {
	F_NONE = 0,
	F_REDRAW = 1 << 0,  /* the screen changed */
	F_REQUERY = 1 << 1, /* the list's query changed: read it again */
	F_QUIT = 1 << 2,
	F_KEEP = 1 << 3,    /* with F_REQUERY: stay on the current paper */
};

/* Relevance ranks the newest this many matches (db_filter.rank_window). */
#define RANK_WINDOW 20000

enum focus { FOCUS_LIST, FOCUS_DETAIL, FOCUS_HELP };

enum prompt_kind { PK_LIMIT, PK_SEARCH, PK_TAG, PK_UNTAG, PK_EXPORT_FORMAT,
		   PK_EXPORT_PATH };

struct marks {
	int64_t *pid;
	char **id;
	int n, cap;
};

struct worker;
struct bg_msg;

struct app {
	struct context *c;
	struct db *db;
	struct keymap *km;
	struct layout lay;
	enum split split;
	int detail;            /* 0 closed, 1 open, 2 the whole body */
	int detail_set;        /* v was pressed: no longer follows the width */
	enum focus focus;

	/* the list */
	int view;              /* index into cfg.views, -1 none */
	char *limit;           /* l's query, NULL none */
	char *search;          /* /'s text, NULL none */
	enum db_sort sort;
	struct vq q;           /* the compiled view + limit + search */
	struct vq pending;     /* a search waiting for its first page */
	unsigned page_gen;     /* the worker job that page comes from */
	struct pwin pw;
	long cur, top;
	long count;            /* -1 until counted */
	unsigned count_gen;
	int count_due;         /* a count to ask the worker for after the frame */

	/* the detail pane */
	struct db_paper dp;    /* pid 0 when none loaded */
	struct detail det;
	int det_width;
	long det_top;
	int link;              /* selected link, 0-based */
	int unfold;

	struct journal journal;
	struct marks marks;
	int apply_marked;      /* ';' was pressed: the next action takes the marks */
	struct prompt pr;
	char *export_format;

	long help_top;
	char osc8_sig[96];     /* what the last OSC 8 links were drawn for */
	char msg[512];
	int msg_error;
	int quit;
	int empty_cache;       /* no paper at all: offer a sync or the sample */

	struct worker *worker;
	int worker_tried;
	struct jobs jobs;      /* sync, download and export threads */
};

/* Moves the cursor to index i (clamped to the list). Returns F_REDRAW. */
int app_goto(struct app *a, long i);
/* The row under the cursor, or NULL on an empty list. */
struct db_row *app_row(struct app *a);
/* Sets the status message (text is cleaned when drawn). */
void app_msg(struct app *a, int error, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Re-reads the row of pid after its state changed. */
void app_refresh_row(struct app *a, int64_t pid);
/* The prompt finished with Enter: acts on its text. */
int app_prompt_done(struct app *a);
/* Sets the limit (l) or the search (/) as the prompt's Enter would. Flags;
 * on an error the message says why and nothing changes. */
int app_set_limit(struct app *a, const char *text);
int app_set_search(struct app *a, const char *text);
/* The prompt's text changed (search as you type). */
int app_prompt_changed(struct app *a);
/* Reads the list again for the current view, limit, search and sort. */
int app_requery(struct app *a, int keep);
/* Loads the paper under the cursor into the detail pane when it shows. */
void app_sync_detail(struct app *a);

/* Compiles the view, limit and search into a->q. F_REDRAW, with a message
 * on an error (the old query stays). */
int app_rebuild_query(struct app *a, int prefix);
const char *app_sort_name(enum db_sort s);
/* Compiles what the list shows (view, limit, search, sort) into a new *q,
 * for a job of its own. 0, or -1 with the error shown. */
int app_compile_view(struct app *a, struct vq *q);

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
int marks_has(const struct marks *m, int64_t pid);
void marks_clear(struct marks *m);

/* links.c */
int act_open(struct app *a, const char *arg);
int act_copy(struct app *a, const char *arg);
int act_copy_bibtex(struct app *a, const char *arg);
int act_download(struct app *a, const char *arg);
int act_export(struct app *a, const char *arg);
int act_sync(struct app *a, const char *arg);
int act_load_sample(struct app *a, const char *arg);
int export_prompt_done(struct app *a, int kind, const char *text);
/* A sync's report: the list is read again when it brought papers. Flags. */
int sync_report(struct app *a, const struct bg_msg *m);

/* draw.c */
void draw_all(struct app *a);
/* The last drawn frame's links, for OSC 8. */
void draw_hyperlinks(struct app *a);

#endif
