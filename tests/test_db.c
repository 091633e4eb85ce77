/* Tests for the cache: migrations, ingest, user state, FTS, windowed reads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../db/db.h"
#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "../src/base/paper.h"
#include "../src/base/date.h"
#include "test_cache.h"

static char path[64];

static int setup(void **state)
{
	*state = test_cache_open(path, "db");
	return 0;
}

static int teardown(void **state)
{
	struct db *db = *state;
	test_cache_remove(&db, path);
	return 0;
}

static void mkpaper(struct paper *p, const char *id, const char *title, const char *day,
		    long upvotes)
{
	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	p->title = xstrdup(title);
	p->abstract = xstrdup("An abstract about state space models.");
	p->authors = xstrdup("Ann Author\nBo Writer");
	p->day = day ? xstrdup(day) : NULL;
	p->published = xstrdup("2026-01-01");
	p->upvotes = upvotes;
	p->has = PAPER_HAS_UPVOTES;
}

static void store(struct db *db, struct paper *ps, int n, long *added, long *updated)
{
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int i = 0; i < n; i++)
		if (sink.on_paper(sink.ctx, &ps[i], &err) != 0)
			fail_msg("%s", err);
	if (db_ingest_flush(ing, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_counts(ing, added, updated);
	db_ingest_free(&ing);
}

static long scalar(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_open_refuses_a_non_cache(void **state)
{
	(void)state;
	char junk[] = "/tmp/papyr-junk.XXXXXX";
	int fd = mkstemp(junk);
	assert_int_equal(write(fd, "this is not a database, just text.......", 40), 40);
	close(fd);
	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(&db, junk, &err), -1);
	assert_null(db);
	assert_non_null(strstr(err, "not a papyr cache"));
	free(err);
	unlink(junk);
}

static void test_migrations_from_empty(void **state)
{
	struct db *db = *state;
	assert_int_equal(scalar(db, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
				    "('papers','state','tags','notes','sync_log','papers_fts')"), 6);
	char *err = NULL;
	struct db *again;
	assert_int_equal(db_open(&again, path, &err), 0); /* reopening migrates nothing */
	db_close(&again);
}

/* Takes a cache back to the search index of schema 3: four columns, no
 * stems, its triggers; without what migration 4 added. */
#define OLD_INDEX_SQL \
	"DROP TRIGGER papers_ai; DROP TRIGGER papers_ad; DROP TRIGGER papers_au;" \
	"DROP TABLE papers_fts; DROP TABLE acronyms;" \
	"ALTER TABLE papers DROP COLUMN extra;" \
	"CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors, ai_keywords," \
	" content='papers', content_rowid='pid'," \
	" tokenize='unicode61 remove_diacritics 2', prefix='2 3');" \
	"CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN" \
	" INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords)" \
	" VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords); END;" \
	"CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN" \
	" INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords)" \
	" VALUES ('delete', old.pid, old.title, old.abstract, old.authors, old.ai_keywords);" \
	" END;" \
	"CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract, authors, ai_keywords" \
	" ON papers BEGIN" \
	" INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords)" \
	" VALUES ('delete', old.pid, old.title, old.abstract, old.authors, old.ai_keywords);" \
	" INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords)" \
	" VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords); END;" \
	"INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');"

/* A cache of schema 1 (a sync log without its partial columns) is taken
 * forward on open, its rows kept. */
/* A version-1 cache (the tables as they were) migrates forward and keeps
 * its sync log. */
static void test_migration_2_keeps_the_sync_log(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_int_equal(db_synclog_ok(db, "2026-01-05", 7, NULL, NULL, &err), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), OLD_INDEX_SQL
				      "ALTER TABLE sync_log DROP COLUMN partial_tries;"
				      "ALTER TABLE sync_log DROP COLUMN refused;"
				      "DROP TABLE sync_runs;"
				      /* what migration 4 added */
				      "DROP TRIGGER papers_cats_ai; DROP TRIGGER papers_cats_au;"
				      "DROP TABLE paper_cats; DROP TABLE arxiv_state;"
				      "DROP INDEX papers_by_primary; DROP INDEX papers_by_announced;"
				      "ALTER TABLE papers DROP COLUMN sources;"
				      "ALTER TABLE papers DROP COLUMN categories;"
				      "ALTER TABLE papers DROP COLUMN primary_cat;"
				      "ALTER TABLE papers DROP COLUMN version;"
				      "ALTER TABLE papers DROP COLUMN announced;"
				      "ALTER TABLE papers DROP COLUMN announce_type;"
				      "ALTER TABLE papers DROP COLUMN arxiv_comment;"
				      "ALTER TABLE papers DROP COLUMN journal_ref;"
				      "ALTER TABLE papers DROP COLUMN revised;"
				      "DROP INDEX papers_by_trend;"
				      "ALTER TABLE papers DROP COLUMN trend;"
				      /* what migration 11 added */
				      "DROP TRIGGER learn_text_au; DROP TABLE learn_chunks;"
				      "DROP TABLE learn_scores; DROP TABLE learn_refeature;"
				      "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	struct db *again;
	assert_int_equal(db_open(&again, path, &err), 0);
	assert_int_equal(scalar(again, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(scalar(again, "SELECT papers FROM sync_log WHERE day = '2026-01-05'"
				       " AND partial_tries = 0 AND refused IS NULL"), 7);
	db_close(&again);
}

/* Migration 9: what was learned in the old form of the terms is dropped
 * (it is derived: it is learned again), the papers and marks stay. */
static void test_migration_9_forgets_what_was_learned(void **state)
{
	struct db *db = *state;
	struct paper p;
	long added, updated;
	mkpaper(&p, "2601.00001", "Diffusion models", "2026-01-05", 3);
	store(db, &p, 1, &added, &updated);
	paper_clear(&p);
	/* the tables as migration 9 found them */
	assert_int_equal(sqlite3_exec(db_handle(db),
				      "DROP TABLE learn_models; DROP TABLE learn_df;"
				      "CREATE TABLE learn_terms (pid INTEGER PRIMARY KEY,"
				      " terms BLOB NOT NULL);"
				      "CREATE TABLE learn_df (term INTEGER PRIMARY KEY,"
				      " docs INTEGER NOT NULL);"
				      "CREATE TABLE learn_models (name TEXT PRIMARY KEY,"
				      " marks INTEGER NOT NULL, config TEXT NOT NULL,"
				      " built INTEGER NOT NULL, positives INTEGER NOT NULL,"
				      " negatives INTEGER NOT NULL, scored INTEGER NOT NULL DEFAULT 0,"
				      " weights BLOB NOT NULL);"
				      "CREATE TABLE scores (model TEXT NOT NULL, score REAL NOT NULL,"
				      " pid INTEGER NOT NULL, PRIMARY KEY (model, score, pid))"
				      " WITHOUT ROWID;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db_handle(db),
				      "INSERT INTO learn_terms VALUES (1, x'01020304');"
				      "INSERT INTO learn_df VALUES (-1, 1);"
				      "INSERT INTO learn_models (name, marks, config, built, positives,"
				      " negatives, scored, weights) VALUES ('foryou', 0, '', 0, 3, 3, 1, x'');"
				      "INSERT INTO scores (model, pid, score) VALUES ('foryou', 1, 0.5);"
				      "INSERT INTO state (pid, starred) VALUES (1, 1);"
				      "PRAGMA user_version = 8", NULL, NULL, NULL), SQLITE_OK);
	char *err = NULL;
	struct db *again;
	assert_int_equal(db_open(&again, path, &err), 0);
	assert_int_equal(scalar(again, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(scalar(again, "SELECT (SELECT count(*) FROM learn_chunks) +"
				       " (SELECT count(*) FROM learn_df) +"
				       " (SELECT count(*) FROM learn_models) +"
				       " (SELECT count(*) FROM learn_scores)"), 0);
	/* the old forms are gone (migration 11) */
	assert_int_equal(scalar(again, "SELECT count(*) FROM sqlite_schema WHERE name IN"
				       " ('learn_terms', 'scores')"), 0);
	assert_int_equal(scalar(again, "SELECT count(*) FROM papers"), 1);
	assert_int_equal(scalar(again, "SELECT starred FROM state WHERE pid = 1"), 1);
	db_close(&again);
}

/* The migration that gives CJK runs their terms: the papers holding CJK
 * text in any of the texts learned from have them stored again, the others
 * not; every model scores every paper again. The cache is set one version
 * before that migration, so it and any later one run. */
#define CJK_TERMS_MIGRATION 12
static void test_migration_refeatures_cjk_papers(void **state)
{
	struct db *db = *state;
	struct paper ps[7];
	long added, updated;
	mkpaper(&ps[0], "2601.00001", "Diffusion models", "2026-01-05", 3);
	mkpaper(&ps[1], "2601.00002", "大语言模型的量化", "2026-01-05", 3);
	mkpaper(&ps[2], "2601.00003", "Quantization", "2026-01-05", 3);
	free(ps[2].abstract);
	ps[2].abstract = xstrdup("We study quantization: 我们研究量化。");
	mkpaper(&ps[3], "2601.00004", "Caf\u00e9 \u2014 r\u00e9sum\u00e9", "2026-01-05", 3);
	free(ps[3].abstract);
	ps[3].abstract = xstrdup("Na\u00efve \u201cquotes\u201d \u2264 3");
	mkpaper(&ps[4], "2601.00005", "Pruning", "2026-01-05", 3);
	ps[4].ai_keywords = xstrdup("pruning\n剪枝");
	mkpaper(&ps[5], "2601.00006", "Korean", "2026-01-05", 3); /* extra not made yet */
	free(ps[5].abstract);
	ps[5].abstract = xstrdup("\ud55c\uad6d\uc5b4 \ubaa8\ub378");
	mkpaper(&ps[6], "2601.00007", "Plain", "2026-01-05", 3);
	free(ps[6].abstract);
	ps[6].abstract = xstrdup("Na\u00efve");
	store(db, ps, 7, &added, &updated);
	for (int i = 0; i < 7; i++)
		paper_clear(&ps[i]);
	char sql[320];
	snprintf(sql, sizeof sql,
		 "UPDATE papers SET extra = NULL WHERE pid IN (6, 7);"
		 "INSERT INTO learn_models (name, marks, config, built, positives, negatives,"
		 " scored, weights) VALUES ('foryou', 0, '', 0, 3, 3, 4, x'');"
		 "PRAGMA user_version = %d", CJK_TERMS_MIGRATION - 1);
	assert_int_equal(sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK);
	char *err = NULL;
	struct db *again;
	assert_int_equal(db_open(&again, path, &err), 0);
	assert_int_equal(scalar(again, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(scalar(again, "SELECT group_concat(pid) = '2,3,5,6' FROM"
				       " (SELECT pid FROM learn_refeature ORDER BY pid)"), 1);
	assert_int_equal(scalar(again, "SELECT scored FROM learn_models"), 0);
	db_close(&again);
}

static void test_same_day_twice_keeps_one_row_and_state(void **state)
{
	struct db *db = *state;
	struct paper ps[2];
	long added, updated;
	char *err = NULL;
	mkpaper(&ps[0], "2601.00001", "Mamba returns", "2026-01-05", 3);
	mkpaper(&ps[1], "2601.00002", "Diffusion again", "2026-01-05", 9);
	store(db, ps, 2, &added, &updated);
	assert_int_equal(added, 2);
	assert_int_equal(db_tag_add(db, "2601.00001", "toread", &err), 0);
	assert_int_equal(db_mark(db, "2601.00001", DB_MARK_STAR, &err), 0);
	assert_int_equal(db_note_set(db, "2601.00001", "read this", &err), 0);

	ps[0].upvotes = 30; /* upvotes move during the day */
	store(db, ps, 2, &added, &updated);
	assert_int_equal(added, 0);
	assert_int_equal(updated, 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM paper_days"), 2);

	struct db_paper dp;
	assert_int_equal(db_get(db, "2601.00001", &dp, &err), 1);
	assert_int_equal(dp.p.upvotes, 30);
	assert_true(dp.flags & DB_STARRED);
	assert_string_equal(dp.tags[0], "toread");
	assert_string_equal(dp.note, "read this");
	db_paper_clear(&dp);
	paper_clear(&ps[0]);
	paper_clear(&ps[1]);
}

static void test_fts_follows_the_papers(void **state)
{
	struct db *db = *state;
	struct paper p;
	long a, u;
	mkpaper(&p, "2601.00003", "Kolmogorov networks", "2026-01-06", 1);
	store(db, &p, 1, &a, &u);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH "
				    "'kolmogorov'"), 1);
	free(p.title);
	p.title = xstrdup("Arnold networks");
	store(db, &p, 1, &a, &u);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH "
				    "'kolmogorov'"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH "
				    "'arnold'"), 1);
	sqlite3_exec(db_handle(db), "INSERT INTO papers_fts(papers_fts, rank) "
		     "VALUES('integrity-check', 1)", NULL, NULL, NULL);
	assert_int_equal(sqlite3_errcode(db_handle(db)), SQLITE_OK);
	paper_clear(&p);
}

static void test_absent_fields_do_not_erase(void **state)
{
	struct db *db = *state;
	struct paper p;
	long a, u;
	char *err = NULL;
	mkpaper(&p, "2601.00004", "Repo paper", "2026-01-07", 5);
	p.github_repo = xstrdup("https://github.com/x/y");
	p.comments = 4;
	p.has |= PAPER_HAS_COMMENTS;
	store(db, &p, 1, &a, &u);
	paper_clear(&p);
	/* a search result: no day, no comments, no repo */
	mkpaper(&p, "2601.00004", "Repo paper", NULL, 6);
	store(db, &p, 1, &a, &u);
	struct db_paper dp;
	assert_int_equal(db_get(db, "2601.00004", &dp, &err), 1);
	assert_string_equal(dp.p.github_repo, "https://github.com/x/y");
	assert_int_equal(dp.p.comments, 4);
	assert_int_equal(dp.p.upvotes, 6);
	assert_string_equal(dp.p.day, "2026-01-07");
	db_paper_clear(&dp);
	paper_clear(&p);
}

static void test_windowed_reads_forward_and_back(void **state)
{
	struct db *db = *state;
	enum { N = 50 };
	struct paper ps[N];
	long a, u;
	char *err = NULL;
	for (int i = 0; i < N; i++) {
		char id[24], day[11];
		snprintf(id, sizeof id, "2602.%05d", i);
		date_add_days("2026-02-01", i % 5, day);
		mkpaper(&ps[i], id, "T", day, i % 3);
	}
	store(db, ps, N, &a, &u);
	for (int i = 0; i < N; i++)
		paper_clear(&ps[i]);

	struct db_filter f = {.sort = DB_SORT_DAY};
	struct db_page all = {0}, pg = {0};
	assert_int_equal(db_list(db, &f, NULL, 0, 100, &all, &err), 0);
	assert_int_equal(all.n, N);
	/* pages of 7 forward reproduce the full order */
	struct db_row *after = NULL;
	int seen = 0;
	struct db_page keep = {0};
	for (;;) {
		assert_int_equal(db_list(db, &f, after, 0, 7, &pg, &err), 0);
		for (int i = 0; i < pg.n; i++)
			assert_int_equal(pg.rows[i].pid, all.rows[seen + i].pid);
		seen += pg.n;
		if (pg.n < 7)
			break;
		struct db_page tmp = keep;
		keep = pg;
		pg = tmp;
		after = &keep.rows[keep.n - 1];
	}
	assert_int_equal(seen, N);
	/* backward from row 20 gives rows 13..19 in list order */
	assert_int_equal(db_list(db, &f, &all.rows[20], 1, 7, &pg, &err), 0);
	assert_int_equal(pg.n, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(pg.rows[i].pid, all.rows[13 + i].pid);
	long count;
	assert_int_equal(db_count(db, &f, &count, &err), 0);
	assert_int_equal(count, N);
	db_page_free(&all);
	db_page_free(&pg);
	db_page_free(&keep);
}

static void test_state_errors_name_the_paper(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_int_equal(db_mark(db, "2699.99999", DB_MARK_READ, &err), -1);
	assert_non_null(strstr(err, "2699.99999: no such paper"));
	free(err);
	err = NULL;
	assert_false(db_tag_valid(""));
	assert_false(db_tag_valid("two words"));
	assert_false(db_tag_valid("-neg"));
	assert_false(db_tag_valid("a,b"));
	assert_false(db_tag_valid("esc\x1b"));
	/* what text_clean drops would be lost on export and import */
	assert_false(db_tag_valid("\xe2\x80\xaetnerT"));
	assert_false(db_tag_valid("a\xe2\x81\xa6" "b"));
	assert_false(db_tag_valid("line\xe2\x80\xa8" "sep"));
	assert_true(db_tag_valid("to-read"));
	assert_true(db_tag_valid("読む"));
	assert_int_equal(db_mark_parse("unstar"), DB_MARK_UNSTAR);
	assert_int_equal(db_mark_parse("bogus"), -1);
}

static void test_sync_log(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct db_synclog s;
	assert_int_equal(db_synclog_get(db, "2026-03-01", &s, &err), 0);
	assert_int_equal(db_synclog_ok(db, "2026-03-01", 25, "\"abc\"", NULL, &err), 0);
	assert_int_equal(db_synclog_fail(db, "2026-03-01", "HTTP 500", &err), 0);
	assert_int_equal(db_synclog_get(db, "2026-03-01", &s, &err), 1);
	assert_int_equal(s.papers, 25); /* a failure keeps what the last fetch said */
	assert_string_equal(s.etag, "\"abc\"");
	assert_string_equal(s.error, "HTTP 500");
	db_synclog_clear(&s);
	assert_int_equal(db_synclog_ok(db, "2026-03-01", 26, NULL, NULL, &err), 0);
	assert_int_equal(db_synclog_get(db, "2026-03-01", &s, &err), 1);
	assert_null(s.error);
	db_synclog_clear(&s);
}

/* A day stored without its refused papers: not fetched (it is fetched
 * again) until settled; the tries count up; a whole fetch forgets them. */
static void test_sync_log_partial_days(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct db_synclog s;
	int tries = -1;
	assert_int_equal(db_synclog_partial_tries(db, "2026-03-02", &tries, &err), 0);
	assert_int_equal(tries, 0);
	assert_int_equal(db_synclog_partial(db, "2026-03-02", 13, 2, "paper 1: a\npaper 8: b",
					    0, &err), 0);
	assert_int_equal(db_synclog_get(db, "2026-03-02", &s, &err), 1);
	assert_int_equal(s.papers, 13);
	assert_int_equal(s.fetched_at, 0);
	assert_string_equal(s.error, "2 papers refused, the others stored");
	db_synclog_clear(&s);
	assert_int_equal(db_synclog_partial(db, "2026-03-02", 13, 1, "paper 8: b", 1, &err), 0);
	assert_int_equal(db_synclog_partial_tries(db, "2026-03-02", &tries, &err), 0);
	assert_int_equal(tries, 2);
	assert_int_equal(db_synclog_get(db, "2026-03-02", &s, &err), 1);
	assert_null(s.error);
	assert_true(s.fetched_at > 0);
	db_synclog_clear(&s);
	assert_int_equal(scalar(db, "SELECT refused = 'paper 8: b' FROM sync_log"
				    " WHERE day = '2026-03-02'"), 1);
	assert_int_equal(db_synclog_ok(db, "2026-03-02", 14, NULL, NULL, &err), 0);
	assert_int_equal(db_synclog_partial_tries(db, "2026-03-02", &tries, &err), 0);
	assert_int_equal(tries, 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM sync_log WHERE refused IS NULL"), 1);
}

/* Paper i of the batch tests: group g = i / DB_INGEST_BATCH in its title. */
static void mkbatched(struct paper *p, int i, int round)
{
	char id[16], title[64], day[16];
	snprintf(id, sizeof id, "2602.%05d", i);
	snprintf(title, sizeof title, "Paper %d on grp%d", i, i / DB_INGEST_BATCH);
	snprintf(day, sizeof day, "2026-02-%02d", i % 28 + 1);
	mkpaper(p, id, title, day, i + round);
	if (i % 3 == 0 && round == 0) {
		p->comments = 2L * i;
		p->has |= PAPER_HAS_COMMENTS;
	}
}

static void fts_ok(struct db *db)
{
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO papers_fts(papers_fts, rank)"
				      " VALUES('integrity-check', 1)", NULL, NULL, NULL),
			 SQLITE_OK);
}

static long matches(struct db *db, const char *q)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM papers_fts"
					    " WHERE papers_fts MATCH ?1", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

#define NBATCHED 1000

static void test_batched_ingest(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_true(NBATCHED % DB_INGEST_BATCH != 0); /* a remainder is written too */
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	struct paper p;
	long added, updated;
	for (int i = 0; i < NBATCHED; i++) {
		mkbatched(&p, i, 0);
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
		if (i == 10) { /* paper 3 again, in the same batch: the later one wins */
			mkpaper(&p, "2602.00003", "Paper 3 revised on grp0", "2026-03-01", 777);
			if (sink.on_paper(sink.ctx, &p, &err) != 0)
				fail_msg("%s", err);
			paper_clear(&p);
		}
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_counts(ing, &added, &updated);
	db_ingest_free(&ing);
	assert_int_equal(added, NBATCHED); /* paper 3 counted once */
	assert_int_equal(updated, 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), NBATCHED);
	assert_int_equal(scalar(db, "SELECT count(*) FROM paper_days"), NBATCHED + 1);
	fts_ok(db);

	for (int i = 0; i < NBATCHED; i++) {
		struct db_paper dp;
		mkbatched(&p, i, 0);
		assert_int_equal(db_get(db, p.id, &dp, &err), 1);
		if (i == 3) {
			assert_string_equal(dp.p.title, "Paper 3 revised on grp0");
			assert_int_equal(dp.p.upvotes, 777);
			assert_string_equal(dp.p.day, "2026-03-01");
			assert_string_equal(dp.days[0], "2026-03-01");
			assert_string_equal(dp.days[1], p.day);
			assert_null(dp.days[2]);
		} else {
			assert_string_equal(dp.p.title, p.title);
			assert_int_equal(dp.p.upvotes, i);
			assert_string_equal(dp.p.day, p.day);
			assert_string_equal(dp.days[0], p.day);
			assert_null(dp.days[1]);
		}
		assert_int_equal(dp.p.comments, i % 3 == 0 ? 2L * i : 0);
		assert_string_equal(dp.p.published, "2026-01-01");
		assert_string_equal(dp.p.authors, "Ann Author\nBo Writer");
		db_paper_clear(&dp);
		paper_clear(&p);
	}
	for (int g = 0; g <= (NBATCHED - 1) / DB_INGEST_BATCH; g++) {
		char q[16];
		snprintf(q, sizeof q, "grp%d", g);
		long want = g < NBATCHED / DB_INGEST_BATCH ? DB_INGEST_BATCH
							   : NBATCHED % DB_INGEST_BATCH;
		assert_int_equal(matches(db, q), want);
	}
	assert_int_equal(matches(db, "revised"), 1);
	assert_int_equal(matches(db, "\"paper 3 on\""), 0);

	/* Again, with the user's state set: every row is updated, its state kept,
	 * and what the new copy lacks (comments) kept too. */
	assert_int_equal(db_tag_add(db, "2602.00500", "toread", &err), 0);
	assert_int_equal(db_mark(db, "2602.00500", DB_MARK_STAR, &err), 0);
	assert_int_equal(db_note_set(db, "2602.00500", "a note", &err), 0);
	assert_int_equal(db_begin(db, &err), 0);
	ing = db_ingest_new(db);
	sink = db_ingest_sink(ing);
	for (int i = 0; i < NBATCHED; i++) {
		mkbatched(&p, i, 1);
		if (sink.on_paper(sink.ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_counts(ing, &added, &updated);
	db_ingest_free(&ing);
	assert_int_equal(added, 0);
	assert_int_equal(updated, NBATCHED);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), NBATCHED);
	struct db_paper dp;
	assert_int_equal(db_get(db, "2602.00500", &dp, &err), 1);
	assert_int_equal(dp.p.upvotes, 501);
	assert_string_equal(dp.tags[0], "toread");
	assert_true(dp.flags & DB_STARRED);
	assert_string_equal(dp.note, "a note");
	db_paper_clear(&dp);
	assert_int_equal(db_get(db, "2602.00501", &dp, &err), 1);
	assert_int_equal(dp.p.comments, 2L * 501);
	db_paper_clear(&dp);
	assert_int_equal(db_get(db, "2602.00003", &dp, &err), 1);
	assert_string_equal(dp.p.title, "Paper 3 on grp0");
	assert_string_equal(dp.p.day, "2026-03-01"); /* the newest listed day stays */
	db_paper_clear(&dp);
	assert_int_equal(matches(db, "revised"), 0);
	fts_ok(db);
}

/* Hands n batched papers (from first on) to sink; each must be accepted. */
static void hand_over(struct paper_sink *sink, int first, int n)
{
	char *err = NULL;
	struct paper p;
	for (int i = first; i < first + n; i++) {
		mkbatched(&p, i, 0);
		if (sink->on_paper(sink->ctx, &p, &err) != 0)
			fail_msg("%s", err);
		paper_clear(&p);
	}
}

static void test_batched_ingest_rollback_and_lookups(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct paper p;
	long a, u;
	mkpaper(&p, "2602.90000", "Kept paper", "2026-02-01", 1);
	store(db, &p, 1, &a, &u);
	paper_clear(&p);

	/* Rolled back, full batches and a pending remainder alike leave nothing. */
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	hand_over(&sink, 0, 2 * DB_INGEST_BATCH + 5);
	mkpaper(&p, "2602.90000", "Changed paper", "2026-02-02", 50);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), 0);
	paper_clear(&p);
	db_rollback(db);
	db_ingest_free(&ing);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM paper_days"), 1);
	assert_int_equal(scalar(db, "SELECT upvotes FROM papers"), 1);
	assert_int_equal(matches(db, "changed"), 0);
	fts_ok(db);

	/* A read inside an ingest sees only what was flushed: looking a paper
	 * up writes nothing behind the caller's back. */
	assert_int_equal(db_begin(db, &err), 0);
	ing = db_ingest_new(db);
	sink = db_ingest_sink(ing);
	mkpaper(&p, "2602.90001", "Fresh paper", "2026-02-03", 2);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), 0);
	paper_clear(&p);
	struct db_paper dp;
	assert_int_equal(db_get(db, "2602.90001", &dp, &err), 0);
	free(err);
	err = NULL;
	assert_int_equal(db_tag_add(db, "2602.90001", "new", &err), -1);
	assert_non_null(strstr(err, "2602.90001"));
	free(err);
	err = NULL;
	assert_int_equal(db_ingest_pending(ing), 1);
	/* Flushed, it is there for state and reads. */
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_ingest_pending(ing), 0);
	assert_int_equal(db_tag_add(db, "2602.90001", "new", &err), 0);
	assert_int_equal(db_get(db, "2602.90001", &dp, &err), 1);
	db_paper_clear(&dp);
	mkpaper(&p, "2602.90002", "Second fresh paper", "2026-02-03", 3);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), 0);
	paper_clear(&p);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_counts(ing, &a, &u);
	db_ingest_free(&ing);
	assert_int_equal(a, 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 3);
	assert_int_equal(scalar(db, "SELECT count(*) FROM tags"), 1);
	assert_int_equal(matches(db, "fresh"), 2);
	fts_ok(db);
}

/* Makes every write on db fail (SQLITE_READONLY), or allows them again. */
static void set_readonly(struct db *db, int on)
{
	assert_int_equal(sqlite3_exec(db_handle(db), on ? "PRAGMA query_only = 1"
						       : "PRAGMA query_only = 0",
				      NULL, NULL, NULL), SQLITE_OK);
}

static void test_ingest_flush_errors_reach_the_caller(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	long a, u;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);

	/* The explicit flush fails: the error says so, the papers stay. */
	hand_over(&sink, 0, 5);
	set_readonly(db, 1);
	assert_int_equal(db_ingest_flush(ing, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "2602.00000"));
	free(err);
	err = NULL;
	assert_int_equal(db_ingest_pending(ing), 5);

	/* So does the sink when the paper it takes completes a batch: a full
	 * batch it could not write is kept, and written before the next paper. */
	hand_over(&sink, 5, DB_INGEST_BATCH - 5 - 1);
	struct paper p;
	mkbatched(&p, DB_INGEST_BATCH - 1, 0);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), -1);
	paper_clear(&p);
	assert_non_null(err);
	assert_non_null(strstr(err, "read-only"));
	free(err);
	err = NULL;
	assert_int_equal(db_ingest_pending(ing), DB_INGEST_BATCH);
	mkbatched(&p, DB_INGEST_BATCH, 0);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), -1);
	paper_clear(&p);
	free(err);
	err = NULL;
	assert_int_equal(db_ingest_pending(ing), DB_INGEST_BATCH);

	/* A commit that would leave papers out refuses (and rolls back). */
	set_readonly(db, 0);
	assert_int_equal(db_commit(db, &err), -1);
	assert_non_null(strstr(err, "not written"));
	free(err);
	err = NULL;
	db_ingest_free(&ing);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 0);

	/* Once writes work again, a second flush writes every paper kept. */
	assert_int_equal(db_begin(db, &err), 0);
	ing = db_ingest_new(db);
	sink = db_ingest_sink(ing);
	hand_over(&sink, 0, 3);
	set_readonly(db, 1);
	hand_over(&sink, 3, DB_INGEST_BATCH - 3 - 1);
	mkbatched(&p, DB_INGEST_BATCH - 1, 0);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), -1);
	paper_clear(&p);
	free(err);
	err = NULL;
	set_readonly(db, 0);
	hand_over(&sink, DB_INGEST_BATCH, 2);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_ingest_pending(ing), 0);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_counts(ing, &a, &u);
	db_ingest_free(&ing);
	assert_int_equal(a, DB_INGEST_BATCH + 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), DB_INGEST_BATCH + 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM paper_days"), DB_INGEST_BATCH + 2);
	fts_ok(db);
}

static void test_ingest_refused_paper_keeps_the_batch(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	sqlite3 *h = db_handle(db);
	assert_int_equal(sqlite3_exec(h,
		"CREATE TEMP TRIGGER refuse BEFORE INSERT ON papers"
		" WHEN NEW.id = '2602.00007' BEGIN SELECT RAISE(ABORT, 'refused'); END",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	/* One paper of the batch is refused: the statement fails, the error
	 * names the cause, and the whole batch is still pending. */
	hand_over(&sink, 0, DB_INGEST_BATCH - 1);
	struct paper p;
	mkbatched(&p, DB_INGEST_BATCH - 1, 0);
	assert_int_equal(sink.on_paper(sink.ctx, &p, &err), -1);
	paper_clear(&p);
	assert_non_null(strstr(err, "refused"));
	free(err);
	err = NULL;
	assert_int_equal(db_ingest_pending(ing), DB_INGEST_BATCH);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 0);
	/* The transaction is intact: with the cause gone, the batch lands. */
	assert_int_equal(sqlite3_exec(h, "DROP TRIGGER refuse", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), DB_INGEST_BATCH);
	fts_ok(db);
}

/* The ids a filter lists, space-separated, in list order; counted too. */
static char *ids_of(struct db *db, const struct db_filter *f)
{
	char *err = NULL;
	struct db_page pg = {0};
	long n = -1;
	if (db_list(db, f, NULL, 0, 100, &pg, &err) != 0 || db_count(db, f, &n, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(n, pg.n);
	char *out = xstrdup("");
	for (int i = 0; i < pg.n; i++) {
		char *more = xasprintf("%s%s%s", out, i ? " " : "", pg.rows[i].id);
		free(out);
		out = more;
	}
	db_page_free(&pg);
	return out;
}

static void expect_ids(struct db *db, const struct db_filter *f, const char *want)
{
	char *got = ids_of(db, f);
	assert_string_equal(got, want);
	free(got);
}

/* An arXiv record: version, categories, the announcement. */
static void mkarxiv(struct paper *p, const char *id, const char *title, int version,
		    const char *announced, const char *type)
{
	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	p->title = xstrdup(title);
	p->abstract = xstrdup(title); /* the version's own abstract */
	p->authors = xstrdup("Ann Author\nCy Third");
	p->published = xstrdup("2026-04-20");
	p->announced = announced ? xstrdup(announced) : NULL;
	p->announce_type = type ? xstrdup(type) : NULL;
	p->categories = xstrdup("cs.LG cs.CL");
	p->primary = xstrdup("cs.LG");
	p->arxiv_comment = xstrdup("9 pages");
	p->version = version;
	p->source = PAPER_SRC_ARXIV;
}

static void store_one(struct db *db, struct paper *p)
{
	long a, u;
	store(db, p, 1, &a, &u);
	paper_clear(p);
}

static char *text_of(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
						     : "NULL");
	sqlite3_finalize(st);
	return v;
}

static void expect_text(struct db *db, const char *sql, const char *want)
{
	char *got = text_of(db, sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", sql, got, want);
	free(got);
}

/*
 * One paper per arXiv id, whichever source brings it: arXiv's latest
 * version wins for the text, Hugging Face keeps its own fields, the
 * reader's state is never touched, and a new version of a starred paper
 * is is:updated until it is read.
 */
static void test_sources_merge(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct paper p;
	mkpaper(&p, "2604.21952", "HF title", "2026-04-28", 42);
	p.ai_summary = xstrdup("An AI summary");
	p.github_repo = xstrdup("https://github.com/a/b");
	store_one(db, &p);
	mkarxiv(&p, "2604.21952", "arXiv title v1", 1, "2026-04-27", "new");
	store_one(db, &p);
	const char *row = "SELECT title || '|' || upvotes || '|' || ai_summary || '|' ||"
			  " github_repo || '|' || listed || '|' || day || '|' || sources ||"
			  " '|' || categories || '|' || primary_cat || '|' || version || '|' ||"
			  " announced || '|' || announce_type || '|' || arxiv_comment"
			  " FROM papers WHERE id = '2604.21952'";
	expect_text(db, row, "arXiv title v1|42|An AI summary|https://github.com/a/b|"
			     "2026-04-28|2026-04-28|3|cs.LG cs.CL|cs.LG|1|2026-04-27|new|9 pages");
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM paper_days"), 2);
	expect_text(db, "SELECT group_concat(cat, ' ') FROM (SELECT cat FROM paper_cats"
			" ORDER BY cat)", "cs.CL cs.LG");

	/* the reader's state; Hugging Face again does not take the text back */
	assert_int_equal(db_mark(db, "2604.21952", DB_MARK_STAR, &err), 0);
	assert_int_equal(db_tag_add(db, "2604.21952", "toread", &err), 0);
	mkpaper(&p, "2604.21952", "HF title again", "2026-04-29", 50);
	store_one(db, &p);
	expect_text(db, "SELECT title || '|' || upvotes || '|' || listed FROM papers",
		    "arXiv title v1|50|2026-04-29");
	struct db_fnode *upd = db_fnode_new(DB_F_STATE, NULL);
	upd->field = DB_STATE_UPDATED;
	struct db_filter f = {.root = upd, .sort = DB_SORT_DAY};
	expect_ids(db, &f, "");

	/* a replacement: the new version's text and categories, the state kept */
	mkarxiv(&p, "2604.21952", "arXiv title v2", 2, "2026-05-04", "replace");
	free(p.categories);
	p.categories = xstrdup("cs.LG stat.ML");
	store_one(db, &p);
	expect_text(db, row, "arXiv title v2|50|An AI summary|https://github.com/a/b|"
			     "2026-04-29|2026-05-04|3|cs.LG stat.ML|cs.LG|2|2026-05-04|replace|"
			     "9 pages");
	expect_text(db, "SELECT group_concat(cat, ' ') FROM (SELECT cat FROM paper_cats"
			" ORDER BY cat)", "cs.LG stat.ML");
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH"
				    " 'title:v2'"), 1);
	struct db_paper dp;
	assert_int_equal(db_get(db, "2604.21952", &dp, &err), 1);
	assert_true(dp.flags & DB_STARRED);
	assert_true(dp.flags & DB_TAGGED);
	assert_true(dp.flags & DB_UPDATED);
	assert_int_equal(dp.p.version, 2);
	assert_int_equal(dp.p.source, PAPER_SRC_HF | PAPER_SRC_ARXIV);
	assert_string_equal(dp.p.primary, "cs.LG");
	assert_string_equal(dp.p.announce_type, "replace");
	db_paper_clear(&dp);
	/* its row says so (the U mark) */
	expect_ids(db, &f, "2604.21952");
	struct db_page pg = {0};
	assert_int_equal(db_list(db, &f, NULL, 0, 10, &pg, &err), 0);
	assert_true(pg.rows[0].flags & DB_UPDATED);
	db_page_free(&pg);

	/* an older version (a history harvest) changes nothing */
	mkarxiv(&p, "2604.21952", "arXiv title v1", 1, NULL, NULL);
	store_one(db, &p);
	expect_text(db, "SELECT title || '|' || version || '|' || categories FROM papers",
		    "arXiv title v2|2|cs.LG stat.ML");

	/* read after the new version came (an hour after): no longer updated */
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE papers SET revised = revised - 3600",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_mark(db, "2604.21952", DB_MARK_READ, &err), 0);
	expect_ids(db, &f, "");

	/* a paper only arXiv knows: its day is its announcement day */
	mkarxiv(&p, "2604.21953", "Only on arXiv", 1, "2026-04-27", "cross");
	store_one(db, &p);
	expect_text(db, "SELECT day || '|' || COALESCE(listed, '-') || '|' || sources FROM papers"
			" WHERE id = '2604.21953'", "2026-04-27|-|2");
	db_fnode_free(upd);
}

/*
 * A filter tree built by hand, with no query language: db/ alone writes
 * it, and a copy stands on its own once the original is freed (the
 * interface's worker lists from copies).
 */
static void test_filter_trees_list_what_they_say(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct paper ps[4];
	long a, u;
	mkpaper(&ps[0], "2603.00001", "Graph networks", "2026-03-01", 5);
	mkpaper(&ps[1], "2603.00002", "Graph kernels", "2026-03-02", 1);
	mkpaper(&ps[2], "2603.00003", "Photonic chips", "2026-03-03", 9);
	mkpaper(&ps[3], "2604.00004", "Quantum graphs", "2026-04-01", 3);
	store(db, ps, 4, &a, &u);
	for (int i = 0; i < 4; i++)
		paper_clear(&ps[i]);
	assert_int_equal(db_tag_add(db, "2603.00003", "hw", &err), 0);

	/* (title:graph* OR tag:hw) AND NOT upvotes:<2, by upvotes */
	struct db_fnode *or = db_fnode_new(DB_F_OR, NULL);
	struct db_fnode *graph = db_fnode_new(DB_F_TEXT, "graph");
	graph->field = DB_TEXT_TITLE;
	graph->match = DB_MATCH_PREFIX;
	db_fnode_add(or, graph);
	db_fnode_add(or, db_fnode_new(DB_F_TAG, "hw"));
	struct db_fnode *few = db_fnode_new(DB_F_NUM, NULL);
	few->field = DB_NUM_UPVOTES;
	few->cmp = DB_CMP_LT;
	few->lo = 2;
	struct db_fnode *not = db_fnode_new(DB_F_NOT, NULL);
	db_fnode_add(not, few);
	struct db_fnode *and = db_fnode_new(DB_F_AND, NULL);
	db_fnode_add(and, or);
	db_fnode_add(and, not);
	struct db_filter f = {.root = and, .sort = DB_SORT_UPVOTES};
	expect_ids(db, &f, "2603.00003 2603.00001 2604.00004");
	assert_int_equal(db_filter_text_use(&f), DB_TEXT_RANKS);

	struct db_filter copy;
	db_filter_copy(&copy, &f);
	db_fnode_free(and);
	expect_ids(db, &copy, "2603.00003 2603.00001 2604.00004");

	/* the words alone: a condition every row meets, ranked by relevance */
	db_fnode_free(copy.root);
	copy.root = db_fnode_new(DB_F_TEXT, "graph");
	copy.root->match = DB_MATCH_PREFIX;
	copy.sort = DB_SORT_DAY;
	assert_int_equal(db_filter_text_use(&copy), DB_TEXT_REQUIRED);
	expect_ids(db, &copy, "2604.00004 2603.00002 2603.00001");
	copy.root->match = DB_MATCH_TOKENS; /* "graphs" is another word, of the same stem */
	expect_ids(db, &copy, "2604.00004 2603.00002 2603.00001");

	/* days and ids */
	db_fnode_free(copy.root);
	copy.root = db_fnode_new(DB_F_DATE, NULL);
	copy.root->field = DB_DATE_LISTED;
	memcpy(copy.root->from, "2026-03-02", 11);
	memcpy(copy.root->to, "2026-04-01", 11);
	expect_ids(db, &copy, "2604.00004 2603.00003 2603.00002");
	db_fnode_free(copy.root);
	copy.root = db_fnode_new(DB_F_ID, "2603");
	expect_ids(db, &copy, "2603.00003 2603.00002 2603.00001");
	db_filter_clear(&copy);
	assert_null(copy.root);
}

/* The ids of every page of n the list reads, one after the other (keyset
 * paging), joined by spaces; *plan (when set) the first page's plan. */
static char *paged_ids(struct db *db, const struct db_filter *f, int n, char **plan)
{
	char *err = NULL;
	if (plan && db_list_plan(db, f, n, plan, &err) != 0)
		fail_msg("%s", err);
	struct db_page pg = {0};
	struct db_row last = {0};
	struct buf b = {0};
	for (int pages = 0;; pages++) {
		assert_true(pages < 1000);
		if (db_list(db, f, pages ? &last : NULL, 0, n, &pg, &err) != 0)
			fail_msg("%s", err);
		for (int i = 0; i < pg.n; i++)
			buf_printf(&b, "%s%s", b.len ? " " : "", pg.rows[i].id);
		if (pg.n < n)
			break;
		db_row_clear(&last);
		last = pg.rows[pg.n - 1];
		last.id = xstrdup(last.id ? last.id : "");
		last.title = xstrdup(last.title ? last.title : "");
		last.day = xstrdup(last.day ? last.day : "");
		last.published = xstrdup(last.published ? last.published : "");
		last.tags = xstrdup(last.tags ? last.tags : "");
	}
	db_row_clear(&last);
	db_page_free(&pg);
	return b.data ? buf_detach(&b) : xstrdup("");
}

/*
 * cat: by the category's share. A broad one is tested paper by paper while
 * the list walks its sort's index (a page needs few tests); a rare one is
 * read from paper_cats and its papers sorted. Both plans list the same rows
 * in the same order, page by page, under every order.
 */
static void test_category_plan_follows_its_share(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	enum { N = 400 };
	struct paper *ps = xcalloc(N, sizeof *ps);
	for (int i = 0; i < N; i++) {
		char id[24], title[64], day[16];
		snprintf(id, sizeof id, "2601.%05d", i + 1);
		snprintf(title, sizeof title, "%s paper %d", i % 3 ? "Graph" : "Robot", (i * 7) % N);
		snprintf(day, sizeof day, "2026-%02d-%02d", 1 + i % 12, 1 + (i / 12) % 28);
		mkpaper(&ps[i], id, title, day, (i * 13) % 50);
		/* cs.RO: every second paper; q-bio.NC: one in a hundred */
		ps[i].categories = xstrdup(i % 100 == 0 ? "cs.RO q-bio.NC"
					   : i % 2 ? "cs.LG" : "cs.RO cs.LG");
		ps[i].primary = xstrdup(i % 2 ? "cs.LG" : "cs.RO");
	}
	long a, u;
	store(db, ps, N, &a, &u);
	for (int i = 0; i < N; i++)
		paper_clear(&ps[i]);
	free(ps);
	/* scores a model stored (a list reads the scores its model names) */
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO learn_models (name, marks,"
				      " config, built, positives, negatives, scored, weights)"
				      " VALUES ('foryou', 0, '', 0, 3, 3, 1, x'');",
				      NULL, NULL, NULL), SQLITE_OK);
	float *score = xmalloc(N * sizeof *score);
	for (int pid = 1; pid <= N; pid++)
		score[pid - 1] = (float)((pid * 37) % 101);
	assert_int_equal(db_scores_put(db, "foryou", score, N, NULL, &err), 0);
	free(score);

	struct db_fnode *ro = db_fnode_new(DB_F_CAT, "cs.RO");
	struct db_filter f = {.root = ro, .sort = DB_SORT_DAY};
	/* a page of 10 among 400 papers: 200 are many, 4 few */
	char *plan = NULL, *ids = paged_ids(db, &f, 10, &plan);
	/* the page's keys (before SCAN k): read in order, no sort */
	char *keys_end = strstr(plan, "\nSCAN k\n");
	assert_non_null(keys_end);
	*keys_end = '\0';
	if (!strstr(plan, "SCAN p USING COVERING INDEX papers_by_day") ||
	    strstr(plan, "TEMP B-TREE") || !strstr(plan, "SEARCH c USING PRIMARY KEY (cat=? AND pid=?)"))
		fail_msg("cs.RO should walk papers_by_day:\n%s", plan);
	free(plan);
	free(ids);
	ro->text[3] = 'X'; /* cs.XO: none */
	free(paged_ids(db, &f, 10, &plan));
	if (!strstr(plan, "SEARCH c USING PRIMARY KEY (cat=?)") || strstr(plan, "SCAN p "))
		fail_msg("a category without papers should be read from paper_cats:\n%s", plan);
	free(plan);
	db_fnode_free(ro);
	f.root = db_fnode_new(DB_F_CAT, "q-bio.NC");
	free(paged_ids(db, &f, 10, &plan));
	if (!strstr(plan, "SEARCH c USING PRIMARY KEY (cat=?)") || strstr(plan, "SCAN p "))
		fail_msg("q-bio.NC should be read from paper_cats:\n%s", plan);
	free(plan);
	db_fnode_free(f.root);

	/* the same rows under both plans: pages of 10 (the walk) against one
	 * page of 1000 (the list: 200 papers are few for it) */
	static const enum db_sort sorts[] = {DB_SORT_DAY, DB_SORT_UPVOTES, DB_SORT_TITLE,
					     DB_SORT_RELEVANCE, DB_SORT_SCORE};
	for (int word = 0; word < 2; word++)
		for (size_t s = 0; s < sizeof sorts / sizeof sorts[0]; s++)
			for (int rev = 0; rev < 2; rev++) {
				struct db_fnode *and = db_fnode_new(DB_F_AND, NULL);
				db_fnode_add(and, db_fnode_new(DB_F_CAT, "cs.RO"));
				if (word)
					db_fnode_add(and, db_fnode_new(DB_F_TEXT, "graph"));
				f = (struct db_filter){.root = and, .sort = sorts[s],
						       .reverse = rev,
						       .rank_window = word ? 20 : 0};
				char *walked_plan, *listed_plan;
				char *walked = paged_ids(db, &f, 10, &walked_plan);
				char *listed = paged_ids(db, &f, 1000, &listed_plan);
				if (!strstr(walked_plan, "USING PRIMARY KEY (cat=? AND pid=?)"))
					fail_msg("sort %d word %d: pages of 10 should test each "
						 "paper:\n%s", (int)sorts[s], word, walked_plan);
				if (!strstr(listed_plan, "USING PRIMARY KEY (cat=?)\n"))
					fail_msg("sort %d word %d: a page of 1000 should read the "
						 "list:\n%s", (int)sorts[s], word, listed_plan);
				if (strcmp(walked, listed) != 0)
					fail_msg("sort %d reverse %d word %d: the plans differ:\n"
						 "%s\n%s", (int)sorts[s], rev, word, walked, listed);
				long n = -1;
				assert_int_equal(db_count(db, &f, &n, &err), 0);
				int got = 1;
				for (const char *c = walked; *c; c++)
					got += *c == ' ';
				assert_int_equal(n, word ? 133 : 200);
				assert_int_equal(got, n);
				free(walked);
				free(listed);
				free(walked_plan);
				free(listed_plan);
				db_fnode_free(and);
			}
}

static void expect_suggest(struct db *db, const char *word, int want_rc, const char *want)
{
	char *near = NULL, *err = NULL;
	int rc = db_word_suggest(db, word, &near, &err);
	if (rc != want_rc || (want ? !near || strcmp(near, want) != 0 : near != NULL))
		fail_msg("'%s': %d '%s' (%s), expected %d '%s'", word, rc, near ? near : "(none)",
			 err ? err : "", want_rc, want ? want : "(none)");
	free(near);
	free(err);
}

/* A word the index holds nowhere gets the nearest one it does hold: at
 * most two edits (one for a short word), the same first letter, the most
 * used on a tie; a known word or the start of one is found (1). */
static void test_word_suggest_names_the_nearest_indexed_word(void **state)
{
	struct db *db = *state;
	struct paper ps[4];
	long a, u;
	mkpaper(&ps[0], "2603.00001", "Diffusion transformers", "2026-03-01", 5);
	mkpaper(&ps[1], "2603.00002", "Diffusion policies", "2026-03-02", 1);
	mkpaper(&ps[2], "2603.00003", "Diffraction limits", "2026-03-03", 9);
	mkpaper(&ps[3], "2603.00004", "Reinforcement learning", "2026-03-04", 3);
	store(db, ps, 4, &a, &u);
	for (int i = 0; i < 4; i++)
		paper_clear(&ps[i]);
	expect_suggest(db, "diffusion", 1, NULL);
	expect_suggest(db, "diffu", 1, NULL);          /* the start of a word */
	expect_suggest(db, "difusion", 0, "diffusion");
	expect_suggest(db, "diffuson", 0, "diffusion");
	expect_suggest(db, "reinforcemnt", 0, "reinforcement");
	/* its stem ("reinforc") starts one of the index: found, not a typo */
	expect_suggest(db, "reinforcment", 1, NULL);
	expect_suggest(db, "transfromers", 0, "transformers");
	expect_suggest(db, "zzzzqqq", 0, NULL);        /* nothing near */
	expect_suggest(db, "iffusion", 0, "diffusion"); /* its first letter left out */
	expect_suggest(db, "ifusion", 0, NULL);        /* two edits, another first letter */
	expect_suggest(db, "lurning", 0, "learning");
	expect_suggest(db, "limt", 0, NULL);           /* one edit is all a short one gets */
	expect_suggest(db, "gpt-4", 1, NULL);          /* not one token: not asked */
	/* the cache is unchanged: the vocabulary lives in the temporary schema */
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%vocab%'"),
			 0);
}

/*
 * The common one-letter typos each give the word meant, the fewest edits
 * first and the word more papers hold among those: a letter left out,
 * added, changed, two swapped, the first letter too.
 */
static void test_word_suggest_puts_one_typo_first(void **state)
{
	struct db *db = *state;
	static const char *const titles[] = {
		"Speculative Decoding at Scale", "Decoding Strategies Compared", "Decoder Heads",
		"Decoder Layers", "Decoder Blocks", "Model Editing", "Model Merging", "Model Soups",
		"Mode Collapse", "Encoding Positions",
	};
	enum { N = sizeof titles / sizeof titles[0] };
	struct paper ps[N];
	long a, u;
	for (int i = 0; i < N; i++) {
		char id[32];
		snprintf(id, sizeof id, "2603.%05d", i + 1);
		mkpaper(&ps[i], id, titles[i], "2026-03-01", 1);
	}
	store(db, ps, N, &a, &u);
	for (int i = 0; i < N; i++)
		paper_clear(&ps[i]);
	expect_suggest(db, "decodng", 0, "decoding");   /* left out; decoder is two off */
	expect_suggest(db, "decodinng", 0, "decoding"); /* added */
	expect_suggest(db, "decodimg", 0, "decoding");  /* changed */
	expect_suggest(db, "decodnig", 0, "decoding");  /* swapped */
	expect_suggest(db, "dceoding", 0, "decoding");
	/* swapped: one edit, as mode is, and model is in more papers */
	expect_suggest(db, "modle", 0, "model");
	expect_suggest(db, "secoding", 0, "decoding");  /* the first letter: changed, */
	expect_suggest(db, "edcoding", 0, "decoding");  /* swapped with the second, */
	expect_suggest(db, "xdecoding", 0, "decoding"); /* one too many, */
	/* left out (encoding is one off too, in fewer papers) */
	expect_suggest(db, "ecoding", 0, "decoding");
	expect_suggest(db, "ncoding", 0, "encoding");
	expect_suggest(db, "decodr", 0, "decoder");
}

/* The acronyms papers define are learned as they come in: the words
 * before a parenthesis give the letters of the capitals in it, a word its
 * first letter and maybe more, small words none. */
static void test_acronyms_learned_from_definitions(void **state)
{
	struct db *db = *state;
	static const char *const abstracts[] = {
		"We use Retrieval-Augmented Generation (RAG) for answers.",
		"A sparse mixture-of-experts (MoE) layer, then a Vision Transformer (ViT).",
		("Large language models (LLMs) trained with reinforcement learning from human "
		 "feedback (RLHF) and Direct Preference Optimization (DPO)."),
		"Results (see Table 2) beat ours (Ours) and the model (GPT) and (e.g.) (X).",
	};
	struct paper ps[4];
	long a, u;
	for (int i = 0; i < 4; i++) {
		char id[32];
		snprintf(id, sizeof id, "2605.0000%d", i + 1);
		mkpaper(&ps[i], id, "A title", "2026-05-01", 1);
		free(ps[i].abstract);
		ps[i].abstract = xstrdup(abstracts[i]);
	}
	store(db, ps, 4, &a, &u);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT group_concat(short || '='"
					    " || long || '=' || papers, ';') FROM (SELECT * FROM"
					    " acronyms ORDER BY short)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "dpo=direct preference optimization=1;"
			    "llm=large language models=1;"
			    "moe=mixture of experts=1;"
			    "rag=retrieval augmented generation=1;"
			    "rlhf=reinforcement learning from human feedback=1;"
			    "vit=vision transformer=1");
	sqlite3_finalize(st);
	/* stored again, nothing is counted twice */
	store(db, ps, 4, &a, &u);
	assert_int_equal(scalar(db, "SELECT sum(papers) FROM acronyms"), 6);
	for (int i = 0; i < 4; i++)
		paper_clear(&ps[i]);
}

/* The statements db_close runs, in order, on one line. */
static int trace_close(unsigned type, void *ctx, void *p, void *x)
{
	(void)x;
	if (type == SQLITE_TRACE_STMT) {
		char *sql = sqlite3_expanded_sql(p);
		if (sql)
			buf_printf(ctx, "%s;", sql);
		sqlite3_free(sql);
	}
	return 0;
}

/* Closing optimizes with ANALYZE bounded (analysis_limit): an empty
 * partial index leaves a table without statistics, and PRAGMA optimize
 * would read the whole table again at every close. */
static void test_close_bounds_analyze(void **state)
{
	struct db *db = *state;
	struct paper p;
	mkpaper(&p, "2601.00001", "A paper", "2026-01-02", 1);
	long added, updated;
	store(db, &p, 1, &added, &updated);
	paper_clear(&p);
	assert_int_equal(scalar(db, "SELECT count(*) FROM papers WHERE announced IS NULL"), 1);
	struct buf b = {0};
	sqlite3_trace_v2(db_handle(db), SQLITE_TRACE_STMT, trace_close, &b);
	db_close(&db);
	*state = NULL;
	assert_non_null(b.data);
	const char *lim = strstr(b.data, "PRAGMA analysis_limit = 400");
	const char *opt = strstr(b.data, "PRAGMA optimize");
	assert_non_null(lim);
	assert_non_null(opt);
	assert_true(lim < opt);
	buf_free(&b);
}

/* ---- one set of scores per version, shared by the process's connections ---- */

enum { SHARED_N = 1000 };

static void put_scores(struct db *db, float scale)
{
	char *err = NULL;
	float *score = xmalloc(SHARED_N * sizeof *score);
	for (int pid = 1; pid <= SHARED_N; pid++)
		score[pid - 1] = scale * (float)pid;
	/* in one transaction, as learning stores them */
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(db_scores_put(db, "foryou", score, SHARED_N, NULL, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	free(score);
}

static double score_of(struct db *db, int64_t pid)
{
	char *err = NULL;
	double v = 0;
	assert_int_equal(db_score_get(db, "foryou", pid, &v, &err), 1);
	return v;
}

/* A thread of its own with a connection of its own, reading the scores
 * while another stores new ones. */
static void *read_scores(void *arg)
{
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(&db, arg, &err) != 0)
		return err;
	for (int i = 0; i < 200 && !err; i++) {
		double v = 0;
		int64_t pid = 1 + i % SHARED_N;
		int got = db_score_get(db, "foryou", pid, &v, &err);
		double k = v / (double)pid; /* the scale of one of the versions */
		if (got == 0 || (got == 1 && (k != (double)(int)k || k < 1 || k > 5)))
			set_err(&err, "paper %lld: score %g", (long long)pid, v);
	}
	db_close(&db);
	return err;
}

static void test_scores_shared_by_connections(void **state)
{
	struct db *db = *state, *db2 = NULL;
	char *err = NULL;
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO learn_models (name, marks,"
				      " config, built, positives, negatives, scored, weights)"
				      " VALUES ('foryou', 0, '', 0, 3, 3, 1, x'');",
				      NULL, NULL, NULL), SQLITE_OK);
	put_scores(db, 1);
	assert_int_equal(db_open(&db2, path, &err), 0);
	assert_int_equal(db_scores_shared(), 0);
	/* two connections, one set */
	assert_true(score_of(db, 5) == 5.0);
	assert_int_equal(db_scores_shared(), 1);
	assert_true(score_of(db2, 7) == 7.0);
	assert_int_equal(db_scores_shared(), 1);
	/* new scores: a new set for the connection that reads them, the old
	 * one kept while the other still holds it, then let go */
	put_scores(db2, 2);
	assert_true(score_of(db, 5) == 10.0);
	assert_int_equal(db_scores_shared(), 2);
	assert_true(score_of(db2, 7) == 14.0);
	assert_int_equal(db_scores_shared(), 1);
	/* threads reading while new scores are stored */
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, read_scores, path), 0);
	for (int k = 3; k < 6; k++)
		put_scores(db, (float)k);
	for (int i = 0; i < 2; i++) {
		void *terr;
		pthread_join(t[i], &terr);
		if (terr)
			fail_msg("reading scores beside a writer: %s", (char *)terr);
	}
	assert_true(score_of(db, 3) == 15.0);
	assert_true(score_of(db2, 3) == 15.0);
	assert_int_equal(db_scores_shared(), 1);
	db_close(&db2);
	assert_int_equal(db_scores_shared(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_refuses_a_non_cache),
		cmocka_unit_test_setup_teardown(test_close_bounds_analyze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores_shared_by_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrations_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_refeatures_cjk_papers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_migration_9_forgets_what_was_learned, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_same_day_twice_keeps_one_row_and_state,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fts_follows_the_papers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_fields_do_not_erase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windowed_reads_forward_and_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_state_errors_name_the_paper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_log_partial_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_2_keeps_the_sync_log, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_acronyms_learned_from_definitions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_word_suggest_names_the_nearest_indexed_word,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_word_suggest_puts_one_typo_first, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_category_plan_follows_its_share, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_filter_trees_list_what_they_say, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batched_ingest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batched_ingest_rollback_and_lookups, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ingest_flush_errors_reach_the_caller, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ingest_refused_paper_keeps_the_batch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sources_merge, setup, teardown),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
