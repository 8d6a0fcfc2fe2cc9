/* log: text, journald and JSON log lines (see log.h). */
#include "log.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "xalloc.h"

static enum log_format log_format = LOG_FORMAT_TEXT;
static int log_verbosity;
static bool log_journal;

/* True when JOURNAL_STREAM names the device and inode of stderr. */
static bool
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(2, &st) == -1)
		return false;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

/* Sets the format and verbosity; detects the journal. */
void
log_init(enum log_format format, int verbosity)
{
	log_format = format;
	log_verbosity = verbosity;
	log_journal = stderr_is_journal();
}

/* True when a line of this level is shown. */
static bool
shown(enum log_level level)
{
	int max = log_verbosity < 0 ? LOG_ERROR :
	    log_verbosity == 0 ? LOG_INFO : LOG_DEBUG;

	return (int)level <= max;
}

/* The name of a level in JSON lines. */
static const char *
level_name(enum log_level level)
{
	switch (level) {
	case LOG_ERROR:
		return "error";
	case LOG_WARNING:
		return "warning";
	case LOG_NOTICE:
		return "notice";
	case LOG_INFO:
		return "info";
	case LOG_DEBUG:
		break;
	}
	return "debug";
}

/* Adds the fields of f that are set to the JSON object o. */
static void
add_fields(cJSON *o, const struct log_fields *f)
{
	const struct { const char *key, *value; } s[] = {
		{ "day", f->day }, { "post", f->post },
		{ "platform", f->platform }, { "state", f->state },
	};
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (s[i].value != NULL)
			cJSON_AddStringToObject(o, s[i].key, s[i].value);
	if (f->http_status > 0)
		cJSON_AddNumberToObject(o, "http_status", f->http_status);
	if (f->ms >= 0)
		cJSON_AddNumberToObject(o, "ms", (double)f->ms);
	if (f->permalink != NULL)
		cJSON_AddStringToObject(o, "permalink", f->permalink);
}

/* Prints one line: msg with optional file position and pair fields. */
static void
emit(enum log_level level, const char *file, int line, int col,
    const struct log_fields *f, const char *msg)
{
	cJSON *o;
	char *s;

	if (!shown(level))
		return;
	if (log_format == LOG_FORMAT_JSON) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "level", level_name(level));
		if (file != NULL)
			cJSON_AddStringToObject(o, "file", file);
		if (line > 0)
			cJSON_AddNumberToObject(o, "line", line);
		if (col > 0)
			cJSON_AddNumberToObject(o, "col", col);
		if (f != NULL)
			add_fields(o, f);
		cJSON_AddStringToObject(o, "msg", msg);
		s = cJSON_PrintUnformatted(o);
		/* journald strips the prefix: the entry is the JSON, filed
		 * with its priority */
		if (log_journal)
			fprintf(stderr, "<%d>", (int)level);
		fprintf(stderr, "%s\n", s);
		cJSON_free(s);
		cJSON_Delete(o);
		return;
	}
	if (log_journal)
		fprintf(stderr, "<%d>", (int)level);
	else
		fputs("almanac: ", stderr);
	if (file != NULL) {
		fputs(file, stderr);
		if (line > 0) {
			fprintf(stderr, ":%d", line);
			if (col > 0)
				fprintf(stderr, ":%d", col);
		}
		fputs(": ", stderr);
	}
	if (level == LOG_WARNING && file != NULL)
		fputs("warning: ", stderr);
	fprintf(stderr, "%s\n", msg);
}

/* A formatted log line, with the pair's fields f (NULL: none). */
static void vlog(enum log_level level, const struct log_fields *f,
    const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

static void
vlog(enum log_level level, const struct log_fields *f, const char *fmt,
    va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	emit(level, NULL, 0, 0, f, msg);
	free(msg);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, NULL, fmt, ap);
	va_end(ap);
}

void
log_pair(enum log_level level, const struct log_fields *f, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, f, fmt, ap);
	va_end(ap);
}

/* A diagnostic as a log line. */
void
log_diag(const struct diag *d)
{
	emit(d->sev == DIAG_ERROR ? LOG_ERROR : LOG_WARNING, d->file, d->line,
	    d->col, NULL, d->msg);
}

/* All diagnostics. */
void
log_diags(const struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		log_diag(&d->v[i]);
}
