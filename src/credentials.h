/*
 * credentials: the secrets file, one libconfig group per platform (keys in
 * docs/configuration.md), read with confread (confread.h). Values are
 * overwritten with zeros when freed, and never appear in a diagnostic.
 */
#ifndef ALMANAC_CREDENTIALS_H
#define ALMANAC_CREDENTIALS_H

#include "config.h"
#include "diag.h"

/* Secrets, one group per platform of the table: v[i][k] is key number k
 * of platform i's cred_keys (platforms.h); unset ones are NULL. */
struct credentials {
	char *v[PLATFORMS_MAX][PLATFORM_CRED_KEYS_MAX];
	char *source;		/* the file they came from */
};

/*
 * Reads the credentials: $CREDENTIALS_DIRECTORY/almanac when that variable
 * is set, else path. Refuses anything but a regular file (a FIFO at once,
 * never waited on), before reading a byte of it: one that group or others
 * can read (the message gives the "chmod 600 FILE" that fixes it), and one
 * owned by neither the user running almanac nor root (the message names
 * the owner's uid); a file refused through a symbolic link is named
 * "LINK -> TARGET", the target being the file to change. Refuses any value
 * with CR or LF. Unknown groups or keys are errors. Returns 0 or -1 with
 * diagnostics in d; on -1 *cr is freed.
 */
int credentials_load(const char *path, struct credentials *cr,
    struct diags *d);
void credentials_free(struct credentials *cr);

#endif
