# How search matches words: stems, prefixes on stems, acronyms the papers
# define, CJK words inside a run of characters; and the rebuild of an older
# cache's index in chunks, killed and resumed.

MATCHING=$FIX/matching.json

# ids PAPYR-LIST-OUTPUT: the first column, one line.
ids_of() { cut -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//'; }

test_matching_stems_rank_exact_forms_first() {
	run p import "$MATCHING"
	expect_rc 0
	run p list pruning
	expect_rc 0
	# the exact form ("Pruning") above the stem ("Pruned")
	expect_eq "$(ids_of)" "2601.10002 2601.10001"
	run p list quantized llama
	expect_eq "$(ids_of)" "2601.10007"
	run p list heuristic
	expect_eq "$(ids_of)" "2601.10002"
	# a word typed as a prefix still finds the words its stem is shorter than
	for q in 'learni*' learni; do
		run p list "$q"
		expect_eq "$(ids_of)" "2601.10005 2601.10003" "$q"
	done
	run p list mamba
	expect_eq "$(ids_of)" "2601.10008"
	integrity_ok
}

test_matching_acronyms_learned_from_an_abstract_both_ways() {
	run p import "$MATCHING"
	expect_eq "$(sql "SELECT short || '=' || long || '=' || papers FROM acronyms")" \
		"rlhf=reinforcement learning from human feedback=1"
	# the short form finds the paper that only spells it out (10005)
	run p list rlhf
	expect_eq "$(ids_of)" "2601.10004 2601.10003 2601.10005"
	# and the long form the one that only says RLHF (10004)
	run p list '"reinforcement learning from human feedback"'
	expect_out "2601.10004"
	expect_out "2601.10005"
	# a plural short form is its singular's
	run p list rlhfs
	expect_eq "$(ids_of)" "2601.10004 2601.10003 2601.10005"
	# the words typed one by one too
	run p list reinforcement learning from human feedback
	expect_eq "$(ids_of)" "2601.10005 2601.10003 2601.10004"
	# a paper stored again is not counted again
	run p import "$MATCHING"
	expect_eq "$(sql "SELECT papers FROM acronyms")" 1
}

# A paper stored again with a new abstract (a new arXiv version, an updated
# page) that defines an acronym teaches it too, counted once however often
# the paper comes again.
test_matching_acronyms_learned_from_a_new_version() {
	run p import "$MATCHING"
	expect_eq "$(sql "SELECT count(*) FROM acronyms WHERE short = 'moe'")" 0
	python3 - "$MATCHING" "$T/v2.json" <<'PY'
import json, sys
papers = json.load(open(sys.argv[1]))
for e in papers:
    p = e["paper"]
    if p["id"] == "2601.10002":
        p["summary"] = "Magnitude criteria for sparse Mixture-of-Experts (MoE) layers."
    if p["id"] == "2601.10008":
        p["summary"] = "A byte-level language model; no mixture of experts."
json.dump(papers, open(sys.argv[2], "w"))
PY
	run p import "$T/v2.json"
	expect_rc 0
	expect_eq "$(sql "SELECT short || '=' || long || '=' || papers FROM acronyms
		WHERE short = 'moe'")" "moe=mixture of experts=1"
	# the short form finds the paper that only spells it out
	run p list moe
	expect_eq "$(ids_of)" "2601.10002 2601.10008"
	run p import "$T/v2.json"
	expect_eq "$(sql "SELECT papers FROM acronyms WHERE short = 'moe'")" 1 "stored again"
	expect_eq "$(sql "SELECT papers FROM acronyms WHERE short = 'rlhf'")" 1
	integrity_ok
}

test_matching_cjk_words_inside_a_run() {
	run p import "$MATCHING"
	for q in 语言 模型 推理能力 推 大语言模型; do
		run p list "$q"
		expect_rc 0
		expect_eq "$(ids_of)" "2601.10006" "$q"
	done
	run p list 言语
	expect_eq "$(ids_of)" "" "言语 is not in the title"
	run p list title:评测
	expect_eq "$(ids_of)" "2601.10006"
}

# hl_count TEXT: how often the screen (with its colours) shows TEXT
# highlighted, black on yellow, starting a run.
hl_count() {
	tmux -S "$T/tmux.sock" capture-pane -e -p -t t >"$T/raw"
	grep -oF $'\e[30m\e[43m'"$1" "$T/raw" | wc -l
}

# The interface highlights what each way of matching found: the CJK word
# inside its run in the list and the detail pane, an acronym's long form in
# the abstract, another form of a word.
test_matching_tui_highlights_every_way_of_matching() {
	p import "$MATCHING" >/dev/null
	tui_shell 200 40
	tk "exec_papyr" Enter
	tui_wait " 1/8"
	tk / "语言"
	tui_wait "/语言 · relevance"
	tui_wait "推理能力。"
	[ "$(hl_count "语言")" -ge 2 ] || fail "语言 is not highlighted in the list and the detail pane:
$(grep -a '模型' "$T/raw" | cat -v)"
	[ "$(hl_count "大")" -eq 0 ] || fail "more than 语言 is highlighted"
	tk Enter Escape
	tui_wait "all · day"
	tk / "rlhf"
	tui_wait "/rlhf · relevance"
	tui_wait "Cheap Preference Labels"
	tk Enter
	# down to the paper that spells it out (Cheap Preference Labels)
	for _ in 1 2 3; do
		screen >"$T/screen"
		grep -qF "weak annotators" "$T/screen" && break
		tk j
		sleep 0.2
	done
	tui_wait "weak annotators"
	[ "$(hl_count "reinforcement learning from human feedback")" -eq 1 ] ||
		fail "the long form is not highlighted: $(grep -a 'reinforcement' "$T/raw" | cat -v)"
	tk Escape
	tui_wait "all · day"
	tk / "pruning"
	tui_wait "/pruning · relevance"
	tui_wait "Pruned Vision"
	[ "$(hl_count "Pruned")" -ge 1 ] || fail "Pruned is not highlighted: $(grep -a 'Pruned' "$T/raw" | cat -v)"
	tk Enter
	tui_quit_sane
}

# Turns the test cache into one made by the papyr before this index: the
# cache a papyr of schema version 3 wrote when it imported matching.json
# (its first index: unicode61, no stems, four columns), as the sqlite3
# shell dumped it. Every later migration runs on it.
make_old_cache() {
	rm -f "$T/cache.db" "$T/cache.db-wal" "$T/cache.db-shm"
	sqlite3 "$T/cache.db" <"$FIX/cache-v3.sql"
	expect_eq "$(sql 'PRAGMA user_version')" 3
	expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'acronyms'")" 0
}

# The index that answers holds what it should, as the sqlite3 shell checks
# it; the one being built is checked as a whole once it has taken its place
# (before, it holds only part of the papers by design).
both_indexes_ok() {
	integrity_ok
}

test_matching_old_cache_rebuilt_in_chunks_killed_and_resumed() {
	run p import "$MATCHING"
	make_old_cache
	# two papers a chunk: four chunks, steps 1-2, 3-4, 5-6, then 7 (the
	# last chunk written) and 8 (the swap) in one transaction, 9 (swapped,
	# the old index not yet dropped)
	PAPYR_INDEX_CHUNK=2 PAPYR_TEST_INDEX_STOP=3 run p tag 2601.10001 +seen
	expect_rc 137
	expect_eq "$(sql 'SELECT done FROM index_build')" 2 "killed in the second chunk"
	both_indexes_ok
	# a command that only reads does not wait: the old index answers
	run p list pruning
	expect_rc 0
	expect_eq "$(ids_of)" "2601.10002" "no stems yet"
	# papers changed meanwhile, built and not: kept right in both indexes
	sqlite3 "$T/cache.db" "UPDATE papers SET title = 'Quantized Pruned Llamas' WHERE pid = 1;
		DELETE FROM papers WHERE pid = 5;
		UPDATE papers SET abstract = 'Pruning again.' WHERE pid = 7"
	both_indexes_ok
	PAPYR_INDEX_CHUNK=2 PAPYR_TEST_INDEX_STOP=2 run p tag 2601.10001 +seen
	expect_rc 137
	expect_eq "$(sql 'SELECT done FROM index_build')" 4 "one more chunk"
	both_indexes_ok
	# killed during the swap: nothing of it happened
	PAPYR_INDEX_CHUNK=2 PAPYR_TEST_INDEX_STOP=4 run p tag 2601.10001 +seen
	expect_rc 137
	expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'papers_fts_next'")" 1
	both_indexes_ok
	# killed after the swap, before the old index is dropped: the new one
	# answers, and the next open drops the old
	PAPYR_INDEX_CHUNK=2 PAPYR_TEST_INDEX_STOP=3 run p tag 2601.10001 +seen
	expect_rc 137
	expect_eq "$(sql "SELECT group_concat(name, ' ') FROM sqlite_master WHERE name IN
		('papers_fts_next', 'index_build', 'papers_fts_old')")" "papers_fts_old" "swapped"
	integrity_ok
	run p list 语言
	expect_eq "$(ids_of)" "2601.10006"
	expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name LIKE 'papers_fts_old%'")" 0
	PAPYR_INDEX_CHUNK=2 run p tag 2601.10001 +seen
	expect_rc 0
	integrity_ok
	run p list pruning
	expect_eq "$(ids_of)" "2601.10002 2601.10001 2601.10007"
	run p list 语言
	expect_eq "$(ids_of)" "2601.10006"
	# the acronyms of the papers already cached were learned by the build
	run p list rlhf
	expect_eq "$(ids_of)" "2601.10004 2601.10003"
	expect_eq "$(sql "SELECT papers FROM acronyms WHERE short = 'rlhf'")" 1
}

test_matching_rebuild_shows_progress_on_a_terminal() {
	run p import "$MATCHING"
	make_old_cache
	# script gives papyr a terminal for stderr
	PAPYR_INDEX_CHUNK=3 script -qec "$PAPYR --db $T/cache.db tags" /dev/null >"$T/tty.txt"
	expect_eq "$(grep -c 'rebuilding the search index' "$T/tty.txt")" 0 "tags only reads"
	PAPYR_INDEX_CHUNK=3 script -qec "$PAPYR --db $T/cache.db mark 2601.10001 read" /dev/null >"$T/tty.txt"
	grep -qF 'rebuilding the search index: 37% (3 of 8 papers)' "$T/tty.txt" || fail "no progress: $(cat "$T/tty.txt")"
	grep -qF 'the search index is rebuilt (8 papers)' "$T/tty.txt" || fail "not done: $(cat "$T/tty.txt")"
}

# The interface rebuilds an older cache's index on a job of its own, then
# reads its list again through the new one.
test_matching_tui_rebuilds_the_index_in_the_background() {
	p import "$MATCHING" >/dev/null
	make_old_cache
	TUI_ENV="PAPYR_INDEX_CHUNK=2" tui_shell 160 30
	tk "exec_papyr" Enter
	tui_wait "the search index is rebuilt"
	expect_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'index_build'")" 0
	tk / "pruning"
	tui_wait "Pruned Vision Transformers"
	tk Enter
	tui_quit_sane
	integrity_ok
}
