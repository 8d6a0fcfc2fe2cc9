/* platforms/meta_container: Meta's container flow (see meta_container.h). */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/meta_container.h"
#include "xalloc.h"

#define STEP_PREFIX "container:"	/* outcome.step: container:ID */
#define MEDIA_PREFIX "media:"		/* or, once published, media:ID */

int
meta_post(const struct meta_flow *f, const struct adapter_ctx *ctx,
    struct request_list *l, char *url, char *body, char **err)
{
	struct request *r = request_list_add(l, "POST", url);

	r->body = body;
	if (adapter_bearer(ctx, f->a, r, err) == -1)
		return -1;
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	return 0;
}

int
meta_build_publish(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const char *user, const char *which, struct request_list *l, char **err)
{
	char *url = adapter_graph_url(f->a, ctx->pc, user, f->publish_edge);

	if (meta_post(f, ctx, l, url, xstrdup("creation_id="
	    REQUEST_CONTAINER_ID), err) == -1)
		return -1;
	l->v[l->n - 1].note = xasprintf("creation_id is the \"id\" of the "
	    "answer to the %s request (the media container); "
	    REQUEST_CONTAINER_ID " stands for it", which);
	return 0;
}

/* POST .../{publish_edge} with creation_id=id, appended to l. */
static int
meta_publish_request(const struct meta_flow *f,
    const struct adapter_ctx *ctx, const char *id, struct request_list *l,
    char **err)
{
	struct buf body = BUF_INIT;
	const char *user;
	char *url;

	if ((user = adapter_required(f->a, ctx->pc, f->user_setting,
	    err)) == NULL)
		return -1;
	url = adapter_graph_url(f->a, ctx->pc, user, f->publish_edge);
	adapter_form_add(&body, "creation_id", id);
	if (meta_post(f, ctx, l, url, buf_detach(&body), err) == -1) {
		request_list_free(l);
		return -1;
	}
	return 0;
}

/* GET {api}/{graph_version}/{id}?fields=FIELDS with the token, appended to
 * l (safe to repeat). */
static int
meta_get(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const char *id, const char *fields, struct request_list *l, char **err)
{
	struct request *r;
	char *url;

	if (adapter_required(f->a, ctx->pc, f->user_setting, err) == NULL)
		return -1;
	url = adapter_graph_url(f->a, ctx->pc, id, NULL);
	r = request_list_add(l, "GET", xasprintf("%s?fields=%s", url,
	    fields));
	free(url);
	if (adapter_bearer(ctx, f->a, r, err) == -1) {
		request_list_free(l);
		return -1;
	}
	return 0;
}

/* GET {api}/{graph_version}/{user}/{list_edge}?fields=id,{text_field},
 * permalink&limit=25 with the token, appended to l: the user's latest
 * media. */
static int
meta_list(const struct meta_flow *f, const struct adapter_ctx *ctx,
    struct request_list *l, char **err)
{
	const char *user = adapter_required(f->a, ctx->pc, f->user_setting,
	    err);
	struct request *r;
	char *url;

	if (user == NULL)
		return -1;
	url = adapter_graph_url(f->a, ctx->pc, user, f->list_edge);
	r = request_list_add(l, "GET", xasprintf("%s?fields=id,%s,permalink&"
	    "limit=25", url, f->text_field));
	free(url);
	if (adapter_bearer(ctx, f->a, r, err) == -1) {
		request_list_free(l);
		return -1;
	}
	return 0;
}

/* The request of step next about id (a container's status or its
 * publication, a media's permalink, the user's media), appended to l. */
static int
meta_request(const struct meta_flow *f, const struct adapter_ctx *ctx,
    int next, const char *id, struct request_list *l, char **err)
{
	if (next == META_PUBLISH)
		return meta_publish_request(f, ctx, id, l, err);
	if (next == META_LOOKUP)
		return meta_list(f, ctx, l, err);
	return meta_get(f, ctx, id, next == META_STATUS ? f->status_query :
	    "permalink", l, err);
}

/*
 * Fills out to send the request of step next about id, keeping the
 * container (or, for the permalink, the media) as progress. When that
 * request cannot be built (the settings changed), a container is failed;
 * a media is published without its permalink.
 */
static void
meta_then(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const struct http_response *resp, int next, const char *id,
    struct outcome *out)
{
	char *err = NULL;

	memset(out, 0, sizeof(*out));
	if (meta_request(f, ctx, next, id, &out->next, &err) == 0) {
		out->kind = OUTCOME_NEXT;
		out->next_step = next;
	} else if (next == META_PERMALINK || next == META_LOOKUP)
		adapter_published(out, resp, id, NULL);
	else
		/* Not for want of an answer: the settings changed. */
		adapter_failed(out, resp, false, xasprintf("cannot publish "
		    "the %s container %s: %s", f->a->name, id, err));
	free(err);
	out->http_status = (int)resp->status;
	out->step = xasprintf("%s%s", next == META_PERMALINK ? MEDIA_PREFIX :
	    STEP_PREFIX, id);
}

/*
 * The container's status (META_STATUS): PUBLISHED is the post (its media
 * is looked for among the user's latest, META_LOOKUP, where the flow
 * says where; else the container id is all that is known of it), FINISHED goes on to publish
 * it, IN_PROGRESS is asked again (the retries of the run, then a later
 * run), ERROR and EXPIRED need a new container, so the progress is
 * cleared (step "").
 */
static void
meta_status(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const struct http_response *resp, const cJSON *j, struct outcome *out)
{
	const char *st = adapter_json_str(j, f->status_field);
	const char *id = adapter_json_str(j, "id");
	char *w;

	if (st == NULL || !adapter_id_ok(id))
		adapter_unreadable(f->a, resp, out);
	else if (strcmp(st, "PUBLISHED") == 0 && f->list_edge != NULL)
		meta_then(f, ctx, resp, META_LOOKUP, id, out);
	else if (strcmp(st, "PUBLISHED") == 0)
		adapter_published(out, resp, id, NULL);
	else if (strcmp(st, "FINISHED") == 0)
		meta_then(f, ctx, resp, META_PUBLISH, id, out);
	else if (strcmp(st, "IN_PROGRESS") == 0)
		adapter_failed(out, resp, true, xasprintf("the %s container %s "
		    "is still being processed", f->a->name, id));
	else if (strcmp(st, "ERROR") == 0 || strcmp(st, "EXPIRED") == 0) {
		w = adapter_words(adapter_json_str(j, "error_message"));
		adapter_failed(out, resp, false, xasprintf("the %s container "
		    "%s has status %s%s%s: a new container is needed",
		    f->a->name, id, st, w ? " " : "", w ? w : ""));
		free(w);
		out->step = xstrdup("");
	} else
		adapter_unreadable(f->a, resp, out);
}

/* A permalink from an answer, or NULL when it is not a plain https URL. */
static const char *
meta_link(const char *link)
{
	if (link == NULL || strncmp(link, "https://", 8) != 0 ||
	    strlen(link) > 2048 || strpbrk(link, " \t\r\n\"<>") != NULL)
		return NULL;
	return link;
}

/*
 * The answer to GET {media}?fields=permalink (META_PERMALINK), after the
 * publish answered with the media's id (kept as progress "media:ID"):
 * whatever it says, the post is there; the permalink is kept when it
 * came.
 */
static void
meta_permalink(const struct adapter_ctx *ctx,
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
	    resp->status > 299)
		link = NULL;
	link = meta_link(link);
	adapter_published(out, resp, id, link != NULL ? xstrdup(link) : NULL);
}

/*
 * The answer to the user's latest media (META_LOOKUP), asked after the
 * container (kept as progress "container:ID") was found PUBLISHED: the
 * post is there whatever it says. The media whose text is m's is the
 * post, with its id and permalink; when none is (an answer that cannot
 * be read, or the post no longer among the latest), the container id
 * stands for it, without a permalink.
 */
static void
meta_lookup(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const struct message *m, const struct http_response *resp,
    const cJSON *j, struct outcome *out)
{
	const size_t plen = strlen(STEP_PREFIX);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data"), *e;
	const char *id = NULL, *link = NULL, *text;

	if (resp->error == HTTP_OK && resp->status >= 200 &&
	    resp->status <= 299 && m != NULL && m->text != NULL)
		cJSON_ArrayForEach(e, data) {
			text = adapter_json_str(e, f->text_field);
			if (text != NULL && strcmp(text, m->text) == 0 &&
			    adapter_id_ok(adapter_json_str(e, "id"))) {
				id = adapter_json_str(e, "id");
				link = meta_link(adapter_json_str(e,
				    "permalink"));
				break;
			}
		}
	if (id == NULL && ctx->progress != NULL && strncmp(ctx->progress,
	    STEP_PREFIX, plen) == 0 && adapter_id_ok(ctx->progress + plen))
		id = ctx->progress + plen;
	adapter_published(out, resp, id, link != NULL ? xstrdup(link) :
	    NULL);
}

void
meta_parse(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const struct message *m, int step, const struct http_response *resp,
    struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *id;
	long code, sub;
	char *words = adapter_graph_error(j, &code, &sub);

	if (step == META_PERMALINK)
		meta_permalink(ctx, resp, j, out);
	else if (step == META_LOOKUP)
		meta_lookup(f, ctx, m, resp, j, out);
	else if ((f->refused != NULL && f->refused(ctx, resp, step, words,
	    code, sub, out)) ||
	    adapter_graph_refused(ctx, f->a, resp, words, code, out) ||
	    adapter_graph_limited(ctx, f->a, resp, words, code, out) ||
	    outcome_classify(f->a->name, resp, words, out))
		;	/* out is filled */
	else if (step == META_CONTAINER || step == META_PUBLISH) {
		id = adapter_json_str(j, "id");
		if (!adapter_id_ok(id))
			adapter_unreadable(f->a, resp, out);
		else
			/* The container's status first; the permalink of a
			 * published media. */
			meta_then(f, ctx, resp, step == META_CONTAINER ?
			    META_STATUS : META_PERMALINK, id, out);
	} else if (step == META_STATUS)
		meta_status(f, ctx, resp, j, out);
	else
		adapter_unreadable(f->a, resp, out);
	free(words);
	cJSON_Delete(j);
}

int
meta_resume(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	const size_t mlen = strlen(MEDIA_PREFIX);
	size_t plen = strlen(STEP_PREFIX);
	struct request_list l = { NULL, 0 };
	int next;

	if (strncmp(step, STEP_PREFIX, plen) == 0 &&
	    adapter_id_ok(step + plen))
		next = META_STATUS;
	else if (strncmp(step, MEDIA_PREFIX, mlen) == 0 &&
	    adapter_id_ok(step + mlen)) {
		next = META_PERMALINK;
		plen = mlen;
	} else {
		*err = xasprintf("the %s progress \"%s\" is not "
		    "\"" STEP_PREFIX "ID\" or \"" MEDIA_PREFIX "ID\"",
		    f->a->name, step);
		return -1;
	}
	if (meta_get(f, ctx, step + plen, next == META_STATUS ?
	    f->status_query : "permalink", &l, err) == -1)
		return -1;
	*out = l;
	*first_step = next;
	return 0;
}
