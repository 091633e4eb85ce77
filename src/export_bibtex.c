/*
 * export_bibtex: one @misc entry per paper, for BibTeX and biber alike.
 *
 * Every field is braced and every brace in it is ours: braces in the text
 * become \textbraceleft{} / \textbraceright{}, the other specials are
 * escaped (see export_bib_escape), so an unbalanced brace in a title never
 * unbalances an entry. UTF-8 stays UTF-8 (biber and bibtex8 take it).
 */
#include "export_int.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/date.h"

#include <stdlib.h>
#include <string.h>

static void field(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "  %s = {", name);
	export_bib_escape(b, value);
	buf_adds(b, "},\n");
}

/* "Family, Given", "Family, Suffix, Given", or "{Whole Name}" when the name
 * cannot be split safely; joined by " and ". */
static void authors(struct buf *b, const char *list)
{
	if (!list || !*list)
		return;
	buf_adds(b, "  author = {");
	int first = 1;
	for (const char *s = list; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *one = xstrndup(s, len);
		s += len + (e != NULL);
		if (!*one) {
			free(one);
			continue;
		}
		struct export_name n;
		export_name_split(one, &n);
		buf_adds(b, first ? "" : " and ");
		first = 0;
		if (n.literal) {
			buf_addc(b, '{');
			export_bib_escape(b, n.full);
			buf_addc(b, '}');
		} else {
			export_bib_escape(b, n.family);
			if (*n.suffix) {
				buf_adds(b, ", ");
				export_bib_escape(b, n.suffix);
			}
			buf_adds(b, ", ");
			export_bib_escape(b, n.given);
		}
		export_name_clear(&n);
		free(one);
	}
	buf_adds(b, "},\n");
}

/* A number for the month, not the jan..dec macros: biber wants numbers, and
 * a reader that does not define the macros (bibtexparser's default) would
 * refuse the whole file. */
static void date_fields(struct buf *b, const char *date)
{
	if (!date || !date_valid(date))
		return;
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	buf_printf(b, "  year = {%.4s},\n  month = {%d},\n", date, m);
}

static void keywords(struct buf *b, char **tags)
{
	if (!tags || !tags[0])
		return;
	buf_adds(b, "  keywords = {");
	for (char **t = tags; *t; t++) {
		if (t != tags)
			buf_adds(b, ", ");
		export_bib_escape(b, *t);
	}
	buf_adds(b, "},\n");
}

void export_bibtex_append(struct buf *b, const struct db_paper *dp, const char *key)
{
	const struct paper *p = &dp->p;
	buf_printf(b, "@misc{%s,\n", key);
	/* Doubled braces keep the title's case (acronyms, names) as it is. */
	buf_adds(b, "  title = {{");
	export_bib_escape(b, p->title ? p->title : "");
	buf_adds(b, "}},\n");
	authors(b, p->authors);
	date_fields(b, export_date(dp));
	/* An arXiv id is digits, letters, '.', '-' and '/': nothing to escape. */
	buf_printf(b, "  eprint = {%s},\n  archivePrefix = {arXiv},\n", p->id);
	/* arXiv's category (cleaned words: letters, '.', '-') and version */
	if (p->primary && *p->primary) {
		buf_adds(b, "  primaryClass = {");
		export_bib_escape(b, p->primary);
		buf_adds(b, "},\n");
	}
	if (p->version > 0)
		buf_printf(b, "  version = {%d},\n", p->version);
	char *doi = export_doi(p->id), *url = paper_abs_url(p->id);
	buf_printf(b, "  doi = {%s},\n  url = {%s},\n", doi, url);
	free(doi);
	free(url);
	if (p->abstract && *p->abstract)
		field(b, "abstract", p->abstract);
	keywords(b, dp->tags);
	if (dp->note && *dp->note)
		field(b, "note", dp->note);
	/* The last field's comma is allowed by BibTeX, biber and both parsers,
	 * but drop it so stricter readers are happy too. */
	b->len -= 2;
	b->data[b->len] = '\0';
	buf_adds(b, "\n}\n");
}

static void bib_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		      const char *key)
{
	if (o->n)
		buf_addc(b, '\n');
	export_bibtex_append(b, dp, key);
}

const struct export_writer export_bibtex_writer = {
	.paper = bib_paper,
};
