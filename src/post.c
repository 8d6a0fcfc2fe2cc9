/* post: one post file into a struct post (see post.h). */
#include "post.h"

#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "json.h"
#include "post_impl.h"
#include "xalloc.h"

#define FOUND_MAX	3	/* characters quoted of a top level that is
				   no object: the file may be no post at all
				   (a key, a password file) */
#define KEY_QUOTE_MAX	60	/* bytes of a field name quoted as written */

/* Reports the members of object o whose key has \u0000, or that an
 * earlier member has (json.h keeps every member; the first counts). where
 * is o's path. */
static void
check_keys(struct post_ctx *c, const struct json_value *o,
    const struct buf *where)
{
	const struct json_member *m;
	struct buf b = BUF_INIT;
	size_t k;

	for (k = 0; k < o->u.obj.n; k++) {
		m = &o->u.obj.members[k];
		if (m->key_nul.off == JSON_NOPOS)
			continue;
		post_error(c, m->key_nul, "field name %.*s%s%s may not contain "
		    "\\u0000",
		    json_clip(c->s + m->key_pos.off,
		    m->key_end - m->key_pos.off, KEY_QUOTE_MAX),
		    c->s + m->key_pos.off, where->len ? " in " : "",
		    buf_str(where));
	}
	for (k = 0; k < o->u.obj.n; k++) {
		m = &o->u.obj.members[k];
		if (m->key_nul.off != JSON_NOPOS || m->dup == NULL)
			continue;
		buf_truncate(&b, 0);
		post_add_quoted(&b, m->key, m->key_len);
		post_error(c, m->key_pos, "duplicate field %s%s%s (first at "
		    "line %d)", buf_str(&b), where->len ? " in " : "",
		    buf_str(where), m->dup->key_pos.line);
	}
	buf_free(&b);
}

/* Reports duplicate keys and \u0000 anywhere in the tree of v, whose
 * path is where; what post_member_ignored says is not looked into. */
static void
walk(struct post_ctx *c, const struct json_value *v, struct buf *where)
{
	const struct json_member *m;
	size_t k, len = where->len;

	if (v->type == JSON_STRING && v->u.str.nul.off != JSON_NOPOS)
		post_error(c, v->u.str.nul, "%s: text may not contain "
		    "\\u0000", buf_str(where));
	if (v->type == JSON_ARRAY)
		for (k = 0; k < v->u.arr.n; k++) {
			buf_addf(where, "[%zu]", k + 1);
			walk(c, &v->u.arr.items[k], where);
			buf_truncate(where, len);
		}
	if (v->type != JSON_OBJECT)
		return;
	check_keys(c, v, where);
	for (k = 0; k < v->u.obj.n; k++) {
		m = &v->u.obj.members[k];
		if (post_member_ignored(m))
			continue;
		if (len > 0)
			buf_addc(where, '.');
		post_add_quoted(where, m->key, m->key_len);
		walk(c, &m->value, where);
		buf_truncate(where, len);
	}
}

/* Orders diagnostics by line and column, keeping their order otherwise. */
static int
cmp_diags(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* Sorts c's diagnostics by position, by insertion: stable, and a file
 * has few. */
static void
sort_diags(struct post_ctx *c)
{
	struct diag *v = c->dg.v, tmp;
	size_t i, j;

	for (i = 1; i < c->dg.n; i++) {
		tmp = v[i];
		for (j = i; j > 0 && cmp_diags(&v[j - 1], &tmp) > 0; j--)
			v[j] = v[j - 1];
		v[j] = tmp;
	}
}

/* Reports that the top level (c->root) is not an object: a few
 * characters of it only (true, false and null whole). */
static void
not_an_object(struct post_ctx *c)
{
	const struct json_value *v = c->root;
	struct buf b = BUF_INIT;
	size_t max = FOUND_MAX;

	if (v->type == JSON_TRUE || v->type == JSON_FALSE ||
	    v->type == JSON_NULL)
		max = SNIPPET_MAX;
	else if (v->type == JSON_STRING)
		max = FOUND_MAX + 1;	/* (the opening quote counts) */
	post_add_got(&b, c, v, max);
	post_error(c, v->pos, "expected a JSON object { ... } at the top "
	    "level, got %s", buf_str(&b));
	buf_free(&b);
}

/* Runs every check on c's text; the post is filled when it passes. */
static void
parse(struct post_ctx *c)
{
	struct json_doc doc;
	struct json_error err;
	struct buf where = BUF_INIT;

	/* A UTF-8 byte order mark is allowed and skipped: positions count
	 * from after it. */
	if (c->len >= 3 && memcmp(c->s, "\xEF\xBB\xBF", 3) == 0) {
		c->s += 3;
		c->len -= 3;
	}
	if (json_parse(c->s, c->len, &doc, &err) != 0) {
		switch (err.kind) {
		case JSON_ERR_EMPTY:
			post_error(c, POST_NOWHERE, "file is empty; expected "
			    "a JSON object { ... }");
			break;
		case JSON_ERR_UTF8:
			post_error(c, err.pos, "%s; save the file as UTF-8",
			    err.msg);
			break;
		default:
			post_error(c, err.pos, "not valid JSON: %s", err.msg);
			break;
		}
		json_doc_free(&doc);
		return;
	}
	c->root = doc.root;
	if (c->root->type != JSON_OBJECT)
		not_an_object(c);
	else {
		walk(c, c->root, &where);
		buf_free(&where);
		post_read_fields(c);
	}
	c->root = NULL;
	json_doc_free(&doc);
}

int
post_parse(const char *path, const char *buf, size_t len, struct post *out,
    struct diags *d)
{
	struct post_ctx c;
	int rc;

	memset(out, 0, sizeof(*out));
	out->file = xstrdup(path);
	out->time = -1;
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.s = buf;
	c.len = len;
	c.p = out;
	if (len > POST_MAX_BYTES)
		post_error(&c, POST_NOWHERE, "file is %zu bytes; a post file "
		    "may be at most %d bytes", len, POST_MAX_BYTES);
	else
		parse(&c);
	sort_diags(&c);
	rc = c.dg.nerrors > 0 ? -1 : 0;
	diags_move(d, &c.dg);
	free(c.scratch);
	if (rc != 0)
		post_free(out);
	return rc;
}

int
post_load(const char *path, struct post *out, struct diags *d)
{
	struct stat st;
	enum file_status fs;
	char *buf;
	size_t len;
	int err, rc;

	memset(out, 0, sizeof(*out));
	out->time = -1;
	fs = file_read_regular(path, POST_MAX_BYTES, &buf, &len, &st, &err);
	switch (fs) {
	case FILE_OK:
		break;
	case FILE_OPEN_FAILED:
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot open the file: %s",
		    file_strerror(fs, err));
		return -1;
	case FILE_READ_FAILED:
		diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read the file: %s",
		    file_strerror(fs, err));
		return -1;
	case FILE_NOT_REGULAR:
		diags_add(d, DIAG_ERROR, path, 0, 0, "%s",
		    file_strerror(fs, err));
		return -1;
	case FILE_TOO_BIG:
		/* (a file that grew past the limit while read is said as
		 * one byte over it) */
		diags_add(d, DIAG_ERROR, path, 0, 0, "file is %jd bytes; a "
		    "post file may be at most %d bytes",
		    st.st_size > POST_MAX_BYTES ? (intmax_t)st.st_size :
		    (intmax_t)POST_MAX_BYTES + 1, POST_MAX_BYTES);
		return -1;
	}
	rc = post_parse(path, buf, len, out, d);
	free(buf);
	return rc;
}

const struct post_platform *
post_platform(const struct post *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nplatforms; i++)
		if (strcmp(p->platforms[i].name, name) == 0)
			return &p->platforms[i];
	return NULL;
}

/* Frees what im holds. */
static void
post_image_free(struct post_image *im)
{
	free(im->url);
	free(im->file);
	free(im->alt);
	free(im->credit);
}

void
post_free(struct post *p)
{
	size_t i;

	free(p->file);
	free(p->id);
	free(p->title);
	free(p->summary);
	free(p->url);
	post_image_free(&p->image);
	for (i = 0; i < p->ntags; i++)
		free(p->tags[i]);
	free(p->tags);
	for (i = 0; i < p->nsources; i++)
		free(p->sources[i]);
	free(p->sources);
	for (i = 0; i < p->nplatforms; i++) {
		free(p->platforms[i].name);
		free(p->platforms[i].text);
		post_image_free(&p->platforms[i].image);
		free(p->platforms[i].setting);
	}
	free(p->platforms);
	memset(p, 0, sizeof(*p));
	p->time = -1;
}
