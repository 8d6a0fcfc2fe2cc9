/*
 * diag: a list of diagnostics (errors and warnings) about files.
 *
 * Library code never prints: it appends diagnostics here and returns an
 * error code; main and the log module decide how to show them. Each entry
 * names a file and, where known, a 1-based line and column (0 = unknown).
 * The list owns all its strings; diags_free releases them.
 */
#ifndef ALMANAC_DIAG_H
#define ALMANAC_DIAG_H

#include <stddef.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity sev;
	char *file;	/* may be NULL: the diagnostic is not about a file */
	int line;	/* 1-based, 0 = unknown */
	int col;	/* 1-based, 0 = unknown */
	char *msg;	/* one plain sentence, no trailing newline */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0 }

void diags_add(struct diags *d, enum diag_severity sev, const char *file,
    int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Move every entry of src to the end of dst; src is left empty. */
void diags_move(struct diags *dst, struct diags *src);
/* "file:line:col: msg" ("file:line: msg" when col is 0, "file: msg" when
 * line is 0, "msg" without a file), with "warning: " before msg for warnings.
 * The caller frees the result. */
char *diag_format(const struct diag *d);
void diags_free(struct diags *d);

#endif
