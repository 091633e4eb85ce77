/*
 * oaigen: N arXiv records as OAI-PMH ListRecords pages (metadataPrefix
 * arXivRaw), PER records to a page, and beside each page a CSV of the very
 * rows papyr stores from it, for the sqlite3 shell's ingest to compare with.
 *
 *   oaigen DIR N PER      writes DIR/oai-00001.xml, DIR/oai-00001.csv, ...
 *
 * Deterministic (a fixed seed). Each record: a unique id, 1-3 versions with
 * their dates (the first is the published day), a title of 6-14 words (some
 * with an '&', escaped in the XML), an abstract of 100-200 words, 1-8
 * authors joined by ", " and a final " and ", 1-3 categories, comments on
 * 60% and a journal reference on 15%. About 1.6 KB of XML a record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const syll[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "qua",
				   "tri", "gra", "phi", "dex", "mon", "sel", "bor"};
static const char *const cats[] = {"cs.LG", "cs.CL", "cs.AI", "cs.CV", "stat.ML", "cs.RO",
				   "cs.NE", "cs.IR", "math.OC", "cs.SE"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* A word of 2-4 syllables, the first capitalised when cap. */
static void word(char *out, int cap)
{
	out[0] = '\0';
	int n = 2 + (int)rnd(3);
	for (int i = 0; i < n; i++)
		strcat(out, syll[rnd(16)]);
	if (cap)
		out[0] = (char)(out[0] - 32);
}

/* CSV: a field in quotes, its quotes doubled. */
static void csv(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

/* XML text: & and < escaped. */
static void xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else
			fputc(*s, f);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: oaigen DIR N PER\n");
		return 2;
	}
	const char *dir = argv[1];
	long n = atol(argv[2]), per = atol(argv[3]);
	static char title[512], abstract[4096], authors[1024], raw_authors[1024], comm[128],
		jref[128], catbuf[64], w[32], path[4096];
	long done = 0;
	for (int file = 1; done < n; file++) {
		snprintf(path, sizeof path, "%s/oai-%05d.xml", dir, file);
		FILE *x = fopen(path, "w");
		snprintf(path, sizeof path, "%s/oai-%05d.csv", dir, file);
		FILE *c = fopen(path, "w");
		if (!x || !c) {
			perror(path);
			return 1;
		}
		fputs("id,title,abstract,authors,published,categories,primary_cat,version,"
		      "arxiv_comment,journal_ref\n", c);
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\""
		      "http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-08-03T00:00:00Z"
		      "</responseDate><request verb=\"ListRecords\">https://oaipmh.arxiv.org/oai"
		      "</request><ListRecords>\n", x);
		for (long k = 0; k < per && done < n; k++, done++) {
			int yy = 10 + (int)(done / 120000), mm = 1 + (int)(done / 10000 % 12);
			char id[48];
			snprintf(id, sizeof id, "%02d%02d.%05ld", yy, mm, done % 10000 + 1);
			int dd = 1 + (int)rnd(28);
			char pub[40];
			snprintf(pub, sizeof pub, "20%02d-%02d-%02d", yy, mm, dd);
			title[0] = '\0';
			int tw = 6 + (int)rnd(9);
			for (int i = 0; i < tw; i++) {
				word(w, i == 0);
				if (i)
					strcat(title, rnd(20) == 0 ? " & " : " ");
				strcat(title, w);
			}
			abstract[0] = '\0';
			int aw = 100 + (int)rnd(101);
			for (int i = 0; i < aw; i++) {
				word(w, 0);
				if (i)
					strcat(abstract, i % 17 == 0 ? ". " : " ");
				strcat(abstract, w);
			}
			strcat(abstract, ".");
			int na = 1 + (int)rnd(8);
			authors[0] = raw_authors[0] = '\0';
			for (int i = 0; i < na; i++) {
				char first[32], last[32], name[80];
				word(first, 1);
				word(last, 1);
				snprintf(name, sizeof name, "%s %s", first, last);
				if (i)
					strcat(authors, "\n");
				strcat(authors, name);
				if (i)
					strcat(raw_authors, i == na - 1 ? " and " : ", ");
				strcat(raw_authors, name);
			}
			int nc = 1 + (int)rnd(3), first = (int)rnd(10);
			catbuf[0] = '\0';
			for (int i = 0; i < nc; i++) {
				if (i)
					strcat(catbuf, " ");
				strcat(catbuf, cats[(first + i * 3) % 10]);
			}
			int nv = 1 + (rnd(3) == 0) + (rnd(6) == 0);
			comm[0] = jref[0] = '\0';
			if (rnd(10) < 6)
				snprintf(comm, sizeof comm, "%u pages, %u figures", 5 + rnd(40), rnd(12));
			if (rnd(20) < 3)
				snprintf(jref, sizeof jref, "J. Synthetic Res. %u (20%02d) %u", rnd(90),
					 yy, rnd(900));
			fprintf(x, "<record><header><identifier>oai:arXiv.org:%s</identifier>"
				"<datestamp>%s</datestamp><setSpec>cs</setSpec></header><metadata>"
				"<arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>%s</id>"
				"<submitter>A. Submitter</submitter>", id, pub, id);
			for (int v = 1; v <= nv; v++)
				fprintf(x, "<version version=\"v%d\"><date>%s, %d %s 20%02d 10:00:00 "
					"GMT</date><size>%ukb</size><source_type>D</source_type>"
					"</version>", v, days[(dd + v) % 7], v == 1 ? dd : 28,
					months[mm - 1], yy, 100 + rnd(900));
			fputs("<title>", x);
			xml(x, title);
			fputs("</title><authors>", x);
			xml(x, raw_authors);
			fprintf(x, "</authors><categories>%s</categories>", catbuf);
			if (comm[0])
				fprintf(x, "<comments>%s</comments>", comm);
			if (jref[0])
				fprintf(x, "<journal-ref>%s</journal-ref>", jref);
			fputs("<license>http://creativecommons.org/licenses/by/4.0/</license>"
			      "<abstract>  ", x);
			xml(x, abstract);
			fputs("\n</abstract></arXivRaw></metadata></record>\n", x);
			char first_cat[16];
			snprintf(first_cat, sizeof first_cat, "%.*s", (int)strcspn(catbuf, " "),
				 catbuf);
			char ver[8];
			snprintf(ver, sizeof ver, "%d", nv);
			csv(c, id, 0);
			csv(c, title, 0);
			csv(c, abstract, 0);
			csv(c, authors, 0);
			csv(c, pub, 0);
			csv(c, catbuf, 0);
			csv(c, first_cat, 0);
			csv(c, ver, 0);
			csv(c, comm, 0);
			csv(c, jref, 1);
		}
		fputs("<resumptionToken cursor=\"0\" completeListSize=\"0\"/></ListRecords>"
		      "</OAI-PMH>\n", x);
		fclose(x);
		fclose(c);
	}
	printf("records\t%ld\n", done);
	return 0;
}
