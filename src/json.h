/*
 * json: a strict JSON reader (RFC 8259) that keeps where every value is.
 *
 * json_parse reads a whole text into a tree of values. Every value, and
 * every key of an object, carries its position: byte offset, line and
 * column (1-based; a column counts Unicode code points, a tab is one). The
 * tree lives in the struct json_doc (its first JSON_DOC_INLINE bytes) and
 * in blocks it owns; json_doc_free frees all of it at once.
 *
 * Strict: the text must be UTF-8 (checked first, all of it); no comments,
 * trailing commas, single quotes, raw control characters or tabs in text,
 * "01", "1.", "+1", ".5", unknown escapes, \u escapes that are half a
 * surrogate pair, or anything after the value. A byte order mark is not
 * skipped (the caller strips one it allows). Limits: values nested at most
 * JSON_MAX_DEPTH deep, number literals of at most JSON_MAX_NUMBER
 * characters. The first problem stops the reading; it is described by a
 * sentence for the person who edits the file (see struct json_error).
 *
 * What the reader leaves to its caller: duplicate keys and \u0000 in text
 * are valid JSON and are read; they are marked (json_member.dup,
 * json_string.nul) so that the caller can refuse them.
 */
#ifndef ALMANAC_JSON_H
#define ALMANAC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_msg.h"

#define JSON_MAX_DEPTH	512	/* arrays and objects inside each other */
#define JSON_MAX_NUMBER	63	/* characters of a number literal */

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};

struct json_member;

/* One value. Pointers inside it point into the document's blocks. */
struct json_value {
	enum json_type type;
	struct json_pos pos;	/* its first byte */
	size_t end;		/* the offset just past its last byte */
	union {
		struct json_string {	/* JSON_STRING */
			const char *s;	/* decoded, NUL-terminated; a \u0000
					   in the text is a NUL inside it */
			size_t len;	/* bytes in s, without the final NUL */
			struct json_pos nul; /* its first \u0000 escape (the
					   backslash); off JSON_NOPOS: none */
		} str;
		struct json_number {	/* JSON_NUMBER */
			const char *text; /* the literal as written,
					   NUL-terminated */
			double d;	/* its value (HUGE_VAL when too large
					   for a double) */
			bool is_int;	/* a whole number in int64 range */
			int64_t i;	/* then its value: exact when the
					   literal is digits only ("-12"),
					   else the double's ("1e2", "1.0") */
		} num;
		struct json_array {	/* JSON_ARRAY */
			struct json_value *items;	/* in file order */
			size_t n;
		} arr;
		struct json_object {	/* JSON_OBJECT */
			struct json_member *members;	/* in file order,
					   duplicates included */
			size_t n;
		} obj;
	} u;
};

/* One member of an object: a key and its value. */
struct json_member {
	const char *key;	/* decoded, NUL-terminated, may hold NUL */
	size_t key_len;		/* bytes in key */
	struct json_pos key_pos; /* the key's opening quote */
	size_t key_end;		/* just past its closing quote */
	struct json_pos key_nul; /* its first \u0000 escape, or off
				   JSON_NOPOS */
	const struct json_member *dup; /* the first member of the same
				   object with the same key, when this one
				   is a later one; else NULL */
	struct json_value value;
};

enum json_error_kind {
	JSON_ERR_NONE,
	JSON_ERR_EMPTY,		/* nothing but white space (pos: the end) */
	JSON_ERR_UTF8,		/* a byte that is not UTF-8 (pos: it) */
	JSON_ERR_SYNTAX		/* not JSON, or over a limit (pos: where) */
};

/* The problem that stopped the reading. */
struct json_error {
	enum json_error_kind kind;
	struct json_pos pos;
	/* A sentence without a final full stop, e.g. "remove the comma
	 * before }" or "not valid UTF-8 (byte 0xC0)". Of what the text
	 * holds it quotes at most 3 characters of a word or number (True,
	 * FALSE, Null... whole, with a hint), one character, or a field name
	 * cut at 60 bytes. */
	char msg[320];
};

#define JSON_DOC_INLINE	4096	/* bytes of tree kept in the struct json_doc
				   itself (a post's tree fits) */

struct json_block;

/* A document: the tree and the memory it lives in, its first bytes in
 * the struct itself. The tree may point into the struct: a struct
 * json_doc is not copied or moved while its tree is in use. */
struct json_doc {
	struct json_value *root;	/* NULL when json_parse failed */
	/* private: the first bytes, then blocks from the heap */
	size_t used;
	struct json_block *blocks;
	max_align_t first[JSON_DOC_INLINE / sizeof(max_align_t)];
};

/*
 * Reads text[0..len) (need not be NUL-terminated; not kept) into *doc.
 * Returns 0 with doc->root set, or -1 with *err describing the first
 * problem (doc->root is NULL then). Either way the caller calls
 * json_doc_free(doc) once. Does not fail for want of memory (xalloc.h).
 */
int json_parse(const char *text, size_t len, struct json_doc *doc,
    struct json_error *err);

/* Frees everything doc holds; doc->root becomes NULL. NULL is allowed. */
void json_doc_free(struct json_doc *doc);

#endif
