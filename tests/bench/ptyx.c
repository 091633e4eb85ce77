/*
 * ptyx: runs a program on a pseudo-terminal of a given size, types keys into
 * it one at a time, and reports how long each key took to a settled screen
 * and how many bytes the program wrote for it. For the benchmark of the
 * terminal interface (tests/bench/tui.sh).
 *
 *     ptyx [-c COLS] [-r ROWS] [-q QUIET_MS] [-s START_QUIET_MS] [-k KEYS]
 *          [-w WAIT_MS] [-d DUMP] -- COMMAND [ARG...]
 *
 * Prints "frame MS BYTES FIRST_MS" for the first burst of output (from the
 * start of the program to its last byte before START_QUIET_MS of silence,
 * default 50; FIRST_MS to its first byte), "late MS BYTES" for what follows
 * on its own within half a second of silence (MS from the start to its last
 * byte, 0 when nothing came), then one
 * "key K MS BYTES FIRST_MS" line per key of KEYS: MS from writing the key
 * to the last byte of the answer (the screen is settled once QUIET_MS pass
 * with no output), FIRST_MS to its first byte. A "q" at the end of KEYS
 * is sent without measuring; the program is then waited for (and killed
 * after a second). With -w, the keys wait until WAIT_MS from the start
 * (the program's output read meanwhile): time for its background work.
 * Last comes "peak KIB": the program's peak resident memory, from wait4.
 * With -d, everything the program wrote goes to DUMP too, each key's answer
 * after a line "=== key K".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

/* Reads until quiet_ms of silence (or limit_ms in all); returns the bytes
 * read and sets *last to the time of the last byte (start if none). */
static FILE *dump;

static long drain(int fd, int quiet_ms, int limit_ms, double start, double *last,
		  double *first, int wait_first)
{
	char buf[65536];
	long total = 0;
	*last = start;
	*first = -1;
	for (;;) {
		double t = now_ms();
		if (t - start > limit_ms)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int wait = quiet_ms;
		if (wait_first && total == 0)
			wait = limit_ms - (int)(t - start);
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		total += n;
		if (dump)
			fwrite(buf, 1, (size_t)n, dump);
		*last = now_ms();
		if (*first < 0)
			*first = *last;
	}
	return total;
}

int main(int argc, char **argv)
{
	int cols = 120, rows = 40, quiet = 40, squiet = 50, wait_ms = 0, opt;
	const char *keys = "";
	while ((opt = getopt(argc, argv, "+c:r:q:s:k:w:d:")) != -1) {
		switch (opt) {
		case 'c': cols = atoi(optarg); break;
		case 'r': rows = atoi(optarg); break;
		case 'q': quiet = atoi(optarg); break;
		case 's': squiet = atoi(optarg); break;
		case 'k': keys = optarg; break;
		case 'w': wait_ms = atoi(optarg); break;
		case 'd':
			dump = fopen(optarg, "w");
			if (!dump) {
				perror(optarg);
				return 1;
			}
			break;
		default: goto usage;
		}
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc)
		goto usage;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	int fd;
	double t0 = now_ms();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptyx: forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	double last, first;
	long n = drain(fd, squiet, 30000, t0, &last, &first, 1);
	printf("frame %.3f %ld %.3f\n", last - t0, n, first < 0 ? 0.0 : first - t0);
	/* What comes later on its own (a count the program defers, say). */
	n = drain(fd, 500, 5000, t0, &last, &first, 0);
	printf("late %.3f %ld\n", n ? last - t0 : 0.0, n);
	while (now_ms() - t0 < wait_ms) {
		double d, e;
		int left = wait_ms - (int)(now_ms() - t0);
		drain(fd, left, left, now_ms(), &d, &e, 0);
	}
	size_t nk = strlen(keys);
	for (size_t i = 0; i < nk; i++) {
		if (keys[i] == 'q' && i == nk - 1)
			break;
		if (dump)
			fprintf(dump, "\n=== key %c\n", keys[i]);
		double t = now_ms();
		if (write(fd, &keys[i], 1) != 1)
			break;
		n = drain(fd, quiet, 5000, t, &last, &first, 0);
		printf("key %c %.3f %ld %.3f\n", keys[i], last - t, n,
		       first < 0 ? 0.0 : first - t);
	}
	if (write(fd, "q", 1) != 1) {
		/* the program may have gone already */
	}
	struct rusage ru;
	int st;
	for (int i = 0; i < 100; i++) {
		double d, e;
		drain(fd, 10, 10, now_ms(), &d, &e, 0);
		if (wait4(pid, &st, WNOHANG, &ru) == pid)
			goto done;
	}
	kill(pid, SIGTERM);
	wait4(pid, &st, 0, &ru);
done:
	printf("peak %ld\n", ru.ru_maxrss);
	return 0;
usage:
	fprintf(stderr, "usage: ptyx [-c COLS] [-r ROWS] [-q QUIET_MS] [-s START_QUIET_MS] "
			"[-k KEYS] [-w WAIT_MS] [-d DUMP] -- COMMAND [ARG...]\n");
	return 2;
}
