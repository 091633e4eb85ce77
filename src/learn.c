/* learn: tf-idf terms, linear models, and their scores (see learn.h). */
#include "learn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "config.h"
#include "base/mem.h"
#include "base/buf.h"

/* ---- words ---- */

#define WORD_MAX 40

/* Words too common in abstracts to tell one paper from another. */
static const char *const stopwords[] = {
	"about", "also", "an", "and", "are", "as", "at", "be", "been", "between", "both",
	"but", "by", "can", "do", "does", "each", "for", "from", "has", "have", "how",
	"however", "in", "into", "is", "it", "its", "many", "may", "more", "most", "much",
	"new", "not", "of", "on", "one", "only", "or", "other", "our", "over", "paper",
	"such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "through", "to", "two", "under", "up", "us", "use", "used",
	"using", "via", "was", "we", "well", "were", "what", "when", "where", "which",
	"while", "who", "whose", "why", "will", "with", "within", "without", "work",
	"would", "yet",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_stopword(const char *w)
{
	return bsearch(&w, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof *stopwords,
		       cmp_str) != NULL;
}

static uint32_t hash_term(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h ^= h >> 15;
	return h & (LEARN_DIM - 1);
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/*
 * Calls fn with each word of s (lowercase, starting with a letter, two or
 * more bytes, no stopword) and each pair of neighbouring such words ("a b"),
 * carrying *prev (the last word) across calls.
 */
static void each_term(const char *s, char prev[WORD_MAX + 1],
		      void (*fn)(void *ctx, const char *word, uint32_t term), void *ctx)
{
	if (!s)
		return;
	char w[WORD_MAX + 1], pair[2 * WORD_MAX + 2];
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p && !word_byte(*p))
			p++;
		if (!*p)
			break;
		size_t n = 0;
		int digit_first = *p >= '0' && *p <= '9';
		while (*p && word_byte(*p)) {
			if (n < WORD_MAX)
				w[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		}
		w[n] = '\0';
		if (n < 2 || digit_first || is_stopword(w))
			continue;
		fn(ctx, w, hash_term(w));
		if (prev[0]) {
			snprintf(pair, sizeof pair, "%s %s", prev, w);
			fn(ctx, pair, hash_term(pair));
		}
		memcpy(prev, w, n + 1);
	}
}

void learn_words(const char *title, const char *abstract, const char *keywords,
		 void (*fn)(void *ctx, const char *word, uint32_t term), void *ctx)
{
	char prev[WORD_MAX + 1] = "";
	each_term(title, prev, fn, ctx);
	prev[0] = '\0';
	each_term(abstract, prev, fn, ctx);
	prev[0] = '\0';
	each_term(keywords, prev, fn, ctx);
}

struct term_list {
	uint32_t *v;
	size_t n, cap;
};

static void add_term(void *ctx, const char *word, uint32_t term)
{
	(void)word;
	struct term_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = term;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

size_t learn_terms(const char *title, const char *abstract, const char *keywords,
		   uint32_t **out)
{
	struct term_list l = {0};
	learn_words(title, abstract, keywords, add_term, &l);
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < l.n;) {
		size_t j = i;
		while (j < l.n && l.v[j] == l.v[i])
			j++;
		size_t tf = j - i > 255 ? 255 : j - i;
		l.v[k++] = l.v[i] << 8 | (uint32_t)tf;
		i = j;
	}
	*out = l.v ? l.v : xcalloc(1, sizeof **out);
	return k;
}

/* ---- blobs: little-endian, whatever the machine ---- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static float get_float(const unsigned char *p)
{
	uint32_t u = get32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static void put_float(unsigned char *p, float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	put32(p, u);
}

/*
 * A paper's stored terms: for each, in the order of its number, the step
 * from the one before (the first from 0) as a varint (7 bits a byte, low
 * first, the high bit set on all but the last), then its count, one byte.
 * Two to four bytes a term.
 */
static size_t terms_encode(const uint32_t *terms, size_t n, unsigned char *out)
{
	unsigned char *p = out;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t t = terms[i] >> 8, d = t - prev;
		prev = t;
		while (d >= 0x80) {
			*p++ = (unsigned char)(d | 0x80);
			d >>= 7;
		}
		*p++ = (unsigned char)d;
		*p++ = (unsigned char)(terms[i] & 0xff);
	}
	return (size_t)(p - out);
}

/* The next term of a stored blob at *off: its packed form (term << 8 |
 * count), or UINT32_MAX at the end or at damage (a step past LEARN_DIM, a
 * cut-off varint). */
static uint32_t terms_next(const unsigned char *b, size_t bytes, size_t *off, uint32_t *prev)
{
	uint32_t d = 0;
	for (int shift = 0; *off < bytes && shift < 28; shift += 7) {
		unsigned char c = b[(*off)++];
		d |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			if (*off >= bytes)
				return UINT32_MAX;
			uint32_t t = *prev + d;
			if (t >= LEARN_DIM || t < *prev)
				return UINT32_MAX;
			*prev = t;
			return t << 8 | b[(*off)++];
		}
	}
	return UINT32_MAX;
}

/* Packed terms from a stored blob; a damaged blob's terms up to the damage.
 * Returns the count; *out new. */
static size_t terms_decode(const void *blob, size_t bytes, uint32_t **out)
{
	size_t n = bytes / 2 + 1, k = 0, off = 0;
	uint32_t *v = xmalloc(n * sizeof *v), prev = 0, t;
	while (k < n && (t = terms_next(blob, bytes, &off, &prev)) != UINT32_MAX)
		v[k++] = t;
	*out = v;
	return k;
}

/* ---- vectors and models ---- */

void learn_tfidf(const uint32_t *terms, size_t n, const uint32_t *df, int64_t docs,
		 struct learn_vec *v)
{
	v->term = xmalloc((n ? n : 1) * sizeof *v->term);
	v->val = xmalloc((n ? n : 1) * sizeof *v->val);
	v->n = 0;
	double norm = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t t = terms[i] >> 8, tf = terms[i] & 0xff;
		if (!tf)
			continue;
		double d = df[t] ? df[t] : 1;
		double idf = log((1.0 + (double)docs) / (1.0 + d)) + 1.0;
		double x = (1.0 + log((double)tf)) * idf;
		v->term[v->n] = t;
		v->val[v->n++] = (float)x;
		norm += x * x;
	}
	norm = sqrt(norm);
	for (int i = 0; i < v->n && norm > 0; i++)
		v->val[i] = (float)(v->val[i] / norm);
}

void learn_vec_free(struct learn_vec *v)
{
	free(v->term);
	free(v->val);
	memset(v, 0, sizeof *v);
}

#define EPOCHS 25
/* An unlabelled paper taken as a negative counts for this much of a
 * dismissed one: some of them are papers the reader would keep. */
#define UNLABELLED_WEIGHT 0.03
#define LAMBDA 1e-4
#define RATE 0.5

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

void learn_train(const struct learn_vec *x, const unsigned char *y, size_t n,
		 struct learn_model *m)
{
	m->w = xcalloc(LEARN_DIM, sizeof *m->w);
	m->bias = 0;
	double npos = 0, nneg = 0;
	for (size_t i = 0; i < n; i++) {
		npos += y[i] == LEARN_POSITIVE;
		nneg += y[i] == LEARN_NEGATIVE ? 1.0 : y[i] == LEARN_UNLABELLED ? UNLABELLED_WEIGHT : 0;
	}
	if (!n)
		return;
	/* balanced: each class weighs as much as the other in all */
	double wpos = npos ? (double)n / (2.0 * npos) : 1;
	double wneg = nneg ? (double)n / (2.0 * nneg) : 1;
	double weight[3] = {[LEARN_NEGATIVE] = wneg, [LEARN_POSITIVE] = wpos,
			    [LEARN_UNLABELLED] = wneg * UNLABELLED_WEIGHT};
	size_t *order = xmalloc(n * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	double scale = 1.0, bias = 0;
	long t = 0;
	for (int e = 0; e < EPOCHS; e++) {
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = (size_t)(next_rand(&seed) % (i + 1));
			size_t tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		for (size_t k = 0; k < n; k++, t++) {
			const struct learn_vec *v = &x[order[k]];
			double eta = RATE / (1.0 + RATE * LAMBDA * (double)t);
			double z = bias;
			for (int i = 0; i < v->n; i++)
				z += scale * m->w[v->term[i]] * v->val[i];
			double p = 1.0 / (1.0 + exp(-z));
			unsigned char yk = y[order[k]] <= LEARN_UNLABELLED ? y[order[k]] : 0;
			double g = (yk == LEARN_POSITIVE ? 1.0 - p : -p) * weight[yk];
			scale *= 1.0 - eta * LAMBDA;
			for (int i = 0; i < v->n; i++)
				m->w[v->term[i]] += (float)(eta * g * v->val[i] / scale);
			bias += eta * g * 0.1;
			if (scale < 1e-6) {
				for (uint32_t i = 0; i < LEARN_DIM; i++)
					m->w[i] = (float)(m->w[i] * scale);
				scale = 1.0;
			}
		}
	}
	for (uint32_t i = 0; i < LEARN_DIM; i++)
		m->w[i] = (float)(m->w[i] * scale);
	m->bias = (float)bias;
	free(order);
}

double learn_score(const struct learn_model *m, const struct learn_vec *x)
{
	double z = m->bias;
	for (int i = 0; i < x->n; i++)
		z += (double)m->w[x->term[i]] * x->val[i];
	return z;
}

void learn_model_free(struct learn_model *m)
{
	free(m->w);
	memset(m, 0, sizeof *m);
}

/* Weights kept in a stored model at most: the largest. The rest are too
 * small to move a paper much, and a model stays a few tens of kilobytes. */
#define MODEL_MAX_WEIGHTS 8192

static int cmp_abs_desc(const void *a, const void *b)
{
	float x = fabsf(*(const float *)a), y = fabsf(*(const float *)b);
	return x < y ? 1 : x > y ? -1 : 0;
}

/* A model's weights as stored: the bias, then (term, weight) for each of
 * the MODEL_MAX_WEIGHTS largest weights (in size) that are not 0. */
static void *model_encode(const struct learn_model *m, size_t *bytes)
{
	size_t nz = 0;
	for (uint32_t i = 0; i < LEARN_DIM; i++)
		nz += m->w[i] != 0;
	float cut = 0;
	if (nz > MODEL_MAX_WEIGHTS) {
		float *v = xmalloc(nz * sizeof *v);
		size_t k = 0;
		for (uint32_t i = 0; i < LEARN_DIM; i++)
			if (m->w[i] != 0)
				v[k++] = m->w[i];
		qsort(v, nz, sizeof *v, cmp_abs_desc);
		cut = fabsf(v[MODEL_MAX_WEIGHTS - 1]);
		free(v);
	}
	unsigned char *b = xmalloc(4 + 8 * (nz < MODEL_MAX_WEIGHTS ? nz : MODEL_MAX_WEIGHTS)),
		      *p = b + 4;
	size_t kept = 0;
	put_float(b, m->bias);
	for (uint32_t i = 0; i < LEARN_DIM && kept < MODEL_MAX_WEIGHTS; i++)
		if (m->w[i] != 0 && fabsf(m->w[i]) >= cut) {
			put32(p, i);
			put_float(p + 4, m->w[i]);
			p += 8;
			kept++;
		}
	*bytes = 4 + 8 * kept;
	return b;
}

static void model_decode(const void *blob, size_t bytes, struct learn_model *m)
{
	const unsigned char *b = blob;
	m->w = xcalloc(LEARN_DIM, sizeof *m->w);
	m->bias = bytes >= 4 ? get_float(b) : 0;
	for (size_t off = 4; off + 8 <= bytes; off += 8) {
		uint32_t t = get32(b + off);
		float w = get_float(b + off + 4);
		if (t < LEARN_DIM && isfinite(w))
			m->w[t] = w;
	}
	if (!isfinite(m->bias))
		m->bias = 0;
}

/* ---- the terms in the cache ---- */

/* Papers whose terms are stored in one transaction: a first learning on a
 * big cache lets go of the write lock between batches, so the interface's
 * marks and a sync are not held up for the whole of it. */
#define TERMS_BATCH 10000

struct featuring {
	struct db *db;
	uint32_t *delta;       /* the batch's papers for each term */
	int64_t docs, batch;
	char **err;
};

/* Counts the batch in and commits it with its terms. */
static int terms_commit(struct featuring *f)
{
	if (f->batch && db_learn_df_add(f->db, f->delta, LEARN_DIM, f->batch, f->err) != 0)
		return -1;
	memset(f->delta, 0, LEARN_DIM * sizeof *f->delta);
	f->batch = 0;
	return db_commit(f->db, f->err);
}

static int feature_one(void *ctx, int64_t pid, const char *title, const char *abstract,
		       const char *keywords)
{
	struct featuring *f = ctx;
	uint32_t *t;
	size_t n = learn_terms(title, abstract, keywords, &t);
	unsigned char *blob = xmalloc(4 * n + 1);
	for (size_t i = 0; i < n; i++)
		f->delta[t[i] >> 8]++;
	int rc = db_learn_terms_put(f->db, pid, blob, terms_encode(t, n, blob), f->err);
	free(blob);
	free(t);
	f->docs++;
	if (rc == 0 && ++f->batch == TERMS_BATCH)
		rc = terms_commit(f) == 0 && db_begin(f->db, f->err) == 0 ? 0 : -1;
	return rc;
}

long learn_update_terms(struct db *db, char **err)
{
	struct featuring f = {.db = db, .delta = xcalloc(LEARN_DIM, sizeof *f.delta), .err = err};
	long rc = -1;
	if (db_begin(db, err) != 0)
		goto out;
	if (db_learn_unfeatured(db, feature_one, &f, err) < 0) {
		db_rollback(db);
		goto out;
	}
	if (terms_commit(&f) != 0)
		goto out;
	rc = f.docs;
out:
	free(f.delta);
	return rc;
}

/* ---- labels ---- */

/* Whether tag is one of cfg's negative_tags. */
static int negative_tag(const struct config *cfg, const char *tag, size_t len)
{
	const char *s = cfg && cfg->negative_tags ? cfg->negative_tags : "skip";
	while (*s) {
		while (*s == ',' || *s == ' ')
			s++;
		size_t n = strcspn(s, ", ");
		if (n && n == len && strncmp(s, tag, len) == 0)
			return 1;
		s += n;
	}
	return 0;
}

struct labels {
	const struct config *cfg;
	const char *tag;        /* a tag's model; NULL: everything kept */
	int64_t *pos, *neg;
	size_t npos, nneg, cpos, cneg;
};

static void push(int64_t **v, size_t *n, size_t *cap, int64_t pid)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = pid;
}

/* Sorts a paper into positives and negatives by its marks. */
static void label_one(void *ctx, int64_t pid, unsigned flags, const char *tags)
{
	struct labels *l = ctx;
	int kept = !l->tag && (flags & (DB_STARRED | DB_NOTED));
	int against = (flags & DB_DISMISSED) != 0;
	for (const char *t = tags; *t;) {
		size_t n = strcspn(t, "\n");
		if (l->tag ? strlen(l->tag) == n && strncmp(t, l->tag, n) == 0
			   : !negative_tag(l->cfg, t, n))
			kept = 1;
		else if (negative_tag(l->cfg, t, n))
			against = 1;
		t += n + (t[n] == '\n');
	}
	if (against)
		push(&l->neg, &l->nneg, &l->cneg, pid);
	else if (kept)
		push(&l->pos, &l->npos, &l->cpos, pid);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The tag of a model name ("foryou:TAG"), or NULL for "foryou". */
static const char *model_tag(const char *model)
{
	return strncmp(model, "foryou:", 7) == 0 ? model + 7 : NULL;
}

/* What a model depends on besides the marks: the settings it read. */
static char *model_config(const struct config *cfg)
{
	return xasprintf("negative_tags=%s", cfg && cfg->negative_tags ? cfg->negative_tags
								  : "skip");
}

/* ---- training and scoring on the cache ---- */

/* Unlabelled papers sampled as negatives: this many per positive, within
 * these bounds. */
#define UNLABELLED_PER_POSITIVE 20
#define UNLABELLED_MIN 1000
#define UNLABELLED_MAX 5000

/* The cache's counts, and what scoring reads of them: each term's idf and
 * 1 + ln tf for each count, worked out once rather than for every paper. */
struct corpus {
	uint32_t *df;
	int64_t docs;
	float *idf;
	float ltf[256];
};

static int corpus_load(struct db *db, struct corpus *c, char **err)
{
	c->df = xmalloc(LEARN_DIM * sizeof *c->df);
	if (db_learn_df_load(db, c->df, LEARN_DIM, &c->docs, err) != 0)
		return -1;
	c->idf = xmalloc(LEARN_DIM * sizeof *c->idf);
	for (uint32_t t = 0; t < LEARN_DIM; t++) /* as learn_tfidf weighs */
		c->idf[t] = (float)(log((1.0 + (double)c->docs) /
					(1.0 + (c->df[t] ? (double)c->df[t] : 1.0))) + 1.0);
	c->ltf[0] = 0;
	for (int tf = 1; tf < 256; tf++)
		c->ltf[tf] = (float)(1.0 + log((double)tf));
	return 0;
}

static void corpus_free(struct corpus *c)
{
	free(c->df);
	free(c->idf);
	memset(c, 0, sizeof *c);
}

/* Appends pid's vector (when its terms are stored) with label y. */
static int add_example(struct db *db, const struct corpus *c, int64_t pid, unsigned char y,
		       struct learn_vec **x, unsigned char **ys, size_t *n, char **err)
{
	void *blob;
	size_t bytes;
	int got = db_learn_terms_get(db, pid, &blob, &bytes, err);
	if (got <= 0)
		return got;
	uint32_t *t;
	size_t nt = terms_decode(blob, bytes, &t);
	free(blob);
	*x = xrealloc(*x, (*n + 1) * sizeof **x);
	*ys = xrealloc(*ys, (*n + 1) * sizeof **ys);
	learn_tfidf(t, nt, c->df, c->docs, &(*x)[*n]);
	(*ys)[(*n)++] = y;
	free(t);
	return 1;
}

/* Picks unlabelled papers among 1..last, the labelled ones (sorted) left
 * out: every one when they are few, else a fixed-seed sample. */
static int64_t *sample_unlabelled(int64_t last, const int64_t *labelled, size_t nlab,
				  size_t want, size_t *n)
{
	int64_t *v = xmalloc((want ? want : 1) * sizeof *v);
	*n = 0;
	if (last <= 0)
		return v;
	if ((uint64_t)last <= 2 * (uint64_t)want) {
		for (int64_t p = 1; p <= last && *n < want; p++)
			if (!bsearch(&p, labelled, nlab, sizeof *labelled, cmp_i64))
				v[(*n)++] = p;
		return v;
	}
	unsigned char *seen = xcalloc((size_t)last / 8 + 1, 1);
	uint64_t seed = 0x2545f4914f6cdd1dull;
	for (size_t tries = 0; *n < want && tries < 8 * want; tries++) {
		int64_t p = (int64_t)(next_rand(&seed) % (uint64_t)last) + 1;
		if (seen[p / 8] & (1 << (p % 8)))
			continue;
		seen[p / 8] |= (unsigned char)(1 << (p % 8));
		if (!bsearch(&p, labelled, nlab, sizeof *labelled, cmp_i64))
			v[(*n)++] = p;
	}
	free(seen);
	return v;
}

/* Called after each chunk of scores is committed (learn_set_chunk_hook). */
static void (*chunk_hook)(void *ctx);
static void *chunk_ctx;

void learn_set_chunk_hook(void (*fn)(void *ctx), void *ctx)
{
	chunk_hook = fn;
	chunk_ctx = ctx;
}

/*
 * Stores dm pointing to the scores under key (written before, a chunk at a
 * time) in one short transaction, with the like: lists past keep_likes
 * forgotten when that is not 0; then clears the scores no model points to
 * any more, a chunk at a time. A list reads a model's key and its scores
 * in one statement: the old scores, all of them, until this commits; the
 * new, all of them, after.
 */
static int publish(struct db *db, struct db_model *dm, const char *key, int keep_likes,
		   char **err)
{
	char **gone = NULL;
	char *was = dm->scores;
	dm->scores = (char *)key;
	int rc = db_begin(db, err);
	if (rc == 0) {
		rc = db_model_put(db, dm, err);
		if (rc == 0 && keep_likes)
			rc = db_models_prune(db, "like:", keep_likes, &gone, err);
		if (rc == 0)
			rc = db_commit(db, err);
		else
			db_rollback(db);
	}
	dm->scores = was;
	if (rc == 0)
		rc = db_scores_sweep(db, dm->name, key, err);
	for (int i = 0; rc == 0 && gone && gone[i]; i++)
		rc = db_scores_sweep(db, gone[i], NULL, err);
	db_strv_free(&gone);
	return rc;
}

/*
 * Trains model (name) from the marks into *out (unstored, unscored; its
 * scores key cur, the key of the model stored now). Returns the positives
 * found (below LEARN_MIN_POSITIVES nothing is trained: the model is stored
 * as having too few, its scores cleared), or -1.
 */
static long train_model(struct db *db, const struct config *cfg, const char *name,
			int64_t marks, const struct corpus *c, const char *cur,
			struct db_model *out, char **err)
{
	struct labels l = {.cfg = cfg, .tag = model_tag(name)};
	struct learn_vec *x = NULL;
	unsigned char *y = NULL;
	size_t n = 0, nun = 0;
	int64_t *lab = NULL, *un = NULL, last;
	long rc = -1;
	if (db_learn_marked(db, label_one, &l, err) != 0 || db_learn_last(db, &last, err) != 0)
		goto out;
	if (l.npos < LEARN_MIN_POSITIVES) { /* remembered, so as not to try again */
		struct db_model few = {.name = (char *)name, .marks = marks,
				       .config = model_config(cfg), .built = (int64_t)time(NULL),
				       .positives = (long)l.npos, .scored = last};
		char *key = db_scores_next_key(name, cur);
		int put = db_scores_sweep(db, name, cur ? cur : name, err) == 0 &&
			  publish(db, &few, key, 0, err) == 0;
		free(key);
		free(few.config);
		rc = put ? (long)l.npos : -1;
		goto out;
	}
	lab = xmalloc((l.npos + l.nneg + 1) * sizeof *lab);
	memcpy(lab, l.pos, l.npos * sizeof *lab);
	if (l.nneg)
		memcpy(lab + l.npos, l.neg, l.nneg * sizeof *lab);
	qsort(lab, l.npos + l.nneg, sizeof *lab, cmp_i64);
	size_t want = l.npos * UNLABELLED_PER_POSITIVE;
	want = want < UNLABELLED_MIN ? UNLABELLED_MIN : want > UNLABELLED_MAX ? UNLABELLED_MAX
									   : want;
	un = sample_unlabelled(last, lab, l.npos + l.nneg, want, &nun);
	for (size_t i = 0; i < l.npos; i++)
		if (add_example(db, c, l.pos[i], 1, &x, &y, &n, err) < 0)
			goto out;
	for (size_t i = 0; i < l.nneg; i++)
		if (add_example(db, c, l.neg[i], 0, &x, &y, &n, err) < 0)
			goto out;
	for (size_t i = 0; i < nun; i++)
		if (add_example(db, c, un[i], LEARN_UNLABELLED, &x, &y, &n, err) < 0)
			goto out;
	struct learn_model m;
	learn_train(x, y, n, &m);
	*out = (struct db_model){.name = xstrdup(name), .marks = marks,
				 .config = model_config(cfg), .built = (int64_t)time(NULL),
				 .positives = (long)l.npos, .negatives = (long)(n - l.npos),
				 .scores = cur ? xstrdup(cur) : NULL};
	out->weights = model_encode(&m, &out->nweights);
	learn_model_free(&m);
	rc = (long)l.npos;
out:
	for (size_t i = 0; i < n; i++)
		learn_vec_free(&x[i]);
	free(x);
	free(y);
	free(lab);
	free(un);
	free(l.pos);
	free(l.neg);
	return rc;
}

/* Scores flushed to the cache this many at a time. */
#define SCORE_BATCH 4096

/* A term's weight (the model's, or like:'s vector) and idf, read together
 * for each term of every paper: one cache line, not two, of arrays too
 * big for the cache. */
struct term_wi {
	float w, idf;
};

static struct term_wi *term_wi_new(const float *w, const struct corpus *c)
{
	struct term_wi *v = xmalloc(LEARN_DIM * sizeof *v);
	for (uint32_t t = 0; t < LEARN_DIM; t++) {
		v[t].w = w[t];
		v[t].idf = c->idf[t];
	}
	return v;
}

struct scoring {
	struct db *db;
	const char *name;
	const struct corpus *c;
	const struct learn_model *m;  /* a model's scores, or */
	const float *like;            /* the dense vector of the paper like: names */
	int64_t like_pid;
	const char *key;              /* the key the scores are written under */
	int whole;                    /* every paper, under a new key */
	int64_t seen;                 /* the last paper scored */
	struct term_wi *wi;           /* each term's weight and idf, side by side */
	int64_t pids[SCORE_BATCH];
	double scores[SCORE_BATCH];
	size_t n;
	char **err;
};

struct pid_score {
	int64_t pid;
	double score;
};

static int cmp_score(const void *a, const void *b)
{
	const struct pid_score *x = a, *y = b;
	return x->score < y->score ? -1 : x->score > y->score ? 1
	       : x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* A batch in the order of the index a list reads (model, score, pid): its
 * rows go into that b-tree in one pass, not each anywhere in it. */
static void batch_by_score(struct scoring *s)
{
	struct pid_score *v = xmalloc(s->n * sizeof *v);
	for (size_t i = 0; i < s->n; i++)
		v[i] = (struct pid_score){s->pids[i], s->scores[i]};
	qsort(v, s->n, sizeof *v, cmp_score);
	for (size_t i = 0; i < s->n; i++) {
		s->pids[i] = v[i].pid;
		s->scores[i] = v[i].score;
	}
	free(v);
}

/*
 * Writes the batch in a transaction of its own: the write lock is held for
 * one batch at a time, so a star or a tag from the interface waits for one
 * batch at most, never for a whole scoring. Scores of new papers under the
 * model's key record how far they got (one broken off goes on from there
 * next time); every paper's, under a new key, are not read until published.
 */
static int score_flush(struct scoring *s)
{
	int rc = 0;
	if (s->n > 1)
		batch_by_score(s);
	if (s->n || (!s->whole && s->m)) {
		rc = db_begin(s->db, s->err);
		if (rc == 0 && s->n)
			rc = db_scores_set(s->db, s->key, s->pids, s->scores, s->n, s->err);
		if (rc == 0 && !s->whole && s->m)
			rc = db_model_scored(s->db, s->name, s->seen, s->err);
		if (rc == 0)
			rc = db_commit(s->db, s->err);
		else
			db_rollback(s->db);
	}
	s->n = 0;
	if (rc == 0 && chunk_hook)
		chunk_hook(chunk_ctx);
	return rc;
}

/* The same as learn_score (or a dot product with like) of learn_tfidf's
 * vector, read straight from the blob: the loop every paper costs. */
static int score_one(void *ctx, int64_t pid, const void *blob, size_t bytes)
{
	struct scoring *s = ctx;
	const unsigned char *b = blob;
	const struct term_wi *wi = s->wi;
	const float *ltf = s->c->ltf;
	double dot = 0, norm = 0;
	size_t off = 0;
	uint32_t prev = 0, t;
	while ((t = terms_next(b, bytes, &off, &prev)) != UINT32_MAX) {
		const struct term_wi *e = &wi[t >> 8];
		double x = (double)ltf[t & 0xff] * e->idf;
		norm += x * x;
		dot += (double)e->w * x;
	}
	double score = norm > 0 ? dot / sqrt(norm) : 0;
	if (s->m)
		score += s->m->bias;
	s->seen = pid;
	if (s->like && (pid == s->like_pid || score <= 0))
		return 0; /* like: lists the papers that share terms, not the paper */
	if (s->n == SCORE_BATCH)
		return -1; /* not reached: a batch reads SCORE_BATCH papers at most */
	s->pids[s->n] = pid;
	s->scores[s->n++] = score;
	return 0;
}

/*
 * Scores the papers past after, a batch at a time: the papers read (no
 * read left open while writing, so no write meets a stale snapshot), then
 * their scores committed (score_flush).
 */
static int score_all(struct scoring *s, int64_t after)
{
	for (;;) {
		int n = db_learn_terms_each(s->db, after, SCORE_BATCH, score_one, s, s->err);
		if (n < 0 || (n > 0 && score_flush(s) != 0))
			return -1;
		if (n < SCORE_BATCH)
			return 0;
		after = s->seen;
	}
}

/*
 * Scores the papers past dm->scored with dm and records how far it got.
 * Every paper's (a model new or trained again: dm->scored 0) go under a
 * new key, what a run broken off left there cleared first, and dm is
 * stored pointing to them when all are written (publish); the new papers'
 * go under the key the model has.
 */
static int score_new(struct db *db, struct db_model *dm, const struct corpus *c,
		     int64_t last, char **err)
{
	struct learn_model m;
	model_decode(dm->weights, dm->nweights, &m);
	struct scoring *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->name = dm->name;
	s->c = c;
	s->m = &m;
	s->wi = term_wi_new(m.w, c);
	s->err = err;
	s->whole = dm->scored == 0;
	int rc;
	if (s->whole) {
		char *key = db_scores_next_key(dm->name, dm->scores);
		s->key = key;
		rc = db_scores_sweep(db, dm->name, dm->scores ? dm->scores : dm->name, err) == 0 &&
			     score_all(s, 0) == 0
			     ? 0 : -1;
		dm->scored = last;
		if (rc == 0)
			rc = publish(db, dm, key, 0, err);
		free(key);
	} else {
		s->key = dm->scores ? dm->scores : dm->name;
		rc = score_all(s, dm->scored) == 0 && db_model_scored(db, dm->name, last, err) == 0
			     ? 0 : -1;
	}
	free(s->wi);
	free(s);
	learn_model_free(&m);
	return rc;
}

/* The like: lists kept in the cache: the ones used last. */
#define LIKE_KEPT 8

/* like:ID's scores: every paper's cosine similarity to ID's vector. The
 * oldest like: lists past LIKE_KEPT go, so they do not pile up. */
static int score_like(struct db *db, const char *name, int64_t pid, const struct corpus *c,
		      int64_t last, char **err)
{
	void *blob;
	size_t bytes;
	int got = db_learn_terms_get(db, pid, &blob, &bytes, err);
	if (got < 0)
		return -1;
	uint32_t *t = NULL;
	size_t nt = got ? terms_decode(blob, bytes, &t) : 0;
	if (got)
		free(blob);
	struct learn_vec v;
	learn_tfidf(t, nt, c->df, c->docs, &v);
	free(t);
	float *dense = xcalloc(LEARN_DIM, sizeof *dense);
	for (int i = 0; i < v.n; i++)
		dense[v.term[i]] = v.val[i];
	learn_vec_free(&v);
	struct scoring *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->name = name;
	s->c = c;
	s->like = dense;
	s->wi = term_wi_new(dense, c);
	s->like_pid = pid;
	s->err = err;
	s->whole = 1;
	struct db_model dm = {.name = (char *)name, .config = "", .built = (int64_t)time(NULL),
			      .scored = last};
	struct db_model was;
	int had = db_model_get(db, name, &was, err);
	char *key = had >= 0 ? db_scores_next_key(name, had ? was.scores : NULL) : NULL;
	s->key = key;
	const char *cur = had > 0 ? (was.scores ? was.scores : name) : NULL;
	int rc = had >= 0 && db_scores_sweep(db, name, cur, err) == 0 &&
			 score_all(s, 0) == 0 && publish(db, &dm, key, LIKE_KEPT, err) == 0
		 ? 0 : -1;
	if (had > 0)
		db_model_clear(&was);
	free(key);
	free(s->wi);
	free(s);
	free(dense);
	return rc;
}

/* ---- what a query needs ---- */

/* The like: ids of a tree, not under NOT or under it alike (a NOT like:
 * needs the scores too). */
static void like_ids(const struct db_fnode *n, const char ***v, int *nv)
{
	if (n->kind == DB_F_LIKE) {
		*v = xrealloc(*v, (size_t)(*nv + 1) * sizeof **v);
		(*v)[(*nv)++] = n->text;
	}
	for (int i = 0; i < n->nkids; i++)
		like_ids(n->kids[i], v, nv);
}

static const char *score_model(const struct db_filter *f)
{
	return f->model[0] ? f->model : "foryou";
}

/* Whether the model f sorts by is one trained from the marks. */
static int sorts_by_marks(const struct db_filter *f)
{
	return f->sort == DB_SORT_SCORE && strncmp(score_model(f), "like:", 5) != 0;
}

/* 1 when model is missing, stale or has papers to score, 0 when ready;
 * *few is set when it is ready but has too few positives to rank. */
static int model_stale(struct db *db, const struct config *cfg, const char *name, int64_t marks,
		       int64_t last, long *few, char **err)
{
	struct db_model dm;
	*few = -1;
	int got = db_model_get(db, name, &dm, err);
	if (got < 0)
		return -1;
	if (!got)
		return 1;
	int stale = 0;
	if (strncmp(name, "like:", 5) != 0) {
		char *conf = model_config(cfg);
		stale = dm.marks != marks || strcmp(dm.config, conf) != 0;
		free(conf);
		if (!stale && dm.positives < LEARN_MIN_POSITIVES)
			*few = dm.positives;
	}
	stale |= *few < 0 && dm.scored < last;
	db_model_clear(&dm);
	return stale;
}

static char *too_few(const char *name, long pos)
{
	const char *tag = model_tag(name);
	if (tag)
		return xasprintf("too little to learn from: %ld paper%s tagged %s (%d needed);"
				 " newest first", pos, pos == 1 ? "" : "s", tag,
				 LEARN_MIN_POSITIVES);
	return xasprintf("too little to learn from: %ld kept paper%s (starred, noted or "
			 "tagged; %d needed); newest first", pos, pos == 1 ? "" : "s",
			 LEARN_MIN_POSITIVES);
}

int learn_stale(struct db *db, const struct config *cfg, struct db_filter *f, char **note,
		char **err)
{
	*note = NULL;
	const char **ids = NULL;
	int nids = 0, stale = 0;
	int64_t marks, last;
	if (f->root)
		like_ids(f->root, &ids, &nids);
	int wants_model = sorts_by_marks(f);
	if (wants_model && cfg && !cfg->learn) {
		*note = xstrdup("learning is off (learn = no); newest first");
		f->sort = DB_SORT_DAY;
		wants_model = 0;
	}
	if (!nids && !wants_model) {
		free(ids);
		return 0;
	}
	/* against the newest paper: one that came since has no terms, no score */
	if (db_learn_marks(db, &marks, err) != 0 || db_papers_last(db, &last, err) != 0) {
		free(ids);
		return -1;
	}
	long few = -1;
	if (wants_model)
		stale = model_stale(db, cfg, score_model(f), marks, last, &few, err);
	if (stale == 0 && few >= 0) {
		*note = too_few(score_model(f), few);
		f->sort = DB_SORT_DAY;
	}
	for (int i = 0; i < nids && stale == 0; i++) {
		long none;
		char *name = xasprintf("like:%s", ids[i]);
		stale = model_stale(db, cfg, name, marks, last, &none, err);
		free(name);
	}
	free(ids);
	if (stale != 0) {
		free(*note);
		*note = NULL;
	}
	return stale;
}

int learn_has_scores(struct db *db, const struct db_filter *f, char **err)
{
	if (f->sort != DB_SORT_SCORE)
		return 1;
	struct db_model dm;
	int got = db_model_get(db, score_model(f), &dm, err);
	if (got <= 0)
		return got;
	int has = strncmp(dm.name, "like:", 5) == 0 || dm.positives >= LEARN_MIN_POSITIVES;
	db_model_clear(&dm);
	return has;
}

/* Brings model name up to date: trained again when stale, new papers
 * scored. 0, or -1. */
static int model_ready(struct db *db, const struct config *cfg, const char *name,
		       const struct corpus *c, int64_t marks, int64_t last, char **err)
{
	struct db_model dm;
	int got = db_model_get(db, name, &dm, err);
	if (got < 0)
		return -1;
	char *conf = model_config(cfg);
	int stale = !got || dm.marks != marks || strcmp(dm.config, conf) != 0;
	free(conf);
	if (stale) {
		struct db_model was = dm;
		if (!got)
			memset(&was, 0, sizeof was);
		memset(&dm, 0, sizeof dm);
		long pos = train_model(db, cfg, name, marks, c, was.scores, &dm, err);
		db_model_clear(&was);
		if (pos < LEARN_MIN_POSITIVES)
			return pos < 0 ? -1 : 0;
	}
	int rc = dm.positives >= LEARN_MIN_POSITIVES && dm.scored < last
		 ? score_new(db, &dm, c, last, err) : 0;
	db_model_clear(&dm);
	return rc;
}

/* One like:ID's scores, made when stale. */
static int like_ready(struct db *db, const struct config *cfg, const char *id,
		      const struct corpus *c, int64_t marks, int64_t last, char **err)
{
	int64_t pid;
	long few;
	int got = db_pid_of(db, id, &pid, err);
	if (got <= 0) {
		if (got == 0) {
			free(*err);
			*err = xasprintf("like:%s: no such paper in the cache", id);
		}
		return -1;
	}
	char *name = xasprintf("like:%s", id);
	int st = model_stale(db, cfg, name, marks, last, &few, err);
	int rc = st < 0 ? -1 : 0;
	if (st == 1)
		rc = score_like(db, name, pid, c, last, err);
	free(name);
	return rc;
}

/* The work learn_stale found: terms, like: scores, the model. */
static int prepare_work(struct db *db, const struct config *cfg, const struct db_filter *f,
			char **err)
{
	const char **ids = NULL;
	int nids = 0, rc = -1;
	if (f->root)
		like_ids(f->root, &ids, &nids);
	struct corpus c = {0};
	int64_t marks, last;
	if (learn_update_terms(db, err) < 0 || db_learn_marks(db, &marks, err) != 0 ||
	    db_learn_last(db, &last, err) != 0 || corpus_load(db, &c, err) != 0)
		goto out;
	for (int i = 0; i < nids; i++)
		if (like_ready(db, cfg, ids[i], &c, marks, last, err) != 0)
			goto out;
	if (sorts_by_marks(f) && (!cfg || cfg->learn) &&
	    model_ready(db, cfg, score_model(f), &c, marks, last, err) != 0)
		goto out;
	rc = 0;
out:
	corpus_free(&c);
	free(ids);
	return rc;
}

/*
 * A read-only cache cannot learn: a list ranks by the model as it was
 * stored when its scores cover every paper (newer marks not learned from
 * yet), else newest first; *note says which: 0. like: needs scores it
 * would have to write: -1, saying so. 1: the work to do (none here).
 */
static int prepare_readonly(struct db *db, struct db_filter *f, char **note, char **err)
{
	const char **ids = NULL;
	int nids = 0;
	if (f->root)
		like_ids(f->root, &ids, &nids);
	if (nids) {
		set_err(err, "like:%s: the cache is read-only, and like: writes the scores it "
			     "ranks by", ids[0]);
		free(ids);
		return -1;
	}
	free(ids);
	if (!sorts_by_marks(f))
		return 1;
	struct db_model dm;
	int64_t last;
	int got = db_model_get(db, score_model(f), &dm, err);
	if (got < 0 || db_papers_last(db, &last, err) != 0) {
		if (got > 0)
			db_model_clear(&dm);
		return -1;
	}
	int usable = got && dm.positives >= LEARN_MIN_POSITIVES && dm.scored >= last;
	if (got)
		db_model_clear(&dm);
	if (usable) {
		*note = xstrdup("the cache is read-only: ranked as last learned, without the "
				"newest marks");
	} else {
		*note = xstrdup("the cache is read-only: nothing learned to rank by; newest first");
		f->sort = DB_SORT_DAY;
	}
	return 0;
}

int learn_prepare(struct db *db, const struct config *cfg, struct db_filter *f, char **note,
		  char **err)
{
	enum db_sort sort = f->sort;
	int st = learn_stale(db, cfg, f, note, err);
	if (st <= 0)
		return st;
	if (db_readonly(db) && (st = prepare_readonly(db, f, note, err)) <= 0)
		return st;
	if (prepare_work(db, cfg, f, err) != 0)
		return -1;
	f->sort = sort;
	return learn_stale(db, cfg, f, note, err) < 0 ? -1 : 0;
}

/* ---- why ---- */

struct why_ctx {
	const struct learn_model *m;
	const struct learn_vec *v;
	struct learn_word *w;
	int n;
};

/* Each term's contribution, named by the first word that hashes to it. */
static void why_word(void *ctx, const char *word, uint32_t term)
{
	struct why_ctx *c = ctx;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->w[i].word, word) == 0)
			return;
	for (int i = 0; i < c->v->n; i++)
		if (c->v->term[i] == term) {
			double contrib = (double)c->m->w[term] * c->v->val[i];
			if (contrib <= 0)
				return;
			for (int k = 0; k < c->n; k++) /* a term once, under its first word */
				if (hash_term(c->w[k].word) == term)
					return;
			c->w = xrealloc(c->w, (size_t)(c->n + 1) * sizeof *c->w);
			c->w[c->n].word = xstrdup(word);
			c->w[c->n++].weight = contrib;
			return;
		}
}

static int cmp_word(const void *a, const void *b)
{
	const struct learn_word *x = a, *y = b;
	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : strcmp(x->word, y->word);
}

/* The words of paper p that push it up under the stored model dm. */
static int why_words(struct db *db, const struct db_model *dm, const struct paper *p, int max,
		     struct learn_word **out, char **err)
{
	uint32_t *t;
	size_t nt = learn_terms(p->title, p->abstract, p->ai_keywords, &t);
	uint32_t *ids = xmalloc((nt ? nt : 1) * sizeof *ids);
	uint32_t *dfs = xmalloc((nt ? nt : 1) * sizeof *dfs);
	uint32_t *df = xcalloc(LEARN_DIM, sizeof *df);
	int64_t docs;
	for (size_t i = 0; i < nt; i++)
		ids[i] = t[i] >> 8;
	int rc = -1;
	if (db_learn_df_get(db, ids, nt, dfs, &docs, err) != 0)
		goto out;
	for (size_t i = 0; i < nt; i++)
		df[ids[i]] = dfs[i];
	struct learn_model m;
	model_decode(dm->weights, dm->nweights, &m);
	struct learn_vec v;
	learn_tfidf(t, nt, df, docs, &v);
	struct why_ctx w = {.m = &m, .v = &v};
	learn_words(p->title, p->abstract, p->ai_keywords, why_word, &w);
	if (w.n)
		qsort(w.w, (size_t)w.n, sizeof *w.w, cmp_word);
	for (int i = max; i < w.n; i++)
		free(w.w[i].word);
	*out = w.w;
	rc = w.n < max ? w.n : max;
	learn_vec_free(&v);
	learn_model_free(&m);
out:
	free(t);
	free(ids);
	free(dfs);
	free(df);
	return rc;
}

int learn_why(struct db *db, const struct config *cfg, const char *model, const char *id,
	      int max, struct learn_word **out, char **note, char **err)
{
	*out = NULL;
	*note = NULL;
	struct db_paper p;
	int got = db_get(db, id, &p, err);
	if (got <= 0) {
		if (got == 0)
			set_err(err, "%s: no such paper in the cache", id);
		return -1;
	}
	struct db_filter f = {.sort = DB_SORT_SCORE};
	snprintf(f.model, sizeof f.model, "%s", model);
	int rc = -1;
	struct db_model dm = {0};
	if (learn_prepare(db, cfg, &f, note, err) != 0)
		goto out;
	if (*note && f.sort != DB_SORT_SCORE) {
		/* nothing to rank by: the note's "newest first" is a list's */
		char *tail = strstr(*note, "; newest first");
		if (tail)
			*tail = '\0';
		rc = 0;
		goto out;
	}
	/* a read-only cache's stored model still says why (and *note that it
	 * lacks the newest marks) */
	if ((got = db_model_get(db, model, &dm, err)) > 0)
		rc = why_words(db, &dm, &p.p, max, out, err);
	else if (got == 0)
		rc = 0;
out:
	db_model_clear(&dm);
	db_paper_clear(&p);
	return rc;
}

int learn_why_stored(struct db *db, const char *model, const struct paper *p, int max,
		     struct learn_word **out, char **err)
{
	*out = NULL;
	struct db_model dm;
	int got = db_model_get(db, model, &dm, err);
	if (got <= 0)
		return got;
	int rc = dm.positives >= LEARN_MIN_POSITIVES ? why_words(db, &dm, p, max, out, err) : 0;
	db_model_clear(&dm);
	return rc;
}

void learn_words_free(struct learn_word **w, int n)
{
	for (int i = 0; i < n && *w; i++)
		free((*w)[i].word);
	free(*w);
	*w = NULL;
}

int learn_forget(struct db *db, char **err)
{
	if (db_begin(db, err) != 0)
		return -1;
	if (db_models_forget(db, err) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}
