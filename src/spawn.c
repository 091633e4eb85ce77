/* spawn: fork/exec with an argv, never a shell (see spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/paper.h"

char **spawn_argv(const char *cmd, const char *arg)
{
	size_t n = 0, cap = 4;
	char **v = xmalloc(cap * sizeof *v);
	for (const char *s = cmd ? cmd : ""; *s;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (n + 2 >= cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = xstrndup(s, (size_t)(e - s));
		s = e;
	}
	if (n == 0) {
		free(v);
		return NULL;
	}
	if (arg)
		v[n++] = xstrdup(arg);
	v[n] = NULL;
	return v;
}

void spawn_argv_free(char ***pv)
{
	if (!*pv)
		return;
	for (char **p = *pv; *p; p++)
		free(*p);
	free(*pv);
	*pv = NULL;
}

int spawn_wait(char *const argv[], char **err)
{
	pid_t pid = fork();
	if (pid < 0)
		return set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "papyr: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return set_err(err, "waiting for %s: %s", argv[0], strerror(errno));
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 127)
			return set_err(err, "cannot run %s", argv[0]);
		return WEXITSTATUS(status);
	}
	return set_err(err, "%s was killed by signal %d", argv[0], WTERMSIG(status));
}

int spawn_detached(char *const argv[], char **err)
{
	pid_t pid = fork();
	if (pid < 0)
		return set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		/* A grandchild, so no zombie is left for the caller to reap. */
		setsid();
		if (fork() != 0)
			_exit(0);
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return 0;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The largest file taken back from the editor: room for a whole note whose
 * invalid UTF-8 has yet to be cleaned; the note's own limit is checked when
 * it is stored. */
#define EDITED_MAX (4 * (size_t)PAPER_MAX_NOTE)

/* A NUL byte would end the text there: it is dropped, what follows kept. */
static void drop_nul(struct buf *b)
{
	char *w = b->data ? memchr(b->data, '\0', b->len) : NULL;
	if (!w)
		return;
	for (const char *r = w; r < b->data + b->len; r++)
		if (*r)
			*w++ = *r;
	b->len = (size_t)(w - b->data);
	b->data[b->len] = '\0';
}

int spawn_edit_text(const char *text, const char *editor, const char *tmpdir, char **out,
		    char **err)
{
	char *path = xasprintf("%s/papyr-note-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	char **argv = NULL;
	struct buf b = {0};
	int rc = -1;
	*out = NULL;
	int fd = mkstemp(path); /* created 0600 */
	if (fd < 0) {
		set_err(err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (write_all(fd, text, strlen(text)) != 0) {
		set_err(err, "%s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	argv = spawn_argv(editor && *editor ? editor : "vi", path);
	int status = spawn_wait(argv, err);
	if (status < 0)
		goto out;
	if (status != 0) {
		set_err(err, "the editor exited with status %d; the note is unchanged", status);
		goto out;
	}
	if (read_file(path, &b, EDITED_MAX, err) != 0)
		goto out;
	drop_nul(&b);
	*out = buf_detach(&b);
	rc = 0;
out:
	unlink(path);
	free(path);
	spawn_argv_free(&argv);
	buf_free(&b);
	return rc;
}
