/* json: a strict JSON reader that keeps positions (see json.h). */
#include "json.h"

#include <math.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "json_msg.h"
#include "text.h"
#include "xalloc.h"

#define A_VALUE		"a value (text in double quotes, a number, true, " \
			"false, null, [ or {)"
#define BLOCK_MIN	8192	/* bytes of the first block past the inline ones */
#define SCRATCH_INLINE	32	/* values and members held without allocation
				   while their array or object is open */

/* One block of the document's memory. */
struct json_block {
	struct json_block *next;
	size_t used, cap;		/* bytes of data */
	max_align_t data[];
};

/* The reader's state while it reads one text. */
struct reader {
	const char *s;
	size_t len;
	struct json_doc *doc;
	struct json_error *err;
	bool started;		/* a value was begun */
	/* where the next position is counted from: the line that white
	 * space last entered, and a column cursor on it */
	int line;
	size_t line_start;
	size_t cur_off;
	int cur_col;
	/* finished values and members of the open arrays and objects, moved
	 * into the document when each closes */
	struct json_value *vals;
	size_t nvals, capvals;
	struct json_member *mems;
	size_t nmems, capmems;
	/* their first places, so that a post needs no allocation for them */
	struct json_value vals_in[SCRATCH_INLINE];
	struct json_member mems_in[SCRATCH_INLINE];
};

/* Memory ------------------------------------------------------------- */

/* size bytes from doc's blocks, aligned for any type. */
static void *
doc_alloc(struct json_doc *doc, size_t size)
{
	struct json_block *b = doc->blocks;
	size_t cap;
	void *p;

	size = (size + alignof(max_align_t) - 1) &
	    ~(alignof(max_align_t) - 1);
	if (b == NULL && sizeof(doc->first) - doc->used >= size) {
		p = (char *)doc->first + doc->used;
		doc->used += size;
		return p;
	}
	if (b == NULL || b->cap - b->used < size) {
		cap = b != NULL ? b->cap * 2 : BLOCK_MIN;
		if (cap < size)
			cap = size;
		b = xmalloc(sizeof(*b) + cap);
		b->next = doc->blocks;
		b->used = 0;
		b->cap = cap;
		doc->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

/* A copy in doc's blocks of the n items of size bytes at from (the
 * finished members or items of an object or array). */
static void *
take(struct reader *r, const void *from, size_t n, size_t size)
{
	void *p = doc_alloc(r->doc, n * size);

	if (n > 0)
		memcpy(p, from, n * size);
	return p;
}

void
json_doc_free(struct json_doc *doc)
{
	struct json_block *b, *next;

	if (doc == NULL)
		return;
	for (b = doc->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	doc->blocks = NULL;
	doc->used = 0;
	doc->root = NULL;
}

/* Positions ---------------------------------------------------------- */

/* The position of byte off, which lies on the line white space last
 * entered at or after the column cursor (true of every value and key as
 * the reader meets them, in order); else counted from the start. */
static struct json_pos
pos_at(struct reader *r, size_t off)
{
	struct json_pos p;

	if (off < r->line_start)
		return json_position(r->s, r->len, off);
	if (r->cur_off < r->line_start || off < r->cur_off) {
		r->cur_off = r->line_start;
		r->cur_col = 1;
	}
	for (; r->cur_off < off; r->cur_off++)
		if (((unsigned char)r->s[r->cur_off] & 0xC0) != 0x80)
			r->cur_col++;
	p.off = off;
	p.line = r->line;
	p.col = r->cur_col;
	return p;
}

/* Errors ------------------------------------------------------------ */

/* Records the error kind at byte off with the message fmt. */
static void __attribute__((format(printf, 4, 5)))
fail(struct reader *r, enum json_error_kind kind, size_t off,
    const char *fmt, ...)
{
	va_list ap;

	r->err->kind = kind;
	r->err->pos = json_position(r->s, r->len, off);
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
}

#define syntax(r, off, ...) fail(r, JSON_ERR_SYNTAX, off, __VA_ARGS__)

/* The syntax error "expected WHAT, got ..." (or a hint) at off. */
static void
unexpected(struct reader *r, size_t off, const char *what)
{
	struct buf b = BUF_INIT;

	json_msg_unexpected(&b, r->s, r->len, off, what);
	syntax(r, off, "%s", buf_str(&b));
	buf_free(&b);
}

/* The line of byte off. */
static int
line_of(const struct reader *r, size_t off)
{
	return json_position(r->s, r->len, off).line;
}

/* Scanning ----------------------------------------------------------- */

/* Skips JSON white space, counting lines. */
static void
skip_ws(struct reader *r, size_t *off)
{
	size_t o = *off;
	char ch;

	for (; o < r->len; o++) {
		ch = r->s[o];
		if (ch == '\n') {
			r->line++;
			r->line_start = o + 1;
		} else if (ch != ' ' && ch != '\t' && ch != '\r')
			break;
	}
	*off = o;
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

/* Checks the escape at o (a backslash, not the last byte), reporting a
 * bad one. Returns its length in the text, or 0. *nul is set to o when it
 * is \u0000 and *nul was JSON_NOPOS. */
static size_t
check_escape(struct reader *r, size_t o, size_t *nul)
{
	unsigned char ch = (unsigned char)r->s[o + 1];
	long v, lo;

	if (ch != '\0' && strchr("\"\\/bfnrt", ch) != NULL)
		return 2;
	if (ch != 'u') {
		uint32_t cp = 0;
		size_t n = text_decode(r->s + o + 1, r->len - o - 1, &cp);

		if (n > 0 && json_visible(cp))
			syntax(r, o, "\\%.*s is not an escape JSON knows "
			    "(write \\\\ for a backslash)", (int)n,
			    r->s + o + 1);
		else
			syntax(r, o, "\\ followed by U+%04X is not an escape "
			    "JSON knows (write \\\\ for a backslash)",
			    (unsigned)cp);
		return 0;
	}
	v = o + 6 <= r->len ? hex4(r->s + o + 2) : -1;
	if (v < 0) {
		syntax(r, o, "\\u must be followed by 4 hex digits (0-9, "
		    "A-F)");
		return 0;
	}
	if (v == 0 && *nul == JSON_NOPOS)
		*nul = o;
	if (v >= 0xDC00 && v <= 0xDFFF) {
		syntax(r, o, "\\u%04lX is half of a surrogate pair, without "
		    "its first half", v);
		return 0;
	}
	if (v >= 0xD800 && v <= 0xDBFF) {
		lo = o + 12 <= r->len && r->s[o + 6] == '\\' &&
		    r->s[o + 7] == 'u' ? hex4(r->s + o + 8) : -1;
		if (lo < 0xDC00 || lo > 0xDFFF) {
			syntax(r, o, "\\u%04lX is half of a surrogate pair, "
			    "without its second half", v);
			return 0;
		}
		return 12;
	}
	return 6;
}

/* Finds the end of the string at *off (a '"'), checking it: sets *end
 * just past the closing quote, *nul to its first \u0000 escape (or
 * JSON_NOPOS) and *plain when it has no escape. */
static bool
check_string(struct reader *r, size_t off, size_t *end, size_t *nul,
    bool *plain)
{
	const unsigned char *s = (const unsigned char *)r->s;
	size_t o = off + 1, n;
	unsigned char ch;

	*nul = JSON_NOPOS;
	*plain = true;
	for (;;) {
		while (o < r->len && s[o] >= 0x20 && s[o] != '"' &&
		    s[o] != '\\' && s[o] != 0x7F)
			o++;
		if (o >= r->len) {
			syntax(r, off, "this text has no closing \"");
			return false;
		}
		ch = s[o];
		if (ch == '"')
			break;
		if (ch == '\n' || ch == '\r') {
			syntax(r, o, "the text has no closing \" on this line "
			    "(write \\n for a line break inside text)");
			return false;
		}
		if (ch == '\t') {
			syntax(r, o, "a tab inside text must be written as "
			    "\\t");
			return false;
		}
		if (ch != '\\') {
			syntax(r, o, "control character U+%04X inside text "
			    "must be written as \\u%04X", ch, ch);
			return false;
		}
		if (o + 1 >= r->len) {
			syntax(r, off, "this text has no closing \"");
			return false;
		}
		if ((n = check_escape(r, o, nul)) == 0)
			return false;
		*plain = false;
		o += n;
	}
	*end = o + 1;
	return true;
}

/* Writes code point cp as UTF-8 at d; returns the bytes written. */
static size_t
put_utf8(char *d, uint32_t cp)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
	    (utf8proc_uint8_t *)d);
}

/* Decodes the checked text between the quotes at s[0..n) into d (room
 * for n bytes and a NUL); returns the bytes written. */
static size_t
decode_string(char *d, const char *s, size_t n)
{
	size_t i = 0, o = 0;
	uint32_t v, lo;

	while (i < n) {
		if (s[i] != '\\') {
			d[o++] = s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b': d[o++] = '\b'; break;
		case 'f': d[o++] = '\f'; break;
		case 'n': d[o++] = '\n'; break;
		case 'r': d[o++] = '\r'; break;
		case 't': d[o++] = '\t'; break;
		case 'u':
			v = (uint32_t)hex4(s + i + 2);
			if (v >= 0xD800 && v <= 0xDBFF) {
				lo = (uint32_t)hex4(s + i + 8);
				v = 0x10000 + ((v - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 6;
			}
			o += put_utf8(d + o, v);
			i += 4;
			break;
		default:	/* " \ / */
			d[o++] = s[i + 1];
			break;
		}
		i += 2;
	}
	d[o] = '\0';
	return o;
}

/* Reads the string at *off (a '"') into *out, *len and *nul; *off moves
 * past it. */
static bool
read_string(struct reader *r, size_t *off, const char **out, size_t *len,
    struct json_pos *nulpos)
{
	size_t end, nul, n;
	bool plain;
	char *d;

	if (!check_string(r, *off, &end, &nul, &plain))
		return false;
	n = end - *off - 2;
	d = doc_alloc(r->doc, n + 1);
	if (plain) {
		memcpy(d, r->s + *off + 1, n);
		d[n] = '\0';
		*len = n;
	} else
		*len = decode_string(d, r->s + *off + 1, n);
	*out = d;
	if (nul != JSON_NOPOS)
		*nulpos = pos_at(r, nul);
	else {
		nulpos->off = JSON_NOPOS;
		nulpos->line = nulpos->col = 0;
	}
	*off = end;
	return true;
}

/* True for a character of a number's literal as the reader takes it in
 * (checked afterwards by number_ok). */
static bool
number_char(char ch)
{
	return (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
	    ch == '.' || ch == 'e' || ch == 'E';
}

/* True when s[0..n) is a number as JSON writes them. */
static bool
number_ok(const char *s, size_t n)
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

/* Fills v's number from its literal text[0..n) (valid JSON): exact when
 * written as digits only and within int64, else through strtod. */
static void
number_value(struct json_number *v, const char *text, size_t n)
{
	bool neg = text[0] == '-', whole = true;
	size_t i;
	uint64_t u = 0, d;

	for (i = neg; i < n && whole; i++) {
		if (text[i] < '0' || text[i] > '9')
			whole = false;
		else {
			d = (uint64_t)(text[i] - '0');
			if (u > (UINT64_MAX - d) / 10)
				break;
			u = u * 10 + d;
		}
	}
	if (whole && i == n && u <= (uint64_t)INT64_MAX + neg) {
		v->is_int = true;
		v->i = neg ? (int64_t)(0 - u) : (int64_t)u;
		v->d = (double)v->i;
		if (neg && u == 0)
			v->d = -0.0;
		return;
	}
	v->d = strtod(text, NULL);
	v->is_int = !whole && isfinite(v->d) && v->d == trunc(v->d) &&
	    v->d >= -9223372036854775808.0 && v->d < 9223372036854775808.0;
	v->i = v->is_int ? (int64_t)v->d : 0;
}

/* Containers --------------------------------------------------------- */

/* The scratch array v (of *cap items of size bytes, inline at first)
 * with room for twice as many. */
static void *
grow(void *v, const void *inline_v, size_t *cap, size_t size)
{
	void *p;

	if (v != inline_v)
		p = xreallocarray(v, *cap * 2, size);
	else {
		p = xreallocarray(NULL, *cap * 2, size);
		memcpy(p, v, *cap * size);
	}
	*cap *= 2;
	return p;
}

/* Orders the members of an object by key, then by place, through an
 * array of pointers to them. */
static int
cmp_members(const void *a, const void *b)
{
	const struct json_member *x = *(const struct json_member *const *)a;
	const struct json_member *y = *(const struct json_member *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return c;
	if (x->key_len != y->key_len)
		return x->key_len < y->key_len ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* True when members a and b have the same key. */
static bool
same_key(const struct json_member *a, const struct json_member *b)
{
	return a->key_len == b->key_len &&
	    memcmp(a->key, b->key, a->key_len) == 0;
}

/* Sets .dup of the n members at m. */
static void
mark_duplicates(struct json_member *m, size_t n)
{
	struct json_member **v;
	size_t k, j, first;

	if (n <= 16) {
		for (k = 1; k < n; k++)
			for (j = 0; j < k; j++)
				if (same_key(&m[j], &m[k])) {
					m[k].dup = &m[j];
					break;
				}
		return;
	}
	v = xreallocarray(NULL, n, sizeof(*v));
	for (k = 0; k < n; k++)
		v[k] = &m[k];
	qsort(v, n, sizeof(*v), cmp_members);
	for (k = 1, first = 0; k < n; k++) {
		if (!same_key(v[k], v[first]))
			first = k;
		else
			v[k]->dup = v[first];
	}
	free(v);
}

static bool read_value(struct reader *, size_t *, int, struct json_value *);

/* The file ends inside the container opened at open ("{" or "["). */
static void
ends_early(struct reader *r, size_t off, size_t open)
{
	syntax(r, off, "the file ends early; the %c at line %d has no "
	    "matching %c", r->s[open], line_of(r, open),
	    r->s[open] == '{' ? '}' : ']');
}

/* Reads the members of the object at *off (a '{') into v. */
static bool
read_object(struct reader *r, size_t *off, int depth, struct json_value *v)
{
	size_t open = *off, comma = JSON_NOPOS, base = r->nmems, key, n;
	struct json_member m;

	(*off)++;
	skip_ws(r, off);
	if (*off < r->len && r->s[*off] == '}') {
		(*off)++;
		return true;
	}
	for (;;) {
		skip_ws(r, off);
		if (*off >= r->len) {
			ends_early(r, *off, open);
			return false;
		}
		if (r->s[*off] == '}' && comma != JSON_NOPOS) {
			syntax(r, comma, "remove the comma before }");
			return false;
		}
		if (r->s[*off] != '"') {
			struct buf b = BUF_INIT;
			char ch = r->s[*off];

			json_msg_found(&b, r->s, r->len, *off, 20);
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
			    ch <= 'Z') || ch == '_')
				syntax(r, *off, "field names must be in double "
				    "quotes, like \"%s\"", buf_str(&b));
			else
				unexpected(r, *off, "a field name in double "
				    "quotes");
			buf_free(&b);
			return false;
		}
		memset(&m, 0, sizeof(m));
		key = *off;
		m.key_pos = pos_at(r, key);
		if (!read_string(r, off, &m.key, &m.key_len, &m.key_nul))
			return false;
		m.key_end = *off;
		skip_ws(r, off);
		if (*off >= r->len) {
			ends_early(r, *off, open);
			return false;
		}
		if (r->s[*off] != ':') {
			char *what = xasprintf(": after the field name %.*s",
			    json_clip(r->s + key, m.key_end - key, 60), r->s + key);

			unexpected(r, *off, what);
			free(what);
			return false;
		}
		(*off)++;
		skip_ws(r, off);
		if (!read_value(r, off, depth, &m.value))
			return false;
		if (r->nmems == r->capmems)
			r->mems = grow(r->mems, r->mems_in, &r->capmems,
			    sizeof(*r->mems));
		r->mems[r->nmems++] = m;
		skip_ws(r, off);
		if (*off >= r->len) {
			ends_early(r, *off, open);
			return false;
		}
		if (r->s[*off] == '}')
			break;
		if (r->s[*off] != ',') {
			if (r->s[*off] == '"')
				syntax(r, *off, "a comma is missing before "
				    "this field");
			else
				unexpected(r, *off, ", or }");
			return false;
		}
		comma = (*off)++;
	}
	(*off)++;
	n = r->nmems - base;
	v->u.obj.n = n;
	v->u.obj.members = take(r, r->mems + base, n, sizeof(*r->mems));
	r->nmems = base;
	mark_duplicates(v->u.obj.members, n);
	return true;
}

/* True for a character that begins a value. */
static bool
value_start(char ch)
{
	return ch == '"' || ch == '{' || ch == '[' || ch == '-' ||
	    (ch >= '0' && ch <= '9') || ch == 't' || ch == 'f' || ch == 'n';
}

/* Reads the items of the array at *off (a '[') into v. */
static bool
read_array(struct reader *r, size_t *off, int depth, struct json_value *v)
{
	size_t open = *off, comma = JSON_NOPOS, base = r->nvals, n;
	struct json_value item;
	char ch;

	(*off)++;
	skip_ws(r, off);
	if (*off < r->len && r->s[*off] == ']') {
		(*off)++;
		return true;
	}
	for (;;) {
		skip_ws(r, off);
		if (*off < r->len && r->s[*off] == ']' && comma != JSON_NOPOS) {
			syntax(r, comma, "remove the comma before ]");
			return false;
		}
		if (*off >= r->len) {
			ends_early(r, *off, open);
			return false;
		}
		if (!read_value(r, off, depth, &item))
			return false;
		if (r->nvals == r->capvals)
			r->vals = grow(r->vals, r->vals_in, &r->capvals,
			    sizeof(*r->vals));
		r->vals[r->nvals++] = item;
		skip_ws(r, off);
		if (*off >= r->len) {
			ends_early(r, *off, open);
			return false;
		}
		ch = r->s[*off];
		if (ch == ']')
			break;
		if (ch != ',') {
			if (value_start(ch))
				syntax(r, *off, "a comma is missing before "
				    "this value");
			else
				unexpected(r, *off, ", or ]");
			return false;
		}
		comma = (*off)++;
	}
	(*off)++;
	n = r->nvals - base;
	v->u.arr.n = n;
	v->u.arr.items = take(r, r->vals + base, n, sizeof(*r->vals));
	r->nvals = base;
	return true;
}

/* True when literal word (of n bytes) is at off. */
static bool
word_at(const struct reader *r, size_t off, const char *word, size_t n)
{
	return r->len - off >= n && memcmp(r->s + off, word, n) == 0;
}

/* Reads the value at *off into *v; *off moves past it. */
static bool
read_value(struct reader *r, size_t *off, int depth, struct json_value *v)
{
	size_t n, start = *off;
	char ch, nx, *lit;
	bool ok;

	if (*off >= r->len) {
		if (!r->started)
			fail(r, JSON_ERR_EMPTY, *off, "no value");
		else
			unexpected(r, *off, A_VALUE);
		return false;
	}
	r->started = true;
	memset(v, 0, sizeof(*v));
	v->pos = pos_at(r, start);
	ch = r->s[start];
	if (ch == '{' || ch == '[') {
		if (depth >= JSON_MAX_DEPTH) {
			syntax(r, start, "values nested more than %d deep",
			    JSON_MAX_DEPTH);
			return false;
		}
		if (ch == '{') {
			v->type = JSON_OBJECT;
			ok = read_object(r, off, depth + 1, v);
		} else {
			v->type = JSON_ARRAY;
			ok = read_array(r, off, depth + 1, v);
		}
		if (!ok)
			return false;
		v->end = *off;
		return true;
	}
	if (ch == '"') {
		v->type = JSON_STRING;
		if (!read_string(r, off, &v->u.str.s, &v->u.str.len,
		    &v->u.str.nul))
			return false;
	} else if (ch == '-' || ch == '+' || ch == '.' ||
	    (ch >= '0' && ch <= '9')) {
		for (n = 0; start + n < r->len && number_char(r->s[start + n]);
		    n++)
			;
		if (!number_ok(r->s + start, n)) {
			syntax(r, start, "%.*s%s is not a number as JSON "
			    "writes them", (int)(n > JSON_FOUND_MAX ?
			    JSON_FOUND_MAX : n), r->s + start,
			    n > JSON_FOUND_MAX ? "..." : "");
			return false;
		}
		if (n > JSON_MAX_NUMBER) {
			syntax(r, start, "a number may have at most %d "
			    "characters", JSON_MAX_NUMBER);
			return false;
		}
		v->type = JSON_NUMBER;
		lit = doc_alloc(r->doc, n + 1);
		memcpy(lit, r->s + start, n);
		lit[n] = '\0';
		v->u.num.text = lit;
		number_value(&v->u.num, lit, n);
		*off += n;
	} else if (word_at(r, start, "true", 4)) {
		v->type = JSON_TRUE;
		*off += 4;
	} else if (word_at(r, start, "false", 5)) {
		v->type = JSON_FALSE;
		*off += 5;
	} else if (word_at(r, start, "null", 4)) {
		v->type = JSON_NULL;
		*off += 4;
	} else {
		unexpected(r, start, A_VALUE);
		return false;
	}
	if (*off < r->len) {
		nx = r->s[*off];
		/* (a NUL byte after text is left to what follows) */
		if (ch == '"' && nx != '\0' &&
		    strchr(" \t\r\n,:]}", nx) == NULL) {
			syntax(r, *off - 1, "a \" inside text must be written "
			    "as \\\"");
			return false;
		}
		if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') ||
		    (nx >= '0' && nx <= '9') || nx == '_') {
			unexpected(r, start, A_VALUE);
			return false;
		}
	}
	v->end = *off;
	return true;
}

/* Checks that the whole text is UTF-8. */
static bool
check_utf8(struct reader *r)
{
	const unsigned char *s = (const unsigned char *)r->s;
	size_t off = 0, n;
	uint32_t cp;

	while (off < r->len) {
		if (s[off] < 0x80) {
			off++;
			continue;
		}
		n = text_decode(r->s + off, r->len - off, &cp);
		if (n == 0) {
			fail(r, JSON_ERR_UTF8, off, "not valid UTF-8 (byte "
			    "0x%02X)", s[off]);
			return false;
		}
		off += n;
	}
	return true;
}

int
json_parse(const char *text, size_t len, struct json_doc *doc,
    struct json_error *err)
{
	struct reader r;
	struct json_value root;
	size_t off = 0;
	bool ok;

	doc->root = NULL;
	doc->used = 0;
	doc->blocks = NULL;
	err->kind = JSON_ERR_NONE;
	err->pos = json_position(text, 0, 0);
	err->msg[0] = '\0';
	r.s = text;
	r.len = len;
	r.doc = doc;
	r.err = err;
	r.started = false;
	r.line = 1;
	r.line_start = r.cur_off = 0;
	r.cur_col = 1;
	r.vals = r.vals_in;
	r.mems = r.mems_in;
	r.nvals = r.nmems = 0;
	r.capvals = r.capmems = SCRATCH_INLINE;
	ok = check_utf8(&r);
	if (ok) {
		skip_ws(&r, &off);
		ok = read_value(&r, &off, 0, &root);
	}
	if (ok) {
		skip_ws(&r, &off);
		if (off < len) {
			syntax(&r, off, root.type == JSON_OBJECT ?
			    "more text after the object's closing }" :
			    "more text after the value");
			ok = false;
		}
	}
	if (r.vals != r.vals_in)
		free(r.vals);
	if (r.mems != r.mems_in)
		free(r.mems);
	if (!ok) {
		json_doc_free(doc);
		return -1;
	}
	doc->root = doc_alloc(doc, sizeof(*doc->root));
	*doc->root = root;
	return 0;
}
