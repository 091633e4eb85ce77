/* cmd_papers: list, show, tag, mark and note (see cmd.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../learn.h"
#include "../marks.h"
#include "../paper_json.h"
#include "../parse_arxiv.h"
#include "../pages.h"
#include "../query.h"
#include "../rows.h"
#include "../sort_key.h"
#include "../spawn.h"
#include "../base/mem.h"
#include "../base/buf.h"
#include "../base/text.h"
#include "../base/date.h"
#include "../base/file.h"

enum list_format { FMT_TABLE, FMT_TSV, FMT_JSON, FMT_IDS };

static int term_cols(const struct config *cfg)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return cfg->columns > 20 ? cfg->columns : 100;
}


/*
 * Text from the cache on its way to a terminal. papyr cleans what it stores,
 * but another program may have written the cache: control and escape
 * sequences are dropped here too (text_clean). Printable ASCII, nearly
 * every title, goes through as it is; else *copy is the cleaned copy to
 * free, and the one returned.
 */
static char *shown(char *s, char **copy)
{
	*copy = NULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c >= 0x7F)
			return *copy = text_clean(s, strlen(s), 0);
	return s;
}

static void print_fitted(const char *s, int cols)
{
	int used;
	size_t n = text_fit(s, cols, &used);
	fwrite(s, 1, n, stdout);
}

/* The table's columns: the header and each row print through it. */
#define TABLE_ROW "%-10s  %-10s  %5s  %-4s  "

static void print_table_header(void)
{
	printf(TABLE_ROW "%s\n", "ID", "DAY", "UP", "MARK", "TITLE [TAGS]");
}

static void print_table_row(const struct db_row *r, int cols)
{
	char marks[MARKS_LEN + 1], up[24];
	marks_format(r->flags, '.', marks);
	snprintf(up, sizeof up, "%ld", r->upvotes);
	int fixed = printf(TABLE_ROW, r->id, r->day, up, marks);
	int room = cols - fixed;
	int tw = text_width(r->title);
	int tagw = r->tags[0] ? text_width(r->tags) + 3 : 0;
	const char *ell = text_ellipsis();
	int ew = text_width(ell);
	if (tw + tagw > room && tw > room - tagw) {
		print_fitted(r->title, room - tagw - ew > 10 ? room - tagw - ew : room - ew);
		fputs(ell, stdout);
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

static int print_row(struct context *c, enum list_format fmt, const struct db_row *r,
		     int cols, long nth, char **err)
{
	char marks[MARKS_LEN + 1];
	switch (fmt) {
	case FMT_IDS:
		puts(r->id);
		return 0;
	case FMT_TSV:
		marks_format(r->flags, '.', marks);
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

static const char *const list_formats[] = {
	[FMT_TABLE] = "table", [FMT_TSV] = "tsv", [FMT_JSON] = "json", [FMT_IDS] = "ids",
};

#define NLIST_FORMATS (sizeof list_formats / sizeof list_formats[0])

const char *cmd_list_format_name(int i)
{
	return i >= 0 && (size_t)i < NLIST_FORMATS ? list_formats[i] : NULL;
}

static int parse_format(const char *s, enum list_format *fmt)
{
	for (size_t i = 0; i < NLIST_FORMATS; i++)
		if (strcmp(s, list_formats[i]) == 0) {
			*fmt = (enum list_format)i;
			return 0;
		}
	return -1;
}

struct printing {
	struct context *c;
	enum list_format fmt;
	int cols;
	long printed;
};

/* Stops at the first row stdout did not take: a full disk or a reader
 * gone (papyr list | head) need no more rows. */
static int print_one(void *ctx, const struct db_row *row, char **err)
{
	struct printing *pr = ctx;
	if (pr->fmt == FMT_TABLE && pr->printed == 0)
		print_table_header();
	if (pr->fmt == FMT_JSON && pr->printed == 0)
		fputs("[", stdout);
	struct db_row r = *row;
	char *copy[4];
	r.id = shown(row->id, &copy[0]);
	r.day = shown(row->day, &copy[1]);
	r.title = shown(row->title, &copy[2]);
	r.tags = shown(row->tags, &copy[3]);
	int rc = print_row(pr->c, pr->fmt, &r, pr->cols, pr->printed++, err);
	for (int i = 0; i < 4; i++)
		free(copy[i]);
	return rc == 0 && cmd_output_broken() ? 1 : rc;
}

/* True when the cache holds no paper at all (not one that a query hides). */
static int cache_empty(struct db *db)
{
	struct db_filter all = {0};
	struct db_page pg = {0};
	char *err = NULL;
	int empty = db_list(db, &all, NULL, 0, 1, &pg, &err) == 0 && pg.n == 0;
	db_page_free(&pg);
	free(err);
	return empty;
}

/* Each search word the cache holds nowhere gets the nearest word of the
 * index, when one is near, and the search looks for that word instead.
 * Returns how many it took. */
static int suggest_words(struct context *c, struct query *q)
{
	int respelt = 0;
	for (const char *const *w = query_words(q); *w; w++) {
		char *near = NULL, *err = NULL;
		if (db_word_suggest(c->db, *w, &near, &err) == 0 && near) {
			cmd_error("no paper has '%s'; did you mean '%s'?", *w, near);
			respelt += query_respell(q, *w, near);
		}
		free(near);
		free(err);
	}
	return respelt;
}

/* Prints at most limit of the query's rows (limit < 0: all). A search no
 * paper answers whole looks for the words a "did you mean" offers instead
 * of those the cache holds nowhere, then lists the best partial matches,
 * and says so.
 * Returns 0, 1 when stdout broke (cmd_output_end says why), or -1 with
 * *err. */
static int print_list(struct context *c, struct query *q, enum list_format fmt,
		      long limit, char **err)
{
	struct printing pr = {.c = c, .fmt = fmt, .cols = term_cols(&c->cfg)};
	int rc = rows_each(c->db, query_filter(q), limit, print_one, &pr, err);
	int words;
	if (rc == 0 && pr.printed == 0 && suggest_words(c, q) > 0)
		rc = rows_each(c->db, query_filter(q), limit, print_one, &pr, err);
	if (rc == 0 && pr.printed == 0 && (words = query_relax(q)) > 0) {
		cmd_error("no paper has all %d words; best partial matches", words);
		rc = rows_each(c->db, query_filter(q), limit, print_one, &pr, err);
	}
	if (fmt == FMT_JSON && rc == 0)
		fputs(pr.printed ? "\n]\n" : "[]\n", stdout);
	if (rc == 0 && pr.printed == 0 && cache_empty(c->db))
		cmd_error("the cache is empty: run 'papyr sync' (or 'papyr import FILE')");
	return rc;
}

/* The arguments joined by spaces: a new string ("" for none). */
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

/*
 * Compiles the query words, and the older --tag/--unread/--day options as
 * the terms they stand for. The words are checked alone first, so an error
 * names a column of what the user typed, and only a whole, balanced query
 * is then put in parentheses beside the options.
 */
static int compile_list_query(struct context *c, const char *words, const char *opts,
			      unsigned flags, struct query **q)
{
	struct query_env env = {.cfg = &c->cfg, .flags = flags};
	char *err = NULL;
	if (query_compile(words, &env, q, NULL, &err) != 0) {
		cmd_error("%s", err);
		free(err);
		return -1;
	}
	if (!*opts)
		return 0;
	query_free(q);
	char *text = *words ? xasprintf("(%s)%s", words, opts) : xstrdup(opts);
	int rc = query_compile(text, &env, q, NULL, &err);
	if (rc != 0) {
		cmd_error("%s", err);
		free(err);
	}
	free(text);
	return rc;
}

/* What list's arguments ask for. */
struct list_args {
	enum list_format fmt;
	enum db_sort sort;
	int have_sort, reverse;
	int exact;          /* rank every match, not the newest DB_RANK_WINDOW */
	long limit;
	unsigned flags;     /* enum query_flags */
	struct buf extra;   /* --tag, --unread, --day as query terms */
};

/* Applies one option; returns 0, or EXIT_USAGE after saying why. */
static int apply_list_opt(struct list_args *a, const struct cmd_given *g)
{
	const char *name = g->opt->name, *val = g->value;
	char *end;
	if (strcmp(name, "format") == 0) {
		if (parse_format(val, &a->fmt) != 0)
			return cmd_usage("list", "unknown format '%s': use table, tsv, json or ids",
					 val);
	} else if (strcmp(name, "sort") == 0) {
		if (sort_key_parse(val, &a->sort, &a->reverse) != 0)
			return cmd_usage("list", "unknown sort '%s'", val);
		a->have_sort = 1;
	} else if (strcmp(name, "limit") == 0) {
		a->limit = strtol(val, &end, 10);
		if (*end || a->limit < 0 || end == val)
			return cmd_usage("list", "--limit takes a whole number");
	} else if (strcmp(name, "tag") == 0) {
		buf_adds(&a->extra, " tag:");
		buf_add_quoted(&a->extra, val, '"');
	} else if (strcmp(name, "day") == 0) {
		if (!date_valid(val))
			return cmd_usage("list", "--day takes a date like 2026-06-12");
		buf_printf(&a->extra, " date:%s", val);
	} else if (strcmp(name, "unread") == 0) {
		buf_adds(&a->extra, " is:unread");
	} else if (strcmp(name, "all") == 0) {
		a->flags |= QUERY_SHOW_DISMISSED;
	} else if (strcmp(name, "exact") == 0) {
		a->exact = 1;
	}
	return 0;
}

int cmd_list(struct context *c, const struct cmd_args *args)
{
	/* list's free words are a search: they also match longer words */
	struct list_args a = {.fmt = is_tty(STDOUT_FILENO) ? FMT_TABLE : FMT_TSV, .limit = -1,
			      .flags = QUERY_SEARCH};
	struct query *q = NULL;
	char *words = join_args(args->argc - 1, args->argv + 1);
	int rc = 0;
	for (int i = 0; i < args->ngiven && rc == 0; i++)
		rc = apply_list_opt(&a, &args->given[i]);
	if (rc != 0)
		goto out;
	rc = EXIT_USAGE;
	if (compile_list_query(c, words, a.extra.data ? a.extra.data : "", a.flags, &q) != 0)
		goto out;
	struct db_filter *f = query_filter(q);
	if (a.have_sort) {
		f->sort = a.sort;
		f->reverse = a.reverse;
	}
	/* a search ranks the newest matches, as the interface does, so that a
	 * common word answers in bounded time; --exact ranks them all */
	f->rank_window = a.exact ? 0 : DB_RANK_WINDOW;
	char *err = NULL;
	rc = EXIT_ERROR;
	if (cmd_rank_ready(c, f) != 0)
		goto out;
	rc = print_list(c, q, a.fmt, a.limit, &err) >= 0 ? EXIT_OK : EXIT_ERROR;
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
out:
	query_free(&q);
	free(words);
	buf_free(&a.extra);
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
		printf("  [%d] %s\n", n++, dp->p.project_page);
	if (dp->p.source & PAPER_SRC_ARXIV) {
		char *html = paper_html_url(dp->p.id);
		printf("  [%d] %s\n", n, html);
		free(html);
	}
	free(abs);
	free(pdf);
	free(hf);
}

static void clean_field(char **s, unsigned flags)
{
	if (!*s)
		return;
	char *c = text_clean(*s, strlen(*s), flags);
	free(*s);
	*s = c;
}

/* Every field show prints, cleaned as list's are (see shown()); the
 * abstract, the AI summary and the note are cleaned as they are wrapped. */
static void clean_paper(struct db_paper *dp)
{
	struct paper *p = &dp->p;
	char **one_line[] = {&p->id, &p->title, &p->published, &p->github_repo,
			     &p->project_page, &p->organization, &p->categories, &p->primary,
			     &p->announced, &p->announce_type, &p->arxiv_comment,
			     &p->journal_ref};
	for (size_t i = 0; i < sizeof one_line / sizeof one_line[0]; i++)
		clean_field(one_line[i], 0);
	clean_field(&p->authors, TEXT_KEEP_NEWLINES);  /* one a line */
	clean_field(&p->ai_keywords, TEXT_KEEP_NEWLINES);
	for (char **d = dp->days; d && *d; d++)
		clean_field(d, 0);
	for (char **t = dp->tags; t && *t; t++)
		clean_field(t, 0);
}

static void print_paper(const struct db_paper *dp, int cols)
{
	const struct paper *p = &dp->p;
	int width = cols > 100 ? 100 : cols;
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
	if (p->source & PAPER_SRC_ARXIV) {
		printf("%-14s", "arXiv:");
		if (p->version > 0)
			printf("v%d", p->version);
		if (p->primary)
			printf("%s%s (primary)", p->version > 0 ? "   " : "", p->primary);
		if (p->categories)
			printf("   %s", p->categories);
		putchar('\n');
		if (p->announced)
			printf("%-14s%s%s%s%s\n", "Announced:", p->announced,
			       p->announce_type ? " (" : "", p->announce_type ? p->announce_type : "",
			       p->announce_type ? ")" : "");
		if (p->arxiv_comment)
			printf("%-14s%s\n", "arXiv note:", p->arxiv_comment);
		if (p->journal_ref)
			printf("%-14s%s\n", "Journal:", p->journal_ref);
	}
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

/* The words that push the paper up under model, after the paper. */
static int print_why(struct context *c, const char *model, const char *id)
{
	struct learn_word *w;
	char *note = NULL, *err = NULL;
	int n = learn_why(c->db, &c->cfg, model, id, 10, &w, &note, &err);
	if (n < 0) {
		cmd_error("%s", err);
		free(err);
		return EXIT_ERROR;
	}
	if (note) {
		cmd_error("%s", note);
		free(note);
		if (!n)
			return EXIT_OK;
	}
	printf("\nWhy (%s)\n", model);
	if (!n)
		printf("  no word of it pushes it up\n");
	for (int i = 0; i < n; i++)
		printf("  %-32s %+.3f\n", w[i].word, w[i].weight);
	learn_words_free(&w, n);
	return EXIT_OK;
}

/* "WhySoCodius/grid (108 downloads, 1 like)" for each of a page's lines. */
static void print_linked(const char *label, const char *lines, long total)
{
	if (!total)
		return;
	int shown = 0;
	for (const char *s = lines; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = xstrndup(s, len);
		char *tab = strchr(line, '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
		if (tab && tab2) {
			*tab = *tab2 = '\0';
			char *id = text_clean(line, strlen(line), 0);
			long dl = atol(tab + 1), likes = atol(tab2 + 1);
			printf("  %-14s%s (%ld download%s, %ld like%s)\n", shown ? "" : label, id, dl,
			       dl == 1 ? "" : "s", likes, likes == 1 ? "" : "s");
			free(id);
			shown++;
		}
		free(line);
		s += len + (e != NULL);
	}
	if (total > shown)
		printf("  %-14s%s%ld in all\n", shown ? "" : label, shown ? "... " : "", total);
}

/* What the paper's Hugging Face page said, when it was fetched. */
static void print_page(struct context *c, const char *id)
{
	struct db_hfpage pg;
	char *err = NULL;
	if (db_hfpage_get(c->db, id, &pg, &err) != 1) {
		free(err);
		return;
	}
	char day[16];
	time_t t = (time_t)pg.fetched_at;
	struct tm tm;
	strftime(day, sizeof day, "%Y-%m-%d", gmtime_r(&t, &tm));
	if (!pg.found) {
		printf("\nHugging Face page: none (asked %s)\n", day);
		db_hfpage_clear(&pg);
		return;
	}
	printf("\nHugging Face page (fetched %s)\n", day);
	printf("  Models: %ld   Datasets: %ld   Spaces: %ld\n", pg.num_models, pg.num_datasets,
	       pg.num_spaces);
	print_linked("Models:", pg.models, pg.num_models);
	print_linked("Datasets:", pg.datasets, pg.num_datasets);
	print_linked("Spaces:", pg.spaces, pg.num_spaces);
	char **one[] = {&pg.github_repo, &pg.project_page, &pg.organization};
	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
		clean_field(one[i], 0);
	if (pg.github_repo)
		printf("  %-14s%s (%ld stars)\n", "GitHub:", pg.github_repo, pg.github_stars);
	if (pg.project_page)
		printf("  %-14s%s\n", "Project:", pg.project_page);
	if (pg.organization)
		printf("  %-14s%s\n", "Organization:", pg.organization);
	db_hfpage_clear(&pg);
}

/* show --fetch: the paper's page, fetched now. 0, or -1 with *err. */
static int fetch_page(struct context *c, const char *id, char **err)
{
	struct db_paper dp;
	int got = db_get(c->db, id, &dp, err);
	if (got == 0) {
		free(*err);
		*err = xasprintf("%s: no such paper in the cache", id);
	}
	if (got != 1)
		return -1;
	db_paper_clear(&dp);
	struct pages_opts o = {.hf_url = c->cfg.hf_url, .token = c->cfg.hf_token,
			       .timeout = c->cfg.timeout, .max_wait = c->cfg.retry_max_wait};
	char *ids[] = {(char *)id, NULL};
	int stored, failed;
	char *why = NULL;
	if (pages_fetch(c->db, &o, ids, 1, &stored, &failed, &why, err) != 0)
		return -1;
	if (failed) {
		*err = xasprintf("fetching the paper's page: %s", why);
		free(why);
		return -1;
	}
	free(why);
	return 0;
}

static int show_one(struct context *c, const char *id, int fetch, const char *why);

/* 1 when the cache holds id, 0 when not, -1 on an error (the caller's
 * own lookup then says it). */
static int cached(struct context *c, const char *id)
{
	int64_t pid;
	char *err = NULL;
	int got = db_pid_of(c->db, id, &pid, &err);
	free(err);
	return got;
}

char *cmd_paper_id(struct context *c, const char *typed)
{
	if (cached(c, typed) != 0)
		return xstrdup(typed);
	int version;
	char *bare = arxiv_split_id(typed, &version);
	if (bare && strcmp(bare, typed) != 0 && cached(c, bare) == 1)
		return bare;
	free(bare);
	return xstrdup(typed);
}

int cmd_show(struct context *c, const struct cmd_args *a)
{
	if (a->argc != 2)
		return cmd_usage("show", "show takes one paper ID");
	const char *why = cmd_arg(a, "why");
	if (why && *why && !db_tag_valid(why))
		return cmd_usage("show", "--why=TAG takes a tag");
	char *id = cmd_paper_id(c, a->argv[1]);
	int exit_rc = show_one(c, id, cmd_arg(a, "fetch") != NULL, why);
	free(id);
	return exit_rc;
}

static int show_one(struct context *c, const char *id, int fetch, const char *why)
{
	struct db_paper dp;
	char *err = NULL;
	int exit_rc = EXIT_OK;
	if (fetch && fetch_page(c, id, &err) != 0) {
		cmd_error("%s", err ? err : "fetching the paper's page failed");
		free(err);
		err = NULL;
		exit_rc = EXIT_ERROR;
	}
	int rc = db_get(c->db, id, &dp, &err);
	if (rc == 1) {
		clean_paper(&dp);
		print_paper(&dp, term_cols(&c->cfg));
		print_page(c, dp.p.id);
		db_paper_clear(&dp);
		if (!why)
			return exit_rc;
		char model[96];
		snprintf(model, sizeof model, "foryou%s%s", *why ? ":" : "", why);
		int wrc = print_why(c, model, id);
		return exit_rc != EXIT_OK ? exit_rc : wrc;
	}
	if (rc == 0)
		cmd_error("%s: no such paper in the cache", id);
	else
		cmd_error("%s", err);
	free(err);
	return EXIT_ERROR;
}

int cmd_forget(struct context *c, const struct cmd_args *a)
{
	(void)a;
	char *err = NULL;
	if (learn_forget(c->db, &err) != 0) {
		cmd_error("%s", err);
		free(err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* ---- tag, mark: all changes in one transaction, or none ---- */

static int in_tx(struct context *c, int (*fn)(struct context *, int, char **, char **),
		 int argc, char **argv)
{
	char *err = NULL;
	if (db_begin(c->db, &err) == 0) {
		if (fn(c, argc, argv, &err) == 0 && db_commit(c->db, &err) == 0)
			return EXIT_OK;
		db_rollback(c->db);
	}
	cmd_error("%s (nothing was changed)", err);
	free(err);
	return EXIT_ERROR;
}

static int apply_tags(struct context *c, int argc, char **argv, char **err)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '+' || argv[i][0] == '-')
			continue;
		char *id = cmd_paper_id(c, argv[i]);
		for (int j = 1; j < argc; j++) {
			const char *op = argv[j];
			int rc = 0;
			if (op[0] == '+')
				rc = db_tag_add(c->db, id, op + 1, err);
			else if (op[0] == '-')
				rc = db_tag_remove(c->db, id, op + 1, err);
			if (rc != 0) {
				free(id);
				return -1;
			}
		}
		free(id);
	}
	return 0;
}

int cmd_tag(struct context *c, const struct cmd_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	int ids = 0, ops = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '+' || argv[i][0] == '-') {
			if (!argv[i][1])
				return cmd_usage("tag", "'%s' needs a tag name after it", argv[i]);
			ops++;
		} else {
			ids++;
		}
	}
	if (!ids || !ops)
		return cmd_usage("tag", "tag needs paper IDs and +TAG or -TAG");
	return in_tx(c, apply_tags, argc, argv);
}

static int apply_marks(struct context *c, int argc, char **argv, char **err)
{
	for (int i = 1; i < argc; i++) {
		if (db_mark_parse(argv[i]) >= 0)
			continue;
		char *id = cmd_paper_id(c, argv[i]);
		for (int j = 1; j < argc; j++) {
			int m = db_mark_parse(argv[j]);
			if (m >= 0 && db_mark(c->db, id, (enum db_mark)m, err) != 0) {
				free(id);
				return -1;
			}
		}
		free(id);
	}
	return 0;
}

int cmd_mark(struct context *c, const struct cmd_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	int ids = 0, marks = 0;
	for (int i = 1; i < argc; i++)
		db_mark_parse(argv[i]) >= 0 ? marks++ : ids++;
	if (!ids || !marks) {
		struct buf b = {0};
		for (int i = 0; db_mark_name(i); i++)
			buf_printf(&b, "%s%s", i ? ", " : "", db_mark_name(i));
		cmd_usage("mark", "mark needs paper IDs and one of %s", b.data);
		buf_free(&b);
		return EXIT_USAGE;
	}
	return in_tx(c, apply_marks, argc, argv);
}

/* ---- note ---- */

/* Trailing white space an editor leaves is not part of the note. */
static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

int cmd_note(struct context *c, const struct cmd_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	if (argc < 2)
		return cmd_usage("note", "note needs a paper ID");
	char *err = NULL, *old = NULL, *text = NULL;
	int rc = EXIT_ERROR;
	char *id = cmd_paper_id(c, argv[1]);
	if (db_note_get(c->db, id, &old, &err) != 0)
		goto out;
	if (argc > 2) {
		text = join_args(argc - 2, argv + 2);
	} else if (spawn_edit_text(old ? old : "", c->cfg.editor, c->cfg.tmpdir, &text,
				   &err) != 0) {
		goto out;
	}
	char *clean = text_clean(text, strlen(text), TEXT_KEEP_NEWLINES);
	trim_end(clean);
	if (db_note_set(c->db, id, clean, &err) == 0) {
		rc = EXIT_OK;
		if (!c->quiet)
			printf("%s: %s\n", id, *clean ? "note saved" : "note removed");
	}
	free(clean);
out:
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
	free(id);
	free(old);
	free(text);
	return rc;
}
