/*
 * platforms/whoami.h: what the adapters' whoami share (almanac doctor):
 * reading the answers to "whose token is this" into a token_check
 * (../platforms.h). Not for use outside the adapters.
 */
#ifndef ALMANAC_PLATFORMS_WHOAMI_H
#define ALMANAC_PLATFORMS_WHOAMI_H

#include <stdbool.h>

#include <cJSON.h>

#include "platforms.h"

/* Sets t's state to st with error (taken over; may be NULL) when st is
 * worse than the state t has; otherwise error is freed. */
void whoami_set(struct token_check *t, enum token_state st, char *error);

/* The token is accepted and is who's (taken over): t becomes OK unless
 * another answer made it worse already. */
void whoami_ok(struct token_check *t, char *who);

/*
 * The part of reading a whoami answer that the status decides, into t:
 * no HTTP answer ("cannot reach BASE: ..."), 401 (refused), 403 (the
 * token is accepted but whose it is cannot be read without scope_403,
 * e.g. "the openid scope"; an error when scope_403 is NULL), 429, other
 * non-2xx.
 * words are the platform's own (NULL when none). Returns true when t was
 * filled, false for a 2xx, which the adapter reads itself.
 */
bool whoami_classify(const struct adapter *a, const struct platform_conf *pc,
    const struct http_response *r, const char *words, const char *scope_403,
    struct token_check *t);

/* A 2xx whose body is not what the platform documents: an error. */
void whoami_unreadable(const struct adapter *a, const struct http_response *r,
    struct token_check *t);

/* "NAME (ID)", "NAME" or "ID" from an answer's strings, made fit for one
 * line (adapter_words); NULL when both are NULL or empty. Allocated. */
char *whoami_name(const char *prefix, const char *name, const char *id);

/*
 * A token's expiry, from a request made to learn it (source, its name:
 * "debug_token", "introspectToken"). whoami_expiry_classify reads the
 * part of its answer r that needs no body: no HTTP answer, or a non-2xx
 * (words: the platform's own, or NULL), leaves the expiry unknown with
 * t->expiry_error saying why, and returns true; false for a 2xx, which
 * the adapter reads itself. whoami_expiry_unreadable: a 2xx whose body is
 * not what the platform documents. whoami_expiry_set: the expiry is at
 * (Unix time; 0 = never), from field of source's answer. None changes
 * t's state.
 */
bool whoami_expiry_classify(const char *source, const struct http_response *r,
    const char *words, struct token_check *t);
void whoami_expiry_unreadable(const char *source,
    const struct http_response *r, struct token_check *t);
void whoami_expiry_set(struct token_check *t, const char *source,
    const char *field, long long at);

/* The Unix time member key of o: true with *out, false when it is missing
 * or not a whole number from 0 to 2^53. */
bool whoami_json_time(const cJSON *o, const char *key, long long *out);

/*
 * Graph API (facebook, instagram). whoami_graph_classify reads an answer
 * to the identity request as whoami_classify does, with Graph's error
 * object: code 190 (the token expired or is invalid) and 102 (session)
 * are refusals whatever the status. Returns true when t was filled.
 */
bool whoami_graph_classify(const struct adapter *a,
    const struct platform_conf *pc, const struct http_response *r,
    const cJSON *body, struct token_check *t);

/*
 * GET {api}/{graph_version}/debug_token?input_token=TOKEN with the token
 * itself as the caller's (a token may inspect another of its own app),
 * appended to l. Returns 0, or -1 with *err (allocated).
 */
int whoami_graph_debug_request(const struct adapter_ctx *ctx,
    const struct adapter *a, struct request_list *l, char **err);

/*
 * Reads debug_token's answer: data.expires_at (0: never) and
 * data.data_access_expires_at, whichever comes first, into t's expiry;
 * data.is_valid false refuses the token. Any other answer leaves the
 * expiry unknown (t->expiry_error says why) and t's state as it is: the
 * identity request decides that.
 */
void whoami_graph_debug_parse(const struct adapter *a,
    const struct http_response *r, struct token_check *t);

#endif
