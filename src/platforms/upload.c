/* platforms/upload: a picture's upload and the progress it keeps (see
 * upload.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "http.h"
#include "image.h"
#include "multipart.h"
#include "oauth1.h"
#include "platforms/upload.h"
#include "xalloc.h"

#define STEP_PREFIX "upload:"

int
upload_read(const struct adapter *a, const struct message *m, char **data,
    size_t *len, char **err)
{
	enum file_status st;
	struct stat sb;
	int e = 0;

	if (m->image_file == NULL) {
		*err = xasprintf("%s: no picture to upload", a->name);
		return -1;
	}
	st = file_read_regular(m->image_file, a->image_max, data, len, &sb,
	    &e);
	if (st == FILE_TOO_BIG) {
		*err = xasprintf("the picture %s is %lld bytes; %s takes at "
		    "most %zu", m->image_file, (long long)sb.st_size,
		    a->label != NULL ? a->label : a->name, a->image_max);
		return -1;
	}
	if (st != FILE_OK) {
		*err = xasprintf("cannot read the picture %s: %s",
		    m->image_file, file_strerror(st, e));
		return -1;
	}
	if (*len == 0) {
		free(*data);
		*err = xasprintf("cannot read the picture %s: it is empty",
		    m->image_file);
		return -1;
	}
	return 0;
}

int
upload_body(const struct adapter *a, const struct message *m,
    struct request *r, char **err)
{
	char *data;
	size_t len;

	if (upload_read(a, m, &data, &len, err) == -1)
		return -1;
	free(r->body);
	r->body = data;
	r->body_len = len;
	return 0;
}

int
upload_multipart(const struct adapter *a, const struct message *m,
    const char *const *fields, const char *file_field, struct request *r,
    char **err)
{
	struct multipart mp;
	char *data, *nonce, *body = NULL, *ctype = NULL, *name;
	size_t len, blen = 0, i;
	int tries;

	if (upload_read(a, m, &data, &len, err) == -1)
		return -1;
	name = xasprintf("picture.%s", image_ext(m->image_type));
	/* a random boundary; another one in the rare case the bytes hold it */
	for (tries = 0; body == NULL && tries < 4; tries++) {
		if ((nonce = oauth1_nonce()) == NULL)
			break;
		multipart_init(&mp, nonce);
		free(nonce);
		for (i = 0; fields != NULL && fields[i] != NULL; i += 2)
			if (fields[i + 1] != NULL)
				multipart_field(&mp, fields[i], fields[i + 1]);
		multipart_file(&mp, file_field, name,
		    image_mime(m->image_type), data, len);
		body = multipart_finish(&mp, &blen, &ctype);
	}
	free(name);
	free(data);
	if (body == NULL) {
		*err = xasprintf("%s: no random bytes for the upload's "
		    "multipart boundary", a->name);
		return -1;
	}
	free(r->body);
	r->body = body;
	r->body_len = blen;
	request_add_header(r, "Content-Type", ctype, false);
	free(ctype);
	return 0;
}

char *
upload_step(const char *id, long long now)
{
	return xasprintf(STEP_PREFIX "%s:%lld", id, now);
}

bool
upload_kept(const struct adapter_ctx *ctx, long long max_age,
    char id[ADAPTER_ID_MAX + 1])
{
	const char *p = ctx->progress, *colon;
	char *end;
	long long t;
	size_t n;

	if (p == NULL || strncmp(p, STEP_PREFIX, strlen(STEP_PREFIX)) != 0)
		return false;
	p += strlen(STEP_PREFIX);
	if ((colon = strrchr(p, ':')) == NULL ||
	    (n = (size_t)(colon - p)) == 0 || n > ADAPTER_ID_MAX)
		return false;
	memcpy(id, p, n);
	id[n] = '\0';
	if (!adapter_id_ok(id) || colon[1] < '0' || colon[1] > '9')
		return false;
	t = strtoll(colon + 1, &end, 10);
	return *end == '\0' && t <= ctx->now && ctx->now - t <= max_age;
}

void
upload_next(struct outcome *out, const struct http_response *resp, int next,
    const char *id, long long now)
{
	out->kind = OUTCOME_NEXT;
	out->next_step = next;
	out->http_status = (int)resp->status;
	if (id != NULL)
		out->step = upload_step(id, now);
}

void
upload_unposted(struct outcome *out, const char *what)
{
	char *why = out->error;

	if (out->kind != OUTCOME_UNKNOWN)
		return;
	out->error = xasprintf("the picture's %s did not go through, nothing "
	    "was published: %s", what, why != NULL ? why : "no answer");
	free(why);
	out->kind = OUTCOME_FAILED;
	out->retryable = true;
}
