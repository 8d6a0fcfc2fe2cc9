/*
 * tokens: the token store in state_dir/tokens.db (see tokens.h).
 *
 * The file is made here with open(O_CREAT | O_NOFOLLOW, 0600) before
 * SQLite sees it, and put back to 0600 when it is found wider; SQLite
 * gives its -journal file the same mode. Settings: the rollback journal
 * (the default; one small write per renewal), synchronous = FULL (a row
 * is on disk before tokens_put returns: a rotated refresh token is the
 * only one the platform still takes), busy_timeout 10 s (two programs
 * writing at once wait for each other), trusted_schema = OFF.
 */
#include "tokens.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "xalloc.h"

#define TOKENS_FILE "tokens.db"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS token ("
    " platform TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " expires_at INTEGER NOT NULL DEFAULT 0,"
    " updated_at INTEGER NOT NULL,"
    " PRIMARY KEY (platform, name))";

char *
tokens_path(const char *state_dir)
{
	return xasprintf("%s/%s", state_dir, TOKENS_FILE);
}

/* Zeroes and frees s. */
static void
free_secret(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

static void
token_clear(struct token *k)
{
	free(k->platform);
	free(k->name);
	free_secret(k->value);
	memset(k, 0, sizeof(*k));
}

void
tokens_free(struct tokens *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		token_clear(&t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* The index of (platform, name) in t, or t->n. */
static size_t
find(const struct tokens *t, const char *platform, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].platform, platform) == 0 &&
		    strcmp(t->v[i].name, name) == 0)
			break;
	return i;
}

const struct token *
tokens_get(const struct tokens *t, const char *platform, const char *name)
{
	size_t i;

	if (t == NULL || (i = find(t, platform, name)) == t->n)
		return NULL;
	return &t->v[i];
}

/* Sets (platform, name) in t to a copy of k, written at updated. */
static void
memory_put(struct tokens *t, const struct token_value *k, long long updated)
{
	size_t i = find(t, k->platform, k->name);
	struct token *d;

	if (i == t->n) {
		t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
		d = &t->v[t->n++];
	} else {
		d = &t->v[i];
		token_clear(d);
	}
	d->platform = xstrdup(k->platform);
	d->name = xstrdup(k->name);
	d->value = xstrdup(k->value);
	d->expires_at = k->expires_at;
	d->updated_at = updated;
}

/* "the token store FILE: WHAT", allocated. */
static char *
fail(const char *path, const char *what, sqlite3 *db)
{
	return xasprintf("the token store %s: %s%s%s", path, what,
	    db != NULL ? ": " : "", db != NULL ? sqlite3_errmsg(db) : "");
}

/*
 * Makes sure path is a regular file of mode 0600 that is no symbolic link
 * (create: making it when missing). Returns 1 when it is there, 0 when it
 * is missing (and !create), -1 with *err.
 */
static int
check_file(const char *path, int create, char **err)
{
	struct stat st;
	int fd, flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;

	if (create)
		flags = O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
	fd = open(path, flags, 0600);
	if (fd == -1) {
		if (errno == ENOENT && !create)
			return 0;
		*err = xasprintf("the token store %s: %s", path,
		    errno == ELOOP ? "is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("the token store %s: not a regular file",
		    path);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0 && st.st_uid == geteuid() &&
	    fchmod(fd, 0600) == -1) {
		*err = xasprintf("the token store %s: others can read it and "
		    "it cannot be made private: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 1;
}

/* Opens the store at path with its settings and schema. */
static int
open_db(const char *path, int flags, sqlite3 **out, char **err)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		*err = fail(path, "cannot be opened", db);
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, "PRAGMA trusted_schema = OFF;"
	    " PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK ||
	    ((flags & SQLITE_OPEN_READWRITE) && sqlite3_exec(db, schema,
	    NULL, NULL, NULL) != SQLITE_OK)) {
		*err = fail(path, "cannot be set up", db);
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* Reads every row of db into t. */
static int
read_rows(sqlite3 *db, const char *path, struct tokens *t, char **err)
{
	sqlite3_stmt *st = NULL;
	struct token_value k;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT platform, name, value, expires_at,"
	    " updated_at FROM token ORDER BY platform, name", -1, &st,
	    NULL) != SQLITE_OK) {
		*err = fail(path, "cannot be read", db);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k.platform = (const char *)sqlite3_column_text(st, 0);
		k.name = (const char *)sqlite3_column_text(st, 1);
		k.value = (const char *)sqlite3_column_text(st, 2);
		k.expires_at = sqlite3_column_int64(st, 3);
		if (k.platform != NULL && k.name != NULL && k.value != NULL)
			memory_put(t, &k, sqlite3_column_int64(st, 4));
	}
	if (rc != SQLITE_DONE) {
		*err = fail(path, "cannot be read", db);
		sqlite3_finalize(st);
		tokens_free(t);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
tokens_load(const char *state_dir, struct tokens *t, char **err)
{
	char *path = tokens_path(state_dir);
	sqlite3 *db;
	int rc;

	tokens_free(t);
	if ((rc = check_file(path, 0, err)) <= 0) {
		free(path);
		return rc;
	}
	/* Read-write, for a store made by an older almanac that lacks the
	 * table; nothing is written unless it does. */
	if (open_db(path, SQLITE_OPEN_READWRITE, &db, err) == -1) {
		free(path);
		return -1;
	}
	rc = read_rows(db, path, t, err);
	sqlite3_close(db);
	free(path);
	return rc;
}

/* Writes the rows in one transaction. */
static int
write_rows(sqlite3 *db, const char *path, const struct token_value *v,
    size_t n, long long now, char **err)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		*err = fail(path, "cannot be written", db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO token (platform,"
	    " name, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		if (sqlite3_bind_text(st, 1, v[i].platform, -1,
		    SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, v[i].name, -1, SQLITE_STATIC) !=
		    SQLITE_OK ||
		    sqlite3_bind_text(st, 3, v[i].value, -1, SQLITE_STATIC) !=
		    SQLITE_OK ||
		    sqlite3_bind_int64(st, 4, v[i].expires_at) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 5, now) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	*err = fail(path, "cannot be written", db);
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
tokens_put(const char *state_dir, struct tokens *t,
    const struct token_value *v, size_t n, long long now, char **err)
{
	char *path = tokens_path(state_dir);
	sqlite3 *db;
	size_t i;
	int rc;

	if (mkdir(state_dir, 0700) == -1 && errno != EEXIST) {
		*err = xasprintf("the token store %s: its folder cannot be "
		    "made: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (check_file(path, 1, err) == -1 || open_db(path,
	    SQLITE_OPEN_READWRITE, &db, err) == -1) {
		free(path);
		return -1;
	}
	rc = write_rows(db, path, v, n, now, err);
	if (sqlite3_close(db) != SQLITE_OK && rc == 0) {
		*err = fail(path, "cannot be closed", NULL);
		rc = -1;
	}
	free(path);
	if (rc == -1)
		return -1;
	for (i = 0; i < n; i++)
		memory_put(t, &v[i], now);
	return 0;
}
