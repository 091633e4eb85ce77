/* view: the list's query (see view.h). */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "../src/util.h"

static int blank(const char *s)
{
	return !s || !*s;
}

char *vq_text(const char *view, const char *limit, const char *search)
{
	struct buf b = {0};
	const char *parts[] = {view, limit, search};
	for (int i = 0; i < 3; i++) {
		if (blank(parts[i]))
			continue;
		buf_printf(&b, "%s%s", b.len ? " " : "", parts[i]);
	}
	return buf_detach(&b);
}

int vq_compile(struct vq *v, const char *text, const struct config *cfg, int prefix,
	       int *errcol, char **err)
{
	(void)cfg, (void)prefix;
	if (!blank(text)) {
		*errcol = 1;
		return set_err(err, "query:1: queries are not available yet");
	}
	vq_free(v);
	v->plain.where = "s.dismissed_at IS NULL";
	v->f = &v->plain;
	return 0;
}

void vq_move(struct vq *to, struct vq *from)
{
	vq_free(to);
	*to = *from;
	if (from->f == &from->plain)
		to->f = &to->plain;
	memset(from, 0, sizeof *from);
}

const char *const *vq_terms(const struct vq *v)
{
	static const char *const none[] = {NULL};
	(void)v;
	return none;
}

void vq_free(struct vq *v)
{
	memset(v, 0, sizeof *v);
}
