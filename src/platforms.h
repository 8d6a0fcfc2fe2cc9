/*
 * platforms: the adapter interface, one adapter per platform in
 * src/platforms/NAME.c, and the table that lists them.
 *
 * An adapter knows how its platform counts text and what it needs, and
 * turns a formatted message into the exact HTTP request(s) of
 * ../shared/platform-apis.md. Building a request never touches the network.
 */
#ifndef ALMANAC_PLATFORMS_H
#define ALMANAC_PLATFORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "format.h"
#include "text.h"

struct header {
	char *name;
	char *value;
	bool secret;	/* shown as "(redacted)" anywhere it is displayed */
};

struct request {
	char *method;		/* "POST", "GET"; the feed uses "WRITE" */
	char *url;		/* for the feed: the file's path */
	struct header *headers;
	size_t nheaders;
	char *body;		/* exact bytes sent, NUL-terminated, or NULL */
	char *note;		/* e.g. how a step uses the previous answer */
};

/* Stands, in a request's url or body, for the "id" of the answer to the
 * request before it (Instagram's media container); the sender replaces it
 * before sending. */
#define REQUEST_CONTAINER_ID "{container-id}"

struct request_list {
	struct request *v;
	size_t n;
};

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
};

/* The adapter of platform id; never NULL for id < PF_COUNT. */
const struct adapter *adapter_get(enum platform_id id);

/* Helpers shared by the adapters. */
void request_list_free(struct request_list *l);
struct request *request_list_add(struct request_list *l, const char *method,
    char *url);
void request_add_header(struct request *r, const char *name,
    const char *value, bool secret);
/* The base URL: pc->api if set, else the adapter's default; without a
 * trailing slash. Allocated. */
char *adapter_base(const struct adapter *a, const struct platform_conf *pc);
/* RFC 3986 percent-encoding: all but A-Z a-z 0-9 - . _ ~, uppercase hex.
 * Allocated. */
char *percent_encode(const char *s);

#endif
