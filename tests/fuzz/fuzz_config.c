/*
 * Fuzz target: config_parse on arbitrary text (libconfig syntax and our
 * validation). Checks that the result agrees with the diagnostics and that
 * a valid config has absolute paths and values in range.
 */
#include <stdbool.h>

#include "config.h"
#include "platforms/adapter.h"
#include "diag.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct config c;
	char *text = fuzz_strndup(data, size), *f;
	size_t i, k;
	int rc;

	rc = config_parse("fuzz.conf", "/tmp", text, &c, &d);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	FUZZ_ASSERT((rc == -1) == (d.nerrors > 0));
	for (i = 0; i < d.n; i++) {
		FUZZ_ASSERT(d.v[i].msg != NULL);
		f = diag_format(&d.v[i]);
		free(f);
	}
	if (rc == 0) {
		FUZZ_ASSERT(c.posts_dir != NULL && c.posts_dir[0] == '/');
		FUZZ_ASSERT(c.state_dir != NULL && c.state_dir[0] == '/');
		FUZZ_ASSERT(c.credentials == NULL || c.credentials[0] == '/');
		FUZZ_ASSERT(c.window_start >= 0 && c.window_start < 24 * 60);
		FUZZ_ASSERT(c.window_end > 0 && c.window_end <= 24 * 60);
		FUZZ_ASSERT(c.max_per_day >= 0 && c.grace >= 0);
		FUZZ_ASSERT(c.http.timeout > 0 && c.http.retries >= 0 &&
		    c.http.max_parallel > 0);
		/* every path setting of every platform is absolute */
		for (i = 0; i < platform_count(); i++) {
			const struct platform_setting *st =
			    adapter_get(i)->settings;
			const char *v;

			for (k = 0; st != NULL && st[k].name != NULL; k++)
				if (st[k].kind == SETTING_PATH &&
				    (v = c.platforms[i].set[k]) != NULL)
					FUZZ_ASSERT(v[0] == '/');
		}
		config_free(&c);
	}
	diags_free(&d);
	free(text);
	return 0;
}
