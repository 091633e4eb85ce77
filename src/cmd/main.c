/*
 * main: papyr's entry point. Parses the global options, finds the cache and
 * the config, and hands over to a command (src/cmd/cmd_*.c) or, with no command,
 * to the TUI. This is the one place where the layers are wired together.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../base/mem.h"
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
	if (config_load(&c.cfg, NULL, &err) != 0)
		goto out;
	path = cache_path(db_opt, &c.cfg, &err);
	if (!path)
		goto out;
	c.db_path = path;
	if (db_open(&c.db, path, &err) != 0)
		goto out;
	if (cmd) {
		rc = cmd->exec(&c, &args);
	} else {
		rc = ui_main(&c);
	}
out:
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
	db_close(&c.db);
	config_free(&c.cfg);
	free(path);
	cmd_args_free(&args);
	return cmd ? cmd_output_end(rc) : rc;
}
