/* zotero: the connector's ping and saveItems (see zotero.h). */
#include "zotero.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../db/db.h"
#include "export.h"
#include "fetch.h"
#include "base/mem.h"
#include "base/text.h"

/* What one request came to, copied out of the fetch's callback. */
struct answer {
	long status;
	char *error;
	char *body;
};

static void on_answer(void *ctx, struct fetch *f, const struct fetch_result *r)
{
	(void)f;
	struct answer *a = ctx;
	a->status = r->status;
	a->error = r->error ? xstrdup(r->error) : NULL;
	a->body = text_clean(r->body, r->len < 200 ? r->len : 200, TEXT_COLLAPSE);
}

static void answer_clear(struct answer *a)
{
	free(a->error);
	free(a->body);
	memset(a, 0, sizeof *a);
}

/* Runs one request on a fresh fetch; 0, or -1 when curl itself failed. */
static int request(const struct zotero_opts *o, const char *path, const char *body,
		   struct answer *a, char **err)
{
	struct fetch_opts fo = {.concurrency = 1, .timeout = o->timeout > 0 ? o->timeout : 30,
				.max_bytes = (size_t)1 << 20, .max_attempts = 1,
				.cancel = o->cancel};
	struct fetch *f = fetch_new(&fo, err);
	if (!f)
		return -1;
	char *url = xasprintf("%s%s", o->url ? o->url : ZOTERO_URL, path);
	static const char *const headers[] = {
		"Content-Type: application/json",
		"X-Zotero-Connector-API-Version: 3",
		NULL,
	};
	if (body)
		fetch_post(f, url, headers, body, strlen(body), on_answer, a);
	else
		fetch_get(f, url, on_answer, a);
	free(url);
	char *ferr = NULL;
	int rc = fetch_run(f, &ferr);
	fetch_free(&f);
	if (rc != 0 && !a->error)
		a->error = ferr ? ferr : xstrdup("failed");
	else
		free(ferr);
	return 0;
}

/* A session id the connector has not seen: 16 hex digits. */
static void session_id(char out[17])
{
	unsigned seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16) ^
			(unsigned)(uintptr_t)out;
	FILE *r = fopen("/dev/urandom", "rb");
	unsigned char bytes[8];
	if (r && fread(bytes, 1, sizeof bytes, r) == sizeof bytes) {
		for (int i = 0; i < 8; i++)
			snprintf(out + 2 * i, 3, "%02x", bytes[i]);
	} else {
		for (int i = 0; i < 8; i++)
			snprintf(out + 2 * i, 3, "%02x", (unsigned)rand_r(&seed) & 0xFF);
	}
	if (r)
		fclose(r);
}

/* Why a saveItems answer that is not 201 failed, in words. */
static char *refusal(const struct answer *a)
{
	if (a->status == 500 && strstr(a->body, "libraryEditable"))
		return xstrdup("Zotero refused the papers: the library selected in Zotero "
			       "is read-only");
	if (a->status == 400 && strstr(a->body, "CONNECTOR_VERSION_OUTDATED"))
		return xstrdup("Zotero refused the papers: it wants a newer connector "
			       "protocol than papyr speaks");
	return xasprintf("Zotero refused the papers (HTTP %ld%s%s)", a->status,
			 *a->body ? ": " : "", a->body);
}

int zotero_send(const struct zotero_opts *o, const struct db_paper *dps, int n, char **err)
{
	struct answer a = {0};
	if (request(o, "/connector/ping", NULL, &a, err) != 0)
		return ZOTERO_FAILED;
	if (a.error || a.status != 200) {
		answer_clear(&a);
		set_err(err, "%s", ZOTERO_NOT_RUNNING_MSG);
		return ZOTERO_NOT_RUNNING;
	}
	answer_clear(&a);
	char session[17];
	session_id(session);
	char *body = export_zotero_items(dps, n, session);
	int rc = request(o, "/connector/saveItems", body, &a, err);
	free(body);
	if (rc != 0)
		return ZOTERO_FAILED;
	if (a.error) {
		set_err(err, "Zotero did not confirm the save (%s): papyr does not count "
			"the papers as sent; look in Zotero before sending them again", a.error);
		rc = ZOTERO_FAILED;
	} else if (a.status != 201) {
		char *why = refusal(&a);
		set_err(err, "%s", why);
		free(why);
		rc = ZOTERO_FAILED;
	} else {
		rc = ZOTERO_SENT;
	}
	answer_clear(&a);
	return rc;
}

int zotero_send_pids(struct db *db, const struct zotero_opts *o, const int64_t *pids, int n,
		     int again, long *sent, long *skipped, char **err)
{
	char *was = NULL;
	if (sent)
		*sent = 0;
	if (skipped)
		*skipped = 0;
	if (db_zotero_sent(db, pids, n, &was, err) != 0)
		return ZOTERO_FAILED;
	struct db_paper *dps = xcalloc((size_t)n + 1, sizeof *dps);
	int64_t *go = xcalloc((size_t)n + 1, sizeof *go);
	int m = 0, rc = ZOTERO_SENT;
	for (int i = 0; i < n; i++) {
		if (was[i] && !again) {
			if (skipped)
				(*skipped)++;
			continue;
		}
		int got = db_get_pid(db, pids[i], &dps[m], err);
		if (got < 0) {
			rc = ZOTERO_FAILED;
			goto out;
		}
		if (got == 1)
			go[m++] = pids[i];
	}
	if (m == 0)
		goto out;
	rc = zotero_send(o, dps, m, err);
	if (rc == ZOTERO_SENT) {
		if (db_zotero_mark_sent(db, go, m, err) != 0) {
			char *msg = xasprintf("the papers went to Zotero, but %s", *err);
			free(*err);
			*err = msg;
			rc = ZOTERO_FAILED;
		} else if (sent) {
			*sent = m;
		}
	}
out:
	for (int i = 0; i < m; i++)
		db_paper_clear(&dps[i]);
	free(dps);
	free(go);
	free(was);
	return rc;
}
