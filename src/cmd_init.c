/* init DIR: lays out a new site from the files built into the program. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "site.h"
#include "xalloc.h"

static int init_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "DIR",
	.summary = "lay out a new site: config, credentials, posts",
	.help =
	    "Writes into DIR (made when missing) a commented config\n"
	    "(config/almanac.conf: the shipped one, with posts in DIR/posts,\n"
	    "state in DIR/var and the system's time zone), a credentials template\n"
	    "(config/credentials.conf, mode 600), one example post in posts/ with\n"
	    "the editors' guide (posts/README.md) and the post format\n"
	    "(docs/post-format.md). Overwrites nothing: when one of those files\n"
	    "exists, it names it and writes none. Then, in DIR, \"almanac lint\"\n"
	    "and \"almanac preview\" read the new config.\n",
	.max_operands = 1,
	.flags = CMD_NOCONFIG,
	.exec = init_exec,
};

/* Makes every folder of path's parent below dir (0755). */
static bool
make_parents(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name), *s;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			log_msg(LOG_ERROR, "%s: cannot create: %s", p,
			    strerror(errno));
			free(p);
			return false;
		}
		*s = '/';
	}
	free(p);
	return true;
}

/* Writes f below dir, never over an existing file. */
static bool
write_file(const char *dir, const struct site_file *f)
{
	char *path = xasprintf("%s/%s", dir, f->name);
	const unsigned char *p = f->data;
	size_t left = f->size;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, f->mode)) == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, errno == EEXIST ?
		    "exists: init overwrites nothing" : strerror(errno));
		free(path);
		return false;
	}
	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
			close(fd);
			free(path);
			return false;
		}
		p += n;
		left -= (size_t)n;
	}
	/* the mode as given, whatever the umask */
	if (fchmod(fd, f->mode) == -1 || close(fd) == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return false;
	}
	free(path);
	return true;
}

static int
init_exec(struct app *app, const struct cmd *cmd)
{
	const struct site_file *f;
	const char *dir;
	struct stat st;
	char *path;
	bool clash = false;

	if (cmd->noperands != 1) {
		log_msg(LOG_ERROR, "init: which folder? (almanac init DIR)");
		return EXIT_USAGE;
	}
	dir = cmd->operands[0];
	if (*dir == '\0') {
		log_msg(LOG_ERROR, "init: the folder name is empty");
		return EXIT_USAGE;
	}
	/* Every file checked before any is written: all or nothing. */
	for (f = site_files; f->name != NULL; f++) {
		path = xasprintf("%s/%s", dir, f->name);
		if (lstat(path, &st) == 0) {
			log_msg(LOG_ERROR, "%s exists: init overwrites nothing",
			    path);
			clash = true;
		}
		free(path);
	}
	if (clash)
		return EXIT_CANTCREAT;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		log_msg(LOG_ERROR, "%s: cannot create: %s", dir,
		    strerror(errno));
		return EXIT_CANTCREAT;
	}
	for (f = site_files; f->name != NULL; f++) {
		if (!make_parents(dir, f->name) || !write_file(dir, f))
			return EXIT_CANTCREAT;
		log_msg(LOG_INFO, "wrote %s/%s", dir, f->name);
	}
	log_msg(LOG_NOTICE, "a new site in %s: edit %s/%s, then in %s "
	    "\"almanac lint\" and \"almanac preview\"", dir, dir, SITE_CONFIG,
	    dir);
	return EXIT_OK;
}
