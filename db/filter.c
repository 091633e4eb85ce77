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

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/text.h"

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
	[DB_STATE_UPDATED] = DB_UPDATED_SQL,
	[DB_STATE_INZOTERO] = "EXISTS (SELECT 1 FROM zotero_sent z WHERE z.pid = p.pid)",
};
/* NOT is:dismissed, the condition (almost) every list carries. */
static const char not_dismissed_sql[] = "s.dismissed_at IS NULL";

static const char *const has_sql[] = {
	[DB_HAS_GITHUB] = "COALESCE(p.github_repo, '') <> ''",
	[DB_HAS_PROJECT] = "COALESCE(p.project_page, '') <> ''",
	/* a paper whose page was never fetched has none */
	[DB_HAS_MODELS] = "EXISTS (SELECT 1 FROM paper_pages g WHERE g.pid = p.pid"
			  " AND g.num_models > 0)",
	[DB_HAS_DATASETS] = "EXISTS (SELECT 1 FROM paper_pages g WHERE g.pid = p.pid"
			    " AND g.num_datasets > 0)",
	[DB_HAS_SPACES] = "EXISTS (SELECT 1 FROM paper_pages g WHERE g.pid = p.pid"
			  " AND g.num_spaces > 0)",
};

static const char *const num_cols[] = {
	[DB_NUM_UPVOTES] = "p.upvotes", [DB_NUM_COMMENTS] = "p.comments",
	[DB_NUM_STARS] = "p.github_stars",
	[DB_NUM_MODELS] = "COALESCE((SELECT g.num_models FROM paper_pages g WHERE g.pid = p.pid), 0)",
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
static const char arrived_sql[] =
	"(p.first_seen >= ? AND p.first_seen < ? AND (p.day = ''"
	" OR p.day >= date(p.first_seen, 'unixepoch', '-14 days')))";
static const char like_sql[] =
	"EXISTS (SELECT 1 FROM papyr_scores(?) sc WHERE sc.pid = p.pid)";
static const char id_sql[] = "(p.id >= ? AND p.id < ?)";
/* A rare category is read from its list, and only its papers sorted; a
 * broad one is tested paper by paper while the list walks its sort's index
 * (see cat_broad). */
static const char cat_sql[] = "p.pid IN (SELECT c.pid FROM paper_cats c WHERE c.cat = ?)";
static const char cat_each_sql[] =
	"EXISTS (SELECT 1 FROM paper_cats c WHERE c.cat = ? AND c.pid = p.pid)";
static const char primary_sql[] = "p.primary_cat = ?";
static const char source_sql[] = "(p.sources & ?) <> 0";
static const char announce_sql[] = "p.announce_type = ?";
static const char latest_sql[] =
	"p.announced = (SELECT max(announced) FROM papers WHERE announced IS NOT NULL)";
/* its own index: the main one stays the size of the abstracts */
static const char fulltext_sql[] =
	"p.pid IN (SELECT rowid FROM fulltext_fts WHERE fulltext_fts MATCH ?)";
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

/* ---- a full-text leaf ---- */

/* The columns a word of any field is looked for in: the extra column
 * (derive.c) is only looked in on purpose. */
static const char any_cols[] = "title abstract authors ai_keywords";

/* True for text that is one ASCII token: letters and digits. */
static int ascii_token(const char *t, size_t max)
{
	size_t n = strlen(t);
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
		      (t[i] >= '0' && t[i] <= '9')))
			return 0;
	return 1;
}

/* The CJK runs of t as phrases of their bigrams (a single character: a
 * prefix of them), ANDed; 0 when t has none. */
static int cjk_write(struct buf *b, const char *t)
{
	size_t len = strlen(t);
	int runs = 0;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = utf8_seq_len((const unsigned char *)t + i, len - i, &cp);
		if (n <= 0 || !db_cjk_char(cp)) {
			i += n > 0 ? (size_t)n : 1;
			continue;
		}
		/* the run from i */
		size_t start = i, end = i;
		int chars = 0;
		size_t marks[64];
		while (end < len && chars < 64) {
			int m = utf8_seq_len((const unsigned char *)t + end, len - end, &cp);
			if (m <= 0 || !db_cjk_char(cp))
				break;
			marks[chars++] = end;
			end += (size_t)m;
		}
		buf_adds(b, runs++ ? " AND " : "");
		buf_addc(b, '"');
		if (chars == 1) {
			buf_add(b, t + start, end - start);
			buf_adds(b, "\"*");
		} else {
			for (int k = 0; k + 1 < chars; k++) {
				size_t to = k + 2 < chars ? marks[k + 2] : end;
				if (k)
					buf_addc(b, ' ');
				buf_add(b, t + marks[k], to - marks[k]);
			}
			buf_addc(b, '"');
		}
		i = end;
	}
	return runs;
}

/* A word or phrase as an acronym's table holds it: letters lowercased,
 * anything else one space. NULL when it is empty or too long. */
static char *acronym_key(const char *t)
{
	size_t n = strlen(t);
	if (n == 0 || n > 200)
		return NULL;
	char *k = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch >= 0x80)
			goto none;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
			k[o++] = (char)(ch | 0x20);
		else if (o && k[o - 1] != ' ')
			k[o++] = ' ';
	}
	while (o && k[o - 1] == ' ')
		o--;
	k[o] = '\0';
	if (o)
		return k;
none:
	free(k);
	return NULL;
}

/* The other forms of an acronym or its expansion t, each " OR " and the
 * form quoted (under the leaf's columns). A word is looked up as a short
 * form (the three defined by most papers), words as a long one. */
static void acronym_write(struct buf *b, struct db *db, const char *t, const char *cols)
{
	char *key = acronym_key(t);
	if (!key)
		return;
	int phrase = strchr(key, ' ') != NULL;
	if (!phrase && (strlen(key) < 2 || strlen(key) > 10)) {
		free(key);
		return;
	}
	/* a plural short form ("llms") is its singular's */
	sqlite3_stmt *st = db_stmt(db, phrase
		? "SELECT short FROM acronyms WHERE long = ?1 ORDER BY papers DESC LIMIT 2"
		: "SELECT long FROM acronyms WHERE short IN (?1, ?2) ORDER BY papers DESC LIMIT 3",
		NULL);
	if (!st) { /* a cache without the table: no expansions */
		free(key);
		return;
	}
	size_t kl = strlen(key);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (!phrase)
		sqlite3_bind_text(st, 2, key, (int)(kl > 2 && key[kl - 1] == 's' ? kl - 1 : kl),
				  SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *form = (const char *)sqlite3_column_text(st, 0);
		if (!form)
			continue;
		buf_adds(b, " OR ");
		if (cols)
			buf_printf(b, "{%s} : ", cols);
		buf_add_quoted(b, form, '"');
	}
	sqlite3_reset(st);
	free(key);
}

/* The suffixes the stemmer takes off (Porter's, and the plurals'). */
static const char *const stem_suffixes[] = {
	"sses", "ies", "eed", "ed", "ing", "ational", "tional", "enci", "anci", "izer",
	"abli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism",
	"iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "icate", "ative",
	"alize", "iciti", "ical", "ful", "ness", "ance", "ence", "able", "ible", "ant",
	"ement", "ment", "ent", "ion", "ism", "ate", "iti", "ous", "ive", "ize",
};

/* The phrases of an FTS5 expression written here: its quoted strings (a
 * quote inside one is doubled). */
static int phrases(const char *e)
{
	int n = 0, in = 0;
	for (; *e; e++) {
		if (*e != '"')
			continue;
		if (in && e[1] == '"') {
			e++;
			continue;
		}
		in = !in;
		n += in;
	}
	return n;
}

/* The prefixes of an FTS5 expression written here ("word"*) that the index
 * keeps no list for: their number. */
static int slow_prefixes(const char *e)
{
	int n = 0, chars = 0, in = 0;
	for (; *e; e++) {
		if (*e != '"') {
			/* characters, not bytes: a UTF-8 sequence counts once */
			chars += in && ((unsigned char)*e & 0xC0) != 0x80;
			continue;
		}
		if (in && e[1] == '"') {
			e++;
			chars++;
			continue;
		}
		in = !in;
		if (in)
			chars = 0;
		else if (e[1] == '*' && (chars < DB_PREFIX_MIN || chars > DB_PREFIX_MAX))
			n++;
	}
	return n;
}

/*
 * What papyr_rank is told of the match's phrases while it is written: for
 * the phrases of a word's longer forms, written out, the papers holding any
 * of them (their sum), and that they are one word, whose instances are
 * added up (joined: each form after the first counts as the first), so
 * that together they weigh what the prefix they stand for would; -1 for a
 * phrase bm25 counts itself.
 */
struct fts_counts {
	const struct buf *into; /* the match being written */
	long *docs;
	char *joined;
	int n;
	long least;             /* the last word written as a prefix: at least
				 * this many papers hold it */
};

static void counts_set(struct fts_counts *k, int at, int n, long docs)
{
	if (at + n > k->n) {
		k->docs = xrealloc(k->docs, (size_t)(at + n) * sizeof *k->docs);
		k->joined = xrealloc(k->joined, (size_t)(at + n));
		for (int i = k->n; i < at + n; i++) {
			k->docs[i] = -1;
			k->joined[i] = 0;
		}
		k->n = at + n;
	}
	for (int i = at; i < at + n; i++) {
		k->docs[i] = docs;
		k->joined[i] = i > at;
	}
}

/* The phrase about to be written into b at its end (expr alone, as FTS5
 * reads it) is counted for papyr_rank, when b is the match it ranks: its
 * papers estimated (db_docs_estimate), so that ranking never reads every
 * posting of a common word to count them. */
static void phrase_count(const struct fsql *c, const struct buf *b, const char *expr)
{
	/* only a ranked page reads them (a count or a title's marks do not) */
	if (!c->counts || c->counts->into != b || !c->db || c->sort != DB_SORT_RELEVANCE ||
	    c->page <= 0)
		return;
	long docs = db_docs_estimate(c->db, expr);
	if (docs >= 0)
		counts_set(c->counts, phrases(b->data ? b->data : ""), 1, docs);
}

/*
 * A word typed only in part ("learni") may run into a suffix the stemmer
 * takes off the whole word ("learning" is indexed as "learn"), so its
 * start matches no stem. Writes " OR " and each shorter word it may be a
 * stem of: the text less a tail that starts such a suffix without being
 * one.
 */
static void stem_starts_write(struct buf *b, const char *t, const struct fsql *c)
{
	size_t len = strlen(t);
	for (size_t k = len - 1; k >= 3 && k + 4 >= len; k--) {
		size_t tail = len - k;
		for (size_t i = 0; i < sizeof stem_suffixes / sizeof stem_suffixes[0]; i++) {
			const char *x = stem_suffixes[i];
			if (strlen(x) > tail && strncasecmp(x, t + k, tail) == 0) {
				char *one = xasprintf("\"%.*s\"", (int)k, t);
				phrase_count(c, b, one);
				buf_printf(b, " OR %s", one);
				free(one);
				break;
			}
		}
	}
}

/* The most forms of a word written out: FTS5 reads words joined by OR by
 * comparing each one's next paper at every step, a prefix by merging them
 * once, so many forms suit a ranked page under a rank window, which reads
 * the newest matches only, and a prefix reading every match (a count,
 * another order, every match ranked). */
static int forms_most(const struct fsql *c)
{
	return c->sort == DB_SORT_RELEVANCE && c->page > 0 && c->rank_window > 0
		       ? FORMS_MAX : FORMS_READ_ALL;
}

/*
 * A search word's longer forms, written out as the words of the index that
 * start with its stem (db_forms), in parentheses: FTS5 reads a prefix it
 * has no index for (it has them for 2 and 3 characters) by merging every
 * posting of every word it starts, in every statement, where the words
 * themselves are read lazily. 0 when there is no such list (the word is
 * then written as a prefix).
 */
static int forms_write(struct buf *b, const char *word, const struct fsql *c, long *word_docs)
{
	struct fts_forms f = {0};
	if (!c->db || db_forms(c->db, word, forms_most(c), &f) != 1) {
		if (c->counts && c->counts->into == b)
			c->counts->least = f.least;
		return 0;
	}
	*word_docs = f.word_docs;
	long sum = 0;
	for (int i = 0; i < f.n; i++)
		sum += f.docs[i];
	if (c->counts && c->counts->into == b)
		counts_set(c->counts, phrases(b->data ? b->data : ""), f.n, sum);
	buf_addc(b, '(');
	for (int i = 0; i < f.n; i++) {
		buf_adds(b, i ? " OR " : "");
		buf_add_quoted(b, f.terms[i], '"');
	}
	buf_addc(b, ')');
	return 1;
}

/*
 * A full-text leaf. On the current index (words stemmed) a word also
 * matches: its exact form in a title, which adds to its rank (so exact
 * forms rank above stems); as the last word typed, the shorter words it
 * may be a stem's start of ("learni" is not a prefix of the stem "learn");
 * the bigrams of its CJK runs; the acronym it is the short or long form of.
 */
static void leaf_fts_write(struct buf *b, const struct db_fnode *n, const struct fsql *c)
{
	const char *cols = n->field > DB_TEXT_ANY && n->field <= DB_TEXT_KEYWORDS
		? text_cols[n->field] : c->current ? any_cols : NULL;
	int alts = c->current || c->db;
	if (alts)
		buf_addc(b, '(');
	if (cols)
		buf_printf(b, "{%s} : ", cols);
	int starts = c->current && n->match != DB_MATCH_TOKENS && ascii_token(n->text, 40) &&
		     strlen(n->text) >= 5;
	int paren = n->match == DB_MATCH_WORD || starts;
	if (paren)
		buf_addc(b, '(');
	/* the word itself, as the papers holding its stem count it */
	int word_at = c->counts && c->counts->into == b ? phrases(b->data ? b->data : "") : -1;
	long word_docs = 0;
	if (n->match == DB_MATCH_WORD) {
		buf_add_quoted(b, n->text, '"');
		buf_adds(b, " OR ");
	}
	if (n->match == DB_MATCH_TOKENS || !forms_write(b, n->text, c, &word_docs)) {
		buf_add_quoted(b, n->text, '"');
		if (n->match == DB_MATCH_PREFIX || n->match == DB_MATCH_WORD)
			buf_addc(b, '*');
	} else if (n->match == DB_MATCH_WORD && word_at >= 0 && word_docs > 0) {
		counts_set(c->counts, word_at, 1, word_docs);
	}
	if (starts)
		stem_starts_write(b, n->text, c);
	if (paren)
		buf_addc(b, ')');
	if (c->current && (n->field == DB_TEXT_ANY || n->field == DB_TEXT_TITLE) &&
	    n->match != DB_MATCH_PREFIX && ascii_token(n->text, 40)) {
		char *exact = xasprintf("{extra} : \"%s" DB_EXACT_MARK "\"", n->text);
		phrase_count(c, b, exact);
		buf_printf(b, " OR %s", exact);
		free(exact);
	}
	if (c->current && (n->field == DB_TEXT_ANY || n->field == DB_TEXT_TITLE ||
			   n->field == DB_TEXT_ABSTRACT) && db_text_has_cjk(n->text)) {
		struct buf k = {0};
		if (cjk_write(&k, n->text))
			buf_printf(b, " OR {extra} : (%s)", k.data);
		buf_free(&k);
	}
	if (c->db && n->match != DB_MATCH_PREFIX)
		acronym_write(b, c->db, n->text, cols);
	if (alts)
		buf_addc(b, ')');
}

static void fts_write(struct buf *b, const struct db_fnode *n, const struct fsql *c);

/* A plain word of any field: one that may be a word of a long form. */
static int plain_word(const struct db_fnode *k)
{
	return k->kind == DB_F_TEXT && k->field == DB_TEXT_ANY && k->match != DB_MATCH_PREFIX &&
	       ascii_token(k->text, 40);
}

#define LONG_FORM_WORDS 8

/*
 * Words typed one after the other that spell out a known acronym
 * ("reinforcement learning from human feedback") also match its short
 * form: the longest such run from kid i is written as (the words AND'ed OR
 * the short form). Returns the run's last kid, or -1 when there is none.
 */
static int long_form_write(struct buf *b, const struct db_fnode *n, int i, const struct fsql *c)
{
	if (!c->db || !plain_word(n->kids[i]))
		return -1;
	sqlite3_stmt *st = db_stmt(c->db, "SELECT short FROM acronyms WHERE long = ?1"
				   " ORDER BY papers DESC LIMIT 2", NULL);
	if (!st)
		return -1;
	struct buf key = {0};
	int last = -1;
	char *shorts[2] = {NULL, NULL};
	for (int j = i; j < n->nkids && j < i + LONG_FORM_WORDS && plain_word(n->kids[j]); j++) {
		if (j > i)
			buf_addc(&key, ' ');
		for (const char *t = n->kids[j]->text; *t; t++)
			buf_addc(&key, (char)(*t >= 'A' && *t <= 'Z' ? *t | 0x20 : *t));
		if (j == i)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, key.data, (int)key.len, SQLITE_STATIC);
		int got = 0;
		while (got < 2 && sqlite3_step(st) == SQLITE_ROW) {
			const char *sf = (const char *)sqlite3_column_text(st, 0);
			if (!sf)
				continue;
			if (!got)
				for (int k = 0; k < 2; k++) {
					free(shorts[k]);
					shorts[k] = NULL;
				}
			shorts[got++] = xstrdup(sf);
		}
		if (got)
			last = j;
	}
	sqlite3_reset(st);
	buf_free(&key);
	if (last < 0)
		return -1;
	buf_adds(b, "((");
	for (int j = i; j <= last; j++) {
		buf_adds(b, j > i ? " AND " : "");
		fts_write(b, n->kids[j], c);
	}
	buf_addc(b, ')');
	for (int k = 0; k < 2 && shorts[k]; k++) {
		buf_printf(b, " OR {%s} : ", any_cols);
		buf_add_quoted(b, shorts[k], '"');
		free(shorts[k]);
	}
	buf_addc(b, ')');
	return last;
}

static void fts_write(struct buf *b, const struct db_fnode *n, const struct fsql *c)
{
	switch (n->kind) {
	case DB_F_TEXT:
		leaf_fts_write(b, n, c);
		break;
	case DB_F_OR:
		buf_addc(b, '(');
		for (int i = 0; i < n->nkids; i++) {
			if (i)
				buf_adds(b, " OR ");
			fts_write(b, n->kids[i], c);
		}
		buf_addc(b, ')');
		break;
	case DB_F_AND: {
		int first = 1;
		buf_addc(b, '(');
		for (int i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind != DB_F_NOT) {
				buf_adds(b, first ? "" : " AND ");
				int to = long_form_write(b, n, i, c);
				if (to > i)
					i = to;
				else
					fts_write(b, n->kids[i], c);
				first = 0;
			}
		for (int i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind == DB_F_NOT) {
				buf_adds(b, " NOT ");
				fts_write(b, n->kids[i]->kids[0], c);
			}
		buf_addc(b, ')');
		break;
	}
	default: break;
	}
}

/*
 * Whether a category is broad enough to be tested per paper. Reading its
 * list costs about one step per paper in it (d * papers for a share d,
 * sorted); walking the sort's index about page / d tests, each the cost of
 * CAT_TEST_COST steps. The walk wins once d * papers passes
 * sqrt(page * CAT_TEST_COST * papers), so the category is counted up to that
 * bound and no further (max(pid) stands for the number of papers). A count
 * (page 0) reads every row either way: it tests the category per paper only
 * when the full text every row matches is rarer than the category, both
 * counted up to CAT_COUNT_CAP (the matches read first, the category looked
 * up for each).
 */
#define CAT_TEST_COST 2
#define CAT_COUNT_CAP 20000


static int cat_broad(struct fsql *c, const char *cat)
{
	if (!c->db)
		return 0;
	if (!c->page) {
		if (!c->match || c->match_rank_only)
			return 0;
		long n = db_estimate(c->db, "SELECT count(*) FROM (SELECT 1 FROM paper_cats"
				    " WHERE cat = ?1 LIMIT ?2)", cat, CAT_COUNT_CAP);
		long m = n > 0 ? db_estimate(c->db, "SELECT count(*) FROM (SELECT 1 FROM"
					    " papers_fts WHERE papers_fts MATCH ?1 LIMIT ?2)",
					    c->match, n) : -1;
		return m >= 0 && m < n;
	}
	if (!c->top)
		c->top = db_estimate(c->db, "SELECT COALESCE(max(pid), 0) + 0 * ?1 FROM papers",
				    NULL, 0);
	if (c->top <= 0)
		return 0;
	int64_t bound = (int64_t)sqrt((double)c->page * CAT_TEST_COST * (double)c->top) + 1;
	long n = db_estimate(c->db, "SELECT count(*) FROM (SELECT 1 FROM paper_cats"
			    " WHERE cat = ?1 LIMIT ?2)", cat, bound);
	return n >= bound;
}

static void leaf_write(struct fsql *c, struct buf *b, const struct db_fnode *n)
{
	switch (n->kind) {
	case DB_F_STATE:
		buf_adds(b, state_sql[n->field]);
		if (n->field == DB_STATE_TAGGED || n->field == DB_STATE_NOTED ||
		    n->field == DB_STATE_NEW || n->field == DB_STATE_UPDATED ||
		    n->field == DB_STATE_INZOTERO)
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
	case DB_F_FULLTEXT: {
		struct buf q = {0};
		buf_add_quoted(&q, n->text, '"');
		buf_adds(b, fulltext_sql);
		bind_owned(c, buf_detach(&q));
		buf_free(&q);
		break;
	}
	case DB_F_ID:
		buf_adds(b, id_sql);
		bind_text(c, n->text);
		/* the highest code point sorts past every id starting text */
		bind_owned(c, xasprintf("%s\xf4\x8f\xbf\xbf", n->text));
		break;
	case DB_F_CAT:
		buf_adds(b, n->field == DB_CAT_PRIMARY ? primary_sql
			 : cat_broad(c, n->text) ? cat_each_sql : cat_sql);
		bind_text(c, n->text);
		break;
	case DB_F_SOURCE:
		buf_adds(b, source_sql);
		bind_int(c, n->field);
		break;
	case DB_F_ANNOUNCE:
		if (n->field == DB_ANNOUNCE_LATEST) {
			buf_adds(b, latest_sql);
			break;
		}
		buf_adds(b, announce_sql);
		bind_text(c, n->text);
		break;
	case DB_F_ARRIVED:
		buf_adds(b, arrived_sql);
		bind_int(c, n->lo);
		bind_int(c, n->hi);
		break;
	case DB_F_LIKE:
		buf_adds(b, like_sql);
		bind_owned(c, xasprintf("like:%s", n->text));
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
		fts_write(&e, n, c);
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
 * phrase on the title column (the tokenizer stems and folds it as it does
 * the titles), its last word a prefix when the last leaf also matches one
 * (a search's word, or the one being typed); NULL when there is none.
 */
#define TITLE_FORMS 32

static char *title_phrase(const struct db_fnode *fts, const struct fsql *c, int *nphrases)
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
	struct fts_forms f;
	if (prefix && c->db && db_forms(c->db, last->text, forms_most(c), &f) == 1) {
		size_t head = words.len - strlen(last->text);
		/* the forms most papers hold, TITLE_FORMS at most: a phrase of
		 * each is looked for in every paper ranked */
		char *take = xcalloc((size_t)f.n, 1);
		int ntake = f.n < TITLE_FORMS ? f.n : TITLE_FORMS;
		for (int k = 0; k < ntake; k++) {
			int best = -1;
			for (int i = 0; i < f.n; i++)
				if (!take[i] && (best < 0 || f.docs[i] > f.docs[best]))
					best = i;
			take[best] = 1;
		}
		buf_addc(&e, '(');
		for (int i = 0, put = 0; i < f.n; i++) {
			if (!take[i])
				continue;
			struct buf one = {0};
			buf_add(&one, words.data, head);
			buf_adds(&one, f.terms[i]);
			buf_adds(&e, put++ ? " OR " : "");
			buf_add_quoted(&e, one.data, '"');
			buf_free(&one);
		}
		buf_addc(&e, ')');
		free(take);
		*nphrases = ntake;
	} else {
		buf_add_quoted(&e, words.data, '"');
		if (prefix)
			buf_adds(&e, " *");
	}
	buf_free(&words);
	return buf_detach(&e);
}

/* How many papers match the FTS5 expression e, counted up to limit + 1
 * (-1 when not known: no cache to ask). */
static long docs_upto(struct db *db, const char *e, long limit)
{
	if (!db)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM (SELECT 1 FROM papers_fts"
				   " WHERE papers_fts MATCH ?1 LIMIT ?2)", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit + 1);
	long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/*
 * Words joined by OR (a search no paper answers whole, loosened): the
 * papers holding the rarer words are the best matches, so a rank window
 * ranks every paper holding one of the words that half a window of papers
 * at most hold, old or new (match_rare: the search AND those words, their
 * phrases weighing nothing, rank_rare says how many), and leaves them out
 * of the older matches (match_common: the search NOT those words).
 */
static void rare_words(struct fsql *c, const struct db_fnode *or)
{
	struct db_fnode rare = {.kind = DB_F_OR};
	long half = c->rank_window / 2;
	for (int i = 0; i < or->nkids; i++) {
		if (or->kids[i]->kind != DB_F_TEXT)
			continue;
		struct buf one = {0};
		fts_write(&one, or->kids[i], c);
		long docs = docs_upto(c->db, one.data, half);
		buf_free(&one);
		if (docs >= 0 && docs <= half)
			db_fnode_add(&rare, or->kids[i]);
	}
	if (rare.nkids > 0 && rare.nkids < or->nkids) {
		struct buf r = {0};
		fts_write(&r, &rare, c);
		c->match_rare = xasprintf("%s AND %s", c->match, r.data);
		c->match_common = xasprintf("%s NOT %s", c->match, r.data);
		struct buf rank = {0};
		if (c->rank)
			buf_adds(&rank, c->rank);
		else
			for (int k = phrases(c->match); k > 0; k--)
				buf_adds(&rank, rank.len ? " -" : "-");
		for (int k = phrases(r.data); k > 0; k--)
			buf_adds(&rank, " z"); /* the rare words weigh nothing */
		c->rank_rare = buf_detach(&rank);
		buf_free(&r);
	}
	free(rare.kids);
}

int fsql_build(struct fsql *c, const struct db_filter *f, struct db *db, int page,
	       char **err)
{
	memset(c, 0, sizeof *c);
	c->db = db;
	c->page = page > 0 ? page : 0;
	c->current = !db || db_index_current(db);
	int nleaf = 0;
	if (f->root && tree_fits(f->root, 0, &nleaf) < 0)
		return set_err(err, "cache: the filter is too large (at most %d leaves and "
			       "%d levels of AND, OR and NOT)", DB_FILTER_MAX_LEAVES,
			       DB_FILTER_MAX_DEPTH);
	c->sort = f->sort;
	c->reverse = f->reverse;
	c->rank_window = f->rank_window;
	c->model = f->model[0] ? f->model : "foryou";
	const struct db_fnode **top = NULL;
	int ntop = 0;
	if (f->root)
		flatten(f->root, &top, &ntop);
	struct db_fnode fts = {.kind = DB_F_AND};
	required_text(top, ntop, &fts);

	/* the match first: a category's plan looks at it */
	const struct db_fnode **leaves = NULL;
	int nleaves = 0;
	if (f->root)
		positive_leaves(f->root, &leaves, &nleaves);
	struct buf m = {0};
	struct fts_counts counts = {.into = &m};
	c->counts = &counts;
	if (fts.nkids) {
		fts_write(&m, &fts, c);
	} else if (nleaves) {
		for (int i = 0; i < nleaves; i++) {
			buf_adds(&m, i ? " OR " : "");
			fts_write(&m, leaves[i], c);
		}
		c->match_rank_only = 1;
	}
	c->counts = NULL;
	int nmatch = c->match_rank_only || !fts.nkids ? 0 : phrases(m.data ? m.data : "");
	c->match = nleaves || fts.nkids ? buf_detach(&m) : NULL;
	buf_free(&m);
	if (c->match) {
		c->match_phrases = phrases(c->match);
		c->match_slow_prefix = slow_prefixes(c->match) > 0;
		/* one word of any field: it matches at least what one form does */
		if (fts.nkids == 1 && fts.kids[0]->kind == DB_F_TEXT &&
		    fts.kids[0]->field == DB_TEXT_ANY && !c->match_rank_only)
			c->match_least = counts.least;
	}
	struct buf any = {0};
	for (int i = 0; i < nleaves; i++) {
		buf_adds(&any, i ? " OR " : "");
		fts_write(&any, leaves[i], c);
	}
	c->match_any = nleaves ? buf_detach(&any) : NULL;
	buf_free(&any);
	int ntitle = 0;
	char *phrase = fts.nkids && f->sort == DB_SORT_RELEVANCE ? title_phrase(&fts, c, &ntitle)
		       : NULL;
	if (phrase) { /* every paper holding the phrase holds the words: the
		       * same papers, the phrase's instances there to see */
		c->match_title = xasprintf("%s OR (%s)", c->match, phrase);
		free(phrase);
	}
	if (nmatch && (counts.n || c->match_title)) { /* papyr_rank ranks */
		struct buf rank = {0};
		for (int i = 0; i < nmatch; i++) {
			buf_adds(&rank, i ? " " : "");
			if (i < counts.n && counts.docs[i] >= 0)
				buf_printf(&rank, "%s%ld", counts.joined[i] ? "=" : "",
					   counts.docs[i]);
			else
				buf_addc(&rank, '-');
		}
		for (int i = 0; c->match_title && i < ntitle; i++)
			buf_adds(&rank, " t"); /* the title phrase ranks first */
		c->rank = buf_detach(&rank);
	}
	free(counts.docs);
	free(counts.joined);
	if (f->sort == DB_SORT_RELEVANCE && f->rank_window > 0 && fts.nkids == 1 &&
	    fts.kids[0]->kind == DB_F_OR)
		rare_words(c, fts.kids[0]);

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
	free(c->match_any);
	free(c->match_rare);
	free(c->match_common);
	free(c->rank);
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
	if (fsql_build(&c, f, NULL, 0, NULL) < 0) {
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
