/* redact: known secrets out of text from elsewhere (see redact.h). */
#include "redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "platforms.h"
#include "xalloc.h"

/* Adds s (taken over) unless it is there already. */
static void
add_form(struct redact *r, char *s)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i], s) == 0) {
			free(s);
			return;
		}
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = s;
}

/* s JSON-escaped as in a string literal; "/" as "\/" when slash. */
static char *
json_escaped(const char *s, bool slash)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		switch (*p) {
		case '"':
			buf_adds(&b, "\\\"");
			break;
		case '\\':
			buf_adds(&b, "\\\\");
			break;
		case '/':
			buf_adds(&b, slash ? "\\/" : "/");
			break;
		case '\b':
			buf_adds(&b, "\\b");
			break;
		case '\f':
			buf_adds(&b, "\\f");
			break;
		case '\n':
			buf_adds(&b, "\\n");
			break;
		case '\r':
			buf_adds(&b, "\\r");
			break;
		case '\t':
			buf_adds(&b, "\\t");
			break;
		default:
			if (*p < 0x20)
				buf_addf(&b, "\\u%04x", *p);
			else
				buf_addc(&b, (char)*p);
		}
	return buf_detach(&b);
}

/* Longest first. */
static int
by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

void
redact_add(struct redact *r, const char *secret)
{
	char *pe, *p;

	if (secret == NULL || strlen(secret) < REDACT_MIN_LEN)
		return;
	add_form(r, xstrdup(secret));
	pe = percent_encode(secret);
	add_form(r, xstrdup(pe));
	for (p = pe; *p != '\0'; p++)
		if (*p == '%') {
			if (p[1] >= 'A' && p[1] <= 'F')
				p[1] = (char)(p[1] - 'A' + 'a');
			if (p[1] != '\0' && p[2] >= 'A' && p[2] <= 'F')
				p[2] = (char)(p[2] - 'A' + 'a');
		}
	add_form(r, pe);
	add_form(r, json_escaped(secret, false));
	add_form(r, json_escaped(secret, true));
	qsort(r->v, r->n, sizeof(*r->v), by_length);
}

void
redact_init(struct redact *r, const struct credentials *cr)
{
	size_t i, k;

	r->v = NULL;
	r->n = 0;
	if (cr == NULL)
		return;
	for (i = 0; i < PLATFORMS_MAX; i++)
		for (k = 0; k < PLATFORM_CRED_KEYS_MAX; k++)
			redact_add(r, cr->v[i][k]);
}

void
redact_free(struct redact *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/* The length of secret when p starts with it, else 0. */
static size_t
starts_with(const char *p, const char *secret)
{
	size_t i;

	for (i = 0; secret[i] != '\0'; i++)
		if (p[i] != secret[i])
			return 0;
	return i;
}

/*
 * Whether the rest of a text, p (len bytes), is a secret cut off: the
 * first k bytes of one (at least REDACT_MIN_LEN, fewer than its length),
 * then nothing or "...". Returns k, else 0.
 */
static size_t
cut_secret(const struct redact *r, const char *p, size_t len)
{
	size_t i, k = len;

	if (k >= 3 + REDACT_MIN_LEN && strcmp(p + k - 3, "...") == 0)
		k -= 3;
	if (k < REDACT_MIN_LEN)
		return 0;
	for (i = 0; i < r->n; i++)
		if (strlen(r->v[i]) > k && strncmp(p, r->v[i], k) == 0)
			return k;
	return 0;
}

char *
redact_text(const struct redact *r, const char *s)
{
	struct buf b = BUF_INIT;
	size_t i, n, rest, maxlen = 0;
	const char *p, *end;

	if (s == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		if ((n = strlen(r->v[i])) > maxlen)
			maxlen = n;
	end = s + strlen(s);
	for (p = s; *p != '\0';) {
		for (i = 0, n = 0; i < r->n; i++)
			if ((n = starts_with(p, r->v[i])) > 0)
				break;
		/* Only the last bytes can be a secret cut off. */
		rest = (size_t)(end - p);
		if (n == 0 && rest < maxlen + 3)
			n = cut_secret(r, p, rest);
		if (n > 0) {
			buf_adds(&b, REDACT_MARK);
			p += n;
		} else
			buf_addc(&b, *p++);
	}
	return buf_detach(&b);
}

bool
redact_replace(const struct redact *r, char **s)
{
	char *t;

	if (*s == NULL || r->n == 0)
		return false;
	t = redact_text(r, *s);
	if (strcmp(t, *s) == 0) {
		free(t);
		return false;
	}
	free(*s);
	*s = t;
	return true;
}
