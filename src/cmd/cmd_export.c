/*
 * cmd_export: `papyr export [QUERY] --format F [-o FILE]` (see cmd.h).
 *
 * Writes to stdout, or to FILE through a temporary file in the same folder
 * that is renamed over FILE only once the whole export is written and
 * synced (atomic_open in base/file.h): an export that fails or is
 * interrupted leaves no half file, and a file already at that path
 * untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../export.h"
#include "../query.h"
#include "../signal_flag.h"
#include "../sort_key.h"
#include "../base/mem.h"
#include "../base/buf.h"
#include "../base/file.h"

/* A lock-free atomic: safe to set in a signal handler (C11 7.14.1.1). */
static atomic_int interrupted;

struct export_args {
	const char *output;
	int have_format, have_sort, reverse, all;
	enum export_format fmt;
	enum db_sort sort;
	struct export_opts opts;
};

static int take_opt(const struct cmd_given *g, struct export_args *a)
{
	const char *name = g->opt->name, *val = g->value;
	if (strcmp(name, "format") == 0) {
		if (export_format_parse(val, &a->fmt) != 0) {
			char *names = export_format_list(", or");
			cmd_usage("export", "unknown format '%s': use %s", val, names);
			free(names);
			return EXIT_USAGE;
		}
		a->have_format = 1;
	} else if (strcmp(name, "output") == 0) {
		a->output = val;
	} else if (strcmp(name, "sort") == 0) {
		if (sort_key_parse(val, &a->sort, &a->reverse) != 0)
			return cmd_usage("export", "unknown sort '%s'", val);
		a->have_sort = 1;
	} else if (strcmp(name, "group") == 0) {
		if (strcmp(val, "tag") == 0)
			a->opts.group = EXPORT_GROUP_TAG;
		else if (strcmp(val, "day") == 0)
			a->opts.group = EXPORT_GROUP_DAY;
		else
			return cmd_usage("export", "--group takes tag or day");
	} else if (strcmp(name, "abstract") == 0) {
		a->opts.flags |= EXPORT_ABSTRACT;
	} else if (strcmp(name, "summary") == 0) {
		a->opts.flags |= EXPORT_SUMMARY;
	} else if (strcmp(name, "all") == 0) {
		a->all = 1;
	}
	return 0;
}

static int parse_args(const struct cmd_args *args, struct export_args *a)
{
	for (int i = 0; i < args->ngiven; i++) {
		int rc = take_opt(&args->given[i], a);
		if (rc != 0)
			return rc;
	}
	if (!a->have_format && a->output && export_format_from_path(a->output, &a->fmt) == 0)
		a->have_format = 1;
	if (!a->have_format) {
		char *names = export_format_list(", or");
		cmd_usage("export", "--format is needed: %s", names);
		free(names);
		return EXIT_USAGE;
	}
	if ((a->opts.group || a->opts.flags) && a->fmt != EXPORT_MARKDOWN)
		return cmd_usage("export", "--group, --abstract and --summary apply to "
				 "--format markdown");
	return 0;
}

/* Writes the export to stdout or through a temporary file. */
static int write_export(struct context *c, const struct db_filter *f, struct export_args *a,
			char **err)
{
	/* Ctrl-C, a hang-up or a kill end the export cleanly (the temporary file
	 * is removed); a file size limit makes writes fail instead of killing
	 * papyr. */
	struct signal_flag sf;
	a->opts.stop = &interrupted;
	signal_flag_catch(&sf, &interrupted);
	signal(SIGXFSZ, SIG_IGN);
	if (!a->output || strcmp(a->output, "-") == 0) {
		if (export_filter_opts(c->db, f, a->fmt, &a->opts, stdout, err) == 0)
			return 0;
		if (!cmd_output_broken())
			return -1;
		/* stdout failed: main says why once, or nothing for a closed pipe. */
		free(*err);
		*err = NULL;
		return 0;
	}
	struct atomic_file ef;
	if (atomic_open(&ef, a->output, err) != 0)
		return -1;
	if (export_filter_opts(c->db, f, a->fmt, &a->opts, ef.f, err) != 0) {
		int straight = ef.tmp == NULL;
		atomic_abort(&ef);
		if (straight && cmd_output_closed()) {
			/* -o /dev/stdout, a FIFO: its reader stopped early. */
			free(*err);
			*err = NULL;
			return 0;
		}
		char *msg = xasprintf("%s; %s was not written", *err, a->output);
		free(*err);
		*err = msg;
		return -1;
	}
	return atomic_commit(&ef, err);
}

int cmd_export(struct context *c, const struct cmd_args *args)
{
	struct export_args a = {0};
	struct query *q = NULL;
	char *err = NULL;
	struct buf words = {0};
	int rc = parse_args(args, &a);
	if (rc != 0)
		goto out;
	a.opts.csv_formulas = !c->cfg.csv_formula_guard;
	a.opts.key_style = (enum export_key_style)c->cfg.bibtex_keys;
	a.opts.md_authors = c->cfg.markdown_authors;
	for (int i = 1; i < args->argc; i++)
		buf_printf(&words, "%s%s", i > 1 ? " " : "", args->argv[i]);
	struct query_env env = {.cfg = &c->cfg, .flags = a.all ? QUERY_SHOW_DISMISSED : 0};
	if (query_compile(words.data ? words.data : "", &env, &q, NULL, &err) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	struct db_filter *f = query_filter(q);
	if (a.have_sort) {
		f->sort = a.sort;
		f->reverse = a.reverse;
	}
	if (cmd_rank_ready(c, f) != 0) {
		rc = EXIT_ERROR;
		goto out;
	}
	rc = write_export(c, f, &a, &err) == 0 ? EXIT_OK : EXIT_ERROR;
out:
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
	query_free(&q);
	buf_free(&words);
	return rc;
}
