/*
 * fuzz_query: the query compiler takes any text. It never crashes; a query
 * it refuses has an error positioned within the text ("query:COL: ..."); a
 * query it accepts runs on a small real cache (the fixtures, with tags,
 * marks and notes) without an error from SQLite, paging forward and back.
 */
#include "fuzz.h"

#include <unistd.h>

#include "../../db/db.h"
#include "../../src/import.h"
#include "../../src/query.h"

static struct db *db;
static char dir[64];

static const char *const fixtures[] = {
	"tests/fixtures/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json",
	"tests/fixtures/hf/days/2026-07-13.json",
	"tests/fixtures/hf/papers_search_q-diffusion_3results.json",
	"tests/fixtures/hostile.json",
	"tests/fixtures/hostile_titles.json",
};

static void remove_cache(void)
{
	static const char *const files[] = {"cache.db", "cache.db-wal", "cache.db-shm"};
	char path[128];
	db_close(&db);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Some state, so that is:, tag: and has a note select rows too. */
static void mark_some(void)
{
	static const struct {
		const char *id;
		enum db_mark mark;
	} some[] = {
		{"2606.00467", DB_MARK_READ},
		{"2607.07673", DB_MARK_STAR},
		{"2609.00001", DB_MARK_DISMISS},
	};
	char *err = NULL;
	for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
		if (db_mark(db, some[i].id, some[i].mark, &err) != 0 ||
		    db_tag_add(db, some[i].id, "toread", &err) != 0 ||
		    db_note_set(db, some[i].id, "a note", &err) != 0) {
			fprintf(stderr, "fuzz_query: %s\n", err);
			exit(1);
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/papyr-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char path[128], *err = NULL;
	if (!mkdtemp(dir)) {
		perror("fuzz_query: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof path, "%s/cache.db", dir);
	if (db_open(&db, path, &err) != 0) {
		fprintf(stderr, "fuzz_query: %s\n", err);
		exit(1);
	}
	atexit(remove_cache);
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		struct import_stats st;
		if (import_file(db, fixtures[i], &st, &err) != 0) {
			fprintf(stderr, "fuzz_query: %s (run from the source tree)\n", err);
			exit(1);
		}
	}
	mark_some();
	return 0;
}

/* SQLite's one acceptable error: the statement was interrupted. */
static void check_sql(int rc, char *err, const char *text, const char *what)
{
	if (rc == 0)
		return;
	FUZZ_CHECK(err && strstr(err, "interrupt"), "%s of '%s': %s", what, text,
		   err ? err : "(no message)");
	free(err);
}

static void run(struct query *q, const char *text)
{
	struct db_filter *f = query_filter(q);
	struct db_page pg = {0}, back = {0};
	char *err = NULL;
	long n;
	FUZZ_CHECK(query_terms(q) != NULL, "no terms array");
	check_sql(db_count(db, f, &n, &err), err, text, "count");
	err = NULL;
	int rc = db_list(db, f, NULL, 0, 7, &pg, &err);
	check_sql(rc, err, text, "list");
	err = NULL;
	if (rc == 0 && pg.n > 0) {
		struct db_row *last = &pg.rows[pg.n - 1];
		check_sql(db_list(db, f, last, 0, 7, &back, &err), err, text, "next page");
		err = NULL;
		check_sql(db_list(db, f, last, 1, 7, &back, &err), err, text, "page before");
	}
	db_page_free(&pg);
	db_page_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct query_env env = {.today = "2026-07-13", .flags = (unsigned)(size & 3)};
	struct query *q = NULL;
	char *err = NULL;
	int col = -1;
	if (query_compile(text, &env, &q, &col, &err) == 0) {
		FUZZ_CHECK(q != NULL, "no query for '%s'", text);
		run(q, text);
		query_free(&q);
	} else {
		size_t len = strlen(text);
		char prefix[32];
		FUZZ_CHECK(err != NULL, "no message for '%s'", text);
		FUZZ_CHECK(col >= 1 && (size_t)col <= len + 1,
			   "column %d outside '%s' (%zu bytes): %s", col, text, len, err);
		snprintf(prefix, sizeof prefix, "query:%d: ", col);
		FUZZ_CHECK(strncmp(err, prefix, strlen(prefix)) == 0,
			   "'%s' does not start with '%s'", err, prefix);
		FUZZ_CHECK(q == NULL, "a query beside an error");
		free(err);
	}
	free(text);
	return 0;
}
