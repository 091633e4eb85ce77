/*
 * sqltrace: a preloaded shim that writes every SELECT papyr runs, with its
 * bound values filled in, to the file named by $PAPYR_SQL_TRACE, one
 * statement per line ending in ';'. Only papyr's own statements: those SQLite
 * runs inside a step (FTS5's reads of its shadow tables) are left out. The benchmark then runs the very same SQL
 * in the sqlite3 shell as the baseline of each read.
 *
 *     PAPYR_SQL_TRACE=q.sql LD_PRELOAD=./sqltrace.so papyr list ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include <sqlite3.h>

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*real_step)(sqlite3_stmt *);
	static FILE *out;
	static int depth;
	if (!real_step) {
		real_step = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
		const char *path = getenv("PAPYR_SQL_TRACE");
		if (path)
			out = fopen(path, "a");
	}
	if (out && depth == 0 && !sqlite3_stmt_busy(st)) {
		char *sql = sqlite3_expanded_sql(st);
		const char *s = sql;
		while (s && (*s == ' ' || *s == '\n'))
			s++;
		if (s && (strncasecmp(s, "SELECT", 6) == 0 || strncasecmp(s, "WITH", 4) == 0)) {
			for (const char *c = s; *c; c++)
				fputc(*c == '\n' ? ' ' : *c, out);
			fputs(";\n", out);
			fflush(out);
		}
		sqlite3_free(sql);
	}
	depth++;
	int rc = real_step(st);
	depth--;
	return rc;
}
