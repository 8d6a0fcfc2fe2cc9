/* suggest: the known name nearest to an unknown one (see suggest.h). */
#include "suggest.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#define NEAR_MAX	32	/* longer names are never near */

/* Distance between a and b: insertions, deletions, substitutions and
 * swaps of two neighbours (optimal string alignment), or 99 when long. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, v;
	size_t d[NEAR_MAX + 1][NEAR_MAX + 1];

	if (la > NEAR_MAX || lb > NEAR_MAX)
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

const char *
suggest_name(const char *s, const char *const *names)
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
