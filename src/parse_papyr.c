/* parse_papyr: papyr's JSON objects -> paper and state (see parse_papyr.h). */
#include "parse_papyr.h"

#include <stdlib.h>
#include <string.h>

#include "json_field.h"
#include "parse_hf.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

int papyr_is_entry(const cJSON *item)
{
	return cJSON_IsObject(item) && !cJSON_HasObjectItem(item, "paper") &&
	       !cJSON_HasObjectItem(item, "summary") &&
	       cJSON_HasObjectItem(item, "abstract") &&
	       (cJSON_HasObjectItem(item, "links") || cJSON_HasObjectItem(item, "days"));
}

/* papyr's objects are flat: a field's name alone names it in a message. */
static int str(const cJSON *o, const char *name, size_t max, unsigned flags, char **out,
	       char **err)
{
	return json_field_string(o, "", name, max, flags, out, err);
}

/* An array of at most max strings of at most max_item bytes each once
 * cleaned, joined by '\n' (authors, keywords), or kept as a NULL-ended
 * vector when v is not NULL. */
static int strings(const cJSON *o, const char *name, int max, size_t max_item,
		   char **joined, char ***v, char **err)
{
	const cJSON *arr = json_field(o, name), *s;
	struct buf b = {0};
	int i = 0, k = 0;
	if (arr && !cJSON_IsArray(arr))
		return set_err(err, "%s is %s, expected an array", name, json_field_type(arr));
	if (cJSON_GetArraySize(arr) > max)
		return set_err(err, "%s has more than %d items", name, max);
	if (v)
		*v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **v);
	cJSON_ArrayForEach(s, arr) {
		if (!cJSON_IsString(s)) {
			buf_free(&b);
			return set_err(err, "%s[%d] is %s, expected a string", name, i,
				       json_field_type(s));
		}
		char *c;
		char *item = xasprintf("%s[%d]", name, i++);
		int rc = json_field_text(s, "", item, max_item, TEXT_COLLAPSE, &c, err);
		free(item);
		if (rc != 0) {
			buf_free(&b);
			return -1;
		}
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
	if (str(o, name, PAPER_MAX_FIELD, TEXT_COLLAPSE, out, err) != 0)
		return -1;
	if (*out && strncmp(*out, "https://", 8) != 0 && strncmp(*out, "http://", 7) != 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

/* The keywords, PAPER_MAX_FIELD bytes at most once joined. */
static int keywords(const cJSON *item, char **out, char **err)
{
	if (strings(item, "ai_keywords", PAPER_MAX_FIELD, PAPER_MAX_FIELD, out, NULL,
		    err) != 0)
		return -1;
	if (*out && strlen(*out) > PAPER_MAX_FIELD)
		return set_err(err, "ai_keywords are %zu bytes long joined, more than %d",
			       strlen(*out), PAPER_MAX_FIELD);
	return 0;
}

static int dates(struct papyr_entry *e, const cJSON *item, char **err)
{
	if (str(item, "published", 64, 0, &e->p.published, err) != 0)
		return -1;
	if (e->p.published && !date_valid(e->p.published))
		return set_err(err, "published is not a date like 2026-06-12");
	if (strings(item, "days", 100000, 64, NULL, &e->days, err) != 0)
		return -1;
	for (char **d = e->days; *d; d++)
		if (!date_valid(*d))
			return set_err(err, "days holds '%s', not a date like 2026-06-12", *d);
	return 0;
}

/* arXiv's own, on a paper it brought: "sources" names it, the rest may be
 * absent or null. */
static int arxiv_fields(struct paper *p, const cJSON *item, char **err)
{
	char **src = NULL;
	if (strings(item, "sources", 2, 16, NULL, &src, err) != 0)
		return -1;
	for (char **s = src; *s; s++) {
		if (strcmp(*s, "hf") == 0)
			p->source |= PAPER_SRC_HF;
		else if (strcmp(*s, "arxiv") == 0)
			p->source |= PAPER_SRC_ARXIV;
		free(*s);
	}
	free(src);
	if (!(p->source & PAPER_SRC_ARXIV))
		return 0;
	long version = 0;
	unsigned has = 0;
	char *cats = NULL;
	if (json_field_count(item, "", "version", &version, &has, 1, err) ||
	    str(item, "primary_category", 64, TEXT_COLLAPSE, &p->primary, err) ||
	    strings(item, "categories", 100, 64, &cats, NULL, err) ||
	    str(item, "announce_type", 32, TEXT_COLLAPSE, &p->announce_type, err) ||
	    str(item, "arxiv_comment", PAPER_MAX_FIELD, TEXT_COLLAPSE, &p->arxiv_comment,
		err) ||
	    str(item, "journal_ref", PAPER_MAX_FIELD, TEXT_COLLAPSE, &p->journal_ref, err) ||
	    str(item, "announced", 16, TEXT_COLLAPSE, &p->announced, err))
		return -1;
	p->version = version > 1000 ? 1000 : (int)version;
	if (cats) {
		for (char *c = cats; *c; c++)
			if (*c == '\n' || *c == ' ')
				*c = ' ';
		p->categories = cats;
	}
	if (p->announced && !date_valid(p->announced))
		return set_err(err, "announced is not a date like 2026-06-12");
	return 0;
}

static int fields(struct papyr_entry *e, const cJSON *item, char **err)
{
	struct paper *p = &e->p;
	if (str(item, "title", PAPER_MAX_TITLE, TEXT_COLLAPSE, &p->title, err) ||
	    str(item, "abstract", PAPER_MAX_ABSTRACT, TEXT_KEEP_NEWLINES, &p->abstract, err) ||
	    strings(item, "authors", PAPER_MAX_AUTHORS, PAPER_MAX_NAME, &p->authors, NULL,
		    err) ||
	    dates(e, item, err) ||
	    json_field_count(item, "", "upvotes", &p->upvotes, &p->has,
			     PAPER_HAS_UPVOTES, err) ||
	    json_field_count(item, "", "comments", &p->comments, &p->has,
			     PAPER_HAS_COMMENTS, err) ||
	    json_field_count(item, "", "github_stars", &p->github_stars, &p->has,
			     PAPER_HAS_STARS, err) ||
	    str(item, "ai_summary", PAPER_MAX_FIELD, TEXT_COLLAPSE, &p->ai_summary, err) ||
	    keywords(item, &p->ai_keywords, err) ||
	    url(item, "github_repo", &p->github_repo, err) ||
	    url(item, "project_page", &p->project_page, err) ||
	    str(item, "organization", PAPER_MAX_NAME, TEXT_COLLAPSE, &p->organization, err) ||
	    arxiv_fields(p, item, err) ||
	    strings(item, "tags", PAPER_MAX_TAGS, PAPER_MAX_TAG, NULL, &e->tags, err) ||
	    str(item, "note", PAPER_MAX_NOTE, TEXT_KEEP_NEWLINES, &e->note, err) ||
	    json_field_bool(item, "", "read", &e->state, PAPYR_READ, err) ||
	    json_field_bool(item, "", "starred", &e->state, PAPYR_STARRED, err) ||
	    json_field_bool(item, "", "dismissed", &e->state, PAPYR_DISMISSED, err))
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
		return set_err(err, "is %s, expected an object", json_field_type(item));
	const cJSON *id = json_field(item, "id");
	if (!id)
		return set_err(err, "id is missing");
	if (!cJSON_IsString(id))
		return set_err(err, "id is %s, expected a string", json_field_type(id));
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
