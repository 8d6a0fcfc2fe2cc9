/* Unit tests: a day's plan: filters, ranking, max_per_day, rotation and
 * slots. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "xalloc.h"

/* A post as the parser would make it. year 0 with has_year false for
 * "--MM-DD"; astronomical years otherwise. */
static struct post
mk(const char *id, bool has_year, int year, int m, int d)
{
	struct post p;

	memset(&p, 0, sizeof(p));
	p.id = xstrdup(id);
	p.file = xasprintf("posts/%s.json", id);
	p.title = xstrdup(id);
	p.has_year = has_year;
	p.year = year;
	p.month = m;
	p.day = d;
	p.time = -1;
	return p;
}

static struct config *
conf(void)
{
	static struct config c;

	memset(&c, 0, sizeof(c));
	c.leap_day = LEAP_FEB28;
	c.window_start = 9 * 60;
	c.window_end = 17 * 60;
	c.max_per_day = 5;
	return &c;
}

static void
cat_free(struct catalog *cat)
{
	catalog_free(cat);
}

static void
test_years_ago_bc(void **state)
{
	struct post p = mk("ides", true, -43, 3, 15);
	struct post q = mk("feast", false, 0, 3, 17);

	(void)state;
	/* 44 BC to AD 2026 is 2069 years: there is no year 0 */
	assert_int_equal(plan_years_ago(&p, (struct ymd){ 2026, 3, 15 }),
	    2069);
	assert_int_equal(plan_years_ago(&q, (struct ymd){ 2026, 3, 17 }),
	    -1);
	assert_int_equal(plan_roundness(100), 4);
	assert_int_equal(plan_roundness(250), 3);
	assert_int_equal(plan_roundness(75), 2);
	assert_int_equal(plan_roundness(30), 1);
	assert_int_equal(plan_roundness(99), 0);
	assert_int_equal(plan_roundness(0), 0);
	post_free(&p);
	post_free(&q);
}

/* Finds the plan entry of id. */
static const struct plan_entry *
entry(const struct day_plan *pl, const char *id)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->v[i].post->id, id) == 0)
			return &pl->v[i];
	fail_msg("no entry %s", id);
	return NULL;
}

static void
test_filters(void **state)
{
	struct catalog cat = { NULL, 0, 0, 0 };
	struct day_plan pl;
	const struct plan_entry *e;

	(void)state;
	cat.v = xcalloc(8, sizeof(*cat.v));
	cat.v[cat.n++] = mk("a-normal", true, 1927, 11, 12);
	cat.v[cat.n] = mk("b-draft", true, 1927, 11, 12);
	cat.v[cat.n++].draft = true;
	cat.v[cat.n++] = mk("c-future", true, 2030, 11, 12);
	cat.v[cat.n++] = mk("d-thisyear", true, 2026, 11, 12);
	cat.v[cat.n] = mk("e-until", true, 1900, 11, 12);
	cat.v[cat.n++].years_until = 2025;
	cat.v[cat.n] = mk("f-every25", true, 1927, 11, 12);
	cat.v[cat.n++].years_every = 25;
	cat.v[cat.n] = mk("g-every11", true, 1927, 11, 12);
	cat.v[cat.n++].years_every = 11;	/* 99 = 9 x 11 */
	cat.v[cat.n++] = mk("h-otherday", true, 1927, 11, 13);

	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, conf(), NULL, NULL,
	    &pl);
	assert_int_equal(pl.n, 7);
	e = entry(&pl, "a-normal");
	assert_true(e->chosen);
	assert_int_equal(e->years_ago, 99);
	assert_string_equal(e->reason, "priority 0, 99th anniversary");
	e = entry(&pl, "b-draft");
	assert_false(e->chosen);
	assert_string_equal(e->reason, "draft: shown here, never published");
	e = entry(&pl, "c-future");
	assert_false(e->chosen);
	assert_string_equal(e->reason,
	    "not an anniversary yet: the event is dated 2030");
	assert_false(entry(&pl, "d-thisyear")->chosen);
	e = entry(&pl, "e-until");
	assert_false(e->chosen);
	assert_string_equal(e->reason, "\"years\": published until 2025");
	e = entry(&pl, "f-every25");
	assert_false(e->chosen);
	assert_string_equal(e->reason,
	    "\"years\": only every 25 years (this is year 99)");
	assert_true(entry(&pl, "g-every11")->chosen);
	day_plan_free(&pl);
	cat_free(&cat);
}

/* Rotation: the ledger's last-sent times, by id; the day planned is
 * the one plan_day was given. */
static long long
last_sent(const char *id, struct ymd day, void *arg)
{
	(void)arg;
	assert_int_equal(day.y, 2026);
	assert_int_equal(day.m, 11);
	assert_int_equal(day.d, 12);
	if (strcmp(id, "r1") == 0)
		return 2000;
	if (strcmp(id, "r2") == 0)
		return 1000;
	return 0;
}

static void
test_ranking_and_max_per_day(void **state)
{
	struct catalog cat = { NULL, 0, 0, 0 };
	struct config *c = conf();
	struct day_plan pl;
	const struct plan_entry *e;

	(void)state;
	c->max_per_day = 3;
	cat.v = xcalloc(8, sizeof(*cat.v));
	cat.v[cat.n++] = mk("z-plain", true, 1927, 11, 12);	/* 99 */
	cat.v[cat.n++] = mk("y-century", true, 1926, 11, 12);	/* 100 */
	cat.v[cat.n] = mk("x-priority", true, 1931, 11, 12);	/* 95 */
	cat.v[cat.n++].priority = 2;
	cat.v[cat.n++] = mk("w-fifty", true, 1976, 11, 12);	/* 50 */
	cat.v[cat.n++] = mk("v-ten", true, 2016, 11, 12);	/* 10 */

	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, NULL, NULL, &pl);
	assert_int_equal(pl.n, 5);
	assert_true(entry(&pl, "x-priority")->chosen);
	assert_true(entry(&pl, "y-century")->chosen);
	assert_true(entry(&pl, "w-fifty")->chosen);
	e = entry(&pl, "v-ten");
	assert_false(e->chosen);
	assert_string_equal(e->reason, "left out: priority 0, 10th "
	    "anniversary; 3 posts a day at most (schedule.max_per_day) and 3 "
	    "rank higher");
	assert_false(entry(&pl, "z-plain")->chosen);
	/* the left-out ones follow the chosen in rank order */
	assert_string_equal(pl.v[3].post->id, "v-ten");
	assert_string_equal(pl.v[4].post->id, "z-plain");
	day_plan_free(&pl);

	/* max_per_day 0 = all */
	c->max_per_day = 0;
	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, NULL, NULL, &pl);
	assert_true(entry(&pl, "z-plain")->chosen);
	assert_true(entry(&pl, "v-ten")->chosen);
	day_plan_free(&pl);
	cat_free(&cat);
}

static void
test_rotation_by_last_sent(void **state)
{
	struct catalog cat = { NULL, 0, 0, 0 };
	struct config *c = conf();
	struct day_plan pl;

	(void)state;
	c->max_per_day = 1;
	cat.v = xcalloc(4, sizeof(*cat.v));
	cat.v[cat.n++] = mk("r1", true, 1927, 11, 12);
	cat.v[cat.n++] = mk("r2", true, 1928, 11, 12);
	cat.v[cat.n++] = mk("r3", true, 1929, 11, 12);
	/* r3 was never sent: it goes first */
	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, last_sent, NULL,
	    &pl);
	assert_true(entry(&pl, "r3")->chosen);
	assert_false(entry(&pl, "r1")->chosen);
	day_plan_free(&pl);
	/* without r3, r2 (sent longest ago) beats r1 */
	post_free(&cat.v[2]);
	cat.n = 2;
	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, last_sent, NULL,
	    &pl);
	assert_true(entry(&pl, "r2")->chosen);
	assert_false(entry(&pl, "r1")->chosen);
	day_plan_free(&pl);
	cat_free(&cat);
}

static void
test_slots(void **state)
{
	struct catalog cat = { NULL, 0, 0, 0 };
	struct config *c = conf();
	struct day_plan pl;

	(void)state;
	cat.v = xcalloc(5, sizeof(*cat.v));
	cat.v[cat.n++] = mk("c", true, 1927, 11, 12);
	cat.v[cat.n++] = mk("a", true, 1928, 11, 12);
	cat.v[cat.n] = mk("timed", true, 1929, 11, 12);
	cat.v[cat.n++].time = 7 * 60 + 45;
	cat.v[cat.n++] = mk("b", true, 1930, 11, 12);
	/* three untimed over 09:00-17:00: 09:00, 11:40, 14:20, by id */
	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, NULL, NULL, &pl);
	assert_int_equal(entry(&pl, "timed")->slot, 7 * 60 + 45);
	assert_int_equal(entry(&pl, "a")->slot, 9 * 60);
	assert_int_equal(entry(&pl, "b")->slot, 11 * 60 + 40);
	assert_int_equal(entry(&pl, "c")->slot, 14 * 60 + 20);
	/* chosen entries come in slot order */
	assert_string_equal(pl.v[0].post->id, "timed");
	assert_string_equal(pl.v[1].post->id, "a");
	assert_string_equal(pl.v[3].post->id, "c");
	day_plan_free(&pl);
	/* one untimed post goes at the window's start */
	post_free(&cat.v[0]);
	post_free(&cat.v[3]);
	cat.v[0] = cat.v[1];
	cat.v[1] = cat.v[2];
	cat.n = 2;
	plan_day(&cat, (struct ymd){ 2026, 11, 12 }, c, NULL, NULL, &pl);
	assert_int_equal(entry(&pl, "a")->slot, 9 * 60);
	assert_int_equal(entry(&pl, "timed")->slot, 7 * 60 + 45);
	day_plan_free(&pl);
	cat_free(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_ago_bc),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_ranking_and_max_per_day),
		cmocka_unit_test(test_rotation_by_last_sent),
		cmocka_unit_test(test_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
