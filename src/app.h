/*
 * app: the application context of one almanac run, made by main and given
 * to the command that runs and to the library code that works for it
 * (publish, doctor): the config, the clock and today; and the exit codes
 * those return (README.md "Exit codes").
 *
 * Library code includes this header, never the command-line one
 * (commands.h, for main and the cmd_*.c files only).
 */
#ifndef ALMANAC_APP_H
#define ALMANAC_APP_H

#include <stdbool.h>
#include <time.h>

#include "config.h"
#include "date.h"

/* Exit codes (sysexits where they fit). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* pairs failed permanently or are unknown */
	EXIT_USAGE = 2,
	EXIT_DATAERR = 65,	/* a post file is invalid */
	EXIT_SOFTWARE = 70,
	EXIT_CANTCREAT = 73,
	EXIT_TEMPFAIL = 75,	/* pairs failed retryably */
	EXIT_CONFIG = 78	/* the config is invalid */
};

struct app {
	const char *config_path;	/* the file that was read */
	struct config cfg;
	time_t now;			/* the clock: --now or the real one */
	struct ymd today;		/* in the configured zone */
	int minute;			/* minute of the day, local */
	bool color;			/* stdout is a terminal, no NO_COLOR */
	bool now_given;			/* the clock came from --now */
	int verbosity;			/* -q -1, normal 0, each -v one more */
};

#endif
