/*
 * http_impl: what http.c and http_transfer.c share; nothing else includes
 * it. http.c is the engine (the queue, the multi handle, the answers);
 * http_transfer.c is one request's transfer on its libcurl easy handle.
 *
 * Nothing here fails but http_transfer_setup, which returns libcurl's
 * error; nothing logs.
 */
#ifndef ALMANAC_HTTP_IMPL_H
#define ALMANAC_HTTP_IMPL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"

struct header;
struct http_response;
struct job;			/* http.c's: a queued request */
struct request;

/* An engine: http.h's struct http_engine. */
struct http_engine {
	CURLM *multi;
	long timeout;
	long connect_timeout;
	size_t max_parallel;	/* transfers in flight to one host */
	char *ca_file;
	char *user_agent;
	struct job *queue;	/* by not_before, then in the order added */
	struct job *ready;	/* to answer without the network, in order */
	struct job **ready_tail;
	struct job *active;	/* transfers in the multi handle */
	size_t nactive;
	bool in_run;
	volatile sig_atomic_t stopped;
};

/* The transfer of one request: its easy handle and what came back. All
 * zero until started. */
struct transfer {
	CURL *easy;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
	struct buf body;
	struct header *rh;		/* response headers, last response */
	size_t nrh;
	size_t header_bytes;
	size_t max_body;		/* the request's, else HTTP_MAX_BODY */
	bool body_too_big;
	bool headers_too_big;
	bool header_line_too_big;	/* over libcurl's own cap */
	long long started;		/* http_now_ms() when started */
};

/*
 * Sets up t->easy (made by the caller) to send r with e's settings: the
 * policy of http.h, r's method, body and header lines, and the callbacks
 * that keep the answer in t. loopback says that r's host is this machine
 * (no proxy then); owner becomes the handle's CURLINFO_PRIVATE. r must
 * outlive the transfer. Returns CURLE_OK, or libcurl's error with *what
 * naming the option it refused (a static string).
 */
CURLcode http_transfer_setup(const struct http_engine *e, struct transfer *t,
    const struct request *r, bool loopback, void *owner, const char **what);

/*
 * Fills *resp from t, whose transfer ended with rc: status, whether the
 * request went out, the error and its text, the body and headers, the
 * elapsed time, Retry-After. The body and headers stay t's (valid until
 * http_transfer_free); resp->error_text is allocated, the caller frees it.
 */
void http_transfer_response(struct transfer *t, CURLcode rc,
    struct http_response *resp);

/* Frees what t holds; its easy handle must be out of the multi handle. */
void http_transfer_free(struct transfer *t);

#endif
