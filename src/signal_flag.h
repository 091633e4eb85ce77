/*
 * signal_flag: SIGINT, SIGTERM and SIGHUP turned into a flag.
 *
 * A long run (an export, a sync, the interface's loop) asks to be told of
 * Ctrl-C, a kill or a hang-up, and stops cleanly at its next check instead
 * of dying half way. The handler only stores the signal's number in a
 * lock-free atomic_int, which a handler may safely do and which the run's
 * other threads may read.
 */
#ifndef PAPYR_SIGNAL_FLAG_H
#define PAPYR_SIGNAL_FLAG_H

#include <signal.h>
#include <stdatomic.h>

struct signal_flag {
	struct sigaction old[3]; /* what was there before, for restore */
};

/* Clears *flag, then makes the three signals set it to their number. One
 * flag at a time: a second call moves the signals to the new flag. */
void signal_flag_catch(struct signal_flag *s, atomic_int *flag);
/* Puts back the handlers signal_flag_catch found. */
void signal_flag_restore(const struct signal_flag *s);

#endif
