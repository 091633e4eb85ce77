/*
 * qx: times one query inside a running process, the way the interface runs
 * it on each key: compile the text, read the first page (50 rows), count.
 * For the benchmark (tests/bench/run.sh).
 *
 *     qx [-p] [-s] [-v] CACHE RUNS QUERY
 *
 * -p compiles with QUERY_PREFIX_LAST (search as you type: the last word is a
 * prefix); the sort is the query's (sort:relevance). -s runs QUERY as the
 * interface's search does: a search (QUERY_SEARCH) with its last word a
 * prefix, the newest RANK_WINDOW matches ranked, the matched words of the
 * page's titles marked (db_mark_titles). -v writes the first
 * page's SQL and its query plan to stderr. Prints one line:
 *
 *     page_med page_p95 count_med count_p95 sql_med sql_p95 rows count
 *
 * in milliseconds: the first page through papyr (query_compile + db_list),
 * the count (db_count), and as the baseline the very SELECT papyr ran for
 * the first page (caught with sqlite3_trace_v2, values filled in) prepared
 * and stepped through plain SQLite on the same connection.
 *
 *     qx -k CACHE FILE
 *
 * ranks each query of FILE (one a line, the query up to a tab; empty
 * lines and lines starting with # skipped) the way the interface's search
 * does: the last word a prefix, the query's own sort, the newest
 * RANK_WINDOW matches ranked. Prints the ids of the first 10,
 * tab-separated, one line a query (an empty line when nothing matched or
 * the query did not compile).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#include <sqlite3.h>

#include "../../db/db.h"
#include "../../src/query.h"

/* As the interface's list (ui/listpane.c). */
#define RANK_WINDOW DB_RANK_WINDOW

static char *last_select;

static int trace(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)x;
	if (type != SQLITE_TRACE_STMT)
		return 0;
	char *sql = sqlite3_expanded_sql(p);
	if (sql && strncmp(sql, "SELECT p.pid", 12) == 0) {
		free(last_select);
		last_select = strdup(sql);
	}
	sqlite3_free(sql);
	return 0;
}

/* -k: the first 10 ids of each query in file, as the interface ranks them. */
static int rank_queries(const char *path, const char *file)
{
	FILE *in = fopen(file, "r");
	if (!in) {
		perror(file);
		return 1;
	}
	struct db *db;
	char *err = NULL;
	if (db_open(&db, path, &err) != 0) {
		fprintf(stderr, "qx: %s\n", err);
		fclose(in);
		return 1;
	}
	char line[4096];
	struct db_page pg = {0};
	while (fgets(line, sizeof line, in)) {
		if (line[0] == '#' || line[0] == '\n' || line[0] == '\0')
			continue;
		line[strcspn(line, "\t\n")] = '\0';
		struct query_env env = {.flags = QUERY_PREFIX_LAST | QUERY_SEARCH};
		struct query *q;
		if (query_compile(line, &env, &q, NULL, &err) != 0) {
			fprintf(stderr, "qx: %s: %s\n", line, err);
			free(err);
			err = NULL;
			putchar('\n');
			continue;
		}
		struct db_filter *f = query_filter(q);
		f->rank_window = RANK_WINDOW;
		int rc = db_list(db, f, NULL, 0, 10, &pg, &err);
		int respelt = 0; /* as the interface does: the words meant, */
		for (const char *const *w = query_words(q); rc == 0 && pg.n == 0 && *w; w++) {
			char *near = NULL;
			if (db_word_suggest(db, *w, &near, &err) == 0 && near)
				respelt += query_respell(q, *w, near);
			free(near);
			free(err);
			err = NULL;
		}
		if (respelt) {
			f = query_filter(q);
			f->rank_window = RANK_WINDOW;
			rc = db_list(db, f, NULL, 0, 10, &pg, &err);
		}
		if (rc == 0 && pg.n == 0 && query_relax(q) > 0) { /* then partial matches */
			f = query_filter(q);
			f->rank_window = RANK_WINDOW;
			rc = db_list(db, f, NULL, 0, 10, &pg, &err);
		}
		if (rc != 0) {
			fprintf(stderr, "qx: %s: %s\n", line, err);
			free(err);
			err = NULL;
			pg.n = 0;
		}
		for (int i = 0; i < pg.n; i++)
			printf("%s%s", i ? "\t" : "", pg.rows[i].id);
		putchar('\n');
		query_free(&q);
	}
	fclose(in);
	db_page_free(&pg);
	db_close(&db);
	return 0;
}

int main(int argc, char **argv)
{
	int prefix = 0, verbose = 0, opt;
	int rank = 0, search = 0;
	long window = RANK_WINDOW;
	while ((opt = getopt(argc, argv, "+pvksw:")) != -1) {
		if (opt == 'p')
			prefix = 1;
		else if (opt == 's')
			search = 1;
		else if (opt == 'w')
			window = atol(optarg);
		else if (opt == 'v')
			verbose = 1;
		else if (opt == 'k')
			rank = 1;
		else
			goto usage;
	}
	if (rank) {
		if (argc - optind != 2)
			goto usage;
		return rank_queries(argv[optind], argv[optind + 1]);
	}
	if (argc - optind != 3)
		goto usage;
	const char *path = argv[optind], *text = argv[optind + 2];
	int runs = atoi(argv[optind + 1]);
	if (runs < 1)
		goto usage;
	struct db *db;
	char *err = NULL;
	if (db_open(&db, path, &err) != 0) {
		fprintf(stderr, "qx: %s\n", err);
		return 1;
	}
	sqlite3_trace_v2(db_handle(db), SQLITE_TRACE_STMT, trace, NULL);
	double *page = calloc((size_t)runs, sizeof *page);
	double *count = calloc((size_t)runs, sizeof *count);
	double *raw = calloc((size_t)runs, sizeof *raw);
	struct db_page pg = {0};
	long n = 0;
	int rows = 0;
	for (int i = -1; i < runs; i++) { /* run -1 warms up */
		double t0 = now_ms();
		struct query_env env = {.flags = search ? QUERY_PREFIX_LAST | QUERY_SEARCH
						 : prefix ? QUERY_PREFIX_LAST : 0u};
		struct query *q;
		if (query_compile(text, &env, &q, NULL, &err) != 0) {
			fprintf(stderr, "qx: %s\n", err);
			return 2;
		}
		struct db_filter *f = query_filter(q);
		if (search)
			f->rank_window = window;
		if (db_list(db, f, NULL, 0, 50, &pg, &err) != 0 ||
		    (search && db_mark_titles(db, f, &pg, &err) != 0)) {
			fprintf(stderr, "qx: %s\n", err);
			return 1;
		}
		double t1 = now_ms();
		if (db_count(db, f, &n, &err) != 0) {
			fprintf(stderr, "qx: %s\n", err);
			return 1;
		}
		double t2 = now_ms();
		query_free(&q);
		rows = pg.n;
		if (i >= 0) {
			page[i] = t1 - t0;
			count[i] = t2 - t1;
		}
	}
	/* The baseline: the same SELECT, plain SQLite, all its rows read. */
	sqlite3_trace_v2(db_handle(db), 0, NULL, NULL);
	sqlite3_stmt *st = NULL;
	if (!last_select || sqlite3_prepare_v2(db_handle(db), last_select, -1, &st, NULL)) {
		fprintf(stderr, "qx: no SELECT to replay\n");
		return 1;
	}
	if (verbose) { /* the plan of the statement papyr prepares */
		fprintf(stderr, "%s\n", last_select);
		struct query *q = NULL;
		char *plan = NULL;
		struct query_env env = {.flags = search ? QUERY_PREFIX_LAST | QUERY_SEARCH
						 : prefix ? QUERY_PREFIX_LAST : 0u};
		if (query_compile(text, &env, &q, NULL, &err) == 0 && search)
			query_filter(q)->rank_window = RANK_WINDOW;
		if (q && db_list_plan(db, query_filter(q), 50, &plan, &err) == 0)
			fprintf(stderr, "%s", plan);
		else
			fprintf(stderr, "qx: %s\n", err);
		free(plan);
		query_free(&q);
	}
	for (int i = -1; i < runs; i++) {
		double t0 = now_ms();
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++)
				sqlite3_column_text(st, c);
		sqlite3_reset(st);
		if (i >= 0)
			raw[i] = now_ms() - t0;
	}
	sqlite3_finalize(st);
	printf("%.2f %.2f %.2f %.2f %.2f %.2f %d %ld\n", pct(page, runs, 0.5),
	       pct(page, runs, 0.95), pct(count, runs, 0.5), pct(count, runs, 0.95),
	       pct(raw, runs, 0.5), pct(raw, runs, 0.95), rows, n);
	db_page_free(&pg);
	db_close(&db);
	free(last_select);
	return 0;
usage:
	fprintf(stderr, "usage: qx [-p] [-s] [-v] CACHE RUNS QUERY\n       qx -k CACHE FILE\n");
	return 2;
}
