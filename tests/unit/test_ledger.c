/* Unit tests: the delivery ledger (files, schema, claims and outcomes,
 * queries, two processes at once). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "xalloc.h"

#include "fixture.h"

#define DAY	"2026-11-12"
#define POST	"11-12-trotsky"

/* A temporary folder per test; state is dir/var, the ledger in it. */
struct fx {
	char *dir;
	char *state;
	char *db;
	struct ledger *l;
};

/* Makes the temporary folder. */
static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	fx->dir = fixture_tmpdir("ledger");
	fx->state = xasprintf("%s/var", fx->dir);
	fx->db = xasprintf("%s/var/almanac.db", fx->dir);
	*state = fx;
	return 0;
}

/* Closes the ledger and removes the temporary folder. */
static int
teardown(void **state)
{
	struct fx *fx = *state;

	ledger_close(fx->l);
	fixture_rmtree(fx->dir);
	free(fx->dir);
	free(fx->state);
	free(fx->db);
	free(fx);
	return 0;
}

/* Opens the fixture's ledger with the clock at t. */
static struct ledger *
open_at(struct fx *fx, long long t)
{
	char *err = NULL;

	ledger_close(fx->l);
	fx->l = NULL;
	if (ledger_open(fx->state, 0, NULL, &fx->l, &err) != 0)
		fail_msg("ledger_open: %s", err);
	assert_null(err);
	ledger_set_clock(fx->l, t);
	return fx->l;
}

/* Claims a pair that must be claimable. */
static void
claim_ok(struct ledger *l, const char *day, const char *id,
    const char *platform, unsigned flags)
{
	enum ledger_state s = LS_NONE;
	char *err = NULL;
	int rc = ledger_claim(l, day, id, platform, flags, &s, &err);

	if (rc != 1)
		fail_msg("claim %s %s %s: %d %s", day, id, platform, rc,
		    err ? err : ledger_state_name(s));
	assert_int_equal(s, LS_SENDING);
}

/* Claims a pair that must not be claimable, being in state want. */
static void
claim_no(struct ledger *l, const char *day, const char *id,
    const char *platform, unsigned flags, enum ledger_state want)
{
	enum ledger_state s = LS_NONE;
	char *err = NULL;

	assert_int_equal(ledger_claim(l, day, id, platform, flags, &s, &err),
	    0);
	assert_null(err);
	assert_int_equal(s, want);
}

/* Finishes a claimed pair with a simple outcome. */
static void
finish(struct ledger *l, const char *day, const char *id,
    const char *platform, enum ledger_state st, bool retryable, int http,
    const char *error)
{
	struct ledger_outcome o = { 0 };
	char *err = NULL;

	o.state = st;
	o.retryable = retryable;
	o.http_status = http;
	o.error = error;
	if (st == LS_PUBLISHED) {
		o.remote_id = "1";
		o.permalink = "https://x.com/i/web/status/1";
	}
	if (ledger_finish(l, day, id, platform, &o, &err) != 0)
		fail_msg("finish: %s", err);
}

/* The row of a pair, which must exist. */
static struct ledger_row
get(struct ledger *l, const char *day, const char *id, const char *platform)
{
	struct ledger_row r;
	char *err = NULL;

	assert_int_equal(ledger_get(l, day, id, platform, &r, &err), 1);
	assert_null(err);
	return r;
}

/* Mode bits of a path. */
static unsigned
mode_of(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	return (unsigned)(sb.st_mode & 07777);
}

/* One integer from a query on a separate connection. */
static long long
query_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Runs SQL on a separate connection. */
static void
exec_sql(const char *db, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* Seconds since some fixed point. */
static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_state_names(void **state)
{
	int i;

	(void)state;
	assert_string_equal(ledger_state_name(LS_SENDING), "sending");
	assert_string_equal(ledger_state_name(LS_PUBLISHED), "published");
	assert_string_equal(ledger_state_name(LS_FAILED), "failed");
	assert_string_equal(ledger_state_name(LS_UNKNOWN), "unknown");
	assert_string_equal(ledger_state_name(LS_MISSED), "missed");
	assert_string_equal(ledger_state_name(LS_SKIPPED), "skipped");
	assert_string_equal(ledger_state_name(LS_NONE), "none");
	for (i = LS_SENDING; i <= LS_SKIPPED; i++)
		assert_int_equal(ledger_state_lookup(
		    ledger_state_name((enum ledger_state)i)), i);
	assert_int_equal(ledger_state_lookup("Published"), LS_NONE);
	assert_int_equal(ledger_state_lookup(""), LS_NONE);
	assert_int_equal(ledger_state_lookup(NULL), LS_NONE);
}

/* The folders are made 0700, the file and its -wal and -shm 0600, even
 * under a umask of 022. */
static void
test_open_creates_private_files(void **state)
{
	struct fx *fx = *state;
	char *deep, *db, *wal, *shm, *err = NULL;
	struct ledger *l = NULL;
	mode_t old = umask(022);

	deep = xasprintf("%s/a/b/state", fx->dir);
	db = xasprintf("%s/almanac.db", deep);
	wal = xasprintf("%s-wal", db);
	shm = xasprintf("%s-shm", db);
	assert_int_equal(ledger_open(deep, 0, NULL, &l, &err), 0);
	umask(old);
	assert_null(err);
	assert_non_null(l);
	claim_ok(l, DAY, POST, "twitter", 0);
	assert_int_equal(mode_of(deep), 0700);
	{
		char *a = xasprintf("%s/a", fx->dir);

		assert_int_equal(mode_of(a), 0700);
		free(a);
	}
	assert_int_equal(mode_of(db), 0600);
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(mode_of(shm), 0600);
	ledger_close(l);
	free(deep);
	free(db);
	free(wal);
	free(shm);
}

/* An existing folder with a trailing slash works and keeps its mode. */
static void
test_open_existing_folder(void **state)
{
	struct fx *fx = *state;
	char *dir, *err = NULL;
	struct ledger *l = NULL;

	assert_int_equal(mkdir(fx->state, 0750), 0);
	assert_int_equal(chmod(fx->state, 0750), 0);
	dir = xasprintf("%s/", fx->state);
	assert_int_equal(ledger_open(dir, 0, NULL, &l, &err), 0);
	assert_null(err);
	assert_int_equal(mode_of(fx->state), 0750);
	assert_int_equal(mode_of(fx->db), 0600);
	ledger_close(l);
	free(dir);
}

/* Schema version 4, WAL, the indexes, the meta table, and the queries
 * use them. */
static void
test_schema(void **state)
{
	struct fx *fx = *state;

	open_at(fx, 1000);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_table_info('meta')"), 2);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE type = 'index' AND name IN"
	    " ('pairs_latest', 'pairs_last_sent')"), 2);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_table_info('pairs')"), 19);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_table_info('pairs') WHERE name = 'image' AND"
	    " type = 'TEXT' AND \"notnull\" = 0"), 1);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_table_info('pairs') WHERE name = 'not_before' AND"
	    " type = 'INTEGER' AND \"notnull\" = 1 AND dflt_value = '0'"), 1);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_index_info('pairs_latest') WHERE"
	    " (seqno = 0 AND name = 'platform') OR"
	    " (seqno = 1 AND name = 'state') OR"
	    " (seqno = 2 AND name = 'published_at')"), 3);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_index_info('pairs_last_sent') WHERE"
	    " (seqno = 0 AND name = 'post_id') OR"
	    " (seqno = 1 AND name = 'published_at')"), 2);
	/* A state outside the list is refused by the table itself. */
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "INSERT INTO pairs (day,"
		    " post_id, platform, state, created, updated) VALUES"
		    " ('d', 'p', 'x', 'bogus', 0, 0)", NULL, NULL, NULL),
		    SQLITE_CONSTRAINT);
		sqlite3_close(h);
	}
	/* Opening again leaves the version alone. */
	open_at(fx, 1000);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
}

/* A ledger of schema 1 (almanac before the meta table) is migrated and
 * keeps its rows. */
static void
test_migrate_from_1(void **state)
{
	struct fx *fx = *state;
	struct ledger_row r;

	open_at(fx, 1000);
	claim_ok(fx->l, DAY, POST, "twitter", 0);
	finish(fx->l, DAY, POST, "twitter", LS_PUBLISHED, false, 201, NULL);
	ledger_close(fx->l);
	fx->l = NULL;
	exec_sql(fx->db, "DROP TABLE meta; ALTER TABLE pairs DROP COLUMN"
	    " not_before; ALTER TABLE pairs DROP COLUMN image;"
	    " PRAGMA user_version = 1");
	open_at(fx, 2000);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
	r = get(fx->l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_PUBLISHED);
	ledger_row_free(&r);
}

/* A ledger of schema 2 (before not_before) is read as it is by the
 * read-only readers, every row with not_before 0, without being changed;
 * opened for a run, it is migrated, and its retryable failures are
 * claimed as before. */
static void
test_migrate_from_2(void **state)
{
	struct fx *fx = *state;
	struct ledger *ro = NULL;
	struct ledger_row *rows = NULL, r;
	size_t n = 0;
	char *err = NULL;

	open_at(fx, 1000);
	claim_ok(fx->l, DAY, POST, "twitter", 0);
	finish(fx->l, DAY, POST, "twitter", LS_FAILED, true, 429, "limited");
	ledger_close(fx->l);
	fx->l = NULL;
	exec_sql(fx->db, "ALTER TABLE pairs DROP COLUMN not_before;"
	    " ALTER TABLE pairs DROP COLUMN image; PRAGMA user_version = 2");

	assert_int_equal(ledger_open_existing(fx->state, &ro, &err), 0);
	assert_null(err);
	assert_non_null(ro);
	assert_int_equal(ledger_rows(ro, DAY, DAY, &rows, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].state, LS_FAILED);
	assert_int_equal(rows[0].not_before, 0);
	ledger_rows_free(rows, n);
	assert_int_equal(ledger_get(ro, DAY, POST, "twitter", &r, &err), 1);
	assert_string_equal(r.error, "limited");
	ledger_row_free(&r);
	ledger_close(ro);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 2);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "pragma_table_info('pairs')"), 17);

	open_at(fx, 2000);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
	r = get(fx->l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_FAILED);
	assert_true(r.retryable);
	assert_int_equal(r.not_before, 0);
	ledger_row_free(&r);
	claim_ok(fx->l, DAY, POST, "twitter", 0);
}

/* A ledger of schema 3 (before image) is read as it is by the read-only
 * readers, without a picture; opened for a run, it is migrated, and a
 * published pair keeps the picture it showed. */
static void
test_migrate_from_3(void **state)
{
	struct fx *fx = *state;
	struct ledger *ro = NULL;
	struct ledger_outcome o;
	struct ledger_row r;
	char *err = NULL;

	open_at(fx, 1000);
	claim_ok(fx->l, DAY, POST, "twitter", 0);
	finish(fx->l, DAY, POST, "twitter", LS_PUBLISHED, false, 201, NULL);
	ledger_close(fx->l);
	fx->l = NULL;
	exec_sql(fx->db, "ALTER TABLE pairs DROP COLUMN image;"
	    " PRAGMA user_version = 3");
	assert_int_equal(ledger_open_existing(fx->state, &ro, &err), 0);
	assert_non_null(ro);
	assert_int_equal(ledger_get(ro, DAY, POST, "twitter", &r, &err), 1);
	assert_int_equal(r.state, LS_PUBLISHED);
	assert_null(r.image);
	ledger_row_free(&r);
	ledger_close(ro);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 3);

	open_at(fx, 2000);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
	claim_ok(fx->l, DAY, POST, "feed", 0);
	memset(&o, 0, sizeof(o));
	o.state = LS_PUBLISHED;
	o.image = "https://example.org/p/0123.jpg";
	assert_int_equal(ledger_finish(fx->l, DAY, POST, "feed", &o, &err),
	    0);
	r = get(fx->l, DAY, POST, "feed");
	assert_string_equal(r.image, "https://example.org/p/0123.jpg");
	ledger_row_free(&r);
}

/* A file from a newer almanac is refused, not downgraded. */
static void
test_newer_schema(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = NULL;
	char *err = NULL, *want;

	open_at(fx, 1000);
	ledger_close(fx->l);
	fx->l = NULL;
	exec_sql(fx->db, "PRAGMA user_version = 5");
	assert_int_equal(ledger_open(fx->state, 0, NULL, &l, &err), -1);
	assert_null(l);
	want = xasprintf("%s: schema version 5 is newer than this almanac "
	    "knows (4)", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

static void
test_claim_new_pair(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;
	char *err = NULL;

	assert_int_equal(ledger_get(l, DAY, POST, "twitter", &r, &err), 0);
	assert_null(err);
	assert_null(r.day);
	claim_ok(l, DAY, POST, "twitter", 0);
	r = get(l, DAY, POST, "twitter");
	assert_string_equal(r.day, DAY);
	assert_string_equal(r.post_id, POST);
	assert_string_equal(r.platform, "twitter");
	assert_int_equal(r.state, LS_SENDING);
	assert_int_equal(r.attempts, 1);
	assert_false(r.retryable);
	assert_null(r.remote_id);
	assert_null(r.error);
	assert_null(r.step);
	assert_int_equal(r.http_status, 0);
	assert_int_equal(r.created, 1000);
	assert_int_equal(r.updated, 1000);
	assert_int_equal(r.published_at, 0);
	ledger_row_free(&r);
	assert_null(r.day);

	/* A second claim, even with both flags, finds it sending. */
	ledger_set_clock(l, 1100);
	claim_no(l, DAY, POST, "twitter", 0, LS_SENDING);
	claim_no(l, DAY, POST, "twitter",
	    CLAIM_RETRY_UNKNOWN | CLAIM_RETRY_FAILED, LS_SENDING);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.updated, 1000);
	ledger_row_free(&r);

	/* Another platform of the same post is its own pair. */
	claim_ok(l, DAY, POST, "feed", 0);
	/* state may be NULL. */
	assert_int_equal(ledger_claim(l, DAY, POST, "feed", 0, NULL, &err), 0);
}

static void
test_finish_published(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_outcome o = { 0 };
	struct ledger_row r;
	char *err = NULL, *want;

	claim_ok(l, DAY, POST, "feed", 0);
	ledger_set_clock(l, 1234);
	o.state = LS_PUBLISHED;
	o.http_status = 201;
	o.remote_id = "tag:example.org,2026:11-12-trotsky";
	o.permalink = "https://example.org/#11-12-trotsky";
	o.title = "Trotsky expelled";
	o.text = "On this day in 1927 ...";
	o.link = "https://en.wikipedia.org/wiki/Leon_Trotsky";
	assert_int_equal(ledger_finish(l, DAY, POST, "feed", &o, &err), 0);
	assert_null(err);
	r = get(l, DAY, POST, "feed");
	assert_int_equal(r.state, LS_PUBLISHED);
	assert_int_equal(r.http_status, 201);
	assert_string_equal(r.remote_id, o.remote_id);
	assert_string_equal(r.permalink, o.permalink);
	assert_string_equal(r.title, o.title);
	assert_string_equal(r.text, o.text);
	assert_string_equal(r.link, o.link);
	assert_null(r.error);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.created, 1000);
	assert_int_equal(r.updated, 1234);
	assert_int_equal(r.published_at, 1234);
	ledger_row_free(&r);

	claim_no(l, DAY, POST, "feed", 0, LS_PUBLISHED);
	claim_no(l, DAY, POST, "feed", CLAIM_RETRY_UNKNOWN |
	    CLAIM_RETRY_FAILED, LS_PUBLISHED);

	/* Finishing again is refused: only a sending pair takes one. */
	assert_int_equal(ledger_finish(l, DAY, POST, "feed", &o, &err), -1);
	want = xasprintf("%s: cannot record the outcome of " DAY " " POST
	    " feed: the pair is published, not sending", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	/* Nor a pair without a row, nor a state that is no outcome. */
	assert_int_equal(ledger_finish(l, DAY, "other", "feed", &o, &err), -1);
	want = xasprintf("%s: cannot record the outcome of " DAY " other"
	    " feed: the pair has no row", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	claim_ok(l, DAY, "other", "feed", 0);
	o.state = LS_SKIPPED;
	assert_int_equal(ledger_finish(l, DAY, "other", "feed", &o, &err), -1);
	want = xasprintf("%s: cannot record the outcome of " DAY " other"
	    " feed: \"skipped\" is not an outcome", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
	r = get(l, DAY, "other", "feed");
	assert_int_equal(r.state, LS_SENDING);
	ledger_row_free(&r);
}

/* Title, text and link are kept for published rows only. */
static void
test_finish_failed_keeps_no_content(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_outcome o = { 0 };
	struct ledger_row r;
	char *err = NULL;

	claim_ok(l, DAY, POST, "feed", 0);
	o.state = LS_FAILED;
	o.retryable = true;
	o.error = "could not connect";
	o.title = "t";
	o.text = "x";
	o.link = "l";
	assert_int_equal(ledger_finish(l, DAY, POST, "feed", &o, &err), 0);
	r = get(l, DAY, POST, "feed");
	assert_null(r.title);
	assert_null(r.text);
	assert_null(r.link);
	assert_string_equal(r.error, "could not connect");
	assert_int_equal(r.published_at, 0);
	ledger_row_free(&r);
}

static void
test_failed_retryable(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;

	claim_ok(l, DAY, POST, "twitter", 0);
	ledger_set_clock(l, 1010);
	finish(l, DAY, POST, "twitter", LS_FAILED, true, 429,
	    "too many requests");
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_FAILED);
	assert_true(r.retryable);
	assert_int_equal(r.http_status, 429);
	assert_string_equal(r.error, "too many requests");
	assert_int_equal(r.updated, 1010);
	ledger_row_free(&r);

	ledger_set_clock(l, 1020);
	claim_ok(l, DAY, POST, "twitter", 0);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_SENDING);
	assert_int_equal(r.attempts, 2);
	assert_null(r.error);
	assert_false(r.retryable);
	assert_int_equal(r.http_status, 0);
	assert_int_equal(r.created, 1000);
	assert_int_equal(r.updated, 1020);
	ledger_row_free(&r);
}

/* A retryable failure with a "not before" (a rate limit) is not claimed
 * before that time, whatever the flags; at it, it is, and the claim
 * clears it. It is kept only on a retryable failure. */
static void
test_failed_not_before(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_outcome o = { 0 };
	struct ledger_row r;
	char *err = NULL;

	claim_ok(l, DAY, POST, "twitter", 0);
	o.state = LS_FAILED;
	o.retryable = true;
	o.http_status = 429;
	o.not_before = 1900;
	o.error = "limited";
	assert_int_equal(ledger_finish(l, DAY, POST, "twitter", &o, &err), 0);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.not_before, 1900);
	assert_true(r.retryable);
	ledger_row_free(&r);

	ledger_set_clock(l, 1899);
	claim_no(l, DAY, POST, "twitter", 0, LS_FAILED);
	claim_no(l, DAY, POST, "twitter", CLAIM_RETRY_FAILED |
	    CLAIM_RETRY_UNKNOWN | CLAIM_LATE, LS_FAILED);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.attempts, 1);
	ledger_row_free(&r);

	ledger_set_clock(l, 1900);
	claim_ok(l, DAY, POST, "twitter", 0);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.not_before, 0);
	ledger_row_free(&r);

	/* Not kept on a failure for good, nor on an unknown outcome. */
	o.retryable = false;
	assert_int_equal(ledger_finish(l, DAY, POST, "twitter", &o, &err), 0);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.not_before, 0);
	ledger_row_free(&r);
}

/* A sending pair whose rate limit lasts past its slot's grace is finished
 * as missed, with the reason; only --late claims it again. */
static void
test_finish_missed(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_outcome o = { 0 };
	struct ledger_row r;
	char *err = NULL;

	claim_ok(l, DAY, POST, "linkedin", 0);
	o.state = LS_MISSED;
	o.retryable = true;
	o.not_before = 5000;
	o.http_status = 429;
	o.error = "linkedin asks to wait until 00:00";
	assert_int_equal(ledger_finish(l, DAY, POST, "linkedin", &o, &err), 0);
	assert_null(err);
	r = get(l, DAY, POST, "linkedin");
	assert_int_equal(r.state, LS_MISSED);
	assert_false(r.retryable);
	assert_int_equal(r.not_before, 0);
	assert_int_equal(r.http_status, 429);
	assert_string_equal(r.error, "linkedin asks to wait until 00:00");
	ledger_row_free(&r);
	ledger_set_clock(l, 9000);
	claim_no(l, DAY, POST, "linkedin", 0, LS_MISSED);
	claim_ok(l, DAY, POST, "linkedin", CLAIM_LATE);
}

static void
test_failed_for_good(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;

	claim_ok(l, DAY, POST, "twitter", 0);
	finish(l, DAY, POST, "twitter", LS_FAILED, false, 401,
	    "the twitter token was refused: renew it");
	claim_no(l, DAY, POST, "twitter", 0, LS_FAILED);
	claim_no(l, DAY, POST, "twitter", CLAIM_RETRY_UNKNOWN, LS_FAILED);
	r = get(l, DAY, POST, "twitter");
	assert_false(r.retryable);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.error,
	    "the twitter token was refused: renew it");
	ledger_row_free(&r);

	claim_ok(l, DAY, POST, "twitter", CLAIM_RETRY_FAILED);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.attempts, 2);
	assert_null(r.error);
	ledger_row_free(&r);
}

static void
test_unknown(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;

	claim_ok(l, DAY, POST, "linkedin", 0);
	finish(l, DAY, POST, "linkedin", LS_UNKNOWN, true, 502,
	    "bad gateway");
	r = get(l, DAY, POST, "linkedin");
	assert_int_equal(r.state, LS_UNKNOWN);
	assert_false(r.retryable);	/* kept for failed rows only */
	assert_int_equal(r.http_status, 502);
	ledger_row_free(&r);
	claim_no(l, DAY, POST, "linkedin", 0, LS_UNKNOWN);
	claim_no(l, DAY, POST, "linkedin", CLAIM_RETRY_FAILED, LS_UNKNOWN);
	claim_ok(l, DAY, POST, "linkedin", CLAIM_RETRY_UNKNOWN);
	r = get(l, DAY, POST, "linkedin");
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.http_status, 0);
	assert_null(r.error);
	ledger_row_free(&r);
}

static void
test_recover(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r, *rows = NULL;
	char *err = NULL;
	size_t n = 99;

	claim_ok(l, DAY, POST, "twitter", 0);
	claim_ok(l, DAY, POST, "facebook", 0);
	claim_ok(l, DAY, POST, "feed", 0);
	finish(l, DAY, POST, "feed", LS_PUBLISHED, false, 200, NULL);

	/* The next run starts. */
	l = open_at(fx, 2000);
	assert_int_equal(ledger_recover(l, &rows, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, 2);
	/* The rows changed come back as they are now, to be named. */
	assert_string_equal(rows[0].post_id, POST);
	assert_string_equal(rows[0].day, DAY);
	assert_int_equal(rows[0].state, LS_UNKNOWN);
	assert_int_equal(rows[1].state, LS_UNKNOWN);
	assert_true((strcmp(rows[0].platform, "twitter") == 0 &&
	    strcmp(rows[1].platform, "facebook") == 0) ||
	    (strcmp(rows[0].platform, "facebook") == 0 &&
	    strcmp(rows[1].platform, "twitter") == 0));
	ledger_rows_free(rows, n);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_UNKNOWN);
	assert_string_equal(r.error,
	    "the run sending it stopped before the answer came");
	assert_int_equal(r.updated, 2000);
	ledger_row_free(&r);
	r = get(l, DAY, POST, "facebook");
	assert_int_equal(r.state, LS_UNKNOWN);
	ledger_row_free(&r);
	r = get(l, DAY, POST, "feed");
	assert_int_equal(r.state, LS_PUBLISHED);
	assert_null(r.error);
	ledger_row_free(&r);
	claim_no(l, DAY, POST, "twitter", 0, LS_UNKNOWN);

	assert_int_equal(ledger_recover(l, &rows, &n, &err), 0);
	assert_int_equal(n, 0);
	ledger_rows_free(rows, n);
}

static void
test_mark(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;
	char *err = NULL, *want;

	assert_int_equal(ledger_mark(l, DAY, POST, "twitter", LS_MISSED,
	    "its slot 09:00 is past the grace", &err), 1);
	assert_null(err);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_MISSED);
	assert_string_equal(r.error, "its slot 09:00 is past the grace");
	assert_int_equal(r.attempts, 0);
	assert_int_equal(r.created, 1000);
	ledger_row_free(&r);
	/* Marked once: a second mark changes nothing. */
	assert_int_equal(ledger_mark(l, DAY, POST, "twitter", LS_SKIPPED,
	    "other", &err), 0);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_MISSED);
	assert_string_equal(r.error, "its slot 09:00 is past the grace");
	ledger_row_free(&r);
	claim_no(l, DAY, POST, "twitter",
	    CLAIM_RETRY_UNKNOWN | CLAIM_RETRY_FAILED, LS_MISSED);

	assert_int_equal(ledger_mark(l, DAY, POST, "pinterest", LS_SKIPPED,
	    "the post has no image", &err), 1);
	claim_no(l, DAY, POST, "pinterest",
	    CLAIM_RETRY_UNKNOWN | CLAIM_RETRY_FAILED, LS_SKIPPED);

	/* A pair being sent is not marked. */
	claim_ok(l, DAY, POST, "feed", 0);
	assert_int_equal(ledger_mark(l, DAY, POST, "feed", LS_MISSED, "late",
	    &err), 0);
	r = get(l, DAY, POST, "feed");
	assert_int_equal(r.state, LS_SENDING);
	assert_null(r.error);
	ledger_row_free(&r);

	/* A retryable failure past its grace is missed, its error kept; a
	 * failure for good, or a skip, leaves it as it is. */
	claim_ok(l, DAY, POST, "linkedin", 0);
	finish(l, DAY, POST, "linkedin", LS_FAILED, true, 402, "no credits");
	assert_int_equal(ledger_mark(l, DAY, POST, "linkedin", LS_SKIPPED,
	    "skip", &err), 0);
	assert_int_equal(ledger_mark(l, DAY, POST, "linkedin", LS_MISSED,
	    "late", &err), 1);
	r = get(l, DAY, POST, "linkedin");
	assert_int_equal(r.state, LS_MISSED);
	assert_false(r.retryable);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.http_status, 402);
	assert_string_equal(r.error, "late; it had failed: no credits");
	ledger_row_free(&r);
	claim_ok(l, DAY, "x", "linkedin", 0);
	finish(l, DAY, "x", "linkedin", LS_FAILED, false, 400, "refused");
	assert_int_equal(ledger_mark(l, DAY, "x", "linkedin", LS_MISSED,
	    "late", &err), 0);
	r = get(l, DAY, "x", "linkedin");
	assert_int_equal(r.state, LS_FAILED);
	assert_string_equal(r.error, "refused");
	ledger_row_free(&r);

	assert_int_equal(ledger_mark(l, DAY, "x", "feed", LS_PUBLISHED, "no",
	    &err), -1);
	want = xasprintf("%s: cannot mark " DAY " x feed as published: only "
	    "missed or skipped can be marked", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

static void
test_set_step(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;
	char *err = NULL, *want;

	claim_ok(l, DAY, POST, "instagram", 0);
	ledger_set_clock(l, 1005);
	assert_int_equal(ledger_set_step(l, DAY, POST, "instagram",
	    "container:17890455", &err), 0);
	assert_null(err);

	/* Kept across runs, and across recovery and a later claim. */
	l = open_at(fx, 2000);
	r = get(l, DAY, POST, "instagram");
	assert_string_equal(r.step, "container:17890455");
	assert_int_equal(r.updated, 1005);
	ledger_row_free(&r);
	finish(l, DAY, POST, "instagram", LS_FAILED, true, 503, "busy");
	claim_ok(l, DAY, POST, "instagram", 0);
	r = get(l, DAY, POST, "instagram");
	assert_string_equal(r.step, "container:17890455");
	ledger_row_free(&r);

	assert_int_equal(ledger_set_step(l, DAY, POST, "instagram", NULL,
	    &err), 0);
	r = get(l, DAY, POST, "instagram");
	assert_null(r.step);
	ledger_row_free(&r);

	finish(l, DAY, POST, "instagram", LS_PUBLISHED, false, 200, NULL);
	assert_int_equal(ledger_set_step(l, DAY, POST, "instagram", "2",
	    &err), -1);
	want = xasprintf("%s: cannot store the progress of " DAY " " POST
	    " instagram: the pair is published, not sending", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	assert_int_equal(ledger_set_step(l, DAY, "none", "instagram", "2",
	    &err), -1);
	want = xasprintf("%s: cannot store the progress of " DAY " none"
	    " instagram: the pair has no row", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

static void
test_rows_order_and_range(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	static const char *const pairs[][3] = {
		{ "2026-11-13", "b", "twitter" },
		{ "2026-11-12", "b", "feed" },
		{ "2026-11-12", "a", "twitter" },
		{ "2026-11-14", "a", "feed" },
		{ "2026-11-12", "a", "feed" },
		{ "2026-11-11", "a", "feed" },
		{ "2026-11-13", "a", "twitter" },
	};
	static const char *const want[][3] = {
		{ "2026-11-12", "a", "feed" },
		{ "2026-11-12", "a", "twitter" },
		{ "2026-11-12", "b", "feed" },
		{ "2026-11-13", "a", "twitter" },
		{ "2026-11-13", "b", "twitter" },
	};
	struct ledger_row *rows = NULL;
	size_t i, n = 99;
	char *err = NULL;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		claim_ok(l, pairs[i][0], pairs[i][1], pairs[i][2], 0);
	assert_int_equal(ledger_rows(l, "2026-11-12", "2026-11-13", &rows, &n,
	    &err), 0);
	assert_null(err);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		assert_string_equal(rows[i].day, want[i][0]);
		assert_string_equal(rows[i].post_id, want[i][1]);
		assert_string_equal(rows[i].platform, want[i][2]);
		assert_int_equal(rows[i].state, LS_SENDING);
	}
	ledger_rows_free(rows, n);

	assert_int_equal(ledger_rows(l, "2026-11-14", "2026-11-14", &rows, &n,
	    &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].day, "2026-11-14");
	ledger_rows_free(rows, n);

	assert_int_equal(ledger_rows(l, "2026-12-01", "2026-12-31", &rows, &n,
	    &err), 0);
	assert_int_equal(n, 0);
	assert_null(rows);
	ledger_rows_free(rows, n);
}

static void
test_latest(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 100);
	struct ledger_row *rows = NULL;
	size_t n = 0;
	char *err = NULL;

	claim_ok(l, "2026-11-10", "a", "feed", 0);
	finish(l, "2026-11-10", "a", "feed", LS_PUBLISHED, false, 200, NULL);
	ledger_set_clock(l, 300);
	claim_ok(l, "2026-11-11", "b", "feed", 0);
	finish(l, "2026-11-11", "b", "feed", LS_PUBLISHED, false, 200, NULL);
	ledger_set_clock(l, 200);
	claim_ok(l, "2026-11-12", "c", "feed", 0);
	finish(l, "2026-11-12", "c", "feed", LS_PUBLISHED, false, 200, NULL);
	ledger_set_clock(l, 400);
	claim_ok(l, "2026-11-13", "d", "feed", 0);
	finish(l, "2026-11-13", "d", "feed", LS_FAILED, true, 503, "busy");
	claim_ok(l, "2026-11-13", "e", "feed", 0);
	claim_ok(l, "2026-11-13", "d", "twitter", 0);
	finish(l, "2026-11-13", "d", "twitter", LS_PUBLISHED, false, 201,
	    NULL);

	assert_int_equal(ledger_latest(l, "feed", 2, &rows, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].post_id, "b");
	assert_int_equal(rows[0].published_at, 300);
	assert_string_equal(rows[1].post_id, "c");
	assert_int_equal(rows[1].published_at, 200);
	ledger_rows_free(rows, n);

	assert_int_equal(ledger_latest(l, "feed", 50, &rows, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].post_id, "b");
	assert_string_equal(rows[1].post_id, "c");
	assert_string_equal(rows[2].post_id, "a");
	ledger_rows_free(rows, n);

	assert_int_equal(ledger_latest(l, "twitter", 50, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].post_id, "d");
	assert_int_equal(rows[0].http_status, 201);
	ledger_rows_free(rows, n);

	assert_int_equal(ledger_latest(l, "feed", 0, &rows, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(rows);
	assert_int_equal(ledger_latest(l, "pinterest", 5, &rows, &n, &err),
	    0);
	assert_int_equal(n, 0);
}

static void
test_last_sent(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 100);

	assert_int_equal(ledger_last_sent(l, POST, "9999-12-31"), 0);
	claim_ok(l, "2025-11-12", POST, "twitter", 0);
	finish(l, "2025-11-12", POST, "twitter", LS_PUBLISHED, false, 201,
	    NULL);
	ledger_set_clock(l, 250);
	claim_ok(l, "2025-11-12", POST, "feed", 0);
	finish(l, "2025-11-12", POST, "feed", LS_PUBLISHED, false, 200, NULL);
	ledger_set_clock(l, 900);
	claim_ok(l, DAY, POST, "twitter", 0);		/* sending */
	claim_ok(l, DAY, POST, "feed", 0);
	finish(l, DAY, POST, "feed", LS_FAILED, true, 503, "busy");
	assert_int_equal(ledger_last_sent(l, POST, "9999-12-31"), 250);
	/* Only days before the one given count. */
	assert_int_equal(ledger_last_sent(l, POST, "2025-11-12"), 0);
	assert_int_equal(ledger_last_sent(l, POST, "2025-11-13"), 250);

	claim_ok(l, DAY, "other", "twitter", 0);
	finish(l, DAY, "other", "twitter", LS_UNKNOWN, false, 0, "timeout");
	assert_int_equal(ledger_mark(l, DAY, "other", "feed", LS_SKIPPED,
	    "skip", &(char *){ NULL }), 1);
	assert_int_equal(ledger_last_sent(l, "other", "9999-12-31"), 0);
	assert_int_equal(ledger_last_sent(l, "never", "9999-12-31"), 0);
}

/* The rotation of a day's plan looks at earlier years only: a send made
 * on the day itself (or earlier that year) never changes it. */
static void
test_history_earlier_years(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 100);
	struct ymd day = { 2026, 11, 12 };

	claim_ok(l, "2024-11-12", POST, "twitter", 0);
	finish(l, "2024-11-12", POST, "twitter", LS_PUBLISHED, false, 201,
	    NULL);
	assert_int_equal(ledger_history(POST, day, l), 100);
	ledger_set_clock(l, 5000);
	claim_ok(l, DAY, POST, "twitter", 0);
	finish(l, DAY, POST, "twitter", LS_PUBLISHED, false, 201, NULL);
	claim_ok(l, "2026-03-01", POST, "feed", 0);
	finish(l, "2026-03-01", POST, "feed", LS_PUBLISHED, false, 200, NULL);
	assert_int_equal(ledger_history(POST, day, l), 100);
	assert_int_equal(ledger_history("other", day, l), 0);
	day.y = 2027;
	assert_int_equal(ledger_history(POST, day, l), 5000);
}

/* The time of the last run: swapped in one step. */
static void
test_last_run(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 100);
	long long prev = -1;
	char *err = NULL;

	assert_int_equal(ledger_swap_last_run(l, 5000, &prev, &err), 0);
	assert_int_equal(prev, 0);
	assert_int_equal(ledger_swap_last_run(l, 4000, &prev, &err), 0);
	assert_int_equal(prev, 5000);
	l = open_at(fx, 100);
	assert_int_equal(ledger_swap_last_run(l, 4500, &prev, &err), 0);
	assert_int_equal(prev, 4000);
	assert_null(err);
}

/* --late: a missed pair may be claimed on purpose, only with the flag. */
static void
test_claim_late(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 100);
	char *err = NULL;

	assert_int_equal(ledger_mark(l, DAY, POST, "twitter", LS_MISSED,
	    "late", &err), 1);
	claim_no(l, DAY, POST, "twitter", 0, LS_MISSED);
	claim_no(l, DAY, POST, "twitter", CLAIM_RETRY_UNKNOWN, LS_MISSED);
	claim_ok(l, DAY, POST, "twitter", CLAIM_LATE);
	assert_null(err);
}

/* A ledger lost (removed, or cut to nothing) where one was kept is not
 * started afresh without LEDGER_NEW_OK. */
static void
test_continuity(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = NULL;
	char *err = NULL, *want, *lock, *wal, *feed;
	const char *evidence[] = { NULL, NULL };

	/* A new folder: a new ledger, no questions. */
	open_at(fx, 100);
	claim_ok(fx->l, DAY, POST, "twitter", 0);
	ledger_close(fx->l);
	fx->l = NULL;
	lock = xasprintf("%s/almanac.lock", fx->state);
	wal = xasprintf("%s-wal", fx->db);
	feed = xasprintf("%s/feed.atom", fx->dir);

	/* Cut to 0 bytes, with the run lock beside it. */
	fixture_put(lock, "");
	fixture_put(fx->db, "");
	assert_int_equal(ledger_open(fx->state, 0, NULL, &l, &err), -1);
	assert_null(l);
	want = xasprintf("%s: the ledger is empty, but a ledger was kept in "
	    "this folder before (%s is there); a new ledger would send posts "
	    "again that were sent already. Restore it from a backup, or "
	    "start a new one on purpose with --new-ledger", fx->db, lock);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	/* Removed, its -wal left behind; the feed named as evidence. */
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(unlink(fx->db), 0);
	fixture_put(wal, "not empty");
	fixture_put(feed, "<feed/>");
	evidence[0] = feed;
	assert_int_equal(ledger_open(fx->state, 0, evidence, &l, &err), -1);
	want = xasprintf("%s: the ledger is missing, but a ledger was kept in "
	    "this folder before (%s, %s are there); a new ledger would send "
	    "posts again that were sent already. Restore it from a backup, "
	    "or start a new one on purpose with --new-ledger", fx->db, wal,
	    feed);
	assert_string_equal(err, want);
	assert_int_equal(access(fx->db, F_OK), -1);	/* not made */
	free(want);
	free(err);
	err = NULL;

	/* Told to: a new ledger, and the stale -wal is gone first. */
	assert_int_equal(ledger_open(fx->state, LEDGER_NEW_OK, evidence, &l,
	    &err), 0);
	assert_null(err);
	claim_ok(l, DAY, POST, "twitter", 0);
	ledger_close(l);
	l = NULL;
	/* From then on the new ledger is the ledger. */
	assert_int_equal(ledger_open(fx->state, 0, evidence, &l, &err), 0);
	ledger_close(l);
	free(lock);
	free(wal);
	free(feed);
}

static void
test_reopen_keeps_rows(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = open_at(fx, 1000);
	struct ledger_row r;

	claim_ok(l, DAY, POST, "twitter", 0);
	finish(l, DAY, POST, "twitter", LS_PUBLISHED, false, 201, NULL);
	ledger_close(l);
	fx->l = NULL;
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM pairs"), 1);

	l = open_at(fx, 5000);
	r = get(l, DAY, POST, "twitter");
	assert_int_equal(r.state, LS_PUBLISHED);
	assert_string_equal(r.remote_id, "1");
	assert_string_equal(r.permalink, "https://x.com/i/web/status/1");
	assert_int_equal(r.published_at, 1000);
	ledger_row_free(&r);
	claim_no(l, DAY, POST, "twitter", 0, LS_PUBLISHED);
}

static void
test_not_a_database(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = NULL;
	char *err = NULL, *want;
	FILE *f;
	int i;

	assert_int_equal(mkdir(fx->state, 0700), 0);
	assert_non_null(f = fopen(fx->db, "w"));
	for (i = 0; i < 200; i++)
		fputs("this is a text file, not a ledger\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ledger_open(fx->state, 0, NULL, &l, &err), -1);
	assert_null(l);
	want = xasprintf("%s: not an SQLite database", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

static void
test_symlink_refused(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = NULL;
	char *err = NULL, *want, *target;

	target = xasprintf("%s/elsewhere.db", fx->dir);
	assert_int_equal(mkdir(fx->state, 0700), 0);
	assert_int_equal(symlink(target, fx->db), 0);
	assert_int_equal(ledger_open(fx->state, 0, NULL, &l, &err), -1);
	assert_null(l);
	want = xasprintf("%s: is a symbolic link; the ledger must be a "
	    "regular file", fx->db);
	assert_string_equal(err, want);
	assert_int_equal(access(target, F_OK), -1);	/* not created */
	free(want);
	free(err);
	free(target);
}

static void
test_state_dir_not_a_folder(void **state)
{
	struct fx *fx = *state;
	struct ledger *l = NULL;
	char *err = NULL, *want, *sub;

	fixture_put(fx->state, "");
	assert_int_equal(ledger_open(fx->state, 0, NULL, &l, &err), -1);
	want = xasprintf("%s: not a folder", fx->state);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	sub = xasprintf("%s/deeper", fx->state);
	assert_int_equal(ledger_open(sub, 0, NULL, &l, &err), -1);
	want = xasprintf("%s: cannot create the folder: Not a directory", sub);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(sub);
}

/* Child of the concurrency test: claims every pair, in the given order,
 * and exits with the number it won (255 on error). */
static void
claimer(const char *state_dir, int go, int backwards)
{
	struct ledger *l = NULL;
	enum ledger_state s;
	char *err = NULL, c, id[32];
	int i, k, rc, won = 0;

	if (read(go, &c, 1) != 0)	/* wait for the start */
		_exit(254);
	if (ledger_open(state_dir, 0, NULL, &l, &err) != 0)
		_exit(255);
	for (k = 0; k < 50; k++) {
		i = backwards ? 49 - k : k;
		snprintf(id, sizeof(id), "post-%02d", i);
		rc = ledger_claim(l, DAY, id, "twitter", 0, &s, &err);
		if (rc == -1)
			_exit(255);
		if (rc == 1)
			won++;
		else if (s != LS_SENDING)
			_exit(253);
	}
	ledger_close(l);
	_exit(won);
}

/* Four processes claim the same 50 pairs at once, on a new database:
 * every pair is claimed exactly once in all. */
static void
test_concurrent_claims(void **state)
{
	struct fx *fx = *state;
	struct ledger *l;
	struct ledger_row *rows;
	pid_t pids[4];
	size_t i, n;
	int go[2], st, total = 0;
	char *err = NULL;

	assert_int_equal(pipe(go), 0);
	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(go[1]);
			claimer(fx->state, go[0], (int)(i % 2));
		}
	}
	close(go[0]);
	close(go[1]);	/* all start together */
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_true(WEXITSTATUS(st) <= 50);
		total += WEXITSTATUS(st);
	}
	assert_int_equal(total, 50);

	l = open_at(fx, 1000);
	assert_int_equal(ledger_rows(l, DAY, DAY, &rows, &n, &err), 0);
	assert_int_equal(n, 50);
	for (i = 0; i < n; i++) {
		assert_int_equal(rows[i].state, LS_SENDING);
		assert_int_equal(rows[i].attempts, 1);
	}
	ledger_rows_free(rows, n);
	assert_int_equal(query_int(fx->db, "PRAGMA user_version"), 4);
}

/* Starts a child holding the write lock on db until release is closed
 * (or for hold seconds when hold > 0); returns once the lock is held. */
static pid_t
hold_lock(const char *db, int hold, int *release)
{
	int ready[2], rel[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(rel), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *h;

		close(ready[0]);
		close(rel[1]);
		if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK || sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL,
		    NULL) != SQLITE_OK)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		if (hold > 0)
			sleep((unsigned)hold);
		else if (read(rel[0], &c, 1) != 0)
			_exit(1);
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(h);
		_exit(0);
	}
	close(ready[1]);
	close(rel[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*release = rel[1];
	return pid;
}

/* A run that finds the database busy waits for the other one. */
static void
test_waits_for_other_run(void **state)
{
	struct fx *fx = *state;
	struct ledger *l;
	pid_t pid;
	double t0;
	int rel, st;

	l = open_at(fx, 1000);
	ledger_close(l);
	fx->l = NULL;
	pid = hold_lock(fx->db, 1, &rel);
	l = open_at(fx, 1000);
	t0 = mono();
	claim_ok(l, DAY, POST, "twitter", 0);
	assert_true(mono() - t0 > 0.5);
	close(rel);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Past the busy timeout a change fails and says why. */
static void
test_locked_too_long(void **state)
{
	struct fx *fx = *state;
	struct ledger *l;
	enum ledger_state s;
	char *err = NULL, *want;
	pid_t pid;
	double t0;
	int rel, st;

	l = open_at(fx, 1000);
	claim_ok(l, DAY, POST, "twitter", 0);
	ledger_close(l);
	fx->l = NULL;
	pid = hold_lock(fx->db, 0, &rel);
	l = open_at(fx, 1000);
	t0 = mono();
	assert_int_equal(ledger_claim(l, DAY, POST, "feed", 0, &s, &err), -1);
	assert_true(mono() - t0 > 9.5);
	want = xasprintf("%s: the ledger is locked by another program "
	    "(waited 10 s)", fx->db);
	assert_string_equal(err, want);
	free(want);
	free(err);
	/* Reading still works while the other run writes. */
	assert_int_equal(ledger_last_sent(l, POST, "9999-12-31"), 0);
	{
		struct ledger_row r = get(l, DAY, POST, "twitter");

		assert_int_equal(r.state, LS_SENDING);
		ledger_row_free(&r);
	}
	close(rel);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Once it is gone, the claim goes through. */
	claim_ok(l, DAY, POST, "feed", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_open_creates_private_files),
		T(test_open_existing_folder),
		T(test_schema),
		T(test_migrate_from_1),
		T(test_migrate_from_2),
		T(test_migrate_from_3),
		T(test_newer_schema),
		T(test_claim_new_pair),
		T(test_finish_published),
		T(test_finish_failed_keeps_no_content),
		T(test_failed_retryable),
		T(test_failed_not_before),
		T(test_finish_missed),
		T(test_failed_for_good),
		T(test_unknown),
		T(test_recover),
		T(test_mark),
		T(test_set_step),
		T(test_rows_order_and_range),
		T(test_latest),
		T(test_last_sent),
		T(test_history_earlier_years),
		T(test_last_run),
		T(test_claim_late),
		T(test_continuity),
		T(test_reopen_keeps_rows),
		T(test_not_a_database),
		T(test_symlink_refused),
		T(test_state_dir_not_a_folder),
		T(test_concurrent_claims),
		T(test_waits_for_other_run),
		T(test_locked_too_long),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
