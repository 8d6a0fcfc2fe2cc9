/*
 * format: templates, placeholder values, shrinking, and the finished
 * message of one post for one platform.
 *
 * A template is text with placeholders {title} {summary} {url} {year}
 * {years_ago} {anniversary} {date} {month} {day} {tags} {credit} (the
 * picture's "credit", "" when none); "{{" and "}}" are literal braces. See docs/post-format.md.
 */
#ifndef ALMANAC_FORMAT_H
#define ALMANAC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "date.h"
#include "image.h"
#include "post.h"

/* What a template uses, as a mask. */
enum tmpl_field {
	F_TITLE = 1 << 0, F_SUMMARY = 1 << 1, F_URL = 1 << 2,
	F_YEAR = 1 << 3, F_YEARS_AGO = 1 << 4, F_ANNIVERSARY = 1 << 5,
	F_DATE = 1 << 6, F_MONTH = 1 << 7, F_DAY = 1 << 8, F_TAGS = 1 << 9,
	F_CREDIT = 1 << 10
};

/* What shrinking did to a message, as a mask. */
enum shrunk { SHRUNK_SUMMARY = 1, SHRUNK_TAGS = 2, SHRUNK_TITLE = 4 };

/*
 * Checks a template. Returns 0 and sets *uses (when not NULL) to the mask
 * of placeholders it uses; or -1 with *err (allocated, caller frees) saying
 * what is wrong and *offset the byte offset of the problem: an unknown
 * placeholder, an unclosed "{", a lone "}".
 */
int template_check(const char *tmpl, unsigned *uses, char **err,
    size_t *offset);

/* The values placeholders take for post p published on day. */
struct tmpl_values {
	const char *title, *summary, *url, *credit;
	char year[16], years_ago[16], anniversary[24];
	char date[48], month[16], day[4];
	const char *const *tags;	/* without '#' */
	size_t ntags;			/* how many of tags to render */
};

void tmpl_values_init(struct tmpl_values *v, const struct post *p,
    struct ymd day);

/* Renders a template that passed template_check. Lines are trimmed at
 * their ends, runs of blank lines fold into one, and the whole is trimmed.
 * Returns an allocated string. */
char *template_render(const char *tmpl, const struct tmpl_values *v);

/* One post formatted for one platform. */
struct message {
	size_t platform;		/* its number in the table */
	const struct post *post;	/* borrowed */
	struct ymd day;			/* the day it goes out */
	char *text;		/* final text (a pin's description) */
	char *title;		/* its own title (adapter.has_title): a
				   pin's, a feed entry's; else NULL */
	char *alt;		/* image alt text, or NULL */
	char *image_url;	/* post's, override's or default_image; NULL */
	char *image_file;	/* the real path of the post's own picture
				   (image.file), or NULL */
	enum image_type image_type;	/* its type */
	bool card_later;	/* its picture is its card, uploaded as bytes
				   but not drawn yet (preview draws none):
				   a request shows a stand-in for them */
	char *image_error;	/* why that picture cannot be used, or NULL */
	char *credit;		/* the picture's credit, or NULL */
	char *link;		/* the post's url, or NULL */
	char *target;		/* where it goes when the post or config
				   choose (a Pinterest board), or NULL */
	size_t length;		/* counted as the platform counts */
	size_t limit;		/* 0 = no limit */
	bool fits;		/* length is within limit (another reason
				   may still keep it from going out: see
				   error) */
	bool skip;		/* the post says "skip": true for this platform */
	unsigned shrunk;	/* enum shrunk */
	char *cut;		/* what shrinking cut, in words ("summary cut
				   from 412 to 180 characters, at the end of
				   a sentence"), or NULL when nothing */
	size_t summary_full;	/* the post's summary in characters (code
				   points), and what the text keeps of it */
	size_t summary_kept;
	char *shown;		/* the text as readers see it when what is
				   sent differs (LinkedIn's escapes), else
				   NULL */
	int slot;		/* its slot on day, minutes after local
				   midnight, or -1 when none is known (set by
				   the caller, which knows the plan) */
	char *error;		/* why this pair cannot go out (too long
				   even after shrinking, no image where one
				   is needed, the platform's own checks, a
				   bad template), or NULL */
};

/*
 * Formats post p for platform number pf on day, with the config's template
 * and settings (or the post's override). Always fills *m; a pair that
 * cannot go out has m->error set, and m->fits is false when the reason is
 * the length. Caller frees with message_free.
 */
void format_message(const struct post *p, struct ymd day,
    const struct config *c, size_t pf, struct message *m);

/* s (NULL: "") in Unicode NFC; allocated. */
char *format_nfc(const char *s);

/* s in NFC, cut to at most max code points at a word boundary;
 * allocated. */
char *format_cut(const char *s, size_t max);
void message_free(struct message *m);

/*
 * A platform that could take m's picture as bytes (its entry's image_max)
 * but is told not to (platforms.NAME.upload_pictures = false): m loses
 * image_file, so that its adapter sends none. A platform that also fetches
 * a picture's address (needs_image, image_by_url: Pinterest) keeps it, as
 * publish puts that file in the public folder; its adapter asks
 * config_uploads_pictures itself.
 */
void message_drop_upload(const struct config *c, const struct adapter *a,
    struct message *m);

#endif
