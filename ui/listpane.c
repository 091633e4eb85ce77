/* listpane: the list of papers (see listpane.h). */
#include "listpane.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/buf.h"
#include "../src/base/text.h"
#include "../src/config.h"
#include "../src/context.h"
#include "../src/marks.h"
#include "../src/query.h"
#include "list.h"
#include "pwin.h"
#include "term.h"
#include "view.h"
#include "worker.h"

/* Relevance ranks the newest this many matches (db_filter.rank_window). */
#define RANK_WINDOW DB_RANK_WINDOW

struct listpane {
	struct context *c;     /* borrowed: the cache and the settings */
	struct status *st;     /* borrowed: the message line */

	/* what the list shows */
	int view;              /* index into cfg.views, -1 none */
	char *limit;           /* l's query, NULL none */
	char *search;          /* /'s text, NULL none */
	enum db_sort sort;     /* -1: the query's own order */
	int flip;              /* r: the order reversed from the query's */
	struct vq q;           /* the compiled view + limit + search */
	struct vq pending;     /* a search waiting for its first page */
	unsigned page_gen;     /* the worker job that page comes from */

	/* the window over it */
	struct pwin pw;
	long cur, top;
	int h;                 /* rows on screen */
	long count;            /* -1 until counted */
	unsigned count_gen;
	long unread;           /* of them unread, -1 until counted */
	unsigned unread_gen;   /* asked for once the count came */
	int count_due;         /* a count to ask the worker for after the frame */
	struct worker *worker;
	int worker_tried;

	struct marks marks;
	int apply_marked;      /* ';' was pressed: the next action takes the marks */
	int empty_cache;       /* no paper at all: offer a sync or the sample */
	int rank_fallback;     /* the scores the order needs are not ready:
				  newest first meanwhile */
};

static int height(const struct listpane *l)
{
	return l->h > 0 ? l->h : 1;
}

static void read_error(struct listpane *l)
{
	status_set(l->st, 1, "%s", l->pw.err ? l->pw.err : "cannot read the list");
}

/* Moves the cursor along with the window's index correction. */
static long take_shift(struct listpane *l)
{
	long s = pwin_take_shift(&l->pw);
	l->cur += s, l->top += s;
	return s;
}

/* Loads the rows on screen and a screenful either side. */
static void load_window(struct listpane *l)
{
	int h = height(l);
	if (pwin_ensure(&l->pw, l->top - h, l->top + 2 * h) != 0)
		read_error(l);
	take_shift(l);
}

static void check_empty(struct listpane *l)
{
	struct db_filter all = {0};
	struct db_page pg = {0};
	char *err = NULL;
	if (db_list(l->c->db, &all, NULL, 0, 1, &pg, &err) == 0)
		l->empty_cache = pg.n == 0;
	db_page_free(&pg);
	free(err);
}

static const char *view_query(const struct listpane *l)
{
	return l->view >= 0 ? l->c->cfg.views[l->view].query : NULL;
}

struct listpane *listpane_new(struct context *c, struct status *st, char **err)
{
	struct listpane *l = xcalloc(1, sizeof *l);
	const struct config *cfg = &c->cfg;
	int errcol;
	l->c = c;
	l->st = st;
	l->count = l->unread = -1;
	l->sort = (enum db_sort)-1; /* the query's own order until S */
	l->view = -1;
	const char *start = cfg->start_view ? cfg->start_view : "all";
	for (int i = 0; i < cfg->nviews; i++)
		if (strcmp(cfg->views[i].name, start) == 0)
			l->view = i;
	if (l->view < 0 && strcmp(start, "all") != 0) {
		char *shown = text_clean(start, strlen(start), TEXT_COLLAPSE);
		set_err(err, "start_view: there is no view '%s' (papyr views lists them)", shown);
		free(shown);
		listpane_free(&l);
		return NULL;
	}
	char *text = vq_text(view_query(l), NULL, NULL, NULL);
	int rc = vq_compile(&l->q, text, 0, cfg, 0, &errcol, err);
	free(text);
	if (rc != 0) {
		listpane_free(&l);
		return NULL;
	}
	check_empty(l);
	return l;
}

void listpane_free(struct listpane **pl)
{
	struct listpane *l = *pl;
	if (!l)
		return;
	worker_stop(&l->worker);
	pwin_free(&l->pw);
	vq_free(&l->q);
	vq_free(&l->pending);
	listpane_clear_marks(l);
	free(l->marks.pid);
	free(l->marks.id);
	free(l->limit);
	free(l->search);
	free(l);
	*pl = NULL;
}

void listpane_fit(struct listpane *l, int h)
{
	l->h = h;
	l->top = layout_scroll(l->top, l->cur, height(l));
}

void listpane_resize(struct listpane *l, int h)
{
	listpane_fit(l, h);
	load_window(l);
}

/* ---- the cursor ---- */

struct db_row *listpane_row(struct listpane *l)
{
	return pwin_get(&l->pw, l->cur);
}

int listpane_goto(struct listpane *l, long i)
{
	if (i < l->cur && i < l->pw.base && l->pw.at_start && l->pw.origin_known)
		i = l->pw.base;
	int h = height(l);
	if (pwin_ensure(&l->pw, i - h, i + h) != 0)
		read_error(l);
	i += take_shift(l);
	long last = pwin_last(&l->pw);
	if (l->pw.at_end && i > last)
		i = last;
	if (l->pw.at_start && i < l->pw.base)
		i = l->pw.base;
	if (!pwin_get(&l->pw, i))
		return F_REDRAW;
	l->cur = i;
	l->top = layout_scroll(l->top, l->cur, h);
	load_window(l);
	return F_REDRAW;
}

int listpane_move(struct listpane *l, long n)
{
	return listpane_goto(l, l->cur + n);
}

int listpane_pick(struct listpane *l, int y)
{
	return listpane_goto(l, l->top + y);
}

int listpane_first(struct listpane *l)
{
	if (!l->pw.origin_known || !l->pw.at_start) {
		pwin_reset(&l->pw, l->c->db, l->q.f, l->pw.page);
		l->cur = l->top = 0;
	}
	return listpane_goto(l, l->pw.base);
}

int listpane_last(struct listpane *l)
{
	if (!l->pw.at_end) {
		if (pwin_seek_end(&l->pw, l->count) != 0) {
			read_error(l);
			return F_REDRAW;
		}
		/* The cursor and the top are placed anew below, in the
		 * window's new indexes: its correction is not theirs. */
		pwin_take_shift(&l->pw);
	}
	/* From the window's first row, listpane_goto scrolls so that the last
	 * paper sits on the bottom line under a full screen of others. */
	l->cur = pwin_last(&l->pw);
	l->top = l->pw.base;
	return listpane_goto(l, l->cur);
}

/* Steps through unread papers, reading pages as it goes (bounded). */
int listpane_next_unread(struct listpane *l, int dir)
{
	long i = l->cur;
	for (int steps = 0; steps < 20000; steps++) {
		i += dir;
		if (pwin_ensure(&l->pw, i - 1, i + 1) != 0)
			break;
		i += take_shift(l);
		struct db_row *r = pwin_get(&l->pw, i);
		if (!r)
			break;
		if (!(r->flags & DB_READ))
			return listpane_goto(l, i);
	}
	status_set(l->st, 0, "no %s unread paper", dir > 0 ? "further" : "earlier");
	return F_REDRAW;
}

/* Walks to the first row of the next (dir 1) or previous day. */
int listpane_next_day(struct listpane *l, int dir)
{
	struct db_row *r = listpane_row(l);
	if (!r)
		return F_NONE;
	if (l->q.f->sort != DB_SORT_DAY) {
		status_set(l->st, 0, "[ and ] move by day in the day sort (S changes the sort)");
		return F_REDRAW;
	}
	char day[16];
	snprintf(day, sizeof day, "%s", r->day);
	long i = l->cur;
	int passed = dir > 0; /* going up, first leave today's rows behind */
	for (int steps = 0; steps < 100000; steps++) {
		if (pwin_ensure(&l->pw, i - 2, i + 2) != 0)
			break;
		i += take_shift(l);
		struct db_row *n = pwin_get(&l->pw, i + dir);
		if (!n)
			break;
		if (strcmp(n->day, day) != 0) {
			if (passed)
				return listpane_goto(l, dir > 0 ? i + 1 : i);
			passed = 1;
			snprintf(day, sizeof day, "%s", n->day);
		}
		i += dir;
	}
	if (dir < 0 && passed)
		return listpane_goto(l, i);
	status_set(l->st, 0, "no %s day", dir > 0 ? "older" : "newer");
	return F_REDRAW;
}

void listpane_show(struct listpane *l, int64_t pid)
{
	long at = pwin_find(&l->pw, pid);
	if (at >= 0)
		listpane_goto(l, at);
}

int listpane_flags_of(struct listpane *l, int64_t pid, unsigned *flags)
{
	long i = pwin_find(&l->pw, pid);
	if (i < 0)
		return -1;
	*flags = pwin_get(&l->pw, i)->flags;
	return 0;
}

void listpane_update_row(struct listpane *l, const struct db_paper *dp)
{
	long i = pwin_find(&l->pw, dp->pid);
	if (i < 0)
		return;
	struct db_row *r = pwin_get(&l->pw, i);
	if (l->unread >= 0 && (r->flags & DB_READ) != (dp->flags & DB_READ))
		l->unread += dp->flags & DB_READ ? -1 : 1; /* no recount for one paper */
	r->flags = dp->flags | (r->flags & DB_NEW); /* a paper's own are not a row's */
	struct buf b = {0};
	for (char **t = dp->tags; *t; t++)
		buf_printf(&b, "%s%s", b.len ? " " : "", *t);
	free(r->tags);
	r->tags = buf_detach(&b);
}

/* ---- reading the list ---- */

/* Starts counting the list's rows on the worker: the count never holds up
 * a frame. */
static void start_count(struct listpane *l)
{
	l->count = l->unread = -1;
	l->unread_gen = 0;
	l->count_due = 1; /* sent once the frame is out */
}

void listpane_after_frame(struct listpane *l)
{
	if (!l->worker_tried) { /* its connection is not opened before the first frame */
		l->worker_tried = 1;
		l->worker = worker_start(l->c->db_path, &l->c->cfg);
	}
	if (!l->count_due || !l->worker)
		return;
	l->count_due = 0;
	l->count_gen = worker_count(l->worker, l->q.f);
}

int listpane_requery(struct listpane *l, int keep)
{
	struct db_row saved = {0};
	struct db_row *r = keep ? listpane_row(l) : NULL;
	if (r) {
		saved = *r;
		saved.id = xstrdup(r->id), saved.title = xstrdup(r->title);
		saved.day = xstrdup(r->day), saved.published = xstrdup(r->published);
		saved.tags = xstrdup(r->tags);
		saved.marked = NULL;
	}
	l->q.f->sort = (int)l->sort >= 0 ? l->sort : l->q.sort0;
	if (l->rank_fallback && l->q.f->sort == DB_SORT_SCORE)
		l->q.f->sort = DB_SORT_DAY;
	pwin_reset(&l->pw, l->c->db, l->q.f, 2 * (LINES > 40 ? LINES : 40));
	l->cur = l->top = 0;
	if (r) {
		long at;
		if (pwin_seek_row(&l->pw, &saved, &at) == 0 && l->pw.n > 0)
			l->cur = at;
		else
			pwin_reset(&l->pw, l->c->db, l->q.f, l->pw.page);
		db_row_clear(&saved);
	}
	l->top = l->cur - height(l) / 3;
	load_window(l);
	if (l->pw.at_start && l->top < l->pw.base)
		l->top = l->pw.base;
	start_count(l);
	return F_REDRAW;
}

/* A search's first page came: the list shows it. 1 when it changed. */
static int on_page(struct listpane *l, struct wresult *res)
{
	if (res->gen != l->page_gen || !l->pending.f)
		return 0;
	if (res->rc != 0) {
		status_set(l->st, 1, "%s", res->err ? res->err : "search failed");
		return 0;
	}
	vq_move(&l->q, &l->pending);
	pwin_reset(&l->pw, l->c->db, l->q.f, l->pw.page);
	pwin_seed(&l->pw, &res->page);
	l->cur = l->top = 0;
	load_window(l);
	start_count(l);
	return 1;
}

/* While a search is on, its words also match as the starts of longer words
 * (a search, not a set); prefix: the last one is still being typed. */
static unsigned search_flags(const struct listpane *l, int prefix)
{
	return (prefix ? QUERY_PREFIX_LAST : 0) | (l->search ? QUERY_SEARCH : 0);
}

/* The unread papers of the list, counted after its rows (a job of the
 * same kind would replace the rows' count): the list with is:unread. */
static void count_unread(struct listpane *l)
{
	size_t at;
	char *text = vq_text(view_query(l), l->limit, l->search, &at);
	char *unread = xasprintf("is:unread%s%s", *text ? " " : "", text);
	struct vq q = {0};
	char *err = NULL;
	int errcol;
	if (vq_compile(&q, unread, strlen(unread) - strlen(text) + at, &l->c->cfg,
		       search_flags(l, l->search != NULL), &errcol, &err) == 0) {
		if (l->q.q) /* the respelt words' and the partial matches' unread */
			query_respell_as(q.q, l->q.q);
		if (l->q.q && query_relaxed(l->q.q))
			query_relax(q.q);
		l->unread_gen = worker_count(l->worker, q.f);
	}
	vq_free(&q);
	free(err);
	free(unread);
	free(text);
}

/* A search word the cache holds nowhere: the nearest word of the index,
 * on the message line (the first), and searched for instead (each).
 * Returns how many were. */
static int suggest_words(struct listpane *l)
{
	if (query_respelt(l->q.q))
		return 0; /* asked already: the message stands */
	int respelt = 0;
	for (const char *const *w = query_words(l->q.q); *w; w++) {
		char *near = NULL, *err = NULL;
		int rc = db_word_suggest(l->c->db, *w, &near, &err);
		if (rc == 0 && near) {
			if (!respelt)
				status_set(l->st, 0, "no paper has '%s'; did you mean '%s'?", *w,
					   near);
			respelt += query_respell(l->q.q, *w, near);
		}
		free(near);
		free(err);
	}
	return respelt;
}

static int on_count(struct listpane *l, struct wresult *res)
{
	if (l->unread_gen && res->gen == l->unread_gen) {
		l->unread = res->rc == 0 ? res->count : -1;
		return res->rc == 0;
	}
	if (res->gen != l->count_gen)
		return 0;
	if (res->rc != 0) {
		status_set(l->st, 1, "counting: %s", res->err ? res->err : "failed");
		return 0;
	}
	l->count = res->count;
	if (res->count == 0 && l->search && (suggest_words(l) > 0 || query_relax(l->q.q) > 0)) {
		/* no paper holds every word searched: the words meant instead of
		 * those no paper holds, then the best partial matches */
		pwin_reset(&l->pw, l->c->db, l->q.f, l->pw.page);
		l->cur = l->top = 0;
		load_window(l);
		start_count(l);
		return 1;
	}
	pwin_set_count(&l->pw, res->count);
	take_shift(l);
	count_unread(l);
	return 1;
}

int listpane_worker_fd(const struct listpane *l)
{
	return l->worker ? worker_fd(l->worker) : -1;
}

int listpane_on_worker(struct listpane *l)
{
	struct wresult res;
	int changed = 0;
	while (worker_take(l->worker, &res)) {
		if (res.kind == W_PAGE)
			changed |= on_page(l, &res);
		else if (res.kind == W_COUNT)
			changed |= on_count(l, &res);
		db_page_free(&res.page);
		free(res.err);
	}
	return changed;
}

/* ---- the query ---- */

/* Compiles view + limit + search into *q. 0, or -1 with the error shown
 * (unless quiet). */
static int compile_into(struct listpane *l, struct vq *q, int prefix, int quiet)
{
	size_t at;
	char *text = vq_text(view_query(l), l->limit, l->search, &at);
	char *err = NULL;
	int errcol = 0;
	int rc = vq_compile(q, text, at, &l->c->cfg, search_flags(l, prefix), &errcol, &err);
	if (rc != 0 && !quiet)
		status_set(l->st, 1, "%s", err);
	free(err);
	free(text);
	if (rc == 0 && (int)l->sort >= 0)
		q->f->sort = l->sort; /* S chose one; else the query's own */
	if (rc == 0 && l->flip)
		q->f->reverse = !q->f->reverse;
	if (rc == 0)
		q->f->rank_window = RANK_WINDOW;
	return rc;
}

int listpane_compile(struct listpane *l, struct vq *q)
{
	/* A search matches its last word as a prefix, as the list does. */
	if (compile_into(l, q, l->search != NULL, 0) != 0)
		return -1;
	q->f->sort = l->q.f->sort;
	q->f->reverse = l->q.f->reverse;
	return 0;
}

/* Compiles the view, limit and search into l->q (the old query stays on
 * an error, which the message line shows). */
static void rebuild_query(struct listpane *l)
{
	struct vq q = {0};
	if (compile_into(l, &q, 0, 0) != 0)
		return;
	vq_move(&l->q, &q);
	l->pw.f = l->q.f;
}

int listpane_set_view(struct listpane *l, int n)
{
	const struct config *cfg = &l->c->cfg;
	if (n >= cfg->nviews) {
		status_set(l->st, 0, "no view %d (add view.NAME lines to the config)", n + 1);
		return F_REDRAW;
	}
	int errcol;
	char *err = NULL;
	char *text = vq_text(cfg->views[n].query, NULL, NULL, NULL);
	struct vq q = {0};
	int rc = vq_compile(&q, text, 0, cfg, 0, &errcol, &err);
	free(text);
	if (rc != 0) {
		status_set(l->st, 1, "view %s: %s", cfg->views[n].name, err);
		free(err);
		return F_REDRAW;
	}
	vq_free(&q);
	l->view = n;
	free(l->limit), free(l->search);
	l->limit = l->search = NULL;
	rebuild_query(l);
	return F_REDRAW | F_REQUERY;
}

void listpane_wanted_filter(const struct listpane *l, struct db_filter *f)
{
	db_filter_copy(f, l->q.f);
	f->sort = (int)l->sort >= 0 ? l->sort : l->q.sort0;
}

const char *listpane_learned_model(const struct listpane *l)
{
	const struct db_filter *f = l->q.f;
	if (f->sort != DB_SORT_SCORE || strncmp(f->model, "like:", 5) == 0)
		return "";
	return f->model[0] ? f->model : "foryou";
}

void listpane_set_fallback(struct listpane *l, int on)
{
	l->rank_fallback = on;
}

enum db_sort listpane_sort(const struct listpane *l)
{
	return l->q.f->sort;
}

void listpane_set_sort(struct listpane *l, enum db_sort s)
{
	l->sort = s;
	if (l->flip)
		listpane_reverse(l);
}

int listpane_reverse(struct listpane *l)
{
	l->flip = !l->flip;
	l->q.f->reverse = !l->q.f->reverse;
	return l->flip;
}

int listpane_matches_text(const struct listpane *l)
{
	return db_filter_text_use(l->q.f) != DB_TEXT_NONE;
}

/* Checks a part alone, so an error's column is in the text the user typed. */
static int check_part(struct listpane *l, const char *label, const char *text)
{
	struct vq q = {0};
	char *err = NULL;
	int errcol = 0;
	int rc = vq_compile(&q, text, 0, &l->c->cfg, 0, &errcol, &err);
	if (rc != 0)
		status_set(l->st, 1, "%s%s", label, err);
	free(err);
	vq_free(&q);
	return rc;
}

/* Sets *part to text (NULL when empty) and compiles; on an error puts the
 * old value back. 0 or -1. */
static int set_part(struct listpane *l, char **part, const char *text, int prefix)
{
	char *old = *part;
	*part = *text ? xstrdup(text) : NULL;
	struct vq q = {0};
	if (compile_into(l, &q, prefix && *part, 0) != 0) {
		free(*part);
		*part = old;
		return -1;
	}
	free(old);
	vq_move(&l->q, &q);
	return 0;
}

int listpane_set_limit(struct listpane *l, const char *text)
{
	if (check_part(l, "limit: ", text) != 0 || set_part(l, &l->limit, text, 0) != 0)
		return F_REDRAW;
	return F_REQUERY | F_KEEP;
}

int listpane_set_search(struct listpane *l, const char *text)
{
	/* Its last word matches as a prefix, as when typed after /. */
	if (set_part(l, &l->search, text, 1) != 0)
		return F_REDRAW;
	vq_free(&l->pending);
	return F_REQUERY | F_KEEP;
}

/*
 * The search text changed: its first page, ranked, is read on the worker
 * while the keys go on (the next key interrupts it). Only the newest
 * RANK_WINDOW matches are ranked, so a common word or a short prefix costs
 * a bounded time, not time in all its matches.
 */
int listpane_search_typed(struct listpane *l, const char *text)
{
	free(l->search);
	l->search = xstrdup(text);
	struct vq q = {0};
	if (*l->search == '\0') {
		vq_free(&l->pending);
		rebuild_query(l);
		return F_REDRAW | F_REQUERY;
	}
	if (compile_into(l, &q, 1, 1) != 0)
		return F_REDRAW; /* half-typed: wait for more */
	if (!l->worker) {
		vq_move(&l->q, &q);
		return F_REDRAW | F_REQUERY;
	}
	vq_move(&l->pending, &q);
	l->page_gen = worker_page(l->worker, l->pending.f, l->pw.page);
	return F_REDRAW;
}

int listpane_search_done(struct listpane *l, const char *text)
{
	/* The list shows this search already (or soon): keep it. */
	free(l->search);
	l->search = *text ? xstrdup(text) : NULL;
	if (l->search)
		return F_REDRAW;
	rebuild_query(l);
	return F_REDRAW | F_REQUERY | F_KEEP;
}

int listpane_search_cancel(struct listpane *l)
{
	free(l->search);
	l->search = NULL;
	vq_free(&l->pending);
	rebuild_query(l);
	return F_REDRAW | F_REQUERY | F_KEEP;
}

int listpane_clear_query(struct listpane *l)
{
	if (!l->search && !l->limit)
		return F_NONE;
	char **part = l->search ? &l->search : &l->limit;
	free(*part);
	*part = NULL;
	rebuild_query(l);
	return F_REDRAW | F_REQUERY | F_KEEP;
}

const char *listpane_limit(const struct listpane *l)
{
	return l->limit;
}

const char *listpane_search(const struct listpane *l)
{
	return l->search;
}

const struct db_filter *listpane_filter(const struct listpane *l)
{
	return l->q.f;
}

/* ---- marks for bulk actions ---- */

int listpane_marked(const struct listpane *l, int64_t pid)
{
	const struct marks *m = &l->marks;
	for (int i = 0; i < m->n; i++)
		if (m->pid[i] == pid)
			return 1;
	return 0;
}

void listpane_clear_marks(struct listpane *l)
{
	struct marks *m = &l->marks;
	for (int i = 0; i < m->n; i++)
		free(m->id[i]);
	m->n = 0;
}

static void marks_toggle(struct marks *m, int64_t pid, const char *id)
{
	for (int i = 0; i < m->n; i++) {
		if (m->pid[i] != pid)
			continue;
		free(m->id[i]);
		m->pid[i] = m->pid[m->n - 1];
		m->id[i] = m->id[--m->n];
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->pid = xrealloc(m->pid, (size_t)m->cap * sizeof *m->pid);
		m->id = xrealloc(m->id, (size_t)m->cap * sizeof *m->id);
	}
	m->pid[m->n] = pid;
	m->id[m->n++] = xstrdup(id);
}

int listpane_mark(struct listpane *l)
{
	struct db_row *r = listpane_row(l);
	if (!r)
		return F_NONE;
	marks_toggle(&l->marks, r->pid, r->id);
	return listpane_move(l, 1);
}

const struct marks *listpane_marks(const struct listpane *l)
{
	return &l->marks;
}

int listpane_apply_pending(const struct listpane *l)
{
	return l->apply_marked;
}

int listpane_applying(const struct listpane *l)
{
	return l->apply_marked && l->marks.n > 0;
}

void listpane_set_apply(struct listpane *l, int on)
{
	l->apply_marked = on;
}

void listpane_applied(struct listpane *l)
{
	if (listpane_applying(l))
		listpane_clear_marks(l);
	l->apply_marked = 0;
}

int listpane_empty_cache(const struct listpane *l)
{
	return l->empty_cache;
}

int listpane_check_empty_cache(struct listpane *l)
{
	check_empty(l);
	return l->empty_cache;
}

void listpane_set_empty_cache(struct listpane *l, int empty)
{
	l->empty_cache = empty;
}

/* ---- drawing ---- */

static int row_attr(const struct listpane *l, const struct db_row *r)
{
	int attr = 0;
	if (r->flags & DB_DISMISSED)
		attr = term_attr(R_DISMISSED);
	else if (r->flags & DB_STARRED)
		attr = term_attr(R_STARRED);
	else if (!(r->flags & DB_READ))
		attr = term_attr(R_UNREAD);
	if (listpane_marked(l, r->pid))
		attr |= term_attr(R_MARKED);
	return attr;
}

static void draw_row(struct listpane *l, int y, int x, int w, struct db_row *r,
		     int selected)
{
	struct row_cols c;
	int tw = r->tags[0] ? text_width(r->tags) : 0;
	layout_row(&c, w, tw);
	int attr = row_attr(l, r);
	/* The cursor is the row's gutter (marks, day, upvotes) in reverse: a j
	 * step rewrites two gutters, not two whole rows. */
	int gutter = selected ? (attr | term_attr(R_CURSOR)) : attr;
	/* The bulk mark, then the state marks papyr list shows (the note's is
	 * left to the detail pane). */
	char marks[MARKS_LEN + 1];
	marks_format(r->flags, ' ', marks);
	memmove(marks + 1, marks, 3);
	marks[0] = listpane_marked(l, r->pid) ? '+' : ' ';
	marks[4] = '\0';
	char up[24];
	snprintf(up, sizeof up, "%4ld", r->upvotes > 9999 ? 9999 : r->upvotes);
	term_fill(y, x, c.title_x - 1, gutter);
	/* The space before the title in the title's attributes: one change of
	 * attributes fewer for each row drawn. */
	term_fill(y, x + c.title_x - 1, 1, attr);
	term_put(y, x + c.marks_x, marks, c.marks_w, gutter);
	if (c.day_w)
		term_put(y, x + c.day_x, r->day, c.day_w, gutter);
	term_put(y, x + c.up_x, up, c.up_w, gutter);
	if (selected)
		marks[0] = marks[0] == ' ' ? '>' : marks[0];
	term_put_n(y, x + c.marks_x, marks, 1, 1, gutter);
	term_put_hl(y, x + c.title_x, r->marked ? r->marked : r->title, c.title_w, attr);
	if (c.tags_w)
		term_put(y, x + c.tags_x, r->tags, c.tags_w, attr | term_attr(R_DIM));
}

static void draw_empty(const struct listpane *l, const struct rect *rc)
{
	static const char *const first_run[] = {
		"The cache is empty.",
		"",
		"  R  sync the last days from Hugging Face",
		"  L  load the bundled sample (no network needed)",
		"  q  quit",
	};
	if (!l->empty_cache) {
		term_put(rc->y, rc->x + 1, l->search || l->limit ? "No paper matches."
			 : "No papers in this view.", rc->w - 1, term_attr(R_DIM));
		return;
	}
	for (int i = 0; i < 5 && i < rc->h; i++)
		term_put(rc->y + i, rc->x + 1, first_run[i], rc->w - 1, i ? 0 : term_attr(R_HEAD));
}

struct draw_ctx {
	struct listpane *l;
	int cursor_shown;
};

static int paper_row(void *ctx, long i, int y, int x, int w, int selected)
{
	struct draw_ctx *d = ctx;
	struct db_row *r = pwin_get(&d->l->pw, i);
	if (r)
		draw_row(d->l, y, x, w, r, selected && d->cursor_shown);
	else if (selected)
		term_put(y, x, "…", w, term_attr(R_DIM)); /* still being read */
	return r != NULL || selected;
}

void listpane_draw(struct listpane *l, const struct rect *rc, int cursor_shown)
{
	if (rc->h <= 0)
		return;
	if (pwin_empty(&l->pw)) {
		draw_empty(l, rc);
		return;
	}
	struct listw w = {l->cur, l->top, rc->y, rc->x, rc->h, rc->w};
	struct draw_ctx d = {l, cursor_shown};
	list_draw(&w, paper_row, &d);
	l->top = w.top;
}

void listpane_describe(const struct listpane *l, struct buf *b, const char *sort_name)
{
	buf_printf(b, " %s", l->view >= 0 ? l->c->cfg.views[l->view].name : "all");
	if (l->limit)
		buf_printf(b, " · l:%s", l->limit);
	if (l->search)
		buf_printf(b, " · /%s", l->search);
	if (l->q.q && query_relaxed(l->q.q))
		buf_printf(b, " · no paper has all %d words; best partial matches",
			   query_relaxed(l->q.q));
	const struct db_filter *f = l->q.f;
	/* the scores' name: foryou, foryou:TAG, like:ID */
	if (f->sort == DB_SORT_SCORE && f->model[0])
		sort_name = f->model;
	buf_printf(b, " · %s%s", sort_name, l->flip ? " reversed" : "");
	if (f->sort == DB_SORT_RELEVANCE && db_filter_text_use(f) == DB_TEXT_REQUIRED &&
	    f->rank_window > 0 && l->count > f->rank_window) /* older ones follow unranked */
		buf_printf(b, " · ranked the newest %ld of %ld matches", f->rank_window, l->count);
	if (l->unread >= 0)
		buf_printf(b, " · %ld unread", l->unread);
	if (l->marks.n)
		buf_printf(b, " · %d marked%s", l->marks.n, l->apply_marked ? " ;" : "");
}

void listpane_position(const struct listpane *l, char *out, size_t size)
{
	char count[24] = "…";
	if (l->count >= 0)
		snprintf(count, sizeof count, "%ld", l->count);
	if (pwin_empty(&l->pw))
		snprintf(out, size, " 0/%s ", count);
	else if (!l->pw.origin_known)
		snprintf(out, size, " ?/%s ", count);
	else
		snprintf(out, size, " %ld/%s ", l->cur + 1, count);
}
