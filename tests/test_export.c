/* Tests for export: citation keys, escaping, CSV quoting, names, and the
 * streaming driver on a real cache file. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../db/db.h"
#include "../src/export.h"
#include "../src/export_int.h"
#include "../src/base/buf.h"
#include "test_cache.h"
#include "../src/base/file.h"

/* ---- formats ---- */

static void test_format_names(void **state)
{
	(void)state;
	enum export_format f;
	assert_int_equal(export_format_parse("", &f), -1);
	assert_int_equal(export_format_parse("BibTeX", &f), -1);
	assert_int_equal(export_format_parse("csl", &f), -1);
	assert_int_equal(export_format_parse("bibtex", &f), 0);
	assert_int_equal(f, EXPORT_BIBTEX);
	assert_int_equal(export_format_parse("csl-json", &f), 0);
	assert_int_equal(f, EXPORT_CSL_JSON);
	assert_int_equal(export_format_parse("ris", &f), 0);
	assert_int_equal(export_format_parse("markdown", &f), 0);
	assert_int_equal(export_format_parse("csv", &f), 0);
	assert_int_equal(export_format_parse("json", &f), 0);
	assert_int_equal(f, EXPORT_JSON);
}

/* -o's extension: one format per extension, and only the file's own. */
static void test_format_from_path(void **state)
{
	(void)state;
	enum export_format f;
	const char *none[] = {"", "bib", ".bib", "dir/.bib", "x.bib/list", "x.txt", "x.BIB",
			      "x.", "x.csl-json"};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		assert_int_equal(export_format_from_path(none[i], &f), -1);
	assert_int_equal(export_format_from_path("a.b/list.bib", &f), 0);
	assert_int_equal(f, EXPORT_BIBTEX);
	assert_int_equal(export_format_from_path("list.json", &f), 0);
	assert_int_equal(f, EXPORT_JSON); /* papyr's, not csl-json's */
	assert_int_equal(export_format_from_path("notes.md", &f), 0);
	assert_int_equal(f, EXPORT_MARKDOWN);
	/* every format is named in order, and its name parses back to it */
	int n = 0;
	for (const struct export_format_info *fi; (fi = export_format_at(n)); n++) {
		assert_int_equal(export_format_parse(fi->name, &f), 0);
		assert_int_equal(f, n);
		assert_non_null(fi->ext);
		assert_non_null(fi->help);
	}
	assert_int_equal(n, EXPORT_JSON + 1);
	assert_null(export_format_at(-1));
	char *list = export_format_list(", or");
	assert_string_equal(list, "bibtex, csl-json, ris, markdown, csv or json");
	free(list);
}

/* ---- CSV ---- */

static char *csv(const char *s)
{
	struct buf b = {0};
	export_csv_field(&b, s);
	return buf_detach(&b);
}

static void check_csv(const char *in, const char *want)
{
	char *got = csv(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	check_csv("", "");
	check_csv("plain text", "plain text");
	check_csv("a,b", "\"a,b\"");
	check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_csv("\"", "\"\"\"\"");
	check_csv("two\nlines", "\"two\nlines\"");
	check_csv("cr\rhere", "\"cr\rhere\"");
	check_csv(" padded", "\" padded\"");
	check_csv("中文 😀;x", "中文 😀;x");
}

static void check_cell(const char *in, int guard, const char *want)
{
	struct buf b = {0};
	export_csv_cell(&b, in, guard);
	char *got = buf_detach(&b);
	assert_string_equal(got, want);
	free(got);
}

/* Cells a spreadsheet would run as formulas (OWASP's list: = + - @, tab,
 * CR) get a leading ' inside quotes; the rest are plain RFC 4180 fields. */
static void test_csv_formula_guard(void **state)
{
	(void)state;
	check_cell("", 1, "");
	check_cell("=1+2", 1, "\"'=1+2\"");
	check_cell("+1", 1, "\"'+1\"");
	check_cell("-1", 1, "\"'-1\"");
	check_cell("@SUM(A1)", 1, "\"'@SUM(A1)\"");
	check_cell("\t=1", 1, "\"'\t=1\"");
	check_cell("\r=1", 1, "\"'\r=1\"");
	check_cell("=HYPERLINK(\"http://x\",\"a\")", 1,
		   "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"");
	check_cell("a=b", 1, "a=b");
	check_cell("plain, text", 1, "\"plain, text\"");
	check_cell(" =1", 1, "\" =1\"");
	check_cell("=1+2", 0, "=1+2");
	check_cell("@a,b", 0, "\"@a,b\"");
}

/* ---- BibTeX escaping ---- */

static char *bib(const char *s)
{
	struct buf b = {0};
	export_bib_escape(&b, s);
	return buf_detach(&b);
}

/* Braces balance at every prefix's end, as BibTeX counts them (a backslash
 * does not hide a brace from BibTeX). */
static int balanced(const char *s)
{
	int depth = 0;
	for (; *s; s++) {
		depth += *s == '{';
		depth -= *s == '}';
		if (depth < 0)
			return 0;
	}
	return depth == 0;
}

static void test_bib_escape_bad_input(void **state)
{
	(void)state;
	const char *evil[] = {"{", "}", "}{", "a { b", "\\{", "\\}", "{{{", "x}}}y",
			      "\\", "\\\\}", "%{", "a\\"};
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		char *s = bib(evil[i]);
		assert_true(balanced(s));
		/* nothing is left that LaTeX or BibTeX would read as markup */
		for (const char *c = s; *c; c++)
			if (*c == '%' || *c == '&' || *c == '#' || *c == '_' || *c == '$')
				assert_true(c > s && c[-1] == '\\');
		free(s);
	}
}

static void test_bib_escape_specials(void **state)
{
	(void)state;
	char *s = bib("50% & #1 a_b $x$ ~ ^ \\ {} \"q\" é 中文\nnext");
	assert_string_equal(s, "50\\% \\& \\#1 a\\_b \\$x\\$ \\textasciitilde{} "
			       "\\textasciicircum{} \\textbackslash{} \\textbraceleft{}"
			       "\\textbraceright{} \"q\" é 中文 next");
	free(s);
}

/* ---- Markdown ---- */

static void test_md_escape(void **state)
{
	(void)state;
	struct buf b = {0};
	export_md_escape(&b, "[a](b) *c* _d_ `e` <f> | # ! ~ & $ ^ {g}");
	assert_string_equal(b.data, "\\[a\\]\\(b\\) \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\| \\# \\! "
				    "\\~ \\& \\$ \\^ \\{g\\}");
	buf_reset(&b);
	export_md_escape(&b, "- a-b");
	assert_string_equal(b.data, "\\- a-b");
	buf_reset(&b);
	export_md_escape(&b, "12. x 3.5");
	assert_string_equal(b.data, "12\\. x 3.5");
	buf_reset(&b);
	export_md_escape(&b, "two\nlines");
	assert_string_equal(b.data, "two lines");
	buf_free(&b);
}

/* ---- names ---- */

static void check_name(const char *full, int literal, const char *given,
		       const char *family, const char *suffix)
{
	struct export_name n;
	export_name_split(full, &n);
	assert_int_equal(n.literal, literal);
	assert_string_equal(n.full, full);
	if (!literal) {
		assert_string_equal(n.given, given);
		assert_string_equal(n.family, family);
		assert_string_equal(n.suffix, suffix);
	}
	export_name_clear(&n);
}

static void test_names(void **state)
{
	(void)state;
	/* the unsafe ones are kept whole */
	check_name("", 1, NULL, NULL, NULL);
	check_name("Prince", 1, NULL, NULL, NULL);
	check_name("Smith, John", 1, NULL, NULL, NULL);
	check_name("Ann and Bob", 1, NULL, NULL, NULL);
	check_name("Acme {Research} Lab", 1, NULL, NULL, NULL);
	check_name("danah boyd", 1, NULL, NULL, NULL);
	check_name("Émile Zola 😀", 1, NULL, NULL, NULL);
	check_name("李雷", 1, NULL, NULL, NULL);
	check_name("Back\\slash Person", 1, NULL, NULL, NULL);
	/* the rest are split */
	check_name("Ada Lovelace", 0, "Ada", "Lovelace", "");
	check_name("R. Michael Alvarez", 0, "R. Michael", "Alvarez", "");
	check_name("Ludwig van Beethoven", 0, "Ludwig", "van Beethoven", "");
	check_name("Jean-Luc de la Fontaine", 0, "Jean-Luc", "de la Fontaine", "");
	check_name("Martin Luther King Jr.", 0, "Martin Luther", "King", "Jr.");
	check_name("Zoë O'Brien-Ñúñez", 0, "Zoë", "O'Brien-Ñúñez", "");
	check_name("Łukasz Kaiser", 0, "Łukasz", "Kaiser", "");
}

/* ---- keys ---- */

static void test_ascii_fold(void **state)
{
	(void)state;
	struct buf b = {0};
	export_ascii_fold(&b, "Ærøskøbing Straße Łódź ĳssel Œuvre", 100);
	assert_string_equal(b.data, "aeroskobingstrasselodzijsseloeuvre");
	buf_reset(&b);
	export_ascii_fold(&b, "中文 😀 \xff\xfe", 100);
	assert_int_equal(b.len, 0);
	buf_reset(&b);
	export_ascii_fold(&b, "abcdefghij", 4);
	assert_string_equal(b.data, "abcd");
	buf_free(&b);
}

static void check_key(const char *authors, const char *title, const char *date,
		      const char *want)
{
	struct paper p = {.authors = (char *)authors, .title = (char *)title};
	char *key = export_key_base(&p, date, EXPORT_KEYS_PAPYR);
	assert_string_equal(key, want);
	free(key);
}

static void check_bbt(const char *authors, const char *title, const char *date,
		      const char *want)
{
	struct paper p = {.authors = (char *)authors, .title = (char *)title};
	char *key = export_key_base(&p, date, EXPORT_KEYS_BBT);
	assert_string_equal(key, want);
	free(key);
}

/* Better BibTeX's default keys: surname, three significant title words
 * capitalised, year; ASCII-folded. */
static void test_key_base_bbt(void **state)
{
	(void)state;
	check_bbt("Ashish Vaswani\nNoam Shazeer", "Attention Is All You Need", "2017-06-12",
		  "vaswaniAttentionAllYou2017");
	check_bbt("Zoë O'Brien-Ñúñez", "Über die Straße: an élan vital", "2026-08-31",
		  "obriennunezUberStrasseElan2026");
	check_bbt("Ludwig van Beethoven", "On the LLM-based Symphony", "1808-12-22",
		  "beethovenLLMBasedSymphony1808");
	check_bbt("", "", NULL, "anon");
	check_bbt("Ada Lovelace", "The On A Of", "2026-01-01", "lovelace2026");
	check_bbt("Ada Lovelace", "Notes", NULL, "lovelaceNotes");
	check_bbt("Ann Lee", "GPT4 at 3D scale", "2026-01-01", "leeGPT43DScale2026");
	check_bbt("山田太郎", "日本語だけのタイトル", "2026-08-28", "anon2026");
}

static void test_key_base(void **state)
{
	(void)state;
	check_key("", "", NULL, "anon");
	check_key("山田太郎", "日本語だけのタイトル", "2026-08-28", "anon2026");
	check_key("Smith, John\nBo Writer", "The Closing Brace", "2026-09-01",
		  "smith2026closing");
	check_key("Zoë O'Brien-Ñúñez", "Quotes \"double\"", "2026-08-31",
		  "obriennunez2026quotes");
	check_key("Ludwig van Beethoven", "On the LLM-based Symphony", "1808-12-22",
		  "beethoven1808llm");
	check_key("Émile Zola 😀", "=HYPERLINK(\"x\")", "2026-01-01", "zola2026hyperlink");
	check_key("Ada Lovelace", "The On A Of", "2026-01-01", "lovelace2026");
	check_key("Ada Lovelace", "Notes", NULL, "lovelacenotes");
	/* digits stay digits */
	check_key("Ann Lee2", "GPT4 at 3D scale", "2026-01-01", "lee22026gpt4");
}

static void test_keys_unique(void **state)
{
	(void)state;
	struct export_keys *ks = export_keys_new();
	assert_string_equal(export_keys_unique(ks, "smith2026model"), "smith2026model");
	assert_string_equal(export_keys_unique(ks, "smith2026model"), "smith2026modela");
	assert_string_equal(export_keys_unique(ks, "smith2026model"), "smith2026modelb");
	/* a natural key that a suffix already took gets a suffix of its own */
	assert_string_equal(export_keys_unique(ks, "smith2026modela"), "smith2026modelaa");
	char base[32];
	for (int i = 0; i < 24; i++)
		export_keys_unique(ks, "smith2026model");
	assert_string_equal(export_keys_unique(ks, "smith2026model"), "smith2026modelab");
	/* many keys: the set grows and stays right */
	for (int i = 0; i < 5000; i++) {
		snprintf(base, sizeof base, "k%d", i);
		assert_string_equal(export_keys_unique(ks, base), base);
	}
	assert_string_equal(export_keys_unique(ks, "k42"), "k42a");
	export_keys_free(&ks);
	assert_null(ks);
}

/* ---- the driver, on a real cache file ---- */

static char path[64];

static void add(struct paper_sink *sink, const char *id, const char *title,
		const char *authors, const char *day, long upvotes)
{
	struct paper p = {
		.id = (char *)id, .title = (char *)title, .abstract = (char *)"Abs.",
		.authors = (char *)authors, .published = (char *)day, .day = (char *)day,
		.upvotes = upvotes, .has = PAPER_HAS_UPVOTES,
	};
	char *err = NULL;
	if (sink->on_paper(sink->ctx, &p, &err) != 0)
		fail_msg("%s", err);
}

static int setup(void **state)
{
	struct db *db = test_cache_open(path, "export");
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	add(&sink, "2601.00001", "Attention Again", "Ashish Vaswani", "2026-01-05", 3);
	add(&sink, "2601.00002", "Attention, once more", "Ashish Vaswani", "2026-01-05", 2);
	add(&sink, "2601.00003", "Unbalanced { brace", "Ann and Bob", "2026-01-04", 9);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
	assert_int_equal(db_note_set(db, "2601.00003", "a {note}, \"quoted\"\nline", &err), 0);
	assert_int_equal(db_tag_add(db, "2601.00001", "toread", &err), 0);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	struct db *db = *state;
	test_cache_remove(&db, path);
	return 0;
}

/* Runs an export into memory; returns the text (caller frees). */
static char *export_to_string(struct db *db, const struct db_filter *f,
			      enum export_format fmt, const struct export_opts *o)
{
	char *text = NULL, *err = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (export_filter_opts(db, f, fmt, o, m, &err) != 0)
		fail_msg("%s", err);
	fclose(m);
	return text;
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_export_write_errors(void **state)
{
	struct db *db = *state;
	struct db_filter all = {0};
	char *err = NULL;
	FILE *ro = fopen("/dev/null", "r"); /* every write fails */
	assert_non_null(ro);
	assert_int_equal(export_filter(db, &all, EXPORT_BIBTEX, ro, &err), -1);
	assert_non_null(strstr(err, "writing the export"));
	free(err);
	err = NULL;
	fclose(ro);
	atomic_int stop = 1;
	struct export_opts o = {.stop = &stop};
	FILE *null = fopen("/dev/null", "w");
	assert_int_equal(export_filter_opts(db, &all, EXPORT_CSV, &o, null, &err), -1);
	assert_string_equal(err, "the export was interrupted");
	free(err);
	fclose(null);
}

static void test_export_all_formats(void **state)
{
	struct db *db = *state;
	struct db_filter all = {0};
	char *s = export_to_string(db, &all, EXPORT_BIBTEX, NULL);
	assert_int_equal(count(s, "@misc{"), 3);
	assert_non_null(strstr(s, "@misc{vaswani2026attention,"));
	assert_non_null(strstr(s, "@misc{vaswani2026attentiona,"));
	assert_non_null(strstr(s, "author = {{Ann and Bob}}"));
	assert_non_null(strstr(s, "note = {a \\textbraceleft{}note\\textbraceright{}, "
				  "\"quoted\" line}"));
	assert_true(balanced(s));
	free(s);

	s = export_to_string(db, &all, EXPORT_CSV, NULL);
	assert_int_equal(strncmp(s, "id,title,authors,", 17), 0);
	assert_int_equal(count(s, "\r\n"), 4);
	assert_non_null(strstr(s, ",\"a {note}, \"\"quoted\"\"\nline\","));
	free(s);

	s = export_to_string(db, &all, EXPORT_RIS, NULL);
	assert_int_equal(count(s, "TY  - GEN\n"), 3);
	assert_int_equal(count(s, "ER  - \n"), 3);
	assert_non_null(strstr(s, "\nN1  - a {note}, \"quoted\" line\n"));
	free(s);

	s = export_to_string(db, &all, EXPORT_JSON, NULL);
	assert_int_equal(s[0], '[');
	assert_int_equal(count(s, "\"id\":\"26"), 3);
	free(s);
	s = export_to_string(db, &all, EXPORT_CSL_JSON, NULL);
	assert_non_null(strstr(s, "\"author\":[{\"literal\":\"Ann and Bob\"}]"));
	assert_non_null(strstr(s, "\"issued\":{\"date-parts\":[[2026,1,4]]}"));
	free(s);

	struct export_opts o = {.group = EXPORT_GROUP_TAG};
	s = export_to_string(db, &all, EXPORT_MARKDOWN, &o);
	assert_true(strstr(s, "## toread") < strstr(s, "## Untagged"));
	assert_non_null(strstr(s, "[Unbalanced \\{ brace]"));
	free(s);
}

/* A whole CSV export guards every text cell by default, and not when asked
 * (the setting csv_formula_guard = no), through both entry points. */
static void test_export_csv_formulas(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	add(&sink, "2601.00004", "=cmd|' /C calc'!A0", "@Eve\n+Mallory", "2026-01-06", 1);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
	assert_int_equal(db_note_set(db, "2601.00004", "-2+3", &err), 0);
	assert_int_equal(db_tag_add(db, "2601.00004", "=tag", &err), 0);
	struct db_fnode one_id = {.kind = DB_F_ID, .text = "2601.00004"};
	struct db_filter one = {.root = &one_id};

	char *s = export_to_string(db, &one, EXPORT_CSV, NULL);
	assert_non_null(strstr(s, "\r\n2601.00004,\"'=cmd|' /C calc'!A0\",\"'@Eve; +Mallory\","));
	assert_non_null(strstr(s, ",\"'=tag\",0,0,0,\"'-2+3\","));
	free(s);

	struct export_opts raw = {.csv_formulas = 1};
	s = export_to_string(db, &one, EXPORT_CSV, &raw);
	assert_non_null(strstr(s, "\r\n2601.00004,=cmd|' /C calc'!A0,@Eve; +Mallory,"));
	assert_non_null(strstr(s, ",=tag,0,0,0,-2+3,"));
	free(s);

	struct db_paper dp;
	assert_int_equal(db_get(db, "2601.00004", &dp, &err), 1);
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	assert_int_equal(export_pids_opts(db, &dp.pid, 1, EXPORT_CSV, &raw, m, &err), 0);
	fclose(m);
	assert_non_null(strstr(text, "\r\n2601.00004,=cmd|"));
	free(text);
	text = NULL;
	m = open_memstream(&text, &len);
	assert_int_equal(export_pids_opts(db, &dp.pid, 1, EXPORT_CSV, NULL, m, &err), 0);
	fclose(m);
	assert_non_null(strstr(text, "\r\n2601.00004,\"'=cmd|"));
	free(text);
	db_paper_clear(&dp);
}

static void test_export_empty_and_filtered(void **state)
{
	struct db *db = *state;
	struct db_fnode no_id = {.kind = DB_F_ID, .text = "no such id"};
	struct db_fnode one_id = {.kind = DB_F_ID, .text = "2601.00003"};
	struct db_filter none = {.root = &no_id};
	struct db_filter one = {.root = &one_id};
	char *s = export_to_string(db, &none, EXPORT_JSON, NULL);
	assert_string_equal(s, "[]\n");
	free(s);
	s = export_to_string(db, &none, EXPORT_BIBTEX, NULL);
	assert_string_equal(s, "");
	free(s);
	s = export_to_string(db, &one, EXPORT_RIS, NULL);
	assert_int_equal(count(s, "TY  - "), 1);
	assert_non_null(strstr(s, "TI  - Unbalanced { brace\n"));
	free(s);
}

static void test_export_pids_and_entry(void **state)
{
	struct db *db = *state;
	struct db_paper dp;
	char *err = NULL, *text = NULL;
	size_t len = 0;
	int64_t pids[3];
	const char *ids[] = {"2601.00003", "2601.00001", "2601.00002"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_get(db, ids[i], &dp, &err), 1);
		pids[i] = dp.pid;
		db_paper_clear(&dp);
	}
	FILE *m = open_memstream(&text, &len);
	assert_int_equal(export_pids(db, pids, 3, EXPORT_BIBTEX, m, &err), 0);
	fclose(m);
	char *a = strstr(text, "bob2026unbalanced"), *b = strstr(text, "vaswani2026attention,");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	free(text);

	assert_int_equal(db_get(db, "2601.00002", &dp, &err), 1);
	char *entry = export_bibtex_entry(&dp, EXPORT_KEYS_PAPYR);
	assert_int_equal(strncmp(entry, "@misc{vaswani2026attention,\n", 28), 0);
	assert_non_null(strstr(entry, "  doi = {10.48550/arXiv.2601.00002},\n"));
	assert_non_null(strstr(entry, "  year = {2026},\n  month = {1},\n"));
	assert_int_equal(entry[strlen(entry) - 2], '}');
	assert_true(balanced(entry));
	free(entry);
	db_paper_clear(&dp);
}

/* Clash letters come from the whole cache: a paper keeps its key whatever
 * else an export holds, and the first paper to enter the cache keeps the
 * bare key. */
static void test_export_keys_over_the_cache(void **state)
{
	struct db *db = *state;
	struct db_paper dp;
	char *err = NULL, *text = NULL;
	size_t len = 0;
	assert_int_equal(db_get(db, "2601.00002", &dp, &err), 1);
	int64_t pid = dp.pid;
	db_paper_clear(&dp);
	for (int style = 0; style < 2; style++) {
		struct export_opts o = {.key_style = (enum export_key_style)style};
		FILE *m = open_memstream(&text, &len);
		assert_int_equal(export_pids_opts(db, &pid, 1, EXPORT_BIBTEX, &o, m, &err), 0);
		fclose(m);
		assert_non_null(strstr(text, style ? "@misc{vaswaniAttentionOnceMore2026,\n"
					      : "@misc{vaswani2026attentiona,\n"));
		free(text);
		m = open_memstream(&text, &len);
		assert_int_equal(export_pids_opts(db, &pid, 1, EXPORT_CSL_JSON, &o, m, &err), 0);
		fclose(m);
		assert_non_null(strstr(text, style ? "\"citation-key\":\"vaswaniAttentionOnceMore2026\""
					      : "\"citation-key\":\"vaswani2026attentiona\""));
		assert_non_null(strstr(text, "\"DOI\":\"10.48550/arXiv.2601.00002\""));
		free(text);
	}
	struct db_filter all = {0};
	text = export_to_string(db, &all, EXPORT_RIS, NULL);
	assert_int_equal(count(text, "\nID  - vaswani2026attention\n"), 1);
	assert_int_equal(count(text, "\nID  - vaswani2026attentiona\n"), 1);
	assert_int_equal(count(text, "\nDO  - 10.48550/arXiv.2601.0000"), 3);
	free(text);
	text = export_to_string(db, &all, EXPORT_CSL_JSON, NULL);
	assert_non_null(strstr(text, "\"keyword\":\"toread\""));
	free(text);
}

/* Two different base keys whose 32-bit FNV-1a hashes agree
 * (zz1127892026alpha and zz3491922026alpha) are no clash: neither gets a
 * letter. */
static void test_export_keys_hash_agreement_is_no_clash(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	add(&sink, "2601.00007", "Alpha", "Ann Zz112789", "2026-01-07", 1);
	add(&sink, "2601.00008", "Alpha", "Bob Zz349192", "2026-01-07", 1);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
	struct db_filter all = {0};
	char *text = export_to_string(db, &all, EXPORT_BIBTEX, NULL);
	assert_non_null(strstr(text, "@misc{zz1127892026alpha,\n"));
	assert_non_null(strstr(text, "@misc{zz3491922026alpha,\n"));
	free(text);
}

/* ---- stored keys against the whole-cache scan ---- */

/* The keys every paper had before keys were stored: each export read every
 * cached paper's base key and gave a paper its rank among those sharing it
 * by pid. A reference made the same way, here, from the same rows. */
struct ref {
	enum export_key_style style;
	int64_t pid[400];
	char *base[400];
	char *key[400];
	int n;
};

static int ref_add(void *ctx, int64_t pid, const char *first_author, const char *title,
		   const char *date, char **err)
{
	(void)err;
	struct ref *r = ctx;
	assert_true(r->n < 400);
	struct paper p = {.authors = (char *)first_author, .title = (char *)title};
	char *base = export_key_base(&p, *date ? date : NULL, r->style);
	int rank = 0;
	for (int i = 0; i < r->n; i++)
		rank += strcmp(r->base[i], base) == 0;
	struct buf b = {0};
	buf_adds(&b, base);
	if (rank > 0) { /* a..z, then aa.. past the clashes any test makes */
		assert_true(rank <= 26);
		buf_addc(&b, (char)('a' + rank - 1));
	}
	r->pid[r->n] = pid;
	r->base[r->n] = base;
	r->key[r->n++] = buf_detach(&b);
	return 0;
}

static void ref_make(struct db *db, enum export_key_style style, struct ref *r)
{
	char *err = NULL;
	memset(r, 0, sizeof *r);
	r->style = style;
	assert_int_equal(db_each_cite(db, 0, ref_add, r, &err), 0);
}

static void ref_free(struct ref *r)
{
	for (int i = 0; i < r->n; i++) {
		free(r->base[i]);
		free(r->key[i]);
	}
}

/* The keys an export of every paper (in pid order) gives, against r's. */
static void keys_agree(struct db *db, const struct ref *r)
{
	char *text = NULL, *err = NULL;
	size_t len = 0;
	struct export_opts o = {.key_style = r->style};
	FILE *m = open_memstream(&text, &len);
	if (export_pids_opts(db, r->pid, r->n, EXPORT_BIBTEX, &o, m, &err) != 0)
		fail_msg("%s", err);
	fclose(m);
	const char *s = text;
	for (int i = 0; i < r->n; i++) {
		s = strstr(s, "@misc{");
		assert_non_null(s);
		s += 6;
		size_t k = strcspn(s, ",");
		if (strlen(r->key[i]) != k || strncmp(s, r->key[i], k) != 0)
			fail_msg("paper %lld: %.*s, expected %s", (long long)r->pid[i], (int)k, s,
				 r->key[i]);
	}
	free(text);
}

static void add_clashing(struct db *db, int from, int n)
{
	static const char *const authors[] = {"Ashish Vaswani", "Wei Zhang", "Jürgen Müller",
					      "Li Wang\nAnn Other", "{Team Papyr}"};
	static const char *const titles[] = {"Attention Again", "Attention is all",
					     "A Study of Attention", "Scaling Laws",
					     "Scaling laws, once more"};
	static const char *const days[] = {"2026-01-05", "2025-12-30", "2026-03-01"};
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int i = from; i < from + n; i++) {
		char id[24];
		snprintf(id, sizeof id, "2602.%05d", i);
		add(&sink, id, titles[(i / 3) % 5], authors[i % 5], days[(i / 7) % 3], 1);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
}

static int64_t keyed_upto(struct db *db, int style)
{
	int64_t last, top;
	char *err = NULL;
	assert_int_equal(db_cite_bounds(db, style, &last, &top, &err), 0);
	return last;
}

static void query_only(struct db *db, int on)
{
	assert_int_equal(sqlite3_exec(db_handle(db), on ? "PRAGMA query_only = 1"
						       : "PRAGMA query_only = 0",
				      NULL, NULL, NULL), SQLITE_OK);
}

/* Stored keys are the keys the whole-cache scan gave a cache, clashes and
 * all, in both styles; a cache that cannot be written gives the same keys
 * from memory, before any is stored and when only some are. */
static void test_export_stored_keys_match_the_scan(void **state)
{
	struct db *db = *state;
	add_clashing(db, 0, 150);
	for (int style = 0; style < 2; style++) {
		struct ref r;
		ref_make(db, (enum export_key_style)style, &r);
		query_only(db, 1);
		keys_agree(db, &r); /* nothing stored: all in memory */
		query_only(db, 0);
		assert_int_equal(keyed_upto(db, style), 0);
		keys_agree(db, &r); /* stores them */
		assert_int_equal(keyed_upto(db, style), r.pid[r.n - 1]);
		keys_agree(db, &r); /* reads them */
		ref_free(&r);
	}
	add_clashing(db, 150, 100); /* later papers that share bases */
	for (int style = 0; style < 2; style++) {
		struct ref r;
		ref_make(db, (enum export_key_style)style, &r);
		query_only(db, 1);
		keys_agree(db, &r); /* stored ones, and the new ones in memory */
		assert_int_not_equal(keyed_upto(db, style), r.pid[r.n - 1]);
		query_only(db, 0);
		keys_agree(db, &r);
		assert_int_equal(keyed_upto(db, style), r.pid[r.n - 1]);
		ref_free(&r);
	}
}

static void key_is(struct db *db, const char *id, enum export_key_style style,
		   const char *want)
{
	struct db_paper dp;
	char *err = NULL, *key = NULL, *text = NULL;
	size_t len = 0;
	assert_int_equal(db_get(db, id, &dp, &err), 1);
	/* what Y copies */
	assert_int_equal(export_cite_key(db, &dp, style, 1000, &key, &err), 0);
	assert_string_equal(key, want);
	free(key);
	/* and an export of it alone */
	struct export_opts o = {.key_style = style};
	FILE *m = open_memstream(&text, &len);
	assert_int_equal(export_pids_opts(db, &dp.pid, 1, EXPORT_BIBTEX, &o, m, &err), 0);
	fclose(m);
	char want_line[128];
	snprintf(want_line, sizeof want_line, "@misc{%s,\n", want);
	if (!strstr(text, want_line))
		fail_msg("%s: no %s in\n%s", id, want_line, text);
	free(text);
	db_paper_clear(&dp);
}

/* A key never changes once given: not when a paper that shares its base
 * arrives later, nor when its own title changes (the stored base stays). */
static void test_export_keys_stay(void **state)
{
	struct db *db = *state;
	key_is(db, "2601.00001", EXPORT_KEYS_PAPYR, "vaswani2026attention");
	key_is(db, "2601.00002", EXPORT_KEYS_PAPYR, "vaswani2026attentiona");
	key_is(db, "2601.00001", EXPORT_KEYS_BBT, "vaswaniAttentionAgain2026");
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	add(&sink, "2601.00001", "Transformers, renamed", "Ashish Vaswani", "2026-01-05", 3);
	add(&sink, "2601.00009", "Attention Again", "Ashish Vaswani", "2026-01-09", 1);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
	key_is(db, "2601.00001", EXPORT_KEYS_PAPYR, "vaswani2026attention");
	key_is(db, "2601.00002", EXPORT_KEYS_PAPYR, "vaswani2026attentiona");
	key_is(db, "2601.00009", EXPORT_KEYS_PAPYR, "vaswani2026attentionb");
	key_is(db, "2601.00001", EXPORT_KEYS_BBT, "vaswaniAttentionAgain2026");
	key_is(db, "2601.00002", EXPORT_KEYS_BBT, "vaswaniAttentionOnceMore2026");
	key_is(db, "2601.00009", EXPORT_KEYS_BBT, "vaswaniAttentionAgain2026a");
	/* Y on a paper without a key, when too many lack one: nothing done */
	add_clashing(db, 0, 5);
	struct db_paper dp;
	char *key = NULL;
	assert_int_equal(db_get(db, "2602.00004", &dp, &err), 1);
	assert_int_equal(export_cite_key(db, &dp, EXPORT_KEYS_PAPYR, 4, &key, &err), 1);
	assert_null(key);
	assert_int_equal(export_cite_key(db, &dp, EXPORT_KEYS_PAPYR, 5, &key, &err), 0);
	assert_string_equal(key, "papyr2026attention");
	free(key);
	db_paper_clear(&dp);
}

/* Markdown: "First Author et al." past md_authors, every name up to it. */
static void test_export_markdown_et_al(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	add(&sink, "2601.00009", "Many Hands", "Ann One\nBob Two\nCy Three", "2026-01-06", 1);
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
	struct db_filter all = {0};
	struct export_opts two = {.md_authors = 2}, three = {.md_authors = 3};
	char *text = export_to_string(db, &all, EXPORT_MARKDOWN, &two);
	assert_non_null(strstr(text, "\n  Ann One et al. (2026-01-06)"));
	free(text);
	text = export_to_string(db, &all, EXPORT_MARKDOWN, &three);
	assert_non_null(strstr(text, "\n  Ann One, Bob Two, Cy Three (2026-01-06)"));
	free(text);
}

/* Files in dir whose name starts with prefix. */
static int files_named(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* A new file gets 0666 less the umask, as any new file; a replaced one keeps
 * its mode. */
static void test_export_file_mode(void **state)
{
	(void)state;
	char dir[] = "/tmp/papyr-test-export-mode.XXXXXX", out[64];
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.csv", dir);
	struct atomic_file ef;
	struct stat st;
	char *err = NULL;
	mode_t old = umask(027);
	assert_int_equal(atomic_open(&ef, out, &err), 0);
	assert_int_equal(atomic_commit(&ef, &err), 0);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(chmod(out, 0604), 0);
	assert_int_equal(atomic_open(&ef, out, &err), 0);
	assert_int_equal(atomic_commit(&ef, &err), 0);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	umask(old);
	assert_int_equal(files_named(dir, ".out.csv"), 0);
	unlink(out);
	rmdir(dir);
}

static void test_export_file_whole_or_not_at_all(void **state)
{
	struct db *db = *state;
	char dir[] = "/tmp/papyr-test-export-file.XXXXXX", out[64];
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/out.bib", dir);
	struct atomic_file ef;
	char *err = NULL;
	int64_t pids[1];
	struct db_paper dp;
	assert_int_equal(db_get(db, "2601.00002", &dp, &err), 1);
	pids[0] = dp.pid;
	db_paper_clear(&dp);

	/* Stopped: an error, and neither the file nor its temporary is left. */
	atomic_int stop = 1;
	long written = -1;
	struct export_opts o = {.stop = &stop, .written = &written};
	assert_int_equal(atomic_open(&ef, out, &err), 0);
	assert_int_equal(export_pids_opts(db, pids, 1, EXPORT_BIBTEX, &o, ef.f, &err), -1);
	assert_string_equal(err, "the export was interrupted");
	free(err);
	err = NULL;
	atomic_abort(&ef);
	assert_int_equal(files_named(dir, ""), 2); /* . and .. */

	/* Whole: renamed into place, with the count. */
	stop = 0;
	struct db_filter all = {0};
	assert_int_equal(atomic_open(&ef, out, &err), 0);
	assert_int_equal(export_filter_opts(db, &all, EXPORT_BIBTEX, &o, ef.f, &err), 0);
	assert_int_equal(written, 3);
	assert_int_equal(atomic_commit(&ef, &err), 0);
	assert_int_equal(files_named(dir, "out.bib"), 1);
	assert_int_equal(files_named(dir, ".out.bib"), 0);
	assert_int_equal(export_pids_opts(db, pids, 1, EXPORT_BIBTEX, &o, stdin, &err), -1);
	free(err);
	err = NULL;

	/* A folder that is not there: a message naming the path. */
	char bad[96];
	snprintf(bad, sizeof bad, "%s/no/such.bib", dir);
	assert_int_equal(atomic_open(&ef, bad, &err), -1);
	assert_non_null(strstr(err, "cannot create a file there"));
	free(err);
	unlink(out);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_format_from_path),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_key_base_bbt),
		cmocka_unit_test_setup_teardown(test_export_keys_over_the_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_markdown_et_al, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_stored_keys_match_the_scan, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_export_keys_stay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_keys_hash_agreement_is_no_clash, setup,
						teardown),
		cmocka_unit_test(test_bib_escape_bad_input),
		cmocka_unit_test(test_bib_escape_specials),
		cmocka_unit_test(test_md_escape),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ascii_fold),
		cmocka_unit_test(test_key_base),
		cmocka_unit_test(test_keys_unique),
		cmocka_unit_test_setup_teardown(test_export_write_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_all_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_csv_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_empty_and_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_pids_and_entry, setup, teardown),
		cmocka_unit_test(test_export_file_mode),
		cmocka_unit_test_setup_teardown(test_export_file_whole_or_not_at_all, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
