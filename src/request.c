/* request: requests, their lists, percent-encoding (request.h). */
#include "request.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* Frees every request of l and empties it. */
void
request_list_free(struct request_list *l)
{
	struct request *r;
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		free(r->method);
		free(r->url);
		for (j = 0; j < r->nheaders; j++) {
			free(r->headers[j].name);
			free(r->headers[j].value);
		}
		free(r->headers);
		free(r->body);
		free(r->note);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Appends a request with method and url (which it takes over) and no
 * headers, body or note; the pointer is valid until the next add. */
struct request *
request_list_add(struct request_list *l, const char *method, char *url)
{
	struct request *r;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	r->method = xstrdup(method);
	r->url = url;
	return r;
}

/* Appends a copy of name: value to r's headers. */
void
request_add_header(struct request *r, const char *name, const char *value,
    bool secret)
{
	struct header *h;

	r->headers = xreallocarray(r->headers, r->nheaders + 1,
	    sizeof(*r->headers));
	h = &r->headers[r->nheaders++];
	h->name = xstrdup(name);
	h->value = xstrdup(value);
	h->secret = secret;
}

size_t
request_body_len(const struct request *r)
{
	if (r->body == NULL)
		return 0;
	return r->body_len > 0 ? r->body_len : strlen(r->body);
}

char *
percent_encode(const char *s)
{
	return percent_encode_keep(s, "");
}

char *
percent_encode_keep(const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~' || strchr(keep, *p) != NULL)
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 0xf]);
		}
	}
	return buf_detach(&b);
}
