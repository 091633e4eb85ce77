/*
 * worker: slow reads off the key path.
 *
 * A thread with its own connection to the cache counts a list's rows and
 * reads a search's first page, so no key waits on them. A new job of a kind
 * replaces the pending one and interrupts the running one (db_interrupt);
 * results come back through a pipe the event loop polls, tagged with the
 * generation the caller was given so stale ones are dropped.
 */
#ifndef PAPYR_UI_WORKER_H
#define PAPYR_UI_WORKER_H

#include "../db/db.h"

struct config;
struct worker;

enum wkind { W_COUNT, W_PAGE, W_KINDS_ };

struct wresult {
	enum wkind kind;
	unsigned gen;
	int rc;               /* 0, or -1 with err (also when interrupted) */
	long count;           /* W_COUNT */
	struct db_page page;  /* W_PAGE: the caller frees with db_page_free */
	char *err;
};

/* Starts the thread; NULL when the cache cannot be opened again (then the
 * caller does without counts). */
struct worker *worker_start(const char *db_path, const struct config *cfg);
void worker_stop(struct worker **w);
/* Queues a count of f's rows (f is copied). Returns the job's generation. */
unsigned worker_count(struct worker *w, const struct db_filter *f);
/* Queues a read of f's first n rows. Returns the job's generation. */
unsigned worker_page(struct worker *w, const struct db_filter *f, int n);
/* Readable when results wait. */
int worker_fd(const struct worker *w);
/* Takes one finished result; 0 when none is left. */
int worker_take(struct worker *w, struct wresult *out);

#endif
