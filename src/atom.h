/*
 * atom: the whole Atom 1.0 feed file (RFC 4287) of the latest published
 * anniversaries, written atomically: a temporary file in the same folder,
 * fsync, rename over the old one, fsync of the folder.
 */
#ifndef ALMANAC_ATOM_H
#define ALMANAC_ATOM_H

#include <stddef.h>

#include "config.h"
#include "ledger.h"

/*
 * Writes pc->path with the feed's title and link from pc, <updated> from now
 * (Unix time), and one <entry> per row (newest first as given; each row's
 * remote_id is the entry id, title/text/link its content, published_at its
 * <updated>). The file is mode 0644 (a feed is public). Returns 0, or -1
 * with *err (allocated) naming the file; the old file is then untouched.
 */
int atom_write(const struct platform_conf *pc, const struct ledger_row *rows,
    size_t n, long long now, char **err);

#endif
