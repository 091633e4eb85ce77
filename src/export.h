/*
 * export: reading lists in formats other tools accept.
 *
 * Streams papers from the cache, a page at a time, to a FILE: BibTeX,
 * CSL-JSON (Zotero), RIS, Markdown, CSV (RFC 4180) and papyr's own JSON,
 * which carries the user's state so `papyr import` can take it back.
 */
#ifndef PAPYR_EXPORT_H
#define PAPYR_EXPORT_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

struct db;
struct db_filter;
struct db_paper;

enum export_format {
	EXPORT_BIBTEX,
	EXPORT_CSL_JSON,
	EXPORT_RIS,
	EXPORT_MARKDOWN,
	EXPORT_CSV,
	EXPORT_JSON,
};

/* What users see of a format; the i-th is enum export_format i. */
struct export_format_info {
	const char *name;   /* what users type: "csl-json" */
	const char *ext;    /* a file's extension, without the dot: "json" */
	int implied;        /* -o FILE.ext picks this format (one per ext) */
	const char *help;   /* one line for the help */
};

/* "bibtex", "csl-json", ...; returns 0, or -1 for an unknown name. */
int export_format_parse(const char *name, enum export_format *out);
/* The i-th format, or NULL past the last: for iteration. Borrowed, static. */
const struct export_format_info *export_format_at(int i);
/* Every format's name, joined by sep ("bibtex, csl-json, ..."); the last
 * two by " or " when sep is ", or". A new string. */
char *export_format_list(const char *sep);
/* The format a file name implies by its extension (x.bib, x.md, x.json);
 * 0, or -1 when it implies none. */
int export_format_from_path(const char *path, enum export_format *out);

/* Writes every paper the filter selects, in its order. 0, or -1 with *err. */
int export_filter(struct db *db, const struct db_filter *f, enum export_format fmt,
		  FILE *out, char **err);
/* Writes the papers with these pids, in this order. 0, or -1 with *err. */
int export_pids(struct db *db, const int64_t *pids, int n, enum export_format fmt,
		FILE *out, char **err);

/* How a reading list is laid out; only the Markdown format uses these. */
enum export_group {
	EXPORT_GROUP_NONE,
	EXPORT_GROUP_TAG,   /* a heading per tag (a paper under each of its tags),
			       then "Untagged" */
	EXPORT_GROUP_DAY,   /* a heading per listed day; the list is in day order */
};

/* How citation keys are made (the setting bibtex_keys). */
enum export_key_style {
	EXPORT_KEYS_PAPYR,  /* surname, year, first significant title word:
			       "vaswani2017attention" */
	EXPORT_KEYS_BBT,    /* Better BibTeX's default: surname, three
			       significant title words capitalised, year:
			       "vaswaniAttentionAllYou2017" */
};

enum export_flags {
	EXPORT_ABSTRACT = 1 << 0, /* each paper's abstract */
	EXPORT_SUMMARY = 1 << 1,  /* each paper's AI summary, when it has one */
};

struct export_opts {
	enum export_group group;
	unsigned flags;                   /* enum export_flags */
	const atomic_int *stop;            /* when set (by a signal handler or
					      another thread), the export ends
					      with an error; may be NULL */
	long *written;                     /* when not NULL, gets the number of
					      papers written; may be NULL */
	int csv_formulas;                  /* csv: write a cell that starts like
					      a spreadsheet formula as it is;
					      0 (the default): behind a ' */
	enum export_key_style key_style;   /* citation keys (BibTeX, CSL-JSON,
					      RIS) */
	int md_authors;                    /* markdown: a paper with more
					      authors is "First Author et al.";
					      0: 10 */
};

/* export_filter with options; opts NULL is export_filter. */
int export_filter_opts(struct db *db, const struct db_filter *f, enum export_format fmt,
		       const struct export_opts *opts, FILE *out, char **err);

/* export_pids with options (the stop flag; grouping is the view's alone). */
int export_pids_opts(struct db *db, const int64_t *pids, int n, enum export_format fmt,
		     const struct export_opts *opts, FILE *out, char **err);

/* One paper as a BibTeX entry, its key the paper's base key in this style
 * (no clash letter); a new string the caller frees. */
char *export_bibtex_entry(const struct db_paper *dp, enum export_key_style style);
/* The same with the key given (export_cite_key's). */
char *export_bibtex_entry_key(const struct db_paper *dp, const char *key);
/*
 * The citation key an export gives dp, clash letter and all: 0 and *key
 * (the caller's). A paper with a stored key costs a few indexed reads. When
 * dp has none yet and more than limit papers lack one, 1 and nothing done:
 * store them first (export_keys_store, on a thread); a read-only cache
 * instead reads them all, as an export does. -1 with *err.
 */
int export_cite_key(struct db *db, const struct db_paper *dp, enum export_key_style style,
		    long limit, char **key, char **err);
/* Stores the base keys of the papers that have none (export.c); *added
 * (may be NULL) says how many. 0, or -1 with *err. */
int export_keys_store(struct db *db, enum export_key_style style, long *added, char **err);

/* The body of a Zotero connector saveItems request for these papers: each
 * a Preprint item (title, creators, abstract, date, URL, DOI, archive ID
 * arXiv:ID, tags, the note as HTML), with this session id. A new string. */
char *export_zotero_items(const struct db_paper *dps, int n, const char *session);

/* The arXiv DOI of an id: "10.48550/arXiv.2401.00001". A new string. */
char *export_doi(const char *id);

#endif
