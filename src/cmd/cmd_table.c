/*
 * cmd_table: every command papyr has, with its options and help (see
 * cmd.h). `papyr --help`, `papyr COMMAND --help`, the parser and
 * `papyr names commands` (for the completion script and the tests that
 * hold the README and the man page to this table) all read it.
 */
#include "cmd.h"

#include <string.h>

#include "../../db/filter.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const struct cmd_opt sync_opts[] = {
	{"days", 0, "N", "the last N days", NULL},
	{"date", 0, "D", "one day (YYYY-MM-DD)", NULL},
	{"since", 0, "D", "from D up to today, or up to --until D", NULL},
	{"until", 0, "D", "the last day of --since", NULL},
	{"quiet", 'q', NULL, "no progress, only errors (for cron)", NULL},
	{"strict", 0, NULL, "all or nothing: a day with a paper the cache refuses\n"
	 "stores none of it", NULL},
	{0},
};

static const struct cmd_opt import_opts[] = {
	{"strict", 0, NULL, "all or nothing: a file with a paper the cache refuses\n"
	 "stores none of it", NULL},
	{0},
};

static const struct cmd_opt list_opts[] = {
	{"format", 'f', "F", "the output's form", "list-formats"},
	{"sort", 's', "S", "the order (-S reverses); overrides the query's sort:",
	 "sorts"},
	{"limit", 'n', "N", "at most N papers", NULL},
	{"tag", 0, "T", "only papers tagged T (the same as tag:T)", NULL},
	{"unread", 0, NULL, "only unread papers (is:unread)", NULL},
	{"day", 0, "D", "only papers listed on day D (date:D)", NULL},
	{"all", 0, NULL, "include dismissed papers", NULL},
	{"exact", 0, NULL, "rank every match by relevance (slower when many\n"
	 "match); else the newest " STR(DB_RANK_WINDOW) " matches are ranked and\n"
	 "the older ones follow, newest first", NULL},
	{0},
};

static const struct cmd_opt export_opts[] = {
	{"format", 'f', "F", "the format; -o FILE.EXT implies the one with (.EXT):",
	 "formats"},
	{"output", 'o', "FILE", "write FILE (through a temporary file, renamed when\n"
	 "done: a failed export leaves no half file; a link's target\n"
	 "gets it; a FIFO or a device is written straight); default stdout", NULL},
	{"sort", 's', "S", "the order, as for list (-S reverses)", "sorts"},
	{"all", 0, NULL, "include dismissed papers", NULL},
	{"group", 0, "G", "markdown: a heading per tag or per day (tag, day)", NULL},
	{"abstract", 0, NULL, "markdown: each paper's abstract", NULL},
	{"summary", 0, NULL, "markdown: each paper's AI summary", NULL},
	{0},
};

static const struct cmd_entry table[] = {
	{"sync", NULL, NULL, CMD_WORDS_NONE, sync_opts,
	 "Fetch the Hugging Face daily lists into the cache. By default the last\n"
	 "sync_days days (7), and the last sync_refetch days (14) again, since their\n"
	 "lists and upvotes still move. A day fetched when it was older than that\n"
	 "is settled and skipped later. Give one of --days, --date and --since.\n"
	 "Exits 3 if some days failed; run it again to resume. A day with a paper\n"
	 "the cache refuses stores the others and counts as failed, named, until\n"
	 "its third such fetch settles it. Exits 1 with one line when no day\n"
	 "could reach the server (no network, a wrong hf_url).\n",
	 0, cmd_sync},
	{"import", "FILE...", NULL, CMD_WORDS_RAW, import_opts,
	 "Load saved API responses (daily_papers, papers/search, a single paper) or\n"
	 "papyr's own JSON export into the cache. '-' reads stdin. Each file is one\n"
	 "transaction: a file that is not a list of papers changes nothing. A paper\n"
	 "the cache refuses (a field of the wrong type, text over a limit) is named\n"
	 "with its place in the file and left out, the others are stored, and the\n"
	 "exit status is 1.\n",
	 0, cmd_import},
	{"list", "[QUERY...]", NULL, CMD_WORDS_QUERY, list_opts,
	 "Print the papers that match QUERY (its words are joined by spaces): by\n"
	 "relevance when it has words to search for, else newest listed day first.\n"
	 "A table (with a header row) on a terminal, tab-separated values\n"
	 "otherwise. On an empty cache it says how to fill it. A bad query exits 2\n"
	 "naming the column: papyr: query:12: expected a number after 'upvotes:>'.\n"
	 "QUERY is words and \"phrases\"; title: abstract: author: kw: id: tag:\n"
	 "is:unread|read|starred|dismissed|tagged|noted has:github|project;\n"
	 "upvotes: comments: stars: (>N, >=N, <N, <=N, N, A..B); date: published:\n"
	 "(2026-06-12, 2026-06, A..B, today, yesterday, -7d, -2w); OR, NOT or -,\n"
	 "( ); sort:S; @view. See the README's Queries section. Options and query\n"
	 "words mix; a word after -- is query even when it starts with -.\n",
	 0, cmd_list},
	{"show", "ID", NULL, CMD_WORDS_RAW, NULL,
	 "Print one paper in full: fields, links, days listed, state, tags, note.\n",
	 0, cmd_show},
	{"tag", "ID... +TAG -TAG...", NULL, CMD_WORDS_RAW, NULL,
	 "Add (+TAG) or remove (-TAG) tags on papers.\n", 0, cmd_tag},
	{"mark", "ID...", "marks", CMD_WORDS_RAW, NULL,
	 "Set the read, starred or dismissed state of papers.\n", 0, cmd_mark},
	{"note", "ID [TEXT]", NULL, CMD_WORDS_RAW, NULL,
	 "Set the note on a paper; an empty TEXT removes it. Without TEXT, opens\n"
	 "$EDITOR on the current note.\n",
	 0, cmd_note},
	{"export", "[QUERY...]", NULL, CMD_WORDS_QUERY, export_opts,
	 "Write the papers that match QUERY (every paper but dismissed ones when\n"
	 "there is none) as a file other tools read. Notes go into the formats that\n"
	 "have a place for them; the json format keeps tags, read, starred,\n"
	 "dismissed and notes, and 'papyr import' takes it back. --format is\n"
	 "needed unless -o's extension implies it.\n",
	 0, cmd_export},
	{"tags", NULL, NULL, CMD_WORDS_NONE, NULL,
	 "Print every tag in use with its number of papers, tab-separated.\n", 0, cmd_tags},
	{"views", NULL, NULL, CMD_WORDS_NONE, NULL,
	 "Print the saved views (name and query, tab-separated): the defaults and\n"
	 "the config's view.NAME lines.\n",
	 0, cmd_views},
	{"names", "[KIND]", NULL, CMD_WORDS_RAW, NULL,
	 "Print the names papyr knows of one KIND, one a line: commands, sorts\n"
	 "(sort keys), formats (export's), list-formats, views (the defaults),\n"
	 "states (is:), has (has:), marks (mark's words) or fields (a query's\n"
	 "FIELD:). Without KIND, the kinds. The completion script reads them\n"
	 "from here.\n",
	 CMD_NO_CACHE, cmd_names},
};

#define NCOMMANDS (sizeof table / sizeof table[0])

const struct cmd_entry *cmd_entry_at(int i)
{
	return i >= 0 && (size_t)i < NCOMMANDS ? &table[i] : NULL;
}

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}
