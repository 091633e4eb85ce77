/* jobs: the background jobs' area (see jobs.h). */
#include "jobs.h"

#include <stdio.h>
#include <stdlib.h>

#include "../src/base/mem.h"

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

struct fetch_job *fetch_job_new(const struct context *c, const char *id, int64_t pid)
{
	struct fetch_job *j = xcalloc(1, sizeof *j);
	j->db_path = xstrdup(c->db_path);
	j->hf_url = xstrdup(c->cfg.hf_url);
	j->token = c->cfg.hf_token ? xstrdup(c->cfg.hf_token) : NULL;
	j->timeout = c->cfg.timeout;
	j->max_wait = c->cfg.retry_max_wait;
	j->id = xstrdup(id);
	j->pid = pid;
	return j;
}

void fetch_job_free(void *p)
{
	struct fetch_job *j = p;
	free(j->db_path);
	free(j->hf_url);
	free(j->token);
	free(j->id);
	free(j);
}

struct pages_opts fetch_job_opts(const struct fetch_job *j, struct bg_job *job)
{
	return (struct pages_opts){.hf_url = j->hf_url, .token = j->token,
				   .timeout = j->timeout, .max_wait = j->max_wait,
				   .cancel = bg_cancel_flag(job)};
}
