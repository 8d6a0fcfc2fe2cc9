/* Tests of oauth1 (signing) and percent_encode, against the vectors of
 * X's published worked example of an OAuth 1.0a signature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oauth1.h"
#include "platforms.h"

#define VEC_URL "https://api.twitter.com/1.1/statuses/update.json"
#define VEC_NONCE "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
#define VEC_TS 1318622958LL

static const struct oauth1_param vec_params[] = {
	{ "status", "Hello Ladies + Gentlemen, a signed OAuth request!" },
	{ "include_entities", "true" },
};

static const struct oauth1_keys vec_keys = {
	"xvz1evFS4wEEPTGEFPHBog",
	"kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
	"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
	"LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
};

/* Signs the vector's parameters against url and checks the signature. */
static void
assert_sig(const char *url, const struct oauth1_param *p, size_t n,
    const char *want)
{
	char *sig = oauth1_sign("POST", url, p, n, &vec_keys, VEC_NONCE,
	    VEC_TS);

	assert_non_null(sig);
	assert_string_equal(sig, want);
	free(sig);
}

/* Checks that s starts with prefix, then frees s. */
static void
assert_prefix(char *s, const char *prefix)
{
	assert_non_null(s);
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", s, prefix);
	free(s);
}

/* The official base string, byte for byte. */
static void
test_base_string(void **state)
{
	char *b = oauth1_base_string("POST", VEC_URL, vec_params, 2,
	    &vec_keys, VEC_NONCE, VEC_TS);

	assert_non_null(b);
	assert_string_equal(b, "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2F"
	    "statuses%2Fupdate.json&include_entities%3Dtrue%26"
	    "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3D"
	    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26"
	    "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D"
	    "1318622958%26oauth_token%3D370773112-"
	    "GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0"
	    "%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a"
	    "%2520signed%2520OAuth%2520request%2521");
	free(b);
}

/* The official signature and the ones for the other base URLs. */
static void
test_signatures(void **state)
{
	assert_sig(VEC_URL, vec_params, 2, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
	assert_sig("https://api.twitter.com/1/statuses/update.json",
	    vec_params, 2, "tnnArxj06cWHq44gCs1OSKk/jLY=");
	assert_sig("https://api.x.com/1.1/statuses/update.json",
	    vec_params, 2, "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
	/* /2/tweets: the JSON body is not signed, only oauth_* */
	assert_sig("https://api.x.com/2/tweets", NULL, 0,
	    "lr+tV/DKclEvXKVjG6tgaSSLV0k=");
}

/* Scheme and host case and a default port do not change the signature;
 * the method is uppercased. */
static void
test_normalized_url(void **state)
{
	assert_sig("HTTPS://API.Twitter.COM:443/1.1/statuses/update.json",
	    vec_params, 2, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
	assert_prefix(oauth1_base_string("post",
	    "https://127.0.0.1:8443/2/tweets", NULL, 0, &vec_keys, VEC_NONCE,
	    VEC_TS), "POST&https%3A%2F%2F127.0.0.1%3A8443%2F2%2Ftweets&"
	    "oauth_consumer_key%3D");
	assert_prefix(oauth1_base_string("GET", "http://Example.org:80", NULL,
	    0, &vec_keys, VEC_NONCE, VEC_TS),
	    "GET&http%3A%2F%2Fexample.org%2F&");
	assert_prefix(oauth1_base_string("GET", "http://example.org:443/", NULL,
	    0, &vec_keys, VEC_NONCE, VEC_TS),
	    "GET&http%3A%2F%2Fexample.org%3A443%2F&");
	assert_prefix(oauth1_base_string("GET", "https://[::1]:8443/x", NULL,
	    0, &vec_keys, VEC_NONCE, VEC_TS),
	    "GET&https%3A%2F%2F%5B%3A%3A1%5D%3A8443%2Fx&");
}

/* URLs that cannot be signed as they are. */
static void
test_bad_urls(void **state)
{
	static const char *const bad[] = {
		"https://api.x.com/2/tweets?a=1",
		"https://api.x.com/2/tweets#top",
		"ftp://api.x.com/2/tweets",
		"api.x.com/2/tweets",
		"https:///2/tweets",
		"https://user@api.x.com/2/tweets",
		"https://[::1/x",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(oauth1_base_string("POST", bad[i], NULL, 0,
		    &vec_keys, VEC_NONCE, VEC_TS));
		assert_null(oauth1_sign("POST", bad[i], NULL, 0, &vec_keys,
		    VEC_NONCE, VEC_TS));
		assert_null(oauth1_header("POST", bad[i], NULL, 0, &vec_keys,
		    VEC_NONCE, VEC_TS));
	}
}

/* Equal keys sort by value; encoded keys sort bytewise. */
static void
test_sorting(void **state)
{
	static const struct oauth1_param p[] = {
		{ "a", "2" }, { "z", "x y" }, { "a", "1" }, { "A", "!" },
	};
	static const struct oauth1_keys k = { "ck", "cs", NULL, NULL };
	char *b = oauth1_base_string("GET", "https://h/p", p, 4, &k, "n", 7);

	assert_non_null(b);
	assert_string_equal(b, "GET&https%3A%2F%2Fh%2Fp&A%3D%2521%26a%3D1%26"
	    "a%3D2%26oauth_consumer_key%3Dck%26oauth_nonce%3Dn%26"
	    "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D7%26"
	    "oauth_version%3D1.0%26z%3Dx%2520y");
	free(b);
}

/* The header of the official example, exactly. */
static void
test_header(void **state)
{
	char *h = oauth1_header("POST", VEC_URL, vec_params, 2, &vec_keys,
	    VEC_NONCE, VEC_TS);

	assert_non_null(h);
	assert_string_equal(h, "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEF"
	    "PHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4"
	    "cg\", oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", "
	    "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\""
	    "1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKP"
	    "R9EyMZeS9weJAEb\", oauth_version=\"1.0\"");
	free(h);
}

/* Without a token: no oauth_token, and the key ends in "&". */
static void
test_no_token(void **state)
{
	static const struct oauth1_keys k = { "ck", "cs", NULL, NULL };
	char *h = oauth1_header("POST", "https://h/p", NULL, 0, &k, "n", 7);
	char *s = oauth1_sign("POST", "https://h/p", NULL, 0, &k, "n", 7);

	assert_non_null(h);
	assert_null(strstr(h, "oauth_token"));
	/* openssl dgst -sha1 -hmac 'cs&' over the base string */
	assert_string_equal(s, "/q5mMjDFgj+dtFd2VhWUs0axoLc=");
	free(h);
	free(s);
}

/* Nonces: 32 lowercase hex digits, a new one each time. */
static void
test_nonce(void **state)
{
	char *a = oauth1_nonce(), *b = oauth1_nonce();

	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "0123456789abcdef"), 32);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/* Checks one percent_encode case. */
static void
assert_pe(const char *in, const char *want)
{
	char *e = percent_encode(in);

	assert_string_equal(e, want);
	free(e);
}

/* Percent-encoding of the characters OAuth 1.0a names, and more. */
static void
test_percent_encode(void **state)
{
	assert_pe("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen");
	assert_pe("a!b'c(d)e*f", "a%21b%27c%28d%29e%2Af");
	assert_pe("\xE2\x98\x83", "%E2%98%83");
	assert_pe("-._~", "-._~");
	assert_pe("", "");
	assert_pe("AZaz09", "AZaz09");
	assert_pe("/?#[]@:&=%", "%2F%3F%23%5B%5D%40%3A%26%3D%25");
	assert_pe("\x7f\xff", "%7F%FF");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_string),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_normalized_url),
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_sorting),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_no_token),
		cmocka_unit_test(test_nonce),
		cmocka_unit_test(test_percent_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
