/*
 * tld_list: twitter-text's list of top-level domains, generated into
 * tld_list.c by scripts/gen-tlds.py (data: Apache License 2.0, see
 * tests/vectors/twitter-text-LICENSE).
 *
 * Entries are lower case UTF-8, sorted by bytes (memcmp order, shorter
 * first on a tie) so they can be binary searched. rank is the position of
 * the name in twitter-text's regex alternation (generic names first, then
 * country codes): when several names match at one place, the lowest rank
 * is the one the regex takes.
 */
#ifndef ALMANAC_TLD_LIST_H
#define ALMANAC_TLD_LIST_H

#include <stddef.h>

struct tld {
	const char	*name;
	unsigned short	 len;	/* bytes in name */
	unsigned short	 rank;
};

extern const struct tld tld_list[];
extern const size_t tld_count;
extern const size_t tld_maxlen;	/* longest name, in bytes */

#endif
