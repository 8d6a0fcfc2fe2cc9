/*
 * server_limits: the limits a platform's server sets for itself (its entry's
 * limits and limits_parse hooks: a Mastodon instance's length limit, what
 * a link counts and the largest picture it takes), asked at most once a
 * day by a run that publishes and kept in state_dir/NAME.limits (a few
 * "KEY VALUE" lines, replaced atomically; public, mode 0644). Preview and
 * lint, which use no network, read that file, or take the entry's limits
 * when there is none.
 *
 * Applying limits sets platform_conf.limit, .url_weight, .image_max and
 * .limits_from (what preview shows); format.c counts with them, and
 * picture.c measures pictures against config_image_max.
 */
#ifndef ALMANAC_SERVER_LIMITS_H
#define ALMANAC_SERVER_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

struct config;		/* config.h */
struct http_engine;	/* http.h */

#define LIMITS_MAX_AGE	86400	/* seconds a kept answer stands */

/* What a platform counts against. */
struct limits {
	bool known;		/* from the server (now or kept); false: the
				   entry's, as nothing was kept */
	size_t limit;		/* of the main text */
	size_t url_weight;	/* what a link counts */
	long long fetched;	/* Unix time it was asked, when known */
	size_t image_max;	/* the largest picture it takes, in bytes;
				   0: not said (the entry's stands) */
};

/* state_dir/NAME.limits of platform pf. Allocated. */
char *limits_path(const struct config *c, size_t pf);

/*
 * The kept limits of platform pf: true with *out (known) when the file
 * exists, can be read and was asked of the api configured now; false
 * with the entry's limits in *out (not known) otherwise.
 */
bool limits_read(const struct config *c, size_t pf, struct limits *out);

/* Keeps l as platform pf's file. Returns 0, or -1 with *err (allocated,
 * naming the file). */
int limits_write(const struct config *c, size_t pf, const struct limits *l,
    char **err);

/* Makes platform pf count against l (platform_conf.limit, .url_weight,
 * .image_max, .limits_from). */
void limits_apply(struct config *c, size_t pf, const struct limits *l);

/*
 * Without network (preview, lint): every platform of c with a limits
 * hook counts against its kept limits, or the entry's when none are
 * kept. Returns how many such platforms there are.
 */
size_t limits_offline(struct config *c);

/*
 * A run that publishes: for each platform in mask (a bit per number in
 * the table; 0 = all) that is enabled and has a limits hook, the kept
 * limits when asked within LIMITS_MAX_AGE of now (Unix time, the real
 * clock) of the api configured now; else it asks the server on e (and
 * runs e until the answers came), keeps and applies what it says. When
 * the server does not answer, the kept limits of any age, else the
 * entry's. Never fails: *notes (NULL-terminated, the caller frees each
 * and the array; NULL when none) says what could not be asked or kept,
 * for the log.
 */
void limits_refresh(struct config *c, struct http_engine *e, unsigned mask,
    long long now, char ***notes);

#endif
