/* cmd_meta: commands about the library rather than papers: tags and views. */
#include <stdlib.h>
#include <string.h>

#include "../../db/db.h"
#include "cmd.h"

int cmd_tags(struct context *c, const struct cmd_args *a)
{
	(void)a;
	char **tags;
	long *counts;
	char *err = NULL;
	if (db_tags_all(c->db, &tags, &counts, &err) != 0) {
		cmd_error("%s", err);
		free(err);
		return EXIT_ERROR;
	}
	for (int i = 0; tags[i]; i++)
		printf("%s\t%ld\n", tags[i], counts[i]);
	db_strv_free(&tags);
	free(counts);
	return EXIT_OK;
}

int cmd_views(struct context *c, const struct cmd_args *a)
{
	(void)a;
	for (int i = 0; i < c->cfg.nviews; i++)
		printf("%s\t%s\n", c->cfg.views[i].name, c->cfg.views[i].query);
	return EXIT_OK;
}
