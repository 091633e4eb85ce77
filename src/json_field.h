/*
 * json_field: one field of a parsed JSON object, read as the type it should
 * have. The parsers (parse_hf, parse_papyr) read every field through these,
 * so a field of the wrong type gets the same message from either:
 * "PREFIXNAME is a number, expected a string".
 *
 * A field that is absent or null counts as absent: the reader returns 0 and
 * leaves its output empty. Nothing here prints; errors set *err.
 */
#ifndef PAPYR_JSON_FIELD_H
#define PAPYR_JSON_FIELD_H

#include <stddef.h>

#include <cJSON.h>

/* The largest count a number field gives; larger ones are cut to it. */
#define JSON_FIELD_MAX_COUNT 1000000000000L

/* "a string", "a number", "a boolean", "null", "an array", "an object", or
 * "invalid": what v is, for a message. */
const char *json_field_type(const cJSON *v);

/* obj's member name, or NULL when it is absent or null (or obj is not an
 * object). Borrowed from obj. */
const cJSON *json_field(const cJSON *obj, const char *name);

/*
 * A string field cleaned by text_clean with flags (enum text_flags), of at
 * most max bytes once cleaned (the limits of base/paper.h). *out is the
 * caller's to free, or NULL when the field is absent. Returns 0, or -1 with
 * *err set when it is not a string or is longer than max. prefix (e.g.
 * "paper.") goes before name in messages.
 */
int json_field_string(const cJSON *obj, const char *prefix, const char *name,
		      size_t max, unsigned flags, char **out, char **err);

/* The same for a value already found (an array's item): v itself is read,
 * and named prefix name in messages. */
int json_field_text(const cJSON *v, const char *prefix, const char *name, size_t max,
		    unsigned flags, char **out, char **err);

/*
 * A count: a number, negatives read as 0, fractions cut, capped at
 * JSON_FIELD_MAX_COUNT. When present, sets *out and bit in *has; absent,
 * leaves both. Returns 0, or -1 with *err set when it is not a number or
 * not a finite one.
 */
int json_field_count(const cJSON *obj, const char *prefix, const char *name,
		     long *out, unsigned *has, unsigned bit, char **err);

/* A boolean: sets bit in *flags when it is true; false or absent leaves
 * *flags. Returns 0, or -1 with *err set when it is not true or false. */
int json_field_bool(const cJSON *obj, const char *prefix, const char *name,
		    unsigned *flags, unsigned bit, char **err);

#endif
