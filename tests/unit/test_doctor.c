/*
 * Tests of doctor: each adapter's whoami requests and the reading of their
 * answers on responses made by hand, the LinkedIn-Version's age, the exit
 * code, and whole runs that need no platform (folders, credentials) or
 * find none listening.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "doctor.h"
#include "http.h"
#include "oauth1.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "xalloc.h"
#include "pconf.h"

#include "fixture.h"

/* What one test uses; reset before each test. */
struct fixture {
	struct config config;
	struct credentials cred;
	struct adapter_ctx ctx;
	struct http_response r;
	struct token_check t;
	struct request_list rl;
	char *err;
	char *dir;
};

static struct fixture fx;

/* Every platform's credentials, as the credentials file gives them. */
static int
setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	PSET(&fx.config.platforms[PF_LINKEDIN], "author") = "urn:li:organization:123";
	PSET(&fx.config.platforms[PF_FACEBOOK], "page_id") = "1001";
	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = "2002";
	fx.cred.source = "/etc/almanac/credentials.conf";
	CRED(&fx.cred, PF_TWITTER, consumer_key) = "ck";
	CRED(&fx.cred, PF_TWITTER, consumer_secret) = "cs";
	CRED(&fx.cred, PF_TWITTER, access_token) = "1-at";
	CRED(&fx.cred, PF_TWITTER, access_token_secret) = "ats";
	CRED(&fx.cred, PF_LINKEDIN, access_token) = "li-token";
	CRED(&fx.cred, PF_FACEBOOK, access_token) = "fb/token+1";
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = "ig-token";
	CRED(&fx.cred, PF_PINTEREST, access_token) = "pin-token";
	fx.ctx.config = &fx.config;
	fx.ctx.cred = &fx.cred;
	fx.ctx.now = 1794474000LL;
	fx.r.body = "";
	fx.r.retry_after = -1;
	return 0;
}

/* Frees what a test made. */
static int
teardown(void **state)
{
	token_check_free(&fx.t);
	request_list_free(&fx.rl);
	free(fx.err);
	return 0;
}

/* The context of platform id. */
static const struct adapter *
use(enum platform_id id)
{
	fx.ctx.pc = &fx.config.platforms[id];
	return adapter_get(id);
}

/* An HTTP answer with status and body. */
static void
answer(long status, const char *body)
{
	memset(&fx.r, 0, sizeof(fx.r));
	fx.r.status = status;
	fx.r.body = (char *)(uintptr_t)body;
	fx.r.len = strlen(body);
	fx.r.retry_after = -1;
	fx.r.error = HTTP_OK;
	fx.r.sent = true;
}

/* A transfer that ended without an HTTP answer. */
static void
transport(enum http_error e, const char *text)
{
	answer(0, "");
	fx.r.error = e;
	fx.r.error_text = (char *)(uintptr_t)text;
	fx.r.sent = false;
}

/* Reads the answer as request i of platform id's whoami. */
static void
parse(enum platform_id id, size_t i)
{
	const struct adapter *a = use(id);

	a->whoami_parse(&fx.ctx, i, &fx.r, &fx.t);
}

/* Builds platform id's whoami requests, which must succeed. */
static void
build(enum platform_id id)
{
	const struct adapter *a = use(id);

	request_list_free(&fx.rl);
	assert_non_null(a->whoami);
	assert_int_equal(a->whoami(&fx.ctx, &fx.rl, &fx.err), 0);
	assert_null(fx.err);
}

/* Request i is a GET of url with only the secret Authorization header,
 * whose value is returned. */
static const char *
expect_get(size_t i, const char *url)
{
	const struct request *r;

	assert_true(i < fx.rl.n);
	r = &fx.rl.v[i];
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->url, url);
	assert_null(r->body);
	assert_int_equal(r->nheaders, 1);
	assert_string_equal(r->headers[0].name, "Authorization");
	assert_true(r->headers[0].secret);
	return r->headers[0].value;
}

/* The value of key="..." in an OAuth header, allocated. */
static char *
oauth_param(const char *h, const char *key)
{
	char *k = xasprintf("%s=\"", key), *p = strstr(h, k), *e;

	assert_non_null(p);
	p += strlen(k);
	e = strchr(p, '"');
	assert_non_null(e);
	free(k);
	return xstrndup(p, (size_t)(e - p));
}

static void
test_requests(void **state)
{
	struct oauth1_keys k = { "ck", "cs", "1-at", "ats" };
	const char *h;
	char *nonce, *want;

	build(PF_TWITTER);
	assert_int_equal(fx.rl.n, 1);
	h = expect_get(0, "https://api.x.com/2/users/me");
	/* Signed as a GET, with the time of ctx and the nonce it chose. */
	nonce = oauth_param(h, "oauth_nonce");
	want = oauth1_header("GET", "https://api.x.com/2/users/me", NULL, 0,
	    &k, nonce, fx.ctx.now);
	assert_string_equal(h, want);
	free(want);
	free(nonce);

	build(PF_LINKEDIN);
	assert_int_equal(fx.rl.n, 2);
	assert_string_equal(expect_get(0,
	    "https://api.linkedin.com/v2/userinfo"), "Bearer li-token");
	/* versioned, as a post is: a retired version shows */
	assert_string_equal(fx.rl.v[1].method, "GET");
	assert_string_equal(fx.rl.v[1].url, "https://api.linkedin.com/rest/"
	    "posts?q=author&author=urn%3Ali%3Aorganization%3A123&count=1");
	assert_null(fx.rl.v[1].body);
	assert_int_equal(fx.rl.v[1].nheaders, 3);
	assert_string_equal(fx.rl.v[1].headers[0].value, "Bearer li-token");
	assert_string_equal(fx.rl.v[1].headers[1].name, "LinkedIn-Version");
	assert_string_equal(fx.rl.v[1].headers[1].value, "202610");
	assert_string_equal(fx.rl.v[1].headers[2].name,
	    "X-Restli-Protocol-Version");

	build(PF_FACEBOOK);
	assert_int_equal(fx.rl.n, 2);
	assert_string_equal(expect_get(0,
	    "https://graph.facebook.com/v24.0/me?fields=id,name"),
	    "Bearer fb/token+1");
	assert_string_equal(expect_get(1, "https://graph.facebook.com/v24.0/"
	    "debug_token?input_token=fb%2Ftoken%2B1"), "Bearer fb/token+1");

	PSET(&fx.config.platforms[PF_INSTAGRAM], "graph_version") = "v23.0";
	build(PF_INSTAGRAM);
	assert_int_equal(fx.rl.n, 2);
	assert_string_equal(expect_get(0, "https://graph.facebook.com/v23.0/"
	    "2002?fields=id,username"), "Bearer ig-token");
	assert_string_equal(expect_get(1, "https://graph.facebook.com/v23.0/"
	    "debug_token?input_token=ig-token"), "Bearer ig-token");

	fx.config.platforms[PF_PINTEREST].api = "http://127.0.0.1:8080/";
	build(PF_PINTEREST);
	assert_int_equal(fx.rl.n, 1);
	assert_string_equal(expect_get(0,
	    "http://127.0.0.1:8080/v5/user_account"), "Bearer pin-token");

	assert_null(adapter_get(PF_FEED)->whoami);
	assert_null(adapter_get(PF_FEED)->whoami_parse);
}

/* whoami of id fails with message want. */
static void
expect_build_error(enum platform_id id, const char *want)
{
	const struct adapter *a = use(id);

	request_list_free(&fx.rl);
	free(fx.err);
	fx.err = NULL;
	assert_int_equal(a->whoami(&fx.ctx, &fx.rl, &fx.err), -1);
	assert_non_null(fx.err);
	assert_string_equal(fx.err, want);
	assert_int_equal(fx.rl.n, 0);
}

static void
test_requests_missing(void **state)
{
	CRED(&fx.cred, PF_TWITTER, access_token_secret) = NULL;
	expect_build_error(PF_TWITTER, "no twitter.access_token_secret in "
	    "the credentials (/etc/almanac/credentials.conf)");
	CRED(&fx.cred, PF_FACEBOOK, access_token) = "";
	expect_build_error(PF_FACEBOOK, "no facebook.access_token in the "
	    "credentials (/etc/almanac/credentials.conf)");
	PSET(&fx.config.platforms[PF_LINKEDIN], "author") = "someone";
	expect_build_error(PF_LINKEDIN, "platforms.linkedin.author "
	    "\"someone\" is not \"urn:li:person:ID\" or "
	    "\"urn:li:organization:ID\"");
	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = NULL;
	expect_build_error(PF_INSTAGRAM, "no user_id for instagram: set "
	    "platforms.instagram.user_id");
	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = "2002";
	PSET(&fx.config.platforms[PF_INSTAGRAM], "graph_version") = "24";
	expect_build_error(PF_INSTAGRAM, "platforms.instagram.graph_version "
	    "\"24\" is not a Graph API version such as \"v24.0\"");
	CRED(&fx.cred, PF_PINTEREST, access_token) = NULL;
	expect_build_error(PF_PINTEREST, "no pinterest.access_token in the "
	    "credentials (/etc/almanac/credentials.conf)");
}

/* The state and the who or error text of the token check. */
static void
expect(enum token_state st, const char *text)
{
	assert_int_equal(fx.t.state, st);
	if (st == TOKEN_OK)
		assert_string_equal(fx.t.who, text);
	else
		assert_string_equal(fx.t.error, text);
}

/* Reads body with status as request i of id into a fresh check. */
static void
read_answer(enum platform_id id, size_t i, long status, const char *body)
{
	token_check_free(&fx.t);
	answer(status, body);
	parse(id, i);
}

static void
test_accepted(void **state)
{
	read_answer(PF_TWITTER, 0, 200, "{\"data\":{\"id\":\"12\",\"name\":"
	    "\"Fake User\",\"username\":\"fakeuser\"}}");
	expect(TOKEN_OK, "@fakeuser (Fake User)");
	assert_false(fx.t.expiry_known);
	assert_null(fx.t.warning);

	read_answer(PF_LINKEDIN, 0, 200, "{\"sub\":\"aB-1\",\"name\":\"Fake "
	    "\\n Member\"}");
	expect(TOKEN_OK, "Fake Member (urn:li:person:aB-1)");
	assert_null(fx.t.warning);
	/* A member author must be the token's member. */
	PSET(&fx.config.platforms[PF_LINKEDIN], "author") = "urn:li:person:xY";
	read_answer(PF_LINKEDIN, 0, 200, "{\"sub\":\"aB-1\"}");
	expect(TOKEN_OK, "urn:li:person:aB-1");
	assert_string_equal(fx.t.warning, "the token is urn:li:person:aB-1's, "
	    "but platforms.linkedin.author is urn:li:person:xY");
	PSET(&fx.config.platforms[PF_LINKEDIN], "author") = "urn:li:person:aB-1";
	read_answer(PF_LINKEDIN, 0, 200, "{\"sub\":\"aB-1\"}");
	assert_null(fx.t.warning);

	read_answer(PF_FACEBOOK, 0, 200, "{\"id\":\"1001\",\"name\":\"Page\"}");
	expect(TOKEN_OK, "Page (1001)");
	assert_null(fx.t.warning);
	read_answer(PF_FACEBOOK, 0, 200, "{\"id\":\"5005\",\"name\":\"Ann\"}");
	expect(TOKEN_OK, "Ann (5005)");
	assert_string_equal(fx.t.warning, "the token is not page 1001's "
	    "(platforms.facebook.page_id) but 5005's: posting as the page "
	    "needs the page's own token");

	read_answer(PF_INSTAGRAM, 0, 200, "{\"id\":\"2002\",\"username\":"
	    "\"almanac.test\"}");
	expect(TOKEN_OK, "@almanac.test (2002)");

	read_answer(PF_PINTEREST, 0, 200, "{\"username\":\"almanac-test\","
	    "\"account_type\":\"BUSINESS\",\"id\":\"4\"}");
	expect(TOKEN_OK, "@almanac-test (BUSINESS)");
	read_answer(PF_PINTEREST, 0, 200, "{\"username\":\"solo\"}");
	expect(TOKEN_OK, "@solo");
}

static void
test_unreadable(void **state)
{
	read_answer(PF_TWITTER, 0, 200, "{\"data\":{\"id\":\"12\"}}");
	expect(TOKEN_ERROR, "twitter answered 200 but the body could not be "
	    "read");
	read_answer(PF_LINKEDIN, 0, 200, "<html>");
	expect(TOKEN_ERROR, "linkedin answered 200 but the body could not be "
	    "read");
	read_answer(PF_LINKEDIN, 0, 200, "{\"sub\":\"a b\"}");
	expect(TOKEN_ERROR, "linkedin answered 200 but the body could not be "
	    "read");
	read_answer(PF_FACEBOOK, 0, 200, "{\"name\":\"no id\"}");
	expect(TOKEN_ERROR, "facebook answered 200 but the body could not be "
	    "read");
	read_answer(PF_INSTAGRAM, 0, 200, "{\"id\":\"2002\",\"username\":\" "
	    "\"}");
	expect(TOKEN_ERROR, "instagram answered 200 but the body could not be "
	    "read");
	read_answer(PF_PINTEREST, 0, 204, "");
	expect(TOKEN_ERROR, "pinterest answered 204 but the body could not be "
	    "read");
}

static void
test_refused(void **state)
{
	read_answer(PF_TWITTER, 0, 401, "{\"title\":\"Unauthorized\","
	    "\"detail\":\"Unauthorized\",\"status\":401}");
	expect(TOKEN_REFUSED, "the token was refused (Unauthorized); renew "
	    "it");
	read_answer(PF_LINKEDIN, 0, 401, "{\"status\":401,\"serviceErrorCode\":"
	    "65601,\"code\":\"REVOKED_ACCESS_TOKEN\",\"message\":\"The token "
	    "used in the request has been revoked by the user\"}");
	expect(TOKEN_REFUSED, "the token was refused (The token used in the "
	    "request has been revoked by the user); renew it");
	read_answer(PF_PINTEREST, 0, 401, "");
	expect(TOKEN_REFUSED, "the token was refused; renew it");
	/* LinkedIn's versioned request: 426 is a retired version, whatever
	 * userinfo says; any other answer leaves the token to userinfo */
	read_answer(PF_LINKEDIN, 1, 426, "{\"status\":426,\"code\":"
	    "\"NONEXISTENT_VERSION\",\"message\":\"Requested version 202610 "
	    "is not active\"}");
	answer(200, "{\"sub\":\"aB-1\"}");
	parse(PF_LINKEDIN, 0);
	expect(TOKEN_ERROR, "LinkedIn-Version 202610 is retired: LinkedIn "
	    "answered 426: Requested version 202610 is not active; set "
	    "platforms.linkedin.version to a recent one");
	read_answer(PF_LINKEDIN, 1, 403, "{\"status\":403}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_null(fx.t.warning);
	read_answer(PF_LINKEDIN, 1, 200, "{\"elements\":[]}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	token_check_free(&fx.t);
	transport(HTTP_E_CONNECT, "Connection refused");
	parse(PF_LINKEDIN, 1);
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_string_equal(fx.t.warning, "LinkedIn-Version 202610 could not "
	    "be checked: no answer to GET /rest/posts (Connection refused)");
	/* Graph refuses with 400 and code 190 (or 102). */
	read_answer(PF_FACEBOOK, 0, 400, "{\"error\":{\"message\":\"Error "
	    "validating access token: Session has expired.\",\"type\":"
	    "\"OAuthException\",\"code\":190,\"error_subcode\":463}}");
	expect(TOKEN_REFUSED, "the token was refused (Error validating access "
	    "token: Session has expired. (code 190, subcode 463)); renew it");
	read_answer(PF_INSTAGRAM, 0, 400, "{\"error\":{\"message\":\"Session "
	    "invalid\",\"code\":102}}");
	expect(TOKEN_REFUSED, "the token was refused (Session invalid (code "
	    "102)); renew it");
	read_answer(PF_INSTAGRAM, 0, 400, "{\"error\":{\"message\":"
	    "\"Unsupported get request.\",\"code\":100}}");
	expect(TOKEN_ERROR, "instagram answered 400: Unsupported get request. "
	    "(code 100)");
}

static void
test_other_statuses(void **state)
{
	/* 403: a missing scope where whose it is needs one of its own. */
	read_answer(PF_LINKEDIN, 0, 403, "{\"serviceErrorCode\":100,"
	    "\"message\":\"Not enough permissions to access: GET /userinfo\","
	    "\"status\":403}");
	expect(TOKEN_UNNAMED, "the token was accepted, but whose it is cannot "
	    "be read without the openid and profile scopes (403: Not enough "
	    "permissions to access: GET /userinfo)");
	read_answer(PF_PINTEREST, 0, 403, "{}");
	expect(TOKEN_UNNAMED, "the token was accepted, but whose it is cannot "
	    "be read without the user_accounts:read scope (403)");
	read_answer(PF_TWITTER, 0, 403, "{\"detail\":\"client-not-enrolled\"}");
	expect(TOKEN_ERROR, "twitter answered 403: client-not-enrolled");
	read_answer(PF_TWITTER, 0, 429, "{\"title\":\"Too Many Requests\"}");
	expect(TOKEN_ERROR, "twitter is rate limiting (429): Too Many "
	    "Requests; try again later");
	read_answer(PF_PINTEREST, 0, 500, "{\"code\":0,\"message\":\"oops\"}");
	expect(TOKEN_ERROR, "pinterest answered 500: oops");
	read_answer(PF_LINKEDIN, 0, 302, "");
	expect(TOKEN_ERROR, "linkedin answered 302");
}

static void
test_transport(void **state)
{
	token_check_free(&fx.t);
	transport(HTTP_E_CONNECT, "Failed to connect to api.x.com port 443");
	parse(PF_TWITTER, 0);
	expect(TOKEN_UNREACHABLE, "cannot reach https://api.x.com: Failed to "
	    "connect to api.x.com port 443");

	/* Only the base of the API is named: debug_token's query holds the
	 * token. */
	token_check_free(&fx.t);
	transport(HTTP_E_TIMEOUT, NULL);
	parse(PF_FACEBOOK, 0);
	parse(PF_FACEBOOK, 1);
	expect(TOKEN_UNREACHABLE, "cannot reach https://graph.facebook.com: "
	    "timed out");
	assert_string_equal(fx.t.expiry_error, "debug_token had no answer");

	token_check_free(&fx.t);
	fx.config.platforms[PF_PINTEREST].api = "https://127.0.0.1:4443";
	transport(HTTP_E_TLS, "SSL certificate problem: self-signed "
	    "certificate");
	parse(PF_PINTEREST, 0);
	expect(TOKEN_UNREACHABLE, "cannot reach https://127.0.0.1:4443: its "
	    "TLS certificate was not accepted: SSL certificate problem: "
	    "self-signed certificate");

	token_check_free(&fx.t);
	transport(HTTP_E_REFUSED_URL, "http:// URLs are not allowed; use "
	    "https://");
	parse(PF_LINKEDIN, 0);
	expect(TOKEN_ERROR, "the URL https://api.linkedin.com is not allowed: "
	    "http:// URLs are not allowed; use https://");
}

static void
test_debug_token(void **state)
{
	read_answer(PF_FACEBOOK, 1, 200, "{\"data\":{\"is_valid\":true,"
	    "\"expires_at\":0,\"type\":\"PAGE\"}}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_true(fx.t.expiry_known);
	assert_int_equal(fx.t.expires_at, 0);
	assert_null(fx.t.expiry_error);

	read_answer(PF_INSTAGRAM, 1, 200, "{\"data\":{\"is_valid\":true,"
	    "\"expires_at\":4102444800,\"data_access_expires_at\":"
	    "4110000000}}");
	assert_true(fx.t.expiry_known);
	assert_int_equal(fx.t.expires_at, 4102444800LL);
	assert_string_equal(fx.t.expiry_field, "expires_at");

	/* Data access that ends first is what counts, also for a token
	 * that never expires. */
	read_answer(PF_FACEBOOK, 1, 200, "{\"data\":{\"is_valid\":true,"
	    "\"expires_at\":0,\"data_access_expires_at\":1800000000}}");
	assert_int_equal(fx.t.expires_at, 1800000000LL);
	assert_string_equal(fx.t.expiry_field, "data_access_expires_at");

	read_answer(PF_FACEBOOK, 1, 200, "{\"data\":{\"is_valid\":true}}");
	assert_false(fx.t.expiry_known);
	assert_string_equal(fx.t.expiry_error, "debug_token did not say when "
	    "the token expires");
	read_answer(PF_FACEBOOK, 1, 200, "{\"data\":{\"is_valid\":true,"
	    "\"expires_at\":-5}}");
	assert_false(fx.t.expiry_known);
	read_answer(PF_FACEBOOK, 1, 200, "{\"data\":[]}");
	assert_false(fx.t.expiry_known);
	assert_string_equal(fx.t.expiry_error, "debug_token answered 200 but "
	    "the body could not be read");
	read_answer(PF_FACEBOOK, 1, 400, "{\"error\":{\"message\":\"(#100) You "
	    "must provide an app access token\",\"code\":100}}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_string_equal(fx.t.expiry_error, "debug_token answered 400: "
	    "(#100) You must provide an app access token (code 100)");
}

/* LinkedIn, with the app's client: POST {oauth}/oauth/v2/introspectToken,
 * the token and the client in the form; its answer says when the token
 * ends, or that it is no longer active. */
static void
test_introspect(void **state)
{
	const struct request *r;

	CRED(&fx.cred, PF_LINKEDIN, client_id) = "li-client";
	CRED(&fx.cred, PF_LINKEDIN, client_secret) = "li secret&";
	PSET(&fx.config.platforms[PF_LINKEDIN], "oauth") =
	    "https://127.0.0.1:4443/";
	build(PF_LINKEDIN);
	assert_int_equal(fx.rl.n, 3);
	r = &fx.rl.v[2];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url,
	    "https://127.0.0.1:4443/oauth/v2/introspectToken");
	assert_string_equal(r->body, "token=li-token&client_id=li-client&"
	    "client_secret=li%20secret%26");
	assert_int_equal(r->nheaders, 1);
	assert_string_equal(r->headers[0].name, "Content-Type");
	assert_string_equal(r->headers[0].value,
	    "application/x-www-form-urlencoded");

	read_answer(PF_LINKEDIN, 2, 200, "{\"active\":true,\"status\":"
	    "\"active\",\"expires_at\":1767225600,\"scope\":\"x\"}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_true(fx.t.expiry_known);
	assert_int_equal(fx.t.expires_at, 1767225600LL);
	assert_string_equal(fx.t.expiry_field, "expires_at");
	assert_string_equal(fx.t.expiry_source, "introspectToken");

	read_answer(PF_LINKEDIN, 2, 200, "{\"active\":false,\"status\":"
	    "\"expired\",\"expires_at\":1767225600}");
	expect(TOKEN_REFUSED, "the token has expired (LinkedIn's "
	    "introspectToken says so); renew it");
	assert_false(fx.t.expiry_known);
	read_answer(PF_LINKEDIN, 2, 200, "{\"active\":false,\"status\":"
	    "\"revoked\"}");
	expect(TOKEN_REFUSED, "the token was revoked (LinkedIn's "
	    "introspectToken says so); authorize almanac again");
	read_answer(PF_LINKEDIN, 2, 200, "{\"active\":false}");
	expect(TOKEN_REFUSED, "the token is no longer active (LinkedIn's "
	    "introspectToken says so); renew it");

	read_answer(PF_LINKEDIN, 2, 200, "{\"active\":true}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_string_equal(fx.t.expiry_error, "introspectToken did not say "
	    "when the token expires");
	read_answer(PF_LINKEDIN, 2, 200, "{\"status\":\"active\"}");
	assert_string_equal(fx.t.expiry_error, "introspectToken answered 200 "
	    "but the body could not be read");
	read_answer(PF_LINKEDIN, 2, 401, "{\"error\":\"invalid_client\","
	    "\"error_description\":\"Client authentication failed\"}");
	assert_int_equal(fx.t.state, TOKEN_UNCHECKED);
	assert_string_equal(fx.t.expiry_error, "introspectToken answered 401: "
	    "Client authentication failed");
	token_check_free(&fx.t);
	transport(HTTP_E_TIMEOUT, NULL);
	parse(PF_LINKEDIN, 2);
	assert_string_equal(fx.t.expiry_error, "introspectToken had no "
	    "answer");

	/* Without the client secret, not asked. */
	CRED(&fx.cred, PF_LINKEDIN, client_secret) = NULL;
	build(PF_LINKEDIN);
	assert_int_equal(fx.rl.n, 2);
}

/* Answers come in any order: a token debug_token calls invalid stays
 * refused whatever "me" says, before or after. */
static void
test_merge(void **state)
{
	static const char invalid[] = "{\"data\":{\"is_valid\":false,\"error\":"
	    "{\"code\":190,\"message\":\"Session has expired\"}}}";
	static const char me[] = "{\"id\":\"1001\",\"name\":\"Page\"}";
	static const char refused[] = "the token was refused (debug_token "
	    "says it is not valid: Session has expired (code 190)); renew it";

	read_answer(PF_FACEBOOK, 1, 200, invalid);
	answer(200, me);
	parse(PF_FACEBOOK, 0);
	expect(TOKEN_REFUSED, refused);
	assert_null(fx.t.who);

	read_answer(PF_FACEBOOK, 0, 200, me);
	answer(200, invalid);
	parse(PF_FACEBOOK, 1);
	expect(TOKEN_REFUSED, refused);
	assert_false(fx.t.expiry_known);

	/* An unreachable "me" is not hidden by a good debug_token. */
	token_check_free(&fx.t);
	transport(HTTP_E_CONNECT, "refused");
	parse(PF_INSTAGRAM, 0);
	answer(200, "{\"data\":{\"is_valid\":true,\"expires_at\":0}}");
	parse(PF_INSTAGRAM, 1);
	expect(TOKEN_UNREACHABLE, "cannot reach https://graph.facebook.com: "
	    "refused");
}

static void
test_version_age(void **state)
{
	struct ymd nov = { 2026, 11, 12 }, jan = { 2027, 1, 1 };
	int m = -99;

	assert_true(linkedin_version_age("202501", nov, &m));
	assert_int_equal(m, 22);
	assert_true(linkedin_version_age("202611", nov, &m));
	assert_int_equal(m, 0);
	assert_true(linkedin_version_age("202612", nov, &m));
	assert_int_equal(m, -1);
	assert_true(linkedin_version_age("202602", jan, &m));
	assert_int_equal(m, 11);
	m = -99;
	assert_false(linkedin_version_age("20251", nov, &m));
	assert_false(linkedin_version_age("2025011", nov, &m));
	assert_false(linkedin_version_age("202513", nov, &m));
	assert_false(linkedin_version_age("202500", nov, &m));
	assert_false(linkedin_version_age("2025-1", nov, &m));
	assert_false(linkedin_version_age("", nov, &m));
	assert_int_equal(m, -99);
}

static void
test_exit_code(void **state)
{
	struct doctor_line v[3];
	struct doctor_report r = { v, 0, { 0 } };

	memset(v, 0, sizeof(v));
	assert_int_equal(doctor_exit_code(&r), EXIT_OK);
	v[0].level = DOCTOR_WARN;
	v[1].level = DOCTOR_INFO;
	r.n = 2;
	assert_int_equal(doctor_exit_code(&r), EXIT_OK);
	v[1].level = DOCTOR_FAIL;
	assert_int_equal(doctor_exit_code(&r), EXIT_FAIL);
	v[2].level = DOCTOR_FAIL;
	v[2].config = true;
	r.n = 3;
	assert_int_equal(doctor_exit_code(&r), EXIT_CONFIG);
	assert_string_equal(doctor_level_name(DOCTOR_OK), "ok");
	assert_string_equal(doctor_level_name(DOCTOR_INFO), "info");
	assert_string_equal(doctor_level_name(DOCTOR_WARN), "warn");
	assert_string_equal(doctor_level_name(DOCTOR_FAIL), "FAIL");
}

/* The report's line n is level, subject: text (printf-style). */
static void __attribute__((format(printf, 5, 6)))
expect_line(const struct doctor_report *r, size_t n, enum doctor_level level,
    const char *subject, const char *fmt, ...)
{
	va_list ap;
	char *want;

	va_start(ap, fmt);
	want = xvasprintf(fmt, ap);
	va_end(ap);
	assert_true(n < r->n);
	assert_string_equal(r->v[n].subject, subject);
	assert_string_equal(r->v[n].text, want);
	assert_int_equal(r->v[n].level, level);
	free(want);
}

/* An app whose folders are under fx.dir, with the feed enabled. */
static void
make_app(struct app *app)
{
	struct config *c = &app->cfg;
	char *p;

	memset(app, 0, sizeof(*app));
	fx.dir = fixture_tmpdir("doctor");
	p = xasprintf("%s/posts", fx.dir);
	assert_int_equal(mkdir(p, 0700), 0);
	c->posts_dir = p;
	c->state_dir = xasprintf("%s/var", fx.dir);
	c->platforms[PF_FEED].enabled = true;
	PSET(&c->platforms[PF_FEED], "path") = xasprintf("%s/var/feed.atom", fx.dir);
	c->http.timeout = 5;
	c->http.connect_timeout = 2;
	c->http.max_parallel = 8;
	app->config_path = "almanac.conf";
	app->today = (struct ymd){ 2026, 11, 12 };
	app->now = 1794484800;	/* 2026-11-12T12:00:00Z */
}

/* Frees make_app's strings and removes fx.dir. */
static void
free_app(struct app *app)
{
	fixture_rmtree(fx.dir);
	free(fx.dir);
	fx.dir = NULL;
	free(app->cfg.posts_dir);
	free(app->cfg.state_dir);
	free(PSET(&app->cfg.platforms[PF_FEED], "path"));
	free(app->cfg.credentials);
}

static void
test_run_feed_only(void **state)
{
	struct doctor_report r;
	struct app app;

	unsetenv("CREDENTIALS_DIRECTORY");
	make_app(&app);
	doctor_run(&app, 0, &r);
	assert_int_equal(r.n, 5);
	expect_line(&r, 0, DOCTOR_OK, "config", "almanac.conf");
	expect_line(&r, 1, DOCTOR_OK, "posts_dir", "%s/posts can be read",
	    fx.dir);
	expect_line(&r, 2, DOCTOR_OK, "state_dir", "%s/var does not exist "
	    "yet; the first run makes it", fx.dir);
	expect_line(&r, 3, DOCTOR_INFO, "credentials", "not needed: no "
	    "enabled platform sends anything");
	/* The LinkedIn-Version is checked only for an enabled linkedin. */
	expect_line(&r, 4, DOCTOR_OK, "feed", "%s/var/feed.atom can be "
	    "written (its folder is state_dir, which the first run makes)",
	    fx.dir);
	assert_int_equal(r.count[DOCTOR_OK], 4);
	assert_int_equal(r.count[DOCTOR_INFO], 1);
	assert_int_equal(doctor_exit_code(&r), EXIT_OK);
	doctor_report_free(&r);

	/* Asked only for a platform that is not enabled. */
	doctor_run(&app, 1u << PF_TWITTER, &r);
	expect_line(&r, 1, DOCTOR_WARN, "config", "none of the platforms "
	    "asked for is enabled");
	assert_int_equal(doctor_exit_code(&r), EXIT_OK);
	doctor_report_free(&r);
	free_app(&app);
}

static void
test_run_without_credentials(void **state)
{
	struct doctor_report r;
	struct app app;

	unsetenv("CREDENTIALS_DIRECTORY");
	make_app(&app);
	app.cfg.platforms[PF_LINKEDIN].enabled = true;
	PSET(&app.cfg.platforms[PF_LINKEDIN], "author") = "urn:li:organization:1";
	PSET(&app.cfg.platforms[PF_LINKEDIN], "version") = "202501";
	doctor_run(&app, 0, &r);
	expect_line(&r, 3, DOCTOR_FAIL, "credentials", "none: set "
	    "\"credentials\" in almanac.conf or run under systemd with "
	    "LoadCredential=almanac:FILE");
	assert_true(r.v[3].config);
	expect_line(&r, 4, DOCTOR_FAIL, "linkedin", "not asked: no usable "
	    "credentials");
	expect_line(&r, 5, DOCTOR_WARN, "linkedin", "LinkedIn-Version 202501 "
	    "is 22 months old; versions are retired after about a year (set "
	    "platforms.linkedin.version to a recent one)");
	assert_int_equal(doctor_exit_code(&r), EXIT_CONFIG);
	doctor_report_free(&r);
	free_app(&app);
}

static void
test_run_nothing_listening(void **state)
{
	struct doctor_report r;
	struct app app;
	const char *cred = "pinterest = { access_token = \"sekrit\"; };\n";
	size_t i;
	bool seen = false;

	unsetenv("CREDENTIALS_DIRECTORY");
	make_app(&app);
	app.cfg.credentials = xasprintf("%s/cred.conf", fx.dir);
	fixture_write(app.cfg.credentials, cred, strlen(cred), 0600);
	assert_int_equal(mkdir(app.cfg.state_dir, 0700), 0);
	app.cfg.platforms[PF_PINTEREST].enabled = true;
	/* Port 1 on loopback: nothing listens there. */
	app.cfg.platforms[PF_PINTEREST].api = "http://127.0.0.1:1";
	assert_int_equal(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
	doctor_run(&app, 0, &r);
	curl_global_cleanup();
	expect_line(&r, 2, DOCTOR_OK, "state_dir", "%s/var can be written to",
	    fx.dir);
	expect_line(&r, 3, DOCTOR_OK, "credentials", "%s/cred.conf (mode "
	    "0600)", fx.dir);
	assert_string_equal(r.v[4].subject, "pinterest");
	assert_int_equal(r.v[4].level, DOCTOR_FAIL);
	assert_false(r.v[4].config);
	assert_true(strncmp(r.v[4].text, "cannot reach http://127.0.0.1:1: ",
	    33) == 0);
	expect_line(&r, 5, DOCTOR_OK, "feed", "%s/var/feed.atom can be "
	    "written (its folder can be written to)", fx.dir);
	for (i = 0; i < r.n; i++)
		if (strstr(r.v[i].text, "sekrit") != NULL)
			seen = true;
	assert_false(seen);
	assert_int_equal(doctor_exit_code(&r), EXIT_FAIL);
	doctor_report_free(&r);
	free_app(&app);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_requests, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_requests_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accepted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_statuses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_transport, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_debug_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_introspect, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test(test_version_age),
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test_setup_teardown(test_run_feed_only, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_run_without_credentials,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_nothing_listening,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
