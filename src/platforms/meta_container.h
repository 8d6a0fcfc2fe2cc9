/*
 * platforms/meta_container.h: the two-step container flow that Meta's
 * Instagram and Threads APIs share: make a container, ask its status,
 * publish it, ask the permalink of what was published; the container (and
 * then the media) kept as progress so that a later attempt resumes from
 * the status instead of making a second container, and never publishes
 * one twice. Each platform says, in a struct meta_flow, its edges and the
 * name of the status field, and reads its own refusals. For
 * src/platforms/ and the tests only.
 *
 * The steps, as parse sees them: META_CONTAINER makes the container,
 * META_STATUS asks its status until it is FINISHED, META_PUBLISH publishes
 * it, META_PERMALINK asks the permalink. The progress kept is
 * "container:ID", then "media:ID".
 */
#ifndef ALMANAC_PLATFORMS_META_CONTAINER_H
#define ALMANAC_PLATFORMS_META_CONTAINER_H

#include "platforms/adapter.h"

enum {
	META_CONTAINER = 0,	/* POST .../{user}/{container_edge} */
	META_PUBLISH = 1,	/* POST .../{user}/{publish_edge} */
	META_STATUS = 2,	/* GET /{container}?fields={status_query} */
	META_PERMALINK = 3,	/* GET /{media}?fields=permalink */
	META_LOOKUP = 5		/* GET .../{user}/{list_edge}?fields=id,
				   {text_field},permalink: the media of a
				   container found PUBLISHED */
};

struct meta_flow {
	const struct adapter *a;
	size_t user_setting;		/* the user id's number in a's
					   settings */
	const char *publish_edge;	/* "media_publish" */
	const char *status_field;	/* the status in the answer:
					   "status_code" or "status" */
	const char *status_query;	/* the fields asked for it:
					   "status_code" */
	/* Where a container found PUBLISHED is looked for among the user's
	 * latest media, by its text ("media" and "caption"), since the
	 * container's answer does not say which media it became; NULL:
	 * the container id is recorded as the post's. */
	const char *list_edge;
	const char *text_field;
	/* The platform's own refusals of the answer to step (Graph error
	 * words, code, subcode: adapter_graph_error): fills out and returns
	 * true, or false for an answer the shared reading decides. NULL for
	 * none. */
	bool (*refused)(const struct adapter_ctx *ctx,
	    const struct http_response *resp, int step, const char *words,
	    long code, long sub, struct outcome *out);
};

/* Appends a form-encoded POST to url (taken over) with body (taken over)
 * and the bearer token to l. Returns 0, or -1 with *err (allocated). */
int meta_post(const struct meta_flow *f, const struct adapter_ctx *ctx,
    struct request_list *l, char *url, char *body, char **err);

/* Appends to l the request of build's that publishes the container
 * (creation_id=REQUEST_CONTAINER_ID, with a note saying that it is the
 * answer to the which ("first") request). Returns 0, or -1 with *err
 * (allocated). */
int meta_build_publish(const struct meta_flow *f,
    const struct adapter_ctx *ctx, const char *user, const char *which,
    struct request_list *l, char **err);

/* Reads the answer to step META_CONTAINER, META_PUBLISH, META_STATUS or
 * META_PERMALINK into out (never fails): the platform's refusals, Graph's
 * token refusal (code 190) and throttling, outcome_classify, then the
 * flow's next step; META_LOOKUP finds m's media by its text (m->text). */
void meta_parse(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const struct message *m, int step, const struct http_response *resp,
    struct outcome *out);

/* The resume hook's work: from progress "container:ID" the container's
 * status (META_STATUS); from "media:ID" its permalink (META_PERMALINK). */
int meta_resume(const struct meta_flow *f, const struct adapter_ctx *ctx,
    const char *step, struct request_list *out, int *first_step,
    char **err);

#endif
