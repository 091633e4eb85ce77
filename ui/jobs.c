/* jobs: the background jobs' area (see jobs.h). */
#include "jobs.h"

#include <stdio.h>

int jobs_start(struct jobs *j, enum job_tag tag, int only_one, bg_fn fn, void *arg,
	       void (*free_arg)(void *), const char **why)
{
	if (!j->bg)
		j->bg = bg_new();
	if (!j->bg) {
		*why = "cannot start a background job";
		return -1;
	}
	if (bg_run(j->bg, (int)tag, only_one, fn, arg, free_arg) != 0) {
		*why = only_one && bg_busy(j->bg, (int)tag) ? "a job of that kind is running"
			: "too many jobs at once";
		return -1;
	}
	return 0;
}

int jobs_busy(struct jobs *j, enum job_tag tag)
{
	return j->bg && bg_busy(j->bg, (int)tag);
}

int jobs_fd(const struct jobs *j)
{
	return j->bg ? bg_fd(j->bg) : -1;
}

int jobs_take(struct jobs *j, struct bg_msg *m)
{
	if (!j->bg || !bg_take(j->bg, m))
		return 0;
	if (m->done)
		j->status[0] = '\0';
	else
		snprintf(j->status, sizeof j->status, "%s", m->text);
	return 1;
}

const char *jobs_status(const struct jobs *j)
{
	return j->status;
}

void jobs_stop(struct jobs *j)
{
	bg_stop(&j->bg);
}
