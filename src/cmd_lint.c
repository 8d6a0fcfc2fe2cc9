/* lint: check post files and the config, every problem in one run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "commands.h"
#include "format.h"
#include "log.h"
#include "platforms.h"
#include "server_limits.h"
#include "xalloc.h"

static int lint_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[PATH]...",
	.summary = "check post files and the config; every error in one run",
	.help =
	    "  PATH            post files or folders (default: the config's "
	    "posts_dir)\n"
	    "Also formats every post for every platform of the config and "
	    "reports what cannot fit.\n"
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
};

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
		if (m.error != NULL && !m.skip)
			diags_add(l->d, DIAG_ERROR, p->file,
			    ov ? ov->line : 0, 0, "%s: %s", a->name, m.error);
		else if (m.error != NULL && c->platforms[pf].enabled)
			diags_add(l->d, DIAG_WARNING, p->file,
			    ov ? ov->line : 0, 0, "%s: %s", a->name, m.error);
		message_free(&m);
	}
	return false;
}

static int
lint_exec(struct app *app, const struct cmd *cmd)
{
	struct diags d = DIAGS_INIT;
	struct catalog cat;
	struct lint l = { app, &d, 0 };
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
