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

/* Limits on what one entry may hold; past them the entry is refused. */
#define HF_MAX_TITLE 2048
#define HF_MAX_ABSTRACT 65536
#define HF_MAX_FIELD 8192
#define HF_MAX_AUTHORS 5000

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
 * As hf_parse, for a list that may hold at most max entries: one more is
 * an error ("more than 100 papers in one page") as soon as it is seen,
 * before it or anything after it is parsed, so a huge body costs no more
 * than max papers.
 */
int hf_parse_max(const char *body, size_t len, long max, const struct paper_sink *sink,
		 long *count, char **err);

#endif
