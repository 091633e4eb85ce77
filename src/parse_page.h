/*
 * parse_page: the body of Hugging Face's /api/papers/{id} -> what the
 * paper's page says beyond the daily list (struct db_hfpage): the models,
 * datasets and Spaces linked to it with their totals, its GitHub
 * repository and stars, project page and organisation.
 *
 * Bytes in, a struct out: no I/O. Optional fields may be absent or null; a
 * field of the wrong type is an error naming it. Every string is cleaned
 * with text_clean(); a linked repository's id that is not owner/name is
 * left out. At most PAGE_MAX_LINKED of each kind are kept (the totals
 * still say how many there are).
 */
#ifndef PAPYR_PARSE_PAGE_H
#define PAPYR_PARSE_PAGE_H

#include <stddef.h>

#include "../db/db.h"

#define PAGE_MAX_LINKED 100

/* Fills *out (fetched_at and found left 0) from body. 0, or -1 with *err;
 * *out holds nothing to free on error. */
int page_parse(const char *body, size_t len, struct db_hfpage *out, char **err);

#endif
