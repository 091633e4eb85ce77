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
#include "../base/mem.h"
#include "../base/buf.h"
#include "../base/file.h"

/* A lock-free atomic: safe to set in a signal handler (C11 7.14.1.1). */
static atomic_int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Ctrl-C, a hang-up or a kill end the export cleanly (the temporary file is
 * removed); a file size limit makes writes fail instead of killing us. */
static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
}

/* The format a file name implies: x.bib, x.ris, x.md, x.csv, x.json. */
static int format_from_name(const char *path, enum export_format *fmt)
{
	static const struct {
		const char *ext;
		enum export_format fmt;
	} exts[] = {
		{".bib", EXPORT_BIBTEX}, {".ris", EXPORT_RIS}, {".md", EXPORT_MARKDOWN},
		{".csv", EXPORT_CSV}, {".json", EXPORT_JSON},
	};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t e = strlen(exts[i].ext);
		if (n > e && strcmp(path + n - e, exts[i].ext) == 0) {
			*fmt = exts[i].fmt;
			return 0;
		}
	}
	return -1;
}

static const char *const sort_names[DB_SORT_COUNT_] = {
	[DB_SORT_DAY] = "day",       [DB_SORT_UPVOTES] = "upvotes",
	[DB_SORT_COMMENTS] = "comments", [DB_SORT_STARS] = "stars",
	[DB_SORT_TITLE] = "title",   [DB_SORT_PUBLISHED] = "published",
	[DB_SORT_RELEVANCE] = "relevance",
};

static int parse_sort(const char *s, enum db_sort *sort, int *reverse)
{
	*reverse = *s == '-';
	s += *reverse;
	for (int i = 0; i < DB_SORT_COUNT_; i++)
		if (strcmp(s, sort_names[i]) == 0) {
			*sort = (enum db_sort)i;
			return 0;
		}
	return -1;
}

struct export_args {
	struct buf words;   /* the query, its words joined by spaces */
	const char *output;
	int have_format, have_sort, reverse, all;
	enum export_format fmt;
	enum db_sort sort;
	struct export_opts opts;
};

enum opt_id { OPT_FORMAT, OPT_OUTPUT, OPT_SORT, OPT_GROUP, OPT_ABSTRACT, OPT_SUMMARY,
	      OPT_ALL };

/* export's options; any other word ('-tag:skip' too) is part of the query. */
static const struct export_opt {
	enum opt_id id;
	const char *lng;
	char shrt;      /* the letter it is known by; 0: long form only */
	int arg;
} export_opts[] = {
	{OPT_FORMAT, "format", 'f', 1}, {OPT_OUTPUT, "output", 'o', 1},
	{OPT_SORT, "sort", 's', 1},     {OPT_GROUP, "group", 0, 1},
	{OPT_ABSTRACT, "abstract", 0, 0}, {OPT_SUMMARY, "summary", 0, 0},
	{OPT_ALL, "all", 0, 0},
};

/* The option argv[*i] names, with its value; NULL for a query word. */
static const struct export_opt *next_opt(int argc, char **argv, int *i, const char **val,
					 int *missing)
{
	const char *a = argv[*i];
	*val = NULL;
	for (size_t k = 0; k < sizeof export_opts / sizeof export_opts[0]; k++) {
		const struct export_opt *o = &export_opts[k];
		size_t n = strlen(o->lng);
		int is_long = a[0] == '-' && a[1] == '-' && strncmp(a + 2, o->lng, n) == 0 &&
			      (a[2 + n] == '\0' || (a[2 + n] == '=' && o->arg));
		int is_short = o->shrt && a[0] == '-' && a[1] == o->shrt && a[2] == '\0';
		if (!is_long && !is_short)
			continue;
		if (is_long && a[2 + n] == '=')
			*val = a + 3 + n;
		else if (o->arg && *i + 1 < argc)
			*val = argv[++*i];
		else if (o->arg)
			*missing = 1;
		return o;
	}
	return NULL;
}

static int take_opt(const struct export_opt *o, const char *val, struct export_args *a)
{
	switch (o->id) {
	case OPT_FORMAT:
		if (export_format_parse(val, &a->fmt) != 0)
			return cmd_usage("export", "unknown format '%s': use bibtex, csl-json, "
					 "ris, markdown, csv or json", val);
		a->have_format = 1;
		break;
	case OPT_OUTPUT: a->output = val; break;
	case OPT_SORT:
		if (parse_sort(val, &a->sort, &a->reverse) != 0)
			return cmd_usage("export", "unknown sort '%s'", val);
		a->have_sort = 1;
		break;
	case OPT_GROUP:
		if (strcmp(val, "tag") == 0)
			a->opts.group = EXPORT_GROUP_TAG;
		else if (strcmp(val, "day") == 0)
			a->opts.group = EXPORT_GROUP_DAY;
		else
			return cmd_usage("export", "--group takes tag or day");
		break;
	case OPT_ABSTRACT: a->opts.flags |= EXPORT_ABSTRACT; break;
	case OPT_SUMMARY: a->opts.flags |= EXPORT_SUMMARY; break;
	case OPT_ALL: a->all = 1; break;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct export_args *a)
{
	int only_words = 0;
	for (int i = 1; i < argc; i++) {
		const char *val;
		int missing = 0, rc;
		const struct export_opt *o =
			only_words ? NULL : next_opt(argc, argv, &i, &val, &missing);
		if (!o && !only_words && strcmp(argv[i], "--") == 0) {
			only_words = 1;
		} else if (!o && !only_words && argv[i][0] == '-' && argv[i][1] == '-') {
			return cmd_usage("export", "unknown option '%s'", argv[i]);
		} else if (!o) {
			if (a->words.len)
				buf_addc(&a->words, ' ');
			buf_adds(&a->words, argv[i]);
		} else if (missing) {
			return cmd_usage("export", "--%s needs a value", o->lng);
		} else if ((rc = take_opt(o, val, a)) != 0) {
			return rc;
		}
	}
	if (!a->have_format && a->output && format_from_name(a->output, &a->fmt) == 0)
		a->have_format = 1;
	if (!a->have_format)
		return cmd_usage("export", "--format is needed: bibtex, csl-json, ris, "
				 "markdown, csv or json");
	if ((a->opts.group || a->opts.flags) && a->fmt != EXPORT_MARKDOWN)
		return cmd_usage("export", "--group, --abstract and --summary apply to "
				 "--format markdown");
	return 0;
}

/* Writes the export to stdout or through a temporary file. */
static int write_export(struct context *c, const struct db_filter *f, struct export_args *a,
			char **err)
{
	a->opts.stop = &interrupted;
	catch_signals();
	if (!a->output || strcmp(a->output, "-") == 0)
		return export_filter_opts(c->db, f, a->fmt, &a->opts, stdout, err);
	struct atomic_file ef;
	if (atomic_open(&ef, a->output, err) != 0)
		return -1;
	if (export_filter_opts(c->db, f, a->fmt, &a->opts, ef.f, err) != 0) {
		atomic_abort(&ef);
		char *msg = xasprintf("%s; %s was not written", *err, a->output);
		free(*err);
		*err = msg;
		return -1;
	}
	return atomic_commit(&ef, err);
}

int cmd_export(struct context *c, int argc, char **argv)
{
	struct export_args a = {0};
	struct query *q = NULL;
	char *err = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc != 0)
		goto out;
	struct query_env env = {.cfg = &c->cfg, .flags = a.all ? QUERY_SHOW_DISMISSED : 0};
	if (query_compile(a.words.data ? a.words.data : "", &env, &q, NULL, &err) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	struct db_filter *f = query_filter(q);
	if (a.have_sort) {
		f->sort = a.sort;
		f->reverse = a.reverse;
	}
	rc = write_export(c, f, &a, &err) == 0 ? EXIT_OK : EXIT_ERROR;
out:
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
	query_free(&q);
	buf_free(&a.words);
	return rc;
}
