#include "app.h"
int act_copy_bibtex(struct app *a) { app_msg(a, 0, "BibTeX is not built yet"); return F_REDRAW; }
int act_export(struct app *a) { app_msg(a, 0, "exports are not built yet"); return F_REDRAW; }
int export_prompt_done(struct app *a, int kind, const char *text) { (void)kind; (void)text; (void)a; return F_REDRAW; }
