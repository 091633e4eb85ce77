/*
 * fuzz_parse_hf: the Hugging Face parser through its public entry, on any
 * bytes. It never crashes; a body it refuses hands no paper on (a sink that
 * stores in one transaction never sees half a day) and says why; a body it
 * takes hands on papers that keep the promises of struct paper: a valid
 * id, a title, dates that are dates, and clean text (what text_clean leaves
 * as it is).
 */
#include "fuzz.h"

#include "../../src/parse_hf.h"
#include "../../src/base/date.h"
#include "../../src/base/text.h"

struct seen {
	long papers;
};

/* s is clean: text_clean gives it back unchanged; '\n' only where kept. */
static void check_clean(const char *s, unsigned flags, const char *id, const char *what)
{
	if (!s)
		return;
	char *c = text_clean(s, strlen(s), flags);
	FUZZ_CHECK(strcmp(c, s) == 0, "%s: %s is not clean: '%s'", id, what, s);
	free(c);
}

/* A '\n'-joined list: each item clean and not empty. */
static void check_lines(const char *s, const char *id, const char *what)
{
	if (!s || !*s)
		return;
	FUZZ_CHECK(s[0] != '\n' && s[strlen(s) - 1] != '\n' && !strstr(s, "\n\n"),
		   "%s: %s has an empty item", id, what);
	check_clean(s, TEXT_KEEP_NEWLINES, id, what);
}

static int on_paper(void *ctx, const struct paper *p, char **err)
{
	struct seen *seen = ctx;
	(void)err;
	seen->papers++;
	FUZZ_CHECK(p->id && paper_id_valid(p->id), "an invalid id");
	FUZZ_CHECK(p->title && *p->title, "%s: no title", p->id);
	FUZZ_CHECK(p->abstract && p->authors, "%s: no abstract or authors", p->id);
	FUZZ_CHECK(!p->published || date_valid(p->published), "%s: published '%s'",
		   p->id, p->published);
	FUZZ_CHECK(!p->day || date_valid(p->day), "%s: day '%s'", p->id, p->day);
	check_clean(p->title, 0, p->id, "title");
	check_clean(p->abstract, TEXT_KEEP_NEWLINES, p->id, "abstract");
	check_lines(p->authors, p->id, "authors");
	check_lines(p->ai_keywords, p->id, "ai_keywords");
	check_clean(p->ai_summary, 0, p->id, "ai_summary");
	check_clean(p->organization, 0, p->id, "organization");
	check_clean(p->github_repo, 0, p->id, "github_repo");
	check_clean(p->project_page, 0, p->id, "project_page");
	FUZZ_CHECK(p->upvotes >= 0 && p->comments >= 0 && p->github_stars >= 0,
		   "%s: a negative count", p->id);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen seen = {0};
	struct paper_sink sink = {on_paper, &seen};
	long count = -1;
	char *err = NULL;
	if (hf_parse((const char *)data, size, &sink, &count, &err) == 0) {
		FUZZ_CHECK(count == seen.papers, "counted %ld, handed on %ld", count,
			   seen.papers);
		FUZZ_CHECK(err == NULL, "an error beside success: %s", err);
	} else {
		FUZZ_CHECK(err && *err, "no message");
		FUZZ_CHECK(seen.papers == 0, "refused, but %ld papers handed on: %s",
			   seen.papers, err);
		free(err);
	}
	return 0;
}
