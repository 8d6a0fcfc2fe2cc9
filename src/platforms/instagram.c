/*
 * instagram: Graph API media container, its status_code, media_publish,
 * then the media's permalink.
 *
 * The steps of the flow, as parse sees them: 0 creates the container, 2
 * asks for its status_code until it is FINISHED, 1 publishes it, 3 asks
 * for the permalink of the media published. A made container is kept as
 * progress ("container:ID") so that a later attempt resumes with step 2
 * instead of making a second one, and never publishes it twice; the
 * media, once published, as "media:ID".
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/whoami.h"
#include "xalloc.h"

enum {
	IG_CONTAINER = 0,	/* POST .../media */
	IG_PUBLISH = 1,		/* POST .../media_publish */
	IG_STATUS = 2,		/* GET /{container}?fields=status_code */
	IG_PERMALINK = 3	/* GET /{media}?fields=permalink */
};

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

#define STEP_PREFIX "container:"	/* outcome.step: container:ID */
#define MEDIA_PREFIX "media:"		/* or, once published, media:ID */

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

/* Adds a form-encoded POST to url with body (taken over) and the token. */
static int
instagram_add(const struct adapter_ctx *ctx, struct request_list *l,
    char *url, char *body, char **err)
{
	struct request *r = request_list_add(l, "POST", url);

	r->body = body;
	if (adapter_bearer(ctx, &adapter_instagram, r, err) == -1)
		return -1;
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	return 0;
}

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
	if (instagram_add(ctx, &l, url, buf_detach(&body), err) == -1)
		goto fail;

	url = adapter_graph_url(&adapter_instagram, pc, user,
	    "media_publish");
	if (instagram_add(ctx, &l, url,
	    xstrdup("creation_id=" REQUEST_CONTAINER_ID), err) == -1)
		goto fail;
	l.v[1].note = xstrdup("creation_id is the \"id\" of the answer to "
	    "the first request (the media container); "
	    REQUEST_CONTAINER_ID " stands for it");
	*out = l;
	return 0;
fail:
	request_list_free(&l);
	return -1;
}

/* POST .../media_publish with creation_id=id, appended to l. */
static int
instagram_publish_request(const struct adapter_ctx *ctx, const char *id,
    struct request_list *l, char **err)
{
	struct buf body = BUF_INIT;
	const char *user;
	char *url;

	if ((user = adapter_required(&adapter_instagram, ctx->pc,
	    IG_USER_ID, err)) == NULL)
		return -1;
	url = adapter_graph_url(&adapter_instagram, ctx->pc, user,
	    "media_publish");
	adapter_form_add(&body, "creation_id", id);
	if (instagram_add(ctx, l, url, buf_detach(&body), err) == -1) {
		request_list_free(l);
		return -1;
	}
	return 0;
}

/* GET {api}/{graph_version}/{id}?fields=FIELDS with the token, appended to
 * l (safe to repeat). */
static int
instagram_get(const struct adapter_ctx *ctx, const char *id,
    const char *fields, struct request_list *l, char **err)
{
	struct request *r;
	char *url;

	if (adapter_required(&adapter_instagram, ctx->pc, IG_USER_ID,
	    err) == NULL)
		return -1;
	url = adapter_graph_url(&adapter_instagram, ctx->pc, id, NULL);
	r = request_list_add(l, "GET", xasprintf("%s?fields=%s", url,
	    fields));
	free(url);
	if (adapter_bearer(ctx, &adapter_instagram, r, err) == -1) {
		request_list_free(l);
		return -1;
	}
	return 0;
}

/* The request of step next about id (a container's status or its
 * publication, a media's permalink), appended to l. */
static int
instagram_request(const struct adapter_ctx *ctx, int next, const char *id,
    struct request_list *l, char **err)
{
	if (next == IG_PUBLISH)
		return instagram_publish_request(ctx, id, l, err);
	return instagram_get(ctx, id, next == IG_STATUS ? "status_code" :
	    "permalink", l, err);
}

/*
 * Fills out to send the request of step next about id, keeping the
 * container (or, for the permalink, the media) as progress. When that
 * request cannot be built (the settings changed), a container is failed;
 * a media is published without its permalink.
 */
static void
instagram_then(const struct adapter_ctx *ctx,
    const struct http_response *resp, int next, const char *id,
    struct outcome *out)
{
	char *err = NULL;

	memset(out, 0, sizeof(*out));
	if (instagram_request(ctx, next, id, &out->next, &err) == 0) {
		out->kind = OUTCOME_NEXT;
		out->next_step = next;
	} else if (next == IG_PERMALINK)
		adapter_published(out, resp, id, NULL);
	else
		/* Not for want of an answer: the settings changed. */
		adapter_failed(out, resp, false, xasprintf("cannot publish "
		    "the instagram container %s: %s", id, err));
	free(err);
	out->http_status = (int)resp->status;
	out->step = xasprintf("%s%s", next == IG_PERMALINK ? MEDIA_PREFIX :
	    STEP_PREFIX, id);
}

/*
 * The container's status_code (step 2): PUBLISHED is the post (the
 * container id is all that is known of it), FINISHED goes on to publish
 * it, IN_PROGRESS is asked again (the retries of the run, then a later
 * run), ERROR and EXPIRED need a new container, so the progress is
 * cleared (step "").
 */
static void
instagram_status(const struct adapter_ctx *ctx,
    const struct http_response *resp, const cJSON *j, struct outcome *out)
{
	const char *st = adapter_json_str(j, "status_code");
	const char *id = adapter_json_str(j, "id");

	if (st == NULL || !adapter_id_ok(id))
		adapter_unreadable(&adapter_instagram, resp, out);
	else if (strcmp(st, "PUBLISHED") == 0)
		adapter_published(out, resp, id, NULL);
	else if (strcmp(st, "FINISHED") == 0)
		instagram_then(ctx, resp, IG_PUBLISH, id, out);
	else if (strcmp(st, "IN_PROGRESS") == 0)
		adapter_failed(out, resp, true, xasprintf("the instagram "
		    "container %s is still being processed", id));
	else if (strcmp(st, "ERROR") == 0 || strcmp(st, "EXPIRED") == 0) {
		adapter_failed(out, resp, false, xasprintf("the instagram "
		    "container %s has status %s: a new container is needed",
		    id, st));
		out->step = xstrdup("");
	} else
		adapter_unreadable(&adapter_instagram, resp, out);
}

/*
 * The answer to GET {media}?fields=permalink (step 3), after media_publish
 * answered with the media's id (kept as progress "media:ID"): whatever it
 * says, the post is there; the permalink is kept when it came.
 */
static void
instagram_permalink(const struct adapter_ctx *ctx,
    const struct http_response *resp, const cJSON *j, struct outcome *out)
{
	const size_t plen = strlen(MEDIA_PREFIX);
	const char *id = NULL, *link = adapter_json_str(j, "permalink");

	if (ctx->progress != NULL && strncmp(ctx->progress, MEDIA_PREFIX,
	    plen) == 0 && adapter_id_ok(ctx->progress + plen))
		id = ctx->progress + plen;
	else if (adapter_id_ok(adapter_json_str(j, "id")))
		id = adapter_json_str(j, "id");
	if (resp->error != HTTP_OK || resp->status < 200 ||
	    resp->status > 299 || link == NULL ||
	    strncmp(link, "https://", 8) != 0 || strlen(link) > 2048 ||
	    strpbrk(link, " \t\r\n\"<>") != NULL)
		link = NULL;
	adapter_published(out, resp, id, link != NULL ? xstrdup(link) : NULL);
}

/*
 * Graph's own refusals of an Instagram request (HTTP 400): at the
 * container, the errors that say "try again" (making a container
 * publishes nothing); at any step, the 24-hour publishing quota (for a
 * later run) and the spam restriction (for good). Fills out and returns
 * true, or false for another answer.
 */
static bool
instagram_refused(const struct http_response *resp, int step,
    const char *words, long code, long sub, struct outcome *out)
{
	char *w;

	if (resp->error != HTTP_OK || resp->status < 400 ||
	    resp->status > 499 || words == NULL)
		return false;
	w = adapter_words(words);
	if (step == IG_CONTAINER && ((code == -1 && (sub == 2207001 ||
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

/* Reads the answer to step 0 (container), 1 (media_publish), 2 (status
 * of the container) or 3 (permalink of the media). */
static void
instagram_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *id;
	long code, sub;
	char *words = adapter_graph_error(j, &code, &sub), *w;

	if (step == IG_PERMALINK)
		instagram_permalink(ctx, resp, j, out);
	else if (step == IG_PUBLISH && resp->error == HTTP_OK &&
	    words != NULL && code == NOT_READY_CODE &&
	    sub == NOT_READY_SUBCODE) {
		w = adapter_words(words);
		adapter_failed(out, resp, true, xasprintf("the instagram "
		    "container is not ready to be published yet: %s", w));
		free(w);
	} else if (instagram_refused(resp, step, words, code, sub, out) ||
	    adapter_graph_refused(ctx, &adapter_instagram, resp, words, code,
	    out) || adapter_graph_limited(ctx, &adapter_instagram, resp, words,
	    code, out) || outcome_classify(adapter_instagram.name, resp,
	    words, out))
		;	/* out is filled */
	else if (step == IG_CONTAINER || step == IG_PUBLISH) {
		id = adapter_json_str(j, "id");
		if (!adapter_id_ok(id))
			adapter_unreadable(&adapter_instagram, resp, out);
		else
			/* The container's status first; the permalink of a
			 * published media. */
			instagram_then(ctx, resp, step == IG_CONTAINER ?
			    IG_STATUS : IG_PERMALINK, id, out);
	} else if (step == IG_STATUS)
		instagram_status(ctx, resp, j, out);
	else
		adapter_unreadable(&adapter_instagram, resp, out);
	free(words);
	cJSON_Delete(j);
}

/* From progress "container:ID": GET {api}/{graph_version}/{ID}?fields=
 * status_code (step 2); from "media:ID": GET .../{ID}?fields=permalink
 * (step 3). */
static int
instagram_resume(const struct adapter_ctx *ctx, const struct message *m,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	const size_t mlen = strlen(MEDIA_PREFIX);
	size_t plen = strlen(STEP_PREFIX);
	struct request_list l = { NULL, 0 };
	int next;

	if (strncmp(step, STEP_PREFIX, plen) == 0 &&
	    adapter_id_ok(step + plen))
		next = IG_STATUS;
	else if (strncmp(step, MEDIA_PREFIX, mlen) == 0 &&
	    adapter_id_ok(step + mlen)) {
		next = IG_PERMALINK;
		plen = mlen;
	} else {
		*err = xasprintf("the instagram progress \"%s\" is not "
		    "\"" STEP_PREFIX "ID\" or \"" MEDIA_PREFIX "ID\"", step);
		return -1;
	}
	if (instagram_get(ctx, step + plen, next == IG_STATUS ?
	    "status_code" : "permalink", &l, err) == -1)
		return -1;
	*out = l;
	*first_step = next;
	return 0;
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
	.counter = COUNT_CODEPOINTS,
	.limit = 2200,
	/* links in captions are not clickable: no {url} */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://graph.facebook.com",
	.needs_image = true,
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
