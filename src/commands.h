/*
 * commands: the command line, for main.c and the cmd_*.c files only
 * (library code includes app.h).
 *
 * Each command is one struct cmd_entry in its own cmd_NAME.c, as tmux
 * keeps its commands: the name, the usage line, the summary for
 * "almanac --help", the help text, the options and how many operands it
 * takes, and the function that runs it. main.c keeps a table of pointers
 * to the entries; args.c parses a command's part of the command line
 * against its entry (its options, -h and --help, and the global options,
 * which may follow the command too) into a struct cmd; cmd_help.c writes
 * the help texts.
 *
 * A command prints its product on stdout (or the -o file), logs through
 * log.h and returns an exit code of app.h.
 */
#ifndef ALMANAC_COMMANDS_H
#define ALMANAC_COMMANDS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "date.h"

struct cmd;

/* The command runs without a config; its app is NULL. */
#define CMD_NOCONFIG 0x1
/* Without a config file found (none given by -c or $ALMANAC_CONFIG), the
 * command runs on the built-in defaults (main.c says so) instead of
 * failing: every platform present, posts in ./posts. */
#define CMD_DEFAULTS 0x2

struct cmd_entry {
	const char *name;
	const char *usage;	/* what follows the name in the usage line */
	const char *summary;	/* one line, for almanac --help */
	const char *help;	/* the options and more, each line ending in
				   a newline */
	const char *shortopts;	/* getopt letters, e.g. "o:", or NULL */
	const struct option *longopts;	/* ends with a NULL name; or NULL */
	int max_operands;	/* at most this many operands; -1: any */
	int flags;		/* CMD_NOCONFIG, CMD_DEFAULTS */
	int (*exec)(struct app *app, const struct cmd *cmd);
};
/*
 * An option's id is the val of its struct option, or its letter. The
 * letters and values c, h, q, v and those from 256 up are the global
 * options' (main.c) and -h's; a command uses others.
 */

/* One option as given. */
struct cmd_opt {
	int id;
	const char *value;	/* its argument (borrowed from argv), or NULL */
};

/* One command line, parsed against its entry. */
struct cmd {
	const struct cmd_entry *entry;
	const struct cmd_entry *const *table;	/* every command, ending in
						   NULL (for help) */
	struct cmd_opt *opts;		/* the command's options, in order */
	size_t nopts;
	struct cmd_opt *globals;	/* global options after the command */
	size_t nglobals;
	char **operands;		/* borrowed from argv */
	size_t noperands;
};

extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_preview_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_calendar_entry;
extern const struct cmd_entry cmd_card_entry;
extern const struct cmd_entry cmd_images_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_doctor_entry;
extern const struct cmd_entry cmd_auth_entry;
extern const struct cmd_entry cmd_pause_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_daemon_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_help_entry;

/* args.c: the command line. */
/*
 * The command called name in table (ending in NULL), or NULL after logging
 * "unknown command" with the nearest name when one is close.
 */
const struct cmd_entry *cmd_find(const struct cmd_entry *const *table,
    const char *name);
/*
 * Parses argv[1..argc-1], what follows the command's name argv[0], against
 * e's options and the global ones (gshort, glong: getopt letters and long
 * options, glong ending with a NULL name); options and operands may come in
 * any order, "--" ends the options. Returns 0 with *out filled (free it with
 * cmd_free), 1 when -h or --help was given (nothing to free), or -1 after
 * logging what is wrong (an unknown option, a missing or unwanted value,
 * too many operands).
 */
int cmd_parse(const struct cmd_entry *e, const char *gshort,
    const struct option *glong, int argc, char **argv, struct cmd *out);
void cmd_free(struct cmd *c);
/*
 * Logs what is wrong with the option getopt_long has just refused (ch is
 * '?' or ':', with ":" leading the letters). who: the command, or NULL.
 * before: optind before that call.
 */
void cmd_option_error(const char *who, const struct option *longopts,
    char **argv, int before, int ch);

/* Option values shared by the commands. */
/* "YYYY-MM-DD", or "MM-DD" in the year of today. Logs what is wrong. */
bool parse_day_arg(const struct app *app, const char *s, struct ymd *out);
/* A platform name into *mask (bit per number in the
 * platform table). Logs unknown. */
bool parse_platform_arg(const char *s, unsigned *mask);
/* A count 1..max. Logs what is wrong. */
bool parse_count_arg(const char *opt, const char *s, int max, int *out);
/* The long options of a span of days, --from and --days: the table of
 * a command that takes only those. */
extern const struct option span_options[];
/* The span of days of cmd: its --from D (id 'f') into *from and --days
 * N (id 'n', at most max) into *ndays, each left as it is when not
 * given. Logs what is wrong. */
bool parse_span_args(const struct app *app, const struct cmd *cmd, int max,
    struct ymd *from, int *ndays);

/* cmd_help.c: the help texts, appended to b. */
/* "usage: almanac NAME USAGE\n" */
void cmd_usage_line(struct buf *b, const struct cmd_entry *e);
/* The usage line, the summary and the help: "almanac help NAME" and
 * "almanac NAME --help". */
void cmd_help_text(struct buf *b, const struct cmd_entry *e);
/* "almanac --help": the commands of table and the global options. */
void cmd_overview(struct buf *b, const struct cmd_entry *const *table);

#endif
