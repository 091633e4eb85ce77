/* The import command: papyr's files and saved API responses into the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import.h"
#include "cmd.h"

/* "papyr: FILE: paper 8 (2606.00123): title is ..." */
static void say_refused(void *ctx, long position, const char *id, const char *why)
{
	const char *name = ctx;
	if (id)
		cmd_error("%s: paper %ld (%s): %s", name, position, id, why);
	else
		cmd_error("%s: paper %ld: %s", name, position, why);
}

/* Imports one file and reports it; 0, or -1 when any of it was refused. */
static int import_one(struct context *c, const char *path, unsigned flags)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct import_opts o = {.flags = flags, .refused = say_refused, .ctx = (void *)name};
	struct import_stats st;
	char *err = NULL;
	if (import_file_opts(c->db, path, &o, &st, &err) != 0) {
		cmd_error("%s (nothing from it was stored)", err);
		free(err);
		return -1;
	}
	if (st.refused)
		printf("%s: %ld papers, %ld new, %ld updated, %ld refused\n", name, st.papers,
		       st.added, st.updated, st.refused);
	else
		printf("%s: %ld papers, %ld new, %ld updated\n", name, st.papers, st.added,
		       st.updated);
	return st.refused ? -1 : 0;
}

int cmd_import(struct context *c, const struct cmd_args *a)
{
	if (a->argc < 2)
		return cmd_usage("import", "import needs at least one FILE");
	unsigned flags = cmd_arg(a, "strict") ? IMPORT_STRICT : 0;
	int failed = 0;
	for (int i = 1; i < a->argc; i++)
		if (import_one(c, a->argv[i], flags) != 0)
			failed++;
	return failed ? EXIT_ERROR : EXIT_OK;
}
