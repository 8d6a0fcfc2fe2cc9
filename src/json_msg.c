/* json_msg: places in a JSON text and what stands there (see
 * json_msg.h). */
#include "json_msg.h"

#include <string.h>

#include <utf8proc.h>

#include "text.h"

struct json_pos
json_position(const char *text, size_t len, size_t off)
{
	struct json_pos p;
	size_t i, start = 0;

	if (off > len)
		off = len;
	p.off = off;
	p.line = p.col = 1;
	for (i = 0; i < off; i++)
		if (text[i] == '\n') {
			p.line++;
			start = i + 1;
		}
	for (i = start; i < off; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			p.col++;
	return p;
}

bool
json_visible(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return false;
	default:
		return true;
	}
}

int
json_clip(const char *s, size_t n, size_t max)
{
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return (int)n;
}

void
json_msg_found(struct buf *b, const char *s, size_t len, size_t off,
    size_t max)
{
	size_t n;
	uint32_t cp;
	const char *p;

	if (off >= len) {
		buf_adds(b, "the end of the file");
		return;
	}
	p = s + off;
	for (n = 0; off + n < len && n < 20; n++) {
		char ch = p[n];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' ||
		    (n > 0 && (ch == '.' || ch == '-' || ch == '+'))))
			break;
	}
	if (n > max) {
		buf_add(b, p, max);
		buf_adds(b, "...");
		return;
	}
	if (n > 0) {
		buf_add(b, p, n);
		return;
	}
	cp = 0;
	n = text_decode(p, len - off, &cp);
	if (n > 0 && json_visible(cp))
		buf_add(b, p, n);
	else
		buf_addf(b, "U+%04X", (unsigned)cp);
}

void
json_msg_unexpected(struct buf *out, const char *s, size_t len, size_t off,
    const char *what)
{
	struct buf b = BUF_INIT;
	const char *p = s + off, *w;
	size_t left = len - off;

	if (left >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*')) {
		buf_adds(out, "comments are not allowed (use a \"_comment\" "
		    "field instead)");
		return;
	}
	if (left >= 1 && p[0] == '\'') {
		buf_adds(out, "use double quotes \"...\" around text, not "
		    "single quotes");
		return;
	}
	/* whole words only for the hint; otherwise a few characters */
	json_msg_found(&b, s, len, off, 5);
	w = buf_str(&b);
	if (strcmp(w, "True") == 0 || strcmp(w, "TRUE") == 0 ||
	    strcmp(w, "False") == 0 || strcmp(w, "FALSE") == 0 ||
	    strcmp(w, "Null") == 0 || strcmp(w, "NULL") == 0)
		buf_addf(out, "expected %s, got %s (write true, false and "
		    "null in small letters)", what, w);
	else {
		buf_truncate(&b, 0);
		json_msg_found(&b, s, len, off, JSON_FOUND_MAX);
		buf_addf(out, "expected %s, got %s", what, buf_str(&b));
	}
	buf_free(&b);
}

