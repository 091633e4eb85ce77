/*
 * timing: the clock and the percentiles the bench tools report with.
 */
#ifndef PAPYR_BENCH_TIMING_H
#define PAPYR_BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

/* Monotonic milliseconds. */
static inline double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..1) of n values, nearest rank; sorts v. */
static inline double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[(int)(p * (n - 1) + 0.5)];
}

#endif
