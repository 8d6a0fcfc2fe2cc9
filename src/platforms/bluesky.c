/*
 * bluesky: the AT Protocol (XRPC) on the account's PDS: a session
 * (createSession with the handle and an app password, kept in the token
 * store and refreshed with refreshSession), a post created with
 * createRecord under a record key (a TID) that every attempt of a pair
 * shares, and getRecord on that key after an answer that leaves it open
 * (docs/platforms.md, Bluesky).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "format.h"
#include "http.h"
#include "image.h"
#include "platforms/adapter.h"
#include "platforms/atproto.h"
#include "platforms/upload.h"
#include "platforms/whoami.h"
#include "post.h"
#include "tokens.h"
#include "xalloc.h"

#define BSKY_BYTES_MAX		3000	/* UTF-8 bytes of a post's text */
#define BSKY_ACCESS_SECONDS	7200	/* accessJwt, when it does not say */
#define BSKY_REFRESH_SECONDS	(90 * 86400LL)	/* refreshJwt */
#define BSKY_CREATES_MAX	2	/* creates left open in one run before
					   the pair is left for the next */
#define BSKY_BLOB_MAX		1000000	/* bytes of an uploaded picture */
#define BSKY_BLOB_SECONDS	3600	/* an uploaded picture is used within
					   this long, else uploaded again: a
					   PDS drops a blob no record uses */
#define BSKY_CID_MAX		100	/* characters of a blob's CID */

enum { BSKY_HANDLE, BSKY_LANGUAGE };

/* A handle: a domain name of letters, digits, '-' and '.', with a dot. */
static bool
handle_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && n <= 253 && strchr(s, '.') != NULL && s[0] != '.' &&
	    s[n - 1] != '.' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") == n &&
	    strstr(s, "..") == NULL;
}

/* A language tag such as "en" or "pt-BR". */
static bool
language_ok(const char *s)
{
	size_t n = strlen(s), a = strspn(s, "abcdefghijklmnopqrstuvwxyz");

	return a >= 2 && a <= 3 && n <= 35 && strspn(s, "abcdefghijklmnopq"
	    "rstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n &&
	    s[n - 1] != '-';
}

static const struct platform_setting bluesky_settings[] = {
	[BSKY_HANDLE] = { .name = "handle", .kind = SETTING_TEXT,
	    .required = true, .valid = handle_ok,
	    .what = "a handle such as \"name.bsky.social\"",
	    .placeholder = "name.bsky.social" },
	[BSKY_LANGUAGE] = { .name = "language", .kind = SETTING_TEXT,
	    .fallback = "en", .valid = language_ok,
	    .what = "a language tag such as \"en\" or \"pt-BR\"" },
	{ .name = NULL }
};

static const char *const bluesky_keys[] = { "app_password", NULL };

/* The stored session's value name, or NULL (none, or none usable). */
static const char *
stored(const struct adapter_ctx *ctx, const char *name)
{
	const struct token *k;

	if (ctx->cred == NULL || ctx->tokens == NULL)
		return NULL;
	k = tokens_get(ctx->tokens, adapter_bluesky.name, name);
	return k != NULL && *k->value != '\0' ? k->value : NULL;
}

/* Whether renewal uses the stored refresh JWT (else it logs in). */
static bool
use_refresh(const struct adapter_ctx *ctx)
{
	const struct token *k;

	if (stored(ctx, "refresh_token") == NULL)
		return false;
	k = tokens_get(ctx->tokens, adapter_bluesky.name, "refresh_token");
	return k->expires_at == 0 || k->expires_at > ctx->now;
}

/* The record key of m: a TID of its slot's instant and a clock id of
 * its post, the same for every attempt of the pair. */
static void
bluesky_rkey(const struct adapter_ctx *ctx, const struct message *m,
    char out[ATPROTO_TID_SIZE])
{
	time_t at = 0;

	if (!date_instant(ctx->config->timezone, m->day, m->slot >= 0 ?
	    m->slot : 0, &at) || at < 0)
		at = 0;
	atproto_tid((uint64_t)at * 1000000u, atproto_clock_id(m->post->id,
	    adapter_bluesky.name), out);
}

static char *
xrpc_url(const struct adapter_ctx *ctx, const char *method)
{
	char *base = adapter_base(&adapter_bluesky, ctx->pc);
	char *url = xasprintf("%s/xrpc/%s", base, method);

	free(base);
	return url;
}

/* Authorization: Bearer with the stored JWT name ("access_token",
 * "refresh_token"); REDACTED without credentials; nothing when no
 * session is kept yet (the run logs in before it sends, and builds the
 * request again). */
static void
bearer(const struct adapter_ctx *ctx, struct request *r, const char *name)
{
	const char *at = stored(ctx, name);
	char *v;

	if (ctx->cred == NULL) {
		request_add_header(r, "Authorization", REDACTED, true);
		return;
	}
	if (at == NULL)
		return;
	v = xasprintf("Bearer %s", at);
	request_add_header(r, "Authorization", v, true);
	explicit_bzero(v, strlen(v));
	free(v);
}

/* The repository: the session's did, else the handle (which XRPC takes
 * too). */
static const char *
repo(const struct adapter_ctx *ctx)
{
	const char *did = stored(ctx, TOKENS_ACCOUNT);

	return did != NULL ? did : adapter_setting(&adapter_bluesky, ctx->pc,
	    BSKY_HANDLE);
}

/* A post's text: no more than BSKY_BYTES_MAX bytes (the graphemes are
 * the table's limit). */
static char *
bluesky_check(const struct message *m)
{
	size_t n = m->text != NULL ? strlen(m->text) : 0;

	if (n > BSKY_BYTES_MAX)
		return xasprintf("the text is %zu bytes of UTF-8, more than "
		    "the %d bluesky takes", n, BSKY_BYTES_MAX);
	return NULL;
}

static cJSON *
facets_json(const struct message *m)
{
	struct atproto_facets f;
	cJSON *a = cJSON_CreateArray(), *o, *idx, *feats, *ft;
	size_t i;

	if (a == NULL)
		adapter_json_add(NULL, "", NULL);	/* out of memory */
	atproto_facets(m->text ? m->text : "", m->link, &f);
	for (i = 0; i < f.n; i++) {
		o = adapter_json_object();
		idx = adapter_json_add(o, "index", adapter_json_object());
		adapter_json_add(idx, "byteStart",
		    cJSON_CreateNumber((double)f.v[i].start));
		adapter_json_add(idx, "byteEnd",
		    cJSON_CreateNumber((double)f.v[i].end));
		feats = adapter_json_add(o, "features", cJSON_CreateArray());
		ft = adapter_json_object();
		if (f.v[i].kind == FACET_LINK) {
			adapter_json_add(ft, "$type", cJSON_CreateString(
			    "app.bsky.richtext.facet#link"));
			adapter_json_add(ft, "uri",
			    cJSON_CreateString(f.v[i].value));
		} else {
			adapter_json_add(ft, "$type", cJSON_CreateString(
			    "app.bsky.richtext.facet#tag"));
			adapter_json_add(ft, "tag",
			    cJSON_CreateString(f.v[i].value));
		}
		cJSON_AddItemToArray(feats, ft);
		cJSON_AddItemToArray(a, o);
	}
	atproto_facets_free(&f);
	return a;
}

/* createdAt: now, "2026-11-12T12:00:00.000Z". */
static void
created_at(long long now, char out[32])
{
	time_t t = (time_t)now;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/*
 * An uploaded picture (uploadBlob's blob), as the kept progress holds it
 * after the record key's part: "RKEY NOW N CID MIME SIZE AT", AT the
 * build time of the run that uploaded it.
 */
struct blob {
	char cid[BSKY_CID_MAX + 1];
	char mime[32];
	long long size, at;
};

/* True when s is a CID as uploadBlob answers it: base32 letters and
 * digits ("bafkrei..."). */
static bool
cid_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 8 && n <= BSKY_CID_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz234567") == n;
}

/* The picture kept in p, into *b; false when there is none. */
static bool
kept_blob(const char *p, struct blob *b)
{
	char rkey[ATPROTO_TID_SIZE + 2];
	long long now;
	int n;

	return p != NULL && sscanf(p, "%14s %lld %d %100s %31s %lld %lld",
	    rkey, &now, &n, b->cid, b->mime, &b->size, &b->at) == 7 &&
	    cid_ok(b->cid) && image_mime_type(b->mime) != IMAGE_NONE &&
	    b->size > 0 && b->size <= BSKY_BLOB_MAX;
}

/* The picture m's card shows, when it has a card (a link) and a picture:
 * the one kept in ctx->progress, into *b, when it was uploaded less than
 * BSKY_BLOB_SECONDS ago (true); else false, and *upload says whether one
 * is to be uploaded first. */
static bool
usable_blob(const struct adapter_ctx *ctx, const struct message *m,
    struct blob *b, bool *upload)
{
	bool wanted = m->image_file != NULL && m->link != NULL &&
	    *m->link != '\0';

	*upload = false;
	if (!wanted)
		return false;
	if (kept_blob(ctx->progress, b) && b->at <= ctx->now &&
	    ctx->now - b->at < BSKY_BLOB_SECONDS)
		return true;
	*upload = true;
	return false;
}

/* The progress to keep: "RKEY NOW N", then b's part when b is not
 * NULL. Allocated. */
static char *
step_str(const char *rkey, long long now, int n, const struct blob *b)
{
	if (b == NULL)
		return xasprintf("%s %lld %d", rkey, now, n);
	return xasprintf("%s %lld %d %s %s %lld %lld", rkey, now, n, b->cid,
	    b->mime, b->size, b->at);
}

/* Whether an enabled bluesky can send: its handle set, a session kept or
 * an app password to log in with. */
static int
ready(const struct adapter_ctx *ctx, char **err)
{
	if (adapter_required(&adapter_bluesky, ctx->pc, BSKY_HANDLE,
	    err) == NULL)
		return -1;
	if (ctx->cred != NULL && stored(ctx, "access_token") == NULL &&
	    adapter_cred_file(ctx->cred, &adapter_bluesky,
	    "app_password") == NULL) {
		*err = xasprintf("no bluesky.app_password in the credentials%s"
		    "%s%s", ctx->cred->source ? " (" : "", ctx->cred->source ?
		    ctx->cred->source : "", ctx->cred->source ? ")" : "");
		return -1;
	}
	return 0;
}

/* POST {api}/xrpc/com.atproto.repo.createRecord, appended to l; thumb
 * (may be NULL) the picture of the link's card. */
static void
create_request(const struct adapter_ctx *ctx, const struct message *m,
    const struct blob *thumb, struct request_list *l)
{
	struct request *r;
	char rkey[ATPROTO_TID_SIZE], when[32];
	const char *lang;
	cJSON *o, *rec, *langs, *embed, *ext, *t, *ref;

	bluesky_rkey(ctx, m, rkey);
	r = request_list_add(l, "POST", xrpc_url(ctx,
	    "com.atproto.repo.createRecord"));
	bearer(ctx, r, "access_token");
	request_add_header(r, "Content-Type", "application/json", false);
	o = adapter_json_object();
	adapter_json_add(o, "repo", cJSON_CreateString(repo(ctx)));
	adapter_json_add(o, "collection",
	    cJSON_CreateString("app.bsky.feed.post"));
	adapter_json_add(o, "rkey", cJSON_CreateString(rkey));
	rec = adapter_json_add(o, "record", adapter_json_object());
	adapter_json_add(rec, "$type", cJSON_CreateString("app.bsky.feed.post"));
	adapter_json_add(rec, "text", cJSON_CreateString(m->text ? m->text :
	    ""));
	created_at(ctx->now, when);
	adapter_json_add(rec, "createdAt", cJSON_CreateString(when));
	lang = adapter_setting(&adapter_bluesky, ctx->pc, BSKY_LANGUAGE);
	if (lang != NULL && *lang != '\0') {
		langs = adapter_json_add(rec, "langs", cJSON_CreateArray());
		cJSON_AddItemToArray(langs, cJSON_CreateString(lang));
	}
	adapter_json_add(rec, "facets", facets_json(m));
	if (m->link != NULL && *m->link != '\0') {
		embed = adapter_json_add(rec, "embed", adapter_json_object());
		adapter_json_add(embed, "$type",
		    cJSON_CreateString("app.bsky.embed.external"));
		ext = adapter_json_add(embed, "external", adapter_json_object());
		adapter_json_add(ext, "uri", cJSON_CreateString(m->link));
		adapter_json_add(ext, "title", cJSON_CreateString(
		    m->post->title ? m->post->title : ""));
		adapter_json_add(ext, "description", cJSON_CreateString(
		    m->post->summary ? m->post->summary : ""));
		if (thumb != NULL) {
			t = adapter_json_add(ext, "thumb",
			    adapter_json_object());
			adapter_json_add(t, "$type", cJSON_CreateString("blob"));
			ref = adapter_json_add(t, "ref", adapter_json_object());
			adapter_json_add(ref, "$link",
			    cJSON_CreateString(thumb->cid));
			adapter_json_add(t, "mimeType",
			    cJSON_CreateString(thumb->mime));
			adapter_json_add(t, "size",
			    cJSON_CreateNumber((double)thumb->size));
		}
	}
	r->body = adapter_json(o);
}

/* POST {api}/xrpc/com.atproto.repo.uploadBlob with m's picture as the
 * body, appended to l. */
static int
upload_request(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *l, char **err)
{
	struct request *r;
	const char *mime = image_mime(m->image_type);

	r = request_list_add(l, "POST", xrpc_url(ctx,
	    "com.atproto.repo.uploadBlob"));
	bearer(ctx, r, "access_token");
	request_add_header(r, "Content-Type", mime != NULL ? mime :
	    "application/octet-stream", false);
	return upload_body(&adapter_bluesky, m, r, err);
}

/* Step 0: createRecord (with the kept picture when there is one), or,
 * for a picture to upload, uploadBlob (then, as preview shows, the
 * record). */
static int
bluesky_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct blob b;
	bool upload;

	if (ready(ctx, err) == -1)
		return -1;
	if (usable_blob(ctx, m, &b, &upload))
		create_request(ctx, m, &b, &l);
	else if (upload) {
		if (upload_request(ctx, m, &l, err) == -1) {
			request_list_free(&l);
			return -1;
		}
		memset(&b, 0, sizeof(b));
		snprintf(b.cid, sizeof(b.cid), "{blob.ref}");
		snprintf(b.mime, sizeof(b.mime), "%s",
		    image_mime(m->image_type) ? image_mime(m->image_type) :
		    "");
		b.size = (long long)l.v[0].body_len;
		create_request(ctx, m, &b, &l);
	} else
		create_request(ctx, m, NULL, &l);
	*out = l;
	return 0;
}

/* GET {api}/xrpc/com.atproto.repo.getRecord for rkey (read-only: the
 * record is public, no token needed). */
static void
get_record(const struct adapter_ctx *ctx, const char *rkey,
    struct request_list *out)
{
	char *q = percent_encode(repo(ctx)), *url, *u;

	u = xrpc_url(ctx, "com.atproto.repo.getRecord");
	url = xasprintf("%s?repo=%s&collection=app.bsky.feed.post&rkey=%s",
	    u, q, rkey);
	free(u);
	free(q);
	out->v = NULL;
	out->n = 0;
	request_list_add(out, "GET", url);
}

/* Kept progress: "RKEY NOW N": the record key, the job's build time and
 * how many of its creates were left open in the run that built at NOW. */
static int
opened(const struct adapter_ctx *ctx)
{
	char rkey[ATPROTO_TID_SIZE + 2];
	long long now;
	int n;

	if (ctx->progress == NULL || sscanf(ctx->progress, "%14s %lld %d",
	    rkey, &now, &n) != 3 || now != ctx->now)
		return 0;
	return n;
}

static char *
permalink(const struct adapter_ctx *ctx, const char *rkey)
{
	return xasprintf("https://bsky.app/profile/%s/post/%s",
	    adapter_setting(&adapter_bluesky, ctx->pc, BSKY_HANDLE), rkey);
}

/* Whether an error body names a token that ended or was refused. */
static bool
token_error(const char *e)
{
	return e != NULL && (strcmp(e, "ExpiredToken") == 0 ||
	    strcmp(e, "InvalidToken") == 0 ||
	    strcmp(e, "AuthenticationRequired") == 0);
}

static bool
bluesky_token_ended(const struct http_response *resp)
{
	cJSON *j;
	bool yes;

	if (resp->status != 400)
		return false;
	j = adapter_json_body(resp);
	yes = token_error(adapter_json_str(j, "error"));
	cJSON_Delete(j);
	return yes;
}

/* "MESSAGE (Error)" of an XRPC error body; allocated or NULL. */
static char *
xrpc_words(const cJSON *j)
{
	const char *e = adapter_json_str(j, "error");
	const char *msg = adapter_json_str(j, "message");

	if (e != NULL && msg != NULL)
		return xasprintf("%s (%s)", msg, e);
	return e != NULL ? xstrdup(e) : msg != NULL ? xstrdup(msg) : NULL;
}

/* The next step after an answer that leaves the record open: getRecord
 * on its key, the progress kept so that a later run asks too. */
static void
ask_record(const struct adapter_ctx *ctx, const struct message *m,
    const char *why, struct outcome *out)
{
	char rkey[ATPROTO_TID_SIZE], *w = xstrdup(why);
	int n = opened(ctx) + 1;
	struct blob b;

	bluesky_rkey(ctx, m, rkey);
	free(out->step);
	out->step = step_str(rkey, ctx->now, n, kept_blob(ctx->progress, &b) ?
	    &b : NULL);
	free(out->error);
	out->error = w;
	out->kind = OUTCOME_NEXT;
	out->retryable = false;
	out->next_step = 1;
	get_record(ctx, rkey, &out->next);
}

/* createRecord's answer (step 0). */
static void
parse_create(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, cJSON *j, struct outcome *out)
{
	char *words = xrpc_words(j);
	const char *uri, *slash;

	if (resp->status == 401 || (resp->status == 400 &&
	    token_error(adapter_json_str(j, "error")))) {
		/* nothing was created: the next run logs in again */
		memset(out, 0, sizeof(*out));
		adapter_failed(out, resp, true, xasprintf("bluesky refused "
		    "the session (%ld%s%s)", resp->status, words ? ": " : "",
		    words ? words : ""));
		free(words);
		return;
	}
	if (!outcome_classify(adapter_bluesky.name, resp, words, out)) {
		uri = adapter_json_str(j, "uri");
		slash = uri != NULL ? strrchr(uri, '/') : NULL;
		if (uri != NULL && strncmp(uri, "at://", 5) == 0 &&
		    slash != NULL && atproto_tid_ok(slash + 1))
			adapter_published(out, resp, uri, permalink(ctx,
			    slash + 1));
		else
			adapter_unreadable(&adapter_bluesky, resp, out);
	} else if (out->kind == OUTCOME_FAILED && out->retryable)
		adapter_come_back(out, adapter_header_number(resp,
		    "RateLimit-Reset"));
	else if (out->kind == OUTCOME_UNKNOWN)
		/* a 5xx (a second create of the key is one too), a timeout,
		 * a connection dropped: the key says whether it is there */
		ask_record(ctx, m, out->error, out);
	free(words);
}

/* getRecord's answer (step 1). */
static void
parse_get(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, cJSON *j, struct outcome *out)
{
	char rkey[ATPROTO_TID_SIZE], *words = xrpc_words(j), *err = NULL;
	const char *e = adapter_json_str(j, "error"), *text;
	struct request_list again = { NULL, 0 };
	cJSON *value;

	bluesky_rkey(ctx, m, rkey);
	if ((resp->status == 400 && e != NULL &&
	    strcmp(e, "RecordNotFound") == 0) || resp->status == 404) {
		/* not there: sent again under the same key */
		if (opened(ctx) >= BSKY_CREATES_MAX) {
			memset(out, 0, sizeof(*out));
			out->kind = OUTCOME_FAILED;
			out->retryable = true;
			out->later = true;
			out->http_status = (int)resp->status;
			out->error = xasprintf("bluesky left %d creates of "
			    "record %s unanswered and does not have it",
			    opened(ctx), rkey);
		} else if (bluesky_build(ctx, m, &again, &err) == 0) {
			memset(out, 0, sizeof(*out));
			out->kind = OUTCOME_NEXT;
			out->next_step = 0;
			out->next = again;
		} else {
			memset(out, 0, sizeof(*out));
			adapter_failed(out, resp, false, err);
			err = NULL;
		}
	} else if (!outcome_classify(adapter_bluesky.name, resp, words,
	    out)) {
		value = cJSON_GetObjectItemCaseSensitive(j, "value");
		text = adapter_json_str(value, "text");
		if (text == NULL || adapter_json_str(j, "uri") == NULL)
			adapter_unreadable(&adapter_bluesky, resp, out);
		else if (strcmp(text, m->text ? m->text : "") != 0) {
			memset(out, 0, sizeof(*out));
			adapter_failed(out, resp, false, xasprintf("bluesky "
			    "record %s holds another text: its key is "
			    "taken", rkey));
		} else {
			adapter_published(out, resp, adapter_json_str(j,
			    "uri"), permalink(ctx, rkey));
			out->duplicate = true;
		}
	}
	free(err);
	free(words);
}

/* uploadBlob's answer (step 0 while the picture is to be uploaded):
 * {"blob":{"$type":"blob","ref":{"$link":CID},"mimeType","size"}}, kept
 * with the time, and createRecord follows with it. */
static void
parse_upload(const struct adapter_ctx *ctx, const struct message *m,
    const struct http_response *resp, cJSON *j, struct outcome *out)
{
	const cJSON *blob = cJSON_GetObjectItemCaseSensitive(j, "blob");
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(blob, "ref");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(blob, "size");
	const char *cid = adapter_json_str(ref, "$link");
	const char *mime = adapter_json_str(blob, "mimeType");
	const char *type = adapter_json_str(blob, "$type");
	char rkey[ATPROTO_TID_SIZE], *words = xrpc_words(j);
	struct blob b;

	if (resp->status == 401 || (resp->status == 400 &&
	    token_error(adapter_json_str(j, "error")))) {
		adapter_failed(out, resp, true, xasprintf("bluesky refused "
		    "the session (%ld%s%s)", resp->status, words ? ": " : "",
		    words ? words : ""));
	} else if (outcome_classify(adapter_bluesky.name, resp, words, out)) {
		adapter_come_back(out, adapter_header_number(resp,
		    "RateLimit-Reset"));
		upload_unposted(out, "upload (uploadBlob)");
	} else if (type == NULL || strcmp(type, "blob") != 0 || cid == NULL ||
	    !cid_ok(cid) || mime == NULL || strlen(mime) >= sizeof(b.mime) ||
	    image_mime_type(mime) == IMAGE_NONE || strchr(mime, ' ') ||
	    !cJSON_IsNumber(size) || size->valuedouble < 1 ||
	    size->valuedouble > BSKY_BLOB_MAX) {
		adapter_failed(out, resp, true, xasprintf("bluesky answered "
		    "%ld to uploadBlob without a blob that can be read; nothing "
		    "was published", resp->status));
	} else {
		memset(&b, 0, sizeof(b));
		snprintf(b.cid, sizeof(b.cid), "%s", cid);
		snprintf(b.mime, sizeof(b.mime), "%s", mime);
		b.size = (long long)size->valuedouble;
		b.at = ctx->now;
		bluesky_rkey(ctx, m, rkey);
		out->kind = OUTCOME_NEXT;
		out->next_step = 0;
		out->step = step_str(rkey, ctx->now, opened(ctx), &b);
		create_request(ctx, m, &b, &out->next);
	}
	free(words);
}

static void
bluesky_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);

	struct blob b;
	bool upload;

	memset(out, 0, sizeof(*out));
	if (step != 0)
		parse_get(ctx, m, resp, j, out);
	else if (!usable_blob(ctx, m, &b, &upload) && upload)
		parse_upload(ctx, m, resp, j, out);
	else
		parse_create(ctx, m, resp, j, out);
	cJSON_Delete(j);
}

/* A pair left open with its key kept: getRecord first. */
static int
bluesky_resume(const struct adapter_ctx *ctx, const struct message *m,
    const char *step, struct request_list *out, int *first_step, char **err)
{
	char rkey[ATPROTO_TID_SIZE];

	(void)err;
	(void)step;
	bluesky_rkey(ctx, m, rkey);
	get_record(ctx, rkey, out);
	*first_step = 1;
	return 0;
}

static int login(const struct adapter_ctx *ctx, const char *handle,
    struct request_list *out, char **err);

/* Doctor: GET {api}/xrpc/com.atproto.server.getSession with the kept
 * session; without one, a login (createSession) that checks the handle
 * and app password (its session is not kept: the first publish run logs
 * in on its own). */
static int
bluesky_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	const char *handle;

	if ((handle = adapter_required(&adapter_bluesky, ctx->pc,
	    BSKY_HANDLE, err)) == NULL)
		return -1;
	if (ctx->cred != NULL && stored(ctx, "access_token") == NULL)
		return login(ctx, handle, out, err);
	r = request_list_add(&l, "GET", xrpc_url(ctx,
	    "com.atproto.server.getSession"));
	bearer(ctx, r, "access_token");
	*out = l;
	return 0;
}

/* 200 {"handle","did",...} (getSession's or createSession's); 400
 * ExpiredToken is a session whose access token ended (the next publish
 * run refreshes it). The session lasts as long as its refresh token. */
static void
bluesky_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const char *handle = adapter_json_str(j, "handle");
	const char *want = adapter_setting(&adapter_bluesky, ctx->pc,
	    BSKY_HANDLE);
	const struct token *k = ctx->tokens != NULL ? tokens_get(ctx->tokens,
	    adapter_bluesky.name, "refresh_token") : NULL;
	char *words = xrpc_words(j);

	(void)i;
	/* an ended session is no failure: the next run logs in again */
	if (k != NULL && k->expires_at > ctx->now) {
		t->expiry_known = true;
		t->expires_at = k->expires_at;
		t->expiry_field = "refresh_token";
	}
	if (bluesky_token_ended(resp))
		whoami_set(t, TOKEN_UNNAMED, xstrdup("the session's access "
		    "token has ended; the next publish run refreshes it"));
	else if (!whoami_classify(&adapter_bluesky, ctx->pc, resp, words,
	    NULL, t)) {
		if (handle != NULL) {
			whoami_ok(t, whoami_name("@", handle,
			    adapter_json_str(j, "did")));
			if (want != NULL && strcasecmp(handle, want) != 0) {
				free(t->warning);
				t->warning = xasprintf("the session is "
				    "@%s's, not platforms.bluesky.handle's: "
				    "it was made for another handle", handle);
			}
		} else
			whoami_unreadable(&adapter_bluesky, resp, t);
	}
	free(words);
	cJSON_Delete(j);
}

/* POST {api}/xrpc/com.atproto.server.createSession with the handle and
 * the app password. */
static int
login(const struct adapter_ctx *ctx, const char *handle,
    struct request_list *out, char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	const char *pw;
	cJSON *o;

	if (adapter_cred(ctx, &adapter_bluesky, "app_password", &pw,
	    err) == -1)
		return -1;
	r = request_list_add(&l, "POST", xrpc_url(ctx,
	    "com.atproto.server.createSession"));
	request_add_header(r, "Content-Type", "application/json", false);
	o = adapter_json_object();
	adapter_json_add(o, "identifier", cJSON_CreateString(handle));
	adapter_json_add(o, "password", cJSON_CreateString(pw));
	r->body = adapter_json(o);
	*out = l;
	return 0;
}

/* Renewal: refreshSession with the kept refresh JWT, or createSession
 * with the handle and app password when there is none (or it ended). */
static int
bluesky_refresh(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	const char *handle;

	if ((handle = adapter_required(&adapter_bluesky, ctx->pc,
	    BSKY_HANDLE, err)) == NULL)
		return -1;
	if (use_refresh(ctx)) {
		r = request_list_add(&l, "POST", xrpc_url(ctx,
		    "com.atproto.server.refreshSession"));
		bearer(ctx, r, "refresh_token");
		*out = l;
		return 0;
	}
	return login(ctx, handle, out, err);
}

/* Seconds from now until the JWT's exp, else fallback. */
static long long
jwt_left(const char *jwt, long long now, long long fallback)
{
	long long exp;

	return atproto_jwt_exp(jwt, &exp) && exp > now ? exp - now : fallback;
}

/* 200 {"accessJwt","refreshJwt","handle","did",...} from either. */
static void
bluesky_grant_parse(const struct adapter_ctx *ctx,
    const struct http_response *resp, struct token_grant *g)
{
	cJSON *j = adapter_json_body(resp);
	const char *at = adapter_json_str(j, "accessJwt");
	const char *rt = adapter_json_str(j, "refreshJwt");
	const char *did = adapter_json_str(j, "did");
	bool refreshing = use_refresh(ctx);
	char *words = xrpc_words(j), *w = adapter_words(words);

	memset(g, 0, sizeof(*g));
	if (resp->status >= 200 && resp->status < 300 && at != NULL &&
	    *at != '\0' && rt != NULL && *rt != '\0' && did != NULL &&
	    strncmp(did, "did:", 4) == 0) {
		g->state = GRANT_OK;
		g->access_token = xstrdup(at);
		g->refresh_token = xstrdup(rt);
		g->account = xstrdup(did);
		g->expires_in = jwt_left(at, ctx->now, BSKY_ACCESS_SECONDS);
		g->refresh_expires_in = jwt_left(rt, ctx->now,
		    BSKY_REFRESH_SECONDS);
	} else if (resp->status == 0) {
		g->state = GRANT_ERROR;
		g->error = xasprintf("bluesky did not answer (%s)",
		    resp->error_text ? resp->error_text : "no answer");
	} else if (refreshing && (resp->status == 400 ||
	    resp->status == 401)) {
		g->state = GRANT_STALE;
		g->error = xasprintf("bluesky refused the kept refresh token "
		    "(%ld%s%s)", resp->status, w ? ": " : "", w ? w : "");
	} else if (!refreshing && (resp->status == 400 ||
	    resp->status == 401)) {
		g->state = GRANT_REFUSED;
		g->error = xasprintf("bluesky refused the handle and app "
		    "password (%ld%s%s)", resp->status, w ? ": " : "",
		    w ? w : "");
	} else {
		g->state = GRANT_ERROR;
		g->error = xasprintf("bluesky answered %ld to %s%s%s",
		    resp->status, refreshing ? "refreshSession" :
		    "createSession", w ? ": " : "", w ? w : "");
	}
	free(w);
	free(words);
	cJSON_Delete(j);
}

const struct adapter adapter_bluesky = {
	.name = "bluesky",
	.label = "Bluesky",
	.card = CARD_LINK,
	.counter = COUNT_GRAPHEMES,
	.limit = 300,
	/* the post's link goes in the card under the text (its title and
	 * summary), so the text does not spend graphemes on it */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://bsky.social",
	.needs_image = false,
	.has_title = false,
	/* uploadBlob takes at most 1,000,000 bytes for a card's thumb */
	.image_max = BSKY_BLOB_MAX,
	.picture_needs_link = true,
	.settings = bluesky_settings,
	.cred_keys = bluesky_keys,
	.post_setting = NULL,
	.prepare = NULL,
	.finish = NULL,
	.check = bluesky_check,
	.build = bluesky_build,
	.parse = bluesky_parse,
	.resume = bluesky_resume,
	.whoami = bluesky_whoami,
	.whoami_parse = bluesky_whoami_parse,
	.refresh = bluesky_refresh,
	.grant_parse = bluesky_grant_parse,
	.renew_ahead = 600,
	.token_ended = bluesky_token_ended,
};
