/*
 * publish: one run of "almanac publish": the day's due pairs claimed in the
 * ledger, sent concurrently through the HTTP engine, their outcomes
 * recorded and logged, the Atom feed rewritten, and the exit code.
 * See DESIGN.md "Publishing, exactly once", "Logging", "Exit codes".
 */
#ifndef ALMANAC_PUBLISH_H
#define ALMANAC_PUBLISH_H

#include <stdbool.h>

#include "commands.h"
#include "ledger.h"

struct publish_opts {
	bool have_date;		/* --date: that day, slots and grace ignored */
	struct ymd date;
	unsigned platforms;	/* mask of --platform; 0 = all enabled */
	bool dry_run;		/* say what would be sent; send and record
				   nothing */
	unsigned claim_flags;	/* CLAIM_RETRY_UNKNOWN, CLAIM_RETRY_FAILED */
};

/* What a run did, for the summary line and the exit code. */
struct publish_summary {
	int published, failed_retryable, failed, unknown, missed, skipped;
	int not_due, already;
	bool config_error;	/* a platform's credentials are missing */
	bool post_error;	/* a post file is invalid or cannot be
				   formatted */
};

/*
 * Runs one publish. Logs one line per pair and outcome and a summary line.
 * Returns the exit code: 78, 65, 1, 75 or 0 (the first that applies).
 */
int publish_run(struct app *app, const struct publish_opts *o,
    struct publish_summary *sum);

/* The exit code for a summary, in DESIGN's order 78, 65, 1, 75, 0. */
int publish_exit_code(const struct publish_summary *s);

/* Path of the pause flag file (allocated). */
char *publish_pause_path(const struct config *c);

#endif
