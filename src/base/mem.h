/*
 * mem: allocation that never fails, and the error messages lower layers hand
 * up.
 *
 * The x* wrappers abort on out-of-memory, so no caller carries an error path
 * for it. set_err fills a caller-owned message: every layer below the
 * commands and the interface reports failure as -1 plus such a message and
 * never prints.
 */
#ifndef PAPYR_BASE_MEM_H
#define PAPYR_BASE_MEM_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string the caller frees. */
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap) PRINTF_LIKE(1, 0);

/* Sets *err (freeing what it held) to a formatted message; returns -1.
 * A NULL err is allowed: the message is dropped. */
int set_err(char **err, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
