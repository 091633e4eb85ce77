/*
 * keys: the interface's actions and the keys bound to them.
 *
 * One table names every action with its default keys and a line of help;
 * the event loop dispatches through it, the help screen and the README are
 * generated from it, and `bind KEY ACTION` config lines change it. A key is
 * an int: a Unicode code point, or KEY_FN | a curses KEY_* code. Nothing
 * here draws.
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
	ACT_LIMIT, ACT_SEARCH, ACT_PREV_DAY, ACT_NEXT_DAY, ACT_SORT,
	ACT_OPEN, ACT_COPY, ACT_COPY_BIBTEX, ACT_DOWNLOAD, ACT_EXPORT, ACT_SYNC,
	ACT_SAMPLE, ACT_DETAIL, ACT_SPLIT, ACT_AUTHORS, ACT_HELP, ACT_REDRAW,
	ACT_COUNT_
};

struct action_info {
	const char *name;  /* for `bind KEY NAME` */
	const char *keys;  /* default keys, names separated by spaces */
	const char *help;
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
/* Binds key name to action name (a `bind` line). 0, or -1 with *err set. */
int keymap_bind(struct keymap *km, const char *key, const char *action, char **err);
/* The action of key, ACT_NONE when unbound. */
enum action keymap_lookup(const struct keymap *km, int key);
/* The keys bound to a, names joined by ", ", in out. */
const char *keymap_keys_of(const struct keymap *km, enum action a, char *out, unsigned size);

#endif
