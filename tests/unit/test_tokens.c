/* Tests of tokens: the token store in a real SQLite file. */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tokens.h"
#include "xalloc.h"

static char dir[] = "/tmp/almanac-tokens.XXXXXX";
static char *state;	/* dir/state, made by the store */

static int
setup(void **st)
{
	(void)st;
	assert_non_null(mkdtemp(dir));
	state = xasprintf("%s/state", dir);
	return 0;
}

static int
teardown(void **st)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)st;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(state);
	return 0;
}

/* No store yet: empty, and nothing made. */
static void
test_missing_is_empty(void **st)
{
	struct tokens t = TOKENS_INIT;
	char *err = NULL, *path = tokens_path(state);

	(void)st;
	assert_int_equal(tokens_load(state, &t, &err), 0);
	assert_null(err);
	assert_int_equal(t.n, 0);
	assert_null(tokens_get(&t, "p", "access_token"));
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

/* Written rows are read back by another load, replaced by (platform,
 * name), kept apart per platform; the file is 0600 in a 0700 folder. */
static void
test_put_and_load(void **st)
{
	struct tokens t = TOKENS_INIT, u = TOKENS_INIT;
	const struct token_value first[] = {
		{ "p", "access_token", "access-1", 1000 },
		{ "p", "refresh_token", "refresh-1", 5000 },
		{ "q", "session", "s-1", 0 },
	};
	const struct token_value second[] = {
		{ "p", "access_token", "access-2", 2000 },
		{ "p", "refresh_token", "refresh-2", 6000 },
	};
	const struct token *k;
	char *err = NULL, *path = tokens_path(state);
	struct stat sb;

	(void)st;
	assert_int_equal(tokens_put(state, &t, first, 3, 100, &err), 0);
	assert_null(err);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(state, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(tokens_put(state, &t, second, 2, 200, &err), 0);
	k = tokens_get(&t, "p", "refresh_token");
	assert_non_null(k);
	assert_string_equal(k->value, "refresh-2");

	assert_int_equal(tokens_load(state, &u, &err), 0);
	assert_int_equal(u.n, 3);
	k = tokens_get(&u, "p", "access_token");
	assert_non_null(k);
	assert_string_equal(k->value, "access-2");
	assert_int_equal(k->expires_at, 2000);
	assert_int_equal(k->updated_at, 200);
	k = tokens_get(&u, "p", "refresh_token");
	assert_string_equal(k->value, "refresh-2");
	assert_int_equal(k->expires_at, 6000);
	k = tokens_get(&u, "q", "session");
	assert_non_null(k);
	assert_string_equal(k->value, "s-1");
	assert_int_equal(k->updated_at, 100);
	assert_null(tokens_get(&u, "q", "access_token"));
	assert_null(tokens_get(NULL, "p", "access_token"));
	tokens_free(&t);
	tokens_free(&u);
	assert_int_equal(u.n, 0);
	free(path);
}

/* A store others can read is made private again when it is written. */
static void
test_mode_restored(void **st)
{
	struct tokens t = TOKENS_INIT;
	const struct token_value v = { "p", "access_token", "access-3", 0 };
	char *err = NULL, *path = tokens_path(state);
	struct stat sb;

	(void)st;
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(tokens_put(state, &t, &v, 1, 300, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	tokens_free(&t);
	free(path);
}

/* A symbolic link, a folder, a file that is not SQLite: refused with the
 * file named, and nothing in *t. */
static void
test_refused(void **st)
{
	struct tokens t = TOKENS_INIT;
	const struct token_value v = { "p", "access_token", "x", 0 };
	char *err = NULL, *other = xasprintf("%s/other", dir);
	char *path = xasprintf("%s/tokens.db", other);
	FILE *f;

	(void)st;
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	assert_int_equal(tokens_load(other, &t, &err), -1);
	assert_non_null(strstr(err, "is a symbolic link"));
	assert_non_null(strstr(err, path));
	free(err);
	err = NULL;
	assert_int_equal(tokens_put(other, &t, &v, 1, 1, &err), -1);
	assert_non_null(strstr(err, "is a symbolic link"));
	free(err);
	err = NULL;
	assert_int_equal(unlink(path), 0);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a database, but long enough to look like a "
	    "header of one, or not at all, whatever SQLite makes of it\n", f);
	fclose(f);
	chmod(path, 0600);
	assert_int_equal(tokens_load(other, &t, &err), -1);
	assert_non_null(strstr(err, "the token store"));
	assert_int_equal(t.n, 0);
	free(err);
	free(path);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_is_empty),
		cmocka_unit_test(test_put_and_load),
		cmocka_unit_test(test_mode_restored),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
