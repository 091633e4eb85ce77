/*
 * export_json: papyr's own JSON (the shape of paper_json.c, with the user's
 * state, which `papyr import` takes back) and CSL-JSON, the citation format
 * Zotero, pandoc and citeproc read. Both are an array written one item per
 * line, so an export streams and a line-oriented tool can still cope.
 */
#include "export_int.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "paper_json.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/date.h"

static void array_begin(struct export_out *o, struct buf *b)
{
	(void)o;
	buf_addc(b, '[');
}

static void array_end(struct export_out *o, struct buf *b)
{
	buf_adds(b, o->n ? "\n]\n" : "]\n");
}

static void add_item(struct export_out *o, struct buf *b, cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);
	buf_adds(b, o->n ? ",\n" : "\n");
	buf_adds(b, s);
	cJSON_free(s);
	cJSON_Delete(item);
}

static void json_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		       const char *key)
{
	(void)key;
	add_item(o, b, paper_to_json(dp));
}

const struct export_writer export_json_writer = {
	.begin = array_begin, .paper = json_paper, .end = array_end,
};

/* ---- CSL-JSON ---- */

static cJSON *csl_name(const char *full)
{
	struct export_name n;
	cJSON *o = cJSON_CreateObject();
	export_name_split(full, &n);
	if (n.literal) {
		cJSON_AddStringToObject(o, "literal", n.full);
	} else {
		cJSON_AddStringToObject(o, "family", n.family);
		cJSON_AddStringToObject(o, "given", n.given);
		if (*n.suffix)
			cJSON_AddStringToObject(o, "suffix", n.suffix);
	}
	export_name_clear(&n);
	return o;
}

/* {"date-parts": [[2026, 6, 12]]} */
static void csl_issued(cJSON *item, const char *date)
{
	if (!date || !date_valid(date))
		return;
	int parts[3] = {atoi(date), atoi(date + 5), atoi(date + 8)};
	cJSON *issued = cJSON_AddObjectToObject(item, "issued");
	cJSON *outer = cJSON_AddArrayToObject(issued, "date-parts");
	cJSON_AddItemToArray(outer, cJSON_CreateIntArray(parts, 3));
}

/* CSL's keyword is one string: the tags, joined by ", " (a tag holds no
 * comma). */
static void csl_keyword(cJSON *item, char **tags)
{
	if (!tags || !tags[0])
		return;
	struct buf b = {0};
	for (char **t = tags; *t; t++)
		buf_printf(&b, "%s%s", t == tags ? "" : ", ", *t);
	cJSON_AddStringToObject(item, "keyword", b.data);
	buf_free(&b);
}

static void csl_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		      const char *key)
{
	const struct paper *p = &dp->p;
	cJSON *item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, "id", key);
	/* "article" is CSL's preprint: Zotero makes it a Preprint item. */
	cJSON_AddStringToObject(item, "type", "article");
	cJSON_AddStringToObject(item, "title", p->title ? p->title : "");
	cJSON_AddItemToObject(item, "author", export_names_json(p->authors, csl_name));
	csl_issued(item, export_date(dp));
	char *url = paper_abs_url(p->id), *doi = export_doi(p->id);
	char *number = xasprintf("arXiv:%s", p->id);
	cJSON_AddStringToObject(item, "citation-key", key);
	cJSON_AddStringToObject(item, "DOI", doi);
	cJSON_AddStringToObject(item, "URL", url);
	cJSON_AddStringToObject(item, "archive", "arXiv");
	cJSON_AddStringToObject(item, "publisher", "arXiv");
	cJSON_AddStringToObject(item, "number", number);
	free(url);
	free(doi);
	free(number);
	if (p->abstract && *p->abstract)
		cJSON_AddStringToObject(item, "abstract", p->abstract);
	csl_keyword(item, dp->tags);
	if (dp->note && *dp->note)
		cJSON_AddStringToObject(item, "note", dp->note);
	add_item(o, b, item);
}

const struct export_writer export_csl_writer = {
	.begin = array_begin, .paper = csl_paper, .end = array_end,
};
