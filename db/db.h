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
/* db_open for a short job on a thread of its own (training and scoring,
 * a page fetch, an export): its page cache keeps 1 MB, not the 8 MB of a
 * session's connection, since such a job reads most pages once. */
int db_open_job(struct db **out, const char *path, char **err);
/* Sets the most memory (KiB) the connection's page cache keeps (db_open:
 * 8000), and gives back what it holds beyond. The interface's connections
 * keep DB_CACHE_UI_KIB each: they read a window of rows at a time, and
 * what a count over every paper reads would not fit in 8 MB either. */
#define DB_CACHE_UI_KIB 2048
int db_cache_keep(struct db *db, int kib, char **err);
/* Whether the cache was opened read-only (see db_open). */
int db_readonly(const struct db *db);
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

/* ---- arXiv's sync state: a few named values ---- */

/*
 * The arXiv sync's own memory, kept in the cache it fills: "last_day" (the
 * newest announcement day stored), "harvest" (where an interrupted history
 * harvest resumes). Get returns 1 and a new string in *value, 0 when the
 * key has none, -1 with *err; set with value NULL forgets the key.
 */
int db_arxiv_state_get(struct db *db, const char *key, char **value, char **err);
int db_arxiv_state_set(struct db *db, const char *key, const char *value, char **err);

/*
 * The ids of up to limit papers no record of source (enum paper_source)
 * has reached, first seen at or after seen_since (Unix seconds), newest
 * first: the Hugging Face papers arXiv's query API may fill in. *ids is a
 * NULL-ended array the caller frees with db_strv_free.
 */
int db_ids_without_source(struct db *db, unsigned source, long long seen_since, int limit,
			  char ***ids, char **err);

/* ---- user state ---- */

enum db_flag {
	DB_READ = 1 << 0,
	DB_STARRED = 1 << 1,
	DB_DISMISSED = 1 << 2,
	DB_NOTED = 1 << 3,
	DB_TAGGED = 1 << 4,
	DB_NEW = 1 << 5,      /* is:new; set on list rows only */
	DB_UPDATED = 1 << 6,  /* is:updated: starred or tagged, a newer version
				 arrived since it was last read */
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

/* Zotero: which of pids (n of them) were sent already: *sent gets n flags
 * (1: sent), a new array the caller frees. */
int db_zotero_sent(struct db *db, const int64_t *pids, int n, char **sent, char **err);
/* Remembers that these papers went to Zotero now, in one transaction. */
int db_zotero_mark_sent(struct db *db, const int64_t *pids, int n, char **err);

/* ---- the trending order (pages.c) ---- */

#define DB_TREND_TOP 1000000

/* Records that the cached paper id is at position pos (from 0) of day's
 * trending order, when day is its newest listed day. 0, or -1 with *err. */
int db_trend_set(struct db *db, const char *id, const char *day, long pos, char **err);

/* ---- Hugging Face paper pages (pages.c) ---- */

/* What a paper's page says beyond the daily list. The lists hold one
 * "id\tdownloads\tlikes" line per linked repository (as many as the page
 * lists; the num_ fields are its totals, which may be more). */
struct db_hfpage {
	int64_t fetched_at;   /* when it was fetched (time()) */
	int found;            /* 0: the API has no page for the paper */
	char *models, *datasets, *spaces;   /* "" when none */
	long num_models, num_datasets, num_spaces;
	char *github_repo;    /* NULL when none */
	long github_stars;
	char *project_page;   /* NULL when none */
	char *organization;   /* its full name; NULL when none */
};

/* Stores the page of the cached paper id (replacing an older one): 0, or
 * -1 with *err (not cached: "ID: no such paper in the cache"). */
int db_hfpage_put(struct db *db, const char *id, const struct db_hfpage *pg, char **err);
/* 1 and *out filled, 0 when none was fetched, -1 on error. */
int db_hfpage_get(struct db *db, const char *id, struct db_hfpage *out, char **err);
void db_hfpage_clear(struct db_hfpage *pg);
/* The ids of at most limit kept papers (starred, tagged or noted, and not
 * dismissed) whose page was never fetched or was fetched before `before`
 * (time()), newest first; *ids is NULL-ended, freed with db_strv_free. */
int db_hfpage_due(struct db *db, int64_t before, int limit, char ***ids, char **err);

/* ---- full texts (pages.c) ---- */

/* Stores the full text of the cached paper id (replacing one), indexed for
 * fulltext: queries. 0, or -1 with *err. */
int db_fulltext_put(struct db *db, const char *id, const char *body, char **err);
/* 1 and *body (a new string), 0 when none is cached, -1 on error. */
int db_fulltext_get(struct db *db, const char *id, char **body, char **err);

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

/* ---- citation keys (cite.c) ---- */

/*
 * Calls fn for every cached paper whose pid is above after (0: all), in pid
 * order (the order papers entered the cache), with what a citation key is
 * made of: its first author's name, its title and the date it is cited by
 * (published, else the first day it was listed; "" when neither). The
 * strings are borrowed for the call. fn returns 0 to go on, -1 to stop (its
 * *err set). 0, or -1.
 */
typedef int (*db_cite_fn)(void *ctx, int64_t pid, const char *first_author,
			  const char *title, const char *date, char **err);
int db_each_cite(struct db *db, int64_t after, db_cite_fn fn, void *ctx, char **err);

/*
 * Each paper's base citation key (the key before a clash letter), stored
 * once for each key style (an int the caller defines) and kept: a paper's
 * key never changes, whatever it or the cache becomes. The core makes the
 * keys; the cache only stores and counts them.
 *
 * db_cite_bounds: the largest pid with a stored key in style and the
 * largest pid cached (0 for none); the papers between have no key yet.
 */
int db_cite_bounds(struct db *db, int style, int64_t *last_keyed, int64_t *last_pid,
		   char **err);
/*
 * Stores the key of every paper after the last keyed one, made by base (a
 * new string), in one transaction (or the caller's); *added (may be NULL)
 * says how many. Takes no write lock when none is missing. A read-only
 * cache fails ("the cache is read-only"). 0, or -1 with *err.
 */
typedef char *(*db_cite_base_fn)(void *ctx, const char *first_author, const char *title,
				 const char *date);
int db_cite_fill(struct db *db, int style, db_cite_base_fn base, void *ctx, long *added,
		 char **err);
/* pid's stored base key: 1 and *base (the caller's), 0 when none, -1. */
int db_cite_base(struct db *db, int style, int64_t pid, char **base, char **err);
/* *n: the papers with a stored key base in style and a pid below pid (an
 * indexed count: the clash letter of the paper pid). 0, or -1. */
int db_cite_before(struct db *db, int style, const char *base, int64_t pid, long *n,
		   char **err);

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
	long trend;         /* its place in the trending order of its day, higher
			       first (DB_TREND_TOP - position); 0 when unknown */
	double rank;        /* relevance (higher is better) under DB_SORT_RELEVANCE,
			       else 0: part of the keyset */
	char *marked;       /* the title with the words a search matched marked
			       (db_mark_titles), else NULL */
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

/*
 * The words of a paper that matched the filter's full text, as the index
 * matched them (a stem, a prefix, an acronym's other form, a CJK word):
 * the paper's title and abstract as stored, each matched word between
 * DB_MARK_ON and DB_MARK_OFF. These are control bytes, which text_clean()
 * drops from every text papyr stores, so a paper cannot forge them. Returns
 * 1 with *title and *abstract new; 0 with both NULL when the filter has no
 * full text or the paper does not match it; -1 with *err.
 */
#define DB_MARK_ON "\x02"
#define DB_MARK_OFF "\x03"
int db_highlight(struct db *db, const struct db_filter *f, int64_t pid, char **title,
		 char **abstract, char **err);
/* The same for the titles of a page of f's rows: each row's marked (NULL
 * when its paper does not match the full text, or f has none). 0, or -1
 * with *err (the rows unmarked). */
int db_mark_titles(struct db *db, const struct db_filter *f, struct db_page *pg, char **err);

/* ---- learning: the tables of what papyr learns (the math is the core's) ---- */

/* The changes to the marks (a star, a dismissal, a tag, a note, added or
 * taken away) since the cache was made: a model built at another count is
 * stale. */
int db_learn_marks(struct db *db, int64_t *changes, char **err);
/* Calls fn, in pid order, with the text of each paper newer than the newest
 * whose terms are stored (borrowed strings, "" when empty); fn stores them
 * and returns 0, or nonzero to stop (then -1). Returns the count, or -1. */
typedef int (*db_learn_text_fn)(void *ctx, int64_t pid, const char *title,
				const char *abstract, const char *keywords);
int db_learn_unfeatured(struct db *db, db_learn_text_fn fn, void *ctx, char **err);
/* The same for the papers whose text changed (a new version of a paper, its
 * keywords) since their terms were stored. */
int db_learn_changed(struct db *db, db_learn_text_fn fn, void *ctx, char **err);
/* 1 when a paper's text changed since its terms were stored, 0, -1. */
int db_learn_changed_any(struct db *db, char **err);
/* Forgets the papers db_learn_changed gave, their terms stored again; when
 * any were, every model's scores are to be made again (scored 0). */
int db_learn_changed_clear(struct db *db, int any, char **err);
/* The terms of a chunk of papers (the core's chunks of consecutive pids),
 * an opaque blob of n bytes; last is its newest paper's pid. */
int db_learn_chunk_put(struct db *db, int64_t chunk, int64_t last, const void *blob, size_t n,
		       char **err);
/* 1 and a new *blob (free it) when the chunk is stored, 0 when not, -1. */
int db_learn_chunk_get(struct db *db, int64_t chunk, void **blob, size_t *n, char **err);
/* fn with each stored chunk from chunk `from` on, in order: its n bytes in
 * buf->data (of buf->cap bytes, new with xmalloc), which fn may keep by
 * putting a buffer of its own (or NULL, 0) in its place; fn returns nonzero
 * to stop (then -1). Returns the count read. No write lock is held
 * meanwhile. */
struct db_buf {
	void *data;
	size_t cap;
};
typedef int (*db_learn_chunk_fn)(void *ctx, int64_t chunk, struct db_buf *buf, size_t n);
int db_learn_chunks_each(struct db *db, int64_t from, db_learn_chunk_fn fn, void *ctx,
			 char **err);
/* The newest pid whose terms are stored (0: none). */
int db_learn_last(struct db *db, int64_t *pid, char **err);
/* The newest paper's pid (0: none). */
int db_papers_last(struct db *db, int64_t *pid, char **err);
/* The papers each of dim terms is in (df[t]) and the papers counted. */
int db_learn_df_load(struct db *db, uint32_t *df, size_t dim, int64_t *docs, char **err);
/* The counts of n terms only, into df[0..n), and the papers counted. */
int db_learn_df_get(struct db *db, const uint32_t *terms, size_t n, uint32_t *df,
		    int64_t *docs, char **err);
/* Adds delta[t] (which may be below 0) to each term's count and docs to
 * the papers counted. */
int db_learn_df_add(struct db *db, const int32_t *delta, size_t dim, int64_t docs, char **err);
/* fn for each paper with a star, a dismissal, a note or a tag: flags is
 * DB_STARRED, DB_DISMISSED and DB_NOTED bits, tags joined by '\n' ("" when
 * none), borrowed for the call. */
typedef void (*db_learn_mark_fn)(void *ctx, int64_t pid, unsigned flags, const char *tags);
int db_learn_marked(struct db *db, db_learn_mark_fn fn, void *ctx, char **err);

/* A model as stored: its weights an opaque blob the core reads. */
struct db_model {
	char *name;          /* "foryou", "foryou:TAG", "like:ID" */
	int64_t marks;       /* db_learn_marks when it was built */
	char *config;        /* the settings it was built under */
	int64_t built;       /* unix time */
	long positives, negatives;
	int64_t scored;      /* the newest pid its scores cover */
	void *weights;
	size_t nweights;     /* bytes */
};
/* 1 and *out filled, 0 when there is no such model, -1. */
int db_model_get(struct db *db, const char *name, struct db_model *out, char **err);
int db_model_put(struct db *db, const struct db_model *m, char **err);
int db_model_scored(struct db *db, const char *name, int64_t scored, char **err);
void db_model_clear(struct db_model *m);
/* The models' names, sorted, NULL-ended (db_strv_free); returns the count. */
int db_models_all(struct db *db, char ***names, char **err);
/* Deletes every model and score: what papyr learned is forgotten (it
 * learns again, from the marks, when next asked). */
int db_models_forget(struct db *db, char **err);
/* Deletes the models whose names start with prefix, and their scores, but
 * the keep built last. */
int db_models_prune(struct db *db, const char *prefix, int keep, char **err);
struct db_ranked;
/*
 * A model's scores, one per paper: score[i] is pid i + 1's, NaN for a
 * paper without one (not listed under the model's order). Written in one
 * transaction, with the pids in score order beside them: a list reads the
 * old scores or the new, all of them. A list reads them through
 * papyr_scores (db/scores.c). order: their ranking (db_scores_rank), or
 * NULL to make it here.
 */
int db_scores_put(struct db *db, const char *model, const float *score, size_t n,
		  const struct db_ranked *order, char **err);
/* The scored pids of score (n of them) in score order, as db_scores_put
 * stores them: made before the transaction that stores them (order), so
 * that it holds the write lock for the writing alone. */
struct db_ranked *db_scores_rank(const float *score, size_t n);
void db_ranked_free(struct db_ranked **r);
/* Deletes model's scores. */
int db_scores_drop(struct db *db, const char *model, char **err);
/* 1 and a new *score of *n (free it), 0 when model has none, -1. */
int db_scores_load(struct db *db, const char *model, float **score, size_t *n, char **err);
/* 1 and *score, 0 when pid has none under model, -1. */
int db_score_get(struct db *db, const char *model, int64_t pid, double *score, char **err);
/* The score sets the process holds in memory: one per cache, model and
 * version, shared by every connection (and thread) that reads it. */
int db_scores_shared(void);
/* A named moment (unix time) the cache keeps, as the digest's last run:
 * 1 and *at, 0 when never set, -1. */
int db_bookmark_get(struct db *db, const char *name, int64_t *at, char **err);
int db_bookmark_set(struct db *db, const char *name, int64_t at, char **err);
/* The pid of an arXiv id: 1, 0 with *err naming the id when it is not
 * cached, -1. */
int db_pid_of(struct db *db, const char *id, int64_t *pid, char **err);

/* Makes the statement running on db (from another thread) stop soon with
 * an error; safe to call from any thread while db is open. */
void db_interrupt(struct db *db);

/* The underlying handle, for modules in the db/ layer only. */
struct sqlite3 *db_handle(struct db *db);

#endif
