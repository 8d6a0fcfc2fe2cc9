/*
 * suggest: the known name nearest to a name that is not known, for
 * "unknown field "Titel" (did you mean "title"?)".
 */
#ifndef ALMANAC_SUGGEST_H
#define ALMANAC_SUGGEST_H

/*
 * The name of names (NULL-terminated) nearest to s: one that differs from
 * s in letter case only, else the first of the nearest at most 2 edits
 * away (an insertion, a deletion, a substitution or a swap of two
 * neighbours each) with fewer edits than either name has characters
 * (bytes); names over 32 bytes are never near. NULL when none is near.
 * Returns one of names (borrowed), never a new string; fails in no way.
 */
const char *suggest_name(const char *s, const char *const *names);

#endif
