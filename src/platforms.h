/*
 * platforms: the adapter interface, one adapter per platform in
 * src/platforms/NAME.c, and the table that lists them.
 *
 * An adapter knows how its platform counts text and what it needs, and
 * turns a formatted message into the exact HTTP request(s) of
 * docs/platforms.md. Building a request never touches the network.
 */
#ifndef ALMANAC_PLATFORMS_H
#define ALMANAC_PLATFORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "credentials.h"
#include "request.h"
#include "text.h"

struct message;		/* format.h */

/* Stands, in a request's url or body, for the "id" of the answer to the
 * request before it (Instagram's media container). Only in what build
 * shows (preview): what is sent after the first request is the request
 * parse returns in outcome.next. */
#define REQUEST_CONTAINER_ID "{container-id}"

struct http_response;	/* http.h */

/* What the answer to a request means. */
enum outcome_kind {
	OUTCOME_PUBLISHED,	/* the platform confirmed the post */
	OUTCOME_FAILED,		/* certainly not accepted */
	OUTCOME_UNKNOWN,	/* the post may exist: never sent again
				   automatically */
	OUTCOME_NEXT		/* a further request of the flow is due */
};

struct outcome {
	enum outcome_kind kind;
	bool retryable;		/* FAILED: a later attempt may succeed */
	bool duplicate;		/* PUBLISHED because the platform says the
				   same post is already there */
	int http_status;	/* 0 when no answer */
	char *remote_id;	/* PUBLISHED; NULL when the platform does not
				   say */
	char *permalink;	/* PUBLISHED, where one can be built */
	char *error;		/* FAILED, UNKNOWN: what happened, in the
				   platform's own words where it gave any */
	char *step;		/* progress to keep across runs (Instagram's
				   container id), "" to clear what was kept,
				   or NULL to leave it as it is */
	int next_step;		/* NEXT: the step number of next.v[0] */
	struct request_list next;	/* NEXT: the request to send now */
};

void outcome_free(struct outcome *o);

/*
 * The shared part of reading an answer: transport errors (nothing sent:
 * failed and retryable; sent but no valid answer: unknown), 429 and 503
 * with Retry-After (failed, retryable), 400 401 403 404 422 (failed; a 401
 * says the platform's token was refused and must be renewed), other
 * non-2xx statuses (unknown). platform_error is the platform's own words
 * from the body, or NULL. Returns true when the status alone decides (out
 * filled), false for a 2xx, which the adapter reads itself.
 */
bool outcome_classify(const char *platform, const struct http_response *r,
    const char *platform_error, struct outcome *out);

/*
 * What a platform says about its token (almanac doctor). The answers to
 * the requests of an adapter's whoami are read into one token_check, in
 * whatever order they come: each answer fills its own part, and a state
 * only ever moves to a worse one (the order below).
 */
enum token_state {
	TOKEN_UNCHECKED = 0,	/* no answer read yet */
	TOKEN_OK,		/* accepted; who says whose it is */
	TOKEN_UNNAMED,		/* accepted, but the platform would not say
				   whose it is (a scope is missing): error
				   says why */
	TOKEN_ERROR,		/* another answer: a rate limit, a platform
				   error, an unreadable body */
	TOKEN_UNREACHABLE,	/* no HTTP answer */
	TOKEN_REFUSED		/* the platform refused the token */
};

struct token_check {
	enum token_state state;
	char *who;		/* OK: whose token, in the platform's words */
	char *error;		/* UNNAMED and worse: what happened */
	char *warning;		/* a caveat of an accepted token, or NULL */
	bool expiry_known;	/* the platform said when the token ends */
	long long expires_at;	/* Unix time; 0 = never (when known) */
	const char *expiry_field;	/* the answer's field it came from */
	char *expiry_error;	/* why the expiry could not be had, or NULL */
};

void token_check_free(struct token_check *t);

/* What an adapter builds from. cred may be NULL (preview): then secret
 * values are written as "(redacted)". */
struct adapter_ctx {
	const struct config *config;
	const struct platform_conf *pc;
	const struct credentials *cred;
	long long now;		/* Unix time, for signatures and feed dates */
};

struct adapter {
	enum platform_id id;
	const char *name;
	enum text_counter counter;
	size_t limit;			/* of the main text; 0 = none */
	const char *default_template;	/* main text */
	const char *default_api;	/* base URL; NULL for the feed */
	bool needs_image;
	/* Optional: turns rendered text into what is sent and counted
	 * (LinkedIn escaping). Returns an allocated string. */
	char *(*finish)(const char *text);
	/* Optional: further checks of a finished message; returns NULL or
	 * an allocated sentence saying what is wrong. */
	char *(*check)(const struct message *m);
	/* Builds the request(s) that publish m. Returns 0, or -1 with *err
	 * (allocated) saying why. out is filled on 0 only. */
	int (*build)(const struct adapter_ctx *ctx, const struct message *m,
	    struct request_list *out, char **err);
	/*
	 * Reads the answer resp to request number step of the flow (0 for the
	 * first request of build, then next_step of each OUTCOME_NEXT). Fills
	 * *out; never fails: an answer it cannot read is OUTCOME_UNKNOWN.
	 * NULL for the feed, which sends nothing.
	 */
	void (*parse)(const struct adapter_ctx *ctx, const struct message *m,
	    int step, const struct http_response *resp, struct outcome *out);
	/*
	 * Optional: the request that continues a flow from progress saved by
	 * an earlier run (outcome.step), in out with its step number in
	 * *first_step. Returns 0, or -1 with *err (allocated).
	 */
	int (*resume)(const struct adapter_ctx *ctx, const struct message *m,
	    const char *step, struct request_list *out, int *first_step,
	    char **err);
	/*
	 * Optional (doctor; NULL for the feed): the read-only request(s)
	 * that ask the platform whose token ctx->cred holds. Each is sent
	 * once. Returns 0, or -1 with *err (allocated) when a credential or
	 * a setting is missing. out is filled on 0 only.
	 */
	int (*whoami)(const struct adapter_ctx *ctx, struct request_list *out,
	    char **err);
	/* Reads the answer resp to request number i of whoami into *t;
	 * never fails. */
	void (*whoami_parse)(const struct adapter_ctx *ctx, size_t i,
	    const struct http_response *resp, struct token_check *t);
};

/* The LinkedIn-Version header that linkedin sends with pc's settings
 * (pc may be NULL: the built-in default). */
const char *adapter_linkedin_version(const struct platform_conf *pc);

/* The adapter of platform id; never NULL for id < PF_COUNT. */
const struct adapter *adapter_get(enum platform_id id);

/* Helpers shared by the adapters. */
/* The base URL: pc->api if set, else the adapter's default; without a
 * trailing slash. Allocated. */
char *adapter_base(const struct adapter *a, const struct platform_conf *pc);

#endif
