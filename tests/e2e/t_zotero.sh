# papyr zotero against a stand-in for Zotero's connector (zotero.py), which
# checks every item it receives and can refuse, stall or close.

ZDAY30=$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json
ZHOSTILE=$FIX/hostile.json

# start_zotero [MODE]: the stand-in, its address in PAPYR_ZOTERO_URL.
start_zotero() {
	rm -f "$T/zotero.port"
	/usr/bin/python3 "$E2E/zotero.py" --dir "$T" --mode "${1:-ok}" --lifetime 60 \
		>"$T/zotero.out" 2>&1 &
	echo $! >"$T/zotero.pid"
	local i
	for i in $(seq 200); do
		[ -s "$T/zotero.port" ] && break
		sleep 0.05
	done
	[ -s "$T/zotero.port" ] || fail "the stand-in connector did not start: $(cat "$T/zotero.out")"
	export PAPYR_ZOTERO_URL="http://127.0.0.1:$(cat "$T/zotero.port")"
}

stop_zotero() {
	kill "$(cat "$T/zotero.pid")" 2>/dev/null || true
	wait "$(cat "$T/zotero.pid")" 2>/dev/null || true
	rm -f "$T/zotero.pid"
}

# saved_ids: the archive ids of every item the stand-in kept, one a line.
saved_ids() {
	[ -f "$T/saved.jsonl" ] || return 0
	/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    for it in json.loads(line)["items"]:
        print(it["archiveID"][len("arXiv:"):])' "$T/saved.jsonl"
}

test_zotero_sends_preprints_with_tags_notes_and_dois() {
	p import "$ZDAY30" "$ZHOSTILE" >/dev/null
	p tag 2606.00467 2609.00001 +toread +'we{ird}' >/dev/null
	p note 2609.00001 'a <b>note</b> & more
second line' >/dev/null
	start_zotero
	run p zotero tag:toread
	expect_rc 0
	expect_out "sent 2 papers to Zotero"
	expect_eq "$(saved_ids | sort | tr '\n' ' ')" "2606.00467 2609.00001 " "saved"
	/usr/bin/python3 - "$T/saved.jsonl" "$T/requests.log" <<'PY' || fail "what Zotero got"
import json, sys
saves = [json.loads(l) for l in open(sys.argv[1])]
assert len(saves) == 1, "one saveItems request"
items = {it["archiveID"]: it for it in saves[0]["items"]}
it = items["arXiv:2609.00001"]
assert it["DOI"] == "10.48550/arXiv.2609.00001"
assert sorted(t["tag"] for t in it["tags"]) == ["toread", "we{ird}"], it["tags"]
assert it["notes"] == [{"note": "<p>a &lt;b&gt;note&lt;/b&gt; &amp; more<br/>second line</p>"}], it["notes"]
assert it["repository"] == "arXiv" and it["itemType"] == "preprint"
other = items["arXiv:2606.00467"]
assert other["abstractNote"] and other["date"].startswith("2026-")
assert other["creators"][0]["creatorType"] == "author"
reqs = [json.loads(l) for l in open(sys.argv[2])]
assert [r["path"] for r in reqs] == ["/connector/ping", "/connector/saveItems"], reqs
assert reqs[1]["api"] == "3" and reqs[1]["type"] == "application/json", reqs[1]
PY
	# remembered: not sent again, unless --again
	run p list is:inzotero --format ids
	expect_eq "$(sort "$T/out" | tr '\n' ' ')" "2606.00467 2609.00001 " "is:inzotero"
	run p zotero tag:toread
	expect_rc 0
	expect_out "nothing sent; 2 sent before left out (--again sends them again)"
	expect_eq "$(wc -l <"$T/saved.jsonl")" 1 "saves after a second run"
	run p zotero tag:toread --again
	expect_rc 0
	expect_out "sent 2 papers to Zotero"
	expect_eq "$(wc -l <"$T/saved.jsonl")" 2 "saves after --again"
	run p list -is:inzotero --format ids
	expect_eq "$(grep -c . "$T/out")" 38 "papers not in Zotero"
}

test_zotero_needs_a_query() {
	p import "$ZDAY30" >/dev/null
	run p zotero
	expect_rc 2
	expect_err "a query is needed"
	run p zotero 'title:('
	expect_rc 2
	expect_err "query:"
}

test_zotero_not_running_sends_nothing() {
	p import "$ZDAY30" >/dev/null
	start_zotero
	port=$(cat zotero.port)
	stop_zotero
	run env PAPYR_ZOTERO_URL="http://127.0.0.1:$port" "$PAPYR" --db "$T/cache.db" zotero upvotes:'>0'
	expect_rc 1
	expect_eq "$(cat "$T/err")" 'papyr: Zotero is not running: start it, or export with `papyr export`'
	expect_eq "$(sql 'SELECT count(*) FROM zotero_sent')" 0 "remembered as sent"
	# the setting, for when the variable is not set
	mkdir -p cfg/papyr
	echo "zotero_url = http://127.0.0.1:$port/" >cfg/papyr/config
	run env -u PAPYR_ZOTERO_URL XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" zotero upvotes:'>0'
	expect_rc 1
	expect_err "Zotero is not running"
	echo "zotero_url = ftp://x" >cfg/papyr/config
	run env -u PAPYR_ZOTERO_URL XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" zotero upvotes:'>0'
	expect_rc 1
	expect_err "zotero_url must start with https:// or http://"
}

test_zotero_refusing_stalling_or_closing_marks_nothing() {
	p import "$ZDAY30" >/dev/null
	start_zotero refuse
	run p zotero upvotes:'>0'
	expect_rc 1
	expect_err "the library selected in Zotero is read-only"
	stop_zotero
	start_zotero close
	run p zotero upvotes:'>0'
	expect_rc 1
	expect_err "Zotero did not confirm the save"
	stop_zotero
	mkdir -p cfg/papyr
	echo "timeout = 2" >cfg/papyr/config
	start_zotero stall
	run env XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" zotero upvotes:'>0'
	expect_rc 1
	expect_err "Zotero did not confirm the save (no complete answer within 2 s)"
	stop_zotero
	expect_eq "$(sql 'SELECT count(*) FROM zotero_sent')" 0 "remembered as sent"
	[ ! -f saved.jsonl ] || fail "the stand-in kept something"
}
