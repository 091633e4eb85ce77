#!/usr/bin/env bash
# papyr's benchmark (make bench): the performance budgets listed in
# tests/bench/README, measured on a synthetic cache of BENCH_N papers (default 1M) as
# ratios against a baseline taken in the same run. See tests/bench/README.
#
#   bash tests/bench/run.sh ./papyr
#
# Environment: BENCH_N (papers, default 1000000), BENCH_RUNS (runs per read,
# default 20), BENCH_DIR (default build/bench), BENCH_IMPORT=1 (measure the
# import again even when the imported cache is already there).
#
# BENCH_CACHE=FILE measures the reads and the interface on that cache
# instead (no corpus, no import, no finding benchmark; 500 of its papers get
# the tag toread), with the queries of BENCH_QUERIES: hf (the default, the
# words of gen.c) or oai (the words of oaigen.c, cat: and primary: filters,
# the arxiv view). oai.sh runs it on the cache its ingest made when
# BENCH_OAI_READS=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PAPYR=$(cd "$(dirname "${1:-./papyr}")" && pwd)/$(basename "${1:-./papyr}")
N=${BENCH_N:-1000000}
RUNS=${BENCH_RUNS:-20}
B=${BENCH_DIR:-$root/build/bench}
GEN=$B/gen RUNX=$B/runx TRACE=$B/sqltrace.so PTYX=$B/ptyx
export LC_ALL=C.UTF-8 TZ=UTC
unset PAPYR_DB PAPYR_HF_URL HF_TOKEN
export XDG_CONFIG_HOME=$B/config XDG_DATA_HOME=$B/data
mkdir -p "$B" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

CACHE=${BENCH_CACHE:-}
QUERIES=${BENCH_QUERIES:-hf}
if [ -n "$CACHE" ]; then
	[ -f "$CACHE" ] || { echo "bench: BENCH_CACHE: no file $CACHE" >&2; exit 1; }
	CACHE=$(cd "$(dirname "$CACHE")" && pwd)/$(basename "$CACHE")
	N=$(sqlite3 -readonly "$CACHE" "SELECT count(*) FROM papers")
fi
CORPUS=$B/corpus-$N
DB=${CACHE:-$B/papyr-$N.db}
SHELLDB=$B/shell-$N.db
IMPORT_TSV=$B/import-$N.tsv
RESULTS=$B/results.tsv
W=$B/work
rm -rf "$W"
mkdir -p "$W"
: >"$RESULTS"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
tools=("$RUNX" "$TRACE" sqlite3)
[ -n "$CACHE" ] || tools+=("$GEN") # a given cache needs no corpus
for t in "${tools[@]}"; do
	command -v "$t" >/dev/null || die "$t is missing (run it through make bench)"
done

# ---- results: one TSV line per measure, and the table at the end ----
# name unit papyr_median papyr_p95 baseline baseline_kind ratio budget verdict
printf 'measure\tunit\tmedian\tp95\tbaseline\tbaseline_is\tvs_baseline\tbudget\tvs_budget\tverdict\n' >"$RESULTS"
result() { # name unit median p95 baseline baseline_is vs_baseline budget vs_budget verdict
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"
}
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
signed() { awk "BEGIN { printf \"%+.2f\", $1 }"; }
le() { awk "BEGIN { exit !($1 <= $2) }"; }

# The queries timed, by the vocabulary of the cache's papers: WORDS match
# about 70%, 6% and 0.4% of gen.c's papers (20%, 1.4% and 0.07% of
# oaigen.c's); PREFIXES are typed as the interface's search takes them (the
# last word a prefix); FILTERS are timed in process, PROCESS as whole
# `papyr list --limit 50 QUERY` runs (budget: 30 ms when selective, else
# 150), SEARCHES as the interface's search runs them (qx -s: the newest
# 10,000 matches ranked), TUI_WORDS typed into the interface's search.
case $QUERIES in
hf)
	WORDS=(model diffusion hypergraph)
	PREFIXES=(mod dif hyp hyperg)
	FILTERS=('upvotes:>50 date:2026-06' 'tag:toread')
	PROCESS=('diffusion' 150 'hypergraph sort:relevance' 30 'tag:toread' 30)
	SEARCHES=()
	TUI_WORDS=(model hypergraph)
	TUI_VIEWS=()
	;;
oai)
	WORDS=(tamon kadexbor kadexmonbor)
	PREFIXES=(tam kad kadexb kadexmonb)
	FILTERS=('cat:cs.RO' 'primary:math.OC' 'cat:cs.RO kadexbor' 'cat:cs.RO sort:relevance kadexbor'
		'date:2015-06-12' 'tag:toread' '@arxiv')
	PROCESS=('kadexbor' 150 'kadexmonbor sort:relevance' 30 'tag:toread' 30 'cat:cs.RO' 150
		'cat:cs.RO kadexmonbor' 30 '@arxiv' 30)
	SEARCHES=(tam tamon kad kadexb kadexbor 'cat:cs.RO kad')
	TUI_WORDS=(tamon kadexmonbor)
	TUI_VIEWS=(arxiv)
	;;
*) die "BENCH_QUERIES: hf or oai, not '$QUERIES'" ;;
esac

if [ -n "$CACHE" ]; then
	say "measuring the given cache $CACHE ($N papers, queries: $QUERIES)"
	result "import" - - - - - - - - "skipped: given cache"
else
# ---- 1. the corpus ----
gen_sum=$(cksum <"$here/gen.c" | cut -d' ' -f1)
if [ ! -f "$CORPUS/stamp" ] || [ "$(head -n1 "$CORPUS/stamp")" != "$gen_sum" ]; then
	say "generating $N papers in $CORPUS"
	rm -rf "$CORPUS" "$DB"* "$SHELLDB"* "$IMPORT_TSV"
	mkdir -p "$CORPUS"
	t0=$(date +%s.%N)
	nice -n 10 "$GEN" "$CORPUS" "$N" >"$CORPUS/stats.tmp"
	t1=$(date +%s.%N)
	{ echo "$gen_sum"; cat "$CORPUS/stats.tmp"; echo "gen_seconds	$(calc "$t1 - $t0")"; } \
		>"$CORPUS/stamp"
	rm "$CORPUS/stats.tmp"
fi
stat_of() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$CORPUS/stamp"; }
files=("$CORPUS"/corpus-*.json)
say "corpus: $N papers in ${#files[@]} files, $(du -sh "$CORPUS" | cut -f1), made in $(stat_of gen_seconds) s"

# ---- 2. import, against the sqlite3 shell's own ingest ----
# The shell reads each file with readfile() and json_each into the same
# schema (an empty cache papyr made), one transaction per file like papyr,
# with papyr's pragmas; the FTS triggers fire the same way.
shell_ingest_sql() {
	echo "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	echo "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8000;"
	for f in "${files[@]}"; do
		cat <<SQL
BEGIN IMMEDIATE;
CREATE TEMP TABLE mark AS SELECT COALESCE(max(pid), 0) AS m FROM papers;
INSERT INTO papers (id, title, abstract, authors, published, listed, day,
  upvotes, comments, ai_summary, ai_keywords, github_repo, github_stars,
  project_page, organization, first_seen, updated)
SELECT json_extract(e.value, '\$.paper.id'),
  json_extract(e.value, '\$.paper.title'),
  COALESCE(json_extract(e.value, '\$.paper.summary'), ''),
  COALESCE((SELECT group_concat(json_extract(a.value, '\$.name'), char(10))
     FROM json_each(e.value, '\$.paper.authors') a
     WHERE NOT json_extract(a.value, '\$.hidden')), ''),
  COALESCE(substr(json_extract(e.value, '\$.paper.publishedAt'), 1, 10), ''),
  substr(json_extract(e.value, '\$.paper.submittedOnDailyAt'), 1, 10),
  COALESCE(substr(json_extract(e.value, '\$.paper.submittedOnDailyAt'), 1, 10),
     substr(json_extract(e.value, '\$.paper.publishedAt'), 1, 10), ''),
  COALESCE(json_extract(e.value, '\$.paper.upvotes'), 0),
  COALESCE(json_extract(e.value, '\$.numComments'), 0),
  json_extract(e.value, '\$.paper.ai_summary'),
  (SELECT group_concat(k.value, char(10))
     FROM json_each(e.value, '\$.paper.ai_keywords') k),
  json_extract(e.value, '\$.paper.githubRepo'),
  COALESCE(json_extract(e.value, '\$.paper.githubStars'), 0),
  json_extract(e.value, '\$.paper.projectPage'),
  json_extract(e.value, '\$.paper.organization'),
  unixepoch(), unixepoch()
FROM json_each(readfile('$f')) e;
INSERT OR IGNORE INTO paper_days (day, pid)
  SELECT listed, pid FROM papers WHERE pid > (SELECT m FROM mark) AND listed IS NOT NULL;
DROP TABLE mark;
COMMIT;
SQL
	done
}

if [ ! -f "$IMPORT_TSV" ] || [ ! -f "$DB" ] || [ "${BENCH_IMPORT:-0}" = 1 ]; then
	say "warming the page cache with the corpus"
	cat "${files[@]}" >/dev/null
	rm -f "$DB"* "$SHELLDB"*
	"$PAPYR" --db "$W/empty.db" tags >/dev/null # an empty cache, schema only
	cp "$W/empty.db" "$SHELLDB"
	shell_ingest_sql >"$W/ingest.sql"
	say "importing with papyr (one run)"
	read -r p_ms _ _ p_rss p_cpu p_st < <(nice -n 10 "$RUNX" -n 1 -w 0 -o "$W/import.out" -- \
		"$PAPYR" --db "$DB" import "${files[@]}")
	[ "$p_st" = 0 ] || die "papyr import failed: $(tail -n 3 "$W/import.out")"
	say "importing with the sqlite3 shell (one run)"
	read -r s_ms _ _ s_rss s_cpu s_st < <(nice -n 10 "$RUNX" -n 1 -w 0 -i "$W/ingest.sql" \
		-- sqlite3 -bail "$SHELLDB")
	[ "$s_st" = 0 ] || die "the sqlite3 shell's ingest failed"
	np=$(sqlite3 "$DB" "SELECT count(*) FROM papers")
	ns=$(sqlite3 "$SHELLDB" "SELECT count(*) FROM papers")
	[ "$np" = "$N" ] && [ "$ns" = "$N" ] || die "imported $np (papyr) and $ns (shell) papers, not $N"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p_ms" "$p_cpu" "$p_rss" "$s_ms" "$s_cpu" \
		"$s_rss" "$(date -u +%FT%TZ)" >"$IMPORT_TSV"
	rm -f "$W/ingest.sql" "$SHELLDB"* # only its time was needed
else
	say "reusing the imported cache $DB (BENCH_IMPORT=1 measures the import again)"
fi
IFS=$'\t' read -r p_ms p_cpu p_rss s_ms s_cpu s_rss import_when <"$IMPORT_TSV"
ratio=$(calc "$s_ms / $p_ms")
cratio=$(calc "$s_cpu / $p_cpu")
v=over; le 0.9 "$ratio" && v=ok
result "import wall ($import_when)" s "$(calc "$p_ms / 1000")" - "$(calc "$s_ms / 1000")" \
	"sqlite3 shell" "$ratio" ">=0.90" "$ratio" "$v"
v=over; le 0.9 "$cratio" && v=ok
result "import cpu" s "$(calc "$p_cpu / 1000")" - "$(calc "$s_cpu / 1000")" "sqlite3 shell" \
	"$cratio" ">=0.90" "$cratio" "$v"
v=over; le "$p_rss" $((32 * 1024)) && v=ok
result "import peak memory" MB "$(calc "$p_rss / 1024")" - "$(calc "$s_rss / 1024")" \
	"sqlite3 shell" "$(calc "$p_rss / $s_rss")" 32 "$(calc "$p_rss / 1024 / 32")" "$v"
fi

# ---- 3. reads on the cache ----
# Each read: papyr itself (median and p95 over RUNS runs, peak memory), and
# as its baseline the very SELECTs papyr ran (caught by sqltrace.so, bound
# values filled in) through the sqlite3 shell, plus the start-up cost of
# `papyr --version` and of the shell on the same file.
read -r t_med t_p95 _ _ _ _ < <("$RUNX" -n "$RUNS" -- true)
result "start: true (fork and exec)" ms "$t_med" "$t_p95" - - - - - info
read -r v_med v_p95 _ v_rss _ _ < <("$RUNX" -n "$RUNS" -- "$PAPYR" --version)
result "start: papyr --version" ms "$v_med" "$v_p95" "$t_med" true \
	"$(calc "$v_med / $t_med")" - - info
read -r sh_med sh_p95 _ _ _ _ < <("$RUNX" -n "$RUNS" -- sqlite3 -readonly "$DB" "SELECT 1")
result "start: sqlite3 shell, SELECT 1" ms "$sh_med" "$sh_p95" - - - - - info

max_rss=0
# read NAME BUDGET_MS ARGS...: times `papyr --db DB ARGS...`
read_bench() {
	local name=$1 budget=$2
	shift 2
	local q=$W/q$((++nq)).sql
	echo "PRAGMA cache_size = -8000; PRAGMA temp_store = MEMORY;" >"$q"
	PAPYR_SQL_TRACE=$q LD_PRELOAD=$TRACE "$PAPYR" --db "$DB" "$@" >"$W/out" 2>&1 ||
		die "$name: papyr $* failed: $(head -n 3 "$W/out")"
	local rows
	rows=$(wc -l <"$W/out")
	local med p95 rss st bmed bp95
	read -r med p95 _ rss _ st < <("$RUNX" -n "$RUNS" -- "$PAPYR" --db "$DB" "$@")
	[ "$st" = 0 ] || die "$name: papyr $* exited $st"
	read -r bmed bp95 _ _ _ st < <("$RUNX" -n "$RUNS" -i "$q" -- sqlite3 -readonly "$DB")
	[ "$st" = 0 ] || die "$name: the shell failed on $q"
	[ "$rss" -gt "$max_rss" ] && max_rss=$rss
	local v=info vb=-
	if [ "$budget" != - ]; then
		vb=$(calc "$p95 / $budget")
		v=over
		le "$p95" "$budget" && v=ok
	fi
	result "$name ($rows rows)" ms "$med" "$p95" "$bmed" "shell, same SQL" \
		"$(calc "$med / $bmed")" "$budget" "$vb" "$v"
	last_bmed=$bmed
	printf '%s\n' "$*" >"$q.args"
}
nq=0

# Some papers tagged toread, spread over the whole cache.
step=$((N / 500 > 0 ? N / 500 : 1))
mapfile -t toread < <(sqlite3 "$DB" "SELECT id FROM papers WHERE pid % $step = 0 LIMIT 500")
"$PAPYR" --db "$DB" tag "${toread[@]}" +toread >/dev/null

say "timing reads ($RUNS runs each)"
read_bench "list first page" 30 list --limit 50
shell_first_page=$last_bmed # the interface's first frame is held against it
read_bench "list first page, ids by upvotes" 30 list --format ids --sort upvotes --limit 50
read_bench "list first page, ids by title" 30 list --format ids --sort title --limit 50
read_bench "list --tag toread, first page" 30 list --tag toread --limit 50

# The query language, once it is there: in process (qx: compile, first
# page, count, as the interface does on each key), and a few as whole
# `papyr list QUERY` runs.
QX=$B/qx
if [ -x "$QX" ] && "$PAPYR" --db "$DB" list --limit 1 'upvotes:>1' >/dev/null 2>&1; then
	# qx_bench NAME [-p] QUERY
	qx_bench() {
		local name=$1
		shift
		local out med p95 cmed cp95 smed sp95 rows count
		out=$("$QX" "${@:1:$(($# - 1))}" "$DB" "$RUNS" "${@: -1}") ||
			die "$name: qx failed"
		read -r med p95 cmed cp95 smed sp95 rows count <<<"$out"
		local share budget v
		share=$(calc "100 * $count / $N")
		budget=150
		le "$share" 1 && budget=30
		v=over
		le "$p95" "$budget" && v=ok
		result "$name, first page ($share% match)" ms "$med" "$p95" "$smed" \
			"SQLite in process, same SQL" "$(calc "$med / ($smed > 0 ? $smed : 0.01)")" \
			"$budget" "$(calc "$p95 / $budget")" "$v"
		result "$name, count ($count)" ms "$cmed" "$cp95" - - - - - info
	}
	say "timing queries in process ($RUNS runs each)"
	for w in "${WORDS[@]}"; do
		qx_bench "query '$w sort:date'" "$w sort:date"
		qx_bench "query '$w sort:relevance'" "$w sort:relevance"
	done
	# As typed in the interface: the last word is a prefix.
	for w in "${PREFIXES[@]}"; do
		qx_bench "typing 'sort:date $w' (prefix)" -p "sort:date $w"
		qx_bench "typing 'sort:relevance $w' (prefix)" -p "sort:relevance $w"
	done
	for w in "${SEARCHES[@]}"; do
		qx_bench "search '$w' (the interface's, newest 10000 ranked)" -s "$w"
	done
	for w in "${FILTERS[@]}"; do
		qx_bench "query '$w'" "$w"
	done
	for ((i = 0; i < ${#PROCESS[@]}; i += 2)); do
		read_bench "papyr list '${PROCESS[i]}' (process)" "${PROCESS[i + 1]}" \
			list --limit 50 "${PROCESS[i]}"
	done
else
	say "papyr list does not take a query yet: the query measures are skipped"
	result "queries (papyr list QUERY)" - - - - - - - - "skipped: no query language"
fi

# ---- 4. finding: remembered words, the paper meant ----
# The queries of finding.tsv (query, arXiv id, kind) on the bench cache,
# once the fixtures' real papers and the papers of finding-papers.json are
# imported into it (an upsert: a run after the first only updates them).
# Each query's first 10 ids through `papyr list QUERY` (the command line's
# path), through qx -k (the interface's: last word a prefix, the newest
# 10,000 matches ranked), and through plain FTS5 bm25 in the sqlite3 shell
# (no column weights, the query's words as quoted FTS5 tokens: every word
# must match as it is). Reported: MRR@10 (the mean of 1/rank of the paper
# meant, 0 when not in the first 10) and recall@10.
bench_finding() {
	local find=$here/finding.tsv ranks=$B/finding-ranks.tsv
	"$PAPYR" --db "$DB" import "$root"/tests/fixtures/hf/*.json "$root"/tests/fixtures/hf/days/*.json \
		"$here/finding-papers.json" >"$W/finding-import.out" 2>&1 ||
		die "finding: the import failed: $(tail -n 3 "$W/finding-import.out")"
	local missing
	missing=$(awk -F'\t' '!/^#/ && NF >= 2 { print $2 }' "$find" | sort -u |
		while read -r id; do
			[ "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM papers WHERE id = '$id'")" = 1 ] ||
				echo "$id"
		done)
	[ -z "$missing" ] || die "finding: papers meant but not in the cache: $missing"
	# The baseline's index: plain FTS5 (unicode61, no stems, the four text
	# columns) over the same papers, in a file of its own, made again when
	# the cache holds other papers (papyr's own index stems words).
	local plain=$B/plain-$N.db
	if [ "$(sqlite3 -readonly "$plain" 'SELECT count(*), max(pid) FROM ids' 2>/dev/null)" != \
	     "$(sqlite3 -readonly "$DB" 'SELECT count(*), max(pid) FROM papers')" ]; then
		say "finding: the baseline's plain FTS5 index"
		rm -f "$plain"
		sqlite3 "$plain" "ATTACH '$DB' AS c;
			CREATE TABLE ids (pid INTEGER PRIMARY KEY, id TEXT NOT NULL);
			CREATE VIRTUAL TABLE plain_fts USING fts5(title, abstract, authors, ai_keywords,
			  tokenize='unicode61 remove_diacritics 2');
			INSERT INTO ids SELECT pid, id FROM c.papers;
			INSERT INTO plain_fts(rowid, title, abstract, authors, ai_keywords)
			  SELECT pid, title, abstract, authors, ai_keywords FROM c.papers;" ||
			die "finding: the plain index failed"
	fi
	local qx_ok=0
	if [ -x "$QX" ] && "$QX" -k "$DB" "$find" >"$W/finding-ui" 2>"$W/finding-ui.err"; then
		qx_ok=1
	fi
	# rank_of ID: the position of ID among the ids on stdin, 0 when absent.
	rank_of() { awk -v id="$1" '$1 == id && !r { r = NR } END { print r + 0 }'; }
	printf 'query\tid\tkind\tpapyr_list\tinterface\tfts5_bm25\n' >"$ranks"
	local query id kind fts sql r_list r_ui r_base w words n=0
	local t0 t1
	t0=$(date +%s.%N)
	while IFS=$'\t' read -r query id kind; do
		case $query in '#'* | '') continue ;; esac
		n=$((n + 1))
		# A query papyr refuses or the shell cannot match counts as not found.
		r_list=$({ "$PAPYR" --db "$DB" list --format ids --limit 10 "$query" 2>/dev/null ||
			true; } | rank_of "$id")
		r_ui=-
		[ "$qx_ok" = 1 ] && r_ui=$(sed -n "${n}p" "$W/finding-ui" | tr '\t' '\n' | rank_of "$id")
		fts=
		read -ra words <<<"$query"
		for w in "${words[@]}"; do fts+="${fts:+ }\"${w//\"/\"\"}\""; done
		sql="SELECT p.id FROM plain_fts JOIN ids p ON p.pid = plain_fts.rowid"
		sql+=" WHERE plain_fts MATCH '${fts//\'/\'\'}' ORDER BY bm25(plain_fts) LIMIT 10;"
		r_base=$({ sqlite3 -readonly "$plain" "$sql" 2>/dev/null || true; } | rank_of "$id")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$query" "$id" "$kind" "$r_list" "$r_ui" "$r_base" >>"$ranks"
	done <"$find"
	t1=$(date +%s.%N)
	say "finding: $n queries in $(calc "$t1 - $t0") s, ranks in $ranks"
	# score COLUMN [KIND]: "MRR recall count" over the queries (of KIND).
	score() {
		awk -F'\t' -v c="$1" -v k="${2:-}" 'NR > 1 && (k == "" || $3 == k) {
			n++; if ($c > 0) { rr += 1 / $c; hit++ } }
			END { printf "%.2f %.2f %d\n", n ? rr / n : 0, n ? hit / n : 0, n }' "$ranks"
	}
	local m rc b brc mu ruc v
	read -r b brc n < <(score 6)
	read -r m rc n < <(score 4)
	v=over
	le 0.9 "$m" && le 0.25 "$(signed "$m - $b")" && v=ok
	result "finding MRR@10, papyr list ($n queries)" mrr "$m" - "$b" "plain FTS5 bm25, shell" \
		"$(signed "$m - $b")" ">=0.90,+0.25" "$(calc "$m / 0.9")" "$v"
	result "finding recall@10, papyr list" share "$rc" - "$brc" "plain FTS5 bm25, shell" \
		"$(signed "$rc - $brc")" - - info
	if [ "$qx_ok" = 1 ]; then
		read -r mu ruc n < <(score 5)
		v=over
		le 0.9 "$mu" && le 0.25 "$(calc "$mu - $b")" && v=ok
		result "finding MRR@10, the interface's ranking (qx)" mrr "$mu" - "$b" \
			"plain FTS5 bm25, shell" "$(signed "$mu - $b")" ">=0.90,+0.25" "$(calc "$mu / 0.9")" "$v"
		result "finding recall@10, the interface's ranking" share "$ruc" - "$brc" \
			"plain FTS5 bm25, shell" "$(signed "$ruc - $brc")" - - info
	else
		say "finding: qx -k failed, the interface's figures are skipped: $(head -n 2 "$W/finding-ui.err")"
	fi
	# By kind of memory, papyr list against the baseline.
	local kinds kd
	mapfile -t kinds < <(awk -F'\t' 'NR > 1 { print $3 }' "$ranks" | sort -u)
	for kd in "${kinds[@]}"; do
		read -r m rc n < <(score 4 "$kd")
		read -r b brc _ < <(score 6 "$kd")
		result "  finding MRR@10, $kd ($n)" mrr "$m" - "$b" "plain FTS5 bm25, shell" \
			"$(signed "$m - $b")" - - info
	done
}
if [ -z "$CACHE" ]; then
	say "the finding benchmark ($(grep -vc '^#' "$here/finding.tsv") queries)"
	bench_finding
fi

v=over; le "$max_rss" $((32 * 1024)) && v=ok
result "list peak memory (all reads)" MB "$(calc "$max_rss / 1024")" - - - - 32 \
	"$(calc "$max_rss / 1024 / 32")" "$v"

# ---- exports: a paper's citation key is an index lookup ----
# One paper as BibTeX, whose key is its stored base key and an indexed count
# of the papers before it that share it (the warm-up run stores every
# paper's key the first time), against the same paper as CSV, which has no
# key: the ratio is what the key costs.
one=$("$PAPYR" --db "$DB" list --format ids --limit 1)
read -r c_med _ _ _ _ _ < <("$RUNX" -n "$RUNS" -w 1 -- "$PAPYR" --db "$DB" export "id:$one" \
	--format csv)
read -r b_med b_p95 _ b_rss _ b_st < <("$RUNX" -n "$RUNS" -w 1 -- "$PAPYR" --db "$DB" \
	export "id:$one" --format bibtex)
[ "$b_st" = 0 ] || die "papyr export failed"
result "export one paper, BibTeX" ms "$b_med" "$b_p95" "$c_med" "the same paper as CSV" \
	"$(calc "$b_med / $c_med")" - - info
result "export one paper, BibTeX, peak memory" MB "$(calc "$b_rss / 1024")" - - - - 32 \
	"$(calc "$b_rss / 1024 / 32")" "$(le "$b_rss" $((32 * 1024)) && echo ok || echo over)"

# ---- 5. the terminal interface ----
source "$here/tui.sh"
bench_tui

# ---- 6. the table ----
echo
echo "papyr benchmark: $N papers${CACHE:+ of $CACHE (queries: $QUERIES)}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
	"$(date -u +%FT%TZ), results in $RESULTS"
echo
awk -F'\t' '
NR == 1 { next }
{
	base = $5 == "-" ? "-" : $5 " (" $6 ")"
	printf "%-62s %8s %8s %4s  %-32s %6s  %6s %6s  %s\n", $1, $3, $4, $2, base, $7, $8, $9, $10
}' "$RESULTS" | { printf "%-62s %8s %8s %4s  %-32s %6s  %6s %6s  %s\n" what median p95 unit \
	"baseline" ratio budget ratio verdict; cat; }
