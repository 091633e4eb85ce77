#!/usr/bin/env bash
# The arXiv ingest, part of make bench: papyr importing a generated OAI-PMH
# harvest (arXivRaw ListRecords pages, streamed through libexpat) beside the
# sqlite3 shell ingesting the very same rows from CSV into the same schema,
# one transaction per page for both, with papyr's pragmas; the triggers
# (full text, categories) fire alike. Reports the wall and CPU ratios
# (budget >= 0.9) and papyr's peak memory (budget <= 32 MB).
#
#   bash tests/bench/oai.sh ./papyr
#
# Environment: BENCH_OAI_N (records, default 1000000), BENCH_OAI_PER (records
# a page, default 10000), BENCH_DIR (default build/bench; the generated
# pages live in BENCH_DIR/oai-N and are removed afterwards unless
# BENCH_KEEP=1). BENCH_OAI_READS=1: then the reads and the interface's
# measures of run.sh on the cache papyr made (BENCH_CACHE, queries of
# oaigen.c's words: BENCH_QUERIES=oai).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PAPYR=$(cd "$(dirname "${1:-./papyr}")" && pwd)/$(basename "${1:-./papyr}")
N=${BENCH_OAI_N:-1000000}
PER=${BENCH_OAI_PER:-10000}
B=${BENCH_DIR:-$root/build/bench}
RUNX=$B/runx GEN=$B/oaigen
export LC_ALL=C.UTF-8 TZ=UTC
unset PAPYR_DB PAPYR_HF_URL HF_TOKEN
export XDG_CONFIG_HOME=$B/config XDG_DATA_HOME=$B/data
mkdir -p "$B" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
say() { printf 'bench-oai: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
le() { awk "BEGIN { exit !($1 <= $2) }"; }
for t in "$GEN" "$RUNX" sqlite3; do
	command -v "$t" >/dev/null || die "$t is missing (run it through make bench)"
done

D=$B/oai-$N
rm -rf "$D"
mkdir -p "$D"
[ "${BENCH_KEEP:-}" = 1 ] || trap 'rm -rf "$D"' EXIT
say "generating $N records, $PER a page, in $D"
nice -n 10 "$GEN" "$D" "$N" "$PER" >/dev/null
pages=("$D"/oai-*.xml)
say "${#pages[@]} pages, $(du -sh "$D" | cut -f1) with their CSV"

# Both start from an empty cache papyr made.
"$PAPYR" --db "$D/papyr.db" list >/dev/null 2>&1
"$PAPYR" --db "$D/shell.db" list >/dev/null 2>&1
{
	echo "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	echo "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8000;"
	echo "CREATE TEMP TABLE rows (id, title, abstract, authors, published, categories,"
	echo "  primary_cat, version, arxiv_comment, journal_ref);"
	for x in "${pages[@]}"; do
		cat <<SQL
BEGIN IMMEDIATE;
.import --csv --skip 1 --schema temp ${x%.xml}.csv rows
INSERT INTO papers (id, title, abstract, authors, published, day, sources, categories,
  primary_cat, version, arxiv_comment, journal_ref, first_seen, updated)
  SELECT id, title, abstract, authors, published, published, 2, categories, primary_cat,
  CAST(version AS INTEGER), NULLIF(arxiv_comment, ''), NULLIF(journal_ref, ''),
  unixepoch(), unixepoch() FROM temp.rows WHERE true
  ON CONFLICT (id) DO NOTHING;
DELETE FROM temp.rows;
COMMIT;
SQL
	done
} >"$D/ingest.sql"

say "importing with papyr (one run)"
read -r p_ms _ _ p_rss p_cpu p_st < <(nice -n 10 "$RUNX" -n 1 -w 0 -o "$D/import.out" -- \
	"$PAPYR" --db "$D/papyr.db" import "${pages[@]}")
[ "$p_st" = 0 ] || die "papyr import failed: $(tail -n 3 "$D/import.out")"
say "ingesting with the sqlite3 shell (one run)"
read -r s_ms _ _ s_rss s_cpu s_st < <(nice -n 10 "$RUNX" -n 1 -w 0 -i "$D/ingest.sql" \
	-- sqlite3 -bail "$D/shell.db")
[ "$s_st" = 0 ] || die "the sqlite3 shell's ingest failed"
np=$(sqlite3 "$D/papyr.db" "SELECT count(*) FROM papers")
ns=$(sqlite3 "$D/shell.db" "SELECT count(*) FROM papers")
[ "$np" = "$N" ] && [ "$ns" = "$N" ] || die "stored $np (papyr) and $ns (shell) papers, not $N"
# the same rows: a sample compared column by column
cols="id, title, abstract, authors, published, day, categories, primary_cat, version,
  arxiv_comment, journal_ref"
pick="SELECT $cols FROM papers WHERE pid % 997 = 1 ORDER BY id"
[ "$(sqlite3 "$D/papyr.db" "$pick" | cksum)" = "$(sqlite3 "$D/shell.db" "$pick" | cksum)" ] ||
	die "papyr and the shell stored different rows"
[ "$(sqlite3 "$D/papyr.db" "SELECT count(*) FROM paper_cats")" = \
	"$(sqlite3 "$D/shell.db" "SELECT count(*) FROM paper_cats")" ] || die "other categories"

ratio=$(calc "$s_ms / $p_ms")
cratio=$(calc "$s_cpu / $p_cpu")
v=over; le 0.9 "$ratio" && v=ok
vc=over; le 0.9 "$cratio" && vc=ok
vm=over; le "$p_rss" $((32 * 1024)) && vm=ok
printf '%-28s %10s %10s %8s %8s %s\n' measure papyr shell ratio budget verdict
printf '%-28s %10s %10s %8s %8s %s\n' "oai ingest wall (s)" "$(calc "$p_ms / 1000")" \
	"$(calc "$s_ms / 1000")" "$ratio" ">=0.90" "$v"
printf '%-28s %10s %10s %8s %8s %s\n' "oai ingest cpu (s)" "$(calc "$p_cpu / 1000")" \
	"$(calc "$s_cpu / 1000")" "$cratio" ">=0.90" "$vc"
printf '%-28s %10s %10s %8s %8s %s\n' "oai ingest peak memory (MB)" \
	"$(calc "$p_rss / 1024")" "$(calc "$s_rss / 1024")" - "<=32" "$vm"

if [ "${BENCH_OAI_READS:-}" = 1 ]; then
	rm -f "$D/shell.db"* "$D"/oai-*.csv # compared already; the disk is better free
	say "the reads and the interface on papyr's cache of $N arXiv papers"
	BENCH_CACHE=$D/papyr.db BENCH_QUERIES=oai BENCH_DIR=$B bash "$here/run.sh" "$PAPYR"
fi
