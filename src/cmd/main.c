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

static const struct command {
	const char *name;
	int (*run)(struct context *c, int argc, char **argv);
	const char *usage;
	const char *help;
} commands[] = {
	{"sync", cmd_sync, "sync [--days N | --date D | --since D [--until D]] [-q]",
	 "Fetch the Hugging Face daily lists into the cache. By default the last\n"
	 "sync_days days (7), and the last sync_refetch days (14) again, since their\n"
	 "lists and upvotes still move. A day fetched when it was older than that\n"
	 "is settled and skipped later. Exits 3 if some days failed; run it again\n"
	 "to resume.\n"
	 "  --days N       the last N days\n"
	 "  --date D       one day (YYYY-MM-DD)\n"
	 "  --since D      from D up to today, or up to --until D\n"
	 "  -q, --quiet    no progress, only errors (for cron)\n"},
	{"import", cmd_import, "import FILE...",
	 "Load saved API responses (daily_papers, papers/search, a single paper) or\n"
	 "papyr's own JSON export into the cache. '-' reads stdin. Each file is one\n"
	 "transaction: a bad file changes nothing.\n"},
	{"list", cmd_list, "list [QUERY...] [--format table|tsv|json|ids] [--sort S] [--limit N]",
	 "Print the papers that match QUERY (its words are joined by spaces): by\n"
	 "relevance when it has words to search for, else newest listed day first.\n"
	 "A table on a terminal, tab-separated values otherwise. A bad query exits 2\n"
	 "naming the column: papyr: query:12: expected a number after 'upvotes:>'.\n"
	 "  QUERY          words and \"phrases\"; title: abstract: author: kw: id: tag:\n"
	 "                 is:unread|read|starred|dismissed|tagged|noted\n"
	 "                 has:github|project; upvotes: comments: stars: (>N, >=N, <N,\n"
	 "                 <=N, N, A..B); date: published: (2026-06-12, 2026-06, A..B,\n"
	 "                 today, yesterday, -7d, -2w); OR, NOT or -, ( ); sort:S;\n"
	 "                 @view. See the README's Queries section.\n"
	 "  --format F     table, tsv, json or ids\n"
	 "  --sort S       relevance, date, upvotes, comments, stars, title, published\n"
	 "                 (-S reverses); overrides the query's sort:\n"
	 "  --limit N      at most N papers\n"
	 "  --tag T        only papers tagged T (the same as tag:T)\n"
	 "  --unread       only unread papers (is:unread)\n"
	 "  --day D        only papers listed on day D (date:D)\n"
	 "  --all          include dismissed papers\n"
	 "  --             the rest is query, even words starting with -\n"},
	{"show", cmd_show, "show ID",
	 "Print one paper in full: fields, links, days listed, state, tags, note.\n"},
	{"tag", cmd_tag, "tag ID... +TAG -TAG...",
	 "Add (+TAG) or remove (-TAG) tags on papers.\n"},
	{"mark", cmd_mark, "mark ID... read|unread|star|unstar|dismiss|undismiss",
	 "Set the read, starred or dismissed state of papers.\n"},
	{"note", cmd_note, "note ID [TEXT]",
	 "Set the note on a paper; an empty TEXT removes it. Without TEXT, opens\n"
	 "$EDITOR on the current note.\n"},
	{"export", cmd_export,
	 "export [QUERY] --format F [-o FILE] [--sort S] [--group tag|day] [--abstract]",
	 "Write the papers that match QUERY (every paper but dismissed ones when\n"
	 "there is none) as a file other tools read. Notes go into the formats that\n"
	 "have a place for them; the json format keeps tags, read, starred,\n"
	 "dismissed and notes, and 'papyr import' takes it back.\n"
	 "  --format F     bibtex, csl-json (Zotero), ris, markdown, csv (RFC 4180)\n"
	 "                 or json; implied by -o's extension (.bib .ris .md .csv .json)\n"
	 "  -o FILE        write FILE (through a temporary file, renamed when done:\n"
	 "                 a failed export leaves no half file); default stdout\n"
	 "  --sort S       day, upvotes, comments, stars, title, published (-S reverses)\n"
	 "  --all          include dismissed papers\n"
	 "  --group G      markdown: a heading per tag or per day\n"
	 "  --abstract     markdown: each paper's abstract\n"
	 "  --summary      markdown: each paper's AI summary\n"},
	{"tags", cmd_tags, "tags",
	 "Print every tag in use with its number of papers, tab-separated.\n"},
	{"views", cmd_views, "views",
	 "Print the saved views (name and query, tab-separated): the defaults and\n"
	 "the config's view.NAME lines.\n"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage_all(FILE *f)
{
	fputs("usage: papyr [--db PATH] [COMMAND [ARGS]]\n\n"
	      "With no command, papyr opens the terminal interface on the cache.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  papyr %s\n", commands[i].usage);
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

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
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
		case 'h': usage_all(stdout); return EXIT_OK;
		case 'V': printf("papyr %s\n", PAPYR_VERSION); return EXIT_OK;
		default: return cmd_usage(NULL, "unknown option");
		}
	}
	const struct command *cmd = NULL;
	int at = optind;
	if (at < argc) {
		cmd = find_command(argv[optind]);
		if (!cmd)
			return cmd_usage(NULL, "'%s' is not a papyr command", argv[optind]);
		if (wants_help(argc - optind, argv + optind)) {
			printf("usage: papyr %s\n\n%s", cmd->usage, cmd->help);
			return EXIT_OK;
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
		optind = 0; /* each command parses its own options afresh */
		rc = cmd->run(&c, argc - at, argv + at);
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
	return rc;
}
