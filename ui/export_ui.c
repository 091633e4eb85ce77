/*
 * export_ui: e and Y, reading lists out of the interface.
 *
 * e asks in the prompt line for a format (Tab completes) and a file, then
 * writes the current view, or the marked papers, through src/export.h on a
 * bg thread with its own connection: "exporting…" then "exported N papers"
 * in the status line, the keys free meanwhile. The file is written through
 * a temporary name and renamed (atomic_open), so an export stopped by
 * quitting leaves no half file. Y
 * copies one BibTeX entry, its key the one an export gives (export_cite_key),
 * to the clipboard with OSC 52.
 */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/export.h"
#include "jobs.h"
#include "term.h"
#include "view.h"
#include "../src/base/mem.h"
#include "../src/base/file.h"

/* Papers without a stored citation key that Y keys on the spot (a few
 * milliseconds); more are keyed on a thread first. */
#define KEYS_NOW 5000

struct keys_job {
	char *db_path;
	enum export_key_style style;
};

static void keys_job_free(void *p)
{
	struct keys_job *j = p;
	free(j->db_path);
	free(j);
}

static void run_keys(struct bg_job *job, void *arg)
{
	struct keys_job *j = arg;
	struct db *db = NULL;
	char *err = NULL;
	long added = 0;
	struct bg_msg start = {0};
	snprintf(start.text, sizeof start.text, "making citation keys…");
	bg_report(job, &start);
	int rc = db_open_job(&db, j->db_path, &err) == 0
		 ? export_keys_store(db, j->style, &added, &err) : -1;
	db_close(&db);
	struct bg_msg m = {.done = 1, .rc = rc};
	if (rc == 0)
		snprintf(m.text, sizeof m.text, "made the citation keys of %ld papers: Y copies now",
			 added);
	else
		snprintf(m.text, sizeof m.text, "citation keys: %s", err ? err : "failed");
	free(err);
	bg_report(job, &m);
}

/* Y: the paper's entry with the key an export gives it, clash letter and
 * all. When many papers have no key yet (a cache that never exported),
 * they are keyed on a thread first and Y asks to be pressed again. */
int act_copy_bibtex(struct app *a, const char *arg)
{
	(void)arg;
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return F_NONE;
	struct db_paper dp;
	char *err = NULL;
	if (db_get_pid(a->db, r->pid, &dp, &err) != 1) {
		app_msg(a, 1, "%s", err ? err : "the paper is gone from the cache");
		free(err);
		return F_REDRAW;
	}
	enum export_key_style style = (enum export_key_style)a->c->cfg.bibtex_keys;
	char *key = NULL;
	int rc = jobs_busy(&a->jobs, JOB_KEYS) ? 1
		 : export_cite_key(a->db, &dp, style, KEYS_NOW, &key, &err);
	if (rc < 0) {
		app_msg(a, 1, "%s", err ? err : "cannot make the citation key");
	} else if (rc == 1) {
		const char *why = NULL;
		struct keys_job *j = xcalloc(1, sizeof *j);
		j->db_path = xstrdup(a->c->db_path);
		j->style = style;
		if (jobs_busy(&a->jobs, JOB_KEYS)) {
			keys_job_free(j);
			app_msg(a, 0, "making citation keys; Y again when done");
		} else if (jobs_start(&a->jobs, JOB_KEYS, 1, run_keys, j, keys_job_free, &why) != 0) {
			keys_job_free(j);
			app_msg(a, 1, "cannot make the citation keys: %s", why);
		} else {
			app_msg(a, 0, "making citation keys; Y again when done");
		}
	} else {
		char *entry = export_bibtex_entry_key(&dp, key);
		term_osc52(entry);
		app_msg(a, 0, "copied a BibTeX entry for %s (%s)", dp.p.id, key);
		free(entry);
	}
	free(key);
	free(err);
	db_paper_clear(&dp);
	return F_REDRAW;
}

/* The format names Tab completes, from export.h's table. */
static char **format_words(void)
{
	int n = 0;
	while (export_format_at(n))
		n++;
	char **w = xcalloc((size_t)n + 1, sizeof *w);
	for (int i = 0; i < n; i++)
		w[i] = xstrdup(export_format_at(i)->name);
	return w;
}

int act_export(struct app *a, const char *arg)
{
	(void)arg;
	char label[48];
	if (listpane_applying(a->list))
		snprintf(label, sizeof label, "export %d marked as: ",
			 listpane_marks(a->list)->n);
	else
		snprintf(label, sizeof label, "export the view as: ");
	prompt_open(&a->pr, PK_EXPORT_FORMAT, label, a->export_format ? a->export_format
		    : "bibtex", format_words());
	return F_REDRAW;
}

static int format_done(struct app *a, const char *text)
{
	enum export_format fmt;
	if (export_format_parse(text, &fmt) != 0) {
		char *names = export_format_list(", ");
		app_msg(a, 1, "'%s' is not a format: %s", text, names);
		free(names);
		act_export(a, NULL); /* ask again */
		return F_REDRAW;
	}
	free(a->export_format);
	a->export_format = xstrdup(text);
	char *path = xasprintf("papyr-export.%s", export_format_at((int)fmt)->ext);
	prompt_open(&a->pr, PK_EXPORT_PATH, "export to file: ", path, NULL);
	free(path);
	return F_REDRAW;
}

/* An export on its own thread and connection: the keys never wait for it. */
struct export_job {
	struct bg_job *job;
	char *db_path;
	char *path;
	enum export_format fmt;
	int csv_formulas; /* cells that start like a formula written as they are */
	enum export_key_style key_style;
	int md_authors;
	struct vq q;      /* the view's query, compiled for the job (pids NULL) */
	int64_t *pids;    /* or the marked papers */
	int npids;
};

static void export_job_free(void *p)
{
	struct export_job *j = p;
	free(j->db_path);
	free(j->path);
	vq_free(&j->q);
	free(j->pids);
	free(j);
}

static int export_to(struct export_job *j, struct db *db, long *written, char **err)
{
	struct export_opts opts = {.stop = bg_cancel_flag(j->job), .written = written,
				   .csv_formulas = j->csv_formulas,
				   .key_style = j->key_style, .md_authors = j->md_authors};
	struct atomic_file ef;
	if (atomic_open(&ef, j->path, err) != 0)
		return -1;
	int rc = j->pids ? export_pids_opts(db, j->pids, j->npids, j->fmt, &opts, ef.f, err)
		 : export_filter_opts(db, j->q.f, j->fmt, &opts, ef.f, err);
	if (rc != 0) {
		atomic_abort(&ef);
		char *msg = xasprintf("%s; %s was not written", *err ? *err : "failed", j->path);
		free(*err);
		*err = msg;
		return -1;
	}
	return atomic_commit(&ef, err);
}

static void run_export(struct bg_job *job, void *arg)
{
	struct export_job *j = arg;
	j->job = job;
	struct db *db = NULL;
	char *err = NULL;
	long written = 0;
	struct bg_msg start = {0};
	snprintf(start.text, sizeof start.text, "exporting…");
	bg_report(job, &start);
	int rc = db_open_job(&db, j->db_path, &err) == 0 ? export_to(j, db, &written, &err) : -1;
	db_close(&db);
	struct bg_msg m = {.done = 1, .rc = rc};
	if (rc == 0)
		snprintf(m.text, sizeof m.text, "exported %ld %spaper%s to %s", written,
			 j->pids ? "marked " : "", written == 1 ? "" : "s", j->path);
	else
		snprintf(m.text, sizeof m.text, "export: %s", err ? err : "failed");
	free(err);
	bg_report(job, &m);
}

static int path_done(struct app *a, const char *path)
{
	enum export_format fmt;
	if (!*path || export_format_parse(a->export_format, &fmt) != 0)
		return F_REDRAW;
	if (jobs_busy(&a->jobs, JOB_EXPORT)) {
		app_msg(a, 0, "an export is running");
		return F_REDRAW;
	}
	struct export_job *j = xcalloc(1, sizeof *j);
	j->db_path = xstrdup(a->c->db_path);
	j->path = xstrdup(path);
	j->fmt = fmt;
	j->csv_formulas = !a->c->cfg.csv_formula_guard;
	j->key_style = (enum export_key_style)a->c->cfg.bibtex_keys;
	j->md_authors = a->c->cfg.markdown_authors;
	if (listpane_applying(a->list)) {
		const struct marks *m = listpane_marks(a->list);
		j->npids = m->n;
		j->pids = xmalloc((size_t)m->n * sizeof *j->pids);
		memcpy(j->pids, m->pid, (size_t)m->n * sizeof *j->pids);
	} else if (listpane_compile(a->list, &j->q) != 0) {
		export_job_free(j);
		return F_REDRAW;
	}
	const char *why;
	int marked = j->pids != NULL;
	if (jobs_start(&a->jobs, JOB_EXPORT, 1, run_export, j, export_job_free, &why) != 0) {
		export_job_free(j);
		app_msg(a, 1, "cannot start the export: %s", why);
		return F_REDRAW;
	}
	if (marked) /* the job has its copy: the marks are spent, as after any ; */
		listpane_applied(a->list);
	return F_REDRAW;
}

int export_prompt_done(struct app *a, int kind, const char *text)
{
	if (kind == PK_EXPORT_FORMAT)
		return format_done(a, text);
	return path_done(a, text);
}
