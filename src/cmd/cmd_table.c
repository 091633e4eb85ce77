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
	{"arxiv", 0, NULL, "arXiv only: the announcement feed of the arxiv setting's\n"
	 "categories, or with --since its history", NULL},
	{"hf", 0, NULL, "Hugging Face only", NULL},
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

static const struct cmd_opt digest_opts[] = {
	{"since", 0, "D", "the papers that arrived since day D (the bookmark stays)", NULL},
	{"format", 'f', "F", "the digest's form (markdown by default)", "digest-formats"},
	{"limit", 'n', "N", "at most N papers in each group (10)", NULL},
	{0},
};

static const struct cmd_opt show_opts[] = {
	{"fetch", 0, NULL, "fetch the paper's Hugging Face page first", NULL},
	{"why", 0, "[=TAG]", "add the words that push it up under sort:foryou (--why=TAG:\n"
	 "under sort:foryou:TAG), the model's largest weights among its words", NULL},
	{0},
};

static const struct cmd_opt read_opts[] = {
	{"fetch", 0, NULL, "fetch it again, over the cached one", NULL},
	{0},
};

static const struct cmd_opt zotero_opts[] = {
	{"again", 0, NULL, "send papers that went to Zotero before, too", NULL},
	{"all", 0, NULL, "include dismissed papers", NULL},
	{0},
};

static const struct cmd_entry table[] = {
	{"sync", NULL, NULL, CMD_WORDS_NONE, sync_opts,
	 "Fetch the Hugging Face daily lists into the cache. By default the last\n"
	 "sync_days days (7), and the last sync_refetch days (14) again, since their\n"
	 "lists and upvotes still move. A day fetched when it was older than that\n"
	 "is settled and skipped later. Give one of --days, --date and --since.\n"
	 "Days that cover whole calendar months are asked for a month at a time\n"
	 "(month=YYYY-MM), then stored day by day.\n"
	 "Exits 3 if some days failed; run it again to resume. A day with a paper\n"
	 "the cache refuses stores the others and counts as failed, named, until\n"
	 "its third such fetch settles it. Exits 1 with one line when no day\n"
	 "could reach the server (no network, a wrong hf_url).\n"
	 "With the arxiv setting (arxiv = cs.LG cs.CL) it also reads arXiv's\n"
	 "announcement feed of those categories (--days and --date are for Hugging\n"
	 "Face), and fills in announcement days it missed through OAI-PMH; --since D\n"
	 "[--until D] harvests the papers first announced in that range, resumable.\n"
	 "arXiv's terms: one request at a time, arxiv_delay (3) seconds apart, across\n"
	 "all of your runs. Exits 3 when one source fails and the other lands.\n",
	 0, cmd_sync},
	{"import", "FILE...", NULL, CMD_WORDS_RAW, import_opts,
	 "Load saved API responses (daily_papers, papers/search, a single paper),\n"
	 "saved arXiv XML (an announcement feed, a query API page, an OAI-PMH\n"
	 "ListRecords page, read as a stream) or papyr's own JSON export into the\n"
	 "cache. '-' reads stdin. Each file is one\n"
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
	 CMD_READS, cmd_list},
	{"show", "ID", NULL, CMD_WORDS_RAW, show_opts,
	 "Print one paper in full: fields, links, days listed, state, tags, note,\n"
	 "and what its Hugging Face page says (linked models, datasets and Spaces,\n"
	 "GitHub, project page, organisation) when papyr has fetched it: for a\n"
	 "paper shown a moment in the interface and kept papers during sync, or\n"
	 "now with --fetch.\n",
	 CMD_READS, cmd_show},
	{"read", "ID", NULL, CMD_WORDS_RAW, read_opts,
	 "Show a paper's full text, Hugging Face's Markdown of it: fetched once\n"
	 "(at most 8 MiB) and kept in the cache, where fulltext:WORDS finds it;\n"
	 "in $PAGER on a terminal, else printed. Control and escape sequences are\n"
	 "dropped. A paper without one exits 1: no full text for ID.\n",
	 CMD_READS, cmd_read},
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
	 CMD_READS, cmd_export},
	{"zotero", "QUERY...", NULL, CMD_WORDS_QUERY, zotero_opts,
	 "Send the papers that match QUERY to the running Zotero, through its\n"
	 "connector (zotero_url, http://127.0.0.1:23119), into the collection\n"
	 "selected in Zotero: each a Preprint with its authors, abstract, date,\n"
	 "URL, DOI, archive ID (arXiv:ID), tags and note. The query is required.\n"
	 "A paper sent before is left out (is:inzotero) unless --again. When\n"
	 "Zotero is not running, says so in one line, sends nothing and exits 1.\n",
	 0, cmd_zotero},
	{"tags", NULL, NULL, CMD_WORDS_NONE, NULL,
	 "Print every tag in use with its number of papers, tab-separated.\n", CMD_READS, cmd_tags},
	{"views", NULL, NULL, CMD_WORDS_NONE, NULL,
	 "Print the saved views (name and query, tab-separated): the defaults and\n"
	 "the config's view.NAME lines.\n",
	 CMD_READS, cmd_views},
	{"digest", NULL, NULL, CMD_WORDS_NONE, digest_opts,
	 "Print the papers that arrived in the cache since the last digest (the\n"
	 "first time: in the last 7 days), for a mail from cron: a group for each\n"
	 "alert.NAME = QUERY line of the config, then the best of sort:foryou.\n"
	 "A paper listed more than 14 days before it arrived (a back-fill) is\n"
	 "left out. Nothing new: prints nothing and exits 0. The bookmark moves\n"
	 "only once the digest was written.\n",
	 0, cmd_digest},
	{"forget", NULL, NULL, CMD_WORDS_NONE, NULL,
	 "Forget what papyr learned from the marks: every model and score in the\n"
	 "cache is deleted (the marks stay). It learns again when next asked to\n"
	 "rank by sort:foryou.\n",
	 0, cmd_forget},
	{"names", "[KIND]", NULL, CMD_WORDS_RAW, NULL,
	 "Print the names papyr knows of one KIND, one a line: commands, sorts\n"
	 "(sort keys), formats (export's), list-formats, digest-formats, views\n"
	 "(the defaults), states (is:), has (has:), marks (mark's words) or\n"
	 "fields (a query's FIELD:). Without KIND, the kinds. The completion\n"
	 "script reads them from here.\n",
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
