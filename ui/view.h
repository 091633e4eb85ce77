/*
 * view: what the list shows, as one compiled query.
 *
 * The interface's list is a saved view (cfg.views), narrowed by a limit
 * (l) and a search (/). This joins them into one query text, compiles it
 * through src/query.h and keeps the filter.
 */
#ifndef PAPYR_UI_VIEW_H
#define PAPYR_UI_VIEW_H

#include "../db/db.h"

struct config;
struct query;

struct vq {
	struct query *q;
	struct db_filter *f;   /* borrowed from q */
	enum db_sort sort0;    /* the query's own order, as compiled */
};

/* Joins the parts (each may be NULL or empty) into one query text; new.
 * *search_at, when not NULL, gets where the search's part starts. */
char *vq_text(const char *view, const char *limit, const char *search, size_t *search_at);
/* Compiles text with flags (enum query_flags), its search's words from
 * search_at on (see vq_text); on error v is unchanged and *errcol names the
 * column. */
int vq_compile(struct vq *v, const char *text, size_t search_at, const struct config *cfg,
	       unsigned flags, int *errcol, char **err);
void vq_free(struct vq *v);
/* Moves from into to (freeing what to held); from is left empty. */
void vq_move(struct vq *to, struct vq *from);

#endif
