/*
 * Tests for the fetcher: the retry policy's parts, the sync plan, and real
 * transfers through libcurl to the fixture server (e2e/server.py) on
 * 127.0.0.1: bodies, downloads, redirects, retries, size caps, cancelling,
 * and a sync's caps on what a day may hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../db/db.h"
#include "../src/config.h"
#include "../src/fetch.h"
#include "../src/sync.h"
#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/date.h"
#include "../src/base/file.h"
#include "test_cache.h"

/* ---- the retry policy ---- */

static void test_retryable_statuses(void **state)
{
	(void)state;
	assert_false(fetch_status_retryable(200));
	assert_false(fetch_status_retryable(400));
	assert_false(fetch_status_retryable(404));
	assert_false(fetch_status_retryable(0));
	assert_true(fetch_status_retryable(408));
	assert_true(fetch_status_retryable(429));
	assert_true(fetch_status_retryable(500));
	assert_true(fetch_status_retryable(503));
	assert_true(fetch_status_retryable(599));
	assert_false(fetch_status_retryable(600));
}

static void test_retry_after_bad_values(void **state)
{
	(void)state;
	time_t now = 1800000000;
	assert_true(fetch_parse_retry_after(NULL, now) < 0);
	assert_true(fetch_parse_retry_after("", now) < 0);
	assert_true(fetch_parse_retry_after("soon", now) < 0);
	assert_true(fetch_parse_retry_after("-5", now) < 0);
	assert_true(fetch_parse_retry_after("1.5", now) < 0);
	assert_true(fetch_parse_retry_after("12abc", now) < 0);
	assert_true(fetch_parse_retry_after("99999999999", now) < 0);
}

static void test_retry_after_seconds_and_dates(void **state)
{
	(void)state;
	time_t now = 1800000000; /* 2027-01-15 08:00:00 UTC */
	assert_true(fetch_parse_retry_after("120", now) == 120);
	assert_true(fetch_parse_retry_after(" 0 ", now) == 0);
	char date[64];
	time_t later = now + 30;
	struct tm tm;
	gmtime_r(&later, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	assert_true(fetch_parse_retry_after(date, now) == 30);
	/* a date gone by means: now */
	assert_true(fetch_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 0);
}

static void test_ratelimit_header(void **state)
{
	(void)state;
	assert_true(fetch_parse_ratelimit(NULL) < 0);
	assert_true(fetch_parse_ratelimit("") < 0);
	assert_true(fetch_parse_ratelimit("garbage") < 0);
	assert_true(fetch_parse_ratelimit("\"api\";r=0;t=") < 0);
	assert_true(fetch_parse_ratelimit("\"api\";r=0;t=-3") < 0);
	/* quota left: no wait asked for */
	assert_true(fetch_parse_ratelimit("\"api\";r=12;t=42") < 0);
	assert_true(fetch_parse_ratelimit("\"api\";r=0;t=42") == 42);
	assert_true(fetch_parse_ratelimit("\"api\"; t=42; r=0") == 42);
	assert_true(fetch_parse_ratelimit("\"api\";r=0;t=42, \"burst\";r=0;t=7") == 42);
	assert_true(fetch_parse_ratelimit("\"api\";r=3;t=42, \"burst\";r=0;t=7") == 7);
}

static void test_backoff_grows_is_capped_and_jittered(void **state)
{
	(void)state;
	unsigned seed = 42;
	for (int i = 0; i < 200; i++) {
		double w1 = fetch_backoff(1, 60, &seed);
		assert_true(w1 >= 0.5 && w1 <= 1.0);
		double w3 = fetch_backoff(3, 60, &seed);
		assert_true(w3 >= 2.0 && w3 <= 4.0);
		double w10 = fetch_backoff(10, 60, &seed);
		assert_true(w10 >= 30.0 && w10 <= 60.0);
		double tiny = fetch_backoff(5, 0.2, &seed);
		assert_true(tiny >= 0.1 && tiny <= 0.2);
		assert_true(fetch_backoff(1000, 60, &seed) <= 60.0);
		assert_true(fetch_backoff(0, 60, &seed) <= 1.0);
	}
	/* jitter: not every wait is the same */
	double a = fetch_backoff(4, 60, &seed), b = a;
	for (int i = 0; i < 20 && b == a; i++)
		b = fetch_backoff(4, 60, &seed);
	assert_true(a != b);
}

/* ---- the plan ---- */

static void test_plan_default(void **state)
{
	(void)state;
	struct config cfg = {.sync_days = 7, .sync_refetch = 14};
	char (*days)[11] = NULL;
	int n = sync_plan_default(&cfg, "2026-03-02", &days);
	assert_int_equal(n, 14);
	assert_string_equal(days[0], "2026-03-02");
	assert_string_equal(days[1], "2026-03-01");
	assert_string_equal(days[2], "2026-02-28");
	assert_string_equal(days[13], "2026-02-17");
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			assert_true(strcmp(days[i], days[j]) > 0); /* newest first, no twice */
	free(days);
	cfg.sync_days = 30;
	cfg.sync_refetch = 0;
	n = sync_plan_default(&cfg, "2026-01-05", &days);
	assert_int_equal(n, 30);
	assert_string_equal(days[29], "2025-12-07");
	free(days);
	cfg.sync_days = 1;
	n = sync_plan_default(&cfg, "2026-01-05", &days);
	assert_int_equal(n, 1);
	free(days);
}

/* Settled days (fetched whole once sync_refetch days old) leave the plan;
 * recent, failed and never-fetched days stay, in their order. */
static void test_plan_unsettled(void **state)
{
	(void)state;
	char path[64], today[11], yesterday[11];
	struct db *db = test_cache_open(path, "plan");
	char *err = NULL;
	date_today(today);
	date_add_days(today, -1, yesterday);
	assert_int_equal(db_synclog_ok(db, "2026-01-03", 5, NULL, NULL, &err), 0);
	assert_int_equal(db_synclog_ok(db, "2026-01-01", 5, NULL, NULL, &err), 0);
	assert_int_equal(db_synclog_fail(db, "2026-01-02", "HTTP 500", &err), 0);
	assert_int_equal(db_synclog_ok(db, yesterday, 5, NULL, NULL, &err), 0);
	char days[5][11];
	snprintf(days[0], 11, "%s", yesterday);
	snprintf(days[1], 11, "2026-01-03");
	snprintf(days[2], 11, "2026-01-02");
	snprintf(days[3], 11, "2026-01-01");
	snprintf(days[4], 11, "2025-12-31");
	struct config cfg = {.sync_days = 7, .sync_refetch = 14};
	int n = 5;
	assert_int_equal(sync_plan_unsettled(db, &cfg, days, &n), 2);
	assert_int_equal(n, 3);
	assert_string_equal(days[0], yesterday);   /* fetched a day old: still moves */
	assert_string_equal(days[1], "2026-01-02"); /* failed */
	assert_string_equal(days[2], "2025-12-31"); /* never fetched */
	cfg.sync_refetch = 0; /* every day fetched whole is settled */
	assert_int_equal(sync_plan_unsettled(db, &cfg, days, &n), 1);
	assert_int_equal(n, 2);
	assert_string_equal(days[0], "2026-01-02");
	test_cache_remove(&db, path);
}

/* ---- real transfers ---- */

static char dir[64];
static pid_t server;
static char base[64];
static char tls_base[64];

/* The https port, written before the plain one. */
static int read_tls_port(void)
{
	char port_file[96];
	snprintf(port_file, sizeof port_file, "%s/server.tls_port", dir);
	FILE *f = fopen(port_file, "r");
	int port = 0;
	if (!f || fscanf(f, "%d", &port) != 1) {
		fprintf(stderr, "the fixture server serves no https\n");
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(tls_base, sizeof tls_base, "https://127.0.0.1:%d", port);
	return 0;
}

static int start_server(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/papyr-test-fetch.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	server = fork();
	if (server == 0) {
		char *argv[] = {"/usr/bin/python3", "e2e/server.py", "--dir", dir, "--days",
				"fixtures/hf/days", "--lifetime", "60", "--tls", NULL};
		execv(argv[0], argv);
		_exit(127);
	}
	char port_file[96];
	snprintf(port_file, sizeof port_file, "%s/server.port", dir);
	for (int i = 0; i < 400; i++) {
		FILE *f = fopen(port_file, "r");
		int port = 0;
		if (f && fscanf(f, "%d", &port) == 1) {
			fclose(f);
			snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
			return read_tls_port();
		}
		if (f)
			fclose(f);
		usleep(25000);
	}
	fprintf(stderr, "the fixture server did not start\n");
	return -1;
}

static int stop_server(void **state)
{
	(void)state;
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || e->d_name[1] == '.'))
			continue;
		char p[400];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

/* Files in the test folder whose name starts with prefix. */
static int count_files(const char *prefix)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

static char *url(const char *path)
{
	return xasprintf("%s%s", base, path);
}

struct got {
	int calls;
	long status;
	char *body;
	size_t len;
	char *error;
	char *etag;
	int attempts;
};

static void on_done(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	(void)f;
	struct got *g = ctx;
	g->calls++;
	g->status = r->status;
	g->body = xstrndup(r->body, r->len);
	g->len = r->len;
	g->error = r->error ? xstrdup(r->error) : NULL;
	g->etag = r->etag ? xstrdup(r->etag) : NULL;
	g->attempts = r->attempts;
}

static void got_clear(struct got *g)
{
	free(g->body);
	free(g->error);
	free(g->etag);
	memset(g, 0, sizeof *g);
}

static void test_get_errors_come_back_as_answers(void **state)
{
	(void)state;
	struct fetch_opts o = {.max_wait = 0.05};
	struct fetch *f = fetch_new(&o, NULL);
	assert_non_null(f);
	struct got bad = {0}, missing = {0};
	char *u1 = url("/api/daily_papers?date=2026-13-01");
	char *u2 = url("/nothing/here");
	fetch_get(f, u1, on_done, &bad);
	fetch_get(f, u2, on_done, &missing);
	char *err = NULL;
	assert_int_equal(fetch_run(f, &err), 0);
	assert_int_equal(bad.calls, 1);
	assert_int_equal(bad.status, 400);
	assert_null(bad.error);
	assert_int_equal(bad.attempts, 1);
	assert_non_null(strstr(bad.body, "Invalid date"));
	assert_int_equal(missing.status, 404);
	got_clear(&bad);
	got_clear(&missing);
	free(u1);
	free(u2);
	fetch_free(&f);
}

static void test_get_many_with_bounded_concurrency(void **state)
{
	(void)state;
	struct fetch_opts o = {.concurrency = 2};
	struct fetch *f = fetch_new(&o, NULL);
	struct got g[6] = {{0}};
	const char *days[] = {"2026-07-10", "2026-07-11", "2026-07-12", "2026-07-13",
			      "2026-06-12", "2026-06-13"};
	for (int i = 0; i < 6; i++) {
		char *u = xasprintf("%s/api/daily_papers?date=%s&limit=100&p=0", base, days[i]);
		fetch_get(f, u, on_done, &g[i]);
		free(u);
	}
	assert_int_equal(fetch_run(f, NULL), 0);
	struct buf want = {0};
	char *err = NULL;
	if (read_file("fixtures/hf/days/2026-07-13.json", &want, 1 << 22, &err) != 0)
		fail_msg("%s", err);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(g[i].calls, 1);
		assert_int_equal(g[i].status, 200);
		assert_null(g[i].error);
	}
	/* gzip on the wire, the same bytes out */
	assert_int_equal(g[3].len, want.len);
	assert_memory_equal(g[3].body, want.data, want.len);
	assert_string_equal(g[3].etag, "W/\"2026-07-13-0\"");
	assert_string_equal(g[1].body, "[]");
	for (int i = 0; i < 6; i++)
		got_clear(&g[i]);
	buf_free(&want);
	fetch_free(&f);
}

/* The most requests the server saw at once for paths starting with prefix. */
static int most_at_once(const char *prefix)
{
	char *path = xasprintf("%s/requests.log", dir);
	char *want = xasprintf("\"path\": \"%s", prefix);
	FILE *f = fopen(path, "r");
	char line[4096];
	int most = 0;
	while (f && fgets(line, sizeof line, f)) {
		const char *at = strstr(line, "\"inflight\": ");
		if (strstr(line, want) && at && atoi(at + 12) > most)
			most = atoi(at + 12);
	}
	if (f)
		fclose(f);
	free(want);
	free(path);
	return most;
}

static void test_get_never_runs_more_than_asked_at_once(void **state)
{
	(void)state;
	struct fetch_opts o = {.concurrency = 2};
	struct fetch *f = fetch_new(&o, NULL);
	struct got g[6] = {{0}};
	for (int i = 0; i < 6; i++) {
		char *u = url("/delay/150");
		fetch_get(f, u, on_done, &g[i]);
		free(u);
	}
	assert_int_equal(fetch_run(f, NULL), 0);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(g[i].status, 200);
		got_clear(&g[i]);
	}
	int most = most_at_once("/delay/");
	assert_true(most >= 1 && most <= 2);
	fetch_free(&f);
}

/* The Authorization header of the last logged request for path, or "-". */
static char *auth_of(const char *path)
{
	char *log = xasprintf("%s/requests.log", dir);
	char *want = xasprintf("\"path\": \"%s\"", path);
	FILE *f = fopen(log, "r");
	char line[4096];
	char *auth = xstrdup("-");
	while (f && fgets(line, sizeof line, f)) {
		const char *at = strstr(line, "\"auth\": ");
		if (!strstr(line, want) || !at)
			continue;
		at += 8;
		free(auth);
		auth = xstrndup(at, strcspn(at, ","));
	}
	if (f)
		fclose(f);
	free(want);
	free(log);
	return auth;
}

static void test_get_keeps_the_token_to_its_host(void **state)
{
	(void)state;
	struct fetch_opts o = {.token = "hf_secret"};
	struct fetch *f = fetch_new(&o, NULL);
	struct got g = {0};
	char *u = url("/redirect/elsewhere");
	fetch_get(f, u, on_done, &g);
	assert_int_equal(fetch_run(f, NULL), 0);
	assert_int_equal(g.status, 200);
	char *first = auth_of("/redirect/elsewhere");
	char *then = auth_of("/delay/0");
	assert_string_equal(first, "\"Bearer hf_secret\"");
	assert_string_equal(then, "null");
	free(first);
	free(then);
	got_clear(&g);
	free(u);
	fetch_free(&f);
}

static void test_get_refuses_an_answer_past_the_cap(void **state)
{
	(void)state;
	struct fetch_opts o = {.max_bytes = 1 << 20};
	struct fetch *f = fetch_new(&o, NULL);
	struct got g = {0};
	char *u = url("/files/huge.bin");
	fetch_get(f, u, on_done, &g);
	assert_int_equal(fetch_run(f, NULL), 0);
	assert_non_null(g.error);
	assert_string_equal(g.error, "the answer is larger than 1 MiB; refused");
	assert_int_equal(g.attempts, 1);
	got_clear(&g);
	free(u);
	fetch_free(&f);
}

/* One GET through a fetch with opts o; g is filled by on_done. */
static void get_one(const struct fetch_opts *o, const char *u, struct got *g)
{
	struct fetch *f = fetch_new(o, NULL);
	assert_non_null(f);
	fetch_get(f, u, on_done, g);
	assert_int_equal(fetch_run(f, NULL), 0);
	assert_int_equal(g->calls, 1);
	fetch_free(&f);
}

/* A hostile answer is refused at once, in words that say what it was. */
static void test_get_refuses_hostile_headers(void **state)
{
	(void)state;
	struct fetch_opts o = {.max_wait = 0.05, .timeout = 20};
	static const struct {
		const char *path, *error;
	} cases[] = {
		{"/headers/huge", "a response header larger than 100 KB; refused"},
		{"/headers/large", "response headers larger than 64 KB in all; refused"},
		{"/headers/many", "more than 500 response headers; refused"},
		{"/headers/continues", "more than 12 answers to one request; refused"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct got g = {0};
		char *u = url(cases[i].path);
		get_one(&o, u, &g);
		if (!g.error || strcmp(g.error, cases[i].error) != 0)
			fail_msg("%s: '%s', expected '%s'", cases[i].path,
				 g.error ? g.error : "(none)", cases[i].error);
		assert_int_equal(g.attempts, 1);
		got_clear(&g);
		free(u);
	}
}

static void test_get_names_a_redirect_down_to_http(void **state)
{
	(void)state;
	char *pem = xasprintf("%s/tls.pem", dir);
	struct fetch_opts o = {.max_wait = 0.05, .ca_file = pem};
	struct got g = {0};
	/* the certificate is trusted: https itself works */
	char *u = xasprintf("%s/delay/0", tls_base);
	get_one(&o, u, &g);
	assert_int_equal(g.status, 200);
	assert_null(g.error);
	got_clear(&g);
	free(u);
	u = xasprintf("%s/redirect/plain", tls_base);
	get_one(&o, u, &g);
	assert_non_null(g.error);
	assert_string_equal(g.error, "redirected from https to plain http (refused)");
	assert_int_equal(g.attempts, 1);
	got_clear(&g);
	free(u);
	free(pem);
}

struct seen {
	int calls;
	long long last_done, last_total;
	atomic_int *cancel;
};

static void on_progress(void *ctx, long long done, long long total)
{
	struct seen *s = ctx;
	s->calls++;
	s->last_done = done;
	s->last_total = total;
	if (s->cancel && done > 0)
		*s->cancel = 1;
}

static void check_pdf(const char *path)
{
	struct buf b = {0};
	char *err = NULL;
	if (read_file(path, &b, 1 << 22, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(b.len, 300 * 1024);
	assert_memory_equal(b.data, "%PDF-1.4\n", 9);
	buf_free(&b);
}

static void test_download_writes_the_file_whole(void **state)
{
	(void)state;
	char *dest = xasprintf("%s/paper.pdf", dir);
	char *u = url("/files/paper.pdf");
	struct seen s = {0};
	char *err = NULL;
	if (fetch_download(NULL, u, dest, on_progress, &s, &err) != 0)
		fail_msg("%s", err);
	check_pdf(dest);
	assert_true(s.calls > 0);
	assert_int_equal(s.last_done, 300 * 1024);
	assert_int_equal(s.last_total, 300 * 1024);
	assert_int_equal(count_files(".papyr-download-"), 0);
	unlink(dest);
	free(u);
	free(dest);
}

static void test_download_failures_leave_no_file(void **state)
{
	(void)state;
	char *dest = xasprintf("%s/missing.pdf", dir);
	struct fetch_opts o = {.max_wait = 0.05, .max_bytes = 1 << 20};
	static const struct {
		const char *path, *error;
	} cases[] = {
		{"/files/none.pdf", "HTTP 404"},
		{"/redirect/file", "refused: "},
		{"/redirect/loop", "more than 5 redirects"},
		{"/files/huge.bin", "the answer is larger than 1 MiB; refused"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *u = url(cases[i].path);
		char *err = NULL;
		assert_int_equal(fetch_download(&o, u, dest, NULL, NULL, &err), -1);
		if (!strstr(err, cases[i].error))
			fail_msg("%s: '%s' lacks '%s'", cases[i].path, err, cases[i].error);
		assert_int_equal(access(dest, F_OK), -1);
		assert_int_equal(count_files(".papyr-download-"), 0);
		free(err);
		free(u);
	}
	char *nodir = xasprintf("%s/no/such/folder/x.pdf", dir);
	char *u = url("/files/paper.pdf");
	char *err = NULL;
	assert_int_equal(fetch_download(&o, u, nodir, NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	free(err);
	free(u);
	free(nodir);
	free(dest);
}

static void test_download_follows_redirects_and_retries(void **state)
{
	(void)state;
	char *dest = xasprintf("%s/moved.pdf", dir);
	struct fetch_opts o = {.max_wait = 0.05};
	char *u = url("/redirect/ok");
	char *err = NULL;
	if (fetch_download(&o, u, dest, NULL, NULL, &err) != 0)
		fail_msg("%s", err);
	check_pdf(dest);
	free(u);
	/* the first answer is a 503: the second attempt lands */
	u = url("/files/flaky.pdf");
	if (fetch_download(&o, u, dest, NULL, NULL, &err) != 0)
		fail_msg("%s", err);
	check_pdf(dest);
	unlink(dest);
	free(u);
	free(dest);
}

/* A file named .pdf is kept only when it is one: an HTML page sent with 200
 * leaves nothing behind. Under another name the same answer is saved. */
static void test_download_keeps_only_a_pdf_as_pdf(void **state)
{
	(void)state;
	char *dest = xasprintf("%s/page.pdf", dir);
	char *u = url("/files/page.pdf");
	char *err = NULL;
	assert_int_equal(fetch_download(NULL, u, dest, NULL, NULL, &err), -1);
	assert_string_equal(err, "not a PDF (the server sent text/html)");
	assert_int_equal(access(dest, F_OK), -1);
	assert_int_equal(count_files(".papyr-download-"), 0);
	free(err);
	err = NULL;
	char *html = xasprintf("%s/page.html", dir);
	if (fetch_download(NULL, u, html, NULL, NULL, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(access(html, F_OK), 0);
	unlink(html);
	free(html);
	free(u);
	free(dest);
}

static void test_download_cancelled(void **state)
{
	(void)state;
	char *dest = xasprintf("%s/slow.pdf", dir);
	atomic_int cancel = 0;
	struct fetch_opts o = {.cancel = &cancel};
	struct seen s = {.cancel = &cancel};
	char *u = url("/files/slow.pdf");
	char *err = NULL;
	assert_int_equal(fetch_download(&o, u, dest, on_progress, &s, &err), -1);
	assert_string_equal(err, "cancelled");
	assert_true(s.last_done < 300 * 1024);
	assert_int_equal(access(dest, F_OK), -1);
	assert_int_equal(count_files(".papyr-download-"), 0);
	free(err);
	free(u);
	free(dest);
}

/* Files left in folder d, "." and ".." aside. */
static int files_in(const char *d)
{
	int n = 0;
	DIR *dp = opendir(d);
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (dp)
		closedir(dp);
	return n;
}

/* A download onto a full disk says so and leaves nothing behind. Needs a
 * small tmpfs, so root; elsewhere it says so and checks nothing. */
static void test_download_on_a_full_disk_leaves_no_file(void **state)
{
	(void)state;
	char *small = xasprintf("%s/small", dir);
	mkdir(small, 0700);
	if (getuid() != 0 || mount("tmpfs", small, "tmpfs", 0, "size=64k") != 0) {
		fprintf(stderr, "cannot mount a small tmpfs (not root?): nothing to check\n");
		rmdir(small);
		free(small);
		return;
	}
	char *dest = xasprintf("%s/paper.pdf", small);
	char *u = url("/files/paper.pdf"); /* 300 KiB */
	char *err = NULL;
	int rc = fetch_download(NULL, u, dest, NULL, NULL, &err);
	int left = files_in(small);
	umount(small);
	rmdir(small);
	assert_int_equal(rc, -1);
	if (!strstr(err, "disk full"))
		fail_msg("'%s' lacks 'disk full'", err);
	assert_int_equal(left, 0);
	free(err);
	free(u);
	free(dest);
	free(small);
}

/* ---- sync against hostile answers ---- */

struct day_errors {
	char day[4][11];
	char *error[4];
	int n;
};

static void on_sync_progress(void *ctx, const struct sync_progress *p)
{
	struct day_errors *de = ctx;
	if (!p->day || de->n == 4)
		return;
	snprintf(de->day[de->n], 11, "%s", p->day);
	de->error[de->n++] = p->error ? xstrdup(p->error) : NULL;
}

static void write_faults(const char *text)
{
	char *path = xasprintf("%s/faults.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* A server whose pages never stop coming full: the day is refused at the
 * day's cap (not stored half), and the other day lands. */
static void test_sync_refuses_a_day_past_its_cap(void **state)
{
	(void)state;
	char path[64];
	struct db *db = test_cache_open(path, "synccap");
	write_faults("{\"2026-07-13\": {\"fault\": \"full\", \"size\": 100}}\n");
	struct config cfg = {.hf_url = base, .concurrency = 2, .timeout = 20,
			     .retry_max_wait = 0.05};
	char days[2][11] = {"2026-07-13", "2026-07-10"};
	struct day_errors de = {0};
	struct sync_request req = {.cfg = &cfg, .db_path = path, .days = days, .ndays = 2,
				   .progress = on_sync_progress, .ctx = &de};
	struct sync_result res;
	char *err = NULL;
	assert_int_equal(sync_run(&req, &res, &err), 1);
	write_faults("{}\n");
	assert_int_equal(res.days_ok, 1);
	assert_int_equal(res.days_failed, 1);
	assert_int_equal(res.added, 11);
	assert_int_equal(de.n, 2);
	for (int i = 0; i < de.n; i++) {
		if (strcmp(de.day[i], "2026-07-13") == 0)
			assert_string_equal(de.error[i],
					    "more than 2000 papers listed for one day; refused");
		else
			assert_null(de.error[i]);
		free(de.error[i]);
	}
	struct db_synclog log;
	assert_int_equal(db_synclog_get(db, "2026-07-13", &log, &err), 1);
	assert_string_equal(log.error, "more than 2000 papers listed for one day; refused");
	db_synclog_clear(&log);
	test_cache_remove(&db, path);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_retryable_statuses),
		cmocka_unit_test(test_retry_after_bad_values),
		cmocka_unit_test(test_retry_after_seconds_and_dates),
		cmocka_unit_test(test_ratelimit_header),
		cmocka_unit_test(test_backoff_grows_is_capped_and_jittered),
		cmocka_unit_test(test_plan_default),
		cmocka_unit_test(test_plan_unsettled),
	};
	const struct CMUnitTest net[] = {
		cmocka_unit_test(test_get_errors_come_back_as_answers),
		cmocka_unit_test(test_get_many_with_bounded_concurrency),
		cmocka_unit_test(test_get_never_runs_more_than_asked_at_once),
		cmocka_unit_test(test_get_keeps_the_token_to_its_host),
		cmocka_unit_test(test_get_refuses_an_answer_past_the_cap),
		cmocka_unit_test(test_get_refuses_hostile_headers),
		cmocka_unit_test(test_get_names_a_redirect_down_to_http),
		cmocka_unit_test(test_download_writes_the_file_whole),
		cmocka_unit_test(test_download_failures_leave_no_file),
		cmocka_unit_test(test_download_follows_redirects_and_retries),
		cmocka_unit_test(test_download_keeps_only_a_pdf_as_pdf),
		cmocka_unit_test(test_download_cancelled),
		cmocka_unit_test(test_download_on_a_full_disk_leaves_no_file),
		cmocka_unit_test(test_sync_refuses_a_day_past_its_cap),
	};
	int failed = cmocka_run_group_tests_name("fetch", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("fetch over HTTP", net, start_server, stop_server);
	return failed ? 1 : 0;
}
