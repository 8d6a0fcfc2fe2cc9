/* twitter: X API v2 POST /2/tweets, signed with OAuth 1.0a. */
#include <stdlib.h>

#include "oauth1.h"
#include "platforms/adapter.h"
#include "xalloc.h"

/* The Authorization value for POST url: OAuth 1.0a over the oauth
 * parameters only (the JSON body is never signed). */
static int
twitter_auth(const struct adapter_ctx *ctx, const char *url, char **out,
    char **err)
{
	static const char *const keys[] = { "consumer_key", "consumer_secret",
	    "access_token", "access_token_secret" };
	const char *v[4];
	struct oauth1_keys k;
	char *nonce;
	size_t i;

	for (i = 0; i < 4; i++)
		if (adapter_cred(ctx, &adapter_twitter, keys[i], &v[i],
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
	*out = oauth1_header("POST", url, NULL, 0, &k, nonce, ctx->now);
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
	if (twitter_auth(ctx, url, &auth, err) == -1) {
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

const struct adapter adapter_twitter = {
	.id = PF_TWITTER,
	.name = "twitter",
	.counter = COUNT_TWITTER,
	.limit = 280,
	.default_template = "{date}: {title}\n\n{summary}\n\n{url}\n\n{tags}",
	.default_api = "https://api.x.com",
	.needs_image = false,
	.finish = NULL,
	.check = NULL,
	.build = twitter_build,
};
