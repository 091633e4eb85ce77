/*
 * term: papyr's hold on the terminal.
 *
 * Starts curses (wide characters, a short ESCDELAY unless the environment
 * sets one, colours unless NO_COLOR or the terminal has none) and gives it
 * back in term_shutdown, which is safe to call twice and is called on quit,
 * at exit, on SIGINT/SIGTERM/SIGHUP (whose handlers only set a flag) and on
 * the fatal signals (whose handler restores the saved tty modes with
 * async-signal-safe calls before dying). Text is drawn only through
 * term_put, which cleans it and cuts it to a width, never as a format.
 */
#ifndef PAPYR_UI_TERM_H
#define PAPYR_UI_TERM_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

enum role {
	R_NORMAL, R_CURSOR, R_UNREAD, R_STARRED, R_DISMISSED, R_MARKED, R_MATCH,
	R_TITLE, R_HEAD, R_LINK, R_LINK_SEL, R_STATUS, R_ERROR, R_DIM, R_SEP,
	R_COUNT_
};

/* Set by the SIGINT/SIGTERM/SIGHUP handlers: the signal number. */
extern atomic_int term_quit_signal;

/* What papyr knows of the terminal from the config (curses reads TERM and
 * ESCDELAY itself). */
struct term_opts {
	int no_color;       /* NO_COLOR */
	int in_tmux;        /* TMUX */
	int in_screen;      /* STY */
	int mouse;          /* take the mouse (the mouse setting) */
};

/* Starts curses. 0, or -1 with *err set (no terminal). */
int term_start(const struct term_opts *o, char **err);
/* Gives the terminal back; safe to call twice, and before term_start. */
void term_shutdown(void);

/* The attributes of a role: colours when there are colours, else
 * bold/reverse/underline. */
int term_attr(enum role r);
/* Draws untrusted text at y,x in at most cols columns (cleaned, cut with
 * an ellipsis when wider). Returns the columns used. */
int term_put(int y, int x, const char *s, int cols, int attr);
/* The same for n bytes of text known clean (drawing pieces of a line). */
int term_put_n(int y, int x, const char *s, size_t n, int cols, int attr);
/* term_put of text with marks (db_highlight's DB_MARK_ON ... DB_MARK_OFF):
 * the marked words highlighted. Returns the columns used. */
int term_put_hl(int y, int x, const char *s, int cols, int attr);
/* True when the locale's character set is UTF-8. When it is not, term_put
 * draws text in ASCII (term_ascii) and cuts it with "..." (text_ellipsis). */
int term_utf8(void);
/* s[0..n) (UTF-8) in ASCII: accented Latin letters lose their accents,
 * common punctuation becomes its ASCII look-alike (the separator '·' a
 * '|', '…' "..."), anything else a '?'. A new string. */
char *term_ascii(const char *s, size_t n);
/* Fills cols columns with spaces. */
void term_fill(int y, int x, int cols, int attr);

/* Writes n bytes straight to the terminal, after what curses sent. */
void term_write(const char *s, size_t n);
/* Copies text to the clipboard with OSC 52, wrapped for tmux or screen
 * when term_start's options say so. Written after the screen update. */
void term_osc52(const char *text);
/* Base64 of n bytes; a new string. */
char *term_base64(const char *s, size_t n);
/* The OSC 52 sequence for text, wrapped for mux ("tmux", "screen", NULL);
 * a new string. */
char *term_osc52_seq(const char *text, const char *mux);

#endif
