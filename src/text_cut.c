/* text_cut: cutting a text at a word boundary to a count (see text.h). */
#include "text.h"
#include "text_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "twitter_urls.h"
#include "xalloc.h"

#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */

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

/* The ASCII punctuation (general categories Pc to Po). */
static const bool ascii_punct[128] = {
	['!'] = true, ['"'] = true, ['#'] = true, ['%'] = true, ['&'] = true,
	['\''] = true, ['('] = true, [')'] = true, ['*'] = true, [','] = true,
	['-'] = true, ['.'] = true, ['/'] = true, [':'] = true, [';'] = true,
	['?'] = true, ['@'] = true, ['['] = true, ['\\'] = true, [']'] = true,
	['_'] = true, ['{'] = true, ['}'] = true,
};

/* The kind of a cluster that starts with c. */
static enum ckind
cluster_kind(int32_t c)
{
	utf8proc_category_t cat;

	if (c >= 0 && c < 0x80)		/* controls, space, punctuation */
		return c <= 0x20 || c == 0x7f ? CK_SPACE :
		    ascii_punct[c] ? CK_PUNCT : CK_WORD;
	cat = utf8proc_category(c);

	if (twitter_urls_is_space(c) || cat == UTF8PROC_CATEGORY_ZS ||
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
	struct twitter_url *urls;
	size_t i, k, e, j, w, nurl, us = NONE, cur = NONE;

	memset(ct, 0, sizeof(*ct));
	ct->s = s;
	ct->c = c;
	ct->ell = text_count(c, ELLIPSIS);
	cps_load(&v, s, strlen(s), true);
	nurl = twitter_urls_find(v.cp, v.n, &urls);
	ct->at = xreallocarray(NULL, v.n + 1, sizeof(*ct->at));
	ct->first = xreallocarray(NULL, v.n + 1, sizeof(*ct->first));
	ct->kind = xcalloc(v.n + 1, 1);
	ct->single = xcalloc(v.n + 1, sizeof(bool));
	ct->ustart = xreallocarray(NULL, v.n + 1, sizeof(*ct->ustart));
	ct->raw = xreallocarray(NULL, v.n + 1, sizeof(*ct->raw));
	ct->wu = xreallocarray(NULL, v.n + 1, sizeof(*ct->wu));
	ct->raw[0] = ct->wu[0] = 0;
	for (k = 0, i = 0, j = 0; k < v.n; i++) {
		if (v.cp[k] < 0x80 && (k + 1 == v.n || (v.cp[k + 1] < 0x80 &&
		    v.cp[k] != '\r'))) {
			e = k + 1;	/* an ASCII character alone weighs 1 */
			w = 1;
		} else {
			e = cluster_end(v.cp, k, v.n);
			w = cluster_weight(c, v.cp + k, e - k);
		}
		ct->at[i] = v.off[k];
		ct->first[i] = v.cp[k];
		ct->kind[i] = (unsigned char)cluster_kind(v.cp[k]);
		ct->single[i] = e == k + 1;
		ct->raw[i + 1] = ct->raw[i] + w;
		/* the URL this cluster starts in, if any */
		while (j < nurl && urls[j].end <= k)
			j++;
		if (j == nurl || urls[j].start > k) {
			ct->ustart[i] = NONE;
			ct->wu[i + 1] = ct->wu[i] + w;
			k = e;
			continue;
		}
		if (j != cur) {
			cur = j;
			us = i;
		}
		ct->ustart[i] = urls[j].start < k ? us : NONE;
		if (c == COUNT_TWITTER || (c == COUNT_MASTODON &&
		    urls[j].proto))
			w = us == i ? URL_WEIGHT : 0;
		ct->wu[i + 1] = ct->wu[i] + w;
		k = e;
	}
	ct->ncl = i;
	ct->at[i] = v.off[v.n];
	ct->ustart[i] = NONE;
	free(urls);
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


/*
 * Cutting prose (a summary): at a sentence end when that keeps at least
 * half the room, else at a word boundary that splits no hyphenated word
 * and leaves no short function word dangling at the end.
 */

/* How many boundaries further back a cut may move to leave no function
 * word at the end. */
#define PROSE_LOOKBACK	3

/* Short words that read badly at the end of a cut text. */
static const char *const function_words[] = {
	"a", "an", "and", "as", "at", "but", "by", "for", "from", "her",
	"his", "in", "into", "its", "nor", "of", "on", "onto", "or", "our",
	"than", "that", "the", "their", "to", "upon", "was", "were", "which",
	"who", "whose", "with", NULL
};

/* Abbreviations whose "." ends no sentence. */
static const char *const abbreviations[] = {
	"capt", "col", "dr", "ft", "gen", "gov", "jr", "lt", "mr", "mrs", "ms",
	"mt", "no", "prof", "rev", "sen", "sgt", "sr", "st", "vs", NULL
};

/* Hyphens and dashes that join the words on their sides. */
static bool
is_joiner(int32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013;
}

/* The cluster where the word that ends before cluster q starts. */
static size_t
word_start(const struct cutter *ct, size_t q)
{
	while (q > 0 && ct->kind[q - 1] == CK_WORD && !is_cjk(ct->first[q - 1]))
		q--;
	return q;
}

/* True when s[a..z) is one of list, ASCII letters compared without
 * case. */
static bool
in_list(const char *const *list, const char *a, const char *z)
{
	size_t n = (size_t)(z - a), i, k;

	for (i = 0; list[i] != NULL; i++) {
		if (strlen(list[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((a[k] | 0x20) != list[i][k])
				break;
		if (k == n)
			return true;
	}
	return false;
}

/* True when the word ending before cluster q is a short function word. */
static bool
ends_in_function_word(const struct cutter *ct, size_t q)
{
	size_t w = word_start(ct, q);

	return w < q && in_list(function_words, ct->s + ct->at[w],
	    ct->s + ct->at[q]);
}

/*
 * True when the first b clusters end a sentence: "." "!" or "?", perhaps
 * with closing quotes or brackets after it, then a space; not the "." of
 * an initial (U.S.), an abbreviation (St.) or a number. Not in a URL.
 */
static bool
sentence_end(const struct cutter *ct, size_t b)
{
	size_t q = b, w;
	int32_t f;

	if (b == 0 || b >= ct->ncl || ct->kind[b] != CK_SPACE ||
	    ct->ustart[b] != NONE)
		return false;
	while (q > 0 && ct->kind[q - 1] == CK_PUNCT && (ct->first[q - 1] ==
	    '"' || ct->first[q - 1] == ')' || ct->first[q - 1] == '\'' ||
	    ct->first[q - 1] == 0x201d || ct->first[q - 1] == 0x2019 ||
	    ct->first[q - 1] == ']'))
		q--;
	if (q < 2 || ct->kind[q - 1] != CK_PUNCT)
		return false;
	f = ct->first[q - 1];
	if (f == '!' || f == '?' || f == 0x3002)
		return true;
	if (f != '.' || ct->kind[q - 2] != CK_WORD || (q >= 3 &&
	    ct->first[q - 3] == '.'))	/* "..." or an initial's run */
		return false;
	w = word_start(ct, q - 1);
	/* one letter (an initial), or a known abbreviation */
	if (q - 1 - w == 1 && !is_digit_cp(ct->first[w]))
		return false;
	if (w > 0 && ct->first[w - 1] == '.')	/* U.S. */
		return false;
	return !in_list(abbreviations, ct->s + ct->at[w],
	    ct->s + ct->at[q - 1]);
}

/* A word boundary that splits no hyphenated word or number. */
static bool
prose_boundary(const struct cutter *ct, size_t b)
{
	if (!word_boundary(ct, b))
		return false;
	/* "Franco-Prussian", "1870-71" */
	return !(ct->kind[b] == CK_PUNCT && ct->single[b] &&
	    is_joiner(ct->first[b]) && b + 1 < ct->ncl &&
	    ct->kind[b + 1] == CK_WORD);
}

/* s[0..at[b]) (no "…"), if it counts at most max; else NULL. */
static char *
sentence_try(const struct cutter *ct, size_t b, size_t max)
{
	size_t q = b;
	char *r;

	while (q > 0 && ct->kind[q - 1] == CK_SPACE)
		q--;
	r = xmalloc(ct->at[q] + 1);
	memcpy(r, ct->s, ct->at[q]);
	r[ct->at[q]] = '\0';
	if (text_count(ct->c, r) > max) {
		free(r);
		return NULL;
	}
	return r;
}

/* The prefix of s before cluster q with "…" (cut_try made sure it fits). */
static char *
prose_take(const struct cutter *ct, size_t q)
{
	char *r = xmalloc(ct->at[q] + sizeof(ELLIPSIS));

	memcpy(r, ct->s, ct->at[q]);
	memcpy(r + ct->at[q], ELLIPSIS, sizeof(ELLIPSIS));
	return r;
}

char *
text_cut_prose(const char *s, enum text_counter c, size_t max,
    enum text_cut_at *at)
{
	struct cutter ct;
	size_t b, q, lastq = NONE, best = NONE, tries = 0;
	char *r = NULL;

	*at = TEXT_CUT_NONE;
	if (text_count(c, s) <= max)
		return xstrdup(s);
	cutter_init(&ct, s, c);
	/* a sentence end that keeps at least half the room */
	for (b = ct.ncl; b-- > 1;)
		if (sentence_end(&ct, b) && ct.ustart[b] == NONE &&
		    ct.wu[b] <= max) {
			if (2 * ct.wu[b] < max)
				break;
			if ((r = sentence_try(&ct, b, max)) != NULL) {
				*at = TEXT_CUT_SENTENCE;
				goto done;
			}
		}
	/* a word boundary, moved back past a dangling function word */
	for (b = ct.ncl; b-- > 1 && tries <= PROSE_LOOKBACK;) {
		if (!prose_boundary(&ct, b) ||
		    (r = cut_try(&ct, b, max, &lastq)) == NULL)
			continue;
		free(r);
		r = NULL;
		q = lastq;
		if (best == NONE)
			best = q;
		if (!ends_in_function_word(&ct, q)) {
			best = q;
			break;
		}
		tries++;
	}
	if (best != NONE) {
		r = prose_take(&ct, best);
		*at = TEXT_CUT_WORD;
		goto done;
	}
	/* no such boundary fits: as text_cut_words cuts */
	r = text_cut_words(s, c, max);
	*at = *r == '\0' ? TEXT_CUT_DROPPED : TEXT_CUT_WORD;
done:
	cutter_free(&ct);
	return r;
}
