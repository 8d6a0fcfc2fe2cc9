/*
 * ledger: the delivery ledger in SQLite (see ledger.h and
 * docs/exactly-once.md).
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

#include "xalloc.h"

#define LEDGER_FILE	"almanac.db"
#define BUSY_MS		10000

struct ledger {
	sqlite3 *db;
	char *path;		/* state_dir/almanac.db, for messages */
	long long clock;	/* 0: time(NULL) */
	bool locked;		/* a wait for the write lock ran out */
};

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
};

#define SCHEMA_VERSION	((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The columns of struct ledger_row, in the order read_row expects. */
#define ROW_COLUMNS \
	"day, post_id, platform, state, retryable, attempts, remote_id," \
	" permalink, http_status, error, step, title, text, link, created," \
	" updated, published_at"

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

/* Sets *err to "path: message" and returns -1. */
static int __attribute__((format(printf, 3, 4)))
fail(const char *path, char **err, const char *fmt, ...)
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
static int
db_fail(struct ledger *l, char **err, const char *what)
{
	int code = sqlite3_extended_errcode(l->db);

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		l->locked = true;
		fail(l->path, err, "the ledger is locked by another program "
		    "(waited %d s)", BUSY_MS / 1000);
		break;
	case SQLITE_FULL:
		fail(l->path, err, "%s: the disk is full", what);
		break;
	case SQLITE_NOTADB:
		fail(l->path, err, "not an SQLite database");
		break;
	case SQLITE_CORRUPT:
		fail(l->path, err, "the database is damaged (%s)",
		    sqlite3_errmsg(l->db));
		break;
	default:
		fail(l->path, err, "%s: %s", what, sqlite3_errmsg(l->db));
		break;
	}
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The time to write into the rows. */
static long long
now(const struct ledger *l)
{
	return l->clock != 0 ? l->clock : (long long)time(NULL);
}

/* Runs fixed SQL without values (transaction control, pragmas, schema). */
static int
db_exec(struct ledger *l, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(l, err, what);
	return 0;
}

/* BEGIN IMMEDIATE: takes the write lock, waiting up to the busy timeout. */
static int
tx_begin(struct ledger *l, const char *what, char **err)
{
	return db_exec(l, "BEGIN IMMEDIATE", what, err);
}

/* COMMIT; on failure the transaction is rolled back. */
static int
tx_commit(struct ledger *l, const char *what, char **err)
{
	return db_exec(l, "COMMIT", what, err);
}

/* Rolls back the open transaction, if any. */
static void
tx_rollback(struct ledger *l)
{
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A prepared statement, or NULL with *err set. */
static sqlite3_stmt *
prepare(struct ledger *l, const char *sql, const char *what, char **err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(l, err, what);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
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
		db_fail(l, err, what);
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
				fail(p, err, "%s", strerror(errno));
				goto out;
			}
		} else if (errno != EEXIST) {
			fail(p, err, "cannot create the folder: %s",
			    strerror(errno));
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &sb) == -1) {
		fail(dir, err, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		fail(dir, err, "not a folder");
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
			return fail(path, err, "is a symbolic link; the ledger "
			    "must be a regular file");
		return fail(path, err, "%s", strerror(errno));
	}
	if (fstat(fd, &sb) == -1 || (created && fchmod(fd, 0600) == -1)) {
		fail(path, err, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (!S_ISREG(sb.st_mode))
		return fail(path, err, "not a regular file");
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
		return fail(dir, err, "%s", strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			break;
		if (waited >= BUSY_MS) {
			close(fd);
			fail(path, err, "the ledger is locked by another "
			    "program (waited %d s)", BUSY_MS / 1000);
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

	if ((st = prepare(l, "PRAGMA user_version", what, err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(l, err, what);
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
			return fail(l->path, err, "schema version %d is not "
			    "one of almanac's", v);
		if (v > SCHEMA_VERSION)
			return fail(l->path, err, "schema version %d is newer "
			    "than this almanac knows (%d)", v, SCHEMA_VERSION);
		if (tx_begin(l, what, err) == -1)
			return -1;
		/* Another program may have migrated while we waited. */
		if (user_version(l, &v, err) == -1)
			return -1;
		if (v < 0 || v >= SCHEMA_VERSION) {
			tx_rollback(l);
			continue;	/* checked at the top */
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (db_exec(l, migrations[v], what, err) == -1 ||
		    db_exec(l, sql, what, err) == -1 ||
		    tx_commit(l, what, err) == -1)
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
	if ((st = prepare(l, "PRAGMA journal_mode = WAL", what, err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	mode = sqlite3_column_text(st, 0);
	ok = mode != NULL && strcmp((const char *)mode, "wal") == 0;
	if (!ok)
		fail(l->path, err, "cannot switch to the WAL journal (the "
		    "journal mode stays %s)", mode ? (const char *)mode : "?");
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
		ret = fail(path, err, "the ledger is %s, but a ledger was kept "
		    "in this folder before (%s %s there); a new ledger would "
		    "send posts again that were sent already. Restore it from "
		    "a backup, or start a new one on purpose with "
		    "--new-ledger", access(path, F_OK) == 0 ? "empty" :
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
		fail(l->path, err, "cannot open: %s", l->db != NULL ?
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
		fail(l->path, err, "cannot open: %s", l->db != NULL ?
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
		/* Not made yet, or by a newer version: no history to use.
		 * Every version from 1 on has the same pairs table. */
		ledger_close(l);
		return 0;
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
		db_fail(l, err, "cannot read the ledger");
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
	if (tx_begin(l, what, err) == -1)
		return -1;
	st = prepare(l, "UPDATE pairs SET state = 'unknown', error = ?1,"
	    " updated = ?2 WHERE state = 'sending' RETURNING " ROW_COLUMNS,
	    what, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, "the run sending it stopped before the "
	    "answer came", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now(l));
	if (collect(l, st, rows, n, err) == -1)
		return -1;
	if (tx_commit(l, what, err) == -1) {
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
	if (tx_begin(l, what, err) == -1)
		return -1;
	st = prepare(l, "SELECT value FROM meta WHERE key = 'last_run'", what,
	    err);
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*prev = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		db_fail(l, err, what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	st = prepare(l, "INSERT INTO meta (key, value) VALUES ('last_run', ?1)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", what,
	    err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, t);
	if (step_done(l, st, what, err) == -1 || tx_commit(l, what, err) == -1)
		return -1;
	return 0;
}

/* Whether a wait for the write lock ran out. */
bool
ledger_locked(const struct ledger *l)
{
	return l->locked;
}

/* Whether a row in state s may be claimed under flags. */
static int
claimable(enum ledger_state s, int retryable, unsigned flags)
{
	switch (s) {
	case LS_FAILED:
		return retryable || (flags & CLAIM_RETRY_FAILED);
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
	int rc, retryable = 0, ret = -1;

	if (state != NULL)
		*state = LS_NONE;
	what = xasprintf("cannot claim %s %s %s", day, post_id, platform);
	if (tx_begin(l, what, err) == -1)
		goto out;
	st = prepare(l, "SELECT state, retryable FROM pairs"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cur = ledger_state_lookup(
		    (const char *)sqlite3_column_text(st, 0));
		retryable = sqlite3_column_int(st, 1);
	} else if (rc != SQLITE_DONE) {
		db_fail(l, err, what);
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);

	if (rc == SQLITE_ROW && !claimable(cur, retryable, flags)) {
		/* Nothing changed: end the transaction and say why. */
		if (tx_commit(l, what, err) == -1)
			goto out;
		if (state != NULL)
			*state = cur;
		ret = 0;
		goto out;
	}
	if (rc == SQLITE_DONE)
		st = prepare(l, "INSERT INTO pairs (day, post_id, platform,"
		    " state, attempts, created, updated)"
		    " VALUES (?1, ?2, ?3, 'sending', 1, ?4, ?4)", what, err);
	else
		st = prepare(l, "UPDATE pairs SET state = 'sending',"
		    " attempts = attempts + 1, retryable = 0, http_status = 0,"
		    " error = NULL, updated = ?4"
		    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3",
		    what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_int64(st, 4, now(l));
	if (step_done(l, st, what, err) == -1 ||
	    tx_commit(l, what, err) == -1)
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
		fail(l->path, err, "%s: the pair has no row", what);
	else
		fail(l->path, err, "%s: the pair is %s, not sending", what,
		    ledger_state_name(r.state));
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
		tx_rollback(l);
		not_sending(l, day, post_id, platform, what, err);
		return -1;
	}
	return tx_commit(l, what, err);
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
	    o->state != LS_UNKNOWN) {
		fail(l->path, err, "%s: \"%s\" is not an outcome", what,
		    ledger_state_name(o->state));
		goto out;
	}
	pub = o->state == LS_PUBLISHED;
	if (tx_begin(l, what, err) == -1)
		goto out;
	st = prepare(l, "UPDATE pairs SET state = ?4, retryable = ?5,"
	    " http_status = ?6, remote_id = ?7, permalink = ?8, error = ?9,"
	    " title = ?10, text = ?11, link = ?12, updated = ?13,"
	    " published_at = ?14"
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
	if (tx_begin(l, what, err) == -1)
		goto out;
	st = prepare(l, "UPDATE pairs SET step = ?4, updated = ?5"
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
		fail(l->path, err, "%s: only missed or skipped can be marked",
		    what);
		goto out;
	}
	if (tx_begin(l, what, err) == -1)
		goto out;
	st = prepare(l, "INSERT OR IGNORE INTO pairs (day, post_id,"
	    " platform, state, error, created, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", what, err);
	if (st == NULL)
		goto out;
	bind_pair(st, day, post_id, platform);
	sqlite3_bind_text(st, 4, ledger_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now(l));
	if (step_done(l, st, what, err) == -1)
		goto out;
	ret = sqlite3_changes(l->db) > 0;
	if (tx_commit(l, what, err) == -1)
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
	st = prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
	    " WHERE day = ?1 AND post_id = ?2 AND platform = ?3", what, err);
	if (st == NULL)
		return -1;
	bind_pair(st, day, post_id, platform);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, row);
	else if (rc != SQLITE_DONE)
		db_fail(l, err, what);
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
	st = prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
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
	st = prepare(l, "SELECT " ROW_COLUMNS " FROM pairs"
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
