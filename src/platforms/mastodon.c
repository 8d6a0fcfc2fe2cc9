/*
 * mastodon: a status, POST {api}/api/v1/statuses, with an Idempotency-Key
 * made from the pair (day, post, platform): every attempt of one pair
 * carries the same key, and the server answers a key it saw within its
 * hour with the status it made then instead of making another. With a
 * picture, POST {api}/api/v2/media first, the upload kept as the pair's
 * progress (platforms/upload.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/mastodon.h"
#include "platforms/upload.h"
#include "platforms/whoami.h"
#include "xalloc.h"

enum { MA_VISIBILITY, MA_LANGUAGE };

/* The steps: 0 is the first request build makes, the upload, or the
 * status when there is no picture or its upload is kept (mastodon_first). */
enum { MA_FIRST = 0, MA_STATUS, MA_UPLOAD };

#define MA_IMAGE_MAX	(16 * 1024 * 1024)	/* an instance's default */
#define MA_MEDIA_AGE	(12 * 3600)	/* unattached uploads are removed
					   after a day or so: one kept
					   longer is made again */
#define MA_ALT_MAX	1500		/* characters of a description */
#define MA_MEDIA_ID	"{media-id}"	/* stands for the upload's id in
					   what build shows */

/* The visibilities a status takes. */
static bool
mastodon_visibility_ok(const char *v)
{
	static const char *const ok[] = { "public", "unlisted", "private",
		"direct", NULL };
	size_t i;

	for (i = 0; ok[i] != NULL; i++)
		if (strcmp(v, ok[i]) == 0)
			return true;
	return false;
}

/* An ISO 639 code: 2 or 3 lowercase letters (639-1, 639-3), with an
 * optional region as Mastodon's own locales write it ("pt-BR"). */
static bool
mastodon_language_ok(const char *v)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz");

	if (n < 2 || n > 3)
		return false;
	if (v[n] == '\0')
		return true;
	return v[n] == '-' && strspn(v + n + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	    == 2 && v[n + 3] == '\0';
}

static const struct platform_setting mastodon_settings[] = {
	[MA_VISIBILITY] = { .name = "visibility", .kind = SETTING_TEXT,
	    .fallback = "public", .valid = mastodon_visibility_ok,
	    .what = "one of \"public\", \"unlisted\", \"private\", "
	    "\"direct\"" },
	[MA_LANGUAGE] = { .name = "language", .kind = SETTING_TEXT,
	    .fallback = "en", .valid = mastodon_language_ok,
	    .what = "an ISO 639 language code such as \"en\"" },
	{ .name = NULL }
};

static const char *const mastodon_keys[] = { "access_token", NULL };

/*
 * The Idempotency-Key of the pair (m's day, its post, this platform): the
 * SHA-256 in hex of "almanac:DAY:POST:mastodon". The same for every
 * attempt of the pair, in any run; another pair never has it.
 */
void
mastodon_idempotency_key(const struct message *m,
    char out[ADAPTER_SEED_SIZE])
{
	char *s = xasprintf("almanac:%04d-%02d-%02d:%s:%s", m->day.y,
	    m->day.m, m->day.d, m->post != NULL && m->post->id != NULL ?
	    m->post->id : "", adapter_mastodon.name);

	adapter_seed(s, out);
	free(s);
}

/* The instance's base URL, which has no default: each instance is its
 * own server. Allocated; NULL with *err when platforms.mastodon.api is
 * unset or a setting is not valid. */
static char *
mastodon_base(const struct adapter_ctx *ctx, char **err)
{
	if (ctx->pc == NULL || ctx->pc->api == NULL) {
		*err = xstrdup("no api for mastodon: set platforms.mastodon.api "
		    "to the address of your instance");
		return NULL;
	}
	if (adapter_valid(&adapter_mastodon, ctx->pc, err) == -1)
		return NULL;
	return adapter_base(&adapter_mastodon, ctx->pc);
}

/* The request of step (MA_UPLOAD, MA_STATUS) with the upload id (NULL:
 * a status without a picture), appended to l. Returns 0, or -1 with *err
 * (allocated). */
static int
mastodon_request(const struct adapter_ctx *ctx, const struct message *m,
    int step, const char *id, struct request_list *l, char **err)
{
	struct request *r;
	char key[ADAPTER_SEED_SIZE], *base, *alt;
	const char *fields[3] = { "description", NULL, NULL };
	cJSON *o, *ids;
	int rc;

	if ((base = mastodon_base(ctx, err)) == NULL)
		return -1;
	r = request_list_add(l, "POST", xasprintf("%s%s", base,
	    step == MA_UPLOAD ? "/api/v2/media" : "/api/v1/statuses"));
	free(base);
	if (adapter_bearer(ctx, &adapter_mastodon, r, err) == -1)
		return -1;
	if (step == MA_UPLOAD) {
		alt = m->alt != NULL && *m->alt != '\0' ?
		    format_cut(m->alt, MA_ALT_MAX) : NULL;
		fields[1] = alt;
		rc = upload_multipart(&adapter_mastodon, m, fields, "file", r,
		    err);
		free(alt);
		return rc;
	}
	mastodon_idempotency_key(m, key);
	request_add_header(r, "Idempotency-Key", key, false);
	request_add_header(r, "Content-Type", "application/json", false);
	o = adapter_json_object();
	adapter_json_add(o, "status", cJSON_CreateString(m->text ? m->text :
	    ""));
	adapter_json_add(o, "visibility", cJSON_CreateString(
	    adapter_setting(&adapter_mastodon, ctx->pc, MA_VISIBILITY)));
	adapter_json_add(o, "language", cJSON_CreateString(
	    adapter_setting(&adapter_mastodon, ctx->pc, MA_LANGUAGE)));
	if (id != NULL) {
		ids = adapter_json_add(o, "media_ids", cJSON_CreateArray());
		cJSON_AddItemToArray(ids, cJSON_CreateString(id));
	}
	r->body = adapter_json(o);
	return 0;
}

/* What step 0 is: MA_STATUS without a picture or with an upload kept
 * young enough (its id into id), else MA_UPLOAD. */
static int
mastodon_first(const struct adapter_ctx *ctx, const struct message *m,
    char id[ADAPTER_ID_MAX + 1])
{
	*id = '\0';
	if (m->image_file == NULL || upload_kept(ctx, MA_MEDIA_AGE, id))
		return MA_STATUS;
	return MA_UPLOAD;
}

/* POST {api}/api/v1/statuses, JSON {"status","visibility","language"}
 * (and "media_ids"); with a picture to upload, POST {api}/api/v2/media
 * before it. */
static int
mastodon_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	char id[ADAPTER_ID_MAX + 1];
	int first = mastodon_first(ctx, m, id);

	if ((first == MA_UPLOAD && (mastodon_request(ctx, m, MA_UPLOAD, NULL,
	    &l, err) == -1)) || mastodon_request(ctx, m, MA_STATUS, *id ? id :
	    m->image_file != NULL ? MA_MEDIA_ID : NULL, &l, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	if (first == MA_UPLOAD)
		l.v[1].note = xstrdup(MA_MEDIA_ID " stands for the \"id\" of "
		    "the upload's answer");
	*out = l;
	return 0;
}

/* n digits of s as a number, or -1 when one of them is not a digit. */
static long
digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Mastodon's X-RateLimit-Reset, an ISO 8601 time in UTC such as
 * "2026-11-12T09:05:00.000000Z" (the fraction of any length, or none; a
 * "+00:00" for the "Z"), as Unix time rounded up to the whole second;
 * -1 when the header is absent or anything else.
 */
long long
mastodon_reset(const char *v)
{
	struct ymd d;
	long h, mi, s;
	size_t i = 19;
	bool frac = false;
	char day[11];

	if (v == NULL || strlen(v) < 20 || v[10] != 'T' || v[13] != ':' ||
	    v[16] != ':')
		return -1;
	memcpy(day, v, 10);
	day[10] = '\0';
	if (!date_parse_ymd(day, &d) || (h = digits(v + 11, 2)) < 0 ||
	    h > 23 || (mi = digits(v + 14, 2)) < 0 || mi > 59 ||
	    (s = digits(v + 17, 2)) < 0 || s > 60)
		return -1;
	if (v[i] == '.') {
		for (i++; v[i] >= '0' && v[i] <= '9'; i++)
			frac |= v[i] != '0';
		if (v[i - 1] == '.')
			return -1;
	}
	if (strcmp(v + i, "Z") != 0 && strcmp(v + i, "+00:00") != 0)
		return -1;
	return (long long)date_to_days(d) * 86400 + h * 3600 + mi * 60 + s +
	    (frac ? 1 : 0);
}

/*
 * The upload's answer, which publishes nothing: 200 with the attachment
 * {"id",...}, or 202 while the server still processes it (the status is
 * sent at once all the same: an image is ready within moments, and a
 * status refused for it is tried again). The id is kept as progress.
 * Anything that is not certain (no answer, a 5xx, a body that cannot be
 * read) is a failure to try again, never unknown.
 */
static void
mastodon_upload_parse(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, const cJSON *j, struct outcome *out)
{
	const char *id = adapter_json_str(j, "id");
	char *err = NULL;

	if (outcome_classify(adapter_mastodon.name, resp,
	    adapter_json_str(j, "error"), out)) {
		if (resp->error == HTTP_OK && resp->status == 429)
			adapter_come_back(out, mastodon_reset(http_header(resp,
			    "X-RateLimit-Reset")));
	} else if (!adapter_id_ok(id))
		adapter_unreadable(&adapter_mastodon, resp, out);
	else if (mastodon_request(ctx, m, MA_STATUS, id, &out->next,
	    &err) == 0) {
		upload_next(out, resp, MA_STATUS, id, ctx->now);
		return;
	} else
		adapter_failed(out, resp, false, err);
	upload_unposted(out, "upload");
}

/* 200 with the Status {"id","url",...}; errors {"error":"..."}: 401 a
 * token refused, 422 "Validation failed: ...", 429 with X-RateLimit-Reset
 * (when to come back). With a picture, a 422 for a picture still being
 * processed is tried again, one for a picture not found (removed) drops
 * the upload kept, to be made again; once posted it is dropped too. */
static void
mastodon_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	char kept[ADAPTER_ID_MAX + 1];
	const char *id, *url, *w = adapter_json_str(j, "error");

	if (step == MA_FIRST)
		step = mastodon_first(ctx, m, kept);
	else if (!upload_kept(ctx, MA_MEDIA_AGE, kept))
		*kept = '\0';
	if (step == MA_UPLOAD)
		mastodon_upload_parse(ctx, m, resp, j, out);
	else if (outcome_classify(adapter_mastodon.name, resp, w, out)) {
		if (resp->error == HTTP_OK && resp->status == 429)
			adapter_come_back(out, mastodon_reset(http_header(resp,
			    "X-RateLimit-Reset")));
		if (*kept && resp->error == HTTP_OK && resp->status == 422 &&
		    w != NULL && strcasestr(w, "processing") != NULL)
			out->retryable = true;
		else if (*kept && resp->error == HTTP_OK &&
		    resp->status == 422 && w != NULL &&
		    strcasestr(w, "not found") != NULL) {
			out->retryable = true;
			out->step = xstrdup("");
		}
	} else {
		id = adapter_json_str(j, "id");
		url = adapter_json_str(j, "url");
		if (adapter_id_ok(id) && url != NULL && (strncmp(url,
		    "https://", 8) == 0 || strncmp(url, "http://", 7) == 0))
			adapter_published(out, resp, id, xstrdup(url));
		else
			adapter_unreadable(&adapter_mastodon, resp, out);
	}
	if (out->kind == OUTCOME_PUBLISHED && *kept)
		out->step = xstrdup("");
	cJSON_Delete(j);
}

/* One GET of {api}PATH into *out, with the token when bearer (doctor's)
 * or without (the instance's public limits). Returns 0, or -1 with *err
 * (allocated). */
static int
mastodon_get(const struct adapter_ctx *ctx, const char *path, bool bearer,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char *base;

	if ((base = mastodon_base(ctx, err)) == NULL)
		return -1;
	r = request_list_add(&l, "GET", xasprintf("%s%s", base, path));
	free(base);
	if (bearer && adapter_bearer(ctx, &adapter_mastodon, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* Doctor: GET {api}/api/v1/accounts/verify_credentials. */
static int
mastodon_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	return mastodon_get(ctx, "/api/v1/accounts/verify_credentials", true,
	    out, err);
}

/* 200 {"id","username","acct",...}. A Mastodon token lasts until it is
 * revoked: it has no expiry to say. */
static void
mastodon_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const char *acct = adapter_json_str(j, "acct");
	char *u;

	(void)i;
	if (!whoami_classify(&adapter_mastodon, ctx->pc, resp,
	    adapter_json_str(j, "error"), "the read:accounts scope", t)) {
		if (acct != NULL && (u = adapter_words(acct)) != NULL) {
			whoami_ok(t, whoami_name("@", u,
			    adapter_json_str(j, "id")));
			free(u);
			t->expiry_known = true;
			t->expires_at = 0;
			t->expiry_field = NULL;
		} else
			whoami_unreadable(&adapter_mastodon, resp, t);
	}
	cJSON_Delete(j);
}

/* The instance's limits: GET {api}/api/v2/instance, no token. */
static int
mastodon_limits(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	return mastodon_get(ctx, "/api/v2/instance", false, out, err);
}

/* 200 {"configuration":{"statuses":{"max_characters":N,
 * "characters_reserved_per_url":M,...},"media_attachments":
 * {"image_size_limit":BYTES,...},...},...}. */
static bool
mastodon_limits_parse(const struct http_response *resp, size_t *limit,
    size_t *url_weight, size_t *image_max)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *conf = cJSON_GetObjectItemCaseSensitive(j,
	    "configuration");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(conf, "statuses");
	const cJSON *ma = cJSON_GetObjectItemCaseSensitive(conf,
	    "media_attachments");
	long max, url, image;
	bool ok = resp->status == 200 && adapter_json_int(st,
	    "max_characters", &max) && adapter_json_int(st,
	    "characters_reserved_per_url", &url) && max > 0 && url > 0;

	if (ok) {
		*limit = (size_t)max;
		*url_weight = (size_t)url;
		*image_max = adapter_json_int(ma, "image_size_limit", &image) &&
		    image > 0 ? (size_t)image : 0;
	}
	cJSON_Delete(j);
	return ok;
}

const struct adapter adapter_mastodon = {
	.name = "mastodon",
	.label = "Mastodon",
	.card = CARD_LINK,
	.counter = COUNT_MASTODON,
	.limit = 500,
	/* the link in the text, where Mastodon makes its card; hashtags
	 * at the end, where they read as tags */
	.default_template = "{date}: {title}\n\n{summary}\n\n{url}\n\n{tags}",
	.default_api = "https://mastodon.example",
	.needs_image = false,
	.image_max = MA_IMAGE_MAX,
	.settings = mastodon_settings,
	.cred_keys = mastodon_keys,
	.finish = NULL,
	.check = NULL,
	.build = mastodon_build,
	.parse = mastodon_parse,
	.resume = NULL,
	.whoami = mastodon_whoami,
	.whoami_parse = mastodon_whoami_parse,
	.limits = mastodon_limits,
	.limits_parse = mastodon_limits_parse,
};
