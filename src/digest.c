/* digest: what is new in the cache, grouped and escaped (see digest.h). */
#include "digest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "config.h"
#include "learn.h"
#include "query.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/paper.h"

static const char *const formats[DIGEST_FORMATS_] = {
	[DIGEST_MARKDOWN] = "markdown", [DIGEST_TEXT] = "text", [DIGEST_HTML] = "html",
};

int digest_format_parse(const char *s, enum digest_format *out)
{
	for (int i = 0; i < DIGEST_FORMATS_; i++)
		if (strcmp(s, formats[i]) == 0) {
			*out = (enum digest_format)i;
			return 0;
		}
	return -1;
}

const char *digest_format_name(int i)
{
	return i >= 0 && i < DIGEST_FORMATS_ ? formats[i] : NULL;
}

/* ---- escaping ---- */

static void add_html(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *s); break;
		}
}

/* Markdown's specials backslash-escaped (a title like "a_b *c* [d]" stays
 * text; "&amp;" too, which would be read as an entity: '&' before a letter,
 * a digit or '#'), line breaks as spaces. */
static void add_md(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]()<>#!|~", *s) ||
		    (*s == '&' && (isalnum((unsigned char)s[1]) || s[1] == '#')))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static void add_text(struct buf *b, enum digest_format fmt, const char *s)
{
	if (fmt == DIGEST_HTML)
		add_html(b, s);
	else if (fmt == DIGEST_MARKDOWN)
		add_md(b, s);
	else
		for (; *s; s++)
			buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* ---- the parts ---- */

static void add_head(struct buf *b, enum digest_format fmt, const char *since)
{
	switch (fmt) {
	case DIGEST_MARKDOWN:
		buf_printf(b, "# New papers since %s\n", since);
		break;
	case DIGEST_TEXT:
		buf_printf(b, "New papers since %s\n", since);
		break;
	case DIGEST_HTML:
		buf_printf(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			   "<title>papyr: new papers since %s</title></head>\n<body>\n"
			   "<h1>New papers since %s</h1>\n", since, since);
		break;
	default: break;
	}
}

static void add_group_head(struct buf *b, enum digest_format fmt, const char *name,
			   const char *query)
{
	switch (fmt) {
	case DIGEST_MARKDOWN:
		buf_adds(b, "\n## ");
		add_md(b, name);
		if (query) {
			buf_adds(b, " (");
			add_md(b, query);
			buf_adds(b, ")");
		}
		buf_adds(b, "\n\n");
		break;
	case DIGEST_TEXT:
		buf_printf(b, "\n%s", name);
		if (query)
			buf_printf(b, " (%s)", query);
		buf_adds(b, "\n");
		break;
	case DIGEST_HTML:
		buf_adds(b, "<h2>");
		add_html(b, name);
		if (query) {
			buf_adds(b, " <small>");
			add_html(b, query);
			buf_adds(b, "</small>");
		}
		buf_adds(b, "</h2>\n<ul>\n");
		break;
	default: break;
	}
}

static void add_paper(struct buf *b, enum digest_format fmt, const struct db_row *r)
{
	char *url = paper_abs_url(r->id);
	char meta[96];
	snprintf(meta, sizeof meta, "%s%s%ld upvote%s", r->day, r->day[0] ? ", " : "",
		 r->upvotes, r->upvotes == 1 ? "" : "s");
	switch (fmt) {
	case DIGEST_MARKDOWN:
		buf_adds(b, "- [");
		add_md(b, r->title);
		buf_printf(b, "](%s) (%s, %s)\n", url, r->id, meta);
		break;
	case DIGEST_TEXT:
		buf_adds(b, "  ");
		add_text(b, fmt, r->title);
		buf_printf(b, "\n    %s (%s)\n", url, meta);
		break;
	case DIGEST_HTML:
		buf_adds(b, "<li><a href=\"");
		add_html(b, url);
		buf_adds(b, "\">");
		add_html(b, r->title);
		buf_adds(b, "</a> (");
		add_html(b, r->id);
		buf_adds(b, ", ");
		add_html(b, meta);
		buf_adds(b, ")</li>\n");
		break;
	default: break;
	}
	free(url);
}

static void add_more(struct buf *b, enum digest_format fmt, long more)
{
	if (fmt == DIGEST_HTML) {
		if (more > 0)
			buf_printf(b, "<li>and %ld more</li>\n", more);
		buf_adds(b, "</ul>\n");
	} else if (more > 0) {
		buf_printf(b, "%sand %ld more\n", fmt == DIGEST_MARKDOWN ? "- " : "  ", more);
	}
}

/* ---- the groups ---- */

/*
 * One group: the query's papers that arrived in the span, in its order
 * (learned orders made ready first), at most o->limit of them. Returns
 * the papers listed, or -1.
 */
static long add_group(struct db *db, const struct config *cfg, const struct digest_opts *o,
		      const char *name, const char *shown, const char *text, int ranked_only,
		      struct buf *out, char **err)
{
	struct query_env env = {.cfg = cfg};
	struct query *q = NULL;
	if (query_compile(text, &env, &q, NULL, err) != 0)
		return -1;
	struct db_filter *qf = query_filter(q);
	struct db_fnode *and = db_fnode_new(DB_F_AND, NULL);
	struct db_fnode *arrived = db_fnode_new(DB_F_ARRIVED, NULL);
	arrived->lo = o->since;
	arrived->hi = o->until;
	if (qf->root)
		db_fnode_add(and, db_fnode_dup(qf->root));
	db_fnode_add(and, arrived);
	struct db_filter f = *qf;
	f.root = and;
	char *note = NULL;
	long rc = -1, count = 0;
	struct db_page pg = {0};
	int wanted_score = f.sort == DB_SORT_SCORE;
	if (learn_prepare(db, cfg, &f, &note, err) != 0)
		goto out;
	if (ranked_only && wanted_score && f.sort != DB_SORT_SCORE) {
		rc = 0; /* nothing learned yet: no group rather than a list of all */
		goto out;
	}
	if (db_count(db, &f, &count, err) != 0 ||
	    (count && db_list(db, &f, NULL, 0, o->limit, &pg, err) != 0))
		goto out;
	if (count) {
		add_group_head(out, o->fmt, name, shown);
		for (int i = 0; i < pg.n; i++)
			add_paper(out, o->fmt, &pg.rows[i]);
		add_more(out, o->fmt, count - pg.n);
	}
	rc = pg.n;
out:
	db_page_free(&pg);
	free(note);
	db_fnode_free(and);
	query_free(&q);
	return rc;
}

long digest_write(struct db *db, const struct config *cfg, const struct digest_opts *o,
		  struct buf *out, char **err)
{
	struct buf body = {0};
	long total = 0;
	for (int i = 0; cfg && i < cfg->nalerts; i++) {
		const struct config_view *a = &cfg->alerts[i];
		char *e = NULL;
		long n = add_group(db, cfg, o, a->name, a->query, a->query, 0, &body, &e);
		if (n < 0) {
			set_err(err, "alert.%s: %s", a->name, e);
			free(e);
			buf_free(&body);
			return -1;
		}
		total += n;
	}
	long n = add_group(db, cfg, o, "For you", NULL,
			   "sort:foryou -is:starred -is:tagged -is:noted -is:dismissed", 1, &body,
			   err);
	if (n < 0) {
		buf_free(&body);
		return -1;
	}
	total += n;
	if (total) {
		char since[32];
		time_t t = (time_t)o->since;
		struct tm tm;
		strftime(since, sizeof since, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
		add_head(out, o->fmt, since);
		buf_add(out, body.data, body.len);
		if (o->fmt == DIGEST_HTML)
			buf_adds(out, "</body></html>\n");
	}
	buf_free(&body);
	return total;
}
