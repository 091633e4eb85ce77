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

int atomic_open(struct atomic_file *a, const char *path, char **err)
{
	memset(a, 0, sizeof *a);
	int fd = open_temp(path, &a->tmp);
	if (fd < 0) {
		set_err(err, "%s: cannot create a file there: %s", path, strerror(errno));
		free(a->tmp);
		return -1;
	}
	struct stat st;
	if ((stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	     fchmod(fd, st.st_mode & 07777) != 0) || !(a->f = fdopen(fd, "w"))) {
		set_err(err, "%s: %s", a->tmp, strerror(errno));
		close(fd);
		unlink(a->tmp);
		free(a->tmp);
		return -1;
	}
	a->path = xstrdup(path);
	return 0;
}

void atomic_abort(struct atomic_file *a)
{
	fclose(a->f);
	unlink(a->tmp);
	free(a->tmp);
	free(a->path);
}

int atomic_commit(struct atomic_file *a, char **err)
{
	int rc = 0;
	if (fflush(a->f) != 0 || fsync(fileno(a->f)) != 0)
		rc = set_err(err, "%s: %s", a->path, strerror(errno));
	if (fclose(a->f) != 0 && rc == 0)
		rc = set_err(err, "%s: %s", a->path, strerror(errno));
	if (rc == 0 && rename(a->tmp, a->path) != 0)
		rc = set_err(err, "%s: %s", a->path, strerror(errno));
	if (rc != 0)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	return rc;
}
