# Helpers for the end-to-end tests (sourced by run.sh).

fail() {
	echo "failed: $*" >&2
	exit 1
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	set +e
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
}

expect_rc() {
	[ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1; stderr: $(head -c 600 "$T/err")"
}

# expect_out / expect_err TEXT: the output holds TEXT (fixed string).
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1': $(head -c 800 "$T/out")"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1': $(head -c 800 "$T/err")"; }
expect_no_out() { ! grep -qF -- "$1" "$T/out" || fail "stdout has '$1'"; }

expect_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2'${3:+ ($3)}"
}

# papyr with the test's own cache.
p() { "$PAPYR" --db "$T/cache.db" "$@"; }

# sql QUERY: reads the test cache with the sqlite3 shell.
sql() { sqlite3 "$T/cache.db" "$1"; }

integrity_ok() {
	expect_eq "$(sql 'PRAGMA integrity_check')" ok "integrity_check"
	expect_eq "$(sql "INSERT INTO papers_fts(papers_fts, rank) VALUES('integrity-check', 1); SELECT 'fts ok'")" \
		"fts ok" "FTS integrity"
}

# Hooks for servers and terminals a test leaves behind.
e2e_cleanup() {
	local dir=$1
	if [ -f "$dir/server.pid" ]; then kill "$(cat "$dir/server.pid")" 2>/dev/null || true; fi
	if [ -f "$dir/ax/server.pid" ]; then kill "$(cat "$dir/ax/server.pid")" 2>/dev/null || true; fi
	if [ -f "$dir/zotero.pid" ]; then kill "$(cat "$dir/zotero.pid")" 2>/dev/null || true; fi
	if [ -S "$dir/tmux.sock" ]; then tmux -S "$dir/tmux.sock" kill-server 2>/dev/null || true; fi
	return 0
}

# True when $PAPYR was built with AddressSanitizer or ThreadSanitizer: they
# reserve terabytes of address space (no ulimit -v) and keep freed memory in
# quarantine (no bound on peak memory), so such tests bound only time.
papyr_sanitized() {
	ldd "$PAPYR" 2>/dev/null | grep -qE 'lib[at]san'
}

# The Hugging Face fixture server (server.py, the days of fixtures/hf/days)
# on 127.0.0.1, papyr pointed at it, retry waits kept short.
start_server() {
	/usr/bin/python3 "$E2E/server.py" --dir "$T" --days "$FIX/hf/days" \
		--lifetime 120 >"$T/server.out" 2>&1 &
	echo $! >"$T/server.pid"
	local i
	for i in $(seq 200); do
		[ -s "$T/server.port" ] && break
		sleep 0.05
	done
	[ -s "$T/server.port" ] || fail "the fixture server did not start: $(cat "$T/server.out")"
	export PAPYR_HF_URL="http://127.0.0.1:$(cat "$T/server.port")"
	export PAPYR_RETRY_MAX_WAIT=1
}
