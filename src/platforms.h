/*
 * platforms: the platform table and the adapter interface. Each platform
 * is one entry (struct adapter), in src/platforms/NAME.c, listed in
 * src/platforms/list.h; everything outside src/platforms/ learns what a
 * platform is from its entry: its name, its settings in the config with
 * their defaults and checks, its credential keys, its counter and limit,
 * whether it needs an image, its own checks, what preview shows of it.
 *
 * An adapter knows how its platform counts text and what it needs, and
 * turns a formatted message into the exact HTTP request(s) of
 * docs/platforms.md. Building a request never touches the network. A sink
 * (the Atom feed) sends nothing: it keeps its entries itself.
 */
#ifndef ALMANAC_PLATFORMS_H
#define ALMANAC_PLATFORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "card_shape.h"
#include "date.h"
#include "request.h"
#include "text.h"

#define PLATFORMS_MAX		16	/* entries the table may have */
#define PLATFORM_SETTINGS_MAX	8	/* a platform's own settings */
#define PLATFORM_CRED_KEYS_MAX	4	/* a platform's credential keys */

struct config;		/* config.h */
struct platform_conf;	/* config.h */
struct credentials;	/* credentials.h */
struct ledger;		/* ledger.h */
struct post_platform;	/* post.h */
struct message;		/* format.h */
struct tokens;		/* tokens.h */
struct auth_params;	/* auth.h */

/* Stands, in a request's url or body, for the "id" of the answer to the
 * request before it (Instagram's media container). Only in what build
 * shows (preview): what is sent after the first request is the request
 * parse returns in outcome.next. */
#define REQUEST_CONTAINER_ID "{container-id}"

struct http_response;	/* http.h */

/* What the answer to a request means. */
enum outcome_kind {
	OUTCOME_PUBLISHED,	/* the platform confirmed the post */
	OUTCOME_FAILED,		/* certainly not accepted */
	OUTCOME_UNKNOWN,	/* the post may exist: never sent again
				   automatically */
	OUTCOME_NEXT		/* a further request of the flow is due */
};

struct outcome {
	enum outcome_kind kind;
	bool retryable;		/* FAILED: a later attempt may succeed */
	bool later;		/* FAILED, retryable: not again in this run,
				   only by a later one (a quota, credits) */
	bool config;		/* FAILED: the answer says a setting is
				   wrong (a retired API version): the run
				   counts a configuration problem */
	bool duplicate;		/* PUBLISHED because the platform says the
				   same post is already there */
	int http_status;	/* 0 when no answer */
	long long not_before;	/* FAILED, retryable: when the platform says
				   to come back (Unix time on the run's
				   clock, from its own rate-limit headers);
				   0 when it did not say (then Retry-After,
				   if any, or the engine's backoff) */
	char *remote_id;	/* PUBLISHED; NULL when the platform does not
				   say */
	char *permalink;	/* PUBLISHED, where one can be built */
	char *error;		/* FAILED, UNKNOWN: what happened, in the
				   platform's own words where it gave any */
	char *step;		/* progress to keep across runs (Instagram's
				   container id), "" to clear what was kept,
				   or NULL to leave it as it is */
	int next_step;		/* NEXT: the step number of next.v[0] */
	struct request_list next;	/* NEXT: the request to send now */
};

void outcome_free(struct outcome *o);

/*
 * The shared part of reading an answer: transport errors (nothing sent:
 * failed and retryable; sent but no valid answer: unknown), 429 and 503
 * with Retry-After (failed, retryable), every other 4xx but 408 and 425
 * (failed: the request was refused; a 401 says the platform's token was
 * refused and must be renewed), 408, 425, 5xx and other statuses
 * (unknown). platform_error is the platform's own words
 * from the body, or NULL. Returns true when the status alone decides (out
 * filled), false for a 2xx, which the adapter reads itself.
 */
bool outcome_classify(const char *platform, const struct http_response *r,
    const char *platform_error, struct outcome *out);

/*
 * What a platform says about its token (almanac doctor). The answers to
 * the requests of an adapter's whoami are read into one token_check, in
 * whatever order they come: each answer fills its own part, and a state
 * only ever moves to a worse one (the order below).
 */
enum token_state {
	TOKEN_UNCHECKED = 0,	/* no answer read yet */
	TOKEN_OK,		/* accepted; who says whose it is */
	TOKEN_UNNAMED,		/* accepted, but the platform would not say
				   whose it is (a scope is missing): error
				   says why */
	TOKEN_ERROR,		/* another answer: a rate limit, a platform
				   error, an unreadable body */
	TOKEN_UNREACHABLE,	/* no HTTP answer */
	TOKEN_REFUSED		/* the platform refused the token */
};

struct token_check {
	enum token_state state;
	char *who;		/* OK: whose token, in the platform's words */
	char *error;		/* UNNAMED and worse: what happened */
	char *warning;		/* a caveat of an accepted token, or NULL */
	bool expiry_known;	/* the platform said when the token ends */
	long long expires_at;	/* Unix time; 0 = never (when known) */
	const char *expiry_field;	/* the answer's field it came from;
				   NULL with expires_at 0: the
				   platform's tokens never end */
	const char *expiry_source;	/* the request whose answer said it
					   ("debug_token"); NULL: the token
					   store */
	char *expiry_error;	/* why the expiry could not be had, or NULL */
};

void token_check_free(struct token_check *t);

/*
 * What a platform's token endpoint answered to a renewal (grant_type=
 * refresh_token). The refresh token may be a new one (it rotates): the
 * old one is then refused from now on.
 */
enum grant_state {
	GRANT_OK,		/* access_token set */
	GRANT_REFUSED,		/* the refresh token (or the client) was
				   refused: a person must authorize again */
	GRANT_ERROR,		/* no answer, or one that says nothing of the
				   token (5xx, 429, an unreadable body): the
				   next run tries again */
	GRANT_STALE		/* the store's refresh token was refused, but
				   the credentials file can start a new
				   session (Bluesky's app password): the
				   stored one is dropped and refresh asked
				   once more */
};

struct token_grant {
	enum grant_state state;
	char *access_token;
	char *refresh_token;		/* NULL when the answer has none */
	long long expires_in;		/* seconds; 0 when not said */
	long long refresh_expires_in;	/* seconds; 0 when not said */
	char *account;			/* the account the tokens are for
					   (Bluesky's did), kept as the
					   store's TOKENS_ACCOUNT row; NULL
					   when the answer does not say */
	char *error;			/* REFUSED, ERROR: what happened */
};

void token_grant_free(struct token_grant *g);

/* What an adapter builds from. cred may be NULL (preview): then secret
 * values are written as "(redacted)". A token in tokens (the token store,
 * NULL for none) stands before the credentials' value of the same key. */
struct adapter_ctx {
	const struct config *config;
	const struct platform_conf *pc;
	const struct credentials *cred;
	long long now;		/* Unix time, for signatures and feed dates */
	const char *progress;	/* parse: the pair's kept progress (the
				   last outcome.step), NULL when none */
	long long clock;	/* parse: when the answer came, on the run's
				   clock (--now when given), Unix time: what
				   a platform's "come back in N" counts from */
	const struct tokens *tokens;
	bool auth_code;		/* grant_parse: the answer is to an
				   authorization code (almanac auth), not
				   to a renewal or to exchange_next's
				   request */
};

/*
 * A setting of a platform's group in the config (platforms.NAME.KEY) that
 * only that platform takes. Every platform also takes "enabled" and
 * "template"; one that sends over the network takes "api"; one that needs
 * an image takes "default_image" and "default_image_alt". The value of
 * setting number i of the entry is in platform_conf.set[i] (TEXT, ID,
 * URL, PATH) or .num[i] (INT).
 */
enum setting_kind {
	SETTING_TEXT,	/* a string; valid says which, when set */
	SETTING_ID,	/* "" or letters, digits, _ and - (put in URLs) */
	SETTING_URL,	/* "" or an http(s) URL (https only with
			   secret_url) */
	SETTING_PATH,	/* a file, made absolute against the config's
			   folder */
	SETTING_INT	/* a whole number from min to max */
};

struct platform_setting {
	const char *name;
	enum setting_kind kind;
	/* The value when the config does not set it (NULL: unset); a PATH's
	 * is relative to state_dir. */
	const char *fallback;
	int min, max, fallback_int;	/* INT */
	bool required;		/* an enabled platform needs it */
	/* TEXT, ID: the further check of a value, NULL for none. */
	bool (*valid)(const char *v);
	/* What valid wants, for "expected WHAT, got ..." (NULL: the kind's
	 * own message). */
	const char *what;
	/* The example value config/almanac.conf ships (NULL: none): left
	 * as it is, doctor fails it. */
	const char *placeholder;
	/* URL: requests there carry secrets, so only https:// (http:// to
	 * a loopback host), as api. */
	bool secret_url;
};

/* A setting a post may give for one platform in its "platforms" object
 * (the Pinterest board it goes to): platforms.NAME.KEY in the post. */
struct post_setting {
	const char *name;
	bool (*valid)(const char *v);	/* NULL: any non-empty string */
	const char *what;		/* "the board's number in quotes" */
};

/* A line an adapter adds to almanac doctor's report (its own settings). */
enum note_level { NOTE_OK, NOTE_INFO, NOTE_WARN, NOTE_FAIL };

struct notes {
	struct note {
		enum note_level level;
		char *text;
	} *v;
	size_t n;
};

/* Adds a line to *n (text formatted as printf). */
void notes_add(struct notes *n, enum note_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void notes_free(struct notes *n);

/* How preview's HTML draws a post of the platform (preview_html.c). */
enum preview_card {
	CARD_LINK = 0,	/* the text, then the link's card under it */
	CARD_ARTICLE,	/* commentary above an article card */
	CARD_SQUARE,	/* a square image, the caption under it */
	CARD_PIN,	/* an image, its title and description */
	CARD_ENTRY	/* a feed entry: title, date, content */
};

struct adapter {
	const char *name;
	enum text_counter counter;
	size_t limit;			/* of the main text; 0 = none */
	const char *default_template;	/* main text */
	const char *default_api;	/* base URL; NULL for a sink */
	bool needs_image;
	/* It can show a picture fetched from a public address
	 * (message.image_url), as every needs_image platform does: a drawn
	 * card is put in the public folder for it (picture.h). */
	bool image_by_url;
	/* The message has a title of its own beside the text (a pin's, a
	 * feed entry's): preview shows it. */
	bool has_title;
	/* The name people know it by ("X"; NULL: name) and how preview's
	 * HTML draws its posts. */
	const char *label;
	enum preview_card card;
	/* The shape of the card almanac draws for its posts (card.h;
	 * CARD_SHAPE_LINK unless said), and whether it takes only JPEG. */
	enum card_shape card_shape;
	bool card_jpeg;
	/* The largest picture it takes in a request (uploaded as bytes),
	 * in bytes; 0: it takes none that way (it fetches a public address,
	 * or shows no picture). A pair of a platform with image_max set
	 * carries its picture as message.image_file (the post's own file,
	 * its image.url fetched into the cache, or its drawn card), unless
	 * platforms.NAME.upload_pictures is false. Its build goes on from
	 * the upload kept as the pair's progress (outcome.step;
	 * ctx->progress is set for build too). */
	size_t image_max;
	/* Its picture is the thumbnail of the link's card: a post without
	 * a link goes without one (LinkedIn's article, Bluesky's external
	 * embed). */
	bool picture_needs_link;
	/* A retried request after the first of a flow is not sent again
	 * as it was but the flow built anew from build (which goes on from
	 * the progress kept): each request carries a signature with a time
	 * and a nonce that must not be sent twice (X). */
	bool rebuild_retries;
	/* Its own settings of platforms.NAME, ending with a NULL name. */
	const struct platform_setting *settings;
	/* Its keys in the credentials file, NULL-terminated (at most
	 * PLATFORM_CRED_KEYS_MAX); NULL for a sink. */
	const char *const *cred_keys;
	/* The setting a post may give for it, or NULL. */
	const struct post_setting *post_setting;
	/* Optional: fills the fields of m beside the text (title, alt,
	 * target) from the post, its override ov (NULL when none) and pc,
	 * before the text is made. */
	void (*prepare)(const struct platform_conf *pc,
	    const struct post_platform *ov, struct message *m);
	/* Optional: turns rendered text into what is sent and counted
	 * (LinkedIn escaping). Returns an allocated string. */
	char *(*finish)(const char *text);
	/* Optional: further checks of a finished message; returns NULL or
	 * an allocated sentence saying what is wrong. */
	char *(*check)(const struct message *m);
	/* Builds the request(s) that publish m. Returns 0, or -1 with *err
	 * (allocated) saying why. out is filled on 0 only. */
	int (*build)(const struct adapter_ctx *ctx, const struct message *m,
	    struct request_list *out, char **err);
	/*
	 * Reads the answer resp to request number step of the flow (0 for the
	 * first request of build, then next_step of each OUTCOME_NEXT). Fills
	 * *out; never fails: an answer it cannot read is OUTCOME_UNKNOWN.
	 * NULL for the feed, which sends nothing.
	 */
	void (*parse)(const struct adapter_ctx *ctx, const struct message *m,
	    int step, const struct http_response *resp, struct outcome *out);
	/*
	 * Optional: the request that continues a flow from progress saved by
	 * an earlier run (outcome.step), in out with its step number in
	 * *first_step. Returns 0, or -1 with *err (allocated). That request
	 * must be safe to repeat and ask the platform whether the post
	 * exists before anything is published: a pair left unknown with
	 * progress kept is resumed by the next run on its own.
	 */
	int (*resume)(const struct adapter_ctx *ctx, const struct message *m,
	    const char *step, struct request_list *out, int *first_step,
	    char **err);
	/*
	 * Optional (doctor; NULL for the feed): the read-only request(s)
	 * that ask the platform whose token ctx->cred holds. Each is sent
	 * once, and again when it got no answer (doctor.h). Returns 0, or -1 with *err (allocated) when a credential or
	 * a setting is missing. out is filled on 0 only.
	 */
	int (*whoami)(const struct adapter_ctx *ctx, struct request_list *out,
	    char **err);
	/* Reads the answer resp to request number i of whoami into *t;
	 * never fails. */
	void (*whoami_parse)(const struct adapter_ctx *ctx, size_t i,
	    const struct http_response *resp, struct token_check *t);
	/* Optional (doctor): checks of its settings that need no network
	 * (a version's age against today, a file that must be writable),
	 * as lines added to *out. */
	void (*doctor)(const struct adapter_ctx *ctx, struct ymd today,
	    struct notes *out);
	/*
	 * Optional: renewing the access token unattended. refresh builds
	 * the request to the platform's token endpoint that trades the
	 * refresh token (the store's, else the credentials') for a new
	 * access token: returns 0 with out filled, 1 when the credentials
	 * do not hold what it needs (no renewal set up), -1 with *err
	 * (allocated). grant_parse reads its answer; never fails. A 401 to
	 * a request of build created nothing, so it may be sent again with
	 * the renewed token.
	 */
	int (*refresh)(const struct adapter_ctx *ctx, struct request_list *out,
	    char **err);
	void (*grant_parse)(const struct adapter_ctx *ctx,
	    const struct http_response *resp, struct token_grant *g);
	/* Optional, with refresh: the credential key that the renewed
	 * tokens descend from, the one a renewal starts from when the store
	 * has none (NULL: "refresh_token"); a platform whose access token
	 * renews itself names "access_token". */
	const char *renew_from;
	/* Optional, with refresh: seconds a token must have been held
	 * before the platform renews it (0: any time). The credentials
	 * file's token is held from when the store first saw it. */
	long long renew_min_age;
	/*
	 * Optional: the limits each server of the platform sets for itself
	 * (a Mastodon instance's), which server_limits.c asks once a day and keeps.
	 * limits builds the read-only request that asks them (no
	 * credentials): returns 0 with out filled, or -1 with *err
	 * (allocated) when a setting it needs is missing. limits_parse reads
	 * its answer: true with *limit (of the main text), *url_weight (what
	 * a link counts) and *image_max (the largest picture it takes in
	 * bytes, 0 when the answer does not say), false when the answer does
	 * not say the first two.
	 */
	int (*limits)(const struct adapter_ctx *ctx, struct request_list *out,
	    char **err);
	bool (*limits_parse)(const struct http_response *resp, size_t *limit,
	    size_t *url_weight, size_t *image_max);
	/* With refresh: renew the access token when it ends within this
	 * many seconds (0: RENEW_AHEAD, renew.h); and optional, whether an
	 * answer other than a 401 says that the access token has ended and
	 * created nothing (Bluesky's 400 ExpiredToken): it is then renewed
	 * and the request sent again, as after a 401. */
	long long renew_ahead;
	bool (*token_ended)(const struct http_response *resp);
	/*
	 * Optional (almanac auth; with grant_parse): the first tokens, from
	 * a person who authorizes almanac in a browser, OAuth 2's
	 * authorization code grant. authorize builds the URL that person
	 * opens, asking for auth_scope with p (auth.h: the redirect URI,
	 * the state, the PKCE challenge when auth_pkce), into *url
	 * (allocated); exchange builds the request that trades the code
	 * the platform sent back for tokens (with p's code_verifier when
	 * auth_pkce), whose answer grant_parse reads (ctx->auth_code set).
	 * Each returns 0, or -1 with *err (allocated) when the credentials
	 * lack the client's id or secret or a setting is missing.
	 */
	int (*authorize)(const struct adapter_ctx *ctx,
	    const struct auth_params *p, char **url, char **err);
	int (*exchange)(const struct adapter_ctx *ctx,
	    const struct auth_params *p, const char *code,
	    struct request_list *out, char **err);
	/* Optional, with exchange: where the code's tokens are only a first
	 * step (a short-lived token traded for a long-lived one), builds
	 * from g (what grant_parse read of exchange's answer, GRANT_OK) the
	 * request that trades them, whose answer grant_parse reads too
	 * (ctx->auth_code unset): what it grants is what is kept. Returns
	 * 0, or -1 with *err (allocated). NULL: exchange's grant is kept. */
	int (*exchange_next)(const struct adapter_ctx *ctx,
	    const struct token_grant *g, struct request_list *out,
	    char **err);
	const char *auth_scope;	/* the scopes asked for, as the platform
				   writes them */
	bool auth_pkce;		/* it takes PKCE (RFC 7636, S256) */
	/*
	 * A sink (the feed) sends nothing: build, parse, resume and whoami
	 * are NULL and these three are set. sink_file is the file it keeps
	 * with pc's settings (borrowed from pc; NULL when unset): its
	 * existence is a sign that the ledger was used. sink_entry makes
	 * what m adds to the sink: *id (the remote id the ledger keeps) and
	 * *entry (as preview shows it), both allocated; returns 0, or -1
	 * with *err (allocated). sink_write brings the sink up to date with
	 * the ledger's published pairs of the platform (rewrites the feed
	 * file), after a run that recorded one; returns how many entries it
	 * holds, or -1 with *err (allocated) when it could not be written,
	 * or -2 with *err when the ledger could not be read.
	 */
	const char *(*sink_file)(const struct platform_conf *pc);
	int (*sink_entry)(const struct adapter_ctx *ctx,
	    const struct message *m, char **id, char **entry, char **err);
	int (*sink_write)(const struct adapter_ctx *ctx, struct ledger *l,
	    char **err);
};

/* The table: platform i for i below platform_count(), in the order
 * they are shown; NULL past the end. */
size_t platform_count(void);
const struct adapter *adapter_get(size_t i);

/* The name of platform i ("twitter"), NULL past the end; and the number
 * of a name, -1 when no adapter has it. */
const char *platform_name(size_t i);
int platform_lookup(const char *name);

/* Every name a post's "platforms" object and the credentials file may
 * use: the table's. NULL-terminated. */
extern const char *const platform_all_names[];

/* The credential keys platform name takes, NULL-terminated; NULL for an
 * unknown name or a sink. */
const char *const *platform_cred_keys(const char *name);

/* The number of key among a's credential keys, or -1 when a takes no
 * such key. */
int adapter_cred_key(const struct adapter *a, const char *key);

/* The value of key of platform a in the credentials file cr (not the
 * token store's), or NULL when cr is NULL or it is unset or empty.
 * Borrowed from cr. */
const char *adapter_cred_file(const struct credentials *cr,
    const struct adapter *a, const char *key);

/* What the token store keeps of the refresh token its tokens descend
 * from (TOKENS_SEED, tokens.h): the SHA-256 of token in hex, so that the
 * credentials file's secret is not copied. */
#define ADAPTER_SEED_SIZE 65
void adapter_seed(const char *token, char out[ADAPTER_SEED_SIZE]);

/* The credential key platform a's renewed tokens descend from (its
 * renew_from, else "refresh_token"), and the same in words ("refresh
 * token"), for messages. Static. */
const char *adapter_renew_from(const struct adapter *a);
const char *adapter_renew_words(const struct adapter *a);

/*
 * Whether the token store t holds platform a's current tokens: true when
 * the credentials file gives a no refresh_token (adapter_renew_from), or
 * gives the one the stored tokens descend from (t's TOKENS_SEED row,
 * tokens.h). False when the operator put another one in the file: the
 * stored ones are then left aside and the next renewal starts from the
 * file's.
 */
bool adapter_store_current(const struct credentials *cr,
    const struct tokens *t, const struct adapter *a);

/* The base URL: pc->api if set, else the adapter's default; without a
 * trailing slash. Allocated; NULL for a sink. */
char *adapter_base(const struct adapter *a, const struct platform_conf *pc);

#endif
