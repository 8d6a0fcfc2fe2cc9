/*
 * fuzz: the entry point every fuzz target defines, for libFuzzer and for
 * the plain replay driver (replay.c), and a helper they share.
 */
#ifndef ALMANAC_FUZZ_H
#define ALMANAC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data[0..size). */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Aborts with a message on stderr unless ok; for invariants. */
#define FUZZ_ASSERT(ok) do {						\
	if (!(ok))							\
		fuzz_fail(__FILE__, __LINE__, #ok);			\
} while (0)

/* Says which invariant failed, then aborts so that the fuzzer keeps the
 * input. */
static inline __attribute__((noreturn)) void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
	abort();
}

#endif
