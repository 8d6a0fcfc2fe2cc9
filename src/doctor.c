/* doctor: whether a publish run would work (see doctor.h). */
#include "doctor.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "http.h"
#include "platforms.h"
#include "publish.h"
#include "redact.h"
#include "renew.h"
#include "tokens.h"
#include "xalloc.h"

/* One platform's token, being checked. */
struct pcheck {
	const struct adapter *a;
	struct adapter_ctx ctx;
	struct request_list rl;
	struct token_check t;
	bool selected;		/* enabled and asked for */
	char *not_asked;	/* else why not: a config FAIL, or NULL */
};

/* An answer's platform and request number. */
struct answer_to {
	struct pcheck *c;
	size_t i;
	int tries;		/* retries so far */
};

/* Backoff before the n-th retry: 1 s, 2 s, 4 s ... as publish waits. */
#define BACKOFF_BASE_MS 1000

const char *
doctor_level_name(enum doctor_level l)
{
	switch (l) {
	case DOCTOR_OK:
		return "ok";
	case DOCTOR_INFO:
		return "info";
	case DOCTOR_WARN:
		return "warn";
	case DOCTOR_FAIL:
		break;
	}
	return "FAIL";
}

/* Appends a line. */
static void __attribute__((format(printf, 5, 6)))
add(struct doctor_report *r, enum doctor_level level, bool config,
    const char *subject, const char *fmt, ...)
{
	struct doctor_line *l;
	va_list ap;

	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	l = &r->v[r->n++];
	l->level = level;
	l->config = config && level == DOCTOR_FAIL;
	l->subject = xstrdup(subject);
	va_start(ap, fmt);
	l->text = xvasprintf(fmt, ap);
	va_end(ap);
	r->count[level]++;
}

void
doctor_report_free(struct doctor_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].subject);
		free(r->v[i].text);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int
doctor_exit_code(const struct doctor_report *r)
{
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < r->n; i++)
		if (r->v[i].level == DOCTOR_FAIL) {
			if (r->v[i].config)
				return EXIT_CONFIG;
			rc = EXIT_FAIL;
		}
	return rc;
}

/* posts_dir can be read; state_dir can be written or made; the pause. */
static void
check_folders(const struct app *app, struct doctor_report *r)
{
	const struct config *c = &app->cfg;
	DIR *d;
	char *why, *pause;

	if ((d = opendir(c->posts_dir)) == NULL)
		add(r, DOCTOR_FAIL, true, "posts_dir", "%s cannot be read: %s",
		    c->posts_dir, strerror(errno));
	else {
		closedir(d);
		add(r, DOCTOR_OK, false, "posts_dir", "%s can be read",
		    c->posts_dir);
	}
	switch (file_folder_writable(c->state_dir, &why)) {
	case 0:
		add(r, DOCTOR_OK, false, "state_dir", "%s can be written to",
		    c->state_dir);
		break;
	case 1:
		add(r, DOCTOR_OK, false, "state_dir", "%s does not exist yet; "
		    "the first run makes it", c->state_dir);
		break;
	default:
		add(r, DOCTOR_FAIL, true, "state_dir", "%s", why);
		free(why);
		break;
	}
	pause = publish_pause_path(c);
	if (access(pause, F_OK) == 0)
		add(r, DOCTOR_WARN, false, "state_dir", "publishing is paused "
		    "(%s exists); \"almanac resume\" goes on", pause);
	free(pause);
}

/* Loads the credentials into *cr and says how it went. */
static bool
check_credentials(const struct app *app, struct doctor_report *r,
    struct credentials *cr)
{
	struct diags d = DIAGS_INIT;
	struct stat st;
	size_t i;
	char *s;
	bool ok;

	if (app->cfg.credentials == NULL &&
	    getenv("CREDENTIALS_DIRECTORY") == NULL) {
		add(r, DOCTOR_FAIL, true, "credentials", "none: set "
		    "\"credentials\" in %s or run under systemd with "
		    "LoadCredential=almanac:FILE", app->config_path);
		return false;
	}
	ok = credentials_load(app->cfg.credentials, cr, &d) == 0;
	for (i = 0; i < d.n; i++) {
		s = diag_format(&d.v[i]);
		add(r, d.v[i].sev == DIAG_ERROR ? DOCTOR_FAIL : DOCTOR_WARN,
		    true, "credentials", "%s", s);
		free(s);
	}
	diags_free(&d);
	if (!ok)
		return false;
	if (stat(cr->source, &st) == 0)
		add(r, DOCTOR_OK, false, "credentials", "%s (mode %04o)",
		    cr->source, (unsigned)(st.st_mode & 07777));
	else
		add(r, DOCTOR_OK, false, "credentials", "%s", cr->source);
	return true;
}

/* The prefix of the example credentials' values (credentials.example). */
#define CRED_PLACEHOLDER "your-"

/* True when url's host is example.org, example.com or example.net or a
 * name under one of them or under the .example TLD (RFC 2606's, the
 * shipped examples' hosts). */
static bool
example_host(const char *url)
{
	static const char *const names[] = { "example.org", "example.com",
	    "example.net", "example" };
	const char *h = strstr(url, "://"), *e, *at;
	size_t len, n, i;

	h = h != NULL ? h + 3 : url;
	e = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(e - h))) != NULL)
		h = at + 1;
	len = strcspn(h, ":/?#");
	while (len > 0 && h[len - 1] == '.')
		len--;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (len >= n && strncasecmp(h + len - n, names[i], n) == 0 &&
		    (len == n || h[len - n - 1] == '.'))
			return true;
	}
	return false;
}

/* A URL setting at an example host: a warning (its posts would carry
 * it), a failure for api (no request there can work). Returns true for
 * the failure. */
static bool
example_url(struct doctor_report *r, const char *pname, const char *key,
    const char *url)
{
	if (url == NULL || !example_host(url))
		return false;
	if (strcmp(key, "api") == 0) {
		add(r, DOCTOR_FAIL, true, pname, "platforms.%s.api is %s, an "
		    "example host: nothing can be sent there; remove the "
		    "setting or give the real API", pname, url);
		return true;
	}
		add(r, DOCTOR_WARN, false, pname, "platforms.%s.%s is %s, an "
		    "example host: a placeholder left from the example "
		    "config; set your own", pname, key, url);
	return false;
}

/*
 * Placeholders left from the shipped examples in platform pf's settings
 * (URLs at example hosts, a setting still at its entry's placeholder) and
 * credentials (values starting "your-"). Returns true when api or a
 * credential is one: asking the platform would be in vain.
 */
static bool
check_placeholders(const struct app *app, struct doctor_report *r, int pf,
    const struct credentials *cr)
{
	const struct adapter *a = adapter_get((size_t)pf);
	const struct platform_conf *pc = &app->cfg.platforms[pf];
	const struct platform_setting *st;
	const char *v;
	bool in_vain;
	size_t i;

	in_vain = example_url(r, a->name, "api", pc->api);
	(void)example_url(r, a->name, "default_image", pc->default_image);
	for (i = 0, st = a->settings; st != NULL && st[i].name != NULL; i++) {
		if (st[i].kind == SETTING_INT || (v = pc->set[i]) == NULL)
			continue;
		if (st[i].kind == SETTING_URL)
			(void)example_url(r, a->name, st[i].name, v);
		if (st[i].placeholder != NULL &&
		    strcmp(v, st[i].placeholder) == 0)
			add(r, DOCTOR_FAIL, true, a->name, "platforms.%s.%s is "
			    "\"%s\", the example config's placeholder; set "
			    "your own", a->name, st[i].name, v);
	}
	for (i = 0; cr != NULL && a->cred_keys != NULL &&
	    a->cred_keys[i] != NULL; i++) {
		v = cr->v[pf][i];
		if (v != NULL && strncasecmp(v, CRED_PLACEHOLDER,
		    strlen(CRED_PLACEHOLDER)) == 0) {
			add(r, DOCTOR_FAIL, true, "credentials", "%s.%s in %s "
			    "is still a placeholder (\"%s...\"); put the real "
			    "value there", a->name, a->cred_keys[i], cr->source,
			    CRED_PLACEHOLDER);
			in_vain = true;
		}
	}
	return in_vain;
}

/*
 * Whether a transfer that ended without an answer is tried again, as a
 * publish run would (http.retries times, with backoff): the requests only
 * read, so even one that went out may be sent again. Returns the delay in
 * ms, or -1.
 */
static long long
retry_delay(const struct answer_to *to, const struct http_response *resp)
{
	const struct http_conf *h = &to->c->ctx.config->http;
	long long d, max = (long long)h->max_wait * 1000;

	switch (resp->error) {
	case HTTP_E_CONNECT:
	case HTTP_E_TIMEOUT:
	case HTTP_E_DROPPED:
	case HTTP_E_OTHER:
		break;
	default:
		return -1;
	}
	if (to->tries >= h->retries || to->tries >= 16)
		return -1;
	d = (long long)BACKOFF_BASE_MS << to->tries;
	return d <= max ? d : max;
}

/* An answer to one of the whoami requests. */
static void
on_answer(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct answer_to *to = arg;
	struct pcheck *c = to->c;
	struct request_list fresh = { NULL, 0 };
	struct request tmp;
	long long delay;
	char *err = NULL;

	(void)req;
	if ((delay = retry_delay(to, resp)) >= 0) {
		to->tries++;
		/* Built again: a signature carries a time and a nonce. */
		if (c->a->whoami(&c->ctx, &fresh, &err) == 0 &&
		    to->i < fresh.n) {
			tmp = c->rl.v[to->i];
			c->rl.v[to->i] = fresh.v[to->i];
			fresh.v[to->i] = tmp;
		}
		request_list_free(&fresh);
		free(err);
		http_engine_add(e, &c->rl.v[to->i], http_now_ms() + delay,
		    on_answer, to);
		return;
	}
	c->a->whoami_parse(&c->ctx, to->i, resp, &c->t);
}

/* Asks every platform that could be asked, all at once. */
static void
ask(const struct app *app, struct doctor_report *r, struct pcheck *checks)
{
	struct http_engine *e;
	struct answer_to *to = NULL;
	size_t nto = 0, k, i;
	char *err = NULL;
	int pf, npf = (int)platform_count();

	for (pf = 0; pf < npf; pf++)
		if (checks[pf].selected && checks[pf].not_asked == NULL)
			nto += checks[pf].rl.n;
	if (nto == 0)
		return;
	if (http_engine_new(&app->cfg.http, &e, &err) == -1) {
		add(r, DOCTOR_FAIL, true, "http", "%s", err);
		for (pf = 0; pf < npf; pf++)
			if (checks[pf].selected && checks[pf].not_asked == NULL)
				checks[pf].not_asked = xasprintf("not asked: "
				    "%s", err);
		free(err);
		return;
	}
	to = xreallocarray(NULL, nto, sizeof(*to));
	for (k = 0, pf = 0; pf < npf; pf++) {
		if (!checks[pf].selected || checks[pf].not_asked != NULL)
			continue;
		for (i = 0; i < checks[pf].rl.n; i++, k++) {
			to[k].c = &checks[pf];
			to[k].i = i;
			to[k].tries = 0;
			http_engine_add(e, &checks[pf].rl.v[i], 0, on_answer,
			    &to[k]);
		}
	}
	if (http_engine_run(e, &err) == -1) {
		add(r, DOCTOR_FAIL, false, "http", "%s", err);
		free(err);
	}
	http_engine_free(e);
	free(to);
}

/* The expiry of an accepted token, where the platform told it. */
static void
expiry_line(const struct app *app, struct doctor_report *r,
    const struct adapter *a, const struct token_check *t)
{
	const char *what, *name = a->name;
	char *how;
	long long left;
	long days;
	struct ymd d;
	char on[16];
	int min;
	bool soon, from_store;

	if (t->expiry_error != NULL) {
		add(r, DOCTOR_INFO, false, name, "when the token expires is "
		    "not known: %s", t->expiry_error);
		return;
	}
	if (!t->expiry_known)
		return;
	if (t->expires_at == 0 && t->expiry_field == NULL) {
		/* the platform's tokens never end */
		add(r, DOCTOR_OK, false, name, "the token does not expire "
		    "(it lasts until it is revoked)");
		return;
	}
	if (t->expires_at == 0) {
		add(r, DOCTOR_OK, false, name, "the token does not expire "
		    "(%s: %s 0)", t->expiry_source, t->expiry_field);
		return;
	}
	/* From the platform's answer (debug_token's, introspectToken's), or
	 * from the token store (the field is then the store's name for the
	 * token). */
	from_store = t->expiry_source == NULL;
	what = t->expiry_field != NULL &&
	    strcmp(t->expiry_field, "data_access_expires_at") == 0 ?
	    "the token's data access" : from_store && strcmp(t->expiry_field,
	    "refresh_token") == 0 ? "the refresh token" : "the token";
	if (date_local(app->cfg.timezone, (time_t)t->expires_at, &d, &min))
		snprintf(on, sizeof(on), "%04d-%02d-%02d", d.y % 10000, d.m,
		    d.d);
	else
		snprintf(on, sizeof(on), "?");
	left = t->expires_at - (long long)app->now;
	if (left <= 0 && from_store) {
		how = renew_remedy(a);
		add(r, DOCTOR_FAIL, false, name, "%s expired on %s (token "
		    "store); renew it: %s", what, on, how);
		free(how);
		return;
	}
	if (left <= 0) {
		add(r, DOCTOR_FAIL, false, name, "%s expired on %s "
		    "(%s: %s); renew it", what, on, t->expiry_source,
		    t->expiry_field);
		return;
	}
	days = (long)(left / 86400);
	soon = days <= DOCTOR_EXPIRY_WARN_DAYS;
	if (days == 0)
		add(r, DOCTOR_WARN, false, name, "%s expires in less than a "
		    "day (on %s); renew it now", what, on);
	else
		add(r, soon ? DOCTOR_WARN : DOCTOR_OK, false, name, "%s "
		    "expires in %ld day%s (on %s)%s", what, days,
		    days == 1 ? "" : "s", on, soon ? "; renew it before then" :
		    "");
}

/* The expiry of platform a's access token from the token store, where
 * the platform's own answer did not say. */
static void
stored_expiry(const struct adapter *a, const struct tokens *store,
    struct token_check *t)
{
	const struct token *k = tokens_get(store, a->name, "access_token");

	if (k != NULL && k->expires_at != 0 && !t->expiry_known &&
	    t->expiry_error == NULL) {
		t->expiry_known = true;
		t->expires_at = k->expires_at;
		t->expiry_field = "access_token";
	}
}

/* The expiry of platform a's refresh token in the token store, as a
 * line of its own. */
static void
refresh_line(const struct app *app, struct doctor_report *r,
    const struct adapter *a, const struct tokens *store)
{
	const struct token *k = tokens_get(store, a->name, "refresh_token");
	struct token_check rt;

	if (k == NULL || k->expires_at == 0)
		return;
	memset(&rt, 0, sizeof(rt));
	rt.expiry_known = true;
	rt.expires_at = k->expires_at;
	rt.expiry_field = "refresh_token";
	expiry_line(app, r, a, &rt);
}

/* The lines of one platform's token. */
static void
token_lines(const struct app *app, struct doctor_report *r,
    const struct pcheck *c)
{
	const struct token_check *t = &c->t;
	const char *name = c->a->name;

	if (c->not_asked != NULL) {
		add(r, DOCTOR_FAIL, true, name, "%s", c->not_asked);
		return;
	}
	switch (t->state) {
	case TOKEN_OK:
		add(r, DOCTOR_OK, false, name, "token of %s",
		    t->who != NULL ? t->who : "an account without a name");
		if (t->warning != NULL)
			add(r, DOCTOR_WARN, false, name, "%s", t->warning);
		break;
	case TOKEN_UNNAMED:
		add(r, DOCTOR_WARN, false, name, "%s", t->error);
		break;
	case TOKEN_UNCHECKED:
		add(r, DOCTOR_FAIL, false, name, "no answer was read");
		return;
	default:
		add(r, DOCTOR_FAIL, false, name, "%s", t->error != NULL ?
		    t->error : "failed");
		return;
	}
	expiry_line(app, r, c->a, t);
}

/* The lines of a platform's own checks (its doctor hook). */
static void
own_lines(const struct app *app, struct doctor_report *r,
    const struct adapter *a, const struct adapter_ctx *ctx)
{
	static const enum doctor_level level[] = { [NOTE_OK] = DOCTOR_OK,
	    [NOTE_INFO] = DOCTOR_INFO, [NOTE_WARN] = DOCTOR_WARN,
	    [NOTE_FAIL] = DOCTOR_FAIL };
	struct notes n = { NULL, 0 };
	size_t i;

	a->doctor(ctx, app->today, &n);
	for (i = 0; i < n.n; i++)
		add(r, level[n.v[i].level], false, a->name, "%s",
		    n.v[i].text);
	notes_free(&n);
}

void
doctor_run(const struct app *app, unsigned platforms,
    struct doctor_report *out)
{
	const struct config *c = &app->cfg;
	struct pcheck checks[PLATFORMS_MAX];
	struct credentials cr;
	struct tokens store = TOKENS_INIT;
	bool need_cred = false, have_cred = false;
	char *err;
	int pf, nselected = 0, npf = (int)platform_count();

	memset(out, 0, sizeof(*out));
	memset(checks, 0, sizeof(checks));
	memset(&cr, 0, sizeof(cr));
	for (pf = 0; pf < npf; pf++) {
		checks[pf].a = adapter_get((size_t)pf);
		checks[pf].selected = c->platforms[pf].enabled &&
		    (platforms == 0 || (platforms & (1u << pf)));
		if (!checks[pf].selected)
			continue;
		nselected++;
		if (checks[pf].a->whoami != NULL)
			need_cred = true;
	}

	add(out, DOCTOR_OK, false, "config", "%s", app->config_path);
	if (nselected == 0)
		add(out, DOCTOR_WARN, false, "config", platforms == 0 ?
		    "no platform is enabled" : "none of the platforms asked "
		    "for is enabled");
	check_folders(app, out);
	if (need_cred)
		have_cred = check_credentials(app, out, &cr);
	err = NULL;
	if (have_cred && tokens_load(c->state_dir, &store, &err) == -1) {
		add(out, DOCTOR_FAIL, true, "credentials", "%s", err);
		free(err);
	}
	if (!need_cred)
		add(out, DOCTOR_INFO, false, "credentials", "not needed: no "
		    "enabled platform sends anything");

	for (pf = 0; pf < npf; pf++) {
		struct pcheck *k = &checks[pf];

		if (!k->selected)
			continue;
		if (check_placeholders(app, out, pf, have_cred ? &cr : NULL))
			k->not_asked = xstrdup("not asked: a placeholder is "
			    "left in its api or credentials");
		if (k->a->whoami == NULL || k->not_asked != NULL)
			continue;
		k->ctx.config = c;
		k->ctx.pc = &c->platforms[pf];
		k->ctx.cred = &cr;
		k->ctx.tokens = &store;
		k->ctx.now = (long long)time(NULL);
		err = NULL;
		if (!have_cred)
			k->not_asked = xstrdup("not asked: no usable "
			    "credentials");
		else if (k->a->whoami(&k->ctx, &k->rl, &err) == -1)
			k->not_asked = err;
	}
	ask(app, out, checks);
	/* A platform may echo the token it was sent in its answer: every
	 * secret is taken out of what its answers said before it is shown. */
	if (have_cred) {
		struct redact secrets;

		redact_init(&secrets, &cr);
		for (size_t i = 0; i < store.n; i++)
			if (strcmp(store.v[i].name, TOKENS_ACCOUNT) != 0)
				redact_add(&secrets, store.v[i].value);
		for (pf = 0; pf < npf; pf++) {
			struct token_check *t = &checks[pf].t;

			redact_replace(&secrets, &t->who);
			redact_replace(&secrets, &t->error);
			redact_replace(&secrets, &t->warning);
			redact_replace(&secrets, &t->expiry_error);
		}
		redact_free(&secrets);
	}

	for (pf = 0; pf < npf; pf++) {
		if (!checks[pf].selected)
			continue;
		if (checks[pf].a->whoami != NULL) {
			/* stored tokens the credentials file replaced say
			 * nothing of the token in use */
			bool current = adapter_store_current(&cr, &store,
			    checks[pf].a);

			if (current)
				stored_expiry(checks[pf].a, &store,
				    &checks[pf].t);
			token_lines(app, out, &checks[pf]);
			/* unless the platform's answer gave its expiry */
			if (current && (checks[pf].t.expiry_field == NULL ||
			    strcmp(checks[pf].t.expiry_field,
			    "refresh_token") != 0))
				refresh_line(app, out, checks[pf].a, &store);
		}
		if (checks[pf].a->doctor != NULL) {
			checks[pf].ctx.config = c;
			checks[pf].ctx.pc = &c->platforms[pf];
			own_lines(app, out, checks[pf].a, &checks[pf].ctx);
		}
		request_list_free(&checks[pf].rl);
		token_check_free(&checks[pf].t);
		free(checks[pf].not_asked);
	}
	if (have_cred)
		credentials_free(&cr);
	tokens_free(&store);
}
