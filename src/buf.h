/*
 * buf: a growable, always NUL-terminated byte string.
 *
 * A zeroed struct buf (BUF_INIT) is an empty buffer. The buffer owns buf.s;
 * buf_free releases it, buf_detach hands it to the caller (who frees it) and
 * leaves the buffer empty. Allocation failure exits (see xalloc.h).
 */
#ifndef ALMANAC_BUF_H
#define ALMANAC_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;	/* NULL until something is added */
	size_t len;	/* bytes, not counting the NUL */
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const char *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Drop everything after the first len bytes. */
void buf_truncate(struct buf *b, size_t len);
/* The contents ("" when empty); valid until the next change. */
const char *buf_str(const struct buf *b);
/* The contents as an allocated string the caller frees; b is left empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
