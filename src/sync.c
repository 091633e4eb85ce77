/* sync: placeholder until the fetcher lands in this change series. */
#include "cli.h"
int cmd_sync(struct cli *c, int argc, char **argv)
{
	(void)c; (void)argc; (void)argv;
	cli_error("sync is not built yet");
	return EXIT_ERROR;
}
