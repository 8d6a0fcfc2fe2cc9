/*
 * Fuzz target: post_parse on arbitrary bytes. Besides memory errors it
 * checks that the result agrees with the diagnostics (-1 exactly when an
 * error was reported), that every diagnostic names the file and formats,
 * and that a valid post has the fields docs/post-format.md promises.
 */
#include <stdbool.h>

#include "diag.h"
#include "fuzz.h"
#include "post.h"
#include "text.h"

/* A non-NULL string that is valid UTF-8. */
static bool
good_text(const char *s)
{
	return s != NULL && text_valid_utf8(s, strlen(s), NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct post p;
	char *buf = fuzz_strndup(data, size), *f;
	size_t i;
	int rc;

	rc = post_parse("fuzz.json", buf, size, &p, &d);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	FUZZ_ASSERT((rc == -1) == (d.nerrors > 0));
	FUZZ_ASSERT(d.nerrors + d.nwarnings == d.n);
	for (i = 0; i < d.n; i++) {
		FUZZ_ASSERT(d.v[i].file != NULL &&
		    strcmp(d.v[i].file, "fuzz.json") == 0);
		FUZZ_ASSERT(d.v[i].line >= 0 && d.v[i].col >= 0);
		FUZZ_ASSERT(good_text(d.v[i].msg));
		f = diag_format(&d.v[i]);
		FUZZ_ASSERT(f != NULL);
		free(f);
	}
	if (rc == 0) {
		FUZZ_ASSERT(good_text(p.id) && good_text(p.title));
		FUZZ_ASSERT(p.month >= 1 && p.month <= 12);
		FUZZ_ASSERT(p.day >= 1 && p.day <= 31);
		FUZZ_ASSERT(p.summary == NULL || good_text(p.summary));
		FUZZ_ASSERT(p.url == NULL || good_text(p.url));
		FUZZ_ASSERT(p.time >= -1 && p.time < 24 * 60);
		for (i = 0; i < p.ntags; i++)
			FUZZ_ASSERT(good_text(p.tags[i]) &&
			    p.tags[i][0] != '\0');
		for (i = 0; i < p.nplatforms; i++)
			FUZZ_ASSERT(post_platform(&p, p.platforms[i].name) !=
			    NULL);
		post_free(&p);
	}
	diags_free(&d);
	free(buf);
	return 0;
}
