/*
 * import: files of papers into the cache, streamed.
 *
 * A file is a saved Hugging Face response (a daily_papers or search list, or
 * one paper) or papyr's own JSON export. It is read in chunks and stored in
 * one transaction: a file that turns out bad at entry 90,000 changes nothing.
 */
#ifndef PAPYR_IMPORT_H
#define PAPYR_IMPORT_H

struct db;

struct import_stats {
	long papers;
	long added;
	long updated;
};

/* path "-" is stdin. Returns 0, or -1 with *err naming the file and entry. */
int import_file(struct db *db, const char *path, struct import_stats *st, char **err);

#endif
