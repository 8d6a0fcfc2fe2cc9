/* publish, status, pause, resume: the commands around the ledger. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "ledger.h"
#include "log.h"
#include "publish.h"
#include "xalloc.h"

int
cmd_publish(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "platform", required_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "retry-unknown", no_argument, NULL, 'u' },
		{ "retry-failed", no_argument, NULL, 'f' },
		{ "late", no_argument, NULL, 'l' },
		{ "new-ledger", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	struct publish_opts o;
	struct publish_summary sum;
	int ch;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (!parse_day_arg(app, optarg, &o.date))
				return EXIT_USAGE;
			o.have_date = true;
			break;
		case 'p':
			if (!parse_platform_arg(optarg, &o.platforms))
				return EXIT_USAGE;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'u':
			o.claim_flags |= CLAIM_RETRY_UNKNOWN;
			break;
		case 'f':
			o.claim_flags |= CLAIM_RETRY_FAILED;
			break;
		case 'l':
			o.claim_flags |= CLAIM_LATE;
			break;
		case 'N':
			o.new_ledger = true;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		log_msg(LOG_ERROR, "publish: unexpected \"%s\"", argv[optind]);
		return EXIT_USAGE;
	}
	return publish_run(app, &o, &sum);
}

int
cmd_status(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "days", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct ymd to = app->today, from;
	struct ledger *l;
	struct ledger_row *rows = NULL;
	size_t n = 0, i;
	char f[11], t[11], *err = NULL, *pause;
	int ch, days = 1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (!parse_day_arg(app, optarg, &to))
				return EXIT_USAGE;
			break;
		case 'n':
			if (!parse_count_arg("--days", optarg, 3660, &days))
				return EXIT_USAGE;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		log_msg(LOG_ERROR, "status: unexpected \"%s\"", argv[optind]);
		return EXIT_USAGE;
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
	for (i = 0; i < n; i++) {
		const struct ledger_row *r = &rows[i];

		printf("%s %-9s %-10s %s", r->day, r->platform,
		    ledger_state_name(r->state), r->post_id);
		if (r->state == LS_FAILED)
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
	ledger_rows_free(rows, n);
	ledger_close(l);
	return EXIT_OK;
}

/* Makes state_dir if missing (0700). */
static bool
ensure_state_dir(const char *dir)
{
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_msg(LOG_ERROR, "%s: cannot create: %s", dir,
		    strerror(errno));
		return false;
	}
	return true;
}

int
cmd_pause(struct app *app, int argc, char **argv)
{
	char *path;
	int fd;

	(void)argv;
	if (argc > 1) {
		log_msg(LOG_ERROR, "pause takes no arguments");
		return EXIT_USAGE;
	}
	if (!ensure_state_dir(app->cfg.state_dir))
		return EXIT_CANTCREAT;
	path = publish_pause_path(&app->cfg);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	close(fd);
	log_msg(LOG_INFO, "publishing paused (%s); \"almanac resume\" goes "
	    "on", path);
	free(path);
	return EXIT_OK;
}

int
cmd_resume(struct app *app, int argc, char **argv)
{
	char *path;

	(void)argv;
	if (argc > 1) {
		log_msg(LOG_ERROR, "resume takes no arguments");
		return EXIT_USAGE;
	}
	path = publish_pause_path(&app->cfg);
	if (unlink(path) == -1 && errno != ENOENT) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	log_msg(LOG_INFO, "publishing resumed");
	free(path);
	return EXIT_OK;
}
