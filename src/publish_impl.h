/*
 * publish_impl.h: what publish.c (a run) and publish_job.c (a pair in
 * flight) share; nothing else includes it.
 */
#ifndef ALMANAC_PUBLISH_IMPL_H
#define ALMANAC_PUBLISH_IMPL_H

#include <stdbool.h>

#include "credentials.h"
#include "format.h"
#include "http.h"
#include "ledger.h"
#include "log.h"
#include "platforms.h"
#include "redact.h"
#include "tokens.h"

struct publish_opts;		/* publish.h */
struct publish_summary;	/* publish.h */

struct run;

/* One (post, platform) pair in flight. */
struct job {
	struct run *run;
	const struct post *post;
	size_t pf;
	const struct adapter *a;
	struct message m;
	struct adapter_ctx ctx;
	char day[11];
	int step;		/* step number of the request in flight */
	int tries;		/* retries of the current step in this run */
	long long deadline;	/* its slot's end of grace (Unix time): a
				   rate limit lasting past it makes the pair
				   missed; 0 for none (--date, --late) */
	struct request_list rl;	/* the request in flight is rl.v[0] */
	char *sink_id;		/* a sink's: the entry's id */
	char *progress;		/* the progress kept in the ledger (step),
				   what ctx.progress points to */
	bool refused;		/* its request was answered 401 and waits
				   for the platform's token to be renewed */
	bool renewed;		/* sent again after a renewal */
};

/* A platform's token renewal in this run (renew.h): at most one. */
enum renew_state { RENEW_NONE, RENEW_PENDING, RENEW_DONE, RENEW_FAILED };

struct renewal {
	struct run *run;
	size_t pf;
	struct adapter_ctx ctx;
	enum renew_state state;
	struct job **wait;	/* jobs sent when it has an answer */
	size_t n;
	char *refused;		/* FAILED because the refresh token was
				   refused: what a 401 of the platform is
				   failed with in this run */
	bool restarted;		/* a stale refresh token was dropped and
				   refresh asked again (GRANT_STALE) */
};

struct run {
	struct app *app;
	const struct publish_opts *o;
	struct publish_summary *sum;
	struct ledger *ledger;
	struct http_engine *engine;
	struct http_engine *fetch;	/* for pictures fetched before a pair's
				   first request (picture.h); NULL until one is */
	struct credentials cred;
	struct redact secrets;	/* cred's values, kept out of answers */
	bool have_cred;
	bool cred_failed;	/* loading them failed once: not again */
	unsigned nocred_said;	/* platforms whose missing credentials
				   were logged */
	bool ledger_broken;	/* a write failed: nothing more is claimed */
	bool paused;		/* a dry run while publishing is paused */
	bool first_run;		/* the ledger had recorded no run before
				   (and is not a --new-ledger one) */
	const struct post *dst_said;	/* the post whose DST note was
					   logged last (once per post) */
	struct tokens tokens;	/* the token store, read with cred */
	struct renewal renew[PLATFORMS_MAX];
	struct job **jobs;
	size_t njobs, capjobs;
	unsigned sinks_changed;	/* sinks that recorded a pair (mask) */
};

/* True once publish_request_stop was called: nothing more is started
 * and nothing is retried. */
bool publish_stopping(void);

/*
 * A ledger call failed with err (freed here): logs it and counts it. When
 * another program holds the ledger, says once that nothing more is sent
 * (the next run tries again); any other failure is a ledger error (exit
 * 73). Either way the run claims nothing more.
 */
void ledger_trouble(struct run *r, char *err);

/* Whether the run may claim and mark more pairs. */
bool ledger_usable(const struct run *r);

/* Unix time t as the log says it, in the config's zone: "09:42" on the
 * run's day, else "2026-11-13 00:00". */
void run_when(const struct run *r, long long t, char *out, size_t size);

/* The log fields of j's pair (day, post, platform), with state (NULL:
 * none); the strings are j's. */
struct log_fields job_fields(const struct job *j, const char *state);

/* Frees a job and all it owns. */
void job_free(struct job *j);

/* Sets the job's kept progress to a copy of step ("" or NULL: none), for
 * the adapter's parse (ctx.progress). */
void job_progress(struct job *j, const char *step);

/* Queues the job's current request (rl.v[0]) on the run's engine, not
 * before not_before (ms, http_now_ms's clock; 0 = now); its answer is
 * read, logged and recorded, retried or followed by the next step. */
void job_send(struct job *j, long long not_before);

/* Sends a claimed job's first request, after renewing its platform's
 * access token first when that is due (renew_due). */
void job_start(struct job *j);

/* Renews platform pf's access token in this run when its entry can and
 * it is due (renew_due), whether or not a pair of it goes out. */
void renew_platform(struct run *r, size_t pf);

/* A sink's pair, claimed: recorded as published at once with its entry
 * id (taken from j); the sink is brought up to date after the run. */
void sink_publish(struct run *r, struct job *j);

#endif
