/* read: one paper in full, and windowed, keyset-paged lists. */
#include "db_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"
#include "../src/base/buf.h"

static char **strv_from_lines(const char *s)
{
	size_t n = 1, i = 0;
	for (const char *c = s; *c; c++)
		n += *c == '\n';
	char **v = xcalloc(n + 1, sizeof *v);
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len)
			v[i++] = xstrndup(s, len);
		s += len;
		if (*s)
			s++;
	}
	return v;
}

static int fill_list(struct db *db, const char *sql, int64_t pid, char ***out, char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	struct buf b = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b.len)
			buf_addc(&b, '\n');
		buf_adds(&b, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	*out = strv_from_lines(b.data ? b.data : "");
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache", err);
}

static const char get_sql[] =
	"SELECT p.pid, p.id, p.title, p.abstract, p.authors, p.published, p.listed,"
	"  p.upvotes, p.comments, p.ai_summary, p.ai_keywords, p.github_repo,"
	"  p.github_stars, p.project_page, p.organization, p.first_seen, p.updated,"
	"  COALESCE(s.read, 0), COALESCE(s.starred, 0), s.dismissed_at,"
	"  s.read_at, s.starred_at, n.body, p.sources, p.categories, p.primary_cat,"
	"  p.announced, p.announce_type, p.arxiv_comment, p.journal_ref, p.version,"
	"  " DB_UPDATED_SQL
	" FROM papers p LEFT JOIN state s ON s.pid = p.pid"
	" LEFT JOIN notes n ON n.pid = p.pid WHERE ";

static void fill_paper(sqlite3_stmt *st, struct db_paper *dp)
{
	struct paper *p = &dp->p;
	dp->pid = sqlite3_column_int64(st, 0);
	p->id = db_col(st, 1);
	p->title = db_col(st, 2);
	p->abstract = db_col(st, 3);
	p->authors = db_col(st, 4);
	p->published = db_col_opt(st, 5);
	if (p->published && !*p->published) {
		free(p->published);
		p->published = NULL;
	}
	p->day = db_col_opt(st, 6);
	p->upvotes = (long)sqlite3_column_int64(st, 7);
	p->comments = (long)sqlite3_column_int64(st, 8);
	p->ai_summary = db_col_opt(st, 9);
	p->ai_keywords = db_col_opt(st, 10);
	p->github_repo = db_col_opt(st, 11);
	p->github_stars = (long)sqlite3_column_int64(st, 12);
	p->project_page = db_col_opt(st, 13);
	p->organization = db_col_opt(st, 14);
	p->has = PAPER_HAS_UPVOTES | PAPER_HAS_COMMENTS | PAPER_HAS_STARS;
	dp->first_seen = sqlite3_column_int64(st, 15);
	dp->updated = sqlite3_column_int64(st, 16);
	dp->flags = (sqlite3_column_int(st, 17) ? DB_READ : 0) |
		    (sqlite3_column_int(st, 18) ? DB_STARRED : 0) |
		    (sqlite3_column_type(st, 19) != SQLITE_NULL ? DB_DISMISSED : 0) |
		    (sqlite3_column_type(st, 22) != SQLITE_NULL ? DB_NOTED : 0);
	dp->dismissed_at = sqlite3_column_int64(st, 19);
	dp->read_at = sqlite3_column_int64(st, 20);
	dp->starred_at = sqlite3_column_int64(st, 21);
	dp->note = db_col_opt(st, 22);
	p->source = (unsigned)sqlite3_column_int(st, 23);
	p->categories = db_col_opt(st, 24);
	p->primary = db_col_opt(st, 25);
	p->announced = db_col_opt(st, 26);
	p->announce_type = db_col_opt(st, 27);
	p->arxiv_comment = db_col_opt(st, 28);
	p->journal_ref = db_col_opt(st, 29);
	p->version = sqlite3_column_int(st, 30);
	if (sqlite3_column_int(st, 31))
		dp->flags |= DB_UPDATED;
}

static int get_by(struct db *db, const char *where, const char *id, int64_t pid,
		  struct db_paper *out, char **err)
{
	memset(out, 0, sizeof *out);
	char *sql = xasprintf("%s%s", get_sql, where);
	sqlite3_stmt *st = db_stmt(db, sql, err);
	free(sql);
	if (!st)
		return -1;
	if (id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, pid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_paper(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, "cache: reading a paper", err);
	if (fill_list(db, "SELECT day FROM paper_days WHERE pid = ?1 ORDER BY day DESC",
		      out->pid, &out->days, err) != 0 ||
	    fill_list(db, "SELECT tag FROM tags WHERE pid = ?1 ORDER BY tag",
		      out->pid, &out->tags, err) != 0) {
		db_paper_clear(out);
		return -1;
	}
	if (out->tags[0])
		out->flags |= DB_TAGGED;
	return 1;
}

int db_get(struct db *db, const char *id, struct db_paper *out, char **err)
{
	return get_by(db, "p.id = ?1", id, 0, out, err);
}

int db_get_pid(struct db *db, int64_t pid, struct db_paper *out, char **err)
{
	return get_by(db, "p.pid = ?1", NULL, pid, out, err);
}

void db_paper_clear(struct db_paper *dp)
{
	paper_clear(&dp->p);
	db_strv_free(&dp->days);
	db_strv_free(&dp->tags);
	free(dp->note);
	memset(dp, 0, sizeof *dp);
}

/* ---- lists ---- */

enum key_kind { KEY_TEXT_DAY, KEY_TEXT_TITLE, KEY_TEXT_PUBLISHED, KEY_UPVOTES,
		KEY_COMMENTS, KEY_STARS, KEY_RANK, KEY_PID, KEY_TREND };

/* The ORDER BY of each sort, matching an index, with its key columns. */
static const struct {
	const char *cols;
	enum key_kind keys[3];
	int nkeys;
} sorts[DB_SORT_COUNT_] = {
	[DB_SORT_DAY] = {"p.day, p.upvotes, p.pid", {KEY_TEXT_DAY, KEY_UPVOTES, KEY_PID}, 3},
	[DB_SORT_UPVOTES] = {"p.upvotes, p.pid", {KEY_UPVOTES, KEY_PID}, 2},
	[DB_SORT_COMMENTS] = {"p.comments, p.pid", {KEY_COMMENTS, KEY_PID}, 2},
	[DB_SORT_STARS] = {"p.github_stars, p.pid", {KEY_STARS, KEY_PID}, 2},
	[DB_SORT_TITLE] = {"p.title COLLATE NOCASE, p.pid", {KEY_TEXT_TITLE, KEY_PID}, 2},
	[DB_SORT_PUBLISHED] = {"p.published, p.pid", {KEY_TEXT_PUBLISHED, KEY_PID}, 2},
	[DB_SORT_RELEVANCE] = {"qrank, kpid", {KEY_RANK, KEY_PID}, 2},
	[DB_SORT_SCORE] = {"qrank, kpid", {KEY_RANK, KEY_PID}, 2},
	[DB_SORT_TRENDING] = {"p.day, p.trend, p.pid", {KEY_TEXT_DAY, KEY_TREND, KEY_PID}, 3},
};

/*
 * A page is read in two steps in one statement: the inner SELECT finds the
 * page's pids and sort keys (narrow rows, so sorting many matches stays
 * cheap), the outer one fetches what a row shows for those n papers only.
 */
static const char list_cols[] =
	"SELECT p.pid, p.id, p.title, p.day, p.published, p.upvotes, p.comments,"
	"  p.github_stars, COALESCE(s.read, 0), COALESCE(s.starred, 0),"
	"  s.dismissed_at IS NOT NULL,"
	"  EXISTS (SELECT 1 FROM notes n WHERE n.pid = p.pid),"
	"  (SELECT group_concat(tag, ' ') FROM"
	"    (SELECT tag FROM tags t WHERE t.pid = p.pid ORDER BY tag)),"
	"  k.qrank, p.first_seen >= (SELECT max(started) FROM sync_runs),"
	"  " DB_UPDATED_SQL ", p.trend";
static const char list_join[] =
	" k CROSS JOIN papers p ON p.pid = k.kpid LEFT JOIN state s ON s.pid = p.pid";

/*
 * Relevance: bm25 over (title, abstract, authors, ai_keywords), the title
 * weighted most, negated so that higher is better like every other sort.
 */
#define BM25 "@RANK@" /* add_ranked writes the rank function in its place */
#define BM25_RARE "@RARE@" /* the same for match_rare's phrases */
static const char rank_sub[] =
	"(SELECT rowid AS pid, -" BM25 " AS rank FROM papers_fts WHERE papers_fts MATCH ?)";
/* The ranks read once, for a LEFT JOIN that would otherwise run the MATCH
 * again for every paper. */
static const char rank_cte[] =
	"WITH r AS MATERIALIZED (SELECT rowid AS pid, -" BM25 " AS rank"
	" FROM papers_fts WHERE papers_fts MATCH ?) ";

/* The same over the newest matches only (the rank window). */
static const char rank_sub_window[] =
	"(SELECT rowid AS pid, -" BM25 " AS rank"
	" FROM papers_fts WHERE papers_fts MATCH ? AND rowid >= ?)";
static const char rank_cte_window[] =
	"WITH r AS MATERIALIZED (SELECT rowid AS pid, -" BM25 " AS rank"
	" FROM papers_fts WHERE papers_fts MATCH ? AND rowid >= ?) ";
/* The window and, older than it, the papers holding a rare word of words
 * joined by OR (fsql's match_rare), ranked alike. */
static const char rank_sub_rare_window[] =
	"(SELECT rowid AS pid, -" BM25 " AS rank"
	" FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid >= ?2"
	" UNION ALL SELECT rowid AS pid, -" BM25_RARE " AS rank"
	" FROM papers_fts WHERE papers_fts MATCH ? AND rowid < ?2)";
/* The matches older than the window, read newest first straight from the
 * index (FTS5 walks a match in rowid order and takes the rowid bounds). */
static const char tail_sub[] =
	"(SELECT rowid AS pid FROM papers_fts WHERE papers_fts MATCH ?"
	" AND rowid > ? AND rowid < ?)";

static const char match_in[] =
	"p.pid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)";
/* The same, not usable as a lookup: the sort's index is walked instead. */
static const char match_in_scan[] =
	"+p.pid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)";
/* Most papers match: test each paper the walk meets, read no match list. */
static const char match_each[] =
	"EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? AND rowid = p.pid)";

/* Writes "ORDER BY a DESC, b DESC" (or ASC) for the sort's columns. */
static void add_order(struct buf *sql, const char *cols, int ascending)
{
	const char *dir = ascending ? " ASC" : " DESC";
	buf_adds(sql, " ORDER BY ");
	for (const char *c = cols;;) {
		const char *comma = strchr(c, ',');
		size_t n = comma ? (size_t)(comma - c) : strlen(c);
		buf_add(sql, c, n);
		buf_adds(sql, dir);
		if (!comma)
			break;
		buf_adds(sql, ",");
		c = comma + 1;
	}
}

static void bind_key(sqlite3_stmt *st, int i, enum key_kind k, const struct db_row *r)
{
	switch (k) {
	case KEY_TEXT_DAY: sqlite3_bind_text(st, i, r->day, -1, SQLITE_STATIC); break;
	case KEY_TEXT_TITLE: sqlite3_bind_text(st, i, r->title, -1, SQLITE_STATIC); break;
	case KEY_TEXT_PUBLISHED:
		sqlite3_bind_text(st, i, r->published, -1, SQLITE_STATIC);
		break;
	case KEY_UPVOTES: sqlite3_bind_int64(st, i, r->upvotes); break;
	case KEY_COMMENTS: sqlite3_bind_int64(st, i, r->comments); break;
	case KEY_STARS: sqlite3_bind_int64(st, i, r->stars); break;
	case KEY_RANK: sqlite3_bind_double(st, i, r->rank); break;
	case KEY_PID: sqlite3_bind_int64(st, i, r->pid); break;
	case KEY_TREND: sqlite3_bind_int64(st, i, r->trend); break;
	}
}

/* Binds the filter's values from index i on; returns the next free index. */
static int bind_filter(sqlite3_stmt *st, const struct fsql *f, int i)
{
	for (int k = 0; k < f->nbinds; k++) {
		const struct db_bind *b = &f->binds[k];
		if (b->type == DB_BIND_TEXT)
			sqlite3_bind_text(st, i++, b->text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, i++, b->i);
	}
	return i;
}

static void read_row(sqlite3_stmt *st, struct db_row *r)
{
	r->pid = sqlite3_column_int64(st, 0);
	r->id = db_col(st, 1);
	r->title = db_col(st, 2);
	r->day = db_col(st, 3);
	r->published = db_col(st, 4);
	r->upvotes = (long)sqlite3_column_int64(st, 5);
	r->comments = (long)sqlite3_column_int64(st, 6);
	r->stars = (long)sqlite3_column_int64(st, 7);
	r->tags = db_col(st, 12);
	r->marked = NULL;
	r->rank = sqlite3_column_double(st, 13);
	r->trend = (long)sqlite3_column_int64(st, 16);
	r->flags = (sqlite3_column_int(st, 8) ? DB_READ : 0) |
		   (sqlite3_column_int(st, 9) ? DB_STARRED : 0) |
		   (sqlite3_column_int(st, 10) ? DB_DISMISSED : 0) |
		   (sqlite3_column_int(st, 11) ? DB_NOTED : 0) |
		   (sqlite3_column_int(st, 14) ? DB_NEW : 0) |
		   (sqlite3_column_int(st, 15) ? DB_UPDATED : 0) |
		   (r->tags[0] ? DB_TAGGED : 0);
}

static void page_reset(struct db_page *pg)
{
	for (int i = 0; i < pg->n; i++)
		db_row_clear(&pg->rows[i]);
	pg->n = 0;
}

/* How a list reads the full text: not at all, as a condition, or ranked. */
enum fts_use { FTS_NONE, FTS_FILTER, FTS_RANK_JOIN, FTS_RANK_LEFT };

static enum fts_use fts_use(const struct fsql *f, enum db_sort sort)
{
	if (!f->match || !*f->match)
		return FTS_NONE;
	if (sort == DB_SORT_RELEVANCE)
		return f->match_rank_only ? FTS_RANK_LEFT : FTS_RANK_JOIN;
	return f->match_rank_only ? FTS_NONE : FTS_FILTER;
}

static enum db_sort effective_sort(const struct fsql *f)
{
	if (f->sort < 0 || f->sort >= DB_SORT_COUNT_)
		return DB_SORT_DAY;
	if (f->sort == DB_SORT_RELEVANCE && (!f->match || !*f->match))
		return DB_SORT_DAY;
	return f->sort;
}

/*
 * One SELECT of a list. Ranked rows come from the index first (its MATCH a
 * parameter in FROM, or the rank_cte); when match only ranks, the rows that
 * do not match it are a second SELECT with the lowest rank.
 */
/*
 * papyr_rank(papers_fts, ENTRIES, weight...): FTS5's bm25, the same sums
 * and constants, with how many papers hold each phrase given in ENTRIES
 * (one a phrase: a count, "=" and a count for a phrase whose instances are
 * the previous phrase's, "-" to count them as bm25 does, "z" for a phrase
 * that weighs nothing, "t" for a phrase of the title that weighs nothing but
 * ranks a paper holding it above every other, TITLE_FIRST being more than
 * bm25 reaches) instead of counted on each query. A search word's longer
 * forms, written out as words (filter.c), get the count of the papers
 * holding any and are one phrase (their instances added up, then
 * weighed once), so together they weigh what the prefix they replace did,
 * and never more than the word itself.
 */
#define TITLE_FIRST 1000000.0

/* The full text a ranked list reads: with the title's phrase when it has one. */
static const char *ranked_match(const struct fsql *f)
{
	return f->match_title ? f->match_title : f->match;
}

struct rank_data {
	int n;
	int *head;           /* the phrase whose instances each one's are */
	double *idf;
	char *first;         /* the phrases whose instances rank a paper first */
	double avgdl;
};

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	++*(sqlite3_int64 *)ctx;
	return SQLITE_OK;
}

static void rank_data_free(void *p)
{
	struct rank_data *d = p;
	free(d->idf);
	free(d->head);
	free(d->first);
	free(d);
}

static struct rank_data *rank_data_new(const Fts5ExtensionApi *api, Fts5Context *fts,
				       const char *entries, int *rc)
{
	struct rank_data *d = xcalloc(1, sizeof *d);
	sqlite3_int64 rows = 0, tokens = 0;
	d->n = api->xPhraseCount(fts);
	d->idf = xcalloc((size_t)d->n + 1, sizeof *d->idf);
	d->head = xcalloc((size_t)d->n + 1, sizeof *d->head);
	d->first = xcalloc((size_t)d->n + 1, 1);
	*rc = api->xRowCount(fts, &rows);
	if (*rc == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &tokens);
	d->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
	const char *e = entries ? entries : "";
	for (int i = 0; i < d->n && *rc == SQLITE_OK; i++) {
		while (*e == ' ')
			e++;
		sqlite3_int64 hit = 0;
		d->head[i] = i;
		if (*e == '=' && i > 0) {
			d->head[i] = d->head[i - 1];
			e++;
		}
		if (*e == 't' || *e == 'z') {
			d->idf[i] = 0;
			d->first[i] = *e++ == 't';
			continue;
		}
		if (*e >= '0' && *e <= '9') {
			hit = strtoll(e, (char **)&e, 10);
		} else {
			if (*e == '-')
				e++;
			*rc = api->xQueryPhrase(fts, i, &hit, count_hit);
		}
		if (hit > rows) /* a sum of the forms' counts may pass it */
			hit = rows;
		double idf = log(((double)(rows - hit) + 0.5) / ((double)hit + 0.5));
		d->idf[i] = idf > 0.0 ? idf : 1e-6;
	}
	return d;
}

static void papyr_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		       int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	int rc = SQLITE_OK;
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	if (!d) {
		d = rank_data_new(api, fts, nval > 0 ? (const char *)sqlite3_value_text(val[0]) : "",
				  &rc);
		if (rc != SQLITE_OK) {
			rank_data_free(d);
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		rc = api->xSetAuxdata(fts, d, rank_data_free);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	double freq[64] = {0}, *f = d->n <= 64 ? freq : xcalloc((size_t)d->n, sizeof *f);
	int ninst = 0, first = 0;
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;
		rc = api->xInst(fts, i, &phrase, &col, &off);
		double w = col + 1 < nval ? sqlite3_value_double(val[col + 1]) : 1.0;
		if (rc == SQLITE_OK && phrase >= 0 && phrase < d->n) {
			f[d->head[phrase]] += w;
			first |= d->first[phrase];
		}
	}
	int len = 0;
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &len);
	double score = 0.0;
	for (int i = 0; rc == SQLITE_OK && i < d->n; i++)
		score += d->idf[i] * (f[i] * (k1 + 1.0)) /
			 (f[i] + k1 * (1.0 - b + b * (double)len / d->avgdl));
	if (f != freq)
		free(f);
	if (first)
		score += TITLE_FIRST;
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_double(ctx, -1.0 * score);
}

/* Registers papyr_rank on the connection, once. */
static int rank_ready(struct db *db, char **err)
{
	if (db->rank_fn)
		return 0;
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cache: the full-text index", err);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2 ||
	    api->xCreateFunction(api, "papyr_rank", NULL, papyr_rank, NULL) != SQLITE_OK)
		return set_err(err, "cache: cannot rank with the full-text index");
	db->rank_fn = 1;
	return 0;
}

/* Writes tmpl with the rank function for f's phrases in place of BM25:
 * FTS5's bm25, or papyr_rank when a word was written as its forms or a
 * title phrase or rare words were added to the search. */
static void add_ranked(struct buf *sql, const char *tmpl, const struct fsql *f)
{
	for (const char *t = tmpl;;) {
		const char *at = strstr(t, "@R");
		if (!at) {
			buf_adds(sql, t);
			break;
		}
		buf_add(sql, t, (size_t)(at - t));
		int rare = strncmp(at, BM25_RARE, strlen(BM25_RARE)) == 0;
		const char *entries = rare ? f->rank_rare : f->rank;
		if (entries) /* counts and letters only: no quote to escape */
			buf_printf(sql, "papyr_rank(papers_fts, '%s', 10.0, 1.0, 3.0, 2.0)", entries);
		else
			buf_adds(sql, "bm25(papers_fts, 10.0, 1.0, 3.0, 2.0)");
		t = at + strlen(rare ? BM25_RARE : BM25);
	}
}

enum part { PART_PLAIN, PART_FILTER, PART_FILTER_SCAN, PART_FILTER_EACH, PART_RANKED,
	    PART_RANKED_CTE, PART_UNRANKED_CTE, PART_RANKED_WINDOW, PART_TAIL, PART_SCORED,
	    PART_SCORED_MATCH, PART_SCORED_FEW, PART_SCORED_FEW_MATCH };

/* A stored score's order: the model's ranked pids (papyr_scores, db/scores.c)
 * walked from the keyset's score on, the papers joined to them. The
 * scores are read in the statement's snapshot: a list sees the old scores
 * or the new, all of them. */
static const char scored_part[] =
	"SELECT sc.pid AS kpid, sc.score AS qrank FROM papyr_scores(?) sc CROSS JOIN papers p"
	" ON p.pid = sc.pid LEFT JOIN state s ON s.pid = p.pid WHERE (";

/* A stored score's order when the filter keeps few papers (a day): the
 * papers it keeps first, each one's score looked up by pid, then sorted. */
static const char scored_few_part[] =
	"SELECT p.pid AS kpid, sc.score AS qrank FROM papers p CROSS JOIN papyr_scores(?) sc"
	" ON sc.pid = p.pid LEFT JOIN state s ON s.pid = p.pid WHERE (";

static void add_part(struct buf *sql, const struct fsql *f, enum part part)
{
	int ranked = part == PART_RANKED || part == PART_RANKED_CTE ||
		     part == PART_RANKED_WINDOW || part == PART_TAIL;
	const char *sub = part == PART_RANKED ? rank_sub
			  : part == PART_RANKED_WINDOW ? (f->match_rare ? rank_sub_rare_window
							  : rank_sub_window)
			  : part == PART_TAIL ? tail_sub : NULL;
	const char *rank = part == PART_TAIL ? "-1.0" : "r.rank";
	if (part == PART_SCORED || part == PART_SCORED_MATCH || part == PART_SCORED_FEW ||
	    part == PART_SCORED_FEW_MATCH) {
		int few = part == PART_SCORED_FEW || part == PART_SCORED_FEW_MATCH;
		buf_adds(sql, few ? scored_few_part : scored_part);
		buf_adds(sql, f->where && *f->where ? f->where : "1");
		buf_adds(sql, ")");
		if (part == PART_SCORED_MATCH || part == PART_SCORED_FEW_MATCH)
			buf_printf(sql, " AND %s", match_in);
		return;
	}
	if (ranked && !f->papers) {
		buf_printf(sql, "SELECT r.pid AS kpid, %s AS qrank FROM ", rank);
		if (sub) {
			add_ranked(sql, sub, f);
			buf_adds(sql, " r");
		} else {
			buf_adds(sql, "r");
		}
		buf_adds(sql, " LEFT JOIN state s ON s.pid = r.pid WHERE (");
		buf_adds(sql, f->where && *f->where ? f->where : "1");
		buf_adds(sql, ")");
		return;
	}
	buf_adds(sql, "SELECT p.pid AS kpid,");
	switch (part) {
	case PART_RANKED:
	case PART_RANKED_WINDOW:
	case PART_TAIL:
		buf_printf(sql, " %s AS qrank FROM ", rank);
		add_ranked(sql, sub, f);
		buf_adds(sql, " r CROSS JOIN papers p ON p.pid = r.pid");
		break;
	case PART_RANKED_CTE:
		buf_adds(sql, " r.rank AS qrank FROM r CROSS JOIN papers p ON p.pid = r.pid");
		break;
	case PART_UNRANKED_CTE:
		buf_adds(sql, " -1.0 AS qrank FROM papers p");
		break;
	default:
		buf_adds(sql, " 0.0 AS qrank FROM papers p");
		break;
	}
	buf_adds(sql, " LEFT JOIN state s ON s.pid = p.pid WHERE (");
	buf_adds(sql, f->where && *f->where ? f->where : "1");
	buf_adds(sql, ")");
	if (part == PART_FILTER)
		buf_printf(sql, " AND %s", match_in);
	if (part == PART_FILTER_SCAN)
		buf_printf(sql, " AND %s", match_in_scan);
	if (part == PART_FILTER_EACH)
		buf_printf(sql, " AND %s", match_each);
	if (part == PART_UNRANKED_CTE)
		buf_adds(sql, " AND p.pid NOT IN (SELECT pid FROM r)");
}

static int bind_part(sqlite3_stmt *st, const struct fsql *f, enum part part, int i)
{
	if (part == PART_RANKED)
		sqlite3_bind_text(st, i++, ranked_match(f), -1, SQLITE_STATIC);
	if (part == PART_SCORED || part == PART_SCORED_MATCH || part == PART_SCORED_FEW ||
	    part == PART_SCORED_FEW_MATCH)
		sqlite3_bind_text(st, i++, f->model, -1, SQLITE_STATIC);
	i = bind_filter(st, f, i);
	if (part == PART_FILTER || part == PART_FILTER_SCAN || part == PART_FILTER_EACH ||
	    part == PART_SCORED_MATCH || part == PART_SCORED_FEW_MATCH)
		sqlite3_bind_text(st, i++, f->match, -1, SQLITE_STATIC);
	return i;
}

static void add_keyset(struct buf *sql, const char *cols, int nkeys, int ascending)
{
	buf_printf(sql, " AND (%s) %s (", cols, ascending ? ">" : "<");
	for (int k = 0; k < nkeys; k++)
		buf_adds(sql, k ? ", ?" : "?");
	buf_adds(sql, ")");
}

/*
 * Full text under another sort. When few papers match, SQLite reads them
 * by pid and sorts them. When many do, the sort's index is walked and each
 * paper tested against the list of matches; when most do, against the index
 * itself, one paper at a time, which reads no list at all (and costs more
 * per paper: only worth it when a page needs few tests). A bounded count of
 * the matches, then their share d among the newest papers, decide: a page
 * of n costs about n / d tests of ~100 us each one way, and d * papers
 * matches of ~0.2 us each the other.
 */
#define FEW_MATCHES 2000
#define DENSE_WINDOW 2000 /* newest papers sampled */
#define TEST_COST 500     /* one test costs what reading this many matches does */
#define TEST_PHRASES 4    /* ... when it looks up this many phrases (one word) */

/* A test looks up each phrase of the match in the index, so it costs in
 * proportion to their number (a word's longer forms are phrases of their
 * own); a prefix the index keeps no list for is merged from the postings
 * of every word it starts in each test, which costs about what reading
 * every match once does: the list is read instead. */
static enum part filter_part(struct db *db, const struct fsql *f, int n_rows)
{
	if (f->match_slow_prefix && f->match_least >= FEW_MATCHES)
		return PART_FILTER_SCAN; /* not merged once more to count them */
	long n = db_estimate(db, "SELECT count(*) FROM (SELECT 1 FROM papers_fts"
			" WHERE papers_fts MATCH ?1 LIMIT ?2)", f->match, FEW_MATCHES);
	if (n < FEW_MATCHES)
		return PART_FILTER;
	if (f->match_slow_prefix)
		return PART_FILTER_SCAN;
	long top = db_estimate(db, "SELECT COALESCE(max(pid), 0) + 0 * ?1 FROM papers", NULL, 0);
	long recent = db_estimate(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1"
			     " AND rowid > ?2", f->match, top - DENSE_WINDOW);
	int64_t cost = (int64_t)TEST_COST *
		       (f->match_phrases > TEST_PHRASES ? f->match_phrases : TEST_PHRASES) /
		       TEST_PHRASES;
	/* n / d * cost < d * top, in whole numbers */
	if (top >= DENSE_WINDOW && recent > 0 &&
	    (int64_t)n_rows * cost * DENSE_WINDOW * DENSE_WINDOW < (int64_t)recent * recent * top)
		return PART_FILTER_EACH;
	return PART_FILTER_SCAN;
}

/* A filter keeping fewer papers than this is read from its papers under a
 * stored score's order (PART_SCORED_FEW): reading the scores in their order
 * would pass over about all / kept scores for each paper listed. */
#define FEW_SCORED 4000

/* 1 when f's conditions keep fewer than FEW_SCORED papers, 0 when not (or
 * when they keep every paper), -1. */
static int few_filtered(struct db *db, const struct fsql *f, char **err)
{
	if (!f->where || !*f->where)
		return 0;
	struct buf sql = {0};
	buf_adds(&sql, "SELECT count(*) FROM (SELECT 1 FROM papers p LEFT JOIN state s"
		 " ON s.pid = p.pid WHERE (");
	buf_adds(&sql, f->where);
	buf_adds(&sql, ") LIMIT ?)");
	sqlite3_stmt *st = db_stmt(db, sql.data, err);
	buf_free(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int(st, bind_filter(st, f, 1), FEW_SCORED);
	int rc = sqlite3_step(st);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "cache: counting papers", err);
	return n < FEW_SCORED;
}

/*
 * The rank window: the pid of the rank_window-th newest match, below which
 * matches are not ranked. *cut is 0 when there are fewer matches (every
 * match is ranked) or no window was asked for.
 */
static int window_cut(struct db *db, const struct fsql *f, int64_t *cut, char **err)
{
	*cut = 0;
	if (f->rank_window <= 0)
		return 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
				   " ORDER BY rowid DESC LIMIT 1 OFFSET ?2", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, f->match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->rank_window - 1);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*cut = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: ranking papers", err);
	return 0;
}

static int read_page(struct db *db, sqlite3_stmt *st, int n, int backward,
		     struct db_page *out, char **err)
{
	page_reset(out);
	if (out->cap < n) {
		out->rows = xrealloc(out->rows, (size_t)n * sizeof *out->rows);
		out->cap = n;
	}
	int rc = SQLITE_DONE;
	while (out->n < n && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, &out->rows[out->n++]);
	if (out->n == n)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		page_reset(out);
		return db_fail(db, "cache: listing papers", err);
	}
	if (backward) /* read nearest-first; hand back in list order */
		for (int a = 0, b = out->n - 1; a < b; a++, b--) {
			struct db_row t = out->rows[a];
			out->rows[a] = out->rows[b];
			out->rows[b] = t;
		}
	return 0;
}

/*
 * The query plan of st instead of its rows, one step a line, indented two
 * spaces a level. The values are not bound: with no statistics kept (no
 * ANALYZE), SQLite plans without looking at them.
 */
static int explain(struct db *db, sqlite3_stmt *st, struct buf *plan, char **err)
{
	char *sql = xasprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(st));
	sqlite3_reset(st);
	sqlite3_stmt *e;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &e, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(db, "cache: explaining a list", err);
	struct { int id, depth; } *seen = NULL;
	int nseen = 0;
	while ((rc = sqlite3_step(e)) == SQLITE_ROW) {
		int id = sqlite3_column_int(e, 0), parent = sqlite3_column_int(e, 1), depth = 0;
		for (int k = 0; k < nseen; k++)
			if (seen[k].id == parent)
				depth = seen[k].depth + 1;
		seen = xrealloc(seen, (size_t)(nseen + 1) * sizeof *seen);
		seen[nseen].id = id;
		seen[nseen++].depth = depth;
		buf_printf(plan, "%*s%s\n", 2 * depth, "", (const char *)sqlite3_column_text(e, 3));
	}
	free(seen);
	sqlite3_finalize(e);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "cache: explaining a list", err);
}

/* Reads the page st lists, or with plan set, explains st instead. */
static int run_page(struct db *db, sqlite3_stmt *st, int n, int backward,
		    struct db_page *out, struct buf *plan, char **err)
{
	return plan ? explain(db, st, plan, err) : read_page(db, st, n, backward, out, err);
}

/*
 * Relevance under a rank window that cut: the list is the ranked window
 * (keyset on rank, pid) followed by the older matches with rank -1, newest
 * first (keyset on pid alone, which FTS5 takes as a rowid bound). A read
 * takes at most n rows from each of the two that it reaches from `after`.
 */
static int windowed_read(struct db *db, const struct fsql *f, int64_t cut,
			 const struct db_row *after, int backward, int n, int want_ranked,
			 int want_tail, struct db_page *out, struct buf *plan, char **err)
{
	int ascending = (f->reverse != 0) ^ (backward != 0);
	int in_tail = after && after->rank < 0;
	struct buf sql = {0};
	buf_adds(&sql, list_cols);
	buf_adds(&sql, " FROM (");
	if (want_ranked) {
		buf_adds(&sql, "SELECT * FROM (");
		add_part(&sql, f, PART_RANKED_WINDOW);
		if (after && !in_tail)
			add_keyset(&sql, "qrank, kpid", 2, ascending);
		add_order(&sql, "qrank, kpid", ascending);
		buf_adds(&sql, " LIMIT ?)");
	}
	if (want_ranked && want_tail)
		buf_adds(&sql, " UNION ALL ");
	if (want_tail) {
		buf_adds(&sql, "SELECT * FROM (");
		add_part(&sql, f, PART_TAIL);
		add_order(&sql, "r.pid", ascending);
		buf_adds(&sql, " LIMIT ?)");
	}
	add_order(&sql, "qrank, kpid", ascending);
	buf_adds(&sql, " LIMIT ?)");
	buf_adds(&sql, list_join);
	add_order(&sql, "qrank, kpid", ascending);

	sqlite3_stmt *st = db_stmt(db, sql.data, err);
	buf_free(&sql);
	if (!st)
		return -1;
	int i = 1;
	if (want_ranked) {
		sqlite3_bind_text(st, i++, ranked_match(f), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, i++, cut);
		if (f->match_rare)
			sqlite3_bind_text(st, i++, f->match_rare, -1, SQLITE_STATIC);
		i = bind_filter(st, f, i);
		if (after && !in_tail) {
			sqlite3_bind_double(st, i++, after->rank);
			sqlite3_bind_int64(st, i++, after->pid);
		}
		sqlite3_bind_int(st, i++, n);
	}
	if (want_tail) { /* the rare words' older papers are ranked: not here */
		sqlite3_bind_text(st, i++, f->match_common ? f->match_common : f->match, -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, i++, ascending && in_tail ? after->pid : INT64_MIN);
		sqlite3_bind_int64(st, i++, !ascending && in_tail ? after->pid : cut);
		i = bind_filter(st, f, i);
		sqlite3_bind_int(st, i++, n);
	}
	sqlite3_bind_int(st, i, n);
	if (run_page(db, st, n, backward, out, plan, err) != 0)
		return -1;
	out->window = f->rank_window;
	return 0;
}

static int list_windowed(struct db *db, const struct fsql *f, int64_t cut,
			 const struct db_row *after, int backward, int n,
			 struct db_page *out, struct buf *plan, char **err)
{
	int ascending = (f->reverse != 0) ^ (backward != 0);
	int in_tail = after && after->rank < 0;
	/* descending the list is window then tail; ascending, tail then window */
	int want_ranked = ascending || !in_tail;
	int want_tail = !ascending || !after || in_tail;
	/* Descending, the window alone first: every ranked row comes before
	 * every older match, so when it fills the page the older matches are
	 * not read (opening a match looks each of its phrases up in every
	 * segment of the index: a word's many forms cost that much again). */
	if (!plan && !ascending && want_ranked && want_tail) {
		if (windowed_read(db, f, cut, after, backward, n, 1, 0, out, NULL, err) != 0)
			return -1;
		if (out->n == n)
			return 0;
	}
	return windowed_read(db, f, cut, after, backward, n, want_ranked, want_tail, out, plan,
			     err);
}

static int list_rows(struct db *db, const struct fsql *f, const struct db_row *after,
		     int backward, int n, struct db_page *out, struct buf *plan, char **err)
{
	int ascending = (f->reverse != 0) ^ (backward != 0);
	enum db_sort sort = effective_sort(f);
	enum fts_use use = fts_use(f, sort);
	const char *cols = sorts[sort].cols;
	int nkeys = sorts[sort].nkeys;
	enum part parts[2] = {use == FTS_FILTER && sort != DB_SORT_SCORE ? filter_part(db, f, n)
			      : use == FTS_RANK_JOIN ? PART_RANKED
			      : use == FTS_RANK_LEFT ? PART_RANKED_CTE : PART_PLAIN,
			      PART_UNRANKED_CTE};
	if (sort == DB_SORT_SCORE) {
		int few = use == FTS_FILTER ? 0 : few_filtered(db, f, err);
		if (few < 0)
			return -1;
		/* few matches: read them, each one's score looked up, rather than
		 * walk every score testing each paper against them */
		if (use == FTS_FILTER)
			few = db_estimate(db, "SELECT count(*) FROM (SELECT 1 FROM papers_fts"
					  " WHERE papers_fts MATCH ?1 LIMIT ?2)", f->match,
					  FEW_SCORED) < FEW_SCORED;
		parts[0] = use == FTS_FILTER ? (few ? PART_SCORED_FEW_MATCH : PART_SCORED_MATCH)
			   : few ? PART_SCORED_FEW : PART_SCORED;
	}
	int nparts = use == FTS_RANK_LEFT ? 2 : 1;
	int64_t cut = 0;
	out->window = 0;
	if ((f->rank || f->rank_rare) && rank_ready(db, err) != 0)
		return -1;
	if ((use == FTS_RANK_JOIN || use == FTS_RANK_LEFT) && window_cut(db, f, &cut, err) != 0)
		return -1;
	if (cut && use == FTS_RANK_JOIN)
		return list_windowed(db, f, cut, after, backward, n, out, plan, err);
	struct buf sql = {0};
	if (use == FTS_RANK_LEFT) /* matches outside the window rank as non-matches */
		add_ranked(&sql, cut ? rank_cte_window : rank_cte, f);
	buf_adds(&sql, list_cols);
	buf_adds(&sql, " FROM (");
	for (int k = 0; k < nparts; k++) {
		if (k)
			buf_adds(&sql, " UNION ALL ");
		add_part(&sql, f, parts[k]);
		/* Keyset: the rows strictly past `after` in the order we read;
		 * a stored score's walk starts at after's score */
		if (after)
			add_keyset(&sql, cols, nkeys, ascending);
		if (after && parts[k] == PART_SCORED)
			buf_adds(&sql, ascending ? " AND sc.score >= ?" : " AND sc.score <= ?");
	}
	/* a compound's ORDER BY names its result columns */
	add_order(&sql, nparts > 1 ? "qrank, kpid" : cols, ascending);
	buf_adds(&sql, " LIMIT ?)");
	buf_adds(&sql, list_join);
	add_order(&sql, cols, ascending);

	sqlite3_stmt *st = db_stmt(db, sql.data, err);
	buf_free(&sql);
	if (!st)
		return -1;
	int i = 1;
	if (use == FTS_RANK_LEFT)
		sqlite3_bind_text(st, i++, f->match, -1, SQLITE_STATIC);
	if (use == FTS_RANK_LEFT && cut)
		sqlite3_bind_int64(st, i++, cut);
	for (int k = 0; k < nparts; k++) {
		i = bind_part(st, f, parts[k], i);
		if (after)
			for (int j = 0; j < nkeys; j++)
				bind_key(st, i++, sorts[sort].keys[j], after);
		if (after && parts[k] == PART_SCORED)
			sqlite3_bind_double(st, i++, after->rank);
	}
	sqlite3_bind_int(st, i, n);
	if (run_page(db, st, n, backward, out, plan, err) != 0)
		return -1;
	out->window = cut ? f->rank_window : 0;
	return 0;
}

static int count_rows(struct db *db, const struct fsql *f, long *out, char **err)
{
	struct buf sql = {0};
	enum part part = f->match && *f->match && !f->match_rank_only ? PART_FILTER
								      : PART_PLAIN;
	/* the matches alone when the rest does not look at the papers table */
	int fts_only = part == PART_FILTER && !f->papers;
	if (fts_only)
		buf_adds(&sql, "SELECT count(*) FROM papers_fts f LEFT JOIN state s ON s.pid = f.rowid"
			 " WHERE papers_fts MATCH ? AND (");
	else
		buf_adds(&sql, "SELECT count(*) FROM papers p LEFT JOIN state s ON s.pid = p.pid"
			 " WHERE (");
	buf_adds(&sql, f->where && *f->where ? f->where : "1");
	buf_adds(&sql, ")");
	if (part == PART_FILTER && !fts_only)
		buf_printf(&sql, " AND %s", match_in);
	sqlite3_stmt *st = db_stmt(db, sql.data, err);
	buf_free(&sql);
	if (!st)
		return -1;
	if (fts_only) {
		sqlite3_bind_text(st, 1, f->match, -1, SQLITE_STATIC);
		bind_filter(st, f, 2);
	} else {
		bind_part(st, f, part, 1);
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "cache: counting papers", err);
}

int db_list(struct db *db, const struct db_filter *f, const struct db_row *after,
	    int backward, int n, struct db_page *out, char **err)
{
	struct fsql c;
	if (fsql_build(&c, f, db, n, err) < 0)
		return -1;
	int rc = list_rows(db, &c, after, backward, n, out, NULL, err);
	fsql_free(&c);
	return rc;
}

int db_list_plan(struct db *db, const struct db_filter *f, int n, char **plan, char **err)
{
	*plan = NULL;
	struct fsql c;
	if (fsql_build(&c, f, db, n, err) < 0)
		return -1;
	struct db_page none = {0};
	struct buf b = {0};
	int rc = list_rows(db, &c, NULL, 0, n, &none, &b, err);
	fsql_free(&c);
	*plan = rc == 0 ? buf_detach(&b) : NULL;
	buf_free(&b);
	return rc;
}

int db_count(struct db *db, const struct db_filter *f, long *count, char **err)
{
	struct fsql c;
	if (fsql_build(&c, f, db, 0, err) < 0)
		return -1;
	int rc = count_rows(db, &c, count, err);
	fsql_free(&c);
	return rc;
}

void db_row_clear(struct db_row *r)
{
	free(r->id);
	free(r->title);
	free(r->day);
	free(r->published);
	free(r->tags);
	free(r->marked);
	memset(r, 0, sizeof *r);
}

void db_page_free(struct db_page *pg)
{
	page_reset(pg);
	free(pg->rows);
	memset(pg, 0, sizeof *pg);
}

/* ---- highlights ---- */

/* Adds to *text the marks of the CJK words of f that look in field, on an
 * index that finds them inside runs (through the extra column, where
 * highlight() marks nothing of the title or the abstract). */
static void cjk_marks(struct db *db, const struct db_filter *f, int field, char **text)
{
	if (!*text || !f->root || !db_index_current(db) || !db_text_has_cjk(*text))
		return;
	struct buf runs = {0};
	db_cjk_runs(f->root, field, &runs);
	char *marked = runs.len ? db_cjk_mark(*text, runs.data) : NULL;
	buf_free(&runs);
	if (marked) {
		free(*text);
		*text = marked;
	}
}

int db_highlight(struct db *db, const struct db_filter *f, int64_t pid, char **title,
		 char **abstract, char **err)
{
	*title = *abstract = NULL;
	struct fsql c;
	if (fsql_build(&c, f, db, 0, err) < 0)
		return -1;
	if (!c.match || !*c.match) {
		fsql_free(&c);
		return 0;
	}
	sqlite3_stmt *st = db_stmt(db, "SELECT highlight(papers_fts, 0, ?1, ?2),"
				   " highlight(papers_fts, 1, ?1, ?2) FROM papers_fts"
				   " WHERE papers_fts MATCH ?3 AND rowid = ?4", err);
	if (!st) {
		fsql_free(&c);
		return -1;
	}
	sqlite3_bind_text(st, 1, DB_MARK_ON, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, DB_MARK_OFF, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c.match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, pid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*title = db_col(st, 0);
		*abstract = db_col(st, 1);
	}
	sqlite3_reset(st);
	fsql_free(&c);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cache: highlighting a paper", err);
	if (rc == SQLITE_ROW) {
		cjk_marks(db, f, DB_TEXT_TITLE, title);
		cjk_marks(db, f, DB_TEXT_ABSTRACT, abstract);
	}
	return rc == SQLITE_ROW;
}

/*
 * A page's titles are marked in a small index of their own on this
 * connection (temp.papyr_marks: the columns and the tokenizer of
 * papers_fts, read from its definition, so it splits and folds words as the
 * cache's index does), holding the page's titles only: there every phrase
 * the filter's full text names outside NOT, joined by OR, is highlighted.
 * A listed paper matched the whole expression, so these are the words
 * highlight() marks there; one small statement instead of a lookup in the
 * big index for each row.
 */
static int marks_ready(struct db *db, char **err)
{
	/* made for the index the cache has (an older cache's is rebuilt) */
	int want = 1 + db_index_current(db);
	if (db->marks_table == want)
		return 0;
	if (db->marks_table && sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.papyr_marks_terms;"
					    "DROP TABLE IF EXISTS temp.papyr_marks", NULL, NULL,
					    NULL) != SQLITE_OK)
		return db_fail(db, "cache: highlighting titles", err);
	db->marks_table = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT sql FROM main.sqlite_master"
				   " WHERE name = 'papers_fts'", err);
	if (!st)
		return -1;
	char *def = sqlite3_step(st) == SQLITE_ROW ? db_col(st, 0) : NULL;
	sqlite3_reset(st);
	char *open = def ? strstr(def, "fts5(") : NULL;
	char *close = def ? strrchr(def, ')') : NULL;
	if (!open || !close || close < open) {
		free(def);
		return set_err(err, "cache: the full-text index's definition is not understood");
	}
	/* its arguments, split at the commas outside quotes: the columns, and
	 * the tokenizer (content tables, prefixes and the like left out) */
	struct buf args = {0};
	char *p = open + 5;
	*close = '\0';
	while (*p) {
		char *start = p, q = 0;
		for (; *p && (q || *p != ','); p++)
			if (q ? *p == q : (*p == '\'' || *p == '"'))
				q = q ? 0 : *p;
		size_t n = (size_t)(p - start);
		while (n && (*start == ' ' || *start == '\n'))
			start++, n--;
		int option = memchr(start, '=', n) != NULL;
		if (n && (!option || strncmp(start, "tokenize", 8) == 0)) {
			buf_adds(&args, args.len ? ", " : "");
			buf_add(&args, start, n);
		}
		if (*p)
			p++;
	}
	free(def);
	char *sql = xasprintf("CREATE VIRTUAL TABLE IF NOT EXISTS temp.papyr_marks USING fts5(%s)",
			      args.data ? args.data : "title");
	buf_free(&args);
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	free(sql);
	/* its words as the tokenizer made them, to read a word's stem */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->h, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papyr_marks_terms"
				  " USING fts5vocab(temp, papyr_marks, instance)", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, "cache: highlighting titles", err);
	db->marks_table = want;
	return 0;
}

int db_mark_titles(struct db *db, const struct db_filter *f, struct db_page *pg, char **err)
{
	for (int i = 0; i < pg->n; i++) {
		free(pg->rows[i].marked);
		pg->rows[i].marked = NULL;
	}
	struct fsql c;
	if (fsql_build(&c, f, db, 0, err) < 0)
		return -1;
	if (!c.match_any || pg->n == 0) {
		fsql_free(&c);
		return 0;
	}
	int rc = marks_ready(db, err);
	sqlite3_stmt *st = NULL;
	if (rc == 0 && sqlite3_exec(db->h, "DELETE FROM temp.papyr_marks", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_fail(db, "cache: highlighting titles", err);
	if (rc == 0 && !(st = db_stmt(db, "INSERT INTO temp.papyr_marks (rowid, title)"
				       " VALUES (?1, ?2)", err)))
		rc = -1;
	for (int i = 0; rc == 0 && i < pg->n; i++) {
		sqlite3_bind_int64(st, 1, pg->rows[i].pid);
		sqlite3_bind_text(st, 2, pg->rows[i].title, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_fail(db, "cache: highlighting titles", err);
	}
	if (rc == 0 && !(st = db_stmt(db, "SELECT rowid, highlight(papyr_marks, 0, ?1, ?2)"
				       " FROM temp.papyr_marks WHERE papyr_marks MATCH ?3", err)))
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, DB_MARK_ON, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, DB_MARK_OFF, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c.match_any, -1, SQLITE_STATIC);
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t pid = sqlite3_column_int64(st, 0);
			for (int i = 0; i < pg->n; i++)
				if (pg->rows[i].pid == pid && !pg->rows[i].marked)
					pg->rows[i].marked = db_col(st, 1);
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_fail(db, "cache: highlighting titles", err);
	}
	for (int i = 0; rc == 0 && i < pg->n; i++) {
		char *t = pg->rows[i].marked ? pg->rows[i].marked
			  : pg->rows[i].title ? xstrdup(pg->rows[i].title) : NULL;
		cjk_marks(db, f, DB_TEXT_TITLE, &t);
		if (t && !strchr(t, DB_MARK_ON[0])) {
			free(t);
			t = NULL;
		}
		pg->rows[i].marked = t;
	}
	fsql_free(&c);
	if (rc != 0)
		for (int i = 0; i < pg->n; i++) {
			free(pg->rows[i].marked);
			pg->rows[i].marked = NULL;
		}
	return rc;
}

/* ---- the vocabulary ---- */

/* The words of the index scanned for a suggestion at most: a bound on its
 * time in a cache of millions of papers. */
#define SUGGEST_SCAN 200000
#define SUGGEST_MAX_LEN 48

/*
 * The edit distance of a and b: insertions, deletions, substitutions and
 * transpositions of two letters side by side, each one edit (the optimal
 * string alignment distance: the typos of a hand on a keyboard), or
 * limit + 1 once it passes limit.
 */
static int edit_distance(const char *a, size_t la, const char *b, size_t lb, int limit)
{
	if ((la > lb ? la - lb : lb - la) > (size_t)limit)
		return limit + 1;
	int rows[3][SUGGEST_MAX_LEN + 1];
	int *before = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int least = cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    before[j - 2] + 1 < v)
				v = before[j - 2] + 1;
			cur[j] = v;
			if (v < least)
				least = v;
		}
		if (least > limit)
			return limit + 1;
		int *t = before;
		before = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] <= limit ? prev[lb] : limit + 1;
}

/* The best suggestion so far: the fewest edits, then the most papers. */
struct near {
	char *word;
	int edits;
	long docs;
};

static void near_offer(struct near *n, const char *t, size_t tl, int edits, long docs)
{
	if (edits > n->edits || (edits == n->edits && docs <= n->docs))
		return;
	free(n->word);
	n->word = xstrndup(t, tl);
	n->edits = edits;
	n->docs = docs;
}

/* The papers whose titles hold word as written (the index's word, on an
 * older index): 0 when none, -1 on an error. */
static long title_word_docs(struct db *db, const char *word)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT doc FROM temp.papers_vocab WHERE term = ?1", NULL);
	if (!st)
		return -1;
	char *term = db_index_current(db) ? xasprintf("%s" DB_EXACT_MARK, word) : xstrdup(word);
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	long docs = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	free(term);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? docs : -1;
}

/*
 * The words one edit away from word that start with another letter (the
 * scan of the index reads only those starting with word's): its first
 * letter left out, another put before it or in its place, its first two
 * swapped. Each is looked up; -1 on an error.
 */
static int first_letter_typos(struct db *db, const char *word, size_t len, struct near *n)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char cand[SUGGEST_MAX_LEN + 2];
	for (int kind = 0; kind < 4; kind++)
		for (size_t c = 0; c < (kind < 2 ? sizeof letters - 1 : 1); c++) {
			if (kind == 0) { /* a letter put before the first */
				cand[0] = letters[c];
				memcpy(cand + 1, word, len + 1);
			} else if (kind == 1) { /* the first letter replaced */
				if (letters[c] == word[0])
					continue;
				memcpy(cand, word, len + 1);
				cand[0] = letters[c];
			} else if (kind == 2) { /* the first letter was one too many */
				if (len < 3)
					continue;
				memcpy(cand, word + 1, len);
			} else { /* the first two swapped */
				if (len < 3 || word[0] == word[1])
					continue;
				memcpy(cand, word, len + 1);
				cand[0] = word[1];
				cand[1] = word[0];
			}
			long docs = title_word_docs(db, cand);
			if (docs < 0)
				return -1;
			if (docs > 0)
				near_offer(n, cand, strlen(cand), 1, docs);
		}
	return 0;
}

/* The index's vocabulary, read through fts5vocab in this connection's
 * temporary schema (nothing is written to the cache). */
static int vocab_ready(struct db *db, char **err)
{
	if (sqlite3_exec(db->h, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_vocab"
			 " USING fts5vocab(main, papers_fts, row)", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "cache: the index's words", err);
	return 0;
}

/*
 * The words the index's tokenizer makes of text (stems, folded), read
 * through temp.papyr_marks, which has that tokenizer: into words (n at
 * most, FORMS_WORD bytes each); their number, or -1.
 */
static int tokens_of(struct db *db, const char *text, char words[][FORMS_WORD + 1], int n)
{
	if (marks_ready(db, NULL) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO temp.papyr_marks (rowid, title)"
				   " VALUES (-1, ?1)", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int got = 0;
	st = db_stmt(db, "SELECT term FROM temp.papyr_marks_terms WHERE doc = -1"
		     " ORDER BY col, offset", NULL);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (got == n || !t || strlen(t) > FORMS_WORD) {
			got = -1;
			break;
		}
		memcpy(words[got++], t, strlen(t) + 1);
	}
	if (st)
		sqlite3_reset(st);
	if (!st || (got >= 0 && rc != SQLITE_DONE))
		got = -1;
	if (sqlite3_exec(db->h, "DELETE FROM temp.papyr_marks WHERE rowid = -1", NULL, NULL,
			 NULL) != SQLITE_OK)
		got = -1;
	return got;
}

/* The papers an expression matches, counted up to this many; past it,
 * estimated from how many of the newest papers these are. */
#define DOCS_COUNTED 10000

long db_docs_estimate(struct db *db, const char *expr)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*), min(rowid),"
				   " (SELECT COALESCE(max(pid), 0) FROM papers) FROM"
				   " (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
				   " ORDER BY rowid DESC LIMIT ?2)", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, DOCS_COUNTED);
	long n = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = (long)sqlite3_column_int64(st, 0);
		int64_t low = sqlite3_column_int64(st, 1), top = sqlite3_column_int64(st, 2);
		if (n >= DOCS_COUNTED && top >= low) /* n of the papers from low on */
			n = (long)((double)n * (double)top / (double)(top - low + 1));
	}
	sqlite3_reset(st);
	return n;
}

/* The papers holding the index's word that `written` (a plain word the
 * tokenizer gives it back for) is. */
static long term_docs(struct db *db, const char *written)
{
	char *e = xasprintf("\"%s\"", written);
	long n = db_docs_estimate(db, e);
	free(e);
	return n;
}

/* The papers holding the index's word `term`, read from its vocabulary
 * (a scan of its postings); 0 when it holds no such word, -1 on error. */
static long stem_docs(struct db *db, const char *term)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT doc FROM temp.papers_vocab WHERE term = ?1", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return n;
}

/*
 * The forms of word, looked up: into e (e->ok 0 when it stays a prefix).
 * The index's words that start with the word's stem and are longer are
 * read from its vocabulary, which counts each one's papers by reading
 * its postings; the stem itself, often a common word, is counted apart
 * (db_docs_estimate: a common word's papers are estimated).
 */
static void forms_read(struct db *db, const char *word, int most, struct fts_forms_entry *e)
{
	e->most = most;
	char stem[1][FORMS_WORD + 1];
	if (tokens_of(db, word, stem, 1) != 1 || vocab_ready(db, NULL) < 0)
		return;
	size_t len = strlen(stem[0]);
	char lo[FORMS_WORD + 2], hi[FORMS_WORD + 1];
	memcpy(lo, stem[0], len);
	memcpy(lo + len, "\x01", 2); /* past the stem: no word holds a control character */
	memcpy(hi, stem[0], len + 1);
	hi[len - 1]++; /* past every word starting with the stem */
	sqlite3_stmt *st = db_stmt(db, "SELECT term, doc FROM temp.papers_vocab WHERE term >= ?1"
				   " AND term < ?2", NULL);
	if (!st)
		return;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	/* the stem first, its papers counted below */
	memcpy(e->terms[0], stem[0], len + 1);
	e->n = 1;
	int rc, ok = 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t tl = t ? strlen(t) : 0;
		/* a title's exact form (DB_EXACT_MARK) or a CJK bigram: not a
		 * word of the columns a search word is looked for in */
		int plain = tl > 0;
		for (size_t i = 0; i < tl && plain; i++)
			plain = (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9');
		if (!plain)
			continue;
		if (e->n == most || tl > FORMS_WORD) {
			e->over = e->n == most;
			ok = 0;
			break;
		}
		memcpy(e->terms[e->n], t, tl + 1);
		e->docs[e->n] = (long)sqlite3_column_int64(st, 1);
		if (e->docs[e->n] > e->least)
			e->least = e->docs[e->n];
		e->n++;
	}
	sqlite3_reset(st);
	if (!ok || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		e->n = 0;
		return;
	}
	/* a stem is written as a word of the search, which the tokenizer
	 * stems again: each must come back as it is. A stem that is not its
	 * own stem ("diffus", of "diffusion", is stemmed to "diffu") is written
	 * as a word that has it for its stem ("diffuse"), when one of a few
	 * endings the stemmer takes off makes such a word; else the word stays
	 * a prefix */
	struct buf all = {0};
	for (int i = 0; i < e->n; i++) {
		buf_adds(&all, i ? " " : "");
		buf_adds(&all, e->terms[i]);
	}
	char (*again)[FORMS_WORD + 1] = xcalloc(FORMS_MAX, sizeof *again);
	int n = tokens_of(db, all.data, again, FORMS_MAX);
	buf_free(&all);
	static const char *const endings[] = {"e", "s", "es", "ed", "ing"};
	int unwritten = 0;
	for (int i = 0; n == e->n && i < n; i++) {
		if (strcmp(again[i], e->terms[i]) == 0)
			continue;
		size_t tl = strlen(e->terms[i]);
		int found = 0;
		for (size_t k = 0; !found && k < sizeof endings / sizeof endings[0]; k++) {
			char form[FORMS_WORD + 8], back[1][FORMS_WORD + 1];
			if (tl + strlen(endings[k]) > FORMS_WORD)
				break;
			snprintf(form, sizeof form, "%s%s", e->terms[i], endings[k]);
			if (tokens_of(db, form, back, 1) == 1 && strcmp(back[0], e->terms[i]) == 0) {
				memcpy(e->terms[i], form, strlen(form) + 1);
				found = 1;
			}
		}
		if (!found && i == 0)
			unwritten = 1;
		else if (!found)
			n = -1;
	}
	free(again);
	/* the stem's papers (none: it is no word of the index, only a start;
	 * a stem no word is written for must be none) */
	long docs = n != e->n ? -1 : unwritten ? stem_docs(db, stem[0]) : term_docs(db, e->terms[0]);
	if (docs < 0 || (unwritten && docs > 0)) {
		e->n = 0;
		return;
	}
	e->word_docs = e->docs[0] = docs;
	int first = docs > 0 ? 0 : 1;
	for (int i = first; i < e->n; i++) {
		if (first) {
			memcpy(e->terms[i - 1], e->terms[i], sizeof e->terms[i]);
			e->docs[i - 1] = e->docs[i];
		}
	}
	e->n -= first;
	for (int i = 0; i < e->n; i++)
		e->termv[i] = e->terms[i];
	e->ok = e->n > 0;
}

int db_forms(struct db *db, const char *word, int most, struct fts_forms *out)
{
	size_t len = strlen(word);
	if (len < 4 || len > FORMS_WORD - 1)
		return 0;
	char low[FORMS_WORD + 1];
	for (size_t i = 0; i <= len; i++) {
		char ch = word[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch | 0x20);
		if (i < len && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			return 0;
		low[i] = ch;
	}
	struct fts_forms_cache *fc = &db->forms;
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version", NULL);
	long long version = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	if (st)
		sqlite3_reset(st);
	int index = 1 + db_index_current(db);
	if (version != fc->version || index != fc->index) {
		memset(fc, 0, sizeof *fc);
		fc->version = version;
		fc->index = index;
	}
	struct fts_forms_entry *e = NULL;
	for (int i = 0; i < FORMS_KEPT && !e; i++)
		if (fc->e[i].word[0] && strcmp(fc->e[i].word, low) == 0)
			e = &fc->e[i];
	if (!e) {
		e = &fc->e[fc->next];
		fc->next = (fc->next + 1) % FORMS_KEPT;
	}
	if (strcmp(e->word, low) != 0 || (e->over && e->most < most)) {
		memset(e, 0, sizeof *e);
		forms_read(db, low, most < FORMS_MAX ? most : FORMS_MAX, e);
		memcpy(e->word, low, len + 1);
	}
	out->least = e->least;
	if (!e->ok || e->n > most)
		return 0;
	out->terms = e->termv;
	out->docs = e->docs;
	out->n = e->n;
	out->word_docs = e->word_docs;
	return 1;
}

int db_word_suggest(struct db *db, const char *word, char **out, char **err)
{
	*out = NULL;
	size_t len = strlen(word);
	if (len == 0 || len > SUGGEST_MAX_LEN)
		return 1;
	for (size_t i = 0; i < len; i++)
		if (!((word[i] >= 'a' && word[i] <= 'z') || (word[i] >= '0' && word[i] <= '9')))
			return 1; /* not one token as the index writes it: not asked */
	if (vocab_ready(db, err) < 0)
		return -1;
	/* the word, or a longer one it starts, is in the index (or its stem,
	 * or a longer one: the index writes stems) */
	char *probe = xasprintf("\"%s\"*", word);
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM papers_fts"
				   " WHERE papers_fts MATCH ?1)", err);
	if (!st) {
		free(probe);
		return -1;
	}
	sqlite3_bind_text(st, 1, probe, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int known = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	free(probe);
	if (rc != SQLITE_ROW)
		return db_fail(db, "cache: the index's words", err);
	if (known)
		return 1;
	/* the nearest word, the most used among the nearest: a short word
	 * allows one edit, a longer two; those starting with its first letter
	 * are read from the index, the others one edit away looked up */
	int limit = len <= 4 ? 1 : 2;
	struct near best = {.edits = limit + 1};
	char lo[2] = {word[0], 0}, hi[2] = {(char)(word[0] + 1), 0};
	st = db_stmt(db, "SELECT term, doc FROM temp.papers_vocab WHERE term >= ?1 AND term < ?2",
		     err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	long scanned = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && scanned++ < SUGGEST_SCAN) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t tl = t ? strlen(t) : 0;
		/* an index that stems holds words as written only in titles, with
		 * a mark (derive.c): those are offered, never a stem */
		size_t ml = sizeof DB_EXACT_MARK - 1;
		if (t && db_index_current(db)) {
			if (tl <= ml || strcmp(t + tl - ml, DB_EXACT_MARK) != 0)
				continue;
			tl -= ml;
		}
		if (!t || tl > SUGGEST_MAX_LEN)
			continue;
		int d = edit_distance(word, len, t, tl, limit);
		if (d <= limit)
			near_offer(&best, t, tl, d, (long)sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || first_letter_typos(db, word, len, &best) != 0) {
		free(best.word);
		return db_fail(db, "cache: the index's words", err);
	}
	*out = best.word;
	return 0;
}

int db_ids_without_source(struct db *db, unsigned source, long long seen_since, int limit,
			  char ***ids, char **err)
{
	*ids = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM papers WHERE sources & ?1 = 0"
				       " AND first_seen >= ?2 ORDER BY pid DESC LIMIT ?3", err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, (int)source);
	sqlite3_bind_int64(st, 2, seen_since);
	sqlite3_bind_int(st, 3, limit);
	int n = 0, rc;
	char **v = xcalloc((size_t)limit + 1, sizeof *v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit)
		v[n++] = db_col(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_strv_free(&v);
		return db_fail(db, "cache: reading papers", err);
	}
	*ids = v;
	return 0;
}
