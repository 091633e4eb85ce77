/*
 * pages: Hugging Face's paper pages (/api/papers/{id}) fetched into the
 * cache, one request at a time (a page is small; the API's rate limit is
 * shared with sync), each stored as it lands. A page the API does not have
 * (404) is stored as not found, so it is not asked for again before it is
 * due. Pages are due after PAGES_MAX_AGE.
 */
#ifndef PAPYR_PAGES_H
#define PAPYR_PAGES_H

#include <stdatomic.h>

struct db;

#define PAGES_MAX_AGE (7 * 24 * 3600) /* seconds: refreshed after a week */

struct pages_opts {
	const char *hf_url;       /* the API's base URL */
	const char *token;        /* HF_TOKEN, or NULL */
	int timeout;              /* seconds one request may take; 0: the default */
	double max_wait;          /* longest wait before a retry; 0: the default */
	const atomic_int *cancel; /* may be NULL */
};

/*
 * Fetches and stores the pages of the n cached papers ids. *stored gets
 * how many were stored (found or not), *failed how many could not be
 * fetched, with the first one's reason in *why (a new string; may stay
 * NULL). Returns 0, or -1 with *err when the cache or libcurl failed.
 */
int pages_fetch(struct db *db, const struct pages_opts *o, char *const *ids, int n,
		int *stored, int *failed, char **why, char **err);

/* The largest full text taken: a paper's Markdown is some 50 to 500 KB. */
#define FULLTEXT_MAX ((size_t)8 << 20)

/*
 * Fetches the full text of the cached paper id (Hugging Face's Markdown
 * of it, /papers/ID.md), cleans it (text_clean: no control or escape
 * sequence is kept) and stores it. 1 when stored, 0 when the API has none
 * (404: *err says "no full text for ID"), -1 with *err otherwise.
 */
int fulltext_fetch(struct db *db, const struct pages_opts *o, const char *id, char **err);

#endif
