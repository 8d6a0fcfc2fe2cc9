/*
 * ledger_rows: the rows of an open ledger (see ledger.h): the names of the
 * states, claims, outcomes, adapter progress, marks, the recovery of
 * "sending" rows, the time of the last run, and the readers of rows.
 * Opening the ledger, its schema and the helpers used here for SQLite
 * errors, transactions and statements are ledger.c's (ledger_impl.h).
 *
 * Every change is its own BEGIN IMMEDIATE ... COMMIT, and values are
 * always bound, never pasted into SQL (see ledger.c).
 */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "ledger_impl.h"
#include "xalloc.h"
/* The columns of struct ledger_row, in the order read_row expects. */
#define ROW_COLUMNS \
	"day, post_id, platform, state, retryable, attempts, remote_id," \
	" permalink, http_status, error, step, title, text, link, created," \
	" updated, published_at, not_before, image"

static const char *const state_names[] = {
	[LS_NONE] = "none",
	[LS_SENDING] = "sending",
	[LS_PUBLISHED] = "published",
	[LS_FAILED] = "failed",
	[LS_UNKNOWN] = "unknown",
	[LS_MISSED] = "missed",
	[LS_SKIPPED] = "skipped"
};

#define NSTATES	((int)(sizeof(state_names) / sizeof(state_names[0])))

/* The name of a state: "sending", "published", ...; "none" for LS_NONE. */
const char *
ledger_state_name(enum ledger_state s)
{
	if ((int)s < 0 || (int)s >= NSTATES)
		return state_names[LS_NONE];
	return state_names[s];
}

/* The state with that name; LS_NONE for NULL or an unknown name. */
enum ledger_state
ledger_state_lookup(const char *name)
{
	int i;

	if (name == NULL)
		return LS_NONE;
	for (i = 1; i < NSTATES; i++)
		if (strcmp(state_names[i], name) == 0)
			return (enum ledger_state)i;
	return LS_NONE;
}

/* The time to write into the rows. */
static long long
now(const struct ledger *l)
{
	return l->clock != 0 ? l->clock : (long long)time(NULL);
}

/* Binds day, post id and platform to parameters 1, 2 and 3. */
static void
bind_pair(sqlite3_stmt *st, const char *day, const char *post_id,
    const char *platform)
{
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, post_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, platform, -1, SQLITE_STATIC);
}

/* Runs a statement that returns no rows; finalizes it. */
static int
step_done(struct ledger *l, sqlite3_stmt *st, const char *what, char **err)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* A text column as an allocated string, NULL for SQL NULL. */
static char *
column_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

/* Fills r from the current row of a statement selecting ROW_COLUMNS. */
static void
read_row(sqlite3_stmt *st, struct ledger_row *r)
{
	const unsigned char *state = sqlite3_column_text(st, 3);

	memset(r, 0, sizeof(*r));
	r->day = column_str(st, 0);
	r->post_id = column_str(st, 1);
	r->platform = column_str(st, 2);
	r->state = ledger_state_lookup((const char *)state);
	r->retryable = sqlite3_column_int(st, 4) != 0;
	r->attempts = sqlite3_column_int(st, 5);
	r->remote_id = column_str(st, 6);
	r->permalink = column_str(st, 7);
	r->http_status = sqlite3_column_int(st, 8);
	r->error = column_str(st, 9);
	r->step = column_str(st, 10);
	r->title = column_str(st, 11);
	r->text = column_str(st, 12);
	r->link = column_str(st, 13);
	r->created = sqlite3_column_int64(st, 14);
	r->updated = sqlite3_column_int64(st, 15);
	r->published_at = sqlite3_column_int64(st, 16);
	r->not_before = sqlite3_column_int64(st, 17);
	r->image = column_str(st, 18);
}

/* Collects every row a bound statement returns; finalizes it. */
static int
collect(struct ledger *l, sqlite3_stmt *st, struct ledger_row **rows,
    size_t *n, char **err)
{
	struct ledger_row *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		read_row(st, &v[len++]);
	}
	if (rc != SQLITE_DONE) {
		ledger_db_fail(l, err, "cannot read the ledger");
		sqlite3_finalize(st);
		ledger_rows_free(v, len);
		return -1;
	}
	sqlite3_finalize(st);
	*rows = v;
	*n = len;
	return 0;
}

/* Every "sending" row becomes "unknown"; the rows changed are returned. */
int
ledger_recover(struct ledger *l, struct ledger_row **rows, size_t *n,
    char **err)
{
	const char *what = "cannot recover the pairs left in sending";
	sqlite3_stmt *st;

	*rows = NULL;
	*n = 0;
	if (ledger_tx_begin(l, what, err) == -1)
		return -1;
	st = ledger_prepare(l, "UPDATE pairs SET state = 'unknown', error = ?1,"
	    " updated = ?2 WHERE state = 'sending' RETURNING " ROW_COLUMNS,
	    what, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "the run sending it stopped before the "
	    "answer came", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now(l));
	if (collect(l, st, rows, n, err) == -1)
		return -1;
	if (ledger_tx_commit(l, what, err) == -1) {
		ledger_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The time of the last run into *prev (0 for none), and t as the new
 * last run, in one transaction. */
int
ledger_swap_last_run(struct ledger *l, long long t, long long *prev,
    char **err)
{
	const char *what = "cannot record the time of this run";
	sqlite3_stmt *st;
	int rc;

	*prev = 0;
	if (ledger_tx_begin(l, what, err) == -1)
		return -1;
	st = ledger_prepare(l, "SELECT value FROM meta WHERE key = 'last_run'",
	    what, err);
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*prev = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	st = ledger_prepare(l, "INSERT INTO meta (key, value)"
	    " VALUES ('last_run', ?1)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", what,
	    err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, t);
	if (step_done(l, st, what, err) == -1 ||
	    ledger_tx_commit(l, what, err) == -1)
		return -1;
	return 0;
}

/* Whether a row in state s may be claimed under flags; a retryable
 * failure only once its not_before has come (sending sooner would meet
 * the same rate limit). */
static int
claimable(enum ledger_state s, int retryable, long long wait_until,
    long long now, unsigned flags)
{
	switch (s) {
	case LS_FAILED:
		if (retryable)
			return wait_until <= now;
		return (flags & CLAIM_RETRY_FAILED) != 0;
	case LS_UNKNOWN:
		return (flags & CLAIM_RETRY_UNKNOWN) != 0;
	case LS_MISSED:
		return (flags & CLAIM_LATE) != 0;
	default:
		return 0;
	}
}

/* Claims the pair for sending: 1 claimed, 0 not to be sent, -1 error. */
int
ledger_claim(struct ledger *l, const char *day, const char *post_id,
    const char *platform, unsigned flags, enum ledger_state *state,
    char **err)
{
	enum ledger_state cur = LS_NONE;
	sqlite3_stmt *st;
	char *what;
	long long wait_until = 0;
	int rc, retryable = 0, ret = -1;

	if (state != NULL)
		*state = LS_NONE;
	what = xasprintf("cannot claim %s %s %s", day, post_id, platform);
	if (ledger_tx_begin(l, what, err) == -1)
		goto out;
	st = ledger_prepare(l, "SELECT state, retryable, not_before FROM pairs"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cur = ledger_state_lookup(
		    (const char *)sqlite3_column_text(st, 0));
		retryable = sqlite3_column_int(st, 1);
		wait_until = sqlite3_column_int64(st, 2);
	} else if (rc != SQLITE_DONE) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);

	if (rc == SQLITE_ROW && !claimable(cur, retryable, wait_until, now(l),
	    flags)) {
		/* Nothing changed: end the transaction and say why. */
		if (ledger_tx_commit(l, what, err) == -1)
			goto out;
		if (state != NULL)
			*state = cur;
		ret = 0;
		goto out;
	}
	if (rc == SQLITE_DONE)
		st = ledger_prepare(l, "INSERT INTO pairs (day, post_id,"
		    " platform, state, attempts, created, updated)"
		    " VALUES (?1, ?2, ?3, 'sending', 1, ?4, ?4)", what, err);
	else
		st = ledger_prepare(l, "UPDATE pairs SET state = 'sending',"
		    " attempts = attempts + 1, retryable = 0, http_status = 0,"
		    " error = NULL, not_before = 0, updated = ?4"
		    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3",
		    what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_int64(st, 4, now(l));
	if (step_done(l, st, what, err) == -1 ||
	    ledger_tx_commit(l, what, err) == -1)
		goto out;
	if (state != NULL)
		*state = LS_SENDING;
	ret = 1;
out:
	free(what);
	return ret;
}

/* Says why a pair is not "sending" (for finish and set_step). */
static int
not_sending(struct ledger *l, const char *day, const char *post_id,
    const char *platform, const char *what, char **err)
{
	struct ledger_row r;
	int found;

	found = ledger_get(l, day, post_id, platform, &r, err);
	if (found == -1)
		return -1;
	if (found == 0)
		ledger_fail(l->path, err, "%s: the pair has no row", what);
	else
		ledger_fail(l->path, err, "%s: the pair is %s, not sending",
		    what, ledger_state_name(r.state));
	ledger_row_free(&r);
	return -1;
}

/*
 * Runs st, an UPDATE of a pair that must be "sending", inside the open
 * transaction, and commits; rolls back with not_sending's message when no
 * row changed. Returns 0 or -1.
 */
static int
commit_sending(struct ledger *l, sqlite3_stmt *st, const char *day,
    const char *post_id, const char *platform, const char *what, char **err)
{
	if (step_done(l, st, what, err) == -1)
		return -1;
	if (sqlite3_changes(l->db) == 0) {
		ledger_tx_rollback(l);
		not_sending(l, day, post_id, platform, what, err);
		return -1;
	}
	return ledger_tx_commit(l, what, err);
}

/* Records the outcome of a claimed ("sending") pair. */
int
ledger_finish(struct ledger *l, const char *day, const char *post_id,
    const char *platform, const struct ledger_outcome *o, char **err)
{
	sqlite3_stmt *st;
	char *what;
	long long t = now(l);
	int pub, ret = -1;

	what = xasprintf("cannot record the outcome of %s %s %s", day,
	    post_id, platform);
	if (o->state != LS_PUBLISHED && o->state != LS_FAILED &&
	    o->state != LS_UNKNOWN && o->state != LS_MISSED) {
		ledger_fail(l->path, err, "%s: \"%s\" is not an outcome", what,
		    ledger_state_name(o->state));
		goto out;
	}
	pub = o->state == LS_PUBLISHED;
	if (ledger_tx_begin(l, what, err) == -1)
		goto out;
	st = ledger_prepare(l, "UPDATE pairs SET state = ?4, retryable = ?5,"
	    " http_status = ?6, remote_id = ?7, permalink = ?8, error = ?9,"
	    " title = ?10, text = ?11, link = ?12, updated = ?13,"
	    " published_at = ?14, not_before = ?15, image = ?16"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3"
	    " AND state = 'sending'", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_text(st, 4, ledger_state_name(o->state), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 5, o->state == LS_FAILED && o->retryable);
	sqlite3_bind_int(st, 6, o->http_status);
	sqlite3_bind_text(st, 7, o->remote_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, o->permalink, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, o->error, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, pub ? o->title : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, pub ? o->text : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, pub ? o->link : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, t);
	sqlite3_bind_int64(st, 14, pub ? t : 0);
	sqlite3_bind_int64(st, 15, o->state == LS_FAILED && o->retryable ?
	    o->not_before : 0);
	sqlite3_bind_text(st, 16, pub ? o->image : NULL, -1, SQLITE_STATIC);
	ret = commit_sending(l, st, day, post_id, platform, what, err);
out:
	free(what);
	return ret;
}

/* Stores adapter progress on a "sending" row. */
int
ledger_set_step(struct ledger *l, const char *day, const char *post_id,
    const char *platform, const char *step, char **err)
{
	sqlite3_stmt *st;
	char *what;
	int ret = -1;

	what = xasprintf("cannot store the progress of %s %s %s", day,
	    post_id, platform);
	if (ledger_tx_begin(l, what, err) == -1)
		goto out;
	st = ledger_prepare(l, "UPDATE pairs SET step = ?4, updated = ?5"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3"
	    " AND state = 'sending'", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_text(st, 4, step, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now(l));
	ret = commit_sending(l, st, day, post_id, platform, what, err);
out:
	free(what);
	return ret;
}

/* Records a pair that is not sent (missed or skipped) when it has no row. */
int
ledger_mark(struct ledger *l, const char *day, const char *post_id,
    const char *platform, enum ledger_state state, const char *reason,
    char **err)
{
	sqlite3_stmt *st;
	char *what;
	int ret = -1;

	what = xasprintf("cannot mark %s %s %s as %s", day, post_id,
	    platform, ledger_state_name(state));
	if (state != LS_MISSED && state != LS_SKIPPED) {
		ledger_fail(l->path, err, "%s: only missed or skipped can be "
		    "marked", what);
		goto out;
	}
	if (ledger_tx_begin(l, what, err) == -1)
		goto out;
	/* A retryable failure whose slot's grace has passed is missed too:
	 * nothing was posted (the platform refused it), and no run may
	 * send it now; its last error is kept after the reason. */
	st = ledger_prepare(l, "INSERT INTO pairs (day, post_id,"
	    " platform, state, error, created, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
	    " ON CONFLICT (day, post_id, platform) DO UPDATE SET"
	    " state = excluded.state, retryable = 0, not_before = 0,"
	    " error = excluded.error || '; it had failed: ' ||"
	    " coalesce(pairs.error, 'no reason kept'),"
	    " updated = excluded.updated"
	    " WHERE excluded.state = 'missed' AND pairs.state = 'failed'"
	    " AND pairs.retryable = 1", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_text(st, 4, ledger_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now(l));
	if (step_done(l, st, what, err) == -1)
		goto out;
	ret = sqlite3_changes(l->db) > 0;
	if (ledger_tx_commit(l, what, err) == -1)
		ret = -1;
out:
	free(what);
	return ret;
}

/* The row of a pair: 1 found, 0 none, -1 error. */
int
ledger_get(struct ledger *l, const char *day, const char *post_id,
    const char *platform, struct ledger_row *row, char **err)
{
	const char *what = "cannot read the ledger";
	sqlite3_stmt *st;
	int rc;

	memset(row, 0, sizeof(*row));
	st = ledger_prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3", what, err);
	if (st == NULL)
		return -1;
	bind_pair(st, day, post_id, platform);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, row);
	else if (rc != SQLITE_DONE)
		ledger_db_fail(l, err, what);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Rows of the days from..to, ordered by day, post id, platform. */
int
ledger_rows(struct ledger *l, const char *from, const char *to,
    struct ledger_row **rows, size_t *n, char **err)
{
	sqlite3_stmt *st;

	*rows = NULL;
	*n = 0;
	st = ledger_prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
	    " WHERE day BETWEEN ?1 AND ?2"
	    " ORDER BY day, post_id, platform", "cannot read the ledger", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	return collect(l, st, rows, n, err);
}

/* The newest published rows of platform, newest first; none when limit is
 * 0 or less. */
int
ledger_latest(struct ledger *l, const char *platform, int limit,
    struct ledger_row **rows, size_t *n, char **err)
{
	sqlite3_stmt *st;

	*rows = NULL;
	*n = 0;
	if (limit <= 0)
		return 0;
	st = ledger_prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
	    " WHERE platform = ?1 AND state = 'published'"
	    " ORDER BY published_at DESC, day DESC, post_id DESC LIMIT ?2",
	    "cannot read the ledger", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, platform, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	return collect(l, st, rows, n, err);
}

/* When post_id was last published for a day before before_day
 * ("YYYY-MM-DD"); 0 for never or on error. */
long long
ledger_last_sent(struct ledger *l, const char *post_id,
    const char *before_day)
{
	sqlite3_stmt *st = NULL;
	long long t = 0;

	/* published_at is 0 unless published, and a published row never
	 * changes state again. */
	if (sqlite3_prepare_v2(l->db, "SELECT max(published_at) FROM pairs"
	    " WHERE post_id = ?1 AND day < ?2", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_bind_text(st, 1, post_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, before_day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

/* ledger_last_sent for plan_day: sends of the years before day's. */
long long
ledger_history(const char *post_id, struct ymd day, void *ledger)
{
	char jan1[16];

	snprintf(jan1, sizeof(jan1), "%04d-01-01", day.y);
	return ledger_last_sent(ledger, post_id, jan1);
}

/* Frees the strings of a row and zeroes it. */
void
ledger_row_free(struct ledger_row *r)
{
	if (r == NULL)
		return;
	free(r->day);
	free(r->post_id);
	free(r->platform);
	free(r->remote_id);
	free(r->permalink);
	free(r->error);
	free(r->step);
	free(r->title);
	free(r->text);
	free(r->link);
	free(r->image);
	memset(r, 0, sizeof(*r));
}

/* Frees an array of rows from ledger_rows or ledger_latest. */
void
ledger_rows_free(struct ledger_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ledger_row_free(&rows[i]);
	free(rows);
}
