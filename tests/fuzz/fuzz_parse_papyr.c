/*
 * fuzz_parse_papyr: papyr's own JSON import parser on any bytes read as
 * JSON (one entry, or an array of them). It never crashes; an entry it
 * refuses says why; an entry it takes keeps its promises (a valid id, a
 * title, dates that are dates) and, written back as papyr's JSON and read
 * again, gives the same entry: its parse is a fixed point.
 */
#include "fuzz.h"

#include <cJSON.h>

#include "../../db/db.h"
#include "../../src/paper_json.h"
#include "../../src/parse_papyr.h"
#include "../../src/base/date.h"

static void check_same(const struct papyr_entry *a, const struct papyr_entry *b)
{
	fuzz_same_paper(&a->p, &b->p);
	fuzz_same_strv(a->days, b->days, a->p.id, "days");
	fuzz_same_strv(a->tags, b->tags, a->p.id, "tags");
	FUZZ_CHECK(fuzz_same(a->note, b->note), "%s: note '%s' came back as '%s'",
		   a->p.id, a->note ? a->note : "(null)", b->note ? b->note : "(null)");
	FUZZ_CHECK(a->state == b->state, "%s: state %u came back as %u", a->p.id,
		   a->state, b->state);
}

/* The entry as papyr's export writes it. */
static cJSON *write_back(const struct papyr_entry *e)
{
	struct db_paper dp = {.p = e->p, .days = e->days, .tags = e->tags,
			      .note = e->note};
	dp.p.day = e->days[0];
	if (e->state & PAPYR_READ)
		dp.flags |= DB_READ;
	if (e->state & PAPYR_STARRED)
		dp.flags |= DB_STARRED;
	if (e->state & PAPYR_DISMISSED)
		dp.flags |= DB_DISMISSED;
	return paper_to_json(&dp);
}

static void one(const cJSON *item)
{
	struct papyr_entry e, again;
	char *err = NULL;
	(void)papyr_is_entry(item);
	if (papyr_parse_entry(item, &e, &err) != 0) {
		FUZZ_CHECK(err && *err, "refused with no message");
		free(err);
		return;
	}
	FUZZ_CHECK(paper_id_valid(e.p.id), "an invalid id");
	FUZZ_CHECK(e.p.title && *e.p.title, "%s: no title", e.p.id);
	FUZZ_CHECK(!e.p.published || date_valid(e.p.published), "%s: published", e.p.id);
	for (char **d = e.days; *d; d++)
		FUZZ_CHECK(date_valid(*d), "%s: a day '%s'", e.p.id, *d);
	cJSON *back = write_back(&e);
	FUZZ_CHECK(papyr_is_entry(back), "%s: written back, not papyr's", e.p.id);
	FUZZ_CHECK(papyr_parse_entry(back, &again, &err) == 0, "%s: written back: %s",
		   e.p.id, err);
	check_same(&e, &again);
	papyr_entry_clear(&again);
	cJSON_Delete(back);
	papyr_entry_clear(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *root = cJSON_ParseWithLength((const char *)data, size);
	if (cJSON_IsArray(root)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, root)
			one(item);
	} else if (root) {
		one(root);
	}
	cJSON_Delete(root);
	return 0;
}
