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

	if (k == NULL || !adapter_store_current(cr, t, a))
		return true;
	return k->expires_at != 0 && k->expires_at - now <= RENEW_AHEAD;
}

int
renew_save(const char *state_dir, struct tokens *t,
    const struct adapter *a, const struct token_grant *g, const char *seed,
    long long now, char **err)
{
	struct token_value v[3];
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
	if (a->authorize != NULL)
		return xasprintf("run almanac auth %s (or put a new refresh "
		    "token in the credentials file as %s.refresh_token)",
		    a->name, a->name);
	return xasprintf("put a new refresh token in the credentials file as "
	    "%s.refresh_token", a->name);
}
