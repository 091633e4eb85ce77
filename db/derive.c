/*
 * derive: the text the index holds beside a paper's own, made at ingest.
 *
 * The index stems words (SQLite's porter tokenizer), so "pruning" finds
 * "Pruned". Two things it cannot do from the columns themselves are
 * written into one more column, extra:
 *  - each word of the title as written, with a mark after it
 *    (DB_EXACT_MARK) so that the stemmer leaves it alone: a query word that
 *    matches a title's exact form ranks above one that only shares its
 *    stem;
 *  - the runs of CJK characters (Han, Hiragana, Katakana, Hangul) of the
 *    title and abstract as overlapping bigrams and the run's last character
 *    ("大语 语言 言模 模型 型"), so a word inside a run is found.
 * The title's part and the abstract's are separated by a '\n', so an update
 * that keeps the stored abstract keeps its part.
 *
 * And the acronyms papers define: "Retrieval-Augmented Generation (RAG)";
 * and the marks that show where a CJK word was found in a title or an
 * abstract, which highlight() cannot give (it matched in extra).
 */
#include "db_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/buf.h"
#include "../src/base/mem.h"
#include "../src/base/text.h"

int db_cjk_char(unsigned cp)
{
	return text_cjk_char(cp); /* the one test, shared with learning */
}

/* The code point at s (U+FFFD for a broken sequence) and its length. */
static int next_cp(const char *s, size_t avail, unsigned *cp)
{
	int n = utf8_seq_len((const unsigned char *)s, avail, cp);
	if (n <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

/* Appends the bigrams of the CJK runs in s. */
static void add_bigrams(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	const char *prev = NULL; /* the previous character, when it was CJK */
	int prevn = 0;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		if ((unsigned char)s[i] < 0x80 && !prev) {
			i++;
			continue;
		}
		int n = next_cp(s + i, len - i, &cp);
		if (db_cjk_char(cp)) {
			if (prev) {
				buf_add(b, prev, (size_t)prevn);
				buf_add(b, s + i, (size_t)n);
				buf_addc(b, ' ');
			}
			prev = s + i;
			prevn = n;
		} else if (prev) {
			buf_add(b, prev, (size_t)prevn); /* the run's last character */
			buf_addc(b, ' ');
			prev = NULL;
		}
		i += (size_t)n;
	}
	if (prev) {
		buf_add(b, prev, (size_t)prevn);
		buf_addc(b, ' ');
	}
}

/* True for a character that ends a word: ASCII other than letters and
 * digits, general and CJK punctuation, CJK characters (written as bigrams). */
static int separator(unsigned cp)
{
	if (cp < 0x80)
		return !isalnum((int)cp);
	return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       cp == 0xA0 || cp == 0xFFFD || db_cjk_char(cp) ||
	       (cp >= 0xFF00 && cp <= 0xFF65);
}

/* Appends each word of the title with the exact-form mark. */
static void add_exact(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	int in_word = 0;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = next_cp(s + i, len - i, &cp);
		if (separator(cp)) {
			if (in_word)
				buf_adds(b, DB_EXACT_MARK " ");
			in_word = 0;
		} else {
			buf_add(b, s + i, (size_t)n);
			in_word = 1;
		}
		i += (size_t)n;
	}
	if (in_word)
		buf_adds(b, DB_EXACT_MARK " ");
}

void db_derive_extra(struct buf *b, const char *title, const char *abstract)
{
	buf_reset(b);
	add_exact(b, title ? title : "");
	add_bigrams(b, title ? title : "");
	buf_addc(b, '\n');
	add_bigrams(b, abstract ? abstract : "");
	buf_addc(b, '\0');
	b->len--;
}

int db_text_has_cjk(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int n = next_cp(s + i, len - i, &cp);
		if (db_cjk_char(cp))
			return 1;
		i += (size_t)n;
	}
	return 0;
}

/* ---- acronyms ---- */

#define ACR_MAX_LETTERS 10
#define ACR_MAX_WORDS 16
#define ACR_WORD_MAX 40

/* Words a long form may pass over without giving a letter. */
static int small_word(const char *w, size_t n)
{
	static const char *const small[] = {"a", "an", "and", "by", "for", "from", "in",
					    "of", "on", "the", "to", "via", "with"};
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
		if (strlen(small[i]) == n && strncmp(small[i], w, n) == 0)
			return 1;
	return 0;
}

struct acr_word {
	const char *s;
	size_t n;
};

/*
 * True if letters[li..] are given, in order, by words[wi..nw): each word
 * gives its first letter and maybe more of its own letters after it, or,
 * when small, none.
 */
static int acr_match(const char *letters, int li, int nl, const struct acr_word *w,
		     int wi, int nw)
{
	if (wi == nw)
		return li == nl;
	if (li == nl)
		return 0; /* a word left that gives nothing */
	const struct acr_word *x = &w[wi];
	if (small_word(x->s, x->n) && wi + 1 < nw && acr_match(letters, li, nl, w, wi + 1, nw))
		return 1;
	if (tolower((unsigned char)x->s[0]) != letters[li])
		return 0;
	/* the first letter, then k more from the rest of the word */
	if (acr_match(letters, li + 1, nl, w, wi + 1, nw))
		return 1;
	int l = li + 1;
	for (size_t c = 1; c < x->n && l < nl; c++) {
		if (tolower((unsigned char)x->s[c]) != letters[l])
			continue;
		l++;
		if (acr_match(letters, l, nl, w, wi + 1, nw))
			return 1;
	}
	return 0;
}

/* The short form at s[0..n): 2 to 10 letters, two or more of them capitals
 * (a trailing plural 's' aside). Its letters, lowercased, go to letters. */
static int short_form(const char *s, size_t n, char *letters, int *nl)
{
	if (n >= 3 && s[n - 1] == 's' && isupper((unsigned char)s[n - 2]))
		n--;
	if (n < 2 || n > ACR_MAX_LETTERS || !isupper((unsigned char)s[0]))
		return 0;
	int caps = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isalpha((unsigned char)s[i]))
			return 0;
		caps += isupper((unsigned char)s[i]) != 0;
		letters[i] = (char)tolower((unsigned char)s[i]);
	}
	*nl = (int)n;
	return caps >= 2;
}

int db_acronyms_find(const char *text, db_acronym_fn fn, void *ctx)
{
	int found = 0;
	for (const char *open = strchr(text, '('); open; open = strchr(open + 1, '(')) {
		const char *close = open + 1;
		while (isalpha((unsigned char)*close))
			close++;
		if (*close != ')')
			continue;
		char letters[ACR_MAX_LETTERS + 1];
		int nl;
		if (!short_form(open + 1, (size_t)(close - open - 1), letters, &nl))
			continue;
		/* the words before the parenthesis, back to a sentence's end */
		struct acr_word w[ACR_MAX_WORDS];
		int nw = 0;
		const char *p = open;
		while (p > text && p[-1] == ' ')
			p--;
		while (nw < nl + 4 && nw < ACR_MAX_WORDS && p > text) {
			const char *end = p;
			while (p > text && isalpha((unsigned char)p[-1]))
				p--;
			if (p == end || end - p > ACR_WORD_MAX)
				break;
			w[nw++] = (struct acr_word){p, (size_t)(end - p)};
			if (p == text || (p[-1] != ' ' && p[-1] != '-'))
				break;
			p--;
			if (p > text && p[-1] == ' ' && *p == '-')
				break;
		}
		/* w runs backwards: the nearest long form first */
		struct acr_word fw[ACR_MAX_WORDS];
		for (int k = 0; k < nw; k++)
			fw[k] = w[nw - 1 - k];
		for (int start = nw - 1; start >= 0; start--) {
			if (small_word(fw[start].s, fw[start].n))
				continue;
			if (!acr_match(letters, 0, nl, fw, start, nw))
				continue;
			char shortf[ACR_MAX_LETTERS + 1], longf[ACR_MAX_WORDS * (ACR_WORD_MAX + 1)];
			memcpy(shortf, letters, (size_t)nl);
			shortf[nl] = '\0';
			size_t ln = 0;
			for (int k = start; k < nw; k++) {
				if (ln)
					longf[ln++] = ' ';
				for (size_t c = 0; c < fw[k].n; c++)
					longf[ln++] = (char)tolower((unsigned char)fw[k].s[c]);
			}
			longf[ln] = '\0';
			if (fn(ctx, shortf, longf) != 0)
				return -1;
			found++;
			break;
		}
	}
	return found;
}

/* ---- marking what a CJK word matched ---- */

/* The longest run a search's word is looked for as (filter.c's cjk_write
 * cuts a longer one there). */
#define CJK_RUN_MAX 64

/* Appends to runs the CJK runs of t, each ended by '\n'. */
static void cjk_runs_of(struct buf *runs, const char *t)
{
	size_t len = strlen(t), start = 0;
	int chars = 0;
	for (size_t i = 0; i <= len;) {
		unsigned cp = 0;
		int n = i < len ? next_cp(t + i, len - i, &cp) : 1;
		int cjk = i < len && db_cjk_char(cp);
		if (chars && (!cjk || chars == CJK_RUN_MAX)) {
			buf_add(runs, t + start, i - start);
			buf_addc(runs, '\n');
			chars = 0;
		}
		if (cjk && chars++ == 0)
			start = i;
		i += (size_t)n;
	}
}

void db_cjk_runs(const struct db_fnode *n, int field, struct buf *runs)
{
	if (!n || n->kind == DB_F_NOT)
		return;
	if (n->kind == DB_F_TEXT && n->text && (n->field == DB_TEXT_ANY || n->field == field))
		cjk_runs_of(runs, n->text);
	for (int i = 0; i < n->nkids; i++)
		db_cjk_runs(n->kids[i], field, runs);
}

/*
 * The index finds a CJK word inside a run of the text through the run's
 * bigrams, which is to say wherever the text holds its characters in a
 * row: those are marked, beside the marks text has already.
 */
char *db_cjk_mark(const char *text, const char *runs)
{
	const char on = DB_MARK_ON[0], off = DB_MARK_OFF[0];
	size_t len = strlen(text), n = 0;
	char *plain = xmalloc(len + 1);
	unsigned char *mask = xcalloc(len + 1, 1);
	int open = 0;
	for (const char *s = text; *s; s++) {
		if (*s == on || *s == off) {
			open = *s == on;
			continue;
		}
		mask[n] = (unsigned char)open;
		plain[n++] = *s;
	}
	plain[n] = '\0';
	int added = 0;
	for (const char *r = runs; *r;) {
		size_t rl = strcspn(r, "\n");
		char *run = xstrndup(r, rl);
		for (const char *at = plain; rl && (at = strstr(at, run)); at++)
			for (size_t k = (size_t)(at - plain); k < (size_t)(at - plain) + rl; k++) {
				added |= !mask[k];
				mask[k] = 1;
			}
		free(run);
		r += rl + (r[rl] == '\n');
	}
	char *out = NULL;
	if (added) {
		struct buf b = {0};
		open = 0;
		for (size_t i = 0; i < n; i++) {
			if (mask[i] != open)
				buf_addc(&b, mask[i] ? on : off);
			open = mask[i];
			buf_addc(&b, plain[i]);
		}
		if (open)
			buf_addc(&b, off);
		out = buf_detach(&b);
	}
	free(plain);
	free(mask);
	return out;
}
