/*
 * file: opening and reading the files almanac reads whole (the config, the
 * credentials, post files, time zone files, the index, the CA file).
 *
 * Each must be a regular file. The path is opened first, with O_NONBLOCK
 * so that a FIFO or a device never blocks the open (nor the process, and
 * with it the run lock and a daemon's signals), O_CLOEXEC and O_NOCTTY;
 * the type and the size are then checked with fstat on the open descriptor,
 * so what was checked is what is read, and anything but a regular file is
 * refused before a byte is read.
 *
 * Nothing here prints: a status comes back, with the errno of the call
 * that failed; file_strerror puts it in words.
 */
#ifndef ALMANAC_FILE_H
#define ALMANAC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

enum file_status {
	FILE_OK,
	FILE_OPEN_FAILED,	/* open(2) failed; *err is its errno */
	FILE_READ_FAILED,	/* fstat(2) or read(2) failed; *err, errno */
	FILE_NOT_REGULAR,	/* a FIFO, a device, a folder or a socket */
	FILE_TOO_BIG		/* more than the max bytes asked for */
};

/*
 * Opens path for reading as said above and fstats it into *st. Returns the
 * descriptor (the caller closes it), or -1 with FILE_OPEN_FAILED,
 * FILE_READ_FAILED or FILE_NOT_REGULAR in *status and the errno in *err
 * (0 for FILE_NOT_REGULAR). *st is filled whenever fstat succeeded.
 */
int file_open_regular(const char *path, struct stat *st,
    enum file_status *status, int *err);

/*
 * Reads the rest of fd (opened by file_open_regular, whose stat is st) into
 * a buffer the caller frees: *buf gets *len bytes and a NUL after them.
 * A file whose size is over max is refused from st without reading; one
 * that grows past max while it is read is refused too. Returns FILE_OK,
 * FILE_TOO_BIG or FILE_READ_FAILED (errno in *err); on anything but FILE_OK
 * *buf is NULL and whatever was read has been overwritten with zeros
 * before being freed (the credentials are read this way). fd stays open.
 */
enum file_status file_read_fd(int fd, const struct stat *st, size_t max,
    char **buf, size_t *len, int *err);

/* file_open_regular, then file_read_fd, then close: the whole regular file
 * at path, at most max bytes, into *buf (the caller frees it). *st as
 * file_open_regular fills it. */
enum file_status file_read_regular(const char *path, size_t max,
    char **buf, size_t *len, struct stat *st, int *err);

/* Words for a status that is not FILE_OK: strerror(err) for the failed
 * calls, "not a regular file", "too large". Static; not to be freed. */
const char *file_strerror(enum file_status status, int err);

/* True when the canonical path p is root (canonical too) or below it. */
bool file_inside(const char *root, const char *p);

/* The folder of path: what comes before its last "/", "/" for a file
 * at the root, "." for a bare name. Allocated. */
char *file_dirname(const char *path);

/*
 * Whether files can be made in folder path: 0 when it exists and can be
 * written to, 1 when it does not exist but its nearest existing parent
 * can be written to (mkdir -p would make it), -1 with *why (allocated).
 */
int file_folder_writable(const char *path, char **why);

/*
 * Replaces the file at path with len bytes of data, atomically: a
 * temporary file beside it (mode), fsync, close, rename over path, fsync
 * of the folder. Returns 0, or -1 with *why (allocated, without the path);
 * the old file is then untouched and the temporary file gone.
 */
int file_replace(const char *path, const char *data, size_t len, mode_t mode,
    char **why);

/*
 * Keeps the len bytes of data as dir/name, where name is given by their
 * content (image_name, image.h): dir is made (mkdir -p, 0755) when
 * missing; a regular file of that name and size already there is taken
 * as the same bytes and left; otherwise the file is written through
 * file_replace (mode). Returns 0 with *path (allocated: dir/name), or -1
 * with *why (allocated: "cannot make the folder DIR: ..." or "cannot
 * write PATH: ...").
 */
int file_keep(const char *dir, const char *name, const void *data,
    size_t len, mode_t mode, char **path, char **why);

#endif
