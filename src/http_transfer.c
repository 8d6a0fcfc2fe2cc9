/*
 * http_transfer: one request's transfer on its libcurl easy handle, for
 * the engine in http.c (through http_impl.h): the options every transfer
 * gets (http.h's policy: certificate checks, TLS 1.2 or newer, HTTP/2
 * where offered, no redirects, the timeouts, the caps), the request's header lines, the
 * response's headers and body as libcurl hands them over, and at the end
 * the struct http_response: the status, whether the request went out,
 * what kind of failure, Retry-After.
 */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "buf.h"
#include "http_impl.h"
#include "request.h"
#include "xalloc.h"

#define HEADERS_MAX	(64 * 1024)	/* bytes of response headers */
#define RETRY_AFTER_MAX	(10LL * 365 * 24 * 3600)
#define SYSTEM_CAPATH	"/etc/ssl/certs"

/* The first header name in r (names compared without case), or NULL. */
const char *
http_header(const struct http_response *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

/* Frees the response headers collected so far. */
static void
free_response_headers(struct transfer *t)
{
	size_t i;

	for (i = 0; i < t->nrh; i++) {
		free(t->rh[i].name);
		free(t->rh[i].value);
	}
	free(t->rh);
	t->rh = NULL;
	t->nrh = 0;
}

/* Header callback: collects the headers of the last response, names in
 * lower case, values trimmed; gives up past HEADERS_MAX bytes. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n, total = len, i;
	const char *colon, *v, *end;
	struct header *h;

	t->header_bytes += len;
	if (t->header_bytes > HEADERS_MAX) {
		t->headers_too_big = true;
		return 0;
	}
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		free_response_headers(t);	/* a new response begins */
		return total;
	}
	if (len == 0)
		return total;
	end = p + len;
	if (*p == ' ' || *p == '\t') {		/* obsolete line folding */
		if (t->nrh == 0)
			return total;
		for (v = p; v < end && (*v == ' ' || *v == '\t'); v++)
			;
		h = &t->rh[t->nrh - 1];
		if (v < end) {
			char *joined = xasprintf("%s%s%.*s", h->value,
			    *h->value != '\0' ? " " : "", (int)(end - v), v);

			free(h->value);
			h->value = joined;
		}
		return total;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return total;
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	t->rh = xreallocarray(t->rh, t->nrh + 1, sizeof(*t->rh));
	h = &t->rh[t->nrh++];
	h->name = xstrndup(p, (size_t)(colon - p));
	for (i = 0; h->name[i] != '\0'; i++)
		if (h->name[i] >= 'A' && h->name[i] <= 'Z')
			h->name[i] = (char)(h->name[i] - 'A' + 'a');
	h->value = xstrndup(v, (size_t)(end - v));
	h->secret = false;
	return total;
}

/* Write callback: keeps the body, refusing more than t->max_body bytes
 * (returning less than given makes libcurl stop with CURLE_WRITE_ERROR). */
static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;

	if (len > t->max_body - t->body.len) {
		t->body_too_big = true;
		return 0;
	}
	buf_add(&t->body, p, len);
	return len;
}

/* True when r has a header name (any case). */
static bool
has_header(const struct request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return true;
	return false;
}

/* Adds line to *l; false when libcurl could not. */
static bool
slist_add(struct curl_slist **l, char *line)
{
	struct curl_slist *n = curl_slist_append(*l, line);

	free(line);
	if (n == NULL)
		return false;
	*l = n;
	return true;
}

/* The header lines of request r into t->hdrs for libcurl: the request's
 * own, and empty ones that stop libcurl from adding its Expect and form
 * Content-Type. */
static bool
build_headers(struct transfer *t, const struct request *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++) {
		const struct header *h = &r->headers[i];

		/* "Name:" would remove the header; "Name;" sends it empty */
		if (!slist_add(&t->hdrs, *h->value == '\0' ?
		    xasprintf("%s;", h->name) :
		    xasprintf("%s: %s", h->name, h->value)))
			return false;
	}
	if (!has_header(r, "Expect") && !slist_add(&t->hdrs,
	    xstrdup("Expect:")))
		return false;
	if (!has_header(r, "Content-Type") && !slist_add(&t->hdrs,
	    xstrdup("Content-Type:")))
		return false;
	return true;
}

#define SETOPT(opt, val) do {						\
	if ((rc = curl_easy_setopt(h, opt, val)) != CURLE_OK) {		\
		*what = #opt;						\
		return rc;						\
	}								\
} while (0)

/* Sets up t->easy for r (see http_impl.h). */
CURLcode
http_transfer_setup(const struct http_engine *e, struct transfer *t,
    const struct request *r, bool loopback, void *owner, const char **what)
{
	CURL *h = t->easy;
	CURLcode rc;

	SETOPT(CURLOPT_PRIVATE, owner);
	SETOPT(CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_URL, r->url);
	SETOPT(CURLOPT_PROTOCOLS_STR, "https,http");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_MAXREDIRS, 0L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	/* HTTP/2 where the server offers it over TLS, else HTTP/1.1 */
	SETOPT(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	if (e->ca_file != NULL) {
		/* OpenSSL reads both: the extra file, and the system's
		 * hashed folder (the system bundle is no longer read) */
		SETOPT(CURLOPT_CAINFO, e->ca_file);
		SETOPT(CURLOPT_CAPATH, SYSTEM_CAPATH);
	}
	if (loopback)
		SETOPT(CURLOPT_PROXY, "");	/* never via a proxy */
	SETOPT(CURLOPT_CONNECTTIMEOUT, e->connect_timeout);
	SETOPT(CURLOPT_TIMEOUT, e->timeout);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SETOPT(CURLOPT_LOW_SPEED_TIME, e->timeout);
	t->max_body = r->max_body > 0 ? r->max_body : HTTP_MAX_BODY;
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_body);
	if (e->user_agent != NULL)
		SETOPT(CURLOPT_USERAGENT, e->user_agent);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, (void *)t);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, (void *)t);
	if (strcmp(r->method, "GET") == 0)
		SETOPT(CURLOPT_HTTPGET, 1L);
	else if (strcmp(r->method, "HEAD") == 0)
		SETOPT(CURLOPT_NOBODY, 1L);
	else {
		if (strcmp(r->method, "POST") == 0 || r->body != NULL) {
			const char *b = r->body != NULL ? r->body : "";

			SETOPT(CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)(r->body_len > 0 ? r->body_len :
			    strlen(b)));
			SETOPT(CURLOPT_POSTFIELDS, b);
		}
		if (strcmp(r->method, "POST") != 0)
			SETOPT(CURLOPT_CUSTOMREQUEST, r->method);
		/* a reused connection that closes without an answer makes
		 * libcurl send the request again: never for these */
		SETOPT(CURLOPT_FRESH_CONNECT, 1L);
	}
	if (!build_headers(t, r)) {
		*what = "curl_slist_append";
		return CURLE_OUT_OF_MEMORY;
	}
	SETOPT(CURLOPT_HTTPHEADER, t->hdrs);
	return CURLE_OK;
}

#undef SETOPT

/* Seconds from a Retry-After value: delta-seconds parsed here (saturating;
 * negative numbers are 0), an HTTP date through libcurl (which gives the
 * seconds from now in CURLINFO_RETRY_AFTER). -1 when v is neither. */
static long long
parse_retry_after(CURL *h, const char *v)
{
	const char *p = v;
	long long n = 0;
	curl_off_t ra = 0;

	if (*p == '-')
		p++;
	if (*p >= '0' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++)
			if (n <= RETRY_AFTER_MAX)
				n = n * 10 + (*p - '0');
		if (*p != '\0')
			return -1;
		if (*v == '-')
			return 0;
		return n > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : n;
	}
	if (curl_getdate(v, NULL) == -1)
		return -1;
	if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK ||
	    ra < 0)
		return 0;
	return ra > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (long long)ra;
}

/* The error for a transfer that ended with rc. */
static enum http_error
classify(const struct transfer *t, CURLcode rc, bool sent)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_E_TIMEOUT;
	case CURLE_FILESIZE_EXCEEDED:
		return HTTP_E_TOO_BIG;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PROXY:
		return sent ? HTTP_E_DROPPED : HTTP_E_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return sent ? HTTP_E_DROPPED : HTTP_E_TLS;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_SSL_SHUTDOWN_FAILED:
		return sent ? HTTP_E_DROPPED : HTTP_E_CONNECT;
	case CURLE_UNSUPPORTED_PROTOCOL:	/* also an HTTP/0.9 answer */
	case CURLE_URL_MALFORMAT:
		return sent ? HTTP_E_DROPPED : HTTP_E_REFUSED_URL;
	case CURLE_WRITE_ERROR:
		if (t->body_too_big || t->headers_too_big)
			return HTTP_E_TOO_BIG;
		return HTTP_E_OTHER;
	case CURLE_OUT_OF_MEMORY:
		if (t->header_line_too_big)
			return HTTP_E_TOO_BIG;
		return HTTP_E_OTHER;
	default:
		return HTTP_E_OTHER;
	}
}

/* The response of t, which ended with rc (see http_impl.h). */
void
http_transfer_response(struct transfer *t, CURLcode rc,
    struct http_response *resp)
{
	long status = 0, reqsize = 0;
	curl_off_t pretransfer = 0;
	const char *ra;

	memset(resp, 0, sizeof(*resp));
	resp->ms = http_now_ms() - t->started;
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_REQUEST_SIZE, &reqsize);
	curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
	/* Past "pretransfer" the connection is up and the request is being
	 * written: from there on, the server may have it. */
	resp->sent = status > 0 || reqsize > 0 || pretransfer > 0;
	resp->status = status;
	/* libcurl refuses a header line longer than CURL_MAX_HTTP_HEADER
	 * with CURLE_OUT_OF_MEMORY and no message: after a status line
	 * came, that is what it means */
	if (rc == CURLE_OUT_OF_MEMORY && status > 0)
		t->header_line_too_big = true;
	resp->error = classify(t, rc, resp->sent);
	if (resp->error == HTTP_E_TOO_BIG && t->header_line_too_big)
		resp->error_text = xasprintf("the answer has a header line "
		    "longer than %d bytes", CURL_MAX_HTTP_HEADER);
	else if (resp->error == HTTP_E_TOO_BIG && t->headers_too_big)
		resp->error_text = xasprintf("the answer's headers are larger "
		    "than %d bytes", HEADERS_MAX);
	else if (resp->error == HTTP_E_TOO_BIG)
		resp->error_text = xasprintf("the answer is larger than %zu "
		    "bytes", t->max_body);
	else if (resp->error != HTTP_OK)
		resp->error_text = xstrdup(t->errbuf[0] != '\0' ? t->errbuf :
		    curl_easy_strerror(rc));
	resp->body = t->body.s;
	resp->len = t->body.len;
	resp->headers = t->rh;
	resp->nheaders = t->nrh;
	resp->retry_after = -1;
	if ((ra = http_header(resp, "retry-after")) != NULL)
		resp->retry_after = parse_retry_after(t->easy, ra);
}

/* Frees what t holds. */
void
http_transfer_free(struct transfer *t)
{
	if (t->easy != NULL)
		curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->hdrs);
	buf_free(&t->body);
	free_response_headers(t);
}
