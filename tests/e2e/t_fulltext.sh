# papyr read: a paper's full text (/papers/ID.md) from the fixture server,
# cached in its own table, found by fulltext:, shown in $PAGER on a
# terminal, cleaned of control sequences.

FT_DAY=$FIX/hf/days/2026-06-12.json

ft_server() {
	mkdir -p "$T/pages"
	start_server
}

md_requests() { grep -c '"/papers/.*\.md"' "$T/requests.log" || true; }

test_read_fetches_caches_and_cleans_the_full_text() {
	ft_server
	p import "$FT_DAY" >/dev/null
	id=$(sql 'SELECT id FROM papers ORDER BY id LIMIT 1')
	printf '# A Title\n\nWe study \033[31mzorblax\033[0m fields.\aAn OSC \033]8;;http://x\033\\link\033]8;;\033\\ here.\nSecond line with quasicrystal tilings.\n' \
		>"pages/$id.md"
	run p read "$id"
	expect_rc 0
	expect_out "# A Title"
	expect_out "We study zorblax fields."
	expect_out "Second line with quasicrystal tilings."
	if grep -q "$(printf '\033')" "$T/out" || grep -q "$(printf '\a')" "$T/out"; then
		fail "a control sequence reached the output"
	fi
	expect_eq "$(md_requests)" 1 "requests"
	# cached: read again without asking; --fetch asks
	run p read "$id"
	expect_out "zorblax"
	expect_eq "$(md_requests)" 1 "requests after a second read"
	run p read --fetch "$id"
	expect_rc 0
	expect_eq "$(md_requests)" 2 "requests after --fetch"
	# found by fulltext:, through its own index
	run p list fulltext:zorblax --format ids
	expect_eq "$(cat "$T/out")" "$id" "fulltext:zorblax"
	run p list 'fulltext:"quasicrystal tilings"' --format ids
	expect_eq "$(cat "$T/out")" "$id" "a phrase"
	run p list fulltext:nowhere --format ids
	expect_eq "$(cat "$T/out")" "" "a word it lacks"
	run p list zorblax --format ids
	expect_eq "$(cat "$T/out")" "" "the main index does not hold full texts"
	expect_eq "$(sql "INSERT INTO fulltext_fts(fulltext_fts, rank) VALUES('integrity-check', 1); SELECT 'ok'")" \
		ok "the full-text index"
}

test_read_missing_too_large_and_unknown() {
	ft_server
	p import "$FT_DAY" >/dev/null
	id=$(sql 'SELECT id FROM papers ORDER BY id LIMIT 1')
	run p read "$id"
	expect_rc 1
	expect_eq "$(cat "$T/err")" "papyr: no full text for $id"
	expect_eq "$(sql 'SELECT count(*) FROM fulltext')" 0 "stored"
	head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"pages/$id.md"
	run p read "$id"
	expect_rc 1
	expect_err "larger than 8 MiB"
	expect_eq "$(sql 'SELECT count(*) FROM fulltext')" 0 "stored"
	run p read 2699.99999
	expect_rc 1
	expect_err "2699.99999: no such paper in the cache"
	run p read
	expect_rc 2
}

test_read_uses_the_pager_on_a_terminal() {
	ft_server
	p import "$FT_DAY" >/dev/null
	id=$(sql 'SELECT id FROM papers ORDER BY id LIMIT 1')
	printf 'Paged text about zorblax.\n' >"pages/$id.md"
	printf '#!/bin/sh\ncat >"%s/paged"\necho "$@" >"%s/pager_args"\n' "$T" "$T" >pager.sh
	chmod +x pager.sh
	run env PAGER="$T/pager.sh --flag" /usr/bin/python3 -c \
		'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)' \
		"$PAPYR" --db "$T/cache.db" read "$id"
	expect_rc 0
	expect_eq "$(cat paged)" "Paged text about zorblax." "what the pager got"
	expect_eq "$(cat pager_args)" "--flag" "the pager's words"
	# not a terminal: printed, no pager
	rm -f paged
	run env PAGER="$T/pager.sh" "$PAPYR" --db "$T/cache.db" read "$id"
	expect_out "Paged text about zorblax."
	[ ! -e paged ] || fail "the pager ran without a terminal"
}

# The completion offers read's and show's --fetch, and zotero's options.
test_completion_offers_the_new_options() {
	mkdir -p bin
	ln -s "$PAPYR" bin/papyr
	for line in "read --|--fetch --help" "show --f|--fetch" "zotero --a|--again --all"; do
		words=${line%%|*} want=${line#*|}
		got=$(PATH="$T/bin:$PATH" bash -c '
			source "$1"; shift
			COMP_WORDS=(papyr $@); COMP_CWORD=$(($# + 0))
			_papyr; printf "%s\n" "${COMPREPLY[@]}"' _ "$E2E/../../completion/papyr.bash" $words |
			sort | tr '\n' ' ')
		expect_eq "$got" "$want " "completion of papyr $words"
	done
}
