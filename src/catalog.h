/*
 * catalog: the post files under posts_dir, read (through the index when
 * asked) into posts kept in memory, and which posts are anniversaries of a
 * day. What a day's plan makes of them is plan.h.
 *
 * Nothing here prints: every problem of a file or of the scan goes to a
 * struct diags. A struct catalog owns its posts; catalog_free frees them.
 * See docs/post-format.md.
 */
#ifndef ALMANAC_CATALOG_H
#define ALMANAC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "post.h"

/* What catalog_load_indexed did with the index (for a debug line). */
enum catalog_index {
	CATALOG_INDEX_OFF,	/* not used: no index path, or dir is a file */
	CATALOG_INDEX_FRESH,	/* used; nothing changed, so not rewritten */
	CATALOG_INDEX_UPDATED,	/* used, and rewritten with the changes */
	CATALOG_INDEX_BUILT,	/* none usable: a new one was written */
	CATALOG_INDEX_UNWRITABLE	/* changed, but could not be written */
};

struct catalog {
	struct post *v;		/* sorted by path */
	size_t n;
	size_t files;		/* post files read, valid or not */
	size_t invalid;		/* files with errors (not in v) */
};

/* How a load went, for a debug line. */
struct catalog_info {
	size_t read;		/* files actually read (the index answered
				   for the others) */
	enum catalog_index index;
};

/* Decides whether a valid post is kept in memory. */
typedef bool (*catalog_keep_fn)(const struct post *p, void *arg);

/* Decides from a post's month and day alone whether it may be kept: keep
 * must return false for every post for which this returns false. */
typedef bool (*catalog_want_fn)(int month, int day, void *arg);

/*
 * Reads every post file under dir (recursively, sorted by path; hidden
 * files and editor leftovers skipped; only *.json), or the single file dir
 * names. Valid posts for which keep returns true (all when keep is NULL)
 * are kept in *out; the rest are freed as soon as they are read, so memory
 * holds only what the caller asked for. Ids must be unique across all the
 * files read. Every problem goes to d. Returns 0, or -1 when dir cannot be
 * read at all.
 *
 * Symbolic links: a link to a post file is read when what it leads to is
 * inside posts_dir (when dir is posts_dir, lies in it, or leads into it;
 * posts_dir NULL: dir) or else inside dir (a folder) or the folder holding
 * dir (a file). One leading anywhere else, and dir itself when it is a
 * link inside posts_dir leading out of it, is refused unread with an error
 * naming the link ("a symbolic link to a file outside posts_dir"), so that
 * no message ever quotes what such a file holds. Links to folders are
 * never followed; one leading outside is refused the same way.
 */
int catalog_load(const char *dir, const char *posts_dir,
    catalog_keep_fn keep, void *arg, struct catalog *out, struct diags *d);

/*
 * catalog_load with the index at index (index.h; NULL: none, as
 * catalog_load), dir being posts_dir. A file whose record is current and
 * whose month and day want rejects is not read at all; every other file is
 * read as catalog_load reads it. The posts kept, out's counts (but read)
 * and the diagnostics, in their order, are exactly catalog_load's with
 * the same keep, when want is NULL or agrees with keep as said above. The
 * index is made or brought up to date, atomically, when anything changed.
 * When dir names a file, the index is not used. If the index fails
 * half-way, the load starts again without it, so keep may see a post
 * twice. info, when not NULL, says how many files were read and what
 * became of the index.
 */
int catalog_load_indexed(const char *dir, const char *index,
    catalog_want_fn want, catalog_keep_fn keep, void *arg,
    struct catalog *out, struct diags *d, struct catalog_info *info);

/* "off", "fresh", "updated", "built" or "unwritable". */
const char *catalog_index_word(enum catalog_index i);

/*
 * The posts of c's posts_dir with an anniversary on *day (c's leap_day
 * policy), or all of them when day is NULL, through the index in c's
 * state_dir (index_path: off with ALMANAC_NO_INDEX=1).
 */
int catalog_load_day(const struct config *c, const struct ymd *day,
    struct catalog *out, struct diags *d, struct catalog_info *info);
void catalog_free(struct catalog *c);

/* True when post p has an anniversary on day (month and day match, with
 * the leap_day policy for February 29), whatever its filters say. */
bool catalog_on_day(const struct post *p, struct ymd day,
    enum leap_day leap);

#endif
