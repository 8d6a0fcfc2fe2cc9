/*
 * platforms/feed.h: the feed's Atom 1.0 entries and file (RFC 4287),
 * written with libxml2's xmlTextWriter. Private to src/platforms/ (and
 * its tests): the rest of almanac knows the feed as the sink of the
 * platform table.
 */
#ifndef ALMANAC_PLATFORMS_FEED_H
#define ALMANAC_PLATFORMS_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlwriter.h>

#include "date.h"

struct ledger_row;	/* ledger.h */
struct platform_conf;	/* config.h */

/* The feed's settings, by their number (platform_conf.set and .num). */
enum { FEED_PATH, FEED_TITLE, FEED_LINK, FEED_ENTRIES };

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define FEED_TIME_SIZE 32	/* room for feed_time's text */

/* One entry; strings are borrowed, UTF-8. */
struct feed_entry {
	const char *id;		/* from feed_entry_id */
	const char *title;
	const char *link;	/* NULL: no <link> */
	const char *content;	/* plain text */
	const char *image;	/* the picture's public URL, NULL: none */
	const char *image_type;	/* its media type, NULL: not known */
	long long updated;	/* Unix time */
};

/*
 * The entry id of post post_id published on day: a tag URI (RFC 4151),
 * "tag:almanac,YYYY-MM-DD:ID" with ID percent-encoded (RFC 3986).
 * Allocated.
 */
char *feed_entry_id(const char *post_id, struct ymd day);

/* Unix time t as RFC 3339 UTC ("2026-11-12T09:00:00Z") into out of size
 * bytes (FEED_TIME_SIZE is enough). Returns false when t cannot be
 * shown so. */
bool feed_time(long long t, char *out, size_t size);

/*
 * True when s can be carried by XML 1.0: no control character other than
 * tab, line feed and carriage return (nor U+FFFE, U+FFFF).
 */
bool feed_xml_safe(const char *s);

/*
 * Writes <entry> with id, title, link, the picture (<link
 * rel="enclosure">, when e->image is set), updated and content type="text"
 * to w, with xmlns=ATOM_NS when xmlns is true (a standalone entry).
 * Returns 0, or -1 when the writer failed or a string is not
 * feed_xml_safe.
 */
int feed_write_entry(xmlTextWriterPtr w, const struct feed_entry *e,
    bool xmlns);

/* The entry as a standalone element (with the Atom namespace, no XML
 * declaration), indented by two spaces, ending in a newline. Allocated;
 * NULL as feed_write_entry fails. */
char *feed_entry_xml(const struct feed_entry *e);

/*
 * Writes the feed file (pc's path) with the feed's title and link from pc,
 * <updated> from now (Unix time), and one <entry> per row (newest first as
 * given; each row's remote_id is the entry id, title/text/link its
 * content, published_at its <updated>), replacing the old file atomically
 * (file_replace, mode 0644: a feed is public). Returns 0, or -1 with *err
 * (allocated) naming the file; the old file is then untouched.
 */
int feed_write(const struct platform_conf *pc, const struct ledger_row *rows,
    size_t n, long long now, char **err);

#endif
