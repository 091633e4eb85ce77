/* import: streamed, transactional loading of JSON files (see import.h). */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "../db/db.h"
#include "json_stream.h"
#include "parse_arxiv.h"
#include "parse_hf.h"
#include "parse_papyr.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/text.h"

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
	const struct import_opts *o;
	long refused;
	FILE *spill;
	struct deferred *later;
	long nlater, caplater;
};

/* A paper left out: counted and named. The parsers start their message
 * with the id when they found one; it is said once. */
static void refuse_id(struct import_ctx *ic, long index, const char *id, const char *why)
{
	ic->refused++;
	if (!ic->o->refused)
		return;
	size_t n = id ? strlen(id) : 0;
	if (id && strncmp(why, id, n) == 0 && strncmp(why + n, ": ", 2) == 0)
		why += n + 2;
	ic->o->refused(ic->o->ctx, index + 1, id, why);
}

static void refuse(struct import_ctx *ic, long index, const cJSON *item, const char *why)
{
	refuse_id(ic, index, item ? hf_entry_id(item) : NULL, why);
}

/* Once a strict import has refused a paper, nothing of the file will be
 * kept: the rest is only read, to name every paper it refuses. */
static int storing(const struct import_ctx *ic)
{
	return !(ic->o->flags & IMPORT_STRICT) || ic->refused == 0;
}

static int defer_entry(struct import_ctx *ic, const char *elem, size_t len, long index,
		       char **err)
{
	if (!ic->spill && !(ic->spill = tmpfile()))
		return set_err(err, "a temporary file: %s", write_error(errno));
	if (ic->nlater == ic->caplater) {
		ic->caplater = ic->caplater ? ic->caplater * 2 : 256;
		ic->later = xrealloc(ic->later, (size_t)ic->caplater * sizeof *ic->later);
	}
	long off = ftell(ic->spill);
	if (off < 0 || fwrite(elem, 1, len, ic->spill) != len)
		return set_err(err, "a temporary file: %s", write_error(errno));
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

/* Reads one of papyr's entries whole, its tags checked too, so that what is
 * wrong with it is found before anything of it is written: storing it can
 * then fail only for the cache's own reasons. */
static int parse_papyr(const cJSON *item, struct papyr_entry *e, char **err)
{
	if (papyr_parse_entry(item, e, err) != 0)
		return -1;
	for (char **t = e->tags; *t; t++) {
		if (!db_tag_valid(*t)) {
			char *shown = text_clean(*t, strlen(*t), TEXT_COLLAPSE);
			set_err(err, "tags holds '%s', not a valid tag", shown);
			free(shown);
			papyr_entry_clear(e);
			return -1;
		}
	}
	return 0;
}

/* Stores a deferred entry, checked when it was read. */
static int import_papyr(struct import_ctx *ic, const char *elem, size_t len, long index,
			char **err)
{
	cJSON *item = cJSON_ParseWithLength(elem, len);
	struct papyr_entry e;
	char *cause = NULL;
	int rc = item ? parse_papyr(item, &e, &cause) : set_err(&cause, "invalid JSON");
	cJSON_Delete(item);
	if (rc == 0) {
		rc = store_papyr(ic, &e, &cause);
		papyr_entry_clear(&e);
	}
	if (rc != 0) {
		set_err(err, "paper %ld: %s", index + 1, cause);
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

/* One of papyr's entries: checked now, so that a bad one is named in its
 * place in the file, and stored at the end (see struct deferred). */
static int take_papyr(struct import_ctx *ic, const cJSON *item, const char *elem,
		      size_t len, long index, char **err)
{
	struct papyr_entry e;
	char *cause = NULL;
	if (parse_papyr(item, &e, &cause) != 0) {
		refuse(ic, index, item, cause);
		free(cause);
		return 0;
	}
	papyr_entry_clear(&e);
	return storing(ic) ? defer_entry(ic, elem, len, index, err) : 0;
}

static int take_hf(struct import_ctx *ic, const cJSON *item, long index, char **err)
{
	struct paper p;
	char *cause = NULL;
	if (hf_parse_entry(item, &p, &cause) != 0) {
		refuse(ic, index, item, cause);
		free(cause);
		return 0;
	}
	int rc = storing(ic) ? ic->sink.on_paper(ic->sink.ctx, &p, err) : 0;
	paper_clear(&p);
	return rc;
}

/* A refused paper never stops the file; only a cache that cannot be
 * written (or a temporary file that cannot) does. */
static int import_element(void *ctx, const char *elem, size_t len, long index,
			  char **err)
{
	struct import_ctx *ic = ctx;
	const char *end = NULL;
	cJSON *item = cJSON_ParseWithLengthOpts(elem, len, &end, 0);
	if (!item) {
		char *why = xasprintf("invalid JSON near byte %zu of the entry",
				      end ? (size_t)(end - elem) : 0);
		refuse(ic, index, NULL, why);
		free(why);
		return 0;
	}
	int rc = papyr_is_entry(item) ? take_papyr(ic, item, elem, len, index, err)
				      : take_hf(ic, item, index, err);
	cJSON_Delete(item);
	return rc;
}

/* Reads a MiB at a time; the buffer is the call's own, so two imports on two
 * threads never share it. */
#define CHUNK (1 << 20)

/* The first chunk, already read, then the rest. */
static int stream_file(FILE *f, char *chunk, size_t n, struct json_stream *js, char **err)
{
	int rc = n ? json_stream_feed(js, chunk, n, err) : 0;
	while (rc == 0 && (n = fread(chunk, 1, CHUNK, f)) > 0)
		rc = json_stream_feed(js, chunk, n, err);
	if (rc != 0)
		return -1;
	if (ferror(f))
		return set_err(err, "%s", strerror(errno));
	return json_stream_finish(js, err);
}

/* arXiv's XML: each paper straight to the cache as the parser finds it. */
static int xml_paper(void *ctx, const struct paper *p, char **err)
{
	struct import_ctx *ic = ctx;
	return storing(ic) ? ic->sink.on_paper(ic->sink.ctx, p, err) : 0;
}

static void xml_refused(void *ctx, long index, const char *id, const char *why)
{
	refuse_id(ctx, index, id, why);
}

static int stream_xml(struct import_ctx *ic, FILE *f, char *chunk, size_t n,
		      struct import_stats *st, char **err)
{
	struct paper_sink sink = {xml_paper, ic};
	struct arxiv_parser *ap = arxiv_parser_new(&sink, 0, xml_refused, ic);
	if (!ap)
		return set_err(err, "out of memory starting the XML parser");
	int rc = arxiv_parser_feed(ap, chunk, n, err);
	while (rc == 0 && (n = fread(chunk, 1, CHUNK, f)) > 0)
		rc = arxiv_parser_feed(ap, chunk, n, err);
	if (rc == 0 && ferror(f))
		rc = set_err(err, "%s", strerror(errno));
	if (rc == 0)
		rc = arxiv_parser_finish(ap, err);
	st->papers = arxiv_parser_info(ap)->entries;
	arxiv_parser_free(&ap);
	return rc;
}

/* XML starts with '<' (after a byte order mark and white space); an HTML
 * page (an error page saved by mistake) is left to the JSON reader, which
 * names it as such. */
static int looks_xml(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i >= n || s[i] != '<')
		return 0;
	return !(n - i >= 5 && strncasecmp(s + i, "<html", 5) == 0) &&
	       !(n - i >= 14 && strncasecmp(s + i, "<!doctype html", 14) == 0);
}

/* Reads and stores the file in the transaction already begun; 0 to commit. */
static int import_stream(struct import_ctx *ic, FILE *f, struct import_stats *st,
			 char **err)
{
	ic->ing = db_ingest_new(ic->db);
	ic->sink = db_ingest_sink(ic->ing);
	char *chunk = xmalloc(CHUNK);
	size_t n = fread(chunk, 1, CHUNK, f);
	int rc;
	if (looks_xml(chunk, n)) {
		rc = stream_xml(ic, f, chunk, n, st, err);
	} else {
		struct json_stream *js = json_stream_new(import_element, ic);
		rc = stream_file(f, chunk, n, js, err);
		st->papers = json_stream_count(js);
		json_stream_free(&js);
	}
	free(chunk);
	if (rc == 0 && ic->refused && (ic->o->flags & IMPORT_STRICT))
		rc = set_err(err, "%ld of %ld papers refused", ic->refused, st->papers);
	if (rc == 0)
		rc = import_deferred(ic, err);
	if (rc == 0)
		rc = db_ingest_flush(ic->ing, err);
	return rc;
}

int import_file_opts(struct db *db, const char *path, const struct import_opts *o,
		     struct import_stats *st, char **err)
{
	static const struct import_opts defaults = {0};
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	memset(st, 0, sizeof *st);
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return set_err(err, "%s: %s", path, strerror(errno));
	struct import_ctx ic = {.db = db, .o = o ? o : &defaults};
	char *cause = NULL;
	int rc = db_begin(db, &cause);
	if (rc == 0) {
		rc = import_stream(&ic, f, st, &cause);
		if (rc == 0)
			rc = db_commit(db, &cause);
		else
			db_rollback(db);
		if (rc == 0)
			db_ingest_counts(ic.ing, &st->added, &st->updated);
		db_ingest_free(&ic.ing);
	}
	st->refused = ic.refused;
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

int import_file(struct db *db, const char *path, struct import_stats *st, char **err)
{
	return import_file_opts(db, path, NULL, st, err);
}
