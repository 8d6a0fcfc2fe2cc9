/*
 * auth: the parts of OAuth 2's authorization code grant (RFC 6749 4.1)
 * that touch no network, for almanac auth: the state and the PKCE
 * verifier and challenge (RFC 7636, S256), the redirect URI on the
 * loopback address, the authorization URL, and what the redirect's query
 * says. The platform's own parts (its authorization endpoint, scopes,
 * token request) are its entry's authorize and exchange hooks
 * (platforms.h); the listener is auth_listen.h. Nothing here prints.
 */
#ifndef ALMANAC_AUTH_H
#define ALMANAC_AUTH_H

#include <stddef.h>

/* A state or a code verifier: 32 random bytes in base64url, 43
 * characters and the NUL. */
#define AUTH_RANDOM_SIZE 44

/* The redirect URI's path on the loopback address. */
#define AUTH_PATH "/callback"

/* What almanac auth asks a platform with; strings borrowed. */
struct auth_params {
	const char *redirect_uri;	/* http://127.0.0.1:PORT/callback */
	const char *state;
	const char *code_verifier;	/* NULL unless the entry takes PKCE */
	const char *code_challenge;	/* its S256; NULL likewise */
};

/* n bytes in base64url without padding into out (at least
 * 4 * n / 3 + 2 bytes), NUL-terminated. */
void auth_b64url(const unsigned char *p, size_t n, char *out);

/* 32 bytes from getrandom(2) in base64url into out: a state or a code
 * verifier. Returns 0, or -1 with *err (allocated). */
int auth_random(char out[AUTH_RANDOM_SIZE], char **err);

/* The S256 code challenge of verifier: base64url(SHA-256(verifier)).
 * Returns 0, or -1 when OpenSSL could not compute it (out of memory). */
int auth_challenge(const char *verifier, char out[AUTH_RANDOM_SIZE]);

/* "http://127.0.0.1:PORT/callback". Allocated. */
char *auth_redirect_uri(int port);

/*
 * The authorization URL: endpoint, then (after "?", or "&" when endpoint
 * has a query) client_id, redirect_uri, response_type=code, scope,
 * state, and with p->code_challenge code_challenge and
 * code_challenge_method=S256; values percent-encoded but for ":/,@".
 * Allocated.
 */
char *auth_url(const char *endpoint, const char *client_id,
    const char *scope, const struct auth_params *p);

/* What a redirect says (auth_judge). */
enum auth_verdict {
	AUTH_CODE,		/* the state is ours and a code came */
	AUTH_DENIED,		/* the state is ours; error=access_denied */
	AUTH_ERROR,		/* the state is ours; another error= */
	AUTH_WRONG_STATE,	/* a state that is not ours, or none: not
				   taken, whatever else it says */
	AUTH_BAD		/* not a redirect of the grant: no query, a
				   malformed one, neither code nor error */
};

#define AUTH_VALUE_MAX 2048	/* bytes of a value of the query */

/*
 * Judges a redirect: s is a request target ("/callback?code=...") or the
 * whole address the browser was sent to; its query (after the first "?",
 * up to a "#") is decoded (%XX, "+" for a space); a key given twice, a
 * value longer than AUTH_VALUE_MAX or with a control character is
 * AUTH_BAD. state is ours, compared in constant time. On AUTH_CODE *code
 * is the code (allocated); otherwise *why (allocated) says what came: the
 * error and its error_description (printable ASCII, cut at 200
 * characters), or what was expected.
 */
enum auth_verdict auth_judge(const char *s, const char *state, char **code,
    char **why);

#endif
