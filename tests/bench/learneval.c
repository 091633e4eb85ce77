/*
 * learneval: how well and how fast sort:foryou ranks (tests/bench/learn.sh).
 *
 *     learneval gen CACHE N TOPICS READERS [SEED]
 *         generates N papers of TOPICS topics into a new CACHE (from SEED,
 *         7 unless given; an even one draws as the odd one above it), then
 *         simulates READERS readers (tests/learn_eval.h) and times the
 *         learning on it: the terms of every paper, a first training and
 *         scoring, a training again after one more mark, a scoring alone,
 *         a first page of one day by sort:foryou, and the model's size;
 *         meanwhile another connection writes as a key does (a star), and
 *         the longest it waited for the write lock is reported.
 *     learneval times CACHE
 *         the same times on a cache gen made and kept (the papers' terms
 *         stored first, when they are not).
 *     learneval words CACHE
 *         simulated readers on a cache already filled (the bundled papers):
 *         each keeps the papers whose title or abstract holds a word of
 *         their interest.
 *
 * Prints TSV: "quality SET RANKING P20 MRR" per ranking (means over
 * readers), "ceiling SET best possible P20" (the mean over readers of the
 * precision@20 a ranking with every hidden paper first would reach: a
 * reader with fewer than 20 hidden papers cannot fill 20 places), and
 * "time WHAT SECONDS", "size WHAT BYTES".
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sqlite3.h>

#include "../learn_eval.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time of the process so far, every thread's (user and system). */
static double cpu_time(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what, char *err)
{
	fprintf(stderr, "learneval: %s: %s\n", what, err ? err : "failed");
	exit(1);
}

/* One number the cache answers (a bench may read it directly). */
static long long cache_number(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return n;
}

/* A writer beside the learning, as the interface's keys are: a write every
 * millisecond or so from a connection of its own. Kept: the longest wait
 * for the write lock (BEGIN IMMEDIATE), and the longest write in all (which
 * may also checkpoint the log, the committing connection's work). */
struct writer {
	pthread_t t;
	sqlite3 *h;
	atomic_int stop, paused, parked; /* paused: the bench's own writes */
	double longest, longest_lock;
	long writes, failed;
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	const struct timespec pause = {0, 1000000};
	while (!atomic_load(&w->stop)) {
		if (atomic_load(&w->paused)) {
			atomic_store(&w->parked, 1);
			nanosleep(&pause, NULL);
			continue;
		}
		atomic_store(&w->parked, 0);
		double t0 = now();
		int rc = sqlite3_exec(w->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		double lock = now() - t0;
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(w->h, "INSERT OR REPLACE INTO bookmarks (name, at)"
					  " VALUES ('learneval', 1); COMMIT", NULL, NULL, NULL);
		double dt = now() - t0;
		if (lock > w->longest_lock)
			w->longest_lock = lock;
		if (rc != SQLITE_OK) {
			sqlite3_exec(w->h, "ROLLBACK", NULL, NULL, NULL);
			w->failed++;
		}
		w->writes++;
		if (dt > w->longest)
			w->longest = dt;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

static void writer_start(struct writer *w, struct db *db)
{
	memset(w, 0, sizeof *w);
	if (sqlite3_open_v2(sqlite3_db_filename(db_handle(db), "main"), &w->h,
			    SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("a second connection", NULL);
	sqlite3_busy_timeout(w->h, 5000); /* the cache's */
	if (pthread_create(&w->t, NULL, writer_run, w) != 0)
		die("a writer", NULL);
}

/* Stops the writes (and waits until none is under way) or starts them again. */
static void writer_pause(struct writer *w, int on)
{
	const struct timespec pause = {0, 1000000};
	atomic_store(&w->paused, on);
	while (on && !atomic_load(&w->parked))
		nanosleep(&pause, NULL);
}

static void writer_stop(struct writer *w)
{
	atomic_store(&w->stop, 1);
	pthread_join(w->t, NULL);
	sqlite3_close(w->h);
	printf("time\tlongest wait for the lock of a write beside\t%.3f\n", w->longest_lock);
	printf("time\tlongest write beside the learning, in all\t%.3f\n", w->longest);
	printf("size\twrites beside the learning\t%ld\n", w->writes);
	printf("size\twrites that failed (busy)\t%ld\n", w->failed);
}

static void report(const char *label, const double p20[], const double mrr[], double best)
{
	for (int k = 0; k < EVAL_RANKINGS_; k++)
		printf("quality\t%s\t%s\t%.3f\t%.3f\n", label, eval_names[k], p20[k], mrr[k]);
	printf("ceiling\t%s\tbest possible\t%.3f\n", label, best);
}

/* Runs readers whose kept papers keep[r] says, and prints the means. */
static void run_readers(struct db *db, const struct config *cfg, unsigned char **keep,
			int readers, int64_t maxpid, const char *label)
{
	double p20[EVAL_RANKINGS_] = {0}, mrr[EVAL_RANKINGS_] = {0}, best = 0;
	char *err = NULL;
	for (int r = 0; r < readers; r++) {
		struct eval_score sc[EVAL_RANKINGS_];
		double b;
		int ndismiss = maxpid / 20 < 30 ? (int)(maxpid / 20) : 30;
		if (eval_reader(db, cfg, keep[r], maxpid, 4, ndismiss, 101 + (uint64_t)r, sc,
				&b, &err) != 0)
			die("a reader", err);
		best += b / readers;
		for (int k = 0; k < EVAL_RANKINGS_; k++) {
			p20[k] += sc[k].p20 / readers;
			mrr[k] += sc[k].mrr / readers;
		}
	}
	report(label, p20, mrr, best);
}

static void timings(struct db *db, const struct config *cfg, int n)
{
	char *err = NULL, *note = NULL;
	double t0 = now();
	if (learn_forget(db, &err) != 0)
		die("forget", err);
	/* a reader with 30 kept papers (on a kept cache, the one more below
	 * taken back first, so that it changes the marks again) */
	struct db_paper five;
	if (db_get_pid(db, 5, &five, &err) != 1 || db_mark(db, five.p.id, DB_MARK_UNSTAR, &err) != 0)
		die("unstar", err);
	db_paper_clear(&five);
	for (int i = 1; i <= 30; i++) {
		struct db_paper dp;
		if (db_get_pid(db, (int64_t)i * (n / 31), &dp, &err) != 1 ||
		    db_mark(db, dp.p.id, DB_MARK_STAR, &err) != 0)
			die("star", err);
		db_paper_clear(&dp);
	}
	struct db_filter f = {.sort = DB_SORT_SCORE};
	struct writer w;
	writer_start(&w, db);
	t0 = now();
	if (learn_prepare(db, cfg, &f, &note, &err) != 0)
		die("first training", err);
	printf("time\ttrain and score every paper\t%.3f\n", now() - t0);
	struct db_paper dp;
	if (db_get_pid(db, 5, &dp, &err) != 1 || db_mark(db, dp.p.id, DB_MARK_STAR, &err) != 0)
		die("star", err);
	db_paper_clear(&dp);
	t0 = now();
	if (learn_prepare(db, cfg, &f, &note, &err) != 0)
		die("training again", err);
	printf("time\ttrain again after a mark, score every paper\t%.3f\n", now() - t0);
	/* the scores alone: forgotten, the model kept fresh */
	writer_pause(&w, 1);
	if (db_begin(db, &err) != 0 || db_scores_drop(db, "foryou", &err) != 0 ||
	    db_model_scored(db, "foryou", 0, &err) != 0 || db_commit(db, &err) != 0)
		die("clearing scores", err);
	writer_pause(&w, 0);
	t0 = now();
	double cpu0 = cpu_time();
	if (learn_prepare(db, cfg, &f, &note, &err) != 0)
		die("scoring", err);
	printf("time\tscore every paper\t%.3f\n", now() - t0);
	printf("time\tscore every paper, CPU (both threads, and the writer)\t%.3f\n",
	       cpu_time() - cpu0);
	writer_stop(&w);
	struct db_model m;
	if (db_model_get(db, "foryou", &m, &err) != 1)
		die("the model", err);
	printf("size\tmodel weights\t%zu\n", m.nweights);
	printf("size\tmodel scores (bytes)\t%lld\n",
	       cache_number(db, "SELECT length(scores) + length(ranked) FROM learn_scores"
				" WHERE model = 'foryou'"));
	printf("size\tmodel positives\t%ld\n", m.positives);
	printf("size\tmodel negatives\t%ld\n", m.negatives);
	db_model_clear(&m);
	/* a first page: the newest day, best first */
	struct query *q;
	struct query_env env = {.cfg = cfg};
	if (query_compile("sort:foryou", &env, &q, NULL, &err) != 0)
		die("query", err);
	struct db_page pg = {0};
	if (db_list(db, query_filter(q), NULL, 0, 1, &pg, &err) != 0)
		die("list", err);
	char *day = xasprintf("date:%s sort:foryou", pg.rows[0].day);
	query_free(&q);
	if (query_compile(day, &env, &q, NULL, &err) != 0)
		die("query", err);
	double best = 1e9;
	for (int i = 0; i < 20; i++) {
		t0 = now();
		if (learn_prepare(db, cfg, query_filter(q), &note, &err) != 0 ||
		    db_list(db, query_filter(q), NULL, 0, 50, &pg, &err) != 0)
			die("list", err);
		double t = now() - t0;
		best = t < best ? t : best;
	}
	printf("time\tfirst page of a day by sort:foryou (best of 20)\t%.4f\n", best);
	char *plan = NULL;
	if (db_list_plan(db, query_filter(q), 50, &plan, &err) != 0)
		die("plan", err);
	for (char *line = strtok(plan, "\n"); line; line = strtok(NULL, "\n"))
		printf("plan\tfirst page of a day\t%s\n", line);
	free(plan);
	free(day);
	query_free(&q);
	db_page_free(&pg);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("size\tpeak memory (KiB)\t%ld\n", ru.ru_maxrss);
}

static int cmd_gen(const char *path, int n, int topics, int readers, uint64_t seed)
{
	struct config cfg = {.learn = 1, .negative_tags = "skip"};
	struct db *db;
	char *err = NULL;
	remove(path);
	if (db_open(&db, path, &err) != 0)
		die(path, err);
	int *topic_of = xmalloc((size_t)n * sizeof *topic_of);
	double t0 = now();
	if (eval_generate(db, n, topics, seed, topic_of, &err) != 0)
		die("generating", err);
	printf("time\tgenerate %d papers\t%.3f\n", n, now() - t0);
	t0 = now();
	if (learn_update_terms(db, &err) < 0)
		die("terms", err);
	printf("time\tterms of every paper\t%.3f\n", now() - t0);
	printf("size\tterms, bytes a paper\t%lld\n",
	       cache_number(db, "SELECT CAST(sum(length(terms)) / max(max(last), 1) AS INTEGER)"
				" FROM learn_chunks"));
	printf("size\tcache with the terms (bytes)\t%lld\n",
	       cache_number(db, "SELECT page_count * page_size FROM pragma_page_count,"
				" pragma_page_size"));
	unsigned char **keep = xmalloc((size_t)readers * sizeof *keep);
	for (int r = 0; r < readers; r++) {
		keep[r] = xcalloc((size_t)n + 1, 1);
		for (int i = 0; i < n; i++)
			keep[r][i + 1] = topic_of[i] == r % topics || topic_of[i] == (r + 3) % topics;
	}
	if (readers)
		run_readers(db, &cfg, keep, readers, n, "generated");
	timings(db, &cfg, n);
	for (int r = 0; r < readers; r++)
		free(keep[r]);
	free(keep);
	free(topic_of);
	db_close(&db);
	return 0;
}

/* The times alone, on a cache made before (by gen, kept): the terms of the
 * papers that have none stored yet, then timings. */
static int cmd_times(const char *path)
{
	struct config cfg = {.learn = 1, .negative_tags = "skip"};
	struct db *db;
	char *err = NULL;
	int64_t last = 0;
	if (db_open(&db, path, &err) != 0 || db_papers_last(db, &last, &err) != 0)
		die(path, err);
	double t0 = now();
	long n = learn_update_terms(db, &err);
	if (n < 0)
		die("terms", err);
	printf("time\tterms of the papers without (%ld)\t%.3f\n", n, now() - t0);
	printf("size\tterms, bytes a paper\t%lld\n",
	       cache_number(db, "SELECT CAST(sum(length(terms)) / max(max(last), 1) AS INTEGER)"
				" FROM learn_chunks"));
	timings(db, &cfg, (int)last);
	db_close(&db);
	return 0;
}

/* The interests of the readers of the bundled papers. */
static const char *const interests[][6] = {
	{"diffusion", "video generation", "image generation", NULL},
	{"agent", "tool use", NULL},
	{"reinforcement", "robot", NULL},
};

static int holds(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *s = text; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

static int cmd_words(const char *path)
{
	struct config cfg = {.learn = 1, .negative_tags = "skip"};
	struct db *db;
	char *err = NULL;
	if (db_open(&db, path, &err) != 0)
		die(path, err);
	int64_t last;
	if (db_papers_last(db, &last, &err) != 0)
		die("papers", err);
	int readers = (int)(sizeof interests / sizeof interests[0]);
	unsigned char **keep = xmalloc((size_t)readers * sizeof *keep);
	for (int r = 0; r < readers; r++) {
		keep[r] = xcalloc((size_t)last + 1, 1);
		for (int64_t pid = 1; pid <= last; pid++) {
			struct db_paper dp;
			if (db_get_pid(db, pid, &dp, &err) != 1) {
				free(err);
				err = NULL;
				continue;
			}
			for (int w = 0; interests[r][w]; w++)
				if (holds(dp.p.title, interests[r][w]) ||
				    holds(dp.p.abstract, interests[r][w]))
					keep[r][pid] = 1;
			db_paper_clear(&dp);
		}
	}
	run_readers(db, &cfg, keep, readers, last, "bundled");
	for (int r = 0; r < readers; r++)
		free(keep[r]);
	free(keep);
	db_close(&db);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
			       argc == 7 ? strtoull(argv[6], NULL, 10) : 7);
	if (argc == 3 && strcmp(argv[1], "words") == 0)
		return cmd_words(argv[2]);
	if (argc == 3 && strcmp(argv[1], "times") == 0)
		return cmd_times(argv[2]);
	fprintf(stderr, "usage: learneval gen CACHE N TOPICS READERS [SEED] | words CACHE |"
		" times CACHE\n");
	return 2;
}
