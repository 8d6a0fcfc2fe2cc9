/* instagram: Graph API media container, then media_publish. */
#include <stdlib.h>

#include "platforms/adapter.h"
#include "xalloc.h"

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

/* POST {api}/{graph_version}/{user_id}/media (the container), then
 * POST .../media_publish with the container's id. */
static int
instagram_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct request_list l = { NULL, 0 };
	struct buf body = BUF_INIT;
	char *url;

	if (pc == NULL || pc->user_id == NULL || *pc->user_id == '\0') {
		*err = xstrdup("no user_id for instagram: set "
		    "platforms.instagram.user_id");
		return -1;
	}
	if (m->image_url == NULL || *m->image_url == '\0') {
		*err = xstrdup("instagram needs an image: give the post an "
		    "image or set platforms.instagram.default_image");
		return -1;
	}
	if (adapter_graph_url(&adapter_instagram, pc, pc->user_id, "media",
	    &url, err) == -1)
		return -1;
	adapter_form_add(&body, "image_url", m->image_url);
	adapter_form_add(&body, "caption", m->text ? m->text : "");
	if (m->alt != NULL)
		adapter_form_add(&body, "alt_text", m->alt);
	if (instagram_add(ctx, &l, url, buf_detach(&body), err) == -1)
		goto fail;

	/* Cannot fail now: graph_version passed above. */
	adapter_graph_url(&adapter_instagram, pc, pc->user_id,
	    "media_publish", &url, err);
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

const struct adapter adapter_instagram = {
	.id = PF_INSTAGRAM,
	.name = "instagram",
	.counter = COUNT_CODEPOINTS,
	.limit = 2200,
	/* links in captions are not clickable: no {url} */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://graph.facebook.com",
	.needs_image = true,
	.finish = NULL,
	.check = instagram_check,
	.build = instagram_build,
};
