/*
 * prompt: the one-line editor of the bottom line (search, limit, tags,
 * export), with Tab completion from a list of words and a history. It
 * edits as a shell line does: Left/Right (C-b/C-f), Home/End (C-a/C-e),
 * Backspace, Del (C-d), C-w (the word before the cursor), C-u (all before
 * it), C-k (all after it), Up/Down (C-p/C-n) through the history. No
 * curses here: the caller feeds keys and draws prompt_text with the cursor
 * at pos.
 */
#ifndef PAPYR_UI_PROMPT_H
#define PAPYR_UI_PROMPT_H

#include "../src/base/buf.h"

enum prompt_result {
	PROMPT_EDITING,  /* the text may have changed */
	PROMPT_DONE,     /* Enter */
	PROMPT_CANCEL,   /* Esc, or Backspace on an empty line */
};

/* Lines entered before, oldest first; the caller keeps one per kind of
 * prompt and saves it between runs. */
struct prompt_history {
	char **lines;       /* owned */
	int n, cap;
};

struct prompt {
	int active;
	int kind;           /* the caller's: what the answer is for */
	char label[48];
	struct buf text;
	size_t pos;         /* the cursor: a byte offset into text */
	char **words;       /* completion candidates, NULL-ended, owned */
	int cycle;          /* the next candidate Tab shows, -1 none yet */
	char *stem;         /* what was typed before Tab started cycling */
	struct prompt_history *hist; /* borrowed; NULL: none */
	int hist_at;        /* the line shown: hist->n is the one being typed */
	char *draft;        /* the line being typed, kept while Up shows others */
};

/* Opens the prompt with a label and initial text; words (may be NULL) is
 * taken over. */
void prompt_open(struct prompt *p, int kind, const char *label, const char *text,
		 char **words);
void prompt_close(struct prompt *p);
/* Lets Up and Down recall the lines of h (may be NULL), which must outlive
 * the prompt. */
void prompt_set_history(struct prompt *p, struct prompt_history *h);
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

/* Adds line at the newest end (an empty line is not kept, a line already
 * there moves to the end), dropping the oldest beyond max lines. */
void prompt_history_add(struct prompt_history *h, const char *line, int max);
void prompt_history_free(struct prompt_history *h);
/* Adds the lines of the file at path (one a line, oldest first), keeping
 * the last max. 0, or -1 with *err set (a missing file is an error too: the
 * caller decides if it matters). */
int prompt_history_load(struct prompt_history *h, const char *path, int max, char **err);
/* Writes h to path through a temporary file renamed over it. 0 or -1. */
int prompt_history_save(const struct prompt_history *h, const char *path, char **err);

/* path with a leading "~" (alone or before '/') as home; a new string. */
char *prompt_expand_home(const char *path, const char *home);
/* Sorts the n words of w (room for n + 1) and drops repeats, NULL-ended.
 * Returns w. */
char **prompt_words_sorted(char **w, int n);

#endif
