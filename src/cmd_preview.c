/* preview: what would go out on a day (see almanac(1)). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "base64.h"
#include "buf.h"
#include "card.h"
#include "catalog.h"
#include "commands.h"
#include "file.h"
#include "image.h"
#include "ledger.h"
#include "log.h"
#include "preview.h"
#include "preview_html.h"
#include "server_limits.h"
#include "xalloc.h"

static int preview_exec(struct app *, const struct cmd *);

static const struct option preview_options[] = {
	{ "date", required_argument, NULL, 'd' },
	{ "all-days", no_argument, NULL, 'a' },
	{ "platform", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "requests", no_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_preview_entry = {
	.name = "preview",
	.usage = "[--date YYYY-MM-DD|MM-DD | --all-days] [--platform NAME]... "
	    "[--format text|json|html] [--requests] [-o FILE|DIR]",
	.summary = "show what would be sent on a day, per post and platform",
	.help =
	    "  --date D        the day to show (default: today in the config's "
	    "time zone)\n"
	    "  --all-days      every day of the year\n"
	    "  --platform NAME only this platform (repeatable)\n"
	    "  --format F      text (default), json or html\n"
	    "  --requests      the text shows the requests too (so does "
	    "verbose output);\n"
	    "                  json always has them\n"
	    "  -o FILE         write to FILE instead of standard output; with\n"
	    "                  --all-days --format html, a folder (made when\n"
	    "                  missing) for the year as a site: index.html, a\n"
	    "                  calendar, MM-DD.html for each of the 366 days and\n"
	    "                  pictures/ (a FILE ending in .html gets one\n"
	    "                  document)\n"
	    "An HTML page shows each pair's picture: its card drawn, the post's\n"
	    "own file or its URL.\n"
	    "Needs no credentials, never uses the network, writes nothing to the\n"
	    "ledger (it reads it, when there is one, for the rotation).\n"
	    "Without a config file, runs on the built-in defaults (posts in "
	    "./posts).\n",
	.shortopts = "o:",
	.longopts = preview_options,
	.max_operands = 0,
	.flags = CMD_DEFAULTS,
	.exec = preview_exec,
};

/* Writes s to path (or stdout when NULL); false with a log line on error. */
static bool
write_out(const char *path, const char *s)
{
	FILE *f = stdout;

	if (path != NULL && (f = fopen(path, "w")) == NULL) {
		log_msg(LOG_ERROR, "%s: cannot write: %s", path,
		    strerror(errno));
		return false;
	}
	fputs(s, f);
	if (path != NULL) {
		if (fclose(f) != 0) {
			log_msg(LOG_ERROR, "%s: cannot write: %s", path,
			    strerror(errno));
			return false;
		}
	} else
		fflush(stdout);
	return true;
}

/* A one-day page's picture: inside the page, as a data: URI. */
static char *
put_inline(const void *arg, const unsigned char *data, size_t len,
    enum image_type type, char **err)
{
	char *b64 = base64_encode(data, len), *uri;

	(void)arg;
	(void)err;
	uri = xasprintf("data:%s;base64,%s", image_mime(type), b64);
	free(b64);
	return uri;
}

/* A site's picture: a file of DIR/pictures named by its content, which
 * every page that shows it loads by its relative address. */
static char *
put_file(const void *arg, const unsigned char *data, size_t len,
    enum image_type type, char **err)
{
	char *dir = xasprintf("%s/pictures", (const char *)arg);
	char *name = image_name(data, len, type), *path, *src = NULL;

	if (file_keep(dir, name, data, len, 0644, &path, err) == 0)
		src = xasprintf("pictures/%s", name);
	free(path);
	free(name);
	free(dir);
	return src;
}

/* True when path ends in ".html" or ".htm". */
static bool
html_name(const char *path)
{
	size_t n = strlen(path);

	return (n >= 5 && strcmp(path + n - 5, ".html") == 0) ||
	    (n >= 4 && strcmp(path + n - 4, ".htm") == 0);
}

/* The year as a site in dir: a page for each of the 366 days (02-29 of
 * the next leap year in a common one) and the index; false with a log
 * line when a file cannot be written. */
static bool
write_site(struct app *app, const struct catalog *cat, unsigned mask,
    struct ledger *ledger, const struct diags *diags, const char *dir,
    int *problems)
{
	struct html_day_stat stats[366];
	struct preview_pictures pics = { put_file, dir };
	struct buf page = BUF_INIT;
	struct ymd day;
	cJSON *tree;
	char *path, title[64];
	bool ok = true;
	int i;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		log_msg(LOG_ERROR, "%s: cannot make the folder: %s", dir,
		    strerror(errno));
		return false;
	}
	for (i = 0; ok && i < 366; i++) {
		day.y = app->today.y;
		preview_html_site_day(i, &day.m, &day.d);
		while (day.m == 2 && day.d == 29 && !date_is_leap(day.y))
			day.y++;
		tree = preview_day(&app->cfg, cat, day, mask,
		    (long long)app->now, ledger ? ledger_history : NULL, ledger,
		    &pics, problems);
		stats[i] = preview_html_stat(tree);
		buf_truncate(&page, 0);
		snprintf(title, sizeof(title), "almanac preview: %04d-%02d-%02d",
		    day.y, day.m, day.d);
		preview_html_head(&page, title);
		preview_html_nav(&page, day.m, day.d);
		preview_html_day(&page, tree, diags, false);
		preview_html_tail(&page);
		cJSON_Delete(tree);
		path = xasprintf("%s/%02d-%02d.html", dir, day.m, day.d);
		ok = write_out(path, buf_str(&page));
		free(path);
	}
	if (ok) {
		buf_truncate(&page, 0);
		snprintf(title, sizeof(title), "almanac preview: the year %d",
		    app->today.y);
		preview_html_head(&page, title);
		preview_html_index(&page, app->today.y, stats,
		    app->cfg.min_per_day, diags);
		preview_html_tail(&page);
		path = xasprintf("%s/index.html", dir);
		ok = write_out(path, buf_str(&page));
		free(path);
	}
	buf_free(&page);
	return ok;
}

static int
preview_exec(struct app *app, const struct cmd *cmd)
{
	struct ymd day = app->today, d;
	unsigned mask = 0;
	bool all = false, json = false, html = false, have_date = false;
	bool requests = app->verbosity > 0;
	const char *outpath = NULL;
	struct catalog cat;
	struct ledger *ledger = NULL;
	struct diags diags = DIAGS_INIT;
	struct buf out = BUF_INIT;
	struct preview_pictures inline_pics = { put_inline, NULL };
	cJSON *tree;
	struct catalog_info info;
	const char *v;
	char *s, title[64];
	size_t i;
	int problems = 0, rc = EXIT_OK;

	for (i = 0; i < cmd->nopts; i++) {
		v = cmd->opts[i].value;
		switch (cmd->opts[i].id) {
		case 'd':
			if (!parse_day_arg(app, v, &day))
				return EXIT_USAGE;
			have_date = true;
			break;
		case 'a':
			all = true;
			break;
		case 'p':
			if (!parse_platform_arg(v, &mask))
				return EXIT_USAGE;
			break;
		case 'f':
			if (strcmp(v, "json") == 0)
				json = true;
			else if (strcmp(v, "html") == 0)
				html = true;
			else if (strcmp(v, "text") != 0) {
				log_msg(LOG_ERROR, "--format takes text, json "
				    "or html, not \"%s\"", v);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			outpath = v;
			break;
		case 'r':
			requests = true;
			break;
		}
	}
	if (all && have_date) {
		log_msg(LOG_ERROR, "preview: give --date or --all-days, not "
		    "both");
		return EXIT_USAGE;
	}
	if (mask == 0)
		mask = preview_config_platforms(&app->cfg);
	/* offline: the limits a server said, as kept, else the defaults */
	(void)limits_offline(&app->cfg);

	if (catalog_load_day(&app->cfg, all ? NULL : &day, &cat, &diags,
	    &info) == -1) {
		log_diags(&diags);
		diags_free(&diags);
		return EXIT_CONFIG;
	}
	log_msg(LOG_DEBUG, "%zu post files, %zu read (index %s)", cat.files,
	    info.read, catalog_index_word(info.index));
	log_diags(&diags);
	/* Read-only: the preview changes nothing, but chooses as publish. */
	if (ledger_open_existing(app->cfg.state_dir, &ledger, &s) == -1) {
		log_msg(LOG_WARNING, "%s; choosing without the ledger's "
		    "history", s);
		free(s);
	}
	if (html && all && outpath != NULL && !html_name(outpath)) {
		if (!write_site(app, &cat, mask, ledger, &diags, outpath,
		    &problems))
			rc = EXIT_CANTCREAT;
		goto done;
	}
	/* The year is an array of days, each printed as soon as it is made,
	 * so only one day's tree is in memory at a time. */
	if (json && all)
		buf_adds(&out, "[\n");
	d = all ? (struct ymd){ app->today.y, 1, 1 } : day;
	if (html) {
		snprintf(title, sizeof(title), all ? "almanac preview: %d" :
		    "almanac preview: %04d-%02d-%02d", d.y, d.m, d.d);
		preview_html_head(&out, title);
		if (all)
			preview_html_undated(&out, &diags);
	}
	do {
		tree = preview_day(&app->cfg, &cat, d, mask,
		    (long long)app->now, ledger ? ledger_history : NULL, ledger,
		    html && !all ? &inline_pics : NULL, &problems);
		if (json) {
			if (all && d.m * 100 + d.d != 101)
				buf_adds(&out, ",\n");
			s = cJSON_Print(tree);
			buf_adds(&out, s);
			if (!all)
				buf_addc(&out, '\n');
			cJSON_free(s);
			cJSON_Delete(tree);
		} else if (html) {
			preview_html_day(&out, tree, &diags, !all);
			cJSON_Delete(tree);
		} else {
			if (out.len > 0)
				buf_addc(&out, '\n');
			preview_render_text(&out, tree, app->color &&
			    outpath == NULL, requests);
			cJSON_Delete(tree);
		}
		d = date_add_days(d, 1);
	} while (all && d.y == app->today.y);
	if (html)
		preview_html_tail(&out);
	if (json && all)
		buf_adds(&out, "\n]\n");
	if (!write_out(outpath, buf_str(&out)))
		rc = EXIT_CANTCREAT;
done:
	if (rc == EXIT_OK && (diags.nerrors > 0 || cat.invalid > 0))
		rc = EXIT_DATAERR;
	if (problems > 0)
		log_msg(LOG_WARNING, "%d chosen post%s cannot go out on some "
		    "platform; the preview says why", problems,
		    problems == 1 ? "" : "s");
	buf_free(&out);
	diags_free(&diags);
	catalog_free(&cat);
	card_cleanup();		/* the cards the page drew, if any */
	if (ledger != NULL)
		ledger_close(ledger);
	return rc;
}
