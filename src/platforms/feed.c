/* feed: an Atom entry for the feed file; nothing goes over the network. */
#include "platforms/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "platforms/adapter.h"
#include "xalloc.h"

/* libxml2's strings are unsigned char; ours are char. */
#define XC(s) ((const xmlChar *)(s))

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

int
feed_write_entry(xmlTextWriterPtr w, const struct feed_entry *e, bool xmlns)
{
	char updated[FEED_TIME_SIZE];

	if (!feed_xml_safe(e->id) || !feed_xml_safe(e->title) ||
	    !feed_xml_safe(e->content) ||
	    (e->link != NULL && !feed_xml_safe(e->link)) ||
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

/* "WRITE" to platforms.feed.path the Atom entry of this message. */
static int
feed_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	struct request_list l = { NULL, 0 };
	struct feed_entry e;
	struct request *r;
	char *id, *xml;

	if (pc == NULL || pc->path == NULL || *pc->path == '\0') {
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
	e.updated = ctx->now;
	if (!feed_xml_safe(e.title) || !feed_xml_safe(e.content) ||
	    (e.link != NULL && !feed_xml_safe(e.link))) {
		*err = xstrdup("the feed entry holds a control character, "
		    "which XML cannot carry");
		return -1;
	}
	id = feed_entry_id(m->post->id, m->day);
	e.id = id;
	xml = feed_entry_xml(&e);
	if (xml == NULL) {
		*err = xasprintf("cannot write the feed entry %s", id);
		free(id);
		return -1;
	}
	free(id);
	r = request_list_add(&l, "WRITE", xstrdup(pc->path));
	r->body = xml;
	*out = l;
	return 0;
}

const struct adapter adapter_feed = {
	.id = PF_FEED,
	.name = "feed",
	.counter = COUNT_CODEPOINTS,
	.limit = 0,
	.default_template = "{summary}",
	.default_api = NULL,
	.needs_image = false,
	.finish = NULL,
	.check = NULL,
	.build = feed_build,
	/* Nothing is sent: the publisher records the entry as published
	 * and atom_write (atom.h) rewrites the whole file. */
	.parse = NULL,
	.resume = NULL,
};
