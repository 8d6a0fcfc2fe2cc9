/*
 * publish: one run of "almanac publish": the day's due pairs claimed in the
 * ledger, sent concurrently through the HTTP engine, their outcomes
 * recorded and logged, the Atom feed rewritten, and the exit code.
 * See docs/exactly-once.md.
 */
#ifndef ALMANAC_PUBLISH_H
#define ALMANAC_PUBLISH_H

#include <stdbool.h>

#include "app.h"
#include "ledger.h"

struct publish_opts {
	bool have_date;		/* --date: that day, slots and grace ignored */
	struct ymd date;
	bool force;		/* --force: --date of a day other than today
				   publishes; without it the run refuses */
	unsigned platforms;	/* mask of --platform; 0 = all enabled */
	bool dry_run;		/* say what would be sent; send and record
				   nothing */
	unsigned claim_flags;	/* CLAIM_RETRY_UNKNOWN, CLAIM_RETRY_FAILED,
				   CLAIM_LATE (--late: slots past the grace
				   and missed pairs are sent) */
	bool new_ledger;	/* --new-ledger: start a new ledger where
				   one was kept (LEDGER_NEW_OK) */
};

/* What a run did, for the summary line and the exit code. */
struct publish_summary {
	int published, failed_retryable, failed, unknown, missed, skipped;
	int not_due, already;
	int already_published;	/* pairs of the day published before this
				   run (in the summary line) */
	int waiting;		/* retryable failures whose rate limit
				   has not ended: not sent in this run */
	int ledger_errors;	/* claims, outcomes, marks or the recovery
				   that the ledger could not record */
	bool locked;		/* another program held the ledger */
	bool clock_back;	/* the clock reads earlier than the last
				   run recorded: nothing was done */
	bool config_error;	/* a platform's credentials are missing, or
				   an answer says a setting is wrong */
	bool post_error;	/* a post file is invalid or cannot be
				   formatted */
};

/*
 * Runs one publish. Logs one line per pair and outcome and a summary line.
 * Returns the exit code: 73, 78, 65, 1, 75 or 0 (the first that applies),
 * or 2 (EXIT_USAGE) when --date names another day than today without
 * --force (the texts that say "today" are logged; nothing is opened or
 * sent).
 */
int publish_run(struct app *app, const struct publish_opts *o,
    struct publish_summary *sum);

/* The exit code for a summary, in the order 73 (the ledger could not
 * record something), 78, 65, 1, 75 (retryable, waiting for a rate limit,
 * the ledger was locked, or the clock went back), 0. */
int publish_exit_code(const struct publish_summary *s);

/* Path of the pause flag file (allocated). */
char *publish_pause_path(const struct config *c);

/*
 * When the next thing is due today, for the daemon: reads the posts and the
 * plan of app->today and the ledger (read-only: rotation, and the pairs
 * waiting for a rate limit; no network, no lock) and sets *when to the
 * earliest of the slots of chosen posts after app->now and the "not
 * before" times after it of yesterday's and today's pairs waiting for a
 * platform's rate limit, or to the next local midnight when none is left. Returns 0, or -1 when the
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
