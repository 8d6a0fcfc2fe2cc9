/*
 * catalog: the post files under posts_dir, and a day's plan: which posts
 * are anniversaries of the day, which are chosen, why, and their slots.
 *
 * See DESIGN.md "Post files" and "Which posts go out on a day".
 */
#ifndef ALMANAC_CATALOG_H
#define ALMANAC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "post.h"

struct catalog {
	struct post *v;		/* sorted by path */
	size_t n;
	size_t files;		/* post files read, valid or not */
	size_t invalid;		/* files with errors (not in v) */
};

/* Decides whether a valid post is kept in memory. */
typedef bool (*catalog_keep_fn)(const struct post *p, void *arg);

/*
 * Reads every post file under dir (recursively, sorted by path; hidden
 * files and editor leftovers skipped; only *.json), or the single file dir
 * names. Valid posts for which keep returns true (all when keep is NULL)
 * are kept in *out; the rest are freed as soon as they are read, so memory
 * holds only what the caller asked for. Ids must be unique across all the
 * files read. Every problem goes to d. Returns 0, or -1 when dir cannot be
 * read at all.
 */
int catalog_load(const char *dir, catalog_keep_fn keep, void *arg,
    struct catalog *out, struct diags *d);
void catalog_free(struct catalog *c);

/* True when post p has an anniversary on day (month and day match, with
 * the leap_day policy for February 29), whatever its filters say. */
bool catalog_on_day(const struct post *p, struct ymd day,
    enum leap_day leap);

/* Years since the event on day, or -1 for a post without a year. */
int catalog_years_ago(const struct post *p, struct ymd day);

/* How round an anniversary is: 4 for multiples of 100, 3 of 50, 2 of 25,
 * 1 of 10, else 0. */
int catalog_roundness(int years_ago);

/* One candidate of a day. */
struct plan_entry {
	const struct post *post;	/* borrowed from the catalog */
	bool eligible;		/* passes draft, years and date filters */
	bool chosen;		/* eligible and within max_per_day */
	int years_ago;		/* -1 without a year */
	int slot;		/* minutes after midnight, -1 if not chosen */
	long long last_sent;	/* from the ledger; 0 = never */
	char *reason;		/* why chosen or left out (allocated) */
};

struct day_plan {
	struct ymd day;
	struct plan_entry *v;	/* chosen first, in slot order; then the rest */
	size_t n;
};

/* The ledger's answer for rotation: when post id last went out (Unix
 * time), 0 for never. NULL means "never" for all. */
typedef long long (*last_sent_fn)(const char *id, void *arg);

/*
 * The plan of day from the posts of cat: candidates (anniversaries of day),
 * filtered, ranked (priority, roundness, least recently sent, id), the
 * first max_per_day chosen (0 = all) and given slots. Entries borrow the
 * posts of cat. Free with day_plan_free.
 */
void catalog_plan(const struct catalog *cat, struct ymd day,
    const struct config *c, last_sent_fn last_sent, void *arg,
    struct day_plan *out);
void day_plan_free(struct day_plan *p);

#endif
