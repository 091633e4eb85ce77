/*
 * sync: the Hugging Face daily lists into the cache.
 *
 * Plans which days to fetch, fetches them through fetch.h (bounded
 * concurrency, retries), parses each body with parse_hf and stores each day
 * in one transaction through the db's ingest sink, then writes the sync log.
 * A failing day never stops the others. sync_run opens its own connection
 * to the cache, so the TUI can run it on a thread of its own while the keys
 * keep working; it reports through a callback and never prints.
 */
#ifndef PAPYR_SYNC_H
#define PAPYR_SYNC_H

#include <stdatomic.h>

/* What the Hugging Face API can send: a page holds at most `limit`
 * papers, and `limit` is at most 100; a day lists some 25 to 100 papers, so
 * a server listing more than SYNC_DAY_LIMIT is refused, as is a page of
 * more than SYNC_PAGE_LIMIT. A source that pages differently has caps of
 * its own. */
#define SYNC_PAGE_LIMIT 100
#define SYNC_DAY_LIMIT 2000

struct config;
struct db;

struct sync_progress {
	int days_total;
	int days_done;      /* finished, failed ones included */
	int days_failed;
	long added;         /* papers new to the cache so far */
	long updated;
	const char *day;    /* the day that just finished, borrowed; NULL at start */
	const char *error;  /* why that day failed, borrowed; NULL when it landed */
	const char *note;   /* what a day that landed lacks, borrowed; NULL when
			       whole (a day settled without papers the cache
			       refused) */
};

typedef void (*sync_progress_fn)(void *ctx, const struct sync_progress *p);

struct sync_request {
	const struct config *cfg;
	const char *db_path;            /* the cache; sync opens its own connection */
	char (*days)[11];               /* YYYY-MM-DD days to fetch */
	int ndays;
	sync_progress_fn progress;      /* may be NULL; called on sync_run's thread */
	void *ctx;
	const atomic_int *cancel;       /* may be NULL; when set, stops soon */
	int strict;                     /* a day with a paper the cache refuses
					   stores none of it */
};

struct sync_result {
	int days_ok;
	int days_failed;
	long added;
	long updated;
	int pages;          /* Hugging Face paper pages of kept papers stored */
};

/* At most this many paper pages of kept papers a sync (fetch_details). */
#define SYNC_PAGES_MAX 50

/*
 * Plans the days of a plain `papyr sync` (the last cfg->sync_days days, and
 * the last cfg->sync_refetch days again), newest first, no day twice.
 * Returns the count; *days is the caller's to free.
 */
int sync_plan_default(const struct config *cfg, const char *today, char (**days)[11]);

/*
 * Leaves out of days[0..*n) the settled days: those the cache's sync log
 * says were fetched whole when they were already cfg->sync_refetch days
 * old (their lists no longer move). Keeps the order; sets *n to the days
 * left and returns how many it left out. A day whose log cannot be read
 * stays in. The one place both `papyr sync` and the interface's R decide.
 */
int sync_plan_unsettled(struct db *db, const struct config *cfg, char (*days)[11], int *n);

/*
 * Fetches and stores req->days. Returns 0 when every day landed, 1 when some
 * failed (each was reported through progress with its error, and logged in
 * the cache's sync log), or -1 with *err set when nothing could start.
 */
int sync_run(const struct sync_request *req, struct sync_result *res, char **err);

#endif
