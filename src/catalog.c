/* catalog: post files and a day's plan (see catalog.h). */
#include "catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define SCAN_MAX_DEPTH 32

struct pathlist {
	char **v;
	size_t n, cap;
};

/* Appends an allocated path. */
static void
pathlist_add(struct pathlist *l, char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = path;
}

/* True for names the scan passes over: hidden files, editor leftovers. */
static bool
ignored_name(const char *name)
{
	return name[0] == '.' || fnmatch("*~", name, 0) == 0 ||
	    fnmatch("#*#", name, 0) == 0 || fnmatch("*.swp", name, 0) == 0;
}

/* True for a post file name: *.json. */
static bool
is_post_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Collects the post files below dir into l. */
static void
scan_dir(const char *dir, int depth, struct pathlist *l, struct diags *d)
{
	DIR *dp;
	struct dirent *de;
	struct stat st;
	char *path;

	if (depth > SCAN_MAX_DEPTH) {
		diags_add(d, DIAG_ERROR, dir, 0, 0,
		    "folders nested deeper than %d levels are not read",
		    SCAN_MAX_DEPTH);
		return;
	}
	if ((dp = opendir(dir)) == NULL) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "cannot read this folder: %s",
		    strerror(errno));
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (ignored_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) == -1) {
			diags_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s",
			    strerror(errno));
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			scan_dir(path, depth + 1, l, d);
			free(path);
		} else if (!is_post_name(de->d_name)) {
			free(path);
		} else if (S_ISLNK(st.st_mode) &&
		    (stat(path, &st) == -1 || !S_ISREG(st.st_mode))) {
			diags_add(d, DIAG_ERROR, path, 0, 0,
			    "a link that does not lead to a file is not read");
			free(path);
		} else
			pathlist_add(l, path);
	}
	closedir(dp);
}

/* qsort comparison of paths. */
static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Paths below the working folder are shown (and opened) relative to it,
 * as editors typed them: posts/11/x.json rather than /srv/site/posts/... */
static void
shorten_paths(struct pathlist *l)
{
	char cwd[4096];
	size_t i, n;

	if (getcwd(cwd, sizeof(cwd)) == NULL || strcmp(cwd, "/") == 0)
		return;
	n = strlen(cwd);
	for (i = 0; i < l->n; i++)
		if (strncmp(l->v[i], cwd, n) == 0 && l->v[i][n] == '/')
			memmove(l->v[i], l->v[i] + n + 1,
			    strlen(l->v[i] + n + 1) + 1);
}

/* An id seen during a load, for the uniqueness check. */
struct idslot {
	char *id;
	char *file;
};

struct idset {
	struct idslot *v;
	size_t cap, n;
};

/* FNV-1a. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Adds id (from file); returns the file that already has it, or NULL. */
static const char *
idset_add(struct idset *s, const char *id, const char *file)
{
	size_t i, j;
	struct idslot *old;

	if (s->n * 2 >= s->cap) {
		old = s->v;
		j = s->cap;
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xcalloc(s->cap, sizeof(*s->v));
		s->n = 0;
		for (i = 0; i < j; i++)
			if (old[i].id != NULL) {
				size_t k = hash_str(old[i].id) & (s->cap - 1);

				while (s->v[k].id != NULL)
					k = (k + 1) & (s->cap - 1);
				s->v[k] = old[i];
				s->n++;
			}
		free(old);
	}
	i = hash_str(id) & (s->cap - 1);
	while (s->v[i].id != NULL) {
		if (strcmp(s->v[i].id, id) == 0)
			return s->v[i].file;
		i = (i + 1) & (s->cap - 1);
	}
	s->v[i].id = xstrdup(id);
	s->v[i].file = xstrdup(file);
	s->n++;
	return NULL;
}

/* Frees the set. */
static void
idset_free(struct idset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++) {
		free(s->v[i].id);
		free(s->v[i].file);
	}
	free(s->v);
}

/* Reads the post files of dir (or the file dir) into out. */
int
catalog_load(const char *dir, catalog_keep_fn keep, void *arg,
    struct catalog *out, struct diags *d)
{
	struct pathlist l = { NULL, 0, 0 };
	struct idset ids = { NULL, 0, 0 };
	struct stat st;
	size_t i, cap = 0;
	struct post p;
	const char *other;

	memset(out, 0, sizeof(*out));
	if (stat(dir, &st) == -1) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		scan_dir(dir, 0, &l, d);
	else
		pathlist_add(&l, xstrdup(dir));
	qsort(l.v, l.n, sizeof(*l.v), cmp_path);
	shorten_paths(&l);

	for (i = 0; i < l.n; i++) {
		out->files++;
		if (post_load(l.v[i], &p, d) == -1) {
			out->invalid++;
			free(l.v[i]);
			continue;
		}
		if ((other = idset_add(&ids, p.id, p.file)) != NULL) {
			diags_add(d, DIAG_ERROR, p.file, p.id_line,
			    p.id_line ? 3 : 0,
			    "id \"%s\" is already used by %s; every post needs "
			    "its own id", p.id, other);
			out->invalid++;
			post_free(&p);
		} else if (keep == NULL || keep(&p, arg)) {
			if (out->n == cap) {
				cap = cap ? cap * 2 : 64;
				out->v = xreallocarray(out->v, cap,
				    sizeof(*out->v));
			}
			out->v[out->n++] = p;
		} else
			post_free(&p);
		free(l.v[i]);
	}
	free(l.v);
	idset_free(&ids);
	return 0;
}

/* Frees the posts. */
void
catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		post_free(&c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* Month-day match with the February 29 policy. */
bool
catalog_on_day(const struct post *p, struct ymd day, enum leap_day leap)
{
	if (p->month == day.m && p->day == day.d)
		return true;
	if (p->month != 2 || p->day != 29 || date_is_leap(day.y))
		return false;
	switch (leap) {
	case LEAP_FEB28:
		return day.m == 2 && day.d == 28;
	case LEAP_MAR1:
		return day.m == 3 && day.d == 1;
	case LEAP_SKIP:
		break;
	}
	return false;
}

/* Years between the event and day. */
int
catalog_years_ago(const struct post *p, struct ymd day)
{
	if (!p->has_year)
		return -1;
	return day.y - p->year;
}

/* 4, 3, 2, 1 for multiples of 100, 50, 25, 10. */
int
catalog_roundness(int n)
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
	rx = catalog_roundness(x->years_ago);
	ry = catalog_roundness(y->years_ago);
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
catalog_plan(const struct catalog *cat, struct ymd day,
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
		e->years_ago = catalog_years_ago(e->post, day);
		e->slot = -1;
		e->reason = filter_reason(e->post, day, e->years_ago);
		e->eligible = e->reason == NULL;
		if (e->eligible) {
			e->last_sent = last_sent ? last_sent(e->post->id, arg) :
			    0;
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
