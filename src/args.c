/*
 * args: a command's part of the command line, parsed against its entry,
 * and the option values the commands share (see commands.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "commands.h"
#include "log.h"
#include "platforms.h"
#include "suggest.h"
#include "xalloc.h"

const struct cmd_entry *
cmd_find(const struct cmd_entry *const *table, const char *name)
{
	const char **names, *near;
	size_t i, n;

	for (n = 0; table[n] != NULL; n++)
		if (strcmp(table[n]->name, name) == 0)
			return table[n];
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = table[i]->name;
	if ((near = suggest_name(name, names)) != NULL)
		log_msg(LOG_ERROR, "unknown command \"%s\"; did you mean %s?",
		    name, near);
	else
		log_msg(LOG_ERROR, "unknown command \"%s\"; see almanac --help",
		    name);
	free(names);
	return NULL;
}

/* How many options of longopts (ending with a NULL name). */
static size_t
count_options(const struct option *longopts)
{
	size_t n = 0;

	while (longopts != NULL && longopts[n].name != NULL)
		n++;
	return n;
}

void
cmd_option_error(const char *who, const struct option *longopts,
    char **argv, int before, int ch)
{
	const char *word = argv[optind > before ? optind - 1 : optind];
	const char *sep = who != NULL ? ": " : "";
	size_t len, i, matches = 0;
	struct buf names = BUF_INIT;

	if (who == NULL)
		who = "";
	if (strncmp(word, "--", 2) != 0) {
		/* A letter, perhaps within a cluster such as -vx. */
		if (ch == ':')
			log_msg(LOG_ERROR, "%s%s-%c needs a value", who, sep,
			    optopt);
		else
			log_msg(LOG_ERROR, "%s%sunknown option \"-%c\"", who,
			    sep, optopt);
		return;
	}
	len = strcspn(word, "=");
	if (ch == ':') {
		log_msg(LOG_ERROR, "%s%s%.*s needs a value", who, sep, (int)len,
		    word);
		return;
	}
	for (i = 0; longopts != NULL && longopts[i].name != NULL; i++)
		if (strncmp(longopts[i].name, word + 2, len - 2) == 0) {
			if (strlen(longopts[i].name) == len - 2) {
				matches = 1;	/* exact: no value wanted */
				break;
			}
			buf_addf(&names, "%s--%s", matches ? ", " : "",
			    longopts[i].name);
			matches++;
		}
	if (matches > 1)
		log_msg(LOG_ERROR, "%s%s\"%.*s\" is ambiguous (%s)", who, sep,
		    (int)len, word, buf_str(&names));
	else if (matches == 1 && word[len] == '=')
		log_msg(LOG_ERROR, "%s%s%.*s takes no value", who, sep,
		    (int)len, word);
	else
		log_msg(LOG_ERROR, "%s%sunknown option \"%.*s\"", who, sep,
		    (int)len, word);
	buf_free(&names);
}

int
cmd_parse(const struct cmd_entry *e, const char *gshort,
    const struct option *glong, int argc, char **argv, struct cmd *out)
{
	static const struct option help = { "help", no_argument, NULL, 'h' };
	size_t nc = count_options(e->longopts), ng = count_options(glong);
	struct option *all = xcalloc(nc + ng + 2, sizeof(*all));
	struct buf letters = BUF_INIT;
	int ch, before, rc = 0;

	memset(out, 0, sizeof(*out));
	out->entry = e;
	if (nc > 0)
		memcpy(all, e->longopts, nc * sizeof(*all));
	if (ng > 0)
		memcpy(all + nc, glong, ng * sizeof(*all));
	all[nc + ng] = help;
	/* "-": operands come back in order, as 1; ":": a missing value is
	 * told from an unknown option. */
	buf_addf(&letters, "-:%s%sh", e->shortopts ? e->shortopts : "",
	    gshort);
	out->opts = xcalloc((size_t)argc, sizeof(*out->opts));
	out->globals = xcalloc((size_t)argc, sizeof(*out->globals));
	out->operands = xcalloc((size_t)argc, sizeof(*out->operands));
	opterr = 0;
	optind = 0;	/* a new argv: getopt starts afresh */
	for (;;) {
		before = optind > 0 ? optind : 1;
		ch = getopt_long(argc, argv, buf_str(&letters), all, NULL);
		if (ch == -1)
			break;
		if (ch == 'h') {
			rc = 1;
			break;
		}
		if (ch == '?' || ch == ':') {
			cmd_option_error(e->name, all, argv, before, ch);
			rc = -1;
			break;
		}
		if (ch == 1)
			out->operands[out->noperands++] = optarg;
		else if (ch >= 256 || strchr(gshort, ch) != NULL)
			out->globals[out->nglobals++] =
			    (struct cmd_opt){ ch, optarg };
		else
			out->opts[out->nopts++] = (struct cmd_opt){ ch, optarg };
	}
	if (rc == 0)	/* after "--": operands only */
		for (; optind < argc; optind++)
			out->operands[out->noperands++] = argv[optind];
	if (rc == 0 && e->max_operands >= 0 &&
	    out->noperands > (size_t)e->max_operands) {
		log_msg(LOG_ERROR, "%s: unexpected \"%s\"", e->name,
		    out->operands[e->max_operands]);
		rc = -1;
	}
	buf_free(&letters);
	free(all);
	if (rc != 0)
		cmd_free(out);
	return rc;
}

void
cmd_free(struct cmd *c)
{
	free(c->opts);
	free(c->globals);
	free(c->operands);
	c->opts = c->globals = NULL;
	c->operands = NULL;
	c->nopts = c->nglobals = c->noperands = 0;
}

/* "YYYY-MM-DD" or "MM-DD" (this year). */
bool
parse_day_arg(const struct app *app, const char *s, struct ymd *out)
{
	char full[16];

	if (strlen(s) == 5 && s[2] == '-') {
		snprintf(full, sizeof(full), "%04d-%s", app->today.y, s);
		if (date_parse_ymd(full, out))
			return true;
		log_msg(LOG_ERROR, "\"%s\" is not a date in %d", s,
		    app->today.y);
		return false;
	}
	if (date_parse_ymd(s, out))
		return true;
	log_msg(LOG_ERROR, "expected a date as YYYY-MM-DD or MM-DD, got \"%s\"",
	    s);
	return false;
}

/* A platform name into the mask. */
bool
parse_platform_arg(const char *s, unsigned *mask)
{
	int id = platform_lookup(s);
	struct buf b = BUF_INIT;
	size_t i;

	if (id < 0) {
		for (i = 0; i < platform_count(); i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "",
			    platform_name(i));
		log_msg(LOG_ERROR, "no platform \"%s\"; known: %s", s, b.s);
		buf_free(&b);
		return false;
	}
	*mask |= 1u << id;
	return true;
}

/* A whole number 1..max. */
bool
parse_count_arg(const char *opt, const char *s, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > max) {
		log_msg(LOG_ERROR, "%s takes a whole number from 1 to %d, not "
		    "\"%s\"", opt, max, s);
		return false;
	}
	*out = (int)v;
	return true;
}

const struct option span_options[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "days", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

bool
parse_span_args(const struct app *app, const struct cmd *cmd, int max,
    struct ymd *from, int *ndays)
{
	size_t j;

	for (j = 0; j < cmd->nopts; j++) {
		switch (cmd->opts[j].id) {
		case 'f':
			if (!parse_day_arg(app, cmd->opts[j].value, from))
				return false;
			break;
		case 'n':
			if (!parse_count_arg("--days", cmd->opts[j].value, max,
			    ndays))
				return false;
			break;
		}
	}
	return true;
}
