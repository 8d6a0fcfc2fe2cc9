/* publish_job: one (post, platform) pair in flight: its requests sent,
 * each answer read, retried or followed, and the outcome recorded in the
 * ledger and logged (see publish_impl.h). */
#include "publish_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "log.h"
#include "publish.h"
#include "renew.h"
#include "xalloc.h"

/* Backoff before the n-th retry within a run: 1 s, 2 s, 4 s ... */
#define BACKOFF_BASE_MS 1000

void
ledger_trouble(struct run *r, char *err)
{
	log_msg(LOG_ERROR, "%s", err);
	free(err);
	if (r->ledger != NULL && ledger_locked(r->ledger)) {
		if (!r->sum->locked)
			log_msg(LOG_ERROR, "the ledger is locked by another "
			    "program: nothing more is sent in this run; the "
			    "next run tries again");
		r->sum->locked = true;
		return;
	}
	if (!r->ledger_broken)
		log_msg(LOG_ERROR, "the ledger cannot be written: nothing more "
		    "is sent in this run");
	r->ledger_broken = true;
	r->sum->ledger_errors++;
}

bool
ledger_usable(const struct run *r)
{
	return !r->ledger_broken && !r->sum->locked;
}

/* The run's clock now, Unix time: --now stands still, else the real
 * time. */
static long long
run_clock(const struct run *r)
{
	return r->app->now_given ? (long long)r->app->now :
	    (long long)time(NULL);
}

void
run_when(const struct run *r, long long t, char *out, size_t size)
{
	struct ymd day;
	int min;

	if (!date_local(r->app->cfg.timezone, (time_t)t, &day, &min))
		snprintf(out, size, "%lld", t);
	else {
		char hm[DATE_HHMM_SIZE];

		date_hhmm(min, hm);
		if (date_cmp(day, r->app->today) == 0)
			snprintf(out, size, "%s", hm);
		else
			snprintf(out, size, "%04d-%02d-%02d %s", day.y, day.m,
			    day.d, hm);
	}
}

struct log_fields
job_fields(const struct job *j, const char *state)
{
	struct log_fields f = LOG_FIELDS_INIT;

	f.day = j->day;
	f.post = j->post->id;
	f.platform = j->a->name;
	f.state = state;
	return f;
}

void
job_free(struct job *j)
{
	message_free(&j->m);
	request_list_free(&j->rl);
	free(j->sink_id);
	free(j->progress);
	free(j);
}

void
job_progress(struct job *j, const char *step)
{
	free(j->progress);
	j->progress = step != NULL && *step != '\0' ? xstrdup(step) : NULL;
	j->ctx.progress = j->progress;
}

/* " (201, 412 ms)" for a log line. */
static void
status_text(const struct outcome *o, long long ms, char *out, size_t size)
{
	if (ms < 0)
		*out = '\0';
	else if (o->http_status > 0)
		snprintf(out, size, " (%d, %lld ms)", o->http_status, ms);
	else
		snprintf(out, size, " (%lld ms)", ms);
}

/* Why a pair rate limited past its slot's grace is missed. Allocated. */
static char *
missed_reason(const struct job *j, const struct outcome *o)
{
	const struct run *r = j->run;
	char until[32], slot[32], grace[32];

	run_when(r, o->not_before, until, sizeof(until));
	run_when(r, j->deadline - r->app->cfg.grace, slot, sizeof(slot));
	date_duration(r->app->cfg.grace, grace, sizeof(grace));
	return xasprintf("%s asks to wait until %s, more than the grace of "
	    "%s after its slot %s%s%s", j->a->name, until,
	    grace, slot, o->error != NULL ? ": " : "",
	    o->error != NULL ? o->error : "");
}

/* Records and logs the final outcome of a job. */
static void
job_finish(struct job *j, const struct outcome *o, long long ms)
{
	struct run *r = j->run;
	struct ledger_outcome lo;
	struct log_fields f = job_fields(j, NULL);
	char st[48], when[32], *err = NULL, *missed = NULL;

	memset(&lo, 0, sizeof(lo));
	lo.retryable = o->retryable;
	lo.not_before = o->not_before;
	lo.http_status = o->http_status;
	lo.remote_id = o->remote_id;
	lo.permalink = o->permalink;
	lo.error = o->error;
	status_text(o, ms, st, sizeof(st));
	f.http_status = o->http_status;
	f.ms = ms;
	switch (o->kind) {
	case OUTCOME_PUBLISHED:
		lo.state = LS_PUBLISHED;
		lo.title = j->m.title ? j->m.title : j->post->title;
		lo.text = j->m.text;
		lo.link = j->m.link;
		lo.image = j->m.image_url;
		r->sum->published++;
		f.state = ledger_state_name(LS_PUBLISHED);
		f.permalink = o->permalink;
		log_pair(LOG_INFO, &f, "published %s %s %s%s%s", j->a->name,
		    j->post->id, o->permalink ? o->permalink :
		    o->remote_id ? o->remote_id : "", st,
		    o->duplicate ? "; it was already there" : "");
		break;
	case OUTCOME_FAILED:
		lo.state = LS_FAILED;
		f.state = ledger_state_name(LS_FAILED);
		/* A retired API version, say: fixed in the config. */
		if (o->config)
			r->sum->config_error = true;
		if (o->retryable && j->deadline > 0 &&
		    o->not_before > j->deadline) {
			/* Its slot's grace ends before the platform takes it
			 * again: it cannot go out on time. */
			lo.state = LS_MISSED;
			lo.error = missed = missed_reason(j, o);
			r->sum->missed++;
			f.state = ledger_state_name(LS_MISSED);
			log_pair(LOG_WARNING, &f, "missed %s %s: %s%s", j->a->name,
			    j->post->id, missed, st);
		} else if (o->retryable && o->not_before > j->ctx.clock) {
			r->sum->failed_retryable++;
			run_when(r, o->not_before, when, sizeof(when));
			log_pair(LOG_WARNING, &f, "failed %s %s: %s%s; the first run "
			    "after %s tries again", j->a->name, j->post->id,
			    o->error ? o->error : "no reason given", st, when);
		} else if (o->retryable) {
			r->sum->failed_retryable++;
			log_pair(LOG_WARNING, &f, "failed %s %s: %s%s; the next run "
			    "tries again", j->a->name, j->post->id,
			    o->error ? o->error : "no reason given", st);
		} else {
			r->sum->failed++;
			log_pair(LOG_ERROR, &f, "failed %s %s: %s%s; not tried "
			    "again (publish --retry-failed after fixing it)",
			    j->a->name, j->post->id,
			    o->error ? o->error : "no reason given", st);
		}
		break;
	case OUTCOME_UNKNOWN:
	case OUTCOME_NEXT:
		lo.state = LS_UNKNOWN;
		r->sum->unknown++;
		f.state = ledger_state_name(LS_UNKNOWN);
		log_pair(LOG_ERROR, &f, "unknown %s %s: %s%s; it may have been "
		    "posted: check, then publish --retry-unknown to send it "
		    "again", j->a->name, j->post->id,
		    o->error ? o->error : "no reason given", st);
		break;
	}
	if (ledger_finish(r->ledger, j->day, j->post->id, j->a->name, &lo,
	    &err) == -1) {
		/* The pair stays "sending", so the next run lists it as
		 * unknown and never sends it again on its own. */
		log_msg(LOG_ERROR, "not recorded: %s %s %s was %s%s%s%s%s, but "
		    "the ledger could not record it (%s); the next run lists "
		    "it as unknown%s", j->day, j->a->name, j->post->id,
		    ledger_state_name(lo.state), o->remote_id ? ", remote id "
		    : "", o->remote_id ? o->remote_id : "", o->permalink ?
		    ", " : "", o->permalink ? o->permalink : "", err,
		    lo.state == LS_PUBLISHED ? ": it is on the platform, do "
		    "not send it again with --retry-unknown" : "");
		free(err);
		r->sum->ledger_errors++;
		r->ledger_broken = true;
	}
	free(missed);
}

static void on_answer(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg);

/* Random jitter of up to max ms. */
static long long
jitter(long long max)
{
	unsigned int v = 0;

	if (max <= 0 || RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		return 0;
	return (long long)(v % (unsigned long long)max);
}

/*
 * Whether a retryable failure o is tried again in this run, and when.
 * Returns the delay in ms, or -1 when it is left for a later run. When
 * the platform said when to come back (o->not_before), the run waits for
 * it only when that is within http.max_wait.
 */
static long long
retry_delay(const struct job *j, const struct outcome *o)
{
	const struct http_conf *h = &j->run->app->cfg.http;
	long long d, max = (long long)h->max_wait * 1000;

	if (j->tries >= h->retries)
		return -1;
	if (o->not_before > 0) {
		d = (o->not_before - j->ctx.clock) * 1000;
		return d <= 0 ? 0 : d <= max ? d : -1;
	}
	d = (long long)BACKOFF_BASE_MS << j->tries;
	d += jitter(d / 2);
	return d <= max ? d : max;
}

/* Sends the job's current request. */
void
job_send(struct job *j, long long not_before)
{
	http_engine_add(j->run->engine, &j->rl.v[0], not_before, on_answer, j);
}

static void on_grant(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg);

/* Sends j again, its first request built anew with the renewed token. */
static void
job_resend(struct job *j)
{
	struct request_list fresh = { NULL, 0 };
	char *err = NULL;

	j->renewed = true;
	j->refused = false;
	if (j->step == 0 && j->a->build(&j->ctx, &j->m, &fresh, &err) == 0) {
		request_list_free(&j->rl);
		j->rl = fresh;
	}
	free(err);
	job_send(j, 0);
}

/*
 * Asks platform pf for a new access token (its entry's refresh hook) and
 * holds j (NULL: none) until the answer. Returns false when the
 * platform's renewal is not set up, or its request cannot be built (said
 * once): j is not held.
 */
static bool
renew_start(struct run *r, size_t pf, struct job *j)
{
	struct renewal *w = &r->renew[pf];
	const struct adapter *a = adapter_get(pf);
	struct request_list rl = { NULL, 0 };
	char *err = NULL;
	int rc;

	if (w->state == RENEW_NONE) {
		w->run = r;
		w->pf = pf;
		w->ctx.config = &r->app->cfg;
		w->ctx.pc = &r->app->cfg.platforms[pf];
		w->ctx.cred = &r->cred;
		w->ctx.tokens = &r->tokens;
		w->ctx.now = (long long)r->app->now;
		rc = a->refresh(&w->ctx, &rl, &err);
		if (rc != 0) {
			w->state = RENEW_FAILED;
			if (rc == -1)
				log_msg(LOG_ERROR, "%s's access token cannot "
				    "be renewed: %s", a->name, err);
			free(err);
			return false;
		}
		w->state = RENEW_PENDING;
		log_msg(LOG_DEBUG, "%s: renewing the access token", a->name);
		http_engine_add(r->engine, &rl.v[0], 0, on_grant, w);
		request_list_free(&rl);
	}
	if (w->state != RENEW_PENDING)
		return false;
	if (j != NULL) {
		w->wait = xreallocarray(w->wait, w->n + 1, sizeof(*w->wait));
		w->wait[w->n++] = j;
	}
	return true;
}

/* Whether platform pf has a renewal that has not started and is due. */
static bool
renewal_due(struct run *r, size_t pf)
{
	const struct adapter *a = adapter_get(pf);
	char *err = NULL;

	if (a->refresh == NULL || r->renew[pf].state != RENEW_NONE)
		return false;
	if (renew_adopt(r->app->cfg.state_dir, &r->tokens, a, &r->cred,
	    (long long)r->app->now, &err) == -1) {
		log_msg(LOG_WARNING, "%s: %s", a->name, err);
		free(err);
	}
	return renew_due(a, &r->cred, &r->tokens, (long long)r->app->now);
}

void
renew_platform(struct run *r, size_t pf)
{
	if (renewal_due(r, pf))
		renew_start(r, pf, NULL);
}

void
job_start(struct job *j)
{
	struct renewal *w = &j->run->renew[j->pf];

	if ((w->state == RENEW_PENDING || renewal_due(j->run, j->pf)) &&
	    renew_start(j->run, j->pf, j))
		return;
	job_send(j, 0);
}

/* A job held for a renewal that failed: one that was answered 401 is
 * failed (the next run tries again); one not sent yet goes out with the
 * token it has, which may still be good. */
static void
renew_failed_job(struct job *j, const char *why)
{
	struct outcome o;

	if (!j->refused) {
		job_send(j, 0);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.kind = OUTCOME_FAILED;
	o.retryable = true;
	o.http_status = 401;
	o.error = xasprintf("%s refused the access token and it could not be "
	    "renewed (%s)", j->a->name, why);
	job_finish(j, &o, -1);
	outcome_free(&o);
}

/*
 * The store's refresh token was refused, but the platform can start a new
 * session from the credentials file (GRANT_STALE): the refused token is
 * dropped from the store, durably, and refresh asked once more, the jobs
 * still held. Returns false (said) when that cannot be done.
 */
static bool
renew_again(struct renewal *w, struct token_grant *g)
{
	struct run *r = w->run;
	const struct adapter *a = adapter_get(w->pf);
	struct token_value v = { a->name, "refresh_token", "", 0 };
	struct request_list rl = { NULL, 0 };
	char *err = NULL;

	w->restarted = true;
	if (tokens_put(r->app->cfg.state_dir, &r->tokens, &v, 1,
	    (long long)r->app->now, &err) == -1 ||
	    a->refresh(&w->ctx, &rl, &err) != 0) {
		log_msg(LOG_ERROR, "%s: a new session cannot be started: %s",
		    a->name, err != NULL ? err : "no credentials for it");
		free(err);
		return false;
	}
	redact_replace(&r->secrets, &g->error);
	log_msg(LOG_INFO, "%s; starting a new session", g->error);
	http_engine_add(r->engine, &rl.v[0], 0, on_grant, w);
	request_list_free(&rl);
	token_grant_free(g);
	return true;
}

/* The token endpoint answered: the grant is stored before anything else
 * is sent (a rotated refresh token is the only one that works from now
 * on), then the held jobs go out. */
static void
on_grant(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct renewal *w = arg;
	struct run *r = w->run;
	const struct adapter *a = adapter_get(w->pf);
	struct token_grant g;
	const struct token *k;
	char *err = NULL, *why, *how, until[64], runtil[64];
	bool kept_failed = false;
	/* What a refused renewal asks the operator to put right: the
	 * credential the tokens descend from (adapter_renew_from), or the
	 * one credential a platform with neither logs in with (Bluesky's
	 * app password). */
	const char *key = a->cred_keys != NULL && a->renew_from == NULL &&
	    adapter_cred_key(a, "refresh_token") < 0 ? a->cred_keys[0] : NULL;
	size_t i;

	(void)e;
	(void)req;
	a->grant_parse(&w->ctx, resp, &g);
	if (g.state == GRANT_STALE && !w->restarted && renew_again(w, &g))
		return;
	if (g.state == GRANT_STALE)
		g.state = GRANT_REFUSED;
	if (g.state == GRANT_OK) {
		redact_add(&r->secrets, g.access_token);
		redact_add(&r->secrets, g.refresh_token);
		const char *given = adapter_cred_file(&r->cred, a,
		    adapter_renew_from(a));
		char seed[ADAPTER_SEED_SIZE];

		if (given != NULL)
			adapter_seed(given, seed);
		if (renew_save(r->app->cfg.state_dir, &r->tokens, a, &g,
		    given != NULL ? seed : NULL, (long long)r->app->now,
		    &err) == -1) {
			g.state = GRANT_ERROR;
			free(g.error);
			g.error = xasprintf("the renewed token could not be "
			    "kept: %s", err);
			how = renew_remedy(a);
			log_msg(LOG_ERROR, "%s: %s; once it can be written, "
			    "%s", a->name, g.error, how);
			free(how);
			free(err);
			r->sum->config_error = true;
			kept_failed = true;
		}
	}
	redact_replace(&r->secrets, &g.error);
	if (g.state == GRANT_OK) {
		w->state = RENEW_DONE;
		renew_until(tokens_get(&r->tokens, a->name, "access_token")->
		    expires_at, (long long)r->app->now, until, sizeof(until));
		k = tokens_get(&r->tokens, a->name, "refresh_token");
		renew_until(k != NULL ? k->expires_at : 0,
		    (long long)r->app->now, runtil, sizeof(runtil));
		if (strcmp(adapter_renew_from(a), "refresh_token") == 0)
			log_msg(LOG_INFO, "renewed %s's access token: good "
			    "until %s; the refresh token until %s", a->name,
			    until, runtil);
		else
			log_msg(LOG_INFO, "renewed %s's access token: good "
			    "until %s", a->name, until);
		for (i = 0; i < w->n; i++)
			job_resend(w->wait[i]);
	} else {
		w->state = RENEW_FAILED;
		if (g.state == GRANT_REFUSED && key != NULL) {
			r->sum->config_error = true;
			log_msg(LOG_ERROR, "%s; nothing renews %s's access "
			    "token until %s.%s in the credentials file is "
			    "put right", g.error, a->name, a->name, key);
		} else if (g.state == GRANT_REFUSED) {
			r->sum->config_error = true;
			how = renew_remedy(a);
			log_msg(LOG_ERROR, "%s; nothing renews %s's access "
			    "token until someone authorizes almanac again: %s",
			    g.error, a->name, how);
			free(how);
		} else if (!kept_failed)
			log_msg(LOG_WARNING, "%s's access token could not be "
			    "renewed: %s; the next run tries again", a->name,
			    g.error);
		how = renew_remedy(a);
		why = g.state == GRANT_REFUSED && key != NULL ?
		    xasprintf("%s refused its %s.%s", a->name, a->name, key) :
		    g.state == GRANT_REFUSED ? xasprintf("its %s was "
		    "refused: %s", adapter_renew_words(a), how) :
		    xstrdup(g.error);
		free(how);
		for (i = 0; i < w->n; i++)
			renew_failed_job(w->wait[i], why);
		if (g.state == GRANT_REFUSED)
			w->refused = why;
		else
			free(why);
	}
	free(w->wait);
	w->wait = NULL;
	w->n = 0;
	token_grant_free(&g);
}

/* An answer came for a job's request. */
static void
on_answer(struct http_engine *e, const struct request *req,
    const struct http_response *resp, void *arg)
{
	struct job *j = arg;
	struct outcome o;
	struct request_list fresh = { NULL, 0 };
	long long delay;
	char *err = NULL, span[32];

	(void)e;
	(void)req;
	/* A 401 created nothing: once the token is renewed, the request
	 * goes again. */
	if ((resp->status == 401 || (j->a->token_ended != NULL &&
	    j->a->token_ended(resp))) && j->a->refresh != NULL &&
	    !j->renewed && !publish_stopping()) {
		j->refused = true;
		if (j->run->renew[j->pf].state == RENEW_DONE) {
			job_resend(j);
			return;
		}
		if (renew_start(j->run, j->pf, j))
			return;
		if (j->run->renew[j->pf].refused != NULL) {
			renew_failed_job(j, j->run->renew[j->pf].refused);
			return;
		}
		j->refused = false;
	}
	memset(&o, 0, sizeof(o));
	j->ctx.clock = run_clock(j->run);
	j->a->parse(&j->ctx, &j->m, j->step, resp, &o);
	/* A platform may echo the token it was sent: none of what it says
	 * is logged or stored with a secret in it. */
	redact_replace(&j->run->secrets, &o.error);
	redact_replace(&j->run->secrets, &o.remote_id);
	redact_replace(&j->run->secrets, &o.permalink);
	redact_replace(&j->run->secrets, &o.step);
	if (o.http_status == 0)
		o.http_status = (int)resp->status;
	/* Progress to keep ("" clears it: a dead container, say). */
	if (o.step != NULL && ledger_set_step(j->run->ledger, j->day,
	    j->post->id, j->a->name, *o.step ? o.step : NULL, &err) == -1) {
		ledger_trouble(j->run, err);
		err = NULL;
	}
	if (o.step != NULL)
		job_progress(j, o.step);
	if (o.kind == OUTCOME_NEXT) {
		request_list_free(&j->rl);
		j->rl = o.next;
		o.next.v = NULL;
		o.next.n = 0;
		j->step = o.next_step;
		j->tries = 0;
		log_msg(LOG_DEBUG, "%s %s: step %d", j->a->name, j->post->id,
		    j->step);
		job_send(j, 0);
		outcome_free(&o);
		return;
	}
	/* Retry-After, when the platform's own headers did not say. */
	if (o.kind == OUTCOME_FAILED && o.retryable && o.not_before == 0 &&
	    resp->retry_after >= 0)
		o.not_before = j->ctx.clock + resp->retry_after;
	if (o.kind == OUTCOME_FAILED && o.retryable && !o.later &&
	    !publish_stopping() && (delay = retry_delay(j, &o)) >= 0) {
		j->tries++;
		date_duration((delay + 999) / 1000, span, sizeof(span));
		log_msg(LOG_INFO, "%s %s: %s; trying again in %s (%d of "
		    "%d)", j->a->name, j->post->id, o.error ? o.error :
		    "failed", span, j->tries,
		    j->run->app->cfg.http.retries);
		/* The first step is built again: signatures carry a time.
		 * A flow whose every request is signed so starts again from
		 * its build, which goes on from the upload kept (platforms.h,
		 * rebuild_retries). */
		if ((j->step == 0 || j->a->rebuild_retries) &&
		    j->a->build(&j->ctx, &j->m, &fresh, &err) == 0) {
			request_list_free(&j->rl);
			j->rl = fresh;
			j->step = 0;
		}
		free(err);
		job_send(j, http_now_ms() + delay);
		outcome_free(&o);
		return;
	}
	job_finish(j, &o, resp->ms);
	outcome_free(&o);
}

/* A sink's pair: recorded as published at once; the sink is brought up
 * to date from the ledger at the end of the run (write_sinks). */
void
sink_publish(struct run *r, struct job *j)
{
	struct outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = OUTCOME_PUBLISHED;
	o.remote_id = j->sink_id;
	j->sink_id = NULL;
	o.permalink = xstrdup(j->m.link);
	job_finish(j, &o, -1);
	r->sinks_changed |= 1u << j->pf;
	outcome_free(&o);
}
