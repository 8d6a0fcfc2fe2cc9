/* server_limits: a platform's own limits, asked of its server and kept a day. */
#include "server_limits.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "file.h"
#include "http.h"
#include "platforms.h"
#include "xalloc.h"

#define LIMITS_MAGIC	"almanac-limits 1"
#define LIMITS_FILE_MAX	4096	/* bytes of a kept file we read */
#define LIMITS_VALUE_MAX 1000000	/* a limit or a link's count we take */
#define LIMITS_IMAGE_MAX (1LL << 30)	/* a picture's limit we take, bytes */

char *
limits_path(const struct config *c, size_t pf)
{
	return xasprintf("%s/%s.limits", c->state_dir, platform_name(pf));
}

/* The entry's limits of platform pf. */
static void
entry_limits(size_t pf, struct limits *out)
{
	memset(out, 0, sizeof(*out));
	out->limit = adapter_get(pf)->limit;
	out->url_weight = TEXT_URL_WEIGHT;
}

/* The value of the line "KEY VALUE" of text (up to its end of line), or
 * NULL when text has no such line. */
static const char *
line_value(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, n) == 0 && p[n] == ' ')
			return p + n + 1;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/*
 * The kept file: "almanac-limits 1" and one "KEY VALUE" line each for
 * api, fetched (Unix time), limit and url_weight, and image_max when the
 * server said it (a file kept before it was asked has none). The value of
 * key in text, a whole number from 1 to max, into *out; false when it is
 * not there or is anything else.
 */
static bool
line_number(const char *text, const char *key, long long max,
    long long *out)
{
	const char *v = line_value(text, key);
	char *end;
	long long n;

	if (v == NULL || *v < '0' || *v > '9')
		return false;
	n = strtoll(v, &end, 10);
	if ((*end != '\n' && *end != '\0') || n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

bool
limits_read(const struct config *c, size_t pf, struct limits *out)
{
	char *path = limits_path(c, pf), *buf = NULL, *api;
	const char *a;
	struct stat st;
	size_t len, alen;
	long long f, lim, uw, im;
	int e;
	bool ok = false;

	entry_limits(pf, out);
	api = adapter_base(adapter_get(pf), &c->platforms[pf]);
	if (api != NULL && file_read_regular(path, LIMITS_FILE_MAX, &buf, &len,
	    &st, &e) == FILE_OK && strlen(buf) == len &&
	    strncmp(buf, LIMITS_MAGIC "\n", sizeof(LIMITS_MAGIC)) == 0 &&
	    (a = line_value(buf, "api")) != NULL &&
	    (alen = strcspn(a, "\n")) == strlen(api) &&
	    strncmp(a, api, alen) == 0 &&
	    line_number(buf, "fetched", LLONG_MAX, &f) &&
	    line_number(buf, "limit", LIMITS_VALUE_MAX, &lim) &&
	    line_number(buf, "url_weight", LIMITS_VALUE_MAX, &uw)) {
		out->known = true;
		out->limit = (size_t)lim;
		out->url_weight = (size_t)uw;
		out->fetched = f;
		out->image_max = line_number(buf, "image_max",
		    LIMITS_IMAGE_MAX, &im) ? (size_t)im : 0;
		ok = true;
	}
	free(buf);
	free(api);
	free(path);
	return ok;
}

int
limits_write(const struct config *c, size_t pf, const struct limits *l,
    char **err)
{
	char *path = limits_path(c, pf), *api, *text, *why = NULL, *image;
	int rc = 0;

	api = adapter_base(adapter_get(pf), &c->platforms[pf]);
	image = l->image_max > 0 ? xasprintf("image_max %zu\n", l->image_max) :
	    xstrdup("");
	text = xasprintf(LIMITS_MAGIC "\napi %s\nfetched %lld\nlimit %zu\n"
	    "url_weight %zu\n%s", api ? api : "", l->fetched, l->limit,
	    l->url_weight, image);
	free(image);
	if (file_replace(path, text, strlen(text), 0644, &why) == -1) {
		*err = xasprintf("%s: cannot write: %s", path, why);
		free(why);
		rc = -1;
	}
	free(text);
	free(api);
	free(path);
	return rc;
}

void
limits_apply(struct config *c, size_t pf, const struct limits *l)
{
	struct platform_conf *pc = &c->platforms[pf];
	char when[32];
	time_t t = (time_t)l->fetched;
	struct tm tm;

	pc->limit = l->limit;
	pc->url_weight = l->url_weight;
	pc->image_max = l->image_max;
	free(pc->limits_from);
	if (l->known && gmtime_r(&t, &tm) != NULL &&
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm) > 0)
		pc->limits_from = xasprintf("the server's limits, asked %s",
		    when);
	else
		pc->limits_from = xstrdup("the default limits: the server's "
		    "are asked by the first run that publishes");
}

size_t
limits_offline(struct config *c)
{
	struct limits l;
	size_t pf, n = 0;

	for (pf = 0; pf < platform_count(); pf++)
		if (c->platforms[pf].present &&
		    adapter_get(pf)->limits != NULL) {
			(void)limits_read(c, pf, &l);
			limits_apply(c, pf, &l);
			n++;
		}
	return n;
}

/* One platform's request in flight. */
struct ask {
	struct config *c;
	size_t pf;
	long long now;
	struct request_list rl;
	char *note;		/* what went wrong, or NULL */
};

/* Adds a note to *notes. */
static void
note_add(char ***notes, size_t *n, char *s)
{
	*notes = xreallocarray(*notes, *n + 2, sizeof(**notes));
	(*notes)[(*n)++] = s;
	(*notes)[*n] = NULL;
}

/* The server's answer: kept and applied, or the older ones stand. */
static void
on_answer(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct ask *k = arg;
	const struct adapter *a = adapter_get(k->pf);
	struct limits l, old;
	char *err = NULL;

	(void)e;
	(void)req;
	memset(&l, 0, sizeof(l));
	if (!a->limits_parse(resp, &l.limit, &l.url_weight, &l.image_max) ||
	    l.limit == 0 || l.limit > LIMITS_VALUE_MAX || l.url_weight == 0 ||
	    l.url_weight > LIMITS_VALUE_MAX) {
		if (resp->error != HTTP_OK)
			k->note = xasprintf("%s: could not ask the server's "
			    "limits (%s)", a->name, resp->error_text ?
			    resp->error_text : "no answer");
		else
			k->note = xasprintf("%s: the server's limits could not "
			    "be read from its answer (%ld)", a->name,
			    resp->status);
		(void)limits_read(k->c, k->pf, &old);
		limits_apply(k->c, k->pf, &old);
		return;
	}
	if ((long long)l.image_max > LIMITS_IMAGE_MAX)
		l.image_max = 0;	/* beyond belief: the entry's stands */
	l.known = true;
	l.fetched = k->now;
	if (limits_write(k->c, k->pf, &l, &err) == -1)
		k->note = xasprintf("%s: the server's limits are used but "
		    "not kept: %s", a->name, err);
	free(err);
	limits_apply(k->c, k->pf, &l);
}

void
limits_refresh(struct config *c, struct http_engine *e, unsigned mask,
    long long now, char ***notes)
{
	struct ask asks[PLATFORMS_MAX];
	struct adapter_ctx ctx;
	struct limits l;
	size_t pf, n = 0, nn = 0, i;
	char *err = NULL;
	const struct adapter *a;

	*notes = NULL;
	for (pf = 0; pf < platform_count() && pf < PLATFORMS_MAX; pf++) {
		a = adapter_get(pf);
		if (a->limits == NULL || !c->platforms[pf].enabled ||
		    (mask != 0 && !(mask & (1u << pf))))
			continue;
		if (limits_read(c, pf, &l) && l.fetched <= now &&
		    now - l.fetched < LIMITS_MAX_AGE) {
			limits_apply(c, pf, &l);
			continue;
		}
		/* what stands when the server does not answer */
		limits_apply(c, pf, &l);
		memset(&ctx, 0, sizeof(ctx));
		ctx.config = c;
		ctx.pc = &c->platforms[pf];
		ctx.now = now;
		memset(&asks[n], 0, sizeof(asks[n]));
		if (a->limits(&ctx, &asks[n].rl, &err) == -1) {
			note_add(notes, &nn, xasprintf("%s: could not ask the "
			    "server's limits: %s", a->name, err));
			free(err);
			err = NULL;
			continue;
		}
		asks[n].c = c;
		asks[n].pf = pf;
		asks[n].now = now;
		http_engine_add(e, &asks[n].rl.v[0], 0, on_answer, &asks[n]);
		n++;
	}
	if (n > 0 && http_engine_run(e, &err) == -1) {
		note_add(notes, &nn, err);
		err = NULL;
	}
	for (i = 0; i < n; i++) {
		if (asks[i].note != NULL)
			note_add(notes, &nn, asks[i].note);
		request_list_free(&asks[i].rl);
	}
}
