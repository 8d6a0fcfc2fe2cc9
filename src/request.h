/*
 * request: an HTTP request as almanac builds it (method, URL, headers,
 * exact body), lists of them, and RFC 3986 percent-encoding. The types
 * the adapters build, the HTTP engine sends, OAuth signs and preview
 * shows; nothing here sends anything.
 *
 * Every string in these structs is allocated and owned by the struct:
 * request_list_free frees a list and all it holds. Allocation failure
 * ends the program (xalloc.h); nothing here returns an error.
 */
#ifndef ALMANAC_REQUEST_H
#define ALMANAC_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

struct header {
	char *name;
	char *value;
	bool secret;	/* shown as "(redacted)" anywhere it is displayed */
};

struct request {
	char *method;		/* "POST", "GET" */
	char *url;
	struct header *headers;
	size_t nheaders;
	char *body;		/* exact bytes sent, NUL-terminated, or NULL */
	size_t body_len;	/* its length when it is bytes that may hold a
				   NUL (an uploaded picture); 0: strlen */
	char *note;		/* e.g. how a step uses the previous answer */
	size_t max_body;	/* the largest answer taken, bytes; 0:
				   HTTP_MAX_BODY (http.h) */
};

struct request_list {
	struct request *v;
	size_t n;
};

/* Frees every request of l and empties it. */
void request_list_free(struct request_list *l);
/* Appends a request with method and url (which it takes over) and no
 * headers, body or note; the pointer is valid until the next add. */
struct request *request_list_add(struct request_list *l, const char *method,
    char *url);
/* Appends a copy of name: value to r's headers. */
void request_add_header(struct request *r, const char *name,
    const char *value, bool secret);

/* RFC 3986 percent-encoding: all but A-Z a-z 0-9 - . _ ~, uppercase hex.
 * Allocated. */
char *percent_encode(const char *s);

/* The same, leaving also the characters of keep as they are (a query
 * value may keep ":/,@", which mean nothing there). Allocated. */
char *percent_encode_keep(const char *s, const char *keep);

#endif
