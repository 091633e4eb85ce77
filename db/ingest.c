/* ingest: the sink that sync and import write papers through; the sync log. */
#include "db_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/util.h"

/*
 * One row per arXiv id. Absent optional fields (NULL binds) keep what the
 * row had, so a search result never erases what a daily list said. The
 * newest listed day wins. User state lives in other tables and is not named.
 */
static const char upsert_sql[] =
	"INSERT INTO papers (id, title, abstract, authors, published, listed, day,"
	"  upvotes, comments, ai_summary, ai_keywords, github_repo, github_stars,"
	"  project_page, organization, first_seen, updated)"
	" VALUES (?1, ?2, ?3, ?4, COALESCE(?5, ''), ?6, COALESCE(?6, ?5, ''),"
	"  COALESCE(?7, 0), COALESCE(?8, 0), ?9, ?10, ?11, COALESCE(?12, 0), ?13, ?14,"
	"  ?15, ?15)"
	" ON CONFLICT (id) DO UPDATE SET"
	"  title = excluded.title,"
	"  abstract = CASE WHEN excluded.abstract <> '' THEN excluded.abstract"
	"             ELSE abstract END,"
	"  authors = CASE WHEN excluded.authors <> '' THEN excluded.authors"
	"            ELSE authors END,"
	"  published = COALESCE(?5, published),"
	"  listed = CASE WHEN ?6 IS NOT NULL AND (listed IS NULL OR ?6 > listed)"
	"           THEN ?6 ELSE listed END,"
	"  day = COALESCE(CASE WHEN ?6 IS NOT NULL AND (listed IS NULL OR ?6 > listed)"
	"                 THEN ?6 ELSE listed END, ?5, published, ''),"
	"  upvotes = COALESCE(?7, upvotes),"
	"  comments = COALESCE(?8, comments),"
	"  ai_summary = COALESCE(?9, ai_summary),"
	"  ai_keywords = COALESCE(?10, ai_keywords),"
	"  github_repo = COALESCE(?11, github_repo),"
	"  github_stars = COALESCE(?12, github_stars),"
	"  project_page = COALESCE(?13, project_page),"
	"  organization = COALESCE(?14, organization),"
	"  updated = ?15"
	" RETURNING pid";

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

static int ingest_paper(void *ctx, const struct paper *p, char **err)
{
	struct db_ingest *ing = ctx;
	struct db *db = ing->db;
	sqlite3_stmt *st = db_stmt(db, upsert_sql, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->abstract ? p->abstract : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->authors ? p->authors : "", -1, SQLITE_STATIC);
	bind_opt_text(st, 5, p->published);
	bind_opt_text(st, 6, p->day);
	bind_opt_long(st, 7, p->upvotes, p->has & PAPER_HAS_UPVOTES);
	bind_opt_long(st, 8, p->comments, p->has & PAPER_HAS_COMMENTS);
	bind_opt_text(st, 9, p->ai_summary);
	bind_opt_text(st, 10, p->ai_keywords);
	bind_opt_text(st, 11, p->github_repo);
	bind_opt_long(st, 12, p->github_stars, p->has & PAPER_HAS_STARS);
	bind_opt_text(st, 13, p->project_page);
	bind_opt_text(st, 14, p->organization);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_ROW) {
		set_err(err, "cache: storing %s: %s", p->id, sqlite3_errmsg(db->h));
		sqlite3_reset(st);
		return -1;
	}
	int64_t pid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (pid > ing->max_pid)
		ing->added++;
	else
		ing->updated++;
	return p->day ? remember_day(db, pid, p->day, err) : 0;
}

struct paper_sink db_ingest_sink(struct db_ingest *ing)
{
	char *err = NULL;
	sqlite3_stmt *st = db_stmt(ing->db, "SELECT COALESCE(max(pid), 0) FROM papers", &err);
	ing->max_pid = INT64_MAX; /* if the read fails, count everything as updated */
	if (st && sqlite3_step(st) == SQLITE_ROW)
		ing->max_pid = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	free(err);
	return (struct paper_sink){.on_paper = ingest_paper, .ctx = ing};
}

int db_synclog_ok(struct db *db, const char *day, long papers, const char *etag,
		  const char *last_modified, char **err)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sync_log (day, fetched_at, papers, etag, last_modified,"
		"  error, attempted_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?2)"
		" ON CONFLICT (day) DO UPDATE SET fetched_at = ?2, papers = ?3,"
		"  etag = ?4, last_modified = ?5, error = NULL, attempted_at = ?2", err);
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
