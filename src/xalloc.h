/*
 * xalloc: allocation that cannot fail.
 *
 * Every function here either returns usable memory or, when the system is
 * out of memory, prints one line on stderr and exits with EX_OSERR (71).
 * Callers own what is returned and release it with free(3).
 */
#ifndef ALMANAC_XALLOC_H
#define ALMANAC_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc(ptr, nmemb * size) with the multiplication checked. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
/* strdup; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

#endif
