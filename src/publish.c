/* publish: a run: the ledger opened and recovered, the day's plan, each
 * pair prepared and claimed, the sinks, the summary (see publish.h); a
 * pair in flight is publish_job.c's. */
#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "plan.h"
#include "format.h"
#include "http.h"
#include "log.h"
#include "platforms.h"
#include "picture.h"
#include "public.h"
#include "publish_impl.h"
#include "redact.h"
#include "server_limits.h"
#include "xalloc.h"


/* Set by publish_request_stop (from a signal handler). */
static volatile sig_atomic_t stop_requested;
/* The engine of the run in progress, NULL between runs. */
static struct http_engine *volatile active_engine;

bool
publish_stopping(void)
{
	return stop_requested != 0;
}

/* "YYYY-MM-DD" */
static void
day_str(struct ymd d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* The pause flag's path. */
char *
publish_pause_path(const struct config *c)
{
	return xasprintf("%s/PAUSED", c->state_dir);
}

/* The order 73, 78, 65, 1, 75, 0: a ledger that cannot record comes
 * first, as the one failure that could let a pair go out twice. */
int
publish_exit_code(const struct publish_summary *s)
{
	if (s->ledger_errors > 0)
		return EXIT_CANTCREAT;
	if (s->config_error)
		return EXIT_CONFIG;
	if (s->post_error)
		return EXIT_DATAERR;
	if (s->failed > 0 || s->unknown > 0)
		return EXIT_FAIL;
	if (s->failed_retryable > 0 || s->waiting > 0 || s->locked ||
	    s->clock_back)
		return EXIT_TEMPFAIL;
	return EXIT_OK;
}

/* Loads the credentials once, when some platform needs them. */
static bool
need_credentials(struct run *r)
{
	struct diags d = DIAGS_INIT;
	const char *path = r->app->cfg.credentials;
	char *err = NULL;
	size_t i;

	if (r->have_cred)
		return true;
	if (r->cred_failed)
		return false;
	r->cred_failed = true;
	if (path == NULL && getenv("CREDENTIALS_DIRECTORY") == NULL) {
		log_msg(LOG_ERROR, "no credentials: set \"credentials\" in %s "
		    "or run under systemd with LoadCredential=almanac:FILE",
		    r->app->config_path);
		return false;
	}
	if (credentials_load(path, &r->cred, &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		return false;
	}
	diags_free(&d);
	if (tokens_load(r->app->cfg.state_dir, &r->tokens, &err) == -1) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
		credentials_free(&r->cred);
		return false;
	}
	r->have_cred = true;
	r->cred_failed = false;
	redact_init(&r->secrets, &r->cred);
	for (i = 0; i < r->tokens.n; i++)
		if (strcmp(r->tokens.v[i].name, TOKENS_ACCOUNT) != 0)
			redact_add(&r->secrets, r->tokens.v[i].value);
	return true;
}

/* Adds a job to the run's list. */
static void
run_add_job(struct run *r, struct job *j)
{
	if (r->njobs == r->capjobs) {
		r->capjobs = r->capjobs ? r->capjobs * 2 : 16;
		r->jobs = xreallocarray(r->jobs, r->capjobs, sizeof(*r->jobs));
	}
	r->jobs[r->njobs++] = j;
}

/* What a dry run says of a pair it would not send, what a run says (in
 * its debug lines) of one it leaves. */
static const char *
not_sent(const struct run *r)
{
	return r->o->dry_run ? "would not publish" : "not sent";
}

/*
 * Is j's pair due now? Marks it missed when past the grace (a dry run
 * says it would). row is the pair's ledger row, NULL when it has none.
 * j->deadline gets the end of its grace (0 with --date or --late).
 */
static bool
slot_due(struct run *r, const struct plan_entry *e, struct job *j,
    const struct ledger_row *row)
{
	const struct config *c = &r->app->cfg;
	struct log_fields f;
	time_t at;
	long long late;
	char when[8], ago[32], grace[32], *why, *err = NULL;
	int rc;

	j->deadline = 0;
	if (r->o->have_date)
		return true;
	if (!date_instant(c->timezone, r->app->today, e->slot, &at))
		return false;
	late = (long long)(r->app->now - at);
	date_hhmm(e->slot, when);
	if (late < 0) {
		r->sum->not_due++;
		/* in whole minutes, up */
		date_duration((-late + 59) / 60 * 60, ago, sizeof(ago));
		f = job_fields(j, "not due");
		log_pair(r->o->dry_run ? LOG_INFO : LOG_DEBUG, &f, "%s %s %s: "
		    "not due until %s (in %s)", not_sent(r), j->a->name,
		    e->post->id, when, ago);
		return false;
	}
	if (late <= c->grace) {
		if (!(r->o->claim_flags & CLAIM_LATE))
			j->deadline = (long long)at + c->grace;
		return true;
	}
	date_duration(late / 60 * 60, ago, sizeof(ago));
	if (r->o->claim_flags & CLAIM_LATE) {
		f = job_fields(j, "late");
		log_pair(LOG_INFO, &f, "late %s %s: its slot %s was %s ago; "
		    "sent now (--late)", j->a->name, e->post->id, when, ago);
		return true;
	}
	date_duration(c->grace, grace, sizeof(grace));
	why = xasprintf("its slot %s was %s ago, more than the grace of %s",
	    when, ago, grace);
	f = job_fields(j, ledger_state_name(LS_MISSED));
	if (r->o->dry_run) {
		/* what ledger_mark would do */
		rc = row == NULL || (row->state == LS_FAILED &&
		    row->retryable) ? 1 : 0;
		if (rc == 1) {
			r->sum->missed++;
			log_pair(LOG_INFO, &f, "would not publish %s %s: %s: it "
			    "would be marked missed (publish --late sends it)",
			    j->a->name, e->post->id, why);
		} else
			log_pair(LOG_INFO, &f, "would not publish %s %s: %s "
			    "(publish --late sends it)", j->a->name,
			    e->post->id, why);
		free(why);
		return false;
	}
	rc = ledger_mark(r->ledger, j->day, e->post->id, j->a->name,
	    LS_MISSED, why, &err);
	if (rc == 1) {
		r->sum->missed++;
		log_pair(LOG_WARNING, &f, "missed %s %s: %s", j->a->name,
		    e->post->id, why);
	} else if (rc == -1)
		ledger_trouble(r, err);
	free(why);
	return false;
}

/* Logs, once per post, what a DST change does to its slot today (a time
 * skipped or repeated), when the post goes out. */
static void
say_dst(struct run *r, const struct plan_entry *e)
{
	struct date_instant_info info;
	char *note;

	if (r->o->have_date || r->dst_said == e->post ||
	    !date_instant_info(r->app->cfg.timezone, r->app->today, e->slot,
	    &info))
		return;
	if ((note = date_instant_note(r->app->cfg.timezone, &info)) != NULL) {
		log_msg(LOG_NOTICE, "slot %s: %s", e->post->id, note);
		free(note);
	}
	r->dst_said = e->post;
}

/* Records j's pair as not sent (skip or unformattable); logs it. */
static void
mark_skipped(struct run *r, const struct job *j, const char *why,
    bool is_error)
{
	struct log_fields f = job_fields(j, ledger_state_name(LS_SKIPPED));
	char *err = NULL;
	int rc = 0;

	if (!r->o->dry_run)
		rc = ledger_mark(r->ledger, j->day, j->post->id, j->a->name,
		    LS_SKIPPED, why, &err);
	if (rc == -1) {
		ledger_trouble(r, err);
		return;
	}
	if (is_error) {
		r->sum->post_error = true;
		log_pair(LOG_ERROR, &f, "skipped %s %s: %s", j->a->name,
		    j->post->id, why);
	}
	if (rc == 1)
		r->sum->skipped++;
	if (!is_error && rc == 1)
		log_pair(LOG_INFO, &f, "skipped %s %s: %s", j->a->name,
		    j->post->id, why);
}

/*
 * True when j's pair has a row that no claim of this run takes, whatever
 * the time (published, skipped, missed without --late, unknown without
 * --retry-unknown or progress to resume from, failed for good without
 * --retry-failed, or sending in another run): counted, and said (a dry
 * run says why it would not publish it; a run, in a debug line). A
 * retryable failure is not: its slot may still mark it missed, and its
 * rate limit is said when the claim says no.
 */
static bool
row_done(struct run *r, const struct job *j, const struct ledger_row *row)
{
	unsigned fl = r->o->claim_flags;
	struct log_fields f = job_fields(j, ledger_state_name(row->state));
	const char *err = row->error != NULL ? row->error : "no reason kept";
	char *why;

	switch (row->state) {
	case LS_PUBLISHED:
		f.permalink = row->permalink;
		why = xasprintf("already published%s%s%s", row->permalink ?
		    " (" : "", row->permalink ? row->permalink : "",
		    row->permalink ? ")" : "");
		break;
	case LS_SKIPPED:
		why = xasprintf("skipped: %s", err);
		break;
	case LS_MISSED:
		if (fl & CLAIM_LATE)
			return false;
		why = xasprintf("missed: %s (publish --late sends it)", err);
		break;
	case LS_UNKNOWN:
		if ((fl & CLAIM_RETRY_UNKNOWN) || (row->step != NULL &&
		    j->a->resume != NULL))
			return false;
		why = xasprintf("unknown: %s; it may have been posted: check, "
		    "then publish --retry-unknown to send it again", err);
		break;
	case LS_FAILED:
		if (row->retryable || (fl & CLAIM_RETRY_FAILED))
			return false;
		why = xasprintf("failed for good: %s (publish --retry-failed "
		    "after fixing it)", err);
		break;
	case LS_SENDING:
		why = xstrdup("another run is sending it");
		break;
	default:
		return false;
	}
	if (row->state == LS_PUBLISHED)
		r->sum->already_published++;
	else
		r->sum->already++;
	f.http_status = row->http_status;
	log_pair(r->o->dry_run ? LOG_INFO : LOG_DEBUG, &f, "%s %s %s: %s",
	    not_sent(r), j->a->name, j->post->id, why);
	free(why);
	return true;
}

/* Whether j's pair has progress kept that its adapter resumes from. */
static bool
has_progress(struct run *r, const struct job *j)
{
	struct ledger_row row;
	char *err = NULL;
	bool yes = false;

	if (j->a->resume == NULL)
		return false;
	if (ledger_get(r->ledger, j->day, j->post->id, j->a->name, &row,
	    &err) == 1) {
		yes = row.step != NULL;
		ledger_row_free(&row);
	}
	free(err);
	return yes;
}

/* Whether row is a retryable failure that waits, at now, for the
 * platform's rate limit (its not_before is later). */
static bool
row_waits(const struct ledger_row *row, long long now)
{
	return row->state == LS_FAILED && row->retryable &&
	    row->not_before > now;
}

/* True when row, j's pair, is a retryable failure that waits for the
 * platform's rate limit: said and counted. */
static bool
says_wait(struct run *r, const struct job *j, const struct ledger_row *row)
{
	char when[32];

	if (!row_waits(row, (long long)r->app->now))
		return false;
	struct log_fields f = job_fields(j, "waiting");

	run_when(r, row->not_before, when, sizeof(when));
	f.http_status = row->http_status;
	log_pair(LOG_INFO, &f, "waiting for %s's rate limit until %s: %s goes out "
	    "with the first run after it", j->a->name, when, j->post->id);
	r->sum->waiting++;
	return true;
}

/* True when the claim said no because the pair's retryable failure
 * waits for the platform's rate limit: said and counted. */
static bool
waiting(struct run *r, const struct job *j)
{
	struct ledger_row row;
	char *err = NULL;
	bool wait = false;

	if (ledger_get(r->ledger, j->day, j->post->id, j->a->name, &row,
	    &err) == 1) {
		wait = says_wait(r, j, &row);
		ledger_row_free(&row);
	}
	free(err);
	return wait;
}

/*
 * Puts the pair's own picture (image.file) in the public folder before
 * the platform is sent its address there (format.c computed it). Returns
 * 0, or -1 after logging why the pair is not sent: it is not claimed, so
 * the next run tries again.
 */
static int
make_public(struct run *r, struct job *j)
{
	char *path = NULL, *err = NULL;

	if (j->m.image_file == NULL || j->m.image_url == NULL ||
	    !public_enabled(&r->app->cfg.cards))
		return 0;
	if (public_put(&r->app->cfg.cards, j->m.image_file, &path,
	    &err) == 0) {
		free(path);
		return 0;
	}
	r->sum->config_error = true;
	log_msg(LOG_ERROR, "not sent %s %s: %s", j->a->name, j->post->id,
	    err);
	free(err);
	return -1;
}

/*
 * Makes the pair's picture ready (picture.h): the post's own, fetched, or
 * its card drawn. Returns 0, or -1 after logging why the pair is not
 * sent: it is not claimed, so the next run tries again.
 */
static int
ready_picture(struct run *r, struct job *j)
{
	const struct config *c = &r->app->cfg;
	struct http_engine *e = NULL;
	char *warning = NULL, *err = NULL;
	enum picture_kind kind = PICTURE_NONE;

	if (config_uploads_pictures(c, j->a, j->m.platform) &&
	    !r->o->dry_run &&
	    picture_choose(c, j->a, &j->m) == PICTURE_REMOTE) {
		if (r->fetch == NULL && http_engine_new(&c->http, &r->fetch,
		    &err) == -1) {
			log_msg(LOG_WARNING, "%s", err);
			free(err);
			err = NULL;
		}
		e = r->fetch;
	}
	if (picture_ready(e, c, j->a, &j->m, &kind, &warning, &err) == -1) {
		r->sum->config_error = true;
		log_msg(LOG_ERROR, "not sent %s %s: %s", j->a->name,
		    j->post->id, err);
		free(err);
		return -1;
	}
	if (warning != NULL)
		log_msg(LOG_WARNING, "%s %s: %s", j->a->name, j->post->id,
		    warning);
	free(warning);
	if (kind == PICTURE_CARD) {
		bool at = j->m.image_url != NULL &&
		    !config_uploads_pictures(c, j->a, j->m.platform);

		log_msg(LOG_INFO, "%s %s: its card %s%s%s", j->a->name,
		    j->post->id, j->m.image_file, at ? ", at " : "",
		    at ? j->m.image_url : "");
	}
	return 0;
}

/* Prepares and queues one pair; jobs that go out are added to r. */
static void
start_pair(struct run *r, const struct plan_entry *e, size_t pf,
    struct ymd day)
{
	const struct adapter *a = adapter_get(pf);
	struct job *j;
	struct ledger_row row;
	struct log_fields f;
	enum ledger_state st = LS_NONE;
	char *err = NULL, *entry = NULL;
	int rc, first;
	bool wait = false, have_row = false, due;

	if (!r->o->dry_run && !ledger_usable(r))
		return;
	j = xcalloc(1, sizeof(*j));
	j->run = r;
	j->post = e->post;
	j->pf = pf;
	j->a = a;
	day_str(day, j->day);
	/* What the ledger already holds for it: a pair done is said and
	 * counted whatever its slot. */
	if (r->ledger != NULL && ledger_get(r->ledger, j->day, e->post->id,
	    a->name, &row, &err) == 1)
		have_row = true;
	free(err);
	err = NULL;
	due = !(have_row && row_done(r, j, &row)) &&
	    slot_due(r, e, j, have_row ? &row : NULL);
	if (have_row) {
		st = row.state;
		wait = r->o->dry_run && due && says_wait(r, j, &row);
		/* an upload kept from an earlier attempt: build goes on
		 * from it (platforms.h, image_max) */
		if (due && !wait && a->image_max > 0)
			job_progress(j, row.step);
		ledger_row_free(&row);
	}
	if (!due || wait) {
		free(j);
		return;
	}
	format_message(e->post, day, &r->app->cfg, pf, &j->m);
	j->m.slot = e->slot;
	if (j->m.skip || j->m.error != NULL) {
		mark_skipped(r, j, j->m.skip ?
		    "the post says \"skip\": true for this platform" :
		    j->m.error, !j->m.skip);
		job_free(j);
		return;
	}
	if (a->sink_entry == NULL && !need_credentials(r)) {
		r->sum->config_error = true;
		/* Once per platform: every pair has the same reason. */
		if (!(r->nocred_said & (1u << pf)))
			log_msg(LOG_ERROR, "not sent %s: %s is enabled but has "
			    "no usable credentials; none of its posts go out "
			    "(first: %s)", a->name, a->name, e->post->id);
		else
			log_msg(LOG_DEBUG, "not sent %s %s: no usable "
			    "credentials", a->name, e->post->id);
		r->nocred_said |= 1u << pf;
		job_free(j);
		return;
	}
	if (ready_picture(r, j) == -1) {
		job_free(j);
		return;
	}
	j->ctx.config = &r->app->cfg;
	j->ctx.pc = &r->app->cfg.platforms[pf];
	j->ctx.cred = a->sink_entry != NULL ? NULL : &r->cred;
	j->ctx.tokens = a->sink_entry != NULL ? NULL : &r->tokens;
	j->ctx.now = (long long)time(NULL);
	if (a->sink_entry != NULL ? a->sink_entry(&j->ctx, &j->m, &j->sink_id,
	    &entry, &err) == -1 : a->build(&j->ctx, &j->m, &j->rl,
	    &err) == -1) {
		free(entry);
		r->sum->config_error = true;
		log_msg(LOG_ERROR, "not sent %s %s: %s", a->name, e->post->id,
		    err);
		free(err);
		job_free(j);
		return;
	}
	free(entry);
	if (r->o->dry_run) {
		f = job_fields(j, "due");
		if (r->paused)
			log_pair(LOG_INFO, &f, "would not publish %s %s: "
			    "publishing is paused", a->name, e->post->id);
		else if (a->sink_entry != NULL)
			log_pair(LOG_INFO, &f, "would publish %s %s: add %s to %s "
			    "(ledger: %s)", a->name, e->post->id, j->sink_id,
			    a->sink_file(j->ctx.pc), st == LS_NONE ?
			    "not sent yet" : ledger_state_name(st));
		else
			log_pair(LOG_INFO, &f, "would publish %s %s: %s %s (ledger: "
			    "%s)", a->name, e->post->id, j->rl.v[0].method,
			    j->rl.v[0].url, st == LS_NONE ? "not sent yet" :
			    ledger_state_name(st));
		say_dst(r, e);
		job_free(j);
		return;
	}
	if (make_public(r, j) == -1) {
		job_free(j);
		return;
	}
	rc = ledger_claim(r->ledger, j->day, e->post->id, a->name,
	    r->o->claim_flags, &st, &err);
	if (rc == 0 && st == LS_UNKNOWN && has_progress(r, j)) {
		/* Its resume asks the platform first whether it is there. */
		log_msg(LOG_INFO, "%s %s: unknown, with progress kept: asking "
		    "%s", a->name, e->post->id, a->name);
		rc = ledger_claim(r->ledger, j->day, e->post->id, a->name,
		    r->o->claim_flags | CLAIM_RETRY_UNKNOWN, &st, &err);
	}
	if (rc != 1) {
		if (rc == -1)
			ledger_trouble(r, err);
		else if (st == LS_FAILED && waiting(r, j))
			;	/* said */
		else {
			if (st == LS_PUBLISHED)
				r->sum->already_published++;
			else
				r->sum->already++;
			log_msg(LOG_DEBUG, "%s %s: already %s", a->name,
			    e->post->id, ledger_state_name(st));
		}
		job_free(j);
		return;
	}
	run_add_job(r, j);
	say_dst(r, e);
	if (a->sink_entry != NULL) {
		sink_publish(r, j);
		return;
	}
	/* Progress of an earlier attempt (a container made, say). */
	if (a->resume != NULL && ledger_get(r->ledger, j->day, e->post->id,
	    a->name, &row, &err) == 1) {
		if (row.step != NULL) {
			struct request_list rl = { NULL, 0 };

			if (a->resume(&j->ctx, &j->m, row.step, &rl, &first,
			    &err) == 0) {
				request_list_free(&j->rl);
				j->rl = rl;
				j->step = first;
				job_progress(j, row.step);
			} else {
				log_msg(LOG_WARNING, "%s %s: cannot resume "
				    "(%s); starting over", a->name,
				    e->post->id, err);
				free(err);
				err = NULL;
			}
		}
		ledger_row_free(&row);
	}
	free(err);
	job_start(j);
}

/* Brings each sink that recorded a pair up to date with the ledger. */
static void
write_sinks(struct run *r)
{
	const struct adapter *a;
	struct adapter_ctx ctx;
	char *err = NULL;
	size_t i;
	int rc;

	for (i = 0; i < platform_count(); i++) {
		if (!(r->sinks_changed & (1u << i)))
			continue;
		a = adapter_get(i);
		ctx.config = &r->app->cfg;
		ctx.pc = &r->app->cfg.platforms[i];
		ctx.cred = NULL;
		ctx.now = (long long)r->app->now;
		if ((rc = a->sink_write(&ctx, r->ledger, &err)) == -2)
			ledger_trouble(r, err);
		else if (rc == -1) {
			log_msg(LOG_ERROR, "%s: %s", a->name, err);
			free(err);
			r->sum->failed_retryable++;
		} else
			log_msg(LOG_DEBUG, "%s: wrote %d entries to %s",
			    a->name, rc, a->sink_file(ctx.pc));
		err = NULL;
	}
}

/* Takes the run lock (state_dir/almanac.lock), waiting for another run. */
static int
take_lock(const struct config *c)
{
	char *path = xasprintf("%s/almanac.lock", c->state_dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		log_msg(LOG_INFO, "waiting for another almanac run to finish");
		if (flock(fd, LOCK_EX) == -1) {
			log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
	}
	free(path);
	return fd;
}

/* A count of the summary line that is said only when not 0: ", 3 ledger
 * errors" (what, then "s" when n is not 1 and plural), into buf; "" for
 * 0. Returns buf. */
static const char *
count_part(char buf[48], int n, const char *what, bool plural)
{
	if (n == 0)
		*buf = '\0';
	else
		snprintf(buf, 48, ", %d %s%s", n, what, plural && n != 1 ?
		    "s" : "");
	return buf;
}

/*
 * Opens the run's ledger, refusing to start a new one where one was kept
 * (the feed file counts as a sign of it) unless --new-ledger. Returns 0, or
 * -1 with the failure logged and counted in r->sum.
 */
static int
open_ledger(struct run *r)
{
	const struct config *c = &r->app->cfg;
	const char *evidence[PLATFORMS_MAX + 1] = { NULL };
	const struct adapter *a;
	size_t i, n = 0;
	char *err = NULL;
	int rc;

	/* A dry run changes nothing: it reads the ledger if there is one. */
	if (r->o->dry_run)
		rc = ledger_open_existing(c->state_dir, &r->ledger, &err);
	else {
		for (i = 0; i < platform_count(); i++)
			if ((a = adapter_get(i))->sink_file != NULL &&
			    c->platforms[i].enabled &&
			    a->sink_file(&c->platforms[i]) != NULL)
				evidence[n++] = a->sink_file(&c->platforms[i]);
		rc = ledger_open(c->state_dir, r->o->new_ledger ?
		    LEDGER_NEW_OK : 0, evidence, &r->ledger, &err);
	}
	if (rc == 0) {
		if (r->o->new_ledger)
			log_msg(LOG_NOTICE, "--new-ledger: a new ledger may be "
			    "started in %s", c->state_dir);
		return 0;
	}
	log_msg(LOG_ERROR, "%s", err);
	free(err);
	if (rc == LEDGER_LOCKED) {
		log_msg(LOG_ERROR, "nothing was sent; the next run tries "
		    "again");
		r->sum->locked = true;
	} else {
		log_msg(LOG_ERROR, "the ledger cannot be opened: nothing was "
		    "sent");
		r->sum->ledger_errors++;
	}
	return -1;
}

/* Pairs left "sending" by a run that died become "unknown": each is
 * logged by name and counted. Returns -1 when the ledger failed. */
static int
recover(struct run *r)
{
	struct ledger_row *rows = NULL;
	size_t n = 0, i;
	char *err = NULL;

	if (ledger_recover(r->ledger, &rows, &n, &err) == -1) {
		ledger_trouble(r, err);
		return -1;
	}
	for (i = 0; i < n; i++)
		log_msg(LOG_ERROR, "unknown %s %s (%s): an earlier run stopped "
		    "before its answer came (killed, or the machine went "
		    "down); it may have been posted: check, then publish "
		    "--retry-unknown to send it again", rows[i].platform,
		    rows[i].post_id, rows[i].day);
	r->sum->unknown += (int)n;
	ledger_rows_free(rows, n);
	return 0;
}

/*
 * Records this run's time in the ledger; true when the clock reads
 * earlier than the last run recorded, said in the log: a clock that ran
 * ahead (or is behind now) must not mark pairs missed or send them, so
 * such a run does nothing and exits 75; the next run goes on.
 */
static bool
clock_went_back(struct run *r)
{
	long long prev = 0, now = (long long)r->app->now;
	char *err = NULL, was[32], is[32];
	struct tm tm;
	time_t t;

	if (ledger_swap_last_run(r->ledger, now, &prev, &err) == -1) {
		ledger_trouble(r, err);
		return true;
	}
	r->first_run = prev == 0 && !r->o->new_ledger;
	if (prev <= now)
		return false;
	t = (time_t)prev;
	strftime(was, sizeof(was), "%Y-%m-%d %H:%M UTC", gmtime_r(&t, &tm));
	t = (time_t)now;
	strftime(is, sizeof(is), "%Y-%m-%d %H:%M UTC", gmtime_r(&t, &tm));
	log_msg(LOG_ERROR, "the clock reads %s, earlier than the last run "
	    "recorded in the ledger (%s): one of the two clocks was wrong, so "
	    "this run sends nothing and marks nothing missed; the next run "
	    "goes on (publish --late sends today's missed pairs)", is, was);
	r->sum->clock_back = true;
	return true;
}

/* The limits of the platforms of this run that ask their server's
 * (server_limits.h); what could not be asked or kept is logged. */
static void
refresh_limits(struct run *r)
{
	char **notes = NULL;
	size_t i;

	limits_refresh(&r->app->cfg, r->engine, r->o->platforms,
	    (long long)time(NULL), &notes);
	for (i = 0; notes != NULL && notes[i] != NULL; i++) {
		log_msg(LOG_WARNING, "%s", notes[i]);
		free(notes[i]);
	}
	free(notes);
}

/* The line of text s (NULL: none) that says "today", in any case, as
 * *len bytes from the returned start; NULL when none does. */
static const char *
today_line(const char *s, int *len)
{
	const char *hit, *start, *end;

	if (s == NULL || (hit = strcasestr(s, "today")) == NULL)
		return NULL;
	for (start = hit; start > s && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	*len = (int)(end != NULL ? end - start : (ptrdiff_t)strlen(start));
	return start;
}

/*
 * --date names day, not today: says so, and which texts of the day's
 * eligible posts, as each enabled platform of the run would send them,
 * say "today" (a template's "years ago today", a summary's). Returns
 * whether the run goes on: with --force, or in a dry run (which sends
 * nothing).
 */
static bool
other_day_ok(const struct run *r, struct ymd day)
{
	const struct config *c = &r->app->cfg;
	bool ok = r->o->force || r->o->dry_run;
	enum log_level lv = ok ? LOG_WARNING : LOG_ERROR;
	struct catalog cat;
	struct day_plan plan;
	struct diags d = DIAGS_INIT;
	struct message m;
	char ds[11], ts[11];
	const char *line;
	size_t i, pf;
	int n = 0, len;

	day_str(day, ds);
	day_str(r->app->today, ts);
	log_msg(lv, "publish --date %s: that day is not today (%s)%s", ds, ts,
	    r->o->force ? "; --force: its posts go out now" : r->o->dry_run ?
	    "" : ": nothing was sent; --force publishes its posts now");
	if (catalog_load_day(c, &day, &cat, &d, NULL) == 0) {
		plan_day(&cat, day, c, NULL, NULL, &plan);
		for (i = 0; i < plan.n; i++)
			for (pf = 0; plan.v[i].eligible && pf <
			    platform_count(); pf++) {
				if (!c->platforms[pf].enabled ||
				    (r->o->platforms && !(r->o->platforms &
				    (1u << pf))))
					continue;
				format_message(plan.v[i].post, day, c, pf, &m);
				if (!m.skip && ((line = today_line(m.text,
				    &len)) != NULL || (line = today_line(
				    m.title, &len)) != NULL)) {
					log_msg(lv, "%s %s says \"today\" of "
					    "%s: \"%.*s\"", adapter_get(pf)->
					    name, plan.v[i].post->id, ds, len,
					    line);
					n++;
				}
				message_free(&m);
			}
		day_plan_free(&plan);
		catalog_free(&cat);
	}
	diags_free(&d);
	if (n == 0)
		log_msg(LOG_INFO, "no text of %s says \"today\"", ds);
	return ok;
}

/* One publish run. */
int
publish_run(struct app *app, const struct publish_opts *o,
    struct publish_summary *sum)
{
	struct run r;
	struct catalog cat;
	struct day_plan plan;
	struct diags d = DIAGS_INIT;
	struct ymd day = o->have_date ? o->date : app->today;
	char *err = NULL, *pause, done[48], waits[48], errs[48];
	int lockfd = -1, pf;
	size_t i;

	memset(sum, 0, sizeof(*sum));
	memset(&r, 0, sizeof(r));
	r.app = app;
	r.o = o;
	r.sum = sum;

	pause = publish_pause_path(&app->cfg);
	if (access(pause, F_OK) == 0) {
		log_msg(LOG_WARNING, "publishing is paused (%s exists); "
		    "\"almanac resume\" goes on", pause);
		free(pause);
		/* A dry run goes on, to say what a run would send. */
		if (!o->dry_run)
			return EXIT_OK;
		r.paused = true;
	} else
		free(pause);
	if (o->have_date && date_cmp(day, app->today) != 0 &&
	    !other_day_ok(&r, day))
		return EXIT_USAGE;

	if (open_ledger(&r) == -1)
		return publish_exit_code(sum);
	if (r.ledger != NULL)
		ledger_set_clock(r.ledger, (long long)app->now);
	/* A dry run takes no lock: it writes nothing, and leaves no
	 * almanac.lock where no ledger was kept. */
	if (!o->dry_run && (lockfd = take_lock(&app->cfg)) == -1) {
		ledger_close(r.ledger);
		return EXIT_CANTCREAT;
	}
	if (!o->dry_run && (recover(&r) == -1 || clock_went_back(&r)))
		goto out;

	if (catalog_load_day(&app->cfg, &day, &cat, &d, NULL) == -1) {
		log_diags(&d);
		diags_free(&d);
		sum->config_error = true;
		goto out;
	}
	log_diags(&d);
	if (d.nerrors > 0)
		sum->post_error = true;
	diags_free(&d);

	if (http_engine_new(&app->cfg.http, &r.engine, &err) == -1) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
		sum->config_error = true;
		catalog_free(&cat);
		goto out;
	}
	active_engine = r.engine;
	if (stop_requested)
		http_engine_stop(r.engine);
	/* The limits a platform's server sets (server_limits.h): asked
	 * once a day before anything is formatted; a dry run sends
	 * nothing and takes what was kept. */
	if (o->dry_run || stop_requested)
		(void)limits_offline(&app->cfg);
	else
		refresh_limits(&r);
	/* Tokens are renewed on every run, a day with nothing to send
	 * included: a refresh token unused for long ends too. */
	for (pf = 0; !o->dry_run && !stop_requested &&
	    pf < (int)platform_count(); pf++)
		if (app->cfg.platforms[pf].enabled && (!o->platforms ||
		    (o->platforms & (1u << pf))) && adapter_get((size_t)pf)->
		    refresh != NULL && need_credentials(&r))
			renew_platform(&r, (size_t)pf);
	plan_day(&cat, day, &app->cfg, r.ledger ? ledger_history :
	    NULL, r.ledger, &plan);
	for (i = 0; i < plan.n && plan.v[i].chosen && !stop_requested &&
	    (o->dry_run || ledger_usable(&r)); i++)
		for (pf = 0; pf < (int)platform_count(); pf++) {
			if (!app->cfg.platforms[pf].enabled)
				continue;
			if (o->platforms && !(o->platforms & (1u << pf)))
				continue;
			start_pair(&r, &plan.v[i], (size_t)pf, day);
		}
	if (r.first_run && sum->missed > 0)
		log_msg(LOG_NOTICE, "this is the ledger's first run: %d pair%s "
		    "of today whose slot passed before it %s recorded missed; "
		    "publish --late sends today's missed pairs", sum->missed,
		    sum->missed == 1 ? "" : "s", sum->missed == 1 ? "was" :
		    "were");
	if (http_engine_run(r.engine, &err) == -1) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
	}
	write_sinks(&r);
	for (i = 0; i < r.njobs; i++)
		job_free(r.jobs[i]);
	for (i = 0; i < PLATFORMS_MAX; i++) {
		free(r.renew[i].refused);
		free(r.renew[i].wait);
	}
	free(r.jobs);
	day_plan_free(&plan);
	catalog_free(&cat);
	active_engine = NULL;
	http_engine_free(r.engine);
	if (r.fetch != NULL)
		http_engine_free(r.fetch);
out:
	if (r.have_cred)
		credentials_free(&r.cred);
	tokens_free(&r.tokens);
	redact_free(&r.secrets);
	ledger_close(r.ledger);
	if (lockfd != -1)
		close(lockfd);
	log_msg(sum->ledger_errors ? LOG_ERROR : sum->failed || sum->unknown ||
	    sum->config_error || sum->post_error || sum->locked ||
	    sum->clock_back ? LOG_WARNING : LOG_INFO,
	    "%s %04d-%02d-%02d: %d published, %d failed (%d to retry), "
	    "%d unknown, %d missed, %d skipped, %d not due yet%s%s%s%s%s",
	    o->dry_run ? "dry run" : "run", day.y, day.m, day.d,
	    sum->published, sum->failed + sum->failed_retryable,
	    sum->failed_retryable, sum->unknown, sum->missed, sum->skipped,
	    sum->not_due, count_part(done, sum->already_published,
	    "already published", false), count_part(waits, sum->waiting,
	    "waiting for a rate limit", false), count_part(errs,
	    sum->ledger_errors, "ledger error", true),
	    sum->locked ? "; the ledger was locked" : "",
	    sum->clock_back ? "; the clock went back" : "");
	return publish_exit_code(sum);
}

/* Stops the run in progress and later ones (see publish.h). */
void
publish_request_stop(void)
{
	struct http_engine *e = active_engine;

	stop_requested = 1;
	if (e != NULL)
		http_engine_stop(e);
}

/* The next slot of today after now, else the next midnight. */
/*
 * The earliest "not before" after app->now of yesterday's and today's
 * pairs that wait for a platform's rate limit, if before best; else best.
 * A ledger that cannot be read changes nothing: the daemon then looks
 * again at the next slot or nap.
 */
static time_t
next_not_before(struct ledger *l, const struct app *app, time_t best)
{
	struct ledger_row *rows = NULL;
	char from[11], to[11], *err = NULL;
	size_t n = 0, i;

	day_str(date_add_days(app->today, -1), from);
	day_str(app->today, to);
	if (ledger_rows(l, from, to, &rows, &n, &err) == -1) {
		free(err);
		return best;
	}
	for (i = 0; i < n; i++)
		if (row_waits(&rows[i], (long long)app->now) &&
		    rows[i].not_before < (long long)best)
			best = (time_t)rows[i].not_before;
	ledger_rows_free(rows, n);
	return best;
}

int
publish_next_due(struct app *app, time_t *when)
{
	const struct config *c = &app->cfg;
	struct catalog cat;
	struct day_plan plan;
	struct diags d = DIAGS_INIT;
	struct ledger *l = NULL;
	time_t at, best;
	char *err = NULL;
	size_t i;

	if (!date_instant(c->timezone, date_add_days(app->today, 1), 0,
	    &best))
		return -1;
	if (catalog_load_day(c, &app->today, &cat, &d, NULL) == -1) {
		diags_free(&d);
		return -1;
	}
	diags_free(&d);
	/* Rotation reads the ledger; without one the plan ranks as if
	 * nothing had been sent yet, as publish_run's would. */
	if (ledger_open_existing(c->state_dir, &l, &err) == -1) {
		free(err);
		l = NULL;
	}
	plan_day(&cat, app->today, c, l != NULL ? ledger_history : NULL, l,
	    &plan);
	for (i = 0; i < plan.n && plan.v[i].chosen; i++)
		if (date_instant(c->timezone, app->today, plan.v[i].slot,
		    &at) && at > app->now && at < best)
			best = at;
	if (l != NULL)
		best = next_not_before(l, app, best);
	day_plan_free(&plan);
	catalog_free(&cat);
	if (l != NULL)
		ledger_close(l);
	*when = best;
	return 0;
}
