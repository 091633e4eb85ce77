/*
 * file: whole files in and out.
 *
 * read_file reads a bounded file (or stdin) into a buffer. make_dirs makes
 * a directory and its parents. An atomic_file is written beside its path
 * and renamed over it only when complete, so a failed write leaves no half
 * file and the old one stays.
 */
#ifndef PAPYR_BASE_FILE_H
#define PAPYR_BASE_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Reads a whole file ("-" is stdin), at most max bytes. Returns 0, or -1
 * with *err set. */
int read_file(const char *path, struct buf *out, size_t max, char **err);

/* Makes dir and its missing parents (0755); the last one, if missing, is
 * created with mode (0700 for papyr's own data). Returns 0, or -1 with *err
 * naming the directory that failed. */
int make_dirs(const char *dir, unsigned mode, char **err);

/* Why a write failed, in words a user acts on: ENOSPC and EDQUOT are
 * "disk full", anything else strerror's text. */
const char *write_error(int e);

/* True if fd is a terminal. */
int is_tty(int fd);

/* A file being written through a temporary file beside its path. */
struct atomic_file {
	FILE *f;   /* write here */
	char *tmp; /* the temporary file's path; NULL when written straight */
	char *path; /* where the content lands (a link's target) */
};

/*
 * Opens path for a whole write. A regular file (or a new one) is written
 * through a temporary file beside it, created 0666 less the umask, or with
 * the mode of the file already there; a symbolic link is followed, so the
 * link stays and its target gets the content. Anything else that exists (a
 * FIFO, a terminal, a device, /dev/stdout) is written straight. A directory
 * is refused. Returns 0, or -1 with *err; a full disk says "disk full".
 */
int atomic_open(struct atomic_file *a, const char *path, char **err);
/* Flushes, syncs and renames the file over path; on any failure removes the
 * temporary file and leaves path as it was. Frees a's strings either way. */
int atomic_commit(struct atomic_file *a, char **err);
/* Closes and removes the temporary file. */
void atomic_abort(struct atomic_file *a);

#endif
