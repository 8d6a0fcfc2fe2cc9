/*
 * picture: which picture a post's message for a platform carries, and
 * that picture made ready before the pair's first request: the post's own
 * file (image.file), its image.url (fetched into the cache for a platform
 * that takes the picture's bytes), the platform's default_image, or the
 * card almanac draws (card.h), written under state_dir/cards and, for a
 * platform that fetches a public address, put in the public folder
 * (public.h). Nothing here names a platform: the entry's image_max,
 * needs_image, image_by_url, card_shape and card_jpeg say it all.
 *
 * Nothing here prints: errors and warnings come back as allocated
 * sentences the caller frees.
 */
#ifndef ALMANAC_PICTURE_H
#define ALMANAC_PICTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "format.h"
#include "http.h"
#include "platforms.h"

enum picture_kind {
	PICTURE_NONE = 0,	/* the pair goes out without a picture */
	PICTURE_OWN,		/* the post's own file (image.file) */
	PICTURE_REMOTE,		/* the post's image.url */
	PICTURE_DEFAULT,	/* the platform's default_image */
	PICTURE_CARD		/* the card almanac draws */
};

/* "none", "own file", "URL", "default_image", "card". Static. */
const char *picture_kind_name(enum picture_kind k);

/* The post's own picture for platform a: its override's, else the
 * post's; NULL when neither has one. Borrowed from the post. */
const struct post_image *picture_own(const struct post *p,
    const struct adapter *a);

/*
 * Which picture the pair m (as format_message made it) of platform a
 * gets, by the config alone (no file is read). With cards.enabled, a
 * post without a picture of its own (every post with cards.always) gets
 * its card: on a platform that takes the picture in its request
 * (image_max > 0) always, on one that fetches an address (needs_image or
 * image_by_url) when the public folder is set. Otherwise an upload
 * platform gets the own file or the fetched image.url, an address
 * platform what format_message chose (the own file's public address, the
 * image.url, default_image), and any other platform none. A platform
 * whose picture is its link card's (picture_needs_link) gets none for a
 * post without a link.
 */
enum picture_kind picture_choose(const struct config *c,
    const struct adapter *a, const struct message *m);

/*
 * What preview says of m's picture of kind k (picture_choose): "card
 * 1200×628 PNG, drawn", "images/own.jpg (the post's own file)", the
 * image.url, "default_image URL"; NULL for PICTURE_NONE. Allocated.
 */
char *picture_describe(const struct config *c, const struct adapter *a,
    const struct message *m, enum picture_kind k);

/*
 * For preview, which draws nothing: m's alt text becomes its card's (of
 * kind PICTURE_CARD); on an upload platform m has no file, the card's type
 * and card_later set (its requests show a stand-in for the bytes); on an
 * address platform its image_url is a stand-in for the card's public
 * address, public_url "/card-of-POST-ID" and the card's ending (publish
 * names it by its content).
 */
void picture_preview(const struct config *c, const struct adapter *a,
    struct message *m);

/* A card drawn for a pair and kept as a file. */
struct picture_card {
	char *path;		/* state_dir/cards/NAME, allocated */
	enum image_type type;
	int width, height;
	size_t size;		/* bytes */
	char *alt;		/* the card's alt text, allocated */
};

/*
 * Draws the card of m's post on m's day for platform a (its card_shape,
 * JPEG when card_jpeg or a background is drawn) and keeps it under
 * state_dir/cards, named by its content (image_name): a file of that name
 * already there is used as it is. Returns 0 with *out (free with
 * picture_card_free), or -1 with *err: it cannot be drawn (a character no
 * font has included), or written.
 */
int picture_card_make(const struct config *c, const struct adapter *a,
    const struct message *m, struct picture_card *out, char **err);
void picture_card_free(struct picture_card *pc);

/* A picture's bytes, for a page that shows it. */
struct picture_bytes {
	unsigned char *data;	/* len bytes, allocated */
	size_t len;
	enum image_type type;
};

/*
 * For the HTML preview, which shows the pictures it can: the bytes of m's
 * picture of kind k (picture_choose) when almanac makes or holds them:
 * the card drawn now (kept nowhere), the post's own file
 * (m->image_file). Returns 1 with *out (free with picture_bytes_free), 0
 * when the picture is only an address (a URL, default_image) or none, or
 * -1 with *err: the card cannot be drawn (the words publish would hold
 * the pair with), the file cannot be read.
 */
int picture_bytes_get(const struct config *c, const struct adapter *a,
    const struct message *m, enum picture_kind k, struct picture_bytes *out,
    char **err);
void picture_bytes_free(struct picture_bytes *pb);

/*
 * Makes m's picture ready before its first request, as picture_choose
 * says: for an upload platform m->image_file, image_type and alt are the
 * picture file (the own file; the image.url fetched with the engine e,
 * which must be idle, or from the cache when e is NULL; the card), or
 * image_file is NULL when none; for an address platform with a card,
 * m->image_url is the card's public address and m->image_file the card
 * (the caller puts it in the public folder). An own file larger than
 * image_max, or an image.url that cannot be fetched, falls back to the
 * card (when cards are enabled; else no picture), with *warning saying
 * why. Returns 0 (with *kind, when not NULL, what the pair got), or -1
 * with *err when the card cannot be drawn or written: the pair must not
 * be sent.
 */
int picture_ready(struct http_engine *e, const struct config *c,
    const struct adapter *a, struct message *m, enum picture_kind *kind,
    char **warning, char **err);

#endif
