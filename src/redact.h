/*
 * redact: the known secrets taken out of text that comes from elsewhere (a
 * platform's answer, which may echo the token it was sent) before that text
 * is logged, stored in the ledger or shown.
 *
 * The secrets are the non-empty values of the loaded credentials, each in
 * every form a platform may echo it in, where that form differs: as it
 * is; percent-encoded (RFC 3986, as platforms.h percent_encode writes it,
 * and with lowercase hex); JSON-escaped (", \ and control characters, and
 * again with / as \/, as PHP and Graph write it). Every occurrence of any
 * of them becomes REDACT_MARK. Matching is exact (bytes), longest secret
 * first, so a secret inside another is no problem. A text cut off in the
 * middle of a secret (adapters shorten long answers and end them with
 * "...") has the cut piece replaced too: it ends in the first
 * REDACT_MIN_LEN or more bytes of a secret, maybe followed by "...".
 *
 * Values shorter than REDACT_MIN_LEN bytes are left out: no real token or
 * key is that short (they run from 20 to 200 bytes), and replacing every
 * occurrence of a few common letters would garble the text around them
 * without hiding anything worth hiding.
 */
#ifndef ALMANAC_REDACT_H
#define ALMANAC_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "credentials.h"

/* Secrets shorter than this many bytes are not redacted. */
#define REDACT_MIN_LEN 8
/* What every secret is replaced with. */
#define REDACT_MARK "[redacted]"

/* A list of secrets. A zeroed one (REDACT_INIT) holds none. */
struct redact {
	char **v;	/* each form once, longest first; owned */
	size_t n;
};

#define REDACT_INIT { NULL, 0 }

/* Fills *r with every secret of cr (NULL: none). Free with redact_free. */
void redact_init(struct redact *r, const struct credentials *cr);
/* Adds one secret value and its forms (NULL, "" and values shorter than
 * REDACT_MIN_LEN are ignored). */
void redact_add(struct redact *r, const char *secret);
void redact_free(struct redact *r);

/* s with every secret of r replaced by REDACT_MARK: an allocated string
 * the caller frees (a copy when nothing was found), or NULL for NULL. */
char *redact_text(const struct redact *r, const char *s);
/*
 * Replaces *s (an allocated string, or NULL) by its redacted text when it
 * holds a secret, freeing the old one. Returns true when something was
 * replaced.
 */
bool redact_replace(const struct redact *r, char **s);

#endif
