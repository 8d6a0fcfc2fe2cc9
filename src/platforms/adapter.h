/*
 * platforms/adapter.h: what the adapters under src/platforms/ share. Not
 * for use outside the adapters; the public interface is ../platforms.h.
 */
#ifndef ALMANAC_PLATFORMS_ADAPTER_H
#define ALMANAC_PLATFORMS_ADAPTER_H

#include <cJSON.h>

#include "buf.h"
#include "config.h"
#include "credentials.h"
#include "format.h"
#include "platforms.h"

/* What a secret is shown as when there are no credentials (preview). */
#define REDACTED "(redacted)"

/* The number of each platform in the table, PF_NAME (tests use them). */
enum platform_id {
#define PLATFORM(ID, name) PF_##ID,
#include "platforms/list.h"
	PF_COUNT
};

#define PLATFORM(ID, name) extern const struct adapter adapter_##name;
#include "platforms/list.h"

/*
 * The credential key ("consumer_key", "consumer_secret", "access_token",
 * "access_token_secret") of platform a: *value is its value, or REDACTED
 * when ctx->cred is NULL. Returns 0, or -1 with *err (allocated) naming
 * the missing key and the credentials file when it is unset.
 */
int adapter_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key, const char **value, char **err);

/* True when ctx has credentials and key of a is set (the store's or the
 * credentials file's). */
bool adapter_has_cred(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *key);

/* True when ctx holds what renewing a's access token needs: client_id,
 * client_secret and refresh_token (adapter_has_cred). */
bool adapter_renewable(const struct adapter_ctx *ctx,
    const struct adapter *a);

/* Adds "Authorization: Basic base64(client_id:client_secret)" (secret)
 * from a's credentials. Returns 0, or -1 with *err (allocated) when one
 * of them is missing. */
int adapter_basic(const struct adapter_ctx *ctx, const struct adapter *a,
    struct request *r, char **err);

/*
 * Reads an OAuth 2 token endpoint's answer r (RFC 6749 5.1 and 5.2) into
 * *g: a 2xx with access_token is GRANT_OK (with refresh_token,
 * expires_in, refresh_token_expires_in where given); 400, 401 and 403
 * are GRANT_REFUSED, in words (the platform's own when given, else the
 * answer's error_description or error); anything else GRANT_ERROR.
 */
void adapter_grant(const struct adapter *a, const struct http_response *r,
    const char *words, struct token_grant *g);
/* The same, for a grant_parse hook: when ctx->auth_code, what was
 * refused is named "the authorization code" (almanac auth). */
void adapter_grant_read(const struct adapter_ctx *ctx,
    const struct adapter *a, const struct http_response *r,
    const char *words, struct token_grant *g);

/*
 * almanac auth's shared parts. adapter_authorize: the authorization URL
 * of a at endpoint with the credentials' client_id and a->auth_scope
 * (auth_url, auth.h) into *url (allocated); returns 0, or -1 with *err
 * (allocated) when client_id is missing. adapter_code_form: the form of
 * RFC 6749 4.1.3 appended to b: grant_type=authorization_code, code,
 * redirect_uri, and code_verifier when p has one.
 */
int adapter_authorize(const struct adapter_ctx *ctx, const struct adapter *a,
    const char *endpoint, const struct auth_params *p, char **url,
    char **err);
void adapter_code_form(struct buf *b, const struct auth_params *p,
    const char *code);

/*
 * Adds "Authorization: Bearer TOKEN" (secret) with the platform's
 * access_token, or REDACTED without credentials. Returns 0, or -1 with
 * *err (allocated) when the credentials lack the token.
 */
int adapter_bearer(const struct adapter_ctx *ctx, const struct adapter *a,
    struct request *r, char **err);

/*
 * Building JSON: cJSON only fails when out of memory, and then these exit
 * as xmalloc does. adapter_json_add adds item (from cJSON_Create..., which
 * gives NULL for a NULL string: never pass one) to object o under key and
 * returns it. adapter_json prints the tree without formatting into an
 * allocated string and deletes the tree.
 */
cJSON *adapter_json_object(void);
cJSON *adapter_json_add(cJSON *o, const char *key, cJSON *item);
char *adapter_json(cJSON *root);

/* Appends pe(key)=pe(value) to a form body, after "&" unless it is the
 * first pair. */
void adapter_form_add(struct buf *b, const char *key, const char *value);

/*
 * The Graph API platforms (facebook, instagram) have graph_version as
 * their setting number GRAPH_SET_VERSION: GRAPH_SETTING is its entry,
 * GRAPH_VERSION its default, adapter_graph_version_ok its check ("v",
 * 1 to 3 digits, ".", 1 to 3 digits).
 */
#define GRAPH_VERSION "v24.0"
#define GRAPH_SET_VERSION 0
#define GRAPH_SETTING { .name = "graph_version", .kind = SETTING_TEXT, \
	.fallback = GRAPH_VERSION, .valid = adapter_graph_version_ok, \
	.what = "a Graph API version such as \"" GRAPH_VERSION "\"" }
bool adapter_graph_version_ok(const char *v);

/* {api}/{graph_version}/pe(node)/edge for a Graph API adapter, or without
 * "/edge" when edge is NULL. Allocated. */
char *adapter_graph_url(const struct adapter *a,
    const struct platform_conf *pc, const char *node, const char *edge);

/* Setting number k of a's settings in pc: its value, or its fallback
 * when pc is NULL or leaves it unset (a hand-made platform_conf). */
const char *adapter_setting(const struct adapter *a,
    const struct platform_conf *pc, size_t k);

/*
 * Checks a's settings in pc with their own checks (platform_setting.valid,
 * the ones the config applies), for a platform_conf that did not come
 * from a config file. Returns 0, or -1 with *err (allocated): "platforms.
 * NAME.KEY "VALUE" is not WHAT" (the value left out when it holds a
 * character that is not printable ASCII).
 */
int adapter_valid(const struct adapter *a, const struct platform_conf *pc,
    char **err);

/* Setting number k of a in pc when it is set and every setting of pc is
 * valid (adapter_valid); else NULL with *err (allocated): "no KEY for
 * NAME: set platforms.NAME.KEY", or adapter_valid's message. */
const char *adapter_required(const struct adapter *a,
    const struct platform_conf *pc, size_t k, char **err);

/* The message's title: m->title, else the post's, else NULL. */
const char *adapter_title(const struct message *m);

/*
 * Reading answers. adapter_json_body is the body of r as a JSON object
 * (to be deleted with cJSON_Delete), or NULL when there was no HTTP answer
 * or the body is not exactly one JSON object. adapter_json_str is the
 * string member key of o, NULL when o is NULL or the member is missing or
 * not a string; adapter_json_int sets *out to the integer member key and
 * returns true, or returns false when it is missing or not an integer.
 */
cJSON *adapter_json_body(const struct http_response *r);
const char *adapter_json_str(const cJSON *o, const char *key);
bool adapter_json_int(const cJSON *o, const char *key, long *out);

/*
 * A platform's words (from an error body) made fit for one log line:
 * control characters and spaces fold into single spaces, invalid UTF-8
 * becomes "?", the ends are trimmed, and text beyond ADAPTER_WORDS_MAX
 * bytes is cut at a character and ends in "...". Allocated; NULL for NULL
 * or when nothing is left. outcome_classify applies it to platform_error.
 */
#define ADAPTER_WORDS_MAX 300
char *adapter_words(const char *s);

#define ADAPTER_ID_MAX 128	/* bytes of a remote id we accept */

/* True when id (from an answer) may go into a URL as it is: 1 to
 * ADAPTER_ID_MAX of A-Z a-z 0-9 _ - . */
bool adapter_id_ok(const char *id);

/* Fills out as published with a copy of id (or NULL) and permalink
 * (taken over, or NULL). */
void adapter_published(struct outcome *out, const struct http_response *r,
    const char *id, char *permalink);

/* Fills out as unknown: "NAME answered STATUS but the body could not be
 * read" (a 2xx whose body is not what the platform documents). */
void adapter_unreadable(const struct adapter *a,
    const struct http_response *r, struct outcome *out);

/*
 * The words of a Graph API error body {"error":{"message","code",
 * "error_subcode"}}: "MESSAGE (code C, subcode S)", or "(code C)" without
 * a subcode, or MESSAGE alone without a code; allocated. *code and
 * *subcode are set (0 when absent). NULL when body has no error object
 * with a message or a code.
 */
char *adapter_graph_error(const cJSON *body, long *code, long *subcode);

/* Fills out as failed (retryable or not) with error (taken over) and
 * r's status. */
void adapter_failed(struct outcome *out, const struct http_response *r,
    bool retryable, char *error);

/*
 * A Graph API token that was refused (error code 190, which Graph answers
 * as HTTP 400, not 401): fills out as failed, not retryable, "the NAME
 * token was refused: renew it: put a new NAME.access_token in the
 * credentials file (PATH) (WORDS)", and returns true; false for any other
 * answer. words and code are from adapter_graph_error.
 */
bool adapter_graph_refused(const struct adapter_ctx *ctx,
    const struct adapter *a, const struct http_response *r,
    const char *words, long code, struct outcome *out);

/*
 * A Graph API rate limit (error code 4, 17, 32, 341 or 613, which Graph
 * answers with a 4xx other than 429): fills out as failed and retryable,
 * "NAME is rate limiting (STATUS): WORDS", with out->not_before from
 * adapter_graph_regain counted from ctx->clock when it says, and returns
 * true; false for any other answer. words and code are from
 * adapter_graph_error.
 */
bool adapter_graph_limited(const struct adapter_ctx *ctx,
    const struct adapter *a, const struct http_response *r,
    const char *words, long code, struct outcome *out);

/*
 * Reading when to come back from a rate-limited answer, one helper per
 * form of header; the adapter picks its platform's and passes the time
 * to adapter_come_back.
 *
 * adapter_header_number: header name of r as a whole number of up to 15
 * digits (a Unix time in seconds, a count left), or -1 when it is absent
 * or anything else.
 * adapter_next_midnight_utc: the first 00:00 UTC after now (Unix times),
 * for a daily limit that says nothing.
 * adapter_graph_regain: Meta's X-Business-Use-Case-Usage JSON
 * {"ID":[{"estimated_time_to_regain_access":MINUTES,...}],...}: the
 * longest wait of any entry, in seconds; -1 when the header is absent,
 * not that JSON, or says 0.
 * adapter_come_back: sets out->not_before to at (Unix time) when out is
 * a retryable failure and at > 0; else leaves out as it is.
 */
long long adapter_header_number(const struct http_response *r,
    const char *name);
long long adapter_next_midnight_utc(long long now);
long long adapter_graph_regain(const struct http_response *r);
void adapter_come_back(struct outcome *out, long long at);

/*
 * The age in whole months of a LinkedIn-Version "YYYYMM" on day today
 * (202501 in 2026-11 is 22; negative when it is later than today), into
 * *months. Returns false when v is not a version linkedin takes.
 */
bool linkedin_version_age(const char *v, struct ymd today, int *months);

#endif
