/* Tests of multipart (a multipart/form-data body with a picture's bytes)
 * and base64 (a picture in a JSON body). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base64.h"
#include "multipart.h"

/* The exact body: fields, then the file with NUL bytes in it, then the
 * closing delimiter; its length counts the NULs. */
static void
test_body(void **state)
{
	static const char bytes[] = { '\xff', '\xd8', '\xff', '\0', 'x', '\0' };
	static const char want[] =
	    "--b0\r\n"
	    "Content-Disposition: form-data; name=\"media_category\"\r\n"
	    "\r\n"
	    "tweet_image\r\n"
	    "--b0\r\n"
	    "Content-Disposition: form-data; name=\"media\"; "
	    "filename=\"picture.jpg\"\r\n"
	    "Content-Type: image/jpeg\r\n"
	    "\r\n"
	    "\xff\xd8\xff\0x\0\r\n"
	    "--b0--\r\n";
	struct multipart mp;
	char *body, *ctype;
	size_t len = 0;

	(void)state;
	multipart_init(&mp, "b0");
	multipart_field(&mp, "media_category", "tweet_image");
	multipart_file(&mp, "media", "picture.jpg", "image/jpeg", bytes,
	    sizeof(bytes));
	body = multipart_finish(&mp, &len, &ctype);
	assert_non_null(body);
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(body, want, len);
	assert_int_equal(body[len], '\0');
	assert_string_equal(ctype, "multipart/form-data; boundary=b0");
	free(body);
	free(ctype);
}

/* A boundary that the bytes hold is refused: the body could not be
 * read back. */
static void
test_clash(void **state)
{
	struct multipart mp;
	char *body, *ctype = (char *)"x";
	size_t len = 0;

	(void)state;
	multipart_init(&mp, "abc");
	multipart_field(&mp, "description", "one\r\n--abc-- two");
	body = multipart_finish(&mp, &len, &ctype);
	assert_null(body);
	assert_null(ctype);

	multipart_init(&mp, "abc");
	multipart_file(&mp, "file", "p.png", "image/png", "ab--abcd", 8);
	assert_null(multipart_finish(&mp, &len, &ctype));
}

/* A boundary is cut to 70 characters, others replaced, never empty. */
static void
test_boundary(void **state)
{
	struct multipart mp;
	char big[100];

	(void)state;
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	multipart_init(&mp, big);
	assert_int_equal(strlen(mp.boundary), MULTIPART_BOUNDARY_MAX);
	multipart_init(&mp, "a b\"c");
	assert_string_equal(mp.boundary, "axbxc");
	multipart_init(&mp, "");
	assert_string_equal(mp.boundary, "x");
	multipart_free(&mp);
}

/* RFC 4648's vectors, and bytes with NULs. */
static void
test_base64(void **state)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = base64_encode(v[i][0], strlen(v[i][0]));
		assert_string_equal(s, v[i][1]);
		free(s);
	}
	s = base64_encode("\xff\xd8\xff\0", 4);
	assert_string_equal(s, "/9j/AA==");
	free(s);
}

/* A buffer longer than one piece of the encoder: the same as encoding
 * it at once would give (every 3 bytes "AAAA" for zeros). */
static void
test_base64_long(void **state)
{
	size_t n = 3 * 1024 * 1024 + 4, i;
	char *p = calloc(n, 1), *s;

	(void)state;
	assert_non_null(p);
	s = base64_encode(p, n);
	assert_int_equal(strlen(s), (n + 2) / 3 * 4);
	for (i = 0; i < (n / 3) * 4; i++)
		if (s[i] != 'A')
			fail_msg("byte %zu is %c", i, s[i]);
	assert_string_equal(s + (n / 3) * 4, "AA==");
	free(s);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_clash),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_base64_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
