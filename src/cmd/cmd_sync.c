/*
 * cmd_sync: `papyr sync`, the headless face of sync.h.
 *
 * Turns the options into a list of days, leaves out the settled days the
 * cache already holds (sync_plan_unsettled: those fetched when they were
 * older than sync_refetch days, whose lists no longer move), runs
 * sync_run, and shows
 * its progress: a bar redrawn in place when stderr is a terminal, a line
 * per failed day otherwise, and a summary. Cron-friendly: -q prints only
 * errors, and the exit code says whether every day landed (0), some did
 * not (3), or nothing could start (1). When every day failed because the
 * server could not be reached at all (no network, a wrong hf_url), that is
 * one line and exit 1, not the same error once a day.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../signal_flag.h"
#include "../sync.h"
#include "../sync_arxiv.h"
#include "../base/mem.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/file.h"

#define SYNC_MAX_DAYS 36600 /* a century of days is surely a typo */

struct sync_cmd {
	int quiet;
	int bar;                    /* draw a progress bar on stderr */
	atomic_int *cancel;
	char (*failed)[11];         /* the days that failed, for the summary */
	int nfailed;
	/* While every day so far failed alike, unreached: their lines are held
	 * back (held) until one day lands or fails otherwise. */
	int unreached;              /* an enum unreached, or NOT_UNREACHED */
	char *unreached_reason;     /* the first such day's reason */
	struct buf held;
};

/*
 * How fetch words a server it never reached (src/fetch.c): the name did not
 * resolve, nothing answered, or the TLS handshake failed. A day that failed
 * in one of these ways says nothing of the day itself.
 */
enum unreached { NOT_UNREACHED = -1, UNREACHED_NONE = 0 };

static const struct {
	const char *prefix;         /* of the day's error */
	const char *reason_after;   /* the reason starts after this */
} unreached_kinds[] = {
	{"could not connect: Could not resolve", "could not connect: "},
	{"could not connect within", NULL},
	{"could not connect: ", "could not connect: "},
	{"the server's TLS certificate could not be verified: ",
	 "the server's TLS certificate could not be verified: "},
};

#define NUNREACHED (int)(sizeof unreached_kinds / sizeof unreached_kinds[0])

/* The kind of an unreached server's error (1..), or NOT_UNREACHED. */
static int unreached_kind(const char *error)
{
	for (int i = 0; i < NUNREACHED; i++)
		if (strncmp(error, unreached_kinds[i].prefix,
			    strlen(unreached_kinds[i].prefix)) == 0)
			return i + 1;
	return NOT_UNREACHED;
}

/* The reason of an unreached error, without the count of attempts. */
static char *unreached_reason(const char *error, int kind)
{
	const char *after = unreached_kinds[kind - 1].reason_after;
	const char *r = after ? error + strlen(after) : error;
	size_t n = strlen(r);
	const char *paren = strrchr(r, '(');
	if (paren && paren > r && paren[-1] == ' ' && strstr(paren, " attempts)") &&
	    r[n - 1] == ')')
		n = (size_t)(paren - 1 - r);
	return xasprintf("%.*s", (int)n, r);
}

/* A day's error line, or held back while every day failed unreached. */
static void day_error(struct sync_cmd *sc, const char *day, const char *error)
{
	int kind = unreached_kind(error);
	if (sc->unreached != NOT_UNREACHED &&
	    (sc->unreached == UNREACHED_NONE || sc->unreached == kind) &&
	    kind != NOT_UNREACHED) {
		if (!sc->unreached_reason)
			sc->unreached_reason = unreached_reason(error, kind);
		sc->unreached = kind;
		buf_printf(&sc->held, "papyr: %s: %s\n", day, error);
		return;
	}
	sc->unreached = NOT_UNREACHED;
	if (sc->bar && (sc->held.len || day))
		fputs("\r\033[K", stderr);
	if (sc->held.len) {
		fputs(sc->held.data, stderr);
		buf_free(&sc->held);
	}
	if (day)
		cmd_error("%s: %s", day, error);
}

/* A day landed, or the sync ended otherwise: the held lines go out. */
static void release_held(struct sync_cmd *sc)
{
	if (sc->unreached != NOT_UNREACHED)
		day_error(sc, NULL, "");
}

/* A lock-free atomic: safe to set in a signal handler (C11 7.14.1.1). */
static atomic_int interrupted;

static void draw_bar(const struct sync_progress *p)
{
	enum { WIDTH = 24 };
	int fill = p->days_total ? p->days_done * WIDTH / p->days_total : WIDTH;
	char bar[WIDTH + 1];
	for (int i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\r\033[Ksync [%s] %d/%d days, %ld new", bar, p->days_done,
		p->days_total, p->added);
	if (p->days_failed)
		fprintf(stderr, ", %d failed", p->days_failed);
	fflush(stderr);
}

static void on_progress(void *ctx, const struct sync_progress *p)
{
	struct sync_cmd *sc = ctx;
	if (p->error && p->day) {
		sc->failed = xrealloc(sc->failed, (size_t)(sc->nfailed + 1) * sizeof *sc->failed);
		snprintf(sc->failed[sc->nfailed++], 11, "%s", p->day);
		if (!*sc->cancel)
			day_error(sc, p->day, p->error);
	} else if (p->day) {
		release_held(sc);
		if (p->note && !sc->quiet) {
			if (sc->bar)
				fputs("\r\033[K", stderr);
			cmd_error("%s: %s", p->day, p->note);
		}
	}
	if (sc->bar)
		draw_bar(p);
}

/* Days from newest to oldest, both ends included. */
static int plan_range(const char *since, const char *until, char (**days)[11])
{
	long n = date_diff(since, until) + 1;
	*days = xcalloc((size_t)n, sizeof **days);
	for (long i = 0; i < n; i++)
		date_add_days(until, (int)-i, (*days)[i]);
	return (int)n;
}

struct sync_args {
	long ndays;
	const char *date, *since, *until;
	int quiet;
	int strict;
	int arxiv_only, hf_only;
};

static int parse_args(const struct cmd_args *args, struct sync_args *a)
{
	const char *days = cmd_arg(args, "days");
	char *end;
	if (days) {
		a->ndays = strtol(days, &end, 10);
		if (*end || end == days || a->ndays < 1 || a->ndays > SYNC_MAX_DAYS)
			return cmd_usage("sync", "--days takes a whole number from 1 to %d",
					 SYNC_MAX_DAYS);
	}
	a->date = cmd_arg(args, "date");
	a->since = cmd_arg(args, "since");
	a->until = cmd_arg(args, "until");
	a->quiet = cmd_arg(args, "quiet") != NULL;
	a->strict = cmd_arg(args, "strict") != NULL;
	a->arxiv_only = cmd_arg(args, "arxiv") != NULL;
	a->hf_only = cmd_arg(args, "hf") != NULL;
	if (a->arxiv_only && a->hf_only)
		return cmd_usage("sync", "give --arxiv or --hf, not both (neither: both sources)");
	if (a->arxiv_only && (days || a->date))
		return cmd_usage("sync", "--arxiv reads the announcement feed, or the history "
				 "with --since D [--until D]; --days and --date are for "
				 "Hugging Face");
	return 0;
}

static int check_date(const char *opt, const char *d)
{
	if (d && !date_valid(d))
		return cmd_usage("sync", "%s takes a date like 2026-06-12, not '%s'", opt, d);
	return 0;
}

/* The days the arguments ask for; returns the count, or -EXIT_USAGE. */
static int plan_days(struct context *c, const struct sync_args *a, char (**days)[11])
{
	char today[11];
	date_today(today);
	if ((a->ndays > 0) + (a->date != NULL) + (a->since != NULL) > 1)
		return -cmd_usage("sync", "give one of --days, --date and --since");
	if (a->until && !a->since)
		return -cmd_usage("sync", "--until goes with --since");
	if (check_date("--date", a->date) || check_date("--since", a->since) ||
	    check_date("--until", a->until))
		return -EXIT_USAGE;
	if (a->date) {
		*days = xcalloc(1, sizeof **days);
		memcpy((*days)[0], a->date, 11);
		return 1;
	}
	if (a->since) {
		const char *until = a->until ? a->until : today;
		long span = date_diff(a->since, until);
		if (span < 0)
			return -cmd_usage("sync", a->until ? "--until %s is before --since %s"
					  : "--since %s is after today (%s)",
					  a->until ? a->until : a->since,
					  a->until ? a->since : today);
		if (span >= SYNC_MAX_DAYS)
			return -cmd_usage("sync", "--since %s is more than %d days back",
					  a->since, SYNC_MAX_DAYS);
		return plan_range(a->since, until, days);
	}
	if (a->ndays > 0) {
		char from[11];
		date_add_days(today, (int)-(a->ndays - 1), from);
		return plan_range(from, today, days);
	}
	return sync_plan_default(&c->cfg, today, days);
}

static int newest_first(const void *a, const void *b)
{
	return strcmp(b, a);
}

/* Every day failed alike, unreached: says so in one line and returns 1. */
static int summary_unreached(struct sync_cmd *sc, const struct context *c,
			     const struct sync_result *res)
{
	if (*sc->cancel || res->days_ok || !res->days_failed ||
	    sc->unreached <= UNREACHED_NONE || sc->nfailed != res->days_failed)
		return 0;
	cmd_error("cannot reach %s: %s; every day failed", c->cfg.hf_url, sc->unreached_reason);
	return 1;
}

static void summary(const struct sync_cmd *sc, const struct sync_result *res,
		    int planned, int skipped)
{
	char note[96] = "";
	if (skipped)
		snprintf(note, sizeof note, " (%d settled day%s already cached, skipped)",
			 skipped, skipped == 1 ? "" : "s");
	if (!sc->quiet) {
		if (res->days_failed)
			printf("synced %d of %d days: %ld new papers, %ld updated%s\n",
			       res->days_ok, planned, res->added, res->updated, note);
		else
			printf("synced %d day%s: %ld new papers, %ld updated%s\n", res->days_ok,
			       res->days_ok == 1 ? "" : "s", res->added, res->updated, note);
	}
	if (*sc->cancel) {
		cmd_error("interrupted with %d of %d days stored; run papyr sync again to "
			  "resume", res->days_ok, planned);
		return;
	}
	if (!res->days_failed)
		return;
	qsort(sc->failed, (size_t)sc->nfailed, sizeof *sc->failed, newest_first);
	struct buf b = {0};
	for (int i = 0; i < sc->nfailed; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", sc->failed[i]);
	cmd_error("%d day%s failed (%s); run papyr sync again to fetch %s", res->days_failed,
		  res->days_failed == 1 ? "" : "s", b.data, res->days_failed == 1 ? "it" : "them");
	buf_free(&b);
}

static int run_sync(struct context *c, struct sync_cmd *sc, char (*days)[11], int ndays,
		    int skipped, int strict)
{
	struct signal_flag sf;
	signal_flag_catch(&sf, sc->cancel);
	struct sync_request req = {
		.cfg = &c->cfg,
		.db_path = c->db_path,
		.days = days,
		.ndays = ndays,
		.progress = on_progress,
		.ctx = sc,
		.cancel = sc->cancel,
		.strict = strict,
	};
	struct sync_result res;
	char *err = NULL;
	int rc = sync_run(&req, &res, &err);
	signal_flag_restore(&sf);
	if (sc->bar)
		fputs("\r\033[K", stderr);
	if (rc < 0) {
		cmd_error("sync: %s", err);
		free(err);
		return EXIT_ERROR;
	}
	if (summary_unreached(sc, c, &res))
		return EXIT_ERROR;
	release_held(sc);
	summary(sc, &res, ndays, skipped);
	return rc == 0 && !*sc->cancel ? EXIT_OK : EXIT_PARTIAL;
}

static void arxiv_note(void *ctx, const char *line)
{
	const struct sync_cmd *sc = ctx;
	if (!sc->quiet)
		fprintf(stderr, "papyr: %s\n", line);
}

/* arXiv: the announcement feed, or the history with --since. */
static int sync_arxiv(struct context *c, const struct sync_args *a)
{
	const char *warning;
	double delay = config_arxiv_delay(&c->cfg, &warning);
	if (warning)
		cmd_error("%s", warning);
	struct sync_cmd sc = {.quiet = a->quiet || c->quiet, .cancel = &interrupted};
	if (a->since) {
		if (check_date("--since", a->since) || check_date("--until", a->until))
			return EXIT_USAGE;
		char today[11];
		date_today(today);
		if (date_diff(a->since, a->until ? a->until : today) < 0)
			return cmd_usage("sync", "--since %s is after --until (or today)",
					 a->since);
	} else if (a->until) {
		return cmd_usage("sync", "--until goes with --since");
	}
	char *gate = config_arxiv_gate_path(&c->cfg);
	struct arxiv_sync_request req = {
		.cfg = &c->cfg,
		.db_path = c->db_path,
		.since = a->since,
		.until = a->until,
		.delay = delay,
		.gate_path = gate,
		.cancel = &interrupted,
		.note = arxiv_note,
		.ctx = &sc,
	};
	struct signal_flag sf;
	signal_flag_catch(&sf, &interrupted);
	struct arxiv_sync_result res;
	char *err = NULL;
	int rc = arxiv_sync_run(&req, &res, &err);
	signal_flag_restore(&sf);
	free(gate);
	if (!sc.quiet)
		printf("arXiv: %ld new papers, %ld updated%s\n", res.added, res.updated,
		       res.pages ? "" : res.empty ? " (no announcement today)" : "");
	if (rc != 0) {
		cmd_error("arXiv: %s%s", err, a->since ? "; run the same papyr sync again "
			  "to resume" : "");
		free(err);
		return interrupted ? EXIT_PARTIAL : EXIT_ERROR;
	}
	return EXIT_OK;
}

/* The exit of two sources: one failing while the other lands is 3. */
static int combine(int hf, int ax)
{
	if (hf == EXIT_OK)
		return ax == EXIT_OK ? EXIT_OK : EXIT_PARTIAL;
	if (ax == EXIT_OK)
		return EXIT_PARTIAL;
	return hf == EXIT_PARTIAL || ax == EXIT_PARTIAL ? EXIT_PARTIAL : EXIT_ERROR;
}

static int sync_hf(struct context *c, const struct sync_args *a);

int cmd_sync(struct context *c, const struct cmd_args *args)
{
	struct sync_args a = {0};
	int rc = parse_args(args, &a);
	if (rc != 0)
		return rc;
	if (a.arxiv_only && !c->cfg.arxiv) {
		cmd_error("sync --arxiv: no arXiv categories; set them in %s, e.g. "
			  "'arxiv = cs.LG cs.CL'", c->cfg.path ? c->cfg.path : "the config");
		return EXIT_USAGE;
	}
	int hf = a.arxiv_only ? EXIT_OK : sync_hf(c, &a);
	if (hf == EXIT_USAGE || a.hf_only || !c->cfg.arxiv || (interrupted && hf != EXIT_OK))
		return hf;
	int ax = sync_arxiv(c, &a);
	if (ax == EXIT_USAGE)
		return ax;
	return a.arxiv_only ? ax : combine(hf, ax);
}

/* Hugging Face: the days the options ask for. */
static int sync_hf(struct context *c, const struct sync_args *args)
{
	struct sync_args a = *args;
	int rc;
	char (*days)[11] = NULL;
	int ndays = plan_days(c, &a, &days);
	if (ndays < 0)
		return -ndays;
	int skipped = a.date ? 0 : sync_plan_unsettled(c->db, &c->cfg, days, &ndays);
	struct sync_cmd sc = {
		.quiet = a.quiet || c->quiet,
		.cancel = &interrupted,
	};
	sc.bar = !sc.quiet && is_tty(2);
	interrupted = 0;
	if (ndays == 0) {
		if (!sc.quiet)
			printf("nothing to fetch: the %d settled day%s asked for %s already "
			       "cached (--date D fetches one again)\n", skipped,
			       skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
		free(days);
		return EXIT_OK;
	}
	rc = run_sync(c, &sc, days, ndays, skipped, a.strict);
	free(sc.failed);
	free(sc.unreached_reason);
	buf_free(&sc.held);
	free(days);
	return rc;
}
