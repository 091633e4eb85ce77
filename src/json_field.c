/* json_field: typed reads of one field of a JSON object (see json_field.h). */
#include "json_field.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

const char *json_field_type(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "invalid";
}

const cJSON *json_field(const cJSON *obj, const char *name)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return v && !cJSON_IsNull(v) ? v : NULL;
}

int json_field_string(const cJSON *obj, const char *prefix, const char *name,
		      size_t max, unsigned flags, char **out, char **err)
{
	const cJSON *v = json_field(obj, name);
	*out = NULL;
	if (!v)
		return 0;
	return json_field_text(v, prefix, name, max, flags, out, err);
}

int json_field_text(const cJSON *v, const char *prefix, const char *name, size_t max,
		    unsigned flags, char **out, char **err)
{
	*out = NULL;
	if (!cJSON_IsString(v))
		return set_err(err, "%s%s is %s, expected a string", prefix, name,
			       json_field_type(v));
	/* Cleaning at most triples text (a bad byte becomes U+FFFD): text far
	 * past the limit is refused before it is cleaned. */
	size_t n = strlen(v->valuestring);
	if (n <= max * 4) {
		*out = text_clean(v->valuestring, n, flags);
		n = strlen(*out);
		if (n <= max)
			return 0;
		free(*out);
		*out = NULL;
	}
	return set_err(err, "%s%s is %zu bytes long, more than %zu", prefix, name, n, max);
}

int json_field_count(const cJSON *obj, const char *prefix, const char *name,
		     long *out, unsigned *has, unsigned bit, char **err)
{
	const cJSON *v = json_field(obj, name);
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v))
		return set_err(err, "%s%s is %s, expected a number", prefix, name,
			       json_field_type(v));
	/* cJSON reads 1e999 as infinity: no count is that large. */
	double d = v->valuedouble;
	if (!isfinite(d))
		return set_err(err, "%s%s is not a finite number", prefix, name);
	*out = d < 0 ? 0 : d > (double)JSON_FIELD_MAX_COUNT ? JSON_FIELD_MAX_COUNT : (long)d;
	*has |= bit;
	return 0;
}

int json_field_bool(const cJSON *obj, const char *prefix, const char *name,
		    unsigned *flags, unsigned bit, char **err)
{
	const cJSON *v = json_field(obj, name);
	if (!v)
		return 0;
	if (!cJSON_IsBool(v))
		return set_err(err, "%s%s is %s, expected true or false", prefix, name,
			       json_field_type(v));
	if (cJSON_IsTrue(v))
		*flags |= bit;
	return 0;
}
