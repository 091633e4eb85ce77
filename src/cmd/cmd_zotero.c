/*
 * cmd_zotero: `papyr zotero QUERY [--again]` (see cmd.h): the papers that
 * match QUERY into the running Zotero. A query is required, so that a
 * bare `papyr zotero` never sends a whole library by accident.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/db.h"
#include "../../db/filter.h"
#include "cmd.h"
#include "../query.h"
#include "../rows.h"
#include "../signal_flag.h"
#include "../zotero.h"
#include "../base/mem.h"
#include "../base/buf.h"

static atomic_int interrupted;

struct pids {
	int64_t *v;
	int n, cap;
};

static int take_row(void *ctx, const struct db_row *row, char **err)
{
	(void)err;
	struct pids *p = ctx;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	p->v[p->n++] = row->pid;
	return 0;
}

int cmd_zotero(struct context *c, const struct cmd_args *args)
{
	if (args->argc < 2)
		return cmd_usage("zotero", "a query is needed, so nothing is sent by accident "
				 "(e.g. papyr zotero tag:toread)");
	struct buf words = {0};
	for (int i = 1; i < args->argc; i++)
		buf_printf(&words, "%s%s", i > 1 ? " " : "", args->argv[i]);
	struct query *q = NULL;
	char *err = NULL;
	int all = cmd_arg(args, "all") != NULL;
	struct query_env env = {.cfg = &c->cfg, .flags = all ? QUERY_SHOW_DISMISSED : 0};
	struct pids p = {0};
	int rc = EXIT_OK;
	if (query_compile(words.data, &env, &q, NULL, &err) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (rows_each(c->db, query_filter(q), -1, take_row, &p, &err) != 0) {
		rc = EXIT_ERROR;
		goto out;
	}
	if (p.n == 0) {
		printf("no paper matches: nothing sent\n");
		goto out;
	}
	struct signal_flag sf;
	signal_flag_catch(&sf, &interrupted);
	struct zotero_opts zo = {.url = c->cfg.zotero_url, .timeout = c->cfg.timeout,
				 .cancel = &interrupted};
	long sent = 0, skipped = 0;
	int zr = zotero_send_pids(c->db, &zo, p.v, p.n, cmd_arg(args, "again") != NULL,
				  &sent, &skipped, &err);
	if (zr != ZOTERO_SENT) {
		rc = EXIT_ERROR;
		goto out;
	}
	if (sent)
		printf("sent %ld paper%s to Zotero", sent, sent == 1 ? "" : "s");
	else
		printf("nothing sent");
	if (skipped)
		printf("; %ld sent before left out (--again sends them again)", skipped);
	putchar('\n');
out:
	if (err) {
		cmd_error("%s", err);
		free(err);
	}
	free(p.v);
	query_free(&q);
	buf_free(&words);
	return rc;
}
