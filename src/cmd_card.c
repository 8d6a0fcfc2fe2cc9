/* card: draws one post's card into a file, to look at (card.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "catalog.h"
#include "commands.h"
#include "file.h"
#include "log.h"

static int card_exec(struct app *, const struct cmd *);

static const struct option card_options[] = {
	{ "platform", required_argument, NULL, 'p' },
	{ "shape", required_argument, NULL, 's' },
	{ "date", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_card_entry = {
	.name = "card",
	.usage = "POST-ID [--platform NAME | --shape SHAPE] "
	    "[--date YYYY-MM-DD|MM-DD] -o FILE",
	.summary = "draw the card of a post (its date, how long ago, its "
	    "title) into a file",
	.help =
	    "  --platform NAME the shape and format that platform takes\n"
	    "  --shape SHAPE   link (1200x628, 1.91:1, the default), square\n"
	    "                  (1080x1080), portrait (1080x1350, 4:5) or pin\n"
	    "                  (1000x1500, 2:3)\n"
	    "  --date D        count the years to D's year (default: today)\n"
	    "  -o FILE         the file written: PNG when it ends in .png,\n"
	    "                  JPEG when in .jpg or .jpeg; otherwise JPEG\n"
	    "                  when the platform takes only JPEG or\n"
	    "                  cards.background is set, else PNG\n"
	    "Prints the file's size and format and the card's alt text. Fails\n"
	    "(exit 65, the file still written) when some character of the card\n"
	    "has no glyph in the fonts.\n",
	.shortopts = "o:",
	.longopts = card_options,
	.max_operands = 1,
	.flags = CMD_DEFAULTS,
	.exec = card_exec,
};

/* The post called id in the config's posts, or NULL (logged). */
static const struct post *
find_post(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->v[i].id, id) == 0)
			return &cat->v[i];
	log_msg(LOG_ERROR, "card: no valid post has the id \"%s\"", id);
	return NULL;
}

static int
card_exec(struct app *app, const struct cmd *cmd)
{
	struct ymd day = app->today;
	enum card_shape shape = CARD_SHAPE_LINK;
	enum card_format fmt;
	const struct adapter *a = NULL;
	const struct post *p;
	const char *outpath = NULL, *v;
	struct catalog cat;
	struct diags d = DIAGS_INIT;
	struct card_words w;
	struct card card;
	char *err = NULL;
	unsigned mask = 0;
	bool have_shape = false;
	int rc = EXIT_OK, drawn;
	size_t i;

	for (i = 0; i < cmd->nopts; i++) {
		v = cmd->opts[i].value;
		switch (cmd->opts[i].id) {
		case 'p':
			if (!parse_platform_arg(v, &mask))
				return EXIT_USAGE;
			a = adapter_get((size_t)platform_lookup(v));
			break;
		case 's':
			if (!card_shape_lookup(v, &shape)) {
				log_msg(LOG_ERROR, "--shape takes link, "
				    "square, portrait or pin, not \"%s\"", v);
				return EXIT_USAGE;
			}
			have_shape = true;
			break;
		case 'd':
			if (!parse_day_arg(app, v, &day))
				return EXIT_USAGE;
			break;
		case 'o':
			outpath = v;
			break;
		}
	}
	if (cmd->noperands != 1 || outpath == NULL) {
		log_msg(LOG_ERROR, "card: give a post's id and -o FILE");
		return EXIT_USAGE;
	}
	if (a != NULL && have_shape) {
		log_msg(LOG_ERROR, "card: give --platform or --shape, not "
		    "both");
		return EXIT_USAGE;
	}
	if (a != NULL)
		shape = a->card_shape;
	if (!card_format_choose(outpath, a != NULL && a->card_jpeg,
	    app->cfg.cards.background != NULL, &fmt)) {
		log_msg(LOG_ERROR, "card: %s takes only JPEG: name the file "
		    ".jpg", a->label != NULL ? a->label : a->name);
		return EXIT_USAGE;
	}
	if (catalog_load_day(&app->cfg, NULL, &cat, &d, NULL) == -1) {
		log_diags(&d);
		diags_free(&d);
		return EXIT_CONFIG;
	}
	if ((p = find_post(&cat, cmd->operands[0])) == NULL) {
		log_diags(&d);
		rc = EXIT_DATAERR;
		goto done;
	}
	card_words(p, day, &app->cfg.cards, &w);
	drawn = card_draw(&app->cfg.cards, &w, shape, fmt, &card, &err);
	card_cleanup();
	if (drawn == -1) {
		log_msg(LOG_ERROR, "card %s: %s", p->id, err);
		free(err);
		rc = EXIT_DATAERR;
		goto done;
	}
	if (file_replace(outpath, (const char *)card.data, card.len, 0644,
	    &err) == -1) {
		log_msg(LOG_ERROR, "%s: cannot write: %s", outpath, err);
		free(err);
		rc = EXIT_CANTCREAT;
	} else {
		printf("%s: %dx%d %s, %zu bytes\nalt: %s\n", outpath,
		    card.width, card.height, card_format_name(card.format),
		    card.len, card.alt);
		if (card.unknown_glyphs > 0) {
			log_msg(LOG_ERROR, "card %s: %d character%s no font "
			    "has a glyph for (drawn as boxes); set "
			    "cards.font or install fonts that have them",
			    p->id, card.unknown_glyphs,
			    card.unknown_glyphs == 1 ? "" : "s");
			rc = EXIT_DATAERR;
		}
	}
	card_free(&card);
done:
	diags_free(&d);
	catalog_free(&cat);
	return rc;
}
