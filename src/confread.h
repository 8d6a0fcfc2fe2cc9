/*
 * confread: reading a libconfig file strictly, for almanac.conf (config.c)
 * and the credentials file (credentials.c).
 *
 * libconfig 1.5 accepts unknown names silently, cannot tell a missing
 * setting from one of the wrong type through its lookup functions, and
 * truncates an integer literal that needs 64 bits but lacks the L suffix
 * (5000000000 reads back as 705032704). So confread_text checks the text
 * in memory (no NUL byte, UTF-8, a BOM skipped), scans it once for what
 * libconfig hides (over-long integer literals, @include, which is refused:
 * a configuration is one file), then parses it; the callers walk the tree
 * and check every setting by name with the getters here, which report
 * what is wrong as "FILE:LINE: ..." diagnostics in x->d.
 *
 * Strings returned are borrowed from the libconfig tree unless said
 * otherwise; nothing here prints.
 */
#ifndef ALMANAC_CONFREAD_H
#define ALMANAC_CONFREAD_H

#include <stdbool.h>
#include <stddef.h>

#include <libconfig.h>

#include "diag.h"
#include "file.h"

struct bigint;

/* One file being read. Set file and d, zero the rest; free with
 * confread_free. */
struct confread {
	const char *file;	/* name used in diagnostics */
	struct diags *d;	/* where problems go */
	struct bigint *big;	/* literals libconfig would truncate */
	size_t nbig;
	char *snips[2];		/* the last two confread_snip results */
	unsigned nsnip;
};

/*
 * Checks text (len bytes) and parses it into cfg (made with config_init).
 * Returns true, or false with diagnostics in x->d.
 */
bool confread_text(struct confread *x, config_t *cfg, const char *text,
    size_t len);
/* Frees what a read remembered (not x itself, nor x->d). */
void confread_free(struct confread *x);

/* Appends an error about setting s (its line; NULL: none). */
void confread_error(struct confread *x, const config_setting_t *s,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* v as a message quotes it: at most 50 code points (then "..."), control
 * characters as "?". Valid until the next call but one. */
const char *confread_snip(struct confread *x, const char *v);
/* The dotted name of a setting below the root ("http.timeout");
 * allocated. */
char *confread_path(const config_setting_t *s);
/* Reports that s is not of the type expected (a phrase: "a string"). */
void confread_wrong_type(struct confread *x, const config_setting_t *s,
    const char *expected);
/* Reports a setting whose name is not one of the known ones, names
 * (NULL-terminated; NULL: none), with the nearest of them when one is
 * near ("did you mean ...?", suggest.h). */
void confread_unknown(struct confread *x, const config_setting_t *s,
    const char *const *names);

/* The value of string setting s, or NULL (reported) when it is not a
 * string or not UTF-8. */
const char *confread_str(struct confread *x, const config_setting_t *s);
/* Boolean setting s into *out; false (reported) otherwise. */
bool confread_bool(struct confread *x, const config_setting_t *s, bool *out);
/* Integer setting s into *out when within min..max (an over-long literal
 * is out of range, not truncated); false (reported) otherwise. */
bool confread_int(struct confread *x, const config_setting_t *s, int min,
    int max, int *out);

/* The line (from 1) of byte off of text. */
int confread_line(const char *text, size_t off);
/* True when s holds a control character (below 0x20, or 0x7f). */
bool confread_has_control(const char *s);
/* Replaces *dst (freed) by a copy of s. */
void confread_set_str(char **dst, const char *s);
/* A diagnostic for a file that could not be read (file.h's status s and
 * errno err), naming what it is; max is its largest allowed size. */
void confread_file_diag(struct diags *d, const char *path, const char *what,
    enum file_status s, int err, size_t max);

#endif
