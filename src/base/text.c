/* text: UTF-8, cleaning untrusted text, display width, wrapping (see text.h). */
#include "text.h"

#include <langinfo.h>
#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "mem.h"

int text_cjk_char(unsigned cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||   /* Hiragana, Katakana */
	       (cp >= 0x31F0 && cp <= 0x31FF) ||   /* Katakana extensions */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Han extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Han */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Han compatibility */
	       (cp >= 0x1100 && cp <= 0x11FF) ||   /* Hangul jamo */
	       (cp >= 0x3130 && cp <= 0x318F) ||   /* Hangul compatibility jamo */
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* Hangul syllables */
	       (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth Katakana */
	       (cp >= 0x20000 && cp <= 0x2FFFF);   /* Han extensions B.. */
}

int utf8_seq_len(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0], v;
	int n;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static int is_dropped(unsigned cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 1;
	/* Bidi embeddings/overrides/isolates and the line/paragraph separators. */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x200E || cp == 0x200F ||
	    cp == 0x061C || cp == 0xFEFF)
		return 1;
	return 0;
}

static int is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x2028 ||
	       cp == 0x2029;
}

char *text_clean(const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	int keep_nl = (flags & TEXT_KEEP_NEWLINES) != 0;
	int collapse = (flags & TEXT_COLLAPSE) != 0;
	char *out = xmalloc(n * 3 + 1); /* worst case: every byte -> U+FFFD */
	size_t o = 0, i = 0;
	int pending = 0; /* 0 none, 1 space, 2 newline: white space not yet written */

	while (i < n) {
		unsigned cp;
		int len = utf8_seq_len(p + i, n - i, &cp);
		if (len == 0) {
			cp = 0xFFFD;
			len = 1;
		}
		if (is_space_cp(cp) && (collapse || cp != ' ')) {
			int nl = (cp == '\n' || cp == 0x2028 || cp == 0x2029) && keep_nl;
			if (collapse) {
				if (nl || pending == 0)
					pending = nl ? 2 : (pending ? pending : 1);
			} else {
				out[o++] = nl ? '\n' : ' ';
			}
			i += (size_t)len;
			continue;
		}
		if (cp != 0xFFFD && is_dropped(cp)) {
			i += (size_t)len;
			continue;
		}
		if (pending && o > 0)
			out[o++] = pending == 2 ? '\n' : ' ';
		pending = 0;
		if (cp == 0xFFFD && (len == 1 && p[i] >= 0x80)) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			memcpy(out + o, p + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	out[o] = '\0';
	return xrealloc(out, o + 1);
}


/* The columns of the character at p (an invalid byte counts as U+FFFD,
 * one byte long); *len is its length in bytes. */
static int char_width(const unsigned char *p, size_t avail, int *len)
{
	unsigned cp;
	*len = utf8_seq_len(p, avail, &cp);
	if (*len == 0)
		*len = 1, cp = 0xFFFD;
	int cw = wcwidth((wchar_t)cp);
	return cw < 0 ? 0 : cw;
}

int text_width(const char *s)
{
	int used;
	text_fit(s, INT_MAX, &used);
	return used;
}

size_t text_fit(const char *s, int cols, int *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (i < n) {
		int len;
		int cw = char_width(p + i, n - i, &len);
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)len;
	}
	if (used)
		*used = w;
	return i;
}

const char *text_ellipsis(void)
{
	const char *set = nl_langinfo(CODESET);
	if (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0)
		return "\xE2\x80\xA6"; /* U+2026 */
	return "...";
}

static void add_line(struct text_line **v, size_t *n, size_t *cap, size_t off, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[*n].off = off;
	(*v)[(*n)++].len = len;
}

size_t text_wrap(const char *s, int width, struct text_line **lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), count = 0, cap = 0;
	size_t start = 0, i = 0, brk = 0; /* brk: end of the last word that fit */
	int w = 0;
	*lines = NULL;
	if (width < 1)
		width = 1;
	while (i < n) {
		if (s[i] == '\n') {
			add_line(lines, &count, &cap, start, i - start);
			start = i = i + 1;
			brk = 0, w = 0;
			continue;
		}
		if (s[i] == ' ' && i > start)
			brk = i;
		int len;
		int cw = char_width(p + i, n - i, &len);
		if (w + cw > width && i > start) {
			size_t end = brk > start ? brk : i;
			add_line(lines, &count, &cap, start, end - start);
			i = end;
			while (i < n && s[i] == ' ')
				i++;
			start = i, brk = 0, w = 0;
			continue;
		}
		if (s[i] == ' ' && i == start) { /* no leading space on a line */
			start = ++i;
			continue;
		}
		w += cw;
		i += (size_t)len;
	}
	if (i > start || count == 0)
		add_line(lines, &count, &cap, start, i - start);
	return count;
}

int utf8_encode(unsigned cp, char out[5])
{
	unsigned char *o = (unsigned char *)out;
	int n;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (unsigned char)(0xF0 | cp >> 18);
		o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	o[n] = '\0';
	return n;
}
