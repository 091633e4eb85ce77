/* parse_page: a paper page's JSON (see parse_page.h). */
#include "parse_page.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "json_field.h"

/* A string field cut at 2048 bytes and cleaned; NULL when absent or empty. */
static int opt_string(const cJSON *o, const char *name, char **out, char **err)
{
	const cJSON *v = json_field(o, name);
	*out = NULL;
	if (!v)
		return 0;
	if (!cJSON_IsString(v))
		return set_err(err, "%s is %s, expected a string", name, json_field_type(v));
	*out = text_clean(v->valuestring, strnlen(v->valuestring, 2048), TEXT_COLLAPSE);
	if (!**out) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

/* A count from 0 to JSON_FIELD_MAX_COUNT; anything else (a negative one too) is an error. */
static int opt_count(const cJSON *o, const char *name, long *out, char **err)
{
	const cJSON *v = json_field(o, name);
	*out = 0;
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > (double)JSON_FIELD_MAX_COUNT)
		return set_err(err, "%s is %s, expected a count", name, json_field_type(v));
	*out = (long)v->valuedouble;
	return 0;
}

static int alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* owner/name: letters, digits, '-', '_', '.', each part starting with a
 * letter or a digit, one slash between. */
static int repo_id(const char *s)
{
	size_t n = strlen(s), slash = 0;
	if (n < 3 || n > 200 || !alnum(s[0]))
		return 0;
	for (const char *c = s; *c; c++) {
		if (*c == '/') {
			if (++slash > 1 || !alnum(c[1]))
				return 0;
		} else if (!alnum(*c) && *c != '-' && *c != '_' && *c != '.') {
			return 0;
		}
	}
	return slash == 1;
}

/* A linked list ("linkedModels") as "id\tdownloads\tlikes" lines, and its
 * total ("numTotalModels"; the list's length when absent). */
static int linked(const cJSON *o, const char *list, const char *total, char **lines,
		  long *num, char **err)
{
	struct buf b = {0};
	const cJSON *arr = json_field(o, list);
	long n = 0;
	*lines = NULL;
	if (arr && !cJSON_IsArray(arr))
		return set_err(err, "%s is %s, expected an array", list, json_field_type(arr));
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		n++;
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		if (!cJSON_IsObject(it) || !cJSON_IsString(id) || !repo_id(id->valuestring) ||
		    n > PAGE_MAX_LINKED)
			continue;
		const cJSON *dl = cJSON_GetObjectItemCaseSensitive(it, "downloads");
		const cJSON *likes = cJSON_GetObjectItemCaseSensitive(it, "likes");
		buf_printf(&b, "%s%s\t%ld\t%ld", b.len ? "\n" : "", id->valuestring,
			   cJSON_IsNumber(dl) && dl->valuedouble >= 0 ? (long)dl->valuedouble : 0L,
			   cJSON_IsNumber(likes) && likes->valuedouble >= 0
				   ? (long)likes->valuedouble : 0L);
	}
	if (opt_count(o, total, num, err) != 0) {
		buf_free(&b);
		return -1;
	}
	if (!json_field(o, total))
		*num = n;
	*lines = b.len ? buf_detach(&b) : xstrdup("");
	buf_free(&b);
	return 0;
}

int page_parse(const char *body, size_t len, struct db_hfpage *out, char **err)
{
	memset(out, 0, sizeof *out);
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return set_err(err, "the answer is not a paper page (not a JSON object)");
	}
	const cJSON *org = json_field(root, "organization");
	int rc = -1;
	if (linked(root, "linkedModels", "numTotalModels", &out->models, &out->num_models,
		   err) != 0 ||
	    linked(root, "linkedDatasets", "numTotalDatasets", &out->datasets,
		   &out->num_datasets, err) != 0 ||
	    linked(root, "linkedSpaces", "numTotalSpaces", &out->spaces, &out->num_spaces,
		   err) != 0 ||
	    opt_string(root, "githubRepo", &out->github_repo, err) != 0 ||
	    opt_count(root, "githubStars", &out->github_stars, err) != 0 ||
	    opt_string(root, "projectPage", &out->project_page, err) != 0)
		goto out;
	if (org && !cJSON_IsObject(org)) {
		set_err(err, "organization is %s, expected an object", json_field_type(org));
		goto out;
	}
	if (org && (opt_string(org, "fullname", &out->organization, err) != 0 ||
		    (!out->organization && opt_string(org, "name", &out->organization, err) != 0)))
		goto out;
	rc = 0;
out:
	cJSON_Delete(root);
	if (rc != 0)
		db_hfpage_clear(out);
	return rc;
}
