# Every name papyr knows (papyr names KIND: commands, sort keys, formats,
# views, states, ...) is written in the README's Names table and the man
# page, and the completion script offers exactly those names. Each check is
# also run on a copy with one name taken out, and must fail there.

# The kinds `papyr names` knows.
registry_kinds() {
	"$PAPYR" names
}

# readme_has_names README: each kind's row of the Names table lists every
# name of the kind, in backquotes.
readme_has_names() {
	local kind name row
	for kind in $(registry_kinds); do
		row=$(grep -F "| \`$kind\` |" "$1") || { echo "README: no row for $kind"; return 1; }
		for name in $("$PAPYR" names "$kind"); do
			case $row in *"\`$name\`"*) ;; *) echo "README: $kind lacks $name"; return 1 ;; esac
		done
	done
}

# man_has_names PAGE: the text under each kind's .B line in papyr names'
# list holds every name of the kind as a word.
man_has_names() {
	local kind name text
	for kind in $(registry_kinds); do
		text=$(sed 's/\\-/-/g' "$1" | awk -v k=".B $kind" '
			$0 == k { on = 1; next } on && /^\./ { exit } on { print }')
		[ -n "$text" ] || { echo "papyr.1: no entry for $kind"; return 1; }
		for name in $("$PAPYR" names "$kind"); do
			grep -qw -- "$name" <<<"$text" || { echo "papyr.1: $kind lacks $name"; return 1; }
		done
	done
}

# complete_words SCRIPT WORD...: what the completion in SCRIPT offers for the
# last WORD, sorted, one a line.
complete_words() {
	PATH="$T/bin:$PATH" bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_papyr; printf "%s\n" "${COMPREPLY[@]}"' _ "$@" | sort
}

# completion_offers_names SCRIPT: for each kind, the completion offers the
# same names as papyr names.
completion_offers_names() {
	local s=$1 kind got want
	set -- \
		"commands|papyr|" \
		"sorts|papyr list --sort|" "sorts|papyr export -s|" "sorts|papyr list sort:|sort:" \
		"formats|papyr export --format|" "list-formats|papyr list --format|" \
		"digest-formats|papyr digest -f|" \
		"states|papyr list is:|is:" "has|papyr export has:|has:" \
		"marks|papyr mark|" "fields|papyr list|"
	for spec; do
		IFS='|' read -r kind line prefix <<<"$spec"
		# shellcheck disable=SC2086
		got=$(complete_words "$s" $line "$prefix" | grep -v '^--' | sed 's/:$//')
		want=$("$PAPYR" names "$kind" | sed "s/^/$prefix/" | sort)
		[ "$got" = "$want" ] || { echo "completion of '$line $prefix': got $got"; return 1; }
	done
	[ "$(complete_words "$s" papyr names "")" = "$(registry_kinds | sort)" ] ||
		{ echo "completion of 'papyr names': not the kinds"; return 1; }
	got=$(complete_words "$s" papyr --db "$T/cache.db" list @)
	for kind in $("$PAPYR" names views); do
		grep -qx "@$kind" <<<"$got" || { echo "completion of @: lacks $kind"; return 1; }
	done
}

test_registry_names_are_documented() {
	readme_has_names "$E2E/../../README.md" || fail "README.md"
	man_has_names "$E2E/../../papyr.1" || fail "papyr.1"
	[ "$(registry_kinds | wc -w)" -ge 9 ] || fail "kinds: $(registry_kinds)"
	# The checks fail when one name is missing.
	sed 's/ `csl-json`//' "$E2E/../../README.md" >README.md
	run readme_has_names README.md
	expect_rc 1
	expect_out "formats lacks csl-json"
	sed 's/^relevance day date /relevance day /' "$E2E/../../papyr.1" >papyr.1
	run man_has_names papyr.1
	expect_rc 1
	expect_out "sorts lacks date"
}

test_registry_names_are_completed() {
	p import "$FIX/hf/papers_search_q-diffusion_3results.json" >/dev/null
	mkdir -p "$T/bin" && ln -s "$PAPYR" "$T/bin/papyr"
	completion_offers_names "$E2E/../../completion/papyr.bash" || fail "completion"
	# A script with a list of its own falls behind: the check sees it.
	sed 's/"$(_papyr_names sorts)"/"day upvotes comments stars title published"/' \
		"$E2E/../../completion/papyr.bash" >old.bash
	run completion_offers_names old.bash
	expect_rc 1
	expect_out "completion of 'papyr list --sort"
}

# commands_documented README PAGE: every command of the table is in
# papyr --help, README and PAGE, and has its own --help.
commands_documented() {
	local c help
	help=$("$PAPYR" --help) || return 1
	for c in $("$PAPYR" names commands); do
		grep -q "^  papyr $c\b" <<<"$help" || { echo "--help lacks papyr $c"; return 1; }
		grep -q "papyr $c\b" "$1" || { echo "README lacks papyr $c"; return 1; }
		grep -q "papyr $c\b" "$2" || { echo "papyr.1 lacks papyr $c"; return 1; }
		"$PAPYR" "$c" --help | grep -q "^usage: papyr $c" ||
			{ echo "papyr $c --help"; return 1; }
	done
}

test_registry_commands_are_documented() {
	local readme=$E2E/../../README.md man=$E2E/../../papyr.1
	commands_documented "$readme" "$man" || fail "commands"
	[ "$("$PAPYR" names commands | wc -l)" -ge 11 ] || fail "too few commands"
	grep -v "papyr views" "$readme" >README.md
	run commands_documented README.md "$man"
	expect_rc 1
	expect_out "README lacks papyr views"
	sed 's/papyr names/papyr nomes/' "$man" >papyr.1
	run commands_documented "$readme" papyr.1
	expect_rc 1
	expect_out "papyr.1 lacks papyr names"
}
