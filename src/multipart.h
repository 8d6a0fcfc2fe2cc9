/*
 * multipart: a multipart/form-data body (RFC 7578) of text fields and
 * one file's bytes, as an upload request sends it. Builds bytes only;
 * nothing here sends anything.
 */
#ifndef ALMANAC_MULTIPART_H
#define ALMANAC_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define MULTIPART_BOUNDARY_MAX 70	/* RFC 2046 */

struct multipart {
	struct buf b;
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	bool clash;	/* what was added holds the boundary */
};

/* Starts an empty body with boundary (1 to MULTIPART_BOUNDARY_MAX
 * letters, digits, - or _; one that is not is cut or replaced). */
void multipart_init(struct multipart *mp, const char *boundary);

/* Adds the text field name=value (name: a token, no quotes). */
void multipart_field(struct multipart *mp, const char *name,
    const char *value);

/* Adds the file field name with filename, its Content-Type type, and the
 * n bytes at data. */
void multipart_file(struct multipart *mp, const char *name,
    const char *filename, const char *type, const void *data, size_t n);

/*
 * Ends the body: returns it (allocated, NUL-terminated after *len bytes,
 * which may hold NULs) and its Content-Type value in *ctype (allocated:
 * "multipart/form-data; boundary=..."), and leaves mp empty. Returns NULL
 * (mp freed, *ctype NULL) when the boundary appears in what was added, so
 * that the body could not be read back: try another boundary.
 */
char *multipart_finish(struct multipart *mp, size_t *len, char **ctype);

/* Frees what mp holds (after an error, before finish). */
void multipart_free(struct multipart *mp);

#endif
