/* signal_flag: see signal_flag.h. */
#include "signal_flag.h"

#include <stddef.h>
#include <string.h>

static const int caught[3] = {SIGINT, SIGTERM, SIGHUP};
static volatile sig_atomic_t *target;

static void on_signal(int sig)
{
	if (target)
		*target = sig;
}

void signal_flag_catch(struct signal_flag *s, volatile sig_atomic_t *flag)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocking call returns EINTR */
	sigemptyset(&sa.sa_mask);
	*flag = 0;
	target = flag;
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &sa, &s->old[i]);
}

void signal_flag_restore(const struct signal_flag *s)
{
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &s->old[i], NULL);
}
