/* config: settings file and environment (see config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

enum setting_type { SET_STRING, SET_INT, SET_BOOL };

static const struct setting {
	const char *key;
	enum setting_type type;
	size_t offset;
	int min, max;
	const char *choices; /* for strings with a fixed set: "a|b|c" */
} settings[] = {
	{"hf_url", SET_STRING, offsetof(struct config, hf_url), 0, 0, NULL},
	{"download_dir", SET_STRING, offsetof(struct config, download_dir), 0, 0, NULL},
	{"sync_days", SET_INT, offsetof(struct config, sync_days), 1, 3650, NULL},
	{"sync_refetch", SET_INT, offsetof(struct config, sync_refetch), 0, 365, NULL},
	{"concurrency", SET_INT, offsetof(struct config, concurrency), 1, 16, NULL},
	{"timeout", SET_INT, offsetof(struct config, timeout), 1, 3600, NULL},
	{"hyperlinks", SET_BOOL, offsetof(struct config, hyperlinks), 0, 1, NULL},
	{"mark_read", SET_STRING, offsetof(struct config, mark_read), 0, 0,
	 "view|open|never"},
	{"csv_formula_guard", SET_BOOL, offsetof(struct config, csv_formula_guard), 0, 1,
	 NULL},
};

/* The one table of default views: the config starts from it, and a query
 * compiled without a config reads it (config_view with cfg NULL). */
static const struct {
	const char *name;
	const char *query;
} default_views[] = {
	{"today", "date:today"},
	{"unread", "is:unread -is:dismissed"},
	{"starred", "is:starred"},
	{"toread", "tag:toread -is:dismissed"},
	{"all", ""},
};

char *config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/papyr/config", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.config/papyr/config", home ? home : ".");
}

static void add_view(struct config *cfg, const char *name, const char *query)
{
	for (int i = 0; i < cfg->nviews; i++) {
		if (strcmp(cfg->views[i].name, name) == 0) {
			free(cfg->views[i].query);
			cfg->views[i].query = xstrdup(query);
			return;
		}
	}
	cfg->views = xrealloc(cfg->views, (size_t)(cfg->nviews + 1) * sizeof *cfg->views);
	cfg->views[cfg->nviews].name = xstrdup(name);
	cfg->views[cfg->nviews].query = xstrdup(query);
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

static void set_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->hf_url = xstrdup("https://huggingface.co");
	const char *home = getenv("HOME");
	cfg->download_dir = xasprintf("%s/Downloads/papyr", home ? home : ".");
	cfg->sync_days = 7;
	cfg->sync_refetch = 14;
	cfg->concurrency = 4;
	cfg->timeout = 60;
	cfg->hyperlinks = 1;
	cfg->mark_read = xstrdup("view");
	cfg->csv_formula_guard = 1;
	for (size_t i = 0; i < sizeof default_views / sizeof default_views[0]; i++)
		add_view(cfg, default_views[i].name, default_views[i].query);
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

static int in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *c = choices; c; c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL) {
		const char *end = strchr(c, '|');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		if (len == n && strncmp(c, v, n) == 0)
			return 1;
	}
	return 0;
}

static int apply(struct config *cfg, const struct setting *s, const char *v,
		 const char *where, char **err)
{
	void *field = (char *)cfg + s->offset;
	if (s->type == SET_STRING) {
		if (s->choices && !in_choices(s->choices, v))
			return set_err(err, "%s: %s must be one of %s", where, s->key,
				       s->choices);
		free(*(char **)field);
		*(char **)field = xstrdup(v);
		return 0;
	}
	if (s->type == SET_BOOL) {
		if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
			*(int *)field = 1;
		else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") ||
			 !strcmp(v, "0"))
			*(int *)field = 0;
		else
			return set_err(err, "%s: %s must be yes or no", where, s->key);
		return 0;
	}
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < s->min || n > s->max)
		return set_err(err, "%s: %s must be a whole number from %d to %d", where,
			       s->key, s->min, s->max);
	*(int *)field = (int)n;
	return 0;
}

static int parse_bind(struct config *cfg, char *rest, int lineno, const char *where,
		      char **err)
{
	char *key = strtok(rest, " \t");
	char *action = strtok(NULL, " \t");
	if (!key || !action || strtok(NULL, " \t"))
		return set_err(err, "%s: expected 'bind KEY ACTION'", where);
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
	if (strncmp(key, "view.", 5) == 0) {
		if (!valid_name(key + 5))
			return set_err(err, "%s: a view name is letters, digits, _ and -", where);
		add_view(cfg, key + 5, val);
		return 0;
	}
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].key, key) == 0)
			return apply(cfg, &settings[i], val, where, err);
	char *shown = text_clean(key, strlen(key), TEXT_COLLAPSE);
	set_err(err, "%s: unknown setting '%s'", where, shown);
	free(shown);
	return -1;
}

static int read_config(struct config *cfg, const char *path, int must_exist, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return set_err(err, "%s: %s", path, strerror(errno));
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	while (rc == 0 && getline(&line, &cap, f) != -1)
		rc = parse_line(cfg, line, ++lineno, path, err);
	free(line);
	fclose(f);
	return rc;
}

int config_load(struct config *cfg, const char *path, char **err)
{
	set_defaults(cfg);
	char *def = path ? NULL : config_default_path();
	int rc = read_config(cfg, path ? path : def, path != NULL, err);
	free(def);
	if (rc != 0)
		return -1;
	const char *url = getenv("PAPYR_HF_URL");
	if (url && *url) {
		free(cfg->hf_url);
		cfg->hf_url = xstrdup(url);
	}
	size_t n = strlen(cfg->hf_url);
	while (n > 0 && cfg->hf_url[n - 1] == '/')
		cfg->hf_url[--n] = '\0';
	if (strncmp(cfg->hf_url, "https://", 8) != 0 && strncmp(cfg->hf_url, "http://", 7) != 0)
		return set_err(err, "hf_url must start with https:// or http://");
	return 0;
}

void config_free(struct config *cfg)
{
	free(cfg->hf_url);
	free(cfg->download_dir);
	free(cfg->mark_read);
	for (int i = 0; i < cfg->nviews; i++) {
		free(cfg->views[i].name);
		free(cfg->views[i].query);
	}
	free(cfg->views);
	for (int i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].key);
		free(cfg->binds[i].action);
	}
	free(cfg->binds);
	memset(cfg, 0, sizeof *cfg);
}
