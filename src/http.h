/*
 * http: the HTTP engine, one libcurl multi handle for a whole run.
 *
 * Requests are queued with a callback and an earliest start time; the
 * engine runs them concurrently (at most http.max_parallel at once to each
 * host, a host being a name and port: "127.0.0.1" and "localhost" are two),
 * reusing connections, over HTTP/2 where the server offers it (several
 * transfers on one connection) and HTTP/1.1 otherwise, and calls each
 * callback with the response. Requests start in the order of their start
 * times; one waiting for a busy host holds up none to another. Callbacks may
 * queue more requests (a flow's next step, a retry after a backoff).
 *
 * Policy, the same for every request: https only, except http to loopback
 * hosts (127.0.0.0/8, ::1, localhost); certificate and host checks always
 * on (http.ca_file adds CAs to the system's); redirects never followed;
 * connect, total and stall timeouts from the config; TLS 1.2 or newer; the
 * response body capped at HTTP_MAX_BODY bytes (or the request's own
 * max_body). The engine never logs and
 * never retries by itself: it tells what happened, and the caller decides.
 * Connections are reused (GET and HEAD only: any other method gets a fresh
 * connection, since libcurl silently sends a request again when a reused
 * connection closes before any answer).
 *
 * The caller calls curl_global_init() once before the first engine is made
 * (and curl_global_cleanup() after the last is freed); the engine does not.
 */
#ifndef ALMANAC_HTTP_H
#define ALMANAC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "request.h"

#define HTTP_MAX_BODY (1024 * 1024)

/* How a transfer ended, beyond the HTTP status. */
enum http_error {
	HTTP_OK = 0,		/* an HTTP answer came (any status) */
	HTTP_E_CONNECT,		/* no connection: refused, DNS, unreachable;
				   nothing was sent */
	HTTP_E_TLS,		/* TLS handshake or certificate check failed;
				   nothing was sent */
	HTTP_E_TIMEOUT,		/* timed out (see sent) */
	HTTP_E_DROPPED,		/* the connection broke after the request
				   went out, or the answer was garbled */
	HTTP_E_TOO_BIG,		/* the answer was larger than HTTP_MAX_BODY
				   (the request's max_body); what came is
				   dropped */
	HTTP_E_REFUSED_URL,	/* not https (and not loopback http), or not
				   a URL; nothing was sent */
	HTTP_E_OTHER,		/* anything else libcurl reports */
	HTTP_E_BAD_REQUEST,	/* a header name or value with a line break,
				   a bad method, a GET with a body; nothing
				   was sent */
	HTTP_E_STOPPED		/* http_engine_stop came before the request
				   started; nothing was sent */
};

struct http_response {
	long status;		/* 0 when no HTTP answer came */
	char *body;		/* NUL-terminated, "" when empty */
	size_t len;
	struct header *headers;	/* names in lower case, values trimmed */
	size_t nheaders;
	long long retry_after;	/* seconds from Retry-After, -1 when absent;
				   clamped to [0, 10 years] */
	enum http_error error;
	char *error_text;	/* libcurl's words, NULL when HTTP_OK */
	bool sent;		/* the request went out (unknown outcome if
				   no valid answer) */
	long long ms;		/* elapsed, milliseconds */
};

/* The value of the first header name (lower case) in r, or NULL. */
const char *http_header(const struct http_response *r, const char *name);

struct http_engine;

/* Called once per queued request with its response (owned by the engine,
 * valid during the call only), always from within http_engine_run. It may
 * call http_engine_add and http_engine_stop, not http_engine_run or
 * http_engine_free. */
typedef void (*http_done_fn)(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg);

/* A new engine with the config's http settings. Returns 0, or -1 with *err
 * (allocated). */
int http_engine_new(const struct http_conf *conf, struct http_engine **out,
    char **err);
void http_engine_free(struct http_engine *e);

/*
 * Queues a copy of request r (method, url, headers, body), to start no
 * earlier than not_before (http_now_ms() clock; 0 = at once). A request to a
 * URL that is not allowed is answered at once with HTTP_E_REFUSED_URL, a
 * malformed one with HTTP_E_BAD_REQUEST ("at once": first thing in
 * http_engine_run, whatever not_before says; never from inside this call).
 */
void http_engine_add(struct http_engine *e, const struct request *r,
    long long not_before, http_done_fn done, void *arg);

/* Runs until nothing is queued or in flight. Returns 0, or -1 when libcurl
 * itself failed (err allocated). */
int http_engine_run(struct http_engine *e, char **err);

/* Stops starting queued requests; those in flight finish, the others are
 * answered HTTP_E_STOPPED (so are any queued later). For SIGTERM: only sets
 * a flag, safe in a signal handler; the engine notices within 250 ms. */
void http_engine_stop(struct http_engine *e);

/* Monotonic milliseconds. */
long long http_now_ms(void);

/* True when url may be used: https://, or http:// to a loopback host.
 * Otherwise false with *why (allocated). */
bool http_url_allowed(const char *url, char **why);

#endif
