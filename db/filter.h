/*
 * filter: what a list holds and in which order, as a small tree.
 *
 * The query language parses what the user types into this tree (AND, OR,
 * NOT and leaves that name a condition, never a column) and an order; db/
 * alone turns it into SQL, with every value bound as a parameter and full
 * text written as an FTS5 expression of quoted tokens, and picks the plan
 * from it. So the names of tables and columns live in db/ and nowhere else.
 */
#ifndef PAPYR_DB_FILTER_H
#define PAPYR_DB_FILTER_H

#include <stdint.h>

enum db_fkind {
	DB_F_ALL,       /* every paper (an empty saved view) */
	DB_F_AND,       /* every kid holds */
	DB_F_OR,        /* some kid holds */
	DB_F_NOT,       /* its one kid does not hold */
	DB_F_TEXT,      /* full text: text in field (enum db_text_field) */
	DB_F_TAG,       /* tagged text */
	DB_F_STATE,     /* field is an enum db_state */
	DB_F_HAS,       /* field is an enum db_has: the link is known */
	DB_F_NUM,       /* field (enum db_num_field) compared by cmp with lo (and hi) */
	DB_F_DATE,      /* field (enum db_date_field) between the days from and to */
	DB_F_ID,        /* the arXiv id starts with text */
	DB_F_CAT,       /* in arXiv category text: any of its categories, or
			   with field DB_CAT_PRIMARY its primary one */
	DB_F_SOURCE,    /* field (enum paper_source bits) brought it */
	DB_F_ANNOUNCE,  /* arXiv's latest announcement of it was of type text
			   ("new", "cross", "replace", "replace-cross"); with
			   field DB_ANNOUNCE_LATEST: it was announced on the
			   latest announcement day the cache holds */
	DB_F_LIKE,      /* the papers like the paper whose id is text (those
			   its model, "like:ID", scored), the paper itself not */
	DB_F_ARRIVED,   /* first seen in the cache at unix time lo..hi (hi
			   left out), and news then: listed (else published)
			   at most 14 days before it arrived */
	DB_F_FULLTEXT,  /* the paper's cached full text holds text (a phrase) */
};

enum db_cat_field { DB_CAT_ANY, DB_CAT_PRIMARY };
enum db_announce_field { DB_ANNOUNCE_TYPE, DB_ANNOUNCE_LATEST };

/* The fields of the full-text index; DB_TEXT_ANY is all of them. */
enum db_text_field { DB_TEXT_ANY, DB_TEXT_TITLE, DB_TEXT_ABSTRACT, DB_TEXT_AUTHORS,
		     DB_TEXT_KEYWORDS };

/*
 * How a full-text leaf's text matches the index. The variants to come
 * (stems: "models" finding "model"; partial matches inside a word) are more
 * values here, each read from its own index (FTS5 with the porter or the
 * trigram tokenizer) that db/ picks from this field; the parser only sets it.
 */
enum db_text_match {
	DB_MATCH_TOKENS,    /* the text's tokens in order (one word, or a phrase) */
	DB_MATCH_PREFIX,    /* the same, the last token matching as a prefix */
	DB_MATCH_WORD,      /* the tokens, or them with the last as a prefix: a
			       paper holding the whole word matches both and so
			       ranks above one holding only a longer word */
};

enum db_state { DB_STATE_UNREAD, DB_STATE_READ, DB_STATE_STARRED, DB_STATE_DISMISSED,
		DB_STATE_TAGGED, DB_STATE_NOTED, DB_STATE_NEW, DB_STATE_UPDATED,
		DB_STATE_INZOTERO };

enum db_has { DB_HAS_GITHUB, DB_HAS_PROJECT, DB_HAS_MODELS, DB_HAS_DATASETS, DB_HAS_SPACES };

enum db_num_field { DB_NUM_UPVOTES, DB_NUM_COMMENTS, DB_NUM_STARS, DB_NUM_MODELS };

/* lo is the value; DB_CMP_RANGE is lo..hi, both included. */
enum db_cmp { DB_CMP_EQ, DB_CMP_LT, DB_CMP_LE, DB_CMP_GT, DB_CMP_GE, DB_CMP_RANGE };

/* DB_DATE_LISTED is any day the paper was listed on (else, never listed,
 * its published day); DB_DATE_PUBLISHED its published day. */
enum db_date_field { DB_DATE_LISTED, DB_DATE_PUBLISHED };

struct db_fnode {
	enum db_fkind kind;
	struct db_fnode **kids; /* AND and OR: one or more; NOT: one */
	int nkids;
	int field;              /* by kind, as enum db_fkind says */
	enum db_text_match match; /* DB_F_TEXT */
	enum db_cmp cmp;        /* DB_F_NUM */
	char *text;             /* DB_F_TEXT: as typed, unquoted; DB_F_TAG; DB_F_ID;
				   DB_F_CAT; DB_F_ANNOUNCE */
	int64_t lo, hi;         /* DB_F_NUM */
	char from[11], to[11];  /* DB_F_DATE: YYYY-MM-DD, both included */
	int searched;           /* DB_F_TEXT: a word or phrase of a search, which
				   the query may loosen; db/ reads it not */
};

/*
 * How large a tree db/ writes out. SQLite's parsers hold about 100 pending
 * symbols (a nested AND, OR or NOT costs three or four, a date a dozen; the
 * SQL parser failed at 23 levels, FTS5's at 33) and an expression at most
 * 1000 deep (a chain of leaves is as deep as it is long; it failed at 991
 * dates). Below both with room to spare; the query language keeps lower
 * limits of its own, so a user meets those first.
 */
#define DB_FILTER_MAX_DEPTH 18   /* AND, OR and NOT nodes on one path */
#define DB_FILTER_MAX_LEAVES 512

/* A new node of kind, zeroed; a leaf's text is set with text (copied). */
struct db_fnode *db_fnode_new(enum db_fkind kind, const char *text);
void db_fnode_add(struct db_fnode *parent, struct db_fnode *kid);
struct db_fnode *db_fnode_dup(const struct db_fnode *n);
void db_fnode_free(struct db_fnode *n);

enum db_sort {
	DB_SORT_DAY,        /* newest listed day, then upvotes */
	DB_SORT_UPVOTES,
	DB_SORT_COMMENTS,
	DB_SORT_STARS,
	DB_SORT_TITLE,
	DB_SORT_PUBLISHED,
	DB_SORT_RELEVANCE,  /* full-text rank (bm25, title weighted most), then pid;
			       needs full text, else it is DB_SORT_DAY */
	DB_SORT_SCORE,      /* a score the core computed and stored (a learned
			       model's: struct db_filter's model), then pid;
			       papers without a score are not listed */
	DB_SORT_TRENDING,   /* newest listed day, then Hugging Face's trending
			       order of that day */
	DB_SORT_COUNT_
};

/*
 * What to list: the tree (NULL: every paper) and the order. The filter does
 * not own root: whoever built the tree frees it (db_filter_copy makes a copy
 * that db_filter_clear frees).
 */
struct db_filter {
	struct db_fnode *root;
	enum db_sort sort;
	int reverse;        /* ascending instead of the natural descending */
	/*
	 * Under DB_SORT_RELEVANCE, rank only the newest rank_window papers the
	 * full text matches (by pid); 0 ranks every match. bm25 costs time in
	 * the matches, so a common word is ranked in bounded time this way.
	 * The list still holds every row: the ranked ones first, then the
	 * older matches, newest first (rank -1); db_count is unchanged.
	 */
	long rank_window;
	/* Under DB_SORT_SCORE, whose scores order the list: "foryou",
	 * "foryou:TAG", "like:ID" ("" is "foryou"). */
	char model[96];
};

/* The rank window of a search (the interface's and papyr list's, unless
 * --exact): bm25 over this many matches stays within the time a first page
 * may take at a million papers. */
#define DB_RANK_WINDOW 10000

void db_filter_copy(struct db_filter *to, const struct db_filter *from);
void db_filter_clear(struct db_filter *f);

/*
 * How the tree uses full text. DB_TEXT_REQUIRED: every row matches the full
 * text the top-level AND names (what relevance ranks and rank_window cuts);
 * DB_TEXT_RANKS: full text sits only inside OR or under NOT, so it ranks
 * (matching rows first) but does not select.
 */
enum db_text_use { DB_TEXT_NONE, DB_TEXT_REQUIRED, DB_TEXT_RANKS };
enum db_text_use db_filter_text_use(const struct db_filter *f);

/*
 * The SQL db/ writes for the filter, for diagnostics and tests: the WHERE
 * over the papers and their state (NULL: none), the full-text expression
 * (NULL: none), and the values bound to the WHERE, one line each. Each is
 * new, or NULL when the pointer is NULL; all NULL when the tree passes the
 * limits above.
 */
void db_filter_sql(const struct db_filter *f, char **where, char **match, char **binds);

#endif
