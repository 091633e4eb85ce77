/* pages: Hugging Face's paper pages, in a table of their own (see db.h). */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/base/mem.h"

int db_hfpage_put(struct db *db, const char *id, const struct db_hfpage *pg, char **err)
{
	int64_t pid;
	int rc = db_pid(db, id, &pid, err);
	if (rc <= 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT OR REPLACE INTO paper_pages (pid, fetched_at, found, models, num_models,"
		" datasets, num_datasets, spaces, num_spaces, github_repo, github_stars,"
		" project_page, organization) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, pg->fetched_at);
	sqlite3_bind_int(st, 3, pg->found);
	sqlite3_bind_text(st, 4, pg->models ? pg->models : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, pg->num_models);
	sqlite3_bind_text(st, 6, pg->datasets ? pg->datasets : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, pg->num_datasets);
	sqlite3_bind_text(st, 8, pg->spaces ? pg->spaces : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, pg->num_spaces);
	sqlite3_bind_text(st, 10, pg->github_repo, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, pg->github_stars);
	sqlite3_bind_text(st, 12, pg->project_page, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, pg->organization, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cache: saving a paper page", err);
	return 0;
}

int db_hfpage_get(struct db *db, const char *id, struct db_hfpage *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db,
		"SELECT g.fetched_at, g.found, g.models, g.num_models, g.datasets, g.num_datasets,"
		" g.spaces, g.num_spaces, g.github_repo, g.github_stars, g.project_page,"
		" g.organization FROM paper_pages g JOIN papers p USING (pid) WHERE p.id = ?", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->fetched_at = sqlite3_column_int64(st, 0);
		out->found = sqlite3_column_int(st, 1);
		out->models = db_col(st, 2);
		out->num_models = (long)sqlite3_column_int64(st, 3);
		out->datasets = db_col(st, 4);
		out->num_datasets = (long)sqlite3_column_int64(st, 5);
		out->spaces = db_col(st, 6);
		out->num_spaces = (long)sqlite3_column_int64(st, 7);
		out->github_repo = db_col_opt(st, 8);
		out->github_stars = (long)sqlite3_column_int64(st, 9);
		out->project_page = db_col_opt(st, 10);
		out->organization = db_col_opt(st, 11);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(db, "cache: reading a paper page", err);
}

void db_hfpage_clear(struct db_hfpage *pg)
{
	free(pg->models);
	free(pg->datasets);
	free(pg->spaces);
	free(pg->github_repo);
	free(pg->project_page);
	free(pg->organization);
	memset(pg, 0, sizeof *pg);
}

int db_hfpage_due(struct db *db, int64_t before, int limit, char ***ids, char **err)
{
	*ids = NULL;
	sqlite3_stmt *st = db_stmt(db,
		"SELECT p.id FROM papers p LEFT JOIN state s ON s.pid = p.pid"
		" LEFT JOIN paper_pages g ON g.pid = p.pid"
		" WHERE s.dismissed_at IS NULL"
		"  AND (COALESCE(s.starred, 0) <> 0"
		"   OR EXISTS (SELECT 1 FROM tags t WHERE t.pid = p.pid)"
		"   OR EXISTS (SELECT 1 FROM notes n WHERE n.pid = p.pid))"
		"  AND (g.pid IS NULL OR g.fetched_at < ?)"
		" ORDER BY p.day DESC, p.pid DESC LIMIT ?", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, limit);
	size_t n = 0, cap = 8;
	char **v = xmalloc(cap * sizeof *v);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n + 1 >= cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = db_col(st, 0);
	}
	sqlite3_reset(st);
	v[n] = NULL;
	*ids = v;
	if (rc != SQLITE_DONE) {
		db_strv_free(ids);
		return db_fail(db, "cache: reading which pages are due", err);
	}
	return 0;
}

int db_fulltext_put(struct db *db, const char *id, const char *body, char **err)
{
	int64_t pid;
	if (db_pid(db, id, &pid, err) <= 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO fulltext (pid, body, fetched_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (pid) DO UPDATE SET body = ?2, fetched_at = ?3", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cache: saving a full text", err);
	return 0;
}

int db_fulltext_get(struct db *db, const char *id, char **body, char **err)
{
	*body = NULL;
	sqlite3_stmt *st = db_stmt(db,
		"SELECT f.body FROM fulltext f JOIN papers p USING (pid) WHERE p.id = ?", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*body = db_col(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(db, "cache: reading a full text", err);
}

int db_trend_set(struct db *db, const char *id, const char *day, long pos, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE papers SET trend = ?3 WHERE id = ?1 AND day = ?2",
				   err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pos < DB_TREND_TOP ? DB_TREND_TOP - pos : 1);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cache: saving the trending order", err);
	return 0;
}
