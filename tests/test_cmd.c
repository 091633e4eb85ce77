/* The command layer's one option parser (src/cmd/cmd.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../src/cmd/cmd.h"

static const struct cmd_opt opts[] = {
	{"quiet", 'q', NULL, "", NULL},
	{"output", 'o', "FILE", "", NULL},
	{"all", 0, NULL, "", NULL},
	{0},
};

static const struct cmd_entry query_cmd = {"q", NULL, NULL, CMD_WORDS_QUERY, opts, "", 0, NULL};
static const struct cmd_entry none_cmd = {"n", NULL, NULL, CMD_WORDS_NONE, opts, "", 0, NULL};
static const struct cmd_entry raw_cmd = {"r", NULL, NULL, CMD_WORDS_RAW, NULL, "", 0, NULL};

/* Parses the words after the name; returns cmd_parse's result. */
static int parse(const struct cmd_entry *e, struct cmd_args *a, const char *line)
{
	static char buf[256];
	static char *argv[32];
	int argc = 0;
	snprintf(buf, sizeof buf, "cmd %s", line);
	for (char *w = strtok(buf, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cmd_parse(e, argc, argv, a);
}

static void test_bad_options_are_usage_errors(void **state)
{
	(void)state;
	struct cmd_args a;
	const char *bad[] = {"--nope", "--quiet=1", "--output", "-o", "-x", "-qx", "--out x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(&none_cmd, &a, bad[i]), EXIT_USAGE);
		cmd_args_free(&a);
	}
	assert_int_equal(parse(&none_cmd, &a, "word"), EXIT_USAGE);
	cmd_args_free(&a);
}

static void test_clusters_and_values(void **state)
{
	(void)state;
	struct cmd_args a;
	const char *same[] = {"-qo x", "-qox", "-q -o x", "--quiet --output x",
			      "--output=x -q", "-o x --quiet"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		assert_int_equal(parse(&none_cmd, &a, same[i]), 0);
		assert_string_equal(cmd_arg(&a, "output"), "x");
		assert_string_equal(cmd_arg(&a, "quiet"), "");
		assert_null(cmd_arg(&a, "all"));
		assert_int_equal(a.argc, 1);
		cmd_args_free(&a);
	}
	assert_int_equal(parse(&none_cmd, &a, "-oq"), 0); /* the rest is the value */
	assert_string_equal(cmd_arg(&a, "output"), "q");
	assert_null(cmd_arg(&a, "quiet"));
	cmd_args_free(&a);
	assert_int_equal(parse(&none_cmd, &a, "-o a --output b"), 0); /* the last wins */
	assert_string_equal(cmd_arg(&a, "output"), "b");
	assert_int_equal(a.ngiven, 2);
	cmd_args_free(&a);
}

static void test_query_words_mix_with_options(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&query_cmd, &a, "diffusion -ox -tag:skip -diffusion - "
			      "--all -is:read -- -q --all"), 0);
	assert_string_equal(cmd_arg(&a, "output"), "x");
	assert_string_equal(cmd_arg(&a, "all"), "");
	assert_null(cmd_arg(&a, "quiet"));
	const char *words[] = {"cmd", "diffusion", "-tag:skip", "-diffusion", "-", "-is:read",
			       "-q", "--all"};
	assert_int_equal(a.argc, 8);
	for (int i = 0; i < 8; i++)
		assert_string_equal(a.argv[i], words[i]);
	assert_null(a.argv[8]);
	cmd_args_free(&a);
	/* -o starts -output: read as options, as -f starts -fids */
	assert_int_equal(parse(&query_cmd, &a, "-output"), 0);
	assert_string_equal(cmd_arg(&a, "output"), "utput");
	cmd_args_free(&a);
	assert_int_equal(parse(&query_cmd, &a, "--nope"), EXIT_USAGE);
	cmd_args_free(&a);
}

static void test_raw_words_are_the_commands(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&raw_cmd, &a, "id -tag +tag -- --x -"), 0);
	assert_int_equal(a.argc, 7);
	assert_string_equal(a.argv[2], "-tag");
	assert_string_equal(a.argv[4], "--");
	cmd_args_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_options_are_usage_errors),
		cmocka_unit_test(test_clusters_and_values),
		cmocka_unit_test(test_query_words_mix_with_options),
		cmocka_unit_test(test_raw_words_are_the_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
