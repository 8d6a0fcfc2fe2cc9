/*
 * index: what each post file held the last time it was read, so that a run
 * that needs one day's posts reads only those files.
 *
 * The index is a cache file in state_dir (INDEX_FILE). For every post file
 * under posts_dir it keeps the file's identity, its month and day, its id,
 * and whether it was valid without a single diagnostic. catalog_load_indexed
 * (catalog.h) stats every file (no read), trusts the record of a file whose
 * identity is unchanged, and reads a file only when the record cannot
 * answer: the file is new or changed, its month and day are wanted, it had
 * diagnostics (which must be shown again), or it was "racy" when recorded.
 *
 * Identity: device, inode, size, and the modification and status-change
 * times in nanoseconds. The status-change time cannot be set by tools
 * (cp -p, tar, rsync -t set only the modification time) and changes with
 * every write or rename. The classic trap is a rewrite within the same
 * timestamp tick with the same size: Linux stamps files with a coarse clock
 * (a few milliseconds; two seconds on FAT). A record whose file changed
 * less than INDEX_RACY_NS before the run started is flagged racy and its
 * file is read again by the next run, so an edit made just after a read is
 * never missed. What remains: a clock that jumps backwards by more than
 * that margin, or a network file system whose server clock is behind the
 * client's by more than it, while the file is rewritten with the same size
 * in place. Remove the index (or set ALMANAC_NO_INDEX=1) to rule that out.
 *
 * The file is rebuilt silently when it is missing, unreadable, from another
 * version of almanac, for another posts_dir, or damaged (each record carries
 * a checksum; reading stops at the first bad one and the files after it are
 * read instead). It is replaced atomically (a temporary file renamed over
 * it) and only when something changed. Records are sorted by path, the
 * order in which the catalog visits files, so reading it is one merge pass
 * with constant memory.
 *
 * The same record format serves as the catalog's log of ids while it looks
 * for duplicates (index_writer_new with a NULL path: an unlinked temporary
 * file), which keeps memory small on very large archives.
 *
 * Library code: nothing here prints.
 */
#ifndef ALMANAC_INDEX_H
#define ALMANAC_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define INDEX_FILE "catalog.index"
#define INDEX_RACY_NS (2LL * 1000000000LL)

/* The racy margin in use: INDEX_RACY_NS (tests lower it to 0 to see the
 * identity checks alone at work). */
extern int64_t index_racy_ns;

/* Record flags. */
#define INDEX_VALID	0x01u	/* the post parsed: month, day, id are set */
#define INDEX_NOISY	0x02u	/* reading it gave diagnostics (or errors) */
#define INDEX_DUP	0x04u	/* its id is already used by other */
#define INDEX_RACY	0x08u	/* changed just before it was read */

/* One post file as the index remembers it. Strings belong to whoever
 * filled the record (see index_next, index_writer_read). */
struct index_rec {
	const char *path;	/* relative to posts_dir */
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
	unsigned flags;
	int month, day;		/* INDEX_VALID */
	int id_line;		/* line of "id", 0 when defaulted */
	const char *id;		/* INDEX_VALID */
	const char *other;	/* INDEX_DUP: the path that has the id first */
};

/* The file's identity from st into r (path and the rest untouched). */
void index_rec_identity(struct index_rec *r, const struct stat *st);

/* True when a and b have the same identity. */
bool index_same_identity(const struct index_rec *a, const struct index_rec *b);

/* True when a and b say the same thing (identity, flags, fields). */
bool index_rec_equal(const struct index_rec *a, const struct index_rec *b);

/*
 * The path of the index in state_dir (allocated), or NULL when the index
 * is off: state_dir is NULL, or the environment sets ALMANAC_NO_INDEX to
 * anything but "" or "0".
 */
char *index_path(const char *state_dir);

/* A reader of an index file, one record after the other. */
struct index_reader;

/*
 * Opens the index at path written for posts folder dir. Returns NULL when
 * there is no usable index (missing, unreadable, another version or
 * folder, a damaged header): the caller starts from nothing.
 */
struct index_reader *index_open(const char *path, const char *dir);

/* Records the index says it holds (its header's count). */
uint64_t index_count(const struct index_reader *r);

/*
 * The next record into *out, valid until the next call. Returns 1, 0 at the
 * end, or -1 at the first damaged record (the rest is not trusted; later
 * calls return 0).
 */
int index_next(struct index_reader *r, struct index_rec *out);

/* Offset of the record index_next returns next (where the header ends,
 * before the first call). */
uint64_t index_tell(const struct index_reader *r);

void index_close(struct index_reader *r);

/* A writer of records: a new index, or the catalog's temporary id log. */
struct index_writer;

/*
 * Starts a new index for posts folder dir that index_writer_commit puts at
 * path (written next to it, then renamed). With path NULL the records go to
 * an unlinked temporary file (in memory when none can be made), for
 * index_writer_read only. Returns NULL when path's folder cannot take a
 * new file (no state folder, read-only): the caller goes on without one.
 */
struct index_writer *index_writer_new(const char *path, const char *dir);

/*
 * Copies the records of r's file from where its header ends to offset end
 * (an index_tell value) into w, which must be empty, verbatim, so offsets
 * stay the same. For each record copied, calls fn(offset, record, arg).
 * Returns 0, or -1 on a read error or a damaged record (w is then unusable
 * as an index).
 */
int index_writer_copy(struct index_writer *w, struct index_reader *r,
    uint64_t end, void (*fn)(uint64_t off, const struct index_rec *rec,
    void *arg), void *arg);

/* Appends rec; returns its offset (never 0). */
uint64_t index_writer_add(struct index_writer *w, const struct index_rec *rec);

/* Calls fn for every record written so far, in order. Returns 0, or -1
 * when they cannot be read back. */
int index_writer_scan(struct index_writer *w, void (*fn)(uint64_t off,
    const struct index_rec *rec, void *arg), void *arg);

/*
 * Reads back the record at off (an index_writer_add or index_writer_copy
 * offset) into *out, valid until the next call on w. Returns 0, or -1.
 */
int index_writer_read(struct index_writer *w, uint64_t off,
    struct index_rec *out);

/* Puts the finished index in place (atomically); -1 when it cannot (the
 * old index, if any, stays). Frees w. */
int index_writer_commit(struct index_writer *w);

/* Drops what was written. Frees w. */
void index_writer_abort(struct index_writer *w);

#endif
