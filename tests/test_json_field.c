/* Tests for json_field: the typed field readers both parsers use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/json_field.h"
#include "../src/base/text.h"

static cJSON *parse(const char *json)
{
	cJSON *o = cJSON_Parse(json);
	assert_non_null(o);
	return o;
}

static void expect_message(char *err, const char *want)
{
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

/* ---- bad input first ---- */

static void test_string_of_the_wrong_type(void **state)
{
	(void)state;
	cJSON *o = parse("{\"n\":7,\"b\":true,\"a\":[],\"o\":{}}");
	const char *name[] = {"n", "b", "a", "o"};
	const char *want[] = {
		"p.n is a number, expected a string", "p.b is a boolean, expected a string",
		"p.a is an array, expected a string", "p.o is an object, expected a string",
	};
	for (int i = 0; i < 4; i++) {
		char *out = (char *)"untouched", *err = NULL;
		assert_int_equal(json_field_string(o, "p.", name[i], 100, 0, &out, &err), -1);
		assert_null(out);
		expect_message(err, want[i]);
	}
	cJSON_Delete(o);
}

static void test_string_too_long(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":\"abcdef\"}");
	char *out = NULL, *err = NULL;
	assert_int_equal(json_field_string(o, "", "s", 5, 0, &out, &err), -1);
	assert_null(out);
	expect_message(err, "s is 6 bytes long, more than 5");
	assert_int_equal(json_field_string(o, "", "s", 6, 0, &out, &err), 0);
	assert_string_equal(out, "abcdef");
	free(out);
	cJSON_Delete(o);
}

/* The limit is on what is stored: the text once cleaned. */
static void test_string_measured_after_cleaning(void **state)
{
	(void)state;
	/* two invalid bytes grow into two U+FFFD (6 bytes); a control goes */
	cJSON *o = parse("{\"s\":\"\xff\xff\",\"c\":\"ab\\u0007cd\"}");
	char *out = NULL, *err = NULL;
	assert_int_equal(json_field_string(o, "", "s", 5, 0, &out, &err), -1);
	assert_null(out);
	expect_message(err, "s is 6 bytes long, more than 5");
	assert_int_equal(json_field_string(o, "", "s", 6, 0, &out, &err), 0);
	assert_string_equal(out, "\xef\xbf\xbd\xef\xbf\xbd");
	free(out);
	assert_int_equal(json_field_string(o, "", "c", 4, 0, &out, &err), 0);
	assert_string_equal(out, "abcd");
	free(out);
	cJSON_Delete(o);
}

static void test_count_of_the_wrong_type(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":\"9\",\"b\":false,\"a\":[1],\"o\":{\"v\":1}}");
	const char *name[] = {"s", "b", "a", "o"};
	const char *want[] = {
		"s is a string, expected a number", "b is a boolean, expected a number",
		"a is an array, expected a number", "o is an object, expected a number",
	};
	for (int i = 0; i < 4; i++) {
		long n = 5;
		unsigned has = 0;
		char *err = NULL;
		assert_int_equal(json_field_count(o, "", name[i], &n, &has, 1, &err), -1);
		assert_int_equal(n, 5);
		assert_int_equal(has, 0);
		expect_message(err, want[i]);
	}
	cJSON_Delete(o);
}

/* JSON has no NaN or Infinity, but a number too large for a double reads as
 * infinity, and a tree built in code may hold NaN. */
static void test_count_not_finite(void **state)
{
	(void)state;
	cJSON *o = parse("{\"big\":1e999,\"small\":-1e999}");
	cJSON_AddNumberToObject(o, "nan", NAN);
	const char *name[] = {"big", "small", "nan"};
	for (int i = 0; i < 3; i++) {
		long n = 5;
		unsigned has = 0;
		char *err = NULL;
		assert_int_equal(json_field_count(o, "paper.", name[i], &n, &has, 1, &err), -1);
		assert_int_equal(n, 5);
		assert_int_equal(has, 0);
		char want[64];
		snprintf(want, sizeof want, "paper.%s is not a finite number", name[i]);
		expect_message(err, want);
	}
	cJSON_Delete(o);
}

static void test_count_huge_negative_and_fractions(void **state)
{
	(void)state;
	cJSON *o = parse("{\"huge\":1e300,\"edge\":1000000000001,\"neg\":-3,"
			 "\"frac\":2.9,\"zero\":0}");
	struct {
		const char *name;
		long want;
	} c[] = {
		{"huge", JSON_FIELD_MAX_COUNT}, {"edge", JSON_FIELD_MAX_COUNT},
		{"neg", 0}, {"frac", 2}, {"zero", 0},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		long n = -1;
		unsigned has = 0;
		char *err = NULL;
		assert_int_equal(json_field_count(o, "", c[i].name, &n, &has, 4, &err), 0);
		assert_null(err);
		assert_int_equal(n, c[i].want);
		assert_int_equal(has, 4);
	}
	cJSON_Delete(o);
}

static void test_bool_of_the_wrong_type(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":\"yes\",\"n\":1,\"a\":[true]}");
	const char *name[] = {"s", "n", "a"};
	const char *want[] = {
		"s is a string, expected true or false", "n is a number, expected true or false",
		"a is an array, expected true or false",
	};
	for (int i = 0; i < 3; i++) {
		unsigned flags = 0;
		char *err = NULL;
		assert_int_equal(json_field_bool(o, "", name[i], &flags, 2, &err), -1);
		assert_int_equal(flags, 0);
		expect_message(err, want[i]);
	}
	cJSON_Delete(o);
}

/* Absent and null read the same: no value, no error, outputs untouched. */
static void test_absent_and_null(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":null,\"n\":null,\"b\":null}");
	for (int i = 0; i < 2; i++) {
		const char *s = i ? "nope" : "s", *n = i ? "nope" : "n", *b = i ? "nope" : "b";
		char *out = (char *)"untouched", *err = NULL;
		long num = 5;
		unsigned has = 0, flags = 0;
		assert_int_equal(json_field_string(o, "", s, 10, 0, &out, &err), 0);
		assert_null(out);
		assert_int_equal(json_field_count(o, "", n, &num, &has, 1, &err), 0);
		assert_int_equal(num, 5);
		assert_int_equal(has, 0);
		assert_int_equal(json_field_bool(o, "", b, &flags, 1, &err), 0);
		assert_int_equal(flags, 0);
		assert_null(err);
		assert_null(json_field(o, s));
	}
	cJSON_Delete(o);
}

/* A member of something that is not an object is absent. */
static void test_not_an_object(void **state)
{
	(void)state;
	cJSON *a = parse("[\"s\"]");
	char *out = NULL, *err = NULL;
	assert_null(json_field(a, "s"));
	assert_null(json_field(NULL, "s"));
	assert_int_equal(json_field_string(a, "", "s", 10, 0, &out, &err), 0);
	assert_null(out);
	assert_null(err);
	cJSON_Delete(a);
}

static void test_type_names(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":\"x\",\"n\":1,\"t\":true,\"f\":false,\"z\":null,"
			 "\"a\":[],\"o\":{}}");
	const char *name[] = {"s", "n", "t", "f", "z", "a", "o"};
	const char *want[] = {"a string", "a number", "a boolean", "a boolean", "null",
			      "an array", "an object"};
	for (int i = 0; i < 7; i++)
		assert_string_equal(json_field_type(cJSON_GetObjectItem(o, name[i])), want[i]);
	assert_string_equal(json_field_type(NULL), "invalid");
	cJSON_Delete(o);
}

/* ---- good input ---- */

static void test_good_values(void **state)
{
	(void)state;
	cJSON *o = parse("{\"s\":\"  two \\u001b[31m words \",\"n\":42,\"t\":true,"
			 "\"f\":false}");
	char *out = NULL, *err = NULL;
	long n = 0;
	unsigned has = 0, flags = 0;
	assert_int_equal(json_field_string(o, "", "s", 100, TEXT_COLLAPSE, &out, &err), 0);
	assert_string_equal(out, "two [31m words");
	free(out);
	assert_int_equal(json_field_count(o, "", "n", &n, &has, 8, &err), 0);
	assert_int_equal(n, 42);
	assert_int_equal(has, 8);
	assert_int_equal(json_field_bool(o, "", "t", &flags, 1, &err), 0);
	assert_int_equal(json_field_bool(o, "", "f", &flags, 2, &err), 0);
	assert_int_equal(flags, 1);
	assert_null(err);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_of_the_wrong_type),
		cmocka_unit_test(test_string_too_long),
		cmocka_unit_test(test_string_measured_after_cleaning),
		cmocka_unit_test(test_count_of_the_wrong_type),
		cmocka_unit_test(test_count_not_finite),
		cmocka_unit_test(test_count_huge_negative_and_fractions),
		cmocka_unit_test(test_bool_of_the_wrong_type),
		cmocka_unit_test(test_absent_and_null),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_good_values),
	};
	return cmocka_run_group_tests_name("json_field", tests, NULL, NULL);
}
