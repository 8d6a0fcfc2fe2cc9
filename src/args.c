/* args: option values shared by the commands (see commands.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "log.h"

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

	if (id < 0) {
		log_msg(LOG_ERROR, "no platform \"%s\"; known: twitter, "
		    "linkedin, facebook, instagram, pinterest, feed", s);
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
