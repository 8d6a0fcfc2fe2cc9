/* public: pictures put in the public folder (see public.h). */
#include "public.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "image.h"
#include "xalloc.h"

bool
public_enabled(const struct card_conf *cc)
{
	return cc->public_dir != NULL && cc->public_url != NULL;
}

/* Reads the picture file into *buf, *len; its name into *name. */
static int
read_picture(const char *file, char **buf, size_t *len, char **name,
    char **err)
{
	enum file_status st;
	struct stat sb;
	enum image_type t;
	int e;

	st = file_read_regular(file, IMAGE_MAX_BYTES, buf, len, &sb, &e);
	if (st != FILE_OK) {
		*err = xasprintf("the picture %s: %s", file,
		    file_strerror(st, e));
		return -1;
	}
	if ((t = image_sniff(*buf, *len)) == IMAGE_NONE) {
		free(*buf);
		*err = xasprintf("the picture %s is no longer a JPEG or PNG",
		    file);
		return -1;
	}
	*name = image_name(*buf, *len, t);
	return 0;
}

int
public_url(const struct card_conf *cc, const char *file, char **url,
    char **err)
{
	char *buf, *name;
	size_t len, n;

	*url = NULL;
	if (!public_enabled(cc))
		return 0;
	if (read_picture(file, &buf, &len, &name, err) == -1)
		return -1;
	n = strlen(cc->public_url);
	*url = xasprintf("%s%s%s", cc->public_url,
	    n > 0 && cc->public_url[n - 1] == '/' ? "" : "/", name);
	free(buf);
	free(name);
	return 0;
}

int
public_put(const struct card_conf *cc, const char *file, char **path,
    char **err)
{
	char *buf, *name, *why;
	size_t len;
	int rc = -1;

	*path = NULL;
	if (!public_enabled(cc)) {
		*err = xstrdup("cards.public_dir and cards.public_url are not "
		    "both set");
		return -1;
	}
	if (read_picture(file, &buf, &len, &name, err) == -1)
		return -1;
	if (file_keep(cc->public_dir, name, buf, len, 0644, path,
	    &why) == -1) {
		*err = xasprintf("cards.public_dir: %s", why);
		free(why);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	free(name);
	return rc;
}
