/* The import command: papyr's files and saved API responses into the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import.h"
#include "cmd.h"

int cmd_import(struct context *c, const struct cmd_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	if (argc < 2)
		return cmd_usage("import", "import needs at least one FILE");
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		struct import_stats st;
		char *err = NULL;
		if (import_file(c->db, argv[i], &st, &err) != 0) {
			cmd_error("%s (nothing from it was stored)", err);
			free(err);
			failed++;
			continue;
		}
		printf("%s: %ld papers, %ld new, %ld updated\n",
		       strcmp(argv[i], "-") == 0 ? "stdin" : argv[i], st.papers, st.added,
		       st.updated);
	}
	return failed ? EXIT_ERROR : EXIT_OK;
}
