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
