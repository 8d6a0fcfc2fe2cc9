/* lint: check post files and the config, every problem in one run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "commands.h"
#include "format.h"
#include "image.h"
#include "log.h"
#include "platforms.h"
#include "server_limits.h"
#include "text.h"
#include "xalloc.h"

/* Thin days listed one by one before lint sums up the rest. */
#define THIN_DAYS_LISTED 10

static int lint_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[PATH]...",
	.summary = "check post files and the config; every error in one run",
	.help =
	    "  PATH            post files or folders (default: the config's "
	    "posts_dir)\n"
	    "Also formats every post for every platform of the config and "
	    "reports what cannot fit,\n"
	    "and warns of a file named or filed for another day, a summary "
	    "longer than\n"
	    "lint.summary_max, a text that keeps less than half its summary, "
	    "a post without\n"
	    "\"sources\" when lint.require_sources is true and, over the "
	    "whole archive, days\n"
	    "with fewer posts than schedule.min_per_day.\n"
	    "Verbose output also lists each post's sources (never published).\n"
	    "Exit 0 when clean (warnings allowed), 65 when a post has errors, "
	    "78 when the config has.\n"
	    "Without a config file, runs on the built-in defaults (posts in "
	    "./posts).\n",
	.max_operands = -1,
	.flags = CMD_DEFAULTS,
	.exec = lint_exec,
};

struct lint {
	const struct app *app;
	struct diags *d;
	unsigned mask;		/* platforms to format for */
	int perday[13][32];	/* posts (not drafts) by month and day */
};

/* True when s[0..5) is "MM-DD" with digits. */
static bool
mm_dd(const char *s)
{
	return strlen(s) >= 5 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	    s[1] <= '9' && s[2] == '-' && s[3] >= '0' && s[3] <= '9' &&
	    s[4] >= '0' && s[4] <= '9';
}

/*
 * Warns when p's file is named "MM-DD-....json" or filed in a folder "MM"
 * (the archive's pattern, posts/MM/MM-DD-slug.json) for another day than
 * its "date".
 */
static void
lint_name(struct diags *d, const struct post *p)
{
	const char *base = strrchr(p->file, '/'), *dir;
	char want[8];

	base = base != NULL ? base + 1 : p->file;
	snprintf(want, sizeof(want), "%02d-%02d", p->month, p->day);
	if (mm_dd(base) && (base[5] == '-' || base[5] == '.') &&
	    strncmp(base, want, 5) != 0)
		diags_add(d, DIAG_WARNING, p->file, p->date_line, p->date_col,
		    "the file name says %.5s but \"date\" says %s; rename "
		    "the file %s%s", base, want, want, base + 5);
	if (base - p->file < 3)
		return;
	dir = base - 3;		/* ".../MM/" */
	if ((dir == p->file || dir[-1] == '/') && dir[0] >= '0' &&
	    dir[0] <= '9' && dir[1] >= '0' && dir[1] <= '9' &&
	    dir[2] == '/' && strncmp(dir, want, 2) != 0)
		diags_add(d, DIAG_WARNING, p->file, p->date_line, p->date_col,
		    "the file is in folder %.2s but \"date\" says month %.2s; "
		    "move it to folder %.2s", dir, want, want);
}

/* Warns when p's summary is longer than the house's lint.summary_max. */
static void
lint_summary(struct diags *d, const struct config *c, const struct post *p)
{
	size_t n;

	if (p->summary == NULL ||
	    (n = text_count(COUNT_CODEPOINTS, p->summary)) <=
	    (size_t)c->summary_max)
		return;
	diags_add(d, DIAG_WARNING, p->file, p->summary_line, p->summary_col,
	    "\"summary\" is %zu characters, more than lint.summary_max (%d); "
	    "shorten it", n, c->summary_max);
}

/* Warns, when the config asks (lint.require_sources), of a post that
 * does not say where its date and facts were checked. */
static void
lint_sources(struct diags *d, const struct config *c, const struct post *p)
{
	if (!c->require_sources || p->nsources > 0)
		return;
	diags_add(d, DIAG_WARNING, p->file, 1, 0, "no \"sources\": write "
	    "where the date and facts were checked (lint.require_sources)");
}

/* With -v, each post's sources on stdout, as read and never published:
 * "FILE:LINE: sources:" then one indented line each. */
static void
show_sources(const struct post *p)
{
	size_t i;

	if (p->nsources == 0)
		return;
	printf("%s:%d: sources:\n", p->file, p->sources_line);
	for (i = 0; i < p->nsources; i++)
		printf("  %s\n", p->sources[i]);
}

/*
 * Checks one picture of p (the post's, or where's override's): a file of
 * its own must lead to a JPEG or PNG below posts_dir (an error at
 * "file"), and a picture of its own should say whose it is (a warning at
 * "image").
 */
static void
lint_image(struct diags *d, const struct config *c, const struct post *p,
    const struct post_image *im, const char *where)
{
	enum image_type t;
	char *abs, *err;

	if (im->url == NULL && im->file == NULL)
		return;
	if (im->file != NULL) {
		if (image_file_check(c->posts_dir, im->file, &abs, &t,
		    &err) == -1) {
			diags_add(d, DIAG_ERROR, p->file, im->file_line,
			    im->file_col, "%s", err);
			free(err);
		}
		free(abs);
	}
	if (im->credit == NULL)
		diags_add(d, DIAG_WARNING, p->file, im->line, im->col,
		    "%s picture has no \"credit\": say whose it is and "
		    "its licence, as \"Photo: NASA, public domain\"", where);
}

/* Checks the post's pictures and its overrides'. */
static void
lint_images(struct diags *d, const struct config *c, const struct post *p)
{
	char *where;
	size_t i;

	lint_image(d, c, p, &p->image, "the post's");
	for (i = 0; i < p->nplatforms; i++) {
		where = xasprintf("platforms.%s's", p->platforms[i].name);
		lint_image(d, c, p, &p->platforms[i].image, where);
		free(where);
	}
}

/* Warns of each day of the year with fewer posts than
 * schedule.min_per_day (the leap day aside), after THIN_DAYS_LISTED in a
 * sum. */
static void
lint_thin_days(const struct lint *l)
{
	const struct config *c = &l->app->cfg;
	struct ymd day = { 2024, 1, 1 };	/* a leap year: every day */
	char *dir;
	int n, listed = 0, more = 0;

	for (; day.y == 2024; day = date_add_days(day, 1)) {
		n = l->perday[day.m][day.d];
		if (n >= c->min_per_day || (day.m == 2 && day.d == 29))
			continue;
		if (listed == THIN_DAYS_LISTED) {
			more++;
			continue;
		}
		listed++;
		dir = xasprintf("%s/%02d", c->posts_dir, day.m);
		diags_add(l->d, DIAG_WARNING, dir, 0, 0, "%02d-%02d has %d "
		    "post%s, fewer than schedule.min_per_day (%d)", day.m,
		    day.d, n, n == 1 ? "" : "s", c->min_per_day);
		free(dir);
	}
	if (more > 0)
		diags_add(l->d, DIAG_WARNING, c->posts_dir, 0, 0, "and %d more "
		    "day%s with fewer than schedule.min_per_day (%d) posts; "
		    "almanac calendar --from 01-01 --days 366 shows them all",
		    more, more == 1 ? "" : "s", c->min_per_day);
}

/* Checks the templates of the config's platform groups. */
static void
lint_config(const struct app *app, struct diags *d)
{
	const struct platform_conf *pc;
	char *err;
	size_t off;
	int i;

	for (i = 0; i < (int)platform_count(); i++) {
		pc = &app->cfg.platforms[i];
		if (pc->template != NULL &&
		    template_check(pc->template, NULL, &err, &off) == -1) {
			diags_add(d, DIAG_ERROR, app->config_path, pc->line, 0,
			    "platforms.%s.template: %s (at character %zu)",
			    platform_name((size_t)i), err, off + 1);
			free(err);
		}
	}
}

/* Formats p for every platform and reports what cannot go out. Returns
 * false: lint keeps no post in memory. */
static bool
lint_post(const struct post *p, void *arg)
{
	struct lint *l = arg;
	const struct config *c = &l->app->cfg;
	const struct adapter *a;
	const struct post_platform *ov;
	struct ymd day = { l->app->today.y, p->month, p->day };
	struct message m;
	const char *tmpl;
	unsigned uses;
	char *err;
	size_t off;
	int pf;

	if (!p->draft && p->month >= 1 && p->month <= 12 && p->day >= 1 &&
	    p->day <= 31)
		l->perday[p->month][p->day]++;
	lint_name(l->d, p);
	lint_summary(l->d, c, p);
	lint_sources(l->d, c, p);
	lint_images(l->d, c, p);
	if (l->app->verbosity > 0)
		show_sources(p);
	for (pf = 0; pf < (int)platform_count(); pf++) {
		if (!(l->mask & (1u << pf)))
			continue;
		a = adapter_get((size_t)pf);
		ov = post_platform(p, a->name);
		tmpl = ov && ov->text ? ov->text : c->platforms[pf].template ?
		    c->platforms[pf].template : a->default_template;
		if (template_check(tmpl, &uses, &err, &off) == 0) {
			if (!p->has_year &&
			    (uses & (F_YEAR | F_YEARS_AGO | F_ANNIVERSARY)))
				diags_add(l->d, DIAG_WARNING, p->file,
				    ov && ov->text ? ov->line : 0, 0,
				    "%s: the template uses {year}, {years_ago} "
				    "or {anniversary}, which stay empty for a "
				    "post without a year", a->name);
		} else {
			free(err);
			if (!(ov && ov->text))
				continue;	/* the config's: said once */
		}
		format_message(p, day, c, (size_t)pf, &m);
		if (m.image_error != NULL && m.error != NULL &&
		    strcmp(m.error, m.image_error) == 0)
			;	/* said at its line by lint_images */
		else if (m.error != NULL && !m.skip)
			diags_add(l->d, DIAG_ERROR, p->file,
			    ov ? ov->line : 0, 0, "%s: %s", a->name, m.error);
		else if (m.error != NULL && c->platforms[pf].enabled)
			diags_add(l->d, DIAG_WARNING, p->file,
			    ov ? ov->line : 0, 0, "%s: %s", a->name, m.error);
		else if (m.error == NULL && !m.skip && m.cut != NULL &&
		    c->platforms[pf].enabled &&
		    2 * m.summary_kept < m.summary_full)
			diags_add(l->d, DIAG_WARNING, p->file, p->summary_line,
			    p->summary_col, "%s: %s, less than half of it; "
			    "write platforms.%s.text for this post", a->name,
			    m.cut, a->name);
		message_free(&m);
	}
	return false;
}

static int
lint_exec(struct app *app, const struct cmd *cmd)
{
	struct diags d = DIAGS_INIT;
	struct catalog cat;
	struct lint l = { app, &d, 0, { { 0 } } };
	size_t files = 0, i;
	int rc = EXIT_OK, pf;
	char *s;

	for (pf = 0; pf < (int)platform_count(); pf++)
		if (app->cfg.platforms[pf].present)
			l.mask |= 1u << pf;
	/* offline: the limits a server said, as kept, else the defaults */
	(void)limits_offline(&app->cfg);
	for (pf = 0; pf < (int)platform_count(); pf++)
		if (app->cfg.platforms[pf].limits_from != NULL)
			log_msg(LOG_INFO, "%s: counted against %s (%zu, a link "
			    "%zu)", platform_name((size_t)pf),
			    app->cfg.platforms[pf].limits_from,
			    app->cfg.platforms[pf].limit,
			    app->cfg.platforms[pf].url_weight);

	lint_config(app, &d);
	if (d.nerrors > 0)
		rc = EXIT_CONFIG;
	if (cmd->noperands == 0) {
		catalog_load(app->cfg.posts_dir, NULL, lint_post, &l, &cat,
		    &d);
		files += cat.files;
		catalog_free(&cat);
		lint_thin_days(&l);	/* the whole archive only */
	}
	for (i = 0; i < cmd->noperands; i++) {
		catalog_load(cmd->operands[i], app->cfg.posts_dir, lint_post,
		    &l, &cat, &d);
		files += cat.files;
		catalog_free(&cat);
	}
	for (i = 0; i < d.n; i++) {
		s = diag_format(&d.v[i]);
		printf("%s\n", s);
		free(s);
	}
	printf("%zu file%s checked: %zu error%s, %zu warning%s\n", files,
	    files == 1 ? "" : "s", d.nerrors, d.nerrors == 1 ? "" : "s",
	    d.nwarnings, d.nwarnings == 1 ? "" : "s");
	if (rc == EXIT_OK && d.nerrors > 0)
		rc = EXIT_DATAERR;
	diags_free(&d);
	return rc;
}
