/*
 * scores: each learned model's scores, one row of learn_scores a model, and
 * the table papyr_scores(MODEL) that a list reads them through.
 *
 * A row holds a score per paper (float32 by pid - 1, NaN for a paper with
 * none) and the scored pids in (score, pid) order, both little-endian; it
 * is written in one statement, so a list reads the old scores or the new,
 * all of them, never a mix. papyr_scores is an eponymous virtual table
 * over the row, read into memory once per version and shared by every
 * connection of the process that reads it (the interface's, its worker's
 * and its jobs', each on a thread of its own), and kept for the next
 * statement: a list in score order
 * walks the ranked pids from a keyset bound (score <= X, by binary search),
 * and a list a filter narrows first looks each paper's score up by pid.
 */
#include "db_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"

/* Bytes written or read at a time through SQLite's blob handle. */
#define PIECE 65536

struct score_set {
	char *file;          /* the cache's, as SQLite names it */
	char *model;
	int64_t version;
	float *score;        /* by pid - 1, NaN: none */
	size_t n;
	uint32_t *ranked;    /* scored pids, by (score, pid) ascending */
	size_t nranked;
	int refs;            /* each connection's that keeps it, each cursor's */
	struct score_set *next; /* the process's sets */
};

/*
 * The sets the process holds, one per cache, model and version: a
 * connection that needs one another connection holds shares it. The list
 * and every set's refs are under sets_mu; a set's scores never change once
 * it is listed.
 */
static pthread_mutex_t sets_mu = PTHREAD_MUTEX_INITIALIZER;
static struct score_set *sets;

/* The sets a connection keeps (8 bytes a paper each): a list may read two
 * models at once (like: under sort:foryou). */
#define SETS_KEPT 2

struct score_cache {
	struct score_set *set[SETS_KEPT];
	unsigned long used[SETS_KEPT], tick;
};

static void set_free(struct score_set *s)
{
	free(s->file);
	free(s->model);
	free(s->score);
	free(s->ranked);
	free(s);
}

static void set_unref(struct score_set *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&sets_mu);
	int last = --s->refs == 0;
	if (last)
		for (struct score_set **p = &sets; *p; p = &(*p)->next)
			if (*p == s) {
				*p = s->next;
				break;
			}
	pthread_mutex_unlock(&sets_mu);
	if (last)
		set_free(s);
}

/* The process's set of file, model and version with refs more references,
 * NULL when none; under sets_mu. */
static struct score_set *set_find(const char *file, const char *model, int64_t version,
				  int refs)
{
	for (struct score_set *s = sets; s; s = s->next)
		if (s->version == version && strcmp(s->model, model) == 0 &&
		    strcmp(s->file, file) == 0) {
			s->refs += refs;
			return s;
		}
	return NULL;
}

int db_scores_shared(void)
{
	int n = 0;
	pthread_mutex_lock(&sets_mu);
	for (struct score_set *s = sets; s; s = s->next)
		n++;
	pthread_mutex_unlock(&sets_mu);
	return n;
}

void db_scores_cache_free(struct db *db)
{
	struct score_cache *c = db->scores;
	if (!c)
		return;
	for (int i = 0; i < SETS_KEPT; i++)
		set_unref(c->set[i]);
	free(c);
	db->scores = NULL;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A float's bits as an unsigned number in the float's order. */
static uint32_t order_key(float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return u & 0x80000000u ? ~u : u | 0x80000000u;
}

/* The pids of the scores that are not NaN, by (score, pid), *nranked of
 * them: the pids, which start in pid order, placed by the top 16 bits of
 * their key (a stable counting sort), then each run of one top half put in
 * order of the low 16 bits, stably (two radix passes through a scratch the
 * size of the longest run, or an insertion sort for a short one). No array
 * of n beside the result: scores that spread over a few thousand runs need
 * a scratch of a few thousand pids, not another 4 bytes a paper. */
#define RUN_SHORT 32
#define TOPS 65536

static void order_run(const float *score, uint32_t *a, size_t len, uint32_t *scratch)
{
	if (len < RUN_SHORT) {
		for (size_t i = 1; i < len; i++) {
			uint32_t p = a[i], key = order_key(score[p - 1]) & 0xffff;
			size_t j = i;
			for (; j > 0 && (order_key(score[a[j - 1] - 1]) & 0xffff) > key; j--)
				a[j] = a[j - 1];
			a[j] = p;
		}
		return;
	}
	uint32_t *from = a, *to = scratch;
	for (int shift = 0; shift < 16; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < len; i++)
			count[((order_key(score[from[i] - 1]) >> shift) & 0xff) + 1]++;
		for (int d = 0; d < 256; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < len; i++)
			to[count[(order_key(score[from[i] - 1]) >> shift) & 0xff]++] = from[i];
		uint32_t *t = from;
		from = to;
		to = t;
	}
	/* two passes: the run is back in a */
}

static uint32_t *rank_pids(const float *score, size_t n, size_t *nranked)
{
	size_t *start = xcalloc(TOPS + 1, sizeof *start);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(score[i])) {
			start[(order_key(score[i]) >> 16) + 1]++;
			k++;
		}
	size_t longest = 0;
	for (size_t d = 0; d < TOPS; d++) {
		if (start[d + 1] > longest)
			longest = start[d + 1];
		start[d + 1] += start[d];
	}
	uint32_t *a = xmalloc((k ? k : 1) * sizeof *a);
	size_t *next = xmalloc(TOPS * sizeof *next);
	memcpy(next, start, TOPS * sizeof *next);
	for (size_t i = 0; i < n; i++)
		if (!isnan(score[i]))
			a[next[order_key(score[i]) >> 16]++] = (uint32_t)(i + 1);
	free(next);
	uint32_t *scratch = longest >= RUN_SHORT ? xmalloc(longest * sizeof *scratch) : NULL;
	for (size_t d = 0; d < TOPS; d++)
		if (start[d + 1] - start[d] > 1)
			order_run(score, a + start[d], start[d + 1] - start[d], scratch);
	free(scratch);
	free(start);
	*nranked = k;
	return a;
}

/* Writes n 4-byte values (fn gives each) into column col of learn_scores's
 * row rowid, a piece at a time. */
static int write_column(struct db *db, int64_t rowid, const char *col, size_t n,
			uint32_t (*fn)(const void *v, size_t i), const void *v, char **err)
{
	sqlite3_blob *bl;
	if (sqlite3_blob_open(db->h, "main", "learn_scores", col, rowid, 1, &bl) != SQLITE_OK)
		return db_fail(db, "cache: storing scores", err);
	unsigned char *piece = xmalloc(PIECE);
	int rc = SQLITE_OK;
	for (size_t i = 0; i < n && rc == SQLITE_OK;) {
		size_t k = 0;
		for (; i < n && k + 4 <= PIECE; i++, k += 4)
			put32(piece + k, fn(v, i));
		rc = sqlite3_blob_write(bl, piece, (int)k, (int)((i * 4) - k));
	}
	free(piece);
	sqlite3_blob_close(bl);
	return rc == SQLITE_OK ? 0 : db_fail(db, "cache: storing scores", err);
}

static uint32_t float_at(const void *v, size_t i)
{
	uint32_t u;
	memcpy(&u, (const float *)v + i, sizeof u);
	return u;
}

static uint32_t u32_at(const void *v, size_t i)
{
	return ((const uint32_t *)v)[i];
}

struct db_ranked {
	uint32_t *pid;
	size_t n;
};

struct db_ranked *db_scores_rank(const float *score, size_t n)
{
	struct db_ranked *r = xmalloc(sizeof *r);
	r->pid = rank_pids(score, n, &r->n);
	return r;
}

void db_ranked_free(struct db_ranked **r)
{
	if (!*r)
		return;
	free((*r)->pid);
	free(*r);
	*r = NULL;
}

int db_scores_put(struct db *db, const char *model, const float *score, size_t n,
		  const struct db_ranked *order, char **err)
{
	if (n > 0x1fffffff)
		return set_err(err, "cache: too many scores");
	struct db_ranked *mine = order ? NULL : db_scores_rank(score, n);
	const uint32_t *ranked = order ? order->pid : mine->pid;
	size_t nranked = order ? order->n : mine->n;
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO learn_scores (model, version,"
				   " scores, ranked) VALUES (?1, random(), zeroblob(?2),"
				   " zeroblob(?3))", err);
	int rc = -1;
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)n * 4);
	sqlite3_bind_int64(st, 3, (int64_t)nranked * 4);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = db_fail(db, "cache: storing scores", err);
		goto out;
	}
	int64_t rowid = sqlite3_last_insert_rowid(db->h);
	rc = write_column(db, rowid, "scores", n, float_at, score, err) == 0 &&
		     write_column(db, rowid, "ranked", nranked, u32_at, ranked, err) == 0
	     ? 0 : -1;
out:
	db_ranked_free(&mine);
	return rc;
}

int db_scores_drop(struct db *db, const char *model, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM learn_scores WHERE model = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: clearing scores", err);
}

/* Reads column col of learn_scores's row rowid: its 4-byte values, new,
 * into *out, *n of them. */
static int read_column(struct db *db, int64_t rowid, const char *col, uint32_t **out,
		       size_t *n, char **err)
{
	sqlite3_blob *bl;
	*out = NULL;
	*n = 0;
	if (sqlite3_blob_open(db->h, "main", "learn_scores", col, rowid, 0, &bl) != SQLITE_OK)
		return db_fail(db, "cache: reading scores", err);
	size_t bytes = (size_t)sqlite3_blob_bytes(bl) / 4 * 4;
	uint32_t *v = xmalloc(bytes ? bytes : 4);
	unsigned char *piece = xmalloc(PIECE);
	int rc = SQLITE_OK;
	for (size_t off = 0; off < bytes && rc == SQLITE_OK;) {
		size_t k = bytes - off < PIECE ? bytes - off : PIECE;
		rc = sqlite3_blob_read(bl, piece, (int)k, (int)off);
		for (size_t j = 0; j < k && rc == SQLITE_OK; j += 4)
			v[(off + j) / 4] = get32(piece + j);
		off += k;
	}
	free(piece);
	sqlite3_blob_close(bl);
	if (rc != SQLITE_OK) {
		free(v);
		return db_fail(db, "cache: reading scores", err);
	}
	*out = v;
	*n = bytes / 4;
	return 0;
}

/* The row of model's scores: 1 with its rowid and version, 0 when there is
 * none, -1. */
static int scores_row(struct db *db, const char *model, int64_t *rowid, int64_t *version,
		      char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT rowid, version FROM learn_scores WHERE model = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache: reading scores", err);
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*rowid = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: reading scores", err);
	return rc == SQLITE_ROW;
}

int db_scores_load(struct db *db, const char *model, float **score, size_t *n, char **err)
{
	int64_t rowid, version;
	*score = NULL;
	*n = 0;
	int got = scores_row(db, model, &rowid, &version, err);
	if (got <= 0)
		return got;
	uint32_t *v;
	if (read_column(db, rowid, "scores", &v, n, err) != 0)
		return -1;
	*score = (float *)(void *)v; /* the bits of each float, as stored */
	return 1;
}

/* The cache's file as SQLite names it ("" for a temporary one). */
static const char *db_file(struct db *db)
{
	const char *f = sqlite3_db_filename(db->h, "main");
	return f ? f : "";
}

/* Reads model's row rowid of the given version into a new set with refs
 * references; NULL on an error. */
static struct score_set *set_read(struct db *db, const char *model, int64_t rowid,
				  int64_t version, int refs, char **err)
{
	struct score_set *s = xcalloc(1, sizeof *s);
	uint32_t *v = NULL;
	if (read_column(db, rowid, "scores", &v, &s->n, err) != 0 ||
	    read_column(db, rowid, "ranked", &s->ranked, &s->nranked, err) != 0) {
		free(v);
		free(s);
		return NULL;
	}
	s->score = (float *)(void *)v;
	for (size_t i = 0; i < s->nranked; i++) /* a damaged row lists nothing it lacks */
		if (s->ranked[i] == 0 || s->ranked[i] > s->n || isnan(s->score[s->ranked[i] - 1])) {
			s->nranked = 0;
			break;
		}
	s->file = xstrdup(db_file(db));
	s->model = xstrdup(model);
	s->version = version;
	s->refs = refs;
	return s;
}

/* model's scores as this connection keeps them (a reference the caller
 * drops with set_unref): its own, another connection's of the same version,
 * or read when no connection of the process holds them; NULL with *found 0
 * when the model has none, NULL with *found -1 on an error. */
static struct score_set *set_get(struct db *db, const char *model, int *found, char **err)
{
	int64_t rowid, version;
	*found = scores_row(db, model, &rowid, &version, err);
	if (*found <= 0)
		return NULL;
	if (!db->scores)
		db->scores = xcalloc(1, sizeof *db->scores);
	struct score_cache *c = db->scores;
	int victim = -1;
	for (int i = 0; i < SETS_KEPT; i++) {
		struct score_set *s = c->set[i];
		if (s && s->version == version && strcmp(s->model, model) == 0) {
			c->used[i] = ++c->tick;
			pthread_mutex_lock(&sets_mu);
			s->refs++;
			pthread_mutex_unlock(&sets_mu);
			return s;
		}
		if (s && strcmp(s->model, model) == 0)
			victim = i; /* an older version: no list reads it again */
	}
	for (int i = 0; victim < 0 && i < SETS_KEPT; i++)
		if (!c->set[i])
			victim = i;
	for (int i = 0; victim < 0 && i < SETS_KEPT; i++)
		if (i == SETS_KEPT - 1 || c->used[i] <= c->used[i + 1])
			victim = i; /* the least lately used of the two */
	/* the one it replaces goes first (unless a cursor or another
	 * connection still reads it) */
	set_unref(c->set[victim]);
	c->set[victim] = NULL;
	c->used[victim] = 0;
	const char *file = db_file(db);
	pthread_mutex_lock(&sets_mu);
	struct score_set *s = *file ? set_find(file, model, version, 2) : NULL;
	pthread_mutex_unlock(&sets_mu);
	if (!s) {
		s = set_read(db, model, rowid, version, 2, err);
		if (!s) {
			*found = -1;
			return NULL;
		}
		if (*file) { /* listed, unless another connection read it meanwhile */
			pthread_mutex_lock(&sets_mu);
			struct score_set *had = set_find(file, model, version, 2);
			if (!had) {
				s->next = sets;
				sets = s;
			}
			pthread_mutex_unlock(&sets_mu);
			if (had) {
				set_free(s);
				s = had;
			}
		}
	}
	c->set[victim] = s;
	c->used[victim] = ++c->tick;
	return s;
}

int db_score_get(struct db *db, const char *model, int64_t pid, double *score, char **err)
{
	int found;
	struct score_set *s = set_get(db, model, &found, err);
	if (!s)
		return found;
	int has = pid >= 1 && (uint64_t)pid <= s->n && !isnan(s->score[pid - 1]);
	if (has)
		*score = s->score[pid - 1];
	set_unref(s);
	return has;
}

/* ---- papyr_scores(MODEL): pid, score ---- */

enum { COL_PID, COL_SCORE, COL_MODEL };

/* idxNum's bits: what xBestIndex found usable, in argv's order. */
enum { IDX_PID = 1, IDX_BOUND = 2, IDX_DESC = 4, IDX_BOUND_UPPER = 8 };

struct cursor {
	sqlite3_vtab_cursor base;
	struct db *db;
	struct score_set *set;
	char *model;
	int by_pid;           /* one row: the paper's */
	int desc;
	int64_t pid;          /* by_pid: the paper; 0 once read */
	size_t pos, end;      /* the ranked pids [pos, end), read from pos up or end down */
	int eof;
};

struct vtab {
	sqlite3_vtab base;
	struct db *db;
};

static int v_connect(sqlite3 *h, void *aux, int argc, const char *const *argv,
		     sqlite3_vtab **out, char **msg)
{
	(void)argc;
	(void)argv;
	(void)msg;
	int rc = sqlite3_declare_vtab(h, "CREATE TABLE x(pid INTEGER, score REAL, model HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	struct vtab *v = sqlite3_malloc(sizeof *v);
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	v->db = aux;
	*out = &v->base;
	return SQLITE_OK;
}

static int v_disconnect(sqlite3_vtab *v)
{
	sqlite3_free(v);
	return SQLITE_OK;
}

/* The model (required), then a pid (one paper) or a bound on the score
 * that starts the walk in score order, which the vtab reads in the ORDER
 * BY a list asks for (score, pid), up or down. */
static int v_best_index(sqlite3_vtab *tab, sqlite3_index_info *ix)
{
	(void)tab;
	int model = -1, pid = -1, bound = -1, upper = 0;
	for (int i = 0; i < ix->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &ix->aConstraint[i];
		if (c->iColumn == COL_MODEL) {
			if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
				return SQLITE_CONSTRAINT;
			model = i;
		} else if (c->usable && c->iColumn == COL_PID && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			pid = i;
		} else if (c->usable && c->iColumn == COL_SCORE && bound < 0 &&
			   (c->op == SQLITE_INDEX_CONSTRAINT_LE || c->op == SQLITE_INDEX_CONSTRAINT_LT ||
			    c->op == SQLITE_INDEX_CONSTRAINT_GE || c->op == SQLITE_INDEX_CONSTRAINT_GT)) {
			bound = i;
			upper = c->op == SQLITE_INDEX_CONSTRAINT_LE || c->op == SQLITE_INDEX_CONSTRAINT_LT;
		}
	}
	if (model < 0)
		return SQLITE_CONSTRAINT;
	int arg = 1, num = 0;
	ix->aConstraintUsage[model].argvIndex = arg++;
	ix->aConstraintUsage[model].omit = 1;
	if (pid >= 0) {
		ix->aConstraintUsage[pid].argvIndex = arg++;
		ix->aConstraintUsage[pid].omit = 1;
		num |= IDX_PID;
		ix->estimatedCost = 10;
		ix->estimatedRows = 1;
		ix->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
	} else {
		if (bound >= 0) {
			ix->aConstraintUsage[bound].argvIndex = arg++;
			num |= IDX_BOUND | (upper ? IDX_BOUND_UPPER : 0);
		}
		ix->estimatedCost = 1e6;
		ix->estimatedRows = 1000000;
	}
	/* the order the ranked pids give, either way */
	int n = ix->nOrderBy;
	if (n >= 1 && n <= 2 && ix->aOrderBy[0].iColumn == COL_SCORE &&
	    (n == 1 || (ix->aOrderBy[1].iColumn == COL_PID &&
			ix->aOrderBy[1].desc == ix->aOrderBy[0].desc))) {
		ix->orderByConsumed = 1;
		num |= ix->aOrderBy[0].desc ? IDX_DESC : 0;
	}
	ix->idxNum = num;
	return SQLITE_OK;
}

static int v_open(sqlite3_vtab *tab, sqlite3_vtab_cursor **out)
{
	struct cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	c->db = ((struct vtab *)tab)->db;
	*out = &c->base;
	return SQLITE_OK;
}

static int v_close(sqlite3_vtab_cursor *cur)
{
	struct cursor *c = (struct cursor *)cur;
	set_unref(c->set);
	free(c->model);
	sqlite3_free(c);
	return SQLITE_OK;
}

/* The first index of ranked whose score is above x (or at x too, with
 * or_equal): a binary search. */
static size_t first_above(const struct score_set *s, double x, int or_equal)
{
	size_t lo = 0, hi = s->nranked;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		double v = s->score[s->ranked[mid] - 1];
		if (v > x || (or_equal && v == x))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int cursor_eof_now(struct cursor *c)
{
	if (c->by_pid)
		return c->pid == 0;
	return c->pos >= c->end;
}

static int v_filter(sqlite3_vtab_cursor *cur, int num, const char *str, int argc,
		    sqlite3_value **argv)
{
	(void)str;
	struct cursor *c = (struct cursor *)cur;
	const char *model = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
	c->by_pid = (num & IDX_PID) != 0;
	c->desc = (num & IDX_DESC) != 0;
	c->pid = 0;
	c->pos = c->end = 0;
	if (!model)
		return SQLITE_OK;
	/* the set is read once a statement: each call of a join's inner loop
	 * names the same model */
	if (!c->set || strcmp(c->model, model) != 0) {
		set_unref(c->set);
		free(c->model);
		c->model = xstrdup(model);
		char *err = NULL;
		int found;
		c->set = set_get(c->db, model, &found, &err);
		if (found < 0) {
			sqlite3_free(cur->pVtab->zErrMsg);
			cur->pVtab->zErrMsg = sqlite3_mprintf("%s", err ? err : "reading scores");
			free(err);
			return SQLITE_ERROR;
		}
	}
	struct score_set *s = c->set;
	if (!s)
		return SQLITE_OK;
	if (c->by_pid) {
		int64_t pid = sqlite3_value_int64(argv[1]);
		if (sqlite3_value_type(argv[1]) == SQLITE_INTEGER && pid >= 1 &&
		    (uint64_t)pid <= s->n && !isnan(s->score[pid - 1]))
			c->pid = pid;
		return SQLITE_OK;
	}
	c->end = s->nranked;
	if (num & IDX_BOUND) {
		sqlite3_value *b = argv[1];
		int t = sqlite3_value_type(b);
		if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
			double x = sqlite3_value_double(b);
			/* score <= x: up to the last at x; score >= x: from the first */
			if (num & IDX_BOUND_UPPER)
				c->end = first_above(s, x, 0);
			else
				c->pos = first_above(s, x, 1);
		}
	}
	return SQLITE_OK;
}

static int v_next(sqlite3_vtab_cursor *cur)
{
	struct cursor *c = (struct cursor *)cur;
	if (c->by_pid)
		c->pid = 0;
	else if (c->desc)
		c->end--;
	else
		c->pos++;
	return SQLITE_OK;
}

static int v_eof(sqlite3_vtab_cursor *cur)
{
	return cursor_eof_now((struct cursor *)cur);
}

static int64_t cursor_pid(const struct cursor *c)
{
	if (c->by_pid)
		return c->pid;
	return c->set->ranked[c->desc ? c->end - 1 : c->pos];
}

static int v_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	struct cursor *c = (struct cursor *)cur;
	int64_t pid = cursor_pid(c);
	if (col == COL_PID)
		sqlite3_result_int64(ctx, pid);
	else if (col == COL_SCORE)
		sqlite3_result_double(ctx, c->set->score[pid - 1]);
	else
		sqlite3_result_text(ctx, c->model, -1, SQLITE_TRANSIENT);
	return SQLITE_OK;
}

static int v_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
	*rowid = cursor_pid((struct cursor *)cur);
	return SQLITE_OK;
}

static const sqlite3_module scores_module = {
	.iVersion = 0,
	.xConnect = v_connect,
	.xBestIndex = v_best_index,
	.xDisconnect = v_disconnect,
	.xOpen = v_open,
	.xClose = v_close,
	.xFilter = v_filter,
	.xNext = v_next,
	.xEof = v_eof,
	.xColumn = v_column,
	.xRowid = v_rowid,
};

int db_scores_register(struct db *db, char **err)
{
	if (sqlite3_create_module(db->h, "papyr_scores", &scores_module, db) != SQLITE_OK)
		return db_fail(db, "cache: the scores table", err);
	return 0;
}
