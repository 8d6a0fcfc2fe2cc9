/* Unit tests: calendar arithmetic, parsing, time zones and DST. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "date.h"

static void
test_leap_and_month_lengths(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2026));
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(0));		/* 1 BC */
	assert_true(date_is_leap(-4));		/* 5 BC */
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

static void
test_day_numbers_round_trip(void **state)
{
	struct ymd d = { 1970, 1, 1 }, r;
	long n;

	(void)state;
	assert_int_equal(date_to_days(d), 0);
	d = (struct ymd){ 2026, 11, 12 };
	assert_int_equal(date_to_days(d), 20769);
	for (n = -800000; n <= 800000; n += 997) {
		r = date_from_days(n);
		assert_int_equal(date_to_days(r), n);
	}
	r = date_add_days((struct ymd){ 2024, 2, 28 }, 1);
	assert_int_equal(r.m, 2);
	assert_int_equal(r.d, 29);
	r = date_add_days((struct ymd){ 2026, 12, 31 }, 1);
	assert_int_equal(r.y, 2027);
	assert_int_equal(r.m, 1);
	assert_int_equal(r.d, 1);
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday((struct ymd){ 1970, 1, 1 }), 4);
	assert_int_equal(date_weekday((struct ymd){ 2026, 11, 26 }), 4);
	assert_int_equal(date_weekday((struct ymd){ 1927, 11, 12 }), 6);
	assert_int_equal(date_weekday((struct ymd){ 1969, 12, 31 }), 3);
	assert_int_equal(date_weekday((struct ymd){ 1969, 12, 28 }), 0);
}

static void
test_parse(void **state)
{
	struct ymd d;
	int m;

	(void)state;
	assert_true(date_parse_ymd("1927-11-12", &d));
	assert_int_equal(d.y, 1927);
	assert_int_equal(d.m, 11);
	assert_int_equal(d.d, 12);
	assert_true(date_parse_ymd("0044-03-15", &d));
	assert_int_equal(d.y, 44);
	assert_false(date_parse_ymd("0000-01-01", &d));
	assert_false(date_parse_ymd("2026-02-29", &d));
	assert_true(date_parse_ymd("2024-02-29", &d));
	assert_false(date_parse_ymd("2026-13-01", &d));
	assert_false(date_parse_ymd("2026-02-30", &d));
	assert_false(date_parse_ymd("2026-2-3", &d));
	assert_false(date_parse_ymd("2026-02-03x", &d));
	assert_true(date_parse_hhmm("00:00", &m));
	assert_int_equal(m, 0);
	assert_true(date_parse_hhmm("23:59", &m));
	assert_int_equal(m, 23 * 60 + 59);
	assert_false(date_parse_hhmm("24:00", &m));
	assert_false(date_parse_hhmm("9:05", &m));
	assert_false(date_parse_hhmm("09:60", &m));
}

static void
test_ordinal_and_names(void **state)
{
	char b[16];
	static const struct { int n; const char *s; } cases[] = {
		{ 1, "1st" }, { 2, "2nd" }, { 3, "3rd" }, { 4, "4th" },
		{ 11, "11th" }, { 12, "12th" }, { 13, "13th" }, { 21, "21st" },
		{ 99, "99th" }, { 101, "101st" }, { 111, "111th" },
		{ 112, "112th" }, { 2069, "2069th" }, { 122, "122nd" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		date_ordinal(cases[i].n, b, sizeof(b));
		assert_string_equal(b, cases[i].s);
	}
	assert_string_equal(date_month_name(11), "November");
	assert_string_equal(date_month_name(1), "January");
}

/* The local day of one instant differs between two zones. */
static void
test_day_boundary_two_zones(void **state)
{
	struct ymd d;
	int m;
	/* 2026-11-12 23:30 UTC */
	time_t t = (time_t)20769 * 86400 + 23 * 3600 + 30 * 60;

	(void)state;
	assert_true(date_local("Europe/London", t, &d, &m));
	assert_int_equal(d.d, 12);
	assert_int_equal(m, 23 * 60 + 30);
	assert_true(date_local("Europe/Berlin", t, &d, &m));
	assert_int_equal(d.d, 13);
	assert_int_equal(m, 30);
	assert_true(date_local("America/New_York", t, &d, &m));
	assert_int_equal(d.d, 12);
	assert_int_equal(m, 18 * 60 + 30);
	assert_true(date_local("Asia/Tokyo", t, &d, &m));
	assert_int_equal(d.d, 13);
	assert_int_equal(m, 8 * 60 + 30);
	assert_false(date_local("Mars/Olympus_Mons", t, &d, &m));
}

/* Local times around the 2026 changes in London: 29 March (01:00 GMT ->
 * 02:00 BST) and 25 October (02:00 BST -> 01:00 GMT). */
static void
test_dst(void **state)
{
	time_t t;
	struct ymd spring = { 2026, 3, 29 }, autumn = { 2026, 10, 25 };
	time_t midnight_spring = (time_t)date_to_days(spring) * 86400;
	time_t midnight_autumn = (time_t)date_to_days(autumn) * 86400;
	struct ymd d;
	int m;

	(void)state;
	/* 09:00 BST on the spring day is 08:00 UTC. */
	assert_true(date_instant("Europe/London", spring, 9 * 60, &t));
	assert_int_equal(t - midnight_spring, 8 * 3600);
	/* 00:30 is still GMT. */
	assert_true(date_instant("Europe/London", spring, 30, &t));
	assert_int_equal(t - midnight_spring, 30 * 60);
	/* 01:30 does not exist; it is read as GMT: 02:30 BST. */
	assert_true(date_instant("Europe/London", spring, 90, &t));
	assert_int_equal(t - midnight_spring, 90 * 60);
	assert_true(date_local("Europe/London", t, &d, &m));
	assert_int_equal(m, 150);
	/* 01:30 happens twice in autumn: the first is 00:30 UTC. */
	assert_true(date_instant("Europe/London", autumn, 90, &t));
	assert_int_equal(t - midnight_autumn, 30 * 60);
	/* 09:00 GMT in autumn is 09:00 UTC. */
	assert_true(date_instant("Europe/London", autumn, 9 * 60, &t));
	assert_int_equal(t - midnight_autumn, 9 * 3600);
	/* Round trip of every quarter hour of both days. */
	for (m = 0; m < 24 * 60; m += 15) {
		int back;

		if (m >= 60 && m < 120)
			continue;	/* the gap and the fold */
		assert_true(date_instant("Europe/London", spring, m, &t));
		assert_true(date_local("Europe/London", t, &d, &back));
		assert_int_equal(back, m);
		assert_true(date_instant("Europe/London", autumn, m, &t));
		assert_true(date_local("Europe/London", t, &d, &back));
		assert_int_equal(back, m);
	}
}

static void
test_zone_exists(void **state)
{
	(void)state;
	assert_true(date_zone_exists("Europe/London"));
	assert_true(date_zone_exists("UTC"));
	assert_false(date_zone_exists("Europe/Atlantis"));
	assert_false(date_zone_exists("../../etc/passwd"));
	assert_false(date_zone_exists("/etc/passwd"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_and_month_lengths),
		cmocka_unit_test(test_day_numbers_round_trip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_ordinal_and_names),
		cmocka_unit_test(test_day_boundary_two_zones),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_zone_exists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
