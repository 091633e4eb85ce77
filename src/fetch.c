/* fetch: HTTP GETs over libcurl's multi interface (see fetch.h). */
#include "fetch.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>

#include "base/file.h"
#include "base/mem.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/version.h"

/* How often a waiting loop looks at the cancel flag, in milliseconds. */
#define POLL_MS 100

enum hostile {
	HOSTILE_NONE,
	HOSTILE_MANY_HEADERS,
	HOSTILE_HEADER_BYTES,
	HOSTILE_MANY_ANSWERS,
};

struct xfer {
	struct fetch *f;
	struct xfer *next;
	char *url;
	CURL *easy;
	fetch_done_fn done;
	void *ctx;
	FILE *file;                 /* a download's target; else the body is in buf */
	fetch_progress_fn progress;
	void *pctx;
	struct buf body;
	size_t got;
	int too_big;
	enum hostile hostile;       /* why the headers were refused */
	int in_headers;             /* between a status line and its blank line */
	size_t header_lines, header_bytes; /* of the answer being read */
	int answers;                /* status lines this attempt: redirects, 1xx */
	char *location;             /* the last answer's Location, if any */
	int write_errno;
	int attempts;
	double not_before;          /* monotonic seconds */
	char *ctype, *etag, *last_modified;
	double retry_after;         /* this answer's Retry-After, -1 none */
	double ratelimit;           /* this answer's RateLimit t=, -1 none */
	double retry_wait;
	int connected;              /* the last attempt reached the server */
	char *post;                 /* a POST's body (post_len bytes), else NULL */
	size_t post_len;
	struct curl_slist *post_headers; /* the fetch's headers and the POST's */
	char errbuf[CURL_ERROR_SIZE];
};

struct fetch {
	struct fetch_opts o;
	char *ua;
	char *ca_file;              /* opts.ca_file, copied */
	int download;               /* stall timeout instead of a total one */
	CURLM *multi;
	struct curl_slist *headers;
	struct xfer *pending, *pending_tail;
	struct xfer **slots;        /* the running transfers, o.concurrency of them */
	int active;
	double hold_until;          /* a 429's wait holds every new start */
	unsigned seed;
};

/* ---- libcurl, loaded on first use ----
 *
 * papyr is not linked with libcurl: its shared libraries (TLS, GSSAPI,
 * LDAP, ...) would be mapped and relocated at every start, and most runs
 * never touch the network. The first transfer loads it with dlopen() and
 * looks up the functions below; <curl/curl.h> gives their types and the
 * constants.
 */
#define LIBCURL_SONAME "libcurl.so.4"

#define LIBCURL_FUNCTIONS(X) \
	X(global_init) X(easy_init) X(easy_setopt) X(easy_getinfo) \
	X(easy_cleanup) X(easy_strerror) X(multi_init) X(multi_add_handle) \
	X(multi_remove_handle) X(multi_perform) X(multi_poll) \
	X(multi_info_read) X(multi_strerror) X(multi_cleanup) \
	X(slist_append) X(slist_free_all) X(getdate)

#define LIBCURL_FIELD(name) __typeof__(curl_##name) *name;
static struct {
	LIBCURL_FUNCTIONS(LIBCURL_FIELD)
} curl;
#undef LIBCURL_FIELD

/* Set once, under libcurl_once, and only read after it. */
static pthread_once_t libcurl_once = PTHREAD_ONCE_INIT;
static int libcurl_loaded;
static char libcurl_error[512];

static int libcurl_resolve(void *lib)
{
#define LIBCURL_RESOLVE(name) \
	if (!(curl.name = (__typeof__(curl.name))dlsym(lib, "curl_" #name))) \
		return -1;
	LIBCURL_FUNCTIONS(LIBCURL_RESOLVE)
#undef LIBCURL_RESOLVE
	return 0;
}

/* libcurl's one global set-up follows the load, once, by whichever thread
 * first needs the network (the libcurl papyr builds with initialises
 * thread-safely). The library stays loaded until exit. */
static void libcurl_load(void)
{
	void *lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib || libcurl_resolve(lib) != 0) {
		const char *why = dlerror();
		snprintf(libcurl_error, sizeof libcurl_error, "cannot load libcurl (%s): %s",
			 LIBCURL_SONAME, why ? why : "unknown error");
		if (lib)
			dlclose(lib);
		return;
	}
	CURLcode rc = curl.global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		snprintf(libcurl_error, sizeof libcurl_error, "could not initialise libcurl: %s",
			 curl.easy_strerror(rc));
		return;
	}
	libcurl_loaded = 1;
}

/* 0 once libcurl is loaded and set up, else -1 with *err (may be NULL) set. */
static int libcurl_ready(char **err)
{
	pthread_once(&libcurl_once, libcurl_load);
	if (libcurl_loaded)
		return 0;
	if (err)
		set_err(err, "%s", libcurl_error);
	return -1;
}

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the retry policy ---- */

int fetch_status_retryable(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

double fetch_parse_retry_after(const char *value, time_t now)
{
	if (!value)
		return -1;
	const char *s = skip_space(value);
	if (isdigit((unsigned char)*s)) {
		char *end;
		errno = 0;
		double v = strtod(s, &end);
		if (errno || *skip_space(end) != '\0' || strchr(s, '.') || v > 1e7)
			return -1;
		return v;
	}
	if (libcurl_ready(NULL) != 0)
		return -1;
	time_t t = curl.getdate(s, NULL);
	if (t == (time_t)-1)
		return -1;
	return t > now ? (double)(t - now) : 0;
}

/* Reads the integer parameter name= in item [s, end); -1 when absent. */
static double item_param(const char *s, const char *end, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = s; p < end; p++) {
		if (*p != ';')
			continue;
		const char *q = skip_space(p + 1);
		if ((size_t)(end - q) > n && strncasecmp(q, name, n) == 0 && q[n] == '=') {
			char *stop;
			double v = strtod(q + n + 1, &stop);
			if (stop == q + n + 1 || v < 0 || v > 1e7)
				return -1;
			return v;
		}
	}
	return -1;
}

double fetch_parse_ratelimit(const char *value)
{
	if (!value)
		return -1;
	double best = -1;
	const char *s = value;
	while (*s) {
		const char *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		double r = item_param(s, end, "r");
		double t = item_param(s, end, "t");
		if (r == 0 && t > best)
			best = t;
		s = *end ? end + 1 : end;
	}
	return best;
}

double fetch_backoff(int attempt, double cap, unsigned *seed)
{
	if (attempt < 1)
		attempt = 1;
	double base = ldexp(1.0, attempt > 30 ? 30 : attempt - 1);
	if (base > cap)
		base = cap;
	double r = (double)rand_r(seed) / ((double)RAND_MAX + 1.0);
	return base / 2 + r * base / 2;
}

/* ---- one transfer ---- */

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;
	if (x->got + len > x->f->o.max_bytes) {
		x->too_big = 1;
		return 0;
	}
	x->got += len;
	if (x->file) {
		if (fwrite(data, 1, len, x->file) != len) {
			x->write_errno = errno ? errno : EIO;
			return 0;
		}
	} else {
		buf_add(&x->body, data, len);
	}
	return len;
}

/* A header value of at most a line, cleaned of anything but text. */
static void keep_header(char **slot, const char *v, size_t n)
{
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
		n--;
	free(*slot);
	*slot = text_clean(v, n > 1024 ? 1024 : n, TEXT_COLLAPSE);
}

static int header_is(const char *line, size_t n, const char *name, const char **value)
{
	size_t k = strlen(name);
	if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return 0;
	*value = skip_space(line + k + 1);
	return 1;
}

static void forget_headers(struct xfer *x)
{
	free(x->ctype);
	free(x->etag);
	free(x->last_modified);
	free(x->location);
	x->ctype = x->etag = x->last_modified = x->location = NULL;
	x->retry_after = x->ratelimit = -1;
	x->header_lines = x->header_bytes = 0;
}

/* Counts a header line of the answer being read; 0 when the answer has too
 * many or too large headers (the transfer then stops, marked hostile). */
static int count_header(struct xfer *x, size_t len)
{
	x->header_lines++;
	x->header_bytes += len;
	if (x->header_lines > FETCH_MAX_HEADERS)
		x->hostile = HOSTILE_MANY_HEADERS;
	else if (x->header_bytes > FETCH_MAX_HEADER_BYTES)
		x->hostile = HOSTILE_HEADER_BYTES;
	return x->hostile == HOSTILE_NONE;
}

static size_t on_header(char *line, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;
	const char *v;
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		forget_headers(x); /* a new answer: after a redirect, or 100 */
		x->in_headers = 1;
		if (++x->answers > FETCH_MAX_ANSWERS) {
			x->hostile = HOSTILE_MANY_ANSWERS;
			return 0;
		}
		return count_header(x, len) ? len : 0;
	}
	if (!count_header(x, len))
		return 0;
	if (len <= 2 && (line[0] == '\r' || line[0] == '\n')) {
		x->in_headers = 0;
		return len;
	}
	char *slot = NULL;
	if (header_is(line, len, "Content-Type", &v))
		keep_header(&x->ctype, v, len - (size_t)(v - line));
	else if (header_is(line, len, "ETag", &v))
		keep_header(&x->etag, v, len - (size_t)(v - line));
	else if (header_is(line, len, "Last-Modified", &v))
		keep_header(&x->last_modified, v, len - (size_t)(v - line));
	else if (header_is(line, len, "Location", &v))
		keep_header(&x->location, v, len - (size_t)(v - line));
	else if (header_is(line, len, "Retry-After", &v)) {
		keep_header(&slot, v, len - (size_t)(v - line));
		x->retry_after = fetch_parse_retry_after(slot, time(NULL));
	} else if (header_is(line, len, "RateLimit", &v)) {
		keep_header(&slot, v, len - (size_t)(v - line));
		x->ratelimit = fetch_parse_ratelimit(slot);
	}
	free(slot);
	return len;
}

static int on_xferinfo(void *ud, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	(void)ultotal;
	(void)ulnow;
	struct xfer *x = ud;
	if (x->f->o.cancel && *x->f->o.cancel)
		return 1;
	if (x->progress)
		x->progress(x->pctx, (long long)dlnow, (long long)dltotal);
	return 0;
}

static void set_protocols(CURL *e, const char *url)
{
	int tls_only = strncasecmp(url, "https://", 8) == 0;
#if LIBCURL_VERSION_NUM >= 0x075500
	curl.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, tls_only ? "https" : "http,https");
#else
	curl.easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
			 (long)(tls_only ? CURLPROTO_HTTPS : CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

static int connect_timeout(const struct fetch *f)
{
	return f->o.timeout < 15 ? f->o.timeout : 15;
}

static CURL *make_easy(struct fetch *f, struct xfer *x)
{
	CURL *e = curl.easy_init();
	if (!e)
		return NULL;
	long timeout = f->o.timeout;
	curl.easy_setopt(e, CURLOPT_URL, x->url);
	curl.easy_setopt(e, CURLOPT_PRIVATE, x);
	curl.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl.easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl.easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl.easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl.easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
	curl.easy_setopt(e, CURLOPT_XFERINFODATA, x);
	curl.easy_setopt(e, CURLOPT_USERAGENT, f->ua);
	curl.easy_setopt(e, CURLOPT_HTTPHEADER, f->headers);
	curl.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl.easy_setopt(e, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	curl.easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
	set_protocols(e, x->url);
	curl.easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)connect_timeout(f));
	if (f->download) {
		curl.easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl.easy_setopt(e, CURLOPT_LOW_SPEED_TIME, timeout);
	} else {
		curl.easy_setopt(e, CURLOPT_TIMEOUT, timeout);
	}
	curl.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_bytes);
	if (f->ca_file)
		curl.easy_setopt(e, CURLOPT_CAINFO, f->ca_file);
	if (x->post) {
		curl.easy_setopt(e, CURLOPT_POSTFIELDS, x->post);
		curl.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->post_len);
		curl.easy_setopt(e, CURLOPT_HTTPHEADER, x->post_headers);
		curl.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	}
	return e;
}

/* Clears what an attempt gathered, so the next one starts afresh. */
static int reset_attempt(struct xfer *x)
{
	buf_reset(&x->body);
	x->got = 0;
	x->too_big = 0;
	x->hostile = HOSTILE_NONE;
	x->in_headers = 0;
	x->answers = 0;
	x->write_errno = 0;
	x->errbuf[0] = '\0';
	forget_headers(x);
	if (x->file) {
		if (fflush(x->file) != 0 || ftruncate(fileno(x->file), 0) != 0)
			return -1;
		rewind(x->file);
	}
	return 0;
}

static void xfer_free(struct xfer *x)
{
	free(x->url);
	free(x->post);
	if (x->post_headers)
		curl.slist_free_all(x->post_headers);
	buf_free(&x->body);
	forget_headers(x);
	free(x);
}

/* ---- the queue ---- */

static void push_pending(struct fetch *f, struct xfer *x)
{
	x->next = NULL;
	if (f->pending_tail)
		f->pending_tail->next = x;
	else
		f->pending = x;
	f->pending_tail = x;
}

void fetch_get(struct fetch *f, const char *url, fetch_done_fn done, void *ctx)
{
	struct xfer *x = xcalloc(1, sizeof *x);
	x->f = f;
	x->url = xstrdup(url);
	x->done = done;
	x->ctx = ctx;
	x->retry_after = x->ratelimit = x->retry_wait = -1;
	push_pending(f, x);
}

static char *plural_attempts(const struct xfer *x)
{
	return x->attempts > 1 ? xasprintf(" (%d attempts)", x->attempts) : xstrdup("");
}

/* libcurl refuses a single header line longer than CURL_MAX_HTTP_HEADER
 * itself, before on_header sees it: as "out of memory" (or, in newer
 * versions, "too large"). Met while reading headers, that is what it means. */
static int header_too_large(const struct xfer *x, CURLcode rc)
{
#if LIBCURL_VERSION_NUM >= 0x080600
	if (rc == CURLE_TOO_LARGE)
		return 1;
#endif
	return rc == CURLE_OUT_OF_MEMORY && x->in_headers;
}

/* The answer sent an https request on to a plain http address. */
static int down_to_http(const struct xfer *x)
{
	return strncasecmp(x->url, "https://", 8) == 0 && x->location &&
	       strncasecmp(x->location, "http://", 7) == 0;
}

/* Words for a transfer that brought no usable answer. New string. */
static char *describe_failure(const struct xfer *x, CURLcode rc)
{
	const struct fetch *f = x->f;
	char *tries = plural_attempts(x);
	char *detail = text_clean(x->errbuf, strlen(x->errbuf), TEXT_COLLAPSE);
	if (!*detail) {
		free(detail);
		detail = xstrdup(curl.easy_strerror(rc));
	}
	char *msg;
	if (x->hostile == HOSTILE_MANY_HEADERS)
		msg = xasprintf("more than %d response headers; refused", FETCH_MAX_HEADERS);
	else if (x->hostile == HOSTILE_MANY_ANSWERS)
		msg = xasprintf("more than %d answers to one request; refused",
				FETCH_MAX_ANSWERS);
	else if (x->hostile == HOSTILE_HEADER_BYTES)
		msg = xasprintf("response headers larger than %zu KB in all; refused",
				FETCH_MAX_HEADER_BYTES >> 10);
	else if (header_too_large(x, rc))
		msg = xasprintf("a response header larger than %d KB; refused",
				CURL_MAX_HTTP_HEADER >> 10);
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL && down_to_http(x))
		msg = xstrdup("redirected from https to plain http (refused)");
	else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		msg = xasprintf("the answer is larger than %zu MiB; refused",
				f->o.max_bytes >> 20 ? f->o.max_bytes >> 20 : 1);
	else if (x->write_errno)
		msg = xasprintf("writing the file: %s", write_error(x->write_errno));
	else if (rc == CURLE_OPERATION_TIMEDOUT && !x->connected)
		msg = xasprintf("could not connect within %d s%s", connect_timeout(f), tries);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		msg = xasprintf("%s %d s%s", f->download ? "no data for" : "no complete answer within",
				f->o.timeout, tries);
	else if (rc == CURLE_PARTIAL_FILE || rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR)
		msg = xasprintf("the connection closed before the whole answer came (%s)%s",
				detail, tries);
	else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
		msg = xasprintf("could not connect: %s%s", detail, tries);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		msg = xasprintf("more than %d redirects", FETCH_MAX_REDIRS);
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		msg = xasprintf("refused: %s (only http and https are followed)", detail);
	else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
		msg = xasprintf("the server's TLS certificate could not be verified: %s", detail);
	else
		msg = xasprintf("%s%s", detail, tries);
	free(detail);
	free(tries);
	return msg;
}

static int code_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static void deliver(struct xfer *x, long status, const char *error, int cancelled)
{
	struct fetch_result r = {
		.url = x->url,
		.status = status,
		.body = x->body.data ? x->body.data : "",
		.len = x->body.len,
		.content_type = x->ctype,
		.etag = x->etag,
		.last_modified = x->last_modified,
		.attempts = x->attempts,
		.retry_wait = x->retry_wait,
		.error = error,
		.cancelled = cancelled,
	};
	x->done(x->ctx, x->f, &r);
	xfer_free(x);
}

void fetch_post(struct fetch *f, const char *url, const char *const *headers,
		const char *body, size_t len, fetch_done_fn done, void *ctx)
{
	struct xfer *x = xcalloc(1, sizeof *x);
	x->f = f;
	x->url = xstrdup(url);
	x->done = done;
	x->ctx = ctx;
	x->retry_after = x->ratelimit = x->retry_wait = -1;
	x->post = xmalloc(len + 1);
	memcpy(x->post, body, len);
	x->post[len] = '\0';
	x->post_len = len;
	/* "Expect: 100-continue" would hold a large body back for a second. */
	x->post_headers = curl.slist_append(NULL, "Expect:");
	for (const struct curl_slist *h = f->headers; h && x->post_headers; h = h->next)
		x->post_headers = curl.slist_append(x->post_headers, h->data);
	for (const char *const *h = headers; h && *h && x->post_headers; h++)
		x->post_headers = curl.slist_append(x->post_headers, *h);
	if (!x->post_headers)
		abort(); /* libcurl could not allocate a few bytes */
	push_pending(f, x);
}

/*
 * Decides whether an attempt that ended with rc and status is tried again;
 * when it is, requeues x for later and returns 1.
 */
static int schedule_retry(struct fetch *f, struct xfer *x, CURLcode rc, long status)
{
	int http_retry = rc == CURLE_OK && fetch_status_retryable(status);
	if (!http_retry && (rc == CURLE_OK || x->too_big || x->hostile ||
			    !code_retryable(rc)))
		return 0;
	double server = -1;
	if (http_retry) {
		server = x->retry_after;
		if (server < 0 && (status == 429 || status == 503))
			server = x->ratelimit;
		x->retry_wait = server;
	}
	if (x->attempts >= f->o.max_attempts || server > f->o.max_wait)
		return 0;
	double wait;
	if (server >= 0) {
		double r = (double)rand_r(&f->seed) / ((double)RAND_MAX + 1.0);
		wait = server + r * 0.25; /* spread the clients a little */
		if (wait > f->o.max_wait)
			wait = f->o.max_wait;
	} else {
		wait = fetch_backoff(x->attempts, f->o.max_wait, &f->seed);
	}
	double now = now_mono();
	x->not_before = now + wait;
	if (status == 429 && x->not_before > f->hold_until)
		f->hold_until = x->not_before;
	if (reset_attempt(x) != 0) {
		x->write_errno = errno ? errno : EIO;
		return 0;
	}
	push_pending(f, x);
	return 1;
}

static void finish(struct fetch *f, CURL *e, CURLcode rc)
{
	void *priv = NULL;
	long status = 0;
	curl.easy_getinfo(e, CURLINFO_PRIVATE, &priv);
	struct xfer *x = priv;
	curl.easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_off_t connect_us = 0;
	curl.easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect_us);
	x->connected = connect_us > 0;
	curl.multi_remove_handle(f->multi, e);
	curl.easy_cleanup(e);
	x->easy = NULL;
	f->active--;
	for (int i = 0; i < f->o.concurrency; i++)
		if (f->slots[i] == x)
			f->slots[i] = NULL;
	int cancelled = rc == CURLE_ABORTED_BY_CALLBACK && f->o.cancel && *f->o.cancel;
	if (!cancelled && schedule_retry(f, x, rc, status))
		return;
	if (cancelled) {
		deliver(x, 0, "cancelled", 1);
	} else if (rc == CURLE_OK && !x->write_errno) {
		deliver(x, status, NULL, 0);
	} else {
		char *msg = describe_failure(x, rc);
		deliver(x, rc == CURLE_OK ? status : 0, msg, 0);
		free(msg);
	}
}

/* Starts what may start now; returns seconds until the next may, or -1. */
static double start_ready(struct fetch *f)
{
	double now = now_mono(), next = -1;
	struct xfer *prev = NULL, *x = f->pending;
	while (x && f->active < f->o.concurrency) {
		double at = x->not_before > f->hold_until ? x->not_before : f->hold_until;
		if (at > now) {
			if (next < 0 || at - now < next)
				next = at - now;
			prev = x;
			x = x->next;
			continue;
		}
		struct xfer *go = x;
		x = x->next;
		if (prev)
			prev->next = x;
		else
			f->pending = x;
		if (f->pending_tail == go)
			f->pending_tail = prev;
		go->next = NULL;
		go->attempts++;
		go->easy = make_easy(f, go);
		if (!go->easy || curl.multi_add_handle(f->multi, go->easy) != CURLM_OK) {
			if (go->easy)
				curl.easy_cleanup(go->easy);
			go->easy = NULL;
			deliver(go, 0, "could not start a transfer (out of resources?)", 0);
			continue;
		}
		for (int i = 0; i < f->o.concurrency; i++) {
			if (!f->slots[i]) {
				f->slots[i] = go;
				break;
			}
		}
		f->active++;
	}
	return next;
}

/* Ends every transfer still queued or running, each with msg. */
static void drain(struct fetch *f, const char *msg, int cancelled)
{
	for (int i = 0; i < f->o.concurrency; i++) {
		struct xfer *x = f->slots[i];
		if (!x)
			continue;
		f->slots[i] = NULL;
		curl.multi_remove_handle(f->multi, x->easy);
		curl.easy_cleanup(x->easy);
		x->easy = NULL;
		f->active--;
		deliver(x, 0, msg, cancelled);
	}
	while (f->pending) {
		struct xfer *x = f->pending;
		f->pending = x->next;
		if (!f->pending)
			f->pending_tail = NULL;
		deliver(x, 0, msg, cancelled);
	}
}

int fetch_run(struct fetch *f, char **err)
{
	int running = 0;
	const char *fail = NULL;
	CURLMcode mc = CURLM_OK;
	for (;;) {
		if (f->o.cancel && *f->o.cancel)
			break;
		double next = start_ready(f);
		if (!f->active && !f->pending)
			return 0;
		mc = curl.multi_perform(f->multi, &running);
		if (mc != CURLM_OK) {
			fail = curl.multi_strerror(mc);
			break;
		}
		CURLMsg *m;
		int left;
		while ((m = curl.multi_info_read(f->multi, &left)) != NULL)
			if (m->msg == CURLMSG_DONE)
				finish(f, m->easy_handle, m->data.result);
		if (!f->active && !f->pending)
			return 0;
		int ms = POLL_MS;
		if (next >= 0 && next * 1000 < ms)
			ms = (int)(next * 1000) + 1;
		if (f->active) {
			mc = curl.multi_poll(f->multi, NULL, 0, ms, NULL);
			if (mc != CURLM_OK) {
				fail = curl.multi_strerror(mc);
				break;
			}
		} else {
			usleep((useconds_t)ms * 1000);
		}
	}
	if (fail) {
		char *msg = xasprintf("transfers failed: %s", fail);
		drain(f, msg, 0);
		set_err(err, "%s", msg);
		free(msg);
		return -1;
	}
	drain(f, "cancelled", 1);
	return set_err(err, "cancelled");
}

struct fetch *fetch_new(const struct fetch_opts *opts, char **err)
{
	if (libcurl_ready(err) != 0)
		return NULL;
	struct fetch *f = xcalloc(1, sizeof *f);
	if (opts)
		f->o = *opts;
	if (f->o.concurrency <= 0)
		f->o.concurrency = FETCH_CONCURRENCY;
	if (f->o.timeout <= 0)
		f->o.timeout = FETCH_TIMEOUT;
	if (f->o.max_bytes == 0)
		f->o.max_bytes = FETCH_MAX_BYTES;
	if (f->o.max_attempts <= 0)
		f->o.max_attempts = FETCH_MAX_ATTEMPTS;
	if (!(f->o.max_wait > 0))
		f->o.max_wait = FETCH_MAX_WAIT;
	f->slots = xcalloc((size_t)f->o.concurrency, sizeof *f->slots);
	f->ua = xasprintf("papyr/%s (+terminal paper explorer)", PAPYR_VERSION);
	if (f->o.token && *f->o.token) {
		char *h = xasprintf("Authorization: Bearer %s", f->o.token);
		f->headers = curl.slist_append(f->headers, h);
		free(h);
		if (!f->headers)
			goto fail;
	}
	f->o.token = NULL; /* the header holds it; opts' copy is not kept */
	f->ca_file = f->o.ca_file ? xstrdup(f->o.ca_file) : NULL;
	f->o.ca_file = NULL;
	f->seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(uintptr_t)f;
	f->multi = curl.multi_init();
	if (!f->multi)
		goto fail;
	return f;
fail:
	set_err(err, "could not set up HTTP transfers (libcurl)");
	fetch_free(&f);
	return NULL;
}

void fetch_free(struct fetch **fp)
{
	struct fetch *f = *fp;
	if (!f)
		return;
	drain(f, "cancelled", 1);
	if (f->multi)
		curl.multi_cleanup(f->multi);
	curl.slist_free_all(f->headers);
	free(f->slots);
	free(f->ua);
	free(f->ca_file);
	free(f);
	*fp = NULL;
}

/* ---- one file ---- */

struct download {
	char *error;
	char *ctype;  /* the answer's Content-Type; NULL when it sent none */
	long status;
	int ok;
};

/* What a file's name promises of its first bytes: a download named so is
 * kept only when its body starts so, so that an HTML page a server sends
 * with 200 (a login wall, a captcha, an error page) never lands as ID.pdf. */
static const struct {
	const char *ext, *magic, *what;
} file_kinds[] = {
	{".pdf", "%PDF-", "a PDF"},
};

static void on_download(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	(void)f;
	struct download *d = ctx;
	d->status = r->status;
	if (r->content_type)
		d->ctype = xstrdup(r->content_type);
	if (r->error)
		d->error = xstrdup(r->error);
	else if (r->status < 200 || r->status > 299)
		d->error = r->attempts > 1
			? xasprintf("HTTP %ld (%d attempts)", r->status, r->attempts)
			: xasprintf("HTTP %ld", r->status);
	else
		d->ok = 1;
}

/* A temporary file beside dest; *tmp is the caller's to free. */
static FILE *open_beside(const char *dest, char **tmp, char **err)
{
	const char *slash = strrchr(dest, '/');
	*tmp = slash ? xasprintf("%.*s/.papyr-download-XXXXXX", (int)(slash - dest), dest)
		     : xstrdup(".papyr-download-XXXXXX");
	int fd = mkstemp(*tmp);
	FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!fp) {
		set_err(err, "%s: %s", dest, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
	}
	return fp;
}

/* "not a PDF (the server sent text/html)": the type without its
 * parameters, at most 64 bytes of it. A new string. */
static char *not_a(const char *what, const char *ctype)
{
	size_t n = ctype ? strcspn(ctype, "; ") : 0;
	if (n > 64) {
		n = 64;
		while (n > 0 && ((unsigned char)ctype[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
	}
	return n ? xasprintf("not %s (the server sent %.*s)", what, (int)n, ctype)
		 : xasprintf("not %s", what);
}

/* Whether the file fp holds is what dest's name says it is (file_kinds);
 * 0, or -1 with a new string in *why. */
static int check_kind(FILE *fp, const char *dest, const char *ctype, char **why)
{
	size_t n = strlen(dest);
	for (size_t i = 0; i < sizeof file_kinds / sizeof file_kinds[0]; i++) {
		const char *ext = file_kinds[i].ext, *magic = file_kinds[i].magic;
		size_t e = strlen(ext), m = strlen(magic);
		char head[16];
		if (n < e || strcasecmp(dest + n - e, ext) != 0)
			continue;
		if (fflush(fp) != 0) {
			*why = xasprintf("writing the file: %s", strerror(errno));
			return -1;
		}
		if (pread(fileno(fp), head, m, 0) != (ssize_t)m || memcmp(head, magic, m) != 0) {
			*why = not_a(file_kinds[i].what, ctype);
			return -1;
		}
	}
	return 0;
}

int fetch_download(const struct fetch_opts *opts, const char *url, const char *dest,
		   fetch_progress_fn progress, void *ctx, char **err)
{
	struct fetch_opts o = {0};
	if (opts)
		o = *opts;
	if (o.max_bytes == 0)
		o.max_bytes = FETCH_MAX_DOWNLOAD;
	o.concurrency = 1;
	char *tmp = NULL;
	FILE *fp = open_beside(dest, &tmp, err);
	if (!fp)
		return -1;
	struct fetch *f = fetch_new(&o, err);
	if (!f) {
		fclose(fp);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	f->download = 1;
	struct download d = {0};
	fetch_get(f, url, on_download, &d);
	f->pending->file = fp;
	f->pending->progress = progress;
	f->pending->pctx = ctx;
	char *cause = NULL;
	fetch_run(f, &cause);
	free(cause);
	fetch_free(&f);
	int rc = -1;
	if (d.ok && check_kind(fp, dest, d.ctype, &d.error) != 0)
		d.ok = 0;
	if (fclose(fp) != 0 && d.ok) {
		d.ok = 0;
		d.error = xasprintf("writing the file: %s", write_error(errno));
	}
	if (d.ok && rename(tmp, dest) != 0)
		d.error = xasprintf("%s: %s", dest, strerror(errno));
	else if (d.ok)
		rc = 0;
	if (rc != 0) {
		unlink(tmp);
		set_err(err, "%s", d.error ? d.error : "the download failed");
	}
	free(d.error);
	free(d.ctype);
	free(tmp);
	return rc;
}
