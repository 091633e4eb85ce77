# The cache commands: import, list, show, tag, mark, note.

DAY30=$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json
DAY25=$FIX/hf/daily_papers_limit25_2026-07-13_spans_two_days.json
SEARCH=$FIX/hf/papers_search_q-diffusion_3results.json
SINGLE=$FIX/hf/paper_2608.09888.json

test_import_every_fixture_then_list_json() {
	run p import "$DAY30" "$DAY25" "$SEARCH" "$SINGLE"
	expect_rc 0
	expect_out "daily_papers_limit30_2026-06-12_with_ai_fields.json: 30 papers, 30 new, 0 updated"
	expect_out "papers_search_q-diffusion_3results.json: 3 papers, 3 new, 0 updated"
	run p list --format json
	expect_rc 0
	n=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")
	expect_eq "$n" 59 "papers listed"
	/usr/bin/python3 - "$T/out" <<'PY' || fail "fields"
import json, sys
papers = {p["id"]: p for p in json.load(open(sys.argv[1]))}
p = papers["2608.09888"]
assert p["authors"][0] == "Björn Engdahl", p["authors"]
assert "Przemysław Uznański" in p["authors"]
assert p["github_stars"] == 11184 and p["upvotes"] == 782
assert p["days"] == ["2026-08-11"], p["days"]
assert p["links"]["pdf"] == "https://arxiv.org/pdf/2608.09888"
ddpm = papers["2006.11239"]
assert ddpm["days"] == [] and ddpm["published"] == "2020-06-19"
assert "\n" in ddpm["abstract"]
first = papers["2606.00467"]
assert first["ai_summary"] and len(first["ai_keywords"]) == 14
assert first["comments"] == 2 and first["read"] is False
PY
	integrity_ok
}

test_hidden_authors_are_left_out() {
	p import "$DAY30" >/dev/null
	hidden=$(/usr/bin/python3 -c '
import json,sys
for e in json.load(open(sys.argv[1])):
    for a in e["paper"]["authors"]:
        if a.get("hidden"): print(e["paper"]["id"], a["name"])' "$DAY30")
	[ -n "$hidden" ] || fail "fixture has no hidden author"
	set -- $hidden
	id=$1; shift
	run p show "$id"
	expect_rc 0
	expect_no_out "$*"
}

test_reimport_adds_nothing_twice_and_keeps_state() {
	p import "$DAY30" >/dev/null
	p tag 2606.00467 +toread +ml >/dev/null
	p mark 2606.00467 star read >/dev/null
	p note 2606.00467 "check section 4" >/dev/null
	run p import "$DAY30"
	expect_out "30 papers, 0 new, 30 updated"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 30
	expect_eq "$(sql 'SELECT count(*) FROM paper_days')" 30
	run p show 2606.00467
	expect_out "read, starred"
	expect_out "ml toread"
	expect_out "check section 4"
	integrity_ok
}

test_list_filters_and_formats() {
	p import "$DAY25" >/dev/null
	run p list --day 2026-07-10 --format ids
	expect_eq "$(wc -l <"$T/out")" 11 "papers on 2026-07-10"
	p tag 2607.07673 +toread >/dev/null
	run p list --tag toread --format tsv
	expect_eq "$(cut -f1 "$T/out")" 2607.07673
	expect_out "toread"
	p mark 2607.07673 dismiss >/dev/null
	run p list --tag toread --format ids
	expect_eq "$(cat "$T/out")" "" "dismissed hidden"
	run p list --tag toread --all --format ids
	expect_eq "$(cat "$T/out")" 2607.07673
	run p list --sort upvotes --limit 3 --format tsv
	expect_eq "$(wc -l <"$T/out")" 3
	run p list --sort -upvotes --limit 1 --format tsv
	expect_eq "$(cut -f3 "$T/out")" 0 "fewest upvotes first"
}

test_list_pages_past_many_rows_in_order() {
	# 600 papers on one day: the keyset pages (256 rows) must neither skip
	# nor repeat a row at their seams, even when upvotes tie.
	/usr/bin/python3 - >"$T/many.json" <<'PY'
import json
print(json.dumps([{"paper": {"id": "2601.%05d" % i, "title": "Paper %d" % i,
  "upvotes": i % 7, "submittedOnDailyAt": "2026-01-%02dT00:00:00.000Z" % (1 + i % 3),
  "authors": []}, "numComments": 0} for i in range(600)]))
PY
	p import "$T/many.json" >/dev/null
	run p list --format ids
	expect_eq "$(wc -l <"$T/out")" 600
	expect_eq "$(sort -u "$T/out" | wc -l)" 600 "no repeats"
	sql "SELECT id FROM papers ORDER BY day DESC, upvotes DESC, pid DESC" >"$T/want"
	cmp -s "$T/out" "$T/want" || fail "order differs from the sort"
}

test_show_unknown_id_fails() {
	p import "$SINGLE" >/dev/null
	run p show 9999.99999
	expect_rc 1
	expect_err "9999.99999: no such paper in the cache"
}

test_tag_and_mark_are_all_or_nothing() {
	p import "$SINGLE" >/dev/null
	run p tag 2608.09888 9999.99999 +toread
	expect_rc 1
	expect_err "nothing was changed"
	expect_eq "$(sql 'SELECT count(*) FROM tags')" 0
	run p tag 2608.09888 "+bad tag"
	expect_rc 1
	expect_err "not a valid tag"
	run p mark 2608.09888
	expect_rc 2
	run p tag 2608.09888 +a +b
	run p tag 2608.09888 -a
	expect_eq "$(sql 'SELECT tag FROM tags')" b
}

test_note_with_editor_and_text() {
	p import "$SINGLE" >/dev/null
	cat >"$T/ed" <<'SH'
#!/bin/sh
printf 'first line\nsecond line\n' > "$1"
SH
	chmod +x "$T/ed"
	EDITOR="$T/ed" run p note 2608.09888
	expect_rc 0
	expect_eq "$(sql 'SELECT body FROM notes')" "first line
second line"
	run p note 2608.09888 ""
	expect_out "note removed"
	expect_eq "$(sql 'SELECT count(*) FROM notes')" 0
	EDITOR="false" run p note 2608.09888
	expect_rc 1
	expect_err "the editor exited with status 1"
}

test_bad_import_changes_nothing() {
	p import "$DAY30" >/dev/null
	before=$(sql 'SELECT group_concat(id || upvotes) FROM papers')
	head -c 50000 "$DAY25" >"$T/cut.json"
	run p import "$T/cut.json"
	expect_rc 1
	expect_err "cut off"
	printf '<html><body>502 Bad Gateway</body></html>' >"$T/page.json"
	run p import "$T/page.json"
	expect_err "an HTML page, not JSON"
	printf '[{"paper": {"id": "2601.00001", "title": 42}}]' >"$T/type.json"
	run p import "$T/type.json"
	expect_rc 1
	expect_err "papyr: $T/type.json: paper 1 (2601.00001): paper.title is a number, expected a string"
	expect_eq "$(sql 'SELECT group_concat(id || upvotes) FROM papers')" "$before"
	integrity_ok
}

test_cache_is_private() {
	export XDG_DATA_HOME="$T/data"
	"$PAPYR" import "$SINGLE" >/dev/null
	expect_eq "$(stat -c %a "$T/data/papyr")" 700
	expect_eq "$(stat -c %a "$T/data/papyr/papyr.db")" 600
}

test_usage_errors() {
	run "$PAPYR" frobnicate
	expect_rc 2
	expect_err "'frobnicate' is not a papyr command"
	run "$PAPYR" list --help
	expect_rc 0
	expect_out "usage: papyr list"
	run "$PAPYR" --version
	expect_out "papyr "
	mkdir -p "$T/cfg/papyr"
	printf 'sync_days = 3\ncolour = blue\n' >"$T/cfg/papyr/config"
	XDG_CONFIG_HOME="$T/cfg" run p list
	expect_rc 1
	expect_err "config:2: unknown setting 'colour'"
}

test_tags_views_and_completion() {
	p import "$SINGLE" >/dev/null
	p tag 2608.09888 +toread +ml >/dev/null
	run p tags
	expect_eq "$(cat "$T/out")" "ml	1
toread	1"
	mkdir -p "$T/cfg/papyr"
	printf 'view.mine = tag:ml is:unread\n' >"$T/cfg/papyr/config"
	XDG_CONFIG_HOME="$T/cfg" run p views
	expect_out "mine	tag:ml is:unread"
	expect_out "toread	tag:toread -is:dismissed"
	# the completion script completes tags from this cache
	mkdir -p "$T/bin" && ln -s "$PAPYR" "$T/bin/papyr"
	got=$(PATH="$T/bin:$PATH" bash -c '
		source "$1/../../completion/papyr.bash"
		COMP_WORDS=(papyr --db "$2" tag 2608.09888 +t); COMP_CWORD=5
		_papyr; echo "${COMPREPLY[*]}"' _ "$E2E" "$T/cache.db")
	expect_eq "$got" "+toread"
}

# Every command papyr's help lists is documented in the README and the man page.
test_every_command_is_documented() {
	run "$PAPYR" --help
	expect_rc 0
	cmds=$(sed -n 's/^  papyr \([a-z]*\).*/\1/p' "$T/out")
	[ -n "$cmds" ] || fail "no commands in --help"
	for c in $cmds; do
		grep -q "papyr $c" "$E2E/../../README.md" || fail "README lacks 'papyr $c'"
		grep -q "papyr $c" "$E2E/../../papyr.1" || fail "papyr.1 lacks 'papyr $c'"
	done
}

# One parser for every command: long options with a space or '=', short ones
# with their value attached or apart, options among the query's words, and
# '-' words that stay query words (-tag:skip, -diffusion).
test_options_mix_with_query_words() {
	p import "$DAY25" >/dev/null
	p tag 2607.07673 +skip >/dev/null
	want=$(p list --format ids --sort upvotes --limit 3)
	expect_eq "$(p list -fids -supvotes -n3)" "$want" "-fids -supvotes -n3"
	expect_eq "$(p list -f ids -s upvotes -n 3)" "$want" "-f ids -s upvotes"
	expect_eq "$(p list --format=ids --sort=upvotes --limit=3)" "$want" "--sort=upvotes"
	expect_eq "$(p list --sort date --format ids)" "$(p list --sort day --format ids)"
	all=$(p list --format ids | wc -l)
	run p list -fids -tag:skip
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" $((all - 1)) "-tag:skip is a query word"
	expect_no_out 2607.07673
	expect_eq "$(p list -tag:skip --format ids | wc -l)" $((all - 1)) "before the options"
	expect_eq "$(p list --format ids -- -tag:skip | wc -l)" $((all - 1)) "after --"
	expect_eq "$(p list --format ids -stars:'>=5')" "$(p list --format ids -- -stars:'>=5')" \
		"-stars: negates a field, though -s is --sort"
	run p list -fids -is:unread
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" 0 "-is:unread"
}

test_usage_errors_name_the_option() {
	for args in "list --limit" "list --nope" "list --all=1" "list -fnope" \
		"export -f" "sync -x" "sync --days" "sync now" "tags x"; do
		run p $args
		expect_rc 2
	done
	run p list --limit
	expect_err "--limit needs a value"
	run p list --all=1
	expect_err "--all takes no value"
	run p list --nope
	expect_err "unknown option '--nope'"
	run p sync -x
	expect_err "unknown option '-x'"
	run p sync --days=0
	expect_err "--days takes a whole number"
	run p export -f
	expect_err "-f (--format) needs a value"
	run p sync now
	expect_err "unexpected argument 'now'"
}
