/* help: the help screen (see help.h). */
#include "help.h"

#include <stdio.h>

#include "keys.h"
#include "list.h"
#include "term.h"

/* After the actions: the keys that are not actions, the detail pane's and
 * the prompt line's. */
static const char *const extra[] = {
	"",
	"In the detail pane:",
	"1-5          pick the link o and y use",
	"",
	"In the prompt line (/, l, t, e):",
	"Enter        accept               Esc, C-g     cancel",
	"Tab          complete (a field, is:, has:, tag:, @view, a tag, a format)",
	"Left Right   move (C-b C-f)       Home End     start, end (C-a C-e)",
	"Backspace    delete before        Del          delete under (C-d)",
	"C-w          delete a word        C-u C-k      delete to the start, to the end",
	"Up Down      earlier lines (C-p C-n), kept across runs for / and l",
};

#define NEXTRA (long)(sizeof extra / sizeof extra[0])
#define NROWS (ACT_COUNT_ - 1 + NEXTRA)

void help_reset(struct help *h)
{
	h->top = 0;
}

/* The help is a list whose cursor is its first visible row. */
void help_scroll(struct help *h, long n, int rows)
{
	int body = rows - 1;
	long last = NROWS - 1 - (body - 1);
	struct listw l = {h->top, h->top, 1, 1, 1, 0};
	list_move(&l, n, 0, last > 0 ? last : 0);
	h->top = l.cur;
}

static int help_row(void *ctx, long i, int y, int x, int w, int selected)
{
	const struct keymap *km = ctx;
	if (i >= NROWS)
		return 0;
	if (i + 1 >= ACT_COUNT_) {
		term_put(y, x, extra[i + 1 - ACT_COUNT_], w, selected ? term_attr(R_CURSOR) : 0);
		return 1;
	}
	enum action act = (enum action)(i + 1);
	char keys[64], line[256];
	keymap_keys_of(km, act, keys, sizeof keys);
	const struct action_info *ai = keys_action(act);
	snprintf(line, sizeof line, "%-12s %-12s %s", keys[0] ? keys : "-", ai->name, ai->help);
	term_put(y, x, line, w, selected ? term_attr(R_CURSOR) : 0);
	return 1;
}

void help_draw(const struct help *h, const struct keymap *km, int rows, int cols)
{
	term_put(0, 1, "papyr keys (q or Esc goes back; bind KEY ACTION [ARG] in the config)",
		 cols - 1, term_attr(R_HEAD));
	struct listw l = {h->top, h->top, 1, 1, rows - 1, cols - 1};
	list_draw(&l, help_row, (void *)km);
}
