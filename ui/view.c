/* view: the list's query (see view.h). */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "../src/query.h"
#include "../src/base/buf.h"

static int blank(const char *s)
{
	return !s || !*s;
}

/* True if s holds the word OR (any case) outside quotes. */
static int has_or(const char *s)
{
	int quoted = 0;
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			quoted = !quoted;
		if (quoted || (c > s && !strchr(" (", c[-1])))
			continue;
		if ((c[0] == 'o' || c[0] == 'O') && (c[1] == 'r' || c[1] == 'R') &&
		    (!c[2] || strchr(" ()", c[2])))
			return 1;
	}
	return 0;
}

char *vq_text(const char *view, const char *limit, const char *search, size_t *search_at)
{
	/* A part with OR goes in parentheses: AND binds tighter than OR, so its
	 * OR must not swallow its neighbours. Others stay bare, so the search's
	 * last word is still the text's last (it matches as a prefix). */
	struct buf b = {0};
	const char *parts[] = {view, limit, search};
	buf_adds(&b, "");
	for (int i = 0; i < 3; i++) {
		if (i == 2 && search_at)
			*search_at = b.len;
		if (blank(parts[i]))
			continue;
		int wrap = has_or(parts[i]);
		buf_printf(&b, "%s%s%s%s", b.len ? " " : "", wrap ? "(" : "", parts[i],
			   wrap ? ")" : "");
	}
	return buf_detach(&b);
}

int vq_compile(struct vq *v, const char *text, size_t search_at, const struct config *cfg,
	       unsigned flags, int *errcol, char **err)
{
	struct query_env env = {.cfg = cfg, .flags = flags, .search_at = search_at};
	struct query *q = NULL;
	if (query_compile(text, &env, &q, errcol, err) != 0)
		return -1;
	vq_free(v);
	v->q = q;
	v->f = query_filter(q);
	v->sort0 = v->f->sort;
	return 0;
}

void vq_move(struct vq *to, struct vq *from)
{
	vq_free(to);
	*to = *from;
	memset(from, 0, sizeof *from);
}

void vq_free(struct vq *v)
{
	query_free(&v->q);
	memset(v, 0, sizeof *v);
}
