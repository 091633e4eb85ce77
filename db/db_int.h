/* db_int: what the db/ files share; nothing outside db/ includes this. */
#ifndef PAPYR_DB_INT_H
#define PAPYR_DB_INT_H

#include <sqlite3.h>

#include "db.h"

#define DB_STMT_CACHE 16

struct db {
	sqlite3 *h;
	/* Statements prepared once and reused, keyed by their SQL text. */
	struct {
		char *sql;
		sqlite3_stmt *st;
		unsigned long used;
	} cache[DB_STMT_CACHE];
	unsigned long tick;
	int in_tx;
	int readonly;        /* opened read-only: the file or folder is */
	long ingest_pending; /* papers the open ingests hold, not yet written */
	char *upsert_batch_sql; /* the ingest's upserts, built on first use */
	char *upsert_one_sql;
};

/*
 * Returns the prepared statement for sql, reset and with bindings cleared,
 * preparing it on first use. Borrowed: valid until db_close. NULL on error
 * with *err set.
 */
sqlite3_stmt *db_stmt(struct db *db, const char *sql, char **err);
/* The handle's last error in words: "the cache is read-only", "disk full",
 * else SQLite's message. Borrowed until the next call on the handle. */
const char *db_errmsg(struct db *db);
/* Sets *err from the handle's last error, prefixed; returns -1. */
int db_fail(struct db *db, const char *what, char **err);
/* Copies a text column ("" for NULL), or NULL for NULL with db_col_opt. */
char *db_col(sqlite3_stmt *st, int col);
char *db_col_opt(sqlite3_stmt *st, int col);
/*
 * A filter written out as SQL (filter.c): a WHERE over papers p and state s
 * (NULL: none) with one bind per '?', in order, and the full text as one
 * FTS5 expression (NULL: none). Every listed row matches it, unless
 * match_rank_only is set: then where holds the full-text conditions and
 * match only ranks. papers is set when the WHERE reads the papers table
 * (else ranked rows are sorted without reading it). The order is the
 * filter's.
 */
struct db_bind {
	enum { DB_BIND_TEXT, DB_BIND_INT } type;
	const char *text;
	int64_t i;
};

struct fsql {
	char *where;
	struct db_bind *binds;
	int nbinds, cap;
	char *match;
	int match_rank_only;
	int papers;
	enum db_sort sort;
	int reverse;
	long rank_window;
	/* A search of plain words (two or more) under relevance: the matches
	 * whose title holds the words as one phrase, in order, rank first.
	 * match_title is match AND that phrase, match_untitled match NOT it;
	 * both NULL otherwise. */
	char *match_title;
	char *match_untitled;
	char **owned;          /* the text binds that are not the tree's */
	int nowned;
};

/* Writes f out; the binds may point into f's tree, which must outlive c.
 * -1 with *err set (c left empty) when the tree passes the DB_FILTER_MAX_
 * limits. */
int fsql_build(struct fsql *c, const struct db_filter *f, char **err);
void fsql_free(struct fsql *c);

/* The pid of an arXiv id; 0 and *err set when it is not cached, -1 on error. */
int db_pid(struct db *db, const char *id, int64_t *pid, char **err);

#endif
