/*
 * context: what the program holds while it runs, shared by the commands
 * (src/cmd/) and the interface (ui/), the two front ends on top of the core.
 *
 * main.c fills it once: the settings (config file, then environment), the
 * cache's path and the open cache. Front ends borrow it; nothing below them
 * sees it.
 */
#ifndef PAPYR_CONTEXT_H
#define PAPYR_CONTEXT_H

#include "config.h"

struct db;

enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3, /* some days of a sync failed; the rest landed */
};

struct context {
	struct config cfg;
	const char *db_path;   /* resolved cache path */
	struct db *db;         /* opened before a command that needs it runs */
	int quiet;
};

#endif
