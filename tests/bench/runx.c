/*
 * runx: runs a command several times and reports its wall time and peak
 * memory, for the benchmark (tests/bench/run.sh).
 *
 *     runx [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] -- COMMAND [ARG...]
 *
 * Each run forks and execs COMMAND directly (no shell) with stdin from IN
 * (default /dev/null) and stdout to OUT (default /dev/null); stderr is kept.
 * WARMUP runs (default 1) are not counted. Prints one line:
 *
 *     median_ms p95_ms min_ms max_rss_kb cpu_ms status
 *
 * where cpu_ms is the median user+system time of a run, max_rss_kb the
 * largest ru_maxrss of any run, and status the last exit status.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

static int run(char **argv, const char *in, const char *out, double *ms,
	       double *cpu_ms, long *rss)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("runx: fork");
		exit(1);
	}
	if (pid == 0) {
		int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fi < 0 || fo < 0) {
			perror("runx: open");
			_exit(126);
		}
		dup2(fi, 0);
		dup2(fo, 1);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("runx: wait4");
		exit(1);
	}
	*ms = now_ms() - t0;
	*cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int n = 5, warm = 1, opt;
	const char *in = "/dev/null", *out = "/dev/null";
	while ((opt = getopt(argc, argv, "+n:w:i:o:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		default: goto usage;
		}
	}
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0 &&
	    strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc || n < 1 || warm < 0)
		goto usage;
	double *ms = calloc((size_t)n, sizeof *ms), *cpu = calloc((size_t)n, sizeof *cpu);
	long rss = 0, r;
	int status = 0;
	double dummy_ms, dummy_cpu;
	for (int i = 0; i < warm; i++)
		run(argv + optind, in, out, &dummy_ms, &dummy_cpu, &r);
	for (int i = 0; i < n; i++) {
		status = run(argv + optind, in, out, &ms[i], &cpu[i], &r);
		if (r > rss)
			rss = r;
	}
	double cpu_med = pct(cpu, n, 0.5);
	double med = pct(ms, n, 0.5), p95 = pct(ms, n, 0.95), min = ms[0];
	printf("%.2f %.2f %.2f %ld %.2f %d\n", med, p95, min, rss, cpu_med, status);
	return 0;
usage:
	fprintf(stderr, "usage: runx [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] -- COMMAND [ARG...]\n");
	return 2;
}
