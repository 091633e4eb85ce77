/*
 * cli: the non-interactive commands, wired by main.c.
 *
 * Each command takes the shared context and its own arguments (argv[0] is
 * the command name) and returns an exit code. Commands print results to
 * stdout and errors to stderr, as "papyr: ..." lines a user can act on.
 */
#ifndef PAPYR_CLI_H
#define PAPYR_CLI_H

#include <stdio.h>

#include "config.h"
#include "util.h"

struct db;

enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3, /* some days of a sync failed; the rest landed */
};

struct cli {
	struct config cfg;
	const char *db_path;   /* resolved cache path */
	struct db *db;         /* opened before a command that needs it runs */
	int quiet;
};

/* Prints "papyr: <msg>" to stderr. */
void cli_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Prints a one-line usage error with a hint; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);

int cmd_import(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_tag(struct cli *c, int argc, char **argv);
int cmd_mark(struct cli *c, int argc, char **argv);
int cmd_note(struct cli *c, int argc, char **argv);
int cmd_sync(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_tags(struct cli *c, int argc, char **argv);
int cmd_views(struct cli *c, int argc, char **argv);

#endif
