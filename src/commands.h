/*
 * commands: the commands, for main.c and the cmd_*.c files only (struct
 * app and the exit codes are in app.h, for library code too).
 *
 * Each command parses its own options from argv (argv[0] is the command's
 * name), prints its product on stdout (or the -o file), logs through log.h
 * and returns an exit code of DESIGN.md "Exit codes".
 */
#ifndef ALMANAC_COMMANDS_H
#define ALMANAC_COMMANDS_H

#include <stdbool.h>

#include "app.h"
#include "date.h"

struct command {
	const char *name;
	const char *usage;	/* options after the name */
	const char *summary;	/* one line */
	const char *help;	/* the options, one per line */
	int (*run)(struct app *app, int argc, char **argv);
};

int cmd_preview(struct app *app, int argc, char **argv);
int cmd_lint(struct app *app, int argc, char **argv);
int cmd_calendar(struct app *app, int argc, char **argv);
int cmd_publish(struct app *app, int argc, char **argv);
int cmd_status(struct app *app, int argc, char **argv);
int cmd_pause(struct app *app, int argc, char **argv);
int cmd_resume(struct app *app, int argc, char **argv);
int cmd_daemon(struct app *app, int argc, char **argv);
int cmd_doctor(struct app *app, int argc, char **argv);

/* Shared option parsing. */
/* "YYYY-MM-DD", or "MM-DD" in the year of today. Logs what is wrong. */
bool parse_day_arg(const struct app *app, const char *s, struct ymd *out);
/* A platform name into *mask (bit per enum platform_id). Logs unknown. */
bool parse_platform_arg(const char *s, unsigned *mask);
/* A count 1..max. Logs what is wrong. */
bool parse_count_arg(const char *opt, const char *s, int max, int *out);

#endif
