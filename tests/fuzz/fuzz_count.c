/*
 * Fuzz target: the text functions on valid UTF-8 (other inputs are
 * skipped: every caller validates first).
 *
 * Input: 2 bytes for the limit of text_cut_words (0-1023), then the text.
 * Checks: the counters agree with each other (bytes >= code points >=
 * grapheme clusters); NFC is valid and idempotent; text_cut_words gives
 * valid UTF-8 that fits, the text itself when it fits, else a prefix of it
 * with "…"; text_linkedin_escape gives valid UTF-8 that unescapes back to
 * the text; text_find_urls gives ordered spans inside the text on
 * character boundaries; a text twitter-text accepts counts at most 280.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "text.h"

#define ELLIPSIS "\xe2\x80\xa6"

/* A valid UTF-8 string. */
static bool
utf8(const char *s)
{
	return s != NULL && text_valid_utf8(s, strlen(s), NULL);
}

/* True when byte offset i of s starts a character (or is its end). */
static bool
boundary(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xc0) != 0x80;
}

/* Checks text_cut_words(s, c, max). */
static void
check_cut(const char *s, enum text_counter c, size_t max)
{
	char *r = text_cut_words(s, c, max);
	size_t n = strlen(r), el = strlen(ELLIPSIS);

	FUZZ_ASSERT(utf8(r));
	if (text_count(c, s) <= max)
		FUZZ_ASSERT(strcmp(r, s) == 0);
	else if (*r != '\0') {
		FUZZ_ASSERT(text_count(c, r) <= max);
		FUZZ_ASSERT(n >= el && strcmp(r + n - el, ELLIPSIS) == 0);
		FUZZ_ASSERT(strncmp(r, s, n - el) == 0);
	}
	free(r);
}

/* Checks text_cut_prose(s, c, max): a prefix of s, within max, that ends
 * in "…" unless cut at a sentence end. */
static void
check_prose(const char *s, enum text_counter c, size_t max)
{
	enum text_cut_at at;
	char *r = text_cut_prose(s, c, max, &at);
	size_t n = strlen(r), el = strlen(ELLIPSIS);

	FUZZ_ASSERT(utf8(r));
	if (text_count(c, s) <= max) {
		FUZZ_ASSERT(strcmp(r, s) == 0 && at == TEXT_CUT_NONE);
	} else if (at == TEXT_CUT_SENTENCE) {
		FUZZ_ASSERT(text_count(c, r) <= max);
		FUZZ_ASSERT(strncmp(r, s, n) == 0);
	} else if (*r != '\0') {
		FUZZ_ASSERT(at == TEXT_CUT_WORD);
		FUZZ_ASSERT(text_count(c, r) <= max);
		FUZZ_ASSERT(n >= el && strcmp(r + n - el, ELLIPSIS) == 0);
		FUZZ_ASSERT(strncmp(r, s, n - el) == 0);
	}
	free(r);
}

/* Checks text_linkedin_escape(s, keep). */
static void
check_escape(const char *s, bool keep)
{
	char *r = text_linkedin_escape(s, keep), *u, *p, *q;

	FUZZ_ASSERT(utf8(r));
	u = xmalloc(strlen(r) + 1);
	for (p = r, q = u; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0' &&
		    strchr("\\|{}@[]()<>#*_~", p[1]) != NULL)
			p++;
		*q++ = *p;
	}
	*q = '\0';
	FUZZ_ASSERT(strcmp(u, s) == 0);
	free(u);
	free(r);
}

/* Checks text_find_urls(s). */
static void
check_urls(const char *s)
{
	struct text_span *v;
	size_t i, n, len = strlen(s), prev = 0;

	n = text_find_urls(s, &v);
	FUZZ_ASSERT((n == 0) == (v == NULL));
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(v[i].start >= prev);
		FUZZ_ASSERT(v[i].start < v[i].end && v[i].end <= len);
		FUZZ_ASSERT(boundary(s, v[i].start) && boundary(s, v[i].end));
		prev = v[i].end;
	}
	free(v);
}

/* Number of bytes ch in s. */
static size_t
nbytes(const char *s, char ch)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == ch;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum text_counter counters[] = { COUNT_CODEPOINTS,
	    COUNT_GRAPHEMES, COUNT_TWITTER, COUNT_MASTODON, COUNT_THREADS,
	    COUNT_BYTES };
	char *s, *n1, *n2;
	size_t i, max, len, cp, gr;

	if (size < 2)
		return 0;
	max = (size_t)(data[0] << 8 | data[1]) % 1024;
	s = fuzz_strndup(data + 2, size - 2);
	len = strlen(s);
	if (!text_valid_utf8(s, len, NULL)) {
		free(s);
		return 0;
	}

	cp = text_codepoints(s);
	gr = text_graphemes(s);
	FUZZ_ASSERT(text_count(COUNT_BYTES, s) == len);
	FUZZ_ASSERT(text_count(COUNT_CODEPOINTS, s) == cp);
	FUZZ_ASSERT(text_count(COUNT_GRAPHEMES, s) == gr);
	FUZZ_ASSERT(gr <= cp && cp <= len);
	FUZZ_ASSERT(text_count(COUNT_THREADS, s) >= cp);
	(void)text_count(COUNT_TWITTER, s);
	(void)text_count(COUNT_MASTODON, s);
	if (text_twitter_valid(s))
		FUZZ_ASSERT(text_count(COUNT_TWITTER, s) <= 280);

	n1 = text_nfc(s);
	FUZZ_ASSERT(utf8(n1));
	n2 = text_nfc(n1);
	FUZZ_ASSERT(n2 != NULL && strcmp(n1, n2) == 0);
	free(n2);
	free(n1);

	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		check_cut(s, counters[i], max);
		check_prose(s, counters[i], max);
	}
	check_escape(s, false);
	check_escape(s, true);
	check_urls(s);
	FUZZ_ASSERT(text_count_hashtags(s) <= nbytes(s, '#'));
	FUZZ_ASSERT(text_count_mentions(s) <= nbytes(s, '@'));
	free(s);
	return 0;
}
