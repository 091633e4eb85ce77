/*
 * triage: star, read, dismiss, tags, bulk marks and undo.
 *
 * Each change goes to the cache at once and into the journal with what it
 * takes to put it back, so u undoes it (a bulk action is one group). A
 * change acts on the paper under the cursor, or, after ;, on every marked
 * paper. Rows stay in place until the list is read again, so the cursor
 * never jumps from under the user. A decision on the cursor's paper (star,
 * dismiss, a tag) moves on to the next one unless the advance setting is
 * off, so a day is triaged one key per paper. A read mark made by showing
 * a paper waits in the journal for the decision that follows, and is
 * undone with it.
 */
#include "app.h"
#include "../src/base/mem.h"

#include <stdlib.h>
#include <string.h>

#define FLAG_BITS (DB_READ | DB_STARRED | DB_DISMISSED)

/* The papers an action takes: (pid, id) pairs; the caller frees ids. */
struct targets {
	int64_t *pid;
	char **id;
	int n;
};

static void targets_get(struct app *a, struct targets *t)
{
	memset(t, 0, sizeof *t);
	if (listpane_applying(a->list)) {
		const struct marks *m = listpane_marks(a->list);
		t->n = m->n;
		t->pid = xcalloc((size_t)t->n, sizeof *t->pid);
		t->id = xcalloc((size_t)t->n, sizeof *t->id);
		for (int i = 0; i < t->n; i++) {
			t->pid[i] = m->pid[i];
			t->id[i] = xstrdup(m->id[i]);
		}
		return;
	}
	struct db_row *r = listpane_row(a->list);
	if (!r)
		return;
	t->n = 1;
	t->pid = xcalloc(1, sizeof *t->pid);
	t->id = xcalloc(1, sizeof *t->id);
	t->pid[0] = r->pid;
	t->id[0] = xstrdup(r->id);
}

static void targets_free(struct targets *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->id[i]);
	free(t->id);
	free(t->pid);
	memset(t, 0, sizeof *t);
}

static int flags_of(struct app *a, int64_t pid, unsigned *flags)
{
	if (listpane_flags_of(a->list, pid, flags) == 0)
		return 0;
	struct db_paper dp;
	char *err = NULL;
	int rc = db_get_pid(a->db, pid, &dp, &err);
	free(err);
	if (rc != 1)
		return -1;
	*flags = dp.flags;
	db_paper_clear(&dp);
	return 0;
}

/* Sets or clears bit on every target; on the first target's state decides
 * which (a toggle). Returns the number changed, or -1 on an error. */
static int set_bit(struct app *a, unsigned bit, int *now_set)
{
	struct targets t;
	targets_get(a, &t);
	if (t.n == 0)
		return 0;
	unsigned first;
	int set = flags_of(a, t.pid[0], &first) == 0 ? !(first & bit) : 1;
	int changed = 0;
	journal_begin(&a->journal);
	for (int i = 0; i < t.n; i++) {
		unsigned old;
		if (flags_of(a, t.pid[i], &old) != 0 || ((old & bit) != 0) == set)
			continue;
		unsigned nf = set ? (old | bit) : (old & ~bit);
		char *err = NULL;
		if (db_set_flags(a->db, t.id[i], nf & FLAG_BITS, &err) != 0) {
			app_msg(a, 1, "%s", err);
			free(err);
			changed = -1;
			break;
		}
		journal_add(&a->journal, J_FLAGS, t.pid[i], t.id[i], old & FLAG_BITS, NULL);
		app_refresh_row(a, t.pid[i]);
		changed++;
	}
	journal_end(&a->journal);
	targets_free(&t);
	*now_set = set;
	return changed;
}

static int bulk_note(struct app *a, int changed, const char *what)
{
	if (listpane_apply_pending(a->list) && changed >= 0)
		app_msg(a, 0, "%s %d marked paper%s (u undoes)", what, changed,
			changed == 1 ? "" : "s");
	if (changed >= 0)
		listpane_applied(a->list);
	listpane_set_apply(a->list, 0);
	return F_REDRAW;
}

/* After a decision on the cursor's paper alone: the next paper. */
static void advance(struct app *a, int bulk, int changed)
{
	if (!bulk && changed > 0 && a->c->cfg.advance)
		listpane_move(a->list, 1);
}

int act_star(struct app *a, const char *arg)
{
	(void)arg;
	int bulk = listpane_apply_pending(a->list), set;
	int n = set_bit(a, DB_STARRED, &set);
	bulk_note(a, n, set ? "starred" : "unstarred");
	advance(a, bulk, set ? n : 0);
	return F_REDRAW;
}

int act_read(struct app *a, const char *arg)
{
	(void)arg;
	int set;
	int n = set_bit(a, DB_READ, &set);
	return bulk_note(a, n, set ? "marked read" : "marked unread");
}

int act_dismiss(struct app *a, const char *arg)
{
	(void)arg;
	int bulk = listpane_apply_pending(a->list), set;
	int n = set_bit(a, DB_DISMISSED, &set);
	bulk_note(a, n, set ? "dismissed" : "undismissed");
	advance(a, bulk, set ? n : 0);
	return F_REDRAW;
}

void triage_mark_read(struct app *a, struct db_row *r)
{
	if (!r || (r->flags & DB_READ))
		return;
	char *err = NULL;
	if (db_mark(a->db, r->id, DB_MARK_READ, &err) != 0) {
		app_msg(a, 1, "%s", err);
		free(err);
		return;
	}
	journal_hold(&a->journal, J_FLAGS, r->pid, r->id, r->flags & FLAG_BITS);
	app_refresh_row(a, r->pid); /* the row, and the status line's unread count */
	r->flags |= DB_READ;
	detailpane_mark_read(&a->det, r->pid);
}

/* ---- tags ---- */

struct counted {
	char *tag;
	long n;
};

static int by_use(const void *x, const void *y)
{
	const struct counted *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->tag, b->tag);
}

/* The most used tags first (then by name), so Tab offers them first. */
static void sort_by_use(char **tags, const long *counts)
{
	size_t n = 0;
	while (tags[n])
		n++;
	struct counted *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i].tag = tags[i], v[i].n = counts[i];
	qsort(v, n, sizeof *v, by_use);
	for (size_t i = 0; i < n; i++)
		tags[i] = v[i].tag;
	free(v);
}

static char **tag_words(struct app *a, int of_paper)
{
	char **tags = NULL;
	long *counts = NULL;
	char *err = NULL;
	struct db_row *r = listpane_row(a->list);
	if (of_paper && r && !listpane_apply_pending(a->list)) {
		struct db_paper dp;
		if (db_get_pid(a->db, r->pid, &dp, &err) == 1) {
			tags = dp.tags;
			dp.tags = NULL;
			db_paper_clear(&dp);
		}
	} else if (db_tags_all(a->db, &tags, &counts, &err) != 0) {
		tags = NULL;
	} else {
		sort_by_use(tags, counts);
	}
	free(counts);
	free(err);
	return tags;
}

int act_tag(struct app *a, const char *arg)
{
	if (!listpane_row(a->list))
		return F_NONE;
	if (arg) /* bound with its tags: no question */
		return triage_tag_done(a, arg, 0);
	prompt_open(&a->pr, PK_TAG, listpane_apply_pending(a->list) ? "tag marked: " : "tag: ", "",
		    tag_words(a, 0));
	return F_REDRAW;
}

int act_untag(struct app *a, const char *arg)
{
	if (!listpane_row(a->list))
		return F_NONE;
	if (arg) /* bound with its tags: no question */
		return triage_tag_done(a, arg, 1);
	prompt_open(&a->pr, PK_UNTAG, listpane_apply_pending(a->list) ? "untag marked: "
		    : "untag: ", "",
		    tag_words(a, 1));
	return F_REDRAW;
}

static int has_tag(struct app *a, int64_t pid, const char *tag)
{
	struct db_paper dp;
	char *err = NULL;
	int found = 0;
	if (db_get_pid(a->db, pid, &dp, &err) == 1) {
		for (char **t = dp.tags; *t && !found; t++)
			found = strcmp(*t, tag) == 0;
		db_paper_clear(&dp);
	}
	free(err);
	return found;
}

static int tag_one(struct app *a, struct targets *t, const char *tag, int remove)
{
	int changed = 0;
	for (int i = 0; i < t->n; i++) {
		if (has_tag(a, t->pid[i], tag) == !remove)
			continue;
		char *err = NULL;
		int rc = remove ? db_tag_remove(a->db, t->id[i], tag, &err)
				: db_tag_add(a->db, t->id[i], tag, &err);
		if (rc != 0) {
			app_msg(a, 1, "%s", err);
			free(err);
			return -1;
		}
		journal_add(&a->journal, remove ? J_TAG_REMOVED : J_TAG_ADDED, t->pid[i],
			    t->id[i], 0, tag);
		app_refresh_row(a, t->pid[i]);
		changed++;
	}
	return changed;
}

int triage_tag_done(struct app *a, const char *text, int remove)
{
	int bulk = listpane_apply_pending(a->list);
	struct targets t;
	targets_get(a, &t);
	char *copy = xstrdup(text);
	int total = 0, rc = 0;
	journal_begin(&a->journal);
	for (char *tag = strtok(copy, " "); tag && rc >= 0; tag = strtok(NULL, " ")) {
		rc = tag_one(a, &t, tag, remove);
		total += rc > 0 ? rc : 0;
	}
	journal_end(&a->journal);
	if (rc >= 0)
		app_msg(a, 0, "%s %d paper%s", remove ? "untagged" : "tagged", total,
			total == 1 ? "" : "s");
	free(copy);
	targets_free(&t);
	if (rc >= 0)
		listpane_applied(a->list);
	listpane_set_apply(a->list, 0);
	/* A paper that had the tags already is decided too: move on. */
	advance(a, bulk, rc >= 0 && !remove);
	return F_REDRAW;
}

/* ---- marks for bulk actions ---- */

int act_mark(struct app *a, const char *arg)
{
	(void)arg;
	return listpane_mark(a->list);
}

int act_apply(struct app *a, const char *arg)
{
	(void)arg;
	int n = listpane_marks(a->list)->n;
	if (n == 0) {
		app_msg(a, 0, "no marked papers (Space marks one)");
		return F_REDRAW;
	}
	listpane_set_apply(a->list, 1);
	app_msg(a, 0, "next action applies to %d marked paper%s", n, n == 1 ? "" : "s");
	return F_REDRAW;
}

/* ---- undo ---- */

static int undo_one(struct app *a, const struct jentry *e, char **err)
{
	switch (e->kind) {
	case J_FLAGS: return db_set_flags(a->db, e->id, e->flags, err);
	case J_TAG_ADDED: return db_tag_remove(a->db, e->id, e->tag, err);
	case J_TAG_REMOVED: return db_tag_add(a->db, e->id, e->tag, err);
	}
	return 0;
}

int act_undo(struct app *a, const char *arg)
{
	(void)arg;
	struct jentry *v;
	int n = journal_pop(&a->journal, &v);
	if (n == 0) {
		app_msg(a, 0, "nothing to undo");
		return F_REDRAW;
	}
	for (int i = 0; i < n; i++) {
		char *err = NULL;
		if (undo_one(a, &v[i], &err) != 0) {
			app_msg(a, 1, "undo: %s", err);
			free(err);
			break;
		}
		app_refresh_row(a, v[i].pid);
		if (i == 0)
			app_msg(a, 0, "undone (%d change%s)", n, n == 1 ? "" : "s");
	}
	listpane_show(a->list, v[n - 1].pid);
	journal_entries_free(&v, n);
	listpane_set_apply(a->list, 0);
	return F_REDRAW;
}
