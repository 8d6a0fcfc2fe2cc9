/*
 * card_shape: the shapes of the cards almanac draws (card.h), as a table
 * of sizes. A platform's entry in the table of platforms.h says which
 * shape it wants and whether it takes only JPEG; nothing here names a
 * platform. Everything returned is static.
 */
#ifndef ALMANAC_CARD_SHAPE_H
#define ALMANAC_CARD_SHAPE_H

#include <stdbool.h>

enum card_shape {
	CARD_SHAPE_LINK = 0,	/* 1.91:1, a link's card or thumbnail */
	CARD_SHAPE_SQUARE,	/* 1:1 */
	CARD_SHAPE_PORTRAIT,	/* 4:5 */
	CARD_SHAPE_PIN,		/* 2:3 */
	CARD_SHAPES
};

struct card_shape_info {
	const char *name;	/* "link", as --shape takes it */
	int width, height;	/* pixels */
	const char *ratio;	/* "1.91:1", for help and messages */
};

/* The entry of shape s; NULL for a value outside the table. */
const struct card_shape_info *card_shape_get(enum card_shape s);

/* The shape called name into *out; false when no shape has that name. */
bool card_shape_lookup(const char *name, enum card_shape *out);

#endif
