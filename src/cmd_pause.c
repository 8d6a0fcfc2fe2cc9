/* pause, resume: make or remove state_dir/PAUSED, which stops publish. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "publish.h"

static int pause_exec(struct app *, const struct cmd *);
static int resume_exec(struct app *, const struct cmd *);

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = "",
	.summary = "stop all publishing until resume",
	.help = "Makes state_dir/PAUSED; publish then sends nothing and exits "
	    "0.\n"
	    "Run as root (sudo almanac pause), the file gets the owner of "
	    "state_dir,\nso that the service's user can remove it.\n",
	.max_operands = 0,
	.exec = pause_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = "",
	.summary = "publish again after pause",
	.help = "Removes state_dir/PAUSED; says so when publishing was not "
	    "paused.\n",
	.max_operands = 0,
	.exec = resume_exec,
};

/* Makes state_dir if missing (0700). */
static bool
ensure_state_dir(const char *dir)
{
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_msg(LOG_ERROR, "%s: cannot create: %s", dir,
		    strerror(errno));
		return false;
	}
	return true;
}

/*
 * Run as root, fd (the pause flag) gets the owner of dir (the state
 * folder, which belongs to the service's user), so that no file of root's
 * is left there. False after logging.
 */
static bool
own_like_dir(int fd, const char *path, const char *dir)
{
	struct stat st;

	if (geteuid() != 0)
		return true;
	if (stat(dir, &st) == -1 || fchown(fd, st.st_uid, st.st_gid) == -1) {
		log_msg(LOG_ERROR, "%s: cannot give it the owner of %s: %s",
		    path, dir, strerror(errno));
		return false;
	}
	return true;
}

static int
pause_exec(struct app *app, const struct cmd *cmd)
{
	char *path;
	int fd;
	bool ok;

	if (!ensure_state_dir(app->cfg.state_dir))
		return EXIT_CANTCREAT;
	path = publish_pause_path(&app->cfg);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	ok = own_like_dir(fd, path, app->cfg.state_dir);
	close(fd);
	if (!ok) {
		(void)unlink(path);
		free(path);
		return EXIT_CANTCREAT;
	}
	log_msg(LOG_INFO, "publishing paused (%s, from %s); \"almanac resume\" "
	    "goes on", path, app->config_path);
	free(path);
	return EXIT_OK;
}

static int
resume_exec(struct app *app, const struct cmd *cmd)
{
	char *path;
	int err;

	path = publish_pause_path(&app->cfg);
	if (unlink(path) == -1) {
		err = errno;
		if (err == ENOENT)
			log_msg(LOG_INFO, "publishing was not paused (no %s, "
			    "from %s): nothing to resume", path,
			    app->config_path);
		else
			log_msg(LOG_ERROR, "%s: %s", path, strerror(err));
		free(path);
		return err == ENOENT ? EXIT_OK : EXIT_CANTCREAT;
	}
	log_msg(LOG_INFO, "publishing resumed (%s removed, from %s)", path,
	    app->config_path);
	free(path);
	return EXIT_OK;
}
