/*
 * query: papyr's query language, parsed by hand and compiled to a filter.
 *
 * The text is read once, left to right, into a small tree (AND, OR, NOT and
 * leaves), by recursive descent with the precedence NOT > AND > OR. Saved
 * views (@name) are parsed from the config's text into the same tree. Each
 * leaf is already a leaf of db/'s filter tree (struct db_fnode); the parse
 * tree around them adds what only the parser needs (where each term was
 * typed, sort: terms), and is then turned into the filter tree and its
 * order. db/ writes the SQL; nothing here names a table or a column.
 */
#include "query.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "../db/db.h"
#include "config.h"
#include "parse_arxiv.h"
#include "sort_key.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"

#define MAX_DEPTH 64  /* nesting of (, NOT and views: no stack overflow */
#define MAX_VIEWS 16  /* views inside views */

/*
 * What SQLite can run, with room to spare: db/ refuses a tree past its
 * DB_FILTER_MAX_ limits, and the filter adds one level and one leaf (NOT
 * is:dismissed) to what the user wrote. No query a person types comes near;
 * a view that names another twice, down a chain, would double at each step.
 */
#define MAX_NESTING 16    /* AND, OR and NOT inside one another */
#define MAX_TERMS 256     /* words, phrases, fields and views, views expanded */
#define MAX_TEXT 65536    /* bytes of query, views expanded */
_Static_assert(MAX_NESTING + 1 <= DB_FILTER_MAX_DEPTH, "the SQL must nest this deep");
_Static_assert(MAX_TERMS + 1 <= DB_FILTER_MAX_LEAVES, "the SQL must hold this many leaves");

enum node_kind { N_AND, N_OR, N_NOT, N_LEAF, N_SORT, N_TRUE };

struct node {
	enum node_kind kind;
	int pos;                 /* byte offset in the text the user typed */
	struct node **kids;
	int nkids;
	struct db_fnode *leaf;   /* N_LEAF: the filter's leaf, owned */
	/* N_SORT */
	enum db_sort sort;
	int reverse;
	char model[96];          /* sort:foryou:TAG's model */
	int names_dismissed;     /* an is:dismissed leaf */
};

struct query {
	struct db_filter f;      /* owns f.root */
	char **terms;            /* NULL-ended */
	int nterms;
	int relaxed;             /* the words query_relax joined by OR */
	char **respelt;          /* query_respell's words and their new spelling,
				    in pairs; NULL-ended */
	int nrespelt;
	char **words;            /* the search words, lowercased; NULL-ended */
	int nwords;
};

/* What a query has used of the limits, its views included. */
struct tally {
	int terms;
	size_t bytes;
	char limit[64];          /* the limit passed, for the view that passed it */
};

/* The parser's state for one text (the query, or a view inside it). */
struct parser {
	const char *s;
	size_t len;
	size_t i;
	int depth;
	int top;                 /* the user's own text (not a view's) */
	size_t typed;            /* where the text typed so far ends */
	const struct query_env *env;
	struct tally *tally;     /* shared with the views' parsers */
	const char *views[MAX_VIEWS]; /* names being expanded: no recursion */
	int nviews;
	char today[11];
	/* the first error */
	int err_pos;
	char *err;
};

/* ---- nodes ---- */

static struct node *node_new(enum node_kind kind, int pos)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->pos = pos;
	return n;
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	db_fnode_free(n->leaf);
	free(n);
}

static void node_add(struct node *parent, struct node *kid)
{
	parent->kids = xrealloc(parent->kids, (size_t)(parent->nkids + 1) * sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/* A leaf of kind with field set (text copied when not NULL). */
static struct node *leaf_new(enum db_fkind kind, int field, const char *text, int pos)
{
	struct node *n = node_new(N_LEAF, pos);
	n->leaf = db_fnode_new(kind, text);
	n->leaf->field = field;
	return n;
}

/* The node's full-text leaf, or NULL. */
static struct db_fnode *text_of(const struct node *n)
{
	return n->kind == N_LEAF && n->leaf->kind == DB_F_TEXT ? n->leaf : NULL;
}

/* ---- errors ---- */

/* Sets the parser's error (the first one wins) at byte offset pos. */
static struct node *fail_at(struct parser *p, size_t pos, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static struct node *fail_at(struct parser *p, size_t pos, const char *fmt, ...)
{
	if (p->err)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	p->err = xvasprintf(fmt, ap);
	va_end(ap);
	p->err_pos = (int)pos;
	return NULL;
}

/* The 1-based column of byte offset pos: characters, not bytes. */
static int column_of(const char *s, size_t pos)
{
	int col = 1;
	for (size_t i = 0; i < pos && s[i]; i++)
		col += ((unsigned char)s[i] & 0xC0) != 0x80;
	return col;
}

/* ---- the lexer ---- */

enum tok_kind { T_EOF, T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT, T_MINUS, T_PHRASE, T_WORD };

struct tok {
	enum tok_kind kind;
	size_t start, end;       /* the token's bytes */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A word ends at white space or a parenthesis. */
static int ends_word(char c)
{
	return c == '\0' || is_space(c) || c == '(' || c == ')';
}

static void skip_space(struct parser *p)
{
	while (p->i < p->len && is_space(p->s[p->i]))
		p->i++;
}

/*
 * Finds the end of the quoted string opening at s[at] ('"'); a doubled ""
 * inside is a quote. Returns the offset just past the closing quote, or 0
 * when it is not closed.
 */
static size_t quote_end(const struct parser *p, size_t at)
{
	for (size_t i = at + 1; i < p->len; i++) {
		if (p->s[i] != '"')
			continue;
		if (i + 1 < p->len && p->s[i + 1] == '"') {
			i++;
			continue;
		}
		return i + 1;
	}
	return 0;
}

static int word_is(const struct parser *p, const struct tok *t, const char *kw)
{
	size_t n = strlen(kw);
	return t->end - t->start == n && strncasecmp(p->s + t->start, kw, n) == 0;
}

/* Reads the next token without consuming it (p->i is left as it was). */
static struct tok peek(struct parser *p)
{
	skip_space(p);
	struct tok t = {T_EOF, p->i, p->i};
	if (p->i >= p->len)
		return t;
	char c = p->s[p->i];
	t.end = p->i + 1;
	if (c == '(') {
		t.kind = T_LPAREN;
	} else if (c == ')') {
		t.kind = T_RPAREN;
	} else if (c == '-') {
		t.kind = T_MINUS;
	} else if (c == '"') {
		t.kind = T_PHRASE;
		size_t e = quote_end(p, p->i);
		t.end = e ? e : p->len;
	} else {
		t.kind = T_WORD;
		size_t e = p->i;
		/* a field's quoted value belongs to the word: title:"a b" */
		while (e < p->len && !ends_word(p->s[e])) {
			if (p->s[e] == '"' && e > p->i && p->s[e - 1] == ':') {
				size_t q = quote_end(p, e);
				e = q ? q : p->len;
				break;
			}
			e++;
		}
		t.end = e;
		if (word_is(p, &t, "OR"))
			t.kind = T_OR;
		else if (word_is(p, &t, "AND"))
			t.kind = T_AND;
		else if (word_is(p, &t, "NOT"))
			t.kind = T_NOT;
	}
	return t;
}

static void take(struct parser *p, const struct tok *t)
{
	p->i = t->end;
}

static const char *tok_name(enum tok_kind k)
{
	switch (k) {
	case T_OR: return "OR";
	case T_AND: return "AND";
	case T_NOT: return "NOT";
	case T_MINUS: return "-";
	case T_LPAREN: return "(";
	default: return "";
	}
}

/* ---- leaves ---- */

/*
 * Unquotes s[start..end) when it is a quoted string: a new string with ""
 * made ". *closed is 0 when the closing quote is missing.
 */
static char *unquote(const char *s, size_t start, size_t end, int *closed)
{
	struct buf b = {0};
	*closed = 1;
	if (s[start] != '"') {
		buf_add(&b, s + start, end - start);
		return buf_detach(&b);
	}
	size_t i = start + 1;
	for (; i < end; i++) {
		if (s[i] == '"') {
			if (i + 1 < end && s[i + 1] == '"') {
				buf_addc(&b, '"');
				i++;
				continue;
			}
			break;
		}
		buf_addc(&b, s[i]);
	}
	*closed = i < end;
	return buf_detach(&b);
}

/*
 * True when text holds something the full-text tokenizer indexes: an ASCII
 * letter or digit, or a character beyond ASCII outside the punctuation
 * blocks. A word of only punctuation (`*`, `';`) would match nothing.
 */
static int has_token_chars(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_seq_len(s + i, n - i, &cp);
		if (len <= 0) {
			i++;
			continue;
		}
		if (cp < 0x80 ? isalnum((int)cp)
			      : !(cp <= 0xBF || (cp >= 0x2000 && cp <= 0x2BFF) ||
				  (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
				  (cp >= 0xFF00 && cp <= 0xFF0F)))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

static struct node *fts_leaf(struct parser *p, enum db_text_field col, const char *text,
			     size_t pos, size_t end, int quoted)
{
	/* A bare word ending in '*' (diffu*) asks for a prefix match. */
	size_t len = strlen(text);
	int star = 0;
	while (!quoted && len > 0 && text[len - 1] == '*')
		len--, star = 1;
	char *word = xstrndup(text, len);
	if (!has_token_chars(word)) {
		free(word);
		if (quoted)
			return fail_at(p, pos, "expected a word inside the quotes");
		return fail_at(p, pos, "expected a word to search for, not '%s'", text);
	}
	struct node *n = leaf_new(DB_F_TEXT, (int)col, word, (int)pos);
	free(word);
	unsigned flags = p->top && p->env ? p->env->flags : 0;
	if (p->top && p->env && pos < p->env->search_at)
		flags &= ~(unsigned)QUERY_SEARCH; /* a view's or a limit's word */
	/* search as you type: the word being typed, at the very end; a
	 * search ranks the whole word above the longer ones it starts */
	if (star)
		n->leaf->match = DB_MATCH_PREFIX;
	else if (!quoted && end == p->typed && (flags & QUERY_PREFIX_LAST))
		n->leaf->match = flags & QUERY_SEARCH ? DB_MATCH_WORD : DB_MATCH_PREFIX;
	else if (!quoted && col == DB_TEXT_ANY && (flags & QUERY_SEARCH))
		n->leaf->match = DB_MATCH_WORD;
	/* a phrase of a search counts among its words when no paper holds
	 * them all (query_relax) */
	n->leaf->searched = col == DB_TEXT_ANY && (flags & QUERY_SEARCH);
	return n;
}

static struct node *plain_word(struct parser *p, const struct tok *t)
{
	char *v = xstrndup(p->s + t->start, t->end - t->start);
	struct node *n = fts_leaf(p, DB_TEXT_ANY, v, t->start, t->end, 0);
	free(v);
	return n;
}

static const struct {
	const char *name;
	enum db_state state;
} states[] = {
	{"unread", DB_STATE_UNREAD}, {"read", DB_STATE_READ}, {"starred", DB_STATE_STARRED},
	{"dismissed", DB_STATE_DISMISSED}, {"tagged", DB_STATE_TAGGED},
	{"noted", DB_STATE_NOTED}, {"new", DB_STATE_NEW}, {"updated", DB_STATE_UPDATED},
	{"inzotero", DB_STATE_INZOTERO},
};

static const struct {
	const char *name;
	enum db_has has;
} haves[] = {
	{"github", DB_HAS_GITHUB},
	{"project", DB_HAS_PROJECT},
	{"models", DB_HAS_MODELS},
	{"datasets", DB_HAS_DATASETS},
	{"spaces", DB_HAS_SPACES},
};

const char *query_state_name(int i)
{
	return i >= 0 && (size_t)i < sizeof states / sizeof states[0] ? states[i].name : NULL;
}

const char *query_has_name(int i)
{
	return i >= 0 && (size_t)i < sizeof haves / sizeof haves[0] ? haves[i].name : NULL;
}

static struct node *state_leaf(struct parser *p, const char *v, size_t vpos)
{
	for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
		if (strcasecmp(v, states[k].name) == 0) {
			struct node *n = leaf_new(DB_F_STATE, (int)states[k].state, NULL,
						  (int)vpos);
			n->names_dismissed = states[k].state == DB_STATE_DISMISSED;
			return n;
		}
	return fail_at(p, vpos, "expected unread, read, starred, dismissed, tagged, "
		       "noted, new, updated or inzotero after 'is:'");
}

static struct node *has_leaf(struct parser *p, const char *v, size_t vpos)
{
	for (size_t k = 0; k < sizeof haves / sizeof haves[0]; k++)
		if (strcasecmp(v, haves[k].name) == 0)
			return leaf_new(DB_F_HAS, (int)haves[k].has, NULL, (int)vpos);
	return fail_at(p, vpos, "expected github, project, models, datasets or spaces after 'has:'");
}

/* Reads a whole number at s; returns its length, 0 when there is none,
 * -1 when it is too large. */
static int read_number(const char *s, int64_t *out)
{
	int n = 0;
	int64_t v = 0;
	while (isdigit((unsigned char)s[n])) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*out = v;
	return n;
}

static const struct {
	const char *op;
	enum db_cmp cmp;
} num_ops[] = {
	{">=", DB_CMP_GE}, {"<=", DB_CMP_LE}, {">", DB_CMP_GT}, {"<", DB_CMP_LT},
	{"=", DB_CMP_EQ}, {"", DB_CMP_EQ},
};

/* upvotes:N, :=N, :>N, :>=N, :<N, :<=N, :A..B, :A.., :..B */
static struct node *number_leaf(struct parser *p, enum db_num_field which, const char *field,
				const char *v, size_t vpos)
{
	int64_t a, b;
	int n = read_number(v, &a);
	const char *dots = strstr(v, "..");
	if ((n > 0 && dots == v + n) || (n == 0 && dots == v)) {
		int m = read_number(dots + 2, &b);
		if (n < 0 || m < 0)
			return fail_at(p, vpos, "the number after '%s:' is too large", field);
		if (dots[2 + m] != '\0' || (n == 0 && m == 0))
			return fail_at(p, vpos + (size_t)(dots - v) + 2 + (size_t)m,
				       "expected a number after '%s:%.*s'", field,
				       (int)(dots - v) + 2 + m, v);
		struct node *nd = leaf_new(DB_F_NUM, (int)which, NULL, (int)vpos);
		nd->leaf->cmp = DB_CMP_RANGE;
		nd->leaf->lo = n ? a : 0;
		nd->leaf->hi = m ? b : INT64_MAX;
		return nd;
	}
	for (size_t k = 0; k < sizeof num_ops / sizeof num_ops[0]; k++) {
		size_t ol = strlen(num_ops[k].op);
		if (strncmp(v, num_ops[k].op, ol) != 0)
			continue;
		n = read_number(v + ol, &a);
		if (n < 0)
			return fail_at(p, vpos + ol, "the number after '%s:%s' is too large",
				       field, num_ops[k].op);
		if (n == 0 || v[ol + (size_t)n] != '\0')
			return fail_at(p, vpos + ol + (size_t)(n > 0 ? n : 0),
				       n ? "expected the end of the number after '%s:%s'"
					 : "expected a number after '%s:%s'",
				       field, num_ops[k].op);
		struct node *nd = leaf_new(DB_F_NUM, (int)which, NULL, (int)vpos);
		nd->leaf->cmp = num_ops[k].cmp;
		nd->leaf->lo = a;
		return nd;
	}
	return NULL; /* not reached: "" matches */
}

/* ---- dates ---- */

/*
 * One end of a date: YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, -Nd, -Nw.
 * Fills the first and last day it covers; returns 0, or -1.
 */
static int date_spec(const struct parser *p, const char *s, size_t n, char lo[11], char hi[11])
{
	char t[16];
	if (n == 0 || n >= sizeof t)
		return -1;
	memcpy(t, s, n);
	t[n] = '\0';
	if (strcasecmp(t, "today") == 0) {
		strcpy(lo, p->today);
		strcpy(hi, p->today);
		return 0;
	}
	if (strcasecmp(t, "yesterday") == 0) {
		date_add_days(p->today, -1, lo);
		strcpy(hi, lo);
		return 0;
	}
	if (t[0] == '-') {
		char *end;
		errno = 0;
		long k = strtol(t + 1, &end, 10);
		if (!isdigit((unsigned char)t[1]) || errno || k > 100000 ||
		    (strcasecmp(end, "d") != 0 && strcasecmp(end, "w") != 0))
			return -1;
		date_add_days(p->today, -(int)(tolower((unsigned char)*end) == 'w' ? k * 7 : k), lo);
		strcpy(hi, p->today);
		return 0;
	}
	if (n == 10 && date_valid(t)) {
		strcpy(lo, t);
		strcpy(hi, t);
		return 0;
	}
	if (n != 7 && n != 4)
		return -1;
	/* a month or a year: its first day must be a date; its last may be
	 * written as day 31 of month 12, since only the order counts */
	memcpy(lo, t, n);
	memcpy(lo + n, n == 7 ? "-01" : "-01-01", 11 - n);
	memcpy(hi, t, n);
	memcpy(hi + n, n == 7 ? "-31" : "-12-31", 11 - n);
	return date_valid(lo) ? 0 : -1;
}

/* date:SPEC, date:A..B, date:A.., date:..B; the same for published: */
static struct node *date_leaf(struct parser *p, int listed, const char *field,
			      const char *v, size_t vpos)
{
	char lo[11] = "0000-01-01", hi[11] = "9999-12-31", x[11], y[11];
	const char *dots = strstr(v, "..");
	int ok;
	if (dots) {
		size_t a = (size_t)(dots - v), b = strlen(dots + 2);
		ok = (a || b) && (!a || date_spec(p, v, a, lo, x) == 0) &&
		     (!b || date_spec(p, dots + 2, b, y, hi) == 0);
	} else {
		ok = date_spec(p, v, strlen(v), lo, hi) == 0;
	}
	if (!ok)
		return fail_at(p, vpos, "expected a date after '%s:' (2026-06-12, 2026-06, "
			       "today, yesterday, -7d, -2w, or a range A..B)", field);
	if (strcmp(lo, hi) > 0)
		return fail_at(p, vpos, "the range after '%s:' ends before it starts", field);
	struct node *n = leaf_new(DB_F_DATE, listed ? DB_DATE_LISTED : DB_DATE_PUBLISHED, NULL,
				  (int)vpos);
	memcpy(n->leaf->from, lo, sizeof lo);
	memcpy(n->leaf->to, hi, sizeof hi);
	return n;
}

/* ---- the rest of the fields ---- */

/* sort:foryou:TAG, the model learned from one tag. */
static struct node *foryou_tag_leaf(struct parser *p, const char *v, size_t vpos)
{
	int rev = *v == '-';
	const char *tag = v + rev + 7;
	if (!db_tag_valid(tag))
		return fail_at(p, vpos + (size_t)rev + 7, "expected a tag after 'sort:foryou:'");
	struct node *n = node_new(N_SORT, (int)vpos);
	n->sort = DB_SORT_SCORE;
	n->reverse = rev;
	snprintf(n->model, sizeof n->model, "foryou:%s", tag);
	return n;
}

static struct node *sort_leaf(struct parser *p, const char *v, size_t vpos)
{
	enum db_sort sort;
	int rev;
	if (strncasecmp(v + (*v == '-'), "foryou:", 7) == 0)
		return foryou_tag_leaf(p, v, vpos);
	if (sort_key_parse(v, &sort, &rev) != 0) {
		char *names = sort_key_list();
		fail_at(p, vpos, "expected %s after 'sort:'", names);
		free(names);
		return NULL;
	}
	struct node *n = node_new(N_SORT, (int)vpos);
	n->sort = sort;
	n->reverse = rev;
	return n;
}

/*
 * An arXiv category as arXiv spells it, whatever the case typed: the
 * archive in lower case, a two-letter subject in upper case (cs.LG,
 * math.AG, astro-ph.CO), a longer one in lower case (physics.acc-ph,
 * cond-mat.soft). NULL when it cannot be a category.
 */
static char *category_canon(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 32)
		return NULL;
	char *c = xstrdup(v);
	char *dot = strchr(c, '.');
	size_t sub = dot ? strlen(dot + 1) : 0;
	int upper = sub == 2 && isalpha((unsigned char)dot[1]) && isalpha((unsigned char)dot[2]);
	for (char *s = c; *s; s++) {
		if (!isalpha((unsigned char)*s) && *s != '-' && *s != '.') {
			free(c);
			return NULL;
		}
		*s = (char)(dot && s > dot && upper ? toupper((unsigned char)*s)
						    : tolower((unsigned char)*s));
	}
	return c;
}

static struct node *cat_leaf(struct parser *p, int primary, const char *name, const char *v,
			     size_t vpos)
{
	char *c = category_canon(v);
	if (!c)
		return fail_at(p, vpos, "expected an arXiv category like cs.LG after '%s:'",
			       name);
	struct node *n = leaf_new(DB_F_CAT, primary ? DB_CAT_PRIMARY : DB_CAT_ANY, c,
				  (int)vpos);
	free(c);
	return n;
}

static const struct {
	const char *name;
	unsigned source;
} sources[] = {
	{"hf", PAPER_SRC_HF},
	{"arxiv", PAPER_SRC_ARXIV},
};

static struct node *source_leaf(struct parser *p, const char *v, size_t vpos)
{
	for (size_t k = 0; k < sizeof sources / sizeof sources[0]; k++)
		if (strcasecmp(v, sources[k].name) == 0)
			return leaf_new(DB_F_SOURCE, (int)sources[k].source, NULL, (int)vpos);
	return fail_at(p, vpos, "expected hf or arxiv after 'source:'");
}

/* arXiv's announcement types, and "latest": the latest announcement day. */
static const char *const announce_types[] = {"new", "cross", "replace", "replace-cross",
					     "latest"};

static struct node *announce_leaf(struct parser *p, const char *v, size_t vpos)
{
	size_t k, n = sizeof announce_types / sizeof announce_types[0];
	for (k = 0; k < n; k++)
		if (strcasecmp(v, announce_types[k]) == 0)
			break;
	if (k == n)
		return fail_at(p, vpos, "expected new, cross, replace, replace-cross or latest "
			       "after 'announce:'");
	if (k == n - 1)
		return leaf_new(DB_F_ANNOUNCE, DB_ANNOUNCE_LATEST, NULL, (int)vpos);
	return leaf_new(DB_F_ANNOUNCE, DB_ANNOUNCE_TYPE, announce_types[k], (int)vpos);
}

enum field { F_TITLE, F_ABSTRACT, F_AUTHOR, F_KW, F_ID, F_TAG, F_IS, F_HAS, F_UPVOTES,
	     F_COMMENTS, F_STARS, F_DATE, F_PUBLISHED, F_SORT, F_CAT, F_PRIMARY, F_SOURCE,
	     F_ANNOUNCE, F_LIKE, F_MODELS,
	     F_FULLTEXT };

static const struct {
	const char *name;
	enum field f;
} fields[] = {
	{"title", F_TITLE}, {"abstract", F_ABSTRACT}, {"author", F_AUTHOR},
	{"authors", F_AUTHOR}, {"kw", F_KW}, {"keyword", F_KW}, {"id", F_ID},
	{"tag", F_TAG}, {"is", F_IS}, {"has", F_HAS}, {"upvotes", F_UPVOTES},
	{"comments", F_COMMENTS}, {"stars", F_STARS}, {"date", F_DATE},
	{"published", F_PUBLISHED}, {"sort", F_SORT}, {"cat", F_CAT}, {"primary", F_PRIMARY},
	{"source", F_SOURCE}, {"announce", F_ANNOUNCE}, {"like", F_LIKE},
	{"models", F_MODELS}, {"fulltext", F_FULLTEXT},
};

const char *query_field_name(int i)
{
	return i >= 0 && (size_t)i < sizeof fields / sizeof fields[0] ? fields[i].name : NULL;
}

static struct node *field_leaf(struct parser *p, enum field f, const char *name,
			       const char *v, size_t vpos, size_t end, int quoted)
{
	switch (f) {
	case F_TITLE: return fts_leaf(p, DB_TEXT_TITLE, v, vpos, end, quoted);
	case F_ABSTRACT: return fts_leaf(p, DB_TEXT_ABSTRACT, v, vpos, end, quoted);
	case F_AUTHOR: return fts_leaf(p, DB_TEXT_AUTHORS, v, vpos, end, quoted);
	case F_KW: return fts_leaf(p, DB_TEXT_KEYWORDS, v, vpos, end, quoted);
	case F_ID: return leaf_new(DB_F_ID, 0, v, (int)vpos);
	case F_TAG: return leaf_new(DB_F_TAG, 0, v, (int)vpos);
	case F_IS: return state_leaf(p, v, vpos);
	case F_HAS: return has_leaf(p, v, vpos);
	case F_UPVOTES: return number_leaf(p, DB_NUM_UPVOTES, name, v, vpos);
	case F_COMMENTS: return number_leaf(p, DB_NUM_COMMENTS, name, v, vpos);
	case F_STARS: return number_leaf(p, DB_NUM_STARS, name, v, vpos);
	case F_MODELS: return number_leaf(p, DB_NUM_MODELS, name, v, vpos);
	case F_FULLTEXT: return leaf_new(DB_F_FULLTEXT, 0, v, (int)vpos);
	case F_DATE: return date_leaf(p, 1, name, v, vpos);
	case F_PUBLISHED: return date_leaf(p, 0, name, v, vpos);
	case F_SORT: return sort_leaf(p, v, vpos);
	case F_CAT: return cat_leaf(p, 0, name, v, vpos);
	case F_PRIMARY: return cat_leaf(p, 1, name, v, vpos);
	case F_SOURCE: return source_leaf(p, v, vpos);
	case F_ANNOUNCE: return announce_leaf(p, v, vpos);
	case F_LIKE: { /* arXiv's id as the user may paste it: 2606.13392v2 */
		int version;
		char *bare = arxiv_split_id(v, &version);
		struct node *n = leaf_new(DB_F_LIKE, 0, bare ? bare : v, (int)vpos);
		free(bare);
		return n;
	}
	}
	return NULL;
}

/* A word that starts with letters and a colon names a field. */
static struct node *field_term(struct parser *p, const struct tok *t, size_t colon)
{
	const char *s = p->s;
	char name[16];
	size_t nl = colon - t->start;
	if (nl >= sizeof name)
		return fail_at(p, t->start, "unknown field '%.*s:'", (int)nl, s + t->start);
	memcpy(name, s + t->start, nl);
	name[nl] = '\0';
	for (size_t k = 0; k < nl; k++)
		name[k] = (char)tolower((unsigned char)name[k]);
	int f = -1;
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (strcmp(name, fields[k].name) == 0)
			f = (int)k;
	if (f < 0 && colon + 1 == t->end) /* "Mamba:" pasted from a title */
		return plain_word(p, t);
	if (f < 0)
		return fail_at(p, t->start, "unknown field '%s:' (expected title, abstract, "
			       "author, kw, id, tag, is, has, upvotes, comments, stars, date, "
			       "published, sort, cat, primary, source, announce, like, models or "
			       "fulltext)", name);
	size_t vpos = colon + 1;
	if (vpos >= t->end)
		return fail_at(p, vpos, "expected a value after '%s:'", name);
	int closed, quoted = s[vpos] == '"';
	char *v = unquote(s, vpos, t->end, &closed);
	struct node *n = NULL;
	if (!closed && !(p->top && p->env && (p->env->flags & QUERY_PREFIX_LAST)))
		fail_at(p, p->len, "expected a closing '\"' for the one at column %d",
			column_of(s, vpos));
	else if (!*v)
		fail_at(p, vpos, "expected a value after '%s:'", name);
	else if ((n = field_leaf(p, fields[f].f, name, v, vpos, t->end, quoted)) != NULL) {
		if (text_of(n) && !closed) /* still being typed */
			n->leaf->match = DB_MATCH_PREFIX;
		if (n->kind == N_SORT)
			n->pos = (int)t->start; /* a misplaced sort: is named whole */
	}
	free(v);
	return n;
}

static struct node *parse_text(struct parser *p);


/* @name: the saved view's query, parsed in place as a group. */
static struct node *view_term(struct parser *p, const struct tok *t)
{
	char *name = xstrndup(p->s + t->start + 1, t->end - t->start - 1);
	const char *text = NULL;
	struct node *n = NULL;
	text = config_view(p->env ? p->env->cfg : NULL, name);
	if (!*name) {
		fail_at(p, t->start, "expected a view name after '@'");
		goto out;
	}
	if (!text) {
		fail_at(p, t->start, "unknown view '@%s'", name);
		goto out;
	}
	for (int k = 0; k < p->nviews; k++)
		if (strcmp(p->views[k], name) == 0) {
			fail_at(p, t->start, "view '@%s' refers to itself", name);
			goto out;
		}
	if (p->nviews == MAX_VIEWS) {
		fail_at(p, t->start, "views nested too deeply at '@%s'", name);
		goto out;
	}
	size_t len = strlen(text);
	if (len > MAX_TEXT - p->tally->bytes) {
		snprintf(p->tally->limit, sizeof p->tally->limit,
			 "the query is too long (at most %d bytes)", MAX_TEXT);
		fail_at(p, t->start, "%s once view '@%s' is expanded", p->tally->limit, name);
		goto out;
	}
	p->tally->bytes += len;
	struct parser sub = {.s = text, .len = len, .env = p->env, .tally = p->tally,
			     .depth = p->depth + 1};
	memcpy(sub.views, p->views, sizeof p->views);
	sub.nviews = p->nviews;
	sub.views[sub.nviews++] = name;
	memcpy(sub.today, p->today, sizeof sub.today);
	n = parse_text(&sub);
	if (sub.err) {
		/* a limit is named at the view the user typed; an error from a
		 * view inside this one, or a loop, is passed on */
		if (p->tally->limit[0])
			fail_at(p, t->start, "%s once view '@%s' is expanded", p->tally->limit,
				name);
		else if (strncmp(sub.err, "in view", 7) == 0 || strncmp(sub.err, "view '@", 7) == 0)
			fail_at(p, t->start, "%s", sub.err);
		else
			fail_at(p, t->start, "in view '@%s' (column %d of \"%s\"): %s", name,
				column_of(text, (size_t)sub.err_pos), text, sub.err);
		free(sub.err);
		goto out;
	}
	if (!n)
		n = node_new(N_TRUE, (int)t->start);
out:
	free(name);
	return n;
}

static void set_pos(struct node *n, int pos)
{
	n->pos = pos;
	for (int i = 0; i < n->nkids; i++)
		set_pos(n->kids[i], pos);
}

static struct node *term(struct parser *p, const struct tok *t)
{
	const char *s = p->s;
	if (t->kind == T_PHRASE) {
		int closed;
		char *v = unquote(s, t->start, t->end, &closed);
		struct node *n = NULL;
		if (!closed && !(p->top && p->env && (p->env->flags & QUERY_PREFIX_LAST)))
			fail_at(p, p->len, "expected a closing '\"' for the one at column %d",
				column_of(s, t->start));
		else if ((n = fts_leaf(p, DB_TEXT_ANY, v, t->start, t->end, 1)) != NULL)
			n->leaf->match = closed ? DB_MATCH_TOKENS : DB_MATCH_PREFIX;
		free(v);
		return n;
	}
	if (s[t->start] == '@') {
		/* errors found later (sort: placement) point at the @name */
		struct node *n = view_term(p, t);
		if (n)
			set_pos(n, (int)t->start);
		return n;
	}
	size_t k = t->start;
	while (k < t->end && isalpha((unsigned char)s[k]))
		k++;
	if (k > t->start && k < t->end && s[k] == ':')
		return field_term(p, t, k);
	return plain_word(p, t);
}

/* ---- the grammar ---- */

static struct node *parse_or(struct parser *p);

static int starts_term(enum tok_kind k)
{
	return k == T_LPAREN || k == T_NOT || k == T_MINUS || k == T_PHRASE || k == T_WORD;
}

static struct node *parse_unary(struct parser *p)
{
	struct tok t = peek(p);
	if (++p->depth > MAX_DEPTH)
		return fail_at(p, t.start, "the query is nested too deeply");
	struct node *n = NULL;
	if (t.kind == T_NOT || t.kind == T_MINUS) {
		take(p, &t);
		struct tok next = peek(p);
		if (!starts_term(next.kind) || (t.kind == T_MINUS && next.start != t.end)) {
			fail_at(p, t.kind == T_MINUS ? t.end : next.start,
				"expected a term after '%s'", tok_name(t.kind));
		} else {
			struct node *kid = parse_unary(p);
			if (kid) {
				n = node_new(N_NOT, (int)t.start);
				node_add(n, kid);
			}
		}
	} else if (t.kind == T_LPAREN) {
		take(p, &t);
		struct tok next = peek(p);
		if (next.kind == T_RPAREN) {
			fail_at(p, next.start, "expected a term inside '()'");
		} else if (!starts_term(next.kind)) {
			fail_at(p, next.start, "expected a term after '('");
		} else if ((n = parse_or(p)) != NULL) {
			next = peek(p);
			if (next.kind != T_RPAREN) {
				node_free(n);
				n = fail_at(p, next.start, "expected ')' to close the '(' at "
					    "column %d", column_of(p->s, t.start));
			} else {
				take(p, &next);
			}
		}
	} else if (++p->tally->terms > MAX_TERMS) {
		snprintf(p->tally->limit, sizeof p->tally->limit,
			 "too many terms (at most %d)", MAX_TERMS);
		fail_at(p, t.start, "%s", p->tally->limit);
	} else {
		take(p, &t);
		n = term(p, &t);
	}
	p->depth--;
	return n;
}

static struct node *parse_and(struct parser *p)
{
	struct node *and = NULL, *first = NULL;
	for (;;) {
		struct tok t = peek(p);
		if (t.kind == T_EOF || t.kind == T_RPAREN || t.kind == T_OR)
			break;
		if (t.kind == T_AND) {
			take(p, &t);
			struct tok next = peek(p);
			if (!first || !starts_term(next.kind)) {
				fail_at(p, first ? next.start : t.start, first ?
					"expected a term after 'AND'" : "expected a term before 'AND'");
				break;
			}
		}
		struct node *kid = parse_unary(p);
		if (!kid)
			break;
		if (!first) {
			first = kid;
			continue;
		}
		if (!and) {
			and = node_new(N_AND, first->pos);
			node_add(and, first);
		}
		node_add(and, kid);
	}
	struct node *n = and ? and : first;
	if (p->err) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_or(struct parser *p)
{
	struct tok t = peek(p);
	if (t.kind == T_OR)
		return fail_at(p, t.start, "expected a term before 'OR'");
	struct node *left = parse_and(p), *or = NULL;
	while (left && !p->err) {
		t = peek(p);
		if (t.kind != T_OR)
			break;
		take(p, &t);
		struct tok next = peek(p);
		if (!starts_term(next.kind)) {
			fail_at(p, next.start, "expected a term after 'OR'");
			break;
		}
		struct node *right = parse_and(p);
		if (!right)
			break;
		if (!or) {
			or = node_new(N_OR, left->pos);
			node_add(or, left);
		}
		node_add(or, right);
	}
	struct node *n = or ? or : left;
	if (p->err) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* The whole text: NULL and no error when it is empty. */
static struct node *parse_text(struct parser *p)
{
	struct tok t = peek(p);
	if (t.kind == T_EOF)
		return NULL;
	if (t.kind == T_RPAREN)
		return fail_at(p, t.start, "unexpected ')' with no '(' before it");
	struct node *n = parse_or(p);
	if (!n)
		return NULL;
	t = peek(p);
	if (t.kind != T_EOF) {
		node_free(n);
		return fail_at(p, t.start, "unexpected ')' with no '(' before it");
	}
	return n;
}

/* ---- checks on the tree ---- */

/*
 * sort: orders the whole query wherever it is written (`a OR b sort:date`
 * reads naturally), so it is taken out of the tree; but it cannot be
 * negated, nor be a whole side of OR. Notes whether is:dismissed is named.
 */
static int take_sorts(struct parser *p, struct node *n, int negated, struct query *q,
		      int *named_dismissed)
{
	int found = 0;
	if (n->names_dismissed)
		*named_dismissed = 1;
	for (int i = 0; i < n->nkids; i++) {
		struct node *k = n->kids[i];
		if (k->kind == N_SORT && (negated || n->kind != N_AND)) {
			fail_at(p, (size_t)k->pos, "sort: cannot be negated or be one side of OR");
			return -1;
		}
		if (k->kind == N_SORT) {
			q->f.sort = k->sort;
			q->f.reverse = k->reverse;
			memcpy(q->f.model, k->model, sizeof q->f.model);
			found = 1;
			node_free(k);
			memmove(n->kids + i, n->kids + i + 1,
				(size_t)(n->nkids - i - 1) * sizeof *n->kids);
			n->nkids--;
			i--;
			continue;
		}
		int r = take_sorts(p, k, negated || n->kind == N_NOT, q, named_dismissed);
		if (r < 0)
			return -1;
		found |= r;
	}
	return found;
}

/*
 * AND, OR and NOT nested past MAX_NESTING: named where the level that is
 * one too many starts (a view's nodes are where the view was named).
 */
static int check_nesting(struct parser *p, const struct node *n, int depth)
{
	if (n->kind == N_AND || n->kind == N_OR || n->kind == N_NOT) {
		if (++depth > MAX_NESTING) {
			const char *at = p->s + n->pos;
			if (*at == '@') {
				int len = 1;
				while (!ends_word(at[len]))
					len++;
				fail_at(p, (size_t)n->pos, "the query is nested too deeply (at most "
					"%d levels) once view '%.*s' is expanded", MAX_NESTING,
					len, at);
			} else {
				fail_at(p, (size_t)n->pos, "the query is nested too deeply (at most "
					"%d levels of AND, OR and NOT)", MAX_NESTING);
			}
			return -1;
		}
	}
	for (int i = 0; i < n->nkids; i++)
		if (check_nesting(p, n->kids[i], depth) < 0)
			return -1;
	return 0;
}

/* ---- the filter tree ---- */

/* The parse tree as db/'s filter tree; the leaves are moved, not copied. */
static struct db_fnode *to_filter(struct node *n)
{
	if (n->kind == N_LEAF) {
		struct db_fnode *leaf = n->leaf;
		n->leaf = NULL;
		return leaf;
	}
	enum db_fkind kind = n->kind == N_AND ? DB_F_AND : n->kind == N_OR ? DB_F_OR
			     : n->kind == N_NOT ? DB_F_NOT : DB_F_ALL;
	struct db_fnode *f = db_fnode_new(kind, NULL);
	for (int i = 0; i < n->nkids; i++)
		db_fnode_add(f, to_filter(n->kids[i]));
	return f;
}

/* Full-text leaves not under NOT: the words callers highlight. */
static void positive_leaves(const struct node *n, const struct db_fnode ***v, int *nv)
{
	if (n->kind == N_NOT)
		return;
	if (text_of(n)) {
		*v = xrealloc(*v, (size_t)(*nv + 1) * sizeof **v);
		(*v)[(*nv)++] = n->leaf;
	}
	for (int i = 0; i < n->nkids; i++)
		positive_leaves(n->kids[i], v, nv);
}

static char *lowercase(const char *s)
{
	struct buf b = {0};
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_seq_len((const unsigned char *)s + i, n - i, &cp);
		if (len <= 0) {
			buf_addc(&b, s[i++]);
			continue;
		}
		wint_t lc = towlower((wint_t)cp);
		if (cp < 0x80)
			lc = (wint_t)tolower((int)cp);
		char enc[5];
		buf_add(&b, enc, (size_t)utf8_encode((unsigned)lc, enc));
		i += (size_t)len;
	}
	return buf_detach(&b);
}

static void collect_terms(struct query *q, const struct node *root)
{
	const struct db_fnode **leaves = NULL;
	int n = 0;
	if (root)
		positive_leaves(root, &leaves, &n);
	q->terms = xcalloc((size_t)n + 1, sizeof *q->terms);
	for (int i = 0; i < n; i++) {
		char *t = lowercase(leaves[i]->text);
		int dup = 0;
		for (int k = 0; k < q->nterms && !dup; k++)
			dup = strcmp(q->terms[k], t) == 0;
		if (dup)
			free(t);
		else
			q->terms[q->nterms++] = t;
	}
	free(leaves);
}

/* The first like:ID not under NOT, or NULL. */
static const struct db_fnode *first_like(const struct db_fnode *n)
{
	if (n->kind == DB_F_NOT)
		return NULL;
	if (n->kind == DB_F_LIKE)
		return n;
	for (int i = 0; i < n->nkids; i++) {
		const struct db_fnode *l = first_like(n->kids[i]);
		if (l)
			return l;
	}
	return NULL;
}

/*
 * The filter: the parsed tree, and unless the query names is:dismissed,
 * NOT is:dismissed after it. Relevance when there is full text to rank,
 * else newest first, unless a sort: says otherwise.
 */
static void build_filter(struct query *q, struct node *root, int hide_dismissed,
			 int has_sort)
{
	struct db_fnode *f = root ? to_filter(root) : NULL;
	if (hide_dismissed) {
		struct db_fnode *not = db_fnode_new(DB_F_NOT, NULL);
		struct db_fnode *dismissed = db_fnode_new(DB_F_STATE, NULL);
		dismissed->field = DB_STATE_DISMISSED;
		db_fnode_add(not, dismissed);
		if (f) {
			struct db_fnode *and = db_fnode_new(DB_F_AND, NULL);
			db_fnode_add(and, f);
			db_fnode_add(and, not);
			f = and;
		} else {
			f = not;
		}
	}
	q->f.root = f;
	const struct db_fnode *like = f ? first_like(f) : NULL;
	if (!has_sort && like) { /* like:ID ranks, as free words do */
		q->f.sort = DB_SORT_SCORE;
		snprintf(q->f.model, sizeof q->f.model, "like:%s", like->text);
	} else if (!has_sort) {
		q->f.sort = db_filter_text_use(&q->f) != DB_TEXT_NONE ? DB_SORT_RELEVANCE
								 : DB_SORT_DAY;
	}
}

/* The search words (DB_MATCH_WORD leaves) not under NOT, once each. */
static void collect_words(struct query *q, const struct db_fnode *n)
{
	if (n->kind == DB_F_NOT)
		return;
	if (n->kind == DB_F_TEXT && n->match == DB_MATCH_WORD) {
		char *w = lowercase(n->text);
		for (int k = 0; k < q->nwords; k++)
			if (strcmp(q->words[k], w) == 0) {
				free(w);
				return;
			}
		q->words = xrealloc(q->words, (size_t)(q->nwords + 2) * sizeof *q->words);
		q->words[q->nwords++] = w;
		q->words[q->nwords] = NULL;
	}
	for (int i = 0; i < n->nkids; i++)
		collect_words(q, n->kids[i]);
}

/* Parses and compiles text; on error fills *pos and returns the message. */
static char *compile_text(const char *text, size_t typed, const struct query_env *env,
			  struct query **out, int *pos)
{
	struct tally tally = {.bytes = strlen(text)};
	struct parser p = {.s = text, .len = strlen(text), .top = 1, .typed = typed, .env = env,
			   .tally = &tally};
	if (env && env->today && date_valid(env->today))
		memcpy(p.today, env->today, 11);
	else
		date_today(p.today);
	struct query *q = xcalloc(1, sizeof *q);
	struct node *root = NULL;
	if (tally.bytes > MAX_TEXT)
		fail_at(&p, MAX_TEXT, "the query is too long (at most %d bytes)", MAX_TEXT);
	else
		root = parse_text(&p);
	int named_dismissed = 0, has_sort = 0;
	if (!p.err && root && root->kind == N_SORT) { /* the query is only sort: */
		q->f.sort = root->sort;
		q->f.reverse = root->reverse;
		memcpy(q->f.model, root->model, sizeof q->f.model);
		has_sort = 1;
		node_free(root);
		root = NULL;
	} else if (!p.err && root) {
		has_sort = take_sorts(&p, root, 0, q, &named_dismissed);
	}
	if (!p.err && root)
		check_nesting(&p, root, 0);
	if (p.err) {
		*pos = p.err_pos;
		node_free(root);
		free(q);
		return p.err;
	}
	int hide = !named_dismissed && !(env && (env->flags & QUERY_SHOW_DISMISSED));
	collect_terms(q, root);
	build_filter(q, root, hide, has_sort);
	q->words = xcalloc(1, sizeof *q->words);
	if (q->f.root)
		collect_words(q, q->f.root);
	node_free(root);
	*out = q;
	return NULL;
}

/*
 * Search as you type: text that is only unfinished at its end ("a OR",
 * "b -", "(c", "title:") is read as what was typed before that, with any
 * open parentheses closed. Returns 0 and the query, or -1.
 */
static int compile_unfinished(const char *text, const struct query_env *env,
			      struct query **out)
{
	size_t n = strlen(text);
	struct buf b = {0};
	int rc = -1;
	for (int attempt = 0; attempt < 2 && rc != 0; attempt++) {
		size_t keep = n;
		if (attempt == 1) { /* drop the last, unfinished, term */
			while (keep > 0 && is_space(text[keep - 1]))
				keep--;
			while (keep > 0 && !is_space(text[keep - 1]) && text[keep - 1] != '(')
				keep--;
		}
		int open = 0;
		for (size_t i = 0; i < keep; i++)
			open += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
		buf_reset(&b);
		buf_add(&b, text, keep);
		for (int k = 0; k < open && k < MAX_DEPTH; k++)
			buf_addc(&b, ')');
		int pos;
		char *msg = compile_text(b.data ? b.data : "", keep, env, out, &pos);
		free(msg);
		rc = msg ? -1 : 0;
	}
	buf_free(&b);
	return rc;
}

int query_compile(const char *text, const struct query_env *env, struct query **out,
		  int *errcol, char **err)
{
	*out = NULL;
	if (!text)
		text = "";
	int pos = 0;
	char *msg = compile_text(text, strlen(text), env, out, &pos);
	if (!msg)
		return 0;
	if (env && (env->flags & QUERY_PREFIX_LAST) && (size_t)pos >= strlen(text) &&
	    compile_unfinished(text, env, out) == 0) {
		free(msg);
		return 0;
	}
	if (errcol)
		*errcol = column_of(text, (size_t)pos);
	/* the message quotes the query: no control characters reach a terminal */
	char *clean = text_clean(msg, strlen(msg), 0);
	set_err(err, "query:%d: %s", column_of(text, (size_t)pos), clean);
	free(clean);
	free(msg);
	return -1;
}

/* Moves the search words and phrases (DB_MATCH_WORD leaves, and the
 * search's quoted ones) that are members of n, an AND, or of the ANDs
 * inside it, to or. */
static void take_words(struct db_fnode *n, struct db_fnode *or)
{
	int kept = 0;
	for (int i = 0; i < n->nkids; i++) {
		struct db_fnode *k = n->kids[i];
		if (k->kind == DB_F_TEXT && (k->match == DB_MATCH_WORD || k->searched)) {
			db_fnode_add(or, k);
			continue;
		}
		if (k->kind == DB_F_AND)
			take_words(k, or);
		n->kids[kept++] = k;
	}
	n->nkids = kept;
}

int query_relax(struct query *q)
{
	struct db_fnode *root = q->f.root;
	if (!root || root->kind != DB_F_AND)
		return 0;
	struct db_fnode *or = db_fnode_new(DB_F_OR, NULL);
	take_words(root, or);
	int n = or->nkids;
	if (n < 2) { /* one word or none: nothing to loosen, put it back */
		for (int i = 0; i < n; i++)
			db_fnode_add(root, or->kids[i]);
		or->nkids = 0;
		db_fnode_free(or);
		return 0;
	}
	db_fnode_add(root, or);
	q->relaxed = n;
	return n;
}

int query_relaxed(const struct query *q)
{
	return q->relaxed;
}

/* The search words under n (DB_MATCH_WORD leaves not under NOT) spelt
 * word, spelt near instead; how many. */
static int respell(struct db_fnode *n, const char *word, const char *near)
{
	if (n->kind == DB_F_NOT)
		return 0;
	int changed = 0;
	if (n->kind == DB_F_TEXT && n->match == DB_MATCH_WORD) {
		char *w = lowercase(n->text);
		if (strcmp(w, word) == 0) {
			free(n->text);
			n->text = xstrdup(near);
			changed = 1;
		}
		free(w);
	}
	for (int i = 0; i < n->nkids; i++)
		changed += respell(n->kids[i], word, near);
	return changed;
}

int query_respell(struct query *q, const char *word, const char *near)
{
	if (!q->f.root || !respell(q->f.root, word, near))
		return 0;
	q->respelt = xrealloc(q->respelt, (size_t)(q->nrespelt + 3) * sizeof *q->respelt);
	q->respelt[q->nrespelt++] = xstrdup(word);
	q->respelt[q->nrespelt++] = xstrdup(near);
	q->respelt[q->nrespelt] = NULL;
	return 1;
}

int query_respelt(const struct query *q)
{
	return q->nrespelt / 2;
}

void query_respell_as(struct query *q, const struct query *from)
{
	for (int i = 0; i + 1 < from->nrespelt; i += 2)
		query_respell(q, from->respelt[i], from->respelt[i + 1]);
}

struct db_filter *query_filter(struct query *q)
{
	return &q->f;
}

const char *const *query_words(const struct query *q)
{
	return (const char *const *)q->words;
}

const char *const *query_terms(const struct query *q)
{
	return (const char *const *)q->terms;
}

void query_free(struct query **pq)
{
	struct query *q = *pq;
	if (!q)
		return;
	db_fnode_free(q->f.root);
	for (int i = 0; i < q->nterms; i++)
		free(q->terms[i]);
	free(q->terms);
	for (int i = 0; i < q->nwords; i++)
		free(q->words[i]);
	free(q->words);
	for (int i = 0; i < q->nrespelt; i++)
		free(q->respelt[i]);
	free(q->respelt);
	free(q);
	*pq = NULL;
}

/*
 * Saved views are queries the user wrote in the config: each is compiled
 * once here, at start-up, so a typo is named with its line before it is
 * ever chosen. The config itself cannot do it: the query language sits
 * above it.
 */
#define QUERY_MAX_VIEW_ERRORS 20

int query_check_views(const struct config *cfg, char **err)
{
	struct buf errors = {0};
	struct query_env env = {.cfg = cfg};
	int bad = 0;
	for (int i = 0; i < cfg->nviews + cfg->nalerts; i++) {
		int alert = i >= cfg->nviews;
		const struct config_view *v = alert ? &cfg->alerts[i - cfg->nviews]
					      : &cfg->views[i];
		struct query *q = NULL;
		char *e = NULL;
		if (query_compile(v->query, &env, &q, NULL, &e) != 0 &&
		    ++bad <= QUERY_MAX_VIEW_ERRORS) {
			buf_printf(&errors, "%s", errors.len ? "\n" : "");
			if (v->line)
				buf_printf(&errors, "%s:%d: ", cfg->path ? cfg->path : "config",
					   v->line);
			buf_printf(&errors, "%s.%s: %s", alert ? "alert" : "view", v->name, e);
		}
		free(e);
		query_free(&q);
	}
	if (bad > QUERY_MAX_VIEW_ERRORS)
		buf_printf(&errors, "\n%s: %d more bad views", cfg->path ? cfg->path : "config",
			   bad - QUERY_MAX_VIEW_ERRORS);
	if (!errors.len)
		return 0;
	if (err)
		*err = buf_detach(&errors);
	buf_free(&errors);
	return -1;
}
