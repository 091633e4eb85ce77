/* db_int: what the db/ files share; nothing outside db/ includes this. */
#ifndef PAPYR_DB_INT_H
#define PAPYR_DB_INT_H

#include <sqlite3.h>

#include "db.h"

#define DB_STMT_CACHE 16

/* is:updated, over papers p LEFT JOIN state s: a paper the reader starred
 * or tagged whose newer version arrived after they last read it. */
#define DB_UPDATED_SQL                                                        \
	"(p.revised > COALESCE(s.read_at, 0) AND (COALESCE(s.starred, 0) <> 0"  \
	" OR EXISTS (SELECT 1 FROM tags t WHERE t.pid = p.pid)))"


/* The longer forms of a search word (read.c's db_forms): the words of the
 * index that start with the word's stem, each with the papers holding it,
 * borrowed until the next call. */
struct fts_forms {
	const char *const *terms;
	const long *docs;
	int n;
	long word_docs;          /* the papers holding the stem itself (0: none) */
	long least;              /* the most papers one form read holds: at least
				  * this many hold the prefix (set on 0 too) */
};
/* The lengths of the prefixes papers_fts keeps lists for (prefix='2 3',
 * db.c): a longer or shorter one is read by merging the postings of every
 * word it starts. */
#define DB_PREFIX_MIN 2
#define DB_PREFIX_MAX 3
#define FORMS_MAX 512        /* more forms than this: the word stays a prefix */
#define FORMS_READ_ALL 32    /* ... when every match is read (filter.c) */
#define FORMS_WORD 48        /* longer words are not looked up */
#define FORMS_KEPT 8
struct fts_forms_entry {
	char word[FORMS_WORD + 1];
	int ok;                  /* 1: n forms below; 0: a prefix */
	int most, over;          /* read up to most forms; over: it has more */
	long least;              /* the most papers one form read holds */
	int n;
	char terms[FORMS_MAX][FORMS_WORD + 1];
	const char *termv[FORMS_MAX];
	long docs[FORMS_MAX];
	long word_docs;
};
/* The forms last looked up, kept while the cache's data is unchanged
 * (PRAGMA data_version, and no write on this connection since) and its
 * index the same. */
#define FORMS_STALE (-2) /* a version no PRAGMA data_version has */
struct fts_forms_cache {
	struct fts_forms_entry e[FORMS_KEPT];
	int next;
	long long version;
	int index;
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
	int index_old;       /* the new index is still being built */
	int rank_fn;         /* papyr_rank is registered (read.c) */
	int marks_table;     /* temp.papyr_marks is made (read.c) */
	struct fts_forms_cache forms; /* search words' longer forms (read.c) */
	struct score_cache *scores;   /* the models' scores read (scores.c) */
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
	const char *model;     /* DB_SORT_SCORE's scores: the filter's */
	/* A search of plain words (two or more) under relevance: match OR the
	 * title holding the words as one phrase, in order (the same papers:
	 * the phrase holds every word), its last phrases, which papyr_rank
	 * (read.c) ranks first; NULL otherwise. */
	char *match_title;
	/* Words joined by OR under a rank window, some of them rare (filter.c's
	 * rare_words): the search AND the rare ones, whose phrases weigh
	 * nothing, and the search NOT them. NULL otherwise. */
	char *match_rare;
	char *match_common;
	/* papyr_rank's entries (read.c) for ranked_match's phrases and for
	 * match_rare's; NULL: bm25 ranks */
	char *rank;
	char *rank_rare;
	struct fts_counts *counts; /* while the match is written (filter.c) */
	/* every full-text leaf outside NOT, joined by OR (NULL: none): what a
	 * listed paper's title is marked with */
	char *match_any;
	/* At least this many papers match (0: not known), from the forms of a
	 * search of one word written as a prefix: no count is needed to know
	 * that many match (read.c's filter_part). */
	long match_least;
	/* What one test of a paper against match costs the index (read.c's
	 * filter_part): the phrases it looks up, and whether it holds a prefix
	 * the index keeps no list for (DB_PREFIX_MIN..MAX characters have one),
	 * which FTS5 reads by merging every word's postings, in each test. */
	int match_phrases;
	int match_slow_prefix;
	char **owned;          /* the text binds that are not the tree's */
	int nowned;
	struct db *db;         /* for the acronyms; NULL: none */
	int current;           /* written for the current index (db_index_current) */
	int page;              /* the rows a list's page reads; 0: a count */
	int64_t top;           /* max(pid), once a category asked for it */
};

/* How many papers the FTS5 expression expr matches: counted while they
 * are few, else estimated from the share of the newest papers they are
 * (reading every posting of a common word costs a scan of much of the
 * index); -1 on error. */
long db_docs_estimate(struct db *db, const char *expr);

/* A search word's longer forms: 1 and *out, or 0 when it is written as a
 * prefix (not one plain word, too many forms, a stem the tokenizer would
 * not give back as it is, an error). */
int db_forms(struct db *db, const char *word, int most, struct fts_forms *out);

/* One number a plan is chosen by: sql's first column, with text bound to ?1
 * (when given) and arg to the next parameter; -1 when it cannot be read
 * (the statement that needs it reports the error). */
long db_estimate(struct db *db, const char *sql, const char *text, int64_t arg);

/* Writes f out for a list reading pages of page rows (0: a count, or no
 * db); the binds may point into f's tree, which must outlive c.
 * -1 with *err set (c left empty) when the tree passes the DB_FILTER_MAX_
 * limits. */
int fsql_build(struct fsql *c, const struct db_filter *f, struct db *db, int page,
	       char **err);
void fsql_free(struct fsql *c);

/* ---- scores.c: the models' scores, and papyr_scores(MODEL) over them ---- */

struct score_cache;
/* Makes papyr_scores known to the connection. */
int db_scores_register(struct db *db, char **err);
/* Frees the scores the connection kept (at close). */
void db_scores_cache_free(struct db *db);

/* ---- derive.c: the text the index holds beside the paper's own ---- */

struct buf;
/* The mark after a title word written as it is, U+01C0 (a letter, so the
 * tokenizer keeps it in the word; no English suffix, so the stemmer leaves
 * the word alone; found in no title): "prunedǀ" is the exact form of
 * "pruned", found apart from its stem. */
#define DB_EXACT_MARK "\xc7\x80"
/* The extra column of a paper: the title's words, marked, and the bigrams
 * of its CJK runs; a '\n'; the bigrams of the abstract's. Into b (reset). */
void db_derive_extra(struct buf *b, const char *title, const char *abstract);
/* True for a Han, Hiragana, Katakana or Hangul code point. */
int db_cjk_char(unsigned cp);
int db_text_has_cjk(const char *s);
/* Appends to runs the CJK runs of the full-text leaves under n outside NOT
 * that look in field (enum db_text_field: DB_TEXT_TITLE, DB_TEXT_ABSTRACT)
 * or in any, each ended by '\n'. */
void db_cjk_runs(const struct db_fnode *n, int field, struct buf *runs);
/* text (plain, or with marks already) with every place it holds one of
 * runs (as db_cjk_runs wrote them) marked too: a new string, or NULL when
 * no mark was added. */
char *db_cjk_mark(const char *text, const char *runs);
/* Called with each acronym defined in a text, both lowercased: "rag",
 * "retrieval augmented generation". Nonzero stops the search. */
typedef int (*db_acronym_fn)(void *ctx, const char *shortf, const char *longf);
/* The pairs text defines ("Retrieval-Augmented Generation (RAG)"): their
 * number, or -1 when fn stopped it. */
int db_acronyms_find(const char *text, db_acronym_fn fn, void *ctx);
/* Learns the acronyms of a paper's title and abstract into the cache;
 * again: the paper was stored before (see index.c). */
int db_acronyms_learn(struct db *db, const char *title, const char *abstract, int again,
		      char **err);

/* ---- index.c: the full-text index, and its rebuild beside the old one ---- */

/* 1 when the index is the current one (stems, extra), 0 while the new one
 * is still being built (the old serves), as read at open and after a
 * build. */
int db_index_current(struct db *db);
/* Reads which index the cache has; on a new cache, with no papers to
 * index, the new one takes the old one's place at once. */
int db_index_open(struct db *db, char **err);

/* The pid of an arXiv id; 0 and *err set when it is not cached, -1 on error. */
int db_pid(struct db *db, const char *id, int64_t *pid, char **err);

#endif
