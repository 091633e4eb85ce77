/*
 * jobs: the background jobs' area of the screen.
 *
 * Owns the interface's bg (made on the first job, so a session without one
 * opens no pipe) and the running job's progress line, which the
 * status line shows beside the position. It starts jobs for whoever asks
 * and hands their reports back to the event loop; what a report means (a
 * sync's new papers mean reading the list again) is for the code that
 * started the job. Jobs themselves know no pane: see bg.h.
 */
#ifndef PAPYR_UI_JOBS_H
#define PAPYR_UI_JOBS_H

#include <stdint.h>

#include "bg.h"
#include "../src/context.h"
#include "../src/pages.h"

/* What a job is, in its reports' tags. */
enum job_tag { JOB_SYNC, JOB_DOWNLOAD, JOB_EXPORT, JOB_INDEX, JOB_RANK, JOB_ZOTERO,
	       JOB_PAGE, JOB_READ, JOB_KEYS };

struct jobs {
	struct bg *bg;       /* NULL until the first job */
	char status[400];    /* a running job's progress, "" when none */
	long sync_seen;      /* sync_ui.c's: papers the running sync had added
	                      * when its last report was read */
};

/* Starts fn(job, arg) on a thread; with only_one, not while a job of that
 * tag runs. 0, or -1 with *why set to a message (then arg is the caller's). */
int jobs_start(struct jobs *j, enum job_tag tag, int only_one, bg_fn fn, void *arg,
	       void (*free_arg)(void *), const char **why);
int jobs_busy(struct jobs *j, enum job_tag tag);
/* The fd the loop waits on, -1 when no job ever started. */
int jobs_fd(const struct jobs *j);
/* Takes one report and updates the progress line from it; 0 when none. */
int jobs_take(struct jobs *j, struct bg_msg *m);
/* The progress line, "" when no job runs. */
const char *jobs_status(const struct jobs *j);
/* Cancels the running jobs and waits for them. */
void jobs_stop(struct jobs *j);

/* A job fetching one cached paper's page or full text (src/pages.h) on its
 * own connection: copies of what it needs, the thread's to keep. */
struct fetch_job {
	char *db_path;
	char *hf_url;
	char *token;
	int timeout;
	double max_wait;
	char *id;
	int64_t pid;
};

/* The job for paper id (pid) with c's cache and settings. */
struct fetch_job *fetch_job_new(const struct context *c, const char *id, int64_t pid);
/* Frees a fetch_job (void * to serve as jobs_start's free_arg). */
void fetch_job_free(void *p);
/* The options pages_fetch and fulltext_fetch take for j, run as job. */
struct pages_opts fetch_job_opts(const struct fetch_job *j, struct bg_job *job);

#endif
