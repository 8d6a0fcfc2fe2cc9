/* status: what the ledger says about a day's pairs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "ledger.h"
#include "log.h"
#include "publish.h"

static int status_exec(struct app *, const struct cmd *);

static const struct option status_options[] = {
	{ "date", required_argument, NULL, 'd' },
	{ "days", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[--date YYYY-MM-DD|MM-DD] [--days N]",
	.summary = "what the ledger says about a day's pairs",
	.help =
	    "  --date D        the last day shown (default: today)\n"
	    "  --days N        how many days up to it (default 1)\n",
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
	    date_local(app->cfg.timezone, (time_t)r->not_before, &d, &min))
		printf(" (retried by the first run after %04d-%02d-%02d "
		    "%02d:%02d)", d.y, d.m, d.d, min / 60, min % 60);
	else if (r->state == LS_FAILED)
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

static int
status_exec(struct app *app, const struct cmd *cmd)
{
	struct ymd to = app->today, from;
	struct ledger *l;
	struct ledger_row *rows = NULL;
	size_t n = 0, i;
	char f[11], t[11], *err = NULL, *pause;
	int days = 1;

	for (i = 0; i < cmd->nopts; i++) {
		switch (cmd->opts[i].id) {
		case 'd':
			if (!parse_day_arg(app, cmd->opts[i].value, &to))
				return EXIT_USAGE;
			break;
		case 'n':
			if (!parse_count_arg("--days", cmd->opts[i].value,
			    3660, &days))
				return EXIT_USAGE;
			break;
		}
	}
	from = date_add_days(to, -(days - 1));
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
	ledger_rows_free(rows, n);
	ledger_close(l);
	return EXIT_OK;
}
