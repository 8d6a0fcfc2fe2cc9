/*
 * image_cache: the remote pictures (a post's "image.url"), fetched once
 * over HTTPS through the HTTP engine into state_dir/images/ and served
 * from there afterwards, for the platforms whose requests carry the
 * picture itself.
 *
 * An answer is kept only when it is a 200 whose Content-Type is
 * image/jpeg or image/png and whose first bytes say JPEG or PNG, of at
 * most IMAGE_MAX_BYTES (image.h; a larger one is cut off while it comes
 * and nothing of it is kept). A file's name is image_name of its URL, so
 * one URL is one file. The folder's total is capped at
 * images.cache_max_mb: after each fetch the files used longest ago (by
 * their time, which a use from the cache renews) are removed until the
 * rest fit, never the one just fetched.
 *
 * Nothing here prints; errors come back as allocated sentences naming
 * the URL.
 */
#ifndef ALMANAC_IMAGE_CACHE_H
#define ALMANAC_IMAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "http.h"
#include "image.h"

/* A picture in the cache. */
struct image_ref {
	char *path;		/* the file, allocated */
	enum image_type type;
	size_t size;		/* bytes */
	bool fetched;		/* fetched now, not found in the cache */
};

/*
 * The picture at url, from the cache of c (state_dir/images, capped at
 * c->images.cache_max_mb), else fetched with the engine e (made with c's
 * http settings), which must be idle: this runs it, so it is not called
 * from one of its callbacks. Returns 0 with *out filled (free with
 * image_ref_free), or -1 with *err (allocated).
 */
int image_fetch(struct http_engine *e, const struct config *c,
    const char *url, struct image_ref *out, char **err);

void image_ref_free(struct image_ref *r);

/* The cache's folder of c: state_dir/images. Allocated. */
char *image_cache_dir(const struct config *c);

#endif
