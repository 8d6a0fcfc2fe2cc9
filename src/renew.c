/* renew: when a token is due, and keeping a grant (see renew.h). */
#include "renew.h"

#include <stdio.h>
#include <time.h>

#include "xalloc.h"

bool
renew_due(const struct adapter *a, const struct credentials *cr,
    const struct tokens *t, long long now)
{
	const struct token *k = tokens_get(t, a->name, "access_token");
	const struct token *seed = tokens_get(t, a->name, TOKENS_SEED);
	bool current = adapter_store_current(cr, t, a);

	if (k != NULL && *k->value == '\0')
		k = NULL;	/* left aside by renew_adopt */
	if (a->renew_min_age > 0) {
		/* held since the store first saw it (renew_adopt) */
		if (!current || seed == NULL)
			return false;
		if (k == NULL)
			return now - seed->updated_at >= a->renew_min_age;
		if (now - k->updated_at < a->renew_min_age)
			return false;
	}
	if (k == NULL || !current)
		return true;
	return k->expires_at != 0 && k->expires_at - now <=
	    (a->renew_ahead > 0 ? a->renew_ahead : RENEW_AHEAD);
}

int
renew_adopt(const char *state_dir, struct tokens *t, const struct adapter *a,
    const struct credentials *cr, long long now, char **err)
{
	const char *given = adapter_cred_file(cr, a, adapter_renew_from(a));
	char seed[ADAPTER_SEED_SIZE];
	struct token_value v[2];

	if (a->renew_min_age <= 0 || given == NULL ||
	    adapter_store_current(cr, t, a))
		return 0;
	adapter_seed(given, seed);
	v[0].platform = v[1].platform = a->name;
	v[0].name = "access_token";
	v[0].value = "";
	v[0].expires_at = 0;
	v[1].name = TOKENS_SEED;
	v[1].value = seed;
	v[1].expires_at = 0;
	return tokens_put(state_dir, t, v, 2, now, err) == -1 ? -1 : 1;
}

int
renew_save(const char *state_dir, struct tokens *t,
    const struct adapter *a, const struct token_grant *g, const char *seed,
    long long now, char **err)
{
	struct token_value v[4];
	size_t n = 0;

	v[n].platform = a->name;
	v[n].name = "access_token";
	v[n].value = g->access_token;
	v[n].expires_at = g->expires_in > 0 ? now + g->expires_in : 0;
	n++;
	if (g->refresh_token != NULL) {
		v[n].platform = a->name;
		v[n].name = "refresh_token";
		v[n].value = g->refresh_token;
		v[n].expires_at = g->refresh_expires_in > 0 ? now +
		    g->refresh_expires_in : 0;
		n++;
	}
	if (g->account != NULL) {
		v[n].platform = a->name;
		v[n].name = TOKENS_ACCOUNT;
		v[n].value = g->account;
		v[n].expires_at = 0;
		n++;
	}
	if (seed != NULL) {
		v[n].platform = a->name;
		v[n].name = TOKENS_SEED;
		v[n].value = seed;
		v[n].expires_at = 0;
		n++;
	}
	return tokens_put(state_dir, t, v, n, now, err);
}

void
renew_until(long long t, long long now, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long long days;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(out, size, "unknown");
		return;
	}
	days = t >= now ? (t - now) / 86400 : (now - t + 86399) / 86400;
	snprintf(out, size, "%04d-%02d-%02d (%s%lld day%s%s)",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    t >= now ? "" : "ended ", days, days == 1 ? "" : "s",
	    t >= now ? " left" : " ago");
}

char *
renew_remedy(const struct adapter *a)
{
	const char *words = adapter_renew_words(a);
	const char *key = adapter_renew_from(a);

	if (a->authorize != NULL)
		return xasprintf("run almanac auth %s (or put a new %s in the "
		    "credentials file as %s.%s)", a->name, words, a->name,
		    key);
	return xasprintf("put a new %s in the credentials file as %s.%s",
	    words, a->name, key);
}
