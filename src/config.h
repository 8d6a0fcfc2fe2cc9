/*
 * config: almanac.conf (libconfig) into a struct config.
 *
 * The settings are in docs/configuration.md. Relative paths in the file
 * are made absolute against the config file's folder. Unknown keys, wrong
 * types and out-of-range values are errors that name file:line. The file
 * is read with confread (confread.h); the credentials file is
 * credentials.h's.
 */
#ifndef ALMANAC_CONFIG_H
#define ALMANAC_CONFIG_H

#include <stdbool.h>

#include "diag.h"
#include "platforms.h"

enum leap_day { LEAP_FEB28, LEAP_MAR1, LEAP_SKIP };

/* One "platforms.NAME" group (the settings of platform NAME's entry in
 * the table, platforms.h). Unset strings are NULL. */
struct platform_conf {
	bool present;		/* the group is in the file */
	bool enabled;
	int line;		/* line of the group, 0 when absent */
	char *template;		/* NULL = the adapter's default */
	char *api;		/* NULL = the platform's own base URL */
	char *default_image;	/* one that needs an image: its URL */
	char *default_image_alt;
	bool upload_pictures;	/* one that takes pictures as bytes (its
				   entry's image_max): send them; default
				   true */
	/* The platform's own settings, by their number in its entry:
	 * strings (NULL when unset and without a default), and the numbers
	 * of SETTING_INT ones. */
	char *set[PLATFORM_SETTINGS_MAX];
	int num[PLATFORM_SETTINGS_MAX];
	/* What the platform's server says of its own limits (server_limits.h):
	 * the length limit, what a link counts and the largest picture it
	 * takes in bytes, 0 for the entry's; and where they came from, for
	 * preview (NULL: the entry's stand). */
	size_t limit, url_weight, image_max;
	char *limits_from;
};

struct http_conf {
	int timeout;		/* seconds, default 30 */
	int connect_timeout;	/* seconds, default 10 */
	int retries;		/* default 3 */
	int max_wait;		/* seconds, default 120 */
	int max_parallel;	/* default 8 */
	char *ca_file;		/* NULL = system CAs only */
	char *user_agent;	/* default "almanac/VERSION" */
};

/* The "cards" group: how almanac draws a post's card (card.h). */
struct card_conf {
	bool enabled;		/* default true */
	bool always;		/* a card for every post, not only those
				   without an image; default false */
	char *site_name;	/* drawn at the foot; NULL = none */
	unsigned colour;	/* the text, 0xRRGGBB */
	unsigned background_colour;
	unsigned accent_colour;	/* the round anniversaries' mark */
	char *font;		/* a family name (default "Noto Sans"), or
				   an absolute path when font_file */
	bool font_file;
	char *background;	/* a PNG or JPEG file, absolute; NULL =
				   none */
	char *public_dir;	/* the public folder, absolute; NULL: none */
	char *public_url;	/* where a web server serves it; NULL */
};

/* The "images" group: the remote pictures almanac fetches. */
struct images_conf {
	int cache_max_mb;	/* the cache's total, MiB; default 64 */
};

struct config {
	char *path;		/* the file read (NULL for built-in defaults) */
	char *dir;		/* its folder: relative paths resolve here */
	char *posts_dir;	/* absolute */
	char *state_dir;	/* absolute: the file's state_dir, else
				   $STATE_DIRECTORY (systemd's
				   StateDirectory=, its first folder), else
				   "var" beside the file */
	bool state_dir_set;	/* state_dir was in the file */
	char *timezone;		/* NULL = the system's */
	enum leap_day leap_day;
	int window_start;	/* minutes after midnight, default 09:00 */
	int window_end;		/* exclusive, default 17:00 */
	int max_per_day;	/* default 5, 0 = all */
	int min_per_day;	/* default 2: a day with fewer posts is thin
				   (preview's calendar, calendar and lint
				   say so) */
	int grace;		/* seconds, default 3h */
	int summary_max;	/* lint.summary_max: a longer summary is
				   flagged (characters); default 400 */
	bool require_sources;	/* lint.require_sources: a post without
				   "sources" is a warning; default false */
	char *credentials;	/* absolute path, NULL = none configured */
	struct http_conf http;
	struct card_conf cards;
	struct images_conf images;
	struct platform_conf platforms[PLATFORMS_MAX];	/* by number in
						   the table */
};

/* Built-in defaults (no file): paths relative to dir, which is copied. */
/* The largest picture platform number pf (entry a) takes as bytes: the
 * entry's image_max, or its server's limit when that is smaller. */
size_t config_image_max(const struct config *c, const struct adapter *a,
    size_t pf);

/* Platform number pf, whose entry is a, sends its pairs' pictures as
 * bytes in its requests: a has image_max and platforms.NAME.upload_pictures
 * is not false. */
bool config_uploads_pictures(const struct config *c, const struct adapter *a,
    size_t pf);

/* A post without a picture of its own can go to platform number pf
 * (entry a) with its card: cards are on, and the platform uploads it or
 * the public folder (cards.public_dir and public_url) is set. */
bool config_card_stands_in(const struct config *c, const struct adapter *a,
    size_t pf);

void config_defaults(struct config *c, const char *dir);

/*
 * Which file to read: explicit (from -c) when not NULL, else
 * $ALMANAC_CONFIG, else $CONFIGURATION_DIRECTORY/almanac.conf when that
 * variable is set (systemd's ConfigurationDirectory=; its first folder)
 * and the file exists, else ./config/almanac.conf when it exists, else
 * /etc/almanac/almanac.conf. Returns an allocated path.
 */
char *config_find(const char *explicit);

/*
 * Reads and validates the file at path into *c (a regular file: a FIFO is
 * refused at once, never waited on). Returns 0 on success;
 * -1 with diagnostics (file:line) in d otherwise, in which case *c is
 * freed. Warnings (e.g. a platform enabled without a default image) may
 * be added on success.
 */
int config_load(const char *path, struct config *c, struct diags *d);

/* Same, from text in memory; name is used in diagnostics and dir for
 * relative paths. */
int config_parse(const char *name, const char *dir, const char *text,
    struct config *c, struct diags *d);

void config_free(struct config *c);

#endif
