/*
 * pane: what the interface's panes share with the event loop.
 *
 * A key handler or a pane's function changes its own pane's state and
 * returns flags; only the loop (app.c) reads the list again and draws, and
 * it draws a frame only when a flag, a result or the message says that
 * something on the screen changed. A
 * pane that has something to say writes it to the message line, which the
 * loop owns and lends to each pane when it is made.
 */
#ifndef PAPYR_UI_PANE_H
#define PAPYR_UI_PANE_H

#include "../src/base/mem.h"

enum handler_flags {
	F_NONE = 0,
	F_REDRAW = 1 << 0,  /* the screen changed */
	F_REQUERY = 1 << 1, /* the list's query changed: read it again */
	F_QUIT = 1 << 2,
	F_KEEP = 1 << 3,    /* with F_REQUERY: stay on the current paper */
};

#define STATUS_LOG 64 /* messages kept for the messages screen */

/* The message line, left of the status line's position, and the messages
 * it showed before, which a long one may not have fitted. */
struct status {
	char msg[512];
	int error;
	int changed;   /* since the last frame */
	struct {
		char msg[512];
		int error;
	} log[STATUS_LOG]; /* a ring: the newest is log[(nlog - 1) % STATUS_LOG] */
	unsigned nlog;
};

/* Sets the message (text is cleaned when drawn). */
void status_set(struct status *s, int error, const char *fmt, ...) PRINTF_LIKE(3, 4);
void status_clear(struct status *s);

#endif
