/* doctor: print whether a publish run would work (see doctor.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doctor.h"
#include "log.h"

static int doctor_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "",
	.summary = "check the config, the credentials and every enabled "
	    "platform's token",
	.help =
	    "Checks that posts_dir can be read, state_dir written, the "
	    "credentials file\nis there with mode 600, and asks each enabled "
	    "platform whose token it\nholds (read-only requests, all at "
	    "once): ok, refused, cannot reach, and\nwhen it expires where the "
	    "platform says so (a warning within 14 days).\nA request that got "
	    "no answer is asked again as publish would (http.retries\ntimes, "
	    "1 s, 2 s, 4 s ... apart); an answer is never asked again. A\n"
	    "platform whose API is versioned is also asked with the version a "
	    "post\nwould use: a retired version fails.\nPlaceholders left from the "
	    "example config or credentials are named: ids\nstill at the "
	    "example's values, \"your-...\" credentials, example.org hosts.\n"
	    "Each platform also "
	    "checks its own settings: an API version's age, a file\nit must "
	    "be able to write. Secrets are never shown.\n"
	    "Exit 0 when every enabled platform would work (warnings allowed), "
	    "1 when\none would fail, 78 when the config or the credentials are "
	    "wrong.\n",
	.max_operands = 0,
	.exec = doctor_exec,
};

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

static int
doctor_exec(struct app *app, const struct cmd *cmd)
{
	struct doctor_report r;
	const struct doctor_line *l;
	const char *name;
	size_t i;
	int rc;

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
