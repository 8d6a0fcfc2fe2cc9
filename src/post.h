/*
 * post: one post file (UTF-8 JSON, at most 64 KiB) into a struct post.
 *
 * The format is docs/post-format.md. Every problem is reported as a
 * diagnostic naming file:line:col and what was expected, in a sentence an
 * editor understands; parsing goes on after a field error so that one run
 * reports every problem of the file.
 *
 * Positions: lines and columns are 1-based; a column counts Unicode code
 * points (a tab is one), not bytes. A UTF-8 byte order mark at the start is
 * allowed and skipped; positions count from after it. A field error points
 * at the field's key ("tags"[N] items, numbered from 1, at the item). The
 * diagnostics of one file come sorted by position.
 *
 * Stages, each stopping at its first problem: size, UTF-8, JSON syntax
 * (strict RFC 8259: no comments, trailing commas, raw control characters
 * in text, "01" or "1."). After those, every field problem is reported.
 * What a syntax error found, and a top level that is not an object, are
 * quoted 3 characters at most (then "..."): such a file may be anything,
 * a key or a password file, and messages go to logs.
 * Keys beginning with "x-" or "_comment" are allowed in every object and
 * ignored. A tag made of digits only gets a warning (platforms do not link
 * it).
 */
#ifndef ALMANAC_POST_H
#define ALMANAC_POST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define POST_MAX_BYTES (64 * 1024)
#define POST_TITLE_MAX 200

/* A picture: a link (url) or a file below posts_dir (file, checked by
 * its text only here: image.h checks what it leads to); exactly one of
 * the two is set in a valid post. */
struct post_image {
	char *url;	/* NULL when absent */
	char *file;	/* NULL when absent: relative to posts_dir */
	char *alt;	/* NULL when absent */
	char *credit;	/* NULL when absent: "Photo: NASA, public domain" */
	int line, col;	/* where "image" is (0: absent); of "file" */
	int file_line, file_col;
};

/* A post's override for one platform ("platforms": { NAME: {...} }). */
struct post_platform {
	char *name;		/* one of platform_all_names (platforms.h) */
	char *text;		/* template used instead of the platform's */
	bool skip;
	struct post_image image;
	char *setting;		/* the value of its platform's post setting
				   (adapter.post_setting), or NULL */
	int line;		/* where the override starts in the file */
};

struct post {
	char *file;		/* the path as given to post_parse */
	char *id;		/* "id", else the file's base name without .json */
	bool has_year;		/* false for "--MM-DD" */
	int year;		/* astronomical: 44 BC is -43; 0 when !has_year */
	int month, day;
	bool bc;		/* "era": "BC" was given */
	int priority;		/* default 0 */
	char *title;
	char *summary;		/* NULL when absent */
	char *url;		/* NULL when absent */
	struct post_image image;
	char **tags;		/* without '#' */
	size_t ntags;
	char **sources;		/* where the date and facts were checked
				   (addresses or citations); never
				   published */
	size_t nsources;
	int sources_line;	/* where "sources" is (0: absent) */
	int time;		/* minutes after midnight, -1 when absent */
	bool draft;
	int years_from;		/* 0 = no lower bound */
	int years_until;	/* 0 = no upper bound */
	int years_every;	/* 0 = every year */
	struct post_platform *platforms;
	size_t nplatforms;
	int id_line;		/* line of "id" (or 0 when defaulted) */
	int date_line, date_col;	/* where "date" is */
	int summary_line, summary_col;	/* where "summary" is (0: absent) */
};

/*
 * Parses buf[0..len) (need not be NUL-terminated), the contents of the file
 * named path, into *out. Diagnostics (errors and warnings) are appended to
 * d, all naming path. Returns 0 when the post is valid (warnings allowed),
 * -1 when any error was found; on -1 *out holds nothing (it is freed).
 *
 * Checked: size, UTF-8 (the raw bytes), JSON syntax, a top-level object,
 * duplicate keys, unknown keys (except "x-..." and "_comment..."), types,
 * every field's value as docs/post-format.md says, \u0000 in any string.
 */
int post_parse(const char *path, const char *buf, size_t len,
    struct post *out, struct diags *d);

/* Reads the file at path (file.h: a regular file, a FIFO or a device
 * refused without waiting; one over POST_MAX_BYTES refused without reading
 * it whole) and parses it as post_parse does. I/O errors become
 * diagnostics too. */
int post_load(const char *path, struct post *out, struct diags *d);

/* The override for platform name, or NULL. */
const struct post_platform *post_platform(const struct post *p,
    const char *name);

void post_free(struct post *p);

#endif
