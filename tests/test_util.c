/* Tests for util: text cleaning, display width, wrapping, dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/base/buf.h"
#include "../src/base/text.h"
#include "../src/base/date.h"

static void test_clean_collapses_and_trims(void **state)
{
	(void)state;
	char *s = text_clean("  a \n\n b\t\tc  ", 14, TEXT_COLLAPSE);
	assert_string_equal(s, "a b c");
	free(s);
	s = text_clean("  a \n\n b\t\tc  ", 14, TEXT_COLLAPSE | TEXT_KEEP_NEWLINES);
	assert_string_equal(s, "a\nb c");
	free(s);
}

static void test_clean_drops_escapes(void **state)
{
	(void)state;
	const char *evil = "x\x1b]0;owned\x07y\xc2\x9b" "31mz\xe2\x80\xaew";
	char *s = text_clean(evil, strlen(evil), 0);
	assert_string_equal(s, "x]0;ownedy31mzw");
	free(s);
}

static void test_width_and_fit(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("日本語"), 6);
	assert_int_equal(text_width("é"), 1);
	int used;
	/* a wide character never splits: 5 columns take two of three */
	assert_int_equal(text_fit("日本語", 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(text_fit("abc", 0, &used), 0);
}

static void test_wrap(void **state)
{
	(void)state;
	struct text_line *l;
	const char *s = "the quick brown fox jumps";
	size_t n = text_wrap(s, 10, &l);
	assert_int_equal(n, 3);
	assert_int_equal(l[0].len, 9); /* "the quick" */
	assert_memory_equal(s + l[1].off, "brown fox", 9);
	assert_memory_equal(s + l[2].off, "jumps", 5);
	free(l);
	n = text_wrap("abcdefghijkl", 5, &l); /* a long word is cut */
	assert_int_equal(n, 3);
	assert_int_equal(l[2].len, 2);
	free(l);
	n = text_wrap("one\ntwo", 80, &l);
	assert_int_equal(n, 2);
	free(l);
	n = text_wrap("", 80, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].len, 0);
	free(l);
	n = text_wrap("日本語日本語", 4, &l);
	assert_int_equal(n, 3);
	assert_int_equal(l[0].len, 6);
	free(l);
}

static void test_quoted(void **state)
{
	(void)state;
	static const struct { const char *in, *want; } cases[] = {
		{"", "\"\""},
		{"plain", "\"plain\""},
		{"a \"b\"", "\"a \"\"b\"\"\""},
		{"\"", "\"\"\"\""},
		{"x\"\"y", "\"x\"\"\"\"y\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = {0};
		buf_add_quoted(&b, cases[i].in, '"');
		assert_string_equal(b.data, cases[i].want);
		buf_free(&b);
	}
}

static void test_dates(void **state)
{
	(void)state;
	char d[11];
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2026-13-01"));
	assert_false(date_valid("2026-1-01"));
	assert_false(date_valid("2026-01-01x"));
	date_add_days("2026-12-31", 1, d);
	assert_string_equal(d, "2027-01-01");
	date_add_days("2024-03-01", -1, d);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(date_diff("2026-01-01", "2026-03-01"), 59);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_collapses_and_trims),
		cmocka_unit_test(test_clean_drops_escapes),
		cmocka_unit_test(test_width_and_fit),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
