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

# o reports a browser that does not run or fails at once, with the URL;
# the error stays through keys that do nothing, and M shows it in full.
test_prompt_open_reports_a_failing_browser() {
	TUI_ENV="DISPLAY=:0 BROWSER=false" tui_start 80 24
	tk o
	tui_wait "false failed (exit status 1)"
	tk M
	tui_wait "false failed (exit status 1); the link: https://arxiv.org/abs/$ID1"
	tk z  # any key leaves the messages
	tui_wait_gone "messages, newest last"
	tk Q  # bound to nothing: the error stays
	tui_wait "false failed"
	tk j
	tui_wait_gone "false failed"
	tk Q
	tui_wait "unknown key Q: ? for help"
	tui_quit_sane
	tmux -S "$T/tmux.sock" kill-server
	TUI_ENV="DISPLAY=:0 BROWSER=$T/no-such-browser" tui_start
	tk o
	tui_wait "cannot run $T/no-such-browser: No such file or directory"
	tui_quit_sane
}

# O opens the paper's Hugging Face page, beside o for arXiv.
test_prompt_open_the_hugging_face_page() {
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/opened"\n' "$T" >"$T/browser.sh"
	chmod +x "$T/browser.sh"
	TUI_ENV="DISPLAY=:0 BROWSER=$T/browser.sh" tui_start
	tk O
	tui_wait "opened https://huggingface.co/papers/$ID1"
	for i in $(seq 100); do [ -s "$T/opened" ] && break; sleep 0.05; done
	expect_eq "$(cat "$T/opened")" "https://huggingface.co/papers/$ID1"
	tui_quit_sane
}

# The help lists the keys of the prompt line and of the detail pane.
test_prompt_help_lists_prompt_and_link_keys() {
	tui_start
	tk "?"
	tui_wait "papyr keys"
	tk G
	tui_wait "In the prompt line"
	tui_wait "pick the link o and y use"
	tui_wait "C-w          delete a word"
	tui_wait "open the paper's Hugging Face page"
	tk q
	tui_wait_gone "papyr keys"
	tui_quit_sane
}

# A terminal that cannot move its cursor is refused, as an unknown one is.
test_prompt_dumb_terminal_is_refused() {
	p import "$TUI_FIX"/*.json >/dev/null
	TUI_ENV="TERM=dumb" tui_shell 100 20
	tk "exec_papyr" Enter
	tui_wait "papyr-exit=1"
	tui_wait "TERM=dumb cannot move the cursor"
}

# Without UTF-8 (LC_ALL=C) the screen is ASCII: accents dropped, '|' for
# the separators, '~' for the ellipsis; at 80x24 and at a wide size.
test_prompt_ascii_without_utf8() {
	local size
	for size in "80 24" "200 50"; do
		# shellcheck disable=SC2086
		TUI_ENV="LC_ALL=C" tui_start $size
		tk Enter
		tui_wait "Bjorn Engdahl"
		tui_wait "all | day"
		screen >"$T/shot"
		LC_ALL=C grep -q '[^ -~]' "$T/shot" && fail "bytes beyond ASCII at $size:
$(LC_ALL=C grep -n '[^ -~]' "$T/shot" | head -5)"
		tk Escape
		tui_quit_sane
		tmux -S "$T/tmux.sock" kill-server
		rm -f "$T/cache.db"*
	done
}

# At 80x24 the detail pane's scroll indicator has a row of its own, over no
# text, and a URL too long for the pane ends in an ellipsis.
test_prompt_detail_indicator_and_long_urls() {
	tui_start 80 20 # too short for the pane under the list: Enter gives it all
	tk Enter
	tui_wait "[5] Project"
	screen >"$T/shot"
	grep -q "\[5\] Project      https://pathway.com/blog/.*…$" "$T/shot" ||
		fail "the long URL is not cut with an ellipsis: $(grep -F '[5]' "$T/shot")"
	local y
	for key in j G; do
		tk "$key"
		sleep 0.2
		screen >"$T/shot"
		y=$(sed -n 18p "$T/shot")
		[[ $y =~ ^\ *[0-9]+%\ *$ ]] || fail "after $key the indicator's row holds text: '$y'"
		[ -n "$(sed -n 17p "$T/shot" | tr -d ' ')" ] || fail "no text above the indicator"
	done
	grep -q "100%" "$T/shot" || fail "G does not reach the end: $(sed -n 18p "$T/shot")"
	tk Escape
	tui_quit_sane
}

# E writes the paper's note in the editor: the file ends with a newline, so
# an editor that appends a line starts it on its own, and the screen comes
# back whole.
test_prompt_note_in_the_editor() {
	printf '#!/bin/sh\necho "second line" >>"$1"\n' >"$T/ed.sh"
	chmod +x "$T/ed.sh"
	p import "$TUI_FIX"/*.json >/dev/null
	p note "$ID1" "first line" >/dev/null
	TUI_ENV="VISUAL=$T/ed.sh" tui_shell 120 40
	tk "exec_papyr" Enter
	tui_wait "/59"
	tk E
	tui_wait "$ID1: note saved"
	sql_wait "SELECT body FROM notes JOIN papers USING (pid) WHERE id = '$ID1'" "first line
second line"
	tui_wait " 1/59"
	tui_wait "BDH-CQ: In-Context Learning"
	screen | grep -q "READY" && fail "the shell shows through: $(screen)"
	tui_quit_sane
}

# Tab in the limit prompt completes fields, is:/has: values, tags and views;
# ~ in the export prompt's file name is the home.
test_prompt_limit_completes_and_export_expands_home() {
	tui_start
	tk t "toread" Enter
	tui_wait_gone "tag: "
	tk l C-u "is:sta" Tab
	tui_wait "limit: is:starred"
	tk C-u "ti" Tab
	tui_wait "limit: title:"
	tk C-u "has:gi" Tab
	tui_wait "limit: has:github"
	tk C-u "tag:tor" Tab
	tui_wait "limit: tag:toread"
	tk " @unr" Tab Enter
	tui_wait "l:tag:toread @unread"
	tui_wait " 1/1"
	tk Escape e Enter
	tui_wait "export to file:"
	tk C-u "~/out.bib" Enter
	tui_wait "exported 59 papers to $HOME/out.bib"
	[ -s "$HOME/out.bib" ] || fail "~ was not the home: $(ls -a "$T")"
	tui_quit_sane
}

# mouse_send BUTTON X Y: an SGR mouse press at column X, row Y (1-based), as
# a terminal writes it (tmux passes the bytes to papyr as they are).
mouse_send() {
	local seq
	seq=$(printf '\033[<%s;%s;%sM' "$1" "$2" "$3" | od -An -tx1)
	# shellcheck disable=SC2086
	tk -H $seq
}

# The wheel scrolls the list and a click selects a row; mouse = no leaves
# the mouse to the terminal (papyr does not ask it for mouse reports).
test_prompt_mouse_wheel_and_click() {
	tui_start
	[ "$(mouse_mode)" != 000 ] || fail "the terminal was not asked for the mouse"
	mouse_send 65 10 5  # wheel down over the list
	tui_wait " 4/59"
	mouse_send 64 10 5  # wheel up
	tui_wait " 1/59"
	mouse_send 0 10 6   # a click on the sixth row
	tui_wait " 6/59"
	tui_quit_sane
	mkdir -p "$HOME/.config/papyr"
	echo "mouse = no" >"$HOME/.config/papyr/config"
	tk "exec_papyr" Enter
	tui_wait "/59"
	expect_eq "$(mouse_mode)" 000
	tui_quit_sane
}

# Whether the pane asked for mouse reports: tmux's three mouse modes.
mouse_mode() {
	tmux -S "$T/tmux.sock" display -p -t t \
		'#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}'
}
