/* Tests for json: the strict reader, its tree, positions and errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "xalloc.h"

/* Reads text[0..len) from a copy with nothing after it (so that ASan sees
 * a read past the end); the copy is freed, so the tree must not point
 * into it. Returns json_parse's result. */
static int
parse_n(const char *text, size_t len, struct json_doc *doc,
    struct json_error *err)
{
	char *copy = xmalloc(len > 0 ? len : 1);
	int rc;

	memcpy(copy, text, len);
	rc = json_parse(copy, len, doc, err);
	memset(copy, 'X', len);
	free(copy);
	return rc;
}

static int
parse(const char *text, struct json_doc *doc, struct json_error *err)
{
	return parse_n(text, strlen(text), doc, err);
}

/* Checks that text is refused with kind, at line:col, saying msg. */
static void
refused_n(const char *text, size_t len, enum json_error_kind kind,
    int line, int col, const char *msg)
{
	struct json_doc doc;
	struct json_error err;

	assert_int_equal(parse_n(text, len, &doc, &err), -1);
	assert_null(doc.root);
	assert_int_equal(err.kind, kind);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.pos.line, line);
	assert_int_equal(err.pos.col, col);
	json_doc_free(&doc);
}

#define EXPECTED_VALUE "expected a value (text in double quotes, a number, " \
	"true, false, null, [ or {), got "

#define REFUSED(text, line, col, msg) \
	refused_n(text, sizeof(text) - 1, JSON_ERR_SYNTAX, line, col, msg)

/* Checks a position. */
static void
at(struct json_pos p, size_t off, int line, int col)
{
	assert_int_equal(p.off, off);
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
}

static void
test_every_type(void **state)
{
	struct json_doc doc;
	struct json_error err;
	const struct json_value *v, *a;
	const struct json_member *m;

	(void)state;
	assert_int_equal(parse("{\"n\": null, \"t\": true, \"f\": false, "
	    "\"num\": -12, \"s\": \"hi\", \"a\": [1, [], {}], \"o\": {}}",
	    &doc, &err), 0);
	assert_int_equal(err.kind, JSON_ERR_NONE);
	v = doc.root;
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->u.obj.n, 7);
	m = v->u.obj.members;
	assert_string_equal(m[0].key, "n");
	assert_int_equal(m[0].value.type, JSON_NULL);
	assert_int_equal(m[1].value.type, JSON_TRUE);
	assert_int_equal(m[2].value.type, JSON_FALSE);
	assert_int_equal(m[3].value.type, JSON_NUMBER);
	assert_string_equal(m[3].value.u.num.text, "-12");
	assert_true(m[3].value.u.num.is_int);
	assert_int_equal(m[3].value.u.num.i, -12);
	assert_true(m[3].value.u.num.d == -12.0);
	assert_int_equal(m[4].value.type, JSON_STRING);
	assert_string_equal(m[4].value.u.str.s, "hi");
	assert_int_equal(m[4].value.u.str.len, 2);
	assert_int_equal(m[4].value.u.str.nul.off, JSON_NOPOS);
	a = &m[5].value;
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->u.arr.n, 3);
	assert_int_equal(a->u.arr.items[0].type, JSON_NUMBER);
	assert_int_equal(a->u.arr.items[1].type, JSON_ARRAY);
	assert_int_equal(a->u.arr.items[1].u.arr.n, 0);
	assert_int_equal(a->u.arr.items[2].type, JSON_OBJECT);
	assert_int_equal(a->u.arr.items[2].u.obj.n, 0);
	assert_int_equal(m[6].value.type, JSON_OBJECT);
	assert_string_equal(m[6].key, "o");
	for (size_t k = 0; k < 7; k++)
		assert_null(m[k].dup);
	json_doc_free(&doc);
	assert_null(doc.root);
	json_doc_free(&doc);	/* twice is harmless */
	json_doc_free(NULL);

	/* any value at the top, white space around it */
	assert_int_equal(parse(" \r\n\t\"x\" \n", &doc, &err), 0);
	assert_int_equal(doc.root->type, JSON_STRING);
	at(doc.root->pos, 4, 2, 2);
	assert_int_equal(doc.root->end, 7);
	json_doc_free(&doc);
}

static void
test_positions(void **state)
{
	struct json_doc doc;
	struct json_error err;
	const struct json_member *m;
	const struct json_value *tags;
	/* line 3 has a tab and "é" (2 bytes, one column) before "url" */
	const char *text = "{\n  \"title\": \"Été\",\r\n\t\"é\": 1, \"url\": "
	    "[\"a\",\n    true]\n}\n";

	(void)state;
	assert_int_equal(parse(text, &doc, &err), 0);
	at(doc.root->pos, 0, 1, 1);
	assert_int_equal(doc.root->end, strlen(text) - 1);
	m = doc.root->u.obj.members;
	at(m[0].key_pos, 4, 2, 3);
	assert_int_equal(m[0].key_end, 11);
	at(m[0].value.pos, 13, 2, 12);
	assert_int_equal(m[0].value.end, 20);	/* "Été" is 7 bytes */
	at(m[1].key_pos, 24, 3, 2);
	at(m[1].value.pos, 30, 3, 7);
	at(m[2].key_pos, 33, 3, 10);
	tags = &m[2].value;
	at(tags->pos, 40, 3, 17);
	at(tags->u.arr.items[0].pos, 41, 3, 18);
	at(tags->u.arr.items[1].pos, 50, 4, 5);
	assert_int_equal(tags->end, 55);
	json_doc_free(&doc);

	/* json_position counts the same way from the start */
	at(json_position(text, strlen(text), 41), 41, 3, 18);
	at(json_position(text, strlen(text), 0), 0, 1, 1);
	at(json_position(text, 3, 99), 3, 2, 2);
}

static void
test_strings(void **state)
{
	struct json_doc doc;
	struct json_error err;
	const struct json_member *m;
	static const char text[] = "{\"e\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", "
	    "\"u\": \"\\u00e9\\u20AC\\ud83d\\ude00\", "
	    "\"z\": \"x\\u0000y\\u0000\", \"k\\u0000\": 1, \"raw\": \"é€😀\"}";

	(void)state;
	assert_int_equal(parse_n(text, sizeof(text) - 1, &doc, &err), 0);
	m = doc.root->u.obj.members;
	assert_string_equal(m[0].value.u.str.s, "a\"b\\c/d\b\f\n\r\t");
	assert_string_equal(m[1].value.u.str.s, "é€😀");
	assert_int_equal(m[1].value.u.str.len, strlen("é€😀"));
	/* NUL-safe: the length counts past the NUL; nul points at the
	 * first \u0000 */
	assert_int_equal(m[2].value.u.str.len, 4);
	assert_memory_equal(m[2].value.u.str.s, "x\0y\0", 5);
	at(m[2].value.u.str.nul, 70, 1, 71);
	assert_int_equal(m[3].key_len, 2);
	assert_memory_equal(m[3].key, "k\0", 3);
	assert_int_equal(m[3].key_nul.off, 88);
	assert_int_equal(m[0].key_nul.off, JSON_NOPOS);
	assert_string_equal(m[4].value.u.str.s, "é€😀");
	json_doc_free(&doc);
}

static void
test_duplicates(void **state)
{
	struct json_doc doc;
	struct json_error err;
	const struct json_member *m;
	struct buf b = BUF_INIT;
	int k;

	(void)state;
	assert_int_equal(parse("{\"a\": 1, \"b\": 2, \"a\": 3, \"a\": 4, "
	    "\"A\": 5, \"a\\u0000\": 6, \"a\\u0000\": 7}", &doc, &err), 0);
	m = doc.root->u.obj.members;
	assert_int_equal(doc.root->u.obj.n, 7);
	assert_null(m[0].dup);
	assert_null(m[1].dup);
	assert_ptr_equal(m[2].dup, &m[0]);
	assert_ptr_equal(m[3].dup, &m[0]);
	assert_null(m[4].dup);		/* keys differ in case: not equal */
	assert_null(m[5].dup);		/* "a\0" is not "a" */
	assert_ptr_equal(m[6].dup, &m[5]);
	/* every member is kept, in file order */
	assert_int_equal(m[3].value.u.num.i, 4);
	json_doc_free(&doc);

	/* a large object (sorted rather than compared pairwise) */
	buf_addc(&b, '{');
	for (k = 0; k < 40; k++)
		buf_addf(&b, "%s\"k%d\": %d", k ? ", " : "", k % 25, k);
	buf_addc(&b, '}');
	assert_int_equal(parse(buf_str(&b), &doc, &err), 0);
	m = doc.root->u.obj.members;
	for (k = 0; k < 40; k++)
		if (k < 25)
			assert_null(m[k].dup);
		else
			assert_ptr_equal(m[k].dup, &m[k - 25]);
	json_doc_free(&doc);
	buf_free(&b);
}

/* Reads the number literal text and returns its value. */
static struct json_number
number(const char *text, struct json_doc *doc)
{
	struct json_error err;

	assert_int_equal(parse(text, doc, &err), 0);
	assert_int_equal(doc->root->type, JSON_NUMBER);
	assert_string_equal(doc->root->u.num.text, text);
	return doc->root->u.num;
}

static void
test_numbers(void **state)
{
	struct json_doc doc;
	struct json_number n;

	(void)state;
	n = number("0", &doc);
	assert_true(n.is_int && n.i == 0 && n.d == 0);
	json_doc_free(&doc);
	n = number("-0", &doc);
	assert_true(n.is_int && n.i == 0 && n.d == 0 && signbit(n.d));
	json_doc_free(&doc);
	/* 2^53 + 1: exact, where a double reads ...992 */
	n = number("9007199254740993", &doc);
	assert_true(n.is_int);
	assert_true(n.i == INT64_C(9007199254740993));
	assert_true(n.d == 9007199254740992.0);
	json_doc_free(&doc);
	n = number("5000000000", &doc);
	assert_true(n.is_int && n.i == INT64_C(5000000000));
	json_doc_free(&doc);
	n = number("9223372036854775807", &doc);
	assert_true(n.is_int && n.i == INT64_MAX);
	json_doc_free(&doc);
	n = number("-9223372036854775808", &doc);
	assert_true(n.is_int && n.i == INT64_MIN);
	json_doc_free(&doc);
	n = number("9223372036854775808", &doc);
	assert_false(n.is_int);
	assert_true(n.d == 9223372036854775808.0);
	json_doc_free(&doc);
	n = number("-9223372036854775809", &doc);
	assert_false(n.is_int);
	json_doc_free(&doc);
	/* whole values written otherwise: through the double */
	n = number("1e2", &doc);
	assert_true(n.is_int && n.i == 100);
	json_doc_free(&doc);
	n = number("1.0", &doc);
	assert_true(n.is_int && n.i == 1);
	json_doc_free(&doc);
	n = number("-2.50E+1", &doc);
	assert_true(n.is_int && n.i == -25);
	json_doc_free(&doc);
	n = number("2.5E-1", &doc);
	assert_false(n.is_int);
	assert_true(n.d == 0.25);
	json_doc_free(&doc);
	n = number("1.5", &doc);
	assert_false(n.is_int);
	assert_true(n.d == 1.5);
	json_doc_free(&doc);
	n = number("1e400", &doc);
	assert_false(n.is_int);
	assert_true(isinf(n.d));
	json_doc_free(&doc);
	n = number("1e-400", &doc);
	assert_true(n.d == 0);
	json_doc_free(&doc);
	/* 63 characters is the most */
	n = number("100000000000000000000000000000000000000000000000000000000"
	    "000000", &doc);
	assert_false(n.is_int);
	assert_true(n.d == 1e62);
	json_doc_free(&doc);
}

static void
test_number_errors(void **state)
{
	(void)state;
	REFUSED("[1.]", 1, 2, "1. is not a number as JSON writes them");
	REFUSED("[+1]", 1, 2, "+1 is not a number as JSON writes them");
	REFUSED("[.5]", 1, 2, ".5 is not a number as JSON writes them");
	REFUSED("[01]", 1, 2, "01 is not a number as JSON writes them");
	REFUSED("[-]", 1, 2, "- is not a number as JSON writes them");
	REFUSED("[1e]", 1, 2, "1e is not a number as JSON writes them");
	REFUSED("[1.5.5]", 1, 2, "1.5... is not a number as JSON writes "
	    "them");
	REFUSED("[1000000000000000000000000000000000000000000000000000000000"
	    "0000000]", 1, 2, "a number may have at most 63 characters");
	REFUSED("[12ab]", 1, 2, EXPECTED_VALUE "12a...");
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	refused_n("", 0, JSON_ERR_EMPTY, 1, 1, "no value");
	refused_n(" \n\t\r\n ", 6, JSON_ERR_EMPTY, 3, 2, "no value");
	REFUSED("{\"a\": 1,}", 1, 8, "remove the comma before }");
	REFUSED("[1,\n]", 1, 3, "remove the comma before ]");
	REFUSED("{\"a\": 1\n", 2, 1, "the file ends early; the { at line 1 "
	    "has no matching }");
	REFUSED("\n[1, [2,\n", 3, 1, "the file ends early; the [ at line 2 "
	    "has no matching ]");
	REFUSED("{\"a\": \"b}", 1, 7, "this text has no closing \"");
	REFUSED("{\"a\": \"b\n\"}", 1, 9, "the text has no closing \" on "
	    "this line (write \\n for a line break inside text)");
	REFUSED("[\"a\tb\"]", 1, 4, "a tab inside text must be written as "
	    "\\t");
	REFUSED("[\"a\x7f\"]", 1, 4, "control character U+007F inside text "
	    "must be written as \\u007F");
	REFUSED("[\"\\x\"]", 1, 3, "\\x is not an escape JSON knows (write "
	    "\\\\ for a backslash)");
	REFUSED("[\"\\ \"]", 1, 3, "\\ followed by U+0020 is not an escape "
	    "JSON knows (write \\\\ for a backslash)");
	REFUSED("[\"\\u12G4\"]", 1, 3, "\\u must be followed by 4 hex digits "
	    "(0-9, A-F)");
	REFUSED("[\"\\uD800x\"]", 1, 3, "\\uD800 is half of a surrogate pair, "
	    "without its second half");
	REFUSED("[\"\\uDC00\"]", 1, 3, "\\uDC00 is half of a surrogate pair, "
	    "without its first half");
	REFUSED("[\"a\"b\"]", 1, 4, "a \" inside text must be written as "
	    "\\\"");
	REFUSED("{\"a\" 1}", 1, 6, "expected : after the field name \"a\", "
	    "got 1");
	REFUSED("{a: 1}", 1, 2, "field names must be in double quotes, like "
	    "\"a\"");
	REFUSED("{1: 1}", 1, 2, "expected a field name in double quotes, got "
	    "1");
	REFUSED("{\"a\": 1 \"b\": 2}", 1, 9, "a comma is missing before this "
	    "field");
	REFUSED("[1 2]", 1, 4, "a comma is missing before this value");
	REFUSED("[1; 2]", 1, 3, "expected , or ], got ;");
	REFUSED("{\"a\": 1;}", 1, 8, "expected , or }, got ;");
	REFUSED("// c\n{}", 1, 1, "comments are not allowed (use a "
	    "\"_comment\" field instead)");
	REFUSED("['a']", 1, 2, "use double quotes \"...\" around text, not "
	    "single quotes");
	REFUSED("[True]", 1, 2, EXPECTED_VALUE "True (write true, false "
	    "and null in small letters)");
	REFUSED("[nul]", 1, 2, EXPECTED_VALUE "nul");
	REFUSED("[truex]", 1, 2, EXPECTED_VALUE "tru...");
	REFUSED("[\xc2\xa0]", 1, 2, EXPECTED_VALUE "U+00A0");
	REFUSED("[1,", 1, 4, "the file ends early; the [ at line 1 has no "
	    "matching ]");
	REFUSED("{\"a\":", 1, 6, EXPECTED_VALUE "the end of the file");
	REFUSED("{} {}", 1, 4, "more text after the object's closing }");
	REFUSED("1 2", 1, 3, "more text after the value");
	/* a NUL byte after text is not "a quote inside text" */
	refused_n("[\"a\"\0]", 6, JSON_ERR_SYNTAX, 1, 5, "expected , or ], got "
	    "U+0000");
}

static void
test_utf8_first(void **state)
{
	(void)state;
	/* a bad byte is said before any syntax error, at its place */
	refused_n("{,\n \"\xc0\xaf\"}", 9, JSON_ERR_UTF8, 2, 3,
	    "not valid UTF-8 (byte 0xC0)");
	refused_n("[\"\xed\xa0\x80\"]", 7, JSON_ERR_UTF8, 1, 3,
	    "not valid UTF-8 (byte 0xED)");
	/* a byte order mark is not white space */
	REFUSED("\xef\xbb\xbf{}", 1, 1, EXPECTED_VALUE "U+FEFF");
}

static void
test_depth(void **state)
{
	struct json_doc doc;
	struct json_error err;
	struct buf b = BUF_INIT;
	int k;

	(void)state;
	for (k = 0; k < JSON_MAX_DEPTH; k++)
		buf_addc(&b, '[');
	for (k = 0; k < JSON_MAX_DEPTH; k++)
		buf_addc(&b, ']');
	assert_int_equal(parse(buf_str(&b), &doc, &err), 0);
	json_doc_free(&doc);
	buf_truncate(&b, 0);
	for (k = 0; k <= JSON_MAX_DEPTH; k++)
		buf_adds(&b, "{\"a\":");
	assert_int_equal(parse(buf_str(&b), &doc, &err), -1);
	assert_string_equal(err.msg, "values nested more than 512 deep");
	at(err.pos, 5 * JSON_MAX_DEPTH, 1, 5 * JSON_MAX_DEPTH + 1);
	json_doc_free(&doc);
	buf_free(&b);
}

static void
test_large_text(void **state)
{
	struct json_doc doc;
	struct json_error err;
	struct buf b = BUF_INIT;
	size_t k, n = 20000;

	(void)state;
	/* many values on one line: columns counted once, in order */
	buf_addc(&b, '[');
	for (k = 0; k < n; k++)
		buf_addf(&b, "%s\"é%zu\"", k ? "," : "", k % 10);
	buf_addc(&b, ']');
	assert_int_equal(parse(buf_str(&b), &doc, &err), 0);
	assert_int_equal(doc.root->u.arr.n, n);
	/* each item is 5 bytes and 4 columns, and a comma */
	at(doc.root->u.arr.items[n - 1].pos, 1 + (n - 1) * 6, 1,
	    (int)(2 + (n - 1) * 5));
	assert_string_equal(doc.root->u.arr.items[n - 1].u.str.s, "é9");
	json_doc_free(&doc);
	buf_free(&b);
}

static void
test_helpers(void **state)
{
	(void)state;
	assert_int_equal(json_clip("abc", 3, 60), 3);
	assert_int_equal(json_clip("abcdef", 6, 4), 4);
	assert_int_equal(json_clip("ab\xc3\xa9", 4, 3), 2);
	assert_true(json_visible('a'));
	assert_true(json_visible(0xE9));
	assert_false(json_visible(' '));
	assert_false(json_visible(0x00));
	assert_false(json_visible(0xFEFF));
	assert_false(json_visible(0x2028));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_number_errors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_utf8_first),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_large_text),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
