/*
 * learn_eval: an offline evaluation of sort:foryou with simulated readers,
 * shared by the quick check in test_learn.c and the benchmark's learneval.
 *
 * A reader keeps every paper of a few topics (stars, tags and notes) and
 * dismisses a few others; part of what they kept is hidden (left unmarked).
 * Each ranking then lists the papers the reader has not marked, the same
 * for all (the kept ones left out by the query, the dismissed by default;
 * a ranking that lists a marked paper is an error), and the hidden kept
 * papers are the ones it should find: precision@20 is the share of them in
 * its first 20, MRR the reciprocal rank of the first. Beside sort:foryou:
 * newest first, most upvoted first, and bm25 over the words of the kept
 * papers' titles. A reader with fewer than 20 hidden papers caps every
 * ranking's precision@20 (the best possible is reported). The marks are
 * cleared after each reader.
 *
 * Include after cmocka.h or with an assert of one's own; it needs the core.
 */
#ifndef PAPYR_LEARN_EVAL_H
#define PAPYR_LEARN_EVAL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../src/config.h"
#include "../src/learn.h"
#include "../src/query.h"
#include "../src/base/buf.h"
#include "../src/base/mem.h"

enum { EVAL_FORYOU, EVAL_NEWEST, EVAL_UPVOTED, EVAL_BM25, EVAL_RANKINGS_ };

static const char *const eval_names[EVAL_RANKINGS_] = {
	"sort:foryou", "newest first", "most upvoted", "bm25 of kept titles",
};

struct eval_score {
	double p20, mrr;
};

static uint64_t eval_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A word of common vocabulary, Zipf-like: low numbers far more often. */
static void eval_common_word(uint64_t *s, char *w, size_t cap)
{
	double u = (double)(eval_rand(s) % 1000000) / 1000000.0;
	int k = (int)(3000.0 * u * u * u);
	snprintf(w, cap, "w%dx", k);
}

/*
 * Generates n papers into db: each of `topics` topics has 80 words, half
 * of them shared with the topic before it and half with the one after; a
 * paper has a main topic (most of its topic words) and a second one (some),
 * and common words (most of its words) besides. Its day grows with its number; its
 * upvotes are drawn apart from its topic. topic_of[i] (i from 0) gets the
 * main topic of the paper of pid i + 1.
 */
static int eval_generate(struct db *db, int n, int topics, uint64_t seed, int *topic_of,
			 char **err)
{
	uint64_t s = seed | 1;
	if (db_begin(db, err) != 0)
		return -1;
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		int t = (int)(eval_rand(&s) % (uint64_t)topics);
		int t2 = (int)(eval_rand(&s) % (uint64_t)topics);
		topic_of[i] = t;
		struct buf title = {0}, abs = {0};
		char w[32];
		/* a topic's words are 80 of a shared range: neighbours share half */
		for (int k = 0; k < 130; k++) {
			struct buf *b = k < 10 ? &title : &abs;
			uint64_t r = eval_rand(&s) % 100;
			int tw = (int)(eval_rand(&s) % 80);
			if (r < 12)
				snprintf(w, sizeof w, "topic%dword", t * 40 + tw);
			else if (r < 18)
				snprintf(w, sizeof w, "topic%dword", t2 * 40 + tw);
			else
				eval_common_word(&s, w, sizeof w);
			buf_printf(b, "%s%s", b->len ? " " : "", w);
		}
		char id[32], day[32];
		int year = 20 + (i / 200000) % 80, month = 1 + (i / 20000) % 12;
		snprintf(id, sizeof id, "%02d%02d.%05d", year, month, i % 20000);
		snprintf(day, sizeof day, "20%02d-%02d-%02d", year, month, 1 + (i / 700) % 28);
		struct paper p = {.id = id, .title = title.data, .abstract = abs.data,
				  .authors = "A. Author", .day = day,
				  .upvotes = (long)(eval_rand(&s) % 50),
				  .has = PAPER_HAS_UPVOTES};
		rc = sink.on_paper(sink.ctx, &p, err);
		buf_free(&title);
		buf_free(&abs);
		if (rc == 0 && db_ingest_pending(ing) >= 4096)
			rc = db_ingest_flush(ing, err);
	}
	if (rc == 0)
		rc = db_ingest_flush(ing, err);
	db_ingest_free(&ing);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

/* The ids of the first `want` papers of text's list (relevant[pid] says
 * which count), scored into *sc. */
static int eval_rank(struct db *db, const struct config *cfg, const char *text,
		     const unsigned char *relevant, const unsigned char *marked, int64_t maxpid,
		     struct eval_score *sc, char **err)
{
	struct query_env env = {.cfg = cfg};
	struct query *q = NULL;
	if (query_compile(text, &env, &q, NULL, err) != 0)
		return -1;
	struct db_filter *f = query_filter(q);
	char *note = NULL;
	struct db_page pg = {0};
	int rc = -1;
	if (learn_prepare(db, cfg, f, &note, err) != 0 ||
	    db_list(db, f, NULL, 0, 1000, &pg, err) != 0)
		goto out;
	int hits = 0;
	double rr = 0;
	for (int i = 0; i < pg.n; i++) {
		int64_t pid = pg.rows[i].pid;
		int rel = pid > 0 && pid <= maxpid && relevant[pid];
		if (pid > 0 && pid <= maxpid && marked[pid]) {
			/* every ranking leaves out what the reader marked, alike */
			*err = xasprintf("%s: lists paper %lld, which the reader marked", text,
					 (long long)pid);
			goto out;
		}
		if (rel && i < 20)
			hits++;
		if (rel && rr == 0)
			rr = 1.0 / (i + 1);
	}
	sc->p20 = hits / 20.0;
	sc->mrr = rr;
	rc = 0;
out:
	free(note);
	db_page_free(&pg);
	query_free(&q);
	return rc;
}

/* Words of three letters or more that say nothing of a title's subject. */
static int eval_function_word(const char *w)
{
	static const char *const v[] = {
		"and", "are", "can", "for", "from", "how", "into", "its", "not", "over", "the",
		"through", "toward", "towards", "via", "what", "when", "why", "with", "without",
		"you", "your",
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strcmp(v[i], w) == 0)
			return 1;
	return 0;
}

/* The bm25 baseline's query: the most frequent words of the kept titles
 * (at most 120 of them, lowercase, function words left out), joined by
 * OR. */
static char *eval_title_query(struct db *db, const int64_t *pids, long n)
{
	struct { char *w; int n; } *words = NULL;
	int nwords = 0;
	for (long i = 0; i < n; i++) {
		struct db_paper dp;
		char *err = NULL;
		if (db_get_pid(db, pids[i], &dp, &err) != 1) {
			free(err);
			continue;
		}
		char *t = xstrdup(dp.p.title);
		for (char *w = strtok(t, " -:,.()"); w; w = strtok(NULL, " -:,.()")) {
			int k;
			for (char *c = w; *c; c++)
				*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			if (strlen(w) < 3 || strpbrk(w, "\"\\") || eval_function_word(w))
				continue;
			for (k = 0; k < nwords && strcmp(words[k].w, w) != 0; k++)
				;
			if (k == nwords) {
				words = xrealloc(words, (size_t)(nwords + 1) * sizeof *words);
				words[nwords].w = xstrdup(w);
				words[nwords++].n = 0;
			}
			words[k].n++;
		}
		free(t);
		db_paper_clear(&dp);
	}
	/* most frequent first */
	for (int a = 0; a < nwords; a++)
		for (int b = a + 1; b < nwords; b++)
			if (words[b].n > words[a].n) {
				char *w = words[a].w;
				int c = words[a].n;
				words[a] = words[b];
				words[b].w = w;
				words[b].n = c;
			}
	struct buf q = {0};
	buf_adds(&q, "(");
	for (int k = 0; k < nwords && k < 120; k++)
		buf_printf(&q, "%s\"%s\"", k ? " OR " : "", words[k].w);
	buf_adds(&q, nwords ? ")" : "x)");
	for (int k = 0; k < nwords; k++)
		free(words[k].w);
	free(words);
	return buf_detach(&q);
}

/*
 * One reader: keeps every paper with keep[pid] set (a star, a tag or a
 * note in turn) but hides one in hide_every of them, and dismisses
 * ndismiss papers they do not keep. Scores each ranking into sc, then
 * clears the reader's marks. *best gets the best precision@20 any ranking
 * could reach: the hidden papers, at most 20, over 20. 0, or -1 with *err.
 */
static int eval_reader(struct db *db, const struct config *cfg, const unsigned char *keep,
		       int64_t maxpid, int hide_every, int ndismiss, uint64_t seed,
		       struct eval_score sc[EVAL_RANKINGS_], double *best, char **err)
{
	unsigned char *hidden = xcalloc((size_t)maxpid + 1, 1);
	unsigned char *marked = xcalloc((size_t)maxpid + 1, 1);
	int64_t *shown = xmalloc(((size_t)maxpid + 1) * sizeof *shown), *gone = NULL;
	long nshown = 0, nhidden = 0, ngone = 0;
	uint64_t s = seed | 1;
	int rc = -1;
	char *bm = NULL;
	if (db_begin(db, err) != 0)
		goto out;
	for (int64_t pid = 1; pid <= maxpid; pid++) {
		if (!keep[pid])
			continue;
		struct db_paper dp;
		if (db_get_pid(db, pid, &dp, err) != 1)
			goto fail;
		int k = (int)(eval_rand(&s) % (uint64_t)hide_every);
		int r = 0;
		if (k == 0) {
			hidden[pid] = 1;
			nhidden++;
		} else if (nshown % 3 == 0) {
			r = db_mark(db, dp.p.id, DB_MARK_STAR, err);
		} else if (nshown % 3 == 1) {
			r = db_tag_add(db, dp.p.id, "toread", err);
		} else {
			r = db_note_set(db, dp.p.id, "worth reading", err);
		}
		if (k != 0) {
			shown[nshown++] = pid;
			marked[pid] = 1;
		}
		db_paper_clear(&dp);
		if (r != 0)
			goto fail;
	}
	gone = xmalloc((size_t)(ndismiss + 1) * sizeof *gone);
	for (int tries = 0; ngone < ndismiss && tries < 100 * ndismiss; tries++) {
		int64_t pid = (int64_t)(eval_rand(&s) % (uint64_t)maxpid) + 1;
		struct db_paper dp;
		if (keep[pid] || db_get_pid(db, pid, &dp, err) != 1)
			continue;
		int r = db_mark(db, dp.p.id, DB_MARK_DISMISS, err);
		db_paper_clear(&dp);
		if (r != 0)
			goto fail;
		gone[ngone++] = pid;
		marked[pid] = 1;
	}
	if (db_commit(db, err) != 0)
		goto out;
	*best = (nhidden < 20 ? (double)nhidden : 20.0) / 20.0;
	static const char unmarked[] = " -is:starred -is:tagged -is:noted";
	bm = eval_title_query(db, shown, nshown);
	char *texts[EVAL_RANKINGS_] = {
		xasprintf("sort:foryou%s", unmarked), xasprintf("sort:day%s", unmarked),
		xasprintf("sort:upvotes%s", unmarked), xasprintf("%s%s sort:relevance", bm, unmarked),
	};
	int bad = 0;
	for (int k = 0; k < EVAL_RANKINGS_; k++) {
		if (!bad && eval_rank(db, cfg, texts[k], hidden, marked, maxpid, &sc[k], err) != 0)
			bad = 1;
		free(texts[k]);
	}
	if (bad || db_begin(db, err) != 0)
		goto out;
	/* the reader's marks go: the next reader starts from none */
	for (long i = 0; i < nshown; i++) {
		struct db_paper dp;
		if (db_get_pid(db, shown[i], &dp, err) != 1)
			goto fail;
		int r = db_mark(db, dp.p.id, DB_MARK_UNSTAR, err) ||
			db_tag_remove(db, dp.p.id, "toread", err) ||
			db_note_set(db, dp.p.id, NULL, err);
		db_paper_clear(&dp);
		if (r)
			goto fail;
	}
	for (long i = 0; i < ngone; i++) {
		struct db_paper dp;
		if (db_get_pid(db, gone[i], &dp, err) != 1)
			goto fail;
		int r = db_mark(db, dp.p.id, DB_MARK_UNDISMISS, err);
		db_paper_clear(&dp);
		if (r)
			goto fail;
	}
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(bm);
	free(hidden);
	free(marked);
	free(shown);
	free(gone);
	return rc;
}

#endif
