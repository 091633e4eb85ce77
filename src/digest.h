/*
 * digest: what is new in the cache, for a mail from cron.
 *
 * The papers that arrived in the cache in a span of time, grouped: one
 * group for each alert of the config (alert.NAME = QUERY: an author, a
 * keyword to watch), in the config's order, then the best of sort:foryou.
 * A paper listed more than 14 days before it arrived (a back-fill of old
 * days) is no news and stays out. Written as markdown, plain text or HTML
 * (every string from the cache escaped) into a buffer; the caller prints
 * it and moves the bookmark (the last digest's time, kept in the cache)
 * only once it was printed.
 */
#ifndef PAPYR_DIGEST_H
#define PAPYR_DIGEST_H

#include <stdint.h>

struct buf;
struct config;
struct db;

enum digest_format { DIGEST_MARKDOWN, DIGEST_TEXT, DIGEST_HTML, DIGEST_FORMATS_ };

/* The format named s: 0, or -1 when there is none. */
int digest_format_parse(const char *s, enum digest_format *out);
/* The i-th format's name, NULL past the last: for iteration. */
const char *digest_format_name(int i);

/* The bookmark's name in the cache. */
#define DIGEST_BOOKMARK "digest"
/* The first digest reaches this far back. */
#define DIGEST_FIRST_DAYS 7

struct digest_opts {
	int64_t since, until;      /* unix time; until left out */
	enum digest_format fmt;
	int limit;                 /* papers per group */
};

/*
 * Appends the digest to out. Returns the papers it lists (0: nothing new,
 * and out is left as it was), or -1 with *err set.
 */
long digest_write(struct db *db, const struct config *cfg, const struct digest_opts *o,
		  struct buf *out, char **err);

#endif
