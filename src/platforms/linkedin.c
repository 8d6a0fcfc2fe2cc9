/* linkedin: Posts API, POST /rest/posts with an article when there is a
 * link. */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "http.h"
#include "platforms/adapter.h"
#include "platforms/whoami.h"
#include "xalloc.h"

#define LINKEDIN_VERSION "202610"	/* when platforms.linkedin.version
					   is not set */
#define LINKEDIN_MAX_MONTHS 10	/* doctor warns about an older version */

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

/* POST {api}/rest/posts (docs/platforms.md, LinkedIn). */
static int
linkedin_build(const struct adapter_ctx *ctx, const struct message *m,
    struct request_list *out, char **err)
{
	const struct platform_conf *pc = ctx->pc;
	const char *version, *title;
	struct request_list l = { NULL, 0 };
	struct request *r;
	cJSON *o, *d, *c, *art;
	char *base;

	if (!linkedin_author(pc, err))
		return -1;
	version = adapter_setting(&adapter_linkedin, pc, LI_VERSION);
	base = adapter_base(&adapter_linkedin, pc);
	r = request_list_add(&l, "POST", xasprintf("%s/rest/posts", base));
	free(base);
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	request_add_header(r, "LinkedIn-Version", version, false);
	request_add_header(r, "X-Restli-Protocol-Version", "2.0.0", false);
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
		 * given here. A thumbnail needs an image upload first. */
		c = adapter_json_add(o, "content", adapter_json_object());
		art = adapter_json_add(c, "article", adapter_json_object());
		adapter_json_add(art, "source", cJSON_CreateString(m->link));
		if ((title = adapter_title(m)) != NULL)
			adapter_json_add(art, "title",
			    cJSON_CreateString(title));
	}
	adapter_json_add(o, "lifecycleState", cJSON_CreateString("PUBLISHED"));
	adapter_json_add(o, "isReshareDisabledByAuthor", cJSON_CreateFalse());
	r->body = adapter_json(o);
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

/* 201 with the post's URN in the x-restli-id header; a 422 DUPLICATE_POST
 * means the post is already there. Its limits are daily and reset at
 * midnight UTC: a 429 without Retry-After comes back then. */
static void
linkedin_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
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
	} else if (outcome_classify(adapter_linkedin.name, resp,
	    adapter_json_str(j, "message"), out)) {
		if (resp->status == 429 && resp->retry_after < 0)
			adapter_come_back(out,
			    adapter_next_midnight_utc(ctx->clock));
	} else {
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
	.settings = linkedin_settings,
	.cred_keys = linkedin_keys,
	.finish = linkedin_finish,
	.check = NULL,
	.build = linkedin_build,
	.parse = linkedin_parse,
	.resume = NULL,
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
