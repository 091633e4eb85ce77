/* rows: the keyset loop over db_list (see rows.h). */
#include "rows.h"

#include "../db/db.h"

enum { PAGE = 256 };

int rows_each(struct db *db, const struct db_filter *f, long limit, rows_fn fn, void *ctx,
	      char **err)
{
	struct db_page pg = {0};
	struct db_row last = {0};
	int rc = 0, have_last = 0;
	long seen = 0;
	while (limit < 0 || seen < limit) {
		int want = limit < 0 || limit - seen > PAGE ? PAGE : (int)(limit - seen);
		rc = db_list(db, f, have_last ? &last : NULL, 0, want, &pg, err);
		if (rc != 0 || pg.n == 0)
			break;
		for (int i = 0; i < pg.n && rc == 0; i++, seen++)
			rc = fn(ctx, &pg.rows[i], err);
		if (rc != 0 || pg.n < want)
			break;
		db_row_clear(&last);
		last = pg.rows[pg.n - 1];
		pg.rows[pg.n - 1] = (struct db_row){0}; /* moved out of the page */
		have_last = 1;
	}
	db_row_clear(&last);
	db_page_free(&pg);
	return rc;
}
