/* image_cache: remote pictures fetched once and kept (see image_cache.h). */
#include "image_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "xalloc.h"

char *
image_cache_dir(const struct config *c)
{
	return xasprintf("%s/images", c->state_dir);
}

void
image_ref_free(struct image_ref *r)
{
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* The answer to the one request, kept past the engine's callback. */
struct got {
	long status;
	enum http_error error;
	char *error_text;
	char *ctype;
	char *body;
	size_t len;
};

static void
on_answer(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct got *g = arg;

	(void)e;
	(void)req;
	g->status = resp->status;
	g->error = resp->error;
	g->error_text = xstrdup(resp->error_text);
	g->ctype = xstrdup(http_header(resp, "content-type"));
	if (resp->error == HTTP_OK && resp->status == 200) {
		g->body = xmalloc(resp->len + 1);
		memcpy(g->body, resp->body, resp->len);
		g->len = resp->len;
	}
}

/* The cached file of url in dir, when there is a good one: its path,
 * type and size in *out, its time renewed. */
static bool
cached(const char *dir, const char *url, struct image_ref *out)
{
	static const enum image_type types[] = { IMAGE_JPEG, IMAGE_PNG };
	unsigned char head[8];
	enum file_status st;
	struct stat sb;
	char *name, *path;
	ssize_t n;
	size_t i;
	int fd, e;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		name = image_name(url, strlen(url), types[i]);
		path = xasprintf("%s/%s", dir, name);
		free(name);
		fd = file_open_regular(path, &sb, &st, &e);
		if (fd == -1) {
			free(path);
			continue;
		}
		n = read(fd, head, sizeof(head));
		if (n > 0 && image_sniff(head, (size_t)n) == types[i] &&
		    sb.st_size <= IMAGE_MAX_BYTES) {
			(void)futimens(fd, NULL);	/* used now */
			close(fd);
			out->path = path;
			out->type = types[i];
			out->size = (size_t)sb.st_size;
			out->fetched = false;
			return true;
		}
		close(fd);
		(void)unlink(path);	/* not what was kept: fetched again */
		free(path);
	}
	return false;
}

/* One file of the cache. */
struct entry {
	char *name;
	off_t size;
	struct timespec used;
};

static int
older(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* True for a name the cache gives: 32 hex digits, ".jpg" or ".png". */
static bool
cache_name(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == 32 && (strcmp(s + n, ".jpg") == 0 ||
	    strcmp(s + n, ".png") == 0);
}

/* Removes the files of dir used longest ago, keep aside, until the rest
 * are at most max bytes. */
static void
prune(const char *dir, const char *keep, uint64_t max)
{
	struct entry *v = NULL;
	struct dirent *de;
	struct stat sb;
	uint64_t total = 0;
	size_t n = 0, i;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!cache_name(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(sb.st_mode))
			continue;
		total += (uint64_t)sb.st_size;
		if (strcmp(de->d_name, keep) == 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].name = xstrdup(de->d_name);
		v[n].size = sb.st_size;
		v[n].used = sb.st_mtim;
		n++;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), older);
	for (i = 0; i < n; i++) {
		if (total > max && unlinkat(dirfd(d), v[i].name, 0) == 0)
			total -= (uint64_t)v[i].size;
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

/* Checks the answer g to url; returns the type of its picture, or
 * IMAGE_NONE with *err. */
static enum image_type
check_answer(const struct got *g, const char *url, char **err)
{
	enum image_type said, is;

	if (g->error == HTTP_E_TOO_BIG) {
		*err = xasprintf("%s: the picture is larger than %d bytes; "
		    "refused, nothing kept", url, IMAGE_MAX_BYTES);
		return IMAGE_NONE;
	}
	if (g->error != HTTP_OK) {
		*err = xasprintf("%s: cannot fetch the picture: %s", url,
		    g->error_text != NULL ? g->error_text : "no answer");
		return IMAGE_NONE;
	}
	if (g->status != 200) {
		*err = xasprintf("%s: the server answered HTTP %ld, not the "
		    "picture", url, g->status);
		return IMAGE_NONE;
	}
	said = image_mime_type(g->ctype);
	if (said == IMAGE_NONE) {
		*err = xasprintf("%s: expected a JPEG or PNG picture "
		    "(image/jpeg, image/png), got %s%s%s", url,
		    g->ctype != NULL ? "\"" : "",
		    g->ctype != NULL ? g->ctype : "no Content-Type",
		    g->ctype != NULL ? "\"" : "");
		return IMAGE_NONE;
	}
	is = image_sniff(g->body, g->len);
	if (is == IMAGE_NONE) {
		*err = xasprintf("%s: the answer says %s but is no JPEG or "
		    "PNG picture (by its first bytes)", url, image_mime(said));
		return IMAGE_NONE;
	}
	return is;
}

int
image_fetch(struct http_engine *e, const struct config *c, const char *url,
    struct image_ref *out, char **err)
{
	struct request_list rl = { NULL, 0 };
	struct request *r;
	struct got g;
	enum image_type t;
	char *dir = image_cache_dir(c), *name = NULL, *why = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	if (cached(dir, url, out)) {
		free(dir);
		return 0;
	}
	if (!http_url_allowed(url, &why)) {
		*err = xasprintf("%s: %s", url, why);
		goto out;
	}
	if ((mkdir(c->state_dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST)) {
		*err = xasprintf("%s: %s", dir, strerror(errno));
		goto out;
	}
	r = request_list_add(&rl, "GET", xstrdup(url));
	request_add_header(r, "Accept", "image/jpeg, image/png", false);
	r->max_body = IMAGE_MAX_BYTES;
	http_engine_add(e, r, 0, on_answer, &g);
	if (http_engine_run(e, &why) == -1) {
		*err = xasprintf("%s: %s", url, why);
		goto out;
	}
	if ((t = check_answer(&g, url, err)) == IMAGE_NONE)
		goto out;
	name = image_name(url, strlen(url), t);
	out->path = xasprintf("%s/%s", dir, name);
	if (file_replace(out->path, g.body, g.len, 0644, &why) == -1) {
		*err = xasprintf("%s: cannot keep it in %s: %s", url, dir, why);
		image_ref_free(out);
		goto out;
	}
	out->type = t;
	out->size = g.len;
	out->fetched = true;
	prune(dir, name, (uint64_t)c->images.cache_max_mb * 1024 * 1024);
	rc = 0;
out:
	request_list_free(&rl);
	free(g.error_text);
	free(g.ctype);
	free(g.body);
	free(dir);
	free(name);
	free(why);
	return rc;
}
