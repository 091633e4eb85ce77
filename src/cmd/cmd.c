/* cmd: how commands report errors (see cmd.h). */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>

void cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("papyr: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cmd_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("papyr: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, " (see 'papyr %s --help')\n", cmd);
	else
		fputs(" (see 'papyr --help')\n", stderr);
	return EXIT_USAGE;
}
