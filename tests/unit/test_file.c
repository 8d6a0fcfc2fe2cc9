/* Tests of file: regular files opened without blocking, read whole. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "file.h"
#include "xalloc.h"

#include "fixture.h"

static char *dir;	/* the scratch folder, made by the group setup */

/* Writes n bytes of c to dir/name; returns the allocated path. */
static char *
put(const char *name, char c, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name), *s = xmalloc(n + 1);

	memset(s, c, n);
	fixture_write(path, s, n, 0600);
	free(s);
	return path;
}

static int
setup(void **state)
{
	dir = fixture_tmpdir("file");
	return 0;
}

static int
teardown(void **state)
{
	fixture_rmtree(dir);
	free(dir);
	return 0;
}

static void
test_read_whole(void **state)
{
	struct stat st;
	char *path = put("ten", 'a', 10), *buf;
	size_t len;
	int err;

	assert_int_equal(file_read_regular(path, 10, &buf, &len, &st, &err),
	    FILE_OK);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "aaaaaaaaaa");	/* NUL-terminated */
	assert_int_equal(st.st_size, 10);
	free(buf);
	/* one byte over: refused, nothing handed back */
	assert_int_equal(file_read_regular(path, 9, &buf, &len, &st, &err),
	    FILE_TOO_BIG);
	assert_null(buf);
	assert_int_equal(st.st_size, 10);
	free(path);
	path = put("empty", 'a', 0);
	assert_int_equal(file_read_regular(path, 10, &buf, &len, &st, &err),
	    FILE_OK);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	free(path);
}

/* A regular file whose size says less than it holds (those of /proc say
 * 0) is read as it grows, up to the limit. */
static void
test_read_grows(void **state)
{
	struct stat st;
	char *buf;
	size_t len;
	int err;

	assert_int_equal(file_read_regular("/proc/self/status", 1 << 20, &buf,
	    &len, &st, &err), FILE_OK);
	assert_int_equal(st.st_size, 0);
	assert_true(len > 100);
	assert_int_equal(strlen(buf), len);
	assert_non_null(strstr(buf, "Name:"));
	free(buf);
	assert_int_equal(file_read_regular("/proc/self/status", 50, &buf,
	    &len, &st, &err), FILE_TOO_BIG);
	assert_null(buf);
}

/* Not regular: refused without blocking (a FIFO with no writer would
 * block an open without O_NONBLOCK, and a read after it). */
static void
test_not_regular(void **state)
{
	struct stat st;
	enum file_status s;
	char *fifo = xasprintf("%s/fifo", dir), *buf;
	size_t len;
	int err;

	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);	/* a regression fails instead of hanging */
	assert_int_equal(file_read_regular(fifo, 100, &buf, &len, &st, &err),
	    FILE_NOT_REGULAR);
	assert_null(buf);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(file_open_regular(fifo, &st, &s, &err), -1);
	assert_int_equal(s, FILE_NOT_REGULAR);
	alarm(0);
	assert_int_equal(file_read_regular(dir, 100, &buf, &len, &st, &err),
	    FILE_NOT_REGULAR);
	assert_int_equal(file_read_regular("/dev/zero", 100, &buf, &len, &st,
	    &err), FILE_NOT_REGULAR);
	assert_int_equal(file_read_regular("/dev/null", 100, &buf, &len, &st,
	    &err), FILE_NOT_REGULAR);
	assert_string_equal(file_strerror(FILE_NOT_REGULAR, 0),
	    "not a regular file");
	free(fifo);
}

static void
test_open_failed(void **state)
{
	struct stat st;
	char *missing = xasprintf("%s/missing", dir), *buf;
	size_t len;
	int err;

	assert_int_equal(file_read_regular(missing, 100, &buf, &len, &st,
	    &err), FILE_OPEN_FAILED);
	assert_int_equal(err, ENOENT);
	assert_null(buf);
	assert_string_equal(file_strerror(FILE_OPEN_FAILED, err),
	    strerror(ENOENT));
	free(missing);
}

/* file_keep: the folder made with its parents, the bytes written once,
 * a file of the same name and size left as it is, and what fails said */
static void
test_keep(void **state)
{
	char *sub = xasprintf("%s/kept/deep", dir), *path = NULL, *why = NULL;
	char *blocker = NULL;
	struct stat a, b;

	(void)state;
	assert_int_equal(file_keep(sub, "abc.png", "12345", 5, 0644, &path,
	    &why), 0);
	assert_null(why);
	assert_non_null(path);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(a.st_size, 5);
	assert_int_equal(a.st_mode & 0777, 0644);
	free(path);
	/* the same name and size: taken as the same bytes, not rewritten */
	assert_int_equal(file_keep(sub, "abc.png", "54321", 5, 0644, &path,
	    &why), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_mtim.tv_sec ==
	    b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec);
	free(path);
	/* another size under that name: written again */
	assert_int_equal(file_keep(sub, "abc.png", "123456", 6, 0644, &path,
	    &why), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(b.st_size, 6);
	free(path);
	/* a file where the folder should be */
	blocker = put("blocker", 'x', 1);
	free(sub);
	sub = xasprintf("%s/in", blocker);
	assert_int_equal(file_keep(sub, "abc.png", "12345", 5, 0644, &path,
	    &why), -1);
	assert_null(path);
	assert_non_null(why);
	assert_non_null(strstr(why, "cannot make the folder"));
	assert_non_null(strstr(why, blocker));
	free(why);
	free(blocker);
	free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_whole),
		cmocka_unit_test(test_read_grows),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_open_failed),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
