/* Tests for post: post files into struct post, and every diagnostic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "post.h"
#include "xalloc.h"

#include "fixture.h"

#define P "posts/t.json"

/* Parses json[0..len) (copied to a buffer with no NUL after it) as file
 * path, checks that the formatted diagnostics are exactly want (NULL-
 * terminated) and returns post_parse's result. */
static int
check(const char *path, const char *json, size_t len,
    const char *const *want, struct post *out)
{
	struct diags d = DIAGS_INIT;
	char *copy = xmalloc(len), *s;
	size_t i, nwant;
	int rc;

	memcpy(copy, json, len);
	rc = post_parse(path, copy, len, out, &d);
	free(copy);
	for (nwant = 0; want[nwant] != NULL; nwant++)
		;
	if (d.n != nwant)
		for (i = 0; i < d.n; i++) {
			s = diag_format(&d.v[i]);
			print_message("got: %s\n", s);
			free(s);
		}
	assert_int_equal(d.n, nwant);
	for (i = 0; i < nwant; i++) {
		s = diag_format(&d.v[i]);
		assert_string_equal(s, want[i]);
		free(s);
	}
	diags_free(&d);
	return rc;
}

/* Checks that json (as file path) is refused with exactly the messages
 * want, and that the post is left empty. */
static void
bad_as(const char *path, const char *json, size_t len,
    const char *const *want)
{
	struct post p;

	assert_int_equal(check(path, json, len, want, &p), -1);
	assert_null(p.file);
	assert_null(p.title);
	assert_null(p.id);
	assert_null(p.tags);
	assert_null(p.platforms);
}

#define BAD(json, ...) bad_as(P, json, sizeof(json) - 1, \
    (const char *const[]){ __VA_ARGS__, NULL })

/* Parses json as file path, which must be valid with no diagnostic. */
static void
good_as(const char *path, const char *json, size_t len, struct post *p)
{
	static const char *const none[] = { NULL };

	assert_int_equal(check(path, json, len, none, p), 0);
}

#define GOOD(json, p) good_as(P, json, sizeof(json) - 1, p)

/* The example post of docs/post-format.md. */
static const char trotsky[] =
    "{\n"
    "  \"date\": \"1927-11-12\",\n"
    "  \"title\": \"Trotsky expelled from the Communist Party\",\n"
    "  \"summary\": \"Stalin's faction expels Leon Trotsky and Grigory "
    "Zinoviev, ending the Left Opposition's fight inside the party.\",\n"
    "  \"url\": \"https://en.wikipedia.org/wiki/Left_Opposition\",\n"
    "  \"image\": { \"url\": \"https://example.org/trotsky.jpg\", \"alt\": "
    "\"Leon Trotsky at his desk\" },\n"
    "  \"tags\": [\"OnThisDay\", \"History\", \"SovietUnion\"],\n"
    "  \"time\": \"10:30\",\n"
    "  \"platforms\": {\n"
    "    \"twitter\":   { \"text\": \"99 years ago today Stalin's party "
    "expelled Trotsky. {url}\" },\n"
    "    \"instagram\": { \"skip\": true },\n"
    "    \"pinterest\": { \"board_id\": \"987654321\" }\n"
    "  }\n"
    "}\n";

static void
test_valid_design_example(void **state)
{
	struct post p;
	const struct post_platform *pp;

	good_as("posts/11/11-12-trotsky.json", trotsky, sizeof(trotsky) - 1,
	    &p);
	assert_string_equal(p.file, "posts/11/11-12-trotsky.json");
	assert_string_equal(p.id, "11-12-trotsky");
	assert_int_equal(p.id_line, 0);
	assert_true(p.has_year);
	assert_int_equal(p.year, 1927);
	assert_int_equal(p.month, 11);
	assert_int_equal(p.day, 12);
	assert_false(p.bc);
	assert_int_equal(p.priority, 0);
	assert_string_equal(p.title,
	    "Trotsky expelled from the Communist Party");
	assert_string_equal(p.summary, "Stalin's faction expels Leon Trotsky "
	    "and Grigory Zinoviev, ending the Left Opposition's fight inside "
	    "the party.");
	assert_string_equal(p.url,
	    "https://en.wikipedia.org/wiki/Left_Opposition");
	assert_string_equal(p.image.url, "https://example.org/trotsky.jpg");
	assert_string_equal(p.image.alt, "Leon Trotsky at his desk");
	assert_int_equal(p.ntags, 3);
	assert_string_equal(p.tags[0], "OnThisDay");
	assert_string_equal(p.tags[1], "History");
	assert_string_equal(p.tags[2], "SovietUnion");
	assert_int_equal(p.time, 10 * 60 + 30);
	assert_false(p.draft);
	assert_int_equal(p.years_from, 0);
	assert_int_equal(p.years_until, 0);
	assert_int_equal(p.years_every, 0);
	assert_int_equal(p.nplatforms, 3);

	pp = post_platform(&p, "twitter");
	assert_non_null(pp);
	assert_string_equal(pp->name, "twitter");
	assert_string_equal(pp->text,
	    "99 years ago today Stalin's party expelled Trotsky. {url}");
	assert_false(pp->skip);
	assert_null(pp->image.url);
	assert_null(pp->setting);
	assert_int_equal(pp->line, 10);

	pp = post_platform(&p, "instagram");
	assert_non_null(pp);
	assert_null(pp->text);
	assert_true(pp->skip);
	assert_int_equal(pp->line, 11);

	pp = post_platform(&p, "pinterest");
	assert_non_null(pp);
	assert_string_equal(pp->setting, "987654321");
	assert_false(pp->skip);
	assert_int_equal(pp->line, 12);

	assert_null(post_platform(&p, "facebook"));
	assert_null(post_platform(&p, "Twitter"));
	post_free(&p);
	assert_null(p.title);
}

static void
test_valid_bc_and_every_field(void **state)
{
	struct post p;
	const struct post_platform *pp;

	GOOD("{\n"
	    "  \"_comment\": \"Caesar\",\n"
	    "  \"_comment2\": [1, 2],\n"
	    "  \"x-source\": { \"book\": \"Suetonius\", \"x\": null },\n"
	    "  \"date\": \"0044-03-15\",\n"
	    "  \"era\": \"BC\",\n"
	    "  \"priority\": -5,\n"
	    "  \"title\": \"Caesar is killed\",\n"
	    "  \"summary\": \"First line.\\nSecond\\tline.\",\n"
	    "  \"url\": \"HTTP://example.org\",\n"
	    "  \"image\": { \"url\": \"https://a.example/c.jpg\", "
	    "\"x-credit\": \"me\" },\n"
	    "  \"tags\": [\"Rome\", \"caf\\u00e9\", \"_x_\", \"\xe0\xa4\xb9"
	    "\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80\"],\n"
	    "  \"time\": \"23:59\",\n"
	    "  \"id\": \"ides-of.march_44\",\n"
	    "  \"draft\": true,\n"
	    "  \"years\": { \"from\": 2025, \"until\": 2030, \"every\": 5 },\n"
	    "  \"platforms\": {\n"
	    "    \"_comment\": \"overrides\",\n"
	    "    \"mastodon\": { \"image\": { \"url\": \"http://b.example/m."
	    "png\", \"alt\": \"A coin\" }, \"x-note\": 1, \"skip\": false }\n"
	    "  }\n"
	    "}", &p);
	assert_string_equal(p.id, "ides-of.march_44");
	assert_int_equal(p.id_line, 14);
	assert_true(p.has_year);
	assert_int_equal(p.year, -43);
	assert_true(p.bc);
	assert_int_equal(p.month, 3);
	assert_int_equal(p.day, 15);
	assert_int_equal(p.priority, -5);
	assert_string_equal(p.summary, "First line.\nSecond\tline.");
	assert_string_equal(p.url, "HTTP://example.org");
	assert_string_equal(p.image.url, "https://a.example/c.jpg");
	assert_null(p.image.alt);
	assert_int_equal(p.ntags, 4);
	assert_string_equal(p.tags[1], "caf\xc3\xa9");
	assert_string_equal(p.tags[2], "_x_");
	assert_string_equal(p.tags[3], "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8"
	    "\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80");
	assert_int_equal(p.time, 23 * 60 + 59);
	assert_true(p.draft);
	assert_int_equal(p.years_from, 2025);
	assert_int_equal(p.years_until, 2030);
	assert_int_equal(p.years_every, 5);
	assert_int_equal(p.nplatforms, 1);
	pp = post_platform(&p, "mastodon");
	assert_non_null(pp);
	assert_int_equal(pp->line, 19);
	assert_false(pp->skip);
	assert_null(pp->text);
	assert_string_equal(pp->image.url, "http://b.example/m.png");
	assert_string_equal(pp->image.alt, "A coin");
	post_free(&p);
}

/* "sources": addresses and citations, kept in order; never anything
 * else. */
static void
test_sources(void **state)
{
	struct post p;

	(void)state;
	GOOD("{\n"
	    "  \"date\": \"1969-07-20\",\n"
	    "  \"title\": \"Moon landing\",\n"
	    "  \"sources\": [\n"
	    "    \"https://www.nasa.gov/apollo-11\",\n"
	    "    \"Chaikin, A Man on the Moon (1994), p. 196\"\n"
	    "  ]\n"
	    "}", &p);
	assert_int_equal(p.nsources, 2);
	assert_string_equal(p.sources[0], "https://www.nasa.gov/apollo-11");
	assert_string_equal(p.sources[1],
	    "Chaikin, A Man on the Moon (1994), p. 196");
	assert_int_equal(p.sources_line, 4);
	post_free(&p);

	GOOD("{\"date\": \"1969-07-20\", \"title\": \"T\"}", &p);
	assert_int_equal(p.nsources, 0);
	assert_null(p.sources);
	assert_int_equal(p.sources_line, 0);
	post_free(&p);

	BAD("{\"date\": \"1969-07-20\", \"title\": \"T\",\n"
	    " \"sources\": \"https://www.nasa.gov/\"}",
	    P ":2:2: \"sources\": expected an array of addresses or "
	    "citations like [\"https://...\"], got \"https://www.nasa.gov/\"");
	BAD("{\"date\": \"1969-07-20\", \"title\": \"T\",\n"
	    " \"sources\": [\"\", \" \", 7, \"ftp://a.example/x\", "
	    "\"a\\nb\"]}",
	    P ":2:14: \"sources\"[1]: expected an address or a "
	    "citation, got \"\"",
	    P ":2:18: \"sources\"[2]: expected an address or a "
	    "citation, got only spaces",
	    P ":2:23: \"sources\"[3]: expected an address or a "
	    "citation, got 7",
	    P ":2:26: \"sources\"[4]: expected a link starting with https:// "
	    "or http://, got \"ftp://a.example/x\"",
	    P ":2:47: \"sources\"[5]: expected one line of text, got a line "
	    "break");
}

static void
test_valid_no_year_bom_and_limits(void **state)
{
	struct post p;
	struct buf b = BUF_INIT;
	int i;

	/* A BOM is skipped; --02-29 is always a date; time 00:00 is 0. */
	GOOD("\xef\xbb\xbf{\"date\": \"--02-29\", \"title\": \"Leap\", "
	    "\"time\": \"00:00\", \"priority\": 1000}", &p);
	assert_false(p.has_year);
	assert_int_equal(p.year, 0);
	assert_int_equal(p.month, 2);
	assert_int_equal(p.day, 29);
	assert_false(p.bc);
	assert_int_equal(p.time, 0);
	assert_int_equal(p.priority, 1000);
	assert_string_equal(p.id, "t");
	post_free(&p);

	/* Leap years: 2024 and 2000 are, and 1 BC (year 0) is. */
	GOOD("{\"date\": \"2000-02-29\", \"title\": \"x\", \"priority\": "
	    "-1000}", &p);
	assert_int_equal(p.year, 2000);
	assert_int_equal(p.priority, -1000);
	post_free(&p);
	GOOD("{\"date\": \"0001-02-29\", \"era\": \"BC\", \"title\": \"x\"}",
	    &p);
	assert_int_equal(p.year, 0);
	post_free(&p);
	GOOD("{\"date\": \"9999-12-31\", \"title\": \"x\"}", &p);
	assert_int_equal(p.year, 9999);
	post_free(&p);

	/* 200 characters are allowed, counted as code points (400 bytes). */
	buf_adds(&b, "{\"date\": \"2024-02-29\", \"title\": \"");
	for (i = 0; i < 200; i++)
		buf_adds(&b, "\xc3\xa9");
	buf_adds(&b, "\"}");
	good_as(P, b.s, b.len, &p);
	assert_int_equal(strlen(p.title), 400);
	post_free(&p);
	buf_free(&b);
}

static void
test_default_id(void **state)
{
	struct post p;

	good_as("posts/11/11-12-trotsky.json", trotsky, sizeof(trotsky) - 1,
	    &p);
	assert_string_equal(p.id, "11-12-trotsky");
	post_free(&p);
	good_as("trotsky.json", trotsky, sizeof(trotsky) - 1, &p);
	assert_string_equal(p.id, "trotsky");
	post_free(&p);
	good_as("posts/notes", trotsky, sizeof(trotsky) - 1, &p);
	assert_string_equal(p.id, "notes");
	post_free(&p);
	bad_as("posts/my post.json", trotsky, sizeof(trotsky) - 1,
	    (const char *const[]){ "posts/my post.json: the file name makes "
	    "the id \"my post\", but an id may have only 1 to 100 letters, "
	    "digits, -, _ or .; rename the file or add an \"id\" field",
	    NULL });
	/* "." and ".." name folders: never ids */
	bad_as("posts/..json", trotsky, sizeof(trotsky) - 1,
	    (const char *const[]){ "posts/..json: the file name makes the id "
	    "\".\", but an id may not be \".\" or \"..\"; rename the file "
	    "or add an \"id\" field", NULL });
	bad_as("posts/...json", trotsky, sizeof(trotsky) - 1,
	    (const char *const[]){ "posts/...json: the file name makes the "
	    "id \"..\", but an id may not be \".\" or \"..\"; rename the "
	    "file or add an \"id\" field", NULL });
	good_as("posts/....json", trotsky, sizeof(trotsky) - 1, &p);
	assert_string_equal(p.id, "...");
	post_free(&p);
}

static void
test_invalid_json(void **state)
{
	BAD("{\n  \"date\": \"1927-11-12\",\n  \"title\": \"x\",\n}",
	    P ":3:15: not valid JSON: remove the comma before }");
	BAD("{\n  \"tags\": [\"a\", \"b\",]\n}",
	    P ":2:20: not valid JSON: remove the comma before ]");
	BAD("{\n  \"date\": \"1927-11-12\"\n  \"title\": \"x\"\n}",
	    P ":3:3: not valid JSON: a comma is missing before this field");
	BAD("{\"tags\": [\"a\" \"b\"]}",
	    P ":1:15: not valid JSON: a comma is missing before this value");
	BAD("{\n  date: \"1927-11-12\"\n}",
	    P ":2:3: not valid JSON: field names must be in double quotes, "
	    "like \"date\"");
	BAD("{'date': 1}",
	    P ":1:2: not valid JSON: use double quotes \"...\" around text, "
	    "not single quotes");
	BAD("{\"draft\": yes}",
	    P ":1:11: not valid JSON: expected a value (text in double "
	    "quotes, a number, true, false, null, [ or {), got yes");
	BAD("{\"draft\": True}",
	    P ":1:11: not valid JSON: expected a value (text in double "
	    "quotes, a number, true, false, null, [ or {), got True (write "
	    "true, false and null in small letters)");
	BAD("{\"title\" \"x\"}",
	    P ":1:10: not valid JSON: expected : after the field name "
	    "\"title\", got \"");
	BAD("{\"title\": \"The \"Great\" War\"}",
	    P ":1:16: not valid JSON: a \" inside text must be written as "
	    "\\\"");
	BAD("{\"priority\": 01}",
	    P ":1:14: not valid JSON: 01 is not a number as JSON writes them");
	BAD("{\"priority\": 1.}",
	    P ":1:14: not valid JSON: 1. is not a number as JSON writes them");
	BAD("{\"priority\": +1}",
	    P ":1:14: not valid JSON: +1 is not a number as JSON writes them");
	BAD("{\"a\": 1}}",
	    P ":1:9: not valid JSON: more text after the object's closing }");
	BAD("{\"a\": 1}\n{\"b\": 2}\n",
	    P ":2:1: not valid JSON: more text after the object's closing }");
	BAD("// a post\n{}",
	    P ":1:1: not valid JSON: comments are not allowed (use a "
	    "\"_comment\" field instead)");
	BAD("{\"tags\": [1, 2}",
	    P ":1:15: not valid JSON: expected , or ], got }");
	BAD("{\n  \"image\": {\"url\": \"https://a.example\"\n}\n",
	    P ":4:1: not valid JSON: the file ends early; the { at line 1 "
	    "has no matching }");
	BAD("{\"a\": ",
	    P ":1:7: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got the end of the file");
	BAD("{\"a\":\f1}",
	    P ":1:6: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got U+000C");
	BAD("",
	    P ": file is empty; expected a JSON object { ... }");
	BAD(" \n\t\r\n",
	    P ": file is empty; expected a JSON object { ... }");
	/* A BOM is not counted in columns. */
	BAD("\xef\xbb\xbf{\"a\":1,}",
	    P ":1:7: not valid JSON: remove the comma before }");
	/* Nesting that cJSON would refuse is refused by name. */
	{
		struct buf b = BUF_INIT;
		int i;

		buf_adds(&b, "{\"x-deep\": ");
		for (i = 0; i < 600; i++)
			buf_addc(&b, '[');
		for (i = 0; i < 600; i++)
			buf_addc(&b, ']');
		buf_addc(&b, '}');
		bad_as(P, b.s, b.len, (const char *const[]){ P ":1:523: not "
		    "valid JSON: values nested more than 512 deep", NULL });
		buf_free(&b);
	}
}

static void
test_invalid_strings(void **state)
{
	BAD("{\n  \"title\": \"Trotsky\n  expelled\"\n}",
	    P ":2:20: not valid JSON: the text has no closing \" on this line "
	    "(write \\n for a line break inside text)");
	BAD("{\"title\": \"Trotsky",
	    P ":1:11: not valid JSON: this text has no closing \"");
	BAD("{\"title\": \"a\tb\"}",
	    P ":1:13: not valid JSON: a tab inside text must be written as "
	    "\\t");
	BAD("{\"title\": \"a\x01\"}",
	    P ":1:13: not valid JSON: control character U+0001 inside text "
	    "must be written as \\u0001");
	BAD("{\"title\": \"C:\\Users\"}",
	    P ":1:14: not valid JSON: \\U is not an escape JSON knows (write "
	    "\\\\ for a backslash)");
	/* cJSON would read these as an empty string. */
	BAD("{\"title\": \"\\uZZZZ\"}",
	    P ":1:12: not valid JSON: \\u must be followed by 4 hex digits "
	    "(0-9, A-F)");
	BAD("{\"title\": \"\\u00e\"}",
	    P ":1:12: not valid JSON: \\u must be followed by 4 hex digits "
	    "(0-9, A-F)");
	BAD("{\"title\": \"\\ud83d\"}",
	    P ":1:12: not valid JSON: \\uD83D is half of a surrogate pair, "
	    "without its second half");
	BAD("{\"title\": \"\\ude00\"}",
	    P ":1:12: not valid JSON: \\uDE00 is half of a surrogate pair, "
	    "without its first half");
}

static void
test_valid_escapes(void **state)
{
	struct post p;

	GOOD("{\"date\": \"1927-11-12\", \"title\": \"\\\"Q\\\" \\\\ \\/ "
	    "\\ud83d\\ude00 \\u00E9\"}", &p);
	assert_string_equal(p.title, "\"Q\" \\ / \xf0\x9f\x98\x80 \xc3\xa9");
	post_free(&p);
}

static void
test_invalid_utf8(void **state)
{
	/* Latin-1 e-acute; the column counts the code points before it. */
	BAD("{\n  \"title\": \"Caf\xe9\"\n}",
	    P ":2:16: not valid UTF-8 (byte 0xE9); save the file as UTF-8");
	BAD("{\"t\xc3\xa9\": \"\xc3\xa9\xff\"}",
	    P ":1:10: not valid UTF-8 (byte 0xFF); save the file as UTF-8");
	/* Overlong "/", an encoded surrogate, above U+10FFFF, cut short. */
	BAD("{\"a\": \"\xc0\xaf\"}",
	    P ":1:8: not valid UTF-8 (byte 0xC0); save the file as UTF-8");
	BAD("{\"a\": \"\xed\xa0\x80\"}",
	    P ":1:8: not valid UTF-8 (byte 0xED); save the file as UTF-8");
	BAD("{\"a\": \"\xf4\x90\x80\x80\"}",
	    P ":1:8: not valid UTF-8 (byte 0xF4); save the file as UTF-8");
	BAD("{\"a\": \"x\"}\xe2\x82",
	    P ":1:11: not valid UTF-8 (byte 0xE2); save the file as UTF-8");
	/* A BOM in UTF-16 is not UTF-8. */
	BAD("\xff\xfe{\0}\0",
	    P ":1:1: not valid UTF-8 (byte 0xFF); save the file as UTF-8");
}

static void
test_nul_escape(void **state)
{
	BAD("{\n  \"date\": \"1927-11-12\",\n  \"title\": \"x\",\n"
	    "  \"summary\": \"ab\\u0000cd\"\n}",
	    P ":4:17: \"summary\": text may not contain \\u0000");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\\u0000\"}",
	    P ":1:35: \"title\": text may not contain \\u0000");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"tags\": [\"a\", "
	    "\"\\u0000\"]}",
	    P ":1:53: \"tags\"[2]: text may not contain \\u0000");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"x-a\": {\"b\": "
	    "[\"\\u0000\"]}}",
	    P ":1:53: \"x-a\".\"b\"[1]: text may not contain \\u0000");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"ti\\u0000tle\": 1}",
	    P ":1:41: field name \"ti\\u0000tle\" may not contain \\u0000");
	/* An escaped backslash before "u0000" is not \u0000. */
	{
		struct post p;

		GOOD("{\"date\": \"1927-11-12\", "
		    "\"title\": \"a\\\\u0000\"}", &p);
		assert_string_equal(p.title, "a\\u0000");
		post_free(&p);
	}
}

static void
test_duplicate_keys(void **state)
{
	BAD("{\n"
	    "  \"date\": \"1927-11-12\",\n"
	    "  \"title\": \"First\",\n"
	    "  \"title\": \"Second\"\n"
	    "}",
	    P ":4:3: duplicate field \"title\" (first at line 3)");
	BAD("{\n"
	    "  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"image\": {\n"
	    "    \"url\": \"https://a.example/1.jpg\",\n"
	    "    \"url\": \"https://a.example/2.jpg\"\n"
	    "  },\n"
	    "  \"x-a\": [{\"k\": 1, \"k\": 2, \"k\": 3}],\n"
	    "  \"platforms\": {\"feed\": {}, \"feed\": {\"skip\": \"no\"}}\n"
	    "}",
	    P ":5:5: duplicate field \"url\" in \"image\" (first at line 4)",
	    P ":7:20: duplicate field \"k\" in \"x-a\"[1] (first at line 7)",
	    P ":7:28: duplicate field \"k\" in \"x-a\"[1] (first at line 7)",
	    P ":8:29: duplicate field \"feed\" in \"platforms\" (first at "
	    "line 8)");
	/* Escapes are decoded before keys are compared. */
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", "
	    "\"\\u0074itle\": \"y\"}",
	    P ":1:38: duplicate field \"title\" (first at line 1)");
}

static void
test_unknown_fields(void **state)
{
	BAD("{\n"
	    "  \"date\": \"1927-11-12\",\n"
	    "  \"titel\": \"x\",\n"
	    "  \"Title\": \"x\",\n"
	    "  \"title\": \"x\",\n"
	    "  \"hashtags\": [],\n"
	    "  \"image\": {\"uri\": \"https://a.example/i.jpg\"},\n"
	    "  \"platforms\": {\n"
	    "    \"twiter\": {},\n"
	    "    \"myspace\": {},\n"
	    "    \"facebook\": {\"txt\": \"x\"},\n"
	    "    \"twitter\": {\"board_id\": \"1\"}\n"
	    "  },\n"
	    "  \"comment\": \"x\",\n"
	    "  \"X-note\": \"x\"\n"
	    "}",
	    P ":3:3: unknown field \"titel\" (did you mean \"title\"?)",
	    P ":4:3: unknown field \"Title\" (did you mean \"title\"?)",
	    P ":6:3: unknown field \"hashtags\"",
	    P ":7:12: missing required field \"url\" or \"file\" in \"image\"",
	    P ":7:13: unknown field \"uri\" in \"image\" (did you mean "
	    "\"url\"?)",
	    P ":9:5: unknown platform \"twiter\" in \"platforms\" (did you "
	    "mean \"twitter\"?)",
	    P ":10:5: unknown platform \"myspace\" in \"platforms\" (known: "
	    "twitter, linkedin, facebook, instagram, pinterest, feed, "
	    "mastodon, bluesky, threads)",
	    P ":11:18: unknown field \"txt\" in \"platforms\".\"facebook\" "
	    "(did you mean \"text\"?)",
	    P ":12:17: \"platforms\".\"twitter\".\"board_id\": only pinterest "
	    "has a board_id",
	    P ":14:3: unknown field \"comment\"",
	    P ":15:3: unknown field \"X-note\"");
}

static void
test_wrong_types(void **state)
{
	BAD("{\n"
	    "  \"date\": 19271112,\n"
	    "  \"title\": 42,\n"
	    "  \"tags\": \"History\",\n"
	    "  \"draft\": \"yes\",\n"
	    "  \"summary\": [\"a\"],\n"
	    "  \"url\": null,\n"
	    "  \"image\": \"https://a.example/i.jpg\",\n"
	    "  \"time\": 1030,\n"
	    "  \"id\": 7,\n"
	    "  \"priority\": \"5\",\n"
	    "  \"era\": false,\n"
	    "  \"years\": 5,\n"
	    "  \"platforms\": [\"twitter\"]\n"
	    "}",
	    P ":2:3: \"date\": expected text like \"1927-11-12\" or "
	    "\"--11-12\", got 19271112",
	    P ":3:3: \"title\": expected text, got 42",
	    P ":4:3: \"tags\": expected an array of tags like [\"History\"], "
	    "got \"History\"",
	    P ":5:3: \"draft\": expected true or false, got \"yes\"",
	    P ":6:3: \"summary\": expected text, got an array",
	    P ":7:3: \"url\": expected text like \"https://...\", got null",
	    P ":8:3: \"image\": expected an object like { \"url\": "
	    "\"https://...\", \"alt\": \"...\", \"credit\": \"...\" }, got "
	    "\"https://a.example/i.jpg\"",
	    P ":9:3: \"time\": expected text like \"10:30\", got 1030",
	    P ":10:3: \"id\": expected text, got 7",
	    P ":11:3: \"priority\": expected a whole number from -1000 to "
	    "1000, got \"5\"",
	    P ":12:3: \"era\": expected \"BC\", got false",
	    P ":13:3: \"years\": expected an object like { \"from\": 2025, "
	    "\"until\": 2030, \"every\": 5 }, got 5",
	    P ":14:3: \"platforms\": expected an object like { \"instagram\": "
	    "{ \"skip\": true } }, got an array");
	BAD("{\n"
	    "  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"tags\": [\"a\", 2, [\"b\"]],\n"
	    "  \"image\": {\"url\": 1, \"alt\": {}},\n"
	    "  \"platforms\": {\n"
	    "    \"twitter\": true,\n"
	    "    \"bluesky\": {\"text\": 1, \"skip\": \"true\", "
	    "\"image\": []},\n"
	    "    \"pinterest\": {\"board_id\": 987654321}\n"
	    "  }\n"
	    "}",
	    P ":3:17: \"tags\"[2]: expected text, got 2",
	    P ":3:20: \"tags\"[3]: expected text, got an array",
	    P ":4:13: \"image\".\"url\": expected text like \"https://...\", "
	    "got 1",
	    P ":4:23: \"image\".\"alt\": expected text, got an object",
	    P ":6:5: \"platforms\".\"twitter\": expected an object like "
	    "{ \"skip\": true }, got true",
	    P ":7:17: \"platforms\".\"bluesky\".\"text\": expected text, got 1",
	    P ":7:28: \"platforms\".\"bluesky\".\"skip\": expected true or "
	    "false, got \"true\"",
	    P ":7:44: \"platforms\".\"bluesky\".\"image\": expected an object "
	    "like { \"url\": \"https://...\", \"alt\": \"...\", "
	    "\"credit\": \"...\" }, got an array",
	    P ":8:19: \"platforms\".\"pinterest\".\"board_id\": expected the "
	    "board's number in quotes, like \"987654321\", got 987654321");
}

static void
test_crlf_and_tabs(void **state)
{
	/* Lines end at \n (a \r before it is a blank); a tab is one column. */
	BAD("{\r\n  \"date\": \"1927-11-12\",\r\n\t\"title\": 5\r\n}\r\n",
	    P ":3:2: \"title\": expected text, got 5");
}

static void
test_top_level_not_object(void **state)
{
	BAD("[{\"date\": \"1927-11-12\", \"title\": \"x\"}]",
	    P ":1:1: expected a JSON object { ... } at the top level, got an "
	    "array");
	/* not a post file at all: a few characters of it, no more */
	BAD("\n  \"hello\"\n",
	    P ":2:3: expected a JSON object { ... } at the top level, got "
	    "\"hel...\"");
	BAD("\"hey\"",
	    P ":1:1: expected a JSON object { ... } at the top level, got "
	    "\"hey\"");
	BAD("4111111111111111\n",
	    P ":1:1: expected a JSON object { ... } at the top level, got "
	    "411...");
	BAD("null",
	    P ":1:1: expected a JSON object { ... } at the top level, got "
	    "null");
}

/* A file that is not JSON at all (a password file, a token, a key) is
 * quoted 3 characters at most, whatever it holds. */
static void
test_not_json_quoted_short(void **state)
{
	BAD("ghp_SECRETSECRETSECRET\n",
	    P ":1:1: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got ghp...");
	BAD("root:$y$j9T$SECRET:19000:0:99999:7:::\n",
	    P ":1:1: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got roo...");
	BAD("TOKEN=SECRET\n",
	    P ":1:1: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got TOK...");
	BAD("4111-1111-1111-1111\n",
	    P ":1:1: not valid JSON: 411... is not a number as JSON writes "
	    "them");
	BAD("{\"draft\": SECRETSECRET}",
	    P ":1:11: not valid JSON: expected a value (text in double "
	    "quotes, a number, true, false, null, [ or {), got SEC...");
	/* three or fewer are quoted whole, and the literals for the hint */
	BAD("abc",
	    P ":1:1: not valid JSON: expected a value (text in double quotes, "
	    "a number, true, false, null, [ or {), got abc");
	BAD("{\"draft\": FALSE}",
	    P ":1:11: not valid JSON: expected a value (text in double "
	    "quotes, a number, true, false, null, [ or {), got FALSE (write "
	    "true, false and null in small letters)");
	BAD("{\"draft\": Falsey}",
	    P ":1:11: not valid JSON: expected a value (text in double "
	    "quotes, a number, true, false, null, [ or {), got Fal...");
}

static void
test_missing_required(void **state)
{
	BAD("{}",
	    P ":1:1: missing required field \"date\" (YYYY-MM-DD, or --MM-DD "
	    "when the year is unknown)",
	    P ":1:1: missing required field \"title\"");
	BAD("\n  {\"x-a\": 1, \"title\": \"x\"}",
	    P ":2:3: missing required field \"date\" (YYYY-MM-DD, or --MM-DD "
	    "when the year is unknown)");
}

#define DATE_HEAD "{\n  \"title\": \"x\",\n  \"date\": "

static void
test_impossible_dates(void **state)
{
	BAD(DATE_HEAD "\"1927-02-30\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-02-30\" (February has at most 29 days)");
	BAD(DATE_HEAD "\"--02-30\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"--02-30\" (February has at most 29 days)");
	BAD(DATE_HEAD "\"1927-13-01\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-13-01\" (no month 13)");
	BAD(DATE_HEAD "\"--13-01\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"--13-01\" (no month 13)");
	BAD(DATE_HEAD "\"1927-00-01\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-00-01\" (no month 00)");
	BAD(DATE_HEAD "\"0000-01-01\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"0000-01-01\" (there is no year 0)");
	BAD(DATE_HEAD "\"0000-01-01\", \"era\": \"BC\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"0000-01-01\" (there is no year 0)");
	BAD(DATE_HEAD "\"2023-02-29\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"2023-02-29\" (2023 is not a leap year)");
	BAD(DATE_HEAD "\"1900-02-29\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1900-02-29\" (1900 is not a leap year)");
	/* 45 BC is astronomical year -44, a leap year; 44 BC is not. */
	BAD(DATE_HEAD "\"0044-02-29\", \"era\": \"BC\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"0044-02-29\" (44 BC is not a leap year)");
	BAD(DATE_HEAD "\"1927-04-31\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-04-31\" (April has 30 days)");
	BAD(DATE_HEAD "\"1927-01-00\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-01-00\" (no day 00)");
	BAD(DATE_HEAD "\"12.11.1927\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"12.11.1927\"");
	BAD(DATE_HEAD "\"1927-1-5\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-1-5\"");
	BAD(DATE_HEAD "\"927-11-12\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"927-11-12\"");
	BAD(DATE_HEAD "\"1927-11-12 \"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-11-12 \"");
	BAD(DATE_HEAD "\"-0044-03-15\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"-0044-03-15\" (for a year BC write the year and \"era\": "
	    "\"BC\")");
	BAD(DATE_HEAD "\"10000-01-01\"\n}",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"10000-01-01\" (years go from 1 to 9999)");
}

static void
test_era(void **state)
{
	BAD("{\n  \"title\": \"x\",\n  \"date\": \"--03-15\",\n"
	    "  \"era\": \"BC\"\n}",
	    P ":4:3: \"era\": \"BC\" needs a date with a year, but \"date\" is "
	    "\"--03-15\"");
	BAD("{\n  \"title\": \"x\",\n  \"date\": \"1066-10-14\",\n"
	    "  \"era\": \"AD\"\n}",
	    P ":4:3: \"era\": expected \"BC\", got \"AD\" (leave \"era\" out "
	    "for years of the common era)");
	BAD("{\n  \"title\": \"x\",\n  \"date\": \"0044-03-15\",\n"
	    "  \"era\": \"bc\"\n}",
	    P ":4:3: \"era\": expected \"BC\", got \"bc\"");
}

static void
test_title(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	BAD("{\n  \"date\": \"1927-11-12\",\n  \"title\": \"\"\n}",
	    P ":3:3: \"title\": expected text of 1 to 200 characters, got 0");
	BAD("{\n  \"date\": \"1927-11-12\",\n"
	    "  \"title\": \"Trotsky\\nexpelled\"\n}",
	    P ":3:3: \"title\": expected one line of text, got a line break");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"a\\r\\nb\"}",
	    P ":1:24: \"title\": expected one line of text, got a line break");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"a\\u2028b\"}",
	    P ":1:24: \"title\": expected one line of text, got a line break");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"a\\tb\"}",
	    P ":1:24: \"title\": expected text without control characters, "
	    "got a tab");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"a\\u007f\"}",
	    P ":1:24: \"title\": expected text without control characters, "
	    "got U+007F");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"   \"}",
	    P ":1:24: \"title\": expected text of 1 to 200 characters, got "
	    "only spaces");

	buf_adds(&b, "{\n  \"date\": \"1927-11-12\",\n  \"title\": \"");
	for (i = 0; i < 201; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_adds(&b, "\"\n}");
	bad_as(P, b.s, b.len, (const char *const[]){ P ":3:3: \"title\": "
	    "expected text of 1 to 200 characters, got 201", NULL });
	buf_free(&b);
}

static void
test_text_fields(void **state)
{
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"summary\": "
	    "\"a\\u0007\", \"image\": {\"url\": \"https://a.example/i\", "
	    "\"alt\": \"a\\rb\"}, \"platforms\": {\"feed\": {\"text\": \"\"}}}",
	    P ":1:38: \"summary\": expected text without control characters, "
	    "got U+0007",
	    P ":1:100: \"image\".\"alt\": expected text without control "
	    "characters, got U+000D",
	    P ":1:139: \"platforms\".\"feed\".\"text\": expected a template of "
	    "at least 1 character, got \"\" (use \"skip\": true to leave the "
	    "platform out)");
}

static void
test_urls(void **state)
{
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"url\": \"ftp://example.org/file\"\n}",
	    P ":3:3: \"url\": expected a link starting with https:// or "
	    "http://, got \"ftp://example.org/file\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"url\": \"en.wikipedia.org/wiki/Trotsky\"\n}",
	    P ":3:3: \"url\": expected a link starting with https:// or "
	    "http://, got \"en.wikipedia.org/wiki/Trotsky\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"url\": \"https://\"\n}",
	    P ":3:3: \"url\": expected a link with a host name after "
	    "https://, got \"https://\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"url\": \"http:///path\"\n}",
	    P ":3:3: \"url\": expected a link with a host name after "
	    "http://, got \"http:///path\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"url\": \"https://example.org/Leon Trotsky\"\n}",
	    P ":3:3: \"url\": expected a link without spaces (write %20 for a "
	    "space), got \"https://example.org/Leon Trotsky\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"image\": {\"alt\": \"x\", \"url\": \"file:///tmp/a.jpg\"}\n}",
	    P ":3:25: \"image\".\"url\": expected a link starting with "
	    "https:// or http://, got \"file:///tmp/a.jpg\"");
	/* A long value is cut in the message. */
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"url\": \"mailto:"
	    "someone.with.a.very.long.address@example.org\"}",
	    P ":1:38: \"url\": expected a link starting with https:// or "
	    "http://, got \"mailto:someone.with.a.very.long.address@example.o"
	    "...\"");
}

static void
test_tags(void **state)
{
	struct post p;

	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"tags\": [\"OnThisDay\", \"#History\", \"On This Day\", \"\", "
	    "\"Soviet-Union\", \"a\\u00a0b\", \"x\\u2019s\"]\n}",
	    P ":3:25: \"tags\"[2]: \"#History\": write tags without the "
	    "leading #",
	    P ":3:37: \"tags\"[3]: expected a tag of letters, digits and _ "
	    "only, got \"On This Day\" (a space is not allowed)",
	    P ":3:52: \"tags\"[4]: expected a tag of letters, digits and _ "
	    "only, got \"\"",
	    P ":3:56: \"tags\"[5]: expected a tag of letters, digits and _ "
	    "only, got \"Soviet-Union\" (\"-\" is not allowed)",
	    P ":3:72: \"tags\"[6]: expected a tag of letters, digits and _ "
	    "only, got \"a\\u00a0b\" (U+00A0 is not allowed)",
	    P ":3:84: \"tags\"[7]: expected a tag of letters, digits and _ "
	    "only, got \"x\\u2019s\" (\"\xe2\x80\x99\" is not allowed)");

	/* Digits only is a warning: the post is still valid. */
	{
		static const char json[] = "{\"date\": \"1927-11-12\", "
		    "\"title\": \"x\", \"tags\": [\"1927\", \"History\"]}";

		assert_int_equal(check(P, json, sizeof(json) - 1,
		    (const char *const[]){ P ":1:47: warning: \"tags\"[1]: "
		    "\"1927\" has no letter; platforms do not link a tag of "
		    "digits only", NULL }, &p), 0);
		assert_int_equal(p.ntags, 2);
		assert_string_equal(p.tags[0], "1927");
		post_free(&p);
	}

	GOOD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"tags\": []}", &p);
	assert_int_equal(p.ntags, 0);
	post_free(&p);
}

static void
test_time(void **state)
{
	struct post p;

	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"time\": \"24:00\"\n}",
	    P ":3:3: \"time\": expected HH:MM from 00:00 to 23:59, got "
	    "\"24:00\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"time\": \"9:5\"\n}",
	    P ":3:3: \"time\": expected HH:MM from 00:00 to 23:59, got "
	    "\"9:5\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"time\": \"12:60\"\n}",
	    P ":3:3: \"time\": expected HH:MM from 00:00 to 23:59, got "
	    "\"12:60\"");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"time\": \"10:30:00\"\n}",
	    P ":3:3: \"time\": expected HH:MM from 00:00 to 23:59, got "
	    "\"10:30:00\"");
	GOOD("{\"date\": \"1927-11-12\", \"title\": \"x\", "
	    "\"time\": \"09:05\"}", &p);
	assert_int_equal(p.time, 9 * 60 + 5);
	post_free(&p);
	GOOD("{\"date\": \"1927-11-12\", \"title\": \"x\"}", &p);
	assert_int_equal(p.time, -1);
	post_free(&p);
}

static void
test_id_priority_draft(void **state)
{
	struct buf b = BUF_INIT;
	struct post p;
	int i;

	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"id\": \"11/12 trotsky\",\n"
	    "  \"priority\": 2.5,\n"
	    "  \"draft\": 1\n}",
	    P ":3:3: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "got \"11/12 trotsky\"",
	    P ":4:3: \"priority\": expected a whole number from -1000 to "
	    "1000, got 2.5",
	    P ":5:3: \"draft\": expected true or false, got 1");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"id\": \"\", "
	    "\"priority\": 1001}",
	    P ":1:38: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "got \"\"",
	    P ":1:48: \"priority\": expected a whole number from -1000 to "
	    "1000, got 1001");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"priority\": 1e400}",
	    P ":1:38: \"priority\": expected a whole number from -1000 to "
	    "1000, got 1e400");

	/* "." and "..", at the id's line and column; "/" never */
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"id\": \".\"\n}",
	    P ":3:3: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "not \".\" or \"..\" alone, got \".\"");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\",\n \"id\": \"..\"}",
	    P ":2:2: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "not \".\" or \"..\" alone, got \"..\"");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"id\": \"../x\"}",
	    P ":1:38: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "got \"../x\"");
	BAD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"id\": \"/\"}",
	    P ":1:38: \"id\": expected 1 to 100 letters, digits, -, _ or ., "
	    "got \"/\"");
	GOOD("{\"date\": \"1927-11-12\", \"title\": \"x\", \"id\": \".x.\"}",
	    &p);
	assert_string_equal(p.id, ".x.");
	post_free(&p);

	buf_adds(&b, "{\"date\": \"1927-11-12\", \"title\": \"x\", \"id\": \"");
	for (i = 0; i < 101; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\"}");
	bad_as(P, b.s, b.len, (const char *const[]){ P ":1:38: \"id\": "
	    "expected 1 to 100 letters, digits, -, _ or ., got \"aaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"", NULL });
	buf_free(&b);
}

static void
test_years(void **state)
{
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"years\": { \"every\": 0 }\n}",
	    P ":3:14: \"years\".\"every\": expected a whole number from 1 to "
	    "9999, got 0");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"years\": { \"from\": 2030, \"until\": 2025 }\n}",
	    P ":3:28: \"years\".\"until\": expected a year no earlier than "
	    "\"from\" (2030), got 2025");
	BAD("{\n  \"date\": \"1927-11-12\", \"title\": \"x\",\n"
	    "  \"years\": { \"from\": 0, \"until\": 2025.5, \"evry\": 5 }\n}",
	    P ":3:14: \"years\".\"from\": expected a year from 1 to 9999, "
	    "got 0",
	    P ":3:25: \"years\".\"until\": expected a year from 1 to 9999, got "
	    "2025.5",
	    P ":3:42: unknown field \"evry\" in \"years\" (did you mean "
	    "\"every\"?)");
	BAD("{\n  \"date\": \"--11-12\", \"title\": \"x\",\n"
	    "  \"years\": { \"every\": 10 }\n}",
	    P ":3:14: \"years\".\"every\": counting anniversaries needs a date "
	    "with a year, but \"date\" is \"--11-12\"");
}

static void
test_many_errors_in_one_run(void **state)
{
	BAD("{\n"
	    "  \"title\": \"\",\n"
	    "  \"date\": \"1927-13-12\",\n"
	    "  \"tags\": [\"#a\"],\n"
	    "  \"time\": \"25:00\",\n"
	    "  \"x-ok\": 1,\n"
	    "  \"colour\": \"red\"\n"
	    "}",
	    P ":2:3: \"title\": expected text of 1 to 200 characters, got 0",
	    P ":3:3: \"date\": expected YYYY-MM-DD or --MM-DD, got "
	    "\"1927-13-12\" (no month 13)",
	    P ":4:12: \"tags\"[1]: \"#a\": write tags without the leading #",
	    P ":5:3: \"time\": expected HH:MM from 00:00 to 23:59, got "
	    "\"25:00\"",
	    P ":7:3: unknown field \"colour\"");
}

static void
test_too_big(void **state)
{
	char *big = xmalloc(70000);
	char path[] = "/tmp/almanac-test-post.XXXXXX";
	struct diags d = DIAGS_INIT;
	struct post p;
	char *s;
	int fd;

	memset(big, ' ', 70000);
	big[0] = '{';
	big[69999] = '}';
	bad_as(P, big, 70000, (const char *const[]){ P ": file is 70000 "
	    "bytes; a post file may be at most 65536 bytes", NULL });

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, 70000), 70000);
	assert_int_equal(post_load(path, &p, &d), -1);
	assert_int_equal(d.n, 1);
	s = diag_format(&d.v[0]);
	assert_true(strncmp(s, path, strlen(path)) == 0);
	assert_string_equal(s + strlen(path), ": file is 70000 bytes; a post "
	    "file may be at most 65536 bytes");
	free(s);
	diags_free(&d);
	assert_null(p.title);

	/* A sparse 1 GiB file is refused from its size, without reading. */
	assert_int_equal(ftruncate(fd, 1L << 30), 0);
	assert_int_equal(post_load(path, &p, &d), -1);
	s = diag_format(&d.v[0]);
	assert_string_equal(s + strlen(path), ": file is 1073741824 bytes; a "
	    "post file may be at most 65536 bytes");
	free(s);
	diags_free(&d);

	/* 65536 bytes exactly is allowed. */
	assert_int_equal(ftruncate(fd, 0), 0);
	memset(big, ' ', 65536);
	memcpy(big, "{\"date\":\"1927-11-12\",\"title\":\"x\"}", 33);
	assert_int_equal(pwrite(fd, big, 65536, 0), 65536);
	close(fd);
	assert_int_equal(post_load(path, &p, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(p.title, "x");
	assert_string_equal(p.id, path + strlen("/tmp/"));
	post_free(&p);
	unlink(path);
	free(big);
}

static void
test_load_errors(void **state)
{
	struct diags d = DIAGS_INIT;
	struct post p;
	char *s;

	assert_int_equal(post_load("/nonexistent/almanac/x.json", &p, &d), -1);
	assert_int_equal(d.n, 1);
	s = diag_format(&d.v[0]);
	assert_string_equal(s, "/nonexistent/almanac/x.json: cannot open the "
	    "file: No such file or directory");
	free(s);
	diags_free(&d);
	assert_null(p.file);

	assert_int_equal(post_load("/tmp", &p, &d), -1);
	s = diag_format(&d.v[0]);
	assert_string_equal(s, "/tmp: not a regular file");
	free(s);
	diags_free(&d);
}

/* A FIFO is refused at once, never waited on. */
static void
test_load_fifo(void **state)
{
	char *dir = fixture_tmpdir("post-fifo"), *path;
	struct diags d = DIAGS_INIT;
	struct post p;
	char *s, *want;

	path = xasprintf("%s/x.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(10);	/* a regression fails instead of hanging */
	assert_int_equal(post_load(path, &p, &d), -1);
	alarm(0);
	assert_int_equal(d.n, 1);
	s = diag_format(&d.v[0]);
	want = xasprintf("%s: not a regular file", path);
	assert_string_equal(s, want);
	free(want);
	free(s);
	diags_free(&d);
	fixture_rmtree(dir);
	free(dir);
	free(path);
}

static void
test_load_valid(void **state)
{
	char *dir = fixture_tmpdir("post");
	char *path = xasprintf("%s/t.json", dir);
	struct diags d = DIAGS_INIT;
	struct post p;

	fixture_write(path, trotsky, sizeof(trotsky) - 1, 0644);
	assert_int_equal(post_load(path, &p, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(p.file, path);
	assert_int_equal(p.nplatforms, 3);
	assert_int_equal(p.time, 630);
	post_free(&p);
	fixture_rmtree(dir);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_design_example),
		cmocka_unit_test(test_valid_bc_and_every_field),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_valid_no_year_bom_and_limits),
		cmocka_unit_test(test_default_id),
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_invalid_strings),
		cmocka_unit_test(test_valid_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_escape),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_crlf_and_tabs),
		cmocka_unit_test(test_top_level_not_object),
		cmocka_unit_test(test_not_json_quoted_short),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_era),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_text_fields),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_id_priority_draft),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_many_errors_in_one_run),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_fifo),
		cmocka_unit_test(test_load_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
