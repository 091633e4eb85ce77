/* json_stream: top-level element framing for large JSON documents. */
#include "json_stream.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/buf.h"

enum js_state {
	JS_START,     /* before the first byte that is not white space */
	JS_EXPECT,    /* inside the array, expecting an element or ']' */
	JS_ELEMENT,   /* inside an element */
	JS_AFTER,     /* after an element, expecting ',' or ']' */
	JS_NEXT,      /* after ',', expecting an element */
	JS_DONE,      /* the document is complete */
};

struct json_stream {
	json_element_fn fn;
	void *ctx;
	struct buf pending;   /* bytes of the element being framed */
	enum js_state state;
	int single;           /* the document is one object, not an array */
	int depth;
	int in_string;
	int escape;
	long count;
	size_t offset;        /* bytes consumed, for error positions */
};

struct json_stream *json_stream_new(json_element_fn fn, void *ctx)
{
	struct json_stream *js = xcalloc(1, sizeof *js);
	js->fn = fn;
	js->ctx = ctx;
	return js;
}

void json_stream_free(struct json_stream **js)
{
	if (!*js)
		return;
	buf_free(&(*js)->pending);
	free(*js);
	*js = NULL;
}

long json_stream_count(const struct json_stream *js)
{
	return js->count;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hex4(const char *s, const char *end, unsigned *v)
{
	if (end - s < 4)
		return 0;
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d == 16)
			return 0;
		*v = *v << 4 | d;
	}
	return 1;
}

/*
 * Rewrites, in place, what inside a string names no character, so that one
 * odd string does not cost a whole element: a lone surrogate escape becomes
 * \ufffd (U+FFFD, the same six bytes), and \u0000 and raw NUL bytes are
 * dropped (a NUL would cut the parsed C string short). Returns the new length.
 */
static size_t mend_strings(char *s, size_t n)
{
	const char *r = s, *end = s + n;
	char *w = s;
	int in_string = 0;
	while (r < end) {
		char c = *r;
		unsigned v, lo;
		if (c == '"') {
			in_string = !in_string;
		} else if (in_string && c == '\0') {
			r++;
			continue;
		} else if (in_string && c == '\\' && r + 1 < end && r[1] == 'u' &&
			   hex4(r + 2, end, &v)) {
			if (v == 0) {
				r += 6;
				continue;
			}
			if (v >= 0xD800 && v <= 0xDBFF && end - r >= 12 && r[6] == '\\' &&
			    r[7] == 'u' && hex4(r + 8, end, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				memmove(w, r, 12); /* a pair: one character, kept */
				w += 12, r += 12;
				continue;
			}
			if (v >= 0xD800 && v <= 0xDFFF) {
				memcpy(w, "\\ufffd", 6);
				w += 6, r += 6;
				continue;
			}
		} else if (in_string && c == '\\' && r + 1 < end) {
			*w++ = *r++; /* the backslash; the escaped byte follows as is */
		}
		*w++ = *r++;
	}
	return (size_t)(w - s);
}

static int emit(struct json_stream *js, char **err)
{
	if (js->pending.data) {
		js->pending.len = mend_strings(js->pending.data, js->pending.len);
		js->pending.data[js->pending.len] = '\0';
	}
	int rc = js->fn(js->ctx, js->pending.data, js->pending.len, js->count, err);
	js->count++;
	buf_reset(&js->pending);
	return rc;
}

/* Scans element bytes from data[i]; returns bytes used (up to the end of the
 * element when it closes, else all of them). Sets *closed when it ends. */
static size_t scan_element(struct json_stream *js, const char *data, size_t n,
			   int *closed)
{
	size_t i = 0;
	*closed = 0;
	for (; i < n; i++) {
		char c = data[i];
		if (js->in_string) {
			if (js->escape)
				js->escape = 0;
			else if (c == '\\')
				js->escape = 1;
			else if (c == '"')
				js->in_string = 0;
			continue;
		}
		if (c == '"') {
			js->in_string = 1;
		} else if (c == '{' || c == '[') {
			js->depth++;
		} else if (c == '}' || c == ']') {
			if (js->depth == 0) { /* a scalar element ends at ']' */
				*closed = 1;
				return i;
			}
			if (--js->depth == 0) {
				*closed = 1;
				return i + 1;
			}
		} else if (js->depth == 0 && (c == ',' || is_ws(c))) {
			/* A scalar element (number, true, null) ends here. */
			*closed = 1;
			return i;
		}
	}
	return i;
}

static void start_element(struct json_stream *js)
{
	js->state = JS_ELEMENT;
	js->depth = 0;
	js->in_string = 0;
	js->escape = 0;
}

static int bad(struct json_stream *js, size_t at, char c, const char *want, char **err)
{
	if (c == '<')
		return set_err(err, "an HTML page, not JSON (at byte %zu)", js->offset + at);
	return set_err(err, "invalid JSON at byte %zu: expected %s", js->offset + at, want);
}

int json_stream_feed(struct json_stream *js, const char *data, size_t n, char **err)
{
	size_t i = 0;
	while (i < n) {
		char c = data[i];
		switch (js->state) {
		case JS_START:
			if (is_ws(c) || (unsigned char)c == 0xEF || (unsigned char)c == 0xBB ||
			    (unsigned char)c == 0xBF) {
				i++; /* white space and a UTF-8 byte order mark */
			} else if (c == '[') {
				js->state = JS_EXPECT;
				i++;
			} else if (c == '{') {
				js->single = 1;
				start_element(js);
			} else {
				return bad(js, i, c, "'[' or '{' to start the document", err);
			}
			break;
		case JS_EXPECT:
		case JS_NEXT:
			if (is_ws(c)) {
				i++;
			} else if (c == ']' && js->state == JS_EXPECT) {
				js->state = JS_DONE;
				i++;
			} else if (c == ']' || c == ',' || c == '}') {
				return bad(js, i, c, "a value", err);
			} else {
				start_element(js);
			}
			break;
		case JS_ELEMENT: {
			int closed;
			size_t used = scan_element(js, data + i, n - i, &closed);
			buf_add(&js->pending, data + i, used);
			i += used;
			if (closed) {
				js->state = js->single ? JS_DONE : JS_AFTER;
				js->offset += i;
				if (emit(js, err) != 0)
					return -1;
				js->offset -= i;
			}
			break;
		}
		case JS_AFTER:
			if (is_ws(c))
				i++;
			else if (c == ',')
				js->state = JS_NEXT, i++;
			else if (c == ']')
				js->state = JS_DONE, i++;
			else
				return bad(js, i, c, "',' or ']' after an element", err);
			break;
		case JS_DONE:
			if (!is_ws(c))
				return bad(js, i, c, "nothing after the end of the document", err);
			i++;
			break;
		}
	}
	js->offset += n;
	return 0;
}

int json_stream_finish(struct json_stream *js, char **err)
{
	if (js->state == JS_DONE)
		return 0;
	if (js->state == JS_START)
		return set_err(err, "empty document, expected JSON");
	return set_err(err, "the JSON ends early, cut off after %zu bytes", js->offset);
}
