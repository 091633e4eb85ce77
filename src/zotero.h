/*
 * zotero: papers into the running Zotero, through its connector, the HTTP
 * server on 127.0.0.1:23119 that Zotero's browser extensions talk to.
 *
 * First GET /connector/ping: no answer there means Zotero is not running,
 * and nothing is sent. Then one POST /connector/saveItems with every
 * paper, so a send is whole or nothing from papyr's side: Zotero answers
 * 201 when it saved them (into the collection selected in Zotero). Every
 * request has a timeout; none is retried (a save that timed out may have
 * happened). Nothing here prints or touches the cache.
 */
#ifndef PAPYR_ZOTERO_H
#define PAPYR_ZOTERO_H

#include <stdatomic.h>
#include <stdint.h>

struct db_paper;

#define ZOTERO_URL "http://127.0.0.1:23119"

enum zotero_result {
	ZOTERO_SENT = 0,
	ZOTERO_FAILED = -1,       /* *err says why; Zotero may hold nothing */
	ZOTERO_NOT_RUNNING = -2,  /* no answer to the ping; nothing was sent */
};

struct zotero_opts {
	const char *url;          /* the connector's base URL; NULL: ZOTERO_URL */
	int timeout;              /* seconds a request may take; 0: 30 */
	const atomic_int *cancel; /* may be NULL */
};

/* The one line papyr says when Zotero is not running. */
#define ZOTERO_NOT_RUNNING_MSG \
	"Zotero is not running: start it, or export with `papyr export`"

/* Sends the n papers. ZOTERO_SENT, or ZOTERO_NOT_RUNNING (with *err set to
 * ZOTERO_NOT_RUNNING_MSG), or ZOTERO_FAILED with *err. */
int zotero_send(const struct zotero_opts *o, const struct db_paper *dps, int n, char **err);

/*
 * Sends the cached papers with these pids, and remembers those sent
 * (is:inzotero). A paper sent before is left out unless again is set.
 * *sent and *skipped (may be NULL) get the counts. Returns as zotero_send;
 * with nothing left to send, ZOTERO_SENT without a request.
 */
struct db;
int zotero_send_pids(struct db *db, const struct zotero_opts *o, const int64_t *pids, int n,
		     int again, long *sent, long *skipped, char **err);

#endif
