/*
 * json_stream: finds the top-level values of a JSON document as bytes arrive.
 *
 * A document is either one object, or an array of values. The stream hands
 * each top-level element (or the one object) to a callback as a complete byte
 * range, without building a tree of the whole document, so a file of a
 * million papers costs the memory of one paper. It checks only the framing
 * (brackets, strings, commas); the callback parses the element itself.
 *
 * Strings are mended on the way: an escaped lone surrogate ("\ud800" with
 * no partner) becomes U+FFFD, and U+0000 (escaped or raw) is dropped, the
 * text after it kept; a JSON parser would refuse the one and cut the string
 * at the other.
 */
#ifndef PAPYR_JSON_STREAM_H
#define PAPYR_JSON_STREAM_H

#include <stddef.h>

/* Returns 0 to go on, or -1 with *err set to stop the stream. */
typedef int (*json_element_fn)(void *ctx, const char *elem, size_t len,
			       long index, char **err);

struct json_stream;

struct json_stream *json_stream_new(json_element_fn fn, void *ctx);
/* Each returns 0, or -1 with *err set (bad framing, or the callback's error). */
int json_stream_feed(struct json_stream *js, const char *data, size_t n, char **err);
/* Call after the last byte: fails if the document is empty or cut off. */
int json_stream_finish(struct json_stream *js, char **err);
/* Elements handed to the callback so far. */
long json_stream_count(const struct json_stream *js);
void json_stream_free(struct json_stream **js);

#endif
