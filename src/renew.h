/*
 * renew: what every platform's unattended token renewal shares: when an
 * access token is due, and keeping what a token endpoint granted in the
 * token store (tokens.h). The requests and their answers are the
 * platform's own (its entry's refresh and grant_parse hooks); publish
 * sends them.
 */
#ifndef ALMANAC_RENEW_H
#define ALMANAC_RENEW_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms.h"
#include "tokens.h"

/* An access token is renewed when it ends within this many seconds. */
#define RENEW_AHEAD (7 * 86400LL)

/*
 * Whether platform a's access token is due for renewal at now: the store
 * holds none for it (its expiry is unknown until the platform is asked),
 * the credentials file cr gives another refresh token than the stored
 * tokens descend from (adapter_store_current), or the stored token ends
 * within RENEW_AHEAD, or the entry's renew_ahead (or has ended). A token
 * stored without an expiry is otherwise never due. For a platform with a
 * renew_min_age, never a token held for less than that: a stored one
 * since it was stored, the credentials file's since renew_adopt first saw
 * it.
 */
bool renew_due(const struct adapter *a, const struct credentials *cr,
    const struct tokens *t, long long now);

/*
 * For a platform with a renew_min_age whose credentials file cr gives a
 * token the store has not seen (adapter_store_current is false): keeps,
 * in the store of state_dir and in *t, that it was first seen at now (the
 * TOKENS_SEED row, adapter_seed), and sets aside the stored access token
 * of an earlier chain (its value made ""). Returns 1 when it wrote, 0 when
 * there was nothing to do, -1 with *err (allocated, tokens_put's).
 */
int renew_adopt(const char *state_dir, struct tokens *t,
    const struct adapter *a, const struct credentials *cr, long long now,
    char **err);

/*
 * Keeps g (GRANT_OK) for platform a in the store of state_dir and in *t,
 * durably, in one transaction: its access_token (ending now +
 * expires_in, or 0 when unknown), when the answer has one its
 * refresh_token (ending now + refresh_expires_in, or 0), when it has one
 * its account (the TOKENS_ACCOUNT row), and when seed is
 * not NULL the TOKENS_SEED row: what stands for the credentials file's
 * refresh token the tokens descend from (adapter_seed). Returns 0, or -1 with *err (allocated,
 * tokens_put's).
 */
int renew_save(const char *state_dir, struct tokens *t,
    const struct adapter *a, const struct token_grant *g, const char *seed,
    long long now, char **err);

/*
 * "2027-01-04 (30 days)" for an expiry at t seen at now, into out:
 * the UTC day, and the whole days left ("ended 3 days ago" after it;
 * "unknown" for 0).
 */
void renew_until(long long t, long long now, char *out, size_t size);

/*
 * What a person does to give platform a a new start, for messages:
 * "run almanac auth NAME (or put a new refresh token in the credentials
 * file as NAME.refresh_token)" when its entry can authorize (the
 * authorize hook), else "put a new refresh token in the credentials
 * file as NAME.refresh_token"; with the words and key of what its tokens
 * descend from (adapter_renew_from: "access token", NAME.access_token).
 * Allocated.
 */
char *renew_remedy(const struct adapter *a);

#endif
