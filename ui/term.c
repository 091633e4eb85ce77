/* term: curses set-up and teardown, signals, safe drawing (see term.h). */
#include "term.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "../src/base/text.h"
#include "../db/db.h"
#include "../src/signal_flag.h"
#include "layout.h"

atomic_int term_quit_signal;

static int active;
static int have_tty_modes;
static struct termios saved_modes;
static int attrs[R_COUNT_];
static struct term_opts opts; /* term_start's; the main thread's alone */

/* Restores the tty with async-signal-safe calls only, then dies. */
static void on_fatal(int sig)
{
	static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
	if (have_tty_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	if (active) {
		ssize_t w = write(STDOUT_FILENO, reset, sizeof reset - 1);
		(void)w;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void install_signals(void)
{
	struct signal_flag sf; /* never restored: the process ends after the loop */
	signal_flag_catch(&sf, &term_quit_signal); /* poll wakes up with EINTR */
	set_handler(SIGPIPE, SIG_IGN, 0);
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		set_handler(fatal[i], on_fatal, (int)SA_RESETHAND);
}

enum { P_UNREAD = 1, P_STARRED, P_MATCH, P_HEAD, P_LINK, P_STATUS, P_ERROR,
       P_MARKED, P_TITLE };

static void colour_attrs(void)
{
	start_color();
	use_default_colors();
	init_pair(P_UNREAD, COLOR_CYAN, -1);
	init_pair(P_STARRED, COLOR_YELLOW, -1);
	init_pair(P_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_HEAD, COLOR_GREEN, -1);
	init_pair(P_LINK, COLOR_BLUE, -1);
	init_pair(P_STATUS, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_ERROR, COLOR_RED, -1);
	init_pair(P_MARKED, COLOR_MAGENTA, -1);
	init_pair(P_TITLE, COLOR_WHITE, -1);
	attrs[R_UNREAD] = (int)(A_BOLD | COLOR_PAIR(P_UNREAD));
	attrs[R_STARRED] = (int)(A_BOLD | COLOR_PAIR(P_STARRED));
	attrs[R_MATCH] = (int)COLOR_PAIR(P_MATCH);
	attrs[R_HEAD] = (int)(A_BOLD | COLOR_PAIR(P_HEAD));
	attrs[R_LINK] = (int)COLOR_PAIR(P_LINK);
	attrs[R_STATUS] = (int)COLOR_PAIR(P_STATUS);
	attrs[R_ERROR] = (int)(A_BOLD | COLOR_PAIR(P_ERROR));
	attrs[R_MARKED] = (int)(A_BOLD | COLOR_PAIR(P_MARKED));
}

static void mono_attrs(void)
{
	attrs[R_UNREAD] = (int)A_BOLD;
	attrs[R_STARRED] = (int)A_BOLD;
	attrs[R_MATCH] = (int)(A_UNDERLINE | A_BOLD);
	attrs[R_HEAD] = (int)A_BOLD;
	attrs[R_LINK] = (int)A_UNDERLINE;
	attrs[R_STATUS] = (int)A_REVERSE;
	attrs[R_ERROR] = (int)A_BOLD;
	attrs[R_MARKED] = (int)A_BOLD;
}

static void set_attrs(void)
{
	memset(attrs, 0, sizeof attrs);
	if (has_colors() && !opts.no_color)
		colour_attrs();
	else
		mono_attrs();
	attrs[R_CURSOR] = (int)A_REVERSE;
	attrs[R_TITLE] = (int)A_BOLD;
	attrs[R_LINK_SEL] = attrs[R_LINK] | (int)A_REVERSE;
	attrs[R_DIM] = (int)A_DIM;
	attrs[R_DISMISSED] = (int)A_DIM;
	attrs[R_SEP] = (int)A_DIM;
}

/* A terminal whose cursor cannot be moved (dumb, a printing terminal)
 * would draw each frame as a stream of lines; an unknown one is left to
 * newterm, which names it. */
static int can_address(const char *term)
{
	int e = 0;
	if (setupterm(*term ? term : NULL, STDOUT_FILENO, &e) != OK)
		return e != 1; /* 1: hardcopy; else unknown, newterm says so */
	const char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1 && !tigetflag("hc");
	del_curterm(cur_term);
	cur_term = NULL;
	return ok;
}

int term_start(const struct term_opts *o, char **err)
{
	opts = *o;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return set_err(err, "the interface needs a terminal; see 'papyr --help' "
			       "for the commands");
	if (tcgetattr(STDIN_FILENO, &saved_modes) == 0)
		have_tty_modes = 1;
	/* TERM and ESCDELAY are curses' own: newterm reads them, and papyr looks
	 * only to name the terminal curses refused and to leave a delay the
	 * user set to curses, so they are read here and not in the config. */
	const char *term = getenv("TERM") ? getenv("TERM") : "";
	if (!can_address(term))
		return set_err(err, "TERM=%s cannot move the cursor: the interface needs a "
			       "terminal that can (such as xterm-256color); 'papyr --help' "
			       "lists the commands", term);
	if (!newterm(NULL, stdout, stdin))
		return set_err(err, "cannot start the terminal (TERM=%s)", term);
	active = 1;
	const char *ed = getenv("ESCDELAY");
	if (!ed || !*ed)
		set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	idlok(stdscr, TRUE);
	curs_set(0);
	if (opts.mouse) { /* presses at once: no wait to tell a click */
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	set_attrs();
	install_signals();
	atexit(term_shutdown);
	return 0;
}

void term_shutdown(void)
{
	if (!active)
		return;
	active = 0;
	curs_set(1);
	endwin();
	if (have_tty_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
}

int term_utf8(void)
{
	static int known = -1;
	if (known < 0) {
		const char *cs = nl_langinfo(CODESET);
		known = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	}
	return known;
}

/* ---- a terminal without UTF-8 ---- */

/* U+00C0..U+017F without their accents. */
static const char latin[] =
	"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlL"
	"lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

static const struct {
	unsigned cp;
	const char *ascii;
} punct[] = {
	{0xA0, " "}, {0xB7, "|"}, {0x2010, "-"}, {0x2011, "-"}, {0x2013, "-"},
	{0x2014, "-"}, {0x2018, "'"}, {0x2019, "'"}, {0x201C, "\""}, {0x201D, "\""},
	{0x2026, "..."}, {0x2022, "*"}, {0x2192, "->"}, {0x2190, "<-"}, {0x2500, "-"},
	{0x2502, "|"}, {0xD7, "x"},
};

static const char *ascii_of(unsigned cp, char one[2])
{
	for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++)
		if (punct[i].cp == cp)
			return punct[i].ascii;
	one[0] = cp >= 0xC0 && cp <= 0x17F ? latin[cp - 0xC0] : '?';
	one[1] = '\0';
	return one;
}

char *term_ascii(const char *s, size_t n)
{
	struct buf b = {0};
	buf_adds(&b, "");
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			buf_addc(&b, (char)c);
			i++;
			continue;
		}
		unsigned cp;
		int len = utf8_seq_len((const unsigned char *)s + i, n - i, &cp);
		char one[2];
		buf_adds(&b, len > 0 ? ascii_of(cp, one) : "?");
		i += len > 0 ? (size_t)len : 1;
	}
	return buf_detach(&b);
}

/* Cleaned text to draw, in ASCII when the terminal's locale is not UTF-8
 * (curses would send the raw bytes). A new string. */
static char *drawable(const char *s, size_t n, unsigned flags)
{
	char *c = text_clean(s, n, flags);
	if (term_utf8())
		return c;
	char *a = term_ascii(c, strlen(c));
	free(c);
	return a;
}

int term_attr(enum role r)
{
	return attrs[r];
}

int term_put_n(int y, int x, const char *s, size_t n, int cols, int attr)
{
	char *c = drawable(s, n, 0);
	int used, ell;
	size_t b = layout_cut(c, cols, &used, &ell);
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset((attr_t)attr);
	mvaddnstr(y, x, c, (int)b);
	if (ell) {
		addstr(text_ellipsis());
		used += text_width(text_ellipsis());
	}
	attr_set(old_a, old_p, NULL);
	free(c);
	return used;
}

int term_put(int y, int x, const char *s, int cols, int attr)
{
	return term_put_n(y, x, s ? s : "", s ? strlen(s) : 0, cols, attr);
}

int term_put_hl(int y, int x, const char *s, int cols, int attr)
{
	const char on = DB_MARK_ON[0], off = DB_MARK_OFF[0];
	if (!strchr(s, on))
		return term_put(y, x, s, cols, attr);
	int col = 0, marked = 0;
	while (*s && col < cols) {
		size_t n = strcspn(s, DB_MARK_ON DB_MARK_OFF);
		int a = marked ? attr | term_attr(R_MATCH) : attr;
		if (n) {
			int left = cols - col;
			/* a stretch that fills the rest while more text follows is
			 * drawn with that text (the marks are dropped as control
			 * bytes), so that it is cut with the ellipsis */
			char *part = xstrndup(s, n);
			int more = text_width(part) >= left && text_width(s + n) > 0;
			free(part);
			col += term_put_n(y, x + col, s, more ? strlen(s) : n, left, a);
			if (more)
				break;
		}
		s += n;
		if (*s == on || *s == off)
			marked = *s++ == on;
	}
	return col;
}

void term_fill(int y, int x, int cols, int attr)
{
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset((attr_t)attr);
	move(y, x);
	for (int i = 0; i < cols; i++)
		addch(' ');
	attr_set(old_a, old_p, NULL);
}

char *term_base64(const char *s, size_t n)
{
	static const char digit[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		*o++ = digit[v >> 18 & 63];
		*o++ = digit[v >> 12 & 63];
		*o++ = i + 1 < n ? digit[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? digit[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

char *term_osc52_seq(const char *text, const char *mux)
{
	char *b64 = term_base64(text, strlen(text));
	char *seq;
	if (mux && strcmp(mux, "tmux") == 0)
		seq = xasprintf("\033Ptmux;\033\033]52;c;%s\a\033\\", b64);
	else if (mux && strcmp(mux, "screen") == 0)
		seq = xasprintf("\033P\033]52;c;%s\a\033\\", b64);
	else
		seq = xasprintf("\033]52;c;%s\a", b64);
	free(b64);
	return seq;
}

void term_write(const char *s, size_t n)
{
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(STDOUT_FILENO, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

void term_osc52(const char *text)
{
	const char *mux = opts.in_tmux ? "tmux" : opts.in_screen ? "screen" : NULL;
	char *seq = term_osc52_seq(text, mux);
	fflush(stdout);
	term_write(seq, strlen(seq));
	free(seq);
}
