/* post_report: a post file's problems as diagnostics (see post_impl.h). */
#include "post_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

uint32_t
post_u8_next(const char **s)
{
	uint32_t cp;
	size_t n;

	if ((unsigned char)**s < 0x80)
		return (unsigned char)*(*s)++;
	n = text_decode(*s, strnlen(*s, 4), &cp);
	if (n == 0) {
		(*s)++;
		return 0xFFFD;
	}
	*s += n;
	return cp;
}

/* Appends a diagnostic of sev at pos. */
static void __attribute__((format(printf, 4, 0)))
vreport(struct post_ctx *c, enum diag_severity sev, struct json_pos pos,
    const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	diags_add(&c->dg, sev, c->path, pos.line, pos.col, "%s", msg);
	free(msg);
}

void
post_error(struct post_ctx *c, struct json_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

void
post_warning(struct post_ctx *c, struct json_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_WARNING, pos, fmt, ap);
	va_end(ap);
}

void
post_add_quoted(struct buf *b, const char *s, size_t n)
{
	const char *end = s + n, *start;
	size_t k = 0, len;
	uint32_t cp;

	buf_addc(b, '"');
	while (s < end) {
		if (k++ == SNIPPET_MAX) {
			buf_adds(b, "...");
			break;
		}
		start = s;
		len = text_decode(s, (size_t)(end - s), &cp);
		if (len == 0) {
			cp = 0xFFFD;
			len = 1;
		}
		s += len;
		if (cp == '"' || cp == '\\')
			buf_addf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp < 0x20 || cp == 0x7F)
			buf_addf(b, "\\u%04X", (unsigned)cp);
		else
			buf_add(b, start, len);
	}
	buf_addc(b, '"');
}

void
post_add_got(struct buf *b, const struct post_ctx *c,
    const struct json_value *v, size_t max)
{
	const char *s = c->s + v->pos.off, *end = c->s + v->end, *start;
	bool text = v->type == JSON_STRING;
	size_t n = 0, len;
	uint32_t cp = 0;

	if (v->type == JSON_ARRAY) {
		buf_adds(b, "an array");
		return;
	}
	if (v->type == JSON_OBJECT) {
		buf_adds(b, "an object");
		return;
	}
	while (s < end) {
		/* (a string's closing quote alone left: nothing is cut) */
		if (n++ == max && !(text && end - s == 1)) {
			buf_adds(b, "...");
			if (text)
				buf_addc(b, '"');
			break;
		}
		start = s;
		len = text_decode(s, (size_t)(end - s), &cp);
		s += len > 0 ? len : 1;
		if (len == 0 || cp < 0x20)
			buf_addf(b, "\\u%04X",
			    len > 0 ? (unsigned)cp : 0xFFFDU);
		else
			buf_add(b, start, len);
	}
}

const char *
post_got(struct post_ctx *c, const struct json_value *v)
{
	struct buf b = BUF_INIT;

	free(c->scratch);
	post_add_got(&b, c, v, SNIPPET_MAX);
	c->scratch = buf_detach(&b);
	return c->scratch;
}
