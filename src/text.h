/*
 * text: UTF-8 validation, NFC, the ways platforms count text, URLs as byte
 * spans, word-boundary cutting and LinkedIn escaping.
 *
 * All strings are NUL-terminated UTF-8. Functions that return char * return
 * a newly allocated string the caller frees. Nothing here prints, touches
 * files or fails (allocation cannot fail, xalloc.h). The URLs are found by
 * twitter_urls.c (twitter-text's extractor, over code points); its TLD
 * list is compiled in (src/tld_list.c, made by scripts/gen-tlds.py from the
 * twitter-text data).
 */
#ifndef ALMANAC_TEXT_H
#define ALMANAC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a platform counts a text (docs/platforms.md "Limits and counting"). */
enum text_counter {
	COUNT_CODEPOINTS,	/* Unicode code points (facebook, instagram,
				   pinterest, linkedin after escaping) */
	COUNT_GRAPHEMES,	/* extended grapheme clusters (bluesky) */
	COUNT_TWITTER,		/* twitter-text v3 weighted length */
	COUNT_MASTODON,		/* grapheme clusters; a URL with a scheme
				   counts 23, "@user@domain" as "@user" */
	COUNT_THREADS,		/* code points, but an emoji counts its UTF-8
				   bytes */
	COUNT_BYTES		/* UTF-8 bytes */
};

/* What a URL counts in text_count (X's transformedURLLength; Mastodon's
 * characters_reserved_per_url unless its instance says otherwise). */
#define TEXT_URL_WEIGHT 23

/* A byte range [start, end) inside a string. */
struct text_span {
	size_t start, end;
};

/*
 * True when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF). On false, *bad (when not NULL) is the byte offset
 * of the first bad sequence.
 */
bool text_valid_utf8(const char *s, size_t len, size_t *bad);

/*
 * Decodes the well-formed UTF-8 sequence at s[0..n) (Unicode table 3-7: no
 * overlong forms, surrogates or code points above U+10FFFF): returns its
 * length (1 to 4) with the code point in *cp, or 0 when there is none.
 */
size_t text_decode(const char *s, size_t n, uint32_t *cp);

/* NFC-normalised copy of s, or NULL when s is not valid UTF-8. */
char *text_nfc(const char *s);

/* Number of code points / grapheme clusters in valid UTF-8 s. */
size_t text_codepoints(const char *s);
size_t text_graphemes(const char *s);

/* The length of s as counter c counts it. s must be valid UTF-8 (NFC is the
 * caller's job). COUNT_TWITTER returns the weighted length (sum of weights /
 * scale), with URLs as 23 and each emoji sequence as 2. */
size_t text_count(enum text_counter c, const char *s);

/* text_count with each URL that counts as one (COUNT_TWITTER,
 * COUNT_MASTODON) counting url_weight instead of TEXT_URL_WEIGHT. */
size_t text_count_url(enum text_counter c, const char *s, size_t url_weight);

/* The characters X takes: s is not empty and holds no U+FFFE, U+FEFF or
 * U+FFFF (its length is text_count's to say). */
bool text_twitter_chars_ok(const char *s);

/*
 * twitter-text v3 validity: not empty (after trimming nothing), no U+FFFE,
 * U+FEFF or U+FFFF, and a weighted length of at most 280.
 */
bool text_twitter_valid(const char *s);

/*
 * Finds the URLs in s as twitter-text's extractor does (twitter_urls.h):
 * with an http(s) scheme, or scheme-less domains whose TLD is in the
 * twitter-text TLD list. Returns the number found; *out (caller frees)
 * gets their byte spans in order, or NULL when there are none.
 */
size_t text_find_urls(const char *s, struct text_span **out);

/*
 * The longest prefix of s that ends at a word boundary and that, with "…"
 * appended, counts at most max under counter c; the result has the "…"
 * appended. Trailing spaces and punctuation before the "…" are dropped.
 * If even the first word does not fit, the cut falls on the last grapheme
 * cluster boundary that fits. Never splits a UTF-8 sequence or a grapheme
 * cluster. Returns a copy of s when s already counts at most max, and ""
 * when not even "…" fits.
 */
char *text_cut_words(const char *s, enum text_counter c, size_t max);

/* Where text_cut_prose cut. */
enum text_cut_at {
	TEXT_CUT_NONE,		/* s fits: not cut */
	TEXT_CUT_SENTENCE,	/* at the end of a sentence, without "…" */
	TEXT_CUT_WORD,		/* at a word boundary, with "…" */
	TEXT_CUT_DROPPED	/* not even "…" fits: "" */
};

/*
 * Prose (a summary) cut to count at most max under counter c, for readers:
 * at the end of the last sentence that fits (". ", "! ", "? ", closing
 * quotes and brackets kept; not the "." of an initial, of an abbreviation
 * such as "St." or inside a number) when that keeps at least half of max,
 * with no "…"; else as text_cut_words, but never inside a hyphenated word
 * ("Franco-Prussian", "1870-71") and moving back up to three words rather
 * than end on a short function word ("the", "of", "and"...) when an earlier
 * boundary ends on another word. *at says which. Returns an allocated
 * string (a copy of s when it fits).
 */
char *text_cut_prose(const char *s, enum text_counter c, size_t max,
    enum text_cut_at *at);

/*
 * LinkedIn "little text format" escaping: a backslash before each of
 * \ | { } @ [ ] ( ) < > # * _ ~ (backslash first). URLs found by
 * text_find_urls are left as they are, so they still link. With
 * keep_hashtags, a '#' at the start of a word followed by a letter, digit or
 * '_' is left bare so that LinkedIn makes it a hashtag (the rest of the tag
 * is still escaped).
 */
char *text_linkedin_escape(const char *s, bool keep_hashtags);

/* Number of #hashtags and of @mentions in s, as Instagram counts them. */
size_t text_count_hashtags(const char *s);
size_t text_count_mentions(const char *s);

#endif
