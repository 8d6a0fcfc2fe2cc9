/* auth_listen: the loopback listener and the pasted line of almanac auth
 * (see auth_listen.h). */
#include "auth_listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

/* Monotonic milliseconds. */
static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is readable or deadline (mono_ms): 1, 0 at the
 * deadline, -1 on error (errno). */
static int
wait_readable(int fd, long long deadline)
{
	struct pollfd p;
	long long left;
	int n;

	for (;;) {
		if ((left = deadline - mono_ms()) <= 0)
			return 0;
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

int
auth_listen(int port, int *fd, char **err)
{
	struct sockaddr_in sa;
	int s, one = 1;

	if ((s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		*err = xasprintf("cannot make a socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s, 8) == -1) {
		*err = xasprintf("cannot listen on 127.0.0.1:%d: %s", port,
		    errno == EADDRINUSE ? "in use by another program" :
		    strerror(errno));
		close(s);
		return -1;
	}
	*fd = s;
	return 0;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	}
	return "Error";
}

/* Sends the page on c (what the browser shows), ignoring a peer gone. */
static void
answer(int c, const struct auth_page *pg)
{
	struct buf b = BUF_INIT;
	size_t off = 0;
	ssize_t n;

	buf_addf(&b, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; "
	    "charset=utf-8\r\nContent-Length: %zu\r\nCache-Control: no-store"
	    "\r\nConnection: close\r\n\r\n%s", pg->status, reason(pg->status),
	    strlen(pg->text), pg->text);
	while (off < b.len) {
		n = send(c, buf_str(&b) + off, b.len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf_free(&b);
}

/* Reads a request's head from c within deadline: the head (allocated),
 * or NULL when it did not come whole. */
static char *
read_head(int c, long long deadline)
{
	char *h = xmalloc(AUTH_REQUEST_MAX + 1);
	size_t len = 0;
	ssize_t n;

	while (len < AUTH_REQUEST_MAX) {
		if (wait_readable(c, deadline) != 1)
			break;
		n = recv(c, h + len, AUTH_REQUEST_MAX - len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		h[len] = '\0';
		if (strstr(h, "\r\n\r\n") != NULL || strstr(h, "\n\n") != NULL)
			return h;
	}
	free(h);
	return NULL;
}

/* One connection: its request read, judged, answered. True when the
 * judge ended the wait. */
static bool
serve_one(int c, long long deadline, const char *path, auth_judge_fn judge,
    void *arg)
{
	struct auth_page pg = { 400, "almanac: this is not a request almanac "
	    "can read.\n" };
	char *h, *sp, *target, *end;
	size_t plen = strlen(path);
	bool done = false;

	if (deadline > mono_ms() + AUTH_REQUEST_MS)
		deadline = mono_ms() + AUTH_REQUEST_MS;
	if ((h = read_head(c, deadline)) != NULL &&
	    (sp = strchr(h, ' ')) != NULL) {
		target = sp + 1;
		end = target + strcspn(target, " \r\n");
		if (*end == ' ' && strncmp(end + 1, "HTTP/1.", 7) == 0 &&
		    *target == '/') {
			*end = '\0';
			if (sp - h != 3 || strncmp(h, "GET", 3) != 0)
				pg = (struct auth_page){ 405, "almanac: only "
				    "GET is answered here.\n" };
			else if (strncmp(target, path, plen) != 0 ||
			    (target[plen] != '\0' && target[plen] != '?'))
				pg = (struct auth_page){ 404, "almanac: "
				    "nothing here; the platform sends the "
				    "browser to the redirect URI.\n" };
			else
				done = judge(target, arg, &pg);
		}
	}
	answer(c, &pg);
	if (h != NULL)
		explicit_bzero(h, strlen(h));
	free(h);
	return done;
}

int
auth_serve(int fd, long long timeout_ms, const char *path,
    auth_judge_fn judge, void *arg, char **err)
{
	long long deadline = mono_ms() + timeout_ms;
	int c, w;

	for (;;) {
		if ((w = wait_readable(fd, deadline)) == 0)
			return 0;
		if (w == -1) {
			*err = xasprintf("waiting for the redirect: %s",
			    strerror(errno));
			return -1;
		}
		if ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == EAGAIN)
				continue;
			*err = xasprintf("accepting a connection: %s",
			    strerror(errno));
			return -1;
		}
		w = serve_one(c, deadline, path, judge, arg);
		close(c);
		if (w)
			return 1;
	}
}

int
auth_read_line(int fd, long long timeout_ms, size_t max, char **line,
    char **err)
{
	long long deadline = mono_ms() + timeout_ms;
	struct buf b = BUF_INIT;
	char ch;
	ssize_t n;
	int w;

	for (;;) {
		if ((w = wait_readable(fd, deadline)) != 1) {
			buf_free(&b);
			if (w == 0)
				return -2;
			*err = xasprintf("reading standard input: %s",
			    strerror(errno));
			return -1;
		}
		/* One byte at a time: nothing after the line is taken. */
		n = read(fd, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xasprintf("reading standard input: %s",
			    strerror(errno));
			buf_free(&b);
			return -1;
		}
		if (n == 0 || ch == '\n')
			break;
		if (b.len >= max) {
			*err = xasprintf("the line is longer than %zu bytes",
			    max);
			buf_free(&b);
			return -1;
		}
		buf_addc(&b, ch);
	}
	if (n == 0 && b.len == 0) {
		buf_free(&b);
		return 0;
	}
	if (b.len > 0 && buf_str(&b)[b.len - 1] == '\r')
		buf_truncate(&b, b.len - 1);
	*line = buf_detach(&b);
	return 1;
}
