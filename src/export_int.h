/*
 * export_int: what the export files share; only src/export*.c and the tests
 * include this.
 *
 * Each format is a writer that appends one paper's text to a buffer; the
 * driver (export.c) streams papers from the cache, hands them to the writer
 * and writes the buffer out, so a write error is caught after every paper.
 */
#ifndef PAPYR_EXPORT_INT_H
#define PAPYR_EXPORT_INT_H

#include "../db/db.h"
#include "export.h"
#include "base/buf.h"

/* ---- names: "Given von Family Suffix" as the HF list spells them ---- */

struct export_name {
	char *mem;          /* owns the strings below */
	const char *given;  /* "" when absent */
	const char *family; /* with its particles: "van Beethoven" */
	const char *suffix; /* "Jr.", "III" or "" */
	const char *last;   /* the family's last word, for citation keys */
	int literal;        /* cannot be split safely: use the whole name as one */
	const char *full;   /* the whole name */
};

/*
 * Splits a display name. A name is literal (kept whole) when it is one
 * word, starts with a lowercase word, holds a word "and", a comma, or a
 * character BibTeX treats specially ({}\~^&%#_$).
 */
void export_name_split(const char *full, struct export_name *out);
void export_name_clear(struct export_name *n);

/* A list of names, one a line (as the cache keeps authors), as a JSON array
 * of one(name) for each name that is not empty: how the JSON formats write
 * a paper's authors, each in its own shape. */
struct cJSON;
struct cJSON *export_names_json(const char *list, struct cJSON *(*one)(const char *full));

/* ---- citation keys ---- */

/* A paper's key before any clash letter. EXPORT_KEYS_PAPYR: surname
 * (ASCII-folded, lowercase) + year + first significant title word, e.g.
 * "engdahl2026sparse"; EXPORT_KEYS_BBT: surname + the first three
 * significant title words, each capitalised + year, e.g.
 * "vaswaniAttentionAllYou2017". Only p->authors (the first line) and
 * p->title are read. A new string the caller frees. */
char *export_key_base(const struct paper *p, const char *date, enum export_key_style style);

/*
 * The clash letters of a whole cache: of the papers sharing a base key,
 * the first to enter the cache keeps it bare and the later ones get "a",
 * "b", ... in the order they came. A key so made does not depend on what
 * else an export holds, nor change when papers are added (see export.c).
 * export_keys_store (export.h) stores the base keys of the papers that
 * have none yet, before the export's read transaction; export_cites_scan,
 * inside it, keeps in memory those it could not store. 0, or -1 with *err.
 */
struct export_cites;
int export_cites_scan(struct db *db, enum export_key_style style, struct export_cites **out,
		      char **err);
/* The key of dp (its stored base key, else the one it has now, and its
 * clash letter), appended to b. 0, or -1 with *err. */
int export_cites_key(const struct export_cites *c, const struct db_paper *dp, struct buf *b,
		     char **err);
void export_cites_free(struct export_cites **c);

/* Appends s folded to lowercase ASCII letters and digits (é -> e, ß -> ss;
 * what has no ASCII form is dropped), at most max bytes. */
void export_ascii_fold(struct buf *b, const char *s, size_t max);

/* The keys of one export, so each is used once: the first paper gets the
 * base key, later ones base+"a", base+"b", ... */
struct export_keys;
struct export_keys *export_keys_new(void);
/* Returns the key to use; borrowed until export_keys_free. */
const char *export_keys_unique(struct export_keys *ks, const char *base);
void export_keys_free(struct export_keys **ks);

/* ---- text ---- */

/* BibTeX field text: the specials escaped, braces as \textbraceleft{} and
 * \textbraceright{} so that braces in the text never unbalance the field,
 * line breaks as spaces, UTF-8 kept. */
void export_bib_escape(struct buf *b, const char *s);
/* One RFC 4180 field: quoted (quotes doubled) when it holds a comma, a
 * quote, CR or LF, or starts or ends with a space. */
void export_csv_field(struct buf *b, const char *s);
/* A CSV field of text from outside. With guard, one that starts with = + -
 * @, a tab or a CR, which a spreadsheet would run as a formula (OWASP's
 * "CSV injection"), gets a leading ' inside quotes: "'=1+2". */
void export_csv_cell(struct buf *b, const char *s, int guard);
/* Markdown inline text with every character that means something in
 * Markdown (or HTML) backslash-escaped; line breaks as spaces. */
void export_md_escape(struct buf *b, const char *s);
/* Text on one line: line breaks and tabs become spaces. */
void export_one_line(struct buf *b, const char *s);

/* The date a paper is cited by: published, else the first day it was
 * listed, else NULL. Borrowed from dp. */
const char *export_date(const struct db_paper *dp);

/* ---- writers ---- */

struct export_out {
	const struct export_opts *opts;
	long n;             /* papers written before this one */
};

/* Each appends to b; begin, group and end may be NULL. */
struct export_writer {
	void (*begin)(struct export_out *o, struct buf *b);
	void (*group)(struct export_out *o, struct buf *b, const char *heading);
	void (*paper)(struct export_out *o, struct buf *b, const struct db_paper *dp,
		      const char *key);
	void (*end)(struct export_out *o, struct buf *b);
};

extern const struct export_writer export_bibtex_writer;
extern const struct export_writer export_csl_writer;
extern const struct export_writer export_json_writer;
extern const struct export_writer export_ris_writer;
extern const struct export_writer export_markdown_writer;
extern const struct export_writer export_csv_writer;

/* Appends one BibTeX entry with this key. */
void export_bibtex_append(struct buf *b, const struct db_paper *dp, const char *key);

#endif
