/* publish: send the day's due posts, exactly once (see publish.h). */
#include <string.h>

#include "card.h"
#include "commands.h"
#include "ledger.h"
#include "log.h"
#include "publish.h"

static int publish_exec(struct app *, const struct cmd *);

static const struct option publish_options[] = {
	{ "date", required_argument, NULL, 'd' },
	{ "platform", required_argument, NULL, 'p' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "retry-unknown", no_argument, NULL, 'u' },
	{ "retry-failed", no_argument, NULL, 'f' },
	{ "late", no_argument, NULL, 'l' },
	{ "new-ledger", no_argument, NULL, 'N' },
	{ "force", no_argument, NULL, 'F' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.usage = "[--date YYYY-MM-DD [--force]] [--platform NAME]... "
	    "[--dry-run] [--retry-unknown] [--retry-failed] [--late] "
	    "[--new-ledger]",
	.summary = "send today's due posts to every enabled platform, exactly "
	    "once",
	.help =
	    "  --date D        that day, all its chosen posts at once (slots "
	    "and grace ignored);\n"
	    "                  another day than today is refused, naming the "
	    "texts that\n"
	    "                  say \"today\", unless --force\n"
	    "  --force         with --date: publish another day's posts "
	    "now\n"
	    "  --platform NAME only this platform (repeatable)\n"
	    "  --dry-run       say what would be sent now, and why not for "
	    "each other pair\n"
	    "                  of the day; send and record nothing\n"
	    "  --retry-unknown send again pairs whose outcome is unknown (they "
	    "may exist)\n"
	    "  --retry-failed  send again pairs that failed for good\n"
	    "  --late          send slots past the grace, and today's missed "
	    "pairs (each\n"
	    "                  once; not with --date of another day)\n"
	    "  --new-ledger    start a new ledger where one was kept (sent "
	    "pairs may go again)\n"
	    "Exit 0 when all is done, 75 when some failed and the next run "
	    "retries\n(or the ledger was locked, or the clock went back), 1 "
	    "when some failed\nfor good or are unknown, 65 when a post is "
	    "invalid, 78 when the config or\na platform's credentials are, 73 "
	    "when the ledger could not record something,\n2 for --date of "
	    "another day without --force (nothing is sent).\n",
	.longopts = publish_options,
	.max_operands = 0,
	.exec = publish_exec,
};

static int
publish_exec(struct app *app, const struct cmd *cmd)
{
	struct publish_opts o;
	struct publish_summary sum;
	int rc;
	const char *v;
	size_t i;

	memset(&o, 0, sizeof(o));
	for (i = 0; i < cmd->nopts; i++) {
		v = cmd->opts[i].value;
		switch (cmd->opts[i].id) {
		case 'd':
			if (!parse_day_arg(app, v, &o.date))
				return EXIT_USAGE;
			o.have_date = true;
			break;
		case 'p':
			if (!parse_platform_arg(v, &o.platforms))
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
		case 'F':
			o.force = true;
			break;
		}
	}
	if (o.force && !o.have_date) {
		log_msg(LOG_ERROR, "publish --force goes with --date: it "
		    "publishes another day's posts");
		return EXIT_USAGE;
	}
	/* Missed pairs are sent late on their own day only. */
	if ((o.claim_flags & CLAIM_LATE) && o.have_date &&
	    date_cmp(o.date, app->today) != 0) {
		log_msg(LOG_ERROR, "publish --late sends today's missed pairs "
		    "only: leave --date out, or give today's date");
		return EXIT_USAGE;
	}
	rc = publish_run(app, &o, &sum);
	card_cleanup();		/* the cards it drew, if any */
	return rc;
}
