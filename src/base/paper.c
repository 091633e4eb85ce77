/* paper: the record producers hand to sinks (see paper.h). */
#include "paper.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void paper_clear(struct paper *p)
{
	free(p->id);
	free(p->title);
	free(p->abstract);
	free(p->authors);
	free(p->published);
	free(p->day);
	free(p->ai_summary);
	free(p->ai_keywords);
	free(p->github_repo);
	free(p->project_page);
	free(p->organization);
	free(p->categories);
	free(p->primary);
	free(p->announced);
	free(p->announce_type);
	free(p->arxiv_comment);
	free(p->journal_ref);
	memset(p, 0, sizeof *p);
}

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void paper_copy(struct paper *dst, const struct paper *src)
{
	*dst = *src;
	dst->id = dup_opt(src->id);
	dst->title = dup_opt(src->title);
	dst->abstract = dup_opt(src->abstract);
	dst->authors = dup_opt(src->authors);
	dst->published = dup_opt(src->published);
	dst->day = dup_opt(src->day);
	dst->ai_summary = dup_opt(src->ai_summary);
	dst->ai_keywords = dup_opt(src->ai_keywords);
	dst->github_repo = dup_opt(src->github_repo);
	dst->project_page = dup_opt(src->project_page);
	dst->organization = dup_opt(src->organization);
	dst->categories = dup_opt(src->categories);
	dst->primary = dup_opt(src->primary);
	dst->announced = dup_opt(src->announced);
	dst->announce_type = dup_opt(src->announce_type);
	dst->arxiv_comment = dup_opt(src->arxiv_comment);
	dst->journal_ref = dup_opt(src->journal_ref);
}

char *paper_abs_url(const char *id)
{
	return xasprintf("https://arxiv.org/abs/%s", id);
}

char *paper_pdf_url(const char *id)
{
	return xasprintf("https://arxiv.org/pdf/%s", id);
}

char *paper_html_url(const char *id)
{
	return xasprintf("https://arxiv.org/html/%s", id);
}

char *paper_hf_url(const char *id)
{
	return xasprintf("https://huggingface.co/papers/%s", id);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

int paper_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 40)
		return 0;
	/* New style: YYMM.NNNN or YYMM.NNNNN */
	const char *dot = strchr(id, '.');
	if (dot && dot - id == 4 && all_digits(id, 4)) {
		size_t tail = n - 5;
		return (tail == 4 || tail == 5) && all_digits(dot + 1, tail);
	}
	/* Old style: archive[.SUB]/YYMMNNN */
	const char *slash = strchr(id, '/');
	if (!slash || slash == id || strlen(slash + 1) != 7 || !all_digits(slash + 1, 7))
		return 0;
	for (const char *c = id; c < slash; c++)
		if (!(islower((unsigned char)*c) || *c == '-' || *c == '.' ||
		      isupper((unsigned char)*c)))
			return 0;
	return 1;
}
