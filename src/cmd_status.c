/* status: what the ledger says about a day's pairs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "commands.h"
#include "ledger.h"
#include "log.h"
#include "plan.h"
#include "platforms.h"
#include "publish.h"

/* The most days status shows. */
#define STATUS_MAX_DAYS 3660

static int status_exec(struct app *, const struct cmd *);

static const struct option status_options[] = {
	{ "date", required_argument, NULL, 'd' },
	{ "days", required_argument, NULL, 'n' },
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[--date D] [--days N] [--from D] [--to D]",
	.summary = "what the ledger says about a day's pairs, and what is "
	    "planned for coming days",
	.help =
	    "  --date D        the last day shown (default: today); D is "
	    "YYYY-MM-DD or MM-DD\n"
	    "  --days N        how many days up to it (default 1)\n"
	    "  --from D        the first day shown (instead of --days)\n"
	    "  --to D          the last day shown; alone and after today, "
	    "from today\n"
	    "For the days after today, the pairs planned (chosen posts on "
	    "enabled platforms)\n"
	    "that the ledger does not hold yet are listed as \"planned\", "
	    "with their slot.\n",
	.longopts = status_options,
	.max_operands = 0,
	.exec = status_exec,
};

/* Prints one ledger row. */
static void
print_row(const struct app *app, const struct ledger_row *r)
{
	struct ymd d;
	int min;

	printf("%s %-9s %-10s %s", r->day, r->platform,
	    ledger_state_name(r->state), r->post_id);
	if (r->state == LS_FAILED && r->retryable &&
	    r->not_before > (long long)app->now &&
	    date_local(app->cfg.timezone, (time_t)r->not_before, &d, &min)) {
		char hm[DATE_HHMM_SIZE];

		date_hhmm(min, hm);
		printf(" (retried by the first run after %04d-%02d-%02d %s)",
		    d.y, d.m, d.d, hm);
	} else if (r->state == LS_FAILED)
		printf(" (%s)", r->retryable ? "retried next run" :
		    "not retried");
	if (r->permalink != NULL)
		printf(" %s", r->permalink);
	else if (r->remote_id != NULL)
		printf(" %s", r->remote_id);
	if (r->http_status > 0)
		printf(" [%d]", r->http_status);
	if (r->attempts > 1)
		printf(" attempts %d", r->attempts);
	if (r->error != NULL && r->state != LS_PUBLISHED)
		printf(": %s", r->error);
	printf("\n");
}

/* True when rows hold the pair (day, platform, post). */
static bool
in_ledger(const struct ledger_row *rows, size_t n, const char *day,
    const char *platform, const char *post)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].day, day) == 0 &&
		    strcmp(rows[i].platform, platform) == 0 &&
		    strcmp(rows[i].post_id, post) == 0)
			return true;
	return false;
}

/* Prints the pairs planned for the days after today up to to that rows do
 * not hold: each chosen post on each enabled platform it does not skip. */
static void
print_planned(const struct app *app, struct ledger *l, struct ymd from,
    struct ymd to, const struct ledger_row *rows, size_t n)
{
	struct ymd day = date_add_days(app->today, 1);
	struct diags d = DIAGS_INIT;
	struct catalog cat;
	struct day_plan plan;
	const struct post_platform *ov;
	const struct plan_entry *e;
	char ds[11], hm[DATE_HHMM_SIZE];
	size_t i, pf;

	if (date_cmp(from, day) > 0)
		day = from;
	if (date_cmp(day, to) > 0)
		return;
	if (catalog_load(app->cfg.posts_dir, NULL, NULL, NULL, &cat,
	    &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		return;
	}
	log_diags(&d);
	for (; date_cmp(day, to) <= 0; day = date_add_days(day, 1)) {
		plan_day(&cat, day, &app->cfg, l ? ledger_history : NULL, l,
		    &plan);
		snprintf(ds, sizeof(ds), "%04d-%02d-%02d", day.y, day.m,
		    day.d);
		for (i = 0; i < plan.n && plan.v[i].chosen; i++) {
			e = &plan.v[i];
			for (pf = 0; pf < platform_count(); pf++) {
				ov = post_platform(e->post, platform_name(pf));
				if (!app->cfg.platforms[pf].enabled ||
				    (ov != NULL && ov->skip) ||
				    in_ledger(rows, n, ds, platform_name(pf),
				    e->post->id))
					continue;
				date_hhmm(e->slot, hm);
				printf("%s %-9s %-10s %s at %s\n", ds,
				    platform_name(pf), "planned", e->post->id,
				    hm);
			}
		}
		day_plan_free(&plan);
	}
	diags_free(&d);
	catalog_free(&cat);
}

static int
status_exec(struct app *app, const struct cmd *cmd)
{
	struct ymd to = app->today, from;
	struct ledger *l;
	struct ledger_row *rows = NULL;
	size_t n = 0, i;
	char f[11], t[11], *err = NULL, *pause;
	int days = 1;
	bool have_from = false, have_days = false, have_to = false;
	bool to_opt = false;

	for (i = 0; i < cmd->nopts; i++) {
		switch (cmd->opts[i].id) {
		case 'd':
		case 't':
			if (have_to) {
				log_msg(LOG_ERROR, "status: give --date or "
				    "--to once");
				return EXIT_USAGE;
			}
			if (!parse_day_arg(app, cmd->opts[i].value, &to))
				return EXIT_USAGE;
			have_to = true;
			to_opt = cmd->opts[i].id == 't';
			break;
		case 'f':
			if (!parse_day_arg(app, cmd->opts[i].value, &from))
				return EXIT_USAGE;
			have_from = true;
			break;
		case 'n':
			if (!parse_count_arg("--days", cmd->opts[i].value,
			    STATUS_MAX_DAYS, &days))
				return EXIT_USAGE;
			have_days = true;
			break;
		}
	}
	if (have_from && have_days) {
		log_msg(LOG_ERROR, "status: give --from or --days, not both");
		return EXIT_USAGE;
	}
	if (!have_from && to_opt && !have_days &&
	    date_cmp(to, app->today) > 0)
		from = app->today;	/* --to a coming day: from today */
	else if (!have_from)
		from = date_add_days(to, -(days - 1));
	else if (date_cmp(from, to) > 0) {
		if (have_to) {
			log_msg(LOG_ERROR, "status: --from %04d-%02d-%02d is "
			    "after --to %04d-%02d-%02d", from.y, from.m,
			    from.d, to.y, to.m, to.d);
			return EXIT_USAGE;
		}
		to = from;	/* --from a coming day alone: that day */
	}
	if (date_cmp(to, date_add_days(from, STATUS_MAX_DAYS - 1)) > 0) {
		log_msg(LOG_ERROR, "status: at most %d days at once",
		    STATUS_MAX_DAYS);
		return EXIT_USAGE;
	}
	snprintf(f, sizeof(f), "%04d-%02d-%02d", from.y, from.m, from.d);
	snprintf(t, sizeof(t), "%04d-%02d-%02d", to.y, to.m, to.d);
	/* Read-only: status never makes a ledger, nor waits for a run. */
	if (ledger_open_existing(app->cfg.state_dir, &l, &err) == -1 ||
	    (l != NULL && ledger_rows(l, f, t, &rows, &n, &err) == -1)) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
		ledger_close(l);
		return EXIT_CANTCREAT;
	}
	pause = publish_pause_path(&app->cfg);
	if (access(pause, F_OK) == 0)
		printf("publishing is paused (%s)\n", pause);
	free(pause);
	if (n == 0)
		printf("nothing in the ledger from %s to %s\n", f, t);
	for (i = 0; i < n; i++)
		print_row(app, &rows[i]);
	print_planned(app, l, from, to, rows, n);
	ledger_rows_free(rows, n);
	ledger_close(l);
	return EXIT_OK;
}
