/*
 * keys: the interface's actions and the keys bound to them.
 *
 * One table (in actions.c, beside the handlers) names every action with
 * its default keys, a line of help, its handler and whether it takes an
 * argument; the event loop dispatches through it, the help screen and the
 * README are generated from it, and `bind KEY ACTION [ARG]` config lines
 * bind keys to its entries, with the argument handed to the handler (`bind
 * t tag toread` tags without asking). A key is an int: a Unicode code
 * point, or KEY_FN | a curses KEY_* code. Nothing here draws.
 */
#ifndef PAPYR_UI_KEYS_H
#define PAPYR_UI_KEYS_H

#define KEY_FN 0x200000 /* added to curses' KEY_* codes: no clash with chars */

enum action {
	ACT_NONE,
	ACT_DOWN, ACT_UP, ACT_TOP, ACT_BOTTOM, ACT_HALF_DOWN, ACT_HALF_UP, ACT_PAGE_DOWN, ACT_PAGE_UP,
	ACT_ENTER, ACT_BACK, ACT_QUIT,
	ACT_STAR, ACT_READ, ACT_DISMISS, ACT_TAG, ACT_UNTAG, ACT_MARK, ACT_APPLY, ACT_UNDO,
	ACT_NEXT_UNREAD, ACT_PREV_UNREAD,
	ACT_VIEW1, ACT_VIEW2, ACT_VIEW3, ACT_VIEW4, ACT_VIEW5, ACT_VIEW6, ACT_VIEW7, ACT_VIEW8, ACT_VIEW9,
	ACT_LIMIT, ACT_SEARCH, ACT_PREV_DAY, ACT_NEXT_DAY, ACT_SORT, ACT_REVERSE,
	ACT_OPEN, ACT_COPY, ACT_COPY_BIBTEX, ACT_DOWNLOAD, ACT_EXPORT, ACT_SYNC,
	ACT_SAMPLE, ACT_DETAIL, ACT_SPLIT, ACT_AUTHORS, ACT_HELP, ACT_REDRAW,
	ACT_OPEN_HF, ACT_MESSAGES, ACT_NOTE, ACT_LIKE, ACT_ZOTERO, ACT_READ_TEXT,
	ACT_COUNT_
};

struct app;

/* A handler: arg is the binding's argument, NULL when it has none. Returns
 * the loop's flags (app.h). */
typedef int (*action_fn)(struct app *a, const char *arg);

struct action_info {
	const char *name;  /* for `bind KEY NAME [ARG]` */
	const char *keys;  /* default keys, names separated by spaces */
	const char *help;
	action_fn fn;      /* NULL: nothing to do (none) */
	const char *arg;   /* what an argument is ("TAGS"); NULL: it takes none */
};

/* The table, indexed by enum action (ACT_NONE has no keys). */
const struct action_info *keys_action(enum action a);
/* The action named name, or -1. "none" unbinds (ACT_NONE). */
int keys_action_parse(const char *name);

/* "j", "C-d", "PgDn", "F5", "Enter", "Esc", "Space", "Tab", "Up", ...:
 * returns the key, or -1 when the name is not one. */
int keys_parse(const char *name);
/* The name of key in out (size >= 16); the inverse of keys_parse. */
const char *keys_name(int key, char *out, unsigned size);

/* The key map: every key bound to an action. */
struct keymap;

/* The default bindings from the table. */
struct keymap *keymap_new(void);
void keymap_free(struct keymap **km);
/* Binds key name to an action: "NAME" or "NAME ARG" (the rest of a `bind`
 * line; the argument runs to its end). 0, or -1 with *err set. */
int keymap_bind(struct keymap *km, const char *key, const char *action, char **err);
/* The action of key, ACT_NONE when unbound. */
enum action keymap_lookup(const struct keymap *km, int key);
/* The argument key is bound with, borrowed until the map changes; NULL
 * when none. */
const char *keymap_arg(const struct keymap *km, int key);
/* The keys bound to a, names joined by ", ", in out. */
const char *keymap_keys_of(const struct keymap *km, enum action a, char *out, unsigned size);

#endif
