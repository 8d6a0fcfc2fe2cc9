/*
 * card: the picture almanac draws for a post, with cairo and pango: the
 * date ("12 November 1927"), how long ago ("99 years ago today", a round
 * anniversary marked in the accent colour), the title (wrapped, shrunk
 * and at last cut with "…" to fit) and the site's name, on the colours,
 * font and background image of the config's "cards" group, in one of the
 * shapes of card_shape.h; encoded as PNG or JPEG (card_image.h) and kept
 * under CARD_MAX_BYTES. Each card has alt text made from its words.
 *
 * Errors come back as allocated sentences in *err; nothing here prints.
 */
#ifndef ALMANAC_CARD_H
#define ALMANAC_CARD_H

#include <stdbool.h>
#include <stddef.h>

#include "card_image.h"
#include "card_shape.h"
#include "config.h"
#include "date.h"
#include "post.h"

/* The largest card written, in bytes (the smallest limit of a platform
 * that takes images). */
#define CARD_MAX_BYTES 1000000

/* The words of a card. The strings are copied into the struct or
 * borrowed from the post and the config, which must outlive it. */
struct card_words {
	char date[64];		/* "12 November 1927", "15 March 44 BC" */
	char ago[64];		/* "99 years ago today"; "" when the post
				   has no year or is not before day */
	int years;		/* 0 when ago is "" */
	bool round;		/* years is a round anniversary */
	const char *title;
	const char *site;	/* NULL: none */
};

/* The date line of p: day, month name, year (BC for years before 1). */
void card_date_line(const struct post *p, char *out, size_t size);

/* A round anniversary, as preview marks them: a multiple of 25 years
 * (plan_roundness, plan.h). */
bool card_round(int years);

/* "1 year ago today", "99 years ago today" (years from 1). */
void card_ago_line(int years, char *out, size_t size);

/* The words of p's card on day, the site's name from cc. */
void card_words(const struct post *p, struct ymd day,
    const struct card_conf *cc, struct card_words *w);

/* The alt text of a card of w: "12 November 1927, 99 years ago today:
 * TITLE (SITE)". Allocated. */
char *card_alt(const struct card_words *w);

/* The format of a card: by the name of the file it goes to (.png, .jpg
 * or .jpeg, any case; NULL or another name: JPEG when jpeg_only or when
 * a background image is drawn, whose photograph JPEG keeps smaller, else
 * PNG, which keeps flat colours and text sharp). Returns false when the
 * name asks for PNG and jpeg_only. */
bool card_format_choose(const char *path, bool jpeg_only, bool background,
    enum card_format *out);

/* A card drawn and encoded. */
struct card {
	unsigned char *data;	/* the encoded image, len bytes */
	size_t len;
	enum card_format format;
	int width, height;
	int quality;		/* JPEG: the quality it was written at */
	int unknown_glyphs;	/* characters no font could draw (shown as
				   boxes): a card that should not go out */
	char *alt;		/* card_alt of its words */
};

/*
 * Draws the card of w in shape with cc's settings and encodes it as fmt
 * into *out (free it with card_free). Returns 0, or -1 with *err when the
 * font file or the background cannot be used, or the encoded card would
 * be over CARD_MAX_BYTES.
 */
int card_draw(const struct card_conf *cc, const struct card_words *w,
    enum card_shape shape, enum card_format fmt, struct card *out,
    char **err);
void card_free(struct card *c);

/* Releases what fontconfig, pango and cairo keep for the process (font
 * lists, caches): at the end of a command that drew cards, after its
 * last card_draw. */
void card_cleanup(void);

#endif
