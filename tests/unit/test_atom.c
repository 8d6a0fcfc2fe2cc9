/* Tests of the Atom feed file: its content read back with libxml2, its
 * mode, and what a failed write leaves behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "config.h"
#include "ledger.h"
#include "platforms/feed.h"
#include "xalloc.h"

#include "fixture.h"

#define NOW 1794474000LL	/* 2026-11-12T09:00:00Z */
#define T1 "Trotsky <expelled> & \"more\""
#define L1 "https://example.org/1927?a=1&b=\"2\""

/* What one test writes; reset before each test. */
struct fixture {
	char *dir;
	char *path;
	struct platform_conf pc;
	struct ledger_row rows[3];
	char *err;
	xmlDocPtr doc;
};

static struct fixture fx;

/* A temporary folder, a feed path in it and three rows, newest first. */
static int
setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	fx.dir = fixture_tmpdir("atom");
	fx.path = xasprintf("%s/feed.atom", fx.dir);
	fx.pc.set[FEED_PATH] = fx.path;
	fx.pc.set[FEED_TITLE] = "On this day & more";
	fx.pc.set[FEED_LINK] = "https://example.org/";
	fx.pc.num[FEED_ENTRIES] = 50;

	fx.rows[0].day = "2026-11-12";
	fx.rows[0].post_id = "11-12-trotsky";
	fx.rows[0].platform = "feed";
	fx.rows[0].remote_id = "tag:almanac,2026-11-12:11-12-trotsky";
	fx.rows[0].title = T1;
	fx.rows[0].text = "1927: <b>expelled</b> & 'gone'";
	fx.rows[0].link = L1;
	fx.rows[0].published_at = NOW;
	fx.rows[0].updated = NOW + 5;

	fx.rows[1].day = "2026-11-12";
	fx.rows[1].post_id = "11-12-b";
	fx.rows[1].remote_id = "tag:almanac,2026-11-12:11-12-b";
	fx.rows[1].title = "B's 'quoted' \xE2\x80\x94 caf\xC3\xA9";
	fx.rows[1].text = "Line one\nline two";
	fx.rows[1].published_at = NOW - 3600;

	/* no remote id: made from the post id and day */
	fx.rows[2].day = "2025-11-11";
	fx.rows[2].post_id = "11-11-x y";
	fx.rows[2].updated = NOW - 86400 * 366;
	return 0;
}

/* Removes the folder and frees what a test made. */
static int
teardown(void **state)
{
	fixture_rmtree(fx.dir);
	free(fx.dir);
	free(fx.path);
	free(fx.err);
	if (fx.doc != NULL)
		xmlFreeDoc(fx.doc);
	return 0;
}

/* The names in folder dir, sorted, joined by spaces. Allocated. */
static char *
listing(const char *dir)
{
	struct dirent **v;
	char *s = xstrdup(""), *t;
	int i, n;

	n = scandir(dir, &v, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0) {
			t = xasprintf("%s%s%s", s, *s ? " " : "",
			    v[i]->d_name);
			free(s);
			s = t;
		}
		free(v[i]);
	}
	free(v);
	return s;
}

/* Checks that folder dir holds exactly the names want. */
static void
assert_listing(const char *dir, const char *want)
{
	char *s = listing(dir);

	assert_string_equal(s, want);
	free(s);
}

/* The next element sibling from n on (n itself when it is one). */
static xmlNodePtr
element(xmlNodePtr n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

/* Checks that element n is an Atom <name> with text want (or any text
 * when want is NULL); returns the next element. */
static xmlNodePtr
assert_elem(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *c;

	assert_non_null(n);
	assert_string_equal((const char *)n->name, name);
	assert_non_null(n->ns);
	assert_string_equal((const char *)n->ns->href, ATOM_NS);
	if (want != NULL) {
		c = xmlNodeGetContent(n);
		assert_string_equal((const char *)c, want);
		xmlFree(c);
	}
	return element(n->next);
}

/* Checks that element n is <link href=href/>; returns the next element. */
static xmlNodePtr
assert_link(xmlNodePtr n, const char *href)
{
	xmlChar *h;

	assert_non_null(n);
	assert_string_equal((const char *)n->name, "link");
	h = xmlGetProp(n, (const xmlChar *)"href");
	assert_non_null(h);
	assert_string_equal((const char *)h, href);
	xmlFree(h);
	return element(n->next);
}

/* Checks entry element n; returns the next element. */
static xmlNodePtr
assert_entry(xmlNodePtr n, const char *id, const char *title,
    const char *link, const char *updated, const char *content)
{
	xmlNodePtr c;
	xmlChar *t;

	assert_non_null(n);
	assert_string_equal((const char *)n->name, "entry");
	c = element(n->children);
	c = assert_elem(c, "id", id);
	c = assert_elem(c, "title", title);
	if (link != NULL)
		c = assert_link(c, link);
	c = assert_elem(c, "updated", updated);
	assert_non_null(c);
	t = xmlGetProp(c, (const xmlChar *)"type");
	assert_string_equal((const char *)t, "text");
	xmlFree(t);
	c = assert_elem(c, "content", content);
	assert_null(c);
	return element(n->next);
}

/* Reads the feed back; returns the first element after the head. */
static xmlNodePtr
read_head(const char *id, const char *title, const char *link,
    const char *updated)
{
	xmlNodePtr root, n;

	fx.doc = xmlReadFile(fx.path, NULL, XML_PARSE_NONET);
	assert_non_null(fx.doc);
	root = xmlDocGetRootElement(fx.doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "feed");
	assert_non_null(root->ns);
	assert_null(root->ns->prefix);
	assert_string_equal((const char *)root->ns->href, ATOM_NS);
	n = element(root->children);
	n = assert_elem(n, "id", id);
	n = assert_elem(n, "title", title);
	if (link != NULL)
		n = assert_link(n, link);
	n = assert_elem(n, "updated", updated);
	assert_non_null(n);
	assert_non_null(element(n->children));
	assert_null(assert_elem(element(n->children), "name", title));
	return assert_elem(n, "author", NULL);
}

/* Three rows: head, entries in order, escaping, mode, no stray files. */
static void
test_write(void **state)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "  <id>https://example.org/</id>\n"
	    "  <title>On this day &amp; more</title>\n"
	    "  <link href=\"https://example.org/\"/>\n"
	    "  <updated>2026-11-12T09:01:00Z</updated>\n"
	    "  <author>\n    <name>On this day &amp; more</name>\n  </author>\n"
	    "  <entry>\n    <id>";
	struct stat st;
	xmlNodePtr n;
	mode_t old;
	char *s;

	old = umask(077);
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW + 60, &fx.err),
	    0);
	umask(old);
	assert_null(fx.err);

	assert_int_equal(stat(fx.path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_listing(fx.dir, "feed.atom");

	n = read_head("https://example.org/", "On this day & more",
	    "https://example.org/", "2026-11-12T09:01:00Z");
	n = assert_entry(n, "tag:almanac,2026-11-12:11-12-trotsky", T1, L1,
	    "2026-11-12T09:00:00Z", "1927: <b>expelled</b> & 'gone'");
	n = assert_entry(n, "tag:almanac,2026-11-12:11-12-b",
	    "B's 'quoted' \xE2\x80\x94 caf\xC3\xA9", NULL,
	    "2026-11-12T08:00:00Z", "Line one\nline two");
	n = assert_entry(n, "tag:almanac,2025-11-11:11-11-x%20y",
	    "11-11-x y", NULL, "2025-11-11T09:00:00Z", "");
	assert_null(n);

	/* the bytes: declaration, namespace, escaping */
	s = fixture_read(fx.path, NULL);
	assert_memory_equal(s, head, strlen(head));
	assert_non_null(strstr(s, "\n    <title>Trotsky &lt;expelled&gt; "
	    "&amp; &quot;more&quot;</title>\n"));
	assert_non_null(strstr(s, "<link href=\"https://example.org/1927?"
	    "a=1&amp;b=&quot;2&quot;\"/>"));
	assert_non_null(strstr(s, "<content type=\"text\">1927: &lt;b&gt;"
	    "expelled&lt;/b&gt; &amp; 'gone'</content>"));
	assert_non_null(strstr(s, "<title>On this day &amp; more</title>"));
	assert_null(strchr(s, '\x01'));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
}

/* A second write replaces the first, with no stray files. */
static void
test_replace(void **state)
{
	xmlNodePtr n;
	char *s;

	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), 0);
	assert_int_equal(feed_write(&fx.pc, fx.rows + 1, 1, NOW + 3600,
	    &fx.err), 0);
	assert_null(fx.err);
	assert_listing(fx.dir, "feed.atom");
	s = fixture_read(fx.path, NULL);
	assert_null(strstr(s, "trotsky"));
	free(s);
	n = read_head("https://example.org/", "On this day & more",
	    "https://example.org/", "2026-11-12T10:00:00Z");
	n = assert_entry(n, "tag:almanac,2026-11-12:11-12-b",
	    "B's 'quoted' \xE2\x80\x94 caf\xC3\xA9", NULL,
	    "2026-11-12T08:00:00Z", "Line one\nline two");
	assert_null(n);
}

/* No link, no title, no rows: the defaults and an empty feed. */
static void
test_defaults(void **state)
{
	xmlNodePtr n;

	fx.pc.set[FEED_LINK] = NULL;
	fx.pc.set[FEED_TITLE] = NULL;
	assert_int_equal(feed_write(&fx.pc, NULL, 0, NOW, &fx.err), 0);
	n = read_head("tag:almanac,2026:feed", "On this day", NULL,
	    "2026-11-12T09:00:00Z");
	assert_null(n);
}

/* A missing folder is not made: an error naming it, and nothing made. */
static void
test_missing_folder(void **state)
{
	char *want;

	free(fx.path);
	fx.path = xasprintf("%s/missing/feed.atom", fx.dir);
	fx.pc.set[FEED_PATH] = fx.path;
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), -1);
	want = xasprintf("cannot write the feed %s/missing/feed.atom: the "
	    "folder %s/missing does not exist", fx.dir, fx.dir);
	assert_non_null(fx.err);
	assert_string_equal(fx.err, want);
	free(want);
	assert_listing(fx.dir, "");
}

/* A failed rename leaves neither a temporary file nor a change. */
static void
test_rename_fails(void **state)
{
	char *want, *sub, *tmp;
	size_t n;

	/* the path is a folder that is not empty: rename fails */
	sub = xasprintf("%s/feed.atom/x", fx.dir);
	assert_int_equal(mkdir(fx.path, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), -1);
	assert_non_null(fx.err);
	want = xasprintf("cannot write the feed %s: cannot rename %s/"
	    ".feed.atom.", fx.path, fx.dir);
	n = strlen(want);
	assert_memory_equal(fx.err, want, n);
	tmp = fx.err + n;
	/* the 6 random characters, then the reason */
	assert_int_equal(strspn(tmp, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789"), 6);
	assert_string_equal(tmp + 6, " to it: Is a directory");
	free(want);
	assert_listing(fx.dir, "feed.atom");
	assert_listing(fx.path, "x");
	free(sub);
}

/* An entry XML cannot carry: -1, the old file untouched. */
static void
test_bad_entry(void **state)
{
	char *before, *after, *want;

	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), 0);
	before = fixture_read(fx.path, NULL);
	fx.rows[1].title = "bell \x07";
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW + 60, &fx.err),
	    -1);
	want = xasprintf("cannot write the feed %s: entry 2 "
	    "(tag:almanac,2026-11-12:11-12-b) holds a control character or a "
	    "time XML cannot carry", fx.path);
	assert_non_null(fx.err);
	assert_string_equal(fx.err, want);
	free(want);
	free(fx.err);
	fx.err = NULL;
	after = fixture_read(fx.path, NULL);
	assert_string_equal(before, after);
	free(after);
	assert_listing(fx.dir, "feed.atom");

	/* a row without any id */
	fx.rows[1].title = "fine";
	fx.rows[2].day = "11-11";
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), -1);
	want = xasprintf("cannot write the feed %s: entry 3 has no id",
	    fx.path);
	assert_string_equal(fx.err, want);
	free(want);
	free(fx.err);
	fx.err = NULL;

	/* a feed title XML cannot carry */
	fx.pc.set[FEED_TITLE] = "tab\tok, but not \x1b";
	assert_int_equal(feed_write(&fx.pc, fx.rows, 2, NOW, &fx.err), -1);
	want = xasprintf("cannot write the feed %s: the feed's title or link "
	    "holds a control character, which XML cannot carry", fx.path);
	assert_string_equal(fx.err, want);
	free(want);
	after = fixture_read(fx.path, NULL);
	assert_string_equal(before, after);
	free(after);
	free(before);
	assert_listing(fx.dir, "feed.atom");
}

/* No path, or a path that names a folder. */
static void
test_no_path(void **state)
{
	fx.pc.set[FEED_PATH] = NULL;
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), -1);
	assert_string_equal(fx.err, "no path for the feed: set "
	    "platforms.feed.path");
	free(fx.err);
	fx.err = NULL;
	fx.pc.set[FEED_PATH] = "/tmp/";
	assert_int_equal(feed_write(&fx.pc, fx.rows, 3, NOW, &fx.err), -1);
	assert_string_equal(fx.err, "cannot write the feed /tmp/: the path "
	    "names a folder, not a file");
	assert_listing(fx.dir, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rename_fails, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_entry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_path, setup,
		    teardown),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
