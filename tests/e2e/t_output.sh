# What papyr prints: a write that fails is an error, a reader that stops
# early is not.

OUT_DAY=$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json

# Every command that prints, with what it needs; one a line.
out_commands() {
	cat <<'EOF'
list
list --format tsv
list --format json
list --format ids
show 2606.00467
tags
views
names
names sorts
export --format csv
export --format bibtex
import DAY
--help
list --help
--version
EOF
}

out_cache() {
	p import "$OUT_DAY" >/dev/null
	p tag 2606.00467 +toread >/dev/null
}

test_a_full_disk_is_exit_1_with_a_message() {
	out_cache
	local cmd
	while read -r cmd; do
		set +e
		# shellcheck disable=SC2086 # the words of a command line
		p ${cmd/DAY/$OUT_DAY} >/dev/full 2>"$T/err"
		rc=$?
		set -e
		[ "$rc" -eq 1 ] || fail "papyr $cmd >/dev/full: exit $rc, expected 1"
		grep -qxF "papyr: writing the output: disk full" "$T/err" ||
			fail "papyr $cmd >/dev/full said: $(head -c 300 "$T/err")"
	done < <(out_commands)
}

# Each command's stdout is a pipe whose reader has already gone, so every
# write fails with EPIPE: papyr stops, says nothing and exits 0.
test_a_closed_pipe_is_quiet_and_no_error() {
	out_cache
	out_commands | sed "s|DAY|$OUT_DAY|" >cmds
	/usr/bin/python3 - "$PAPYR" "$T/cache.db" cmds <<'PY' || fail "a closed pipe"
import os, shlex, subprocess, sys
papyr, db, cmds = sys.argv[1:]
bad = []
for line in open(cmds):
    r, w = os.pipe()
    os.close(r)
    # restore_signals: SIGPIPE as a shell would leave it
    p = subprocess.run([papyr, "--db", db] + shlex.split(line), stdout=w,
                       stderr=subprocess.PIPE, timeout=30)
    os.close(w)
    if p.returncode != 0 or p.stderr:
        bad.append("%s: exit %d, %r" % (line.strip(), p.returncode, p.stderr[:200]))
if bad:
    sys.exit("\n".join(bad))
PY
}

# A list longer than a pipe holds, read by head -1: no message, and a status
# that pipefail does not flag.
test_list_into_head_is_quiet() {
	/usr/bin/python3 - >many.json <<'PY'
import json
print(json.dumps([{"paper": {"id": "2601.%05d" % i,
  "title": "Paper %d, long enough that a few thousand overflow a pipe" % i,
  "upvotes": i % 7, "submittedOnDailyAt": "2026-01-02T00:00:00.000Z",
  "authors": []}, "numComments": 0} for i in range(4000)]))
PY
	p import many.json >/dev/null
	local fmt
	for fmt in tsv json ids; do
		set +e
		timeout 20 "$PAPYR" --db "$T/cache.db" list --format "$fmt" 2>"$T/err" | head -1 >"$T/out"
		local st=("${PIPESTATUS[@]}")
		set -e
		[ "${st[0]}" -eq 0 ] || fail "list --format $fmt | head -1: papyr exit ${st[0]}"
		[ ! -s "$T/err" ] || fail "list --format $fmt | head -1 said: $(head -c 300 "$T/err")"
		[ -s "$T/out" ] || fail "list --format $fmt printed nothing"
	done
	# export to stdout, and -o to a pipe (written straight, as a FIFO is)
	local out
	for out in - /proc/self/fd/1; do
		set +e
		timeout 20 "$PAPYR" --db "$T/cache.db" export --format csv -o "$out" 2>"$T/err" |
			head -1 >"$T/out"
		local st=("${PIPESTATUS[@]}")
		set -e
		[ "${st[0]}" -eq 0 ] || fail "export -o $out | head -1: papyr exit ${st[0]}"
		[ ! -s "$T/err" ] || fail "export -o $out | head -1 said: $(head -c 300 "$T/err")"
	done
}

# A row written by another program, with escape sequences papyr itself
# would have cleaned on the way in: list and show print none of them.
test_list_and_show_print_no_control_sequences() {
	out_cache
	local bad="char(27)||']0;owned'||char(7)||char(27)||'[31m'||char(155)||'2J'||char(127)||char(8238)||char(13)||char(9)"
	sql "INSERT INTO papers (id, title, abstract, authors, published, day, ai_summary,
		ai_keywords, github_repo, project_page, organization, first_seen, updated)
	     VALUES ('2606.99999', 'Evil '||$bad||' title', 'An '||$bad||' abstract',
		'Eve '||$bad||char(10)||'Mallory', '2026-06-12'||$bad, '2026-06-12',
		'Sum '||$bad, 'kw'||$bad||char(10)||'two', 'https://github.com/e/'||$bad,
		'https://e.example/'||$bad, 'Org'||$bad, 1, 1);
	     INSERT INTO paper_days (day, pid) SELECT '2026-06-12', pid FROM papers
		WHERE id = '2606.99999';
	     INSERT INTO tags (pid, tag, added) SELECT pid, 'tag'||$bad, 1 FROM papers
		WHERE id = '2606.99999';
	     INSERT INTO notes (pid, body, updated) SELECT pid, 'Note '||$bad, 1 FROM papers
		WHERE id = '2606.99999';"
	local what
	for what in "list --format table" "list --format tsv" "list --format ids" \
		"show 2606.99999"; do
		# shellcheck disable=SC2086 # the words of a command line
		p $what >"$T/out"
		/usr/bin/python3 - "$T/out" "$what" <<'PY' || fail "$what printed a control character"
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8")
tsv = sys.argv[2].endswith("tsv")
allowed = "\n\t" if tsv else "\n"
bad = [c for c in data if (ord(c) < 0x20 and c not in allowed) or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
if bad:
    sys.exit("%s: %r" % (sys.argv[2], sorted(set(bad))))
if "owned" not in data and "2606.99999" not in data:
    sys.exit("%s: the row is missing" % sys.argv[2])
if tsv:
    for line in data.splitlines():
        assert line.count("\t") == 6, "a title's tab split a line: %r" % line
PY
	done
	p show 2606.99999 >"$T/out"
	expect_out "2606.99999  Evil ]0;owned[31m2J"
	expect_out "Authors:      Eve ]0;owned[31m2J"
	expect_out ", Mallory"
	expect_out "Tags:         tag]0;owned[31m2J"
}

# Titles a spreadsheet would run as formulas: behind a ' by default, as they
# are with csv_formula_guard = no; python's csv module reads both back.
test_export_csv_guards_formulas_unless_told_not_to() {
	/usr/bin/python3 - >formulas.json <<'PY'
import json
titles = ['=HYPERLINK("http://evil.example/?x","click, here")', "+1+2", "-2+3",
          "@SUM(A1:A2)", "A plain title", "a = b"]
print(json.dumps([{"paper": {"id": "2601.%05d" % i, "title": t, "upvotes": i,
  "submittedOnDailyAt": "2026-01-02T00:00:00.000Z", "authors": [{"name": "=Eve"}]},
  "numComments": 0} for i, t in enumerate(titles)]))
PY
	p import formulas.json >/dev/null
	p note 2601.00004 "-my note" >/dev/null
	p export --format csv >guarded.csv
	mkdir -p cfg/papyr
	echo "csv_formula_guard = no" >cfg/papyr/config
	XDG_CONFIG_HOME=$T/cfg p export --format csv >raw.csv
	/usr/bin/python3 - formulas.json guarded.csv raw.csv <<'PY' || fail "the CSV cells"
import csv, json, sys
papers = {e["paper"]["id"]: e["paper"] for e in json.load(open(sys.argv[1]))}
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}
guarded, raw = rows(sys.argv[2]), rows(sys.argv[3])
assert set(guarded) == set(raw) == set(papers)
for pid, p in papers.items():
    t = p["title"]
    want = "'" + t if t[0] in "=+-@" else t
    assert guarded[pid]["title"] == want, (guarded[pid]["title"], want)
    assert raw[pid]["title"] == t, (raw[pid]["title"], t)
    assert guarded[pid]["authors"] == "'=Eve" and raw[pid]["authors"] == "=Eve"
assert guarded["2601.00004"]["note"] == "'-my note"
assert raw["2601.00004"]["note"] == "-my note"
assert guarded["2601.00004"]["upvotes"] == "4"
PY
	echo "csv_formula_guard = maybe" >cfg/papyr/config
	XDG_CONFIG_HOME=$T/cfg run p export --format csv
	expect_rc 1
	expect_err "config:1: csv_formula_guard must be yes or no"
}
