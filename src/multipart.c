/* multipart: a multipart/form-data body (see multipart.h). */
#include "multipart.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
multipart_init(struct multipart *mp, const char *boundary)
{
	size_t i;

	memset(mp, 0, sizeof(*mp));
	for (i = 0; boundary[i] != '\0' && i < MULTIPART_BOUNDARY_MAX; i++)
		mp->boundary[i] = strchr("-_", boundary[i]) != NULL ||
		    (boundary[i] >= '0' && boundary[i] <= '9') ||
		    (boundary[i] >= 'a' && boundary[i] <= 'z') ||
		    (boundary[i] >= 'A' && boundary[i] <= 'Z') ?
		    boundary[i] : 'x';
	if (i == 0)
		mp->boundary[i++] = 'x';
	mp->boundary[i] = '\0';
}

/* Whether the n bytes at p hold s. */
static bool
holds(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (p[i] == s[0] && memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

/* "--boundary" CRLF and the part's Content-Disposition for name. */
static void
part_start(struct multipart *mp, const char *name)
{
	buf_addf(&mp->b, "--%s\r\nContent-Disposition: form-data; "
	    "name=\"%s\"", mp->boundary, name);
}

void
multipart_field(struct multipart *mp, const char *name, const char *value)
{
	mp->clash |= holds(value, strlen(value), mp->boundary);
	part_start(mp, name);
	buf_adds(&mp->b, "\r\n\r\n");
	buf_adds(&mp->b, value);
	buf_adds(&mp->b, "\r\n");
}

void
multipart_file(struct multipart *mp, const char *name, const char *filename,
    const char *type, const void *data, size_t n)
{
	mp->clash |= holds(data, n, mp->boundary);
	part_start(mp, name);
	buf_addf(&mp->b, "; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
	    filename, type);
	buf_add(&mp->b, data, n);
	buf_adds(&mp->b, "\r\n");
}

char *
multipart_finish(struct multipart *mp, size_t *len, char **ctype)
{
	if (mp->clash) {
		multipart_free(mp);
		*ctype = NULL;
		return NULL;
	}
	buf_addf(&mp->b, "--%s--\r\n", mp->boundary);
	*ctype = xasprintf("multipart/form-data; boundary=%s", mp->boundary);
	*len = mp->b.len;
	return buf_detach(&mp->b);
}

void
multipart_free(struct multipart *mp)
{
	buf_free(&mp->b);
}
