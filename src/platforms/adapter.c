/* platforms/adapter.c: the adapter table (platforms.h) and the helpers
 * the adapters share (adapter.h). */
#include "platforms/adapter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <openssl/evp.h>
#include <openssl/evp.h>
#include <utf8proc.h>

#include "auth.h"
#include "buf.h"
#include "http.h"
#include "tokens.h"
#include "xalloc.h"

static const struct adapter *const adapters[] = {
#define PLATFORM(ID, name) [PF_##ID] = &adapter_##name,
#include "platforms/list.h"
};

_Static_assert(PF_COUNT <= PLATFORMS_MAX, "PLATFORMS_MAX is too small");

const char *const platform_all_names[] = {
#define PLATFORM(ID, name) #name,
#include "platforms/list.h"
	NULL
};

size_t
platform_count(void)
{
	return PF_COUNT;
}

const struct adapter *
adapter_get(size_t i)
{
	return i < PF_COUNT ? adapters[i] : NULL;
}

const char *
platform_name(size_t i)
{
	return i < PF_COUNT ? adapters[i]->name : NULL;
}

int
platform_lookup(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < PF_COUNT; i++)
		if (strcmp(name, adapters[i]->name) == 0)
			return i;
	return -1;
}

const char *const *
platform_cred_keys(const char *name)
{
	int pf = platform_lookup(name);

	return pf >= 0 ? adapters[pf]->cred_keys : NULL;
}

void
notes_add(struct notes *n, enum note_level level, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	n->v = xreallocarray(n->v, n->n + 1, sizeof(*n->v));
	n->v[n->n].level = level;
	n->v[n->n++].text = buf_detach(&b);
}

void
notes_free(struct notes *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i].text);
	free(n->v);
	n->v = NULL;
	n->n = 0;
}

const char *
adapter_setting(const struct adapter *a, const struct platform_conf *pc,
    size_t k)
{
	if (pc != NULL && pc->set[k] != NULL)
		return pc->set[k];
	return a->settings[k].fallback;
}

const char *
adapter_required(const struct adapter *a, const struct platform_conf *pc,
    size_t k, char **err)
{
	const char *v = adapter_setting(a, pc, k);

	if (v == NULL || *v == '\0') {
		*err = xasprintf("no %s for %s: set platforms.%s.%s",
		    a->settings[k].name, a->name, a->name, a->settings[k].name);
		return NULL;
	}
	return adapter_valid(a, pc, err) == 0 ? v : NULL;
}

int
adapter_valid(const struct adapter *a, const struct platform_conf *pc,
    char **err)
{
	const struct platform_setting *st = a->settings;
	const char *v;
	size_t k;

	for (k = 0; st != NULL && st[k].name != NULL; k++) {
		if (st[k].valid == NULL || (v = adapter_setting(a, pc, k)) ==
		    NULL || st[k].valid(v))
			continue;
		if (strspn(v, " !\"#$%&'()*+,-./0123456789:;<=>?@"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
		    "abcdefghijklmnopqrstuvwxyz{|}~") == strlen(v))
			*err = xasprintf("platforms.%s.%s \"%s\" is not %s",
			    a->name, st[k].name, v, st[k].what);
		else
			*err = xasprintf("platforms.%s.%s is not %s", a->name,
			    st[k].name, st[k].what);
		return -1;
	}
	return 0;
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

/* Called when cJSON could not allocate: the same end as xmalloc's. */
static void
json_oom(void)
{
	fputs("almanac: out of memory\n", stderr);
	exit(EX_OSERR);
}

int
adapter_cred_key(const struct adapter *a, const char *key)
{
	int k;

	for (k = 0; a->cred_keys != NULL && a->cred_keys[k] != NULL; k++)
		if (strcmp(a->cred_keys[k], key) == 0)
			return k;
	return -1;
}

const char *
adapter_cred_file(const struct credentials *cr, const struct adapter *a,
    const char *key)
{
	size_t i;
	int k;

	if (cr == NULL || (k = adapter_cred_key(a, key)) < 0)
		return NULL;
	for (i = 0; i < PF_COUNT && adapters[i] != a; i++)
		;
	if (i == PF_COUNT)
		return NULL;
	return cr->v[i][k] != NULL && *cr->v[i][k] != '\0' ? cr->v[i][k] :
	    NULL;
}

void
adapter_seed(const char *token, char out[ADAPTER_SEED_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_Digest(token, strlen(token), md, &n, EVP_sha256(), NULL) != 1
	    || n != 32)
		json_oom();	/* only an allocation fails here */
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

const char *
adapter_renew_from(const struct adapter *a)
{
	return a->renew_from != NULL ? a->renew_from : "refresh_token";
}

const char *
adapter_renew_words(const struct adapter *a)
{
	return strcmp(adapter_renew_from(a), "access_token") == 0 ?
	    "access token" : "refresh token";
}

bool
adapter_store_current(const struct credentials *cr, const struct tokens *t,
    const struct adapter *a)
{
	const char *given = adapter_cred_file(cr, a, adapter_renew_from(a));
	const struct token *seed;
	char hex[ADAPTER_SEED_SIZE];

	if (given == NULL)
		return true;
	if ((seed = tokens_get(t, a->name, TOKENS_SEED)) == NULL)
		return false;
	adapter_seed(given, hex);
	return strcmp(seed->value, hex) == 0;
}

int
adapter_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key, const char **value, char **err)
{
	const struct credentials *cr = ctx->cred;
	const struct token *stored;
	const char *v;

	if (cr == NULL) {
		*value = REDACTED;
		return 0;
	}
	stored = tokens_get(ctx->tokens, a->name, key);
	if (stored != NULL && *stored->value != '\0' &&
	    adapter_store_current(cr, ctx->tokens, a)) {
		*value = stored->value;
		return 0;
	}
	v = adapter_cred_file(cr, a, key);
	if (v == NULL) {
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

bool
adapter_has_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key)
{
	const char *v;
	char *err = NULL;

	if (ctx->cred == NULL || adapter_cred(ctx, a, key, &v, &err) == -1) {
		free(err);
		return false;
	}
	return true;
}

bool
adapter_renewable(const struct adapter_ctx *ctx, const struct adapter *a)
{
	return adapter_has_cred(ctx, a, "client_id") &&
	    adapter_has_cred(ctx, a, "client_secret") &&
	    adapter_has_cred(ctx, a, "refresh_token");
}

int
adapter_basic(const struct adapter_ctx *ctx, const struct adapter *a,
    struct request *r, char **err)
{
	const char *id, *secret;
	char *pair, *v;
	size_t len;

	if (adapter_cred(ctx, a, "client_id", &id, err) == -1 ||
	    adapter_cred(ctx, a, "client_secret", &secret, err) == -1)
		return -1;
	pair = xasprintf("%s:%s", id, secret);
	len = strlen(pair);
	v = xmalloc(6 + 4 * ((len + 2) / 3) + 1);
	memcpy(v, "Basic ", 6);
	EVP_EncodeBlock((unsigned char *)v + 6, (const unsigned char *)pair,
	    (int)len);
	explicit_bzero(pair, len);
	free(pair);
	request_add_header(r, "Authorization", v, true);
	explicit_bzero(v, strlen(v));
	free(v);
	return 0;
}

void
token_grant_free(struct token_grant *g)
{
	if (g->access_token != NULL)
		explicit_bzero(g->access_token, strlen(g->access_token));
	if (g->refresh_token != NULL)
		explicit_bzero(g->refresh_token, strlen(g->refresh_token));
	free(g->access_token);
	free(g->refresh_token);
	free(g->account);
	free(g->error);
	memset(g, 0, sizeof(*g));
}

void
adapter_grant(const struct adapter *a, const struct http_response *r,
    const char *words, struct token_grant *g)
{
	adapter_grant_read(NULL, a, r, words, g);
}

void
adapter_grant_read(const struct adapter_ctx *ctx, const struct adapter *a,
    const struct http_response *r, const char *words, struct token_grant *g)
{
	cJSON *j = adapter_json_body(r);
	const char *at = adapter_json_str(j, "access_token");
	const char *rt = adapter_json_str(j, "refresh_token");
	char *w = adapter_words(words != NULL ? words :
	    adapter_json_str(j, "error_description") != NULL ?
	    adapter_json_str(j, "error_description") :
	    adapter_json_str(j, "error"));
	long n;

	memset(g, 0, sizeof(*g));
	if (r->status == 0) {
		g->state = GRANT_ERROR;
		g->error = xasprintf("%s's token endpoint did not answer (%s)",
		    a->name, r->error_text ? r->error_text : "no answer");
	} else if (r->status >= 200 && r->status < 300 && at != NULL &&
	    *at != '\0') {
		g->state = GRANT_OK;
		g->access_token = xstrdup(at);
		g->refresh_token = rt != NULL && *rt != '\0' ? xstrdup(rt) :
		    NULL;
		if (adapter_json_int(j, "expires_in", &n) && n > 0)
			g->expires_in = n;
		if (adapter_json_int(j, "refresh_token_expires_in", &n) &&
		    n > 0)
			g->refresh_expires_in = n;
	} else if (r->status == 400 || r->status == 401 ||
	    r->status == 403) {
		g->state = GRANT_REFUSED;
		g->error = xasprintf("%s refused the %s (%ld%s%s)", a->name,
		    ctx != NULL && ctx->auth_code ? "authorization code" :
		    adapter_renew_words(a), r->status, w ? ": " : "",
		    w ? w : "");
	} else {
		g->state = GRANT_ERROR;
		g->error = xasprintf("%s's token endpoint answered %ld%s%s",
		    a->name, r->status, w ? ": " : "", w ? w :
		    r->status < 300 ? " without an access token" : "");
	}
	free(w);
	cJSON_Delete(j);
}

int
adapter_authorize(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *endpoint, const struct auth_params *p, char **url,
    char **err)
{
	const char *id;

	if (adapter_cred(ctx, a, "client_id", &id, err) == -1)
		return -1;
	*url = auth_url(endpoint, id, a->auth_scope, p);
	return 0;
}

void
adapter_code_form(struct buf *b, const struct auth_params *p,
    const char *code)
{
	adapter_form_add(b, "grant_type", "authorization_code");
	adapter_form_add(b, "code", code);
	adapter_form_add(b, "redirect_uri", p->redirect_uri);
	if (p->code_verifier != NULL)
		adapter_form_add(b, "code_verifier", p->code_verifier);
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

bool
adapter_graph_version_ok(const char *v)
{
	size_t n;

	if (*v++ != 'v')
		return false;
	if ((n = strspn(v, "0123456789")) == 0 || n > 3 || v[n] != '.')
		return false;
	v += n + 1;
	return (n = strspn(v, "0123456789")) > 0 && n <= 3 && v[n] == '\0';
}

char *
adapter_graph_url(const struct adapter *a, const struct platform_conf *pc,
    const char *node, const char *edge)
{
	const char *gv = adapter_setting(a, pc, GRAPH_SET_VERSION);
	char *base = adapter_base(a, pc), *n = percent_encode(node), *url;

	if (edge != NULL)
		url = xasprintf("%s/%s/%s/%s", base, gv, n, edge);
	else
		url = xasprintf("%s/%s/%s", base, gv, n);
	free(base);
	free(n);
	return url;
}

void
outcome_free(struct outcome *o)
{
	free(o->remote_id);
	free(o->permalink);
	free(o->error);
	free(o->step);
	request_list_free(&o->next);
	memset(o, 0, sizeof(*o));
}

char *
adapter_words(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	struct buf b = BUF_INIT;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	bool space = false;

	if (s == NULL)
		return NULL;
	while (*p != '\0') {
		if ((n = utf8proc_iterate(p, -1, &cp)) < 1) {
			cp = -1;	/* invalid: one byte becomes "?" */
			n = 1;
		}
		if (cp == ' ' || (cp >= 0 && cp < 0x20) || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0)) {
			space = b.len > 0;
			p += n;
			continue;
		}
		if (b.len + (space ? 1 : 0) + (size_t)n > ADAPTER_WORDS_MAX) {
			buf_adds(&b, "...");
			break;
		}
		if (space)
			buf_addc(&b, ' ');
		space = false;
		if (cp == -1)
			buf_addc(&b, '?');
		else
			buf_add(&b, (const char *)p, (size_t)n);
		p += n;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Sets out's kind and error: fmt, then ": words" when there are any. */
static void __attribute__((format(printf, 4, 5)))
classified(struct outcome *out, enum outcome_kind kind, bool retryable,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out->kind = kind;
	out->retryable = retryable;
	out->error = xvasprintf(fmt, ap);
	va_end(ap);
}

/* The outcome of a transfer that ended without a valid HTTP answer. */
static void
classify_transport(const char *pf, const struct http_response *r,
    struct outcome *out)
{
	const char *t = r->error_text != NULL && *r->error_text != '\0' ?
	    r->error_text : NULL;

	if (r->error == HTTP_E_TOO_BIG) {
		if (t != NULL)
			classified(out, OUTCOME_UNKNOWN, false, "%s's answer was "
			    "cut off: %s; the post may exist", pf, t);
		else
			classified(out, OUTCOME_UNKNOWN, false, "the answer of "
			    "%s was larger than %d bytes: the post may exist",
			    pf, HTTP_MAX_BODY);
		return;
	}
	if (r->error == HTTP_E_REFUSED_URL) {
		classified(out, OUTCOME_FAILED, false, "the URL for %s was "
		    "refused: %s", pf, t ? t : "not allowed");
		return;
	}
	if (r->error == HTTP_E_BAD_REQUEST) {
		classified(out, OUTCOME_FAILED, false, "the request to %s "
		    "could not be sent: %s", pf, t ? t : "it is malformed");
		return;
	}
	if (r->error == HTTP_E_STOPPED) {
		classified(out, OUTCOME_FAILED, true, "not sent to %s: the run "
		    "was stopped", pf);
		return;
	}
	if (r->sent) {
		/* The request went out: it may have been acted on. */
		classified(out, OUTCOME_UNKNOWN, false, "no answer from %s "
		    "after sending (%s): the post may exist", pf,
		    r->error == HTTP_E_TIMEOUT ? "timed out" :
		    r->error == HTTP_E_DROPPED || t == NULL ?
		    "connection dropped" : t);
		return;
	}
	switch (r->error) {
	case HTTP_E_TLS:
		classified(out, OUTCOME_FAILED, true, "the TLS certificate of "
		    "%s's server was not accepted: %s", pf,
		    t ? t : "no reason given");
		break;
	case HTTP_E_TIMEOUT:
		classified(out, OUTCOME_FAILED, true, "could not connect to %s "
		    "(timed out)%s%s", pf, t ? ": " : "", t ? t : "");
		break;
	case HTTP_E_CONNECT:
		classified(out, OUTCOME_FAILED, true, "could not connect to "
		    "%s%s%s", pf, t ? ": " : "", t ? t : "");
		break;
	default:
		classified(out, OUTCOME_FAILED, true, "could not send to "
		    "%s%s%s", pf, t ? ": " : "", t ? t : "");
		break;
	}
}

bool
outcome_classify(const char *platform, const struct http_response *r,
    const char *platform_error, struct outcome *out)
{
	const char *pf = platform;
	long st = r->status;
	char *w, wait[32];

	memset(out, 0, sizeof(*out));
	out->http_status = st > 0 && st <= 999 ? (int)st : 0;
	if (r->error != HTTP_OK) {
		classify_transport(pf, r, out);
		return true;
	}
	if (st >= 200 && st <= 299)
		return false;
	w = adapter_words(platform_error);
#define WORDS(sep) (w ? (sep) : ""), (w ? w : "")
	switch (st) {
	case 429:
		classified(out, OUTCOME_FAILED, true, "%s is rate limiting "
		    "(429)%s%s", pf, WORDS(": "));
		break;
	case 503:
		if (r->retry_after >= 0) {
			date_duration(r->retry_after, wait, sizeof(wait));
			classified(out, OUTCOME_FAILED, true, "%s is "
			    "unavailable (503) and asks to wait %s%s%s",
			    pf, wait, WORDS(": "));
		} else
			classified(out, OUTCOME_UNKNOWN, false, "%s answered "
			    "503%s%s", pf, WORDS(": "));
		break;
	case 401:
		classified(out, OUTCOME_FAILED, false, "the %s token was "
		    "refused: renew it%s%s%s", pf, WORDS(" ("),
		    w ? ")" : "");
		break;
	default:
		/* Every other 4xx says the request was refused, but 408
		 * and 425, which a front end may send after passing the
		 * request on: those read as a 5xx does. */
		if (st >= 400 && st <= 499 && st != 408 && st != 425)
			classified(out, OUTCOME_FAILED, false, "%s refused the "
			    "request (%ld)%s%s", pf, st, WORDS(": "));
		else if (st <= 0)
			classified(out, OUTCOME_UNKNOWN, false, "no valid "
			    "answer from %s after sending: the post may exist",
			    pf);
		else
			classified(out, OUTCOME_UNKNOWN, false, "%s answered "
			    "%ld%s%s", pf, st, WORDS(": "));
		break;
	}
#undef WORDS
	free(w);
	return true;
}

cJSON *
adapter_json_body(const struct http_response *r)
{
	const char *end = NULL;
	cJSON *j;

	if (r->error != HTTP_OK || r->body == NULL ||
	    strlen(r->body) != r->len)
		return NULL;
	if ((j = cJSON_ParseWithOpts(r->body, &end, 0)) == NULL)
		return NULL;
	end += strspn(end, " \t\r\n");
	if (*end != '\0' || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

const char *
adapter_json_str(const cJSON *o, const char *key)
{
	const cJSON *v;

	if (o == NULL)
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool
adapter_json_int(const cJSON *o, const char *key, long *out)
{
	const cJSON *v;
	double d;

	if (o == NULL)
		return false;
	v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != (double)(long)d)
		return false;
	*out = (long)d;
	return true;
}

bool
adapter_id_ok(const char *id)
{
	size_t n;

	if (id == NULL || (n = strlen(id)) == 0 || n > ADAPTER_ID_MAX)
		return false;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-.") == n;
}

void
adapter_published(struct outcome *out, const struct http_response *r,
    const char *id, char *permalink)
{
	memset(out, 0, sizeof(*out));
	out->kind = OUTCOME_PUBLISHED;
	out->http_status = r->status > 0 && r->status <= 999 ?
	    (int)r->status : 0;
	out->remote_id = id != NULL ? xstrdup(id) : NULL;
	out->permalink = permalink;
}

void
adapter_unreadable(const struct adapter *a, const struct http_response *r,
    struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = OUTCOME_UNKNOWN;
	out->http_status = r->status > 0 && r->status <= 999 ?
	    (int)r->status : 0;
	out->error = xasprintf("%s answered %ld but the body could not be "
	    "read", a->name, r->status);
}

char *
adapter_graph_error(const cJSON *body, long *code, long *subcode)
{
	const cJSON *e;
	const char *msg;
	bool c, s;

	*code = *subcode = 0;
	if (body == NULL)
		return NULL;
	e = cJSON_GetObjectItemCaseSensitive(body, "error");
	if (!cJSON_IsObject(e))
		return NULL;
	msg = adapter_json_str(e, "message");
	c = adapter_json_int(e, "code", code);
	s = adapter_json_int(e, "error_subcode", subcode);
	if ((msg == NULL || *msg == '\0') && !c)
		return NULL;
	if (msg == NULL || *msg == '\0')
		msg = "no message";
	if (c && s)
		return xasprintf("%s (code %ld, subcode %ld)", msg, *code,
		    *subcode);
	if (c)
		return xasprintf("%s (code %ld)", msg, *code);
	return xstrdup(msg);
}

void
adapter_failed(struct outcome *out, const struct http_response *r,
    bool retryable, char *error)
{
	memset(out, 0, sizeof(*out));
	out->kind = OUTCOME_FAILED;
	out->retryable = retryable;
	out->http_status = r->status > 0 && r->status <= 999 ?
	    (int)r->status : 0;
	out->error = error;
}

bool
adapter_graph_refused(const struct adapter_ctx *ctx, const struct adapter *a,
    const struct http_response *r, const char *words, long code,
    struct outcome *out)
{
	const char *src = ctx->cred != NULL ? ctx->cred->source : NULL;
	char *w;

	if (r->error != HTTP_OK || r->status < 400 || r->status > 499 ||
	    words == NULL || code != 190)
		return false;
	memset(out, 0, sizeof(*out));
	out->http_status = (int)r->status;
	w = adapter_words(words);
	classified(out, OUTCOME_FAILED, false, "the %s token was refused: "
	    "renew it: put a new %s.access_token in the credentials file%s%s%s"
	    " (%s)", a->name, a->name, src ? " (" : "", src ? src : "",
	    src ? ")" : "", w ? w : "code 190");
	free(w);
	return true;
}

long long
adapter_header_number(const struct http_response *r, const char *name)
{
	const char *v = http_header(r, name);
	long long n = 0;
	size_t i, len;

	if (v == NULL || (len = strlen(v)) == 0 || len > 15 ||
	    strspn(v, "0123456789") != len)
		return -1;
	for (i = 0; i < len; i++)
		n = n * 10 + (v[i] - '0');
	return n;
}

long long
adapter_next_midnight_utc(long long now)
{
	long long day = now / 86400;

	if (now < 0 && now % 86400 != 0)
		day--;
	return (day + 1) * 86400;
}

void
adapter_come_back(struct outcome *out, long long at)
{
	if (out->kind == OUTCOME_FAILED && out->retryable && at > 0)
		out->not_before = at;
}

long long
adapter_graph_regain(const struct http_response *r)
{
	const char *h = http_header(r, "x-business-use-case-usage"), *end;
	const cJSON *id, *e;
	cJSON *j;
	long m, most = 0;

	if (h == NULL || (j = cJSON_ParseWithOpts(h, &end, 0)) == NULL)
		return -1;
	if (end[strspn(end, " \t")] == '\0' && cJSON_IsObject(j))
		cJSON_ArrayForEach(id, j)
			if (cJSON_IsArray(id))
				cJSON_ArrayForEach(e, id)
					if (adapter_json_int(e, "estimated_"
					    "time_to_regain_access", &m) &&
					    m > most)
						most = m;
	cJSON_Delete(j);
	return most > 0 ? (long long)most * 60 : -1;
}

bool
adapter_graph_limited(const struct adapter_ctx *ctx, const struct adapter *a,
    const struct http_response *r, const char *words, long code,
    struct outcome *out)
{
	long long regain;

	char *w;

	if (r->error != HTTP_OK || r->status < 400 || r->status > 499 ||
	    r->status == 401 || words == NULL)
		return false;
	switch (code) {
	case 4:		/* app */
	case 17:	/* user */
	case 32:	/* page */
	case 341:	/* app limit reached */
	case 613:	/* calls */
		break;
	default:
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->http_status = (int)r->status;
	w = adapter_words(words);
	classified(out, OUTCOME_FAILED, true, "%s is rate limiting (%ld): %s",
	    a->name, r->status, w ? w : "no message");
	free(w);
	if ((regain = adapter_graph_regain(r)) > 0)
		adapter_come_back(out, ctx->clock + regain);
	return true;
}
