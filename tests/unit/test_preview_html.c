/* Unit tests: preview's HTML (the site's days, the calendar's flags,
 * broken files on their day, escaping). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "diag.h"
#include "preview_html.h"

#include "fixture.h"

/* How many times needle is in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_site_days(void **state)
{
	int i, m, d;

	(void)state;
	preview_html_site_day(0, &m, &d);
	assert_true(m == 1 && d == 1);
	preview_html_site_day(59, &m, &d);
	assert_true(m == 2 && d == 29);
	preview_html_site_day(365, &m, &d);
	assert_true(m == 12 && d == 31);
	for (i = 0; i < 366; i++) {
		preview_html_site_day(i, &m, &d);
		assert_int_equal(preview_html_site_index(m, d), i);
	}
	assert_int_equal(preview_html_site_index(2, 30), -1);
	assert_int_equal(preview_html_site_index(13, 1), -1);
	assert_int_equal(preview_html_site_index(4, 0), -1);
}

static void
test_nav_wraps(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	preview_html_nav(&b, 1, 1);
	assert_non_null(strstr(buf_str(&b), "<a rel=\"prev\" href=\"12-31.html\">"));
	assert_non_null(strstr(buf_str(&b), "<a rel=\"index\" href=\"index.html\">"));
	assert_non_null(strstr(buf_str(&b), "<a rel=\"next\" href=\"01-02.html\">"));
	buf_truncate(&b, 0);
	preview_html_nav(&b, 12, 31);
	assert_non_null(strstr(buf_str(&b), "<a rel=\"prev\" href=\"12-30.html\">"));
	assert_non_null(strstr(buf_str(&b), "<a rel=\"next\" href=\"01-01.html\">"));
	buf_truncate(&b, 0);
	preview_html_nav(&b, 3, 1);
	assert_non_null(strstr(buf_str(&b), "<a rel=\"prev\" href=\"02-29.html\">"));
	buf_free(&b);
}

/* A day's tree as preview_day makes it, with posts of these ages. */
static cJSON *
day_tree(const char *date, const int *years, int n)
{
	cJSON *o = cJSON_CreateObject(), *posts, *p;
	char id[16];
	int i;

	cJSON_AddStringToObject(o, "date", date);
	cJSON_AddStringToObject(o, "timezone", "UTC");
	posts = cJSON_AddArrayToObject(o, "posts");
	for (i = 0; i < n; i++) {
		p = cJSON_CreateObject();
		snprintf(id, sizeof(id), "p%d", i);
		cJSON_AddStringToObject(p, "id", id);
		cJSON_AddStringToObject(p, "file", "posts/p.json");
		cJSON_AddStringToObject(p, "title", "<script>\"'&");
		cJSON_AddBoolToObject(p, "chosen", i == 0);
		cJSON_AddStringToObject(p, "reason", i == 0 ? "first" :
		    "left out: <b>");
		if (years[i] >= 0)
			cJSON_AddNumberToObject(p, "years_ago", years[i]);
		else
			cJSON_AddNullToObject(p, "years_ago");
		cJSON_AddArrayToObject(p, "platforms");
		cJSON_AddItemToArray(posts, p);
	}
	return o;
}

static void
test_stat_round(void **state)
{
	static const int y1[] = { 30, 100, 50, -1 }, y2[] = { 10, 40, 0 };
	cJSON *t = day_tree("2026-07-04", y1, 4);
	struct html_day_stat s = preview_html_stat(t);

	(void)state;
	assert_int_equal(s.posts, 4);
	assert_int_equal(s.round, 100);
	assert_int_equal(s.year, 2026);
	cJSON_Delete(t);
	t = day_tree("2028-02-29", y2, 3);
	s = preview_html_stat(t);
	assert_int_equal(s.posts, 3);
	assert_int_equal(s.round, 0);	/* 10 is round, but not by 25 */
	assert_int_equal(s.year, 2028);
	cJSON_Delete(t);
}

static void
test_day_escapes_and_says_why_not(void **state)
{
	static const int y[] = { 75, 3 };
	cJSON *t = day_tree("2026-11-12", y, 2);
	struct buf b = BUF_INIT;
	const char *s;

	(void)state;
	preview_html_day(&b, t, NULL, true);
	s = buf_str(&b);
	assert_non_null(strstr(s, "<section class=\"day\" data-date=\"2026-11-12\">"));
	assert_non_null(strstr(s, "<h1>Thursday, 12 November 2026</h1>"));
	assert_int_equal(count(s, "<h2>&lt;script&gt;&quot;&#39;&amp;</h2>"), 2);
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "<article class=\"post\" id=\"post-p0\" "
	    "data-post=\"p0\" data-chosen=\"true\">"));
	assert_non_null(strstr(s, "data-post=\"p1\" data-chosen=\"false\">"));
	assert_non_null(strstr(s, "<p class=\"why-not\">left out: &lt;b&gt;</p>"));
	assert_int_equal(count(s, "why-not"), 1);
	assert_non_null(strstr(s, "<span class=\"badge round\">75 years</span>"));
	buf_free(&b);
	cJSON_Delete(t);
}

static void
test_broken_files_on_their_day(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	cJSON *t = day_tree("2026-11-12", NULL, 0);
	const char *s;

	(void)state;
	diags_add(&d, DIAG_ERROR, "posts/11/11-12-a.json", 1, 25, "first");
	diags_add(&d, DIAG_WARNING, "posts/11/11-12-a.json", 2, 1, "a warning");
	diags_add(&d, DIAG_ERROR, "posts/11/11-12-a.json", 3, 2, "<second>");
	diags_add(&d, DIAG_WARNING, "posts/11/11-12-w.json", 2, 1, "only");
	diags_add(&d, DIAG_ERROR, "posts/03/03-15-b.json", 1, 1, "other day");
	diags_add(&d, DIAG_ERROR, "posts/x.json", 4, 0, "no day");
	diags_add(&d, DIAG_ERROR, "posts/13-40-z.json", 1, 1, "no such day");

	preview_html_day(&b, t, &d, true);
	s = buf_str(&b);
	assert_int_equal(count(s, "<article class=\"post broken\""), 3);
	assert_int_equal(count(s, "data-file=\"posts/11/11-12-a.json\""), 1);
	assert_non_null(strstr(s, "<p class=\"error\">posts/11/11-12-a.json:1:25: first</p>"));
	assert_non_null(strstr(s, "<p class=\"error\">posts/11/11-12-a.json:3:2: &lt;second&gt;</p>"));
	assert_null(strstr(s, "a warning"));
	assert_null(strstr(s, "11-12-w.json"));
	assert_null(strstr(s, "03-15-b.json"));
	assert_non_null(strstr(s, "<p class=\"error\">posts/x.json:4: no day</p>"));
	assert_non_null(strstr(s, "data-file=\"posts/13-40-z.json\""));

	/* on a page of the site, the undated ones are left to the index */
	buf_truncate(&b, 0);
	preview_html_day(&b, t, &d, false);
	s = buf_str(&b);
	assert_int_equal(count(s, "<article class=\"post broken\""), 1);
	buf_truncate(&b, 0);
	preview_html_undated(&b, &d);
	s = buf_str(&b);
	assert_int_equal(count(s, "<article class=\"post broken\""), 2);
	assert_null(strstr(s, "11-12-a.json"));
	buf_free(&b);
	diags_free(&d);
	cJSON_Delete(t);
}

static void
test_index_flags(void **state)
{
	struct html_day_stat st[366];
	struct buf b = BUF_INIT;
	const char *s;
	int i;

	(void)state;
	for (i = 0; i < 366; i++)
		st[i] = (struct html_day_stat){ 3, 0, 2026 };
	st[preview_html_site_index(1, 2)].posts = 0;
	st[preview_html_site_index(1, 3)].posts = 1;
	st[preview_html_site_index(1, 4)].round = 50;
	st[preview_html_site_index(1, 5)] = (struct html_day_stat){ 1, 100,
	    2026 };
	st[preview_html_site_index(2, 29)].year = 2028;
	preview_html_index(&b, 2026, st, 2, NULL);
	s = buf_str(&b);
	assert_int_equal(count(s, "<table class=\"month\""), 12);
	assert_int_equal(count(s, " data-posts=\""), 366);
	assert_int_equal(count(s, "<td class=\"empty\""), 1);
	assert_int_equal(count(s, "<td class=\"thin\""), 1);
	assert_int_equal(count(s, "<td class=\"round\""), 1);
	assert_int_equal(count(s, "<td class=\"thin round\""), 1);
	assert_non_null(strstr(s, "<td class=\"empty\" data-posts=\"0\"><a href=\"01-02.html\""));
	assert_non_null(strstr(s, "<td class=\"thin round\" data-posts=\"1\"><a href=\"01-05.html\""));
	assert_non_null(strstr(s, "<a href=\"02-29.html\" aria-label=\"29 February: 3 posts (2028)\">"));
	/* 1 January 2026 is a Thursday: three empty cells before it */
	assert_non_null(strstr(s, "<tbody><tr><td></td><td></td><td></td><td data-posts=\"3\"><a href=\"01-01.html\""));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_days),
		cmocka_unit_test(test_nav_wraps),
		cmocka_unit_test(test_stat_round),
		cmocka_unit_test(test_day_escapes_and_says_why_not),
		cmocka_unit_test(test_broken_files_on_their_day),
		cmocka_unit_test(test_index_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
