/*
 * twitter: X API v2 POST /2/tweets, signed with OAuth 1.0a; with a
 * picture, first POST /2/media/upload (and /2/media/metadata for its alt
 * text), the upload kept as the pair's progress (platforms/upload.h).
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "oauth1.h"
#include "platforms/adapter.h"
#include "platforms/upload.h"
#include "platforms/whoami.h"
#include "xalloc.h"

/*
 * The steps of the flow. Step 0 is the first request build makes: the
 * upload, or, when an upload is kept from an earlier attempt, its alt
 * text or the post itself (twitter_first); the steps after it are
 * numbered as they are.
 */
enum { TW_FIRST = 0, TW_ALT, TW_POST, TW_UPLOAD };

#define TW_IMAGE_MAX	(5 * 1000 * 1000)	/* a simple upload's picture */
#define TW_MEDIA_AGE	(23 * 3600)	/* an upload is used within a day:
					   one kept longer is made again */
#define TW_ALT_MAX	1000		/* code points of the alt text */
#define TW_MEDIA_ID	"{media-id}"	/* stands for the upload's id in
					   what build shows */

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

/* A POST to {api}PATH signed for m's account, appended to l; NULL with
 * *err (allocated) when a credential is missing. */
static struct request *
twitter_post(const struct adapter_ctx *ctx, const char *path,
    struct request_list *l, char **err)
{
	struct request *r;
	char *base, *url, *auth;

	base = adapter_base(&adapter_twitter, ctx->pc);
	url = xasprintf("%s%s", base, path);
	free(base);
	if (twitter_auth(ctx, "POST", url, &auth, err) == -1) {
		free(url);
		return NULL;
	}
	r = request_list_add(l, "POST", url);
	request_add_header(r, "Authorization", auth, true);
	free(auth);
	return r;
}

/* The request of step (TW_UPLOAD, TW_ALT, TW_POST) with the upload id
 * (NULL: none, a post without a picture), appended to l. Returns 0, or
 * -1 with *err (allocated). */
static int
twitter_request(const struct adapter_ctx *ctx, const struct message *m,
    int step, const char *id, struct request_list *l, char **err)
{
	static const char *const fields[] = { "media_category", "tweet_image",
		NULL };
	struct request *r;
	cJSON *o, *md, *ids;
	char *alt;

	if ((r = twitter_post(ctx, step == TW_UPLOAD ? "/2/media/upload" :
	    step == TW_ALT ? "/2/media/metadata" : "/2/tweets", l,
	    err)) == NULL)
		return -1;
	if (step == TW_UPLOAD)
		/* multipart: OAuth 1.0a signs none of its fields */
		return upload_multipart(&adapter_twitter, m, fields, "media",
		    r, err);
	request_add_header(r, "Content-Type", "application/json", false);
	o = adapter_json_object();
	if (step == TW_ALT) {
		adapter_json_add(o, "id", cJSON_CreateString(id));
		md = adapter_json_add(o, "metadata", adapter_json_object());
		alt = format_cut(m->alt, TW_ALT_MAX);
		adapter_json_add(adapter_json_add(md, "alt_text",
		    adapter_json_object()), "text", cJSON_CreateString(alt));
		free(alt);
	} else {
		adapter_json_add(o, "text", cJSON_CreateString(m->text ?
		    m->text : ""));
		if (id != NULL) {
			md = adapter_json_add(o, "media", adapter_json_object());
			ids = adapter_json_add(md, "media_ids",
			    cJSON_CreateArray());
			cJSON_AddItemToArray(ids, cJSON_CreateString(id));
		}
	}
	r->body = adapter_json(o);
	return 0;
}

/* Whether m's alt text goes with its picture (/2/media/metadata). */
static bool
twitter_has_alt(const struct message *m)
{
	return m->alt != NULL && *m->alt != '\0';
}

/* What step 0 is: TW_POST without a picture; with one, TW_UPLOAD, or
 * when ctx keeps an upload young enough (its id into id), TW_ALT or
 * TW_POST. */
static int
twitter_first(const struct adapter_ctx *ctx, const struct message *m,
    char id[ADAPTER_ID_MAX + 1])
{
	*id = '\0';
	if (m->image_file == NULL)
		return TW_POST;
	if (!upload_kept(ctx, TW_MEDIA_AGE, id))
		return TW_UPLOAD;
	return twitter_has_alt(m) ? TW_ALT : TW_POST;
}

/*
 * POST {api}/2/tweets with {"text": ...}; with a picture, POST
 * {api}/2/media/upload before it (then its alt text), the steps after
 * the first shown with TW_MEDIA_ID for the upload's id.
 */
static int
twitter_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	char id[ADAPTER_ID_MAX + 1];
	int first = twitter_first(ctx, m, id), step;

	for (step = first; ; step = step == TW_UPLOAD && twitter_has_alt(m) ?
	    TW_ALT : TW_POST) {
		if (twitter_request(ctx, m, step, *id ? id : m->image_file ?
		    TW_MEDIA_ID : NULL, &l, err) == -1) {
			request_list_free(&l);
			return -1;
		}
		if (step != first)
			l.v[l.n - 1].note = xstrdup(TW_MEDIA_ID " stands for "
			    "the \"id\" of the upload's answer");
		if (step == TW_POST)
			break;
	}
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

/* X's refusals that any step may get: out of credits (402), and when a
 * 429 says to come back. Fills out and returns true when the status
 * decides, false for a 2xx. */
static bool
twitter_refused(const struct http_response *resp, const cJSON *j,
    struct outcome *out)
{
	char *w;

	if (resp->error == HTTP_OK && resp->status == 402) {
		/* X bills per request: out of credits, nothing is posted
		 * until the account has more. */
		w = adapter_words(twitter_words(j));
		adapter_failed(out, resp, true, xasprintf("twitter refused "
		    "the post: the X developer account is out of API credits "
		    "(402%s%s): add credits to it", w ? ": " : "",
		    w ? w : ""));
		out->later = true;
		free(w);
		return true;
	}
	if (outcome_classify(adapter_twitter.name, resp, twitter_words(j),
	    out)) {
		if (resp->status == 429)
			adapter_come_back(out, twitter_reset(resp));
		return true;
	}
	return false;
}

/*
 * The answer to the upload or to its alt text, which publish nothing: a
 * 2xx goes on (the upload's id kept as progress), anything that is not
 * certain (no answer, a 5xx, a body that cannot be read) is a failure
 * to try again, never unknown.
 */
static void
twitter_media_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const char *kept, const struct http_response *resp,
    const cJSON *j, struct outcome *out)
{
	const char *id = kept;
	char *err = NULL;
	int next;

	if (!twitter_refused(resp, j, out)) {
		if (step == TW_UPLOAD)
			id = adapter_json_str(j != NULL ?
			    cJSON_GetObjectItemCaseSensitive(j, "data") : NULL,
			    "id");
		next = step == TW_UPLOAD && twitter_has_alt(m) ? TW_ALT :
		    TW_POST;
		if (!adapter_id_ok(id))
			adapter_unreadable(&adapter_twitter, resp, out);
		else if (twitter_request(ctx, m, next, id, &out->next,
		    &err) == 0) {
			upload_next(out, resp, next, step == TW_UPLOAD ? id :
			    NULL, ctx->now);
			return;
		} else
			adapter_failed(out, resp, false, err);
	}
	upload_unposted(out, step == TW_UPLOAD ? "upload" : "alt text");
}

/* 201 {"data":{"id":...}}; a 403 for duplicate content means the post is
 * already there (X does not say its id); a 429 says when to come back.
 * With a picture: a 400 about the media ids (the upload expired) drops
 * the upload kept, to be made again; once posted, it is dropped too. */
static void
twitter_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	char kept[ADAPTER_ID_MAX + 1];
	const char *id, *w;

	if (step == TW_FIRST)
		step = twitter_first(ctx, m, kept);
	else if (!upload_kept(ctx, TW_MEDIA_AGE, kept))
		*kept = '\0';
	if (step == TW_UPLOAD || step == TW_ALT) {
		twitter_media_parse(ctx, m, step, *kept ? kept : NULL, resp,
		    j, out);
		cJSON_Delete(j);
		return;
	}
	if (resp->error == HTTP_OK && resp->status == 403 &&
	    twitter_duplicate(j)) {
		adapter_published(out, resp, NULL, NULL);
		out->duplicate = true;
	} else if (twitter_refused(resp, j, out)) {
		w = twitter_words(j);
		if (*kept && resp->error == HTTP_OK && resp->status == 400 &&
		    w != NULL && strcasestr(w, "media") != NULL) {
			out->retryable = true;
			out->step = xstrdup("");
		}
	} else {
		id = adapter_json_str(j != NULL ?
		    cJSON_GetObjectItemCaseSensitive(j, "data") : NULL, "id");
		if (adapter_id_ok(id))
			adapter_published(out, resp, id,
			    xasprintf("https://x.com/i/web/status/%s", id));
		else
			adapter_unreadable(&adapter_twitter, resp, out);
	}
	if (out->kind == OUTCOME_PUBLISHED && *kept)
		out->step = xstrdup("");
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
	.image_max = TW_IMAGE_MAX,
	.rebuild_retries = true,
	.cred_keys = twitter_keys,
	.finish = NULL,
	.check = twitter_check,
	.build = twitter_build,
	.parse = twitter_parse,
	.resume = NULL,
	.whoami = twitter_whoami,
	.whoami_parse = twitter_whoami_parse,
};
