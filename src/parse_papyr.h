/*
 * parse_papyr: papyr's own JSON objects (what `papyr export --format json`
 * and `papyr list --format json` write) -> a paper and the user's state.
 *
 * Takes a parsed object and does nothing else: no I/O, no cache. The
 * fetched fields are checked and cleaned as the Hugging Face parser does;
 * the state (days listed, tags, read, starred, dismissed, note) is handed
 * back for the importer to apply.
 */
#ifndef PAPYR_PARSE_PAPYR_H
#define PAPYR_PARSE_PAPYR_H

#include <cJSON.h>

#include "base/paper.h"

enum papyr_state {
	PAPYR_READ = 1 << 0,
	PAPYR_STARRED = 1 << 1,
	PAPYR_DISMISSED = 1 << 2,
};

struct papyr_entry {
	struct paper p;  /* p.day is NULL: the days are below */
	char **days;     /* YYYY-MM-DD, as in the file; NULL-ended */
	char **tags;     /* NULL-ended, not yet checked (the cache checks) */
	char *note;      /* NULL when none */
	unsigned state;  /* enum papyr_state */
};

/* True if item is one of papyr's objects rather than a Hugging Face one: it
 * has "abstract" and "links" or "days", and neither "paper" nor "summary". */
int papyr_is_entry(const cJSON *item);

/* Returns 0, or -1 with *err naming the field; on error *out holds nothing
 * to free. */
int papyr_parse_entry(const cJSON *item, struct papyr_entry *out, char **err);
void papyr_entry_clear(struct papyr_entry *e);

#endif
