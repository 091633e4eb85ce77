/* db_int: what the db/ files share; nothing outside db/ includes this. */
#ifndef PAPYR_DB_INT_H
#define PAPYR_DB_INT_H

#include <sqlite3.h>

#include "db.h"

#define DB_STMT_CACHE 16

/* The longer forms of a search word: the words of the index that start
 * with it (the word itself among them when the index holds it), each with
 * the papers that hold it, and those that hold the word itself. */
struct fts_forms {
	const char *const *terms;
	const long *docs;
	int n;
	long word_docs;
};
/* Looks up word's forms: 1 and *out filled (borrowed until the next call),
 * or 0 when the word is written as a prefix (too short, too many forms). */
struct fts_forms_fn {
	int (*fn)(void *ctx, const char *word, struct fts_forms *out);
	void *ctx;
};

/* The longer forms of the search words last looked up (read.c), kept while
 * the cache's data is unchanged (PRAGMA data_version). */
#define FORMS_MAX 32         /* more forms than this: the word stays a prefix */
#define FORMS_WORD 48        /* longer words are not looked up */
#define FORMS_KEPT 8
struct fts_forms_entry {
	char word[FORMS_WORD + 1];
	int ok;                  /* 1: n forms below; 0: a prefix */
	int n;
	char terms[FORMS_MAX][FORMS_WORD + 1];
	const char *termv[FORMS_MAX];
	long docs[FORMS_MAX];
	long word_docs;
};
struct fts_forms_cache {
	struct fts_forms_entry e[FORMS_KEPT];
	int next;
	long long version;
};

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
	int rank_fn;         /* papyr_rank is registered (read.c) */
	int marks_table;     /* temp.papyr_marks is made (read.c) */
	struct fts_forms_cache forms; /* search words' longer forms (read.c) */
	struct fts_forms_fn forms_fn; /* looks them up in this cache */
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
	/* A search of plain words (two or more) under relevance: match OR the
	 * title holding the words as one phrase, in order (the same papers:
	 * the phrase holds every word), which ranks those titles first; NULL
	 * otherwise. */
	char *match_title;
	/* The ranking's entries, one a phrase of match (then of match_title's
	 * phrase), for papyr_rank (read.c); NULL when bm25 ranks. */
	char *rank;
	/* Words joined by OR, some of them rare (filter.c's rare_words): the
	 * search AND the rare ones, NOT them, and the former's entries. */
	char *match_rare;
	char *match_common;
	char *rank_rare;
	/* every full-text phrase outside NOT, joined by OR (NULL: none): what
	 * a listed paper's title is marked with */
	char *match_any;
	const struct fts_forms_fn *forms;
	char **owned;          /* the text binds that are not the tree's */
	int nowned;
};

/* Writes f out; the binds may point into f's tree, which must outlive c.
 * -1 with *err set (c left empty) when the tree passes the DB_FILTER_MAX_
 * limits. */
int fsql_build(struct fsql *c, const struct db_filter *f, char **err);
/* The same with a search word's longer forms written out (forms may be
 * NULL); forms must outlive c. */
int fsql_build_forms(struct fsql *c, const struct db_filter *f, const struct fts_forms_fn *forms,
		     char **err);
void fsql_free(struct fsql *c);

/* The pid of an arXiv id; 0 and *err set when it is not cached, -1 on error. */
int db_pid(struct db *db, const char *id, int64_t *pid, char **err);

#endif
