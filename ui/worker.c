/* worker: counts and first pages on a thread of their own (see worker.h). */
#include "worker.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/base/mem.h"

#define WORKER_DONE_MAX 8

struct job {
	enum wkind kind;
	unsigned gen;
	int n;
	struct db_filter f;   /* a deep copy: the tree is the job's */
};

struct worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct db *db;
	int pipe[2];
	struct job *pending[W_KINDS_];
	int running;          /* the kind running, -1 none */
	int stop;
	unsigned gen;
	struct wresult done[WORKER_DONE_MAX];
	int ndone;
};

static struct job *job_new(enum wkind kind, const struct db_filter *f, int n)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->kind = kind;
	j->n = n;
	db_filter_copy(&j->f, f);
	return j;
}

static void job_free(struct job **pj)
{
	struct job *j = *pj;
	if (!j)
		return;
	db_filter_clear(&j->f);
	free(j);
	*pj = NULL;
}

static void run(struct worker *w, struct job *j, struct wresult *r)
{
	memset(r, 0, sizeof *r);
	r->kind = j->kind;
	r->gen = j->gen;
	if (j->kind == W_COUNT)
		r->rc = db_count(w->db, &j->f, &r->count, &r->err);
	else
		r->rc = db_list(w->db, &j->f, NULL, 0, j->n, &r->page, &r->err);
	if (j->kind != W_COUNT && r->rc == 0) { /* the matched words marked */
		char *err = NULL;
		db_mark_titles(w->db, &j->f, &r->page, &err);
		free(err);
	}
}

static struct job *next_job(struct worker *w)
{
	for (int k = W_KINDS_ - 1; k >= 0; k--)
		if (w->pending[k]) {
			struct job *j = w->pending[k];
			w->pending[k] = NULL;
			return j;
		}
	return NULL;
}

static void push_done(struct worker *w, struct wresult *r)
{
	if (w->ndone == WORKER_DONE_MAX) {
		db_page_free(&w->done[0].page);
		free(w->done[0].err);
		memmove(w->done, w->done + 1, (WORKER_DONE_MAX - 1) * sizeof *w->done);
		w->ndone--;
	}
	w->done[w->ndone++] = *r;
}

static void *thread_main(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct job *j;
		while (!w->stop && !(j = next_job(w)))
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop)
			break;
		w->running = (int)j->kind;
		pthread_mutex_unlock(&w->mu);
		struct wresult r;
		run(w, j, &r);
		job_free(&j);
		pthread_mutex_lock(&w->mu);
		w->running = -1;
		push_done(w, &r);
		ssize_t n = write(w->pipe[1], "", 1);
		(void)n;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct worker *worker_start(const char *db_path, const struct config *cfg)
{
	(void)cfg;
	struct worker *w = xcalloc(1, sizeof *w);
	char *err = NULL;
	w->running = -1;
	if (db_open(&w->db, db_path, &err) != 0 ||
	    db_cache_keep(w->db, DB_CACHE_UI_KIB, &err) != 0 || pipe(w->pipe) != 0) {
		free(err);
		db_close(&w->db);
		free(w);
		return NULL;
	}
	fcntl(w->pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(w->pipe[1], F_SETFL, O_NONBLOCK);
	fcntl(w->pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(w->pipe[1], F_SETFD, FD_CLOEXEC);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->th, NULL, thread_main, w) != 0) {
		close(w->pipe[0]), close(w->pipe[1]);
		db_close(&w->db);
		free(w);
		return NULL;
	}
	return w;
}

void worker_stop(struct worker **pw)
{
	struct worker *w = *pw;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	if (w->running >= 0)
		db_interrupt(w->db);
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	for (int k = 0; k < W_KINDS_; k++)
		job_free(&w->pending[k]);
	for (int i = 0; i < w->ndone; i++) {
		db_page_free(&w->done[i].page);
		free(w->done[i].err);
	}
	db_close(&w->db);
	close(w->pipe[0]), close(w->pipe[1]);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	*pw = NULL;
}

static unsigned submit(struct worker *w, struct job *j)
{
	pthread_mutex_lock(&w->mu);
	unsigned gen = j->gen = ++w->gen;
	job_free(&w->pending[j->kind]);
	w->pending[j->kind] = j;
	if (w->running == (int)j->kind)
		db_interrupt(w->db); /* superseded: stop it */
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return gen; /* j may be gone already */
}

unsigned worker_count(struct worker *w, const struct db_filter *f)
{
	return submit(w, job_new(W_COUNT, f, 0));
}

unsigned worker_page(struct worker *w, const struct db_filter *f, int n)
{
	return submit(w, job_new(W_PAGE, f, n));
}

int worker_fd(const struct worker *w)
{
	return w->pipe[0];
}

int worker_take(struct worker *w, struct wresult *out)
{
	char drain[64];
	while (read(w->pipe[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&w->mu);
	int got = w->ndone > 0;
	if (got) {
		*out = w->done[0];
		memmove(w->done, w->done + 1, (size_t)(w->ndone - 1) * sizeof *w->done);
		w->ndone--;
	}
	pthread_mutex_unlock(&w->mu);
	return got;
}
