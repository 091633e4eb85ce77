/*
 * query: papyr's one query language, compiled to a filter on the cache.
 *
 * The text a user types (in `papyr list QUERY`, `papyr export QUERY`, the
 * TUI's limit and search prompts, a saved view) is parsed by a fixed grammar
 * into a struct db_filter: a tree of conditions (db/filter.h) and an order.
 * db/ turns the tree into SQL, every value from the user bound as a
 * parameter and full-text words written as FTS5 quoted tokens; so no user
 * text is ever pasted into SQL or handed to FTS5 raw.
 *
 * Errors name a 1-based column and what was expected:
 *     query:12: expected a number after 'upvotes:>'
 */
#ifndef PAPYR_QUERY_H
#define PAPYR_QUERY_H

#include <stddef.h>

struct config;
struct db_filter;

enum query_flags {
	QUERY_PREFIX_LAST = 1 << 0,    /* the last free word also matches as a
					  prefix: search as you type */
	QUERY_SHOW_DISMISSED = 1 << 1, /* do not hide dismissed papers (--all) */
	QUERY_SEARCH = 1 << 2,         /* a search, not a set: each free word the
					  user typed also matches as the start of
					  a longer word, ranked below the word */
};

struct query_env {
	const struct config *cfg; /* saved views for @name; NULL: defaults only */
	const char *today;        /* YYYY-MM-DD for relative dates; NULL: local date */
	unsigned flags;           /* enum query_flags */
	/* where a search's own words start in the text (QUERY_SEARCH): the
	 * words before (a saved view's, a limit's) match as a set's do */
	size_t search_at;
};

struct query;

/*
 * Compiles text (NULL or "" selects every paper, newest listed day first).
 * Dismissed papers are left out unless the query names is:dismissed or
 * QUERY_SHOW_DISMISSED is set. Returns 0 and a new query in *out, or -1 with
 * *err set ("query:COL: ..."); *errcol, when not NULL, gets COL (1-based).
 */
int query_compile(const char *text, const struct query_env *env, struct query **out,
		  int *errcol, char **err);

/* The compiled filter; borrowed (its tree too), valid until query_free. The
 * caller may change its sort, reverse and rank_window fields (the TUI cycles
 * the sort). */
struct db_filter *query_filter(struct query *q);

/* The words and phrases the free text matches, lowercased, for highlighting:
 * a NULL-ended array, borrowed until query_free. Empty when none. */
const char *const *query_terms(const struct query *q);

/*
 * A search (QUERY_SEARCH) that no paper answers whole: its words are then
 * joined by OR instead of AND, so the papers holding most of them, and the
 * rarer ones, rank first; every other condition stays. Returns how many
 * words were joined, or 0 when the query has fewer than two search words
 * (and is unchanged). Only a search asks for this: a query used as a set
 * (an export, a saved view, a bulk action) keeps its exact meaning.
 */
int query_relax(struct query *q);
/* The words query_relax joined, 0 when it has not. */
int query_relaxed(const struct query *q);

/* The free words of a search (QUERY_SEARCH), lowercased, once each: what
 * a "did you mean" looks up. NULL-ended, borrowed until query_free. */
const char *const *query_words(const struct query *q);

/*
 * A search word no paper holds in any form (word, as query_words gives
 * it) searched for as near instead, the word a "did you mean" offers: a
 * typo then finds what was meant. Only a search asks for this, as for
 * query_relax. Returns 1 when the search held the word, else 0 (and is
 * unchanged). query_respell_as does to q what query_respell did to from.
 */
int query_respell(struct query *q, const char *word, const char *near);
void query_respell_as(struct query *q, const struct query *from);
/* The words query_respell respelt, 0 when none. */
int query_respelt(const struct query *q);

void query_free(struct query **q);

/* The names the language knows, for help, completion and documentation:
 * the i-th, or NULL past the last. Fields ("title", "tag", "sort"; the
 * word before a ':'), is: states ("unread", "starred") and has: values
 * ("github"). Borrowed, static. */
const char *query_field_name(int i);
const char *query_state_name(int i);
const char *query_has_name(int i);

/* Compiles every saved view and alert of cfg. Returns 0, or -1 with *err: a line for
 * each bad one, "PATH:LINE: view.NAME: query:COL: ..." (alert.NAME), joined by '\n'
 * (the first 20, then a count). */
int query_check_views(const struct config *cfg, char **err);

#endif
