/*
 * ledger: the delivery ledger in SQLite (see ledger.h and
 * docs/exactly-once.md), opened: the state folder and the database file,
 * the continuity guard, the connection's settings and the schema's
 * migrations; and the helpers for SQLite errors, transactions and
 * statements that ledger_rows.c (claims, outcomes, marks, recovery and the
 * readers of rows) uses through ledger_impl.h.
 *
 * The database holds one table, "pairs", keyed by (day, post_id, platform),
 * with every field of struct ledger_row; states are stored by name so the
 * file reads well in the sqlite3 shell. Settings, made on every open:
 *
 *   journal_mode = WAL	  Readers (status, calendar) never block a
 *			  publishing run and a commit is one append to the
 *			  -wal file. The state folder is local (/var/lib),
 *			  which WAL needs. The mode is stored in the file.
 *   synchronous = FULL	  A commit is on disk before it returns: a claim
 *			  must be durable before its request goes out, or a
 *			  power cut could forget it and let the pair go twice.
 *   busy_timeout 10 s	  Two runs at once wait for each other's short
 *			  transactions instead of failing; past 10 s the
 *			  call fails and says the database is locked.
 *   foreign_keys = ON	  There are no foreign keys yet; on, so a later
 *			  schema that adds them gets them enforced.
 *   trusted_schema = OFF and SQLITE_DBCONFIG_DEFENSIVE: the schema may not
 *			  call functions with side effects, nor be changed
 *			  behind SQLite's back.
 *
 * Files: state_dir is created like mkdir -p, mode 0700; almanac.db is
 * created here with open(O_CREAT | O_EXCL, 0600) before SQLite sees it, and
 * refused when it is a symbolic link or not a regular file. SQLite gives
 * the -wal, -shm and -journal files the mode of the database file, so they
 * are 0600 too, whatever the umask. While a ledger is being opened, an
 * flock on the state folder keeps two programs from setting up a new file
 * at the same moment (see lock_dir).
 *
 * Every change runs in its own BEGIN IMMEDIATE ... COMMIT: the write lock
 * is taken before the row is read, so two runs never both see a pair as
 * free. Values are always bound, never pasted into SQL.
 *
 * The schema version is PRAGMA user_version; migrations[v] takes version v
 * to v + 1, each step in its own transaction that first re-reads the
 * version, so two programs opening an old file at once migrate it once.
 */
#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger_impl.h"
#include "xalloc.h"

#define LEDGER_FILE	"almanac.db"
#define BUSY_MS		10000

/* migrations[v] takes the schema from version v to v + 1. */
static const char *const migrations[] = {
	/* 0 -> 1: the pairs table and the indexes of ledger_latest and
	 * ledger_last_sent. */
	"CREATE TABLE pairs ("
	"  day TEXT NOT NULL,"
	"  post_id TEXT NOT NULL,"
	"  platform TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('sending', 'published',"
	"    'failed', 'unknown', 'missed', 'skipped')),"
	"  retryable INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  remote_id TEXT,"
	"  permalink TEXT,"
	"  http_status INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT,"
	"  step TEXT,"
	"  title TEXT,"
	"  text TEXT,"
	"  link TEXT,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  published_at INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (day, post_id, platform)"
	");"
	"CREATE INDEX pairs_latest ON pairs (platform, state, published_at);"
	"CREATE INDEX pairs_last_sent ON pairs (post_id, published_at);",
	/* 1 -> 2: facts about the runs, e.g. "last_run" (Unix time). */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	");",
	/* 2 -> 3: when a retryable failure may be claimed again (Unix time;
	 * 0 at once): the platform's rate limit said when to come back. */
	"ALTER TABLE pairs ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;",
	/* 3 -> 4: the public address of the picture a published pair
	 * showed (the feed's enclosure), NULL for none. */
	"ALTER TABLE pairs ADD COLUMN image TEXT;",
};

#define SCHEMA_VERSION	((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Sets *err to "path: message" and returns -1. */
int
ledger_fail(const char *path, char **err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*err = xasprintf("%s: %s", path, msg);
	free(msg);
	return -1;
}

/*
 * Sets *err from the last SQLite error of l ("path: what: reason", or a
 * sentence of its own for a lock held too long or a file that is not a
 * database), then rolls back an open transaction. Returns -1.
 */
int
ledger_db_fail(struct ledger *l, char **err, const char *what)
{
	int code = sqlite3_extended_errcode(l->db);

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		l->locked = true;
		ledger_fail(l->path, err, "the ledger is locked by another "
		    "program (waited %d s)", BUSY_MS / 1000);
		break;
	case SQLITE_FULL:
		ledger_fail(l->path, err, "%s: the disk is full", what);
		break;
	case SQLITE_NOTADB:
		ledger_fail(l->path, err, "not an SQLite database");
		break;
	case SQLITE_CORRUPT:
		ledger_fail(l->path, err, "the database is damaged (%s)",
		    sqlite3_errmsg(l->db));
		break;
	default:
		ledger_fail(l->path, err, "%s: %s", what,
		    sqlite3_errmsg(l->db));
		break;
	}
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Runs fixed SQL without values (transaction control, pragmas, schema). */
static int
db_exec(struct ledger *l, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ledger_db_fail(l, err, what);
	return 0;
}

/* BEGIN IMMEDIATE: takes the write lock, waiting up to the busy timeout. */
int
ledger_tx_begin(struct ledger *l, const char *what, char **err)
{
	return db_exec(l, "BEGIN IMMEDIATE", what, err);
}

/* COMMIT; on failure the transaction is rolled back. */
int
ledger_tx_commit(struct ledger *l, const char *what, char **err)
{
	return db_exec(l, "COMMIT", what, err);
}

/* Rolls back the open transaction, if any. */
void
ledger_tx_rollback(struct ledger *l)
{
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A prepared statement, or NULL with *err set. */
sqlite3_stmt *
ledger_prepare(struct ledger *l, const char *sql, const char *what,
    char **err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* mkdir -p dir; the folders it creates get mode 0700. */
static int
make_dirs(const char *dir, char **err)
{
	struct stat sb;
	char *p, *s, c;
	int ret = -1;

	if (*dir == '\0') {
		*err = xstrdup("the state folder is an empty path");
		return -1;
	}
	p = xstrdup(dir);
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0700) == 0) {
			if (chmod(p, 0700) == -1) {
				ledger_fail(p, err, "%s", strerror(errno));
				goto out;
			}
		} else if (errno != EEXIST) {
			ledger_fail(p, err, "cannot create the folder: %s",
			    strerror(errno));
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &sb) == -1) {
		ledger_fail(dir, err, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		ledger_fail(dir, err, "not a folder");
		goto out;
	}
	ret = 0;
out:
	free(p);
	return ret;
}

/* Creates the database file with mode 0600 when missing; refuses a
 * symbolic link or anything but a regular file. */
static int
make_file(const char *path, char **err)
{
	struct stat sb;
	int fd, created = 1;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 && errno == EEXIST) {
		created = 0;
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd == -1) {
		if (errno == ELOOP)
			return ledger_fail(path, err, "is a symbolic link; "
			    "the ledger must be a regular file");
		return ledger_fail(path, err, "%s", strerror(errno));
	}
	if (fstat(fd, &sb) == -1 || (created && fchmod(fd, 0600) == -1)) {
		ledger_fail(path, err, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (!S_ISREG(sb.st_mode))
		return ledger_fail(path, err, "not a regular file");
	return 0;
}

/*
 * Holds an flock on the state folder while a ledger is being opened: SQLite
 * waits for locks in ordinary use, but two programs that create the file
 * and switch it to WAL at the same moment can get "database is locked" or
 * an I/O error without waiting. Locking the folder, not the database file,
 * leaves SQLite's own fcntl locks on that file alone (closing any
 * descriptor of a file drops a process's fcntl locks on it). A file system
 * without flock goes on unlocked.
 */
static int
lock_dir(const char *dir, const char *path, int *fdp, char **err)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int fd, waited = 0;

	*fdp = -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return ledger_fail(dir, err, "%s", strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			break;
		if (waited >= BUSY_MS) {
			close(fd);
			ledger_fail(path, err, "the ledger is locked by "
			    "another program (waited %d s)", BUSY_MS / 1000);
			return LEDGER_LOCKED;
		}
		nanosleep(&ts, NULL);
		waited += 10;
	}
	*fdp = fd;
	return 0;
}

/* The schema version (PRAGMA user_version) into *v. */
static int
user_version(struct ledger *l, int *v, char **err)
{
	const char *what = "cannot read the schema version";
	sqlite3_stmt *st;

	if ((st = ledger_prepare(l, "PRAGMA user_version", what, err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Brings the schema up to SCHEMA_VERSION, one transaction per step. */
static int
migrate(struct ledger *l, char **err)
{
	const char *what = "cannot update the schema";
	char sql[64];
	int v;

	if (user_version(l, &v, err) == -1)
		return -1;
	while (v != SCHEMA_VERSION) {
		if (v < 0)
			return ledger_fail(l->path, err, "schema version %d "
			    "is not one of almanac's", v);
		if (v > SCHEMA_VERSION)
			return ledger_fail(l->path, err, "schema version %d "
			    "is newer than this almanac knows (%d)", v,
			    SCHEMA_VERSION);
		if (ledger_tx_begin(l, what, err) == -1)
			return -1;
		/* Another program may have migrated while we waited. */
		if (user_version(l, &v, err) == -1)
			return -1;
		if (v < 0 || v >= SCHEMA_VERSION) {
			ledger_tx_rollback(l);
			continue;	/* checked at the top */
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (db_exec(l, migrations[v], what, err) == -1 ||
		    db_exec(l, sql, what, err) == -1 ||
		    ledger_tx_commit(l, what, err) == -1)
			return -1;
		v++;
	}
	return 0;
}

/* Settings of the connection: see the comment at the top. */
static int
configure(struct ledger *l, char **err)
{
	const char *what = "cannot set up the database";
	sqlite3_stmt *st;
	const unsigned char *mode;
	int ok;

	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, BUSY_MS);
	sqlite3_db_config(l->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	if (db_exec(l, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;"
	    " PRAGMA synchronous = FULL", what, err) == -1)
		return -1;
	if ((st = ledger_prepare(l, "PRAGMA journal_mode = WAL", what,
	    err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		ledger_db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	mode = sqlite3_column_text(st, 0);
	ok = mode != NULL && strcmp((const char *)mode, "wal") == 0;
	if (!ok)
		ledger_fail(l->path, err, "cannot switch to the WAL journal "
		    "(the journal mode stays %s)",
		    mode ? (const char *)mode : "?");
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Whether path exists and is not an empty regular file. */
static bool
has_content(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && (!S_ISREG(sb.st_mode) ||
	    sb.st_size > 0);
}

/* Appends ", item" (or "item" to an empty list) to *list. */
static void
list_add(char **list, const char *item)
{
	char *s = xasprintf("%s%s%s", *list ? *list : "", *list ? ", " : "",
	    item);

	free(*list);
	*list = s;
}

/*
 * The ledger's continuity (see ledger_open): when the database file is
 * missing or empty but the folder shows that a ledger was kept here
 * before, refuses to start a new one unless flags allow it. With
 * LEDGER_NEW_OK, a -wal and -shm left by a lost database are removed, so
 * SQLite never replays another database's log into the new file.
 */
static int
check_continuity(const char *state_dir, const char *path, unsigned flags,
    const char *const *evidence, char **err)
{
	static const char *const ours[] = { "almanac.lock", LEDGER_FILE "-wal",
	    LEDGER_FILE "-shm" };
	struct stat sb;
	char *found = NULL, *f;
	size_t i, len = strlen(state_dir);
	const char *sep = len > 0 && state_dir[len - 1] == '/' ? "" : "/";
	bool keep = !(flags & LEDGER_NEW_OK);
	int ret = 0;

	if (lstat(path, &sb) == 0 && (!S_ISREG(sb.st_mode) || sb.st_size > 0))
		return 0;	/* a ledger is there (make_file checks it) */
	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		f = xasprintf("%s%s%s", state_dir, sep, ours[i]);
		/* The run lock is empty: its being there is the sign. */
		if (i == 0 ? access(f, F_OK) == 0 : has_content(f)) {
			if (keep)
				list_add(&found, f);
			else if (i > 0)
				unlink(f);
		}
		free(f);
	}
	for (i = 0; keep && evidence != NULL && evidence[i] != NULL; i++)
		if (has_content(evidence[i]))
			list_add(&found, evidence[i]);
	if (found != NULL) {
		ret = ledger_fail(path, err, "the ledger is %s, but a ledger "
		    "was kept in this folder before (%s %s there); a new "
		    "ledger would send posts again that were sent already. "
		    "Restore it from a backup, or start a new one on purpose "
		    "with --new-ledger", access(path, F_OK) == 0 ? "empty" :
		    "missing", found, strchr(found, ',') ? "are" : "is");
		free(found);
	}
	return ret;
}

/* Opens state_dir/almanac.db, creating folder and file when missing. */
int
ledger_open(const char *state_dir, unsigned flags,
    const char *const *evidence, struct ledger **out, char **err)
{
	struct ledger *l;
	size_t len = strlen(state_dir);
	int rc, ret = -1, lockfd = -1;

	*out = NULL;
	if (make_dirs(state_dir, err) == -1)
		return -1;
	l = xcalloc(1, sizeof(*l));
	l->path = xasprintf("%s%s" LEDGER_FILE, state_dir,
	    len > 0 && state_dir[len - 1] == '/' ? "" : "/");
	if ((rc = lock_dir(state_dir, l->path, &lockfd, err)) != 0) {
		ret = rc;
		goto fail;
	}
	if (check_continuity(state_dir, l->path, flags, evidence, err) == -1)
		goto fail;
	if (make_file(l->path, err) == -1)
		goto fail;
	rc = sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		ledger_fail(l->path, err, "cannot open: %s", l->db != NULL ?
		    sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (configure(l, err) == -1 || migrate(l, err) == -1) {
		if (l->locked)
			ret = LEDGER_LOCKED;
		goto fail;
	}
	close(lockfd);
	*out = l;
	return 0;
fail:
	if (lockfd != -1)
		close(lockfd);
	ledger_close(l);
	return ret;
}

/* An existing ledger, read-only, for previews (see ledger.h). */
int
ledger_open_existing(const char *state_dir, struct ledger **out, char **err)
{
	struct ledger *l;
	size_t len = strlen(state_dir);
	int v = -1;

	*out = NULL;
	l = xcalloc(1, sizeof(*l));
	l->path = xasprintf("%s%s" LEDGER_FILE, state_dir,
	    len > 0 && state_dir[len - 1] == '/' ? "" : "/");
	if (access(l->path, R_OK) == -1) {
		ledger_close(l);
		return 0;
	}
	if (sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		ledger_fail(l->path, err, "cannot open: %s", l->db != NULL ?
		    sqlite3_errmsg(l->db) : "out of memory");
		ledger_close(l);
		return -1;
	}
	sqlite3_busy_timeout(l->db, BUSY_MS);
	if (user_version(l, &v, err) == -1) {
		ledger_close(l);
		return -1;
	}
	if (v < 1 || v > SCHEMA_VERSION) {
		/* Not made yet, or by a newer version: no history to use. */
		ledger_close(l);
		return 0;
	}
	/* Versions 1 and 2 have the pairs table without not_before (3),
	 * and 3 without image (4): a view in the connection's own temporary
	 * schema, which hides the file's table from these readers, adds
	 * them as 0 and NULL. The file is not changed. */
	if (v < 4 && db_exec(l, v < 3 ? "CREATE TEMP VIEW pairs AS SELECT *,"
	    " 0 AS not_before, NULL AS image FROM main.pairs" :
	    "CREATE TEMP VIEW pairs AS SELECT *, NULL AS image FROM "
	    "main.pairs", "cannot read the ledger", err) == -1) {
		ledger_close(l);
		return -1;
	}
	*out = l;
	return 0;
}

/* Closes the database; NULL is ignored. */
void
ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	sqlite3_close(l->db);
	free(l->path);
	free(l);
}

/* The clock for the times written; 0 is the real time. */
void
ledger_set_clock(struct ledger *l, long long t)
{
	l->clock = t;
}

/* Whether a wait for the write lock ran out. */
bool
ledger_locked(const struct ledger *l)
{
	return l->locked;
}
