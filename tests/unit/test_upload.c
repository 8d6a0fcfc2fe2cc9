/* Tests of platforms/upload: the upload kept as a pair's progress
 * ("upload:ID:T"), taken only while young enough. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platforms/upload.h"

/* Whether progress p is a kept upload at now for max_age; its id in id. */
static bool
kept(const char *p, long long now, long long max_age, char *id)
{
	struct adapter_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.progress = p;
	ctx.now = now;
	return upload_kept(&ctx, max_age, id);
}

static void
test_step_round_trip(void **state)
{
	char id[ADAPTER_ID_MAX + 1];
	char *s = upload_step("1880000000000000001", 1000);

	(void)state;
	assert_string_equal(s, "upload:1880000000000000001:1000");
	assert_true(kept(s, 1000, 60, id));
	assert_string_equal(id, "1880000000000000001");
	assert_true(kept(s, 1060, 60, id));
	free(s);
}

static void
test_too_old_or_not_an_upload(void **state)
{
	char id[ADAPTER_ID_MAX + 1];

	(void)state;
	assert_false(kept("upload:7:1000", 1061, 60, id));	/* too old */
	assert_false(kept("upload:7:1000", 999, 60, id));	/* future */
	assert_false(kept(NULL, 1000, 60, id));
	assert_false(kept("container:7", 1000, 60, id));
	assert_false(kept("upload::1000", 1000, 60, id));
	assert_false(kept("upload:7", 1000, 60, id));
	assert_false(kept("upload:7:", 1000, 60, id));
	assert_false(kept("upload:7:10x", 1000, 60, id));
	assert_false(kept("upload:a/b:1000", 1000, 60, id));
	assert_false(kept("upload:7:-5", 1000, 60, id));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_round_trip),
		cmocka_unit_test(test_too_old_or_not_an_upload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
