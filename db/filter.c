/*
 * filter: the filter tree, and the SQL a list reads it with.
 *
 * A tree is written out in two parts. The members of its top-level AND that
 * are full text alone (words, phrases, their OR and AND NOT) become one
 * FTS5 expression that every row must match: a list reads those rows from
 * the index first, and ranks them. Everything else becomes a WHERE over
 * papers p and state s, with fixed fragments from the tables below and the
 * values bound; full text inside it is a lookup in the index. With no such
 * member, the full text only ranks (the rows that match it come first).
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"
#include "../src/base/buf.h"

/* ---- the tree ---- */

struct db_fnode *db_fnode_new(enum db_fkind kind, const char *text)
{
	struct db_fnode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->text = text ? xstrdup(text) : NULL;
	return n;
}

void db_fnode_add(struct db_fnode *parent, struct db_fnode *kid)
{
	parent->kids = xrealloc(parent->kids, (size_t)(parent->nkids + 1) * sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

struct db_fnode *db_fnode_dup(const struct db_fnode *n)
{
	if (!n)
		return NULL;
	struct db_fnode *d = xcalloc(1, sizeof *d);
	*d = *n;
	d->text = n->text ? xstrdup(n->text) : NULL;
	d->kids = n->nkids ? xcalloc((size_t)n->nkids, sizeof *d->kids) : NULL;
	for (int i = 0; i < n->nkids; i++)
		d->kids[i] = db_fnode_dup(n->kids[i]);
	return d;
}

void db_fnode_free(struct db_fnode *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nkids; i++)
		db_fnode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

void db_filter_copy(struct db_filter *to, const struct db_filter *from)
{
	*to = *from;
	to->root = db_fnode_dup(from->root);
}

void db_filter_clear(struct db_filter *f)
{
	db_fnode_free(f->root);
	memset(f, 0, sizeof *f);
}

/* ---- what each leaf is in SQL ---- */

/* The columns of papers_fts, in the order of enum db_text_field. */
static const char *const text_cols[] = {NULL, "title", "abstract", "authors", "ai_keywords"};

static const char *const state_sql[] = {
	[DB_STATE_UNREAD] = "COALESCE(s.read, 0) = 0",
	[DB_STATE_READ] = "COALESCE(s.read, 0) <> 0",
	[DB_STATE_STARRED] = "COALESCE(s.starred, 0) <> 0",
	[DB_STATE_DISMISSED] = "s.dismissed_at IS NOT NULL",
	[DB_STATE_TAGGED] = "EXISTS (SELECT 1 FROM tags t WHERE t.pid = p.pid)",
	[DB_STATE_NOTED] = "EXISTS (SELECT 1 FROM notes n WHERE n.pid = p.pid)",
	/* first seen by the latest sync that brought papers (none before one) */
	[DB_STATE_NEW] = "p.first_seen >= (SELECT max(started) FROM sync_runs)",
};
/* NOT is:dismissed, the condition (almost) every list carries. */
static const char not_dismissed_sql[] = "s.dismissed_at IS NULL";

static const char *const has_sql[] = {
	[DB_HAS_GITHUB] = "COALESCE(p.github_repo, '') <> ''",
	[DB_HAS_PROJECT] = "COALESCE(p.project_page, '') <> ''",
};

static const char *const num_cols[] = {
	[DB_NUM_UPVOTES] = "p.upvotes", [DB_NUM_COMMENTS] = "p.comments",
	[DB_NUM_STARS] = "p.github_stars",
};
static const char *const cmp_sql[] = {
	[DB_CMP_EQ] = " = ?", [DB_CMP_LT] = " < ?", [DB_CMP_LE] = " <= ?",
	[DB_CMP_GT] = " > ?", [DB_CMP_GE] = " >= ?", [DB_CMP_RANGE] = " BETWEEN ? AND ?",
};

/* Listed on a day in from..to: p.day (the newest listed day) >= from rules
 * out most papers by index before paper_days is read. */
static const char listed_sql[] =
	"(p.day >= ? AND (p.pid IN (SELECT d.pid FROM paper_days d WHERE d.day BETWEEN ? AND ?)"
	" OR (p.listed IS NULL AND p.day <= ?)))";
static const char published_sql[] = "p.published BETWEEN ? AND ?";
static const char tag_sql[] = "p.pid IN (SELECT t.pid FROM tags t WHERE t.tag = ?)";
static const char id_sql[] = "(p.id >= ? AND p.id < ?)";
static const char fts_in_sql[] =
	"p.pid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)";

/* ---- writing it out ---- */

static void add_bind(struct fsql *c, const struct db_bind *b)
{
	if (c->nbinds == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->binds = xrealloc(c->binds, (size_t)c->cap * sizeof *c->binds);
	}
	c->binds[c->nbinds++] = *b;
}

/* A text bind the compiled filter owns. */
static void bind_owned(struct fsql *c, char *text)
{
	c->owned = xrealloc(c->owned, (size_t)(c->nowned + 1) * sizeof *c->owned);
	c->owned[c->nowned++] = text;
	add_bind(c, &(struct db_bind){.type = DB_BIND_TEXT, .text = text});
}

static void bind_text(struct fsql *c, const char *text)
{
	add_bind(c, &(struct db_bind){.type = DB_BIND_TEXT, .text = text});
}

static void bind_int(struct fsql *c, int64_t v)
{
	add_bind(c, &(struct db_bind){.type = DB_BIND_INT, .i = v});
}

/* True when the subtree can be written as one FTS5 expression. */
static int fts_only(const struct db_fnode *n)
{
	switch (n->kind) {
	case DB_F_TEXT: return 1;
	case DB_F_OR:
		for (int i = 0; i < n->nkids; i++)
			if (!fts_only(n->kids[i]))
				return 0;
		return n->nkids > 0;
	case DB_F_AND: {
		int pos = 0;
		for (int i = 0; i < n->nkids; i++) {
			const struct db_fnode *k = n->kids[i];
			if (k->kind == DB_F_NOT && fts_only(k->kids[0]))
				continue;
			if (!fts_only(k))
				return 0;
			pos++;
		}
		return pos > 0;
	}
	default: return 0;
	}
}

/*
 * How fts_write writes a search word's longer forms: as FTS5's own prefix
 * ("diffu"*), or as the words of the index that start so, when forms finds
 * them (a prefix FTS5 has no index for reads every such word's postings at
 * once, in every statement; the words themselves are read lazily). rank
 * gets one entry a phrase, in the expression's order, for papyr_rank: the
 * papers that hold it (the same count for all the longer forms of a word,
 * their sum, so that together they weigh as the prefix did), or "-" when
 * not known. expanded is set once a word was written as its forms.
 */
struct fts_out {
	const struct fts_forms_fn *forms;
	struct buf *rank;
	int expanded;
};

static void rank_entry(struct fts_out *o, long docs)
{
	if (!o || !o->rank)
		return;
	if (o->rank->len)
		buf_addc(o->rank, ' ');
	if (docs < 0)
		buf_addc(o->rank, '-');
	else
		buf_printf(o->rank, "%ld", docs);
}

/* A word's longer forms: written as a group of the words (their rank
 * entries in *entries, one each: how many papers hold any), or 0 when
 * there is no list (then the word is written as a prefix). */
static int write_forms(struct buf *b, const struct db_fnode *n, struct fts_out *o,
		       long *word_docs, int *entries, long *docs)
{
	*word_docs = -1;
	*entries = 0;
	if (!o || !o->forms)
		return 0;
	struct fts_forms f = {0};
	if (o->forms->fn(o->forms->ctx, n->text, &f) != 1)
		return 0;
	long sum = 0;
	for (int i = 0; i < f.n; i++)
		sum += f.docs[i];
	buf_addc(b, '(');
	for (int i = 0; i < f.n; i++) {
		buf_adds(b, i ? " OR " : "");
		buf_add_quoted(b, f.terms[i], '"');
	}
	buf_addc(b, ')');
	*word_docs = f.word_docs;
	*entries = f.n;
	*docs = sum;
	o->expanded = 1;
	return 1;
}

static void fts_write(struct buf *b, const struct db_fnode *n, struct fts_out *o)
{
	switch (n->kind) {
	case DB_F_TEXT:
		if (n->field > DB_TEXT_ANY && n->field <= DB_TEXT_KEYWORDS)
			buf_printf(b, "{%s} : ", text_cols[n->field]);
		if (n->match == DB_MATCH_PREFIX || n->match == DB_MATCH_WORD) {
			struct buf forms = {0};
			long word_docs, docs = 0;
			int entries;
			int listed = write_forms(&forms, n, o, &word_docs, &entries, &docs);
			if (n->match == DB_MATCH_WORD) {
				buf_addc(b, '(');
				buf_add_quoted(b, n->text, '"');
				buf_adds(b, " OR ");
				rank_entry(o, word_docs);
			}
			if (listed) {
				buf_add(b, forms.data, forms.len);
				for (int i = 0; i < entries; i++)
					rank_entry(o, docs);
			} else {
				buf_add_quoted(b, n->text, '"');
				buf_addc(b, '*');
				rank_entry(o, -1);
			}
			buf_free(&forms);
			if (n->match == DB_MATCH_WORD)
				buf_addc(b, ')');
			break;
		}
		buf_add_quoted(b, n->text, '"');
		rank_entry(o, -1);
		break;
	case DB_F_OR:
		buf_addc(b, '(');
		for (int i = 0; i < n->nkids; i++) {
			if (i)
				buf_adds(b, " OR ");
			fts_write(b, n->kids[i], o);
		}
		buf_addc(b, ')');
		break;
	case DB_F_AND: {
		int first = 1;
		buf_addc(b, '(');
		for (int i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind != DB_F_NOT) {
				buf_adds(b, first ? "" : " AND ");
				fts_write(b, n->kids[i], o);
				first = 0;
			}
		for (int i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind == DB_F_NOT) {
				buf_adds(b, " NOT ");
				fts_write(b, n->kids[i]->kids[0], o);
			}
		buf_addc(b, ')');
		break;
	}
	default: break;
	}
}

static void leaf_write(struct fsql *c, struct buf *b, const struct db_fnode *n)
{
	switch (n->kind) {
	case DB_F_STATE:
		buf_adds(b, state_sql[n->field]);
		if (n->field == DB_STATE_TAGGED || n->field == DB_STATE_NOTED)
			c->papers = 1;
		return;
	case DB_F_HAS:
		buf_adds(b, has_sql[n->field]);
		break;
	case DB_F_NUM:
		buf_printf(b, "%s%s", num_cols[n->field], cmp_sql[n->cmp]);
		bind_int(c, n->lo);
		if (n->cmp == DB_CMP_RANGE)
			bind_int(c, n->hi);
		break;
	case DB_F_DATE:
		if (n->field == DB_DATE_LISTED) {
			buf_adds(b, listed_sql);
			bind_text(c, n->from);
			bind_text(c, n->from);
			bind_text(c, n->to);
			bind_text(c, n->to);
		} else {
			buf_adds(b, published_sql);
			bind_text(c, n->from);
			bind_text(c, n->to);
		}
		break;
	case DB_F_TAG:
		buf_adds(b, tag_sql);
		bind_text(c, n->text);
		break;
	case DB_F_ID:
		buf_adds(b, id_sql);
		bind_text(c, n->text);
		/* the highest code point sorts past every id starting text */
		bind_owned(c, xasprintf("%s\xf4\x8f\xbf\xbf", n->text));
		break;
	default:
		buf_addc(b, '1');
		return;
	}
	c->papers = 1;
}

static void where_write(struct fsql *c, struct buf *b, const struct db_fnode *n)
{
	if (fts_only(n)) {
		struct buf e = {0};
		fts_write(&e, n, &(struct fts_out){.forms = c->forms});
		buf_adds(b, fts_in_sql);
		bind_owned(c, buf_detach(&e));
		buf_free(&e);
		c->papers = 1;
		return;
	}
	switch (n->kind) {
	case DB_F_AND:
	case DB_F_OR:
		buf_addc(b, '(');
		for (int i = 0; i < n->nkids; i++) {
			if (i)
				buf_adds(b, n->kind == DB_F_AND ? " AND " : " OR ");
			where_write(c, b, n->kids[i]);
		}
		if (!n->nkids)
			buf_addc(b, '1');
		buf_addc(b, ')');
		break;
	case DB_F_NOT:
		if (n->kids[0]->kind == DB_F_STATE && n->kids[0]->field == DB_STATE_DISMISSED) {
			buf_adds(b, not_dismissed_sql);
			break;
		}
		buf_adds(b, "NOT (");
		where_write(c, b, n->kids[0]);
		buf_addc(b, ')');
		break;
	default:
		leaf_write(c, b, n);
		break;
	}
}

/* The top-level AND's members, through nested ANDs (parentheses, views). */
static void flatten(const struct db_fnode *n, const struct db_fnode ***v, int *nv)
{
	if (n->kind == DB_F_AND) {
		for (int i = 0; i < n->nkids; i++)
			flatten(n->kids[i], v, nv);
		return;
	}
	if (n->kind == DB_F_ALL)
		return;
	*v = xrealloc(*v, (size_t)(*nv + 1) * sizeof **v);
	(*v)[(*nv)++] = n;
}

/* Full-text leaves not under NOT: what relevance ranks. */
static void positive_leaves(const struct db_fnode *n, const struct db_fnode ***v, int *nv)
{
	if (n->kind == DB_F_NOT)
		return;
	if (n->kind == DB_F_TEXT) {
		*v = xrealloc(*v, (size_t)(*nv + 1) * sizeof **v);
		(*v)[(*nv)++] = n;
	}
	for (int i = 0; i < n->nkids; i++)
		positive_leaves(n->kids[i], v, nv);
}

/* The top-level members that form the MATCH every row satisfies: a node
 * AND of them (kids borrowed), empty when there are none. */
static void required_text(const struct db_fnode *const *top, int ntop, struct db_fnode *fts)
{
	for (int i = 0; i < ntop; i++) {
		const struct db_fnode *k = top[i];
		if (fts_only(k) || (k->kind == DB_F_NOT && fts_only(k->kids[0])))
			db_fnode_add(fts, (struct db_fnode *)k);
	}
	if (!fts_only(fts))
		fts->nkids = 0; /* only negated full text: it stays in the WHERE */
}

static int in_kids(const struct db_fnode *n, const struct db_fnode *k)
{
	for (int i = 0; i < n->nkids; i++)
		if (n->kids[i] == k)
			return 1;
	return 0;
}

/* Counts the leaves under n (depth levels down) into *leaves; -1 once
 * the tree passes DB_FILTER_MAX_DEPTH or DB_FILTER_MAX_LEAVES. */
static int tree_fits(const struct db_fnode *n, int depth, int *leaves)
{
	if (n->kind == DB_F_AND || n->kind == DB_F_OR || n->kind == DB_F_NOT) {
		if (depth == DB_FILTER_MAX_DEPTH)
			return -1;
		depth++;
	} else if (++*leaves > DB_FILTER_MAX_LEAVES) {
		return -1;
	}
	for (int i = 0; i < n->nkids; i++)
		if (tree_fits(n->kids[i], depth, leaves) < 0)
			return -1;
	return 0;
}

/*
 * The title phrase of a search: the words of the required full text, in
 * order, when it is nothing but words and phrases for any field or the
 * title (no OR, no NOT) and holds two words or more. Written as an FTS5
 * phrase on the title column (the tokenizer folds case and diacritics), its
 * last word a prefix when the last leaf also matches one (a search's word,
 * or the one being typed); NULL when there is none.
 */
static char *title_phrase(const struct db_fnode *fts, const struct fts_forms_fn *forms,
			  int *nphrases)
{
	*nphrases = 1;
	struct buf words = {0};
	int prefix = 0;
	for (int i = 0; i < fts->nkids; i++) {
		const struct db_fnode *k = fts->kids[i];
		if (k->kind != DB_F_TEXT || (k->field != DB_TEXT_ANY && k->field != DB_TEXT_TITLE) ||
		    !k->text || !*k->text) {
			buf_free(&words);
			return NULL;
		}
		if (words.len)
			buf_addc(&words, ' ');
		buf_adds(&words, k->text);
		prefix = k->match == DB_MATCH_PREFIX || k->match == DB_MATCH_WORD;
	}
	if (!words.len || !strchr(words.data, ' ')) {
		buf_free(&words);
		return NULL;
	}
	struct buf e = {0};
	buf_adds(&e, "{title} : ");
	/* the last word's longer forms, as for the search itself */
	const struct db_fnode *last = fts->kids[fts->nkids - 1];
	struct fts_forms f = {0};
	if (prefix && forms && forms->fn(forms->ctx, last->text, &f) == 1 && f.n > 0) {
		size_t head = words.len - strlen(last->text);
		buf_addc(&e, '(');
		for (int i = 0; i < f.n; i++) {
			struct buf one = {0};
			buf_add(&one, words.data, head);
			buf_adds(&one, f.terms[i]);
			buf_adds(&e, i ? " OR " : "");
			buf_add_quoted(&e, one.data, '"');
			buf_free(&one);
		}
		buf_addc(&e, ')');
		*nphrases = f.n;
	} else {
		buf_add_quoted(&e, words.data, '"');
		if (prefix)
			buf_adds(&e, " *");
	}
	buf_free(&words);
	return buf_detach(&e);
}

/* The papers that hold a search word or a longer form of it, at most (the
 * sum of its forms' counts), or -1 when not known. */
static long leaf_docs(const struct db_fnode *n, const struct fts_forms_fn *forms)
{
	struct fts_forms f = {0};
	if (n->kind != DB_F_TEXT || (n->match != DB_MATCH_PREFIX && n->match != DB_MATCH_WORD) ||
	    !forms || forms->fn(forms->ctx, n->text, &f) != 1)
		return -1;
	long sum = 0;
	for (int i = 0; i < f.n; i++)
		sum += f.docs[i];
	return sum;
}

/*
 * Words joined by OR (a search no paper answers whole, loosened): the
 * papers holding the rarer words are the best matches, so a rank window
 * ranks every paper holding one of the words that half a window of papers
 * at most hold, old or new (match_rare: the search AND those words, their
 * phrases weighing nothing, rank_rare its entries), and leaves them out of
 * the older matches (match_common: the search NOT those words).
 */
static void rare_words(struct fsql *c, const struct db_fnode *or, const struct fts_forms_fn *forms)
{
	struct db_fnode rare = {.kind = DB_F_OR};
	for (int i = 0; i < or->nkids; i++) {
		long docs = leaf_docs(or->kids[i], forms);
		if (docs >= 0 && docs <= c->rank_window / 2)
			db_fnode_add(&rare, or->kids[i]);
	}
	if (rare.nkids > 0 && rare.nkids < or->nkids) {
		struct buf r = {0}, entries = {0};
		fts_write(&r, &rare, &(struct fts_out){.forms = forms, .rank = &entries});
		struct buf rank = {0};
		buf_adds(&rank, c->rank);
		for (size_t k = 0; k < entries.len; k++)
			if (entries.data[k] != ' ' && (k == 0 || entries.data[k - 1] == ' '))
				buf_adds(&rank, " z"); /* one for each of their phrases */
		c->match_rare = xasprintf("%s AND %s", c->match, r.data);
		c->match_common = xasprintf("%s NOT %s", c->match, r.data);
		c->rank_rare = buf_detach(&rank);
		buf_free(&r);
		buf_free(&entries);
	}
	free(rare.kids);
}

int fsql_build(struct fsql *c, const struct db_filter *f, char **err)
{
	return fsql_build_forms(c, f, NULL, err);
}

int fsql_build_forms(struct fsql *c, const struct db_filter *f, const struct fts_forms_fn *forms,
		     char **err)
{
	memset(c, 0, sizeof *c);
	c->forms = forms;
	int nleaf = 0;
	if (f->root && tree_fits(f->root, 0, &nleaf) < 0)
		return set_err(err, "cache: the filter is too large (at most %d leaves and "
			       "%d levels of AND, OR and NOT)", DB_FILTER_MAX_LEAVES,
			       DB_FILTER_MAX_DEPTH);
	c->sort = f->sort;
	c->reverse = f->reverse;
	c->rank_window = f->rank_window;
	const struct db_fnode **top = NULL;
	int ntop = 0;
	if (f->root)
		flatten(f->root, &top, &ntop);
	struct db_fnode fts = {.kind = DB_F_AND};
	required_text(top, ntop, &fts);
	struct buf where = {0};
	int nwhere = 0;
	for (int i = 0; i < ntop; i++) {
		if (in_kids(&fts, top[i]))
			continue;
		buf_adds(&where, nwhere++ ? " AND " : "");
		where_write(c, &where, top[i]);
	}
	c->where = nwhere ? buf_detach(&where) : NULL;
	buf_free(&where);

	const struct db_fnode **leaves = NULL;
	int nleaves = 0;
	if (f->root)
		positive_leaves(f->root, &leaves, &nleaves);
	struct buf m = {0}, rank = {0};
	struct fts_out o = {.forms = forms, .rank = &rank};
	if (fts.nkids) {
		fts_write(&m, &fts, &o);
	} else if (nleaves) {
		for (int i = 0; i < nleaves; i++) {
			buf_adds(&m, i ? " OR " : "");
			fts_write(&m, leaves[i], &o);
		}
		c->match_rank_only = 1;
	}
	c->match = nleaves || fts.nkids ? buf_detach(&m) : NULL;
	buf_free(&m);
	struct buf any = {0};
	for (int i = 0; i < nleaves; i++) {
		buf_adds(&any, i ? " OR " : "");
		fts_write(&any, leaves[i], &(struct fts_out){.forms = forms});
	}
	c->match_any = nleaves ? buf_detach(&any) : NULL;
	buf_free(&any);
	int nphrases = 0;
	char *phrase = fts.nkids && f->sort == DB_SORT_RELEVANCE
		       ? title_phrase(&fts, forms, &nphrases) : NULL;
	if (phrase) { /* every paper holding the phrase holds the words: the
		       * same papers, the phrase's instances there to see */
		c->match_title = xasprintf("%s OR (%s)", c->match, phrase);
		free(phrase);
	}
	if ((o.expanded || c->match_title) && rank.data) { /* papyr_rank ranks */
		for (int i = 0; c->match_title && i < nphrases; i++)
			buf_adds(&rank, " t"); /* the title phrase ranks first */
		c->rank = xstrdup(rank.data);
	}
	if (c->rank && f->sort == DB_SORT_RELEVANCE && f->rank_window > 0 && fts.nkids == 1 &&
	    fts.kids[0]->kind == DB_F_OR)
		rare_words(c, fts.kids[0], forms);
	buf_free(&rank);
	free(leaves);
	free(fts.kids);
	free(top);
	return 0;
}

void fsql_free(struct fsql *c)
{
	free(c->where);
	free(c->match);
	free(c->match_title);
	free(c->rank);
	free(c->match_any);
	free(c->match_rare);
	free(c->match_common);
	free(c->rank_rare);
	free(c->binds);
	for (int i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	memset(c, 0, sizeof *c);
}

enum db_text_use db_filter_text_use(const struct db_filter *f)
{
	if (!f->root)
		return DB_TEXT_NONE;
	const struct db_fnode **top = NULL, **leaves = NULL;
	int ntop = 0, nleaves = 0;
	flatten(f->root, &top, &ntop);
	struct db_fnode fts = {.kind = DB_F_AND};
	required_text(top, ntop, &fts);
	positive_leaves(f->root, &leaves, &nleaves);
	enum db_text_use use = fts.nkids ? DB_TEXT_REQUIRED
			       : nleaves ? DB_TEXT_RANKS : DB_TEXT_NONE;
	free(fts.kids);
	free(top);
	free(leaves);
	return use;
}

void db_filter_sql(const struct db_filter *f, char **where, char **match, char **binds)
{
	struct fsql c;
	if (fsql_build(&c, f, NULL) < 0) {
		if (where)
			*where = NULL;
		if (match)
			*match = NULL;
		if (binds)
			*binds = NULL;
		return;
	}
	if (where)
		*where = c.where ? xstrdup(c.where) : NULL;
	if (match)
		*match = c.match ? xstrdup(c.match) : NULL;
	if (binds) {
		struct buf b = {0};
		for (int i = 0; i < c.nbinds; i++)
			if (c.binds[i].type == DB_BIND_TEXT)
				buf_printf(&b, "%s\n", c.binds[i].text);
			else
				buf_printf(&b, "%lld\n", (long long)c.binds[i].i);
		*binds = b.len ? buf_detach(&b) : xstrdup("");
		buf_free(&b);
	}
	fsql_free(&c);
}
