/*
 * log: every line almanac prints about what it did, on stderr.
 *
 * Text for a terminal ("almanac: ..."), with the syslog priority prefix
 * ("<3>", "<4>", "<6>") when stderr is the journal (JOURNAL_STREAM names
 * stderr's device and inode), or one JSON object per line with
 * --log-format json (under the journal those lines carry the prefix too,
 * which journald strips, so each entry is plain JSON filed at its
 * priority). Lines go to stderr only, never to journald's native
 * protocol: a pair's fields (log_pair) reach the journal inside the JSON
 * line. This module and main are the only ones that print.
 */
#ifndef ALMANAC_LOG_H
#define ALMANAC_LOG_H

#include <stdarg.h>

#include "diag.h"

enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

/* syslog priorities */
enum log_level { LOG_ERROR = 3, LOG_WARNING = 4, LOG_NOTICE = 5,
	LOG_INFO = 6, LOG_DEBUG = 7 };

/* verbosity: -1 quiet (errors only), 0 normal (up to info: one line per
 * pair and outcome), 1 or more: debug too. */
void log_init(enum log_format format, int verbosity);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The facts of one (post, platform) pair's line, for logs a machine reads:
 * a JSON line carries each one that is set as a member of its own ("day",
 * "post", "platform", "state", "http_status", "ms", "permalink") besides
 * "msg"; a text line is the message alone. NULL strings, an http_status
 * of 0 and an ms below 0 are not set. Nothing is kept: the strings are
 * read during the call.
 */
struct log_fields {
	const char *day;	/* "YYYY-MM-DD" */
	const char *post;	/* the post's id */
	const char *platform;
	const char *state;	/* "published", "missed", ... or what the
				   run does with it ("due", "late") */
	int http_status;
	long long ms;		/* the answer's time, -1 for none */
	const char *permalink;
};
#define LOG_FIELDS_INIT { NULL, NULL, NULL, NULL, 0, -1, NULL }

/* log_msg, with the pair's fields f (NULL: none). */
void log_pair(enum log_level level, const struct log_fields *f,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A diagnostic: an error or a warning with its file:line:col. */
void log_diag(const struct diag *d);
/* Every diagnostic of d, in order. */
void log_diags(const struct diags *d);

#endif
