/* text: UTF-8, NFC, platform counting, cutting, escaping (text.h); the
 * URLs are found by twitter_urls.c. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "text_impl.h"
#include "twitter_urls.h"
#include "xalloc.h"

#define TWITTER_MAX	280	/* twitter maxWeightedTweetLength */

/* Texts shorter than this many bytes are decoded into arrays on the
 * stack. */


/* Length of the well-formed UTF-8 sequence at s (n bytes left), or 0. */
size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	uint32_t v;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* text_decode with the signed code points this file works in. */
static size_t
u8seq(const unsigned char *s, size_t n, int32_t *cp)
{
	uint32_t v;
	size_t len = text_decode((const char *)s, n, &v);

	if (len > 0)
		*cp = (int32_t)v;
	return len;
}

/* Decodes one code point at s; a bad byte decodes as U+FFFD, alone. */
static size_t
u8dec(const char *s, size_t n, int32_t *cp)
{
	size_t len;

	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	len = u8seq((const unsigned char *)s, n, cp);

	if (len == 0) {
		*cp = 0xfffd;
		len = 1;
	}
	return len;
}

/* Bytes of c in UTF-8. */
static size_t
u8len(int32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* How many bytes from s[i] on, before len, are ASCII: at least those of
 * whole 8-byte words, perhaps fewer than all. */
static size_t
ascii_run(const char *s, size_t i, size_t len)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	uint64_t w;
	size_t j = i;

	while (j + 8 <= len) {
		memcpy(&w, s + j, 8);
		if ((w & high) != 0)
			break;
		j += 8;
	}
	return j - i;
}

/* Strict UTF-8 check of s[0..len); *bad is the first bad offset. */
bool
text_valid_utf8(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, l;
	int32_t cp;

	while (i < len) {
		i += ascii_run(s, i, len);
		if (i == len)
			break;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((l = u8seq((const unsigned char *)s + i, len - i,
		    &cp)) == 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += l;
	}
	return true;
}

/*
 * True when NFC leaves c alone and c changes nothing around it: it does
 * not decompose, it is a starter (combining class 0) and composes with
 * nothing before it. The characters that compose with what precedes them
 * are marks (Mn, Mc) and Hangul jamo; of the marks, the variation
 * selectors compose with nothing.
 */
static bool
nfc_inert(int32_t c)
{
	const utf8proc_property_t *p;

	if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0xac00 && c <= 0xd7a3))
		return false;		/* Hangul jamo and syllables */
	p = utf8proc_get_property(c);
	if (p->combining_class != 0 ||
	    (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0))
		return false;
	if (p->category == UTF8PROC_CATEGORY_MN ||
	    p->category == UTF8PROC_CATEGORY_MC ||
	    p->category == UTF8PROC_CATEGORY_ME)
		return (c >= 0xfe00 && c <= 0xfe0f) ||
		    (c >= 0xe0100 && c <= 0xe01ef);
	return true;
}

/* True when NFC keeps c as it is whatever surrounds it (text_nfc). */
static bool
nfc_stable(int32_t c)
{
	return c < 0x300 || nfc_inert(c);
}

/* Appends the NFC of the valid UTF-8 s[0..len) to b, via utf8proc; false
 * when utf8proc fails. */
static bool
nfc_span(struct buf *b, const char *s, size_t len)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_int32_t small[64], *buf = small;
	utf8proc_ssize_t n;

	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, NULL, 0, opt);
	if (n < 0)
		return false;
	/* utf8proc_reencode writes the UTF-8 over the same buffer, and a
	 * NUL after it */
	if ((size_t)n >= sizeof(small) / sizeof(*small))
		buf = xmalloc((size_t)n * sizeof(*buf) + 1);
	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, buf, n, opt);
	if (n >= 0)
		n = utf8proc_reencode(buf, n, opt);
	if (n >= 0)
		buf_add(b, (const char *)buf, (size_t)n);
	if (buf != small)
		free(buf);
	return n >= 0;
}

/*
 * NFC copy of s, NULL when s is not valid UTF-8.
 *
 * A character below U+0300 or inert (nfc_inert) is stable: NFC keeps it,
 * nothing before it composes with it and nothing moves across it, so the
 * NFC of a text is the NFC of its pieces cut before stable characters.
 * Text of stable characters only is NFC already (most posts are); in other
 * text, utf8proc normalises each run of characters that are not stable
 * with the stable one before it (which they may compose with).
 */
char *
text_nfc(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), i = 0, l, j, first = NONE, safe = 0,
	    at = 0, copied = 0;
	int32_t c;

	/* validate; first is where the first character not stable is,
	   at where the stable one before it starts */
	while (i < len) {
		if ((l = ascii_run(s, i, len)) > 0) {
			i += l;
			at = i - 1;
			if (i == len)
				break;
		}
		if ((unsigned char)s[i] < 0x80) {
			at = i++;
			continue;
		}
		if ((l = u8seq((const unsigned char *)s + i, len - i,
		    &c)) == 0)
			return NULL;
		if (first == NONE) {
			if (nfc_stable(c))
				at = i;
			else {
				first = i;
				safe = at;
			}
		}
		i += l;
	}
	if (first == NONE)
		return xstrndup(s, len);
	for (i = first; i < len;) {
		l = u8dec(s + i, len - i, &c);
		if (nfc_stable(c)) {
			safe = i;
			i += l;
			continue;
		}
		/* the run that is not stable, from the stable character
		   before it */
		for (j = i + l; j < len; j += l) {
			l = u8dec(s + j, len - j, &c);
			if (nfc_stable(c))
				break;
		}
		buf_add(&b, s + copied, safe - copied);
		if (!nfc_span(&b, s + safe, j - safe)) {
			buf_free(&b);
			return NULL;
		}
		copied = safe = i = j;
	}
	buf_add(&b, s + copied, len - copied);
	return buf_detach(&b);
}

/* Code points of s: the bytes that are not continuation bytes. */
size_t
text_codepoints(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Loads the code points of s[0..len), and their offsets when offsets. */
void
cps_load(struct cps *v, const char *s, size_t len, bool offsets)
{
	size_t i = 0, l;

	if (len < CPS_INLINE) {
		v->cp = v->cp_in;
		v->off = offsets ? v->off_in : NULL;
	} else {
		v->cp = xreallocarray(NULL, len + 1, sizeof(*v->cp));
		v->off = offsets ? xreallocarray(NULL, len + 1,
		    sizeof(*v->off)) : NULL;
	}
	v->n = 0;
	while (i < len) {
		/* ASCII, a run at a time */
		for (l = ascii_run(s, i, len); l > 0; l--, i++) {
			v->cp[v->n] = (unsigned char)s[i];
			if (v->off != NULL)
				v->off[v->n] = i;
			v->n++;
		}
		if (i == len)
			break;
		l = u8dec(s + i, len - i, &v->cp[v->n]);
		if (v->off != NULL)
			v->off[v->n] = i;
		v->n++;
		i += l;
	}
	if (v->off != NULL)
		v->off[v->n] = len;
}

/* Releases what cps_load allocated. */
void
cps_free(struct cps *v)
{
	if (v->cp != v->cp_in)
		free(v->cp);
	if (v->off != v->off_in)
		free(v->off);
}

/* Code points of s[0..len), a bad byte counting as one (as cps_load). */
static size_t
cps_count(const char *s, size_t len)
{
	size_t i = 0, n = 0, a;
	int32_t c;

	while (i < len) {
		a = ascii_run(s, i, len);
		n += a;
		i += a;
		if (i == len)
			break;
		i += u8dec(s + i, len - i, &c);
		n++;
	}
	return n;
}

/* End of the grapheme cluster that starts at cp[k], no further than lim. */
size_t
cluster_end(const int32_t *cp, size_t k, size_t lim)
{
	utf8proc_int32_t state = 0;
	size_t e = k + 1;

	/* between two ASCII characters there is a break but in CR LF */
	while (e < lim && !(cp[e - 1] < 0x80 && cp[e] < 0x80 &&
	    cp[e - 1] != '\r') && !utf8proc_grapheme_break_stateful(cp[e - 1],
	    cp[e], &state))
		e++;
	return e;
}

/* Extended grapheme clusters of s. */
size_t
text_graphemes(const char *s)
{
	struct cps v;
	size_t k = 0, n = 0;

	cps_load(&v, s, strlen(s), false);
	while (k < v.n) {
		k = cluster_end(v.cp, k, v.n);
		n++;
	}
	cps_free(&v);
	return n;
}

/* The URLs of s as byte spans (see twitter_urls_find). */
size_t
text_find_urls(const char *s, struct text_span **out)
{
	struct cps v;
	struct twitter_url *urls;
	size_t i, n, len = strlen(s);

	*out = NULL;
	if (!twitter_urls_maybe(s, len))
		return 0;
	cps_load(&v, s, len, true);
	n = twitter_urls_find(v.cp, v.n, &urls);
	if (n > 0) {
		*out = xreallocarray(NULL, n, sizeof(**out));
		for (i = 0; i < n; i++) {
			(*out)[i].start = v.off[urls[i].start];
			(*out)[i].end = v.off[urls[i].end];
		}
	}
	free(urls);
	cps_free(&v);
	return n;
}

/*
 * Emoji, as twemoji-parser finds them, approximated per grapheme cluster:
 * a cluster holds an emoji from its first Extended_Pictographic or regional
 * indicator code point, or from a keycap base ([#*0-9] FE0F? 20E3). As in
 * twemoji, (C) (R) TM and the chess pawn are emoji only with FE0F, and a
 * following FE0E asks for text, not emoji.
 */
static size_t
emoji_start(const int32_t *c, size_t n)
{
	size_t i;
	int32_t x, nx;
	int bc;

	for (i = 0; i < n; i++) {
		x = c[i];
		nx = i + 1 < n ? c[i + 1] : 0;
		if ((x == '#' || x == '*' || (x >= '0' && x <= '9')) &&
		    (nx == 0x20e3 || (nx == 0xfe0f && i + 2 < n &&
		    c[i + 2] == 0x20e3)))
			return i;
		bc = utf8proc_get_property(x)->boundclass;
		if (bc != UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC &&
		    bc != UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR)
			continue;
		if (x == 0xa9 || x == 0xae || x == 0x2122 || x == 0x265f) {
			if (nx == 0xfe0f)
				return i;
			continue;
		}
		if (nx == 0xfe0e)
			continue;
		return i;
	}
	return n;
}

/* True for code points that continue an emoji sequence. */
static bool
emoji_part(int32_t x)
{
	int bc;

	if (x == 0xfe0f || x == 0x200d || x == 0x20e3 ||
	    (x >= 0x1f3fb && x <= 0x1f3ff) || (x >= 0xe0020 && x <= 0xe007f))
		return true;
	bc = utf8proc_get_property(x)->boundclass;
	return bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
	    bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
}

/* twitter-text v3 weight of one code point (config v3 ranges), scale 1. */
static size_t
tw_weight(int32_t c)
{
	if (c <= 4351 || (c >= 8192 && c <= 8205) ||
	    (c >= 8208 && c <= 8223) || (c >= 8242 && c <= 8247))
		return 1;
	return 2;
}

/* Weight of the grapheme cluster c[0..n) under counter k. */
size_t
cluster_weight(int k, const int32_t *c, size_t n)
{
	size_t i, e, w = 0;

	if (n == 1 && c[0] < 0x80)
		return 1;	/* an ASCII character alone, under every counter */
	switch (k) {
	case COUNT_GRAPHEMES:
	case COUNT_MASTODON:
		return 1;
	case COUNT_CODEPOINTS:
		return n;
	case COUNT_BYTES:
		for (i = 0; i < n; i++)
			w += u8len(c[i]);
		return w;
	case COUNT_TWITTER:
	case COUNT_THREADS:
		break;
	}
	e = emoji_start(c, n);
	for (i = 0; i < n; i++) {
		if (i < e || (i > e && !emoji_part(c[i])))
			w += k == COUNT_TWITTER ? tw_weight(c[i]) : 1;
		else if (k == COUNT_TWITTER)
			w += i == e ? 2 : 0;
		else
			w += u8len(c[i]);
	}
	return w;
}

static bool is_word_cp(int32_t c);

/* An ASCII letter, digit or '_' (Mastodon's usernames). */
static bool
is_user_cp(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/*
 * The end of a name at cp[i] as Mastodon's username ([a-z0-9_]+ with
 * inner runs of '.' and '-') and domain ([[:word:]]+ with inner runs of
 * '.' and '-') take it: X first, then X, '.' or '-', never ending on
 * '.' or '-'; i when cp[i] is not X.
 */
static size_t
name_end(const int32_t *cp, size_t i, size_t n, bool (*x)(int32_t))
{
	size_t e = i;

	if (i >= n || !x(cp[i]))
		return i;
	while (e < n && (x(cp[e]) || cp[e] == '.' || cp[e] == '-'))
		e++;
	while (cp[e - 1] == '.' || cp[e - 1] == '-')
		e--;
	return e;
}

/*
 * Mastodon counts a mention "@user@domain" as "@user": the spans
 * [start, end) of code points of "@domain" in cp[0..n), outside the
 * URLs urls[0..nurl) (a mention inside a URL is part of the URL; none
 * can hold a URL's start, having no ':'). A mention followed by '@' or
 * "://" is none. Returns how many, *out (caller frees) their spans as
 * code point offsets.
 */
static size_t
mention_domains(const int32_t *cp, size_t n, const struct twitter_url *urls,
    size_t nurl, struct text_span **out)
{
	size_t i, u, d, ui = 0, cnt = 0;
	int32_t prev;

	*out = NULL;
	for (i = 0; i < n; i++) {
		while (ui < nurl && urls[ui].end <= i)
			ui++;
		if (ui < nurl && urls[ui].start <= i) {
			i = urls[ui].end - 1;
			continue;
		}
		if (cp[i] != '@')
			continue;
		prev = i > 0 ? cp[i - 1] : 0;
		if (prev == '=' || prev == '/' || is_word_cp(prev))
			continue;
		u = name_end(cp, i + 1, n, is_user_cp);
		if (u == i + 1 || u >= n || cp[u] != '@')
			continue;
		d = name_end(cp, u + 1, n, is_word_cp);
		if (d == u + 1 || (d < n && (cp[d] == '@' || (cp[d] == ':' &&
		    d + 2 < n && cp[d + 1] == '/' && cp[d + 2] == '/'))))
			continue;
		*out = xreallocarray(*out, cnt + 1, sizeof(**out));
		(*out)[cnt].start = u;
		(*out)[cnt].end = d;
		cnt++;
		i = d - 1;
	}
	return cnt;
}

/* Count of s[0..len) under counter k, a URL counting urlw (the body of
 * text_count). */
static size_t
count_range(enum text_counter k, const char *s, size_t len, size_t urlw)
{
	struct cps v;
	struct twitter_url *urls = NULL;
	struct text_span *mdom = NULL;
	size_t i, j, e, lim, ui = 0, nurl = 0, total = 0, mi = 0, nm = 0;

	if (k == COUNT_BYTES)
		return len;
	if (k == COUNT_CODEPOINTS)
		return cps_count(s, len);
	cps_load(&v, s, len, false);
	if ((k == COUNT_TWITTER || k == COUNT_MASTODON) &&
	    twitter_urls_maybe(s, len)) {
		nurl = twitter_urls_find(v.cp, v.n, &urls);
		/* mastodon counts only URLs with a scheme as 23 */
		for (i = j = 0; i < nurl; i++)
			if (k == COUNT_TWITTER || urls[i].proto)
				urls[j++] = urls[i];
		nurl = j;
	}
	if (k == COUNT_MASTODON && memchr(s, '@', len) != NULL)
		nm = mention_domains(v.cp, v.n, urls, nurl, &mdom);
	for (i = 0; i < v.n;) {
		if (ui < nurl && urls[ui].start == i) {
			total += urlw;
			i = urls[ui++].end;
			continue;
		}
		if (mi < nm && mdom[mi].start == i) {
			i = mdom[mi++].end;	/* "@domain" counts nothing */
			continue;
		}
		lim = ui < nurl ? urls[ui].start : v.n;
		if (mi < nm && mdom[mi].start < lim)
			lim = mdom[mi].start;
		/* a cluster of one ASCII character weighs 1 under every
		   counter: every one of a run of ASCII but CR, and its last
		   unless what follows may join it */
		for (e = i; e < lim && v.cp[e] < 0x80 && v.cp[e] != '\r'; e++)
			;
		if (e < lim && v.cp[e] >= 0x80 && e > i)
			e--;
		if (e > i) {
			total += e - i;
			i = e;
			continue;
		}
		e = cluster_end(v.cp, i, lim);
		total += cluster_weight(k, v.cp + i, e - i);
		i = e;
	}
	free(urls);
	free(mdom);
	cps_free(&v);
	return total;
}

/* Count of s under counter c. */
size_t
text_count(enum text_counter c, const char *s)
{
	return count_range(c, s, strlen(s), URL_WEIGHT);
}

size_t
text_count_url(enum text_counter c, const char *s, size_t url_weight)
{
	return count_range(c, s, strlen(s), url_weight);
}

bool
text_twitter_chars_ok(const char *s)
{
	size_t len = strlen(s);
	const char *p = s, *end = s + len;

	if (len == 0)
		return false;
	/* EF BF BE, EF BB BF, EF BF BF: 0xEF never continues a sequence,
	 * so these bytes are always those characters */
	while ((p = memchr(p, 0xef, (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && ((p[1] == '\xbf' && (p[2] == '\xbe' ||
		    p[2] == '\xbf')) || (p[1] == '\xbb' && p[2] == '\xbf')))
			return false;
		p++;
	}
	return true;
}

/* parseTweet's valid: not empty, no FFFE FEFF FFFF, at most 280. */
bool
text_twitter_valid(const char *s)
{
	return text_twitter_chars_ok(s) &&
	    count_range(COUNT_TWITTER, s, strlen(s), URL_WEIGHT) <= TWITTER_MAX;
}

/* A letter, mark, number or '_'. */
static bool
is_word_cp(int32_t c)
{
	utf8proc_category_t cat;

	if (c == '_')
		return true;
	cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

/* What may follow a hashtag's '#': a letter, number or '_'. */
static bool
is_tag_start(int32_t c)
{
	utf8proc_category_t cat;

	if (c == '_')
		return true;
	cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/*
 * True when the sigil at s[i] (prev the code point before it, 0 at the
 * start) begins a word and is followed by a tag start.
 */
static bool
tag_at(const char *s, size_t i, size_t len, int32_t prev)
{
	int32_t next;

	if (i + 1 >= len || is_word_cp(prev))
		return false;
	u8dec(s + i + 1, len - i - 1, &next);
	return is_tag_start(next);
}

/* LinkedIn's reserved characters: \ | { } @ [ ] ( ) < > # * _ ~ */
static const bool linkedin_reserved[128] = {
	['\\'] = true, ['|'] = true, ['{'] = true, ['}'] = true,
	['@'] = true, ['['] = true, [']'] = true, ['('] = true, [')'] = true,
	['<'] = true, ['>'] = true, ['#'] = true, ['*'] = true, ['_'] = true,
	['~'] = true,
};

/* s with LinkedIn's reserved characters escaped, URLs left alone. */
char *
text_linkedin_escape(const char *s, bool keep_hashtags)
{
	struct text_span *urls;
	size_t i = 0, j, l, len = strlen(s), u = 0, nurl, stop;
	int32_t c, prev = 0;
	char *r, *w;

	nurl = text_find_urls(s, &urls);
	/* at most one backslash a byte */
	w = r = xreallocarray(NULL, len + 1, 2);
	while (i < len) {
		if (u < nurl && i == urls[u].start) {
			memcpy(w, s + i, urls[u].end - i);
			w += urls[u].end - i;
			i = urls[u].end;
			u++;
			prev = '/';	/* anything not a word character */
			continue;
		}
		/* ASCII that needs nothing, as it is, up to the next URL */
		stop = u < nurl ? urls[u].start : len;
		for (j = i; j < stop && (unsigned char)s[j] < 0x80 &&
		    !linkedin_reserved[(unsigned char)s[j]]; j++)
			;
		if (j > i) {
			memcpy(w, s + i, j - i);
			w += j - i;
			prev = (unsigned char)s[j - 1];
			i = j;
			continue;
		}
		l = u8dec(s + i, len - i, &c);
		if (c < 0x80 && linkedin_reserved[c] &&
		    !(c == '#' && keep_hashtags && tag_at(s, i, len, prev)))
			*w++ = '\\';
		memcpy(w, s + i, l);
		w += l;
		prev = c;
		i += l;
	}
	*w = '\0';
	free(urls);
	return xrealloc(r, (size_t)(w - r) + 1);
}

/* Number of sigil-words (#tag, @name) in s outside URLs. */
static size_t
count_tags(const char *s, int32_t sigil)
{
	struct text_span *urls;
	size_t i = 0, l, len = strlen(s), u = 0, nurl, n = 0;
	int32_t c, prev = 0;

	if (memchr(s, sigil, len) == NULL)
		return 0;
	nurl = text_find_urls(s, &urls);
	while (i < len) {
		if (u < nurl && i == urls[u].start) {
			i = urls[u++].end;
			prev = '/';
			continue;
		}
		l = u8dec(s + i, len - i, &c);
		if (c == sigil && tag_at(s, i, len, prev))
			n++;
		prev = c;
		i += l;
	}
	free(urls);
	return n;
}

/* Number of #hashtags in s. */
size_t
text_count_hashtags(const char *s)
{
	return count_tags(s, '#');
}

/* Number of @mentions in s. */
size_t
text_count_mentions(const char *s)
{
	return count_tags(s, '@');
}
