/* card_file: font files and images by their first bytes (card_file.h). */
#include "card_file.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The first n bytes of path into buf; false when fewer could be read. */
static bool
head(const char *path, unsigned char *buf, size_t n)
{
	FILE *f = fopen(path, "rb");
	size_t got;

	if (f == NULL)
		return false;
	got = fread(buf, 1, n, f);
	fclose(f);
	return got == n;
}

bool
card_font_is_file(const char *v)
{
	static const char *const ext[] = { ".ttf", ".otf", ".ttc", ".otc" };
	size_t len = strlen(v), i;

	if (strchr(v, '/') != NULL)
		return true;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (len > 4 && strcasecmp(v + len - 4, ext[i]) == 0)
			return true;
	return false;
}

bool
card_font_file_ok(const char *path)
{
	unsigned char b[4];

	if (!head(path, b, sizeof(b)))
		return false;
	return memcmp(b, "\x00\x01\x00\x00", 4) == 0 ||
	    memcmp(b, "OTTO", 4) == 0 || memcmp(b, "true", 4) == 0 ||
	    memcmp(b, "ttcf", 4) == 0;
}

enum card_image_kind
card_image_kind(const char *path)
{
	unsigned char b[8];

	if (!head(path, b, sizeof(b)))
		return CARD_IMAGE_NONE;
	if (memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return CARD_IMAGE_PNG;
	if (b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return CARD_IMAGE_JPEG;
	return CARD_IMAGE_NONE;
}

bool
card_image_file_ok(const char *path)
{
	return card_image_kind(path) != CARD_IMAGE_NONE;
}
