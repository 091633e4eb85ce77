# The command line's edges: an empty cache, an unreachable server, a config
# with many errors.

# A port on 127.0.0.1 that nothing listens on: bound, then closed.
closed_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# expect_err_lines N: stderr has exactly N lines.
expect_err_lines() {
	expect_eq "$(wc -l <"$T/err")" "$1" "lines on stderr: $(head -c 800 "$T/err")"
}

test_sync_with_no_server_is_one_line() {
	port=$(closed_port)
	PAPYR_HF_URL="http://127.0.0.1:$port" PAPYR_RETRY_MAX_WAIT=0 \
		run timeout 60 "$PAPYR" --db "$T/cache.db" sync --since 2026-07-01 --until 2026-07-14
	expect_rc 1
	expect_err "papyr: cannot reach http://127.0.0.1:$port: "
	expect_err "; every day failed"
	expect_err_lines 1
	expect_no_out "synced"
}

test_sync_with_an_unresolvable_name_is_one_line() {
	PAPYR_HF_URL="http://papyr-no-such-host.invalid" PAPYR_RETRY_MAX_WAIT=0 \
		run timeout 60 "$PAPYR" --db "$T/cache.db" sync --days 3 -q
	expect_rc 1
	expect_err "papyr: cannot reach http://papyr-no-such-host.invalid: "
	expect_err "; every day failed"
	expect_err_lines 1
}

# papyr in a tmux of its own, on the test's cache: tmux_papyr W H [LOCALE].
tmux_papyr() {
	tmux -S "$T/tmux.sock" -f /dev/null new-session -d -s t -x "$1" -y "$2" \
		"env -i PATH='$PATH' HOME='$HOME' LC_ALL=${3:-C.UTF-8} TERM=xterm-256color \
		PAPYR_DB='$T/cache.db' '$PAPYR'; echo papyr-exit=\$?; sleep 60" ||
		fail "tmux did not start"
	tmux -S "$T/tmux.sock" set -g status off
}

# screen_shows TEXT: polls the screen (every 50 ms, 5 s at most) for TEXT.
screen_shows() {
	local i
	for ((i = 0; i < 100; i++)); do
		tmux -S "$T/tmux.sock" capture-pane -p -t t >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.05
	done
	fail "the screen never showed '$1':
$(cat "$T/screen")"
}

test_bad_bind_starts_the_interface_and_says_so() {
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	mkdir -p "$HOME/.config/papyr"
	printf 'bind J down\n\nbind C-dd down\nbind j fly\n' >"$HOME/.config/papyr/config"
	tmux_papyr 250 30
	screen_shows "config:3: 'C-dd' is not a key name"
	screen_shows "(and 1 more bad bind)"
	screen_shows "/14"
	tmux -S "$T/tmux.sock" send-keys -t t J  # the good bind works
	screen_shows " 2/14"
	tmux -S "$T/tmux.sock" send-keys -t t q
	screen_shows "papyr-exit=0"
}

test_config_errors_are_named_all_at_once() {
	mkdir -p "$HOME/.config/papyr"
	cfg="$HOME/.config/papyr/config"
	printf 'view.hot = upvotes:>lots\nsync_days = 0\n# fine\nview.ok = is:unread\nfoo = 1\nview.open = (diffusion\n' >"$cfg"
	run p list
	expect_rc 1
	expect_eq "$(cat "$T/err")" "papyr: $cfg:1: view.hot: query:10: expected a number after 'upvotes:>'
papyr: $cfg:2: sync_days must be a whole number from 1 to 3650
papyr: $cfg:5: unknown setting 'foo'
papyr: $cfg:6: view.open: query:11: expected ')' to close the '(' at column 1"
	# a bad view alone stops every command at load, not only the one using it
	printf 'view.hot = upvotes:>lots\n' >"$cfg"
	run p tags
	expect_rc 1
	expect_eq "$(cat "$T/err")" "papyr: $cfg:1: view.hot: query:10: expected a number after 'upvotes:>'"
	# in the file's order, a default view overridden as any other
	printf 'view.zz = (a\nview.unread = upvotes:>x\n' >"$cfg"
	run p tags
	expect_rc 1
	expect_eq "$(cat "$T/err")" "papyr: $cfg:1: view.zz: query:3: expected ')' to close the '(' at column 1
papyr: $cfg:2: view.unread: query:10: expected a number after 'upvotes:>'"
}

test_help_says_where_the_config_is() {
	run "$PAPYR" --help
	expect_rc 0
	expect_out "Config: $HOME/.config/papyr/config (not there: the defaults apply)"
	mkdir -p "$T/xdg/papyr"
	: >"$T/xdg/papyr/config"
	XDG_CONFIG_HOME="$T/xdg" run "$PAPYR" --help
	expect_out "Config: $T/xdg/papyr/config (read at start-up)"
}

test_list_on_an_empty_cache_says_how_to_fill_it() {
	run p list
	expect_rc 0
	expect_eq "$(cat "$T/out")" ""
	expect_eq "$(cat "$T/err")" "papyr: the cache is empty: run 'papyr sync' (or 'papyr import FILE')"
	run p list -f json
	expect_rc 0
	expect_err "the cache is empty"
	# a query that matches nothing on a cache that holds papers: nothing
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	run p list nosuchwordanywhere
	expect_rc 0
	expect_eq "$(cat "$T/out")$(cat "$T/err")" ""
	run p list -f table nosuchwordanywhere
	expect_eq "$(cat "$T/out")$(cat "$T/err")" "" "no header without rows"
}

test_list_table_has_a_header_row() {
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	p mark 2607.08964 star >/dev/null
	COLUMNS=200 run p list -f table -n 2
	expect_rc 0
	expect_eq "$(sed -n 1p "$T/out")" "ID          DAY            UP  MARK  TITLE [TAGS]"
	expect_eq "$(sed -n 2p "$T/out" | cut -c1-35)" "2607.08964  2026-07-13     38  u*.."
	expect_eq "$(wc -l <"$T/out")" 3
	# only the table: tsv, ids and json have none
	run p list -f tsv -n 1
	expect_eq "$(cut -f1 "$T/out")" 2607.08964
	run p list -f ids -n 1
	expect_eq "$(cat "$T/out")" 2607.08964
}

test_list_cuts_titles_with_the_ellipsis_of_the_locale() {
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	COLUMNS=80 run p list -f table -n 1
	expect_eq "$(sed -n 2p "$T/out")" \
		"2607.08964  2026-07-13     38  u...  Long-Horizon-Terminal-Bench: Testing the L…"
	LC_ALL=C COLUMNS=80 run p list -f table -n 1
	expect_eq "$(sed -n 2p "$T/out")" \
		"2607.08964  2026-07-13     38  u...  Long-Horizon-Terminal-Bench: Testing the..."
}

test_interface_shows_the_marks_list_shows() {
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	p mark 2607.09657 star read >/dev/null
	tmux_papyr 100 30
	screen_shows "/14"
	# the first row (under the cursor: '>'), unread; the second, read and starred
	screen_shows ">u   2026-07-13   38 Long-Horizon"
	screen_shows "  *  2026-07-13   34 Scalable Visual"
	tmux -S "$T/tmux.sock" send-keys -t t q
	screen_shows "papyr-exit=0"
}

test_interface_cuts_with_the_ellipsis_of_the_locale() {
	p import "$FIX"/hf/days/2026-07-13.json >/dev/null
	tmux_papyr 80 24 C
	screen_shows ">u   2026-07-13   38 Long-Horizon-Terminal-Bench: Testing the Limits of Agent..."
	tmux -S "$T/tmux.sock" send-keys -t t q
	screen_shows "papyr-exit=0"
}
