/*
 * text_impl.h: what text.c (decoding, normalising, counting) and
 * text_cut.c (cutting at a word) share; nothing else includes it.
 */
#ifndef ALMANAC_TEXT_IMPL_H
#define ALMANAC_TEXT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPS_INLINE	512
#define NONE		SIZE_MAX
#define URL_WEIGHT	TEXT_URL_WEIGHT	/* text.h, included before */

/* Code points of a byte range, with the byte offset of each. */
struct cps {
	int32_t	*cp;
	size_t	*off;		/* off[i] is where cp[i] starts; off[n] the end;
				   NULL when not asked for */
	size_t	 n;
	int32_t	 cp_in[CPS_INLINE];	/* cp and off for short texts */
	size_t	 off_in[CPS_INLINE + 1];
};

/* Loads the code points of s[0..len) into *v, and their byte offsets when
 * offsets; s is valid UTF-8. Free with cps_free (short texts need no
 * allocation). */
void cps_load(struct cps *v, const char *s, size_t len, bool offsets);
void cps_free(struct cps *v);

/* End of the grapheme cluster that starts at cp[k], no further than
 * lim. */
size_t cluster_end(const int32_t *cp, size_t k, size_t lim);

/* Weight of the grapheme cluster c[0..n) under counter k, an enum
 * text_counter (an int here: this header does not include text.h, whose
 * module it is part of). */
size_t cluster_weight(int k, const int32_t *c, size_t n);

#endif
