/*
 * util: the small things every layer needs.
 *
 * Allocation wrappers that abort on out-of-memory (so no caller carries an
 * error path for it), a growable byte buffer, and the one place where text
 * from outside is made safe to store and show: text_clean() validates UTF-8
 * and drops control, escape and bidi-override characters.
 */
#ifndef PAPYR_UTIL_H
#define PAPYR_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif


void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string the caller frees. */
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* Sets *err (freeing what it held) to a formatted message; returns -1. */
int set_err(char **err, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* A growable, always NUL-terminated byte buffer. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Adds s between two q characters, each q inside it doubled: how FTS5
 * strings, query values and CSV fields are quoted alike. */
void buf_add_quoted(struct buf *b, const char *s, char q);
void buf_reset(struct buf *b);
/* Hands the contents to the caller (never NULL) and empties the buffer. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

enum text_flags {
	TEXT_KEEP_NEWLINES = 1 << 0, /* keep '\n' (abstracts); else it is a space */
	TEXT_COLLAPSE = 1 << 1,      /* fold runs of white space, trim the ends */
};

/*
 * Returns a new string made from n bytes of untrusted text: invalid UTF-8
 * becomes U+FFFD; C0 and C1 controls, DEL, and bidi overrides/isolates are
 * dropped; tabs become spaces. With TEXT_COLLAPSE, white space runs become one
 * space (or one '\n' when a run holds a newline and TEXT_KEEP_NEWLINES is set).
 */
char *text_clean(const char *s, size_t n, unsigned flags);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid/truncated. */
int utf8_seq_len(const unsigned char *s, size_t avail, unsigned *cp);

/* True if s is a strictly valid YYYY-MM-DD calendar date. */
int date_valid(const char *s);
/* Day arithmetic on YYYY-MM-DD strings; out must hold 11 bytes. */
void date_add_days(const char *day, int delta, char out[11]);
void date_today(char out[11]);
/* Days from a to b (b - a). */
long date_diff(const char *a, const char *b);

/* Reads a whole file ("-" is stdin). Returns 0, or -1 with *err set. */
int read_file(const char *path, struct buf *out, size_t max, char **err);



/* Display width of UTF-8 text in terminal columns (wcwidth; needs a UTF-8
 * LC_CTYPE). Non-printing code points count 0. */
int text_width(const char *s);
/* Bytes of s that fit in cols columns, whole characters only. */
size_t text_fit(const char *s, int cols, int *used);

/* One line of wrapped text: s[off .. off+len). */
struct text_line {
	size_t off;
	size_t len;
};

/*
 * Wraps s into lines of at most width columns, breaking at spaces (inside a
 * word only when the word alone is wider), starting a new line at each '\n'.
 * Spaces at a break are dropped. Returns the count; *lines is the caller's.
 */
size_t text_wrap(const char *s, int width, struct text_line **lines);

/* True if fd is a terminal. */
int is_tty(int fd);
#endif
