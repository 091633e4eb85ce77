/*
 * learn: papers ranked by the reader's own marks.
 *
 * Each paper's title, abstract and AI keywords become terms (words and word
 * pairs, hashed into LEARN_DIM slots); its strongest are stored once in the
 * cache, a chunk of consecutive papers a row, with the number of papers each
 * term is in; so a new day costs only its own papers, and a paper whose text
 * changes has them stored again. A paper's vector is tf-idf of its stored
 * terms (sublinear tf, l2-normalised).
 *
 * A model is a logistic regression trained by SGD: the kept papers
 * (starred, noted, or tagged with a tag not in negative_tags) are its
 * positives; dismissed papers, papers with a negative tag, and a sample of
 * the rest are its negatives. "foryou" learns from everything kept,
 * "foryou:TAG" from one tag. A model records the count of changes to the
 * marks it was built at (db_learn_marks): a change (from the interface or
 * the shell) makes it stale, and it is trained again before it is used.
 * Every paper is scored in memory (on two threads) and the scores stored
 * with the model in one short transaction (db/scores.c), for a list to
 * order by (a paper none of whose terms the model weighs has no evidence:
 * it is stored below every other score, so it lists last); "like:ID" stores each paper's cosine similarity to ID the same
 * way.
 *
 * Nothing here prints: a reason the ranking falls back to newest first
 * (learning off, too few kept papers) comes back as a note for the caller
 * to show.
 */
#ifndef PAPYR_LEARN_H
#define PAPYR_LEARN_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;
struct db_filter;

#define LEARN_BITS 18
#define LEARN_DIM (1u << LEARN_BITS)
/* Fewer kept papers than this and a model is not trained. */
#define LEARN_MIN_POSITIVES 3

/* ---- the math, pure ---- */

/*
 * The terms of a paper's text (any of the three may be NULL): each a term
 * number (below LEARN_DIM) shifted left 8 bits, or'ed with its count in the
 * text (at most 255), sorted by term. Returns the count; *out is new.
 */
size_t learn_terms(const char *title, const char *abstract, const char *keywords,
		   uint32_t **out);
/* Calls fn with each word and word pair of the text and its term number,
 * in order (the reverse of the hashing, for "why"); a run of CJK text gives
 * the overlapping pairs of its characters instead. */
void learn_words(const char *title, const char *abstract, const char *keywords,
		 void (*fn)(void *ctx, const char *word, uint32_t term), void *ctx);

/* A sparse vector: n terms and their values. */
struct learn_vec {
	uint32_t *term;
	float *val;
	int n;
};

/* The tf-idf vector of packed terms, given each term's document count and
 * the documents counted; l2-normalised. v's arrays are new. */
void learn_tfidf(const uint32_t *terms, size_t n, const uint32_t *df, int64_t docs,
		 struct learn_vec *v);
void learn_vec_free(struct learn_vec *v);

/* A linear model: w has LEARN_DIM weights. */
struct learn_model {
	float *w;
	float bias;
};

/* The labels of learn_train's examples. */
enum { LEARN_NEGATIVE, LEARN_POSITIVE, LEARN_UNLABELLED };

/* Trains on n vectors x with labels y (LEARN_*): an unlabelled example is
 * a negative that counts for less; positives and negatives weighted to
 * count alike in all. Deterministic. m->w is new. */
void learn_train(const struct learn_vec *x, const unsigned char *y, size_t n,
		 struct learn_model *m);
double learn_score(const struct learn_model *m, const struct learn_vec *x);
void learn_model_free(struct learn_model *m);

/* ---- on the cache ---- */

/* fn(ctx) between batches of the papers' terms a scoring reads (NULL:
 * none); the write lock is free then. For tests. */
void learn_set_chunk_hook(void (*fn)(void *ctx), void *ctx);

/* Stores the terms of the papers that have none yet, and again those of
 * the papers whose text changed, and counts them in. Returns the papers
 * added, or -1. */
long learn_update_terms(struct db *db, char **err);

/*
 * Makes f's scores ready to list: those of the model f's DB_SORT_SCORE
 * names (trained again when the marks changed, the new papers scored) and
 * of each like:ID in its tree. When the model cannot rank (learn = no,
 * fewer than LEARN_MIN_POSITIVES kept papers), f's sort becomes
 * DB_SORT_DAY and *note (new) says why; else *note is NULL. 0, or -1 with
 * *err set (an id that like: names and the cache does not hold).
 */
int learn_prepare(struct db *db, const struct config *cfg, struct db_filter *f, char **note,
		  char **err);
/* 1 when learn_prepare has work to do for f (a model to train, papers to
 * score), 0 when its scores are ready, -1 with *err. Cheap: it only reads.
 * When ready but unable to rank, sets f's sort and *note as learn_prepare
 * does. */
int learn_stale(struct db *db, const struct config *cfg, struct db_filter *f, char **note,
		char **err);
/* 1 when the model f sorts by has scores stored (perhaps stale ones), 0
 * when not, -1. */
int learn_has_scores(struct db *db, const struct db_filter *f, char **err);

/* A word that pushed a paper up and by how much. */
struct learn_word {
	char *word;
	double weight;
};

/*
 * The words of paper id that push it up most under model ("foryou" or
 * "foryou:TAG"), at most max, largest first, in *out (new; free with
 * learn_words_free). Trains the model first when stale. *note as for
 * learn_prepare, without a list's "newest first": when there is nothing
 * to rank by (then no words), or on a read-only cache whose stored model
 * lacks the newest marks (then its words). Returns the count, or -1.
 */
int learn_why(struct db *db, const struct config *cfg, const char *model, const char *id,
	      int max, struct learn_word **out, char **note, char **err);
/* The same from the model as it is stored, stale or not: no training, no
 * writes, a few reads (for a pane that follows the cursor). 0 words when
 * there is no such model or it has too few positives. */
struct paper;
int learn_why_stored(struct db *db, const char *model, const struct paper *p, int max,
		     struct learn_word **out, char **err);
void learn_words_free(struct learn_word **w, int n);

/* Forgets every model and score (the terms stay: they are the papers'). */
int learn_forget(struct db *db, char **err);

#endif
