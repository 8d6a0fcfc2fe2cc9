/* request_file: a file's bytes as a request's body (request_file.h). */
#include "request_file.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "file.h"
#include "xalloc.h"

int
request_body_file(struct request *r, const char *path, size_t max,
    char **err)
{
	struct stat st;
	enum file_status fs;
	char *buf = NULL;
	size_t len = 0;
	int e = 0;

	fs = file_read_regular(path, max, &buf, &len, &st, &e);
	if (fs == FILE_OK && len == 0) {
		free(buf);
		*err = xasprintf("cannot read the picture %s: it is empty",
		    path);
		return -1;
	}
	if (fs == FILE_TOO_BIG) {
		*err = xasprintf("cannot read the picture %s: it is larger "
		    "than the %zu bytes the platform takes", path, max);
		return -1;
	}
	if (fs != FILE_OK) {
		*err = xasprintf("cannot read the picture %s: %s", path,
		    file_strerror(fs, e));
		return -1;
	}
	free(r->body);
	r->body = buf;
	r->body_len = len;
	return 0;
}
