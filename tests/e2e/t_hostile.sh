# papyr sync against a hostile fixture server: pages far larger than the
# API ever sends. Each run is bounded from outside, in time and in peak
# memory, so a regression fails instead of hanging or swapping. Uses the
# helpers of t_sync.sh (start_server, faults, requests, papers_on).

# measured SECONDS CMD...: runs CMD (stdout in $T/out, stderr in $T/err,
# status in $rc; 124 when it ran out of time and was killed) and sets
# $secs and $rss_mb, its wall time and peak resident memory.
measured() {
	local limit=$1
	shift
	/usr/bin/python3 - "$limit" "$T/measure" "$@" >"$T/out" 2>"$T/err" <<'PY'
import resource, subprocess, sys, time
limit, report, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
p = subprocess.Popen(cmd)
try:
    rc = p.wait(timeout=limit)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    rc = 124
secs = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
open(report, "w").write("%d %.1f %d\n" % (rc, secs, rss))
PY
	read -r rc secs rss_mb <"$T/measure"
	echo "measured: rc $rc, $secs s, $rss_mb MB: $*"
}

# expect_within SECONDS MB: the last measured run kept to both. A papyr
# built with a sanitizer keeps freed memory in quarantine: only its time
# is bounded.
expect_within() {
	[ "$rc" -ne 124 ] || fail "still running after $1 s"
	awk -v s="$secs" -v max="$1" 'BEGIN { exit !(s <= max) }' ||
		fail "took $secs s, more than $1 s"
	papyr_sanitized && return 0
	[ "$rss_mb" -le "$2" ] || fail "peak memory $rss_mb MB, more than $2 MB"
}

test_hostile_a_page_of_a_million_tiny_papers_is_refused() {
	start_server
	run p sync --date 2026-07-10
	expect_rc 0
	# one transfer at a time: the page (32 MB) fits under the bytes a
	# transfer may hold, so the papers themselves must be refused
	config "concurrency = 1"
	faults '{"2026-07-13": {"fault": "tiny", "page": 0}}'
	measured 30 "$PAPYR" --db "$T/cache.db" sync --date 2026-07-13
	expect_within 10 80
	expect_rc 3
	expect_err "papyr: 2026-07-13: more than 100 papers in one page"
	expect_eq "$(papers_on 2026-07-13)" 0 "papers of the refused day"
	expect_eq "$(papers_on 2026-07-10)" 11 "papers of the day before"
	expect_eq "$(sql "SELECT error FROM sync_log WHERE day = '2026-07-13'")" \
		"more than 100 papers in one page"
	integrity_ok
}

test_hostile_full_pages_stop_at_the_day_cap() {
	start_server
	faults '{"2026-07-13": {"fault": "full"}}'
	measured 60 "$PAPYR" --db "$T/cache.db" sync --date 2026-07-13
	expect_within 30 48
	expect_rc 3
	expect_err "papyr: 2026-07-13: more than 2000 papers listed for one day; refused"
	expect_eq "$(requests 2026-07-13)" 21 "pages asked for"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 0 "papers of the refused day"
	integrity_ok
}

test_hostile_sigterm_stops_a_huge_day() {
	start_server
	run p sync --date 2026-07-10
	expect_rc 0
	config "concurrency = 1"
	faults '{"2026-07-13": {"fault": "tiny", "page": 0}}'
	set +e
	"$PAPYR" --db "$T/cache.db" sync --date 2026-07-13 >"$T/out" 2>"$T/err" &
	pid=$!
	set -e
	# Once the page after the huge one was asked for, papyr is storing the
	# day (unless it refused the day and is gone already).
	for i in $(seq 400); do
		[ "$(requests 2026-07-13 1)" -ge 1 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	sleep 0.5
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 40); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid" || true
		fail "papyr sync still ran 2 s after SIGTERM"
	fi
	set +e
	wait "$pid"
	rc=$?
	set -e
	expect_rc 3
	expect_eq "$(papers_on 2026-07-13)" 0 "papers of the stopped day"
	expect_eq "$(papers_on 2026-07-10)" 11 "papers of the day before"
	expect_eq "$(sql "SELECT count(*) FROM sync_log WHERE day = '2026-07-13' AND error IS NULL")" 0
	integrity_ok
}

test_hostile_sigterm_stops_full_pages_mid_day() {
	start_server
	run p sync --date 2026-07-10
	expect_rc 0
	faults '{"2026-07-13": {"fault": "full"}}'
	set +e
	"$PAPYR" --db "$T/cache.db" sync --date 2026-07-13 >"$T/out" 2>"$T/err" &
	pid=$!
	set -e
	for i in $(seq 400); do
		[ "$(requests 2026-07-13 3)" -ge 1 ] && break
		sleep 0.05
	done
	[ "$(requests 2026-07-13 3)" -ge 1 ] || fail "the fourth page was never asked for"
	kill -TERM "$pid"
	for i in $(seq 40); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid" || true
		fail "papyr sync still ran 2 s after SIGTERM"
	fi
	set +e
	wait "$pid"
	rc=$?
	set -e
	expect_rc 3
	expect_err "interrupted with 0 of 1 days stored"
	expect_eq "$(papers_on 2026-07-13)" 0 "papers of the stopped day"
	expect_eq "$(papers_on 2026-07-10)" 11 "papers of the day before"
	expect_eq "$(sql "SELECT count(*) FROM sync_log WHERE day = '2026-07-13'")" 0 "a stopped day is not logged"
	integrity_ok
}
