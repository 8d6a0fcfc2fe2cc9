/*
 * Unit tests: twitter_urls, the URL extractor over code points. The
 * twitter-text conformance vectors go through text_find_urls in
 * test_text.c; these check the code point interface itself: indices in
 * code points (not bytes), the scheme flag the counters use, and the
 * spaces class the word cutter uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "twitter_urls.h"
#include "xalloc.h"

/* The code points of UTF-8 s into *cp (caller frees); returns how many. */
static size_t
decode(const char *s, int32_t **cp)
{
	size_t len = strlen(s), i = 0, n = 0, l;
	uint32_t c;

	*cp = xreallocarray(NULL, len + 1, sizeof(**cp));
	while (i < len) {
		l = text_decode(s + i, len - i, &c);
		assert_true(l > 0);
		(*cp)[n++] = (int32_t)c;
		i += l;
	}
	return n;
}

static void
test_indices_are_code_points(void **state)
{
	/* "é " is two code points (three bytes) before the URL */
	const char *s = "\xc3\xa9 https://example.org/\xc3\xa9t\xc3\xa9 "
	    "and example.com then";
	struct twitter_url *u;
	int32_t *cp;
	size_t n = decode(s, &cp);

	(void)state;
	assert_int_equal(twitter_urls_find(cp, n, &u), 2);
	assert_int_equal(u[0].start, 2);
	assert_int_equal(u[0].end, 2 + strlen("https://example.org/ete"));
	assert_true(u[0].proto);
	assert_int_equal(u[1].start, u[0].end + 5);
	assert_int_equal(u[1].end, u[1].start + strlen("example.com"));
	assert_false(u[1].proto);
	free(u);
	free(cp);
}

static void
test_none_found(void **state)
{
	static const char *const texts[] = {
		"", "no dot here", "a sentence. Then another.",
		"example.notatld", "user@example.com",
		"https://", "v1.2.3",
	};
	struct twitter_url *u = (struct twitter_url *)&u;
	int32_t *cp;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		n = decode(texts[i], &cp);
		if (twitter_urls_find(cp, n, &u) != 0)
			fail_msg("a URL in \"%s\"", texts[i]);
		assert_null(u);
		free(cp);
	}
}

/* The same text found the same way through text_find_urls. */
static void
test_agrees_with_byte_spans(void **state)
{
	const char *s = "See t.co/abc, HTTPS://EXAMPLE.ORG/a?b=c. "
	    "\xe6\x97\xa5\xe6\x9c\xac example.co.uk/x)";
	struct twitter_url *u;
	struct text_span *sp;
	int32_t *cp;
	size_t n = decode(s, &cp), k, i, b = 0, c = 0;
	uint32_t x;

	(void)state;
	k = twitter_urls_find(cp, n, &u);
	assert_int_equal(text_find_urls(s, &sp), k);
	assert_true(k >= 2);
	/* walk the bytes and code points together */
	for (i = 0; i < k; i++) {
		while (c < u[i].start) {
			b += text_decode(s + b, strlen(s + b), &x);
			c++;
		}
		assert_int_equal(sp[i].start, b);
		while (c < u[i].end) {
			b += text_decode(s + b, strlen(s + b), &x);
			c++;
		}
		assert_int_equal(sp[i].end, b);
	}
	free(u);
	free(sp);
	free(cp);
}

/*
 * A URL holds no white space: each is found in its word, whatever the
 * spaces between words (ASCII or not) and whatever stands beside it.
 */
static void
test_words(void **state)
{
	static const struct {
		const char *s;
		size_t n, span[6];	/* byte spans */
	} cases[] = {
		{ "example.com\xc2\xa0(t.co/x)\xe3\x80\x80-nope.com "
		    "x.y.example.org/p?q=1. end.", 3,
		    { 0, 11, 14, 20, 34, 55 } },
		{ "https://a.b.example.org/x_(y)\xe2\x80\x82www.example.de,"
		    "foo.de.", 3, { 0, 29, 32, 46, 47, 53 } },
		{ "Ends with a link: example.org", 1, { 18, 29 } },
	};
	struct text_span *sp;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(twitter_urls_maybe(cases[i].s,
		    strlen(cases[i].s)));
		assert_int_equal(text_find_urls(cases[i].s, &sp), cases[i].n);
		for (k = 0; k < cases[i].n; k++) {
			assert_int_equal(sp[k].start, cases[i].span[2 * k]);
			assert_int_equal(sp[k].end, cases[i].span[2 * k + 1]);
		}
		free(sp);
	}
}

/* The test on bytes: false only where no '.' has a character that may be
 * a domain character on both sides. */
static void
test_maybe(void **state)
{
	static const char *const no[] = { "", ".", "a.", ".com",
	    "no dot here", "a sentence. Then another.", "(a).(b)",
	    "one .two", "x_.", "-.-" };
	static const char *const yes[] = { "example.com", "a.b", "v1.2.3",
	    "\xc3\xa9.\xc3\xa9", "\xe6\x97\xa5.x" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (twitter_urls_maybe(no[i], strlen(no[i])))
			fail_msg("\"%s\" may hold a URL", no[i]);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!twitter_urls_maybe(yes[i], strlen(yes[i])))
			fail_msg("\"%s\" said to hold no URL", yes[i]);
}

static void
test_spaces(void **state)
{
	static const int32_t spaces[] = { '\t', '\n', 0x0b, 0x0c, '\r', ' ',
	    0x85, 0xa0, 0x1680, 0x180e, 0x2000, 0x200a, 0x2028, 0x2029,
	    0x202f, 0x205f, 0x3000 };
	static const int32_t others[] = { 'a', '.', 0, 0x08, 0x0e, 0x200b,
	    0x200d, 0xfeff, 0x2060 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		assert_true(twitter_urls_is_space(spaces[i]));
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		assert_false(twitter_urls_is_space(others[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indices_are_code_points),
		cmocka_unit_test(test_none_found),
		cmocka_unit_test(test_agrees_with_byte_spans),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_maybe),
		cmocka_unit_test(test_spaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
