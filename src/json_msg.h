/*
 * json_msg: places in a JSON text (byte offset, line, column) and how to
 * describe what stands at one, for the sentences of json.c's errors and
 * for its callers' messages about values.
 *
 * A text is s[0..len), valid UTF-8 where a function says so; off is a
 * byte offset in it, at most len. Nothing here returns allocated memory
 * or fails; what is described is appended to a struct buf (buf.h) that
 * the caller owns.
 */
#ifndef ALMANAC_JSON_MSG_H
#define ALMANAC_JSON_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSON_NOPOS	SIZE_MAX /* json_pos.off of a position that is none */
#define JSON_FOUND_MAX	3	/* characters of a word quoted in an error:
				   the text may be anything (a key, a
				   password file), and messages reach logs */

/* A place in a text. */
struct json_pos {
	size_t off;	/* bytes from the start of the text */
	int line;	/* 1-based */
	int col;	/* 1-based, in code points (a tab is one) */
};

/* Line and column of byte off of text[0..len); off may be len (an off
 * past it is taken as len). Reads from the start: for the rare position
 * that nothing recorded. */
struct json_pos json_position(const char *text, size_t len, size_t off);

/* How many of the n bytes of UTF-8 at s to quote in a message, at most
 * max, so that a cut falls between characters; for "%.*s". */
int json_clip(const char *s, size_t n, size_t max);

/* True for a code point that shows as itself in a message: not a
 * control, format, private-use, unassigned or surrogate code point, nor a
 * space or separator (U+0020 is shown as "U+0020"). */
bool json_visible(uint32_t cp);

/* Appends what is at off of the UTF-8 text s[0..len), for "got ..." in
 * syntax errors: a word or number (at most max characters of it, then
 * "..."), one character (as U+XXXX when json_visible says it would not
 * show), or "the end of the file". */
void json_msg_found(struct buf *b, const char *s, size_t len, size_t off,
    size_t max);

/* Appends the sentence for what at off of the UTF-8 text s[0..len) is not
 * what was expected: "expected WHAT, got ...", or a hint instead for a
 * comment, single quotes or True, FALSE, Null... */
void json_msg_unexpected(struct buf *b, const char *s, size_t len,
    size_t off, const char *what);

#endif
