/* platforms/atproto.c: facets, TIDs and a JWT's end (see atproto.h). */
#include "platforms/atproto.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <utf8proc.h>

#include "text.h"
#include "xalloc.h"

static void
facet_add(struct atproto_facets *f, enum atproto_facet_kind kind,
    size_t start, size_t end, char *value)
{
	f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
	f->v[f->n].kind = kind;
	f->v[f->n].start = start;
	f->v[f->n].end = end;
	f->v[f->n].value = value;
	f->n++;
}

/* The code point at s + i (valid UTF-8), its length in *len. */
static uint32_t
cp_at(const char *s, size_t i, size_t *len)
{
	uint32_t cp = 0;

	*len = text_decode(s + i, strlen(s + i), &cp);
	if (*len == 0)
		*len = 1;
	return cp;
}

/* The code point that ends just before s + i (i > 0). */
static uint32_t
cp_before(const char *s, size_t i)
{
	size_t j = i, len;

	while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > 0)
		j--;
	return cp_at(s, j, &len);
}

/* White space as a JavaScript \s (what Bluesky's apps use). */
static bool
is_space(uint32_t c)
{
	utf8proc_category_t k;

	if ((c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 ||
	    c == 0xFEFF || c == 0x2028 || c == 0x2029)
		return true;
	k = utf8proc_category((utf8proc_int32_t)c);
	return k == UTF8PROC_CATEGORY_ZS;
}

/* The zero-width characters that end a tag. */
static bool
is_zero_width(uint32_t c)
{
	return c == 0x00AD || c == 0x2060 || (c >= 0x200A && c <= 0x200D) ||
	    c == 0x20E2;
}

static bool
is_punct(uint32_t c)
{
	utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);

	return k >= UTF8PROC_CATEGORY_PC && k <= UTF8PROC_CATEGORY_PO;
}

/* Without "http://" or "https://". */
static const char *
no_scheme(const char *u)
{
	if (strncmp(u, "https://", 8) == 0)
		return u + 8;
	if (strncmp(u, "http://", 7) == 0)
		return u + 7;
	return u;
}

/* The uri of the URL text[s, e). */
static char *
link_uri(const char *text, size_t s, size_t e, const char *link)
{
	char *shown = xstrndup(text + s, e - s), *uri;
	const char *d = no_scheme(shown);

	if (link != NULL && *d != '\0' && (strcmp(d, no_scheme(link)) == 0 ||
	    (strncmp(text + e, "\xE2\x80\xA6", 3) == 0 &&
	    strncmp(no_scheme(link), d, strlen(d)) == 0))) {
		free(shown);
		return xstrdup(link);
	}
	if (d != shown)
		return shown;
	uri = xasprintf("https://%s", shown);
	free(shown);
	return uri;
}

/* Whether [s, e) overlaps a link facet of f. */
static bool
in_link(const struct atproto_facets *f, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].kind == FACET_LINK && s < f->v[i].end &&
		    f->v[i].start < e)
			return true;
	return false;
}

/* The tag whose '#' is at text + i (len: the '#''s bytes): adds its
 * facet when it is one. Returns where scanning goes on. */
static size_t
tag_at(const char *text, size_t i, size_t hlen, struct atproto_facets *f)
{
	size_t j = i + hlen, end, len, k;
	bool word = false;
	uint32_t c;
	char *tag;

	/* the run up to white space or a zero-width character */
	while (text[j] != '\0') {
		c = cp_at(text, j, &len);
		if (is_space(c) || is_zero_width(c))
			break;
		j += len;
	}
	end = j;
	if (end > i + hlen && cp_at(text, i + hlen, &len) == 0xFE0F)
		return end;
	/* trailing punctuation is not part of it */
	while (end > i + hlen && is_punct(cp_before(text, end))) {
		end--;
		while (((unsigned char)text[end] & 0xC0) == 0x80)
			end--;
	}
	for (k = i + hlen; k < end; k += len) {
		c = cp_at(text, k, &len);
		if (!(c >= '0' && c <= '9') && !is_punct(c))
			word = true;
	}
	if (!word || end - (i + hlen) > ATPROTO_TAG_BYTES ||
	    in_link(f, i, end))
		return j;
	tag = xstrndup(text + i + hlen, end - (i + hlen));
	if (text_graphemes(tag) > ATPROTO_TAG_GRAPHEMES) {
		free(tag);
		return j;
	}
	facet_add(f, FACET_TAG, i, end, tag);
	return j;
}

static int
facet_cmp(const void *a, const void *b)
{
	const struct atproto_facet *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void
atproto_facets(const char *text, const char *link,
    struct atproto_facets *out)
{
	struct text_span *urls = NULL;
	size_t n, i, len;
	uint32_t c;

	out->v = NULL;
	out->n = 0;
	n = text_find_urls(text, &urls);
	for (i = 0; i < n; i++)
		facet_add(out, FACET_LINK, urls[i].start, urls[i].end,
		    link_uri(text, urls[i].start, urls[i].end, link));
	free(urls);
	for (i = 0; text[i] != '\0'; i += len) {
		c = cp_at(text, i, &len);
		if ((c == '#' || c == 0xFF03) &&
		    (i == 0 || is_space(cp_before(text, i))))
			len = tag_at(text, i, len, out) - i;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), facet_cmp);
}

void
atproto_facets_free(struct atproto_facets *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].value);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static const char b32s[] = "234567abcdefghijklmnopqrstuvwxyz";

void
atproto_tid(uint64_t micros, unsigned clock_id, char out[ATPROTO_TID_SIZE])
{
	uint64_t v = ((micros & ((1ULL << 53) - 1)) << 10) |
	    (clock_id & 0x3FFu);
	int i;

	for (i = 0; i < 13; i++)
		out[i] = b32s[(v >> (5 * (12 - i))) & 31];
	out[13] = '\0';
}

bool
atproto_tid_ok(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 13 || strchr("234567abcdefghij",
	    s[0]) == NULL || s[0] == '\0')
		return false;
	for (i = 1; i < 13; i++)
		if (strchr(b32s, s[i]) == NULL || s[i] == '\0')
			return false;
	return true;
}

unsigned
atproto_clock_id(const char *post_id, const char *platform)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;

	for (p = (const unsigned char *)post_id; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0) * 16777619u;
	for (p = (const unsigned char *)platform; *p; p++)
		h = (h ^ *p) * 16777619u;
	return (unsigned)(h ^ (h >> 10) ^ (h >> 20)) & 0x3FFu;
}

/* base64url (no padding) of s[0..n) into an allocated string; NULL when
 * it is not base64url. */
static char *
b64url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0, i;
	unsigned acc = 0;
	int bits = 0, v;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '-' || c == '+')
			v = 62;
		else if (c == '_' || c == '/')
			v = 63;
		else if (c == '=')
			break;
		else {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	out[o] = '\0';
	return out;
}

bool
atproto_jwt_exp(const char *jwt, long long *exp)
{
	const char *a, *b;
	char *payload;
	cJSON *j, *e;
	bool ok = false;

	if (jwt == NULL || (a = strchr(jwt, '.')) == NULL ||
	    (b = strchr(a + 1, '.')) == NULL || strchr(b + 1, '.') != NULL)
		return false;
	if ((payload = b64url_decode(a + 1, (size_t)(b - a - 1))) == NULL)
		return false;
	j = cJSON_Parse(payload);
	free(payload);
	e = cJSON_GetObjectItemCaseSensitive(j, "exp");
	if (cJSON_IsNumber(e) && e->valuedouble > 0 &&
	    e->valuedouble < 1e15 &&
	    e->valuedouble == (double)(long long)e->valuedouble) {
		*exp = (long long)e->valuedouble;
		ok = true;
	}
	cJSON_Delete(j);
	return ok;
}
