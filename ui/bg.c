/* bg: jobs on threads, reporting through a queue and a pipe (see bg.h). */
#include "bg.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/base/mem.h"

#define BG_MAX 8

struct bg_job {
	struct bg *bg;
	pthread_t th;
	int tag;
	bg_fn fn;
	void *arg;
	void (*free_arg)(void *);
	int used;             /* the main thread's alone */
	/* under bg->mu: */
	int finished;
	int has_progress;     /* progress holds an unread report */
	struct bg_msg progress;
};

struct bg {
	int pipe[2];
	atomic_int cancel;
	pthread_mutex_t mu;
	struct bg_job t[BG_MAX];
	struct bg_msg *done;  /* under mu: the jobs' last reports, oldest first */
	int ndone, cap;
};

struct bg *bg_new(void)
{
	struct bg *bg = xcalloc(1, sizeof *bg);
	if (pipe(bg->pipe) != 0) {
		free(bg);
		return NULL;
	}
	/* Both ends non-blocking: a job never waits on the loop, and a full
	 * pipe already means "reports wait". */
	for (int i = 0; i < 2; i++) {
		fcntl(bg->pipe[i], F_SETFL, O_NONBLOCK);
		fcntl(bg->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	atomic_init(&bg->cancel, 0);
	pthread_mutex_init(&bg->mu, NULL);
	return bg;
}

static void job_clear(struct bg_job *t)
{
	pthread_join(t->th, NULL);
	if (t->free_arg)
		t->free_arg(t->arg);
	memset(t, 0, sizeof *t);
}

/* Joins the jobs that have ended. */
static void reap(struct bg *bg)
{
	for (int i = 0; i < BG_MAX; i++) {
		struct bg_job *t = &bg->t[i];
		if (!t->used)
			continue;
		pthread_mutex_lock(&bg->mu);
		int finished = t->finished;
		pthread_mutex_unlock(&bg->mu);
		if (finished)
			job_clear(t);
	}
}

void bg_stop(struct bg **pbg)
{
	struct bg *bg = *pbg;
	if (!bg)
		return;
	atomic_store(&bg->cancel, 1);
	for (int i = 0; i < BG_MAX; i++)
		if (bg->t[i].used)
			job_clear(&bg->t[i]);
	close(bg->pipe[0]), close(bg->pipe[1]);
	pthread_mutex_destroy(&bg->mu);
	free(bg->done);
	free(bg);
	*pbg = NULL;
}

int bg_fd(const struct bg *bg)
{
	return bg->pipe[0];
}

const atomic_int *bg_cancel_flag(const struct bg_job *job)
{
	return &job->bg->cancel;
}

int bg_busy(struct bg *bg, int tag)
{
	int busy = 0;
	pthread_mutex_lock(&bg->mu);
	for (int i = 0; i < BG_MAX; i++)
		busy |= bg->t[i].used && !bg->t[i].finished && bg->t[i].tag == tag;
	pthread_mutex_unlock(&bg->mu);
	return busy;
}

static void *job_main(void *arg)
{
	struct bg_job *t = arg;
	t->fn(t, t->arg);
	pthread_mutex_lock(&t->bg->mu);
	t->finished = 1;
	pthread_mutex_unlock(&t->bg->mu);
	return NULL;
}

int bg_run(struct bg *bg, int tag, int only_one, bg_fn fn, void *arg,
	   void (*free_arg)(void *))
{
	reap(bg);
	if (only_one && bg_busy(bg, tag))
		return -1;
	for (int i = 0; i < BG_MAX; i++) {
		struct bg_job *t = &bg->t[i];
		if (t->used)
			continue;
		*t = (struct bg_job){.bg = bg, .tag = tag, .fn = fn, .arg = arg,
				     .free_arg = free_arg, .used = 1};
		if (pthread_create(&t->th, NULL, job_main, t) != 0) {
			memset(t, 0, sizeof *t);
			return -1;
		}
		return 0;
	}
	return -1;
}

void bg_report(struct bg_job *job, const struct bg_msg *m)
{
	struct bg *bg = job->bg;
	pthread_mutex_lock(&bg->mu);
	if (m->done) {
		job->has_progress = 0; /* the outcome says more */
		if (bg->ndone == bg->cap) {
			bg->cap = bg->cap ? bg->cap * 2 : 8;
			bg->done = xrealloc(bg->done, (size_t)bg->cap * sizeof *bg->done);
		}
		bg->done[bg->ndone] = *m;
		bg->done[bg->ndone++].tag = job->tag;
	} else {
		job->progress = *m;
		job->progress.tag = job->tag;
		job->has_progress = 1;
	}
	pthread_mutex_unlock(&bg->mu);
	ssize_t w;
	do
		w = write(bg->pipe[1], "", 1);
	while (w < 0 && errno == EINTR);
}

int bg_take(struct bg *bg, struct bg_msg *out)
{
	char drain[64];
	while (read(bg->pipe[0], drain, sizeof drain) > 0)
		;
	int got = 0;
	pthread_mutex_lock(&bg->mu);
	for (int i = 0; i < BG_MAX && !got; i++) {
		if (!bg->t[i].has_progress)
			continue;
		*out = bg->t[i].progress;
		bg->t[i].has_progress = 0;
		got = 1;
	}
	if (!got && bg->ndone > 0) {
		*out = bg->done[0];
		memmove(bg->done, bg->done + 1, (size_t)(bg->ndone - 1) * sizeof *bg->done);
		bg->ndone--;
		got = 1;
	}
	pthread_mutex_unlock(&bg->mu);
	if (!got)
		reap(bg);
	return got;
}
