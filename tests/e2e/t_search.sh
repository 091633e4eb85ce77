# Searching with `papyr list WORDS`: words matching the starts of longer
# words, the best partial matches when no paper holds every word (while an
# export of the same words keeps their exact meaning), and a "did you mean"
# for a word the cache holds nowhere.

S_FIXTURE="$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json"

test_search_words_match_the_start_of_longer_words() {
	p import "$S_FIXTURE" >/dev/null
	# EvoArena and EvoBrowseComp, only the starts of their words
	run p list evo --format ids
	expect_rc 0
	expect_eq "$(sort "$T/out" | tr '\n' ' ')" "2606.13120 2606.13681 " "evo"
	expect_eq "$(cat "$T/err")" "" "stderr of a search that matches"
	# a quoted word is the whole word
	run p list '"evo"' --format ids
	expect_rc 0
	expect_eq "$(cat "$T/out")" "" "the quoted word"
}

test_search_lists_partial_matches_and_says_so() {
	p import "$S_FIXTURE" >/dev/null
	run p list sparse attention zebra --format ids
	expect_rc 0
	expect_err "papyr: no paper has all 3 words; best partial matches"
	# MiniMax Sparse Attention holds two of the words: it comes first
	expect_eq "$(head -n 1 "$T/out")" "2606.13392" "the best partial match"
	# JSON stays one array
	run p list sparse attention zebra --format json
	expect_rc 0
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))[0]["id"] == "2606.13392"' \
		"$T/out" || fail "not one JSON array: $(head -c 300 "$T/out")"
	# a set is exact: an export of the same words holds no paper
	run p export sparse attention zebra --format json
	expect_rc 0
	expect_eq "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' \
		"$T/out")" "0" "the export"
	[ ! -s "$T/err" ] || fail "the export said: $(cat "$T/err")"
	# every word found together: no message
	run p list sparse attention --format ids
	expect_eq "$(cat "$T/out")" "2606.13392" "sparse attention"
	[ ! -s "$T/err" ] || fail "a whole match said: $(cat "$T/err")"
}

# The interface's search says so too, on its status line; a search every
# word of which some paper holds says nothing.
test_search_partial_matches_in_the_interface() {
	tui_start 200 40
	tk / "sparse attention zebra"
	tui_wait "no paper has all 3 words; best partial matches"
	screen | head -1 | grep -q "MiniMax Sparse Attention" ||
		fail "the best partial match is not first: $(screen | head -3)"
	# the unread are counted among the partial matches too
	tui_wait " unread"
	! status_line | grep -qF " 0 unread" || fail "no unread counted: $(status_line)"
	tk Enter Escape
	tui_wait "all · day"
	tk / "sparse attention"
	tui_wait "/sparse attention · relevance"
	tui_wait " 1/2"
	! status_line | grep -qF "best partial" || fail "a whole match says: $(status_line)"
	tk Enter
	tui_quit_sane
}

# A saved view's words stay a set's under a search in the interface: the
# partial matches loosen the search's words only, inside the view.
test_search_partial_matches_stay_inside_the_view() {
	p import "$S_FIXTURE" >/dev/null
	mkdir -p "$HOME/.config/papyr"
	printf 'view.sparse = sparse\nstart_view = sparse\n' >"$HOME/.config/papyr/config"
	tui_shell 200 40
	tk "exec_papyr" Enter
	tui_wait " 1/3"
	tk / "attention zzzqqqxx"
	tui_wait "no paper has all 2 words; best partial matches"
	tui_wait " 1/1"
	tui_wait "MiniMax Sparse Attention"
	tk Enter
	tui_quit_sane
}

test_search_suggests_a_word_the_cache_holds() {
	p import "$S_FIXTURE" >/dev/null
	run p list difusion --format ids
	expect_rc 0
	expect_eq "$(cat "$T/err")" "papyr: no paper has 'difusion'; did you mean 'diffusion'?" \
		"a misspelt word"
	# and the search goes on with the word meant
	cp "$T/out" "$T/typo"
	run p list diffusion --format ids
	[ -s "$T/out" ] || fail "no paper has diffusion"
	expect_eq "$(cat "$T/typo")" "$(cat "$T/out")" "the papers of the word meant"
	run p list sparse atention --format ids
	expect_rc 0
	expect_eq "$(cat "$T/err")" "papyr: no paper has 'atention'; did you mean 'attention'?" \
		"a misspelt second word"
	expect_eq "$(cat "$T/out")" "2606.13392" "the paper holding both words meant"
	# with a word nothing is near: the suggestion, then the partial matches
	run p list sparse atention zzzqqqxx --format ids
	expect_rc 0
	expect_eq "$(cat "$T/err")" "papyr: no paper has 'atention'; did you mean 'attention'?
papyr: no paper has all 3 words; best partial matches" "a misspelt word and an unknown one"
	expect_eq "$(head -n 1 "$T/out")" "2606.13392" "the best partial match"
	# a set keeps its exact meaning: an export of the misspelt word holds no paper
	run p export difusion --format json
	expect_rc 0
	expect_eq "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' \
		"$T/out")" "0" "the export"
	# a word found, or nothing near: no suggestion
	run p list zzzqqqxx --format ids
	expect_eq "$(cat "$T/err")" "" "nothing near"
	# the interface's search says it on its message line
	tui_start 200 40
	tk / "difusion"
	tui_wait "no paper has 'difusion'; did you mean 'diffusion'?"
	# the papers of the word meant, highlighted as it matched them
	tui_wait "Diffusion"
	tmux -S "$T/tmux.sock" capture-pane -e -p -t t >"$T/raw"
	grep -qF $'\e[30m\e[43m'"Diffusion" "$T/raw" ||
		fail "diffusion is not highlighted: $(grep -a 'Diffusion' "$T/raw" | head -3 | cat -v)"
	tk Enter
	tui_quit_sane
}

# A title holding the searched words as one phrase comes first, above a
# shorter title bm25 alone would rank first; --exact ranks every match, the
# same order on a cache this small (the newest 10,000 matches are all of it).
test_search_a_title_phrase_comes_first() {
	p import "$FIX"/hf/*.json >/dev/null
	# "Language Model", "language model", "Language Models" (the last word
	# also as the start of a longer one), before the shorter "... for
	# Language Intelligence", which bm25 alone ranks first
	run p list language model --format ids --limit 3
	expect_rc 0
	expect_eq "$(sort "$T/out" | tr '\n' ' ')" "2606.11409 2607.08393 2607.08404 " \
		"the three titles holding 'language model'"
	run p list language model --format ids
	cp "$T/out" "$T/windowed"
	run p list --exact language model --format ids
	expect_rc 0
	expect_eq "$(cat "$T/out")" "$(cat "$T/windowed")" "--exact on a small cache"
	run p list language model --format ids --exact --limit 1
	expect_eq "$(cat "$T/out")" "$(head -n 1 "$T/windowed")" "--exact --limit 1"
}

# The interface highlights the words the index matched, whole: a search's
# word in the longer word it starts (evo in EvoBrowseComp and Evolving), in
# the list's titles and in the detail pane, and nothing else.
test_search_highlights_what_the_index_matched() {
	tui_start 200 40
	tk / "evo"
	tui_wait "/evo · relevance"
	tui_wait "Evolving Knowledge"
	tmux -S "$T/tmux.sock" capture-pane -e -p -t t >"$T/raw"
	# highlighted: black on yellow, the whole word in one run
	local hl=$'\e[30m\e[43m' n
	grep -qF "${hl}EvoBrowseComp" "$T/raw" ||
		fail "EvoBrowseComp is not highlighted whole: $(grep -a 'BrowseComp' "$T/raw" | cat -v)"
	# EvoArena, under the cursor: in the list and in the detail pane
	n=$(grep -oF "${hl}EvoArena" "$T/raw" | wc -l)
	[ "$n" -ge 2 ] || fail "EvoArena is not highlighted in the list and the detail pane:
$(grep -a 'EvoArena' "$T/raw" | cat -v)"
	grep -qF "${hl}Evolving" "$T/raw" || fail "Evolving is not highlighted: $(grep -a 'Evolving' "$T/raw" | cat -v)"
	! grep -qF "${hl}Knowledge" "$T/raw" || fail "Knowledge is highlighted"
	tk Enter
	tui_quit_sane
}
