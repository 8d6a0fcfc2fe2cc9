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

/*
 * When the next thing is due today, for the daemon: reads the posts and the
 * plan of app->today (the ledger only for rotation; no network, no lock)
 * and sets *when to the earliest slot of a chosen post after app->now, or
 * to the next local midnight when none is left. Returns 0, or -1 when the
 * posts or the zone cannot be read (*when is then untouched).
 */
int publish_next_due(struct app *app, time_t *when);

/*
 * Asks the run in progress, and any later one, to stop: requests in flight
 * finish (or time out), the others are not sent (they stay retryable) and
 * nothing is retried. Async-signal-safe: it only sets flags and calls
 * http_engine_stop.
 */
void publish_request_stop(void);

#endif
