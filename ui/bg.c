/* bg: jobs on threads, reporting through a pipe (see bg.h). */
#include "bg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/base/mem.h"
#include "app.h"

#define BG_MAX 8

struct task {
	struct bg *bg;
	pthread_t th;
	enum bg_kind kind;
	bg_fn fn;
	void *arg;
	void (*free_arg)(void *);
	int used;
	volatile int finished;
};

struct bg {
	int pipe[2];
	volatile sig_atomic_t cancel;
	pthread_mutex_t mu;
	struct task t[BG_MAX];
};

struct bg *bg_new(void)
{
	struct bg *bg = xcalloc(1, sizeof *bg);
	if (pipe(bg->pipe) != 0) {
		free(bg);
		return NULL;
	}
	fcntl(bg->pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(bg->pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(bg->pipe[1], F_SETFD, FD_CLOEXEC);
	pthread_mutex_init(&bg->mu, NULL);
	return bg;
}

static void reap(struct bg *bg, int wait_all)
{
	for (int i = 0; i < BG_MAX; i++) {
		struct task *t = &bg->t[i];
		if (!t->used || (!wait_all && !t->finished))
			continue;
		pthread_join(t->th, NULL);
		if (t->free_arg)
			t->free_arg(t->arg);
		memset(t, 0, sizeof *t);
	}
}

void bg_stop(struct bg **pbg)
{
	struct bg *bg = *pbg;
	if (!bg)
		return;
	bg->cancel = 1;
	/* Jobs may block writing progress: drain while they finish. */
	for (;;) {
		int busy = 0;
		for (int i = 0; i < BG_MAX; i++)
			busy |= bg->t[i].used && !bg->t[i].finished;
		if (!busy)
			break;
		char drain[sizeof(struct bg_msg)];
		if (read(bg->pipe[0], drain, sizeof drain) < 0 && errno == EAGAIN)
			usleep(10000);
	}
	reap(bg, 1);
	close(bg->pipe[0]), close(bg->pipe[1]);
	pthread_mutex_destroy(&bg->mu);
	free(bg);
	*pbg = NULL;
}

int bg_fd(const struct bg *bg)
{
	return bg->pipe[0];
}

volatile sig_atomic_t *bg_cancel_flag(struct bg *bg)
{
	return &bg->cancel;
}

int bg_busy(const struct bg *bg, enum bg_kind kind)
{
	for (int i = 0; i < BG_MAX; i++)
		if (bg->t[i].used && !bg->t[i].finished && bg->t[i].kind == kind)
			return 1;
	return 0;
}

static void *task_main(void *arg)
{
	struct task *t = arg;
	t->fn(t->bg, t->arg);
	t->finished = 1;
	return NULL;
}

int bg_run(struct bg *bg, enum bg_kind kind, bg_fn fn, void *arg, void (*free_arg)(void *))
{
	reap(bg, 0);
	if ((kind == BG_SYNC || kind == BG_EXPORT) && bg_busy(bg, kind))
		return -1;
	for (int i = 0; i < BG_MAX; i++) {
		struct task *t = &bg->t[i];
		if (t->used)
			continue;
		*t = (struct task){.bg = bg, .kind = kind, .fn = fn, .arg = arg,
				   .free_arg = free_arg, .used = 1};
		if (pthread_create(&t->th, NULL, task_main, t) != 0) {
			memset(t, 0, sizeof *t);
			return -1;
		}
		return 0;
	}
	return -1;
}

void bg_report(struct bg *bg, const struct bg_msg *m)
{
	/* One message is smaller than PIPE_BUF, so it arrives whole. */
	const char *p = (const char *)m;
	size_t off = 0;
	while (off < sizeof *m) {
		ssize_t w = write(bg->pipe[1], p + off, sizeof *m - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

static void on_msg(struct app *a, const struct bg_msg *m)
{
	if (m->done) {
		app_msg(a, m->rc < 0, "%s", m->text);
		a->bgstat[0] = '\0';
	} else {
		snprintf(a->bgstat, sizeof a->bgstat, "%s", m->text);
	}
	if (m->kind != BG_SYNC)
		return;
	/* New papers landed: read the list again, the cursor on its paper. */
	if ((m->done && m->changed > 0) || m->changed > a->sync_seen) {
		a->empty_cache = 0;
		app_requery(a, 1);
	}
	a->sync_seen = m->done ? 0 : m->changed;
}

void bg_handle(struct app *a)
{
	struct bg_msg m;
	ssize_t n;
	while ((n = read(bg_fd(a->bg), &m, sizeof m)) == (ssize_t)sizeof m)
		on_msg(a, &m);
	reap(a->bg, 0);
}
