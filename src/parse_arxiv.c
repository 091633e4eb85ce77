/* parse_arxiv: arXiv's RSS, Atom and OAI-PMH bodies -> struct paper
 * (see parse_arxiv.h). */
#include "parse_arxiv.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"

/* Namespaces, as expat joins them to a local name with NS_SEP. */
#define NS_SEP ' '
#define NS_ATOM "http://www.w3.org/2005/Atom "
#define NS_ARXIV "http://arxiv.org/schemas/atom "
#define NS_DC "http://purl.org/dc/elements/1.1/ "
#define NS_OPENSEARCH "http://a9.com/-/spec/opensearch/1.1/ "
#define NS_OAI "http://www.openarchives.org/OAI/2.0/ "
#define NS_RAW "http://arxiv.org/OAI/arXivRaw/ "

/* Elements nest no deeper than this in any of the shapes (OAI-PMH, the
 * deepest, needs six); a body that does is refused. */
#define MAX_DEPTH 32
/* A short field: an id, a date, a type, a count, a token. */
#define MAX_SHORT 256
/* Versions of one paper in an arXivRaw record. */
#define MAX_VERSIONS 1000

enum field {
	F_NONE,
	F_ID,        /* RSS guid, Atom id, arXivRaw id */
	F_TITLE,
	F_ABSTRACT,  /* RSS description, Atom summary, arXivRaw abstract */
	F_AUTHORS,   /* RSS dc:creator, arXivRaw authors: one joined string */
	F_AUTHOR,    /* Atom author/name */
	F_CATEGORY,  /* RSS category */
	F_CATEGORIES, /* arXivRaw categories: space-separated */
	F_ANNOUNCE,
	F_COMMENT,
	F_JREF,
	F_ITEM_DATE, /* RSS item pubDate */
	F_PUBLISHED, /* Atom published */
	F_VDATE,     /* arXivRaw version/date */
	F_DAY,       /* RSS channel pubDate */
	F_TOTAL,     /* opensearch:totalResults */
	F_TOKEN,     /* OAI resumptionToken */
	F_OAI_ERROR, /* OAI error */
	F_ATOM_ERROR, /* the summary of the query API's error entry */
};

/* The name each field has in messages, and its limit in cleaned bytes. */
static const struct {
	const char *name;
	size_t max;
	unsigned flags;
} fields[] = {
	[F_NONE] = {"", 0, 0},
	[F_ID] = {"id", MAX_SHORT, TEXT_COLLAPSE},
	[F_TITLE] = {"title", PAPER_MAX_TITLE, TEXT_COLLAPSE},
	[F_ABSTRACT] = {"abstract", PAPER_MAX_ABSTRACT + 512, TEXT_KEEP_NEWLINES | TEXT_COLLAPSE},
	[F_AUTHORS] = {"authors", PAPER_MAX_AUTHORS * 64, TEXT_COLLAPSE},
	[F_AUTHOR] = {"author", PAPER_MAX_NAME, TEXT_COLLAPSE},
	[F_CATEGORY] = {"category", MAX_SHORT, TEXT_COLLAPSE},
	[F_CATEGORIES] = {"categories", PAPER_MAX_FIELD, TEXT_COLLAPSE},
	[F_ANNOUNCE] = {"announce_type", MAX_SHORT, TEXT_COLLAPSE},
	[F_COMMENT] = {"comments", PAPER_MAX_FIELD, TEXT_COLLAPSE},
	[F_JREF] = {"journal_ref", PAPER_MAX_FIELD, TEXT_COLLAPSE},
	[F_ITEM_DATE] = {"pubDate", MAX_SHORT, TEXT_COLLAPSE},
	[F_PUBLISHED] = {"published", MAX_SHORT, TEXT_COLLAPSE},
	[F_VDATE] = {"version date", MAX_SHORT, TEXT_COLLAPSE},
	[F_DAY] = {"channel pubDate", MAX_SHORT, TEXT_COLLAPSE},
	[F_TOTAL] = {"totalResults", MAX_SHORT, TEXT_COLLAPSE},
	[F_TOKEN] = {"resumptionToken", 4096, TEXT_COLLAPSE},
	[F_OAI_ERROR] = {"error", 1024, TEXT_COLLAPSE},
	[F_ATOM_ERROR] = {"error", 1024, TEXT_COLLAPSE},
};

/* The paper an item is becoming. */
struct item {
	struct paper p;
	struct buf authors;   /* names joined by '\n' */
	long nauthors;
	struct buf cats;      /* joined by ' ' */
	char *why;            /* the first reason the item is no paper */
	char *atom_id;        /* an Atom id as given (to spot an error entry) */
	int deleted;          /* an OAI record whose header says deleted */
	int nversions;
	int vnum;             /* the version whose date is being read */
};

struct arxiv_parser {
	XML_Parser xp;
	struct paper_sink sink;
	long max;
	arxiv_refused_fn refused;
	void *ctx;
	struct arxiv_info info;
	char *err;            /* set by a handler; the parser is stopped */
	int depth;
	int item_depth;       /* depth of the open item, 0 outside one */
	enum field field;     /* the field whose text is being read */
	int field_depth;
	struct buf text;
	size_t raw;           /* bytes of the field's text, kept or not */
	struct item it;
	int started;          /* any byte fed */
};

void arxiv_info_clear(struct arxiv_info *info)
{
	free(info->token);
	free(info->oai_error);
	memset(info, 0, sizeof *info);
	info->total = -1;
}

/* Stops the parse with a message (the first one wins). */
static void fail(struct arxiv_parser *ap, char *msg)
{
	if (!ap->err)
		ap->err = msg;
	else
		free(msg);
	XML_StopParser(ap->xp, XML_FALSE);
}

static void item_why(struct item *it, char *why)
{
	if (!it->why)
		it->why = why;
	else
		free(why);
}

static void item_clear(struct item *it)
{
	paper_clear(&it->p);
	buf_free(&it->authors);
	buf_free(&it->cats);
	free(it->why);
	free(it->atom_id);
	memset(it, 0, sizeof *it);
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static int is_date_like_month(const char *m)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	for (int i = 0; i < 12; i++)
		if (strncmp(m, months[i], 3) == 0)
			return i + 1;
	return 0;
}

int arxiv_date(const char *s, char out[11])
{
	out[0] = '\0';
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (strlen(s) >= 10 && isdigit((unsigned char)s[0])) {
		char d[11];
		memcpy(d, s, 10);
		d[10] = '\0';
		if (date_valid(d)) {
			memcpy(out, d, 11);
			return 0;
		}
	}
	/* RFC 822: [Day, ]DD Mon YYYY ... */
	const char *comma = strchr(s, ',');
	if (comma && comma - s <= 9)
		s = comma + 1;
	while (*s == ' ')
		s++;
	int dd = 0, n = 0;
	while (isdigit((unsigned char)*s) && n < 2) {
		dd = dd * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0 || *s++ != ' ')
		return -1;
	int mm = is_date_like_month(s);
	if (!mm || strlen(s) < 4 || s[3] != ' ')
		return -1;
	s += 4;
	int yy = 0;
	for (n = 0; n < 4; n++) {
		if (!isdigit((unsigned char)s[n]))
			return -1;
		yy = yy * 10 + (s[n] - '0');
	}
	if (s[4] && s[4] != ' ')
		return -1;
	char d[40];
	snprintf(d, sizeof d, "%04d-%02d-%02d", yy, mm, dd);
	if (!date_valid(d))
		return -1;
	memcpy(out, d, 11);
	return 0;
}

char *arxiv_split_id(const char *s, int *version)
{
	*version = 0;
	static const char *const prefixes[] = {
		"http://arxiv.org/abs/", "https://arxiv.org/abs/", "oai:arXiv.org:",
		"arXiv:", NULL};
	for (int i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], n) == 0) {
			s += n;
			break;
		}
	}
	size_t n = strlen(s);
	if (n > 64)
		return NULL;
	/* A trailing vN is the version. */
	size_t end = n;
	while (end > 0 && isdigit((unsigned char)s[end - 1]))
		end--;
	if (end > 0 && end < n && s[end - 1] == 'v' && n - end <= 4) {
		int v = atoi(s + end);
		char *id = xstrndup(s, end - 1);
		if (paper_id_valid(id) && v > 0) {
			*version = v;
			return id;
		}
		free(id);
	}
	return paper_id_valid(s) ? xstrdup(s) : NULL;
}

/* A name for the item in messages: its id when it has one. */
static const char *item_name(const struct item *it)
{
	return it->p.id ? it->p.id : "";
}

/* Appends one author name (cleaned, trimmed) to the item. */
static void add_author(struct item *it, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (!n)
		return;
	if (n > PAPER_MAX_NAME) {
		item_why(it, xasprintf("an author's name is %zu bytes long, more than %d", n,
				       PAPER_MAX_NAME));
		return;
	}
	if (++it->nauthors > PAPER_MAX_AUTHORS) {
		item_why(it, xasprintf("more than %d authors", PAPER_MAX_AUTHORS));
		return;
	}
	if (it->authors.len)
		buf_addc(&it->authors, '\n');
	buf_add(&it->authors, s, n);
}

/* "A, B and C" -> one author each. */
static void split_authors(struct item *it, const char *s)
{
	const char *start = s;
	for (const char *c = s;; c++) {
		size_t and_len = 0;
		if (*c == ' ' && strncmp(c, " and ", 5) == 0)
			and_len = 5;
		if (*c == ',' || *c == '\0' || and_len) {
			add_author(it, start, (size_t)(c - start));
			if (!*c)
				break;
			if (and_len)
				c += and_len - 1;
			start = c + 1;
		}
	}
}

static void add_category(struct item *it, const char *cat)
{
	size_t n = strlen(cat);
	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		if (cat[i] == ' ') /* a category is one word */
			return;
	/* Once only. */
	const char *c = it->cats.data;
	while (c && *c) {
		const char *sp = strchr(c, ' ');
		size_t len = sp ? (size_t)(sp - c) : strlen(c);
		if (len == n && strncmp(c, cat, n) == 0)
			return;
		c = sp ? sp + 1 : c + len;
	}
	if (it->cats.len + 1 + n > PAPER_MAX_FIELD) {
		item_why(it, xasprintf("categories are more than %d bytes long",
				       PAPER_MAX_FIELD));
		return;
	}
	if (it->cats.len)
		buf_addc(&it->cats, ' ');
	buf_adds(&it->cats, cat);
	if (!it->p.primary)
		it->p.primary = xstrdup(cat);
}

static void set_once(char **slot, char *value)
{
	if (*slot || !*value) {
		free(value);
		return;
	}
	*slot = value;
}

/* A field's text is whole: cleaned, checked against its limit, stored. */
static void field_done(struct arxiv_parser *ap)
{
	enum field f = ap->field;
	struct item *it = &ap->it;
	ap->field = F_NONE;
	size_t max = fields[f].max;
	char *s = NULL;
	if (ap->raw <= max * 4 && ap->text.len == ap->raw) {
		s = text_clean(ap->text.data ? ap->text.data : "", ap->text.len, fields[f].flags);
	}
	buf_reset(&ap->text);
	if (!s || strlen(s) > max) {
		size_t n = s ? strlen(s) : ap->raw;
		free(s);
		char *why = xasprintf("%s is %zu bytes long, more than %zu", fields[f].name, n, max);
		if (ap->item_depth)
			item_why(it, why);
		else
			fail(ap, why);
		return;
	}
	char day[11];
	long long total;
	char *end;
	int v;
	switch (f) {
	case F_ID: {
		if (ap->info.format == ARXIV_FMT_ATOM)
			set_once(&it->atom_id, xstrdup(s));
		char *id = arxiv_split_id(s, &v);
		if (!id)
			item_why(it, xstrdup("id is not an arXiv id"));
		else if (!it->p.id) {
			it->p.id = id;
			if (v)
				it->p.version = v;
			id = NULL;
		}
		free(id);
		break;
	}
	case F_TITLE:
		set_once(&it->p.title, s);
		s = NULL;
		break;
	case F_ABSTRACT: {
		/* The feed's description: "arXiv:ID Announce Type: new \nAbstract: ..." */
		const char *a = s;
		if (ap->info.format == ARXIV_FMT_RSS) {
			const char *mark = strstr(s, "Abstract:");
			if (mark && strncmp(s, "arXiv:", 6) == 0)
				a = mark + 9;
			while (*a == ' ' || *a == '\n')
				a++;
		}
		size_t alen = strlen(a);
		if (alen > PAPER_MAX_ABSTRACT) {
			item_why(it, xasprintf("abstract is %zu bytes long, more than %d", alen,
					       PAPER_MAX_ABSTRACT));
		} else if (a == s) {
			set_once(&it->p.abstract, s);
			s = NULL;
		} else {
			set_once(&it->p.abstract, xstrdup(a));
		}
		break;
	}
	case F_AUTHORS:
		split_authors(it, s);
		break;
	case F_AUTHOR:
		add_author(it, s, strlen(s));
		break;
	case F_CATEGORY:
		add_category(it, s);
		break;
	case F_CATEGORIES: {
		char *save = NULL;
		for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save))
			add_category(it, w);
		break;
	}
	case F_ANNOUNCE:
		if (strcmp(s, "new") == 0 || strcmp(s, "cross") == 0 ||
		    strcmp(s, "replace") == 0 || strcmp(s, "replace-cross") == 0) {
			set_once(&it->p.announce_type, s);
			s = NULL;
		}
		break;
	case F_COMMENT:
		set_once(&it->p.arxiv_comment, s);
		s = NULL;
		break;
	case F_JREF:
		set_once(&it->p.journal_ref, s);
		s = NULL;
		break;
	case F_ITEM_DATE:
		if (arxiv_date(s, day) == 0)
			set_once(&it->p.announced, xstrdup(day));
		break;
	case F_PUBLISHED:
		if (arxiv_date(s, day) == 0)
			set_once(&it->p.published, xstrdup(day));
		break;
	case F_VDATE:
		if (it->vnum == 1 && arxiv_date(s, day) == 0)
			set_once(&it->p.published, xstrdup(day));
		break;
	case F_DAY:
		if (arxiv_date(s, day) == 0)
			memcpy(ap->info.day, day, sizeof day);
		break;
	case F_TOTAL:
		total = strtoll(s, &end, 10);
		if (*s && !*end && total >= 0 && total <= LONG_MAX)
			ap->info.total = (long)total;
		break;
	case F_TOKEN:
		free(ap->info.token);
		ap->info.token = *s ? s : NULL;
		if (!*s)
			free(s);
		s = NULL;
		break;
	case F_OAI_ERROR:
		if (!ap->info.oai_error)
			ap->info.oai_error = xstrdup(*s ? s : "unknown");
		break;
	case F_ATOM_ERROR:
		fail(ap, xasprintf("the server answered with an error: %s", s));
		break;
	case F_NONE:
		break;
	}
	free(s);
}

/* The field a start tag opens, given where it stands. */
static enum field field_of(struct arxiv_parser *ap, const char *name, const XML_Char **atts)
{
	struct item *it = &ap->it;
	int rel = ap->depth - ap->item_depth; /* 1: a child of the item */
	switch (ap->info.format) {
	case ARXIV_FMT_RSS:
		if (!ap->item_depth)
			return ap->depth == 3 && strcmp(name, "pubDate") == 0 ? F_DAY : F_NONE;
		if (rel != 1)
			return F_NONE;
		if (strcmp(name, "guid") == 0)
			return F_ID;
		if (strcmp(name, "title") == 0)
			return F_TITLE;
		if (strcmp(name, "description") == 0)
			return F_ABSTRACT;
		if (strcmp(name, NS_DC "creator") == 0)
			return F_AUTHORS;
		if (strcmp(name, "category") == 0)
			return F_CATEGORY;
		if (strcmp(name, "pubDate") == 0)
			return F_ITEM_DATE;
		if (strcmp(name, NS_ARXIV "announce_type") == 0)
			return F_ANNOUNCE;
		if (strcmp(name, NS_ARXIV "comment") == 0)
			return F_COMMENT;
		if (strcmp(name, NS_ARXIV "journal_ref") == 0)
			return F_JREF;
		return F_NONE;
	case ARXIV_FMT_ATOM:
		if (!ap->item_depth)
			return ap->depth == 2 && strcmp(name, NS_OPENSEARCH "totalResults") == 0
				       ? F_TOTAL : F_NONE;
		if (rel == 2 && strcmp(name, NS_ATOM "name") == 0)
			return F_AUTHOR;
		if (rel != 1)
			return F_NONE;
		if (strcmp(name, NS_ATOM "id") == 0)
			return F_ID;
		if (strcmp(name, NS_ATOM "title") == 0)
			return F_TITLE;
		if (strcmp(name, NS_ATOM "summary") == 0)
			return it->atom_id && strncmp(it->atom_id, "http://arxiv.org/api/errors",
						      27) == 0 ? F_ATOM_ERROR : F_ABSTRACT;
		if (strcmp(name, NS_ATOM "published") == 0)
			return F_PUBLISHED;
		if (strcmp(name, NS_ATOM "category") == 0 ||
		    strcmp(name, NS_ARXIV "primary_category") == 0) {
			const char *term = attr(atts, "term");
			if (term) {
				char *t = text_clean(term, strnlen(term, MAX_SHORT), TEXT_COLLAPSE);
				if (strcmp(name, NS_ARXIV "primary_category") == 0) {
					free(it->p.primary);
					it->p.primary = xstrdup(t);
				}
				add_category(it, t);
				free(t);
			}
			return F_NONE;
		}
		if (strcmp(name, NS_ARXIV "comment") == 0)
			return F_COMMENT;
		if (strcmp(name, NS_ARXIV "journal_ref") == 0)
			return F_JREF;
		if (strcmp(name, NS_ARXIV "announce_type") == 0)
			return F_ANNOUNCE;
		return F_NONE;
	case ARXIV_FMT_OAI:
		if (!ap->item_depth) {
			if (ap->depth == 3 && strcmp(name, NS_OAI "resumptionToken") == 0)
				return F_TOKEN;
			if (ap->depth == 2 && strcmp(name, NS_OAI "error") == 0) {
				const char *code = attr(atts, "code");
				if (code && !ap->info.oai_error)
					ap->info.oai_error = text_clean(code, strnlen(code, 200),
									TEXT_COLLAPSE);
				return F_OAI_ERROR;
			}
			return F_NONE;
		}
		if (rel == 2 && strcmp(name, NS_OAI "header") != 0 &&
		    strncmp(name, NS_RAW, strlen(NS_RAW)) != 0)
			return F_NONE;
		if (strncmp(name, NS_RAW, strlen(NS_RAW)) != 0)
			return F_NONE;
		name += strlen(NS_RAW);
		if (strcmp(name, "id") == 0)
			return F_ID;
		if (strcmp(name, "title") == 0)
			return F_TITLE;
		if (strcmp(name, "abstract") == 0)
			return F_ABSTRACT;
		if (strcmp(name, "authors") == 0)
			return F_AUTHORS;
		if (strcmp(name, "categories") == 0)
			return F_CATEGORIES;
		if (strcmp(name, "comments") == 0)
			return F_COMMENT;
		if (strcmp(name, "journal-ref") == 0)
			return F_JREF;
		if (strcmp(name, "version") == 0) {
			const char *v = attr(atts, "version");
			int n = v && v[0] == 'v' ? atoi(v + 1) : 0;
			if (++it->nversions > MAX_VERSIONS)
				item_why(it, xasprintf("more than %d versions", MAX_VERSIONS));
			it->vnum = n;
			if (n > it->p.version && n <= MAX_VERSIONS)
				it->p.version = n;
			return F_NONE;
		}
		if (strcmp(name, "date") == 0)
			return F_VDATE;
		return F_NONE;
	case ARXIV_FMT_NONE:
		break;
	}
	return F_NONE;
}

static int is_item(const struct arxiv_parser *ap, const char *name)
{
	switch (ap->info.format) {
	case ARXIV_FMT_RSS:
		return ap->depth == 3 && strcmp(name, "item") == 0;
	case ARXIV_FMT_ATOM:
		return ap->depth == 2 && strcmp(name, NS_ATOM "entry") == 0;
	case ARXIV_FMT_OAI:
		return ap->depth == 3 && strcmp(name, NS_OAI "record") == 0;
	case ARXIV_FMT_NONE:
		break;
	}
	return 0;
}

/* The local part of a name, for messages. */
static const char *local(const char *name)
{
	const char *sp = strrchr(name, NS_SEP);
	return sp ? sp + 1 : name;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct arxiv_parser *ap = ud;
	if (ap->err)
		return;
	if (++ap->depth > MAX_DEPTH) {
		fail(ap, xasprintf("elements nest more than %d deep", MAX_DEPTH));
		return;
	}
	if (ap->depth == 1) {
		if (strcmp(name, "rss") == 0)
			ap->info.format = ARXIV_FMT_RSS;
		else if (strcmp(name, NS_ATOM "feed") == 0)
			ap->info.format = ARXIV_FMT_ATOM;
		else if (strcmp(name, NS_OAI "OAI-PMH") == 0)
			ap->info.format = ARXIV_FMT_OAI;
		else if (strcasecmp(local(name), "html") == 0)
			fail(ap, xstrdup("an HTML page, not an arXiv feed"));
		else {
			char *n = text_clean(local(name), strnlen(local(name), 64), TEXT_COLLAPSE);
			fail(ap, xasprintf("not an arXiv feed: the document is <%s>", n));
			free(n);
		}
		return;
	}
	if (ap->field != F_NONE) /* markup inside a field: its text counts */
		return;
	if (!ap->item_depth && is_item(ap, name)) {
		if (ap->max && ap->info.entries >= ap->max) {
			fail(ap, xasprintf("more than %ld papers in one body", ap->max));
			return;
		}
		ap->item_depth = ap->depth;
		ap->info.entries++;
		return;
	}
	if (ap->item_depth && ap->info.format == ARXIV_FMT_OAI &&
	    ap->depth == ap->item_depth + 1 && strcmp(name, NS_OAI "header") == 0) {
		const char *status = attr(atts, "status");
		if (status && strcmp(status, "deleted") == 0)
			ap->it.deleted = 1;
	}
	enum field f = field_of(ap, name, atts);
	if (f != F_NONE) {
		ap->field = f;
		ap->field_depth = ap->depth;
		ap->raw = 0;
		buf_reset(&ap->text);
	}
}

/* The item is whole: a paper for the sink, or a reason it is none. */
static void item_done(struct arxiv_parser *ap)
{
	struct item *it = &ap->it;
	struct paper *p = &it->p;
	long index = ap->info.entries - 1;
	if (it->deleted) {
		item_clear(it);
		return;
	}
	if (!it->why && !p->id)
		it->why = xstrdup("id is missing");
	if (!it->why && (!p->title || !*p->title))
		it->why = xstrdup("title is missing");
	if (it->why) {
		if (!ap->refused) {
			fail(ap, p->id ? xasprintf("entry %ld (%s): %s", index, p->id, it->why)
				       : xasprintf("entry %ld: %s", index, it->why));
		} else {
			ap->refused(ap->ctx, index, p->id, it->why);
		}
		item_clear(it);
		return;
	}
	if (!p->abstract)
		p->abstract = xstrdup("");
	p->authors = it->authors.len ? buf_detach(&it->authors) : xstrdup("");
	if (it->cats.len) {
		/* The primary category goes first (Atom names it after the rest). */
		size_t n = p->primary ? strlen(p->primary) : 0;
		if (n && !(strncmp(it->cats.data, p->primary, n) == 0 &&
			   (it->cats.data[n] == ' ' || !it->cats.data[n]))) {
			struct buf b = {0};
			buf_adds(&b, p->primary);
			for (char *c = it->cats.data; *c;) {
				char *sp = strchr(c, ' ');
				size_t len = sp ? (size_t)(sp - c) : strlen(c);
				if (!(len == n && strncmp(c, p->primary, n) == 0)) {
					buf_addc(&b, ' ');
					buf_add(&b, c, len);
				}
				c += len + (sp ? 1 : 0);
			}
			buf_free(&it->cats);
			it->cats = b;
		}
		p->categories = buf_detach(&it->cats);
	}
	if (!p->announced && ap->info.format == ARXIV_FMT_RSS && ap->info.day[0])
		p->announced = xstrdup(ap->info.day);
	p->source = PAPER_SRC_ARXIV;
	char *err = NULL;
	if (ap->sink.on_paper && ap->sink.on_paper(ap->sink.ctx, p, &err) != 0)
		fail(ap, err ? err : xasprintf("%s: not stored", item_name(it)));
	item_clear(it);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct arxiv_parser *ap = ud;
	(void)name;
	if (ap->err)
		return;
	if (ap->field != F_NONE && ap->depth == ap->field_depth)
		field_done(ap);
	else if (ap->item_depth && ap->depth == ap->item_depth) {
		ap->item_depth = 0;
		item_done(ap);
	}
	ap->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct arxiv_parser *ap = ud;
	if (ap->err || ap->field == F_NONE || len <= 0)
		return;
	ap->raw += (size_t)len;
	/* Text far past the limit is counted, not kept. */
	if (ap->raw <= fields[ap->field].max * 4)
		buf_add(&ap->text, s, (size_t)len);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)sysid, (void)pubid, (void)has_internal_subset;
	if (name && strcasecmp(name, "html") == 0)
		fail(ud, xstrdup("an HTML page, not an arXiv feed"));
	else
		fail(ud, xstrdup("a document type declaration is not allowed"));
}

/* Any entity declared (in a DTD the doctype handler has already refused)
 * stops the parse as well. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
			      const XML_Char *value, int value_len, const XML_Char *base,
			      const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	fail(ud, xstrdup("an entity declaration is not allowed"));
}

struct arxiv_parser *arxiv_parser_new(const struct paper_sink *sink, long max,
				      arxiv_refused_fn refused, void *ctx)
{
	struct arxiv_parser *ap = xcalloc(1, sizeof *ap);
	ap->xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!ap->xp) {
		free(ap);
		return NULL;
	}
	if (sink)
		ap->sink = *sink;
	ap->max = max;
	ap->refused = refused;
	ap->ctx = ctx;
	ap->info.total = -1;
	XML_SetUserData(ap->xp, ap);
	XML_SetElementHandler(ap->xp, on_start, on_end);
	XML_SetCharacterDataHandler(ap->xp, on_text);
	XML_SetStartDoctypeDeclHandler(ap->xp, on_doctype);
	XML_SetEntityDeclHandler(ap->xp, on_entity);
	XML_SetParamEntityParsing(ap->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	return ap;
}

/* expat's word for what went wrong, and where. */
static int xml_error(struct arxiv_parser *ap, char **err)
{
	if (ap->err) {
		*err = ap->err;
		ap->err = NULL;
		return -1;
	}
	enum XML_Error code = XML_GetErrorCode(ap->xp);
	return set_err(err, "not valid XML at line %lu, column %lu: %s",
		       (unsigned long)XML_GetCurrentLineNumber(ap->xp),
		       (unsigned long)XML_GetCurrentColumnNumber(ap->xp) + 1,
		       XML_ErrorString(code));
}

int arxiv_parser_feed(struct arxiv_parser *ap, const char *data, size_t n, char **err)
{
	while (n > 0) {
		int chunk = n > (1u << 20) ? 1 << 20 : (int)n;
		ap->started = 1;
		if (XML_Parse(ap->xp, data, chunk, XML_FALSE) != XML_STATUS_OK || ap->err)
			return xml_error(ap, err);
		data += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

int arxiv_parser_finish(struct arxiv_parser *ap, char **err)
{
	if (XML_Parse(ap->xp, "", 0, XML_TRUE) != XML_STATUS_OK || ap->err) {
		if (!ap->err && !ap->started)
			return set_err(err, "the body is empty");
		return xml_error(ap, err);
	}
	if (ap->info.format == ARXIV_FMT_NONE)
		return set_err(err, "the body is empty");
	return 0;
}

const struct arxiv_info *arxiv_parser_info(const struct arxiv_parser *ap)
{
	return &ap->info;
}

void arxiv_parser_take_info(struct arxiv_parser *ap, struct arxiv_info *out)
{
	*out = ap->info;
	memset(&ap->info, 0, sizeof ap->info);
	ap->info.total = -1;
}

void arxiv_parser_free(struct arxiv_parser **pap)
{
	struct arxiv_parser *ap = *pap;
	if (!ap)
		return;
	XML_ParserFree(ap->xp);
	item_clear(&ap->it);
	buf_free(&ap->text);
	free(ap->err);
	arxiv_info_clear(&ap->info);
	free(ap);
	*pap = NULL;
}

/* Holds every paper of a body until the whole body has been read. */
struct held {
	struct paper *papers;
	long n, cap;
};

static int hold(void *ctx, const struct paper *p, char **err)
{
	struct held *h = ctx;
	(void)err;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->papers = xrealloc(h->papers, (size_t)h->cap * sizeof *h->papers);
	}
	paper_copy(&h->papers[h->n++], p);
	return 0;
}

int arxiv_parse(const char *body, size_t len, long max, const struct paper_sink *sink,
		arxiv_refused_fn refused, void *ctx, struct arxiv_info *info, char **err)
{
	struct held h = {0};
	struct paper_sink holder = {hold, &h};
	struct arxiv_parser *ap = arxiv_parser_new(&holder, max, refused, ctx);
	if (!ap)
		return set_err(err, "out of memory starting the XML parser");
	int rc = arxiv_parser_feed(ap, body, len, err);
	if (rc == 0)
		rc = arxiv_parser_finish(ap, err);
	for (long i = 0; i < h.n; i++) {
		if (rc == 0 && sink && sink->on_paper(sink->ctx, &h.papers[i], err) != 0)
			rc = -1;
		paper_clear(&h.papers[i]);
	}
	free(h.papers);
	if (info) {
		memset(info, 0, sizeof *info);
		info->total = -1;
		if (rc == 0)
			arxiv_parser_take_info(ap, info);
	}
	arxiv_parser_free(&ap);
	return rc;
}
