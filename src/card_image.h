/*
 * card_image: a card's pixels (a cairo image surface) encoded as PNG
 * (cairo) or JPEG (libjpeg-turbo), and a background image (PNG or JPEG)
 * decoded into a surface. Errors come back as allocated sentences in
 * *err; nothing here prints.
 */
#ifndef ALMANAC_CARD_IMAGE_H
#define ALMANAC_CARD_IMAGE_H

#include <stddef.h>

#include <cairo.h>

enum card_format { CARD_PNG, CARD_JPEG };

/* "PNG" or "JPEG". */
const char *card_format_name(enum card_format f);

/*
 * Encodes surface s (CAIRO_FORMAT_RGB24 or ARGB32, alpha ignored) as f,
 * JPEG at quality (1-100), into *data (allocated, *len bytes). Returns 0,
 * or -1 with *err.
 */
int card_encode(cairo_surface_t *s, enum card_format f, int quality,
    unsigned char **data, size_t *len, char **err);

/* The PNG or JPEG image at path as a new surface (the caller destroys
 * it). Returns NULL with *err when it cannot be read or decoded. */
cairo_surface_t *card_image_load(const char *path, char **err);

#endif
