/*
 * bg: long jobs (a sync, PDF downloads, an export) on threads of their own.
 *
 * A job runs a function on its own thread and reports through bg_report,
 * which writes a fixed-size message to a pipe the event loop polls; the
 * loop turns messages into the status line and, when a sync lands new
 * papers, a refresh that keeps the cursor on its paper. Keys never wait.
 */
#ifndef PAPYR_UI_BG_H
#define PAPYR_UI_BG_H

#include <signal.h>

struct app;
struct bg;

enum bg_kind { BG_SYNC, BG_DOWNLOAD, BG_EXPORT };

struct bg_msg {
	enum bg_kind kind;
	int done;          /* the job ended: rc says how */
	int rc;            /* 0 ok, 1 partly, -1 failed */
	long changed;      /* papers added or updated so far */
	char text[400];    /* progress or the outcome, for the status line */
};

/* The job function: runs on the job's thread; reports through bg_report. */
typedef void (*bg_fn)(struct bg *bg, void *arg);

struct bg *bg_new(void);
/* Stops (asks the jobs to cancel and waits for them) and frees. */
void bg_stop(struct bg **bg);
int bg_fd(const struct bg *bg);
/* Runs fn(arg) on a new thread; free_arg (may be NULL) frees arg after.
 * 0, or -1 when a job of that kind runs already (BG_SYNC, BG_EXPORT) or no
 * thread. */
int bg_run(struct bg *bg, enum bg_kind kind, bg_fn fn, void *arg, void (*free_arg)(void *));
/* Called on a job's thread. */
void bg_report(struct bg *bg, const struct bg_msg *m);
/* Set when the interface is closing: jobs should stop soon. */
volatile sig_atomic_t *bg_cancel_flag(struct bg *bg);
/* Whether a job of kind is running. */
int bg_busy(const struct bg *bg, enum bg_kind kind);
/* The event loop's side: reads the messages and acts on them. */
void bg_handle(struct app *a);

#endif
