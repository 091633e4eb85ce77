# The edges of learning and of the digest as a user meets them: show --why
# with nothing learned yet, like: and show --why on a read-only cache (on
# the bundled daily list of 30 papers), a digest's Markdown escaping.

le_setup() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
}

# le_nobody CACHE ARGS...: papyr on a read-only copy, as a user who may not
# write it (root writes a 0444 file), output in $T/out and $T/err.
le_nobody() {
	local cache=$1 as_nobody=()
	shift
	[ "$(id -u)" != 0 ] || as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 0755 "$T" "$HOME"
	run "${as_nobody[@]}" "$PAPYR" --db "$cache" "$@"
}

# With too little to learn from, or learning off, show --why says so, and
# not that a list is newest first: it shows no list.
test_why_with_nothing_learned_says_so_plainly() {
	le_setup
	p mark 2606.13392 2606.12243 star
	run p show --why 2606.08788
	expect_rc 0
	expect_out "2606.08788"
	expect_err "too little to learn from: 2 kept papers (starred, noted or tagged; 3 needed)"
	! grep -qF "newest first" "$T/err" || fail "a list's words: $(cat "$T/err")"
	expect_no_out "Why (foryou)"
	run p show --why=toread 2606.08788
	expect_rc 0
	expect_err "too little to learn from: 0 papers tagged toread (3 needed)"
	! grep -qF "newest first" "$T/err" || fail "a list's words: $(cat "$T/err")"
	mkdir -p "$HOME/.config/papyr"
	echo "learn = no" >"$HOME/.config/papyr/config"
	run p show --why 2606.08788
	expect_rc 0
	expect_err "learning is off (learn = no)"
	! grep -qF "newest first" "$T/err" || fail "a list's words: $(cat "$T/err")"
}

# A read-only cache whose model lacks the newest star still says why by
# the model it has, and says it is the last learned; like:, which writes
# the scores it ranks by, says it cannot rather than naming an inner step.
test_read_only_cache_why_and_like() {
	le_setup
	p mark 2606.13392 2606.12243 2606.08788 star
	p list sort:foryou -n 1 >/dev/null
	p mark 2606.10896 star
	mkdir ro && cp cache.db ro/ && chmod 0644 ro/cache.db && chmod 0555 ro
	le_nobody ro/cache.db show --why 2606.13392
	expect_rc 0
	expect_err "the cache is read-only: ranked as last learned"
	expect_out "Why (foryou)"
	le_nobody ro/cache.db list like:2606.13392 -f ids
	expect_rc 1
	expect_err "like:2606.13392: the cache is read-only, and like: writes the scores it ranks by"
	! grep -qF "clearing old scores" "$T/err" || fail "an inner step: $(cat "$T/err")"
	expect_eq "$(ls -A ro)" "cache.db" "files beside the read-only cache"
}

# A title that holds an HTML entity as text ("&amp;", as a feed that
# escaped twice gives it) keeps it in the Markdown digest: a reader of the
# mail sees what the cache holds, not "&".
test_digest_markdown_keeps_an_entity_as_text() {
	local today
	today=$(date -u +%F)
	cat >"$T/new.json" <<JSON
[{"id": "2611.20001", "title": "Rocks &amp; rolls & more", "authors": ["Ann Lee"],
  "abstract": "rocks", "published": "$today", "days": ["$today"], "upvotes": 1, "comments": 0}]
JSON
	p import "$T/new.json" >/dev/null
	mkdir -p "$HOME/.config/papyr"
	echo "alert.rocks = rocks" >"$HOME/.config/papyr/config"
	run p digest
	expect_rc 0
	expect_out '[Rocks \&amp; rolls & more](https://arxiv.org/abs/2611.20001)'
}

# digest --help lists its formats once, under --format.
test_digest_help_lists_the_formats_once() {
	run "$PAPYR" digest --help
	expect_rc 0
	expect_out "markdown, text, html"
	expect_eq "$(grep -c 'html' "$T/out")" "1" "lines naming html"
}
