/* oauth1: OAuth 1.0a HMAC-SHA1 signing (see oauth1.h). */
#include "oauth1.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "buf.h"
#include "request.h"
#include "xalloc.h"

#define OAUTH1_NPARAMS 6	/* oauth_* parameters besides the signature */

/* A parameter after percent-encoding. */
struct enc_param {
	char *key;
	char *value;
};

/* Orders encoded parameters by key, then by value (byte order). */
static int
enc_param_cmp(const void *a, const void *b)
{
	const struct enc_param *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* The base string URI of url (RFC 5849 3.4.1.2), or NULL when url is not
 * an http(s) URL without query and fragment. */
static char *
normalize_url(const char *url)
{
	const char *host, *end, *path, *port = NULL, *p;
	struct buf b = BUF_INIT;
	bool https;

	if (strncasecmp(url, "https://", 8) == 0) {
		https = true;
		host = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		https = false;
		host = url + 7;
	} else
		return NULL;
	if (strpbrk(url, "?#") != NULL)
		return NULL;
	path = host + strcspn(host, "/");
	if (memchr(host, '@', (size_t)(path - host)) != NULL)
		return NULL;	/* user information has no place here */
	end = path;
	if (*host == '[') {		/* an IPv6 literal */
		p = memchr(host, ']', (size_t)(path - host));
		if (p == NULL)
			return NULL;
		if (p + 1 < path) {
			if (p[1] != ':')
				return NULL;
			port = p + 2;
			end = p + 1;
		}
	} else if ((p = memchr(host, ':', (size_t)(path - host))) != NULL) {
		port = p + 1;
		end = p;
	}
	if (end == host)
		return NULL;
	buf_adds(&b, https ? "https://" : "http://");
	for (p = host; p < end; p++)
		buf_addc(&b, (char)tolower((unsigned char)*p));
	if (port != NULL && port < path) {
		size_t plen = (size_t)(path - port);

		if (!((https && plen == 3 && memcmp(port, "443", 3) == 0) ||
		    (!https && plen == 2 && memcmp(port, "80", 2) == 0))) {
			buf_addc(&b, ':');
			buf_add(&b, port, plen);
		}
	}
	buf_adds(&b, *path != '\0' ? path : "/");
	return buf_detach(&b);
}

char *
oauth1_base_string(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp)
{
	struct enc_param *v;
	struct buf ps = BUF_INIT, b = BUF_INIT;
	char *base_url, *e, ts[24];
	const char *p;
	size_t i, n = 0;

	if ((base_url = normalize_url(url)) == NULL)
		return NULL;
	snprintf(ts, sizeof(ts), "%lld", timestamp);
	v = xcalloc(nparams + OAUTH1_NPARAMS, sizeof(*v));
	for (i = 0; i < nparams; i++, n++) {
		v[n].key = percent_encode(params[i].key);
		v[n].value = percent_encode(params[i].value);
	}
	v[n].key = xstrdup("oauth_consumer_key");
	v[n++].value = percent_encode(k->consumer_key);
	v[n].key = xstrdup("oauth_nonce");
	v[n++].value = percent_encode(nonce);
	v[n].key = xstrdup("oauth_signature_method");
	v[n++].value = xstrdup("HMAC-SHA1");
	v[n].key = xstrdup("oauth_timestamp");
	v[n++].value = xstrdup(ts);
	if (k->token != NULL) {
		v[n].key = xstrdup("oauth_token");
		v[n++].value = percent_encode(k->token);
	}
	v[n].key = xstrdup("oauth_version");
	v[n++].value = xstrdup("1.0");
	qsort(v, n, sizeof(*v), enc_param_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&ps, '&');
		buf_addf(&ps, "%s=%s", v[i].key, v[i].value);
		free(v[i].key);
		free(v[i].value);
	}
	free(v);

	for (p = method; *p != '\0'; p++)
		buf_addc(&b, (char)toupper((unsigned char)*p));
	buf_addc(&b, '&');
	e = percent_encode(base_url);
	buf_adds(&b, e);
	free(e);
	buf_addc(&b, '&');
	e = percent_encode(buf_str(&ps));
	buf_adds(&b, e);
	free(e);
	buf_free(&ps);
	free(base_url);
	return buf_detach(&b);
}

char *
oauth1_sign(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char *base, *cs, *tsec, *key, *sig;

	base = oauth1_base_string(method, url, params, nparams, k, nonce,
	    timestamp);
	if (base == NULL)
		return NULL;
	cs = percent_encode(k->consumer_secret);
	tsec = percent_encode(k->token_secret ? k->token_secret : "");
	key = xasprintf("%s&%s", cs, tsec);
	free(cs);
	free(tsec);
	if (HMAC(EVP_sha1(), key, (int)strlen(key),
	    (const unsigned char *)base, strlen(base), md, &mdlen) == NULL) {
		free(key);
		free(base);
		return NULL;
	}
	free(key);
	free(base);
	/* 4 output bytes per 3 input bytes, and the NUL */
	sig = xmalloc(4 * ((mdlen + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)sig, md, (int)mdlen);
	return sig;
}

/* Appends sep key="pe(value)" to b. */
static void
header_param(struct buf *b, const char *sep, const char *key,
    const char *value)
{
	char *e = percent_encode(value);

	buf_addf(b, "%s%s=\"%s\"", sep, key, e);
	free(e);
}

char *
oauth1_header(const char *method, const char *url,
    const struct oauth1_param *params, size_t nparams,
    const struct oauth1_keys *k, const char *nonce, long long timestamp)
{
	struct buf b = BUF_INIT;
	char *sig, ts[24];

	sig = oauth1_sign(method, url, params, nparams, k, nonce, timestamp);
	if (sig == NULL)
		return NULL;
	snprintf(ts, sizeof(ts), "%lld", timestamp);
	header_param(&b, "OAuth ", "oauth_consumer_key", k->consumer_key);
	header_param(&b, ", ", "oauth_nonce", nonce);
	header_param(&b, ", ", "oauth_signature", sig);
	header_param(&b, ", ", "oauth_signature_method", "HMAC-SHA1");
	header_param(&b, ", ", "oauth_timestamp", ts);
	if (k->token != NULL)
		header_param(&b, ", ", "oauth_token", k->token);
	header_param(&b, ", ", "oauth_version", "1.0");
	free(sig);
	return buf_detach(&b);
}

char *
oauth1_nonce(void)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[16];
	char *s;
	size_t i;

	if (RAND_bytes(r, (int)sizeof(r)) != 1)
		return NULL;
	s = xmalloc(2 * sizeof(r) + 1);
	for (i = 0; i < sizeof(r); i++) {
		s[2 * i] = hex[r[i] >> 4];
		s[2 * i + 1] = hex[r[i] & 0xf];
	}
	s[2 * sizeof(r)] = '\0';
	return s;
}
