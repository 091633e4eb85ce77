/*
 * fuzz_parse_arxiv: arXiv's XML parser through its public entry, on any
 * bytes, whole and then in pieces. It never crashes; a body it refuses
 * hands no paper on and says why; a body it takes hands on papers that keep
 * the promises of struct paper (a valid id, a title, clean text within the
 * limits); fed in pieces, the stream hands on the same papers.
 */
#include "fuzz.h"

#include "../../src/parse_arxiv.h"
#include "../../src/base/date.h"
#include "../../src/base/text.h"

struct seen {
	long papers;
	unsigned long hash; /* of the ids and titles, in order */
};

static void check_clean(const char *s, unsigned flags, const char *id, const char *what)
{
	if (!s)
		return;
	char *c = text_clean(s, strlen(s), flags);
	FUZZ_CHECK(strcmp(c, s) == 0, "%s: %s is not clean: '%s'", id, what, s);
	free(c);
}

static unsigned long mix(unsigned long h, const char *s)
{
	for (; s && *s; s++)
		h = h * 131 + (unsigned char)*s;
	return h * 31 + 7;
}

static int on_paper(void *ctx, const struct paper *p, char **err)
{
	struct seen *seen = ctx;
	(void)err;
	seen->papers++;
	FUZZ_CHECK(p->id && paper_id_valid(p->id), "an invalid id");
	FUZZ_CHECK(p->title && *p->title, "%s: no title", p->id);
	FUZZ_CHECK(strlen(p->title) <= PAPER_MAX_TITLE, "%s: a long title", p->id);
	FUZZ_CHECK(p->abstract && strlen(p->abstract) <= PAPER_MAX_ABSTRACT,
		   "%s: no abstract, or a long one", p->id);
	FUZZ_CHECK(p->authors, "%s: no authors", p->id);
	FUZZ_CHECK(p->source == PAPER_SRC_ARXIV, "%s: source %u", p->id, p->source);
	FUZZ_CHECK(!p->published || date_valid(p->published), "%s: published '%s'",
		   p->id, p->published);
	FUZZ_CHECK(!p->announced || date_valid(p->announced), "%s: announced '%s'",
		   p->id, p->announced);
	FUZZ_CHECK(p->version >= 0, "%s: version %d", p->id, p->version);
	check_clean(p->title, 0, p->id, "title");
	check_clean(p->abstract, TEXT_KEEP_NEWLINES, p->id, "abstract");
	check_clean(p->authors, TEXT_KEEP_NEWLINES, p->id, "authors");
	check_clean(p->categories, 0, p->id, "categories");
	check_clean(p->primary, 0, p->id, "primary");
	check_clean(p->arxiv_comment, 0, p->id, "comments");
	check_clean(p->journal_ref, 0, p->id, "journal_ref");
	FUZZ_CHECK(!p->categories || strlen(p->categories) <= PAPER_MAX_FIELD,
		   "%s: long categories", p->id);
	seen->hash = mix(mix(seen->hash, p->id), p->title);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen whole = {0};
	struct paper_sink sink = {on_paper, &whole};
	struct arxiv_info info;
	char *err = NULL;
	int rc = arxiv_parse((const char *)data, size, 0, &sink, NULL, NULL, &info, &err);
	if (rc == 0) {
		FUZZ_CHECK(err == NULL, "an error beside success: %s", err);
		FUZZ_CHECK(info.format != ARXIV_FMT_NONE, "no format");
		FUZZ_CHECK(whole.papers <= info.entries, "%ld papers of %ld entries",
			   whole.papers, info.entries);
		FUZZ_CHECK(!info.day[0] || date_valid(info.day), "day '%s'", info.day);
	} else {
		FUZZ_CHECK(err && *err, "no message");
		FUZZ_CHECK(whole.papers == 0, "refused, but %ld papers handed on: %s",
			   whole.papers, err);
		free(err);
		err = NULL;
	}
	arxiv_info_clear(&info);

	/* In pieces of 7 bytes, the stream hands on the same papers. */
	struct seen parts = {0};
	sink.ctx = &parts;
	struct arxiv_parser *ap = arxiv_parser_new(&sink, 0, NULL, NULL);
	int prc = 0;
	for (size_t i = 0; i < size && prc == 0; i += 7)
		prc = arxiv_parser_feed(ap, (const char *)data + i, size - i < 7 ? size - i : 7,
					&err);
	if (prc == 0)
		prc = arxiv_parser_finish(ap, &err);
	FUZZ_CHECK((prc == 0) == (rc == 0), "whole %d, in pieces %d: %s", rc, prc,
		   err ? err : "");
	if (rc == 0)
		FUZZ_CHECK(parts.papers == whole.papers && parts.hash == whole.hash,
			   "in pieces, other papers (%ld, %ld)", parts.papers, whole.papers);
	free(err);
	arxiv_parser_free(&ap);
	return 0;
}
