/*
 * export: the driver and what the formats share (see export.h and
 * export_int.h): names, citation keys, text escaping, and the loop that
 * streams papers from the cache a page at a time.
 */
#include "export_int.h"
#include "rows.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

/* The one table of formats: the names users type, the file extension -o
 * implies (and the interface proposes), and the line the help shows. */
static const struct {
	struct export_format_info info;
	const struct export_writer *w;
} formats[] = {
	[EXPORT_BIBTEX] = {{"bibtex", "bib", 1, "BibTeX, for LaTeX and reference managers"},
			   &export_bibtex_writer},
	[EXPORT_CSL_JSON] = {{"csl-json", "json", 0, "CSL-JSON, for Zotero"},
			     &export_csl_writer},
	[EXPORT_RIS] = {{"ris", "ris", 1, "RIS, for EndNote, Mendeley and Zotero"},
			&export_ris_writer},
	[EXPORT_MARKDOWN] = {{"markdown", "md", 1, "a Markdown reading list"},
			     &export_markdown_writer},
	[EXPORT_CSV] = {{"csv", "csv", 1, "CSV (RFC 4180), for spreadsheets"},
			&export_csv_writer},
	[EXPORT_JSON] = {{"json", "json", 1, "papyr's JSON, with state and notes, for papyr import"},
			 &export_json_writer},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

int export_format_parse(const char *name, enum export_format *out)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(name, formats[i].info.name) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	return -1;
}

const struct export_format_info *export_format_at(int i)
{
	return i >= 0 && (size_t)i < NFORMATS ? &formats[i].info : NULL;
}

char *export_format_list(const char *sep)
{
	int or = strcmp(sep, ", or") == 0;
	struct buf b = {0};
	for (size_t i = 0; i < NFORMATS; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : or && i + 1 == NFORMATS ? " or "
			   : or ? ", " : sep, formats[i].info.name);
	return buf_detach(&b);
}

int export_format_from_path(const char *path, enum export_format *out)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || dot == path || (slash && dot < slash) || dot[-1] == '/')
		return -1;
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].info.implied && strcmp(dot + 1, formats[i].info.ext) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	return -1;
}

/* ---- names ---- */

static int ascii_lower_start(const char *w)
{
	return *w >= 'a' && *w <= 'z';
}

static int is_suffix(const char *w)
{
	static const char *const sfx[] = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"};
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
		if (strcmp(w, sfx[i]) == 0)
			return 1;
	return 0;
}

static int is_and(const char *w)
{
	return (w[0] == 'a' || w[0] == 'A') && (w[1] == 'n' || w[1] == 'N') &&
	       (w[2] == 'd' || w[2] == 'D') && w[3] == '\0';
}

/* True if w holds a letter: ASCII, Latin, Greek, Cyrillic, CJK, kana or
 * Hangul. A "word" of emoji or punctuation is no family name. */
static int has_letter(const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_seq_len((const unsigned char *)w + i, n - i, &cp);
		if (len == 0)
			return 0;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 0xC0 && cp <= 0x2AF && cp != 0xD7 && cp != 0xF7) ||
		    (cp >= 0x370 && cp <= 0x52F) || (cp >= 0x3040 && cp <= 0x9FFF) ||
		    (cp >= 0xAC00 && cp <= 0xD7AF))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

/* Splits mem in place at spaces into words; returns the count, or max + 1
 * when there are more than max. */
static int split_words(char *mem, char **words, int max)
{
	int n = 0;
	for (char *s = mem; *s;) {
		while (*s == ' ')
			*s++ = '\0';
		if (!*s)
			break;
		if (n == max)
			return max + 1;
		words[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

/* Appends words[a..b) joined by spaces and a NUL; returns where they start. */
static size_t join_words(struct buf *out, char **words, int a, int b)
{
	size_t at = out->len;
	for (int i = a; i < b; i++) {
		if (i > a)
			buf_addc(out, ' ');
		buf_adds(out, words[i]);
	}
	buf_addc(out, '\0');
	return at;
}

void export_name_split(const char *full, struct export_name *out)
{
	enum { MAXW = 16 };
	char *words[MAXW];
	char *tmp = xstrdup(full);
	int n = strpbrk(full, ",{}\\~^&%#_$") ? 0 : split_words(tmp, words, MAXW);
	int literal = n < 2 || n > MAXW || ascii_lower_start(words[0]);
	for (int i = 0; !literal && i < n; i++)
		literal = is_and(words[i]);
	int end = n, sfx = 0;
	if (!literal && n >= 3 && is_suffix(words[n - 1])) {
		end = n - 1;
		sfx = 1;
	}
	if (!literal && !has_letter(words[end - 1]))
		literal = 1;
	memset(out, 0, sizeof *out);
	struct buf b = {0};
	buf_adds(&b, full);
	buf_addc(&b, '\0');
	if (literal) {
		out->mem = buf_detach(&b);
		out->full = out->family = out->last = out->mem;
		out->given = out->suffix = out->mem + strlen(out->mem);
		out->literal = 1;
		free(tmp);
		return;
	}
	/* The family starts at the first lowercase particle (von, van der, de
	 * la), else it is the last word. */
	int fam = end - 1;
	for (int i = 1; i < end - 1; i++)
		if (ascii_lower_start(words[i])) {
			fam = i;
			break;
		}
	size_t g = join_words(&b, words, 0, fam);
	size_t f = join_words(&b, words, fam, end);
	size_t l = join_words(&b, words, end - 1, end);
	size_t s = join_words(&b, words, end, end + sfx);
	out->mem = buf_detach(&b);
	out->full = out->mem;
	out->given = out->mem + g;
	out->family = out->mem + f;
	out->last = out->mem + l;
	out->suffix = out->mem + s;
	free(tmp);
}

void export_name_clear(struct export_name *n)
{
	free(n->mem);
	memset(n, 0, sizeof *n);
}

struct cJSON *export_names_json(const char *list, struct cJSON *(*one)(const char *full))
{
	cJSON *arr = cJSON_CreateArray();
	for (const char *s = list ? list : ""; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *name = xstrndup(s, len);
		if (*name)
			cJSON_AddItemToArray(arr, one(name));
		free(name);
		s += len + (e != NULL);
	}
	return arr;
}

/* ---- ASCII folding and keys ---- */

/* U+00C0..U+00FF and U+0100..U+017F to ASCII; digits stand for the folds
 * of more than one letter. */
static const char latin1[] =
	"aaaaaa1ceeeeiiiidnooooo_ouuuuy23aaaaaa1ceeeeiiiidnooooo_ouuuuy2y";
static const char latin_ext_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii45jjkkkllllllllll"
	"nnnnnnnnnoooooo66rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Latin-1's capitals (À..Þ) and Latin Extended-A's, which alternate with
 * their small letters. */
static int is_capital(unsigned cp)
{
	if (cp >= 0xC0 && cp <= 0xDE)
		return cp != 0xD7;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return !(cp & 1);
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp & 1;
	return cp == 0x178;
}

/* The fold of cp, or NULL; a single letter is written into one, the
 * caller's (the main thread and the export thread both fold). */
static const char *fold_cp(unsigned cp, char one[2], int keep_case)
{
	static const char *const multi[] = {"ae", "th", "ss", "ij", "ij", "oe", "oe"};
	char c = 0;
	if (cp < 0x80) {
		c = (char)cp;
		if (c >= 'A' && c <= 'Z' && keep_case) {
			one[0] = c;
			one[1] = '\0';
			return one;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return NULL;
	} else if (cp >= 0xC0 && cp <= 0xFF) {
		c = latin1[cp - 0xC0];
	} else if (cp >= 0x100 && cp <= 0x17F) {
		c = latin_ext_a[cp - 0x100];
	}
	if (!c || c == '_')
		return NULL;
	if (cp >= 0x80 && c >= '1' && c <= '6')
		return multi[c - '1'];
	if (keep_case && is_capital(cp) && c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	one[0] = c;
	one[1] = '\0';
	return one;
}

static void fold(struct buf *b, const char *s, size_t max, int keep_case)
{
	size_t n = strlen(s), start = b->len;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_seq_len((const unsigned char *)s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		i += (size_t)len;
		char one[2];
		const char *f = fold_cp(cp, one, keep_case);
		if (f && b->len - start + strlen(f) <= max)
			buf_adds(b, f);
	}
}

void export_ascii_fold(struct buf *b, const char *s, size_t max)
{
	fold(b, s, max, 0);
}

static int is_stopword(const char *w)
{
	static const char *const stop[] = {
		"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from",
		"by", "at", "is", "are", "via", "toward", "towards", "how", "what",
		"why", "when", "do", "does", "can", "we", "your", "our", "into", "not",
	};
	for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
		if (strcmp(w, stop[i]) == 0)
			return 1;
	return 0;
}

/* Appends the first title word (folded) that is not a stop word. Words end
 * at ASCII punctuation and spaces: "LLM-based" -> "llm". */
static void title_word(struct buf *b, const char *title)
{
	struct buf folded = {0};
	const char *s = title;
	while (*s) {
		const char *e = s;
		while (*e && ((unsigned char)*e >= 0x80 || (*e >= 'a' && *e <= 'z') ||
			      (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9')))
			e++;
		char *word = xstrndup(s, (size_t)(e - s));
		buf_reset(&folded);
		export_ascii_fold(&folded, word, 24);
		free(word);
		if (folded.len && !is_stopword(folded.data)) {
			buf_adds(b, folded.data);
			break;
		}
		s = *e ? e + 1 : e;
	}
	buf_free(&folded);
}

/* A literal name's surname: "Smith, John" -> smith; else the last word
 * that has an ASCII form. */
static void literal_surname(struct buf *b, const char *full)
{
	const char *comma = strchr(full, ',');
	char *s = xstrndup(full, comma ? (size_t)(comma - full) : strlen(full));
	for (char *sp = s + strlen(s); b->len == 0;) {
		while (sp > s && sp[-1] == ' ')
			*--sp = '\0';
		if (sp == s)
			break;
		while (sp > s && sp[-1] != ' ')
			sp--;
		export_ascii_fold(b, sp, 24);
	}
	free(s);
}

/* Function words Better BibTeX's short titles skip. */
static int is_function_word(const char *w)
{
	static const char *const skip[] = {
		"a", "ab", "aboard", "about", "above", "across", "after", "against", "al",
		"along", "amid", "among", "an", "and", "anti", "around", "as", "at",
		"before", "behind", "below", "beneath", "beside", "besides", "between",
		"beyond", "but", "by", "d", "da", "das", "de", "del", "dell", "dello", "dei",
		"degli", "della", "delle", "dem", "den", "der", "des", "despite", "die",
		"do", "down", "du", "during", "ein", "eine", "einem", "einen", "einer",
		"eines", "el", "en", "et", "except", "for", "from", "gli", "i", "il", "in",
		"inside", "into", "is", "l", "la", "las", "le", "les", "like", "lo", "los",
		"near", "nor", "of", "off", "on", "onto", "or", "over", "past", "per",
		"plus", "round", "save", "since", "so", "some", "sur", "than", "the",
		"through", "to", "toward", "towards", "un", "una", "unas", "under",
		"underneath", "une", "unlike", "uno", "unos", "until", "up", "upon",
		"versus", "via", "von", "while", "with", "within", "without", "yet", "zu",
		"zum",
	};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (strcmp(w, skip[i]) == 0)
			return 1;
	return 0;
}

/* Appends the first three significant title words, folded to ASCII, each
 * with its first letter capitalised ("Attention", "All", "You"). */
static void short_title(struct buf *b, const char *title)
{
	struct buf folded = {0};
	int n = 0;
	for (const char *s = title; *s && n < 3;) {
		const char *e = s;
		while (*e && ((unsigned char)*e >= 0x80 || (*e >= 'a' && *e <= 'z') ||
			      (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9')))
			e++;
		char *word = xstrndup(s, (size_t)(e - s));
		buf_reset(&folded);
		export_ascii_fold(&folded, word, 24);
		int skip = !folded.len || is_function_word(folded.data);
		buf_reset(&folded);
		fold(&folded, word, 24, 1);
		free(word);
		if (!skip) {
			char c = folded.data[0];
			buf_addc(b, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
			buf_adds(b, folded.data + 1);
			n++;
		}
		s = *e ? e + 1 : e;
	}
	buf_free(&folded);
}

char *export_key_base(const struct paper *p, const char *date, enum export_key_style style)
{
	struct buf b = {0};
	const char *authors = p->authors ? p->authors : "";
	const char *nl = strchr(authors, '\n');
	char *first = xstrndup(authors, nl ? (size_t)(nl - authors) : strlen(authors));
	struct export_name name;
	export_name_split(first, &name);
	if (name.literal)
		literal_surname(&b, name.full);
	else
		export_ascii_fold(&b, name.last, 24);
	if (!b.len)
		buf_adds(&b, "anon");
	int year = date && strlen(date) >= 4 && date[0] >= '0' && date[0] <= '9';
	if (style == EXPORT_KEYS_BBT) {
		short_title(&b, p->title ? p->title : "");
		if (year)
			buf_add(&b, date, 4);
	} else {
		if (year)
			buf_add(&b, date, 4);
		title_word(&b, p->title ? p->title : "");
	}
	export_name_clear(&name);
	free(first);
	return buf_detach(&b);
}

char *export_doi(const char *id)
{
	return xasprintf("10.48550/arXiv.%s", id);
}

/* ---- clash letters over the whole cache ---- */

/*
 * A paper's key is its base key, stored in the cache the first time an
 * export (or Y) needs it and kept from then on, plus its clash letter: its
 * rank among the papers with the same stored base, by pid, which an index
 * counts. Papers only ever join the cache with a larger pid, so no rank
 * ever changes.
 *
 * A cache that cannot be written (read-only, or locked by another writer)
 * keeps, for the run, the base keys of the papers after the last stored one
 * in memory, twelve bytes a paper: a 64-bit hash of the base key (FNV-1a:
 * two different keys share one by chance about once in 10^19 pairs) and
 * the pid. The keys are those the stored path gives.
 */
struct cite {
	uint32_t hi, lo;  /* the hash */
	uint32_t pid;
};

struct export_cites {
	struct db *db;
	enum export_key_style style;
	int64_t last;     /* the last pid with a stored base key */
	struct cite *v;   /* the papers after it, by hash then pid */
	size_t n, cap;
	int whole;        /* every pid fitted in 32 bits: v is usable */
};

static struct cite cite_of(const char *base, int64_t pid)
{
	uint64_t h = 14695981039346656037ULL;
	for (const char *s = base; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (struct cite){(uint32_t)(h >> 32), (uint32_t)h, (uint32_t)pid};
}

static char *cite_base(void *ctx, const char *first_author, const char *title,
		       const char *date)
{
	const enum export_key_style *style = ctx;
	struct paper p = {.authors = (char *)first_author, .title = (char *)title};
	return export_key_base(&p, *date ? date : NULL, *style);
}

static int cite_add(void *ctx, int64_t pid, const char *first_author, const char *title,
		    const char *date, char **err)
{
	(void)err;
	struct export_cites *c = ctx;
	if (pid < 0 || pid > (int64_t)UINT32_MAX) {
		c->whole = 0;
		return 0;
	}
	char *base = cite_base(&c->style, first_author, title, date);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = cite_of(base, pid);
	free(base);
	return 0;
}

static int same_hash(const struct cite *x, const struct cite *y)
{
	return x->hi == y->hi && x->lo == y->lo;
}

static int cite_cmp(const void *a, const void *b)
{
	const struct cite *x = a, *y = b;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int export_keys_store(struct db *db, enum export_key_style style, long *added, char **err)
{
	return db_cite_fill(db, (int)style, cite_base, &style, added, err);
}

int export_cites_scan(struct db *db, enum export_key_style style, struct export_cites **out,
		      char **err)
{
	struct export_cites *c = xcalloc(1, sizeof *c);
	c->db = db;
	c->style = style;
	c->whole = 1;
	int64_t top;
	if (db_cite_bounds(db, (int)style, &c->last, &top, err) != 0) {
		export_cites_free(&c);
		return -1;
	}
	if (c->last < top) {
		/* sized once: no doubling on the way to a million */
		c->cap = (size_t)(top - c->last) + 16;
		c->v = xmalloc(c->cap * sizeof *c->v);
		if (db_each_cite(db, c->last, cite_add, c, err) != 0) {
			export_cites_free(&c);
			return -1;
		}
		qsort(c->v, c->n, sizeof *c->v, cite_cmp);
	}
	*out = c;
	return 0;
}

/* "a".."z", then "aa".."zz", ... for the nth collision (n from 0). */
static void suffix(struct buf *b, unsigned long n);

/* The papers in c->v with base key base and a pid below pid. */
static unsigned long before_in_memory(const struct export_cites *c, const char *base,
				      int64_t pid)
{
	if (!c->n || !c->whole || pid < 0 || pid > (int64_t)UINT32_MAX)
		return 0;
	struct cite key = cite_of(base, pid);
	size_t lo = 0, hi = c->n; /* the first at or after key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cite_cmp(&c->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	unsigned long n = 0;
	while (lo > 0 && same_hash(&c->v[lo - 1], &key)) {
		lo--;
		n++;
	}
	return n;
}

int export_cites_key(const struct export_cites *c, const struct db_paper *dp, struct buf *b,
		     char **err)
{
	char *base;
	int stored = db_cite_base(c->db, (int)c->style, dp->pid, &base, err);
	if (stored < 0)
		return -1;
	if (!stored)
		base = export_key_base(&dp->p, export_date(dp), c->style);
	long n;
	if (db_cite_before(c->db, (int)c->style, base, dp->pid, &n, err) != 0) {
		free(base);
		return -1;
	}
	unsigned long rank = (unsigned long)n;
	if (!stored)
		rank += before_in_memory(c, base, dp->pid);
	buf_adds(b, base);
	if (rank > 0)
		suffix(b, rank - 1);
	free(base);
	return 0;
}

void export_cites_free(struct export_cites **pc)
{
	if (!*pc)
		return;
	free((*pc)->v);
	free(*pc);
	*pc = NULL;
}

/* An open-addressing set of the keys handed out, so an export of 100k papers
 * costs their keys and nothing else. */
struct export_keys {
	char **slot;
	size_t cap, n;
	struct buf tmp;
};

static size_t hash(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static char **find_slot(struct export_keys *ks, const char *key)
{
	size_t i = hash(key) & (ks->cap - 1);
	while (ks->slot[i] && strcmp(ks->slot[i], key) != 0)
		i = (i + 1) & (ks->cap - 1);
	return &ks->slot[i];
}

static void keys_grow(struct export_keys *ks)
{
	char **old = ks->slot;
	size_t oldcap = ks->cap;
	ks->cap = oldcap ? oldcap * 2 : 256;
	ks->slot = xcalloc(ks->cap, sizeof *ks->slot);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			*find_slot(ks, old[i]) = old[i];
	free(old);
}

struct export_keys *export_keys_new(void)
{
	struct export_keys *ks = xcalloc(1, sizeof *ks);
	keys_grow(ks);
	return ks;
}

static void suffix(struct buf *b, unsigned long n)
{
	char s[16];
	int len = 0;
	do {
		s[len++] = (char)('a' + n % 26);
		n = n / 26;
	} while (n-- > 0 && len < (int)sizeof s);
	while (len > 0)
		buf_addc(b, s[--len]);
}

const char *export_keys_unique(struct export_keys *ks, const char *base)
{
	if ((ks->n + 1) * 2 > ks->cap)
		keys_grow(ks);
	const char *key = base;
	char **slot = find_slot(ks, key);
	for (unsigned long i = 0; *slot; i++) {
		buf_reset(&ks->tmp);
		buf_adds(&ks->tmp, base);
		suffix(&ks->tmp, i);
		key = ks->tmp.data;
		slot = find_slot(ks, key);
	}
	*slot = xstrdup(key);
	ks->n++;
	return *slot;
}

void export_keys_free(struct export_keys **pks)
{
	struct export_keys *ks = *pks;
	if (!ks)
		return;
	for (size_t i = 0; i < ks->cap; i++)
		free(ks->slot[i]);
	free(ks->slot);
	buf_free(&ks->tmp);
	free(ks);
	*pks = NULL;
}

/* ---- text ---- */

void export_bib_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '{': buf_adds(b, "\\textbraceleft{}"); break;
		case '}': buf_adds(b, "\\textbraceright{}"); break;
		case '\\': buf_adds(b, "\\textbackslash{}"); break;
		case '~': buf_adds(b, "\\textasciitilde{}"); break;
		case '^': buf_adds(b, "\\textasciicircum{}"); break;
		case '&': case '%': case '#': case '_': case '$':
			buf_addc(b, '\\');
			buf_addc(b, *s);
			break;
		case '\n': case '\r': case '\t': buf_addc(b, ' '); break;
		default: buf_addc(b, *s);
		}
	}
}

void export_csv_field(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	int quote = strpbrk(s, ",\"\r\n") != NULL ||
		    (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_add_quoted(b, s, '"');
}

void export_csv_cell(struct buf *b, const char *s, int guard)
{
	if (!guard || !*s || !strchr("=+-@\t\r", *s)) {
		export_csv_field(b, s);
		return;
	}
	char *g = xasprintf("'%s", s);
	buf_add_quoted(b, g, '"');
	free(g);
}

void export_md_escape(struct buf *b, const char *s)
{
	/* '-', '+' and '.' mean something only where a line starts ("- a",
	 * "1. a"): escape them there and leave them be elsewhere. */
	for (const char *c = s; *c; c++) {
		if (*c == '\n' || *c == '\r' || *c == '\t') {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]()<>#!|~&$^", *c) ||
		    (c == s && strchr("-+.=", *c)) ||
		    (*c == '.' && c > s && c[-1] >= '0' && c[-1] <= '9' &&
		     strspn(s, "0123456789") == (size_t)(c - s)))
			buf_addc(b, '\\');
		buf_addc(b, *c);
	}
}

void export_one_line(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

const char *export_date(const struct db_paper *dp)
{
	if (dp->p.published && *dp->p.published)
		return dp->p.published;
	const char *last = NULL;
	for (char **d = dp->days; d && *d; d++)
		last = *d; /* newest first: the last is the first day listed */
	return last;
}

/* ---- the driver ---- */

struct run {
	struct db *db;
	FILE *f;
	const struct export_writer *w;
	struct export_out o;
	struct export_keys *keys;
	struct export_cites *cites; /* NULL: the format writes no keys */
	struct buf b, key;
	const char *group;    /* the heading to write before the next paper */
	char *last_day;       /* EXPORT_GROUP_DAY: the day of the last heading */
	char **err;
	struct export_opts opts; /* what the format uses of the caller's */
	int began;            /* the read transaction db_begin_read began */
};

static int flush_buf(struct run *r)
{
	if (r->b.len && fwrite(r->b.data, 1, r->b.len, r->f) != r->b.len)
		return set_err(r->err, "writing the export: %s", write_error(errno));
	buf_reset(&r->b);
	if (ferror(r->f))
		return set_err(r->err, "writing the export: %s", write_error(errno));
	return 0;
}

static int emit(struct run *r, int64_t pid)
{
	const struct export_opts *opts = r->o.opts;
	if (opts->stop && *opts->stop)
		return set_err(r->err, "the export was interrupted");
	struct db_paper dp;
	int rc = db_get_pid(r->db, pid, &dp, r->err);
	if (rc <= 0)
		return rc; /* 0: gone since it was listed; nothing to write */
	if (r->group && r->w->group)
		r->w->group(&r->o, &r->b, r->group);
	r->group = NULL;
	buf_reset(&r->key);
	if (r->cites && export_cites_key(r->cites, &dp, &r->key, r->err) != 0) {
		db_paper_clear(&dp);
		return -1;
	}
	if (!r->cites) { /* the format writes no keys: the base is enough */
		char *base = export_key_base(&dp.p, export_date(&dp), r->opts.key_style);
		buf_adds(&r->key, base);
		free(base);
	}
	r->w->paper(&r->o, &r->b, &dp, export_keys_unique(r->keys, r->key.data));
	db_paper_clear(&dp);
	r->o.n++;
	return flush_buf(r);
}

static int emit_row(void *ctx, const struct db_row *row, char **err)
{
	struct run *r = ctx;
	(void)err; /* emit reports through r->err, the same pointer */
	if (r->o.opts->group == EXPORT_GROUP_DAY &&
	    (!r->last_day || strcmp(r->last_day, row->day) != 0)) {
		free(r->last_day);
		r->last_day = xstrdup(row->day);
		r->group = *row->day ? r->last_day : "Undated";
	}
	return emit(r, row->pid);
}

static int stream(struct run *r, const struct db_filter *f)
{
	return rows_each(r->db, f, -1, emit_row, r, r->err);
}

/* The filter narrowed by one more condition: its tree AND cond. */
static int stream_narrowed(struct run *r, const struct db_filter *f, struct db_fnode *cond)
{
	struct db_fnode *kids[2] = {f->root ? f->root : cond, cond};
	struct db_fnode and = {.kind = DB_F_AND, .kids = kids, .nkids = f->root ? 2 : 1};
	struct db_filter g = *f;
	g.root = &and;
	return stream(r, &g);
}

static int stream_by_tag(struct run *r, const struct db_filter *f)
{
	char **tags;
	if (db_tags_all(r->db, &tags, NULL, r->err) != 0)
		return -1;
	int rc = 0;
	for (char **t = tags; *t && rc == 0; t++) {
		r->group = *t;
		struct db_fnode tag = {.kind = DB_F_TAG, .text = *t};
		rc = stream_narrowed(r, f, &tag);
	}
	if (rc == 0) {
		r->group = "Untagged";
		struct db_fnode tagged = {.kind = DB_F_STATE, .field = DB_STATE_TAGGED};
		struct db_fnode *kid = &tagged;
		struct db_fnode untagged = {.kind = DB_F_NOT, .kids = &kid, .nkids = 1};
		rc = stream_narrowed(r, f, &untagged);
	}
	r->group = NULL;
	db_strv_free(&tags);
	return rc;
}

/*
 * Starts an export inside one read transaction, a consistent snapshot that
 * never blocks a sync. Grouping and the Markdown options are Markdown's
 * alone. Returns 0, or -1 with *err set; run_finish ends a run either way,
 * but not one whose start failed before the transaction (r->began < 0).
 */
static int run_start(struct run *r, struct db *db, enum export_format fmt,
		     const struct export_opts *opts, FILE *out, char **err)
{
	memset(r, 0, sizeof *r);
	r->began = -1;
	if ((size_t)fmt >= NFORMATS)
		return set_err(err, "unknown export format");
	if (opts)
		r->opts = *opts;
	if (fmt != EXPORT_MARKDOWN) {
		r->opts.group = EXPORT_GROUP_NONE;
		r->opts.flags = 0;
	}
	if (r->opts.md_authors <= 0)
		r->opts.md_authors = 10;
	int cites = fmt == EXPORT_BIBTEX || fmt == EXPORT_CSL_JSON || fmt == EXPORT_RIS;
	if (cites) {
		/* Store the keys of the papers new since the last export. A cache
		 * that cannot take them (read-only, busy) keeps them in memory for
		 * this run instead: export_cites_scan. */
		char *ferr = NULL;
		export_keys_store(db, r->opts.key_style, NULL, &ferr);
		free(ferr);
	}
	r->began = db_begin_read(db, err);
	if (r->began < 0)
		return -1;
	if (cites &&
	    export_cites_scan(db, r->opts.key_style, &r->cites, err) != 0) {
		db_end_read(db, r->began);
		r->began = -1;
		return -1;
	}
	r->db = db;
	r->f = out;
	r->w = formats[fmt].w;
	r->o.opts = &r->opts;
	r->keys = export_keys_new();
	r->err = err;
	if (r->w->begin)
		r->w->begin(&r->o, &r->b);
	return flush_buf(r);
}

static int run_finish(struct run *r, int rc)
{
	if (r->o.opts->written)
		*r->o.opts->written = r->o.n;
	if (rc == 0 && r->w->end) {
		r->w->end(&r->o, &r->b);
		rc = flush_buf(r);
	}
	if (rc == 0 && fflush(r->f) != 0)
		rc = set_err(r->err, "writing the export: %s", write_error(errno));
	export_keys_free(&r->keys);
	export_cites_free(&r->cites);
	buf_free(&r->b);
	buf_free(&r->key);
	free(r->last_day);
	db_end_read(r->db, r->began);
	return rc;
}

int export_filter_opts(struct db *db, const struct db_filter *f, enum export_format fmt,
		       const struct export_opts *opts, FILE *out, char **err)
{
	struct run r;
	int rc = run_start(&r, db, fmt, opts, out, err);
	if (r.began < 0)
		return -1;
	if (rc == 0 && r.opts.group == EXPORT_GROUP_TAG) {
		rc = stream_by_tag(&r, f);
	} else if (rc == 0 && r.opts.group == EXPORT_GROUP_DAY) {
		struct db_filter g = *f;
		g.sort = DB_SORT_DAY;
		rc = stream(&r, &g);
	} else if (rc == 0) {
		rc = stream(&r, f);
	}
	return run_finish(&r, rc);
}

int export_filter(struct db *db, const struct db_filter *f, enum export_format fmt,
		  FILE *out, char **err)
{
	return export_filter_opts(db, f, fmt, NULL, out, err);
}

int export_pids(struct db *db, const int64_t *pids, int n, enum export_format fmt,
		FILE *out, char **err)
{
	return export_pids_opts(db, pids, n, fmt, NULL, out, err);
}

int export_pids_opts(struct db *db, const int64_t *pids, int n, enum export_format fmt,
		     const struct export_opts *opts, FILE *out, char **err)
{
	/* Grouping and the Markdown options are the view's alone. */
	struct export_opts only = {.stop = opts ? opts->stop : NULL,
				   .written = opts ? opts->written : NULL,
				   .csv_formulas = opts ? opts->csv_formulas : 0,
				   .key_style = opts ? opts->key_style : EXPORT_KEYS_PAPYR,
				   .md_authors = opts ? opts->md_authors : 0};
	struct run r;
	int rc = run_start(&r, db, fmt, &only, out, err);
	if (r.began < 0)
		return -1;
	for (int i = 0; i < n && rc == 0; i++)
		rc = emit(&r, pids[i]);
	return run_finish(&r, rc);
}

char *export_bibtex_entry(const struct db_paper *dp, enum export_key_style style)
{
	char *key = export_key_base(&dp->p, export_date(dp), style);
	char *entry = export_bibtex_entry_key(dp, key);
	free(key);
	return entry;
}

char *export_bibtex_entry_key(const struct db_paper *dp, const char *key)
{
	struct buf b = {0};
	export_bibtex_append(&b, dp, key);
	return buf_detach(&b);
}

int export_cite_key(struct db *db, const struct db_paper *dp, enum export_key_style style,
		    long limit, char **key, char **err)
{
	*key = NULL;
	char *base;
	int stored = db_cite_base(db, (int)style, dp->pid, &base, err);
	if (stored < 0)
		return -1;
	struct buf b = {0};
	int rc = 0;
	if (stored) { /* its rank counts stored keys alone: nothing to scan */
		long n = 0;
		rc = db_cite_before(db, (int)style, base, dp->pid, &n, err);
		buf_adds(&b, base);
		if (n > 0)
			suffix(&b, (unsigned long)n - 1);
		free(base);
	} else {
		int64_t last, top;
		if (db_cite_bounds(db, (int)style, &last, &top, err) != 0)
			return -1;
		if (top - last > limit && !db_readonly(db))
			return 1; /* a read-only cache reads them, as an export does */
		char *ferr = NULL; /* what cannot be stored is kept in memory */
		export_keys_store(db, style, NULL, &ferr);
		free(ferr);
		int began = db_begin_read(db, err);
		if (began < 0)
			return -1;
		struct export_cites *c = NULL;
		rc = export_cites_scan(db, style, &c, err);
		if (rc == 0)
			rc = export_cites_key(c, dp, &b, err);
		export_cites_free(&c);
		db_end_read(db, began);
	}
	if (rc != 0) {
		buf_free(&b);
		return -1;
	}
	*key = buf_detach(&b);
	return 0;
}

