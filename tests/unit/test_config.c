/* Tests of config: almanac.conf and the credentials file. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "platforms/adapter.h"
#include "credentials.h"
#include "diag.h"
#include "xalloc.h"
#include "pconf.h"

#include "fixture.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

static char *tmp;	/* canonical scratch folder, made by the group setup */
static char *top;	/* the working folder the tests started in */

/* Writes text to tmp/name with mode, replacing what was there (a file of
 * mode 0400, a link); returns the allocated path. */
static char *
put(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", tmp, name);

	unlink(path);
	fixture_write(path, text, strlen(text), mode);
	return path;
}

/* Parses text as "t.conf" in tmp; asserts failure with exactly want. */
static void
parse_fails(const char *text, const char *want)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *got;

	assert_int_equal(config_parse("t.conf", tmp, text, &c, &d), -1);
	got = fixture_diags(&d);
	assert_string_equal(got, want);
	assert_null(c.posts_dir);
	free(got);
	diags_free(&d);
}

/* Parses text as "t.conf" in tmp; asserts success without diagnostics. */
static void
parse_ok(const char *text, struct config *c)
{
	struct diags d = DIAGS_INIT;
	char *got;
	int r = config_parse("t.conf", tmp, text, c, &d);

	got = fixture_diags(&d);
	assert_string_equal(got, "");
	assert_int_equal(r, 0);
	free(got);
	diags_free(&d);
}

/* Parses text as "t.conf" in tmp; asserts success with exactly the
 * warnings want, and no error. */
static void
parse_warns(const char *text, const char *want)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *got;

	assert_int_equal(config_parse("t.conf", tmp, text, &c, &d), 0);
	got = fixture_diags(&d);
	assert_string_equal(got, want);
	assert_int_equal(d.nerrors, 0);
	free(got);
	diags_free(&d);
	config_free(&c);
}

/* The allocated path tmp/rel. */
static char *
in_tmp(const char *rel)
{
	return xasprintf("%s/%s", tmp, rel);
}

static int
setup(void **state)
{
	tmp = fixture_tmpdir("config");
	top = getcwd(NULL, 0);
	unsetenv("ALMANAC_CONFIG");
	unsetenv("CREDENTIALS_DIRECTORY");
	unsetenv("TZDIR");
	return 0;
}

static int
teardown(void **state)
{
	fixture_rmtree(tmp);
	free(tmp);
	free(top);
	return 0;
}

static void
test_platform_names(void **state)
{
	static const char *const names[] = { "twitter", "linkedin",
	    "facebook", "instagram", "pinterest", "feed", "mastodon",
	    "bluesky", "threads" };
	int i;

	for (i = 0; i < PF_COUNT; i++) {
		assert_string_equal(platform_name((size_t)i),
		    names[i]);
		assert_int_equal(platform_lookup(names[i]), i);
	}
	assert_null(platform_name(PF_COUNT));
	assert_int_equal(platform_lookup("myspace"), -1);
	assert_int_equal(platform_lookup("Twitter"), -1);
	assert_int_equal(platform_lookup(""), -1);
	assert_int_equal(platform_lookup(NULL), -1);
}

static void
test_find_order(void **state)
{
	char *p, *sub;

	setenv("ALMANAC_CONFIG", "/env/almanac.conf", 1);
	p = config_find("explicit.conf");
	assert_string_equal(p, "explicit.conf");
	free(p);
	p = config_find(NULL);
	assert_string_equal(p, "/env/almanac.conf");
	free(p);
	setenv("ALMANAC_CONFIG", "", 1);
	sub = in_tmp("findcwd");
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(chdir(sub), 0);
	p = config_find(NULL);
	assert_string_equal(p, "/etc/almanac/almanac.conf");
	free(p);
	assert_int_equal(mkdir("config", 0700), 0);
	free(put("findcwd/config/almanac.conf", "", 0600));
	p = config_find(NULL);
	assert_string_equal(p, "config/almanac.conf");
	free(p);
	unsetenv("ALMANAC_CONFIG");
	p = config_find(NULL);
	assert_string_equal(p, "config/almanac.conf");
	free(p);
	assert_int_equal(chdir(top), 0);
	free(sub);
}

/* Asserts every default of a config whose folder is dir. */
static void
check_defaults(const struct config *c, const char *dir)
{
	char *s;
	int i;

	assert_string_equal(c->dir, dir);
	s = xasprintf("%s/posts", dir);
	assert_string_equal(c->posts_dir, s);
	free(s);
	s = xasprintf("%s/var", dir);
	assert_string_equal(c->state_dir, s);
	free(s);
	assert_null(c->timezone);
	assert_int_equal(c->leap_day, LEAP_FEB28);
	assert_int_equal(c->window_start, 9 * 60);
	assert_int_equal(c->window_end, 17 * 60);
	assert_int_equal(c->max_per_day, 5);
	assert_int_equal(c->grace, 3 * 3600);
	assert_null(c->credentials);
	assert_int_equal(c->http.timeout, 30);
	assert_int_equal(c->http.connect_timeout, 10);
	assert_int_equal(c->http.retries, 3);
	assert_int_equal(c->http.max_wait, 120);
	assert_int_equal(c->http.max_parallel, 8);
	assert_null(c->http.ca_file);
	assert_string_equal(c->http.user_agent, "almanac/" ALMANAC_VERSION);
	for (i = 0; i < PF_COUNT; i++) {
		assert_false(c->platforms[i].present);
		assert_false(c->platforms[i].enabled);
		assert_int_equal(c->platforms[i].line, 0);
		assert_null(c->platforms[i].template);
		assert_null(c->platforms[i].api);
		assert_null(c->platforms[i].default_image);
	}
	assert_null(PSET(&c->platforms[PF_LINKEDIN], "author"));
	assert_null(PSET(&c->platforms[PF_FACEBOOK], "page_id"));
	assert_null(PSET(&c->platforms[PF_INSTAGRAM], "user_id"));
	assert_null(PSET(&c->platforms[PF_PINTEREST], "board_id"));
	assert_null(PSET(&c->platforms[PF_FEED], "link"));
	assert_string_equal(PSET(&c->platforms[PF_LINKEDIN], "version"), "202610");
	assert_string_equal(PSET(&c->platforms[PF_FACEBOOK], "graph_version"), "v24.0");
	assert_string_equal(PSET(&c->platforms[PF_INSTAGRAM], "graph_version"),
	    "v24.0");
	assert_null(PSET(&c->platforms[PF_TWITTER], "graph_version"));
	s = xasprintf("%s/var/feed.atom", dir);
	assert_string_equal(PSET(&c->platforms[PF_FEED], "path"), s);
	free(s);
	assert_string_equal(PSET(&c->platforms[PF_FEED], "title"), "On this day");
	assert_int_equal(PNUM(&c->platforms[PF_FEED], "entries"), 50);
	assert_int_equal(c->summary_max, 400);
	assert_false(c->require_sources);
}

static void
test_defaults(void **state)
{
	struct config c;

	config_defaults(&c, tmp);
	assert_null(c.path);
	check_defaults(&c, tmp);
	config_free(&c);
	assert_null(c.dir);
	config_free(&c);	/* a freed config can be freed again */

	parse_ok("", &c);
	assert_string_equal(c.path, "t.conf");
	check_defaults(&c, tmp);
	config_free(&c);

	parse_ok("# only a comment\n", &c);
	check_defaults(&c, tmp);
	config_free(&c);
}

/* lint.require_sources: a boolean, false unless set */
static void
test_require_sources(void **state)
{
	struct config c;

	parse_ok("lint = { require_sources = true; };\n", &c);
	assert_true(c.require_sources);
	config_free(&c);
	parse_ok("lint = { require_sources = false; summary_max = 300; };\n",
	    &c);
	assert_false(c.require_sources);
	assert_int_equal(c.summary_max, 300);
	config_free(&c);
	parse_fails("lint = { require_sources = 1; };\n", "t.conf:1: "
	    "lint.require_sources: expected true or false, got an integer");
}

static void
test_relative_paths(void **state)
{
	struct config c;
	char *sub = in_tmp("etc"), *parent, *s;

	assert_int_equal(mkdir(sub, 0700), 0);
	parent = xstrdup(tmp);
	*strrchr(parent, '/') = '\0';
	assert_int_equal(config_parse("x.conf", sub,
	    "posts_dir = \"../posts\";\n"
	    "state_dir = \"./state/\";\n"
	    "credentials = \"creds.conf\";\n"
	    "http = { ca_file = \"../../ca.pem\"; };\n"
	    "platforms = { feed = { path = \"out/feed.atom\"; }; };\n",
	    &c, &(struct diags)DIAGS_INIT), 0);
	assert_string_equal(c.dir, sub);
	s = in_tmp("posts");
	assert_string_equal(c.posts_dir, s);
	free(s);
	s = in_tmp("etc/state/");
	assert_string_equal(c.state_dir, s);
	free(s);
	s = in_tmp("etc/creds.conf");
	assert_string_equal(c.credentials, s);
	free(s);
	s = xasprintf("%s/ca.pem", parent);
	assert_string_equal(c.http.ca_file, s);
	free(s);
	s = in_tmp("etc/out/feed.atom");
	assert_string_equal(PSET(&c.platforms[PF_FEED], "path"), s);
	free(s);
	config_free(&c);

	/* Absolute paths stay; the feed follows state_dir by default. */
	parse_ok("posts_dir = \"/srv/posts\"; state_dir = \"/var/lib/a\";\n"
	    "credentials = \"\"; http = { ca_file = \"\"; };\n", &c);
	assert_string_equal(c.posts_dir, "/srv/posts");
	assert_string_equal(c.state_dir, "/var/lib/a");
	assert_string_equal(PSET(&c.platforms[PF_FEED], "path"),
	    "/var/lib/a/feed.atom");
	assert_null(c.credentials);
	assert_null(c.http.ca_file);
	config_free(&c);

	/* A folder that does not exist is joined as it is. */
	parse_ok("posts_dir = \"../p\";", &c);
	config_free(&c);
	assert_int_equal(config_parse("x.conf", "/nonexistent/etc",
	    "posts_dir = \"../p\";", &c, &(struct diags)DIAGS_INIT), 0);
	assert_string_equal(c.posts_dir, "/nonexistent/etc/../p");
	config_free(&c);

	/* config_load resolves against the file's own folder. */
	free(put("etc/almanac.conf", "posts_dir = \"p\";\n", 0644));
	assert_int_equal(chdir(tmp), 0);
	assert_int_equal(config_load("etc/almanac.conf", &c,
	    &(struct diags)DIAGS_INIT), 0);
	assert_int_equal(chdir(top), 0);
	assert_string_equal(c.path, "etc/almanac.conf");
	assert_string_equal(c.dir, sub);
	s = in_tmp("etc/p");
	assert_string_equal(c.posts_dir, s);
	free(s);
	config_free(&c);
	free(parent);
	free(sub);
}

static void
test_full(void **state)
{
	struct config c;
	const struct platform_conf *p;

	parse_ok(
	    "timezone = \"America/New_York\";\n"
	    "leap_day = \"mar1\";\n"
	    "schedule = { window = \"08:30-24:00\"; max_per_day = 0;\n"
	    "  grace = \"1h30m\"; };\n"
	    "http = { timeout = 600; connect_timeout = 1; retries = 0;\n"
	    "  max_wait = 3600; max_parallel = 64; user_agent = \"ua/1\"; };\n"
	    "platforms = {\n"
	    "  twitter = { enabled = true; template = \"{title} {url}\";\n"
	    "    api = \"http://127.0.0.1:8080\"; };\n"
	    "  linkedin = { enabled = true;\n"
	    "    author = \"urn:li:person:Ab_9-x\";\n"
	    "    version = \"202601\"; api = \"https://li.example\"; };\n"
	    "  facebook = { enabled = true; page_id = \"123\";\n"
	    "    graph_version = \"v23.0\"; api = \"http://[::1]:9/\"; };\n"
	    "  instagram = { enabled = true; user_id = \"456\";\n"
	    "    default_image = \"https://x.example/i.jpg\";\n"
	    "    default_image_alt = \"A card\";\n"
	    "    api = \"http://localhost/g\"; };\n"
	    "  pinterest = { enabled = false; board_id = \"789\"; };\n"
	    "  feed = { enabled = false; title = \"T\";\n"
	    "    link = \"http://example.org/\"; entries = 1000; };\n"
	    "};\n", &c);
	assert_string_equal(c.timezone, "America/New_York");
	assert_int_equal(c.leap_day, LEAP_MAR1);
	assert_int_equal(c.window_start, 8 * 60 + 30);
	assert_int_equal(c.window_end, 24 * 60);
	assert_int_equal(c.max_per_day, 0);
	assert_int_equal(c.grace, 5400);
	assert_int_equal(c.http.timeout, 600);
	assert_int_equal(c.http.connect_timeout, 1);
	assert_int_equal(c.http.retries, 0);
	assert_int_equal(c.http.max_wait, 3600);
	assert_int_equal(c.http.max_parallel, 64);
	assert_string_equal(c.http.user_agent, "ua/1");
	p = &c.platforms[PF_TWITTER];
	assert_true(p->present && p->enabled);
	assert_int_equal(p->line, 8);
	assert_string_equal(p->template, "{title} {url}");
	assert_string_equal(p->api, "http://127.0.0.1:8080");
	p = &c.platforms[PF_LINKEDIN];
	assert_int_equal(p->line, 10);
	assert_string_equal(PSET(p, "author"), "urn:li:person:Ab_9-x");
	assert_string_equal(PSET(p, "version"), "202601");
	assert_string_equal(p->api, "https://li.example");
	p = &c.platforms[PF_FACEBOOK];
	assert_string_equal(PSET(p, "page_id"), "123");
	assert_string_equal(PSET(p, "graph_version"), "v23.0");
	assert_string_equal(p->api, "http://[::1]:9/");
	p = &c.platforms[PF_INSTAGRAM];
	assert_string_equal(PSET(p, "user_id"), "456");
	assert_string_equal(PSET(p, "graph_version"), "v24.0");
	assert_string_equal(p->default_image, "https://x.example/i.jpg");
	assert_string_equal(p->default_image_alt, "A card");
	p = &c.platforms[PF_PINTEREST];
	assert_true(p->present);
	assert_false(p->enabled);
	assert_string_equal(PSET(p, "board_id"), "789");
	p = &c.platforms[PF_FEED];
	assert_false(p->enabled);
	assert_string_equal(PSET(p, "title"), "T");
	assert_string_equal(PSET(p, "link"), "http://example.org/");
	assert_int_equal(PNUM(p, "entries"), 1000);
	config_free(&c);

	parse_ok("leap_day = \"skip\"; schedule = { grace = \"45s\"; };", &c);
	assert_int_equal(c.leap_day, LEAP_SKIP);
	assert_int_equal(c.grace, 45);
	config_free(&c);
	parse_ok("leap_day = \"feb28\"; schedule = { grace = \"90m\"; };\n"
	    "timezone = \"\";", &c);
	assert_int_equal(c.leap_day, LEAP_FEB28);
	assert_int_equal(c.grace, 5400);
	assert_null(c.timezone);
	config_free(&c);
	parse_ok("timezone = \"UTC\"; schedule = { grace = \"0s\"; };", &c);
	assert_string_equal(c.timezone, "UTC");
	assert_int_equal(c.grace, 0);
	config_free(&c);
	/* An int64 literal in range is fine. */
	parse_ok("http = { timeout = 45L; };", &c);
	assert_int_equal(c.http.timeout, 45);
	config_free(&c);
}

static void
test_parse_error(void **state)
{
	parse_fails("posts_dir = \"p\";\n\nstate_dir = ;\n",
	    "t.conf:3: syntax error");
	parse_fails("a = 1;\na = 2;\n", "t.conf:2: duplicate setting name");
	parse_fails("posts_dir = \"p\";\n@include \"other.conf\"\n",
	    "t.conf:2: @include is not supported: keep the whole "
	    "configuration in this file");
	/* Not at the start of a line, or in a comment: not an include. */
	parse_fails("/* @include \"x\" */ timezone = 1;\n",
	    "t.conf:1: timezone: expected a string, got an integer");
}

static void
test_hostile_text(void **state)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *deep, *path, *got, *want;

	/* an overlong "/" in a string would reach the feed as it is: as
	 * bytes in the file, or made by libconfig's \x escapes */
	parse_fails("posts_dir = \"p\";\n\nleap_day = \"x\xc0\xaf\";\n",
	    "t.conf:3: not valid UTF-8 (byte 0xC0); save the file as UTF-8");
	parse_fails("posts_dir = \"p\";\n\nleap_day = \"x\\xc0\\xaf\";\n",
	    "t.conf:3: leap_day: the text is not valid UTF-8 (check its \\x "
	    "escapes)");
	parse_fails("# \xed\xa0\x80\n", "t.conf:1: not valid UTF-8 (byte "
	    "0xED); save the file as UTF-8");
	/* a NUL byte is reported with its line */
	path = in_tmp("nul.conf");
	fixture_write(path, "timezone = \"UTC\";\n\nx\0;\n", 22, 0644);
	assert_int_equal(config_load(path, &c, &d), -1);
	got = fixture_diags(&d);
	want = xasprintf("%s:3: the file contains a NUL byte", path);
	assert_string_equal(got, want);
	free(want);
	free(got);
	free(path);
	diags_free(&d);
	/* bison's "memory exhausted" said in words */
	deep = xmalloc(20016);
	memcpy(deep, "x = ", 4);
	memset(deep + 4, '(', 10000);
	memset(deep + 10004, ')', 10000);
	memcpy(deep + 20004, ";\n", 3);
	parse_fails(deep, "t.conf:1: lists or groups nested too deeply");
	free(deep);
	/* a secret in the config is pointed to the credentials file */
	parse_fails("platforms = { twitter = {\n consumer_secret = \"s\"; }; };\n",
	    "t.conf:2: platforms.twitter.consumer_secret: secrets never go in "
	    "the config; put consumer_secret in the credentials file (see "
	    "credentials.example)");
	/* a BOM is skipped */
	parse_ok("\xef\xbb\xbftimezone = \"UTC\";\n", &c);
	config_free(&c);
	/* a value quoted in a message: 50 code points at most, no control
	 * characters */
	parse_fails("leap_day = \"\\x1b[31m\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "12345678901234567890123456789012345\";\n",
	    "t.conf:1: leap_day: expected \"feb28\", \"mar1\" or \"skip\", got "
	    "\"?[31m\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9123456789012345678901234567890..."
	    "\"");
}

static void
test_unknown_keys(void **state)
{
	parse_fails("posts_dir = \"p\";\nfoo = 1;\n",
	    "t.conf:2: unknown setting \"foo\"");
	parse_fails("platforms = {\n  twitter = {\n    enabled = false;\n"
	    "    foo = \"x\";\n  };\n};\n",
	    "t.conf:4: unknown setting \"foo\" in platforms.twitter");
	parse_fails("http = { timeout = 30;\n tiemout = 3; };",
	    "t.conf:2: unknown setting \"tiemout\" in http (did you mean "
	    "\"timeout\"?)");
	parse_fails("schedule = { windows = \"09:00-10:00\"; };",
	    "t.conf:1: unknown setting \"windows\" in schedule (did you "
	    "mean \"window\"?)");
	/* A key of another platform is unknown here. */
	parse_fails("platforms = { twitter = { page_id = \"1\"; }; };",
	    "t.conf:1: unknown setting \"page_id\" in platforms.twitter");
	parse_fails("platforms = { feed = {\napi = \"https://x\"; }; };",
	    "t.conf:2: unknown setting \"api\" in platforms.feed");
	/* upload_pictures: the platforms that take a picture's bytes */
	parse_fails("platforms = { facebook = {\nupload_pictures = false; "
	    "}; };", "t.conf:2: unknown setting \"upload_pictures\" in "
	    "platforms.facebook");
	{
		struct config c;

		parse_ok("platforms = { twitter = { upload_pictures = false; "
		    "}; };", &c);
		assert_false(c.platforms[PF_TWITTER].upload_pictures);
		assert_false(config_uploads_pictures(&c,
		    adapter_get(PF_TWITTER), PF_TWITTER));
		assert_true(c.platforms[PF_MASTODON].upload_pictures);
		assert_true(config_uploads_pictures(&c,
		    adapter_get(PF_MASTODON), PF_MASTODON));
		assert_false(config_uploads_pictures(&c,
		    adapter_get(PF_FACEBOOK), PF_FACEBOOK));
		config_free(&c);
	}
	/* The nearest known name: case only, or up to two edits. */
	parse_fails("Timezone = \"UTC\";",
	    "t.conf:1: unknown setting \"Timezone\" (did you mean "
	    "\"timezone\"?)");
	parse_fails("platforms = { pinterest = { bord_id = \"1\"; }; };",
	    "t.conf:1: unknown setting \"bord_id\" in platforms.pinterest "
	    "(did you mean \"board_id\"?)");
	parse_fails("platforms = {\n mastodon = { visibility = \"all\"; }; };",
	    "t.conf:2: platforms.mastodon.visibility: expected one of "
	    "\"public\", \"unlisted\", \"private\", \"direct\", got \"all\"");
	parse_fails("platforms = { mastodon = { language = \"English\"; }; };",
	    "t.conf:1: platforms.mastodon.language: expected an ISO 639 "
	    "language code such as \"en\", got \"English\"");
	parse_fails("platforms = { twiter = {}; };",
	    "t.conf:1: unknown platform \"twiter\" in platforms (expected "
	    "one of: twitter, linkedin, facebook, instagram, pinterest, "
	    "feed, mastodon, bluesky, threads)");
}

static void
test_wrong_type(void **state)
{
	parse_fails("http = { timeout = \"30\"; };",
	    "t.conf:1: http.timeout: expected an integer, got a string");
	parse_fails("http = { timeout = 30.5; };",
	    "t.conf:1: http.timeout: expected an integer, got a decimal "
	    "number");
	parse_fails("platforms = { twitter = { enabled = 1; }; };",
	    "t.conf:1: platforms.twitter.enabled: expected true or false, "
	    "got an integer");
	parse_fails("platforms = { twitter = \"on\"; };",
	    "t.conf:1: platforms.twitter: expected a group { ... }, got a "
	    "string");
	parse_fails("posts_dir = [\"a\"];",
	    "t.conf:1: posts_dir: expected a string, got an array [ ... ]");
	parse_fails("schedule = (1);",
	    "t.conf:1: schedule: expected a group { ... }, got a list "
	    "( ... )");
	parse_fails("http = true;",
	    "t.conf:1: http: expected a group { ... }, got true or false");
	parse_fails("platforms = 1;",
	    "t.conf:1: platforms: expected a group { ... }, got an integer");
	parse_fails("schedule = { window = 9; };",
	    "t.conf:1: schedule.window: expected a string, got an integer");
	parse_fails("posts_dir = \"\";",
	    "t.conf:1: posts_dir: must not be empty");
	parse_fails("http = { user_agent = \"a\\nb\"; };",
	    "t.conf:1: http.user_agent: expected a non-empty line of text");
}

static void
test_out_of_range(void **state)
{
	parse_fails("http = { timeout = 0; };",
	    "t.conf:1: http.timeout: 0 is out of range (1..600)");
	parse_fails("http = { timeout = 601; };",
	    "t.conf:1: http.timeout: 601 is out of range (1..600)");
	/* libconfig reads this back as 705032704 without the L. */
	parse_fails("http = {\n  timeout = 5000000000;\n};",
	    "t.conf:2: http.timeout: 5000000000 is out of range (1..600)");
	parse_fails("http = { retries = -5000000000; };",
	    "t.conf:1: http.retries: -5000000000 is out of range (0..10)");
	parse_fails("http = { retries = 0x100000003; };",
	    "t.conf:1: http.retries: 0x100000003 is out of range (0..10)");
	parse_fails("http = { max_parallel = 5000000000L; };",
	    "t.conf:1: http.max_parallel: 5000000000 is out of range "
	    "(1..64)");
	parse_fails("http = { connect_timeout = 301; max_wait = -1;\n"
	    "retries = 11; max_parallel = 0; };",
	    "t.conf:1: http.connect_timeout: 301 is out of range (1..300)\n"
	    "t.conf:1: http.max_wait: -1 is out of range (0..3600)\n"
	    "t.conf:2: http.retries: 11 is out of range (0..10)\n"
	    "t.conf:2: http.max_parallel: 0 is out of range (1..64)");
	parse_fails("schedule = { max_per_day = -1; };",
	    "t.conf:1: schedule.max_per_day: -1 is out of range (0..10000)");
	parse_fails("platforms = { feed = { entries = 0; }; };",
	    "t.conf:1: platforms.feed.entries: 0 is out of range (1..1000)");
	parse_fails("platforms = { feed = { entries = 1001; }; };",
	    "t.conf:1: platforms.feed.entries: 1001 is out of range "
	    "(1..1000)");
	/* A big literal elsewhere on the line does not blame its neighbour;
	 * one inside a string is not a number. */
	parse_fails("http = { timeout = 30; retries = 9999999999; };\n"
	    "posts_dir = \"x = 9999999999\";",
	    "t.conf:1: http.retries: 9999999999 is out of range (0..10)");
}

static void
test_bad_values(void **state)
{
	parse_fails("schedule = { window = \"9:00-17:00\"; };",
	    "t.conf:1: schedule.window: expected \"HH:MM-HH:MM\" such as "
	    "\"09:00-17:00\", got \"9:00-17:00\"");
	parse_fails("schedule = { window = \"09:00-25:00\"; };",
	    "t.conf:1: schedule.window: expected \"HH:MM-HH:MM\" such as "
	    "\"09:00-17:00\", got \"09:00-25:00\"");
	parse_fails("schedule = { window = \"09:60-17:00\"; };",
	    "t.conf:1: schedule.window: expected \"HH:MM-HH:MM\" such as "
	    "\"09:00-17:00\", got \"09:60-17:00\"");
	parse_fails("schedule = { window = \"17:00-09:00\"; };",
	    "t.conf:1: schedule.window: the window must start before it "
	    "ends, got \"17:00-09:00\"");
	parse_fails("schedule = { window = \"09:00-09:00\"; };",
	    "t.conf:1: schedule.window: the window must start before it "
	    "ends, got \"09:00-09:00\"");
	parse_fails("leap_day = \"feb29\";",
	    "t.conf:1: leap_day: expected \"feb28\", \"mar1\" or \"skip\", "
	    "got \"feb29\"");
	parse_fails("schedule = { grace = \"3 hours\"; };",
	    "t.conf:1: schedule.grace: expected a duration such as \"3h\", "
	    "\"90m\", \"45s\" or \"1h30m\", got \"3 hours\"");
	parse_fails("schedule = { grace = \"30m1h\"; };",
	    "t.conf:1: schedule.grace: expected a duration such as \"3h\", "
	    "\"90m\", \"45s\" or \"1h30m\", got \"30m1h\"");
	parse_fails("schedule = { grace = \"3\"; };",
	    "t.conf:1: schedule.grace: expected a duration such as \"3h\", "
	    "\"90m\", \"45s\" or \"1h30m\", got \"3\"");
	parse_fails("schedule = { grace = \"\"; };",
	    "t.conf:1: schedule.grace: expected a duration such as \"3h\", "
	    "\"90m\", \"45s\" or \"1h30m\", got \"\"");
	parse_fails("schedule = { grace = \"25h\"; };",
	    "t.conf:1: schedule.grace: \"25h\" is out of range (0s..24h)");
	parse_fails("timezone = \"Mars/Olympus\";",
	    "t.conf:1: timezone: unknown time zone \"Mars/Olympus\" "
	    "(expected a name such as \"Europe/London\" from the system's "
	    "tzdata)");
	parse_fails("timezone = \"../../etc/passwd\";",
	    "t.conf:1: timezone: unknown time zone \"../../etc/passwd\" "
	    "(expected a name such as \"Europe/London\" from the system's "
	    "tzdata)");
	/* A file in the zone folder that is not a zone. */
	parse_fails("timezone = \"zone.tab\";",
	    "t.conf:1: timezone: unknown time zone \"zone.tab\" "
	    "(expected a name such as \"Europe/London\" from the system's "
	    "tzdata)");
	parse_fails("platforms = { linkedin = { author = \"me\"; }; };",
	    "t.conf:1: platforms.linkedin.author: expected "
	    "\"urn:li:person:ID\" or \"urn:li:organization:ID\", got \"me\"");
	parse_fails("platforms = { linkedin = { version = \"2025-11\"; }; };",
	    "t.conf:1: platforms.linkedin.version: expected a "
	    "LinkedIn-Version \"YYYYMM\" such as \"202610\", got \"2025-11\"");
	parse_fails("platforms = { facebook = { graph_version = \"24\"; }; };",
	    "t.conf:1: platforms.facebook.graph_version: expected a Graph "
	    "API version such as \"v24.0\", got \"24\"");
	parse_fails("platforms = { facebook = { page_id = \"1/2\"; }; };",
	    "t.conf:1: platforms.facebook.page_id: expected a page id "
	    "(letters, digits, _ or -), got \"1/2\"");
	parse_fails("platforms = { feed = { link = \"example.org\"; }; };",
	    "t.conf:1: platforms.feed.link: expected an https:// or http:// "
	    "URL, got \"example.org\"");
}

static void
test_api_url(void **state)
{
	struct config c;
	static const char *const ok[] = {
		"https://api.x.com", "https://example.com:8443/base/",
		"http://127.0.0.1", "http://127.0.0.1:8080/",
		"http://127.255.0.9:1", "http://localhost:3000",
		"http://LOCALHOST", "http://[::1]:8443/x",
	};
	static const char *const bad[] = {
		"http://example.com", "http://128.0.0.1",
		"http://127.0.0.1.evil.example", "http://127.0.0",
		"http://127.0.0.256", "http://localhost.evil.example",
		"http://[::2]",
	};
	char *text, *want;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		text = xasprintf("platforms = { twitter = { api = \"%s\"; }; "
		    "};", ok[i]);
		parse_ok(text, &c);
		assert_string_equal(c.platforms[PF_TWITTER].api, ok[i]);
		config_free(&c);
		free(text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = xasprintf("platforms = {\n twitter = { api = \"%s\"; };"
		    " };", bad[i]);
		want = xasprintf("t.conf:2: platforms.twitter.api: \"%s\" must "
		    "use https:// (http:// is allowed only for loopback hosts: "
		    "127.0.0.0/8, ::1, localhost)", bad[i]);
		parse_fails(text, want);
		free(want);
		free(text);
	}
	parse_fails("platforms = { twitter = { api = "
	    "\"ftp://127.0.0.1\"; }; };",
	    "t.conf:1: platforms.twitter.api: expected an https:// URL, got "
	    "\"ftp://127.0.0.1\"");
	parse_fails("platforms = { twitter = { api = \"https:///x\"; }; };",
	    "t.conf:1: platforms.twitter.api: the URL \"https:///x\" has no "
	    "host");
	parse_fails("platforms = { twitter = { api = "
	    "\"http://127.0.0.1:80:80/\"; }; };",
	    "t.conf:1: platforms.twitter.api: the URL "
	    "\"http://127.0.0.1:80:80/\" has a bad port");
	parse_fails("platforms = { twitter = { api = "
	    "\"https://[::1]x/\"; }; };",
	    "t.conf:1: platforms.twitter.api: the URL \"https://[::1]x/\" "
	    "has a bad port");
	parse_fails("platforms = { twitter = { api = \"https://h:/\"; }; };",
	    "t.conf:1: platforms.twitter.api: the URL \"https://h:/\" has a "
	    "bad port");
	/* A password in a URL is never repeated in a message. */
	parse_fails("platforms = { twitter = { api = "
	    "\"http://u:hunter2@127.0.0.1/\"; }; };",
	    "t.conf:1: platforms.twitter.api: the URL must not contain a user "
	    "name or password");
	/* LinkedIn's OAuth host carries the client secret: as api. */
	parse_fails("platforms = { linkedin = { oauth = "
	    "\"http://www.linkedin.com\"; }; };",
	    "t.conf:1: platforms.linkedin.oauth: \"http://www.linkedin.com\" "
	    "must use https:// (http:// is allowed only for loopback hosts: "
	    "127.0.0.0/8, ::1, localhost)");
	parse_ok("platforms = { linkedin = { oauth = "
	    "\"http://127.0.0.1:8443/\"; }; };", &c);
	assert_string_equal(PSET(&c.platforms[PF_LINKEDIN], "oauth"),
	    "http://127.0.0.1:8443/");
	config_free(&c);
}

static void
test_enabled_needs_ids(void **state)
{
	struct config c;
	struct diags d = DIAGS_INIT;

	parse_fails("platforms = {\n linkedin = { enabled = true; };\n"
	    " facebook = { enabled = true; page_id = \"\"; };\n"
	    " instagram = { enabled = true; };\n"
	    " pinterest = { enabled = true; };\n"
	    " twitter = { enabled = true; };\n"
	    " feed = { enabled = true; };\n"
	    "};\n",
	    "t.conf:2: platforms.linkedin: enabled, but \"author\" is not set\n"
	    "t.conf:3: platforms.facebook: enabled, but \"page_id\" is not "
	    "set\n"
	    "t.conf:4: platforms.instagram: enabled, but \"user_id\" is not "
	    "set\n"
	    "t.conf:5: platforms.pinterest: enabled, but \"board_id\" is not "
	    "set");
	/* Disabled platforms need nothing. */
	parse_ok("platforms = { linkedin = { enabled = false; }; "
	    "facebook = {}; };", &c);
	assert_true(c.platforms[PF_FACEBOOK].present);
	assert_false(c.platforms[PF_INSTAGRAM].present);
	config_free(&c);
	/* Enabled without a default image: a warning, not an error.
	 * Pinterest uploads its card; Instagram, which takes only an
	 * address, has none. */
#define NO_CARD(line, name) "t.conf:" line ": warning: platforms." name \
	    ": enabled without default_image or cards to stand in (uploaded " \
	    "or in a public folder): posts without an image will not go to " \
	    name
	parse_warns("platforms = {\n"
	    " instagram = { enabled = true; user_id = \"1\"; };\n"
	    " pinterest = { enabled = true; board_id = \"2\"; };\n};",
	    NO_CARD("2", "instagram"));
	/* ... and Pinterest told not to upload, or without cards, neither */
	parse_warns("platforms = {\n"
	    " pinterest = { enabled = true; board_id = \"2\";\n"
	    "   upload_pictures = false; };\n};", NO_CARD("2", "pinterest"));
	parse_warns("platforms = {\n"
	    " pinterest = { enabled = true; board_id = \"2\"; };\n};\n"
	    "cards = { enabled = false; };", NO_CARD("2", "pinterest"));
#undef NO_CARD
	/* ... which a public folder for cards, set after it, stands in for */
	assert_int_equal(config_parse("t.conf", tmp, "platforms = {\n"
	    " instagram = { enabled = true; user_id = \"1\"; };\n};\n"
	    "cards = { public_dir = \"p\"; public_url = \"https://x/p\"; };",
	    &c, &d), 0);
	assert_int_equal(d.nwarnings, 0);
	diags_free(&d);
	config_free(&c);
}

static void
test_all_errors_reported(void **state)
{
	parse_fails("leap_day = \"x\";\n"
	    "http = { timeout = 0; bogus = 1; };\n"
	    "schedule = { window = \"1-2\"; };\n"
	    "timezone = \"No/Where\";\n",
	    "t.conf:1: leap_day: expected \"feb28\", \"mar1\" or \"skip\", "
	    "got \"x\"\n"
	    "t.conf:2: http.timeout: 0 is out of range (1..600)\n"
	    "t.conf:2: unknown setting \"bogus\" in http\n"
	    "t.conf:3: schedule.window: expected \"HH:MM-HH:MM\" such as "
	    "\"09:00-17:00\", got \"1-2\"\n"
	    "t.conf:4: timezone: unknown time zone \"No/Where\" (expected a "
	    "name such as \"Europe/London\" from the system's tzdata)");
}

/* config_load of path fails with exactly the message want (which it
 * frees), and leaves the config empty. */
static void
load_fails(const char *path, char *want)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *got;

	assert_int_equal(config_load(path, &c, &d), -1);
	got = fixture_diags(&d);
	assert_string_equal(got, want);
	assert_null(c.path);
	free(want);
	free(got);
	diags_free(&d);
}

static void
test_load_errors(void **state)
{
	char *path = in_tmp("missing.conf");

	load_fails(path, xasprintf("%s: cannot read config: %s", path,
	    strerror(ENOENT)));
	free(path);
	load_fails(tmp, xasprintf("%s: cannot read config: not a regular "
	    "file", tmp));
	path = put("bad.conf", "posts_dir = \"p\";\nhttp = { x = 1; };\n",
	    0644);
	load_fails(path, xasprintf("%s:2: unknown setting \"x\" in http",
	    path));
	free(path);
}

static void
test_shipped_config(void **state)
{
	struct config c;
	struct diags d = DIAGS_INIT;
	char *got, *root = realpath(".", NULL), *s;
	const struct platform_conf *p;
	int i;

	assert_int_equal(config_load("config/almanac.conf", &c, &d), 0);
	got = fixture_diags(&d);
	assert_string_equal(got, "");
	free(got);
	s = xasprintf("%s/posts", root);
	assert_string_equal(c.posts_dir, s);
	free(s);
	s = xasprintf("%s/var", root);
	assert_string_equal(c.state_dir, s);
	free(s);
	s = xasprintf("%s/var/feed.atom", root);
	assert_string_equal(PSET(&c.platforms[PF_FEED], "path"), s);
	free(s);
	assert_string_equal(c.timezone, "Europe/London");
	assert_int_equal(c.leap_day, LEAP_FEB28);
	assert_int_equal(c.window_start, 540);
	assert_int_equal(c.window_end, 1020);
	assert_int_equal(c.max_per_day, 5);
	assert_int_equal(c.grace, 10800);
	/* every shipped post has its sources (test_lint's
	 * shipped_archive_clean holds them to it) */
	assert_true(c.require_sources);
	assert_string_equal(c.credentials, "/etc/almanac/credentials.conf");
	assert_null(c.http.ca_file);
	assert_string_equal(c.http.user_agent, "almanac/" ALMANAC_VERSION);
	for (i = 0; i < PF_COUNT; i++) {
		p = &c.platforms[i];
		assert_true(p->present);
		assert_int_equal(p->enabled, i == PF_FEED);
	}
	p = &c.platforms[PF_FEED];
	assert_string_equal(PSET(p, "title"), "On this day");
	assert_string_equal(PSET(p, "link"), "https://example.org/");
	assert_int_equal(PNUM(p, "entries"), 50);
	assert_non_null(PSET(&c.platforms[PF_LINKEDIN], "author"));
	assert_non_null(PSET(&c.platforms[PF_FACEBOOK], "page_id"));
	assert_non_null(PSET(&c.platforms[PF_INSTAGRAM], "user_id"));
	assert_non_null(PSET(&c.platforms[PF_PINTEREST], "board_id"));
	config_free(&c);
	diags_free(&d);
	free(root);
}

/* Loads credentials from path; asserts failure with exactly want. */
static void
cred_fails(const char *path, const char *want)
{
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *got;

	assert_int_equal(credentials_load(path, &cr, &d), -1);
	got = fixture_diags(&d);
	assert_string_equal(got, want);
	assert_null(cr.source);
	assert_null(CRED(&cr, PF_TWITTER, access_token));
	free(got);
	diags_free(&d);
}

static void
test_credentials_good(void **state)
{
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *path = put("cred.conf",
	    "# secrets\n"
	    "twitter = { consumer_key = \"ck\"; consumer_secret = \"cs\";\n"
	    "  access_token = \"at\"; access_token_secret = \"ats\"; };\n"
	    "linkedin = { access_token = \"li\"; };\n"
	    "facebook = { access_token = \"fb\"; };\n"
	    "instagram = { access_token = \"ig\"; };\n"
	    "pinterest = { access_token = \"\"; };\n"
	    "mastodon = { access_token = \"m\"; };\n"
	    "bluesky = { app_password = \"b\"; };\n"
	    "threads = { access_token = \"t\"; };\n", 0600);
	int i;

	assert_int_equal(credentials_load(path, &cr, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(cr.source, path);
	assert_string_equal(CRED(&cr, PF_TWITTER, consumer_key), "ck");
	assert_string_equal(CRED(&cr, PF_TWITTER, consumer_secret), "cs");
	assert_string_equal(CRED(&cr, PF_TWITTER, access_token), "at");
	assert_string_equal(CRED(&cr, PF_TWITTER, access_token_secret), "ats");
	assert_string_equal(CRED(&cr, PF_LINKEDIN, access_token), "li");
	assert_string_equal(CRED(&cr, PF_FACEBOOK, access_token), "fb");
	assert_string_equal(CRED(&cr, PF_INSTAGRAM, access_token), "ig");
	assert_null(CRED(&cr, PF_PINTEREST, access_token));
	assert_string_equal(CRED(&cr, PF_MASTODON, access_token), "m");
	assert_string_equal(CRED(&cr, PF_BLUESKY, app_password), "b");
	assert_string_equal(CRED(&cr, PF_THREADS, access_token), "t");
	/* the feed and linkedin's other places hold nothing */
	for (i = 0; i < PLATFORM_CRED_KEYS_MAX; i++)
		assert_null(cr.v[PF_FEED][i]);
	for (i = 1; i < PLATFORM_CRED_KEYS_MAX; i++)
		assert_null(cr.v[PF_LINKEDIN][i]);
	credentials_free(&cr);
	assert_null(cr.source);
	assert_null(CRED(&cr, PF_TWITTER, access_token));
	free(path);

	/* 0400, as systemd's LoadCredential leaves it, is fine too. */
	path = put("cred.conf", "linkedin = { access_token = \"x\"; };", 0400);
	assert_int_equal(credentials_load(path, &cr, &d), 0);
	assert_string_equal(CRED(&cr, PF_LINKEDIN, access_token), "x");
	credentials_free(&cr);
	free(path);
	diags_free(&d);
}

static void
test_credentials_example(void **state)
{
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *text = fixture_read("config/credentials.example", NULL);
	char *path, *got;

	path = put("example.conf", text, 0600);
	assert_int_equal(credentials_load(path, &cr, &d), 0);
	got = fixture_diags(&d);
	assert_string_equal(got, "");
	assert_non_null(CRED(&cr, PF_TWITTER, access_token_secret));
	assert_non_null(CRED(&cr, PF_PINTEREST, access_token));
	credentials_free(&cr);
	free(got);
	free(path);
	free(text);
	diags_free(&d);
}

static void
test_credentials_mode(void **state)
{
	char *path, *want;

	path = put("open.conf", "linkedin = { access_token = \"x\"; };",
	    0644);
	want = xasprintf("%s: credentials are readable by others (mode "
	    "0644); run: chmod 600 %s", path, path);
	cred_fails(path, want);
	free(want);
	assert_int_equal(chmod(path, 0640), 0);
	want = xasprintf("%s: credentials are readable by others (mode "
	    "0640); run: chmod 600 %s", path, path);
	cred_fails(path, want);
	free(want);
	assert_int_equal(chmod(path, 0620), 0);
	want = xasprintf("%s: credentials are accessible by others (mode "
	    "0620); run: chmod 600 %s", path, path);
	cred_fails(path, want);
	free(want);
	free(path);
}

/* A symbolic link is named with the file it leads to, which the chmod
 * must change (chmod follows the link, but the reader should know). */
static void
test_credentials_mode_through_link(void **state)
{
	char *target, *link, *sub, *want;

	sub = in_tmp("real");
	mkdir(sub, 0700);
	target = put("real/real.conf", "linkedin = { access_token = \"x\"; };",
	    0644);
	link = in_tmp("link.conf");
	unlink(link);
	assert_int_equal(symlink("real/real.conf", link), 0);
	want = xasprintf("%s -> %s: credentials are readable by others (mode "
	    "0644); run: chmod 600 %s", link, target, target);
	cred_fails(link, want);
	free(want);
	/* mode 600 through the link: read */
	assert_int_equal(chmod(target, 0600), 0);
	{
		struct credentials cr;
		struct diags d = DIAGS_INIT;

		assert_int_equal(credentials_load(link, &cr, &d), 0);
		assert_string_equal(CRED(&cr, PF_LINKEDIN, access_token), "x");
		credentials_free(&cr);
		diags_free(&d);
	}
	unlink(link);
	unlink(target);
	rmdir(sub);
	free(link);
	free(target);
	free(sub);
}

/*
 * Credentials that belong to another user are refused (as msmtp refuses
 * them), unless root owns them (systemd's LoadCredential= files). Needs
 * root, to give a file away.
 */
static void
test_credentials_owner(void **state)
{
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *path, *link, *want;

	if (geteuid() != 0) {
		skip();
		return;
	}
	path = put("theirs.conf", "linkedin = { access_token = \"x\"; };",
	    0600);
	assert_int_equal(chown(path, 65534, 65534), 0);
	want = xasprintf("%s: credentials are owned by uid 65534, not by uid "
	    "0 that runs almanac (nor by root); run: chown 0 %s", path, path);
	cred_fails(path, want);
	free(want);
	/* through a link: both named */
	link = in_tmp("theirs-link.conf");
	unlink(link);
	assert_int_equal(symlink(path, link), 0);
	want = xasprintf("%s -> %s: credentials are owned by uid 65534, not "
	    "by uid 0 that runs almanac (nor by root); run: chown 0 %s",
	    link, path, path);
	cred_fails(link, want);
	free(want);
	/* open to others as well: both said */
	assert_int_equal(chmod(path, 0640), 0);
	want = xasprintf("%s: credentials are readable by others (mode 0640); "
	    "run: chmod 600 %s\n%s: credentials are owned by uid 65534, not "
	    "by uid 0 that runs almanac (nor by root); run: chown 0 %s",
	    path, path, path, path);
	cred_fails(path, want);
	free(want);
	/* root's: read */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(credentials_load(path, &cr, &d), 0);
	assert_string_equal(CRED(&cr, PF_LINKEDIN, access_token), "x");
	credentials_free(&cr);
	assert_int_equal(d.n, 0);
	unlink(link);
	unlink(path);
	free(link);
	free(path);
}

static void
test_credentials_crlf(void **state)
{
	char *path, *want;

	path = put("crlf.conf", "twitter = {\n access_token = \"a\\r\";\n"
	    " consumer_key = \"line\none\";\n"
	    " consumer_secret = \"tab\\there\"; };\n", 0600);
	want = xasprintf(
	    "%s:2: twitter.access_token: the value contains a line break "
	    "(CR or LF); remove it\n"
	    "%s:3: twitter.consumer_key: the value contains a line break "
	    "(CR or LF); remove it\n"
	    "%s:5: twitter.consumer_secret: the value contains a control "
	    "character; remove it", path, path, path);
	cred_fails(path, want);
	free(want);
	free(path);
}

static void
test_credentials_unknown(void **state)
{
	char *path, *want;

	path = put("unk.conf", "twitter = { token = \"a\"; };\n"
	    "feed = { access_token = \"b\"; };\n"
	    "linkedin = { access_token = 5; };\n"
	    "facebook = \"c\";\n"
	    "pinterest = { acess_token = \"d\"; };\n", 0600);
	want = xasprintf(
	    "%s:1: unknown setting \"token\" in twitter\n"
	    "%s:2: unknown group \"feed\" in the credentials (expected one "
	    "of: twitter, linkedin, facebook, instagram, pinterest, mastodon, "
	    "bluesky, threads)\n"
	    "%s:3: linkedin.access_token: expected a string, got an integer\n"
	    "%s:4: facebook: expected a group { ... }, got a string\n"
	    "%s:5: unknown setting \"acess_token\" in pinterest (did you "
	    "mean \"access_token\"?)", path, path, path, path, path);
	cred_fails(path, want);
	free(want);
	free(path);
}

static void
test_credentials_directory(void **state)
{
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *dir = in_tmp("creds"), *path, *other, *want;

	assert_int_equal(mkdir(dir, 0700), 0);
	path = put("creds/almanac", "facebook = { access_token = \"sd\"; };",
	    0400);
	other = put("other.conf", "facebook = { access_token = \"no\"; };",
	    0600);
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	assert_int_equal(credentials_load(other, &cr, &d), 0);
	assert_string_equal(cr.source, path);
	assert_string_equal(CRED(&cr, PF_FACEBOOK, access_token), "sd");
	credentials_free(&cr);
	/* It wins even without a configured path. */
	assert_int_equal(credentials_load(NULL, &cr, &d), 0);
	assert_string_equal(CRED(&cr, PF_FACEBOOK, access_token), "sd");
	credentials_free(&cr);
	assert_int_equal(d.n, 0);
	unlink(path);
	want = xasprintf("%s: cannot read credentials: %s", path,
	    strerror(ENOENT));
	cred_fails(other, want);
	free(want);
	unsetenv("CREDENTIALS_DIRECTORY");
	assert_int_equal(credentials_load(other, &cr, &d), 0);
	assert_string_equal(CRED(&cr, PF_FACEBOOK, access_token), "no");
	credentials_free(&cr);
	free(other);
	free(path);
	free(dir);
	diags_free(&d);
}

static void
test_credentials_missing(void **state)
{
	char *path = in_tmp("nope.conf"), *want;

	want = xasprintf("%s: cannot read credentials: %s", path,
	    strerror(ENOENT));
	cred_fails(path, want);
	free(want);
	free(path);
	cred_fails(NULL, "no credentials file: set \"credentials\" in the "
	    "config, or pass one with systemd's LoadCredential=almanac:FILE");
	cred_fails("", "no credentials file: set \"credentials\" in the "
	    "config, or pass one with systemd's LoadCredential=almanac:FILE");
}

/* A FIFO (or a device) as the config or the credentials is refused at
 * once: never opened for a read that waits for a writer. */
static void
test_fifo_refused(void **state)
{
	char *fifo = in_tmp("fifo.conf"), *got, *want;

	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);	/* a regression fails instead of hanging */
	load_fails(fifo, xasprintf("%s: cannot read config: not a regular "
	    "file", fifo));
	want = xasprintf("%s: cannot read credentials: not a regular file",
	    fifo);
	cred_fails(fifo, want);
	free(want);
	cred_fails("/dev/zero", "/dev/zero: cannot read credentials: not a "
	    "regular file");
	/* the same through $CREDENTIALS_DIRECTORY */
	unlink(fifo);
	got = in_tmp("fifodir");
	assert_int_equal(mkdir(got, 0700), 0);
	free(fifo);
	fifo = in_tmp("fifodir/almanac");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	setenv("CREDENTIALS_DIRECTORY", got, 1);
	want = xasprintf("%s: cannot read credentials: not a regular file",
	    fifo);
	cred_fails(NULL, want);
	unsetenv("CREDENTIALS_DIRECTORY");
	alarm(0);
	unlink(fifo);
	rmdir(got);
	free(want);
	free(got);
	free(fifo);
}

static void
test_no_secret_in_messages(void **state)
{
	static const char *const files[] = {
		/* syntax errors right after and at a secret */
		"twitter = { access_token = \"SECRET1\" = 1; };\n",
		"twitter = { access_token = SECRET2; };\n",
		"twitter = { access_token = \"SECRET3\n",
		/* a secret under an unknown key or group, or mistyped */
		"twitter = { acces_token = \"SECRET4\"; };\n",
		"twiter = { access_token = \"SECRET5\"; };\n",
		"access_token = \"SECRET6\";\n",
		"linkedin = { access_token = [\"SECRET7\"]; };\n",
		/* CR, LF and control characters in a secret */
		"facebook = { access_token = \"SECRET8\\r\\n\"; };\n",
		"facebook = { access_token = \"SECRET9\\x01\"; };\n",
		"@include \"SECRET10\"\n",
		"twitter = { access_token = 50000000000000; };\n",
	};
	struct credentials cr;
	struct diags d = DIAGS_INIT;
	char *path, *got;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path = put("secret.conf", files[i], 0600);
		assert_int_equal(credentials_load(path, &cr, &d), -1);
		free(path);
		/* and once more, readable by others */
		path = put("secret.conf", files[i], 0644);
		assert_int_equal(credentials_load(path, &cr, &d), -1);
		free(path);
	}
	got = fixture_diags(&d);
	assert_int_equal(d.nerrors, 2 * (sizeof(files) / sizeof(files[0])));
	assert_null(strstr(got, "SECRET"));
	assert_null(strstr(got, "50000000000000"));
	free(got);
	diags_free(&d);
}

/* The installed config (the default path) without a state_dir keeps its
 * state in the service's folder, as the service does, also outside it;
 * another file keeps "var" beside it. */
static void
test_installed_config_state_dir(void **state)
{
	struct config c;

	unsetenv("STATE_DIRECTORY");
	assert_int_equal(config_parse("/etc/almanac/almanac.conf",
	    "/etc/almanac", "posts_dir = \"/srv/p\";", &c,
	    &(struct diags)DIAGS_INIT), 0);
	assert_string_equal(c.state_dir, "/var/lib/almanac");
	assert_string_equal(PSET(&c.platforms[PF_FEED], "path"),
	    "/var/lib/almanac/feed.atom");
	config_free(&c);
	assert_int_equal(config_parse("/etc/almanac/almanac.conf",
	    "/etc/almanac", "state_dir = \"/s\";", &c,
	    &(struct diags)DIAGS_INIT), 0);
	assert_string_equal(c.state_dir, "/s");
	config_free(&c);
	assert_int_equal(config_parse("/etc/x/almanac.conf", "/etc/x",
	    "posts_dir = \"/srv/p\";", &c, &(struct diags)DIAGS_INIT), 0);
	assert_string_equal(c.state_dir, "/etc/x/var");
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_platform_names),
		cmocka_unit_test(test_find_order),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_require_sources),
		cmocka_unit_test(test_installed_config_state_dir),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_api_url),
		cmocka_unit_test(test_enabled_needs_ids),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_shipped_config),
		cmocka_unit_test(test_credentials_good),
		cmocka_unit_test(test_credentials_example),
		cmocka_unit_test(test_credentials_mode),
		cmocka_unit_test(test_credentials_mode_through_link),
		cmocka_unit_test(test_credentials_owner),
		cmocka_unit_test(test_credentials_crlf),
		cmocka_unit_test(test_credentials_unknown),
		cmocka_unit_test(test_credentials_directory),
		cmocka_unit_test(test_credentials_missing),
		cmocka_unit_test(test_fifo_refused),
		cmocka_unit_test(test_no_secret_in_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
