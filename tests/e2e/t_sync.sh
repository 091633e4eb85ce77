# papyr sync against the fixture server (server.py) on 127.0.0.1.

# The fixture days: 2026-07-10 (11 papers), 07-11 and 07-12 (a weekend),
# 2026-07-13 (14 papers), 2026-06-12 (30 papers).

# config LINE...: the test's config file.
config() {
	mkdir -p "$HOME/.config/papyr"
	printf '%s\n' "$@" >"$HOME/.config/papyr/config"
}

# faults JSON: what the server does wrong from now on, per day.
faults() { printf '%s\n' "$1" >"$T/faults.json"; }

# requests [DAY [PAGE]]: how many daily_papers requests the server saw.
requests() {
	/usr/bin/python3 - "$T/requests.log" "${1:-}" "${2:-}" <<'PY'
import json, sys
log, day, page = sys.argv[1:4]
n = 0
try:
    lines = open(log).read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    r = json.loads(line)
    if r["path"] != "/api/daily_papers":
        continue
    if day and r["query"].get("date") != day:
        continue
    if page and r["query"].get("p") != page:
        continue
    n += 1
print(n)
PY
}

# As if every cached day had been fetched on that very day, while its list
# still moved: a sync fetches such days again.
unsettle() { sql "UPDATE sync_log SET fetched_at = CAST(strftime('%s', day) AS INTEGER)"; }

papers_on() { sql "SELECT count(*) FROM paper_days WHERE day = '$1'"; }

# The ids of a fixture day, one a line, sorted.
fixture_ids() {
	/usr/bin/python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])): print(e["paper"]["id"])' "$FIX/hf/days/$1.json" | sort
}

test_sync_range_fills_the_cache() {
	start_server
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_out "synced 4 days: 25 new papers, 0 updated"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 25
	expect_eq "$(sql "SELECT id FROM papers p JOIN paper_days d USING (pid)
		WHERE d.day = '2026-07-13' ORDER BY id")" "$(fixture_ids 2026-07-13)" "ids of 2026-07-13"
	expect_eq "$(sql "SELECT id FROM papers p JOIN paper_days d USING (pid)
		WHERE d.day = '2026-07-10' ORDER BY id")" "$(fixture_ids 2026-07-10)" "ids of 2026-07-10"
	expect_eq "$(sql "SELECT day || ' ' || papers || ' ' || (error IS NULL) FROM sync_log
		ORDER BY day" | tr '\n' ,)" \
		"2026-07-10 11 1,2026-07-11 0 1,2026-07-12 0 1,2026-07-13 14 1," "sync log"
	expect_eq "$(sql "SELECT etag FROM sync_log WHERE day = '2026-07-13'")" 'W/"2026-07-13-0"'
	run p show 2607.07673
	expect_rc 0
	expect_out "2026-07-13"
	/usr/bin/python3 - "$T/requests.log" <<'PY' || fail "request headers"
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["ua"] == "papyr/0.1.0 (+terminal paper explorer)", r["ua"]
    assert "gzip" in (r["accept_encoding"] or ""), r["accept_encoding"]
    assert r["auth"] is None, r["auth"]
    assert r["query"]["limit"] == "100" and r["query"]["p"] == "0", r["query"]
PY
	integrity_ok
}

test_sync_again_adds_nothing_twice_and_keeps_state() {
	start_server
	p sync --since 2026-07-10 --until 2026-07-13 >/dev/null
	unsettle
	p tag 2607.07673 +toread >/dev/null
	p mark 2607.07673 star read >/dev/null
	p note 2607.07673 "read section 3" >/dev/null
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_out "synced 4 days: 0 new papers, 25 updated"
	expect_eq "$(requests 2026-07-13)" 2 "fetched twice"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 25
	expect_eq "$(sql 'SELECT count(*) FROM paper_days')" 25
	run p show 2607.07673
	expect_out "read, starred"
	expect_out "toread"
	expect_out "read section 3"
	integrity_ok
}

test_sync_pages_through_a_long_day() {
	start_server
	PAPYR_SYNC_PAGE_SIZE=10 run p sync --date 2026-06-12
	expect_rc 0
	expect_out "synced 1 day: 30 new papers"
	# 10 + 10 + 10 + an empty page that ends the day
	expect_eq "$(requests 2026-06-12)" 4 "pages asked for"
	expect_eq "$(requests 2026-06-12 3)" 1 "the fourth page"
	expect_eq "$(papers_on 2026-06-12)" 30
	expect_eq "$(sql "SELECT papers FROM sync_log WHERE day = '2026-06-12'")" 30
	integrity_ok
}

test_sync_takes_a_paper_listed_on_two_pages_once() {
	start_server
	faults '{"2026-06-12": {"fault": "overlap"}}'
	PAPYR_SYNC_PAGE_SIZE=10 run p sync --date 2026-06-12
	expect_rc 0
	expect_out "synced 1 day: 30 new papers"
	# 10 + 10 + 10 + 3, each page after the first repeating one paper
	expect_eq "$(requests 2026-06-12)" 4 "pages asked for"
	expect_eq "$(papers_on 2026-06-12)" 30
	expect_eq "$(sql "SELECT papers FROM sync_log WHERE day = '2026-06-12'")" 30
	integrity_ok
}

test_sync_a_failing_page_stores_nothing_of_its_day() {
	start_server
	faults '{"2026-06-12": {"fault": "html503", "page": 2}}'
	PAPYR_SYNC_PAGE_SIZE=12 run p sync --date 2026-06-12
	expect_rc 3
	expect_err "papyr: 2026-06-12: page 3: the server sent an HTML page, not JSON (HTTP 503, 4 attempts)"
	expect_err "1 day failed (2026-06-12); run papyr sync again"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 0 "papers of a half-fetched day"
	expect_eq "$(sql "SELECT error FROM sync_log WHERE day = '2026-06-12'")" \
		"page 3: the server sent an HTML page, not JSON (HTTP 503, 4 attempts)"
	faults '{}'
	PAPYR_SYNC_PAGE_SIZE=12 run p sync --date 2026-06-12
	expect_rc 0
	expect_eq "$(papers_on 2026-06-12)" 30
	integrity_ok
}

test_sync_faults_fail_their_day_and_keep_the_cache() {
	start_server
	config "timeout = 2"
	p sync --since 2026-07-10 --until 2026-07-13 >/dev/null
	unsettle
	p tag 2607.07673 +toread >/dev/null
	fetched=$(sql "SELECT fetched_at FROM sync_log WHERE day = '2026-07-13'")
	faults '{
		"2026-07-13": {"fault": "title_number"},
		"2026-07-12": {"fault": "object"},
		"2026-07-11": {"fault": "error400", "message": "Invalid date"},
		"2026-07-10": {"fault": "cut"},
		"2026-07-09": {"fault": "html503"},
		"2026-07-08": {"fault": "badjson"},
		"2026-07-07": {"fault": "500"},
		"2026-07-06": {"fault": "huge"},
		"2026-07-05": {"fault": "ratelimit", "t": 300},
		"2026-07-03": {"fault": "stall"}
	}'
	run p sync --strict --since 2026-07-03 --until 2026-07-13
	expect_rc 3
	expect_err "papyr: 2026-07-13: 1 paper refused, nothing stored (--strict): paper 1 (2607.07673): paper.title is a number, expected a string"
	expect_err "papyr: 2026-07-12: the server sent a JSON object, expected a list of papers"
	expect_err "papyr: 2026-07-11: the server answered: Invalid date (HTTP 400)"
	expect_err "papyr: 2026-07-10: the connection closed before the whole answer came (transfer closed with "
	expect_err "bytes remaining to read) (4 attempts)"
	expect_err "papyr: 2026-07-09: the server sent an HTML page, not JSON (HTTP 503, 4 attempts)"
	expect_err "papyr: 2026-07-08: the JSON ends early, cut off after 48 bytes"
	expect_err "papyr: 2026-07-07: the server failed: Internal Server Error (HTTP 500, 4 attempts)"
	# four transfers at once, each may hold a quarter of the 32 MiB budget
	expect_err "papyr: 2026-07-06: the answer is larger than 8 MiB; refused"
	expect_err "papyr: 2026-07-05: rate limited by the server (HTTP 429); it asks to wait 300 s"
	expect_err "papyr: 2026-07-03: no complete answer within 2 s (4 attempts)"
	expect_err "10 days failed (2026-07-13, 2026-07-12, 2026-07-11, 2026-07-10, 2026-07-09, 2026-07-08, 2026-07-07, 2026-07-06, 2026-07-05, 2026-07-03); run papyr sync again to fetch them"
	expect_out "synced 1 of 11 days"
	# one request for a refusal that will not change, four for what may pass
	expect_eq "$(requests 2026-07-11)" 2 "requests for a 400 (one run before)"
	expect_eq "$(requests 2026-07-13)" 2 "requests for bad JSON (one run before)"
	expect_eq "$(requests 2026-07-07)" 4 "requests for a 500"
	expect_eq "$(requests 2026-07-05)" 1 "requests for a long rate limit"
	# what was cached stays
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 25
	expect_eq "$(papers_on 2026-07-13)" 14
	expect_eq "$(papers_on 2026-07-10)" 11
	run p show 2607.07673
	expect_out "toread"
	expect_eq "$(sql "SELECT papers || ' ' || fetched_at FROM sync_log WHERE day = '2026-07-13'")" \
		"14 $fetched" "the log keeps the last good fetch"
	expect_eq "$(sql "SELECT error FROM sync_log WHERE day = '2026-07-12'")" \
		"the server sent a JSON object, expected a list of papers"
	integrity_ok
	# without the faults, running it again completes
	faults '{}'
	unsettle
	run p sync --since 2026-07-03 --until 2026-07-13
	expect_rc 0
	expect_out "synced 11 days: 0 new papers, 25 updated"
	expect_eq "$(sql 'SELECT count(*) FROM sync_log WHERE error IS NOT NULL')" 0
	integrity_ok
}

test_sync_retries_then_lands() {
	start_server
	config "timeout = 3"
	faults '{
		"2026-07-13": {"fault": "429", "times": 1, "retry_after": 1},
		"2026-07-12": {"fault": "ratelimit", "times": 1, "t": 1},
		"2026-07-11": {"fault": "stall", "times": 1},
		"2026-07-10": {"fault": "500", "times": 2}
	}'
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_out "synced 4 days: 25 new papers, 0 updated"
	expect_eq "$(cat "$T/err")" "" "stderr"
	expect_eq "$(requests 2026-07-13)" 2 "after a 429"
	expect_eq "$(requests 2026-07-12)" 2 "after a RateLimit 429"
	expect_eq "$(requests 2026-07-11)" 2 "after a stall"
	expect_eq "$(requests 2026-07-10)" 3 "after two 500s"
	expect_eq "$(papers_on 2026-07-13)" 14
	expect_eq "$(papers_on 2026-07-10)" 11
	integrity_ok
}

test_sync_sends_hf_token_as_bearer() {
	start_server
	HF_TOKEN=hf_fixture_token run p sync --date 2026-07-13
	expect_rc 0
	expect_eq "$(/usr/bin/python3 -c 'import json,sys
print(json.loads(open(sys.argv[1]).readline())["auth"])' "$T/requests.log")" \
		"Bearer hf_fixture_token"
	HF_TOKEN=$'bad\r\nX-Injected: 1' run p sync --date 2026-07-13
	expect_rc 1
	expect_err "HF_TOKEN holds a space or a control character"
	expect_eq "$(requests)" 1 "requests with a bad token"
}

test_sync_quiet_prints_only_errors() {
	start_server
	run p sync -q --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_eq "$(cat "$T/out" "$T/err")" "" "output of a quiet sync"
	faults '{"2026-07-09": {"fault": "error400", "message": "no such day"}}'
	run p sync --quiet --since 2026-07-09 --until 2026-07-09
	expect_rc 3
	expect_eq "$(cat "$T/out")" "" "stdout of a failed quiet sync"
	expect_err "papyr: 2026-07-09: the server answered: no such day (HTTP 400)"
	expect_eq "$(wc -l <"$T/err")" 2 "error lines"
}

test_sync_progress_bar_on_a_terminal() {
	start_server
	script -qec "$PAPYR --db $T/cache.db sync --since 2026-07-10 --until 2026-07-13" \
		"$T/typescript" >/dev/null
	grep -qF "sync [........................] 0/4 days, 0 new" "$T/typescript" ||
		fail "no bar at the start: $(cat -v "$T/typescript")"
	grep -qF "sync [########################] 4/4 days, 25 new" "$T/typescript" ||
		fail "no full bar: $(cat -v "$T/typescript")"
	grep -qF $'\r\033[K' "$T/typescript" || fail "the bar is not redrawn in place"
	grep -qF "synced 4 days: 25 new papers" "$T/typescript" || fail "no summary"
}

test_sync_skips_settled_days_and_resumes_failed_ones() {
	start_server
	faults '{"2026-07-11": {"fault": "500"}}'
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 3
	faults '{}'
	n=$(requests)
	# days fetched once they were 14 days old do not move: only the failed one
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_out "synced 1 day: 0 new papers, 0 updated (3 settled days already cached, skipped)"
	expect_eq "$(($(requests) - n))" 1 "requests to resume"
	expect_eq "$(requests 2026-07-11)" 5 "requests for the failed day"
	run p sync --since 2026-07-10 --until 2026-07-13
	expect_rc 0
	expect_out "nothing to fetch: the 4 settled days asked for are already cached"
	# --date always fetches
	run p sync --date 2026-07-13
	expect_rc 0
	expect_out "synced 1 day: 0 new papers, 14 updated"
}

test_sync_plain_fetches_the_recent_days() {
	start_server
	config "sync_days = 3" "sync_refetch = 2"
	before=$(date -u +%F)
	run p sync
	expect_rc 0
	expect_out "synced 3 days"
	expect_eq "$(requests)" 3 "requests"
	if [ "$(date -u +%F)" = "$before" ]; then # not across midnight
		for d in "$before" "$(date -u -d '-1 day' +%F)" "$(date -u -d '-2 days' +%F)"; do
			expect_eq "$(requests "$d")" 1 "requests for $d"
		done
	fi
	run p sync --days 2
	expect_rc 0
	expect_out "synced 2 days"
}

test_sync_reports_an_unreachable_server() {
	# a port nothing listens on: connecting is refused at once
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	PAPYR_HF_URL="http://127.0.0.1:$port" PAPYR_RETRY_MAX_WAIT=0.1 run p sync --date 2026-07-13
	expect_rc 1
	expect_err "papyr: cannot reach http://127.0.0.1:$port: Failed to connect"
	expect_err "; every day failed"
}

test_sync_future_day_is_the_servers_refusal() {
	start_server
	run p sync --since 2026-07-13 --until "$(date -u -d '+2 days' +%F)" -q
	expect_rc 3
	expect_err "$(date -u -d '+2 days' +%F): the server answered: Date cannot be in the future (HTTP 400)"
	expect_eq "$(papers_on 2026-07-13)" 14
}

test_sync_usage_errors() {
	for args in "--days 0" "--days x" "--days" "--date 2026-02-30" "--date 26-07-13" \
		"--since 2026-07-13 --until 2026-07-10" "--until 2026-07-10" \
		"--days 3 --date 2026-07-13" "--since 2100-01-01" "--bogus" "extra" \
		"--since 1900-01-01"; do
		# shellcheck disable=SC2086
		run p sync $args
		[ "$rc" -eq 2 ] || fail "papyr sync $args: exit $rc, expected 2"
		grep -q "see 'papyr sync --help'" "$T/err" || fail "papyr sync $args: $(cat "$T/err")"
	done
	run p sync --since 2026-07-13 --until 2026-07-10
	expect_err "--until 2026-07-10 is before --since 2026-07-13"
	run p sync --date 2026-02-30
	expect_err "--date takes a date like 2026-06-12, not '2026-02-30'"
	run p sync --help
	expect_rc 0
	expect_out "--since D"
}

test_sync_stops_cleanly_when_told_to() {
	start_server
	config "timeout = 30"
	faults '{"2026-07-11": {"fault": "stall", "seconds": 20}}'
	set +e
	"$PAPYR" --db "$T/cache.db" sync --since 2026-07-10 --until 2026-07-13 >"$T/out" 2>"$T/err" &
	pid=$!
	set -e
	for i in $(seq 200); do
		[ "$(requests 2026-07-11)" -ge 1 ] && [ "$(sql 'SELECT count(*) FROM sync_log' 2>/dev/null)" = 3 ] && break
		sleep 0.05
	done
	kill -TERM "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	expect_rc 3
	expect_err "interrupted with 3 of 4 days stored; run papyr sync again to resume"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 25
	expect_eq "$(sql "SELECT count(*) FROM sync_log WHERE day = '2026-07-11'")" 0 "a cancelled day is not logged"
	integrity_ok
}

test_sync_loads_libcurl_only_for_the_network() {
	# papyr is not linked with libcurl; a transfer loads it. A libcurl that
	# cannot load is found first here: a read does not notice, a sync says so.
	ldd "$PAPYR" >"$T/ldd"
	! grep -q libcurl "$T/ldd" || fail "papyr is linked with libcurl"
	mkdir -p "$T/lib"
	: >"$T/lib/libcurl.so.4"
	LD_LIBRARY_PATH=$T/lib run p list
	expect_rc 0
	LD_LIBRARY_PATH=$T/lib run p sync --date 2026-07-13
	expect_rc 1
	expect_err "papyr: sync: cannot load libcurl (libcurl.so.4): $T/lib/libcurl.so.4"
}
