/* post_fields: the fields of a post file and their checks (see
 * post_impl.h, post.h and docs/post-format.md). */
#include "post_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "date.h"
#include "image.h"
#include "platforms.h"
#include "post.h"
#include "suggest.h"
#include "text.h"
#include "xalloc.h"

#define PRIORITY_MAX	1000
#define ID_MAX		100

/* A member found in an object (or an item of "tags"). */
struct field {
	const struct json_value *v;	/* NULL when absent */
	struct json_pos at;	/* where messages point: its key, if any */
	bool bad;	/* present, but already reported (\u0000) */
};

/* True for a Unicode letter, combining mark or decimal digit. */
static bool
is_word_cp(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
		return true;
	default:
		return false;
	}
}

/* True for a Unicode letter. */
static bool
is_letter_cp(uint32_t cp)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);

	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* True for text with a \u0000 in it (reported once, by post.c). */
static bool
text_with_nul(const struct json_value *v)
{
	return v->type == JSON_STRING && v->u.str.nul.off != JSON_NOPOS;
}

/* True for keys any object may have and that are ignored. */
static bool
private_key(const char *k)
{
	return strncmp(k, "x-", 2) == 0 || strncmp(k, "_comment", 8) == 0;
}

/* Index of k in names, or -1. */
static int
lookup(const char *k, const char *const *names)
{
	int n;

	for (n = 0; names[n] != NULL; n++)
		if (strcmp(k, names[n]) == 0)
			return n;
	return -1;
}

/* Sorts the members of object o into slots by names, reporting unknown
 * ones. where is o's path ("" at the top). */
static void
collect(struct post_ctx *c, const struct json_value *o,
    const char *const *names, const char *where, struct field *slots)
{
	const struct json_member *m;
	size_t i;
	int k;

	for (i = 0; i < o->u.obj.n; i++) {
		m = &o->u.obj.members[i];
		if (post_member_ignored(m) || private_key(m->key))
			continue;
		k = lookup(m->key, names);
		if (k < 0) {
			struct buf b = BUF_INIT;
			const char *s = suggest_name(m->key, names);

			post_add_quoted(&b, m->key, m->key_len);
			if (*where != '\0')
				buf_addf(&b, " in %s", where);
			if (s != NULL)
				buf_addf(&b, " (did you mean \"%s\"?)", s);
			post_error(c, m->key_pos, "unknown field %s",
			    buf_str(&b));
			buf_free(&b);
			continue;
		}
		slots[k].v = &m->value;
		slots[k].at = m->key_pos;
		slots[k].bad = text_with_nul(&m->value);
	}
}

/* The path of member name inside where. */
static char *
subpath(const char *where, const char *name)
{
	if (*where == '\0')
		return xasprintf("\"%s\"", name);
	return xasprintf("%s.\"%s\"", where, name);
}

/* Reports that f (named where) is not what expected says. */
static void
wrong(struct post_ctx *c, const struct field *f, const char *where,
    const char *expected)
{
	post_error(c, f->at, "%s: expected %s, got %s", where, expected,
	    post_got(c, f->v));
}

/* The text of f, or NULL after reporting that it is not text. */
static const char *
want_text(struct post_ctx *c, const struct field *f, const char *where,
    const char *expected)
{
	if (f->v->type != JSON_STRING) {
		wrong(c, f, where, expected);
		return NULL;
	}
	return f->v->u.str.s;
}

/* Reads f as a whole number in [lo, hi] into *out. */
static bool
want_int(struct post_ctx *c, const struct field *f, const char *where, int lo,
    int hi, const char *expected, int *out)
{
	const struct json_number *n = &f->v->u.num;

	if (f->v->type != JSON_NUMBER || !n->is_int || n->i < lo ||
	    n->i > hi) {
		wrong(c, f, where, expected);
		return false;
	}
	*out = (int)n->i;
	return true;
}

/* Reads f as true or false into *out. */
static void
want_bool(struct post_ctx *c, const struct field *f, const char *where,
    bool *out)
{
	if (f->v->type != JSON_TRUE && f->v->type != JSON_FALSE) {
		wrong(c, f, where, "true or false");
		return;
	}
	*out = f->v->type == JSON_TRUE;
}

/* Checks text s of f: one line (a title) or several; no other control
 * characters. */
static bool
check_text(struct post_ctx *c, const struct field *f, const char *where,
    const char *s, bool one_line)
{
	uint32_t cp;

	while (*s != '\0') {
		cp = post_u8_next(&s);
		if (one_line && (cp == '\n' || cp == '\r' || cp == 0x0B ||
		    cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029)) {
			post_error(c, f->at, "%s: expected one line of "
			    "text, got a line break", where);
			return false;
		}
		if (!one_line && (cp == '\n' || cp == '\t'))
			continue;
		if (cp == '\t') {
			post_error(c, f->at, "%s: expected text without "
			    "control characters, got a tab", where);
			return false;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			post_error(c, f->at, "%s: expected text without "
			    "control characters, got U+%04X", where,
			    (unsigned)cp);
			return false;
		}
	}
	return true;
}

/* Checks that s (of f) is an http(s) link with a host and no spaces. */
static bool
check_url(struct post_ctx *c, const struct field *f, const char *where,
    const char *s)
{
	const char *scheme, *auth, *end, *host, *p;

	if (strncasecmp(s, "https://", 8) == 0)
		scheme = "https://";
	else if (strncasecmp(s, "http://", 7) == 0)
		scheme = "http://";
	else {
		post_error(c, f->at, "%s: expected a link starting with "
		    "https:// or http://, got %s", where, post_got(c, f->v));
		return false;
	}
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7F) {
			post_error(c, f->at, "%s: expected a link without "
			    "spaces (write %%20 for a space), got %s", where,
			    post_got(c, f->v));
			return false;
		}
	auth = s + strlen(scheme);
	end = auth + strcspn(auth, "/?#");
	host = auth;
	for (p = auth; p < end; p++)
		if (*p == '@')
			host = p + 1;
	if (host == end || *host == ':') {
		post_error(c, f->at, "%s: expected a link with a host name "
		    "after %s, got %s", where, scheme, post_got(c, f->v));
		return false;
	}
	return true;
}

/* True for a date's digit pattern: s is n characters, D for a digit. */
static bool
shape(const char *s, const char *pattern)
{
	for (; *pattern != '\0'; s++, pattern++) {
		if (*pattern == 'D' ? !(*s >= '0' && *s <= '9') :
		    *s != *pattern)
			return false;
	}
	return *s == '\0';
}

/* Reads "date" (f) and "era" (e) into the post. */
static void
get_date(struct post_ctx *c, const struct field *f, const struct field *e)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *s, *era = NULL;
	char why[96] = "";
	bool full, bc = false;
	int y = 0, given = 0, m, d;

	if (e->v != NULL && !e->bad) {
		era = want_text(c, e, "\"era\"", "\"BC\"");
		if (era != NULL && strcmp(era, "BC") != 0) {
			if (strcasecmp(era, "AD") == 0 ||
			    strcasecmp(era, "CE") == 0)
				post_error(c, e->at, "\"era\": expected "
				    "\"BC\", got %s (leave \"era\" out for "
				    "years of the common era)", post_got(c, e->v));
			else
				wrong(c, e, "\"era\"", "\"BC\"");
			era = NULL;
		} else if (era != NULL)
			bc = true;
	}
	if (f->v == NULL) {
		post_error(c, c->root->pos, "missing required field \"date\" "
		    "(YYYY-MM-DD, or --MM-DD when the year is unknown)");
		return;
	}
	if (f->bad)
		return;
	s = want_text(c, f, "\"date\"", "text like \"1927-11-12\" or "
	    "\"--11-12\"");
	if (s == NULL)
		return;
	full = shape(s, "DDDD-DD-DD");
	if (!full && !shape(s, "--DD-DD")) {
		if (s[0] == '-' && s[1] >= '0' && s[1] <= '9')
			snprintf(why, sizeof(why), " (for a year BC write "
			    "the year and \"era\": \"BC\")");
		else if (strspn(s, "0123456789") > 4 &&
		    s[strspn(s, "0123456789")] == '-')
			snprintf(why, sizeof(why), " (years go from 1 to "
			    "9999)");
		goto bad;
	}
	if (full)
		y = given = atoi(s);
	m = atoi(s + (full ? 5 : 2));
	d = atoi(s + (full ? 8 : 5));
	if (full && y == 0) {
		snprintf(why, sizeof(why), " (there is no year 0)");
		goto bad;
	}
	if (m < 1 || m > 12) {
		snprintf(why, sizeof(why), " (no month %.2s)", s + (full ?
		    5 : 2));
		goto bad;
	}
	if (d < 1) {
		snprintf(why, sizeof(why), " (no day 00)");
		goto bad;
	}
	if (d > mdays[m - 1]) {
		snprintf(why, sizeof(why), " (%s has %s%d days)",
		    months[m - 1], m == 2 ? "at most " : "", mdays[m - 1]);
		goto bad;
	}
	if (full && bc)
		y = 1 - y;
	if (full && m == 2 && d == 29 && !date_is_leap(y)) {
		snprintf(why, sizeof(why), " (%d%s is not a leap year)", given,
		    bc ? " BC" : "");
		goto bad;
	}
	if (bc && !full) {
		post_error(c, e->at, "\"era\": \"BC\" needs a date with a "
		    "year, but \"date\" is %s", post_got(c, f->v));
		return;
	}
	c->p->has_year = full;
	c->p->year = full ? y : 0;
	c->p->month = m;
	c->p->day = d;
	c->p->bc = bc;
	return;
bad:
	post_error(c, f->at, "\"date\": expected YYYY-MM-DD or --MM-DD, "
	    "got %s%s", post_got(c, f->v), why);
}

/* Reads "title" (f). */
static void
get_title(struct post_ctx *c, const struct field *f)
{
	const char *s;
	size_t n;

	if (f->v == NULL) {
		post_error(c, c->root->pos, "missing required field \"title\"");
		return;
	}
	if (f->bad || (s = want_text(c, f, "\"title\"", "text")) == NULL)
		return;
	if (!check_text(c, f, "\"title\"", s, true))
		return;
	n = text_codepoints(s);
	if (n < 1 || n > POST_TITLE_MAX) {
		post_error(c, f->at, "\"title\": expected text of 1 to %d "
		    "characters, got %zu", POST_TITLE_MAX, n);
		return;
	}
	if (strspn(s, " ") == strlen(s)) {
		post_error(c, f->at, "\"title\": expected text of 1 to %d "
		    "characters, got only spaces", POST_TITLE_MAX);
		return;
	}
	c->p->title = xstrdup(s);
}

/* Reads an optional text f (several lines allowed) into *out. */
static void
get_text(struct post_ctx *c, const struct field *f, const char *where,
    char **out)
{
	const char *s;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, where, "text")) == NULL)
		return;
	if (check_text(c, f, where, s, false))
		*out = xstrdup(s);
}

/* Reads an optional line of text f (a credit) into *out. */
static void
get_line(struct post_ctx *c, const struct field *f, const char *where,
    char **out)
{
	const char *s;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, where, "a line of text")) == NULL)
		return;
	if (check_text(c, f, where, s, true))
		*out = xstrdup(s);
}

/* Reads a link f into *out. */
static void
get_url(struct post_ctx *c, const struct field *f, const char *where, char **out)
{
	const char *s;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, where, "text like \"https://...\"")) == NULL)
		return;
	if (check_url(c, f, where, s))
		*out = xstrdup(s);
}

/* Reads "file" of an image (f) into *out. */
static void
get_image_file(struct post_ctx *c, const struct field *f, const char *where,
    char **out)
{
	const char *s, *why;

	if (f->v == NULL || f->bad || (s = want_text(c, f, where,
	    "a path below posts_dir like \"images/apollo-11.jpg\"")) == NULL)
		return;
	if ((why = image_path_problem(s)) != NULL)
		post_error(c, f->at, "%s %s, got %s", where, why,
		    post_got(c, f->v));
	else
		*out = xstrdup(s);
}

/* Reads an image object f into *out. */
static void
get_image(struct post_ctx *c, const struct field *f, const char *where,
    struct post_image *out)
{
	static const char *const names[] = { "url", "file", "alt", "credit",
		NULL };
	struct field slots[4];
	char *w;

	if (f->v == NULL || f->bad)
		return;
	if (f->v->type != JSON_OBJECT) {
		wrong(c, f, where, "an object like { \"url\": \"https://...\", "
		    "\"alt\": \"...\", \"credit\": \"...\" }");
		return;
	}
	out->line = f->at.line;
	out->col = f->at.col;
	memset(slots, 0, sizeof(slots));
	collect(c, f->v, names, where, slots);
	if (slots[0].v == NULL && slots[1].v == NULL)
		post_error(c, f->v->pos, "missing required field "
		    "\"url\" or \"file\" in %s", where);
	else if (slots[0].v != NULL && slots[1].v != NULL)
		post_error(c, slots[1].at, "%s has both \"url\" and "
		    "\"file\": give one", where);
	w = subpath(where, "url");
	get_url(c, &slots[0], w, &out->url);
	free(w);
	w = subpath(where, "file");
	get_image_file(c, &slots[1], w, &out->file);
	out->file_line = slots[1].at.line;
	out->file_col = slots[1].at.col;
	free(w);
	w = subpath(where, "alt");
	get_text(c, &slots[2], w, &out->alt);
	free(w);
	w = subpath(where, "credit");
	get_line(c, &slots[3], w, &out->credit);
	free(w);
}

/* Describes code point cp of a bad tag or id. */
static void
add_bad_char(struct buf *b, uint32_t cp)
{
	char enc[5];
	utf8proc_ssize_t n;

	if (cp == ' ')
		buf_adds(b, "a space");
	else if (json_visible(cp)) {
		n = utf8proc_encode_char((utf8proc_int32_t)cp,
		    (utf8proc_uint8_t *)enc);
		buf_addc(b, '"');
		buf_add(b, enc, (size_t)n);
		buf_addc(b, '"');
	} else
		buf_addf(b, "U+%04X", (unsigned)cp);
}

/* Reads "tags" (f). */
static void
get_tags(struct post_ctx *c, const struct field *f)
{
	const struct json_value *t;
	struct field e;
	size_t i;
	const char *s, *q;
	uint32_t cp = 0;
	bool letter;

	if (f->v == NULL || f->bad)
		return;
	if (f->v->type != JSON_ARRAY) {
		wrong(c, f, "\"tags\"", "an array of tags like [\"History\"]");
		return;
	}
	c->p->tags = xreallocarray(NULL, f->v->u.arr.n + 1,
	    sizeof(*c->p->tags));
	for (i = 0; i < f->v->u.arr.n; i++) {
		char where[32];

		t = &f->v->u.arr.items[i];
		snprintf(where, sizeof(where), "\"tags\"[%zu]", i + 1);
		e.v = t;
		e.at = t->pos;
		e.bad = false;
		if (text_with_nul(t) ||
		    (s = want_text(c, &e, where, "text")) == NULL)
			continue;
		if (s[0] == '#') {
			post_error(c, t->pos, "%s: %s: write tags "
			    "without the leading #", where, post_got(c, t));
			continue;
		}
		if (s[0] == '\0') {
			post_error(c, t->pos, "%s: expected a tag of "
			    "letters, digits and _ only, got \"\"", where);
			continue;
		}
		letter = false;
		for (q = s; *q != '\0';) {
			cp = post_u8_next(&q);
			if (cp != '_' && !is_word_cp(cp))
				break;
			if (is_letter_cp(cp) || cp == '_')
				letter = true;
		}
		if (*q != '\0' || (cp != '_' && !is_word_cp(cp))) {
			struct buf b = BUF_INIT;

			add_bad_char(&b, cp);
			post_error(c, t->pos, "%s: expected a tag of "
			    "letters, digits and _ only, got %s (%s is not "
			    "allowed)",
			    where, post_got(c, t), buf_str(&b));
			buf_free(&b);
			continue;
		}
		if (!letter)
			post_warning(c, t->pos, "%s: %s has no letter; "
			    "platforms do not link a tag of digits only",
			    where, post_got(c, t));
		c->p->tags[c->p->ntags++] = xstrdup(s);
	}
}

/* Reads "sources" (f): where the date and facts were checked, each an
 * address (checked as "url" is) or a citation, one line. */
static void
get_sources(struct post_ctx *c, const struct field *f)
{
	const struct json_value *t;
	struct field e;
	size_t i;
	const char *s;

	if (f->v == NULL || f->bad)
		return;
	if (f->v->type != JSON_ARRAY) {
		wrong(c, f, "\"sources\"", "an array of addresses or "
		    "citations like [\"https://...\"]");
		return;
	}
	c->p->sources_line = f->at.line;
	c->p->sources = xreallocarray(NULL, f->v->u.arr.n + 1,
	    sizeof(*c->p->sources));
	for (i = 0; i < f->v->u.arr.n; i++) {
		char where[40];

		t = &f->v->u.arr.items[i];
		snprintf(where, sizeof(where), "\"sources\"[%zu]", i + 1);
		e.v = t;
		e.at = t->pos;
		e.bad = false;
		if (text_with_nul(t) || (s = want_text(c, &e, where,
		    "an address or a citation")) == NULL)
			continue;
		if (s[0] == '\0' || strspn(s, " ") == strlen(s)) {
			post_error(c, t->pos, "%s: expected an address or a "
			    "citation, got %s", where, s[0] == '\0' ? "\"\"" :
			    "only spaces");
			continue;
		}
		/* a word and "://" at the start: an address, so a link */
		if (strstr(s, "://") != NULL &&
		    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789+.-") == (size_t)(strstr(s, "://") - s)) {
			if (!check_url(c, &e, where, s))
				continue;
		} else if (!check_text(c, &e, where, s, true))
			continue;
		c->p->sources[c->p->nsources++] = xstrdup(s);
	}
}

/* Reads "time" (f). */
static void
get_time(struct post_ctx *c, const struct field *f)
{
	const char *s;
	int minutes;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, "\"time\"", "text like \"10:30\"")) == NULL)
		return;
	if (!date_parse_hhmm(s, &minutes)) {
		post_error(c, f->at, "\"time\": expected HH:MM from 00:00 "
		    "to 23:59, got %s", post_got(c, f->v));
		return;
	}
	c->p->time = minutes;
}

/* True for the ids "." and "..", refused: they name folders. */
static bool
dot_id(const char *s)
{
	return strcmp(s, ".") == 0 || strcmp(s, "..") == 0;
}

/* True when s is a valid id: 1 to ID_MAX letters, digits, -, _ or .,
 * but not "." or "..". */
static bool
valid_id(const char *id)
{
	const char *s = id;
	size_t n = 0;
	uint32_t cp;

	while (*s != '\0') {
		cp = post_u8_next(&s);
		if (cp != '-' && cp != '_' && cp != '.' && !is_word_cp(cp))
			return false;
		n++;
	}
	return n >= 1 && n <= ID_MAX && !dot_id(id);
}

/* Reads "id" (f), or takes the file's base name without ".json". */
static void
get_id(struct post_ctx *c, const struct field *f)
{
	const char *s, *base;
	size_t n;

	if (f->v != NULL) {
		if (f->bad || (s = want_text(c, f, "\"id\"", "text")) == NULL)
			return;
		if (!valid_id(s)) {
			post_error(c, f->at, "\"id\": expected 1 to %d "
			    "letters, digits, -, _ or .%s, got %s", ID_MAX,
			    dot_id(s) ? ", not \".\" or \"..\" alone" : "",
			    post_got(c, f->v));
			return;
		}
		c->p->id = xstrdup(s);
		c->p->id_line = f->at.line;
		return;
	}
	base = strrchr(c->path, '/');
	base = base != NULL ? base + 1 : c->path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	c->p->id = xstrndup(base, n);
	if (!valid_id(c->p->id)) {
		struct buf b = BUF_INIT;

		post_add_quoted(&b, c->p->id, strlen(c->p->id));
		if (dot_id(c->p->id))
			post_error(c, POST_NOWHERE, "the file name makes the id %s, but "
			    "an id may not be \".\" or \"..\"; rename the "
			    "file or add an \"id\" field", buf_str(&b));
		else
			post_error(c, POST_NOWHERE, "the file name makes the id %s, but "
			    "an id may have only 1 to %d letters, digits, -, _ "
			    "or .; rename the file or add an \"id\" field",
			    buf_str(&b), ID_MAX);
		buf_free(&b);
	}
}

/* Reads "years" (f); date is the "date" field. */
static void
get_years(struct post_ctx *c, const struct field *f, const struct field *date)
{
	static const char *const names[] = { "from", "until", "every", NULL };
	struct field sl[3];
	int from = 0, until = 0, every = 0;

	if (f->v == NULL || f->bad)
		return;
	if (f->v->type != JSON_OBJECT) {
		wrong(c, f, "\"years\"", "an object like { \"from\": 2025, "
		    "\"until\": 2030, \"every\": 5 }");
		return;
	}
	memset(sl, 0, sizeof(sl));
	collect(c, f->v, names, "\"years\"", sl);
	if (sl[0].v != NULL)
		want_int(c, &sl[0], "\"years\".\"from\"", 1, 9999,
		    "a year from 1 to 9999", &from);
	if (sl[1].v != NULL && want_int(c, &sl[1], "\"years\".\"until\"", 1,
	    9999, "a year from 1 to 9999", &until) && from > 0 &&
	    until < from) {
		char *exp = xasprintf("a year no earlier than \"from\" (%d)",
		    from);

		wrong(c, &sl[1], "\"years\".\"until\"", exp);
		free(exp);
		until = 0;
	}
	if (sl[2].v != NULL && want_int(c, &sl[2], "\"years\".\"every\"", 1,
	    9999, "a whole number from 1 to 9999", &every) &&
	    c->p->month != 0 && !c->p->has_year) {
		post_error(c, sl[2].at, "\"years\".\"every\": counting "
		    "anniversaries needs a date with a year, but \"date\" is "
		    "%s", post_got(c, date->v));
		every = 0;
	}
	c->p->years_from = from;
	c->p->years_until = until;
	c->p->years_every = every;
}

/* Adds the names of the table's post settings to names (*n of them so
 * far), each once, and a NULL after them. */
static void
post_setting_names(const char **names, size_t *n)
{
	const struct post_setting *ps;
	size_t i, k;

	for (i = 0; i < platform_count(); i++) {
		if ((ps = adapter_get(i)->post_setting) == NULL)
			continue;
		for (k = 0; k < *n && strcmp(names[k], ps->name) != 0; k++)
			;
		if (k == *n)
			names[(*n)++] = ps->name;
	}
	names[*n] = NULL;
}

/* "only pinterest has a board_id": post setting key (f, at path w) given
 * for a platform that does not take it. */
static void
only_on(struct post_ctx *c, const struct field *f, const char *w,
    const char *key)
{
	struct buf b = BUF_INIT;
	const struct post_setting *ps;
	size_t i;

	for (i = 0; i < platform_count(); i++)
		if ((ps = adapter_get(i)->post_setting) != NULL &&
		    strcmp(ps->name, key) == 0)
			buf_addf(&b, "%s%s", b.len > 0 ? " and " : "",
			    platform_name(i));
	post_error(c, f->at, "%s: only %s has a %s", w, buf_str(&b), key);
	buf_free(&b);
}

/* Reads one platform override (f, named name). */
static void
get_platform(struct post_ctx *c, const struct field *f, const char *name)
{
	/* text, skip, image, then the post settings of the table */
	const char *names[3 + PLATFORMS_MAX + 1] = { "text", "skip",
	    "image" };
	struct field sl[3 + PLATFORMS_MAX];
	struct post_platform *pp;
	char *where = subpath("\"platforms\"", name), *w;
	const struct post_setting *own =
	    adapter_get((size_t)platform_lookup(name)) != NULL ?
	    adapter_get((size_t)platform_lookup(name))->post_setting : NULL;
	const char *s;
	size_t n = 3, k;

	post_setting_names(names, &n);

	if (f->v->type != JSON_OBJECT) {
		wrong(c, f, where, "an object like { \"skip\": true }");
		free(where);
		return;
	}
	c->p->platforms = xreallocarray(c->p->platforms, c->p->nplatforms + 1,
	    sizeof(*c->p->platforms));
	pp = &c->p->platforms[c->p->nplatforms++];
	memset(pp, 0, sizeof(*pp));
	pp->name = xstrdup(name);
	pp->line = f->at.line;
	memset(sl, 0, sizeof(sl));
	collect(c, f->v, names, where, sl);
	w = subpath(where, "text");
	if (sl[0].v != NULL && !sl[0].bad &&
	    (s = want_text(c, &sl[0], w, "text")) != NULL) {
		if (*s == '\0')
			post_error(c, sl[0].at, "%s: expected a template "
			    "of at least 1 character, got \"\" (use \"skip\": "
			    "true to leave the platform out)", w);
		else if (check_text(c, &sl[0], w, s, false))
			pp->text = xstrdup(s);
	}
	free(w);
	if (sl[1].v != NULL) {
		w = subpath(where, "skip");
		want_bool(c, &sl[1], w, &pp->skip);
		free(w);
	}
	w = subpath(where, "image");
	get_image(c, &sl[2], w, &pp->image);
	free(w);
	for (k = 3; k < n; k++) {
		if (sl[k].v == NULL)
			continue;
		w = subpath(where, names[k]);
		if (own == NULL || strcmp(own->name, names[k]) != 0)
			only_on(c, &sl[k], w, names[k]);
		else if (!sl[k].bad) {
			s = sl[k].v->type == JSON_STRING ? sl[k].v->u.str.s :
			    NULL;
			if (s == NULL || *s == '\0' || (own->valid != NULL &&
			    !own->valid(s)))
				wrong(c, &sl[k], w, own->what);
			else
				pp->setting = xstrdup(s);
		}
		free(w);
	}
	free(where);
}

/* The platform an example of "skip" names: the first that needs an
 * image, where a post without one is left out most often. */
static const char *
skip_example(void)
{
	size_t i;

	for (i = 0; i < platform_count(); i++)
		if (adapter_get(i)->needs_image)
			return platform_name(i);
	return platform_name(0);
}

/* Reads "platforms" (f). */
static void
get_platforms(struct post_ctx *c, const struct field *f)
{
	const struct json_member *m;
	struct field e;
	size_t i;

	if (f->v == NULL || f->bad)
		return;
	if (f->v->type != JSON_OBJECT) {
		char *like = xasprintf("an object like { \"%s\": { \"skip\": "
		    "true } }", skip_example());

		wrong(c, f, "\"platforms\"", like);
		free(like);
		return;
	}
	for (i = 0; i < f->v->u.obj.n; i++) {
		m = &f->v->u.obj.members[i];
		if (post_member_ignored(m) || private_key(m->key))
			continue;
		if (lookup(m->key, platform_all_names) < 0) {
			struct buf b = BUF_INIT;
			const char *s = suggest_name(m->key,
			    platform_all_names);
			size_t k;

			post_add_quoted(&b, m->key, m->key_len);
			buf_adds(&b, " in \"platforms\"");
			if (s != NULL)
				buf_addf(&b, " (did you mean \"%s\"?)", s);
			else {
				buf_adds(&b, " (known: ");
				for (k = 0; platform_all_names[k]; k++)
					buf_addf(&b, "%s%s", k ? ", " : "",
					    platform_all_names[k]);
				buf_addc(&b, ')');
			}
			post_error(c, m->key_pos, "unknown platform %s",
			    buf_str(&b));
			buf_free(&b);
			continue;
		}
		e.v = &m->value;
		e.at = m->key_pos;
		e.bad = false;
		get_platform(c, &e, m->key);
	}
}

/* Fills the post from the top-level object. */
void
post_read_fields(struct post_ctx *c)
{
	enum { F_DATE, F_ERA, F_PRIORITY, F_TITLE, F_SUMMARY, F_URL, F_IMAGE,
	    F_TAGS, F_TIME, F_ID, F_DRAFT, F_YEARS, F_PLATFORMS, F_SOURCES,
	    F_N };
	static const char *const names[F_N + 1] = { "date", "era",
	    "priority", "title", "summary", "url", "image", "tags", "time",
	    "id", "draft", "years", "platforms", "sources", NULL };
	struct field sl[F_N];

	memset(sl, 0, sizeof(sl));
	collect(c, c->root, names, "", sl);
	get_date(c, &sl[F_DATE], &sl[F_ERA]);
	c->p->date_line = sl[F_DATE].at.line;
	c->p->date_col = sl[F_DATE].at.col;
	c->p->summary_line = sl[F_SUMMARY].at.line;
	c->p->summary_col = sl[F_SUMMARY].at.col;
	if (sl[F_PRIORITY].v != NULL && !sl[F_PRIORITY].bad)
		want_int(c, &sl[F_PRIORITY], "\"priority\"", -PRIORITY_MAX,
		    PRIORITY_MAX, "a whole number from -1000 to 1000",
		    &c->p->priority);
	get_title(c, &sl[F_TITLE]);
	get_text(c, &sl[F_SUMMARY], "\"summary\"", &c->p->summary);
	get_url(c, &sl[F_URL], "\"url\"", &c->p->url);
	get_image(c, &sl[F_IMAGE], "\"image\"", &c->p->image);
	get_tags(c, &sl[F_TAGS]);
	get_time(c, &sl[F_TIME]);
	get_id(c, &sl[F_ID]);
	if (sl[F_DRAFT].v != NULL && !sl[F_DRAFT].bad)
		want_bool(c, &sl[F_DRAFT], "\"draft\"", &c->p->draft);
	get_years(c, &sl[F_YEARS], &sl[F_DATE]);
	get_platforms(c, &sl[F_PLATFORMS]);
	get_sources(c, &sl[F_SOURCES]);
}

