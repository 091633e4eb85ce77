# The terminal interface, driven in a real tmux on a private socket.

TUI_FIX=$FIX/hf

# tui_start [COLS ROWS]: a shell in tmux with the test's cache and home,
# then papyr started from it (so quitting must give the shell back).
tui_start() {
	p import "$TUI_FIX"/*.json >/dev/null
	tui_shell "${1:-120}" "${2:-40}"
	tk "exec_papyr" Enter
	tui_wait "/59"
}

tui_shell() {
	# The sanitizers' options go through env -i, so a sanitized binary's
	# reports land where the caller asked.
	local san="${TSAN_OPTIONS:+TSAN_OPTIONS='$TSAN_OPTIONS'} ${ASAN_OPTIONS:+ASAN_OPTIONS='$ASAN_OPTIONS'}"
	cat >"$T/rc.sh" <<RC
PS1='READY\$ '
exec_papyr() { env PAPYR_DB="$T/cache.db" "$PAPYR" "\$@"; echo "papyr-exit=\$?"; }
RC
	tmux -S "$T/tmux.sock" -f /dev/null new-session -d -s t -x "$1" -y "$2" \
		"env -i PATH='$PATH' HOME='$HOME' LC_ALL=C.UTF-8 TERM=xterm-256color \
		$san ${TUI_ENV:-} bash --rcfile '$T/rc.sh' --noprofile -i" || fail "tmux did not start"
	tmux -S "$T/tmux.sock" set -g status off
	tui_wait 'READY$'
}

tk() { tmux -S "$T/tmux.sock" send-keys -t t "$@"; }
screen() { tmux -S "$T/tmux.sock" capture-pane -p -t t; }

# tui_wait TEXT [TRIES]: polls the screen (every 50 ms) until it shows TEXT.
tui_wait() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		screen >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.05
	done
	fail "the screen never showed '$1':
$(cat "$T/screen")"
}

tui_wait_gone() {
	local i
	for ((i = 0; i < 100; i++)); do
		screen >"$T/screen"
		grep -qF -- "$1" "$T/screen" || return 0
		sleep 0.05
	done
	fail "the screen still shows '$1':
$(cat "$T/screen")"
}

# sql_wait QUERY EXPECTED: polls the cache until QUERY gives EXPECTED.
sql_wait() {
	local i got
	for ((i = 0; i < 100; i++)); do
		got=$(sql "$1" 2>/dev/null) && [ "$got" = "$2" ] && return 0
		sleep 0.05
	done
	fail "'$1' gave '$got', expected '$2'"
}

# The status line: the screen's second-to-last line.
status_line() { screen | tail -n 2 | head -n 1; }

tui_quit_sane() {
	tk q
	tui_wait "papyr-exit=0"
	tk "stty -a" Enter
	tui_wait "icanon"
	screen | grep -q -- "-icanon" && fail "icanon left off"
	screen | grep -qE -- "(^| )-echo( |$)" && fail "echo left off"
	return 0
}

ID1=2608.09888 ID2=2607.08964 ID3=2607.09657

test_tui_start_move_detail_quit() {
	tui_start
	tui_wait "BDH-CQ: In-Context Learning"
	tui_wait " 1/59"
	tk j
	tui_wait " 2/59"
	tk G
	tui_wait " 59/59"
	tk g
	tui_wait " 1/59"
	tk j Enter
	tui_wait "Abstract"
	tui_wait "[1] arXiv        https://arxiv.org/abs/$ID2"
	sql_wait "SELECT read FROM state JOIN papers USING (pid) WHERE id = '$ID2'" 1
	tk Enter
	tk j j j
	tk q
	tk k
	tui_wait " 1/59"
	tui_quit_sane
}

# G puts the last paper on the list's bottom line under a full screen.
test_tui_bottom_fills_the_screen() {
	tui_start
	tui_wait " 1/59"
	tk G
	tui_wait " 59/59"
	screen >"$T/shot"
	last=$(grep -n "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] .*Denoising Diffusion Probabilistic Models" "$T/shot" | head -n 1 | cut -d: -f1)
	status=$(grep -n " 59/59" "$T/shot" | cut -d: -f1)
	[ -n "$last" ] && [ "$last" -gt 1 ] || fail "the last paper is not below other rows: $(head -3 "$T/shot")"
	for i in $(seq 1 "$last"); do
		sed -n "${i}p" "$T/shot" | grep -q "20[0-9][0-9]-" || fail "row $i of the list is empty after G"
	done
	sed -n "${last}p" "$T/shot" | grep -q "^>" || fail "the cursor is not on the last paper"
	tui_quit_sane
}

test_tui_triage_star_read_dismiss_undo() {
	tui_start
	tk s
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tui_wait " 2/59"  # s moved on
	tk k m
	sql_wait "SELECT read FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tk m
	sql_wait "SELECT read FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 0
	tk x
	sql_wait "SELECT dismissed_at IS NOT NULL FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tui_wait " 2/59"  # x moved on
	tk u
	sql_wait "SELECT dismissed_at IS NULL FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tui_wait "undone"
	tui_wait " 1/59"  # undo goes back to the paper
	tk u u
	sql_wait "SELECT read FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 0
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 1
	tk u
	sql_wait "SELECT starred FROM state JOIN papers USING (pid) WHERE id = '$ID1'" 0
	tk u
	tui_wait "nothing to undo"
	tui_quit_sane
	integrity_ok
}

test_tui_tag_with_completion_and_untag() {
	p import "$TUI_FIX"/*.json >/dev/null
	p tag "$ID3" +toread +tooling >/dev/null
	tui_start
	tk t
	tui_wait "tag:"
	tk "toc"
	tui_wait "tag: toc"
	tk BSpace Tab
	tui_wait "tag: tooling"  # two candidates: Tab goes through them
	tk Tab
	tui_wait "tag: toread"
	tk Enter
	sql_wait "SELECT group_concat(tag) FROM tags JOIN papers USING (pid) WHERE id = '$ID1'" toread
	tui_wait "tagged 1 paper"
	tui_wait " 2/59"  # tagging moved on
	tk k T Tab
	tui_wait "untag: toread"
	tk Enter
	sql_wait "SELECT count(*) FROM tags JOIN papers USING (pid) WHERE id = '$ID1'" 0
	tk u
	sql_wait "SELECT group_concat(tag) FROM tags JOIN papers USING (pid) WHERE id = '$ID1'" toread
	tk u
	sql_wait "SELECT count(*) FROM tags JOIN papers USING (pid) WHERE id = '$ID1'" 0
	tui_quit_sane
}

test_tui_bulk_mark_apply_undo() {
	tui_start
	tk Space Space
	tui_wait "2 marked"
	tk j
	tk '\;'
	tui_wait "next action applies to 2 marked papers"
	tk s
	sql_wait "SELECT group_concat(id) FROM (SELECT id FROM state JOIN papers USING (pid) WHERE starred ORDER BY id)" "$ID2,$ID1"
	tui_wait "starred 2 marked papers"
	tui_wait_gone "2 marked ;"
	status_line | grep -q "· [0-9]* marked" && fail "the marks stayed after ; s: $(status_line)"
	tk '\;'  # the action took them: a new ; finds none
	tui_wait "no marked papers"
	tk s  # no ; now: the cursor's paper only
	sql_wait "SELECT count(*) FROM state WHERE starred" 3
	tk u
	sql_wait "SELECT count(*) FROM state WHERE starred" 2
	tk u
	sql_wait "SELECT count(*) FROM state WHERE starred" 0
	tk g Space Space '\;' x
	sql_wait "SELECT count(*) FROM state WHERE dismissed_at IS NOT NULL" 2
	tui_wait "dismissed 2 marked papers"
	status_line | grep -q "· [0-9]* marked" && fail "the marks stayed after ; x: $(status_line)"
	tk u
	sql_wait "SELECT count(*) FROM state WHERE dismissed_at IS NOT NULL" 0
	tui_quit_sane
}

test_tui_next_unread_and_days() {
	tui_start
	tk m j m j
	sql_wait "SELECT count(*) FROM state WHERE read" 2
	tk g n
	tui_wait " 3/59"
	tk N
	tui_wait "no earlier unread paper"
	tk g "]"
	tui_wait " 2/59"  # the first paper of 2026-07-13
	tk "]"
	tui_wait " 16/59"  # 2026-07-10
	tk "["
	tui_wait " 2/59"
	tui_quit_sane
}

test_tui_resize_and_too_small() {
	tui_start
	tui_wait "BDH-CQ"
	tmux -S "$T/tmux.sock" resize-window -t t -x 80 -y 24
	tui_wait "Long-Horizon-Terminal-Bench: Testing the Limits of Agents…"
	[ "$(screen | wc -l)" -le 24 ] || fail "more lines than the terminal"
	status_line | grep -q " 1/59" || fail "status line not at the bottom: $(screen)"
	[ "$(screen | wc -L)" -le 80 ] || fail "a line wider than 80"
	# 80x24: 12 list rows and 8 of the detail pane fit, so it sits below
	tui_wait "Authors: Björn Engdahl"
	[ "$(screen | grep -c "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] ")" -ge 12 ] ||
		fail "fewer than 12 list rows above the pane: $(screen)"
	tmux -S "$T/tmux.sock" resize-window -t t -x 80 -y 20
	tui_wait_gone "Authors: Björn Engdahl"  # too short for both: closed
	tk Enter  # a small terminal: the detail takes the screen
	tui_wait "[1] arXiv        https://arxiv.org/abs/$ID1"
	screen | grep -q "Long-Horizon" && fail "the list still shows: $(screen)"
	tk q
	tui_wait "Long-Horizon"
	tmux -S "$T/tmux.sock" resize-window -t t -x 25 -y 5
	tui_wait "terminal too small"
	tmux -S "$T/tmux.sock" resize-window -t t -x 160 -y 40
	tui_wait "│"  # wide: list and detail side by side
	tui_wait "Abstract"
	tui_quit_sane
}

test_tui_help_lists_the_bindings() {
	mkdir -p "$HOME/.config/papyr"
	printf 'bind J down\nbind F5 sync\nbind x none\n' >"$HOME/.config/papyr/config"
	tui_start
	tk "?"
	tui_wait "papyr keys"
	tui_wait "-            dismiss"
	tui_wait "s            star"
	tui_wait "j, Down, J   down"
	tk G
	tui_wait "R, F5"
	tk q
	tui_wait " 1/59"
	tk J
	tui_wait " 2/59"
	tk x  # unbound: nothing is dismissed
	tk q
	tui_wait "papyr-exit=0"
	expect_eq "$(sql 'SELECT count(*) FROM state WHERE dismissed_at IS NOT NULL')" 0
}

test_tui_bind_with_an_argument() {
	mkdir -p "$HOME/.config/papyr"
	printf 'bind + tag toread later\nbind F2 limit upvotes:>=100\nbind F3 search diff\n' \
		>"$HOME/.config/papyr/config"
	tui_start
	tk +  # tags without asking
	sql_wait "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM tags JOIN papers USING (pid) WHERE id = '$ID1' ORDER BY tag)" "later toread"
	tui_wait "tagged 2 papers"  # a paper for each tag
	tui_wait " 2/59"  # and moved on
	tk g F2
	tui_wait "l:upvotes:>=100"
	tui_wait " 1/3"
	tk Escape F3
	tui_wait "/diff"
	tui_wait "/18"
	tk "?"
	tui_wait "t, + (toread later)"
	tk q q
	tui_wait "papyr-exit=0"
	printf 'bind x star now\n' >"$HOME/.config/papyr/config"
	run env PAPYR_DB="$T/cache.db" "$PAPYR"
	expect_rc 1
	expect_err "config:1: 'star' takes no argument"
}

test_tui_bad_bind_is_reported() {
	mkdir -p "$HOME/.config/papyr"
	printf '\nbind C-dd down\n' >"$HOME/.config/papyr/config"
	run env PAPYR_DB="$T/cache.db" "$PAPYR"
	expect_rc 1
	expect_err "config:2: 'C-dd' is not a key name"
	printf 'bind j fly\n' >"$HOME/.config/papyr/config"
	run env PAPYR_DB="$T/cache.db" "$PAPYR"
	expect_err "config:1: 'fly' is not an action"
}

test_tui_signal_restores_the_terminal() {
	tui_start
	pkill -TERM -f "^$PAPYR\$" 2>/dev/null || kill -TERM "$(pgrep -f "^$PAPYR\$")"
	tui_wait "papyr-exit=143"
	tk "stty -a" Enter
	tui_wait "icanon"
	screen | grep -q -- "-icanon" && fail "icanon left off after SIGTERM"
	return 0
}

test_tui_empty_cache_loads_the_sample() {
	TUI_ENV="PAPYR_SAMPLE_DIR=$TUI_FIX" tui_shell 100 30
	tk "exec_papyr" Enter
	tui_wait "The cache is empty."
	tk L
	tui_wait "loaded 59 papers from the sample"
	tui_wait " 1/59"
	tui_quit_sane
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 59
}

# tui_raw: from now on, every byte papyr writes to the terminal goes to $T/raw.
tui_raw() { tmux -S "$T/tmux.sock" pipe-pane -O -t t "cat >>'$T/raw'"; }

# raw_has BYTES (a python bytes literal): the terminal got them.
raw_has() {
	/usr/bin/python3 -c 'import sys; sys.exit(0 if eval(sys.argv[2]) in open(sys.argv[1], "rb").read() else 1)' \
		"$T/raw" "$1"
}

test_tui_hostile_text_never_reaches_the_terminal() {
	p import "$FIX/hostile_titles.json" >/dev/null
	# Defence in depth: bytes that bypassed the importer's cleaning.
	sql "UPDATE papers SET title = 'Raw ' || char(27) || '[6n' || char(27) || ']0;PWNED' || char(7)
		|| ' bytes ' || char(155) || char(27) || 'P+q' || char(27) || '\\ end',
		abstract = 'raw ' || char(27) || ']52;c;SGFja2Vk' || char(7) || ' abstract ' || char(8238)
		WHERE id = '2601.90003'"
	sql "INSERT INTO notes (pid, body, updated) SELECT pid, 'note ' || char(27) || ']0;PWNED' || char(7), 0
		FROM papers WHERE id = '2601.90003'"
	tui_shell 160 40
	tui_raw
	tk "exec_papyr" Enter
	tui_wait " 1/3"
	tui_wait "Raw [6n]0;PWNED bytes P+q\\ end"
	tui_wait "Hostile [6n]52;c;SGFja2Vkclipboard title"
	tui_wait "C1 6n control and right-to-left override"
	tk Enter j j k
	tui_wait "Eve [2JMallory"
	tk "?" q A q q
	tui_wait "papyr-exit=0"
	for bad in 'b"\x1b[6n"' 'b"\x1b]0;PWNED"' 'b"\x1b]52;c;SGFja2Vk"' 'b"\x1bP+q"' \
		'b"\xc2\x9b"' 'b"\xc2\x9d"' 'b"\xc2\x85"' 'b"\xe2\x80\xae"' 'b"\xe2\x81\xa6"' \
		'b"\x1b]8;;http://evil"' 'b"\x1b[2J" + b"Mallory"' 'b"\x1b[31mword"'; do
		! raw_has "$bad" || fail "the terminal got $bad"
	done
	raw_has 'b"Raw [6n]0;PWNED bytes"' || fail "the cleaned title was not drawn"
}

test_tui_copy_with_osc52_inside_tmux() {
	TUI_ENV="TMUX=/tmp/fake,1,0" tui_start
	tui_raw
	tk y
	tui_wait "copied https://arxiv.org/abs/$ID1"
	b64=$(printf %s "https://arxiv.org/abs/$ID1" | base64 -w0)
	raw_has "b'\\x1bPtmux;\\x1b\\x1b]52;c;$b64\\x07\\x1b\\\\'" || fail "no wrapped OSC 52: $(od -c "$T/raw" | tail -5)"
	tui_quit_sane
}

test_tui_open_with_a_browser_or_show_the_url() {
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/opened"\n' "$T" >"$T/browser.sh"
	chmod +x "$T/browser.sh"
	TUI_ENV="DISPLAY=:0 BROWSER=$T/browser.sh" tui_start
	tk o
	tui_wait "opened https://arxiv.org/abs/$ID1"
	for i in $(seq 100); do [ -s "$T/opened" ] && break; sleep 0.05; done
	expect_eq "$(cat "$T/opened")" "https://arxiv.org/abs/$ID1"
	tk Enter Enter 4 o  # the detail pane's link 4: GitHub
	tui_wait "opened https://github.com/pathwaycom/arc-task-gen"
	tk Escape
	tui_quit_sane
	tmux -S "$T/tmux.sock" kill-server
	tui_start  # no display: the URL goes to the status line
	tk j o
	tui_wait "https://arxiv.org/abs/$ID2"
	tui_quit_sane
}

# A plain file server on 127.0.0.1 for PDFs: $T/www, port in $T/www.port.
www_server() {
	mkdir -p "$T/www/pdf"
	/usr/bin/python3 - "$T" >"$T/www.out" 2>&1 <<'PY' &
import functools, http.server, sys, threading, os
d = sys.argv[1]
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=d + "/www")
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
threading.Timer(60, lambda: os._exit(0)).start()
open(d + "/www.port.tmp", "w").write(str(s.server_address[1]))
os.rename(d + "/www.port.tmp", d + "/www.port")
s.serve_forever()
PY
	echo $! >"$T/server.pid"
	for i in $(seq 200); do [ -s "$T/www.port" ] && break; sleep 0.05; done
	[ -s "$T/www.port" ] || fail "the file server did not start"
}

test_tui_download_the_pdf() {
	www_server
	{ printf '%%PDF-1.4\n'; head -c 300000 /dev/urandom; } >"$T/www/pdf/$ID1"
	mkdir -p "$HOME/.config/papyr"
	printf 'download_dir = %s/dl\n' "$T" >"$HOME/.config/papyr/config"
	TUI_ENV="PAPYR_PDF_URL=http://127.0.0.1:$(cat "$T/www.port")/pdf" tui_start
	tk d
	tui_wait "saved $T/dl/$ID1.pdf"
	cmp "$T/www/pdf/$ID1" "$T/dl/$ID1.pdf" || fail "the PDF differs"
	tk j d
	tui_wait "download of $ID2 failed"
	tui_quit_sane
}

test_tui_background_sync_keeps_the_keys_and_the_cursor() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	mkdir -p "$T/days"
	today=$(date -u +%F)
	cp "$FIX/hf/days/2026-07-10.json" "$T/days/$today.json"
	cp "$FIX/hf/days/2026-07-13.json" "$T/days/$(date -u -d yesterday +%F).json"
	printf '{"%s": {"fault": "stall", "seconds": 2}, "%s": {"fault": "stall", "seconds": 2}}\n' \
		"$today" "$(date -u -d yesterday +%F)" >"$T/faults.json"
	/usr/bin/python3 "$E2E/server.py" --dir "$T" --days "$T/days" --lifetime 60 \
		>"$T/server.out" 2>&1 &
	echo $! >"$T/server.pid"
	for i in $(seq 200); do [ -s "$T/server.port" ] && break; sleep 0.05; done
	[ -s "$T/server.port" ] || fail "the fixture server did not start"
	TUI_ENV="PAPYR_HF_URL=http://127.0.0.1:$(cat "$T/server.port") PAPYR_RETRY_MAX_WAIT=1" \
		tui_shell 120 40
	tk "exec_papyr" Enter
	tui_wait " 1/30"
	tk j j
	tui_wait " 3/30"
	tk R
	tui_wait "sync:"
	tk j  # the keys work while today's list stalls
	tui_wait " 4/30"
	tui_wait "synced" 300
	tui_wait " 29/55"  # 25 new papers above: the cursor stayed on its paper
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 55
	tui_quit_sane
}

# Quitting cancels a running job and waits for it: no stall holds it up.
test_tui_quit_while_a_sync_stalls() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	mkdir -p "$T/days"
	today=$(date -u +%F)
	cp "$FIX/hf/days/2026-07-10.json" "$T/days/$today.json"
	printf '{"%s": {"fault": "stall", "seconds": 30}}\n' "$today" >"$T/faults.json"
	/usr/bin/python3 "$E2E/server.py" --dir "$T" --days "$T/days" --lifetime 60 \
		>"$T/server.out" 2>&1 &
	echo $! >"$T/server.pid"
	for i in $(seq 200); do [ -s "$T/server.port" ] && break; sleep 0.05; done
	[ -s "$T/server.port" ] || fail "the fixture server did not start"
	TUI_ENV="PAPYR_HF_URL=http://127.0.0.1:$(cat "$T/server.port")" tui_shell 120 40
	tk "exec_papyr" Enter
	tui_wait " 1/30"
	tk R
	tui_wait "sync:"
	start=$(date +%s)
	tk q
	tui_wait "papyr-exit=0"
	[ $(($(date +%s) - start)) -lt 5 ] || fail "quitting waited for the stalled sync"
	expect_eq "$(sql 'SELECT count(*) FROM papers')" 30
}

test_tui_links_are_osc8_hyperlinks_unless_turned_off() {
	tui_shell 160 40
	p import "$TUI_FIX"/*.json >/dev/null
	tui_raw
	tk "exec_papyr" Enter
	tui_wait "[1] arXiv        https://arxiv.org/abs/$ID1"
	tk j
	tui_wait "[1] arXiv        https://arxiv.org/abs/$ID2"
	tk q
	tui_wait "papyr-exit=0"
	raw_has "b'\\x1b]8;;https://arxiv.org/abs/$ID1\\x1b\\\\'" || fail "no OSC 8 link"
	raw_has "b'\\x1b]8;;https://arxiv.org/pdf/$ID2\\x1b\\\\'" || fail "no OSC 8 link after j"
	mkdir -p "$HOME/.config/papyr"
	echo "hyperlinks = no" >"$HOME/.config/papyr/config"
	: >"$T/raw"
	tk "exec_papyr" Enter
	tui_wait "[1] arXiv        https://arxiv.org/abs/$ID1"
	tui_quit_sane
	! raw_has "b'\\x1b]8;;'" || fail "OSC 8 although hyperlinks = no"
}

test_tui_export_the_view_and_the_marked() {
	tui_start
	tk e
	tui_wait "export the view as: bibtex"
	tk C-u "cs" Tab
	tui_wait "export the view as: csl-json"
	tk Tab
	tui_wait "export the view as: csv"
	tk C-u "bib" Tab Enter
	tui_wait "export to file: papyr-export.bib"
	tk C-u "$T/view.bib" Enter
	tui_wait "exported 59 papers to $T/view.bib"
	tk j  # the status line's message stays until a key
	tui_wait " 2/59"
	tk k
	tui_wait " 1/59"
	expect_eq "$(ls -A "$T" | grep -c '^\.view\.bib\.')" 0 "temporary files left"
	n=$(/usr/bin/python3 -c 'import bibtexparser,sys
print(len(bibtexparser.load(open(sys.argv[1])).entries))' "$T/view.bib") || fail "not BibTeX"
	expect_eq "$n" 59 "BibTeX entries"
	tk Space Space '\;' e
	tui_wait "export 2 marked as: bibtex"
	tk C-u json Enter
	tk C-u "$T/marked.json" Enter
	tui_wait "exported 2 marked papers to $T/marked.json"
	! screen | grep -q "· 2 marked" || fail "the marks stay after ; e: $(status_line)"
	expect_eq "$(/usr/bin/python3 -c 'import json,sys
print(" ".join(sorted(p["id"] for p in json.load(open(sys.argv[1])))))' "$T/marked.json")" "$ID2 $ID1"
	tk e C-u "nope" Enter
	tui_wait "'nope' is not a format"
	tk Escape
	tk Escape e Enter C-u "$T/no/such/dir.bib" Enter
	tui_wait "export: $T/no/such/dir.bib: cannot create a file there"
	tk / "memory" Enter
	local want
	want=$(p list memory --format ids | wc -l)
	[ "$want" -gt 1 ] || fail "too few papers match 'memory': $want"
	tk e Enter C-u "$T/memory.json" Enter
	tui_wait "exported $want papers to $T/memory.json"
	expect_eq "$(/usr/bin/python3 -c 'import json,sys
print(len(json.load(open(sys.argv[1]))))' "$T/memory.json")" "$want"
	tui_quit_sane
}

test_tui_copy_a_bibtex_entry() {
	tui_start
	tui_raw
	tk Y
	tui_wait "copied a BibTeX entry for $ID1"
	/usr/bin/python3 - "$T/raw" "$ID1" <<'PY' || fail "no BibTeX in OSC 52"
import base64, re, sys
raw = open(sys.argv[1], "rb").read()
m = re.search(rb"\x1b\]52;c;([A-Za-z0-9+/=]+)\x07", raw)
entry = base64.b64decode(m.group(1)).decode()
assert entry.startswith("@"), entry
assert sys.argv[2] in entry and "BDH-CQ" in entry, entry
PY
	tui_quit_sane
}

test_tui_search_limit_views_and_sort() {
	tui_start
	tk / d i f f
	tui_wait "/diff · relevance"
	tui_wait " 1/18"
	screen | head -1 | grep -q "Diffusion" || fail "the best match is not first: $(screen | head -3)"
	tk Enter j
	tui_wait " 2/18"
	tk Escape  # the whole list again, still on the same paper
	tui_wait "all · day"
	tui_wait " 38/59"
	tk g l "upvotes:>" Enter
	tui_wait "limit: query:10: expected a number after 'upvotes:>'"
	tui_wait "limit: upvotes:>"  # the prompt stays open to fix it
	tk "=100" Enter
	tui_wait "l:upvotes:>=100"
	tui_wait " 1/3"
	tk Escape
	tui_wait "all · day"
	tui_wait " 1/59"
	tk s 3
	tui_wait "starred · day"
	tui_wait " 1/1"
	tk 5
	tui_wait " 1/59"
	tk m 2
	tui_wait "unread · day"
	tui_wait " 1/58"
	tk 9
	tui_wait "no view 9"
	tk 5 S
	tui_wait "sorted by upvotes"
	tui_wait "all · upvotes"
	tk G
	tui_wait " 59/59"
	tk S
	tui_wait "all · comments"
	tui_quit_sane
}

# list_rows_ok POS: the screen shows the cursor at POS/59 and every list row
# is the paper `papyr list` puts at that place (the row above the cursor's
# paper above it, and so on), with the cursor's mark on that row alone.
# Retried a few times: a frame may be half out when the screen is read.
list_rows_ok() {
	local i why
	for ((i = 0; i < 40; i++)); do
		screen >"$T/screen"
		why=$(list_rows_check "$1") && return 0
		sleep 0.05
	done
	fail "at $1: $why
$(cat "$T/screen")"
}

list_rows_check() {
	local pos=$1 n y line want got rows top yc=-1 last
	mapfile -t rows <"$T/screen"
	last=$((${#rows[@]} - 2)) # the status line's index
	[[ ${rows[last]} =~ \ $pos/59\ *$ ]] || { echo "not at $pos"; return 1; }
	for ((n = 0; n < last; n++)); do
		[[ ${rows[n]} == ─* ]] && break
		[[ ${rows[n]} == '>'* ]] && { [ "$yc" -lt 0 ] || { echo "two cursors"; return 1; }; yc=$n; }
	done
	[ "$yc" -ge 0 ] || { echo "no cursor row"; return 1; }
	top=$((pos - 1 - yc))
	for ((y = 0; y < n; y++)); do
		line=${rows[y]}
		if ((top + y >= 59)); then
			[ -z "$line" ] || { echo "row $y after the end: $line"; return 1; }
			continue
		fi
		want=${LIST[top + y]}
		got=${line:5}
		got=${got%…}
		[ -n "$got" ] && [[ $want == "$got"* ]] ||
			{ echo "row $y: '$got' is not paper $((top + y + 1)) '$want'"; return 1; }
	done
}

test_tui_scrolling_keeps_every_row_in_place() {
	tui_start 120 32
	mapfile -t LIST < <(p list --format tsv | awk -F'\t' '{printf "%s %4s %s\n", $2, $3, $6}')
	expect_eq "${#LIST[@]}" 59
	tui_wait "Links"  # 120x32: the detail pane opens below the list
	tk v             # the whole list first
	tui_wait_gone "Links"
	list_rows_ok 1
	local i
	for ((i = 2; i <= 59; i++)); do tk j; list_rows_ok $i; done
	for ((i = 58; i >= 1; i--)); do tk k; list_rows_ok $i; done
	tk G
	list_rows_ok 59
	tk g
	list_rows_ok 1
	tk v  # the detail pane below the list: a shorter list scrolls the same
	tui_wait "Links"
	for ((i = 2; i <= 20; i++)); do tk j; list_rows_ok $i; done
	for ((i = 19; i >= 1; i--)); do tk k; list_rows_ok $i; done
	tk G
	list_rows_ok 59
	tk k k k
	list_rows_ok 56
	tui_quit_sane
}

test_tui_sync_skips_settled_days_as_papyr_sync_does() {
	start_server
	mkdir -p "$HOME/.config/papyr"
	printf 'sync_days = 5\nsync_refetch = 1\n' >"$HOME/.config/papyr/config"
	p import "$TUI_FIX"/*.json >/dev/null
	# fetched whole today, three days after it was listed: settled
	local old
	old=$(date -u -d '-3 days' +%F)
	sql "INSERT INTO sync_log (day, fetched_at, attempted_at, papers) VALUES ('$old', CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER), 0)"
	TUI_ENV="PAPYR_HF_URL=http://127.0.0.1:$(cat "$T/server.port")" tui_shell 120 40
	tk "exec_papyr" Enter
	tui_wait " 1/59"
	tk R
	tui_wait "synced" 300
	[ "$(date -u -d '-3 days' +%F)" = "$old" ] || return 0 # midnight passed
	expect_eq "$(requests "$old")" 0 "requests for the settled day"
	expect_eq "$(requests)" 4 "requests"
	tui_quit_sane
}
