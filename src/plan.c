/* plan: which of a day's posts go out, why, and when (see plan.h). */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Years between the event and day. */
int
plan_years_ago(const struct post *p, struct ymd day)
{
	if (!p->has_year)
		return -1;
	return day.y - p->year;
}

/* 4, 3, 2, 1 for multiples of 100, 50, 25, 10. */
int
plan_roundness(int n)
{
	if (n <= 0)
		return 0;
	if (n % 100 == 0)
		return 4;
	if (n % 50 == 0)
		return 3;
	if (n % 25 == 0)
		return 2;
	if (n % 10 == 0)
		return 1;
	return 0;
}

/* Why an anniversary candidate is not eligible, or NULL when it is. */
static char *
filter_reason(const struct post *p, struct ymd day, int years_ago)
{
	if (p->draft)
		return xstrdup("draft: shown here, never published");
	if (p->has_year && years_ago < 0)
		return xasprintf("not an anniversary yet: the event is dated "
		    "%d", p->year);
	if (p->has_year && years_ago == 0)
		return xstrdup("not an anniversary yet: the event is this "
		    "year");
	if (p->years_from && day.y < p->years_from)
		return xasprintf("\"years\": published from %d on",
		    p->years_from);
	if (p->years_until && day.y > p->years_until)
		return xasprintf("\"years\": published until %d",
		    p->years_until);
	if (p->years_every > 1 && p->has_year &&
	    years_ago % p->years_every != 0)
		return xasprintf("\"years\": only every %d years (this is "
		    "year %d)", p->years_every, years_ago);
	return NULL;
}

/* Ranking: eligible first; priority, roundness, least recently sent, id. */
static int
cmp_rank(const void *a, const void *b)
{
	const struct plan_entry *x = a, *y = b;
	int rx, ry;

	if (x->eligible != y->eligible)
		return x->eligible ? -1 : 1;
	if (x->post->priority != y->post->priority)
		return x->post->priority > y->post->priority ? -1 : 1;
	rx = plan_roundness(x->years_ago);
	ry = plan_roundness(y->years_ago);
	if (rx != ry)
		return rx > ry ? -1 : 1;
	if (x->last_sent != y->last_sent)
		return x->last_sent < y->last_sent ? -1 : 1;
	return strcmp(x->post->id, y->post->id);
}

/* Chosen posts in slot order (then id); the rest keep their rank. */
static int
cmp_slot(const void *a, const void *b)
{
	const struct plan_entry *x = a, *y = b;

	if (x->chosen != y->chosen)
		return x->chosen ? -1 : 1;
	if (!x->chosen)
		return cmp_rank(a, b);
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return strcmp(x->post->id, y->post->id);
}

/* Untimed chosen posts by id, for slot assignment. */
static int
cmp_id_ptr(const void *a, const void *b)
{
	const struct plan_entry *const *x = a, *const *y = b;

	return strcmp((*x)->post->id, (*y)->post->id);
}

/* "priority 1, 99th anniversary" */
static char *
rank_text(const struct plan_entry *e)
{
	char ord[24];

	if (e->years_ago < 0)
		return xasprintf("priority %d, year unknown", e->post->priority);
	date_ordinal(e->years_ago, ord, sizeof(ord));
	return xasprintf("priority %d, %s anniversary", e->post->priority, ord);
}

/* The plan of one day. */
void
plan_day(const struct catalog *cat, struct ymd day,
    const struct config *c, last_sent_fn last_sent, void *arg,
    struct day_plan *out)
{
	size_t i, n = 0, nchosen = 0, nuntimed = 0;
	struct plan_entry *e, **untimed;
	char *why, *rank;

	memset(out, 0, sizeof(*out));
	out->day = day;
	for (i = 0; i < cat->n; i++)
		if (catalog_on_day(&cat->v[i], day, c->leap_day))
			n++;
	if (n == 0)
		return;
	out->v = xcalloc(n, sizeof(*out->v));
	for (i = 0; i < cat->n; i++) {
		if (!catalog_on_day(&cat->v[i], day, c->leap_day))
			continue;
		e = &out->v[out->n++];
		e->post = &cat->v[i];
		e->years_ago = plan_years_ago(e->post, day);
		e->slot = -1;
		e->reason = filter_reason(e->post, day, e->years_ago);
		e->eligible = e->reason == NULL;
		if (e->eligible) {
			e->last_sent = last_sent ?
			    last_sent(e->post->id, day, arg) : 0;
		}
	}
	qsort(out->v, out->n, sizeof(*out->v), cmp_rank);

	untimed = xcalloc(n, sizeof(*untimed));
	for (i = 0; i < out->n; i++) {
		e = &out->v[i];
		if (!e->eligible)
			continue;
		rank = rank_text(e);
		if (c->max_per_day == 0 || nchosen < (size_t)c->max_per_day) {
			e->chosen = true;
			nchosen++;
			why = xstrdup(rank);
			if (e->post->time >= 0)
				e->slot = e->post->time;
			else
				untimed[nuntimed++] = e;
		} else
			why = xasprintf("left out: %s; %d posts a day at most "
			    "(schedule.max_per_day) and %zu rank higher", rank,
			    c->max_per_day, nchosen);
		free(rank);
		e->reason = why;
	}
	/* Untimed posts spread evenly over the window, in id order. */
	qsort(untimed, nuntimed, sizeof(*untimed), cmp_id_ptr);
	for (i = 0; i < nuntimed; i++)
		untimed[i]->slot = c->window_start + (int)((long)i *
		    (c->window_end - c->window_start) / (long)nuntimed);
	free(untimed);
	qsort(out->v, out->n, sizeof(*out->v), cmp_slot);
}

/* Frees the plan's reasons and entries. */
void
day_plan_free(struct day_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].reason);
	free(p->v);
	memset(p, 0, sizeof(*p));
}
