/* image: picture types, image.file checks, content names (see image.h). */
#include "image.h"

#include <errno.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "file.h"
#include "xalloc.h"

static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	0x1a, '\n' };

enum image_type
image_sniff(const void *p, size_t n)
{
	const unsigned char *b = p;

	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return IMAGE_JPEG;
	if (n >= sizeof(png_sig) && memcmp(b, png_sig, sizeof(png_sig)) == 0)
		return IMAGE_PNG;
	return IMAGE_NONE;
}

const char *
image_mime(enum image_type t)
{
	return t == IMAGE_JPEG ? "image/jpeg" : t == IMAGE_PNG ? "image/png" :
	    NULL;
}

const char *
image_ext(enum image_type t)
{
	return t == IMAGE_JPEG ? "jpg" : t == IMAGE_PNG ? "png" : "";
}

enum image_type
image_mime_type(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return IMAGE_NONE;
	n = strcspn(ct, "; \t");
	if (n == 10 && strncasecmp(ct, "image/jpeg", n) == 0)
		return IMAGE_JPEG;
	if (n == 9 && strncasecmp(ct, "image/png", n) == 0)
		return IMAGE_PNG;
	return IMAGE_NONE;
}

const char *
image_path_problem(const char *rel)
{
	const char *s = rel, *e;
	size_t n, i;

	if (*rel == '\0')
		return "must not be empty";
	if (*rel == '/')
		return "must be a path below posts_dir, not one starting with "
		    "\"/\"";
	for (;;) {
		e = strchr(s, '/');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0)
			return "must not have \"//\" or end with \"/\"";
		if ((n == 2 && s[0] == '.' && s[1] == '.'))
			return "must not have \"..\": it must stay below "
			    "posts_dir";
		if (s[0] == '.')
			return "must not have a name starting with \".\"";
		for (i = 0; i < n; i++)
			if (!((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			    s[i] == '_' || s[i] == '-'))
				return "may have only letters, digits, \".\", "
				    "\"_\", \"-\" and \"/\"";
		if (e == NULL)
			return NULL;
		s = e + 1;
	}
}

int
image_file_check(const char *posts_dir, const char *rel, char **abs,
    enum image_type *type, char **err)
{
	const char *why;
	char *path, *root = NULL, *real = NULL;
	unsigned char head[8];
	enum file_status st;
	struct stat sb;
	ssize_t got;
	int fd = -1, e, rc = -1;

	*abs = NULL;
	*type = IMAGE_NONE;
	if ((why = image_path_problem(rel)) != NULL) {
		*err = xasprintf("image.file \"%s\" %s", rel, why);
		return -1;
	}
	path = xasprintf("%s/%s", posts_dir, rel);
	if ((root = realpath(posts_dir, NULL)) == NULL) {
		*err = xasprintf("image.file \"%s\": posts_dir: %s", rel,
		    strerror(errno));
		goto out;
	}
	if ((real = realpath(path, NULL)) == NULL) {
		*err = errno == ENOENT ? xasprintf("image.file \"%s\" does not "
		    "exist in posts_dir", rel) : xasprintf("image.file \"%s\": "
		    "%s", rel, strerror(errno));
		goto out;
	}
	if (!file_inside(root, real)) {
		*err = xasprintf("image.file \"%s\" is a symbolic link (or "
		    "goes through one) to a file outside posts_dir; refused",
		    rel);
		goto out;
	}
	if ((fd = file_open_regular(real, &sb, &st, &e)) == -1) {
		*err = xasprintf("image.file \"%s\": %s", rel,
		    file_strerror(st, e));
		goto out;
	}
	if (sb.st_size > IMAGE_MAX_BYTES) {
		*err = xasprintf("image.file \"%s\" is %lld bytes, more than "
		    "the %d a picture may have", rel, (long long)sb.st_size,
		    IMAGE_MAX_BYTES);
		goto out;
	}
	got = read(fd, head, sizeof(head));
	if (got < 0) {
		*err = xasprintf("image.file \"%s\": %s", rel,
		    strerror(errno));
		goto out;
	}
	if ((*type = image_sniff(head, (size_t)got)) == IMAGE_NONE) {
		*err = xasprintf("image.file \"%s\" is not a JPEG or PNG "
		    "picture (by its first bytes)", rel);
		goto out;
	}
	*abs = real;
	real = NULL;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	free(path);
	free(root);
	free(real);
	return rc;
}

char *
image_name(const void *p, size_t n, enum image_type t)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char name[33];
	size_t i;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len < 16)
		abort();	/* SHA-256 of memory does not fail */
	for (i = 0; i < 16; i++) {
		name[2 * i] = hex[md[i] >> 4];
		name[2 * i + 1] = hex[md[i] & 15];
	}
	name[32] = '\0';
	return xasprintf("%s.%s", name, image_ext(t));
}
