/*
 * Fuzz target: each adapter's parse of an answer (and Instagram's resume).
 *
 * Input: byte 0 chooses the platform (bits 0-2, modulo the five that send),
 * the step (bits 3-4) and the transport (bits 5-7: 0-3 an HTTP
 * answer, 4 timed out after sending, 5 dropped after sending, 6 no
 * connection, 7 Instagram's resume from the body instead of a parse);
 * bytes 1-2 the status (modulo 1000; Retry-After is byte 1 when byte 2 is
 * odd); then the body, or when it holds a NUL, the x-restli-id header
 * before the first NUL and the body after it.
 * Checks: the outcome's kind is one of the four, its strings are valid
 * UTF-8 on one line, a failed or unknown outcome says why, only a failure
 * is for a later run (and retryable) or says a setting is wrong, a NEXT
 * outcome has a request, and outcome_free frees everything.
 */
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "format.h"
#include "fuzz.h"
#include "http.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "post.h"
#include "text.h"
#include "../unit/pconf.h"

static const enum platform_id senders[] = { PF_TWITTER, PF_LINKEDIN,
    PF_FACEBOOK, PF_INSTAGRAM, PF_PINTEREST };

/* NULL, or valid UTF-8 without a line break. */
static bool
one_line(const char *s)
{
	return s == NULL || (text_valid_utf8(s, strlen(s), NULL) &&
	    strpbrk(s, "\r\n") == NULL);
}

/* Checks what parse or resume made. */
static void
check_outcome(const struct outcome *o)
{
	size_t i;

	FUZZ_ASSERT(o->kind == OUTCOME_PUBLISHED || o->kind == OUTCOME_FAILED ||
	    o->kind == OUTCOME_UNKNOWN || o->kind == OUTCOME_NEXT);
	FUZZ_ASSERT(o->http_status >= 0 && o->http_status <= 999);
	FUZZ_ASSERT(one_line(o->error) && one_line(o->remote_id) &&
	    one_line(o->permalink) && one_line(o->step));
	if (o->kind == OUTCOME_FAILED || o->kind == OUTCOME_UNKNOWN)
		FUZZ_ASSERT(o->error != NULL && o->error[0] != '\0');
	FUZZ_ASSERT(!o->later || (o->kind == OUTCOME_FAILED && o->retryable));
	FUZZ_ASSERT(!o->config || o->kind == OUTCOME_FAILED);
	if (o->kind == OUTCOME_NEXT)
		FUZZ_ASSERT(o->next.n > 0);
	for (i = 0; i < o->next.n; i++)
		FUZZ_ASSERT(o->next.v[i].method != NULL &&
		    o->next.v[i].url != NULL && one_line(o->next.v[i].url));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct credentials cr;
	struct adapter_ctx ctx;
	struct post p;
	struct message m;
	struct http_response r;
	struct header h;
	struct outcome o;
	struct request_list rl = { NULL, 0 };
	const struct adapter *a;
	enum platform_id pf;
	char *buf, *body, *nul, *err = NULL;
	size_t len;
	int step, how, first = -1;

	if (size < 3)
		return 0;
	pf = senders[(data[0] & 7) % 5];
	step = (data[0] >> 3) & 3;
	how = data[0] >> 5;
	a = adapter_get(pf);

	buf = fuzz_strndup(data + 3, size - 3);
	len = size - 3;
	memset(&r, 0, sizeof(r));
	body = buf;
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		h.name = "x-restli-id";
		h.value = buf;
		h.secret = false;
		r.headers = &h;
		r.nheaders = 1;
		body = nul + 1;
		len -= (size_t)(body - buf);
	}
	r.status = (data[1] << 8 | data[2]) % 1000;
	r.body = body;
	r.len = len;
	r.retry_after = (data[2] & 1) ? data[1] : -1;
	r.error = HTTP_OK;
	r.sent = true;
	r.ms = 100;
	if (how == 4 || how == 5) {
		r.status = 0;
		r.error = how == 4 ? HTTP_E_TIMEOUT : HTTP_E_DROPPED;
		r.error_text = "Operation timed out";
	} else if (how == 6) {
		r.status = 0;
		r.error = HTTP_E_CONNECT;
		r.error_text = "Could not resolve host";
		r.sent = false;
	}

	config_defaults(&c, "/tmp");
	PSET(&c.platforms[PF_FACEBOOK], "page_id") = xstrdup("1234");
	PSET(&c.platforms[PF_INSTAGRAM], "user_id") = xstrdup("17841400000000000");
	PSET(&c.platforms[PF_PINTEREST], "board_id") = xstrdup("5678");
	PSET(&c.platforms[PF_LINKEDIN], "author") = xstrdup("urn:li:person:abc");
	memset(&cr, 0, sizeof(cr));
	cr.source = "/etc/almanac/credentials.conf";
	CRED(&cr, pf, access_token) = "token";
	memset(&ctx, 0, sizeof(ctx));
	ctx.config = &c;
	ctx.pc = &c.platforms[pf];
	ctx.cred = &cr;
	ctx.now = 1794474000LL;
	ctx.progress = "media:17920000000000001";	/* Instagram's step 3 */
	memset(&p, 0, sizeof(p));
	p.file = "fuzz.json";
	p.id = "11-12-trotsky";
	p.title = "Trotsky expelled";
	p.month = 11;
	p.day = 12;
	p.time = -1;
	memset(&m, 0, sizeof(m));
	m.platform = pf;
	m.post = &p;
	m.day = (struct ymd){ 2026, 11, 12 };
	m.text = "On this day";
	m.image_url = "https://example.org/t.jpg";
	m.target = "5678";

	if (how == 7 && a->resume != NULL) {
		if (a->resume(&ctx, &m, body, &rl, &first, &err) == 0) {
			FUZZ_ASSERT(rl.n > 0 && err == NULL);
			FUZZ_ASSERT(first >= 0);
			request_list_free(&rl);
		} else
			FUZZ_ASSERT(err != NULL && rl.n == 0);
		free(err);
	} else {
		/* parse fills all of *out, whatever was there */
		memset(&o, 0, sizeof(o));
		memset(&o, 0xa5, offsetof(struct outcome, remote_id));
		a->parse(&ctx, &m, step, &r, &o);
		check_outcome(&o);
		outcome_free(&o);
	}
	config_free(&c);
	free(buf);
	return 0;
}
