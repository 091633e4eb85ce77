/*
 * cmd: the one option parser, the help printed from the command table, and
 * how commands report errors (see cmd.h).
 */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../learn.h"
#include "../query.h"
#include "../base/file.h"

/* ---- stdout ---- */

static volatile sig_atomic_t pipe_closed;
static int output_errno; /* why the first failed write failed; 0: none seen */

static void on_sigpipe(int sig)
{
	(void)sig;
	pipe_closed = 1;
}

void cmd_output_begin(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigpipe;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
}

int cmd_output_broken(void)
{
	if (!ferror(stdout))
		return 0;
	/* Asked right after the write that failed, errno still says why;
	 * later, anything else may have changed it. */
	if (!output_errno)
		output_errno = errno ? errno : EIO;
	return 1;
}

int cmd_output_closed(void)
{
	return pipe_closed;
}

int cmd_output_end(int rc)
{
	errno = 0;
	if (fflush(stdout) != 0 && errno)
		output_errno = errno;
	if (!ferror(stdout) || pipe_closed || output_errno == EPIPE)
		return rc;
	/* stdio drops what it could not write, so a later flush succeeds:
	 * only a failure seen as it happened knows its cause. */
	cmd_error("writing the output: %s",
		  output_errno ? write_error(output_errno) : "a write failed");
	return EXIT_ERROR;
}

void cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("papyr: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cmd_rank_ready(struct context *c, struct db_filter *f)
{
	char *note = NULL, *err = NULL;
	if (learn_prepare(c->db, &c->cfg, f, &note, &err) != 0) {
		cmd_error("%s", err);
		free(err);
		return -1;
	}
	if (note)
		cmd_error("%s", note);
	free(note);
	return 0;
}

int cmd_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("papyr: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, " (see 'papyr %s --help')\n", cmd);
	else
		fputs(" (see 'papyr --help')\n", stderr);
	return EXIT_USAGE;
}

/* ---- parsing ---- */

static const struct cmd_opt *find_long(const struct cmd_entry *e, const char *name,
				       size_t len)
{
	for (const struct cmd_opt *o = e->opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const struct cmd_opt *find_letter(const struct cmd_entry *e, char letter)
{
	for (const struct cmd_opt *o = e->opts; o && o->name; o++)
		if (o->letter && o->letter == letter)
			return o;
	return NULL;
}

static void give(struct cmd_args *a, const struct cmd_opt *o, const char *value)
{
	a->given[a->ngiven].opt = o;
	a->given[a->ngiven].value = value ? value : "";
	a->ngiven++;
}

/* --name, --name=VALUE or --name VALUE; moves *i past a separate value. */
static int take_long(const struct cmd_entry *e, struct cmd_args *a, int argc, char **argv,
		     int *i)
{
	const char *s = argv[*i] + 2, *eq = strchr(s, '=');
	size_t len = eq ? (size_t)(eq - s) : strlen(s);
	const struct cmd_opt *o = find_long(e, s, len);
	if (!o)
		return cmd_usage(e->name, "unknown option '--%.*s'", (int)len, s);
	int optional = o->value && o->value[0] == '[';
	if (!o->value && eq)
		return cmd_usage(e->name, "--%s takes no value", o->name);
	if (o->value && !optional && !eq && *i + 1 >= argc)
		return cmd_usage(e->name, "--%s needs a value (%s)", o->name, o->value);
	give(a, o, eq ? eq + 1 : o->value && !optional ? argv[++*i] : NULL);
	return 0;
}

/* -x, -xVALUE, -x VALUE, and clusters -xy, -xyVALUE. */
static int take_short(const struct cmd_entry *e, struct cmd_args *a, int argc, char **argv,
		      int *i)
{
	const char *s = argv[*i] + 1;
	for (; *s; s++) {
		const struct cmd_opt *o = find_letter(e, *s);
		if (!o && s == argv[*i] + 1)
			return cmd_usage(e->name, "unknown option '-%c'", *s);
		if (!o)
			return cmd_usage(e->name, "unknown option '-%c' in '%s'", *s, argv[*i]);
		if (!o->value) {
			give(a, o, NULL);
			continue;
		}
		if (s[1]) {
			give(a, o, s + 1);
		} else if (*i + 1 < argc) {
			give(a, o, argv[++*i]);
		} else {
			return cmd_usage(e->name, "-%c (--%s) needs a value (%s)", o->letter,
					 o->name, o->value);
		}
		break;
	}
	return 0;
}

/* -FIELD:..., the query's way to leave papers out (-tag:skip, -is:read). */
static int negates_field(const char *w)
{
	size_t n = 0;
	while (isalpha((unsigned char)w[1 + n]))
		n++;
	if (!n || w[1 + n] != ':')
		return 0;
	const char *f;
	for (int i = 0; (f = query_field_name(i)); i++)
		if (strlen(f) == n && strncasecmp(f, w + 1, n) == 0)
			return 1;
	return 0;
}

/* Whether w is one of the command's words rather than options. */
static int is_word(const struct cmd_entry *e, const char *w, int only_words)
{
	if (only_words || w[0] != '-' || w[1] == '\0')
		return 1;
	if (w[1] == '-')
		return 0; /* a long option, or "--" */
	return e->words == CMD_WORDS_QUERY && (negates_field(w) || !find_letter(e, w[1]));
}

int cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a)
{
	memset(a, 0, sizeof *a);
	a->entry = e;
	a->given = xcalloc((size_t)argc + 1, sizeof *a->given);
	a->argv = xcalloc((size_t)argc + 1, sizeof *a->argv);
	a->argv[a->argc++] = argv[0];
	int only_words = e->words == CMD_WORDS_RAW && !e->opts;
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		int rc = 0;
		if (is_word(e, w, only_words)) {
			if (e->words == CMD_WORDS_NONE)
				return cmd_usage(e->name, "unexpected argument '%s'", w);
			a->argv[a->argc++] = argv[i];
		} else if (strcmp(w, "--") == 0) {
			only_words = 1;
		} else if (w[1] == '-') {
			rc = take_long(e, a, argc, argv, &i);
		} else {
			rc = take_short(e, a, argc, argv, &i);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

void cmd_args_free(struct cmd_args *a)
{
	free(a->given);
	free(a->argv);
	memset(a, 0, sizeof *a);
}

const char *cmd_arg(const struct cmd_args *a, const char *name)
{
	const char *v = NULL;
	for (int i = 0; i < a->ngiven; i++)
		if (strcmp(a->given[i].opt->name, name) == 0)
			v = a->given[i].value;
	return v;
}

/* ---- help ---- */

void cmd_print_usage(const struct cmd_entry *e, FILE *f)
{
	fputs(e->name, f);
	if (e->args)
		fprintf(f, " %s", e->args);
	if (e->args_names) {
		fputc(' ', f);
		cmd_names_print(e->args_names, "|", f);
	}
	for (const struct cmd_opt *o = e->opts; o && o->name; o++) {
		if (o->letter && !o->value)
			fprintf(f, " [-%c]", o->letter);
		else
			fprintf(f, !o->value ? " [--%s]" : o->value[0] == '[' ? " [--%s%s]"
				   : " [--%s %s]", o->name, o->value);
	}
}

/* Continuation lines of help text line up under the first. */
static void print_indented(const char *text, FILE *f)
{
	for (const char *s = text; *s; s++) {
		fputc(*s, f);
		if (*s == '\n' && s[1])
			fprintf(f, "%21s", "");
	}
}

void cmd_print_help(const struct cmd_entry *e, FILE *f)
{
	fputs("usage: papyr ", f);
	cmd_print_usage(e, f);
	fprintf(f, "\n\n%s", e->help);
	if (e->opts && e->opts->name)
		fputs("\nOptions:\n", f);
	for (const struct cmd_opt *o = e->opts; o && o->name; o++) {
		char left[48], lt[8] = "";
		if (o->letter)
			snprintf(lt, sizeof lt, "-%c, ", o->letter);
		snprintf(left, sizeof left, "%s--%s%s%s", lt, o->name,
			 o->value && o->value[0] != '[' ? " " : "", o->value ? o->value : "");
		fprintf(f, "  %-18s ", left);
		print_indented(o->help, f);
		fputc('\n', f);
		if (o->names)
			cmd_names_describe(o->names, 21, f);
	}
}
