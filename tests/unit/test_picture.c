/* Unit tests: which picture a pair gets (picture_choose) on an upload
 * platform, an address platform and one that shows none, with and
 * without a picture of the post's own, cards.enabled, cards.always and a
 * public folder; a card kept under state_dir/cards by its content and
 * used again; the fall back on the card when the own file is too big. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "card.h"
#include "picture.h"
#include "xalloc.h"

#include "fixture.h"

/* An upload platform, an address platform, one that shows no picture. */
static const struct adapter upload = { .name = "up", .image_max = 100,
	.card_shape = CARD_SHAPE_SQUARE, .card_jpeg = true };
static const struct adapter address = { .name = "addr",
	.needs_image = true, .card_shape = CARD_SHAPE_LINK };
static const struct adapter linkonly = { .name = "plain" };

struct fix {
	struct config c;
	struct post p;
	struct message m;
};

/* f with a post of 1927-11-12 and its message as format would make it:
 * its own picture a file (own 'f'), a URL ('u') or none ('-'). */
static void
fix_init(struct fix *f, char own, bool public, bool always, bool enabled)
{
	memset(f, 0, sizeof(*f));
	config_defaults(&f->c, ".");
	f->c.cards.enabled = enabled;
	f->c.cards.always = always;
	if (public) {
		f->c.cards.public_dir = xstrdup("/srv/p");
		f->c.cards.public_url = xstrdup("https://e.org/p");
	}
	f->p.year = 1927;
	f->p.month = 11;
	f->p.day = 12;
	f->p.has_year = true;
	f->p.id = (char *)(uintptr_t)"a";
	f->p.title = (char *)(uintptr_t)"A title";
	f->m.post = &f->p;
	f->m.day = (struct ymd){ 2026, 11, 12 };
	if (own == 'f') {
		f->p.image.file = (char *)(uintptr_t)"images/a.jpg";
		f->m.image_file = xstrdup("/posts/images/a.jpg");
		f->m.image_url = xstrdup(public ? "https://e.org/p/x.jpg" :
		    "https://e.org/default.jpg");
	} else if (own == 'u') {
		f->p.image.url = (char *)(uintptr_t)"https://e.org/a.jpg";
		f->m.image_url = xstrdup("https://e.org/a.jpg");
	} else
		f->m.image_url = xstrdup("https://e.org/default.jpg");
}

static void
fix_free(struct fix *f)
{
	f->p.image.file = NULL;
	f->p.image.url = NULL;
	free(f->m.image_file);
	free(f->m.image_url);
	free(f->m.alt);
	config_free(&f->c);
}

static enum picture_kind
choose(const struct adapter *a, char own, bool public, bool always,
    bool enabled)
{
	struct fix f;
	enum picture_kind k;

	fix_init(&f, own, public, always, enabled);
	k = picture_choose(&f.c, a, &f.m);
	fix_free(&f);
	return k;
}

static void
test_choice(void **state)
{
	(void)state;
	/* an upload platform: the card for a post without a picture, with
	 * or without a public folder; the own picture else */
	assert_int_equal(choose(&upload, '-', false, false, true), PICTURE_CARD);
	assert_int_equal(choose(&upload, '-', true, false, true), PICTURE_CARD);
	assert_int_equal(choose(&upload, 'f', false, false, true), PICTURE_OWN);
	assert_int_equal(choose(&upload, 'u', false, false, true),
	    PICTURE_REMOTE);
	assert_int_equal(choose(&upload, 'u', false, true, true), PICTURE_CARD);
	assert_int_equal(choose(&upload, '-', false, false, false),
	    PICTURE_NONE);
	assert_int_equal(choose(&upload, 'f', false, true, false), PICTURE_OWN);
	/* an address platform: the card only with a public folder */
	assert_int_equal(choose(&address, '-', true, false, true), PICTURE_CARD);
	assert_int_equal(choose(&address, '-', false, false, true),
	    PICTURE_DEFAULT);
	assert_int_equal(choose(&address, 'f', true, false, true), PICTURE_OWN);
	assert_int_equal(choose(&address, 'f', false, false, true),
	    PICTURE_DEFAULT);
	assert_int_equal(choose(&address, 'f', true, true, true), PICTURE_CARD);
	assert_int_equal(choose(&address, 'u', true, false, true),
	    PICTURE_REMOTE);
	assert_int_equal(choose(&address, '-', true, false, false),
	    PICTURE_DEFAULT);
	/* a platform that shows no picture of ours */
	assert_int_equal(choose(&linkonly, '-', true, true, true), PICTURE_NONE);
	assert_string_equal(picture_kind_name(PICTURE_CARD), "card");
}

static void
test_card_kept(void **state)
{
	struct fix f;
	struct picture_card a, b;
	struct stat sb;
	char *dir = fixture_tmpdir("picture"), *err = NULL, *want;

	(void)state;
	fix_init(&f, '-', false, false, true);
	free(f.c.state_dir);
	f.c.state_dir = xasprintf("%s/state", dir);
	assert_int_equal(picture_card_make(&f.c, &upload, &f.m, &a, &err), 0);
	assert_null(err);
	assert_int_equal(a.type, IMAGE_JPEG);
	assert_int_equal(a.width, 1080);
	assert_int_equal(a.height, 1080);
	want = xasprintf("%s/state/cards/", dir);
	assert_memory_equal(a.path, want, strlen(want));
	assert_string_equal(a.path + strlen(a.path) - 4, ".jpg");
	assert_int_equal(stat(a.path, &sb), 0);
	assert_int_equal((size_t)sb.st_size, a.size);
	assert_string_equal(a.alt, "12 November 1927, 99 years ago today: "
	    "A title");
	/* the same card again: the same file */
	assert_int_equal(picture_card_make(&f.c, &upload, &f.m, &b, &err), 0);
	assert_string_equal(a.path, b.path);
	picture_card_free(&b);

	/* an own file larger than image_max: the card goes instead, said */
	{
		struct fix g;
		enum picture_kind k;
		char *warning = NULL, *own = xasprintf("%s/own.jpg", dir);
		static const unsigned char jpeg[200] = { 0xff, 0xd8, 0xff };

		fixture_write(own, jpeg, sizeof(jpeg), 0644);
		fix_init(&g, 'f', false, false, true);
		free(g.c.state_dir);
		g.c.state_dir = xasprintf("%s/state", dir);
		free(g.m.image_file);
		g.m.image_file = own;
		assert_int_equal(picture_ready(NULL, &g.c, &upload, &g.m, &k,
		    &warning, &err), 0);
		assert_int_equal(k, PICTURE_CARD);
		assert_string_equal(g.m.image_file, a.path);
		assert_int_equal(g.m.image_type, IMAGE_JPEG);
		assert_string_equal(warning, "the picture images/a.jpg is 200 "
		    "bytes, more than the 100 up takes; its card goes "
		    "instead");
		free(warning);
		fix_free(&g);
	}
	picture_card_free(&a);
	fix_free(&f);
	free(want);
	fixture_rmtree(dir);
	free(dir);
	card_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_card_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
