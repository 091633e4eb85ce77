/* keys: the action table, key names and the key map (see keys.h). */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"
#include "../src/base/text.h"

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
		char *arg;     /* owned; NULL: none */
	} *b;
	int n, cap;
};

/* Binds key to a with arg (copied; may be NULL). */
static void map_set(struct keymap *km, int key, enum action a, const char *arg)
{
	int i = 0;
	while (i < km->n && km->b[i].key != key)
		i++;
	if (i == km->n) {
		if (km->n == km->cap) {
			km->cap = km->cap ? km->cap * 2 : 64;
			km->b = xrealloc(km->b, (size_t)km->cap * sizeof *km->b);
		}
		km->b[km->n++].key = key;
	} else {
		free(km->b[i].arg);
	}
	km->b[i].a = a;
	km->b[i].arg = arg ? xstrdup(arg) : NULL;
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
				map_set(km, key, a, NULL);
		}
		s += n;
		s += *s == ' ';
	}
}

struct keymap *keymap_new(void)
{
	struct keymap *km = xcalloc(1, sizeof *km);
	for (int a = 1; a < ACT_COUNT_; a++)
		bind_defaults(km, (enum action)a, keys_action((enum action)a)->keys);
	return km;
}

void keymap_free(struct keymap **km)
{
	if (!*km)
		return;
	for (int i = 0; i < (*km)->n; i++)
		free((*km)->b[i].arg);
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
	/* "NAME ARG": the name is the first word, the argument the rest. */
	size_t n = strcspn(action, " \t");
	char *name = xstrndup(action, n);
	const char *arg = action + n;
	arg += strspn(arg, " \t");
	int a = keys_action_parse(name);
	int rc = -1;
	char *shown = text_clean(name, strlen(name), TEXT_COLLAPSE);
	if (a < 0)
		set_err(err, "'%s' is not an action (the help screen, ?, lists them)", shown);
	else if (*arg && !keys_action((enum action)a)->arg)
		set_err(err, "'%s' takes no argument", shown);
	else
		rc = 0;
	if (rc == 0)
		map_set(km, k, (enum action)a, *arg ? arg : NULL);
	free(shown);
	free(name);
	return rc;
}

static int find(const struct keymap *km, int key)
{
	if (key == '\n' || key == (KEY_FN | KEY_ENTER))
		key = '\r';
	for (int i = 0; i < km->n; i++)
		if (km->b[i].key == key)
			return i;
	return -1;
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	int i = find(km, key);
	return i >= 0 ? km->b[i].a : ACT_NONE;
}

const char *keymap_arg(const struct keymap *km, int key)
{
	int i = find(km, key);
	return i >= 0 ? km->b[i].arg : NULL;
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
		const char *arg = km->b[i].arg;
		int w = snprintf(out + len, size - len, "%s%s%s%s%s", len ? ", " : "", name,
				 arg ? " (" : "", arg ? arg : "", arg ? ")" : "");
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return out;
}
