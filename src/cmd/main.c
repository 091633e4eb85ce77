/*
 * main: papyr's entry point. Parses the global options, finds the cache and
 * the config, and hands over to a command (src/cmd/cmd_*.c) or, with no command,
 * to the TUI. This is the one place where the layers are wired together.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../query.h"
#include "../base/mem.h"
#include "../base/buf.h"
#include "../base/file.h"
#include "../base/version.h"
#include "../../ui/ui.h"

static void usage_all(FILE *f)
{
	fputs("usage: papyr [--db PATH] [COMMAND [ARGS]]\n\n"
	      "With no command, papyr opens the terminal interface on the cache.\n\n"
	      "Commands:\n", f);
	const struct cmd_entry *e;
	for (int i = 0; (e = cmd_entry_at(i)); i++) {
		fputs("  papyr ", f);
		cmd_print_usage(e, f);
		fputc('\n', f);
	}
	fputs("\nOptions:\n"
	      "  --db PATH      the cache file (default $PAPYR_DB, else\n"
	      "                 $XDG_DATA_HOME/papyr/papyr.db)\n"
	      "  -h, --help     this help; 'papyr COMMAND --help' for a command\n"
	      "  -V, --version  print the version\n\n"
	      "Exit codes: 0 ok, 1 error, 2 usage or query error, 3 partial sync.\n", f);
	char *config = config_default_path();
	struct stat st;
	fprintf(f, "\nConfig: %s (%s)\n", config,
		stat(config, &st) == 0 ? "read at start-up" : "not there: the defaults apply");
	free(config);
}

/* Each line of err as its own "papyr: ..." line. */
static void print_errors(const char *err)
{
	for (const char *s = err; *s;) {
		size_t n = strcspn(s, "\n");
		cmd_error("%.*s", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

/* The line of the file an error names ("PATH:LINE: ..."), or INT_MAX. */
static int error_line(const char *e, const char *path)
{
	size_t n = path ? strlen(path) : 0;
	if (!n || strncmp(e, path, n) != 0 || e[n] != ':' || !isdigit((unsigned char)e[n + 1]))
		return INT_MAX;
	return atoi(e + n + 1);
}

/* The lines of the config's errors and of its views' errors (either may be
 * NULL), in the file's order. A new string. */
static char *merge_errors(const char *a, const char *b, const char *path)
{
	char *all = a && b ? xasprintf("%s\n%s", a, b) : xstrdup(a ? a : b);
	int n = 1;
	for (const char *s = all; *s; s++)
		n += *s == '\n';
	const char **line = xcalloc((size_t)n, sizeof *line);
	n = 0;
	for (char *s = all; *s; ) {
		line[n++] = s;
		s += strcspn(s, "\n");
		if (*s)
			*s++ = '\0';
	}
	for (int i = 1; i < n; i++) /* stable: an insertion sort */
		for (int j = i; j > 0 && error_line(line[j - 1], path) >
		     error_line(line[j], path); j--) {
			const char *t = line[j];
			line[j] = line[j - 1];
			line[j - 1] = t;
		}
	struct buf out = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&out, "%s%s", i ? "\n" : "", line[i]);
	free(line);
	free(all);
	return buf_detach(&out);
}

/* The config, then its views compiled, so that one run names every error
 * the file has. Returns 0, or -1 with *err (its lines joined by '\n'). */
static int load_config(struct config *cfg, char **err)
{
	char *verr = NULL;
	int rc = config_load(cfg, NULL, err);
	if (query_check_views(cfg, &verr) == 0)
		return rc;
	char *all = merge_errors(rc != 0 ? *err : NULL, verr, cfg->path);
	if (rc != 0)
		free(*err);
	free(verr);
	*err = all;
	return -1;
}

/* --db, else $PAPYR_DB, else $XDG_DATA_HOME/papyr/papyr.db. New string. */
static char *cache_path(const char *opt, const struct config *cfg, char **err)
{
	if (opt)
		return xstrdup(opt);
	if (cfg->db_path)
		return xstrdup(cfg->db_path);
	const char *xdg = cfg->data_home;
	const char *home = cfg->home;
	char *dir = xdg && *xdg == '/' ? xasprintf("%s/papyr", xdg)
		    : xasprintf("%s/.local/share/papyr", home ? home : ".");
	if (make_dirs(dir, 0700, err) != 0) {
		free(dir);
		return NULL;
	}
	char *path = xasprintf("%s/papyr.db", dir);
	free(dir);
	return path;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* The rebuild of the search index's progress, on stderr when it is a
 * terminal; a test's kill at the step PAPYR_TEST_INDEX_STOP names (each
 * chunk is two steps, written and committed, and the swap one). */
struct rebuild {
	int tty;
	int stop, step;
	long shown;
};

static int rebuild_progress(void *ctx, long done, long total, enum db_index_event ev)
{
	struct rebuild *r = ctx;
	if (r->stop && ++r->step == r->stop)
		raise(SIGKILL);
	if (!r->tty)
		return 0;
	if (ev == DB_INDEX_DONE) {
		fprintf(stderr, "\rpapyr: the search index is rebuilt (%ld papers)\033[K\n", total);
		return 0;
	}
	long pct = total > 0 ? done * 100 / total : 100;
	if (ev == DB_INDEX_CHUNK_DONE && pct != r->shown) {
		r->shown = pct;
		fprintf(stderr, "\rpapyr: rebuilding the search index: %ld%% (%ld of %ld papers)"
			"\033[K", pct, done, total);
	}
	return 0;
}

/*
 * A cache made by an older papyr gets its new search index before a
 * command that writes the cache runs (commands that only read do not wait
 * for it; the interface builds it in the background), a chunk of papers
 * per transaction. Killed, it
 * goes on at the next run from where it stopped; until it is done the old
 * index answers.
 */
static int index_rebuild(struct context *c, char **err)
{
	long pending = db_index_pending(c->db, err);
	if (pending <= 0)
		return (int)pending;
	struct rebuild r = {.tty = isatty(STDERR_FILENO), .stop = c->cfg.index_stop,
			    .shown = -1};
	return db_index_build(c->db, c->cfg.index_chunk, rebuild_progress, &r, err);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	cmd_output_begin();
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	int ch;
	/* '+' stops at the command name: its options are its own. */
	while ((ch = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db_opt = optarg; break;
		case 'h': usage_all(stdout); return cmd_output_end(EXIT_OK);
		case 'V': printf("papyr %s\n", PAPYR_VERSION); return cmd_output_end(EXIT_OK);
		default: return cmd_usage(NULL, "unknown option");
		}
	}
	const struct cmd_entry *cmd = NULL;
	struct cmd_args args = {0};
	if (optind < argc) {
		cmd = cmd_find(argv[optind]);
		if (!cmd)
			return cmd_usage(NULL, "'%s' is not a papyr command", argv[optind]);
		if (wants_help(argc - optind, argv + optind)) {
			cmd_print_help(cmd, stdout);
			return cmd_output_end(EXIT_OK);
		}
		int rc = cmd_parse(cmd, argc - optind, argv + optind, &args);
		if (rc != 0 || (cmd->flags & CMD_NO_CACHE)) {
			if (rc == 0)
				rc = cmd->exec(NULL, &args);
			cmd_args_free(&args);
			return cmd_output_end(rc);
		}
	}

	struct context c = {0};
	char *err = NULL;
	char *path = NULL;
	int rc = EXIT_ERROR;
	if (load_config(&c.cfg, &err) != 0)
		goto out;
	path = cache_path(db_opt, &c.cfg, &err);
	if (!path)
		goto out;
	c.db_path = path;
	/* the interface rebuilds it in the background (ui/index_ui.c) */
	if (db_open(&c.db, path, &err) != 0 ||
	    (cmd && !(cmd->flags & CMD_READS) && index_rebuild(&c, &err) != 0))
		goto out;
	if (cmd) {
		rc = cmd->exec(&c, &args);
	} else {
		rc = ui_main(&c);
	}
out:
	if (err) {
		print_errors(err);
		free(err);
	}
	db_close(&c.db);
	config_free(&c.cfg);
	free(path);
	cmd_args_free(&args);
	return cmd ? cmd_output_end(rc) : rc;
}
