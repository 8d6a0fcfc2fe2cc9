/*
 * platforms/adapter.h: what the adapters under src/platforms/ share. Not
 * for use outside the adapters; the public interface is ../platforms.h.
 */
#ifndef ALMANAC_PLATFORMS_ADAPTER_H
#define ALMANAC_PLATFORMS_ADAPTER_H

#include <cJSON.h>

#include "buf.h"
#include "platforms.h"

/* What a secret is shown as when there are no credentials (preview). */
#define REDACTED "(redacted)"

extern const struct adapter adapter_twitter;
extern const struct adapter adapter_linkedin;
extern const struct adapter adapter_facebook;
extern const struct adapter adapter_instagram;
extern const struct adapter adapter_pinterest;
extern const struct adapter adapter_feed;

/*
 * The credential key ("consumer_key", "consumer_secret", "access_token",
 * "access_token_secret") of platform a: *value is its value, or REDACTED
 * when ctx->cred is NULL. Returns 0, or -1 with *err (allocated) naming
 * the missing key and the credentials file when it is unset.
 */
int adapter_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key, const char **value, char **err);

/*
 * Adds "Authorization: Bearer TOKEN" (secret) with the platform's
 * access_token, or REDACTED without credentials. Returns 0, or -1 with
 * *err (allocated) when the credentials lack the token.
 */
int adapter_bearer(const struct adapter_ctx *ctx, const struct adapter *a,
    struct request *r, char **err);

/*
 * Building JSON: cJSON only fails when out of memory, and then these exit
 * as xmalloc does. adapter_json_add adds item (from cJSON_Create..., which
 * gives NULL for a NULL string: never pass one) to object o under key and
 * returns it. adapter_json prints the tree without formatting into an
 * allocated string and deletes the tree.
 */
cJSON *adapter_json_object(void);
cJSON *adapter_json_add(cJSON *o, const char *key, cJSON *item);
char *adapter_json(cJSON *root);

/* Appends pe(key)=pe(value) to a form body, after "&" unless it is the
 * first pair. */
void adapter_form_add(struct buf *b, const char *key, const char *value);

/* The Graph API version used when platforms.NAME.graph_version is not
 * set. */
#define GRAPH_VERSION "v24.0"

/*
 * {api}/{graph_version}/pe(node)/edge for a Graph API adapter, into *url
 * (allocated). Returns 0, or -1 with *err (allocated) when graph_version
 * is not of the form "vNN.N".
 */
int adapter_graph_url(const struct adapter *a,
    const struct platform_conf *pc, const char *node, const char *edge,
    char **url, char **err);

/* The message's title: m->title, else the post's, else NULL. */
const char *adapter_title(const struct message *m);

#endif
