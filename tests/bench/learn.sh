#!/usr/bin/env bash
# The learned ranking's part of make bench: how well sort:foryou finds what
# simulated readers kept (beside newest first, most upvoted first and bm25
# over the kept papers' titles, in the same run) and how fast it learns.
# See tests/bench/README.
#
#   bash tests/bench/learn.sh ./papyr
#
# Environment: LEARN_N (generated papers, default 100000), LEARN_READERS
# (default 10), LEARN_SCORE_N (papers of a second cache on which only the
# times are measured, e.g. 1000000; default none; kept as
# $BENCH_DIR/learn-big-N.db and measured again by the next run), BENCH_DIR.
#
# The budgets (1M papers, 2 cores), each printed beside its figure: scoring
# every paper for sort:foryou <= 0.3 s; the first page of a day by
# sort:foryou <= 10 ms; training again after a mark on 100k papers (and
# scoring them) <= 1 s; the peak memory of `papyr list sort:foryou` from a
# stale model <= 32 MB, and of the interface on a view by sort:foryou while
# it trains and scores again in the background (120x40, a few keys) <= 32 MB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PAPYR=$(cd "$(dirname "${1:-./papyr}")" && pwd)/$(basename "${1:-./papyr}")
N=${LEARN_N:-100000}
READERS=${LEARN_READERS:-10}
B=${BENCH_DIR:-$root/build/bench}
EVAL=$B/learneval
export LC_ALL=C.UTF-8 TZ=UTC
unset PAPYR_DB XDG_CONFIG_HOME
W=$B/learn
rm -rf "$W"
mkdir -p "$W"
say() { printf 'bench: %s\n' "$*" >&2; }
[ -x "$EVAL" ] || { say "$EVAL is missing (run it through make bench)"; exit 1; }

say "learning: $N generated papers of 12 topics, $READERS readers"
nice -n 10 "$EVAL" gen "$W/generated.db" "$N" 12 "$READERS" >"$W/generated.tsv"
rm -f "$W/generated.db"*
say "learning: the bundled papers, 3 readers"
"$PAPYR" --db "$W/bundled.db" import "$root"/tests/fixtures/hf/*.json \
	"$root"/tests/fixtures/hf/days/*.json >/dev/null 2>&1 || true
"$EVAL" words "$W/bundled.db" >"$W/bundled.tsv"
rm -f "$W/bundled.db"*
if [ -n "${LEARN_SCORE_N:-}" ]; then
	big=$B/learn-big-$LEARN_SCORE_N.db
	if [ -f "$big" ]; then
		say "learning: times on $LEARN_SCORE_N generated papers (kept: $big)"
		nice -n 10 "$EVAL" times "$big" >"$W/big.tsv"
	else
		say "learning: times on $LEARN_SCORE_N generated papers (kept as $big)"
		nice -n 10 "$EVAL" gen "$big" "$LEARN_SCORE_N" 12 0 >"$W/big.tsv"
	fi
	# a list from a stale model, as a mark from the shell leaves it: its
	# peak memory (the model trained again and every paper scored)
	"$PAPYR" --db "$big" list -n 1 -f ids >"$W/one" 2>/dev/null
	"$PAPYR" --db "$big" mark "$(cat "$W/one")" star >/dev/null
	"$B/runx" -n 1 -w 0 -- "$PAPYR" --db "$big" list sort:foryou -n 20 >"$W/rss"
	awk '{ printf "size\tpeak memory (KiB) of papyr list sort:foryou, stale\t%d\n", $4
	       printf "time\tpapyr list sort:foryou, stale (whole process)\t%.3f\n", $1 / 1000 }' \
		"$W/rss" >>"$W/big.tsv"
	"$PAPYR" --db "$big" mark "$(cat "$W/one")" unstar >/dev/null
	# the interface on a view by sort:foryou from a stale model, as the
	# mark just undone from the shell leaves it: the list on screen while
	# the model is trained again and every paper scored in the background,
	# a few keys once it is done (ptyx takes the peak from wait4)
	mkdir -p "$W/config/papyr"
	printf 'start_view = fy\nview.fy = sort:foryou\n' >"$W/config/papyr/config"
	XDG_CONFIG_HOME=$W/config TERM=xterm-256color "$B/ptyx" -c 120 -r 40 -w 4000 \
		-k "jjjjjkkq" -- "$PAPYR" --db "$big" >"$W/tui"
	awk '$1 == "peak" { printf "size\tpeak memory (KiB) of the interface, sort:foryou, stale\t%d\n", $2 }' \
		"$W/tui" >>"$W/big.tsv"
fi

# The table, and the goal: precision@20 at least twice the best baseline's.
verdict=0
for set in generated bundled; do
	printf '\n%s papers: precision@20 and MRR of the hidden kept papers\n' "$set"
	awk -F'\t' '$1 == "quality" { printf "  %-22s p@20 %.3f  MRR %.3f\n", $3, $4, $5 }' \
		"$W/$set.tsv"
	# The ceiling: every hidden paper first. A reader with fewer than 20
	# hidden papers cannot fill 20 places, so no ranking passes it; when it
	# is under twice the best baseline the goal cannot be met on this set.
	awk -F'\t' -v set="$set" '
		$1 == "quality" && $3 == "sort:foryou" { fy = $4 }
		$1 == "quality" && $3 != "sort:foryou" && $4 > best { best = $4; name = $3 }
		$1 == "ceiling" { top = $4 }
		END {
			ratio = best > 0 ? fy / best : 0
			most = best > 0 ? top / best : 0
			met = "NOT met"
			if (ratio >= 2)
				met = "met"
			printf "  %-22s p@20 %.3f  (every hidden kept paper first)\n", "best possible", top
			printf "  sort:foryou / best baseline (%s): %.2fx (goal 2x): %s\n", name, ratio, met
			printf "  best possible / best baseline: %.2fx", most
			if (most < 2)
				printf ": the goal cannot be met on this set"
			else if (fy >= top)
				printf ": sort:foryou is at it"
			printf "\n"
			if (ratio < 2)
				exit 1
		}' "$W/$set.tsv" || verdict=1
done
for f in "$W/generated.tsv" ${LEARN_SCORE_N:+"$W/big.tsv"}; do
	printf '\ntimes and sizes (%s)\n' "$(basename "$f" .tsv)"
	awk -F'\t' '$1 == "time" { printf "  %-54s %8.3f s\n", $2, $3 }
		$1 == "size" { printf "  %-54s %8d\n", $2, $3 }' "$f"
done

# budget LABEL FILE MEASURE LIMIT UNIT [SCALE]: the figure of MEASURE (a
# "time" or "size" line) in FILE, times SCALE, against LIMIT.
budget() {
	awk -F'\t' -v label="$1" -v m="$3" -v lim="$4" -v unit="$5" -v scale="${6:-1}" '
		$2 == m { v = $3 * scale; found = 1 }
		END {
			if (!found) { printf "  %-54s %10s\n", label, "(not run)"; exit }
			printf "  %-54s %10.4g %s  budget %g %s: %s\n", label, v, unit, lim, unit,
				v <= lim ? "ok" : "OVER"
		}' "$2"
}
printf '\nbudgets\n'
budget "retrain after a mark, score ($N papers)" "$W/generated.tsv" \
	"train again after a mark, score every paper" 1 s
if [ -n "${LEARN_SCORE_N:-}" ]; then
	budget "score every paper ($LEARN_SCORE_N)" "$W/big.tsv" "score every paper" 0.3 s
	budget "first page of a day by sort:foryou ($LEARN_SCORE_N)" "$W/big.tsv" \
		"first page of a day by sort:foryou (best of 20)" 10 ms 1000
	budget "peak memory, papyr list sort:foryou, stale model" "$W/big.tsv" \
		"peak memory (KiB) of papyr list sort:foryou, stale" 32 MB 0.0009765625
	budget "peak memory, the interface on sort:foryou, stale model" "$W/big.tsv" \
		"peak memory (KiB) of the interface, sort:foryou, stale" 32 MB 0.0009765625
	budget "score every paper, CPU time (papyr's aim: 2 cores)" "$W/big.tsv" \
		"score every paper, CPU (both threads, and the writer)" 0.6 s
	budget "longest wait for the write lock (papyr's aim: brief)" "$W/big.tsv" \
		"longest wait for the lock of a write beside" 0.1 s
fi
[ "$verdict" -eq 0 ] || say "learning: the quality goal is not met (above)"
exit 0
