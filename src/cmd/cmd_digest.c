/* cmd_digest: `papyr digest`, what is new since the last one, for cron. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../db/db.h"
#include "../digest.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "cmd.h"

/* Local midnight of day (YYYY-MM-DD, valid). */
static int64_t day_start(const char *day)
{
	struct tm tm = {0};
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int parse_opts(const struct cmd_args *a, struct digest_opts *o, const char **since)
{
	for (int i = 0; i < a->ngiven; i++) {
		const char *name = a->given[i].opt->name, *val = a->given[i].value;
		char *end;
		if (strcmp(name, "since") == 0) {
			if (!date_valid(val))
				return cmd_usage("digest", "--since takes a date like 2026-06-12");
			*since = val;
		} else if (strcmp(name, "format") == 0) {
			if (digest_format_parse(val, &o->fmt) != 0)
				return cmd_usage("digest", "unknown format '%s': use markdown, text "
						 "or html", val);
		} else if (strcmp(name, "limit") == 0) {
			long n = strtol(val, &end, 10);
			if (*end || end == val || n < 1 || n > 1000)
				return cmd_usage("digest", "--limit takes a number from 1 to 1000");
			o->limit = (int)n;
		}
	}
	return 0;
}

int cmd_digest(struct context *c, const struct cmd_args *a)
{
	/* up to this second, included: a paper that came this second is in */
	struct digest_opts o = {.fmt = DIGEST_MARKDOWN, .limit = 10,
				.until = (int64_t)time(NULL) + 1};
	const char *since = NULL;
	char *err = NULL;
	int rc = parse_opts(a, &o, &since);
	if (rc != 0)
		return rc;
	int64_t mark = 0;
	int got = since ? 0 : db_bookmark_get(c->db, DIGEST_BOOKMARK, &mark, &err);
	if (got < 0)
		goto fail;
	o.since = since ? day_start(since)
		  : got ? mark : o.until - (int64_t)DIGEST_FIRST_DAYS * 86400;
	struct buf out = {0};
	long n = digest_write(c->db, &c->cfg, &o, &out, &err);
	if (n < 0)
		goto fail;
	if (n == 0) /* nothing new: silence, and the bookmark stays */
		return EXIT_OK;
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	rc = cmd_output_end(EXIT_OK);
	/* the bookmark moves only once the digest was written whole */
	if (rc != EXIT_OK || cmd_output_closed() || since)
		return rc;
	if (db_bookmark_set(c->db, DIGEST_BOOKMARK, o.until, &err) == 0)
		return EXIT_OK;
fail:
	cmd_error("%s", err);
	free(err);
	return EXIT_ERROR;
}
