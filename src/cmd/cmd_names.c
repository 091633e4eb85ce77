/*
 * cmd_names: `papyr names KIND`, every name users may type of one kind, read
 * from the registry that owns it. The completion script asks it instead of
 * keeping lists of its own, and the tests hold the README and the man page
 * to it, so a new sort key or format needs writing down once.
 */
#include <stdio.h>
#include <string.h>

#include "../../db/db.h"
#include "../config.h"
#include "../export.h"
#include "../query.h"
#include "../sort_key.h"
#include "cmd.h"

static const char *command_at(int i)
{
	const struct cmd_entry *e = cmd_entry_at(i);
	return e ? e->name : NULL;
}

static const char *sort_at(int i)
{
	const struct sort_key *k = sort_key_at(i);
	return k ? k->name : NULL;
}

static const char *format_at(int i)
{
	const struct export_format_info *f = export_format_at(i);
	return f ? f->name : NULL;
}

static const char *view_at(int i)
{
	return config_default_view(i, NULL);
}

static const struct {
	const char *name;
	const char *(*at)(int i); /* the i-th name, NULL past the last */
} registries[] = {
	{"commands", command_at}, {"sorts", sort_at}, {"formats", format_at},
	{"list-formats", cmd_list_format_name},
	{"views", view_at}, {"states", query_state_name}, {"has", query_has_name},
	{"marks", db_mark_name}, {"fields", query_field_name},
};

#define NREGISTRIES (sizeof registries / sizeof registries[0])

int cmd_names_print(const char *registry, const char *sep, FILE *f)
{
	for (size_t r = 0; r < NREGISTRIES; r++) {
		if (strcmp(registry, registries[r].name) != 0)
			continue;
		const char *n;
		for (int i = 0; (n = registries[r].at(i)); i++)
			fprintf(f, "%s%s", i ? sep : "", n);
		return 0;
	}
	return -1;
}

int cmd_names(struct context *c, const struct cmd_args *a)
{
	(void)c;
	if (a->argc != 2) {
		fputs("papyr: names takes one of:", stderr);
		for (size_t r = 0; r < NREGISTRIES; r++)
			fprintf(stderr, " %s", registries[r].name);
		fputs(" (see 'papyr names --help')\n", stderr);
		return EXIT_USAGE;
	}
	if (cmd_names_print(a->argv[1], "\n", stdout) != 0)
		return cmd_usage("names", "no names of the kind '%s'", a->argv[1]);
	putchar('\n');
	return EXIT_OK;
}
