/* prompt: the bottom line's editor (see prompt.h). */
#include "prompt.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
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
	p->words = words;
	p->cycle = -1;
}

void prompt_close(struct prompt *p)
{
	buf_free(&p->text);
	free_words(&p->words);
	free(p->stem);
	memset(p, 0, sizeof *p);
}

const char *prompt_text(const struct prompt *p)
{
	return p->text.data ? p->text.data : "";
}

static void utf8_append(struct buf *b, unsigned cp)
{
	char s[5];
	buf_add(b, s, (size_t)utf8_encode(cp, s));
}

static void delete_char(struct buf *b)
{
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	b->data[b->len] = '\0';
}

static void delete_word(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	while (b->len > 0 && b->data[b->len - 1] != ' ')
		b->len--;
	b->data[b->len] = '\0';
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
	size_t start = b->len;
	while (start > 0 && b->data[start - 1] != ' ')
		start--;
	if (!p->stem)
		p->stem = xstrdup(b->data + start);
	int n;
	char *c = prompt_complete(p->stem, p->words, p->cycle, &n);
	if (!c)
		return;
	if (p->cycle < 0 && strcmp(c, b->data + start) == 0 && n > 1) {
		free(c);
		p->cycle = 0;
		c = prompt_complete(p->stem, p->words, 0, &n);
	}
	if (p->cycle >= 0)
		p->cycle = (p->cycle + 1) % n;
	b->len = start;
	b->data[start] = '\0';
	buf_adds(b, c);
	free(c);
}

static void typed(struct prompt *p)
{
	free(p->stem);
	p->stem = NULL;
	p->cycle = -1;
}

enum prompt_result prompt_key(struct prompt *p, int key)
{
	struct buf *b = &p->text;
	if (key == '\r' || key == '\n' || key == (KEY_FN | KEY_ENTER))
		return PROMPT_DONE;
	if (key == 27 || key == 7) /* Esc, C-g */
		return PROMPT_CANCEL;
	if (key == '\t') {
		complete(p);
		return PROMPT_EDITING;
	}
	typed(p);
	if (key == 127 || key == 8 || key == (KEY_FN | KEY_BACKSPACE)) {
		if (b->len == 0)
			return PROMPT_CANCEL;
		delete_char(b);
	} else if (key == 21) { /* C-u */
		buf_reset(b);
		buf_adds(b, "");
	} else if (key == 23) { /* C-w */
		delete_word(b);
	} else if (((key >= ' ' && key < 0x7F) || (key >= 0xA0 && key < 0x110000)) &&
		   b->len < 1024) {
		utf8_append(b, (unsigned)key);
	}
	return PROMPT_EDITING;
}
