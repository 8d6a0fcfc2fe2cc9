/* diag: collected errors and warnings (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"
#include "xalloc.h"

void
diags_add(struct diags *d, enum diag_severity sev, const char *file,
    int line, int col, const char *fmt, ...)
{
	va_list ap;
	struct diag *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	e = &d->v[d->n++];
	e->sev = sev;
	e->file = xstrdup(file);
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	e->msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (sev == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}

void
diags_move(struct diags *dst, struct diags *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 8;
			dst->v = xreallocarray(dst->v, dst->cap,
			    sizeof(*dst->v));
		}
		dst->v[dst->n++] = src->v[i];
	}
	dst->nerrors += src->nerrors;
	dst->nwarnings += src->nwarnings;
	free(src->v);
	src->v = NULL;
	src->n = src->cap = src->nerrors = src->nwarnings = 0;
}

char *
diag_format(const struct diag *d)
{
	struct buf b = BUF_INIT;

	if (d->file != NULL) {
		buf_adds(&b, d->file);
		if (d->line > 0) {
			buf_addf(&b, ":%d", d->line);
			if (d->col > 0)
				buf_addf(&b, ":%d", d->col);
		}
		buf_adds(&b, ": ");
	}
	if (d->sev == DIAG_WARNING)
		buf_adds(&b, "warning: ");
	buf_adds(&b, d->msg);
	return buf_detach(&b);
}

void
diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->nerrors = d->nwarnings = 0;
}
