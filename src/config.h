/*
 * config: settings from $XDG_CONFIG_HOME/papyr/config, then the environment.
 *
 * The file is plain "key = value" lines; '#' starts a comment. Two kinds of
 * line carry a name: "view.NAME = QUERY" defines a saved view and
 * "bind KEY ACTION" binds a key in the TUI. An unknown key, a bad value or a
 * malformed line is an error naming the file and line; nothing is ignored.
 */
#ifndef PAPYR_CONFIG_H
#define PAPYR_CONFIG_H

struct config_view {
	char *name;
	char *query;
};

struct config_bind {
	char *key;
	char *action;
	int line;
};

struct config {
	char *hf_url;        /* base URL of the Hugging Face API */
	char *download_dir;  /* where PDFs go */
	int sync_days;       /* days back a plain `papyr sync` fetches */
	int sync_refetch;    /* recent days fetched again (lists and upvotes move) */
	int concurrency;     /* requests in flight at once */
	int timeout;         /* seconds for one request, all told */
	int hyperlinks;      /* OSC 8 links in the TUI */
	char *mark_read;     /* when the TUI marks a paper read: view, open, never */
	int csv_formula_guard; /* export csv: a ' before a cell that starts like a
				  formula (= + - @) */
	struct config_view *views;
	int nviews;
	struct config_bind *binds;
	int nbinds;
};

/* Fills defaults, reads path (NULL: the default path; a missing default file
 * is fine, a missing named one is not), then the environment (PAPYR_HF_URL).
 * Returns 0, or -1 with *err like "~/.config/papyr/config:3: ...". */
int config_load(struct config *cfg, const char *path, char **err);
void config_free(struct config *cfg);
/* Returns the default config path (a new string). */
char *config_default_path(void);
/* Borrowed query of a view, or NULL. Defaults exist for today, unread,
 * starred, toread and all; the file may override them. cfg NULL: the
 * defaults alone. */
const char *config_view(const struct config *cfg, const char *name);
/* The i-th default view's name (and its query in *query when not NULL),
 * or NULL past the last: for iteration. Borrowed, static. */
const char *config_default_view(int i, const char **query);

#endif
