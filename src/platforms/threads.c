/*
 * threads: the Threads API (graph.threads.net), Meta's container flow
 * (meta_container.h) for a text post with the post's link as its
 * link_attachment, after a look at the profile's publishing quota; the
 * 60-day access token renewed by itself (refresh_access_token), first had
 * with almanac auth (a code, a short-lived token, the long-lived one).
 *
 * The steps, as parse sees them: 0 reads the quota
 * (threads_publishing_limit), THREADS_CONTAINER makes the container, then
 * the shared META_STATUS, META_PUBLISH and META_PERMALINK; a container
 * found PUBLISHED after a lost threads_publish answer is looked for among
 * the profile's latest threads by its text (META_LOOKUP).
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/meta_container.h"
#include "platforms/whoami.h"
#include "xalloc.h"

enum {
	THREADS_QUOTA = 0,	/* GET .../{user}/threads_publishing_limit */
	THREADS_CONTAINER = 4	/* POST .../{user}/threads */
};

enum { TH_GRAPH_VERSION = GRAPH_SET_VERSION, TH_USER_ID };

#define THREADS_VERSION "v1.0"
#define THREADS_MAX_LINKS 5		/* distinct links in a post */
#define THREADS_QUOTA_WAIT 3600LL	/* seconds before the quota is read
					   again once it is used up */

static const struct platform_setting threads_settings[] = {
	[TH_GRAPH_VERSION] = { .name = "graph_version", .kind = SETTING_TEXT,
	    .fallback = THREADS_VERSION, .valid = adapter_graph_version_ok,
	    .what = "a Threads API version such as \"" THREADS_VERSION "\"" },
	[TH_USER_ID] = { .name = "user_id", .kind = SETTING_ID,
	    .required = true,
	    .what = "a Threads user id (letters, digits, _ or -)",
	    .placeholder = "25000000000000000" },
	{ .name = NULL }
};

static const char *const threads_keys[] = { "access_token", "client_id",
	"client_secret", NULL };

static const struct meta_flow threads_flow = {
	.a = &adapter_threads,
	.user_setting = TH_USER_ID,
	.publish_edge = "threads_publish",
	.status_field = "status",
	.status_query = "status,error_message",
	.list_edge = "threads",
	.text_field = "text",
	.refused = NULL,
};

/* How many distinct links text and link (NULL: none) hold together. */
static size_t
threads_links(const char *text, const char *link)
{
	struct text_span *u;
	char **seen;
	size_t n = text_find_urls(text, &u), i, k, d = 0;

	seen = xreallocarray(NULL, n + 1, sizeof(*seen));
	for (i = 0; i <= n; i++) {
		char *s = i < n ? xasprintf("%.*s", (int)(u[i].end -
		    u[i].start), text + u[i].start) : link != NULL ?
		    xstrdup(link) : NULL;

		if (s == NULL)
			continue;
		for (k = 0; k < d && strcmp(seen[k], s) != 0; k++)
			;
		if (k < d)
			free(s);
		else
			seen[d++] = s;
	}
	for (k = 0; k < d; k++)
		free(seen[k]);
	free(seen);
	free(u);
	return d;
}

/* At most 5 distinct links (the text's and the link attachment). */
static char *
threads_check(const struct message *m)
{
	size_t n = threads_links(m->text ? m->text : "", m->link);

	if (n > THREADS_MAX_LINKS)
		return xasprintf("the post has %zu distinct links (its text's "
		    "and its url); Threads allows at most %d", n,
		    THREADS_MAX_LINKS);
	return NULL;
}

/* GET {api}/{graph_version}/{user_id}/threads_publishing_limit?fields=
 * quota_usage,config, appended to l. */
static int
threads_quota_request(const struct adapter_ctx *ctx, const char *user,
    struct request_list *l, char **err)
{
	char *url = adapter_graph_url(&adapter_threads, ctx->pc, user,
	    "threads_publishing_limit");
	struct request *r = request_list_add(l, "GET", xasprintf(
	    "%s?fields=quota_usage,config", url));

	free(url);
	return adapter_bearer(ctx, &adapter_threads, r, err);
}

/* POST {api}/{graph_version}/{user_id}/threads, appended to l: an IMAGE
 * container with the picture's public address, its alt text and the
 * text when the pair has a picture there (Threads takes link_attachment
 * only on a TEXT post); else a TEXT container with the text and the
 * post's link as link_attachment. */
static int
threads_container_request(const struct adapter_ctx *ctx,
    const struct message *m, const char *user, struct request_list *l,
    char **err)
{
	struct buf body = BUF_INIT;

	if (m->image_url != NULL && *m->image_url != '\0') {
		adapter_form_add(&body, "media_type", "IMAGE");
		adapter_form_add(&body, "image_url", m->image_url);
		adapter_form_add(&body, "text", m->text ? m->text : "");
		if (m->alt != NULL)
			adapter_form_add(&body, "alt_text", m->alt);
	} else {
		adapter_form_add(&body, "media_type", "TEXT");
		adapter_form_add(&body, "text", m->text ? m->text : "");
		if (m->link != NULL)
			adapter_form_add(&body, "link_attachment", m->link);
	}
	return meta_post(&threads_flow, ctx, l, adapter_graph_url(
	    &adapter_threads, ctx->pc, user, "threads"), buf_detach(&body),
	    err);
}

/* The quota, the container, its publication (docs/platforms.md). The
 * third request is shown with REQUEST_CONTAINER_ID; what is sent is
 * the request parse returns once the container is made and FINISHED. */
static int
threads_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	const char *user;

	if ((user = adapter_required(&adapter_threads, ctx->pc, TH_USER_ID,
	    err)) == NULL)
		return -1;
	if (threads_quota_request(ctx, user, &l, err) == -1 ||
	    threads_container_request(ctx, m, user, &l, err) == -1 ||
	    meta_build_publish(&threads_flow, ctx, user, "second", &l,
	    err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/*
 * The answer to threads_publishing_limit: {"data":[{"quota_usage":N,
 * "config":{"quota_total":T,"quota_duration":S}}]}. Within the quota the
 * container is made next; when it is used up the pair comes back in an
 * hour (the window rolls: the answer does not say when a post leaves
 * it). Nothing was made, so an answer that cannot be read is a failure
 * to try again, never unknown.
 */
static void
threads_quota(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *d = j != NULL ? cJSON_GetObjectItemCaseSensitive(j,
	    "data") : NULL, *e = cJSON_IsArray(d) ? cJSON_GetArrayItem(d, 0) :
	    NULL;
	long code, sub, used, total;
	char *words = adapter_graph_error(j, &code, &sub), *err = NULL;

	if (adapter_graph_refused(ctx, &adapter_threads, resp, words, code,
	    out) || adapter_graph_limited(ctx, &adapter_threads, resp, words,
	    code, out) || outcome_classify(adapter_threads.name, resp, words,
	    out)) {
		if (out->kind == OUTCOME_UNKNOWN) {
			out->kind = OUTCOME_FAILED;	/* a GET made nothing */
			out->retryable = true;
		}
	} else if (!adapter_json_int(e, "quota_usage", &used) ||
	    !adapter_json_int(cJSON_GetObjectItemCaseSensitive(e, "config"),
	    "quota_total", &total))
		adapter_failed(out, resp, true, xasprintf("threads answered "
		    "%ld but its publishing limit could not be read",
		    resp->status));
	else if (used >= total) {
		adapter_failed(out, resp, true, xasprintf("threads' publishing "
		    "quota is used up (%ld of %ld posts in the last 24 hours)",
		    used, total));
		adapter_come_back(out, ctx->clock + THREADS_QUOTA_WAIT);
	} else {
		memset(out, 0, sizeof(*out));
		out->http_status = (int)resp->status;
		if (threads_container_request(ctx, m, adapter_setting(
		    &adapter_threads, ctx->pc, TH_USER_ID), &out->next,
		    &err) == 0) {
			out->kind = OUTCOME_NEXT;
			out->next_step = THREADS_CONTAINER;
		} else {
			request_list_free(&out->next);
			adapter_failed(out, resp, false, err);
			err = NULL;
		}
	}
	free(err);
	free(words);
	cJSON_Delete(j);
}

static void
threads_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	if (step == THREADS_QUOTA)
		threads_quota(ctx, m, resp, out);
	else
		meta_parse(&threads_flow, ctx, m, step == THREADS_CONTAINER ?
		    META_CONTAINER : step, resp, out);
}

/* From progress "container:ID": GET {api}/{graph_version}/{ID}?fields=
 * status,error_message; from "media:ID": its permalink. */
static int
threads_resume(const struct adapter_ctx *ctx, const struct message *m,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	(void)m;
	return meta_resume(&threads_flow, ctx, step, out, first_step, err);
}

/* Doctor: GET {api}/{graph_version}/me?fields=id,username. */
static int
threads_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	char *url;

	if (adapter_required(&adapter_threads, ctx->pc, TH_USER_ID,
	    err) == NULL)
		return -1;
	url = adapter_graph_url(&adapter_threads, ctx->pc, "me", NULL);
	request_list_add(&l, "GET", xasprintf("%s?fields=id,username", url));
	free(url);
	if (adapter_bearer(ctx, &adapter_threads, &l.v[0], err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* {"id","username"}: whose the token is; another profile than user_id is
 * a warning. */
static void
threads_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const char *user = adapter_json_str(j, "username");
	const char *id = adapter_json_str(j, "id");
	const char *want = ctx->pc != NULL ? ctx->pc->set[TH_USER_ID] : NULL;
	char *u;

	(void)i;
	if (!whoami_graph_classify(&adapter_threads, ctx->pc, resp, j, t)) {
		if (user != NULL && (u = adapter_words(user)) != NULL) {
			whoami_ok(t, whoami_name("@", u, id));
			free(u);
			if (want != NULL && id != NULL && strcmp(id, want)) {
				free(t->warning);
				t->warning = xasprintf("the token is not "
				    "profile %s's (platforms.threads.user_id) "
				    "but %s's", want, id);
			}
		} else
			whoami_unreadable(&adapter_threads, resp, t);
	}
	cJSON_Delete(j);
}

/* GET {api}/PATH?FORM (no version in the path): a token endpoint, its
 * query holding secrets (wiped from form, which is freed), into out. */
static void
threads_token_get(const struct adapter_ctx *ctx, const char *path,
    struct buf *form, struct request_list *out)
{
	struct request_list l = { NULL, 0 };
	char *base = adapter_base(&adapter_threads, ctx->pc);

	request_list_add(&l, "GET", xasprintf("%s/%s?%s", base, path,
	    form->s));
	explicit_bzero(form->s, form->len);
	buf_free(form);
	free(base);
	*out = l;
}

/* Renewal: GET {api}/refresh_access_token?grant_type=th_refresh_token&
 * access_token=TOKEN: the long-lived token (the store's, else the
 * credentials file's) renews itself. */
static int
threads_refresh(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct buf b = BUF_INIT;
	const char *tok;

	if (!adapter_has_cred(ctx, &adapter_threads, "access_token"))
		return 1;
	if (adapter_cred(ctx, &adapter_threads, "access_token", &tok,
	    err) == -1)
		return -1;
	adapter_form_add(&b, "grant_type", "th_refresh_token");
	adapter_form_add(&b, "access_token", tok);
	threads_token_get(ctx, "refresh_access_token", &b, out);
	return 0;
}

/* almanac auth: the person is sent to threads.com/oauth/authorize (the
 * "Get access tokens" page of 2026; older pages say threads.net). */
static int
threads_authorize(const struct adapter_ctx *ctx, const struct auth_params *p,
    char **url, char **err)
{
	return adapter_authorize(ctx, &adapter_threads,
	    "https://threads.com/oauth/authorize", p, url, err);
}

/* The code traded for a short-lived token (an hour): POST {api}/oauth/
 * access_token, form client_id, client_secret, grant_type=
 * authorization_code, code, redirect_uri. */
static int
threads_exchange(const struct adapter_ctx *ctx, const struct auth_params *p,
    const char *code, struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	struct buf b = BUF_INIT;
	const char *id, *secret;
	char *base;

	if (adapter_cred(ctx, &adapter_threads, "client_id", &id,
	    err) == -1 || adapter_cred(ctx, &adapter_threads,
	    "client_secret", &secret, err) == -1)
		return -1;
	adapter_form_add(&b, "client_id", id);
	adapter_form_add(&b, "client_secret", secret);
	adapter_code_form(&b, p, code);
	base = adapter_base(&adapter_threads, ctx->pc);
	r = request_list_add(&l, "POST", xasprintf("%s/oauth/access_token",
	    base));
	free(base);
	r->body = buf_detach(&b);
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	*out = l;
	return 0;
}

/* The short-lived token traded for the long-lived one (60 days), which is
 * what is kept: GET {api}/access_token?grant_type=th_exchange_token&
 * client_secret=...&access_token=SHORT. */
static int
threads_exchange_next(const struct adapter_ctx *ctx,
    const struct token_grant *g, struct request_list *out, char **err)
{
	struct buf b = BUF_INIT;
	const char *secret;

	if (adapter_cred(ctx, &adapter_threads, "client_secret", &secret,
	    err) == -1)
		return -1;
	adapter_form_add(&b, "grant_type", "th_exchange_token");
	adapter_form_add(&b, "client_secret", secret);
	adapter_form_add(&b, "access_token", g->access_token);
	threads_token_get(ctx, "access_token", &b, out);
	return 0;
}

/* 200 {"access_token","token_type","expires_in"} (the code's answer:
 * {"access_token","user_id"}); refusals are Graph errors (an expired
 * token, one less than a day old, a code used or not issued). */
static void
threads_grant_parse(const struct adapter_ctx *ctx,
    const struct http_response *resp, struct token_grant *g)
{
	cJSON *j = adapter_json_body(resp);
	long code, sub;
	char *words = adapter_graph_error(j, &code, &sub);

	adapter_grant_read(ctx, &adapter_threads, resp, words != NULL ? words :
	    adapter_json_str(j, "error_message"), g);
	free(words);
	cJSON_Delete(j);
}

const struct adapter adapter_threads = {
	.name = "threads",
	.label = "Threads",
	.card = CARD_LINK,
	.counter = COUNT_THREADS,
	.limit = 500,
	/* the link goes in link_attachment, where Threads shows its
	 * preview; one topic tag per post, so no {tags} */
	.default_template = "{date}: {title}\n\n{summary}",
	.default_api = "https://graph.threads.net",
	.needs_image = false,
	.image_by_url = true,
	.settings = threads_settings,
	.cred_keys = threads_keys,
	.finish = NULL,
	.check = threads_check,
	.build = threads_build,
	.parse = threads_parse,
	.resume = threads_resume,
	.whoami = threads_whoami,
	.whoami_parse = threads_whoami_parse,
	.refresh = threads_refresh,
	.grant_parse = threads_grant_parse,
	.renew_from = "access_token",
	.renew_min_age = 86400,
	.authorize = threads_authorize,
	.exchange = threads_exchange,
	.exchange_next = threads_exchange_next,
	.auth_scope = "threads_basic,threads_content_publish",
	.auth_pkce = false,
};
