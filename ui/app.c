/*
 * app: the interface's event loop.
 *
 * Draws when something changed, waits on the terminal and the background
 * threads' pipes, and dispatches each key through the key map to a handler
 * that returns flags (REDRAW, REQUERY, QUIT). Signals only set a flag that
 * the loop reads; every way out goes through term_shutdown.
 */
#include "app.h"
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/config.h"
#include "term.h"
#include "worker.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"


void app_msg(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

struct db_row *app_row(struct app *a)
{
	return pwin_get(&a->pw, a->cur);
}

static int list_height(const struct app *a)
{
	return a->lay.list.h > 0 ? a->lay.list.h : 1;
}

/* Loads the rows on screen and a screenful either side. */
static void load_window(struct app *a)
{
	int h = list_height(a);
	if (pwin_ensure(&a->pw, a->top - h, a->top + 2 * h) != 0)
		app_msg(a, 1, "%s", a->pw.err ? a->pw.err : "cannot read the list");
	long s = pwin_take_shift(&a->pw);
	a->cur += s, a->top += s;
}

int app_goto(struct app *a, long i)
{
	if (i < a->cur && i < a->pw.base && a->pw.at_start && a->pw.origin_known)
		i = a->pw.base;
	int h = list_height(a);
	if (pwin_ensure(&a->pw, i - h, i + h) != 0)
		app_msg(a, 1, "%s", a->pw.err ? a->pw.err : "cannot read the list");
	long s = pwin_take_shift(&a->pw);
	a->cur += s, a->top += s, i += s;
	long last = pwin_last(&a->pw);
	if (a->pw.at_end && i > last)
		i = last;
	if (a->pw.at_start && i < a->pw.base)
		i = a->pw.base;
	if (!pwin_get(&a->pw, i))
		return F_REDRAW;
	a->cur = i;
	a->top = layout_scroll(a->top, a->cur, h);
	load_window(a);
	return F_REDRAW;
}

void app_refresh_row(struct app *a, int64_t pid)
{
	long i = pwin_find(&a->pw, pid);
	struct db_paper dp;
	char *err = NULL;
	if (db_get_pid(a->db, pid, &dp, &err) != 1) {
		free(err);
		return;
	}
	if (i >= 0) {
		struct db_row *r = pwin_get(&a->pw, i);
		r->flags = dp.flags;
		struct buf b = {0};
		for (char **t = dp.tags; *t; t++)
			buf_printf(&b, "%s%s", b.len ? " " : "", *t);
		free(r->tags);
		r->tags = buf_detach(&b);
	}
	if (a->dp.pid == pid) {
		db_paper_clear(&a->dp);
		a->dp = dp;
		a->det_width = 0; /* rebuild the lines */
	} else {
		db_paper_clear(&dp);
	}
}

static void load_detail(struct app *a, struct db_row *r)
{
	char *err = NULL;
	db_paper_clear(&a->dp);
	if (db_get_pid(a->db, r->pid, &a->dp, &err) != 1) {
		app_msg(a, 1, "%s", err ? err : "the paper is gone from the cache");
		free(err);
		return;
	}
	a->det_top = 0;
	a->link = 0;
	a->unfold = 0;
	a->det_width = 0;
	if (strcmp(a->c->cfg.mark_read, "view") == 0)
		triage_mark_read(a, r);
}

void app_sync_detail(struct app *a)
{
	if (!a->lay.detail_shown || a->lay.too_small)
		return;
	struct db_row *r = app_row(a);
	if (!r) {
		db_paper_clear(&a->dp);
		detail_free(&a->det);
		return;
	}
	if (a->dp.pid != r->pid)
		load_detail(a, r);
	if (a->dp.pid && a->det_width != a->lay.detail.w) {
		a->det_width = a->lay.detail.w;
		detail_build(&a->det, &a->dp, a->det_width - 1, a->unfold);
	}
}

static void relayout(struct app *a)
{
	if (!a->detail_set && a->detail != 2)
		a->detail = COLS >= LAYOUT_SIDE_COLS;
	layout_compute(&a->lay, LINES, COLS, a->detail, a->split);
	a->top = layout_scroll(a->top, a->cur, list_height(a));
	a->det_width = 0;
	load_window(a);
}

/* Starts counting the list's rows on the worker: the count never holds up
 * a frame. */
static void start_count(struct app *a)
{
	a->count = -1;
	a->count_due = 1; /* sent once the frame is out */
}

static void send_count(struct app *a)
{
	if (!a->worker_tried) { /* its connection is not opened before the first frame */
		a->worker_tried = 1;
		a->worker = worker_start(a->c->db_path, &a->c->cfg);
	}
	if (!a->count_due || !a->worker)
		return;
	a->count_due = 0;
	a->count_gen = worker_count(a->worker, a->q.f);
}

int app_requery(struct app *a, int keep)
{
	struct db_row saved = {0};
	struct db_row *r = keep ? app_row(a) : NULL;
	if (r) {
		saved = *r;
		saved.id = xstrdup(r->id), saved.title = xstrdup(r->title);
		saved.day = xstrdup(r->day), saved.published = xstrdup(r->published);
		saved.tags = xstrdup(r->tags);
	}
	if ((int)a->sort >= 0)
		a->q.f->sort = a->sort;
	pwin_reset(&a->pw, a->db, a->q.f, 2 * (LINES > 40 ? LINES : 40));
	a->cur = a->top = 0;
	if (r) {
		long at;
		if (pwin_seek_row(&a->pw, &saved, &at) == 0 && a->pw.n > 0)
			a->cur = at;
		else
			pwin_reset(&a->pw, a->db, a->q.f, a->pw.page);
		db_row_clear(&saved);
	}
	a->top = a->cur - list_height(a) / 3;
	load_window(a);
	if (a->pw.at_start && a->top < a->pw.base)
		a->top = a->pw.base;
	start_count(a);
	return F_REDRAW;
}

static int handle_prompt_key(struct app *a, int key)
{
	enum prompt_result r = prompt_key(&a->pr, key);
	if (r == PROMPT_CANCEL) {
		int kind = a->pr.kind;
		prompt_close(&a->pr);
		a->apply_marked = 0;
		if (kind == PK_SEARCH) {
			free(a->search);
			a->search = NULL;
			vq_free(&a->pending);
			return app_rebuild_query(a, 0) | F_REQUERY | F_KEEP;
		}
		return F_REDRAW;
	}
	if (r == PROMPT_DONE)
		return app_prompt_done(a);
	return app_prompt_changed(a);
}

static int handle_key(struct app *a, int key)
{
	if (key == (KEY_FN | KEY_RESIZE)) {
		relayout(a);
		return F_REDRAW;
	}
	if (a->pr.active)
		return handle_prompt_key(a, key);
	a->msg[0] = '\0';
	enum action act = keymap_lookup(a->km, key);
	if (a->focus == FOCUS_DETAIL && key >= '1' && key <= '9') {
		if (key - '1' < a->det.nurls)
			a->link = key - '1';
		return F_REDRAW;
	}
	const struct action_info *ai = keys_action(act);
	int f = ai->fn ? ai->fn(a, keymap_arg(a->km, key)) : F_NONE;
	/* ; applies to the next action only (and to the prompts it opens). */
	if (act != ACT_APPLY && !a->pr.active)
		a->apply_marked = 0;
	return f;
}

/* Reads every key curses has, so a burst is drawn once. */
static void prepare(struct app *a);

static void read_keys(struct app *a)
{
	wint_t ch;
	int rc;
	nodelay(stdscr, TRUE);
	while (!a->quit && (rc = get_wch(&ch)) != ERR) {
		int key = rc == KEY_CODE_YES ? (int)(KEY_FN | (int)ch) : (int)ch;
		prepare(a); /* a burst of keys sees what each key before it did */
		int f = handle_key(a, key);
		if (f & F_REQUERY)
			app_requery(a, (f & F_KEEP) != 0);
		if (f & F_QUIT)
			a->quit = 1;
	}
}

/* Brings the layout and the detail pane up to date with the state. */
static void prepare(struct app *a)
{
	layout_compute(&a->lay, LINES, COLS, a->detail, a->split);
	if (!a->lay.too_small) {
		app_sync_detail(a);
		a->top = layout_scroll(a->top, a->cur, list_height(a));
	}
}

static void frame(struct app *a)
{
	prepare(a);
	draw_all(a);
	wnoutrefresh(stdscr);
	doupdate();
	draw_hyperlinks(a);
	send_count(a);
}

static void on_page(struct app *a, struct wresult *res);

static void on_worker(struct app *a)
{
	struct wresult res;
	while (worker_take(a->worker, &res)) {
		if (res.kind == W_PAGE)
			on_page(a, &res);
		db_page_free(&res.page);
		if (res.kind == W_COUNT && res.gen == a->count_gen && res.rc != 0)
			app_msg(a, 1, "counting: %s", res.err ? res.err : "failed");
		if (res.kind == W_COUNT && res.gen == a->count_gen && res.rc == 0) {
			a->count = res.count;
			pwin_set_count(&a->pw, res.count);
			long s = pwin_take_shift(&a->pw);
			a->cur += s, a->top += s;
		}
		free(res.err);
	}
}

/* The jobs' reports: a job's outcome goes to the message line, and the
 * code that started it says what else it means. */
static void on_jobs(struct app *a)
{
	struct bg_msg m;
	while (jobs_take(&a->jobs, &m)) {
		int f = F_REDRAW;
		if (m.done)
			app_msg(a, m.rc < 0, "%s", m.text);
		if (m.tag == JOB_SYNC)
			f |= sync_report(a, &m);
		if (f & F_REQUERY)
			app_requery(a, (f & F_KEEP) != 0);
	}
}

static void loop(struct app *a)
{
	while (!a->quit) {
		frame(a);
		struct pollfd fds[3] = {
			{.fd = 0, .events = POLLIN},
			{.fd = a->worker ? worker_fd(a->worker) : -1, .events = POLLIN},
			{.fd = jobs_fd(&a->jobs), .events = POLLIN},
		};
		int n = poll(fds, 3, -1);
		if (term_quit_signal)
			break;
		if (n < 0 && errno != EINTR)
			break;
		if (n < 0) { /* a signal: SIGWINCH comes back as KEY_RESIZE */
			read_keys(a);
			continue;
		}
		if (fds[1].revents)
			on_worker(a);
		if (fds[2].revents)
			on_jobs(a);
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		if (fds[0].revents & POLLIN)
			read_keys(a);
	}
}

static int apply_binds(struct app *a, char **err)
{
	for (int i = 0; i < a->c->cfg.nbinds; i++) {
		struct config_bind *b = &a->c->cfg.binds[i];
		if (keymap_bind(a->km, b->key, b->action, err) != 0) {
			char *path = config_default_path();
			char *m = xasprintf("%s:%d: %s", path, b->line, *err);
			free(path);
			free(*err);
			*err = m;
			return -1;
		}
	}
	return 0;
}

static int first_view(struct app *a, char **err)
{
	int errcol;
	const struct config *cfg = &a->c->cfg;
	a->view = -1;
	for (int i = 0; i < cfg->nviews; i++)
		if (strcmp(cfg->views[i].name, "all") == 0)
			a->view = i;
	return vq_compile(&a->q, "", cfg, 0, &errcol, err);
}

static void app_free(struct app *a)
{
	worker_stop(&a->worker);
	jobs_stop(&a->jobs);
	pwin_free(&a->pw);
	vq_free(&a->q);
	vq_free(&a->pending);
	db_paper_clear(&a->dp);
	detail_free(&a->det);
	journal_free(&a->journal);
	marks_clear(&a->marks);
	free(a->marks.pid);
	free(a->marks.id);
	prompt_close(&a->pr);
	keymap_free(&a->km);
	free(a->limit);
	free(a->search);
	free(a->export_format);
}

static void check_empty(struct app *a)
{
	struct db_filter all = {0};
	struct db_page pg = {0};
	char *err = NULL;
	if (db_list(a->db, &all, NULL, 0, 1, &pg, &err) == 0 && pg.n == 0)
		a->empty_cache = 1;
	db_page_free(&pg);
	free(err);
}

int ui_main(struct context *c)
{
	struct app a = {0};
	char *err = NULL;
	int rc = EXIT_ERROR;
	a.c = c;
	a.db = c->db;
	a.km = keymap_new();
	a.count = -1;
	a.sort = (enum db_sort)-1; /* the query's own order until S */
	if (apply_binds(&a, &err) != 0 || first_view(&a, &err) != 0)
		goto out;
	if (term_start(&err) != 0)
		goto out;
	a.detail = COLS >= LAYOUT_SIDE_COLS;
	layout_compute(&a.lay, LINES, COLS, a.detail, a.split);
	check_empty(&a);
	app_requery(&a, 0);
	loop(&a);
	rc = term_quit_signal ? 128 + term_quit_signal : EXIT_OK;
out:
	term_shutdown();
	app_free(&a);
	if (err) {
		fprintf(stderr, "papyr: %s\n", err);
		free(err);
	}
	return rc;
}

/* ---- the query and the prompts ---- */

static const char *view_query(const struct app *a)
{
	return a->view >= 0 ? a->c->cfg.views[a->view].query : NULL;
}

/* Compiles view + limit + search into *q. 0, or -1 with the error shown. */
static int compile_into(struct app *a, struct vq *q, int prefix, int quiet)
{
	char *text = vq_text(view_query(a), a->limit, a->search);
	char *err = NULL;
	int errcol = 0;
	int rc = vq_compile(q, text, &a->c->cfg, prefix, &errcol, &err);
	if (rc != 0 && !quiet)
		app_msg(a, 1, "%s", err);
	free(err);
	free(text);
	if (rc == 0 && (int)a->sort >= 0)
		q->f->sort = a->sort; /* S chose one; else the query's own */
	if (rc == 0)
		q->f->rank_window = RANK_WINDOW;
	return rc;
}

int app_compile_view(struct app *a, struct vq *q)
{
	/* A search matches its last word as a prefix, as the list does. */
	if (compile_into(a, q, a->search != NULL, 0) != 0)
		return -1;
	q->f->sort = a->q.f->sort;
	q->f->reverse = a->q.f->reverse;
	return 0;
}

int app_rebuild_query(struct app *a, int prefix)
{
	struct vq q = {0};
	if (compile_into(a, &q, prefix, 0) != 0)
		return F_REDRAW;
	vq_move(&a->q, &q);
	a->pw.f = a->q.f;
	return F_REDRAW;
}

/* Reads the search's first page on the worker; the list keeps the old rows
 * until it comes. */
static void search_send(struct app *a, struct vq *q)
{
	vq_move(&a->pending, q);
	a->page_gen = worker_page(a->worker, a->pending.f, a->pw.page);
}

/*
 * The search text changed: its first page, ranked, is read on the worker
 * while the keys go on (the next key interrupts it). Only the newest
 * RANK_WINDOW matches are ranked, so a common word or a short prefix costs
 * a bounded time, not time in all its matches.
 */
static int search_changed(struct app *a)
{
	free(a->search);
	a->search = xstrdup(prompt_text(&a->pr));
	struct vq q = {0};
	if (*a->search == '\0') {
		vq_free(&a->pending);
		app_rebuild_query(a, 0);
		return F_REQUERY;
	}
	if (compile_into(a, &q, 1, 1) != 0)
		return F_REDRAW; /* half-typed: wait for more */
	if (!a->worker) {
		vq_move(&a->q, &q);
		return F_REQUERY;
	}
	search_send(a, &q);
	return F_REDRAW;
}

int app_prompt_changed(struct app *a)
{
	if (a->pr.kind == PK_SEARCH)
		return search_changed(a);
	return F_REDRAW;
}

/* Checks a part alone, so an error's column is in the text the user typed. */
static int check_part(struct app *a, const char *label, const char *text)
{
	struct vq q = {0};
	char *err = NULL;
	int errcol = 0;
	int rc = vq_compile(&q, text, &a->c->cfg, 0, &errcol, &err);
	if (rc != 0)
		app_msg(a, 1, "%s%s", label, err);
	free(err);
	vq_free(&q);
	return rc;
}

int app_set_limit(struct app *a, const char *text)
{
	if (check_part(a, "limit: ", text) != 0)
		return F_REDRAW; /* the prompt stays open to fix the query */
	char *old = a->limit;
	a->limit = *text ? xstrdup(text) : NULL;
	struct vq q = {0};
	if (compile_into(a, &q, 0, 0) != 0) {
		free(a->limit);
		a->limit = old;
		return F_REDRAW; /* the prompt stays open to fix the query */
	}
	free(old);
	vq_move(&a->q, &q);
	prompt_close(&a->pr);
	return F_REQUERY | F_KEEP;
}

int app_prompt_done(struct app *a)
{
	char *text = xstrdup(prompt_text(&a->pr));
	int kind = a->pr.kind, f = F_REDRAW;
	if (kind == PK_LIMIT) {
		f = app_set_limit(a, text);
		free(text);
		return f;
	}
	prompt_close(&a->pr);
	if (kind == PK_SEARCH) {
		/* The list shows this search already (or soon): keep it. */
		free(a->search);
		a->search = *text ? xstrdup(text) : NULL;
		if (!a->search)
			f = app_rebuild_query(a, 0) | F_REQUERY | F_KEEP;
	} else if (kind == PK_TAG || kind == PK_UNTAG) {
		f = *text ? triage_tag_done(a, text, kind == PK_UNTAG) : F_REDRAW;
	} else {
		f = export_prompt_done(a, kind, text);
	}
	if (!a->pr.active)
		a->apply_marked = 0;
	free(text);
	return f;
}

int app_set_search(struct app *a, const char *text)
{
	char *old = a->search;
	a->search = *text ? xstrdup(text) : NULL;
	struct vq q = {0};
	/* Its last word matches as a prefix, as when typed after /. */
	if (compile_into(a, &q, a->search != NULL, 0) != 0) {
		free(a->search);
		a->search = old;
		return F_REDRAW;
	}
	free(old);
	vq_free(&a->pending);
	vq_move(&a->q, &q);
	return F_REQUERY | F_KEEP;
}

/* A search's first page came: the list shows it. */
static void on_page(struct app *a, struct wresult *res)
{
	if (res->gen != a->page_gen || !a->pending.f)
		return;
	if (res->rc != 0) {
		app_msg(a, 1, "%s", res->err ? res->err : "search failed");
		return;
	}
	vq_move(&a->q, &a->pending);
	pwin_reset(&a->pw, a->db, a->q.f, a->pw.page);
	pwin_seed(&a->pw, &res->page);
	a->cur = a->top = 0;
	load_window(a);
	start_count(a);
}
