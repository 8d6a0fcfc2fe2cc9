/* auth: state, PKCE, the authorization URL and the redirect's query (see
 * auth.h). */
#include "auth.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "buf.h"
#include "request.h"
#include "xalloc.h"

#define WHY_MAX 200	/* characters of a platform's error kept */

void
auth_b64url(const unsigned char *p, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned long v;
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		out[o++] = a[v >> 6 & 63];
		out[o++] = a[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned long)p[i] << 16;
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
	} else if (n - i == 2) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		out[o++] = a[v >> 6 & 63];
	}
	out[o] = '\0';
}

int
auth_random(char out[AUTH_RANDOM_SIZE], char **err)
{
	unsigned char r[32];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(r)) {
		n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = xasprintf("no random bytes from getrandom: %s",
			    n < 0 ? strerror(errno) : "none given");
			return -1;
		}
		got += (size_t)n;
	}
	auth_b64url(r, sizeof(r), out);
	explicit_bzero(r, sizeof(r));
	return 0;
}

int
auth_challenge(const char *verifier, char out[AUTH_RANDOM_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(verifier, strlen(verifier), md, &n, EVP_sha256(),
	    NULL) != 1 || n != 32)
		return -1;
	auth_b64url(md, n, out);
	return 0;
}

char *
auth_redirect_uri(int port)
{
	return xasprintf("http://127.0.0.1:%d%s", port, AUTH_PATH);
}

/* Adds "&key=value" (the first without "&") to b. */
static void
query_add(struct buf *b, const char *key, const char *value)
{
	char *v = percent_encode_keep(value, ":/,@");

	buf_addf(b, "%s%s=%s", b->len > 0 ? "&" : "", key, v);
	free(v);
}

char *
auth_url(const char *endpoint, const char *client_id, const char *scope,
    const struct auth_params *p)
{
	struct buf q = BUF_INIT;
	char *url;

	query_add(&q, "client_id", client_id);
	query_add(&q, "redirect_uri", p->redirect_uri);
	query_add(&q, "response_type", "code");
	if (scope != NULL)
		query_add(&q, "scope", scope);
	query_add(&q, "state", p->state);
	if (p->code_challenge != NULL) {
		query_add(&q, "code_challenge", p->code_challenge);
		query_add(&q, "code_challenge_method", "S256");
	}
	url = xasprintf("%s%s%s", endpoint, strchr(endpoint, '?') != NULL ?
	    "&" : "?", buf_str(&q));
	buf_free(&q);
	return url;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The n bytes of s form-decoded (%XX, "+"), allocated; NULL when a %
 * is malformed or it decodes to a control character. */
static char *
decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;
	int hi, lo;
	unsigned char c;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				goto bad;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else
			c = s[i] == '+' ? ' ' : (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			goto bad;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* The keys a redirect may carry that mean something here. */
enum { Q_CODE, Q_STATE, Q_ERROR, Q_DESCRIPTION, Q_COUNT };
static const char *const qkeys[Q_COUNT] = { "code", "state", "error",
	"error_description" };

/* Splits query q (n bytes) into v (allocated, NULL when absent).
 * Returns NULL, or what is wrong (static). */
static const char *
split(const char *q, size_t n, char *v[Q_COUNT])
{
	const char *end = q + n, *amp, *eq;
	char *key, *val;
	size_t k;

	while (q < end) {
		if ((amp = memchr(q, '&', (size_t)(end - q))) == NULL)
			amp = end;
		if ((eq = memchr(q, '=', (size_t)(amp - q))) == NULL)
			eq = amp;
		if (eq - q == 0 && amp == eq) {
			q = amp + 1;
			continue;
		}
		if ((size_t)(amp - eq) > 3 * AUTH_VALUE_MAX + 1)
			return "a value too long";
		key = decode(q, (size_t)(eq - q));
		val = decode(eq < amp ? eq + 1 : eq, eq < amp ?
		    (size_t)(amp - eq - 1) : 0);
		if (key == NULL || val == NULL) {
			free(key);
			free(val);
			return "a malformed query";
		}
		for (k = 0; k < Q_COUNT && strcmp(key, qkeys[k]) != 0; k++)
			;
		free(key);
		if (k == Q_COUNT) {
			free(val);
		} else if (v[k] != NULL) {
			free(val);
			return "a key given twice";
		} else if (strlen(val) > AUTH_VALUE_MAX) {
			free(val);
			return "a value too long";
		} else
			v[k] = val;
		q = amp + 1;
	}
	return NULL;
}

/* s made fit for a message: printable ASCII, at most WHY_MAX
 * characters. Allocated. */
static char *
printable(const char *s)
{
	char *out = xstrndup(s, WHY_MAX), *p;

	for (p = out; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return out;
}

static bool
same(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

enum auth_verdict
auth_judge(const char *s, const char *state, char **code, char **why)
{
	char *v[Q_COUNT] = { NULL, NULL, NULL, NULL };
	const char *q = strchr(s, '?'), *bad;
	enum auth_verdict r;
	char *e, *d;
	size_t k;

	*code = *why = NULL;
	if (q == NULL) {
		*why = xstrdup("no query: expected the address the platform "
		    "sent the browser to, ending in " AUTH_PATH
		    "?code=...&state=...");
		return AUTH_BAD;
	}
	q++;
	if ((bad = split(q, strcspn(q, "#"), v)) != NULL) {
		*why = xasprintf("%s: expected " AUTH_PATH "?code=...&state=...",
		    bad);
		r = AUTH_BAD;
	} else if (v[Q_CODE] == NULL && v[Q_ERROR] == NULL) {
		*why = xstrdup("neither code nor error in the query: expected "
		    AUTH_PATH "?code=...&state=...");
		r = AUTH_BAD;
	} else if (v[Q_STATE] == NULL || !same(v[Q_STATE], state)) {
		*why = xstrdup(v[Q_STATE] == NULL ? "no state in it" :
		    "its state is not the one almanac sent");
		r = AUTH_WRONG_STATE;
	} else if (v[Q_ERROR] != NULL) {
		e = printable(v[Q_ERROR]);
		d = v[Q_DESCRIPTION] != NULL ? printable(v[Q_DESCRIPTION]) :
		    NULL;
		*why = xasprintf("%s%s%s", e, d ? ": " : "", d ? d : "");
		free(e);
		free(d);
		r = strcmp(v[Q_ERROR], "access_denied") == 0 ? AUTH_DENIED :
		    AUTH_ERROR;
	} else if (*v[Q_CODE] == '\0') {
		*why = xstrdup("an empty code");
		r = AUTH_BAD;
	} else {
		*code = v[Q_CODE];
		v[Q_CODE] = NULL;
		r = AUTH_CODE;
	}
	for (k = 0; k < Q_COUNT; k++) {
		if (v[k] != NULL)
			explicit_bzero(v[k], strlen(v[k]));
		free(v[k]);
	}
	return r;
}
