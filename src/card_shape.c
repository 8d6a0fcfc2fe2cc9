/* card_shape: the table of card sizes (see card_shape.h). */
#include "card_shape.h"

#include <stddef.h>
#include <string.h>

static const struct card_shape_info shapes[CARD_SHAPES] = {
	[CARD_SHAPE_LINK] = { "link", 1200, 628, "1.91:1" },
	[CARD_SHAPE_SQUARE] = { "square", 1080, 1080, "1:1" },
	[CARD_SHAPE_PORTRAIT] = { "portrait", 1080, 1350, "4:5" },
	[CARD_SHAPE_PIN] = { "pin", 1000, 1500, "2:3" },
};

const struct card_shape_info *
card_shape_get(enum card_shape s)
{
	if ((unsigned)s >= CARD_SHAPES)
		return NULL;
	return &shapes[s];
}

bool
card_shape_lookup(const char *name, enum card_shape *out)
{
	size_t i;

	for (i = 0; i < CARD_SHAPES; i++)
		if (strcmp(shapes[i].name, name) == 0) {
			*out = (enum card_shape)i;
			return true;
		}
	return false;
}
