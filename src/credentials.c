/*
 * credentials: the secrets file (see credentials.h). It is libconfig, read
 * with confread; values never appear in a diagnostic: messages name the
 * setting, never its value.
 */
#include "credentials.h"

#include <sys/stat.h>

#include <libconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "confread.h"
#include "file.h"
#include "xalloc.h"

#define CRED_MAX	(64 * 1024)	/* bytes of the credentials file */

/* One group of the credentials file. Values never reach a message. */
static void
cred_group(struct confread *x, struct credentials *cr,
    const config_setting_t *g)
{
	const config_setting_t *s;
	const char *name = config_setting_name(g), *v;
	const char *const *keys = platform_cred_keys(name);
	int pf = platform_lookup(name);
	struct buf b = BUF_INIT;
	char *p;
	size_t i, k;
	int j;

	if (keys == NULL) {
		for (i = 0; platform_all_names[i] != NULL; i++)
			if (platform_cred_keys(platform_all_names[i]) != NULL)
				buf_addf(&b, "%s%s", b.len > 0 ? ", " : "",
				    platform_all_names[i]);
		confread_error(x, g, "unknown group \"%s\" in the credentials "
		    "(expected one of: %s)", confread_snip(x, name), b.s);
		buf_free(&b);
		return;
	}
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		confread_wrong_type(x, g, "a group { ... }");
		return;
	}
	for (j = 0; j < config_setting_length(g); j++) {
		s = config_setting_get_elem(g, (unsigned)j);
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(keys[k], config_setting_name(s)) == 0)
				break;
		if (keys[k] == NULL) {
			confread_unknown(x, s, keys);
			continue;
		}
		if ((v = confread_str(x, s)) == NULL)
			continue;
		if (strpbrk(v, "\r\n") != NULL || confread_has_control(v)) {
			p = confread_path(s);
			confread_error(x, s, "%s: the value contains %s; "
			    "remove it", p, strpbrk(v, "\r\n") ? "a line break "
			    "(CR or LF)" : "a control character");
			free(p);
			continue;
		}
		confread_set_str(&cr->v[pf][k], v);
	}
}

/* How a refused credentials file is named: "FILE", or "FILE -> TARGET"
 * when FILE is a symbolic link; *fix gets the file a chmod or chown must
 * change (the target). Both allocated. */
static void
cred_names(const char *file, char **shown, char **fix)
{
	struct stat lst;
	char *target;

	if (lstat(file, &lst) == 0 && S_ISLNK(lst.st_mode) &&
	    (target = realpath(file, NULL)) != NULL) {
		*shown = xasprintf("%s -> %s", file, target);
		*fix = target;
		return;
	}
	*shown = xstrdup(file);
	*fix = xstrdup(file);
}

/*
 * Refuses (returns -1 with diagnostics) a credentials file, opened with
 * stat st, that group or others may use, or that belongs to neither the
 * user running almanac nor root (systemd hands LoadCredential= files over
 * as root's), as msmtp and ssh do.
 */
static int
cred_check_file(const char *file, const struct stat *st, struct diags *d)
{
	uid_t me = geteuid();
	bool open_mode = (st->st_mode & 077) != 0;
	bool stranger = st->st_uid != me && st->st_uid != 0;
	char *shown, *fix;

	if (!open_mode && !stranger)
		return 0;
	cred_names(file, &shown, &fix);
	if (open_mode)
		diags_add(d, DIAG_ERROR, shown, 0, 0, "credentials are %s by "
		    "others (mode %04o); run: chmod 600 %s",
		    (st->st_mode & 044) ? "readable" : "accessible",
		    (unsigned)(st->st_mode & 07777), fix);
	if (stranger)
		diags_add(d, DIAG_ERROR, shown, 0, 0, "credentials are owned "
		    "by uid %ju, not by uid %ju that runs almanac (nor by "
		    "root); run: chown %ju %s", (uintmax_t)st->st_uid,
		    (uintmax_t)me, (uintmax_t)me, fix);
	free(shown);
	free(fix);
	return -1;
}

int
credentials_load(const char *path, struct credentials *cr, struct diags *d)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	struct diags local = DIAGS_INIT;
	struct confread x;
	struct stat st;
	config_t cfg;
	config_setting_t *root;
	enum file_status fs;
	char *file, *text;
	size_t len;
	int i, fd, err;

	memset(cr, 0, sizeof(*cr));
	if (dir != NULL && *dir != '\0')
		file = xasprintf("%s/almanac", dir);
	else if (path != NULL && *path != '\0')
		file = xstrdup(path);
	else {
		diags_add(d, DIAG_ERROR, NULL, 0, 0, "no credentials file: set "
		    "\"credentials\" in the config, or pass one with systemd's "
		    "LoadCredential=almanac:FILE");
		return -1;
	}
	cr->source = file;
	/* Checked on the open file, before a byte of it is read. */
	if ((fd = file_open_regular(file, &st, &fs, &err)) == -1) {
		confread_file_diag(d, file, "credentials", fs, err, CRED_MAX);
		credentials_free(cr);
		return -1;
	}
	if (cred_check_file(file, &st, d) == -1) {
		close(fd);
		credentials_free(cr);
		return -1;
	}
	fs = file_read_fd(fd, &st, CRED_MAX, &text, &len, &err);
	close(fd);
	if (fs != FILE_OK) {
		confread_file_diag(d, file, "credentials", fs, err, CRED_MAX);
		credentials_free(cr);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.file = file;
	x.d = &local;
	config_init(&cfg);
	if (confread_text(&x, &cfg, text, len)) {
		root = config_root_setting(&cfg);
		for (i = 0; i < config_setting_length(root); i++)
			cred_group(&x, cr, config_setting_get_elem(root,
			    (unsigned)i));
	}
	config_destroy(&cfg);
	confread_free(&x);
	explicit_bzero(text, len);
	free(text);
	if (local.nerrors > 0) {
		diags_move(d, &local);
		credentials_free(cr);
		return -1;
	}
	diags_move(d, &local);
	return 0;
}

/* Frees a secret after overwriting it. */
static void
sfree(char **p)
{
	if (*p != NULL) {
		explicit_bzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void
credentials_free(struct credentials *cr)
{
	size_t i, k;

	if (cr == NULL)
		return;
	for (i = 0; i < PLATFORMS_MAX; i++)
		for (k = 0; k < PLATFORM_CRED_KEYS_MAX; k++)
			sfree(&cr->v[i][k]);
	free(cr->source);
	cr->source = NULL;
}
