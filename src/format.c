/* format: templates, shrinking and per-platform messages (see format.h). */
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "image.h"
#include "platforms.h"
#include "public.h"
#include "text.h"
#include "xalloc.h"

static const struct {
	const char *name;
	enum tmpl_field field;
} placeholders[] = {
	{ "title", F_TITLE }, { "summary", F_SUMMARY }, { "url", F_URL },
	{ "year", F_YEAR }, { "years_ago", F_YEARS_AGO },
	{ "anniversary", F_ANNIVERSARY }, { "date", F_DATE },
	{ "month", F_MONTH }, { "day", F_DAY }, { "tags", F_TAGS },
	{ "credit", F_CREDIT },
};

#define NPLACEHOLDERS (sizeof(placeholders) / sizeof(placeholders[0]))

/* Below this many units a cut summary is dropped rather than kept as a
 * fragment of a word or two. */
#define SUMMARY_MIN_KEEP 12

/* The placeholder named s[0..len), or -1. */
static int
placeholder(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NPLACEHOLDERS; i++)
		if (strlen(placeholders[i].name) == len &&
		    memcmp(placeholders[i].name, s, len) == 0)
			return (int)i;
	return -1;
}

/* Validates a template and collects the placeholders it uses. */
int
template_check(const char *tmpl, unsigned *uses, char **err, size_t *offset)
{
	const char *p = tmpl, *end;
	unsigned mask = 0;
	int k;

	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '{') {
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			p += 2;
		} else if (*p == '}') {
			*err = xstrdup("a lone \"}\" (write \"}}\" for a brace)");
			*offset = (size_t)(p - tmpl);
			return -1;
		} else if (*p == '{') {
			end = strchr(p + 1, '}');
			if (end == NULL || memchr(p + 1, '{',
			    (size_t)(end - p - 1)) != NULL) {
				*err = xstrdup("a \"{\" that is never closed "
				    "(write \"{{\" for a brace)");
				*offset = (size_t)(p - tmpl);
				return -1;
			}
			k = placeholder(p + 1, (size_t)(end - p - 1));
			if (k < 0) {
				*err = xasprintf("unknown placeholder {%.*s}; "
				    "known: {title} {summary} {url} {year} "
				    "{years_ago} {anniversary} {date} {month} "
				    "{day} {tags} {credit}", (int)(end - p - 1),
				    p + 1);
				*offset = (size_t)(p - tmpl);
				return -1;
			}
			mask |= placeholders[k].field;
			p = end + 1;
		} else
			p++;
	}
	if (uses != NULL)
		*uses = mask;
	return 0;
}

/* The values of every placeholder for p on day. */
void
tmpl_values_init(struct tmpl_values *v, const struct post *p, struct ymd day)
{
	char yr[16];
	int ago;

	memset(v, 0, sizeof(*v));
	v->title = p->title;
	v->summary = p->summary ? p->summary : "";
	v->url = p->url ? p->url : "";
	v->credit = p->image.credit ? p->image.credit : "";
	v->tags = (const char *const *)p->tags;
	v->ntags = p->ntags;
	snprintf(v->month, sizeof(v->month), "%s", date_month_name(p->month));
	snprintf(v->day, sizeof(v->day), "%d", p->day);
	if (!p->has_year) {
		snprintf(v->date, sizeof(v->date), "%s %d", v->month, p->day);
		return;
	}
	if (p->year <= 0)
		snprintf(yr, sizeof(yr), "%d BC", 1 - p->year);
	else
		snprintf(yr, sizeof(yr), "%d", p->year);
	snprintf(v->year, sizeof(v->year), "%s", yr);
	snprintf(v->date, sizeof(v->date), "%s %d, %s", v->month, p->day, yr);
	ago = day.y - p->year;
	if (ago > 0) {
		snprintf(v->years_ago, sizeof(v->years_ago), "%d", ago);
		date_ordinal(ago, v->anniversary, sizeof(v->anniversary));
	}
}

/* Appends the value of placeholder k. */
static void
render_value(struct buf *b, int k, const struct tmpl_values *v)
{
	size_t i;

	switch (placeholders[k].field) {
	case F_TITLE:
		buf_adds(b, v->title);
		break;
	case F_SUMMARY:
		buf_adds(b, v->summary);
		break;
	case F_URL:
		buf_adds(b, v->url);
		break;
	case F_YEAR:
		buf_adds(b, v->year);
		break;
	case F_YEARS_AGO:
		buf_adds(b, v->years_ago);
		break;
	case F_ANNIVERSARY:
		buf_adds(b, v->anniversary);
		break;
	case F_DATE:
		buf_adds(b, v->date);
		break;
	case F_MONTH:
		buf_adds(b, v->month);
		break;
	case F_DAY:
		buf_adds(b, v->day);
		break;
	case F_CREDIT:
		buf_adds(b, v->credit);
		break;
	case F_TAGS:
		for (i = 0; i < v->ntags; i++) {
			if (i > 0)
				buf_addc(b, ' ');
			buf_addc(b, '#');
			buf_adds(b, v->tags[i]);
		}
		break;
	}
}

/* Trims each line's ends, folds blank-line runs into one, trims the whole. */
static char *
tidy(const char *s)
{
	struct buf out = BUF_INIT;
	const char *line = s, *nl, *a, *z;
	int blank = 0;
	bool any = false;

	for (;;) {
		nl = strchr(line, '\n');
		z = nl ? nl : line + strlen(line);
		a = line;
		while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t' ||
		    z[-1] == '\r'))
			z--;
		if (a == z) {
			blank++;
		} else {
			if (any)
				buf_adds(&out, blank ? "\n\n" : "\n");
			buf_add(&out, a, (size_t)(z - a));
			any = true;
			blank = 0;
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return buf_detach(&out);
}

/* Renders a checked template with values v. */
char *
template_render(const char *tmpl, const struct tmpl_values *v)
{
	struct buf b = BUF_INIT;
	const char *p = tmpl, *end;
	char *out;
	int k;

	while (*p != '\0') {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			buf_addc(&b, p[0]);
			p += 2;
		} else if (*p == '{' && (end = strchr(p + 1, '}')) != NULL &&
		    (k = placeholder(p + 1, (size_t)(end - p - 1))) >= 0) {
			render_value(&b, k, v);
			p = end + 1;
		} else
			buf_addc(&b, *p++);
	}
	out = tidy(buf_str(&b));
	buf_free(&b);
	return out;
}

/* s counted as platform a counts it, a URL as its server says (pc's
 * url_weight) where it said. */
static size_t
count_as(const struct adapter *a, const struct platform_conf *pc,
    const char *s)
{
	return pc != NULL && pc->url_weight > 0 ?
	    text_count_url(a->counter, s, pc->url_weight) :
	    text_count(a->counter, s);
}

/* Rendered, finished (adapter), normalised text of tmpl; its count in *n. */
static char *
produce(const struct adapter *a, const struct platform_conf *pc,
    const char *tmpl, const struct tmpl_values *v, size_t *n)
{
	char *raw = template_render(tmpl, v), *fin, *nfc;

	if (a->finish != NULL) {
		fin = a->finish(raw);
		free(raw);
		raw = fin;
	}
	nfc = text_nfc(raw);
	free(raw);
	if (nfc == NULL)
		nfc = xstrdup("");
	*n = count_as(a, pc, nfc);
	return nfc;
}

/* An NFC copy of s ("" for NULL). */
char *
format_nfc(const char *s)
{
	char *r = s ? text_nfc(s) : NULL;

	return r ? r : xstrdup("");
}

/*
 * Shrinks field *cur (whose full text is orig) until the message fits or
 * the field cannot shrink further; *text and *n follow. A cut that would
 * keep fewer than min_keep units drops the field when droppable, else
 * stops. With at, the field is prose, cut by text_cut_prose, and *at
 * says where the last cut fell; else it is cut by text_cut_words. Returns
 * true when the field was cut.
 */
static bool
shrink_field(const struct adapter *a, const struct platform_conf *pc,
    size_t limit, const char *tmpl,
    struct tmpl_values *v, const char **slot, const char *orig, char **cur,
    size_t min_keep, bool droppable, enum text_cut_at *at, char **text,
    size_t *n)
{
	size_t have, want, over;
	bool cut = false;

	while (*n > limit && **cur != '\0') {
		have = count_as(a, pc, *cur);
		over = *n - limit;
		want = have > over ? have - over : 0;
		if (want >= have)
			want = have - 1;
		if (want < min_keep && !droppable)
			break;
		free(*cur);
		if (want < min_keep) {
			*cur = xstrdup("");
			if (at != NULL)
				*at = TEXT_CUT_DROPPED;
		} else if (at != NULL)
			*cur = text_cut_prose(orig, a->counter, want, at);
		else
			*cur = text_cut_words(orig, a->counter, want);
		*slot = *cur;
		cut = true;
		free(*text);
		*text = produce(a, pc, tmpl, v, n);
	}
	return cut;
}

/*
 * The image of p for platform pf: the override's, else the post's, else
 * the config's default_image. A file of the post's own is checked
 * (image.h); its public address (public.h) is what platforms are sent,
 * and without a public folder, default_image stands in for it.
 */
static void
pick_image(const struct post *p, const struct post_platform *ov,
    const struct config *c, const struct platform_conf *pc,
    struct message *m)
{
	const struct post_image *im = NULL;
	char *err = NULL;

	if (ov != NULL && (ov->image.url != NULL || ov->image.file != NULL))
		im = &ov->image;
	else if (p->image.url != NULL || p->image.file != NULL)
		im = &p->image;
	if (im != NULL && im->file != NULL) {
		m->credit = xstrdup(im->credit);
		if (image_file_check(c->posts_dir, im->file, &m->image_file,
		    &m->image_type, &err) == -1) {
			m->image_error = err;
			return;
		}
		if (public_url(&c->cards, m->image_file, &m->image_url,
		    &err) == -1) {
			m->image_error = err;
			return;
		}
		/* a platform that takes the bytes uploads the file itself */
		if (m->image_url != NULL ||
		    config_uploads_pictures(c, adapter_get(m->platform),
		    m->platform)) {
			m->alt = xstrdup(im->alt);
			return;
		}
		im = NULL;	/* not public: the default stands in */
	} else if (im != NULL) {
		m->credit = xstrdup(im->credit);
		m->image_url = xstrdup(im->url);
		m->alt = xstrdup(im->alt);
		return;
	}
	if (pc->default_image != NULL) {
		m->image_url = xstrdup(pc->default_image);
		m->alt = xstrdup(pc->default_image_alt);
	}
}

/* Cuts s to at most max code points at a word boundary (copy if it fits). */
char *
format_cut(const char *s, size_t max)
{
	char *n = format_nfc(s), *r;

	if (text_count(COUNT_CODEPOINTS, n) <= max)
		return n;
	r = text_cut_words(n, COUNT_CODEPOINTS, max);
	free(n);
	return r;
}

/* Characters (code points) of s. */
static size_t
chars(const char *s)
{
	return text_count(COUNT_CODEPOINTS, s);
}

/*
 * What shrinking did, in words (allocated), or NULL: summary_full cut to
 * summary where at says, ntags of all tags dropped, title_full cut to
 * title.
 */
static char *
cut_words(const struct message *m, enum text_cut_at at,
    const char *summary_full, const char *summary, size_t ntags,
    size_t alltags, const char *title_full, const char *title)
{
	struct buf b = BUF_INIT;

	if ((m->shrunk & SHRUNK_SUMMARY) && *summary == '\0')
		buf_addf(&b, "summary dropped (%zu characters)",
		    chars(summary_full));
	else if (m->shrunk & SHRUNK_SUMMARY)
		buf_addf(&b, "summary cut from %zu to %zu characters, %s",
		    chars(summary_full), chars(summary),
		    at == TEXT_CUT_SENTENCE ? "at the end of a sentence" :
		    "at a word boundary");
	if (m->shrunk & SHRUNK_TAGS)
		buf_addf(&b, "%s%zu of %zu tag%s dropped", b.len ? "; " : "",
		    alltags - ntags, alltags, alltags == 1 ? "" : "s");
	if (m->shrunk & SHRUNK_TITLE)
		buf_addf(&b, "%stitle cut from %zu to %zu characters",
		    b.len ? "; " : "", chars(title_full), chars(title));
	if (b.len > 0)
		return buf_detach(&b);
	buf_free(&b);
	return NULL;
}

/* Formats post p for platform pf on day. */
void
format_message(const struct post *p, struct ymd day, const struct config *c,
    size_t pf, struct message *m)
{
	const struct adapter *a = adapter_get(pf);
	const struct platform_conf *pc = &c->platforms[pf];
	const struct post_platform *ov = post_platform(p, a->name);
	const char *tmpl;
	struct tmpl_values v;
	char *err = NULL, *summary, *title, *text, *chk;
	char *summary_full, *title_full;
	char *shown;
	enum text_cut_at at = TEXT_CUT_NONE;
	/* the server's own limit where it said one (server_limits.h) */
	size_t off, n, limit = pc->limit > 0 ? pc->limit : a->limit;
	unsigned uses;

	memset(m, 0, sizeof(*m));
	m->platform = pf;
	m->slot = -1;
	m->post = p;
	m->day = day;
	m->limit = limit;
	m->link = xstrdup(p->url);
	m->skip = ov != NULL && ov->skip;
	pick_image(p, ov, c, pc, m);
	/* Fields beside the text, filled whatever becomes of the text. */
	if (a->prepare != NULL)
		a->prepare(pc, ov, m);

	tmpl = ov && ov->text ? ov->text :
	    pc->template ? pc->template : a->default_template;
	if (template_check(tmpl, &uses, &err, &off) == -1) {
		m->error = xasprintf("%s template: %s", ov && ov->text ?
		    "the post's" : "the", err);
		free(err);
		m->text = xstrdup("");
		return;
	}

	tmpl_values_init(&v, p, day);
	v.credit = m->credit != NULL ? m->credit : "";
	summary_full = format_nfc(p->summary);
	title_full = format_nfc(p->title);
	summary = xstrdup(summary_full);
	title = xstrdup(title_full);
	v.summary = summary;
	v.title = title;
	text = produce(a, pc, tmpl, &v, &n);
	if (limit > 0 && n > limit) {
		if ((uses & F_SUMMARY) && shrink_field(a, pc, limit, tmpl, &v,
		    &v.summary, summary_full, &summary,
		    SUMMARY_MIN_KEEP, true, &at, &text, &n))
			m->shrunk |= SHRUNK_SUMMARY;
		while (n > limit && (uses & F_TAGS) && v.ntags > 0) {
			v.ntags--;
			m->shrunk |= SHRUNK_TAGS;
			free(text);
			text = produce(a, pc, tmpl, &v, &n);
		}
		if (n > limit && (uses & F_TITLE) && shrink_field(a, pc, limit,
		    tmpl, &v, &v.title, title_full, &title, 2, false, NULL,
		    &text, &n))
			m->shrunk |= SHRUNK_TITLE;
	}
	m->text = text;
	m->length = n;
	m->cut = cut_words(m, at, summary_full, summary, v.ntags, p->ntags,
	    title_full, title);
	m->summary_full = chars(summary_full);
	m->summary_kept = chars(summary);
	if (a->finish != NULL) {	/* the text before the escapes */
		shown = template_render(tmpl, &v);
		m->shown = format_nfc(shown);
		free(shown);
	}
	m->fits = limit == 0 || n <= limit;
	if (!m->fits)
		m->error = xasprintf("the text is %zu long, more than the "
		    "%zu %s allows even after shortening", n, limit, a->name);

	if (m->error == NULL && m->image_error != NULL)
		m->error = xstrdup(m->image_error);
	/* An upload platform takes the post's own file; a post without a
	 * picture gets its card (picture.h), after this. */
	if (m->error == NULL && a->needs_image && m->image_url == NULL &&
	    !(m->image_file != NULL && config_uploads_pictures(c, a, pf)) &&
	    !config_card_stands_in(c, a, pf))
		m->error = xasprintf("%s needs an image: add \"image\" to the "
		    "post or set platforms.%s.default_image in the config",
		    a->name, a->name);
	if (m->error == NULL && a->check != NULL &&
	    (chk = a->check(m)) != NULL)
		m->error = chk;
	message_drop_upload(c, a, m);
	free(summary);
	free(title);
	free(summary_full);
	free(title_full);
}

void
message_drop_upload(const struct config *c, const struct adapter *a,
    struct message *m)
{
	if (a->image_max == 0 || a->needs_image || a->image_by_url ||
	    config_uploads_pictures(c, a, m->platform))
		return;
	free(m->image_file);
	m->image_file = NULL;
}

/* Frees everything m owns. */
void
message_free(struct message *m)
{
	free(m->text);
	free(m->shown);
	free(m->cut);
	free(m->title);
	free(m->alt);
	free(m->image_url);
	free(m->image_file);
	free(m->image_error);
	free(m->credit);
	free(m->link);
	free(m->target);
	free(m->error);
	memset(m, 0, sizeof(*m));
}
