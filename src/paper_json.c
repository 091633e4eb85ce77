/* paper_json: db_paper -> papyr's JSON object (see paper_json.h). */
#include "paper_json.h"

#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "base/mem.h"

static void add_opt(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *lines_array(const char *s)
{
	cJSON *arr = cJSON_CreateArray();
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *item = xstrndup(s, len);
		cJSON_AddItemToArray(arr, cJSON_CreateString(item));
		free(item);
		s += len + (e != NULL);
	}
	return arr;
}

static cJSON *strv_array(char **v)
{
	cJSON *arr = cJSON_CreateArray();
	for (; v && *v; v++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*v));
	return arr;
}

static void add_links(cJSON *o, const char *id, const struct paper *p)
{
	cJSON *links = cJSON_AddObjectToObject(o, "links");
	char *abs = paper_abs_url(id), *pdf = paper_pdf_url(id), *hf = paper_hf_url(id);
	cJSON_AddStringToObject(links, "abs", abs);
	cJSON_AddStringToObject(links, "pdf", pdf);
	cJSON_AddStringToObject(links, "hf", hf);
	free(abs);
	free(pdf);
	free(hf);
	add_opt(links, "github", p->github_repo);
	add_opt(links, "project", p->project_page);
}

cJSON *paper_to_json(const struct db_paper *dp)
{
	const struct paper *p = &dp->p;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p->id);
	cJSON_AddStringToObject(o, "title", p->title);
	cJSON_AddItemToObject(o, "authors", lines_array(p->authors));
	cJSON_AddStringToObject(o, "abstract", p->abstract);
	add_opt(o, "published", p->published);
	cJSON_AddItemToObject(o, "days", strv_array(dp->days));
	cJSON_AddNumberToObject(o, "upvotes", (double)p->upvotes);
	cJSON_AddNumberToObject(o, "comments", (double)p->comments);
	add_opt(o, "ai_summary", p->ai_summary);
	cJSON_AddItemToObject(o, "ai_keywords", lines_array(p->ai_keywords));
	add_opt(o, "github_repo", p->github_repo);
	cJSON_AddNumberToObject(o, "github_stars", (double)p->github_stars);
	add_opt(o, "project_page", p->project_page);
	add_opt(o, "organization", p->organization);
	if (p->source & PAPER_SRC_ARXIV) {
		/* arXiv's own, for a paper it brought */
		cJSON *src = cJSON_AddArrayToObject(o, "sources");
		if (p->source & PAPER_SRC_HF)
			cJSON_AddItemToArray(src, cJSON_CreateString("hf"));
		cJSON_AddItemToArray(src, cJSON_CreateString("arxiv"));
		if (p->version > 0)
			cJSON_AddNumberToObject(o, "version", p->version);
		add_opt(o, "primary_category", p->primary);
		cJSON *cats = cJSON_AddArrayToObject(o, "categories");
		for (const char *c = p->categories ? p->categories : ""; *c;) {
			size_t n = strcspn(c, " ");
			char *w = xstrndup(c, n);
			cJSON_AddItemToArray(cats, cJSON_CreateString(w));
			free(w);
			c += n + (c[n] == ' ');
		}
		add_opt(o, "announced", p->announced);
		add_opt(o, "announce_type", p->announce_type);
		add_opt(o, "arxiv_comment", p->arxiv_comment);
		add_opt(o, "journal_ref", p->journal_ref);
	}
	add_links(o, p->id, p);
	cJSON_AddBoolToObject(o, "read", (dp->flags & DB_READ) != 0);
	cJSON_AddBoolToObject(o, "starred", (dp->flags & DB_STARRED) != 0);
	cJSON_AddBoolToObject(o, "dismissed", (dp->flags & DB_DISMISSED) != 0);
	cJSON_AddItemToObject(o, "tags", strv_array(dp->tags));
	add_opt(o, "note", dp->note);
	return o;
}
