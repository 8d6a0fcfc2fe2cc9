/*
 * twitter_urls: the URLs of a text as twitter-text's extractor finds them
 * (see twitter_urls.h): its character classes, the TLD lookup, the URL
 * regex and the checks of isValidUrl, written out by hand.
 */
#include "twitter_urls.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tld_list.h"
#include "xalloc.h"

#define NONE		SIZE_MAX
#define MAX_URL_LENGTH	4096	/* twitter-text extractor limits */
#define MAX_LABEL	63
#define MAX_TCO_SLUG	40
#define SCAN_INLINE	64	/* scans this long keep their tables in
				   struct scan */

/* A URL found by the scanner, in code point indices. */
struct url {
	size_t	start, end;
	size_t	dstart, dend;	/* the domain */
	bool	proto;		/* has http:// or https:// */
	bool	path;		/* has a path (a '/' after the domain) */
};

/* A growing list of URLs. */
struct urlv {
	struct twitter_url	*v;
	size_t			 n, cap;
};

/* State of one URL scan over a code point array (twitter_urls_find). */
struct scan {
	const int32_t	*cp;
	size_t		 n;
	size_t		*run;	/* end of the domain-label run starting at i */
	size_t		*und;	/* first '_' at or after i */
	size_t		*tail;	/* for a '.' at i: domain end via the labels
				   after it, or NONE */
	size_t		*arun;	/* the same two for ASCII domain search */
	size_t		*atail;
	size_t		 small[5 * (SCAN_INLINE + 1)];	/* the five tables
						   of a short text */
};


/*
 * Character classes of twitter-text's URL regex (js/src/regexp/).
 */

/* spacesGroup */
bool
twitter_urls_is_space(int32_t c)
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

/*
 * The ASCII classes of the regex, one bit each, looked up rather than
 * searched for (is_tt_punct and the path and query classes below):
 *   PU punct       !#$%&'()*+,-./:;<=>?@[\]^_{|}~
 *   PA path        !*';:=+,.$/%#[]-_~@|&  (and alphanumerics)
 *   PE path end    +-=_#/                 (and alphanumerics)
 *   QU query       !?*'@();:&=+$/%#[]-_.,~|  (and alphanumerics)
 *   QE query end   -_&=#/                 (and alphanumerics)
 */
enum { PU = 1, PA = 2, PE = 4, QU = 8, QE = 16 };

static const unsigned char ascii_class[128] = {
	['!'] = PU | PA | QU, ['#'] = PU | PA | PE | QU | QE,
	['$'] = PU | PA | QU, ['%'] = PU | PA | QU,
	['&'] = PU | PA | QU | QE, ['\''] = PU | PA | QU, ['('] = PU | QU,
	[')'] = PU | QU, ['*'] = PU | PA | QU, ['+'] = PU | PA | PE | QU,
	[','] = PU | PA | QU, ['-'] = PU | PA | PE | QU | QE,
	['.'] = PU | PA | QU, ['/'] = PU | PA | PE | QU | QE,
	[':'] = PU | PA | QU, [';'] = PU | PA | QU, ['<'] = PU,
	['='] = PU | PA | PE | QU | QE, ['>'] = PU, ['?'] = PU | QU,
	['@'] = PU | PA | QU, ['['] = PU | PA | QU, ['\\'] = PU,
	[']'] = PU | PA | QU, ['^'] = PU, ['_'] = PU | PA | PE | QU | QE,
	['{'] = PU, ['|'] = PU | PA | QU, ['}'] = PU, ['~'] = PU | PA | QU,
};

/* True when c is ASCII and in the classes of mask. */
static bool
ascii_in(int32_t c, unsigned mask)
{
	return (uint32_t)c < 0x80 && (ascii_class[c] & mask) != 0;
}

/* punct: ASCII punctuation except '"' and '`' */
static bool
is_tt_punct(int32_t c)
{
	return ascii_in(c, PU);
}

/* validDomainChars */
static bool
is_domain_char(int32_t c)
{
	if ((uint32_t)c < 0x80)
		return !is_tt_punct(c) && !twitter_urls_is_space(c);
	return !twitter_urls_is_space(c) && !is_tt_invalid(c) &&
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
	return ascii_in(c, PA);
}

/* validUrlPathEndingChars (the character part) */
static bool
is_path_end(int32_t c)
{
	if (is_ascii_alnum(c) || (c >= 0x400 && c <= 0x4ff) ||
	    is_latin_accent(c))
		return true;
	return ascii_in(c, PE);
}

/* validUrlQueryChars */
static bool
is_query_char(int32_t c)
{
	return is_ascii_alnum(c) || ascii_in(c, QU);
}

/* validUrlQueryEndingChars */
static bool
is_query_end(int32_t c)
{
	return is_ascii_alnum(c) || ascii_in(c, QE);
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
	/* the five tables in one block */
	sc->run = n <= SCAN_INLINE ? sc->small :
	    xreallocarray(NULL, n + 1, 5 * sizeof(size_t));
	sc->und = sc->run + (n + 1);
	sc->tail = sc->und + (n + 1);
	sc->arun = sc->tail + (n + 1);
	sc->atail = sc->arun + (n + 1);
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
	if (sc->run != sc->small)
		free(sc->run);
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

/* False when the UTF-8 s[0..len) has no '.' with a domain character or a
 * byte of a non-ASCII character on both sides: twitter_urls_find would find
 * nothing in its code points. */
bool
twitter_urls_maybe(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	unsigned char a, b;

	while (len > 2 && (p = memchr(p + 1, '.', (size_t)(end - p - 1))) !=
	    NULL && p + 1 < end) {
		a = (unsigned char)p[-1];
		b = (unsigned char)p[1];
		if ((a >= 0x80 || is_domain_char(a)) &&
		    (b >= 0x80 || is_domain_char(b)))
			return true;
	}
	return false;
}

/*
 * twitter-text's extractUrlsWithIndices over cp[0..n), found URLs appended
 * to uv with base added to their indices: the regex is tried at each
 * position, a preceding character first and then the start of the text;
 * after a match the search goes on from its end.
 */
static void
scan_window(const int32_t *cp, size_t n, size_t base, struct urlv *uv)
{
	struct scan sc;
	struct url u;
	size_t p = 0, first = uv->n;
	int32_t before;

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
		scan_take(&sc, &u, before, uv);
	}
	scan_free(&sc);
	for (; first < uv->n; first++) {
		uv->v[first].start += base;
		uv->v[first].end += base;
	}
}

/*
 * A URL holds no white space, and it has a '.' with a domain character on
 * both sides: the end of a label before it, the start of a TLD after it
 * (every name of the TLD list, and "xn--", starts with a letter). So the
 * regex runs only over the words with such a '.', each from the space
 * before it: what it finds there is what it finds over the whole text.
 */
size_t
twitter_urls_find(const int32_t *cp, size_t n, struct twitter_url **out)
{
	struct urlv uv = { NULL, 0, 0 };
	size_t i, a, b;

	for (i = 1; i + 1 < n; i++) {
		if (cp[i] != '.' || !is_domain_char(cp[i - 1]) ||
		    !is_domain_char(cp[i + 1]))
			continue;
		for (a = i; a > 0 && !twitter_urls_is_space(cp[a - 1]); a--)
			;
		for (b = i + 1; b < n && !twitter_urls_is_space(cp[b]); b++)
			;
		if (a > 0)
			a--;
		scan_window(cp + a, b - a, a, &uv);
		i = b;
	}
	*out = uv.v;
	return uv.n;
}
