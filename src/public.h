/*
 * public: the public folder (cards.public_dir, served by a web server at
 * cards.public_url), where almanac puts a post's own picture (image.file)
 * for the platforms that fetch a picture from a link rather than take it
 * in the request (docs/configuration.md, "cards").
 *
 * A picture's name there is image_name's (image.h): the hash of its
 * content, so that the same picture always has the same address and a
 * changed one a new address. Nothing here prints; errors come back as
 * allocated sentences.
 */
#ifndef ALMANAC_PUBLIC_H
#define ALMANAC_PUBLIC_H

#include <stdbool.h>

#include "config.h"

/* True when cc sets both public_dir and public_url. */
bool public_enabled(const struct card_conf *cc);

/*
 * The address the picture file (a real path that image_file_check
 * passed) has in the public folder: public_url, "/", its name. Returns 0
 * with *url allocated, or with *url NULL when no public folder is set;
 * -1 with *err (allocated) when the file cannot be read.
 */
int public_url(const struct card_conf *cc, const char *file, char **url,
    char **err);

/*
 * Puts the picture file into the public folder under its name, unless a
 * file of that name is there already: written to a temporary file
 * beside it, mode 0644, then renamed (a web server never serves half a
 * picture). The folder is made (0755) when missing. Returns 0 with *path
 * (allocated: where it is), or -1 with *err (allocated).
 */
int public_put(const struct card_conf *cc, const char *file, char **path,
    char **err);

#endif
