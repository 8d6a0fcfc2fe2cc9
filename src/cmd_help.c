/* help: the help texts of almanac and of each command. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "commands.h"

static int help_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "print the usage and options of a command",
	.help =
	    "  COMMAND         the command (default: every command and the "
	    "global options,\n"
	    "                  as almanac --help)\n"
	    "\"almanac COMMAND --help\" and \"almanac COMMAND -h\" print the "
	    "same.\n",
	.max_operands = 1,
	.flags = CMD_NOCONFIG,
	.exec = help_exec,
};

void
cmd_usage_line(struct buf *b, const struct cmd_entry *e)
{
	buf_addf(b, "usage: almanac %s%s%s\n", e->name, *e->usage ? " " : "",
	    e->usage);
}

void
cmd_help_text(struct buf *b, const struct cmd_entry *e)
{
	cmd_usage_line(b, e);
	buf_addf(b, "\n%s.\n\n%s", e->summary, e->help);
}

void
cmd_overview(struct buf *b, const struct cmd_entry *const *table)
{
	size_t i;

	buf_adds(b,
	    "usage: almanac [-c FILE] [-v|-q] [--log-format text|json] "
	    "[--now YYYY-MM-DDTHH:MM] COMMAND ...\n"
	    "\n"
	    "almanac publishes \"On this day\" posts from one JSON file per "
	    "event.\n"
	    "\n"
	    "commands:\n");
	for (i = 0; table[i] != NULL; i++)
		buf_addf(b, "  %-10s %s\n", table[i]->name, table[i]->summary);
	buf_adds(b,
	    "\n"
	    "options:\n"
	    "  -c, --config FILE   the config (default: $ALMANAC_CONFIG, "
	    "else\n"
	    "                      $CONFIGURATION_DIRECTORY/almanac.conf, "
	    "./config/almanac.conf\n"
	    "                      or /etc/almanac/almanac.conf, the first "
	    "that exists)\n"
	    "  -v, --verbose       more log lines (and preview's requests); "
	    "-q, --quiet:\n"
	    "                      errors only\n"
	    "  --log-format F      text (default) or json log lines on "
	    "stderr\n"
	    "  --now T             the clock, local time in the config's "
	    "zone\n"
	    "                      (YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS)\n"
	    "  -h, --help          this help; after a command, that "
	    "command's help\n"
	    "  --version           the version\n"
	    "All but --version may also follow the command: almanac lint "
	    "FILE -v.\n");
}

/* almanac help [COMMAND] */
static int
help_exec(struct app *app, const struct cmd *cmd)
{
	const struct cmd_entry *e;
	struct buf b = BUF_INIT;

	if (cmd->noperands == 0)
		cmd_overview(&b, cmd->table);
	else if ((e = cmd_find(cmd->table, cmd->operands[0])) != NULL)
		cmd_help_text(&b, e);
	else
		return EXIT_USAGE;
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	return EXIT_OK;
}
