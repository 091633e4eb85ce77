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
/* Sets *err from the handle's last error, prefixed; returns -1. */
int db_fail(struct db *db, const char *what, char **err);
/* Copies a text column ("" for NULL), or NULL for NULL with db_col_opt. */
char *db_col(sqlite3_stmt *st, int col);
char *db_col_opt(sqlite3_stmt *st, int col);
/* The pid of an arXiv id; 0 and *err set when it is not cached, -1 on error. */
int db_pid(struct db *db, const char *id, int64_t *pid, char **err);

#endif
