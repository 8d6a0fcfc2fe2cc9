/* Unit tests: a card's words (the date line, the years, the round
 * anniversaries, the alt text), the shapes, the choice of format, the
 * files the cards group takes, and one card drawn. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "card_file.h"
#include "config.h"
#include "xalloc.h"

#include "fixture.h"

static struct post
post_on(int y, int m, int d, bool has_year, const char *title)
{
	struct post p;

	memset(&p, 0, sizeof(p));
	p.year = y;
	p.month = m;
	p.day = d;
	p.has_year = has_year;
	p.title = (char *)(uintptr_t)title;
	return p;
}

static void
test_date_line(void **state)
{
	struct post p = post_on(1927, 11, 12, true, "t");
	char s[64];

	(void)state;
	card_date_line(&p, s, sizeof(s));
	assert_string_equal(s, "12 November 1927");
	p = post_on(-43, 3, 15, true, "t");	/* 44 BC */
	card_date_line(&p, s, sizeof(s));
	assert_string_equal(s, "15 March 44 BC");
	p = post_on(0, 1, 1, true, "t");	/* 1 BC */
	card_date_line(&p, s, sizeof(s));
	assert_string_equal(s, "1 January 1 BC");
	p = post_on(1, 2, 3, true, "t");
	card_date_line(&p, s, sizeof(s));
	assert_string_equal(s, "3 February 1");
	p = post_on(0, 3, 17, false, "t");
	card_date_line(&p, s, sizeof(s));
	assert_string_equal(s, "17 March");
}

static void
test_years_ago_and_round_marks(void **state)
{
	static const int round[] = { 25, 50, 75, 100, 125, 150, 200, 250,
		500, 1000, 2025 };
	static const int plain[] = { -25, 0, 1, 5, 10, 20, 24, 26, 90, 99,
		101, 110, 120, 130, 160, 190, 210, 999 };
	char s[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++)
		assert_true(card_round(round[i]));
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		assert_false(card_round(plain[i]));
	card_ago_line(1, s, sizeof(s));
	assert_string_equal(s, "1 year ago today");
	card_ago_line(99, s, sizeof(s));
	assert_string_equal(s, "99 years ago today");
	card_ago_line(2069, s, sizeof(s));
	assert_string_equal(s, "2069 years ago today");
}

static void
test_words_and_alt_text(void **state)
{
	struct card_conf cc = { .site_name = (char *)(uintptr_t)"On This Day" };
	struct post p = post_on(1927, 11, 12, true, "Trotsky expelled");
	struct card_words w;
	char *alt;

	(void)state;
	card_words(&p, (struct ymd){ 2027, 11, 12 }, &cc, &w);
	assert_string_equal(w.date, "12 November 1927");
	assert_string_equal(w.ago, "100 years ago today");
	assert_int_equal(w.years, 100);
	assert_true(w.round);
	alt = card_alt(&w);
	assert_string_equal(alt, "12 November 1927, 100 years ago today: "
	    "Trotsky expelled (On This Day)");
	free(alt);

	/* the same year or before: no years; no site name: none said */
	cc.site_name = NULL;
	card_words(&p, (struct ymd){ 1927, 11, 12 }, &cc, &w);
	assert_string_equal(w.ago, "");
	assert_int_equal(w.years, 0);
	assert_false(w.round);
	alt = card_alt(&w);
	assert_string_equal(alt, "12 November 1927: Trotsky expelled");
	free(alt);

	/* a post without a year */
	p = post_on(0, 3, 17, false, "A feast");
	card_words(&p, (struct ymd){ 2026, 3, 17 }, &cc, &w);
	alt = card_alt(&w);
	assert_string_equal(alt, "17 March: A feast");
	free(alt);

	/* across the era: 44 BC to AD 2026 */
	p = post_on(-43, 3, 15, true, "Ides");
	card_words(&p, (struct ymd){ 2026, 3, 15 }, &cc, &w);
	assert_int_equal(w.years, 2069);
}

static void
test_shapes(void **state)
{
	static const struct { const char *name; int w, h; } want[] = {
		{ "link", 1200, 628 }, { "square", 1080, 1080 },
		{ "portrait", 1080, 1350 }, { "pin", 1000, 1500 },
	};
	const struct card_shape_info *si;
	enum card_shape s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_true(card_shape_lookup(want[i].name, &s));
		assert_int_equal(s, i);
		si = card_shape_get(s);
		assert_non_null(si);
		assert_string_equal(si->name, want[i].name);
		assert_int_equal(si->width, want[i].w);
		assert_int_equal(si->height, want[i].h);
	}
	/* the ratios the platforms want */
	si = card_shape_get(CARD_SHAPE_LINK);
	assert_true(si->width * 100 / si->height == 191);
	si = card_shape_get(CARD_SHAPE_PORTRAIT);
	assert_int_equal(si->width * 5, si->height * 4);
	si = card_shape_get(CARD_SHAPE_PIN);
	assert_int_equal(si->width * 3, si->height * 2);
	/* the entries' shapes: only JPEG for one of them */
	assert_int_equal(adapter_get((size_t)platform_lookup("instagram"))->
	    card_shape, CARD_SHAPE_SQUARE);
	assert_true(adapter_get((size_t)platform_lookup("instagram"))->
	    card_jpeg);
	assert_int_equal(adapter_get((size_t)platform_lookup("pinterest"))->
	    card_shape, CARD_SHAPE_PIN);
	assert_int_equal(adapter_get((size_t)platform_lookup("twitter"))->
	    card_shape, CARD_SHAPE_LINK);
	assert_false(adapter_get((size_t)platform_lookup("twitter"))->
	    card_jpeg);
	assert_null(card_shape_get(CARD_SHAPES));
	assert_false(card_shape_lookup("round", &s));
	assert_false(card_shape_lookup("", &s));
}

static void
test_format_choice(void **state)
{
	enum card_format f;

	(void)state;
	assert_true(card_format_choose("a.png", false, true, &f));
	assert_int_equal(f, CARD_PNG);
	assert_true(card_format_choose("a.PNG", false, false, &f));
	assert_int_equal(f, CARD_PNG);
	assert_false(card_format_choose("a.png", true, false, &f));
	assert_true(card_format_choose("a.jpg", false, false, &f));
	assert_int_equal(f, CARD_JPEG);
	assert_true(card_format_choose("a.Jpeg", false, false, &f));
	assert_int_equal(f, CARD_JPEG);
	assert_true(card_format_choose("card", false, false, &f));
	assert_int_equal(f, CARD_PNG);
	assert_true(card_format_choose("card", false, true, &f));
	assert_int_equal(f, CARD_JPEG);
	assert_true(card_format_choose(NULL, true, false, &f));
	assert_int_equal(f, CARD_JPEG);
	assert_true(card_format_choose(".png", false, false, &f));
	assert_int_equal(f, CARD_PNG);	/* no name before it: the default */
	assert_string_equal(card_format_name(CARD_JPEG), "JPEG");
	assert_string_equal(card_format_name(CARD_PNG), "PNG");
}

static void
test_card_files(void **state)
{
	char *dir = fixture_tmpdir("card");
	char *p = xasprintf("%s/f", dir);

	(void)state;
	assert_true(card_font_is_file("fonts/a"));
	assert_true(card_font_is_file("A.TTF"));
	assert_true(card_font_is_file("b.otc"));
	assert_false(card_font_is_file("Noto Sans"));
	assert_false(card_font_is_file(".ttf"));
	fixture_write(p, "\x00\x01\x00\x00rest", 8, 0644);
	assert_true(card_font_file_ok(p));
	fixture_put(p, "OTTO....");
	assert_true(card_font_file_ok(p));
	fixture_put(p, "ttcf....");
	assert_true(card_font_file_ok(p));
	fixture_put(p, "<svg>");
	assert_false(card_font_file_ok(p));
	assert_int_equal(card_image_kind(p), CARD_IMAGE_NONE);
	fixture_put(p, "\x89PNG\r\n\x1a\n....");
	assert_int_equal(card_image_kind(p), CARD_IMAGE_PNG);
	fixture_put(p, "\xff\xd8\xff\xe0....");
	assert_int_equal(card_image_kind(p), CARD_IMAGE_JPEG);
	assert_true(card_image_file_ok(p));
	fixture_put(p, "\xff\xd8");	/* too short */
	assert_false(card_image_file_ok(p));
	free(p);
	p = xasprintf("%s/none", dir);
	assert_false(card_image_file_ok(p));
	assert_false(card_font_file_ok(p));
	free(p);
	fixture_rmtree(dir);
	free(dir);
}

/* One card of each format drawn with the defaults: its size, its
 * signature, every glyph found. */
static void
test_draw(void **state)
{
	struct config c;
	struct post p = post_on(1927, 11, 12, true,
	    "Trotsky and Zinoviev expelled from the Communist Party");
	struct card_words w;
	struct card card;
	char *err = NULL;

	(void)state;
	config_defaults(&c, ".");
	card_words(&p, (struct ymd){ 2026, 11, 12 }, &c.cards, &w);
	assert_int_equal(card_draw(&c.cards, &w, CARD_SHAPE_PIN, CARD_JPEG,
	    &card, &err), 0);
	assert_null(err);
	assert_int_equal(card.width, 1000);
	assert_int_equal(card.height, 1500);
	assert_int_equal(card.unknown_glyphs, 0);
	assert_true(card.len > 1000 && card.len < CARD_MAX_BYTES);
	assert_memory_equal(card.data, "\xff\xd8\xff", 3);
	assert_int_equal(card.quality, 90);
	assert_string_equal(card.alt, "12 November 1927, 99 years ago today: "
	    "Trotsky and Zinoviev expelled from the Communist Party");
	card_free(&card);
	assert_int_equal(card_draw(&c.cards, &w, CARD_SHAPE_LINK, CARD_PNG,
	    &card, &err), 0);
	assert_memory_equal(card.data, "\x89PNG\r\n\x1a\n", 8);
	card_free(&card);
	/* a background that is gone by the time the card is drawn */
	c.cards.background = xstrdup("/nonexistent/bg.png");
	assert_int_equal(card_draw(&c.cards, &w, CARD_SHAPE_LINK, CARD_PNG,
	    &card, &err), -1);
	assert_string_equal(err, "\"/nonexistent/bg.png\" is not a PNG or "
	    "JPEG image");
	free(err);
	config_free(&c);
	card_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_line),
		cmocka_unit_test(test_years_ago_and_round_marks),
		cmocka_unit_test(test_words_and_alt_text),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_format_choice),
		cmocka_unit_test(test_card_files),
		cmocka_unit_test(test_draw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
