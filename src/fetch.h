/*
 * fetch: HTTP GETs over libcurl's multi interface.
 *
 * The transport and nothing else: it hands back a status, a few headers and
 * the body's bytes, and knows nothing of JSON or the cache. A struct fetch
 * runs a queue of transfers, at most opts.concurrency at once, each with a
 * connect timeout and a total timeout, a cap on the body's size, compressed
 * transfer, only http and https (redirects too, a few hops at most, and an
 * https request is never redirected to plain http). A 408, 429 or 5xx
 * answer, a refused connection, a timeout or a cut-off body is retried with
 * exponential backoff and jitter, or after the wait the server asks for
 * (Retry-After, or the t= of a RateLimit header), a few attempts at most.
 * An answer with too many headers, or too large ones, or a request with
 * too many answers (endless interim 1xx ones), is hostile, not transient:
 * it is refused at once and not retried.
 *
 * Reentrant: all state lives in a struct fetch, so threads may each run
 * their own. libcurl is not linked in: the first fetch_new (or
 * fetch_download) loads it and does its one global set-up, so a run that
 * never uses the network never loads it. Nothing here prints.
 */
#ifndef PAPYR_FETCH_H
#define PAPYR_FETCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#define FETCH_CONCURRENCY 4
#define FETCH_TIMEOUT 60                       /* seconds */
#define FETCH_MAX_BYTES ((size_t)32 << 20)     /* an API answer */
#define FETCH_MAX_DOWNLOAD ((size_t)512 << 20) /* a downloaded file */
#define FETCH_MAX_ATTEMPTS 4
#define FETCH_MAX_WAIT 60.0                    /* seconds, one wait */
#define FETCH_MAX_REDIRS 5
#define FETCH_MAX_HEADERS 500                  /* header lines in one answer */
#define FETCH_MAX_HEADER_BYTES ((size_t)64 << 10) /* their bytes in all */
#define FETCH_MAX_ANSWERS (2 * (FETCH_MAX_REDIRS + 1)) /* interim ones too */

struct fetch_opts {
	int concurrency;    /* transfers at once; 0: FETCH_CONCURRENCY */
	int timeout;        /* seconds an attempt may take all told (for a
	                     * download: may stall); 0: FETCH_TIMEOUT */
	size_t max_bytes;   /* largest body taken; 0: FETCH_MAX_BYTES
	                     * (FETCH_MAX_DOWNLOAD for fetch_download) */
	int max_attempts;   /* 0: FETCH_MAX_ATTEMPTS */
	double max_wait;    /* longest wait before a retry, seconds (the
	                     * config's retry_max_wait); 0: FETCH_MAX_WAIT.
	                     * A server asking for longer is not retried. */
	const char *token;  /* sent as "Authorization: Bearer TOKEN" (never to
	                     * another host after a redirect); NULL: none */
	const atomic_int *cancel; /* may be NULL; when set (by a signal handler or
	                           * another thread), stops soon */
	const char *ca_file; /* PEM certificates trusted instead of the system's
	                      * (a private server's own); NULL: the system's */
};

/* What one transfer came to; everything is borrowed for the callback. */
struct fetch_result {
	const char *url;
	long status;        /* HTTP status of the last answer, 0 when none came */
	const char *body;   /* len bytes, NUL-terminated; "" for downloads */
	size_t len;
	const char *content_type; /* NULL when absent */
	const char *etag;
	const char *last_modified;
	int attempts;       /* 1 when the first attempt settled it */
	double retry_wait;  /* the server's last requested wait in seconds, or -1 */
	const char *error;  /* NULL when an answer came (any status); else why
	                     * not, e.g. "timed out after 60 s (4 attempts)" */
	int cancelled;      /* stopped by opts.cancel (error says so too) */
};

struct fetch;

/* Called once per queued transfer from fetch_run, on its thread. It may
 * queue more transfers on f. */
typedef void (*fetch_done_fn)(void *ctx, struct fetch *f, const struct fetch_result *r);

/* Returns a new fetch, or NULL with *err set (e.g. "cannot load libcurl
 * (libcurl.so.4): ..."). opts is copied. */
struct fetch *fetch_new(const struct fetch_opts *opts, char **err);
void fetch_free(struct fetch **f);

/* Queues a GET of url (copied); done is called from fetch_run. */
void fetch_get(struct fetch *f, const char *url, fetch_done_fn done, void *ctx);

/*
 * Queues a POST of body (len bytes, copied) to url with these extra request
 * headers ("Name: value", a NULL-ended list; may be NULL), for a local
 * service's API. A POST is not idempotent: it follows no redirect, and
 * whether it is retried is the fetch's max_attempts (give 1 for none).
 */
void fetch_post(struct fetch *f, const char *url, const char *const *headers,
		const char *body, size_t len, fetch_done_fn done, void *ctx);

/*
 * Runs until every queued transfer, and any its callback queues, is done.
 * Returns 0, or -1 with *err set when cancelled or when curl itself failed;
 * every transfer's callback is still called exactly once.
 */
int fetch_run(struct fetch *f, char **err);

/* bytes done so far and the total (0 when the server did not say). */
typedef void (*fetch_progress_fn)(void *ctx, long long done, long long total);

/*
 * Downloads url into dest: into a temporary file beside it, renamed over
 * dest once the whole body arrived with a 2xx status, removed otherwise.
 * A dest named *.pdf is kept only when the body starts with "%PDF-": an
 * HTML page answered with 200 fails as "not a PDF (the server sent
 * text/html)".
 * opts may be NULL (defaults; no token: give one only for the API's host).
 * progress may be NULL. Returns 0, or -1 with *err set (e.g. "HTTP 404",
 * "cancelled"). Blocks: call it on a thread of its own from an interface.
 */
int fetch_download(const struct fetch_opts *opts, const char *url, const char *dest,
		   fetch_progress_fn progress, void *ctx, char **err);

/* ---- the retry policy's parts, plain functions ---- */

/* True for the statuses worth another attempt: 408, 429, 5xx. */
int fetch_status_retryable(long status);
/* Seconds a Retry-After value asks for (delta-seconds or an HTTP date,
 * counted from now), or -1 when it is not one. libcurl reads the date: a
 * date loads it if no transfer has yet, and is -1 when it cannot load. */
double fetch_parse_retry_after(const char *value, time_t now);
/* Seconds until the quota of a RateLimit header resets: the t= of its
 * exhausted (r=0) item, e.g. "\"api\";r=0;t=42" -> 42; -1 when none is. */
double fetch_parse_ratelimit(const char *value);
/* The wait before retry number `attempt` (1 = after the first failure):
 * 1 s doubling each time, capped at cap, the upper half of it at random
 * (equal jitter). *seed is a rand_r() state. */
double fetch_backoff(int attempt, double cap, unsigned *seed);

#endif
