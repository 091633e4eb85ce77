/* sort_key: the one table of sort names (see sort_key.h). */
#include "sort_key.h"
#include "base/buf.h"

#include <stddef.h>
#include <strings.h>

static const struct sort_key keys[] = {
	{"relevance", DB_SORT_RELEVANCE, 0, "full-text rank, when the query has words"},
	{"day", DB_SORT_DAY, 0, "newest listed day first, then upvotes"},
	{"date", DB_SORT_DAY, 1, "the same as day"},
	{"upvotes", DB_SORT_UPVOTES, 0, "most upvoted first"},
	{"comments", DB_SORT_COMMENTS, 0, "most commented first"},
	{"stars", DB_SORT_STARS, 0, "most GitHub stars first"},
	{"title", DB_SORT_TITLE, 0, "by title, Z to A (-title: A to Z)"},
	{"published", DB_SORT_PUBLISHED, 0, "newest arXiv publication first"},
	{"foryou", DB_SORT_SCORE, 0,
	 "best for you first, as learned from your marks (foryou:TAG: from that tag)"},
	{"trending", DB_SORT_TRENDING, 0, "newest listed day first, then Hugging Face's "
	 "trending order of that day"},
};

#define NKEYS (sizeof keys / sizeof keys[0])

int sort_key_parse(const char *name, enum db_sort *sort, int *reverse)
{
	int rev = reverse && *name == '-';
	for (size_t i = 0; i < NKEYS; i++)
		if (strcasecmp(name + rev, keys[i].name) == 0) {
			*sort = keys[i].sort;
			if (reverse)
				*reverse = rev;
			return 0;
		}
	return -1;
}

const char *sort_key_name(enum db_sort sort)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].sort == sort && !keys[i].alias)
			return keys[i].name;
	return "?";
}

const struct sort_key *sort_key_at(int i)
{
	return i >= 0 && (size_t)i < NKEYS ? &keys[i] : NULL;
}

char *sort_key_list(void)
{
	struct buf b = {0};
	for (size_t i = 0; i < NKEYS; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == NKEYS ? " or " : ", ", keys[i].name);
	return buf_detach(&b);
}
