/* Unit tests: the index of post files and catalog_load_indexed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "catalog.h"
#include "index.h"
#include "xalloc.h"

#include "fixture.h"

/* A folder of posts and a state folder, made fresh for each test. */
struct fx {
	char *top;	/* mkdtemp, the working folder during the test */
	char *posts;	/* top/posts */
	char *index;	/* top/state/catalog.index */
	char cwd[4096];	/* the working folder before */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *sd;

	f->top = fixture_tmpdir("index");
	f->posts = xasprintf("%s/posts", f->top);
	f->index = xasprintf("%s/state/" INDEX_FILE, f->top);
	assert_int_equal(mkdir(f->posts, 0700), 0);
	sd = xasprintf("%s/state", f->top);
	assert_int_equal(mkdir(sd, 0700), 0);
	free(sd);
	/* paths are shown relative to the working folder: posts/... */
	assert_non_null(getcwd(f->cwd, sizeof(f->cwd)));
	assert_int_equal(chdir(f->top), 0);
	index_racy_ns = 0;	/* identity checks alone, unless a test says */
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	assert_int_equal(chdir(f->cwd), 0);
	fixture_rmtree(f->top);
	free(f->top);
	free(f->posts);
	free(f->index);
	free(f);
	index_racy_ns = INDEX_RACY_NS;
	return 0;
}

/* Writes text to posts/rel (folders made as needed). */
static void
put(struct fx *f, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", f->posts, rel);

	fixture_put(path, text);
	free(path);
}

/* A post file at posts/rel of date, titled "Event of DATE" (and more
 * JSON members). */
static void
post(struct fx *f, const char *rel, const char *date, const char *more)
{
	char *path = xasprintf("%s/%s", f->posts, rel);
	char *title = xasprintf("Event of %s", date);

	fixture_post(path, date, title, more);
	free(title);
	free(path);
}

/* The day a load keeps. */
struct day {
	int m, d;
};

static bool
want(int month, int day, void *arg)
{
	const struct day *x = arg;

	return month == x->m && day == x->d;
}

static bool
keep(const struct post *p, void *arg)
{
	return want(p->month, p->day, arg);
}

/*
 * Loads the posts of m/d, through the index or not, and returns what
 * anyone could see of the result: the kept posts (file, id, title), the
 * counts and the diagnostics, one per line.
 */
static char *
load(struct fx *f, bool indexed, int m, int d, struct catalog_info *info)
{
	struct day x = { m, d };
	struct catalog cat;
	struct diags dg = DIAGS_INIT;
	struct buf b = BUF_INIT;
	struct catalog_info dummy;
	size_t i;
	char *s;

	assert_int_equal(catalog_load_indexed(f->posts, indexed ? f->index :
	    NULL, want, keep, &x, &cat, &dg, info ? info : &dummy), 0);
	buf_addf(&b, "files %zu invalid %zu kept %zu\n", cat.files,
	    cat.invalid, cat.n);
	for (i = 0; i < cat.n; i++)
		buf_addf(&b, "post %s %s %s %02d-%02d\n", cat.v[i].file,
		    cat.v[i].id, cat.v[i].title, cat.v[i].month, cat.v[i].day);
	for (i = 0; i < dg.n; i++) {
		s = diag_format(&dg.v[i]);
		buf_addf(&b, "diag %s\n", s);
		free(s);
	}
	catalog_free(&cat);
	diags_free(&dg);
	return buf_detach(&b);
}

/* Asserts that the indexed load of m/d says what the plain one says;
 * returns the info of the indexed one. */
static struct catalog_info
same(struct fx *f, int m, int d)
{
	struct catalog_info info;
	char *plain = load(f, false, m, d, NULL);
	char *fast = load(f, true, m, d, &info);

	assert_string_equal(fast, plain);
	free(plain);
	free(fast);
	return info;
}

#define WARN_DIAG "diag posts/03/03-01-warn.json:1:66: warning: " \
	"\"tags\"[1]: \"1990\" has no letter; platforms do not link a tag " \
	"of digits only\n"
#define BAD_DIAG "diag posts/03/03-02-bad.json:1:3: \"date\": expected " \
	"YYYY-MM-DD or --MM-DD, got \"1990-13-02\" (no month 13)\n"

/* A small archive with something of everything. */
static void
archive(struct fx *f)
{
	post(f, "01/01-01-a.json", "1900-01-01", NULL);
	post(f, "01/01-01-b.json", "--01-01", "\"id\": \"bee\"");
	post(f, "01/01-02-c.json", "1950-01-02", NULL);
	post(f, "02/02-29-leap.json", "1904-02-29", NULL);
	/* a warning: a tag of digits only */
	post(f, "03/03-01-warn.json", "1990-03-01", "\"tags\": [\"1990\"]");
	/* an error */
	post(f, "03/03-02-bad.json", "1990-13-02", NULL);
	/* the id of 01-01-a again, on another day: a duplicate */
	post(f, "04/04-01-dup.json", "1900-04-01", "\"id\": \"01-01-a\"");
	put(f, "README.md", "not a post\n");
	put(f, ".hidden.json", "{}");
}

static void
test_cold_and_warm_are_identical(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char *text;

	archive(f);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_BUILT);
	assert_int_equal(info.read, 7);
	/* warm: only the wanted files and those with something to say */
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_int_equal(info.read, 4);	/* a, b, warn, bad */
	/* other days, warm, each checked against the plain load */
	info = same(f, 4, 1);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_int_equal(info.read, 3);	/* dup, warn, bad */
	same(f, 2, 29);
	same(f, 3, 1);
	same(f, 12, 31);
	/* what the index said, exactly */
	text = load(f, true, 4, 1, NULL);
	assert_string_equal(text,
	    "files 7 invalid 2 kept 0\n"
	    WARN_DIAG BAD_DIAG
	    "diag posts/04/04-01-dup.json:1:3: id \"01-01-a\" is already "
	    "used by posts/01/01-01-a.json; every post needs its own id\n");
	free(text);
}

static void
test_exact_messages(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char *text;

	archive(f);
	free(load(f, true, 1, 1, NULL));
	text = load(f, true, 1, 1, &info);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_string_equal(text,
	    "files 7 invalid 2 kept 2\n"
	    "post posts/01/01-01-a.json 01-01-a Event of 1900-01-01 01-01\n"
	    "post posts/01/01-01-b.json bee Event of --01-01 01-01\n"
	    WARN_DIAG BAD_DIAG
	    "diag posts/04/04-01-dup.json:1:3: id \"01-01-a\" is already "
	    "used by posts/01/01-01-a.json; every post needs its own id\n");
	free(text);
}

static void
test_modified_file_is_read_again(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char *text;

	archive(f);
	post(f, "05/05-05-x.json", "1920-05-05", NULL);
	same(f, 6, 6);
	/* The same size and a new day: 05-05 becomes 06-06. */
	post(f, "05/05-05-x.json", "1920-06-06", NULL);
	info = same(f, 6, 6);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	text = load(f, true, 6, 6, &info);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_non_null(strstr(text, "05-05-x Event of 1920-06-06 06-06\n"));
	free(text);
	/* An id that changes makes a duplicate appear, then go away. */
	post(f, "05/05-05-x.json", "1920-06-06", "\"id\": \"bee\"");
	text = load(f, true, 6, 6, &info);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	assert_non_null(strstr(text, "diag posts/05/05-05-x.json:1:3: id "
	    "\"bee\" is already used by posts/01/01-01-b.json; every post "
	    "needs its own id\n"));
	free(text);
	same(f, 6, 6);
	post(f, "05/05-05-x.json", "1920-06-06", "\"id\": \"new\"");
	text = load(f, true, 6, 6, &info);
	assert_null(strstr(text, "\"bee\" is already used"));
	assert_non_null(strstr(text, "new Event of 1920-06-06"));
	free(text);
	same(f, 6, 6);
}

static void
test_same_size_rewrite_with_old_mtime(void **state)
{
	struct fx *f = *state;
	struct timespec ts[2];
	struct stat st;
	char *path = xasprintf("%s/07/07-07-t.json", f->posts);
	char *text;

	post(f, "07/07-07-t.json", "1930-07-07", NULL);
	assert_int_equal(stat(path, &st), 0);
	free(load(f, true, 7, 8, NULL));
	/* Same size, and the modification time put back as it was: only
	 * the status-change time tells. */
	post(f, "07/07-07-t.json", "1930-07-08", NULL);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	text = load(f, true, 7, 8, NULL);
	assert_non_null(strstr(text, "kept 1\n"));
	free(text);
	free(path);
}

static void
test_racy_file_is_read_until_it_settles(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	struct index_reader *r;
	struct index_rec rec;

	index_racy_ns = INDEX_RACY_NS;
	post(f, "08/08-08-r.json", "1940-08-08", NULL);
	post(f, "08/08-09-r.json", "1940-08-09", NULL);
	free(load(f, true, 1, 1, &info));
	assert_int_equal(info.index, CATALOG_INDEX_BUILT);
	/* just written: recorded racy, so read again next time */
	assert_non_null(r = index_open(f->index, f->posts));
	assert_int_equal(index_next(r, &rec), 1);
	assert_string_equal(rec.path, "08/08-08-r.json");
	assert_true(rec.flags & INDEX_RACY);
	assert_true(rec.flags & INDEX_VALID);
	assert_int_equal(rec.month, 8);
	assert_int_equal(rec.day, 8);
	assert_string_equal(rec.id, "08-08-r");
	index_close(r);
	free(load(f, true, 1, 1, &info));
	assert_int_equal(info.read, 2);
	/* once settled (no margin), trusted: nothing read */
	index_racy_ns = 0;
	free(load(f, true, 1, 1, &info));
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	free(load(f, true, 1, 1, &info));
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_int_equal(info.read, 0);
}

static void
test_removed_and_added_files(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char *path, *text;

	archive(f);
	same(f, 1, 1);
	path = xasprintf("%s/01/01-01-a.json", f->posts);
	assert_int_equal(unlink(path), 0);
	free(path);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	text = load(f, true, 1, 1, &info);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_null(strstr(text, "01-01-a.json"));
	/* the duplicate is no longer one: the id is free */
	assert_null(strstr(text, "already used"));
	assert_non_null(strstr(text, "files 6 invalid 1 kept 1\n"));
	free(text);
	/* the last file removed, then files added first and last */
	path = xasprintf("%s/04/04-01-dup.json", f->posts);
	assert_int_equal(unlink(path), 0);
	free(path);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	post(f, "00/first.json", "1800-01-01", NULL);
	post(f, "zz/last.json", "1800-01-01", NULL);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
}

/* Overwrites n bytes of the index at off (from the end when off < 0). */
static void
damage(struct fx *f, long off, const char *bytes, size_t n)
{
	int fd = open(f->index, O_RDWR);
	struct stat st;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	if (off < 0)
		off += (long)st.st_size;
	assert_int_equal(pwrite(fd, bytes, n, off), (ssize_t)n);
	close(fd);
}

static void
test_damaged_index_is_rebuilt(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	struct stat st;

	archive(f);
	same(f, 1, 1);
	assert_int_equal(stat(f->index, &st), 0);
	/* a record in the middle */
	damage(f, st.st_size / 2, "\x5a\x5a\x5a", 3);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	/* the last record */
	damage(f, -9, "\x01", 1);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	/* the header */
	damage(f, 3, "X", 1);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_BUILT);
	/* cut short */
	assert_int_equal(truncate(f->index, 200), 0);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	/* not an index at all */
	assert_int_equal(truncate(f->index, 0), 0);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_BUILT);
	/* a length that runs past the end */
	damage(f, -8, "\xff\xff\x00\x00\xff\xff\xff\xff", 8);
	same(f, 1, 1);
	info = same(f, 1, 1);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
}

static void
test_index_of_another_folder(void **state)
{
	struct fx *f = *state;
	struct index_writer *w;
	struct index_reader *r;

	archive(f);
	same(f, 1, 1);
	assert_non_null(r = index_open(f->index, f->posts));
	assert_int_equal(index_count(r), 7);
	index_close(r);
	assert_null(index_open(f->index, "/elsewhere/posts"));
	/* an index for another folder is replaced, not used */
	assert_non_null(w = index_writer_new(f->index, "/elsewhere"));
	assert_int_equal(index_writer_commit(w), 0);
	assert_null(index_open(f->index, f->posts));
	assert_int_equal(same(f, 1, 1).index, CATALOG_INDEX_BUILT);
}

static void
test_no_state_folder(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char *plain, *fast;

	archive(f);
	free(f->index);
	f->index = xasprintf("%s/missing/" INDEX_FILE, f->top);
	plain = load(f, false, 1, 1, &info);
	assert_int_equal(info.index, CATALOG_INDEX_OFF);
	fast = load(f, true, 1, 1, &info);
	assert_int_equal(info.index, CATALOG_INDEX_UNWRITABLE);
	assert_int_equal(info.read, 7);
	assert_string_equal(fast, plain);
	free(plain);
	free(fast);
	assert_int_equal(access(f->index, F_OK), -1);
}

static void
test_index_path_and_switch(void **state)
{
	char *p;

	(void)state;
	unsetenv("ALMANAC_NO_INDEX");
	p = index_path("/var/lib/almanac");
	assert_string_equal(p, "/var/lib/almanac/catalog.index");
	free(p);
	assert_null(index_path(NULL));
	setenv("ALMANAC_NO_INDEX", "1", 1);
	assert_null(index_path("/var/lib/almanac"));
	setenv("ALMANAC_NO_INDEX", "0", 1);
	p = index_path("/s");
	assert_string_equal(p, "/s/catalog.index");
	free(p);
	setenv("ALMANAC_NO_INDEX", "", 1);
	p = index_path("/s");
	assert_string_equal(p, "/s/catalog.index");
	free(p);
	unsetenv("ALMANAC_NO_INDEX");
}

/* Counts calls of a copy callback. */
static void
count_rec(uint64_t off, const struct index_rec *rec, void *arg)
{
	(void)off;
	(void)rec;
	(*(int *)arg)++;
}

static void
test_records_round_trip(void **state)
{
	struct fx *f = *state;
	struct index_writer *w;
	struct index_reader *r;
	struct index_rec a, b, got;
	char longid[300];
	uint64_t off1, off2, end;
	int n = 0;

	memset(&a, 0, sizeof(a));
	a.path = "01/01-01-x.json";
	a.dev = 1;
	a.ino = 2;
	a.size = 3;
	a.mtime_ns = 4000000005LL;
	a.ctime_ns = -6;
	a.flags = INDEX_VALID;
	a.month = 1;
	a.day = 1;
	a.id = "01-01-x";	/* the default: stored as nothing */
	b = a;
	b.path = "02/y.json";
	memset(longid, 'i', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	b.id = longid;
	b.id_line = 7;
	b.flags = INDEX_VALID | INDEX_DUP | INDEX_NOISY;
	b.other = "01/01-01-x.json";
	assert_non_null(w = index_writer_new(f->index, "/p"));
	off1 = index_writer_add(w, &a);
	off2 = index_writer_add(w, &b);
	assert_true(off1 > 0 && off2 > off1 && off1 % 8 == 0 &&
	    off2 % 8 == 0);
	assert_int_equal(index_writer_read(w, off2, &got), 0);
	assert_true(index_rec_equal(&got, &b));
	assert_int_equal(index_writer_read(w, off1, &got), 0);
	assert_true(index_rec_equal(&got, &a));
	assert_int_equal(index_writer_read(w, off1 + 8, &got), -1);
	assert_int_equal(index_writer_commit(w), 0);

	assert_non_null(r = index_open(f->index, "/p"));
	assert_int_equal(index_count(r), 2);
	assert_int_equal(index_tell(r), off1);
	assert_int_equal(index_next(r, &got), 1);
	assert_true(index_rec_equal(&got, &a));
	assert_int_equal(index_tell(r), off2);
	assert_int_equal(index_next(r, &got), 1);
	assert_true(index_rec_equal(&got, &b));
	assert_string_equal(got.other, "01/01-01-x.json");
	assert_int_equal(got.id_line, 7);
	end = index_tell(r);	/* after the last record */
	assert_int_equal(index_next(r, &got), 0);
	/* a copy keeps offsets */
	assert_non_null(w = index_writer_new(NULL, "/p"));
	assert_int_equal(index_writer_copy(w, r, end, count_rec, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(index_writer_read(w, off2, &got), 0);
	assert_true(index_rec_equal(&got, &b));
	assert_int_equal(index_writer_read(w, end, &got), -1);
	n = 0;
	assert_int_equal(index_writer_scan(w, count_rec, &n), 0);
	assert_int_equal(n, 2);
	/* a log has no place to go */
	assert_int_equal(index_writer_commit(w), -1);
	index_close(r);
}

static void
test_many_files_and_late_duplicates(void **state)
{
	struct fx *f = *state;
	struct catalog_info info;
	char rel[64], *text;
	int i;

	/* enough ids to grow the table of ids a few times */
	for (i = 0; i < 3000; i++) {
		snprintf(rel, sizeof(rel), "%02d/p%05d.json", i % 12 + 1, i);
		post(f, rel, i % 2 ? "1999-05-05" : "1999-06-06",
		    i == 2999 ? "\"id\": \"p00007\"" : NULL);
	}
	info = same(f, 5, 5);
	assert_int_equal(info.index, CATALOG_INDEX_BUILT);
	text = load(f, true, 5, 5, &info);
	assert_int_equal(info.index, CATALOG_INDEX_FRESH);
	assert_int_equal(info.read, 1500);
	assert_non_null(strstr(text, "files 3000 invalid 1 kept 1499\n"));
	assert_non_null(strstr(text, "diag posts/12/p02999.json:1:3: id "
	    "\"p00007\" is already used by posts/08/p00007.json; every post "
	    "needs its own id\n"));
	free(text);
	/* a change at the start: every id after it is checked again */
	post(f, "01/p00000.json", "1999-05-05", NULL);
	info = same(f, 5, 5);
	assert_int_equal(info.index, CATALOG_INDEX_UPDATED);
	same(f, 6, 6);
	/* plain loads (a temporary log) find it too */
	text = load(f, false, 5, 5, NULL);
	assert_non_null(strstr(text, "already used by "));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_cold_and_warm_are_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_messages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_modified_file_is_read_again, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_same_size_rewrite_with_old_mtime, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_racy_file_is_read_until_it_settles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_and_added_files,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_index_is_rebuilt,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_of_another_folder,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_state_folder, setup,
		    teardown),
		cmocka_unit_test(test_index_path_and_switch),
		cmocka_unit_test_setup_teardown(test_records_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_many_files_and_late_duplicates, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
