/* keys: the action table, key names and the key map (see keys.h). */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"
#include "../src/base/text.h"

static const struct action_info actions[ACT_COUNT_] = {
	[ACT_NONE] = {"none", "", "unbound"},
	[ACT_DOWN] = {"down", "j Down", "next paper (in the detail pane: scroll)"},
	[ACT_UP] = {"up", "k Up", "previous paper (in the detail pane: scroll)"},
	[ACT_TOP] = {"top", "g Home", "first paper"},
	[ACT_BOTTOM] = {"bottom", "G End", "last paper"},
	[ACT_HALF_DOWN] = {"half-down", "C-d", "half a screen down"},
	[ACT_HALF_UP] = {"half-up", "C-u", "half a screen up"},
	[ACT_PAGE_DOWN] = {"page-down", "PgDn C-f", "a screen down"},
	[ACT_PAGE_UP] = {"page-up", "PgUp C-b", "a screen up"},
	[ACT_ENTER] = {"enter", "Enter", "open the detail pane; again: move into it"},
	[ACT_BACK] = {"back", "Esc", "go back; clear the marks, the search, the limit"},
	[ACT_QUIT] = {"quit", "q", "quit (from the detail pane or help: go back)"},
	[ACT_STAR] = {"star", "s", "star or unstar"},
	[ACT_READ] = {"read", "m", "toggle read"},
	[ACT_DISMISS] = {"dismiss", "x", "dismiss and move on (again: undismiss)"},
	[ACT_TAG] = {"tag", "t", "add a tag (Tab completes)"},
	[ACT_UNTAG] = {"untag", "T", "remove a tag (Tab completes)"},
	[ACT_MARK] = {"mark", "Space", "mark or unmark for a bulk action"},
	[ACT_APPLY] = {"apply", ";", "apply the next action to every marked paper"},
	[ACT_UNDO] = {"undo", "u", "undo the last change (many levels)"},
	[ACT_NEXT_UNREAD] = {"next-unread", "n", "next unread paper"},
	[ACT_PREV_UNREAD] = {"prev-unread", "N", "previous unread paper"},
	[ACT_VIEW1] = {"view1", "1", "saved view 1 (today)"},
	[ACT_VIEW2] = {"view2", "2", "saved view 2 (unread)"},
	[ACT_VIEW3] = {"view3", "3", "saved view 3 (starred)"},
	[ACT_VIEW4] = {"view4", "4", "saved view 4 (toread)"},
	[ACT_VIEW5] = {"view5", "5", "saved view 5 (all)"},
	[ACT_VIEW6] = {"view6", "6", "saved view 6 (the config's first view.NAME)"},
	[ACT_VIEW7] = {"view7", "7", "saved view 7"},
	[ACT_VIEW8] = {"view8", "8", "saved view 8"},
	[ACT_VIEW9] = {"view9", "9", "saved view 9"},
	[ACT_LIMIT] = {"limit", "l", "limit the list with a query"},
	[ACT_SEARCH] = {"search", "/", "search as you type"},
	[ACT_PREV_DAY] = {"prev-day", "[", "previous listed day (newer)"},
	[ACT_NEXT_DAY] = {"next-day", "]", "next listed day (older)"},
	[ACT_SORT] = {"sort", "S", "cycle the sort: day, upvotes, comments, stars, title, published"},
	[ACT_OPEN] = {"open", "o", "open the selected link (1-5 in the detail pane pick it)"},
	[ACT_COPY] = {"copy", "y", "copy the selected link (OSC 52)"},
	[ACT_COPY_BIBTEX] = {"copy-bibtex", "Y", "copy a BibTeX entry (OSC 52)"},
	[ACT_DOWNLOAD] = {"download", "d", "download the PDF into download_dir"},
	[ACT_EXPORT] = {"export", "e", "export the view, or the marked papers"},
	[ACT_SYNC] = {"sync", "R", "sync in the background"},
	[ACT_SAMPLE] = {"load-sample", "L", "load the bundled sample papers (for a first look)"},
	[ACT_DETAIL] = {"detail", "v", "show or hide the detail pane"},
	[ACT_SPLIT] = {"split", "w", "detail pane beside or below the list"},
	[ACT_AUTHORS] = {"authors", "A", "show every author"},
	[ACT_HELP] = {"help", "?", "this help"},
	[ACT_REDRAW] = {"redraw", "C-l", "redraw the screen"},
};

const struct action_info *keys_action(enum action a)
{
	return &actions[a];
}

int keys_action_parse(const char *name)
{
	for (int i = 0; i < ACT_COUNT_; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}

static const struct {
	const char *name;
	int key;
} named[] = {
	{"Enter", '\r'}, {"Esc", 27}, {"Space", ' '}, {"Tab", '\t'},
	{"Backspace", KEY_FN | KEY_BACKSPACE}, {"Up", KEY_FN | KEY_UP},
	{"Down", KEY_FN | KEY_DOWN}, {"Left", KEY_FN | KEY_LEFT},
	{"Right", KEY_FN | KEY_RIGHT}, {"Home", KEY_FN | KEY_HOME},
	{"End", KEY_FN | KEY_END}, {"PgUp", KEY_FN | KEY_PPAGE},
	{"PgDn", KEY_FN | KEY_NPAGE}, {"Ins", KEY_FN | KEY_IC},
	{"Del", KEY_FN | KEY_DC}, {"S-Tab", KEY_FN | KEY_BTAB},
};

#define NNAMED (sizeof named / sizeof named[0])

static int parse_fn(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || *end || n < 1 || n > 24 || s[0] == '0')
		return -1;
	return KEY_FN | KEY_F((int)n);
}

int keys_parse(const char *name)
{
	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < NNAMED; i++)
		if (strcmp(named[i].name, name) == 0)
			return named[i].key;
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3])
		return name[2] - 'a' + 1;
	if (name[0] == 'F' && name[1])
		return parse_fn(name + 1);
	unsigned cp;
	size_t n = strlen(name);
	int len = utf8_seq_len((const unsigned char *)name, n, &cp);
	if (len == 0 || (size_t)len != n || cp <= ' ' || cp == 0x7F)
		return -1;
	return (int)cp;
}

const char *keys_name(int key, char *out, unsigned size)
{
	char tmp[16];
	tmp[0] = '\0';
	for (size_t i = 0; i < NNAMED && !tmp[0]; i++)
		if (named[i].key == key)
			snprintf(tmp, sizeof tmp, "%s", named[i].name);
	if (tmp[0])
		;
	else if (key >= 1 && key <= 26)
		snprintf(tmp, sizeof tmp, "C-%c", 'a' + key - 1);
	else if (key >= (KEY_FN | KEY_F(1)) && key <= (KEY_FN | KEY_F(24)))
		snprintf(tmp, sizeof tmp, "F%d", key - (KEY_FN | KEY_F0));
	else if (key > ' ' && key < KEY_FN)
		utf8_encode((unsigned)key, tmp);
	else
		snprintf(tmp, sizeof tmp, "#%d", key);
	snprintf(out, size, "%s", tmp);
	return out;
}

/* ---- the key map ---- */

struct keymap {
	struct {
		int key;
		enum action a;
	} *b;
	int n, cap;
};

static void map_set(struct keymap *km, int key, enum action a)
{
	for (int i = 0; i < km->n; i++)
		if (km->b[i].key == key) {
			km->b[i].a = a;
			return;
		}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->b = xrealloc(km->b, (size_t)km->cap * sizeof *km->b);
	}
	km->b[km->n].key = key;
	km->b[km->n++].a = a;
}

/* Binds each name in the space-separated list; the table's are all valid. */
static void bind_defaults(struct keymap *km, enum action a, const char *list)
{
	char name[32];
	for (const char *s = list; *s;) {
		size_t n = strcspn(s, " ");
		if (n && n < sizeof name) {
			memcpy(name, s, n);
			name[n] = '\0';
			int key = keys_parse(name);
			if (key >= 0)
				map_set(km, key, a);
		}
		s += n;
		s += *s == ' ';
	}
}

struct keymap *keymap_new(void)
{
	struct keymap *km = xcalloc(1, sizeof *km);
	for (int a = 1; a < ACT_COUNT_; a++)
		bind_defaults(km, (enum action)a, actions[a].keys);
	return km;
}

void keymap_free(struct keymap **km)
{
	if (!*km)
		return;
	free((*km)->b);
	free(*km);
	*km = NULL;
}

int keymap_bind(struct keymap *km, const char *key, const char *action, char **err)
{
	int k = keys_parse(key);
	if (k < 0) {
		char *shown = text_clean(key, strlen(key), TEXT_COLLAPSE);
		set_err(err, "'%s' is not a key name (use a character, C-x, F1..F24, "
			"Enter, Esc, Space, Tab, Up, Down, PgUp, PgDn, Home, End, ...)", shown);
		free(shown);
		return -1;
	}
	int a = keys_action_parse(action);
	if (a < 0) {
		char *shown = text_clean(action, strlen(action), TEXT_COLLAPSE);
		set_err(err, "'%s' is not an action (the help screen, ?, lists them)", shown);
		free(shown);
		return -1;
	}
	map_set(km, k, (enum action)a);
	return 0;
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	if (key == '\n' || key == (KEY_FN | KEY_ENTER))
		key = '\r';
	for (int i = 0; i < km->n; i++)
		if (km->b[i].key == key)
			return km->b[i].a;
	return ACT_NONE;
}

const char *keymap_keys_of(const struct keymap *km, enum action a, char *out, unsigned size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < km->n; i++) {
		if (km->b[i].a != a)
			continue;
		char name[16];
		keys_name(km->b[i].key, name, sizeof name);
		int w = snprintf(out + len, size - len, "%s%s", len ? ", " : "", name);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return out;
}
