/*
 * Fuzz target: format_message, the templates and shrinking.
 *
 * Input: 6 bytes of settings, then NUL-separated fields: title, summary,
 * url, tags (separated by spaces), template.
 *   byte 0   platform (modulo PF_COUNT)
 *   byte 1   flags: 1 the post has a year, 2 the template is the post's
 *            override (else the config's), 4 the built-in template,
 *            8 no summary, 16 no url, 32 an image, 64 the year is BC,
 *            128 the config has a default image
 *   byte 2-3 the year (1-9999)
 *   byte 4   the month, byte 5 the day
 * The post's fields must be valid UTF-8 (post_parse makes sure of it); the
 * template may be any bytes, as the config does not check it.
 *
 * Checks: a message without error fits its limit, its text is valid UTF-8
 * and its length is the text's count; a template that template_check
 * refuses gives an error; with a good template, Pinterest's title and alt
 * are cut to 100 and 500 code points.
 */
#include <stdbool.h>

#include "config.h"
#include "date.h"
#include "format.h"
#include "fuzz.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "post.h"
#include "text.h"
#include "../unit/pconf.h"

#define NFIELDS 5
#define MAXTAGS 32

/* A valid UTF-8 string. */
static bool
utf8(const char *s)
{
	return s != NULL && text_valid_utf8(s, strlen(s), NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct post p;
	struct post_platform ov;
	struct message m;
	struct ymd day;
	const struct adapter *a;
	char *buf, *field[NFIELDS], *tags[MAXTAGS], *q, *err = NULL;
	size_t i, nf, rest, off;
	enum platform_id pf;
	unsigned flags, uses;
	int y, checked;

	if (size < 6)
		return 0;
	pf = (enum platform_id)(data[0] % PF_COUNT);
	flags = data[1];
	y = (data[2] << 8 | data[3]) % 9999 + 1;
	rest = size - 6;
	buf = fuzz_strndup(data + 6, rest);
	/* split at NULs: the copy ends with one more */
	for (nf = 0, q = buf; nf < NFIELDS; nf++) {
		if ((size_t)(q - buf) > rest)
			q = buf + rest;	/* the last NUL: empty from here */
		field[nf] = q;
		q += strlen(q) + 1;
	}
	for (i = 0; i < 4; i++)
		if (!utf8(field[i]))
			goto out;
	if (field[0][0] == '\0')
		goto out;	/* a post always has a title */

	memset(&p, 0, sizeof(p));
	p.file = "fuzz.json";
	p.id = "fuzz";
	p.has_year = flags & 1;
	p.year = !p.has_year ? 0 : (flags & 64) ? 1 - y : y;
	p.bc = p.has_year && (flags & 64);
	p.month = data[4] % 12 + 1;
	p.day = data[5] % date_days_in_month(2000, p.month) + 1;
	p.title = field[0];
	p.summary = (flags & 8) ? NULL : field[1];
	p.url = (flags & 16) ? NULL : field[2];
	if (flags & 32) {
		p.image.url = "https://example.org/a.jpg";
		p.image.alt = field[1];
	}
	p.tags = tags;
	for (q = field[3]; p.ntags < MAXTAGS;) {
		while (*q == ' ')
			*q++ = '\0';
		if (*q == '\0')
			break;
		tags[p.ntags++] = q;
		q += strcspn(q, " ");
	}
	p.time = -1;

	a = adapter_get(pf);
	config_defaults(&c, "/tmp");
	if (flags & 128) {
		c.platforms[pf].default_image =
		    xstrdup("https://example.org/default.jpg");
		c.platforms[pf].default_image_alt = xstrdup(field[0]);
	}
	if (pf == PF_PINTEREST)
		PSET(&c.platforms[pf], "board_id") = xstrdup("1234");
	memset(&ov, 0, sizeof(ov));
	if (!(flags & 4)) {
		if (flags & 2) {
			ov.name = (char *)(uintptr_t)a->name;
			ov.text = field[4];
			p.platforms = &ov;
			p.nplatforms = 1;
		} else
			c.platforms[pf].template = xstrdup(field[4]);
	}

	day.y = 2026;
	day.m = p.month;
	day.d = p.day;
	if (!date_is_leap(day.y) && p.month == 2 && p.day == 29)
		day.y = 2028;
	checked = (flags & 4) ? 0 : template_check(field[4], &uses, &err,
	    &off);
	free(err);

	format_message(&p, day, &c, pf, &m);
	FUZZ_ASSERT(m.text != NULL && utf8(m.text));
	FUZZ_ASSERT(m.limit == a->limit);
	if (checked == -1)
		FUZZ_ASSERT(m.error != NULL);
	if (m.error == NULL) {
		FUZZ_ASSERT(m.limit == 0 || m.length <= m.limit);
		FUZZ_ASSERT(m.fits);
		FUZZ_ASSERT(m.length == text_count(a->counter, m.text));
	}
	FUZZ_ASSERT(!m.fits || m.limit == 0 || m.length <= m.limit);
	FUZZ_ASSERT(m.title == NULL || utf8(m.title));
	FUZZ_ASSERT(m.alt == NULL || utf8(m.alt));
	/* a template error ends formatting before the title and alt */
	if (pf == PF_PINTEREST && checked == 0) {
		FUZZ_ASSERT(m.title != NULL && text_codepoints(m.title) <= 100);
		FUZZ_ASSERT(m.alt == NULL || text_codepoints(m.alt) <= 500);
	}
	message_free(&m);
	config_free(&c);
out:
	free(buf);
	return 0;
}
