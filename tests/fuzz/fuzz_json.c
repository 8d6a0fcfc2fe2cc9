/*
 * Fuzz target: json_parse (src/json.h) on arbitrary bytes. Besides memory
 * errors it checks what the header promises:
 *  - an error has a kind, a message of valid UTF-8 and the line and column
 *    of its offset;
 *  - every value and key lies inside the text and inside its parent, in
 *    file order, at the line and column of its offset;
 *  - strings are NUL-terminated, valid UTF-8, equal to the text between
 *    the quotes when it has no escape, with nul set exactly when they hold
 *    a NUL; numbers keep their literal, its value, and an exact int64 for
 *    digits only;
 *  - dup points to the first earlier member with the same key;
 *  - the tree written back as JSON reads again to the same tree;
 *  - cJSON (which almanac keeps for HTTP) reads what was read alike.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fuzz.h"
#include "json.h"
#include "text.h"

#define POS_CHECK_MAX	8192	/* bytes of text up to which every
				   position is counted again */

struct check {
	const char *s;
	size_t len;
	bool any_nul;		/* some string or key holds a NUL */
};

/* Checks that pos is off's line and column. */
static void
check_pos(const struct check *k, struct json_pos pos)
{
	struct json_pos want;

	FUZZ_ASSERT(pos.off <= k->len);
	if (k->len > POS_CHECK_MAX)
		return;
	want = json_position(k->s, k->len, pos.off);
	FUZZ_ASSERT(pos.line == want.line && pos.col == want.col);
}

/* Checks a decoded string s[0..len) whose text is raw[0..n) between its
 * quotes, and its \u0000 mark. */
static void
check_text(struct check *k, const char *s, size_t len, const char *raw,
    size_t n, struct json_pos nul)
{
	bool has_nul = memchr(s, '\0', len) != NULL;

	FUZZ_ASSERT(s[len] == '\0');
	FUZZ_ASSERT(text_valid_utf8(s, len, NULL));
	FUZZ_ASSERT(has_nul == (nul.off != JSON_NOPOS));
	if (has_nul) {
		k->any_nul = true;
		FUZZ_ASSERT(nul.off + 6 <= k->len &&
		    memcmp(k->s + nul.off, "\\u0000", 6) == 0);
		check_pos(k, nul);
	}
	if (memchr(raw, '\\', n) == NULL)
		FUZZ_ASSERT(len == n && memcmp(s, raw, n) == 0);
	else
		FUZZ_ASSERT(len < n);
}

/* Checks a number: its literal and its values. */
static void
check_number(const struct json_value *v)
{
	const struct json_number *n = &v->u.num;
	const char *t = n->text;
	char back[32];
	bool digits = true;
	size_t i;

	FUZZ_ASSERT(strlen(t) == v->end - v->pos.off);
	FUZZ_ASSERT(strlen(t) <= JSON_MAX_NUMBER);
	FUZZ_ASSERT(n->d == strtod(t, NULL));
	for (i = t[0] == '-'; t[i] != '\0'; i++)
		if (t[i] < '0' || t[i] > '9')
			digits = false;
	if (n->is_int) {
		FUZZ_ASSERT(n->d == trunc(n->d));
		if (digits) {
			snprintf(back, sizeof(back), "%s%lld",
			    t[0] == '-' && n->i == 0 ? "-" : "",
			    (long long)n->i);
			FUZZ_ASSERT(strcmp(back, t) == 0);
		}
	} else if (digits)
		FUZZ_ASSERT(strlen(t) >= 19);
}

/* Checks v and everything in it; v lies within [lo, hi). */
static void
check_value(struct check *k, const struct json_value *v, size_t lo,
    size_t hi)
{
	const struct json_member *m;
	size_t i, j, at;

	FUZZ_ASSERT(lo <= v->pos.off && v->pos.off < v->end && v->end <= hi);
	check_pos(k, v->pos);
	switch (v->type) {
	case JSON_NULL:
	case JSON_TRUE:
	case JSON_FALSE:
		FUZZ_ASSERT(v->end - v->pos.off == (v->type == JSON_FALSE ?
		    5U : 4U));
		break;
	case JSON_NUMBER:
		check_number(v);
		break;
	case JSON_STRING:
		FUZZ_ASSERT(k->s[v->pos.off] == '"' && k->s[v->end - 1] == '"');
		check_text(k, v->u.str.s, v->u.str.len, k->s + v->pos.off + 1,
		    v->end - v->pos.off - 2, v->u.str.nul);
		break;
	case JSON_ARRAY:
		FUZZ_ASSERT(k->s[v->pos.off] == '[' && k->s[v->end - 1] == ']');
		for (i = 0, at = v->pos.off + 1; i < v->u.arr.n; i++) {
			check_value(k, &v->u.arr.items[i], at, v->end - 1);
			at = v->u.arr.items[i].end;
		}
		break;
	case JSON_OBJECT:
		FUZZ_ASSERT(k->s[v->pos.off] == '{' && k->s[v->end - 1] == '}');
		for (i = 0, at = v->pos.off + 1; i < v->u.obj.n; i++) {
			m = &v->u.obj.members[i];
			FUZZ_ASSERT(at <= m->key_pos.off &&
			    m->key_pos.off < m->key_end &&
			    m->key_end <= m->value.pos.off);
			FUZZ_ASSERT(k->s[m->key_pos.off] == '"');
			check_pos(k, m->key_pos);
			check_text(k, m->key, m->key_len,
			    k->s + m->key_pos.off + 1,
			    m->key_end - m->key_pos.off - 2, m->key_nul);
			check_value(k, &m->value, m->key_end, v->end - 1);
			at = m->value.end;
			if (i > 200)
				continue;
			/* dup: the first earlier member with this key */
			for (j = 0; j < i; j++)
				if (m->key_len == v->u.obj.members[j].key_len &&
				    memcmp(m->key, v->u.obj.members[j].key,
				    m->key_len) == 0)
					break;
			FUZZ_ASSERT(j < i ? m->dup == &v->u.obj.members[j] :
			    m->dup == NULL);
		}
		break;
	}
}

/* Writes s[0..n) as a JSON string. */
static void
put_string(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			buf_addf(b, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7F)
			buf_addf(b, "\\u%04x", ch);
		else
			buf_addc(b, (char)ch);
	}
	buf_addc(b, '"');
}

/* Writes v as JSON, one value a line where it may (to move positions). */
static void
put_value(struct buf *b, const struct json_value *v)
{
	size_t i;

	switch (v->type) {
	case JSON_NULL: buf_adds(b, "null"); break;
	case JSON_TRUE: buf_adds(b, "true"); break;
	case JSON_FALSE: buf_adds(b, "false"); break;
	case JSON_NUMBER: buf_adds(b, v->u.num.text); break;
	case JSON_STRING: put_string(b, v->u.str.s, v->u.str.len); break;
	case JSON_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < v->u.arr.n; i++) {
			buf_adds(b, i > 0 ? ",\n" : "\n");
			put_value(b, &v->u.arr.items[i]);
		}
		buf_adds(b, "\n]");
		break;
	case JSON_OBJECT:
		buf_addc(b, '{');
		for (i = 0; i < v->u.obj.n; i++) {
			buf_adds(b, i > 0 ? ",\n" : "\n");
			put_string(b, v->u.obj.members[i].key,
			    v->u.obj.members[i].key_len);
			buf_adds(b, ": ");
			put_value(b, &v->u.obj.members[i].value);
		}
		buf_adds(b, "\n}");
		break;
	}
}

/* True when a and b are the same tree (positions aside). */
static bool
same(const struct json_value *a, const struct json_value *b)
{
	size_t i;

	if (a->type != b->type)
		return false;
	switch (a->type) {
	case JSON_NUMBER:
		return strcmp(a->u.num.text, b->u.num.text) == 0;
	case JSON_STRING:
		return a->u.str.len == b->u.str.len &&
		    memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case JSON_ARRAY:
		if (a->u.arr.n != b->u.arr.n)
			return false;
		for (i = 0; i < a->u.arr.n; i++)
			if (!same(&a->u.arr.items[i], &b->u.arr.items[i]))
				return false;
		return true;
	case JSON_OBJECT:
		if (a->u.obj.n != b->u.obj.n)
			return false;
		for (i = 0; i < a->u.obj.n; i++) {
			const struct json_member *x = &a->u.obj.members[i];
			const struct json_member *y = &b->u.obj.members[i];

			if (x->key_len != y->key_len ||
			    memcmp(x->key, y->key, x->key_len) != 0 ||
			    (x->dup == NULL) != (y->dup == NULL) ||
			    !same(&x->value, &y->value))
				return false;
		}
		return true;
	default:
		return true;
	}
}

/* True when cJSON's tree c holds what v does (no NUL anywhere). */
static bool
same_as_cjson(const struct json_value *v, const cJSON *c)
{
	const cJSON *ch;
	size_t i;

	switch (v->type) {
	case JSON_NULL: return cJSON_IsNull(c);
	case JSON_TRUE: return cJSON_IsTrue(c);
	case JSON_FALSE: return cJSON_IsFalse(c);
	case JSON_NUMBER:
		return cJSON_IsNumber(c) && c->valuedouble == v->u.num.d;
	case JSON_STRING:
		return cJSON_IsString(c) &&
		    strcmp(c->valuestring, v->u.str.s) == 0;
	case JSON_ARRAY:
		if (!cJSON_IsArray(c))
			return false;
		for (i = 0, ch = c->child; i < v->u.arr.n; i++, ch = ch->next)
			if (ch == NULL || !same_as_cjson(&v->u.arr.items[i], ch))
				return false;
		return ch == NULL;
	case JSON_OBJECT:
		if (!cJSON_IsObject(c))
			return false;
		for (i = 0, ch = c->child; i < v->u.obj.n; i++, ch = ch->next)
			if (ch == NULL ||
			    strcmp(ch->string, v->u.obj.members[i].key) != 0 ||
			    !same_as_cjson(&v->u.obj.members[i].value, ch))
				return false;
		return ch == NULL;
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check k = { (const char *)data, size, false };
	struct json_doc doc, again;
	struct json_error err, err2;
	struct buf b = BUF_INIT;
	cJSON *c;
	int rc;

	rc = json_parse((const char *)data, size, &doc, &err);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc == -1) {
		FUZZ_ASSERT(doc.root == NULL);
		FUZZ_ASSERT(err.kind != JSON_ERR_NONE);
		FUZZ_ASSERT(err.msg[0] != '\0' &&
		    text_valid_utf8(err.msg, strlen(err.msg), NULL));
		check_pos(&k, err.pos);
		json_doc_free(&doc);
		return 0;
	}
	FUZZ_ASSERT(doc.root != NULL && err.kind == JSON_ERR_NONE);
	check_value(&k, doc.root, 0, size);

	put_value(&b, doc.root);
	FUZZ_ASSERT(json_parse(b.s, b.len, &again, &err2) == 0);
	FUZZ_ASSERT(same(doc.root, again.root));
	json_doc_free(&again);
	buf_free(&b);

	if (!k.any_nul) {
		c = cJSON_ParseWithLength((const char *)data, size);
		FUZZ_ASSERT(c != NULL && same_as_cjson(doc.root, c));
		cJSON_Delete(c);
	}
	json_doc_free(&doc);
	return 0;
}
