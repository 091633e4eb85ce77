# A paper ID as arXiv writes it, with its version or prefix, names the
# cached paper: show, mark, tag, note and like: all take it.

test_paper_id_with_version_or_prefix() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	run p show arXiv:2606.13392v2
	expect_rc 0
	expect_out "2606.13392  MiniMax Sparse Attention"
	run p show https://arxiv.org/abs/2606.13392v3
	expect_rc 0
	expect_out "MiniMax Sparse Attention"
	p mark 2606.13392v2 star
	p tag 2606.13392v1 +toread
	run p note 2606.13392v2 "read it"
	expect_rc 0
	expect_out "2606.13392: note saved"
	expect_eq "$(p list is:starred tag:toread is:noted -f ids)" "2606.13392" "marks by a versioned id"
	run p list like:2606.13392v2 -f ids -n 3
	expect_rc 0
	[ -s "$T/out" ] || fail "like: with a version lists nothing: $(cat "$T/err")"
	expect_no_out 2606.13392
	# an id the cache does not hold, with or without a version, is named as typed
	run p show 2606.99999v2
	expect_rc 1
	expect_err "2606.99999v2: no such paper in the cache"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" "30" "papers"
}
