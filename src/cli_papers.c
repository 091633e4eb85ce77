/* cli_papers: list, show, tag, mark and note (see cli.h). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../db/db.h"
#include "cli.h"
#include "paper_json.h"
#include "spawn.h"
#include "util.h"

enum list_format { FMT_TABLE, FMT_TSV, FMT_JSON, FMT_IDS };

static int term_cols(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int n = env ? atoi(env) : 0;
	return n > 20 ? n : 100;
}

/* "u*dN": unread, starred, dismissed, noted; '.' where not set. */
static void flag_marks(unsigned flags, char out[5])
{
	out[0] = flags & DB_READ ? '.' : 'u';
	out[1] = flags & DB_STARRED ? '*' : '.';
	out[2] = flags & DB_DISMISSED ? 'd' : '.';
	out[3] = flags & DB_NOTED ? 'n' : '.';
	out[4] = '\0';
}

static void print_fitted(const char *s, int cols)
{
	int used;
	size_t n = text_fit(s, cols, &used);
	fwrite(s, 1, n, stdout);
}

static void print_table_row(const struct db_row *r, int cols)
{
	char marks[5];
	flag_marks(r->flags, marks);
	int fixed = printf("%-10s  %-10s  %5ld  %s  ", r->id, r->day, r->upvotes, marks);
	int room = cols - fixed;
	int tw = text_width(r->title);
	int tagw = r->tags[0] ? text_width(r->tags) + 3 : 0;
	if (tw + tagw > room && tw > room - tagw) {
		print_fitted(r->title, room - tagw - 1 > 10 ? room - tagw - 1 : room - 1);
		fputs("~", stdout);
	} else {
		fputs(r->title, stdout);
	}
	if (tagw && room > tagw + 10) {
		fputs(" [", stdout);
		print_fitted(r->tags, tagw - 3);
		fputs("]", stdout);
	}
	putchar('\n');
}

static int print_row(struct cli *c, enum list_format fmt, const struct db_row *r,
		     int cols, long nth, char **err)
{
	char marks[5];
	switch (fmt) {
	case FMT_IDS:
		puts(r->id);
		return 0;
	case FMT_TSV:
		flag_marks(r->flags, marks);
		printf("%s\t%s\t%ld\t%ld\t%s\t%s\t%s\n", r->id, r->day, r->upvotes,
		       r->comments, marks, r->title, r->tags);
		return 0;
	case FMT_TABLE:
		print_table_row(r, cols);
		return 0;
	case FMT_JSON: {
		struct db_paper dp;
		int rc = db_get_pid(c->db, r->pid, &dp, err);
		if (rc != 1)
			return -1;
		cJSON *o = paper_to_json(&dp);
		char *s = cJSON_PrintUnformatted(o);
		printf("%s%s", nth ? ",\n" : "", s);
		cJSON_free(s);
		cJSON_Delete(o);
		db_paper_clear(&dp);
		return 0;
	}
	}
	return 0;
}

static const char *const sort_names[DB_SORT_COUNT_] = {
	[DB_SORT_DAY] = "day",       [DB_SORT_UPVOTES] = "upvotes",
	[DB_SORT_COMMENTS] = "comments", [DB_SORT_STARS] = "stars",
	[DB_SORT_TITLE] = "title",   [DB_SORT_PUBLISHED] = "published",
};

static int parse_sort(const char *s, struct db_filter *f)
{
	f->reverse = *s == '-';
	s += f->reverse;
	for (int i = 0; i < DB_SORT_COUNT_; i++)
		if (strcmp(s, sort_names[i]) == 0) {
			f->sort = (enum db_sort)i;
			return 0;
		}
	return -1;
}

static int parse_format(const char *s, enum list_format *fmt)
{
	static const char *const names[] = {"table", "tsv", "json", "ids"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*fmt = (enum list_format)i;
			return 0;
		}
	return -1;
}

/* Streams the filter's rows, a page at a time, keyset after the last. */
static int print_list(struct cli *c, const struct db_filter *f, enum list_format fmt,
		      long limit, char **err)
{
	struct db_page pg = {0};
	struct db_row last = {0};
	int cols = term_cols(), rc = 0, have_last = 0;
	long printed = 0;
	if (fmt == FMT_JSON)
		fputs("[", stdout);
	while (limit < 0 || printed < limit) {
		int want = limit < 0 || limit - printed > 256 ? 256 : (int)(limit - printed);
		rc = db_list(c->db, f, have_last ? &last : NULL, 0, want, &pg, err);
		if (rc != 0 || pg.n == 0)
			break;
		for (int i = 0; i < pg.n && rc == 0; i++)
			rc = print_row(c, fmt, &pg.rows[i], cols, printed++, err);
		if (rc != 0)
			break;
		db_row_clear(&last);
		last = pg.rows[pg.n - 1];
		pg.rows[pg.n - 1] = (struct db_row){0}; /* moved out of the page */
		have_last = 1;
		if (pg.n < want)
			break;
	}
	if (fmt == FMT_JSON && rc == 0)
		fputs(printed ? "\n]\n" : "]\n", stdout);
	db_row_clear(&last);
	db_page_free(&pg);
	return rc;
}

int cmd_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"sort", required_argument, NULL, 's'},
		{"limit", required_argument, NULL, 'n'},
		{"tag", required_argument, NULL, 't'},
		{"day", required_argument, NULL, 'D'},
		{"unread", no_argument, NULL, 'u'},
		{"all", no_argument, NULL, 'a'},
		{0, 0, 0, 0},
	};
	enum list_format fmt = is_tty(STDOUT_FILENO) ? FMT_TABLE : FMT_TSV;
	struct db_filter f = {0};
	struct db_bind binds[2];
	struct buf where = {0};
	long limit = -1;
	int all = 0, ch, rc = EXIT_USAGE;
	const char *tag = NULL, *day = NULL;
	int unread = 0;
	while ((ch = getopt_long(argc, argv, "+f:s:n:", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'f':
			if (parse_format(optarg, &fmt) != 0)
				return cli_usage("list", "unknown format '%s': use table, tsv, "
						 "json or ids", optarg);
			break;
		case 's':
			if (parse_sort(optarg, &f) != 0)
				return cli_usage("list", "unknown sort '%s'", optarg);
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*end || limit < 0)
				return cli_usage("list", "--limit takes a whole number");
			break;
		case 't': tag = optarg; break;
		case 'D':
			if (!date_valid(optarg))
				return cli_usage("list", "--day takes a date like 2026-06-12");
			day = optarg;
			break;
		case 'u': unread = 1; break;
		case 'a': all = 1; break;
		default: return cli_usage("list", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("list", "unexpected argument '%s'", argv[optind]);
	buf_adds(&where, all ? "1" : "s.dismissed_at IS NULL");
	if (unread)
		buf_adds(&where, " AND COALESCE(s.read, 0) = 0");
	if (tag) {
		buf_adds(&where, " AND EXISTS (SELECT 1 FROM tags t WHERE t.pid = p.pid"
				 " AND t.tag = ?)");
		binds[f.nbinds++] = (struct db_bind){.type = DB_BIND_TEXT, .text = tag};
	}
	if (day) {
		buf_adds(&where, " AND EXISTS (SELECT 1 FROM paper_days d WHERE"
				 " d.pid = p.pid AND d.day = ?)");
		binds[f.nbinds++] = (struct db_bind){.type = DB_BIND_TEXT, .text = day};
	}
	f.where = where.data;
	f.binds = binds;
	char *err = NULL;
	rc = print_list(c, &f, fmt, limit, &err) == 0 ? EXIT_OK : EXIT_ERROR;
	if (err) {
		cli_error("%s", err);
		free(err);
	}
	buf_free(&where);
	return rc;
}

/* ---- show ---- */

static void print_wrapped(const char *label, const char *text, int width)
{
	struct text_line *lines;
	char *clean = text_clean(text, strlen(text), TEXT_COLLAPSE | TEXT_KEEP_NEWLINES);
	size_t n = text_wrap(clean, width - 2, &lines);
	if (label)
		printf("\n%s\n", label);
	for (size_t i = 0; i < n; i++)
		printf("  %.*s\n", (int)lines[i].len, clean + lines[i].off);
	free(lines);
	free(clean);
}

static void print_joined(const char *label, const char *s, const char *sep)
{
	printf("%-14s", label);
	for (const char *c = s; *c; c++)
		if (*c == '\n')
			fputs(sep, stdout);
		else
			putchar(*c);
	putchar('\n');
}

static void print_state(const struct db_paper *dp)
{
	printf("%-14s%s%s%s\n", "State:", dp->flags & DB_READ ? "read" : "unread",
	       dp->flags & DB_STARRED ? ", starred" : "",
	       dp->flags & DB_DISMISSED ? ", dismissed" : "");
	if (dp->tags[0]) {
		printf("%-14s", "Tags:");
		for (char **t = dp->tags; *t; t++)
			printf("%s%s", t == dp->tags ? "" : " ", *t);
		putchar('\n');
	}
}

static void print_links(const struct db_paper *dp)
{
	char *abs = paper_abs_url(dp->p.id), *pdf = paper_pdf_url(dp->p.id);
	char *hf = paper_hf_url(dp->p.id);
	printf("\nLinks\n  [1] %s\n  [2] %s\n  [3] %s\n", abs, pdf, hf);
	int n = 4;
	if (dp->p.github_repo)
		printf("  [%d] %s\n", n++, dp->p.github_repo);
	if (dp->p.project_page)
		printf("  [%d] %s\n", n, dp->p.project_page);
	free(abs);
	free(pdf);
	free(hf);
}

static void print_paper(const struct db_paper *dp)
{
	const struct paper *p = &dp->p;
	int width = term_cols() > 100 ? 100 : term_cols();
	printf("%s  %s\n\n", p->id, p->title);
	print_joined("Authors:", p->authors, ", ");
	printf("%-14s%s\n", "Published:", p->published ? p->published : "unknown");
	if (dp->days[0]) {
		printf("%-14s", "Listed:");
		for (char **d = dp->days; *d; d++)
			printf("%s%s", d == dp->days ? "" : " ", *d);
		putchar('\n');
	}
	printf("%-14s%ld   Comments: %ld", "Upvotes:", p->upvotes, p->comments);
	if (p->github_repo)
		printf("   GitHub stars: %ld", p->github_stars);
	putchar('\n');
	if (p->organization)
		printf("%-14s%s\n", "Organization:", p->organization);
	print_state(dp);
	if (p->ai_summary)
		print_wrapped("AI summary", p->ai_summary, width);
	if (p->ai_keywords) {
		putchar('\n');
		print_joined("Keywords:", p->ai_keywords, ", ");
	}
	print_wrapped("Abstract", p->abstract, width);
	print_links(dp);
	if (dp->note)
		print_wrapped("Note", dp->note, width);
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage("show", "show takes one paper ID");
	struct db_paper dp;
	char *err = NULL;
	int rc = db_get(c->db, argv[1], &dp, &err);
	if (rc == 1) {
		print_paper(&dp);
		db_paper_clear(&dp);
		return EXIT_OK;
	}
	if (rc == 0)
		cli_error("%s: no such paper in the cache", argv[1]);
	else
		cli_error("%s", err);
	free(err);
	return EXIT_ERROR;
}

/* ---- tag, mark: all changes in one transaction, or none ---- */

static int in_tx(struct cli *c, int (*fn)(struct cli *, int, char **, char **),
		 int argc, char **argv)
{
	char *err = NULL;
	if (db_begin(c->db, &err) == 0) {
		if (fn(c, argc, argv, &err) == 0 && db_commit(c->db, &err) == 0)
			return EXIT_OK;
		db_rollback(c->db);
	}
	cli_error("%s (nothing was changed)", err);
	free(err);
	return EXIT_ERROR;
}

static int apply_tags(struct cli *c, int argc, char **argv, char **err)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '+' || argv[i][0] == '-')
			continue;
		for (int j = 1; j < argc; j++) {
			const char *op = argv[j];
			int rc = 0;
			if (op[0] == '+')
				rc = db_tag_add(c->db, argv[i], op + 1, err);
			else if (op[0] == '-')
				rc = db_tag_remove(c->db, argv[i], op + 1, err);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

int cmd_tag(struct cli *c, int argc, char **argv)
{
	int ids = 0, ops = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '+' || argv[i][0] == '-') {
			if (!argv[i][1])
				return cli_usage("tag", "'%s' needs a tag name after it", argv[i]);
			ops++;
		} else {
			ids++;
		}
	}
	if (!ids || !ops)
		return cli_usage("tag", "tag needs paper IDs and +TAG or -TAG");
	return in_tx(c, apply_tags, argc, argv);
}

static int apply_marks(struct cli *c, int argc, char **argv, char **err)
{
	for (int i = 1; i < argc; i++) {
		if (db_mark_parse(argv[i]) >= 0)
			continue;
		for (int j = 1; j < argc; j++) {
			int m = db_mark_parse(argv[j]);
			if (m >= 0 && db_mark(c->db, argv[i], (enum db_mark)m, err) != 0)
				return -1;
		}
	}
	return 0;
}

int cmd_mark(struct cli *c, int argc, char **argv)
{
	int ids = 0, marks = 0;
	for (int i = 1; i < argc; i++)
		db_mark_parse(argv[i]) >= 0 ? marks++ : ids++;
	if (!ids || !marks)
		return cli_usage("mark", "mark needs paper IDs and one of read, unread, "
				 "star, unstar, dismiss, undismiss");
	return in_tx(c, apply_marks, argc, argv);
}

/* ---- note ---- */

static char *join_args(int argc, char **argv)
{
	struct buf b = {0};
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	return buf_detach(&b);
}

/* Trailing white space an editor leaves is not part of the note. */
static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

int cmd_note(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("note", "note needs a paper ID");
	char *err = NULL, *old = NULL, *text = NULL;
	int rc = EXIT_ERROR;
	if (db_note_get(c->db, argv[1], &old, &err) != 0)
		goto out;
	if (argc > 2) {
		text = join_args(argc - 2, argv + 2);
	} else if (spawn_edit_text(old ? old : "", &text, &err) != 0) {
		goto out;
	}
	char *clean = text_clean(text, strlen(text), TEXT_KEEP_NEWLINES);
	trim_end(clean);
	if (db_note_set(c->db, argv[1], clean, &err) == 0) {
		rc = EXIT_OK;
		if (!c->quiet)
			printf("%s: %s\n", argv[1], *clean ? "note saved" : "note removed");
	}
	free(clean);
out:
	if (err) {
		cli_error("%s", err);
		free(err);
	}
	free(old);
	free(text);
	return rc;
}
