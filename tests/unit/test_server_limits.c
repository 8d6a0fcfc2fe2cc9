/* server_limits: a server's own limits kept in state_dir, read back for
 * the api they were asked of, applied where format.c counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "config.h"
#include "fixture.h"
#include "format.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "server_limits.h"
#include "xalloc.h"

static struct config c;
static char *dir;

static int
setup(void **state)
{
	(void)state;
	memset(&c, 0, sizeof(c));
	dir = fixture_tmpdir("limits");
	c.state_dir = dir;
	c.platforms[PF_MASTODON].present = true;
	c.platforms[PF_MASTODON].enabled = true;
	c.platforms[PF_MASTODON].api = (char *)(uintptr_t)
	    "https://social.example";
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(c.platforms[PF_MASTODON].limits_from);
	fixture_rmtree(dir);
	free(dir);
	return 0;
}

/* Nothing kept: the entry's; kept: read back for the same api only. */
static void
test_keep_and_read(void **state)
{
	struct limits l = { true, 120, 30, 1794474000LL, 0 }, got;
	char *err = NULL, *path, *text;
	struct stat st;

	(void)state;
	assert_false(limits_read(&c, PF_MASTODON, &got));
	assert_false(got.known);
	assert_int_equal(got.limit, 500);
	assert_int_equal(got.url_weight, 23);
	assert_int_equal(limits_write(&c, PF_MASTODON, &l, &err), 0);
	path = limits_path(&c, PF_MASTODON);
	text = fixture_read(path, NULL);
	assert_string_equal(text, "almanac-limits 1\napi https://social.example"
	    "\nfetched 1794474000\nlimit 120\nurl_weight 30\n");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_true(limits_read(&c, PF_MASTODON, &got));
	assert_true(got.known);
	assert_int_equal(got.limit, 120);
	assert_int_equal(got.url_weight, 30);
	assert_int_equal(got.fetched, 1794474000LL);
	assert_int_equal(got.image_max, 0);	/* not said: not kept */
	/* the largest picture, when the server says it */
	l.image_max = 8388608;
	assert_int_equal(limits_write(&c, PF_MASTODON, &l, &err), 0);
	text = fixture_read(path, NULL);
	assert_string_equal(text, "almanac-limits 1\napi https://social.example"
	    "\nfetched 1794474000\nlimit 120\nurl_weight 30\n"
	    "image_max 8388608\n");
	free(text);
	assert_true(limits_read(&c, PF_MASTODON, &got));
	assert_int_equal(got.image_max, 8388608);
	assert_int_equal(got.limit, 120);
	/* a bad image_max is not read, the rest is */
	fixture_put(path, "almanac-limits 1\napi https://social.example\n"
	    "fetched 1794474000\nlimit 100\nurl_weight 23\nimage_max -1\n");
	assert_true(limits_read(&c, PF_MASTODON, &got));
	assert_int_equal(got.image_max, 0);
	assert_int_equal(got.limit, 100);
	/* another instance: not its limits */
	c.platforms[PF_MASTODON].api = (char *)(uintptr_t)
	    "https://social.example:8443";
	assert_false(limits_read(&c, PF_MASTODON, &got));
	assert_int_equal(got.limit, 500);
	c.platforms[PF_MASTODON].api = (char *)(uintptr_t)
	    "https://social.example";
	/* damaged: not read */
	fixture_put(path, "almanac-limits 1\napi https://social.example\n"
	    "fetched 1794474000\nlimit 0\nurl_weight 23\n");
	assert_false(limits_read(&c, PF_MASTODON, &got));
	fixture_put(path, "almanac-limits 2\napi https://social.example\n"
	    "fetched 1794474000\nlimit 100\nurl_weight 23\n");
	assert_false(limits_read(&c, PF_MASTODON, &got));
	fixture_put(path, "almanac-limits 1\napi https://social.example\n"
	    "fetched 1794474000\nlimit 100x\nurl_weight 23\n");
	assert_false(limits_read(&c, PF_MASTODON, &got));
	free(path);
}

/* Applied limits are what format counts against, and preview says
 * where they came from. */
static void
test_apply_and_format(void **state)
{
	struct limits l = { true, 40, 10, 1794474000LL, 0 };
	struct post p;
	struct message m;
	char tag[] = "OnThisDay", *tags[] = { tag, NULL };

	(void)state;
	memset(&p, 0, sizeof(p));
	p.id = (char *)(uintptr_t)"11-12-x";
	p.title = (char *)(uintptr_t)"Trotsky is expelled from the party";
	p.summary = (char *)(uintptr_t)"A summary long enough to need "
	    "cutting at forty.";
	p.url = (char *)(uintptr_t)"https://example.org/a/very/long/path/to/"
	    "the/page";
	p.has_year = true;
	p.year = 1927;
	p.month = 11;
	p.day = 12;
	p.time = -1;
	p.tags = tags;
	p.ntags = 1;
	limits_apply(&c, PF_MASTODON, &l);
	assert_int_equal(c.platforms[PF_MASTODON].limit, 40);
	assert_string_equal(c.platforms[PF_MASTODON].limits_from,
	    "the server's limits, asked 2026-11-12 09:00 UTC");
	format_message(&p, (struct ymd){ 2026, 11, 12 }, &c, PF_MASTODON,
	    &m);
	assert_int_equal(m.limit, 40);
	assert_true(m.length <= 40);
	/* the link counts 10 here */
	assert_int_equal(m.length, text_count_url(COUNT_MASTODON, m.text, 10));
	assert_non_null(strstr(m.text, p.url));
	message_free(&m);
	l.known = false;
	l.limit = 500;
	l.url_weight = 23;
	limits_apply(&c, PF_MASTODON, &l);
	assert_string_equal(c.platforms[PF_MASTODON].limits_from,
	    "the default limits: the server's are asked by the first run "
	    "that publishes");
	assert_int_equal(limits_offline(&c), 1);
	assert_int_equal(c.platforms[PF_MASTODON].limit, 500);
}

/* A picture is measured against the server's limit when it is smaller
 * than the entry's; a larger one, or none, leaves the entry's. */
static void
test_image_max(void **state)
{
	const struct adapter *a = adapter_get(PF_MASTODON);
	struct limits l = { true, 500, 23, 1794474000LL, 8388608 };

	(void)state;
	assert_int_equal(config_image_max(&c, a, PF_MASTODON), a->image_max);
	limits_apply(&c, PF_MASTODON, &l);
	assert_int_equal(c.platforms[PF_MASTODON].image_max, 8388608);
	assert_int_equal(config_image_max(&c, a, PF_MASTODON), 8388608);
	l.image_max = a->image_max * 4;
	limits_apply(&c, PF_MASTODON, &l);
	assert_int_equal(config_image_max(&c, a, PF_MASTODON), a->image_max);
	l.image_max = 0;
	limits_apply(&c, PF_MASTODON, &l);
	assert_int_equal(config_image_max(&c, a, PF_MASTODON), a->image_max);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keep_and_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_apply_and_format, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_image_max, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
