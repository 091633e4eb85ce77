/*
 * learn: the tables of what papyr learns from the marks. Each paper's terms
 * (an opaque blob the core encodes), the documents each term is in, the
 * models (their weights another blob), each model's scores, and the count
 * of changes to the marks that tells a model it is stale. The math is the
 * core's (src/learn.c); this file only stores and reads.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "../src/base/buf.h"
#include "../src/base/mem.h"

int db_learn_marks(struct db *db, int64_t *changes, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT changes FROM learn_marks", err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*changes = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache: the marks", err);
}

/* The largest pid sql reads (0 when there is none); what names it in an
 * error. */
static int last_pid(struct db *db, const char *sql, const char *what, int64_t *pid, char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*pid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, what, err);
}

/* The pid after which papers have no terms stored: the newest chunk's
 * newest paper. */
#define FEATURED_LAST "(SELECT COALESCE((SELECT last FROM learn_chunks ORDER BY chunk DESC" \
	" LIMIT 1), 0))"

/* Calls fn with the text of each paper st reads (pid, title, abstract,
 * keywords); resets st. Returns the count, or -1. */
static int each_text(struct db *db, sqlite3_stmt *st, db_learn_text_fn fn, void *ctx,
		     char **err)
{
	int rc;
	long n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3)) != 0) {
			sqlite3_reset(st);
			return -1;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cache: reading papers to learn from", err);
	return n > 0x7fffffff ? 0x7fffffff : (int)n;
}

int db_learn_unfeatured(struct db *db, db_learn_text_fn fn, void *ctx, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT pid, title, abstract, COALESCE(ai_keywords, '')"
				   " FROM papers WHERE pid > " FEATURED_LAST " ORDER BY pid", err);
	return st ? each_text(db, st, fn, ctx, err) : -1;
}

int db_learn_changed(struct db *db, db_learn_text_fn fn, void *ctx, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT p.pid, p.title, p.abstract,"
				   " COALESCE(p.ai_keywords, '') FROM learn_refeature r"
				   " CROSS JOIN papers p ON p.pid = r.pid"
				   " WHERE r.pid <= " FEATURED_LAST " ORDER BY r.pid", err);
	return st ? each_text(db, st, fn, ctx, err) : -1;
}

int db_learn_changed_any(struct db *db, char **err)
{
	int64_t any;
	return last_pid(db, "SELECT EXISTS (SELECT 1 FROM learn_refeature)",
			"cache: reading papers' terms", &any, err) == 0 ? any != 0 : -1;
}

int db_learn_changed_clear(struct db *db, int any, char **err)
{
	static const char *const sql[] = {
		"DELETE FROM learn_refeature",
		/* their scores are stale: every model scores every paper again */
		"UPDATE learn_models SET scored = 0 WHERE scored > 0",
	};
	for (int i = 0; i < (any ? 2 : 1); i++) {
		sqlite3_stmt *st = db_stmt(db, sql[i], err);
		if (!st)
			return -1;
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, "cache: storing papers' terms", err);
	}
	return 0;
}

int db_learn_chunk_put(struct db *db, int64_t chunk, int64_t last, const void *blob, size_t n,
		       char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO learn_chunks (chunk, last, terms)"
				   " VALUES (?1, ?2, ?3)", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, chunk);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_blob(st, 3, n ? blob : "", (int)n, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: storing papers' terms", err);
}

int db_learn_chunks_each(struct db *db, int64_t from, db_learn_chunk_fn fn, void *ctx,
			 char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT chunk FROM learn_chunks WHERE chunk >= ?1"
				   " ORDER BY chunk", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	/* each row's blob read through a blob handle into a buffer fn may
	 * keep: no buffer of SQLite's made and freed for each, no copy */
	sqlite3_blob *bl = NULL;
	struct db_buf buf = {0};
	int rc, n = 0, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t chunk = sqlite3_column_int64(st, 0);
		int opened = bl ? sqlite3_blob_reopen(bl, chunk)
				: sqlite3_blob_open(db->h, "main", "learn_chunks", "terms", chunk, 0,
						    &bl);
		if (opened != SQLITE_OK) {
			out = db_fail(db, "cache: reading papers' terms", err);
			break;
		}
		size_t bytes = (size_t)sqlite3_blob_bytes(bl);
		if (bytes + 1 > buf.cap || !buf.data) {
			buf.cap = bytes + bytes / 4 + 1;
			buf.data = xrealloc(buf.data, buf.cap);
		}
		if (bytes && sqlite3_blob_read(bl, buf.data, (int)bytes, 0) != SQLITE_OK) {
			out = db_fail(db, "cache: reading papers' terms", err);
			break;
		}
		n++;
		if (fn(ctx, chunk, &buf, bytes) != 0) {
			out = -1;
			break;
		}
	}
	if (bl)
		sqlite3_blob_close(bl);
	free(buf.data);
	sqlite3_reset(st);
	if (out == 0 && rc != SQLITE_DONE)
		out = db_fail(db, "cache: reading papers' terms", err);
	return out == 0 ? n : -1;
}

int db_learn_chunk_get(struct db *db, int64_t chunk, void **blob, size_t *n, char **err)
{
	*blob = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT terms FROM learn_chunks WHERE chunk = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, chunk);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_bytes(st, 0);
		*blob = xmalloc(*n + 1);
		if (*n)
			memcpy(*blob, sqlite3_column_blob(st, 0), *n);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading papers' terms", err);
	return rc == SQLITE_ROW;
}

int db_learn_last(struct db *db, int64_t *pid, char **err)
{
	return last_pid(db, "SELECT " FEATURED_LAST, "cache: reading papers' terms", pid, err);
}

int db_papers_last(struct db *db, int64_t *pid, char **err)
{
	return last_pid(db, "SELECT COALESCE(max(pid), 0) FROM papers", "cache: reading papers",
			pid, err);
}

/* The counts are one row: the papers counted, and each term's count as a
 * little-endian uint32 by term number, so they are read in one go. */

static uint32_t count_at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int db_learn_df_load(struct db *db, uint32_t *df, size_t dim, int64_t *docs, char **err)
{
	memset(df, 0, dim * sizeof *df);
	*docs = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT docs, counts FROM learn_df", err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*docs = sqlite3_column_int64(st, 0);
		const unsigned char *b = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1) / 4;
		for (size_t t = 0; b && t < n && t < dim; t++)
			df[t] = count_at(b + 4 * t);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
	       : db_fail(db, "cache: reading term counts", err);
}

int db_learn_df_get(struct db *db, const uint32_t *terms, size_t n, uint32_t *df,
		    int64_t *docs, char **err)
{
	memset(df, 0, n * sizeof *df);
	*docs = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT rowid, docs FROM learn_df", err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int64_t rowid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		*docs = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: reading term counts", err);
	/* a few terms: read where they are, not the whole row */
	sqlite3_blob *bl;
	if (sqlite3_blob_open(db->h, "main", "learn_df", "counts", rowid, 0, &bl) != SQLITE_OK)
		return db_fail(db, "cache: reading term counts", err);
	int bytes = sqlite3_blob_bytes(bl);
	rc = SQLITE_OK;
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		unsigned char b[4];
		if ((int64_t)terms[i] * 4 + 4 > bytes)
			continue;
		rc = sqlite3_blob_read(bl, b, 4, (int)terms[i] * 4);
		df[i] = count_at(b);
	}
	sqlite3_blob_close(bl);
	return rc == SQLITE_OK ? 0 : db_fail(db, "cache: reading term counts", err);
}

int db_learn_df_add(struct db *db, const int32_t *delta, size_t dim, int64_t docs, char **err)
{
	uint32_t *df = xmalloc((dim ? dim : 1) * sizeof *df);
	unsigned char *b = xmalloc(dim * 4 + 1);
	int64_t had;
	int rc = db_learn_df_load(db, df, dim, &had, err);
	if (rc == 0) {
		for (size_t t = 0; t < dim; t++) {
			int64_t v = (int64_t)df[t] + delta[t];
			uint32_t u = v < 0 ? 0 : v > 0xffffffffLL ? 0xffffffffu : (uint32_t)v;
			b[4 * t] = (unsigned char)u;
			b[4 * t + 1] = (unsigned char)(u >> 8);
			b[4 * t + 2] = (unsigned char)(u >> 16);
			b[4 * t + 3] = (unsigned char)(u >> 24);
		}
		sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO learn_df (one, docs, counts)"
					   " VALUES (1, max(?1, 0), ?2)", err);
		if (!st) {
			rc = -1;
		} else {
			sqlite3_bind_int64(st, 1, had + docs);
			sqlite3_bind_blob(st, 2, b, (int)(dim * 4), SQLITE_STATIC);
			int step = sqlite3_step(st);
			sqlite3_reset(st);
			if (step != SQLITE_DONE)
				rc = db_fail(db, "cache: storing term counts", err);
		}
	}
	free(b);
	free(df);
	return rc;
}

int db_learn_marked(struct db *db, db_learn_mark_fn fn, void *ctx, char **err)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT p.pid, COALESCE(s.starred, 0), s.dismissed_at IS NOT NULL,"
		"  EXISTS (SELECT 1 FROM notes n WHERE n.pid = p.pid),"
		"  COALESCE((SELECT group_concat(tag, char(10)) FROM tags t WHERE t.pid = p.pid), '')"
		" FROM papers p LEFT JOIN state s ON s.pid = p.pid"
		" WHERE p.pid IN (SELECT pid FROM state WHERE starred <> 0 OR dismissed_at IS NOT NULL"
		"  UNION SELECT pid FROM tags UNION SELECT pid FROM notes)"
		" ORDER BY p.pid", err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned flags = (sqlite3_column_int(st, 1) ? DB_STARRED : 0) |
				 (sqlite3_column_int(st, 2) ? DB_DISMISSED : 0) |
				 (sqlite3_column_int(st, 3) ? DB_NOTED : 0);
		fn(ctx, sqlite3_column_int64(st, 0), flags, (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: reading the marks", err);
}

int db_model_get(struct db *db, const char *name, struct db_model *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT marks, config, built, positives, negatives,"
				   " scored, weights FROM learn_models WHERE name = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->name = xstrdup(name);
		out->marks = sqlite3_column_int64(st, 0);
		out->config = db_col(st, 1);
		out->built = sqlite3_column_int64(st, 2);
		out->positives = (long)sqlite3_column_int64(st, 3);
		out->negatives = (long)sqlite3_column_int64(st, 4);
		out->scored = sqlite3_column_int64(st, 5);
		out->nweights = (size_t)sqlite3_column_bytes(st, 6);
		out->weights = xmalloc(out->nweights + 1);
		if (out->nweights)
			memcpy(out->weights, sqlite3_column_blob(st, 6), out->nweights);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading a model", err);
	return rc == SQLITE_ROW;
}

int db_model_put(struct db *db, const struct db_model *m, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO learn_models (name, marks, config,"
				   " built, positives, negatives, scored, weights)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, m->marks);
	sqlite3_bind_text(st, 3, m->config ? m->config : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, m->built);
	sqlite3_bind_int64(st, 5, m->positives);
	sqlite3_bind_int64(st, 6, m->negatives);
	sqlite3_bind_int64(st, 7, m->scored);
	sqlite3_bind_blob(st, 8, m->nweights ? m->weights : "", (int)m->nweights, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: storing a model", err);
}

int db_model_scored(struct db *db, const char *name, int64_t scored, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE learn_models SET scored = ?2 WHERE name = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, scored);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: storing a model", err);
}

void db_model_clear(struct db_model *m)
{
	free(m->name);
	free(m->config);
	free(m->weights);
	memset(m, 0, sizeof *m);
}

int db_models_all(struct db *db, char ***names, char **err)
{
	*names = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT name FROM learn_models ORDER BY name", err);
	if (!st)
		return -1;
	int rc, n = 0;
	char **v = xcalloc(1, sizeof *v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (size_t)(n + 2) * sizeof *v);
		v[n++] = db_col(st, 0);
		v[n] = NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_strv_free(&v);
		return db_fail(db, "cache: reading the models", err);
	}
	*names = v;
	return n;
}

/* Runs each statement of sql (NULL-ended), binding text to ?1 and arg to
 * ?2 where they appear; what names it in an error. */
static int run_all(struct db *db, const char *const *sql, const char *text, int arg,
		   const char *what, char **err)
{
	for (; *sql; sql++) {
		sqlite3_stmt *st = db_stmt(db, *sql, err);
		if (!st)
			return -1;
		if (sqlite3_bind_parameter_count(st) >= 1)
			sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int(st, 2, arg);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, what, err);
	}
	return 0;
}

int db_models_forget(struct db *db, char **err)
{
	static const char *const sql[] = {"DELETE FROM learn_scores", "DELETE FROM learn_models",
					  NULL};
	return run_all(db, sql, NULL, 0, "cache: forgetting what was learned", err);
}

int db_models_prune(struct db *db, const char *prefix, int keep, char **err)
{
	static const char *const sql[] = {
		"DELETE FROM learn_scores WHERE model IN (SELECT name FROM learn_models"
		" WHERE substr(name, 1, length(?1)) = ?1 ORDER BY built DESC, name"
		" LIMIT -1 OFFSET ?2)",
		"DELETE FROM learn_models WHERE name IN (SELECT name FROM learn_models"
		" WHERE substr(name, 1, length(?1)) = ?1 ORDER BY built DESC, name"
		" LIMIT -1 OFFSET ?2)",
		NULL,
	};
	return run_all(db, sql, prefix, keep, "cache: forgetting old models", err);
}

int db_bookmark_get(struct db *db, const char *name, int64_t *at, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at FROM bookmarks WHERE name = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading a bookmark", err);
	return rc == SQLITE_ROW;
}

int db_bookmark_set(struct db *db, const char *name, int64_t at, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO bookmarks (name, at)"
				   " VALUES (?1, ?2)", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: storing a bookmark", err);
}

int db_pid_of(struct db *db, const char *id, int64_t *pid, char **err)
{
	return db_pid(db, id, pid, err);
}
