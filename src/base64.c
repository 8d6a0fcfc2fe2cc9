/* base64: standard base64 (see base64.h). */
#include "base64.h"

#include <openssl/evp.h>

#include "xalloc.h"

char *
base64_encode(const void *p, size_t n)
{
	size_t done = 0, chunk;
	char *out = xmalloc((n + 2) / 3 * 4 + 1);
	char *w = out;

	*w = '\0';
	/* EVP_EncodeBlock takes an int: whole groups of 3 bytes at a time */
	while (done < n) {
		chunk = n - done > 3 * 1024 * 1024 ? 3 * 1024 * 1024 :
		    n - done;
		w += EVP_EncodeBlock((unsigned char *)w,
		    (const unsigned char *)p + done, (int)chunk);
		done += chunk;
	}
	*w = '\0';
	return out;
}
