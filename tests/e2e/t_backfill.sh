# A --since range that covers whole months asks month=YYYY-MM, page by
# page, instead of a request a day; each day is still stored on its own
# with its line in the sync log.

bf_server() {
	start_server
	export PAPYR_RETRY_MAX_WAIT=2 PAPYR_SYNC_PAGE_SIZE=10
}

# list_requests: the daily_papers requests, "month=M p=N" or "date=D p=N".
list_requests() {
	/usr/bin/python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"] == "/api/daily_papers":
        q = r["query"]
        print(("month=" + q["month"]) if "month" in q else ("date=" + q["date"]), "p=" + q.get("p", "0"))' \
		"$T/requests.log"
}

test_backfill_asks_one_request_per_month_page() {
	bf_server
	run p sync --since 2026-06-01 --until 2026-07-31
	expect_rc 0
	expect_out "synced 61 days: 55 new papers, 0 updated"
	# June: 30 papers, pages of 10 and the short one that ends it; July: 25
	expect_eq "$(list_requests | sort | tr '\n' ,)" \
		"$(printf 'month=2026-06 p=%s,' 0 1 2 3; printf 'month=2026-07 p=%s,' 0 1 2)" \
		"requests"
	expect_eq "$(sql 'SELECT count(*) FROM sync_log WHERE error IS NULL')" 61 "days logged"
	expect_eq "$(sql "SELECT day || ' ' || papers FROM sync_log WHERE papers > 0 ORDER BY day" | tr '\n' ,)" \
		"2026-06-12 30,2026-07-10 11,2026-07-13 14," "papers a day"
	expect_eq "$(sql "SELECT count(*) FROM paper_days WHERE day = '2026-07-13'")" 14 "listed days"
	integrity_ok
	# a range that covers part of a month asks that part day by day
	rm -f cache.db* requests.log
	run p sync --since 2026-06-20 --until 2026-07-31
	expect_rc 0
	expect_eq "$(list_requests | grep -c '^date=2026-06-')" 11 "June's days one by one"
	expect_eq "$(list_requests | grep -c '^month=2026-07')" 3 "July's pages"
	expect_eq "$(list_requests | grep -c 'month=2026-06')" 0 "no June month"
}

test_backfill_month_failures_and_rate_limits() {
	bf_server
	echo '{"2026-07": {"fault": "500"}}' >faults.json
	run p sync --since 2026-06-01 --until 2026-07-31
	expect_rc 3
	expect_err "31 days failed"
	expect_eq "$(sql "SELECT count(*) FROM sync_log WHERE error LIKE 'month 2026-07: %'")" 31 \
		"July's days logged as failed"
	expect_eq "$(sql "SELECT count(*) FROM paper_days WHERE day LIKE '2026-07-%'")" 0 "July stored"
	expect_eq "$(sql "SELECT count(*) FROM paper_days WHERE day LIKE '2026-06-%'")" 30 "June stored"
	# the server asks to wait (RateLimit): papyr waits and goes on
	echo '{"2026-07": {"fault": "ratelimit", "t": 1, "times": 1, "page": 1}}' >faults.json
	rm -f requests.log
	run p sync --since 2026-07-01 --until 2026-07-31
	expect_rc 0
	expect_out "synced 31 days: 25 new papers"
	expect_eq "$(list_requests | tr '\n' ,)" \
		"month=2026-07 p=0,month=2026-07 p=1,month=2026-07 p=1,month=2026-07 p=2," \
		"the limited page asked again"
	# a paper the cache refuses: the month's days are fetched one by one
	rm -f cache.db* requests.log
	echo '{"2026-07": {"fault": "title_number", "page": 0}}' >faults.json
	run p sync --since 2026-07-01 --until 2026-07-31
	expect_eq "$(list_requests | grep '^date=2026-07-' | cut -d' ' -f1 | sort -u | wc -l)" 31 \
		"July's days one by one"
	expect_eq "$(sql "SELECT count(*) FROM paper_days WHERE day LIKE '2026-07-%'")" 25 "July stored"
}

# fixture_order DAY: the ids of the day's fixture, in the order served.
fixture_order() {
	/usr/bin/python3 -c 'import json, sys; print("\n".join(e["paper"]["id"] for e in json.load(open(sys.argv[1]))))' \
		"$FIX/hf/days/$1.json"
}

# sort:trending keeps the order Hugging Face gives with sort=trending, per
# day, whether the day came alone or with its month.
test_sort_trending_keeps_the_order_of_each_day() {
	bf_server
	run p sync --since 2026-07-12 --until 2026-07-13
	expect_rc 0
	expect_eq "$(list_requests | grep -c .)" "$(grep -c 'sort=trending\|"sort": "trending"' "$T/requests.log")" \
		"every list asked in trending order"
	run p list date:2026-07-13 sort:trending --format ids
	expect_eq "$(cat "$T/out")" "$(fixture_order 2026-07-13)" "2026-07-13 in trending order"
	run p list date:2026-07-13 sort:-trending --format ids
	expect_eq "$(cat "$T/out")" "$(fixture_order 2026-07-13 | tac)" "reversed"
	# by month: each day keeps its own order, newest day first
	rm -f cache.db*
	run p sync --since 2026-07-01 --until 2026-07-31
	expect_rc 0
	run p list sort:trending --format ids
	expect_eq "$(cat "$T/out")" "$(fixture_order 2026-07-13; fixture_order 2026-07-10)" \
		"July in trending order, day by day"
	[ "$(fixture_order 2026-07-13)" != "$(p list date:2026-07-13 --format ids)" ] ||
		fail "the fixture's order is also the default one: the test would prove nothing"
}
