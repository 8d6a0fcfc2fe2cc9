/*
 * card_file: the files the "cards" group of the config may name (a font
 * file, a background image), told apart by their first bytes, without
 * cairo or pango. Nothing here prints or allocates.
 */
#ifndef ALMANAC_CARD_FILE_H
#define ALMANAC_CARD_FILE_H

#include <stdbool.h>

/* The family name every card is drawn in unless cards.font says
 * otherwise (fonts-noto-core). */
#define CARD_FONT_DEFAULT "Noto Sans"

/* cards.font names a file rather than a family: it holds a '/' or ends
 * in .ttf, .otf, .ttc or .otc (any case). */
bool card_font_is_file(const char *v);

/* The file at path begins as a TrueType or OpenType font or a font
 * collection does; false too when it cannot be read. */
bool card_font_file_ok(const char *path);

enum card_image_kind { CARD_IMAGE_NONE, CARD_IMAGE_PNG, CARD_IMAGE_JPEG };

/* What the file at path begins as: a PNG, a JPEG, or neither (or it
 * cannot be read). */
enum card_image_kind card_image_kind(const char *path);

/* card_image_kind(path) is a PNG or a JPEG. */
bool card_image_file_ok(const char *path);

#endif
