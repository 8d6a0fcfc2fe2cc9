/* twitter: X API v2 POST /2/tweets, signed with OAuth 1.0a. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "oauth1.h"
#include "platforms/adapter.h"
#include "platforms/whoami.h"
#include "xalloc.h"

/* Its keys in the credentials file, in the order OAuth 1.0a takes them. */
static const char *const twitter_keys[] = { "consumer_key",
	"consumer_secret", "access_token", "access_token_secret", NULL };

/* X refuses U+FFFE, U+FEFF, U+FFFF and an empty text (its length was
 * checked against the limit when it was made). */
static char *
twitter_check(const struct message *m)
{
	if (!text_twitter_chars_ok(m->text != NULL ? m->text : ""))
		return xstrdup("the text has a character X refuses "
		    "(U+FFFE, U+FEFF or U+FFFF) or is empty");
	return NULL;
}

/* The Authorization value for method url: OAuth 1.0a over the oauth
 * parameters only (the JSON body is never signed; url has no query). */
static int
twitter_auth(const struct adapter_ctx *ctx, const char *method,
    const char *url, char **out, char **err)
{
	const char *v[4];
	struct oauth1_keys k;
	char *nonce;
	size_t i;

	for (i = 0; i < 4; i++)
		if (adapter_cred(ctx, &adapter_twitter, twitter_keys[i], &v[i],
		    err) == -1)
			return -1;
	if (ctx->cred == NULL) {
		*out = xstrdup(REDACTED);
		return 0;
	}
	if ((nonce = oauth1_nonce()) == NULL) {
		*err = xstrdup("no random bytes for the OAuth nonce");
		return -1;
	}
	k.consumer_key = v[0];
	k.consumer_secret = v[1];
	k.token = v[2];
	k.token_secret = v[3];
	*out = oauth1_header(method, url, NULL, 0, &k, nonce, ctx->now);
	free(nonce);
	if (*out == NULL) {
		*err = xasprintf("cannot sign a request to %s: the URL must be "
		    "http(s) without a query", url);
		return -1;
	}
	return 0;
}

/* POST {api}/2/tweets with {"text": ...}. */
static int
twitter_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char *base, *url, *auth;
	cJSON *o;

	base = adapter_base(&adapter_twitter, ctx->pc);
	url = xasprintf("%s/2/tweets", base);
	free(base);
	if (twitter_auth(ctx, "POST", url, &auth, err) == -1) {
		free(url);
		return -1;
	}
	r = request_list_add(&l, "POST", url);
	request_add_header(r, "Authorization", auth, true);
	request_add_header(r, "Content-Type", "application/json", false);
	free(auth);
	o = adapter_json_object();
	adapter_json_add(o, "text", cJSON_CreateString(m->text ? m->text : ""));
	r->body = adapter_json(o);
	*out = l;
	return 0;
}

/* X's own words: the RFC 7807 "detail", else the first of v1.1's
 * "errors"[].message, else the "title". Borrowed from j. */
static const char *
twitter_words(const cJSON *j)
{
	const cJSON *e;
	const char *s;

	if ((s = adapter_json_str(j, "detail")) != NULL && *s != '\0')
		return s;
	e = j != NULL ? cJSON_GetObjectItemCaseSensitive(j, "errors") : NULL;
	if (cJSON_IsArray(e) && (s = adapter_json_str(cJSON_GetArrayItem(e, 0),
	    "message")) != NULL && *s != '\0')
		return s;
	if ((s = adapter_json_str(j, "title")) != NULL && *s != '\0')
		return s;
	return NULL;
}

/* True when a 403 says the same text is already posted: "duplicate
 * content" in the detail, or v1.1's error code 187. */
static bool
twitter_duplicate(const cJSON *j)
{
	const cJSON *e, *it;
	const char *s;
	long code;

	if ((s = adapter_json_str(j, "detail")) != NULL &&
	    strcasestr(s, "duplicate content") != NULL)
		return true;
	e = j != NULL ? cJSON_GetObjectItemCaseSensitive(j, "errors") : NULL;
	if (!cJSON_IsArray(e))
		return false;
	cJSON_ArrayForEach(it, e)
		if (adapter_json_int(it, "code", &code) && code == 187)
			return true;
	return false;
}

/*
 * When a 429 says to come back: X sends, for each of its windows (15
 * minutes, and the user's and the app's 24 hours), how many requests are
 * left and when the window resets (Unix seconds). The latest reset of
 * the windows with none left (or that do not say) is when the request
 * may go again; 0 when no window says.
 */
static long long
twitter_reset(const struct http_response *r)
{
	static const char *const windows[][2] = {
		{ "x-rate-limit-remaining", "x-rate-limit-reset" },
		{ "x-user-limit-24hour-remaining", "x-user-limit-24hour-reset" },
		{ "x-app-limit-24hour-remaining", "x-app-limit-24hour-reset" },
	};
	long long t, latest = 0;
	size_t i;

	for (i = 0; i < sizeof(windows) / sizeof(windows[0]); i++)
		if (adapter_header_number(r, windows[i][0]) <= 0 &&
		    (t = adapter_header_number(r, windows[i][1])) > latest)
			latest = t;
	return latest;
}

/* 201 {"data":{"id":...}}; a 403 for duplicate content means the post is
 * already there (X does not say its id); a 429 says when to come back. */
static void
twitter_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *id;
	char *w;

	if (resp->error == HTTP_OK && resp->status == 403 &&
	    twitter_duplicate(j)) {
		adapter_published(out, resp, NULL, NULL);
		out->duplicate = true;
	} else if (resp->error == HTTP_OK && resp->status == 402) {
		/* X bills per request: out of credits, nothing is posted
		 * until the account has more. */
		w = adapter_words(twitter_words(j));
		adapter_failed(out, resp, true, xasprintf("twitter refused "
		    "the post: the X developer account is out of API credits "
		    "(402%s%s): add credits to it", w ? ": " : "",
		    w ? w : ""));
		out->later = true;
		free(w);
	} else if (outcome_classify(adapter_twitter.name, resp,
	    twitter_words(j), out)) {
		if (resp->status == 429)
			adapter_come_back(out, twitter_reset(resp));
	} else {
		id = adapter_json_str(j != NULL ?
		    cJSON_GetObjectItemCaseSensitive(j, "data") : NULL, "id");
		if (adapter_id_ok(id))
			adapter_published(out, resp, id,
			    xasprintf("https://x.com/i/web/status/%s", id));
		else
			adapter_unreadable(&adapter_twitter, resp, out);
	}
	cJSON_Delete(j);
}

/* Doctor: GET {api}/2/users/me, signed as a POST is. */
static int
twitter_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	char *base, *url, *auth;

	base = adapter_base(&adapter_twitter, ctx->pc);
	url = xasprintf("%s/2/users/me", base);
	free(base);
	if (twitter_auth(ctx, "GET", url, &auth, err) == -1) {
		free(url);
		return -1;
	}
	request_add_header(request_list_add(&l, "GET", url), "Authorization",
	    auth, true);
	free(auth);
	*out = l;
	return 0;
}

/* 200 {"data":{"id","name","username"}}: the token is @username's. */
static void
twitter_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *d = j != NULL ?
	    cJSON_GetObjectItemCaseSensitive(j, "data") : NULL;
	const char *user = adapter_json_str(d, "username");
	char *u, *who;

	if (!whoami_classify(&adapter_twitter, ctx->pc, resp, twitter_words(j),
	    NULL, t)) {
		if (user != NULL && (u = adapter_words(user)) != NULL) {
			who = whoami_name("@", u, adapter_json_str(d, "name"));
			free(u);
			whoami_ok(t, who);
		} else
			whoami_unreadable(&adapter_twitter, resp, t);
	}
	cJSON_Delete(j);
}

const struct adapter adapter_twitter = {
	.name = "twitter",
	.label = "X",
	.card = CARD_LINK,
	.counter = COUNT_TWITTER,
	.limit = 280,
	.default_template = "{date}: {title}\n\n{summary}\n\n{url}\n\n{tags}",
	.default_api = "https://api.x.com",
	.needs_image = false,
	.cred_keys = twitter_keys,
	.finish = NULL,
	.check = twitter_check,
	.build = twitter_build,
	.parse = twitter_parse,
	.resume = NULL,
	.whoami = twitter_whoami,
	.whoami_parse = twitter_whoami_parse,
};
