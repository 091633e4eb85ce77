/*
 * parse_hf: Hugging Face Papers API bodies -> struct paper.
 *
 * Takes bytes and does nothing else: no I/O, no cache. Understands the
 * daily_papers and papers/search lists (entries with a "paper" object) and the
 * single-paper object of /api/papers/{id}. Optional fields may be absent or
 * null; a required field that is missing or of the wrong type is an error
 * naming the entry and the field. All text is cleaned with text_clean().
 */
#ifndef PAPYR_PARSE_HF_H
#define PAPYR_PARSE_HF_H

#include <stddef.h>

#include <cJSON.h>

#include "base/paper.h"

/*
 * Fills *out from one list entry or a single-paper object. Returns 0, or -1
 * with *err naming the problem (e.g. "paper.title is a number, expected a
 * string"). On error *out holds nothing to free.
 */
int hf_parse_entry(const cJSON *item, struct paper *out, char **err);

/*
 * Parses a whole response body and hands every paper to the sink. Nothing is
 * handed on unless the whole body is valid, so a sink that stores in one
 * transaction never sees half a day. Returns 0 and sets *count, or -1 with
 * *err set.
 */
int hf_parse(const char *body, size_t len, const struct paper_sink *sink,
	     long *count, char **err);

/*
 * Told of each entry hf_parse_list leaves out: its index in the list (from
 * 0), its id when it has one that reads as an arXiv id (else NULL), and why
 * (without the id). The strings are borrowed for the call.
 */
typedef void (*hf_refused_fn)(void *ctx, long index, const char *id, const char *why);

/* The id of a list entry or a single paper, if it reads as an arXiv id (and
 * so is safe to show); NULL otherwise. Borrowed from item. */
const char *hf_entry_id(const cJSON *item);

/*
 * As hf_parse, for a list of at most max entries (0: no cap): one more is
 * an error ("more than 100 papers in one page") as soon as it is seen,
 * before it or anything after it is parsed, so a huge body costs no more
 * than max papers. With refused set, an entry that is no paper (not JSON,
 * the wrong shape, a field over a limit) is told to refused and left out
 * instead of failing the body; a body that is no list (cut off, not JSON)
 * still fails whole. *count is the entries of the list, the refused ones
 * included (a full page is full).
 */
int hf_parse_list(const char *body, size_t len, long max, const struct paper_sink *sink,
		  hf_refused_fn refused, void *ctx, long *count, char **err);

#endif
