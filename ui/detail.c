/* detail: a paper as wrapped lines (see detail.h). */
#include "detail.h"

#include <stdlib.h>
#include <string.h>

#include "../src/base/paper.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/text.h"

static void add(struct detail *d, enum dl_kind kind, int link, char *text)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->l = xrealloc(d->l, (size_t)d->cap * sizeof *d->l);
	}
	d->l[d->n].kind = kind;
	d->l[d->n].link = link;
	d->l[d->n++].text = text;
}

/* Cleans s (untrusted, already clean in the cache: cleaned again here) and
 * adds it wrapped to width. */
static void add_wrapped(struct detail *d, enum dl_kind kind, const char *s, int width,
			unsigned flags)
{
	char *c = text_clean(s, strlen(s), flags | TEXT_COLLAPSE);
	struct text_line *lines;
	size_t n = text_wrap(c, width, &lines);
	for (size_t i = 0; i < n; i++)
		add(d, kind, 0, xstrndup(c + lines[i].off, lines[i].len));
	free(lines);
	free(c);
}

/*
 * The same for text with marks: each stretch between marks is cleaned on
 * its own (so the marks, bytes text_clean drops, are the ones db_highlight
 * put there), white space is folded around them, and a line a break leaves
 * inside a mark closes it and the next opens it again.
 */
static void add_wrapped_marked(struct detail *d, enum dl_kind kind, const char *s, int width)
{
	const char on = DB_MARK_ON[0], off = DB_MARK_OFF[0];
	struct buf c = {0};
	int space = 0;
	while (*s) {
		size_t n = strcspn(s, DB_MARK_ON DB_MARK_OFF);
		char *part = text_clean(s, n, 0);
		for (const char *p = part; *p; p++) {
			if (*p == ' ') {
				space = c.len > 0;
				continue;
			}
			if (space)
				buf_addc(&c, ' ');
			space = 0;
			buf_addc(&c, *p);
		}
		free(part);
		s += n;
		if (*s == on || *s == off) {
			if (space) /* a space before a mark goes before it */
				buf_addc(&c, ' ');
			space = 0;
			buf_addc(&c, *s++);
		}
	}
	if (!c.data) {
		buf_free(&c);
		return;
	}
	struct text_line *lines;
	size_t n = text_wrap(c.data, width, &lines);
	int open = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf l = {0};
		if (open)
			buf_addc(&l, on);
		const char *t = c.data + lines[i].off;
		for (size_t k = 0; k < lines[i].len; k++)
			open = t[k] == on ? 1 : t[k] == off ? 0 : open;
		buf_add(&l, t, lines[i].len);
		if (open)
			buf_addc(&l, off);
		add(d, kind, 0, buf_detach(&l));
		buf_free(&l);
	}
	free(lines);
	buf_free(&c);
}

static void add_blank(struct detail *d)
{
	if (d->n > 0 && d->l[d->n - 1].kind != DL_BLANK)
		add(d, DL_BLANK, 0, xstrdup(""));
}

static void add_authors(struct detail *d, const char *authors, int width, int unfold)
{
	struct buf b = {0};
	int n = 0, total = 0;
	for (const char *c = authors; *c; c++)
		total += *c == '\n';
	total += *authors != '\0';
	int shown = (!unfold && total > DETAIL_FOLD_AUTHORS) ? DETAIL_FOLD_AUTHORS - 1 : total;
	buf_adds(&b, total == 1 ? "Author: " : "Authors: ");
	for (const char *s = authors; *s && n < shown; n++) {
		size_t len = strcspn(s, "\n");
		if (n)
			buf_adds(&b, ", ");
		buf_add(&b, s, len);
		s += len;
		s += *s == '\n';
	}
	if (shown < total) {
		buf_printf(&b, " and %d more", total - shown);
		d->folded = 1;
	}
	if (total)
		add_wrapped(d, DL_META, b.data, width, 0);
	buf_free(&b);
}

static void add_numbers(struct detail *d, const struct db_paper *dp, int width)
{
	const struct paper *p = &dp->p;
	struct buf b = {0};
	if (p->day)
		buf_printf(&b, "Listed %s", p->day);
	if (p->published)
		buf_printf(&b, "%sPublished %s", b.len ? " · " : "", p->published);
	if (p->announced)
		buf_printf(&b, "%sAnnounced %s%s%s%s", b.len ? " · " : "", p->announced,
			   p->announce_type ? " (" : "", p->announce_type ? p->announce_type : "",
			   p->announce_type ? ")" : "");
	buf_printf(&b, "%s%ld upvote%s · %ld comment%s", b.len ? " · " : "", p->upvotes,
		   p->upvotes == 1 ? "" : "s", p->comments, p->comments == 1 ? "" : "s");
	if (p->github_repo || p->github_stars)
		buf_printf(&b, " · %ld GitHub star%s", p->github_stars,
			   p->github_stars == 1 ? "" : "s");
	add_wrapped(d, DL_META, b.data, width, 0);
	buf_reset(&b);
	buf_printf(&b, "arXiv %s", p->id);
	if (p->version > 0)
		buf_printf(&b, "v%d", p->version);
	if (dp->flags & DB_UPDATED)
		buf_adds(&b, " · updated");
	if (dp->flags & DB_READ)
		buf_adds(&b, " · read");
	if (dp->flags & DB_STARRED)
		buf_adds(&b, " · starred");
	if (dp->flags & DB_DISMISSED)
		buf_adds(&b, " · dismissed");
	if (p->organization && *p->organization)
		buf_printf(&b, " · %s", p->organization);
	add_wrapped(d, DL_META, b.data, width, 0);
	buf_free(&b);
}

/* arXiv's own: the categories (the primary one first, marked), the
 * authors' comments, the journal reference. */
static void add_arxiv(struct detail *d, const struct db_paper *dp, int width)
{
	const struct paper *p = &dp->p;
	struct buf b = {0};
	if (p->categories && *p->categories) {
		buf_adds(&b, "Categories: ");
		size_t n = p->primary ? strlen(p->primary) : 0;
		for (const char *c = p->categories; *c;) {
			size_t len = strcspn(c, " ");
			buf_add(&b, c, len);
			if (len == n && strncmp(c, p->primary, n) == 0)
				buf_adds(&b, " (primary)");
			c += len;
			if (*c) {
				buf_adds(&b, ", ");
				c++;
			}
		}
		add_wrapped(d, DL_META, b.data, width, 0);
		buf_reset(&b);
	}
	if (p->arxiv_comment && *p->arxiv_comment) {
		buf_printf(&b, "Comments: %s", p->arxiv_comment);
		add_wrapped(d, DL_META, b.data, width, 0);
		buf_reset(&b);
	}
	if (p->journal_ref && *p->journal_ref) {
		buf_printf(&b, "Journal: %s", p->journal_ref);
		add_wrapped(d, DL_META, b.data, width, 0);
	}
	buf_free(&b);
}

static void add_section(struct detail *d, const char *head, const char *text, int width,
			unsigned flags)
{
	if (!text || !*text)
		return;
	add_blank(d);
	add(d, DL_HEAD, 0, xstrdup(head));
	add_wrapped(d, DL_TEXT, text, width, flags);
}

static void add_keywords(struct detail *d, const char *kw, int width)
{
	if (!kw || !*kw)
		return;
	struct buf b = {0};
	buf_adds(&b, "Keywords: ");
	for (const char *s = kw; *s; s++)
		if (*s == '\n')
			buf_adds(&b, ", ");
		else
			buf_addc(&b, *s);
	add_wrapped(d, DL_META, b.data, width, 0);
	buf_free(&b);
}

static void add_url(struct detail *d, const char *name, char *url)
{
	if (d->nurls == DETAIL_MAX_LINKS) {
		free(url);
		return;
	}
	d->url_name[d->nurls] = name;
	d->url[d->nurls++] = url;
}

static void add_links(struct detail *d, const struct db_paper *dp)
{
	const struct paper *p = &dp->p;
	add_url(d, "arXiv", paper_abs_url(p->id));
	add_url(d, "PDF", paper_pdf_url(p->id));
	add_url(d, "Hugging Face", paper_hf_url(p->id));
	if (p->github_repo && *p->github_repo)
		add_url(d, "GitHub", text_clean(p->github_repo, strlen(p->github_repo), TEXT_COLLAPSE));
	if (p->project_page && *p->project_page)
		add_url(d, "Project", text_clean(p->project_page, strlen(p->project_page),
						 TEXT_COLLAPSE));
	/* after the others, so their numbers stay what they were */
	if (p->source & PAPER_SRC_ARXIV)
		add_url(d, "HTML", paper_html_url(p->id));
	add_blank(d);
	add(d, DL_HEAD, 0, xstrdup("Links"));
	for (int i = 0; i < d->nurls; i++) {
		/* Whole: drawn, a long URL is cut with an ellipsis. */
		char *line = xasprintf("[%d] %-12s %s", i + 1, d->url_name[i], d->url[i]);
		add(d, DL_LINK, i + 1, line);
	}
}

static void add_tags(struct detail *d, const struct db_paper *dp, int width)
{
	if (!dp->tags || !dp->tags[0])
		return;
	struct buf b = {0};
	buf_adds(&b, "Tags:");
	for (char **t = dp->tags; *t; t++)
		buf_printf(&b, " %s", *t);
	add_blank(d);
	add_wrapped(d, DL_META, b.data, width, 0);
	buf_free(&b);
}

void detail_build(struct detail *d, const struct db_paper *dp, int width, int unfold,
		  const struct detail_marks *marks)
{
	detail_build_why(d, dp, width, unfold, marks, NULL);
}

void detail_build_why(struct detail *d, const struct db_paper *dp, int width, int unfold,
		      const struct detail_marks *marks, const char *why)
{
	detail_free(d);
	if (width < 10)
		width = 10;
	const struct paper *p = &dp->p;
	if (marks && marks->title)
		add_wrapped_marked(d, DL_TITLE, marks->title, width);
	else
		add_wrapped(d, DL_TITLE, p->title, width, 0);
	add_blank(d);
	add_authors(d, p->authors ? p->authors : "", width, unfold);
	add_numbers(d, dp, width);
	add_arxiv(d, dp, width);
	add_tags(d, dp, width);
	add_section(d, "Why for you", why, width, 0);
	add_section(d, "Note", dp->note, width, TEXT_KEEP_NEWLINES);
	add_links(d, dp);
	add_section(d, "AI summary", p->ai_summary, width, 0);
	add_keywords(d, p->ai_keywords, width);
	if (marks && marks->abstract && *marks->abstract) {
		add_blank(d);
		add(d, DL_HEAD, 0, xstrdup("Abstract"));
		add_wrapped_marked(d, DL_TEXT, marks->abstract, width);
	} else {
		add_section(d, "Abstract", p->abstract, width, 0);
	}
}

void detail_free(struct detail *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	for (int i = 0; i < d->nurls; i++)
		free(d->url[i]);
	memset(d, 0, sizeof *d);
}

static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void detail_add_page(struct detail *d, const struct db_hfpage *pg, int width)
{
	if (!pg)
		return;
	if (width < 10)
		width = 10;
	struct buf b = {0};
	if (!pg->found)
		buf_adds(&b, "Hugging Face: no paper page");
	else
		buf_printf(&b, "Hugging Face: %ld %s · %ld %s · %ld %s", pg->num_models,
			   plural(pg->num_models, "model", "models"), pg->num_datasets,
			   plural(pg->num_datasets, "dataset", "datasets"), pg->num_spaces,
			   plural(pg->num_spaces, "Space", "Spaces"));
	/* It goes with the numbers: before the first blank line after the
	 * title's (the tags, the note and the links follow that one). */
	int at = d->n;
	for (int i = 0, blanks = 0; i < d->n; i++)
		if (d->l[i].kind == DL_BLANK && ++blanks == 2) {
			at = i;
			break;
		}
	int n0 = d->n;
	add_wrapped(d, DL_META, b.data, width, 0);
	buf_free(&b);
	int k = d->n - n0;
	if (k <= 0 || at >= n0)
		return;
	struct dline *tmp = xmalloc((size_t)k * sizeof *tmp);
	memcpy(tmp, d->l + n0, (size_t)k * sizeof *tmp);
	memmove(d->l + at + k, d->l + at, (size_t)(n0 - at) * sizeof *tmp);
	memcpy(d->l + at, tmp, (size_t)k * sizeof *tmp);
	free(tmp);
}
