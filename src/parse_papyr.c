/* parse_papyr: papyr's JSON objects -> paper and state (see parse_papyr.h). */
#include "parse_papyr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse_hf.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

static const cJSON *field(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return v && !cJSON_IsNull(v) ? v : NULL;
}

int papyr_is_entry(const cJSON *item)
{
	return cJSON_IsObject(item) && !cJSON_HasObjectItem(item, "paper") &&
	       !cJSON_HasObjectItem(item, "summary") &&
	       cJSON_HasObjectItem(item, "abstract") &&
	       (cJSON_HasObjectItem(item, "links") || cJSON_HasObjectItem(item, "days"));
}

/* A string field, or NULL when absent or null; cleaned with flags. */
static int str(const cJSON *o, const char *name, size_t max, unsigned flags, char **out,
	       char **err)
{
	const cJSON *v = field(o, name);
	*out = NULL;
	if (!v)
		return 0;
	if (!cJSON_IsString(v))
		return set_err(err, "%s is not a string", name);
	size_t n = strlen(v->valuestring);
	if (n > max)
		return set_err(err, "%s is %zu bytes long, more than %zu", name, n, max);
	*out = text_clean(v->valuestring, n, flags);
	return 0;
}

static int num(const cJSON *o, const char *name, long *out, unsigned *has, unsigned bit,
	       char **err)
{
	const cJSON *v = field(o, name);
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return set_err(err, "%s is not a number", name);
	double d = v->valuedouble;
	*out = d < 0 ? 0 : d > 1e12 ? (long)1e12 : (long)d;
	*has |= bit;
	return 0;
}

static int flag(const cJSON *o, const char *name, unsigned bit, unsigned *state,
		char **err)
{
	const cJSON *v = field(o, name);
	if (v && !cJSON_IsBool(v))
		return set_err(err, "%s is not true or false", name);
	if (cJSON_IsTrue(v))
		*state |= bit;
	return 0;
}

/* An array of strings joined by '\n' (authors, keywords), or kept as a
 * NULL-ended vector when v is not NULL. */
static int strings(const cJSON *o, const char *name, int max, char **joined, char ***v,
		   char **err)
{
	const cJSON *arr = field(o, name), *s;
	struct buf b = {0};
	int i = 0, k = 0;
	if (arr && !cJSON_IsArray(arr))
		return set_err(err, "%s is not an array", name);
	if (cJSON_GetArraySize(arr) > max)
		return set_err(err, "%s has more than %d items", name, max);
	if (v)
		*v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **v);
	cJSON_ArrayForEach(s, arr) {
		if (!cJSON_IsString(s)) {
			buf_free(&b);
			return set_err(err, "%s[%d] is not a string", name, i);
		}
		i++;
		char *c = text_clean(s->valuestring, strnlen(s->valuestring, 4096),
				     TEXT_COLLAPSE);
		if (!*c) {
			free(c);
		} else if (v) {
			(*v)[k++] = c;
		} else {
			buf_printf(&b, "%s%s", b.len ? "\n" : "", c);
			free(c);
		}
	}
	if (joined)
		*joined = b.len ? buf_detach(&b) : NULL;
	buf_free(&b);
	return 0;
}

/* http(s) links only, as the Hugging Face parser keeps. */
static int url(const cJSON *o, const char *name, char **out, char **err)
{
	if (str(o, name, HF_MAX_FIELD, TEXT_COLLAPSE, out, err) != 0)
		return -1;
	if (*out && strncmp(*out, "https://", 8) != 0 && strncmp(*out, "http://", 7) != 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static int dates(struct papyr_entry *e, const cJSON *item, char **err)
{
	if (str(item, "published", 64, 0, &e->p.published, err) != 0)
		return -1;
	if (e->p.published && !date_valid(e->p.published))
		return set_err(err, "published is not a date like 2026-06-12");
	if (strings(item, "days", 100000, NULL, &e->days, err) != 0)
		return -1;
	for (char **d = e->days; *d; d++)
		if (!date_valid(*d))
			return set_err(err, "days holds '%s', not a date like 2026-06-12", *d);
	return 0;
}

static int fields(struct papyr_entry *e, const cJSON *item, char **err)
{
	struct paper *p = &e->p;
	if (str(item, "title", HF_MAX_TITLE, TEXT_COLLAPSE, &p->title, err) ||
	    str(item, "abstract", HF_MAX_ABSTRACT, TEXT_KEEP_NEWLINES, &p->abstract, err) ||
	    strings(item, "authors", HF_MAX_AUTHORS, &p->authors, NULL, err) ||
	    dates(e, item, err) ||
	    num(item, "upvotes", &p->upvotes, &p->has, PAPER_HAS_UPVOTES, err) ||
	    num(item, "comments", &p->comments, &p->has, PAPER_HAS_COMMENTS, err) ||
	    num(item, "github_stars", &p->github_stars, &p->has, PAPER_HAS_STARS, err) ||
	    str(item, "ai_summary", HF_MAX_FIELD, TEXT_COLLAPSE, &p->ai_summary, err) ||
	    strings(item, "ai_keywords", 1000, &p->ai_keywords, NULL, err) ||
	    url(item, "github_repo", &p->github_repo, err) ||
	    url(item, "project_page", &p->project_page, err) ||
	    str(item, "organization", 512, TEXT_COLLAPSE, &p->organization, err) ||
	    strings(item, "tags", 10000, NULL, &e->tags, err) ||
	    str(item, "note", 1 << 20, TEXT_KEEP_NEWLINES, &e->note, err) ||
	    flag(item, "read", PAPYR_READ, &e->state, err) ||
	    flag(item, "starred", PAPYR_STARRED, &e->state, err) ||
	    flag(item, "dismissed", PAPYR_DISMISSED, &e->state, err))
		return -1;
	if (!p->title || !*p->title)
		return set_err(err, "title is missing");
	if (!p->abstract)
		p->abstract = xstrdup("");
	if (!p->authors)
		p->authors = xstrdup("");
	return 0;
}

int papyr_parse_entry(const cJSON *item, struct papyr_entry *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!cJSON_IsObject(item))
		return set_err(err, "is not an object");
	const cJSON *id = field(item, "id");
	if (!cJSON_IsString(id))
		return set_err(err, "id is %s", id ? "not a string" : "missing");
	if (!paper_id_valid(id->valuestring))
		return set_err(err, "id is not an arXiv id");
	out->p.id = xstrdup(id->valuestring);
	if (fields(out, item, err) != 0) {
		char *msg = xasprintf("%s: %s", out->p.id, *err);
		free(*err);
		*err = msg;
		papyr_entry_clear(out);
		return -1;
	}
	return 0;
}

static void strv_free(char ***pv)
{
	for (char **v = *pv; v && *v; v++)
		free(*v);
	free(*pv);
	*pv = NULL;
}

void papyr_entry_clear(struct papyr_entry *e)
{
	paper_clear(&e->p);
	strv_free(&e->days);
	strv_free(&e->tags);
	free(e->note);
	memset(e, 0, sizeof *e);
}
