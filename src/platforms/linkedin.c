/* linkedin: Posts API, POST /rest/posts with an article when there is a
 * link. */
#include <stdlib.h>
#include <string.h>

#include "platforms/adapter.h"
#include "xalloc.h"

#define LINKEDIN_VERSION "202511"	/* when platforms.linkedin.version
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

/* POST {api}/rest/posts (platform-apis.md section 1). */
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

	if (pc == NULL || pc->author == NULL || *pc->author == '\0') {
		*err = xstrdup("no author for linkedin: set "
		    "platforms.linkedin.author to \"urn:li:person:ID\" or "
		    "\"urn:li:organization:ID\"");
		return -1;
	}
	if (!author_ok(pc->author)) {
		*err = xasprintf("platforms.linkedin.author \"%s\" is not "
		    "\"urn:li:person:ID\" or \"urn:li:organization:ID\"",
		    pc->author);
		return -1;
	}
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
};
