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
 * within RENEW_AHEAD (or has ended). A token stored without an expiry is
 * otherwise never due.
 */
bool renew_due(const struct adapter *a, const struct credentials *cr,
    const struct tokens *t, long long now);

/*
 * Keeps g (GRANT_OK) for platform a in the store of state_dir and in *t,
 * durably, in one transaction: its access_token (ending now +
 * expires_in, or 0 when unknown), when the answer has one its
 * refresh_token (ending now + refresh_expires_in, or 0), and when seed is
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
 * file as NAME.refresh_token". Allocated.
 */
char *renew_remedy(const struct adapter *a);

#endif
