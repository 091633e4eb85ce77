/*
 * journal: the undo history of the interface's changes to user state.
 *
 * Every change the interface makes (read, star, dismiss, a tag added or
 * removed) is recorded with what it takes to put it back; a bulk action
 * records one group, undone at once. Only the record lives here: the
 * caller applies an undo through db/ (db_set_flags, db_tag_add/remove).
 */
#ifndef PAPYR_UI_JOURNAL_H
#define PAPYR_UI_JOURNAL_H

#include <stdint.h>

enum jkind {
	J_FLAGS,      /* flags held the read/starred/dismissed bits before */
	J_TAG_ADDED,  /* undo removes tag */
	J_TAG_REMOVED /* undo adds tag back */
};

struct jentry {
	enum jkind kind;
	int64_t pid;
	char *id;
	unsigned flags;
	char *tag;
	unsigned group;
};

struct journal {
	struct jentry *e;
	int n, cap;
	unsigned group;  /* the group new entries join */
	int open;        /* a group is open: entries share its number */
	struct jentry held; /* an automatic change waiting for a decision */
	int has_held;
};

#define JOURNAL_MAX 10000 /* the oldest entries go beyond this */

/* Starts a group (a bulk action); journal_end closes it. */
void journal_begin(struct journal *j);
void journal_end(struct journal *j);
/* Records a change; strings are copied. tag is NULL for J_FLAGS. */
void journal_add(struct journal *j, enum jkind kind, int64_t pid, const char *id,
		 unsigned flags, const char *tag);
/*
 * Holds an automatic change (a read mark from showing a paper) aside: it
 * joins the group of the next change recorded, undone after it, when that
 * change is to the same paper, and is dropped otherwise (it stays made,
 * but is never undone on its own). A newer hold replaces it.
 */
void journal_hold(struct journal *j, enum jkind kind, int64_t pid, const char *id,
		  unsigned flags);
/*
 * Takes the newest group off: returns how many entries it had, which are
 * copied, newest first, to *out (the caller frees with journal_entries_free).
 * 0 when there is nothing to undo.
 */
int journal_pop(struct journal *j, struct jentry **out);
void journal_entries_free(struct jentry **v, int n);
void journal_free(struct journal *j);

#endif
