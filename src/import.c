/* import: streamed, transactional loading of JSON files (see import.h). */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "../db/db.h"
#include "cli.h"
#include "json_stream.h"
#include "parse_hf.h"
#include "util.h"

struct import_ctx {
	struct paper_sink sink;
};

static int import_element(void *ctx, const char *elem, size_t len, long index,
			  char **err)
{
	struct import_ctx *ic = ctx;
	const char *end = NULL;
	cJSON *item = cJSON_ParseWithLengthOpts(elem, len, &end, 0);
	if (!item)
		return set_err(err, "entry %ld: invalid JSON near byte %zu of the entry",
			       index, end ? (size_t)(end - elem) : 0);
	struct paper p;
	char *cause = NULL;
	int rc = hf_parse_entry(item, &p, &cause);
	cJSON_Delete(item);
	if (rc == 0) {
		rc = ic->sink.on_paper(ic->sink.ctx, &p, &cause);
		paper_clear(&p);
	}
	if (rc != 0) {
		set_err(err, "entry %ld: %s", index, cause);
		free(cause);
	}
	return rc;
}

static int stream_file(FILE *f, struct json_stream *js, char **err)
{
	static char chunk[1 << 20];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (json_stream_feed(js, chunk, n, err) != 0)
			return -1;
	if (ferror(f))
		return set_err(err, "%s", strerror(errno));
	return json_stream_finish(js, err);
}

int import_file(struct db *db, const char *path, struct import_stats *st, char **err)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	memset(st, 0, sizeof *st);
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return set_err(err, "%s: %s", path, strerror(errno));
	struct db_ingest ing = {.db = db};
	struct import_ctx ic;
	char *cause = NULL;
	int rc = db_begin(db, &cause);
	if (rc == 0) {
		ic.sink = db_ingest_sink(&ing);
		struct json_stream *js = json_stream_new(import_element, &ic);
		rc = stream_file(f, js, &cause);
		st->papers = json_stream_count(js);
		json_stream_free(&js);
		if (rc == 0)
			rc = db_commit(db, &cause);
		else
			db_rollback(db);
	}
	if (!is_stdin)
		fclose(f);
	if (rc != 0) {
		set_err(err, "%s: %s", name, cause);
		free(cause);
		return -1;
	}
	st->added = ing.added;
	st->updated = ing.updated;
	return 0;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("import", "import needs at least one FILE");
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		struct import_stats st;
		char *err = NULL;
		if (import_file(c->db, argv[i], &st, &err) != 0) {
			cli_error("%s (nothing from it was stored)", err);
			free(err);
			failed++;
			continue;
		}
		printf("%s: %ld papers, %ld new, %ld updated\n",
		       strcmp(argv[i], "-") == 0 ? "stdin" : argv[i], st.papers, st.added,
		       st.updated);
	}
	return failed ? EXIT_ERROR : EXIT_OK;
}
