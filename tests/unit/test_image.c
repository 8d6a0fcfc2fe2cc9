/* Tests of image (picture types, image.file checks, content names),
 * public (the public folder) and the credit in formatted messages. */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "format.h"
#include "image.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "post.h"
#include "public.h"
#include "xalloc.h"

#include "fixture.h"
#include "pconf.h"

static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J',
	'F', 'I', 'F', 0, 1, 0xff, 0xd9 };
static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	'\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

static char *dir;	/* the scratch folder: dir/posts is posts_dir */
static char *posts;

/* Writes n bytes of data to posts/rel (its folders made); returns the
 * allocated path. */
static char *
put(const char *rel, const void *data, size_t n)
{
	char *path = xasprintf("%s/%s", posts, rel);

	fixture_write(path, data, n, 0644);
	return path;
}

static int
setup(void **state)
{
	(void)state;
	dir = fixture_tmpdir("image");
	posts = xasprintf("%s/posts", dir);
	if (mkdir(posts, 0755) == -1)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fixture_rmtree(dir);
	free(dir);
	free(posts);
	return 0;
}

static void
test_sniff(void **state)
{
	(void)state;
	assert_int_equal(image_sniff(jpeg, sizeof(jpeg)), IMAGE_JPEG);
	assert_int_equal(image_sniff(png, sizeof(png)), IMAGE_PNG);
	assert_int_equal(image_sniff(png, 7), IMAGE_NONE);
	assert_int_equal(image_sniff("<!doctype html>", 15), IMAGE_NONE);
	assert_int_equal(image_sniff("", 0), IMAGE_NONE);
	assert_string_equal(image_mime(IMAGE_JPEG), "image/jpeg");
	assert_string_equal(image_mime(IMAGE_PNG), "image/png");
	assert_null(image_mime(IMAGE_NONE));
	assert_int_equal(image_mime_type("image/jpeg"), IMAGE_JPEG);
	assert_int_equal(image_mime_type("Image/PNG; charset=x"), IMAGE_PNG);
	assert_int_equal(image_mime_type("text/html; charset=utf-8"),
	    IMAGE_NONE);
	assert_int_equal(image_mime_type("image/jpegx"), IMAGE_NONE);
	assert_int_equal(image_mime_type(NULL), IMAGE_NONE);
}

static void
test_path_problem(void **state)
{
	(void)state;
	assert_null(image_path_problem("a.jpg"));
	assert_null(image_path_problem("images/apollo-11_moon.JPG"));
	assert_non_null(image_path_problem(""));
	assert_non_null(image_path_problem("/etc/passwd"));
	assert_non_null(image_path_problem("../secret.jpg"));
	assert_non_null(image_path_problem("images/../../x.jpg"));
	assert_non_null(image_path_problem("images/.."));
	assert_non_null(image_path_problem("images//a.jpg"));
	assert_non_null(image_path_problem("images/"));
	assert_non_null(image_path_problem(".hidden.jpg"));
	assert_non_null(image_path_problem("a b.jpg"));
	assert_non_null(image_path_problem("a\\b.jpg"));
	assert_string_equal(image_path_problem("../x.jpg"), "must not have "
	    "\"..\": it must stay below posts_dir");
}

static void
test_file_check(void **state)
{
	char *p1 = put("pic.jpg", jpeg, sizeof(jpeg));
	char *p2 = put("pic.png", png, sizeof(png));
	char *p3 = put("page.jpg", "<html></html>", 13);
	char *outside = xasprintf("%s/outside.jpg", dir);
	char *link = xasprintf("%s/link.jpg", posts), *abs, *err, *real;
	char *folder = xasprintf("%s/folder.jpg", posts);
	enum image_type t;

	(void)state;
	assert_int_equal(image_file_check(posts, "pic.jpg", &abs, &t, &err),
	    0);
	assert_int_equal(t, IMAGE_JPEG);
	real = realpath(p1, NULL);
	assert_string_equal(abs, real);
	free(real);
	free(abs);
	assert_int_equal(image_file_check(posts, "pic.png", &abs, &t, &err),
	    0);
	assert_int_equal(t, IMAGE_PNG);
	free(abs);

	assert_int_equal(image_file_check(posts, "page.jpg", &abs, &t, &err),
	    -1);
	assert_null(abs);
	assert_string_equal(err, "image.file \"page.jpg\" is not a JPEG or "
	    "PNG picture (by its first bytes)");
	free(err);
	assert_int_equal(image_file_check(posts, "none.jpg", &abs, &t, &err),
	    -1);
	assert_string_equal(err, "image.file \"none.jpg\" does not exist in "
	    "posts_dir");
	free(err);
	assert_int_equal(image_file_check(posts, "../outside.jpg", &abs, &t,
	    &err), -1);
	assert_string_equal(err, "image.file \"../outside.jpg\" must not "
	    "have \"..\": it must stay below posts_dir");
	free(err);

	/* a link inside posts_dir to a picture outside it */
	fixture_write(outside, jpeg, sizeof(jpeg), 0644);
	assert_int_equal(symlink(outside, link), 0);
	assert_int_equal(image_file_check(posts, "link.jpg", &abs, &t, &err),
	    -1);
	assert_string_equal(err, "image.file \"link.jpg\" is a symbolic link "
	    "(or goes through one) to a file outside posts_dir; refused");
	assert_null(strstr(err, dir));	/* where it leads is not said */
	free(err);
	/* a folder is not a picture */
	assert_int_equal(mkdir(folder, 0755), 0);
	assert_int_equal(image_file_check(posts, "folder.jpg", &abs, &t,
	    &err), -1);
	assert_string_equal(err, "image.file \"folder.jpg\": not a regular "
	    "file");
	free(err);
	free(link);
	free(folder);

	free(p1);
	free(p2);
	free(p3);
	free(outside);
}

static void
test_too_big(void **state)
{
	size_t n = IMAGE_MAX_BYTES + 1;
	unsigned char *big = xcalloc(n, 1);
	char *p, *abs, *err;
	enum image_type t;

	(void)state;
	memcpy(big, jpeg, sizeof(jpeg));
	p = put("big.jpg", big, n);
	assert_int_equal(image_file_check(posts, "big.jpg", &abs, &t, &err),
	    -1);
	assert_string_equal(err, "image.file \"big.jpg\" is 8388609 bytes, "
	    "more than the 8388608 a picture may have");
	free(err);
	unlink(p);
	free(p);
	free(big);
}

static void
test_name_and_public(void **state)
{
	struct card_conf cc = { 0 };
	char *name = image_name(jpeg, sizeof(jpeg), IMAGE_JPEG), *again;
	char *file = put("pub.jpg", jpeg, sizeof(jpeg)), *url, *err, *path;
	char *want, *data;
	struct stat st;
	size_t len;

	(void)state;
	assert_int_equal(strlen(name), 32 + 4);
	assert_string_equal(name + 32, ".jpg");
	again = image_name(jpeg, sizeof(jpeg), IMAGE_JPEG);
	assert_string_equal(name, again);
	free(again);
	again = image_name(png, sizeof(png), IMAGE_PNG);
	assert_string_not_equal(name, again);
	free(again);

	/* no public folder: no address */
	assert_false(public_enabled(&cc));
	assert_int_equal(public_url(&cc, file, &url, &err), 0);
	assert_null(url);
	assert_int_equal(public_put(&cc, file, &path, &err), -1);
	free(err);

	cc.public_dir = xasprintf("%s/public/img", dir);
	cc.public_url = xstrdup("https://example.org/img/");
	assert_int_equal(public_url(&cc, file, &url, &err), 0);
	want = xasprintf("https://example.org/img/%s", name);
	assert_string_equal(url, want);
	free(url);
	free(want);
	/* its folder made (the parent exists), the file 0644, the same
	 * bytes, no temporary file left */
	want = xasprintf("%s/public", dir);
	assert_int_equal(mkdir(want, 0755), 0);
	free(want);
	assert_int_equal(public_put(&cc, file, &path, &err), 0);
	want = xasprintf("%s/%s", cc.public_dir, name);
	assert_string_equal(path, want);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	data = fixture_read(path, &len);
	assert_int_equal(len, sizeof(jpeg));
	assert_memory_equal(data, jpeg, len);
	free(data);
	free(path);
	/* again: the same file, nothing else made */
	assert_int_equal(public_put(&cc, file, &path, &err), 0);
	assert_string_equal(path, want);
	free(path);
	free(want);
	want = xasprintf("ls -A %s | wc -l | grep -qx 1", cc.public_dir);
	assert_int_equal(system(want), 0);
	free(want);
	free(cc.public_dir);
	free(cc.public_url);
	free(file);
	free(name);
}

static void
test_credit_in_texts(void **state)
{
	static const struct ymd day = { 2026, 11, 12 };
	struct config c;
	struct post p = fixture_post_mem("A title", "A summary.", NULL);
	struct message m;
	char *err;
	unsigned uses;
	size_t off;
	int pf;

	(void)state;
	config_defaults(&c, dir);
	PSET(&c.platforms[PF_PINTEREST], "board_id") = xstrdup("42");
	p.image.url = xstrdup("https://example.org/moon.jpg");
	p.image.credit = xstrdup("Photo: NASA, public domain");
	/* the platforms that show a picture's text say whose it is */
	for (pf = 0; pf < (int)platform_count(); pf++) {
		format_message(&p, day, &c, (size_t)pf, &m);
		if (pf == PF_INSTAGRAM || pf == PF_PINTEREST || pf == PF_FEED) {
			assert_null(m.error);
			assert_non_null(strstr(m.text,
			    "\n\nPhoto: NASA, public domain"));
		} else
			assert_null(strstr(m.text, "NASA"));
		message_free(&m);
	}
	format_message(&p, day, &c, PF_INSTAGRAM, &m);
	assert_string_equal(m.text, "November 12, 1927: A title\n\n"
	    "A summary.\n\nPhoto: NASA, public domain");
	message_free(&m);
	/* without a credit, no empty line is left */
	free(p.image.credit);
	p.image.credit = NULL;
	format_message(&p, day, &c, PF_INSTAGRAM, &m);
	assert_string_equal(m.text, "November 12, 1927: A title\n\n"
	    "A summary.");
	message_free(&m);
	/* {credit} in a template of one's own */
	p.image.credit = xstrdup("Photo: ESA");
	c.platforms[PF_FEED].template = xstrdup("{title} ({credit})");
	format_message(&p, day, &c, PF_FEED, &m);
	assert_string_equal(m.text, "A title (Photo: ESA)");
	message_free(&m);
	assert_int_equal(template_check("{credit}", &uses, &err, &off), 0);
	assert_int_equal(uses, F_CREDIT);
	config_free(&c);
	post_free(&p);
}

static void
test_own_file_in_messages(void **state)
{
	static const struct ymd day = { 2026, 11, 12 };
	struct config c;
	struct post p = fixture_post_mem("A title", "A summary.", NULL);
	struct message m;
	char *file = put("own.png", png, sizeof(png)), *name, *want;

	(void)state;
	config_defaults(&c, dir);
	p.image.file = xstrdup("own.png");
	p.image.alt = xstrdup("Own");
	/* without a public folder, the default stands in */
	c.platforms[PF_INSTAGRAM].default_image =
	    xstrdup("https://example.org/card.jpg");
	format_message(&p, day, &c, PF_INSTAGRAM, &m);
	assert_null(m.error);
	assert_string_equal(m.image_url, "https://example.org/card.jpg");
	assert_non_null(m.image_file);
	assert_int_equal(m.image_type, IMAGE_PNG);
	message_free(&m);
	/* with one, its address there */
	c.cards.public_dir = xasprintf("%s/public", dir);
	c.cards.public_url = xstrdup("https://example.org/p");
	name = image_name(png, sizeof(png), IMAGE_PNG);
	want = xasprintf("https://example.org/p/%s", name);
	format_message(&p, day, &c, PF_INSTAGRAM, &m);
	assert_null(m.error);
	assert_string_equal(m.image_url, want);
	assert_string_equal(m.alt, "Own");
	message_free(&m);
	/* a file that is gone is an error of the pair */
	free(p.image.file);
	p.image.file = xstrdup("gone.png");
	format_message(&p, day, &c, PF_FEED, &m);
	assert_string_equal(m.error, "image.file \"gone.png\" does not exist "
	    "in posts_dir");
	message_free(&m);
	free(name);
	free(want);
	free(file);
	config_free(&c);
	post_free(&p);
}

/* The cards and images groups of the config. */
static void
test_config_groups(void **state)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *want, *got;

	(void)state;
	assert_int_equal(config_parse("t.conf", dir, "cards = { public_dir = "
	    "\"pub\"; public_url = \"https://example.org/p\"; };\n"
	    "images = { cache_max_mb = 2; };\n", &c, &d), 0);
	want = xasprintf("%s/pub", dir);
	assert_string_equal(c.cards.public_dir, want);
	free(want);
	assert_string_equal(c.cards.public_url, "https://example.org/p");
	assert_int_equal(c.images.cache_max_mb, 2);
	config_free(&c);
	config_defaults(&c, dir);
	assert_int_equal(c.images.cache_max_mb, 64);
	assert_null(c.cards.public_dir);
	config_free(&c);

	assert_int_equal(config_parse("t.conf", dir, "cards = {\n"
	    "  public_url = \"ftp://example.org/p\";\n"
	    "  public_dri = \"x\";\n};\n"
	    "images = { cache_max_mb = 0; };\n", &c, &d), -1);
	got = fixture_diags(&d);
	assert_non_null(strstr(got, "t.conf:2: cards.public_url: expected an "
	    "https:// or http:// URL, got \"ftp://example.org/p\""));
	assert_non_null(strstr(got, "t.conf:3: unknown setting \"public_dri\""));
	assert_non_null(strstr(got, "t.conf:5: images.cache_max_mb"));
	free(got);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_path_problem),
		cmocka_unit_test(test_file_check),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_name_and_public),
		cmocka_unit_test(test_credit_in_texts),
		cmocka_unit_test(test_own_file_in_messages),
		cmocka_unit_test(test_config_groups),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
