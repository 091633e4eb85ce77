/* parse_hf: Hugging Face API JSON -> struct paper (see parse_hf.h). */
#include "parse_hf.h"

#include <stdlib.h>
#include <string.h>

#include "json_field.h"
#include "json_stream.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

/* "2026-06-12T00:00:00.000Z" -> "2026-06-12"; anything else -> NULL. */
static int opt_date(const cJSON *obj, const char *prefix, const char *name,
		    char **out, char **err)
{
	char *s;
	*out = NULL;
	if (json_field_string(obj, prefix, name, 64, 0, &s, err) != 0)
		return -1;
	if (!s)
		return 0;
	if (strlen(s) >= 10) {
		s[10] = '\0';
		if (date_valid(s)) {
			*out = s;
			return 0;
		}
	}
	free(s);
	return set_err(err, "%s%s is not a date", prefix, name);
}

/* Links are opened by a browser later: keep only http(s) ones. */
static int opt_url(const cJSON *obj, const char *prefix, const char *name,
		   char **out, char **err)
{
	if (json_field_string(obj, prefix, name, PAPER_MAX_FIELD, TEXT_COLLAPSE, out,
			      err) != 0)
		return -1;
	if (*out && strncmp(*out, "https://", 8) != 0 && strncmp(*out, "http://", 7) != 0) {
		free(*out);
		*out = NULL;
	}
	if (*out && !**out) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static int parse_authors(const cJSON *p, struct paper *out, char **err)
{
	const cJSON *arr = json_field(p, "authors");
	struct buf b = {0};
	if (!arr) {
		out->authors = xstrdup("");
		return 0;
	}
	if (!cJSON_IsArray(arr))
		return set_err(err, "paper.authors is %s, expected an array",
			       json_field_type(arr));
	if (cJSON_GetArraySize(arr) > PAPER_MAX_AUTHORS)
		return set_err(err, "paper.authors has more than %d names", PAPER_MAX_AUTHORS);
	int i = 0;
	const cJSON *a;
	cJSON_ArrayForEach(a, arr) {
		i++;
		if (!cJSON_IsObject(a)) {
			buf_free(&b);
			return set_err(err, "paper.authors[%d] is %s, expected an object",
				       i - 1, json_field_type(a));
		}
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "hidden")))
			continue;
		char *name;
		if (json_field_string(a, "paper.authors[].", "name", PAPER_MAX_NAME, TEXT_COLLAPSE,
				      &name, err) != 0) {
			buf_free(&b);
			return -1;
		}
		if (name && *name) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, name);
		}
		free(name);
	}
	out->authors = buf_detach(&b);
	return 0;
}

static int parse_keywords(const cJSON *p, struct paper *out, char **err)
{
	const cJSON *arr = json_field(p, "ai_keywords");
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return set_err(err, "paper.ai_keywords is %s, expected an array",
			       json_field_type(arr));
	struct buf b = {0};
	const cJSON *k;
	cJSON_ArrayForEach(k, arr) {
		if (!cJSON_IsString(k))
			continue;
		char *kw = text_clean(k->valuestring, strlen(k->valuestring), TEXT_COLLAPSE);
		/* Keywords past the limit are dropped: they are a summary's. */
		if (*kw && b.len + strlen(kw) < PAPER_MAX_FIELD) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, kw);
		}
		free(kw);
	}
	out->ai_keywords = b.len ? buf_detach(&b) : NULL;
	buf_free(&b);
	return 0;
}

static int parse_org(const cJSON *p, struct paper *out, char **err)
{
	const cJSON *org = json_field(p, "organization");
	if (!org)
		return 0;
	if (cJSON_IsObject(org)) {
		if (json_field_string(org, "paper.organization.", "fullname", PAPER_MAX_NAME,
				      TEXT_COLLAPSE, &out->organization, err) != 0)
			return -1;
		if (!out->organization &&
		    json_field_string(org, "paper.organization.", "name", PAPER_MAX_NAME,
				      TEXT_COLLAPSE, &out->organization, err) != 0)
			return -1;
		return 0;
	}
	return json_field_string(p, "paper.", "organization", PAPER_MAX_NAME, TEXT_COLLAPSE,
				 &out->organization, err);
}

static int parse_fields(const cJSON *item, const cJSON *p, struct paper *out,
			char **err)
{
	const char *pre = item == p ? "" : "paper.";
	if (json_field_string(p, pre, "title", PAPER_MAX_TITLE, TEXT_COLLAPSE, &out->title,
			      err) ||
	    json_field_string(p, pre, "summary", PAPER_MAX_ABSTRACT, TEXT_KEEP_NEWLINES,
			      &out->abstract, err) ||
	    parse_authors(p, out, err) ||
	    opt_date(p, pre, "publishedAt", &out->published, err) ||
	    opt_date(p, pre, "submittedOnDailyAt", &out->day, err) ||
	    json_field_count(p, pre, "upvotes", &out->upvotes, &out->has,
			     PAPER_HAS_UPVOTES, err) ||
	    json_field_count(item, "", "numComments", &out->comments, &out->has,
			     PAPER_HAS_COMMENTS, err) ||
	    json_field_string(p, pre, "ai_summary", PAPER_MAX_FIELD, TEXT_COLLAPSE,
			      &out->ai_summary, err) ||
	    parse_keywords(p, out, err) ||
	    opt_url(p, pre, "githubRepo", &out->github_repo, err) ||
	    json_field_count(p, pre, "githubStars", &out->github_stars, &out->has,
			     PAPER_HAS_STARS, err) ||
	    opt_url(p, pre, "projectPage", &out->project_page, err) ||
	    parse_org(p, out, err))
		return -1;
	if (!out->title || !*out->title)
		return set_err(err, "%stitle is missing", pre);
	if (!out->abstract)
		out->abstract = xstrdup("");
	return 0;
}

int hf_parse_entry(const cJSON *item, struct paper *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!cJSON_IsObject(item))
		return set_err(err, "is %s, expected an object", json_field_type(item));
	const cJSON *said = json_field(item, "error");
	if (cJSON_IsString(said)) {
		char *msg = text_clean(said->valuestring, strnlen(said->valuestring, 300),
				       TEXT_COLLAPSE);
		set_err(err, "the server answered with an error: %s", msg);
		free(msg);
		return -1;
	}
	const cJSON *p = json_field(item, "paper");
	if (p && !cJSON_IsObject(p))
		return set_err(err, "paper is %s, expected an object", json_field_type(p));
	if (!p)
		p = item; /* a single paper: /api/papers/{id} */
	const char *pre = item == p ? "" : "paper.";

	const cJSON *id = json_field(p, "id");
	if (!id)
		return set_err(err, "%sid is missing", pre);
	if (!cJSON_IsString(id))
		return set_err(err, "%sid is %s, expected a string", pre,
			       json_field_type(id));
	if (!paper_id_valid(id->valuestring))
		return set_err(err, "%sid is not an arXiv id", pre);
	out->id = xstrdup(id->valuestring);
	if (parse_fields(item, p, out, err) != 0) {
		char *msg = xasprintf("%s: %s", out->id, *err);
		free(*err);
		*err = msg;
		paper_clear(out);
		return -1;
	}
	return 0;
}

const char *hf_entry_id(const cJSON *item)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(item, "paper");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_IsObject(p) ? p : item, "id");
	return cJSON_IsString(id) && paper_id_valid(id->valuestring) ? id->valuestring : NULL;
}

/* Collects every entry of a body, so nothing is handed on if any is bad
 * (or, with refused set, if the body is). */
struct collect {
	struct paper *papers;
	long n, cap;
	long max;             /* entries the list may hold; 0: no cap */
	hf_refused_fn refused;
	void *ctx;
};

/* A bad entry: an error, or told to c->refused and left out. The cause
 * starts with the id when the entry had one; it is said once. */
static int bad_entry(struct collect *c, long index, const cJSON *item, const char *why,
		     char **err)
{
	if (!c->refused)
		return set_err(err, "entry %ld: %s", index, why);
	const char *id = item ? hf_entry_id(item) : NULL;
	size_t n = id ? strlen(id) : 0;
	if (id && strncmp(why, id, n) == 0 && strncmp(why + n, ": ", 2) == 0)
		why += n + 2;
	c->refused(c->ctx, index, id, why);
	return 0;
}

static int collect_element(void *ctx, const char *elem, size_t len, long index,
			   char **err)
{
	struct collect *c = ctx;
	if (c->max && index >= c->max)
		return set_err(err, "more than %ld papers in one page", c->max);
	const char *end = NULL;
	cJSON *item = cJSON_ParseWithLengthOpts(elem, len, &end, 0);
	if (!item) {
		char *why = xasprintf("invalid JSON near byte %zu of the entry",
				      end ? (size_t)(end - elem) : 0);
		int rc = bad_entry(c, index, NULL, why, err);
		free(why);
		return rc;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->papers = xrealloc(c->papers, (size_t)c->cap * sizeof *c->papers);
	}
	char *cause = NULL;
	int rc = hf_parse_entry(item, &c->papers[c->n], &cause);
	if (rc == 0)
		c->n++;
	else
		rc = bad_entry(c, index, item, cause, err);
	free(cause);
	cJSON_Delete(item);
	return rc;
}

int hf_parse_list(const char *body, size_t len, long max, const struct paper_sink *sink,
		  hf_refused_fn refused, void *ctx, long *count, char **err)
{
	struct collect c = {.max = max, .refused = refused, .ctx = ctx};
	struct json_stream *js = json_stream_new(collect_element, &c);
	int rc = json_stream_feed(js, body, len, err);
	if (rc == 0)
		rc = json_stream_finish(js, err);
	long entries = json_stream_count(js);
	json_stream_free(&js);
	for (long i = 0; i < c.n; i++) {
		if (rc == 0 && sink->on_paper(sink->ctx, &c.papers[i], err) != 0)
			rc = -1;
		paper_clear(&c.papers[i]);
	}
	free(c.papers);
	if (rc == 0 && count)
		*count = entries;
	return rc;
}

int hf_parse(const char *body, size_t len, const struct paper_sink *sink,
	     long *count, char **err)
{
	return hf_parse_list(body, len, 0, sink, NULL, NULL, count, err);
}

