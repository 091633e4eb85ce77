/* db: opening the cache, migrations, transactions, the statement cache. */
#include "db_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/base/buf.h"
#include "../src/base/file.h"
#include "../src/base/mem.h"

/*
 * Forward-only migrations: migrations[i] takes the schema from version i to
 * i + 1. Never edit one that has shipped; add the next.
 */
static const char *const migrations[] = {
	/* 1: papers, the days they were listed, user state, FTS, sync log. */
	"CREATE TABLE papers ("
	"  pid INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  abstract TEXT NOT NULL DEFAULT '',"
	"  authors TEXT NOT NULL DEFAULT '',"      /* names joined by '\\n' */
	"  published TEXT NOT NULL DEFAULT '',"    /* YYYY-MM-DD or '' */
	"  listed TEXT,"                           /* newest listed day */
	"  day TEXT NOT NULL DEFAULT '',"          /* listed, else published */
	"  upvotes INTEGER NOT NULL DEFAULT 0,"
	"  comments INTEGER NOT NULL DEFAULT 0,"
	"  ai_summary TEXT,"
	"  ai_keywords TEXT,"                      /* joined by '\\n' */
	"  github_repo TEXT,"
	"  github_stars INTEGER NOT NULL DEFAULT 0,"
	"  project_page TEXT,"
	"  organization TEXT,"
	"  first_seen INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX papers_by_day ON papers(day, upvotes, pid);"
	"CREATE INDEX papers_by_upvotes ON papers(upvotes, pid);"
	"CREATE INDEX papers_by_comments ON papers(comments, pid);"
	"CREATE INDEX papers_by_stars ON papers(github_stars, pid);"
	"CREATE INDEX papers_by_title ON papers(title COLLATE NOCASE, pid);"
	"CREATE INDEX papers_by_published ON papers(published, pid);"
	"CREATE TABLE paper_days ("
	"  day TEXT NOT NULL,"
	"  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	"  PRIMARY KEY (day, pid)"
	") WITHOUT ROWID;"
	"CREATE INDEX paper_days_by_pid ON paper_days(pid, day);"
	"CREATE TABLE state ("
	"  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  read_at INTEGER,"
	"  starred INTEGER NOT NULL DEFAULT 0,"
	"  starred_at INTEGER,"
	"  dismissed_at INTEGER"
	");"
	"CREATE TABLE tags ("
	"  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	"  tag TEXT NOT NULL,"
	"  added INTEGER NOT NULL,"
	"  PRIMARY KEY (pid, tag)"
	") WITHOUT ROWID;"
	"CREATE INDEX tags_by_tag ON tags(tag, pid);"
	"CREATE TABLE notes ("
	"  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	"  body TEXT NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE TABLE sync_log ("
	"  day TEXT PRIMARY KEY,"
	"  fetched_at INTEGER NOT NULL DEFAULT 0,"
	"  papers INTEGER NOT NULL DEFAULT 0,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  error TEXT,"
	"  attempted_at INTEGER NOT NULL"
	");"
	"CREATE VIRTUAL TABLE papers_fts USING fts5("
	"  title, abstract, authors, ai_keywords,"
	"  content='papers', content_rowid='pid',"
	"  tokenize='unicode61 remove_diacritics 2', prefix='2 3'"
	");"
	"CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN"
	"  INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords);"
	"END;"
	"CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN"
	"  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords)"
	"  VALUES ('delete', old.pid, old.title, old.abstract, old.authors, old.ai_keywords);"
	"END;"
	/* Re-syncs refresh upvotes daily: re-index only when the text changed. */
	"CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract, authors, ai_keywords"
	"  ON papers WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
	"  OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
	"  BEGIN"
	"  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, ai_keywords)"
	"  VALUES ('delete', old.pid, old.title, old.abstract, old.authors, old.ai_keywords);"
	"  INSERT INTO papers_fts(rowid, title, abstract, authors, ai_keywords)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords);"
	"END;",
	/* 2: a day stored without the papers the cache refused is partial:
	 * fetched again until it has been so often enough, then settled with
	 * the refused papers named. */
	("ALTER TABLE sync_log ADD COLUMN partial_tries INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE sync_log ADD COLUMN refused TEXT;"),
	/* 3: when each sync that brought papers started, for is:new. */
	"CREATE TABLE sync_runs (started INTEGER NOT NULL);",
	/* 4: search that finds inflections, acronyms and CJK words. papers
	 * gains extra (derive.c: title words as written, CJK bigrams); the
	 * acronyms papers define are kept; a new index that stems words
	 * (porter) and holds extra is made beside papers_fts, empty. index.c
	 * fills it in chunks, papers up to index_build.done, while papers_fts
	 * answers queries; the papers_next_* triggers keep the part built up
	 * to date (a 'delete' of a row never inserted would corrupt it, hence
	 * the guards); then it takes papers_fts's place in one transaction.
	 * upto is the last paper whose acronyms the build learns (later ones
	 * are learned as they are stored). */
	"ALTER TABLE papers ADD COLUMN extra TEXT;"
	"CREATE TABLE acronyms ("
	"  short TEXT NOT NULL,"                   /* lowercased: 'rag' */
	"  long TEXT NOT NULL,"                    /* 'retrieval augmented generation' */
	"  papers INTEGER NOT NULL DEFAULT 0,"     /* papers that define it */
	"  PRIMARY KEY (short, long)"
	") WITHOUT ROWID;"
	"CREATE INDEX acronyms_by_long ON acronyms(long);"
	"CREATE TABLE index_build (done INTEGER NOT NULL, upto INTEGER NOT NULL);"
	"INSERT INTO index_build SELECT 0, COALESCE(max(pid), 0) FROM papers;"
	"CREATE VIRTUAL TABLE papers_fts_next USING fts5("
	"  title, abstract, authors, ai_keywords, extra,"
	"  content='papers', content_rowid='pid',"
	"  tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'"
	");"
	"CREATE TRIGGER papers_next_ai AFTER INSERT ON papers"
	"  WHEN new.pid <= (SELECT done FROM index_build) BEGIN"
	"  INSERT INTO papers_fts_next(rowid, title, abstract, authors, ai_keywords, extra)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords, new.extra);"
	"END;"
	"CREATE TRIGGER papers_next_ad AFTER DELETE ON papers"
	"  WHEN old.pid <= (SELECT done FROM index_build) BEGIN"
	"  INSERT INTO papers_fts_next(papers_fts_next, rowid, title, abstract, authors,"
	"  ai_keywords, extra) VALUES ('delete', old.pid, old.title, old.abstract,"
	"  old.authors, old.ai_keywords, old.extra);"
	"END;"
	"CREATE TRIGGER papers_next_au AFTER UPDATE OF title, abstract, authors, ai_keywords,"
	"  extra ON papers WHEN old.pid <= (SELECT done FROM index_build) AND"
	"  (old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
	"  OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
	"  OR old.extra IS NOT new.extra) BEGIN"
	"  INSERT INTO papers_fts_next(papers_fts_next, rowid, title, abstract, authors,"
	"  ai_keywords, extra) VALUES ('delete', old.pid, old.title, old.abstract,"
	"  old.authors, old.ai_keywords, old.extra);"
	"  INSERT INTO papers_fts_next(rowid, title, abstract, authors, ai_keywords, extra)"
	"  VALUES (new.pid, new.title, new.abstract, new.authors, new.ai_keywords, new.extra);"
	"END;",
	/* 5: arXiv as a second source. Which sources a paper came from (1
	 * Hugging Face, 2 arXiv: a bit each), its categories (primary first,
	 * joined by ' ', and one row each in paper_cats for cat:), the latest
	 * version, the newest announcement's day and type, the authors'
	 * comments and journal reference, and when a newer version replaced
	 * the one the cache held (is:updated). The per-source sync state of
	 * arXiv: the announcement days fetched and where a history harvest
	 * stopped. */
	("ALTER TABLE papers ADD COLUMN sources INTEGER NOT NULL DEFAULT 1;"
	 "ALTER TABLE papers ADD COLUMN categories TEXT;"
	 "ALTER TABLE papers ADD COLUMN primary_cat TEXT;"
	 "ALTER TABLE papers ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE papers ADD COLUMN announced TEXT;"
	 "ALTER TABLE papers ADD COLUMN announce_type TEXT;"
	 "ALTER TABLE papers ADD COLUMN arxiv_comment TEXT;"
	 "ALTER TABLE papers ADD COLUMN journal_ref TEXT;"
	 "ALTER TABLE papers ADD COLUMN revised INTEGER;"
	 "CREATE INDEX papers_by_primary ON papers(primary_cat, pid)"
	 "  WHERE primary_cat IS NOT NULL;"
	 "CREATE INDEX papers_by_announced ON papers(announced, announce_type, pid)"
	 "  WHERE announced IS NOT NULL;"
	 "CREATE TABLE paper_cats ("
	 "  cat TEXT NOT NULL,"
	 "  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  PRIMARY KEY (cat, pid)"
	 ") WITHOUT ROWID;"
	 "CREATE INDEX paper_cats_by_pid ON paper_cats(pid);"
	 "CREATE TRIGGER papers_cats_ai AFTER INSERT ON papers"
	 "  WHEN new.categories IS NOT NULL BEGIN"
	 "  INSERT OR IGNORE INTO paper_cats (cat, pid)"
	 "  WITH RECURSIVE s(cat, rest) AS (SELECT '', new.categories || ' '"
	 "    UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1),"
	 "    substr(rest, instr(rest, ' ') + 1) FROM s WHERE rest <> '')"
	 "  SELECT cat, new.pid FROM s WHERE cat <> '';"
	 "END;"
	 "CREATE TRIGGER papers_cats_au AFTER UPDATE OF categories ON papers"
	 "  WHEN old.categories IS NOT new.categories BEGIN"
	 "  DELETE FROM paper_cats WHERE pid = old.pid;"
	 "  INSERT OR IGNORE INTO paper_cats (cat, pid)"
	 "  WITH RECURSIVE s(cat, rest) AS (SELECT '', COALESCE(new.categories, '') || ' '"
	 "    UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1),"
	 "    substr(rest, instr(rest, ' ') + 1) FROM s WHERE rest <> '')"
	 "  SELECT cat, new.pid FROM s WHERE cat <> '';"
	 "END;"
	 "CREATE TABLE arxiv_state ("
	 "  key TEXT PRIMARY KEY,"
	 "  value TEXT NOT NULL"
	 ");"),
	/* 6: what papyr learns from the marks: each paper's terms, the
	 * documents each term is in, the models, their scores, and a counter
	 * of changes to the marks that tells when a model is stale; and the
	 * digest's bookmarks. (IF NOT EXISTS: a cache taken back to an older
	 * version keeps these.) */
	("CREATE TABLE IF NOT EXISTS learn_terms ("
	 "  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  terms BLOB NOT NULL);"
	 "CREATE TABLE IF NOT EXISTS learn_df (term INTEGER PRIMARY KEY, docs INTEGER NOT NULL);"
	 "CREATE TABLE IF NOT EXISTS learn_models ("
	 "  name TEXT PRIMARY KEY,"
	 "  marks INTEGER NOT NULL,"
	 "  config TEXT NOT NULL,"
	 "  built INTEGER NOT NULL,"
	 "  positives INTEGER NOT NULL,"
	 "  negatives INTEGER NOT NULL,"
	 "  scored INTEGER NOT NULL DEFAULT 0,"
	 "  weights BLOB NOT NULL);"
	 /* one b-tree in the order a list reads it: a paper's score is
	  * written once (a model trained again clears its scores first) */
	 "CREATE TABLE IF NOT EXISTS scores ("
	 "  model TEXT NOT NULL,"
	 "  score REAL NOT NULL,"
	 "  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  PRIMARY KEY (model, score, pid)) WITHOUT ROWID;"
	 /* a paper's score, for a list that a filter narrows first */
	 "CREATE INDEX IF NOT EXISTS scores_by_pid ON scores(model, pid);"
	 "CREATE TABLE IF NOT EXISTS learn_marks (one INTEGER PRIMARY KEY CHECK (one = 1),"
	 "  changes INTEGER NOT NULL);"
	 "INSERT OR IGNORE INTO learn_marks VALUES (1, 0);"
	 "CREATE TABLE IF NOT EXISTS bookmarks (name TEXT PRIMARY KEY, at INTEGER NOT NULL);"
	 "CREATE TRIGGER IF NOT EXISTS learn_state_ai AFTER INSERT ON state"
	 "  WHEN new.starred <> 0 OR new.dismissed_at IS NOT NULL BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_state_au AFTER UPDATE OF starred, dismissed_at ON state"
	 "  WHEN old.starred IS NOT new.starred"
	 "  OR (old.dismissed_at IS NULL) <> (new.dismissed_at IS NULL) BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_state_ad AFTER DELETE ON state BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_tags_ai AFTER INSERT ON tags BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_tags_ad AFTER DELETE ON tags BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_notes_ai AFTER INSERT ON notes BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"
	 "CREATE TRIGGER IF NOT EXISTS learn_notes_ad AFTER DELETE ON notes BEGIN"
	 "  UPDATE learn_marks SET changes = changes + 1; END;"),
	/* 7: what papyr learns of a paper beyond the daily list: its place in
	 * Hugging Face's trending order of its newest listed day (sort:
	 * trending, with its index); and, each in a table of its own, the
	 * papers sent to Zotero (is:inzotero), Hugging Face's paper pages
	 * (linked models, datasets and Spaces, with totals) and full texts
	 * (Markdown, with an index of their own, so the main one stays small). */
	("ALTER TABLE papers ADD COLUMN trend INTEGER NOT NULL DEFAULT 0;"
	 "CREATE INDEX papers_by_trend ON papers(day, trend, pid);"
	 "CREATE TABLE IF NOT EXISTS zotero_sent ("
	 "  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  sent_at INTEGER NOT NULL"
	 ");"
	 "CREATE TABLE IF NOT EXISTS paper_pages ("
	 "  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  fetched_at INTEGER NOT NULL,"
	 "  found INTEGER NOT NULL,"               /* 0: the API has no page */
	 "  models TEXT NOT NULL DEFAULT '',"      /* 'id\tdownloads\tlikes' lines */
	 "  num_models INTEGER NOT NULL DEFAULT 0,"
	 "  datasets TEXT NOT NULL DEFAULT '',"
	 "  num_datasets INTEGER NOT NULL DEFAULT 0,"
	 "  spaces TEXT NOT NULL DEFAULT '',"
	 "  num_spaces INTEGER NOT NULL DEFAULT 0,"
	 "  github_repo TEXT,"
	 "  github_stars INTEGER NOT NULL DEFAULT 0,"
	 "  project_page TEXT,"
	 "  organization TEXT"
	 ");"
	 "CREATE TABLE IF NOT EXISTS fulltext ("
	 "  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  body TEXT NOT NULL,"
	 "  fetched_at INTEGER NOT NULL"
	 ");"
	 "CREATE VIRTUAL TABLE IF NOT EXISTS fulltext_fts USING fts5("
	 "  body, content='fulltext', content_rowid='pid',"
	 "  tokenize='unicode61 remove_diacritics 2'"
	 ");"
	 "CREATE TRIGGER IF NOT EXISTS fulltext_ai AFTER INSERT ON fulltext BEGIN"
	 "  INSERT INTO fulltext_fts(rowid, body) VALUES (new.pid, new.body);"
	 "END;"
	 "CREATE TRIGGER IF NOT EXISTS fulltext_ad AFTER DELETE ON fulltext BEGIN"
	 "  INSERT INTO fulltext_fts(fulltext_fts, rowid, body) VALUES ('delete', old.pid, old.body);"
	 "END;"
	 "CREATE TRIGGER IF NOT EXISTS fulltext_au AFTER UPDATE ON fulltext BEGIN"
	 "  INSERT INTO fulltext_fts(fulltext_fts, rowid, body) VALUES ('delete', old.pid, old.body);"
	 "  INSERT INTO fulltext_fts(rowid, body) VALUES (new.pid, new.body);"
	 "END;"),
	/* 8: each paper's base citation key, one row per key style, stored
	 * once (db/cite.c): a key's clash letter is its rank among the papers
	 * with the same base by pid, counted on the index by base. */
	("CREATE TABLE IF NOT EXISTS cite_keys ("
	 "  style INTEGER NOT NULL,"
	 "  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  base TEXT NOT NULL,"
	 "  PRIMARY KEY (style, pid)) WITHOUT ROWID;"
	 "CREATE INDEX IF NOT EXISTS cite_keys_by_base ON cite_keys(style, base, pid);"),
	/* 9: a paper's terms stored compactly (each a varint step from the
	 * one before and a count byte, not 4 bytes), and scores keyed by
	 * paper: what was learned is derived from the papers and the marks,
	 * so the old tables go and are made again, empty, in the new form. */
	("DROP TABLE IF EXISTS scores;"
	 "DROP TABLE IF EXISTS learn_models;"
	 "DROP TABLE IF EXISTS learn_df;"
	 "DROP TABLE IF EXISTS learn_terms;"
	 "CREATE TABLE learn_terms ("
	 "  pid INTEGER PRIMARY KEY REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  terms BLOB NOT NULL);"
	 "CREATE TABLE learn_df (term INTEGER PRIMARY KEY, docs INTEGER NOT NULL);"
	 "CREATE TABLE learn_models ("
	 "  name TEXT PRIMARY KEY,"
	 "  marks INTEGER NOT NULL,"
	 "  config TEXT NOT NULL,"
	 "  built INTEGER NOT NULL,"
	 "  positives INTEGER NOT NULL,"
	 "  negatives INTEGER NOT NULL,"
	 "  scored INTEGER NOT NULL DEFAULT 0,"
	 "  weights BLOB NOT NULL);"
	 /* a model's scores in the order of its papers, so that scoring
	  * every paper writes to the end of the b-tree; the order a list
	  * reads them in is an index (see migration 10 for how a model's
	  * scores are written again) */
	 "CREATE TABLE scores ("
	 "  model TEXT NOT NULL,"
	 "  pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,"
	 "  score REAL NOT NULL,"
	 "  PRIMARY KEY (model, pid)) WITHOUT ROWID;"
	 "CREATE INDEX scores_by_score ON scores(model, score, pid);"),
	/* 10: the key a model's scores are stored under (NULL: its name). A
	 * model scored again writes its new scores under another key a
	 * chunk at a time, then points to them in one short transaction. */
	("ALTER TABLE learn_models ADD COLUMN scores TEXT;"),
	/* 11: what is learned in few, big rows. The terms of 1024 papers in
	 * one row of learn_chunks (each paper's strongest terms), so scoring
	 * every paper reads a thousand rows, not a million; the papers whose
	 * text changed since their terms were stored in learn_refeature (a
	 * trigger), so they are stored again; and each model's scores as one
	 * row of learn_scores (a score per paper by pid, and the pids in
	 * score order), written in one statement and read by db/scores.c; the
	 * term counts in one row of learn_df, read in one go.
	 * Derived data: the old tables go, and are learned again. */
	("DROP TABLE IF EXISTS scores;"
	 "DROP TABLE IF EXISTS learn_models;"
	 "DROP TABLE IF EXISTS learn_df;"
	 "DROP TABLE IF EXISTS learn_terms;"
	 "DROP TABLE IF EXISTS learn_chunks;"
	 "DROP TABLE IF EXISTS learn_scores;"
	 "DROP TABLE IF EXISTS learn_refeature;"
	 "DROP TRIGGER IF EXISTS learn_text_au;"
	 "CREATE TABLE learn_chunks ("
	 "  chunk INTEGER PRIMARY KEY,"        /* pid >> 10 */
	 "  last INTEGER NOT NULL,"            /* its newest paper's pid */
	 "  terms BLOB NOT NULL);"
	 /* one row: the papers counted, each term's papers (uint32 by term) */
	 "CREATE TABLE learn_df (one INTEGER PRIMARY KEY CHECK (one = 1),"
	 "  docs INTEGER NOT NULL, counts BLOB NOT NULL);"
	 "CREATE TABLE learn_models ("
	 "  name TEXT PRIMARY KEY,"
	 "  marks INTEGER NOT NULL,"
	 "  config TEXT NOT NULL,"
	 "  built INTEGER NOT NULL,"
	 "  positives INTEGER NOT NULL,"
	 "  negatives INTEGER NOT NULL,"
	 "  scored INTEGER NOT NULL DEFAULT 0,"
	 "  weights BLOB NOT NULL);"
	 "CREATE TABLE learn_scores ("
	 "  model TEXT PRIMARY KEY,"
	 "  version INTEGER NOT NULL,"         /* new at each write */
	 "  scores BLOB NOT NULL,"             /* float32 by pid - 1, NaN: none */
	 "  ranked BLOB NOT NULL);"            /* uint32 pids by (score, pid) */
	 "CREATE TABLE learn_refeature (pid INTEGER PRIMARY KEY);"
	 "CREATE TRIGGER learn_text_au AFTER UPDATE OF title, abstract, ai_keywords ON papers"
	 "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
	 "  OR old.ai_keywords IS NOT new.ai_keywords BEGIN"
	 "  INSERT INTO learn_refeature (pid) SELECT new.pid WHERE NOT EXISTS"
	 "  (SELECT 1 FROM learn_refeature WHERE pid = new.pid); END;"),
	/* 12: a run of Chinese, Japanese or Korean text gives terms, the
	 * pairs of its characters (it gave one term, the whole run): the
	 * papers holding such text have their terms stored again, and every
	 * model scores every paper again (a paper none of whose terms it
	 * weighs ranks last now, not at the model's bias). An abstract holds
	 * CJK text when its part of extra (after the '\n': the bigrams of
	 * its runs) is not empty; a title, AI keywords, and an abstract with
	 * no extra yet, when it holds a character of more than one byte and
	 * one of text_cjk_char's ranges or CJK punctuation (U+3000..,
	 * U+FF00..; SQLite's GLOB reads UTF-8). */
	("INSERT OR IGNORE INTO learn_refeature (pid) SELECT pid FROM"
	 " (SELECT pid, extra, coalesce(title, '') || ' ' || coalesce(ai_keywords, '') ||"
	 "  CASE WHEN extra IS NULL THEN ' ' || coalesce(abstract, '') ELSE '' END AS t"
	 "  FROM papers)"
	 " WHERE (instr(extra, char(10)) > 0 AND substr(extra, instr(extra, char(10)) + 1) <> '')"
	 " OR (length(t) <> length(CAST(t AS BLOB)) AND t GLOB"
	 " '*[\u1100-\u11FF\u3000-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF"
	 "\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFF9F\U00020000-\U0002FFFF]*');"
	 "UPDATE learn_models SET scored = 0 WHERE scored > 0;"),
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* SQLite keeps the id as a signed 32-bit number: 0x50505952 is "PPYR". */
#define APPLICATION_ID_PRAGMA "PRAGMA application_id = 1347443026"

int db_schema_version(void)
{
	return NMIGRATIONS;
}

int db_readonly(const struct db *db)
{
	return db->readonly != 0;
}

/* The handle's last error in words; a write refused because the file or its
 * folder is read-only, or because the disk is full, says so plainly (the
 * same words as a full disk anywhere else: write_error(ENOSPC)). SQLite
 * reports a full disk as SQLITE_FULL, or as an I/O error with ENOSPC
 * beneath when the write that failed was the journal's or the index's. */
static const char *plain_words(struct db *db)
{
	int code = sqlite3_errcode(db->h) & 0xFF;
	if (code == SQLITE_READONLY)
		return "the cache is read-only";
	if (code == SQLITE_FULL)
		return write_error(ENOSPC);
	if (code == SQLITE_IOERR) {
		int e = sqlite3_system_errno(db->h);
		if (e == ENOSPC || e == EDQUOT)
			return write_error(e);
	}
	return NULL;
}

const char *db_errmsg(struct db *db)
{
	const char *said = plain_words(db);
	return said ? said : sqlite3_errmsg(db->h);
}

int db_fail(struct db *db, const char *what, char **err)
{
	return set_err(err, "%s: %s", what, db_errmsg(db));
}

static int exec(struct db *db, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		const char *said = plain_words(db);
		set_err(err, "cache: %s", said ? said : msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct db *db, int *v, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA user_version", err);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fail(db, "cache: reading the schema version", err);
	*v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int migrate(struct db *db, char **err)
{
	int v;
	if (user_version(db, &v, err) != 0)
		return -1;
	if (v > NMIGRATIONS)
		return set_err(err, "the cache has schema version %d, newer than this "
			       "papyr knows (%d); upgrade papyr", v, NMIGRATIONS);
	if (v == NMIGRATIONS)
		return 0;
	if (exec(db, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (user_version(db, &v, err) != 0)
		goto fail;
	for (; v < NMIGRATIONS; v++) {
		char pragma[64];
		if (exec(db, migrations[v], err) != 0)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (exec(db, pragma, err) != 0)
			goto fail;
	}
	if (exec(db, APPLICATION_ID_PRAGMA, err) != 0)
		goto fail;
	return exec(db, "COMMIT", err);
fail:
	exec(db, "ROLLBACK", NULL);
	return -1;
}

/* Creates the file 0600 before SQLite does, so it never exists wider. */
static int create_private(const char *path, char **err)
{
	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return 0;
	/* Never open and close an existing cache: closing any descriptor of
	 * the file drops every POSIX lock this process holds on it, those of
	 * a connection already open (a second connection on a thread). */
	struct stat sb;
	if (stat(path, &sb) == 0)
		return 0;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT) { /* say which: the file or its folder */
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir)
			*slash = '\0';
		int rc = set_err(err, "%s: no such folder to create the cache in",
				 slash ? dir : ".");
		free(dir);
		return rc;
	}
	if (fd < 0)
		return set_err(err, "%s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

/* What a file holds, read before papyr writes anything to it. */
struct identity {
	int app_id;
	int version;   /* PRAGMA user_version */
	int objects;   /* rows of sqlite_schema */
	int ours;      /* papyr's own tables are there */
};

static int read_int(struct db *db, const char *sql, int *out, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache", err);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "cache", err);
}

static int identify(struct db *db, struct identity *id, char **err)
{
	return read_int(db, "PRAGMA application_id", &id->app_id, err) ||
	       read_int(db, "PRAGMA user_version", &id->version, err) ||
	       read_int(db, "SELECT count(*) FROM sqlite_master", &id->objects, err) ||
	       read_int(db, "SELECT count(*) = 4 FROM sqlite_master WHERE type = 'table' "
			    "AND name IN ('papers', 'paper_days', 'state', 'papers_fts')",
			&id->ours, err) ? -1 : 0;
}

/*
 * papyr's caches carry an application_id of their own. A file with another
 * id, or with none and tables that are not papyr's, is someone else's
 * database: it is refused before anything is written to it. An empty file
 * becomes a cache; a cache made before the id existed (id 0, papyr's
 * tables) is adopted.
 */
/* Names the file in an error met while opening it: one the disk made (full,
 * read-only) says so; any other means the file is not what papyr wrote. */
static void name_open_error(struct db *db, const char *path, char **err)
{
	char *msg = plain_words(db) ? xasprintf("%s: %s", path, *err)
				    : xasprintf("%s: not a papyr cache (%s)", path, *err);
	free(*err);
	*err = msg;
}

static int check_identity(struct db *db, const char *path, int readonly, char **err)
{
	struct identity id = {0};
	if (identify(db, &id, err) != 0) {
		name_open_error(db, path, err);
		return -1;
	}
	if (id.app_id == DB_APPLICATION_ID || (id.app_id == 0 && id.objects == 0 && id.version == 0))
		return 0;
	if (id.app_id == 0 && id.ours && id.version >= 1)
		return readonly ? 0 : exec(db, APPLICATION_ID_PRAGMA, err);
	if (id.app_id != 0)
		return set_err(err, "%s: not a papyr cache (application_id 0x%08x); left "
			       "untouched", path, (unsigned)id.app_id);
	return set_err(err, "%s: not a papyr cache (another program's database, with "
		       "%d tables and indexes of its own); left untouched", path, id.objects);
}

/* True if papyr may write the file: it and its folder (for the WAL's
 * files) are writable. */
static int writable(const char *path)
{
	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0 ||
	    access(path, F_OK) != 0) /* a new cache: creating it says why it cannot */
		return 1;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	int ok = access(path, W_OK) == 0 && access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	return ok;
}

/* path as a file: URI (its %, ? and # escaped) that opens it immutable. */
static char *immutable_uri(const char *path)
{
	struct buf b = {0};
	buf_adds(&b, "file:");
	for (const char *s = path; *s; s++) {
		if (*s == '%' || *s == '?' || *s == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(&b, *s);
	}
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

static int open_handle(struct db *db, const char *name, int flags, const char *path,
		       char **err)
{
	if (sqlite3_open_v2(name, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return set_err(err, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	return 0;
}

/*
 * A read-only WAL cache needs its -shm file, which papyr may not be able to
 * create beside a file it cannot write. Then the file is read as immutable:
 * nobody with papyr's rights can change it meanwhile.
 */
static int open_readonly(struct db *db, const char *path, char **err)
{
	if (open_handle(db, path, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path, err) != 0)
		return -1;
	int v;
	if (read_int(db, "PRAGMA user_version", &v, NULL) == 0)
		return 0;
	sqlite3_close(db->h);
	db->h = NULL;
	if (strncmp(path, "file:", 5) == 0)
		return set_err(err, "%s: cannot be read", path);
	char *uri = immutable_uri(path);
	int rc = open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path, err);
	free(uri);
	return rc;
}

int db_open(struct db **out, const char *path, char **err)
{
	*out = NULL;
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return set_err(err, "%s: a folder, not a cache file", path);
	struct db *db = xcalloc(1, sizeof *db);
	db->readonly = !writable(path);
	if (!db->readonly && create_private(path, err) != 0)
		goto fail;
	if (db->readonly ? open_readonly(db, path, err) != 0
			 : open_handle(db, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				       SQLITE_OPEN_URI, path, err) != 0)
		goto fail;
	if (check_identity(db, path, db->readonly, err) != 0)
		goto fail;
	if (db->readonly) {
		if (exec(db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
			     "PRAGMA cache_size = -8000;", err) != 0)
			goto fail;
		int v = 0;
		if (user_version(db, &v, err) != 0)
			goto fail;
		if (v == NMIGRATIONS && db_index_open(db, err) != 0)
			goto fail;
		if (db_scores_register(db, err) != 0)
			goto fail;
		if (v != NMIGRATIONS) {
			set_err(err, "%s: the cache is read-only and has schema version %d; "
				"this papyr needs %d", path, v, NMIGRATIONS);
			goto fail;
		}
		*out = db;
		return 0;
	}
	if (exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		     "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
		     "PRAGMA cache_size = -8000;"
		     "PRAGMA journal_size_limit = 67108864;", err) != 0) { /* 64 MB */
		name_open_error(db, path, err);
		goto fail;
	}
	if (migrate(db, err) != 0 || db_index_open(db, err) != 0 ||
	    db_scores_register(db, err) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(&db);
	return -1;
}

void db_close(struct db **pdb)
{
	struct db *db = *pdb;
	if (!db)
		return;
	free(db->upsert_batch_sql);
	free(db->upsert_one_sql);
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	if (db->h) {
		/* optimize may ANALYZE a table, and does so at every close while
		 * one of its indexes has no statistics (an empty partial index,
		 * papers_by_announced on a cache without arXiv announcements):
		 * a whole pass over 1M papers, ~0.7 s. Sampling bounds it. */
		sqlite3_exec(db->h, "PRAGMA analysis_limit = 400; PRAGMA optimize", NULL, NULL,
			     NULL);
		sqlite3_close(db->h);
	}
	db_scores_cache_free(db);
	free(db);
	*pdb = NULL;
}

int db_open_job(struct db **out, const char *path, char **err)
{
	if (db_open(out, path, err) != 0)
		return -1;
	if (db_cache_keep(*out, 1024, err) == 0)
		return 0;
	db_close(out);
	return -1;
}

int db_cache_keep(struct db *db, int kib, char **err)
{
	char sql[40];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -(kib > 0 ? kib : 1));
	if (exec(db, sql, err) != 0)
		return -1;
	sqlite3_db_release_memory(db->h);
	return 0;
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql, char **err)
{
	int victim = 0;
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		if (db->cache[i].sql && strcmp(db->cache[i].sql, sql) == 0) {
			sqlite3_stmt *st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			db->cache[i].used = ++db->tick;
			return st;
		}
		if (db->cache[i].used < db->cache[victim].used)
			victim = i;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(db, "cache", err);
		return NULL;
	}
	sqlite3_finalize(db->cache[victim].st);
	free(db->cache[victim].sql);
	db->cache[victim].sql = xstrdup(sql);
	db->cache[victim].st = st;
	db->cache[victim].used = ++db->tick;
	return st;
}

int db_begin(struct db *db, char **err)
{
	if (exec(db, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

int db_commit(struct db *db, char **err)
{
	int rc = 0;
	/* Papers an ingest still holds would be left out of the transaction
	 * unseen: flushing them is the caller's step, so committing without it
	 * is an error rather than a silent loss. */
	if (db->ingest_pending)
		rc = set_err(err, "cache: %ld papers not written (the ingest was not "
			     "flushed before the commit)", db->ingest_pending);
	db->in_tx = 0;
	db->forms.version = FORMS_STALE; /* what it wrote may change the index */
	if (rc != 0 || exec(db, "COMMIT", err) != 0) {
		exec(db, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

int db_begin_read(struct db *db, char **err)
{
	if (sqlite3_get_autocommit(db->h) == 0)
		return 0;
	return exec(db, "BEGIN DEFERRED", err) == 0 ? 1 : -1;
}

void db_end_read(struct db *db, int began)
{
	if (began == 1 && sqlite3_get_autocommit(db->h) == 0)
		exec(db, "COMMIT", NULL);
}

void db_rollback(struct db *db)
{
	if (sqlite3_get_autocommit(db->h) == 0)
		exec(db, "ROLLBACK", NULL);
	db->in_tx = 0;
}

char *db_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return xstrdup(t ? (const char *)t : "");
}

char *db_col_opt(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

int db_pid(struct db *db, const char *id, int64_t *pid, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT pid FROM papers WHERE id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*pid = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "cache", err);
	set_err(err, "%s: no such paper in the cache", id);
	return 0;
}

struct sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

void db_interrupt(struct db *db)
{
	sqlite3_interrupt(db->h);
}

long db_estimate(struct db *db, const char *sql, const char *text, int64_t arg)
{
	char *err = NULL;
	sqlite3_stmt *st = db_stmt(db, sql, &err);
	if (!st) { /* the statement that needs the estimate will report it */
		free(err);
		return -1;
	}
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, text ? 2 : 1, arg);
	long v = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}
