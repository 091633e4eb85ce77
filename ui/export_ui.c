/*
 * export_ui: e and Y, reading lists out of the interface.
 *
 * e asks in the prompt line for a format (Tab completes) and a file, then
 * writes the current view, or the marked papers, through src/export.h. Y
 * copies one BibTeX entry (export_bibtex_entry) to the clipboard with OSC 52.
 */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/export.h"
#include "term.h"

static const char *const format_names[] = {
	"bibtex", "csl-json", "ris", "markdown", "csv", "json",
};
static const char *const format_ext[] = {
	"bib", "json", "ris", "md", "csv", "json",
};

#define NFORMATS (sizeof format_names / sizeof format_names[0])

int act_copy_bibtex(struct app *a)
{
	struct db_row *r = app_row(a);
	if (!r)
		return F_NONE;
	struct db_paper dp;
	char *err = NULL;
	if (db_get_pid(a->db, r->pid, &dp, &err) != 1) {
		app_msg(a, 1, "%s", err ? err : "the paper is gone from the cache");
		free(err);
		return F_REDRAW;
	}
	char *entry = export_bibtex_entry(&dp);
	term_osc52(entry);
	app_msg(a, 0, "copied a BibTeX entry for %s", dp.p.id);
	free(entry);
	db_paper_clear(&dp);
	return F_REDRAW;
}

static char **format_words(void)
{
	char **w = xcalloc(NFORMATS + 1, sizeof *w);
	for (size_t i = 0; i < NFORMATS; i++)
		w[i] = xstrdup(format_names[i]);
	return w;
}

int act_export(struct app *a)
{
	char label[48];
	if (a->apply_marked && a->marks.n)
		snprintf(label, sizeof label, "export %d marked as: ", a->marks.n);
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
		app_msg(a, 1, "'%s' is not a format: bibtex, csl-json, ris, markdown, csv, json",
			text);
		act_export(a); /* ask again */
		return F_REDRAW;
	}
	free(a->export_format);
	a->export_format = xstrdup(text);
	char *path = xasprintf("papyr-export.%s", format_ext[fmt]);
	prompt_open(&a->pr, PK_EXPORT_PATH, "export to file: ", path, NULL);
	free(path);
	return F_REDRAW;
}

static int write_export(struct app *a, enum export_format fmt, FILE *f, char **err)
{
	if (a->apply_marked && a->marks.n)
		return export_pids(a->db, a->marks.pid, a->marks.n, fmt, f, err);
	return export_filter(a->db, a->q.f, fmt, f, err);
}

static int path_done(struct app *a, const char *path)
{
	enum export_format fmt;
	char *err = NULL;
	if (!*path || export_format_parse(a->export_format, &fmt) != 0)
		return F_REDRAW;
	FILE *f = fopen(path, "w");
	if (!f) {
		app_msg(a, 1, "%s: %s", path, strerror(errno));
		return F_REDRAW;
	}
	int rc = write_export(a, fmt, f, &err);
	if (fclose(f) != 0 && rc == 0)
		rc = set_err(&err, "%s: %s", path, strerror(errno));
	if (rc != 0)
		app_msg(a, 1, "export: %s", err ? err : "failed");
	else if (a->apply_marked && a->marks.n)
		app_msg(a, 0, "exported %d marked paper%s to %s", a->marks.n,
			a->marks.n == 1 ? "" : "s", path);
	else
		app_msg(a, 0, "exported the view to %s", path);
	free(err);
	return F_REDRAW;
}

int export_prompt_done(struct app *a, int kind, const char *text)
{
	if (kind == PK_EXPORT_FORMAT)
		return format_done(a, text);
	return path_done(a, text);
}
