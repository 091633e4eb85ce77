/* ui: placeholder until the TUI lands in this change series. */
struct cli;
int ui_main(struct cli *c);
int ui_main(struct cli *c)
{
	(void)c;
	return 1;
}
