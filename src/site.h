/*
 * site: the files of a new site, built into the program (the Makefile
 * generates their table with scripts/embed.sh), so that "almanac init"
 * needs no data folder: the config (the shipped one with the credentials
 * file beside it and the system's time zone), the credentials template,
 * one example post and the editors' guides. The config is also the
 * built-in defaults of preview and lint without a config file.
 *
 * Everything here is static and read-only: nothing to free.
 */
#ifndef ALMANAC_SITE_H
#define ALMANAC_SITE_H

#include <stddef.h>

struct site_file {
	const char *name;	/* path in the site, e.g. "config/almanac.conf";
				   NULL ends the table */
	unsigned mode;		/* e.g. 0644, 0600 for the credentials */
	const unsigned char *data;	/* NUL-terminated */
	size_t size;		/* without the NUL */
};

/* The files, in the order init writes them; ends with a NULL name. */
extern const struct site_file site_files[];

/* The site's config, relative to the site's folder. */
#define SITE_CONFIG "config/almanac.conf"

/* The file of the table called name, or NULL. */
const struct site_file *site_file(const char *name);

#endif
