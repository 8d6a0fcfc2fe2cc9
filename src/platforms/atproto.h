/*
 * platforms/atproto.h: the pure parts of posting to the AT Protocol
 * (Bluesky): a post's facets (its links and hashtags as UTF-8 byte
 * ranges of the text), record keys (TIDs) and when a JWT ends. Nothing
 * here touches the network, prints or fails (allocation cannot fail,
 * xalloc.h). For src/platforms/ and the tests only.
 */
#ifndef ALMANAC_PLATFORMS_ATPROTO_H
#define ALMANAC_PLATFORMS_ATPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A facet: text[start, end) (UTF-8 bytes; end exclusive) is a link to
 * value (a full URL) or the hashtag value (without its '#'). */
enum atproto_facet_kind { FACET_LINK, FACET_TAG };

struct atproto_facet {
	enum atproto_facet_kind kind;
	size_t start, end;
	char *value;		/* owned */
};

struct atproto_facets {
	struct atproto_facet *v;
	size_t n;
};

/* The most graphemes (and UTF-8 bytes) a tag facet may have. */
#define ATPROTO_TAG_GRAPHEMES	64
#define ATPROTO_TAG_BYTES	640

/*
 * The facets of text (valid UTF-8), in the order of their start:
 * - every URL text_find_urls finds (text.h), its uri the URL as written
 *   with "https://" before one written without a scheme; or link (the
 *   post's full URL, may be NULL) when the text shows link itself without
 *   its scheme, or a beginning of it followed by "…" (a shortened one);
 * - every hashtag as Bluesky's own apps find them: '#' (or U+FF03) at the
 *   start or after white space, then up to the next white space or
 *   zero-width character, less trailing punctuation; it must hold one
 *   character that is neither a digit nor punctuation and have at most
 *   ATPROTO_TAG_GRAPHEMES graphemes. The facet spans the '#' too; its value
 *   is the tag without it. A tag inside a link is not one.
 * *out is filled (atproto_facets_free frees it).
 */
void atproto_facets(const char *text, const char *link,
    struct atproto_facets *out);
void atproto_facets_free(struct atproto_facets *f);

/* A TID: 13 characters of base32-sortable and a NUL. */
#define ATPROTO_TID_SIZE 14

/*
 * The TID of micros (microseconds since 1970, below 2^53) and clock_id
 * (10 bits): "3mr3amoxw2222" for 2026-07-20T12:00:00Z and clock id 0.
 */
void atproto_tid(uint64_t micros, unsigned clock_id,
    char out[ATPROTO_TID_SIZE]);

/* True when s is a TID as the record key syntax wants it:
 * [234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}. */
bool atproto_tid_ok(const char *s);

/* A 10-bit clock id for a post: FNV-1a over post_id, a NUL and
 * platform. The same pair always gets the same one. */
unsigned atproto_clock_id(const char *post_id, const char *platform);

/*
 * The "exp" claim (Unix time) of the JWT jwt, read from its payload
 * (base64url JSON; the signature is not checked: it is the server's to
 * check). Returns false when jwt is not three parts or has no whole
 * exp.
 */
bool atproto_jwt_exp(const char *jwt, long long *exp);

#endif
