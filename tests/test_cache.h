/*
 * test_cache: a fresh cache file for a cmocka test, and its removal with the
 * WAL and shared-memory files SQLite keeps beside it. Include after cmocka.h.
 */
#ifndef PAPYR_TEST_CACHE_H
#define PAPYR_TEST_CACHE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../db/db.h"

/* Opens a new, empty cache at a fresh path under /tmp, written to path
 * (64 bytes); name tells the test's files apart. Fails the test on error. */
static inline struct db *test_cache_open(char path[64], const char *name)
{
	snprintf(path, 64, "/tmp/papyr-test-%s.XXXXXX", name);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct db *db;
	char *err = NULL;
	if (db_open(&db, path, &err) != 0)
		fail_msg("%s", err);
	return db;
}

/* Closes *db and removes the cache's files. */
static inline void test_cache_remove(struct db **db, const char *path)
{
	char side[80];
	db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

#endif
