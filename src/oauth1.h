/*
 * oauth1: OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849), as X's
 * API expects it. See docs/platforms.md, X.
 *
 * Only the parameters given are signed besides the oauth_* ones: pass the
 * query parameters and the parameters of an application/x-www-form-urlencoded
 * body, decoded. A JSON body is never signed: pass no parameters for it.
 * Nothing here touches the network; the caller supplies nonce and time.
 */
#ifndef ALMANAC_OAUTH1_H
#define ALMANAC_OAUTH1_H

#include <stddef.h>

/* A request parameter, not percent-encoded. */
struct oauth1_param {
	const char *key;
	const char *value;
};

/* The client's and the user's keys. token may be NULL (no oauth_token is
 * sent) and token_secret may be NULL (taken as ""). */
struct oauth1_keys {
	const char *consumer_key;
	const char *consumer_secret;
	const char *token;
	const char *token_secret;
};

/*
 * The signature base string: UPPER(method) "&" pe(url) "&" pe(parameters),
 * the parameters being params plus the six oauth_* ones (without
 * oauth_signature), percent-encoded, sorted by key then value and joined
 * as k=v with "&". url is the request's URL; its scheme and host are
 * lowercased and a default port (:80 for http, :443 for https) dropped.
 * Returns an allocated string, or NULL when url is not an http(s) URL or
 * holds a query or fragment (pass query parameters in params instead).
 */
char *oauth1_base_string(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp);

/*
 * The signature: base64(HMAC-SHA1(pe(consumer_secret) "&" pe(token_secret),
 * base string)). Returns an allocated string, or NULL as
 * oauth1_base_string does.
 */
char *oauth1_sign(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp);

/*
 * The value of the Authorization header: "OAuth " followed by the oauth_*
 * parameters and oauth_signature, sorted, each as key="pe(value)", joined
 * with ", ". Returns an allocated string, or NULL as oauth1_base_string
 * does.
 */
char *oauth1_header(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp);

/*
 * A fresh nonce from the system's CSPRNG: 32 lowercase hex digits.
 * Returns an allocated string, or NULL when no random bytes could be had.
 */
char *oauth1_nonce(void);

#endif
