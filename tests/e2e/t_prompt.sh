# The interface's prompts, messages and terminal handling, in tmux (the
# helpers, tui_start and friends, are t_tui.sh's).

# The prompt line edits as a shell line, and the limit and search prompts
# remember what was entered, across runs.
test_prompt_edits_and_remembers_across_runs() {
	tui_start
	tk l "upvotes:>=100" C-a "is:unread " C-e Left Left Left C-k "50" Enter
	tui_wait "l:is:unread upvotes:>=50"
	tk Escape / d i f f Enter
	tui_wait "/diff"
	tui_quit_sane
	[ -s "$T/limit_history" ] || fail "no limit history beside the cache"
	grep -qx "is:unread upvotes:>=50" "$T/limit_history" || fail "$(cat "$T/limit_history")"
	tk "exec_papyr" Enter
	tui_wait "/59"
	tk l C-u Up
	tui_wait "limit: is:unread upvotes:>=50"
	tk C-a C-w Down
	tui_wait_gone "limit: is:unread"
	tk Escape /
	tk Up
	tui_wait "/diff"
	tk Escape
	tui_quit_sane
}
