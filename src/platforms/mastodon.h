/*
 * platforms/mastodon.h: what mastodon.c shows its tests. Private to
 * src/platforms/ (and the tests).
 */
#ifndef ALMANAC_PLATFORMS_MASTODON_H
#define ALMANAC_PLATFORMS_MASTODON_H

#include "platforms.h"

struct message;		/* format.h */

/* The Idempotency-Key of m's pair (its day, its post, mastodon): 64 hex
 * digits and a NUL in out, the same for every attempt of the pair. */
void mastodon_idempotency_key(const struct message *m,
    char out[ADAPTER_SEED_SIZE]);

/* X-RateLimit-Reset ("2026-11-12T09:05:00.000000Z") as Unix time, a
 * fraction rounding up; -1 for NULL or anything else. */
long long mastodon_reset(const char *v);

#endif
