/* learn: tf-idf terms, linear models, and their scores (see learn.h). */
#include "learn.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "config.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"

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

/* The bytes of the character at p when it is a CJK one, else 0. */
static int cjk_at(const unsigned char *p)
{
	unsigned cp;
	int n = *p >= 0x80 ? utf8_seq_len(p, 4, &cp) : 0; /* stops at the NUL */
	return n > 0 && text_cjk_char(cp) ? n : 0;
}

/* The bytes of the character at p when it is CJK punctuation (an ideographic
 * comma, full stop, bracket, fullwidth form), which ends a word, else 0. */
static int cjk_punct_at(const unsigned char *p)
{
	unsigned cp;
	int n = *p >= 0x80 ? utf8_seq_len(p, 4, &cp) : 0;
	return n > 0 && ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF65)) ? n : 0;
}

/*
 * Calls fn with each term of a run of CJK characters at *p, moving *p past
 * it: the run has no spaces between its words, so its terms are its
 * overlapping pairs of characters ("大语言模型": 大语 语言 言模 模型), as the
 * search index holds them; a run of one character is that character.
 */
static void each_cjk(const unsigned char **p,
		     void (*fn)(void *ctx, const char *word, uint32_t term), void *ctx)
{
	char w[9];
	const unsigned char *a = *p;
	int an = cjk_at(a), bn, pairs = 0;
	const unsigned char *b = a + an;
	for (; (bn = cjk_at(b)) > 0; a = b, an = bn, b += bn, pairs++) {
		memcpy(w, a, (size_t)an);
		memcpy(w + an, b, (size_t)bn);
		w[an + bn] = '\0';
		fn(ctx, w, hash_term(w));
	}
	if (!pairs) {
		memcpy(w, a, (size_t)an);
		w[an] = '\0';
		fn(ctx, w, hash_term(w));
	}
	*p = b;
}

/*
 * Calls fn with each word of s (lowercase, starting with a letter, two or
 * more bytes, no stopword) and each pair of neighbouring such words ("a b"),
 * carrying *prev (the last word) across calls; and with the terms of each
 * run of CJK characters (each_cjk), which pair with no word.
 */
static void each_term(const char *s, char prev[WORD_MAX + 1],
		      void (*fn)(void *ctx, const char *word, uint32_t term), void *ctx)
{
	if (!s)
		return;
	char w[WORD_MAX + 1], pair[2 * WORD_MAX + 2];
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p) { /* to the next word */
			int k = cjk_punct_at(p);
			if (!k && word_byte(*p))
				break;
			p += k ? k : 1;
		}
		if (!*p)
			break;
		if (cjk_at(p)) {
			each_cjk(&p, fn, ctx);
			prev[0] = '\0';
			continue;
		}
		size_t n = 0;
		int digit_first = *p >= '0' && *p <= '9';
		while (*p && word_byte(*p) && !cjk_at(p) && !cjk_punct_at(p)) {
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
 * from the one before (the first from 0) shifted left a bit, the bit set
 * when the term is there more than once, as a varint (7 bits a byte, low
 * first, the high bit set on all but the last); then, with the bit set,
 * its count, one byte. One to four bytes a term, two for most.
 */
static size_t terms_encode(const uint32_t *terms, size_t n, unsigned char *out)
{
	unsigned char *p = out;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t t = terms[i] >> 8, tf = terms[i] & 0xff, v = (t - prev) << 1 | (tf > 1);
		prev = t;
		while (v >= 0x80) {
			*p++ = (unsigned char)(v | 0x80);
			v >>= 7;
		}
		*p++ = (unsigned char)v;
		if (tf > 1)
			*p++ = (unsigned char)tf;
	}
	return (size_t)(p - out);
}

/* The next term of a stored blob at *off: its packed form (term << 8 |
 * count), or UINT32_MAX at the end or at damage (a step past LEARN_DIM, a
 * cut-off varint or count). */
static uint32_t terms_next(const unsigned char *b, size_t bytes, size_t *off, uint32_t *prev)
{
	uint32_t v = 0;
	for (int shift = 0; *off < bytes && shift < 28; shift += 7) {
		unsigned char c = b[(*off)++];
		v |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			uint32_t t = *prev + (v >> 1), tf = 1;
			if (t >= LEARN_DIM || t < *prev)
				return UINT32_MAX;
			if (v & 1) {
				if (*off >= bytes)
					return UINT32_MAX;
				tf = b[(*off)++];
			}
			*prev = t;
			return t << 8 | tf;
		}
	}
	return UINT32_MAX;
}

/* Packed terms from a stored blob; a damaged blob's terms up to the damage.
 * Returns the count; *out new. */
static size_t terms_decode(const void *blob, size_t bytes, uint32_t **out)
{
	size_t n = bytes + 1, k = 0, off = 0;
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

/*
 * Papers' terms are stored by chunks of 1 << CHUNK_BITS consecutive pids, a
 * row a chunk, so scoring every paper reads a thousand rows for a million
 * papers. A chunk's blob holds, for each paper in pid order: the step from
 * the pid before (the first from the chunk's first pid) as a varint; the
 * norm of its tf-idf vector as the counts were when it was stored (a
 * float: scoring divides by it rather than weigh every term again); the
 * bytes of its terms as a varint, then its terms (terms_encode). A paper
 * keeps its TERMS_KEPT strongest terms (by tf-idf as the cache counts
 * them then; a term in fewer papers than the square root of them all
 * counts for less, too rare to learn from, and one no other paper holds
 * goes last): its vector is the tf-idf of those, for training, scoring and
 * like: alike.
 */
#define CHUNK_BITS 10
#define TERMS_KEPT 96

/* Papers whose terms are stored in one transaction: a first learning on a
 * big cache lets go of the write lock between batches, so the interface's
 * marks and a sync are not held up for the whole of it. */
#define TERMS_BATCH 10000

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/* 0 and *v, or -1 at the end or at damage. */
static int get_varint(const unsigned char *b, size_t bytes, size_t *off, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; *off < bytes && shift < 63; shift += 7) {
		unsigned char c = b[(*off)++];
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* The next paper of a chunk's blob at *off (*pid the one before): 1 with
 * its pid, its vector's norm and its terms' bytes (borrowed), 0 at the end
 * or at damage. */
static int chunk_next(const unsigned char *b, size_t bytes, size_t *off, int64_t *pid,
		      float *norm, const unsigned char **terms, size_t *nterms)
{
	uint64_t step, len;
	if (get_varint(b, bytes, off, &step) != 0 || bytes - *off < 4)
		return 0;
	*norm = get_float(b + *off);
	*off += 4;
	if (get_varint(b, bytes, off, &len) != 0 || len > bytes - *off ||
	    step > (1u << CHUNK_BITS) || !isfinite(*norm))
		return 0;
	*pid += (int64_t)step;
	*terms = b + *off;
	*nterms = (size_t)len;
	*off += (size_t)len;
	return 1;
}

/* A paper's terms in a chunk being changed: packed (term << 8 | count). */
struct entry {
	int64_t pid;
	uint32_t *terms;
	size_t n;
	int fresh;          /* 1 a new paper, 2 a paper's new text: all its terms */
	float norm;         /* of its tf-idf vector */
};

struct featuring {
	struct db *db;
	uint32_t *df;       /* each term's papers, these counted in */
	int64_t docs;
	int32_t *delta;     /* what the open transaction adds to learn_df */
	int64_t delta_docs;
	int64_t chunk;      /* the chunk in e (-1: none) */
	struct entry *e;
	size_t ne, cap;
	long papers, batch, changed;
	char **err;
};

static void entries_clear(struct featuring *f)
{
	for (size_t i = 0; i < f->ne; i++)
		free(f->e[i].terms);
	f->ne = 0;
}

static struct entry *entry_add(struct featuring *f, int64_t pid)
{
	if (f->ne == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->e = xrealloc(f->e, f->cap * sizeof *f->e);
	}
	struct entry *e = &f->e[f->ne++];
	memset(e, 0, sizeof *e);
	e->pid = pid;
	return e;
}

/* Reads chunk's stored papers into f->e. */
static int chunk_load(struct featuring *f, int64_t chunk)
{
	void *blob;
	size_t bytes, off = 0, nt;
	entries_clear(f);
	f->chunk = chunk;
	int got = db_learn_chunk_get(f->db, chunk, &blob, &bytes, f->err);
	if (got <= 0)
		return got;
	int64_t pid = chunk << CHUNK_BITS;
	const unsigned char *t;
	float norm;
	while (chunk_next(blob, bytes, &off, &pid, &norm, &t, &nt)) {
		struct entry *e = entry_add(f, pid);
		e->n = terms_decode(t, nt, &e->terms);
		e->norm = norm;
	}
	free(blob);
	return 0;
}

struct weighed {
	float w;
	uint32_t term;
};

static int cmp_weighed(const void *a, const void *b)
{
	const struct weighed *x = a, *y = b;
	return x->w < y->w ? 1 : x->w > y->w ? -1 : x->term > y->term ? 1 : x->term < y->term ? -1 : 0;
}

/* Keeps e's TERMS_KEPT strongest terms, in the order of their numbers. */
static void keep_strongest(const struct featuring *f, struct entry *e)
{
	if (e->n <= TERMS_KEPT)
		return;
	struct weighed *v = xmalloc(e->n * sizeof *v);
	double rare = sqrt((double)f->docs);
	rare = rare < 2 ? 2 : rare;
	for (size_t i = 0; i < e->n; i++) {
		uint32_t t = e->terms[i] >> 8, tf = e->terms[i] & 0xff, df = f->df[t];
		double idf = log((1.0 + (double)f->docs) / (1.0 + (df ? df : 1))) + 1.0;
		double w = (1.0 + log((double)(tf ? tf : 1))) * idf;
		/* a term in fewer papers than the square root of them all is
		 * too rare to be learned from much: it counts for less */
		double common = df >= rare ? 1.0 : df > 1 ? df / rare : 1e-3 / rare;
		v[i] = (struct weighed){(float)(w * common), e->terms[i]};
	}
	qsort(v, e->n, sizeof *v, cmp_weighed);
	for (size_t i = 0; i < TERMS_KEPT; i++)
		e->terms[i] = v[i].term;
	e->n = TERMS_KEPT;
	qsort(e->terms, e->n, sizeof *e->terms, cmp_u32);
	free(v);
}

/* The norm of e's tf-idf vector (learn_tfidf's weights) by f's counts. */
static float terms_norm(const struct featuring *f, const struct entry *e)
{
	double norm = 0;
	for (size_t i = 0; i < e->n; i++) {
		uint32_t t = e->terms[i] >> 8, tf = e->terms[i] & 0xff, df = f->df[t];
		if (!tf)
			continue;
		double idf = log((1.0 + (double)f->docs) / (1.0 + (df ? df : 1))) + 1.0;
		double x = (1.0 + log((double)tf)) * idf;
		norm += x * x;
	}
	return (float)sqrt(norm);
}

/* Counts the chunk's fresh terms in, keeps each paper's strongest, and
 * stores the chunk. */
static int chunk_flush(struct featuring *f)
{
	if (f->chunk < 0)
		return 0;
	int any = 0;
	for (size_t i = 0; i < f->ne; i++) {
		struct entry *e = &f->e[i];
		if (!e->fresh)
			continue;
		any = 1;
		for (size_t k = 0; k < e->n; k++) {
			f->df[e->terms[k] >> 8]++;
			f->delta[e->terms[k] >> 8]++;
		}
		if (e->fresh == 1) {
			f->docs++;
			f->delta_docs++;
		}
	}
	for (size_t i = 0; i < f->ne; i++)
		if (f->e[i].fresh) {
			keep_strongest(f, &f->e[i]);
			f->e[i].norm = terms_norm(f, &f->e[i]);
		}
	int rc = 0;
	if (any && f->ne) {
		size_t cap = 16;
		for (size_t i = 0; i < f->ne; i++)
			cap += 24 + 4 * f->e[i].n;
		unsigned char *blob = xmalloc(cap), *p = blob;
		int64_t prev = f->chunk << CHUNK_BITS;
		for (size_t i = 0; i < f->ne; i++) {
			unsigned char *t = xmalloc(4 * f->e[i].n + 1);
			size_t nt = terms_encode(f->e[i].terms, f->e[i].n, t);
			p = put_varint(p, (uint64_t)(f->e[i].pid - prev));
			put_float(p, f->e[i].norm);
			p += 4;
			p = put_varint(p, nt);
			memcpy(p, t, nt);
			p += nt;
			prev = f->e[i].pid;
			free(t);
		}
		rc = db_learn_chunk_put(f->db, f->chunk, prev, blob, (size_t)(p - blob), f->err);
		free(blob);
	}
	entries_clear(f);
	f->chunk = -1;
	return rc;
}

/* Counts the batch in and commits it with its terms. */
static int terms_commit(struct featuring *f)
{
	if ((f->delta_docs || f->batch) &&
	    db_learn_df_add(f->db, f->delta, LEARN_DIM, f->delta_docs, f->err) != 0)
		return -1;
	memset(f->delta, 0, LEARN_DIM * sizeof *f->delta);
	f->delta_docs = 0;
	f->batch = 0;
	return db_commit(f->db, f->err);
}

/* Turns to the chunk of pid, the one before stored. */
static int chunk_turn(struct featuring *f, int64_t pid)
{
	int64_t chunk = pid >> CHUNK_BITS;
	if (chunk == f->chunk)
		return 0;
	if (chunk_flush(f) != 0)
		return -1;
	if (f->batch >= TERMS_BATCH &&
	    (terms_commit(f) != 0 || db_begin(f->db, f->err) != 0))
		return -1;
	return chunk_load(f, chunk);
}

static int feature_one(void *ctx, int64_t pid, const char *title, const char *abstract,
		       const char *keywords)
{
	struct featuring *f = ctx;
	if (chunk_turn(f, pid) != 0)
		return -1;
	if (f->ne && f->e[f->ne - 1].pid >= pid)
		return 0; /* stored meanwhile, by another scoring */
	struct entry *e = entry_add(f, pid);
	e->n = learn_terms(title, abstract, keywords, &e->terms);
	e->fresh = 1;
	f->papers++;
	f->batch++;
	return 0;
}

/* A paper whose text changed: its old terms counted out, its new ones in
 * their place (the counts of the terms it held past TERMS_KEPT stay: the
 * commonest, where one paper more or less weighs nothing). */
static int refeature_one(void *ctx, int64_t pid, const char *title, const char *abstract,
			 const char *keywords)
{
	struct featuring *f = ctx;
	if (chunk_turn(f, pid) != 0)
		return -1;
	for (size_t i = 0; i < f->ne; i++) {
		struct entry *e = &f->e[i];
		if (e->pid != pid || e->fresh)
			continue;
		for (size_t k = 0; k < e->n; k++) {
			uint32_t t = e->terms[k] >> 8;
			f->df[t] -= f->df[t] > 0;
			f->delta[t]--;
		}
		free(e->terms);
		e->n = learn_terms(title, abstract, keywords, &e->terms);
		e->fresh = 2;
		f->changed++;
		f->batch++;
		break;
	}
	return 0;
}

long learn_update_terms(struct db *db, char **err)
{
	struct featuring f = {.db = db, .df = xmalloc(LEARN_DIM * sizeof *f.df),
			      .delta = xcalloc(LEARN_DIM, sizeof *f.delta), .chunk = -1,
			      .err = err};
	long rc = -1;
	int64_t featured, last;
	int changed = db_learn_changed_any(db, err);
	if (changed < 0 || db_learn_last(db, &featured, err) != 0 ||
	    db_papers_last(db, &last, err) != 0)
		goto out;
	if (!changed && featured >= last) { /* nothing new: the counts not read */
		rc = 0;
		goto out;
	}
	if (db_begin(db, err) != 0)
		goto out;
	if (db_learn_df_load(db, f.df, LEARN_DIM, &f.docs, err) != 0 ||
	    db_learn_changed(db, refeature_one, &f, err) < 0 || chunk_flush(&f) != 0 ||
	    db_learn_changed_clear(db, f.changed > 0, err) != 0 ||
	    db_learn_unfeatured(db, feature_one, &f, err) < 0 || chunk_flush(&f) != 0) {
		db_rollback(db);
		goto out;
	}
	if (terms_commit(&f) != 0)
		goto out;
	rc = f.papers;
out:
	entries_clear(&f);
	free(f.e);
	free(f.df);
	free(f.delta);
	return rc;
}

/* pid's stored terms from its chunk's blob: 1 and *out (new) of *n, 0
 * when the chunk does not hold it. */
static int chunk_paper(const void *blob, size_t bytes, int64_t chunk, int64_t pid,
		       uint32_t **out, size_t *n)
{
	size_t off = 0, nt;
	int64_t p = chunk << CHUNK_BITS;
	const unsigned char *t;
	float norm;
	while (chunk_next(blob, bytes, &off, &p, &norm, &t, &nt) && p <= pid)
		if (p == pid) {
			*n = terms_decode(t, nt, out);
			return 1;
		}
	return 0;
}

/* pid's stored terms: 1 and *out (new) of *n, 0 when it has none, -1. */
static int paper_terms(struct db *db, int64_t pid, uint32_t **out, size_t *n, char **err)
{
	void *blob;
	size_t bytes;
	int got = db_learn_chunk_get(db, pid >> CHUNK_BITS, &blob, &bytes, err);
	if (got <= 0)
		return got;
	got = chunk_paper(blob, bytes, pid >> CHUNK_BITS, pid, out, n);
	free(blob);
	return got;
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

/* An example to train on: a paper and its label. */
struct example {
	int64_t pid;
	unsigned char y;
	size_t at;           /* its place among the examples */
};

static int cmp_example_pid(const void *a, const void *b)
{
	const struct example *x = a, *y = b;
	return x->pid < y->pid ? -1 : x->pid > y->pid ? 1 : x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The vectors of the n examples ex (their order kept) whose terms are
 * stored, into *x and *ys, *nx of them: read in pid order, a chunk once
 * for all its papers.
 */
static int load_examples(struct db *db, const struct corpus *c, struct example *ex, size_t n,
			 struct learn_vec **x, unsigned char **ys, size_t *nx, char **err)
{
	struct learn_vec *v = xcalloc(n ? n : 1, sizeof *v);
	unsigned char *found = xcalloc(n ? n : 1, 1);
	qsort(ex, n, sizeof *ex, cmp_example_pid);
	void *blob = NULL;
	size_t bytes = 0;
	int64_t chunk = -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int64_t ch = ex[i].pid >> CHUNK_BITS;
		if (ch != chunk) {
			free(blob);
			blob = NULL;
			chunk = ch;
			if (db_learn_chunk_get(db, ch, &blob, &bytes, err) < 0)
				rc = -1;
		}
		uint32_t *t;
		size_t nt;
		if (rc == 0 && blob && chunk_paper(blob, bytes, ch, ex[i].pid, &t, &nt)) {
			learn_tfidf(t, nt, c->df, c->docs, &v[ex[i].at]);
			found[ex[i].at] = 1;
			free(t);
		}
	}
	free(blob);
	unsigned char *y = xmalloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		y[ex[i].at] = ex[i].y;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (found[i]) {
			v[k] = v[i];
			y[k++] = y[i];
		}
	free(found);
	*x = v;
	*ys = y;
	*nx = k;
	return rc;
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

/* Called between batches of chunks a scoring reads (learn_set_chunk_hook). */
static void (*chunk_hook)(void *ctx);
static void *chunk_ctx;

void learn_set_chunk_hook(void (*fn)(void *ctx), void *ctx)
{
	chunk_hook = fn;
	chunk_ctx = ctx;
}

/*
 * Stores dm and its scores (score[i] pid i + 1's, n of them) in one short
 * transaction, with the like: lists past keep_likes forgotten when that is
 * not 0. A list reads the old model's scores, all of them, until this
 * commits; the new, all of them, after. When base is set (new papers
 * scored onto the scores of the model base was read as), nothing is
 * stored if another scoring stored the model anew meanwhile: its scores
 * stand.
 */
static int publish(struct db *db, const struct db_model *dm, const float *score, size_t n,
		   const struct db_model *base, int keep_likes, char **err)
{
	struct db_ranked *order = score ? db_scores_rank(score, n) : NULL;
	if (db_begin(db, err) != 0) {
		db_ranked_free(&order);
		return -1;
	}
	int rc = 0;
	if (base) {
		struct db_model now;
		int got = db_model_get(db, dm->name, &now, err);
		if (got < 0)
			rc = -1;
		else if (!got || now.built != base->built || now.marks != base->marks ||
			 now.scored != base->scored)
			rc = 1;
		if (got > 0)
			db_model_clear(&now);
	}
	if (rc == 0)
		rc = db_model_put(db, dm, err) == 0 &&
			     (score ? db_scores_put(db, dm->name, score, n, order, err)
				    : db_scores_drop(db, dm->name, err)) == 0 &&
			     (!keep_likes || db_models_prune(db, "like:", keep_likes, err) == 0)
		     ? 0 : -1;
	db_ranked_free(&order);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

/*
 * Trains model (name) from the marks into *out (unstored, unscored).
 * Returns the positives found (below LEARN_MIN_POSITIVES nothing is
 * trained: the model is stored as having too few, without scores), or -1.
 */
static long train_model(struct db *db, const struct config *cfg, const char *name,
			int64_t marks, const struct corpus *c, struct db_model *out, char **err)
{
	struct labels l = {.cfg = cfg, .tag = model_tag(name)};
	struct learn_vec *x = NULL;
	unsigned char *y = NULL;
	struct example *ex = NULL;
	size_t n = 0, nun = 0;
	int64_t *lab = NULL, *un = NULL, last;
	long rc = -1;
	if (db_learn_marked(db, label_one, &l, err) != 0 || db_learn_last(db, &last, err) != 0)
		goto out;
	if (l.npos < LEARN_MIN_POSITIVES) { /* remembered, so as not to try again */
		struct db_model few = {.name = (char *)name, .marks = marks,
				       .config = model_config(cfg), .built = (int64_t)time(NULL),
				       .positives = (long)l.npos, .scored = last};
		int put = publish(db, &few, NULL, 0, NULL, 0, err) == 0;
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
	size_t nex = l.npos + l.nneg + nun, k = 0;
	ex = xmalloc((nex ? nex : 1) * sizeof *ex);
	for (size_t i = 0; i < l.npos; i++, k++)
		ex[k] = (struct example){l.pos[i], LEARN_POSITIVE, k};
	for (size_t i = 0; i < l.nneg; i++, k++)
		ex[k] = (struct example){l.neg[i], LEARN_NEGATIVE, k};
	for (size_t i = 0; i < nun; i++, k++)
		ex[k] = (struct example){un[i], LEARN_UNLABELLED, k};
	if (load_examples(db, c, ex, nex, &x, &y, &n, err) != 0)
		goto out;
	size_t npos = 0;
	for (size_t i = 0; i < n; i++)
		npos += y[i] == LEARN_POSITIVE;
	struct learn_model m;
	learn_train(x, y, n, &m);
	*out = (struct db_model){.name = xstrdup(name), .marks = marks,
				 .config = model_config(cfg), .built = (int64_t)time(NULL),
				 .positives = (long)l.npos, .negatives = (long)(n - npos)};
	out->weights = model_encode(&m, &out->nweights);
	learn_model_free(&m);
	rc = (long)l.npos;
out:
	for (size_t i = 0; x && i < n; i++)
		learn_vec_free(&x[i]);
	free(x);
	free(y);
	free(ex);
	free(lab);
	free(un);
	free(l.pos);
	free(l.neg);
	return rc;
}

/*
 * What scoring reads for each term of every paper: its place among the
 * terms the model weighs (16 bits a term, 0 for the rest: 512 KiB), and
 * for those (a model keeps 8,192) their weight times their idf (32 KiB):
 * one sum with no branch, from tables that stay in the processor's cache,
 * where every term's weight and idf (2 MiB) did not. A paper's norm is
 * stored with its terms.
 */
struct term_table {
	uint16_t *at;            /* term t's place in wx; 0: it weighs nothing */
	float *wx;               /* weight * idf; wx[0] is 0 */
};

static void term_table_init(struct term_table *tt, const float *w, const struct corpus *c)
{
	tt->at = xcalloc(LEARN_DIM, sizeof *tt->at);
	size_t n = 0;
	for (uint32_t t = 0; t < LEARN_DIM; t++)
		n += w[t] != 0;
	tt->wx = xcalloc(n + 1, sizeof *tt->wx);
	uint32_t k = 1;
	for (uint32_t t = 0; t < LEARN_DIM && k < 65536; t++)
		if (w[t] != 0) {
			tt->at[t] = (uint16_t)k;
			tt->wx[k++] = w[t] * c->idf[t];
		}
}

static void term_table_free(struct term_table *tt)
{
	free(tt->at);
	free(tt->wx);
	memset(tt, 0, sizeof *tt);
}

/* Chunks a scoring reads between two calls of the hook. */
#define HOOK_CHUNKS 2

struct scoring {
	const struct corpus *c;
	float bias;
	int like;                     /* like:'s scores: only those above 0 */
	int64_t like_pid;             /* the paper like: names, not listed */
	int64_t after;                /* papers up to this one are not scored */
	struct term_table tt;
	float *score;                 /* by pid - 1 */
	size_t n;
	long chunks;
};

/*
 * The score of a paper none of whose terms the model weighs: one with no
 * terms at all (no abstract, a title of symbols), or with only words no
 * paper it learned from held. Nothing speaks for or against it, and the
 * model's bias alone may be above papers that share words with the kept
 * ones: it ranks after every paper with some evidence.
 */
#define NO_EVIDENCE (-FLT_MAX)

/*
 * learn_score (or a dot product with like) of learn_tfidf's vector, read
 * straight from the stored terms (terms_next's format, decoded in line)
 * and norm: the loop every paper costs. Damage ends the paper. NO_EVIDENCE
 * when no term weighs.
 *
 * The product is two sums, of the terms in even places and in odd ones,
 * added at the end: each addition waits for the one before in its own sum
 * only, so two are under way at once, where one sum made every term wait
 * for the last (a float addition's few cycles, of the ten or so a term
 * took).
 */
static float score_terms(const struct scoring *s, float norm, const unsigned char *b,
			 size_t bytes)
{
	const uint16_t *at = s->tt.at;
	const float *wx = s->tt.wx, *ltf = s->c->ltf;
	const unsigned char *p = b, *end = b + bytes;
	float dot = 0, other = 0; /* the sum the next term adds to, and the other */
	uint32_t term = 0, weighed = 0;
	while (p < end) {
		/* the varint, its bytes written out: no shift by a count held in
		 * a register, which took one the loop's tables wanted */
		uint32_t v = *p++;
		if (v & 0x80) {
			if (p >= end)
				goto done;
			uint32_t c = *p++;
			v = (v & 0x7f) | (c & 0x7f) << 7;
			if (c & 0x80) {
				if (p >= end)
					goto done;
				c = *p++;
				v |= (c & 0x7f) << 14;
				if (c & 0x80) {
					if (p >= end)
						goto done;
					c = *p++;
					v |= (c & 0x7f) << 21;
					if (c & 0x80) /* a fifth byte */
						goto done;
				}
			}
		}
		term += v >> 1;
		if (term >= LEARN_DIM)
			break;
		uint32_t tf = 1;
		if (v & 1) {
			if (p >= end)
				break;
			tf = *p++;
		}
		float x = ltf[tf] * wx[at[term]], next = other;
		other = dot + x;
		dot = next;
		weighed |= at[term];
	}
done:
	dot += other;
	if (!weighed)
		return NO_EVIDENCE;
	return norm > 0 ? dot / norm + s->bias : s->bias;
}

/* Scores the papers of one chunk's blob into s->score (each its own
 * place: two threads may score two chunks at once). */
static void score_chunk(const struct scoring *s, int64_t chunk, const void *blob, size_t bytes)
{
	size_t off = 0, nt;
	int64_t pid = chunk << CHUNK_BITS;
	const unsigned char *t;
	float norm;
	while (chunk_next(blob, bytes, &off, &pid, &norm, &t, &nt)) {
		if (pid <= s->after || (uint64_t)pid > s->n)
			continue;
		float v = score_terms(s, norm, t, nt);
		if (s->like && (pid == s->like_pid || !(v > 0)))
			v = NAN; /* like: lists the papers that share terms, not the paper */
		s->score[pid - 1] = v;
	}
}

static int score_each(void *ctx, int64_t chunk, struct db_buf *buf, size_t bytes)
{
	struct scoring *s = ctx;
	score_chunk(s, chunk, buf->data, bytes);
	if (++s->chunks % HOOK_CHUNKS == 0 && chunk_hook)
		chunk_hook(chunk_ctx);
	return 0;
}

/*
 * Scoring on two cores: the connection's thread reads the chunks and
 * queues copies of them; a second thread scores what is queued, and the
 * first scores one itself whenever the queue is full, and what is left at
 * the end. The queue is under a mutex; the scores each thread writes are
 * its chunks' own.
 */
#define QUEUE_CHUNKS 8

struct queued {
	int64_t chunk;
	void *blob;
	size_t bytes, cap;
};

/* The buffers of the chunks queued and scored are kept for the next reads,
 * not freed (each a fresh mapping of the allocator's, its pages cleared by
 * the kernel, for every chunk): a chunk is read into one, which goes to
 * the queue as it is, with no copy. */
#define SPARE_BUFFERS (QUEUE_CHUNKS + 4)

struct score_queue {
	const struct scoring *s;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct queued q[QUEUE_CHUNKS];
	int head, n, done;
	struct queued spare[SPARE_BUFFERS];
	int nspare;
	long chunks;                  /* read: for the hook */
};

/* Gives a scored chunk's buffer back for another. */
static void buffer_put(struct score_queue *sq, struct queued *c)
{
	pthread_mutex_lock(&sq->mu);
	if (sq->nspare < SPARE_BUFFERS) {
		sq->spare[sq->nspare++] = *c;
		c->blob = NULL;
	}
	pthread_mutex_unlock(&sq->mu);
	free(c->blob);
}

/* A buffer of at least bytes, for a chunk read. */
static struct queued buffer_get(struct score_queue *sq, size_t bytes)
{
	struct queued c = {0};
	pthread_mutex_lock(&sq->mu);
	if (sq->nspare)
		c = sq->spare[--sq->nspare];
	pthread_mutex_unlock(&sq->mu);
	if (bytes && c.cap < bytes) {
		c.cap = bytes + bytes / 4 + 1;
		c.blob = xrealloc(c.blob, c.cap);
	}
	c.bytes = bytes;
	return c;
}

/* Takes the oldest queued chunk into *out: 1, or 0 once the queue is
 * empty and done (wait: else it waits for one). */
static int queue_take(struct score_queue *sq, struct queued *out, int wait)
{
	pthread_mutex_lock(&sq->mu);
	while (wait && !sq->n && !sq->done)
		pthread_cond_wait(&sq->more, &sq->mu);
	int got = sq->n > 0;
	if (got) {
		*out = sq->q[sq->head];
		sq->head = (sq->head + 1) % QUEUE_CHUNKS;
		sq->n--;
		pthread_cond_signal(&sq->room);
	}
	pthread_mutex_unlock(&sq->mu);
	return got;
}

static void *score_worker(void *arg)
{
	struct score_queue *sq = arg;
	struct queued c;
	while (queue_take(sq, &c, 1)) {
		score_chunk(sq->s, c.chunk, c.blob, c.bytes);
		buffer_put(sq, &c);
	}
	return NULL;
}

static int queue_chunk(void *ctx, int64_t chunk, struct db_buf *buf, size_t bytes)
{
	struct score_queue *sq = ctx;
	struct queued c;
	/* full: this thread scores the oldest one itself */
	pthread_mutex_lock(&sq->mu);
	int full = sq->n == QUEUE_CHUNKS;
	pthread_mutex_unlock(&sq->mu);
	if (full && queue_take(sq, &c, 0)) {
		score_chunk(sq->s, c.chunk, c.blob, c.bytes);
		buffer_put(sq, &c);
	}
	/* the chunk's buffer goes to the queue, a spare one (or none) to the
	 * next read */
	struct queued spare = buffer_get(sq, 0);
	c = (struct queued){chunk, buf->data, bytes, buf->cap};
	buf->data = spare.blob;
	buf->cap = spare.cap;
	pthread_mutex_lock(&sq->mu);
	while (sq->n == QUEUE_CHUNKS)
		pthread_cond_wait(&sq->room, &sq->mu);
	sq->q[(sq->head + sq->n) % QUEUE_CHUNKS] = c;
	sq->n++;
	pthread_cond_signal(&sq->more);
	pthread_mutex_unlock(&sq->mu);
	if (++sq->chunks % HOOK_CHUNKS == 0 && chunk_hook)
		chunk_hook(chunk_ctx);
	return 0;
}

/* Scores the papers past s->after up to s->n into s->score. */
static int score_all(struct db *db, struct scoring *s, char **err)
{
	struct score_queue sq = {.s = s};
	pthread_mutex_init(&sq.mu, NULL);
	pthread_cond_init(&sq.more, NULL);
	pthread_cond_init(&sq.room, NULL);
	pthread_t t;
	int threaded = pthread_create(&t, NULL, score_worker, &sq) == 0;
	int rc = 0;
	if (threaded) {
		rc = db_learn_chunks_each(db, s->after >> CHUNK_BITS, queue_chunk, &sq, err) < 0
		     ? -1 : 0;
	} else {
		sq.done = 1; /* no second thread: each chunk scored as it is read */
		rc = db_learn_chunks_each(db, s->after >> CHUNK_BITS, score_each, s, err) < 0
		     ? -1 : 0;
	}
	pthread_mutex_lock(&sq.mu);
	sq.done = 1;
	pthread_cond_broadcast(&sq.more);
	pthread_mutex_unlock(&sq.mu);
	struct queued c;
	while (queue_take(&sq, &c, 0)) { /* the rest, on both threads */
		score_chunk(s, c.chunk, c.blob, c.bytes);
		buffer_put(&sq, &c);
	}
	if (threaded)
		pthread_join(t, NULL);
	for (int i = 0; i < sq.nspare; i++)
		free(sq.spare[i].blob);
	pthread_mutex_destroy(&sq.mu);
	pthread_cond_destroy(&sq.more);
	pthread_cond_destroy(&sq.room);
	return rc;
}

/* A new array of n scores, the first have of them from old, the rest NaN. */
static float *scores_grow(float *old, size_t have, size_t n)
{
	float *v = xrealloc(old, (n ? n : 1) * sizeof *v);
	for (size_t i = have < n ? have : n; i < n; i++)
		v[i] = NAN;
	return v;
}

/*
 * Scores the papers past dm->scored with dm, onto its stored scores (every
 * paper's when dm->scored is 0, or none are stored), and stores the model
 * with them (publish).
 */
static int score_new(struct db *db, struct db_model *dm, const struct corpus *c,
		     int64_t last, char **err)
{
	struct learn_model m;
	model_decode(dm->weights, dm->nweights, &m);
	struct scoring s = {.c = c, .bias = m.bias, .n = (size_t)last};
	float *old = NULL;
	size_t have = 0;
	int rc = -1;
	if (dm->scored > 0 && db_scores_load(db, dm->name, &old, &have, err) < 0)
		goto out;
	s.after = old ? dm->scored : 0;
	if (s.after > (int64_t)have)
		s.after = (int64_t)have;
	s.score = scores_grow(old, old ? have : 0, s.n);
	term_table_init(&s.tt, m.w, c);
	struct db_model base = *dm;
	rc = score_all(db, &s, err);
	term_table_free(&s.tt);
	learn_model_free(&m);
	if (rc == 0) {
		dm->scored = last;
		rc = publish(db, dm, s.score, s.n, s.after ? &base : NULL, 0, err);
	}
out:
	learn_model_free(&m);
	free(s.score);
	return rc;
}

/* The like: lists kept in the cache: the ones used last. */
#define LIKE_KEPT 8

/* like:ID's scores: every paper's cosine similarity to ID's vector. The
 * oldest like: lists past LIKE_KEPT go, so they do not pile up. */
static int score_like(struct db *db, const char *name, int64_t pid, const struct corpus *c,
		      int64_t last, char **err)
{
	uint32_t *t = NULL;
	size_t nt = 0;
	int got = paper_terms(db, pid, &t, &nt, err);
	if (got < 0)
		return -1;
	struct learn_vec v;
	learn_tfidf(t, got ? nt : 0, c->df, c->docs, &v);
	free(t);
	float *dense = xcalloc(LEARN_DIM, sizeof *dense);
	for (int i = 0; i < v.n; i++)
		dense[v.term[i]] = v.val[i];
	learn_vec_free(&v);
	struct scoring s = {.c = c, .like = 1, .like_pid = pid, .n = (size_t)last};
	s.score = scores_grow(NULL, 0, s.n);
	term_table_init(&s.tt, dense, c);
	int rc = score_all(db, &s, err);
	term_table_free(&s.tt);
	free(dense);
	struct db_model dm = {.name = (char *)name, .config = "", .built = (int64_t)time(NULL),
			      .scored = last};
	if (rc == 0)
		rc = publish(db, &dm, s.score, s.n, NULL, LIKE_KEPT, err);
	free(s.score);
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
	if (stale == 0 && (few < 0 || nids)) /* a paper's new text: scored again */
		stale = db_learn_changed_any(db, err);
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
		long pos = train_model(db, cfg, name, marks, c, &dm, err);
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
