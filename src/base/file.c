/* file: reading whole files, making directories, atomic writes (see file.h). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"

int read_file(const char *path, struct buf *out, size_t max, char **err)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return set_err(err, "%s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > max) {
			rc = set_err(err, "%s: larger than %zu MiB", path, max >> 20);
			break;
		}
		buf_add(out, chunk, n);
	}
	if (rc == 0 && ferror(f))
		rc = set_err(err, "%s: %s", is_stdin ? "stdin" : path, strerror(errno));
	if (!is_stdin)
		fclose(f);
	return rc;
}

int is_tty(int fd)
{
	return isatty(fd);
}

int make_dirs(const char *path, unsigned mode, char **err)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			rc = set_err(err, "%s: %s", dir, strerror(errno));
		*p = '/';
	}
	if (rc == 0 && mkdir(dir, (mode_t)mode) != 0 && errno != EEXIST)
		rc = set_err(err, "%s: %s", dir, strerror(errno));
	free(dir);
	return rc;
}

/*
 * Creates a hidden, unused name beside path, open for writing. Opened with
 * 0666 and O_EXCL, the kernel applies the umask as for any new file (no
 * umask() call: other threads may be creating files meanwhile); a file
 * already at path passes its mode on. Returns the fd, or -1 with errno.
 */
static int open_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : 0;
	const char *base = slash ? slash + 1 : path;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(uintptr_t)tmp;
	for (int tries = 0; tries < 100; tries++) {
		*tmp = xasprintf("%.*s%s.%s.%06x", dirlen, path, slash ? "/" : "", base,
				 (unsigned)rand_r(&seed) & 0xFFFFFF);
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*tmp);
	}
	*tmp = NULL;
	errno = EEXIST;
	return -1;
}

const char *write_error(int e)
{
	return e == ENOSPC || e == EDQUOT ? "disk full" : strerror(e);
}

/* /dev/stdout and /proc/self/fd/N name a file already open: it is written
 * through, as a shell redirection would, never replaced. */
static int names_open_file(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}

/*
 * Where a write to path really lands: a symbolic link is followed to its
 * target (so the link stays a link and the target gets the new content),
 * also when the target does not exist yet. Sets *through when a link passes
 * through /dev/ or /proc/. Returns a new string, or NULL with errno set
 * (ELOOP for a loop of links).
 */
static char *resolve_target(const char *path, int *through)
{
	char *cur = xstrdup(path);
	*through = names_open_file(cur);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		*through |= names_open_file(cur);
		char link[4096];
		ssize_t n = readlink(cur, link, sizeof link - 1);
		if (n < 0) {
			free(cur);
			return NULL;
		}
		link[n] = '\0';
		char *next;
		const char *slash = strrchr(cur, '/');
		if (link[0] == '/' || !slash)
			next = xstrdup(link);
		else
			next = xasprintf("%.*s/%s", (int)(slash - cur), cur, link);
		free(cur);
		cur = next;
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

/* Opens what is not a regular file (a FIFO, a terminal, /dev/stdout, a
 * device) to be written straight: there is nothing to rename over. */
static int open_direct(struct atomic_file *a, const char *path, char **err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || !(a->f = fdopen(fd, "w"))) {
		set_err(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	a->path = xstrdup(path);
	a->tmp = NULL;
	return 0;
}

int atomic_open(struct atomic_file *a, const char *path, char **err)
{
	memset(a, 0, sizeof *a);
	size_t len = strlen(path);
	if (len == 0)
		return set_err(err, "an empty file name");
	struct stat st;
	int exists = stat(path, &st) == 0;
	if ((exists && S_ISDIR(st.st_mode)) || path[len - 1] == '/')
		return set_err(err, "%s: is a directory", path);
	if (exists && !S_ISREG(st.st_mode))
		return open_direct(a, path, err);
	int through;
	char *target = resolve_target(path, &through);
	if (!target)
		return set_err(err, "%s: %s", path, strerror(errno));
	if (exists && through) {
		free(target);
		return open_direct(a, path, err);
	}
	int fd = open_temp(target, &a->tmp);
	if (fd < 0) {
		set_err(err, "%s: cannot create a file there: %s", path, write_error(errno));
		free(a->tmp);
		a->tmp = NULL;
		free(target);
		return -1;
	}
	if ((exists && fchmod(fd, st.st_mode & 07777) != 0) || !(a->f = fdopen(fd, "w"))) {
		set_err(err, "%s: %s", a->tmp, strerror(errno));
		close(fd);
		unlink(a->tmp);
		free(a->tmp);
		free(target);
		return -1;
	}
	a->path = target;
	return 0;
}

void atomic_abort(struct atomic_file *a)
{
	fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
}

int atomic_commit(struct atomic_file *a, char **err)
{
	int rc = 0;
	if (fflush(a->f) != 0 || (a->tmp && fsync(fileno(a->f)) != 0))
		rc = set_err(err, "%s: %s", a->path, write_error(errno));
	if (fclose(a->f) != 0 && rc == 0)
		rc = set_err(err, "%s: %s", a->path, write_error(errno));
	if (rc == 0 && a->tmp && rename(a->tmp, a->path) != 0)
		rc = set_err(err, "%s: %s", a->path, strerror(errno));
	if (rc != 0 && a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	return rc;
}
