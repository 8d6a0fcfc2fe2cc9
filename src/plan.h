/*
 * plan: a day's plan. Of the posts of a catalog, which are anniversaries
 * of the day (catalog_on_day), which of those may go out (drafts, the
 * event's year, the "years" filters), how they rank (priority, roundness
 * of the anniversary, least recently sent, id), which are chosen (the
 * first max_per_day) and each chosen post's slot (its "time", or a place
 * spread over schedule.window). Every entry carries the sentence that
 * says why it was chosen or left out.
 *
 * publish, preview and calendar all plan through here, so a day's choice
 * and slots are the same whichever asks. Pure: nothing here prints, reads
 * files or fails (allocation cannot fail, xalloc.h); the ledger's history
 * comes in through a callback. See docs/exactly-once.md "The day's plan"
 * and docs/post-format.md "When a post goes out".
 */
#ifndef ALMANAC_PLAN_H
#define ALMANAC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "config.h"
#include "date.h"
#include "post.h"

/* One candidate of a day. */
struct plan_entry {
	const struct post *post;	/* borrowed from the catalog */
	bool eligible;		/* passes draft, years and date filters */
	bool chosen;		/* eligible and within max_per_day */
	int years_ago;		/* -1 without a year */
	int slot;		/* minutes after midnight, -1 if not chosen */
	long long last_sent;	/* from the ledger; 0 = never */
	char *reason;		/* why chosen or left out (allocated; owned
				   by the plan) */
};

struct day_plan {
	struct ymd day;
	struct plan_entry *v;	/* chosen first, in slot order; then the rest */
	size_t n;
};

/* The ledger's answer for rotation: when post id last went out (Unix
 * time) before the year of day (the day being planned), 0 for never.
 * Sends of day's own year never count, so a day's plan stays the same
 * however many runs send its posts. NULL means "never" for all. */
typedef long long (*last_sent_fn)(const char *id, struct ymd day,
    void *arg);

/*
 * The plan of day from the posts of cat into *out: candidates
 * (anniversaries of day under c's leap_day), filtered, ranked (priority,
 * roundness, least recently sent, id), the first max_per_day chosen (0 =
 * all) and given slots. last_sent (with arg) is asked only for eligible
 * posts. Entries borrow the posts of cat, which must outlive the plan.
 * Free with day_plan_free.
 */
void plan_day(const struct catalog *cat, struct ymd day,
    const struct config *c, last_sent_fn last_sent, void *arg,
    struct day_plan *out);
/* Frees the entries and their reasons (not the posts); *p is emptied. */
void day_plan_free(struct day_plan *p);

/* Years since the event on day, or -1 for a post without a year. */
int plan_years_ago(const struct post *p, struct ymd day);

/* How round an anniversary is: 4 for multiples of 100, 3 of 50, 2 of 25,
 * 1 of 10, else 0. */
int plan_roundness(int years_ago);

#endif
