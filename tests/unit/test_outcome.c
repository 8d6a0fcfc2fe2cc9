/*
 * Tests of reading answers: outcome_classify and each adapter's parse and
 * resume, on responses made by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http.h"
#include "format.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "xalloc.h"
#include "pconf.h"

#define IG_USER "17841400000000000"
#define IG_API "https://graph.facebook.com/v24.0"

/* What one test reads; reset before each test. */
struct fixture {
	struct post post;
	struct message m;
	struct config config;
	struct credentials cred;
	struct adapter_ctx ctx;
	struct http_response r;
	struct header h[8];
	struct outcome o;
	struct request_list rl;
	char *err;
};

static struct fixture fx;

/* The platforms that send requests. */
static const enum platform_id senders[] = { PF_TWITTER, PF_LINKEDIN,
    PF_FACEBOOK, PF_INSTAGRAM, PF_PINTEREST, PF_MASTODON };
#define NSENDERS (sizeof(senders) / sizeof(senders[0]))

/* Each platform's error body and the words read from it. */
static const struct {
	enum platform_id id;
	const char *body;
	const char *words;
} errbody[] = {
	{ PF_TWITTER, "{\"title\":\"Forbidden\",\"detail\":\"You are not "
	    "permitted to perform this action.\",\"type\":\"about:blank\","
	    "\"status\":403}",
	    "You are not permitted to perform this action." },
	{ PF_LINKEDIN, "{\"status\":401,\"serviceErrorCode\":65600,"
	    "\"message\":\"Invalid access token\"}", "Invalid access token" },
	{ PF_FACEBOOK, "{\"error\":{\"message\":\"(#200) The user hasn't "
	    "authorized the application to perform this action\",\"type\":"
	    "\"OAuthException\",\"code\":200,\"error_subcode\":1,"
	    "\"fbtrace_id\":\"AbC\"}}",
	    "(#200) The user hasn't authorized the application to perform "
	    "this action (code 200, subcode 1)" },
	{ PF_INSTAGRAM, "{\"error\":{\"message\":\"The image size is too "
	    "large.\",\"type\":\"OAuthException\",\"code\":36000,"
	    "\"error_subcode\":2207004,\"is_transient\":false}}",
	    "The image size is too large. (code 36000, subcode 2207004)" },
	{ PF_PINTEREST, "{\"code\":2,\"message\":\"Authentication failed.\"}",
	    "Authentication failed." },
	{ PF_MASTODON, "{\"error\":\"The access token is invalid\"}",
	    "The access token is invalid" },
};

/* A message, config and credentials as publish would give them. */
static int
setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	fx.post.id = "11-12-trotsky";
	fx.post.title = "Trotsky expelled";
	fx.m.post = &fx.post;
	fx.m.day = (struct ymd){ 2026, 11, 12 };
	fx.m.text = "On this day";
	fx.m.image_url = "https://example.org/t.jpg";
	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = IG_USER;
	PSET(&fx.config.platforms[PF_FACEBOOK], "page_id") = "1234";
	fx.cred.source = "/etc/almanac/credentials.conf";
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = "ig-token";
	fx.ctx.config = &fx.config;
	fx.ctx.cred = &fx.cred;
	fx.ctx.now = 1794474000LL;
	fx.ctx.clock = 1794474000LL;	/* 2026-11-12 09:00 UTC */
	fx.r.body = "";
	fx.r.retry_after = -1;
	return 0;
}

/* Frees what a test made. */
static int
teardown(void **state)
{
	outcome_free(&fx.o);
	request_list_free(&fx.rl);
	free(fx.err);
	return 0;
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
	fx.r.ms = 412;
}

/* A transfer that ended without an HTTP answer. */
static void
transport(enum http_error e, bool sent, const char *text)
{
	answer(0, "");
	fx.r.error = e;
	fx.r.error_text = (char *)(uintptr_t)text;
	fx.r.sent = sent;
}

/* Adds header name: value to the answer. */
static void
add_header(const char *name, const char *value)
{
	assert_true(fx.r.nheaders < sizeof(fx.h) / sizeof(fx.h[0]));
	fx.h[fx.r.nheaders].name = (char *)(uintptr_t)name;
	fx.h[fx.r.nheaders].value = (char *)(uintptr_t)value;
	fx.r.headers = fx.h;
	fx.r.nheaders++;
}

/* Reads the answer as platform id's adapter does at step. */
static void
parse(enum platform_id id, int step)
{
	const struct adapter *a = adapter_get(id);

	outcome_free(&fx.o);
	fx.m.platform = id;
	fx.ctx.pc = &fx.config.platforms[id];
	assert_non_null(a->parse);
	/* parse fills all of *out, whatever was there */
	memset(&fx.o, 0xa5, offsetof(struct outcome, remote_id));
	a->parse(&fx.ctx, &fx.m, step, &fx.r, &fx.o);
}

/* Compares two strings that may be NULL. */
static void
assert_str(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* Checks a failure in fx.o and its marks: for a later run, a setting
 * that is wrong. */
static void
assert_failed(bool retryable, bool later, bool config, int status,
    const char *error)
{
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_int_equal(fx.o.retryable, retryable);
	assert_int_equal(fx.o.later, later);
	assert_int_equal(fx.o.config, config);
	assert_int_equal(fx.o.http_status, status);
	assert_null(fx.o.remote_id);
	assert_null(fx.o.permalink);
	assert_str(fx.o.error, error);
	assert_int_equal(fx.o.next.n, 0);
}

/* Checks the outcome in fx.o (no step, no next request, no marks). */
static void
assert_outcome(enum outcome_kind kind, bool retryable, int status,
    const char *id, const char *permalink, const char *error)
{
	assert_int_equal(fx.o.kind, kind);
	assert_int_equal(fx.o.retryable, retryable);
	assert_int_equal(fx.o.http_status, status);
	assert_str(fx.o.remote_id, id);
	assert_str(fx.o.permalink, permalink);
	assert_str(fx.o.error, error);
	assert_int_equal(fx.o.next.n, 0);
	assert_false(fx.o.later);
	assert_false(fx.o.config);
}

/* tmpl with each "{p}" replaced by name and each "{w}" by words.
 * Allocated. */
static char *
fill(const char *tmpl, const char *name, const char *words)
{
	char *out = xmalloc(strlen(tmpl) * 2 + 1024), *o = out;

	while (*tmpl != '\0') {
		if (strncmp(tmpl, "{p}", 3) == 0 ||
		    strncmp(tmpl, "{w}", 3) == 0) {
			strcpy(o, tmpl[1] == 'p' ? name : words);
			o += strlen(o);
			tmpl += 3;
		} else
			*o++ = *tmpl++;
	}
	*o = '\0';
	return out;
}

/* A sender assert_all leaves out (-1: none): one that reads words from
 * a body the others find none in. */
static int skip_sender = -1;

/* Checks a failed or unknown outcome of every sender against want, in
 * which {p} stands for the platform's name. */
static void
assert_all(enum outcome_kind kind, bool retryable, int status,
    const char *want)
{
	char *w;
	size_t i;

	for (i = 0; i < NSENDERS; i++) {
		if ((int)senders[i] == skip_sender)
			continue;
		parse(senders[i], 0);
		w = fill(want, adapter_get(senders[i])->name, "");
		assert_outcome(kind, retryable, status, NULL, NULL, w);
		assert_false(fx.o.duplicate);
		assert_null(fx.o.step);
		free(w);
	}
}

/* Transport errors: nothing sent fails and is retried, sent is unknown. */
static void
test_transport(void **state)
{
	transport(HTTP_E_CONNECT, false, "Failed to connect to 127.0.0.1 "
	    "port 9 after 0 ms: Couldn't connect to server");
	assert_all(OUTCOME_FAILED, true, 0, "could not connect to {p}: "
	    "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't "
	    "connect to server");
	transport(HTTP_E_CONNECT, false, NULL);
	assert_all(OUTCOME_FAILED, true, 0, "could not connect to {p}");

	transport(HTTP_E_TLS, false, "SSL certificate problem: self-signed "
	    "certificate");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, true, 0, NULL, NULL, "the TLS "
	    "certificate of twitter's server was not accepted: SSL "
	    "certificate problem: self-signed certificate");
	parse(PF_PINTEREST, 0);
	assert_outcome(OUTCOME_FAILED, true, 0, NULL, NULL, "the TLS "
	    "certificate of pinterest's server was not accepted: SSL "
	    "certificate problem: self-signed certificate");

	transport(HTTP_E_REFUSED_URL, false, "http:// is only allowed to "
	    "loopback hosts");
	assert_all(OUTCOME_FAILED, false, 0, "the URL for {p} was refused: "
	    "http:// is only allowed to loopback hosts");

	transport(HTTP_E_TIMEOUT, false, "Connection timed out after 10001 "
	    "milliseconds");
	assert_all(OUTCOME_FAILED, true, 0, "could not connect to {p} (timed "
	    "out): Connection timed out after 10001 milliseconds");

	transport(HTTP_E_OTHER, false, "Unsupported protocol");
	assert_all(OUTCOME_FAILED, true, 0, "could not send to {p}: "
	    "Unsupported protocol");

	transport(HTTP_E_BAD_REQUEST, false, "a header value holds a line "
	    "break");
	assert_all(OUTCOME_FAILED, false, 0, "the request to {p} could not be "
	    "sent: a header value holds a line break");

	transport(HTTP_E_STOPPED, false, NULL);
	assert_all(OUTCOME_FAILED, true, 0, "not sent to {p}: the run was "
	    "stopped");

	transport(HTTP_E_TIMEOUT, true, "Operation timed out after 30000 "
	    "milliseconds with 0 bytes received");
	assert_all(OUTCOME_UNKNOWN, false, 0, "no answer from {p} after "
	    "sending (timed out): the post may exist");

	transport(HTTP_E_DROPPED, true, "Recv failure: Connection reset by "
	    "peer");
	assert_all(OUTCOME_UNKNOWN, false, 0, "no answer from {p} after "
	    "sending (connection dropped): the post may exist");

	transport(HTTP_E_OTHER, true, "Failure when receiving data from the "
	    "peer");
	assert_all(OUTCOME_UNKNOWN, false, 0, "no answer from {p} after "
	    "sending (Failure when receiving data from the peer): the post "
	    "may exist");

	/* an answer too large came after the request went out: the
	 * engine's words say what was too large */
	transport(HTTP_E_TOO_BIG, true, "the answer is larger than 1048576 "
	    "bytes");
	fx.r.status = 200;
	assert_all(OUTCOME_UNKNOWN, false, 200, "{p}'s answer was cut off: "
	    "the answer is larger than 1048576 bytes; the post may exist");
	transport(HTTP_E_TOO_BIG, true, "the answer has a header line longer "
	    "than 102400 bytes");
	fx.r.status = 201;
	assert_all(OUTCOME_UNKNOWN, false, 201, "{p}'s answer was cut off: "
	    "the answer has a header line longer than 102400 bytes; the post "
	    "may exist");
	transport(HTTP_E_TOO_BIG, true, NULL);
	fx.r.status = 200;
	assert_all(OUTCOME_UNKNOWN, false, 200, "the answer of {p} was larger "
	    "than 1048576 bytes: the post may exist");

	/* a transport error's partial body is never read */
	transport(HTTP_E_DROPPED, true, NULL);
	fx.r.status = 201;
	fx.r.body = "{\"data\":{\"id\":\"1\"}}";
	fx.r.len = strlen(fx.r.body);
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 201, NULL, NULL, "no answer "
	    "from twitter after sending (connection dropped): the post may "
	    "exist");
}

/* Checks status of every sender with its own error body. */
static void
check_status(long status, long long retry_after, enum outcome_kind kind,
    bool retryable, const char *fmt)
{
	char *w;
	size_t i;

	for (i = 0; i < NSENDERS; i++) {
		assert_int_equal(errbody[i].id, senders[i]);
		answer(status, errbody[i].body);
		fx.r.retry_after = retry_after;
		parse(senders[i], 0);
		w = fill(fmt, adapter_get(senders[i])->name, errbody[i].words);
		assert_outcome(kind, retryable, (int)status, NULL, NULL, w);
		assert_false(fx.o.duplicate);
		free(w);
	}
}

/* Statuses, with each platform's own words. */
static void
test_status(void **state)
{
	static const long refused[] = { 400, 403, 404, 405, 409, 410, 413,
	    422, 451, 499 };
	char *fmt;
	size_t i;

	check_status(429, -1, OUTCOME_FAILED, true,
	    "{p} is rate limiting (429): {w}");
	check_status(429, 60, OUTCOME_FAILED, true,
	    "{p} is rate limiting (429): {w}");
	check_status(503, 30, OUTCOME_FAILED, true,
	    "{p} is unavailable (503) and asks to wait 30 s: {w}");
	check_status(503, 0, OUTCOME_FAILED, true,
	    "{p} is unavailable (503) and asks to wait 0 s: {w}");
	check_status(503, -1, OUTCOME_UNKNOWN, false, "{p} answered 503: {w}");
	check_status(401, -1, OUTCOME_FAILED, false,
	    "the {p} token was refused: renew it ({w})");
	check_status(500, -1, OUTCOME_UNKNOWN, false, "{p} answered 500: {w}");
	check_status(502, -1, OUTCOME_UNKNOWN, false, "{p} answered 502: {w}");
	check_status(504, -1, OUTCOME_UNKNOWN, false, "{p} answered 504: {w}");
	check_status(302, -1, OUTCOME_UNKNOWN, false, "{p} answered 302: {w}");
	check_status(100, -1, OUTCOME_UNKNOWN, false, "{p} answered 100: {w}");
	/* every 4xx but 408, 425 and 429 is a refusal (the adapters read
	 * 402 and 426 themselves: test_twitter, test_linkedin) */
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		fmt = xasprintf("{p} refused the request (%ld): {w}",
		    refused[i]);
		check_status(refused[i], -1, OUTCOME_FAILED, false, fmt);
		free(fmt);
	}
	/* ... which a front end may send after passing the request on */
	check_status(408, -1, OUTCOME_UNKNOWN, false, "{p} answered 408: {w}");
	check_status(425, -1, OUTCOME_UNKNOWN, false, "{p} answered 425: {w}");
	check_status(408, 5, OUTCOME_UNKNOWN, false, "{p} answered 408: {w}");

	/* one in full */
	answer(401, errbody[0].body);
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, false, 401, NULL, NULL, "the twitter "
	    "token was refused: renew it (You are not permitted to perform "
	    "this action.)");
}

/* Without words (an empty or HTML body) the sentences stop short. */
static void
test_status_no_words(void **state)
{
	static const char *const bodies[] = { "",
	    "<html><body>Bad Gateway</body></html>", "{}", "[\"message\"]",
	    "{\"message\":42,\"detail\":null,\"error\":\"x\"}",
	    "{\"message\":\"\",\"detail\":\"\"}", "{\"message\":\" \\n\\t\"}" };
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		/* mastodon's words are "error", a string */
		skip_sender = strstr(bodies[i], "\"error\":\"x\"") != NULL ?
		    PF_MASTODON : -1;
		answer(400, bodies[i]);
		if (skip_sender != -1) {
			parse(PF_MASTODON, 0);
			assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL,
			    "mastodon refused the request (400): x");
		}
		assert_all(OUTCOME_FAILED, false, 400,
		    "{p} refused the request (400)");
		answer(401, bodies[i]);
		assert_all(OUTCOME_FAILED, false, 401,
		    "the {p} token was refused: renew it");
		answer(429, bodies[i]);
		assert_all(OUTCOME_FAILED, true, 429,
		    "{p} is rate limiting (429)");
		answer(500, bodies[i]);
		assert_all(OUTCOME_UNKNOWN, false, 500, "{p} answered 500");
		answer(503, bodies[i]);
		fx.r.retry_after = 5;
		assert_all(OUTCOME_FAILED, true, 503,
		    "{p} is unavailable (503) and asks to wait 5 s");
	}
	skip_sender = -1;
}

/* outcome_classify of status st for platform with words: not retryable,
 * kind, error. */
static void
classify(long st, const char *platform, const char *words,
    enum outcome_kind kind, const char *error)
{
	answer(st, "");
	assert_true(outcome_classify(platform, &fx.r, words, &fx.o));
	assert_outcome(kind, false, (int)st, NULL, NULL, error);
	outcome_free(&fx.o);
}

/* outcome_classify itself: a 2xx is left to the adapter. */
static void
test_classify(void **state)
{
	long st;

	for (st = 200; st <= 299; st += 99) {
		answer(st, "anything");
		fx.o.kind = OUTCOME_NEXT;
		fx.o.http_status = -1;
		assert_false(outcome_classify("twitter", &fx.r, "words",
		    &fx.o));
		assert_int_equal(fx.o.http_status, (int)st);
		assert_null(fx.o.error);
	}
	classify(418, "mastodon", "I'm a teapot", OUTCOME_FAILED,
	    "mastodon refused the request (418): I'm a teapot");
	/* what no platform names stays as each status says */
	classify(402, "x", NULL, OUTCOME_FAILED, "x refused the request "
	    "(402)");
	classify(426, "x", NULL, OUTCOME_FAILED, "x refused the request "
	    "(426)");
	classify(400, "x", "code 190", OUTCOME_FAILED, "x refused the "
	    "request (400): code 190");
	classify(425, "x", NULL, OUTCOME_UNKNOWN, "x answered 425");

	answer(422, "");
	assert_true(outcome_classify("x", &fx.r, "Validation failed:\n"
	    "\ttext is   too long\r\n", &fx.o));
	assert_outcome(OUTCOME_FAILED, false, 422, NULL, NULL, "x refused "
	    "the request (422): Validation failed: text is too long");
	outcome_free(&fx.o);

	/* invalid UTF-8 and C1 controls */
	assert_true(outcome_classify("x", &fx.r, "caf\xC3\xA9 \xFF\xC3 "
	    "\xC2\x85ok", &fx.o));
	assert_string_equal(fx.o.error, "x refused the request (422): "
	    "caf\xC3\xA9 ?? ok");
	outcome_free(&fx.o);
}

/* Long words are cut at a character, within 300 bytes plus "...". */
static void
test_classify_long(void **state)
{
	char words[1000], *want;
	size_t i;

	/* "a" then 400 two-byte characters: byte 300 is inside one */
	words[0] = 'a';
	for (i = 0; i < 400; i++) {
		words[1 + 2 * i] = '\xC3';
		words[2 + 2 * i] = '\xA9';
	}
	words[801] = '\0';
	answer(400, "");
	assert_true(outcome_classify("x", &fx.r, words, &fx.o));
	want = xasprintf("x refused the request (400): %.299s...", words);
	assert_string_equal(fx.o.error, want);
	free(want);
	outcome_free(&fx.o);
}

/* X: 201 with data.id; the duplicate 403; v1.1 error bodies. */
static void
test_twitter(void **state)
{
	answer(201, "{\"data\":{\"id\":\"1346889436626259968\",\"text\":"
	    "\"On this day\",\"edit_history_tweet_ids\":[\"1\"]}}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 201, "1346889436626259968",
	    "https://x.com/i/web/status/1346889436626259968", NULL);
	assert_false(fx.o.duplicate);
	assert_null(fx.o.step);

	answer(200, " {\"data\":{\"id\":\"7\"}}\r\n");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "7",
	    "https://x.com/i/web/status/7", NULL);

	answer(403, "{\"detail\":\"You are not allowed to create a Tweet "
	    "with duplicate content.\",\"type\":\"about:blank\",\"title\":"
	    "\"Forbidden\",\"status\":403}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 403, NULL, NULL, NULL);
	assert_true(fx.o.duplicate);

	answer(403, "{\"errors\":[{\"code\":187,\"message\":\"Status is a "
	    "duplicate.\"}]}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 403, NULL, NULL, NULL);
	assert_true(fx.o.duplicate);

	/* only a 403 says so */
	answer(400, "{\"detail\":\"duplicate content\"}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "twitter "
	    "refused the request (400): duplicate content");
	assert_false(fx.o.duplicate);

	answer(429, "{\"errors\":[{\"code\":88,\"message\":\"Rate limit "
	    "exceeded\"}]}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, true, 429, NULL, NULL, "twitter is "
	    "rate limiting (429): Rate limit exceeded");

	/* detail, then errors[0].message, then title */
	answer(400, "{\"errors\":[{\"parameters\":{\"text\":[\"\"]},"
	    "\"message\":\"Invalid text\"}],\"title\":\"Invalid Request\"}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "twitter "
	    "refused the request (400): Invalid text");
	answer(401, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\","
	    "\"status\":401,\"detail\":\"Unauthorized\"}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, false, 401, NULL, NULL, "the twitter "
	    "token was refused: renew it (Unauthorized)");
	answer(403, "{\"title\":\"Forbidden\"}");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, false, 403, NULL, NULL, "twitter "
	    "refused the request (403): Forbidden");

	/* out of credits: for a later run, not this one */
	answer(402, "{\"title\":\"CreditsDepleted\",\"detail\":\"Your "
	    "enrolled account does not have any credits to fulfill this "
	    "request.\",\"type\":\"https://api.twitter.com/2/problems/"
	    "credits\",\"status\":402}");
	parse(PF_TWITTER, 0);
	assert_failed(true, true, false, 402, "twitter refused the post: the X developer "
	    "account is out of API credits (402: Your enrolled account does "
	    "not have any credits to fulfill this request.): add credits to "
	    "it");
	answer(402, "");
	parse(PF_TWITTER, 0);
	assert_true(fx.o.retryable && fx.o.later);
	assert_str(fx.o.error, "twitter refused the post: the X developer "
	    "account is out of API credits (402): add credits to it");
}

/* 2xx bodies that are not what each platform documents. */
static void
test_unreadable(void **state)
{
	static const char *const bodies[] = {
		"", "garbage", "<html><body>OK</body></html>", "[]", "null",
		"{\"id\":\"1\"}x", "{\"id\":\"1\"", "{\"id\":1}",
		"{\"id\":\"\"}", "{\"id\":\"1/2\"}", "{\"id\":\"a b\"}",
		"{\"id\":null}", "{\"data\":\"1\"}", "{\"data\":{\"id\":7}}",
		"{\"data\":[{\"id\":\"7\"}]}", "{\"ID\":\"1\"}",
	};
	static const enum platform_id ids[] = { PF_TWITTER, PF_FACEBOOK,
	    PF_INSTAGRAM, PF_PINTEREST };
	char *want;
	size_t i, k;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		for (k = 0; k < 4; k++) {
			answer(k == 0 || k == 3 ? 201 : 200, bodies[i]);
			parse(ids[k], 0);
			want = xasprintf("%s answered %ld but the body could "
			    "not be read", adapter_get(ids[k])->name,
			    fx.r.status);
			assert_outcome(OUTCOME_UNKNOWN, false,
			    (int)fx.r.status, NULL, NULL, want);
			assert_null(fx.o.step);
			free(want);
		}

	/* a NUL inside the body */
	answer(201, "{\"data\":{\"id\":\"1\"}}");
	fx.r.len++;
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 201, NULL, NULL, "twitter "
	    "answered 201 but the body could not be read");

	/* an id too long for a URL we make */
	want = xmalloc(200);
	memset(want, '9', 199);
	want[199] = '\0';
	answer(200, "");
	fx.r.body = xasprintf("{\"id\":\"%s\"}", want);
	fx.r.len = strlen(fx.r.body);
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 200, NULL, NULL, "facebook "
	    "answered 200 but the body could not be read");
	free(fx.r.body);
	free(want);
}

/* LinkedIn: the URN in x-restli-id; DUPLICATE_POST names the post. */
static void
test_linkedin(void **state)
{
	answer(201, "");
	add_header("content-length", "0");
	add_header("x-restli-id", "urn:li:share:7012345678901234567");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 201,
	    "urn:li:share:7012345678901234567", "https://www.linkedin.com/"
	    "feed/update/urn:li:share:7012345678901234567/", NULL);
	assert_false(fx.o.duplicate);

	answer(201, "");
	add_header("x-restli-id", "urn:li:ugcPost:42");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 201, "urn:li:ugcPost:42",
	    "https://www.linkedin.com/feed/update/urn:li:ugcPost:42/", NULL);

	answer(201, "");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 201, NULL, NULL, "linkedin "
	    "answered 201 without the post's URN (x-restli-id)");
	answer(201, "");
	add_header("x-restli-id", "urn:li:share:1/../x");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 201, NULL, NULL, "linkedin "
	    "answered 201 without the post's URN (x-restli-id)");
	answer(201, "");
	add_header("x-restli-id", "urn:li:share:");
	parse(PF_LINKEDIN, 0);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	answer(201, "");
	add_header("x-restli-id", "12345");
	parse(PF_LINKEDIN, 0);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);

	answer(422, "{\"errorDetailType\":\"com.linkedin.common.error."
	    "BadRequest\",\"message\":\"Content is a duplicate of "
	    "urn:li:share:7175858289489457152\",\"errorDetails\":{"
	    "\"inputErrors\":[{\"description\":\"Duplicate post is "
	    "detected\",\"input\":{},\"code\":\"DUPLICATE_POST\"}]},"
	    "\"status\":422}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 422,
	    "urn:li:share:7175858289489457152", "https://www.linkedin.com/"
	    "feed/update/urn:li:share:7175858289489457152/", NULL);
	assert_true(fx.o.duplicate);

	/* the URN ends at a full stop; found in a description too */
	answer(422, "{\"message\":\"Duplicate.\",\"errorDetails\":{"
	    "\"inputErrors\":[{\"code\":\"OTHER\"},{\"code\":"
	    "\"DUPLICATE_POST\",\"description\":\"Content is a duplicate of "
	    "urn:li:ugcPost:99.\"}]}}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 422, "urn:li:ugcPost:99",
	    "https://www.linkedin.com/feed/update/urn:li:ugcPost:99/", NULL);
	assert_true(fx.o.duplicate);

	/* a duplicate without a URN */
	answer(422, "{\"message\":\"Content is a duplicate of urn:li:\","
	    "\"errorDetails\":{\"inputErrors\":[{\"code\":"
	    "\"DUPLICATE_POST\"}]}}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 422, NULL, NULL, NULL);
	assert_true(fx.o.duplicate);

	/* another 422 is a refusal */
	answer(422, "{\"message\":\"Field Value validation failed in "
	    "REQUEST_BODY: Data Processing Exception while processing "
	    "fields [/commentary]\",\"errorDetails\":{\"inputErrors\":[{"
	    "\"code\":\"INVALID_VALUE\"}]},\"status\":422}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_FAILED, false, 422, NULL, NULL, "linkedin "
	    "refused the request (422): Field Value validation failed in "
	    "REQUEST_BODY: Data Processing Exception while processing fields "
	    "[/commentary]");
	assert_false(fx.o.duplicate);

	/* DUPLICATE_POST only counts in a 422 */
	answer(400, "{\"message\":\"Content is a duplicate of urn:li:"
	    "share:1\",\"errorDetails\":{\"inputErrors\":[{\"code\":"
	    "\"DUPLICATE_POST\"}]}}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "linkedin "
	    "refused the request (400): Content is a duplicate of "
	    "urn:li:share:1");

	answer(401, "{\"status\":401,\"serviceErrorCode\":65601,\"code\":"
	    "\"REVOKED_ACCESS_TOKEN\",\"message\":\"The token used in the "
	    "request has been revoked by the user\"}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_FAILED, false, 401, NULL, NULL, "the linkedin "
	    "token was refused: renew it (The token used in the request has "
	    "been revoked by the user)");

	/* a retired LinkedIn-Version: the config must change */
	PSET(&fx.config.platforms[PF_LINKEDIN], "version") = "202411";
	answer(426, "{\"status\":426,\"code\":\"NONEXISTENT_VERSION\","
	    "\"message\":\"Requested version 20241101 is not active\"}");
	parse(PF_LINKEDIN, 0);
	assert_failed(false, false, true, 426, "linkedin no longer serves LinkedIn-Version "
	    "202411 (426: Requested version 20241101 is not active): the "
	    "version is retired; set platforms.linkedin.version to a newer "
	    "one");
	PSET(&fx.config.platforms[PF_LINKEDIN], "version") = NULL;
	answer(426, "");
	parse(PF_LINKEDIN, 0);
	assert_true(fx.o.config);
	assert_str(fx.o.error, "linkedin no longer serves LinkedIn-Version "
	    "202610 (426): the version is retired; set "
	    "platforms.linkedin.version to a newer one");
}

/* Facebook: 200 {"id"}; 506 is a duplicate; Graph rate limits. */
static void
test_facebook(void **state)
{
	answer(200, "{\"id\":\"1234_5678\"}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "1234_5678",
	    "https://www.facebook.com/1234_5678", NULL);
	assert_false(fx.o.duplicate);

	answer(400, "{\"error\":{\"message\":\"Duplicate status message\","
	    "\"type\":\"OAuthException\",\"code\":506,\"fbtrace_id\":\"A\"}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 400, NULL, NULL, NULL);
	assert_true(fx.o.duplicate);

	answer(400, "{\"error\":{\"message\":\"(#4) Application request "
	    "limit reached\",\"type\":\"OAuthException\",\"code\":4,"
	    "\"is_transient\":true}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "facebook is "
	    "rate limiting (400): (#4) Application request limit reached "
	    "(code 4)");
	answer(403, "{\"error\":{\"message\":\"Page request limit\","
	    "\"code\":32,\"error_subcode\":2446079}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, true, 403, NULL, NULL, "facebook is "
	    "rate limiting (403): Page request limit (code 32, subcode "
	    "2446079)");

	/* Graph's refused token comes as a 400 */
	answer(400, "{\"error\":{\"message\":\"Error validating access "
	    "token: Session has expired on Friday, 13-Nov-26.\",\"type\":"
	    "\"OAuthException\",\"code\":190,\"error_subcode\":463}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "the facebook "
	    "token was refused: renew it: put a new facebook.access_token in "
	    "the credentials file (/etc/almanac/credentials.conf) (Error "
	    "validating access token: Session has expired on Friday, "
	    "13-Nov-26. (code 190, subcode 463))");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "the instagram "
	    "token was refused: renew it: put a new instagram.access_token in "
	    "the credentials file (/etc/almanac/credentials.conf) (Error "
	    "validating access token: Session has expired on Friday, "
	    "13-Nov-26. (code 190, subcode 463))");
	fx.cred.source = NULL;
	answer(403, "{\"error\":{\"code\":190}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, false, 403, NULL, NULL, "the facebook "
	    "token was refused: renew it: put a new facebook.access_token in "
	    "the credentials file (no message (code 190))");
	/* ... not a 5xx */
	answer(500, "{\"error\":{\"code\":190,\"message\":\"m\"}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 500, NULL, NULL, "facebook "
	    "answered 500: m (code 190)");

	/* a refused token stays a refused token */
	answer(401, "{\"error\":{\"message\":\"Token\",\"code\":4}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, false, 401, NULL, NULL, "the facebook "
	    "token was refused: renew it (Token (code 4))");

	/* Koala#699: a 500 with code 2 may have made the post */
	answer(500, "{\"error\":{\"message\":\"An unexpected error has "
	    "occurred. Please retry your request later.\",\"type\":"
	    "\"OAuthException\",\"is_transient\":true,\"code\":2}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 500, NULL, NULL, "facebook "
	    "answered 500: An unexpected error has occurred. Please retry "
	    "your request later. (code 2)");

	/* a code without a message */
	answer(400, "{\"error\":{\"code\":368}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "facebook "
	    "refused the request (400): no message (code 368)");
	/* a code that is not an integer is left out */
	answer(400, "{\"error\":{\"message\":\"m\",\"code\":\"506\","
	    "\"error_subcode\":1.5}}");
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "facebook "
	    "refused the request (400): m");
	assert_false(fx.o.duplicate);
}

/* The forms of "come back at" in a rate-limited answer. */
static void
test_come_back_forms(void **state)
{
	answer(429, "");
	assert_int_equal(adapter_header_number(&fx.r, "x-rate-limit-reset"),
	    -1);
	add_header("a", "1794474900");
	add_header("b", "0");
	add_header("c", "");
	add_header("d", "-60");
	add_header("e", "17944749OO");
	add_header("f", "1e9");
	add_header("g", "1234567890123456");
	assert_int_equal(adapter_header_number(&fx.r, "a"), 1794474900LL);
	assert_int_equal(adapter_header_number(&fx.r, "b"), 0);
	assert_int_equal(adapter_header_number(&fx.r, "c"), -1);
	assert_int_equal(adapter_header_number(&fx.r, "d"), -1);
	assert_int_equal(adapter_header_number(&fx.r, "e"), -1);
	assert_int_equal(adapter_header_number(&fx.r, "f"), -1);
	assert_int_equal(adapter_header_number(&fx.r, "g"), -1);

	assert_int_equal(adapter_next_midnight_utc(0), 86400);
	assert_int_equal(adapter_next_midnight_utc(86399), 86400);
	assert_int_equal(adapter_next_midnight_utc(86400), 172800);
	assert_int_equal(adapter_next_midnight_utc(1794474000LL),
	    1794528000LL);	/* 2026-11-13 00:00 UTC */

	answer(400, "");
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
	add_header("x-business-use-case-usage", "{\"1234\":[{\"type\":"
	    "\"pages\",\"call_count\":100,\"total_cputime\":20,"
	    "\"total_time\":30,\"estimated_time_to_regain_access\":3},"
	    "{\"type\":\"ads_management\",\"estimated_time_to_regain_"
	    "access\":17}],\"99\":[{\"estimated_time_to_regain_access\":"
	    "5}]}");
	assert_int_equal(adapter_graph_regain(&fx.r), 17 * 60);
	fx.h[0].value = "{\"1234\":[{\"type\":\"pages\",\"call_count\":"
	    "100,\"estimated_time_to_regain_access\":0}]}";
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
	fx.h[0].value = "{\"1234\":[{\"estimated_time_to_regain_access\":"
	    "\"17\"}]}";
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
	fx.h[0].value = "{\"1234\":[{\"estimated_time_to_regain_access\":"
	    "2.5}]}";
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
	fx.h[0].value = "[17]";
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
	fx.h[0].value = "{\"1234\":[{\"estimated_time_to_regain_access\":"
	    "17}]} junk";
	assert_int_equal(adapter_graph_regain(&fx.r), -1);
}

/* Each platform's rate-limited answer says when to come back, read from
 * its own headers into not_before; Retry-After is left to the run. */
static void
test_come_back(void **state)
{
	const char *x429 = "{\"errors\":[{\"code\":88,\"message\":"
	    "\"Rate limit exceeded\"}]}";
	const char *buc = "{\"1234\":[{\"type\":\"pages\",\"call_count\":"
	    "100,\"estimated_time_to_regain_access\":42}]}";

	/* X: the 15-minute window is spent. */
	answer(429, x429);
	add_header("x-rate-limit-limit", "100");
	add_header("x-rate-limit-remaining", "0");
	add_header("x-rate-limit-reset", "1794474900");
	parse(PF_TWITTER, 0);
	assert_outcome(OUTCOME_FAILED, true, 429, NULL, NULL, "twitter is "
	    "rate limiting (429): Rate limit exceeded");
	assert_int_equal(fx.o.not_before, 1794474900LL);
	/* The user's 24 hours are spent, the 15 minutes are not. */
	fx.h[1].value = "37";
	add_header("x-user-limit-24hour-remaining", "0");
	add_header("x-user-limit-24hour-reset", "1794520000");
	add_header("x-app-limit-24hour-remaining", "9000");
	add_header("x-app-limit-24hour-reset", "1794530000");
	parse(PF_TWITTER, 0);
	assert_int_equal(fx.o.not_before, 1794520000LL);
	/* Both the user's and the app's: the later. */
	fx.h[5].value = "0";
	parse(PF_TWITTER, 0);
	assert_int_equal(fx.o.not_before, 1794530000LL);
	/* A reset without a count left counts; nothing readable: 0. */
	answer(429, x429);
	add_header("x-rate-limit-reset", "1794474960");
	parse(PF_TWITTER, 0);
	assert_int_equal(fx.o.not_before, 1794474960LL);
	fx.h[0].value = "soon";
	parse(PF_TWITTER, 0);
	assert_int_equal(fx.o.not_before, 0);
	/* Only a 429 is read so. */
	answer(503, "{\"title\":\"Service Unavailable\"}");
	add_header("x-rate-limit-reset", "1794474960");
	fx.r.retry_after = 30;
	parse(PF_TWITTER, 0);
	assert_true(fx.o.retryable);
	assert_int_equal(fx.o.not_before, 0);

	/* LinkedIn: a 429 without headers comes back at midnight UTC; with
	 * Retry-After, the run follows that. */
	answer(429, "{\"status\":429,\"message\":\"Too Many Requests\"}");
	parse(PF_LINKEDIN, 0);
	assert_outcome(OUTCOME_FAILED, true, 429, NULL, NULL, "linkedin is "
	    "rate limiting (429): Too Many Requests");
	assert_int_equal(fx.o.not_before, 1794528000LL);
	fx.r.retry_after = 60;
	parse(PF_LINKEDIN, 0);
	assert_int_equal(fx.o.not_before, 0);
	answer(422, "{\"status\":422,\"message\":\"bad\"}");
	parse(PF_LINKEDIN, 0);
	assert_false(fx.o.retryable);
	assert_int_equal(fx.o.not_before, 0);

	/* Facebook and Instagram: a throttle code with the usage header
	 * comes back after its minutes; without it, nothing is said. */
	answer(400, "{\"error\":{\"message\":\"(#32) Page request limit "
	    "reached\",\"code\":32}}");
	add_header("X-Business-Use-Case-Usage", buc);
	fx.h[0].name = "x-business-use-case-usage";
	parse(PF_FACEBOOK, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "facebook is "
	    "rate limiting (400): (#32) Page request limit reached (code 32)");
	assert_int_equal(fx.o.not_before, 1794474000LL + 42 * 60);
	answer(403, "{\"error\":{\"message\":\"(#17) User request limit "
	    "reached\",\"code\":17}}");
	add_header("x-business-use-case-usage", buc);
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, true, 403, NULL, NULL, "instagram is "
	    "rate limiting (403): (#17) User request limit reached (code 17)");
	assert_int_equal(fx.o.not_before, 1794474000LL + 42 * 60);
	fx.r.nheaders = 0;
	parse(PF_INSTAGRAM, 0);
	assert_true(fx.o.retryable);
	assert_int_equal(fx.o.not_before, 0);
	/* The header on an answer that is no rate limit says nothing. */
	answer(400, "{\"error\":{\"message\":\"bad\",\"code\":100}}");
	add_header("x-business-use-case-usage", buc);
	parse(PF_FACEBOOK, 0);
	assert_false(fx.o.retryable);
	assert_int_equal(fx.o.not_before, 0);

	/* Pinterest documents no header: the run's backoff. */
	answer(429, "{\"code\":8,\"message\":\"Too many requests\"}");
	add_header("x-rate-limit-reset", "1794474900");
	parse(PF_PINTEREST, 0);
	assert_true(fx.o.retryable);
	assert_int_equal(fx.o.not_before, 0);
}

/* Pinterest: 201 with the Pin object. */
static void
test_pinterest(void **state)
{
	answer(201, "{\"id\":\"813744226420795884\",\"created_at\":"
	    "\"2026-11-12T09:00:00\",\"board_id\":\"1\",\"media\":{"
	    "\"media_type\":\"image\"}}");
	parse(PF_PINTEREST, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 201, "813744226420795884",
	    "https://www.pinterest.com/pin/813744226420795884/", NULL);
	assert_false(fx.o.duplicate);

	answer(400, "{\"code\":1,\"message\":\"Invalid parameters: "
	    "board_id\"}");
	parse(PF_PINTEREST, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "pinterest "
	    "refused the request (400): Invalid parameters: board_id");
}

/* Mastodon: 200 with the Status; 422 with the server's words; 429 with
 * X-RateLimit-Reset, ISO 8601 with microseconds. */
static void
test_mastodon(void **state)
{
	answer(200, "{\"id\":\"113555000111222333\",\"created_at\":"
	    "\"2026-11-12T09:00:01.000Z\",\"uri\":\"https://social.example/"
	    "users/almanac/statuses/113555000111222333\",\"url\":"
	    "\"https://social.example/@almanac/113555000111222333\"}");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "113555000111222333",
	    "https://social.example/@almanac/113555000111222333", NULL);
	assert_false(fx.o.duplicate);
	/* no url, or an id that cannot be kept: unknown */
	answer(200, "{\"id\":\"113555000111222333\"}");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 200, NULL, NULL, "mastodon "
	    "answered 200 but the body could not be read");
	answer(200, "{\"id\":\"1/2\",\"url\":\"https://s.example/@a/1\"}");
	parse(PF_MASTODON, 0);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);

	answer(422, "{\"error\":\"Validation failed: Text character limit of "
	    "500 exceeded\"}");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_FAILED, false, 422, NULL, NULL, "mastodon "
	    "refused the request (422): Validation failed: Text character "
	    "limit of 500 exceeded");
	answer(401, "{\"error\":\"The access token is invalid\"}");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_FAILED, false, 401, NULL, NULL, "the mastodon "
	    "token was refused: renew it (The access token is invalid)");

	answer(429, "{\"error\":\"Too many requests\"}");
	add_header("X-RateLimit-Limit", "300");
	add_header("X-RateLimit-Remaining", "0");
	add_header("X-RateLimit-Reset", "2026-11-12T09:05:00.000000Z");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_FAILED, true, 429, NULL, NULL, "mastodon is "
	    "rate limiting (429): Too many requests");
	assert_int_equal(fx.o.not_before, 1794474000LL + 300);
	/* a reset it cannot read: the engine's backoff */
	answer(429, "{\"error\":\"Too many requests\"}");
	add_header("X-RateLimit-Reset", "1794474300");
	parse(PF_MASTODON, 0);
	assert_int_equal(fx.o.not_before, 0);
	/* the header on another answer says nothing */
	answer(500, "{\"error\":\"oops\"}");
	add_header("X-RateLimit-Reset", "2026-11-12T09:05:00.000000Z");
	parse(PF_MASTODON, 0);
	assert_outcome(OUTCOME_UNKNOWN, false, 500, NULL, NULL, "mastodon "
	    "answered 500: oops");
	assert_int_equal(fx.o.not_before, 0);
}

/* Checks that fx.o is NEXT: publish container id at step 1. */
static void
assert_next_publish(int status, const char *id)
{
	const struct request *r;
	char *step = xasprintf("container:%s", id);
	char *body = xasprintf("creation_id=%s", id);

	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.http_status, status);
	assert_false(fx.o.retryable);
	assert_null(fx.o.remote_id);
	assert_null(fx.o.permalink);
	assert_null(fx.o.error);
	assert_str(fx.o.step, step);
	assert_int_equal(fx.o.next_step, 1);
	assert_int_equal(fx.o.next.n, 1);
	r = &fx.o.next.v[0];
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, IG_API "/" IG_USER "/media_publish");
	assert_str(r->body, body);
	assert_int_equal(r->nheaders, 2);
	assert_string_equal(r->headers[0].name, "Authorization");
	assert_string_equal(r->headers[0].value, "Bearer ig-token");
	assert_true(r->headers[0].secret);
	assert_string_equal(r->headers[1].name, "Content-Type");
	assert_string_equal(r->headers[1].value,
	    "application/x-www-form-urlencoded");
	assert_false(r->headers[1].secret);
	free(step);
	free(body);
}

/* Checks that fx.o is NEXT: GET id?fields=FIELDS at step, keeping
 * progress. */
static void
assert_next_get(int status, const char *id, const char *fields, int step,
    const char *progress)
{
	const struct request *r;
	char *url = xasprintf(IG_API "/%s?fields=%s", id, fields);

	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.http_status, status);
	assert_false(fx.o.retryable);
	assert_null(fx.o.remote_id);
	assert_null(fx.o.permalink);
	assert_null(fx.o.error);
	assert_str(fx.o.step, progress);
	assert_int_equal(fx.o.next_step, step);
	assert_int_equal(fx.o.next.n, 1);
	r = &fx.o.next.v[0];
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->url, url);
	assert_null(r->body);
	assert_int_equal(r->nheaders, 1);
	assert_string_equal(r->headers[0].name, "Authorization");
	assert_string_equal(r->headers[0].value, "Bearer ig-token");
	assert_true(r->headers[0].secret);
	free(url);
}

/* Checks that fx.o is NEXT: the user's latest media at url (META_LOOKUP,
 * step 5), keeping the container as progress, after a container found
 * PUBLISHED. */
static void
assert_next_lookup(const char *url, const char *progress)
{
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 5);
	assert_str(fx.o.step, progress);
	assert_null(fx.o.remote_id);
	assert_int_equal(fx.o.next.n, 1);
	assert_string_equal(fx.o.next.v[0].method, "GET");
	assert_string_equal(fx.o.next.v[0].url, url);
	assert_true(fx.o.next.v[0].headers[0].secret);
}

/* Threads: the quota first, then Instagram's flow with its own edges,
 * status field and step number of the container. */
static void
test_threads_flow(void **state)
{
	const char *api = "https://graph.threads.net/v1.0";
	struct token_grant g;
	char *url;

	PSET(&fx.config.platforms[PF_THREADS], "user_id") = "6006";
	CRED(&fx.cred, PF_THREADS, access_token) = "th-token";
	fx.m.link = "https://example.org/1927";
	/* a picture at a public address: an IMAGE container, no link card */
	answer(200, "{\"data\":[{\"quota_usage\":4,\"config\":"
	    "{\"quota_total\":250,\"quota_duration\":86400}}]}");
	parse(PF_THREADS, 0);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 4);
	assert_string_equal(fx.o.next.v[0].body, "media_type=IMAGE&image_url="
	    "https%3A%2F%2Fexample.org%2Ft.jpg&text=On%20this%20day");
	/* none: a TEXT container with the link */
	fx.m.image_url = NULL;
	/* within the quota: the container next, as step 4 */
	answer(200, "{\"data\":[{\"quota_usage\":4,\"config\":"
	    "{\"quota_total\":250,\"quota_duration\":86400}}]}");
	parse(PF_THREADS, 0);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 4);
	assert_null(fx.o.step);
	assert_int_equal(fx.o.next.n, 1);
	url = xasprintf("%s/6006/threads", api);
	assert_string_equal(fx.o.next.v[0].url, url);
	free(url);
	assert_string_equal(fx.o.next.v[0].body, "media_type=TEXT&text=On%20"
	    "this%20day&link_attachment=https%3A%2F%2Fexample.org%2F1927");
	/* used up: not before an hour later, nothing made */
	answer(200, "{\"data\":[{\"quota_usage\":250,\"config\":"
	    "{\"quota_total\":250,\"quota_duration\":86400}}]}");
	parse(PF_THREADS, 0);
	assert_outcome(OUTCOME_FAILED, true, 200, NULL, NULL, "threads' "
	    "publishing quota is used up (250 of 250 posts in the last 24 "
	    "hours)");
	assert_true(fx.o.not_before == fx.ctx.clock + 3600);
	/* a GET made nothing: a lost or unreadable answer is tried again */
	answer(500, "{\"error\":{\"message\":\"boom\",\"code\":2}}");
	parse(PF_THREADS, 0);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_true(fx.o.retryable);
	transport(HTTP_E_TIMEOUT, true, NULL);
	parse(PF_THREADS, 0);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_true(fx.o.retryable);
	answer(200, "{\"data\":[]}");
	parse(PF_THREADS, 0);
	assert_outcome(OUTCOME_FAILED, true, 200, NULL, NULL, "threads "
	    "answered 200 but its publishing limit could not be read");
	/* the token refused, at any step */
	answer(400, "{\"error\":{\"message\":\"Session has expired\","
	    "\"code\":190,\"error_subcode\":463}}");
	parse(PF_THREADS, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "the threads "
	    "token was refused: renew it: put a new threads.access_token in "
	    "the credentials file (/etc/almanac/credentials.conf) (Session "
	    "has expired (code 190, subcode 463))");
	/* the container: its status next, kept */
	answer(200, "{\"id\":\"18010\"}");
	parse(PF_THREADS, 4);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 2);
	assert_str(fx.o.step, "container:18010");
	url = xasprintf("%s/18010?fields=status,error_message", api);
	assert_string_equal(fx.o.next.v[0].url, url);
	free(url);
	/* a lost container answer: unknown, as Instagram's */
	answer(500, "{\"error\":{\"message\":\"boom\",\"code\":2}}");
	parse(PF_THREADS, 4);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	/* its status */
	answer(200, "{\"status\":\"FINISHED\",\"id\":\"18010\"}");
	parse(PF_THREADS, 2);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 1);
	url = xasprintf("%s/6006/threads_publish", api);
	assert_string_equal(fx.o.next.v[0].url, url);
	free(url);
	assert_string_equal(fx.o.next.v[0].body, "creation_id=18010");
	/* PUBLISHED (a lost threads_publish answer): the thread is looked
	 * for among the profile's latest by its text */
	answer(200, "{\"status\":\"PUBLISHED\",\"id\":\"18010\"}");
	parse(PF_THREADS, 2);
	url = xasprintf("%s/6006/threads?fields=id,text,permalink&limit=25",
	    api);
	assert_next_lookup(url, "container:18010");
	free(url);
	assert_string_equal(fx.o.next.v[0].headers[0].value,
	    "Bearer th-token");
	/* its answer: the thread whose text is the message's, else the
	 * container */
	fx.ctx.progress = "container:18010";
	answer(200, "{\"data\":[{\"id\":\"18021\",\"text\":\"other\"},"
	    "{\"id\":\"18020\",\"text\":\"On this day\",\"permalink\":"
	    "\"https://www.threads.net/@a/post/X\"}]}");
	parse(PF_THREADS, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "18020",
	    "https://www.threads.net/@a/post/X", NULL);
	/* caption is Instagram's field, not Threads' */
	answer(200, "{\"data\":[{\"id\":\"18020\",\"caption\":"
	    "\"On this day\",\"permalink\":\"https://www.threads.net/@a/"
	    "post/X\"}]}");
	parse(PF_THREADS, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "18010", NULL, NULL);
	answer(200, "{\"data\":[]}");
	parse(PF_THREADS, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "18010", NULL, NULL);
	answer(400, "{\"error\":{\"message\":\"boom\",\"code\":100}}");
	parse(PF_THREADS, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 400, "18010", NULL, NULL);
	transport(HTTP_E_TIMEOUT, true, "timed out");
	parse(PF_THREADS, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 0, "18010", NULL, NULL);
	fx.ctx.progress = NULL;
	answer(200, "{\"status\":\"IN_PROGRESS\",\"id\":\"18010\"}");
	parse(PF_THREADS, 2);
	assert_outcome(OUTCOME_FAILED, true, 200, NULL, NULL, "the threads "
	    "container 18010 is still being processed");
	answer(200, "{\"status\":\"ERROR\",\"id\":\"18010\","
	    "\"error_message\":\"UNKNOWN\"}");
	parse(PF_THREADS, 2);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_false(fx.o.retryable);
	assert_str(fx.o.error, "the threads container 18010 has status ERROR "
	    "UNKNOWN: a new container is needed");
	assert_str(fx.o.step, "");
	/* status_code is Instagram's field, not Threads' */
	answer(200, "{\"status_code\":\"FINISHED\",\"id\":\"18010\"}");
	parse(PF_THREADS, 2);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	/* published: the permalink next, then published with it */
	answer(200, "{\"id\":\"18020\"}");
	parse(PF_THREADS, 1);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 3);
	assert_str(fx.o.step, "media:18020");
	fx.ctx.progress = "media:18020";
	answer(200, "{\"permalink\":\"https://www.threads.net/@a/post/X\","
	    "\"id\":\"18020\"}");
	parse(PF_THREADS, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "18020",
	    "https://www.threads.net/@a/post/X", NULL);
	fx.ctx.progress = NULL;
	/* Meta's throttling, with its usage header */
	answer(400, "{\"error\":{\"message\":\"(#4) Application request "
	    "limit reached\",\"code\":4}}");
	add_header("X-Business-Use-Case-Usage", "{\"6006\":[{\"type\":"
	    "\"threads\",\"estimated_time_to_regain_access\":30}]}");
	parse(PF_THREADS, 4);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_true(fx.o.retryable);
	assert_true(fx.o.not_before == fx.ctx.clock + 30 * 60);

	/* the renewal's answers */
	fx.ctx.pc = &fx.config.platforms[PF_THREADS];
	answer(200, "{\"access_token\":\"new\",\"token_type\":\"bearer\","
	    "\"expires_in\":5183944}");
	adapter_get(PF_THREADS)->grant_parse(&fx.ctx, &fx.r, &g);
	assert_int_equal(g.state, GRANT_OK);
	assert_string_equal(g.access_token, "new");
	assert_null(g.refresh_token);
	assert_true(g.expires_in == 5183944);
	token_grant_free(&g);
	answer(400, "{\"error\":{\"message\":\"Session has expired\","
	    "\"code\":190,\"error_subcode\":463}}");
	adapter_get(PF_THREADS)->grant_parse(&fx.ctx, &fx.r, &g);
	assert_int_equal(g.state, GRANT_REFUSED);
	assert_string_equal(g.error, "threads refused the access token (400: "
	    "Session has expired (code 190, subcode 463))");
	token_grant_free(&g);
}

/* Instagram: container, its status, media_publish, the permalink. */
static void
test_instagram_flow(void **state)
{
	answer(200, "{\"id\":\"17889455560051444\"}");
	parse(PF_INSTAGRAM, 0);
	assert_next_get(200, "17889455560051444", "status_code", 2,
	    "container:17889455560051444");

	answer(200, "{\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 0);
	assert_next_get(200, "C", "status_code", 2, "container:C");

	/* published: its permalink next, the media kept */
	answer(200, "{\"id\":\"17920238422030506\"}");
	parse(PF_INSTAGRAM, 1);
	assert_next_get(200, "17920238422030506", "permalink", 3,
	    "media:17920238422030506");

	fx.ctx.progress = "media:17920238422030506";
	answer(200, "{\"permalink\":\"https://www.instagram.com/p/DA1b2C3/\","
	    "\"id\":\"17920238422030506\"}");
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "17920238422030506",
	    "https://www.instagram.com/p/DA1b2C3/", NULL);
	assert_null(fx.o.step);
	assert_false(fx.o.duplicate);
	/* whatever the permalink's answer, the media is there */
	answer(400, "{\"error\":{\"message\":\"m\",\"code\":100}}");
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 400, "17920238422030506",
	    NULL, NULL);
	transport(HTTP_E_TIMEOUT, true, NULL);
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 0, "17920238422030506",
	    NULL, NULL);
	answer(200, "{\"permalink\":\"javascript:alert(1)\"}");
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "17920238422030506",
	    NULL, NULL);
	answer(200, "{\"permalink\":\"https://x/ \\\"y\"}");
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "17920238422030506",
	    NULL, NULL);
	/* without kept progress, the id of the answer */
	fx.ctx.progress = NULL;
	answer(200, "{\"permalink\":\"https://www.instagram.com/p/X/\","
	    "\"id\":\"M2\"}");
	parse(PF_INSTAGRAM, 3);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "M2",
	    "https://www.instagram.com/p/X/", NULL);
	/* the permalink cannot be asked for: published without it */
	fx.ctx.progress = "media:M3";
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = NULL;
	answer(200, "{\"id\":\"M3\"}");
	parse(PF_INSTAGRAM, 1);
	assert_int_equal(fx.o.kind, OUTCOME_PUBLISHED);
	assert_str(fx.o.remote_id, "M3");
	assert_null(fx.o.permalink);
	assert_str(fx.o.step, "media:M3");
	assert_int_equal(fx.o.next.n, 0);
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = "ig-token";
	fx.ctx.progress = NULL;

	/* not ready yet: tried again */
	answer(400, "{\"error\":{\"message\":\"Media ID is not available\","
	    "\"type\":\"OAuthException\",\"code\":9007,\"error_subcode\":"
	    "2207027,\"is_transient\":false,\"error_user_title\":\"Cannot "
	    "publish\"}}");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "the instagram "
	    "container is not ready to be published yet: Media ID is not "
	    "available (code 9007, subcode 2207027)");
	/* ... only at media_publish */
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "refused the request (400): Media ID is not available (code "
	    "9007, subcode 2207027)");

	/* an expired container at media_publish */
	answer(400, "{\"error\":{\"message\":\"The media you are trying to "
	    "access has expired.\",\"code\":-2,\"error_subcode\":2207020}}");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "refused the request (400): The media you are trying to access "
	    "has expired. (code -2, subcode 2207020)");

	answer(400, "{\"error\":{\"message\":\"Calls limit\",\"code\":17}}");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "instagram is "
	    "rate limiting (400): Calls limit (code 17)");

	answer(500, "{\"error\":{\"message\":\"Instagram server error\","
	    "\"code\":-1,\"error_subcode\":2207001}}");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_UNKNOWN, false, 500, NULL, NULL, "instagram "
	    "answered 500: Instagram server error (code -1, subcode "
	    "2207001)");

	/* "try again" when making the container (it publishes nothing) */
	answer(400, "{\"error\":{\"message\":\"Instagram server error. "
	    "Try again\",\"code\":-1,\"error_subcode\":2207001}}");
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "instagram "
	    "could not make the media container, try again: Instagram server "
	    "error. Try again (code -1, subcode 2207001)");
	answer(400, "{\"error\":{\"message\":\"Create media fail, please "
	    "try to re-create media\",\"code\":-1,\"error_subcode\":"
	    "2207032}}");
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "instagram "
	    "could not make the media container, try again: Create media "
	    "fail, please try to re-create media (code -1, subcode 2207032)");
	answer(400, "{\"error\":{\"message\":\"It takes too long to "
	    "download the media. Try again\",\"code\":-2,\"error_subcode\":"
	    "2207003}}");
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "instagram "
	    "could not make the media container, try again: It takes too "
	    "long to download the media. Try again (code -2, subcode "
	    "2207003)");
	/* ... but not at media_publish, which may have published */
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "refused the request (400): It takes too long to download the "
	    "media. Try again (code -2, subcode 2207003)");

	/* the 24-hour quota: for a later run */
	answer(400, "{\"error\":{\"message\":\"The maximum number of "
	    "posts that can be published in 24 hours has been reached\","
	    "\"code\":9,\"error_subcode\":2207042}}");
	parse(PF_INSTAGRAM, 1);
	assert_failed(true, true, false, 400, "instagram's publishing quota of the last 24 "
	    "hours is used up: The maximum number of posts that can be "
	    "published in 24 hours has been reached (code 9, subcode "
	    "2207042)");
	parse(PF_INSTAGRAM, 0);
	assert_true(fx.o.retryable && fx.o.later);

	/* the spam restriction is no rate limit (code 4) */
	answer(400, "{\"error\":{\"message\":\"Action is blocked\","
	    "\"code\":4,\"error_subcode\":2207051}}");
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "restricts the account as spam (not a rate limit): Action is "
	    "blocked (code 4, subcode 2207051)");
	parse(PF_INSTAGRAM, 1);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "restricts the account as spam (not a rate limit): Action is "
	    "blocked (code 4, subcode 2207051)");
	answer(400, "{\"error\":{\"message\":\"Limit\",\"code\":4}}");
	parse(PF_INSTAGRAM, 0);
	assert_outcome(OUTCOME_FAILED, true, 400, NULL, NULL, "instagram is "
	    "rate limiting (400): Limit (code 4)");

	/* an unknown step */
	answer(200, "{\"id\":\"1\"}");
	parse(PF_INSTAGRAM, 7);
	assert_outcome(OUTCOME_UNKNOWN, false, 200, NULL, NULL, "instagram "
	    "answered 200 but the body could not be read");
}

/* The container is made but media_publish cannot be built now. */
static void
test_instagram_no_user(void **state)
{
	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = NULL;
	answer(200, "{\"id\":\"C1\"}");
	parse(PF_INSTAGRAM, 0);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_false(fx.o.retryable);
	assert_str(fx.o.step, "container:C1");
	assert_str(fx.o.error, "cannot publish the instagram container C1: "
	    "no user_id for instagram: set platforms.instagram.user_id");
	assert_int_equal(fx.o.next.n, 0);

	PSET(&fx.config.platforms[PF_INSTAGRAM], "user_id") = IG_USER;
	CRED(&fx.cred, PF_INSTAGRAM, access_token) = NULL;
	parse(PF_INSTAGRAM, 0);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_str(fx.o.error, "cannot publish the instagram container C1: "
	    "no instagram.access_token in the credentials "
	    "(/etc/almanac/credentials.conf)");
	assert_int_equal(fx.o.next.n, 0);
}

/* A later attempt resumes from the container with its status. */
static void
test_instagram_resume(void **state)
{
	const struct adapter *a = adapter_get(PF_INSTAGRAM);
	int first = -1;

	assert_non_null(a->resume);
	fx.ctx.pc = &fx.config.platforms[PF_INSTAGRAM];
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "container:C", &fx.rl,
	    &first, &fx.err), 0);
	assert_null(fx.err);
	assert_int_equal(first, 2);
	assert_int_equal(fx.rl.n, 1);
	assert_string_equal(fx.rl.v[0].method, "GET");
	assert_string_equal(fx.rl.v[0].url,
	    IG_API "/C?fields=status_code");
	assert_null(fx.rl.v[0].body);
	assert_int_equal(fx.rl.v[0].nheaders, 1);
	assert_string_equal(fx.rl.v[0].headers[0].name, "Authorization");
	assert_string_equal(fx.rl.v[0].headers[0].value, "Bearer ig-token");
	assert_true(fx.rl.v[0].headers[0].secret);
	request_list_free(&fx.rl);

	/* the API base and graph version from the config */
	fx.config.platforms[PF_INSTAGRAM].api = "http://127.0.0.1:8080/";
	PSET(&fx.config.platforms[PF_INSTAGRAM], "graph_version") = "v21.0";
	first = -1;
	assert_int_equal(a->resume(&fx.ctx, &fx.m,
	    "container:17889455560051444", &fx.rl, &first, &fx.err), 0);
	assert_int_equal(first, 2);
	assert_string_equal(fx.rl.v[0].url, "http://127.0.0.1:8080/v21.0/"
	    "17889455560051444?fields=status_code");
	request_list_free(&fx.rl);

	/* without credentials (a dry run), the token is redacted */
	fx.ctx.cred = NULL;
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "container:C", &fx.rl,
	    &first, &fx.err), 0);
	assert_string_equal(fx.rl.v[0].headers[0].value, "(redacted)");
	request_list_free(&fx.rl);
	fx.ctx.cred = &fx.cred;

	assert_int_equal(a->resume(&fx.ctx, &fx.m, "C", &fx.rl, &first,
	    &fx.err), -1);
	assert_str(fx.err, "the instagram progress \"C\" is not "
	    "\"container:ID\" or \"media:ID\"");
	free(fx.err);
	fx.err = NULL;
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "container:../x",
	    &fx.rl, &first, &fx.err), -1);
	assert_str(fx.err, "the instagram progress \"container:../x\" is not "
	    "\"container:ID\" or \"media:ID\"");
	free(fx.err);
	fx.err = NULL;
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "container:", &fx.rl,
	    &first, &fx.err), -1);
	free(fx.err);
	fx.err = NULL;
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "media:a/b", &fx.rl,
	    &first, &fx.err), -1);
	free(fx.err);
	fx.err = NULL;
	assert_int_equal(fx.rl.n, 0);

	/* a published media: its permalink */
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "media:M1", &fx.rl,
	    &first, &fx.err), 0);
	assert_int_equal(first, 3);
	assert_int_equal(fx.rl.n, 1);
	assert_string_equal(fx.rl.v[0].method, "GET");
	assert_string_equal(fx.rl.v[0].url, "http://127.0.0.1:8080/v21.0/"
	    "M1?fields=permalink");
	request_list_free(&fx.rl);

	PSET(&fx.config.platforms[PF_INSTAGRAM], "graph_version") = "24";
	assert_int_equal(a->resume(&fx.ctx, &fx.m, "container:C", &fx.rl,
	    &first, &fx.err), -1);
	assert_str(fx.err, "platforms.instagram.graph_version \"24\" is not "
	    "a Graph API version such as \"v24.0\"");
	assert_int_equal(fx.rl.n, 0);
}

/* Step 2: what the container's status_code means. */
static void
test_instagram_status(void **state)
{
	/* PUBLISHED: its media is looked for among the user's latest */
	answer(200, "{\"status_code\":\"PUBLISHED\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_next_lookup("https://graph.facebook.com/v24.0/" IG_USER
	    "/media?fields=id,caption,permalink&limit=25", "container:C");

	/* Step 5: the media whose caption is the text, else the container */
	fx.ctx.progress = "container:C";
	answer(200, "{\"data\":[{\"id\":\"M0\",\"caption\":\"other\"},"
	    "{\"id\":\"M1\",\"caption\":\"On this day\",\"permalink\":"
	    "\"https://www.instagram.com/p/x/\"}]}");
	parse(PF_INSTAGRAM, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "M1",
	    "https://www.instagram.com/p/x/", NULL);
	answer(200, "{\"data\":[{\"id\":\"M0\",\"caption\":\"other\"}]}");
	parse(PF_INSTAGRAM, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "C", NULL, NULL);
	answer(200, "{\"data\":[{\"id\":\"M1\",\"caption\":\"On this day\","
	    "\"permalink\":\"javascript:x\"}]}");
	parse(PF_INSTAGRAM, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 200, "M1", NULL, NULL);
	transport(HTTP_E_TIMEOUT, true, "timed out");
	parse(PF_INSTAGRAM, 5);
	assert_outcome(OUTCOME_PUBLISHED, false, 0, "C", NULL, NULL);
	fx.ctx.progress = NULL;

	answer(200, "{\"status_code\":\"FINISHED\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_next_publish(200, "C");

	answer(200, "{\"status_code\":\"IN_PROGRESS\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_FAILED, true, 200, NULL, NULL, "the instagram "
	    "container C is still being processed");
	assert_null(fx.o.step);

	answer(200, "{\"status_code\":\"EXPIRED\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_FAILED, false, 200, NULL, NULL, "the instagram "
	    "container C has status EXPIRED: a new container is needed");
	assert_str(fx.o.step, "");

	answer(200, "{\"status_code\":\"ERROR\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_FAILED, false, 200, NULL, NULL, "the instagram "
	    "container C has status ERROR: a new container is needed");
	assert_str(fx.o.step, "");

	/* what cannot be read */
	answer(200, "{\"status_code\":\"SOMETHING\",\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_UNKNOWN, false, 200, NULL, NULL, "instagram "
	    "answered 200 but the body could not be read");
	assert_null(fx.o.step);
	answer(200, "{\"status_code\":\"FINISHED\"}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_UNKNOWN, false, 200, NULL, NULL, "instagram "
	    "answered 200 but the body could not be read");
	answer(200, "{\"status_code\":1,\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	answer(200, "{\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 2);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);

	/* errors as any other step */
	answer(400, "{\"error\":{\"message\":\"Unsupported get request.\","
	    "\"code\":100,\"error_subcode\":33}}");
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_FAILED, false, 400, NULL, NULL, "instagram "
	    "refused the request (400): Unsupported get request. (code 100, "
	    "subcode 33)");
	assert_null(fx.o.step);
	transport(HTTP_E_TIMEOUT, true, NULL);
	parse(PF_INSTAGRAM, 2);
	assert_outcome(OUTCOME_UNKNOWN, false, 0, NULL, NULL, "no answer "
	    "from instagram after sending (timed out): the post may exist");
}

/* parse of platform pf's answer to request number step into fx.o (what
 * came before freed). */
static void
li_parse(int step)
{
	outcome_free(&fx.o);
	memset(&fx.o, 0, sizeof(fx.o));
	adapter_get(PF_LINKEDIN)->parse(&fx.ctx, &fx.m, step, &fx.r, &fx.o);
}

/* LinkedIn's picture: initializeUpload, the PUT of the file's bytes, the
 * post with the thumbnail; the picture's URN kept as progress at each
 * step, and what each answer of the post leaves of it. */
static void
test_linkedin_picture(void **state)
{
	const struct adapter *a = adapter_get(PF_LINKEDIN);
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	char path[] = "/tmp/almanac-test-li-XXXXXX", *step;
	FILE *f;
	int fd, first = -1;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(png, 1, sizeof(png) - 1, f), sizeof(png) - 1);
	assert_int_equal(fclose(f), 0);
	fx.ctx.pc = &fx.config.platforms[PF_LINKEDIN];
	PSET(&fx.config.platforms[PF_LINKEDIN], "author") =
	    "urn:li:organization:5";
	CRED(&fx.cred, PF_LINKEDIN, access_token) = "li-token";
	fx.m.link = "https://example.org/t";
	fx.m.image_file = path;
	fx.m.image_type = IMAGE_PNG;
	fx.m.alt = "Trotsky at a desk";
	fx.post.summary = "Expelled from the party.";
	assert_int_equal(a->image_max, 5000000);

	/* build: initializeUpload, then (for preview) the PUT and the post */
	assert_int_equal(a->build(&fx.ctx, &fx.m, &fx.rl, &fx.err), 0);
	assert_int_equal(fx.rl.n, 3);
	assert_string_equal(fx.rl.v[0].url, "https://api.linkedin.com/rest/"
	    "images?action=initializeUpload");
	assert_string_equal(fx.rl.v[0].body, "{\"initializeUploadRequest\":"
	    "{\"owner\":\"urn:li:organization:5\"}}");
	assert_string_equal(fx.rl.v[1].method, "PUT");
	request_list_free(&fx.rl);

	/* its answer: the PUT of the file's bytes follows */
	answer(200, "{\"value\":{\"uploadUrlExpiresAt\":1,\"uploadUrl\":"
	    "\"https://up.example/u/1\",\"image\":\"urn:li:image:C4\"}}");
	li_parse(0);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 1);
	assert_string_equal(fx.o.step, "upload urn:li:image:C4");
	assert_string_equal(fx.o.next.v[0].method, "PUT");
	assert_string_equal(fx.o.next.v[0].url, "https://up.example/u/1");
	assert_int_equal(fx.o.next.v[0].body_len, sizeof(png) - 1);
	assert_memory_equal(fx.o.next.v[0].body, png, sizeof(png) - 1);
	step = xstrdup(fx.o.step);
	fx.ctx.progress = step;

	/* the PUT answered: the post with the thumbnail, "posting" kept */
	answer(201, "");
	li_parse(1);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 0);
	assert_string_equal(fx.o.step, "posting urn:li:image:C4");
	assert_non_null(strstr(fx.o.next.v[0].body, "\"thumbnail\":"
	    "\"urn:li:image:C4\",\"thumbnailAltText\":\"Trotsky at a desk\","
	    "\"description\":\"Expelled from the party.\""));
	free(step);
	step = xstrdup(fx.o.step);
	fx.ctx.progress = step;

	/* the post: left open keeps "posting"; refused keeps the picture as
	 * "uploaded"; published clears it */
	answer(500, "{\"message\":\"Internal\"}");
	li_parse(0);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	assert_null(fx.o.step);
	answer(429, "{\"message\":\"Too many\"}");
	li_parse(0);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_true(fx.o.retryable);
	assert_string_equal(fx.o.step, "uploaded urn:li:image:C4");
	answer(201, "");
	add_header("x-restli-id", "urn:li:share:77");
	li_parse(0);
	assert_int_equal(fx.o.kind, OUTCOME_PUBLISHED);
	assert_string_equal(fx.o.step, "");

	/* an upload's lost answer is a failure to retry, not an unknown */
	transport(HTTP_E_TIMEOUT, true, "timed out");
	li_parse(1);
	assert_int_equal(fx.o.kind, OUTCOME_FAILED);
	assert_true(fx.o.retryable);
	assert_non_null(strstr(fx.o.error, "nothing was published"));

	/* a picture kept: resume reads the author's latest posts first */
	assert_int_equal(a->resume(&fx.ctx, &fx.m, step, &fx.rl, &first,
	    &fx.err), 0);
	assert_int_equal(first, 2);
	assert_string_equal(fx.rl.v[0].method, "GET");
	assert_string_equal(fx.rl.v[0].url, "https://api.linkedin.com/rest/"
	    "posts?q=author&author=urn%3Ali%3Aorganization%3A5&count=10");
	answer(200, "{\"elements\":[{\"id\":\"urn:li:share:9\","
	    "\"commentary\":\"On this day\"}]}");
	li_parse(2);
	assert_int_equal(fx.o.kind, OUTCOME_PUBLISHED);
	assert_true(fx.o.duplicate);
	assert_string_equal(fx.o.remote_id, "urn:li:share:9");
	answer(200, "{\"elements\":[]}");
	li_parse(2);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_int_equal(fx.o.next_step, 0);
	answer(403, "{\"message\":\"Not enough permissions\"}");
	li_parse(2);
	assert_int_equal(fx.o.kind, OUTCOME_UNKNOWN);
	assert_string_equal(fx.o.step, "");
	free(step);
	fx.ctx.progress = "uploaded urn:li:image:C4";
	li_parse(2);
	assert_int_equal(fx.o.kind, OUTCOME_NEXT);
	assert_string_equal(fx.o.step, "posting urn:li:image:C4");
	fx.ctx.progress = NULL;
	unlink(path);
}

/* The feed sends nothing: no parse, no resume; of these, Instagram (its
 * container) and LinkedIn (its uploaded picture) resume. */
static void
test_table(void **state)
{
	size_t i;

	assert_null(adapter_get(PF_FEED)->parse);
	assert_null(adapter_get(PF_FEED)->resume);
	for (i = 0; i < NSENDERS; i++) {
		assert_non_null(adapter_get(senders[i])->parse);
		if (senders[i] == PF_INSTAGRAM || senders[i] == PF_LINKEDIN)
			assert_non_null(adapter_get(senders[i])->resume);
		else
			assert_null(adapter_get(senders[i])->resume);
	}
}

/* outcome_free frees all and leaves a zeroed outcome. */
static void
test_outcome_free(void **state)
{
	struct outcome z;

	memset(&z, 0, sizeof(z));
	outcome_free(&fx.o);
	assert_memory_equal(&fx.o, &z, sizeof(z));
	answer(200, "{\"id\":\"C\"}");
	parse(PF_INSTAGRAM, 0);
	assert_int_equal(fx.o.next.n, 1);
	assert_non_null(fx.o.step);
	fx.o.remote_id = xstrdup("r");
	fx.o.permalink = xstrdup("p");
	fx.o.error = xstrdup("e");
	outcome_free(&fx.o);
	assert_memory_equal(&fx.o, &z, sizeof(z));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_free, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_transport, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_no_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_classify, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_classify_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_facebook, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mastodon, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pinterest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_come_back_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_come_back, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_threads_flow, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_flow, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_no_user, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_resume, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_instagram_status, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_linkedin_picture, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
