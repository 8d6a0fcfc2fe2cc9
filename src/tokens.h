/*
 * tokens: the token store, state_dir/tokens.db, a small SQLite file of
 * mode 0600 that keeps what almanac was given by the platforms' token
 * endpoints (a renewed access token, the refresh token that came with it,
 * when each ends) and so outlives the credentials file, which stays
 * read-only (systemd's LoadCredential= hands it so).
 *
 * One row per (platform, name): its value, when it ends (Unix time, 0 when
 * unknown or never) and when it was written. Names are the credential keys
 * they stand for ("access_token", "refresh_token") or any other a platform
 * needs kept (a session's identifier, a token of another kind): the store
 * does not know them.
 *
 * Why a file of its own and not a table of the ledger: a ledger restored
 * from a backup must not bring back a refresh token that has since been
 * rotated (the platform refuses the old one); the store is read by every
 * command that sends (doctor too) without the ledger's lock and
 * continuity guard; and SQLite gives each write as one durable transaction
 * (synchronous = FULL), with two programs writing at once serialized by
 * its lock, which a file replaced whole would need a lock of its own for.
 *
 * Values are secrets: they never appear in a message, and are overwritten
 * with zeros when freed. Nothing here prints.
 */
#ifndef ALMANAC_TOKENS_H
#define ALMANAC_TOKENS_H

#include <stddef.h>

struct token {
	char *platform;
	char *name;		/* "access_token", "refresh_token", ... */
	char *value;
	long long expires_at;	/* Unix time; 0 = unknown or never */
	long long updated_at;	/* Unix time it was written */
};

/* A row to write (tokens_put); strings borrowed. */
struct token_value {
	const char *platform;
	const char *name;
	const char *value;
	long long expires_at;	/* Unix time; 0 = unknown or never */
};

/* What was read from the store; all strings owned. */
struct tokens {
	struct token *v;
	size_t n;
};

#define TOKENS_INIT { NULL, 0 }

/* The row that says which refresh token of the credentials file a
 * platform's stored tokens descend from (its value is that token's
 * SHA-256, adapter_seed in platforms.h): when
 * the file holds another one, the operator gave almanac a new start, and
 * the stored tokens are left aside (adapter_store_current). */
#define TOKENS_SEED "seed_refresh_token"

/* The row that names the account a platform's stored tokens are for (a
 * Bluesky did): not a secret, so it is not kept out of log lines. */
#define TOKENS_ACCOUNT "account"

/* state_dir/tokens.db, allocated. */
char *tokens_path(const char *state_dir);

/*
 * Reads every row of the store into *t (emptied first). A store that does
 * not exist is empty: returns 0. Returns -1 with *err (allocated, naming
 * the file) when it cannot be read; *t is then empty.
 */
int tokens_load(const char *state_dir, struct tokens *t, char **err);

/* The row (platform, name) of t, or NULL. Borrowed from t. */
const struct token *tokens_get(const struct tokens *t, const char *platform,
    const char *name);

/*
 * Writes the n rows v (updated_at set to now) to the store in one transaction, replacing
 * rows of the same (platform, name), and on disk (fsync) when it returns
 * 0; then into *t as well. Makes the store (mode 0600) and state_dir (mode
 * 0700, one level) when missing. Returns -1 with *err (allocated) when it
 * could not be written: *t and the store are then as they were.
 */
int tokens_put(const char *state_dir, struct tokens *t,
    const struct token_value *v, size_t n, long long now, char **err);

/* Zeroes and frees every value of t and empties it. */
void tokens_free(struct tokens *t);

#endif
