/* util: allocation, buffers, text cleaning and dates (see util.h). */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>
#include <wchar.h>

static void oom(void)
{
	fputs("papyr: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		oom();
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int set_err(char **err, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(*err);
	*err = msg;
	return -1;
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

void buf_add_quoted(struct buf *b, const char *s, char q)
{
	buf_addc(b, q);
	for (const char *e; (e = strchr(s, q)) != NULL; s = e + 1) {
		buf_add(b, s, (size_t)(e - s) + 1);
		buf_addc(b, q);
	}
	buf_adds(b, s);
	buf_addc(b, q);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
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

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10] != '\0')
		return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return -1;
	if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
		return -1;
	return 0;
}

int date_valid(const char *s)
{
	int y, m, d;
	return s && strlen(s) == 10 && parse_date(s, &y, &m, &d) == 0;
}

void date_add_days(const char *day, int delta, char out[11])
{
	int y, m, d;
	if (parse_date(day, &y, &m, &d) != 0) {
		out[0] = '\0';
		return;
	}
	civil_from_days(days_from_civil(y, m, d) + delta, &y, &m, &d);
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

long date_diff(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;
	if (parse_date(a, &ya, &ma, &da) || parse_date(b, &yb, &mb, &db))
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

void date_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int read_file(const char *path, struct buf *out, size_t max, char **err)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return set_err(err, "%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > max) {
			rc = set_err(err, "%s: larger than %zu MiB", path, max >> 20);
			break;
		}
		buf_add(out, chunk, n);
	}
	if (rc == 0 && ferror(f))
		rc = set_err(err, "%s: %s", is_stdin ? "stdin" : path, strerror(errno));
	if (!is_stdin)
		fclose(f);
	return rc;
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
		unsigned cp;
		int len = utf8_seq_len(p + i, n - i, &cp);
		if (len == 0)
			len = 1, cp = 0xFFFD;
		int cw = wcwidth((wchar_t)cp);
		if (cw < 0)
			cw = 0;
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)len;
	}
	if (used)
		*used = w;
	return i;
}

int is_tty(int fd)
{
	return isatty(fd);
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
		unsigned cp;
		int len = utf8_seq_len(p + i, n - i, &cp);
		if (len == 0)
			len = 1, cp = 0xFFFD;
		int cw = wcwidth((wchar_t)cp);
		if (cw < 0)
			cw = 0;
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
