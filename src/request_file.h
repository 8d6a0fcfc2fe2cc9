/*
 * request_file: a file's bytes as a request's body (an uploaded picture):
 * read whole as file.h reads (a regular file, at most a given size), kept
 * in request.body with request.body_len, so that a NUL in it is sent too.
 * Nothing here prints or touches the network.
 */
#ifndef ALMANAC_REQUEST_FILE_H
#define ALMANAC_REQUEST_FILE_H

#include <stddef.h>

#include "request.h"

/*
 * Reads the file at path (at most max bytes, at least one) into r's body,
 * replacing what r had. Returns 0, or -1 with *err (allocated: "cannot
 * read the picture PATH: WHY"), r left as it was.
 */
int request_body_file(struct request *r, const char *path, size_t max,
    char **err);

#endif
