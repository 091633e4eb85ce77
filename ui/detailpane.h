/*
 * detailpane: one paper in full, beside or below the list.
 *
 * Owns the loaded paper (read from the cache when the cursor lands on
 * another), its lines wrapped to the pane's width (detail.h), the scroll,
 * the selected link and whether every author shows. Draws itself, and its
 * links again as OSC 8 hyperlinks after curses has sent the frame.
 */
#ifndef PAPYR_UI_DETAILPANE_H
#define PAPYR_UI_DETAILPANE_H

#include <stdint.h>

#include "../db/db.h"
#include "detail.h"
#include "layout.h"

struct detailpane {
	struct db_paper dp;    /* pid 0 when none loaded */
	struct detail det;
	struct db_hfpage page; /* its Hugging Face page; fetched_at 0: none */
	int width;             /* the lines' width, 0: build them again */
	long top;
	int link;              /* selected link, 0-based */
	int unfold;
	int64_t marks_pid;     /* the paper the marks are of */
	char *marks_for;       /* the full text they are for (NULL: none) */
	char *mark_title;      /* the title and abstract with the words the */
	char *mark_abstract;   /* list's search matched marked, or NULL */
	char osc8_sig[96];     /* what the last OSC 8 links were drawn for */
	char *why;             /* the words that rank it up, NULL: none */
	char why_model[96];    /* the model why is of ("": none) */
	int64_t why_pid;
};

/* Shows pid at width columns, reading it when another paper is loaded,
 * with the words that rank it up under model (a learned model's name, ""
 * for none) and the words f's full text matches marked as the index
 * matched them (f may be NULL). 1 when it was read now, 0 when it was
 * there, -1 with *err set. */
int detailpane_show(struct detailpane *d, struct db *db, int64_t pid, int width,
		    const char *model, const struct db_filter *f, char **err);
/* Nothing to show (an empty list). */
void detailpane_clear(struct detailpane *d);
/* The width changed: the lines are built again when next shown. */
void detailpane_relayout(struct detailpane *d);
int64_t detailpane_pid(const struct detailpane *d);
/* A paper's state changed: takes fresh when it is the one loaded, else
 * frees it. */
void detailpane_update(struct detailpane *d, struct db_paper *fresh);
/* Reads the loaded paper's Hugging Face page again (one just fetched), when
 * pid is the one loaded. */
void detailpane_page_reload(struct detailpane *d, struct db *db, int64_t pid);
/* Whether the loaded paper's page is missing or older than max_age seconds. */
int detailpane_page_due(const struct detailpane *d, long max_age);

/* The loaded paper was marked read. */
void detailpane_mark_read(struct detailpane *d, int64_t pid);

/* Scrolls by n lines in a pane of h rows. */
void detailpane_scroll(struct detailpane *d, long n, int h);
/* Selects link n (0-based) when the paper has it. */
void detailpane_pick_link(struct detailpane *d, int n);
void detailpane_toggle_authors(struct detailpane *d);
/* The selected link when pid is loaded: a new string, else NULL. */
char *detailpane_url(const struct detailpane *d, int64_t pid);

/* Draws into rc; focused shows the position; the matched words are
 * highlighted. */
void detailpane_draw(const struct detailpane *d, const struct rect *rc, int focused);
/* Writes the links on screen as OSC 8 hyperlinks, once per change. */
void detailpane_hyperlinks(struct detailpane *d, const struct rect *rc);
void detailpane_free(struct detailpane *d);

#endif
