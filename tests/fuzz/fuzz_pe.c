/*
 * Fuzz target: percent_encode and OAuth 1.0a signing.
 *
 * Input: 1 byte of flags (bits 0-1: how many parameters, 4: no token,
 * 8: no token secret), then NUL-separated fields: method, url, consumer
 * key, consumer secret, token, token secret, nonce, then key and value of
 * each parameter.
 * Checks: percent_encode gives only unreserved characters and %XX
 * (uppercase hex) and decodes back; the base string is METHOD & pe(url) &
 * pe(parameters) with the parameters encoded, sorted and complete; the
 * signature is base64 of 20 bytes; the header lists the oauth_*
 * parameters; all three are NULL together.
 */
#include <ctype.h>
#include <stdbool.h>

#include "fuzz.h"
#include "oauth1.h"
#include "platforms.h"

#define NFIELDS 13

/* True when s is percent-encoded as RFC 3986 unreserved + %XX. */
static bool
pe_ok(const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		if (isalnum((unsigned char)s[i]) || strchr("-._~", s[i]))
			continue;
		if (s[i] != '%' || i + 2 >= n)
			return false;
		if (strchr(hex, s[i + 1]) == NULL ||
		    strchr(hex, s[i + 2]) == NULL)
			return false;
		i += 2;
	}
	return true;
}

/* The value of hex digit c. */
static int
hexval(char c)
{
	return c <= '9' ? c - '0' : c - 'A' + 10;
}

/* Decodes the n percent-encoded bytes at s (checked by pe_ok). */
static char *
pe_decode(const char *s, size_t n)
{
	char *r = xmalloc(n + 1), *q = r;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			*q++ = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		} else
			*q++ = s[i];
	}
	*q = '\0';
	return r;
}

/* Checks percent_encode(s). */
static void
check_pe(const char *s)
{
	char *e = percent_encode(s), *d;

	FUZZ_ASSERT(e != NULL && pe_ok(e, strlen(e)));
	d = pe_decode(e, strlen(e));
	FUZZ_ASSERT(strcmp(d, s) == 0);
	free(d);
	free(e);
}

/* Compares strings a[0..an) and b[0..bn) in byte order. */
static int
span_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn ? 1 : 0;
}

/* Compares "k=v" pairs a[0..an) and b[0..bn) by key, then value. */
static int
pair_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t ak = (size_t)((const char *)memchr(a, '=', an) - a);
	size_t bk = (size_t)((const char *)memchr(b, '=', bn) - b);
	int c = span_cmp(a, ak, b, bk);

	return c != 0 ? c : span_cmp(a + ak + 1, an - ak - 1, b + bk + 1,
	    bn - bk - 1);
}

/* Checks the parameter string ps of a base string. */
static void
check_params(const char *ps, size_t want)
{
	const char *p = ps, *amp, *eq, *prev = NULL;
	size_t n = 0, plen = 0, len;
	bool key[6] = { false };
	static const char *const oauth[] = { "oauth_consumer_key",
	    "oauth_nonce", "oauth_signature_method", "oauth_timestamp",
	    "oauth_token", "oauth_version" };
	size_t i;

	for (;;) {
		amp = strchr(p, '&');
		len = amp ? (size_t)(amp - p) : strlen(p);
		eq = memchr(p, '=', len);
		FUZZ_ASSERT(eq != NULL);
		FUZZ_ASSERT(pe_ok(p, (size_t)(eq - p)));
		FUZZ_ASSERT(pe_ok(eq + 1, len - (size_t)(eq - p) - 1));
		if (prev != NULL)	/* sorted by key, then by value */
			FUZZ_ASSERT(pair_cmp(prev, plen, p, len) <= 0);
		for (i = 0; i < 6; i++)
			if ((size_t)(eq - p) == strlen(oauth[i]) &&
			    memcmp(p, oauth[i], strlen(oauth[i])) == 0)
				key[i] = true;
		prev = p;
		plen = len;
		n++;
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	FUZZ_ASSERT(n == want);
	for (i = 0; i < 6; i++)
		FUZZ_ASSERT(key[i] || i == 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oauth1_param params[3];
	struct oauth1_keys k;
	char *buf, *f[NFIELDS], *q, *base, *sig, *hdr, *a1, *a2, *d;
	const char *m;
	size_t i, rest, np;
	unsigned flags;

	if (size < 1)
		return 0;
	flags = data[0];
	rest = size - 1;
	buf = fuzz_strndup(data + 1, rest);
	for (i = 0, q = buf; i < NFIELDS; i++) {
		if ((size_t)(q - buf) > rest)
			q = buf + rest;
		f[i] = q;
		q += strlen(q) + 1;
	}
	for (i = 0; i < NFIELDS; i++)
		check_pe(f[i]);

	np = flags & 3;
	for (i = 0; i < np; i++) {
		params[i].key = f[7 + 2 * i];
		params[i].value = f[8 + 2 * i];
	}
	k.consumer_key = f[2];
	k.consumer_secret = f[3];
	k.token = (flags & 4) ? NULL : f[4];
	k.token_secret = (flags & 8) ? NULL : f[5];

	base = oauth1_base_string(f[0], f[1], params, np, &k, f[6],
	    1318622958LL);
	sig = oauth1_sign(f[0], f[1], params, np, &k, f[6], 1318622958LL);
	hdr = oauth1_header(f[0], f[1], params, np, &k, f[6], 1318622958LL);
	FUZZ_ASSERT((base == NULL) == (sig == NULL));
	FUZZ_ASSERT((base == NULL) == (hdr == NULL));
	if (base != NULL) {
		/* METHOD & pe(url) & pe(params); the method may hold '&' */
		a2 = strrchr(base, '&');
		FUZZ_ASSERT(a2 != NULL && a2 > base);
		for (a1 = a2 - 1; a1 > base && *a1 != '&'; a1--)
			;
		FUZZ_ASSERT(*a1 == '&');
		FUZZ_ASSERT((size_t)(a1 - base) == strlen(f[0]));
		for (m = f[0], q = base; q < a1; m++, q++)
			FUZZ_ASSERT((unsigned char)*q ==
			    toupper((unsigned char)*m));
		FUZZ_ASSERT(pe_ok(a1 + 1, (size_t)(a2 - a1 - 1)));
		FUZZ_ASSERT(pe_ok(a2 + 1, strlen(a2 + 1)));
		d = pe_decode(a1 + 1, (size_t)(a2 - a1 - 1));
		FUZZ_ASSERT(strncmp(d, "http://", 7) == 0 ||
		    strncmp(d, "https://", 8) == 0);
		free(d);
		d = pe_decode(a2 + 1, strlen(a2 + 1));
		check_params(d, np + (k.token ? 6 : 5));
		free(d);
		FUZZ_ASSERT(strlen(sig) == 28 && sig[27] == '=');
		FUZZ_ASSERT(strncmp(hdr, "OAuth oauth_consumer_key=\"", 26) ==
		    0 && strstr(hdr, ", oauth_signature=\"") != NULL);
	}
	free(base);
	free(sig);
	free(hdr);
	free(buf);
	return 0;
}
