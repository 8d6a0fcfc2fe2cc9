/* What the cmocka tests share: fixture.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"

#include "fixture.h"

char *
fixture_tmpdir(const char *name)
{
	const char *t = getenv("TMPDIR");
	char *tmpl, *dir;

	tmpl = xasprintf("%s/almanac-%s.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp", name);
	if (mkdtemp(tmpl) == NULL)
		fail_msg("cannot make the folder %s: %s", tmpl,
		    strerror(errno));
	if ((dir = realpath(tmpl, NULL)) == NULL)
		fail_msg("realpath %s: %s", tmpl, strerror(errno));
	free(tmpl);
	return dir;
}

/* Set when an entry could not be removed, for fixture_rmtree. */
static int rm_failed;

/* Removes one entry of the tree (its contents came first). */
static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	if (remove(path) != 0 && errno != ENOENT) {
		print_error("cannot remove %s: %s\n", path, strerror(errno));
		rm_failed = 1;
	}
	return 0;
}

void
fixture_rmtree(const char *path)
{
	struct stat st;

	if (path == NULL)
		return;
	rm_failed = 0;
	(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (rm_failed || lstat(path, &st) == 0)
		fail_msg("%s could not be removed", path);
}

void
fixture_write(const char *path, const void *data, size_t n, mode_t mode)
{
	const char *p = data;
	char *dirs, *slash;
	ssize_t w;
	int fd;

	assert_true(path[0] != '\0');
	dirs = xstrdup(path);
	for (slash = strchr(dirs + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dirs, 0700) != 0 && errno != EEXIST)
			fail_msg("cannot make the folder %s: %s", dirs,
			    strerror(errno));
		*slash = '/';
	}
	free(dirs);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	while (n > 0) {
		if ((w = write(fd, p, n)) < 0 && errno != EINTR)
			fail_msg("cannot write %s: %s", path, strerror(errno));
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
	}
	if (fchmod(fd, mode) != 0)
		fail_msg("cannot chmod %s: %s", path, strerror(errno));
	if (close(fd) != 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
}

void
fixture_put(const char *path, const char *text)
{
	fixture_write(path, text, strlen(text), 0644);
}

void
fixture_post(const char *path, const char *date, const char *title,
    const char *more)
{
	char *text = xasprintf("{ \"date\": \"%s\", \"title\": \"%s\"%s%s }\n",
	    date, title, more != NULL ? ", " : "", more != NULL ? more : "");

	fixture_put(path, text);
	free(text);
}

char *
fixture_read(const char *path, size_t *len)
{
	char *s = NULL;
	size_t n = 0, cap = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	for (;;) {
		if (cap - n < 4096) {
			cap = cap * 2 + 4096;
			s = xrealloc(s, cap + 1);
		}
		if ((r = read(fd, s + n, cap - n)) == 0)
			break;
		if (r < 0 && errno != EINTR)
			fail_msg("cannot read %s: %s", path, strerror(errno));
		if (r > 0)
			n += (size_t)r;
	}
	close(fd);
	s[n] = '\0';
	if (len != NULL)
		*len = n;
	return s;
}

char *
fixture_diags(const struct diags *d)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t i;

	for (i = 0; i < d->n; i++) {
		s = diag_format(&d->v[i]);
		if (i > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, s);
		free(s);
	}
	return buf_detach(&b);
}

struct post
fixture_post_mem(const char *title, const char *summary, const char *url)
{
	struct post p;

	memset(&p, 0, sizeof(p));
	p.id = xstrdup("11-12-test");
	p.file = xstrdup("posts/11-12-test.json");
	p.title = xstrdup(title);
	p.summary = xstrdup(summary);
	p.url = xstrdup(url);
	p.has_year = true;
	p.year = 1927;
	p.month = 11;
	p.day = 12;
	p.time = -1;
	return p;
}
