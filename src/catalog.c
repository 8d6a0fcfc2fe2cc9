/* catalog: the post files under posts_dir (see catalog.h). */
#include "catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "index.h"
#include "xalloc.h"

#define SCAN_MAX_DEPTH 32

/* True for names (of n bytes) the scan passes over: hidden files, editor
 * leftovers (what fnmatch "*~", "#*#" and "*.swp" match). */
static bool
ignored_name(const char *name, size_t n)
{
	return name[0] == '.' || name[n - 1] == '~' ||
	    (n >= 2 && name[0] == '#' && name[n - 1] == '#') ||
	    (n >= 4 && strcmp(name + n - 4, ".swp") == 0);
}

/* True for a post file name (of n bytes): *.json. */
static bool
is_post_name(const char *name, size_t n)
{
	return n > 5 && memcmp(name + n - 5, ".json", 5) == 0;
}

/*
 * Ids seen during a load, for the uniqueness check: an open-addressing
 * table of 8-byte slots, each a 28-bit fingerprint of the id's hash and the
 * offset (in 8-byte units) of the record that holds the id in the load's
 * log (the new index, or a temporary file). A fingerprint match is checked
 * against the record itself, so the check is exact, and memory stays at
 * about 16 bytes a post however long ids and paths are.
 */
struct idset {
	uint64_t *v;
	size_t cap, n;
};

#define FP_SHIFT 36
#define OFF_MASK ((1ULL << FP_SHIFT) - 1)

/* A folder entry: its name (an offset in the folder's names) and whether
 * it is a folder. */
struct dent {
	uint32_t name;
	bool dir;
};

/* What a load carries as it goes. */
struct load {
	const char *dir;	/* as given */
	size_t dirlen;		/* strlen(dir) + 1: where relative paths start */
	char cwd[4096];		/* paths below it are shown relative to it */
	size_t cwdlen;		/* 0: paths are shown as they are */
	const char *root;	/* canonical: what a link may lead to is
				   inside it (NULL: no link is followed) */
	const char *root_name;	/* "posts_dir", or root, for messages */
	catalog_want_fn want;
	catalog_keep_fn keep;
	void *arg;
	struct catalog *out;
	size_t cap;
	struct diags *d;	/* problems of the files */
	struct diags scan;	/* problems of the scan, shown first */
	int64_t racy_after;	/* files changed since are recorded racy */
	const char *index_path;	/* NULL: no index */
	struct index_reader *old;
	struct index_rec oldrec;	/* the next old record, if have_old */
	bool have_old, old_damaged;
	bool trust;		/* every file so far matches the old index */
	uint64_t trusted_end;	/* end of the old records matched so far */
	struct index_writer *w;	/* once !trust: the new index or a log */
	bool persist;		/* w is a new index to put in place */
	bool broken;		/* the old index could not be copied */
	struct idset ids;
	struct buf other;	/* the path found by idset_find */
	struct catalog_info info;
};

/* FNV-1a with a final mix, so that all bits depend on all bytes. */
static uint64_t
hash_id(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Puts (h, off) in a table known to have room. */
static void
idset_put(struct idset *s, uint64_t h, uint64_t off)
{
	size_t i = (size_t)h & (s->cap - 1);

	while (s->v[i] != 0)
		i = (i + 1) & (s->cap - 1);
	s->v[i] = (h >> FP_SHIFT) << FP_SHIFT | (off >> 3);
	s->n++;
}

/* Adds the record at off to the table when it holds an id. */
static void
idset_add_rec(uint64_t off, const struct index_rec *rec, void *arg)
{
	struct load *l = arg;

	if ((rec->flags & INDEX_VALID) && !(rec->flags & INDEX_DUP))
		idset_put(&l->ids, hash_id(rec->id), off);
}

/* A table with room for n ids (the old one is dropped). */
static void
idset_size(struct idset *s, size_t n)
{
	size_t cap = 1024;

	while (cap / 4 * 3 <= n)
		cap *= 2;
	free(s->v);
	s->v = xcalloc(cap, sizeof(*s->v));
	s->cap = cap;
	s->n = 0;
}

/*
 * The record holding id, whose hash is h: its offset, with its path in
 * l->other; or 0.
 */
static uint64_t
idset_find(struct load *l, const char *id, uint64_t h)
{
	struct idset *s = &l->ids;
	size_t i = (size_t)h & (s->cap - 1);
	struct index_rec rec;
	uint64_t off;

	for (; s->v[i] != 0; i = (i + 1) & (s->cap - 1)) {
		if (s->v[i] >> FP_SHIFT != h >> FP_SHIFT)
			continue;
		off = (s->v[i] & OFF_MASK) << 3;
		if (index_writer_read(l->w, off, &rec) == 0 &&
		    (rec.flags & INDEX_VALID) && strcmp(rec.id, id) == 0) {
			buf_truncate(&l->other, 0);
			buf_adds(&l->other, rec.path);
			return off;
		}
	}
	return 0;
}

/* Adds the id of the record at off, growing the table (rebuilt from the
 * log, so the old table and the new one never coexist). */
static void
idset_add(struct load *l, uint64_t h, uint64_t off)
{
	if (l->ids.n + 1 > l->ids.cap / 4 * 3) {
		idset_size(&l->ids, l->ids.n + 1);
		index_writer_scan(l->w, idset_add_rec, l);
	}
	idset_put(&l->ids, h, off);
}

/*
 * From now on records are written: to a new index when there is an index
 * path whose folder takes files, else to a temporary log. The records that
 * matched the old index so far are copied over, and their ids counted.
 */
static void
stop_trusting(struct load *l)
{
	if (!l->trust)
		return;
	l->trust = false;
	if (l->index_path != NULL &&
	    (l->w = index_writer_new(l->index_path, l->dir)) != NULL)
		l->persist = true;
	else
		l->w = index_writer_new(NULL, l->dir);
	idset_size(&l->ids, l->old != NULL ? (size_t)index_count(l->old) :
	    0);
	if (l->old != NULL && index_writer_copy(l->w, l->old, l->trusted_end,
	    idset_add_rec, l) == -1)
		l->broken = true;
}

/* The old record of the file at rel, if any; records of files that are
 * gone are passed over. Valid until the next call. */
static const struct index_rec *
old_record(struct load *l, const char *rel)
{
	int c, r;

	while (l->old != NULL && !l->old_damaged) {
		if (!l->have_old) {
			if ((r = index_next(l->old, &l->oldrec)) != 1) {
				l->old_damaged = r == -1;
				return NULL;
			}
			l->have_old = true;
		}
		c = strcmp(l->oldrec.path, rel);
		if (c > 0)
			return NULL;
		l->have_old = false;
		if (c == 0)
			return &l->oldrec;
		stop_trusting(l);	/* a file is gone */
	}
	return NULL;
}

/* True when the old index has records not matched yet, or damage. */
static bool
old_left(struct load *l)
{
	int r;

	if (l->old == NULL || l->have_old || l->old_damaged)
		return l->old != NULL;
	if ((r = index_next(l->old, &l->oldrec)) == 1)
		l->have_old = true;
	else
		l->old_damaged = r == -1;
	return r != 0;
}

/* The path of rel as shown: dir/rel, relative to the working folder. */
static char *
shown_rel(const struct load *l, const char *rel)
{
	char *full = xasprintf("%s/%s", l->dir, rel), *p;

	if (l->cwdlen > 0 && strncmp(full, l->cwd, l->cwdlen) == 0 &&
	    full[l->cwdlen] == '/') {
		p = xstrdup(full + l->cwdlen + 1);
		free(full);
		return p;
	}
	return full;
}

/* path as shown: relative to the working folder when below it. */
static const char *
shown_path(const struct load *l, const char *path)
{
	if (l->cwdlen > 0 && strncmp(path, l->cwd, l->cwdlen) == 0 &&
	    path[l->cwdlen] == '/')
		return path + l->cwdlen + 1;
	return path;
}

/* True when path (a link, or the folder or file given) leads inside the
 * load's root. */
static bool
leads_inside(const struct load *l, const char *path)
{
	char *r;
	bool ok;

	if (l->root == NULL || (r = realpath(path, NULL)) == NULL)
		return false;
	ok = file_inside(l->root, r);
	free(r);
	return ok;
}

/* Refuses path, a link (or a path through one) leading outside the root:
 * what it leads to is never read, and never quoted. */
static void
refuse_outside(struct load *l, struct diags *d, const char *path,
    bool folder)
{
	diags_add(d, DIAG_ERROR, shown_path(l, path), 0, 0, "a symbolic "
	    "link to a %s outside %s; refused", folder ? "folder" : "file",
	    l->root_name);
}

/* Reads (or answers from the index) the post file at path. */
static void
load_file(struct load *l, const char *path, const struct stat *st)
{
	const char *shown = shown_path(l, path), *rel = path + l->dirlen;
	const struct index_rec *old;
	struct index_rec cur;
	struct post p;
	bool parsed = false, trusted;
	size_t n0;
	uint64_t off, h = 0;
	char *other = NULL;
	int rc = 0;

	l->out->files++;
	memset(&cur, 0, sizeof(cur));
	cur.path = rel;
	index_rec_identity(&cur, st);
	old = old_record(l, rel);
	trusted = old != NULL && index_same_identity(old, &cur) &&
	    !(old->flags & INDEX_RACY);
	if (trusted && (old->flags & INDEX_VALID) &&
	    !(old->flags & INDEX_NOISY) && l->want != NULL &&
	    !l->want(old->month, old->day, l->arg)) {
		/* the index answers: not wanted, and nothing to say */
		cur = *old;
		cur.flags &= ~INDEX_DUP;
		cur.other = NULL;
	} else {
		n0 = l->d->n;
		rc = post_load(shown, &p, l->d);
		parsed = rc == 0;
		l->info.read++;
		cur.flags = rc == 0 ? INDEX_VALID : 0;
		if (rc == -1 || l->d->n != n0)
			cur.flags |= INDEX_NOISY;
		if (cur.mtime_ns >= l->racy_after ||
		    cur.ctime_ns >= l->racy_after)
			cur.flags |= INDEX_RACY;
		if (rc == 0) {
			cur.month = p.month;
			cur.day = p.day;
			cur.id = p.id;
			cur.id_line = p.id_line;
		}
	}
	if (l->trust) {
		if (old != NULL) {
			cur.flags |= old->flags & INDEX_DUP;
			cur.other = old->other;
		}
		if (old != NULL && index_rec_equal(old, &cur))
			l->trusted_end = index_tell(l->old);
		else {
			cur.flags &= ~INDEX_DUP;
			cur.other = NULL;
			stop_trusting(l);
		}
	}
	if (!l->trust && (cur.flags & INDEX_VALID)) {
		h = hash_id(cur.id);
		if (idset_find(l, cur.id, h) != 0) {
			cur.flags |= INDEX_DUP;
			cur.other = buf_str(&l->other);
		}
	}
	if (cur.flags & INDEX_DUP)
		other = shown_rel(l, cur.other);
	if (!l->trust) {
		off = index_writer_add(l->w, &cur);
		if ((cur.flags & INDEX_VALID) && !(cur.flags & INDEX_DUP))
			idset_add(l, h, off);
	}

	if (rc == -1)
		l->out->invalid++;
	else if (cur.flags & INDEX_DUP) {
		diags_add(l->d, DIAG_ERROR, shown, cur.id_line,
		    cur.id_line ? 3 : 0,
		    "id \"%s\" is already used by %s; every post needs "
		    "its own id", cur.id, other);
		l->out->invalid++;
		if (parsed)
			post_free(&p);
	} else if (parsed && (l->keep == NULL || l->keep(&p, l->arg))) {
		if (l->out->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->out->v = xreallocarray(l->out->v, l->cap,
			    sizeof(*l->out->v));
		}
		l->out->v[l->out->n++] = p;
	} else if (parsed)
		post_free(&p);
	free(other);
}

/* Orders folder entries as the paths they lead to: a folder's name
 * compares as if followed by '/'. */
static int
cmp_dent(const void *a, const void *b, void *arg)
{
	const struct dent *x = a, *y = b;
	const unsigned char *s = (const unsigned char *)arg + x->name;
	const unsigned char *t = (const unsigned char *)arg + y->name;
	int cs, ct;

	while (*s != '\0' && *s == *t) {
		s++;
		t++;
	}
	cs = *s != '\0' ? *s : x->dir ? '/' : 0;
	ct = *t != '\0' ? *t : y->dir ? '/' : 0;
	return cs - ct;
}

/*
 * The symbolic link name (at path) in the folder open as dfd: a post file
 * when it leads to a regular file inside the root. One leading outside is
 * refused unread, be it to a file or a folder (links to folders are never
 * followed: those inside are passed over, as are links not named *.json
 * that lead to files).
 */
static void
scan_link(struct load *l, int dfd, const char *name, const char *path)
{
	struct stat st;
	bool post = is_post_name(name, strlen(name)), ok;

	ok = fstatat(dfd, name, &st, 0) == 0;
	if (ok && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) &&
	    (post || S_ISDIR(st.st_mode)) && !leads_inside(l, path))
		refuse_outside(l, &l->scan, path, S_ISDIR(st.st_mode));
	else if (!post)
		return;
	else if (!ok || !S_ISREG(st.st_mode))
		diags_add(&l->scan, DIAG_ERROR, shown_path(l, path), 0, 0,
		    "a link that does not lead to a file is not read");
	else
		load_file(l, path, &st);
}

/* Visits the post files below dir in path order. */
static void
scan_dir(struct load *l, const char *dir, int depth)
{
	DIR *dp;
	struct dirent *de;
	struct stat st;
	struct buf names = BUF_INIT, pb = BUF_INIT;
	struct dent *v = NULL;
	size_t n = 0, cap = 0, i, base, len;
	const char *name;
	char *path;
	bool isdir, islink;
	int dfd, err;

	if (depth > SCAN_MAX_DEPTH) {
		diags_add(&l->scan, DIAG_ERROR, dir, 0, 0,
		    "folders nested deeper than %d levels are not read",
		    SCAN_MAX_DEPTH);
		return;
	}
	if ((dp = opendir(dir)) == NULL) {
		diags_add(&l->scan, DIAG_ERROR, dir, 0, 0,
		    "cannot read this folder: %s", strerror(errno));
		return;
	}
	dfd = dirfd(dp);
	/* The folder's entries first, sorted; then each in turn. */
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (ignored_name(de->d_name, len))
			continue;
		isdir = de->d_type == DT_DIR;
		islink = de->d_type == DT_LNK;
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dfd, de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1) {
				err = errno;
				path = xasprintf("%s/%s", dir, de->d_name);
				diags_add(&l->scan, DIAG_ERROR,
				    shown_path(l, path), 0, 0,
				    "cannot read: %s", strerror(err));
				free(path);
				continue;
			}
			isdir = S_ISDIR(st.st_mode);
			islink = S_ISLNK(st.st_mode);
		}
		/* links of any name: one to a folder outside is said */
		if (!isdir && !islink && !is_post_name(de->d_name, len))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].name = (uint32_t)names.len;
		v[n++].dir = isdir;
		buf_add(&names, de->d_name, len + 1);
	}
	if (n > 0)
		qsort_r(v, n, sizeof(*v), cmp_dent, names.s);
	buf_adds(&pb, dir);
	buf_addc(&pb, '/');
	base = pb.len;
	for (i = 0; i < n; i++) {
		name = names.s + v[i].name;
		buf_truncate(&pb, base);
		buf_adds(&pb, name);
		path = pb.s;
		if (v[i].dir)
			scan_dir(l, path, depth + 1);
		else if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			diags_add(&l->scan, DIAG_ERROR, shown_path(l, path), 0,
			    0, "cannot read: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			scan_dir(l, path, depth + 1);
		else if (S_ISLNK(st.st_mode))
			scan_link(l, dfd, name, path);
		else if (is_post_name(name, strlen(name)))
			load_file(l, path, &st);
	}
	closedir(dp);
	free(v);
	buf_free(&names);
	buf_free(&pb);
}

/* One load; false when the old index failed half-way (start again
 * without it). */
static bool
load(struct load *l, const struct stat *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	l->racy_after = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec -
	    index_racy_ns;
	if (getcwd(l->cwd, sizeof(l->cwd)) != NULL && strcmp(l->cwd, "/") != 0)
		l->cwdlen = strlen(l->cwd);
	l->trust = true;
	if (!S_ISDIR(st->st_mode))
		l->index_path = NULL;	/* one file: no index */
	if (l->index_path != NULL)
		l->old = index_open(l->index_path, l->dir);
	if (l->old != NULL)
		l->trusted_end = index_tell(l->old);
	else
		stop_trusting(l);
	if (S_ISDIR(st->st_mode)) {
		l->dirlen = strlen(l->dir) + 1;
		scan_dir(l, l->dir, 0);
	} else
		load_file(l, l->dir, st);
	if (l->trust && old_left(l))
		stop_trusting(l);	/* files at the end are gone */
	if (l->broken)
		return false;
	if (l->old == NULL)
		l->info.index = l->persist ? CATALOG_INDEX_BUILT :
		    CATALOG_INDEX_OFF;
	else if (l->trust)
		l->info.index = CATALOG_INDEX_FRESH;
	else
		l->info.index = CATALOG_INDEX_UPDATED;
	if (l->w != NULL && l->persist && index_writer_commit(l->w) == -1)
		l->info.index = CATALOG_INDEX_UNWRITABLE;
	else if (l->w != NULL && !l->persist) {
		if (l->index_path != NULL)
			l->info.index = CATALOG_INDEX_UNWRITABLE;
		index_writer_abort(l->w);
	}
	l->w = NULL;
	return true;
}

/* Frees what a load holds (not its catalog). */
static void
load_free(struct load *l)
{
	index_writer_abort(l->w);
	index_close(l->old);
	free(l->ids.v);
	buf_free(&l->other);
	diags_free(&l->scan);
}

/*
 * The canonical folder that what a link under dir leads to must be in:
 * within's, when dir is within or lies in it (by where it is named, or by
 * where it leads); else dir's own (dir when a folder, the folder holding
 * it when a file). *name: how messages call it ("posts_dir", else NULL:
 * by the path returned). NULL when nothing can be resolved.
 */
static char *
find_root(const char *dir, const struct stat *st, const char *within,
    const char **name)
{
	char *a, *r = realpath(dir, NULL), *p, *slash, *parent = NULL;
	size_t n = strlen(dir);

	/* the folder holding dir as named, when its last name is a name */
	while (n > 1 && dir[n - 1] == '/')
		n--;
	p = xstrndup(dir, n);
	slash = strrchr(p, '/');
	if (strcmp(slash ? slash + 1 : p, ".") != 0 &&
	    strcmp(slash ? slash + 1 : p, "..") != 0) {
		if (slash == p)
			slash++;	/* "/x": the folder is "/" */
		if (slash != NULL)
			*slash = '\0';
		parent = realpath(slash != NULL ? p : ".", NULL);
	}
	free(p);
	*name = NULL;
	if (within != NULL && (a = realpath(within, NULL)) != NULL) {
		if ((r != NULL && file_inside(a, r)) ||
		    (parent != NULL && file_inside(a, parent))) {
			*name = "posts_dir";
			free(r);
			free(parent);
			return a;
		}
		free(a);
	}
	if (S_ISDIR(st->st_mode)) {
		free(parent);
		return r;
	}
	free(r);
	return parent;
}

/* Reads the post files of dir, answering from the index where it can;
 * links may lead anywhere in within (see find_root). */
static int
load_within(const char *dir, const char *within, const char *index,
    catalog_want_fn want, catalog_keep_fn keep, void *arg,
    struct catalog *out, struct diags *d, struct catalog_info *info)
{
	struct diags mine = DIAGS_INIT, before;
	struct load l;
	struct stat st, lst;
	const char *root_name;
	char *root, *r;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (stat(dir, &st) == -1) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	if (within == dir && !S_ISDIR(st.st_mode))
		within = NULL;	/* one file: links stay in its folder */
	root = find_root(dir, &st, within, &root_name);
	if (root_name == NULL)
		root_name = root != NULL ? root : "the folder read";
	/* dir itself: a link inside posts_dir that leads out of it */
	r = realpath(dir, NULL);
	if ((r != NULL && root != NULL) ? !file_inside(root, r) :
	    (lstat(dir, &lst) == 0 && S_ISLNK(lst.st_mode))) {
		diags_add(d, DIAG_ERROR, dir, 0, 0, "a symbolic link to a %s "
		    "outside %s; refused", S_ISDIR(st.st_mode) ? "folder" :
		    "file", root_name);
		free(r);
		free(root);
		return 0;
	}
	free(r);
	/* The scan's problems go before those of the files, whenever the
	 * scan meets them: the files' go to a list of their own (keep
	 * callbacks that add to d add to it too), put together at the end. */
	before = *d;
	*d = mine;
	for (;;) {
		memset(&l, 0, sizeof(l));
		l.dir = dir;
		l.want = want;
		l.keep = keep;
		l.arg = arg;
		l.out = out;
		l.d = d;
		l.index_path = index;
		l.root = root;
		l.root_name = root_name;
		ok = load(&l, &st);
		if (ok || index == NULL)
			break;
		/* The old index failed half-way: again, without it. */
		load_free(&l);
		catalog_free(out);
		diags_free(d);
		index = NULL;
	}
	mine = *d;
	*d = before;
	diags_move(d, &l.scan);
	diags_move(d, &mine);
	if (info != NULL)
		*info = l.info;
	load_free(&l);
	free(root);
	return 0;
}

/* Reads the post files of dir (posts_dir), answering from the index. */
int
catalog_load_indexed(const char *dir, const char *index,
    catalog_want_fn want, catalog_keep_fn keep, void *arg,
    struct catalog *out, struct diags *d, struct catalog_info *info)
{
	return load_within(dir, dir, index, want, keep, arg, out, d, info);
}

/* Reads the post files of dir (or the file dir) into out. */
int
catalog_load(const char *dir, const char *posts_dir, catalog_keep_fn keep,
    void *arg, struct catalog *out, struct diags *d)
{
	return load_within(dir, posts_dir != NULL ? posts_dir : dir, NULL,
	    NULL, keep, arg, out, d, NULL);
}

/* A word for a debug line. */
const char *
catalog_index_word(enum catalog_index i)
{
	switch (i) {
	case CATALOG_INDEX_OFF:
		return "off";
	case CATALOG_INDEX_FRESH:
		return "fresh";
	case CATALOG_INDEX_UPDATED:
		return "updated";
	case CATALOG_INDEX_BUILT:
		return "built";
	case CATALOG_INDEX_UNWRITABLE:
		break;
	}
	return "unwritable";
}

/* The day catalog_load_day keeps. */
struct load_day {
	const struct ymd *day;
	enum leap_day leap;
};

/* Whether a post of month/day can be an anniversary of the day. */
static bool
want_day(int month, int day, void *arg)
{
	const struct load_day *w = arg;
	struct post p;

	memset(&p, 0, sizeof(p));
	p.month = month;
	p.day = day;
	return catalog_on_day(&p, *w->day, w->leap);
}

/* Keeps the posts of the day. */
static bool
keep_day(const struct post *p, void *arg)
{
	const struct load_day *w = arg;

	return catalog_on_day(p, *w->day, w->leap);
}

/* posts_dir of c through the index, keeping day's posts (or all). */
int
catalog_load_day(const struct config *c, const struct ymd *day,
    struct catalog *out, struct diags *d, struct catalog_info *info)
{
	struct load_day w = { day, c->leap_day };
	char *index = index_path(c->state_dir);
	int rc;

	rc = catalog_load_indexed(c->posts_dir, index,
	    day != NULL ? want_day : NULL, day != NULL ? keep_day : NULL, &w,
	    out, d, info);
	free(index);
	return rc;
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
