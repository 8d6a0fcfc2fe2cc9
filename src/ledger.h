/*
 * ledger: the delivery ledger, an SQLite database state_dir/almanac.db with
 * one row per (day, post id, platform). See docs/exactly-once.md.
 *
 * Every change is its own committed transaction (BEGIN IMMEDIATE), so two
 * processes never claim the same pair and a crash loses at most the answer
 * to a request in flight, which shows as "sending" and becomes "unknown" at
 * the next start. The file is created with mode 0600; the schema carries a
 * version number (PRAGMA user_version) and is migrated on open.
 *
 * Functions return 0 on success and -1 on failure with *err set to an
 * allocated sentence (caller frees) naming the database file. Strings in
 * returned rows are allocated; free rows with ledger_rows_free.
 */
#ifndef ALMANAC_LEDGER_H
#define ALMANAC_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

enum ledger_state {
	LS_NONE = 0,		/* no row */
	LS_SENDING,
	LS_PUBLISHED,
	LS_FAILED,
	LS_UNKNOWN,
	LS_MISSED,
	LS_SKIPPED
};

/* "sending", "published", ... and back (LS_NONE when unknown). */
const char *ledger_state_name(enum ledger_state s);
enum ledger_state ledger_state_lookup(const char *name);

struct ledger;

struct ledger_row {
	char *day;		/* "YYYY-MM-DD" */
	char *post_id;
	char *platform;
	enum ledger_state state;
	bool retryable;		/* for LS_FAILED */
	int attempts;		/* requests sent for this pair so far */
	char *remote_id;	/* NULL until published */
	char *permalink;
	int http_status;	/* 0 when no answer */
	char *error;		/* the last error, NULL when none */
	char *step;		/* adapter progress kept across runs, e.g.
				   Instagram's container id; NULL */
	char *title;		/* what was published (feed entries) */
	char *text;
	char *link;
	char *image;		/* the picture's public address, NULL */
	long long created;	/* Unix times */
	long long updated;
	long long published_at;	/* 0 unless published */
	long long not_before;	/* a retryable failure is not claimed
				   before this Unix time (a rate limit);
				   0 for none */
};

/* Flags of ledger_open. */
enum ledger_open_flags {
	LEDGER_NEW_OK = 1	/* start a new ledger where one was kept */
};

/* What ledger_open returns when another program held the ledger's lock
 * past the wait (10 s); *err says so. */
#define LEDGER_LOCKED	(-2)

/*
 * Opens (creating the folder, mode 0700, and the file, mode 0600, when
 * missing) state_dir/almanac.db and migrates its schema.
 *
 * Continuity: when almanac.db is missing or empty but state_dir shows that
 * a ledger was kept there (the run lock almanac.lock, a non-empty
 * almanac.db-wal or -shm, or any non-empty file of the NULL-terminated
 * list evidence, such as the Atom feed), it is refused with -1 and an
 * *err that says what was found and how to go on, unless flags has
 * LEDGER_NEW_OK (then a stale -wal and -shm are removed first).
 *
 * Returns 0, -1 on error, or LEDGER_LOCKED.
 */
int ledger_open(const char *state_dir, unsigned flags,
    const char *const *evidence, struct ledger **out, char **err);
void ledger_close(struct ledger *l);

/* Opens state_dir/almanac.db read-only when it exists and has a schema
 * this version reads, for readers that must change nothing (preview's
 * rotation history, status). *out is NULL (and 0 returned) when there is
 * none. */
int ledger_open_existing(const char *state_dir, struct ledger **out,
    char **err);

/* Sets the clock for the times the ledger writes (created, updated,
 * published_at), as Unix time: for --now and for tests. 0, the default,
 * means the real time, time(NULL). */
void ledger_set_clock(struct ledger *l, long long now);

/* At the start of a run: every "sending" row becomes "unknown" with the
 * error "the run sending it stopped before the answer came". *rows (free
 * with ledger_rows_free) and *n get the rows changed, as they are now. */
int ledger_recover(struct ledger *l, struct ledger_row **rows, size_t *n,
    char **err);

/* Records t (Unix time) as the time of the last run and sets *prev to the
 * one recorded before (0 when none), in one transaction. */
int ledger_swap_last_run(struct ledger *l, long long t, long long *prev,
    char **err);

/* Whether a call of this ledger failed because another program held the
 * write lock past the wait (10 s). Callers stop writing then: every
 * further write would wait as long. */
bool ledger_locked(const struct ledger *l);

/* What a claim may take over besides a missing row and a retryable
 * failure. */
enum claim_flags {
	CLAIM_RETRY_UNKNOWN = 1,	/* also "unknown" rows */
	CLAIM_RETRY_FAILED = 2,		/* also non-retryable "failed" rows */
	CLAIM_LATE = 4			/* also "missed" rows */
};

/*
 * Claims the pair for sending: in one committed transaction, creates the
 * row or moves it to "sending" when it is absent, "failed" and retryable
 * (and its not_before has come, on the ledger's clock), or allowed by
 * flags; "attempts" goes up by one and not_before is cleared. Returns 1
 * when claimed, 0 when the pair is not to be sent (its row is in *state:
 * published, sending in another run, unknown, missed, skipped, failed
 * for good, or failed and waiting for its not_before), -1 on error.
 */
int ledger_claim(struct ledger *l, const char *day, const char *post_id,
    const char *platform, unsigned flags, enum ledger_state *state,
    char **err);

/* The outcome of a claimed pair. */
struct ledger_outcome {
	enum ledger_state state;	/* PUBLISHED, FAILED, UNKNOWN, or
					   MISSED (a rate limit that lasts
					   past the slot's grace) */
	bool retryable;
	long long not_before;		/* FAILED and retryable: not claimed
					   again before (Unix time); 0 */
	int http_status;
	const char *remote_id, *permalink, *error;
	const char *title, *text, *link;	/* stored when published */
	const char *image;	/* published: the picture's public address
				   (the feed's enclosure), NULL for none */
};

/* Records the outcome of a claimed pair (it must be "sending"):
 * published, failed, unknown, or missed (a rate limit past the grace). */
int ledger_finish(struct ledger *l, const char *day, const char *post_id,
    const char *platform, const struct ledger_outcome *o, char **err);

/* Stores adapter progress (e.g. a container id) on a "sending" row, so a
 * later attempt resumes instead of starting over. NULL clears it. */
int ledger_set_step(struct ledger *l, const char *day, const char *post_id,
    const char *platform, const char *step, char **err);

/*
 * Records a pair that is not sent: LS_MISSED (its slot is past the grace)
 * or LS_SKIPPED (the post says skip, or it cannot be formatted), with the
 * reason. Only when the pair has no row yet, or, for LS_MISSED, when its
 * row is a retryable failure (its error is then kept after the reason,
 * "REASON; it had failed: ERROR"); returns 1 when recorded, 0 when
 * another row existed.
 */
int ledger_mark(struct ledger *l, const char *day, const char *post_id,
    const char *platform, enum ledger_state state, const char *reason,
    char **err);

/* The row of a pair: 1 and *row filled, 0 when none, -1 on error. */
int ledger_get(struct ledger *l, const char *day, const char *post_id,
    const char *platform, struct ledger_row *row, char **err);

/* Rows of the days from..to (inclusive, "YYYY-MM-DD"), ordered by day, post
 * id, platform. */
int ledger_rows(struct ledger *l, const char *from, const char *to,
    struct ledger_row **rows, size_t *n, char **err);

/* The newest published rows of platform, newest first, at most limit. */
int ledger_latest(struct ledger *l, const char *platform, int limit,
    struct ledger_row **rows, size_t *n, char **err);

/* When post_id was last published on any platform (Unix time) for a day
 * before before_day ("YYYY-MM-DD"), 0 for never or on error; for the
 * max_per_day rotation. */
long long ledger_last_sent(struct ledger *l, const char *post_id,
    const char *before_day);
/* For plan_day's rotation (the arguments of plan.h's last_sent_fn;
 * arg is the ledger): the last send of the years before day's, so that
 * sends made on day itself never change day's plan. */
long long ledger_history(const char *post_id, struct ymd day, void *ledger);

void ledger_row_free(struct ledger_row *r);
void ledger_rows_free(struct ledger_row *rows, size_t n);

#endif
