/*
 * parse_arxiv: arXiv's XML bodies -> struct paper, through a streaming
 * parser (libexpat), so a body costs the memory of one paper however long
 * it is.
 *
 * Three shapes, told apart by their root element:
 *   - the announcement feed in RSS 2.0 (rss/channel/item): the id with its
 *     version in the guid, the abstract inside the description after
 *     "Abstract: ", the authors as one comma-joined dc:creator, every
 *     category, and arxiv:announce_type; the channel's pubDate is the
 *     announcement day. A channel with no item (a weekend) is valid.
 *   - Atom, from the query API and the announcement feed's Atom form
 *     (feed/entry): id, title, summary, authors, categories,
 *     arxiv:primary_category, arxiv:comment, arxiv:journal_ref;
 *     opensearch:totalResults says how many the query matched.
 *   - OAI-PMH ListRecords with metadataPrefix=arXivRaw: every version with
 *     its date (the first is the paper's published day), the categories
 *     (primary first), comments, journal-ref; the resumptionToken that asks
 *     for the next page.
 *
 * Takes bytes and does nothing else: no I/O, no cache. All text is cleaned
 * with text_clean() and held to the limits of base/paper.h. A body that is
 * not XML, is cut off, nests too deep, or declares a document type (the door
 * to entity expansion and to files outside) is refused with a message
 * saying what and where.
 */
#ifndef PAPYR_PARSE_ARXIV_H
#define PAPYR_PARSE_ARXIV_H

#include <stddef.h>

#include "base/paper.h"

enum arxiv_format {
	ARXIV_FMT_NONE,
	ARXIV_FMT_RSS,
	ARXIV_FMT_ATOM,
	ARXIV_FMT_OAI,
};

/* What a body said besides its papers. */
struct arxiv_info {
	enum arxiv_format format;
	char day[11];   /* RSS: the announcement day (channel pubDate), or "" */
	long total;     /* Atom: opensearch:totalResults; -1 when absent */
	long entries;   /* items, entries or records seen, refused ones too */
	char *token;    /* OAI: the resumptionToken; NULL on the last page */
	char *oai_error; /* OAI: the code of an <error> (e.g. noRecordsMatch) */
};

void arxiv_info_clear(struct arxiv_info *info);

/* Told of each item left out, as hf_refused_fn: its index, its id when it
 * has a valid one (else NULL), and why. Borrowed for the call. */
typedef void (*arxiv_refused_fn)(void *ctx, long index, const char *id, const char *why);

struct arxiv_parser;

/*
 * A streaming parser that hands each paper to sink as soon as it is whole.
 * max caps the items of one body (0: none); one more is an error. With
 * refused set, an item that is no paper (no id, no title, a field over a
 * limit) is told to it and left out; without, it fails the body.
 */
struct arxiv_parser *arxiv_parser_new(const struct paper_sink *sink, long max,
				      arxiv_refused_fn refused, void *ctx);
/* Each returns 0, or -1 with *err set; after an error, feed no more. */
int arxiv_parser_feed(struct arxiv_parser *ap, const char *data, size_t n, char **err);
/* After the last byte: fails when the body was empty or cut off. */
int arxiv_parser_finish(struct arxiv_parser *ap, char **err);
/* What the body said so far; borrowed. */
const struct arxiv_info *arxiv_parser_info(const struct arxiv_parser *ap);
/* Moves the info out (the caller clears it). */
void arxiv_parser_take_info(struct arxiv_parser *ap, struct arxiv_info *out);
void arxiv_parser_free(struct arxiv_parser **ap);

/*
 * Parses a whole body; nothing is handed on unless the whole body is valid
 * XML of a known shape (a sink that stores in one transaction never sees
 * half a day). Fills *info (the caller clears it; info may be NULL).
 * Returns 0, or -1 with *err set.
 */
int arxiv_parse(const char *body, size_t len, long max, const struct paper_sink *sink,
		arxiv_refused_fn refused, void *ctx, struct arxiv_info *info, char **err);

/*
 * "2604.21952v3" (or an abs URL, or "oai:arXiv.org:2604.21952v3") -> the
 * id without version into a new string, the version into *version (0 when
 * none). Returns NULL when what is left is not an arXiv id.
 */
char *arxiv_split_id(const char *s, int *version);

/* "Mon, 27 Apr 2026 00:00:00 -0400" or "2026-07-30T17:59:56Z" -> the day
 * it names, into out; returns 0, or -1 when s is neither. */
int arxiv_date(const char *s, char out[11]);

#endif
