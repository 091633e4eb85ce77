/* state: what the user says of papers; sync and import never write here. */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/base/mem.h"
#include "../src/base/paper.h"
#include "../src/base/text.h"

static const char *const mark_words[] = {
	[DB_MARK_READ] = "read",       [DB_MARK_UNREAD] = "unread",
	[DB_MARK_STAR] = "star",       [DB_MARK_UNSTAR] = "unstar",
	[DB_MARK_DISMISS] = "dismiss", [DB_MARK_UNDISMISS] = "undismiss",
};

/* Each statement makes sure the state row exists, then sets one thing. */
static const char *const mark_sql[] = {
	[DB_MARK_READ] = "UPDATE state SET read = 1, read_at = ?2 WHERE pid = ?1",
	[DB_MARK_UNREAD] = "UPDATE state SET read = 0, read_at = NULL WHERE pid = ?1",
	[DB_MARK_STAR] = "UPDATE state SET starred = 1, starred_at = ?2 WHERE pid = ?1",
	[DB_MARK_UNSTAR] = "UPDATE state SET starred = 0, starred_at = NULL WHERE pid = ?1",
	[DB_MARK_DISMISS] = "UPDATE state SET dismissed_at = ?2 WHERE pid = ?1",
	[DB_MARK_UNDISMISS] = "UPDATE state SET dismissed_at = NULL WHERE pid = ?1",
};

int db_mark_parse(const char *word)
{
	for (int i = 0; i < (int)(sizeof mark_words / sizeof mark_words[0]); i++)
		if (strcmp(word, mark_words[i]) == 0)
			return i;
	return -1;
}

const char *db_mark_name(int i)
{
	return i >= 0 && i < (int)(sizeof mark_words / sizeof mark_words[0]) ? mark_words[i]
									  : NULL;
}

static int step_done(struct db *db, sqlite3_stmt *st, const char *what, char **err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, what, err);
}

static int ensure_state(struct db *db, int64_t pid, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO state (pid) VALUES (?1)", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	return step_done(db, st, "cache: saving state", err);
}

/* Resolves id; returns 0 and the pid, or -1 (not cached, or an error). */
static int resolve(struct db *db, const char *id, int64_t *pid, char **err)
{
	return db_pid(db, id, pid, err) == 1 ? 0 : -1;
}

int db_mark(struct db *db, const char *id, enum db_mark mark, char **err)
{
	int64_t pid;
	if (resolve(db, id, &pid, err) != 0 || ensure_state(db, pid, err) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, mark_sql[mark], err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	return step_done(db, st, "cache: saving state", err);
}

int db_set_flags(struct db *db, const char *id, unsigned flags, char **err)
{
	int64_t pid;
	if (resolve(db, id, &pid, err) != 0 || ensure_state(db, pid, err) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE state SET"
		"  read = ?2, read_at = CASE WHEN ?2 THEN COALESCE(read_at, ?5) END,"
		"  starred = ?3, starred_at = CASE WHEN ?3 THEN COALESCE(starred_at, ?5) END,"
		"  dismissed_at = CASE WHEN ?4 THEN COALESCE(dismissed_at, ?5) END"
		" WHERE pid = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int(st, 2, (flags & DB_READ) != 0);
	sqlite3_bind_int(st, 3, (flags & DB_STARRED) != 0);
	sqlite3_bind_int(st, 4, (flags & DB_DISMISSED) != 0);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
	return step_done(db, st, "cache: saving state", err);
}

int db_tag_valid(const char *tag)
{
	size_t n = strlen(tag);
	if (n == 0 || n > PAPER_MAX_TAG || tag[0] == '-' || tag[0] == '+')
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_seq_len((const unsigned char *)tag + i, n - i, &cp);
		if (len == 0 || cp <= ' ' || cp == ',' || cp == 0x7F ||
		    (cp >= 0x80 && cp <= 0xA0))
			return 0;
		i += (size_t)len;
	}
	/* Nothing text_clean drops or changes (bidi controls, line separators):
	 * such a tag would reorder the screen around it and come back from an
	 * export and import as another tag. */
	char *clean = text_clean(tag, n, 0);
	int same = strcmp(clean, tag) == 0;
	free(clean);
	return same;
}

static int check_tag(const char *tag, char **err)
{
	if (db_tag_valid(tag))
		return 0;
	char *shown = text_clean(tag, strlen(tag), TEXT_COLLAPSE);
	set_err(err, "'%s' is not a valid tag: use 1 to %d characters with no spaces "
		"or commas, not starting with + or -", shown, PAPER_MAX_TAG);
	free(shown);
	return -1;
}

/* A paper holds at most PAPER_MAX_TAGS tags: 0 when tag may be added (or
 * the paper has it already). */
static int check_room(struct db *db, int64_t pid, const char *tag, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) >= ?2 AND NOT EXISTS (SELECT 1"
				   " FROM tags WHERE pid = ?1 AND tag = ?3)"
				   " FROM tags WHERE pid = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int(st, 2, PAPER_MAX_TAGS);
	sqlite3_bind_text(st, 3, tag, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int full = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "cache", err);
	if (full)
		return set_err(err, "a paper holds at most %d tags", PAPER_MAX_TAGS);
	return 0;
}

int db_tag_add(struct db *db, const char *id, const char *tag, char **err)
{
	int64_t pid;
	if (check_tag(tag, err) != 0 || resolve(db, id, &pid, err) != 0 ||
	    check_room(db, pid, tag, err) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT OR IGNORE INTO tags (pid, tag, added) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	return step_done(db, st, "cache: saving a tag", err);
}

int db_tag_remove(struct db *db, const char *id, const char *tag, char **err)
{
	int64_t pid;
	if (resolve(db, id, &pid, err) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM tags WHERE pid = ?1 AND tag = ?2", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
	return step_done(db, st, "cache: removing a tag", err);
}

int db_note_set(struct db *db, const char *id, const char *text, char **err)
{
	int64_t pid;
	if (resolve(db, id, &pid, err) != 0)
		return -1;
	int empty = !text || !*text;
	if (!empty && strlen(text) > PAPER_MAX_NOTE)
		return set_err(err, "the note is %zu bytes long, more than %d (1 MiB)",
			       strlen(text), PAPER_MAX_NOTE);
	sqlite3_stmt *st = db_stmt(db, empty ? "DELETE FROM notes WHERE pid = ?1" :
		"INSERT INTO notes (pid, body, updated) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (pid) DO UPDATE SET body = ?2, updated = ?3", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	if (!empty) {
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	}
	return step_done(db, st, "cache: saving a note", err);
}

int db_note_get(struct db *db, const char *id, char **text, char **err)
{
	int64_t pid;
	*text = NULL;
	if (resolve(db, id, &pid, err) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "SELECT body FROM notes WHERE pid = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*text = db_col(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache", err);
}

int db_tags_all(struct db *db, char ***tags, long **counts, char **err)
{
	*tags = NULL;
	if (counts)
		*counts = NULL;
	sqlite3_stmt *st = db_stmt(db,
		"SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY tag", err);
	if (!st)
		return -1;
	size_t n = 0, cap = 8;
	char **v = xmalloc(cap * sizeof *v);
	long *c = xmalloc(cap * sizeof *c);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n + 1 >= cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
			c = xrealloc(c, cap * sizeof *c);
		}
		c[n] = (long)sqlite3_column_int64(st, 1);
		v[n++] = db_col(st, 0);
	}
	sqlite3_reset(st);
	v[n] = NULL;
	*tags = v;
	if (counts)
		*counts = c;
	else
		free(c);
	if (rc != SQLITE_DONE) {
		db_strv_free(tags);
		if (counts) {
			free(*counts);
			*counts = NULL;
		}
		return db_fail(db, "cache: reading tags", err);
	}
	return 0;
}

void db_strv_free(char ***pv)
{
	char **v = *pv;
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
	*pv = NULL;
}

/* ---- the sync log's partial days ---- */

int db_synclog_partial(struct db *db, const char *day, long papers, long n,
		       const char *refused, int settle, char **err)
{
	char *error = settle ? NULL : xasprintf("%ld paper%s refused, the others stored",
						n, n == 1 ? "" : "s");
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sync_log (day, fetched_at, papers, error, attempted_at,"
		"  partial_tries, refused)"
		" VALUES (?1, CASE WHEN ?4 IS NULL THEN ?3 ELSE 0 END, ?2, ?4, ?3, 1, ?5)"
		" ON CONFLICT (day) DO UPDATE SET"
		"  fetched_at = CASE WHEN ?4 IS NULL THEN ?3 ELSE fetched_at END,"
		"  papers = ?2, error = ?4, attempted_at = ?3,"
		"  partial_tries = partial_tries + 1, refused = ?5", err);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, papers);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
		if (error)
			sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, refused ? refused : "", -1, SQLITE_STATIC);
		rc = step_done(db, st, "cache: writing the sync log", err);
	}
	free(error);
	return rc;
}

int db_synclog_partial_tries(struct db *db, const char *day, int *tries, char **err)
{
	*tries = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT partial_tries FROM sync_log WHERE day = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*tries = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache: reading the sync log", err);
}

int db_zotero_sent(struct db *db, const int64_t *pids, int n, char **sent, char **err)
{
	*sent = xcalloc((size_t)n + 1, 1);
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM zotero_sent WHERE pid = ?1", err);
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, pids[i]);
		int rc = sqlite3_step(st);
		(*sent)[i] = rc == SQLITE_ROW;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			db_fail(db, "cache: reading what went to Zotero", err);
			goto fail;
		}
	}
	return 0;
fail:
	free(*sent);
	*sent = NULL;
	return -1;
}

int db_zotero_mark_sent(struct db *db, const int64_t *pids, int n, char **err)
{
	if (db_begin(db, err) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO zotero_sent (pid, sent_at)"
			" VALUES (?1, ?2) ON CONFLICT (pid) DO UPDATE SET sent_at = ?2", err);
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, pids[i]);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
		if (step_done(db, st, "cache: remembering what went to Zotero", err) != 0)
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}
