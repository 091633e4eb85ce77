/*
 * app: the interface's event loop, a small manager of panes.
 *
 * Draws when something happened, waits on the terminal, the list's worker
 * and the background jobs, and routes each key: to the prompt when it is
 * open, else through the key map to an action's handler, which acts on the
 * panes and returns flags (REDRAW, REQUERY, QUIT). Results and reports go
 * to the pane that asked for them. Signals only set a flag that the loop
 * reads; every way out goes through term_shutdown.
 */
#include "app.h"
#include "ui.h"

#include <curses.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/config.h"
#include "../src/query.h"
#include "term.h"
#include "../src/base/mem.h"

/* Keeps the message for the messages screen (once, when repeated). */
static void status_log(struct status *s)
{
	if (!s->msg[0])
		return;
	if (s->nlog && strcmp(s->log[(s->nlog - 1) % STATUS_LOG].msg, s->msg) == 0)
		return;
	unsigned i = s->nlog++ % STATUS_LOG;
	memcpy(s->log[i].msg, s->msg, sizeof s->msg);
	s->log[i].error = s->error;
}

static void status_vset(struct status *s, int error, const char *fmt, va_list ap)
	PRINTF_LIKE(3, 0);

static void status_vset(struct status *s, int error, const char *fmt, va_list ap)
{
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	s->error = error;
	s->changed = 1;
	status_log(s);
}

void status_set(struct status *s, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	status_vset(s, error, fmt, ap);
	va_end(ap);
}

void status_clear(struct status *s)
{
	s->changed |= s->msg[0] != '\0';
	s->msg[0] = '\0';
}

void app_msg(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	status_vset(&a->st, error, fmt, ap);
	va_end(ap);
}

int act_messages(struct app *a, const char *arg)
{
	(void)arg;
	a->focus = FOCUS_MESSAGES;
	return F_REDRAW;
}

void app_refresh_row(struct app *a, int64_t pid)
{
	struct db_paper dp;
	char *err = NULL;
	if (db_get_pid(a->db, pid, &dp, &err) != 1) {
		free(err);
		return;
	}
	listpane_update_row(a->list, &dp);
	detailpane_update(&a->det, &dp);
	if (listpane_sort(a->list) == DB_SORT_SCORE) /* learn from the new mark now */
		rank_check(a);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A paper read by being shown: only once it has stayed read_after ms, so
 * papers passed over on the way (a burst of j) stay unread. */
static void read_later(struct app *a, struct db_row *r)
{
	a->read_pid = 0;
	if (a->c->cfg.read_after <= 0) {
		triage_mark_read(a, r);
		return;
	}
	if (r->flags & DB_READ)
		return;
	a->read_pid = r->pid;
	a->read_due = now_ms() + a->c->cfg.read_after;
}

/* The poll's timeout: until the shown paper is due to be read, or none. */
static int read_wait(const struct app *a)
{
	if (!a->read_pid)
		return -1;
	long long left = a->read_due - now_ms();
	return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

/* Marks the shown paper read when its moment has come and it still shows. */
static void read_due(struct app *a)
{
	if (!a->read_pid || now_ms() < a->read_due)
		return;
	struct db_row *r = listpane_row(a->list);
	if (r && r->pid == a->read_pid && a->lay.detail_shown && !a->lay.too_small) {
		triage_mark_read(a, r);
		a->dirty = 1;
	}
	a->read_pid = 0;
}

/* Loads the paper under the cursor into the detail pane when it shows. */
static void sync_detail(struct app *a)
{
	if (!a->lay.detail_shown || a->lay.too_small)
		return;
	struct db_row *r = listpane_row(a->list);
	if (!r) {
		detailpane_clear(&a->det);
		return;
	}
	char *err = NULL;
	int rc = detailpane_show(&a->det, a->db, r->pid, a->lay.detail.w,
				 listpane_learned_model(a->list), listpane_filter(a->list), &err);
	if (rc < 0)
		app_msg(a, 1, "%s", err);
	free(err);
	if (rc == 1 && a->c->cfg.mark_read == MARK_READ_VIEW)
		read_later(a, r);
	if (rc == 1)
		page_later(a, r->pid);
}

static int list_rows(const struct app *a)
{
	return a->lay.list.h;
}

static void relayout(struct app *a)
{
	if (!a->detail_set && a->detail != 2)
		a->detail = layout_detail_fits(LINES, COLS);
	layout_compute(&a->lay, LINES, COLS, a->detail, a->split);
	detailpane_relayout(&a->det);
	listpane_resize(a->list, list_rows(a));
}

/* ---- the prompt ---- */

/*
 * The limit and search prompts keep what was entered, one file each beside
 * the cache (limit_history, search_history), the last HISTORY_MAX lines,
 * rewritten whole after each Enter so a crash loses nothing.
 */
#define HISTORY_MAX 500

static const char *const history_names[2] = {"limit_history", "search_history"};

static int history_of(int kind)
{
	return kind == PK_LIMIT ? 0 : kind == PK_SEARCH ? 1 : -1;
}

static char *history_path(const struct app *a, int i)
{
	const char *db = a->c->db_path ? a->c->db_path : "";
	const char *slash = strrchr(db, '/');
	if (!slash)
		return xstrdup(history_names[i]);
	return xasprintf("%.*s/%s", (int)(slash - db), db, history_names[i]);
}

static void history_load(struct app *a)
{
	for (int i = 0; i < 2; i++) {
		char *path = history_path(a, i), *err = NULL;
		prompt_history_load(&a->hist[i], path, HISTORY_MAX, &err);
		free(err); /* none yet, or unreadable: start afresh */
		free(path);
	}
}

static void history_keep(struct app *a, int kind, const char *text)
{
	int i = history_of(kind);
	if (i < 0 || !*text)
		return;
	prompt_history_add(&a->hist[i], text, HISTORY_MAX);
	char *path = history_path(a, i), *err = NULL;
	if (prompt_history_save(&a->hist[i], path, &err) != 0)
		app_msg(a, 1, "history not saved: %s", err);
	free(err);
	free(path);
}

static void add_word(char ***w, int *n, int *cap, char *word)
{
	if (*n + 1 >= *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*w = xrealloc(*w, (size_t)*cap * sizeof **w);
	}
	(*w)[(*n)++] = word;
}

/* What Tab offers in the limit prompt: the query's fields ("title:"), is:
 * and has: values, tag:TAG for the tags in use and the views (@name). */
static char **limit_words(struct app *a)
{
	char **w = NULL, **tags = NULL, *err = NULL;
	long *counts = NULL;
	int n = 0, cap = 0;
	const char *s;
	for (int i = 0; (s = query_field_name(i)); i++)
		add_word(&w, &n, &cap, xasprintf("%s:", s));
	for (int i = 0; (s = query_state_name(i)); i++)
		add_word(&w, &n, &cap, xasprintf("is:%s", s));
	for (int i = 0; (s = query_has_name(i)); i++)
		add_word(&w, &n, &cap, xasprintf("has:%s", s));
	for (int i = 0; (s = config_default_view(i, NULL)); i++)
		add_word(&w, &n, &cap, xasprintf("@%s", s));
	for (int i = 0; i < a->c->cfg.nviews; i++)
		add_word(&w, &n, &cap, xasprintf("@%s", a->c->cfg.views[i].name));
	if (db_tags_all(a->db, &tags, &counts, &err) == 0)
		for (char **t = tags; t && *t; t++) {
			add_word(&w, &n, &cap, xasprintf("tag:%s", *t));
			free(*t);
		}
	free(tags);
	free(counts);
	free(err);
	add_word(&w, &n, &cap, NULL);
	return prompt_words_sorted(w, n - 1);
}

void app_prompt_open(struct app *a, int kind, const char *label, const char *text,
		     char **words)
{
	if (kind == PK_LIMIT && !words)
		words = limit_words(a);
	prompt_open(&a->pr, kind, label, text, words);
	int i = history_of(kind);
	prompt_set_history(&a->pr, i >= 0 ? &a->hist[i] : NULL);
}

static int prompt_cancelled(struct app *a)
{
	int kind = a->pr.kind;
	prompt_close(&a->pr);
	listpane_set_apply(a->list, 0);
	if (kind == PK_SEARCH)
		return listpane_search_cancel(a->list);
	return F_REDRAW;
}

int app_prompt_done(struct app *a)
{
	char *text = xstrdup(prompt_text(&a->pr));
	int kind = a->pr.kind, f = F_REDRAW;
	history_keep(a, kind, text);
	if (kind == PK_LIMIT) {
		/* On an error the prompt stays open to fix the query. */
		f = listpane_set_limit(a->list, text);
		if (f & F_REQUERY)
			prompt_close(&a->pr);
		free(text);
		return f;
	}
	prompt_close(&a->pr);
	if (kind == PK_EXPORT_PATH) { /* a file name: ~ is the home */
		char *path = prompt_expand_home(text, a->c->cfg.home);
		free(text);
		text = path;
	}
	if (kind == PK_SEARCH)
		f = listpane_search_done(a->list, text);
	else if (kind == PK_TAG || kind == PK_UNTAG)
		f = *text ? triage_tag_done(a, text, kind == PK_UNTAG) : F_REDRAW;
	else
		f = export_prompt_done(a, kind, text);
	if (!a->pr.active)
		listpane_set_apply(a->list, 0);
	free(text);
	return f;
}

static int handle_prompt_key(struct app *a, int key)
{
	enum prompt_result r = prompt_key(&a->pr, key);
	if (r == PROMPT_CANCEL)
		return prompt_cancelled(a);
	if (r == PROMPT_DONE)
		return app_prompt_done(a);
	if (a->pr.kind == PK_SEARCH) /* search as you type */
		return listpane_search_typed(a->list, prompt_text(&a->pr));
	return F_REDRAW;
}

/* ---- keys ---- */

/* A key bound to nothing says where the keys are, but leaves an error on
 * the message line: an error stays until a key acts. */
static int unknown_key(struct app *a, int key)
{
	if (a->st.msg[0] && a->st.error)
		return F_NONE;
	char name[16];
	keys_name(key, name, sizeof name);
	app_msg(a, 0, "unknown key %s: ? for help", name);
	return F_REDRAW;
}

/* The wheel scrolls the pane under it; a click in the list picks a row.
 * Only on the list and the detail pane, never under the prompt. */
static int handle_mouse(struct app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || a->pr.active ||
	    (a->focus != FOCUS_LIST && a->focus != FOCUS_DETAIL))
		return F_NONE;
	int button = ev.bstate & BUTTON1_PRESSED ? 1 : ev.bstate & BUTTON4_PRESSED ? 4
		   : ev.bstate & BUTTON5_PRESSED ? 5 : 0;
	long n;
	switch (layout_mouse(&a->lay, ev.y, ev.x, button, &n)) {
	case MOUSE_SCROLL_LIST:
		return listpane_move(a->list, n);
	case MOUSE_SCROLL_DETAIL:
		detailpane_scroll(&a->det, n, a->lay.detail.h);
		return F_REDRAW;
	case MOUSE_PICK_ROW:
		a->focus = FOCUS_LIST;
		return listpane_pick(a->list, (int)n);
	default:
		return F_NONE;
	}
}

static int handle_key(struct app *a, int key)
{
	if (key == (KEY_FN | KEY_MOUSE))
		return handle_mouse(a);
	if (key == (KEY_FN | KEY_RESIZE)) {
		relayout(a);
		return F_REDRAW;
	}
	if (a->pr.active)
		return handle_prompt_key(a, key);
	if (a->focus == FOCUS_MESSAGES) { /* any key goes back, as a pager's */
		a->focus = FOCUS_LIST;
		return F_REDRAW;
	}
	if (a->focus == FOCUS_DETAIL && key >= '1' && key <= '9') {
		status_clear(&a->st);
		detailpane_pick_link(&a->det, key - '1');
		return F_REDRAW;
	}
	enum action act = keymap_lookup(a->km, key);
	if (act == ACT_NONE)
		return unknown_key(a, key);
	if (act != ACT_MESSAGES) /* the message stays below the messages */
		status_clear(&a->st);
	const struct action_info *ai = keys_action(act);
	int f = ai->fn ? ai->fn(a, keymap_arg(a->km, key)) : F_NONE;
	/* ; applies to the next action only (and to the prompts it opens). */
	if (act != ACT_APPLY && !a->pr.active)
		listpane_set_apply(a->list, 0);
	return f;
}

/* Brings the layout and the detail pane up to date with the state. */
static void prepare(struct app *a)
{
	layout_compute(&a->lay, LINES, COLS, a->detail, a->split);
	if (!a->lay.too_small) {
		sync_detail(a);
		listpane_fit(a->list, list_rows(a));
	}
}

static void apply_flags(struct app *a, int f)
{
	if (f & (F_REDRAW | F_REQUERY))
		a->dirty = 1;
	if (f & F_REQUERY) {
		rank_check(a);
		listpane_requery(a->list, (f & F_KEEP) != 0);
	}
	if (f & F_QUIT)
		a->quit = 1;
}

/* Reads every key curses has, so a burst is drawn once. */
static void read_keys(struct app *a)
{
	wint_t ch;
	int rc;
	nodelay(stdscr, TRUE);
	while (!a->quit && (rc = get_wch(&ch)) != ERR) {
		int key = rc == KEY_CODE_YES ? (int)(KEY_FN | (int)ch) : (int)ch;
		prepare(a); /* a burst of keys sees what each key before it did */
		apply_flags(a, handle_key(a, key));
	}
}

static void frame(struct app *a)
{
	prepare(a);
	/* What prepare said (a paper that cannot be read) is in this frame. */
	a->dirty = 0;
	a->st.changed = 0;
	draw_all(a);
	wnoutrefresh(stdscr);
	doupdate();
	draw_hyperlinks(a);
	listpane_after_frame(a->list);
}

/* The jobs' reports: a job's outcome goes to the message line, and the
 * code that started it says what else it means. */
static void on_jobs(struct app *a)
{
	struct bg_msg m;
	while (jobs_take(&a->jobs, &m)) {
		a->dirty = 1; /* at least the progress line changed */
		int f = F_REDRAW;
		if (m.done && m.text[0])
			app_msg(a, m.rc < 0, "%s", m.text);
		if (m.tag == JOB_SYNC)
			f |= sync_report(a, &m);
		if (m.tag == JOB_INDEX)
			f |= index_report(a, &m);
		if (m.tag == JOB_RANK)
			f |= rank_report(a, &m);
		if (m.tag == JOB_PAGE)
			f |= page_report(a, &m);
		if (m.tag == JOB_READ)
			f |= read_report(a, &m);
		apply_flags(a, f & ~F_QUIT);
	}
}

static void loop(struct app *a)
{
	a->dirty = 1;
	while (!a->quit) {
		if (a->dirty || a->st.changed)
			frame(a);
		struct pollfd fds[3] = {
			{.fd = 0, .events = POLLIN},
			{.fd = listpane_worker_fd(a->list), .events = POLLIN},
			{.fd = jobs_fd(&a->jobs), .events = POLLIN},
		};
		int wait = read_wait(a), pw = page_wait(a);
		if (pw >= 0 && (wait < 0 || pw < wait))
			wait = pw;
		int n = poll(fds, 3, wait);
		if (term_quit_signal)
			break;
		read_due(a);
		page_due(a);
		if (n < 0 && errno != EINTR)
			break;
		if (n < 0) { /* a signal: SIGWINCH comes back as KEY_RESIZE */
			read_keys(a);
			continue;
		}
		if (fds[1].revents && listpane_on_worker(a->list))
			a->dirty = 1;
		if (fds[2].revents)
			on_jobs(a);
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		if (fds[0].revents & POLLIN)
			read_keys(a);
	}
}

/* ---- start and end ---- */

/* Binds what it can. A bad bind keeps its key's default and is no reason
 * not to start: *err names the first one (and how many more), for the
 * message line. Returns 0, or -1 with *err. */
static int apply_binds(struct app *a, char **err)
{
	int bad = 0;
	for (int i = 0; i < a->c->cfg.nbinds; i++) {
		struct config_bind *b = &a->c->cfg.binds[i];
		char *e = NULL;
		if (keymap_bind(a->km, b->key, b->action, &e) != 0 && !bad++)
			*err = xasprintf("%s:%d: %s", a->c->cfg.path ? a->c->cfg.path : "config",
					 b->line, e);
		free(e);
	}
	if (bad > 1) {
		char *m = xasprintf("%s (and %d more bad bind%s)", *err, bad - 1,
				    bad > 2 ? "s" : "");
		free(*err);
		*err = m;
	}
	return bad ? -1 : 0;
}

static void app_free(struct app *a)
{
	jobs_stop(&a->jobs);
	listpane_free(&a->list);
	detailpane_free(&a->det);
	journal_free(&a->journal);
	prompt_close(&a->pr);
	for (int i = 0; i < 2; i++)
		prompt_history_free(&a->hist[i]);
	keymap_free(&a->km);
	free(a->export_format);
}

int ui_main(struct context *c)
{
	struct app a = {0};
	char *err = NULL, *bind_err = NULL;
	int rc = EXIT_ERROR;
	a.c = c;
	a.db = c->db;
#ifdef __GLIBC__
	/* a block of 128 KiB or more (a model's scores, 4 bytes a paper) is
	 * mapped on its own and given back when freed, not kept in the heap
	 * of the thread that made it, as glibc's moving threshold would */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	db_cache_keep(a.db, DB_CACHE_UI_KIB, NULL);
	a.km = keymap_new();
	apply_binds(&a, &bind_err);
	history_load(&a);
	a.list = listpane_new(c, &a.st, &err);
	if (!a.list)
		goto out;
	struct term_opts to = {.no_color = c->cfg.no_color, .in_tmux = c->cfg.in_tmux,
			       .in_screen = c->cfg.in_screen, .mouse = c->cfg.mouse};
	if (term_start(&to, &err) != 0)
		goto out;
	a.detail = layout_detail_fits(LINES, COLS);
	layout_compute(&a.lay, LINES, COLS, a.detail, a.split);
	listpane_fit(a.list, list_rows(&a));
	rank_check(&a);
	listpane_requery(a.list, 0);
	index_ui_start(&a);
	if (bind_err)
		app_msg(&a, 1, "%s", bind_err);
	loop(&a);
	rc = term_quit_signal ? 128 + term_quit_signal : EXIT_OK;
out:
	term_shutdown();
	app_free(&a);
	if (bind_err && err) /* never shown on the screen */
		fprintf(stderr, "papyr: %s\n", bind_err);
	free(bind_err);
	if (err) {
		fprintf(stderr, "papyr: %s\n", err);
		free(err);
	}
	return rc;
}
