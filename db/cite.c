/* cite: each paper's base citation key, stored once per key style. */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"

/* What a key is made of, for the papers after pid `after`, in pid order. */
#define CITE_SQL                                                                 \
	"SELECT pid, substr(authors, 1, instr(authors || char(10), char(10)) - 1),"   \
	"  title, COALESCE(NULLIF(published, ''),"                                   \
	"    (SELECT min(day) FROM paper_days d WHERE d.pid = p.pid), '')"           \
	" FROM papers p WHERE pid > ?1 ORDER BY pid"

int db_each_cite(struct db *db, int64_t after, db_cite_fn fn, void *ctx, char **err)
{
	/* Prepared apart from the statement cache: fn may read the cache. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, CITE_SQL, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache: reading citation keys", err);
	sqlite3_bind_int64(st, 1, after);
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 1);
		const char *t = (const char *)sqlite3_column_text(st, 2);
		const char *d = (const char *)sqlite3_column_text(st, 3);
		if (fn(ctx, sqlite3_column_int64(st, 0), a ? a : "", t ? t : "", d ? d : "",
		       err) != 0) {
			out = -1;
			break;
		}
	}
	if (out == 0 && rc != SQLITE_DONE)
		out = db_fail(db, "cache: reading citation keys", err);
	sqlite3_finalize(st);
	return out;
}

static int read_max(struct db *db, const char *sql, int style, int64_t *out, char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return -1;
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int(st, 1, style);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading citation keys", err);
	return 0;
}

int db_cite_bounds(struct db *db, int style, int64_t *last_keyed, int64_t *last_pid,
		   char **err)
{
	if (read_max(db, "SELECT COALESCE(max(pid), 0) FROM cite_keys WHERE style = ?1",
		     style, last_keyed, err) != 0)
		return -1;
	return read_max(db, "SELECT COALESCE(max(pid), 0) FROM papers", style, last_pid, err);
}

struct fill {
	struct db *db;
	sqlite3_stmt *ins;
	int style;
	db_cite_base_fn base;
	void *ctx;
	long added;
};

static int fill_one(void *ctx, int64_t pid, const char *first_author, const char *title,
		    const char *date, char **err)
{
	struct fill *f = ctx;
	char *base = f->base(f->ctx, first_author, title, date);
	sqlite3_reset(f->ins);
	sqlite3_bind_int(f->ins, 1, f->style);
	sqlite3_bind_int64(f->ins, 2, pid);
	sqlite3_bind_text(f->ins, 3, base, -1, free);
	if (sqlite3_step(f->ins) != SQLITE_DONE)
		return db_fail(f->db, "cache: storing citation keys", err);
	f->added++;
	return 0;
}

int db_cite_fill(struct db *db, int style, db_cite_base_fn base, void *ctx, long *added,
		 char **err)
{
	if (added)
		*added = 0;
	if (db->readonly)
		return set_err(err, "the cache is read-only");
	int64_t last, top;
	if (db_cite_bounds(db, style, &last, &top, err) != 0)
		return -1;
	if (last >= top)
		return 0; /* nothing to add: no write lock taken */
	int own = !db->in_tx;
	if (own && db_begin(db, err) != 0)
		return -1;
	struct fill f = {.db = db, .style = style, .base = base, .ctx = ctx};
	int rc = 0;
	/* read again inside the transaction: another process may have filled */
	if (db_cite_bounds(db, style, &last, &top, err) != 0)
		rc = -1;
	if (rc == 0 && sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO cite_keys(style, pid, base)"
					  " VALUES (?1, ?2, ?3)", -1, &f.ins, NULL) != SQLITE_OK)
		rc = db_fail(db, "cache: storing citation keys", err);
	if (rc == 0)
		rc = db_each_cite(db, last, fill_one, &f, err);
	sqlite3_finalize(f.ins);
	if (own) {
		if (rc == 0)
			rc = db_commit(db, err);
		else
			db_rollback(db);
	}
	if (added && rc == 0)
		*added = f.added;
	return rc;
}

int db_cite_base(struct db *db, int style, int64_t pid, char **base, char **err)
{
	*base = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT base FROM cite_keys WHERE style = ?1 AND pid = ?2",
				   err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, style);
	sqlite3_bind_int64(st, 2, pid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*base = db_col(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading citation keys", err);
	return rc == SQLITE_ROW;
}

int db_cite_before(struct db *db, int style, const char *base, int64_t pid, long *n,
		   char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM cite_keys"
				       " WHERE style = ?1 AND base = ?2 AND pid < ?3", err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, style);
	sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pid);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "cache: reading citation keys", err);
	return 0;
}
