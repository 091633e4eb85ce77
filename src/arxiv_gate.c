/* arxiv_gate: one arXiv request at a time, apart, across runs (see
 * arxiv_gate.h). */
#include "arxiv_gate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/mem.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleeps up to s seconds in short steps; 0, or -1 when cancelled. */
static int nap(double s, const atomic_int *cancel)
{
	while (s > 0) {
		if (cancel && atomic_load(cancel))
			return -1;
		double step = s < 0.05 ? s : 0.05;
		struct timespec ts = {(time_t)step, (long)((step - (double)(time_t)step) * 1e9)};
		nanosleep(&ts, NULL);
		s -= step;
	}
	return cancel && atomic_load(cancel) ? -1 : 0;
}

int arxiv_gate_open(struct arxiv_gate *g, const char *path, double delay,
		    const atomic_int *cancel, char **err)
{
	memset(g, 0, sizeof *g);
	g->fd = -1;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir, 0700, err) != 0) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	g->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (g->fd < 0)
		return set_err(err, "%s: %s", path, strerror(errno));
	g->delay = delay;
	g->cancel = cancel;
	return 0;
}

/* The time the file holds, or 0 when it holds none. */
static double next_start(int fd)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *end;
	double t = strtod(buf, &end);
	return end == buf || t != t ? 0 : t;
}

int arxiv_gate_enter(struct arxiv_gate *g, char **err)
{
	/* The lock, waiting in steps so a cancel is heard. */
	while (flock(g->fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return set_err(err, "arXiv's gate file: %s", strerror(errno));
		if (nap(0.02, g->cancel) != 0)
			return set_err(err, "cancelled");
	}
	g->held = 1;
	double wait = next_start(g->fd) - now();
	/* A time far ahead (a clock set back) waits no longer than one delay
	 * and whatever a server may ask for. */
	if (wait > g->delay + 3600)
		wait = g->delay;
	if (wait > 0 && nap(wait, g->cancel) != 0) {
		flock(g->fd, LOCK_UN); /* no request made: the time stays */
		g->held = 0;
		return set_err(err, "cancelled");
	}
	return 0;
}

void arxiv_gate_leave(struct arxiv_gate *g, double extra)
{
	if (!g->held)
		return;
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%.3f\n", now() + g->delay + (extra > 0 ? extra : 0));
	if (pwrite(g->fd, buf, (size_t)n, 0) == n)
		(void)!ftruncate(g->fd, n);
	flock(g->fd, LOCK_UN);
	g->held = 0;
}

void arxiv_gate_close(struct arxiv_gate *g)
{
	if (g->held)
		arxiv_gate_leave(g, 0);
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
}
