/* ingest: the sink that sync and import write papers through; the sync log. */
#include "db_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/base/mem.h"
#include "../src/base/buf.h"

struct db_ingest {
	struct db *db;
	long added;
	long updated;
	int64_t max_pid; /* rows above it are new */
	/* Papers waiting for the next batched statement (deep copies), and a
	 * bit per pid already counted. */
	struct paper *pending;
	char **extra;    /* the pending papers' extra column (derive.c) */
	int npending;
	unsigned char *counted;
	size_t ncounted;
};

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_opt_long(sqlite3_stmt *st, int i, long v, int present)
{
	if (present)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int remember_day(struct db *db, int64_t pid, const char *day, char **err)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT OR IGNORE INTO paper_days (day, pid) VALUES (?1, ?2)", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, pid);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: storing a listed day", err);
}

/*
 * The upsert of n papers in one statement. One row per arXiv id, whichever
 * source brought it; absent optional fields keep what the row had, so a
 * search result never erases what a daily list said; the newest listed day
 * wins; user state lives in other tables and is not named. Batches matter:
 * SQLite opens a statement savepoint per statement, and FTS5 writes its
 * pending index data as a new segment at each, so one statement per paper
 * writes the index one paper at a time. The rows come in through v, which
 * the update reads back (by id, unique in a statement) for the numbers
 * whose absence the inserted row cannot show: published, upvotes,
 * comments, stars.
 *
 * The two sources merge: arXiv's record of its latest version wins for
 * title, abstract and authors (a Hugging Face record never overwrites an
 * arXiv one, an older arXiv version never a newer one); Hugging Face's own
 * fields (upvotes, AI summary, GitHub, the listed day) are only ever its
 * own. The day is the newest of the listed and announced days, else the
 * published one. A version newer than the one held sets revised, the time.
 * extra is the derived column (derive.c): it follows the text that wins,
 * and the abstract's part of it stays with the abstract it was made from
 * (after the '\n').
 * Parameters: ?1 the time, then 23 per paper from ?2.
 */
#define BATCH_COLS 23

/* Whether the incoming row's text replaces the stored one. */
#define TAKE_TEXT                                                               \
	"(CASE WHEN excluded.sources & 2 THEN excluded.version >= version"       \
	" ELSE NOT (sources & 2) END)"
/* The listed and announced days after the update. */
#define NEW_LISTED                                                              \
	"(CASE WHEN excluded.listed IS NOT NULL"                                 \
	" AND (listed IS NULL OR excluded.listed > listed)"                      \
	" THEN excluded.listed ELSE listed END)"
#define NEW_ANNOUNCED                                                           \
	"(CASE WHEN excluded.announced IS NOT NULL"                              \
	" AND (announced IS NULL OR excluded.announced >= announced)"            \
	" THEN excluded.announced ELSE announced END)"
/* An arXiv field: the newer version's, else whichever is known. */
#define ARXIV_FIELD(c)                                                          \
	"  " c " = CASE WHEN excluded." c " IS NOT NULL AND (" c " IS NULL"    \
	" OR excluded.version >= version) THEN excluded." c " ELSE " c " END,"

static char *upsert_sql(int n)
{
	struct buf b = {0};
	buf_adds(&b, "WITH v(id, title, abstract, authors, published, listed, upvotes,"
		     " comments, ai_summary, ai_keywords, github_repo, github_stars,"
		     " project_page, organization, sources, categories, primary_cat,"
		     " announced, announce_type, arxiv_comment, journal_ref, version, extra)"
		     " AS (VALUES ");
	for (int k = 0; k < n; k++) {
		buf_adds(&b, k ? ", (" : "(");
		for (int c = 0; c < BATCH_COLS; c++)
			buf_printf(&b, c ? ", ?%d" : "?%d", 2 + k * BATCH_COLS + c);
		buf_addc(&b, ')');
	}
	buf_adds(&b,
		") INSERT INTO papers (id, title, abstract, authors, published, listed,"
		"  day, upvotes, comments, ai_summary, ai_keywords, github_repo,"
		"  github_stars, project_page, organization, first_seen, updated,"
		"  sources, categories, primary_cat, announced, announce_type,"
		"  arxiv_comment, journal_ref, version, extra)"
		" SELECT v.id, v.title, v.abstract, v.authors, COALESCE(v.published, ''),"
		"  v.listed, COALESCE(CASE WHEN v.announced IS NULL THEN v.listed"
		"   WHEN v.listed IS NULL OR v.announced > v.listed THEN v.announced"
		"   ELSE v.listed END, v.published, ''), COALESCE(v.upvotes, 0),"
		"  COALESCE(v.comments, 0), v.ai_summary, v.ai_keywords, v.github_repo,"
		"  COALESCE(v.github_stars, 0), v.project_page, v.organization, ?1, ?1,"
		"  v.sources, v.categories, v.primary_cat, v.announced, v.announce_type,"
		"  v.arxiv_comment, v.journal_ref, v.version, v.extra"
		" FROM v WHERE true"
		" ON CONFLICT (id) DO UPDATE SET"
		"  title = CASE WHEN " TAKE_TEXT " THEN excluded.title ELSE title END,"
		"  abstract = CASE WHEN " TAKE_TEXT " AND excluded.abstract <> ''"
		"             THEN excluded.abstract ELSE abstract END,"
		"  authors = CASE WHEN " TAKE_TEXT " AND excluded.authors <> ''"
		"            THEN excluded.authors ELSE authors END,"
		"  published = COALESCE((SELECT v.published FROM v WHERE v.id = excluded.id),"
		"              published),"
		"  listed = " NEW_LISTED ","
		"  day = COALESCE(CASE WHEN " NEW_ANNOUNCED " IS NULL THEN " NEW_LISTED
		"        WHEN " NEW_LISTED " IS NULL OR " NEW_ANNOUNCED " > " NEW_LISTED
		"        THEN " NEW_ANNOUNCED " ELSE " NEW_LISTED " END,"
		"        (SELECT v.published FROM v WHERE v.id = excluded.id), published, ''),"
		"  upvotes = COALESCE((SELECT v.upvotes FROM v WHERE v.id = excluded.id),"
		"            upvotes),"
		"  comments = COALESCE((SELECT v.comments FROM v WHERE v.id = excluded.id),"
		"             comments),"
		"  ai_summary = COALESCE(excluded.ai_summary, ai_summary),"
		"  ai_keywords = COALESCE(excluded.ai_keywords, ai_keywords),"
		"  github_repo = COALESCE(excluded.github_repo, github_repo),"
		"  github_stars = COALESCE((SELECT v.github_stars FROM v"
		"                 WHERE v.id = excluded.id), github_stars),"
		"  project_page = COALESCE(excluded.project_page, project_page),"
		"  organization = COALESCE(excluded.organization, organization),"
		"  extra = CASE WHEN NOT " TAKE_TEXT " THEN extra"
		"          WHEN excluded.abstract <> '' OR extra IS NULL THEN excluded.extra"
		"          ELSE substr(excluded.extra, 1, instr(excluded.extra, char(10)))"
		"          || substr(extra, instr(extra, char(10)) + 1) END,"
		"  sources = sources | excluded.sources,"
		ARXIV_FIELD("categories")
		ARXIV_FIELD("primary_cat")
		ARXIV_FIELD("arxiv_comment")
		ARXIV_FIELD("journal_ref")
		"  announce_type = CASE WHEN excluded.announced IS NOT NULL"
		"   AND (announced IS NULL OR excluded.announced >= announced)"
		"   THEN excluded.announce_type ELSE announce_type END,"
		"  announced = " NEW_ANNOUNCED ","
		"  revised = CASE WHEN excluded.version > version AND version > 0"
		"            THEN excluded.updated ELSE revised END,"
		"  version = max(version, excluded.version),"
		"  updated = excluded.updated"
		" RETURNING pid, id");
	return b.data;
}

/* Binds one paper's 23 values from parameter base on. */
static void bind_paper(sqlite3_stmt *st, int base, const struct paper *p, const char *extra)
{
	sqlite3_bind_text(st, base, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 1, p->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 2, p->abstract ? p->abstract : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 3, p->authors ? p->authors : "", -1, SQLITE_STATIC);
	bind_opt_text(st, base + 4, p->published);
	bind_opt_text(st, base + 5, p->day);
	bind_opt_long(st, base + 6, p->upvotes, p->has & PAPER_HAS_UPVOTES);
	bind_opt_long(st, base + 7, p->comments, p->has & PAPER_HAS_COMMENTS);
	bind_opt_text(st, base + 8, p->ai_summary);
	bind_opt_text(st, base + 9, p->ai_keywords);
	bind_opt_text(st, base + 10, p->github_repo);
	bind_opt_long(st, base + 11, p->github_stars, p->has & PAPER_HAS_STARS);
	bind_opt_text(st, base + 12, p->project_page);
	bind_opt_text(st, base + 13, p->organization);
	sqlite3_bind_int(st, base + 14, p->source ? (int)p->source : PAPER_SRC_HF);
	bind_opt_text(st, base + 15, p->categories);
	bind_opt_text(st, base + 16, p->primary);
	bind_opt_text(st, base + 17, p->announced);
	bind_opt_text(st, base + 18, p->announce_type);
	bind_opt_text(st, base + 19, p->arxiv_comment);
	bind_opt_text(st, base + 20, p->journal_ref);
	sqlite3_bind_int(st, base + 21, p->version > 0 ? p->version : 0);
	sqlite3_bind_text(st, base + 22, extra, -1, SQLITE_STATIC);
}

/* Writes pending[first .. first+n) in one statement (n is 1 or a full
 * batch); pids[k] is the pid of pending[first+k]. */
static int upsert(struct db_ingest *ing, int first, int n, int64_t *pids, char **err)
{
	struct db *db = ing->db;
	char **sql = n == 1 ? &db->upsert_one_sql : &db->upsert_batch_sql;
	if (!*sql)
		*sql = upsert_sql(n);
	sqlite3_stmt *st = db_stmt(db, *sql, err);
	if (!st)
		return -1;
	const struct paper *v = ing->pending + first;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	for (int k = 0; k < n; k++) {
		bind_paper(st, 2 + k * BATCH_COLS, &v[k], ing->extra[first + k]);
		pids[k] = 0;
	}
	int rc, row = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Matched by id; the order of the rows is only a hint. */
		const char *id = (const char *)sqlite3_column_text(st, 1);
		int64_t pid = sqlite3_column_int64(st, 0);
		int k = row < n && id && strcmp(v[row].id, id) == 0 ? row : -1;
		for (int i = 0; k < 0 && id && i < n; i++)
			if (strcmp(v[i].id, id) == 0)
				k = i;
		if (k >= 0)
			pids[k] = pid;
		row++;
	}
	if (rc != SQLITE_DONE) {
		set_err(err, "cache: storing %s: %s", n == 1 ? v[0].id : "papers",
			db_errmsg(db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	for (int k = 0; k < n; k++)
		if (pids[k] == 0)
			return set_err(err, "cache: storing %s: no row came back", v[k].id);
	return 0;
}

/* Counts a stored paper once per ingest: new if its row was made by it.
 * 1 when it is counted as new. */
static int count(struct db_ingest *ing, int64_t pid)
{
	if (pid <= 0 || pid > INT32_MAX) { /* not worth a bit: count it plainly */
		ing->updated++;
		return 0;
	}
	size_t byte = (size_t)pid / 8;
	if (byte >= ing->ncounted) {
		size_t n = ing->ncounted ? ing->ncounted : 4096;
		while (n <= byte)
			n *= 2;
		ing->counted = xrealloc(ing->counted, n);
		memset(ing->counted + ing->ncounted, 0, n - ing->ncounted);
		ing->ncounted = n;
	}
	unsigned char bit = (unsigned char)(1u << (pid % 8));
	if (ing->counted[byte] & bit)
		return 0;
	ing->counted[byte] |= bit;
	if (pid > ing->max_pid) {
		ing->added++;
		return 1;
	}
	ing->updated++;
	return 0;
}

static void drop_pending(struct db_ingest *ing)
{
	for (int i = 0; i < ing->npending; i++) {
		paper_clear(&ing->pending[i]);
		free(ing->extra[i]);
		ing->extra[i] = NULL;
	}
	ing->db->ingest_pending -= ing->npending;
	ing->npending = 0;
}

/*
 * Writes the pending papers: a full batch in one statement, fewer one by
 * one. On an error they stay pending, so nothing is lost behind the
 * caller's back: it rolls back (and frees the ingest) or flushes again;
 * writing a paper twice is harmless, and it is counted once.
 */
static int flush(struct db_ingest *ing, char **err)
{
	ing->db->forms.version = FORMS_STALE; /* the index's words change */
	int64_t pids[DB_INGEST_BATCH];
	int rc = 0;
	if (ing->npending == DB_INGEST_BATCH)
		rc = upsert(ing, 0, DB_INGEST_BATCH, pids, err);
	else
		for (int i = 0; i < ing->npending && rc == 0; i++)
			rc = upsert(ing, i, 1, &pids[i], err);
	for (int i = 0; i < ing->npending && rc == 0; i++) {
		const struct paper *p = &ing->pending[i];
		/* the acronyms a paper defines are learned when it comes in, and
		 * when it comes again with a new text */
		int fresh = count(ing, pids[i]);
		rc = db_acronyms_learn(ing->db, p->title, p->abstract, !fresh, err);
		if (rc == 0 && p->day)
			rc = remember_day(ing->db, pids[i], p->day, err);
		if (rc == 0 && p->announced)
			rc = remember_day(ing->db, pids[i], p->announced, err);
	}
	if (rc == 0)
		drop_pending(ing);
	return rc;
}

static int ingest_paper(void *ctx, const struct paper *p, char **err)
{
	struct db_ingest *ing = ctx;
	/* A full batch is one whose flush failed: it goes first. A paper
	 * already pending goes in the next statement, after this one's rows,
	 * so it is applied after them, as it came. */
	int flush_first = ing->npending == DB_INGEST_BATCH;
	for (int i = 0; i < ing->npending && !flush_first; i++)
		flush_first = strcmp(ing->pending[i].id, p->id) == 0;
	if (flush_first && flush(ing, err) != 0)
		return -1;
	struct paper *q = &ing->pending[ing->npending++];
	ing->db->ingest_pending++;
	paper_copy(q, p);
	struct buf extra = {0};
	db_derive_extra(&extra, p->title, p->abstract);
	ing->extra[ing->npending - 1] = buf_detach(&extra);
	buf_free(&extra);
	return ing->npending == DB_INGEST_BATCH ? flush(ing, err) : 0;
}

struct db_ingest *db_ingest_new(struct db *db)
{
	struct db_ingest *ing = xcalloc(1, sizeof *ing);
	ing->db = db;
	ing->pending = xcalloc(DB_INGEST_BATCH, sizeof *ing->pending);
	ing->extra = xcalloc(DB_INGEST_BATCH, sizeof *ing->extra);
	sqlite3_stmt *st = db_stmt(db, "SELECT COALESCE(max(pid), 0) FROM papers", NULL);
	ing->max_pid = INT64_MAX; /* if the read fails, count everything as updated */
	if (st && sqlite3_step(st) == SQLITE_ROW)
		ing->max_pid = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return ing;
}

struct paper_sink db_ingest_sink(struct db_ingest *ing)
{
	return (struct paper_sink){.on_paper = ingest_paper, .ctx = ing};
}

int db_ingest_flush(struct db_ingest *ing, char **err)
{
	return ing->npending ? flush(ing, err) : 0;
}

int db_ingest_pending(const struct db_ingest *ing)
{
	return ing->npending;
}

void db_ingest_counts(const struct db_ingest *ing, long *added, long *updated)
{
	*added = ing->added;
	*updated = ing->updated;
}

void db_ingest_free(struct db_ingest **ping)
{
	struct db_ingest *ing = *ping;
	if (!ing)
		return;
	drop_pending(ing);
	free(ing->pending);
	free(ing->extra);
	free(ing->counted);
	free(ing);
	*ping = NULL;
}

int db_synclog_ok(struct db *db, const char *day, long papers, const char *etag,
		  const char *last_modified, char **err)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sync_log (day, fetched_at, papers, etag, last_modified,"
		"  error, attempted_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?2)"
		" ON CONFLICT (day) DO UPDATE SET fetched_at = ?2, papers = ?3,"
		"  etag = ?4, last_modified = ?5, error = NULL, attempted_at = ?2,"
		"  partial_tries = 0, refused = NULL", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(st, 3, papers);
	bind_opt_text(st, 4, etag);
	bind_opt_text(st, 5, last_modified);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: writing the sync log", err);
}

int db_synclog_fail(struct db *db, const char *day, const char *error, char **err)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sync_log (day, error, attempted_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (day) DO UPDATE SET error = ?2, attempted_at = ?3", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: writing the sync log", err);
}

int db_sync_run_done(struct db *db, long long started, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sync_runs (started) VALUES (?1)", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)started);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: writing the sync log", err);
}

int db_synclog_get(struct db *db, const char *day, struct db_synclog *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db,
		"SELECT fetched_at, papers, etag, last_modified, error FROM sync_log"
		" WHERE day = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->day, sizeof out->day, "%s", day);
		out->fetched_at = sqlite3_column_int64(st, 0);
		out->papers = (long)sqlite3_column_int64(st, 1);
		out->etag = db_col_opt(st, 2);
		out->last_modified = db_col_opt(st, 3);
		out->error = db_col_opt(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: reading the sync log", err);
}

void db_synclog_clear(struct db_synclog *s)
{
	free(s->etag);
	free(s->last_modified);
	free(s->error);
	memset(s, 0, sizeof *s);
}

int db_arxiv_state_get(struct db *db, const char *key, char **value, char **err)
{
	*value = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM arxiv_state WHERE key = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = db_col(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: reading arXiv's sync state", err);
}

int db_arxiv_state_set(struct db *db, const char *key, const char *value, char **err)
{
	sqlite3_stmt *st = db_stmt(db, value
		? "INSERT INTO arxiv_state (key, value) VALUES (?1, ?2)"
		  " ON CONFLICT (key) DO UPDATE SET value = ?2"
		: "DELETE FROM arxiv_state WHERE key = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: writing arXiv's sync state", err);
}
