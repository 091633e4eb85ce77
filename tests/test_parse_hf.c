/* Tests for parse_hf and json_stream: bad input first, then every fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/json_stream.h"
#include "../src/parse_hf.h"
#include "../src/parse_page.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/text.h"
#include "../src/base/file.h"

struct seen {
	long n;
	char ids[64][16];
	char *authors[64];
	struct paper last;
};

static int keep(void *ctx, const struct paper *p, char **err)
{
	(void)err;
	struct seen *s = ctx;
	if (s->n < 64) {
		snprintf(s->ids[s->n], sizeof s->ids[0], "%s", p->id);
		s->authors[s->n] = xstrdup(p->authors);
	}
	s->n++;
	return 0;
}

static void seen_free(struct seen *s)
{
	for (long i = 0; i < s->n && i < 64; i++)
		free(s->authors[i]);
}

static int parse_str(const char *body, struct seen *s, char **err)
{
	memset(s, 0, sizeof *s);
	struct paper_sink sink = {keep, s};
	long count = 0;
	return hf_parse(body, strlen(body), &sink, &count, err);
}

static void expect_error(const char *body, const char *want)
{
	struct seen s;
	char *err = NULL;
	assert_int_equal(parse_str(body, &s, &err), -1);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_int_equal(s.n, 0); /* nothing handed on from a bad body */
	free(err);
}

static void test_bad_bodies(void **state)
{
	(void)state;
	expect_error("", "empty document");
	expect_error("<!DOCTYPE html><html>", "an HTML page, not JSON");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\"}}, {\"pap",
		     "cut off");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": 7}}]",
		     "paper.title is a number, expected a string");
	expect_error("[{\"paper\": {\"title\": \"x\"}}]", "paper.id is missing");
	expect_error("[{\"paper\": {\"id\": \"../../etc\", \"title\": \"x\"}}]",
		     "not an arXiv id");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\", "
		     "\"upvotes\": \"many\"}}]", "paper.upvotes is a string");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\", "
		     "\"authors\": {}}}]", "paper.authors is an object");
	expect_error("{\"error\": \"Invalid date\"}", "the server answered with an error: "
		     "Invalid date");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\", "
		     "\"upvotes\": 1e999}}]", "paper.upvotes is not a finite number");
	expect_error("[1, 2]", "entry 0: is a number, expected an object");
	expect_error("[{\"paper\": 3}]", "paper is a number");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\"}}] x",
		     "nothing after the end");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\"}},]",
		     "expected a value");
	/* a closing brace cannot start a value: no empty element is handed on */
	expect_error("[}", "invalid JSON at byte 1: expected a value");
	expect_error("[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"x\"}}, }",
		     "invalid JSON at byte 48: expected a value");
	/* a second, good entry must not be handed on when the first is bad */
	expect_error("[{\"paper\": {\"id\": \"2601.00002\", \"title\": \"ok\"}},"
		     " {\"paper\": {\"id\": \"2601.00001\"}}]", "entry 1");
}

static void test_huge_title_is_refused(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_adds(&b, "[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"");
	for (int i = 0; i < PAPER_MAX_TITLE + 10; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\"}}]");
	expect_error(b.data, "paper.title is 2058 bytes long, more than 2048");
	buf_free(&b);
}

static void test_nulls_and_absent_optionals(void **state)
{
	(void)state;
	struct seen s;
	char *err = NULL;
	const char *body =
		"[{\"paper\": {\"id\": \"2601.00001\", \"title\": \"  A\\n  title  \","
		" \"summary\": null, \"githubRepo\": null, \"githubStars\": null,"
		" \"projectPage\": \"javascript:alert(1)\", \"ai_keywords\": null,"
		" \"authors\": [{\"name\": \"Ann\", \"hidden\": false},"
		" {\"name\": \"Secret\", \"hidden\": true}, {\"name\": \"Bo\"}]}}]";
	assert_int_equal(parse_str(body, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.authors[0], "Ann\nBo");
	seen_free(&s);

	cJSON *item = cJSON_Parse(body);
	struct paper p;
	assert_int_equal(hf_parse_entry(cJSON_GetArrayItem(item, 0), &p, &err), 0);
	assert_string_equal(p.title, "A title");
	assert_string_equal(p.abstract, "");
	assert_null(p.github_repo);
	assert_null(p.project_page); /* only http(s) links are kept */
	assert_null(p.ai_keywords);
	assert_int_equal(p.has & PAPER_HAS_STARS, 0);
	paper_clear(&p);
	cJSON_Delete(item);
}

static void test_control_characters_are_stripped(void **state)
{
	(void)state;
	const char *body = "{\"id\": \"2601.00001\", \"title\": "
			   "\"Evil\\u001b[31m red\\u0007 \\u009b2J\\u202e txt \\u001b]52;c;aGk=\\u0007\","
			   " \"summary\": \"line one\\nline\\ttwo\\r\"}";
	cJSON *item = cJSON_Parse(body);
	struct paper p;
	char *err = NULL;
	assert_int_equal(hf_parse_entry(item, &p, &err), 0);
	for (const char *c = p.title; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
	assert_null(strstr(p.title, "\xc2\x9b"));
	assert_null(strstr(p.title, "\xe2\x80\xae"));
	assert_string_equal(p.abstract, "line one\nline two ");
	paper_clear(&p);
	cJSON_Delete(item);
}

static void test_invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	char *s = text_clean("a\xff" "b\xe2\x82", 5, 0);
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

static int keep_titles(void *ctx, const struct paper *p, char **err)
{
	(void)err;
	struct buf *b = ctx;
	buf_printf(b, "%s|", p->title);
	return 0;
}

/* Strings a JSON parser refuses or cuts short cost only what they hold. */
static void test_lone_surrogates_and_nul_are_mended(void **state)
{
	(void)state;
	const char *body =
		"[{\"paper\":{\"id\":\"2601.00001\",\"title\":\"a\\ud800b\"}},"
		"{\"paper\":{\"id\":\"2601.00002\",\"title\":\"c\\udfffd\\ud83d\"}},"
		"{\"paper\":{\"id\":\"2601.00003\",\"title\":\"cut\\u0000 here\"}},"
		"{\"paper\":{\"id\":\"2601.00004\",\"title\":\"\\ud83d\\ude00 \\\\ud800\"}},"
		"{\"paper\":{\"id\":\"2601.00005\",\"title\":\"raw\0nul\"}}]";
	size_t len = strlen(body) + strlen(body + strlen(body) + 1) + 1;
	struct buf titles = {0};
	struct paper_sink sink = {keep_titles, &titles};
	long count = 0;
	char *err = NULL;
	if (hf_parse(body, len, &sink, &count, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(count, 5);
	assert_string_equal(titles.data, "a\xef\xbf\xbd" "b|"
			    "c\xef\xbf\xbd" "d\xef\xbf\xbd|"
			    "cut here|"
			    "\xf0\x9f\x98\x80 \\ud800|"
			    "rawnul|");
	buf_free(&titles);
}

static void parse_fixture(const char *path, struct seen *s)
{
	struct buf b = {0};
	char *err = NULL;
	if (read_file(path, &b, 64 << 20, &err) != 0)
		fail_msg("%s", err);
	memset(s, 0, sizeof *s);
	struct paper_sink sink = {keep, s};
	long count = 0;
	if (hf_parse(b.data, b.len, &sink, &count, &err) != 0)
		fail_msg("%s: %s", path, err);
	assert_int_equal(count, s->n);
	buf_free(&b);
}

static void test_fixture_daily_30(void **state)
{
	(void)state;
	struct seen s;
	parse_fixture("fixtures/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json", &s);
	assert_int_equal(s.n, 30);
	assert_string_equal(s.ids[0], "2606.00467");
	assert_string_equal(s.authors[0], "Etienne Casanova\nRafal Kocielnik\nR. Michael Alvarez");
	seen_free(&s);
}

static void test_fixture_two_days_and_search_and_single(void **state)
{
	(void)state;
	struct seen s;
	parse_fixture("fixtures/hf/daily_papers_limit25_2026-07-13_spans_two_days.json", &s);
	assert_int_equal(s.n, 25);
	seen_free(&s);
	parse_fixture("fixtures/hf/papers_search_q-diffusion_3results.json", &s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.ids[0], "2006.11239");
	seen_free(&s);
	parse_fixture("fixtures/hf/paper_2608.09888.json", &s);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.authors[0], "Björn Engdahl"));
	assert_non_null(strstr(s.authors[0], "Przemysław Uznański"));
	seen_free(&s);
}

static int count_elem(void *ctx, const char *e, size_t n, long i, char **err)
{
	(void)e, (void)n, (void)i, (void)err;
	(*(long *)ctx)++;
	return 0;
}

static void test_stream_byte_by_byte(void **state)
{
	(void)state;
	const char *doc = " [ {\"a\": \"]}\\\"[\"}, {\"b\": [1, {\"c\": 2}]} , 3 ] ";
	long n = 0;
	char *err = NULL;
	struct json_stream *js = json_stream_new(count_elem, &n);
	for (size_t i = 0; doc[i]; i++)
		assert_int_equal(json_stream_feed(js, doc + i, 1, &err), 0);
	assert_int_equal(json_stream_finish(js, &err), 0);
	assert_int_equal(n, 3);
	json_stream_free(&js);
	assert_null(js);
}

/* ---- paper pages (parse_page) ---- */

static void test_page_bad_bodies(void **state)
{
	(void)state;
	static const struct {
		const char *body, *err;
	} bad[] = {
		{"[]", "not a paper page"},
		{"<html>", "not a paper page"},
		{"{\"linkedModels\": {}}", "linkedModels is an object, expected an array"},
		{"{\"numTotalSpaces\": \"3\"}", "numTotalSpaces is a string, expected a count"},
		{"{\"numTotalModels\": -1}", "numTotalModels is a number, expected a count"},
		{"{\"githubRepo\": 7}", "githubRepo is a number, expected a string"},
		{"{\"organization\": \"x\"}", "organization is a string, expected an object"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct db_hfpage pg;
		char *err = NULL;
		assert_int_equal(page_parse(bad[i].body, strlen(bad[i].body), &pg, &err), -1);
		if (!strstr(err, bad[i].err))
			fail_msg("%s: got '%s', expected '%s'", bad[i].body, err, bad[i].err);
		free(err);
		assert_null(pg.models);
	}
}

static void test_page_fixture_and_hostile_links(void **state)
{
	(void)state;
	struct buf b = {0};
	char *err = NULL;
	struct db_hfpage pg;
	if (read_file("fixtures/hf/paper_2608.09888.json", &b, 1 << 20, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(page_parse(b.data, b.len, &pg, &err), 0);
	assert_int_equal(pg.num_models, 0);
	assert_int_equal(pg.num_datasets, 1);
	assert_int_equal(pg.num_spaces, 0);
	assert_string_equal(pg.models, "");
	assert_string_equal(pg.datasets, "WhySoCodius/in-context-grid-reasoning\t108\t1");
	assert_string_equal(pg.github_repo, "https://github.com/pathwaycom/arc-task-gen");
	assert_int_equal(pg.github_stars, 11184);
	assert_string_equal(pg.organization, "Pathway");
	db_hfpage_clear(&pg);
	buf_free(&b);
	/* ids that are no owner/name are left out; the total stays the API's;
	 * without a total the list's length stands; escapes are stripped */
	const char *body = "{\"linkedModels\": [{\"id\": \"a/b\", \"downloads\": 5},"
		"{\"id\": \"../etc\"}, {\"id\": \"x/\\u001b[31my\"}, 3, {\"id\": \"c/d\"}],"
		"\"numTotalModels\": 40, \"linkedSpaces\": [{\"id\": \"s/t\", \"likes\": 2}],"
		"\"projectPage\": \"https://p.example/\\u001b]8;;x\", \"organization\": null}";
	assert_int_equal(page_parse(body, strlen(body), &pg, &err), 0);
	assert_string_equal(pg.models, "a/b\t5\t0\nc/d\t0\t0");
	assert_int_equal(pg.num_models, 40);
	assert_string_equal(pg.spaces, "s/t\t0\t2");
	assert_int_equal(pg.num_spaces, 1);
	assert_null(strchr(pg.project_page, '\x1b'));
	assert_null(pg.organization);
	db_hfpage_clear(&pg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_huge_title_is_refused),
		cmocka_unit_test(test_nulls_and_absent_optionals),
		cmocka_unit_test(test_control_characters_are_stripped),
		cmocka_unit_test(test_invalid_utf8_becomes_replacement),
		cmocka_unit_test(test_lone_surrogates_and_nul_are_mended),
		cmocka_unit_test(test_fixture_daily_30),
		cmocka_unit_test(test_fixture_two_days_and_search_and_single),
		cmocka_unit_test(test_stream_byte_by_byte),
		cmocka_unit_test(test_page_bad_bodies),
		cmocka_unit_test(test_page_fixture_and_hostile_links),
	};
	return cmocka_run_group_tests_name("parse_hf", tests, NULL, NULL);
}
