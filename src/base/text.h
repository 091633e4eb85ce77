/*
 * text: UTF-8 and the one place where text from outside is made safe to
 * store and show.
 *
 * text_clean() validates UTF-8 and drops control, escape and bidi-override
 * characters; every string papyr stores or draws has been through it. The
 * width and wrapping functions measure with wcwidth (a UTF-8 LC_CTYPE is
 * needed) and know nothing of curses, so layout is testable on its own.
 */
#ifndef PAPYR_BASE_TEXT_H
#define PAPYR_BASE_TEXT_H

#include <stddef.h>

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
/* Whether cp is a Chinese, Japanese or Korean character (Han, Hiragana,
 * Katakana, Hangul): text written without spaces between its words, which
 * search and learning split into overlapping pairs of characters. */
int text_cjk_char(unsigned cp);
/* Writes code point cp as UTF-8 into out (room for 4 bytes and a NUL);
 * returns the bytes written, not counting the NUL. */
int utf8_encode(unsigned cp, char out[5]);

/* Display width of UTF-8 text in terminal columns. Non-printing code points
 * count 0. */
int text_width(const char *s);
/* Bytes of s that fit in cols columns, whole characters only. */
size_t text_fit(const char *s, int cols, int *used);

/* The mark of text cut short, the same in `papyr list` and the interface:
 * "…" (one column) when the locale's characters are UTF-8, else "..."
 * (three). Borrowed, static. */
const char *text_ellipsis(void);

/* One line of wrapped text: s[off .. off+len). */
struct text_line {
	size_t off;
	size_t len;
};

/*
 * Wraps s into lines of at most width columns, breaking at spaces (inside a
 * word only when the word alone is wider), starting a new line at each '\n'.
 * Spaces at a break are dropped. Returns the count; *out is the caller's.
 */
size_t text_wrap(const char *s, int width, struct text_line **out);

#endif
