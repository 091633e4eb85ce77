/* Tests for parse_papyr: papyr's own JSON objects back to paper and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/parse_papyr.h"
#include "../src/base/buf.h"

static const char good[] =
	"{\"id\":\"2606.00467\",\"title\":\"  A  {title}\\u001b[31m \","
	"\"authors\":[\"Ann  Author\",\"\",\"Bo Writer\"],"
	"\"abstract\":\"line one\\nline two\",\"published\":\"2026-05-30\","
	"\"days\":[\"2026-06-12\",\"2026-06-11\"],\"upvotes\":7,\"comments\":2,"
	"\"ai_summary\":null,\"ai_keywords\":[\"rlhf\",\"dpo\"],"
	"\"github_repo\":\"javascript:alert(1)\",\"github_stars\":3,"
	"\"project_page\":\"https://example.org/p\",\"organization\":null,"
	"\"links\":{\"abs\":\"https://arxiv.org/abs/2606.00467\"},"
	"\"read\":true,\"starred\":false,\"dismissed\":true,"
	"\"tags\":[\"toread\",\"ml\"],\"note\":\"my {note}\\nsecond\"}";

static int parse(const char *json, struct papyr_entry *e, char **err)
{
	cJSON *item = cJSON_Parse(json);
	assert_non_null(item);
	int rc = papyr_parse_entry(item, e, err);
	cJSON_Delete(item);
	return rc;
}

static void expect_error(const char *json, const char *want)
{
	struct papyr_entry e;
	char *err = NULL;
	assert_int_equal(parse(json, &e, &err), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	free(err);
}

static void test_bad_entries(void **state)
{
	(void)state;
	expect_error("[]", "is an array, expected an object");
	expect_error("{\"abstract\":\"\",\"days\":[]}", "id is missing");
	expect_error("{\"id\":5}", "id is a number, expected a string");
	expect_error("{\"id\":\"../../x\"}", "not an arXiv id");
	expect_error("{\"id\":\"2606.00467\",\"abstract\":\"\"}", "2606.00467: title is missing");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"days\":[\"2026-02-30\"]}",
		     "not a date");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"days\":\"2026-02-03\"}",
		     "days is a string, expected an array");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"tags\":[1]}",
		     "tags[0] is a number, expected a string");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"read\":\"yes\"}",
		     "read is a string, expected true or false");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"upvotes\":\"9\"}",
		     "upvotes is a string, expected a number");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"comments\":-1e999}",
		     "comments is not a finite number");
	expect_error("{\"id\":\"2606.00467\",\"title\":\"t\",\"published\":\"soon\"}",
		     "published is not a date");
}

/* The limits are those of base/paper.h, on text once cleaned: what papyr
 * stored from any door is never refused when it comes back. */
static void test_limits_after_cleaning(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_adds(&b, "{\"id\":\"2606.00467\",\"title\":\"t\",\"authors\":[\"");
	for (int i = 0; i < PAPER_MAX_NAME / 3 + 1; i++)
		buf_adds(&b, "\xff"); /* one bad byte: three once cleaned */
	buf_adds(&b, "\"]}");
	expect_error(b.data, "authors[0] is 513 bytes long, more than 512");
	buf_free(&b);
	buf_adds(&b, "{\"id\":\"2606.00467\",\"title\":\"t\",\"tags\":[");
	for (int i = 0; i <= PAPER_MAX_TAGS; i++)
		buf_printf(&b, "%s\"t%d\"", i ? "," : "", i);
	buf_adds(&b, "]}");
	expect_error(b.data, "tags has more than 1000 items");
	buf_free(&b);
	buf_adds(&b, "{\"id\":\"2606.00467\",\"title\":\"t\",\"ai_keywords\":[");
	for (int i = 0; i < 3; i++)
		buf_printf(&b, "%s\"%04000d\"", i ? "," : "", i);
	buf_adds(&b, "]}");
	expect_error(b.data, "ai_keywords are 12002 bytes long joined, more than 8192");
	buf_free(&b);
}

static void test_detects_papyr_objects(void **state)
{
	(void)state;
	const char *yes[] = {good, "{\"id\":\"x\",\"abstract\":\"\",\"days\":[]}"};
	const char *no[] = {
		"{\"paper\":{\"id\":\"2606.00467\"},\"abstract\":\"\",\"days\":[]}",
		"{\"id\":\"2606.00467\",\"summary\":\"s\",\"title\":\"t\"}",
		"{\"id\":\"2606.00467\",\"abstract\":\"a\",\"summary\":\"s\",\"links\":{}}",
		"{\"id\":\"2606.00467\",\"abstract\":\"a\"}",
		"[1]",
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		cJSON *item = cJSON_Parse(yes[i]);
		assert_true(papyr_is_entry(item));
		cJSON_Delete(item);
	}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		cJSON *item = cJSON_Parse(no[i]);
		assert_false(papyr_is_entry(item));
		cJSON_Delete(item);
	}
}

static void test_good_entry(void **state)
{
	(void)state;
	struct papyr_entry e;
	char *err = NULL;
	if (parse(good, &e, &err) != 0)
		fail_msg("%s", err);
	assert_string_equal(e.p.id, "2606.00467");
	assert_string_equal(e.p.title, "A {title}[31m");
	assert_string_equal(e.p.authors, "Ann Author\nBo Writer");
	assert_string_equal(e.p.abstract, "line one\nline two");
	assert_string_equal(e.p.published, "2026-05-30");
	assert_null(e.p.day);
	assert_string_equal(e.days[0], "2026-06-12");
	assert_string_equal(e.days[1], "2026-06-11");
	assert_null(e.days[2]);
	assert_int_equal(e.p.upvotes, 7);
	assert_int_equal(e.p.github_stars, 3);
	assert_int_equal(e.p.has, PAPER_HAS_UPVOTES | PAPER_HAS_COMMENTS | PAPER_HAS_STARS);
	assert_string_equal(e.p.ai_keywords, "rlhf\ndpo");
	assert_null(e.p.ai_summary);
	assert_null(e.p.github_repo); /* not an http(s) link */
	assert_string_equal(e.p.project_page, "https://example.org/p");
	assert_int_equal(e.state, PAPYR_READ | PAPYR_DISMISSED);
	assert_string_equal(e.tags[0], "toread");
	assert_string_equal(e.tags[1], "ml");
	assert_null(e.tags[2]);
	assert_string_equal(e.note, "my {note}\nsecond");
	papyr_entry_clear(&e);
	assert_null(e.p.id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_limits_after_cleaning),
		cmocka_unit_test(test_detects_papyr_objects),
		cmocka_unit_test(test_good_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
