/*
 * cmd: the non-interactive commands, wired by main.c.
 *
 * Every command is one struct cmd_entry in one table (cmd_table.c): its
 * name, the words it takes, its options, its help and its handler, as
 * tmux's cmd_entry. One parser (cmd_parse) reads every command's options
 * from that table, and the usage line and the options part of --help are
 * printed from it. A handler gets the parsed options and the remaining
 * words, prints results to stdout and errors to stderr, as "papyr: ..."
 * lines a user can act on, and returns an exit code.
 */
#ifndef PAPYR_CMD_H
#define PAPYR_CMD_H

#include <stdio.h>

#include "../base/mem.h"
#include "../context.h"

/* One option of a command. */
struct cmd_opt {
	const char *name;     /* the long name, written --name or --name=VALUE */
	char letter;          /* the short name, written -x; 0: none */
	const char *value;    /* what its value is called ("S"); NULL: a flag;
				 "[=S]": the value is optional, only --name=S */
	const char *help;     /* for --help; lines after the first are indented */
	const char *names;    /* the registry its values come from (see
				 `papyr names`), listed under its help; NULL: none */
};

/* What a command's words (its arguments that are not options) are. */
enum cmd_words {
	CMD_WORDS_NONE,  /* it takes none: a word is an error */
	CMD_WORDS_QUERY, /* a query: a word that starts with '-' is a query word
			    unless it reads as options (see cmd_parse) */
	CMD_WORDS_RAW,   /* its own: every word is passed on, '-' ones too (tag's
			    -TAG, import's '-'); with options (import's), a
			    word that starts with '-' is options until "--" */
};

enum cmd_flags {
	CMD_NO_CACHE = 1 << 0, /* runs without the config and the cache */
	CMD_READS = 1 << 1,    /* only reads the cache: it does not wait for a
				  rebuild of the search index (the old one answers) */
};

struct cmd_args;
struct context;

struct cmd_entry {
	const char *name;
	const char *args;             /* its words in the usage line: "[QUERY...]" */
	const char *args_names;       /* the registry of the words that follow
					 args, listed as a|b|c; NULL: none */
	enum cmd_words words;
	const struct cmd_opt *opts;   /* ended by one with a NULL name; may be NULL */
	const char *help;             /* what it does, before the options */
	unsigned flags;               /* enum cmd_flags */
	int (*exec)(struct context *c, const struct cmd_args *a);
};

/* One option as given, in the order given (for options that repeat). */
struct cmd_given {
	const struct cmd_opt *opt;
	const char *value;            /* borrowed from argv; "" for a flag */
};

/* What cmd_parse found. Values and words are borrowed from argv. */
struct cmd_args {
	const struct cmd_entry *entry;
	struct cmd_given *given;
	int ngiven;
	int argc;                     /* as main's: argv[0] is the command's */
	char **argv;                  /* name, then its words; NULL-ended */
};

/*
 * Reads argv (argv[0] is the command's name) by e's table:
 *   --name VALUE, --name=VALUE, --flag;
 *   -x VALUE, -xVALUE, and clusters of flags ending in at most one option
 *   that takes a value (-fids is -f ids, -qo FILE is -q -o FILE);
 *   "--" ends the options: every word after it is a word.
 * For a query (CMD_WORDS_QUERY), options and words mix in any order, and a
 * word that starts with '-' is a query word when it negates a field
 * (-tag:skip, -is:read) or when its first letter is not one of the
 * command's short options (-diffusion); otherwise it is read as options.
 * Returns 0, or prints a usage error naming the option and returns
 * EXIT_USAGE. Free a with cmd_args_free either way.
 */
int cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a);
void cmd_args_free(struct cmd_args *a);

/* The last value given for the option called name, "" for a flag given, or
 * NULL when it was not given. */
const char *cmd_arg(const struct cmd_args *a, const char *name);

/* The usage line (without "usage: papyr ") and the whole help. */
void cmd_print_usage(const struct cmd_entry *e, FILE *f);
void cmd_print_help(const struct cmd_entry *e, FILE *f);

/* The table: the i-th command, or NULL past the last; the one named name,
 * or NULL. */
const struct cmd_entry *cmd_entry_at(int i);
const struct cmd_entry *cmd_find(const char *name);

/*
 * stdout, checked once at exit rather than at every printf. cmd_output_begin
 * (first thing in main) turns a write to a closed pipe into an EPIPE error
 * instead of a silent death by SIGPIPE; its handler only sets a flag, and
 * a program papyr starts gets SIGPIPE's default back. A command that prints
 * many lines asks cmd_output_broken after each, and stops when it is true.
 * cmd_output_end flushes stdout and returns rc, or EXIT_ERROR after
 * "papyr: writing the output: disk full" (or why else a write failed);
 * a reader that closed the pipe early (papyr list | head) is no error:
 * rc stands and nothing is said.
 */
void cmd_output_begin(void);
int cmd_output_broken(void);
/* True once a write, to stdout or any other pipe, found no reader. */
int cmd_output_closed(void);
int cmd_output_end(int rc);

/* Prints "papyr: <msg>" to stderr. */
void cmd_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Makes the scores f ranks by ready (sort:foryou, like:), saying on stderr
 * why it falls back to newest first; -1 after printing an error. */
struct db_filter;
int cmd_rank_ready(struct context *c, struct db_filter *f);
/* The cache's id for a paper ID the user typed: as typed when the cache
 * holds it, else without arXiv's prefix or version (arXiv:2606.13392v2,
 * https://arxiv.org/abs/2606.13392v2) when the cache holds that. A new
 * string. */
char *cmd_paper_id(struct context *c, const char *typed);
/* Prints a one-line usage error with a hint; returns EXIT_USAGE. */
int cmd_usage(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Prints the names of the registry called registry (sorts, formats, ...;
 * see cmd_names.c) joined by sep; 0, or -1 for an unknown registry. */
int cmd_names_print(const char *registry, const char *sep, FILE *f);
/* For --help: a registry's names, each on a line with its help when the
 * registry has help, else joined on one line; each line indented. */
int cmd_names_describe(const char *registry, int indent, FILE *f);

/* list's --format names (table, tsv, json, ids): the i-th, or NULL past
 * the last. */
const char *cmd_list_format_name(int i);

int cmd_import(struct context *c, const struct cmd_args *a);
int cmd_list(struct context *c, const struct cmd_args *a);
int cmd_show(struct context *c, const struct cmd_args *a);
int cmd_tag(struct context *c, const struct cmd_args *a);
int cmd_mark(struct context *c, const struct cmd_args *a);
int cmd_note(struct context *c, const struct cmd_args *a);
int cmd_zotero(struct context *c, const struct cmd_args *a);
int cmd_read(struct context *c, const struct cmd_args *a);
int cmd_sync(struct context *c, const struct cmd_args *a);
int cmd_export(struct context *c, const struct cmd_args *a);
int cmd_tags(struct context *c, const struct cmd_args *a);
int cmd_views(struct context *c, const struct cmd_args *a);
int cmd_forget(struct context *c, const struct cmd_args *a);
int cmd_digest(struct context *c, const struct cmd_args *a);
int cmd_names(struct context *c, const struct cmd_args *a);

#endif
