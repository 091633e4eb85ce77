/*
 * paper_json: a cached paper as papyr's own JSON object.
 *
 * The shape `papyr list --format json` prints and the JSON export writes:
 * fetched fields, derived links, and the user's state (read, starred,
 * dismissed, tags, note), so the whole library can be moved as text.
 */
#ifndef PAPYR_PAPER_JSON_H
#define PAPYR_PAPER_JSON_H

#include <cJSON.h>

struct db_paper;

/* Returns a new object the caller frees with cJSON_Delete. */
cJSON *paper_to_json(const struct db_paper *dp);

#endif
