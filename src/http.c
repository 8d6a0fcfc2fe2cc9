/*
 * http: the HTTP engine on one libcurl multi handle (see http.h): the URL
 * policy and the checks of a request when it is queued, the queue by start
 * time, at most max_parallel transfers in the multi handle to each host
 * (its name and port, as libcurl pools connections), and one answer
 * per request, from the network or without it. Each transfer's easy
 * handle (its options, the response as it comes, the struct http_response
 * made at its end) is http_transfer.c's, through http_impl.h.
 */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "file.h"
#include "http_impl.h"
#include "xalloc.h"

#define POLL_MAX_MS	250		/* how soon a stop is noticed */

static const char http_only_local[] = "http:// is only allowed to this "
    "machine (127.0.0.1, ::1, localhost); use https://";

/* One queued request and, once started, its transfer. */
struct job {
	struct job *next;
	struct request req;		/* the engine's copy */
	long long not_before;
	http_done_fn done;
	void *arg;
	enum http_error early;		/* answered without the network */
	char *early_text;
	bool loopback;			/* the URL's host is this machine */
	char *origin;			/* "host:port", lower case; NULL
					   when answered without the network */
	struct transfer t;
};

/* Milliseconds on the monotonic clock. */
long long
http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True when host (as curl_url gives it: IPv6 in brackets) is this
 * machine: localhost, 127.0.0.0/8, ::1 or ::ffff:127.x.y.z. */
static bool
host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char tmp[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (len < 3 || host[0] != '[' || host[len - 1] != ']' ||
	    len - 2 >= sizeof(tmp))
		return false;
	memcpy(tmp, host + 1, len - 2);
	tmp[len - 2] = '\0';
	if (inet_pton(AF_INET6, tmp, &a6) != 1)
		return false;
	if (IN6_IS_ADDR_LOOPBACK(&a6))
		return true;
	return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}

/* Checks url against the policy; sets *loopback and, when origin is not
 * NULL and the URL may be used, *origin (allocated: the host in lower case,
 * a colon, the port, the scheme's default when none is given). Returns
 * NULL or an allocated sentence saying why url may not be used. */
static char *
check_url(const char *url, bool *loopback, char **origin)
{
	CURLU *u;
	CURLUcode uc;
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	char *port = NULL, *why = NULL, *p;

	*loopback = false;
	if (origin != NULL)
		*origin = NULL;
	if (url == NULL || *url == '\0')
		return xstrdup("the URL is empty");
	if ((u = curl_url()) == NULL)
		return xstrdup("cannot parse the URL: out of memory");
	uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OK)
		uc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (uc == CURLUE_OK && strcmp(scheme, "https") != 0 &&
	    strcmp(scheme, "http") != 0) {
		why = xasprintf("%s:// URLs are not allowed; use https://",
		    scheme);
		goto out;
	}
	if (uc == CURLUE_OK)
		uc = curl_url_get(u, CURLUPART_HOST, &host, 0);
	if (uc != CURLUE_OK) {
		why = xasprintf("not a valid URL (%s)", curl_url_strerror(uc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
		why = xstrdup("a URL with a user name or password is not "
		    "allowed");
		goto out;
	}
	*loopback = host_is_loopback(host);
	if (strcmp(scheme, "http") == 0 && !*loopback)
		why = xstrdup(http_only_local);
	else if (origin != NULL) {
		if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)
		    != CURLUE_OK) {
			why = xstrdup("not a valid URL (no port)");
			goto out;
		}
		*origin = xasprintf("%s:%s", host, port);
		for (p = *origin; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return why;
}

/* True when url passes the policy; else *why says why. */
bool
http_url_allowed(const char *url, char **why)
{
	bool loopback;
	char *w = check_url(url, &loopback, NULL);

	if (why != NULL)
		*why = w;
	else
		free(w);
	return w == NULL;
}

/* True when s is a non-empty token (RFC 9110 5.6.2): a method or a header
 * name. */
static bool
is_token(const char *s)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";
	const char *p;

	if (*s == '\0')
		return false;
	for (p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(extra, c) != NULL))
			return false;
	}
	return true;
}

/* NULL when r can be sent as it is, or an allocated sentence. */
static char *
check_request(const struct request *r)
{
	size_t i;

	if (r->method == NULL || !is_token(r->method))
		return xstrdup("the HTTP method is not valid");
	if ((strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
	    && r->body != NULL && *r->body != '\0')
		return xasprintf("a %s request cannot have a body", r->method);
	for (i = 0; i < r->nheaders; i++) {
		const struct header *h = &r->headers[i];

		if (h->name == NULL || !is_token(h->name))
			return xasprintf("header %zu has no valid name", i + 1);
		if (h->value == NULL || strpbrk(h->value, "\r\n") != NULL)
			return xasprintf("the value of header \"%s\" contains "
			    "a line break", h->name);
	}
	return NULL;
}

/* A deep copy of r into d. */
static void
copy_request(struct request *d, const struct request *r)
{
	size_t i;

	d->method = xstrdup(r->method);
	d->url = xstrdup(r->url);
	if (r->body != NULL && r->body_len > 0) {
		d->body = xmalloc(r->body_len + 1);
		memcpy(d->body, r->body, r->body_len + 1);
	} else
		d->body = xstrdup(r->body);
	d->body_len = r->body_len;
	d->note = xstrdup(r->note);
	d->max_body = r->max_body;
	d->nheaders = r->nheaders;
	d->headers = xcalloc(r->nheaders, sizeof(*d->headers));
	for (i = 0; i < r->nheaders; i++) {
		d->headers[i].name = xstrdup(r->headers[i].name);
		d->headers[i].value = xstrdup(r->headers[i].value);
		d->headers[i].secret = r->headers[i].secret;
	}
}

/* Frees j and everything it holds (the easy handle must be out of the
 * multi handle). */
static void
job_free(struct job *j)
{
	size_t i;

	http_transfer_free(&j->t);
	free(j->req.method);
	free(j->req.url);
	free(j->req.body);
	free(j->req.note);
	for (i = 0; i < j->req.nheaders; i++) {
		free(j->req.headers[i].name);
		free(j->req.headers[i].value);
	}
	free(j->req.headers);
	free(j->early_text);
	free(j->origin);
	free(j);
}

/* Checks libcurl and the config, makes the multi handle. */
int
http_engine_new(const struct http_conf *conf, struct http_engine **out,
    char **err)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	struct http_engine *e;
	struct stat st;
	enum file_status fs;
	int fd, fe;

	*out = NULL;
	*err = NULL;
	if (v->version_num < 0x075500) {
		*err = xasprintf("libcurl %s is too old: 7.85.0 or newer is "
		    "needed", v->version);
		return -1;
	}
	if (!(v->features & CURL_VERSION_SSL)) {
		*err = xstrdup("libcurl was built without TLS support");
		return -1;
	}
	if (conf->timeout < 1 || conf->connect_timeout < 1 ||
	    conf->max_parallel < 1) {
		*err = xstrdup("http.timeout, http.connect_timeout and "
		    "http.max_parallel must be at least 1");
		return -1;
	}
	/* libcurl puts the User-Agent into a header line as it is */
	if (conf->user_agent != NULL &&
	    strpbrk(conf->user_agent, "\r\n") != NULL) {
		*err = xstrdup("http.user_agent contains a line break");
		return -1;
	}
	if (conf->ca_file != NULL) {
		/* libcurl reads it later: a FIFO there would block a run */
		if ((fd = file_open_regular(conf->ca_file, &st, &fs,
		    &fe)) == -1) {
			*err = xasprintf("cannot read http.ca_file %s: %s",
			    conf->ca_file, file_strerror(fs, fe));
			return -1;
		}
		close(fd);
	}
	e = xcalloc(1, sizeof(*e));
	e->timeout = conf->timeout;
	e->connect_timeout = conf->connect_timeout;
	e->max_parallel = (size_t)conf->max_parallel;
	e->ca_file = xstrdup(conf->ca_file);
	e->user_agent = xstrdup(conf->user_agent);
	e->ready_tail = &e->ready;
	if ((e->multi = curl_multi_init()) == NULL) {
		*err = xstrdup("cannot create a libcurl multi handle");
		http_engine_free(e);
		return -1;
	}
	/* connections per host as transfers per host (HTTP/2 carries
	 * several transfers on one); multiplexed where the server offers it */
	if (curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)conf->max_parallel) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX) != CURLM_OK) {
		*err = xstrdup("libcurl refused CURLMOPT_MAX_HOST_CONNECTIONS "
		    "or CURLMOPT_PIPELINING");
		http_engine_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

/* Frees e: transfers in flight are dropped, nobody is called. */
void
http_engine_free(struct http_engine *e)
{
	struct job *j, *next;

	if (e == NULL)
		return;
	for (j = e->active; j != NULL; j = next) {
		next = j->next;
		curl_multi_remove_handle(e->multi, j->t.easy);
		job_free(j);
	}
	for (j = e->queue; j != NULL; j = next) {
		next = j->next;
		job_free(j);
	}
	for (j = e->ready; j != NULL; j = next) {
		next = j->next;
		job_free(j);
	}
	if (e->multi != NULL)
		curl_multi_cleanup(e->multi);
	free(e->ca_file);
	free(e->user_agent);
	free(e);
}

/* Appends j to the jobs answered without the network, with err and text
 * (taken). */
static void
make_ready(struct http_engine *e, struct job *j, enum http_error err,
    char *text)
{
	j->early = err;
	free(j->early_text);
	j->early_text = text;
	j->next = NULL;
	*e->ready_tail = j;
	e->ready_tail = &j->next;
}

/* Queues a copy of r, or decides its answer now (sent by the run). */
void
http_engine_add(struct http_engine *e, const struct request *r,
    long long not_before, http_done_fn done, void *arg)
{
	struct job *j = xcalloc(1, sizeof(*j)), **pp;
	char *why;

	copy_request(&j->req, r);
	j->not_before = not_before;
	j->done = done;
	j->arg = arg;
	if ((why = check_url(r->url, &j->loopback, &j->origin)) != NULL) {
		make_ready(e, j, HTTP_E_REFUSED_URL, why);
		return;
	}
	if ((why = check_request(r)) != NULL) {
		make_ready(e, j, HTTP_E_BAD_REQUEST, why);
		return;
	}
	for (pp = &e->queue; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->not_before > not_before)
			break;
	j->next = *pp;
	*pp = j;
}

/* Only sets a flag: safe in a signal handler. */
void
http_engine_stop(struct http_engine *e)
{
	e->stopped = 1;
}

/* Starts j (taken off the queue). On failure j is answered without the
 * network. */
static void
start_job(struct http_engine *e, struct job *j)
{
	const char *what = "curl_easy_init";
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURLMcode mc;

	j->next = NULL;
	if ((j->t.easy = curl_easy_init()) == NULL ||
	    (rc = http_transfer_setup(e, &j->t, &j->req, j->loopback, j,
	    &what)) != CURLE_OK) {
		make_ready(e, j, HTTP_E_OTHER, xasprintf("libcurl refused %s: "
		    "%s", what, curl_easy_strerror(rc)));
		return;
	}
	j->t.started = http_now_ms();
	if ((mc = curl_multi_add_handle(e->multi, j->t.easy)) != CURLM_OK) {
		make_ready(e, j, HTTP_E_OTHER, xasprintf("libcurl refused the "
		    "transfer: %s", curl_multi_strerror(mc)));
		return;
	}
	j->next = e->active;
	e->active = j;
	e->nactive++;
}

/* True when fewer than max_parallel transfers to j's host are in flight. */
static bool
host_has_room(const struct http_engine *e, const struct job *j)
{
	const struct job *a;
	size_t n = 0;

	for (a = e->active; a != NULL; a = a->next)
		if (strcmp(a->origin, j->origin) == 0 &&
		    ++n >= e->max_parallel)
			return false;
	return true;
}

/* Starts the queued requests whose time has come, in the queue's order,
 * as far as each host's slots allow (a full host holds up no other).
 * Returns how many were taken off the queue. */
static int
start_due(struct http_engine *e, long long now)
{
	struct job *j, **pp = &e->queue;
	int n = 0;

	while (!e->stopped && (j = *pp) != NULL && j->not_before <= now) {
		if (!host_has_room(e, j)) {
			pp = &j->next;
			continue;
		}
		*pp = j->next;
		start_job(e, j);
		n++;
	}
	return n;
}

/* Calls the callback of j with resp, then frees j. */
static void
answer(struct http_engine *e, struct job *j, struct http_response *resp)
{
	if (resp->body == NULL)
		resp->body = (char *)"";
	if (j->done != NULL)
		j->done(e, &j->req, resp, j->arg);
	job_free(j);
}

/* Answers the jobs decided without the network, and after a stop every
 * queued one. Returns how many were answered. */
static int
answer_ready(struct http_engine *e)
{
	struct http_response resp;
	struct job *j;
	int n = 0;

	for (;;) {
		if (e->stopped && e->queue != NULL) {
			j = e->queue;
			e->queue = j->next;
			make_ready(e, j, HTTP_E_STOPPED, xstrdup("stopped "
			    "before the request started"));
		}
		if ((j = e->ready) == NULL)
			return n;
		if ((e->ready = j->next) == NULL)
			e->ready_tail = &e->ready;
		memset(&resp, 0, sizeof(resp));
		resp.retry_after = -1;
		resp.error = j->early;
		resp.error_text = j->early_text;
		answer(e, j, &resp);
		n++;
	}
}

/* Answers the finished transfer j, which ended with rc. */
static void
finish_job(struct http_engine *e, struct job *j, CURLcode rc)
{
	struct http_response resp;
	struct job **pp;

	for (pp = &e->active; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			e->nactive--;
			break;
		}
	curl_multi_remove_handle(e->multi, j->t.easy);
	http_transfer_response(&j->t, rc, &resp);
	answer(e, j, &resp);
	free(resp.error_text);
}

/* Answers every transfer libcurl has finished. Returns how many. */
static int
collect_done(struct http_engine *e)
{
	CURLMsg *m;
	int left, n = 0;
	struct job *j;
	char *p;

	while ((m = curl_multi_info_read(e->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		p = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		j = (struct job *)(void *)p;
		finish_job(e, j, m->data.result);
		n++;
	}
	return n;
}

/* How long to wait for the network: curl's timeout, the next queued start
 * to a host with a free slot, at most POLL_MAX_MS. */
static int
wait_ms(struct http_engine *e, long long now)
{
	long t = -1;
	long long ms = POLL_MAX_MS, d;
	const struct job *j;

	if (curl_multi_timeout(e->multi, &t) == CURLM_OK && t >= 0 && t < ms)
		ms = t;
	for (j = e->queue; j != NULL && j->not_before - now < ms; j = j->next)
		if (host_has_room(e, j)) {
			d = j->not_before - now;
			ms = d < 0 ? 0 : d;
			break;
		}
	return (int)ms;
}

/* Starts, waits, answers; until nothing is left. */
int
http_engine_run(struct http_engine *e, char **err)
{
	CURLMcode mc;
	int still, progress, rv = 0;

	*err = NULL;
	if (e->in_run) {
		*err = xstrdup("http_engine_run called from a callback");
		return -1;
	}
	e->in_run = true;
	for (;;) {
		progress = answer_ready(e);
		progress += start_due(e, http_now_ms());
		if (e->nactive == 0 && e->queue == NULL && e->ready == NULL)
			break;
		if ((mc = curl_multi_perform(e->multi, &still)) != CURLM_OK) {
			*err = xasprintf("libcurl: %s",
			    curl_multi_strerror(mc));
			rv = -1;
			break;
		}
		progress += collect_done(e);
		if (progress > 0 || e->ready != NULL)
			continue;
		mc = curl_multi_poll(e->multi, NULL, 0,
		    wait_ms(e, http_now_ms()), NULL);
		if (mc != CURLM_OK) {
			*err = xasprintf("libcurl: %s",
			    curl_multi_strerror(mc));
			rv = -1;
			break;
		}
	}
	e->in_run = false;
	return rv;
}
