/* file: regular files opened without blocking, read whole (see file.h). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

int
file_open_regular(const char *path, struct stat *st,
    enum file_status *status, int *err)
{
	int fd;

	*err = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		*status = FILE_OPEN_FAILED;
		*err = errno;
		return -1;
	}
	if (fstat(fd, st) == -1) {
		*status = FILE_READ_FAILED;
		*err = errno;
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		*status = FILE_NOT_REGULAR;
		close(fd);
		return -1;
	}
	*status = FILE_OK;
	return fd;
}

/* Frees the n bytes at p after overwriting them. */
static void
wipe_free(char *p, size_t n)
{
	if (p != NULL)
		explicit_bzero(p, n);
	free(p);
}

enum file_status
file_read_fd(int fd, const struct stat *st, size_t max, char **buf,
    size_t *len, int *err)
{
	char *p, *q;
	size_t n = 0, cap, more;
	ssize_t r;

	*buf = NULL;
	*len = 0;
	*err = 0;
	if (st->st_size < 0 || (unsigned long long)st->st_size > max)
		return FILE_TOO_BIG;
	/* The size said, and one byte more to notice a file that grew;
	 * then more as it keeps growing, up to one byte over max. */
	cap = (size_t)st->st_size + 1;
	p = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (n > max)
				break;
			more = cap > max / 2 ? max + 1 : cap * 2;
			q = xmalloc(more + 1);
			memcpy(q, p, n);
			wipe_free(p, cap + 1);
			p = q;
			cap = more;
		}
		r = read(fd, p + n, cap - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			*err = errno;
			wipe_free(p, cap + 1);
			return FILE_READ_FAILED;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		wipe_free(p, cap + 1);
		return FILE_TOO_BIG;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return FILE_OK;
}

enum file_status
file_read_regular(const char *path, size_t max, char **buf, size_t *len,
    struct stat *st, int *err)
{
	enum file_status s;
	int fd;

	*buf = NULL;
	*len = 0;
	if ((fd = file_open_regular(path, st, &s, err)) == -1)
		return s;
	s = file_read_fd(fd, st, max, buf, len, err);
	close(fd);
	return s;
}

const char *
file_strerror(enum file_status status, int err)
{
	switch (status) {
	case FILE_OK:
		return "no error";
	case FILE_OPEN_FAILED:
	case FILE_READ_FAILED:
		return strerror(err);
	case FILE_NOT_REGULAR:
		return "not a regular file";
	case FILE_TOO_BIG:
		break;
	}
	return "too large";
}
