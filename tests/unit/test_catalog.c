/* Unit tests: which posts are anniversaries of a day, and loading a day's
 * posts (the index itself: test_index; the plan: test_plan). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "xalloc.h"

#include "fixture.h"

/* A post of month m, day d: all catalog_on_day looks at. */
static struct post
on(int m, int d)
{
	struct post p;

	memset(&p, 0, sizeof(p));
	p.month = m;
	p.day = d;
	return p;
}

static void
test_on_day_and_leap_policy(void **state)
{
	struct post p = on(2, 29);	/* 1940-02-29 */
	struct post q = on(3, 15);	/* the ides of March, 44 BC */

	(void)state;
	assert_true(catalog_on_day(&q, (struct ymd){ 2026, 3, 15 },
	    LEAP_FEB28));
	assert_false(catalog_on_day(&q, (struct ymd){ 2026, 3, 16 },
	    LEAP_FEB28));
	/* common year: Feb 28, Mar 1 or never */
	assert_true(catalog_on_day(&p, (struct ymd){ 2026, 2, 28 },
	    LEAP_FEB28));
	assert_false(catalog_on_day(&p, (struct ymd){ 2026, 3, 1 },
	    LEAP_FEB28));
	assert_true(catalog_on_day(&p, (struct ymd){ 2026, 3, 1 },
	    LEAP_MAR1));
	assert_false(catalog_on_day(&p, (struct ymd){ 2026, 2, 28 },
	    LEAP_MAR1));
	assert_false(catalog_on_day(&p, (struct ymd){ 2026, 2, 28 },
	    LEAP_SKIP));
	assert_false(catalog_on_day(&p, (struct ymd){ 2026, 3, 1 },
	    LEAP_SKIP));
	/* leap year: Feb 29 itself, never Feb 28 */
	assert_true(catalog_on_day(&p, (struct ymd){ 2028, 2, 29 },
	    LEAP_FEB28));
	assert_false(catalog_on_day(&p, (struct ymd){ 2028, 2, 28 },
	    LEAP_FEB28));
}

/* Writes a post file of date at dir/name, its title the name. */
static void
put_post(const char *dir, const char *name, const char *date)
{
	char *path = xasprintf("%s/%s", dir, name);

	fixture_post(path, date, name, NULL);
	free(path);
}

/* The ids of cat, in order, space-separated, into out. */
static void
ids(const struct catalog *cat, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < cat->n; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? " " : "",
		    cat->v[i].id);
}

/*
 * catalog_load_day: the posts of the day under the config's leap_day
 * policy (a February 29 post on February 28 of a common year), or all of
 * them; hidden files and editor leftovers are not read; the index is
 * written to state_dir and gives the same answer when read again.
 */
static void
test_load_day(void **state)
{
	char got[256], *top;
	struct config c;
	struct catalog cat;
	struct catalog_info info;
	struct diags d = DIAGS_INIT;
	struct ymd day = { 2026, 2, 28 };
	int round;

	(void)state;
	top = fixture_tmpdir("catalog");
	memset(&c, 0, sizeof(c));
	c.leap_day = LEAP_FEB28;
	c.posts_dir = xasprintf("%s/posts", top);
	c.state_dir = xasprintf("%s/state", top);
	assert_int_equal(mkdir(c.posts_dir, 0700), 0);
	assert_int_equal(mkdir(c.state_dir, 0700), 0);
	put_post(c.posts_dir, "02-28-a.json", "1926-02-28");
	put_post(c.posts_dir, "02-29-b.json", "1940-02-29");
	put_post(c.posts_dir, "03-01-c.json", "1950-03-01");
	put_post(c.posts_dir, ".02-28-hidden.json", "1926-02-28");
	put_post(c.posts_dir, "02-28-old.json~", "1926-02-28");
	unsetenv("ALMANAC_NO_INDEX");
	for (round = 0; round < 2; round++) {
		assert_int_equal(catalog_load_day(&c, &day, &cat, &d, &info),
		    0);
		assert_int_equal(d.n, 0);
		assert_int_equal(cat.files, 3);
		assert_int_equal(cat.invalid, 0);
		ids(&cat, got, sizeof(got));
		assert_string_equal(got, "02-28-a 02-29-b");
		assert_string_equal(catalog_index_word(info.index),
		    round == 0 ? "built" : "fresh");
		catalog_free(&cat);
		assert_null(cat.v);
	}
	c.leap_day = LEAP_MAR1;
	assert_int_equal(catalog_load_day(&c, &day, &cat, &d, NULL), 0);
	ids(&cat, got, sizeof(got));
	assert_string_equal(got, "02-28-a");
	catalog_free(&cat);
	assert_int_equal(catalog_load_day(&c, NULL, &cat, &d, NULL), 0);
	ids(&cat, got, sizeof(got));
	assert_string_equal(got, "02-28-a 02-29-b 03-01-c");
	catalog_free(&cat);
	diags_free(&d);

	fixture_rmtree(top);
	free(top);
	free(c.posts_dir);
	free(c.state_dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_on_day_and_leap_policy),
		cmocka_unit_test(test_load_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
