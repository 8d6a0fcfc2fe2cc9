/*
 * Unit tests: the HTTP engine against a real local server
 * (tests/unit/http_server.py, HTTPS and HTTP on 127.0.0.1) with a
 * throwaway CA made by the openssl command at test time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"
#include "xalloc.h"

#include "fixture.h"

#define SERVER_SCRIPT	"tests/unit/http_server.py"
#define LOCAL_ONLY	"http:// is only allowed to this machine (127.0.0.1, " \
			"::1, localhost); use https://"

/* The server and the certificates, for the whole group. */
static struct {
	char *dir;		/* temporary folder: CAs, keys, certs */
	char *ca;		/* the CA that signed the server's cert */
	char *other_ca;		/* an unrelated CA */
	pid_t pid;
	int to_server;		/* its stdin: closing it ends the server */
	int https_port;
	int http_port;
	int stall_port;		/* accepts, never answers */
} srv = { .pid = -1, .to_server = -1 };

/* What a callback saw, copied (the response lives during the call only). */
struct result {
	int calls;
	int order;		/* 1 = answered first in its run */
	long status;
	char *body;
	size_t len;
	struct header *headers;
	size_t nheaders;
	long long retry_after;
	enum http_error error;
	char *error_text;
	bool sent;
	long long ms;
};

static int answered;	/* answers so far in the current run */

/* Records resp in the struct result arg. */
static void
record(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct result *r = arg;
	size_t i;

	(void)e;
	(void)req;
	if (r->calls++ > 0)
		return;
	r->order = ++answered;
	r->status = resp->status;
	r->body = xstrndup(resp->body, resp->len);
	r->len = resp->len;
	r->nheaders = resp->nheaders;
	r->headers = xcalloc(resp->nheaders, sizeof(*r->headers));
	for (i = 0; i < resp->nheaders; i++) {
		r->headers[i].name = xstrdup(resp->headers[i].name);
		r->headers[i].value = xstrdup(resp->headers[i].value);
	}
	r->retry_after = resp->retry_after;
	r->error = resp->error;
	r->error_text = xstrdup(resp->error_text);
	r->sent = resp->sent;
	r->ms = resp->ms;
}

/* The value of a recorded header, or NULL. */
static const char *
header_of(const struct result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

/* Frees what record() copied; r can be used again. */
static void
result_free(struct result *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->body);
	free(r->error_text);
	memset(r, 0, sizeof(*r));
}

/* A config: timeouts in seconds, max_parallel, extra CA file. */
static struct http_conf
conf(int timeout, int parallel, const char *ca)
{
	struct http_conf c;

	memset(&c, 0, sizeof(c));
	c.timeout = timeout;
	c.connect_timeout = timeout;
	c.retries = 3;
	c.max_wait = 120;
	c.max_parallel = parallel;
	c.ca_file = (char *)(uintptr_t)ca;
	c.user_agent = (char *)(uintptr_t)"almanac-test/1";
	return c;
}

/* A new engine with config c (the test fails if not). */
static struct http_engine *
engine(const struct http_conf *c)
{
	struct http_engine *e = NULL;
	char *err = NULL;

	assert_int_equal(http_engine_new(c, &e, &err), 0);
	assert_null(err);
	assert_non_null(e);
	answered = 0;
	return e;
}

/* Runs e to the end (the test fails on an error). */
static void
run(struct http_engine *e)
{
	char *err = NULL;

	assert_int_equal(http_engine_run(e, &err), 0);
	assert_null(err);
}

/* Queues one request on e. */
static void
add(struct http_engine *e, const char *method, const char *url,
    const char *body, struct header *h, size_t nh, long long not_before,
    struct result *r)
{
	struct request req;

	memset(&req, 0, sizeof(req));
	req.method = (char *)(uintptr_t)method;
	req.url = (char *)(uintptr_t)url;
	req.body = (char *)(uintptr_t)body;
	req.headers = h;
	req.nheaders = nh;
	http_engine_add(e, &req, not_before, record, r);
}

/* One request with config c, run to its answer. */
static void
fetch(const struct http_conf *c, const char *method, const char *url,
    const char *body, struct header *h, size_t nh, struct result *r)
{
	struct http_engine *e = engine(c);

	add(e, method, url, body, h, nh, 0, r);
	run(e);
	http_engine_free(e);
	assert_int_equal(r->calls, 1);
}

/* An allocated URL on the test server. */
static char *
url_https(const char *path)
{
	return xasprintf("https://127.0.0.1:%d%s", srv.https_port, path);
}

/* An allocated http:// URL on the test server. */
static char *
url_http(const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", srv.http_port, path);
}

/* The most /sleep at once with one Host header, as the last stats() saw. */
static int stats_hostmax;

/* The server's counters: requests seen, most /sleep at once since the last
 * look (reset by looking), /drop requests seen; stats_hostmax too. */
static void
stats(int *requests, int *max, int *drops)
{
	struct http_conf c = conf(5, 1, srv.ca);
	struct result r = { 0 };
	char *u = url_http("/stats");

	fetch(&c, "GET", u, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(sscanf(r.body, "requests=%d max=%d drop=%d "
	    "hostmax=%d", requests, max, drops, &stats_hostmax), 4);
	result_free(&r);
	free(u);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command; 0 when it succeeded. */
static int
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc;
}

/* Makes the CAs and the server's certificate in srv.dir. */
static int
make_certs(void)
{
	static const char ca[] = "openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:prime256v1 -nodes -days 2 "
	    "-addext basicConstraints=critical,CA:TRUE "
	    "-addext keyUsage=critical,keyCertSign,cRLSign";

	return sh("cd %s && { %s -keyout ca.key -out ca.pem "
	    "-subj '/CN=almanac test CA' && "
	    "%s -keyout other.key -out other.pem "
	    "-subj '/CN=almanac other CA' && "
	    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
	    "-nodes -keyout server.key -out server.csr -subj /CN=localhost && "
	    "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n"
	    "basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature\\n"
	    "extendedKeyUsage=serverAuth\\n' >ext.cnf && "
	    "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
	    "-CAcreateserial -days 2 -extfile ext.cnf -out server.pem; "
	    "} >/dev/null 2>&1", srv.dir, ca, ca);
}

/* Starts the server; reads its ports (waiting at most 20 s). */
static int
start_server(void)
{
	int in[2], out[2];
	char line[128], *cert, *key;
	size_t got = 0;
	struct pollfd pfd;
	long long deadline;
	ssize_t n;

	if (pipe(in) == -1 || pipe(out) == -1)
		return -1;
	cert = xasprintf("%s/server.pem", srv.dir);
	key = xasprintf("%s/server.key", srv.dir);
	srv.pid = fork();
	if (srv.pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("python3", "python3", SERVER_SCRIPT, cert, key,
		    (char *)NULL);
		_exit(127);
	}
	free(cert);
	free(key);
	close(in[0]);
	close(out[1]);
	srv.to_server = in[1];
	if (srv.pid == -1) {
		close(out[0]);
		return -1;
	}
	deadline = http_now_ms() + 20000;
	pfd.fd = out[0];
	pfd.events = POLLIN;
	while (got < sizeof(line) - 1 && memchr(line, '\n', got) == NULL) {
		long long left = deadline - http_now_ms();

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		if ((n = read(out[0], line + got, sizeof(line) - 1 - got)) <= 0)
			break;
		got += (size_t)n;
	}
	close(out[0]);
	line[got] = '\0';
	if (sscanf(line, "%d %d %d", &srv.https_port, &srv.http_port,
	    &srv.stall_port) != 3) {
		fprintf(stderr, "test server did not start (%s)\n",
		    SERVER_SCRIPT);
		return -1;
	}
	return 0;
}

/* Certificates, the server, libcurl: once for all tests. */
static int
group_setup(void **state)
{
	(void)state;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	srv.dir = fixture_tmpdir("http");
	srv.ca = xasprintf("%s/ca.pem", srv.dir);
	srv.other_ca = xasprintf("%s/other.pem", srv.dir);
	if (make_certs() != 0) {
		fprintf(stderr, "openssl could not make the test "
		    "certificates\n");
		return -1;
	}
	return start_server();
}

/* Ends the server and removes the certificates, pass or fail. */
static int
group_teardown(void **state)
{
	int status;

	(void)state;
	if (srv.to_server != -1)
		close(srv.to_server);
	if (srv.pid > 0) {
		kill(srv.pid, SIGTERM);
		waitpid(srv.pid, &status, 0);
	}
	fixture_rmtree(srv.dir);
	free(srv.dir);
	free(srv.ca);
	free(srv.other_ca);
	curl_global_cleanup();
	return 0;
}

static void
test_url_policy(void **state)
{
	static const char *const ok[] = {
		"https://example.org/x?y=1",
		"https://[2001:db8::1]:8443/",
		"http://127.0.0.1:8080/",
		"http://127.1.2.3/",
		"http://localhost/a",
		"http://LocalHost:9/",
		"http://[::1]:80/",
		"http://[::ffff:127.0.0.1]/",
	};
	static const struct {
		const char *url, *why;
	} bad[] = {
		{ "http://example.org/x", LOCAL_ONLY },
		{ "http://127.0.0.1.example.org/", LOCAL_ONLY },
		{ "http://128.0.0.1/", LOCAL_ONLY },
		{ "http://[::2]/", LOCAL_ONLY },
		{ "http://localhost.example.org/", LOCAL_ONLY },
		{ "ftp://example.org/f", "ftp:// URLs are not allowed; use "
		    "https://" },
		{ "file:///etc/passwd", "file:// URLs are not allowed; use "
		    "https://" },
		{ "https://user:secret@example.org/", "a URL with a user name "
		    "or password is not allowed" },
		{ "https://user@example.org/", "a URL with a user name or "
		    "password is not allowed" },
		{ "http://u:p@127.0.0.1/", "a URL with a user name or "
		    "password is not allowed" },
		{ "", "the URL is empty" },
	};
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		why = (char *)1;
		if (!http_url_allowed(ok[i], &why))
			fail_msg("%s refused: %s", ok[i], why);
		assert_null(why);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (http_url_allowed(bad[i].url, &why))
			fail_msg("%s allowed", bad[i].url);
		assert_string_equal(why, bad[i].why);
		free(why);
	}
	/* libcurl's words in the parentheses */
	assert_false(http_url_allowed("example.org/x", &why));
	assert_true(strncmp(why, "not a valid URL (", 17) == 0);
	free(why);
	assert_false(http_url_allowed("https://a b/", NULL));
	assert_false(http_url_allowed(NULL, NULL));
}

static void
test_engine_new_errors(void **state)
{
	struct http_conf c = conf(5, 2, "/nonexistent/ca.pem");
	struct http_engine *e = (struct http_engine *)1;
	char *err = NULL;

	(void)state;
	assert_int_equal(http_engine_new(&c, &e, &err), -1);
	assert_null(e);
	assert_string_equal(err, "cannot read http.ca_file "
	    "/nonexistent/ca.pem: No such file or directory");
	free(err);
	c = conf(0, 2, NULL);
	assert_int_equal(http_engine_new(&c, &e, &err), -1);
	assert_string_equal(err, "http.timeout, http.connect_timeout and "
	    "http.max_parallel must be at least 1");
	free(err);
	c = conf(5, 2, NULL);
	c.user_agent = (char *)(uintptr_t)"almanac\r\nX-Injected: 1";
	assert_int_equal(http_engine_new(&c, &e, &err), -1);
	assert_null(e);
	assert_string_equal(err, "http.user_agent contains a line break");
	free(err);
}

static void
test_success(void **state)
{
	struct http_conf c = conf(5, 4, srv.ca);
	struct result r = { 0 };
	char *u = url_https("/ok");

	(void)state;
	fetch(&c, "GET", u, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_OK);
	assert_null(r.error_text);
	assert_true(r.sent);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"id\":\"42\",\"ok\":true}");
	assert_int_equal(r.len, 21);
	assert_string_equal(header_of(&r, "content-type"),
	    "application/json");
	assert_string_equal(header_of(&r, "x-mixed-case"), "spaced value");
	assert_string_equal(header_of(&r, "x-empty"), "");
	assert_string_equal(header_of(&r, "content-length"), "21");
	assert_null(header_of(&r, "X-Mixed-Case"));
	assert_int_equal(r.retry_after, -1);
	assert_true(r.ms >= 0 && r.ms < 5000);
	result_free(&r);
	free(u);
}

static void
test_http_header_lookup(void **state)
{
	struct header h[] = {
		{ "retry-after", "7", false },
		{ "x-a", "1", false },
		{ "x-a", "2", false },
	};
	struct http_response r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.headers = h;
	r.nheaders = 3;
	assert_string_equal(http_header(&r, "x-a"), "1");
	assert_string_equal(http_header(&r, "Retry-After"), "7");
	assert_null(http_header(&r, "x-b"));
}

static void
test_echo_exact(void **state)
{
	struct http_conf c = conf(5, 4, srv.ca);
	struct header h[] = {
		{ "Content-Type", "application/json; charset=utf-8", false },
		{ "Authorization", "Bearer t0ken", true },
		{ "X-Empty", "", false },
		{ "Idempotency-Key", "k-1", false },
	};
	static const char body[] = "{\"status\":\"On this day \xc3\xa9 "
	    "\\\"quoted\\\"\",\"n\":1}";
	struct result r = { 0 };
	char *u = url_https("/echo"), *want;
	const char *tail;

	(void)state;
	fetch(&c, "POST", u, body, h, 4, &r);
	assert_int_equal(r.error, HTTP_OK);
	assert_int_equal(r.status, 200);
	assert_true(strncmp(r.body, "POST /echo\n", 11) == 0);
	assert_non_null(strstr(r.body, "\nContent-Type: application/json; "
	    "charset=utf-8\n"));
	assert_non_null(strstr(r.body, "\nAuthorization: Bearer t0ken\n"));
	assert_non_null(strstr(r.body, "\nX-Empty: \n"));
	assert_non_null(strstr(r.body, "\nIdempotency-Key: k-1\n"));
	assert_non_null(strstr(r.body, "\nUser-Agent: almanac-test/1\n"));
	want = xasprintf("\nContent-Length: %zu\n", strlen(body));
	assert_non_null(strstr(r.body, want));
	free(want);
	assert_null(strstr(r.body, "Expect:"));
	assert_null(strstr(r.body, "urlencoded"));
	tail = strstr(r.body, "\n\n");
	assert_non_null(tail);
	assert_string_equal(tail + 2, body);
	assert_int_equal(r.len, (size_t)(tail + 2 - r.body) + strlen(body));
	result_free(&r);

	/* no Content-Type given: none sent (not libcurl's form type) */
	fetch(&c, "POST", u, "a=b", NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Content-Type"));
	assert_non_null(strstr(r.body, "\nContent-Length: 3\n"));
	assert_string_equal(strstr(r.body, "\n\n") + 2, "a=b");
	result_free(&r);

	/* POST without a body */
	fetch(&c, "POST", u, NULL, NULL, 0, &r);
	assert_true(strncmp(r.body, "POST /echo\n", 11) == 0);
	assert_non_null(strstr(r.body, "\nContent-Length: 0\n"));
	assert_string_equal(strstr(r.body, "\n\n") + 2, "");
	result_free(&r);

	/* GET: no body, no Content-Length */
	fetch(&c, "GET", u, NULL, NULL, 0, &r);
	assert_true(strncmp(r.body, "GET /echo\n", 10) == 0);
	assert_null(strstr(r.body, "Content-Length"));
	assert_string_equal(strstr(r.body, "\n\n") + 2, "");
	result_free(&r);

	/* another method, with a body */
	fetch(&c, "PUT", u, "put-body", NULL, 0, &r);
	assert_true(strncmp(r.body, "PUT /echo\n", 10) == 0);
	assert_string_equal(strstr(r.body, "\n\n") + 2, "put-body");
	result_free(&r);
	free(u);
}

static void
test_concurrency(void **state)
{
	struct http_conf c8 = conf(10, 8, srv.ca), c2 = conf(10, 2, srv.ca);
	struct result r[8];
	struct http_engine *e;
	int i, reqs, max, drops;
	char *u;

	(void)state;
	memset(r, 0, sizeof(r));
	stats(&reqs, &max, &drops);		/* resets max */
	u = url_https("/sleep?ms=700");
	e = engine(&c8);
	for (i = 0; i < 8; i++)
		add(e, "GET", u, NULL, NULL, 0, 0, &r[i]);
	run(e);
	http_engine_free(e);
	free(u);
	for (i = 0; i < 8; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, 200);
		assert_string_equal(r[i].body, "slept");
		result_free(&r[i]);
	}
	stats(&reqs, &max, &drops);
	assert_int_equal(max, 8);

	/* at most max_parallel at once */
	u = url_https("/sleep?ms=150");
	e = engine(&c2);
	for (i = 0; i < 6; i++)
		add(e, "GET", u, NULL, NULL, 0, 0, &r[i]);
	run(e);
	http_engine_free(e);
	free(u);
	for (i = 0; i < 6; i++) {
		assert_int_equal(r[i].status, 200);
		result_free(&r[i]);
	}
	stats(&reqs, &max, &drops);
	assert_int_equal(max, 2);
}

/* http.max_parallel holds for each host (name and port): two names of
 * this machine get two slots each, GET and POST alike. */
static void
test_per_host_limit(void **state)
{
	struct http_conf c2 = conf(10, 2, srv.ca);
	struct result r[12];
	struct http_engine *e;
	int i, reqs, max, drops;
	char *u[2];

	(void)state;
	memset(r, 0, sizeof(r));
	stats(&reqs, &max, &drops);		/* resets max and hostmax */
	u[0] = url_https("/sleep?ms=700");
	u[1] = xasprintf("https://localhost:%d/sleep?ms=700", srv.https_port);
	e = engine(&c2);
	for (i = 0; i < 12; i++)
		add(e, i % 3 == 2 ? "POST" : "GET", u[i % 2],
		    i % 3 == 2 ? "" : NULL, NULL, 0, 0, &r[i]);
	run(e);
	http_engine_free(e);
	free(u[0]);
	free(u[1]);
	for (i = 0; i < 12; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].error, HTTP_OK);
		assert_int_equal(r[i].status, 200);
		result_free(&r[i]);
	}
	stats(&reqs, &max, &drops);
	assert_int_equal(stats_hostmax, 2);
	assert_int_equal(max, 4);
}

static void
test_connection_refused(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	struct result r = { 0 };
	char *u;
	int fd;

	(void)state;
	/* a port that was free a moment ago, now closed */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	u = xasprintf("https://127.0.0.1:%d/ok", ntohs(a.sin_port));
	fetch(&c, "POST", u, "x", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_CONNECT);
	assert_false(r.sent);
	assert_int_equal(r.status, 0);
	assert_non_null(r.error_text);
	assert_string_equal(r.body, "");
	assert_int_equal(r.retry_after, -1);
	result_free(&r);
	free(u);
}

static void
test_unknown_ca(void **state)
{
	struct http_conf other = conf(5, 2, srv.other_ca);
	struct http_conf sys = conf(5, 2, NULL);
	struct result r = { 0 };
	int before, after, max, drops;
	char *u = url_https("/ok");

	(void)state;
	stats(&before, &max, &drops);
	fetch(&other, "POST", u, "x", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TLS);
	assert_false(r.sent);
	assert_int_equal(r.status, 0);
	assert_non_null(r.error_text);
	result_free(&r);
	/* the system's CAs alone do not know the test CA either */
	fetch(&sys, "POST", u, "x", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TLS);
	assert_false(r.sent);
	result_free(&r);
	stats(&after, &max, &drops);
	assert_int_equal(after, before);
	free(u);
}

static void
test_localhost_name_verifies(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 };
	char *u = xasprintf("https://localhost:%d/ok", srv.https_port);

	(void)state;
	fetch(&c, "GET", u, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_OK);
	assert_int_equal(r.status, 201);
	result_free(&r);
	free(u);
}

static void
test_timeout_after_send(void **state)
{
	struct http_conf c = conf(1, 2, srv.ca);
	struct result r = { 0 };
	char *u = url_https("/slow?ms=3000");

	(void)state;
	fetch(&c, "POST", u, "{}", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TIMEOUT);
	assert_true(r.sent);
	assert_int_equal(r.status, 0);
	assert_non_null(r.error_text);
	result_free(&r);
	free(u);
}

static void
test_timeout_in_connect(void **state)
{
	struct http_conf c = conf(1, 2, srv.ca);
	struct result r = { 0 };
	char *u = xasprintf("https://127.0.0.1:%d/ok", srv.stall_port);

	(void)state;
	/* TCP connects, the TLS handshake never ends */
	fetch(&c, "POST", u, "{}", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TIMEOUT);
	assert_false(r.sent);
	assert_int_equal(r.status, 0);
	result_free(&r);
	free(u);
}

static void
test_dropped(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 };
	char *u = url_https("/drop"), *h = url_http("/drop");

	(void)state;
	fetch(&c, "POST", u, "{}", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_DROPPED);
	assert_true(r.sent);
	assert_int_equal(r.status, 0);
	assert_non_null(r.error_text);
	result_free(&r);
	fetch(&c, "POST", h, "{}", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_DROPPED);
	assert_true(r.sent);
	result_free(&r);
	free(u);
	free(h);
}

/* A two-step flow: the second request is queued by the first callback. */
struct chain {
	struct result first, second;
	const char *method, *url, *body;
};

/* Records the first answer and queues the second request. */
static void
chain_first(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct chain *ch = arg;

	record(e, req, resp, &ch->first);
	add(e, ch->method, ch->url, ch->body, NULL, 0, 0, &ch->second);
}

/* Runs GET first_url, then (from its callback, so the connection is
 * reused when it can be) method url. */
static void
chain(const struct http_conf *c, const char *first_url, struct chain *ch)
{
	struct http_engine *e = engine(c);
	struct request req;

	memset(&req, 0, sizeof(req));
	req.method = (char *)(uintptr_t)"GET";
	req.url = (char *)(uintptr_t)first_url;
	http_engine_add(e, &req, 0, chain_first, ch);
	run(e);
	http_engine_free(e);
	assert_int_equal(ch->first.calls, 1);
	assert_int_equal(ch->second.calls, 1);
}

static void
test_post_never_sent_twice(void **state)
{
	struct http_conf c = conf(5, 1, srv.ca);
	struct chain ch;
	int reqs, max, before, after;
	char *ok = url_https("/ok"), *drop = url_https("/drop");

	(void)state;
	/* libcurl sends a request again when a reused connection closes
	 * without an answer; a POST must reach the server once only */
	memset(&ch, 0, sizeof(ch));
	ch.method = "POST";
	ch.url = drop;
	ch.body = "{}";
	stats(&reqs, &max, &before);
	chain(&c, ok, &ch);
	stats(&reqs, &max, &after);
	assert_int_equal(ch.first.status, 201);
	assert_int_equal(ch.second.error, HTTP_E_DROPPED);
	assert_true(ch.second.sent);
	assert_int_equal(after - before, 1);
	result_free(&ch.first);
	result_free(&ch.second);
	free(ok);
	free(drop);
}

static void
test_two_step_flow(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct chain ch;
	char *ok = url_https("/ok"), *echo = url_http("/echo?step=2");

	(void)state;
	memset(&ch, 0, sizeof(ch));
	ch.method = "POST";
	ch.url = echo;
	ch.body = "creation_id=42";
	chain(&c, ok, &ch);
	assert_int_equal(ch.first.order, 1);
	assert_int_equal(ch.first.status, 201);
	assert_int_equal(ch.second.order, 2);
	assert_int_equal(ch.second.status, 200);
	assert_true(strncmp(ch.second.body, "POST /echo?step=2\n", 18) == 0);
	assert_string_equal(strstr(ch.second.body, "\n\n") + 2,
	    "creation_id=42");
	result_free(&ch.first);
	result_free(&ch.second);
	free(ok);
	free(echo);
}

static void
test_too_big(void **state)
{
	struct http_conf c = conf(10, 2, srv.ca);
	struct result r = { 0 };
	char *u = url_https("/big"), *nolen = url_http("/big-nolen");
	char *hdrs = url_https("/big-headers");

	(void)state;
	/* Content-Length says too much */
	fetch(&c, "GET", u, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TOO_BIG);
	assert_string_equal(r.error_text, "the answer is larger than "
	    "1048576 bytes");
	assert_true(r.sent);
	assert_int_equal(r.status, 200);
	result_free(&r);
	/* no length: counted as it comes */
	fetch(&c, "GET", nolen, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TOO_BIG);
	assert_string_equal(r.error_text, "the answer is larger than "
	    "1048576 bytes");
	assert_true(r.len <= HTTP_MAX_BODY);
	result_free(&r);
	fetch(&c, "GET", hdrs, NULL, NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_TOO_BIG);
	assert_string_equal(r.error_text, "the answer's headers are larger "
	    "than 65536 bytes");
	result_free(&r);
	free(u);
	free(nolen);
	free(hdrs);
}

static void
test_redirect_not_followed(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 };
	int before, after, max, drops;
	char *u = url_https("/redirect");

	(void)state;
	stats(&before, &max, &drops);
	fetch(&c, "POST", u, "{}", NULL, 0, &r);
	stats(&after, &max, &drops);
	assert_int_equal(r.error, HTTP_OK);
	assert_int_equal(r.status, 302);
	assert_string_equal(header_of(&r, "location"), "/ok");
	assert_string_equal(r.body, "moved");
	assert_int_equal(after - before, 1);
	result_free(&r);
	free(u);
}

static void
test_retry_after(void **state)
{
	static const struct {
		const char *path;
		long long want;
	} cases[] = {
		{ "/retry-after?s=7", 7 },
		{ "/retry-after?s=0", 0 },
		{ "/retry-after-neg", 0 },
		{ "/retry-after?s=99999999999999999999", 315360000 },
		{ "/retry-after?s=315360001", 315360000 },
		{ "/retry-after?s=soon", -1 },
		{ "/ok", -1 },
	};
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 };
	size_t i;
	char *u;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u = url_http(cases[i].path);
		fetch(&c, "POST", u, "{}", NULL, 0, &r);
		assert_int_equal(r.error, HTTP_OK);
		if (r.retry_after != cases[i].want)
			fail_msg("%s: retry_after %lld, want %lld",
			    cases[i].path, r.retry_after, cases[i].want);
		result_free(&r);
		free(u);
	}
	u = url_http("/retry-after-date");
	fetch(&c, "POST", u, "{}", NULL, 0, &r);
	assert_int_equal(r.status, 503);
	assert_true(r.retry_after >= 90 && r.retry_after <= 101);
	result_free(&r);
	free(u);
}

static void
test_not_before_order(void **state)
{
	struct http_conf c = conf(5, 8, srv.ca);
	struct result a = { 0 }, b = { 0 }, d = { 0 };
	struct http_engine *e = engine(&c);
	char *u = url_http("/ok");
	long long now = http_now_ms();

	(void)state;
	add(e, "GET", u, NULL, NULL, 0, now + 600, &a);
	add(e, "GET", u, NULL, NULL, 0, now + 300, &b);
	add(e, "GET", u, NULL, NULL, 0, 0, &d);
	run(e);
	http_engine_free(e);
	assert_int_equal(d.order, 1);
	assert_int_equal(b.order, 2);
	assert_int_equal(a.order, 3);
	assert_int_equal(a.status, 201);
	result_free(&a);
	result_free(&b);
	result_free(&d);
	free(u);
}

static void
test_refused_url(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 }, l = { 0 };
	struct http_engine *e = engine(&c);
	char *u = url_http("/ok");

	(void)state;
	/* no network is touched: the answer comes at once */
	add(e, "POST", "http://example.org/api", "{}", NULL, 0,
	    http_now_ms() + 60000, &r);
	add(e, "GET", u, NULL, NULL, 0, 0, &l);
	run(e);
	http_engine_free(e);
	assert_int_equal(r.order, 1);
	assert_int_equal(r.error, HTTP_E_REFUSED_URL);
	assert_string_equal(r.error_text, LOCAL_ONLY);
	assert_false(r.sent);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.body, "");
	assert_int_equal(r.ms, 0);
	assert_int_equal(l.error, HTTP_OK);
	assert_int_equal(l.status, 201);
	result_free(&r);
	result_free(&l);
	free(u);
}

static void
test_bad_request(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct header crlf[] = {
		{ "X-Ok", "fine", false },
		{ "X-Evil", "a\r\nX-Injected: 1", false },
	};
	struct header lf[] = { { "X-Evil", "a\nb", false } };
	struct header name[] = { { "X Evil", "a", false } };
	struct header colon[] = { { "X-Evil:", "a", false } };
	struct result r = { 0 };
	int before, after, max, drops;
	char *u = url_https("/echo");

	(void)state;
	stats(&before, &max, &drops);
	fetch(&c, "POST", u, "{}", crlf, 2, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	assert_string_equal(r.error_text, "the value of header \"X-Evil\" "
	    "contains a line break");
	assert_false(r.sent);
	result_free(&r);
	fetch(&c, "POST", u, "{}", lf, 1, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	result_free(&r);
	fetch(&c, "POST", u, "{}", name, 1, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	assert_string_equal(r.error_text, "header 1 has no valid name");
	result_free(&r);
	fetch(&c, "POST", u, "{}", colon, 1, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	result_free(&r);
	fetch(&c, "GET", u, "body", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	assert_string_equal(r.error_text, "a GET request cannot have a body");
	result_free(&r);
	fetch(&c, "PO ST", u, "{}", NULL, 0, &r);
	assert_int_equal(r.error, HTTP_E_BAD_REQUEST);
	assert_string_equal(r.error_text, "the HTTP method is not valid");
	result_free(&r);
	stats(&after, &max, &drops);
	assert_int_equal(after, before);
	free(u);
}

/* A callback that stops the engine. */
static void
stop_after(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	record(e, req, resp, arg);
	http_engine_stop(e);
}

static void
test_stop(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result a = { 0 }, b = { 0 }, d = { 0 };
	struct http_engine *e = engine(&c);
	struct request req;
	char *u = url_http("/ok");

	(void)state;
	memset(&req, 0, sizeof(req));
	req.method = (char *)(uintptr_t)"GET";
	req.url = u;
	http_engine_add(e, &req, 0, stop_after, &a);
	add(e, "GET", u, NULL, NULL, 0, http_now_ms() + 300, &b);
	add(e, "GET", u, NULL, NULL, 0, http_now_ms() + 60000, &d);
	run(e);
	http_engine_free(e);
	assert_int_equal(a.status, 201);
	assert_int_equal(b.error, HTTP_E_STOPPED);
	assert_false(b.sent);
	assert_string_equal(b.error_text, "stopped before the request "
	    "started");
	assert_int_equal(d.error, HTTP_E_STOPPED);
	assert_int_equal(b.order, 2);
	assert_int_equal(d.order, 3);
	result_free(&a);
	result_free(&b);
	result_free(&d);

	/* stopped before running: nothing starts */
	e = engine(&c);
	add(e, "GET", u, NULL, NULL, 0, 0, &a);
	http_engine_stop(e);
	run(e);
	http_engine_free(e);
	assert_int_equal(a.error, HTTP_E_STOPPED);
	result_free(&a);
	free(u);
}

static void
test_free_with_queued(void **state)
{
	struct http_conf c = conf(5, 2, srv.ca);
	struct result r = { 0 };
	struct http_engine *e = engine(&c);

	(void)state;
	/* freed without a run: no callback, nothing leaks */
	add(e, "GET", "https://example.org/", NULL, NULL, 0, 0, &r);
	add(e, "GET", "http://example.org/", NULL, NULL, 0, 0, &r);
	http_engine_free(e);
	assert_int_equal(r.calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_engine_new_errors),
		cmocka_unit_test(test_http_header_lookup),
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_echo_exact),
		cmocka_unit_test(test_concurrency),
		cmocka_unit_test(test_per_host_limit),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_unknown_ca),
		cmocka_unit_test(test_localhost_name_verifies),
		cmocka_unit_test(test_timeout_after_send),
		cmocka_unit_test(test_timeout_in_connect),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_post_never_sent_twice),
		cmocka_unit_test(test_two_step_flow),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_redirect_not_followed),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_not_before_order),
		cmocka_unit_test(test_refused_url),
		cmocka_unit_test(test_bad_request),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_free_with_queued),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
