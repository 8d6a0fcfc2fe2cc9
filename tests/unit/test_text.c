/*
 * Unit tests: UTF-8 validation, NFC, the platform counters (against the
 * twitter-text conformance file read at run time), URL detection, word
 * cutting, LinkedIn escaping, hashtag and mention counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "xalloc.h"

/*
 * A small reader for tests/vectors/twitter-text-validate.yml, whose shape
 * is fixed:
 *
 *   tests:
 *     SECTION:
 *       - description: "..."
 *         text: "..."
 *         expected: true|false        (or, on the next lines:)
 *         expected:
 *           weightedLength: N
 *           valid: true|false
 *           ...
 *
 * Strings are double-quoted YAML: \n \t \" \\ \/ \uXXXX \UXXXXXXXX.
 */
struct vcase {
	char	*section;
	char	*desc;
	char	*text;
	int	 expected;	/* expected: true/false; -1 when a map */
	long	 weighted;	/* expected.weightedLength; -1 when absent */
	int	 valid;		/* expected.valid; -1 when absent */
};

struct vfile {
	struct vcase	*v;
	size_t		 n;
};

/* The directory of the vectors: $ALMANAC_VECTORS or tests/vectors. */
static const char *
vectors_dir(void)
{
	const char *d = getenv("ALMANAC_VECTORS");

	return d != NULL && *d != '\0' ? d : "tests/vectors";
}

/* Appends code point c to b as UTF-8. */
static void
add_cp(struct buf *b, long c)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)c, enc);

	assert_true(n > 0);
	buf_add(b, (const char *)enc, (size_t)n);
}

/* The double-quoted YAML string at p (just after the opening quote). */
static char *
yaml_string(const char *p)
{
	struct buf b = BUF_INIT;
	char hex[9];
	long c, lo;
	size_t n;

	for (; *p != '"'; p++) {
		assert_true(*p != '\0' && *p != '\n');
		if (*p != '\\') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'n':
			buf_addc(&b, '\n');
			break;
		case 't':
			buf_addc(&b, '\t');
			break;
		case '"':
		case '\\':
		case '/':
			buf_addc(&b, *p);
			break;
		case 'u':
		case 'U':
			n = *p == 'u' ? 4 : 8;
			memcpy(hex, p + 1, n);
			hex[n] = '\0';
			assert_int_equal(strspn(hex, "0123456789abcdefABCDEF"),
			    n);
			c = strtol(hex, NULL, 16);
			p += n;
			/* a surrogate pair written as two \u escapes */
			if (c >= 0xd800 && c <= 0xdbff && p[1] == '\\' &&
			    p[2] == 'u') {
				memcpy(hex, p + 3, 4);
				hex[4] = '\0';
				lo = strtol(hex, NULL, 16);
				assert_true(lo >= 0xdc00 && lo <= 0xdfff);
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			}
			add_cp(&b, c);
			break;
		default:
			fail_msg("unknown escape \\%c", *p);
		}
	}
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

/* Reads the cases of the validate.yml file. */
static void
vfile_load(struct vfile *vf)
{
	char path[4096], line[65536], *section = NULL, *p;
	struct vcase *cur = NULL;
	FILE *fp;
	size_t ind;

	snprintf(path, sizeof(path), "%s/twitter-text-validate.yml",
	    vectors_dir());
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	memset(vf, 0, sizeof(*vf));
	while (fgets(line, sizeof(line), fp) != NULL) {
		assert_non_null(strchr(line, '\n'));	/* not truncated */
		line[strcspn(line, "\r\n")] = '\0';
		ind = strspn(line, " ");
		p = line + ind;
		if (*p == '\0' || *p == '#')
			continue;
		if (ind == 2 && p[strlen(p) - 1] == ':') {
			free(section);
			section = xstrndup(p, strlen(p) - 1);
		} else if (strncmp(p, "- description: \"", 16) == 0) {
			assert_non_null(section);
			vf->v = xreallocarray(vf->v, vf->n + 1,
			    sizeof(*vf->v));
			cur = &vf->v[vf->n++];
			cur->section = xstrdup(section);
			cur->desc = yaml_string(p + 16);
			cur->text = NULL;
			cur->expected = -1;
			cur->weighted = -1;
			cur->valid = -1;
		} else if (cur == NULL) {
			continue;
		} else if (strncmp(p, "text: \"", 7) == 0) {
			cur->text = yaml_string(p + 7);
		} else if (strcmp(p, "expected: true") == 0) {
			cur->expected = 1;
		} else if (strcmp(p, "expected: false") == 0) {
			cur->expected = 0;
		} else if (strncmp(p, "weightedLength: ", 16) == 0) {
			cur->weighted = strtol(p + 16, NULL, 10);
		} else if (strcmp(p, "valid: true") == 0) {
			cur->valid = 1;
		} else if (strcmp(p, "valid: false") == 0) {
			cur->valid = 0;
		}
	}
	fclose(fp);
	free(section);
}

static void
vfile_free(struct vfile *vf)
{
	size_t i;

	for (i = 0; i < vf->n; i++) {
		free(vf->v[i].section);
		free(vf->v[i].desc);
		free(vf->v[i].text);
	}
	free(vf->v);
}

/* True when s holds an emoji code point (pictograph, flag letter). */
static bool
has_emoji(const char *s)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;
	int bc;

	while (*s != '\0') {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		assert_true(n > 0);
		bc = utf8proc_get_property(c)->boundclass;
		if (bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
		    bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR ||
		    c == 0x20e3)
			return true;
		s += n;
	}
	return false;
}

/*
 * Every case of the twitter-text v3 counter sections: weightedLength via
 * text_count(COUNT_TWITTER) and valid via text_twitter_valid, both on the
 * NFC text as parseTweet counts it. WeightedTweetsCounterTest is the v2
 * configuration (emoji not discounted): only its cases without emoji
 * count the same in v3.
 */
static void
test_vectors_weighted_length(void **state)
{
	struct vfile vf;
	size_t i, ran = 0, bad = 0, got, v3 = 0;
	char *nfc;
	bool valid;

	(void)state;
	vfile_load(&vf);
	for (i = 0; i < vf.n; i++) {
		const struct vcase *c = &vf.v[i];

		if (strcmp(c->section, "WeightedTweetsCounterTest") == 0) {
			if (has_emoji(c->text))
				continue;
		} else if (strcmp(c->section,
		    "WeightedTweetsWithDiscountedEmojiCounterTest") == 0 ||
		    strcmp(c->section,
		    "UnicodeDirectionalMarkerCounterTest") == 0)
			v3++;
		else
			continue;
		assert_non_null(c->text);
		assert_true(c->weighted >= 0 && c->valid >= 0);
		nfc = text_nfc(c->text);
		assert_non_null(nfc);
		got = text_count(COUNT_TWITTER, nfc);
		valid = text_twitter_valid(nfc);
		if (got != (size_t)c->weighted || valid != (c->valid == 1)) {
			print_error("%s / %s: weightedLength %zu valid %d, "
			    "expected %ld %d\n", c->section, c->desc, got,
			    valid, c->weighted, c->valid);
			bad++;
		}
		free(nfc);
		ran++;
	}
	print_message("twitter-text weighted length: %zu cases (%zu v3)\n",
	    ran, v3);
	vfile_free(&vf);
	assert_true(v3 >= 20);
	assert_true(ran > v3);
	assert_int_equal(bad, 0);
}

/* True when text_find_urls finds exactly one URL: all of s. */
static bool
whole_url(const char *s)
{
	struct text_span *sp;
	size_t n = text_find_urls(s, &sp);
	bool r = n == 1 && sp[0].start == 0 && sp[0].end == strlen(s);

	free(sp);
	return r;
}

/*
 * The urls and urls_without_protocol cases. They test twitter-text's URL
 * validator; the extractor (what counting uses) agrees on all of them but
 * these, where it finds something else in the text by design.
 */
static const struct {
	const char	*desc;
	bool		 whole;	/* what the extractor gives */
} url_exceptions[] = {
	/* the extractor does not parse userinfo, IPs or [v6] hosts: */
	{ "Valid url: port and userinfo", false },
	{ "Valid url: ipv4", false },
	{ "Valid url: ipv6", false },
	/* it ends a query at a letter, digit or one of -_&=#/ (not '+') */
	{ "Valid url: sub delims and question marks", false },
};

static void
test_vectors_urls(void **state)
{
	struct vfile vf;
	size_t i, j, ran = 0, bad = 0;
	bool want, got;

	(void)state;
	vfile_load(&vf);
	for (i = 0; i < vf.n; i++) {
		const struct vcase *c = &vf.v[i];

		if (strcmp(c->section, "urls") != 0 &&
		    strcmp(c->section, "urls_without_protocol") != 0)
			continue;
		assert_true(c->expected == 0 || c->expected == 1);
		want = c->expected == 1;
		for (j = 0; j < sizeof(url_exceptions) /
		    sizeof(url_exceptions[0]); j++)
			if (strcmp(c->desc, url_exceptions[j].desc) == 0)
				want = url_exceptions[j].whole;
		got = whole_url(c->text);
		if (got != want) {
			print_error("%s: whole URL %d, expected %d\n",
			    c->desc, got, want);
			bad++;
		}
		ran++;
	}
	print_message("twitter-text URL cases: %zu\n", ran);
	vfile_free(&vf);
	assert_true(ran >= 25);
	assert_int_equal(bad, 0);
}

static void
test_valid_utf8(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(text_valid_utf8("", 0, &bad));
	assert_true(text_valid_utf8("abc \xc3\xa9 \xe4\xb8\x96 \xf0\x9f\x8c\x8d",
	    15, &bad));
	assert_int_equal(bad, 99);	/* untouched */
	assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf", 4, NULL)); /* 10FFFF */
	assert_true(text_valid_utf8("\xed\x9f\xbf", 3, NULL));	/* D7FF */
	/* overlong forms */
	assert_false(text_valid_utf8("ab\xc0\xaf", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(text_valid_utf8("\xe0\x80\xaf", 3, &bad));
	assert_int_equal(bad, 0);
	assert_false(text_valid_utf8("x\xf0\x80\x80\xaf", 5, &bad));
	assert_int_equal(bad, 1);
	/* surrogates */
	assert_false(text_valid_utf8("abc\xed\xa0\x80", 6, &bad));
	assert_int_equal(bad, 3);
	assert_false(text_valid_utf8("\xed\xbf\xbf", 3, &bad));
	assert_int_equal(bad, 0);
	/* above U+10FFFF */
	assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4, &bad));
	assert_int_equal(bad, 0);
	assert_false(text_valid_utf8("a\xf5\x80\x80\x80", 5, &bad));
	assert_int_equal(bad, 1);
	/* truncated, stray continuation, bad continuation */
	assert_false(text_valid_utf8("ok\xe4\xb8", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(text_valid_utf8("\x80", 1, &bad));
	assert_int_equal(bad, 0);
	assert_false(text_valid_utf8("\xc3\xa9\xc3(", 4, &bad));
	assert_int_equal(bad, 2);
	/* len is respected: the bad byte after it is not looked at */
	assert_true(text_valid_utf8("abc\xff", 3, NULL));
}

static void
test_nfc(void **state)
{
	char *s;

	(void)state;
	s = text_nfc("cafe\xcc\x81");	/* e + combining acute */
	assert_string_equal(s, "caf\xc3\xa9");
	free(s);
	s = text_nfc("");
	assert_string_equal(s, "");
	free(s);
	/* U+FB2C is excluded from composition: three code points */
	s = text_nfc("\xef\xac\xac");
	assert_string_equal(s, "\xd7\xa9\xd6\xbc\xd7\x81");
	free(s);
	s = text_nfc("\xe1\x84\x80\xe1\x85\xa1");	/* Hangul L V -> GA */
	assert_string_equal(s, "\xea\xb0\x80");
	free(s);
	assert_null(text_nfc("bad \xed\xa0\x80 surrogate"));
	assert_null(text_nfc("\xc0\xaf"));
}

/*
 * text_nfc normalises only the runs around characters that are not stable
 * (text.c); the whole text normalised by utf8proc at once must be the
 * same: marks after ASCII, after emoji and after other marks, Hangul jamo
 * after syllables, variation selectors, characters excluded from
 * composition, at the start, in the middle and at the end of a text.
 */
static void
test_nfc_pieces(void **state)
{
	static const char *const texts[] = {
		"\xcc\x81 starts with a mark",
		"ends with a mark e\xcc\x81",
		"Zu\xcc\x88rich, caf\xc3\xa9 and cafe\xcc\x81 \xf0\x9f\x9a\x80 "
		    "then o\xcc\x88\xcc\xa3 and o\xcc\xa3\xcc\x88 "
		    "(marks out of order)",
		"\xf0\x9f\x8f\x9b\xef\xb8\x8f and \xe2\x9a\x93\xcc\x81 "
		    "(a mark after an emoji)",
		"\xea\xb0\x80\xe1\x86\xa8 \xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 "
		    "\xea\xb0\x80 (Hangul LV + T, L + V + T)",
		"\xe0\xad\x87\xe0\xac\xbe \xe0\xaf\x86\xe0\xaf\x97 "
		    "(vowel signs that compose)",
		"\xef\xac\xac \xe0\xa5\x98 \xe2\xab\x9d\xcc\xb8 \xcd\x84 "
		    "\xe2\x84\xab \xe6\x97\xa5\xe6\x9c\xac (exclusions, singletons)",
		"a\xcc\x8a\xcc\x81\xcc\xa3\xcc\x95\xcd\x9c b",
	};
	char *a, *b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		a = text_nfc(texts[i]);
		b = (char *)utf8proc_NFC((const utf8proc_uint8_t *)texts[i]);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

/* A text counted again, under another counter or changed in place, is
 * counted anew (text.c remembers the last count by the text's bytes). */
static void
test_count_again(void **state)
{
	char s[] = "see example.org/x now";

	(void)state;
	assert_int_equal(text_count(COUNT_TWITTER, s), 4 + 23 + 4);
	assert_int_equal(text_count(COUNT_TWITTER, s), 4 + 23 + 4);
	assert_int_equal(text_count(COUNT_MASTODON, s), strlen(s));
	assert_int_equal(text_count(COUNT_GRAPHEMES, s), strlen(s));
	memcpy(s + 12, "zzz", 3);	/* example.zzz: no such TLD */
	assert_int_equal(text_count(COUNT_TWITTER, s), strlen(s));
	assert_true(text_twitter_valid(s));
	s[0] = '\0';
	assert_int_equal(text_count(COUNT_TWITTER, s), 0);
	assert_false(text_twitter_valid(s));
}

static void
test_counters_plain(void **state)
{
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6";
	char *s;

	(void)state;
	assert_int_equal(text_codepoints("Hello \xe4\xb8\x96\xe7\x95\x8c"), 8);
	assert_int_equal(text_graphemes("Hello \xe4\xb8\x96\xe7\x95\x8c"), 8);
	assert_int_equal(text_codepoints(family), 7);
	assert_int_equal(text_graphemes(family), 1);
	assert_int_equal(text_count(COUNT_CODEPOINTS, family), 7);
	assert_int_equal(text_count(COUNT_GRAPHEMES, family), 1);
	assert_int_equal(text_count(COUNT_BYTES, family), 25);
	assert_int_equal(text_codepoints(""), 0);
	assert_int_equal(text_graphemes(""), 0);
	assert_int_equal(text_count(COUNT_TWITTER, ""), 0);
	/* flags and keycaps are one cluster each */
	assert_int_equal(text_graphemes("\xf0\x9f\x87\xba\xf0\x9f\x87\xa6"
	    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"), 2);	/* UA FR */
	assert_int_equal(text_graphemes("1\xef\xb8\x8f\xe2\x83\xa3!"), 2);
	/* decomposed é: 2 code points, 1 grapheme */
	assert_int_equal(text_codepoints("e\xcc\x81"), 2);
	assert_int_equal(text_graphemes("e\xcc\x81"), 1);
	/* threads: an emoji counts its UTF-8 bytes, the rest code points */
	assert_int_equal(text_count(COUNT_THREADS, family), 25);
	assert_int_equal(text_count(COUNT_THREADS, "Moon \xf0\x9f\x8c\x95!"),
	    10);
	assert_int_equal(text_count(COUNT_THREADS, "caf\xc3\xa9 \xe2\x80\xa6"),
	    6);
	assert_int_equal(text_count(COUNT_THREADS,
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), 8);	/* thumbs up, tone */
	/* © without FE0F is text; with it, an emoji */
	assert_int_equal(text_count(COUNT_THREADS, "\xc2\xa9 1969"), 6);
	assert_int_equal(text_count(COUNT_THREADS, "\xc2\xa9\xef\xb8\x8f"), 5);
	/* the notes' vectors: 78 bytes, 75 code points, one 4-byte emoji */
	assert_int_equal(text_count(COUNT_THREADS, "1969: Apollo 11 lands. "
	    "Read more: https://en.wikipedia.org/wiki/Apollo_11 "
	    "\xf0\x9f\x9a\x80"), 78);
	/* the arrow is no emoji: 45 code points and the globe's 4 bytes */
	assert_int_equal(text_count(COUNT_THREADS, "D\xc3\xad" "a de la Tierra "
	    "\xf0\x9f\x8c\x8d \xe2\x86\x92 https://example.org/earth"), 49);
	/* a flag: two regional indicators, 8 bytes */
	assert_int_equal(text_count(COUNT_THREADS, "Visit example.org now "
	    "\xf0\x9f\x87\xaa\xf0\x9f\x87\xb8"), 30);
	/* a keycap (1 FE0F 20E3): 1 + 3 + 3 bytes */
	assert_int_equal(text_count(COUNT_THREADS, "1\xef\xb8\x8f\xe2\x83\xa3"),
	    7);
	/* a ZWJ sequence with a skin tone: woman (tone) ZWJ laptop, 15 */
	assert_int_equal(text_count(COUNT_THREADS, "\xf0\x9f\x91\xa9"
	    "\xf0\x9f\x8f\xbd\xe2\x80\x8d\xf0\x9f\x92\xbb"), 15);
	/* combining accents are code points, not bytes: e + 2 accents */
	assert_int_equal(text_count(COUNT_THREADS, "e\xcc\x81\xcc\x81"), 3);
	/* CJK and right-to-left text: code points */
	assert_int_equal(text_count(COUNT_THREADS, "Hello \xe4\xb8\x96"
	    "\xe7\x95\x8c"), 8);
	assert_int_equal(text_count(COUNT_THREADS, "\xd7\xa9\xd7\x9c\xd7\x95"
	    "\xd7\x9d \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"), 9);
	/* a URL counts its characters, the punctuation after it too */
	assert_int_equal(text_count(COUNT_THREADS,
	    "See https://example.org/a?b=1)."), 31);
	/* text meant as text (FE0E) is not an emoji */
	assert_int_equal(text_count(COUNT_THREADS, "\xe2\x98\x83\xef\xb8\x8e"),
	    2);
	/* mastodon: graphemes, and a URL with a scheme is 23 */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "Read https://example.org/a/very/long/path?x=1 now"), 32);
	assert_int_equal(text_count(COUNT_MASTODON, family), 1);
	assert_int_equal(text_count(COUNT_MASTODON,
	    "caf\xc3\xa9 https://x.org"), 28);
	/* ... but not a bare domain, which Mastodon does not link */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "see averyveryveryverylongdomainname.com"), 39);
	s = xasprintf("%s %s", family, "https://example.org/earth");
	assert_int_equal(text_count(COUNT_MASTODON, s), 25);
	free(s);
}

/* Mastodon's count: grapheme clusters, a URL with a scheme as 23 (none
 * without), "@user@domain" as "@user". */
static void
test_mastodon_count(void **state)
{
	char *s, *x;

	(void)state;
	/* the vectors of docs/platforms.md */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "Read https://example.org/a/very/long/path?x=1 now"), 32);
	assert_int_equal(text_count(COUNT_MASTODON,
	    "Visit example.org now \xf0\x9f\x87\xaa\xf0\x9f\x87\xb8"), 23);
	x = xmalloc(478);
	memset(x, 'x', 477);
	x[477] = '\0';
	assert_int_equal(text_count(COUNT_MASTODON, x), 477);
	x[476] = '\0';
	s = xasprintf("%s https://example.org/", x);
	assert_int_equal(text_count(COUNT_MASTODON, s), 500);
	free(s);
	free(x);
	/* mentions: the domain counts nothing */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "hi @alice@mastodon.social!"), 10);
	assert_int_equal(text_count(COUNT_MASTODON, "hi @alice"), 9);
	assert_int_equal(text_count(COUNT_MASTODON,
	    "@a.b-c@sub.example.org."), 7);
	/* not a mention: after a word, '=' or '/'; a second '@' after */
	assert_int_equal(text_count(COUNT_MASTODON, "x@alice@b.org"), 13);
	assert_int_equal(text_count(COUNT_MASTODON, "=@alice@b.org"), 13);
	assert_int_equal(text_count(COUNT_MASTODON, "@alice@b.org@c"), 14);
	/* a mention inside a URL is the URL's */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "https://mastodon.social/@alice@b.org x"), 25);
	/* a domain of any script */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "@bob@\xc3\xa9t\xc3\xa9.fr ok"), 7);
	/* emoji sequences: a family, a flag, a skin tone, a keycap */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7 \xf0\x9f\x87\xaa\xf0\x9f\x87\xb8 "
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd 1\xef\xb8\x8f\xe2\x83\xa3"), 7);
	/* combining accents: e + U+0301 + U+0323 is one */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "e\xcc\x81\xcc\xa3 a\xcc\x8a"), 3);
	/* CJK: one each */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "\xe6\x9c\x88\xe9\x9d\xa2\xe7\x9d\x80\xe9\x99\xb8"), 4);
	/* right to left: Hebrew and Arabic letters, one each */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd8\xb3\xd9\x84\xd8\xa7"
	    "\xd9\x85"), 9);
	/* a URL followed by punctuation: the punctuation is not the URL's */
	assert_int_equal(text_count(COUNT_MASTODON,
	    "(see https://example.org/moon)."), 30);
	assert_int_equal(text_count(COUNT_MASTODON,
	    "https://example.org/a, https://example.org/b!"), 49);
}

/* The X counter's worked examples: derived here, and vector cases. */
static void
test_twitter_derived(void **state)
{
	(void)state;
	assert_int_equal(text_count(COUNT_TWITTER,
	    "Hello \xe4\xb8\x96\xe7\x95\x8c"), 10);
	assert_int_equal(text_count(COUNT_TWITTER, "caf\xc3\xa9"), 4);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "On this day\xe2\x80\xa6"), 13);
	assert_int_equal(text_count(COUNT_TWITTER, "Price: 5\xe2\x82\xac"), 10);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x94 dash"), 15);
	assert_int_equal(text_count(COUNT_TWITTER, "Hi http://test.co"), 26);
	assert_int_equal(text_count(COUNT_TWITTER, "http://test.co"), 23);
	/* a scheme-less domain with a known TLD is a URL too */
	assert_int_equal(text_count(COUNT_TWITTER,
	    "see example.com and foo.co.jp"), 4 + 23 + 5 + 23);
	/* an unknown TLD is not */
	assert_int_equal(text_count(COUNT_TWITTER, "see example.zzz"), 15);
	/* a label over 63 characters is not a URL */
	assert_int_equal(text_count(COUNT_TWITTER,
	    "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls"
	    ".com"), 68);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurl"
	    ".com"), 23);
	/* © alone weighs 1 (U+00A9); © FE0F is an emoji (2) */
	assert_int_equal(text_count(COUNT_TWITTER, "\xc2\xa9 1969"), 6);
	assert_int_equal(text_count(COUNT_TWITTER, "\xc2\xa9\xef\xb8\x8f"), 2);
	/* keycap, flag, skin tone, ZWJ sequence: 2 each */
	assert_int_equal(text_count(COUNT_TWITTER, "#\xef\xb8\x8f\xe2\x83\xa3"),
	    2);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6 Kyiv"), 7);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), 2);
	assert_int_equal(text_count(COUNT_TWITTER,
	    "\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88"), 2);
	/* text presentation (FE0E) is not an emoji: 2 + 2 */
	assert_int_equal(text_count(COUNT_TWITTER, "\xe2\x98\xba\xef\xb8\x8e"),
	    4);
	/* validity */
	assert_false(text_twitter_valid(""));
	assert_true(text_twitter_valid(" "));
	assert_true(text_twitter_valid("Hello"));
	assert_false(text_twitter_valid("a\xef\xbb\xbf"));	/* FEFF */
	assert_false(text_twitter_valid("a\xef\xbf\xbe"));	/* FFFE */
	assert_false(text_twitter_valid("a\xef\xbf\xbf"));	/* FFFF */
}

/* A string of n copies of unit. */
static char *
repeat(const char *unit, size_t n)
{
	struct buf b = BUF_INIT;

	while (n-- > 0)
		buf_adds(&b, unit);
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

static void
test_twitter_limits(void **state)
{
	char *s;

	(void)state;
	s = repeat("\xe6\x95\x85", 140);	/* CJK */
	assert_int_equal(text_count(COUNT_TWITTER, s), 280);
	assert_true(text_twitter_valid(s));
	free(s);
	s = repeat("\xe6\x95\x85", 141);
	assert_int_equal(text_count(COUNT_TWITTER, s), 282);
	assert_false(text_twitter_valid(s));
	free(s);
	s = repeat("https://www.twitter.com/aloha ", 10);
	assert_int_equal(text_count(COUNT_TWITTER, s), 240);
	free(s);
	s = repeat("x", 280);
	assert_true(text_twitter_valid(s));
	free(s);
	s = repeat("x", 281);
	assert_false(text_twitter_valid(s));
	free(s);
}

/* The spans text_find_urls finds in s, as "start-end start-end". */
static char *
spans(const char *s)
{
	struct text_span *sp;
	struct buf b = BUF_INIT;
	size_t i, n = text_find_urls(s, &sp);

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%zu-%zu", i ? " " : "", sp[i].start,
		    sp[i].end);
	if (n == 0)
		assert_null(sp);
	free(sp);
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

/* Checks the spans of the URLs in text against want. */
static void
assert_spans(const char *text, const char *want)
{
	char *got = spans(text);

	if (strcmp(got, want) != 0)
		fail_msg("URLs of \"%s\": \"%s\", want \"%s\"", text, got,
		    want);
	free(got);
}

static void
test_find_urls(void **state)
{
	char *aaa, *t;

	(void)state;
	/* UTF-8 byte offsets */
	assert_spans("D\xc3\xad" "a de la Tierra \xf0\x9f\x8c\x8d \xe2\x86\x92 "
	    "https://example.org/earth", "27-52");
	assert_spans("1969: Apollo 11 lands. Read more: "
	    "https://en.wikipedia.org/wiki/Apollo_11 \xf0\x9f\x9a\x80",
	    "34-73");
	assert_spans("no links here", "");
	assert_spans("", "");
	assert_spans("Hi http://test.co", "3-17");
	assert_spans("example.com", "0-11");
	assert_spans("www.example.com/path?q=1.", "0-24");
	/* trailing punctuation stays outside */
	assert_spans("(see https://example.org/a_b).", "5-28");
	assert_spans("Wikipedia: https://en.wikipedia.org/wiki/Primer_(film)!",
	    "11-54");
	assert_spans("http://example.com/foo. Next", "0-22");
	/* two URLs side by side, a comma between */
	assert_spans("http://a.com,http://b.com", "0-12 13-25");
	/* case does not matter, nor does a port */
	assert_spans("HTTPS://www.ExaMPLE.COM:8080/index.html", "0-39");
	/* schemes other than http(s) are not linked, nor is what follows */
	assert_spans("ftp://www.example.com/", "");
	/* scheme-less: not after - _ . / */
	assert_spans("foo/example.com", "");
	assert_spans("me@example.com", "");
	/* a non-ASCII domain needs a scheme; bare, only ASCII parts count */
	assert_spans("http://\xe2\x98\x83.net/", "0-15");
	assert_spans("\xe2\x98\x83.net", "");
	/* t.co: no extra path */
	assert_spans("https://t.co/abc123/more", "0-19");
	/* the TLD must end the domain */
	assert_spans("example.comx", "");
	assert_spans("example.com-foo", "");
	assert_spans("example.com_foo", "0-11");
	/* a unicode TLD, between directional marks */
	assert_spans("\xe2\x81\xa6\xe2\x80\xaahttp://foobar."
	    "\xd9\xbe\xd8\xa7\xda\xa9\xd8\xb3\xd8\xaa\xd8\xa7\xd9\x86/"
	    "\xe2\x80\xac\xe2\x81\xa9", "6-35");
	/* underscores in a subdomain, not in the domain name */
	assert_spans("http://test_underscore.twitter.com", "0-34");
	assert_spans("http://domain_dash.com", "");
	assert_spans("a.b.c.d", "");
	/* a subdomain may not start or end with '-' or '_'; then the bare
	   rest of it follows a '-', '_' or '.' and is not a URL either */
	assert_spans("go http://-x.example.com http://x_.example.com", "");
	/* path and query endings */
	assert_spans("see http://example.com/path.... now", "4-27");
	assert_spans("see http://example.com/dir/!!!", "4-27");
	assert_spans("see http://example.com/a+ and http://example.com/a-",
	    "4-25 30-51");
	assert_spans("http://example.com/find?q=a+b&x=1, then", "0-33");
	assert_spans("http://example.com/x?+", "0-20");
	assert_spans("http://example.com:8080?#top", "0-28");
	assert_spans("http://example.com/wiki/A_(B_(C))/x", "0-35");
	assert_spans("http://example.com/wiki/A_(B", "0-26");
	/* t.co links end after the slug */
	assert_spans("http://t.co/AbC123's http://t.co/xyz: http://t.co/q?x=1",
	    "0-18 21-36 38-55");
	/* never after $ # or @; a TLD before an @ does not end a domain */
	assert_spans("$example.com #example.com @example.com", "");
	assert_spans("name.surname.gov@example.org", "");
	/* bare domains around CJK text, and several in one domain */
	assert_spans("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" "example.com"
	    "\xe4\xb8\xad\xe5\x9b\xbd" "example.org/x", "9-20 26-39");
	/* unicode TLDs and punycode */
	assert_spans("http://foobar.\xe4\xb8\xad\xe5\x9b\xbd/ ok", "0-21");
	assert_spans("http://xn--ls8h.XN--LS8H.la/", "0-28");
	assert_spans("ELPA\xc3\x8dS.com", "0-11");
	/* a short ccTLD domain without a path is a URL too (twitter-text 3) */
	assert_spans("it.so foo.jp", "0-5 6-12");
	/* newlines separate */
	assert_spans("http://a.com\nb.org/x\n", "0-12 13-20");
	/* a long label in the path is fine; in the host 63 is the most */
	aaa = repeat("a", 64);
	t = xasprintf("http://example.com/%s", aaa);
	assert_spans(t, "0-83");
	free(t);
	t = xasprintf("http://%s.com", aaa);
	assert_spans(t, "");
	free(t);
	t = xasprintf("http://%s.com", aaa + 1);
	assert_spans(t, "0-74");
	free(t);
	free(aaa);
	/* a CJK host label (its punycode form is what the 63 limit is on;
	   the weighted-length vectors test that edge) */
	assert_spans("http://\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86.com", "0-20");
}

/* text_cut_words(s, c, max), compared with want, which must fit. */
static void
check_cut(const char *s, enum text_counter c, size_t max, const char *want)
{
	char *r = text_cut_words(s, c, max);

	if (strcmp(r, want) != 0)
		fail_msg("cut(\"%s\", %d, %zu) = \"%s\", want \"%s\"", s, c,
		    max, r, want);
	assert_true(text_count(c, r) <= max);
	free(r);
}

static void
test_cut_words(void **state)
{
	const char *fam = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2"
	    "\x80\x8d\xf0\x9f\x91\xa7";		/* man woman girl, ZWJ */
	const char *cjk = "\xe6\x95\x85\xe4\xba\xba\xe8\xa5\xbf\xe8\xbe\x9e"
	    "\xe9\xbb\x84\xe9\xb9\xa4\xe6\xa5\xbc\xef\xbc\x8c\xe7\x83\x9f"
	    "\xe8\x8a\xb1\xe4\xb8\x89\xe6\x9c\x88";
	char *s;

	(void)state;
	/* fits: a copy */
	check_cut("Hello world", COUNT_CODEPOINTS, 11, "Hello world");
	check_cut("", COUNT_TWITTER, 0, "");
	/* not even "…" fits */
	check_cut("Hello world", COUNT_CODEPOINTS, 0, "");
	check_cut("Hello world", COUNT_TWITTER, 1, "");
	check_cut("Hello world", COUNT_BYTES, 2, "");
	/* word boundary */
	check_cut("Hello world again", COUNT_CODEPOINTS, 16,
	    "Hello world\xe2\x80\xa6");
	check_cut("Hello world again", COUNT_CODEPOINTS, 12,
	    "Hello world\xe2\x80\xa6");
	check_cut("Hello world again", COUNT_CODEPOINTS, 11,
	    "Hello\xe2\x80\xa6");
	/* trailing punctuation and spaces go before the "…" */
	check_cut("One, two; three.", COUNT_CODEPOINTS, 12,
	    "One, two\xe2\x80\xa6");
	check_cut("Wait...  what now", COUNT_CODEPOINTS, 13,
	    "Wait\xe2\x80\xa6");
	check_cut("He said (wow) then left", COUNT_CODEPOINTS, 18,
	    "He said (wow\xe2\x80\xa6");
	/* words joined by ' . , stay whole */
	check_cut("Stalin's faction won", COUNT_CODEPOINTS, 12,
	    "Stalin's\xe2\x80\xa6");
	check_cut("Pi is 3.14159 roughly", COUNT_CODEPOINTS, 15,
	    "Pi is 3.14159\xe2\x80\xa6");
	check_cut("Pi is 3.14159 roughly", COUNT_CODEPOINTS, 13,
	    "Pi is\xe2\x80\xa6");
	check_cut("About 1,000 people", COUNT_CODEPOINTS, 14,
	    "About 1,000\xe2\x80\xa6");
	/* a hyphen is a boundary */
	check_cut("A well-known fact", COUNT_CODEPOINTS, 9,
	    "A well\xe2\x80\xa6");
	/* the first word does not fit: grapheme boundary */
	check_cut("Supercalifragilistic expialidocious", COUNT_CODEPOINTS, 10,
	    "Supercali\xe2\x80\xa6");
	check_cut("Supercalifragilistic", COUNT_GRAPHEMES, 1, "\xe2\x80\xa6");
	check_cut("(Supercalifragilistic)", COUNT_CODEPOINTS, 2,
	    "\xe2\x80\xa6");
	/* accents: NFC and decomposed, never splitting e + U+0301 */
	check_cut("Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\x65",
	    COUNT_CODEPOINTS, 12, "Caf\xc3\xa9 cr\xc3\xa8me\xe2\x80\xa6");
	check_cut("Cafe\xcc\x81 au lait", COUNT_GRAPHEMES, 9,
	    "Cafe\xcc\x81 au\xe2\x80\xa6");
	check_cut("Cafe\xcc\x81 au lait", COUNT_CODEPOINTS, 8,
	    "Cafe\xcc\x81\xe2\x80\xa6");
	check_cut("Cafe\xcc\x81\xcc\x81\xcc\x81", COUNT_CODEPOINTS, 5,
	    "Caf\xe2\x80\xa6");
	check_cut("Cafe\xcc\x81\xcc\x81\xcc\x81", COUNT_GRAPHEMES, 3,
	    "Ca\xe2\x80\xa6");
	/* emoji ZWJ sequences and flags are not split (half a flag would
	   fit in 15 bytes) */
	s = xasprintf("Family %s%s day", fam, fam);
	check_cut(s, COUNT_TWITTER, 11, "Family\xe2\x80\xa6");
	free(s);
	s = xasprintf("%s%s%s", fam, fam, fam);
	{
		char *want = xasprintf("%s\xe2\x80\xa6", fam);

		check_cut(s, COUNT_TWITTER, 5, want);
		check_cut(s, COUNT_GRAPHEMES, 2, want);
		/* threads: 18 bytes + "…" */
		check_cut(s, COUNT_THREADS, 20, want);
		check_cut(s, COUNT_THREADS, 18, "\xe2\x80\xa6");
		free(want);
	}
	free(s);
	check_cut("\xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xf0\x9f\x87\xab"
	    "\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", COUNT_GRAPHEMES,
	    2, "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xe2\x80\xa6");
	check_cut("\xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xf0\x9f\x87\xab"
	    "\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", COUNT_BYTES,
	    15, "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xe2\x80\xa6");
	/* CJK without spaces: each character is a word, weight 2 */
	check_cut(cjk, COUNT_TWITTER, 20,
	    "\xe6\x95\x85\xe4\xba\xba\xe8\xa5\xbf\xe8\xbe\x9e\xe9\xbb\x84"
	    "\xe9\xb9\xa4\xe6\xa5\xbc\xef\xbc\x8c\xe7\x83\x9f\xe2\x80\xa6");
	/* ... and the full-width comma is dropped before the "…" */
	check_cut(cjk, COUNT_TWITTER, 17,
	    "\xe6\x95\x85\xe4\xba\xba\xe8\xa5\xbf\xe8\xbe\x9e\xe9\xbb\x84"
	    "\xe9\xb9\xa4\xe6\xa5\xbc\xe2\x80\xa6");
	check_cut(cjk, COUNT_CODEPOINTS, 3,
	    "\xe6\x95\x85\xe4\xba\xba\xe2\x80\xa6");
	/* twitter weights: "…" is 2, € is 2 */
	check_cut("Price: 5\xe2\x82\xac each, today", COUNT_TWITTER, 12,
	    "Price: 5\xe2\x82\xac\xe2\x80\xa6");
	check_cut("Price: 5\xe2\x82\xac each, today", COUNT_TWITTER, 11,
	    "Price\xe2\x80\xa6");
	/* a URL counts 23 and is not cut at its inner boundaries */
	check_cut("Read https://en.wikipedia.org/wiki/Apollo_11 today please",
	    COUNT_TWITTER, 36,
	    "Read https://en.wikipedia.org/wiki/Apollo_11 today\xe2\x80\xa6");
	check_cut("Read https://en.wikipedia.org/wiki/Apollo_11 today please",
	    COUNT_TWITTER, 30,
	    "Read https://en.wikipedia.org/wiki/Apollo_11\xe2\x80\xa6");
	check_cut("Read https://en.wikipedia.org/wiki/Apollo_11 today please",
	    COUNT_TWITTER, 29, "Read\xe2\x80\xa6");
	check_cut("Read https://en.wikipedia.org/wiki/Apollo_11 today please",
	    COUNT_MASTODON, 30,
	    "Read https://en.wikipedia.org/wiki/Apollo_11\xe2\x80\xa6");
	/* a long text, cut once */
	s = repeat("revolution ", 60);
	check_cut(s, COUNT_TWITTER, 100, "revolution revolution revolution "
	    "revolution revolution revolution revolution revolution "
	    "revolution\xe2\x80\xa6");
	free(s);
}

/* text_cut_prose(s, c, max), compared with want and where. */
static void
check_prose(const char *s, size_t max, const char *want,
    enum text_cut_at want_at)
{
	enum text_cut_at at;
	char *r = text_cut_prose(s, COUNT_CODEPOINTS, max, &at);

	if (strcmp(r, want) != 0 || at != want_at)
		fail_msg("prose(\"%s\", %zu) = \"%s\" (%d), want \"%s\" (%d)",
		    s, max, r, (int)at, want, (int)want_at);
	assert_true(text_count(COUNT_CODEPOINTS, r) <= max);
	free(r);
}

static void
test_cut_prose(void **state)
{
	const char *war = "The war began. Prussia won the Franco-Prussian "
	    "War in 1871, and 1,000 men died.";

	(void)state;
	/* fits: a copy, not cut */
	check_prose("Short.", 6, "Short.", TEXT_CUT_NONE);
	/* a sentence end that keeps at least half the room: no "…" */
	check_prose(war, 28, "The war began.", TEXT_CUT_SENTENCE);
	/* exactly half the room is enough; less is not */
	check_prose("One two three. Four five six seven eight nine.", 28,
	    "One two three.", TEXT_CUT_SENTENCE);
	check_prose("One two three. Four five six seven eight nine.", 29,
	    "One two three. Four five six\xe2\x80\xa6", TEXT_CUT_WORD);
	check_prose("He asked \"why?\" Then he left the room.", 30,
	    "He asked \"why?\"", TEXT_CUT_SENTENCE);
	/* less than half the room: a word boundary instead */
	check_prose(war, 40, "The war began. Prussia won\xe2\x80\xa6",
	    TEXT_CUT_WORD);
	/* never inside a hyphenated word: "Franco-" is no end (the word
	   cutter would end on "Franco…") */
	check_prose("Bismarck won Franco-Prussian peace talks.", 25,
	    "Bismarck won\xe2\x80\xa6", TEXT_CUT_WORD);
	check_cut("Bismarck won Franco-Prussian peace talks.",
	    COUNT_CODEPOINTS, 25, "Bismarck won Franco\xe2\x80\xa6");
	check_prose(war, 50, "The war began. Prussia won the Franco-Prussian"
	    "\xe2\x80\xa6", TEXT_CUT_WORD);
	/* nor inside a number */
	check_prose("Troops: 1,000 more. And 3.5 tonnes of grain came.", 13,
	    "Troops\xe2\x80\xa6", TEXT_CUT_WORD);
	check_prose("It weighed 3.5 tonnes in all that spring.", 14,
	    "It weighed\xe2\x80\xa6", TEXT_CUT_WORD);
	check_prose("The 1870-71 siege of Paris ended.", 10,
	    "The\xe2\x80\xa6", TEXT_CUT_WORD);
	/* a dangling function word moves back to the word before it */
	check_prose("Bismarck edited the telegram from Ems.", 24,
	    "Bismarck edited\xe2\x80\xa6", TEXT_CUT_WORD);
	check_prose("A hero of the siege of Paris.", 22,
	    "A hero of the siege\xe2\x80\xa6", TEXT_CUT_WORD);
	/* initials and abbreviations end no sentence */
	check_prose("U.S. troops landed at St. Louis on the river bank.", 32,
	    "U.S. troops landed at St. Louis\xe2\x80\xa6", TEXT_CUT_WORD);
	check_prose("Gen. Grant won. The South lost the war at last.", 22,
	    "Gen. Grant won.", TEXT_CUT_SENTENCE);
	/* only function words: the nearest boundary all the same */
	check_prose("Of the and to", 8, "Of the\xe2\x80\xa6", TEXT_CUT_WORD);
	/* not even "…" fits */
	check_prose("Hello world", 0, "", TEXT_CUT_DROPPED);
}

static void
test_linkedin_escape(void **state)
{
	char *s;

	(void)state;
	/* LinkedIn escaping */
	s = text_linkedin_escape("Apollo 11 (1969) [NASA] *first* a_b ~ <3 "
	    "@home #space \\o/", false);
	assert_string_equal(s, "Apollo 11 \\(1969\\) \\[NASA\\] \\*first\\* "
	    "a\\_b \\~ \\<3 \\@home \\#space \\\\o/");
	free(s);
	s = text_linkedin_escape("Apollo 11 (1969) [NASA] *first* a_b ~ <3 "
	    "@home #space \\o/", true);
	assert_string_equal(s, "Apollo 11 \\(1969\\) \\[NASA\\] \\*first\\* "
	    "a\\_b \\~ \\<3 \\@home #space \\\\o/");
	free(s);
	s = text_linkedin_escape("{x|y} > z", false);
	assert_string_equal(s, "\\{x\\|y\\} \\> z");
	free(s);
	/* a hashtag keeps its '#', the rest of it is still escaped */
	s = text_linkedin_escape("#space_x #_a #1969 #\xc3\xa9t\xc3\xa9 a#b "
	    "# #( ##x", true);
	assert_string_equal(s, "#space\\_x #\\_a #1969 #\xc3\xa9t\xc3\xa9 "
	    "a\\#b \\# \\#\\( \\##x");
	free(s);
	/* URLs are left as they are */
	s = text_linkedin_escape("See https://example.org/a_b_(c)#x "
	    "and example.com/x_y (ok)", true);
	assert_string_equal(s, "See https://example.org/a_b_(c)#x "
	    "and example.com/x_y \\(ok\\)");
	free(s);
	s = text_linkedin_escape("", true);
	assert_string_equal(s, "");
	free(s);
	s = text_linkedin_escape("plain caf\xc3\xa9", false);
	assert_string_equal(s, "plain caf\xc3\xa9");
	free(s);
}

static void
test_hashtags_mentions(void **state)
{
	(void)state;
	assert_int_equal(text_count_hashtags(""), 0);
	assert_int_equal(text_count_hashtags("#OnThisDay #History"), 2);
	assert_int_equal(text_count_hashtags("(#tag) #1969 #_x #\xc3\xa9t\xc3\xa9"),
	    4);
	/* not at a word start, or nothing after it */
	assert_int_equal(text_count_hashtags("a#b # #! &#"), 0);
	/* inside a URL: not a hashtag */
	assert_int_equal(text_count_hashtags("https://example.org/#top #real"),
	    1);
	assert_int_equal(text_count_mentions("@nasa and @esa_int, "
	    "mail me@example.com"), 2);
	assert_int_equal(text_count_mentions("@ @! a@b"), 0);
	assert_int_equal(text_count_mentions("http://example.com/@user/ @x"), 1);
}

/* Counting is linear: a long text with URLs and emoji counts quickly. */
static void
test_long_text(void **state)
{
	char *s, *r;

	(void)state;
	s = repeat("\xe6\x95\x85 a.b.c.d.e example.com \xf0\x9f\x91\x8d. ",
	    20000);
	assert_int_equal(text_count(COUNT_TWITTER, s),
	    20000 * (2 + 1 + 9 + 1 + 23 + 1 + 2 + 2));
	assert_int_equal(text_count(COUNT_MASTODON, s),
	    20000 * (1 + 1 + 9 + 1 + 11 + 1 + 1 + 2));
	/* six units (41 each), then "故 a.b.c.d.e…" (14); the URL does
	   not fit */
	r = text_cut_words(s, COUNT_TWITTER, 280);
	assert_int_equal(text_count(COUNT_TWITTER, r), 6 * 41 + 14);
	free(r);
	free(s);
	s = repeat("\xe6\x95\x85", 100000);
	r = text_cut_words(s, COUNT_TWITTER, 280);
	assert_int_equal(text_count(COUNT_TWITTER, r), 280);
	free(r);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_weighted_length),
		cmocka_unit_test(test_cut_prose),
		cmocka_unit_test(test_vectors_urls),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_pieces),
		cmocka_unit_test(test_count_again),
		cmocka_unit_test(test_counters_plain),
		cmocka_unit_test(test_twitter_derived),
		cmocka_unit_test(test_mastodon_count),
		cmocka_unit_test(test_twitter_limits),
		cmocka_unit_test(test_find_urls),
		cmocka_unit_test(test_cut_words),
		cmocka_unit_test(test_linkedin_escape),
		cmocka_unit_test(test_hashtags_mentions),
		cmocka_unit_test(test_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
