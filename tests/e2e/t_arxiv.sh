# papyr sync with arXiv as a second source, against arxiv_server.py (and
# server.py for Hugging Face) on 127.0.0.1.

# Starts the arXiv stand-in in $T/ax and points papyr's three arXiv URLs at
# it; arxiv_delay below 3 is allowed with them set.
start_arxiv() {
	mkdir -p "$T/ax"
	rm -f "$T/ax/server.port"
	/usr/bin/python3 "$E2E/arxiv_server.py" --dir "$T/ax" --lifetime 120 \
		>"$T/ax/server.out" 2>&1 &
	echo $! >"$T/ax/server.pid"
	local i
	for i in $(seq 200); do
		[ -s "$T/ax/server.port" ] && break
		sleep 0.05
	done
	[ -s "$T/ax/server.port" ] || fail "the arXiv stand-in did not start: $(cat "$T/ax/server.out")"
	local base="http://127.0.0.1:$(cat "$T/ax/server.port")"
	export PAPYR_ARXIV_RSS_URL=$base PAPYR_ARXIV_OAI_URL=$base/oai
	export PAPYR_ARXIV_API_URL=$base/api/query PAPYR_RETRY_MAX_WAIT=1
}

ax_config() {
	mkdir -p "$HOME/.config/papyr"
	printf '%s\n' "arxiv = cs.LG cs.CL" "arxiv_delay = ${DELAY:-0.2}" "$@" \
		>"$HOME/.config/papyr/config"
}

ax_faults() { printf '%s\n' "$1" >"$T/ax/faults.json"; }

# rss DAY ITEM...: the day's feed in $T/ax/feed.xml; an item is
# "ID|VERSION|TYPE|TITLE|CATEGORIES".
rss() {
	local day=$1 item id v type title cats
	shift
	{
		printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
			'<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>' \
			"<title>cs.LG updates on arXiv.org</title><pubDate>$(date -u -d "$day" '+%a, %d %b %Y') 00:00:00 -0400</pubDate>"
		for item; do
			IFS='|' read -r id v type title cats <<<"$item"
			printf '<item><title>%s</title><link>https://arxiv.org/abs/%s</link>' "$title" "$id"
			printf '<description>arXiv:%sv%s Announce Type: %s \nAbstract: %s, the abstract.</description>' \
				"$id" "$v" "$type" "$title"
			printf '<guid isPermaLink="false">oai:arXiv.org:%sv%s</guid>' "$id" "$v"
			for c in $cats; do printf '<category>%s</category>' "$c"; done
			printf '<arxiv:announce_type>%s</arxiv:announce_type>' "$type"
			printf '<dc:creator>Ann Author, Bo Writer</dc:creator></item>\n'
		done
		printf '</channel></rss>\n'
	} >"$T/ax/feed.xml"
}

# ax_requests [PATH_PREFIX]: how many requests the arXiv stand-in saw.
ax_requests() {
	/usr/bin/python3 - "$T/ax/requests.log" "${1:-}" <<'PY'
import json, sys
try:
    lines = open(sys.argv[1]).read().splitlines()
except FileNotFoundError:
    lines = []
print(sum(1 for l in lines if json.loads(l)["path"].startswith(sys.argv[2])))
PY
}

# ax_spacing DELAY: no two requests closer than DELAY seconds (by the times
# they came in), and never two at once; prints how many it checked.
ax_spacing() {
	/usr/bin/python3 - "$T/ax/requests.log" "$1" <<'PY'
import json, sys
rs = sorted((json.loads(l) for l in open(sys.argv[1]).read().splitlines()),
            key=lambda r: r["came"])
delay = float(sys.argv[2])
for a, b in zip(rs, rs[1:]):
    if b["came"] - a["came"] < delay:
        sys.exit("requests %.3f s apart (%s, %s)" % (b["came"] - a["came"], a["path"], b["path"]))
    if b["came"] < a["sent"]:
        sys.exit("two requests at once (%s, %s)" % (a["path"], b["path"]))
for r in rs:
    if r["inflight"] != 1:
        sys.exit("%d requests at once" % r["inflight"])
print(len(rs))
PY
}

test_arxiv_weekday_feed() {
	start_arxiv
	ax_config
	cp "$FIX/arxiv/rss_cs.LG_2026-04-27_3items.xml" "$T/ax/feed.xml"
	run p sync --arxiv
	expect_rc 0
	expect_out "arXiv: 3 new papers, 0 updated"
	expect_err "arXiv: 2026-04-27: 3 papers announced"
	expect_eq "$(ax_requests /rss/cs.LG+cs.CL)" 1 "one feed for both categories"
	expect_eq "$(sql "SELECT id || ' ' || version || ' ' || announce_type || ' ' || announced
		|| ' ' || day || ' ' || primary_cat || ' ' || sources FROM papers ORDER BY id" | tr '\n' ,)" \
		"2604.21952 1 new 2026-04-27 2026-04-27 cs.LG 2,2604.21953 1 new 2026-04-27 2026-04-27 cs.LG 2,2604.21956 1 new 2026-04-27 2026-04-27 cs.LG 2,"
	expect_eq "$(sql "SELECT categories FROM papers WHERE id = '2604.21953'")" "cs.LG cs.CY"
	expect_eq "$(sql "SELECT authors FROM papers WHERE id = '2604.21953'" | tr '\n' ,)" \
		"Blessed Madukoma,Prasenjit Mitra,"
	run p list date:2026-04-27
	expect_rc 0
	expect_out "Conditional anomaly detection"
	run p show 2604.21952
	expect_rc 0
	expect_out "arXiv:        v1   cs.LG (primary)   cs.LG cs.AI cs.AR cs.NE cs.RO"
	expect_out "Announced:    2026-04-27 (new)"
	expect_out "[4] https://arxiv.org/html/2604.21952"
	run p list cat:cs.cy
	expect_rc 0
	expect_out "2604.21953"
	expect_eq "$(grep -c . "$T/out")" 1
	integrity_ok
}

test_arxiv_weekend_feed_is_empty_not_an_error() {
	start_arxiv
	ax_config
	cp "$FIX/arxiv/rss_cs.CL_2026-08-01_saturday_empty.xml" "$T/ax/feed.xml"
	run p sync --arxiv
	expect_rc 0
	expect_err "no announcement in the feed of 2026-08-01"
	expect_out "arXiv: 0 new papers, 0 updated (no announcement today)"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 0
	expect_eq "$(sql "SELECT count(*) FROM arxiv_state WHERE key = 'last_day'")" 0
}

test_arxiv_without_categories_is_a_usage_error() {
	start_arxiv
	run p sync --arxiv
	expect_rc 2
	expect_err "no arXiv categories"
	expect_eq "$(ax_requests)" 0
	run p sync --arxiv --hf
	expect_rc 2
	ax_config
	run p sync --arxiv --days 3
	expect_rc 2
	expect_err "--days and --date are for"
}

test_arxiv_replacement_of_a_starred_paper_is_updated() {
	start_arxiv
	ax_config
	rss 2026-05-04 "2605.00001|1|new|Sparse mixtures|cs.LG" "2605.00002|1|new|Other work|cs.CL"
	run p sync --arxiv
	expect_rc 0
	p mark 2605.00001 star >/dev/null
	p tag 2605.00001 +toread >/dev/null
	p mark 2605.00001 read >/dev/null
	# a day later: a new version, and a paper cross-listed into cs.LG
	sql "UPDATE state SET read_at = read_at - 10"
	rss 2026-05-05 "2605.00001|2|replace|Sparse mixtures, revised|cs.LG stat.ML" \
		"2604.09999|1|cross|Crossed over|math.OC cs.LG"
	run p sync --arxiv
	expect_rc 0
	expect_out "arXiv: 1 new papers, 1 updated"
	expect_eq "$(sql "SELECT title || '|' || version || '|' || announce_type || '|' || categories
		FROM papers WHERE id = '2605.00001'")" "Sparse mixtures, revised|2|replace|cs.LG stat.ML"
	expect_eq "$(sql "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '2605.00001'")" 1
	expect_eq "$(sql "SELECT tag FROM tags JOIN papers USING (pid) WHERE id = '2605.00001'")" toread
	expect_eq "$(sql "SELECT announce_type || ' ' || primary_cat FROM papers WHERE id = '2604.09999'")" \
		"cross math.OC"
	run p list is:updated
	expect_rc 0
	expect_out "2605.00001"
	expect_no_out "2605.00002"
	expect_eq "$(grep -c . "$T/out")" 1
	awk -F '\t' '$1 == "2605.00001" && $5 == ".*U." { ok = 1 } END { exit !ok }' "$T/out" ||
		fail "no U mark: $(cat "$T/out")"
	# read again: no longer updated
	p mark 2605.00001 unread >/dev/null
	sql "UPDATE papers SET revised = revised - 100"
	p mark 2605.00001 read >/dev/null
	run p list is:updated
	expect_rc 0
	expect_eq "$(grep -c . "$T/out" || true)" 0
}

test_arxiv_history_backfill_with_tokens_and_a_503() {
	start_arxiv
	ax_config
	# cs: 5 records (3 pages of 2), two outside the range or the categories;
	# physics: one hep-th paper the categories do not ask for.
	cat >"$T/ax/oai.json" <<'EOF'
[
 {"id": "2601.00001", "datestamp": "2026-01-05", "set": "cs", "title": "In range, cs.LG",
  "categories": "cs.LG cs.AI", "versions": ["Mon, 5 Jan 2026 10:00:00 GMT"]},
 {"id": "2512.00002", "datestamp": "2026-01-06", "set": "cs", "title": "Revised, first version before",
  "categories": "cs.LG", "versions": ["Mon, 1 Dec 2025 10:00:00 GMT", "Tue, 6 Jan 2026 10:00:00 GMT"]},
 {"id": "2601.00003", "datestamp": "2026-01-07", "set": "cs", "title": "In range, cs.CV only",
  "categories": "cs.CV", "versions": ["Wed, 7 Jan 2026 10:00:00 GMT"]},
 {"id": "2601.00004", "datestamp": "2026-01-20", "set": "cs", "title": "In range, revised later",
  "categories": "cs.CV cs.CL", "versions": ["Thu, 8 Jan 2026 10:00:00 GMT", "Tue, 20 Jan 2026 10:00:00 GMT"],
  "comments": "12 pages"},
 {"id": "2602.00005", "datestamp": "2026-02-02", "set": "cs", "title": "After the range",
  "categories": "cs.LG", "versions": ["Mon, 2 Feb 2026 10:00:00 GMT"]},
 {"id": "2601.00006", "datestamp": "2026-01-05", "set": "physics", "title": "hep-th",
  "categories": "hep-th", "versions": ["Mon, 5 Jan 2026 10:00:00 GMT"]}
]
EOF
	ax_faults '{"oai_503": 1}'
	run p sync --arxiv --since 2026-01-01 --until 2026-01-31
	expect_rc 0
	expect_eq "$(sql 'SELECT id FROM papers ORDER BY id' | tr '\n' ,)" "2601.00001,2601.00004," \
		"the range by first version, the reader's categories"
	expect_eq "$(sql "SELECT version || ' ' || published || ' ' || arxiv_comment FROM papers
		WHERE id = '2601.00004'")" "2 2026-01-08 12 pages"
	# a 503 and its retry, three pages of cs (two tokens); no physics set
	expect_eq "$(ax_requests /oai)" 4
	expect_eq "$(ax_requests '/oai?verb=ListRecords&resumptionToken=')" 2
	expect_eq "$(ax_requests '/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs&from=2026-01-01')" 2
	expect_eq "$(ax_requests '/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=physics')" 0
	expect_eq "$(sql 'SELECT count(*) FROM arxiv_state WHERE key = '"'harvest'")" 0 "harvest done"
	ax_spacing 0.2 >/dev/null
	integrity_ok
}

test_arxiv_history_resumes_after_a_failure() {
	start_arxiv
	ax_config
	/usr/bin/python3 - "$T/ax/oai.json" <<'PY'
import json, sys
json.dump([{"id": "2601.%05d" % i, "datestamp": "2026-01-10", "set": "cs",
            "title": "Paper %d" % i, "categories": "cs.CL",
            "versions": ["Sat, 10 Jan 2026 10:00:00 GMT"]} for i in range(1, 7)],
          open(sys.argv[1], "w"))
PY
	ax_faults '{"oai_fail_from": 1}'
	run p sync --arxiv --since 2026-01-01 --until 2026-01-31
	expect_rc 1
	expect_err "HTTP 500"
	expect_err "run the same papyr sync again to resume"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 2 "the first page stays"
	expect_eq "$(sql "SELECT value FROM arxiv_state WHERE key = 'harvest'")" \
		"2026-01-01 2026-01-31 cs cs|2026-01-01|2"
	ax_faults '{}'
	: >"$T/ax/requests.log"
	run p sync --arxiv --since 2026-01-01 --until 2026-01-31
	expect_rc 0
	expect_err "resuming the history of cs"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 6
	expect_eq "$(ax_requests '/oai?verb=ListRecords&metadataPrefix')" 0 "resumed, not restarted"
	expect_eq "$(ax_requests '/oai?verb=ListRecords&resumptionToken=cs%7C2026-01-01%7C2')" 1
	# a saved point the server no longer knows starts the set again
	sql "INSERT INTO arxiv_state VALUES ('harvest', '2026-01-01 2026-01-31 cs expired')"
	run p sync --arxiv --since 2026-01-01 --until 2026-01-31
	expect_rc 0
	expect_err "has expired; starting it again"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 6
}

test_arxiv_missed_days_are_filled_in() {
	start_arxiv
	ax_config
	rss 2026-05-04 "2605.00001|1|new|Monday paper|cs.LG"
	run p sync --arxiv
	expect_rc 0
	expect_eq "$(ax_requests /oai)" 0 "nothing missed"
	# Thursday's feed; Tuesday and Wednesday were missed
	cat >"$T/ax/oai.json" <<'EOF'
[{"id": "2605.00010", "datestamp": "2026-05-05", "set": "cs", "title": "Missed on Tuesday",
  "categories": "cs.CL", "versions": ["Mon, 4 May 2026 10:00:00 GMT"]},
 {"id": "2605.00011", "datestamp": "2026-05-06", "set": "cs", "title": "Missed on Wednesday",
  "categories": "cs.LG", "versions": ["Tue, 5 May 2026 10:00:00 GMT"]}]
EOF
	rss 2026-05-07 "2605.00020|1|new|Thursday paper|cs.LG"
	run p sync --arxiv
	expect_rc 0
	expect_err "announcement days missed since 2026-05-04"
	expect_eq "$(sql 'SELECT id FROM papers ORDER BY id' | tr '\n' ,)" \
		"2605.00001,2605.00010,2605.00011,2605.00020,"
	expect_eq "$(ax_requests '/oai?verb=ListRecords&metadataPrefix=arXivRaw&set=cs&from=2026-05-04')" 1
	expect_eq "$(sql "SELECT value FROM arxiv_state WHERE key = 'last_day'")" 2026-05-07
}

test_arxiv_and_hf_merge_and_one_failing_source_exits_3() {
	start_arxiv
	start_server
	ax_config
	# 2607.07673 is on Hugging Face's list of 2026-07-13
	rss 2026-07-14 "2607.07673|2|replace|MedPMC, as arXiv has it|cs.CL cs.LG"
	# the query API describes another of that day's papers, after an empty page
	hf2=$(/usr/bin/python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))[1]["paper"]["id"])' "$FIX/hf/days/2026-07-13.json")
	printf '{"%s": {"title": "As the API has it", "categories": "cs.CV cs.AI", "version": 3,
		"journal_ref": "J. Tests 2 (2026)"}}\n' "$hf2" >"$T/ax/api.json"
	ax_faults '{"api_empty": 1}'
	run p sync --date 2026-07-13
	expect_rc 0
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 14 "one row per paper"
	expect_eq "$(sql "SELECT title || '|' || sources || '|' || version || '|' || listed || '|'
		|| announced || '|' || day FROM papers WHERE id = '2607.07673'")" \
		"MedPMC, as arXiv has it|3|2|2026-07-13|2026-07-14|2026-07-14"
	expect_eq "$(sql "SELECT title || '|' || sources || '|' || version || '|' || primary_cat || '|'
		|| journal_ref FROM papers WHERE id = '$hf2'")" \
		"As the API has it|3|3|cs.CV|J. Tests 2 (2026)"
	expect_eq "$(ax_requests /api/query)" 2 "the empty page was asked again"
	expect_err "the query API answered an empty page; asking again"
	# arXiv down, Hugging Face up: 3
	kill "$(cat "$T/ax/server.pid")"
	wait "$(cat "$T/ax/server.pid")" 2>/dev/null || true
	run p sync --date 2026-07-13
	expect_rc 3
	expect_err "arXiv: the announcement feed"
	# Hugging Face down, arXiv up: 3
	start_arxiv
	rss 2026-07-15 "2607.99999|1|new|Another|cs.LG"
	export PAPYR_HF_URL=http://127.0.0.1:9
	run p sync --date 2026-07-13
	expect_rc 3
	expect_out "arXiv: 1 new papers"
	# --hf alone does not ask arXiv
	: >"$T/ax/requests.log"
	export PAPYR_HF_URL="http://127.0.0.1:$(cat "$T/server.port")"
	run p sync --hf --date 2026-07-13
	expect_rc 0
	expect_eq "$(ax_requests)" 0
}

# arXiv's terms: one request at a time, the delay apart, across every run of
# the user's, here two syncs of two caches started together.
test_arxiv_requests_keep_their_distance() {
	start_arxiv
	DELAY=0.6 ax_config
	ax_faults '{"oai_503": 1, "slow": 0.2}'
	/usr/bin/python3 - "$T/ax/oai.json" <<'PY'
import json, sys
json.dump([{"id": "2601.%05d" % i, "datestamp": "2026-01-10", "set": "cs",
            "title": "Paper %d" % i, "categories": "cs.CL",
            "versions": ["Sat, 10 Jan 2026 10:00:00 GMT"]} for i in range(1, 6)],
          open(sys.argv[1], "w"))
PY
	"$PAPYR" --db "$T/one.db" sync --arxiv --since 2026-01-01 >"$T/one.out" 2>&1 &
	local one=$!
	"$PAPYR" --db "$T/two.db" sync --arxiv --since 2026-01-01 >"$T/two.out" 2>&1 &
	local two=$!
	wait $one || fail "the first sync failed: $(cat "$T/one.out")"
	wait $two || fail "the second sync failed: $(cat "$T/two.out")"
	expect_eq "$(sqlite3 "$T/one.db" 'SELECT count(*) FROM papers')" 5
	expect_eq "$(sqlite3 "$T/two.db" 'SELECT count(*) FROM papers')" 5
	# 1 503 and 3 pages each
	expect_eq "$(ax_spacing 0.6)" 7
	[ -s "$HOME/.local/share/papyr/arxiv.gate" ] || fail "no gate file"
}

# Exports carry arXiv's primary category and version; papyr's JSON brings
# every arXiv field back.
test_arxiv_exports_and_round_trip() {
	start_arxiv
	ax_config
	rss 2026-05-04 "2605.00001|3|replace|Sparse mixtures|cs.LG stat.ML"
	run p sync --arxiv
	expect_rc 0
	run p export id:2605.00001 --format bibtex
	expect_rc 0
	expect_out "primaryClass = {cs.LG},"
	expect_out "version = {3},"
	/usr/bin/python3 - "$T/out" <<'PY'
import sys
from pybtex.database import parse_file
(e,) = parse_file(sys.argv[1], "bibtex").entries.values()
assert e.fields["primaryClass"] == "cs.LG" and e.fields["version"] == "3", e.fields
PY
	run p export --all --format json -o "$T/all.json"
	expect_rc 0
	"$PAPYR" --db "$T/again.db" import "$T/all.json" >/dev/null
	local cols="id, sources, version, primary_cat, categories, announced, announce_type, day"
	expect_eq "$(sqlite3 "$T/again.db" "SELECT $cols FROM papers")" \
		"$(sql "SELECT $cols FROM papers")" "the round trip"
	expect_eq "$(sql "SELECT version || ' ' || categories FROM papers")" "3 cs.LG stat.ML"
}

# R in the interface syncs both sources.
test_arxiv_tui_r_syncs_both() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	start_arxiv
	start_server
	ax_config
	cp "$FIX/arxiv/rss_cs.LG_2026-04-27_3items.xml" "$T/ax/feed.xml"
	TUI_ENV="PAPYR_HF_URL=$PAPYR_HF_URL PAPYR_RETRY_MAX_WAIT=1 \
PAPYR_ARXIV_RSS_URL=$PAPYR_ARXIV_RSS_URL PAPYR_ARXIV_OAI_URL=$PAPYR_ARXIV_OAI_URL \
PAPYR_ARXIV_API_URL=$PAPYR_ARXIV_API_URL" tui_shell 160 40
	tk "exec_papyr" Enter
	tui_wait " 1/30"
	tk R
	tui_wait "then arXiv"
	tui_wait "arXiv: 3 new, 0 updated" 300
	tui_wait "/33"
	expect_eq "$(sql 'SELECT count(*) FROM papers WHERE sources = 2')" 3
	expect_eq "$(ax_requests /rss/cs.LG+cs.CL)" 1
	tui_quit_sane
}

# Saved arXiv answers import as the JSON ones do: whole, or not at all.
test_arxiv_xml_imports() {
	run p import "$FIX/arxiv/api_query_25entries_2026-08-02.xml" \
		"$FIX/arxiv/rss_cs.CL_2026-08-01_saturday_empty.xml"
	expect_rc 0
	expect_out "api_query_25entries_2026-08-02.xml: 25 papers, 25 new, 0 updated"
	expect_out "rss_cs.CL_2026-08-01_saturday_empty.xml: 0 papers, 0 new, 0 updated"
	expect_eq "$(sql "SELECT primary_cat || ' ' || published FROM papers WHERE id = '2607.28628'")" \
		"hep-th 2026-07-30"
	head -c 3000 "$FIX/arxiv/rss_cs.LG_2026-04-27_3items.xml" >"$T/cut.xml"
	run p import "$T/cut.xml"
	expect_rc 1
	expect_err "cut.xml: not valid XML"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 25
	integrity_ok
}

# A feed that is cut, an HTML page, hostile or huge: a clear message, the
# cache as it was, and the other source still lands.
test_arxiv_bad_feeds_change_nothing() {
	start_arxiv
	ax_config
	rss 2026-05-04 "2605.00001|1|new|Kept|cs.LG"
	run p sync --arxiv
	expect_rc 0
	local fault want
	for fault in "cut|the connection closed before the whole answer came" "html|an HTML page, not an arXiv feed" \
		"doctype|a document type declaration is not allowed" \
		"deep|elements nest more than 32 deep"; do
		IFS='|' read -r fault want <<<"$fault"
		ax_faults "{\"feed\": \"$fault\"}"
		run p sync --arxiv
		expect_rc 1
		expect_err "arXiv: the announcement feed"
		expect_err "$want"
		expect_eq "$(sql 'SELECT group_concat(id || title) FROM papers')" "2605.00001Kept" "$fault"
	done
	# a paper over a limit is named and left out; the feed's others land
	ax_faults '{"feed": "huge"}'
	run p sync --arxiv
	expect_rc 0
	expect_err "entry 0 (2605.00001) left out: title is 10485760 bytes long, more than 2048"
	expect_eq "$(sql 'SELECT group_concat(id || title) FROM papers')" "2605.00001Kept"
	integrity_ok
}
