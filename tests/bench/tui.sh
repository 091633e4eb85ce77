# The terminal interface's budgets, sourced by run.sh: the first full frame
# (<= 50 ms), bytes written per j step at 120x40 with the detail pane closed
# (<= 150), and j/k to a settled screen (<= 2 ms p99), measured on a
# pseudo-terminal by ptyx against the same keys typed into `cat` with the
# terminal in raw mode (a process woken to read a key and write it back:
# what the harness, the pseudo-terminal and the scheduler cost).

# stats FILE: "median p95 p99 max" of a column of numbers
stats() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (!NR) { print "- - - -"; exit }
		i50 = int(0.50 * (NR - 1) + 1.5); i95 = int(0.95 * (NR - 1) + 1.5)
		i99 = int(0.99 * (NR - 1) + 1.5)
		printf "%.3f %.3f %.3f %.3f\n", v[i50], v[i95], v[i99], v[NR] }'
}

bench_tui() {
	local keys out=$W/tui.out
	# 30 steps down, 30 up, a few times over: 180 keys
	keys=$(printf 'j%.0s' {1..30})$(printf 'k%.0s' {1..30})
	keys=$keys$keys$keys
	TERM=xterm-256color "$PTYX" -c 120 -r 40 -k "q" -- "$PAPYR" --db "$DB" >"$out" 2>&1 || true
	local fbytes
	fbytes=$(awk '$1 == "frame" { print $3 }' "$out")
	if [ "${fbytes:-0}" -lt 1000 ]; then
		say "the terminal interface draws no screen yet (${fbytes:-0} bytes): its measures are skipped"
		result "tui (first frame, j/k)" - - - - - - - - "skipped: no interface yet"
		return 0
	fi
	say "timing the terminal interface (120x40)"
	: >"$W/frame.ms"
	: >"$W/late.ms"
	local i
	for i in $(seq 1 "$((RUNS / 2 > 3 ? RUNS / 2 : 3))"); do
		TERM=xterm-256color "$PTYX" -c 120 -r 40 -k "q" -- "$PAPYR" --db "$DB" >"$out"
		awk '$1 == "frame" { print $2 }' "$out" >>"$W/frame.ms"
		awk '$1 == "late" && $3 > 0 { print $2 }' "$out" >>"$W/late.ms"
	done
	local f_med f_p95 f_p99 f_max
	read -r f_med f_p95 f_p99 f_max < <(stats "$W/frame.ms")
	local v=over
	le "$f_p95" 50 && v=ok
	result "tui first full frame ($fbytes bytes)" ms "$f_med" "$f_p95" "$v_med" \
		"papyr --version" "$(calc "$f_med / $v_med")" 50 "$(calc "$f_p95 / 50")" "$v"
	# The list on screen within 2x of the sqlite3 shell printing the same
	# first page from the same cache (list first page's baseline, run.sh).
	if [ -n "${shell_first_page:-}" ]; then
		local r
		r=$(calc "$f_med / $shell_first_page")
		v=over
		le "$r" 2 && v=ok
		result "tui first full frame against the shell's first page" ms "$f_med" "$f_p95" \
			"$shell_first_page" "shell, list first page SQL" "$r" 2x "$(calc "$r / 2")" "$v"
	fi
	# The first frame of other views (start_view in a config of their own).
	local view cfg
	for view in "${TUI_VIEWS[@]}"; do
		cfg=$W/config-$view
		mkdir -p "$cfg/papyr"
		echo "start_view = $view" >"$cfg/papyr/config"
		: >"$W/frame.ms"
		for i in $(seq 1 "$((RUNS / 2 > 3 ? RUNS / 2 : 3))"); do
			XDG_CONFIG_HOME=$cfg TERM=xterm-256color "$PTYX" -c 120 -r 40 -k "q" -- \
				"$PAPYR" --db "$DB" >"$out"
			awk '$1 == "frame" { print $2 }' "$out" >>"$W/frame.ms"
		done
		fbytes=$(awk '$1 == "frame" { print $3 }' "$out")
		read -r f_med f_p95 f_p99 f_max < <(stats "$W/frame.ms")
		v=over
		le "$f_p95" 50 && v=ok
		result "tui first full frame, start_view $view ($fbytes bytes)" ms "$f_med" "$f_p95" \
			"$v_med" "papyr --version" "$(calc "$f_med / $v_med")" 50 "$(calc "$f_p95 / 50")" "$v"
	done
	# What the interface writes later on its own (a deferred count, say).
	read -r f_med f_p95 f_p99 f_max < <(stats "$W/late.ms")
	result "tui later output settled (deferred work), from start" ms "$f_med" "$f_p95" \
		- - - - - info

	# j/k with the detail pane closed (v closes it: at 120x40 it opens below
	# the list), then open (the default).
	local pane prefix
	for pane in closed open; do
		prefix=""
		[ "$pane" = closed ] && prefix=v
		TERM=xterm-256color "$PTYX" -c 120 -r 40 -q 40 -k "$prefix${keys}q" -d "$W/tui-$pane.dump" -- \
			"$PAPYR" --db "$DB" >"$out"
		awk '$1 == "key" && ($2 == "j" || $2 == "k") { print $3 }' "$out" >"$W/jk.ms"
		awk '$1 == "key" && ($2 == "j" || $2 == "k") { print $4 }' "$out" >"$W/jk.bytes"
		local m p95 p99 mx bm bp95 bp99 bmx
		read -r m p95 p99 mx < <(stats "$W/jk.ms")
		read -r bm bp95 bp99 bmx < <(stats "$W/jk.bytes")
		if [ "$pane" = closed ]; then
			TERM=xterm-256color "$PTYX" -c 120 -r 40 -q 40 -k "${keys}" -- \
				sh -c 'stty raw -echo; exec cat' >"$W/cat.out"
			awk '$1 == "key" { print $3 }' "$W/cat.out" >"$W/cat.ms"
			local cm cp95 cp99 cmx
			read -r cm cp95 cp99 cmx < <(stats "$W/cat.ms")
			v=over
			le "$p99" 2 && v=ok
			result "tui j/k to settled screen, p99 in p95 column" ms "$m" "$p99" "$cp99" \
				"p99, same keys to raw cat" "$(calc "$p99 / $cp99")" 2 "$(calc "$p99 / 2")" "$v"
			v=over
			le "$bmx" 150 && v=ok
			result "tui bytes per j/k step, detail closed, max in p95 column" B "$bm" \
				"$bmx" - - - 150 "$(calc "$bmx / 150")" "$v"
		else
			result "tui bytes per j/k step, detail open, max in p95 column" B "$bm" \
				"$bmx" - - - - - info
		fi
	done

	# Search as you type: '/' then a word, a key at a time. Each key must be
	# answered (its first byte) within a frame, 16 ms, whatever the query;
	# the settled time is when the screen stopped changing.
	local word
	for word in "${TUI_WORDS[@]}"; do
		ESCDELAY=25 TERM=xterm-256color "$PTYX" -c 120 -r 40 -q 60 -k "/${word}"$'\e'"q" -- \
			"$PAPYR" --db "$DB" >"$out"
		awk '$1 == "key" && $2 != "/" && $2 != "\033" { print $5 }' "$out" >"$W/first.ms"
		awk '$1 == "key" && $2 != "/" && $2 != "\033" { print $3 }' "$out" >"$W/settled.ms"
		read -r m p95 p99 mx < <(stats "$W/first.ms")
		v=over
		le "$mx" 16 && v=ok
		result "tui search '/$word': first byte per key, max in p95 column" ms "$m" "$mx" \
			"$cm" "same keys to raw cat" "$(calc "$m / $cm")" 16 "$(calc "$mx / 16")" "$v"
		read -r m p95 p99 mx < <(stats "$W/settled.ms")
		result "tui search '/$word': settled per key, max in p95 column" ms "$m" "$mx" \
			- - - - - info
	done
}
