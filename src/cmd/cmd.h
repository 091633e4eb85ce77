/*
 * cmd: the non-interactive commands, wired by main.c.
 *
 * Each command takes the shared context and its own arguments (argv[0] is
 * the command name) and returns an exit code. Commands print results to
 * stdout and errors to stderr, as "papyr: ..." lines a user can act on.
 */
#ifndef PAPYR_CMD_H
#define PAPYR_CMD_H

#include <stdio.h>

#include "../base/mem.h"
#include "../context.h"

/* Prints "papyr: <msg>" to stderr. */
void cmd_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Prints a one-line usage error with a hint; returns EXIT_USAGE. */
int cmd_usage(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);

int cmd_import(struct context *c, int argc, char **argv);
int cmd_list(struct context *c, int argc, char **argv);
int cmd_show(struct context *c, int argc, char **argv);
int cmd_tag(struct context *c, int argc, char **argv);
int cmd_mark(struct context *c, int argc, char **argv);
int cmd_note(struct context *c, int argc, char **argv);
int cmd_sync(struct context *c, int argc, char **argv);
int cmd_export(struct context *c, int argc, char **argv);
int cmd_tags(struct context *c, int argc, char **argv);
int cmd_views(struct context *c, int argc, char **argv);

#endif
