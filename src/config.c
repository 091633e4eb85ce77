/* config: the settings table, the file and the environment (see config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "fetch.h"
#include "sync.h"
#include "zotero.h"

enum setting_type {
	SET_STRING,
	SET_CHOICE,   /* one word of choices, kept as its index (an enum) */
	SET_INT,
	SET_SECONDS,  /* a number of seconds, fractions allowed (a double) */
	SET_BOOL,     /* yes/no, true/false, on/off, 1/0 */
	SET_PRESENT,  /* 1 when one of the variables is set and not empty */
};

enum setting_from {
	FROM_FILE = 1 << 0,
	FROM_ENV = 1 << 1,
};

/*
 * Every setting: its name (the key in the file), where it may come from,
 * the environment variables that set it (space-separated; the first one set
 * and not empty wins; they override the file), its type and range, its
 * default as the file would write it (NULL: unset), and what it is for.
 */
static const struct setting {
	const char *key;
	unsigned from;       /* enum setting_from */
	const char *env;
	enum setting_type type;
	size_t offset;
	double min, max;
	const char *choices; /* for SET_CHOICE: "a|b|c", in the enum's order */
	const char *def;
	const char *help;
} settings[] = {
#define F(field) offsetof(struct config, field)
#define STR(x) STR_(x)
#define STR_(x) #x
	{"hf_url", FROM_FILE | FROM_ENV, "PAPYR_HF_URL", SET_STRING, F(hf_url), 0, 0, NULL,
	 "https://huggingface.co", "the API's base URL"},
	{"zotero_url", FROM_FILE | FROM_ENV, "PAPYR_ZOTERO_URL", SET_STRING, F(zotero_url), 0, 0,
	 NULL, ZOTERO_URL, "the running Zotero's connector"},
	{"download_dir", FROM_FILE, NULL, SET_STRING, F(download_dir), 0, 0, NULL, NULL,
	 "where PDFs go (default: ~/Downloads/papyr)"},
	{"sync_days", FROM_FILE, NULL, SET_INT, F(sync_days), 1, 3650, NULL, "7",
	 "days back a plain `papyr sync` fetches"},
	{"sync_refetch", FROM_FILE, NULL, SET_INT, F(sync_refetch), 0, 365, NULL, "14",
	 "recent days fetched again, since lists and upvotes move"},
	{"concurrency", FROM_FILE, NULL, SET_INT, F(concurrency), 1, 16, NULL, "4",
	 "requests in flight at once"},
	{"timeout", FROM_FILE, NULL, SET_INT, F(timeout), 1, 3600, NULL, "60",
	 "seconds one request may take, all told"},
	{"hyperlinks", FROM_FILE, NULL, SET_BOOL, F(hyperlinks), 0, 1, NULL, "yes",
	 "links in the interface are OSC 8 hyperlinks"},
	{"mouse", FROM_FILE, NULL, SET_BOOL, F(mouse), 0, 1, NULL, "yes",
	 "the interface takes the mouse: the wheel scrolls, a click selects"},
	{"mark_read", FROM_FILE, NULL, SET_CHOICE, F(mark_read), 0, 0, "view|open|never",
	 "view", "when the interface marks a paper read"},
	{"csv_formula_guard", FROM_FILE, NULL, SET_BOOL, F(csv_formula_guard), 0, 1, NULL, "yes",
	 "export csv: a ' before a cell that starts like a formula (= + - @)"},
	{"fetch_details", FROM_FILE, NULL, SET_BOOL, F(fetch_details), 0, 1, NULL, "yes",
	 "fetch Hugging Face paper pages (linked models, datasets, Spaces) for a paper "
	 "shown a moment in the interface and for kept papers during sync"},
	{"bibtex_keys", FROM_FILE, NULL, SET_CHOICE, F(bibtex_keys), 0, 0, "papyr|bbt", "papyr",
	 "citation keys: papyr's (vaswani2017attention) or Better BibTeX's "
	 "(vaswaniAttentionAllYou2017)"},
	{"markdown_authors", FROM_FILE, NULL, SET_INT, F(markdown_authors), 1, 1000, NULL, "10",
	 "export markdown: a paper with more authors shows \"First Author et al.\""},
	{"read_after", FROM_FILE, NULL, SET_INT, F(read_after), 0, 60000, NULL, "500",
	 "milliseconds a paper is shown before mark_read = view marks it read"},
	{"advance", FROM_FILE, NULL, SET_BOOL, F(advance), 0, 1, NULL, "yes",
	 "starring, tagging and dismissing move on to the next paper"},
	{"start_view", FROM_FILE, NULL, SET_STRING, F(start_view), 0, 0, NULL, "all",
	 "the view the interface opens on"},
	{"arxiv", FROM_FILE, NULL, SET_STRING, F(arxiv), 0, 0, NULL, NULL,
	 "arXiv categories `papyr sync` fetches too (cs.LG cs.CL)"},
	{"arxiv_delay", FROM_FILE, NULL, SET_SECONDS, F(arxiv_delay), 0, 3600, NULL, "3",
	 "seconds between two requests to arXiv (3 at least)"},
	{"arxiv_rss_url", FROM_ENV, "PAPYR_ARXIV_RSS_URL", SET_STRING, F(arxiv_rss_url), 0, 0,
	 NULL, "https://rss.arxiv.org", "arXiv's announcement feeds"},
	{"arxiv_oai_url", FROM_ENV, "PAPYR_ARXIV_OAI_URL", SET_STRING, F(arxiv_oai_url), 0, 0,
	 NULL, "https://oaipmh.arxiv.org/oai", "arXiv's OAI-PMH service"},
	{"arxiv_api_url", FROM_ENV, "PAPYR_ARXIV_API_URL", SET_STRING, F(arxiv_api_url), 0, 0,
	 NULL, "https://export.arxiv.org/api/query", "arXiv's query API"},
	{"arxiv_elsewhere", FROM_ENV,
	 "PAPYR_ARXIV_RSS_URL PAPYR_ARXIV_OAI_URL PAPYR_ARXIV_API_URL", SET_PRESENT,
	 F(arxiv_elsewhere), 0, 0, NULL, NULL, "arXiv's URLs point at another server"},
	{"learn", FROM_FILE, NULL, SET_BOOL, F(learn), 0, 1, NULL, "yes",
	 "learn from the marks what to rank first (sort:foryou); no: newest first"},
	{"negative_tags", FROM_FILE, NULL, SET_STRING, F(negative_tags), 0, 0, NULL, "skip",
	 "tags that mean \"not for me\" to sort:foryou, separated by commas"},
	{"hf_token", FROM_ENV, "HF_TOKEN", SET_STRING, F(hf_token), 0, 0, NULL, NULL,
	 "sent to the API as a bearer token"},
	{"pdf_url", FROM_ENV, "PAPYR_PDF_URL", SET_STRING, F(pdf_url), 0, 0, NULL, NULL,
	 "a mirror for PDF downloads, instead of arxiv.org"},
	{"sample_dir", FROM_ENV, "PAPYR_SAMPLE_DIR", SET_STRING, F(sample_dir), 0, 0, NULL,
	 NULL, "where the interface finds the bundled sample"},
	{"retry_max_wait", FROM_ENV, "PAPYR_RETRY_MAX_WAIT", SET_SECONDS, F(retry_max_wait),
	 0, 86400, NULL, STR(FETCH_MAX_WAIT), "the longest wait, in seconds, before a retry"},
	{"sync_page_size", FROM_ENV, "PAPYR_SYNC_PAGE_SIZE", SET_INT, F(sync_page_size), 1,
	 SYNC_PAGE_LIMIT, NULL, STR(SYNC_PAGE_LIMIT), "papers asked for per page"},
	{"index_chunk", FROM_ENV, "PAPYR_INDEX_CHUNK", SET_INT, F(index_chunk), 1, 1000000,
	 NULL, "5000", "papers per transaction when the search index is rebuilt"},
	{"index_stop", FROM_ENV, "PAPYR_TEST_INDEX_STOP", SET_INT, F(index_stop), 0, 1000000,
	 NULL, "0", "tests: kill papyr at this step of an index rebuild (0: never)"},
	{"db", FROM_ENV, "PAPYR_DB", SET_STRING, F(db_path), 0, 0, NULL, NULL,
	 "the cache file (--db overrides it)"},
	{"data_home", FROM_ENV, "XDG_DATA_HOME", SET_STRING, F(data_home), 0, 0, NULL, NULL,
	 "where the cache lives (in papyr/)"},
	{"home", FROM_ENV, "HOME", SET_STRING, F(home), 0, 0, NULL, NULL,
	 "the user's home, under which the defaults live"},
	{"editor", FROM_ENV, "VISUAL EDITOR", SET_STRING, F(editor), 0, 0, NULL, "vi",
	 "the editor for notes"},
	{"pager", FROM_ENV, "PAGER", SET_STRING, F(pager), 0, 0, NULL, "less",
	 "what shows a paper's full text (papyr read, F)"},
	{"tmpdir", FROM_ENV, "TMPDIR", SET_STRING, F(tmpdir), 0, 0, NULL, "/tmp",
	 "where the editor's file is made"},
	{"browser", FROM_ENV, "BROWSER", SET_STRING, F(browser), 0, 0, NULL, "xdg-open",
	 "what the interface opens links with"},
	{"display", FROM_ENV, "DISPLAY WAYLAND_DISPLAY", SET_PRESENT, F(display), 0, 0, NULL,
	 NULL, "a graphical display, where a browser can open"},
	{"columns", FROM_ENV, "COLUMNS", SET_INT, F(columns), 21, 100000, NULL, NULL,
	 "the width of a list when stdout is not a terminal"},
	{"term", FROM_ENV, "TERM", SET_STRING, F(term), 0, 0, NULL, NULL,
	 "the terminal, for what it can show (OSC 8)"},
	{"no_color", FROM_ENV, "NO_COLOR", SET_PRESENT, F(no_color), 0, 0, NULL, NULL,
	 "no colours in the interface"},
	{"in_tmux", FROM_ENV, "TMUX", SET_PRESENT, F(in_tmux), 0, 0, NULL, NULL,
	 "inside tmux: the clipboard sequence is wrapped for it"},
	{"in_screen", FROM_ENV, "STY", SET_PRESENT, F(in_screen), 0, 0, NULL, NULL,
	 "inside screen: the clipboard sequence is wrapped for it"},
#undef STR_
#undef STR
#undef F
};

_Static_assert(sizeof(enum config_mark_read) == sizeof(int), "a choice is kept as an int");

/* The one table of default views: the config starts from it, and a query
 * compiled without a config reads it (config_view with cfg NULL). */
static const struct config_view default_views[] = {
	{"today", "date:today", 0},
	{"unread", "is:unread -is:dismissed", 0},
	{"starred", "is:starred", 0},
	{"toread", "tag:toread -is:dismissed", 0},
	{"all", "", 0},
	{"new", "is:new -is:dismissed", 0},
	/* arXiv today: the latest announcement's new and cross-listed papers */
	{"arxiv", "announce:latest (announce:new OR announce:cross) -is:dismissed", 0},
	/* the week's papers not handled yet, best first (the digest's "For
	 * you" group leaves out the same marks: digest.c) */
	{"foryou", "date:-7d sort:foryou -is:starred -is:tagged -is:noted -is:dismissed", 0},
};

/* An alert; a name given again takes the later query. */
static void add_alert(struct config *cfg, const char *name, const char *query, int line)
{
	for (int i = 0; i < cfg->nalerts; i++)
		if (strcmp(cfg->alerts[i].name, name) == 0) {
			free(cfg->alerts[i].query);
			cfg->alerts[i].query = xstrdup(query);
			cfg->alerts[i].line = line;
			return;
		}
	cfg->alerts = xrealloc(cfg->alerts, (size_t)(cfg->nalerts + 1) * sizeof *cfg->alerts);
	cfg->alerts[cfg->nalerts].name = xstrdup(name);
	cfg->alerts[cfg->nalerts].query = xstrdup(query);
	cfg->alerts[cfg->nalerts].line = line;
	cfg->nalerts++;
}

/* The file's place is the one setting read before the file. */
char *config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/papyr/config", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.config/papyr/config", home ? home : ".");
}

static void add_view(struct config *cfg, const char *name, const char *query, int line)
{
	for (int i = 0; i < cfg->nviews; i++) {
		if (strcmp(cfg->views[i].name, name) == 0) {
			free(cfg->views[i].query);
			cfg->views[i].query = xstrdup(query);
			cfg->views[i].line = line;
			return;
		}
	}
	cfg->views = xrealloc(cfg->views, (size_t)(cfg->nviews + 1) * sizeof *cfg->views);
	cfg->views[cfg->nviews].name = xstrdup(name);
	cfg->views[cfg->nviews].query = xstrdup(query);
	cfg->views[cfg->nviews].line = line;
	cfg->nviews++;
}

const char *config_default_view(int i, const char **query)
{
	if (i < 0 || (size_t)i >= sizeof default_views / sizeof default_views[0])
		return NULL;
	if (query)
		*query = default_views[i].query;
	return default_views[i].name;
}

const char *config_view(const struct config *cfg, const char *name)
{
	if (!cfg) {
		const char *query, *n;
		for (int i = 0; (n = config_default_view(i, &query)); i++)
			if (strcmp(n, name) == 0)
				return query;
		return NULL;
	}
	for (int i = 0; i < cfg->nviews; i++)
		if (strcmp(cfg->views[i].name, name) == 0)
			return cfg->views[i].query;
	return NULL;
}

static int apply(struct config *cfg, const struct setting *s, const char *v,
		 const char *where, char **err);
static int check_arxiv(struct config *cfg, char **err);

static void set_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (settings[i].def && apply(cfg, &settings[i], settings[i].def, "default",
					     NULL) != 0)
			abort(); /* a default the table cannot parse */
	for (size_t i = 0; i < sizeof default_views / sizeof default_views[0]; i++)
		add_view(cfg, default_views[i].name, default_views[i].query, 0);
}

/* The first of the setting's variables that is set and not empty, or NULL. */
static const char *env_value(const struct setting *s)
{
	char name[64];
	for (const char *p = s->env; p && *p;) {
		size_t n = strcspn(p, " ");
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		const char *v = getenv(name);
		if (v && *v)
			return v;
		p += n + (p[n] == ' ');
	}
	return NULL;
}

/* The environment over the file. A value that does not parse is ignored:
 * these are test knobs and descriptions of the terminal, not the user's
 * settings file, and papyr has always run on with its default. */
static void read_env(struct config *cfg)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *s = &settings[i];
		if (!(s->from & FROM_ENV))
			continue;
		const char *v = env_value(s);
		if (s->type == SET_PRESENT)
			*(int *)((char *)cfg + s->offset) = v != NULL;
		else if (v)
			apply(cfg, s, v, s->env, NULL);
	}
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int valid_name(const char *s)
{
	if (!*s || strlen(s) > 32)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/* The index of v among choices "a|b|c", or -1. */
static int choice_index(const char *choices, const char *v)
{
	size_t n = strlen(v);
	int k = 0;
	for (const char *c = choices; c; c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL, k++) {
		const char *end = strchr(c, '|');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		if (len == n && strncmp(c, v, n) == 0)
			return k;
	}
	return -1;
}

static int parse_bool(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		return 0;
	return -1;
}

static int apply(struct config *cfg, const struct setting *s, const char *v,
		 const char *where, char **err)
{
	void *field = (char *)cfg + s->offset;
	char *end;
	switch (s->type) {
	case SET_STRING:
		free(*(char **)field);
		*(char **)field = xstrdup(v);
		return 0;
	case SET_CHOICE: {
		int k = choice_index(s->choices, v);
		if (k < 0)
			return set_err(err, "%s: %s must be one of %s", where, s->key,
				       s->choices);
		*(int *)field = k;
		return 0;
	}
	case SET_BOOL:
	case SET_PRESENT: {
		int b = parse_bool(v);
		if (b < 0)
			return set_err(err, "%s: %s must be yes or no", where, s->key);
		*(int *)field = b;
		return 0;
	}
	case SET_INT: {
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno || end == v || *end || n < s->min || n > s->max)
			return set_err(err, "%s: %s must be a whole number from %.0f to %.0f",
				       where, s->key, s->min, s->max);
		*(int *)field = (int)n;
		return 0;
	}
	case SET_SECONDS: {
		errno = 0;
		double d = strtod(v, &end);
		if (errno || end == v || *end || !(d >= s->min) || d > s->max)
			return set_err(err, "%s: %s must be seconds from %g to %g", where,
				       s->key, s->min, s->max);
		*(double *)field = d;
		return 0;
	}
	}
	return set_err(err, "%s: %s: unknown type", where, s->key);
}

static int parse_bind(struct config *cfg, char *rest, int lineno, const char *where,
		      char **err)
{
	/* The action is the rest of the line: "ACTION [ARG]", read by the
	 * interface's action table. */
	char *key = strtok(rest, " \t");
	char *action = strtok(NULL, "");
	if (action)
		action += strspn(action, " \t");
	if (!key || !action || !*action)
		return set_err(err, "%s: expected 'bind KEY ACTION [ARG]'", where);
	cfg->binds = xrealloc(cfg->binds, (size_t)(cfg->nbinds + 1) * sizeof *cfg->binds);
	cfg->binds[cfg->nbinds].key = xstrdup(key);
	cfg->binds[cfg->nbinds].action = xstrdup(action);
	cfg->binds[cfg->nbinds].line = lineno;
	cfg->nbinds++;
	return 0;
}

static int parse_line(struct config *cfg, char *line, int lineno, const char *path,
		      char **err)
{
	char where[PATH_MAX + 32];
	snprintf(where, sizeof where, "%s:%d", path, lineno);
	char *s = trim(line);
	if (!*s || *s == '#')
		return 0;
	if (strncmp(s, "bind", 4) == 0 && (s[4] == ' ' || s[4] == '\t'))
		return parse_bind(cfg, s + 5, lineno, where, err);
	char *eq = strchr(s, '=');
	if (!eq)
		return set_err(err, "%s: expected 'key = value'", where);
	*eq = '\0';
	char *key = trim(s), *val = trim(eq + 1);
	if (strncmp(key, "alert.", 6) == 0) {
		if (!valid_name(key + 6))
			return set_err(err, "%s: an alert name is letters, digits, _ and -", where);
		if (!*val) /* it would watch every new paper: a mistake, left out */
			return set_err(err, "%s: %s: an alert needs a query (alert.NAME = QUERY)",
				       where, key);
		add_alert(cfg, key + 6, val, lineno);
		return 0;
	}
	if (strncmp(key, "view.", 5) == 0) {
		if (!valid_name(key + 5))
			return set_err(err, "%s: a view name is letters, digits, _ and -", where);
		add_view(cfg, key + 5, val, lineno);
		return 0;
	}
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if ((settings[i].from & FROM_FILE) && strcmp(settings[i].key, key) == 0)
			return apply(cfg, &settings[i], val, where, err);
	char *shown = text_clean(key, strlen(key), TEXT_COLLAPSE);
	set_err(err, "%s: unknown setting '%s'", where, shown);
	free(shown);
	return -1;
}

#define CONFIG_MAX_ERRORS 20

static int read_config(struct config *cfg, const char *path, int must_exist, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return set_err(err, "%s: %s", path, strerror(errno));
	}
	/* Every bad line is named, so one edit can fix them all; past
	 * CONFIG_MAX_ERRORS, only counted (a file that is not a config at all). */
	struct buf errors = {0};
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, nerrors = 0;
	while (getline(&line, &cap, f) != -1) {
		char *e = NULL;
		if (parse_line(cfg, line, ++lineno, path, &e) != 0 &&
		    ++nerrors <= CONFIG_MAX_ERRORS)
			buf_printf(&errors, "%s%s", errors.len ? "\n" : "", e);
		free(e);
	}
	free(line);
	fclose(f);
	if (nerrors > CONFIG_MAX_ERRORS)
		buf_printf(&errors, "\n%s: %d more bad lines", path, nerrors - CONFIG_MAX_ERRORS);
	cfg->path = xstrdup(path);
	if (!errors.len)
		return 0;
	if (err)
		*err = buf_detach(&errors);
	buf_free(&errors);
	return -1;
}

/* A base URL: http or https, its trailing slashes dropped. */
static int check_url(char *url, const char *key, char **err)
{
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return set_err(err, "%s must start with https:// or http://", key);
	return 0;
}

int config_load(struct config *cfg, const char *path, char **err)
{
	set_defaults(cfg);
	char *def = path ? NULL : config_default_path();
	int rc = read_config(cfg, path ? path : def, path != NULL, err);
	free(def);
	if (rc != 0)
		return -1;
	read_env(cfg);
	if (!cfg->download_dir)
		cfg->download_dir = xasprintf("%s/Downloads/papyr",
					      cfg->home ? cfg->home : ".");
	char **urls[] = {&cfg->hf_url, &cfg->arxiv_rss_url, &cfg->arxiv_oai_url,
			 &cfg->arxiv_api_url, &cfg->zotero_url};
	const char *names[] = {"hf_url", "PAPYR_ARXIV_RSS_URL", "PAPYR_ARXIV_OAI_URL",
			       "PAPYR_ARXIV_API_URL", "zotero_url"};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		if (check_url(*urls[i], names[i], err) != 0)
			return -1;
	return check_arxiv(cfg, err);
}

/* A category: letters and '-', then optionally '.' and letters ("cs.LG",
 * "hep-th", "math.AG"). */
static int arxiv_category_valid(const char *s, size_t n)
{
	if (n == 0 || n > 32 || !isalpha((unsigned char)s[0]))
		return 0;
	int dots = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && ++dots == 1 && i + 1 < n)
			continue;
		if (!isalpha((unsigned char)s[i]) && s[i] != '-')
			return 0;
	}
	return 1;
}

/* The categories, one space between them; none at all reads as unset. */
static int check_arxiv(struct config *cfg, char **err)
{
	if (!cfg->arxiv)
		return 0;
	struct buf b = {0};
	for (const char *c = cfg->arxiv; *c;) {
		c += strspn(c, " \t,");
		size_t n = strcspn(c, " \t,");
		if (!n)
			break;
		if (!arxiv_category_valid(c, n)) {
			char *shown = text_clean(c, n, TEXT_COLLAPSE);
			set_err(err, "%s: arxiv: '%s' is not an arXiv category (like cs.LG)",
				cfg->path ? cfg->path : "config", shown);
			free(shown);
			buf_free(&b);
			return -1;
		}
		if (b.len)
			buf_addc(&b, ' ');
		buf_add(&b, c, n);
		c += n;
	}
	free(cfg->arxiv);
	cfg->arxiv = b.len ? buf_detach(&b) : NULL;
	buf_free(&b);
	return 0;
}

double config_arxiv_delay(const struct config *cfg, const char **warning)
{
	*warning = NULL;
	if (cfg->arxiv_delay >= CONFIG_ARXIV_MIN_DELAY || cfg->arxiv_elsewhere)
		return cfg->arxiv_delay;
	*warning = "arxiv_delay is below 3 seconds, the least arXiv's terms allow; "
		   "waiting 3";
	return CONFIG_ARXIV_MIN_DELAY;
}

char *config_arxiv_gate_path(const struct config *cfg)
{
	const char *xdg = cfg->data_home;
	if (xdg && *xdg == '/')
		return xasprintf("%s/papyr/arxiv.gate", xdg);
	return xasprintf("%s/.local/share/papyr/arxiv.gate", cfg->home ? cfg->home : ".");
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (settings[i].type == SET_STRING)
			free(*(char **)((char *)cfg + settings[i].offset));
	for (int i = 0; i < cfg->nviews; i++) {
		free(cfg->views[i].name);
		free(cfg->views[i].query);
	}
	free(cfg->views);
	for (int i = 0; i < cfg->nalerts; i++) {
		free(cfg->alerts[i].name);
		free(cfg->alerts[i].query);
	}
	free(cfg->alerts);
	for (int i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].key);
		free(cfg->binds[i].action);
	}
	free(cfg->binds);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}
