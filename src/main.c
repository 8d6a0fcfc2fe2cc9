/* almanac: command line, configuration, dispatch. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "commands.h"
#include "config.h"
#include "diag.h"
#include "log.h"
#include "xalloc.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

static const struct command commands[] = {
	{ "publish",
	  "[--date YYYY-MM-DD] [--platform NAME]... [--dry-run] "
	  "[--retry-unknown] [--retry-failed] [--late] [--new-ledger]",
	  "send today's due posts to every enabled platform, exactly once",
	  "  --date D        that day, all its chosen posts at once (slots and "
	  "grace ignored)\n"
	  "  --platform NAME only this platform (repeatable)\n"
	  "  --dry-run       say what would be sent; send and record nothing\n"
	  "  --retry-unknown send again pairs whose outcome is unknown (they "
	  "may exist)\n"
	  "  --retry-failed  send again pairs that failed for good\n"
	  "  --late          send slots past the grace, and today's missed "
	  "pairs\n"
	  "  --new-ledger    start a new ledger where one was kept (sent "
	  "pairs may go again)\n"
	  "Exit 0 when all is done, 75 when some failed and the next run "
	  "retries\n(or the ledger was locked, or the clock went back), 1 "
	  "when some failed\nfor good or are unknown, 65 when a post is "
	  "invalid, 78 when the config or\na platform's credentials are, 73 "
	  "when the ledger could not record something.\n",
	  cmd_publish },
	{ "preview",
	  "[--date YYYY-MM-DD|MM-DD | --all-days] [--platform NAME]... "
	  "[--format text|json|html] [-o FILE]",
	  "show what would be sent on a day, per post and platform",
	  "  --date D        the day to show (default: today in the config's "
	  "time zone)\n"
	  "  --all-days      every day of the year\n"
	  "  --platform NAME only this platform (repeatable)\n"
	  "  --format F      text (default), json or html\n"
	  "  -o FILE         write to FILE instead of standard output\n"
	  "Needs no credentials and never uses the network or the ledger.\n",
	  cmd_preview },
	{ "lint", "[PATH]...",
	  "check post files and the config; every error in one run",
	  "  PATH            post files or folders (default: the config's "
	  "posts_dir)\n"
	  "Also formats every post for every platform of the config and "
	  "reports what cannot fit.\n"
	  "Exit 0 when clean (warnings allowed), 65 when a post has errors, "
	  "78 when the config has.\n",
	  cmd_lint },
	{ "calendar", "[--from YYYY-MM-DD|MM-DD] [--days N]",
	  "list the posts of the coming days; empty days are flagged",
	  "  --from D        the first day (default: today)\n"
	  "  --days N        how many days (default 14, at most 3660)\n",
	  cmd_calendar },
	{ "status", "[--date YYYY-MM-DD|MM-DD] [--days N]",
	  "what the ledger says about a day's pairs",
	  "  --date D        the last day shown (default: today)\n"
	  "  --days N        how many days up to it (default 1)\n",
	  cmd_status },
	{ "doctor", "",
	  "check the config, the credentials and every enabled platform's "
	  "token",
	  "Checks that posts_dir can be read, state_dir and the feed's folder "
	  "written,\nthe credentials file is there with mode 600, and asks "
	  "each enabled\nplatform whose token it holds (read-only requests, "
	  "all at once): ok,\nrefused, cannot reach, and when it expires "
	  "where the platform says so\n(Facebook and Instagram; a warning "
	  "within 14 days). A LinkedIn-Version\nolder than 10 months is a "
	  "warning. Secrets are never shown.\n"
	  "Exit 0 when every enabled platform would work (warnings allowed), "
	  "1 when\none would fail, 78 when the config or the credentials are "
	  "wrong.\n",
	  cmd_doctor },
	{ "pause", "", "stop all publishing until resume",
	  "Makes state_dir/PAUSED; publish then sends nothing and exits 0.\n",
	  cmd_pause },
	{ "resume", "", "publish again after pause",
	  "Removes state_dir/PAUSED.\n", cmd_resume },
	{ "daemon", "", "keep running, publishing each post at its slot",
	  "The long-running alternative to the systemd timer: publishes as\n"
	  "\"publish\" does, then sleeps until the next slot of the day (or\n"
	  "midnight), looking again at least every 15 minutes; after a run\n"
	  "that did not end well, the next comes within 15 minutes. The\n"
	  "ledger and the lock are held only while publishing.\n"
	  "SIGHUP reads the config file again (an invalid one is ignored);\n"
	  "SIGTERM or SIGINT lets the requests in flight finish, then exits "
	  "0.\n"
	  "With --now the clock starts there and runs on in real time.\n",
	  cmd_daemon },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The command called name, or NULL. */
static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The overall help. */
static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: almanac [-c FILE] [-v|-q] [--log-format text|json] "
	    "[--now YYYY-MM-DDTHH:MM] COMMAND ...\n"
	    "\n"
	    "almanac publishes \"On this day\" posts from one JSON file per "
	    "event.\n"
	    "\n"
	    "commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f,
	    "  help CMD   the options of a command\n"
	    "\n"
	    "options:\n"
	    "  -c, --config FILE   the config (default: $ALMANAC_CONFIG, "
	    "else\n"
	    "                      $CONFIGURATION_DIRECTORY/almanac.conf, "
	    "./config/almanac.conf\n"
	    "                      or /etc/almanac/almanac.conf, the first "
	    "that exists)\n"
	    "  -v, --verbose       more log lines; -q, --quiet: errors only\n"
	    "  --log-format F      text (default) or json log lines on "
	    "stderr\n"
	    "  --now T             the clock, local time in the config's "
	    "zone\n"
	    "                      (YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS)\n"
	    "  -h, --help          this help; --version: the version\n");
}

/* Help for one command. */
static int
command_help(const char *name)
{
	const struct command *c = find_command(name);

	if (c == NULL) {
		log_msg(LOG_ERROR, "no command \"%s\"; see almanac --help",
		    name);
		return EXIT_USAGE;
	}
	printf("usage: almanac %s %s\n\n%s.\n\n%s", c->name, c->usage,
	    c->summary, c->help);
	return EXIT_OK;
}

/* Parses "YYYY-MM-DDTHH:MM" (also with a space), optionally followed by
 * ":SS", into a day, minute and second. */
static bool
parse_now(const char *s, struct ymd *day, int *minute, int *second)
{
	char d[11], t[6];
	size_t len = strlen(s);

	*second = 0;
	if ((len != 16 && len != 19) || (s[10] != 'T' && s[10] != ' '))
		return false;
	if (len == 19) {
		if (s[16] != ':' || s[17] < '0' || s[17] > '5' ||
		    s[18] < '0' || s[18] > '9')
			return false;
		*second = (s[17] - '0') * 10 + (s[18] - '0');
	}
	memcpy(d, s, 10);
	d[10] = '\0';
	memcpy(t, s + 11, 5);
	t[5] = '\0';
	return date_parse_ymd(d, day) && date_parse_hhmm(t, minute);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "log-format", required_argument, NULL, 'L' },
		{ "now", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config_opt = NULL, *now_opt = NULL, *nocolor;
	enum log_format lf = LOG_FORMAT_TEXT;
	int verbosity = 0, ch, rc, minute, second, first;
	const struct command *cmd;
	struct diags d = DIAGS_INIT;
	struct app app;
	struct ymd nowday;
	char *path;

	memset(&app, 0, sizeof(app));
	log_init(lf, verbosity);
	while ((ch = getopt_long(argc, argv, "+c:vqh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_opt = optarg;
			break;
		case 'v':
			verbosity++;
			break;
		case 'q':
			verbosity = -1;
			break;
		case 'L':
			if (strcmp(optarg, "text") == 0)
				lf = LOG_FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				lf = LOG_FORMAT_JSON;
			else {
				log_msg(LOG_ERROR, "--log-format takes text or "
				    "json, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'N':
			now_opt = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("almanac %s\n", ALMANAC_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	log_init(lf, verbosity);
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 >= argc) {
			usage(stdout);
			return EXIT_OK;
		}
		return command_help(argv[optind + 1]);
	}
	if ((cmd = find_command(argv[optind])) == NULL) {
		log_msg(LOG_ERROR, "no command \"%s\"; see almanac --help",
		    argv[optind]);
		return EXIT_USAGE;
	}

	path = config_find(config_opt);
	if (access(path, F_OK) == -1 && config_opt == NULL &&
	    getenv("ALMANAC_CONFIG") == NULL) {
		log_msg(LOG_ERROR, "no config file: looked for %s"
		    "./config/almanac.conf and %s (%s); give one with -c FILE",
		    getenv("CONFIGURATION_DIRECTORY") != NULL ?
		    "$CONFIGURATION_DIRECTORY/almanac.conf, " : "", path,
		    strerror(errno));
		free(path);
		return EXIT_CONFIG;
	}
	if (config_load(path, &app.cfg, &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		free(path);
		return EXIT_CONFIG;
	}
	log_diags(&d);
	diags_free(&d);
	app.config_path = path;

	if (now_opt != NULL) {
		if (!parse_now(now_opt, &nowday, &minute, &second)) {
			log_msg(LOG_ERROR, "--now takes local time as "
			    "YYYY-MM-DDTHH:MM, not \"%s\"", now_opt);
			rc = EXIT_USAGE;
			goto out;
		}
		date_instant(app.cfg.timezone, nowday, minute, &app.now);
		app.now += second;
		app.now_given = true;
	} else
		app.now = time(NULL);
	if (!date_local(app.cfg.timezone, app.now, &app.today, &app.minute)) {
		log_msg(LOG_ERROR, "%s: unknown time zone \"%s\"", path,
		    app.cfg.timezone);
		rc = EXIT_CONFIG;
		goto out;
	}
	nocolor = getenv("NO_COLOR");
	app.color = isatty(STDOUT_FILENO) && (nocolor == NULL ||
	    *nocolor == '\0');

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_msg(LOG_ERROR, "cannot initialise libcurl");
		rc = EXIT_SOFTWARE;
		goto out;
	}
	first = optind;
	optind = 0;	/* reinitialise getopt for the command's options */
	rc = cmd->run(&app, argc - first, argv + first);
	curl_global_cleanup();
out:
	config_free(&app.cfg);
	free(path);
	return rc;
}
