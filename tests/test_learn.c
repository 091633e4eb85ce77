/* Tests for learning from the marks: terms, tf-idf, training, the stored
 * models and scores, staleness, like:, why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../db/db.h"
#include "../src/config.h"
#include "../src/learn.h"
#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "test_cache.h"
#include "learn_eval.h"

static char path[64];

static int setup(void **state)
{
	*state = test_cache_open(path, "learn");
	return 0;
}

static int teardown(void **state)
{
	struct db *db = *state;
	test_cache_remove(&db, path);
	return 0;
}

/* ---- the math ---- */

struct seen {
	char words[64][64];
	int n;
};

static void note_word(void *ctx, const char *word, uint32_t term)
{
	struct seen *s = ctx;
	assert_true(term < LEARN_DIM);
	if (s->n < 64)
		snprintf(s->words[s->n++], 64, "%s", word);
}

static int has_word(const struct seen *s, const char *w)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->words[i], w) == 0)
			return 1;
	return 0;
}

static void test_words_and_pairs(void **state)
{
	(void)state;
	struct seen s = {0};
	learn_words("Diffusion Models for the Images", "A 3D-aware diffusion model.", NULL,
		    note_word, &s);
	assert_true(has_word(&s, "diffusion"));
	assert_true(has_word(&s, "models"));
	assert_true(has_word(&s, "images"));
	/* stopwords go, and the pair spans them */
	assert_false(has_word(&s, "for"));
	assert_false(has_word(&s, "the"));
	assert_true(has_word(&s, "diffusion models"));
	assert_true(has_word(&s, "models images"));
	/* no pair across fields; a word starting with a digit is not one */
	assert_false(has_word(&s, "images aware"));
	assert_false(has_word(&s, "3d"));
	assert_true(has_word(&s, "aware diffusion"));
}

/* A run of Chinese, Japanese or Korean text has no spaces between its
 * words: its terms are the pairs of its characters, as the index holds
 * them; CJK punctuation ends a run and a word, and is no term. */
static void test_cjk_runs_give_pairs(void **state)
{
	(void)state;
	struct seen s = {0};
	learn_words("大语言模型的量化。LLM量化", "中 한국어", NULL, note_word, &s);
	assert_true(has_word(&s, "大语"));
	assert_true(has_word(&s, "语言"));
	assert_true(has_word(&s, "的量"));
	assert_true(has_word(&s, "量化"));
	assert_false(has_word(&s, "化。"));
	assert_false(has_word(&s, "。"));
	assert_false(has_word(&s, "大语言模型的量化"));
	assert_true(has_word(&s, "llm"));
	assert_false(has_word(&s, "llm量化"));
	assert_true(has_word(&s, "中")); /* a run of one: the character */
	assert_true(has_word(&s, "한국"));
	assert_true(has_word(&s, "국어"));
	uint32_t *t;
	size_t n = learn_terms("量化", NULL, NULL, &t);
	assert_int_equal(n, 1);
	free(t);
}

static void test_terms_count_repeats(void **state)
{
	(void)state;
	uint32_t *t;
	size_t n = learn_terms("mamba mamba mamba", NULL, NULL, &t);
	/* "mamba" three times and "mamba mamba" twice */
	assert_int_equal(n, 2);
	uint32_t tfs = (t[0] & 0xff) + (t[1] & 0xff);
	assert_int_equal(tfs, 5);
	assert_true((t[0] >> 8) < (t[1] >> 8)); /* sorted by term */
	free(t);
	n = learn_terms(NULL, "", "", &t);
	assert_int_equal(n, 0);
	free(t);
}

static void test_tfidf_is_sublinear_and_normalised(void **state)
{
	(void)state;
	uint32_t *df = xcalloc(LEARN_DIM, sizeof *df);
	uint32_t terms[2] = {5u << 8 | 1, 9u << 8 | 3};
	df[5] = df[9] = 10;
	struct learn_vec v;
	learn_tfidf(terms, 2, df, 100, &v);
	assert_int_equal(v.n, 2);
	double norm = (double)v.val[0] * v.val[0] + (double)v.val[1] * v.val[1];
	assert_true(fabs(norm - 1.0) < 1e-5);
	/* tf 3 weighs 1 + ln 3, not 3, against tf 1 */
	assert_true(fabs(v.val[1] / v.val[0] - (1.0 + log(3.0))) < 1e-4);
	learn_vec_free(&v);
	/* a rarer term weighs more */
	df[9] = 1;
	uint32_t once[2] = {5u << 8 | 1, 9u << 8 | 1};
	learn_tfidf(once, 2, df, 100, &v);
	assert_true(v.val[1] > v.val[0]);
	learn_vec_free(&v);
	free(df);
}

static void test_training_separates_the_same_every_time(void **state)
{
	(void)state;
	enum { N = 40 };
	struct learn_vec x[N];
	unsigned char y[N];
	for (int i = 0; i < N; i++) {
		x[i].term = xmalloc(2 * sizeof *x[i].term);
		x[i].val = xmalloc(2 * sizeof *x[i].val);
		x[i].n = 2;
		y[i] = i < 5; /* few positives, as a reader has */
		x[i].term[0] = y[i] ? 100 : 200;
		x[i].term[1] = 300 + (uint32_t)i; /* noise */
		x[i].val[0] = x[i].val[1] = (float)M_SQRT1_2;
	}
	struct learn_model m;
	learn_train(x, y, N, &m);
	struct learn_vec a = {(uint32_t[]){100, 999}, (float[]){0.7f, 0.7f}, 2};
	struct learn_vec b = {(uint32_t[]){200, 998}, (float[]){0.7f, 0.7f}, 2};
	assert_true(learn_score(&m, &a) > 0);
	assert_true(learn_score(&m, &b) < 0);
	assert_true(m.w[100] > 0 && m.w[200] < 0);
	/* the same examples, the same model: the shuffles are seeded, so a
	 * ranking and the evaluation's figures are the same on every run */
	struct learn_model again;
	learn_train(x, y, N, &again);
	assert_memory_equal(m.w, again.w, LEARN_DIM * sizeof *m.w);
	assert_memory_equal(&m.bias, &again.bias, sizeof m.bias);
	learn_model_free(&again);
	learn_model_free(&m);
	for (int i = 0; i < N; i++)
		learn_vec_free(&x[i]);
}

/* ---- on a cache ---- */

static const char *const topic_a[] = {
	"Diffusion models for image synthesis", "Latent diffusion for video generation",
	"Score-based diffusion and denoising", "Faster sampling of diffusion models",
	"Image editing with diffusion guidance", "Text to image diffusion at scale",
};
static const char *const topic_b[] = {
	"Reinforcement learning for robot control", "Policy gradients for robot arms",
	"Offline reinforcement learning benchmarks", "Robot navigation by reinforcement",
	"Reward shaping in reinforcement learning", "Sim to real transfer for robots",
};

/* Stores n papers in one transaction, as a sync's day would, and clears
 * them. */
static void store_papers(struct db *db, struct paper *ps, int n)
{
	char *err = NULL;
	assert_int_equal(db_begin(db, &err), 0);
	struct db_ingest *ing = db_ingest_new(db);
	struct paper_sink sink = db_ingest_sink(ing);
	for (int i = 0; i < n; i++) {
		if (sink.on_paper(sink.ctx, &ps[i], &err) != 0)
			fail_msg("%s", err);
		paper_clear(&ps[i]);
	}
	assert_int_equal(db_ingest_flush(ing, &err), 0);
	db_ingest_free(&ing);
	assert_int_equal(db_commit(db, &err), 0);
}

static void add_papers(struct db *db, int first, int n)
{
	struct paper *ps = xcalloc((size_t)n, sizeof *ps);
	for (int i = first; i < first + n; i++) {
		struct paper *p = &ps[i - first];
		int a = i % 2 == 0;
		const char *title = (a ? topic_a : topic_b)[(i / 2) % 6];
		p->id = xasprintf("2601.%05d", i);
		p->title = xasprintf("%s %d", title, i);
		p->abstract = xstrdup(a ? "We denoise images with a diffusion model and a sampler."
					: "An agent learns a policy from rewards in simulation.");
		p->authors = xstrdup("Ann Author");
		p->day = xasprintf("2026-01-%02d", 1 + i % 28);
		p->has = PAPER_HAS_UPVOTES;
		p->upvotes = i;
	}
	store_papers(db, ps, n);
	free(ps);
}

/* One paper of the given text, listed on 2026-01-28. */
static void add_text(struct db *db, int i, const char *title, const char *abstract)
{
	struct paper p = {0};
	p.id = xasprintf("2601.%05d", i);
	p.title = xstrdup(title);
	p.abstract = xstrdup(abstract);
	p.authors = xstrdup("Ann Author");
	p.day = xstrdup("2026-01-28");
	store_papers(db, &p, 1);
}

static const char *idof(int i)
{
	static char id[32];
	snprintf(id, sizeof id, "2601.%05d", i);
	return id;
}

static void cfg_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->learn = 1;
	cfg->negative_tags = "skip";
}

/* The first n ids of f's list, into ids. */
static int list_ids(struct db *db, const struct db_filter *f, char ids[][16], int n)
{
	struct db_page pg = {0};
	char *err = NULL;
	if (db_list(db, f, NULL, 0, n, &pg, &err) != 0)
		fail_msg("%s", err);
	int got = pg.n;
	for (int i = 0; i < pg.n; i++)
		snprintf(ids[i], 16, "%s", pg.rows[i].id);
	db_page_free(&pg);
	return got;
}

static int is_topic_a(const char *id)
{
	return atoi(strchr(id, '.') + 1) % 2 == 0;
}

static void test_terms_are_stored_once(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	add_papers(db, 1, 20);
	assert_int_equal(learn_update_terms(db, &err), 20);
	assert_int_equal(learn_update_terms(db, &err), 0); /* nothing new: nothing done */
	add_papers(db, 21, 3);
	assert_int_equal(learn_update_terms(db, &err), 3); /* a new day: its papers */
	uint32_t *df = xmalloc(LEARN_DIM * sizeof *df);
	int64_t docs;
	assert_int_equal(db_learn_df_load(db, df, LEARN_DIM, &docs, &err), 0);
	assert_int_equal(docs, 23);
	uint32_t *t;
	learn_terms("diffusion", NULL, NULL, &t);
	/* the 11 papers of topic a hold it in their abstract */
	assert_int_equal(df[t[0] >> 8], 11);
	free(t);
	free(df);
}

static void test_stars_train_and_rank(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 60);
	for (int i = 2; i <= 8; i += 2) /* four of topic a */
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	assert_int_equal(db_mark(db, idof(3), DB_MARK_DISMISS, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 1);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);
	assert_int_equal(f.sort, DB_SORT_SCORE);
	char ids[20][16];
	assert_int_equal(list_ids(db, &f, ids, 20), 20);
	for (int i = 0; i < 20; i++)
		assert_true(is_topic_a(ids[i]));
	struct db_model m;
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 1);
	assert_int_equal(m.positives, 4);
	assert_true(m.negatives >= 1);
	assert_true(m.nweights > 4 && m.nweights < 64 * 1024);
	db_model_clear(&m);
	/* ready now; a mark from anywhere makes it stale */
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 0);
	assert_int_equal(db_mark(db, idof(10), DB_MARK_STAR, &err), 0);
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 1);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 1);
	assert_int_equal(m.positives, 5);
	db_model_clear(&m);
	/* reading a paper is no mark */
	assert_int_equal(db_mark(db, idof(11), DB_MARK_READ, &err), 0);
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 0);
	/* new papers are scored, without training again */
	add_papers(db, 61, 2);
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 1);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	double s;
	int64_t pid;
	assert_int_equal(db_pid_of(db, idof(62), &pid, &err), 1);
	assert_int_equal(db_score_get(db, "foryou", pid, &s, &err), 1);
}

static void test_tags_and_dismissals_train(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 60);
	/* topic b tagged robots; topic a dismissed or tagged skip */
	for (int i = 1; i <= 7; i += 2)
		assert_int_equal(db_tag_add(db, idof(i), "robots", &err), 0);
	assert_int_equal(db_mark(db, idof(2), DB_MARK_DISMISS, &err), 0);
	assert_int_equal(db_tag_add(db, idof(4), "skip", &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);
	char ids[10][16];
	assert_int_equal(list_ids(db, &f, ids, 10), 10);
	for (int i = 0; i < 10; i++)
		assert_false(is_topic_a(ids[i]));
	struct db_model m;
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 1);
	assert_int_equal(m.positives, 4); /* the skip tag is not one */
	db_model_clear(&m);
	/* a tag's own model */
	struct db_filter t = {.sort = DB_SORT_SCORE};
	snprintf(t.model, sizeof t.model, "foryou:robots");
	assert_int_equal(learn_prepare(db, &cfg, &t, &note, &err), 0);
	assert_null(note);
	assert_int_equal(list_ids(db, &t, ids, 10), 10);
	for (int i = 0; i < 10; i++)
		assert_false(is_topic_a(ids[i]));
	/* untagging follows: too few now */
	assert_int_equal(db_tag_remove(db, idof(1), "robots", &err), 0);
	assert_int_equal(db_tag_remove(db, idof(3), "robots", &err), 0);
	t.sort = DB_SORT_SCORE;
	assert_int_equal(learn_prepare(db, &cfg, &t, &note, &err), 0);
	assert_non_null(note);
	assert_non_null(strstr(note, "too little to learn from"));
	assert_int_equal(t.sort, DB_SORT_DAY);
	free(note);
}

static void test_too_few_and_learning_off(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 10);
	assert_int_equal(db_mark(db, idof(2), DB_MARK_STAR, &err), 0);
	assert_int_equal(db_note_set(db, idof(4), "good", &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_non_null(strstr(note, "2 kept papers"));
	assert_int_equal(f.sort, DB_SORT_DAY);
	free(note);
	/* remembered: no work until the marks change */
	f.sort = DB_SORT_SCORE;
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 0);
	assert_non_null(note);
	free(note);
	assert_int_equal(db_mark(db, idof(6), DB_MARK_STAR, &err), 0);
	f.sort = DB_SORT_SCORE;
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);
	assert_int_equal(f.sort, DB_SORT_SCORE);
	cfg.learn = 0;
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_non_null(strstr(note, "learn = no"));
	assert_int_equal(f.sort, DB_SORT_DAY);
	free(note);
	/* forgetting leaves the marks and learns again when asked */
	cfg.learn = 1;
	assert_int_equal(learn_forget(db, &err), 0);
	struct db_model m;
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 0);
	f.sort = DB_SORT_SCORE;
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 1);
}

static void test_like_ranks_the_similar(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 30);
	struct db_fnode *like = db_fnode_new(DB_F_LIKE, idof(5));
	struct db_filter f = {.root = like, .sort = DB_SORT_SCORE};
	snprintf(f.model, sizeof f.model, "like:%s", idof(5));
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	char ids[30][16];
	int n = list_ids(db, &f, ids, 30);
	assert_true(n >= 10);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(ids[i], idof(5)); /* not the paper itself */
	for (int i = 0; i < 10; i++)
		assert_false(is_topic_a(ids[i]));
	/* the two of the same title first (equal scores: the newer first) */
	assert_string_equal(ids[0], idof(29));
	assert_string_equal(ids[1], idof(17));
	db_fnode_free(like);
	/* like: lists do not pile up: the last 8 are kept */
	for (int i = 1; i <= 10; i++) {
		struct db_fnode *l = db_fnode_new(DB_F_LIKE, idof(i));
		struct db_filter h = {.root = l, .sort = DB_SORT_SCORE};
		snprintf(h.model, sizeof h.model, "like:%s", idof(i));
		assert_int_equal(learn_prepare(db, &cfg, &h, &note, &err), 0);
		db_fnode_free(l);
	}
	char **names;
	assert_int_equal(db_models_all(db, &names, &err), 8);
	db_strv_free(&names);
	struct db_fnode *bad = db_fnode_new(DB_F_LIKE, "2601.99999");
	struct db_filter g = {.root = bad, .sort = DB_SORT_SCORE};
	snprintf(g.model, sizeof g.model, "like:2601.99999");
	assert_int_equal(learn_prepare(db, &cfg, &g, &note, &err), -1);
	assert_non_null(strstr(err, "like:2601.99999"));
	free(err);
	db_fnode_free(bad);
}

static void test_why_names_the_words(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 40);
	for (int i = 2; i <= 8; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct learn_word *w;
	int n = learn_why(db, &cfg, "foryou", idof(20), 5, &w, &note, &err);
	assert_true(n > 0 && n <= 5);
	assert_null(note);
	int found = 0;
	for (int i = 0; i < n; i++) {
		found |= strstr(w[i].word, "diffusion") != NULL || strstr(w[i].word, "denoise");
		assert_true(w[i].weight > 0);
		if (i)
			assert_true(w[i].weight <= w[i - 1].weight);
	}
	assert_true(found);
	learn_words_free(&w, n);
	/* a paper of the other topic has no word for diffusion */
	n = learn_why(db, &cfg, "foryou", idof(21), 5, &w, &note, &err);
	for (int i = 0; i < n; i++)
		assert_null(strstr(w[i].word, "diffusion"));
	learn_words_free(&w, n);
}

/* The place of id in a list of n ids, or -1. */
static int place_of(char ids[][16], int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	return -1;
}

/*
 * A paper in Chinese gets terms (the pairs of its characters): one about
 * the quantization the reader kept ranks above the papers of the other
 * topic, and --why names its words. A paper with no terms, or none the
 * model weighs, has no evidence: it ranks last, not at the model's bias.
 * Both arrive after the model was trained, as a day's papers do.
 */
static void test_cjk_and_empty_papers_rank_by_evidence(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 40);
	add_text(db, 41, "大语言模型的低比特量化", "我们提出一种新的量化方法。");
	add_text(db, 42, "量化感知训练的语言模型", "训练时量化权重与激活。");
	add_text(db, 43, "模型量化与推理加速", "量化大语言模型，推理更快。");
	add_text(db, 44, "机器人的强化学习策略", "智能体从奖励中学习控制。");
	for (int i = 41; i <= 43; i++)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);
	/* the day's new papers, scored by the model as it is */
	add_text(db, 45, "大语言模型量化的新方法", "一种量化方法。");
	add_text(db, 46, "?? !!", "");
	add_text(db, 47, "Zyxw qvut", "Plok snar.");
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);
	char ids[64][16];
	int n = list_ids(db, &f, ids, 64);
	assert_int_equal(n, 47);
	int cjk = place_of(ids, n, idof(45));
	assert_true(cjk >= 0);
	for (int i = 1; i <= 40; i += 2) /* above every paper of the other topic */
		assert_true(place_of(ids, n, idof(i)) > cjk);
	/* no evidence: after every paper that has some */
	assert_true(place_of(ids, n, idof(46)) >= n - 2);
	assert_true(place_of(ids, n, idof(47)) >= n - 2);
	struct learn_word *w;
	int nw = learn_why(db, &cfg, "foryou", idof(45), 5, &w, &note, &err);
	int found = 0;
	for (int i = 0; i < nw; i++)
		found |= strcmp(w[i].word, "量化") == 0;
	assert_true(found);
	learn_words_free(&w, nw);
}

/*
 * The quick evaluation: simulated readers on a generated cache of topics.
 * The goal the benchmark measures at scale: sort:foryou's precision@20 at
 * least twice the best baseline's (newest first, most upvoted, bm25 of the
 * kept titles). It is 0.633 against bm25's 0.200 here (3.2x); asserted with
 * room, at 2.5x, so the goal holds with a margin. The set is generated
 * from a fixed seed and the training is seeded: the figures are the same
 * on every run.
 */
static void test_foryou_twice_the_best_baseline(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	struct config cfg;
	cfg_init(&cfg);
	enum { N = 800, TOPICS = 10, READERS = 3 };
	int topic_of[N];
	if (eval_generate(db, N, TOPICS, 7, topic_of, &err) != 0)
		fail_msg("%s", err);
	double mean[EVAL_RANKINGS_] = {0};
	for (int r = 0; r < READERS; r++) {
		unsigned char keep[N + 1] = {0};
		for (int i = 0; i < N; i++)
			keep[i + 1] = topic_of[i] == r || topic_of[i] == r + 4;
		struct eval_score sc[EVAL_RANKINGS_];
		double best;
		if (eval_reader(db, &cfg, keep, N, 4, 20, 11 + (uint64_t)r, sc, &best, &err) != 0)
			fail_msg("%s", err);
		for (int k = 0; k < EVAL_RANKINGS_; k++)
			mean[k] += sc[k].p20 / READERS;
	}
	/* the marks were cleared after each reader */
	int64_t changes;
	assert_int_equal(db_learn_marks(db, &changes, &err), 0);
	assert_true(changes > 0);
	assert_true(mean[EVAL_FORYOU] > mean[EVAL_NEWEST]);
	double best = 0;
	for (int k = 0; k < EVAL_RANKINGS_; k++)
		if (k != EVAL_FORYOU && mean[k] > best)
			best = mean[k];
	print_message("p@20: sort:foryou %.3f, newest first %.3f, most upvoted %.3f, bm25 %.3f\n",
		      mean[EVAL_FORYOU], mean[EVAL_NEWEST], mean[EVAL_UPVOTED], mean[EVAL_BM25]);
	assert_true(best > 0);
	if (mean[EVAL_FORYOU] < 2.5 * best)
		fail_msg("sort:foryou p@20 %.3f, the best baseline's %.3f: %.2fx, under 2.5x",
			 mean[EVAL_FORYOU], best, mean[EVAL_FORYOU] / best);
	assert_true(mean[EVAL_FORYOU] >= 0.5);
}


/* ---- scoring again while the interface writes and reads ---- */

struct probe {
	const char *path;
	sqlite3 *h;          /* a second connection that will not wait */
	struct db *reader;   /* a list as another process reads it */
	char before[20][16]; /* the list before the scoring */
	int chunks, writes;
};

/* A write the way a key makes one (a star, a tag), from another
 * connection that gives up at once when the cache is locked. */
static int probe_write(struct probe *p)
{
	return sqlite3_exec(p->h, "BEGIN IMMEDIATE; INSERT OR REPLACE INTO bookmarks (name, at)"
			    " VALUES ('probe', 1); COMMIT", NULL, NULL, NULL);
}

/* The scores a list reads now: how many the model has. */
static int probe_scores(struct probe *p)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(p->h, "SELECT length(ranked) / 4 FROM learn_scores"
					    " WHERE model = 'foryou'", -1, &st, NULL), SQLITE_OK);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

static void between_chunks(void *ctx)
{
	struct probe *p = ctx;
	p->chunks++;
	int rc = probe_write(p);
	if (rc != SQLITE_OK)
		fail_msg("a write during a scoring: %s", sqlite3_errmsg(p->h));
	p->writes++;
	/* the old scores, all of them, in their order */
	assert_int_equal(probe_scores(p), 9000);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	char ids[20][16];
	assert_int_equal(list_ids(p->reader, &f, ids, 20), 20);
	for (int i = 0; i < 20; i++)
		assert_string_equal(ids[i], p->before[i]);
}

static void test_scoring_again_never_holds_the_lock(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	enum { N = 9000 }; /* a few batches of scores */
	add_papers(db, 1, N);
	for (int i = 2; i <= 8; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	struct probe p = {.path = path};
	assert_int_equal(list_ids(db, &f, p.before, 20), 20);
	for (int i = 0; i < 20; i++)
		assert_true(is_topic_a(p.before[i]));
	assert_int_equal(sqlite3_open_v2(path, &p.h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(p.h, 0);
	if (db_open(&p.reader, path, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(probe_scores(&p), N);
	/* the probe can fail: it does while this connection holds the lock */
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(probe_write(&p), SQLITE_BUSY);
	sqlite3_exec(p.h, "ROLLBACK", NULL, NULL, NULL);
	assert_int_equal(db_commit(db, &err), 0);
	/* the reader turns to the other topic: the model is trained again and
	 * every paper scored again, the lock let go after each batch */
	for (int i = 2; i <= 8; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_UNSTAR, &err), 0);
	for (int i = 1; i <= 7; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	learn_set_chunk_hook(between_chunks, &p);
	int rc = learn_prepare(db, &cfg, &f, &note, &err);
	learn_set_chunk_hook(NULL, NULL);
	if (rc != 0)
		fail_msg("%s", err);
	assert_true(p.chunks >= 3);
	assert_int_equal(p.writes, p.chunks);
	/* then the new scores, all of them, and nothing else */
	char ids[20][16];
	assert_int_equal(list_ids(p.reader, &f, ids, 20), 20);
	for (int i = 0; i < 20; i++)
		assert_false(is_topic_a(ids[i]));
	assert_int_equal(probe_scores(&p), N);
	sqlite3_close(p.h);
	db_close(&p.reader);
}


/* ---- the scores as a list reads them ---- */

/* Every pid of f's list, read in pages of `page` by keyset (backward from
 * the end too when back is set), into pids; returns the count. */
static int paged_pids(struct db *db, const struct db_filter *f, int page, int64_t *pids,
		      int max)
{
	struct db_page pg = {0};
	struct db_row last = {0};
	char *err = NULL;
	int n = 0;
	for (;;) {
		if (db_list(db, f, n ? &last : NULL, 0, page, &pg, &err) != 0)
			fail_msg("%s", err);
		for (int i = 0; i < pg.n && n < max; i++)
			pids[n++] = pg.rows[i].pid;
		if (pg.n < page)
			break;
		last.pid = pg.rows[pg.n - 1].pid;
		last.rank = pg.rows[pg.n - 1].rank;
	}
	db_page_free(&pg);
	return n;
}

/* Scores with many ties list in (score, pid) order, highest first, page
 * after page by keyset, and reversed; a paper without one is not listed;
 * a day's list (a narrow filter) looks each score up by pid. */
static void test_scores_page_by_keyset_across_ties(void **state)
{
	struct db *db = *state;
	char *err = NULL;
	enum { N = 100 };
	add_papers(db, 1, N);
	float score[N];
	for (int pid = 1; pid <= N; pid++)
		score[pid - 1] = pid % 10 == 0 ? NAN : (float)(pid % 3);
	assert_int_equal(db_scores_put(db, "foryou", score, N, NULL, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	int64_t pids[N];
	assert_int_equal(paged_pids(db, &f, 7, pids, N), 90);
	for (int i = 1; i < 90; i++) {
		float a = score[pids[i - 1] - 1], b = score[pids[i] - 1];
		if (!(a > b || (a == b && pids[i - 1] > pids[i])))
			fail_msg("out of order at %d: %lld (%g) then %lld (%g)", i,
				 (long long)pids[i - 1], a, (long long)pids[i], b);
	}
	f.reverse = 1;
	int64_t rev[N];
	assert_int_equal(paged_pids(db, &f, 9, rev, N), 90);
	for (int i = 0; i < 90; i++)
		assert_int_equal(rev[i], pids[89 - i]);
	double s;
	assert_int_equal(db_score_get(db, "foryou", 10, &s, &err), 0);
	assert_int_equal(db_score_get(db, "foryou", 11, &s, &err), 1);
	assert_true(s == 2.0);
	/* scored again: the new order at once (the connection kept the old) */
	for (int pid = 1; pid <= N; pid++)
		score[pid - 1] = (float)-pid;
	assert_int_equal(db_scores_put(db, "foryou", score, N, NULL, &err), 0);
	f.reverse = 0;
	assert_int_equal(paged_pids(db, &f, 50, pids, N), N);
	for (int i = 0; i < N; i++)
		assert_int_equal(pids[i], i + 1);
	/* a day's papers, each score looked up by pid */
	struct config cfg;
	cfg_init(&cfg);
	struct query_env env = {.cfg = &cfg};
	struct query *q = NULL;
	assert_int_equal(query_compile("date:2026-01-05 sort:foryou", &env, &q, NULL, &err), 0);
	char *plan = NULL;
	assert_int_equal(db_list_plan(db, query_filter(q), 10, &plan, &err), 0);
	if (!strstr(plan, "SCAN p") && !strstr(plan, "SEARCH p"))
		fail_msg("a day should be read first:\n%s", plan);
	free(plan);
	int n = paged_pids(db, query_filter(q), 2, pids, N);
	assert_int_equal(n, 4); /* 4, 32, 60, 88 */
	for (int i = 0; i < n; i++) {
		assert_int_equal(pids[i] % 28, 4);
		if (i)
			assert_true(pids[i] > pids[i - 1]);
	}
	query_free(&q);
	/* a word few papers hold: its matches read first, each score looked
	 * up by pid, not every score walked and tested against them */
	assert_int_equal(query_compile("sort:foryou denoise", &env, &q, NULL, &err), 0);
	assert_int_equal(db_list_plan(db, query_filter(q), 10, &plan, &err), 0);
	if (!strstr(plan, "SEARCH p USING INTEGER PRIMARY KEY (rowid=?)\n  LIST SUBQUERY") ||
	    !strstr(plan, "SCAN sc VIRTUAL TABLE INDEX 1:"))
		fail_msg("the matches should be read first:\n%s", plan);
	free(plan);
	n = paged_pids(db, query_filter(q), 7, pids, N);
	assert_int_equal(n, 50); /* the even ones */
	for (int i = 0; i < n; i++) {
		assert_int_equal(pids[i] % 2, 0);
		if (i)
			assert_true(pids[i] > pids[i - 1]);
	}
	query_free(&q);
}

/* Stores paper i again with the other topic's text, as a new version of
 * it would come. */
static void retext_paper(struct db *db, int i)
{
	struct paper p = {0};
	p.id = xstrdup(idof(i));
	p.title = xasprintf("Robot locomotion by reinforcement %d", i);
	p.abstract = xstrdup("An agent learns a policy from rewards in simulation.");
	p.authors = xstrdup("Ann Author");
	p.day = xasprintf("2026-01-%02d", 1 + i % 28);
	p.has = PAPER_HAS_UPVOTES;
	p.upvotes = i;
	store_papers(db, &p, 1);
}

/* A paper whose text changes has its terms stored again, the old ones
 * counted out; the scores follow. */
static void test_new_text_replaces_the_terms(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 2100); /* three chunks */
	for (int i = 2; i <= 8; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	int64_t pid;
	double before, after;
	assert_int_equal(db_pid_of(db, idof(1496), &pid, &err), 1);
	assert_int_equal(db_score_get(db, "foryou", pid, &before, &err), 1);
	uint32_t *df = xmalloc(LEARN_DIM * sizeof *df), *t;
	int64_t docs;
	learn_terms("denoise", NULL, NULL, &t);
	uint32_t term = t[0] >> 8;
	free(t);
	assert_int_equal(db_learn_df_load(db, df, LEARN_DIM, &docs, &err), 0);
	uint32_t was = df[term];
	/* paper 1496 (topic a, the title of a starred one) comes again about
	 * robots: the model is as it was, but its scores are made again */
	retext_paper(db, 1496);
	assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 1);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_int_equal(db_learn_df_load(db, df, LEARN_DIM, &docs, &err), 0);
	assert_int_equal(docs, 2100);
	assert_int_equal(df[term], was - 1);
	free(df);
	assert_int_equal(db_score_get(db, "foryou", pid, &after, &err), 1);
	if (!(after < before))
		fail_msg("score %g, was %g", after, before);
	/* like: it now finds the robots, not the images */
	struct db_fnode *like = db_fnode_new(DB_F_LIKE, idof(1496));
	struct db_filter l = {.root = like, .sort = DB_SORT_SCORE};
	snprintf(l.model, sizeof l.model, "like:%s", idof(1496));
	assert_int_equal(learn_prepare(db, &cfg, &l, &note, &err), 0);
	char ids[10][16];
	assert_int_equal(list_ids(db, &l, ids, 10), 10);
	for (int i = 0; i < 10; i++)
		assert_false(is_topic_a(ids[i]));
	db_fnode_free(like);
	/* a paper that comes after: scored without training again, listed */
	add_papers(db, 2101, 1);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_int_equal(db_pid_of(db, idof(2101), &pid, &err), 1);
	assert_int_equal(db_score_get(db, "foryou", pid, &after, &err), 1);
	int64_t pids[2200];
	assert_int_equal(paged_pids(db, &f, 500, pids, 2200), 2101);
}

/* Two scorings at once, on two connections, as two processes would: both
 * end well and the scores are whole. */
struct rescorer {
	const char *path;
	int rc;
	char *err;
};

static void *rescore(void *arg)
{
	struct rescorer *r = arg;
	struct db *db;
	struct config cfg;
	cfg_init(&cfg);
	char *note = NULL;
	r->rc = -1;
	if (db_open(&db, r->path, &r->err) != 0)
		return NULL;
	struct db_filter f = {.sort = DB_SORT_SCORE};
	r->rc = learn_prepare(db, &cfg, &f, &note, &r->err);
	free(note);
	db_close(&db);
	return NULL;
}

static void test_two_scorings_at_once(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	enum { N = 5000 };
	add_papers(db, 1, N);
	assert_int_equal(learn_update_terms(db, &err), N);
	for (int round = 0; round < 2; round++) {
		/* the first round trains and scores; the second scores new papers */
		if (round == 0) {
			for (int i = 2; i <= 8; i += 2)
				assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
		} else {
			add_papers(db, N + 1, 1500);
		}
		struct rescorer r[2] = {{.path = path}, {.path = path}};
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			assert_int_equal(pthread_create(&t[i], NULL, rescore, &r[i]), 0);
		for (int i = 0; i < 2; i++) {
			pthread_join(t[i], NULL);
			if (r[i].rc != 0)
				fail_msg("scoring %d: %s", i, r[i].err);
		}
		struct db_filter f = {.sort = DB_SORT_SCORE};
		assert_int_equal(learn_stale(db, &cfg, &f, &note, &err), 0);
		int64_t *pids = xmalloc(8000 * sizeof *pids);
		assert_int_equal(paged_pids(db, &f, 1000, pids, 8000), round ? N + 1500 : N);
		free(pids);
		char ids[20][16];
		assert_int_equal(list_ids(db, &f, ids, 20), 20);
		for (int i = 0; i < 20; i++)
			assert_true(is_topic_a(ids[i]));
	}
}

/* ---- scoring, against a plain reading of what is stored ---- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float le_float(const unsigned char *p)
{
	uint32_t u = le32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static uint64_t varint(const unsigned char *b, size_t *off)
{
	uint64_t v = 0;
	for (int shift = 0;; shift += 7) {
		unsigned char c = b[(*off)++];
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
}

/*
 * Every paper's stored score, bit for bit, against the sum written out
 * the plain way from the stored chunks (the chunk and term formats of
 * src/learn.c), the cache's counts and the stored model: for each term,
 * (1 + ln tf) times its weight times its idf, summed over the terms in
 * even places and over those in odd ones (in order: the two sums scoring
 * keeps), the two added, over the stored norm, plus the bias; the lowest
 * float for a paper none of whose terms weighs. Then
 * the list by sort:foryou goes by those scores. The papers are of many
 * lengths, with words repeated, so that their terms take one to three
 * bytes, some with a count, and some keep only their strongest terms.
 */
static void test_scores_are_the_plain_sum(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	enum { N = 700, VOCAB = 400 };
	struct paper *ps = xcalloc(N, sizeof *ps);
	uint64_t seed = 12345;
	for (int i = 0; i < N; i++) {
		struct paper *p = &ps[i];
		struct buf b = {0};
		int words = 3 + (int)(seed >> 33) % 180;
		for (int w = 0; w < words; w++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			/* skewed: low words are common, and repeat within a paper */
			unsigned r = (unsigned)(seed >> 33) % VOCAB;
			r = r * r / VOCAB;
			buf_printf(&b, "%sw%c%c%c", w ? " " : "", 'a' + r % 26, 'a' + r / 26 % 26,
				   'k' + i % 3);
		}
		p->id = xasprintf("2601.%05d", i + 1);
		p->title = xasprintf("Paper %d", i + 1);
		p->abstract = buf_detach(&b);
		p->authors = xstrdup("Ann Author");
		p->day = xasprintf("2026-01-%02d", 1 + i % 28);
	}
	store_papers(db, ps, N);
	free(ps);
	for (int i = 3; i <= 60; i += 3)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	assert_null(note);

	uint32_t *df = xmalloc(LEARN_DIM * sizeof *df);
	int64_t docs;
	assert_int_equal(db_learn_df_load(db, df, LEARN_DIM, &docs, &err), 0);
	float *idf = xmalloc(LEARN_DIM * sizeof *idf), ltf[256] = {0};
	for (uint32_t t = 0; t < LEARN_DIM; t++)
		idf[t] = (float)(log((1.0 + (double)docs) / (1.0 + (df[t] ? (double)df[t] : 1.0))) +
				 1.0);
	for (int tf = 1; tf < 256; tf++)
		ltf[tf] = (float)(1.0 + log((double)tf));
	struct db_model m;
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 1);
	const unsigned char *mb = m.weights;
	float bias = le_float(mb), *w = xcalloc(LEARN_DIM, sizeof *w);
	for (size_t off = 4; off + 8 <= m.nweights; off += 8)
		w[le32(mb + off)] = le_float(mb + off + 4);
	db_model_clear(&m);

	float *want = xmalloc(N * sizeof *want);
	int seen = 0, multi = 0, three = 0, none = 0;
	for (int64_t chunk = 0; chunk <= N >> 10; chunk++) {
		void *blob;
		size_t bytes, off = 0;
		assert_int_equal(db_learn_chunk_get(db, chunk, &blob, &bytes, &err), 1);
		const unsigned char *cb = blob;
		int64_t pid = chunk << 10;
		while (off < bytes) {
			pid += (int64_t)varint(cb, &off);
			float norm = le_float(cb + off);
			off += 4;
			size_t len = (size_t)varint(cb, &off), len_end = off + len;
			uint32_t term = 0;
			float sum[2] = {0, 0};
			int weighs = 0, place = 0;
			while (off < len_end) {
				size_t at = off;
				uint32_t v = (uint32_t)varint(cb, &off), tf = 1;
				three += off - at == 3;
				term += v >> 1;
				if (v & 1) {
					tf = cb[off++];
					multi++;
				}
				sum[place++ % 2] += ltf[tf] * (w[term] * idf[term]);
				weighs |= w[term] != 0;
			}
			float dot = sum[0] + sum[1];
			assert_true(pid >= 1 && pid <= N);
			want[pid - 1] = !weighs ? -FLT_MAX : norm > 0 ? dot / norm + bias : bias;
			none += !weighs;
			seen++;
		}
		free(blob);
	}
	assert_int_equal(seen, N);
	assert_true(multi > 100 && three > 10 && none < N / 2);

	float *got;
	size_t n;
	assert_int_equal(db_scores_load(db, "foryou", &got, &n, &err), 1);
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++)
		if (memcmp(&got[i], &want[i], sizeof *got) != 0)
			fail_msg("pid %d: %.9g stored, %.9g summed", i + 1, got[i], want[i]);
	free(got);

	char ids[100][16];
	assert_int_equal(list_ids(db, &f, ids, 100), 100);
	float before = FLT_MAX;
	for (int i = 0; i < 100; i++) {
		int64_t pid;
		assert_int_equal(db_pid_of(db, ids[i], &pid, &err), 1);
		assert_true(want[pid - 1] <= before);
		before = want[pid - 1];
	}
	free(want);
	free(w);
	free(idf);
	free(df);
}

static size_t put_le_float(unsigned char *p, float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(u >> (8 * i));
	return 4;
}

static size_t put_varint32(unsigned char *p, uint32_t v)
{
	size_t k = 0;
	for (; v >= 0x80; v >>= 7)
		p[k++] = (unsigned char)(v | 0x80);
	p[k++] = (unsigned char)v;
	return k;
}

/* A chunk's paper: the step from the pid before, a norm of 2 and terms. */
static size_t put_paper(unsigned char *p, const unsigned char *terms, size_t n)
{
	size_t k = put_varint32(p, 1);
	k += put_le_float(p + k, 2.0f);
	k += put_varint32(p + k, (uint32_t)n);
	memcpy(p + k, terms, n);
	return k + n;
}

/*
 * Damage in a stored paper's terms ends the paper, and what came before
 * it counts: a step of four bytes is read (a form never stored, but one
 * the format allows), one of five ends the paper, as do one cut off, a
 * count cut off and a step past the last term.
 */
static void test_damaged_terms_end_the_paper(void **state)
{
	struct db *db = *state;
	char *err = NULL, *note = NULL;
	struct config cfg;
	cfg_init(&cfg);
	add_papers(db, 1, 40);
	for (int i = 2; i <= 8; i += 2)
		assert_int_equal(db_mark(db, idof(i), DB_MARK_STAR, &err), 0);
	struct db_filter f = {.sort = DB_SORT_SCORE};
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	struct db_model m;
	assert_int_equal(db_model_get(db, "foryou", &m, &err), 1);
	assert_true(m.nweights >= 12);
	const unsigned char *mb = m.weights;
	float bias = le_float(mb), w = le_float(mb + 8);
	uint32_t t = le32(mb + 4);
	db_model_clear(&m);
	uint32_t *df = xmalloc(LEARN_DIM * sizeof *df);
	int64_t docs;
	assert_int_equal(db_learn_df_load(db, df, LEARN_DIM, &docs, &err), 0);
	float idf = (float)(log((1.0 + (double)docs) / (1.0 + (df[t] ? (double)df[t] : 1.0))) + 1.0);
	free(df);
	float wx = w * idf, ltf3 = (float)(1.0 + log(3.0));

	unsigned char blob[256], terms[32];
	size_t n = 0, k;
	/* pid 1: t; t again in four bytes, three times; five bytes; t */
	k = put_varint32(terms, t << 1);
	memcpy(terms + k, "\x81\x80\x80\x00\x03\x80\x80\x80\x80\x00", 10);
	k += 10;
	k += put_varint32(terms + k, 0);
	n += put_paper(blob + n, terms, k);
	/* pid 2: t, then a step cut off */
	k = put_varint32(terms, t << 1);
	terms[k++] = 0x85;
	n += put_paper(blob + n, terms, k);
	/* pid 3: a step past the last term, then t */
	k = put_varint32(terms, LEARN_DIM << 1);
	k += put_varint32(terms + k, t << 1);
	n += put_paper(blob + n, terms, k);
	/* pid 4: t with a count cut off */
	k = put_varint32(terms, t << 1 | 1);
	n += put_paper(blob + n, terms, k);
	assert_int_equal(db_learn_chunk_put(db, 0, 40, blob, n, &err), 0);
	/* scored again with the same model */
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(db_scores_drop(db, "foryou", &err), 0);
	assert_int_equal(db_model_scored(db, "foryou", 0, &err), 0);
	assert_int_equal(db_commit(db, &err), 0);
	assert_int_equal(learn_prepare(db, &cfg, &f, &note, &err), 0);
	float *got;
	size_t ns;
	assert_int_equal(db_scores_load(db, "foryou", &got, &ns, &err), 1);
	assert_int_equal(ns, 40);
	float want[4] = {(1.0f * wx + ltf3 * wx) / 2.0f + bias, 1.0f * wx / 2.0f + bias, -FLT_MAX,
			 -FLT_MAX};
	for (int i = 0; i < 4; i++)
		if (memcmp(&got[i], &want[i], sizeof *got) != 0)
			fail_msg("pid %d: %.9g stored, %.9g wanted", i + 1, got[i], want[i]);
	for (int i = 4; i < 40; i++)
		assert_true(isnan(got[i])); /* no terms in the chunk */
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_pairs),
		cmocka_unit_test(test_cjk_runs_give_pairs),
		cmocka_unit_test(test_terms_count_repeats),
		cmocka_unit_test(test_tfidf_is_sublinear_and_normalised),
		cmocka_unit_test(test_training_separates_the_same_every_time),
		cmocka_unit_test_setup_teardown(test_terms_are_stored_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stars_train_and_rank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags_and_dismissals_train, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_few_and_learning_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_like_ranks_the_similar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_why_names_the_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cjk_and_empty_papers_rank_by_evidence, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_foryou_twice_the_best_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scoring_again_never_holds_the_lock, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scores_page_by_keyset_across_ties, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_new_text_replaces_the_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_scorings_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores_are_the_plain_sum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_terms_end_the_paper, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
