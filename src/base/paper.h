/*
 * paper: one paper as the fetcher and importer hand it on, and the sink they
 * hand it to.
 *
 * Producers (the Hugging Face parser, papyr's own JSON import) build a
 * struct paper from untrusted bytes and pass it, borrowed, to a paper_sink.
 * The cache implements the sink; tests plug in their own. Every string in a
 * struct paper is clean UTF-8 with no control characters (see text_clean()).
 */
#ifndef PAPYR_PAPER_H
#define PAPYR_PAPER_H

/*
 * The largest text a paper and its state may hold, in bytes of cleaned
 * UTF-8: what is left after text_clean(), so that invalid bytes turned into
 * U+FFFD count as the three bytes they are stored as. Every door applies
 * the same limits (the API's parser, papyr's JSON import, the note and tag
 * commands), so anything stored can be exported and imported back.
 */
#define PAPER_MAX_TITLE 2048
#define PAPER_MAX_ABSTRACT 65536
#define PAPER_MAX_FIELD 8192    /* ai_summary, a link, all keywords joined */
#define PAPER_MAX_NAME 512      /* one author, the organization */
#define PAPER_MAX_AUTHORS 5000  /* names */
#define PAPER_MAX_NOTE (1 << 20)
#define PAPER_MAX_TAG 64
#define PAPER_MAX_TAGS 1000     /* tags on one paper */

/* Which of the optional numbers were present in the source. */
enum paper_has {
	PAPER_HAS_UPVOTES = 1 << 0,
	PAPER_HAS_COMMENTS = 1 << 1,
	PAPER_HAS_STARS = 1 << 2,
};

/* Where a paper came from (both, once the cache has merged them). */
enum paper_source {
	PAPER_SRC_HF = 1 << 0,
	PAPER_SRC_ARXIV = 1 << 1,
};

struct paper {
	char *id;           /* arXiv id without version, e.g. "2606.00467" */
	char *title;
	char *abstract;     /* may hold '\n'; white space not yet collapsed */
	char *authors;      /* visible authors in order, joined by '\n' */
	char *published;    /* YYYY-MM-DD or NULL */
	char *day;          /* YYYY-MM-DD it was on the daily list, or NULL */
	char *ai_summary;   /* NULL when absent */
	char *ai_keywords;  /* joined by '\n', NULL when absent */
	char *github_repo;  /* NULL when absent */
	char *project_page; /* NULL when absent */
	char *organization; /* NULL when absent */
	long upvotes;
	long comments;
	long github_stars;
	unsigned has; /* enum paper_has */
	/* arXiv's own fields: NULL or 0 when the source did not say. */
	unsigned source;     /* enum paper_source; 0 reads as Hugging Face */
	char *categories;    /* arXiv categories, primary first, joined by ' ' */
	char *primary;       /* the primary category */
	char *announced;     /* YYYY-MM-DD of the announcement that carried it */
	char *announce_type; /* "new", "cross", "replace" or "replace-cross" */
	char *arxiv_comment; /* the authors' comments ("12 pages, 3 figures") */
	char *journal_ref;
	int version;         /* the latest version, 1 and up; 0 when unknown */
};

/* A deep copy of src into dst (whose old contents are not freed). */
void paper_copy(struct paper *dst, const struct paper *src);

/* Frees the strings and zeroes the struct (which itself is the caller's). */
void paper_clear(struct paper *p);

/*
 * Where producers put papers. on_paper returns 0, or -1 with *err set (the
 * producer stops and passes the error up). The paper is borrowed for the call.
 */
struct paper_sink {
	int (*on_paper)(void *ctx, const struct paper *p, char **err);
	void *ctx;
};

/* Derived links; each returns a new string the caller frees. */
char *paper_abs_url(const char *id);
char *paper_pdf_url(const char *id);
char *paper_hf_url(const char *id);
/* arXiv's HTML rendering of the paper (its latest version). */
char *paper_html_url(const char *id);

/* True if id looks like an arXiv id (new 2301.01234 or old hep-th/9901001). */
int paper_id_valid(const char *id);

#endif
