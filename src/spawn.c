/* spawn: fork/exec with an argv, never a shell (see spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

/* How long spawn_detached waits for a quick failure (a browser that is
 * `false`, or a script that cannot find one), in milliseconds. */
#define SPAWN_QUICK_MS 100

struct launch_report {
	int exec_errno; /* the exec failed with this; 0: it ran */
	int status;     /* with exited: its wait status */
	int exited;     /* it ended within SPAWN_QUICK_MS */
};

/* The middle process: starts argv in a grandchild (so nothing is left for
 * the caller to reap), watches it for a moment and writes what it saw. */
static void launch(char *const argv[], int report)
{
	int ex[2];
	struct launch_report r = {0};
	setsid();
	if (pipe(ex) != 0 || fcntl(ex[1], F_SETFD, FD_CLOEXEC) != 0)
		_exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(ex[0]);
		close(report);
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		int e = errno;
		ssize_t w = write(ex[1], &e, sizeof e);
		(void)w;
		_exit(127);
	}
	close(ex[1]);
	if (pid < 0) {
		r.exec_errno = errno;
	} else if (read(ex[0], &r.exec_errno, sizeof r.exec_errno) != sizeof r.exec_errno) {
		r.exec_errno = 0;
		for (int ms = 0; ms < SPAWN_QUICK_MS && !r.exited; ms += 5) {
			if (waitpid(pid, &r.status, WNOHANG) == pid)
				r.exited = 1;
			else
				nanosleep(&(struct timespec){0, 5000000}, NULL);
		}
	}
	ssize_t w = write(report, &r, sizeof r);
	(void)w;
	_exit(0);
}

int spawn_detached(char *const argv[], char **err)
{
	int rep[2];
	if (pipe(rep) != 0)
		return set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(rep[0]);
		close(rep[1]);
		return set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
	}
	if (pid == 0) {
		close(rep[0]);
		launch(argv, rep[1]);
	}
	close(rep[1]);
	struct launch_report r = {0};
	ssize_t n;
	while ((n = read(rep[0], &r, sizeof r)) < 0 && errno == EINTR)
		;
	close(rep[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof r)
		return set_err(err, "cannot start %s", argv[0]);
	if (r.exec_errno)
		return set_err(err, "cannot run %s: %s", argv[0], strerror(r.exec_errno));
	if (r.exited && WIFEXITED(r.status) && WEXITSTATUS(r.status) != 0)
		return set_err(err, "%s failed (exit status %d)", argv[0], WEXITSTATUS(r.status));
	if (r.exited && WIFSIGNALED(r.status))
		return set_err(err, "%s was killed by signal %d", argv[0], WTERMSIG(r.status));
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
	/* A text ends with a newline, so an editor that appends a line (or a
	 * script doing >>) starts it on a line of its own. */
	size_t n = strlen(text);
	if (write_all(fd, text, n) != 0 ||
	    (n && text[n - 1] != '\n' && write_all(fd, "\n", 1) != 0)) {
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

int spawn_pager(const char *pager, const char *text, size_t len, char **err)
{
	char **argv = spawn_argv(pager && *pager ? pager : "less", NULL);
	int fds[2];
	if (!argv)
		return set_err(err, "no pager to run");
	if (pipe(fds) != 0) {
		spawn_argv_free(&argv);
		return set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
	}
	pid_t pid = fork();
	if (pid < 0) {
		set_err(err, "cannot start %s: %s", argv[0], strerror(errno));
		close(fds[0]);
		close(fds[1]);
		spawn_argv_free(&argv);
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		close(fds[1]);
		dup2(fds[0], 0);
		close(fds[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "papyr: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[0]);
	/* A pager that quits early closes the pipe: EPIPE ends the writing,
	 * and must not end papyr. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fds[1], text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	int status, rc = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rc = set_err(err, "waiting for %s: %s", argv[0], strerror(errno));
			break;
		}
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		rc = set_err(err, "cannot run %s", argv[0]);
	else if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		rc = set_err(err, "%s exited with status %d", argv[0], WEXITSTATUS(status));
	spawn_argv_free(&argv);
	return rc;
}
