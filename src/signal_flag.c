/* signal_flag: see signal_flag.h. */
#include "signal_flag.h"

#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

static const int caught[3] = {SIGINT, SIGTERM, SIGHUP};
/* A handler may store to a lock-free atomic (C11 7.14.1.1); the flag is
 * also read by other threads (a sync's transfers), which volatile alone
 * would not make safe. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int is lock-free");
static atomic_int *volatile target;

static void on_signal(int sig)
{
	if (target)
		atomic_store(target, sig);
}

void signal_flag_catch(struct signal_flag *s, atomic_int *flag)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocking call returns EINTR */
	sigemptyset(&sa.sa_mask);
	atomic_store(flag, 0);
	target = flag;
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &sa, &s->old[i]);
}

void signal_flag_restore(const struct signal_flag *s)
{
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &s->old[i], NULL);
}
