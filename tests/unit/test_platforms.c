/* Tests of the adapters: the exact requests each one builds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "http.h"
#include "oauth1.h"
#include "format.h"
#include "platforms.h"
#include "http.h"
#include "platforms/adapter.h"
#include "platforms/atproto.h"
#include "platforms/feed.h"
#include "platforms/mastodon.h"
#include "tokens.h"
#include "xalloc.h"
#include "pconf.h"

#define NOW 1794474000LL	/* 2026-11-12T09:00:00Z */
#define CRED_FILE "/etc/almanac/credentials.conf"
#define TEXT "On this day: \"Trotsky\" \xE2\x80\x94 expelled & more " \
	"\xE2\x98\x83"

/* What one test builds from; reset before each test. */
struct fixture {
	struct post post;
	struct message m;
	struct config config;
	struct credentials cred;
	struct adapter_ctx ctx;
	struct request_list out;
	char *err;
};

static struct fixture fx;

/* A message and config as format and config would give them. */
static int
setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	fx.post.id = "11-12-trotsky";
	fx.post.title = "Trotsky expelled";
	fx.m.post = &fx.post;
	fx.m.day = (struct ymd){ 2026, 11, 12 };
	fx.m.text = TEXT;
	fx.m.link = "https://example.org/1927?a=1&b=2";
	fx.cred.source = CRED_FILE;
	CRED(&fx.cred, PF_TWITTER, consumer_key) = "ck";
	CRED(&fx.cred, PF_TWITTER, consumer_secret) = "cs";
	CRED(&fx.cred, PF_TWITTER, access_token) = "at";
	CRED(&fx.cred, PF_TWITTER, access_token_secret) = "ats";
	CRED(&fx.cred, PF_LINKEDIN, access_token) = "li-token";
	CRED(&fx.cred, PF_FACEBOOK, access_token) = "fb-token";
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = "ig-token";
	CRED(&fx.cred, PF_PINTEREST, access_token) = "pin-token";
	CRED(&fx.cred, PF_MASTODON, access_token) = "ma-token";
	CRED(&fx.cred, PF_THREADS, access_token) = "th-token";
	fx.ctx.config = &fx.config;
	fx.ctx.cred = &fx.cred;
	fx.ctx.now = NOW;
	return 0;
}

/* Frees what a test built. */
static int
teardown(void **state)
{
	request_list_free(&fx.out);
	free(fx.err);
	return 0;
}

/* Builds fx.m for platform id; returns build's result. */
static int
build(enum platform_id id)
{
	const struct adapter *a = adapter_get(id);

	fx.m.platform = id;
	fx.ctx.pc = &fx.config.platforms[id];
	return a->build(&fx.ctx, &fx.m, &fx.out, &fx.err);
}

/* Builds and expects failure with exactly msg. */
static void
assert_build_error(enum platform_id id, const char *msg)
{
	assert_int_equal(build(id), -1);
	assert_non_null(fx.err);
	assert_string_equal(fx.err, msg);
	assert_int_equal(fx.out.n, 0);
	free(fx.err);
	fx.err = NULL;
}

/* Checks header i of r. */
static void
assert_header(const struct request *r, size_t i, const char *name,
    const char *value, bool secret)
{
	assert_true(i < r->nheaders);
	assert_string_equal(r->headers[i].name, name);
	assert_string_equal(r->headers[i].value, value);
	assert_int_equal(r->headers[i].secret, secret);
}

/* Checks that a check's answer e is want, then frees e. */
static void
assert_msg(char *e, const char *want)
{
	assert_non_null(e);
	assert_string_equal(e, want);
	free(e);
}

/* The string member key of o (which must be there). */
static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_non_null(v);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

/* The object member key of o with n members. */
static const cJSON *
jobj(const cJSON *o, const char *key, int n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_non_null(v);
	assert_true(cJSON_IsObject(v));
	assert_int_equal(cJSON_GetArraySize(v), n);
	return v;
}

/* The body parsed as a JSON object with n members. */
static cJSON *
jparse(const char *body, int n)
{
	cJSON *o;

	assert_non_null(body);
	o = cJSON_Parse(body);
	assert_non_null(o);
	assert_true(cJSON_IsObject(o));
	assert_int_equal(cJSON_GetArraySize(o), n);
	return o;
}

/* The table lists each platform with its counter, limit and needs. */
static void
test_table(void **state)
{
	static const struct {
		const char *name, *api;
		enum text_counter counter;
		size_t limit;
		bool image, finish, check;
	} want[PF_COUNT] = {
		[PF_TWITTER] = { "twitter", "https://api.x.com", COUNT_TWITTER,
		    280, false, false, true },
		[PF_LINKEDIN] = { "linkedin", "https://api.linkedin.com",
		    COUNT_CODEPOINTS, 3000, false, true, false },
		[PF_FACEBOOK] = { "facebook", "https://graph.facebook.com",
		    COUNT_CODEPOINTS, 63206, false, false, false },
		[PF_INSTAGRAM] = { "instagram", "https://graph.facebook.com",
		    COUNT_CODEPOINTS, 2200, true, false, true },
		[PF_PINTEREST] = { "pinterest", "https://api.pinterest.com",
		    COUNT_CODEPOINTS, 500, true, false, false },
		[PF_FEED] = { "feed", NULL, COUNT_CODEPOINTS, 0, false, false,
		    false },
		[PF_MASTODON] = { "mastodon", "https://mastodon.example",
		    COUNT_MASTODON, 500, false, false, false },
		[PF_BLUESKY] = { "bluesky", "https://bsky.social",
		    COUNT_GRAPHEMES, 300, false, false, true },
		[PF_THREADS] = { "threads", "https://graph.threads.net",
		    COUNT_THREADS, 500, false, false, true },
	};
	const struct adapter *a;
	int i;

	for (i = 0; i < PF_COUNT; i++) {
		a = adapter_get((size_t)i);
		assert_non_null(a);
		assert_string_equal(a->name, want[i].name);
		assert_int_equal(platform_lookup(a->name), i);
		if (want[i].api == NULL)
			assert_null(a->default_api);
		else
			assert_string_equal(a->default_api, want[i].api);
		assert_int_equal(a->counter, want[i].counter);
		assert_int_equal(a->limit, want[i].limit);
		assert_int_equal(a->needs_image, want[i].image);
		assert_int_equal(a->finish != NULL, want[i].finish);
		assert_int_equal(a->check != NULL, want[i].check);
		/* a sink sends nothing and keeps a file; the others build
		 * requests, read answers and have credentials */
		if (a->sink_entry != NULL) {
			assert_null(a->build);
			assert_null(a->parse);
			assert_null(a->cred_keys);
			assert_non_null(a->sink_write);
			assert_non_null(a->sink_file);
		} else {
			assert_non_null(a->build);
			assert_non_null(a->parse);
			assert_non_null(a->cred_keys);
			assert_null(a->sink_write);
		}
		assert_non_null(a->default_template);
	}
	assert_int_equal(platform_count(), PF_COUNT);
	assert_null(adapter_get(PF_COUNT));
	assert_string_equal(adapter_get(PF_TWITTER)->default_template,
	    "{date}: {title}\n\n{summary}\n\n{url}\n\n{tags}");
	assert_string_equal(adapter_get(PF_FEED)->default_template,
	    "{summary}\n\n{credit}");
	/* links in Instagram captions are not clickable */
	assert_null(strstr(adapter_get(PF_INSTAGRAM)->default_template,
	    "{url}"));
}

/* The base URL: the default, or the config's without trailing slashes. */
static void
test_base(void **state)
{
	struct platform_conf pc;
	char *b;

	memset(&pc, 0, sizeof(pc));
	b = adapter_base(adapter_get(PF_TWITTER), &pc);
	assert_string_equal(b, "https://api.x.com");
	free(b);
	b = adapter_base(adapter_get(PF_LINKEDIN), NULL);
	assert_string_equal(b, "https://api.linkedin.com");
	free(b);
	pc.api = "https://127.0.0.1:8443//";
	b = adapter_base(adapter_get(PF_TWITTER), &pc);
	assert_string_equal(b, "https://127.0.0.1:8443");
	free(b);
	pc.api = NULL;
	assert_null(adapter_base(adapter_get(PF_FEED), &pc));
}

/* request_list_add and request_add_header copy what they are given. */
static void
test_request_list(void **state)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char name[] = "X-A", value[] = "1";

	r = request_list_add(&l, "POST", strdup("https://h/a"));
	request_add_header(r, name, value, false);
	name[0] = value[0] = '?';
	request_add_header(r, "Authorization", "Bearer t", true);
	r = request_list_add(&l, "GET", strdup("https://h/b"));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].method, "POST");
	assert_string_equal(l.v[0].url, "https://h/a");
	assert_int_equal(l.v[0].nheaders, 2);
	assert_header(&l.v[0], 0, "X-A", "1", false);
	assert_header(&l.v[0], 1, "Authorization", "Bearer t", true);
	assert_null(l.v[0].body);
	assert_null(l.v[0].note);
	assert_string_equal(r->method, "GET");
	assert_int_equal(r->nheaders, 0);
	request_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	request_list_free(&l);
}

/* The value of parameter key in an OAuth header (allocated). */
static char *
oauth_param(const char *h, const char *key)
{
	char *pat = NULL;
	const char *p, *e;
	size_t n = strlen(key) + 2;

	pat = malloc(n + 1);
	snprintf(pat, n + 1, "%s=\"", key);
	p = strstr(h, pat);
	free(pat);
	assert_non_null(p);
	p += n;
	e = strchr(p, '"');
	assert_non_null(e);
	return strndup(p, (size_t)(e - p));
}

/* Checks the OAuth header of a POST to url signed with the fixture's
 * keys: recomputed with its own nonce, it must be the same. */
static void
assert_oauth(const char *h, const char *url)
{
	static const struct oauth1_keys k = { "ck", "cs", "at", "ats" };
	char *nonce = oauth_param(h, "oauth_nonce");
	char *ts = oauth_param(h, "oauth_timestamp");
	char *want;

	assert_int_equal(strlen(nonce), 32);
	assert_string_equal(ts, "1794474000");
	want = oauth1_header("POST", url, NULL, 0, &k, nonce, NOW);
	assert_string_equal(h, want);
	free(want);
	free(nonce);
	free(ts);
}

/* X: POST /2/tweets, OAuth 1.0a over the oauth parameters, JSON text. */
static void
test_twitter(void **state)
{
	const struct request *r;
	cJSON *o;

	assert_int_equal(build(PF_TWITTER), 0);
	assert_null(fx.err);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://api.x.com/2/tweets");
	assert_int_equal(r->nheaders, 2);
	assert_string_equal(r->headers[0].name, "Authorization");
	assert_true(r->headers[0].secret);
	assert_true(strncmp(r->headers[0].value,
	    "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"", 44) == 0);
	assert_non_null(strstr(r->headers[0].value, ", oauth_token=\"at\", "
	    "oauth_version=\"1.0\""));
	assert_oauth(r->headers[0].value, "https://api.x.com/2/tweets");
	assert_header(r, 1, "Content-Type", "application/json", false);
	o = jparse(r->body, 1);
	assert_string_equal(jstr(o, "text"), TEXT);
	cJSON_Delete(o);
	assert_null(r->note);
}

/* The api override changes the URL and what is signed. */
static void
test_twitter_api(void **state)
{
	fx.config.platforms[PF_TWITTER].api = "https://127.0.0.1:8443/";
	assert_int_equal(build(PF_TWITTER), 0);
	assert_string_equal(fx.out.v[0].url, "https://127.0.0.1:8443/2/tweets");
	assert_oauth(fx.out.v[0].headers[0].value,
	    "https://127.0.0.1:8443/2/tweets");
}

/* Without credentials (preview) the header says "(redacted)"; with
 * credentials that lack a key, building fails and names it. */
static void
test_twitter_cred(void **state)
{
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_TWITTER), 0);
	assert_header(&fx.out.v[0], 0, "Authorization", "(redacted)", true);
	request_list_free(&fx.out);
	fx.ctx.cred = &fx.cred;
	CRED(&fx.cred, PF_TWITTER, access_token_secret) = NULL;
	assert_build_error(PF_TWITTER, "no twitter.access_token_secret in the "
	    "credentials (" CRED_FILE ")");
	CRED(&fx.cred, PF_TWITTER, consumer_key) = "";
	fx.cred.source = NULL;
	assert_build_error(PF_TWITTER,
	    "no twitter.consumer_key in the credentials");
}

/* LinkedIn: POST /rest/posts with the Posts API body and an article. */
static void
test_linkedin(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_LINKEDIN];
	const struct request *r;
	const cJSON *d, *c, *art, *v;
	cJSON *o;

	PSET(pc, "author") = "urn:li:organization:123456";
	assert_int_equal(build(PF_LINKEDIN), 0);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://api.linkedin.com/rest/posts");
	assert_int_equal(r->nheaders, 4);
	assert_header(r, 0, "Authorization", "Bearer li-token", true);
	assert_header(r, 1, "LinkedIn-Version", "202610", false);
	assert_header(r, 2, "X-Restli-Protocol-Version", "2.0.0", false);
	assert_header(r, 3, "Content-Type", "application/json", false);
	o = jparse(r->body, 7);
	assert_string_equal(jstr(o, "author"), "urn:li:organization:123456");
	assert_string_equal(jstr(o, "commentary"), TEXT);
	assert_string_equal(jstr(o, "visibility"), "PUBLIC");
	d = jobj(o, "distribution", 3);
	assert_string_equal(jstr(d, "feedDistribution"), "MAIN_FEED");
	v = cJSON_GetObjectItemCaseSensitive(d, "targetEntities");
	assert_true(cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0);
	v = cJSON_GetObjectItemCaseSensitive(d,
	    "thirdPartyDistributionChannels");
	assert_true(cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0);
	c = jobj(o, "content", 1);
	art = jobj(c, "article", 2);
	assert_string_equal(jstr(art, "source"), fx.m.link);
	assert_string_equal(jstr(art, "title"), "Trotsky expelled");
	assert_string_equal(jstr(o, "lifecycleState"), "PUBLISHED");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o,
	    "isReshareDisabledByAuthor")));
	cJSON_Delete(o);
}

/* Without a link: no content; the version, api and title as set. */
static void
test_linkedin_options(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_LINKEDIN];
	cJSON *o;

	PSET(pc, "author") = "urn:li:person:abc";
	PSET(pc, "version") = "202601";
	pc->api = "http://127.0.0.1:8080";
	fx.m.link = NULL;
	assert_int_equal(build(PF_LINKEDIN), 0);
	assert_string_equal(fx.out.v[0].url,
	    "http://127.0.0.1:8080/rest/posts");
	assert_header(&fx.out.v[0], 1, "LinkedIn-Version", "202601", false);
	o = jparse(fx.out.v[0].body, 6);
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "content"));
	assert_string_equal(jstr(o, "author"), "urn:li:person:abc");
	cJSON_Delete(o);
	request_list_free(&fx.out);

	fx.m.link = "https://example.org/x";
	fx.m.title = "Own title";
	assert_int_equal(build(PF_LINKEDIN), 0);
	o = jparse(fx.out.v[0].body, 7);
	assert_string_equal(jstr(jobj(jobj(o, "content", 1), "article", 2),
	    "title"), "Own title");
	cJSON_Delete(o);
}

/* Missing or wrong author, bad version, missing token, no credentials. */
/* LinkedIn's renewal: a form POST to {oauth}/oauth/v2/accessToken with
 * the client in the form, once the credentials hold all it needs; the
 * answer read as a grant. */
static void
test_linkedin_refresh(void **state)
{
	const struct adapter *a = adapter_get(PF_LINKEDIN);
	struct http_response resp;
	struct token_grant g;
	const struct request *r;

	fx.ctx.pc = &fx.config.platforms[PF_LINKEDIN];
	CRED(&fx.cred, PF_LINKEDIN, client_id) = "li-client";
	CRED(&fx.cred, PF_LINKEDIN, client_secret) = "li-secret";
	assert_int_equal(a->refresh(&fx.ctx, &fx.out, &fx.err), 1);
	CRED(&fx.cred, PF_LINKEDIN, refresh_token) = "li-refresh/1";
	assert_int_equal(a->refresh(&fx.ctx, &fx.out, &fx.err), 0);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url,
	    "https://www.linkedin.com/oauth/v2/accessToken");
	assert_int_equal(r->nheaders, 1);
	assert_header(r, 0, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	assert_string_equal(r->body, "grant_type=refresh_token&refresh_token="
	    "li-refresh%2F1&client_id=li-client&client_secret=li-secret");

	memset(&resp, 0, sizeof(resp));
	resp.error = HTTP_OK;
	resp.status = 200;
	resp.body = (char *)(uintptr_t)"{\"access_token\":\"AQV\","
	    "\"expires_in\":5184000,\"refresh_token\":\"AQX\","
	    "\"refresh_token_expires_in\":31103999}";
	resp.len = strlen(resp.body);
	a->grant_parse(&fx.ctx, &resp, &g);
	assert_int_equal(g.state, GRANT_OK);
	assert_string_equal(g.access_token, "AQV");
	assert_string_equal(g.refresh_token, "AQX");
	assert_int_equal(g.expires_in, 5184000);
	assert_int_equal(g.refresh_expires_in, 31103999);
	token_grant_free(&g);
	resp.status = 400;
	resp.body = (char *)(uintptr_t)"{\"error\":\"invalid_grant\","
	    "\"error_description\":\"The provided authorization grant or "
	    "refresh token is invalid, expired or revoked\"}";
	resp.len = strlen(resp.body);
	a->grant_parse(&fx.ctx, &resp, &g);
	assert_int_equal(g.state, GRANT_REFUSED);
	assert_string_equal(g.error, "linkedin refused the refresh token (400: "
	    "The provided authorization grant or refresh token is invalid, "
	    "expired or revoked)");
	token_grant_free(&g);
}

static void
test_linkedin_errors(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_LINKEDIN];

	assert_build_error(PF_LINKEDIN, "no author for linkedin: set "
	    "platforms.linkedin.author to \"urn:li:person:ID\" or "
	    "\"urn:li:organization:ID\"");
	PSET(pc, "author") = "123456";
	assert_build_error(PF_LINKEDIN, "platforms.linkedin.author \"123456\" "
	    "is not \"urn:li:person:ID\" or \"urn:li:organization:ID\"");
	PSET(pc, "author") = "urn:li:organization:";
	assert_int_equal(build(PF_LINKEDIN), -1);
	free(fx.err);
	fx.err = NULL;
	PSET(pc, "author") = "urn:li:person:abc";
	PSET(pc, "version") = "202511\r\nX-Evil: 1";
	assert_build_error(PF_LINKEDIN, "platforms.linkedin.version is not a "
	    "LinkedIn-Version \"YYYYMM\" such as \"202610\"");
	PSET(pc, "version") = NULL;
	CRED(&fx.cred, PF_LINKEDIN, access_token) = NULL;
	assert_build_error(PF_LINKEDIN, "no linkedin.access_token in the "
	    "credentials (" CRED_FILE ")");
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_LINKEDIN), 0);
	assert_header(&fx.out.v[0], 0, "Authorization", "(redacted)", true);
}

/* finish escapes the little text format but keeps hashtags (vector D). */
static void
test_linkedin_finish(void **state)
{
	const struct adapter *a = adapter_get(PF_LINKEDIN);
	char *s = a->finish("Apollo 11 (1969) [NASA] *first* a_b ~ <3 @home "
	    "#space \\o/");

	assert_string_equal(s, "Apollo 11 \\(1969\\) \\[NASA\\] \\*first\\* "
	    "a\\_b \\~ \\<3 \\@home #space \\\\o/");
	free(s);
}

/* Facebook: a form-encoded page feed post; the token only in a header. */
static void
test_facebook(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_FACEBOOK];
	const struct request *r;

	PSET(pc, "page_id") = "1234567890";
	assert_int_equal(build(PF_FACEBOOK), 0);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url,
	    "https://graph.facebook.com/v24.0/1234567890/feed");
	assert_int_equal(r->nheaders, 2);
	assert_header(r, 0, "Authorization", "Bearer fb-token", true);
	assert_header(r, 1, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	assert_string_equal(r->body, "message=On%20this%20day%3A%20%22Trotsky"
	    "%22%20%E2%80%94%20expelled%20%26%20more%20%E2%98%83&link=https%3A"
	    "%2F%2Fexample.org%2F1927%3Fa%3D1%26b%3D2");
	assert_null(strstr(r->body, "token"));
	request_list_free(&fx.out);

	PSET(pc, "graph_version") = "v23.0";
	pc->api = "https://127.0.0.1:8443";
	fx.m.link = NULL;
	fx.m.text = "a b";
	assert_int_equal(build(PF_FACEBOOK), 0);
	assert_string_equal(fx.out.v[0].url,
	    "https://127.0.0.1:8443/v23.0/1234567890/feed");
	assert_string_equal(fx.out.v[0].body, "message=a%20b");
}

/* Facebook without page id, with a bad graph version, without token. */
static void
test_facebook_errors(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_FACEBOOK];

	assert_build_error(PF_FACEBOOK, "no page_id for facebook: set "
	    "platforms.facebook.page_id");
	PSET(pc, "page_id") = "1";
	PSET(pc, "graph_version") = "24.0";
	assert_build_error(PF_FACEBOOK, "platforms.facebook.graph_version "
	    "\"24.0\" is not a Graph API version such as \"v24.0\"");
	PSET(pc, "graph_version") = "v24.0/../x";
	assert_int_equal(build(PF_FACEBOOK), -1);
	free(fx.err);
	fx.err = NULL;
	PSET(pc, "graph_version") = NULL;
	CRED(&fx.cred, PF_FACEBOOK, access_token) = NULL;
	assert_build_error(PF_FACEBOOK, "no facebook.access_token in the "
	    "credentials (" CRED_FILE ")");
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_FACEBOOK), 0);
	assert_header(&fx.out.v[0], 0, "Authorization", "(redacted)", true);
}

/* Instagram: the container, then media_publish with its id. */
static void
test_instagram(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_INSTAGRAM];
	const struct request *r;

	PSET(pc, "user_id") = "17841400000000000";
	fx.m.text = "Trotsky #history";
	fx.m.image_url = "https://cdn.example/1927.jpg";
	fx.m.alt = "A man at a desk";
	assert_int_equal(build(PF_INSTAGRAM), 0);
	assert_int_equal(fx.out.n, 2);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://graph.facebook.com/v24.0/"
	    "17841400000000000/media");
	assert_int_equal(r->nheaders, 2);
	assert_header(r, 0, "Authorization", "Bearer ig-token", true);
	assert_header(r, 1, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	assert_string_equal(r->body, "image_url=https%3A%2F%2Fcdn.example%2F"
	    "1927.jpg&caption=Trotsky%20%23history&alt_text=A%20man%20at%20a"
	    "%20desk");
	assert_null(r->note);
	r = &fx.out.v[1];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://graph.facebook.com/v24.0/"
	    "17841400000000000/media_publish");
	assert_int_equal(r->nheaders, 2);
	assert_header(r, 0, "Authorization", "Bearer ig-token", true);
	assert_header(r, 1, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	assert_string_equal(r->body, "creation_id=" REQUEST_CONTAINER_ID);
	assert_string_equal(r->note, "creation_id is the \"id\" of the answer "
	    "to the first request (the media container); {container-id} "
	    "stands for it");
	request_list_free(&fx.out);

	/* no alt text; another host and version; no credentials */
	fx.m.alt = NULL;
	pc->api = "https://127.0.0.1:8443";
	PSET(pc, "graph_version") = "v22.0";
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_INSTAGRAM), 0);
	assert_string_equal(fx.out.v[0].url,
	    "https://127.0.0.1:8443/v22.0/17841400000000000/media");
	assert_string_equal(fx.out.v[1].url,
	    "https://127.0.0.1:8443/v22.0/17841400000000000/media_publish");
	assert_string_equal(fx.out.v[0].body, "image_url=https%3A%2F%2F"
	    "cdn.example%2F1927.jpg&caption=Trotsky%20%23history");
	assert_header(&fx.out.v[0], 0, "Authorization", "(redacted)", true);
	assert_header(&fx.out.v[1], 0, "Authorization", "(redacted)", true);
}

/* Instagram without user id, image or token. */
static void
test_instagram_errors(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_INSTAGRAM];

	fx.m.image_url = "https://cdn.example/1927.jpg";
	assert_build_error(PF_INSTAGRAM, "no user_id for instagram: set "
	    "platforms.instagram.user_id");
	PSET(pc, "user_id") = "1";
	fx.m.image_url = NULL;
	assert_build_error(PF_INSTAGRAM, "instagram needs an image: give the "
	    "post an image or set platforms.instagram.default_image");
	fx.m.image_url = "https://cdn.example/1927.jpg";
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = NULL;
	assert_build_error(PF_INSTAGRAM, "no instagram.access_token in the "
	    "credentials (" CRED_FILE ")");
}

/* Instagram allows 30 hashtags and 20 mentions. */
static void
test_instagram_check(void **state)
{
	const struct adapter *a = adapter_get(PF_INSTAGRAM);
	char text[512];
	int i;

	text[0] = '\0';
	for (i = 0; i < 30; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "#t%d ", i);
	fx.m.text = text;
	assert_null(a->check(&fx.m));
	strcat(text, "#last");
	assert_msg(a->check(&fx.m), "the caption has 31 hashtags; Instagram "
	    "allows at most 30");

	text[0] = '\0';
	for (i = 0; i < 21; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "@u%d ", i);
	assert_msg(a->check(&fx.m), "the caption has 21 @-mentions; Instagram "
	    "allows at most 20");
}

/* Threads: the quota, the TEXT container with the link attachment, then
 * threads_publish with its id. */
static void
test_threads(void **state)
{
	struct platform_conf *pc = &fx.config.platforms[PF_THREADS];
	const struct adapter *a = adapter_get(PF_THREADS);
	const struct request *r;

	assert_build_error(PF_THREADS, "no user_id for threads: set "
	    "platforms.threads.user_id");
	PSET(pc, "user_id") = "25000000000000000";
	fx.m.text = "Trotsky \xf0\x9f\x9a\x80";
	assert_int_equal(build(PF_THREADS), 0);
	assert_int_equal(fx.out.n, 3);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->url, "https://graph.threads.net/v1.0/"
	    "25000000000000000/threads_publishing_limit?fields=quota_usage,"
	    "config");
	assert_int_equal(r->nheaders, 1);
	assert_header(r, 0, "Authorization", "Bearer th-token", true);
	r = &fx.out.v[1];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://graph.threads.net/v1.0/"
	    "25000000000000000/threads");
	assert_header(r, 0, "Authorization", "Bearer th-token", true);
	assert_header(r, 1, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	assert_string_equal(r->body, "media_type=TEXT&text=Trotsky%20%F0%9F"
	    "%9A%80&link_attachment=https%3A%2F%2Fexample.org%2F1927%3Fa%3D1"
	    "%26b%3D2");
	r = &fx.out.v[2];
	assert_string_equal(r->url, "https://graph.threads.net/v1.0/"
	    "25000000000000000/threads_publish");
	assert_string_equal(r->body, "creation_id=" REQUEST_CONTAINER_ID);
	assert_string_equal(r->note, "creation_id is the \"id\" of the answer "
	    "to the second request (the media container); {container-id} "
	    "stands for it");
	request_list_free(&fx.out);

	/* the renewal: the token renews itself, no version in the path */
	fx.ctx.pc = pc;
	assert_int_equal(a->refresh(&fx.ctx, &fx.out, &fx.err), 0);
	assert_int_equal(fx.out.n, 1);
	assert_string_equal(fx.out.v[0].method, "GET");
	assert_string_equal(fx.out.v[0].url, "https://graph.threads.net/"
	    "refresh_access_token?grant_type=th_refresh_token&access_token="
	    "th-token");
	assert_string_equal(adapter_renew_from(a), "access_token");
	assert_string_equal(adapter_renew_from(adapter_get(PF_PINTEREST)),
	    "refresh_token");
	request_list_free(&fx.out);

	/* no link; another host and version; no credentials */
	fx.m.link = NULL;
	pc->api = "https://127.0.0.1:8443";
	PSET(pc, "graph_version") = "v2.0";
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_THREADS), 0);
	assert_string_equal(fx.out.v[1].url,
	    "https://127.0.0.1:8443/v2.0/25000000000000000/threads");
	assert_string_equal(fx.out.v[1].body,
	    "media_type=TEXT&text=Trotsky%20%F0%9F%9A%80");
	assert_header(&fx.out.v[0], 0, "Authorization", "(redacted)", true);
	PSET(pc, "graph_version") = "1.0";
	request_list_free(&fx.out);
	assert_build_error(PF_THREADS, "platforms.threads.graph_version "
	    "\"1.0\" is not a Threads API version such as \"v1.0\"");
}

/* Threads takes at most 5 distinct links, the link attachment's too. */
static void
test_threads_check(void **state)
{
	const struct adapter *a = adapter_get(PF_THREADS);

	fx.m.text = "a https://e.org/1 b https://e.org/2, https://e.org/3. "
	    "https://e.org/4 https://e.org/1 again";
	fx.m.link = "https://e.org/5";
	assert_null(a->check(&fx.m));
	fx.m.link = "https://e.org/4";
	assert_null(a->check(&fx.m));
	fx.m.link = "https://e.org/6";
	fx.m.text = "https://e.org/1 https://e.org/2 https://e.org/3 "
	    "https://e.org/4 e.org/5";
	assert_msg(a->check(&fx.m), "the post has 6 distinct links (its "
	    "text's and its url); Threads allows at most 5");
}

/* Pinterest: POST /v5/pins with the pin as JSON. */
static void
test_pinterest(void **state)
{
	const struct request *r;
	const cJSON *ms;
	cJSON *o;

	fx.m.target = "1234567890";
	fx.m.title = "Trotsky is expelled";
	fx.m.image_url = "https://cdn.example/1927.jpg";
	fx.m.alt = "A man at a desk";
	assert_int_equal(build(PF_PINTEREST), 0);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://api.pinterest.com/v5/pins");
	assert_int_equal(r->nheaders, 2);
	assert_header(r, 0, "Authorization", "Bearer pin-token", true);
	assert_header(r, 1, "Content-Type", "application/json", false);
	o = jparse(r->body, 6);
	assert_string_equal(jstr(o, "board_id"), "1234567890");
	assert_string_equal(jstr(o, "title"), "Trotsky is expelled");
	assert_string_equal(jstr(o, "description"), TEXT);
	assert_string_equal(jstr(o, "link"), fx.m.link);
	assert_string_equal(jstr(o, "alt_text"), "A man at a desk");
	ms = jobj(o, "media_source", 2);
	assert_string_equal(jstr(ms, "source_type"), "image_url");
	assert_string_equal(jstr(ms, "url"), "https://cdn.example/1927.jpg");
	cJSON_Delete(o);
	request_list_free(&fx.out);

	/* no link, no alt; the api override; no credentials */
	fx.m.link = NULL;
	fx.m.alt = NULL;
	fx.config.platforms[PF_PINTEREST].api = "https://127.0.0.1:8443";
	fx.ctx.cred = NULL;
	assert_int_equal(build(PF_PINTEREST), 0);
	r = &fx.out.v[0];
	assert_string_equal(r->url, "https://127.0.0.1:8443/v5/pins");
	assert_header(r, 0, "Authorization", "(redacted)", true);
	o = jparse(r->body, 4);
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "link"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "alt_text"));
	cJSON_Delete(o);
}

/* Pinterest without board, image or token. */
static void
test_pinterest_errors(void **state)
{
	fx.m.image_url = "https://cdn.example/1927.jpg";
	assert_build_error(PF_PINTEREST, "no board_id for pinterest: set "
	    "platforms.pinterest.board_id or the post's board_id");
	fx.m.target = "1";
	fx.m.image_url = NULL;
	assert_build_error(PF_PINTEREST, "pinterest needs an image: give the "
	    "post an image or set platforms.pinterest.default_image");
	fx.m.image_url = "https://cdn.example/1927.jpg";
	CRED(&fx.cred, PF_PINTEREST, access_token) = NULL;
	assert_build_error(PF_PINTEREST, "no pinterest.access_token in the "
	    "credentials (" CRED_FILE ")");
}

/* Mastodon: POST {api}/api/v1/statuses with the pair's Idempotency-Key,
 * visibility and language from the config. */
static void
test_mastodon(void **state)
{
	const struct request *r;
	char key[ADAPTER_SEED_SIZE], other[ADAPTER_SEED_SIZE];
	cJSON *o;

	assert_build_error(PF_MASTODON, "no api for mastodon: set "
	    "platforms.mastodon.api to the address of your instance");
	fx.config.platforms[PF_MASTODON].api = "https://social.example/";
	assert_int_equal(build(PF_MASTODON), 0);
	assert_int_equal(fx.out.n, 1);
	r = &fx.out.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://social.example/api/v1/statuses");
	assert_int_equal(r->nheaders, 3);
	assert_header(r, 0, "Authorization", "Bearer ma-token", true);
	/* the key is the pair's: the same on every build, another pair's
	 * differs */
	mastodon_idempotency_key(&fx.m, key);
	assert_int_equal(strlen(key), 64);
	assert_header(r, 1, "Idempotency-Key", key, false);
	assert_header(r, 2, "Content-Type", "application/json", false);
	o = jparse(r->body, 3);
	assert_string_equal(jstr(o, "status"), TEXT);
	assert_string_equal(jstr(o, "visibility"), "public");
	assert_string_equal(jstr(o, "language"), "en");
	cJSON_Delete(o);
	request_list_free(&fx.out);
	assert_int_equal(build(PF_MASTODON), 0);
	assert_header(&fx.out.v[0], 1, "Idempotency-Key", key, false);
	request_list_free(&fx.out);
	fx.m.day.d = 13;
	mastodon_idempotency_key(&fx.m, other);
	assert_string_not_equal(key, other);
	fx.m.day.d = 12;
	fx.post.id = "11-12-other";
	mastodon_idempotency_key(&fx.m, other);
	assert_string_not_equal(key, other);

	/* the settings; a bad one is refused with its name */
	PSET(&fx.config.platforms[PF_MASTODON], "visibility") = "unlisted";
	PSET(&fx.config.platforms[PF_MASTODON], "language") = "pt-BR";
	assert_int_equal(build(PF_MASTODON), 0);
	o = jparse(fx.out.v[0].body, 3);
	assert_string_equal(jstr(o, "visibility"), "unlisted");
	assert_string_equal(jstr(o, "language"), "pt-BR");
	cJSON_Delete(o);
	request_list_free(&fx.out);
	PSET(&fx.config.platforms[PF_MASTODON], "visibility") = "friends";
	assert_build_error(PF_MASTODON, "platforms.mastodon.visibility "
	    "\"friends\" is not one of \"public\", \"unlisted\", "
	    "\"private\", \"direct\"");
	PSET(&fx.config.platforms[PF_MASTODON], "visibility") = "direct";
	PSET(&fx.config.platforms[PF_MASTODON], "language") = "EN";
	assert_build_error(PF_MASTODON, "platforms.mastodon.language \"EN\" "
	    "is not an ISO 639 language code such as \"en\"");
	PSET(&fx.config.platforms[PF_MASTODON], "language") = "en";
	CRED(&fx.cred, PF_MASTODON, access_token) = NULL;
	assert_build_error(PF_MASTODON, "no mastodon.access_token in the "
	    "credentials (" CRED_FILE ")");
}

/* X-RateLimit-Reset: ISO 8601 with microseconds. */
static void
test_mastodon_reset(void **state)
{
	(void)state;
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00.000000Z"),
	    NOW + 300);
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00Z"), NOW + 300);
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00.5Z"), NOW + 301);
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00+00:00"),
	    NOW + 300);
	assert_int_equal(mastodon_reset(NULL), -1);
	assert_int_equal(mastodon_reset(""), -1);
	assert_int_equal(mastodon_reset("1794474300"), -1);
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00.Z"), -1);
	assert_int_equal(mastodon_reset("2026-11-12T09:05:00+01:00"), -1);
	assert_int_equal(mastodon_reset("2026-02-30T09:05:00Z"), -1);
	assert_int_equal(mastodon_reset("2026-11-12T24:05:00Z"), -1);
	assert_int_equal(mastodon_reset("2026-11-12 09:05:00Z"), -1);
}

/* Bluesky: the createRecord request from a kept session (did, TID key,
 * facets, card), and the flow of its answers: published, an open answer
 * asking getRecord, not found sending again, found published, a rate
 * limit's RateLimit-Reset. */
static struct http_response
answer(long status, char *body, struct header *h, size_t nh)
{
	struct http_response r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.body = body;
	r.len = strlen(body);
	r.headers = h;
	r.nheaders = nh;
	r.retry_after = -1;
	r.sent = true;
	return r;
}

static void
test_bluesky(void **state)
{
	struct token rows[] = {
		{ (char *)"bluesky", (char *)"access_token", (char *)"acc.jwt",
		    0, 0 },
		{ (char *)"bluesky", (char *)"refresh_token",
		    (char *)"ref.jwt", 0, 0 },
		{ (char *)"bluesky", (char *)TOKENS_ACCOUNT,
		    (char *)"did:plc:abc", 0, 0 },
	};
	struct tokens t = { rows, 3 };
	const struct adapter *a = adapter_get(PF_BLUESKY);
	struct header reset = { (char *)"ratelimit-reset",
	    (char *)"1794480000", false };
	struct http_response r;
	struct outcome o;
	const cJSON *rec, *facets, *ext;
	char rkey[ATPROTO_TID_SIZE], *url, *progress;
	cJSON *b;

	fx.config.timezone = "UTC";
	PSET(&fx.config.platforms[PF_BLUESKY], "handle") = "name.bsky.social";
	fx.m.slot = 540;
	fx.m.text = "1927: Trotsky expelled https://example.org/1927 #history";
	fx.post.summary = "Expelled from the party.";
	fx.ctx.tokens = &t;
	atproto_tid(NOW * 1000000ULL, atproto_clock_id("11-12-trotsky",
	    "bluesky"), rkey);
	assert_int_equal(build(PF_BLUESKY), 0);
	assert_string_equal(fx.out.v[0].url,
	    "https://bsky.social/xrpc/com.atproto.repo.createRecord");
	assert_header(&fx.out.v[0], 0, "Authorization", "Bearer acc.jwt", true);
	b = jparse(fx.out.v[0].body, 4);
	assert_string_equal(jstr(b, "repo"), "did:plc:abc");
	assert_string_equal(jstr(b, "collection"), "app.bsky.feed.post");
	assert_string_equal(jstr(b, "rkey"), rkey);
	rec = jobj(b, "record", 6);
	assert_string_equal(jstr(rec, "text"), fx.m.text);
	assert_string_equal(jstr(rec, "createdAt"), "2026-11-12T09:00:00.000Z");
	facets = cJSON_GetObjectItemCaseSensitive(rec, "facets");
	assert_int_equal(cJSON_GetArraySize(facets), 2);
	ext = jobj(jobj(rec, "embed", 2), "external", 3);
	assert_string_equal(jstr(ext, "uri"), fx.m.link);
	assert_string_equal(jstr(ext, "title"), "Trotsky expelled");
	assert_string_equal(jstr(ext, "description"),
	    "Expelled from the party.");
	cJSON_Delete(b);
	request_list_free(&fx.out);

	/* published */
	url = xasprintf("{\"uri\":\"at://did:plc:abc/app.bsky.feed.post/%s\","
	    "\"cid\":\"bafy\"}", rkey);
	r = answer(200, url, NULL, 0);
	a->parse(&fx.ctx, &fx.m, 0, &r, &o);
	assert_int_equal(o.kind, OUTCOME_PUBLISHED);
	free(url);
	url = xasprintf("https://bsky.app/profile/name.bsky.social/post/%s",
	    rkey);
	assert_string_equal(o.permalink, url);
	outcome_free(&o);

	/* a 500: the next step asks for the key, which is kept */
	r = answer(500, "{\"error\":\"InternalServerError\"}", NULL, 0);
	a->parse(&fx.ctx, &fx.m, 0, &r, &o);
	assert_int_equal(o.kind, OUTCOME_NEXT);
	assert_int_equal(o.next_step, 1);
	assert_string_equal(o.next.v[0].method, "GET");
	assert_non_null(strstr(o.next.v[0].url, "/xrpc/com.atproto.repo."
	    "getRecord?repo=did%3Aplc%3Aabc&collection=app.bsky.feed.post&"
	    "rkey="));
	assert_non_null(strstr(o.step, rkey));
	fx.ctx.progress = progress = o.step;
	o.step = NULL;
	outcome_free(&o);

	/* not there: sent again, the same key */
	r = answer(400, "{\"error\":\"RecordNotFound\",\"message\":\"no\"}",
	    NULL, 0);
	a->parse(&fx.ctx, &fx.m, 1, &r, &o);
	assert_int_equal(o.kind, OUTCOME_NEXT);
	assert_int_equal(o.next_step, 0);
	assert_non_null(strstr(o.next.v[0].body, rkey));
	outcome_free(&o);

	/* there: published */
	free(url);
	url = xasprintf("{\"uri\":\"at://did:plc:abc/app.bsky.feed.post/%s\","
	    "\"value\":{\"text\":\"%s\"}}", rkey, fx.m.text);
	r = answer(200, url, NULL, 0);
	a->parse(&fx.ctx, &fx.m, 1, &r, &o);
	assert_int_equal(o.kind, OUTCOME_PUBLISHED);
	assert_true(o.duplicate);
	outcome_free(&o);
	free(url);
	free(progress);
	fx.ctx.progress = NULL;

	/* a rate limit says when to come back */
	r = answer(429, "{\"error\":\"RateLimitExceeded\"}", &reset, 1);
	a->parse(&fx.ctx, &fx.m, 0, &r, &o);
	assert_int_equal(o.kind, OUTCOME_FAILED);
	assert_true(o.retryable);
	assert_int_equal(o.not_before, 1794480000LL);
	outcome_free(&o);

	/* the text's bytes */
	assert_null(a->check(&fx.m));
}

/* Feed: the Atom entry, "written" to the feed's path. */
/* What the feed adds for fx.m: id and entry; returns sink_entry's
 * result. */
static int
sink(char **id, char **entry)
{
	const struct adapter *a = adapter_get(PF_FEED);

	*id = *entry = NULL;
	fx.m.platform = PF_FEED;
	fx.ctx.pc = &fx.config.platforms[PF_FEED];
	return a->sink_entry(&fx.ctx, &fx.m, id, entry, &fx.err);
}

/* The feed's entry: nothing is sent; an id and the Atom entry. */
static void
test_feed(void **state)
{
	const struct adapter *a = adapter_get(PF_FEED);
	char *id, *entry;

	PSET(&fx.config.platforms[PF_FEED], "path") =
	    "/var/lib/almanac/feed.atom";
	fx.m.text = "a <b> & c\nline 2";
	assert_int_equal(sink(&id, &entry), 0);
	assert_string_equal(a->sink_file(&fx.config.platforms[PF_FEED]),
	    "/var/lib/almanac/feed.atom");
	assert_string_equal(id, "tag:almanac,2026-11-12:11-12-trotsky");
	assert_string_equal(entry,
	    "<entry xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "  <id>tag:almanac,2026-11-12:11-12-trotsky</id>\n"
	    "  <title>Trotsky expelled</title>\n"
	    "  <link href=\"https://example.org/1927?a=1&amp;b=2\"/>\n"
	    "  <updated>2026-11-12T09:00:00Z</updated>\n"
	    "  <content type=\"text\">a &lt;b&gt; &amp; c\nline 2</content>\n"
	    "</entry>\n");
	free(id);
	free(entry);

	fx.m.link = NULL;
	fx.m.title = "Entry title";
	assert_int_equal(sink(&id, &entry), 0);
	assert_null(strstr(entry, "<link"));
	assert_non_null(strstr(entry, "<title>Entry title</title>"));
	free(id);
	free(entry);
}

/* Feed without a path, or with text XML cannot carry; the helpers. */
static void
test_feed_errors(void **state)
{
	char t[FEED_TIME_SIZE];
	char *id, *entry;

	assert_int_equal(sink(&id, &entry), -1);
	assert_string_equal(fx.err, "no path for feed: set "
	    "platforms.feed.path");
	assert_null(id);
	assert_null(entry);
	free(fx.err);
	fx.err = NULL;
	PSET(&fx.config.platforms[PF_FEED], "path") = "/tmp/feed.atom";
	fx.m.text = "bell \a";
	assert_int_equal(sink(&id, &entry), -1);
	assert_string_equal(fx.err, "the feed entry holds a control "
	    "character, which XML cannot carry");
	assert_null(id);
	assert_null(entry);

	id = feed_entry_id("a b/\xC3\xA9", (struct ymd){ 999, 1, 2 });
	assert_string_equal(id, "tag:almanac,0999-01-02:a%20b%2F%C3%A9");
	free(id);
	assert_true(feed_time(0, t, sizeof(t)));
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	assert_true(feed_xml_safe("tab\tnl\ncr\r \xE2\x98\x83"));
	assert_false(feed_xml_safe("\x1b[0m"));
	assert_false(feed_xml_safe("\xEF\xBF\xBE"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twitter_api, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twitter_cred, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linkedin_options, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin_refresh, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin_finish, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_facebook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mastodon, setup, teardown),
		cmocka_unit_test(test_mastodon_reset),
		cmocka_unit_test_setup_teardown(test_facebook_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pinterest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pinterest_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bluesky, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_errors, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
