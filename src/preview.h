/*
 * preview: what would be sent on a day, as a cJSON tree (the shape of
 * almanac(1), preview), and its text rendering for people (its HTML is
 * preview_html.h).
 *
 * Nothing here touches the network, the ledger or credentials: requests are
 * built with secrets shown as "(redacted)".
 */
#ifndef ALMANAC_PREVIEW_H
#define ALMANAC_PREVIEW_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "catalog.h"
#include "plan.h"
#include "config.h"
#include "image.h"

/* Every platform in the config (present groups), as a mask of
 * 1 << the platform's number in the table. */
unsigned preview_config_platforms(const struct config *c);

/*
 * Where the pictures an HTML page shows go: put gets a picture's bytes
 * (a card drawn, a post's own file) and returns the address the page
 * loads it from (allocated: a data: URI, a file's relative path), or
 * NULL with *err (allocated).
 */
struct preview_pictures {
	char *(*put)(const void *arg, const unsigned char *data, size_t len,
	    enum image_type type, char **err);
	const void *arg;
};

/*
 * The preview object of day: its candidates from cat, chosen or not and
 * why, and for each chosen (or draft) post and each platform of mask the
 * formatted text, its count against the limit, what shrank, any error and
 * the request(s). last_sent and arg give the ledger's history for the
 * max_per_day rotation, as plan_day takes them (NULL: none), so that
 * the preview chooses as publish will. Each post's "slot_note" says, in
 * date_instant_note's words, what a DST change does to its slot (a local
 * time skipped or repeated that day), else null. Returns a new tree the
 * caller frees with cJSON_Delete.
 * *problems (when not NULL) is incremented for each pair that cannot go
 * out because of an error.
 * With pics (NULL: none), each pair with a picture also gets
 * "picture_src", the address a page shows it from (its card drawn and
 * its own file through pics->put, each once a day; its URL), and
 * "picture_alt"; or "picture_error" when its card cannot be drawn.
 */
cJSON *preview_day(const struct config *c, const struct catalog *cat,
    struct ymd day, unsigned mask, long long now, last_sent_fn last_sent,
    void *arg, const struct preview_pictures *pics, int *problems);

/* Appends a people's rendering of one preview_day tree to out: each post,
 * whether it was chosen and why, and per platform the text, its count and
 * what was cut; the requests too when requests. ANSI colour when color. */
void preview_render_text(struct buf *out, const cJSON *day, bool color,
    bool requests);

#endif
