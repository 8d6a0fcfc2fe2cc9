/* facebook: Graph API page feed post, POST /{graph_version}/{page_id}/feed. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/whoami.h"
#include "xalloc.h"

enum { FB_GRAPH_VERSION = GRAPH_SET_VERSION, FB_PAGE_ID };

static const struct platform_setting facebook_settings[] = {
	[FB_GRAPH_VERSION] = GRAPH_SETTING,
	[FB_PAGE_ID] = { .name = "page_id", .kind = SETTING_ID,
	    .required = true,
	    .what = "a page id (letters, digits, _ or -)",
	    .placeholder = "100000000000000" },
	{ .name = NULL }
};

static const char *const facebook_keys[] = { "access_token", NULL };

/* POST {api}/{graph_version}/{page_id}/feed with message and link, form
 * encoded; the token goes in the Authorization header, not the body. */
static int
facebook_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct request_list l = { NULL, 0 };
	struct request *r;
	struct buf body = BUF_INIT;
	const char *page;

	if ((page = adapter_required(&adapter_facebook, pc, FB_PAGE_ID,
	    err)) == NULL)
		return -1;
	r = request_list_add(&l, "POST", adapter_graph_url(&adapter_facebook,
	    pc, page, "feed"));
	if (adapter_bearer(ctx, &adapter_facebook, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	adapter_form_add(&body, "message", m->text ? m->text : "");
	if (m->link != NULL)
		adapter_form_add(&body, "link", m->link);
	r->body = buf_detach(&body);
	*out = l;
	return 0;
}

/* 200 {"id":"PAGE_POST"}; Graph error 506 means the same post is already
 * there (Facebook does not say its id). */
static void
facebook_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *id;
	long code, sub;
	char *words = adapter_graph_error(j, &code, &sub);

	if (resp->error == HTTP_OK && (resp->status < 200 ||
	    resp->status > 299) && words != NULL && code == 506) {
		adapter_published(out, resp, NULL, NULL);
		out->duplicate = true;
	} else if (!adapter_graph_refused(ctx, &adapter_facebook, resp, words,
	    code, out) && !adapter_graph_limited(ctx, &adapter_facebook, resp,
	    words, code, out) && !outcome_classify(adapter_facebook.name,
	    resp, words, out)) {
		id = adapter_json_str(j, "id");
		if (adapter_id_ok(id))
			adapter_published(out, resp, id,
			    xasprintf("https://www.facebook.com/%s", id));
		else
			adapter_unreadable(&adapter_facebook, resp, out);
	}
	free(words);
	cJSON_Delete(j);
}

/* Doctor: GET {api}/{graph_version}/me?fields=id,name (with a page token,
 * the page), then debug_token for the token's expiry. */
static int
facebook_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct request_list l = { NULL, 0 };
	char *url;

	if (adapter_required(&adapter_facebook, pc, FB_PAGE_ID, err) == NULL)
		return -1;
	url = adapter_graph_url(&adapter_facebook, pc, "me", NULL);
	request_list_add(&l, "GET", xasprintf("%s?fields=id,name", url));
	free(url);
	if (adapter_bearer(ctx, &adapter_facebook, &l.v[0], err) == -1 ||
	    whoami_graph_debug_request(ctx, &adapter_facebook, &l,
	    err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* me: {"id","name"}, the page's own when the token is the page's; a
 * token of anything else (a user) is a warning. 1: debug_token. */
static void
facebook_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j;
	const char *id, *page = ctx->pc != NULL ?
	    ctx->pc->set[FB_PAGE_ID] : NULL;

	if (i == 1) {
		whoami_graph_debug_parse(&adapter_facebook, resp, t);
		return;
	}
	j = adapter_json_body(resp);
	id = adapter_json_str(j, "id");
	if (!whoami_graph_classify(&adapter_facebook, ctx->pc, resp, j, t)) {
		if (!adapter_id_ok(id))
			whoami_unreadable(&adapter_facebook, resp, t);
		else {
			whoami_ok(t, whoami_name("", adapter_json_str(j,
			    "name"), id));
			if (page != NULL && strcmp(id, page) != 0) {
				free(t->warning);
				t->warning = xasprintf("the token is not page "
				    "%s's (platforms.facebook.page_id) but "
				    "%s's: posting as the page needs the "
				    "page's own token", page, id);
			}
		}
	}
	cJSON_Delete(j);
}

const struct adapter adapter_facebook = {
	.name = "facebook",
	.label = "Facebook",
	.card = CARD_LINK,
	.counter = COUNT_CODEPOINTS,
	.limit = 63206,
	/* the link goes in "link", where Facebook builds its card */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://graph.facebook.com",
	.needs_image = false,
	.settings = facebook_settings,
	.cred_keys = facebook_keys,
	.finish = NULL,
	.check = NULL,
	.build = facebook_build,
	.parse = facebook_parse,
	.resume = NULL,
	.whoami = facebook_whoami,
	.whoami_parse = facebook_whoami_parse,
};
