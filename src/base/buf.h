/*
 * buf: a growable, always NUL-terminated byte buffer. A zeroed struct buf is
 * an empty buffer; buf_free returns it to that state.
 */
#ifndef PAPYR_BASE_BUF_H
#define PAPYR_BASE_BUF_H

#include <stddef.h>

#include "mem.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Adds s between two q characters, each q inside it doubled: how FTS5
 * strings, query values and CSV fields are quoted alike. */
void buf_add_quoted(struct buf *b, const char *s, char q);
void buf_reset(struct buf *b);
/* Hands the contents to the caller (never NULL) and empties the buffer. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
