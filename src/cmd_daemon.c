/*
 * daemon: the long-running alternative to the systemd timer.
 *
 * Loops: one publish run (as "almanac publish" with no options), then sleep
 * until the next slot of today's chosen posts, or the end of a rate limit a
 * pair waits for (or the next local midnight),
 * at most DAEMON_NAP seconds at a time, so a changed clock or new post files
 * are noticed. The ledger and the run lock are held only during a run, so
 * "almanac publish" from another process never waits for a sleeping daemon.
 *
 * After a run that did not end well (exit code other than 0) the next one
 * comes within DAEMON_NAP, as with the timer.
 *
 * SIGHUP reads the config file again (kept as it was when the new one has
 * errors) and runs at once. SIGTERM and SIGINT let the requests in flight
 * finish (or time out), send nothing more and exit 0.
 *
 * With --now the clock starts there and advances with the real one.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "commands.h"
#include "config.h"
#include "log.h"
#include "publish.h"

/* The longest sleep, seconds: a changed clock is noticed this soon. */
#define DAEMON_NAP (15 * 60)

static int daemon_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_daemon_entry = {
	.name = "daemon",
	.usage = "",
	.summary = "keep running, publishing each post at its slot",
	.help =
	    "The long-running alternative to the systemd timer: publishes as\n"
	    "\"publish\" does, then sleeps until the next slot of the day, the\n"
	    "end of a rate limit a post waits for, or midnight, looking again\n"
	    "at least every 15 minutes; after a run that did not end well,\n"
	    "the next comes within 15 minutes. The\n"
	    "ledger and the lock are held only while publishing.\n"
	    "SIGHUP reads the config file again (an invalid one is ignored);\n"
	    "SIGTERM or SIGINT lets the requests in flight finish, then exits "
	    "0.\n"
	    "With --now the clock starts there and runs on in real time.\n",
	.max_operands = 0,
	.exec = daemon_exec,
};

static volatile sig_atomic_t got_stop;
static volatile sig_atomic_t got_hup;

/* SIGTERM, SIGINT: stop; SIGHUP: reload. */
static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else {
		got_stop = 1;
		publish_request_stop();
	}
}

/* Installs the handlers; the set of their signals into *set. */
static bool
install_handlers(sigset_t *set)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigemptyset(set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&sa.sa_mask, sigs[i]);
		sigaddset(set, sigs[i]);
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1) {
			log_msg(LOG_ERROR, "daemon: sigaction: %s",
			    strerror(errno));
			return false;
		}
	return true;
}

/* Sets the app's clock: the real time plus the --now offset. */
static bool
set_clock(struct app *app, time_t offset)
{
	app->now = time(NULL) + offset;
	if (!date_local(app->cfg.timezone, app->now, &app->today,
	    &app->minute)) {
		log_msg(LOG_ERROR, "%s: unknown time zone \"%s\"",
		    app->config_path, app->cfg.timezone);
		return false;
	}
	return true;
}

/* Reads the config file again; keeps the old config on errors. */
static void
reload(struct app *app)
{
	struct config c;
	struct diags d = DIAGS_INIT;

	if (config_load(app->config_path, &c, &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		log_msg(LOG_ERROR, "%s has errors; keeping the config read "
		    "before", app->config_path);
		return;
	}
	if (!date_zone_exists(c.timezone)) {
		log_msg(LOG_ERROR, "%s: unknown time zone \"%s\"; keeping the "
		    "config read before", app->config_path, c.timezone);
		diags_free(&d);
		config_free(&c);
		return;
	}
	/* The ledger lives in state_dir: a new folder would start a new
	 * ledger and send the day again. */
	if (strcmp(c.state_dir, app->cfg.state_dir) != 0) {
		log_msg(LOG_ERROR, "%s: state_dir changed from %s to %s; a "
		    "running daemon keeps its ledger: keeping the config read "
		    "before (restart the daemon to move the state)",
		    app->config_path, app->cfg.state_dir, c.state_dir);
		diags_free(&d);
		config_free(&c);
		return;
	}
	log_diags(&d);
	diags_free(&d);
	config_free(&app->cfg);
	app->cfg = c;
	log_msg(LOG_INFO, "reloaded %s", app->config_path);
}

/* Logs (debug) how long the daemon sleeps and its next look, local. */
static void
log_sleep(const struct app *app, time_t secs, time_t when)
{
	struct ymd d;
	int m;
	char span[32];

	if (!date_local(app->cfg.timezone, when, &d, &m))
		return;
	date_duration((long long)secs, span, sizeof(span));
	log_msg(LOG_DEBUG, "daemon: sleeping %s; next run at "
	    "%04d-%02d-%02d %02d:%02d:%02d", span, d.y, d.m, d.d,
	    m / 60, m % 60, (int)(((when % 60) + 60) % 60));
}

/*
 * Sleeps up to secs seconds; a signal of set ends it early. The signals
 * are blocked while the flags are checked, and let in only atomically with
 * the wait, so none is lost between the check and the sleep.
 */
static void
nap(const sigset_t *set, time_t secs)
{
	struct timespec ts;
	sigset_t old;

	ts.tv_sec = secs;
	ts.tv_nsec = 0;
	sigprocmask(SIG_BLOCK, set, &old);
	if (!got_stop && !got_hup)
		(void)ppoll(NULL, 0, &ts, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int
daemon_exec(struct app *app, const struct cmd *cmd)
{
	struct publish_opts o;
	struct publish_summary sum;
	sigset_t set;
	time_t offset, when, next, left;
	int rc;

	if (!install_handlers(&set))
		return EXIT_SOFTWARE;
	offset = app->now_given ? app->now - time(NULL) : 0;
	memset(&o, 0, sizeof(o));
	log_msg(LOG_INFO, "daemon started with %s", app->config_path);
	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			reload(app);
		}
		if (set_clock(app, offset))
			rc = publish_run(app, &o, &sum);
		else
			rc = EXIT_CONFIG;
		/* Sleep until the next slot, looking again at least every
		 * DAEMON_NAP. After a run that did not end well (retryable
		 * failures, missing credentials, an unwritable ledger) the
		 * next run comes after one nap, as with the timer. The
		 * target only moves earlier, so a slot reached while napping
		 * is not skipped. */
		when = rc != EXIT_OK ? app->now + DAEMON_NAP : 0;
		while (!got_stop && !got_hup) {
			if (!set_clock(app, offset) ||
			    publish_next_due(app, &next) == -1)
				next = app->now + DAEMON_NAP;
			if (when == 0 || next < when)
				when = next;
			if (app->now >= when)
				break;
			left = when - app->now;
			if (left > DAEMON_NAP)
				left = DAEMON_NAP;
			log_sleep(app, left, when);
			nap(&set, left);
		}
	}
	log_msg(LOG_INFO, "daemon stopped");
	card_cleanup();		/* the cards its runs drew, if any */
	return EXIT_OK;
}
