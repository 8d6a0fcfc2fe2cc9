/* atom: the whole Atom feed file, replaced atomically (see atom.h). */
#include "atom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "date.h"
#include "platforms/feed.h"
#include "xalloc.h"

/* libxml2's strings are unsigned char; ours are char. */
#define XC(s) ((const xmlChar *)(s))

#define FEED_TITLE "On this day"	/* when platforms.feed.title is unset */
#define FEED_ID "tag:almanac,2026:feed"	/* the feed's id when it has no link */

/*
 * Row i as an entry in *e (strings borrowed from the row, or from *id,
 * which the caller frees). Returns false when the row has neither a
 * remote id nor a post id and day to make one from.
 */
static bool
row_entry(const struct ledger_row *r, struct feed_entry *e, char **id)
{
	struct ymd day;

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
	e->updated = r->published_at > 0 ? r->published_at : r->updated;
	return true;
}

/* Writes <name>text</name>; returns the writer's result. */
static int
write_text(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, XC(name), XC(text));
}

/* The feed's head: id, title, link, updated and author. */
static int
write_head(xmlTextWriterPtr w, const struct platform_conf *pc,
    const char *updated)
{
	const char *title = pc->title != NULL ? pc->title : FEED_TITLE;
	const char *link = pc->link != NULL && *pc->link != '\0' ?
	    pc->link : NULL;

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

	if ((pc->title != NULL && !feed_xml_safe(pc->title)) ||
	    (pc->link != NULL && !feed_xml_safe(pc->link))) {
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

/* Writes all len bytes of p to fd. Returns 0, or -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t k;

	while (len > 0) {
		if ((k = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Makes the rename in folder dir durable. Returns 0, or -1 with errno. */
static int
sync_dir(const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	/* Some file systems cannot sync a folder; nothing more to do. */
	if (rc == -1 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

/*
 * Replaces path with len bytes of data: a temporary file beside it (mode
 * 0644), fsync, close, rename, fsync of the folder dir. Returns 0, or -1
 * with *why (allocated); the temporary file is then gone.
 */
static int
replace_file(const char *path, const char *dir, const char *base,
    const char *data, size_t len, char **why)
{
	char *tmp;
	int fd, e;

	tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			*why = xasprintf("the folder %s does not exist", dir);
		else
			*why = xasprintf("cannot create a file in %s: %s",
			    dir, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0644) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		e = errno;
		close(fd);
		*why = xasprintf("cannot write %s: %s", tmp, strerror(e));
		goto fail;
	}
	if (close(fd) == -1) {
		*why = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		*why = xasprintf("cannot rename %s to it: %s", tmp,
		    strerror(errno));
		goto fail;
	}
	free(tmp);
	if (sync_dir(dir) == -1) {
		*why = xasprintf("it was replaced, but the folder %s could not "
		    "be synced: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

int
atom_write(const struct platform_conf *pc, const struct ledger_row *rows,
    size_t n, long long now, char **err)
{
	const char *slash, *base;
	char *dir, *why = NULL;
	xmlBufferPtr b;
	int rc;

	if (pc->path == NULL || *pc->path == '\0') {
		*err = xstrdup("no path for the feed: set platforms.feed.path");
		return -1;
	}
	if ((slash = strrchr(pc->path, '/')) == NULL) {
		dir = xstrdup(".");
		base = pc->path;
	} else {
		dir = slash == pc->path ? xstrdup("/") :
		    xstrndup(pc->path, (size_t)(slash - pc->path));
		base = slash + 1;
	}
	if (*base == '\0') {
		*err = xasprintf("cannot write the feed %s: the path names a "
		    "folder, not a file", pc->path);
		free(dir);
		return -1;
	}
	if ((b = xmlBufferCreate()) == NULL) {
		*err = xasprintf("cannot write the feed %s: out of memory",
		    pc->path);
		free(dir);
		return -1;
	}
	rc = feed_document(pc, rows, n, now, b, &why);
	if (rc == 0)
		rc = replace_file(pc->path, dir, base,
		    (const char *)xmlBufferContent(b),
		    (size_t)xmlBufferLength(b), &why);
	if (rc == -1) {
		*err = xasprintf("cannot write the feed %s: %s", pc->path, why);
		free(why);
	}
	xmlBufferFree(b);
	free(dir);
	return rc;
}
