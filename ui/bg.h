/*
 * bg: long jobs on threads of their own, knowing nothing of the screen.
 *
 * A job is a function run on a new thread with its own data, which the
 * caller hands over and bg frees once the job has ended. A job reports
 * through bg_report: reports wait in a queue under a mutex and a byte on a
 * pipe wakes the event loop, which takes them with bg_take and gives each
 * to whatever started the job (the report's tag says which kind it was).
 * An unread progress report is replaced by the job's next one, so the queue
 * stays short and a job never blocks on a slow reader; a job's last report
 * (done) is always kept. bg_stop sets the jobs' cancel flag, an atomic that
 * the core's sync, download and export loops read, and joins every thread.
 */
#ifndef PAPYR_UI_BG_H
#define PAPYR_UI_BG_H

#include <stdatomic.h>

struct bg;
struct bg_job;

struct bg_msg {
	int tag;           /* the tag the job was started with */
	int done;          /* the job ended: rc says how */
	int rc;            /* 0 ok, 1 partly, -1 failed */
	long changed;      /* papers added or updated so far */
	char text[400];    /* progress or the outcome, for the status line */
};

/* The job function: runs on the job's thread; reports through bg_report. */
typedef void (*bg_fn)(struct bg_job *job, void *arg);

/* NULL when no pipe can be made. */
struct bg *bg_new(void);
/* Asks the jobs to cancel, joins them and frees. Safe on NULL. */
void bg_stop(struct bg **bg);
/* Readable when reports wait. */
int bg_fd(const struct bg *bg);
/*
 * Runs fn(job, arg) on a new thread; free_arg (may be NULL) frees arg after
 * the thread is joined. With only_one, refuses while a job of the same tag
 * runs. 0, or -1 (busy, too many jobs, no thread): then arg is still the
 * caller's.
 */
int bg_run(struct bg *bg, int tag, int only_one, bg_fn fn, void *arg,
	   void (*free_arg)(void *));
/* Whether a job of tag is running. */
int bg_busy(struct bg *bg, int tag);
/* Takes one report (the main thread's side); 0 when none is left. */
int bg_take(struct bg *bg, struct bg_msg *out);

/* The job's side: m's tag is filled in. */
void bg_report(struct bg_job *job, const struct bg_msg *m);
/* Set when the interface is closing: the job should stop soon. */
const atomic_int *bg_cancel_flag(const struct bg_job *job);

#endif
