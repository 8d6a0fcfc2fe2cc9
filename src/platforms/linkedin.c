/* linkedin: Posts API, POST /rest/posts with an article when there is a
 * link. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "platforms/whoami.h"
#include "xalloc.h"

#define LINKEDIN_VERSION "202610"	/* when platforms.linkedin.version
					   is not set */

/* Little text format escaping; a #tag stays a hashtag. */
static char *
linkedin_finish(const char *text)
{
	return text_linkedin_escape(text, true);
}

/* True when s is 1 or more printable ASCII characters (a header value
 * from the config must not smuggle in a line break). */
static bool
header_safe(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

/* The author must be a member's or an organization's URN. */
static bool
author_ok(const char *a)
{
	static const char *const prefix[] = { "urn:li:person:",
	    "urn:li:organization:" };
	size_t i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(prefix[i]);
		if (strncmp(a, prefix[i], n) == 0 && a[n] != '\0')
			return true;
	}
	return false;
}

/* True when pc has a usable author; else false with *err. */
static bool
linkedin_author(const struct platform_conf *pc, char **err)
{
	if (pc == NULL || pc->author == NULL || *pc->author == '\0') {
		*err = xstrdup("no author for linkedin: set "
		    "platforms.linkedin.author to \"urn:li:person:ID\" or "
		    "\"urn:li:organization:ID\"");
		return false;
	}
	if (!author_ok(pc->author)) {
		*err = xasprintf("platforms.linkedin.author \"%s\" is not "
		    "\"urn:li:person:ID\" or \"urn:li:organization:ID\"",
		    pc->author);
		return false;
	}
	return true;
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
	version = pc->version != NULL ? pc->version : LINKEDIN_VERSION;
	if (!header_safe(version)) {
		*err = xstrdup("platforms.linkedin.version must be a version "
		    "such as \"" LINKEDIN_VERSION "\"");
		return -1;
	}
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
	adapter_json_add(o, "author", cJSON_CreateString(pc->author));
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
 * means the post is already there. */
static void
linkedin_parse(const struct adapter_ctx *ctx, const struct message *m,
    int step, const struct http_response *resp, struct outcome *out)
{
	cJSON *j = adapter_json_body(resp);
	const char *urn;
	char *dup;

	if (resp->error == HTTP_OK && resp->status == 422 &&
	    linkedin_duplicate(j, &dup)) {
		adapter_published(out, resp, NULL,
		    dup != NULL ? linkedin_permalink(dup) : NULL);
		out->remote_id = dup;
		out->duplicate = true;
	} else if (!outcome_classify(adapter_linkedin.name, resp,
	    adapter_json_str(j, "message"), out)) {
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

const char *
adapter_linkedin_version(const struct platform_conf *pc)
{
	return pc != NULL && pc->version != NULL ? pc->version :
	    LINKEDIN_VERSION;
}

/* Doctor: GET {api}/v2/userinfo (OpenID Connect; not versioned), once
 * the author is usable. */
static int
linkedin_whoami(const struct adapter_ctx *ctx, struct request_list *out,
    char **err)
{
	struct request_list l = { NULL, 0 };
	struct request *r;
	char *base;

	if (!linkedin_author(ctx->pc, err))
		return -1;
	base = adapter_base(&adapter_linkedin, ctx->pc);
	r = request_list_add(&l, "GET", xasprintf("%s/v2/userinfo", base));
	free(base);
	if (adapter_bearer(ctx, &adapter_linkedin, r, err) == -1) {
		request_list_free(&l);
		return -1;
	}
	*out = l;
	return 0;
}

/* 200 {"sub","name",...}: the member whose token it is, as the person URN
 * a member author must be; another member's URN as author is a warning.
 * A 403 is a token without the openid scope. */
static void
linkedin_whoami_parse(const struct adapter_ctx *ctx, size_t i,
    const struct http_response *resp, struct token_check *t)
{
	cJSON *j = adapter_json_body(resp);
	const char *sub = adapter_json_str(j, "sub");
	const char *author = ctx->pc != NULL ? ctx->pc->author : NULL;
	char *urn;

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
	.id = PF_LINKEDIN,
	.name = "linkedin",
	.counter = COUNT_CODEPOINTS,
	.limit = 3000,
	/* the link goes in the article card */
	.default_template = "{date}: {title}\n\n{summary}\n\n{tags}",
	.default_api = "https://api.linkedin.com",
	.needs_image = false,
	.finish = linkedin_finish,
	.check = NULL,
	.build = linkedin_build,
	.parse = linkedin_parse,
	.resume = NULL,
	.whoami = linkedin_whoami,
	.whoami_parse = linkedin_whoami_parse,
};
