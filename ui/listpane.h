/*
 * listpane: the list of papers, the interface's main pane.
 *
 * Owns what the list shows (a saved view, narrowed by a limit and a
 * search, in an order) compiled into one query (view.h), the keyset window
 * over its rows (pwin.h) with the cursor and the first row on screen, the
 * count of its rows and the marks for bulk actions. Counts and a search's
 * first page are read on the worker thread (worker.h), which the pane
 * starts after the first frame and whose results the loop hands it. The
 * pane draws its rows and its part of the status line; errors go to the
 * message line it was given.
 */
#ifndef PAPYR_UI_LISTPANE_H
#define PAPYR_UI_LISTPANE_H

#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "layout.h"
#include "pane.h"

struct buf;
struct context;
struct listpane;
struct vq;

/* The papers a bulk action takes, in the order they were marked. */
struct marks {
	int64_t *pid;
	char **id;
	int n, cap;
};

/* A pane on c's cache and settings (borrowed), showing the view named
 * "all" when there is one. NULL with *err set when that cannot compile. */
struct listpane *listpane_new(struct context *c, struct status *st, char **err);
void listpane_free(struct listpane **l);

/* The rows on screen changed (a new layout): the cursor stays in view. */
void listpane_fit(struct listpane *l, int h);
/* After a resize: also reads the rows the new height shows. */
void listpane_resize(struct listpane *l, int h);
/* Reads the list again (for a new query or new papers); with keep, the
 * cursor stays on its paper. Flags. */
int listpane_requery(struct listpane *l, int keep);

/* The row under the cursor, NULL on an empty list. The row's fields may
 * be updated in place (its flags after a change). */
struct db_row *listpane_row(struct listpane *l);
/* Moves the cursor to index i / by n rows (clamped to the list). Flags. */
int listpane_goto(struct listpane *l, long i);
int listpane_move(struct listpane *l, long n);
/* Moves the cursor to the row shown on screen row y of the list (a click). */
int listpane_pick(struct listpane *l, int y);
int listpane_first(struct listpane *l);
int listpane_last(struct listpane *l);
/* The next (dir 1) or previous unread paper; the first row of the next
 * or previous day. Flags; a message when there is none. */
int listpane_next_unread(struct listpane *l, int dir);
int listpane_next_day(struct listpane *l, int dir);
/* Puts the cursor on pid when its row is loaded. */
void listpane_show(struct listpane *l, int64_t pid);
/* The flags of pid's row when loaded: 0, else -1. */
int listpane_flags_of(struct listpane *l, int64_t pid, unsigned *flags);
/* A paper's state changed: its row (if loaded) takes dp's flags and tags. */
void listpane_update_row(struct listpane *l, const struct db_paper *dp);

/* What the list shows. Each returns flags; an error leaves it as it was
 * and says why on the message line. */
int listpane_set_view(struct listpane *l, int n);
/* The order: the query's own until set. Setting it needs a requery. */
enum db_sort listpane_sort(const struct listpane *l);
/* A copy of the list's filter in the order it asks for (before a fallback);
 * db_filter_clear it. */
void listpane_wanted_filter(const struct listpane *l, struct db_filter *f);
/* The learned model the list is ordered by ("foryou", "foryou:TAG"), ""
 * when none. Borrowed. */
const char *listpane_learned_model(const struct listpane *l);
/* While on, an order by scores that are not ready lists newest first. */
void listpane_set_fallback(struct listpane *l, int on);
void listpane_set_sort(struct listpane *l, enum db_sort s);
/* r: reverses the order (a new sort starts unreversed); 1 when it is
 * reversed now. Needs a requery. */
int listpane_reverse(struct listpane *l);
/* Whether the query searches text (relevance is an order then). */
int listpane_matches_text(const struct listpane *l);
int listpane_set_limit(struct listpane *l, const char *text);
int listpane_set_search(struct listpane *l, const char *text);
/* Search as you type: the text so far; its first page comes from the
 * worker. Done keeps what it shows; cancel drops the search. */
int listpane_search_typed(struct listpane *l, const char *text);
int listpane_search_done(struct listpane *l, const char *text);
int listpane_search_cancel(struct listpane *l);
/* Drops the search, or when there is none the limit; F_NONE when there
 * was neither. */
int listpane_clear_query(struct listpane *l);
/* The limit and the search, NULL when none (borrowed). */
const char *listpane_limit(const struct listpane *l);
const char *listpane_search(const struct listpane *l);
/* What the list shows, compiled into a new *q for a job of its own. 0, or
 * -1 with the error on the message line. */
int listpane_compile(struct listpane *l, struct vq *q);
/* The filter of what the list shows (borrowed; NULL before the first):
 * the words its full text matches are highlighted. */
const struct db_filter *listpane_filter(const struct listpane *l);

/* Marks: Space toggles the paper under the cursor and moves on; ; makes
 * the next action take the marks (applying). */
int listpane_mark(struct listpane *l);
const struct marks *listpane_marks(const struct listpane *l);
int listpane_marked(const struct listpane *l, int64_t pid);
void listpane_clear_marks(struct listpane *l);
/* 1 after ;, until the next action ends; listpane_applying is that and
 * some paper marked. */
int listpane_apply_pending(const struct listpane *l);
int listpane_applying(const struct listpane *l);
void listpane_set_apply(struct listpane *l, int on);
/* An action took the marks: they are cleared with the ; that chose them,
 * so the next ; starts from none. */
void listpane_applied(struct listpane *l);

/* The cache had no paper at all when opened (a first run's hints). */
int listpane_empty_cache(const struct listpane *l);
void listpane_set_empty_cache(struct listpane *l, int empty);
/* Reads the cache again to know (a sync or an import may have filled it). */
int listpane_check_empty_cache(struct listpane *l);

/* The worker: the fd the loop waits on (-1 none), its results, and the
 * count asked for once a frame is out (its connection is opened then). */
int listpane_worker_fd(const struct listpane *l);
/* Takes the worker's results; 1 when the list changed. */
int listpane_on_worker(struct listpane *l);
void listpane_after_frame(struct listpane *l);

/* Draws the rows in rc, the cursor shown unless the keys are elsewhere. */
void listpane_draw(struct listpane *l, const struct rect *rc, int cursor_shown);
/* The status line's parts: what the list shows (sort_name names its
 * order), and " cur/count ". */
void listpane_describe(const struct listpane *l, struct buf *out, const char *sort_name);
void listpane_position(const struct listpane *l, char *out, size_t size);

#endif
