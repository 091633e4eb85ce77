/*
 * Tests for the query language: each construct, precedence, sorts, views,
 * errors with their exact column, and hostile text, each compiled and run
 * against a real cache file holding six known papers.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../db/db.h"
#include "../src/config.h"
#include "../src/query.h"
#include "../src/sort_key.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "test_cache.h"

static char path[64];
static struct db *db;
static struct db_ingest *setup_ing; /* the setup's, until its commit */

static const struct fixture {
	const char *id, *title, *abstract, *authors, *keywords, *day, *published;
	long upvotes, comments, stars;
	const char *github, *project;
} papers[] = {
	{"2601.00001", "Diffusion models for images", "We study denoising diffusion.",
	 "Björn Engdahl\nAnn Lee", "diffusion\nimage generation", "2026-01-05", "2026-01-02",
	 50, 3, 100, "https://github.com/a/b", NULL},
	{"2601.00002", "State space models at scale",
	 "Mamba and state space layers; diffusion is mentioned.",
	 "Przemysław Uznański\nBo Chen", "mamba\nssm", "2026-01-05", "2025-12-30", 10, 0, 0,
	 NULL, NULL},
	{"2601.00003", "Reinforcement learning from feedback", "RLHF with a reward model.",
	 "Carol King", "rlhf", "2026-01-06", "2026-01-04", 120, 12, 5000,
	 "https://github.com/c/d", "https://example.org/rl"},
	{"2601.00004", "Vision transformers", "Patches and attention. NEAR OR AND.", "Dan Roe",
	 NULL, "2026-01-07", "2026-01-06", 7, 1, 0, NULL, "https://example.org/vit"},
	{"2512.00005", "Diffusion policies for robots", "Robots learn with diffusion policies.",
	 "Eve Adams", NULL, "2025-12-15", "2025-12-10", 30, 5, 40, "https://github.com/e/f",
	 NULL},
	{"2601.00006", "Quoted \"tricky\" title: a study",
	 "Contains it's an apostrophe; DROP TABLE papers; --", "Zoë Ñúñez", NULL, NULL,
	 "2026-01-03", 0, 0, 0, NULL, NULL},
};

/* The papers by number: "1 3" is 2601.00001 then 2601.00003. */
static const char *id_of(int n)
{
	return papers[n - 1].id;
}

static void store(const struct fixture *fx, const char *day)
{
	struct paper p = {0};
	p.id = xstrdup(fx->id);
	p.title = xstrdup(fx->title);
	p.abstract = xstrdup(fx->abstract);
	p.authors = xstrdup(fx->authors);
	p.ai_keywords = fx->keywords ? xstrdup(fx->keywords) : NULL;
	p.day = day ? xstrdup(day) : NULL;
	p.published = xstrdup(fx->published);
	p.github_repo = fx->github ? xstrdup(fx->github) : NULL;
	p.project_page = fx->project ? xstrdup(fx->project) : NULL;
	p.upvotes = fx->upvotes;
	p.comments = fx->comments;
	p.github_stars = fx->stars;
	p.has = PAPER_HAS_UPVOTES | PAPER_HAS_COMMENTS | PAPER_HAS_STARS;
	char *err = NULL;
	struct paper_sink sink = db_ingest_sink(setup_ing);
	if (sink.on_paper(sink.ctx, &p, &err) != 0)
		fail_msg("%s", err);
	paper_clear(&p);
}

static int setup(void **state)
{
	(void)state;
	db = test_cache_open(path, "query");
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	setup_ing = db_ingest_new(db);
	for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
		store(&papers[i], papers[i].day);
	store(&papers[0], "2026-01-07"); /* listed again two days later */
	assert_int_equal(db_ingest_flush(setup_ing, &err), 0);
	db_ingest_free(&setup_ing);
	assert_int_equal(db_commit(db, &err), 0);
	assert_int_equal(db_mark(db, id_of(1), DB_MARK_STAR, &err), 0);
	assert_int_equal(db_mark(db, id_of(1), DB_MARK_READ, &err), 0);
	assert_int_equal(db_tag_add(db, id_of(2), "toread", &err), 0);
	assert_int_equal(db_mark(db, id_of(3), DB_MARK_READ, &err), 0);
	assert_int_equal(db_note_set(db, id_of(3), "a note", &err), 0);
	assert_int_equal(db_mark(db, id_of(4), DB_MARK_DISMISS, &err), 0);
	assert_int_equal(db_tag_add(db, id_of(5), "toread", &err), 0);
	assert_int_equal(db_tag_add(db, id_of(5), "ml", &err), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_cache_remove(&db, path);
	return 0;
}

static struct config views_cfg;

/* Runs text and returns the papers it lists, as numbers: "1 3 2". */
static char *run(const char *text, unsigned flags)
{
	struct query_env env = {.cfg = &views_cfg, .today = "2026-01-07", .flags = flags};
	struct query *q;
	char *err = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct db_page pg = {0};
	if (db_list(db, query_filter(q), NULL, 0, 100, &pg, &err) != 0)
		fail_msg("%s: %s", text, err);
	long count;
	if (db_count(db, query_filter(q), &count, &err) != 0)
		fail_msg("%s: %s", text, err);
	if (count != pg.n)
		fail_msg("%s: counted %ld, listed %d", text, count, pg.n);
	struct buf b = {0};
	for (int i = 0; i < pg.n; i++)
		for (int k = 1; k <= 6; k++)
			if (strcmp(pg.rows[i].id, id_of(k)) == 0)
				buf_printf(&b, "%s%d", b.len ? " " : "", k);
	db_page_free(&pg);
	query_free(&q);
	return buf_detach(&b);
}

static const struct {
	const char *query;
	const char *want;
	unsigned flags;
} cases[] = {
	/* no query: newest listed day first, dismissed left out */
	{"", "1 3 2 6 5", 0},
	{"   ", "1 3 2 6 5", 0},
	{"", "1 4 3 2 6 5", QUERY_SHOW_DISMISSED},
	/* free words and phrases */
	{"diffusion sort:date", "1 2 5", 0},
	{"DIFFUSION robots", "5", 0},
	{"diffusion AND robots", "5", 0},
	{"\"state space\"", "2", 0},
	{"\"space state\"", "", 0},
	{"mamba-style", "", 0},
	{"state-space", "2", 0},
	{"robo", "", 0},
	{"robo", "5", QUERY_PREFIX_LAST},
	{"sort:date diffu", "1 2 5", QUERY_PREFIX_LAST},
	{"diffu sort:date", "", QUERY_PREFIX_LAST},
	{"\"robo", "5", QUERY_PREFIX_LAST},
	/* a trailing '*' asks for a prefix anywhere; inside quotes it is text */
	{"robo*", "5", 0},
	{"diffu* sort:date", "1 2 5", 0},
	{"title:diffu* sort:date", "1 5", 0},
	{"robo** diffu*", "5", 0},
	{"\"robo*\"", "", 0},
	/* while typing, an unfinished end is read as what came before it */
	{"(robo", "5", QUERY_PREFIX_LAST},
	{"(diffusion sort:date", "1 2 5", QUERY_PREFIX_LAST},
	{"tag:toread OR", "2 5", QUERY_PREFIX_LAST},
	{"tag:toread -", "2 5", QUERY_PREFIX_LAST},
	{"tag:toread NOT", "2 5", QUERY_PREFIX_LAST},
	{"tag:toread title:", "2 5", QUERY_PREFIX_LAST},
	{"(tag:toread OR is:starred", "1 2 5", QUERY_PREFIX_LAST},
	{"(tag:toread OR", "2 5", QUERY_PREFIX_LAST},
	{"((tag:toread", "2 5", QUERY_PREFIX_LAST},
	/* fields */
	{"title:diffusion sort:date", "1 5", 0},
	{"abstract:diffusion sort:date", "1 2 5", 0},
	{"title:\"state space\"", "2", 0},
	{"TITLE:Vision", "", 0},
	{"TITLE:Vision", "4", QUERY_SHOW_DISMISSED},
	{"author:björn", "1", 0},
	{"author:BJORN", "1", 0},
	{"authors:przemysław", "2", 0},
	{"uznanski", "2", 0},
	{"PRZEMYSŁAW", "2", 0},
	{"zoë", "6", 0},
	{"ZOË", "6", 0},
	{"NÚÑEZ", "6", 0},
	{"kw:mamba", "2", 0},
	{"kw:\"image generation\"", "1", 0},
	{"kw:models", "", 0},
	{"id:2601 sort:date", "1 3 2 6", 0},
	{"id:2512.00005", "5", 0},
	{"id:2601.0000", "1 3 2 6", 0},
	{"id:9999", "", 0},
	{"tag:toread", "2 5", 0},
	{"tag:\"toread\"", "2 5", 0},
	{"tag:ml", "5", 0},
	{"tag:TOREAD", "", 0},
	{"-tag:toread", "1 3 6", 0},
	/* states */
	{"is:unread", "2 6 5", 0},
	{"is:read", "1 3", 0},
	{"IS:Starred", "1", 0},
	{"is:dismissed", "4", 0},
	{"-is:dismissed", "1 3 2 6 5", 0},
	{"is:tagged", "2 5", 0},
	{"is:noted", "3", 0},
	{"-is:noted", "1 2 6 5", 0},
	/* sent to Zotero, pages: none in this cache (never fetched is none) */
	{"is:inzotero", "", 0},
	{"-is:inzotero", "1 3 2 6 5", 0},
	{"has:models", "", 0},
	{"has:datasets OR has:spaces", "", 0},
	{"models:>0", "", 0},
	{"models:0", "1 3 2 6 5", 0},
	{"fulltext:diffusion", "", 0},
	{"-fulltext:\"state space\"", "1 3 2 6 5", 0},
	{"has:github", "1 3 5", 0},
	{"has:project", "3", 0},
	{"-has:github", "2 6", 0},
	/* numbers */
	{"upvotes:>30", "1 3", 0},
	{"upvotes:>=30", "1 3 5", 0},
	{"upvotes:<10", "6", 0},
	{"upvotes:<=10", "2 6", 0},
	{"upvotes:10", "2", 0},
	{"upvotes:=10", "2", 0},
	{"upvotes:10..50", "1 2 5", 0},
	{"upvotes:..10", "2 6", 0},
	{"upvotes:100..", "3", 0},
	{"comments:>4", "3 5", 0},
	{"stars:>=100", "1 3", 0},
	{"stars:0", "2 6", 0},
	/* dates */
	{"date:2026-01-05", "1 2", 0},
	{"date:2026-01-07", "1", 0},
	{"date:2026-01", "1 3 2 6", 0},
	{"date:2025-12", "5", 0},
	{"date:2025", "5", 0},
	{"date:2026-01-06..2026-01-07", "1 3", 0},
	{"date:..2026-01-04", "6 5", 0},
	{"date:2026-01-06..", "1 3", 0},
	{"date:today", "1", 0},
	{"date:TODAY", "1", 0},
	{"date:yesterday", "3", 0},
	{"date:-1d", "1 3", 0},
	{"date:-1w", "1 3 2 6", 0},
	{"date:-2w..yesterday", "1 3 2 6", 0},
	{"date:-4w..2025-12-20", "5", 0},
	{"date:-3w..2025-12-20", "", 0},
	{"published:2026-01", "1 3 6", 0},
	{"published:2025-12-30", "2", 0},
	{"published:..2025-12-31", "2 5", 0},
	/* OR, NOT, parentheses and precedence: NOT > AND > OR */
	{"diffusion OR rlhf sort:date", "1 3 2 5", 0},
	{"diffusion or rlhf sort:date", "1 3 2 5", 0},
	{"tag:toread OR is:starred", "1 2 5", 0},
	{"diffusion OR rlhf is:unread sort:date", "1 2 5", 0},
	{"(diffusion OR rlhf) is:unread sort:date", "2 5", 0},
	{"rlhf OR diffusion is:unread sort:date", "3 2 5", 0},
	{"NOT tag:toread is:unread", "6", 0},
	{"NOT (tag:toread is:unread)", "1 3 6", 0},
	{"-diffusion", "3 6", 0},
	{"not diffusion", "3 6", 0},
	{"NOT diffusion OR rlhf", "3 6", 0},
	{"diffusion -title:diffusion", "2", 0},
	{"diffusion NOT robots sort:date", "1 2", 0},
	{"is:unread OR is:starred tag:toread", "2 6 5", 0},
	{"(is:unread OR is:starred) tag:toread", "2 5", 0},
	{"((tag:toread))", "2 5", 0},
	{"NOT -tag:toread", "2 5", 0},
	{"--tag:toread", "2 5", 0},
	{"tag:ml OR diffusion sort:date", "1 2 5", 0},
	{"(tag:ml OR rlhf) (diffusion OR kw:rlhf) sort:date", "3 5", 0},
	{"-diffusion -rlhf", "6", 0},
	/* sorts */
	{"sort:upvotes", "3 1 5 2 6", 0},
	{"sort:-upvotes", "6 2 5 1 3", 0},
	{"sort:comments", "3 5 1 6 2", 0},
	{"sort:stars", "3 1 5 6 2", 0},
	{"sort:title", "2 3 6 5 1", 0},
	{"sort:-title", "1 5 6 3 2", 0},
	{"sort:published", "3 6 1 2 5", 0},
	{"sort:date", "1 3 2 6 5", 0},
	{"sort:-date", "5 6 2 3 1", 0},
	{"sort:relevance", "1 3 2 6 5", 0},
	{"sort:upvotes sort:stars", "3 1 5 6 2", 0},
	{"(sort:upvotes is:unread)", "5 2 6", 0},
	{"is:read OR is:unread sort:upvotes", "3 1 5 2 6", 0},
	{"is:read OR (is:unread sort:-upvotes)", "6 2 5 1 3", 0},
	/* relevance: a title match ranks above an abstract-only one */
	{"diffusion -robots", "1 2", 0},
	{"diffusion -robots sort:-relevance", "2 1", 0},
	{"(diffusion OR tag:ml) -robots", "1 2", 0},
	{"diffusion OR tag:ml -robots sort:date", "1 2 5", 0},
	/* saved views */
	{"@toread", "2 5", 0},
	{"@starred", "1", 0},
	{"@today", "1", 0},
	{"@all", "1 3 2 6 5", 0},
	{"@unread sort:upvotes", "5 2 6", 0},
	{"@hot", "3 1 5", 0},
	{"@hot is:unread", "5", 0},
	{"@toread OR @starred", "1 2 5", 0},
	/* the view names is:dismissed, so dismissed papers are no longer hidden */
	{"-@toread", "1 4 3 6", 0},
	/* hostile text is searched for, never run */
	{"DROP TABLE papers", "6", 0},
	{"\"'; DROP TABLE papers; --\"", "6", 0},
	{"title:\"Quoted \"\"tricky\"\"\"", "6", 0},
	{"tricky", "6", 0},
	{"it's", "6", 0},
	{"x\"y", "", 0},
	{"\"near or and\"", "4", QUERY_SHOW_DISMISSED},
	{"near", "4", QUERY_SHOW_DISMISSED},
	{"study:", "6 1", 0},
	{"\"NEAR(a b)\"", "", 0},
	{"{title}:study", "", 0},
	{"title:^study", "6", 0},
	{"tag:\"'; DROP TABLE tags; --\"", "", 0},
	{"tag:toread'--", "", 0},
	{"id:%", "", 0},
	{"id:_601", "", 0},
};

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct db_row *)a)->id, ((const struct db_row *)b)->id);
}

/* The arXiv fields, on a cache of their own: the ids a query lists. */
static char *ids_listed(struct db *in, const char *text)
{
	struct query_env env = {.today = "2026-05-06"};
	struct query *q;
	char *err = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct db_page pg = {0};
	long count = 0;
	if (db_list(in, query_filter(q), NULL, 0, 100, &pg, &err) != 0 ||
	    db_count(in, query_filter(q), &count, &err) != 0)
		fail_msg("%s: %s", text, err);
	assert_int_equal(count, pg.n);
	/* as a set: in the order of the ids */
	qsort(pg.rows, (size_t)pg.n, sizeof *pg.rows, by_id);
	struct buf b = {0};
	buf_adds(&b, "");
	for (int i = 0; i < pg.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", pg.rows[i].id);
	db_page_free(&pg);
	query_free(&q);
	return buf_detach(&b);
}

static void test_arxiv_fields(void **state)
{
	(void)state;
	char apath[64];
	struct db *ax = test_cache_open(apath, "query-arxiv");
	static const struct {
		const char *id, *cats, *announced, *type;
	} ps[] = {
		{"2605.00001", "cs.LG cs.CL", "2026-05-05", "new"},
		{"2605.00002", "math.OC cs.LG", "2026-05-05", "cross"},
		{"2605.00003", "cs.CL", "2026-05-05", "replace"},
		{"2605.00004", "stat.ML", "2026-05-04", "new"},
		{"2605.00005", NULL, NULL, NULL}, /* Hugging Face's alone */
	};
	char *err = NULL;
	assert_int_equal(db_begin(ax, &err), 0);
	struct db_ingest *ing = db_ingest_new(ax);
	struct paper_sink sink = db_ingest_sink(ing);
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		struct paper p = {0};
		p.id = xstrdup(ps[i].id);
		p.title = xstrdup("A paper");
		if (ps[i].cats) {
			p.source = PAPER_SRC_ARXIV;
			p.categories = xstrdup(ps[i].cats);
			p.primary = xstrndup(ps[i].cats, strcspn(ps[i].cats, " "));
			p.announced = xstrdup(ps[i].announced);
			p.announce_type = xstrdup(ps[i].type);
			p.version = 1;
		} else {
			p.day = xstrdup("2026-05-05");
		}
		assert_int_equal(sink.on_paper(sink.ctx, &p, &err), 0);
		paper_clear(&p);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(ax, &err), 0);
	static const struct {
		const char *query, *want;
	} cases_ax[] = {
		{"cat:cs.lg", "2605.00001 2605.00002"},
		{"cat:CS.CL OR cat:stat.ml", "2605.00001 2605.00003 2605.00004"},
		{"primary:cs.LG", "2605.00001"},
		{"source:hf", "2605.00005"},
		{"source:arxiv", "2605.00001 2605.00002 2605.00003 2605.00004"},
		{"-source:arxiv", "2605.00005"},
		{"announce:cross", "2605.00002"},
		{"announce:replace-cross", ""},
		{"announce:latest", "2605.00001 2605.00002 2605.00003"},
		{"@arxiv", "2605.00001 2605.00002"},
		{"date:2026-05-04", "2605.00004"},
	};
	for (size_t i = 0; i < sizeof cases_ax / sizeof cases_ax[0]; i++) {
		char *got = ids_listed(ax, cases_ax[i].query);
		if (strcmp(got, cases_ax[i].want) != 0)
			fail_msg("query '%s' listed [%s], expected [%s]", cases_ax[i].query, got,
				 cases_ax[i].want);
		free(got);
	}
	test_cache_remove(&ax, apath);
}

static void test_each_construct_lists_the_known_papers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = run(cases[i].query, cases[i].flags);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("query '%s' listed [%s], expected [%s]", cases[i].query, got,
				 cases[i].want);
		free(got);
	}
}

static const struct {
	const char *query;
	const char *err;
} errors[] = {
	{"upvotes:>", "query:10: expected a number after 'upvotes:>'"},
	{"diffusion upvotes:>", "query:20: expected a number after 'upvotes:>'"},
	{"upvotes:>=x", "query:11: expected a number after 'upvotes:>='"},
	{"upvotes:x", "query:9: expected a number after 'upvotes:'"},
	{"upvotes:5x", "query:10: expected the end of the number after 'upvotes:'"},
	{"upvotes:5..x", "query:12: expected a number after 'upvotes:5..'"},
	{"upvotes:..", "query:11: expected a number after 'upvotes:..'"},
	{"stars:99999999999999999999", "query:7: the number after 'stars:' is too large"},
	{"a OR", "query:5: expected a term after 'OR'"},
	{"a OR )", "query:6: expected a term after 'OR'"},
	{"OR a", "query:1: expected a term before 'OR'"},
	{"a AND", "query:6: expected a term after 'AND'"},
	{"AND a", "query:1: expected a term before 'AND'"},
	{"a NOT", "query:6: expected a term after 'NOT'"},
	{"(a", "query:3: expected ')' to close the '(' at column 1"},
	{"((", "query:3: expected a term after '('"},
	{"()", "query:2: expected a term inside '()'"},
	{"NEAR(", "query:6: expected a term after '('"},
	{"a)", "query:2: unexpected ')' with no '(' before it"},
	{")", "query:1: unexpected ')' with no '(' before it"},
	{"Björn )", "query:7: unexpected ')' with no '(' before it"},
	{"-", "query:2: expected a term after '-'"},
	{"a - b", "query:4: expected a term after '-'"},
	{"diffusion --", "query:13: expected a term after '-'"},
	{"*", "query:1: expected a word to search for, not '*'"},
	{"a *", "query:3: expected a word to search for, not '*'"},
	{"'; DROP TABLE papers; --", "query:1: expected a word to search for, not '';'"},
	{"\"\"", "query:1: expected a word inside the quotes"},
	{"\x1b\x07;", "query:1: expected a word to search for, not ';'"},
	{"\"a", "query:3: expected a closing '\"' for the one at column 1"},
	{"title:\"", "query:8: expected a closing '\"' for the one at column 7"},
	{"title:", "query:7: expected a value after 'title:'"},
	{"tag:\"\"", "query:5: expected a value after 'tag:'"},
	{"foo:bar", "query:1: unknown field 'foo:' (expected title, abstract, author, kw, id, "
		    "tag, is, has, upvotes, comments, stars, date, published, sort, cat, "
		    "primary, source, announce, like, models or fulltext)"},
	{"is:nothing", "query:4: expected unread, read, starred, dismissed, tagged, noted, "
		       "new, updated or inzotero after 'is:'"},
	{"cat:cs/LG", "query:5: expected an arXiv category like cs.LG after 'cat:'"},
	{"primary:1", "query:9: expected an arXiv category like cs.LG after 'primary:'"},
	{"source:x", "query:8: expected hf or arxiv after 'source:'"},
	{"announce:old", "query:10: expected new, cross, replace, replace-cross or latest "
			 "after 'announce:'"},
	{"has:code", "query:5: expected github, project, models, datasets or spaces after 'has:'"},
	{"date:2026-13", "query:6: expected a date after 'date:' (2026-06-12, 2026-06, today, "
			 "yesterday, -7d, -2w, or a range A..B)"},
	{"date:2026-02-30", "query:6: expected a date after 'date:' (2026-06-12, 2026-06, "
			    "today, yesterday, -7d, -2w, or a range A..B)"},
	{"published:soon", "query:11: expected a date after 'published:' (2026-06-12, "
			   "2026-06, today, yesterday, -7d, -2w, or a range A..B)"},
	{"date:..", "query:6: expected a date after 'date:' (2026-06-12, 2026-06, today, "
		    "yesterday, -7d, -2w, or a range A..B)"},
	{"date:2026-02..2026-01", "query:6: the range after 'date:' ends before it starts"},
	{"sort:bogus", "query:6: expected relevance, day, date, upvotes, comments, stars, "
		       "title, published, foryou or trending after 'sort:'"},
	{"a OR sort:date", "query:6: sort: cannot be negated or be one side of OR"},
	{"-sort:date", "query:2: sort: cannot be negated or be one side of OR"},
	{"@nope", "query:1: unknown view '@nope'"},
	{"a @", "query:3: expected a view name after '@'"},
	{"@loop", "query:1: view '@loop' refers to itself"},
	{"x @ping", "query:3: view '@ping' refers to itself"},
	{"@broken", "query:1: in view '@broken' (column 10 of \"upvotes:>\"): expected a "
		    "number after 'upvotes:>'"},
	{"@sorted OR a", "query:1: sort: cannot be negated or be one side of OR"},
};

static void test_errors_name_the_column_and_what_was_expected(void **state)
{
	(void)state;
	struct query_env env = {.cfg = &views_cfg, .today = "2026-01-07"};
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct query *q = (struct query *)1;
		char *err = NULL;
		int col = 0;
		if (query_compile(errors[i].query, &env, &q, &col, &err) != -1)
			fail_msg("query '%s' compiled", errors[i].query);
		assert_null(q);
		if (strcmp(err, errors[i].err) != 0)
			fail_msg("query '%s': got \"%s\", expected \"%s\"", errors[i].query, err,
				 errors[i].err);
		assert_int_equal(col, atoi(errors[i].err + 6));
		free(err);
	}
}

static void test_typing_keeps_errors_that_are_not_at_the_end(void **state)
{
	(void)state;
	struct query_env env = {.flags = QUERY_PREFIX_LAST};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("upvotes:> robo", &env, &q, NULL, &err), -1);
	assert_string_equal(err, "query:10: expected a number after 'upvotes:>'");
	free(err);
	err = NULL;
	assert_int_equal(query_compile("a) OR", &env, &q, NULL, &err), -1);
	assert_string_equal(err, "query:2: unexpected ')' with no '(' before it");
	free(err);
}

static void test_deep_nesting_is_an_error_not_a_crash(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, i % 2 ? "(" : "-");
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile(b.data, NULL, &q, NULL, &err), -1);
	assert_non_null(strstr(err, "nested too deeply"));
	free(err);
	buf_free(&b);
}

/* Compiles text, and lists and counts it under several orders and the
 * rank window: the test fails unless each of them works. */
static void runs(const char *text, const struct query_env *env)
{
	struct query *q;
	char *err = NULL;
	if (query_compile(text, env, &q, NULL, &err) != 0)
		fail_msg("'%.60s...' did not compile: %s", text, err);
	static const enum db_sort sorts[] = {DB_SORT_RELEVANCE, DB_SORT_DAY, DB_SORT_UPVOTES,
					     DB_SORT_TITLE};
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0] * 2; i++) {
		struct db_filter *f = query_filter(q);
		f->sort = sorts[i / 2];
		f->reverse = (int)(i % 2);
		f->rank_window = i % 2 ? 1 : 0;
		struct db_page pg = {0};
		long n;
		if (db_list(db, f, NULL, 0, 10, &pg, &err) || db_count(db, f, &n, &err))
			fail_msg("'%.60s...' compiled but did not run: %s", text, err);
		db_page_free(&pg);
	}
	query_free(&q);
}

/*
 * levels AND, OR and NOT nodes inside one another, each shape of them ending
 * in leaf: 'O' is "x OR (...)", 'A' "x (...)", 'N' "-(...)", 'K' "NOT (...)",
 * 'L' "(...) OR x", cycling through shape; x is wI at level I.
 */
static char *nested(const char *shape, const char *leaf, int levels)
{
	struct buf b = {0}, kid = {0};
	buf_adds(&kid, leaf);
	for (int i = levels - 1; i >= 0; i--) {
		buf_reset(&b);
		switch (shape[i % (int)strlen(shape)]) {
		case 'O': buf_printf(&b, "w%d OR (%s)", i, kid.data); break;
		case 'A': buf_printf(&b, "w%d (%s)", i, kid.data); break;
		case 'N': buf_printf(&b, "-(%s)", kid.data); break;
		case 'K': buf_printf(&b, "NOT (%s)", kid.data); break;
		case 'L': buf_printf(&b, "(%s) OR w%d", kid.data, i); break;
		}
		buf_reset(&kid);
		buf_adds(&kid, b.data);
	}
	buf_free(&b);
	return buf_detach(&kid);
}

static void test_nesting_past_the_limit_is_refused(void **state)
{
	(void)state;
	/* the leaves SQL nests most, at the end of each shape */
	static const struct { const char *text; int levels; } leaves[] = {
		{"w", 0}, {"upvotes:>=3", 0}, {"date:2026-01-01..", 0}, {"tag:x", 0},
		{"is:tagged", 0}, {"(diffusion date:2026-01..)", 1}, {"(a -b)", 2},
	};
	const char *shapes[] = {"O", "A", "N", "K", "L", "ON", "OA", "OAN", "NA", "OKAL"};
	const char *too_deep = "the query is nested too deeply (at most 16 levels of AND, "
			       "OR and NOT)";
	for (size_t l = 0; l < sizeof leaves / sizeof leaves[0]; l++)
		for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
			int top = 16 - leaves[l].levels;
			char *ok = nested(shapes[s], leaves[l].text, top);
			char *bad = nested(shapes[s], leaves[l].text, top + 1);
			char *err = NULL;
			runs(ok, NULL);
			struct query *q;
			if (query_compile(bad, NULL, &q, NULL, &err) != -1)
				fail_msg("%s %s: 17 levels compiled", shapes[s], leaves[l].text);
			assert_non_null(strstr(err, too_deep));
			free(err);
			free(ok);
			free(bad);
		}
	/* named where the level one too many starts */
	struct query *q;
	char *err = NULL;
	runs("----------------a", NULL);
	assert_int_equal(query_compile("-----------------a", NULL, &q, NULL, &err), -1);
	char *want = xasprintf("query:17: %s", too_deep);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	char *ors = nested("O", "w", 17); /* w0 OR (w1 OR (... w16 OR (w))) */
	assert_int_equal(query_compile(ors, NULL, &q, NULL, &err), -1);
	want = xasprintf("query:%d: %s", (int)(strstr(ors, "w16 ") - ors) + 1, too_deep);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(ors);
	/* parentheses around one term are no level at all */
	runs("((((((((((((((((((((a))))))))))))))))))))", NULL);
}

/* n terms made from term, its '#' a number from 1 to 28; joined by sep. */
static char *terms_of(const char *term, const char *sep, int n)
{
	struct buf b = {0};
	const char *hash = strchr(term, '#');
	for (int i = 0; i < n; i++) {
		buf_adds(&b, i ? sep : "");
		if (!hash) {
			buf_adds(&b, term);
			continue;
		}
		buf_add(&b, term, (size_t)(hash - term));
		buf_printf(&b, "%02d%s", i % 28 + 1, hash + 1);
	}
	return buf_detach(&b);
}

static void test_terms_past_the_limit_are_refused(void **state)
{
	(void)state;
	/* each kind of term SQLite or FTS5 counts: values bound, expressions,
	 * full-text words, prefixes, phrases, negations */
	const char *fmts[] = {"upvotes:>=#", "date:2026-01-#..", "comments:#..40", "tag:t#",
			      "id:2601.#", "w#", "w#*", "-w#", "\"w# x\"", "title:w#",
			      "-upvotes:#", "is:read"};
	const char *seps[] = {" ", " OR "};
	struct query_env env = {.cfg = &views_cfg, .today = "2026-01-07"};
	for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
		for (size_t s = 0; s < 2; s++) {
			char *ok = terms_of(fmts[f], seps[s], 256);
			char *bad = terms_of(fmts[f], seps[s], 257);
			char *err = NULL;
			int col = 0;
			runs(ok, &env);
			struct query *q;
			assert_int_equal(query_compile(bad, &env, &q, &col, &err), -1);
			/* named at the 257th term (the word a '-' negates) */
			char *want = xasprintf("query:%zu: too many terms (at most 256)",
					       strlen(ok) + strlen(seps[s]) + 1 +
					       (fmts[f][0] == '-'));
			if (strcmp(err, want) != 0)
				fail_msg("'%s': %s, expected %s", fmts[f], err, want);
			free(want);
			free(err);
			free(ok);
			free(bad);
		}
}

static void test_text_past_the_limit_is_refused(void **state)
{
	(void)state;
	/* one word or phrase as long as a query may be: FTS5 takes it */
	struct buf b = {0};
	buf_addc(&b, '"');
	for (int i = 0; b.len < 65535; i++)
		buf_adds(&b, i % 8 == 7 ? " " : "a");
	buf_addc(&b, '"');
	assert_int_equal(b.len, 65536);
	char *err = NULL;
	runs(b.data, NULL);
	buf_reset(&b);
	for (int i = 0; i < 65536; i++)
		buf_addc(&b, "diffusion"[i % 9]);
	runs(b.data, NULL);
	buf_addc(&b, 'x');
	struct query *q;
	assert_int_equal(query_compile(b.data, NULL, &q, NULL, &err), -1);
	assert_string_equal(err, "query:65537: the query is too long (at most 65536 bytes)");
	free(err);
	buf_free(&b);
}

/*
 * A view that names another twice, down a chain, doubles at each step:
 * refused at the view the user named, before it costs time or memory.
 */
static void test_views_that_expand_without_bound_are_refused(void **state)
{
	(void)state;
	char names[20][16], *texts[20];
	struct config_view views[24];
	int n = 0;
	for (int i = 0; i < 16; i++) {
		snprintf(names[i], sizeof names[i], "d%d", i);
		texts[i] = i < 15 ? xasprintf("@d%d @d%d", i + 1, i + 1) : xstrdup("upvotes:>=1");
		views[n++] = (struct config_view){names[i], texts[i], 0};
	}
	/* empty views cost time too; a long one, bytes */
	views[n++] = (struct config_view){"e1", "@e2 @e2 @e2 @e2 @e2 @e2 @e2", 0};
	views[n++] = (struct config_view){"e2", "@e3 @e3 @e3 @e3 @e3 @e3 @e3", 0};
	views[n++] = (struct config_view){"e3", "@e4 @e4 @e4 @e4 @e4 @e4 @e4", 0};
	views[n++] = (struct config_view){"e4", "", 0};
	struct buf big = {0};
	buf_addc(&big, '"');
	for (int i = 0; i < 4000; i++)
		buf_adds(&big, "diffusion ");
	buf_addc(&big, '"');
	views[n++] = (struct config_view){"long", "@long2 @long2", 0};
	views[n++] = (struct config_view){"long2", big.data, 0};
	views[n++] = (struct config_view){"deep", "-(@deep2)", 0};
	views[n++] = (struct config_view){"deep2", "---------------a", 0};
	struct config cfg = {.views = views, .nviews = n};
	struct query_env env = {.cfg = &cfg};
	static const struct { const char *query, *err; } expand[] = {
		{"@d9", NULL}, /* 191 terms: 127 views and 64 leaves */
		{"@d8", "query:1: too many terms (at most 256) once view '@d8' is expanded"},
		{"x @d0", "query:3: too many terms (at most 256) once view '@d0' is expanded"},
		{"@e2", NULL},
		{"@e1", "query:1: too many terms (at most 256) once view '@e1' is expanded"},
		{"@long2", NULL},
		{"@long", "query:1: the query is too long (at most 65536 bytes) once view "
			  "'@long' is expanded"},
		{"@deep2", NULL},
		{"a @deep", "query:3: the query is nested too deeply (at most 16 levels) once "
			    "view '@deep' is expanded"},
	};
	for (size_t i = 0; i < sizeof expand / sizeof expand[0]; i++) {
		char *err = NULL;
		struct query *q;
		if (!expand[i].err) {
			runs(expand[i].query, &env);
			continue;
		}
		assert_int_equal(query_compile(expand[i].query, &env, &q, NULL, &err), -1);
		assert_string_equal(err, expand[i].err);
		free(err);
	}
	for (int i = 0; i < 16; i++)
		free(texts[i]);
	buf_free(&big);
}

/* db/ refuses a tree past its limits, whoever built it, in its own words
 * rather than SQLite's (which fail near 23 levels and 991 leaves). */
static void test_the_cache_refuses_a_tree_too_large(void **state)
{
	(void)state;
	const int depths[] = {DB_FILTER_MAX_DEPTH, DB_FILTER_MAX_DEPTH + 1, 40};
	for (size_t k = 0; k < sizeof depths / sizeof depths[0]; k++) {
		int depth = depths[k];
		struct db_fnode *root = db_fnode_new(DB_F_DATE, NULL);
		root->field = DB_DATE_LISTED;
		strcpy(root->from, "2026-01-01");
		strcpy(root->to, "2026-01-31");
		for (int i = 0; i < depth; i++) {
			struct db_fnode *up = db_fnode_new(i % 2 ? DB_F_AND : DB_F_OR, NULL);
			struct db_fnode *side = db_fnode_new(DB_F_TAG, "x");
			db_fnode_add(up, side);
			db_fnode_add(up, root);
			root = up;
		}
		struct db_filter f = {.root = root};
		struct db_page pg = {0};
		char *err = NULL;
		long n;
		int want = depth > DB_FILTER_MAX_DEPTH ? -1 : 0;
		assert_int_equal(db_list(db, &f, NULL, 0, 10, &pg, &err), want);
		assert_int_equal(db_count(db, &f, &n, &err), want);
		if (want)
			assert_non_null(strstr(err, "the filter is too large"));
		free(err);
		db_page_free(&pg);
		db_filter_clear(&f);
	}
	const int counts[] = {DB_FILTER_MAX_LEAVES, DB_FILTER_MAX_LEAVES + 1, 1200};
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		int leaves = counts[k];
		struct db_fnode *root = db_fnode_new(DB_F_AND, NULL);
		for (int i = 0; i < leaves; i++) {
			struct db_fnode *leaf = db_fnode_new(DB_F_NUM, NULL);
			leaf->cmp = DB_CMP_RANGE;
			leaf->hi = 1000 + i;
			db_fnode_add(root, leaf);
		}
		struct db_filter f = {.root = root};
		struct db_page pg = {0};
		char *err = NULL;
		int want = leaves > DB_FILTER_MAX_LEAVES ? -1 : 0;
		assert_int_equal(db_list(db, &f, NULL, 0, 10, &pg, &err), want);
		if (want)
			assert_non_null(strstr(err, "the filter is too large"));
		free(err);
		db_page_free(&pg);
		db_filter_clear(&f);
	}
}

static void test_the_cache_is_intact_after_hostile_queries(void **state)
{
	(void)state;
	const char *hostile[] = {
		"'; DROP TABLE papers; --", "\"; DROP TABLE papers; --\"",
		"title:\"x\" OR 1=1", "tag:x') OR 1=1 --", "NEAR(\"a\" \"b\")", "a* OR b*",
		"{title abstract}:x", "x:y:z", "\"a\"\"b\"", "^title", ("a\x01" "b"), "\xff\xfe",
	};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		struct query *q = NULL;
		char *err = NULL;
		if (query_compile(hostile[i], NULL, &q, NULL, &err) == 0) {
			struct db_page pg = {0};
			long n;
			assert_int_equal(db_list(db, query_filter(q), NULL, 0, 10, &pg, &err), 0);
			assert_int_equal(db_count(db, query_filter(q), &n, &err), 0);
			db_page_free(&pg);
			query_free(&q);
		} else {
			assert_non_null(err);
			assert_non_null(strstr(err, "query:"));
			free(err);
		}
	}
	char *all = run("", QUERY_SHOW_DISMISSED);
	assert_string_equal(all, "1 4 3 2 6 5");
	free(all);
}

static void test_terms_are_the_positive_words_lowercased(void **state)
{
	(void)state;
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("Diffusion \"State Space\" -rlhf title:ZOË tag:x "
				       "(diffusion OR Mamba)", NULL, &q, NULL, &err), 0);
	const char *const *t = query_terms(q);
	assert_string_equal(t[0], "diffusion");
	assert_string_equal(t[1], "state space");
	assert_string_equal(t[2], "zoë");
	assert_string_equal(t[3], "mamba");
	assert_null(t[4]);
	query_free(&q);
	assert_null(q);
	assert_int_equal(query_compile("tag:x", NULL, &q, NULL, &err), 0);
	assert_null(query_terms(q)[0]);
	query_free(&q);
}

static void test_values_are_bound_never_pasted(void **state)
{
	(void)state;
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("tag:evil' title:\"x\"\"y\" id:2601 upvotes:>5 "
				       "date:2026-01 (a OR is:read)", NULL, &q, NULL, &err), 0);
	char *where, *match, *binds;
	db_filter_sql(query_filter(q), &where, &match, &binds);
	assert_null(strstr(where, "evil"));
	assert_null(strstr(where, "2601"));
	assert_null(strstr(where, "2026"));
	assert_null(strstr(where, "5"));
	assert_non_null(match);
	/* the title value became one quoted FTS5 string, its quote doubled */
	assert_non_null(strstr(match, "{title} : \"x\"\"y\""));
	/* the tag went in whole as one value */
	int found = 0;
	for (char *line = strtok(binds, "\n"); line; line = strtok(NULL, "\n"))
		found += strcmp(line, "evil'") == 0;
	assert_int_equal(found, 1);
	free(where);
	free(match);
	free(binds);
	query_free(&q);
}

/* The tree the parser builds: what db/ is handed, leaf by leaf. */
static void test_the_tree_holds_each_condition(void **state)
{
	(void)state;
	struct query *q;
	char *err = NULL;
	struct query_env env = {.today = "2026-01-07", .flags = QUERY_PREFIX_LAST};
	assert_int_equal(query_compile("title:diff* -tag:ml upvotes:3..9 date:-2d "
				       "(is:starred OR has:github) sort:-upvotes typ", &env, &q,
				       NULL, &err), 0);
	const struct db_filter *f = query_filter(q);
	assert_int_equal(f->sort, DB_SORT_UPVOTES);
	assert_int_equal(f->reverse, 1);
	/* the query's AND, then NOT is:dismissed */
	const struct db_fnode *top = f->root;
	assert_int_equal(top->kind, DB_F_AND);
	assert_int_equal(top->nkids, 2);
	assert_int_equal(top->kids[1]->kind, DB_F_NOT);
	assert_int_equal(top->kids[1]->kids[0]->kind, DB_F_STATE);
	assert_int_equal(top->kids[1]->kids[0]->field, DB_STATE_DISMISSED);
	const struct db_fnode *and = top->kids[0];
	assert_int_equal(and->kind, DB_F_AND);
	assert_int_equal(and->nkids, 6);
	const struct db_fnode *k = and->kids[0];
	assert_int_equal(k->kind, DB_F_TEXT);
	assert_int_equal(k->field, DB_TEXT_TITLE);
	assert_int_equal(k->match, DB_MATCH_PREFIX);
	assert_string_equal(k->text, "diff");
	k = and->kids[1];
	assert_int_equal(k->kind, DB_F_NOT);
	assert_int_equal(k->kids[0]->kind, DB_F_TAG);
	assert_string_equal(k->kids[0]->text, "ml");
	k = and->kids[2];
	assert_int_equal(k->kind, DB_F_NUM);
	assert_int_equal(k->field, DB_NUM_UPVOTES);
	assert_int_equal(k->cmp, DB_CMP_RANGE);
	assert_int_equal(k->lo, 3);
	assert_int_equal(k->hi, 9);
	k = and->kids[3];
	assert_int_equal(k->kind, DB_F_DATE);
	assert_int_equal(k->field, DB_DATE_LISTED);
	assert_string_equal(k->from, "2026-01-05");
	assert_string_equal(k->to, "2026-01-07");
	k = and->kids[4];
	assert_int_equal(k->kind, DB_F_OR);
	assert_int_equal(k->kids[0]->kind, DB_F_STATE);
	assert_int_equal(k->kids[0]->field, DB_STATE_STARRED);
	assert_int_equal(k->kids[1]->kind, DB_F_HAS);
	assert_int_equal(k->kids[1]->field, DB_HAS_GITHUB);
	k = and->kids[5]; /* the word being typed matches as a prefix */
	assert_int_equal(k->kind, DB_F_TEXT);
	assert_int_equal(k->field, DB_TEXT_ANY);
	assert_int_equal(k->match, DB_MATCH_PREFIX);
	assert_string_equal(k->text, "typ");
	assert_int_equal(db_filter_text_use(f), DB_TEXT_REQUIRED);
	query_free(&q);

	/* is:dismissed named: nothing added; full text only inside OR ranks */
	assert_int_equal(query_compile("is:dismissed OR \"a b\"", NULL, &q, NULL, &err), 0);
	f = query_filter(q);
	assert_int_equal(f->root->kind, DB_F_OR);
	assert_int_equal(f->root->kids[1]->kind, DB_F_TEXT);
	assert_int_equal(f->root->kids[1]->match, DB_MATCH_TOKENS);
	assert_string_equal(f->root->kids[1]->text, "a b");
	assert_int_equal(db_filter_text_use(f), DB_TEXT_RANKS);
	assert_int_equal(f->sort, DB_SORT_RELEVANCE);
	query_free(&q);

	assert_int_equal(query_compile("", NULL, &q, NULL, &err), 0);
	assert_int_equal(db_filter_text_use(query_filter(q)), DB_TEXT_NONE);
	query_free(&q);
}

/* Every sort, relevance too, pages by keyset: each row once, in order. */
static void test_keyset_paging_for_every_sort(void **state)
{
	(void)state;
	const char *queries[] = {
		"sort:date", "sort:-date", "sort:upvotes", "sort:-upvotes", "sort:comments",
		"sort:stars", "sort:title", "sort:-title", "sort:published", "diffusion",
		"diffusion sort:-relevance", "diffusion OR is:unread", "models OR state",
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct query_env env = {.flags = QUERY_SHOW_DISMISSED};
		struct query *q;
		char *err = NULL;
		assert_int_equal(query_compile(queries[i], &env, &q, NULL, &err), 0);
		struct db_filter *f = query_filter(q);
		struct db_page all = {0}, pg = {0}, keep = {0};
		assert_int_equal(db_list(db, f, NULL, 0, 100, &all, &err), 0);
		assert_true(all.n > 0);
		struct db_row *after = NULL;
		int seen = 0;
		for (;;) {
			assert_int_equal(db_list(db, f, after, 0, 2, &pg, &err), 0);
			for (int k = 0; k < pg.n; k++)
				if (pg.rows[k].pid != all.rows[seen + k].pid)
					fail_msg("%s: row %d differs when paged", queries[i], seen + k);
			seen += pg.n;
			if (pg.n < 2)
				break;
			struct db_page tmp = keep;
			keep = pg;
			pg = tmp;
			after = &keep.rows[keep.n - 1];
		}
		assert_int_equal(seen, all.n);
		/* backward from the last row: the ones before it, in list order */
		assert_int_equal(db_list(db, f, &all.rows[all.n - 1], 1, 2, &pg, &err), 0);
		assert_int_equal(pg.n, all.n - 1 < 2 ? all.n - 1 : 2);
		for (int k = 0; k < pg.n; k++)
			assert_int_equal(pg.rows[k].pid, all.rows[all.n - 1 - pg.n + k].pid);
		db_page_free(&all);
		db_page_free(&pg);
		db_page_free(&keep);
		query_free(&q);
	}
}

/*
 * The rank window, on a cache of its own: 80 papers that mention "photon"
 * more or less often. The expected lists come from plain SQL on the index:
 * with a window of N, the newest N matches in bm25 order (ties newest
 * first), then the older matches newest first.
 */
static void pids_of(sqlite3 *h, const char *sql, const char *match, int64_t arg,
		    int64_t *out, int *n)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, arg);
	sqlite3_bind_text(st, 2, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		out[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
}

/* match: the full text as db/ writes it for the query (a word also
 * matches its exact form in titles, which adds to its rank). */
static int window_expected(sqlite3 *h, const char *match, long window, int64_t *out)
{
	int n = 0;
	int64_t cut = 0;
	int got = 0;
	if (window > 0)
		pids_of(h, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?2"
			" ORDER BY rowid DESC LIMIT 1 OFFSET ?1", match, window - 1, &cut, &got);
	pids_of(h, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?2"
		" AND rowid >= ?1 ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0, 2.0), rowid DESC",
		match, cut, out, &n);
	if (cut)
		pids_of(h, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?2"
			" AND rowid < ?1 ORDER BY rowid DESC", match, cut, out, &n);
	return n;
}

static struct db *window_cache(char wpath[64])
{
	struct db *w = test_cache_open(wpath, "window");
	char *err = NULL;
	assert_int_equal(db_begin(w, &err), 0);
	struct db_ingest *ing = db_ingest_new(w);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int k = 1; k <= 80; k++) {
		struct buf ab = {0};
		for (int r = 0; r < k % 7; r++)
			buf_adds(&ab, "photon ");
		buf_printf(&ab, "filler %d words about optics", k % 5);
		struct paper p = {0};
		p.id = xasprintf("2602.%05d", k);
		p.title = xasprintf("Paper %d%s", k, k % 3 == 0 ? " on photon counting" : "");
		p.abstract = buf_detach(&ab);
		p.authors = xstrdup("Ann Lee");
		p.day = xstrdup("2026-02-02");
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
		buf_free(&ab);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(w, &err), 0);
	return w;
}


/* Reads f's whole list n rows at a time, forward; checks each row once. */
static int page_all(struct db *w, const struct db_filter *f, int n, int64_t *out)
{
	struct db_page pg = {0}, keep = {0};
	struct db_row *after = NULL;
	char *err = NULL;
	int seen = 0;
	for (;;) {
		if (db_list(w, f, after, 0, n, &pg, &err) != 0)
			fail_msg("%s", err);
		for (int k = 0; k < pg.n; k++) {
			for (int j = 0; j < seen; j++)
				if (out[j] == pg.rows[k].pid)
					fail_msg("pid %lld listed twice", (long long)out[j]);
			assert_true(seen < 200);
			out[seen++] = pg.rows[k].pid;
		}
		if (pg.n < n)
			break;
		struct db_page tmp = keep;
		keep = pg;
		pg = tmp;
		after = &keep.rows[keep.n - 1];
	}
	db_page_free(&pg);
	db_page_free(&keep);
	return seen;
}

static void test_rank_window_ranks_the_newest_matches(void **state)
{
	(void)state;
	char wpath[64];
	struct db *w = window_cache(wpath);
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(wpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	struct query_env env = {.flags = QUERY_SHOW_DISMISSED};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("photon", &env, &q, NULL, &err), 0);
	struct db_filter *f = query_filter(q);
	assert_int_equal(f->sort, DB_SORT_RELEVANCE);
	long total = 0;
	assert_int_equal(db_count(w, f, &total, &err), 0);
	assert_true(total > 40);

	const long windows[] = {0, 10, 25, 1000};
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		int64_t want[200], got[200];
		char *match = NULL;
		db_filter_sql(f, NULL, &match, NULL);
		int nwant = window_expected(h, match, windows[i] < total ? windows[i] : 0, want);
		free(match);
		assert_int_equal(nwant, total);
		f->rank_window = windows[i];
		long counted = 0;
		assert_int_equal(db_count(w, f, &counted, &err), 0);
		assert_int_equal(counted, total); /* the count is every match */

		struct db_page all = {0};
		assert_int_equal(db_list(w, f, NULL, 0, 200, &all, &err), 0);
		assert_int_equal(all.window, windows[i] && windows[i] < total ? windows[i] : 0);
		assert_int_equal(all.n, nwant);
		for (int k = 0; k < all.n; k++)
			if (all.rows[k].pid != want[k])
				fail_msg("window %ld: row %d is pid %lld, not %lld", windows[i], k,
					 (long long)all.rows[k].pid, (long long)want[k]);
		for (int size = 1; size <= 7; size += 3) {
			assert_int_equal(page_all(w, f, size, got), nwant);
			assert_memory_equal(got, want, (size_t)nwant * sizeof *want);
		}
		/* backward, across the window's edge: the rows before, in order */
		for (int from = 1; from < all.n; from += 4) {
			struct db_page pg = {0};
			assert_int_equal(db_list(w, f, &all.rows[from], 1, 3, &pg, &err), 0);
			assert_int_equal(pg.n, from < 3 ? from : 3);
			for (int k = 0; k < pg.n; k++)
				assert_int_equal(pg.rows[k].pid, want[from - pg.n + k]);
			db_page_free(&pg);
		}
		/* sort:-relevance is the same list backwards */
		f->reverse = 1;
		assert_int_equal(page_all(w, f, 4, got), nwant);
		for (int k = 0; k < nwant; k++)
			assert_int_equal(got[k], want[nwant - 1 - k]);
		f->reverse = 0;
		db_page_free(&all);
	}
	query_free(&q);
	sqlite3_close(h);
	test_cache_remove(&w, wpath);
}

/* A cache of papers with these titles (abstract "none"), the i-th
 * (1-based) with the id 2603.0000i, stored in order: later is newer. */
static struct db *titles_cache(char wpath[64], const char *const *titles, int n)
{
	struct db *w = test_cache_open(wpath, "titles");
	char *err = NULL;
	assert_int_equal(db_begin(w, &err), 0);
	struct db_ingest *ing = db_ingest_new(w);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int k = 0; k < n; k++) {
		struct paper p = {0};
		p.id = xasprintf("2603.%05d", k + 1);
		p.title = xstrdup(titles[k]);
		p.abstract = xstrdup("none");
		p.authors = xstrdup("Ann Lee");
		p.day = xstrdup("2026-03-02");
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(w, &err), 0);
	return w;
}

/* The papers text lists in w, by their numbers in titles_cache: "2 1". */
static char *ranked(struct db *w, const char *text, unsigned flags)
{
	struct query_env env = {.flags = flags};
	struct query *q;
	char *err = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct db_page pg = {0};
	if (db_list(w, query_filter(q), NULL, 0, 100, &pg, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct buf b = {0};
	for (int i = 0; i < pg.n; i++)
		buf_printf(&b, "%s%d", b.len ? " " : "", atoi(pg.rows[i].id + 5));
	db_page_free(&pg);
	query_free(&q);
	return buf_detach(&b);
}

static void expect_ranked(struct db *w, const char *text, unsigned flags, const char *want)
{
	char *got = ranked(w, text, flags);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' (flags %u) listed [%s], expected [%s]", text, flags, got, want);
	free(got);
}

/*
 * A search's words also match as the starts of longer words, a whole word
 * ranking above a longer one (the newer paper here, first on a tie); a
 * query used as a set (no QUERY_SEARCH) keeps matching whole words only.
 */
static void test_search_words_match_longer_words_below_whole_ones(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"ViT for pruning", "ViTDet for pruning", "MambaByte token free", "Unrelated work",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, 4);
	expect_ranked(w, "vit", QUERY_SEARCH, "1 2");
	expect_ranked(w, "vit", 0, "1");
	expect_ranked(w, "mamba", QUERY_SEARCH, "3");
	expect_ranked(w, "mamba", 0, "");
	expect_ranked(w, "vit pruning", QUERY_SEARCH, "1 2");
	expect_ranked(w, "vitdet", QUERY_SEARCH, "2");
	/* while typing too: the whole word first */
	expect_ranked(w, "vit", QUERY_SEARCH | QUERY_PREFIX_LAST, "1 2");
	/* a quoted word, a field and a star keep their meaning */
	expect_ranked(w, "\"vit\"", QUERY_SEARCH, "1");
	expect_ranked(w, "title:vit", QUERY_SEARCH, "1");
	expect_ranked(w, "vit*", QUERY_SEARCH, "2 1");
	test_cache_remove(&w, wpath);
}

/*
 * Words no paper holds all of, under a rank window: the papers holding a
 * rare word (one half a window of papers at most hold) are ranked however
 * old, above the newer ones holding only the common word, and the list
 * still pages whole, each match once.
 */
static void test_a_rare_word_ranks_its_old_papers(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Quasicrystal growth", "Quasicrystal lattices", "Common ground", "Common sense",
		"Common cause", "Common room", "Common law", "Common goods", "Common pool",
		"Common core", "Common era", "Common view",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, (int)(sizeof titles / sizeof titles[0]));
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("quasicrystal common zzzznothere", &env, &q, NULL, &err), 0);
	assert_true(query_relax(q) > 0);
	struct db_filter *f = query_filter(q);
	long total = 0;
	assert_int_equal(db_count(w, f, &total, &err), 0);
	assert_int_equal(total, 12);
	for (long window = 0; window <= 6; window += 6) {
		f->rank_window = window;
		struct db_page all = {0};
		assert_int_equal(db_list(w, f, NULL, 0, 50, &all, &err), 0);
		assert_int_equal(all.n, 12);
		/* the two old papers with the rare word first, ranked */
		int a = atoi(all.rows[0].id + 5), b = atoi(all.rows[1].id + 5);
		assert_true((a == 1 && b == 2) || (a == 2 && b == 1));
		assert_true(all.rows[1].rank >= 0);
		int64_t got[200];
		for (int size = 1; size <= 7; size += 3) {
			assert_int_equal(page_all(w, f, size, got), 12);
			for (int k = 0; k < 12; k++)
				assert_int_equal(got[k], all.rows[k].pid);
		}
		db_page_free(&all);
	}
	query_free(&q);
	test_cache_remove(&w, wpath);
}

/*
 * A search word's longer forms (the stems of the index it starts, read as
 * one FTS5 prefix) weigh together as one word: a rare longer form never
 * outranks the word itself, however common the word, and the search lists
 * what the prefix lists.
 */
static void test_longer_forms_never_outrank_the_word(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Modelling of rare things", "Model one", "Model two", "Model three",
		"Model four", "Model five", "Model six", "Filler", "Filler", "Filler",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, (int)(sizeof titles / sizeof titles[0]));
	/* the six titles with the word first (the shorter, then the newer), then
	 * the one with a longer form only */
	expect_ranked(w, "model", QUERY_SEARCH, "7 6 5 4 3 2 1");
	/* a prefix: every form alike, the shorter titles first */
	expect_ranked(w, "model*", 0, "7 6 5 4 3 2 1");
	/* the index stems words: "modell" is a form of "model" as "modelling"
	 * is, so it finds them all, the word first as for "model" */
	expect_ranked(w, "modell", QUERY_SEARCH, "7 6 5 4 3 2 1");
	long n = 0;
	char *err = NULL;
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	assert_int_equal(query_compile("model", &env, &q, NULL, &err), 0);
	assert_int_equal(db_count(w, query_filter(q), &n, &err), 0);
	assert_int_equal(n, 7);
	query_free(&q);
	test_cache_remove(&w, wpath);
}

/*
 * A word's longer forms are the stems the index holds, written out as
 * words, which the tokenizer stems again: a stem that is not its own stem
 * ("agreed" is "agre", and "agre" is "agr") leaves the word a prefix, so
 * the search still finds it; one that is ("mamba") finds its longer words.
 */
static void test_longer_forms_keep_stems_that_stem_again(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Agreed protocols for consensus", "Agrarian economics", "MambaByte token free",
		"Mamba for all",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, 4);
	expect_ranked(w, "agreed", QUERY_SEARCH, "1");
	expect_ranked(w, "agreed protocols", QUERY_SEARCH, "1");
	expect_ranked(w, "agreed", QUERY_SEARCH | QUERY_PREFIX_LAST, "1");
	expect_ranked(w, "mamba", QUERY_SEARCH, "4 3");
	test_cache_remove(&w, wpath);
}

/* The SELECT of a list's first page of text in w, as SQLite runs it. */
static char *last_select;

static int catch_select(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)x;
	char *sql = type == SQLITE_TRACE_STMT ? sqlite3_expanded_sql(p) : NULL;
	if (sql && strncmp(sql, "SELECT p.pid", 12) == 0) {
		free(last_select);
		last_select = xstrdup(sql);
	}
	sqlite3_free(sql);
	return 0;
}

/* The SELECT a ranked list of text runs holds want and not unwanted. */
static void expect_sql(struct db *w, const char *text, unsigned flags, const char *want,
		       const char *unwanted)
{
	sqlite3_trace_v2(db_handle(w), SQLITE_TRACE_STMT, catch_select, NULL);
	free(ranked(w, text, flags));
	sqlite3_trace_v2(db_handle(w), 0, NULL, NULL);
	char *sql = last_select;
	last_select = NULL;
	assert_non_null(sql);
	if (!strstr(sql, want) || strstr(sql, unwanted))
		fail_msg("%s: the list should read %s, not %s:\n%s", text, want, unwanted, sql);
	free(sql);
}

/*
 * A word's longer forms weigh as the prefix they stand for: their instances
 * are added up, then weighed once, so three forms once each rank as one
 * form three times (the newer first on the tie), not above it.
 */
static void test_longer_forms_weigh_as_one_word(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Mamba mambabyte mambaout", "Mambaout mambaout mambaout", "Filler", "Filler",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, 4);
	expect_ranked(w, "mamb", QUERY_SEARCH | QUERY_PREFIX_LAST, "2 1");
	expect_ranked(w, "mamb*", 0, "2 1");
	expect_sql(w, "mamb", QUERY_SEARCH | QUERY_PREFIX_LAST, "\"mambaout\"", "\"mamb\"*");
	test_cache_remove(&w, wpath);
}

/*
 * A stem that is not its own stem ("diffus", of "diffusion", is stemmed to
 * "diffu" again) is written out as a word that has it for its stem
 * ("diffuse"): the search reads words, no prefix, and finds what the prefix
 * did, the word first.
 */
static void test_longer_forms_write_a_word_for_a_stem_that_stems_again(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Diffusion policies", "Diffusers made simple", "Diffuse light", "Differential games",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, 4);
	expect_ranked(w, "diffusion", QUERY_SEARCH, "1 3 2");
	expect_ranked(w, "diffusion", QUERY_SEARCH | QUERY_PREFIX_LAST, "1 3 2");
	expect_sql(w, "diffusion", QUERY_SEARCH, "\"diffuse\"", "\"diffusion\"*");
	test_cache_remove(&w, wpath);
}

/*
 * A search whose words stand as one phrase in a title (in order; case and
 * accents aside) lists those papers first, above the shorter titles bm25
 * would put first, and while typing too (the last word a prefix); one word
 * alone, words out of order, a set or an OR rank as bm25 says.
 */
static void test_a_title_holding_the_phrase_comes_first(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"A study of pruned Vision Transförmers on small edge devices",
		"Transformers for vision", "Vision transformers", "Transformers, vision",
		"Filler", "Filler", "Filler", "Filler",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, (int)(sizeof titles / sizeof titles[0]));
	expect_ranked(w, "vision transformers", QUERY_SEARCH, "3 1 4 2");
	expect_ranked(w, "vision transformers", 0, "3 1 4 2");
	expect_ranked(w, "vision transfo", QUERY_SEARCH | QUERY_PREFIX_LAST, "3 1 4 2");
	expect_ranked(w, "vision transformer", QUERY_SEARCH, "3 1 4 2");
	expect_ranked(w, "\"vision transformers\"", 0, "3 1");
	/* the other order is the phrase of another title */
	expect_ranked(w, "transformers vision", QUERY_SEARCH, "4 3 2 1");
	/* no phrase to look for: bm25 alone, the short titles first */
	expect_ranked(w, "vision transformers sort:date", 0, "4 3 2 1");
	expect_ranked(w, "vision OR transformers", 0, "4 3 2 1");
	test_cache_remove(&w, wpath);
}

/* A cache of 90 papers the words "photon counting" match in three ways:
 * the phrase in the title (k % 3 == 0), both words in the title apart, or
 * both in the abstract only; later papers are newer. */
static struct db *phrase_cache(char wpath[64])
{
	struct db *w = test_cache_open(wpath, "phrase");
	char *err = NULL;
	assert_int_equal(db_begin(w, &err), 0);
	struct db_ingest *ing = db_ingest_new(w);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int k = 1; k <= 90; k++) {
		struct buf ab = {0};
		for (int r = 0; r <= k % 5; r++)
			buf_adds(&ab, "photon ");
		buf_printf(&ab, "counting filler %d", k % 4);
		struct paper p = {0};
		p.id = xasprintf("2602.%05d", k);
		p.title = k % 3 == 0 ? xasprintf("Paper %d on photon counting", k)
			  : k % 3 == 1 ? xasprintf("Counting with a photon, %d", k)
			  : xasprintf("Paper %d", k);
		p.abstract = buf_detach(&ab);
		p.authors = xstrdup("Ann Lee");
		p.day = xstrdup("2026-02-02");
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
		buf_free(&ab);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(w, &err), 0);
	return w;
}

/*
 * The title phrase under a rank window: the papers of the window whose
 * title holds the phrase come first, then the rest of the window by rank,
 * then the older matches newest first; ranked exactly (window 0), every
 * match after them by rank. Read in pages of any size, forward or
 * back, the list is the same, every match once.
 */
static void test_title_phrase_under_a_rank_window_pages_whole(void **state)
{
	(void)state;
	char wpath[64];
	struct db *w = phrase_cache(wpath);
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("photon counting", &env, &q, NULL, &err), 0);
	struct db_filter *f = query_filter(q);
	long total = 0;
	assert_int_equal(db_count(w, f, &total, &err), 0);
	assert_int_equal(total, 90);
	const long windows[] = {0, 10, 31, 1000};
	char *orders[4];
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		f->rank_window = windows[i];
		struct db_page all = {0};
		assert_int_equal(db_list(w, f, NULL, 0, 200, &all, &err), 0);
		assert_int_equal(all.n, 90);
		struct buf b = {0};
		int k = 0, phrased = 0;
		for (int n = 1; n <= 90; n++)
			phrased += n % 3 == 0 && (windows[i] == 0 || n > 90 - windows[i]);
		for (; k < phrased; k++) { /* the titles holding the phrase */
			int n = atoi(all.rows[k].id + 5);
			if (n % 3 != 0)
				fail_msg("window %ld: row %d is paper %d", windows[i], k, n);
		}
		for (; k < all.n; k++) {
			int n = atoi(all.rows[k].id + 5);
			int in_window = windows[i] == 0 || n > 90 - windows[i];
			assert_true(n % 3 != 0 || !in_window);
			if (in_window) /* ranked: by rank, never below the tail */
				assert_true(all.rows[k].rank >= 0 && all.rows[k].rank <= all.rows[k - 1].rank);
			else if (all.rows[k - 1].rank < 0) /* the tail: newest first */
				assert_true(all.rows[k].pid < all.rows[k - 1].pid);
			else
				assert_true(all.rows[k].rank < 0);
		}
		for (k = 0; k < all.n; k++)
			buf_printf(&b, "%s%lld", k ? " " : "", (long long)all.rows[k].pid);
		orders[i] = buf_detach(&b);
		int64_t got[200];
		for (int size = 1; size <= 10; size += 3) {
			assert_int_equal(page_all(w, f, size, got), all.n);
			for (k = 0; k < all.n; k++)
				assert_int_equal(got[k], all.rows[k].pid);
		}
		for (int from = 1; from < all.n; from += 5) {
			struct db_page pg = {0};
			assert_int_equal(db_list(w, f, &all.rows[from], 1, 4, &pg, &err), 0);
			assert_int_equal(pg.n, from < 4 ? from : 4);
			for (k = 0; k < pg.n; k++)
				assert_int_equal(pg.rows[k].pid, all.rows[from - pg.n + k].pid);
			db_page_free(&pg);
		}
		db_page_free(&all);
	}
	/* a window wider than the matches ranks them all, as --exact does; a
	 * narrow one ranks another order */
	assert_string_equal(orders[3], orders[0]);
	assert_string_not_equal(orders[1], orders[0]);
	for (int i = 0; i < 4; i++)
		free(orders[i]);
	query_free(&q);
	test_cache_remove(&w, wpath);
}

/* The marked title and abstract of paper n (1-based) for text, "" when
 * none, the marks written as [ and ]. */
static char *marked(struct db *w, const char *text, unsigned flags, int n, int abstract)
{
	struct query_env env = {.flags = flags};
	struct query *q;
	char *err = NULL, *t = NULL, *a = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	int rc = db_highlight(w, query_filter(q), n, &t, &a, &err);
	if (rc < 0)
		fail_msg("%s: %s", text, err);
	query_free(&q);
	char *s = abstract ? a : t;
	char *out = xstrdup(rc == 1 ? s : "");
	free(t);
	free(a);
	for (char *c = out; *c; c++)
		*c = *c == DB_MARK_ON[0] ? '[' : *c == DB_MARK_OFF[0] ? ']' : *c;
	return out;
}

static void expect_marked(struct db *w, const char *text, unsigned flags, int n,
			  const char *want)
{
	char *got = marked(w, text, flags, n, 0);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' (flags %u) marked paper %d '%s', expected '%s'", text, flags, n,
			 got, want);
	free(got);
}

/*
 * The words marked in a title are those the index matched: a search's
 * word in the longer words it starts, any case or accent, and nothing a
 * query matched differently (a quoted word, a set's whole word, another
 * field) or that the paper's text holds only inside a word.
 */
static void test_highlights_follow_the_index(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"ViT for pruning", "ViTDet for Prüning", "Unrelated work on a davit",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, 3);
	expect_marked(w, "vit pruning", QUERY_SEARCH, 2, "[ViTDet] for [Prüning]");
	expect_marked(w, "vit pruning", QUERY_SEARCH, 1, "[ViT] for [pruning]");
	expect_marked(w, "vit pruning", 0, 1, "[ViT] for [pruning]");
	expect_marked(w, "vit pruning", 0, 2, "");           /* no match: no marks */
	expect_marked(w, "\"vit\"", QUERY_SEARCH, 2, "");
	expect_marked(w, "vit", QUERY_SEARCH, 3, "");        /* inside davit: no */
	expect_marked(w, "abstract:none vit", QUERY_SEARCH, 1, "[ViT] for pruning");
	expect_marked(w, "sort:date", QUERY_SEARCH, 1, "");  /* no full text */
	expect_marked(w, "vitd", QUERY_SEARCH | QUERY_PREFIX_LAST, 2, "[ViTDet] for Prüning");
	/* the index stems words: another form of a word is marked too */
	expect_marked(w, "pruned", QUERY_SEARCH, 1, "ViT for [pruning]");
	expect_marked(w, "prunes", 0, 2, "ViTDet for [Prüning]");
	char *ab = marked(w, "abstract:none vit", QUERY_SEARCH, 1, 1);
	assert_string_equal(ab, "[none]");
	free(ab);

	/* a page's titles, each as the index matched it */
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("vit", &env, &q, NULL, &err), 0);
	struct db_page pg = {0};
	assert_int_equal(db_list(w, query_filter(q), NULL, 0, 10, &pg, &err), 0);
	assert_int_equal(pg.n, 2);
	assert_null(pg.rows[0].marked);
	assert_int_equal(db_mark_titles(w, query_filter(q), &pg, &err), 0);
	assert_string_equal(pg.rows[0].marked, "\x02ViT\x03 for pruning");
	assert_string_equal(pg.rows[1].marked, "\x02ViTDet\x03 for Prüning");
	query_free(&q);
	assert_int_equal(query_compile("pruned", &env, &q, NULL, &err), 0);
	assert_int_equal(db_mark_titles(w, query_filter(q), &pg, &err), 0);
	assert_string_equal(pg.rows[0].marked, "ViT for \x02pruning\x03");
	assert_string_equal(pg.rows[1].marked, "ViTDet for \x02Prüning\x03");
	query_free(&q);
	assert_int_equal(query_compile("is:unread", &env, &q, NULL, &err), 0);
	assert_int_equal(db_mark_titles(w, query_filter(q), &pg, &err), 0);
	assert_null(pg.rows[0].marked);
	query_free(&q);
	db_page_free(&pg);
	test_cache_remove(&w, wpath);
}


/* A cache of papers with these titles and abstracts (2603.00001 on). */
static struct db *texts_cache(char wpath[64], const char *const *texts, int n)
{
	struct db *w = test_cache_open(wpath, "texts");
	char *err = NULL;
	assert_int_equal(db_begin(w, &err), 0);
	struct db_ingest *ing = db_ingest_new(w);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int k = 0; k < n; k++) {
		struct paper p = {0};
		p.id = xasprintf("2603.%05d", k + 1);
		p.title = xstrdup(texts[2 * k]);
		p.abstract = xstrdup(texts[2 * k + 1]);
		p.authors = xstrdup("Ann Lee");
		p.day = xstrdup("2026-03-02");
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(w, &err), 0);
	return w;
}

/* The marked abstract of paper n for text, as marked() writes it. */
static void expect_marked_abstract(struct db *w, const char *text, unsigned flags, int n,
				   const char *want)
{
	char *got = marked(w, text, flags, n, 1);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' (flags %u) marked paper %d's abstract '%s', expected '%s'", text,
			 flags, n, got, want);
	free(got);
}

/*
 * Whatever the index matched is marked: a CJK word inside a run (found
 * through the run's bigrams), in the field it was looked for in; an
 * acronym's long form and its short one; another form of a word.
 */
static void test_highlights_follow_every_way_of_matching(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"大语言模型的推理能力评测", "我们评测了推理能力。",
		"Cheap Preference Labels",
		"We study reinforcement learning from human feedback (RLHF) here.",
		"Reward Hacking in RLHF Pipelines", "Policies exploit the reward model.",
		"Pruned Vision Transformers", "We remove heads.",
	};
	const unsigned typing = QUERY_SEARCH | QUERY_PREFIX_LAST;
	char wpath[64];
	struct db *w = texts_cache(wpath, texts, 4);
	expect_marked(w, "语言", typing, 1, "大[语言]模型的推理能力评测");
	expect_marked_abstract(w, "语言", typing, 1, "我们评测了推理能力。");
	expect_marked(w, "推理能力", 0, 1, "大语言模型的[推理能力]评测");
	expect_marked_abstract(w, "推理能力", 0, 1, "我们评测了[推理能力]。");
	expect_marked(w, "推", typing, 1, "大语言模型的[推]理能力评测");
	expect_marked(w, "语言 评测", QUERY_SEARCH, 1, "大[语言]模型的推理能力[评测]");
	expect_marked(w, "大语言模型的推理能力评测", typing, 1, "[大语言模型的推理能力评测]");
	/* only in the field searched */
	expect_marked(w, "title:评测", 0, 1, "大语言模型的推理能力[评测]");
	expect_marked_abstract(w, "title:评测", 0, 1, "我们评测了推理能力。");
	expect_marked(w, "abstract:推理", 0, 1, "大语言模型的推理能力评测");
	expect_marked_abstract(w, "abstract:推理", 0, 1, "我们评测了[推理]能力。");
	/* a word under NOT is not what matched */
	expect_marked(w, "语言 OR -评测", QUERY_SEARCH, 1, "大[语言]模型的推理能力评测");
	/* an acronym both ways */
	expect_marked_abstract(w, "rlhf", typing, 2,
			       "We study [reinforcement learning from human feedback] ([RLHF]) here.");
	expect_marked(w, "rlhf", typing, 3, "Reward Hacking in [RLHF] Pipelines");
	expect_marked(w, "reinforcement learning from human feedback", QUERY_SEARCH, 3,
		      "Reward Hacking in [RLHF] Pipelines");
	/* a stem */
	expect_marked(w, "pruning", typing, 4, "[Pruned] Vision Transformers");

	/* a page's titles */
	struct query_env env = {.flags = typing};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("语言", &env, &q, NULL, &err), 0);
	struct db_page pg = {0};
	assert_int_equal(db_list(w, query_filter(q), NULL, 0, 10, &pg, &err), 0);
	assert_int_equal(pg.n, 1);
	assert_int_equal(db_mark_titles(w, query_filter(q), &pg, &err), 0);
	assert_string_equal(pg.rows[0].marked, "大\x02语言\x03模型的推理能力评测");
	db_page_free(&pg);
	query_free(&q);
	assert_int_equal(query_compile("rlhf", &env, &q, NULL, &err), 0);
	assert_int_equal(db_list(w, query_filter(q), NULL, 0, 10, &pg, &err), 0);
	assert_int_equal(pg.n, 2);
	assert_int_equal(db_mark_titles(w, query_filter(q), &pg, &err), 0);
	for (int i = 0; i < pg.n; i++)
		if (strcmp(pg.rows[i].id, "2603.00003") == 0)
			assert_string_equal(pg.rows[i].marked, "Reward Hacking in \x02RLHF\x03 Pipelines");
		else
			assert_null(pg.rows[i].marked);
	db_page_free(&pg);
	query_free(&q);
	test_cache_remove(&w, wpath);
}

/* The papers text lists in w once loosened by query_relax, which returns
 * *words; "" when it declines. */
static char *relaxed(struct db *w, const char *text, unsigned flags, int *words)
{
	struct query_env env = {.flags = flags};
	struct query *q;
	char *err = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	*words = query_relax(q);
	struct db_page pg = {0};
	if (db_list(w, query_filter(q), NULL, 0, 100, &pg, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct buf b = {0};
	for (int i = 0; i < pg.n; i++)
		buf_printf(&b, "%s%d", b.len ? " " : "", atoi(pg.rows[i].id + 5));
	db_page_free(&pg);
	query_free(&q);
	return buf_detach(&b);
}

static void expect_relaxed(struct db *w, const char *text, unsigned flags, int words,
			   const char *want)
{
	int got_words = -1;
	char *got = relaxed(w, text, flags, &got_words);
	if (got_words != words || strcmp(got, want) != 0)
		fail_msg("'%s' (flags %u) loosened %d words and listed [%s], expected %d and [%s]",
			 text, flags, got_words, got, words, want);
	free(got);
}

/*
 * No paper holds every word: the search's words are joined by OR, the
 * papers holding more of them, and rarer ones, first; other conditions
 * stay. A query used as a set is never loosened.
 */
static void test_a_search_no_paper_answers_lists_partial_matches(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"Sparse mixture of experts", "Sparse attention kernels", "Dense experts routing",
		"Sparse routing of experts tokens", "Graph kernels", "Sparse graph kernels",
		/* more papers, so that how rare a word is counts (bm25's idf) */
		"Filler", "Filler", "Filler", "Filler", "Filler", "Filler", "Filler", "Filler",
		"Filler", "Filler", "Filler", "Filler", "Filler", "Filler",
	};
	char wpath[64];
	struct db *w = titles_cache(wpath, titles, (int)(sizeof titles / sizeof titles[0]));
	expect_ranked(w, "sparse experts quantum", QUERY_SEARCH, "");
	/* 1 and 4 hold two of the words (1, the shorter title, first); then 3,
	 * whose experts is in three papers, above the newer 6 and 2, whose
	 * sparse is in four */
	expect_relaxed(w, "sparse experts quantum", QUERY_SEARCH, 3, "1 4 3 6 2");
	expect_relaxed(w, "sparse experts quantum title:sparse", QUERY_SEARCH, 3, "1 4 6 2");
	/* one word, or a set: unchanged */
	expect_relaxed(w, "quantum", QUERY_SEARCH, 0, "");
	expect_relaxed(w, "sparse experts quantum", 0, 0, "");
	expect_relaxed(w, "sparse OR quantum", QUERY_SEARCH, 0, "6 2 1 4");
	/* a saved view's or a limit's words before the search's (search_at)
	 * are a set's: they stay required, and match no longer words */
	struct query_env env = {.flags = QUERY_SEARCH, .search_at = strlen("sparse graph")};
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("sparse graph experts quantum", &env, &q, NULL, &err), 0);
	assert_string_equal(query_words(q)[0], "experts");
	assert_string_equal(query_words(q)[1], "quantum");
	assert_null(query_words(q)[2]);
	assert_int_equal(query_relax(q), 2);
	struct db_page pg = {0};
	assert_int_equal(db_list(w, query_filter(q), NULL, 0, 100, &pg, &err), 0);
	assert_int_equal(pg.n, 0); /* 6 holds sparse graph, neither other word */
	db_page_free(&pg);
	query_free(&q);
	env.search_at = strlen("spa");
	assert_int_equal(query_compile("spa", &env, &q, NULL, &err), 0);
	assert_null(query_words(q)[0]);
	assert_int_equal(db_list(w, query_filter(q), NULL, 0, 100, &pg, &err), 0);
	assert_int_equal(pg.n, 0); /* spa is no start of a longer word here */
	db_page_free(&pg);
	query_free(&q);
	test_cache_remove(&w, wpath);
}

/* The plan of the first page's keys: the lines under "CO-ROUTINE k". */
static char *keys_plan(const char *text, long window, unsigned flags)
{
	struct query_env env = {.today = "2026-01-07", .flags = flags};
	struct query *q;
	char *err = NULL, *plan = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct db_filter *f = query_filter(q);
	f->rank_window = window;
	if (db_list_plan(db, f, 50, &plan, &err) != 0)
		fail_msg("%s: %s", text, err);
	query_free(&q);
	const char *k = strstr(plan, "CO-ROUTINE k\n");
	if (!k)
		fail_msg("%s: no CO-ROUTINE k in\n%s", text, plan);
	struct buf b = {0};
	for (const char *l = k + strlen("CO-ROUTINE k\n"); *l == ' ';) {
		const char *e = strchr(l, '\n');
		buf_add(&b, l, (size_t)(e - l) + 1);
		l = e + 1;
	}
	free(plan);
	return buf_detach(&b);
}

static void expect_plan_as(const char *text, unsigned flags, long window, const char *want,
			   const char *not)
{
	char *plan = keys_plan(text, window, flags);
	if (!strstr(plan, want) || (not && strstr(plan, not)))
		fail_msg("'%s': the plan should have '%s'%s%s, and is:\n%s", text, want,
			 not ? " and not " : "", not ? not : "", plan);
	free(plan);
}

static void expect_plan(const char *text, long window, const char *want, const char *not)
{
	expect_plan_as(text, 0, window, want, not);
}

/*
 * The plans the main orders were written for: a list walks its sort's index
 * and stops after a page (no sort of every row); a tag and a rare word are
 * looked up and only their papers sorted; relevance under a rank window
 * reads its matches from the full-text index, newest first, without
 * walking the papers table.
 */
static void test_lists_use_the_intended_index(void **state)
{
	(void)state;
	expect_plan("", 0, "SCAN p USING COVERING INDEX papers_by_day", "TEMP B-TREE");
	expect_plan("sort:-date", 0, "SCAN p USING COVERING INDEX papers_by_day", "TEMP B-TREE");
	expect_plan("sort:upvotes", 0, "SCAN p USING COVERING INDEX papers_by_upvotes",
		    "TEMP B-TREE");
	expect_plan("sort:comments", 0, "SCAN p USING COVERING INDEX papers_by_comments",
		    "TEMP B-TREE");
	expect_plan("sort:stars", 0, "SCAN p USING COVERING INDEX papers_by_stars",
		    "TEMP B-TREE");
	expect_plan("sort:title", 0, "SCAN p USING COVERING INDEX papers_by_title", "TEMP B-TREE");
	expect_plan("sort:published", 0, "SCAN p USING COVERING INDEX papers_by_published",
		    "TEMP B-TREE");
	expect_plan("sort:trending", 0, "SCAN p USING COVERING INDEX papers_by_trend",
		    "TEMP B-TREE");
	expect_plan("tag:toread", 0, "SEARCH t USING COVERING INDEX tags_by_tag (tag=?)",
		    "SCAN p ");
	expect_plan("robots sort:date", 0, "SCAN papers_fts VIRTUAL TABLE INDEX 0:M", "SCAN p ");
	expect_plan("robots sort:date", 0, "SEARCH p USING INTEGER PRIMARY KEY (rowid=?)", NULL);
	/* three papers say diffusion: a window of two cuts */
	expect_plan("diffusion", 2, "MERGE (UNION ALL)", "SCAN p ");
	expect_plan("diffusion", 2, "SCAN papers_fts VIRTUAL TABLE INDEX 0:M", "papers_by");
	expect_plan("diffusion", 0, "SCAN papers_fts VIRTUAL TABLE INDEX 0:M", "SCAN p ");
	/* a search's words, whole or the start of longer ones: the same plans */
	expect_plan_as("diffusion", QUERY_SEARCH, 2, "MERGE (UNION ALL)", "SCAN p ");
	expect_plan_as("diffusion", QUERY_SEARCH, 2, "SCAN papers_fts VIRTUAL TABLE INDEX 0:M",
		       "papers_by");
	expect_plan_as("robots sort:date", QUERY_SEARCH, 0,
		       "SCAN papers_fts VIRTUAL TABLE INDEX 0:M", "SCAN p ");
}

/* The first page's plan of text in w, pages of n. */
static char *plan_in(struct db *w, const char *text, int n)
{
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	char *err = NULL, *plan = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	if (db_list_plan(w, query_filter(q), n, &plan, &err) != 0)
		fail_msg("%s: %s", text, err);
	query_free(&q);
	return plan;
}

/* The pids text lists in w (a search), pages of n, the first `upto`. */
static int listed(struct db *w, const char *text, int n, int64_t *out, int upto)
{
	struct query_env env = {.flags = QUERY_SEARCH};
	struct query *q;
	char *err = NULL;
	if (query_compile(text, &env, &q, NULL, &err) != 0)
		fail_msg("%s: %s", text, err);
	struct db_page pg = {0}, keep = {0};
	int seen = 0;
	while (seen < upto) {
		if (db_list(w, query_filter(q), seen ? &keep.rows[keep.n - 1] : NULL, 0, n, &pg,
			    &err) != 0)
			fail_msg("%s: %s", text, err);
		for (int k = 0; k < pg.n && seen < upto; k++)
			out[seen++] = pg.rows[k].pid;
		if (pg.n < n)
			break;
		struct db_page tmp = keep;
		keep = pg;
		pg = tmp;
	}
	db_page_free(&pg);
	db_page_free(&keep);
	query_free(&q);
	return seen;
}

/*
 * Newest first, a search most papers match is tested paper by paper as the
 * list walks its order, when a test is cheap: one word. A test looks up
 * every phrase of the search, so a word with many longer forms written out
 * is read as one list of matches instead, and so is a prefix the index
 * keeps no list for (more forms than are written out), which FTS5 would
 * merge from every word it starts in each test. Each plan lists the rows
 * the list of every match does, in the same order.
 */
static void test_a_costly_test_reads_the_matches_instead(void **state)
{
	(void)state;
	enum { N = 2400, MANY = 600, SOME = 40 };
	static const char letters[] = "bcdfghjkmnpqrtvwxz";
	char **titles = xcalloc(N, sizeof *titles);
	for (int k = 0; k < N; k++) {
		int a = k % MANY, b = k % SOME;
		/* every paper but every tenth says common; seven in eight a
		 * stat word (of MANY), every one a lexi word (of SOME) */
		titles[k] = xasprintf("%s %s%c%c%c lexi%c%c paper", k % 10 == 9 ? "Rare" : "Common",
				      k % 8 == 7 ? "none" : "stat", letters[a % 18],
				      letters[a / 18 % 18], letters[a / 324 % 18], letters[b % 18],
				      letters[b / 18 % 18]);
	}
	char wpath[64];
	struct db *w = titles_cache(wpath, (const char *const *)titles, N);
	for (int k = 0; k < N; k++)
		free(titles[k]);
	free(titles);
	static const struct {
		const char *text;
		int each;      /* tested paper by paper */
		int skip, mod; /* the papers k listed: (k - 1) % mod != skip */
	} shapes[] = {
		{"common sort:date", 1, 9, 10},
		{"lexi sort:date", 0, -1, 1},
		{"stat sort:date", 0, 7, 8},
	};
	for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++) {
		char *plan = plan_in(w, shapes[c].text, 1);
		int each = strstr(plan, "CORRELATED SCALAR SUBQUERY") &&
			   strstr(plan, "VIRTUAL TABLE INDEX 0:=M");
		if (each != shapes[c].each)
			fail_msg("'%s' should %s:\n%s", shapes[c].text,
				 shapes[c].each ? "test each paper" : "read the matches", plan);
		free(plan);
		/* the newest first (one day): by pid, down */
		int64_t got[30], whole[30];
		int n = listed(w, shapes[c].text, 1, got, 30);
		assert_int_equal(n, 30);
		assert_int_equal(listed(w, shapes[c].text, 500, whole, 30), 30);
		for (int i = 0, k = N; i < n; i++, k--) {
			while ((k - 1) % shapes[c].mod == shapes[c].skip)
				k--;
			if (got[i] != k || whole[i] != k)
				fail_msg("'%s': row %d is %lld (pages of 500: %lld), not %d",
					 shapes[c].text, i, (long long)got[i], (long long)whole[i], k);
		}
	}
	test_cache_remove(&w, wpath);
}

/* The statements SQLite ran while w listed text's first page of n. */
static struct buf ran_sql;

static int catch_all(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)x;
	if (type == SQLITE_TRACE_STMT) {
		buf_adds(&ran_sql, sqlite3_sql(p));
		buf_addc(&ran_sql, '\n');
	}
	return 0;
}

/*
 * A search of one word written as a prefix (more forms than are written
 * out where every match is read) that one of its forms alone shows many
 * papers hold is read as a list without counting its matches first (a
 * count would merge the prefix once more), and lists the same rows.
 */
static void test_a_prefix_known_common_is_not_counted(void **state)
{
	(void)state;
	enum { N = 2100, OTHERS = 40 };
	static const char letters[] = "bcdfghjkmnpqrtvwxz";
	char **titles = xcalloc(N, sizeof *titles);
	for (int k = 0; k < N; k++) {
		int a = k < OTHERS ? k + 1 : 0; /* statbb, held by most papers, or another */
		titles[k] = xasprintf("Paper stat%c%c", letters[a % 18], letters[a / 18 % 18]);
	}
	char wpath[64];
	struct db *w = titles_cache(wpath, (const char *const *)titles, N);
	for (int k = 0; k < N; k++)
		free(titles[k]);
	free(titles);
	sqlite3_trace_v2(db_handle(w), SQLITE_TRACE_STMT, catch_all, NULL);
	int64_t got[30];
	int n = listed(w, "stat sort:date", 50, got, 30);
	sqlite3_trace_v2(db_handle(w), 0, NULL, NULL);
	if (n != 30)
		fail_msg("stat sort:date listed %d:\n%s", n, ran_sql.data);
	for (int i = 0; i < 30; i++)
		assert_int_equal(got[i], N - i);
	if (strstr(ran_sql.data, "SELECT count(*) FROM (SELECT 1 FROM papers_fts"))
		fail_msg("the matches were counted:\n%s", ran_sql.data);
	buf_free(&ran_sql);
	/* not known common: counted (a field's word, here) */
	sqlite3_trace_v2(db_handle(w), SQLITE_TRACE_STMT, catch_all, NULL);
	assert_int_equal(listed(w, "title:stat* sort:date", 50, got, 30), 30);
	sqlite3_trace_v2(db_handle(w), 0, NULL, NULL);
	if (!strstr(ran_sql.data, "SELECT count(*) FROM (SELECT 1 FROM papers_fts"))
		fail_msg("the matches of title:stat* should be counted:\n%s", ran_sql.data);
	buf_free(&ran_sql);
	test_cache_remove(&w, wpath);
}

static void test_defaults_without_config(void **state)
{
	(void)state;
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("@toread", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_DAY);
	query_free(&q);
	assert_int_equal(query_compile(NULL, NULL, &q, NULL, &err), 0);
	assert_int_equal(db_filter_text_use(query_filter(q)), DB_TEXT_NONE);
	query_free(&q);
	assert_int_equal(query_compile("diffusion", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_RELEVANCE);
	query_free(&q);
	assert_int_equal(query_compile("@hot", NULL, &q, NULL, &err), -1);
	assert_string_equal(err, "query:1: unknown view '@hot'");
	free(err);
}

/* The sort names: aliases, case, the '-' that reverses, and one name shown
 * per order. */
static void test_sort_keys(void **state)
{
	(void)state;
	enum db_sort s = DB_SORT_TITLE;
	int rev = 7;
	assert_int_equal(sort_key_parse("", &s, &rev), -1);
	assert_int_equal(sort_key_parse("-", &s, &rev), -1);
	assert_int_equal(sort_key_parse("--day", &s, &rev), -1);
	assert_int_equal(sort_key_parse("-day", &s, NULL), -1); /* no '-' allowed */
	assert_int_equal(sort_key_parse("days", &s, &rev), -1);
	assert_int_equal(sort_key_parse("date", &s, &rev), 0);
	assert_int_equal(s, DB_SORT_DAY);
	assert_int_equal(rev, 0);
	assert_int_equal(sort_key_parse("-Upvotes", &s, &rev), 0);
	assert_int_equal(s, DB_SORT_UPVOTES);
	assert_int_equal(rev, 1);
	for (int i = 0; i < DB_SORT_COUNT_; i++) {
		const char *name = sort_key_name((enum db_sort)i);
		assert_int_equal(sort_key_parse(name, &s, NULL), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(sort_key_name(DB_SORT_DAY), "day");
	int n = 0;
	while (sort_key_at(n))
		n++;
	assert_int_equal(n, DB_SORT_COUNT_ + 1); /* date is day's alias */
	char *list = sort_key_list();
	assert_string_equal(list, "relevance, day, date, upvotes, comments, stars, title, "
			    "published, foryou or trending");
	free(list);
}

/* sort:foryou, sort:foryou:TAG and like:ID name the scores a list orders by. */
static void test_learned_orders(void **state)
{
	(void)state;
	struct query *q;
	char *err = NULL;
	assert_int_equal(query_compile("sort:foryou", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_SCORE);
	assert_string_equal(query_filter(q)->model, "");
	query_free(&q);
	assert_int_equal(query_compile("date:-7d sort:-foryou:toread", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_SCORE);
	assert_int_equal(query_filter(q)->reverse, 1);
	assert_string_equal(query_filter(q)->model, "foryou:toread");
	query_free(&q);
	/* like: ranks like free words, unless a sort: orders */
	assert_int_equal(query_compile("tag:toread like:2605.00001", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_SCORE);
	assert_string_equal(query_filter(q)->model, "like:2605.00001");
	char *where = NULL, *binds = NULL;
	db_filter_sql(query_filter(q), &where, NULL, &binds);
	assert_non_null(strstr(where, "scores"));
	assert_non_null(strstr(binds, "like:2605.00001\n"));
	free(where);
	free(binds);
	query_free(&q);
	assert_int_equal(query_compile("like:2605.00001 sort:upvotes", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_UPVOTES);
	query_free(&q);
	assert_int_equal(query_compile("diffusion like:2605.00001", NULL, &q, NULL, &err), 0);
	assert_int_equal(query_filter(q)->sort, DB_SORT_SCORE);
	query_free(&q);
	assert_int_equal(query_compile("sort:foryou:", NULL, &q, NULL, &err), -1);
	assert_non_null(strstr(err, "expected a tag after 'sort:foryou:'"));
	free(err);
	err = NULL;
	assert_int_equal(query_compile("sort:foryou:a,b", NULL, &q, NULL, &err), -1);
	free(err);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	static struct config_view views[] = {
		{"today", "date:today", 0},
		{"unread", "is:unread -is:dismissed", 0},
		{"starred", "is:starred", 0},
		{"toread", "tag:toread -is:dismissed", 0},
		{"all", "", 0},
		{"hot", "upvotes:>20 sort:upvotes", 0},
		{"loop", "tag:x @loop", 0},
		{"ping", "@pong", 0},
		{"pong", "is:read OR @ping", 0},
		{"broken", "upvotes:>", 0},
		{"sorted", "sort:date", 0},
	};
	views_cfg.views = views;
	views_cfg.nviews = (int)(sizeof views / sizeof views[0]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_name_the_column_and_what_was_expected),
		cmocka_unit_test(test_deep_nesting_is_an_error_not_a_crash),
		cmocka_unit_test(test_nesting_past_the_limit_is_refused),
		cmocka_unit_test(test_terms_past_the_limit_are_refused),
		cmocka_unit_test(test_text_past_the_limit_is_refused),
		cmocka_unit_test(test_views_that_expand_without_bound_are_refused),
		cmocka_unit_test(test_the_cache_refuses_a_tree_too_large),
		cmocka_unit_test(test_typing_keeps_errors_that_are_not_at_the_end),
		cmocka_unit_test(test_defaults_without_config),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_learned_orders),
		cmocka_unit_test(test_terms_are_the_positive_words_lowercased),
		cmocka_unit_test(test_values_are_bound_never_pasted),
		cmocka_unit_test(test_the_tree_holds_each_condition),
		cmocka_unit_test(test_each_construct_lists_the_known_papers),
		cmocka_unit_test(test_arxiv_fields),
		cmocka_unit_test(test_the_cache_is_intact_after_hostile_queries),
		cmocka_unit_test(test_keyset_paging_for_every_sort),
		cmocka_unit_test(test_rank_window_ranks_the_newest_matches),
		cmocka_unit_test(test_search_words_match_longer_words_below_whole_ones),
		cmocka_unit_test(test_a_search_no_paper_answers_lists_partial_matches),
		cmocka_unit_test(test_longer_forms_never_outrank_the_word),
		cmocka_unit_test(test_longer_forms_keep_stems_that_stem_again),
		cmocka_unit_test(test_longer_forms_write_a_word_for_a_stem_that_stems_again),
		cmocka_unit_test(test_longer_forms_weigh_as_one_word),
		cmocka_unit_test(test_a_rare_word_ranks_its_old_papers),
		cmocka_unit_test(test_a_title_holding_the_phrase_comes_first),
		cmocka_unit_test(test_title_phrase_under_a_rank_window_pages_whole),
		cmocka_unit_test(test_highlights_follow_the_index),
		cmocka_unit_test(test_highlights_follow_every_way_of_matching),
		cmocka_unit_test(test_lists_use_the_intended_index),
		cmocka_unit_test(test_a_costly_test_reads_the_matches_instead),
		cmocka_unit_test(test_a_prefix_known_common_is_not_counted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
