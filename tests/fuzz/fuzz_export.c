/*
 * fuzz_export: papers built from fuzz bytes, written in every export
 * format. Each paper comes in through the Hugging Face parser (what the API
 * door lets into the cache) with the user's state a cache can hold: days
 * listed, valid tags, a note as `papyr note` saves it, the marks. Every
 * format's output is valid UTF-8; the two JSON formats parse; and papyr's
 * JSON read back by its own parser gives the same papers: export then
 * import gives the same papers.
 *
 * The input is papers separated by 0x1E, each a list of fields separated by
 * 0x1F, in the order of enum field below (tests/fuzz/run.sh makes seeds of
 * this shape from the fixtures). A field left out is absent.
 */
#include "fuzz.h"

#include <cJSON.h>

#include "../../src/export_int.h"
#include "../../src/parse_hf.h"
#include "../../src/parse_papyr.h"
#include "../../src/base/buf.h"
#include "../../src/base/date.h"
#include "../../src/base/mem.h"
#include "../../src/base/text.h"

enum field {
	F_ID, F_TITLE, F_SUMMARY, F_AUTHORS, F_PUBLISHED, F_DAYS, F_UPVOTES,
	F_COMMENTS, F_STARS, F_AI_SUMMARY, F_AI_KEYWORDS, F_GITHUB, F_PROJECT,
	F_ORG, F_TAGS, F_NOTE, F_FLAGS, NFIELDS
};

#define MAX_PAPERS 8

static const char *const names[NFIELDS] = {
	[F_ID] = "id", [F_TITLE] = "title", [F_SUMMARY] = "summary",
	[F_PUBLISHED] = "publishedAt", [F_AI_SUMMARY] = "ai_summary",
	[F_GITHUB] = "githubRepo", [F_PROJECT] = "projectPage",
	[F_ORG] = "organization",
};

/* One paper's fields: borrowed byte ranges of the input, NULL when absent. */
struct fields {
	char *f[NFIELDS];
};

/* Splits s (modified in place) at sep; at most max pieces. */
static int split(char *s, char sep, char **out, int max)
{
	int n = 0;
	while (s && n < max) {
		out[n++] = s;
		s = strchr(s, sep);
		if (s)
			*s++ = '\0';
	}
	return n;
}

static void add_lines(cJSON *arr, const char *list, int as_names)
{
	char *copy = xstrdup(list), *s = copy, *e;
	for (; s; s = e) {
		e = strchr(s, '\n');
		if (e)
			*e++ = '\0';
		if (!as_names) {
			cJSON_AddItemToArray(arr, cJSON_CreateString(s));
			continue;
		}
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "name", s);
		/* a name starting with '~' is one the API hides */
		cJSON_AddBoolToObject(a, "hidden", *s == '~');
		cJSON_AddItemToArray(arr, a);
	}
	free(copy);
}

/* The API's object for these fields. */
static cJSON *hf_object(const struct fields *fs, int index)
{
	cJSON *o = cJSON_CreateObject();
	char id[32];
	for (int i = 0; i < NFIELDS; i++)
		if (names[i] && fs->f[i] && i != F_ID)
			cJSON_AddStringToObject(o, names[i], fs->f[i]);
	snprintf(id, sizeof id, "2601.%05d", index);
	cJSON_AddStringToObject(o, "id", fs->f[F_ID] && paper_id_valid(fs->f[F_ID])
						 ? fs->f[F_ID] : id);
	if (fs->f[F_AUTHORS])
		add_lines(cJSON_AddArrayToObject(o, "authors"), fs->f[F_AUTHORS], 1);
	if (fs->f[F_AI_KEYWORDS])
		add_lines(cJSON_AddArrayToObject(o, "ai_keywords"), fs->f[F_AI_KEYWORDS], 0);
	if (fs->f[F_UPVOTES])
		cJSON_AddNumberToObject(o, "upvotes", strtod(fs->f[F_UPVOTES], NULL));
	if (fs->f[F_STARS])
		cJSON_AddNumberToObject(o, "githubStars", strtod(fs->f[F_STARS], NULL));
	cJSON *item = cJSON_CreateObject();
	cJSON_AddItemToObject(item, "paper", o);
	if (fs->f[F_COMMENTS])
		cJSON_AddNumberToObject(item, "numComments", strtod(fs->f[F_COMMENTS], NULL));
	return item;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_str_desc(const void *a, const void *b)
{
	return -cmp_str(a, b);
}

/* The words of list that keep() accepts, sorted by cmp, each once: a
 * NULL-ended vector. */
static char **word_set(const char *list, int (*keep)(const char *),
		       int (*cmp)(const void *, const void *))
{
	char *copy = xstrdup(list ? list : ""), *w[64], *at;
	int n = 0, k = 0;
	for (char *s = strtok_r(copy, " ", &at); s && n < 64; s = strtok_r(NULL, " ", &at))
		if (keep(s))
			w[n++] = s;
	qsort(w, (size_t)n, sizeof *w, cmp);
	char **v = xcalloc((size_t)n + 1, sizeof *v);
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(w[i], w[i - 1]) != 0)
			v[k++] = xstrdup(w[i]);
	free(copy);
	return v;
}

/* A note as `papyr note` saves it: cleaned, trailing white space trimmed,
 * NULL when nothing is left. */
static char *note_of(const char *text)
{
	if (!text)
		return NULL;
	char *c = text_clean(text, strlen(text), TEXT_KEEP_NEWLINES);
	size_t n = strlen(c);
	while (n && (c[n - 1] == ' ' || c[n - 1] == '\n'))
		c[--n] = '\0';
	if (!n) {
		free(c);
		return NULL;
	}
	return c;
}

/* A paper as the cache could hold it; 0, or -1 when the door refuses it. */
static int build(const struct fields *fs, int index, struct db_paper *dp)
{
	memset(dp, 0, sizeof *dp);
	cJSON *item = hf_object(fs, index);
	char *err = NULL;
	int rc = hf_parse_entry(item, &dp->p, &err);
	cJSON_Delete(item);
	free(err);
	if (rc != 0)
		return -1;
	free(dp->p.day);
	dp->days = word_set(fs->f[F_DAYS], date_valid, cmp_str_desc);
	dp->p.day = dp->days[0] ? xstrdup(dp->days[0]) : NULL;
	dp->tags = word_set(fs->f[F_TAGS], db_tag_valid, cmp_str);
	dp->note = note_of(fs->f[F_NOTE]);
	dp->pid = index + 1;
	dp->flags = (fs->f[F_FLAGS] ? (unsigned)atoi(fs->f[F_FLAGS]) : 0) &
		    (DB_READ | DB_STARRED | DB_DISMISSED);
	if (dp->note)
		dp->flags |= DB_NOTED;
	if (dp->tags[0])
		dp->flags |= DB_TAGGED;
	return 0;
}

static void check_utf8(const struct buf *b, const char *format)
{
	const unsigned char *s = (const unsigned char *)b->data;
	for (size_t i = 0; i < b->len;) {
		unsigned cp;
		int n = utf8_seq_len(s + i, b->len - i, &cp);
		FUZZ_CHECK(n > 0, "%s: invalid UTF-8 at byte %zu of:\n%s", format, i, b->data);
		i += (size_t)n;
	}
}

static void write_all(const struct export_writer *w, struct export_opts *opts,
		      struct db_paper *dps, int n, struct buf *b)
{
	struct export_out o = {.opts = opts};
	struct export_keys *keys = export_keys_new();
	if (w->begin)
		w->begin(&o, b);
	for (int i = 0; i < n; i++) {
		const char *heading = dps[i].tags[0] ? dps[i].tags[0] : dps[i].p.day;
		if (w->group && opts->group != EXPORT_GROUP_NONE && heading)
			w->group(&o, b, heading);
		char *base = export_key_base(&dps[i].p, export_date(&dps[i]), opts->key_style);
		w->paper(&o, b, &dps[i], export_keys_unique(keys, base));
		free(base);
		o.n++;
	}
	if (w->end)
		w->end(&o, b);
	export_keys_free(&keys);
}

static void check_same(const struct db_paper *dp, const struct papyr_entry *e)
{
	fuzz_same_paper(&dp->p, &e->p);
	fuzz_same_strv(dp->days, e->days, dp->p.id, "days");
	fuzz_same_strv(dp->tags, e->tags, dp->p.id, "tags");
	FUZZ_CHECK(fuzz_same(dp->note, e->note), "%s: note '%s' came back as '%s'",
		   dp->p.id, dp->note ? dp->note : "(null)", e->note ? e->note : "(null)");
	FUZZ_CHECK((dp->flags & 7) == e->state, "%s: marks %u came back as %u", dp->p.id,
		   dp->flags & 7, e->state);
}

/* papyr's JSON, read back as `papyr import` reads it. */
static void check_import(const struct buf *b, const struct db_paper *dps, int n)
{
	cJSON *arr = cJSON_ParseWithLength(b->data, b->len);
	FUZZ_CHECK(cJSON_IsArray(arr) && cJSON_GetArraySize(arr) == n,
		   "json: not an array of %d papers:\n%s", n, b->data);
	const cJSON *item;
	int i = 0;
	cJSON_ArrayForEach(item, arr) {
		struct papyr_entry e;
		char *err = NULL;
		FUZZ_CHECK(papyr_is_entry(item), "json: entry %d is not papyr's", i);
		FUZZ_CHECK(papyr_parse_entry(item, &e, &err) == 0, "json: entry %d: %s", i,
			   err);
		check_same(&dps[i], &e);
		papyr_entry_clear(&e);
		i++;
	}
	cJSON_Delete(arr);
}

static void check_csl(const struct buf *b, int n)
{
	cJSON *arr = cJSON_ParseWithLength(b->data, b->len);
	FUZZ_CHECK(cJSON_IsArray(arr) && cJSON_GetArraySize(arr) == n,
		   "csl-json: not an array of %d items:\n%s", n, b->data);
	cJSON_Delete(arr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *papers[MAX_PAPERS];
	struct db_paper dps[MAX_PAPERS];
	int np = split(text, '\x1e', papers, MAX_PAPERS), n = 0;
	unsigned opt = 0;
	for (int i = 0; i < np; i++) {
		struct fields fs = {0};
		split(papers[i], '\x1f', fs.f, NFIELDS);
		if (fs.f[F_FLAGS])
			opt ^= (unsigned)atoi(fs.f[F_FLAGS]) >> 3;
		if (build(&fs, i, &dps[n]) == 0)
			n++;
	}
	struct export_opts opts = {.group = (enum export_group)(opt % 3),
				   .flags = (opt / 3) & (EXPORT_ABSTRACT | EXPORT_SUMMARY),
				   .key_style = (enum export_key_style)((opt / 12) % 2),
				   .md_authors = 1 + (int)(opt / 24) % 12};
	static const struct {
		const char *name;
		const struct export_writer *w;
	} formats[] = {
		{"bibtex", &export_bibtex_writer}, {"csl-json", &export_csl_writer},
		{"ris", &export_ris_writer}, {"markdown", &export_markdown_writer},
		{"csv", &export_csv_writer}, {"json", &export_json_writer},
	};
	for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
		struct buf b = {0};
		write_all(formats[f].w, &opts, dps, n, &b);
		buf_addc(&b, '\0');
		b.len--;
		check_utf8(&b, formats[f].name);
		if (formats[f].w == &export_csl_writer)
			check_csl(&b, n);
		if (formats[f].w == &export_json_writer)
			check_import(&b, dps, n);
		buf_free(&b);
	}
	if (n > 0) {
		/* Zotero's items: JSON with one item a paper. */
		char *z = export_zotero_items(dps, n, "0123456789abcdef");
		cJSON *root = cJSON_Parse(z);
		FUZZ_CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(root, "items")) == n,
			   "zotero: not %d items:\n%s", n, z);
		cJSON_Delete(root);
		free(z);
	}
	for (int i = 0; i < n; i++) {
		free(export_bibtex_entry(&dps[i], opts.key_style));
		db_paper_clear(&dps[i]);
	}
	free(text);
	return 0;
}
