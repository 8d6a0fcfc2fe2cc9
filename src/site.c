/* site: the files of a new site, built in (site.h). */
#include "site.h"

#include <string.h>

const struct site_file *
site_file(const char *name)
{
	const struct site_file *f;

	for (f = site_files; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
