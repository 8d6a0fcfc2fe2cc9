/* index: the cache of what each post file holds (see index.h). */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "xalloc.h"

#ifndef ALMANAC_VERSION
#define ALMANAC_VERSION "0"
#endif

/*
 * The file: a header, then records, each a multiple of 8 bytes, in native
 * byte order (the file never leaves the machine that wrote it).
 *
 * header: "almanac-index\n\0\0" (16 bytes), u32 format, u32 byte-order
 *   mark, u64 record count, u64 size and i64 modification time of the
 *   program that wrote it, u32 lengths of the version and of posts_dir,
 *   then both strings, zero-padded to 8.
 * record: u32 length (padded), u32 checksum (FNV-1a of the bytes from the
 *   device number to the last string byte), u64 device, inode, size, i64
 *   mtime and ctime in ns, u8 flags, month, day, 0, u32 id line, u32
 *   lengths of path, id and other, then the three strings (no NULs),
 *   zero-padded to 8. An id of length 0 is the default one: the path's
 *   base name without ".json".
 */
#define MAGIC		"almanac-index\n\0\0"
#define MAGIC_LEN	16
#define FORMAT		1u
#define BOM		0x01020304u
#define HDR_FIXED	(MAGIC_LEN + 4 + 4 + 8 + 8 + 8 + 4 + 4)
#define COUNT_OFF	(MAGIC_LEN + 8)
#define REC_FIXED	68
#define REC_MAX		(256 * 1024)
#define RBUF_SIZE	(64 * 1024)

int64_t index_racy_ns = INDEX_RACY_NS;

struct index_reader {
	int fd;
	uint64_t count;
	uint64_t hdr_end;	/* offset of the first record */
	char *buf;		/* read buffer */
	size_t cap, len, pos;	/* buf holds file bytes [boff, boff + len) */
	uint64_t boff;
	bool bad;		/* a damaged record was met */
	bool damaged;		/* ... and not reported yet */
	struct buf str;		/* the strings of the last record */
};

struct index_writer {
	char *path;		/* where commit puts it; NULL for a log */
	char *tmp;		/* the temporary file's name */
	int fd;			/* -1: records kept in mem */
	struct buf mem;
	char *wbuf;		/* pending bytes of [wstart, end) */
	size_t wlen;
	uint64_t end;		/* offset after the last record */
	uint64_t count;
	uint64_t hdr_end;
	bool failed;		/* a write failed: never commit */
	char *rbuf;		/* index_writer_read's record */
	size_t rcap;
	struct buf str;
};

/* FNV-1a, 32 bits. */
static uint32_t
fnv32(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Nanoseconds of a timespec. */
static int64_t
ns(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The identity of the file. */
void
index_rec_identity(struct index_rec *r, const struct stat *st)
{
	r->dev = (uint64_t)st->st_dev;
	r->ino = (uint64_t)st->st_ino;
	r->size = (uint64_t)st->st_size;
	r->mtime_ns = ns(st->st_mtim);
	r->ctime_ns = ns(st->st_ctim);
}

/* Same device, inode, size and times. */
bool
index_same_identity(const struct index_rec *a, const struct index_rec *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Equal strings, NULL equal only to NULL. */
static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Records that say the same. */
bool
index_rec_equal(const struct index_rec *a, const struct index_rec *b)
{
	if (!same_str(a->path, b->path) || !index_same_identity(a, b) ||
	    a->flags != b->flags)
		return false;
	if ((a->flags & INDEX_VALID) && (a->month != b->month ||
	    a->day != b->day || a->id_line != b->id_line ||
	    !same_str(a->id, b->id)))
		return false;
	return !(a->flags & INDEX_DUP) || same_str(a->other, b->other);
}

/* state_dir/INDEX_FILE, unless the index is off. */
char *
index_path(const char *state_dir)
{
	const char *e = getenv("ALMANAC_NO_INDEX");

	if (state_dir == NULL || (e != NULL && *e != '\0' &&
	    strcmp(e, "0") != 0))
		return NULL;
	return xasprintf("%s/%s", state_dir, INDEX_FILE);
}

/* The running program's size and modification time, so that a rebuilt
 * program (whose post rules may differ) never trusts an older index. */
static void
program_identity(uint64_t *size, int64_t *mtime)
{
	struct stat st;

	if (stat("/proc/self/exe", &st) == -1) {
		*size = 0;
		*mtime = 0;
		return;
	}
	*size = (uint64_t)st.st_size;
	*mtime = ns(st.st_mtim);
}

/* Bytes needed to pad n to a multiple of 8. */
static size_t
pad8(size_t n)
{
	return (8 - (n & 7)) & 7;
}

/* The header for posts folder dir into b. */
static void
header(struct buf *b, const char *dir)
{
	uint32_t u32;
	uint64_t u64;
	int64_t i64;
	static const char zeros[8];

	buf_add(b, MAGIC, MAGIC_LEN);
	u32 = FORMAT;
	buf_add(b, (char *)&u32, 4);
	u32 = BOM;
	buf_add(b, (char *)&u32, 4);
	u64 = 0;
	buf_add(b, (char *)&u64, 8);
	program_identity(&u64, &i64);
	buf_add(b, (char *)&u64, 8);
	buf_add(b, (char *)&i64, 8);
	u32 = (uint32_t)strlen(ALMANAC_VERSION);
	buf_add(b, (char *)&u32, 4);
	u32 = (uint32_t)strlen(dir);
	buf_add(b, (char *)&u32, 4);
	buf_adds(b, ALMANAC_VERSION);
	buf_adds(b, dir);
	buf_add(b, zeros, pad8(b->len));
}

/* Reads exactly n bytes at off; 0, or -1 (short file or error). */
static int
pread_all(int fd, void *p, size_t n, uint64_t off)
{
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		r = pread(fd, (char *)p + got, n - got, (off_t)(off + got));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* Opens an index for dir; NULL when it cannot be used. */
struct index_reader *
index_open(const char *path, const char *dir)
{
	struct index_reader *r;
	struct buf want = BUF_INIT;
	struct stat st;
	enum file_status fs;
	char *have;
	int fd, err;

	/* (a FIFO in its place must not block the run) */
	if ((fd = file_open_regular(path, &st, &fs, &err)) == -1)
		return NULL;
	/* The header is a pure function of the program and dir: compare. */
	header(&want, dir);
	have = xmalloc(want.len);
	if (pread_all(fd, have, want.len, 0) == -1 ||
	    memcmp(have, want.s, COUNT_OFF) != 0 ||
	    memcmp(have + COUNT_OFF + 8, want.s + COUNT_OFF + 8,
	    want.len - COUNT_OFF - 8) != 0) {
		free(have);
		buf_free(&want);
		close(fd);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	memcpy(&r->count, have + COUNT_OFF, 8);
	r->hdr_end = r->boff = want.len;
	r->cap = RBUF_SIZE;
	r->buf = xmalloc(r->cap);
	free(have);
	buf_free(&want);
	return r;
}

/* The header's count. */
uint64_t
index_count(const struct index_reader *r)
{
	return r->count;
}

/* Offset of the next record. */
uint64_t
index_tell(const struct index_reader *r)
{
	return r->boff + r->pos;
}

/* Makes n bytes available at r->buf + r->pos; false at the end. */
static bool
fill(struct index_reader *r, size_t n)
{
	ssize_t got;

	if (r->len - r->pos >= n)
		return true;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->boff += r->pos;
	r->len -= r->pos;
	r->pos = 0;
	if (n > r->cap) {
		r->cap = n;
		r->buf = xrealloc(r->buf, r->cap);
	}
	while (r->len < n) {
		got = pread(r->fd, r->buf + r->len, r->cap - r->len,
		    (off_t)(r->boff + r->len));
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		r->len += (size_t)got;
	}
	return true;
}

/* Adds the default id of path[0..len): its base name without ".json". */
static void
default_id(struct buf *b, const char *path, size_t len)
{
	const char *base = memrchr(path, '/', len);
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = len - (size_t)(base - path);
	if (n > 5 && memcmp(base + n - 5, ".json", 5) == 0)
		n -= 5;
	buf_add(b, base, n);
}

/*
 * Decodes the record of len bytes at p into *out, its strings in str.
 * Returns 0, or -1 when it is damaged.
 */
static int
decode(const char *p, size_t len, struct index_rec *out, struct buf *str)
{
	uint32_t sum, pl, il, ol, line;
	unsigned char f[4];
	size_t body, ipos, opos;

	if (len < REC_FIXED || len > REC_MAX || (len & 7) != 0)
		return -1;
	memcpy(&sum, p + 4, 4);
	memcpy(&pl, p + 56, 4);
	memcpy(&il, p + 60, 4);
	memcpy(&ol, p + 64, 4);
	if (pl == 0 || pl > REC_MAX || il > REC_MAX || ol > REC_MAX)
		return -1;
	body = REC_FIXED + (size_t)pl + il + ol;
	if (body > len || body + pad8(body) != len ||
	    fnv32((const unsigned char *)p + 8, body - 8) != sum)
		return -1;
	memcpy(&out->dev, p + 8, 8);
	memcpy(&out->ino, p + 16, 8);
	memcpy(&out->size, p + 24, 8);
	memcpy(&out->mtime_ns, p + 32, 8);
	memcpy(&out->ctime_ns, p + 40, 8);
	memcpy(f, p + 48, 4);
	memcpy(&line, p + 52, 4);
	out->flags = f[0];
	out->month = f[1];
	out->day = f[2];
	out->id_line = (int)line;
	if ((out->flags & INDEX_VALID) && (out->month < 1 ||
	    out->month > 12 || out->day < 1 || out->day > 31))
		return -1;
	buf_truncate(str, 0);
	buf_add(str, p + REC_FIXED, pl);
	buf_addc(str, '\0');
	ipos = str->len;
	if (il > 0)
		buf_add(str, p + REC_FIXED + pl, il);
	else
		default_id(str, p + REC_FIXED, pl);
	buf_addc(str, '\0');
	opos = str->len;
	buf_add(str, p + REC_FIXED + pl + il, ol);
	if (memchr(str->s, '\0', str->len) != str->s + ipos - 1 ||
	    memchr(str->s + ipos, '\0', opos - ipos) != str->s + opos - 1 ||
	    memchr(str->s + opos, '\0', str->len - opos) != NULL)
		return -1;
	out->path = str->s;
	out->id = (out->flags & INDEX_VALID) ? str->s + ipos : NULL;
	out->other = (out->flags & INDEX_DUP) ? str->s + opos : NULL;
	return 0;
}

/* The bytes of the next record (*p, *len), consumed; false at the end or
 * at a damaged length. */
static bool
next_raw(struct index_reader *r, const char **p, uint32_t *len)
{
	if (r->bad || !fill(r, 8))
		return false;
	memcpy(len, r->buf + r->pos, 4);
	if (*len < REC_FIXED || *len > REC_MAX || !fill(r, *len)) {
		r->bad = true;
		r->damaged = true;
		return false;
	}
	*p = r->buf + r->pos;
	r->pos += *len;
	return true;
}

/* The next record. */
int
index_next(struct index_reader *r, struct index_rec *out)
{
	const char *p;
	uint32_t len;

	if (!next_raw(r, &p, &len)) {
		if (r->damaged) {
			r->damaged = false;
			return -1;
		}
		return 0;
	}
	if (decode(p, len, out, &r->str) == -1) {
		r->bad = true;
		return -1;
	}
	return 1;
}

/* Closes the reader. */
void
index_close(struct index_reader *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->buf);
	buf_free(&r->str);
	free(r);
}

/* Writes n bytes past the pending ones, unbuffered. */
static void
wraw(struct index_writer *w, const char *p, size_t n)
{
	ssize_t k;

	if (w->fd == -1) {
		buf_add(&w->mem, p, n);
		return;
	}
	while (n > 0) {
		k = write(w->fd, p, n);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->failed = true;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

/* Writes out the pending bytes. */
static void
wflush(struct index_writer *w)
{
	size_t n = w->wlen;

	w->wlen = 0;
	wraw(w, w->wbuf, n);
}

/* Appends n bytes. */
static void
wadd(struct index_writer *w, const void *p, size_t n)
{
	if (w->wlen + n > RBUF_SIZE)
		wflush(w);
	if (n > RBUF_SIZE)
		wraw(w, p, n);
	else {
		memcpy(w->wbuf + w->wlen, p, n);
		w->wlen += n;
	}
	w->end += n;
}

/* A new index (or a log when path is NULL). */
struct index_writer *
index_writer_new(const char *path, const char *dir)
{
	struct index_writer *w;
	struct buf h = BUF_INIT;
	FILE *f;
	int fd = -1;
	char *tmp = NULL;

	if (path != NULL) {
		tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
		fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd == -1) {
			free(tmp);
			return NULL;
		}
	} else if ((f = tmpfile()) != NULL) {
		fd = dup(fileno(f));
		fclose(f);
		if (fd != -1)
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	w->tmp = tmp;
	w->fd = fd;
	w->wbuf = xmalloc(RBUF_SIZE);
	header(&h, dir);
	wadd(w, h.s, h.len);
	w->hdr_end = h.len;
	buf_free(&h);
	return w;
}

/* Appends a record. */
uint64_t
index_writer_add(struct index_writer *w, const struct index_rec *rec)
{
	static const char zeros[8];
	char fixed[REC_FIXED];
	uint32_t len, sum, pl, il, ol, line;
	unsigned char f[4];
	struct buf def = BUF_INIT;
	const char *id = "";
	uint64_t off = w->end;
	size_t body;

	pl = (uint32_t)strlen(rec->path);
	il = 0;
	if ((rec->flags & INDEX_VALID) && rec->id != NULL) {
		default_id(&def, rec->path, strlen(rec->path));
		if (strcmp(buf_str(&def), rec->id) != 0) {
			id = rec->id;
			il = (uint32_t)strlen(id);
		}
		buf_free(&def);
	}
	ol = (rec->flags & INDEX_DUP) && rec->other != NULL ?
	    (uint32_t)strlen(rec->other) : 0;
	body = REC_FIXED + (size_t)pl + il + ol;
	len = (uint32_t)(body + pad8(body));
	memcpy(fixed, &len, 4);
	memcpy(fixed + 8, &rec->dev, 8);
	memcpy(fixed + 16, &rec->ino, 8);
	memcpy(fixed + 24, &rec->size, 8);
	memcpy(fixed + 32, &rec->mtime_ns, 8);
	memcpy(fixed + 40, &rec->ctime_ns, 8);
	f[0] = (unsigned char)rec->flags;
	f[1] = (rec->flags & INDEX_VALID) ? (unsigned char)rec->month : 0;
	f[2] = (rec->flags & INDEX_VALID) ? (unsigned char)rec->day : 0;
	f[3] = 0;
	memcpy(fixed + 48, f, 4);
	line = (rec->flags & INDEX_VALID) && rec->id_line > 0 ?
	    (uint32_t)rec->id_line : 0;
	memcpy(fixed + 52, &line, 4);
	memcpy(fixed + 56, &pl, 4);
	memcpy(fixed + 60, &il, 4);
	memcpy(fixed + 64, &ol, 4);
	/* The checksum runs over the fixed part after it and the strings. */
	sum = fnv32((const unsigned char *)fixed + 8, REC_FIXED - 8);
	{
		uint32_t h = sum;
		const unsigned char *s;
		size_t i;

		s = (const unsigned char *)rec->path;
		for (i = 0; i < pl; i++)
			h = (h ^ s[i]) * 16777619u;
		s = (const unsigned char *)id;
		for (i = 0; i < il; i++)
			h = (h ^ s[i]) * 16777619u;
		s = (const unsigned char *)(ol ? rec->other : "");
		for (i = 0; i < ol; i++)
			h = (h ^ s[i]) * 16777619u;
		sum = h;
	}
	memcpy(fixed + 4, &sum, 4);
	wadd(w, fixed, REC_FIXED);
	wadd(w, rec->path, pl);
	wadd(w, id, il);
	if (ol > 0)
		wadd(w, rec->other, ol);
	wadd(w, zeros, pad8(body));
	w->count++;
	return off;
}

/* Reads n bytes at off of what w holds. */
static int
wread(struct index_writer *w, uint64_t off, void *p, size_t n)
{
	if (off + n > w->end)
		return -1;
	if (w->wlen > 0)
		wflush(w);
	if (w->fd == -1) {
		memcpy(p, w->mem.s + off, n);
		return 0;
	}
	return pread_all(w->fd, p, n, off);
}

/* Every record so far. */
int
index_writer_scan(struct index_writer *w, void (*fn)(uint64_t off,
    const struct index_rec *rec, void *arg), void *arg)
{
	struct index_reader c;
	struct index_rec rec;
	const char *p;
	uint64_t off;
	uint32_t len;
	int rc = 0;

	if (w->wlen > 0)
		wflush(w);
	if (w->fd == -1) {
		for (off = w->hdr_end; off < w->end; off += len) {
			memcpy(&len, w->mem.s + off, 4);
			if (len < REC_FIXED || len > REC_MAX ||
			    off + len > w->end || decode(w->mem.s + off, len,
			    &rec, &w->str) == -1)
				return -1;
			fn(off, &rec, arg);
		}
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.fd = w->fd;
	c.hdr_end = c.boff = w->hdr_end;
	c.cap = RBUF_SIZE;
	c.buf = xmalloc(c.cap);
	while ((off = index_tell(&c)) < w->end) {
		if (!next_raw(&c, &p, &len) || decode(p, len, &rec,
		    &c.str) == -1) {
			rc = -1;
			break;
		}
		fn(off, &rec, arg);
	}
	free(c.buf);
	buf_free(&c.str);
	return rc;
}

/* Reads back the record at off. */
int
index_writer_read(struct index_writer *w, uint64_t off,
    struct index_rec *out)
{
	uint32_t len;

	if (wread(w, off, &len, 4) == -1 || len < REC_FIXED ||
	    len > REC_MAX)
		return -1;
	if (len > w->rcap) {
		w->rcap = len;
		w->rbuf = xrealloc(w->rbuf, w->rcap);
	}
	if (wread(w, off, w->rbuf, len) == -1)
		return -1;
	return decode(w->rbuf, len, out, &w->str);
}

/* Copies r's records up to end into the empty writer w. */
int
index_writer_copy(struct index_writer *w, struct index_reader *r,
    uint64_t end, void (*fn)(uint64_t off, const struct index_rec *rec,
    void *arg), void *arg)
{
	struct index_reader c;
	struct index_rec rec;
	const char *p;
	uint64_t off;
	uint32_t len;
	int rc = 0;

	if (w->end != w->hdr_end || w->hdr_end != r->hdr_end) {
		w->failed = true;
		return -1;
	}
	/* A second cursor on the same file, from the first record. */
	memset(&c, 0, sizeof(c));
	c.fd = r->fd;
	c.hdr_end = c.boff = r->hdr_end;
	c.cap = RBUF_SIZE;
	c.buf = xmalloc(c.cap);
	while ((off = index_tell(&c)) < end) {
		if (!next_raw(&c, &p, &len) || off + len > end ||
		    decode(p, len, &rec, &c.str) == -1) {
			rc = -1;
			break;
		}
		wadd(w, p, len);
		w->count++;
		if (fn != NULL)
			fn(off, &rec, arg);
	}
	free(c.buf);
	buf_free(&c.str);
	if (rc == -1)
		w->failed = true;
	return rc;
}

/* Frees the writer's memory (not its file). */
static void
writer_free(struct index_writer *w)
{
	if (w->fd != -1)
		close(w->fd);
	buf_free(&w->mem);
	buf_free(&w->str);
	free(w->wbuf);
	free(w->rbuf);
	free(w->path);
	free(w->tmp);
	free(w);
}

/* Puts the index in place. */
int
index_writer_commit(struct index_writer *w)
{
	int rc = -1;

	if (w->path == NULL || w->fd == -1) {
		index_writer_abort(w);
		return -1;
	}
	wflush(w);
	if (!w->failed && pwrite(w->fd, &w->count, 8, COUNT_OFF) == 8 &&
	    close(w->fd) == 0) {
		w->fd = -1;
		if (rename(w->tmp, w->path) == 0)
			rc = 0;
	}
	if (rc == -1)
		unlink(w->tmp);
	writer_free(w);
	return rc;
}

/* Drops the writer. */
void
index_writer_abort(struct index_writer *w)
{
	if (w == NULL)
		return;
	if (w->tmp != NULL)
		unlink(w->tmp);
	writer_free(w);
}
