/* journal: undo history (see journal.h). */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "../src/base/mem.h"

void journal_begin(struct journal *j)
{
	j->group++;
	j->open = 1;
}

void journal_end(struct journal *j)
{
	j->open = 0;
}

static void entry_clear(struct jentry *e)
{
	free(e->id);
	free(e->tag);
	memset(e, 0, sizeof *e);
}

static void push(struct journal *j, enum jkind kind, int64_t pid, const char *id,
		 unsigned flags, const char *tag, unsigned group)
{
	if (j->n == JOURNAL_MAX) {
		entry_clear(&j->e[0]);
		memmove(j->e, j->e + 1, (size_t)(j->n - 1) * sizeof *j->e);
		j->n--;
	}
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 32;
		j->e = xrealloc(j->e, (size_t)j->cap * sizeof *j->e);
	}
	struct jentry *e = &j->e[j->n++];
	e->kind = kind;
	e->pid = pid;
	e->id = xstrdup(id);
	e->flags = flags;
	e->tag = tag ? xstrdup(tag) : NULL;
	e->group = group;
}

void journal_hold(struct journal *j, enum jkind kind, int64_t pid, const char *id,
		  unsigned flags)
{
	entry_clear(&j->held);
	j->held.kind = kind;
	j->held.pid = pid;
	j->held.id = xstrdup(id);
	j->held.flags = flags;
	j->has_held = 1;
}

void journal_add(struct journal *j, enum jkind kind, int64_t pid, const char *id,
		 unsigned flags, const char *tag)
{
	if (!j->open)
		j->group++;
	/* Older than the change it joins, so undone after it: the paper goes
	 * back to how it was before it was shown. */
	if (j->has_held && j->held.pid == pid)
		push(j, j->held.kind, j->held.pid, j->held.id, j->held.flags, NULL, j->group);
	entry_clear(&j->held);
	j->has_held = 0;
	push(j, kind, pid, id, flags, tag, j->group);
}

int journal_pop(struct journal *j, struct jentry **out)
{
	*out = NULL;
	if (j->n == 0)
		return 0;
	unsigned g = j->e[j->n - 1].group;
	int k = 0;
	while (k < j->n && j->e[j->n - 1 - k].group == g)
		k++;
	*out = xcalloc((size_t)k, sizeof **out);
	for (int i = 0; i < k; i++)
		(*out)[i] = j->e[j->n - 1 - i]; /* ownership moves */
	j->n -= k;
	return k;
}

void journal_entries_free(struct jentry **v, int n)
{
	if (!*v)
		return;
	for (int i = 0; i < n; i++)
		entry_clear(&(*v)[i]);
	free(*v);
	*v = NULL;
}

void journal_free(struct journal *j)
{
	for (int i = 0; i < j->n; i++)
		entry_clear(&j->e[i]);
	free(j->e);
	entry_clear(&j->held);
	memset(j, 0, sizeof *j);
}
