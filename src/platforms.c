/* platforms: the adapter table and the helpers adapters share. */
#include "platforms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "platforms/adapter.h"
#include "xalloc.h"

static const struct adapter *const adapters[PF_COUNT] = {
	[PF_TWITTER] = &adapter_twitter,
	[PF_LINKEDIN] = &adapter_linkedin,
	[PF_FACEBOOK] = &adapter_facebook,
	[PF_INSTAGRAM] = &adapter_instagram,
	[PF_PINTEREST] = &adapter_pinterest,
	[PF_FEED] = &adapter_feed,
};

const struct adapter *
adapter_get(enum platform_id id)
{
	if ((unsigned)id >= PF_COUNT)
		return NULL;
	return adapters[id];
}

void
request_list_free(struct request_list *l)
{
	struct request *r;
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		free(r->method);
		free(r->url);
		for (j = 0; j < r->nheaders; j++) {
			free(r->headers[j].name);
			free(r->headers[j].value);
		}
		free(r->headers);
		free(r->body);
		free(r->note);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Appends a request with method and url (which it takes over) and no
 * headers, body or note; the pointer is valid until the next add. */
struct request *
request_list_add(struct request_list *l, const char *method, char *url)
{
	struct request *r;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	r->method = xstrdup(method);
	r->url = url;
	return r;
}

/* Appends a copy of name: value to r's headers. */
void
request_add_header(struct request *r, const char *name, const char *value,
    bool secret)
{
	struct header *h;

	r->headers = xreallocarray(r->headers, r->nheaders + 1,
	    sizeof(*r->headers));
	h = &r->headers[r->nheaders++];
	h->name = xstrdup(name);
	h->value = xstrdup(value);
	h->secret = secret;
}

char *
adapter_base(const struct adapter *a, const struct platform_conf *pc)
{
	const char *api = pc != NULL && pc->api != NULL ? pc->api :
	    a->default_api;
	size_t len;

	if (api == NULL)
		return NULL;
	len = strlen(api);
	while (len > 0 && api[len - 1] == '/')
		len--;
	return xstrndup(api, len);
}

char *
percent_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 0xf]);
		}
	}
	return buf_detach(&b);
}

/* Called when cJSON could not allocate: the same end as xmalloc's. */
static void
json_oom(void)
{
	fputs("almanac: out of memory\n", stderr);
	exit(EX_OSERR);
}

int
adapter_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key, const char **value, char **err)
{
	const struct credentials *cr = ctx->cred;
	const char *v = NULL;

	if (cr == NULL) {
		*value = REDACTED;
		return 0;
	}
	if (strcmp(key, "consumer_key") == 0)
		v = cr->p[a->id].consumer_key;
	else if (strcmp(key, "consumer_secret") == 0)
		v = cr->p[a->id].consumer_secret;
	else if (strcmp(key, "access_token") == 0)
		v = cr->p[a->id].access_token;
	else if (strcmp(key, "access_token_secret") == 0)
		v = cr->p[a->id].access_token_secret;
	if (v == NULL || *v == '\0') {
		if (cr->source != NULL)
			*err = xasprintf("no %s.%s in the credentials (%s)",
			    a->name, key, cr->source);
		else
			*err = xasprintf("no %s.%s in the credentials",
			    a->name, key);
		return -1;
	}
	*value = v;
	return 0;
}

int
adapter_bearer(const struct adapter_ctx *ctx, const struct adapter *a,
    struct request *r, char **err)
{
	const char *token;
	char *v;

	if (adapter_cred(ctx, a, "access_token", &token, err) == -1)
		return -1;
	if (ctx->cred == NULL) {
		request_add_header(r, "Authorization", REDACTED, true);
		return 0;
	}
	v = xasprintf("Bearer %s", token);
	request_add_header(r, "Authorization", v, true);
	free(v);
	return 0;
}

cJSON *
adapter_json_object(void)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		json_oom();
	return o;
}

cJSON *
adapter_json_add(cJSON *o, const char *key, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToObject(o, key, item))
		json_oom();
	return item;
}

char *
adapter_json(cJSON *root)
{
	char *p, *s;

	if ((p = cJSON_PrintUnformatted(root)) == NULL)
		json_oom();
	s = xstrdup(p);
	cJSON_free(p);
	cJSON_Delete(root);
	return s;
}

void
adapter_form_add(struct buf *b, const char *key, const char *value)
{
	char *k = percent_encode(key), *v = percent_encode(value);

	buf_addf(b, "%s%s=%s", b->len > 0 ? "&" : "", k, v);
	free(k);
	free(v);
}

const char *
adapter_title(const struct message *m)
{
	if (m->title != NULL)
		return m->title;
	return m->post != NULL ? m->post->title : NULL;
}

/* True for a Graph API version: "v" digits "." digits. */
static bool
graph_version_ok(const char *v)
{
	size_t n;

	if (*v++ != 'v' || (n = strspn(v, "0123456789")) == 0)
		return false;
	v += n;
	if (*v++ != '.' || (n = strspn(v, "0123456789")) == 0)
		return false;
	return v[n] == '\0';
}

int
adapter_graph_url(const struct adapter *a, const struct platform_conf *pc,
    const char *node, const char *edge, char **url, char **err)
{
	const char *gv = pc->graph_version != NULL ? pc->graph_version :
	    GRAPH_VERSION;
	char *base, *n;

	if (!graph_version_ok(gv)) {
		*err = xasprintf("platforms.%s.graph_version \"%s\" is not a "
		    "version such as \"%s\"", a->name, gv, GRAPH_VERSION);
		return -1;
	}
	base = adapter_base(a, pc);
	n = percent_encode(node);
	*url = xasprintf("%s/%s/%s/%s", base, gv, n, edge);
	free(base);
	free(n);
	return 0;
}
