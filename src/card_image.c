/* card_image: PNG and JPEG in and out of cairo surfaces (card_image.h). */
#include "card_image.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "buf.h"
#include "card_file.h"
#include "xalloc.h"

const char *
card_format_name(enum card_format f)
{
	return f == CARD_JPEG ? "JPEG" : "PNG";
}

/* libjpeg's errors: the message kept, then back to the caller's
 * setjmp instead of libjpeg's exit(). */
struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

static void
jerr_exit(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)(void *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, e->msg);
	longjmp(e->back, 1);
}

static void
jerr_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

/* e's manager, libjpeg's own but for the two above, for a struct's
 * err. */
static struct jpeg_error_mgr *
jerr_init(struct jerr *e)
{
	jpeg_std_error(&e->mgr);
	e->mgr.error_exit = jerr_exit;
	e->mgr.emit_message = jerr_quiet;
	return &e->mgr;
}

static void
png_to_buf(png_structp png, png_bytep data, size_t len)
{
	buf_add(png_get_io_ptr(png), (const char *)data, len);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

static void
png_error_jump(png_structp png, png_const_charp msg)
{
	snprintf(png_get_error_ptr(png), JMSG_LENGTH_MAX, "%s", msg);
	png_longjmp(png, 1);
}

static void
png_warning_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Row y of s's pixels (native-endian 0xAARRGGBB) as RGB into row. */
static void
rgb_row(cairo_surface_t *s, int y, unsigned char *row)
{
	const unsigned char *px = cairo_image_surface_get_data(s) +
	    (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	int x, w = cairo_image_surface_get_width(s);
	uint32_t v;

	for (x = 0; x < w; x++) {
		memcpy(&v, px + (size_t)x * 4, 4);
		row[x * 3] = (unsigned char)(v >> 16);
		row[x * 3 + 1] = (unsigned char)(v >> 8);
		row[x * 3 + 2] = (unsigned char)v;
	}
}

/*
 * PNG through libpng rather than cairo's writer, whose adaptive filters
 * and zlib level 6 took four fifths of a card's time: a card is flat
 * colour and text, which zlib alone (no filter) at level 3 keeps about
 * as small (the shipped year's cards: 37 MB against 36), five times as
 * fast.
 */
static int
encode_png(cairo_surface_t *s, unsigned char **data, size_t *len,
    char **err)
{
	struct buf b = BUF_INIT;
	char msg[JMSG_LENGTH_MAX] = "";
	png_structp png;
	png_infop info = NULL;
	unsigned char *volatile row = NULL;
	int w, h, y;

	cairo_surface_flush(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, msg,
	    png_error_jump, png_warning_quiet);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_write_struct(&png, NULL);
		*err = xstrdup("cannot encode the card as PNG: out of memory");
		return -1;
	}
	if (setjmp(png_jmpbuf(png)) != 0) {
		png_destroy_write_struct(&png, &info);
		free(row);
		buf_free(&b);
		*err = xasprintf("cannot encode the card as PNG: %s", msg);
		return -1;
	}
	png_set_write_fn(png, &b, png_to_buf, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, 3);
	png_write_info(png, info);
	row = xmalloc((size_t)w * 3);
	for (y = 0; y < h; y++) {
		rgb_row(s, y, row);
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	*len = b.len;
	*data = (unsigned char *)buf_detach(&b);
	return 0;
}

static int
encode_jpeg(cairo_surface_t *s, int quality, unsigned char **data,
    size_t *len, char **err)
{
	struct jpeg_compress_struct c;
	struct jerr e;
	/* volatile: kept across longjmp */
	unsigned char *volatile row = NULL;
	unsigned char *out = NULL;
	unsigned long outlen = 0;
	int w, h, y;

	cairo_surface_flush(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	memset(&c, 0, sizeof(c));
	c.err = jerr_init(&e);
	if (setjmp(e.back) != 0) {
		jpeg_destroy_compress(&c);
		free(row);
		free(out);
		*err = xasprintf("cannot encode the card as JPEG: %s", e.msg);
		return -1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &outlen);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	/* full-resolution colour: text edges in colour stay clean */
	c.comp_info[0].h_samp_factor = 1;
	c.comp_info[0].v_samp_factor = 1;
	c.optimize_coding = TRUE;
	jpeg_start_compress(&c, TRUE);
	row = xmalloc((size_t)w * 3);
	for (y = 0; y < h; y++) {
		JSAMPROW rp = row;

		rgb_row(s, y, row);
		jpeg_write_scanlines(&c, &rp, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	/* libjpeg allocated out with malloc: the caller frees it */
	*data = out;
	*len = outlen;
	return 0;
}

int
card_encode(cairo_surface_t *s, enum card_format f, int quality,
    unsigned char **data, size_t *len, char **err)
{
	if (f == CARD_JPEG)
		return encode_jpeg(s, quality, data, len, err);
	return encode_png(s, data, len, err);
}

static cairo_surface_t *
load_jpeg(const char *path, char **err)
{
	struct jpeg_decompress_struct d;
	struct jerr e;
	FILE *volatile f;
	cairo_surface_t *volatile s = NULL;
	unsigned char *volatile row = NULL;
	unsigned char *px;
	uint32_t v;
	int stride;
	JDIMENSION x;

	if ((f = fopen(path, "rb")) == NULL) {
		*err = xasprintf("cannot read \"%s\"", path);
		return NULL;
	}
	memset(&d, 0, sizeof(d));
	d.err = jerr_init(&e);
	if (setjmp(e.back) != 0) {
		jpeg_destroy_decompress(&d);
		fclose(f);
		free(row);
		if (s != NULL)
			cairo_surface_destroy(s);
		*err = xasprintf("cannot read the JPEG image \"%s\": %s", path,
		    e.msg);
		return NULL;
	}
	jpeg_create_decompress(&d);
	jpeg_stdio_src(&d, f);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)d.output_width, (int)d.output_height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		jpeg_destroy_decompress(&d);
		fclose(f);
		*err = xasprintf("the JPEG image \"%s\" is too large", path);
		return NULL;
	}
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	row = xmalloc((size_t)d.output_width * 3);
	while (d.output_scanline < d.output_height) {
		JSAMPROW rp = row;
		unsigned char *dst = px + (size_t)d.output_scanline *
		    (size_t)stride;

		jpeg_read_scanlines(&d, &rp, 1);
		for (x = 0; x < d.output_width; x++) {
			v = 0xff000000u | (uint32_t)row[x * 3] << 16 |
			    (uint32_t)row[x * 3 + 1] << 8 | row[x * 3 + 2];
			memcpy(dst + (size_t)x * 4, &v, 4);
		}
	}
	cairo_surface_mark_dirty(s);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	fclose(f);
	free(row);
	return s;
}

cairo_surface_t *
card_image_load(const char *path, char **err)
{
	cairo_surface_t *s;

	switch (card_image_kind(path)) {
	case CARD_IMAGE_JPEG:
		return load_jpeg(path, err);
	case CARD_IMAGE_PNG:
		s = cairo_image_surface_create_from_png(path);
		if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
			return s;
		*err = xasprintf("cannot read the PNG image \"%s\": %s", path,
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	case CARD_IMAGE_NONE:
		break;
	}
	*err = xasprintf("\"%s\" is not a PNG or JPEG image", path);
	return NULL;
}
