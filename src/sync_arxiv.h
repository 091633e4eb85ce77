/*
 * sync_arxiv: the reader's arXiv categories into the cache.
 *
 * A plain run reads the announcement feed of the categories (RSS, one feed
 * for all of them) and stores its papers, new, cross-listed and replaced,
 * in one transaction. When announcement days were missed since the last
 * one the cache holds (a cron run that did not happen), it fills them in
 * through OAI-PMH by itself. A history run (since, until) harvests OAI-PMH
 * ListRecords (arXivRaw) from since, keeps the papers whose first version
 * falls in since..until and that carry one of the categories (OAI's sets
 * are archives), and stores each page with the point to resume from, so a
 * killed or failed harvest goes on where it stopped when run again.
 *
 * A plain run then asks the query API (id_list) to describe the Hugging
 * Face papers first seen since the last run that arXiv has not yet
 * described (their categories, version, comments), so `cat:` finds them.
 *
 * Every request goes through arxiv_gate: one at a time across all of the
 * user's runs, the configured delay apart, a 503's Retry-After respected.
 * Opens its own connection to the cache; never prints (notes go to a
 * callback).
 */
#ifndef PAPYR_SYNC_ARXIV_H
#define PAPYR_SYNC_ARXIV_H

#include <stdatomic.h>

struct config;

/* Papers one body may hold: an announcement feed (a busy day of a few
 * categories is a few thousand), an OAI-PMH page (arXiv sends 1000). */
#define SYNC_ARXIV_FEED_MAX 50000
#define SYNC_ARXIV_PAGE_MAX 20000
/* Pages one history harvest may take, a bound on a server that never ends. */
#define SYNC_ARXIV_MAX_PAGES 100000
/* Hugging Face papers one run asks the query API to describe. */
#define SYNC_ARXIV_FILL 100

struct arxiv_sync_request {
	const struct config *cfg;
	const char *db_path;
	const char *since;          /* history from this day; NULL: the feed */
	const char *until;          /* its last day; NULL: today */
	double delay;               /* seconds between requests (config_arxiv_delay) */
	const char *gate_path;      /* config_arxiv_gate_path */
	const atomic_int *cancel;   /* may be NULL */
	void (*note)(void *ctx, const char *line); /* may be NULL */
	void *ctx;
};

struct arxiv_sync_result {
	long added;
	long updated;
	long refused;               /* items that were no paper, left out */
	int requests;
	int pages;                  /* OAI-PMH pages stored */
	char day[11];               /* the announcement day read, or "" */
	int empty;                  /* the feed held no announcement */
	int filled;                 /* missed days were filled through OAI-PMH */
};

/* Runs it. Returns 0, or -1 with *err set (what was stored stays). */
int arxiv_sync_run(const struct arxiv_sync_request *req, struct arxiv_sync_result *res,
		   char **err);

/* The OAI-PMH set (an archive group) a category belongs to: "cs" for
 * cs.LG, "math" for math.AG, "physics" for hep-th. Borrowed, static. */
const char *arxiv_set_of(const char *category);

/* Weekdays strictly between days a and b (YYYY-MM-DD): announcement days
 * that may have been missed. */
int arxiv_weekdays_between(const char *a, const char *b);

#endif
