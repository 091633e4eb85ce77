/*
 * links: the other programs and the outside world. Opening the selected
 * link, or the paper's Hugging Face page, in a browser (or showing it when
 * there is no display or the browser fails), copying it (OSC 52), writing
 * the paper's note in the editor, and the bundled sample for a first run
 * without a network.
 * BibTeX and exports are in export_ui.c, downloads and a sync in sync_ui.c.
 */
#include "app.h"

#include <curses.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/import.h"
#include "../src/base/paper.h"
#include "../src/spawn.h"
#include "term.h"
#include "../src/base/mem.h"
#include "../src/base/text.h"

/* The selected link of the paper under the cursor; a new string or NULL. */
static char *current_url(struct app *a)
{
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return NULL;
	char *url = detailpane_url(&a->det, r->pid);
	return url ? url : paper_abs_url(r->id);
}

/* Opens url in the browser when there is a display, else shows it; a
 * browser that cannot run or fails at once is reported with the URL. */
static int open_url(struct app *a, const char *url)
{
	if (!a->c->cfg.display) {
		app_msg(a, 0, "%s", url);
		return F_REDRAW;
	}
	const char *browser = a->c->cfg.browser;
	char **argv = spawn_argv(browser && *browser ? browser : "xdg-open", url);
	char *err = NULL;
	if (spawn_detached(argv, &err) != 0) {
		app_msg(a, 1, "%s; the link: %s", err, url);
		free(err);
	} else {
		app_msg(a, 0, "opened %s", url);
	}
	spawn_argv_free(&argv);
	return F_REDRAW;
}

int act_open(struct app *a, const char *arg)
{
	(void)arg;
	char *url = current_url(a);
	if (!url)
		return F_NONE;
	if (a->c->cfg.mark_read == MARK_READ_OPEN)
		triage_mark_read(a, listpane_row(a->list));
	int f = open_url(a, url);
	free(url);
	return f;
}

int act_open_hf(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_NONE;
	char *url = paper_hf_url(r->id);
	if (a->c->cfg.mark_read == MARK_READ_OPEN)
		triage_mark_read(a, r);
	int f = open_url(a, url);
	free(url);
	return f;
}

/* ---- the note, in the editor ---- */

/* Trailing white space an editor leaves is not part of the note. */
static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* Runs the editor on the old note with curses set aside, then gives the
 * screen back whole. 0 with the new note in *text, or -1. */
static int edit_note(struct app *a, const char *old, char **text, char **err)
{
	def_prog_mode();
	endwin();
	int rc = spawn_edit_text(old ? old : "", a->c->cfg.editor, a->c->cfg.tmpdir, text,
				 err);
	reset_prog_mode();
	clearok(curscr, TRUE);
	return rc;
}

int act_note(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_NONE;
	int64_t pid = r->pid;
	char *id = xstrdup(r->id), *old = NULL, *text = NULL, *err = NULL;
	if (db_note_get(a->db, id, &old, &err) == 0 && edit_note(a, old, &text, &err) == 0) {
		char *clean = text_clean(text, strlen(text), TEXT_KEEP_NEWLINES);
		trim_end(clean);
		if (strcmp(clean, old ? old : "") == 0)
			app_msg(a, 0, "note unchanged");
		else if (db_note_set(a->db, id, clean, &err) == 0)
			app_msg(a, 0, "%s: %s", id, *clean ? "note saved" : "note removed");
		free(clean);
	}
	if (err)
		app_msg(a, 1, "%s", err);
	free(err);
	free(old);
	free(text);
	free(id);
	app_refresh_row(a, pid);
	return F_REDRAW;
}

int act_copy(struct app *a, const char *arg)
{
	(void)arg;
	char *url = current_url(a);
	if (!url)
		return F_NONE;
	term_osc52(url);
	app_msg(a, 0, "copied %s", url);
	free(url);
	return F_REDRAW;
}

/* ---- the bundled sample ---- */

static int is_dir(const char *path)
{
	DIR *d = opendir(path);
	if (d)
		closedir(d);
	return d != NULL;
}

/* The config's sample_dir (PAPYR_SAMPLE_DIR), else beside the binary (a
 * build tree), else the installed share folder. A new string, or NULL. */
static char *sample_dir(const char *configured)
{
	if (configured && *configured)
		return xstrdup(configured);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	static const char *const tries[] = {"/tests/fixtures/hf", "/../share/papyr/sample"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		char *d = xasprintf("%s%s", exe, tries[i]);
		if (is_dir(d))
			return d;
		free(d);
	}
	return NULL;
}

static int json_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

int act_load_sample(struct app *a, const char *arg)
{
	(void)arg;
	/* The sample is for a first look: mixed into papers of one's own it
	 * could not be told apart or taken out again. */
	if (!listpane_check_empty_cache(a->list)) {
		app_msg(a, 0, "L loads the sample into an empty cache only "
			"(papyr import adds files to this one)");
		return F_REDRAW;
	}
	char *dir = sample_dir(a->c->cfg.sample_dir);
	struct dirent **list = NULL;
	int n = dir ? scandir(dir, &list, json_name, alphasort) : -1;
	if (n <= 0) {
		app_msg(a, 1, "no sample found (set PAPYR_SAMPLE_DIR to a folder of "
			"saved API responses)");
		free(dir);
		return F_REDRAW;
	}
	long added = 0;
	char *err = NULL;
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, list[i]->d_name);
		struct import_stats st = {0};
		if (!err && import_file(a->db, path, &st, &err) == 0)
			added += st.added;
		free(path);
		free(list[i]);
	}
	free(list);
	free(dir);
	if (err) {
		app_msg(a, 1, "%s", err);
		free(err);
	} else {
		app_msg(a, 0, "loaded %ld papers from the sample", added);
	}
	listpane_set_empty_cache(a->list, added == 0 && listpane_empty_cache(a->list));
	return F_REQUERY;
}
