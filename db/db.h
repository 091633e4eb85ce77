/*
 * db: papyr's SQLite cache.
 *
 * The one owner of the cache file: schema and migrations, the papers that
 * sync and import write, the user's state (read, starred, dismissed, tags,
 * notes) that they never touch, the full-text index kept in step with the
 * papers by triggers, and the per-day sync log. Reads are windowed: a page of
 * rows at a time, by keyset, so a million papers cost what a screenful does.
 *
 * Nothing here prints. Functions return 0 (or a count) on success and -1 with
 * *err set to a message the caller frees. Strings handed out are the caller's
 * unless the comment says borrowed.
 */
#ifndef PAPYR_DB_H
#define PAPYR_DB_H

#include <stddef.h>
#include <stdint.h>

#include "../src/base/paper.h"
#include "filter.h"

struct db;

/* The application_id every papyr cache carries ("PPYR"). */
#define DB_APPLICATION_ID 0x50505952

/*
 * Opens (creating it 0600 if needed) and migrates the cache at path. A file
 * or folder papyr may not write is opened read-only: reads work, writes fail
 * with "the cache is read-only". A database that is not papyr's (another
 * application_id, or other tables) is refused before anything is written.
 */
int db_open(struct db **out, const char *path, char **err);
void db_close(struct db **db);
/* The schema version this build writes (PRAGMA user_version). */
int db_schema_version(void);

int db_begin(struct db *db, char **err);
int db_commit(struct db *db, char **err);
void db_rollback(struct db *db);
/*
 * A read transaction: one consistent snapshot for a long read (an export),
 * taken without blocking writers (WAL) and without a lock per statement.
 * Returns 1 when it began one, 0 when a transaction was already open (the
 * caller then must not end it), -1 with *err set. db_end_read(db, began).
 */
int db_begin_read(struct db *db, char **err);
void db_end_read(struct db *db, int began);

/* ---- ingest: sync and import write papers through a sink ---- */

/*
 * An ingest: a batch of papers on their way into the cache. Papers handed
 * to its sink are copied and written a batch at a time; db_ingest_flush
 * writes what is still pending. Reads see only what was flushed: a caller
 * that looks up a paper it just handed over (to set its marks, say)
 * flushes first. Use it inside db_begin / db_commit: one day, or one file,
 * is one transaction, with one ingest, flushed before the commit (db_commit
 * fails while an ingest holds papers). Free every ingest before db_close.
 */
struct db_ingest;

/* Papers the sink writes with one statement (the rest one at a time). */
#define DB_INGEST_BATCH 64

struct db_ingest *db_ingest_new(struct db *db);
/*
 * A sink that upserts each paper (one row per arXiv id; a day it was listed
 * on is remembered; user state is never touched). Its on_paper fails when
 * the batch it completes cannot be written.
 */
struct paper_sink db_ingest_sink(struct db_ingest *ing);
/*
 * Writes the pending papers. On an error (*err set) they stay pending: the
 * caller rolls back, or flushes again.
 */
int db_ingest_flush(struct db_ingest *ing, char **err);
/* Papers handed over and not yet written. */
int db_ingest_pending(const struct db_ingest *ing);
/* Papers written so far: new rows, and rows that were there. A paper
 * written twice by one ingest is counted once. */
void db_ingest_counts(const struct db_ingest *ing, long *added, long *updated);
/* Frees the ingest; papers still pending are dropped (after a rollback). */
void db_ingest_free(struct db_ingest **ing);

/* ---- sync log: one row per listed day ---- */

struct db_synclog {
	char day[11];
	int64_t fetched_at;  /* unix time of the last successful fetch, 0 never */
	long papers;
	char *etag;          /* NULL when the server sent none */
	char *last_modified;
	char *error;         /* NULL when the last attempt succeeded */
};

/* Records a successful fetch of day (clears its error). */
int db_synclog_ok(struct db *db, const char *day, long papers, const char *etag,
		  const char *last_modified, char **err);
/*
 * Records a fetch of day that stored its papers but the nrefused ones the
 * cache refused (named in refused, one a line) and counts it as a partial fetch
 * (partial_tries). While settle is 0 the day is recorded as not fetched
 * whole (error says how many were refused; its earlier fetch time stays),
 * so it is fetched again; with settle it is recorded as fetched, error
 * cleared, the refused papers kept in the log. A whole fetch
 * (db_synclog_ok) clears both.
 */
int db_synclog_partial(struct db *db, const char *day, long papers, long nrefused,
		       const char *refused, int settle, char **err);
/* The partial fetches of day in a row so far (0 when none, or no row). */
int db_synclog_partial_tries(struct db *db, const char *day, int *tries, char **err);
/* Records a failed attempt; the earlier papers and fetch time stay. */
int db_synclog_fail(struct db *db, const char *day, const char *error, char **err);
/* Records that a sync which started at `started` (Unix seconds) brought
 * papers the cache had not seen: the papers first seen since the latest
 * such start are new (is:new). */
int db_sync_run_done(struct db *db, long long started, char **err);
/* Returns 1 and fills *out when day has a row, 0 when not, -1 on error. */
int db_synclog_get(struct db *db, const char *day, struct db_synclog *out, char **err);
void db_synclog_clear(struct db_synclog *s);

/* ---- user state ---- */

enum db_flag {
	DB_READ = 1 << 0,
	DB_STARRED = 1 << 1,
	DB_DISMISSED = 1 << 2,
	DB_NOTED = 1 << 3,
	DB_TAGGED = 1 << 4,
	DB_NEW = 1 << 5,      /* is:new; set on list rows only */
};

enum db_mark {
	DB_MARK_READ,
	DB_MARK_UNREAD,
	DB_MARK_STAR,
	DB_MARK_UNSTAR,
	DB_MARK_DISMISS,
	DB_MARK_UNDISMISS,
};

/* Parses "read", "unstar", ...; returns -1 for an unknown word. */
int db_mark_parse(const char *word);
/* The word for enum db_mark i, or NULL past the last: for iteration. */
const char *db_mark_name(int i);

/* Each takes an arXiv id; an id not in the cache is an error naming it. */
int db_mark(struct db *db, const char *id, enum db_mark mark, char **err);
/* Sets the three flags at once (for undo); flags is enum db_flag bits. */
int db_set_flags(struct db *db, const char *id, unsigned flags, char **err);
int db_tag_add(struct db *db, const char *id, const char *tag, char **err);
int db_tag_remove(struct db *db, const char *id, const char *tag, char **err);
/* Empty or NULL text removes the note. */
int db_note_set(struct db *db, const char *id, const char *text, char **err);
/* Returns 0 and a new string (NULL when there is no note), or -1. */
int db_note_get(struct db *db, const char *id, char **text, char **err);

/* True if tag is acceptable: 1..64 bytes, printable, no space or comma. */
int db_tag_valid(const char *tag);
/* All tags in use, sorted, with their counts; *tags is a NULL-ended array the
 * caller frees with db_strv_free. */
int db_tags_all(struct db *db, char ***tags, long **counts, char **err);
void db_strv_free(char ***v);

/* ---- reads ---- */

/* A full paper, for show, the detail pane and exports. */
struct db_paper {
	struct paper p;     /* fetched fields; p.day is the newest listed day */
	int64_t pid;
	char **days;        /* every day it was listed, newest first, NULL-ended */
	char **tags;        /* sorted, NULL-ended */
	char *note;         /* NULL when none */
	unsigned flags;     /* enum db_flag */
	int64_t first_seen;
	int64_t updated;
	int64_t read_at, starred_at, dismissed_at; /* 0 when not set */
};

/* Returns 1 and fills *out, 0 when the id is not cached, -1 on error. */
int db_get(struct db *db, const char *id, struct db_paper *out, char **err);
int db_get_pid(struct db *db, int64_t pid, struct db_paper *out, char **err);
void db_paper_clear(struct db_paper *dp);

/* One line of a list: what a list row shows and its sort key. */
struct db_row {
	int64_t pid;
	char *id;
	char *title;
	char *day;          /* newest listed day, else published, else "" */
	char *published;    /* "" when unknown */
	char *tags;         /* space-separated, "" when none */
	long upvotes, comments, stars;
	unsigned flags;     /* enum db_flag */
	double rank;        /* relevance (higher is better) under DB_SORT_RELEVANCE,
			       else 0: part of the keyset */
};

/* What a list holds and its order, struct db_filter, is in filter.h. */

/* A page of rows; reuse it across calls, free with db_page_free. */
struct db_page {
	struct db_row *rows;
	int n;
	int cap;
	long window;        /* set by db_list: the filter's rank_window when it
			       left matches out of the ranking, else 0 */
};

/*
 * Reads up to n rows in the filter's order, starting after the key of row
 * `after` (NULL: from the start). With backward set, reads the n rows before
 * `after` instead, still returned in list order. Replaces out's contents.
 */
int db_list(struct db *db, const struct db_filter *f, const struct db_row *after,
	    int backward, int n, struct db_page *out, char **err);
/*
 * The query plan SQLite picks for the first page of n rows (EXPLAIN QUERY
 * PLAN, one step a line, indented two spaces a level): how a test or a
 * benchmark checks that a list walks the index it was written for.
 */
int db_list_plan(struct db *db, const struct db_filter *f, int n, char **plan, char **err);
/* Counts the filter's rows. */
int db_count(struct db *db, const struct db_filter *f, long *count, char **err);
void db_page_free(struct db_page *pg);
void db_row_clear(struct db_row *r);

/*
 * The search index. A cache made by an older papyr gets a new one (words
 * matched by their stems, acronyms, CJK words), built beside the old one
 * in chunks of papers, each its own transaction, while the old one answers
 * queries; the new one takes its place at the end in one transaction. A
 * kill anywhere leaves the cache usable, and the next build goes on where
 * it stopped.
 *
 * db_index_pending: the chunks' worth of work left, in papers (0: none, the
 * index is current; -1 on error). db_index_build: builds to the end, chunk
 * papers at a time (0: DB_INDEX_CHUNK), calling fn (may be NULL) as it
 * goes: after a chunk is written, before its commit; after the commit
 * (nonzero from fn then stops the build, to go on later: 1); during the
 * swap, before its commit; after it, before the old index is dropped; and
 * when done. 0 when the index is current (or
 * cannot be built: the cache is read-only), -1 on error.
 */
#define DB_INDEX_CHUNK 5000
enum db_index_event { DB_INDEX_CHUNK_WRITTEN, DB_INDEX_CHUNK_DONE, DB_INDEX_SWAPPING,
		      DB_INDEX_SWAPPED, DB_INDEX_DONE };
typedef int (*db_index_fn)(void *ctx, long done, long total, enum db_index_event ev);
long db_index_pending(struct db *db, char **err);
int db_index_build(struct db *db, long chunk, db_index_fn fn, void *ctx, char **err);

/*
 * Whether the full-text index knows word (lowercase letters and digits:
 * one token): 1 when it holds the word or a longer one it starts, else 0
 * with *out the nearest word of the index starting with the same letter
 * (at most one edit away for a word of up to four letters, two for a
 * longer one; the most used on a tie), new, or NULL when none is near. A
 * word that is not one such token is not looked up (1). -1 with *err.
 * Bounded: it reads at most a few hundred thousand words of the index.
 */
int db_word_suggest(struct db *db, const char *word, char **out, char **err);

/* Makes the statement running on db (from another thread) stop soon with
 * an error; safe to call from any thread while db is open. */
void db_interrupt(struct db *db);

/* The underlying handle, for modules in the db/ layer only. */
struct sqlite3 *db_handle(struct db *db);

#endif
