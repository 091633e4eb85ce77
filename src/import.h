/*
 * import: files of papers into the cache, streamed.
 *
 * A file is a saved Hugging Face response (a daily_papers or search list, or
 * one paper), papyr's own JSON export, or a saved arXiv answer in XML (an
 * announcement feed, a query API page, an OAI-PMH page), streamed through
 * parse_arxiv a paper at a time however large it is. It is read in chunks and stored in
 * one transaction. A paper the cache will not take (a field of the wrong
 * type, text over a limit, a tag that is no tag) is named and left out, and
 * the rest are stored; with IMPORT_STRICT one such paper keeps the whole
 * file out. A file that is no list of papers (cut off, not JSON) and a cache
 * that cannot be written (a full disk) change nothing either way.
 */
#ifndef PAPYR_IMPORT_H
#define PAPYR_IMPORT_H

struct db;

enum import_flags {
	IMPORT_STRICT = 1 << 0, /* all or nothing: one refused paper stores none */
};

/* Told of each refused paper: its position in the file (the first is 1),
 * its id (NULL when it has none that reads as an arXiv id) and why. The
 * strings are borrowed for the call. */
typedef void (*import_refused_fn)(void *ctx, long position, const char *id,
				  const char *why);

struct import_opts {
	unsigned flags;           /* enum import_flags */
	import_refused_fn refused; /* may be NULL */
	void *ctx;
};

struct import_stats {
	long papers;  /* entries in the file, refused ones included */
	long added;
	long updated;
	long refused;
};

/*
 * path "-" is stdin. Returns 0 when the file was read and stored (st->refused
 * papers of it left out), or -1 with *err naming the file when nothing of it
 * was stored (with IMPORT_STRICT, also when a paper was refused).
 */
int import_file_opts(struct db *db, const char *path, const struct import_opts *o,
		     struct import_stats *st, char **err);
/* The same with no flags and no one told of refused papers. */
int import_file(struct db *db, const char *path, struct import_stats *st, char **err);

#endif
