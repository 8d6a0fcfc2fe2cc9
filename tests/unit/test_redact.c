/* Unit tests: known secrets out of text from the platforms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "xalloc.h"
#include "platforms/adapter.h"
#include "pconf.h"

/* Credentials as credentials_load would fill them. */
static void
creds(struct credentials *cr)
{
	memset(cr, 0, sizeof(*cr));
	CRED(cr, PF_TWITTER, consumer_key) = xstrdup("fake-consumer-key");
	CRED(cr, PF_TWITTER, consumer_secret) = xstrdup("fake-consumer-secret");
	CRED(cr, PF_TWITTER, access_token) = xstrdup("1234567890-fake-access-token");
	CRED(cr, PF_TWITTER, access_token_secret) = xstrdup("");
	CRED(cr, PF_LINKEDIN, access_token) = xstrdup("AQV/x+y=z\"q\\w==");
	CRED(cr, PF_FACEBOOK, access_token) = xstrdup("short");	/* < 8 */
	CRED(cr, PF_PINTEREST, access_token) = xstrdup("pina_12345678");
	cr->source = xstrdup("credentials.conf");
}

/* redact_text of s equals want. */
static void
check(const struct redact *r, const char *s, const char *want)
{
	char *t = redact_text(r, s);

	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static void
test_every_value_every_time(void **state)
{
	struct credentials cr;
	struct redact r;

	(void)state;
	creds(&cr);
	redact_init(&r, &cr);
	check(&r, "Unauthorized", "Unauthorized");
	check(&r, "", "");
	check(&r, "the linkedin token was refused: renew it (Invalid "
	    "access token 1234567890-fake-access-token)", "the linkedin token "
	    "was refused: renew it (Invalid access token [redacted])");
	/* start, end, twice, side by side */
	check(&r, "pina_12345678 and pina_12345678",
	    "[redacted] and [redacted]");
	check(&r, "pina_12345678pina_12345678", "[redacted][redacted]");
	/* a whole OAuth header echoed */
	check(&r, "OAuth oauth_consumer_key=\"fake-consumer-key\", "
	    "oauth_token=\"1234567890-fake-access-token\", "
	    "oauth_signature=\"abc%3D\"", "OAuth oauth_consumer_key="
	    "\"[redacted]\", oauth_token=\"[redacted]\", "
	    "oauth_signature=\"abc%3D\"");
	/* empty and short values are not secrets worth garbling text for */
	check(&r, "a short answer", "a short answer");
	check(&r, "Bearer short", "Bearer short");
	/* nothing is found in a near miss */
	check(&r, "fake-consumer-kez", "fake-consumer-kez");
	redact_free(&r);
	credentials_free(&cr);
}

static void
test_encoded_forms(void **state)
{
	struct credentials cr;
	struct redact r;

	(void)state;
	creds(&cr);
	redact_init(&r, &cr);
	/* as it is, with " \ / + = in it */
	check(&r, "token AQV/x+y=z\"q\\w== refused", "token [redacted] refused");
	/* percent-encoded, upper and lowercase hex */
	check(&r, "GET /me?access_token=AQV%2Fx%2By%3Dz%22q%5Cw%3D%3D",
	    "GET /me?access_token=[redacted]");
	check(&r, "access_token=AQV%2fx%2by%3dz%22q%5cw%3d%3d&x=1",
	    "access_token=[redacted]&x=1");
	/* JSON-escaped, with / as is and as \/ */
	check(&r, "{\"token\": \"AQV/x+y=z\\\"q\\\\w==\"}",
	    "{\"token\": \"[redacted]\"}");
	check(&r, "{\"token\": \"AQV\\/x+y=z\\\"q\\\\w==\"}",
	    "{\"token\": \"[redacted]\"}");
	redact_free(&r);
	credentials_free(&cr);
}

static void
test_longest_first_and_cut_off(void **state)
{
	struct redact r = REDACT_INIT;

	(void)state;
	redact_add(&r, "token-AAAA1111");
	redact_add(&r, "token-AAAA1111-and-more");
	redact_add(&r, NULL);
	redact_add(&r, "");
	redact_add(&r, "1234567");	/* 7 bytes: left out */
	redact_add(&r, "12345678");	/* 8 bytes: in */
	/* one mark for the longer secret, not a mark and "-and-more" */
	check(&r, "x token-AAAA1111-and-more y", "x [redacted] y");
	check(&r, "x token-AAAA1111 y", "x [redacted] y");
	check(&r, "1234567 12345678", "1234567 [redacted]");
	/* an answer shortened in the middle of a secret */
	check(&r, "refused: token-AAAA1...", "refused: [redacted]...");
	check(&r, "refused: token-AAAA1", "refused: [redacted]");
	/* fewer than REDACT_MIN_LEN bytes of it say nothing */
	check(&r, "refused: token-...", "refused: token-...");
	/* a prefix in the middle of a text is not a cut-off secret */
	check(&r, "token-AAAA1 is not it", "token-AAAA1 is not it");
	redact_free(&r);
	assert_null(r.v);
	assert_int_equal(r.n, 0);
}

static void
test_replace_in_place(void **state)
{
	struct credentials cr;
	struct redact r;
	char *s, *same, *none = NULL, *e, *id, *link, *step;

	(void)state;
	creds(&cr);
	redact_init(&r, &cr);
	s = xstrdup("echo: fake-consumer-secret");
	assert_true(redact_replace(&r, &s));
	assert_string_equal(s, "echo: [redacted]");
	same = s;
	assert_false(redact_replace(&r, &s));
	assert_ptr_equal(s, same);	/* untouched when nothing was found */
	free(s);
	assert_false(redact_replace(&r, &none));
	assert_null(none);
	assert_null(redact_text(&r, NULL));
	redact_free(&r);

	/* an empty list changes nothing */
	redact_init(&r, NULL);
	assert_int_equal(r.n, 0);
	s = xstrdup("fake-consumer-secret");
	assert_false(redact_replace(&r, &s));
	assert_string_equal(s, "fake-consumer-secret");
	check(&r, s, "fake-consumer-secret");
	free(s);
	redact_free(&r);

	/* what publish does with an outcome's strings */
	redact_init(&r, &cr);
	e = xstrdup("refused (Bearer pina_12345678)");
	id = xstrdup("pina_12345678");
	link = xstrdup("https://example.org/?t=pina_12345678");
	step = NULL;
	assert_true(redact_replace(&r, &e));
	assert_true(redact_replace(&r, &id));
	assert_true(redact_replace(&r, &link));
	assert_false(redact_replace(&r, &step));
	assert_string_equal(e, "refused (Bearer [redacted])");
	assert_string_equal(id, "[redacted]");
	assert_string_equal(link, "https://example.org/?t=[redacted]");
	assert_null(step);
	free(e);
	free(id);
	free(link);
	redact_free(&r);
	credentials_free(&cr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value_every_time),
		cmocka_unit_test(test_encoded_forms),
		cmocka_unit_test(test_longest_first_and_cut_off),
		cmocka_unit_test(test_replace_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
