/*
 * doctor: whether a publish run would work, checked without publishing:
 * the config's folders (posts_dir readable, state_dir writable or
 * creatable, the feed's folder writable), the credentials file (present,
 * mode 600, every key an enabled platform needs), placeholders left from
 * the examples (a credential starting "your-", a setting still at its
 * entry's placeholder, an api at an example.org/.com/.net host: failures,
 * and that platform is not asked; a default_image or other URL setting
 * there: a warning), the LinkedIn-Version's age, and each enabled
 * platform's token, asked of the platform itself
 * with read-only requests (platforms.h, adapter.whoami), all at once
 * through one HTTP engine: whose it is, refused, unreachable, and when it
 * expires where the platform says so (Graph's debug_token only). A
 * request that got no answer (no connection, a timeout, a dropped
 * connection) is tried again as a publish run would (http.retries times,
 * 1 s, 2 s, 4 s ... apart, at most http.max_wait); an answer never is.
 *
 * Library code: the result is a list of lines; cmd_doctor prints them.
 * No secret ever appears in a line: what the platforms answer is shown
 * with every credential value replaced by "[redacted]" (redact.h), should
 * a platform echo the token it was sent.
 */
#ifndef ALMANAC_DOCTOR_H
#define ALMANAC_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "date.h"

/* A token that ends within this many days is a warning. */
#define DOCTOR_EXPIRY_WARN_DAYS 14

enum doctor_level { DOCTOR_OK, DOCTOR_INFO, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_line {
	enum doctor_level level;
	bool config;		/* FAIL: the config or the credentials are
				   wrong (exit 78), not a platform (1) */
	char *subject;		/* "config", "posts_dir", "state_dir",
				   "credentials", "http" or a platform */
	char *text;		/* one sentence, no newline */
};

struct doctor_report {
	struct doctor_line *v;
	size_t n;
	size_t count[DOCTOR_FAIL + 1];	/* lines per level */
};

/*
 * Runs every check for the config and clock of app, in the order above.
 * platforms is a mask of 1u << the platform's number in the table: only
 * those (when enabled) are checked; 0 = every enabled platform. Fills
 * *out, which the caller frees with doctor_report_free.
 */
void doctor_run(const struct app *app, unsigned platforms,
    struct doctor_report *out);

/* 78 when a FAIL line is about the config or credentials, else 1 when any
 * line is a FAIL, else 0 (warnings allowed). */
int doctor_exit_code(const struct doctor_report *r);

void doctor_report_free(struct doctor_report *r);

/* "ok", "info", "warn" or "FAIL". */
const char *doctor_level_name(enum doctor_level l);

#endif
