# Triage in the interface: long lists, the list's columns, marks, Esc, the
# sample, and a day triaged with one key per paper. Uses t_tui.sh's tmux
# helpers.

# tr_tmux_gone: ends the test's tmux, so the next one starts afresh.
tr_tmux_gone() {
	tmux -S "$T/tmux.sock" kill-server 2>/dev/null || true
	local i
	for ((i = 0; i < 100; i++)); do
		tmux -S "$T/tmux.sock" has-session 2>/dev/null || break
		sleep 0.05
	done
	rm -f "$T/tmux.sock"
}

# tr_gen_papers N FILE: N made-up papers in papyr's JSON format, one day for
# every 28 of them, newest first.
tr_gen_papers() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
n = int(sys.argv[1])
json.dump([{"id": "2601.%05d" % i, "title": "Generated paper number %d" % i,
	    "authors": ["A. Author"], "abstract": "An abstract.", "published": "2026-01-01",
	    "days": ["2026-01-%02d" % (1 + i % 28)], "upvotes": i, "comments": 0}
	   for i in range(n)], open(sys.argv[2], "w"))
PY
}

# G on a list far longer than the screen (and than the window read at
# start): the last paper sits on the list's bottom row under a full screen.
tr_bottom_of_a_long_list() {
	tui_shell "$1" "$2"
	tk "exec_papyr" Enter
	tui_wait " 1/417"
	tk G
	tui_wait " 417/417"
	local i rows
	for ((i = 0; i < 40; i++)); do
		screen >"$T/shot"
		grep -q "^>.*Generated paper number 0 *\(│.*\)\?$" "$T/shot" && break
		sleep 0.05
	done
	# the list's bottom row: above the detail pane when it sits below
	rows=$(grep -n -m 1 "^─" "$T/shot" | cut -d: -f1 || true)
	rows=$((${rows:-$(($2 - 1))} - 1))
	sed -n "${rows}p" "$T/shot" | grep -q "^>.*Generated paper number 0\b" ||
		fail "at ${1}x$2 the last paper is not on the bottom row:
$(cat "$T/shot")"
	for ((i = 1; i < rows; i++)); do
		sed -n "${i}p" "$T/shot" | grep -q "Generated paper number" ||
			fail "at ${1}x$2 row $i is empty after G:
$(cat "$T/shot")"
	done
	tk k
	tui_wait " 416/417"
	tui_quit_sane
}

test_triage_bottom_of_417_papers() {
	tr_gen_papers 417 "$T/many.json"
	p import "$T/many.json" >/dev/null
	tr_bottom_of_a_long_list 80 24
	tr_tmux_gone
	tr_bottom_of_a_long_list 200 50
}

# Esc takes back one thing at a time: the search, then the limit.
test_triage_esc_clears_the_search_then_the_limit() {
	tui_start 100 12
	tk l "upvotes:>=10" Enter
	tui_wait "l:upvotes:>=10"
	tk / "diff" Enter
	tui_wait "/diff"
	tk Escape
	tui_wait_gone "/diff"
	tui_wait "l:upvotes:>=10"
	tk Escape
	tui_wait_gone "l:upvotes"
	tui_wait "all · day"
	status_line >"$T/st"
	grep -q "/59$" "$T/st" || fail "not the whole list: $(cat "$T/st")"
	tui_quit_sane
}

# L is for a first look: on a cache that holds papers it loads nothing.
test_triage_sample_only_into_an_empty_cache() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	TUI_ENV="PAPYR_SAMPLE_DIR=$TUI_FIX" tui_shell 100 30
	tk "exec_papyr" Enter
	tui_wait " 1/30"
	tk L
	tui_wait "L loads the sample into an empty cache only"
	tui_quit_sane
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 30
}

# read ID: 1 when the paper is marked read.
tr_is_read() { sql "SELECT coalesce((SELECT read FROM state JOIN papers USING (pid) WHERE id = '$1'), 0)"; }

# Showing a paper marks it read only once it has stayed read_after ms: a
# burst of j marks none of the papers it passes. That read mark is undone
# with the decision that follows it, never alone.
test_triage_read_after_a_moment_and_undone_with_the_decision() {
	mapfile -t IDS < <(p import "$TUI_FIX"/*.json >/dev/null; p list --format ids)
	tui_shell 160 40
	tk "exec_papyr" Enter
	tui_wait " 1/59"
	tk j j j j
	tui_wait " 5/59"
	sql_wait "SELECT read FROM state JOIN papers USING (pid) WHERE id = '${IDS[4]}'" 1
	for i in 1 2 3; do expect_eq "$(tr_is_read "${IDS[i]}")" 0 "paper $((i + 1)), passed over"; done
	tk s
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '${IDS[4]}'" 1
	tui_wait " 6/59"
	tk u
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '${IDS[4]}'" 0
	expect_eq "$(tr_is_read "${IDS[4]}")" 0 "the read mark undone with the star"
	tui_wait " 5/59"
	tui_quit_sane
}

# tr_key K...: sends each key to papyr, counting them in $KEYS.
tr_key() {
	local k
	for k; do
		tk "$k"
		KEYS=$((KEYS + 1))
	done
}

# tr_ids QUERY: the ids `papyr list` gives, sorted.
tr_ids() { p list "$@" --format ids | sort; }

# tr_triage_the_day COLS ROWS LOCALE: from start-up, reaches the sample's
# 30-paper day and stars, tags toread (a, bound in the config) or
# dismisses each of its papers, in turn, in at most N + 3 keys all told,
# each decision bringing the next paper. `papyr list` checks every paper
# got its decision.
tr_triage_the_day() {
	local day=2026-06-12 n i pos want_s="" want_t="" want_x=""
	rm -f "$T/cache.db"
	p import "$TUI_FIX"/*.json >/dev/null
	mapfile -t DAY < <(p list "date:$day" --format ids)
	n=${#DAY[@]}
	expect_eq "$n" 30 "papers of $day"
	mkdir -p "$HOME/.config/papyr"
	printf 'bind a tag toread\n' >"$HOME/.config/papyr/config"
	TUI_ENV="LC_ALL=$3" tui_shell "$1" "$2"
	tk "exec_papyr" Enter
	tui_wait " 1/59"
	KEYS=0
	tr_key "]" "]" "]"
	tui_wait " 27/59"
	screen >"$T/shot"
	grep -q "^>.*$day" "$T/shot" || fail "the cursor is not on $day: $(cat "$T/shot")"
	for ((i = 0; i < n; i++)); do
		pos=$((27 + i))
		case $((i % 3)) in
		0) tr_key s; want_s+="${DAY[i]}"$'\n' ;;
		1) tr_key a; want_t+="${DAY[i]}"$'\n' ;;
		2) tr_key x; want_x+="${DAY[i]}"$'\n' ;;
		esac
		tui_wait " $((pos + 1))/59"  # the next paper, at once
	done
	[ "$KEYS" -le $((n + 3)) ] || fail "$KEYS keys for $n papers (at most $((n + 3)))"
	tk q
	tui_wait "papyr-exit=0"
	tr_tmux_gone
	expect_eq "$(tr_ids is:starred)" "$(sort <<<"${want_s%$'\n'}")" "starred at ${1}x$2 $3"
	expect_eq "$(tr_ids tag:toread)" "$(sort <<<"${want_t%$'\n'}")" "tagged toread at ${1}x$2 $3"
	expect_eq "$(tr_ids is:dismissed)" "$(sort <<<"${want_x%$'\n'}")" "dismissed at ${1}x$2 $3"
	expect_eq "$(tr_ids "date:$day" -is:starred -tag:toread -is:dismissed)" "" "undecided papers"
}

test_triage_a_day_in_n_plus_3_keys() {
	tr_triage_the_day 80 24 C.UTF-8
	tr_triage_the_day 200 50 C.UTF-8
	tr_triage_the_day 80 24 C
	tr_triage_the_day 200 50 C
}

# Tab in the tag prompt offers the most used tags first.
test_triage_tag_prompt_offers_the_most_used_first() {
	p import "$TUI_FIX"/*.json >/dev/null
	local id
	for id in $(p list --format ids | sed -n '2,4p'); do p tag "$id" +toread >/dev/null; done
	p tag "$(p list --format ids | sed -n 5p)" +alpha >/dev/null
	tui_start 100 20
	tk t Tab
	tui_wait "tag: toread"
	tk Tab
	tui_wait "tag: alpha"
	tk Escape
	tui_quit_sane
}

# S cycles the sort, r reverses it, and the next S starts unreversed.
test_triage_reverse_the_sort() {
	tui_start 100 20
	tk S
	tui_wait "all · upvotes"
	tui_wait " 782 BDH-CQ"  # the most upvoted first
	tk g r
	tui_wait "all · upvotes reversed"
	tk g
	tui_wait " 1/59"
	p list sort:-upvotes --format tsv >"$T/rev"
	want=$(sed -n 1p "$T/rev" | cut -f6)
	screen >"$T/shot"
	sed -n 1p "$T/shot" | grep -qF "${want:0:30}" || fail "not '$want' first: $(cat "$T/shot")"
	tk S
	tui_wait "all · comments"
	screen >"$T/shot"
	! grep -q "reversed" "$T/shot" || fail "S kept the reverse: $(cat "$T/shot")"
	tui_quit_sane
}

# is:new is what the latest sync that brought papers brought: not what an
# import brought, and not what an earlier sync brought. The new view lists
# them and the list marks them n.
test_triage_new_since_the_last_sync() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	expect_eq "$(p list is:new --format ids | wc -l)" 0 "new papers before any sync"
	start_server
	sleep 1 # times are in seconds: the sync starts after the import
	p sync --date 2026-07-10 >/dev/null
	sleep 1
	local first second
	first=$(p list is:new --format ids | sort)
	expect_eq "$(wc -l <<<"$first")" "$(p list date:2026-07-10 --format ids | wc -l)" "new after the first sync"
	p sync --date 2026-07-13 >/dev/null
	second=$(p list is:new --format ids | sort)
	[ -n "$second" ] || fail "the second sync brought nothing new"
	[ -z "$(comm -12 <(echo "$first") <(echo "$second"))" ] || fail "the first sync's papers are still new"
	expect_eq "$second" "$(comm -13 <(echo "$first") <(p list 'date:2026-07-10..2026-07-13' --format ids | sort))" \
		"new: the papers the second sync first saw"
	p sync --date 2026-07-13 >/dev/null  # brings nothing: new stays
	expect_eq "$(p list is:new --format ids | sort)" "$second" "after a sync that brought nothing"
	mkdir -p "$HOME/.config/papyr"
	printf 'start_view = new\n' >"$HOME/.config/papyr/config"
	tui_shell 100 30
	tk "exec_papyr" Enter
	tui_wait " new · day"
	tui_wait " 1/$(wc -l <<<"$second")"
	screen >"$T/shot"
	grep -q "^>u N " "$T/shot" || fail "no new mark: $(cat "$T/shot")"
	tk 5
	tui_wait " all · day"
	local all
	all=$(p list --format ids | wc -l)
	tk G
	tui_wait " $all/$all"
	screen >"$T/shot"
	grep -q "^>u N " "$T/shot" && fail "an imported paper is marked new: $(cat "$T/shot")"
	tui_quit_sane
	printf 'start_view = nope\n' >"$HOME/.config/papyr/config"
	run env PAPYR_DB="$T/cache.db" "$PAPYR"
	expect_rc 1
	expect_err "start_view: there is no view 'nope'"
}

# The status line counts the view's unread papers, off the key path, and
# follows a read mark.
test_triage_status_counts_the_unread() {
	tui_start 120 20
	tui_wait "all · day · 59 unread"
	tk m
	tui_wait "all · day · 58 unread"
	tk l "upvotes:>=100" Enter
	tui_wait "l:upvotes:>=100 · day · 2 unread"
	tui_quit_sane
	tmux -S "$T/tmux.sock" resize-window -t t -x 160 -y 30
	tk "exec_papyr" Enter  # wide: the detail pane shows, and reads after a moment
	tui_wait " 1/59"
	tk j
	tui_wait "all · day · 57 unread"
	tk m
	tui_wait "all · day · 58 unread"
	tui_quit_sane
}

# advance = no: s, x and tagging stay on the paper.
test_triage_advance_no_stays() {
	mkdir -p "$HOME/.config/papyr"
	printf 'advance = no\nbind a tag toread\n' >"$HOME/.config/papyr/config"
	tui_start 100 20
	tk s
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tk a
	tui_wait "tagged 1 paper"
	tk x
	sql_wait "SELECT dismissed_at IS NOT NULL FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	status_line >"$T/st"
	grep -q " 1/59" "$T/st" || fail "the cursor moved: $(cat "$T/st")"
	expect_eq "$(p list is:starred tag:toread --all --format ids)" "$ID1"
	tui_quit_sane
}
