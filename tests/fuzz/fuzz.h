/*
 * fuzz: what the libFuzzer harnesses share. Each harness feeds bytes to one
 * of papyr's doors and checks a property; a broken property aborts, which
 * libFuzzer reports as a crash and keeps the input that caused it.
 */
#ifndef PAPYR_FUZZ_H
#define PAPYR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/paper.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when the property does not hold. */
#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__,     \
				__LINE__, #cond);                          \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

/* Two strings that may be NULL are the same. */
static inline int fuzz_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Two NULL-ended string arrays hold the same strings, in order. */
static inline void fuzz_same_strv(char **a, char **b, const char *id, const char *what)
{
	for (; *a && *b; a++, b++)
		FUZZ_CHECK(strcmp(*a, *b) == 0, "%s: %s '%s' came back as '%s'", id, what,
			   *a, *b);
	FUZZ_CHECK(!*a && !*b, "%s: %s differ in number", id, what);
}

#define FUZZ_SAME_FIELD(a, b, field)                                            \
	FUZZ_CHECK(fuzz_same((a)->field, (b)->field), "%s: " #field " '%s' came "    \
		   "back as '%s'", (a)->id, (a)->field ? (a)->field : "(null)",        \
		   (b)->field ? (b)->field : "(null)")

/* Two papers hold the same fetched fields (the day they were listed aside:
 * callers compare the days themselves). */
static inline void fuzz_same_paper(const struct paper *a, const struct paper *b)
{
	FUZZ_SAME_FIELD(a, b, id);
	FUZZ_SAME_FIELD(a, b, title);
	FUZZ_SAME_FIELD(a, b, abstract);
	FUZZ_SAME_FIELD(a, b, authors);
	FUZZ_SAME_FIELD(a, b, published);
	FUZZ_SAME_FIELD(a, b, ai_summary);
	FUZZ_SAME_FIELD(a, b, ai_keywords);
	FUZZ_SAME_FIELD(a, b, github_repo);
	FUZZ_SAME_FIELD(a, b, project_page);
	FUZZ_SAME_FIELD(a, b, organization);
	FUZZ_CHECK(a->upvotes == b->upvotes && a->comments == b->comments &&
		   a->github_stars == b->github_stars, "%s: the counts differ", a->id);
}

/* The input as a NUL-ended string; a new string the caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
