/* post: one post file into a struct post (see post.h). */
#include "post.h"

#include <sys/stat.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "buf.h"
#include "file.h"
#include "text.h"
#include "xalloc.h"

#define NOPOS		SIZE_MAX
#define MAX_DEPTH	512	/* below cJSON's own limit of 1000 */
#define MAX_NUMBER	63	/* the longest number literal cJSON reads */
#define A_VALUE		"a value (text in double quotes, a number, true, " \
			"false, null, [ or {)"
#define SNIPPET_MAX	50	/* code points of a value quoted in a message */
#define FOUND_MAX	3	/* of what a file that is no JSON, or no post,
				   holds: it may not be a post file at all */
#define PRIORITY_MAX	1000
#define ID_MAX		100

const char *const post_platform_names[] = {
	"twitter", "linkedin", "facebook", "instagram", "pinterest", "feed",
	"mastodon", "bluesky", "threads", NULL
};

/* Where one JSON value sits in the text; one per value, in document order
 * (the order in which cJSON links its nodes). */
struct jpos {
	size_t koff;	/* the key naming it, NOPOS in arrays and at the top */
	size_t kend;	/* just past the key's closing quote */
	size_t voff;	/* its first byte */
	size_t vend;	/* just past its last byte */
	size_t nvals;	/* values nested inside it */
	size_t nul;	/* a \u0000 in it (strings), or NOPOS */
	size_t knul;	/* a \u0000 in its key, or NOPOS */
	bool skip;	/* ignored: a duplicate key, or a key with \u0000 */
};

struct ctx {
	const char *path;
	const char *s;		/* the text, after a BOM */
	size_t len;
	size_t *lines;		/* offset of the first byte of each line */
	size_t nlines;
	struct jpos *pos;
	size_t npos, cappos;
	struct diags dg;	/* this file's, sorted by position at the end */
	struct post *p;
	char *scratch;		/* the last string got() returned */
};

/* A member found in an object: its node and its index in ctx.pos. */
struct field {
	const cJSON *v;
	size_t i;
	bool bad;	/* present, but already reported (\u0000) */
};

/* The code point at *s (advancing *s past it); a bad byte reads as U+FFFD. */
static uint32_t
u8_next(const char **s)
{
	uint32_t cp;
	size_t n = text_decode(*s, strnlen(*s, 4), &cp);

	if (n == 0) {
		(*s)++;
		return 0xFFFD;
	}
	*s += n;
	return cp;
}

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

/* Line and column (1-based; columns count code points) of byte off. */
static void
position(const struct ctx *c, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = c->nlines, mid, i, n = 0;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (c->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = c->lines[lo]; i < off && i < c->len; i++)
		if (((unsigned char)c->s[i] & 0xC0) != 0x80)
			n++;
	*line = (int)lo + 1;
	*col = (int)n + 1;
}

/* How many of the n bytes at s to quote, at most max, so that the cut
 * falls between characters (s is valid UTF-8). */
static int
clip(const char *s, size_t n, size_t max)
{
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return (int)n;
}

/* Line of byte off. */
static int
line_of(const struct ctx *c, size_t off)
{
	int line, col;

	position(c, off, &line, &col);
	return line;
}

/* Appends a diagnostic at byte off (NOPOS: the whole file). */
static void __attribute__((format(printf, 4, 0)))
vreport(struct ctx *c, enum diag_severity sev, size_t off, const char *fmt,
    va_list ap)
{
	int line = 0, col = 0;
	char *msg;

	if (off != NOPOS)
		position(c, off, &line, &col);
	msg = xvasprintf(fmt, ap);
	diags_add(&c->dg, sev, c->path, line, col, "%s", msg);
	free(msg);
}

/* An error at byte off. */
static void __attribute__((format(printf, 3, 4)))
error_at(struct ctx *c, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_ERROR, off, fmt, ap);
	va_end(ap);
}

/* A warning at byte off. */
static void __attribute__((format(printf, 3, 4)))
warning_at(struct ctx *c, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_WARNING, off, fmt, ap);
	va_end(ap);
}

/* A JSON syntax error at byte off. */
static void __attribute__((format(printf, 3, 4)))
syntax(struct ctx *c, size_t off, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	buf_adds(&b, "not valid JSON: ");
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	error_at(c, off, "%s", buf_str(&b));
	buf_free(&b);
}

/* Appends s as a quoted name ("..."), escaped, at most SNIPPET_MAX code
 * points. */
static void
add_quoted(struct buf *b, const char *s)
{
	size_t n = 0;
	const char *start;
	uint32_t cp;

	buf_addc(b, '"');
	while (*s != '\0') {
		if (n++ == SNIPPET_MAX) {
			buf_adds(b, "...");
			break;
		}
		start = s;
		cp = u8_next(&s);
		if (cp == '"' || cp == '\\')
			buf_addf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp < 0x20 || cp == 0x7F)
			buf_addf(b, "\\u%04X", (unsigned)cp);
		else
			buf_add(b, start, (size_t)(s - start));
	}
	buf_addc(b, '"');
}

/* Appends the value at index i as written in the file (cut after max code
 * points, a string's opening quote counted, then "..."), or "an array" /
 * "an object". */
static void
add_got(struct buf *b, const struct ctx *c, size_t i, size_t max)
{
	const struct jpos *jp = &c->pos[i];
	const char *s = c->s + jp->voff, *end = c->s + jp->vend, *start;
	size_t n = 0, len;
	uint32_t cp = 0;

	if (*s == '[') {
		buf_adds(b, "an array");
		return;
	}
	if (*s == '{') {
		buf_adds(b, "an object");
		return;
	}
	while (s < end) {
		/* (a string's closing quote alone left: nothing is cut) */
		if (n++ == max && !(c->s[jp->voff] == '"' && end - s == 1)) {
			buf_adds(b, "...");
			if (c->s[jp->voff] == '"')
				buf_addc(b, '"');
			break;
		}
		start = s;
		len = text_decode(s, (size_t)(end - s), &cp);
		s += len > 0 ? len : 1;
		if (len == 0 || cp < 0x20)
			buf_addf(b, "\\u%04X",
			    len > 0 ? (unsigned)cp : 0xFFFDU);
		else
			buf_add(b, start, len);
	}
}

/* The value at index i as add_got writes it; valid until the next call. */
static const char *
got(struct ctx *c, size_t i)
{
	struct buf b = BUF_INIT;

	free(c->scratch);
	add_got(&b, c, i, SNIPPET_MAX);
	c->scratch = buf_detach(&b);
	return c->scratch;
}

/* Where a message about the value at index i points: its key, if any. */
static size_t
at(const struct ctx *c, size_t i)
{
	return c->pos[i].koff != NOPOS ? c->pos[i].koff : c->pos[i].voff;
}

/* Index of the value after the one at index i and everything inside it. */
static size_t
next_index(const struct ctx *c, size_t i)
{
	return i + 1 + c->pos[i].nvals;
}

/*
 * The strict JSON scanner. cJSON accepts things JSON does not (raw control
 * characters in text, "01", "1.", "\uZZZZ" read as \u0000, bytes below 0x20
 * as blanks) and keeps no positions, so the text is scanned here first:
 * the first syntax error is reported precisely and every value's position
 * recorded in ctx.pos for the messages about fields.
 */

/* True for a code point that shows as itself in a message. */
static bool
visible(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return false;
	default:
		return true;
	}
}

/* Describes what is at byte off, for "got ..." in syntax errors: a word
 * or number (at most max characters of it, then "..."), or one character
 * (U+XXXX when invisible). */
static void
add_found(struct buf *b, const struct ctx *c, size_t off, size_t max)
{
	size_t n;
	uint32_t cp;
	const char *p;

	if (off >= c->len) {
		buf_adds(b, "the end of the file");
		return;
	}
	p = c->s + off;
	for (n = 0; off + n < c->len && n < 20; n++) {
		char ch = p[n];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' ||
		    (n > 0 && (ch == '.' || ch == '-' || ch == '+'))))
			break;
	}
	if (n > max) {
		buf_add(b, p, max);
		buf_adds(b, "...");
		return;
	}
	if (n > 0) {
		buf_add(b, p, n);
		return;
	}
	cp = 0;
	n = text_decode(p, c->len - off, &cp);
	if (n > 0 && visible(cp))
		buf_add(b, p, n);
	else
		buf_addf(b, "U+%04X", (unsigned)cp);
}

/* Reports a syntax error "expected WHAT, got ..." at off, with hints for
 * comments, single quotes and capitalised literals. */
static void
unexpected(struct ctx *c, size_t off, const char *what)
{
	struct buf b = BUF_INIT;
	const char *p = c->s + off;
	size_t left = c->len - off;

	if (left >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*')) {
		syntax(c, off, "comments are not allowed (use a \"_comment\" "
		    "field instead)");
		return;
	}
	if (left >= 1 && p[0] == '\'') {
		syntax(c, off, "use double quotes \"...\" around text, not "
		    "single quotes");
		return;
	}
	/* whole words only for the hint; otherwise a few characters, as the
	 * file may be anything (a key, a password file) */
	add_found(&b, c, off, 5);
	if (strcmp(buf_str(&b), "True") == 0 ||
	    strcmp(buf_str(&b), "TRUE") == 0 ||
	    strcmp(buf_str(&b), "False") == 0 ||
	    strcmp(buf_str(&b), "FALSE") == 0 ||
	    strcmp(buf_str(&b), "Null") == 0 ||
	    strcmp(buf_str(&b), "NULL") == 0)
		syntax(c, off, "expected %s, got %s (write true, false and "
		    "null in small letters)", what, buf_str(&b));
	else {
		buf_truncate(&b, 0);
		add_found(&b, c, off, FOUND_MAX);
		syntax(c, off, "expected %s, got %s", what, buf_str(&b));
	}
	buf_free(&b);
}

/* Skips JSON white space (space, tab, line feed, carriage return). */
static void
skip_ws(const struct ctx *c, size_t *off)
{
	while (*off < c->len && (c->s[*off] == ' ' || c->s[*off] == '\t' ||
	    c->s[*off] == '\n' || c->s[*off] == '\r'))
		(*off)++;
}

/* Value of the 4 hex digits at p, or -1. */
static long
hex4(const char *p)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char ch = p[i];

		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			v |= ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			v |= ch - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Scans the string at *off (a '"'), noting the first \u0000 in *nul. */
static bool
scan_string(struct ctx *c, size_t *off, size_t *nul)
{
	size_t start = *off, o = *off + 1, esc;
	long v, lo;
	unsigned char ch;

	*nul = NOPOS;
	for (;;) {
		if (o >= c->len) {
			syntax(c, start, "this text has no closing \"");
			return false;
		}
		ch = (unsigned char)c->s[o];
		if (ch == '"')
			break;
		if (ch == '\n' || ch == '\r') {
			syntax(c, o, "the text has no closing \" on this line "
			    "(write \\n for a line break inside text)");
			return false;
		}
		if (ch == '\t') {
			syntax(c, o, "a tab inside text must be written as "
			    "\\t");
			return false;
		}
		if (ch < 0x20 || ch == 0x7F) {
			syntax(c, o, "control character U+%04X inside text "
			    "must be written as \\u%04X", ch, ch);
			return false;
		}
		if (ch != '\\') {
			o++;
			continue;
		}
		esc = o;
		if (o + 1 >= c->len) {
			syntax(c, start, "this text has no closing \"");
			return false;
		}
		ch = (unsigned char)c->s[o + 1];
		if (strchr("\"\\/bfnrt", ch) != NULL && ch != '\0') {
			o += 2;
			continue;
		}
		if (ch != 'u') {
			uint32_t cp = 0;
			size_t n = text_decode(c->s + o + 1,
			    c->len - o - 1, &cp);

			if (n > 0 && visible(cp))
				syntax(c, esc, "\\%.*s is not an escape JSON "
				    "knows (write \\\\ for a backslash)",
				    (int)n, c->s + o + 1);
			else
				syntax(c, esc, "\\ followed by U+%04X is not "
				    "an escape JSON knows (write \\\\ for a "
				    "backslash)", (unsigned)cp);
			return false;
		}
		v = o + 6 <= c->len ? hex4(c->s + o + 2) : -1;
		if (v < 0) {
			syntax(c, esc, "\\u must be followed by 4 hex digits "
			    "(0-9, A-F)");
			return false;
		}
		o += 6;
		if (v == 0 && *nul == NOPOS)
			*nul = esc;
		if (v >= 0xDC00 && v <= 0xDFFF) {
			syntax(c, esc, "\\u%04lX is half of a surrogate pair, "
			    "without its first half", v);
			return false;
		}
		if (v >= 0xD800 && v <= 0xDBFF) {
			lo = o + 6 <= c->len && c->s[o] == '\\' &&
			    c->s[o + 1] == 'u' ? hex4(c->s + o + 2) : -1;
			if (lo < 0xDC00 || lo > 0xDFFF) {
				syntax(c, esc, "\\u%04lX is half of a "
				    "surrogate pair, without its second half",
				    v);
				return false;
			}
			o += 6;
		}
	}
	*off = o + 1;
	return true;
}

/* True when s[0..n) is a number as JSON writes them. */
static bool
json_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else {
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

/* Adds an entry to ctx.pos; returns its index. */
static size_t
push_pos(struct ctx *c, size_t koff, size_t kend, size_t knul, size_t voff)
{
	struct jpos *jp;

	if (c->npos == c->cappos) {
		c->cappos = c->cappos ? c->cappos * 2 : 64;
		c->pos = xreallocarray(c->pos, c->cappos, sizeof(*c->pos));
	}
	jp = &c->pos[c->npos];
	jp->koff = koff;
	jp->kend = kend;
	jp->knul = knul;
	jp->voff = voff;
	jp->vend = voff;
	jp->nvals = 0;
	jp->nul = NOPOS;
	jp->skip = false;
	return c->npos++;
}

static bool scan_value(struct ctx *, size_t *, size_t, size_t, size_t,
    int);

/* Scans the object at *off (a '{'). */
static bool
scan_object(struct ctx *c, size_t *off, int depth)
{
	size_t open = *off, koff, kend, knul, comma = NOPOS;

	(*off)++;
	skip_ws(c, off);
	if (*off < c->len && c->s[*off] == '}') {
		(*off)++;
		return true;
	}
	for (;;) {
		skip_ws(c, off);
		if (*off >= c->len) {
			syntax(c, *off, "the file ends early; the { at line "
			    "%d has no matching }", line_of(c, open));
			return false;
		}
		if (c->s[*off] == '}' && comma != NOPOS) {
			syntax(c, comma, "remove the comma before }");
			return false;
		}
		if (c->s[*off] != '"') {
			struct buf b = BUF_INIT;
			char ch = c->s[*off];

			add_found(&b, c, *off, 20);
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
			    ch <= 'Z') || ch == '_')
				syntax(c, *off, "field names must be in double "
				    "quotes, like \"%s\"", buf_str(&b));
			else
				unexpected(c, *off, "a field name in double "
				    "quotes");
			buf_free(&b);
			return false;
		}
		koff = *off;
		if (!scan_string(c, off, &knul))
			return false;
		kend = *off;
		skip_ws(c, off);
		if (*off >= c->len) {
			syntax(c, *off, "the file ends early; the { at line "
			    "%d has no matching }", line_of(c, open));
			return false;
		}
		if (c->s[*off] != ':') {
			char *what = xasprintf(": after the field name %.*s",
			    clip(c->s + koff, kend - koff, 60), c->s + koff);

			unexpected(c, *off, what);
			free(what);
			return false;
		}
		(*off)++;
		skip_ws(c, off);
		if (!scan_value(c, off, koff, kend, knul, depth))
			return false;
		skip_ws(c, off);
		if (*off >= c->len) {
			syntax(c, *off, "the file ends early; the { at line "
			    "%d has no matching }", line_of(c, open));
			return false;
		}
		if (c->s[*off] == '}') {
			(*off)++;
			return true;
		}
		if (c->s[*off] != ',') {
			if (c->s[*off] == '"')
				syntax(c, *off, "a comma is missing before "
				    "this field");
			else
				unexpected(c, *off, ", or }");
			return false;
		}
		comma = (*off)++;
	}
}

/* Scans the array at *off (a '['). */
static bool
scan_array(struct ctx *c, size_t *off, int depth)
{
	size_t open = *off, comma = NOPOS;
	char ch;

	(*off)++;
	skip_ws(c, off);
	if (*off < c->len && c->s[*off] == ']') {
		(*off)++;
		return true;
	}
	for (;;) {
		skip_ws(c, off);
		if (*off < c->len && c->s[*off] == ']' && comma != NOPOS) {
			syntax(c, comma, "remove the comma before ]");
			return false;
		}
		if (*off >= c->len) {
			syntax(c, *off, "the file ends early; the [ at line "
			    "%d has no matching ]", line_of(c, open));
			return false;
		}
		if (!scan_value(c, off, NOPOS, NOPOS, NOPOS, depth))
			return false;
		skip_ws(c, off);
		if (*off >= c->len) {
			syntax(c, *off, "the file ends early; the [ at line "
			    "%d has no matching ]", line_of(c, open));
			return false;
		}
		ch = c->s[*off];
		if (ch == ']') {
			(*off)++;
			return true;
		}
		if (ch != ',') {
			if (ch == '"' || ch == '{' || ch == '[' || ch == '-' ||
			    (ch >= '0' && ch <= '9') || ch == 't' ||
			    ch == 'f' || ch == 'n')
				syntax(c, *off, "a comma is missing before "
				    "this value");
			else
				unexpected(c, *off, ", or ]");
			return false;
		}
		comma = (*off)++;
	}
}

/* Scans the value at *off, the value of key koff (NOPOS: none). */
static bool
scan_value(struct ctx *c, size_t *off, size_t koff, size_t kend, size_t knul,
    int depth)
{
	size_t i, n, nul;
	char ch;
	bool ok;

	if (*off >= c->len) {
		if (c->npos == 0)
			error_at(c, NOPOS, "file is empty; expected a JSON "
			    "object { ... }");
		else
			unexpected(c, *off, A_VALUE);
		return false;
	}
	i = push_pos(c, koff, kend, knul, *off);
	ch = c->s[*off];
	if (ch == '{' || ch == '[') {
		if (depth >= MAX_DEPTH) {
			syntax(c, *off, "values nested more than %d deep",
			    MAX_DEPTH);
			return false;
		}
		if (ch == '{')
			ok = scan_object(c, off, depth + 1);
		else
			ok = scan_array(c, off, depth + 1);
		if (!ok)
			return false;
	} else if (ch == '"') {
		if (!scan_string(c, off, &nul))
			return false;
		c->pos[i].nul = nul;
	} else if (ch == '-' || ch == '+' || ch == '.' ||
	    (ch >= '0' && ch <= '9')) {
		for (n = 0; *off + n < c->len &&
		    strchr("0123456789+-.eE", c->s[*off + n]) != NULL &&
		    c->s[*off + n] != '\0'; n++)
			;
		if (!json_number(c->s + *off, n)) {
			syntax(c, *off, "%.*s%s is not a number as JSON "
			    "writes them", (int)(n > FOUND_MAX ? FOUND_MAX :
			    n), c->s + *off, n > FOUND_MAX ? "..." : "");
			return false;
		}
		if (n > MAX_NUMBER) {
			syntax(c, *off, "a number may have at most %d "
			    "characters", MAX_NUMBER);
			return false;
		}
		*off += n;
	} else if (c->len - *off >= 4 && memcmp(c->s + *off, "true", 4) == 0)
		*off += 4;
	else if (c->len - *off >= 5 && memcmp(c->s + *off, "false", 5) == 0)
		*off += 5;
	else if (c->len - *off >= 4 && memcmp(c->s + *off, "null", 4) == 0)
		*off += 4;
	else {
		unexpected(c, *off, A_VALUE);
		return false;
	}
	if (ch != '{' && ch != '[' && *off < c->len) {
		char nx = c->s[*off];

		if (ch == '"' && strchr(" \t\r\n,:]}", nx) == NULL) {
			syntax(c, *off - 1, "a \" inside text must be written "
			    "as \\\"");
			return false;
		}
		if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') ||
		    (nx >= '0' && nx <= '9') || nx == '_') {
			unexpected(c, c->pos[i].voff, A_VALUE);
			return false;
		}
	}
	c->pos[i].vend = *off;
	c->pos[i].nvals = c->npos - i - 1;
	return true;
}

/* Scans the whole text. */
static bool
scan(struct ctx *c)
{
	size_t off = 0;

	skip_ws(c, &off);
	if (!scan_value(c, &off, NOPOS, NOPOS, NOPOS, 0))
		return false;
	skip_ws(c, &off);
	if (off < c->len) {
		if (c->s[c->pos[0].voff] == '{')
			syntax(c, off, "more text after the object's closing "
			    "}");
		else
			syntax(c, off, "more text after the value");
		return false;
	}
	return true;
}

/* Number of nodes in the tree of j. */
static size_t
count_nodes(const cJSON *j)
{
	size_t n = 1;

	for (j = j->child; j != NULL; j = j->next)
		n += count_nodes(j);
	return n;
}

/* A member of an object, for finding duplicate keys. */
struct member {
	const char *key;
	size_t k;	/* its place in the object */
};

/* Orders members by key, then by place. */
static int
cmp_members(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r != 0)
		return r;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Reports the members of object j (kids at idx, n of them) with a key that
 * has \u0000 or that an earlier member has; cJSON keeps the first. */
static void
check_keys(struct ctx *c, const cJSON *const *kids, const size_t *idx,
    size_t n, const struct buf *where)
{
	struct member *m = xreallocarray(NULL, n, sizeof(*m));
	struct jpos *jp;
	struct buf b = BUF_INIT;
	size_t k, nm = 0, first = 0;

	for (k = 0; k < n; k++) {
		jp = &c->pos[idx[k]];
		if (jp->knul == NOPOS) {
			m[nm].key = kids[k]->string;
			m[nm++].k = k;
			continue;
		}
		jp->skip = true;
		error_at(c, jp->knul, "field name %.*s%s%s may not contain "
		    "\\u0000",
		    clip(c->s + jp->koff, jp->kend - jp->koff, 60),
		    c->s + jp->koff, where->len ? " in " : "", buf_str(where));
	}
	qsort(m, nm, sizeof(*m), cmp_members);
	for (k = 1; k < nm; k++) {
		if (strcmp(m[k].key, m[k - 1].key) != 0) {
			first = k;
			continue;
		}
		jp = &c->pos[idx[m[k].k]];
		jp->skip = true;
		buf_truncate(&b, 0);
		add_quoted(&b, m[k].key);
		error_at(c, jp->koff, "duplicate field %s%s%s (first at line "
		    "%d)",
		    buf_str(&b), where->len ? " in " : "", buf_str(where),
		    line_of(c, c->pos[idx[m[first].k]].koff));
	}
	buf_free(&b);
	free(m);
}

/* Reports duplicate keys and \u0000 anywhere in the tree of j (index i),
 * marking what must be ignored. where is the path of j. */
static void
walk(struct ctx *c, const cJSON *j, size_t i, struct buf *where)
{
	const cJSON *ch;
	const cJSON **kids;
	size_t *idx, n = 0, k, ci, len;

	if (cJSON_IsString(j) && c->pos[i].nul != NOPOS)
		error_at(c, c->pos[i].nul, "%s: text may not contain \\u0000",
		    buf_str(where));
	if (j->child == NULL)
		return;
	for (ch = j->child; ch != NULL; ch = ch->next)
		n++;
	kids = xreallocarray(NULL, n, sizeof(*kids));
	idx = xreallocarray(NULL, n, sizeof(*idx));
	for (ch = j->child, ci = i + 1, k = 0; ch != NULL;
	    ch = ch->next, ci = next_index(c, ci), k++) {
		kids[k] = ch;
		idx[k] = ci;
	}
	if (cJSON_IsObject(j))
		check_keys(c, kids, idx, n, where);
	for (k = 0; k < n; k++) {
		if (c->pos[idx[k]].skip)
			continue;
		len = where->len;
		if (cJSON_IsObject(j)) {
			if (len > 0)
				buf_addc(where, '.');
			add_quoted(where, kids[k]->string);
		} else
			buf_addf(where, "[%zu]", k + 1);
		walk(c, kids[k], idx[k], where);
		buf_truncate(where, len);
	}
	free(kids);
	free(idx);
}

/* Distance between a and b: insertions, deletions, substitutions and
 * swaps of two neighbours (optimal string alignment), or 99 when long. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[33][33], v;

	if (la > 32 || lb > 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* The name in names closest to s (at most 2 edits, fewer than either's
 * length; a difference of case only always counts), or NULL. */
static const char *
suggest(const char *s, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = 3, d, k, ls = strlen(s), ln;

	for (k = 0; names[k] != NULL; k++) {
		if (strcasecmp(s, names[k]) == 0)
			return names[k];
		d = edit_distance(s, names[k]);
		ln = strlen(names[k]);
		if (d < bestd && d < ls && d < ln) {
			best = names[k];
			bestd = d;
		}
	}
	return best;
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

/* Sorts the members of object o (index oi) into slots by names, reporting
 * unknown ones. where is o's path ("" at the top). */
static void
collect(struct ctx *c, const cJSON *o, size_t oi, const char *const *names,
    const char *where, struct field *slots)
{
	const cJSON *ch;
	size_t i;
	int k;

	for (ch = o->child, i = oi + 1; ch != NULL;
	    ch = ch->next, i = next_index(c, i)) {
		if (c->pos[i].skip || private_key(ch->string))
			continue;
		k = lookup(ch->string, names);
		if (k < 0) {
			struct buf b = BUF_INIT;
			const char *s = suggest(ch->string, names);

			add_quoted(&b, ch->string);
			if (*where != '\0')
				buf_addf(&b, " in %s", where);
			if (s != NULL)
				buf_addf(&b, " (did you mean \"%s\"?)", s);
			error_at(c, c->pos[i].koff, "unknown field %s",
			    buf_str(&b));
			buf_free(&b);
			continue;
		}
		slots[k].v = ch;
		slots[k].i = i;
		slots[k].bad = c->pos[i].nul != NOPOS;
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
wrong(struct ctx *c, const struct field *f, const char *where,
    const char *expected)
{
	error_at(c, at(c, f->i), "%s: expected %s, got %s", where, expected,
	    got(c, f->i));
}

/* The text of f, or NULL after reporting that it is not text. */
static const char *
want_text(struct ctx *c, const struct field *f, const char *where,
    const char *expected)
{
	if (!cJSON_IsString(f->v)) {
		wrong(c, f, where, expected);
		return NULL;
	}
	return f->v->valuestring;
}

/* Reads f as a whole number in [lo, hi] into *out. */
static bool
want_int(struct ctx *c, const struct field *f, const char *where, int lo,
    int hi, const char *expected, int *out)
{
	double v;

	if (!cJSON_IsNumber(f->v)) {
		wrong(c, f, where, expected);
		return false;
	}
	v = f->v->valuedouble;
	if (!isfinite(v) || v != trunc(v) || v < lo || v > hi) {
		wrong(c, f, where, expected);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Reads f as true or false into *out. */
static void
want_bool(struct ctx *c, const struct field *f, const char *where,
    bool *out)
{
	if (!cJSON_IsBool(f->v)) {
		wrong(c, f, where, "true or false");
		return;
	}
	*out = cJSON_IsTrue(f->v);
}

/* Checks text s of f: one line (a title) or several; no other control
 * characters. */
static bool
check_text(struct ctx *c, const struct field *f, const char *where,
    const char *s, bool one_line)
{
	uint32_t cp;

	while (*s != '\0') {
		cp = u8_next(&s);
		if (one_line && (cp == '\n' || cp == '\r' || cp == 0x0B ||
		    cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029)) {
			error_at(c, at(c, f->i), "%s: expected one line of "
			    "text, got a line break", where);
			return false;
		}
		if (!one_line && (cp == '\n' || cp == '\t'))
			continue;
		if (cp == '\t') {
			error_at(c, at(c, f->i), "%s: expected text without "
			    "control characters, got a tab", where);
			return false;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			error_at(c, at(c, f->i), "%s: expected text without "
			    "control characters, got U+%04X", where,
			    (unsigned)cp);
			return false;
		}
	}
	return true;
}

/* Checks that s (of f) is an http(s) link with a host and no spaces. */
static bool
check_url(struct ctx *c, const struct field *f, const char *where,
    const char *s)
{
	const char *scheme, *auth, *end, *host, *p;

	if (strncasecmp(s, "https://", 8) == 0)
		scheme = "https://";
	else if (strncasecmp(s, "http://", 7) == 0)
		scheme = "http://";
	else {
		error_at(c, at(c, f->i), "%s: expected a link starting with "
		    "https:// or http://, got %s", where, got(c, f->i));
		return false;
	}
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7F) {
			error_at(c, at(c, f->i), "%s: expected a link without "
			    "spaces (write %%20 for a space), got %s", where,
			    got(c, f->i));
			return false;
		}
	auth = s + strlen(scheme);
	end = auth + strcspn(auth, "/?#");
	host = auth;
	for (p = auth; p < end; p++)
		if (*p == '@')
			host = p + 1;
	if (host == end || *host == ':') {
		error_at(c, at(c, f->i), "%s: expected a link with a host name "
		    "after %s, got %s", where, scheme, got(c, f->i));
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

/* True for a leap year (astronomical numbering, proleptic Gregorian). */
static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads "date" (f) and "era" (e) into the post. */
static void
get_date(struct ctx *c, const struct field *f, const struct field *e)
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
				error_at(c, at(c, e->i), "\"era\": expected "
				    "\"BC\", got %s (leave \"era\" out for "
				    "years of the common era)", got(c, e->i));
			else
				wrong(c, e, "\"era\"", "\"BC\"");
			era = NULL;
		} else if (era != NULL)
			bc = true;
	}
	if (f->v == NULL) {
		error_at(c, c->pos[0].voff, "missing required field \"date\" "
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
	if (full && m == 2 && d == 29 && !leap(y)) {
		snprintf(why, sizeof(why), " (%d%s is not a leap year)", given,
		    bc ? " BC" : "");
		goto bad;
	}
	if (bc && !full) {
		error_at(c, at(c, e->i), "\"era\": \"BC\" needs a date with a "
		    "year, but \"date\" is %s", got(c, f->i));
		return;
	}
	c->p->has_year = full;
	c->p->year = full ? y : 0;
	c->p->month = m;
	c->p->day = d;
	c->p->bc = bc;
	return;
bad:
	error_at(c, at(c, f->i), "\"date\": expected YYYY-MM-DD or --MM-DD, "
	    "got %s%s", got(c, f->i), why);
}

/* Reads "title" (f). */
static void
get_title(struct ctx *c, const struct field *f)
{
	const char *s;
	size_t n;

	if (f->v == NULL) {
		error_at(c, c->pos[0].voff, "missing required field \"title\"");
		return;
	}
	if (f->bad || (s = want_text(c, f, "\"title\"", "text")) == NULL)
		return;
	if (!check_text(c, f, "\"title\"", s, true))
		return;
	n = text_codepoints(s);
	if (n < 1 || n > POST_TITLE_MAX) {
		error_at(c, at(c, f->i), "\"title\": expected text of 1 to %d "
		    "characters, got %zu", POST_TITLE_MAX, n);
		return;
	}
	if (strspn(s, " ") == strlen(s)) {
		error_at(c, at(c, f->i), "\"title\": expected text of 1 to %d "
		    "characters, got only spaces", POST_TITLE_MAX);
		return;
	}
	c->p->title = xstrdup(s);
}

/* Reads an optional text f (several lines allowed) into *out. */
static void
get_text(struct ctx *c, const struct field *f, const char *where,
    char **out)
{
	const char *s;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, where, "text")) == NULL)
		return;
	if (check_text(c, f, where, s, false))
		*out = xstrdup(s);
}

/* Reads a link f into *out. */
static void
get_url(struct ctx *c, const struct field *f, const char *where, char **out)
{
	const char *s;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, where, "text like \"https://...\"")) == NULL)
		return;
	if (check_url(c, f, where, s))
		*out = xstrdup(s);
}

/* Reads an image object f into *out. */
static void
get_image(struct ctx *c, const struct field *f, const char *where,
    struct post_image *out)
{
	static const char *const names[] = { "url", "alt", NULL };
	struct field slots[2];
	char *w;

	if (f->v == NULL || f->bad)
		return;
	if (!cJSON_IsObject(f->v)) {
		wrong(c, f, where, "an object like { \"url\": \"https://...\", "
		    "\"alt\": \"...\" }");
		return;
	}
	memset(slots, 0, sizeof(slots));
	collect(c, f->v, f->i, names, where, slots);
	if (slots[0].v == NULL)
		error_at(c, c->pos[f->i].voff, "missing required field "
		    "\"url\" in %s", where);
	w = subpath(where, "url");
	get_url(c, &slots[0], w, &out->url);
	free(w);
	w = subpath(where, "alt");
	get_text(c, &slots[1], w, &out->alt);
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
	else if (visible(cp)) {
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
get_tags(struct ctx *c, const struct field *f)
{
	const cJSON *t;
	struct field e;
	size_t k, i;
	const char *s, *q;
	uint32_t cp = 0;
	bool letter;

	if (f->v == NULL || f->bad)
		return;
	if (!cJSON_IsArray(f->v)) {
		wrong(c, f, "\"tags\"", "an array of tags like [\"History\"]");
		return;
	}
	c->p->tags = xreallocarray(NULL, (size_t)cJSON_GetArraySize(f->v) + 1,
	    sizeof(*c->p->tags));
	for (t = f->v->child, i = f->i + 1, k = 1; t != NULL;
	    t = t->next, i = next_index(c, i), k++) {
		char where[32];

		snprintf(where, sizeof(where), "\"tags\"[%zu]", k);
		e.v = t;
		e.i = i;
		e.bad = false;
		if (c->pos[i].nul != NOPOS ||
		    (s = want_text(c, &e, where, "text")) == NULL)
			continue;
		if (s[0] == '#') {
			error_at(c, c->pos[i].voff, "%s: %s: write tags "
			    "without the leading #", where, got(c, i));
			continue;
		}
		if (s[0] == '\0') {
			error_at(c, c->pos[i].voff, "%s: expected a tag of "
			    "letters, digits and _ only, got \"\"", where);
			continue;
		}
		letter = false;
		for (q = s; *q != '\0';) {
			cp = u8_next(&q);
			if (cp != '_' && !is_word_cp(cp))
				break;
			if (is_letter_cp(cp) || cp == '_')
				letter = true;
		}
		if (*q != '\0' || (cp != '_' && !is_word_cp(cp))) {
			struct buf b = BUF_INIT;

			add_bad_char(&b, cp);
			error_at(c, c->pos[i].voff, "%s: expected a tag of "
			    "letters, digits and _ only, got %s (%s is not "
			    "allowed)",
			    where, got(c, i), buf_str(&b));
			buf_free(&b);
			continue;
		}
		if (!letter)
			warning_at(c, c->pos[i].voff, "%s: %s has no letter; "
			    "platforms do not link a tag of digits only",
			    where, got(c, i));
		c->p->tags[c->p->ntags++] = xstrdup(s);
	}
}

/* Reads "time" (f). */
static void
get_time(struct ctx *c, const struct field *f)
{
	const char *s;
	int h, m;

	if (f->v == NULL || f->bad ||
	    (s = want_text(c, f, "\"time\"", "text like \"10:30\"")) == NULL)
		return;
	if (!shape(s, "DD:DD") || (h = atoi(s)) > 23 ||
	    (m = atoi(s + 3)) > 59) {
		error_at(c, at(c, f->i), "\"time\": expected HH:MM from 00:00 "
		    "to 23:59, got %s", got(c, f->i));
		return;
	}
	c->p->time = h * 60 + m;
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
		cp = u8_next(&s);
		if (cp != '-' && cp != '_' && cp != '.' && !is_word_cp(cp))
			return false;
		n++;
	}
	return n >= 1 && n <= ID_MAX && !dot_id(id);
}

/* Reads "id" (f), or takes the file's base name without ".json". */
static void
get_id(struct ctx *c, const struct field *f)
{
	const char *s, *base;
	size_t n;

	if (f->v != NULL) {
		if (f->bad || (s = want_text(c, f, "\"id\"", "text")) == NULL)
			return;
		if (!valid_id(s)) {
			error_at(c, at(c, f->i), "\"id\": expected 1 to %d "
			    "letters, digits, -, _ or .%s, got %s", ID_MAX,
			    dot_id(s) ? ", not \".\" or \"..\" alone" : "",
			    got(c, f->i));
			return;
		}
		c->p->id = xstrdup(s);
		c->p->id_line = line_of(c, c->pos[f->i].koff);
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

		add_quoted(&b, c->p->id);
		if (dot_id(c->p->id))
			error_at(c, NOPOS, "the file name makes the id %s, but "
			    "an id may not be \".\" or \"..\"; rename the "
			    "file or add an \"id\" field", buf_str(&b));
		else
			error_at(c, NOPOS, "the file name makes the id %s, but "
			    "an id may have only 1 to %d letters, digits, -, _ "
			    "or .; rename the file or add an \"id\" field",
			    buf_str(&b), ID_MAX);
		buf_free(&b);
	}
}

/* Reads "years" (f); date is the "date" field. */
static void
get_years(struct ctx *c, const struct field *f, const struct field *date)
{
	static const char *const names[] = { "from", "until", "every", NULL };
	struct field sl[3];
	int from = 0, until = 0, every = 0;

	if (f->v == NULL || f->bad)
		return;
	if (!cJSON_IsObject(f->v)) {
		wrong(c, f, "\"years\"", "an object like { \"from\": 2025, "
		    "\"until\": 2030, \"every\": 5 }");
		return;
	}
	memset(sl, 0, sizeof(sl));
	collect(c, f->v, f->i, names, "\"years\"", sl);
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
		error_at(c, at(c, sl[2].i), "\"years\".\"every\": counting "
		    "anniversaries needs a date with a year, but \"date\" is "
		    "%s", got(c, date->i));
		every = 0;
	}
	c->p->years_from = from;
	c->p->years_until = until;
	c->p->years_every = every;
}

/* Reads one platform override (f, named name). */
static void
get_platform(struct ctx *c, const struct field *f, const char *name)
{
	static const char *const names[] = { "text", "skip", "image",
	    "board_id", NULL };
	struct field sl[4];
	struct post_platform *pp;
	char *where = subpath("\"platforms\"", name), *w;
	const char *s;

	if (!cJSON_IsObject(f->v)) {
		wrong(c, f, where, "an object like { \"skip\": true }");
		free(where);
		return;
	}
	c->p->platforms = xreallocarray(c->p->platforms, c->p->nplatforms + 1,
	    sizeof(*c->p->platforms));
	pp = &c->p->platforms[c->p->nplatforms++];
	memset(pp, 0, sizeof(*pp));
	pp->name = xstrdup(name);
	pp->line = line_of(c, c->pos[f->i].koff);
	memset(sl, 0, sizeof(sl));
	collect(c, f->v, f->i, names, where, sl);
	w = subpath(where, "text");
	if (sl[0].v != NULL && !sl[0].bad &&
	    (s = want_text(c, &sl[0], w, "text")) != NULL) {
		if (*s == '\0')
			error_at(c, at(c, sl[0].i), "%s: expected a template "
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
	w = subpath(where, "board_id");
	if (sl[3].v != NULL && strcmp(name, "pinterest") != 0)
		error_at(c, at(c, sl[3].i), "%s: only pinterest has a "
		    "board_id", w);
	else if (sl[3].v != NULL && !sl[3].bad) {
		s = cJSON_IsString(sl[3].v) ? sl[3].v->valuestring : NULL;
		if (s == NULL || *s == '\0' || strspn(s, "0123456789") !=
		    strlen(s))
			wrong(c, &sl[3], w, "the board's number in quotes, "
			    "like \"987654321\"");
		else
			pp->board_id = xstrdup(s);
	}
	free(w);
	free(where);
}

/* Reads "platforms" (f). */
static void
get_platforms(struct ctx *c, const struct field *f)
{
	const cJSON *ch;
	struct field e;
	size_t i;

	if (f->v == NULL || f->bad)
		return;
	if (!cJSON_IsObject(f->v)) {
		wrong(c, f, "\"platforms\"", "an object like { \"instagram\": "
		    "{ \"skip\": true } }");
		return;
	}
	for (ch = f->v->child, i = f->i + 1; ch != NULL;
	    ch = ch->next, i = next_index(c, i)) {
		if (c->pos[i].skip || private_key(ch->string))
			continue;
		if (lookup(ch->string, post_platform_names) < 0) {
			struct buf b = BUF_INIT;
			const char *s = suggest(ch->string,
			    post_platform_names);
			size_t k;

			add_quoted(&b, ch->string);
			buf_adds(&b, " in \"platforms\"");
			if (s != NULL)
				buf_addf(&b, " (did you mean \"%s\"?)", s);
			else {
				buf_adds(&b, " (known: ");
				for (k = 0; post_platform_names[k]; k++)
					buf_addf(&b, "%s%s", k ? ", " : "",
					    post_platform_names[k]);
				buf_addc(&b, ')');
			}
			error_at(c, c->pos[i].koff, "unknown platform %s",
			    buf_str(&b));
			buf_free(&b);
			continue;
		}
		e.v = ch;
		e.i = i;
		e.bad = false;
		get_platform(c, &e, ch->string);
	}
}

/* Fills the post from the top-level object. */
static void
read_fields(struct ctx *c, const cJSON *root)
{
	enum { F_DATE, F_ERA, F_PRIORITY, F_TITLE, F_SUMMARY, F_URL, F_IMAGE,
	    F_TAGS, F_TIME, F_ID, F_DRAFT, F_YEARS, F_PLATFORMS, F_N };
	static const char *const names[F_N + 1] = { "date", "era",
	    "priority", "title", "summary", "url", "image", "tags", "time",
	    "id", "draft", "years", "platforms", NULL };
	struct field sl[F_N];

	memset(sl, 0, sizeof(sl));
	collect(c, root, 0, names, "", sl);
	get_date(c, &sl[F_DATE], &sl[F_ERA]);
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
}

/* Orders diagnostics by line and column, keeping their order otherwise. */
static int
cmp_diags(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* Sorts c's diagnostics by position, by insertion: stable, and a file
 * has few. */
static void
sort_diags(struct ctx *c)
{
	struct diag *v = c->dg.v, tmp;
	size_t i, j;

	for (i = 1; i < c->dg.n; i++) {
		tmp = v[i];
		for (j = i; j > 0 && cmp_diags(&v[j - 1], &tmp) > 0; j--)
			v[j] = v[j - 1];
		v[j] = tmp;
	}
}

/* Runs every check on c's text; the post is filled when it passes. */
static void
parse(struct ctx *c)
{
	cJSON *root;
	const char *end = NULL;
	size_t off, n, i;
	uint32_t cp;

	/* A UTF-8 byte order mark is allowed and skipped: positions count
	 * from after it. */
	if (c->len >= 3 && memcmp(c->s, "\xEF\xBB\xBF", 3) == 0) {
		c->s += 3;
		c->len -= 3;
	}
	c->lines = xreallocarray(NULL, 1, sizeof(*c->lines));
	c->lines[c->nlines++] = 0;
	for (i = 0; i < c->len; i++)
		if (c->s[i] == '\n') {
			c->lines = xreallocarray(c->lines, c->nlines + 1,
			    sizeof(*c->lines));
			c->lines[c->nlines++] = i + 1;
		}
	for (off = 0; off < c->len; off += n) {
		n = text_decode(c->s + off, c->len - off,
		    &cp);
		if (n == 0) {
			error_at(c, off, "not valid UTF-8 (byte 0x%02X); save "
			    "the file as UTF-8", (unsigned char)c->s[off]);
			return;
		}
	}
	if (!scan(c))
		return;
	root = cJSON_ParseWithLengthOpts(c->s, c->len, &end, 0);
	if (root == NULL || count_nodes(root) != c->npos) {
		syntax(c, end != NULL && end >= c->s ? (size_t)(end - c->s) :
		    0, "cannot read the value here");
		cJSON_Delete(root);
		return;
	}
	if (!cJSON_IsObject(root)) {
		/* not a post file: a few characters of it only (true, false
		 * and null whole) */
		struct buf b = BUF_INIT;

		add_got(&b, c, 0, cJSON_IsBool(root) || cJSON_IsNull(root) ?
		    SNIPPET_MAX : c->s[c->pos[0].voff] == '"' ? FOUND_MAX + 1 :
		    FOUND_MAX);
		error_at(c, c->pos[0].voff, "expected a JSON object { ... } at "
		    "the top level, got %s", buf_str(&b));
		buf_free(&b);
	} else {
		struct buf where = BUF_INIT;

		walk(c, root, 0, &where);
		buf_free(&where);
		read_fields(c, root);
	}
	cJSON_Delete(root);
}

int
post_parse(const char *path, const char *buf, size_t len, struct post *out,
    struct diags *d)
{
	struct ctx c;
	int rc;

	memset(out, 0, sizeof(*out));
	out->file = xstrdup(path);
	out->time = -1;
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.s = buf;
	c.len = len;
	c.p = out;
	if (len > POST_MAX_BYTES)
		error_at(&c, NOPOS, "file is %zu bytes; a post file may be at "
		    "most %d bytes", len, POST_MAX_BYTES);
	else
		parse(&c);
	sort_diags(&c);
	rc = c.dg.nerrors > 0 ? -1 : 0;
	diags_move(d, &c.dg);
	free(c.lines);
	free(c.pos);
	free(c.scratch);
	if (rc != 0)
		post_free(out);
	return rc;
}

int
post_load(const char *path, struct post *out, struct diags *d)
{
	struct stat st;
	enum file_status fs;
	char *buf;
	size_t len;
	int err, rc;

	memset(out, 0, sizeof(*out));
	out->time = -1;
	fs = file_read_regular(path, POST_MAX_BYTES, &buf, &len, &st, &err);
	switch (fs) {
	case FILE_OK:
		break;
	case FILE_OPEN_FAILED:
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot open the file: %s",
		    file_strerror(fs, err));
		return -1;
	case FILE_READ_FAILED:
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read the file: %s",
		    file_strerror(fs, err));
		return -1;
	case FILE_NOT_REGULAR:
		diags_add(d, DIAG_ERROR, path, 0, 0, "%s",
		    file_strerror(fs, err));
		return -1;
	case FILE_TOO_BIG:
		/* (a file that grew past the limit while read is said as
		 * one byte over it) */
		diags_add(d, DIAG_ERROR, path, 0, 0, "file is %jd bytes; a "
		    "post file may be at most %d bytes",
		    st.st_size > POST_MAX_BYTES ? (intmax_t)st.st_size :
		    (intmax_t)POST_MAX_BYTES + 1, POST_MAX_BYTES);
		return -1;
	}
	rc = post_parse(path, buf, len, out, d);
	free(buf);
	return rc;
}

const struct post_platform *
post_platform(const struct post *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nplatforms; i++)
		if (strcmp(p->platforms[i].name, name) == 0)
			return &p->platforms[i];
	return NULL;
}

void
post_free(struct post *p)
{
	size_t i;

	free(p->file);
	free(p->id);
	free(p->title);
	free(p->summary);
	free(p->url);
	free(p->image.url);
	free(p->image.alt);
	for (i = 0; i < p->ntags; i++)
		free(p->tags[i]);
	free(p->tags);
	for (i = 0; i < p->nplatforms; i++) {
		free(p->platforms[i].name);
		free(p->platforms[i].text);
		free(p->platforms[i].image.url);
		free(p->platforms[i].image.alt);
		free(p->platforms[i].board_id);
	}
	free(p->platforms);
	memset(p, 0, sizeof(*p));
	p->time = -1;
}
