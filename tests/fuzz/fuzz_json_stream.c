/*
 * fuzz_json_stream: the streaming reader frames any bytes, fed in any
 * pieces. It never crashes; the elements it hands on do not depend on how
 * the bytes were split; and a document cJSON reads as an array (or one
 * object) is framed into exactly its elements, each the same value.
 *
 * The first input byte picks the size of the pieces; the rest is the
 * document.
 */
#include "fuzz.h"

#include <cJSON.h>

#include "../../src/json_stream.h"
#include "../../src/base/buf.h"

#define MAX_ELEMS 4096

/* What a stream handed on: the elements, each ended by a NUL, in order. */
struct got {
	struct buf all;
	long n;
};

static int keep(void *ctx, const char *elem, size_t len, long index, char **err)
{
	struct got *g = ctx;
	(void)err;
	FUZZ_CHECK(index == g->n, "element %ld handed on as %ld", g->n, index);
	FUZZ_CHECK(len > 0, "an empty element %ld", index);
	buf_add(&g->all, elem, len);
	buf_addc(&g->all, '\0');
	g->n++;
	return 0;
}

/* Feeds doc in pieces of step bytes; returns what the stream said. */
static int frame(const char *doc, size_t n, size_t step, struct got *g)
{
	struct json_stream *js = json_stream_new(keep, g);
	char *err = NULL;
	int rc = 0;
	for (size_t off = 0; off < n && rc == 0; off += step)
		rc = json_stream_feed(js, doc + off, n - off < step ? n - off : step, &err);
	if (rc == 0)
		rc = json_stream_finish(js, &err);
	FUZZ_CHECK(rc == 0 || (err && *err), "failed with no message");
	FUZZ_CHECK(json_stream_count(js) == g->n, "count %ld, handed on %ld",
		   json_stream_count(js), g->n);
	free(err);
	json_stream_free(&js);
	return rc;
}

/* The stream framed what cJSON reads: the same elements, the same values. */
static void check_against_cjson(const char *doc, size_t n, const struct got *g)
{
	cJSON *root = cJSON_ParseWithLength(doc, n);
	if (!root)
		return;
	int single = cJSON_IsObject(root);
	if (!single && !cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return;
	}
	long want = single ? 1 : cJSON_GetArraySize(root);
	FUZZ_CHECK(g->n == want, "cJSON reads %ld elements, the stream %ld", want, g->n);
	const char *e = g->all.data;
	const cJSON *item = single ? root : root->child;
	for (long i = 0; i < want; i++, item = item->next) {
		size_t len = strlen(e);
		/* printed, not cJSON_Compare: that one finds an object with a key
		 * twice unlike itself */
		cJSON *one = cJSON_ParseWithLength(e, len);
		FUZZ_CHECK(one != NULL, "element %ld is not JSON: %s", i, e);
		char *a = cJSON_PrintUnformatted(one), *b = cJSON_PrintUnformatted(item);
		FUZZ_CHECK(a && b && strcmp(a, b) == 0, "element %ld differs: %s", i, e);
		cJSON_free(a);
		cJSON_free(b);
		cJSON_Delete(one);
		e += len + 1;
	}
	cJSON_Delete(root);
}

/* cJSON takes any control character for white space (and stops at a NUL),
 * JSON only space, tab, CR and LF: compare where the two agree. */
static int json_spaces_only(const char *doc, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)doc[i] < 0x20 && doc[i] != ' ' && doc[i] != '\t' &&
		    doc[i] != '\n' && doc[i] != '\r')
			return 0;
	return 1;
}

/* The stream mends what cJSON would cut or reject (an escaped NUL, a lone
 * surrogate): compare only documents with no such escape. */
static int nothing_to_mend(const char *doc, size_t n)
{
	for (size_t i = 0; i + 5 < n; i++) {
		if (doc[i] != '\\' || doc[i + 1] != 'u')
			continue;
		char c = (char)(doc[i + 2] | 0x20), d = (char)(doc[i + 3] | 0x20);
		int surrogate = c == 'd' && ((d >= '8' && d <= '9') || (d >= 'a' && d <= 'f'));
		if (surrogate || memcmp(doc + i + 2, "0000", 4) == 0)
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)data[0] % 64 + 1;
	const char *doc = (const char *)data + 1;
	size_t n = size - 1;
	struct got whole = {.n = 0}, pieces = {.n = 0};
	int rc = frame(doc, n, n ? n : 1, &whole);
	int rc2 = frame(doc, n, step, &pieces);
	FUZZ_CHECK(rc == rc2, "whole: %d, in pieces of %zu: %d", rc, step, rc2);
	FUZZ_CHECK(whole.n == pieces.n && whole.all.len == pieces.all.len &&
		   (whole.all.len == 0 ||
		    memcmp(whole.all.data, pieces.all.data, whole.all.len) == 0),
		   "the elements depend on the pieces (%zu bytes each)", step);
	if (json_spaces_only(doc, n) && nothing_to_mend(doc, n))
		check_against_cjson(doc, n, &whole);
	buf_free(&whole.all);
	buf_free(&pieces.all);
	return 0;
}
