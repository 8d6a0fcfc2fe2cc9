/* calendar: the posts of the coming days, empty days flagged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "plan.h"
#include "commands.h"
#include "ledger.h"
#include "log.h"

#define CALENDAR_MAX_DAYS 3660

static int calendar_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_calendar_entry = {
	.name = "calendar",
	.usage = "[--from YYYY-MM-DD|MM-DD] [--days N]",
	.summary = "list the posts of the coming days; empty and thin days are "
	    "flagged",
	.help =
	    "  --from D        the first day (default: today)\n"
	    "  --days N        how many days (default 14, at most 3660)\n"
	    "A day with fewer posts than schedule.min_per_day is flagged "
	    "THIN.\n",
	.longopts = span_options,
	.max_operands = 0,
	.exec = calendar_exec,
};

static int
calendar_exec(struct app *app, const struct cmd *cmd)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	struct ymd day = app->today;
	struct diags d = DIAGS_INIT;
	struct catalog cat;
	struct day_plan plan;
	struct ledger *ledger = NULL;
	char *err = NULL;
	int ndays = 14, i, empty = 0, thin = 0, rc = EXIT_OK;
	size_t j, chosen;
	char hm[DATE_HHMM_SIZE];

	if (!parse_span_args(app, cmd, CALENDAR_MAX_DAYS, &day, &ndays))
		return EXIT_USAGE;
	if (catalog_load(app->cfg.posts_dir, NULL, NULL, NULL, &cat,
	    &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		return EXIT_CONFIG;
	}
	log_diags(&d);
	if (d.nerrors > 0)
		rc = EXIT_DATAERR;
	if (ledger_open_existing(app->cfg.state_dir, &ledger, &err) == -1) {
		log_msg(LOG_WARNING, "%s; choosing without the ledger's "
		    "history", err);
		free(err);
	}
	for (i = 0; i < ndays; i++, day = date_add_days(day, 1)) {
		plan_day(&cat, day, &app->cfg, ledger ? ledger_history : NULL,
		    ledger, &plan);
		for (chosen = 0; chosen < plan.n && plan.v[chosen].chosen;
		    chosen++)
			;
		printf("%04d-%02d-%02d %s  ", day.y, day.m, day.d,
		    wd[date_weekday(day)]);
		if (chosen == 0) {
			empty++;
			printf("EMPTY: no post goes out (%zu candidate%s)\n",
			    plan.n, plan.n == 1 ? "" : "s");
		} else {
			if (chosen < (size_t)app->cfg.min_per_day) {
				thin++;
				printf("THIN: ");
			}
			printf("%zu post%s", chosen, chosen == 1 ? "" : "s");
			if (plan.n > chosen)
				printf(" (of %zu)", plan.n);
			for (j = 0; j < chosen; j++) {
				date_hhmm(plan.v[j].slot, hm);
				printf("%s %s %s", j ? "," : ":", hm,
				    plan.v[j].post->id);
			}
			printf("\n");
		}
		day_plan_free(&plan);
	}
	printf("%d day%s, %d empty", ndays, ndays == 1 ? "" : "s", empty);
	if (thin > 0)
		printf(", %d with fewer than %d posts (schedule.min_per_day)",
		    thin, app->cfg.min_per_day);
	printf("\n");
	diags_free(&d);
	catalog_free(&cat);
	if (ledger != NULL)
		ledger_close(ledger);
	return rc;
}
