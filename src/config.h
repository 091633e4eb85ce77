/*
 * config: every setting papyr reads, in one place: defaults, then
 * $XDG_CONFIG_HOME/papyr/config, then the environment, read once at
 * start-up by config_load and passed down from there (nothing else in papyr
 * calls getenv, except the terminal's own variables that curses reads).
 *
 * The file is plain "key = value" lines; '#' starts a comment. Three kinds of
 * line carry a name: "alert.NAME = QUERY" a watch for the digest,
 * "view.NAME = QUERY" defines a saved view and
 * "bind KEY ACTION [ARG]" binds a key in the TUI. An unknown key, a bad value or a
 * malformed line is an error naming the file and line; nothing is ignored,
 * and every bad line is named at once, not only the first.
 */
#ifndef PAPYR_CONFIG_H
#define PAPYR_CONFIG_H

struct config_view {
	char *name;
	char *query;
	int line;            /* of the file; 0 for a default view */
};

struct config_bind {
	char *key;
	char *action;
	int line;
};

/* When the interface marks a paper read. */
enum config_mark_read {
	MARK_READ_VIEW,      /* when its detail is shown */
	MARK_READ_OPEN,      /* when it is opened in the browser */
	MARK_READ_NEVER,
};

/* The meaning of each field, its default and where it comes from are in the
 * table in config.c. Strings are NULL when unset. */
struct config {
	char *hf_url;        /* base URL of the Hugging Face API */
	char *zotero_url;    /* base URL of Zotero's connector */
	char *download_dir;  /* where PDFs go */
	int sync_days;       /* days back a plain `papyr sync` fetches */
	int sync_refetch;    /* recent days fetched again (lists and upvotes move) */
	int concurrency;     /* requests in flight at once */
	int timeout;         /* seconds for one request, all told */
	int hyperlinks;      /* OSC 8 links in the TUI */
	int csv_formula_guard; /* export csv: a ' before a cell that starts like a
				  formula (= + - @) */
	int mouse;           /* the TUI takes the mouse: wheel, click */
	int fetch_details;   /* Hugging Face paper pages: the interface's detail
				pane and kept papers during sync */
	int bibtex_keys;     /* enum export_key_style: papyr or bbt */
	int markdown_authors; /* export markdown: more authors than this are
				 "First Author et al." */
	enum config_mark_read mark_read;
	int read_after;      /* ms a paper is shown before it is marked read */
	int advance;         /* s, x and tagging move on to the next paper */
	char *start_view;    /* the view the interface opens on */
	char *arxiv;         /* arXiv categories to sync, space-separated; NULL: none */
	double arxiv_delay;  /* seconds between two requests to arXiv */
	char *arxiv_rss_url; /* PAPYR_ARXIV_RSS_URL: the announcement feeds */
	char *arxiv_oai_url; /* PAPYR_ARXIV_OAI_URL: OAI-PMH */
	char *arxiv_api_url; /* PAPYR_ARXIV_API_URL: the query API */
	int arxiv_elsewhere; /* one of those three is set (a test server) */
	int learn;           /* sort:foryou learns from the marks */
	char *negative_tags; /* tags that count against a paper, comma-separated */
	/* From the environment alone. */
	char *hf_token;      /* HF_TOKEN */
	char *pdf_url;       /* PAPYR_PDF_URL */
	char *sample_dir;    /* PAPYR_SAMPLE_DIR */
	double retry_max_wait; /* PAPYR_RETRY_MAX_WAIT, seconds */
	int sync_page_size;  /* PAPYR_SYNC_PAGE_SIZE */
	int index_chunk;     /* PAPYR_INDEX_CHUNK: papers per step of an index rebuild */
	int index_stop;      /* PAPYR_TEST_INDEX_STOP: tests kill papyr at this step
				of an index rebuild (0: never) */
	char *db_path;       /* PAPYR_DB */
	char *data_home;     /* XDG_DATA_HOME */
	char *home;          /* HOME */
	char *editor;        /* VISUAL, else EDITOR */
	char *pager;         /* PAGER */
	char *tmpdir;        /* TMPDIR */
	char *browser;       /* BROWSER */
	int display;         /* DISPLAY or WAYLAND_DISPLAY is set */
	int columns;         /* COLUMNS, 0 when unset */
	char *term;          /* TERM */
	int no_color;        /* NO_COLOR is set */
	int in_tmux;         /* TMUX is set */
	int in_screen;       /* STY is set */
	struct config_view *views;
	int nviews;
	struct config_bind *binds;
	int nbinds;
	struct config_view *alerts; /* alert.NAME = QUERY lines, for the digest */
	int nalerts;
	char *path;          /* the file read (NULL: none), for messages */
};

/* Fills defaults, reads path (NULL: the default path; a missing default file
 * is fine, a missing named one is not), then the environment (a variable
 * overrides the file; one whose value does not parse is ignored).
 * Returns 0, or -1 with *err like "~/.config/papyr/config:3: ...": one
 * line for each bad line of the file, joined by '\n'. */
int config_load(struct config *cfg, const char *path, char **err);
void config_free(struct config *cfg);
/* Returns the default config path (a new string). */
char *config_default_path(void);
/* arXiv's terms ask for at least this long between two requests. */
#define CONFIG_ARXIV_MIN_DELAY 3.0

/*
 * The delay between two arXiv requests: arxiv_delay, raised to
 * CONFIG_ARXIV_MIN_DELAY unless arXiv's URLs point elsewhere (a test
 * server). *warning is set (static) when it was raised, else NULL.
 */
double config_arxiv_delay(const struct config *cfg, const char **warning);

/* The per-user file that keeps arXiv's requests apart across every run of
 * papyr (beside the default cache, whichever cache a run uses). New string. */
char *config_arxiv_gate_path(const struct config *cfg);

/* Borrowed query of a view, or NULL. Defaults exist for today, unread,
 * starred, toread and all; the file may override them. cfg NULL: the
 * defaults alone. */
const char *config_view(const struct config *cfg, const char *name);
/* The i-th default view's name (and its query in *query when not NULL),
 * or NULL past the last: for iteration. Borrowed, static. */
const char *config_default_view(int i, const char **query);

#endif
