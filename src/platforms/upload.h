/*
 * platforms/upload: what the adapters that upload a picture share (an
 * entry with image_max set, platforms.h): reading message.image_file for
 * a request, a multipart/form-data body with it, and the upload kept as
 * the pair's progress (outcome.step) so that a later attempt reuses it.
 * Not for use outside the adapters.
 *
 * An upload publishes nothing and is safe to repeat. Its id is kept as
 * progress "upload:ID:T" (T: the Unix time of the upload); a flow's build
 * goes on from it while it is younger than the platform says an upload
 * lives, and uploads again after.
 */
#ifndef ALMANAC_PLATFORMS_UPLOAD_H
#define ALMANAC_PLATFORMS_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms/adapter.h"

/*
 * The bytes of m's picture (m->image_file, at most a->image_max) into
 * *data (allocated, NUL after them) and *len. Returns 0, or -1 with *err
 * (allocated) naming the file and what is wrong (too large for a, cannot
 * be read).
 */
int upload_read(const struct adapter *a, const struct message *m,
    char **data, size_t *len, char **err);

/* Makes m's picture (as upload_read reads it) r's whole body, its bytes
 * (request.body_len). Returns 0, or -1 with *err as upload_read. */
int upload_body(const struct adapter *a, const struct message *m,
    struct request *r, char **err);

/*
 * Makes r's body multipart/form-data: the text fields of fields (name,
 * value, name, value, ..., NULL; a NULL value leaves its field out), then
 * m's picture as file field file_field, and sets r's Content-Type.
 * Returns 0, or -1 with *err (allocated) as upload_read.
 */
int upload_multipart(const struct adapter *a, const struct message *m,
    const char *const *fields, const char *file_field, struct request *r,
    char **err);

/* The progress that keeps upload id made at now: "upload:ID:NOW".
 * Allocated. */
char *upload_step(const char *id, long long now);

/*
 * The upload kept in ctx->progress when it is "upload:ID:T" with a valid
 * id and ctx->now - T at most max_age seconds (and not in the future):
 * copies ID into id (ADAPTER_ID_MAX + 1 bytes) and returns true; false
 * for none, another progress, or one too old.
 */
bool upload_kept(const struct adapter_ctx *ctx, long long max_age,
    char id[ADAPTER_ID_MAX + 1]);

/* Fills out to send, as step next, the request already built in
 * out->next after the answer resp; keeps id (an upload's, made at now) as
 * progress when it is not NULL. */
void upload_next(struct outcome *out, const struct http_response *resp,
    int next, const char *id, long long now);

/* Makes an answer out reads as unknown, to a step before the post (what:
 * "upload", "alt text"), a retryable failure: it published nothing ("the
 * picture's WHAT did not go through, nothing was published: WHY"). Any
 * other outcome is left as it is. */
void upload_unposted(struct outcome *out, const char *what);

#endif
