#!/usr/bin/env bash
# Runs papyr's fuzz targets (built by `make fuzz` into BUILD/fuzz/): each is
# run once over its regress inputs (tests/fuzz/regress/TARGET/, inputs that
# once crashed it), then seeded from the fixtures and fuzzed for
# FUZZ_SECONDS (30 by default). Any crash, leak, sanitizer report, broken
# property or timeout fails the run; the input that did it is kept in
# BUILD/fuzz/crash-TARGET-*, to be fixed and then added to the regress inputs.
#
# Usage: run.sh BUILD TARGET...
set -u
cd "$(dirname "$0")/../.." || exit 2
build=$1
shift
dir=$build/fuzz
secs=${FUZZ_SECONDS:-30}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
export TMPDIR=$T
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1

# seed TARGET DIR: the target's seed corpus, made from the fixtures.
seed() {
	case $1 in
	query) python3 tests/fuzz/seeds.py query "$2" ;;
	parse_hf) python3 tests/fuzz/seeds.py hf "$2" ;;
	json_stream)
		python3 tests/fuzz/seeds.py stream "$T/stream" &&
			for f in "$T"/stream/*; do
				# the first byte is the size of the pieces
				{ printf '\007'; cat "$f"; } >"$2/$(basename "$f")" || return 1
			done
		;;
	parse_papyr) papyr_json "$T/papyr.json" &&
		python3 tests/fuzz/seeds.py papyr "$2" "$T/papyr.json" ;;
	export) python3 tests/fuzz/seeds.py export "$2" ;;
	parse_arxiv) cp tests/fixtures/arxiv/*.xml "$2"/ ;;
	*) echo "run.sh: no seeds for $1" >&2; return 1 ;;
	esac
}

# papyr_json OUT: the fixtures imported, with some state, exported as
# papyr's JSON.
papyr_json() {
	local p=$dir/papyr db=$T/seed.db f
	# papyr's own settings stay out of it
	HOME=$T XDG_CONFIG_HOME=$T XDG_DATA_HOME=$T
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME
	for f in tests/fixtures/hf/*.json tests/fixtures/*.json; do
		"$p" --db "$db" import "$f" >/dev/null || return 1
	done
	"$p" --db "$db" tag 2606.00467 +toread +survey >/dev/null &&
		"$p" --db "$db" mark 2606.00467 star >/dev/null &&
		"$p" --db "$db" note 2606.00467 'a note' 'on two lines' >/dev/null &&
		"$p" --db "$db" export --all --format json -o "$1" >/dev/null
}

# fuzz TARGET: 0 when it held.
fuzz() {
	local t=$1 bin=$dir/fuzz_$1 corpus=$dir/corpus/$1 regress=tests/fuzz/regress/$1
	local dict=() log=$dir/$1.log
	[ -x "$bin" ] || { echo "run.sh: $bin is not built" >&2; return 1; }
	case $t in
	query) dict=(-dict=tests/fuzz/query.dict) ;;
	parse_hf | json_stream | parse_papyr) dict=(-dict=tests/fuzz/json.dict) ;;
	parse_arxiv) dict=(-dict=tests/fuzz/xml.dict) ;;
	esac
	local inputs=()
	if [ -d "$regress" ]; then
		for f in "$regress"/*; do
			[ -f "$f" ] && inputs+=("$f")
		done
	fi
	if [ ${#inputs[@]} -gt 0 ] && ! "$bin" "${inputs[@]}" >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "FAIL $t: an input of $regress crashes it again (log: $log)"
		return 1
	fi
	mkdir -p "$corpus" && seed "$t" "$corpus" ||
		{ echo "FAIL $t: making the seeds"; return 1; }
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$dir/crash-$t-" "$corpus" >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "FAIL $t: see $log; the input is $dir/crash-$t-*"
		return 1
	fi
	echo "ok $t: $(grep -a -o 'stat::number_of_executed_units: [0-9]*' "$log" |
		grep -o '[0-9]*$') runs in ${secs}s, ${#inputs[@]} regress inputs"
}

failed=0
for t; do
	fuzz "$t" || failed=1
done
exit $failed
