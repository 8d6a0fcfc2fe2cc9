/*
 * instagram: Graph API media container, its status_code, media_publish,
 * then the media's permalink.
 *
 * The flow (its steps, the progress kept) is Meta's container flow,
 * shared with Threads (meta_container.h); here are Instagram's own
 * edges, status field and refusals.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/meta_container.h"
#include "platforms/whoami.h"
#include "xalloc.h"

enum { IG_GRAPH_VERSION = GRAPH_SET_VERSION, IG_USER_ID };

static const struct platform_setting instagram_settings[] = {
	[IG_GRAPH_VERSION] = GRAPH_SETTING,
	[IG_USER_ID] = { .name = "user_id", .kind = SETTING_ID,
	    .required = true,
	    .what = "an Instagram user id (letters, digits, _ or -)",
	    .placeholder = "17841400000000000" },
	{ .name = NULL }
};

static const char *const instagram_keys[] = { "access_token", NULL };

/* Graph's "Media ID is not available": the container is not ready. */
#define NOT_READY_CODE 9007
#define NOT_READY_SUBCODE 2207027

#define INSTAGRAM_MAX_HASHTAGS 30
#define INSTAGRAM_MAX_MENTIONS 20

/* At most 30 hashtags and 20 @-mentions in a caption. */
static char *
instagram_check(const struct message *m)
{
	const char *text = m->text ? m->text : "";
	size_t n;

	if ((n = text_count_hashtags(text)) > INSTAGRAM_MAX_HASHTAGS)
		return xasprintf("the caption has %zu hashtags; Instagram "
		    "allows at most %d", n, INSTAGRAM_MAX_HASHTAGS);
	if ((n = text_count_mentions(text)) > INSTAGRAM_MAX_MENTIONS)
		return xasprintf("the caption has %zu @-mentions; Instagram "
		    "allows at most %d", n, INSTAGRAM_MAX_MENTIONS);
	return NULL;
}

static bool instagram_refused(const struct adapter_ctx *ctx,
    const struct http_response *resp, int step, const char *words,
    long code, long sub, struct outcome *out);

static const struct meta_flow instagram_flow = {
	.a = &adapter_instagram,
	.user_setting = IG_USER_ID,
	.publish_edge = "media_publish",
	.status_field = "status_code",
	.status_query = "status_code",
	.list_edge = "media",
	.text_field = "caption",
	.refused = instagram_refused,
};

/*
 * POST {api}/{graph_version}/{user_id}/media (the container), then
 * POST .../media_publish with the container's id. The second request is
 * shown with REQUEST_CONTAINER_ID in its body; what is sent is the request
 * parse returns when the container is made.
 */
static int
instagram_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct request_list l = { NULL, 0 };
	struct buf body = BUF_INIT;
	const char *user;
	char *url;

	if ((user = adapter_required(&adapter_instagram, pc, IG_USER_ID,
	    err)) == NULL)
		return -1;
	if (m->image_url == NULL || *m->image_url == '\0') {
		*err = xstrdup("instagram needs an image: give the post an "
		    "image or set platforms.instagram.default_image");
		return -1;
	}
	url = adapter_graph_url(&adapter_instagram, pc, user, "media");
	adapter_form_add(&body, "image_url", m->image_url);
	adapter_form_add(&body, "caption", m->text ? m->text : "");
	if (m->alt != NULL)
		adapter_form_add(&body, "alt_text", m->alt);
	if (meta_post(&instagram_flow, ctx, &l, url, buf_detach(&body),
	    err) == -1 || meta_build_publish(&instagram_flow, ctx, user,
	    "first", &l, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/*
 * Graph's own refusals of an Instagram request: media_publish's "not
 * ready yet" (try again); and, as HTTP 400, at the container, the errors
 * that say "try again" (making a container publishes nothing); at any
 * step, the 24-hour publishing quota (for a later run) and the spam
 * restriction (for good). Fills out and returns true, or false for
 * another answer.
 */
static bool
instagram_refused(const struct adapter_ctx *ctx,
    const struct http_response *resp, int step, const char *words,
    long code, long sub, struct outcome *out)
{
	char *w;

	(void)ctx;
	if (step == META_PUBLISH && resp->error == HTTP_OK && words != NULL &&
	    code == NOT_READY_CODE && sub == NOT_READY_SUBCODE) {
		w = adapter_words(words);
		adapter_failed(out, resp, true, xasprintf("the instagram "
		    "container is not ready to be published yet: %s", w));
		free(w);
		return true;
	}
	if (resp->error != HTTP_OK || resp->status < 400 ||
	    resp->status > 499 || words == NULL)
		return false;
	w = adapter_words(words);
	if (step == META_CONTAINER && ((code == -1 && (sub == 2207001 ||
	    sub == 2207032)) || (code == -2 && sub == 2207003)))
		adapter_failed(out, resp, true, xasprintf("instagram could not "
		    "make the media container, try again: %s", w));
	else if (code == 9 && sub == 2207042) {
		adapter_failed(out, resp, true, xasprintf("instagram's "
		    "publishing quota of the last 24 hours is used up: %s",
		    w));
		out->later = true;
	} else if (code == 4 && sub == 2207051)
		adapter_failed(out, resp, false, xasprintf("instagram "
		    "restricts the account as spam (not a rate limit): %s",
		    w));
	else {
		free(w);
		return false;
	}
	free(w);
	return true;
}

/* Reads the answer to each step of the flow (meta_container.h). */
static void
instagram_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	meta_parse(&instagram_flow, ctx, m, step, resp, out);
}

/* From progress "container:ID": GET {api}/{graph_version}/{ID}?fields=
 * status_code; from "media:ID": GET .../{ID}?fields=permalink. */
static int
instagram_resume(const struct adapter_ctx *ctx, const struct message *m,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	(void)m;
	return meta_resume(&instagram_flow, ctx, step, out, first_step, err);
}

/* Doctor: GET {api}/{graph_version}/{user_id}?fields=id,username, then
 * debug_token for the token's expiry. */
static int
instagram_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	const char *user;
	char *url;

	if ((user = adapter_required(&adapter_instagram, ctx->pc,
	    IG_USER_ID, err)) == NULL)
		return -1;
	url = adapter_graph_url(&adapter_instagram, ctx->pc, user, NULL);
	request_list_add(&l, "GET", xasprintf("%s?fields=id,username", url));
	free(url);
	if (adapter_bearer(ctx, &adapter_instagram, &l.v[0], err) == -1 ||
	    whoami_graph_debug_request(ctx, &adapter_instagram, &l,
	    err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* 0: {"id","username"} of the configured user, which the token may read;
 * 1: debug_token. */
static void
instagram_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j;
	const char *user;
	char *u;

	if (i == 1) {
		whoami_graph_debug_parse(&adapter_instagram, resp, t);
		return;
	}
	j = adapter_json_body(resp);
	user = adapter_json_str(j, "username");
	if (!whoami_graph_classify(&adapter_instagram, ctx->pc, resp, j, t)) {
		if (user != NULL && (u = adapter_words(user)) != NULL) {
			whoami_ok(t, whoami_name("@", u,
			    adapter_json_str(j, "id")));
			free(u);
		} else
			whoami_unreadable(&adapter_instagram, resp, t);
	}
	cJSON_Delete(j);
}

const struct adapter adapter_instagram = {
	.name = "instagram",
	.label = "Instagram",
	.card = CARD_SQUARE,
	.card_shape = CARD_SHAPE_SQUARE,
	.card_jpeg = true,
	.counter = COUNT_CODEPOINTS,
	.limit = 2200,
	/* links in captions are not clickable: no {url} */
	.default_template = "{date}: {title}\n\n{summary}\n\n{credit}\n\n{tags}",
	.default_api = "https://graph.facebook.com",
	.needs_image = true,
	.image_by_url = true,
	.settings = instagram_settings,
	.cred_keys = instagram_keys,
	.finish = NULL,
	.check = instagram_check,
	.build = instagram_build,
	.parse = instagram_parse,
	.resume = instagram_resume,
	.whoami = instagram_whoami,
	.whoami_parse = instagram_whoami_parse,
};
