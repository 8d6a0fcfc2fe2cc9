/*
 * auth_listen: where almanac auth receives the platform's redirect: a
 * small HTTP/1.1 server on 127.0.0.1 that answers one request at a time
 * with a short plain page and closes the connection, for a bounded time;
 * and, for --no-browser, one line read from standard input within a
 * bounded time. What a redirect means is the caller's (auth.h); nothing
 * here prints.
 */
#ifndef ALMANAC_AUTH_LISTEN_H
#define ALMANAC_AUTH_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_REQUEST_MAX 8192	/* bytes of a request's head read */
#define AUTH_REQUEST_MS 5000	/* a connection's time to send its head */

/* The answer to one request: its status and a short plain text. */
struct auth_page {
	int status;		/* 200, 400, ... */
	const char *text;	/* borrowed; one or two lines */
};

/*
 * What the caller says of a GET of the path: target is the request
 * target ("/callback?code=..."); fills *page, and returns true when the
 * wait is over (the page is sent first).
 */
typedef bool (*auth_judge_fn)(const char *target, void *arg,
    struct auth_page *page);

/* Listens on 127.0.0.1:port; *fd is the socket. Returns 0, or -1 with
 * *err (allocated; "in use" when another program has the port). */
int auth_listen(int port, int *fd, char **err);

/*
 * Serves the listening socket fd, one connection at a time, until judge
 * returns true or timeout_ms have passed. A request whose head is not
 * read within AUTH_REQUEST_MS, is longer than AUTH_REQUEST_MAX or is not
 * HTTP is answered 400; a method other than GET 405; another path than
 * path 404; each is then forgotten. Returns 1 when judge ended the wait,
 * 0 when the time ran out, -1 with *err (allocated) when the socket
 * failed.
 */
int auth_serve(int fd, long long timeout_ms, const char *path,
    auth_judge_fn judge, void *arg, char **err);

/*
 * Reads one line from fd (without its line end) within timeout_ms, at
 * most max bytes. Returns 1 with *line (allocated), 0 at the end of the
 * input before any byte, -2 when the time ran out, -1 with *err
 * (allocated) when the line is too long or the read failed.
 */
int auth_read_line(int fd, long long timeout_ms, size_t max, char **line,
    char **err);

#endif
