/*
 * ledger_impl: what ledger.c and ledger_rows.c share; nothing else
 * includes it. ledger.c opens the ledger and defines the helpers below;
 * ledger_rows.c reads and writes the rows.
 *
 * A helper that fails returns -1 (ledger_prepare: NULL) with *err set to
 * an allocated sentence (the caller frees it) that names the database
 * file.
 */
#ifndef ALMANAC_LEDGER_IMPL_H
#define ALMANAC_LEDGER_IMPL_H

#include <stdbool.h>

#include <sqlite3.h>

/* An open ledger: ledger.h's struct ledger. */
struct ledger {
	sqlite3 *db;
	char *path;		/* state_dir/almanac.db, for messages */
	long long clock;	/* 0: time(NULL) */
	bool locked;		/* a wait for the write lock ran out */
};

/* Sets *err to "path: message" and returns -1. */
int ledger_fail(const char *path, char **err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets *err from the last SQLite error of l ("path: what: reason", or a
 * sentence of its own for a lock held too long, a full disk, a file that
 * is not a database or a damaged one; a lock also sets l->locked), then
 * rolls back an open transaction. Returns -1. */
int ledger_db_fail(struct ledger *l, char **err, const char *what);

/* BEGIN IMMEDIATE: takes the write lock, waiting up to the busy timeout.
 * Returns 0 or -1. */
int ledger_tx_begin(struct ledger *l, const char *what, char **err);

/* COMMIT; on failure the transaction is rolled back. Returns 0 or -1. */
int ledger_tx_commit(struct ledger *l, const char *what, char **err);

/* Rolls back the open transaction, if any. */
void ledger_tx_rollback(struct ledger *l);

/* sql prepared on l's connection (the caller finalizes it), or NULL. */
sqlite3_stmt *ledger_prepare(struct ledger *l, const char *sql,
    const char *what, char **err);

#endif
