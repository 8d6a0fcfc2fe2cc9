/* pinterest: API v5, POST /v5/pins with the picture's bytes in base64, or
 * its public address. */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "http.h"
#include "image.h"
#include "platforms/adapter.h"
#include "platforms/upload.h"
#include "platforms/whoami.h"
#include "post.h"
#include "xalloc.h"

#define PIN_TITLE_MAX	100	/* code points of a pin's title */
#define PIN_ALT_MAX	500	/* code points of its alt text */
#define PIN_IMAGE_MAX	(20 * 1000 * 1000)	/* a picture it takes */
/* preview's stand-in for a card's bytes, which it does not draw */
#define PIN_CARD_LATER	"(the card in base64, drawn when it is published)"

enum { PIN_BOARD_ID };

static const struct platform_setting pinterest_settings[] = {
	[PIN_BOARD_ID] = { .name = "board_id", .kind = SETTING_ID,
	    .required = true,
	    .what = "a board id (letters, digits, _ or -)",
	    .placeholder = "1000000000000000000" },
	{ .name = NULL }
};

static const char *const pinterest_keys[] = { "access_token", "client_id",
	"client_secret", "refresh_token", NULL };

/* A board's number: digits only. */
static bool
board_ok(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* A post may send itself to another board. */
static const struct post_setting pinterest_post_setting = {
	.name = "board_id",
	.valid = board_ok,
	.what = "the board's number in quotes, like \"987654321\"",
};

/* The board (the post's, else the config's), the pin's title and the alt
 * text, each cut to what Pinterest takes. */
static void
pinterest_prepare(const struct platform_conf *pc,
    const struct post_platform *ov, struct message *m)
{
	const char *board = ov != NULL && ov->setting != NULL ? ov->setting :
	    pc->set[PIN_BOARD_ID];
	char *alt;

	m->target = board != NULL ? xstrdup(board) : NULL;
	m->title = format_cut(m->post->title, PIN_TITLE_MAX);
	if (m->alt != NULL) {
		alt = format_cut(m->alt, PIN_ALT_MAX);
		free(m->alt);
		m->alt = alt;
	}
}

/* POST {api}/v5/pins (docs/platforms.md, Pinterest). */
static int
pinterest_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	const char *title;
	char *base, *data, *b64;
	size_t len;
	cJSON *o, *ms;

	if (m->target == NULL || *m->target == '\0') {
		*err = xstrdup("no board_id for pinterest: set "
		    "platforms.pinterest.board_id or the post's board_id");
		return -1;
	}
	if (m->image_file == NULL && !m->card_later && (m->image_url == NULL ||
	    *m->image_url == '\0')) {
		*err = xstrdup("pinterest needs an image: give the post an "
		    "image or set platforms.pinterest.default_image");
		return -1;
	}
	base = adapter_base(&adapter_pinterest, ctx->pc);
	r = request_list_add(&l, "POST", xasprintf("%s/v5/pins", base));
	free(base);
	if (adapter_bearer(ctx, &adapter_pinterest, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	request_add_header(r, "Content-Type", "application/json", false);

	o = adapter_json_object();
	adapter_json_add(o, "board_id", cJSON_CreateString(m->target));
	if ((title = adapter_title(m)) != NULL)
		adapter_json_add(o, "title", cJSON_CreateString(title));
	adapter_json_add(o, "description",
	    cJSON_CreateString(m->text ? m->text : ""));
	if (m->link != NULL)
		adapter_json_add(o, "link", cJSON_CreateString(m->link));
	if (m->alt != NULL)
		adapter_json_add(o, "alt_text", cJSON_CreateString(m->alt));
	ms = adapter_json_add(o, "media_source", adapter_json_object());
	if ((m->image_file != NULL || m->card_later) &&
	    config_uploads_pictures(ctx->config, &adapter_pinterest,
	    m->platform)) {
		/* the picture itself: nothing to fetch from a public address */
		if (m->card_later)
			b64 = xstrdup(PIN_CARD_LATER);
		else if (upload_read(&adapter_pinterest, m, &data, &len,
		    err) == -1) {
			cJSON_Delete(o);
			request_list_free(&l);
			return -1;
		} else {
			b64 = base64_encode(data, len);
			free(data);
		}
		adapter_json_add(ms, "source_type",
		    cJSON_CreateString("image_base64"));
		adapter_json_add(ms, "content_type",
		    cJSON_CreateString(image_mime(m->image_type)));
		adapter_json_add(ms, "data", cJSON_CreateString(b64));
		free(b64);
	} else {
		adapter_json_add(ms, "source_type",
		    cJSON_CreateString("image_url"));
		adapter_json_add(ms, "url", cJSON_CreateString(m->image_url));
	}
	r->body = adapter_json(o);
	*out = l;
	return 0;
}

/* 201 with the Pin object; errors are {"code":N,"message":"..."}. */
static void
pinterest_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *id;

	if (!outcome_classify(adapter_pinterest.name, resp,
	    adapter_json_str(j, "message"), out)) {
		id = adapter_json_str(j, "id");
		if (adapter_id_ok(id))
			adapter_published(out, resp, id,
			    xasprintf("https://www.pinterest.com/pin/%s/", id));
		else
			adapter_unreadable(&adapter_pinterest, resp, out);
	}
	cJSON_Delete(j);
}

/* Doctor: GET {api}/v5/user_account. */
static int
pinterest_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char *base;

	base = adapter_base(&adapter_pinterest, ctx->pc);
	r = request_list_add(&l, "GET", xasprintf("%s/v5/user_account",
	    base));
	free(base);
	if (adapter_bearer(ctx, &adapter_pinterest, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* 200 {"username","account_type",...}; a 403 is a token without the
 * user_accounts:read scope, which publishing does not need. */
static void
pinterest_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const char *user = adapter_json_str(j, "username");
	char *u;

	if (!whoami_classify(&adapter_pinterest, ctx->pc, resp,
	    adapter_json_str(j, "message"), "the user_accounts:read scope",
	    t)) {
		if (user != NULL && (u = adapter_words(user)) != NULL) {
			whoami_ok(t, whoami_name("@", u,
			    adapter_json_str(j, "account_type")));
			free(u);
		} else
			whoami_unreadable(&adapter_pinterest, resp, t);
	}
	cJSON_Delete(j);
}

/* POST {api}/v5/oauth/token, Basic client_id:client_secret, with the
 * form body form (taken over) into *out (docs/platforms.md). Returns 0,
 * or -1 with *err (allocated) when a client credential is missing. */
static int
token_request(const struct adapter_ctx *ctx, struct buf *form,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char *base;

	base = adapter_base(&adapter_pinterest, ctx->pc);
	r = request_list_add(&l, "POST", xasprintf("%s/v5/oauth/token",
	    base));
	free(base);
	if (adapter_basic(ctx, &adapter_pinterest, r, err) == -1) {
		request_list_free(&l);
		buf_free(form);
		return -1;
	}
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	r->body = buf_detach(form);
	*out = l;
	return 0;
}

/* Renewal: grant_type=refresh_token&refresh_token=... */
static int
pinterest_refresh(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct buf b = BUF_INIT;
	const char *rt;

	if (!adapter_renewable(ctx, &adapter_pinterest))
		return 1;
	if (adapter_cred(ctx, &adapter_pinterest, "refresh_token", &rt,
	    err) == -1)
		return -1;
	adapter_form_add(&b, "grant_type", "refresh_token");
	adapter_form_add(&b, "refresh_token", rt);
	return token_request(ctx, &b, out, err);
}

/* almanac auth: the person is sent to www.pinterest.com/oauth/. */
static int
pinterest_authorize(const struct adapter_ctx *ctx,
    const struct auth_params *p, char **url, char **err)
{
	return adapter_authorize(ctx, &adapter_pinterest,
	    "https://www.pinterest.com/oauth/", p, url, err);
}

/* The code traded: grant_type=authorization_code&code=...&redirect_uri=
 * ... */
static int
pinterest_exchange(const struct adapter_ctx *ctx,
    const struct auth_params *p, const char *code,
    struct request_list *out, char **err)
{
	struct buf b = BUF_INIT;

	adapter_code_form(&b, p, code);
	return token_request(ctx, &b, out, err);
}

/* 200 {"access_token","refresh_token","expires_in",
 * "refresh_token_expires_in",...}; errors {"code","message"}. */
static void
pinterest_grant_parse(const struct adapter_ctx *ctx,
    const struct http_response *resp, struct token_grant *g)
{
	cJSON *j = adapter_json_body(resp);

	(void)ctx;
	adapter_grant_read(ctx, &adapter_pinterest, resp,
	    adapter_json_str(j, "message"), g);
	cJSON_Delete(j);
}

const struct adapter adapter_pinterest = {
	.name = "pinterest",
	.label = "Pinterest",
	.card = CARD_PIN,
	.card_shape = CARD_SHAPE_PIN,
	.counter = COUNT_CODEPOINTS,
	.limit = 500,
	/* the description; the title is the pin's own field */
	.default_template = "{date}. {summary}\n\n{credit}\n\n{tags}",
	.default_api = "https://api.pinterest.com",
	.needs_image = true,
	.image_by_url = true,
	.has_title = true,
	.image_max = PIN_IMAGE_MAX,
	.settings = pinterest_settings,
	.cred_keys = pinterest_keys,
	.post_setting = &pinterest_post_setting,
	.prepare = pinterest_prepare,
	.finish = NULL,
	.check = NULL,
	.build = pinterest_build,
	.parse = pinterest_parse,
	.resume = NULL,
	.whoami = pinterest_whoami,
	.whoami_parse = pinterest_whoami_parse,
	.refresh = pinterest_refresh,
	.grant_parse = pinterest_grant_parse,
	.authorize = pinterest_authorize,
	.exchange = pinterest_exchange,
	.auth_scope = "boards:read,boards:write,pins:read,pins:write",
	.auth_pkce = false,
};
