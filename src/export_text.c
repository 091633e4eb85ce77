/*
 * export_text: the line formats: RIS (reference managers), CSV (RFC 4180,
 * for spreadsheets) and a Markdown reading list.
 */
#include "export_int.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/date.h"

#include <stdlib.h>
#include <string.h>

/* Calls fn for each '\n'-separated, non-empty item of list. */
static void each_line(const char *list, void (*fn)(struct buf *, const char *),
		      struct buf *b)
{
	for (const char *s = list ? list : ""; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len) {
			char *one = xstrndup(s, len);
			fn(b, one);
			free(one);
		}
		s += len + (e != NULL);
	}
}

/* ---- RIS: "XX  - value" lines, a record from TY to ER ---- */

static void ris_tag(struct buf *b, const char *tag, const char *value)
{
	if (!value || !*value)
		return;
	buf_printf(b, "%s  - ", tag);
	export_one_line(b, value);
	buf_addc(b, '\n');
}

static void ris_author(struct buf *b, const char *full)
{
	struct export_name n;
	export_name_split(full, &n);
	if (n.literal) {
		ris_tag(b, "AU", n.full);
	} else {
		char *s = *n.suffix ? xasprintf("%s, %s, %s", n.family, n.given, n.suffix)
				    : xasprintf("%s, %s", n.family, n.given);
		ris_tag(b, "AU", s);
		free(s);
	}
	export_name_clear(&n);
}

static void ris_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		      const char *key)
{
	const struct paper *p = &dp->p;
	const char *date = export_date(dp);
	if (o->n)
		buf_addc(b, '\n');
	ris_tag(b, "TY", "GEN");
	ris_tag(b, "ID", key);
	ris_tag(b, "TI", p->title);
	each_line(p->authors, ris_author, b);
	if (date && date_valid(date)) {
		buf_printf(b, "PY  - %.4s\n", date);
		buf_printf(b, "DA  - %.4s/%.2s/%.2s/\n", date, date + 5, date + 8);
	}
	char *url = paper_abs_url(p->id), *number = xasprintf("arXiv:%s", p->id);
	char *doi = export_doi(p->id);
	ris_tag(b, "DO", doi);
	ris_tag(b, "UR", url);
	ris_tag(b, "PB", "arXiv");
	ris_tag(b, "M1", number);
	free(url);
	free(doi);
	free(number);
	ris_tag(b, "AB", p->abstract);
	for (char **t = dp->tags; t && *t; t++)
		ris_tag(b, "KW", *t);
	ris_tag(b, "N1", dp->note);
	buf_adds(b, "ER  - \n");
}

const struct export_writer export_ris_writer = {.paper = ris_paper};

/* ---- CSV ---- */

static const char *const csv_columns[] = {
	"id", "title", "authors", "published", "days", "upvotes", "comments",
	"github", "github_stars", "project", "tags", "read", "starred", "dismissed",
	"note", "url", "abstract",
};

static void csv_begin(struct export_out *o, struct buf *b)
{
	(void)o;
	for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++)
		buf_printf(b, "%s%s", i ? "," : "", csv_columns[i]);
	buf_adds(b, "\r\n");
}

/* A cell of text, guarded against formulas unless the user said not to. */
static void csv_text(const struct export_out *o, struct buf *b, const char *s)
{
	export_csv_cell(b, s ? s : "", !o->opts->csv_formulas);
}

/* list's '\n'-separated items joined by sep. */
static void csv_joined(const struct export_out *o, struct buf *b, const char *list,
		       const char *sep)
{
	struct buf j = {0};
	for (const char *s = list ? list : ""; *s; s++)
		if (*s == '\n')
			buf_adds(&j, sep);
		else
			buf_addc(&j, *s);
	csv_text(o, b, j.data);
	buf_free(&j);
}

static void csv_strv(const struct export_out *o, struct buf *b, char **v)
{
	struct buf j = {0};
	for (char **s = v; s && *s; s++) {
		if (s != v)
			buf_addc(&j, ' ');
		buf_adds(&j, *s);
	}
	csv_text(o, b, j.data);
	buf_free(&j);
}

static void csv_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		      const char *key)
{
	(void)key;
	const struct paper *p = &dp->p;
	char *url = paper_abs_url(p->id);
	csv_text(o, b, p->id);
	buf_addc(b, ',');
	csv_text(o, b, p->title);
	buf_addc(b, ',');
	csv_joined(o, b, p->authors, "; ");
	buf_addc(b, ',');
	csv_text(o, b, p->published);
	buf_addc(b, ',');
	csv_strv(o, b, dp->days);
	buf_printf(b, ",%ld,%ld,", p->upvotes, p->comments);
	csv_text(o, b, p->github_repo);
	buf_printf(b, ",%ld,", p->github_stars);
	csv_text(o, b, p->project_page);
	buf_addc(b, ',');
	csv_strv(o, b, dp->tags);
	buf_printf(b, ",%d,%d,%d,", (dp->flags & DB_READ) != 0,
		   (dp->flags & DB_STARRED) != 0, (dp->flags & DB_DISMISSED) != 0);
	csv_text(o, b, dp->note);
	buf_addc(b, ',');
	csv_text(o, b, url);
	buf_addc(b, ',');
	csv_text(o, b, p->abstract);
	buf_adds(b, "\r\n");
	free(url);
}

const struct export_writer export_csv_writer = {.begin = csv_begin, .paper = csv_paper};

/* ---- Markdown: a reading list ---- */

static void md_begin(struct export_out *o, struct buf *b)
{
	(void)o;
	buf_adds(b, "# Reading list\n");
}

static void md_group(struct export_out *o, struct buf *b, const char *heading)
{
	(void)o;
	buf_adds(b, "\n## ");
	export_md_escape(b, heading);
	buf_addc(b, '\n');
}

/* Every author, or "First Author et al." when there are more than max. */
static void md_authors(struct buf *b, const char *list, int max)
{
	int n = 0, total = 0;
	for (const char *s = list ? list : ""; *s; s++)
		total += *s == '\n';
	total += list && *list;
	for (const char *s = list ? list : ""; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (n == 1 && total > max) {
			buf_adds(b, " et al.");
			return;
		}
		char *one = xstrndup(s, len);
		buf_adds(b, n++ ? ", " : "");
		export_md_escape(b, one);
		free(one);
		s += len + (e != NULL);
	}
}

/* Text as an indented block of the list item, each line escaped; prefix is
 * "> " for a quote. */
static void md_block(struct buf *b, const char *text, const char *prefix)
{
	buf_addc(b, '\n');
	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = xstrndup(s, len);
		buf_printf(b, "  %s", prefix);
		export_md_escape(b, line);
		buf_addc(b, '\n');
		free(line);
		s += len + (e != NULL);
	}
}

/* A link; characters that would end the destination are %-encoded. */
static void md_link(struct buf *b, const char *label, const char *url)
{
	buf_printf(b, " · [%s](", label);
	for (const char *c = url; *c; c++)
		if (strchr(" <>()\\`\"'", *c))
			buf_printf(b, "%%%02X", (unsigned char)*c);
		else
			buf_addc(b, *c);
	buf_addc(b, ')');
}

static void md_paper(struct export_out *o, struct buf *b, const struct db_paper *dp,
		     const char *key)
{
	(void)key;
	const struct paper *p = &dp->p;
	const char *date = export_date(dp);
	char *abs = paper_abs_url(p->id), *pdf = paper_pdf_url(p->id);
	char *hf = paper_hf_url(p->id);
	unsigned flags = o->opts->flags;
	buf_adds(b, "\n- [");
	export_md_escape(b, p->title ? p->title : "");
	buf_printf(b, "](%s)\\\n  ", abs);
	md_authors(b, p->authors, o->opts->md_authors);
	if (date)
		buf_printf(b, " (%s)", date);
	md_link(b, "PDF", pdf);
	md_link(b, "HF", hf);
	if (p->github_repo)
		md_link(b, "code", p->github_repo);
	if (p->project_page)
		md_link(b, "project", p->project_page);
	for (char **t = dp->tags; t && *t; t++) {
		buf_adds(b, t == dp->tags ? " · " : " ");
		buf_addc(b, '#');
		export_md_escape(b, *t);
	}
	buf_addc(b, '\n');
	if (dp->note && *dp->note)
		md_block(b, dp->note, "> ");
	if ((flags & EXPORT_SUMMARY) && p->ai_summary && *p->ai_summary)
		md_block(b, p->ai_summary, "> **AI summary:** ");
	if ((flags & EXPORT_ABSTRACT) && p->abstract && *p->abstract) {
		char *one = xstrdup(p->abstract); /* one paragraph */
		for (char *c = one; *c; c++)
			if (*c == '\n')
				*c = ' ';
		md_block(b, one, "");
		free(one);
	}
	free(abs);
	free(pdf);
	free(hf);
}

const struct export_writer export_markdown_writer = {
	.begin = md_begin, .group = md_group, .paper = md_paper,
};
