/* doctor: print whether a publish run would work (see doctor.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doctor.h"
#include "log.h"

/* The level's colour on a terminal. */
static const char *
level_color(enum doctor_level l)
{
	switch (l) {
	case DOCTOR_OK:
		return "\033[32m";
	case DOCTOR_INFO:
		return "\033[36m";
	case DOCTOR_WARN:
		return "\033[33m";
	case DOCTOR_FAIL:
		break;
	}
	return "\033[1;31m";
}

int
cmd_doctor(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct doctor_report r;
	const struct doctor_line *l;
	const char *name;
	size_t i;
	int rc;

	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return EXIT_USAGE;
	if (optind < argc) {
		log_msg(LOG_ERROR, "doctor: unexpected \"%s\"", argv[optind]);
		return EXIT_USAGE;
	}
	doctor_run(app, 0, &r);
	for (i = 0; i < r.n; i++) {
		l = &r.v[i];
		name = doctor_level_name(l->level);
		if (app->color)
			printf("%s%s\033[0m%*s%s: %s\n", level_color(l->level),
			    name, (int)(8 - strlen(name)), "", l->subject,
			    l->text);
		else
			printf("%-8s%s: %s\n", name, l->subject, l->text);
	}
	printf("%zu ok, %zu warning%s, %zu failed\n", r.count[DOCTOR_OK],
	    r.count[DOCTOR_WARN], r.count[DOCTOR_WARN] == 1 ? "" : "s",
	    r.count[DOCTOR_FAIL]);
	rc = doctor_exit_code(&r);
	doctor_report_free(&r);
	return rc;
}
