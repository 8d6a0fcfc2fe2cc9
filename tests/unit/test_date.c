/* Unit tests: calendar arithmetic, parsing, time zones and DST. */
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

#include "date.h"
#include "xalloc.h"

#include "fixture.h"

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
	assert_false(date_parse_hhmm("09:05 ", &m));
	assert_false(date_parse_hhmm("", &m));
}

/* date_parse_hhmm_at: five bytes inside a longer text, 24:00 on demand. */
static void
test_parse_hhmm_at(void **state)
{
	const char *w = "09:00-24:00";
	int m = -1;

	(void)state;
	assert_true(date_parse_hhmm_at(w, false, &m));
	assert_int_equal(m, 9 * 60);
	assert_true(date_parse_hhmm_at(w + 6, true, &m));
	assert_int_equal(m, 24 * 60);
	m = -1;
	assert_false(date_parse_hhmm_at(w + 6, false, &m));
	assert_int_equal(m, -1);		/* untouched */
	assert_true(date_parse_hhmm_at("23:59", true, &m));
	assert_int_equal(m, 23 * 60 + 59);
	assert_false(date_parse_hhmm_at("24:01", true, &m));
	assert_false(date_parse_hhmm_at("25:00", true, &m));
	assert_false(date_parse_hhmm_at("12:60", true, &m));
	assert_false(date_parse_hhmm_at("1:00x", true, &m));
	assert_false(date_parse_hhmm_at("12.00", true, &m));
	assert_false(date_parse_hhmm_at("12:0", true, &m));
	assert_false(date_parse_hhmm_at("12", true, &m));
	assert_false(date_parse_hhmm_at("", true, &m));
	assert_false(date_parse_hhmm_at("+1:00", true, &m));
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

/* Durations as people read them, at each boundary of the wording. */
static void
test_duration_words(void **state)
{
	char b[32];
	static const struct { long long s; const char *w; } cases[] = {
		{ 0, "0 s" }, { 1, "1 s" }, { 59, "59 s" }, { 60, "1 min" },
		{ 61, "1 min 1 s" }, { 895, "14 min 55 s" },
		{ 900, "15 min" }, { 3599, "59 min 59 s" }, { 3600, "1 h" },
		{ 3659, "1 h" }, { 3660, "1 h 1 min" },
		{ 6 * 3600 + 45 * 60, "6 h 45 min" },
		{ 6 * 3600 + 45 * 60 + 59, "6 h 45 min" },
		{ 10800, "3 h" }, { 12600, "3 h 30 min" },
		{ 86399, "23 h 59 min" }, { 86400, "1 d" },
		{ 86400 + 3599, "1 d" }, { 90000, "1 d 1 h" },
		{ 30 * 86400 + 5 * 3600, "30 d 5 h" },
		{ -90, "1 min 30 s" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		date_duration(cases[i].s, b, sizeof(b));
		assert_string_equal(b, cases[i].w);
	}
	/* cut to the buffer, never past it */
	date_duration(6 * 3600 + 45 * 60, b, 5);
	assert_string_equal(b, "6 h ");
}

/* Times of day: two digits each, midnight and the day's last minute. */
static void
test_hhmm(void **state)
{
	char b[DATE_HHMM_SIZE];
	static const struct { int m; const char *w; } cases[] = {
		{ 0, "00:00" }, { 5, "00:05" }, { 9 * 60, "09:00" },
		{ 14 * 60 + 20, "14:20" }, { 1439, "23:59" },
		{ 24 * 60, "24:00" }, { -3, "00:00" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		date_hhmm(cases[i].m, b);
		assert_string_equal(b, cases[i].w);
	}
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

/*
 * Every minute of day in tz: the gap (skipped minutes) starts at gap_from
 * and lasts ngap minutes, the fold (repeated ones) starts at fold_from and
 * lasts nfold (-1 and 0 for none); every other minute reads back as
 * itself.
 */
static void
expect_walls(const char *tz, struct ymd day, int gap_from, int ngap,
    int fold_from, int nfold)
{
	struct date_instant_info in;
	int m, gf = -1, ng = 0, ff = -1, nf = 0;

	for (m = 0; m < 24 * 60; m++) {
		assert_true(date_instant_info(tz, day, m, &in));
		assert_int_equal(in.minute, m);
		assert_int_equal(date_cmp(in.day, day), 0);
		if (in.wall == DATE_WALL_GAP) {
			if (ng++ == 0)
				gf = m;
		} else if (in.wall == DATE_WALL_FOLD) {
			if (nf++ == 0)
				ff = m;
		} else {
			assert_int_equal(in.at_minute, m);
			assert_int_equal(date_cmp(in.at_day, day), 0);
		}
	}
	assert_int_equal(gf, gap_from);
	assert_int_equal(ng, ngap);
	assert_int_equal(ff, fold_from);
	assert_int_equal(nf, nfold);
}

/* date_instant_note of minute on day in tz is want (NULL: none). */
static void
expect_note(const char *tz, struct ymd day, int minute, const char *want)
{
	struct date_instant_info in;
	char *s;

	assert_true(date_instant_info(tz, day, minute, &in));
	s = date_instant_note(tz, &in);
	if (want == NULL)
		assert_null(s);
	else {
		assert_non_null(s);
		assert_string_equal(s, want);
	}
	free(s);
}

/* New York, 2026: 8 March 02:00 EST -> 03:00 EDT, 1 November 02:00 EDT ->
 * 01:00 EST. */
static void
test_instant_info_new_york(void **state)
{
	const char *tz = "America/New_York";
	struct ymd spring = { 2026, 3, 8 }, autumn = { 2026, 11, 1 };
	time_t mid_spring = (time_t)date_to_days(spring) * 86400;
	time_t mid_autumn = (time_t)date_to_days(autumn) * 86400;
	struct date_instant_info in;
	time_t t;

	(void)state;
	assert_true(date_instant_info(tz, spring, 2 * 60 + 30, &in));
	assert_int_equal(in.wall, DATE_WALL_GAP);
	assert_int_equal(in.at - mid_spring, 7 * 3600 + 30 * 60);
	assert_int_equal(in.at_minute, 3 * 60 + 30);
	assert_int_equal(date_cmp(in.at_day, spring), 0);
	assert_int_equal(in.shift, 60);
	assert_string_equal(in.abbr, "EDT");
	/* date_instant gives the same instant. */
	assert_true(date_instant(tz, spring, 2 * 60 + 30, &t));
	assert_int_equal(t, in.at);
	expect_note(tz, spring, 2 * 60 + 30, "02:30 does not exist on "
	    "2026-03-08 in America/New_York (clocks go forward): goes out at "
	    "03:30 EDT");

	assert_true(date_instant_info(tz, autumn, 90, &in));
	assert_int_equal(in.wall, DATE_WALL_FOLD);
	assert_int_equal(in.at - mid_autumn, 5 * 3600 + 30 * 60);
	assert_int_equal(in.at_minute, 90);
	assert_int_equal(in.shift, 60);
	assert_string_equal(in.abbr, "EDT");
	assert_string_equal(in.other_abbr, "EST");
	expect_note(tz, autumn, 90, "01:30 happens twice on 2026-11-01 in "
	    "America/New_York: goes out at the first, 01:30 EDT");

	/* Ordinary times around them say nothing. */
	assert_true(date_instant_info(tz, spring, 3 * 60, &in));
	assert_int_equal(in.wall, DATE_WALL_ONCE);
	assert_string_equal(in.abbr, "EDT");
	expect_note(tz, spring, 3 * 60, NULL);
	assert_true(date_instant_info(tz, autumn, 2 * 60, &in));
	assert_int_equal(in.wall, DATE_WALL_ONCE);
	assert_int_equal(in.at - mid_autumn, 7 * 3600);
	assert_string_equal(in.abbr, "EST");
	expect_note(tz, autumn, 2 * 60, NULL);

	/* Exactly the hour 02:00-02:59 is skipped, 01:00-01:59 repeated. */
	expect_walls(tz, spring, 2 * 60, 60, -1, 0);
	expect_walls(tz, autumn, -1, 0, 60, 60);
	assert_false(date_instant_info("America/Nowhere", spring, 0, &in));
}

/* London, 2026: 29 March 01:00 GMT -> 02:00 BST, 25 October 02:00 BST ->
 * 01:00 GMT. */
static void
test_instant_info_london(void **state)
{
	const char *tz = "Europe/London";
	struct ymd spring = { 2026, 3, 29 }, autumn = { 2026, 10, 25 };
	struct date_instant_info in;

	(void)state;
	expect_note(tz, spring, 90, "01:30 does not exist on 2026-03-29 in "
	    "Europe/London (clocks go forward): goes out at 02:30 BST");
	assert_true(date_instant_info(tz, autumn, 60 + 59, &in));
	assert_int_equal(in.wall, DATE_WALL_FOLD);
	assert_string_equal(in.other_abbr, "GMT");
	expect_note(tz, autumn, 60 + 59, "01:59 happens twice on 2026-10-25 "
	    "in Europe/London: goes out at the first, 01:59 BST");
	expect_walls(tz, spring, 60, 60, -1, 0);
	expect_walls(tz, autumn, -1, 0, 60, 60);
}

/* Lord Howe Island moves its clocks by 30 minutes: 5 April 2026 02:00
 * +11 -> 01:30 +1030, 4 October 2026 02:00 +1030 -> 02:30 +11. */
static void
test_instant_info_lord_howe(void **state)
{
	const char *tz = "Australia/Lord_Howe";
	struct ymd autumn = { 2026, 4, 5 }, spring = { 2026, 10, 4 };
	struct date_instant_info in;

	(void)state;
	assert_true(date_instant_info(tz, spring, 2 * 60 + 15, &in));
	assert_int_equal(in.wall, DATE_WALL_GAP);
	assert_int_equal(in.shift, 30);
	assert_int_equal(in.at_minute, 2 * 60 + 45);
	/* 02:45 +11 is 15:45 UTC the day before. */
	assert_int_equal(in.at, (time_t)date_to_days((struct ymd){ 2026, 10,
	    3 }) * 86400 + 15 * 3600 + 45 * 60);
	expect_note(tz, spring, 2 * 60 + 15, "02:15 does not exist on "
	    "2026-10-04 in Australia/Lord_Howe (clocks go forward): goes out "
	    "at 02:45 +11");
	assert_true(date_instant_info(tz, autumn, 60 + 45, &in));
	assert_int_equal(in.wall, DATE_WALL_FOLD);
	assert_int_equal(in.shift, 30);
	assert_string_equal(in.abbr, "+11");
	assert_string_equal(in.other_abbr, "+1030");
	expect_note(tz, autumn, 60 + 45, "01:45 happens twice on 2026-04-05 "
	    "in Australia/Lord_Howe: goes out at the first, 01:45 +11");
	expect_walls(tz, spring, 2 * 60, 30, -1, 0);
	expect_walls(tz, autumn, -1, 0, 90, 30);
}

/* Tokyo has no DST: every minute of the days other zones change on is
 * ordinary. */
static void
test_instant_info_no_dst(void **state)
{
	static const struct ymd days[] = { { 2026, 3, 8 }, { 2026, 3, 29 },
	    { 2026, 10, 25 }, { 2026, 11, 1 } };
	struct date_instant_info in;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		expect_walls("Asia/Tokyo", days[i], -1, 0, -1, 0);
	assert_true(date_instant_info("Asia/Tokyo", days[0], 2 * 60 + 30,
	    &in));
	assert_string_equal(in.abbr, "JST");
	assert_int_equal(in.at, (time_t)date_to_days(days[0]) * 86400 -
	    9 * 3600 + 2 * 3600 + 30 * 60);
	expect_note("Asia/Tokyo", days[0], 2 * 60 + 30, NULL);
	expect_walls("UTC", days[0], -1, 0, -1, 0);
	expect_note("UTC", days[0], 2 * 60 + 30, NULL);
}

/* The sentence alone: the system's zone, a gap that ends on the next day,
 * no abbreviation. */
static void
test_instant_note_words(void **state)
{
	struct date_instant_info in;
	char *s;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.day = (struct ymd){ 2026, 9, 5 };
	in.minute = 23 * 60 + 30;
	in.wall = DATE_WALL_GAP;
	in.at_day = (struct ymd){ 2026, 9, 6 };
	in.at_minute = 30;
	in.shift = 60;
	snprintf(in.abbr, sizeof(in.abbr), "-03");
	s = date_instant_note(NULL, &in);
	assert_string_equal(s, "23:30 does not exist on 2026-09-05 in the "
	    "system's time zone (clocks go forward): goes out at 00:30 -03 "
	    "on 2026-09-06");
	free(s);
	in.abbr[0] = '\0';
	in.wall = DATE_WALL_FOLD;
	in.at_day = in.day;
	in.at_minute = in.minute;
	s = date_instant_note("", &in);
	assert_string_equal(s, "23:30 happens twice on 2026-09-05 in the "
	    "system's time zone: goes out at the first, 23:30");
	free(s);
	in.wall = DATE_WALL_ONCE;
	assert_null(date_instant_note("Europe/London", &in));
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
	assert_false(date_zone_exists("Europe/London "));
	assert_false(date_zone_exists("Europe\\London"));
	assert_true(date_zone_exists(NULL));	/* the system's zone */
	assert_true(date_zone_exists(""));
}

/*
 * With TZDIR set, a zone is looked up there (as the C library does), not
 * in /usr/share/zoneinfo: a copy of America/New_York under another name
 * is a zone, and the clock functions work in it; a FIFO and a file that
 * is not TZif are not zones, and the FIFO does not block the check.
 */
static void
test_zone_exists_tzdir(void **state)
{
	char *dir, *sub, *zone, *fifo, *junk, *tzif;
	size_t len;
	const char *old = getenv("TZDIR");
	char *saved = old != NULL ? xstrdup(old) : NULL;
	struct date_instant_info in;
	struct ymd day;
	int minute;

	(void)state;
	dir = fixture_tmpdir("tzdir");
	sub = xasprintf("%s/Test", dir);
	zone = xasprintf("%s/Test/Gotham", dir);
	fifo = xasprintf("%s/Test/Fifo", dir);
	junk = xasprintf("%s/Test/Junk", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	tzif = fixture_read("/usr/share/zoneinfo/America/New_York", &len);
	fixture_write(zone, tzif, len, 0644);
	free(tzif);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	fixture_write(junk, "TZi", 3, 0644);

	assert_false(date_zone_exists("Test/Gotham"));
	assert_int_equal(setenv("TZDIR", dir, 1), 0);
	assert_true(date_zone_exists("Test/Gotham"));
	assert_false(date_zone_exists("Test"));		/* a folder */
	assert_false(date_zone_exists("Test/Fifo"));	/* and no hang */
	assert_false(date_zone_exists("Test/Junk"));
	assert_false(date_zone_exists("Europe/London"));	/* not there */
	/* 12:00 UTC on 2026-07-01 is 08:00 EDT in the copy */
	assert_true(date_local("Test/Gotham", (time_t)1782907200, &day,
	    &minute));
	assert_int_equal(day.d, 1);
	assert_int_equal(minute, 8 * 60);
	assert_true(date_instant_info("Test/Gotham", (struct ymd){ 2026, 3, 8 },
	    2 * 60 + 30, &in));
	assert_int_equal(in.wall, DATE_WALL_GAP);
	assert_string_equal(in.abbr, "EDT");
	fixture_write(junk, "TZif", 4, 0644);
	assert_true(date_zone_exists("Test/Junk"));	/* the magic alone */
	/* an empty TZDIR is no TZDIR */
	assert_int_equal(setenv("TZDIR", "", 1), 0);
	assert_false(date_zone_exists("Test/Gotham"));
	assert_true(date_zone_exists("Europe/London"));

	if (saved != NULL)
		setenv("TZDIR", saved, 1);
	else
		unsetenv("TZDIR");
	free(saved);
	fixture_rmtree(dir);
	free(dir);
	free(sub);
	free(zone);
	free(fifo);
	free(junk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_and_month_lengths),
		cmocka_unit_test(test_day_numbers_round_trip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_hhmm_at),
		cmocka_unit_test(test_ordinal_and_names),
		cmocka_unit_test(test_duration_words),
		cmocka_unit_test(test_hhmm),
		cmocka_unit_test(test_day_boundary_two_zones),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_instant_info_new_york),
		cmocka_unit_test(test_instant_info_london),
		cmocka_unit_test(test_instant_info_lord_howe),
		cmocka_unit_test(test_instant_info_no_dst),
		cmocka_unit_test(test_instant_note_words),
		cmocka_unit_test(test_zone_exists),
		cmocka_unit_test(test_zone_exists_tzdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
