/*
 * index: the full-text index, rebuilt beside the old one when a cache made
 * by an older papyr is opened (migration 4 in db.c made the new one empty).
 *
 * The build walks the papers by pid in chunks, each its own transaction:
 * it writes each paper's extra column (derive.c), learns the acronyms the
 * papers define, and indexes the chunk; index_build.done says how far it
 * is, so a kill anywhere loses at most the chunk under way and the next
 * run goes on from there. Meanwhile papers_fts answers queries, and the
 * guarded triggers keep the part built up to date. At the end one
 * transaction drops the old index and its triggers and puts the new one in
 * its place.
 */
#include "db_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/buf.h"
#include "../src/base/mem.h"

/* The triggers of the current index: every change to a paper's text is
 * written to it (the same as the build's, without the guard). */
static const char current_triggers[] =
	"CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN"
	"  INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords, extra)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords, new.extra);"
	"END;"
	"CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN"
	"  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords,"
	"  extra) VALUES ('delete', old.pid, old.title, old.abstract, old.authors,"
	"  old.ai_keywords, old.extra);"
	"END;"
	"CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract, authors, ai_keywords,"
	"  extra ON papers WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
	"  OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
	"  OR old.extra IS NOT new.extra BEGIN"
	"  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords,"
	"  extra) VALUES ('delete', old.pid, old.title, old.abstract, old.authors,"
	"  old.ai_keywords, old.extra);"
	"  INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords, extra)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords, new.extra);"
	"END;";

/* The old index is only renamed here: dropping it in the same transaction
 * would keep an image of each of its pages for the statement's rollback
 * (as much memory as the index is big). drop_old drops it after. */
static const char swap_sql[] =
	"DROP TRIGGER papers_ai; DROP TRIGGER papers_ad; DROP TRIGGER papers_au;"
	"DROP TRIGGER papers_next_ai; DROP TRIGGER papers_next_ad; DROP TRIGGER papers_next_au;"
	"ALTER TABLE papers_fts RENAME TO papers_fts_old;"
	"ALTER TABLE papers_fts_next RENAME TO papers_fts;"
	"DROP TABLE index_build;";

static int run(struct db *db, const char *sql, char **err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "cache: the search index", err);
	return 0;
}

/* 1 while index_build exists, 0 once the build is done, -1 on error. */
static int building(struct db *db, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
			       " AND name = 'index_build'", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache: the search index", err);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (n < 0)
		return db_fail(db, "cache: the search index", err);
	return n > 0;
}

int db_index_current(struct db *db)
{
	/* another connection may have put the new index in place meanwhile */
	if (db->index_old && building(db, NULL) == 0)
		db->index_old = 0;
	return !db->index_old;
}

/* Reads two numbers of one row; 0 when there is none. */
static int read2(struct db *db, const char *sql, int64_t *a, int64_t *b, char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*a = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (b)
		*b = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache: the search index", err);
}

/* The papers the build has still to index; -1 on error. */
static long remaining(struct db *db, char **err)
{
	int64_t n, unused;
	if (read2(db, "SELECT count(*), 0 FROM papers WHERE pid > (SELECT done FROM index_build)",
		  &n, &unused, err) != 0)
		return -1;
	return (long)n;
}

/* Drops the old index and puts the new one in its place; inside a
 * transaction. */
static int swap(struct db *db, char **err)
{
	/* statements cached on the old tables would keep them open */
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
		db->cache[i].st = NULL;
		db->cache[i].sql = NULL;
	}
	if (sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.papers_vocab", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "cache: the search index", err);
	if (run(db, swap_sql, err) != 0 || run(db, current_triggers, err) != 0)
		return -1;
	return 0;
}

/* 1 when the table name is in the schema, 0 when not, -1 on error. */
static int has_table(struct db *db, const char *name, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
			       " AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache: the search index", err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n < 0 ? db_fail(db, "cache: the search index", err) : n > 0;
}

/*
 * Drops the old index the swap renamed, in a transaction of its own (a
 * kill before it leaves it for the next open to drop). Its temporary data
 * goes to a file meanwhile, not to memory.
 */
static int drop_old(struct db *db, char **err)
{
	int has = has_table(db, "papers_fts_old", err);
	if (has <= 0)
		return has;
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
		db->cache[i].st = NULL;
		db->cache[i].sql = NULL;
	}
	int rc = run(db, "PRAGMA temp_store = FILE", err) == 0 &&
		 run(db, "DROP TABLE IF EXISTS papers_fts_old", err) == 0 ? 0 : -1;
	run(db, "PRAGMA temp_store = MEMORY", rc == 0 ? err : NULL);
	return rc;
}

int db_index_open(struct db *db, char **err)
{
	int b = building(db, err);
	if (b < 0)
		return -1;
	db->index_old = b;
	if (db->readonly)
		return 0;
	if (!b)
		return drop_old(db, err);
	/* a new cache: nothing to index, the new index takes its place now */
	if (run(db, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	long left = building(db, err) == 1 ? remaining(db, err) : -2;
	if (left == -2) { /* another papyr finished it meanwhile */
		db->index_old = 0;
		return run(db, "COMMIT", err);
	}
	if (left == 0 && swap(db, err) == 0) {
		db->index_old = 0;
		return run(db, "COMMIT", err) == 0 ? drop_old(db, err) : -1;
	}
	run(db, "ROLLBACK", NULL);
	return left < 0 ? -1 : 0;
}

long db_index_pending(struct db *db, char **err)
{
	if (!db->index_old || db->readonly)
		return 0;
	int b = building(db, err);
	if (b <= 0) {
		db->index_old = b < 0;
		return b < 0 ? -1 : 0;
	}
	long n = remaining(db, err);
	return n < 0 ? -1 : n + 1; /* the swap is left even when every paper is in */
}

/* Learns each pair of a paper once. */
struct learn {
	struct db *db;
	char seen[8][64];
	int nseen;
	int again; /* the paper was stored before: its pairs are not counted */
	char **err;
};

static int learn_one(void *ctx, const char *shortf, const char *longf)
{
	struct learn *l = ctx;
	char key[64];
	snprintf(key, sizeof key, "%s|%s", shortf, longf);
	for (int i = 0; i < l->nseen; i++)
		if (strcmp(l->seen[i], key) == 0)
			return 0;
	if (l->nseen < 8)
		memcpy(l->seen[l->nseen++], key, sizeof key);
	sqlite3_stmt *st = db_stmt(l->db, l->again
				   ? "INSERT INTO acronyms (short, long, papers) VALUES (?1, ?2, 1)"
				     " ON CONFLICT (short, long) DO NOTHING"
				   : "INSERT INTO acronyms (short, long, papers)"
				     " VALUES (?1, ?2, 1) ON CONFLICT (short, long)"
				     " DO UPDATE SET papers = papers + 1", l->err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, shortf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, longf, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(l->db, "cache: storing an acronym", l->err);
}

/*
 * A paper stored again (a new arXiv version, a page updated) may define an
 * acronym its first text did not: the pair is learned then too. Its old
 * text is gone by then, so a pair the table holds already is not counted
 * again (storing the same paper twice must not count it twice); the count
 * only orders a short form's expansions, and a pair another paper defines
 * is known either way. A definition no paper holds any more is kept: it
 * was written by someone, and finding a paper by it does no harm.
 */
int db_acronyms_learn(struct db *db, const char *title, const char *abstract, int again,
		      char **err)
{
	struct learn l = {.db = db, .again = again, .err = err};
	if (db_acronyms_find(title, learn_one, &l) < 0)
		return -1;
	if (abstract && db_acronyms_find(abstract, learn_one, &l) < 0)
		return -1;
	return 0;
}

/* One chunk: papers above done, at most n of them, in the transaction the
 * caller began. *last is the last pid done (0: none were left). */
static int build_chunk(struct db *db, long n, int64_t *last, char **err)
{
	int64_t done, upto;
	if (read2(db, "SELECT done, upto FROM index_build", &done, &upto, err) != 0)
		return -1;
	*last = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT pid, title, abstract FROM papers WHERE pid > ?1"
				   " ORDER BY pid LIMIT ?2", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, done);
	sqlite3_bind_int64(st, 2, n);
	/* read the chunk first: the updates below must not run under the read */
	int64_t *pids = xcalloc((size_t)n, sizeof *pids);
	char **texts = xcalloc((size_t)n * 2, sizeof *texts);
	long k = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < n) {
		pids[k] = sqlite3_column_int64(st, 0);
		texts[2 * k] = db_col(st, 1);
		texts[2 * k + 1] = db_col(st, 2);
		k++;
	}
	sqlite3_reset(st);
	int ret = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache: the search index", err);
	struct buf extra = {0};
	for (long i = 0; i < k && ret == 0; i++) {
		db_derive_extra(&extra, texts[2 * i], texts[2 * i + 1]);
		sqlite3_stmt *up = db_stmt(db, "UPDATE papers SET extra = ?1 WHERE pid = ?2", err);
		if (!up) {
			ret = -1;
			break;
		}
		sqlite3_bind_text(up, 1, extra.data, (int)extra.len, SQLITE_STATIC);
		sqlite3_bind_int64(up, 2, pids[i]);
		if (sqlite3_step(up) != SQLITE_DONE)
			ret = db_fail(db, "cache: the search index", err);
		sqlite3_reset(up);
		if (ret == 0 && pids[i] <= upto)
			ret = db_acronyms_learn(db, texts[2 * i], texts[2 * i + 1], 0, err);
	}
	buf_free(&extra);
	if (ret == 0 && k > 0) {
		sqlite3_stmt *ins = db_stmt(db,
			"INSERT INTO papers_fts_next(rowid, title, abstract, authors, ai_keywords,"
			" extra) SELECT pid, title, abstract, authors, ai_keywords, extra FROM papers"
			" WHERE pid > ?1 AND pid <= ?2", err);
		if (!ins)
			ret = -1;
		else {
			sqlite3_bind_int64(ins, 1, done);
			sqlite3_bind_int64(ins, 2, pids[k - 1]);
			if (sqlite3_step(ins) != SQLITE_DONE)
				ret = db_fail(db, "cache: the search index", err);
			sqlite3_reset(ins);
		}
		sqlite3_stmt *mark = ret == 0 ? db_stmt(db, "UPDATE index_build SET done = ?1", err)
					      : NULL;
		if (ret == 0 && !mark)
			ret = -1;
		if (mark) {
			sqlite3_bind_int64(mark, 1, pids[k - 1]);
			if (sqlite3_step(mark) != SQLITE_DONE)
				ret = db_fail(db, "cache: the search index", err);
			sqlite3_reset(mark);
		}
		if (ret == 0)
			*last = pids[k - 1];
	}
	for (long i = 0; i < 2 * k; i++)
		free(texts[i]);
	free(texts);
	free(pids);
	return ret;
}

static int build(struct db *db, long chunk, db_index_fn fn, void *ctx, char **err);

/* The build's temporary data (a statement's undo) goes to a file, not to
 * memory: a chunk touches thousands of pages. */
int db_index_build(struct db *db, long chunk, db_index_fn fn, void *ctx, char **err)
{
	if (db->readonly || !db->index_old)
		return 0;
	if (run(db, "PRAGMA temp_store = FILE", err) != 0)
		return -1;
	int rc = build(db, chunk <= 0 ? DB_INDEX_CHUNK : chunk, fn, ctx, err);
	run(db, "PRAGMA temp_store = MEMORY", rc < 0 ? NULL : err);
	return rc;
}

static int build(struct db *db, long chunk, db_index_fn fn, void *ctx, char **err)
{
	int64_t total, unused;
	if (read2(db, "SELECT count(*), 0 FROM papers", &total, &unused, err) != 0)
		return -1;
	for (;;) {
		if (run(db, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		int b = building(db, err);
		if (b <= 0) { /* another papyr finished it */
			run(db, "COMMIT", NULL);
			db->index_old = b < 0;
			return b < 0 ? -1 : 0;
		}
		long left = remaining(db, err);
		if (left < 0)
			goto fail;
		int64_t last = 0;
		if (left > 0 && build_chunk(db, chunk, &last, err) != 0)
			goto fail;
		long done = (long)total - (left - (left < chunk ? left : chunk));
		if (left == 0 || left <= chunk) {
			/* the last chunk and the swap in one transaction */
			if (left > 0 && fn)
				fn(ctx, done, (long)total, DB_INDEX_CHUNK_WRITTEN);
			if (swap(db, err) != 0)
				goto fail;
			if (fn)
				fn(ctx, done, (long)total, DB_INDEX_SWAPPING);
			if (run(db, "COMMIT", err) != 0)
				goto fail;
			db->index_old = 0;
			if (fn)
				fn(ctx, (long)total, (long)total, DB_INDEX_SWAPPED);
			if (drop_old(db, err) != 0)
				return -1;
			if (fn)
				fn(ctx, (long)total, (long)total, DB_INDEX_DONE);
			return 0;
		}
		if (fn)
			fn(ctx, done, (long)total, DB_INDEX_CHUNK_WRITTEN);
		if (run(db, "COMMIT", err) != 0)
			goto fail;
		if (fn && fn(ctx, done, (long)total, DB_INDEX_CHUNK_DONE) != 0)
			return 1;
	}
fail:
	run(db, "ROLLBACK", NULL);
	return -1;
}
