/* preview: a day's plan and messages as a tree, and as text (preview.h);
 * as HTML in preview_html.c. */
#include "preview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "format.h"
#include "platforms.h"
#include "picture.h"
#include "xalloc.h"

/* Every present platform group as a mask. */
unsigned
preview_config_platforms(const struct config *c)
{
	unsigned mask = 0;
	int i;

	for (i = 0; i < (int)platform_count(); i++)
		if (c->platforms[i].present)
			mask |= 1u << i;
	return mask;
}

/* A request as JSON; bodies that are JSON are embedded as objects. */
static cJSON *
request_json(const struct request *r)
{
	cJSON *o = cJSON_CreateObject(), *h, *body;
	size_t i;

	cJSON_AddStringToObject(o, "method", r->method);
	cJSON_AddStringToObject(o, "url", r->url);
	h = cJSON_AddObjectToObject(o, "headers");
	for (i = 0; i < r->nheaders; i++)
		cJSON_AddStringToObject(h, r->headers[i].name,
		    r->headers[i].secret ? "(redacted)" : r->headers[i].value);
	if (r->body == NULL)
		cJSON_AddNullToObject(o, "body");
	else if (r->body_len > 0) {
		/* a picture's bytes: said, not shown */
		char *what = xasprintf("(%zu bytes with the picture)",
		    r->body_len);

		cJSON_AddStringToObject(o, "body", what);
		free(what);
	}
	else if ((body = cJSON_Parse(r->body)) != NULL &&
	    (cJSON_IsObject(body) || cJSON_IsArray(body)))
		cJSON_AddItemToObject(o, "body", body);
	else {
		cJSON_Delete(body);
		cJSON_AddStringToObject(o, "body", r->body);
	}
	if (r->note != NULL)
		cJSON_AddStringToObject(o, "note", r->note);
	return o;
}

/* Adds a string or null. */
static void
add_str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

/* The pictures of a day's pairs already put, by what they are: a post's
 * card of a shape and format, a file. */
struct shown {
	const struct preview_pictures *pics;
	struct shown_one {
		char *key;
		char *src;	/* NULL: ... */
		char *err;	/* ... it could not be made */
	} *v;
	size_t n;
};

static void
shown_free(struct shown *sh)
{
	size_t i;

	for (i = 0; i < sh->n; i++) {
		free(sh->v[i].key);
		free(sh->v[i].src);
		free(sh->v[i].err);
	}
	free(sh->v);
}

/* Where a page shows pair m's picture of kind k from, into o. */
static void
add_picture(const struct config *c, const struct adapter *a,
    const struct message *m, enum picture_kind k, struct shown *sh,
    cJSON *o)
{
	const struct post_image *own = picture_own(m->post, a);
	struct picture_bytes pb;
	struct shown_one *one = NULL;
	char *key = NULL, *err = NULL;
	size_t i;

	switch (k) {
	case PICTURE_NONE:
		return;
	case PICTURE_REMOTE:
		add_str(o, "picture_src", own->url);
		add_str(o, "picture_alt", own->alt);
		return;
	case PICTURE_DEFAULT:
		add_str(o, "picture_src", m->image_url);
		add_str(o, "picture_alt", m->alt);
		return;
	case PICTURE_CARD:
		key = xasprintf("card %s %d %d", m->post->id, (int)a->card_shape,
		    a->card_jpeg);
		break;
	case PICTURE_OWN:
		key = xasprintf("file %s", m->image_file ? m->image_file : "");
		break;
	}
	if (key == NULL)
		return;
	for (i = 0; i < sh->n && one == NULL; i++)
		if (strcmp(sh->v[i].key, key) == 0)
			one = &sh->v[i];
	if (one == NULL) {
		sh->v = xreallocarray(sh->v, sh->n + 1, sizeof(*sh->v));
		one = &sh->v[sh->n++];
		one->key = key;
		one->src = NULL;
		one->err = NULL;
		key = NULL;
		if (picture_bytes_get(c, a, m, k, &pb, &err) == 1) {
			one->src = sh->pics->put(sh->pics->arg, pb.data, pb.len,
			    pb.type, &err);
			picture_bytes_free(&pb);
		}
		one->err = err;	/* set only when no src came */
	}
	free(key);
	add_str(o, "picture_src", one->src);
	add_str(o, "picture_alt", k == PICTURE_CARD ? m->alt : own->alt);
	if (one->err != NULL)
		cJSON_AddStringToObject(o, "picture_error", one->err);
}

/* One (post, platform) pair as JSON. */
static cJSON *
pair_json(const struct config *c, const struct post *p, struct ymd day,
    int slot, size_t pf, long long now, struct shown *shw, int *problems)
{
	const struct adapter *a = adapter_get(pf);
	struct adapter_ctx ctx = { .config = c, .pc = &c->platforms[pf],
	    .now = now };
	struct request_list rl = { NULL, 0 };
	struct message m;
	cJSON *o = cJSON_CreateObject(), *sh, *then, *so;
	char *err = NULL, *id = NULL, *entry = NULL, *picture;
	enum picture_kind pk;
	size_t i;

	format_message(p, day, c, pf, &m);
	m.slot = slot;
	pk = picture_choose(c, a, &m);
	picture = picture_describe(c, a, &m, pk);
	if (pk == PICTURE_CARD)
		picture_preview(c, a, &m);
	cJSON_AddStringToObject(o, "platform", a->name);
	cJSON_AddBoolToObject(o, "enabled", c->platforms[pf].enabled);
	if (m.skip) {
		free(picture);
		cJSON_AddBoolToObject(o, "skipped", true);
		cJSON_AddStringToObject(o, "reason",
		    "the post says \"skip\": true for this platform");
		message_free(&m);
		return o;
	}
	/* as readers see it: escapes only in the request */
	cJSON_AddStringToObject(o, "text", m.shown ? m.shown : m.text);
	if (a->has_title)
		add_str(o, "title", m.title);
	add_str(o, "link", m.link);
	add_str(o, "picture", picture);
	free(picture);
	/* its picture is its card, which preview does not draw: image is
	 * a stand-in address */
	cJSON_AddBoolToObject(o, "picture_card", pk == PICTURE_CARD);
	if (a->needs_image) {
		add_str(o, "image", m.image_url);
		add_str(o, "alt", m.alt);
	}
	cJSON_AddNumberToObject(o, "length", (double)m.length);
	if (m.limit > 0)
		cJSON_AddNumberToObject(o, "limit", (double)m.limit);
	else
		cJSON_AddNullToObject(o, "limit");
	cJSON_AddBoolToObject(o, "fits", m.fits);
	if (c->platforms[pf].limits_from != NULL)
		cJSON_AddStringToObject(o, "limits_from",
		    c->platforms[pf].limits_from);
	sh = cJSON_AddArrayToObject(o, "shrunk");
	if (m.shrunk & SHRUNK_SUMMARY)
		cJSON_AddItemToArray(sh, cJSON_CreateString("summary"));
	if (m.shrunk & SHRUNK_TAGS)
		cJSON_AddItemToArray(sh, cJSON_CreateString("tags"));
	if (m.shrunk & SHRUNK_TITLE)
		cJSON_AddItemToArray(sh, cJSON_CreateString("title"));
	add_str(o, "cut", m.cut);
	if (m.error == NULL && a->sink_entry != NULL &&
	    a->sink_entry(&ctx, &m, &id, &entry, &err) == -1)
		m.error = err;
	else if (m.error == NULL && a->sink_entry == NULL &&
	    a->build(&ctx, &m, &rl, &err) == -1)
		m.error = err;
	add_str(o, "error", m.error);
	/* (a pair that cannot go out shows none) */
	if (shw->pics != NULL && m.error == NULL)
		add_picture(c, a, &m, pk, shw, o);
	if (m.error != NULL) {
		cJSON_AddNullToObject(o, "request");
		if (problems != NULL)
			(*problems)++;
	} else if (a->sink_entry != NULL) {
		/* Nothing is sent: what the sink would add. */
		cJSON_AddNullToObject(o, "request");
		so = cJSON_AddObjectToObject(o, "entry");
		add_str(so, "file", a->sink_file(ctx.pc));
		cJSON_AddStringToObject(so, "id", id);
		cJSON_AddStringToObject(so, "xml", entry);
	} else {
		/* (Pinterest shows the card's stand-in in its body) */
		if (m.card_later && !a->needs_image && rl.n > 0 &&
		    rl.v[rl.n - 1].note == NULL)
			rl.v[rl.n - 1].note = xstrdup("when it is published, "
			    "the card is drawn and uploaded before this "
			    "request, which then carries it");
		cJSON_AddItemToObject(o, "request", request_json(&rl.v[0]));
		if (rl.n > 1) {
			then = cJSON_AddArrayToObject(o, "then");
			for (i = 1; i < rl.n; i++)
				cJSON_AddItemToArray(then,
				    request_json(&rl.v[i]));
		}
	}
	request_list_free(&rl);
	message_free(&m);
	free(id);
	free(entry);
	return o;
}

/* What a DST change does to slot on day, in a sentence (allocated), or
 * NULL when nothing. */
static char *
slot_note(const struct config *c, struct ymd day, int slot)
{
	struct date_instant_info in;

	if (slot < 0 || !date_instant_info(c->timezone, day, slot, &in))
		return NULL;
	return date_instant_note(c->timezone, &in);
}

/* The preview tree of one day. */
cJSON *
preview_day(const struct config *c, const struct catalog *cat,
    struct ymd day, unsigned mask, long long now, last_sent_fn last_sent,
    void *arg, const struct preview_pictures *pics, int *problems)
{
	struct shown sh = { pics, NULL, 0 };
	cJSON *o = cJSON_CreateObject(), *posts, *po, *pl, *so;
	struct day_plan plan;
	const struct plan_entry *e;
	char buf[32], *note;
	size_t i, j;
	int pf;

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", day.y, day.m, day.d);
	cJSON_AddStringToObject(o, "date", buf);
	cJSON_AddStringToObject(o, "timezone", c->timezone ? c->timezone :
	    "system");
	plan_day(cat, day, c, last_sent, arg, &plan);
	posts = cJSON_AddArrayToObject(o, "posts");
	for (i = 0; i < plan.n; i++) {
		e = &plan.v[i];
		po = cJSON_CreateObject();
		cJSON_AddItemToArray(posts, po);
		cJSON_AddStringToObject(po, "id", e->post->id);
		cJSON_AddStringToObject(po, "file", e->post->file);
		cJSON_AddStringToObject(po, "title", e->post->title);
		cJSON_AddBoolToObject(po, "chosen", e->chosen);
		if (e->post->draft)
			cJSON_AddBoolToObject(po, "draft", true);
		cJSON_AddStringToObject(po, "reason", e->reason);
		if (e->slot >= 0) {
			date_hhmm(e->slot, buf);
			cJSON_AddStringToObject(po, "slot", buf);
		} else
			cJSON_AddNullToObject(po, "slot");
		note = slot_note(c, day, e->slot);
		add_str(po, "slot_note", note);
		free(note);
		if (e->years_ago >= 0)
			cJSON_AddNumberToObject(po, "years_ago", e->years_ago);
		else
			cJSON_AddNullToObject(po, "years_ago");
		so = cJSON_AddArrayToObject(po, "sources");
		for (j = 0; j < e->post->nsources; j++)
			cJSON_AddItemToArray(so,
			    cJSON_CreateString(e->post->sources[j]));
		pl = cJSON_AddArrayToObject(po, "platforms");
		if (!e->chosen && !e->post->draft)
			continue;
		for (pf = 0; pf < (int)platform_count(); pf++)
			if (mask & (1u << pf))
				cJSON_AddItemToArray(pl, pair_json(c, e->post,
				    day, e->slot, (size_t)pf, now, &sh,
				    e->chosen ? problems : NULL));
	}
	shown_free(&sh);
	day_plan_free(&plan);
	return o;
}

/* Colour escapes, or nothing. */
#define C(code) (color ? "\033[" code "m" : "")

/* The string of key k, or "". */
static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Appends s with every line indented by ind. */
static void
add_indented(struct buf *out, const char *ind, const char *s)
{
	const char *nl;

	for (;;) {
		nl = strchr(s, '\n');
		buf_adds(out, ind);
		if (nl == NULL) {
			buf_adds(out, s);
			buf_addc(out, '\n');
			return;
		}
		buf_add(out, s, (size_t)(nl - s + 1));
		s = nl + 1;
	}
}

/* One request for people. */
static void
render_request(struct buf *out, const cJSON *r, bool color)
{
	const cJSON *h, *body = cJSON_GetObjectItemCaseSensitive(r, "body");
	char *b;

	buf_addf(out, "    %s%s %s%s\n", C("2"), str(r, "method"), str(r, "url"),
	    C("0"));
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(r, "headers"))
		buf_addf(out, "    %s%s: %s%s\n", C("2"), h->string,
		    cJSON_IsString(h) ? h->valuestring : "", C("0"));
	if (cJSON_IsString(body))
		buf_addf(out, "    %s%s%s\n", C("2"), body->valuestring, C("0"));
	else if (body != NULL && !cJSON_IsNull(body)) {
		b = cJSON_PrintUnformatted(body);
		buf_addf(out, "    %s%s%s\n", C("2"), b, C("0"));
		cJSON_free(b);
	}
	if (*str(r, "note"))
		buf_addf(out, "    %s(%s)%s\n", C("2"), str(r, "note"), C("0"));
}

/* One platform of a post for people. */
static void
render_pair(struct buf *out, const cJSON *p, bool color, bool requests)
{
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(p, "limit");
	const cJSON *sh, *then, *r;
	bool fits = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "fits"));
	bool enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p,
	    "enabled"));
	int len = (int)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(p, "length"));

	buf_addf(out, "  %s%s%s%s", C("1"), str(p, "platform"), C("0"),
	    enabled ? "" : " (disabled)");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "skipped"))) {
		buf_addf(out, "  skipped: %s\n", str(p, "reason"));
		return;
	}
	if (cJSON_IsNumber(lim))
		buf_addf(out, "  %s%d/%d%s", fits ? C("32") : C("31"), len,
		    (int)lim->valuedouble, C("0"));
	else
		buf_addf(out, "  %d", len);
	sh = cJSON_GetObjectItemCaseSensitive(p, "shrunk");
	if (cJSON_GetArraySize(sh) > 0) {
		const cJSON *s;
		bool first = true;

		buf_adds(out, "  shortened:");
		cJSON_ArrayForEach(s, sh) {
			buf_addf(out, "%s%s", first ? " " : ", ",
			    s->valuestring);
			first = false;
		}
	}
	buf_addc(out, '\n');
	if (*str(p, "limits_from"))
		buf_addf(out, "    %s(counted against %s)%s\n", C("2"),
		    str(p, "limits_from"), C("0"));
	if (*str(p, "title"))
		add_indented(out, "    title: ", str(p, "title"));
	if (*str(p, "picture"))
		buf_addf(out, "    picture: %s\n", str(p, "picture"));
	if (*str(p, "image"))
		buf_addf(out, "    image: %s\n", str(p, "image"));
	if (*str(p, "alt"))
		add_indented(out, "    alt: ", str(p, "alt"));
	add_indented(out, "    | ", str(p, "text"));
	if (*str(p, "cut"))
		buf_addf(out, "    %s%s%s\n", C("33"), str(p, "cut"), C("0"));
	if (*str(p, "error")) {
		buf_addf(out, "    %serror: %s%s\n", C("31"), str(p, "error"),
		    C("0"));
		return;
	}
	if (!requests)
		return;
	r = cJSON_GetObjectItemCaseSensitive(p, "request");
	if (cJSON_IsObject(r))
		render_request(out, r, color);
	r = cJSON_GetObjectItemCaseSensitive(p, "entry");
	if (cJSON_IsObject(r))
		buf_addf(out, "    %sadds to %s:%s\n    %s%s%s\n", C("2"),
		    str(r, "file"), C("0"), C("2"), str(r, "xml"), C("0"));
	then = cJSON_GetObjectItemCaseSensitive(p, "then");
	cJSON_ArrayForEach(r, then)
		render_request(out, r, color);
}

/* A day for people. */
void
preview_render_text(struct buf *out, const cJSON *day, bool color,
    bool requests)
{
	const cJSON *posts = cJSON_GetObjectItemCaseSensitive(day, "posts");
	const cJSON *po, *pl, *slot, *s;
	int n = cJSON_GetArraySize(posts), chosen = 0;

	cJSON_ArrayForEach(po, posts)
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(po, "chosen")))
			chosen++;
	buf_addf(out, "%s%s%s (%s): %d post%s, %d chosen\n", C("1"),
	    str(day, "date"), C("0"), str(day, "timezone"), n,
	    n == 1 ? "" : "s", chosen);
	if (n == 0)
		buf_adds(out, "  no anniversaries on this day\n");
	cJSON_ArrayForEach(po, posts) {
		bool ch = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(po,
		    "chosen"));

		slot = cJSON_GetObjectItemCaseSensitive(po, "slot");
		buf_addf(out, "\n%s%s %s%s  %s\n", ch ? C("1") : C("2"),
		    cJSON_IsString(slot) ? slot->valuestring : "--:--",
		    str(po, "id"), C("0"), str(po, "title"));
		buf_addf(out, "  %s%s: %s%s\n", C("2"), str(po, "file"),
		    str(po, "reason"), C("0"));
		if (*str(po, "slot_note"))
			buf_addf(out, "  %s%s%s\n", C("33"),
			    str(po, "slot_note"), C("0"));
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(po,
		    "sources")) > 0)
			buf_addf(out, "  %ssources:%s\n", C("2"), C("0"));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(po,
		    "sources"))
			if (cJSON_IsString(s))
				buf_addf(out, "    %s%s%s\n", C("2"),
				    s->valuestring, C("0"));
		cJSON_ArrayForEach(pl, cJSON_GetObjectItemCaseSensitive(po,
		    "platforms"))
			render_pair(out, pl, color, requests);
	}
}
