/* list: the generic list widget (see list.h). */
#include "list.h"

#include "layout.h"

void list_draw(struct listw *l, list_row_fn row, void *ctx)
{
	l->top = layout_scroll(l->top, l->cur, l->h);
	for (int y = 0; y < l->h; y++)
		if (!row(ctx, l->top + y, l->y + y, l->x, l->w, l->top + y == l->cur))
			break;
}

void list_move(struct listw *l, long n, long first, long last)
{
	l->cur += n;
	if (last >= 0 && l->cur > last)
		l->cur = last;
	if (l->cur < first)
		l->cur = first;
	l->top = layout_scroll(l->top, l->cur, l->h);
}
