/* whoami: reading "whose token is this" answers for doctor (whoami.h). */
#include "platforms/whoami.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "platforms/adapter.h"
#include "xalloc.h"

void
token_check_free(struct token_check *t)
{
	free(t->who);
	free(t->error);
	free(t->warning);
	free(t->expiry_error);
	memset(t, 0, sizeof(*t));
}

void
whoami_set(struct token_check *t, enum token_state st, char *error)
{
	if (st <= t->state) {
		free(error);
		return;
	}
	t->state = st;
	free(t->error);
	t->error = error;
}

void
whoami_ok(struct token_check *t, char *who)
{
	if (t->state > TOKEN_OK) {
		free(who);
		return;
	}
	t->state = TOKEN_OK;
	free(t->who);
	t->who = who;
}

char *
whoami_name(const char *prefix, const char *name, const char *id)
{
	char *n = adapter_words(name), *i = adapter_words(id), *s;

	if (n != NULL && i != NULL)
		s = xasprintf("%s%s (%s)", prefix, n, i);
	else if (n != NULL || i != NULL)
		s = xasprintf("%s%s", prefix, n != NULL ? n : i);
	else
		s = NULL;
	free(n);
	free(i);
	return s;
}

/* "cannot reach BASE: ..." for a transfer without a valid answer. */
static void
whoami_transport(const struct adapter *a, const struct platform_conf *pc,
    const struct http_response *r, struct token_check *t)
{
	const char *text = r->error_text != NULL && *r->error_text != '\0' ?
	    r->error_text : NULL;
	char *base = adapter_base(a, pc), *w = adapter_words(text);

	switch (r->error) {
	case HTTP_E_REFUSED_URL:
		whoami_set(t, TOKEN_ERROR, xasprintf("the URL %s is not "
		    "allowed: %s", base, w ? w : "no reason given"));
		break;
	case HTTP_E_BAD_REQUEST:
		whoami_set(t, TOKEN_ERROR, xasprintf("the request could not "
		    "be sent: %s", w ? w : "it is malformed"));
		break;
	case HTTP_E_STOPPED:
		whoami_set(t, TOKEN_ERROR, xstrdup("not asked: stopped"));
		break;
	case HTTP_E_TOO_BIG:
		whoami_set(t, TOKEN_ERROR, xasprintf("the answer of %s was "
		    "larger than %d bytes", a->name, HTTP_MAX_BODY));
		break;
	case HTTP_E_TIMEOUT:
		whoami_set(t, TOKEN_UNREACHABLE, xasprintf("cannot reach %s: "
		    "timed out%s%s%s", base, w ? " (" : "", w ? w : "",
		    w ? ")" : ""));
		break;
	case HTTP_E_TLS:
		whoami_set(t, TOKEN_UNREACHABLE, xasprintf("cannot reach %s: "
		    "its TLS certificate was not accepted%s%s", base,
		    w ? ": " : "", w ? w : ""));
		break;
	default:
		whoami_set(t, TOKEN_UNREACHABLE, xasprintf("cannot reach %s: "
		    "%s", base, w ? w : r->sent ? "the connection dropped" :
		    "no connection"));
		break;
	}
	free(base);
	free(w);
}

bool
whoami_classify(const struct adapter *a, const struct platform_conf *pc,
    const struct http_response *r, const char *words, const char *scope_403,
    struct token_check *t)
{
	char *w;

	if (r->error != HTTP_OK) {
		whoami_transport(a, pc, r, t);
		return true;
	}
	if (r->status >= 200 && r->status <= 299)
		return false;
	w = adapter_words(words);
#define WORDS(open, close) (w ? (open) : ""), (w ? w : ""), (w ? (close) : "")
	if (r->status == 401)
		whoami_set(t, TOKEN_REFUSED, xasprintf("the token was refused"
		    "%s%s%s; renew it", WORDS(" (", ")")));
	else if (r->status == 403 && scope_403 != NULL)
		whoami_set(t, TOKEN_UNNAMED, xasprintf("the token was "
		    "accepted, but whose it is cannot be read without %s "
		    "(403%s%s%s)", scope_403, WORDS(": ", "")));
	else if (r->status == 429)
		whoami_set(t, TOKEN_ERROR, xasprintf("%s is rate limiting "
		    "(429)%s%s%s; try again later", a->name, WORDS(": ", "")));
	else
		whoami_set(t, TOKEN_ERROR, xasprintf("%s answered %ld%s%s%s",
		    a->name, r->status, WORDS(": ", "")));
#undef WORDS
	free(w);
	return true;
}

void
whoami_unreadable(const struct adapter *a, const struct http_response *r,
    struct token_check *t)
{
	whoami_set(t, TOKEN_ERROR, xasprintf("%s answered %ld but the body "
	    "could not be read", a->name, r->status));
}

bool
whoami_graph_classify(const struct adapter *a, const struct platform_conf *pc,
    const struct http_response *r, const cJSON *body, struct token_check *t)
{
	long code, sub;
	char *words = adapter_graph_error(body, &code, &sub), *w;
	bool done;

	if (r->error == HTTP_OK && (r->status < 200 || r->status > 299) &&
	    words != NULL && (code == 190 || code == 102)) {
		w = adapter_words(words);
		whoami_set(t, TOKEN_REFUSED, xasprintf("the token was refused "
		    "(%s); renew it", w));
		free(w);
		done = true;
	} else
		done = whoami_classify(a, pc, r, words, NULL, t);
	free(words);
	return done;
}

int
whoami_graph_debug_request(const struct adapter_ctx *ctx,
    const struct adapter *a, struct request_list *l, char **err)
{
	const char *token;
	char *url, *pe;

	if (adapter_cred(ctx, a, "access_token", &token, err) == -1)
		return -1;
	url = adapter_graph_url(a, ctx->pc, "debug_token", NULL);
	pe = percent_encode(token);
	request_list_add(l, "GET", xasprintf("%s?input_token=%s", url, pe));
	free(pe);
	free(url);
	return adapter_bearer(ctx, a, &l->v[l->n - 1], err);
}

bool
whoami_json_time(const cJSON *o, const char *key, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= 0 && d <= 9007199254740992.0) || d != floor(d))
		return false;
	*out = (long long)d;
	return true;
}

bool
whoami_expiry_classify(const char *source, const struct http_response *r,
    const char *words, struct token_check *t)
{
	char *w;

	free(t->expiry_error);
	t->expiry_error = NULL;
	if (r->error != HTTP_OK) {
		t->expiry_error = xasprintf("%s had no answer", source);
		return true;
	}
	if (r->status >= 200 && r->status <= 299)
		return false;
	w = adapter_words(words);
	t->expiry_error = xasprintf("%s answered %ld%s%s", source, r->status,
	    w ? ": " : "", w ? w : "");
	free(w);
	return true;
}

void
whoami_expiry_unreadable(const char *source, const struct http_response *r,
    struct token_check *t)
{
	free(t->expiry_error);
	t->expiry_error = xasprintf("%s answered %ld but the body could not "
	    "be read", source, r->status);
}

void
whoami_expiry_set(struct token_check *t, const char *source,
    const char *field, long long at)
{
	t->expiry_known = true;
	t->expires_at = at;
	t->expiry_field = field;
	t->expiry_source = source;
}

void
whoami_graph_debug_parse(const struct adapter *a,
    const struct http_response *r, struct token_check *t)
{
	cJSON *j = adapter_json_body(r);
	const cJSON *data = j != NULL ?
	    cJSON_GetObjectItemCaseSensitive(j, "data") : NULL;
	const cJSON *valid = cJSON_GetObjectItemCaseSensitive(data, "is_valid");
	long code, sub;
	long long exp, dae;
	char *words = NULL, *w;

	if (r->error == HTTP_OK && (r->status < 200 || r->status > 299))
		words = adapter_graph_error(j, &code, &sub);
	if (whoami_expiry_classify("debug_token", r, words, t))
		;	/* the expiry stays unknown: it says why */
	else if (!cJSON_IsObject(data) || !cJSON_IsBool(valid)) {
		whoami_expiry_unreadable("debug_token", r, t);
	} else if (cJSON_IsFalse(valid)) {
		words = adapter_graph_error(data, &code, &sub);
		w = adapter_words(words);
		whoami_set(t, TOKEN_REFUSED, xasprintf("the token was refused "
		    "(debug_token says it is not valid%s%s); renew it",
		    w ? ": " : "", w ? w : ""));
		free(w);
	} else if (!whoami_json_time(data, "expires_at", &exp)) {
		t->expiry_error = xstrdup("debug_token did not say when the "
		    "token expires");
	} else if (whoami_json_time(data, "data_access_expires_at", &dae) &&
	    dae > 0 && (exp == 0 || dae < exp)) {
		whoami_expiry_set(t, "debug_token", "data_access_expires_at",
		    dae);
	} else
		whoami_expiry_set(t, "debug_token", "expires_at", exp);
	free(words);
	cJSON_Delete(j);
}
