# A paper the cache refuses costs that paper, not its file or its day: the
# others are stored, every refused one is named, and --strict keeps the
# all-or-nothing of old.

PDAY30=$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json

# Thirteen papers of a real day, three of them bad: papers 2, 8 and 13.
thirteen_with_three_bad() {
	/usr/bin/python3 - "$PDAY30" "$T/bad13.json" <<'PY'
import json, sys
papers = json.load(open(sys.argv[1]))[:13]
papers[1]["paper"]["title"] = "x" * 3000
papers[7]["paper"]["upvotes"] = "many"
papers[12] = {"paper": {"title": "a paper with no id"}}
json.dump(papers, open(sys.argv[2], "w"))
PY
	id2=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[1]["paper"]["id"])' "$T/bad13.json")
	id8=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[7]["paper"]["id"])' "$T/bad13.json")
}

test_import_stores_the_good_papers_and_names_every_bad_one() {
	thirteen_with_three_bad
	run p import bad13.json
	expect_rc 1
	expect_err "papyr: bad13.json: paper 2 ($id2): paper.title is 3000 bytes long, more than 2048"
	expect_err "papyr: bad13.json: paper 8 ($id8): paper.upvotes is a string, expected a number"
	expect_err "papyr: bad13.json: paper 13: paper.id is missing"
	expect_eq "$(wc -l <"$T/err")" 3 "lines on stderr"
	expect_out "bad13.json: 13 papers, 10 new, 0 updated, 3 refused"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 10
	expect_eq "$(sql "SELECT count(*) FROM papers WHERE id IN ('$id2', '$id8')")" 0
	integrity_ok
}

test_import_strict_stores_nothing_and_names_every_bad_one() {
	thirteen_with_three_bad
	run p import --strict bad13.json
	expect_rc 1
	expect_err "papyr: bad13.json: paper 2 ($id2): paper.title is 3000 bytes long"
	expect_err "papyr: bad13.json: paper 8 ($id8): paper.upvotes is a string"
	expect_err "papyr: bad13.json: paper 13: paper.id is missing"
	expect_err "papyr: bad13.json: 3 of 13 papers refused (nothing from it was stored)"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 0
	# a good file is stored whole with --strict too, stdin as well
	run p import --strict - <"$PDAY30"
	expect_rc 0
	expect_out "stdin: 30 papers, 30 new, 0 updated"
}

test_import_refuses_a_bad_entry_of_json_and_keeps_the_rest() {
	printf '[{"paper": {"id": "2601.00001", "title": "One", "summary": ""}},\n' >mixed.json
	printf ' {"paper": {"id": "2601.00002", "title": "Two" "summary": ""}},\n' >>mixed.json
	printf ' 7,\n {"paper": {"id": "2601.00003", "title": "Three"}}]\n' >>mixed.json
	run p import mixed.json
	expect_rc 1
	expect_err "papyr: mixed.json: paper 2: invalid JSON near byte"
	expect_err "papyr: mixed.json: paper 3: is a number, expected an object"
	expect_eq "$(sql 'SELECT group_concat(id, " ") FROM (SELECT id FROM papers ORDER BY id)')" \
		"2601.00001 2601.00003"
	# a file cut off is still no list of papers: nothing of it is stored
	head -c 60 mixed.json >cut.json
	run p import cut.json
	expect_rc 1
	expect_err "nothing from it was stored"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 2
}

log_of() { sql "SELECT coalesce(error, '-') || '|' || partial_tries || '|' || coalesce(refused, '-') FROM sync_log WHERE day = '$1'"; }

test_sync_day_with_a_bad_paper_stores_the_rest_until_settled() {
	start_server
	faults '{"2026-07-13": {"fault": "title_long"}}'
	local why="paper 1 (2607.07673): paper.title is 3000 bytes long, more than 2048"
	run p sync --date 2026-07-13
	expect_rc 3
	expect_err "papyr: 2026-07-13: 1 paper refused, the others stored (partial, try 1 of 3): $why"
	expect_err "1 day failed (2026-07-13); run papyr sync again"
	expect_out "synced 0 of 1 days: 13 new papers, 0 updated"
	expect_eq "$(papers_on 2026-07-13)" 13
	expect_eq "$(log_of 2026-07-13)" "1 paper refused, the others stored|1|$why"
	integrity_ok
	# a range sync takes it again, not settled: a partial day is no fetched day
	run p sync --since 2026-07-13 --until 2026-07-13
	expect_rc 3
	expect_err "(partial, try 2 of 3): $why"
	# the third partial fetch settles it, its paper named in the log
	run p sync --since 2026-07-13 --until 2026-07-13
	expect_rc 0
	expect_err "papyr: 2026-07-13: settled without 1 paper refused 3 times: $why"
	expect_out "synced 1 day: 0 new papers, 13 updated"
	expect_eq "$(log_of 2026-07-13)" "-|3|$why"
	expect_eq "$(requests 2026-07-13)" 3
	run p sync --since 2026-07-13 --until 2026-07-13
	expect_rc 0
	expect_out "nothing to fetch"
	expect_eq "$(requests 2026-07-13)" 3 "requests once settled"
	# once whole, the day's partial past is forgotten
	faults '{}'
	run p sync --date 2026-07-13
	expect_rc 0
	expect_eq "$(papers_on 2026-07-13)" 14
	expect_eq "$(log_of 2026-07-13)" "-|0|-"
	integrity_ok
}

test_sync_strict_stores_nothing_of_a_day_with_a_bad_paper() {
	start_server
	faults '{"2026-07-13": {"fault": "title_number"}}'
	run p sync --strict --since 2026-07-10 --until 2026-07-13
	expect_rc 3
	expect_err "papyr: 2026-07-13: 1 paper refused, nothing stored (--strict): paper 1 (2607.07673): paper.title is a number, expected a string"
	expect_eq "$(papers_on 2026-07-13)" 0
	expect_eq "$(papers_on 2026-07-10)" 11
	expect_eq "$(sql "SELECT fetched_at || '|' || partial_tries FROM sync_log WHERE day = '2026-07-13'")" "0|0"
}

test_sync_names_twenty_refused_papers_and_counts_the_rest() {
	start_server
	faults '{"2026-06-12": {"fault": "titles_long"}}'
	run p sync --date 2026-06-12
	expect_rc 3
	expect_err "papyr: 2026-06-12: 30 papers refused, the others stored (partial, try 1 of 3): paper 1 ("
	expect_err "; paper 20 ("
	expect_err "3000 bytes long, more than 2048; and 10 more"
	[ "$(grep -c 'paper 21 (' "$T/err")" = 0 ] || fail "paper 21 named"
	expect_eq "$(papers_on 2026-06-12)" 0
	expect_eq "$(sql "SELECT length(refused) - length(replace(refused, char(10), '')) FROM sync_log WHERE day = '2026-06-12'")" 20 "line breaks in the log"
	expect_eq "$(sql "SELECT substr(refused, -11) FROM sync_log WHERE day = '2026-06-12'")" "and 10 more"
}
