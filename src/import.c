/* import: streamed, transactional loading of JSON files (see import.h). */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "../db/db.h"
#include "json_stream.h"
#include "parse_hf.h"
#include "parse_papyr.h"
#include "base/mem.h"
#include "base/buf.h"

/* papyr's own entries wait in a temporary file and are stored last to
 * first, once the whole file has been read: the cache breaks ties in its
 * newest-first lists by insertion order, so storing them in reverse gives
 * an export -> import -> export round trip the same order, byte for byte. */
struct deferred {
	long off;
	size_t len;
	long index;
};

struct import_ctx {
	struct paper_sink sink;
	struct db *db;
	struct db_ingest *ing;
	FILE *spill;
	struct deferred *later;
	long nlater, caplater;
};

static int defer_entry(struct import_ctx *ic, const char *elem, size_t len, long index,
		       char **err)
{
	if (!ic->spill && !(ic->spill = tmpfile()))
		return set_err(err, "a temporary file: %s", strerror(errno));
	if (ic->nlater == ic->caplater) {
		ic->caplater = ic->caplater ? ic->caplater * 2 : 256;
		ic->later = xrealloc(ic->later, (size_t)ic->caplater * sizeof *ic->later);
	}
	long off = ftell(ic->spill);
	if (off < 0 || fwrite(elem, 1, len, ic->spill) != len)
		return set_err(err, "a temporary file: %s", strerror(errno));
	ic->later[ic->nlater++] = (struct deferred){off, len, index};
	return 0;
}

/* The user's state from the file joins what the cache holds: marks set in
 * the file are set, its tags added, and its note kept unless the paper
 * already has a note of its own. */
static int apply_state(struct db *db, const struct papyr_entry *e, char **err)
{
	static const struct {
		unsigned bit;
		enum db_mark mark;
	} marks[] = {
		{PAPYR_READ, DB_MARK_READ},
		{PAPYR_STARRED, DB_MARK_STAR},
		{PAPYR_DISMISSED, DB_MARK_DISMISS},
	};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if ((e->state & marks[i].bit) && db_mark(db, e->p.id, marks[i].mark, err) != 0)
			return -1;
	for (char **t = e->tags; *t; t++)
		if (db_tag_add(db, e->p.id, *t, err) != 0)
			return -1;
	if (!e->note || !*e->note)
		return 0;
	char *old = NULL;
	int rc = db_note_get(db, e->p.id, &old, err);
	if (rc == 0 && !old)
		rc = db_note_set(db, e->p.id, e->note, err);
	free(old);
	return rc;
}

/* Stores one of papyr's entries: the paper once per day it was listed, so
 * every day is remembered (counted once), then its state. */
static int store_papyr(struct import_ctx *ic, struct papyr_entry *e, char **err)
{
	int rc = 0;
	if (!e->days[0])
		rc = ic->sink.on_paper(ic->sink.ctx, &e->p, err);
	for (char **d = e->days; *d && rc == 0; d++) {
		e->p.day = *d;
		rc = ic->sink.on_paper(ic->sink.ctx, &e->p, err);
	}
	e->p.day = NULL; /* borrowed from days */
	if (rc != 0)
		return -1;
	if (!e->state && !e->tags[0] && !(e->note && *e->note))
		return 0;
	/* The state is set on the paper's row: it must be written first. */
	if (db_ingest_flush(ic->ing, err) != 0)
		return -1;
	return apply_state(ic->db, e, err);
}

static int import_papyr(struct import_ctx *ic, const char *elem, size_t len, long index,
			char **err)
{
	cJSON *item = cJSON_ParseWithLength(elem, len);
	struct papyr_entry e;
	char *cause = NULL;
	int rc = item ? papyr_parse_entry(item, &e, &cause)
		      : set_err(&cause, "invalid JSON");
	cJSON_Delete(item);
	if (rc == 0) {
		rc = store_papyr(ic, &e, &cause);
		if (rc != 0) {
			char *msg = xasprintf("%s: %s", e.p.id, cause);
			free(cause);
			cause = msg;
		}
		papyr_entry_clear(&e);
	}
	if (rc != 0) {
		set_err(err, "entry %ld: %s", index, cause);
		free(cause);
	}
	return rc;
}

static int import_deferred(struct import_ctx *ic, char **err)
{
	struct buf b = {0};
	int rc = 0;
	for (long i = ic->nlater - 1; i >= 0 && rc == 0; i--) {
		const struct deferred *d = &ic->later[i];
		buf_reset(&b);
		buf_grow(&b, d->len + 1);
		if (fseek(ic->spill, d->off, SEEK_SET) != 0 ||
		    fread(b.data, 1, d->len, ic->spill) != d->len) {
			rc = set_err(err, "reading back a temporary file: %s", strerror(errno));
			break;
		}
		rc = import_papyr(ic, b.data, d->len, d->index, err);
	}
	buf_free(&b);
	return rc;
}

static int import_element(void *ctx, const char *elem, size_t len, long index,
			  char **err)
{
	struct import_ctx *ic = ctx;
	const char *end = NULL;
	cJSON *item = cJSON_ParseWithLengthOpts(elem, len, &end, 0);
	if (!item)
		return set_err(err, "entry %ld: invalid JSON near byte %zu of the entry",
			       index, end ? (size_t)(end - elem) : 0);
	if (papyr_is_entry(item)) {
		cJSON_Delete(item);
		return defer_entry(ic, elem, len, index, err);
	}
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

/* Reads a MiB at a time; the buffer is the call's own, so two imports on two
 * threads never share it. */
#define CHUNK (1 << 20)

static int stream_file(FILE *f, struct json_stream *js, char **err)
{
	char *chunk = xmalloc(CHUNK);
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, CHUNK, f)) > 0)
		rc = json_stream_feed(js, chunk, n, err);
	free(chunk);
	if (rc != 0)
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
	struct import_ctx ic = {.db = db};
	char *cause = NULL;
	int rc = db_begin(db, &cause);
	if (rc == 0) {
		ic.ing = db_ingest_new(db);
		ic.sink = db_ingest_sink(ic.ing);
		struct json_stream *js = json_stream_new(import_element, &ic);
		rc = stream_file(f, js, &cause);
		st->papers = json_stream_count(js);
		json_stream_free(&js);
		if (rc == 0)
			rc = import_deferred(&ic, &cause);
		if (rc == 0)
			rc = db_ingest_flush(ic.ing, &cause);
		if (rc == 0)
			rc = db_commit(db, &cause);
		else
			db_rollback(db);
		db_ingest_counts(ic.ing, &st->added, &st->updated);
		db_ingest_free(&ic.ing);
	}
	if (!is_stdin)
		fclose(f);
	if (ic.spill)
		fclose(ic.spill);
	free(ic.later);
	if (rc != 0) {
		set_err(err, "%s: %s", name, cause);
		free(cause);
		return -1;
	}
	return 0;
}
