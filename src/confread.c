/* confread: reading a libconfig file strictly (see confread.h). */
#include "confread.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "suggest.h"
#include "text.h"
#include "xalloc.h"

/* Code points of a value quoted in a message. */
#define SNIP_MAX	50

/* An integer literal libconfig would truncate: name = literal at line. */
struct bigint {
	int line;
	char *name;
	char *lit;
};

/* Appends an error about setting s (its line) to the parse's list. */
void
confread_error(struct confread *x, const config_setting_t *s,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(x->d, DIAG_ERROR, x->file,
	    s ? (int)config_setting_source_line(s) : 0, 0, "%s", msg);
	free(msg);
}

/* v as a message quotes it: at most SNIP_MAX code points (then "..."),
 * control characters as "?", so that neither a 60 KB value nor an escape
 * sequence reaches a terminal or the journal. Valid until the next call
 * but one. */
const char *
confread_snip(struct confread *x, const char *v)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;
	char **slot = &x->snips[x->nsnip++ % 2];
	size_t n = 0;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((*p & 0xC0) != 0x80 && n++ == SNIP_MAX) {
			buf_adds(&b, "...");
			break;
		}
		buf_addc(&b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	}
	free(*slot);
	*slot = buf_detach(&b);
	return *slot;
}

/* The dotted name of a setting below the root ("http.timeout"). */
char *
confread_path(const config_setting_t *s)
{
	struct buf b = BUF_INIT;
	const config_setting_t *p;
	const char *names[16];
	size_t n = 0;

	for (p = s; p != NULL && !config_setting_is_root(p) && n < 16;
	    p = config_setting_parent(p))
		names[n++] = config_setting_name(p) ? config_setting_name(p) :
		    "?";
	while (n > 0) {
		buf_adds(&b, names[--n]);
		if (n > 0)
			buf_addc(&b, '.');
	}
	return buf_detach(&b);
}

/* What a libconfig value is, for "expected X, got Y" messages. */
static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a decimal number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "true or false";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	default:
		return "nothing";
	}
}

/* Reports that s is not of the type expected (a phrase: "a string"). */
void
confread_wrong_type(struct confread *x, const config_setting_t *s,
    const char *expected)
{
	char *p = confread_path(s);

	confread_error(x, s, "%s: expected %s, got %s", p, expected,
	    type_name(config_setting_type(s)));
	free(p);
}

/* The value of string setting s, or NULL (reported) when not a string or
 * not UTF-8. */
const char *
confread_str(struct confread *x, const config_setting_t *s)
{
	const char *v;
	char *p;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		confread_wrong_type(x, s, "a string");
		return NULL;
	}
	v = config_setting_get_string(s);
	/* the file is UTF-8 (read_text), but "\xC0" escapes make bytes */
	if (!text_valid_utf8(v, strlen(v), NULL)) {
		p = confread_path(s);
		confread_error(x, s, "%s: the text is not valid UTF-8 (check "
		    "its \\x escapes)", p);
		free(p);
		return NULL;
	}
	return v;
}

/* The value of boolean setting s into *out; false (reported) otherwise. */
bool
confread_bool(struct confread *x, const config_setting_t *s, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		confread_wrong_type(x, s, "true or false");
		return false;
	}
	*out = config_setting_get_bool(s) != 0;
	return true;
}

/* The over-long literal libconfig truncated for setting s, or NULL. */
static const char *
big_literal(const struct confread *x, const config_setting_t *s)
{
	const char *name = config_setting_name(s);
	int line = (int)config_setting_source_line(s);
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < x->nbig; i++)
		if (x->big[i].line == line && strcmp(x->big[i].name, name) == 0)
			return x->big[i].lit;
	return NULL;
}

/* Integer setting s into *out when within min..max; reported otherwise. */
bool
confread_int(struct confread *x, const config_setting_t *s, int min, int max,
    int *out)
{
	long long v;
	const char *lit;
	char *p;
	int type = config_setting_type(s);

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
		confread_wrong_type(x, s, "an integer");
		return false;
	}
	v = config_setting_get_int64(s);
	lit = type == CONFIG_TYPE_INT ? big_literal(x, s) : NULL;
	if (lit != NULL || v < min || v > max) {
		p = confread_path(s);
		if (lit != NULL)
			confread_error(x, s, "%s: %s is out of range (%d..%d)",
			    p, lit, min, max);
		else
			confread_error(x, s, "%s: %lld is out of range (%d..%d)"
			    , p, v, min, max);
		free(p);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Reports a setting whose name is not one of names (see confread.h). */
void
confread_unknown(struct confread *x, const config_setting_t *s,
    const char *const *names)
{
	const config_setting_t *parent = config_setting_parent(s);
	const char *name = config_setting_name(s);
	const char *near = names != NULL ? suggest_name(name, names) : NULL;
	char *p, *hint;

	hint = near != NULL ? xasprintf(" (did you mean \"%s\"?)", near) :
	    xstrdup("");
	if (parent == NULL || config_setting_is_root(parent))
		confread_error(x, s, "unknown setting \"%s\"%s",
		    confread_snip(x, name), hint);
	else {
		p = confread_path(parent);
		confread_error(x, s, "unknown setting \"%s\" in %s%s",
		    confread_snip(x, name), p, hint);
		free(p);
	}
	free(hint);
}

/* Remembers an integer literal that libconfig would truncate. */
static void
add_big(struct confread *x, int line, const char *name, size_t namelen,
    const char *lit, size_t litlen)
{
	struct bigint *b;

	x->big = xreallocarray(x->big, x->nbig + 1, sizeof(*x->big));
	b = &x->big[x->nbig++];
	b->line = line;
	b->name = xstrndup(name, namelen);
	b->lit = xstrndup(lit, litlen);
}

/* Whether integer literal [p, e) (sign included) fits 32 bits. */
static bool
fits_int32(const char *p, const char *e)
{
	bool neg = false;
	unsigned long long v = 0, lim;
	int base = 10, dv;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	lim = neg ? 2147483648ULL : 2147483647ULL;
	for (; p < e; p++) {
		if (isdigit((unsigned char)*p))
			dv = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			dv = tolower((unsigned char)*p) - 'a' + 10;
		else
			return true;	/* not an integer: not ours */
		v = v * (unsigned)base + (unsigned)dv;
		if (v > lim)
			return false;
	}
	return true;
}

/*
 * One pass over the text for what libconfig hides or gets wrong: an
 * @include line (refused) and "name = INTEGER" literals that need 64 bits
 * without the L suffix. Strings and comments are skipped.
 */
static void
prescan(struct confread *x, const char *t)
{
	const char *p = t, *q, *name = NULL;
	size_t namelen = 0;
	int line = 1, name_line = 0;
	bool bol = true, assign = false, hex;

	while (*p != '\0') {
		if (*p == '\n') {
			line++;
			bol = true;
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\f' || *p == '\v') {
			p++;
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			for (p += 2; *p != '\0' && strncmp(p, "*/", 2) != 0;
			    p++)
				if (*p == '\n')
					line++;
			if (*p != '\0')
				p += 2;
			bol = false;
		} else if (bol && strncmp(p, "@include", 8) == 0) {
			diags_add(x->d, DIAG_ERROR, x->file, line, 0,
			    "@include is not supported: keep the whole "
			    "configuration in this file");
			p += strcspn(p, "\n");
		} else if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (*p == '\n')
					line++;
			}
			if (*p != '\0')
				p++;
			bol = false;
			name = NULL;
			assign = false;
		} else if (isalpha((unsigned char)*p) || *p == '*') {
			for (q = p; isalnum((unsigned char)*p) || *p == '_' ||
			    *p == '-' || *p == '*'; p++)
				;
			bol = false;
			name = q;
			namelen = (size_t)(p - q);
			name_line = line;
			assign = false;
		} else if ((*p == '=' || *p == ':') && name != NULL &&
		    !assign) {
			assign = true;
			p++;
		} else if (isdigit((unsigned char)*p) ||
		    ((*p == '-' || *p == '+') &&
		    isdigit((unsigned char)p[1]))) {
			q = p++;
			hex = strncasecmp(q + (*q == '-' || *q == '+'), "0x",
			    2) == 0;
			while (isalnum((unsigned char)*p) || *p == '.' ||
			    (!hex && (*p == '-' || *p == '+') &&
			    (p[-1] == 'e' || p[-1] == 'E')))
				p++;
			if (assign && p[-1] != 'L' && !fits_int32(q, p))
				add_big(x, name_line, name, namelen, q,
				    (size_t)(p - q));
			bol = false;
			name = NULL;
			assign = false;
		} else {
			bol = false;
			name = NULL;
			assign = false;
			p++;
		}
	}
}

/* The line (from 1) of byte off of text. */
int
confread_line(const char *text, size_t off)
{
	size_t i;
	int line = 1;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/*
 * When line (from 1) of text sets a name to a bare yes, no, on or off,
 * which libconfig reads as a syntax error, the setting's name and word in
 * *name and *word (pointers into text) with their lengths; else false.
 */
static bool
bare_bool(const char *t, int line, const char **name, size_t *nlen,
    const char **word, size_t *wlen)
{
	static const char *const words[] = { "yes", "no", "on", "off", NULL };
	const char *p = t, *end, *n, *w;
	size_t i, k;

	for (; line > 1 && (p = strchr(p, '\n')) != NULL; line--)
		p++;
	if (p == NULL)
		return false;
	end = p + strcspn(p, "\n#\"");
	for (; p < end; p++) {
		if (*p != '=' && *p != ':')
			continue;
		for (n = p; n > t && (n[-1] == ' ' || n[-1] == '\t'); n--)
			;
		*nlen = 0;
		while (n > t && (isalnum((unsigned char)n[-1]) || n[-1] == '_' ||
		    n[-1] == '-' || n[-1] == '*')) {
			n--;
			(*nlen)++;
		}
		for (w = p + 1; w < end && (*w == ' ' || *w == '\t'); w++)
			;
		for (k = 0; w + k < end && isalpha((unsigned char)w[k]); k++)
			;
		for (i = 0; words[i] != NULL && k > 0; i++)
			if (strlen(words[i]) == k &&
			    strncasecmp(w, words[i], k) == 0) {
				*name = n;
				*word = w;
				*wlen = k;
				return *nlen > 0;
			}
	}
	return false;
}

/* Reads and checks text into cfg; false with diagnostics otherwise. */
bool
confread_text(struct confread *x, config_t *cfg, const char *text, size_t len)
{
	const char *msg, *nul, *name, *word;
	size_t bad, nlen, wlen;

	if ((nul = memchr(text, '\0', len)) != NULL) {
		diags_add(x->d, DIAG_ERROR, x->file,
		    confread_line(text, (size_t)(nul - text)), 0,
		    "the file contains a NUL byte");
		return false;
	}
	/* every string goes on as UTF-8 (into the feed, headers, logs) */
	if (!text_valid_utf8(text, len, &bad)) {
		diags_add(x->d, DIAG_ERROR, x->file,
		    confread_line(text, bad), 0,
		    "not valid UTF-8 "
		    "(byte 0x%02X); save the file as UTF-8",
		    (unsigned)(unsigned char)text[bad]);
		return false;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;		/* a BOM some editors write */
	prescan(x, text);
	if (x->d->nerrors > 0)
		return false;
	config_set_auto_convert(cfg, 0);
	if (config_read_string(cfg, text) != CONFIG_TRUE) {
		msg = config_error_text(cfg) ? config_error_text(cfg) :
		    "parse error";
		/* bison's words when its stack overflows */
		if (strcmp(msg, "memory exhausted") == 0)
			msg = "lists or groups nested too deeply";
		if (bare_bool(text, config_error_line(cfg), &name, &nlen,
		    &word, &wlen))
			diags_add(x->d, DIAG_ERROR, x->file,
			    config_error_line(cfg), 0, "%.*s = %.*s: a setting "
			    "is true or false, not %.*s; write true or false",
			    (int)nlen, name, (int)wlen, word, (int)wlen, word);
		else
			diags_add(x->d, DIAG_ERROR, x->file,
			    config_error_line(cfg), 0, "%s", msg);
		return false;
	}
	return true;
}

/* Frees the integer literals remembered by prescan. */
void
confread_free(struct confread *x)
{
	size_t i;

	for (i = 0; i < x->nbig; i++) {
		free(x->big[i].name);
		free(x->big[i].lit);
	}
	free(x->big);
	x->big = NULL;
	x->nbig = 0;
	free(x->snips[0]);
	free(x->snips[1]);
	x->snips[0] = x->snips[1] = NULL;
}

/* Stores a copy of s in *dst (NULL for ""), freeing what was there. */
void
confread_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = (s != NULL && *s != '\0') ? xstrdup(s) : NULL;
}

/* True when s holds a byte below 0x20 or 0x7f. */
bool
confread_has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A diagnostic for a file that could not be read (file.h's status s and
 * errno err), naming what it is; max is its largest allowed size. */
void
confread_file_diag(struct diags *d, const char *path, const char *what,
    enum file_status s, int err, size_t max)
{
	if (s == FILE_TOO_BIG)
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read %s: larger "
		    "than %zu bytes", what, max);
	else
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read %s: %s",
		    what, file_strerror(s, err));
}

