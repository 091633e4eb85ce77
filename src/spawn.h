/*
 * spawn: running other programs (an editor, a browser) without a shell.
 *
 * Commands come from the environment ($EDITOR, $BROWSER) and are split on
 * white space into an argv; arguments such as a file name or a URL are
 * appended as single argv entries, so nothing is ever interpreted by a shell.
 */
#ifndef PAPYR_SPAWN_H
#define PAPYR_SPAWN_H

#include <stddef.h>

/* Splits cmd on spaces and tabs and appends arg (if not NULL). Returns a
 * NULL-ended argv the caller frees with spawn_argv_free, or NULL if cmd is
 * empty. */
char **spawn_argv(const char *cmd, const char *arg);
void spawn_argv_free(char ***argv);

/* Runs argv and waits. Returns its exit status (0..255), or -1 with *err set
 * when it could not run or died of a signal. */
int spawn_wait(char *const argv[], char **err);

/* Starts argv detached (stdio to /dev/null) and leaves it running. Waits
 * only for the exec and a moment more (a tenth of a second at most), so a
 * command that does not exist, cannot run or fails at once (a browser that
 * is not there) is reported: 0, or -1 with *err set. */
int spawn_detached(char *const argv[], char **err);

/* Opens editor (the config's: $VISUAL, $EDITOR; NULL or "": vi) on a
 * private temporary file in tmpdir (NULL or "": /tmp) holding text (ended
 * with a newline when it has none and is not empty), waits,
 * and returns the edited text in *out (caller frees). Returns 0, or -1 with
 * *err set. */
int spawn_edit_text(const char *text, const char *editor, const char *tmpdir, char **out,
		    char **err);

/* Shows len bytes of text in pager (the config's $PAGER; NULL or "": less)
 * through a pipe to its stdin, and waits; a pager that quits before the
 * end is no error. 0, or -1 with *err set (it could not run, or failed). */
int spawn_pager(const char *pager, const char *text, size_t len, char **err);

#endif
