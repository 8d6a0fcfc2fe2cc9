/*
 * preview_html: preview_day trees (preview.h) as HTML for people: each
 * (post, platform) pair drawn as a card shaped like that platform's post
 * (its entry's card and label, platforms.h), the post files that could
 * not be read shown where they belong, and the year as a site (an index
 * calendar and one page per day). See docs/architecture.md, "preview as
 * HTML", for the elements and classes the output keeps to.
 *
 * Everything appends to a struct buf (the caller owns it); every text is
 * escaped. Self-contained: one inline <style>, no script; the only URLs
 * a page loads are the pairs' pictures (a tree's picture_src, preview.h:
 * an image URL, a data: URI, a site's pictures/NAME). Nothing here fails,
 * prints or touches files.
 */
#ifndef ALMANAC_PREVIEW_HTML_H
#define ALMANAC_PREVIEW_HTML_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "date.h"
#include "diag.h"

/* The document's start, up to and with <body>, titled title (escaped),
 * and its end. */
void preview_html_head(struct buf *out, const char *title);
void preview_html_tail(struct buf *out);

/*
 * One day's <section class="day">: the tree of preview_day, and the post
 * files of d's errors that belong to the day as broken posts with their
 * file:line:col messages (d NULL: none). A file belongs to a day when its
 * name starts with the day's MM-DD; a file whose name says no day belongs
 * to every day when undated is true (a single day's page), else to none
 * (preview_html_undated shows those once).
 */
void preview_html_day(struct buf *out, const cJSON *day,
    const struct diags *d, bool undated);

/* The broken post files of d whose names say no day, in a <section
 * class="broken-files">; nothing when there are none. */
void preview_html_undated(struct buf *out, const struct diags *d);

/* The site's links around the page of month/day: the day before, the
 * index and the day after, over the 366 days (12-31 is followed by 01-01,
 * and 02-29 is always there). */
void preview_html_nav(struct buf *out, int month, int day);

/* The month and day of the site's day number i (0 = 01-01 ... 365 =
 * 12-31, 02-29 being 59); and back (-1 for no such day). */
void preview_html_site_day(int i, int *month, int *day);
int preview_html_site_index(int month, int day);

/* What the index's calendar says of one day. */
struct html_day_stat {
	int posts;	/* candidates of the day */
	int round;	/* the roundest anniversary among them (25, 50, 75,
			   100 ... years), 0 when none */
	int year;	/* the year its page shows (another than the
			   site's for 02-29 in a common year) */
};

/* The site's index: a calendar of the year, month by month, of the 366
 * days in stats (by site day number); days with no posts flagged "empty",
 * with fewer than min_per_day "thin", round anniversaries "round". d's
 * broken files are listed, each with its day's page when its name says
 * one. */
void preview_html_index(struct buf *out, int year,
    const struct html_day_stat stats[366], int min_per_day,
    const struct diags *d);

/* The stat of a preview_day tree (year from its date). */
struct html_day_stat preview_html_stat(const cJSON *day);

#endif
