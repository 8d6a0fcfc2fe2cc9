/* linkedin: Posts API, POST /rest/posts with an article when there is a
 * link. */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "format.h"
#include "http.h"
#include "image.h"
#include "platforms/adapter.h"
#include "platforms/upload.h"
#include "platforms/whoami.h"
#include "xalloc.h"

#define LINKEDIN_VERSION "202610"	/* when platforms.linkedin.version
					   is not set */
#define LINKEDIN_MAX_MONTHS 10	/* doctor warns about an older version */
#define LI_IMAGE_MAX	5000000	/* bytes of a picture it takes (5 MB) */
#define LI_DESC_MAX	300	/* characters of an article's description */
#define LI_FIND_COUNT	10	/* the author's latest posts a check reads */

/* The steps of a flow: 0 is what build sends (the image's
 * initializeUpload, or the post), 1 the picture's PUT, 2 the check of the
 * author's latest posts that a kept picture starts with. */
enum { LI_STEP_FIRST = 0, LI_STEP_PUT = 1, LI_STEP_CHECK = 2 };

static bool linkedin_version_ok(const char *v);
static bool linkedin_author_ok(const char *v);

enum { LI_VERSION, LI_AUTHOR, LI_OAUTH };

/* LinkedIn's OAuth endpoints, under {oauth}/oauth/v2/. */
#define LI_TOKEN_ENDPOINT	"accessToken"	/* every grant */
#define LI_INTROSPECT		"introspectToken"

static const struct platform_setting linkedin_settings[] = {
	[LI_VERSION] = { .name = "version", .kind = SETTING_TEXT,
	    .fallback = LINKEDIN_VERSION, .valid = linkedin_version_ok,
	    .what = "a LinkedIn-Version \"YYYYMM\" such as \""
	    LINKEDIN_VERSION "\"" },
	[LI_AUTHOR] = { .name = "author", .kind = SETTING_TEXT,
	    .required = true, .valid = linkedin_author_ok,
	    .what = "\"urn:li:person:ID\" or \"urn:li:organization:ID\"",
	    .placeholder = "urn:li:organization:123456" },
	/* where the token endpoints are: not under api */
	[LI_OAUTH] = { .name = "oauth", .kind = SETTING_URL,
	    .fallback = "https://www.linkedin.com", .secret_url = true },
	{ .name = NULL }
};

static const char *const linkedin_keys[] = { "access_token", "client_id",
	"client_secret", "refresh_token", NULL };

/* Little text format escaping; a #tag stays a hashtag. */
static char *
linkedin_finish(const char *text)
{
	return text_linkedin_escape(text, true);
}

/* "YYYYMM" with a month 01-12. */
static bool
linkedin_version_ok(const char *s)
{
	int i, m;

	for (i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (s[6] != '\0')
		return false;
	m = (s[4] - '0') * 10 + (s[5] - '0');
	return m >= 1 && m <= 12 && s[0] != '0';
}

/* True when s is one or more of A-Z a-z 0-9 _ -. */
static bool
id_ok(const char *s)
{
	return *s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(s);
}

/* "" (unset), "urn:li:person:ID" or "urn:li:organization:ID". */
static bool
linkedin_author_ok(const char *s)
{
	if (*s == '\0')
		return true;
	if (strncmp(s, "urn:li:person:", 14) == 0)
		return id_ok(s + 14);
	if (strncmp(s, "urn:li:organization:", 20) == 0)
		return id_ok(s + 20);
	return false;
}

/* True when pc has a usable author; else false with *err. */
static bool
linkedin_author(const struct platform_conf *pc, char **err)
{
	if (pc == NULL || pc->set[LI_AUTHOR] == NULL ||
	    *pc->set[LI_AUTHOR] == '\0') {
		*err = xstrdup("no author for linkedin: set "
		    "platforms.linkedin.author to \"urn:li:person:ID\" or "
		    "\"urn:li:organization:ID\"");
		return false;
	}
	return adapter_valid(&adapter_linkedin, pc, err) == 0;
}

/* The headers of a versioned call of the REST API (posts, images). */
static int
rest_headers(const struct adapter_ctx *ctx, struct request *r, char **err)
{
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1)
		return -1;
	request_add_header(r, "LinkedIn-Version", adapter_setting(
	    &adapter_linkedin, ctx->pc, LI_VERSION), false);
	request_add_header(r, "X-Restli-Protocol-Version", "2.0.0", false);
	return 0;
}

/* POST {api}/rest/posts (docs/platforms.md, LinkedIn), appended to l;
 * image, when not NULL, is the URN of the article's thumbnail. */
static int
post_request(const struct adapter_ctx *ctx, const struct message *m,
    const char *image, struct request_list *l, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	const char *title;
	struct request *r;
	cJSON *o, *d, *c, *art;
	char *base, *desc;

	base = adapter_base(&adapter_linkedin, pc);
	r = request_list_add(l, "POST", xasprintf("%s/rest/posts", base));
	free(base);
	if (rest_headers(ctx, r, err) == -1)
		return -1;
	request_add_header(r, "Content-Type", "application/json", false);

	o = adapter_json_object();
	adapter_json_add(o, "author",
	    cJSON_CreateString(pc->set[LI_AUTHOR]));
	adapter_json_add(o, "commentary",
	    cJSON_CreateString(m->text ? m->text : ""));
	adapter_json_add(o, "visibility", cJSON_CreateString("PUBLIC"));
	d = adapter_json_add(o, "distribution", adapter_json_object());
	adapter_json_add(d, "feedDistribution",
	    cJSON_CreateString("MAIN_FEED"));
	adapter_json_add(d, "targetEntities", cJSON_CreateArray());
	adapter_json_add(d, "thirdPartyDistributionChannels",
	    cJSON_CreateArray());
	if (m->link != NULL) {
		/* LinkedIn does not read the page: the card shows what is
		 * given here, the thumbnail an uploaded picture. */
		c = adapter_json_add(o, "content", adapter_json_object());
		art = adapter_json_add(c, "article", adapter_json_object());
		adapter_json_add(art, "source", cJSON_CreateString(m->link));
		if ((title = adapter_title(m)) != NULL)
			adapter_json_add(art, "title",
			    cJSON_CreateString(title));
		if (image != NULL) {
			adapter_json_add(art, "thumbnail",
			    cJSON_CreateString(image));
			if (m->alt != NULL && *m->alt != '\0')
				adapter_json_add(art, "thumbnailAltText",
				    cJSON_CreateString(m->alt));
			if (m->post->summary != NULL &&
			    *m->post->summary != '\0') {
				desc = text_cut_words(m->post->summary,
				    COUNT_CODEPOINTS, LI_DESC_MAX);
				adapter_json_add(art, "description",
				    cJSON_CreateString(desc));
				free(desc);
			}
		}
	}
	adapter_json_add(o, "lifecycleState", cJSON_CreateString("PUBLISHED"));
	adapter_json_add(o, "isReshareDisabledByAuthor", cJSON_CreateFalse());
	r->body = adapter_json(o);
	return 0;
}

/* Whether m's picture is uploaded as its article's thumbnail: it has one
 * (publish hands it over as image_file) and a link (a post without one
 * has no article card). */
static bool
wants_picture(const struct message *m)
{
	return m->image_file != NULL && m->link != NULL;
}

/*
 * Kept progress (outcome.step), "STATE URN" with URN the picture's
 * "urn:li:image:ID":
 *   "upload URN"	initializeUpload answered; the bytes may not be there
 *   "uploaded URN"	the picture is there; no post with it went out since
 *			(the last attempt was refused)
 *   "posting URN"	a post with it went out, or may have
 * Returns the state's number (1, 2, 3) with *urn pointing into p, or 0
 * for none (NULL, "" or anything else).
 */
enum { LI_NONE = 0, LI_UPLOAD, LI_UPLOADED, LI_POSTING };
static const char *const li_states[] = { "", "upload ", "uploaded ",
	"posting " };

static bool urn_ok(const char *s);

static int
progress(const char *p, const char **urn)
{
	size_t i, n;

	for (i = LI_UPLOAD; p != NULL && i <= LI_POSTING; i++) {
		n = strlen(li_states[i]);
		if (strncmp(p, li_states[i], n) == 0 &&
		    strncmp(p + n, "urn:li:image:", 13) == 0 &&
		    urn_ok(p + n)) {
			*urn = p + n;
			return (int)i;
		}
	}
	*urn = NULL;
	return LI_NONE;
}

/* The step string for state and urn. Allocated. */
static char *
progress_str(int state, const char *urn)
{
	return xasprintf("%s%s", li_states[state], urn);
}

/* POST {api}/rest/images?action=initializeUpload with the author as the
 * picture's owner, appended to l. */
static int
init_request(const struct adapter_ctx *ctx, struct request_list *l,
    char **err)
{
	struct request *r;
	cJSON *o, *i;
	char *base = adapter_base(&adapter_linkedin, ctx->pc);

	r = request_list_add(l, "POST", xasprintf("%s/rest/images?"
	    "action=initializeUpload", base));
	free(base);
	if (rest_headers(ctx, r, err) == -1)
		return -1;
	request_add_header(r, "Content-Type", "application/json", false);
	o = adapter_json_object();
	i = adapter_json_add(o, "initializeUploadRequest",
	    adapter_json_object());
	adapter_json_add(i, "owner",
	    cJSON_CreateString(ctx->pc->set[LI_AUTHOR]));
	r->body = adapter_json(o);
	return 0;
}

/* PUT of m's picture to url (initializeUpload's uploadUrl), appended to
 * l: its bytes when url is known, else (preview) none, and a note. */
static int
put_request(const struct adapter_ctx *ctx, const struct message *m,
    const char *url, struct request_list *l, char **err)
{
	struct request *r;

	r = request_list_add(l, "PUT", xstrdup(url != NULL ? url :
	    "{value.uploadUrl}"));
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1)
		return -1;
	request_add_header(r, "Content-Type", image_mime(m->image_type) ?
	    image_mime(m->image_type) : "application/octet-stream", false);
	if (url == NULL) {
		r->note = xasprintf("the bytes of %s, to the uploadUrl "
		    "initializeUpload answers", m->image_file);
		return 0;
	}
	return upload_body(&adapter_linkedin, m, r, err);
}

/* GET {api}/rest/posts?q=author&author=URN&count=N (the author's latest
 * posts), appended to l. */
static int
check_request(const struct adapter_ctx *ctx, struct request_list *l,
    char **err)
{
	struct request *r;
	char *base = adapter_base(&adapter_linkedin, ctx->pc);
	char *author = percent_encode(ctx->pc->set[LI_AUTHOR]);

	r = request_list_add(l, "GET", xasprintf("%s/rest/posts?q=author&"
	    "author=%s&count=%d", base, author, LI_FIND_COUNT));
	free(author);
	free(base);
	return rest_headers(ctx, r, err);
}

/* Step 0: the post (with the kept picture when a post with it is under
 * way), or, for a picture to upload, initializeUpload (then, as preview
 * shows, the PUT and the post). */
static int
linkedin_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	const char *urn;
	int rc;

	if (!linkedin_author(ctx->pc, err))
		return -1;
	if (progress(ctx->progress, &urn) == LI_POSTING)
		rc = post_request(ctx, m, wants_picture(m) ? urn : NULL, &l,
		    err);
	else if (wants_picture(m))
		rc = init_request(ctx, &l, err) == -1 ||
		    put_request(ctx, m, NULL, &l, err) == -1 ||
		    post_request(ctx, m, "{value.image}", &l, err) == -1 ?
		    -1 : 0;
	else
		rc = post_request(ctx, m, NULL, &l, err);
	if (rc == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

#define URN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
	"0123456789:_-"

/* True when s is a post URN we can put in a permalink as it is:
 * "urn:li:TYPE:ID" of letters, digits, ":", "_" and "-". */
static bool
urn_ok(const char *s)
{
	size_t n;

	if (s == NULL || strncmp(s, "urn:li:", 7) != 0 ||
	    (n = strlen(s)) > ADAPTER_ID_MAX || strspn(s, URN_CHARS) != n)
		return false;
	s = strchr(s + 7, ':');
	return s != NULL && s[1] != '\0';
}

/* The first post URN in text ("Content is a duplicate of
 * urn:li:share:7..."), allocated, or NULL. */
static char *
urn_in(const char *text)
{
	const char *p;
	char *u;

	for (p = text; p != NULL && (p = strstr(p, "urn:li:")) != NULL;
	    p += 7) {
		u = xstrndup(p, strspn(p, URN_CHARS));
		if (urn_ok(u))
			return u;
		free(u);
	}
	return NULL;
}

/* Where the post urn is seen. Allocated. */
static char *
linkedin_permalink(const char *urn)
{
	return xasprintf("https://www.linkedin.com/feed/update/%s/", urn);
}

/* True when a 422 is LinkedIn's DUPLICATE_POST; *urn gets the URN of the
 * existing post from the message (or an input error's description), or
 * NULL. */
static bool
linkedin_duplicate(const cJSON *j, char **urn)
{
	const cJSON *d, *ie, *it;
	const char *code;
	bool dup = false;

	*urn = NULL;
	d = cJSON_GetObjectItemCaseSensitive(j, "errorDetails");
	ie = cJSON_GetObjectItemCaseSensitive(d, "inputErrors");
	if (!cJSON_IsArray(ie))
		return false;
	cJSON_ArrayForEach(it, ie) {
		code = adapter_json_str(it, "code");
		if (code != NULL && strcmp(code, "DUPLICATE_POST") == 0)
			dup = true;
	}
	if (!dup)
		return false;
	*urn = urn_in(adapter_json_str(j, "message"));
	cJSON_ArrayForEach(it, ie)
		if (*urn == NULL)
			*urn = urn_in(adapter_json_str(it, "description"));
	return true;
}

/* LinkedIn's limits are daily and reset at midnight UTC: a 429 without
 * Retry-After comes back then. True when the status decides (out
 * filled), as outcome_classify. */
static bool
classify(const struct adapter_ctx *ctx, const struct http_response *resp,
    const cJSON *j, struct outcome *out)
{
	if (!outcome_classify(adapter_linkedin.name, resp,
	    adapter_json_str(j, "message"), out))
		return false;
	if (resp->status == 429 && resp->retry_after < 0)
		adapter_come_back(out, adapter_next_midnight_utc(ctx->clock));
	return true;
}

/* The post's answer: 201 with the post's URN in the x-restli-id header; a
 * 422 DUPLICATE_POST means the post is already there. */
static void
answer_parse(const struct adapter_ctx *ctx, const struct http_response *resp,
    struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *urn;
	char *dup, *w;

	if (resp->error == HTTP_OK && resp->status == 422 &&
	    linkedin_duplicate(j, &dup)) {
		adapter_published(out, resp, NULL,
		    dup != NULL ? linkedin_permalink(dup) : NULL);
		out->remote_id = dup;
		out->duplicate = true;
	} else if (resp->error == HTTP_OK && resp->status == 426) {
		/* NONEXISTENT_VERSION: the LinkedIn-Version was retired. */
		w = adapter_words(adapter_json_str(j, "message"));
		adapter_failed(out, resp, false, xasprintf("linkedin no "
		    "longer serves LinkedIn-Version %s (426%s%s): the version "
		    "is retired; set platforms.linkedin.version to a newer "
		    "one", adapter_setting(&adapter_linkedin, ctx->pc,
		    LI_VERSION), w ? ": " : "", w ? w : ""));
		out->config = true;
		free(w);
	} else if (classify(ctx, resp, j, out))
		;
	else {
		urn = http_header(resp, "x-restli-id");
		if (urn_ok(urn))
			adapter_published(out, resp, urn,
			    linkedin_permalink(urn));
		else {
			adapter_unreadable(&adapter_linkedin, resp, out);
			free(out->error);
			out->error = xasprintf("linkedin answered %ld without "
			    "the post's URN (x-restli-id)", resp->status);
		}
	}
	cJSON_Delete(j);
}

/* The answer to the post that shows the picture urn: once published
 * nothing is kept; refused, the picture is kept for the next attempt
 * ("uploaded"); left open, "posting" stays, so that the next run asks
 * first whether the post is there. */
static void
post_with_picture(const struct adapter_ctx *ctx, const char *urn,
    const struct http_response *resp, struct outcome *out)
{
	answer_parse(ctx, resp, out);
	free(out->step);
	out->step = out->kind == OUTCOME_PUBLISHED ? xstrdup("") :
	    out->kind == OUTCOME_FAILED ? progress_str(LI_UPLOADED, urn) :
	    NULL;
}

/* The next request is the post with the picture urn ("posting" kept
 * first). */
static void
next_post(const struct adapter_ctx *ctx, const struct message *m,
    const char *urn, const struct http_response *resp, struct outcome *out)
{
	char *err = NULL;

	memset(out, 0, sizeof(*out));
	if (post_request(ctx, m, urn, &out->next, &err) == -1) {
		request_list_free(&out->next);
		adapter_failed(out, resp, false, err);
		return;
	}
	out->kind = OUTCOME_NEXT;
	out->next_step = LI_STEP_FIRST;
	out->step = progress_str(LI_POSTING, urn);
}

/* initializeUpload's answer: 200 {"value":{"uploadUrl","image",...}};
 * the PUT follows. */
static void
init_parse(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
	const char *url = adapter_json_str(v, "uploadUrl");
	const char *urn = adapter_json_str(v, "image");
	char *err = NULL;

	if (classify(ctx, resp, j, out))
		upload_unposted(out, "upload (initializeUpload)");
	else if (url == NULL || strncmp(url, "https://", 8) != 0 ||
	    strpbrk(url, " \r\n") != NULL || urn == NULL ||
	    strncmp(urn, "urn:li:image:", 13) != 0 || !urn_ok(urn)) {
		adapter_failed(out, resp, true, xasprintf("linkedin answered "
		    "%ld to initializeUpload without an https uploadUrl and "
		    "an image URN; nothing was published", resp->status));
	} else if (put_request(ctx, m, url, &out->next, &err) == -1) {
		request_list_free(&out->next);
		adapter_failed(out, resp, false, err);
	} else {
		out->kind = OUTCOME_NEXT;
		out->next_step = LI_STEP_PUT;
		out->step = progress_str(LI_UPLOAD, urn);
	}
	cJSON_Delete(j);
}

/* The PUT's answer: a 2xx, and the post goes with the picture. */
static void
put_parse(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *urn;

	if (progress(ctx->progress, &urn) != LI_UPLOAD)
		adapter_failed(out, resp, true, xstrdup("linkedin's picture "
		    "upload lost its URN; nothing was published"));
	else if (classify(ctx, resp, j, out))
		upload_unposted(out, "upload");
	else
		next_post(ctx, m, urn, resp, out);
	cJSON_Delete(j);
}

/* The answer to the check of the author's latest posts ({"elements":
 * [{"id","commentary",...}]}): a post with m's text is the one sent;
 * without it, the post goes with the kept picture. When the check cannot
 * say, a post that was refused last ("uploaded") goes anyway, one that
 * may be there ("posting") is unknown (its progress cleared: publish
 * --retry-unknown uploads the picture again). */
static void
check_parse(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *els = cJSON_GetObjectItemCaseSensitive(j, "elements"), *e;
	const char *urn, *text, *id;
	int state = progress(ctx->progress, &urn);
	bool read = false, found = false;
	char *w;

	memset(out, 0, sizeof(*out));
	if (state == LI_NONE)
		adapter_failed(out, resp, true, xstrdup("linkedin's kept "
		    "picture was lost; nothing was published"));
	else if (resp->error == HTTP_OK && resp->status >= 200 &&
	    resp->status < 300 && cJSON_IsArray(els)) {
		read = true;
		cJSON_ArrayForEach(e, els) {
			text = adapter_json_str(e, "commentary");
			id = adapter_json_str(e, "id");
			if (text != NULL && strcmp(text, m->text ? m->text :
			    "") == 0) {
				adapter_published(out, resp, urn_ok(id) ? id :
				    NULL, urn_ok(id) ? linkedin_permalink(id) :
				    NULL);
				out->duplicate = true;
				out->step = xstrdup("");
				found = true;
				break;
			}
		}
		if (!found)
			next_post(ctx, m, urn, resp, out);
	}
	if (!read && state != LI_NONE) {
		if (state != LI_POSTING)
			next_post(ctx, m, urn, resp, out);
		else {
			w = adapter_words(adapter_json_str(j, "message"));
			out->kind = OUTCOME_UNKNOWN;
			out->http_status = (int)resp->status;
			if (resp->status > 0)
				out->error = xasprintf("linkedin answered %ld%s"
				    "%s to the read of the author's latest "
				    "posts: whether the post with picture %s "
				    "is there is not known", resp->status,
				    w != NULL ? ": " : "", w != NULL ? w : "",
				    urn);
			else
				out->error = xasprintf("no answer to the read "
				    "of linkedin's latest posts (%s): whether "
				    "the post with picture %s is there is not "
				    "known", resp->error_text != NULL ?
				    resp->error_text : "?", urn);
			out->step = xstrdup("");
			free(w);
		}
	}
	cJSON_Delete(j);
}

/* Step 0 is the post, or initializeUpload when the picture is still to
 * be uploaded (as build made it); 1 the PUT; 2 the check. */
static void
linkedin_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	const char *urn;

	memset(out, 0, sizeof(*out));
	if (step == LI_STEP_PUT)
		put_parse(ctx, m, resp, out);
	else if (step == LI_STEP_CHECK)
		check_parse(ctx, m, resp, out);
	else if (progress(ctx->progress, &urn) == LI_POSTING &&
	    wants_picture(m))
		post_with_picture(ctx, urn, resp, out);
	else if (wants_picture(m))
		init_parse(ctx, m, resp, out);
	else
		answer_parse(ctx, resp, out);
}

/* A picture kept by an earlier attempt ("uploaded", "posting"): the
 * author's latest posts are read first (step 2). Anything else starts
 * over with the upload. */
static int
linkedin_resume(const struct adapter_ctx *ctx, const struct message *m,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	struct request_list l = { NULL, 0 };
	const char *urn;

	if (!linkedin_author(ctx->pc, err))
		return -1;
	if (progress(step, &urn) < LI_UPLOADED || !wants_picture(m)) {
		*first_step = LI_STEP_FIRST;
		return linkedin_build(ctx, m, out, err);
	}
	if (check_request(ctx, &l, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*first_step = LI_STEP_CHECK;
	*out = l;
	return 0;
}

/*
 * Months from version YYYYMM to today (negative when it is later), into
 * *months; false when v is not YYYYMM.
 */
bool
linkedin_version_age(const char *v, struct ymd today, int *months)
{
	int y, m;

	if (v == NULL || !linkedin_version_ok(v))
		return false;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
	    (v[3] - '0');
	m = (v[4] - '0') * 10 + (v[5] - '0');
	*months = (today.y - y) * 12 + (today.m - m);
	return true;
}

/* Doctor: the LinkedIn-Version sent, against the clock. */
static void
linkedin_doctor(const struct adapter_ctx *ctx, struct ymd today,
    struct notes *out)
{
	const char *v = adapter_setting(&adapter_linkedin, ctx->pc,
	    LI_VERSION);
	int months;

	if (!linkedin_version_age(v, today, &months))
		notes_add(out, NOTE_WARN, "LinkedIn-Version \"%s\" is not a "
		    "version such as 202511 (YYYYMM); set "
		    "platforms.linkedin.version", v != NULL ? v : "");
	else if (months < 0)
		notes_add(out, NOTE_WARN, "LinkedIn-Version %s is in the "
		    "future; LinkedIn refuses a version it does not have", v);
	else if (months > LINKEDIN_MAX_MONTHS)
		notes_add(out, NOTE_WARN, "LinkedIn-Version %s is %d months "
		    "old; versions are retired after about a year (set "
		    "platforms.linkedin.version to a recent one)", v, months);
	else
		notes_add(out, NOTE_OK, "LinkedIn-Version %s is %d month%s "
		    "old", v, months, months == 1 ? "" : "s");
}

/* {oauth}/oauth/v2/ENDPOINT (platforms.linkedin.oauth, without its
 * trailing slashes). Allocated. */
static char *
linkedin_oauth_url(const struct adapter_ctx *ctx, const char *endpoint)
{
	const char *oauth = adapter_setting(&adapter_linkedin, ctx->pc,
	    LI_OAUTH);
	size_t len;

	for (len = strlen(oauth); len > 0 && oauth[len - 1] == '/'; len--)
		;
	return xasprintf("%.*s/oauth/v2/%s", (int)len, oauth, endpoint);
}

/*
 * A form POST to LinkedIn's OAuth endpoint {oauth}/oauth/v2/ENDPOINT
 * (LI_TOKEN_ENDPOINT, for a grant of any type: refresh_token,
 * authorization_code; LI_INTROSPECT), appended to l: the pairs of form
 * (key, value, ..., NULL), then the app's client_id and client_secret,
 * which LinkedIn takes in the form (not as HTTP Basic). Returns 0, or -1
 * with *err (allocated) when a credential is missing.
 */
static int
linkedin_oauth_post(const struct adapter_ctx *ctx, const char *endpoint,
    const char *const *form, struct request_list *l, char **err)
{
	struct buf b = BUF_INIT;
	struct request *r;
	const char *id, *secret;
	size_t i;

	if (adapter_cred(ctx, &adapter_linkedin, "client_id", &id, err) == -1 ||
	    adapter_cred(ctx, &adapter_linkedin, "client_secret", &secret,
	    err) == -1)
		return -1;
	for (i = 0; form[i] != NULL; i += 2)
		adapter_form_add(&b, form[i], form[i + 1]);
	adapter_form_add(&b, "client_id", id);
	adapter_form_add(&b, "client_secret", secret);
	r = request_list_add(l, "POST", linkedin_oauth_url(ctx, endpoint));
	request_add_header(r, "Content-Type",
	    "application/x-www-form-urlencoded", false);
	r->body = buf_detach(&b);
	return 0;
}

/* Renewal: POST {oauth}/oauth/v2/accessToken, form grant_type=
 * refresh_token&refresh_token=...&client_id=...&client_secret=...
 * (docs/platforms.md). */
static int
linkedin_refresh(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	const char *rt;

	if (!adapter_renewable(ctx, &adapter_linkedin))
		return 1;
	if (adapter_cred(ctx, &adapter_linkedin, "refresh_token", &rt,
	    err) == -1 || linkedin_oauth_post(ctx, LI_TOKEN_ENDPOINT,
	    (const char *const[]){ "grant_type", "refresh_token",
	    "refresh_token", rt, NULL }, &l, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/*
 * almanac auth: the member is sent to {oauth}/oauth/v2/authorization and
 * asked for the scope that posting as the configured author needs:
 * w_member_social for a member (urn:li:person:...), else
 * w_organization_social (a page's admin).
 */
static int
linkedin_authorize(const struct adapter_ctx *ctx,
    const struct auth_params *p, char **url, char **err)
{
	const char *id, *author = adapter_setting(&adapter_linkedin, ctx->pc,
	    LI_AUTHOR);
	char *endpoint;

	if (adapter_cred(ctx, &adapter_linkedin, "client_id", &id, err) == -1)
		return -1;
	endpoint = linkedin_oauth_url(ctx, "authorization");
	*url = auth_url(endpoint, id, author != NULL &&
	    strncmp(author, "urn:li:person:", 14) == 0 ? "w_member_social" :
	    adapter_linkedin.auth_scope, p);
	free(endpoint);
	return 0;
}

/* The code traded at {oauth}/oauth/v2/accessToken: grant_type=
 * authorization_code&code=...&redirect_uri=..., the client in the form. */
static int
linkedin_exchange(const struct adapter_ctx *ctx,
    const struct auth_params *p, const char *code,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	const char *form[9] = { "grant_type", "authorization_code", "code",
	    code, "redirect_uri", p->redirect_uri, NULL, NULL, NULL };

	if (p->code_verifier != NULL) {
		form[6] = "code_verifier";
		form[7] = p->code_verifier;
	}
	if (linkedin_oauth_post(ctx, LI_TOKEN_ENDPOINT, form, &l,
	    err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* 200 {"access_token","expires_in","refresh_token",
 * "refresh_token_expires_in"}; errors {"error","error_description"}
 * (400 invalid_grant, 401 a bad client). */
static void
linkedin_grant_parse(const struct adapter_ctx *ctx,
    const struct http_response *resp, struct token_grant *g)
{
	adapter_grant_read(ctx, &adapter_linkedin, resp, NULL, g);
}

/* Doctor: GET {api}/v2/userinfo (OpenID Connect; not versioned): whose
 * token it is; then GET {api}/rest/posts?q=author&author=URN&count=1 with
 * the LinkedIn-Version of a post (read-only, versioned): a retired version
 * is refused there with 426 before posting day. Once the author is
 * usable. With the app's client_id and client_secret, also POST
 * {oauth}/oauth/v2/introspectToken: when the token ends. */
static int
linkedin_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	const char *token;
	char *base, *author;

	if (!linkedin_author(ctx->pc, err))
		return -1;
	base = adapter_base(&adapter_linkedin, ctx->pc);
	r = request_list_add(&l, "GET", xasprintf("%s/v2/userinfo", base));
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1)
		goto fail;
	author = percent_encode(ctx->pc->set[LI_AUTHOR]);
	r = request_list_add(&l, "GET", xasprintf("%s/rest/posts?q=author&"
	    "author=%s&count=1", base, author));
	free(author);
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1)
		goto fail;
	request_add_header(r, "LinkedIn-Version", adapter_setting(
	    &adapter_linkedin, ctx->pc, LI_VERSION), false);
	request_add_header(r, "X-Restli-Protocol-Version", "2.0.0", false);
	if (adapter_has_cred(ctx, &adapter_linkedin, "client_id") &&
	    adapter_has_cred(ctx, &adapter_linkedin, "client_secret") &&
	    (adapter_cred(ctx, &adapter_linkedin, "access_token", &token,
	    err) == -1 || linkedin_oauth_post(ctx, LI_INTROSPECT,
	    (const char *const[]){ "token", token, NULL }, &l, err) == -1))
		goto fail;
	free(base);
	*out = l;
	return 0;
fail:
	free(base);
	request_list_free(&l);
	return -1;
}

/* The answer to the versioned request: 426 (NONEXISTENT_VERSION) is a
 * retired LinkedIn-Version, a failure naming the setting; any other answer
 * means the version is live (a 403 too: the token may post without reading
 * posts), except no answer at all, a warning. The token itself is judged
 * by userinfo. */
static void
linkedin_version_parse(const struct adapter_ctx *ctx,
    const struct http_response *resp, struct token_check *t)
{
	const char *v = adapter_setting(&adapter_linkedin, ctx->pc,
	    LI_VERSION);
	cJSON *j;
	char *words;

	if (resp->status == 426) {
		j = adapter_json_body(resp);
		words = adapter_words(adapter_json_str(j, "message"));
		whoami_set(t, TOKEN_ERROR, xasprintf("LinkedIn-Version %s is "
		    "retired: LinkedIn answered 426%s%s; set "
		    "platforms.linkedin.version to a recent one", v,
		    words != NULL ? ": " : "", words != NULL ? words : ""));
		free(words);
		cJSON_Delete(j);
	} else if (resp->status == 0 && t->warning == NULL)
		t->warning = xasprintf("LinkedIn-Version %s could not be "
		    "checked: no answer to GET /rest/posts (%s)", v,
		    resp->error_text != NULL ? resp->error_text : "?");
}

/* introspectToken's answer: 200 {"active":true,"status":"active",
 * "expires_at":T,...} says when the token ends; "active":false refuses it
 * (its status says why: expired, revoked). Any other answer leaves the
 * expiry unknown and the token to userinfo. */
static void
linkedin_introspect_parse(const struct http_response *resp,
    struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const cJSON *active = cJSON_GetObjectItemCaseSensitive(j, "active");
	const char *status = adapter_json_str(j, "status");
	const char *words = adapter_json_str(j, "error_description");
	long long at;

	if (whoami_expiry_classify(LI_INTROSPECT, resp, words != NULL ? words :
	    adapter_json_str(j, "error"), t))
		;	/* the expiry stays unknown: it says why */
	else if (!cJSON_IsBool(active))
		whoami_expiry_unreadable(LI_INTROSPECT, resp, t);
	else if (cJSON_IsFalse(active))
		whoami_set(t, TOKEN_REFUSED, xstrdup(status != NULL &&
		    strcmp(status, "expired") == 0 ? "the token has expired "
		    "(LinkedIn's introspectToken says so); renew it" :
		    status != NULL && strcmp(status, "revoked") == 0 ?
		    "the token was revoked (LinkedIn's introspectToken says "
		    "so); authorize almanac again" : "the token is no longer "
		    "active (LinkedIn's introspectToken says so); renew it"));
	else if (!whoami_json_time(j, "expires_at", &at))
		t->expiry_error = xstrdup("introspectToken did not say when the "
		    "token expires");
	else
		whoami_expiry_set(t, LI_INTROSPECT, "expires_at", at);
	cJSON_Delete(j);
}

/* 200 {"sub","name",...}: the member whose token it is, as the person URN
 * a member author must be; another member's URN as author is a warning.
 * A 403 is a token without the openid scope. Answer 1 is the version's. */
static void
linkedin_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j;
	const char *sub;
	const char *author = ctx->pc != NULL ?
	    ctx->pc->set[LI_AUTHOR] : NULL;
	char *urn;

	if (i == 1) {
		linkedin_version_parse(ctx, resp, t);
		return;
	}
	if (i == 2) {
		linkedin_introspect_parse(resp, t);
		return;
	}
	j = adapter_json_body(resp);
	sub = adapter_json_str(j, "sub");
	if (!whoami_classify(&adapter_linkedin, ctx->pc, resp,
	    adapter_json_str(j, "message"), "the openid and profile scopes",
	    t)) {
		if (sub == NULL || !adapter_id_ok(sub))
			whoami_unreadable(&adapter_linkedin, resp, t);
		else {
			urn = xasprintf("urn:li:person:%s", sub);
			whoami_ok(t, whoami_name("", adapter_json_str(j,
			    "name"), urn));
			if (author != NULL && strncmp(author,
			    "urn:li:person:", 14) == 0 &&
			    strcmp(author, urn) != 0) {
				free(t->warning);
				t->warning = xasprintf("the token is %s's, but "
				    "platforms.linkedin.author is %s", urn,
				    author);
			}
			free(urn);
		}
	}
	cJSON_Delete(j);
}

const struct adapter adapter_linkedin = {
	.name = "linkedin",
	.label = "LinkedIn",
	.card = CARD_ARTICLE,
	.counter = COUNT_CODEPOINTS,
	.limit = 3000,
	/* the link goes in the article card */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://api.linkedin.com",
	.needs_image = false,
	/* LinkedIn's own limit for a picture (Images API) */
	.image_max = LI_IMAGE_MAX,
	.picture_needs_link = true,
	.settings = linkedin_settings,
	.cred_keys = linkedin_keys,
	.finish = linkedin_finish,
	.check = NULL,
	.build = linkedin_build,
	.parse = linkedin_parse,
	.resume = linkedin_resume,
	.whoami = linkedin_whoami,
	.whoami_parse = linkedin_whoami_parse,
	.doctor = linkedin_doctor,
	.refresh = linkedin_refresh,
	.grant_parse = linkedin_grant_parse,
	.authorize = linkedin_authorize,
	.exchange = linkedin_exchange,
	.auth_scope = "w_organization_social",
	.auth_pkce = false,
};
