/*
 * detail: one paper laid out as lines for the detail pane, without curses.
 *
 * Every string is cleaned again (text_clean) and wrapped to the pane's
 * width by display columns; the abstract's white space is collapsed. Long
 * author lists fold to "and N more" unless unfolded. Links are numbered:
 * [1] arXiv abstract, [2] PDF, [3] Hugging Face, then GitHub and the
 * project page when the paper has them.
 */
#ifndef PAPYR_UI_DETAIL_H
#define PAPYR_UI_DETAIL_H

#include <stdint.h>

#include "../db/db.h"

#define DETAIL_MAX_LINKS 6
#define DETAIL_FOLD_AUTHORS 6 /* more than this many fold */

enum dl_kind { DL_BLANK, DL_TITLE, DL_HEAD, DL_META, DL_TEXT, DL_LINK };

struct dline {
	enum dl_kind kind;
	int link;       /* 1-based link number on DL_LINK lines */
	char *text;
};

struct detail {
	struct dline *l;
	int n, cap;
	char *url[DETAIL_MAX_LINKS];
	const char *url_name[DETAIL_MAX_LINKS];
	int nurls;
	int folded;     /* the authors were folded */
};

/*
 * The title and abstract of the paper with the words a search matched
 * marked (db_highlight: DB_MARK_ON ... DB_MARK_OFF); NULL: nothing marked.
 * The lines built from them carry the marks, each line whole: a mark a
 * line break cuts is closed at the end of the line and opened again on the
 * next.
 */
struct detail_marks {
	const char *title;
	const char *abstract;
};

/* Builds the lines of dp at width columns; marks may be NULL. */
void detail_build(struct detail *d, const struct db_paper *dp, int width, int unfold,
		  const struct detail_marks *marks);
/* The same with a "Why for you" section: the words that rank it up (NULL:
 * none). */
void detail_build_why(struct detail *d, const struct db_paper *dp, int width, int unfold,
		      const struct detail_marks *marks, const char *why);
void detail_free(struct detail *d);
/* Adds what the paper's Hugging Face page says ("Hugging Face: 3 models ·
 * 1 dataset · 0 Spaces"), after the numbers; pg NULL: nothing (never
 * fetched). */
void detail_add_page(struct detail *d, const struct db_hfpage *pg, int width);

#endif
