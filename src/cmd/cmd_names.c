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
#include "../digest.h"
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

static const char *sort_help(int i)
{
	const struct sort_key *k = sort_key_at(i);
	return k ? k->help : NULL;
}

static const char *format_help(int i)
{
	const struct export_format_info *f = export_format_at(i);
	return f ? f->help : NULL;
}

static const char *format_ext(int i)
{
	const struct export_format_info *f = export_format_at(i);
	return f && f->implied ? f->ext : NULL;
}

static const char *view_at(int i)
{
	return config_default_view(i, NULL);
}

static const struct registry {
	const char *name;
	const char *(*at)(int i);   /* the i-th name, NULL past the last */
	const char *(*help)(int i); /* its line of help; NULL: none */
	const char *(*ext)(int i);  /* the file extension that implies it */
} registries[] = {
	{"commands", command_at, NULL, NULL},
	{"sorts", sort_at, sort_help, NULL},
	{"formats", format_at, format_help, format_ext},
	{"list-formats", cmd_list_format_name, NULL, NULL},
	{"digest-formats", digest_format_name, NULL, NULL},
	{"views", view_at, NULL, NULL},
	{"states", query_state_name, NULL, NULL},
	{"has", query_has_name, NULL, NULL},
	{"marks", db_mark_name, NULL, NULL},
	{"fields", query_field_name, NULL, NULL},
};

#define NREGISTRIES (sizeof registries / sizeof registries[0])

static const struct registry *find(const char *name)
{
	for (size_t r = 0; r < NREGISTRIES; r++)
		if (strcmp(name, registries[r].name) == 0)
			return &registries[r];
	return NULL;
}

int cmd_names_print(const char *registry, const char *sep, FILE *f)
{
	const struct registry *r = find(registry);
	if (!r)
		return -1;
	const char *n;
	for (int i = 0; (n = r->at(i)); i++)
		fprintf(f, "%s%s", i ? sep : "", n);
	return 0;
}

int cmd_names_describe(const char *registry, int indent, FILE *f)
{
	const struct registry *r = find(registry);
	if (!r)
		return -1;
	if (!r->help) {
		fprintf(f, "%*s", indent, "");
		cmd_names_print(registry, ", ", f);
		fputc('\n', f);
		return 0;
	}
	const char *n;
	for (int i = 0; (n = r->at(i)); i++) {
		const char *ext = r->ext ? r->ext(i) : NULL;
		char name[32];
		snprintf(name, sizeof name, ext ? "%s (.%s)" : "%s", n, ext);
		fprintf(f, "%*s%-16s %s\n", indent, "", name, r->help(i));
	}
	return 0;
}

int cmd_names(struct context *c, const struct cmd_args *a)
{
	(void)c;
	if (a->argc == 1) { /* the kinds themselves */
		for (size_t r = 0; r < NREGISTRIES; r++)
			puts(registries[r].name);
		return EXIT_OK;
	}
	if (a->argc > 2)
		return cmd_usage("names", "names takes one KIND");
	if (cmd_names_print(a->argv[1], "\n", stdout) != 0)
		return cmd_usage("names", "no names of the kind '%s' (papyr names lists the "
				 "kinds)", a->argv[1]);
	putchar('\n');
	return EXIT_OK;
}
