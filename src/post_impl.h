/*
 * post_impl: what the files that read a post file share; not for use
 * outside them. post.c runs the reading (post.h), post_fields.c checks the
 * fields, post_report.c turns problems into diagnostics.
 *
 * A problem points at a place of the text (a struct json_pos from the
 * tree json.h reads) or at the whole file (POST_NOWHERE). Values are
 * quoted as the file writes them, cut after a number of code points.
 * Nothing here fails; strings returned are borrowed, as each says.
 */
#ifndef ALMANAC_POST_IMPL_H
#define ALMANAC_POST_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "json.h"

#define SNIPPET_MAX	50	/* code points of a value quoted in a message */

/* A position that is the whole file: no line, no column. */
#define POST_NOWHERE ((struct json_pos){ JSON_NOPOS, 0, 0 })

struct post;

/* The reading of one post file. */
struct post_ctx {
	const char *path;
	const char *s;		/* the text, after a byte order mark */
	size_t len;
	struct diags dg;	/* this file's, sorted by position at the end */
	const struct json_value *root;	/* the top-level value, once read */
	struct post *p;		/* what is read into */
	char *scratch;		/* the last string post_got returned */
};

/* True for a member that is ignored, having been reported: its key has
 * \u0000, or an earlier member has the same key. */
static inline bool
post_member_ignored(const struct json_member *m)
{
	return m->key_nul.off != JSON_NOPOS || m->dup != NULL;
}

/* post_report.c ---------------------------------------------------- */

/* Appends an error (a warning) at pos to c->dg, naming c->path. */
void post_error(struct post_ctx *c, struct json_pos pos, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
void post_warning(struct post_ctx *c, struct json_pos pos, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Appends the n bytes at s (NUL allowed) as a quoted name ("..."),
 * escaped, cut after SNIPPET_MAX code points. */
void post_add_quoted(struct buf *b, const char *s, size_t n);

/* Appends value v as the file writes it (cut after max code points, a
 * string's opening quote counted, then "..."), or "an array" /
 * "an object". */
void post_add_got(struct buf *b, const struct post_ctx *c,
    const struct json_value *v, size_t max);

/* v as post_add_got writes it with SNIPPET_MAX; the string is c's and
 * valid until the next call. */
const char *post_got(struct post_ctx *c, const struct json_value *v);

/* The code point at *s (valid UTF-8 or not), advancing *s past it; a bad
 * byte reads as U+FFFD. */
uint32_t post_u8_next(const char **s);

/* post_fields.c ---------------------------------------------------- */

/*
 * Reads the top-level object c->root into c->p: every known field checked
 * and stored (strings copied: c->p owns them, post_free frees them),
 * every problem appended to c->dg as an error or warning at its key.
 * Members that post_member_ignored says were reported are skipped, and so
 * are text values with \u0000 (post.c reports those). Keys "x-..." and
 * "_comment..." are ignored; other unknown keys are errors, with the
 * nearest known name when one is near (suggest.h).
 */
void post_read_fields(struct post_ctx *c);

#endif
