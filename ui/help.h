/*
 * help: the help screen, every action with its keys, made from the action
 * table and the key map (so a `bind` line shows). Owns only its scroll.
 */
#ifndef PAPYR_UI_HELP_H
#define PAPYR_UI_HELP_H

struct keymap;

struct help {
	long top;   /* the first row on screen */
};

/* Shown again from its first row. */
void help_reset(struct help *h);
/* Scrolls by n rows on a screen of rows rows. */
void help_scroll(struct help *h, long n, int rows);
/* Draws on the screen's first rows rows (a heading, then the table). */
void help_draw(const struct help *h, const struct keymap *km, int rows, int cols);

#endif
