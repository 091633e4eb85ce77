/* Tests for parse_arxiv: the real feeds, then bad, cut, huge and hostile
 * bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/parse_arxiv.h"
#include "../src/base/buf.h"
#include "../src/base/file.h"
#include "../src/base/mem.h"

#define MAXP 64

struct seen {
	long n;
	struct paper p[MAXP];
	long refused;
	char why[256];
};

static int keep(void *ctx, const struct paper *p, char **err)
{
	(void)err;
	struct seen *s = ctx;
	if (s->n < MAXP)
		paper_copy(&s->p[s->n], p);
	s->n++;
	return 0;
}

static void on_refused(void *ctx, long index, const char *id, const char *why)
{
	struct seen *s = ctx;
	(void)index;
	s->refused++;
	snprintf(s->why, sizeof s->why, "%s: %s", id ? id : "-", why);
}

static void seen_free(struct seen *s)
{
	for (long i = 0; i < s->n && i < MAXP; i++)
		paper_clear(&s->p[i]);
	s->n = 0;
}

static char *slurp(const char *path, size_t *len)
{
	struct buf b = {0};
	char *err = NULL;
	if (read_file(path, &b, 1 << 24, &err) != 0)
		fail_msg("%s", err);
	*len = b.len;
	return buf_detach(&b);
}

static int parse(const char *body, size_t len, struct seen *s, struct arxiv_info *info,
		 int refuse, char **err)
{
	memset(s, 0, sizeof *s);
	struct paper_sink sink = {keep, s};
	return arxiv_parse(body, len, 100, &sink, refuse ? on_refused : NULL, s, info, err);
}

static void expect_error(const char *body, const char *want)
{
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(body, strlen(body), &s, &info, 0, &err), -1);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_int_equal(s.n, 0); /* nothing handed on from a bad body */
	free(err);
	arxiv_info_clear(&info);
}

static void test_rss_weekday(void **state)
{
	(void)state;
	size_t len;
	char *body = slurp("fixtures/arxiv/rss_cs.LG_2026-04-27_3items.xml", &len);
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(body, len, &s, &info, 0, &err), 0);
	assert_int_equal(info.format, ARXIV_FMT_RSS);
	assert_string_equal(info.day, "2026-04-27");
	assert_int_equal(info.entries, 3);
	assert_int_equal(s.n, 3);
	struct paper *p = &s.p[0];
	assert_string_equal(p->id, "2604.21952");
	assert_int_equal(p->version, 1);
	assert_int_equal(p->source, PAPER_SRC_ARXIV);
	assert_string_equal(p->title, "Focus Session: Hardware and Software Techniques for "
				      "Accelerating Multimodal Foundation Models");
	assert_true(strncmp(p->abstract, "This work presents a multi-layered", 34) == 0);
	assert_non_null(strstr(p->abstract, "visual resolution & stride"));
	assert_null(strstr(p->abstract, "Announce Type"));
	assert_string_equal(p->authors, "Muhammad Shafique\nAbdul Basit\nMuhammad Abdullah "
					"Hanif\nAlberto Marchisio\nRachmad Vidya Wicaksana "
					"Putra\nMinghao Shao");
	assert_string_equal(p->categories, "cs.LG cs.AI cs.AR cs.NE cs.RO");
	assert_string_equal(p->primary, "cs.LG");
	assert_string_equal(p->announce_type, "new");
	assert_string_equal(p->announced, "2026-04-27");
	assert_null(p->day); /* a Hugging Face listing day: arXiv has none */
	assert_string_equal(s.p[1].categories, "cs.LG cs.CY");
	assert_string_equal(s.p[2].id, "2604.21956");
	seen_free(&s);
	arxiv_info_clear(&info);
	free(body);
}

static void test_rss_weekend_is_empty_not_an_error(void **state)
{
	(void)state;
	size_t len;
	char *body = slurp("fixtures/arxiv/rss_cs.CL_2026-08-01_saturday_empty.xml", &len);
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(body, len, &s, &info, 0, &err), 0);
	assert_int_equal(info.format, ARXIV_FMT_RSS);
	assert_string_equal(info.day, "2026-08-01");
	assert_int_equal(info.entries, 0);
	assert_int_equal(s.n, 0);
	arxiv_info_clear(&info);
	free(body);
}

static void test_atom_query(void **state)
{
	(void)state;
	size_t len;
	char *body = slurp("fixtures/arxiv/api_query_25entries_2026-08-02.xml", &len);
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(body, len, &s, &info, 0, &err), 0);
	assert_int_equal(info.format, ARXIV_FMT_ATOM);
	assert_int_equal(info.total, 449736);
	assert_int_equal(s.n, 25);
	struct paper *p = &s.p[0];
	assert_string_equal(p->id, "2607.28628");
	assert_int_equal(p->version, 1);
	assert_string_equal(p->title, "Learning to Trace Seiberg Dualities");
	assert_string_equal(p->primary, "hep-th");
	assert_string_equal(p->categories, "hep-th cs.AI cs.LG hep-ph");
	assert_string_equal(p->published, "2026-07-30");
	assert_string_equal(p->authors,
			    "Jonathan J. Heckman\nShani Meynet\nAlessandro Mininno\nGary Shiu");
	assert_true(strncmp(p->arxiv_comment, "59 pages + appendices", 21) == 0);
	assert_null(p->announced);
	assert_null(p->announce_type);
	long comments = 0, most = 0;
	for (long i = 0; i < s.n; i++) {
		comments += s.p[i].arxiv_comment != NULL;
		long names = 1;
		for (const char *c = s.p[i].authors; *c; c++)
			names += *c == '\n';
		if (names > most)
			most = names;
		assert_non_null(s.p[i].primary);
		/* the primary category comes first */
		assert_true(strncmp(s.p[i].categories, s.p[i].primary,
				    strlen(s.p[i].primary)) == 0);
	}
	assert_int_equal(comments, 11);
	assert_int_equal(most, 26);
	seen_free(&s);
	arxiv_info_clear(&info);
	free(body);
}

/* Fed a byte at a time, the stream hands on what the whole body does. */
static void test_stream_byte_by_byte(void **state)
{
	(void)state;
	size_t len;
	char *body = slurp("fixtures/arxiv/api_query_25entries_2026-08-02.xml", &len);
	struct seen s;
	memset(&s, 0, sizeof s);
	struct paper_sink sink = {keep, &s};
	struct arxiv_parser *ap = arxiv_parser_new(&sink, 0, NULL, NULL);
	char *err = NULL;
	for (size_t i = 0; i < len; i++)
		assert_int_equal(arxiv_parser_feed(ap, body + i, 1, &err), 0);
	assert_int_equal(arxiv_parser_finish(ap, &err), 0);
	assert_int_equal(arxiv_parser_info(ap)->total, 449736);
	assert_int_equal(s.n, 25);
	assert_string_equal(s.p[0].title, "Learning to Trace Seiberg Dualities");
	arxiv_parser_free(&ap);
	seen_free(&s);
	free(body);
}

#define OAI_HEAD                                                                     \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                \
	"<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"                    \
	"<responseDate>2026-08-03T10:00:00Z</responseDate>"                          \
	"<request verb=\"ListRecords\">https://oaipmh.arxiv.org/oai</request>"
#define OAI_RECORD(id, title, versions, cats)                                        \
	"<record><header><identifier>oai:arXiv.org:" id "</identifier>"              \
	"<datestamp>2026-08-01</datestamp><setSpec>cs</setSpec></header>"            \
	"<metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\">"             \
	"<id>" id "</id><submitter>A. Person</submitter>" versions                    \
	"<title>" title "</title><authors>Ada Lovelace, Alan Turing and Grace\n"       \
	" Hopper</authors><categories>" cats "</categories>"                          \
	"<comments>10 pages</comments><journal-ref>J. Tests 1 (2026)</journal-ref>"   \
	"<license>http://creativecommons.org/licenses/by/4.0/</license>"             \
	"<abstract>  An abstract\non two lines.\n</abstract>"                         \
	"</arXivRaw></metadata></record>"
#define V(n, date) "<version version=\"v" #n "\"><date>" date "</date><size>1kb</size></version>"

static void test_oai_records(void **state)
{
	(void)state;
	const char *body =
		OAI_HEAD "<ListRecords>"
		OAI_RECORD("2401.00001", "First",
			   V(1, "Mon, 1 Jan 2024 10:00:00 GMT") V(2, "Tue, 2 Jul 2024 10:00:00 GMT"),
			   "cs.CL cs.LG")
		"<record><header status=\"deleted\"><identifier>oai:arXiv.org:2401.00002"
		"</identifier><datestamp>2026-08-01</datestamp></header></record>"
		OAI_RECORD("hep-th/9901001", "Old style", V(1, "Fri, 1 Jan 1999 00:00:00 GMT"),
			   "hep-th")
		"<resumptionToken cursor=\"0\" completeListSize=\"3\">tok|1001</resumptionToken>"
		"</ListRecords></OAI-PMH>";
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(body, strlen(body), &s, &info, 0, &err), 0);
	assert_int_equal(info.format, ARXIV_FMT_OAI);
	assert_string_equal(info.token, "tok|1001");
	assert_int_equal(info.entries, 3);
	assert_int_equal(s.n, 2); /* the deleted record is no paper */
	struct paper *p = &s.p[0];
	assert_string_equal(p->id, "2401.00001");
	assert_int_equal(p->version, 2);
	assert_string_equal(p->published, "2024-01-01"); /* v1's date */
	assert_string_equal(p->categories, "cs.CL cs.LG");
	assert_string_equal(p->primary, "cs.CL");
	assert_string_equal(p->authors, "Ada Lovelace\nAlan Turing\nGrace Hopper");
	assert_string_equal(p->arxiv_comment, "10 pages");
	assert_string_equal(p->journal_ref, "J. Tests 1 (2026)");
	assert_string_equal(p->abstract, "An abstract\non two lines.");
	assert_string_equal(s.p[1].id, "hep-th/9901001");
	assert_string_equal(s.p[1].published, "1999-01-01");
	seen_free(&s);
	arxiv_info_clear(&info);

	/* The last page: an empty token; an error names its code. */
	const char *last = OAI_HEAD "<ListRecords>"
		OAI_RECORD("2401.00003", "Third", V(1, "Mon, 1 Jan 2024 10:00:00 GMT"), "cs.LG")
		"<resumptionToken cursor=\"1000\" completeListSize=\"3\"/></ListRecords></OAI-PMH>";
	assert_int_equal(parse(last, strlen(last), &s, &info, 0, &err), 0);
	assert_null(info.token);
	seen_free(&s);
	arxiv_info_clear(&info);
	const char *none = OAI_HEAD "<error code=\"noRecordsMatch\">No records</error></OAI-PMH>";
	assert_int_equal(parse(none, strlen(none), &s, &info, 0, &err), 0);
	assert_string_equal(info.oai_error, "noRecordsMatch");
	assert_int_equal(s.n, 0);
	arxiv_info_clear(&info);
}

static void test_bad_bodies(void **state)
{
	(void)state;
	expect_error("", "empty");
	expect_error("{\"not\": \"xml\"}", "not valid XML at line 1, column 1");
	expect_error("<html><body>Service unavailable</body></html>",
		     "an HTML page, not an arXiv feed");
	expect_error("<!DOCTYPE html><html><body>Service unavailable</body></html>",
		     "an HTML page, not an arXiv feed");
	expect_error("<feed><entry/></feed>", "not an arXiv feed: the document is <feed>");
	/* cut off in the middle of an item */
	expect_error("<rss version=\"2.0\"><channel><item><title>Half",
		     "not valid XML");
	/* not UTF-8 */
	expect_error("<rss><channel><item><title>\xff\xfe</title></item></channel></rss>",
		     "not valid XML");
	/* an item with no id, or no title */
	expect_error("<rss><channel><item><title>T</title></item></channel></rss>",
		     "entry 0: id is missing");
	expect_error("<rss><channel><item><guid>oai:arXiv.org:2401.00001v1</guid>"
		     "</item></channel></rss>",
		     "entry 0 (2401.00001): title is missing");
	expect_error("<rss><channel><item><guid>oai:arXiv.org:../../etc</guid><title>T</title>"
		     "</item></channel></rss>",
		     "id is not an arXiv id");
	/* the query API's error entry */
	expect_error("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
		     "<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
		     "<title>Error</title><summary>incorrect id format for 1234</summary>"
		     "</entry></feed>",
		     "the server answered with an error: incorrect id format for 1234");
}

static void test_hostile_bodies(void **state)
{
	(void)state;
	/* entity expansion: refused at the document type, before any entity */
	expect_error("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		     "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		     "<rss><channel><item><title>&lol2;</title></item></channel></rss>",
		     "a document type declaration is not allowed");
	expect_error("<!DOCTYPE rss SYSTEM \"file:///etc/passwd\"><rss/>",
		     "a document type declaration is not allowed");
	expect_error("<rss><channel><item><title>&xxe;</title></item></channel></rss>",
		     "not valid XML");
	/* deep nesting */
	struct buf b = {0};
	buf_adds(&b, "<rss>");
	for (int i = 0; i < 100; i++)
		buf_adds(&b, "<a>");
	expect_error(b.data, "elements nest more than 32 deep");
	buf_free(&b);
	/* more items than a page may hold */
	buf_adds(&b, "<rss><channel>");
	for (int i = 0; i < 101; i++)
		buf_printf(&b, "<item><guid>oai:arXiv.org:2401.%05dv1</guid><title>T</title>"
			       "</item>", i);
	buf_adds(&b, "</channel></rss>");
	expect_error(b.data, "more than 100 papers in one body");
	buf_free(&b);
	/* a title far over its limit: named, and refused whole or left out */
	buf_adds(&b, "<rss><channel><item><guid>oai:arXiv.org:2401.00001v1</guid><title>");
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "long ");
	buf_adds(&b, "</title></item><item><guid>oai:arXiv.org:2401.00002v3</guid>"
		     "<title>Fine \xc2\x9bred\xc2\x9b \xe2\x80\xae" "evil</title>"
		     "</item></channel></rss>");
	expect_error(b.data, "entry 0 (2401.00001): title is 100000 bytes long, more than 2048");
	struct seen s;
	struct arxiv_info info;
	char *err = NULL;
	assert_int_equal(parse(b.data, b.len, &s, &info, 1, &err), 0);
	assert_int_equal(s.refused, 1);
	assert_string_equal(s.why, "2401.00001: title is 100000 bytes long, more than 2048");
	assert_int_equal(s.n, 1);
	assert_string_equal(s.p[0].id, "2401.00002");
	assert_int_equal(s.p[0].version, 3);
	/* C1 controls and bidi overrides are gone (XML itself refuses C0) */
	assert_string_equal(s.p[0].title, "Fine red evil");
	seen_free(&s);
	arxiv_info_clear(&info);
	buf_free(&b);
}

static void test_ids_and_dates(void **state)
{
	(void)state;
	int v;
	char *id = arxiv_split_id("http://arxiv.org/abs/2607.28628v12", &v);
	assert_string_equal(id, "2607.28628");
	assert_int_equal(v, 12);
	free(id);
	id = arxiv_split_id("oai:arXiv.org:hep-th/9901001v2", &v);
	assert_string_equal(id, "hep-th/9901001");
	assert_int_equal(v, 2);
	free(id);
	id = arxiv_split_id("2401.00001", &v);
	assert_string_equal(id, "2401.00001");
	assert_int_equal(v, 0);
	free(id);
	assert_null(arxiv_split_id("2401.00001v", &v));
	assert_null(arxiv_split_id("javascript:alert(1)", &v));
	char d[11];
	assert_int_equal(arxiv_date("Mon, 27 Apr 2026 00:00:00 -0400", d), 0);
	assert_string_equal(d, "2026-04-27");
	assert_int_equal(arxiv_date("Mon, 2 Apr 2007 19:18:42 GMT", d), 0);
	assert_string_equal(d, "2007-04-02");
	assert_int_equal(arxiv_date("2026-07-30T17:59:56Z", d), 0);
	assert_string_equal(d, "2026-07-30");
	assert_int_equal(arxiv_date("Mon, 31 Feb 2026 00:00:00", d), -1);
	assert_int_equal(arxiv_date("yesterday", d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss_weekday),
		cmocka_unit_test(test_rss_weekend_is_empty_not_an_error),
		cmocka_unit_test(test_atom_query),
		cmocka_unit_test(test_stream_byte_by_byte),
		cmocka_unit_test(test_oai_records),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_hostile_bodies),
		cmocka_unit_test(test_ids_and_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
