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
	    "0.\n",
	.max_operands = 0,
	.exec = pause_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = "",
	.summary = "publish again after pause",
	.help = "Removes state_dir/PAUSED.\n",
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

static int
pause_exec(struct app *app, const struct cmd *cmd)
{
	char *path;
	int fd;

	if (!ensure_state_dir(app->cfg.state_dir))
		return EXIT_CANTCREAT;
	path = publish_pause_path(&app->cfg);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	close(fd);
	log_msg(LOG_INFO, "publishing paused (%s); \"almanac resume\" goes "
	    "on", path);
	free(path);
	return EXIT_OK;
}

static int
resume_exec(struct app *app, const struct cmd *cmd)
{
	char *path;

	path = publish_pause_path(&app->cfg);
	if (unlink(path) == -1 && errno != ENOENT) {
		log_msg(LOG_ERROR, "%s: %s", path, strerror(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	log_msg(LOG_INFO, "publishing resumed");
	free(path);
	return EXIT_OK;
}
