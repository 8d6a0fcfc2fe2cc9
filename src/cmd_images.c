/* images: the pictures of the coming days, fetched and checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "commands.h"
#include "http.h"
#include "image_cache.h"
#include "ledger.h"
#include "log.h"
#include "plan.h"
#include "public.h"

#define IMAGES_MAX_DAYS 366

static int images_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_images_entry = {
	.name = "images",
	.usage = "[--from YYYY-MM-DD|MM-DD] [--days N]",
	.summary = "fetch and check the pictures of the posts of the coming "
	    "days",
	.help =
	    "  --from D        the first day (default: today)\n"
	    "  --days N        how many days (default 7, at most 366)\n"
	    "For each post chosen on those days, its pictures (its own and "
	    "its platforms'):\n"
	    "a link is fetched into the cache in state_dir/images (once; "
	    "later runs use\n"
	    "the cache), a file below posts_dir is checked and, with "
	    "cards.public_dir and\n"
	    "cards.public_url set, put in the public folder. One line per "
	    "picture.\n"
	    "Exit 0 when every picture is good, 1 when one is not.\n",
	.longopts = span_options,
	.max_operands = 0,
	.exec = images_exec,
};

/* What images_exec carries from picture to picture. */
struct images_run {
	struct app *app;
	struct http_engine *engine;
	int good, bad;
};

/* Fetches or checks one picture im of post p on day; prints its line. */
static void
one_image(struct images_run *r, struct ymd day, const struct post *p,
    const struct post_image *im)
{
	const struct config *c = &r->app->cfg;
	struct image_ref ref;
	enum image_type t;
	char *err = NULL, *abs = NULL, *url = NULL, *put = NULL;
	bool ok;

	if (im->url == NULL && im->file == NULL)
		return;
	printf("%04d-%02d-%02d %s: %s: ", day.y, day.m, day.d, p->id,
	    im->url != NULL ? im->url : im->file);
	if (im->url != NULL) {
		ok = image_fetch(r->engine, c, im->url, &ref, &err) == 0;
		if (ok)
			printf("%s, %s, %zu bytes\n", ref.fetched ? "fetched" :
			    "cached", image_mime(ref.type), ref.size);
		image_ref_free(&ref);
	} else {
		ok = image_file_check(c->posts_dir, im->file, &abs, &t,
		    &err) == 0 && public_url(&c->cards, abs, &url, &err) == 0;
		if (ok && url != NULL)
			ok = public_put(&c->cards, abs, &put, &err) == 0;
		if (ok && url != NULL)
			printf("%s, public at %s\n", image_mime(t), url);
		else if (ok)
			printf("%s, not public (no cards.public_dir): the "
			    "platforms that need a link get default_image\n",
			    image_mime(t));
	}
	if (ok) {
		r->good++;
	} else {
		printf("FAIL: %s\n", err);
		r->bad++;
	}
	free(err);
	free(abs);
	free(url);
	free(put);
}

static int
images_exec(struct app *app, const struct cmd *cmd)
{
	struct ymd day = app->today;
	struct diags d = DIAGS_INIT;
	struct catalog cat;
	struct day_plan plan;
	struct ledger *ledger = NULL;
	struct images_run r = { app, NULL, 0, 0 };
	const struct post *p;
	char *err = NULL;
	int ndays = 7, i, rc = EXIT_OK;
	size_t j, k;

	if (!parse_span_args(app, cmd, IMAGES_MAX_DAYS, &day, &ndays))
		return EXIT_USAGE;
	if (catalog_load(app->cfg.posts_dir, NULL, NULL, NULL, &cat,
	    &d) == -1) {
		log_diags(&d);
		diags_free(&d);
		return EXIT_CONFIG;
	}
	log_diags(&d);
	if (http_engine_new(&app->cfg.http, &r.engine, &err) == -1) {
		log_msg(LOG_ERROR, "%s", err);
		free(err);
		diags_free(&d);
		catalog_free(&cat);
		return EXIT_SOFTWARE;
	}
	if (ledger_open_existing(app->cfg.state_dir, &ledger, &err) == -1) {
		log_msg(LOG_WARNING, "%s; choosing without the ledger's "
		    "history", err);
		free(err);
	}
	for (i = 0; i < ndays; i++, day = date_add_days(day, 1)) {
		plan_day(&cat, day, &app->cfg, ledger ? ledger_history : NULL,
		    ledger, &plan);
		for (j = 0; j < plan.n && plan.v[j].chosen; j++) {
			p = plan.v[j].post;
			one_image(&r, day, p, &p->image);
			for (k = 0; k < p->nplatforms; k++)
				one_image(&r, day, p, &p->platforms[k].image);
		}
		day_plan_free(&plan);
	}
	printf("%d picture%s good, %d not\n", r.good, r.good == 1 ? "" : "s",
	    r.bad);
	if (r.bad > 0)
		rc = EXIT_FAIL;
	else if (d.nerrors > 0)
		rc = EXIT_DATAERR;
	http_engine_free(r.engine);
	diags_free(&d);
	catalog_free(&cat);
	if (ledger != NULL)
		ledger_close(ledger);
	return rc;
}
