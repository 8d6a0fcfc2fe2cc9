/* card: draws a post's card, or every post's, into files to look at
 * (card.h). */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "catalog.h"
#include "commands.h"
#include "file.h"
#include "log.h"
#include "xalloc.h"

static int card_exec(struct app *, const struct cmd *);

static const struct option card_options[] = {
	{ "platform", required_argument, NULL, 'p' },
	{ "shape", required_argument, NULL, 's' },
	{ "date", required_argument, NULL, 'd' },
	{ "all", no_argument, NULL, 'a' },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_card_entry = {
	.name = "card",
	.usage = "POST-ID|--all [--platform NAME | --shape SHAPE] "
	    "[--date YYYY-MM-DD|MM-DD] -o FILE|DIR",
	.summary = "draw the card of a post (its date, how long ago, its "
	    "title) into a file",
	.help =
	    "  --platform NAME the shape and format that platform takes\n"
	    "  --shape SHAPE   link (1200x628, 1.91:1, the default), square\n"
	    "                  (1080x1080), portrait (1080x1350, 4:5) or pin\n"
	    "                  (1000x1500, 2:3)\n"
	    "  --date D        count the years to D's year (default: today)\n"
	    "  --all           every valid post's card, into the folder -o\n"
	    "                  names (made if missing), as POST-ID.png or .jpg\n"
	    "  -o FILE         the file written: PNG when it ends in .png,\n"
	    "                  JPEG when in .jpg or .jpeg; otherwise JPEG\n"
	    "                  when the platform takes only JPEG or\n"
	    "                  cards.background is set, else PNG\n"
	    "Prints the file's size and format and the card's alt text (with\n"
	    "--all, how many cards were written). Fails (exit 65, the file\n"
	    "still written) when some character of a card has no glyph in the\n"
	    "fonts.\n",
	.shortopts = "o:",
	.longopts = card_options,
	.max_operands = 1,
	.flags = CMD_DEFAULTS,
	.exec = card_exec,
};

/* What every card of one command line shares. */
struct card_run {
	const struct config *cfg;
	struct ymd day;
	enum card_shape shape;
	const struct adapter *a;	/* --platform, or NULL */
	bool quiet;			/* --all: no lines per card */
};

/* The post called id in cat, or NULL. */
static const struct post *
find_post(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->v[i].id, id) == 0)
			return &cat->v[i];
	return NULL;
}

/*
 * Loads into *cat the posts among which id is sought, and finds it: first
 * those of the day the id begins with ("MM-DD-...", as a file's name gives
 * a post its id), through the index, which reads only that day's files;
 * then, when that day has no such post, all of them. Returns the post, or
 * NULL with *cat loaded (whole) or, when the folder cannot be read, *rc
 * set and *cat empty.
 */
static const struct post *
load_post(const struct config *cfg, const char *id, struct catalog *cat,
    struct diags *d, int *rc)
{
	struct ymd day = { 2000, 0, 0 };	/* a leap year: 02-29 too */
	const struct post *p;

	if (sscanf(id, "%2d-%2d-", &day.m, &day.d) == 2 &&
	    day.m >= 1 && day.d >= 1 &&
	    day.d <= date_days_in_month(day.y, day.m) &&
	    catalog_load_day(cfg, &day, cat, d, NULL) == 0) {
		if ((p = find_post(cat, id)) != NULL)
			return p;
		catalog_free(cat);
		diags_free(d);
	}
	if (catalog_load_day(cfg, NULL, cat, d, NULL) == -1) {
		*rc = EXIT_CONFIG;
		memset(cat, 0, sizeof(*cat));
		return NULL;
	}
	return find_post(cat, id);
}

/* p's card drawn as fmt into path. Returns an exit code (logged). */
static int
draw_one(const struct card_run *r, const struct post *p,
    enum card_format fmt, const char *path)
{
	struct card_words w;
	struct card card;
	char *err = NULL;
	int rc = EXIT_OK;

	card_words(p, r->day, &r->cfg->cards, &w);
	if (card_draw(&r->cfg->cards, &w, r->shape, fmt, &card, &err) == -1) {
		log_msg(LOG_ERROR, "card %s: %s", p->id, err);
		free(err);
		return EXIT_DATAERR;
	}
	if (file_replace(path, (const char *)card.data, card.len, 0644,
	    &err) == -1) {
		log_msg(LOG_ERROR, "%s: cannot write: %s", path, err);
		free(err);
		card_free(&card);
		return EXIT_CANTCREAT;
	}
	if (!r->quiet)
		printf("%s: %dx%d %s, %zu bytes\nalt: %s\n", path, card.width,
		    card.height, card_format_name(card.format), card.len,
		    card.alt);
	if (card.unknown_glyphs > 0) {
		log_msg(LOG_ERROR, "card %s: %d character%s no font has a "
		    "glyph for (drawn as boxes); set cards.font or install "
		    "fonts that have them", p->id, card.unknown_glyphs,
		    card.unknown_glyphs == 1 ? "" : "s");
		rc = EXIT_DATAERR;
	}
	card_free(&card);
	return rc;
}

/* Every post's card into the folder dir, as fmt. Returns an exit code. */
static int
draw_all(const struct card_run *r, const struct catalog *cat,
    enum card_format fmt, const char *dir)
{
	char *path;
	size_t i, bad = 0;
	int rc = EXIT_OK, one;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		log_msg(LOG_ERROR, "%s: cannot make the folder: %s", dir,
		    strerror(errno));
		return EXIT_CANTCREAT;
	}
	for (i = 0; i < cat->n && rc != EXIT_CANTCREAT; i++) {
		path = xasprintf("%s/%s.%s", dir, cat->v[i].id,
		    fmt == CARD_JPEG ? "jpg" : "png");
		if ((one = draw_one(r, &cat->v[i], fmt, path)) != EXIT_OK) {
			bad++;
			if (rc == EXIT_OK || one == EXIT_CANTCREAT)
				rc = one;
		}
		free(path);
	}
	printf("%zu card%s in %s (%s, %s)", i, i == 1 ? "" : "s",
	    dir, card_shape_get(r->shape)->name, card_format_name(fmt));
	if (bad > 0)
		printf(", %zu failed", bad);
	printf("\n");
	return rc;
}

static int
card_exec(struct app *app, const struct cmd *cmd)
{
	struct card_run r = { .cfg = &app->cfg, .day = app->today };
	enum card_format fmt;
	const struct post *p;
	const char *outpath = NULL, *v;
	struct catalog cat;
	struct diags d = DIAGS_INIT;
	unsigned mask = 0;
	bool have_shape = false, all = false;
	int rc;
	size_t i;

	for (i = 0; i < cmd->nopts; i++) {
		v = cmd->opts[i].value;
		switch (cmd->opts[i].id) {
		case 'p':
			if (!parse_platform_arg(v, &mask))
				return EXIT_USAGE;
			r.a = adapter_get((size_t)platform_lookup(v));
			break;
		case 's':
			if (!card_shape_lookup(v, &r.shape)) {
				log_msg(LOG_ERROR, "--shape takes link, "
				    "square, portrait or pin, not \"%s\"", v);
				return EXIT_USAGE;
			}
			have_shape = true;
			break;
		case 'd':
			if (!parse_day_arg(app, v, &r.day))
				return EXIT_USAGE;
			break;
		case 'a':
			all = r.quiet = true;
			break;
		case 'o':
			outpath = v;
			break;
		}
	}
	if (cmd->noperands != (all ? 0u : 1u) || outpath == NULL) {
		log_msg(LOG_ERROR, "card: give a post's id or --all, and -o");
		return EXIT_USAGE;
	}
	if (r.a != NULL && have_shape) {
		log_msg(LOG_ERROR, "card: give --platform or --shape, not "
		    "both");
		return EXIT_USAGE;
	}
	if (r.a != NULL)
		r.shape = r.a->card_shape;
	if (!card_format_choose(all ? NULL : outpath, r.a != NULL &&
	    r.a->card_jpeg, app->cfg.cards.background != NULL, &fmt)) {
		log_msg(LOG_ERROR, "card: %s takes only JPEG: name the file "
		    ".jpg", r.a->label != NULL ? r.a->label : r.a->name);
		return EXIT_USAGE;
	}
	rc = EXIT_OK;
	if (all) {
		if (catalog_load_day(&app->cfg, NULL, &cat, &d, NULL) == -1) {
			log_diags(&d);
			diags_free(&d);
			return EXIT_CONFIG;
		}
		log_diags(&d);
		rc = draw_all(&r, &cat, fmt, outpath);
		if (rc == EXIT_OK && (d.nerrors > 0 || cat.invalid > 0))
			rc = EXIT_DATAERR;
	} else if ((p = load_post(&app->cfg, cmd->operands[0], &cat, &d,
	    &rc)) == NULL) {
		log_diags(&d);
		if (rc == EXIT_OK)
			log_msg(LOG_ERROR, "card: no valid post has the id "
			    "\"%s\"", cmd->operands[0]);
		else {
			diags_free(&d);
			return rc;
		}
		rc = EXIT_DATAERR;
	} else
		rc = draw_one(&r, p, fmt, outpath);
	card_cleanup();
	diags_free(&d);
	catalog_free(&cat);
	return rc;
}
