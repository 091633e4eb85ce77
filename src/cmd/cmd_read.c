/*
 * cmd_read: `papyr read [--fetch] ID` (see cmd.h): a paper's full text,
 * Hugging Face's Markdown of it, fetched once into the cache and shown in
 * $PAGER on a terminal, printed as it is otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../db/db.h"
#include "cmd.h"
#include "../pages.h"
#include "../spawn.h"
#include "../base/mem.h"

int cmd_read(struct context *c, const struct cmd_args *a)
{
	if (a->argc != 2)
		return cmd_usage("read", "read takes one paper ID");
	char *id = cmd_paper_id(c, a->argv[1]);
	struct db_paper dp;
	char *err = NULL, *body = NULL;
	int rc = EXIT_ERROR;
	int got = db_get(c->db, id, &dp, &err);
	if (got != 1) {
		if (got == 0)
			cmd_error("%s: no such paper in the cache", id);
		else
			cmd_error("%s", err);
		free(err);
		free(id);
		return EXIT_ERROR;
	}
	free(id);
	/* the cache's spelling of the id, for the URL */
	char *cid = xstrdup(dp.p.id);
	db_paper_clear(&dp);
	int have = cmd_arg(a, "fetch") ? 0 : db_fulltext_get(c->db, cid, &body, &err);
	if (have == 0) {
		struct pages_opts o = {.hf_url = c->cfg.hf_url, .token = c->cfg.hf_token,
				       .timeout = c->cfg.timeout, .max_wait = c->cfg.retry_max_wait};
		if (fulltext_fetch(c->db, &o, cid, &err) == 1)
			have = db_fulltext_get(c->db, cid, &body, &err);
		else
			have = -1;
	}
	if (have != 1)
		goto out;
	if (isatty(STDOUT_FILENO)) {
		fflush(stdout);
		if (spawn_pager(c->cfg.pager, body, strlen(body), &err) != 0)
			goto out;
	} else {
		fputs(body, stdout);
		if (*body && body[strlen(body) - 1] != '\n')
			putchar('\n');
	}
	rc = EXIT_OK;
out:
	if (err)
		cmd_error("%s", err);
	free(err);
	free(body);
	free(cid);
	return rc;
}
