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
#include "card_file.h"
#include "confread.h"
#include "date.h"
#include "file.h"
#include "text.h"
#include "xalloc.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

/* Where make install puts the config, and the state folder it sets (the
 * Makefile's SYSCONFDIR and STATEDIR). */
#ifndef ALMANAC_SYSCONFDIR
#define ALMANAC_SYSCONFDIR "/etc"
#endif
#ifndef ALMANAC_STATEDIR
#define ALMANAC_STATEDIR "/var/lib/almanac"
#endif
#define DEFAULT_CONFIG	ALMANAC_SYSCONFDIR "/almanac/almanac.conf"
#define CWD_CONFIG	"config/almanac.conf"
#define CONFIG_MAX	(1024 * 1024)	/* bytes of almanac.conf */
#define GRACE_MAX	(24 * 3600)	/* seconds */

/* State of one parse. */
struct ctx {
	struct confread r;	/* the file, its diagnostics, the reader */
	struct config *c;
	bool canon;		/* c->dir has no symlinks, "." or ".." */
	/* which PATH settings of each platform the file set */
	bool path_set[PLATFORMS_MAX][PLATFORM_SETTINGS_MAX];
};

/*
 * dir made absolute: canonical (realpath) when it exists, or when its
 * parent does (a missing last folder joined to it: then dir/.. is that
 * parent still), else joined to the working folder. *canon says which.
 */
static char *
abs_dir(const char *dir, bool *canon)
{
	const char *slash;
	char *r, *cwd, *parent;

	if (dir == NULL || *dir == '\0')
		dir = ".";
	if ((r = realpath(dir, NULL)) != NULL) {
		*canon = true;
		return r;
	}
	if ((slash = strrchr(dir, '/')) != NULL && slash[1] != '\0' &&
	    strcmp(slash + 1, ".") != 0 && strcmp(slash + 1, "..") != 0) {
		parent = xasprintf("%.*s", slash == dir ? 1 : (int)(slash - dir),
		    dir);
		r = realpath(parent, NULL);
		free(parent);
		if (r != NULL) {
			*canon = true;
			parent = r;
			r = xasprintf("%s%s", strcmp(parent, "/") == 0 ? "" :
			    parent, slash);
			free(parent);
			return r;
		}
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

/* The PATH settings of each platform that path_set (NULL: none) does not
 * mark, from their fallback, relative to state_dir. */
static void
default_paths(struct config *c,
    bool (*path_set)[PLATFORM_SETTINGS_MAX])
{
	const struct platform_setting *st;
	size_t i, k;

	for (i = 0; i < platform_count(); i++) {
		st = adapter_get(i)->settings;
		for (k = 0; st != NULL && st[k].name != NULL; k++) {
			if (st[k].kind != SETTING_PATH ||
			    st[k].fallback == NULL ||
			    (path_set != NULL && path_set[i][k]))
				continue;
			free(c->platforms[i].set[k]);
			c->platforms[i].set[k] = resolve(c->state_dir, false,
			    st[k].fallback);
		}
	}
}

/* Fills c with the defaults, dir being absolute already. */
static void
set_defaults(struct config *c, char *dir, bool canon)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->posts_dir = resolve(dir, canon, "posts");
	c->state_dir = resolve(dir, canon, "var");
	c->leap_day = LEAP_FEB28;
	c->window_start = 9 * 60;
	c->window_end = 17 * 60;
	c->max_per_day = 5;
	c->min_per_day = 2;
	c->summary_max = 400;
	c->grace = 3 * 3600;
	c->http.timeout = 30;
	c->http.connect_timeout = 10;
	c->http.retries = 3;
	c->http.max_wait = 120;
	c->http.max_parallel = 8;
	c->http.user_agent = xstrdup("almanac/" ALMANAC_VERSION);
	c->cards.enabled = true;
	c->cards.colour = 0x1d1d1f;
	c->cards.background_colour = 0xf5f1e8;
	c->cards.accent_colour = 0xb3261e;
	c->cards.font = xstrdup(CARD_FONT_DEFAULT);
	c->images.cache_max_mb = 64;
	for (i = 0; i < platform_count(); i++) {
		const struct platform_setting *st = adapter_get(i)->settings;

		c->platforms[i].upload_pictures = true;
		for (k = 0; st != NULL && st[k].name != NULL; k++) {
			if (st[k].kind == SETTING_INT)
				c->platforms[i].num[k] = st[k].fallback_int;
			else if (st[k].kind != SETTING_PATH &&
			    st[k].fallback != NULL)
				c->platforms[i].set[k] = xstrdup(
				    st[k].fallback);
		}
	}
}

size_t
config_image_max(const struct config *c, const struct adapter *a, size_t pf)
{
	size_t server = c->platforms[pf].image_max;

	return server > 0 && server < a->image_max ? server : a->image_max;
}

bool
config_uploads_pictures(const struct config *c, const struct adapter *a,
    size_t pf)
{
	return a->image_max > 0 && c->platforms[pf].upload_pictures;
}

bool
config_card_stands_in(const struct config *c, const struct adapter *a,
    size_t pf)
{
	const struct card_conf *cc = &c->cards;

	return cc->enabled && ((cc->public_dir != NULL &&
	    cc->public_url != NULL) || config_uploads_pictures(c, a, pf));
}

void
config_defaults(struct config *c, const char *dir)
{
	bool canon;
	char *abs = abs_dir(dir, &canon);

	set_defaults(c, abs, canon);
	default_paths(c, NULL);
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

/* A path setting: non-empty unless empty_ok, made absolute. */
static bool
set_path(struct ctx *x, const config_setting_t *s, char **dst,
    bool empty_ok)
{
	const char *v = confread_str(&x->r, s);
	char *p;

	if (v == NULL)
		return false;
	if (*v == '\0') {
		if (!empty_ok) {
			p = confread_path(s);
			confread_error(&x->r, s, "%s: must not be empty", p);
			free(p);
			return false;
		}
		confread_set_str(dst, NULL);
		return true;
	}
	free(*dst);
	*dst = resolve(x->c->dir, x->canon, v);
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
	char *p = confread_path(s);
	bool ok = false;

	if (confread_has_control(u) || strchr(u, ' ') != NULL) {
		confread_error(&x->r, s, "%s: the URL contains a space or "
		    "control character", p);
		goto out;
	}
	https = strncasecmp(u, "https://", 8) == 0;
	if (!https && strncasecmp(u, "http://", 7) != 0) {
		confread_error(&x->r, s, "%s: expected an %s URL, got \"%s\"",
		    p, api ? "https://" : "https:// or http://",
		    confread_snip(&x->r, u));
		goto out;
	}
	h = u + (https ? 8 : 7);
	e = h + strcspn(h, "/?#");
	at = memchr(h, '@', (size_t)(e - h));
	if (at != NULL) {
		/* Never repeat a URL that may hold a password. */
		confread_error(&x->r, s, "%s: the URL must not contain a user "
		    "name or password", p);
		goto out;
	}
	end = e;
	if (e > h && *h == '[') {
		if ((rb = memchr(h, ']', (size_t)(e - h))) != NULL)
			e = rb + 1;
	} else if ((colon = memchr(h, ':', (size_t)(e - h))) != NULL)
		e = colon;
	if (e == h) {
		confread_error(&x->r, s, "%s: the URL \"%s\" has no host", p,
		    confread_snip(&x->r, u));
		goto out;
	}
	if (e < end && (*e != ':' || end - e < 2 || end - e > 6 ||
	    strspn(e + 1, "0123456789") != (size_t)(end - e - 1))) {
		confread_error(&x->r, s, "%s: the URL \"%s\" has a bad port", p,
		    confread_snip(&x->r, u));
		goto out;
	}
	if (!https && api && !loopback(h, (size_t)(e - h))) {
		confread_error(&x->r, s, "%s: \"%s\" must use https:// "
		    "(http:// is allowed only for loopback hosts: 127.0.0.0/8, "
		    "::1, localhost)", p, confread_snip(&x->r, u));
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

/* True when name is a key of the credentials file. */
static bool
is_secret_name(const char *name)
{
	const char *const *keys;
	size_t i, k;

	for (i = 0; platform_all_names[i] != NULL; i++)
		if ((keys = platform_cred_keys(platform_all_names[i])) != NULL)
			for (k = 0; keys[k] != NULL; k++)
				if (strcmp(name, keys[k]) == 0)
					return true;
	return false;
}

/* The settings every platform takes; "api" when it sends (not a sink);
 * the image's when it needs one. */
enum common { C_ENABLED, C_TEMPLATE, C_API, C_IMAGE, C_IMAGE_ALT,
	C_UPLOAD, C_N };
static const char *const common_names[C_N] = { "enabled", "template",
	"api", "default_image", "default_image_alt", "upload_pictures" };

/* True when platform a takes common setting k. */
static bool
takes_common(const struct adapter *a, int k)
{
	if (k == C_API)
		return a->default_api != NULL;
	if (k == C_IMAGE || k == C_IMAGE_ALT)
		return a->needs_image;
	if (k == C_UPLOAD)
		return a->image_max > 0;
	return true;
}

/* The names platform a takes, for "did you mean ...?". */
static void
setting_names(const struct adapter *a,
    const char *names[C_N + PLATFORM_SETTINGS_MAX + 1])
{
	size_t n = 0, k;

	for (k = 0; k < C_N; k++)
		if (takes_common(a, (int)k))
			names[n++] = common_names[k];
	for (k = 0; a->settings != NULL && a->settings[k].name != NULL; k++)
		names[n++] = a->settings[k].name;
	names[n] = NULL;
}

/* Setting s (st, number k of platform id's entry) into pc. */
static void
own_key(struct ctx *x, int id, size_t k, const struct platform_setting *st,
    struct platform_conf *pc, const config_setting_t *s)
{
	const char *v;
	char *p;
	bool ok;

	if (st->kind == SETTING_INT) {
		confread_int(&x->r, s, st->min, st->max, &pc->num[k]);
		return;
	}
	if (st->kind == SETTING_PATH) {
		if (set_path(x, s, &pc->set[k], false))
			x->path_set[id][k] = true;
		return;
	}
	if ((v = confread_str(&x->r, s)) == NULL)
		return;
	if (st->kind == SETTING_URL)
		ok = *v == '\0' || check_url(x, s, v, st->secret_url);
	else if (st->kind == SETTING_ID && *v != '\0' && !is_id(v))
		ok = false;
	else
		ok = st->valid == NULL || (st->kind == SETTING_ID &&
		    *v == '\0') || st->valid(v);
	if (!ok && st->what != NULL) {
		p = confread_path(s);
		confread_error(&x->r, s, "%s: expected %s, got \"%s\"", p,
		    st->what, confread_snip(&x->r, v));
		free(p);
	}
	if (ok)
		confread_set_str(&pc->set[k], v);
}

/* One setting of platforms.NAME (platform id) into pc. */
static void
platform_key(struct ctx *x, int id, struct platform_conf *pc,
    const config_setting_t *s)
{
	const struct adapter *a = adapter_get((size_t)id);
	const char *name = config_setting_name(s), *v;
	const char *names[C_N + PLATFORM_SETTINGS_MAX + 1];
	char *p, **dst;
	size_t k;
	int c;

	for (k = 0; a->settings != NULL && a->settings[k].name != NULL; k++)
		if (strcmp(a->settings[k].name, name) == 0) {
			own_key(x, id, k, &a->settings[k], pc, s);
			return;
		}
	for (c = 0; c < C_N; c++)
		if (strcmp(common_names[c], name) == 0 && takes_common(a, c))
			break;
	if (c == C_N && is_secret_name(name)) {
		p = confread_path(s);
		confread_error(&x->r, s, "%s: secrets never go in the config; "
		    "put %s in the credentials file (see credentials.example)",
		    p, name);
		free(p);
		return;
	}
	if (c == C_N) {
		setting_names(a, names);
		confread_unknown(&x->r, s, names);
		return;
	}
	if (c == C_ENABLED || c == C_UPLOAD) {
		confread_bool(&x->r, s, c == C_ENABLED ? &pc->enabled :
		    &pc->upload_pictures);
		return;
	}
	if ((v = confread_str(&x->r, s)) == NULL)
		return;
	dst = c == C_TEMPLATE ? &pc->template : c == C_API ? &pc->api :
	    c == C_IMAGE ? &pc->default_image : &pc->default_image_alt;
	if ((c == C_API || c == C_IMAGE) && *v != '\0' &&
	    !check_url(x, s, v, c == C_API))
		return;
	confread_set_str(dst, v);
}

/* The first required setting of platform id that pc lacks, or NULL. */
static const char *
missing_setting(int id, const struct platform_conf *pc)
{
	const struct platform_setting *st = adapter_get((size_t)id)->settings;
	size_t k;

	for (k = 0; st != NULL && st[k].name != NULL; k++)
		if (st[k].required && st[k].kind != SETTING_INT &&
		    pc->set[k] == NULL)
			return st[k].name;
	return NULL;
}

/* "unknown platform" with the names the table has. */
static void
unknown_platform(struct ctx *x, const config_setting_t *s, const char *name)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < platform_count(); i++)
		buf_addf(&b, "%s%s", i > 0 ? ", " : "", platform_name(i));
	confread_error(&x->r, s, "unknown platform \"%s\" in platforms "
	    "(expected one of: %s)", confread_snip(&x->r, name), b.s);
	buf_free(&b);
}

/* The "platforms" group. */
static void
walk_platforms(struct ctx *x, const config_setting_t *g)
{
	const config_setting_t *s;
	struct platform_conf *pc;
	const char *name, *need;
	int i, j, n, id;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		confread_wrong_type(&x->r, g, "a group { ... }");
		return;
	}
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		if ((id = platform_lookup(name)) < 0) {
			unknown_platform(x, s, name);
			continue;
		}
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			confread_wrong_type(&x->r, s, "a group { ... }");
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
		if ((need = missing_setting(id, pc)) != NULL)
			confread_error(&x->r, s, "platforms.%s: enabled, but "
			    "\"%s\" is not set", name, need);
	}
}

/* schedule.window: "HH:MM-HH:MM", the start before the end. */
static void
set_window(struct ctx *x, const config_setting_t *s)
{
	const char *v = confread_str(&x->r, s);
	char *p;
	int a, b;

	if (v == NULL)
		return;
	p = confread_path(s);
	if (strlen(v) != 11 || v[5] != '-' ||
	    !date_parse_hhmm_at(v, false, &a) ||
	    !date_parse_hhmm_at(v + 6, true, &b))
		confread_error(&x->r, s, "%s: expected \"HH:MM-HH:MM\" such as "
		    "\"09:00-17:00\", got \"%s\"", p, confread_snip(&x->r, v));
	else if (a >= b)
		confread_error(&x->r, s, "%s: the window must start before it "
		    "ends, got \"%s\"", p, confread_snip(&x->r, v));
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
	const char *v = confread_str(&x->r, s);
	long long secs;
	char *p;

	if (v == NULL)
		return;
	p = confread_path(s);
	if (!parse_duration(v, &secs))
		confread_error(&x->r, s, "%s: expected a duration such as "
		    "\"3h\", \"90m\", \"45s\" or \"1h30m\", got \"%s\"", p,
		    confread_snip(&x->r, v));
	else if (secs > GRACE_MAX)
		confread_error(&x->r, s, "%s: \"%s\" is out of range (0s..24h)",
		    p, confread_snip(&x->r, v));
	else
		x->c->grace = (int)secs;
	free(p);
}

/* The names of each group, for "did you mean ...?". */
static const char *const top_names[] = { "posts_dir", "state_dir",
	"credentials", "timezone", "leap_day", "schedule", "http", "platforms",
	"lint", "cards", "images", NULL };
static const char *const schedule_names[] = { "max_per_day", "window",
	"grace", "min_per_day", NULL };
static const char *const lint_names[] = { "summary_max",
	"require_sources", NULL };
static const char *const cards_names[] = { "enabled", "always",
	"site_name", "colour", "background_colour", "accent_colour", "font",
	"background", "public_dir", "public_url", NULL };
static const char *const http_names[] = { "timeout", "connect_timeout",
	"retries", "max_wait", "max_parallel", "ca_file", "user_agent", NULL };

/* Each setting of group g through one; a g that is no group is
 * reported. */
static void
walk_group(struct ctx *x, const config_setting_t *g,
    void (*one)(struct ctx *, const config_setting_t *, const char *))
{
	const config_setting_t *s;
	int i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		confread_wrong_type(&x->r, g, "a group { ... }");
		return;
	}
	for (i = 0; i < config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		one(x, s, config_setting_name(s));
	}
}

/* A setting of the "schedule" group. */
static void
schedule_setting(struct ctx *x, const config_setting_t *s, const char *name)
{
	if (strcmp(name, "max_per_day") == 0)
		confread_int(&x->r, s, 0, 10000, &x->c->max_per_day);
	else if (strcmp(name, "min_per_day") == 0)
		confread_int(&x->r, s, 0, 10000, &x->c->min_per_day);
	else if (strcmp(name, "window") == 0)
		set_window(x, s);
	else if (strcmp(name, "grace") == 0)
		set_grace(x, s);
	else
		confread_unknown(&x->r, s, schedule_names);
}

/* A setting of the "lint" group. */
static void
lint_setting(struct ctx *x, const config_setting_t *s, const char *name)
{
	if (strcmp(name, "summary_max") == 0)
		confread_int(&x->r, s, 1, 100000, &x->c->summary_max);
	else if (strcmp(name, "require_sources") == 0)
		confread_bool(&x->r, s, &x->c->require_sources);
	else
		confread_unknown(&x->r, s, lint_names);
}

/* A colour "#RRGGBB" of the "cards" group into *out. */
static void
set_colour(struct ctx *x, const config_setting_t *s, unsigned *out)
{
	const char *v = confread_str(&x->r, s);
	char *p;
	size_t i;

	if (v == NULL)
		return;
	for (i = 1; v[0] == '#' && i < 7 && isxdigit((unsigned char)v[i]);
	    i++)
		;
	if (v[0] != '#' || i != 7 || v[7] != '\0') {
		p = confread_path(s);
		confread_error(&x->r, s, "%s: expected a colour \"#RRGGBB\" "
		    "(six hexadecimal digits), got \"%s\"", p,
		    confread_snip(&x->r, v));
		free(p);
		return;
	}
	*out = (unsigned)strtoul(v + 1, NULL, 16);
}

/* A file setting of the "cards" group: made absolute, then checked as
 * check says (NULL: a readable file; else an error message or NULL). */
static bool
set_card_file(struct ctx *x, const config_setting_t *s, char **dst,
    const char *what, bool (*check)(const char *path))
{
	char *p;
	const char *v = config_setting_get_string(s);
	int fd, err;
	struct stat st;
	enum file_status fs;

	if (!set_path(x, s, dst, false))
		return false;
	p = confread_path(s);
	if ((fd = file_open_regular(*dst, &st, &fs, &err)) == -1) {
		confread_error(&x->r, s, "%s: cannot read \"%s\": %s "
		    "(expected %s)", p, confread_snip(&x->r, v),
		    file_strerror(fs, err), what);
		free(p);
		return false;
	}
	close(fd);
	if (!check(*dst)) {
		confread_error(&x->r, s, "%s: \"%s\" is not %s", p,
		    confread_snip(&x->r, v), what);
		free(p);
		return false;
	}
	free(p);
	return true;
}

/* A setting of the "cards" group. */
static void
cards_setting(struct ctx *x, const config_setting_t *s, const char *name)
{
	struct card_conf *cc = &x->c->cards;
	const char *v;
	char *p;

	if (strcmp(name, "enabled") == 0)
		confread_bool(&x->r, s, &cc->enabled);
	else if (strcmp(name, "always") == 0)
		confread_bool(&x->r, s, &cc->always);
	else if (strcmp(name, "site_name") == 0) {
		if ((v = confread_str(&x->r, s)) == NULL)
			return;
		if (confread_has_control(v)) {
			p = confread_path(s);
			confread_error(&x->r, s, "%s: expected one line of "
			    "text", p);
			free(p);
		} else
			confread_set_str(&cc->site_name, *v ? v : NULL);
	} else if (strcmp(name, "colour") == 0)
		set_colour(x, s, &cc->colour);
	else if (strcmp(name, "background_colour") == 0)
		set_colour(x, s, &cc->background_colour);
	else if (strcmp(name, "accent_colour") == 0)
		set_colour(x, s, &cc->accent_colour);
	else if (strcmp(name, "font") == 0) {
		if ((v = confread_str(&x->r, s)) == NULL)
			return;
		if (*v == '\0' || confread_has_control(v)) {
			p = confread_path(s);
			confread_error(&x->r, s, "%s: expected a font's "
			    "family name or a font file", p);
			free(p);
		} else if (card_font_is_file(v)) {
			cc->font_file = set_card_file(x, s, &cc->font,
			    "a font file (TrueType, OpenType or a collection)",
			    card_font_file_ok);
		} else {
			confread_set_str(&cc->font, v);
			cc->font_file = false;
		}
	} else if (strcmp(name, "background") == 0) {
		if ((v = confread_str(&x->r, s)) == NULL)
			return;
		if (*v == '\0')
			confread_set_str(&cc->background, NULL);
		else
			set_card_file(x, s, &cc->background, "a PNG or JPEG "
			    "image", card_image_file_ok);
	} else if (strcmp(name, "public_dir") == 0)
		set_path(x, s, &cc->public_dir, true);
	else if (strcmp(name, "public_url") == 0) {
		if ((v = confread_str(&x->r, s)) == NULL)
			return;
		if (*v == '\0')
			confread_set_str(&cc->public_url, NULL);
		else if (check_url(x, s, v, false))
			confread_set_str(&cc->public_url, v);
	} else
		confread_unknown(&x->r, s, cards_names);
}

/* One of cards.public_dir and cards.public_url without the other. */
static void
cards_check(struct ctx *x, const config_setting_t *root)
{
	const struct card_conf *cc = &x->c->cards;
	const config_setting_t *g = config_setting_get_member(root, "cards");

	if (g != NULL && (cc->public_dir == NULL) != (cc->public_url == NULL))
		confread_error(&x->r, g, "cards: public_dir and public_url go "
		    "together: set both (the folder and the address a web "
		    "server serves it at) or neither");
	/* Without default_image, a post without a picture of its own goes
	 * to a platform that needs one only as its card: uploaded, or in
	 * the public folder (picture.h). */
	for (size_t id = 0; id < platform_count(); id++) {
		const struct platform_conf *pc = &x->c->platforms[id];
		const struct adapter *a = adapter_get(id);

		if (pc->enabled && missing_setting((int)id, pc) == NULL &&
		    a->needs_image && pc->default_image == NULL &&
		    !config_card_stands_in(x->c, a, id))
			diags_add(x->r.d, DIAG_WARNING, x->r.file, pc->line,
			    0, "platforms.%s: enabled without default_image "
			    "or cards to stand in (uploaded or in a public "
			    "folder): posts without an image will not go to "
			    "%s", platform_name(id), platform_name(id));
	}
}

/* A setting of the "images" group. */
static void
images_setting(struct ctx *x, const config_setting_t *s, const char *name)
{
	static const char *const names[] = { "cache_max_mb", NULL };

	if (strcmp(name, "cache_max_mb") == 0)
		confread_int(&x->r, s, 1, 100000, &x->c->images.cache_max_mb);
	else
		confread_unknown(&x->r, s, names);
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
		confread_wrong_type(&x->r, g, "a group { ... }");
		return;
	}
	for (i = 0; i < config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		for (k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
			if (strcmp(name, ints[k].name) == 0)
				break;
		if (k < sizeof(ints) / sizeof(ints[0])) {
			confread_int(&x->r, s, ints[k].min, ints[k].max,
			    (int *)((char *)h + ints[k].off));
		} else if (strcmp(name, "ca_file") == 0) {
			set_path(x, s, &h->ca_file, true);
		} else if (strcmp(name, "user_agent") == 0) {
			if ((v = confread_str(&x->r, s)) == NULL)
				continue;
			if (*v == '\0' || confread_has_control(v)) {
				p = confread_path(s);
				confread_error(&x->r, s, "%s: expected a "
				    "non-empty line of text", p);
				free(p);
			} else
				confread_set_str(&h->user_agent, v);
		} else
			confread_unknown(&x->r, s, http_names);
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
			if ((v = confread_str(&x->r, s)) == NULL)
				continue;
			if (*v != '\0' && !date_zone_exists(v))
				confread_error(&x->r, s, "timezone: unknown "
				    "time zone \"%s\" (expected a name such as "
				    "\"Europe/London\" from the system's "
				    "tzdata)", confread_snip(&x->r, v));
			else
				confread_set_str(&c->timezone, v);
		} else if (strcmp(name, "leap_day") == 0) {
			if ((v = confread_str(&x->r, s)) == NULL)
				continue;
			if (strcmp(v, "feb28") == 0)
				c->leap_day = LEAP_FEB28;
			else if (strcmp(v, "mar1") == 0)
				c->leap_day = LEAP_MAR1;
			else if (strcmp(v, "skip") == 0)
				c->leap_day = LEAP_SKIP;
			else
				confread_error(&x->r, s, "leap_day: expected "
				    "\"feb28\", \"mar1\" or \"skip\", got "
				    "\"%s\"", confread_snip(&x->r, v));
		} else if (strcmp(name, "schedule") == 0)
			walk_group(x, s, schedule_setting);
		else if (strcmp(name, "http") == 0)
			walk_http(x, s);
		else if (strcmp(name, "lint") == 0)
			walk_group(x, s, lint_setting);
		else if (strcmp(name, "cards") == 0)
			walk_group(x, s, cards_setting);
		else if (strcmp(name, "platforms") == 0)
			walk_platforms(x, s);
		else if (strcmp(name, "images") == 0)
			walk_group(x, s, images_setting);
		else
			confread_unknown(&x->r, s, top_names);
	}
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
	char *abs, *sd;

	memset(&x, 0, sizeof(x));
	abs = abs_dir(dir, &canon);
	set_defaults(c, abs, canon);
	c->path = xstrdup(name);
	x.r.file = name;
	x.r.d = &local;
	x.c = c;
	x.canon = canon;
	config_init(&cfg);
	ok = confread_text(&x.r, &cfg, text, strlen(text));
	if (ok) {
		walk(&x, config_root_setting(&cfg));
		cards_check(&x, config_root_setting(&cfg));
		if (!c->state_dir_set && (v = getenv("STATE_DIRECTORY")) !=
		    NULL && (sd = systemd_dir_file(v, NULL)) != NULL) {
			free(c->state_dir);
			c->state_dir = sd;
		} else if (!c->state_dir_set &&
		    strcmp(name, DEFAULT_CONFIG) == 0) {
			/* the installed config: the service's state folder,
			 * for an operator's command as for the service */
			free(c->state_dir);
			c->state_dir = xstrdup(ALMANAC_STATEDIR);
		}
		default_paths(c, x.path_set);
	}
	config_destroy(&cfg);
	confread_free(&x.r);
	ok = local.nerrors == 0;
	diags_move(d, &local);
	if (!ok) {
		config_free(c);
		return -1;
	}
	return 0;
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
		confread_file_diag(d, path, "config", fs, err, CONFIG_MAX);
		return -1;
	}
	if ((nul = memchr(text, '\0', len)) != NULL) {
		diags_add(d, DIAG_ERROR, path,
		    confread_line(text, (size_t)(nul - text)), 0,
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
	size_t i, k;

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
	zfree(&c->cards.site_name);
	zfree(&c->cards.font);
	zfree(&c->cards.background);
	zfree(&c->cards.public_dir);
	zfree(&c->cards.public_url);
	for (i = 0; i < PLATFORMS_MAX; i++) {
		pc = &c->platforms[i];
		zfree(&pc->template);
		zfree(&pc->api);
		zfree(&pc->default_image);
		zfree(&pc->default_image_alt);
		zfree(&pc->limits_from);
		for (k = 0; k < PLATFORM_SETTINGS_MAX; k++)
			zfree(&pc->set[k]);
	}
	memset(c, 0, sizeof(*c));
}

