/* file: regular files opened without blocking, read whole (see file.h). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

bool
file_inside(const char *root, const char *p)
{
	size_t n = strlen(root);

	return strncmp(p, root, n) == 0 &&
	    (p[n] == '\0' || p[n] == '/' || (n > 0 && root[n - 1] == '/'));
}

char *
file_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
file_folder_writable(const char *path, char **why)
{
	struct stat st;
	char *p, *q;
	int rc = 1;

	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			*why = xasprintf("%s is not a folder", path);
			return -1;
		}
		if (access(path, W_OK | X_OK) == -1) {
			*why = xasprintf("%s cannot be written to: %s", path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	p = xstrdup(path);
	for (;;) {
		q = file_dirname(p);
		free(p);
		p = q;
		if (stat(p, &st) == 0)
			break;
		if (errno != ENOENT || strcmp(p, ".") == 0 ||
		    strcmp(p, "/") == 0) {
			*why = xasprintf("%s cannot be made: %s: %s", path, p,
			    strerror(errno));
			free(p);
			return -1;
		}
	}
	if (!S_ISDIR(st.st_mode) || access(p, W_OK | X_OK) == -1) {
		*why = xasprintf("%s does not exist and cannot be made: %s: %s",
		    path, p, S_ISDIR(st.st_mode) ? strerror(errno) :
		    "not a folder");
		rc = -1;
	}
	free(p);
	return rc;
}

/* Writes all len bytes of p to fd. Returns 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t k;

	while (len > 0) {
		if ((k = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Makes the rename in folder dir durable. Returns 0, or -1 with errno. */
static int
sync_dir(const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	/* Some file systems cannot sync a folder; nothing more to do. */
	if (rc == -1 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

/* file_replace's work, with path's folder dir and file name base. */
static int
replace_in(const char *path, const char *dir, const char *base,
    const char *data, size_t len, mode_t mode, char **why)
{
	char *tmp;
	int fd, e;

	tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			*why = xasprintf("the folder %s does not exist", dir);
		else
			*why = xasprintf("cannot create a file in %s: %s",
			    dir, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, mode) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		e = errno;
		close(fd);
		*why = xasprintf("cannot write %s: %s", tmp, strerror(e));
		goto fail;
	}
	if (close(fd) == -1) {
		*why = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		*why = xasprintf("cannot rename %s to it: %s", tmp,
		    strerror(errno));
		goto fail;
	}
	free(tmp);
	if (sync_dir(dir) == -1) {
		*why = xasprintf("it was replaced, but the folder %s could not "
		    "be synced: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

int
file_replace(const char *path, const char *data, size_t len, mode_t mode,
    char **why)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	char *dir = file_dirname(path);
	int rc;

	if (*base == '\0') {
		*why = xstrdup("the path names a folder, not a file");
		free(dir);
		return -1;
	}
	rc = replace_in(path, dir, base, data, len, mode, why);
	free(dir);
	return rc;
}

/* mkdir -p path, each folder made 0755. Returns 0, or -1 with errno. */
static int
make_folders(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) == -1 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
file_keep(const char *dir, const char *name, const void *data, size_t len,
    mode_t mode, char **path, char **why)
{
	struct stat sb;
	char *w = NULL;

	*path = NULL;
	if (make_folders(dir) == -1) {
		*why = xasprintf("cannot make the folder %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	*path = xasprintf("%s/%s", dir, name);
	if (stat(*path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size == len)
		return 0;	/* the same name is the same content */
	if (file_replace(*path, data, len, mode, &w) == -1) {
		*why = xasprintf("cannot write %s: %s", *path, w);
		free(w);
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}
