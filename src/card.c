/* card: a post's card, its words and its drawing (see card.h). */
#include "card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "plan.h"
#include "xalloc.h"

/* JPEG qualities tried in turn until the card is under CARD_MAX_BYTES. */
static const int qualities[] = { 90, 82, 74, 66, 58, 50 };

void
card_date_line(const struct post *p, char *out, size_t size)
{
	const char *month = date_month_name(p->month);

	if (!p->has_year)
		snprintf(out, size, "%d %s", p->day, month);
	else if (p->year < 1)
		snprintf(out, size, "%d %s %d BC", p->day, month, 1 - p->year);
	else
		snprintf(out, size, "%d %s %d", p->day, month, p->year);
}

bool
card_round(int years)
{
	return plan_roundness(years) >= 2;
}

void
card_ago_line(int years, char *out, size_t size)
{
	snprintf(out, size, "%d year%s ago today", years,
	    years == 1 ? "" : "s");
}

void
card_words(const struct post *p, struct ymd day, const struct card_conf *cc,
    struct card_words *w)
{
	memset(w, 0, sizeof(*w));
	card_date_line(p, w->date, sizeof(w->date));
	if (plan_years_ago(p, day) > 0) {
		w->years = plan_years_ago(p, day);
		w->round = card_round(w->years);
		card_ago_line(w->years, w->ago, sizeof(w->ago));
	}
	w->title = p->title;
	w->site = cc->site_name;
}

char *
card_alt(const struct card_words *w)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, w->date);
	if (w->ago[0] != '\0')
		buf_addf(&b, ", %s", w->ago);
	buf_addf(&b, ": %s", w->title);
	if (w->site != NULL)
		buf_addf(&b, " (%s)", w->site);
	return buf_detach(&b);
}

/* s ends in ext (any case). */
static bool
ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n > e && strcasecmp(s + n - e, ext) == 0;
}

bool
card_format_choose(const char *path, bool jpeg_only, bool background,
    enum card_format *out)
{
	if (path != NULL && ends_with(path, ".png")) {
		*out = CARD_PNG;
		return !jpeg_only;
	}
	if (path != NULL && (ends_with(path, ".jpg") ||
	    ends_with(path, ".jpeg")))
		*out = CARD_JPEG;
	else
		*out = jpeg_only || background ? CARD_JPEG : CARD_PNG;
	return true;
}

/* The family of the font file at path, made known to fontconfig (for the
 * font map pango makes next); allocated, or NULL with *err. */
static char *
font_file_family(const char *path, char **err)
{
	FcConfig *fc = FcConfigGetCurrent();
	FcPattern *pat;
	FcObjectSet *os;
	FcFontSet *set;
	FcChar8 *fam;
	char *r = NULL;

	if (!FcConfigAppFontAddFile(fc, (const FcChar8 *)path)) {
		*err = xasprintf("cards.font: cannot use the font file \"%s\"",
		    path);
		return NULL;
	}
	pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FILE, (const FcChar8 *)path);
	os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	set = FcFontList(fc, pat, os);
	if (set != NULL && set->nfont > 0 && FcPatternGetString(
	    set->fonts[0], FC_FAMILY, 0, &fam) == FcResultMatch)
		r = xstrdup((const char *)fam);
	else
		*err = xasprintf("cards.font: the font file \"%s\" names no "
		    "family", path);
	if (set != NULL)
		FcFontSetDestroy(set);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	return r;
}

static void
set_rgb(cairo_t *cr, unsigned c, double alpha)
{
	cairo_set_source_rgba(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0, alpha);
}

/* The background image scaled to cover w x h, centred, then the
 * background colour over it, so that text stays readable. */
static int
draw_background(cairo_t *cr, const struct card_conf *cc, int w, int h,
    char **err)
{
	cairo_surface_t *img;
	double iw, ih, sc;

	set_rgb(cr, cc->background_colour, 1);
	cairo_paint(cr);
	if (cc->background == NULL)
		return 0;
	if ((img = card_image_load(cc->background, err)) == NULL)
		return -1;
	iw = cairo_image_surface_get_width(img);
	ih = cairo_image_surface_get_height(img);
	sc = w / iw > h / ih ? w / iw : h / ih;
	cairo_save(cr);
	cairo_translate(cr, (w - iw * sc) / 2, (h - ih * sc) / 2);
	cairo_scale(cr, sc, sc);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
	set_rgb(cr, cc->background_colour, 0.72);
	cairo_paint(cr);
	return 0;
}

/* A layout of text in family at px pixels, width wide, wrapped. */
static PangoLayout *
text_layout(cairo_t *cr, const char *family, PangoWeight weight, double px,
    int width, const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, weight);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, width * PANGO_SCALE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1);
	return l;
}

static int
layout_height(PangoLayout *l)
{
	int h;

	pango_layout_get_pixel_size(l, NULL, &h);
	return h;
}

/*
 * The title's layout, as large as fits width x height: from max pixels
 * down by steps to min, then at min cut with "…" to height.
 */
static PangoLayout *
title_layout(cairo_t *cr, const char *family, const char *title, int width,
    int height, double max, double min)
{
	PangoLayout *l;
	double px;

	if (height < 1)		/* (pango reads a height below 0 as lines) */
		height = 1;
	for (px = max; px > min; px *= 0.9) {
		l = text_layout(cr, family, PANGO_WEIGHT_BOLD, px, width,
		    title);
		if (layout_height(l) <= height)
			return l;
		g_object_unref(l);
	}
	l = text_layout(cr, family, PANGO_WEIGHT_BOLD, min, width, title);
	pango_layout_set_height(l, height * PANGO_SCALE);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	return l;
}

/* Draws l at x, y in colour c; adds its unknown glyphs to *unknown. */
static void
show(cairo_t *cr, PangoLayout *l, double x, double y, unsigned c,
    int *unknown)
{
	set_rgb(cr, c, 1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	*unknown += pango_layout_get_unknown_glyphs_count(l);
}

/* The card's words drawn on cr, w x h pixels. */
static void
draw_words(cairo_t *cr, const struct card_conf *cc, const char *family,
    const struct card_words *words, int w, int h, int *unknown)
{
	double u = (w < h ? w : h) / 20.0;	/* the unit of sizes */
	double m = u * 1.6;			/* the margins */
	int tw = (int)(w - 2 * m);
	double y = m, foot = h - m;
	PangoLayout *date, *ago = NULL, *site = NULL, *title;
	int bw, bh;	/* the band's size */

	date = text_layout(cr, family, PANGO_WEIGHT_SEMIBOLD, u * 1.25, tw,
	    words->date);
	show(cr, date, m, y, cc->colour, unknown);
	y += layout_height(date) + u * 0.2;
	g_object_unref(date);
	if (words->ago[0] != '\0') {
		ago = text_layout(cr, family, words->round ?
		    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, u * 1.0, tw,
		    words->ago);
		if (words->round) {
			/* the mark: the line on a band of the accent */
			pango_layout_get_pixel_size(ago, &bw, &bh);
			set_rgb(cr, cc->accent_colour, 1);
			cairo_rectangle(cr, m - u * 0.3, y, bw + u * 0.6, bh);
			cairo_fill(cr);
			show(cr, ago, m, y, cc->background_colour, unknown);
		} else
			show(cr, ago, m, y, cc->accent_colour, unknown);
		y += layout_height(ago);
		g_object_unref(ago);
	}
	/* a rule under the date */
	y += u * 0.5;
	set_rgb(cr, cc->accent_colour, 1);
	cairo_rectangle(cr, m, y, u * 3, u * 0.18);
	cairo_fill(cr);
	y += u * 0.9;
	if (words->site != NULL) {
		site = text_layout(cr, family, PANGO_WEIGHT_NORMAL, u * 0.9,
		    tw, words->site);
		pango_layout_set_ellipsize(site, PANGO_ELLIPSIZE_END);
		foot -= layout_height(site);
		show(cr, site, m, foot, cc->colour, unknown);
		foot -= u * 0.6;
		g_object_unref(site);
	}
	title = title_layout(cr, family, words->title, tw, (int)(foot - y),
	    u * 2.6, u * 1.1);
	show(cr, title, m, y, cc->colour, unknown);
	g_object_unref(title);
}

int
card_draw(const struct card_conf *cc, const struct card_words *w,
    enum card_shape shape, enum card_format fmt, struct card *out,
    char **err)
{
	const struct card_shape_info *si = card_shape_get(shape);
	cairo_surface_t *s;
	cairo_t *cr;
	char *family = NULL;
	size_t q;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (si == NULL) {
		*err = xasprintf("no card shape %d", (int)shape);
		return -1;
	}
	if (cc->font_file && (family = font_file_family(cc->font, err)) ==
	    NULL)
		return -1;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, si->width,
	    si->height);
	cr = cairo_create(s);
	if (draw_background(cr, cc, si->width, si->height, err) == -1)
		goto done;
	draw_words(cr, cc, family != NULL ? family : cc->font, w, si->width,
	    si->height, &out->unknown_glyphs);
	cairo_surface_flush(s);
	out->format = fmt;
	out->width = si->width;
	out->height = si->height;
	for (q = 0; q < sizeof(qualities) / sizeof(qualities[0]); q++) {
		free(out->data);
		out->data = NULL;
		out->quality = fmt == CARD_JPEG ? qualities[q] : 0;
		if (card_encode(s, fmt, qualities[q], &out->data, &out->len,
		    err) == -1)
			goto done;
		if (out->len < CARD_MAX_BYTES || fmt != CARD_JPEG)
			break;
	}
	if (out->len >= CARD_MAX_BYTES) {
		*err = xasprintf("the card is %zu bytes as %s, over the "
		    "limit of %d%s", out->len, card_format_name(fmt),
		    CARD_MAX_BYTES, fmt == CARD_PNG ? " (JPEG keeps it "
		    "smaller)" : "");
		goto done;
	}
	out->alt = card_alt(w);
	rc = 0;
done:
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	free(family);
	if (rc == -1) {
		free(out->data);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

void
card_free(struct card *c)
{
	if (c == NULL)
		return;
	free(c->data);
	free(c->alt);
	memset(c, 0, sizeof(*c));
}

void
card_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
