/*
 * config: almanac.conf and the credentials file (see config.h).
 *
 * Both files are libconfig. libconfig 1.5 accepts unknown names silently,
 * cannot tell a missing setting from one of the wrong type through its
 * lookup functions, and truncates an integer literal that needs 64 bits
 * but lacks the L suffix (5000000000 reads back as 705032704). So the
 * files are read here into memory, scanned once for what libconfig hides
 * (over-long integer literals, @include), parsed with config_read_string,
 * and every setting of the tree is then walked and checked by name, type
 * and range. @include is refused: a configuration is one file, and
 * libconfig would resolve the included name against the working folder.
 *
 * Credential values never appear in a diagnostic: messages name the
 * setting, never its value.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "text.h"
#include "xalloc.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

#define DEFAULT_CONFIG	"/etc/almanac/almanac.conf"
#define CWD_CONFIG	"config/almanac.conf"
#define CONFIG_MAX	(1024 * 1024)	/* bytes of almanac.conf */
#define CRED_MAX	(64 * 1024)	/* bytes of the credentials file */
#define GRACE_MAX	(24 * 3600)	/* seconds */
#define DEFAULT_GRAPH	"v24.0"
#define DEFAULT_LI_VER	"202610"
#define SNIP_MAX	50	/* code points of a value quoted in a message */

static const char *const pf_names[PF_COUNT] = {
	"twitter", "linkedin", "facebook", "instagram", "pinterest", "feed"
};

/* Platforms the format knows of but almanac cannot publish to yet. */
static const char *const pf_later[] = { "mastodon", "bluesky", "threads" };

/* An integer literal libconfig would truncate: name = literal at line. */
struct bigint {
	int line;
	char *name;
	char *lit;
};

/* State of one parse. */
struct ctx {
	const char *file;	/* name used in diagnostics */
	struct diags *d;
	struct config *c;
	bool canon;		/* c->dir has no symlinks, "." or ".." */
	bool feed_path_set;
	struct bigint *big;
	size_t nbig;
	char *snips[2];		/* the last two snip() results */
	unsigned nsnip;
};

const char *
platform_name(enum platform_id id)
{
	if ((int)id < 0 || id >= PF_COUNT)
		return NULL;
	return pf_names[id];
}

int
platform_lookup(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < PF_COUNT; i++)
		if (strcmp(name, pf_names[i]) == 0)
			return i;
	return -1;
}

/* Appends an error about setting s (its line) to the parse's list. */
static void
serr(struct ctx *x, const config_setting_t *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
serr(struct ctx *x, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(x->d, DIAG_ERROR, x->file,
	    s ? (int)config_setting_source_line(s) : 0, 0, "%s", msg);
	free(msg);
}

/* v as a message quotes it: at most SNIP_MAX code points (then "..."),
 * control characters as "?", so that neither a 60 KB value nor an escape
 * sequence reaches a terminal or the journal. Valid until the next call
 * but one. */
static const char *
snip(struct ctx *x, const char *v)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;
	char **slot = &x->snips[x->nsnip++ % 2];
	size_t n = 0;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((*p & 0xC0) != 0x80 && n++ == SNIP_MAX) {
			buf_adds(&b, "...");
			break;
		}
		buf_addc(&b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	}
	free(*slot);
	*slot = buf_detach(&b);
	return *slot;
}

/* The dotted name of a setting below the root ("http.timeout"). */
static char *
spath(const config_setting_t *s)
{
	struct buf b = BUF_INIT;
	const config_setting_t *p;
	const char *names[16];
	size_t n = 0;

	for (p = s; p != NULL && !config_setting_is_root(p) && n < 16;
	    p = config_setting_parent(p))
		names[n++] = config_setting_name(p) ? config_setting_name(p) :
		    "?";
	while (n > 0) {
		buf_adds(&b, names[--n]);
		if (n > 0)
			buf_addc(&b, '.');
	}
	return buf_detach(&b);
}

/* What a libconfig value is, for "expected X, got Y" messages. */
static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a decimal number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "true or false";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	default:
		return "nothing";
	}
}

/* Reports that s is not of the type expected (a phrase: "a string"). */
static void
wrong_type(struct ctx *x, const config_setting_t *s, const char *expected)
{
	char *p = spath(s);

	serr(x, s, "%s: expected %s, got %s", p, expected,
	    type_name(config_setting_type(s)));
	free(p);
}

/* The value of string setting s, or NULL (reported) when not a string or
 * not UTF-8. */
static const char *
get_str(struct ctx *x, const config_setting_t *s)
{
	const char *v;
	char *p;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		wrong_type(x, s, "a string");
		return NULL;
	}
	v = config_setting_get_string(s);
	/* the file is UTF-8 (read_text), but "\xC0" escapes make bytes */
	if (!text_valid_utf8(v, strlen(v), NULL)) {
		p = spath(s);
		serr(x, s, "%s: the text is not valid UTF-8 (check its \\x "
		    "escapes)", p);
		free(p);
		return NULL;
	}
	return v;
}

/* The value of boolean setting s into *out; false (reported) otherwise. */
static bool
get_bool(struct ctx *x, const config_setting_t *s, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		wrong_type(x, s, "true or false");
		return false;
	}
	*out = config_setting_get_bool(s) != 0;
	return true;
}

/* The over-long literal libconfig truncated for setting s, or NULL. */
static const char *
big_literal(const struct ctx *x, const config_setting_t *s)
{
	const char *name = config_setting_name(s);
	int line = (int)config_setting_source_line(s);
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < x->nbig; i++)
		if (x->big[i].line == line && strcmp(x->big[i].name, name) == 0)
			return x->big[i].lit;
	return NULL;
}

/* Integer setting s into *out when within min..max; reported otherwise. */
static bool
get_int(struct ctx *x, const config_setting_t *s, int min, int max,
    int *out)
{
	long long v;
	const char *lit;
	char *p;
	int type = config_setting_type(s);

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
		wrong_type(x, s, "an integer");
		return false;
	}
	v = config_setting_get_int64(s);
	lit = type == CONFIG_TYPE_INT ? big_literal(x, s) : NULL;
	if (lit != NULL || v < min || v > max) {
		p = spath(s);
		if (lit != NULL)
			serr(x, s, "%s: %s is out of range (%d..%d)", p, lit,
			    min, max);
		else
			serr(x, s, "%s: %lld is out of range (%d..%d)", p, v,
			    min, max);
		free(p);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Reports a setting whose name is not one of the known ones. */
static void
unknown(struct ctx *x, const config_setting_t *s)
{
	const config_setting_t *parent = config_setting_parent(s);
	char *p;

	if (parent == NULL || config_setting_is_root(parent)) {
		serr(x, s, "unknown setting \"%s\"",
		    snip(x, config_setting_name(s)));
		return;
	}
	p = spath(parent);
	serr(x, s, "unknown setting \"%s\" in %s",
	    snip(x, config_setting_name(s)), p);
	free(p);
}

/*
 * dir made absolute: canonical (realpath) when it exists, else joined to
 * the working folder. *canon says which.
 */
static char *
abs_dir(const char *dir, bool *canon)
{
	char *r, *cwd;

	if (dir == NULL || *dir == '\0')
		dir = ".";
	if ((r = realpath(dir, NULL)) != NULL) {
		*canon = true;
		return r;
	}
	*canon = false;
	if (dir[0] == '/')
		return xstrdup(dir);
	if ((cwd = getcwd(NULL, 0)) == NULL)
		return xstrdup(dir);
	r = xasprintf("%s/%s", cwd, dir);
	free(cwd);
	return r;
}

/*
 * Path p made absolute against dir. Leading "./" are dropped; leading
 * "../" climb dir when dir is canonical (then dir/.. is its parent).
 */
static char *
resolve(const char *dir, bool canon, const char *p)
{
	struct buf b = BUF_INIT;
	char *slash;

	if (p[0] == '/')
		return xstrdup(p);
	buf_adds(&b, dir);
	for (;;) {
		if (p[0] == '/') {
			p++;
		} else if (p[0] == '.' && (p[1] == '/' || p[1] == '\0')) {
			p++;
		} else if (canon && p[0] == '.' && p[1] == '.' &&
		    (p[2] == '/' || p[2] == '\0')) {
			p += 2;
			slash = strrchr(b.s, '/');
			if (slash != NULL)
				buf_truncate(&b, slash == b.s ? 1 :
				    (size_t)(slash - b.s));
		} else
			break;
	}
	if (*p != '\0') {
		if (b.len == 0 || b.s[b.len - 1] != '/')
			buf_addc(&b, '/');
		buf_adds(&b, p);
	}
	return buf_detach(&b);
}

/* Fills c with the defaults, dir being absolute already. */
static void
set_defaults(struct config *c, char *dir, bool canon)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->posts_dir = resolve(dir, canon, "posts");
	c->state_dir = resolve(dir, canon, "var");
	c->leap_day = LEAP_FEB28;
	c->window_start = 9 * 60;
	c->window_end = 17 * 60;
	c->max_per_day = 5;
	c->grace = 3 * 3600;
	c->http.timeout = 30;
	c->http.connect_timeout = 10;
	c->http.retries = 3;
	c->http.max_wait = 120;
	c->http.max_parallel = 8;
	c->http.user_agent = xstrdup("almanac/" ALMANAC_VERSION);
	for (i = 0; i < PF_COUNT; i++)
		c->platforms[i].entries = 50;
	c->platforms[PF_LINKEDIN].version = xstrdup(DEFAULT_LI_VER);
	c->platforms[PF_FACEBOOK].graph_version = xstrdup(DEFAULT_GRAPH);
	c->platforms[PF_INSTAGRAM].graph_version = xstrdup(DEFAULT_GRAPH);
	c->platforms[PF_FEED].path = resolve(dir, canon, "var/feed.atom");
	c->platforms[PF_FEED].title = xstrdup("On this day");
}

void
config_defaults(struct config *c, const char *dir)
{
	bool canon;
	char *abs = abs_dir(dir, &canon);

	set_defaults(c, abs, canon);
}

/*
 * The first folder of a systemd directory variable (a colon-separated
 * list of absolute paths), with name appended when not NULL; NULL when
 * that folder is not absolute.
 */
static char *
systemd_dir_file(const char *list, const char *name)
{
	size_t len = strcspn(list, ":");

	if (list[0] != '/')
		return NULL;
	if (name == NULL)
		return xasprintf("%.*s", (int)len, list);
	return xasprintf("%.*s/%s", (int)len, list, name);
}

char *
config_find(const char *explicit)
{
	const char *env;
	char *path;

	if (explicit != NULL)
		return xstrdup(explicit);
	if ((env = getenv("ALMANAC_CONFIG")) != NULL && *env != '\0')
		return xstrdup(env);
	if ((env = getenv("CONFIGURATION_DIRECTORY")) != NULL &&
	    *env != '\0' && (path = systemd_dir_file(env,
	    "almanac.conf")) != NULL) {
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	if (access(CWD_CONFIG, F_OK) == 0)
		return xstrdup(CWD_CONFIG);
	return xstrdup(DEFAULT_CONFIG);
}

/* Stores a copy of s in *dst (NULL for ""), freeing what was there. */
static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = (s != NULL && *s != '\0') ? xstrdup(s) : NULL;
}

/* A path setting: non-empty unless empty_ok, made absolute. */
static bool
set_path(struct ctx *x, const config_setting_t *s, char **dst,
    bool empty_ok)
{
	const char *v = get_str(x, s);
	char *p;

	if (v == NULL)
		return false;
	if (*v == '\0') {
		if (!empty_ok) {
			p = spath(s);
			serr(x, s, "%s: must not be empty", p);
			free(p);
			return false;
		}
		set_str(dst, NULL);
		return true;
	}
	free(*dst);
	*dst = resolve(x->c->dir, x->canon, v);
	return true;
}

/* True when s holds a byte below 0x20 or 0x7f. */
static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* True when name is the file of a zone the system's tzdata knows. */
static bool
zone_exists(const char *name)
{
	const char *tzdir = getenv("TZDIR");
	const char *p;
	char magic[4], *path;
	struct stat st;
	enum file_status fs;
	int fd, err;
	bool ok;

	if (*name == '\0' || name[0] == '/' || strlen(name) > 200)
		return false;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-.", *p) == NULL)
			return false;
	if (strstr(name, "..") != NULL)
		return false;
	if (tzdir == NULL || *tzdir == '\0')
		tzdir = "/usr/share/zoneinfo";
	path = xasprintf("%s/%s", tzdir, name);
	ok = false;
	if ((fd = file_open_regular(path, &st, &fs, &err)) != -1) {
		ok = read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

/* "HH:MM" at s (exactly 5 bytes) into minutes; "24:00" when allow24. */
static bool
parse_hhmm(const char *s, bool allow24, int *out)
{
	int h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (!allow24 || m != 0)))
		return false;
	*out = h * 60 + m;
	return true;
}

/* A duration such as "3h", "90m", "45s", "1h30m" into seconds. */
static bool
parse_duration(const char *s, long long *out)
{
	static const char units[] = "hms";
	static const long long mul[] = { 3600, 60, 1 };
	long long total = 0, n;
	size_t next = 0;
	const char *u;

	if (*s == '\0')
		return false;
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return false;
		for (n = 0; isdigit((unsigned char)*s); s++) {
			if (n > 100000000)
				return false;
			n = n * 10 + (*s - '0');
		}
		if (*s == '\0' || (u = strchr(units, *s)) == NULL ||
		    (size_t)(u - units) < next)
			return false;
		next = (size_t)(u - units) + 1;
		total += n * mul[u - units];
		s++;
	}
	*out = total;
	return true;
}

/* True for a loopback host: 127.0.0.0/8, ::1 or localhost. */
static bool
loopback(const char *h, size_t len)
{
	unsigned long v;
	int parts = 0;
	const char *p = h, *end = h + len;
	char *q;

	if (len == 9 && strncasecmp(h, "localhost", 9) == 0)
		return true;
	if (len == 5 && memcmp(h, "[::1]", 5) == 0)
		return true;
	while (p < end) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = strtoul(p, &q, 10);
		if (q > end || q - p > 3 || v > 255 || (parts == 0 && v != 127))
			return false;
		parts++;
		p = q;
		if (p < end) {
			if (*p != '.' || parts == 4)
				return false;
			p++;
			if (p == end)
				return false;
		}
	}
	return parts == 4;
}

/*
 * Checks URL u of setting s: https://, or http:// (to a loopback host
 * only when api is set: an API base URL carries tokens). Reports and
 * returns false when it is not acceptable.
 */
static bool
check_url(struct ctx *x, const config_setting_t *s, const char *u, bool api)
{
	const char *h, *e, *end, *at, *rb, *colon;
	bool https;
	char *p = spath(s);
	bool ok = false;

	if (has_control(u) || strchr(u, ' ') != NULL) {
		serr(x, s, "%s: the URL contains a space or control character",
		    p);
		goto out;
	}
	https = strncasecmp(u, "https://", 8) == 0;
	if (!https && strncasecmp(u, "http://", 7) != 0) {
		serr(x, s, "%s: expected an %s URL, got \"%s\"", p,
		    api ? "https://" : "https:// or http://", snip(x, u));
		goto out;
	}
	h = u + (https ? 8 : 7);
	e = h + strcspn(h, "/?#");
	at = memchr(h, '@', (size_t)(e - h));
	if (at != NULL) {
		/* Never repeat a URL that may hold a password. */
		serr(x, s, "%s: the URL must not contain a user name or "
		    "password", p);
		goto out;
	}
	end = e;
	if (e > h && *h == '[') {
		if ((rb = memchr(h, ']', (size_t)(e - h))) != NULL)
			e = rb + 1;
	} else if ((colon = memchr(h, ':', (size_t)(e - h))) != NULL)
		e = colon;
	if (e == h) {
		serr(x, s, "%s: the URL \"%s\" has no host", p, snip(x, u));
		goto out;
	}
	if (e < end && (*e != ':' || end - e < 2 || end - e > 6 ||
	    strspn(e + 1, "0123456789") != (size_t)(end - e - 1))) {
		serr(x, s, "%s: the URL \"%s\" has a bad port", p,
		    snip(x, u));
		goto out;
	}
	if (!https && api && !loopback(h, (size_t)(e - h))) {
		serr(x, s, "%s: \"%s\" must use https:// (http:// is allowed "
		    "only for loopback hosts: 127.0.0.0/8, ::1, localhost)", p,
		    snip(x, u));
		goto out;
	}
	ok = true;
out:
	free(p);
	return ok;
}

/* True when s is one or more of A-Z a-z 0-9 _ - (an id put in URLs). */
static bool
is_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* "urn:li:person:ID" or "urn:li:organization:ID". */
static bool
is_li_urn(const char *s)
{
	if (strncmp(s, "urn:li:person:", 14) == 0)
		return is_id(s + 14);
	if (strncmp(s, "urn:li:organization:", 20) == 0)
		return is_id(s + 20);
	return false;
}

/* "YYYYMM" with a month 01-12. */
static bool
is_yyyymm(const char *s)
{
	int i, m;

	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	if (s[6] != '\0')
		return false;
	m = (s[4] - '0') * 10 + (s[5] - '0');
	return m >= 1 && m <= 12 && s[0] != '0';
}

/* "vNN.N": v, digits, a dot, digits. */
static bool
is_graph_version(const char *s)
{
	size_t n;

	if (*s++ != 'v')
		return false;
	if ((n = strspn(s, "0123456789")) == 0 || n > 3 || s[n] != '.')
		return false;
	s += n + 1;
	return (n = strspn(s, "0123456789")) > 0 && n <= 3 && s[n] == '\0';
}

enum kind {
	K_BOOL,		/* enabled */
	K_STR,		/* any string */
	K_API,		/* https URL, http only to loopback */
	K_URL,		/* http(s) URL */
	K_ID,		/* an id put in request paths */
	K_URN,		/* LinkedIn author */
	K_YYYYMM,	/* LinkedIn-Version */
	K_GRAPH,	/* Graph API version */
	K_PATH,		/* a file, made absolute */
	K_ENTRIES	/* feed entries */
};

#define PFB(p)	(1u << (p))
#define PF_ALL	(PFB(PF_TWITTER) | PFB(PF_LINKEDIN) | PFB(PF_FACEBOOK) | \
		 PFB(PF_INSTAGRAM) | PFB(PF_PINTEREST) | PFB(PF_FEED))
#define PF_NET	(PF_ALL & ~PFB(PF_FEED))
#define PF_IMG	(PFB(PF_INSTAGRAM) | PFB(PF_PINTEREST))
#define PF_GRAPH (PFB(PF_FACEBOOK) | PFB(PF_INSTAGRAM))

/* The settings of a platforms.NAME group and which platforms take each. */
static const struct pkey {
	const char *name;
	enum kind kind;
	size_t off;
	unsigned pfs;
	const char *what;	/* expected form, for messages */
} pkeys[] = {
	{ "enabled", K_BOOL, offsetof(struct platform_conf, enabled),
	    PF_ALL, NULL },
	{ "template", K_STR, offsetof(struct platform_conf, template),
	    PF_ALL, NULL },
	{ "api", K_API, offsetof(struct platform_conf, api), PF_NET, NULL },
	{ "version", K_YYYYMM, offsetof(struct platform_conf, version),
	    PFB(PF_LINKEDIN), "a LinkedIn-Version \"YYYYMM\" such as "
	    "\"" DEFAULT_LI_VER "\"" },
	{ "graph_version", K_GRAPH,
	    offsetof(struct platform_conf, graph_version), PF_GRAPH,
	    "a Graph API version such as \"" DEFAULT_GRAPH "\"" },
	{ "author", K_URN, offsetof(struct platform_conf, author),
	    PFB(PF_LINKEDIN), "\"urn:li:person:ID\" or "
	    "\"urn:li:organization:ID\"" },
	{ "page_id", K_ID, offsetof(struct platform_conf, page_id),
	    PFB(PF_FACEBOOK), "a page id (letters, digits, _ or -)" },
	{ "user_id", K_ID, offsetof(struct platform_conf, user_id),
	    PFB(PF_INSTAGRAM), "an Instagram user id (letters, digits, _ "
	    "or -)" },
	{ "board_id", K_ID, offsetof(struct platform_conf, board_id),
	    PFB(PF_PINTEREST), "a board id (letters, digits, _ or -)" },
	{ "default_image", K_URL,
	    offsetof(struct platform_conf, default_image), PF_IMG, NULL },
	{ "default_image_alt", K_STR,
	    offsetof(struct platform_conf, default_image_alt), PF_IMG, NULL },
	{ "path", K_PATH, offsetof(struct platform_conf, path),
	    PFB(PF_FEED), NULL },
	{ "title", K_STR, offsetof(struct platform_conf, title),
	    PFB(PF_FEED), NULL },
	{ "link", K_URL, offsetof(struct platform_conf, link), PFB(PF_FEED),
	    NULL },
	{ "entries", K_ENTRIES, offsetof(struct platform_conf, entries),
	    PFB(PF_FEED), NULL },
};

/* True when name is a key of the credentials file. */
static bool
is_secret_name(const char *name)
{
	static const char *const secrets[] = { "consumer_key",
	    "consumer_secret", "access_token", "access_token_secret",
	    "app_password" };
	size_t i;

	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (strcmp(name, secrets[i]) == 0)
			return true;
	return false;
}

/* One setting of platforms.NAME (platform id) into pc. */
static void
platform_key(struct ctx *x, int id, struct platform_conf *pc,
    const config_setting_t *s)
{
	const char *name = config_setting_name(s), *v;
	const struct pkey *k = NULL;
	char **dst;
	char *p;
	bool ok;
	size_t i;

	for (i = 0; i < sizeof(pkeys) / sizeof(pkeys[0]); i++)
		if (strcmp(pkeys[i].name, name) == 0 &&
		    (pkeys[i].pfs & PFB(id)) != 0)
			k = &pkeys[i];
	if (k == NULL && is_secret_name(name)) {
		p = spath(s);
		serr(x, s, "%s: secrets never go in the config; put %s in the "
		    "credentials file (see credentials.example)", p, name);
		free(p);
		return;
	}
	if (k == NULL) {
		unknown(x, s);
		return;
	}
	if (k->kind == K_BOOL) {
		get_bool(x, s, (bool *)((char *)pc + k->off));
		return;
	}
	if (k->kind == K_ENTRIES) {
		get_int(x, s, 1, 1000, (int *)((char *)pc + k->off));
		return;
	}
	dst = (char **)((char *)pc + k->off);
	if (k->kind == K_PATH) {
		if (set_path(x, s, dst, false))
			x->feed_path_set = true;
		return;
	}
	if ((v = get_str(x, s)) == NULL)
		return;
	switch (k->kind) {
	case K_API:
	case K_URL:
		ok = *v == '\0' || check_url(x, s, v, k->kind == K_API);
		break;
	case K_ID:
		ok = *v == '\0' || is_id(v);
		break;
	case K_URN:
		ok = *v == '\0' || is_li_urn(v);
		break;
	case K_YYYYMM:
		ok = is_yyyymm(v);
		break;
	case K_GRAPH:
		ok = is_graph_version(v);
		break;
	default:
		ok = true;
		break;
	}
	if (!ok && k->what != NULL) {
		p = spath(s);
		serr(x, s, "%s: expected %s, got \"%s\"", p, k->what,
		    snip(x, v));
		free(p);
	}
	if (ok)
		set_str(dst, v);
}

/* What an enabled platform cannot do without, or NULL. */
static const char *
missing_id(int id, const struct platform_conf *pc)
{
	switch (id) {
	case PF_LINKEDIN:
		return pc->author == NULL ? "author" : NULL;
	case PF_FACEBOOK:
		return pc->page_id == NULL ? "page_id" : NULL;
	case PF_INSTAGRAM:
		return pc->user_id == NULL ? "user_id" : NULL;
	case PF_PINTEREST:
		return pc->board_id == NULL ? "board_id" : NULL;
	case PF_FEED:
		return pc->path == NULL ? "path" : NULL;
	default:
		return NULL;
	}
}

/* The "platforms" group. */
static void
walk_platforms(struct ctx *x, const config_setting_t *g)
{
	const config_setting_t *s;
	struct platform_conf *pc;
	const char *name, *need;
	int i, j, n, id;
	size_t k;
	bool later;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		wrong_type(x, g, "a group { ... }");
		return;
	}
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		if ((id = platform_lookup(name)) < 0) {
			later = false;
			for (k = 0; k < sizeof(pf_later) / sizeof(pf_later[0]);
			    k++)
				if (strcmp(name, pf_later[k]) == 0)
					later = true;
			if (later)
				serr(x, s, "platform \"%s\" is not supported "
				    "yet", snip(x, name));
			else
				serr(x, s, "unknown platform \"%s\" in "
				    "platforms (expected one of: twitter, "
				    "linkedin, facebook, instagram, pinterest, "
				    "feed)", snip(x, name));
			continue;
		}
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			wrong_type(x, s, "a group { ... }");
			continue;
		}
		pc = &x->c->platforms[id];
		pc->present = true;
		pc->line = (int)config_setting_source_line(s);
		for (j = 0; j < config_setting_length(s); j++)
			platform_key(x, id, pc,
			    config_setting_get_elem(s, (unsigned)j));
		if (!pc->enabled)
			continue;
		if ((need = missing_id(id, pc)) != NULL)
			serr(x, s, "platforms.%s: enabled, but \"%s\" is not "
			    "set", name, need);
		else if ((id == PF_INSTAGRAM || id == PF_PINTEREST) &&
		    pc->default_image == NULL)
			diags_add(x->d, DIAG_WARNING, x->file, pc->line, 0,
			    "platforms.%s: enabled without default_image: "
			    "posts without an image will not go to %s", name,
			    name);
	}
}

/* schedule.window: "HH:MM-HH:MM", the start before the end. */
static void
set_window(struct ctx *x, const config_setting_t *s)
{
	const char *v = get_str(x, s);
	char *p;
	int a, b;

	if (v == NULL)
		return;
	p = spath(s);
	if (strlen(v) != 11 || v[5] != '-' || !parse_hhmm(v, false, &a) ||
	    !parse_hhmm(v + 6, true, &b))
		serr(x, s, "%s: expected \"HH:MM-HH:MM\" such as "
		    "\"09:00-17:00\", got \"%s\"", p, snip(x, v));
	else if (a >= b)
		serr(x, s, "%s: the window must start before it ends, got "
		    "\"%s\"", p, snip(x, v));
	else {
		x->c->window_start = a;
		x->c->window_end = b;
	}
	free(p);
}

/* schedule.grace: a duration of at most a day. */
static void
set_grace(struct ctx *x, const config_setting_t *s)
{
	const char *v = get_str(x, s);
	long long secs;
	char *p;

	if (v == NULL)
		return;
	p = spath(s);
	if (!parse_duration(v, &secs))
		serr(x, s, "%s: expected a duration such as \"3h\", \"90m\", "
		    "\"45s\" or \"1h30m\", got \"%s\"", p, snip(x, v));
	else if (secs > GRACE_MAX)
		serr(x, s, "%s: \"%s\" is out of range (0s..24h)", p,
		    snip(x, v));
	else
		x->c->grace = (int)secs;
	free(p);
}

/* The "schedule" group. */
static void
walk_schedule(struct ctx *x, const config_setting_t *g)
{
	const config_setting_t *s;
	const char *name;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		wrong_type(x, g, "a group { ... }");
		return;
	}
	for (i = 0; i < config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		if (strcmp(name, "max_per_day") == 0)
			get_int(x, s, 0, 10000, &x->c->max_per_day);
		else if (strcmp(name, "window") == 0)
			set_window(x, s);
		else if (strcmp(name, "grace") == 0)
			set_grace(x, s);
		else
			unknown(x, s);
	}
}

/* The "http" group. */
static void
walk_http(struct ctx *x, const config_setting_t *g)
{
	static const struct {
		const char *name;
		size_t off;
		int min, max;
	} ints[] = {
		{ "timeout", offsetof(struct http_conf, timeout), 1, 600 },
		{ "connect_timeout", offsetof(struct http_conf,
		    connect_timeout), 1, 300 },
		{ "retries", offsetof(struct http_conf, retries), 0, 10 },
		{ "max_wait", offsetof(struct http_conf, max_wait), 0, 3600 },
		{ "max_parallel", offsetof(struct http_conf, max_parallel), 1,
		    64 },
	};
	struct http_conf *h = &x->c->http;
	const config_setting_t *s;
	const char *name, *v;
	char *p;
	size_t k;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		wrong_type(x, g, "a group { ... }");
		return;
	}
	for (i = 0; i < config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		for (k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
			if (strcmp(name, ints[k].name) == 0)
				break;
		if (k < sizeof(ints) / sizeof(ints[0])) {
			get_int(x, s, ints[k].min, ints[k].max,
			    (int *)((char *)h + ints[k].off));
		} else if (strcmp(name, "ca_file") == 0) {
			set_path(x, s, &h->ca_file, true);
		} else if (strcmp(name, "user_agent") == 0) {
			if ((v = get_str(x, s)) == NULL)
				continue;
			if (*v == '\0' || has_control(v)) {
				p = spath(s);
				serr(x, s, "%s: expected a non-empty line of "
				    "text", p);
				free(p);
			} else
				set_str(&h->user_agent, v);
		} else
			unknown(x, s);
	}
}

/* The top-level settings. */
static void
walk(struct ctx *x, const config_setting_t *root)
{
	struct config *c = x->c;
	const config_setting_t *s;
	const char *name, *v;
	int i;

	for (i = 0; i < config_setting_length(root); i++) {
		s = config_setting_get_elem(root, (unsigned)i);
		name = config_setting_name(s);
		if (strcmp(name, "posts_dir") == 0)
			set_path(x, s, &c->posts_dir, false);
		else if (strcmp(name, "state_dir") == 0)
			c->state_dir_set = set_path(x, s, &c->state_dir,
			    false);
		else if (strcmp(name, "credentials") == 0)
			set_path(x, s, &c->credentials, true);
		else if (strcmp(name, "timezone") == 0) {
			if ((v = get_str(x, s)) == NULL)
				continue;
			if (*v != '\0' && !zone_exists(v))
				serr(x, s, "timezone: unknown time zone "
				    "\"%s\" (expected a name such as "
				    "\"Europe/London\" from the system's "
				    "tzdata)", snip(x, v));
			else
				set_str(&c->timezone, v);
		} else if (strcmp(name, "leap_day") == 0) {
			if ((v = get_str(x, s)) == NULL)
				continue;
			if (strcmp(v, "feb28") == 0)
				c->leap_day = LEAP_FEB28;
			else if (strcmp(v, "mar1") == 0)
				c->leap_day = LEAP_MAR1;
			else if (strcmp(v, "skip") == 0)
				c->leap_day = LEAP_SKIP;
			else
				serr(x, s, "leap_day: expected \"feb28\", "
				    "\"mar1\" or \"skip\", got \"%s\"",
				    snip(x, v));
		} else if (strcmp(name, "schedule") == 0)
			walk_schedule(x, s);
		else if (strcmp(name, "http") == 0)
			walk_http(x, s);
		else if (strcmp(name, "platforms") == 0)
			walk_platforms(x, s);
		else
			unknown(x, s);
	}
}

/* Remembers an integer literal that libconfig would truncate. */
static void
add_big(struct ctx *x, int line, const char *name, size_t namelen,
    const char *lit, size_t litlen)
{
	struct bigint *b;

	x->big = xreallocarray(x->big, x->nbig + 1, sizeof(*x->big));
	b = &x->big[x->nbig++];
	b->line = line;
	b->name = xstrndup(name, namelen);
	b->lit = xstrndup(lit, litlen);
}

/* Whether integer literal [p, e) (sign included) fits 32 bits. */
static bool
fits_int32(const char *p, const char *e)
{
	bool neg = false;
	unsigned long long v = 0, lim;
	int base = 10, dv;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	lim = neg ? 2147483648ULL : 2147483647ULL;
	for (; p < e; p++) {
		if (isdigit((unsigned char)*p))
			dv = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			dv = tolower((unsigned char)*p) - 'a' + 10;
		else
			return true;	/* not an integer: not ours to judge */
		v = v * (unsigned)base + (unsigned)dv;
		if (v > lim)
			return false;
	}
	return true;
}

/*
 * One pass over the text for what libconfig hides or gets wrong: an
 * @include line (refused) and "name = INTEGER" literals that need 64 bits
 * without the L suffix. Strings and comments are skipped.
 */
static void
prescan(struct ctx *x, const char *t)
{
	const char *p = t, *q, *name = NULL;
	size_t namelen = 0;
	int line = 1, name_line = 0;
	bool bol = true, assign = false, hex;

	while (*p != '\0') {
		if (*p == '\n') {
			line++;
			bol = true;
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\f' || *p == '\v') {
			p++;
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			for (p += 2; *p != '\0' && strncmp(p, "*/", 2) != 0;
			    p++)
				if (*p == '\n')
					line++;
			if (*p != '\0')
				p += 2;
			bol = false;
		} else if (bol && strncmp(p, "@include", 8) == 0) {
			diags_add(x->d, DIAG_ERROR, x->file, line, 0,
			    "@include is not supported: keep the whole "
			    "configuration in this file");
			p += strcspn(p, "\n");
		} else if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\n')
					line++;
			}
			if (*p != '\0')
				p++;
			bol = false;
			name = NULL;
			assign = false;
		} else if (isalpha((unsigned char)*p) || *p == '*') {
			for (q = p; isalnum((unsigned char)*p) || *p == '_' ||
			    *p == '-' || *p == '*'; p++)
				;
			bol = false;
			name = q;
			namelen = (size_t)(p - q);
			name_line = line;
			assign = false;
		} else if ((*p == '=' || *p == ':') && name != NULL &&
		    !assign) {
			assign = true;
			p++;
		} else if (isdigit((unsigned char)*p) ||
		    ((*p == '-' || *p == '+') &&
		    isdigit((unsigned char)p[1]))) {
			q = p++;
			hex = strncasecmp(q + (*q == '-' || *q == '+'), "0x",
			    2) == 0;
			while (isalnum((unsigned char)*p) || *p == '.' ||
			    (!hex && (*p == '-' || *p == '+') &&
			    (p[-1] == 'e' || p[-1] == 'E')))
				p++;
			if (assign && p[-1] != 'L' && !fits_int32(q, p))
				add_big(x, name_line, name, namelen, q,
				    (size_t)(p - q));
			bol = false;
			name = NULL;
			assign = false;
		} else {
			bol = false;
			name = NULL;
			assign = false;
			p++;
		}
	}
}

/* The line (from 1) of byte off of text. */
static int
line_at(const char *text, size_t off)
{
	size_t i;
	int line = 1;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Reads and checks text into cfg; false with diagnostics otherwise. */
static bool
read_text(struct ctx *x, config_t *cfg, const char *text, size_t len)
{
	const char *msg, *nul;
	size_t bad;

	if ((nul = memchr(text, '\0', len)) != NULL) {
		diags_add(x->d, DIAG_ERROR, x->file,
		    line_at(text, (size_t)(nul - text)), 0,
		    "the file contains a NUL byte");
		return false;
	}
	/* every string goes on as UTF-8 (into the feed, headers, logs) */
	if (!text_valid_utf8(text, len, &bad)) {
		diags_add(x->d, DIAG_ERROR, x->file, line_at(text, bad), 0,
		    "not valid UTF-8 "
		    "(byte 0x%02X); save the file as UTF-8",
		    (unsigned)(unsigned char)text[bad]);
		return false;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;		/* a BOM some editors write */
	prescan(x, text);
	if (x->d->nerrors > 0)
		return false;
	config_set_auto_convert(cfg, 0);
	if (config_read_string(cfg, text) != CONFIG_TRUE) {
		msg = config_error_text(cfg) ? config_error_text(cfg) :
		    "parse error";
		/* bison's words when its stack overflows */
		if (strcmp(msg, "memory exhausted") == 0)
			msg = "lists or groups nested too deeply";
		diags_add(x->d, DIAG_ERROR, x->file, config_error_line(cfg), 0,
		    "%s", msg);
		return false;
	}
	return true;
}

/* Frees the integer literals remembered by prescan. */
static void
ctx_free(struct ctx *x)
{
	size_t i;

	for (i = 0; i < x->nbig; i++) {
		free(x->big[i].name);
		free(x->big[i].lit);
	}
	free(x->big);
	x->big = NULL;
	x->nbig = 0;
	free(x->snips[0]);
	free(x->snips[1]);
	x->snips[0] = x->snips[1] = NULL;
}

int
config_parse(const char *name, const char *dir, const char *text,
    struct config *c, struct diags *d)
{
	struct ctx x;
	struct diags local = DIAGS_INIT;
	config_t cfg;
	bool canon, ok;
	const char *v;
	char *abs, *feed, *sd;

	memset(&x, 0, sizeof(x));
	abs = abs_dir(dir, &canon);
	set_defaults(c, abs, canon);
	c->path = xstrdup(name);
	x.file = name;
	x.d = &local;
	x.c = c;
	x.canon = canon;
	config_init(&cfg);
	ok = read_text(&x, &cfg, text, strlen(text));
	if (ok) {
		walk(&x, config_root_setting(&cfg));
		if (!c->state_dir_set && (v = getenv("STATE_DIRECTORY")) !=
		    NULL && (sd = systemd_dir_file(v, NULL)) != NULL) {
			free(c->state_dir);
			c->state_dir = sd;
		}
		if (!x.feed_path_set) {
			feed = resolve(c->state_dir, false, "feed.atom");
			free(c->platforms[PF_FEED].path);
			c->platforms[PF_FEED].path = feed;
		}
	}
	config_destroy(&cfg);
	ctx_free(&x);
	ok = local.nerrors == 0;
	diags_move(d, &local);
	if (!ok) {
		config_free(c);
		return -1;
	}
	return 0;
}

/* A diagnostic for a file that could not be read (file.h's status s and
 * errno err), naming what it is; max is its largest allowed size. */
static void
file_diag(struct diags *d, const char *path, const char *what,
    enum file_status s, int err, size_t max)
{
	if (s == FILE_TOO_BIG)
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read %s: larger "
		    "than %zu bytes", what, max);
	else
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read %s: %s",
		    what, file_strerror(s, err));
}

int
config_load(const char *path, struct config *c, struct diags *d)
{
	char *text, *dir, *slash;
	const char *nul;
	size_t len;
	struct stat st;
	enum file_status fs;
	int r, err;

	memset(c, 0, sizeof(*c));
	if ((fs = file_read_regular(path, CONFIG_MAX, &text, &len, &st,
	    &err)) != FILE_OK) {
		file_diag(d, path, "config", fs, err, CONFIG_MAX);
		return -1;
	}
	if ((nul = memchr(text, '\0', len)) != NULL) {
		diags_add(d, DIAG_ERROR, path,
		    line_at(text, (size_t)(nul - text)), 0,
		    "the file contains a NUL byte");
		free(text);
		return -1;
	}
	if ((slash = strrchr(path, '/')) == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	r = config_parse(path, dir, text, c, d);
	free(dir);
	free(text);
	return r;
}

/* Frees a string and sets the pointer to NULL. */
static void
zfree(char **p)
{
	free(*p);
	*p = NULL;
}

void
config_free(struct config *c)
{
	struct platform_conf *pc;
	int i;

	if (c == NULL)
		return;
	zfree(&c->path);
	zfree(&c->dir);
	zfree(&c->posts_dir);
	zfree(&c->state_dir);
	zfree(&c->timezone);
	zfree(&c->credentials);
	zfree(&c->http.ca_file);
	zfree(&c->http.user_agent);
	for (i = 0; i < PF_COUNT; i++) {
		pc = &c->platforms[i];
		zfree(&pc->template);
		zfree(&pc->api);
		zfree(&pc->version);
		zfree(&pc->graph_version);
		zfree(&pc->author);
		zfree(&pc->page_id);
		zfree(&pc->user_id);
		zfree(&pc->board_id);
		zfree(&pc->default_image);
		zfree(&pc->default_image_alt);
		zfree(&pc->path);
		zfree(&pc->title);
		zfree(&pc->link);
	}
	memset(c, 0, sizeof(*c));
}

/* The groups of the credentials file and the keys each takes. */
static const struct cgroup {
	const char *name;
	int pf;			/* -1: accepted, not stored yet */
	const char *keys[4];
} cgroups[] = {
	{ "twitter", PF_TWITTER, { "consumer_key", "consumer_secret",
	    "access_token", "access_token_secret" } },
	{ "linkedin", PF_LINKEDIN, { "access_token" } },
	{ "facebook", PF_FACEBOOK, { "access_token" } },
	{ "instagram", PF_INSTAGRAM, { "access_token" } },
	{ "pinterest", PF_PINTEREST, { "access_token" } },
	{ "mastodon", -1, { "access_token" } },
	{ "bluesky", -1, { "app_password" } },
	{ "threads", -1, { "access_token" } },
};

/* Where key of platform pf is kept in cr, or NULL. */
static char **
cred_field(struct credentials *cr, int pf, const char *key)
{
	if (pf < 0)
		return NULL;
	if (strcmp(key, "consumer_key") == 0)
		return &cr->p[pf].consumer_key;
	if (strcmp(key, "consumer_secret") == 0)
		return &cr->p[pf].consumer_secret;
	if (strcmp(key, "access_token") == 0)
		return &cr->p[pf].access_token;
	if (strcmp(key, "access_token_secret") == 0)
		return &cr->p[pf].access_token_secret;
	if (strcmp(key, "app_password") == 0)
		return &cr->p[pf].app_password;
	return NULL;
}

/* One group of the credentials file. Values never reach a message. */
static void
cred_group(struct ctx *x, struct credentials *cr, const config_setting_t *g)
{
	const struct cgroup *cg = NULL;
	const config_setting_t *s;
	const char *name = config_setting_name(g), *v, *key = NULL;
	char *p, **dst;
	size_t i, k;
	int j;

	for (i = 0; i < sizeof(cgroups) / sizeof(cgroups[0]); i++)
		if (strcmp(cgroups[i].name, name) == 0)
			cg = &cgroups[i];
	if (cg == NULL) {
		serr(x, g, "unknown group \"%s\" in the credentials (expected "
		    "one of: twitter, linkedin, facebook, instagram, "
		    "pinterest, mastodon, bluesky, threads)", snip(x, name));
		return;
	}
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		wrong_type(x, g, "a group { ... }");
		return;
	}
	for (j = 0; j < config_setting_length(g); j++) {
		s = config_setting_get_elem(g, (unsigned)j);
		key = NULL;
		for (k = 0; k < 4 && cg->keys[k] != NULL; k++)
			if (strcmp(cg->keys[k], config_setting_name(s)) == 0)
				key = cg->keys[k];
		if (key == NULL) {
			unknown(x, s);
			continue;
		}
		if ((v = get_str(x, s)) == NULL)
			continue;
		if (strpbrk(v, "\r\n") != NULL || has_control(v)) {
			p = spath(s);
			serr(x, s, "%s: the value contains %s; remove it", p,
			    strpbrk(v, "\r\n") ? "a line break (CR or LF)" :
			    "a control character");
			free(p);
			continue;
		}
		if ((dst = cred_field(cr, cg->pf, key)) != NULL)
			set_str(dst, v);
	}
}

/* How a refused credentials file is named: "FILE", or "FILE -> TARGET"
 * when FILE is a symbolic link; *fix gets the file a chmod or chown must
 * change (the target). Both allocated. */
static void
cred_names(const char *file, char **shown, char **fix)
{
	struct stat lst;
	char *target;

	if (lstat(file, &lst) == 0 && S_ISLNK(lst.st_mode) &&
	    (target = realpath(file, NULL)) != NULL) {
		*shown = xasprintf("%s -> %s", file, target);
		*fix = target;
		return;
	}
	*shown = xstrdup(file);
	*fix = xstrdup(file);
}

/*
 * Refuses (returns -1 with diagnostics) a credentials file, opened with
 * stat st, that group or others may use, or that belongs to neither the
 * user running almanac nor root (systemd hands LoadCredential= files over
 * as root's), as msmtp and ssh do.
 */
static int
cred_check_file(const char *file, const struct stat *st, struct diags *d)
{
	uid_t me = geteuid();
	bool open_mode = (st->st_mode & 077) != 0;
	bool stranger = st->st_uid != me && st->st_uid != 0;
	char *shown, *fix;

	if (!open_mode && !stranger)
		return 0;
	cred_names(file, &shown, &fix);
	if (open_mode)
		diags_add(d, DIAG_ERROR, shown, 0, 0, "credentials are %s by "
		    "others (mode %04o); run: chmod 600 %s",
		    (st->st_mode & 044) ? "readable" : "accessible",
		    (unsigned)(st->st_mode & 07777), fix);
	if (stranger)
		diags_add(d, DIAG_ERROR, shown, 0, 0, "credentials are owned "
		    "by uid %ju, not by uid %ju that runs almanac (nor by "
		    "root); run: chown %ju %s", (uintmax_t)st->st_uid,
		    (uintmax_t)me, (uintmax_t)me, fix);
	free(shown);
	free(fix);
	return -1;
}

int
credentials_load(const char *path, struct credentials *cr, struct diags *d)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	struct diags local = DIAGS_INIT;
	struct ctx x;
	struct stat st;
	config_t cfg;
	config_setting_t *root;
	enum file_status fs;
	char *file, *text;
	size_t len;
	int i, fd, err;

	memset(cr, 0, sizeof(*cr));
	if (dir != NULL && *dir != '\0')
		file = xasprintf("%s/almanac", dir);
	else if (path != NULL && *path != '\0')
		file = xstrdup(path);
	else {
		diags_add(d, DIAG_ERROR, NULL, 0, 0, "no credentials file: set "
		    "\"credentials\" in the config, or pass one with systemd's "
		    "LoadCredential=almanac:FILE");
		return -1;
	}
	cr->source = file;
	/* Checked on the open file, before a byte of it is read. */
	if ((fd = file_open_regular(file, &st, &fs, &err)) == -1) {
		file_diag(d, file, "credentials", fs, err, CRED_MAX);
		credentials_free(cr);
		return -1;
	}
	if (cred_check_file(file, &st, d) == -1) {
		close(fd);
		credentials_free(cr);
		return -1;
	}
	fs = file_read_fd(fd, &st, CRED_MAX, &text, &len, &err);
	close(fd);
	if (fs != FILE_OK) {
		file_diag(d, file, "credentials", fs, err, CRED_MAX);
		credentials_free(cr);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.file = file;
	x.d = &local;
	config_init(&cfg);
	if (read_text(&x, &cfg, text, len)) {
		root = config_root_setting(&cfg);
		for (i = 0; i < config_setting_length(root); i++)
			cred_group(&x, cr, config_setting_get_elem(root,
			    (unsigned)i));
	}
	config_destroy(&cfg);
	ctx_free(&x);
	explicit_bzero(text, len);
	free(text);
	if (local.nerrors > 0) {
		diags_move(d, &local);
		credentials_free(cr);
		return -1;
	}
	diags_move(d, &local);
	return 0;
}

/* Frees a secret after overwriting it. */
static void
sfree(char **p)
{
	if (*p != NULL) {
		explicit_bzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void
credentials_free(struct credentials *cr)
{
	int i;

	if (cr == NULL)
		return;
	for (i = 0; i < PF_COUNT; i++) {
		sfree(&cr->p[i].consumer_key);
		sfree(&cr->p[i].consumer_secret);
		sfree(&cr->p[i].access_token);
		sfree(&cr->p[i].access_token_secret);
		sfree(&cr->p[i].app_password);
	}
	free(cr->source);
	cr->source = NULL;
}
