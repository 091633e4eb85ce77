# The edges of a search as a user meets them, on the bundled daily list of
# 30 papers (none of which says "state space").

se_setup() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
}

# A phrase counts among the words of a search that no paper answers whole:
# the README's own `diffusion "state space"` lists the papers on diffusion
# and says so, rather than nothing at all.
test_search_with_a_phrase_no_paper_holds() {
	se_setup
	run p list diffusion '"state space"' -f ids
	expect_rc 0
	expect_err "no paper has all 2 words; best partial matches"
	expect_out 2606.08788
	# a query used as a set keeps its meaning: an export finds none
	run p export 'diffusion "state space"' --format csv
	expect_rc 0
	expect_no_out 2606.08788
	# a field stays required too: one search term left, nothing to loosen
	run p list title:diffusion '"state space"' -f ids
	expect_rc 0
	[ ! -s "$T/out" ] || fail "a field loosened: $(cat "$T/out")"
}

# At 80 columns the interface's status line still shows the word a "did
# you mean" offers: the view's description gives way to the message.
test_search_suggestion_shows_at_80_columns() {
	tui_start 80 24
	tk / "difusion"
	tui_wait "no paper has 'difusion'; did you mean 'diffusion'?"
	tk Enter
	tui_quit_sane
}
