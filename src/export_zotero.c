/*
 * export_zotero: papers as Zotero items, the JSON Zotero's connector takes
 * at /connector/saveItems (what its browser extensions send): each a
 * Preprint with its title, authors, abstract, date, URL, DOI, archive ID
 * (arXiv:ID), tags and note.
 */
#include "export_int.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "base/mem.h"
#include "base/buf.h"
#include "base/date.h"

/* {"firstName", "lastName", "creatorType"}, or {"name", ...} for a name
 * that cannot be split safely. */
static cJSON *creator(const char *full)
{
	struct export_name n;
	cJSON *o = cJSON_CreateObject();
	export_name_split(full, &n);
	if (n.literal) {
		cJSON_AddStringToObject(o, "name", n.full);
	} else {
		char *last = *n.suffix ? xasprintf("%s, %s", n.family, n.suffix)
				       : xstrdup(n.family);
		cJSON_AddStringToObject(o, "firstName", n.given);
		cJSON_AddStringToObject(o, "lastName", last);
		free(last);
	}
	cJSON_AddStringToObject(o, "creatorType", "author");
	export_name_clear(&n);
	return o;
}

/* A Zotero note is HTML: the text escaped, each line break a <br>. */
static char *note_html(const char *text)
{
	struct buf b = {0};
	buf_adds(&b, "<p>");
	for (const char *c = text; *c; c++) {
		switch (*c) {
		case '&': buf_adds(&b, "&amp;"); break;
		case '<': buf_adds(&b, "&lt;"); break;
		case '>': buf_adds(&b, "&gt;"); break;
		case '"': buf_adds(&b, "&quot;"); break;
		case '\n': buf_adds(&b, "<br/>"); break;
		default: buf_addc(&b, *c);
		}
	}
	buf_adds(&b, "</p>");
	return buf_detach(&b);
}

static cJSON *item(const struct db_paper *dp)
{
	const struct paper *p = &dp->p;
	cJSON *it = cJSON_CreateObject();
	char *url = paper_abs_url(p->id), *doi = export_doi(p->id);
	char *archive = xasprintf("arXiv:%s", p->id);
	const char *date = export_date(dp);
	cJSON_AddStringToObject(it, "id", p->id);
	cJSON_AddStringToObject(it, "itemType", "preprint");
	cJSON_AddStringToObject(it, "title", p->title ? p->title : "");
	cJSON_AddItemToObject(it, "creators", export_names_json(p->authors, creator));
	if (p->abstract && *p->abstract)
		cJSON_AddStringToObject(it, "abstractNote", p->abstract);
	if (date && date_valid(date))
		cJSON_AddStringToObject(it, "date", date);
	cJSON_AddStringToObject(it, "url", url);
	cJSON_AddStringToObject(it, "DOI", doi);
	cJSON_AddStringToObject(it, "archiveID", archive);
	cJSON_AddStringToObject(it, "repository", "arXiv");
	cJSON_AddStringToObject(it, "libraryCatalog", "arXiv.org");
	cJSON *tags = cJSON_AddArrayToObject(it, "tags");
	for (char **t = dp->tags; t && *t; t++) {
		cJSON *tag = cJSON_CreateObject();
		cJSON_AddStringToObject(tag, "tag", *t);
		cJSON_AddItemToArray(tags, tag);
	}
	cJSON *notes = cJSON_AddArrayToObject(it, "notes");
	if (dp->note && *dp->note) {
		char *html = note_html(dp->note);
		cJSON *note = cJSON_CreateObject();
		cJSON_AddStringToObject(note, "note", html);
		cJSON_AddItemToArray(notes, note);
		free(html);
	}
	cJSON_AddArrayToObject(it, "attachments");
	free(url);
	free(doi);
	free(archive);
	return it;
}

char *export_zotero_items(const struct db_paper *dps, int n, const char *session)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "sessionID", session);
	if (n == 1) {
		char *url = paper_abs_url(dps[0].p.id);
		cJSON_AddStringToObject(root, "uri", url);
		free(url);
	} else {
		cJSON_AddStringToObject(root, "uri", "https://arxiv.org/");
	}
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(items, item(&dps[i]));
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	char *out = xstrdup(s);
	cJSON_free(s);
	return out;
}
