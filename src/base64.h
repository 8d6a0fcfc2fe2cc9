/*
 * base64: standard base64 (RFC 4648 section 4, with padding), for a
 * picture sent inside a JSON body.
 */
#ifndef ALMANAC_BASE64_H
#define ALMANAC_BASE64_H

#include <stddef.h>

/* The n bytes at p in base64, NUL-terminated. Allocated (the caller frees
 * it); allocation failure exits (xalloc.h). Never fails. */
char *base64_encode(const void *p, size_t n);

#endif
