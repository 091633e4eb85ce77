/*
 * arxiv_gate: arXiv's terms of use, kept across every run of papyr.
 *
 * arXiv asks for at most one request every few seconds and one connection
 * at a time, from all of a user's programs together: two cron jobs that
 * start at once, on one cache or two, must take turns. The gate is a small
 * per-user file (config_arxiv_gate_path) that holds the earliest time the
 * next request may start. A request enters the gate by taking an exclusive
 * flock on it (so one connection at a time) and waiting until that time,
 * and leaves by writing the time it ended plus the delay (plus whatever
 * more the server asked for) and letting go of the lock. The file is not
 * the cache: no lock of the cache ever waits on arXiv.
 */
#ifndef PAPYR_ARXIV_GATE_H
#define PAPYR_ARXIV_GATE_H

#include <stdatomic.h>

struct arxiv_gate {
	int fd;
	double delay;             /* seconds between the end of one request
				     and the start of the next */
	const atomic_int *cancel; /* may be NULL: stops a wait soon */
	int held;
};

/* Opens (creating it 0600, and its folder) the gate at path. Returns 0, or
 * -1 with *err set. */
int arxiv_gate_open(struct arxiv_gate *g, const char *path, double delay,
		    const atomic_int *cancel, char **err);
/* Takes the lock (waiting for another run's request to end) and waits until
 * the next request may start. Returns 0 holding the gate, or -1 with *err
 * set (cancelled, or the file failed) not holding it. */
int arxiv_gate_enter(struct arxiv_gate *g, char **err);
/* The request ended: the next may start delay + extra seconds from now
 * (extra: the wait the server asked for, else 0). Lets go of the lock. */
void arxiv_gate_leave(struct arxiv_gate *g, double extra);
void arxiv_gate_close(struct arxiv_gate *g);

#endif
