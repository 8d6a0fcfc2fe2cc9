/*
 * twitter_urls: finding URLs in a text exactly as twitter-text's extractor
 * (extractUrlsWithIndices, js/src/regexp/, v3) finds them: with an http://
 * or https:// scheme, or scheme-less domains whose top-level domain is in
 * the twitter-text TLD list (src/tld_list.c), with twitter-text's rules for
 * paths, queries, punycode label lengths and t.co links.
 *
 * It works on an array of Unicode code points, not on bytes: text.c
 * decodes the UTF-8, and text_find_urls (text.h) turns what is found here
 * into byte spans. The counters of text.c (X counts every URL as 23,
 * Mastodon those with a scheme) use it directly.
 *
 * Pure functions: nothing here prints, reads files or fails; allocation
 * cannot fail (xalloc.h).
 */
#ifndef ALMANAC_TWITTER_URLS_H
#define ALMANAC_TWITTER_URLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A URL found: the code points [start, end) of the array searched. */
struct twitter_url {
	size_t start, end;
	bool proto;		/* begins with http:// or https:// */
};

/*
 * The URLs in cp[0..n), in order and not overlapping. Returns how many
 * there are; *out gets them in an allocated array the caller frees, or
 * NULL when there are none.
 */
size_t twitter_urls_find(const int32_t *cp, size_t n,
    struct twitter_url **out);

/*
 * A quick test on UTF-8 s[0..len) before decoding it: false when it has
 * no '.' between two characters that may be domain characters, and so no
 * URL twitter_urls_find would find. True says nothing.
 */
bool twitter_urls_maybe(const char *s, size_t len);

/* twitter-text's spacesGroup: the white space its patterns know (ASCII
 * tab to CR, space, U+0085, U+00A0 and the Unicode spaces and separators). */
bool twitter_urls_is_space(int32_t c);

#endif
