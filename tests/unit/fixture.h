/*
 * fixture: what the cmocka tests share (tests/unit/fixture.c, linked into
 * every test program): a scratch folder and its removal, files written
 * and read back, diagnostics as text. Each function fails the running
 * test (a cmocka assertion) when the system refuses, so that no test goes
 * on with half its setup. Include it after <cmocka.h>.
 */
#ifndef ALMANAC_TEST_FIXTURE_H
#define ALMANAC_TEST_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

#include "post.h"

struct diags;

/* A new empty folder almanac-NAME.XXXXXX in $TMPDIR (/tmp when unset),
 * its canonical path (no symbolic link in it). Allocated; remove it with
 * fixture_rmtree. */
char *fixture_tmpdir(const char *name);

/* Removes path and everything under it, links not followed; fails the
 * test when something is left. */
void fixture_rmtree(const char *path);

/* Writes the n bytes of data to path, then gives it mode (not masked).
 * A file already there is rewritten in place, keeping its inode, as an
 * editor that saves in place does; a link there is followed. Missing
 * folders on the way are made (mode 0700). */
void fixture_write(const char *path, const void *data, size_t n,
    mode_t mode);

/* Writes text to path with mode 0644, as fixture_write. */
void fixture_put(const char *path, const char *text);

/* Writes the post file { "date": DATE, "title": TITLE } to path, as
 * fixture_put, with more (JSON members, e.g. "\"id\": \"x\"") before the
 * closing brace when it is not NULL. */
void fixture_post(const char *path, const char *date, const char *title,
    const char *more);

/* A post of 1927-11-12 in memory, id "11-12-test" (file
 * "posts/11-12-test.json"), with title, summary and url (each copied;
 * NULL: none), no time; free with post_free. */
struct post fixture_post_mem(const char *title, const char *summary,
    const char *url);

/* The whole file at path, with a NUL after it; its length in *len when
 * len is not NULL. Allocated. */
char *fixture_read(const char *path, size_t *len);

/* Every diagnostic of d as diag_format writes it, one per line, without
 * a newline after the last; "" when there are none. Allocated. */
char *fixture_diags(const struct diags *d);

#endif
