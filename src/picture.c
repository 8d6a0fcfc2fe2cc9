/* picture: a pair's picture chosen and made ready (see picture.h). */
#include "picture.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "card.h"
#include "file.h"
#include "image.h"
#include "image_cache.h"
#include "post.h"
#include "public.h"
#include "xalloc.h"

const char *
picture_kind_name(enum picture_kind k)
{
	switch (k) {
	case PICTURE_OWN:
		return "own file";
	case PICTURE_REMOTE:
		return "URL";
	case PICTURE_DEFAULT:
		return "default_image";
	case PICTURE_CARD:
		return "card";
	case PICTURE_NONE:
		break;
	}
	return "none";
}

const struct post_image *
picture_own(const struct post *p, const struct adapter *a)
{
	const struct post_platform *ov = post_platform(p, a->name);

	if (ov != NULL && (ov->image.url != NULL || ov->image.file != NULL))
		return &ov->image;
	if (p->image.url != NULL || p->image.file != NULL)
		return &p->image;
	return NULL;
}

/* The platform fetches its picture from an address. */
static bool
by_address(const struct adapter *a)
{
	return a->needs_image || a->image_by_url;
}

enum picture_kind
picture_choose(const struct config *c, const struct adapter *a,
    const struct message *m)
{
	const struct post_image *own = picture_own(m->post, a);
	bool card = c->cards.enabled && (own == NULL || c->cards.always);

	if (a->picture_needs_link && (m->link == NULL || *m->link == '\0'))
		return PICTURE_NONE;
	if (config_uploads_pictures(c, a, m->platform)) {
		if (card)
			return PICTURE_CARD;
		if (own == NULL)
			return PICTURE_NONE;
		return own->file != NULL ? PICTURE_OWN : PICTURE_REMOTE;
	}
	if (!by_address(a))
		return PICTURE_NONE;
	if (card && public_enabled(&c->cards))
		return PICTURE_CARD;
	if (m->image_url == NULL)
		return PICTURE_NONE;
	if (own == NULL || (own->file != NULL &&
	    !public_enabled(&c->cards)))
		return PICTURE_DEFAULT;	/* format_message's choice */
	if (own->file != NULL)
		return PICTURE_OWN;
	return PICTURE_REMOTE;
}

char *
picture_describe(const struct config *c, const struct adapter *a,
    const struct message *m, enum picture_kind k)
{
	const struct post_image *own = picture_own(m->post, a);
	const struct card_shape_info *sh = card_shape_get(a->card_shape);
	enum card_format fmt;

	switch (k) {
	case PICTURE_CARD:
		(void)card_format_choose(NULL, a->card_jpeg,
		    c->cards.background != NULL, &fmt);
		return xasprintf("card %d×%d %s, drawn", sh->width,
		    sh->height, card_format_name(fmt));
	case PICTURE_OWN:
		return xasprintf("%s (the post's own file)", own->file);
	case PICTURE_REMOTE:
		return xstrdup(own->url);
	case PICTURE_DEFAULT:
		return xasprintf("default_image %s", m->image_url);
	case PICTURE_NONE:
		break;
	}
	return NULL;
}

/* The type of a card's bytes in format fmt. */
static enum image_type
card_image_type(enum card_format fmt)
{
	return fmt == CARD_JPEG ? IMAGE_JPEG : IMAGE_PNG;
}

void
picture_preview(const struct config *c, const struct adapter *a,
    struct message *m)
{
	struct card_words w;
	enum card_format fmt;
	size_t n;

	card_words(m->post, m->day, &c->cards, &w);
	free(m->alt);
	m->alt = card_alt(&w);
	(void)card_format_choose(NULL, a->card_jpeg,
	    c->cards.background != NULL, &fmt);
	if (config_uploads_pictures(c, a, m->platform)) {
		free(m->image_file);
		m->image_file = NULL;
		m->image_type = card_image_type(fmt);
		m->card_later = true;
		return;
	}
	if (!public_enabled(&c->cards))
		return;
	n = strlen(c->cards.public_url);
	free(m->image_url);
	m->image_url = xasprintf("%s%scard-of-%s.%s", c->cards.public_url,
	    n > 0 && c->cards.public_url[n - 1] == '/' ? "" : "/",
	    m->post->id, image_ext(card_image_type(fmt)));
}

void
picture_card_free(struct picture_card *pc)
{
	free(pc->path);
	free(pc->alt);
	memset(pc, 0, sizeof(*pc));
}

/* The card of m's post for a, drawn into *card; -1 with *err when it
 * cannot be drawn or has characters no installed font has. */
static int
draw_card(const struct config *c, const struct adapter *a,
    const struct message *m, struct card *card, char **err)
{
	struct card_words w;
	enum card_format fmt;

	(void)card_format_choose(NULL, a->card_jpeg,
	    c->cards.background != NULL, &fmt);
	card_words(m->post, m->day, &c->cards, &w);
	if (card_draw(&c->cards, &w, a->card_shape, fmt, card, err) == -1)
		return -1;
	if (card->unknown_glyphs > 0) {
		*err = xasprintf("the card of %s has %d character%s that no "
		    "installed font has", m->post->id, card->unknown_glyphs,
		    card->unknown_glyphs == 1 ? "" : "s");
		card_free(card);
		return -1;
	}
	return 0;
}

int
picture_card_make(const struct config *c, const struct adapter *a,
    const struct message *m, struct picture_card *out, char **err)
{
	struct card card;
	char *dir, *name;
	int rc;

	memset(out, 0, sizeof(*out));
	if (draw_card(c, a, m, &card, err) == -1)
		return -1;
	out->type = card_image_type(card.format);
	out->width = card.width;
	out->height = card.height;
	out->size = card.len;
	out->alt = card.alt;
	card.alt = NULL;
	dir = xasprintf("%s/cards", c->state_dir);
	name = image_name(card.data, card.len, out->type);
	rc = file_keep(dir, name, card.data, card.len, 0644, &out->path, err);
	free(name);
	free(dir);
	card_free(&card);
	if (rc == -1)
		picture_card_free(out);
	return rc;
}

int
picture_bytes_get(const struct config *c, const struct adapter *a,
    const struct message *m, enum picture_kind k, struct picture_bytes *out,
    char **err)
{
	struct card card;
	char *buf = NULL;
	enum file_status st;
	struct stat sb;
	int e;

	memset(out, 0, sizeof(*out));
	if (k == PICTURE_CARD) {
		if (draw_card(c, a, m, &card, err) == -1)
			return -1;
		out->data = card.data;
		out->len = card.len;
		out->type = card_image_type(card.format);
		card.data = NULL;
		card_free(&card);
		return 1;
	}
	if (k != PICTURE_OWN || m->image_file == NULL)
		return 0;
	st = file_read_regular(m->image_file, IMAGE_MAX_BYTES,
	    &buf, &out->len, &sb, &e);
	if (st != FILE_OK) {
		*err = xasprintf("cannot read %s: %s", m->image_file,
		    file_strerror(st, e));
		return -1;
	}
	out->data = (unsigned char *)buf;
	out->type = m->image_type;
	return 1;
}

void
picture_bytes_free(struct picture_bytes *pb)
{
	free(pb->data);
	memset(pb, 0, sizeof(*pb));
}

/* m's picture becomes the card of m's post for a. */
static int
use_card(const struct config *c, const struct adapter *a, struct message *m,
    char **err)
{
	struct picture_card pc;
	char *url = NULL;

	if (picture_card_make(c, a, m, &pc, err) == -1)
		return -1;
	if (!config_uploads_pictures(c, a, m->platform) &&
	    public_url(&c->cards, pc.path, &url,
	    err) == -1) {
		picture_card_free(&pc);
		return -1;
	}
	free(m->image_file);
	free(m->alt);
	m->image_file = pc.path;
	m->image_type = pc.type;
	m->alt = pc.alt;
	if (!config_uploads_pictures(c, a, m->platform)) {
		free(m->image_url);
		m->image_url = url;
	}
	return 0;
}

/* The file's size in bytes, 0 when it cannot be seen. */
static size_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
}

/* For an upload platform: the own file or the fetched image.url into m,
 * or the reason to fall back on the card in *why (0 when none). */
static void
upload_own(struct http_engine *e, const struct config *c,
    const struct adapter *a, struct message *m, enum picture_kind k,
    char **why)
{
	const struct post_image *own = picture_own(m->post, a);
	struct image_ref ref;
	char *err = NULL;
	size_t max = config_image_max(c, a, m->platform);

	if (k == PICTURE_OWN) {
		size_t n = file_size(m->image_file);

		if (n > max)
			*why = xasprintf("the picture %s is %zu bytes, more "
			    "than the %zu %s takes", own->file, n, max,
			    a->name);
		return;
	}
	free(m->image_file);
	m->image_file = NULL;
	if (e == NULL)
		return;	/* not fetched now (a dry run) */
	if (image_fetch(e, c, own->url, &ref, &err) == -1) {
		*why = err;
		return;
	}
	if (ref.size > max) {
		*why = xasprintf("the picture %s is %zu bytes, more than the "
		    "%zu %s takes", own->url, ref.size, max, a->name);
		image_ref_free(&ref);
		return;
	}
	m->image_file = ref.path;
	m->image_type = ref.type;
	ref.path = NULL;
	image_ref_free(&ref);
}

int
picture_ready(struct http_engine *e, const struct config *c,
    const struct adapter *a, struct message *m, enum picture_kind *kind,
    char **warning, char **err)
{
	enum picture_kind k = picture_choose(c, a, m);
	char *why = NULL;

	*warning = NULL;
	if (config_uploads_pictures(c, a, m->platform) &&
	    (k == PICTURE_OWN || k == PICTURE_REMOTE)) {
		upload_own(e, c, a, m, k, &why);
		if (why != NULL) {
			free(m->image_file);
			m->image_file = NULL;
			if (c->cards.enabled) {
				*warning = xasprintf("%s; its card goes "
				    "instead", why);
				k = PICTURE_CARD;
			} else {
				*warning = xasprintf("%s; it goes out "
				    "without a picture", why);
				k = PICTURE_NONE;
			}
			free(why);
		}
	}
	if (k == PICTURE_CARD && use_card(c, a, m, err) == -1)
		return -1;
	/* an upload platform with no picture to take: no file to send */
	if (a->image_max > 0 && k == PICTURE_NONE) {
		free(m->image_file);
		m->image_file = NULL;
	}
	message_drop_upload(c, a, m);
	if (kind != NULL)
		*kind = k;
	return 0;
}
