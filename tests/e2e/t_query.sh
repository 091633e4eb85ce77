# The query language through `papyr list QUERY`: each operator, sorts,
# Unicode, views, hostile text, and results checked at scale.

Q_FIXTURES="$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json
$FIX/hf/daily_papers_limit25_2026-07-13_spans_two_days.json
$FIX/hf/papers_search_q-diffusion_3results.json
$FIX/hf/paper_2608.09888.json"

# The fixture cache, with some state set through the CLI.
q_setup() {
	# shellcheck disable=SC2086
	p import $Q_FIXTURES >/dev/null
	p tag 2606.13681 2607.08770 2112.10752 +toread >/dev/null
	p tag 2607.08770 +video >/dev/null
	p mark 2606.13681 2112.10752 star >/dev/null
	p mark 2606.13392 2607.08770 read >/dev/null
	p mark 2606.08063 dismiss >/dev/null
	p note 2606.13392 "check the kernel" >/dev/null
}

# ids QUERY...: the ids `papyr list` prints for the query, on one line.
ids() {
	p list "$@" --format ids | tr '\n' ' ' | sed 's/ $//'
}

# oracle WHERE [ORDER]: the same, computed by the sqlite3 shell from the
# tables directly (dismissed papers left out), newest listed day first.
oracle() {
	sql "SELECT p.id FROM papers p LEFT JOIN state s ON s.pid = p.pid
	     WHERE s.dismissed_at IS NULL AND ($1)
	     ORDER BY ${2:-p.day DESC, p.upvotes DESC, p.pid DESC}" | tr '\n' ' ' | sed 's/ $//'
}

# same QUERY WHERE [ORDER]: papyr and the oracle agree, and list something.
same() {
	local got want
	got=$(ids "$1")
	want=$(oracle "$2" "${3:-}")
	[ -n "$want" ] || fail "oracle for '$1' lists nothing: a weak test"
	expect_eq "$got" "$want" "query '$1'"
}

test_query_fields_states_numbers_and_dates() {
	q_setup
	same 'tag:toread' "p.pid IN (SELECT pid FROM tags WHERE tag = 'toread')"
	same '-tag:toread' "p.pid NOT IN (SELECT pid FROM tags WHERE tag = 'toread')"
	same 'is:unread' "COALESCE(s.read, 0) = 0"
	same 'is:read' "s.read = 1"
	same 'is:starred' "s.starred = 1"
	same 'is:tagged' "p.pid IN (SELECT pid FROM tags)"
	same 'is:noted' "p.pid IN (SELECT pid FROM notes)"
	same 'has:github' "p.github_repo IS NOT NULL"
	same 'has:project' "p.project_page IS NOT NULL"
	same 'upvotes:>20' "p.upvotes > 20"
	same 'upvotes:>=34' "p.upvotes >= 34"
	same 'upvotes:<2' "p.upvotes < 2"
	same 'upvotes:<=2' "p.upvotes <= 2"
	same 'upvotes:7' "p.upvotes = 7"
	same 'upvotes:10..50' "p.upvotes BETWEEN 10 AND 50"
	same 'comments:>=4' "p.comments >= 4"
	same 'stars:>20' "p.github_stars > 20"
	same 'stars:..1 has:github' "p.github_stars <= 1 AND p.github_repo IS NOT NULL"
	same 'date:2026-07-10' "p.pid IN (SELECT pid FROM paper_days WHERE day = '2026-07-10')"
	same 'date:2026-07' "p.pid IN (SELECT pid FROM paper_days WHERE day LIKE '2026-07-%')"
	same 'date:2026-06-12..2026-07-10' \
		"p.pid IN (SELECT pid FROM paper_days WHERE day BETWEEN '2026-06-12' AND '2026-07-10')"
	same 'date:2026-07-11..' "p.pid IN (SELECT pid FROM paper_days WHERE day >= '2026-07-11')"
	same 'date:..2022-12-31' "p.listed IS NULL AND p.published <= '2022-12-31'"
	same 'published:2026-07-09' "p.published = '2026-07-09'"
	same 'published:2026-06-01..2026-06-09' "p.published BETWEEN '2026-06-01' AND '2026-06-09'"
	same 'id:2607.08' "p.id LIKE '2607.08%'"
	expect_eq "$(ids is:dismissed)" 2606.08063
	expect_eq "$(ids --all 'upvotes:74')" 2606.08063
	expect_eq "$(ids 'upvotes:74')" ""
	# relative dates count from today: the newest fixture day is long past
	expect_eq "$(ids 'date:-7d')" ""
	expect_eq "$(ids 'date:today')" ""
	expect_eq "$(ids 'date:2026-08-11..today')" 2608.09888
}

test_query_free_text_phrases_and_unicode() {
	q_setup
	# Björn Engdahl and Björn Ommer
	expect_eq "$(ids 'author:björn sort:date')" "2608.09888 2112.10752"
	expect_eq "$(ids 'author:BJORN sort:date')" "2608.09888 2112.10752"
	expect_eq "$(ids 'author:"björn engdahl"')" "2608.09888"
	expect_eq "$(ids 'Przemysław')" "2608.09888"
	expect_eq "$(ids 'uznanski')" "2608.09888"
	expect_eq "$(ids '"denoising diffusion probabilistic"')" "2006.11239"
	expect_eq "$(ids 'title:diffusion sort:date')" "2607.08770 2606.08788 2202.00512 2112.10752 2006.11239"
	# the same answer written with OR and a field, checked by the index
	want=$(sql "SELECT p.id FROM papers_fts f JOIN papers p ON p.pid = f.rowid
		LEFT JOIN state s ON s.pid = p.pid WHERE papers_fts MATCH 'diffusion'
		AND s.dismissed_at IS NULL ORDER BY p.day DESC, p.upvotes DESC, p.pid DESC" |
		tr '\n' ' ' | sed 's/ $//')
	expect_eq "$(ids 'diffusion sort:date')" "$want"
	want=$(sql "SELECT p.id FROM papers_fts f JOIN papers p ON p.pid = f.rowid
		LEFT JOIN state s ON s.pid = p.pid WHERE papers_fts MATCH 'ai_keywords:agent OR ai_keywords:agents'
		AND s.dismissed_at IS NULL ORDER BY p.day DESC, p.upvotes DESC, p.pid DESC" |
		tr '\n' ' ' | sed 's/ $//')
	[ -n "$want" ] || fail "no agent keywords in the fixtures"
	expect_eq "$(ids 'kw:agent OR kw:agents sort:date')" "$want"
	# relevance: the title match first, by default when there are words
	first=$(ids 'diffusion' | cut -d' ' -f1)
	case "$first" in 2006.11239|2112.10752|2202.00512|2607.08770|2606.08788) ;;
	*) fail "relevance put $first first" ;; esac
	expect_eq "$(ids 'diffusion' | wc -w)" "$(ids 'diffusion sort:date' | wc -w)"
}

test_query_boolean_logic_and_precedence() {
	q_setup
	same 'tag:video OR is:starred' "p.pid IN (SELECT pid FROM tags WHERE tag = 'video') OR s.starred = 1"
	# NOT > AND > OR
	same 'is:starred OR tag:toread is:read' \
		"s.starred = 1 OR (p.pid IN (SELECT pid FROM tags WHERE tag = 'toread') AND s.read = 1)"
	same '(is:starred OR tag:toread) is:unread' \
		"(s.starred = 1 OR p.pid IN (SELECT pid FROM tags WHERE tag = 'toread')) AND COALESCE(s.read, 0) = 0"
	same 'NOT has:github upvotes:>10' "p.github_repo IS NULL AND p.upvotes > 10"
	same 'NOT (has:github upvotes:>10)' "NOT (p.github_repo IS NOT NULL AND p.upvotes > 10)"
	same 'upvotes:>100 or upvotes:<1 and has:github' \
		"p.upvotes > 100 OR (p.upvotes < 1 AND p.github_repo IS NOT NULL)"
	same 'date:2026-07-13 -has:github -has:project' \
		"p.day = '2026-07-13' AND p.github_repo IS NULL AND p.project_page IS NULL"
	expect_eq "$(ids 'diffusion -title:diffusion sort:date')" \
		"$(sql "SELECT p.id FROM papers_fts f JOIN papers p ON p.pid = f.rowid
		WHERE papers_fts MATCH 'diffusion NOT title:diffusion'
		ORDER BY p.day DESC, p.upvotes DESC, p.pid DESC" | tr '\n' ' ' | sed 's/ $//')"
	# the old options are query terms too, beside a query
	same 'date:2026-07-10 tag:toread' \
		"p.pid IN (SELECT pid FROM paper_days WHERE day = '2026-07-10') AND p.pid IN (SELECT pid FROM tags WHERE tag = 'toread')"
	expect_eq "$(ids --day 2026-07-10 --tag toread)" "$(ids 'date:2026-07-10 tag:toread')"
	expect_eq "$(ids 'is:starred OR is:read' --unread)" "$(ids '(is:starred OR is:read) is:unread')"
}

test_query_sorts() {
	q_setup
	same 'upvotes:>5 sort:upvotes' "p.upvotes > 5" "p.upvotes DESC, p.pid DESC"
	same 'upvotes:>5 sort:-upvotes' "p.upvotes > 5" "p.upvotes ASC, p.pid ASC"
	same 'sort:comments' "1" "p.comments DESC, p.pid DESC"
	same 'sort:stars' "1" "p.github_stars DESC, p.pid DESC"
	same 'sort:title' "1" "p.title COLLATE NOCASE DESC, p.pid DESC"
	same 'sort:-title' "1" "p.title COLLATE NOCASE ASC, p.pid ASC"
	same 'sort:published' "1" "p.published DESC, p.pid DESC"
	same 'sort:date' "1" "p.day DESC, p.upvotes DESC, p.pid DESC"
	same 'sort:-date' "1" "p.day ASC, p.upvotes ASC, p.pid ASC"
	# --sort overrides the query's sort
	expect_eq "$(ids 'sort:title' --sort upvotes)" "$(ids sort:upvotes)"
	expect_eq "$(ids 'upvotes:>30' --sort -stars)" "$(ids 'upvotes:>30 sort:-stars')"
	run p list diffusion --sort relevance --format ids
	expect_rc 0
	run p list --sort nonsense
	expect_rc 2
}

test_query_views() {
	q_setup
	same '@toread' "p.pid IN (SELECT pid FROM tags WHERE tag = 'toread')"
	same '@starred' "s.starred = 1"
	same '@unread' "COALESCE(s.read, 0) = 0"
	mkdir -p "$T/cfg/papyr"
	printf 'view.hot = upvotes:>=30 sort:-upvotes\n' >"$T/cfg/papyr/config"
	export XDG_CONFIG_HOME="$T/cfg"
	same '@hot' "p.upvotes >= 30" "p.upvotes ASC, p.pid ASC"
	same '@hot has:github' "p.upvotes >= 30 AND p.github_repo IS NOT NULL" "p.upvotes ASC, p.pid ASC"
	# views are compiled at load: a loop is named with its line at once
	printf 'view.loop = @loop2\nview.loop2 = is:read OR @loop\n' >"$T/cfg/papyr/config"
	run p list is:read
	expect_rc 1
	expect_err "papyr: $T/cfg/papyr/config:1: view.loop: query:1: view '@loop2' refers to itself"
	expect_err "papyr: $T/cfg/papyr/config:2: view.loop2: query:12: view '@loop' refers to itself"
	: >"$T/cfg/papyr/config"
	run p list 'is:read @nothing'
	expect_rc 2
	expect_err "papyr: query:9: unknown view '@nothing'"
}

# bounded CMD...: runs it (with $rc, $T/out and $T/err as run does) in
# 10 s and 512 MiB at most, and fails when it took a second or more.
bounded() {
	local start end
	start=$(date +%s%N)
	local vmem=524288 # KiB; a sanitized papyr reserves more address space
	papyr_sanitized && vmem=unlimited
	run bash -c 'ulimit -v "$0"; exec timeout 10 "$@"' "$vmem" "$@"
	end=$(date +%s%N)
	[ $(((end - start) / 1000000)) -lt 1000 ] ||
		fail "$* took $(((end - start) / 1000000)) ms; stderr: $(head -c 300 "$T/err")"
}

# A view that names another twice, 15 steps down, would be 32768 copies of
# the last one; views that loop are refused too.
test_query_views_that_expand_without_bound() {
	q_setup
	mkdir -p "$HOME/.config/papyr"
	for i in $(seq 0 14); do echo "view.v$i = @v$((i + 1)) @v$((i + 1))"; done \
		>"$HOME/.config/papyr/config"
	echo "view.v15 = upvotes:>=1" >>"$HOME/.config/papyr/config"
	# Checked when the config is read: each view past the limit is named
	# with its line, within the bound on time and memory.
	bounded "$PAPYR" --db "$T/cache.db" list @v0
	expect_rc 1
	expect_err "config:1: view.v0: query:1: too many terms (at most 256) once view '@v1' is expanded"
	expect_err "config:6: view.v5: query:1: too many terms (at most 256) once view '@v6' is expanded"
	expect_eq "$(cat "$T/out")" ""
	# Views within the limit load; a query that doubles one is refused.
	sed -i '1,9d' "$HOME/.config/papyr/config"
	bounded "$PAPYR" --db "$T/cache.db" list 'is:read @v9 @v9'
	expect_rc 2
	expect_err "papyr: query:13: too many terms (at most 256) once view '@v9' is expanded"
	# 127 views and 64 leaves: within the limit, and listed
	bounded "$PAPYR" --db "$T/cache.db" list @v9 --format ids
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" "$(sql 'SELECT count(*) FROM papers p LEFT JOIN state s
		ON s.pid = p.pid WHERE p.upvotes >= 1 AND s.dismissed_at IS NULL')"
}

# Queries past what SQLite runs are the query's errors (exit 2, the column
# named), never the cache's; the edge itself runs.
test_query_limits() {
	q_setup
	local dashes ors terms
	dashes=$(printf -- '-%.0s' $(seq 16))
	run p list --format ids -- "${dashes}diffusion"
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" "$(ids diffusion | wc -w)"
	dashes=$(printf -- '-%.0s' $(seq 40))
	run p list -- "${dashes}diffusion"
	expect_rc 2
	expect_eq "$(cat "$T/err")" \
		"papyr: query:17: the query is nested too deeply (at most 16 levels of AND, OR and NOT)"
	# a OR (b OR (c OR ...)): 16 levels, then 17 and 40
	ors=diffusion
	for i in $(seq 16); do ors="w$i OR ($ors)"; done
	run p list --format ids "$ors"
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" "$(ids diffusion | wc -w)"
	# named at the 17th level, the innermost
	ors="w17 OR ($ors)"
	run p list "$ors"
	expect_rc 2
	local before=${ors%%w1 OR (diffusion*}
	expect_eq "$(cat "$T/err")" "papyr: query:$((${#before} + 1)): the query is nested too deeply (at most 16 levels of AND, OR and NOT)"
	for i in $(seq 18 40); do ors="w$i OR ($ors)"; done
	run p list "$ors"
	expect_rc 2
	expect_err "the query is nested too deeply"
	# 256 field terms run; the 257th and 1001 are refused where they pass
	terms=$(for i in $(seq 256); do printf 'upvotes:>=%d ' $((i % 3)); done)
	run p list --format ids "$terms"
	expect_rc 0
	expect_eq "$(wc -l <"$T/out")" "$(ids 'upvotes:>=2' | wc -w)"
	run p list "${terms}upvotes:>=1"
	expect_rc 2
	expect_eq "$(cat "$T/err")" "papyr: query:$((${#terms} + 1)): too many terms (at most 256)"
	terms=$(for i in $(seq 1001); do printf 'upvotes:>=%d ' "$i"; done)
	run p list "$terms"
	expect_rc 2
	terms=$(for i in $(seq 256); do printf 'upvotes:>=%d ' "$i"; done)
	expect_eq "$(cat "$T/err")" "papyr: query:$((${#terms} + 1)): too many terms (at most 256)"
	run p list "$(head -c 65537 /dev/zero | tr '\0' a)"
	expect_rc 2
	expect_err "papyr: query:65537: the query is too long (at most 65536 bytes)"
	integrity_ok
}

test_query_errors_and_hostile_text() {
	q_setup
	before=$(sql 'SELECT count(*) FROM papers')
	run p list 'upvotes:>'
	expect_rc 2
	expect_eq "$(cat "$T/err")" "papyr: query:10: expected a number after 'upvotes:>'"
	expect_eq "$(cat "$T/out")" ""
	for bad in "'; DROP TABLE papers; --" 'title:"' '((' 'NEAR(' '*' 'a OR' '-' \
		'upvotes:>' ')' 'is:bogus' 'frob:x' 'date:2026-02-30' '"' 'sort:up'; do
		run p list "$bad" --format ids
		expect_rc 2
		grep -q '^papyr: query:[0-9]*: ' "$T/err" || fail "'$bad': $(cat "$T/err")"
		! grep -qi 'sql\|select\|syntax error' "$T/err" || fail "'$bad' shows SQL: $(cat "$T/err")"
		expect_eq "$(cat "$T/out")" "" "no rows for '$bad'"
	done
	# quoted, the same text is only searched for
	run p list '"; DROP TABLE papers; --"' --format ids
	expect_rc 0
	run p list 'title:"NEAR(a, b) OR c*"' --format ids
	expect_rc 0
	run p list -- '-tag:x'
	expect_rc 0
	expect_eq "$(p list --format ids -- '-tag:toread' | wc -l)" "$(ids -tag:toread | wc -w)"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" "$before"
	integrity_ok
}

# About 50k generated papers: papyr's counts equal those computed in Python
# over the generated data, and keyset pages list each row once.
test_query_at_scale() {
	/usr/bin/python3 - "$T" <<'PY'
import json, random, sys, datetime
t = sys.argv[1]
rnd = random.Random(7)
words = ["diffusion", "mamba", "agent", "vision", "token", "graph", "robot",
         "kernel", "sparse", "reward", "latent", "memory", "proof", "speech"] + \
        ["w%d" % k for k in range(46)]
base = datetime.date(2025, 1, 1)
days = {}
papers = []
for i in range(50000):
    d = base + datetime.timedelta(days=i * 500 // 50000)
    title = " ".join(rnd.sample(words, 3)) + " %d" % i
    abstract = " ".join(rnd.choice(words) for _ in range(8))
    p = {"id": "25%02d.%05d" % (1 + i % 12, i), "title": title, "summary": abstract,
         "authors": [{"name": "Author %d" % (i % 97)}],
         "publishedAt": d.isoformat() + "T00:00:00.000Z",
         "submittedOnDailyAt": d.isoformat() + "T00:00:00.000Z",
         "upvotes": rnd.randrange(0, 200)}
    if i % 5 == 0:
        p["githubRepo"] = "https://github.com/x/%d" % i
        p["githubStars"] = rnd.randrange(0, 1000)
    papers.append({"paper": p, "numComments": rnd.randrange(0, 9)})
json.dump(papers, open(t + "/big.json", "w"))

def words_of(p):
    return set((p["title"] + " " + p["summary"]).split())
counts = {
    "diffusion": sum("diffusion" in words_of(e["paper"]) for e in papers),
    "title:mamba upvotes:>100": sum("mamba" in e["paper"]["title"].split() and
                                    e["paper"]["upvotes"] > 100 for e in papers),
    "has:github stars:>=500": sum(e["paper"].get("githubStars", -1) >= 500 for e in papers),
    "date:2025-03": sum(e["paper"]["submittedOnDailyAt"].startswith("2025-03") for e in papers),
    "comments:3..4 -kernel": sum(3 <= e["numComments"] <= 4 and
                                 "kernel" not in words_of(e["paper"]) for e in papers),
    "(agent OR robot) -reward upvotes:<50": sum(
        bool(words_of(e["paper"]) & {"agent", "robot"}) and
        "reward" not in words_of(e["paper"]) and e["paper"]["upvotes"] < 50
        for e in papers),
    "agent OR upvotes:>=190": sum("agent" in words_of(e["paper"]) or
                                  e["paper"]["upvotes"] >= 190 for e in papers),
}
with open(t + "/counts", "w") as f:
    for q, n in counts.items():
        f.write("%s\t%d\n" % (q, n))
PY
	run p import "$T/big.json"
	expect_rc 0
	while IFS="	" read -r query want; do
		got=$(p list "$query" --format ids | wc -l)
		expect_eq "$got" "$want" "count of '$query'"
	done <"$T/counts"
	# keyset pages (256 rows each) list each row once, for several sorts
	for s in relevance title; do
		p list 'diffusion OR mamba' --sort "$s" --format ids >"$T/page.$s"
		expect_eq "$(sort -u "$T/page.$s" | wc -l)" "$(wc -l <"$T/page.$s")" "no repeats, $s"
		expect_eq "$(wc -l <"$T/page.$s")" \
			"$(sql "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'diffusion OR mamba'")" \
			"rows, $s"
	done
	# few, many and most papers match: each way of reading them, one order
	for q in 'kernel mamba' kernel 'diffusion OR mamba'; do
		fts=$q # plain words: the same in FTS5's own syntax
		sql "SELECT p.id FROM papers_fts f JOIN papers p ON p.pid = f.rowid
		     WHERE papers_fts MATCH '$fts' ORDER BY p.upvotes DESC, p.pid DESC" >"$T/want"
		p list "$q" --sort upvotes --format ids >"$T/got"
		[ -s "$T/want" ] || fail "nothing matches $q"
		cmp -s "$T/got" "$T/want" || fail "'$q' by upvotes differs from the index"
		p list "$q" --sort -date --limit 300 --format ids >"$T/got"
		sql "SELECT p.id FROM papers_fts f JOIN papers p ON p.pid = f.rowid
		     WHERE papers_fts MATCH '$fts' ORDER BY p.day, p.upvotes, p.pid LIMIT 300" >"$T/want"
		cmp -s "$T/got" "$T/want" || fail "'$q' by -date differs from the index"
	done
	sql "SELECT p.id FROM papers p WHERE p.upvotes > 150 ORDER BY p.upvotes DESC, p.pid DESC" >"$T/want"
	p list 'upvotes:>150' --sort upvotes --format ids >"$T/got"
	cmp -s "$T/got" "$T/want" || fail "upvotes:>150 order differs"
}
