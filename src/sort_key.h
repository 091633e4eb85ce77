/*
 * sort_key: the names of the orders a list can take, in one table.
 *
 * `papyr list --sort`, `papyr export --sort`, the query's sort:, the
 * interface's S key and its status line, the help, the completion script
 * (through `papyr names sorts`) and the documentation all read this table,
 * so a new order is named once.
 */
#ifndef PAPYR_SORT_KEY_H
#define PAPYR_SORT_KEY_H

#include "../db/db.h"

struct sort_key {
	const char *name;   /* what users type: "upvotes" */
	enum db_sort sort;
	int alias;          /* another name for an order listed before it */
	const char *help;   /* one line for the help */
};

/*
 * Parses a sort name, any case, with an optional leading '-' that reverses
 * the order ("-upvotes": fewest first). Returns 0, or -1 for an unknown
 * name. reverse may be NULL when a '-' is not allowed.
 */
int sort_key_parse(const char *name, enum db_sort *sort, int *reverse);
/* The name an order is shown by ("day"); never NULL for a valid order. */
const char *sort_key_name(enum db_sort sort);
/* Every name, as "relevance, day, ... or published": a new string. */
char *sort_key_list(void);
/* The i-th entry, aliases included, or NULL past the last: for iteration. */
const struct sort_key *sort_key_at(int i);

#endif
