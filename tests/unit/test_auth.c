/* Tests of auth (state, PKCE, the authorization URL, the redirect's
 * query), the line read by auth_listen, and an entry's authorize and
 * exchange hooks (Pinterest's, and Threads' with its second step). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "auth_listen.h"
#include "config.h"
#include "credentials.h"
#include "http.h"
#include "pconf.h"
#include "platforms/adapter.h"
#include "request.h"
#include "xalloc.h"

/* RFC 4648's test vectors, in base64url without padding. */
static void
test_b64url(void **st)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy" },
		/* the two characters that differ from base64 */
		{ "\xfb\xff\xbf", "-_-_" },
	};
	char out[32];
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		auth_b64url((const unsigned char *)v[i].in, strlen(v[i].in),
		    out);
		assert_string_equal(out, v[i].out);
	}
}

/* RFC 7636 appendix B. */
static void
test_challenge(void **st)
{
	char c[AUTH_RANDOM_SIZE];

	(void)st;
	assert_int_equal(auth_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gF"
	    "WFOEjXk", c), 0);
	assert_string_equal(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

/* 43 base64url characters, a new one each time. */
static void
test_random(void **st)
{
	char a[AUTH_RANDOM_SIZE], b[AUTH_RANDOM_SIZE];
	char *err = NULL;

	(void)st;
	assert_int_equal(auth_random(a, &err), 0);
	assert_int_equal(auth_random(b, &err), 0);
	assert_int_equal(strlen(a), 43);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_"), 43);
	assert_string_not_equal(a, b);
	assert_null(err);
}

static void
test_url(void **st)
{
	struct auth_params p = { "http://127.0.0.1:8976/callback", "S-t_8",
		NULL, NULL };
	char *u, *r = auth_redirect_uri(8976);

	(void)st;
	assert_string_equal(r, "http://127.0.0.1:8976/callback");
	free(r);
	u = auth_url("https://example.org/oauth/", "id 1&2",
	    "a:read,b:write", &p);
	assert_string_equal(u, "https://example.org/oauth/?client_id=id%201%"
	    "262&redirect_uri=http://127.0.0.1:8976/callback&response_type="
	    "code&scope=a:read,b:write&state=S-t_8");
	free(u);
	/* PKCE, no scope, an endpoint with a query of its own */
	p.code_verifier = "v";
	p.code_challenge = "C+/=";
	u = auth_url("https://example.org/auth?x=1", "id", NULL, &p);
	assert_string_equal(u, "https://example.org/auth?x=1&client_id=id&"
	    "redirect_uri=http://127.0.0.1:8976/callback&response_type=code&"
	    "state=S-t_8&code_challenge=C%2B/%3D&code_challenge_method=S256");
	free(u);
}

/* judge s with state "st": its verdict, the code or why in *out. */
static enum auth_verdict
judge(const char *s, char **out)
{
	char *code, *why;
	enum auth_verdict v = auth_judge(s, "st-1", &code, &why);

	if (v == AUTH_CODE) {
		assert_null(why);
		*out = code;
	} else {
		assert_null(code);
		assert_non_null(why);
		*out = why;
	}
	return v;
}

static void
test_judge(void **st)
{
	static const struct {
		const char *in;
		enum auth_verdict v;
		const char *out;
	} v[] = {
		{ "/callback?code=c%2F1+2&state=st-1", AUTH_CODE, "c/1 2" },
		{ "http://127.0.0.1:8976/callback?state=st-1&code=abc#_=_",
		    AUTH_CODE, "abc" },
		{ "/callback?code=abc&state=st-1&other=x&&", AUTH_CODE, "abc" },
		{ "/callback?code=abc&state=st-2", AUTH_WRONG_STATE,
		    "its state is not the one almanac sent" },
		{ "/callback?code=abc&state=st-", AUTH_WRONG_STATE,
		    "its state is not the one almanac sent" },
		{ "/callback?code=abc", AUTH_WRONG_STATE, "no state in it" },
		{ "/callback?error=access_denied&state=other",
		    AUTH_WRONG_STATE, "its state is not the one almanac sent" },
		{ "/callback?error=access_denied&error_description=The+user+"
		    "denied%0a&state=st-1", AUTH_BAD, "a malformed query: "
		    "expected /callback?code=...&state=..." },
		{ "/callback?error=access_denied&error_description=The+user+"
		    "denied&state=st-1", AUTH_DENIED,
		    "access_denied: The user denied" },
		{ "/callback?error=server_error&state=st-1", AUTH_ERROR,
		    "server_error" },
		{ "/callback", AUTH_BAD, "no query: expected the address the "
		    "platform sent the browser to, ending in /callback?code=..."
		    "&state=..." },
		{ "/callback?state=st-1", AUTH_BAD, "neither code nor error in "
		    "the query: expected /callback?code=...&state=..." },
		{ "/callback?code=&state=st-1", AUTH_BAD, "an empty code" },
		{ "/callback?code=a&code=b&state=st-1", AUTH_BAD,
		    "a key given twice: expected /callback?code=...&state=..." },
		{ "/callback?code=a%2&state=st-1", AUTH_BAD, "a malformed "
		    "query: expected /callback?code=...&state=..." },
		{ "/callback?code=a%00&state=st-1", AUTH_BAD, "a malformed "
		    "query: expected /callback?code=...&state=..." },
	};
	struct buf b = BUF_INIT;
	char *out;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(judge(v[i].in, &out), v[i].v);
		assert_string_equal(out, v[i].out);
		free(out);
	}
	/* a code of AUTH_VALUE_MAX bytes is taken, one more is not */
	buf_adds(&b, "/callback?state=st-1&code=");
	for (i = 0; i < AUTH_VALUE_MAX; i++)
		buf_addc(&b, 'x');
	assert_int_equal(judge(buf_str(&b), &out), AUTH_CODE);
	assert_int_equal(strlen(out), AUTH_VALUE_MAX);
	free(out);
	buf_addc(&b, 'x');
	assert_int_equal(judge(buf_str(&b), &out), AUTH_BAD);
	assert_string_equal(out, "a value too long: expected /callback?code="
	    "...&state=...");
	free(out);
	buf_free(&b);
}

/* The pasted line: its end taken off, nothing read past it; the end of
 * the input; a line too long; the time running out. */
static void
test_read_line(void **st)
{
	int p[2];
	char *line = NULL, *err = NULL;

	(void)st;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "http://x/?a\r\nnext\n", 18), 18);
	assert_int_equal(auth_read_line(p[0], 1000, 100, &line, &err), 1);
	assert_string_equal(line, "http://x/?a");
	free(line);
	assert_int_equal(auth_read_line(p[0], 1000, 4, &line, &err), 1);
	assert_string_equal(line, "next");
	free(line);
	assert_int_equal(auth_read_line(p[0], 100, 100, &line, &err), -2);
	assert_int_equal(write(p[1], "12345", 5), 5);
	assert_int_equal(auth_read_line(p[0], 1000, 4, &line, &err), -1);
	assert_string_equal(err, "the line is longer than 4 bytes");
	free(err);
	close(p[1]);
	assert_int_equal(auth_read_line(p[0], 1000, 100, &line, &err), 0);
	close(p[0]);
}

/* An entry's auth hooks' context for platform pf, with credentials of
 * neither a client id nor a secret: checks that it takes no PKCE and that
 * authorize says the client id is missing. */
static void
hooks_setup(size_t pf, struct config *config, struct credentials *cr,
    struct adapter_ctx *ctx, const struct auth_params *p)
{
	const struct adapter *a = adapter_get(pf);
	char *url = NULL, *err = NULL, *want;

	memset(config, 0, sizeof(*config));
	memset(cr, 0, sizeof(*cr));
	memset(ctx, 0, sizeof(*ctx));
	cr->source = "/etc/almanac/credentials.conf";
	ctx->config = config;
	ctx->pc = &config->platforms[pf];
	ctx->cred = cr;
	assert_false(a->auth_pkce);
	/* no client id: said, nothing built */
	assert_int_equal(a->authorize(ctx, p, &url, &err), -1);
	assert_null(url);
	want = xasprintf("no %s.client_id in the credentials "
	    "(/etc/almanac/credentials.conf)", a->name);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

/* Pinterest's hooks: the URL the person opens, and the code's request. */
static void
test_pinterest_hooks(void **st)
{
	const struct adapter *a = adapter_get(PF_PINTEREST);
	struct config config;
	struct credentials cr;
	struct adapter_ctx ctx;
	struct auth_params p = { "http://127.0.0.1:8976/callback", "st-1",
		NULL, NULL };
	struct request_list out = { NULL, 0 };
	struct http_response r;
	struct token_grant g;
	char *url = NULL, *err = NULL;

	(void)st;
	hooks_setup(PF_PINTEREST, &config, &cr, &ctx, &p);
	CRED(&cr, PF_PINTEREST, client_id) = "cid";
	assert_int_equal(a->exchange(&ctx, &p, "c", &out, &err), -1);
	assert_string_equal(err, "no pinterest.client_secret in the "
	    "credentials (/etc/almanac/credentials.conf)");
	free(err);
	err = NULL;
	CRED(&cr, PF_PINTEREST, client_secret) = "secret";
	assert_int_equal(a->authorize(&ctx, &p, &url, &err), 0);
	assert_string_equal(url, "https://www.pinterest.com/oauth/?client_id="
	    "cid&redirect_uri=http://127.0.0.1:8976/callback&response_type="
	    "code&scope=boards:read,boards:write,pins:read,pins:write&state="
	    "st-1");
	free(url);
	assert_int_equal(a->exchange(&ctx, &p, "the code", &out, &err), 0);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].method, "POST");
	assert_string_equal(out.v[0].url,
	    "https://api.pinterest.com/v5/oauth/token");
	assert_string_equal(out.v[0].headers[0].value,
	    "Basic Y2lkOnNlY3JldA==");
	assert_true(out.v[0].headers[0].secret);
	assert_string_equal(out.v[0].body, "grant_type=authorization_code&"
	    "code=the%20code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2F"
	    "callback");
	request_list_free(&out);
	/* a code_verifier goes with the code when there is one */
	p.code_verifier = "ver";
	assert_int_equal(a->exchange(&ctx, &p, "c", &out, &err), 0);
	assert_non_null(strstr(out.v[0].body, "&code_verifier=ver"));
	request_list_free(&out);
	/* a refused code is called one */
	memset(&r, 0, sizeof(r));
	r.status = 400;
	r.body = "{\"code\":1,\"message\":\"Invalid authorization code.\"}";
	r.len = strlen(r.body);
	ctx.auth_code = true;
	a->grant_parse(&ctx, &r, &g);
	assert_int_equal(g.state, GRANT_REFUSED);
	assert_string_equal(g.error, "pinterest refused the authorization "
	    "code (400: Invalid authorization code.)");
	token_grant_free(&g);
	ctx.auth_code = false;
	a->grant_parse(&ctx, &r, &g);
	assert_string_equal(g.error, "pinterest refused the refresh token "
	    "(400: Invalid authorization code.)");
	token_grant_free(&g);
}

/* Threads' hooks: the URL, the code's request (the client in the form),
 * the short-lived token's (a GET with the secret in the query), and
 * their answers. */
static void
test_threads_hooks(void **st)
{
	const struct adapter *a = adapter_get(PF_THREADS);
	struct config config;
	struct credentials cr;
	struct adapter_ctx ctx;
	struct auth_params p = { "http://127.0.0.1:8976/callback", "st-1",
		NULL, NULL };
	struct request_list out = { NULL, 0 };
	struct http_response r;
	struct token_grant g, shortg;
	char *url = NULL, *err = NULL;

	(void)st;
	memset(&shortg, 0, sizeof(shortg));
	hooks_setup(PF_THREADS, &config, &cr, &ctx, &p);
	assert_non_null(a->exchange_next);
	CRED(&cr, PF_THREADS, client_id) = "cid";
	assert_int_equal(a->exchange(&ctx, &p, "c", &out, &err), -1);
	assert_string_equal(err, "no threads.client_secret in the "
	    "credentials (/etc/almanac/credentials.conf)");
	free(err);
	err = NULL;
	shortg.access_token = "short-1";
	assert_int_equal(a->exchange_next(&ctx, &shortg, &out, &err), -1);
	assert_string_equal(err, "no threads.client_secret in the "
	    "credentials (/etc/almanac/credentials.conf)");
	free(err);
	err = NULL;
	assert_int_equal(out.n, 0);
	CRED(&cr, PF_THREADS, client_secret) = "s&cret";
	assert_int_equal(a->authorize(&ctx, &p, &url, &err), 0);
	assert_string_equal(url, "https://threads.com/oauth/authorize?"
	    "client_id=cid&redirect_uri=http://127.0.0.1:8976/callback&"
	    "response_type=code&scope=threads_basic,threads_content_publish&"
	    "state=st-1");
	free(url);
	/* the code: POST {api}/oauth/access_token, no version */
	assert_int_equal(a->exchange(&ctx, &p, "the code", &out, &err), 0);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].method, "POST");
	assert_string_equal(out.v[0].url,
	    "https://graph.threads.net/oauth/access_token");
	assert_int_equal(out.v[0].nheaders, 1);
	assert_string_equal(out.v[0].headers[0].name, "Content-Type");
	assert_string_equal(out.v[0].body, "client_id=cid&client_secret="
	    "s%26cret&grant_type=authorization_code&code=the%20code&"
	    "redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2Fcallback");
	request_list_free(&out);
	/* the short-lived token: GET {api}/access_token */
	assert_int_equal(a->exchange_next(&ctx, &shortg, &out, &err), 0);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].method, "GET");
	assert_string_equal(out.v[0].url, "https://graph.threads.net/"
	    "access_token?grant_type=th_exchange_token&client_secret=s%26cret"
	    "&access_token=short-1");
	assert_null(out.v[0].body);
	assert_int_equal(out.v[0].nheaders, 0);
	request_list_free(&out);
	/* the code's answer: a short-lived token, no expiry */
	memset(&r, 0, sizeof(r));
	r.status = 200;
	r.body = "{\"access_token\":\"short-2\",\"user_id\":6006}";
	r.len = strlen(r.body);
	ctx.auth_code = true;
	a->grant_parse(&ctx, &r, &g);
	assert_int_equal(g.state, GRANT_OK);
	assert_string_equal(g.access_token, "short-2");
	assert_null(g.refresh_token);
	assert_true(g.expires_in == 0);
	token_grant_free(&g);
	/* a refused code, in Graph's words or the older shape's */
	r.status = 400;
	r.body = "{\"error\":{\"message\":\"Error validating verification "
	    "code.\",\"type\":\"OAuthException\",\"code\":100}}";
	r.len = strlen(r.body);
	a->grant_parse(&ctx, &r, &g);
	assert_int_equal(g.state, GRANT_REFUSED);
	assert_string_equal(g.error, "threads refused the authorization code "
	    "(400: Error validating verification code. (code 100))");
	token_grant_free(&g);
	r.body = "{\"error_type\":\"OAuthException\",\"code\":400,"
	    "\"error_message\":\"Invalid redirect_uri\"}";
	r.len = strlen(r.body);
	a->grant_parse(&ctx, &r, &g);
	assert_int_equal(g.state, GRANT_REFUSED);
	assert_string_equal(g.error, "threads refused the authorization code "
	    "(400: Invalid redirect_uri)");
	token_grant_free(&g);
	/* the long-lived token's answer, with its 60 days */
	ctx.auth_code = false;
	r.status = 200;
	r.body = "{\"access_token\":\"long-1\",\"token_type\":\"bearer\","
	    "\"expires_in\":5183944}";
	r.len = strlen(r.body);
	a->grant_parse(&ctx, &r, &g);
	assert_int_equal(g.state, GRANT_OK);
	assert_string_equal(g.access_token, "long-1");
	assert_true(g.expires_in == 5183944);
	token_grant_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64url),
		cmocka_unit_test(test_challenge),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_read_line),
		cmocka_unit_test(test_pinterest_hooks),
		cmocka_unit_test(test_threads_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
