/* almanac: command line, configuration, dispatch. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "log.h"
#include "site.h"
#include "xalloc.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

/* Every command, in the order of almanac --help. */
static const struct cmd_entry *const commands[] = {
	&cmd_publish_entry,
	&cmd_preview_entry,
	&cmd_lint_entry,
	&cmd_calendar_entry,
	&cmd_card_entry,
	&cmd_images_entry,
	&cmd_status_entry,
	&cmd_doctor_entry,
	&cmd_auth_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_daemon_entry,
	&cmd_init_entry,
	&cmd_help_entry,
	NULL
};

/* The ids of the global options without a letter (commands.h: 256 up). */
enum { OPT_LOG_FORMAT = 256, OPT_NOW, OPT_VERSION };

/* The global options. The first two are only for before the command;
 * after it -h and --help ask for the command's help (args.c). */
static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "config", required_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "now", required_argument, NULL, OPT_NOW },
	{ NULL, 0, NULL, 0 }
};
#define AFTER_COMMAND (options + 2)
#define AFTER_COMMAND_LETTERS "c:vq"

/* What the global options say. */
struct globals {
	const char *config;	/* -c */
	const char *now;	/* --now */
	enum log_format log_format;
	int verbosity;
};

/* Takes in one global option (not -h nor --version). False after logging
 * when its value is wrong. */
static bool
global_option(struct globals *g, int id, const char *value)
{
	switch (id) {
	case 'c':
		g->config = value;
		break;
	case 'v':
		g->verbosity++;
		break;
	case 'q':
		g->verbosity = -1;
		break;
	case OPT_LOG_FORMAT:
		if (strcmp(value, "text") == 0)
			g->log_format = LOG_FORMAT_TEXT;
		else if (strcmp(value, "json") == 0)
			g->log_format = LOG_FORMAT_JSON;
		else {
			log_msg(LOG_ERROR, "--log-format takes text or json, "
			    "not \"%s\"", value);
			return false;
		}
		break;
	case OPT_NOW:
		g->now = value;
		break;
	}
	return true;
}

/* Prints b on f and frees it. */
static void
put(struct buf *b, FILE *f)
{
	fputs(buf_str(b), f);
	buf_free(b);
}

/* The overall help on f. */
static void
usage(FILE *f)
{
	struct buf b = BUF_INIT;

	cmd_overview(&b, commands);
	put(&b, f);
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

/*
 * Loads the built-in defaults into app->cfg, for a command that runs
 * without a config file (CMD_DEFAULTS): the config "almanac init" writes
 * (site.h), as if it were ./config/almanac.conf: posts in ./posts, the
 * system's time zone, every platform present (only the feed enabled) with
 * its default template and limits. Says so on stderr. False after logging
 * should the built-in config not load (a defect).
 */
static bool
app_defaults(struct app *app, const char *looked_for)
{
	struct diags d = DIAGS_INIT;
	const struct site_file *f = site_file(SITE_CONFIG);
	char *cwd, *dir;
	int rc;

	if ((cwd = getcwd(NULL, 0)) == NULL) {
		log_msg(LOG_ERROR, "no config file, and no working folder for "
		    "the built-in defaults: %s", strerror(errno));
		return false;
	}
	dir = xasprintf("%s/config", strcmp(cwd, "/") == 0 ? "" : cwd);
	free(cwd);
	rc = f == NULL ? -1 : config_parse("the built-in defaults", dir,
	    (const char *)f->data, &app->cfg, &d);
	free(dir);
	log_diags(&d);
	diags_free(&d);
	if (rc == -1) {
		log_msg(LOG_ERROR, "the built-in defaults do not load");
		return false;
	}
	log_msg(LOG_NOTICE, "no config file: using built-in defaults (posts "
	    "in ./posts, the local time zone, every platform shown with its "
	    "default template and limits; looked for %s); \"almanac init "
	    "DIR\" makes a site with a config", looked_for);
	return true;
}

/*
 * Fills app: the config (found and loaded, or the built-in defaults for
 * a command with CMD_DEFAULTS when no file is found), the clock (--now or
 * the real one), today and the colour; *pathp is app->config_path (NULL
 * on the defaults), which the caller frees after config_free(&app->cfg).
 * An exit code; on failure nothing is left to free.
 */
static int
app_load(struct app *app, const struct globals *g, int flags, char **pathp)
{
	struct diags d = DIAGS_INIT;
	struct ymd nowday;
	const char *nocolor;
	char *path, *looked;
	int minute, second, err;

	memset(app, 0, sizeof(*app));
	path = config_find(g->config);
	if (access(path, F_OK) == -1 && g->config == NULL &&
	    getenv("ALMANAC_CONFIG") == NULL) {
		err = errno;
		looked = xasprintf("%s./config/almanac.conf and %s",
		    getenv("CONFIGURATION_DIRECTORY") != NULL ?
		    "$CONFIGURATION_DIRECTORY/almanac.conf, " : "", path);
		if (flags & CMD_DEFAULTS) {
			free(path);
			path = NULL;
			if (!app_defaults(app, looked)) {
				free(looked);
				return EXIT_SOFTWARE;
			}
			free(looked);
		} else {
			log_msg(LOG_ERROR, "no config file: looked for %s (%s); "
			    "give one with -c FILE", looked, strerror(err));
			free(looked);
			free(path);
			return EXIT_CONFIG;
		}
	} else if (config_load(path, &app->cfg, &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		free(path);
		return EXIT_CONFIG;
	}
	log_diags(&d);
	diags_free(&d);
	app->config_path = path;

	if (g->now != NULL) {
		if (!parse_now(g->now, &nowday, &minute, &second)) {
			log_msg(LOG_ERROR, "--now takes local time as "
			    "YYYY-MM-DDTHH:MM, not \"%s\"", g->now);
			config_free(&app->cfg);
			free(path);
			return EXIT_USAGE;
		}
		date_instant(app->cfg.timezone, nowday, minute, &app->now);
		app->now += second;
		app->now_given = true;
	} else
		app->now = time(NULL);
	if (!date_local(app->cfg.timezone, app->now, &app->today,
	    &app->minute)) {
		log_msg(LOG_ERROR, "%s: unknown time zone \"%s\"",
		    path != NULL ? path : "the built-in defaults",
		    app->cfg.timezone != NULL ? app->cfg.timezone : "local");
		config_free(&app->cfg);
		free(path);
		return EXIT_CONFIG;
	}
	nocolor = getenv("NO_COLOR");
	app->verbosity = g->verbosity;
	app->color = isatty(STDOUT_FILENO) && (nocolor == NULL ||
	    *nocolor == '\0');
	*pathp = path;
	return EXIT_OK;
}

/* Runs the command of c with its app, or without one for CMD_NOCONFIG. */
static int
run(const struct cmd *c, const struct globals *g)
{
	struct app app;
	char *path;
	int rc;

	if (c->entry->flags & CMD_NOCONFIG)
		return c->entry->exec(NULL, c);
	if ((rc = app_load(&app, g, c->entry->flags, &path)) != EXIT_OK)
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_msg(LOG_ERROR, "cannot initialise libcurl");
		rc = EXIT_SOFTWARE;
	} else {
		rc = c->entry->exec(&app, c);
		curl_global_cleanup();
	}
	config_free(&app.cfg);
	free(path);
	return rc;
}

int
main(int argc, char **argv)
{
	struct globals g = { NULL, NULL, LOG_FORMAT_TEXT, 0 };
	const struct cmd_entry *e;
	struct buf b = BUF_INIT;
	struct cmd c;
	size_t i;
	int ch, before, rc;

	log_init(g.log_format, g.verbosity);
	/* The global options before the command. */
	opterr = 0;
	for (;;) {
		before = optind;
		if ((ch = getopt_long(argc, argv, "+:c:vqh", options,
		    NULL)) == -1)
			break;
		switch (ch) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case OPT_VERSION:
			printf("almanac %s\n", ALMANAC_VERSION);
			return EXIT_OK;
		case '?':
		case ':':
			cmd_option_error(NULL, options, argv, before, ch);
			usage(stderr);
			return EXIT_USAGE;
		default:
			if (!global_option(&g, ch, optarg))
				return EXIT_USAGE;
		}
	}
	log_init(g.log_format, g.verbosity);
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((e = cmd_find(commands, argv[optind])) == NULL)
		return EXIT_USAGE;

	/* The command's options and operands, and global options again. */
	switch (cmd_parse(e, AFTER_COMMAND_LETTERS, AFTER_COMMAND,
	    argc - optind, argv + optind, &c)) {
	case 1:
		cmd_help_text(&b, e);
		put(&b, stdout);
		return EXIT_OK;
	case -1:
		cmd_usage_line(&b, e);
		put(&b, stderr);
		return EXIT_USAGE;
	}
	c.table = commands;
	for (i = 0; i < c.nglobals; i++)
		if (!global_option(&g, c.globals[i].id, c.globals[i].value)) {
			cmd_free(&c);
			return EXIT_USAGE;
		}
	log_init(g.log_format, g.verbosity);
	rc = run(&c, &g);
	cmd_free(&c);
	return rc;
}
