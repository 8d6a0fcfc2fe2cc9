/*
 * feed: the Atom 1.0 feed file (RFC 4287), a sink. Nothing goes over the
 * network: publishing a pair records it in the ledger as published, with
 * its entry id as remote id, and after the run the whole file is written
 * again from the ledger's latest published feed pairs, atomically.
 */
#include "platforms/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/tree.h>

#include "file.h"
#include "image.h"
#include "ledger.h"
#include "platforms/adapter.h"
#include "xalloc.h"

/* libxml2's strings are unsigned char; ours are char. */
#define XC(s) ((const xmlChar *)(s))

#define FEED_ID "tag:almanac,2026:feed"	/* the feed's id when it has no link */

static const struct platform_setting feed_settings[] = {
	[FEED_PATH] = { .name = "path", .kind = SETTING_PATH,
	    .fallback = "feed.atom" },
	[FEED_TITLE] = { .name = "title", .kind = SETTING_TEXT,
	    .fallback = "On this day" },
	[FEED_LINK] = { .name = "link", .kind = SETTING_URL },
	[FEED_ENTRIES] = { .name = "entries", .kind = SETTING_INT, .min = 1,
	    .max = 1000, .fallback_int = 50 },
	{ .name = NULL }
};

char *
feed_entry_id(const char *post_id, struct ymd day)
{
	char *e = percent_encode(post_id), *id;

	id = xasprintf("tag:almanac,%04d-%02d-%02d:%s", day.y, day.m, day.d, e);
	free(e);
	return id;
}

bool
feed_time(long long t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return false;
	return strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

bool
feed_xml_safe(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
		if (p[0] == 0xEF && p[1] == 0xBF &&
		    (p[2] == 0xBE || p[2] == 0xBF))
			return false;
	}
	return true;
}

/* Writes <name>text</name>; returns the writer's result. */
static int
write_text(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, XC(name), XC(text));
}

/* Writes <link rel="enclosure" type=... href=...> for e's picture. */
static int
write_enclosure(xmlTextWriterPtr w, const struct feed_entry *e)
{
	if (xmlTextWriterStartElement(w, XC("link")) < 0 ||
	    xmlTextWriterWriteAttribute(w, XC("rel"), XC("enclosure")) < 0 ||
	    (e->image_type != NULL && xmlTextWriterWriteAttribute(w,
	    XC("type"), XC(e->image_type)) < 0) ||
	    xmlTextWriterWriteAttribute(w, XC("href"), XC(e->image)) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

int
feed_write_entry(xmlTextWriterPtr w, const struct feed_entry *e, bool xmlns)
{
	char updated[FEED_TIME_SIZE];

	if (!feed_xml_safe(e->id) || !feed_xml_safe(e->title) ||
	    !feed_xml_safe(e->content) ||
	    (e->link != NULL && !feed_xml_safe(e->link)) ||
	    (e->image != NULL && !feed_xml_safe(e->image)) ||
	    !feed_time(e->updated, updated, sizeof(updated)))
		return -1;
	if (xmlTextWriterStartElement(w, XC("entry")) < 0)
		return -1;
	if (xmlns && xmlTextWriterWriteAttribute(w, XC("xmlns"),
	    XC(ATOM_NS)) < 0)
		return -1;
	if (write_text(w, "id", e->id) < 0 ||
	    write_text(w, "title", e->title) < 0)
		return -1;
	if (e->link != NULL) {
		if (xmlTextWriterStartElement(w, XC("link")) < 0 ||
		    xmlTextWriterWriteAttribute(w, XC("href"),
		    XC(e->link)) < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	if (e->image != NULL && write_enclosure(w, e) < 0)
		return -1;
	if (write_text(w, "updated", updated) < 0)
		return -1;
	if (xmlTextWriterStartElement(w, XC("content")) < 0 ||
	    xmlTextWriterWriteAttribute(w, XC("type"),
	    XC("text")) < 0 ||
	    xmlTextWriterWriteString(w, XC(e->content)) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

char *
feed_entry_xml(const struct feed_entry *e)
{
	xmlBufferPtr b;
	xmlTextWriterPtr w;
	char *s = NULL;
	int rc;

	if ((b = xmlBufferCreate()) == NULL)
		return NULL;
	if ((w = xmlNewTextWriterMemory(b, 0)) == NULL) {
		xmlBufferFree(b);
		return NULL;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, XC("  "));
	rc = feed_write_entry(w, e, true);
	if (xmlTextWriterFlush(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);
	if (rc == 0)
		s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

/* The media type of the picture at url by its ending (".jpg", ".jpeg",
 * ".png": the public folder's names end so), NULL when it does not say. */
static const char *
image_type_of(const char *url)
{
	size_t n = url != NULL ? strcspn(url, "?#") : 0;

	if (n >= 4 && strncasecmp(url + n - 4, ".jpg", 4) == 0)
		return image_mime(IMAGE_JPEG);
	if (n >= 5 && strncasecmp(url + n - 5, ".jpeg", 5) == 0)
		return image_mime(IMAGE_JPEG);
	if (n >= 4 && strncasecmp(url + n - 4, ".png", 4) == 0)
		return image_mime(IMAGE_PNG);
	return NULL;
}

/*
 * Row i as an entry in *e (strings borrowed from the row, or from *id,
 * which the caller frees). Returns false when the row has neither a
 * remote id nor a post id and day to make one from.
 */
static bool
row_entry(const struct ledger_row *r, struct feed_entry *e, char **id)
{
	struct ymd day;

	memset(e, 0, sizeof(*e));
	*id = NULL;
	if (r->remote_id != NULL && *r->remote_id != '\0')
		e->id = r->remote_id;
	else if (r->post_id != NULL && r->day != NULL &&
	    date_parse_ymd(r->day, &day))
		e->id = *id = feed_entry_id(r->post_id, day);
	else
		return false;
	e->title = r->title != NULL ? r->title :
	    r->post_id != NULL ? r->post_id : "";
	e->link = r->link != NULL && *r->link != '\0' ? r->link : NULL;
	e->content = r->text != NULL ? r->text : "";
	e->image = r->image;
	e->image_type = image_type_of(r->image);
	e->updated = r->published_at > 0 ? r->published_at : r->updated;
	return true;
}

/* The feed's head: id, title, link, updated and author. */
static int
write_head(xmlTextWriterPtr w, const struct platform_conf *pc,
    const char *updated)
{
	const char *title = pc->set[FEED_TITLE] != NULL ?
	    pc->set[FEED_TITLE] : feed_settings[FEED_TITLE].fallback;
	const char *link = pc->set[FEED_LINK] != NULL &&
	    *pc->set[FEED_LINK] != '\0' ? pc->set[FEED_LINK] : NULL;

	if (xmlTextWriterStartElement(w, XC("feed")) < 0 ||
	    xmlTextWriterWriteAttribute(w, XC("xmlns"), XC(ATOM_NS)) < 0 ||
	    write_text(w, "id", link != NULL ? link : FEED_ID) < 0 ||
	    write_text(w, "title", title) < 0)
		return -1;
	if (link != NULL && (xmlTextWriterStartElement(w, XC("link")) < 0 ||
	    xmlTextWriterWriteAttribute(w, XC("href"), XC(link)) < 0 ||
	    xmlTextWriterEndElement(w) < 0))
		return -1;
	if (write_text(w, "updated", updated) < 0)
		return -1;
	/* RFC 4287 wants an author for the feed when entries have none. */
	if (xmlTextWriterStartElement(w, XC("author")) < 0 ||
	    write_text(w, "name", title) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

/*
 * The feed document into b. Returns 0, or -1 with *why (allocated) saying
 * what cannot be written.
 */
static int
feed_document(const struct platform_conf *pc, const struct ledger_row *rows,
    size_t n, long long now, xmlBufferPtr b, char **why)
{
	char updated[FEED_TIME_SIZE], *id;
	struct feed_entry e;
	xmlTextWriterPtr w;
	size_t i;
	int rc = -1;

	if ((pc->set[FEED_TITLE] != NULL &&
	    !feed_xml_safe(pc->set[FEED_TITLE])) ||
	    (pc->set[FEED_LINK] != NULL &&
	    !feed_xml_safe(pc->set[FEED_LINK]))) {
		*why = xstrdup("the feed's title or link holds a control "
		    "character, which XML cannot carry");
		return -1;
	}
	if (!feed_time(now, updated, sizeof(updated))) {
		*why = xasprintf("the time %lld cannot be shown", now);
		return -1;
	}
	if ((w = xmlNewTextWriterMemory(b, 0)) == NULL) {
		*why = xstrdup("the XML writer failed");
		return -1;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, XC("  "));
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    write_head(w, pc, updated) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!row_entry(&rows[i], &e, &id)) {
			*why = xasprintf("entry %zu has no id", i + 1);
			goto out;
		}
		if (feed_write_entry(w, &e, false) < 0) {
			*why = xasprintf("entry %zu (%s) holds a control "
			    "character or a time XML cannot carry", i + 1,
			    e.id);
			free(id);
			goto out;
		}
		free(id);
	}
	if (xmlTextWriterEndDocument(w) < 0 || xmlTextWriterFlush(w) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	*why = xstrdup("the XML writer failed");
out:
	xmlFreeTextWriter(w);
	return rc;
}

int
feed_write(const struct platform_conf *pc, const struct ledger_row *rows,
    size_t n, long long now, char **err)
{
	const char *path = pc->set[FEED_PATH];
	char *why = NULL;
	xmlBufferPtr b;
	int rc;

	if (path == NULL || *path == '\0') {
		*err = xstrdup("no path for the feed: set platforms.feed.path");
		return -1;
	}
	if ((b = xmlBufferCreate()) == NULL) {
		*err = xasprintf("cannot write the feed %s: out of memory",
		    path);
		return -1;
	}
	rc = feed_document(pc, rows, n, now, b, &why);
	if (rc == 0)
		rc = file_replace(path, (const char *)xmlBufferContent(b),
		    (size_t)xmlBufferLength(b), 0644, &why);
	if (rc == -1) {
		*err = xasprintf("cannot write the feed %s: %s", path, why);
		free(why);
	}
	xmlBufferFree(b);
	return rc;
}

/* The feed file. */
static const char *
feed_sink_file(const struct platform_conf *pc)
{
	return pc->set[FEED_PATH];
}

/* The entry that publishing m adds: its id and its XML. */
static int
feed_sink_entry(const struct adapter_ctx *ctx, const struct message *m,
    char **id, char **entry, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct feed_entry e = { 0 };

	if (pc == NULL || pc->set[FEED_PATH] == NULL ||
	    *pc->set[FEED_PATH] == '\0') {
		*err = xstrdup("no path for feed: set platforms.feed.path");
		return -1;
	}
	if (m->post == NULL || m->post->id == NULL) {
		*err = xstrdup("the feed entry has no post id");
		return -1;
	}
	e.title = adapter_title(m) ? adapter_title(m) : "";
	e.link = m->link;
	e.content = m->text ? m->text : "";
	e.image = m->image_url;
	e.image_type = image_type_of(m->image_url);
	e.updated = ctx->now;
	if (!feed_xml_safe(e.title) || !feed_xml_safe(e.content) ||
	    (e.link != NULL && !feed_xml_safe(e.link))) {
		*err = xstrdup("the feed entry holds a control character, "
		    "which XML cannot carry");
		return -1;
	}
	e.id = *id = feed_entry_id(m->post->id, m->day);
	if ((*entry = feed_entry_xml(&e)) == NULL) {
		*err = xasprintf("cannot write the feed entry %s", *id);
		free(*id);
		*id = NULL;
		return -1;
	}
	return 0;
}

/* The file again, from the ledger's latest published entries. */
static int
feed_sink_write(const struct adapter_ctx *ctx, struct ledger *l, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct ledger_row *rows = NULL;
	size_t n = 0;
	int rc;

	if (ledger_latest(l, adapter_feed.name, pc->num[FEED_ENTRIES], &rows,
	    &n, err) == -1)
		return -2;
	rc = feed_write(pc, rows, n, ctx->now, err);
	ledger_rows_free(rows, n);
	return rc == 0 ? (int)n : -1;
}

/* Doctor: the file's folder can be written to (feed_write makes no
 * folder; the first run makes state_dir). */
static void
feed_doctor(const struct adapter_ctx *ctx, struct ymd today,
    struct notes *out)
{
	const char *path = ctx->pc->set[FEED_PATH];
	char *dir, *why = NULL;

	if (path == NULL || *path == '\0') {
		notes_add(out, NOTE_FAIL, "no path: set platforms.feed.path");
		return;
	}
	dir = file_dirname(path);
	switch (file_folder_writable(dir, &why)) {
	case 0:
		notes_add(out, NOTE_OK, "%s can be written (its folder can be "
		    "written to)", path);
		break;
	case 1:
		if (strcmp(dir, ctx->config->state_dir) == 0)
			notes_add(out, NOTE_OK, "%s can be written (its folder "
			    "is state_dir, which the first run makes)", path);
		else
			notes_add(out, NOTE_FAIL, "%s cannot be written: its "
			    "folder %s does not exist", path, dir);
		break;
	default:
		notes_add(out, NOTE_FAIL, "%s cannot be written: %s", path,
		    why);
		free(why);
		break;
	}
	free(dir);
}

/* An entry's own title: the post's, normalised. */
static void
feed_prepare(const struct platform_conf *pc, const struct post_platform *ov,
    struct message *m)
{
	m->title = format_nfc(m->post->title);
}

const struct adapter adapter_feed = {
	.name = "feed",
	.label = "Atom feed",
	.card = CARD_ENTRY,
	.counter = COUNT_CODEPOINTS,
	.limit = 0,
	.default_template = "{summary}\n\n{credit}",
	.default_api = NULL,
	.needs_image = false,
	.image_by_url = true,
	.has_title = true,
	.settings = feed_settings,
	.prepare = feed_prepare,
	.doctor = feed_doctor,
	.sink_file = feed_sink_file,
	.sink_entry = feed_sink_entry,
	.sink_write = feed_sink_write,
};
