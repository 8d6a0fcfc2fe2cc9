/* text: UTF-8, NFC, platform counting, URLs, cutting, escaping (text.h). */
#include "text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "tld_list.h"
#include "xalloc.h"

#define NONE		SIZE_MAX
#define ELLIPSIS	"\xe2\x80\xa6"
#define URL_WEIGHT	23	/* twitter transformedURLLength; mastodon */
#define TWITTER_MAX	280	/* twitter maxWeightedTweetLength */
#define MAX_URL_LENGTH	4096	/* twitter-text extractor limits */
#define MAX_LABEL	63
#define MAX_TCO_SLUG	40

/* Code points of a byte range, with the byte offset of each. */
struct cps {
	int32_t	*cp;
	size_t	*off;		/* off[i] is where cp[i] starts; off[n] the end */
	size_t	 n;
};

/* A URL found by the scanner, in code point indices. */
struct url {
	size_t	start, end;
	size_t	dstart, dend;	/* the domain */
	bool	proto;		/* has http:// or https:// */
	bool	path;		/* has a path (a '/' after the domain) */
};

/* A growing list of URLs. */
struct urlv {
	struct url	*v;
	size_t		 n, cap;
};

/* State of one URL scan over a code point array (see scan_urls). */
struct scan {
	const int32_t	*cp;
	size_t		 n;
	size_t		*run;	/* end of the domain-label run starting at i */
	size_t		*und;	/* first '_' at or after i */
	size_t		*tail;	/* for a '.' at i: domain end via the labels
				   after it, or NONE */
	size_t		*arun;	/* the same two for ASCII domain search */
	size_t		*atail;
};

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
	size_t len = u8seq((const unsigned char *)s, n, cp);

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

/* Strict UTF-8 check of s[0..len); *bad is the first bad offset. */
bool
text_valid_utf8(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, l;
	int32_t cp;

	while (i < len) {
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

/* NFC copy of s via utf8proc, NULL when s is not valid UTF-8. */
char *
text_nfc(const char *s)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	size_t len = strlen(s), i;
	utf8proc_ssize_t n;
	utf8proc_int32_t *buf;

	if (!text_valid_utf8(s, len, NULL))
		return NULL;
	/* Text below U+0300 (no lead byte from 0xCC up) has nothing to
	 * compose or replace: it is NFC already. Most posts are. */
	for (i = 0; i < len && (unsigned char)s[i] < 0xCC; i++)
		;
	if (i == len)
		return xstrdup(s);
	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, NULL, 0, opt);
	if (n < 0)
		return NULL;
	/* utf8proc_reencode writes the UTF-8 over the same buffer */
	buf = xmalloc((size_t)n * sizeof(*buf) + 1);
	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, buf, n, opt);
	if (n >= 0)
		n = utf8proc_reencode(buf, n, opt);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	return xrealloc(buf, (size_t)n + 1);
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

/* Loads the code points of s[0..len). */
static void
cps_load(struct cps *v, const char *s, size_t len)
{
	size_t i = 0, l;

	v->cp = xreallocarray(NULL, len + 1, sizeof(*v->cp));
	v->off = xreallocarray(NULL, len + 1, sizeof(*v->off));
	v->n = 0;
	while (i < len) {
		l = u8dec(s + i, len - i, &v->cp[v->n]);
		v->off[v->n++] = i;
		i += l;
	}
	v->off[v->n] = len;
}

/* Releases what cps_load allocated. */
static void
cps_free(struct cps *v)
{
	free(v->cp);
	free(v->off);
}

/* End of the grapheme cluster that starts at cp[k], no further than lim. */
static size_t
cluster_end(const int32_t *cp, size_t k, size_t lim)
{
	utf8proc_int32_t state = 0;
	size_t e = k + 1;

	while (e < lim && !utf8proc_grapheme_break_stateful(cp[e - 1], cp[e],
	    &state))
		e++;
	return e;
}

/* Extended grapheme clusters of s. */
size_t
text_graphemes(const char *s)
{
	struct cps v;
	size_t k = 0, n = 0;

	cps_load(&v, s, strlen(s));
	while (k < v.n) {
		k = cluster_end(v.cp, k, v.n);
		n++;
	}
	cps_free(&v);
	return n;
}

/*
 * Character classes of twitter-text's URL regex (js/src/regexp/).
 */

/* spacesGroup */
static bool
is_tt_space(int32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || c == 0x180e ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

/* invalidCharsGroup */
static bool
is_tt_invalid(int32_t c)
{
	return c == 0xfffe || c == 0xfeff || c == 0xffff ||
	    (c >= 0x202a && c <= 0x202e);
}

/* directionalMarkersGroup */
static bool
is_directional(int32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || c == 0x061c || c == 0x200e ||
	    c == 0x200f || (c >= 0x2066 && c <= 0x2069);
}

/* [0-9A-Za-z] */
static bool
is_ascii_alnum(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* c with A-Z lowered. */
static int32_t
ascii_lower(int32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* punct: ASCII punctuation except '"' and '`' */
static bool
is_tt_punct(int32_t c)
{
	return c < 0x80 && c != 0 && strchr("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$",
	    (int)c) != NULL;
}

/* validDomainChars */
static bool
is_domain_char(int32_t c)
{
	return !is_tt_punct(c) && !is_tt_space(c) && !is_tt_invalid(c) &&
	    !is_directional(c);
}

/* validUrlPrecedingChars (one character) */
static bool
is_preceding(int32_t c)
{
	if (is_directional(c))
		return true;
	return !is_ascii_alnum(c) && c != '@' && c != 0xff20 && c != '$' &&
	    c != '#' && c != 0xff03 && !is_tt_invalid(c);
}

/* latinAccentChars */
static bool
is_latin_accent(int32_t c)
{
	return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) ||
	    (c >= 0xf8 && c <= 0x24f) || c == 0x253 || c == 0x254 ||
	    c == 0x256 || c == 0x257 || c == 0x259 || c == 0x25b ||
	    c == 0x263 || c == 0x268 || c == 0x26f || c == 0x272 ||
	    c == 0x289 || c == 0x28b || c == 0x2bb ||
	    (c >= 0x300 && c <= 0x36f) || (c >= 0x1e00 && c <= 0x1eff);
}

/* validGeneralUrlPathChars */
static bool
is_path_char(int32_t c)
{
	if (is_ascii_alnum(c) || (c >= 0x400 && c <= 0x4ff) || c == 0x2013 ||
	    is_latin_accent(c))
		return true;
	return c < 0x80 && c != 0 && strchr("!*';:=+,.$/%#[]-_~@|&", (int)c);
}

/* validUrlPathEndingChars (the character part) */
static bool
is_path_end(int32_t c)
{
	if (is_ascii_alnum(c) || (c >= 0x400 && c <= 0x4ff) ||
	    is_latin_accent(c))
		return true;
	return c < 0x80 && c != 0 && strchr("+-=_#/", (int)c);
}

/* validUrlQueryChars */
static bool
is_query_char(int32_t c)
{
	return is_ascii_alnum(c) || (c < 0x80 && c != 0 &&
	    strchr("!?*'@();:&=+$/%#[]-_.,~|", (int)c));
}

/* validUrlQueryEndingChars */
static bool
is_query_end(int32_t c)
{
	return is_ascii_alnum(c) || (c < 0x80 && c != 0 &&
	    strchr("-_&=#/", (int)c));
}

/* The [-a-z0-9 accents] class of validAsciiDomain. */
static bool
is_ascii_domain_char(int32_t c)
{
	return is_ascii_alnum(c) || c == '-' || is_latin_accent(c);
}

/* c folded the way a case-insensitive match compares it. */
static int32_t
fold(int32_t c)
{
	int32_t l;

	if (c < 0x80)
		return ascii_lower(c);
	l = utf8proc_tolower(c);
	return l < 0x80 ? c : l;
}

/*
 * Looks key[0..len) up in the TLD list: returns false when no name starts
 * with it, else true with *exact the name equal to it (or NULL).
 */
static bool
tld_find(const char *key, size_t len, const struct tld **exact)
{
	size_t lo = 0, hi = tld_count, mid, m;
	const struct tld *t;
	int r;

	/* the first name >= key: names starting with key follow it */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		t = &tld_list[mid];
		m = len < t->len ? len : t->len;
		r = memcmp(t->name, key, m);
		if (r < 0 || (r == 0 && t->len < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	*exact = NULL;
	if (lo == tld_count || tld_list[lo].len < len ||
	    memcmp(tld_list[lo].name, key, len) != 0)
		return false;
	if (tld_list[lo].len == len)
		*exact = &tld_list[lo];
	return true;
}

/* The lookahead after a TLD: (?=[^0-9a-zA-Z@+-]|$), $ being lim. */
static bool
tld_ends(const struct scan *sc, size_t i, size_t lim)
{
	int32_t c;

	if (i >= lim)
		return true;
	c = sc->cp[i];
	return !is_ascii_alnum(c) && c != '@' && c != '+' && c != '-';
}

/*
 * End of the TLD at pos (validGTLD | validCCTLD | validPunycode), the text
 * ending at lim, or NONE. Of several names that match, the one first in the
 * regex alternation wins, as in the regex.
 */
static size_t
tld_at(const struct scan *sc, size_t pos, size_t lim)
{
	char key[64];
	utf8proc_uint8_t enc[4];
	size_t kl = 0, i, best = NONE;
	unsigned rank = UINT_MAX;
	utf8proc_ssize_t el;
	const struct tld *t;

	for (i = pos; i < lim; i++) {
		el = utf8proc_encode_char(fold(sc->cp[i]), enc);
		if (el <= 0 || kl + (size_t)el > tld_maxlen ||
		    kl + (size_t)el > sizeof(key))
			break;
		memcpy(key + kl, enc, (size_t)el);
		kl += (size_t)el;
		if (!tld_find(key, kl, &t))
			break;
		if (t != NULL && t->rank < rank && tld_ends(sc, i + 1, lim)) {
			rank = t->rank;
			best = i + 1;
		}
	}
	if (best != NONE)
		return best;
	/* xn--[\-0-9a-z]+ */
	if (lim - pos > 4 && ascii_lower(sc->cp[pos]) == 'x' &&
	    ascii_lower(sc->cp[pos + 1]) == 'n' && sc->cp[pos + 2] == '-' &&
	    sc->cp[pos + 3] == '-' && (is_ascii_alnum(sc->cp[pos + 4]) ||
	    sc->cp[pos + 4] == '-')) {
		for (i = pos + 5; i < lim; i++)
			if (!is_ascii_alnum(sc->cp[i]) && sc->cp[i] != '-')
				break;
		return i;
	}
	return NONE;
}

/*
 * Domain end when the label starting at a is a subdomain or the domain
 * name of validDomain: validSubdomain* validDomainName TLD, where the
 * greedy regex prefers the most subdomains. NONE when there is none.
 */
static size_t
label_chain(const struct scan *sc, size_t a)
{
	size_t e;
	bool sub, dn;

	if (a >= sc->n)
		return NONE;
	e = sc->run[a];
	if (e == a || e >= sc->n || sc->cp[e] != '.')
		return NONE;
	/* a label starts and ends with a domain character ('-' and '_'
	   only inside); the domain name has no '_' */
	sub = is_domain_char(sc->cp[a]) && is_domain_char(sc->cp[e - 1]);
	dn = sub && sc->und[a] >= e;
	if (sub && sc->tail[e] != NONE)
		return sc->tail[e];
	if (dn)
		return tld_at(sc, e + 1, sc->n);
	return NONE;
}

/* Sets up the per-position tables of a scan over cp[0..n). */
static void
scan_init(struct scan *sc, const int32_t *cp, size_t n)
{
	size_t i;

	sc->cp = cp;
	sc->n = n;
	sc->run = xreallocarray(NULL, n + 1, sizeof(size_t));
	sc->und = xreallocarray(NULL, n + 1, sizeof(size_t));
	sc->tail = xreallocarray(NULL, n + 1, sizeof(size_t));
	sc->arun = xreallocarray(NULL, n + 1, sizeof(size_t));
	sc->atail = xreallocarray(NULL, n + 1, sizeof(size_t));
	sc->run[n] = sc->und[n] = n;
	sc->tail[n] = NONE;
	for (i = n; i-- > 0;) {
		sc->run[i] = is_domain_char(cp[i]) || cp[i] == '-' ||
		    cp[i] == '_' ? sc->run[i + 1] : i;
		sc->und[i] = cp[i] == '_' ? i : sc->und[i + 1];
	}
	for (i = n; i-- > 0;)
		sc->tail[i] = cp[i] == '.' ? label_chain(sc, i + 1) : NONE;
}

/* Releases the tables of scan_init. */
static void
scan_free(struct scan *sc)
{
	free(sc->run);
	free(sc->und);
	free(sc->tail);
	free(sc->arun);
	free(sc->atail);
}

/* End of a balanced (...) group of a URL path at i, or 0. */
static size_t
balanced(const struct scan *sc, size_t i)
{
	size_t j = i + 1, k, m;

	for (k = j; k < sc->n && is_path_char(sc->cp[k]); k++)
		;
	if (k > j && k < sc->n && sc->cp[k] == ')')
		return k + 1;
	/* one nested level: G* ( G+ ) G* ) */
	if (k >= sc->n || sc->cp[k] != '(')
		return 0;
	for (m = k + 1; m < sc->n && is_path_char(sc->cp[m]); m++)
		;
	if (m == k + 1 || m >= sc->n || sc->cp[m] != ')')
		return 0;
	for (m++; m < sc->n && is_path_char(sc->cp[m]); m++)
		;
	return m < sc->n && sc->cp[m] == ')' ? m + 1 : 0;
}

/* End of validUrlPath* starting at i (just after the '/'). */
static size_t
path_end(const struct scan *sc, size_t i)
{
	size_t last = i, e;

	while (i < sc->n) {
		if (is_path_char(sc->cp[i])) {
			if (is_path_end(sc->cp[i]))
				last = i + 1;
			i++;
		} else if (sc->cp[i] == '(' && (e = balanced(sc, i)) != 0)
			last = i = e;
		else
			break;
	}
	return last;
}

/* End of the query chars after the '?' at i, or NONE without an ending. */
static size_t
query_end(const struct scan *sc, size_t i)
{
	size_t last = NONE;

	for (i++; i < sc->n && is_query_char(sc->cp[i]); i++)
		if (is_query_end(sc->cp[i]))
			last = i + 1;
	return last;
}

/* True when cp[i..] starts with the ASCII string lit, ignoring case. */
static bool
match_ci(const struct scan *sc, size_t i, const char *lit)
{
	for (; *lit != '\0'; lit++, i++)
		if (i >= sc->n || ascii_lower(sc->cp[i]) != *lit)
			return false;
	return true;
}

/* The URL part of twitter-text's extractUrl regex at q, into *u. */
static bool
url_at(const struct scan *sc, size_t q, struct url *u)
{
	size_t d = q, pos, e;

	memset(u, 0, sizeof(*u));
	u->start = q;
	if (match_ci(sc, q, "https://")) {
		d = q + 8;
		u->proto = true;
	} else if (match_ci(sc, q, "http://")) {
		d = q + 7;
		u->proto = true;
	}
	if ((pos = label_chain(sc, d)) == NONE)
		return false;
	u->dstart = d;
	u->dend = pos;
	if (pos + 1 < sc->n && sc->cp[pos] == ':' && sc->cp[pos + 1] >= '0' &&
	    sc->cp[pos + 1] <= '9')
		for (pos += 2; pos < sc->n && sc->cp[pos] >= '0' &&
		    sc->cp[pos] <= '9'; pos++)
			;
	if (pos < sc->n && sc->cp[pos] == '/') {
		u->path = true;
		pos = path_end(sc, pos + 1);
	}
	if (pos < sc->n && sc->cp[pos] == '?' &&
	    (e = query_end(sc, pos)) != NONE)
		pos = e;
	u->end = pos;
	return true;
}

/*
 * Domain end of validAsciiDomain when its first label starts at a, in a
 * domain ending at lim (the labels after it chain through atail), or NONE.
 */
static size_t
ascii_chain(const struct scan *sc, size_t a, size_t lim)
{
	size_t e;

	if (a >= lim)
		return NONE;
	e = sc->arun[a];
	if (e == a || e >= lim || sc->cp[e] != '.')
		return NONE;
	if (sc->atail[e] != NONE)
		return sc->atail[e];
	return tld_at(sc, e + 1, lim);
}

/* Appends the URL [start, end) to uv. */
static void
urlv_push(struct urlv *uv, size_t start, size_t end, bool proto)
{
	if (uv->n == uv->cap) {
		uv->cap = uv->cap ? uv->cap * 2 : 8;
		uv->v = xreallocarray(uv->v, uv->cap, sizeof(*uv->v));
	}
	memset(&uv->v[uv->n], 0, sizeof(uv->v[0]));
	uv->v[uv->n].start = start;
	uv->v[uv->n].end = end;
	uv->v[uv->n].proto = proto;
	uv->n++;
}

/*
 * The matches of validAsciiDomain in cp[a..b), appended to out (when not
 * NULL). Returns how many there are (at most 1 when out is NULL).
 */
static size_t
ascii_domains(struct scan *sc, size_t a, size_t b, struct urlv *out)
{
	size_t i, e, n = 0;

	sc->arun[b] = b;
	for (i = b; i-- > a;)
		sc->arun[i] = is_ascii_domain_char(sc->cp[i]) ?
		    sc->arun[i + 1] : i;
	for (i = b; i-- > a;)
		sc->atail[i] = sc->cp[i] == '.' ?
		    ascii_chain(sc, i + 1, b) : NONE;
	for (i = a; i < b;) {
		if ((e = ascii_chain(sc, i, b)) == NONE) {
			i++;
			continue;
		}
		n++;
		if (out == NULL)
			break;
		urlv_push(out, i, e, false);
		i = e;
	}
	return n;
}

/*
 * Length of punycode.toASCII(cp[a..b)) when at most MAX_LABEL, else
 * something larger (RFC 3492, as in the punycode.js twitter-text uses).
 */
static size_t
puny_len(const int32_t *cp, size_t a, size_t b)
{
	const uint64_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
	uint64_t n = 128, delta = 0, bias = 72, m, q, k, t, d;
	size_t i, h, basic = 0, out, len = b - a;
	bool ascii = true, first = true;

	for (i = a; i < b; i++) {
		if (cp[i] > 0x7e)
			ascii = false;
		if (cp[i] < 0x80)
			basic++;
	}
	if (ascii)
		return len;
	/* each non-basic code point takes a digit at least */
	if (len > MAX_LABEL)
		return MAX_LABEL + 1;
	out = 4 + basic + (basic > 0);
	h = basic;
	while (h < len) {
		m = UINT64_MAX;
		for (i = a; i < b; i++)
			if ((uint64_t)cp[i] >= n && (uint64_t)cp[i] < m)
				m = (uint64_t)cp[i];
		delta += (m - n) * (h + 1);
		n = m;
		for (i = a; i < b; i++) {
			if ((uint64_t)cp[i] < n)
				delta++;
			if ((uint64_t)cp[i] != n)
				continue;
			for (q = delta, k = base;; k += base) {
				t = k <= bias ? tmin : k >= bias + tmax ? tmax :
				    k - bias;
				if (q < t)
					break;
				out++;
				q = (q - t) / (base - t);
			}
			out++;
			/* adapt */
			d = first ? delta / damp : delta / 2;
			d += d / (h + 1);
			for (k = 0; d > ((base - tmin) * tmax) / 2; k += base)
				d /= base - tmin;
			bias = k + (base - tmin + 1) * d / (d + skew);
			first = false;
			delta = 0;
			h++;
		}
		delta++;
		n++;
		if (out > MAX_LABEL)
			return out;
	}
	return out;
}

/* The label separators punycode.js maps to '.'. */
static bool
is_idn_sep(int32_t c)
{
	return c == 0x3002 || c == 0xff0e || c == 0xff61;
}

/*
 * idna.toAscii's check of cp[a..b): every label of the domain is 1 to 63
 * characters once punycode.toASCII has encoded it.
 */
static bool
labels_ok(const struct scan *sc, size_t a, size_t b)
{
	size_t i = a, j, k, part, total;

	for (;;) {
		for (j = i; j < b && sc->cp[j] != '.'; j++)
			;
		total = 0;
		for (part = i;; part = k + 1) {
			for (k = part; k < j && !is_idn_sep(sc->cp[k]); k++)
				;
			total += puny_len(sc->cp, part, k);
			if (k == j)
				break;
			total++;
		}
		if (total < 1 || total > MAX_LABEL)
			return false;
		if (j == b)
			return true;
		i = j + 1;
	}
}

/* twitter-text's isValidUrl for the match u. */
static bool
url_valid(struct scan *sc, const struct url *u)
{
	size_t i, len = 8;	/* "https://", the default protocol */

	if (u->proto)
		len = match_ci(sc, u->start, "https") ? 8 : 7;
	for (i = u->start; i < u->end; i++)
		len += sc->cp[i] >= 0x10000 ? 2 : 1;	/* UTF-16 units */
	if (len > MAX_URL_LENGTH)
		return false;
	if (u->dend - u->dstart >= 4 && sc->cp[u->dstart] == 'x' &&
	    sc->cp[u->dstart + 1] == 'n' && sc->cp[u->dstart + 2] == '-' &&
	    sc->cp[u->dstart + 3] == '-' &&
	    ascii_domains(sc, u->dstart, u->dend, NULL) == 0)
		return false;
	return labels_ok(sc, u->dstart, u->dend);
}

/* For a t.co URL, its end without extra path; NONE if its slug is long. */
static size_t
tco_end(const struct scan *sc, const struct url *u)
{
	size_t i = u->start, slug;

	if (match_ci(sc, i, "https://t.co/"))
		i += 13;
	else if (match_ci(sc, i, "http://t.co/"))
		i += 12;
	else
		return u->end;
	for (slug = i; i < sc->n && is_ascii_alnum(sc->cp[i]); i++)
		;
	if (i == slug)
		return u->end;
	if (i - slug > MAX_TCO_SLUG)
		return NONE;
	if (i < sc->n && sc->cp[i] == '?') {
		size_t e = query_end(sc, i);

		if (e != NONE)
			i = e;
	}
	return i;
}

/* What extractUrlsWithIndices does with one regex match. */
static void
scan_take(struct scan *sc, const struct url *u, int32_t before,
    struct urlv *out)
{
	size_t e;

	if (!url_valid(sc, u))
		return;
	if (u->proto) {
		if ((e = tco_end(sc, u)) != NONE)
			urlv_push(out, u->start, e, true);
		return;
	}
	if (before == '-' || before == '_' || before == '.' || before == '/')
		return;
	if (ascii_domains(sc, u->dstart, u->dend, out) > 0 && u->path)
		out->v[out->n - 1].end = u->end;
}

/*
 * twitter-text's extractUrlsWithIndices over cp[0..n): the regex is tried
 * at each position, a preceding character first and then the start of the
 * text; after a match the search goes on from its end.
 */
static void
scan_urls(const int32_t *cp, size_t n, struct urlv *out)
{
	struct scan sc;
	struct url u;
	size_t p = 0, i;
	int32_t before;

	for (i = 0; i < n && cp[i] != '.'; i++)
		;
	if (i == n)
		return;
	scan_init(&sc, cp, n);
	while (p < n) {
		if (is_preceding(cp[p]) && url_at(&sc, p + 1, &u))
			before = cp[p];
		else if (p == 0 && url_at(&sc, 0, &u))
			before = 0;
		else {
			p++;
			continue;
		}
		p = u.end;
		scan_take(&sc, &u, before, out);
	}
	scan_free(&sc);
}

/* The URLs of s as byte spans (see scan_urls). */
size_t
text_find_urls(const char *s, struct text_span **out)
{
	struct cps v;
	struct urlv uv = { NULL, 0, 0 };
	size_t i;

	*out = NULL;
	cps_load(&v, s, strlen(s));
	scan_urls(v.cp, v.n, &uv);
	if (uv.n > 0) {
		*out = xreallocarray(NULL, uv.n, sizeof(**out));
		for (i = 0; i < uv.n; i++) {
			(*out)[i].start = v.off[uv.v[i].start];
			(*out)[i].end = v.off[uv.v[i].end];
		}
	}
	free(uv.v);
	cps_free(&v);
	return uv.n;
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
static size_t
cluster_weight(enum text_counter k, const int32_t *c, size_t n)
{
	size_t i, e, w = 0;

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

/* Count of s[0..len) under counter k (the body of text_count). */
static size_t
count_range(enum text_counter k, const char *s, size_t len)
{
	struct cps v;
	struct urlv uv = { NULL, 0, 0 };
	size_t i, j, e, lim, ui = 0, total = 0;

	if (k == COUNT_BYTES)
		return len;
	cps_load(&v, s, len);
	if (k == COUNT_CODEPOINTS) {
		total = v.n;
		cps_free(&v);
		return total;
	}
	if (k == COUNT_TWITTER || k == COUNT_MASTODON) {
		scan_urls(v.cp, v.n, &uv);
		/* mastodon counts only URLs with a scheme as 23 */
		for (i = j = 0; i < uv.n; i++)
			if (k == COUNT_TWITTER || uv.v[i].proto)
				uv.v[j++] = uv.v[i];
		uv.n = j;
	}
	for (i = 0; i < v.n;) {
		if (ui < uv.n && uv.v[ui].start == i) {
			total += URL_WEIGHT;
			i = uv.v[ui++].end;
			continue;
		}
		lim = ui < uv.n ? uv.v[ui].start : v.n;
		e = cluster_end(v.cp, i, lim);
		total += cluster_weight(k, v.cp + i, e - i);
		i = e;
	}
	free(uv.v);
	cps_free(&v);
	return total;
}

/* Count of s under counter c. */
size_t
text_count(enum text_counter c, const char *s)
{
	return count_range(c, s, strlen(s));
}

/* parseTweet's valid: not empty, no FFFE FEFF FFFF, at most 280. */
bool
text_twitter_valid(const char *s)
{
	size_t i = 0, len = strlen(s), l;
	int32_t c;

	if (len == 0)
		return false;
	while (i < len) {
		l = u8dec(s + i, len - i, &c);
		if (c == 0xfffe || c == 0xfeff || c == 0xffff)
			return false;
		i += l;
	}
	return count_range(COUNT_TWITTER, s, len) <= TWITTER_MAX;
}

/*
 * Word cutting.
 */

enum ckind { CK_WORD, CK_SPACE, CK_PUNCT };

/* A string split into grapheme clusters, for text_cut_words. */
struct cutter {
	const char	*s;
	enum text_counter c;
	size_t		 ncl;
	size_t		*at;	/* byte offset of each cluster; at[ncl] end */
	int32_t		*first;	/* first code point of each cluster */
	unsigned char	*kind;	/* enum ckind */
	bool		*single; /* a cluster of one code point */
	size_t		*ustart; /* when cluster i starts strictly inside
				   a URL, the cluster where it starts; else
				   NONE */
	size_t		*raw;	/* raw[i]: weight of clusters [0, i), URLs
				   counted character by character */
	size_t		*wu;	/* wu[i]: the same with each URL as 23 */
	size_t		 ell;	/* count of "…" */
};

/* Characters whose script writes words without spaces between them. */
static bool
is_cjk(int32_t c)
{
	return (c >= 0x2e80 && c <= 0x2fdf) || (c >= 0x3040 && c <= 0x312f) ||
	    (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff66 && c <= 0xff9f) || (c >= 0x20000 && c <= 0x3ffff);
}

/* The kind of a cluster that starts with c. */
static enum ckind
cluster_kind(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	if (is_tt_space(c) || cat == UTF8PROC_CATEGORY_ZS ||
	    cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP ||
	    cat == UTF8PROC_CATEGORY_CC)
		return CK_SPACE;
	if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO)
		return CK_PUNCT;
	return CK_WORD;
}

/* Splits s into clusters and works out the prefix counts. */
static void
cutter_init(struct cutter *ct, const char *s, enum text_counter c)
{
	struct cps v;
	struct urlv uv = { NULL, 0, 0 };
	size_t i, k, e, j, w, us = NONE, cur = NONE;

	memset(ct, 0, sizeof(*ct));
	ct->s = s;
	ct->c = c;
	ct->ell = text_count(c, ELLIPSIS);
	cps_load(&v, s, strlen(s));
	scan_urls(v.cp, v.n, &uv);
	ct->at = xreallocarray(NULL, v.n + 1, sizeof(*ct->at));
	ct->first = xreallocarray(NULL, v.n + 1, sizeof(*ct->first));
	ct->kind = xcalloc(v.n + 1, 1);
	ct->single = xcalloc(v.n + 1, sizeof(bool));
	ct->ustart = xreallocarray(NULL, v.n + 1, sizeof(*ct->ustart));
	ct->raw = xreallocarray(NULL, v.n + 1, sizeof(*ct->raw));
	ct->wu = xreallocarray(NULL, v.n + 1, sizeof(*ct->wu));
	ct->raw[0] = ct->wu[0] = 0;
	for (k = 0, i = 0, j = 0; k < v.n; i++) {
		e = cluster_end(v.cp, k, v.n);
		ct->at[i] = v.off[k];
		ct->first[i] = v.cp[k];
		ct->kind[i] = (unsigned char)cluster_kind(v.cp[k]);
		ct->single[i] = e == k + 1;
		w = cluster_weight(c, v.cp + k, e - k);
		ct->raw[i + 1] = ct->raw[i] + w;
		/* the URL this cluster starts in, if any */
		while (j < uv.n && uv.v[j].end <= k)
			j++;
		if (j == uv.n || uv.v[j].start > k) {
			ct->ustart[i] = NONE;
			ct->wu[i + 1] = ct->wu[i] + w;
			k = e;
			continue;
		}
		if (j != cur) {
			cur = j;
			us = i;
		}
		ct->ustart[i] = uv.v[j].start < k ? us : NONE;
		if (c == COUNT_TWITTER || (c == COUNT_MASTODON &&
		    uv.v[j].proto))
			w = us == i ? URL_WEIGHT : 0;
		ct->wu[i + 1] = ct->wu[i] + w;
		k = e;
	}
	ct->ncl = i;
	ct->at[i] = v.off[v.n];
	ct->ustart[i] = NONE;
	free(uv.v);
	cps_free(&v);
}

/* Releases the arrays of cutter_init. */
static void
cutter_free(struct cutter *ct)
{
	free(ct->at);
	free(ct->first);
	free(ct->kind);
	free(ct->single);
	free(ct->ustart);
	free(ct->raw);
	free(ct->wu);
}

/* Punctuation that joins the words around it: it's, 3.14. */
static bool
is_mid(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == '.' || c == 0xb7 ||
	    c == 0x2027 || c == 0xfe52 || c == 0xff07 || c == 0xff0e;
}

/* Punctuation that joins digits: 1,000. */
static bool
is_mid_num(int32_t c)
{
	return c == ',' || c == ';' || c == 0x66c || c == 0xfe50 ||
	    c == 0xfe54 || c == 0xff0c || c == 0xff1b;
}

/* A decimal digit. */
static bool
is_digit_cp(int32_t c)
{
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

/*
 * True when a prefix of b clusters ends at a word boundary: after a word
 * character and before a space or punctuation (not one that joins the
 * words on its sides), or beside a CJK character, which is a word of its
 * own. Not inside a URL.
 */
static bool
word_boundary(const struct cutter *ct, size_t b)
{
	if (b == 0 || b >= ct->ncl || ct->kind[b - 1] != CK_WORD ||
	    ct->ustart[b] != NONE)
		return false;
	if (ct->kind[b] == CK_WORD)
		return is_cjk(ct->first[b - 1]) || is_cjk(ct->first[b]);
	if (ct->kind[b] == CK_PUNCT && ct->single[b] && b + 1 < ct->ncl &&
	    ct->kind[b + 1] == CK_WORD && (is_mid(ct->first[b]) ||
	    (is_mid_num(ct->first[b]) && is_digit_cp(ct->first[b - 1]) &&
	    is_digit_cp(ct->first[b + 1]))))
		return false;
	return true;
}

/*
 * Estimated count of the first q clusters with "…" appended: exact but
 * near URLs, which the prefix may end differently (cut_try checks).
 */
static size_t
cut_estimate(const struct cutter *ct, size_t q)
{
	size_t u = ct->ustart[q];

	if (u == NONE)
		return ct->wu[q] + ct->ell;
	/* inside a URL: its part before the cut, character by character */
	return ct->wu[u] + ct->raw[q] - ct->raw[u] + ct->ell;
}

/*
 * The cut after b clusters, less trailing spaces and punctuation, with
 * "…", if it counts at most max; else NULL. *lastq skips a repeat.
 */
static char *
cut_try(const struct cutter *ct, size_t b, size_t max, size_t *lastq)
{
	size_t q = b;
	char *r;

	while (q > 0 && ct->kind[q - 1] != CK_WORD)
		q--;
	if (q == *lastq)
		return NULL;
	*lastq = q;
	if (cut_estimate(ct, q) > max)
		return NULL;
	r = xmalloc(ct->at[q] + sizeof(ELLIPSIS));
	memcpy(r, ct->s, ct->at[q]);
	memcpy(r + ct->at[q], ELLIPSIS, sizeof(ELLIPSIS));
	/* the estimate is exact but in odd cases (URLs, Prepend + "…") */
	if (text_count(ct->c, r) > max) {
		free(r);
		return NULL;
	}
	return r;
}

/* s cut at a word boundary so that it, with "…", counts at most max. */
char *
text_cut_words(const char *s, enum text_counter c, size_t max)
{
	struct cutter ct;
	size_t b, first, lastq = NONE;
	char *r = NULL;

	if (text_count(c, s) <= max)
		return xstrdup(s);
	if (text_count(c, ELLIPSIS) > max)
		return xstrdup("");
	cutter_init(&ct, s, c);
	for (b = ct.ncl; b-- > 1;)
		if (word_boundary(&ct, b) &&
		    (r = cut_try(&ct, b, max, &lastq)) != NULL)
			goto done;
	/* not even the first word fits: cut it between clusters */
	for (first = 1; first < ct.ncl && !word_boundary(&ct, first); first++)
		;
	lastq = NONE;
	for (b = first + 1; b-- > 0;)
		if ((r = cut_try(&ct, b, max, &lastq)) != NULL)
			goto done;
	r = xstrdup(ELLIPSIS);	/* not reached: b == 0 always fits */
done:
	cutter_free(&ct);
	return r;
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

/* s with LinkedIn's reserved characters escaped, URLs left alone. */
char *
text_linkedin_escape(const char *s, bool keep_hashtags)
{
	struct buf b = BUF_INIT;
	struct text_span *urls;
	size_t i = 0, l, len = strlen(s), u = 0, nurl;
	int32_t c, prev = 0;

	nurl = text_find_urls(s, &urls);
	while (i < len) {
		if (u < nurl && i == urls[u].start) {
			buf_add(&b, s + i, urls[u].end - i);
			i = urls[u].end;
			u++;
			prev = '/';	/* anything not a word character */
			continue;
		}
		l = u8dec(s + i, len - i, &c);
		if (c < 0x80 && c != 0 && strchr("\\|{}@[]()<>#*_~", (int)c) &&
		    !(c == '#' && keep_hashtags && tag_at(s, i, len, prev)))
			buf_addc(&b, '\\');
		buf_add(&b, s + i, l);
		prev = c;
		i += l;
	}
	free(urls);
	if (b.s == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

/* Number of sigil-words (#tag, @name) in s outside URLs. */
static size_t
count_tags(const char *s, int32_t sigil)
{
	struct text_span *urls;
	size_t i = 0, l, len = strlen(s), u = 0, nurl, n = 0;
	int32_t c, prev = 0;

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
