/* Tests of platforms/atproto: facets as UTF-8 byte ranges, TIDs, a
 * JWT's exp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platforms/atproto.h"

/* Facet i of f is kind over [start, end) with value. */
static void
facet_is(const struct atproto_facets *f, size_t i,
    enum atproto_facet_kind kind, size_t start, size_t end,
    const char *value)
{
	assert_true(i < f->n);
	assert_int_equal(f->v[i].kind, kind);
	assert_int_equal(f->v[i].start, start);
	assert_int_equal(f->v[i].end, end);
	assert_string_equal(f->v[i].value, value);
}

/* The docs' example: an emoji ZWJ sequence before the link, and the
 * final "." left out of it. */
static void
test_docs_vector(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("\xE2\x9C\xA8 example mentioning @atproto.com to share "
	    "the URL \xF0\x9F\x91\xA8\xE2\x80\x8D\xE2\x9D\xA4\xEF\xB8\x8F\xE2"
	    "\x80\x8D\xF0\x9F\x91\xA8 https://en.wikipedia.org/wiki/CBOR.",
	    NULL, &f);
	assert_int_equal(f.n, 1);
	facet_is(&f, 0, FACET_LINK, 74, 108,
	    "https://en.wikipedia.org/wiki/CBOR");
	atproto_facets_free(&f);
}

/* Byte offsets, not code points: an accent and an emoji before it. */
static void
test_bytes_not_codepoints(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("D\xC3\xAD" "a de la Tierra \xF0\x9F\x8C\x8D \xE2\x86\x92 "
	    "https://example.org/earth", NULL, &f);
	assert_int_equal(f.n, 1);
	facet_is(&f, 0, FACET_LINK, 27, 52, "https://example.org/earth");
	atproto_facets_free(&f);
	atproto_facets("1969: Apollo 11 lands. Read more: https://en.wikipedia"
	    ".org/wiki/Apollo_11 \xF0\x9F\x9A\x80", NULL, &f);
	assert_int_equal(f.n, 1);
	facet_is(&f, 0, FACET_LINK, 34, 73,
	    "https://en.wikipedia.org/wiki/Apollo_11");
	atproto_facets_free(&f);
}

/* CJK and right-to-left tags, each before a link. */
static void
test_cjk_and_rtl(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3"
	    "\x83\xBC\xE5\xAE\x8C\xE6\x88\x90 #\xE6\x9D\xB1\xE4\xBA\xAC "
	    "https://example.org/tokyo", NULL, &f);
	assert_int_equal(f.n, 2);
	facet_is(&f, 0, FACET_TAG, 22, 29, "\xE6\x9D\xB1\xE4\xBA\xAC");
	facet_is(&f, 1, FACET_LINK, 30, 55, "https://example.org/tokyo");
	atproto_facets_free(&f);
	atproto_facets("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7"
	    "\x9C\xD7\x9D #\xD7\x99\xD7\xA9\xD7\xA8\xD7\x90\xD7\x9C "
	    "https://example.org/x", NULL, &f);
	assert_int_equal(f.n, 2);
	facet_is(&f, 0, FACET_TAG, 18, 29, "\xD7\x99\xD7\xA9\xD7\xA8\xD7\x90"
	    "\xD7\x9C");
	facet_is(&f, 1, FACET_LINK, 30, 51, "https://example.org/x");
	atproto_facets_free(&f);
}

/* A combining accent stays in the tag; the "!" after it does not. */
static void
test_combining_accent(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("Cafe\xCC\x81 #cafe\xCC\x81! https://example.org/c", NULL,
	    &f);
	assert_int_equal(f.n, 2);
	facet_is(&f, 0, FACET_TAG, 7, 14, "cafe\xCC\x81");
	facet_is(&f, 1, FACET_LINK, 16, 37, "https://example.org/c");
	atproto_facets_free(&f);
}

/* Punctuation after a URL is not part of it. */
static void
test_url_then_punctuation(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("Read https://example.org/a/b, then https://example.org/"
	    "c. Or (https://example.org/d)!", NULL, &f);
	assert_int_equal(f.n, 3);
	facet_is(&f, 0, FACET_LINK, 5, 28, "https://example.org/a/b");
	facet_is(&f, 1, FACET_LINK, 35, 56, "https://example.org/c");
	facet_is(&f, 2, FACET_LINK, 62, 83, "https://example.org/d");
	atproto_facets_free(&f);
}

/* A hashtag beside an emoji: after a space it is one (the emoji after it
 * is part of it, as Bluesky's apps read it); glued after an emoji it is
 * not; digits alone are not a tag; a '#' inside a URL is not one. */
static void
test_hashtag_and_emoji(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("Launch \xF0\x9F\x9A\x80 #space x\xF0\x9F\x9A\x80#no "
	    "#apollo\xF0\x9F\x9A\x80 #1969 #1969s https://example.org/a#b",
	    NULL, &f);
	assert_int_equal(f.n, 4);
	facet_is(&f, 0, FACET_TAG, 12, 18, "space");
	facet_is(&f, 1, FACET_TAG, 28, 39, "apollo\xF0\x9F\x9A\x80");
	facet_is(&f, 2, FACET_TAG, 46, 52, "1969s");
	facet_is(&f, 3, FACET_LINK, 53, 76, "https://example.org/a#b");
	atproto_facets_free(&f);
	/* at the very start, and a tag too long */
	atproto_facets("#first and #aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaa", NULL, &f);
	assert_int_equal(f.n, 1);
	facet_is(&f, 0, FACET_TAG, 0, 6, "first");
	atproto_facets_free(&f);
}

/* A link shown without its scheme, or shortened, carries the full URL. */
static void
test_full_url(void **st)
{
	struct atproto_facets f;

	(void)st;
	atproto_facets("More: example.org/very/long\xE2\x80\xA6 and example.org/x",
	    "https://example.org/very/long/path?q=1", &f);
	assert_int_equal(f.n, 2);
	facet_is(&f, 0, FACET_LINK, 6, 27,
	    "https://example.org/very/long/path?q=1");
	facet_is(&f, 1, FACET_LINK, 35, 48, "https://example.org/x");
	atproto_facets_free(&f);
	atproto_facets("See example.org/p", "http://example.org/p", &f);
	assert_int_equal(f.n, 1);
	facet_is(&f, 0, FACET_LINK, 4, 17, "http://example.org/p");
	atproto_facets_free(&f);
	atproto_facets("no links here", NULL, &f);
	assert_int_equal(f.n, 0);
	atproto_facets_free(&f);
}

/* TIDs: the spec's zero, a known instant, the clock id in the last two
 * characters, and the syntax check. */
static void
test_tid(void **st)
{
	char t[ATPROTO_TID_SIZE];

	(void)st;
	atproto_tid(0, 0, t);
	assert_string_equal(t, "2222222222222");
	/* 2026-07-20T12:00:00Z */
	atproto_tid(1784548800ULL * 1000000ULL, 0, t);
	assert_string_equal(t, "3mr3amoxw2222");
	atproto_tid(1784548800ULL * 1000000ULL, 1023, t);
	assert_string_equal(t, "3mr3amoxw22zz");
	assert_true(atproto_tid_ok(t));
	assert_true(atproto_tid_ok("3jzfcijpj2z2a"));
	assert_false(atproto_tid_ok("3jzfcijpj2z2"));
	assert_false(atproto_tid_ok("kjzfcijpj2z2a"));
	assert_false(atproto_tid_ok("3jzfcijpj2z21"));
	assert_false(atproto_tid_ok(NULL));
	assert_int_equal(atproto_clock_id("11-12-alpha", "bluesky"),
	    atproto_clock_id("11-12-alpha", "bluesky"));
	assert_true(atproto_clock_id("11-12-alpha", "bluesky") < 1024);
	assert_int_not_equal(atproto_clock_id("11-12-alpha", "bluesky"),
	    atproto_clock_id("11-12-beta", "bluesky"));
}

/* exp from a JWT's payload; anything else is not one. */
static void
test_jwt_exp(void **st)
{
	long long exp = 0;

	(void)st;
	/* {"alg":"HS256"} . {"sub":"did:plc:x","exp":1800000000} . sig */
	assert_true(atproto_jwt_exp("eyJhbGciOiJIUzI1NiJ9."
	    "eyJzdWIiOiJkaWQ6cGxjOngiLCJleHAiOjE4MDAwMDAwMDB9.c2ln", &exp));
	assert_int_equal(exp, 1800000000LL);
	assert_false(atproto_jwt_exp("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", &exp));
	assert_false(atproto_jwt_exp("not a jwt", &exp));
	assert_false(atproto_jwt_exp("a.b", &exp));
	assert_false(atproto_jwt_exp("a.!!.c", &exp));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docs_vector),
		cmocka_unit_test(test_bytes_not_codepoints),
		cmocka_unit_test(test_cjk_and_rtl),
		cmocka_unit_test(test_combining_accent),
		cmocka_unit_test(test_url_then_punctuation),
		cmocka_unit_test(test_hashtag_and_emoji),
		cmocka_unit_test(test_full_url),
		cmocka_unit_test(test_tid),
		cmocka_unit_test(test_jwt_exp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
