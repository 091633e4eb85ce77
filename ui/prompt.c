/* prompt: the bottom line's editor (see prompt.h). */
#include "prompt.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/file.h"
#include "../src/base/text.h"

static void free_words(char ***w)
{
	if (!*w)
		return;
	for (char **p = *w; *p; p++)
		free(*p);
	free(*w);
	*w = NULL;
}

void prompt_open(struct prompt *p, int kind, const char *label, const char *text,
		 char **words)
{
	prompt_close(p);
	p->active = 1;
	p->kind = kind;
	snprintf(p->label, sizeof p->label, "%s", label);
	buf_adds(&p->text, text ? text : "");
	if (!p->text.data)
		buf_adds(&p->text, "");
	p->pos = p->text.len;
	p->words = words;
	p->cycle = -1;
}

void prompt_set_history(struct prompt *p, struct prompt_history *h)
{
	p->hist = h;
	p->hist_at = h ? h->n : 0;
}

void prompt_close(struct prompt *p)
{
	buf_free(&p->text);
	free_words(&p->words);
	free(p->stem);
	free(p->draft);
	memset(p, 0, sizeof *p);
}

const char *prompt_text(const struct prompt *p)
{
	return p->text.data ? p->text.data : "";
}

/* ---- editing at the cursor ---- */

/* Removes bytes [from, to) and leaves the cursor at from. */
static void cut(struct prompt *p, size_t from, size_t to)
{
	struct buf *b = &p->text;
	memmove(b->data + from, b->data + to, b->len - to + 1);
	b->len -= to - from;
	p->pos = from;
}

static void insert(struct prompt *p, const char *s, size_t n)
{
	struct buf *b = &p->text;
	buf_grow(b, n + 1);
	memmove(b->data + p->pos + n, b->data + p->pos, b->len - p->pos + 1);
	memcpy(b->data + p->pos, s, n);
	b->len += n;
	p->pos += n;
}

static void set_text(struct prompt *p, const char *s)
{
	buf_reset(&p->text);
	buf_adds(&p->text, s);
	p->pos = p->text.len;
}

static size_t char_before(const struct prompt *p, size_t at)
{
	while (at > 0 && ((unsigned char)p->text.data[--at] & 0xC0) == 0x80)
		;
	return at;
}

static size_t char_after(const struct prompt *p, size_t at)
{
	if (at >= p->text.len)
		return p->text.len;
	at++;
	while (at < p->text.len && ((unsigned char)p->text.data[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static size_t word_before(const struct prompt *p, size_t at)
{
	const char *d = p->text.data;
	while (at > 0 && d[at - 1] == ' ')
		at--;
	while (at > 0 && d[at - 1] != ' ')
		at--;
	return at;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

char *prompt_complete(const char *word, char *const *words, int cycle, int *nmatch)
{
	size_t wl = strlen(word);
	const char *first = NULL;
	size_t pre = 0;
	int n = 0;
	char *pick = NULL;
	for (char *const *w = words; w && *w; w++) {
		if (strncmp(*w, word, wl) != 0)
			continue;
		if (cycle >= 0 && n == cycle)
			pick = *w;
		pre = first ? common_prefix(first, *w) < pre ? common_prefix(first, *w) : pre
			    : strlen(*w);
		if (!first)
			first = *w;
		n++;
	}
	*nmatch = n;
	if (n == 0)
		return NULL;
	if (cycle >= 0)
		return xstrdup(pick ? pick : first);
	return xstrndup(first, pre);
}

/* Tab: completes the last word; again cycles through the candidates. */
static void complete(struct prompt *p)
{
	struct buf *b = &p->text;
	size_t start = p->pos;
	while (start > 0 && b->data[start - 1] != ' ')
		start--;
	if (!p->stem)
		p->stem = xstrndup(b->data + start, p->pos - start);
	int n;
	char *c = prompt_complete(p->stem, p->words, p->cycle, &n);
	if (!c)
		return;
	if (p->cycle < 0 && strlen(c) == p->pos - start &&
	    strncmp(c, b->data + start, p->pos - start) == 0 && n > 1) {
		free(c);
		p->cycle = 0;
		c = prompt_complete(p->stem, p->words, 0, &n);
	}
	if (p->cycle >= 0)
		p->cycle = (p->cycle + 1) % n;
	cut(p, start, p->pos);
	insert(p, c, strlen(c));
	free(c);
}

static void typed(struct prompt *p)
{
	free(p->stem);
	p->stem = NULL;
	p->cycle = -1;
}

/* Up and Down: older and newer lines of the history; below the newest is
 * the line that was being typed. */
static void recall(struct prompt *p, int older)
{
	struct prompt_history *h = p->hist;
	if (!h || (older && p->hist_at == 0) || (!older && p->hist_at >= h->n))
		return;
	if (p->hist_at == h->n) {
		free(p->draft);
		p->draft = xstrdup(prompt_text(p));
	}
	p->hist_at += older ? -1 : 1;
	set_text(p, p->hist_at < h->n ? h->lines[p->hist_at] : p->draft ? p->draft : "");
}

/* The keys that move the cursor or recall a line; 0 when key is not one. */
static int move_key(struct prompt *p, int key)
{
	if (key == (KEY_FN | KEY_LEFT) || key == 2) /* C-b */
		p->pos = char_before(p, p->pos);
	else if (key == (KEY_FN | KEY_RIGHT) || key == 6) /* C-f */
		p->pos = char_after(p, p->pos);
	else if (key == (KEY_FN | KEY_HOME) || key == 1) /* C-a */
		p->pos = 0;
	else if (key == (KEY_FN | KEY_END) || key == 5) /* C-e */
		p->pos = p->text.len;
	else if (key == (KEY_FN | KEY_UP) || key == 16) /* C-p */
		recall(p, 1);
	else if (key == (KEY_FN | KEY_DOWN) || key == 14) /* C-n */
		recall(p, 0);
	else
		return 0;
	return 1;
}

enum prompt_result prompt_key(struct prompt *p, int key)
{
	if (key == '\r' || key == '\n' || key == (KEY_FN | KEY_ENTER))
		return PROMPT_DONE;
	if (key == 27 || key == 7) /* Esc, C-g */
		return PROMPT_CANCEL;
	if (key == '\t') {
		complete(p);
		return PROMPT_EDITING;
	}
	typed(p);
	if (move_key(p, key))
		return PROMPT_EDITING;
	if (key == 127 || key == 8 || key == (KEY_FN | KEY_BACKSPACE)) {
		if (p->text.len == 0)
			return PROMPT_CANCEL;
		cut(p, char_before(p, p->pos), p->pos);
	} else if (key == (KEY_FN | KEY_DC) || key == 4) { /* Del, C-d */
		cut(p, p->pos, char_after(p, p->pos));
	} else if (key == 21) { /* C-u: to the start, as a shell does */
		cut(p, 0, p->pos);
	} else if (key == 11) { /* C-k */
		cut(p, p->pos, p->text.len);
	} else if (key == 23) { /* C-w */
		cut(p, word_before(p, p->pos), p->pos);
	} else if (((key >= ' ' && key < 0x7F) || (key >= 0xA0 && key < 0x110000)) &&
		   p->text.len < 1024) {
		char s[5];
		insert(p, s, (size_t)utf8_encode((unsigned)key, s));
	}
	return PROMPT_EDITING;
}

/* ---- history ---- */

void prompt_history_add(struct prompt_history *h, const char *line, int max)
{
	if (!*line || (h->n && strcmp(h->lines[h->n - 1], line) == 0))
		return;
	for (int i = 0; i < h->n; i++) /* once, at its latest place */
		if (strcmp(h->lines[i], line) == 0) {
			free(h->lines[i]);
			memmove(h->lines + i, h->lines + i + 1, (size_t)(h->n - i - 1) * sizeof *h->lines);
			h->n--;
			break;
		}
	while (h->n >= max && h->n > 0) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1, (size_t)(h->n - 1) * sizeof *h->lines);
		h->n--;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->lines = xrealloc(h->lines, (size_t)h->cap * sizeof *h->lines);
	}
	h->lines[h->n++] = xstrdup(line);
}

void prompt_history_free(struct prompt_history *h)
{
	for (int i = 0; i < h->n; i++)
		free(h->lines[i]);
	free(h->lines);
	memset(h, 0, sizeof *h);
}

int prompt_history_load(struct prompt_history *h, const char *path, int max, char **err)
{
	struct buf b = {0};
	if (read_file(path, &b, 1 << 20, err) != 0) {
		buf_free(&b);
		return -1;
	}
	for (char *s = b.data; s && *s;) {
		char *e = strchr(s, '\n');
		if (e)
			*e = '\0';
		char *line = text_clean(s, strlen(s), TEXT_COLLAPSE);
		prompt_history_add(h, line, max);
		free(line);
		s = e ? e + 1 : s + strlen(s);
	}
	buf_free(&b);
	return 0;
}

int prompt_history_save(const struct prompt_history *h, const char *path, char **err)
{
	struct atomic_file af;
	if (atomic_open(&af, path, err) != 0)
		return -1;
	for (int i = 0; i < h->n; i++)
		fprintf(af.f, "%s\n", h->lines[i]);
	return atomic_commit(&af, err);
}

char *prompt_expand_home(const char *path, const char *home)
{
	if (path[0] != '~' || (path[1] && path[1] != '/') || !home || !*home)
		return xstrdup(path);
	return xasprintf("%s%s", home, path + 1);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

char **prompt_words_sorted(char **w, int n)
{
	qsort(w, (size_t)n, sizeof *w, by_name);
	int k = 0;
	for (int i = 0; i < n; i++) { /* once each */
		if (k && strcmp(w[k - 1], w[i]) == 0)
			free(w[i]);
		else
			w[k++] = w[i];
	}
	w[k] = NULL;
	return w;
}
