# Whatever papyr stores can be exported and imported back: every door (the
# API's parser through an HF file, papyr's own JSON, `note` TEXT and editor,
# `tag`) applies the same limits, measured after cleaning, so invalid UTF-8
# that grows into U+FFFD cannot slip a field past them.

PY=/usr/bin/python3

# Writes $T/hf_max.json, $T/hf_over.json, $T/papyr_max.json and
# $T/papyr_over.json: fields at their limits once cleaned, and one byte past.
roundtrip_files() {
	$PY - "$T" <<'PY'
import json, sys
T = sys.argv[1]
BAD = b"\xff"  # one invalid byte: three once cleaned (U+FFFD)

def grown(n, tail=b""):
    """Raw bytes that clean to exactly n bytes: mostly invalid bytes."""
    k = (n - len(tail)) // 3
    return BAD * k + b"a" * (n - len(tail) - 3 * k) + tail

def dump(value, path):
    # json.dumps of str with surrogateescape keeps the raw bytes raw.
    text = json.dumps(value, ensure_ascii=False)
    open(path, "wb").write(text.encode("utf-8", "surrogateescape"))

def s(b):
    return b.decode("utf-8", "surrogateescape")

def hf(pid, title):
    return {"paper": {
        "id": pid, "title": s(title),
        "summary": s(grown(65536)),
        "authors": [{"name": s(grown(512, b"%d" % i))} for i in range(5000)],
        "publishedAt": "2026-06-10T00:00:00.000Z",
        "submittedOnDailyAt": "2026-06-12T00:00:00.000Z",
        "upvotes": 3,
        "ai_summary": s(grown(8192)),
        "ai_keywords": [s(grown(100, b"%d" % i)) for i in range(200)],
        "githubRepo": "https://github.com/" + "r" * (8192 - 19),
        "projectPage": s(b"https://x/" + grown(8192 - 10)),
        "organization": {"fullname": s(grown(512))},
    }}

def papyr(pid, title, note):
    return {"id": pid, "title": s(title), "abstract": s(grown(65536, b"\n")),
            "authors": [s(grown(512, b"%d" % i)) for i in range(5000)],
            "days": ["2026-06-11"], "ai_summary": s(grown(8192)),
            "ai_keywords": ["k" * 4095, "w" * 4096],
            "organization": s(grown(512)), "tags": ["t" * 64, "\u00e9" * 32],
            "note": s(note), "read": True,
            "links": {"abs": "https://arxiv.org/abs/" + pid}}

dump([hf("2601.00001", grown(2048))], T + "/hf_max.json")
dump([hf("2601.00002", grown(2049))], T + "/hf_over.json")
dump([papyr("2601.00003", grown(2048), grown(1 << 20))], T + "/papyr_max.json")
dump([papyr("2601.00004", grown(2048), grown((1 << 20) + 1))], T + "/papyr_over.json")
# a note for the editor: NUL bytes dropped, the text after them kept
open(T + "/edited_max", "wb").write(b"\0" + grown(1 << 20, b"end") + b"\n")
open(T + "/edited_over", "wb").write(b"\0" + grown((1 << 20) + 1, b"end") + b"\n")
PY
}

# note_args ID N: `papyr note ID TEXT...` with TEXT of invalid bytes growing
# to N bytes once cleaned, given as words of at most 96 KB.
note_args() {
	$PY - "$PAPYR" "$T/cache.db" "$1" "$2" <<'PY'
import subprocess, sys
papyr, db, pid, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
word = b"\xff" * 32768  # 96 KB once cleaned
words = [word] * ((n - 1) // (3 * 32768 + 1))
r = n - len(words) * (3 * 32768 + 1)  # what is left after them and their spaces
words.append(b"\xff" * (r // 3) + b"a" * (r % 3))
r = subprocess.run([papyr, "--db", db, "note", pid] + words, capture_output=True)
sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
sys.exit(r.returncode)
PY
}

test_every_door_keeps_to_limits_that_import_accepts() {
	roundtrip_files
	run timeout 60 "$PAPYR" --db "$T/cache.db" import hf_over.json
	expect_rc 1
	expect_err "paper.title is 2049 bytes long, more than 2048"
	run timeout 60 "$PAPYR" --db "$T/cache.db" import papyr_over.json
	expect_rc 1
	expect_err "note is 1048577 bytes long, more than 1048576"
	timeout 60 "$PAPYR" --db "$T/cache.db" import hf_max.json papyr_max.json >/dev/null
	# the note command, its text as arguments and from the editor
	run note_args 2601.00001 $(((1 << 20) + 1))
	expect_rc 1
	expect_err "the note is 1048577 bytes long, more than 1048576"
	note_args 2601.00001 $((1 << 20)) >/dev/null
	printf '#!/bin/sh\ncat "%s" >"$1"\n' "$T/edited_over" >over.sh
	printf '#!/bin/sh\ncat "%s" >"$1"\n' "$T/edited_max" >max.sh
	chmod +x over.sh max.sh
	run env EDITOR="$T/over.sh" "$PAPYR" --db "$T/cache.db" note 2601.00003
	expect_rc 1
	expect_err "the note is 1048577 bytes long"
	EDITOR="$T/max.sh" p note 2601.00003 >/dev/null
	p tag 2601.00001 "+$(printf 'x%.0s' $(seq 64))" >/dev/null
	# papyr_max.json gave 2601.00003 two tags: this fills it to 1,000
	timeout 60 "$PAPYR" --db "$T/cache.db" tag 2601.00003 $(seq -f '+t%g' 998) >/dev/null
	run p tag 2601.00003 +one-more
	expect_rc 1
	expect_err "a paper holds at most 1000 tags"
	p list --all --format json >first.json
	$PY - first.json <<'PY' || fail "the fields are not at their limits"
import json, sys
ps = {p["id"]: p for p in json.load(open(sys.argv[1]))}
for pid in ("2601.00001", "2601.00003"):
    p = ps[pid]
    n = lambda s: len(s.encode())
    assert n(p["title"]) == 2048, (pid, n(p["title"]))
    assert n(p["abstract"]) == 65536, n(p["abstract"])
    assert n(p["note"]) == 1 << 20, n(p["note"])
    assert len(p["authors"]) == 5000 and all(n(a) == 512 for a in p["authors"])
    assert n(p["ai_summary"]) == 8192 and n(p["organization"]) == 512
    assert "\x00" not in p["note"]
assert ps["2601.00003"]["note"].endswith("end")
PY
	# all of it goes out and comes back the same
	p export --all --format json -o out.json
	"$PAPYR" --db "$T/fresh.db" import out.json >/dev/null
	"$PAPYR" --db "$T/fresh.db" list --all --format json >second.json
	cmp first.json second.json || fail "the papers differ after export and import"
}

# \u0000 would end the parsed text there: it is dropped, what follows kept.
test_nul_in_imported_text_keeps_what_follows() {
	printf '%s' '[{"id":"2601.00005","title":"before\u0000 after","abstract":"a\u0000b",
"authors":["An\u0000n"],"tags":["x\u0000y"],"note":"kept\u0000 too","days":[],
"links":{}}]' >nul.json
	p import nul.json >/dev/null
	p list --all --format json >got.json
	$PY - got.json <<'PY' || fail "text after a NUL was lost"
import json, sys
p = json.load(open(sys.argv[1]))[0]
assert p["title"] == "before after", p["title"]
assert p["abstract"] == "ab" and p["authors"] == ["Ann"], p
assert p["tags"] == ["xy"] and p["note"] == "kept too", p
PY
}
