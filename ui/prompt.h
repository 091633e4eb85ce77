/*
 * prompt: the one-line editor of the bottom line (search, limit, tags,
 * export), with Tab completion from a list of words. No curses here: the
 * caller feeds keys and draws prompt_text.
 */
#ifndef PAPYR_UI_PROMPT_H
#define PAPYR_UI_PROMPT_H

#include "../src/base/buf.h"

enum prompt_result {
	PROMPT_EDITING,  /* the text may have changed */
	PROMPT_DONE,     /* Enter */
	PROMPT_CANCEL,   /* Esc, or Backspace on an empty line */
};

struct prompt {
	int active;
	int kind;           /* the caller's: what the answer is for */
	char label[48];
	struct buf text;
	char **words;       /* completion candidates, NULL-ended, owned */
	int cycle;          /* the next candidate Tab shows, -1 none yet */
	char *stem;         /* what was typed before Tab started cycling */
};

/* Opens the prompt with a label and initial text; words (may be NULL) is
 * taken over. */
void prompt_open(struct prompt *p, int kind, const char *label, const char *text,
		 char **words);
void prompt_close(struct prompt *p);
/* Feeds one key (a code point, or KEY_FN | KEY_* from keys.h). */
enum prompt_result prompt_key(struct prompt *p, int key);
/* The current text, borrowed. */
const char *prompt_text(const struct prompt *p);

/*
 * Completion of the last word of text from words (sorted): the longest
 * common prefix of the candidates that start with it, or, with cycle >= 0,
 * the cycle'th candidate. Returns a new string, or NULL when none match.
 */
char *prompt_complete(const char *word, char *const *words, int cycle, int *nmatch);

#endif
