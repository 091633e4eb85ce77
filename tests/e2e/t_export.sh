# Exports read back by the real parsers (bibtexparser and pybtex, csv, json,
# jsonschema, an RIS grammar), the JSON round trip through import, notes
# through $EDITOR, and exports that fail half way.

XDAY30=$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json
XDAY25=$FIX/hf/daily_papers_limit25_2026-07-13_spans_two_days.json
XSEARCH=$FIX/hf/papers_search_q-diffusion_3results.json
HOSTILE=$FIX/hostile.json
PY=/usr/bin/python3

# paper_at FILE N: the id of the Nth paper (from 0) of a papyr JSON file.
paper_at() { $PY -c 'import json, sys; print(json.load(open(sys.argv[1]))[int(sys.argv[2])]["id"])' "$1" "$2"; }

NOTE1='Note with {unbalanced brace, "quotes", commas,
newline, 100% & #tag _x $y ~z ^w \path, 中文 🚀'
NOTE2='}{ only closing first } and a \ at the end \'
NOTE3='- looks like a list
# looks like a heading
1. looks numbered'

# A cache of hostile and real papers with notes, tags and marks, and
# $T/ref.json: what the cache holds, as `papyr list` sees it.
hostile_cache() {
	p import "$HOSTILE" "$XDAY30" >/dev/null
	p note 2609.00001 "$NOTE1" >/dev/null
	p note 2609.00002 "$NOTE2" >/dev/null
	p note 2609.00005 "$NOTE3" >/dev/null
	p tag 2609.00001 2609.00003 +toread '+we{ird}%_#' >/dev/null
	p mark 2609.00002 star read >/dev/null
	p list --all --format json >"$T/ref.json"
	HOSTILE="$HOSTILE" NOTE1="$NOTE1" $PY - "$T/ref.json" <<'PY' || fail "reference"
import json, os, sys
ref = {p["id"]: p for p in json.load(open(sys.argv[1]))}
for e in json.load(open(os.environ["HOSTILE"])):
    p = e["paper"]
    assert ref[p["id"]]["title"] == " ".join(p["title"].split()), p["id"]
    assert ref[p["id"]]["authors"] == [a["name"] for a in p["authors"]], p["id"]
assert ref["2609.00001"]["note"] == os.environ["NOTE1"]
assert len(ref) == 40
PY
}

# check_export FORMAT FILE: reads FILE with the format's real parser and
# compares every paper's text with $T/ref.json.
check_export() {
	$PY - "$1" "$2" "$T/ref.json" <<'PY'
import csv, io, json, re, sys
fmt, path, refpath = sys.argv[1:4]
ref = {p["id"]: p for p in json.load(open(refpath))}
data = open(path, encoding="utf-8", newline="").read()
one_line = lambda s: re.sub(r"[\n\t]", " ", s)

UNLATEX = {r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textbackslash{}": "\\",
           r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\&": "&", r"\%": "%",
           r"\#": "#", r"\_": "_", r"\$": "$"}
unlatex_re = re.compile("|".join(re.escape(k) for k in sorted(UNLATEX, key=len, reverse=True)))
def unlatex(s):
    return unlatex_re.sub(lambda m: UNLATEX[m.group(0)], s)

def check_bibtex():
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    import pybtex.database, pybtex.errors
    pybtex.errors.set_strict_mode(True)
    # The checkers can fail: an unbalanced brace is refused.
    try:
        pybtex.database.parse_string("@misc{x, title = {a { b}}\n", "bibtex")
        raise SystemExit("pybtex took an unbalanced entry")
    except pybtex.database.BibliographyDataError:
        pass
    except Exception:
        pass
    bp = bibtexparser.loads(data, parser=BibTexParser())  # no macros predefined
    pb = pybtex.database.parse_string(data, "bibtex")
    assert len(bp.entries) == len(ref), (len(bp.entries), len(ref))
    assert len(pb.entries) == len(ref), (len(pb.entries), len(ref))
    keys = [e["ID"] for e in bp.entries]
    assert len(set(keys)) == len(keys), "keys not unique"
    assert all(re.fullmatch(r"[a-z0-9]+", k) for k in keys), keys
    for e in bp.entries:
        p = ref[e["eprint"]]
        t = e["title"]
        assert t.startswith("{") and t.endswith("}"), t
        assert unlatex(t[1:-1]) == p["title"], (t, p["title"])
        pe = pb.entries[e["ID"]]
        assert unlatex(pe.fields["title"][1:-1]) == p["title"]
        assert len(pe.persons.get("author", [])) == len(p["authors"]), (e["ID"], p["authors"])
        assert e["archiveprefix"] == "arXiv" and e["url"].endswith(p["id"])
        assert e["doi"] == "10.48550/arXiv." + p["id"], e["doi"]
        assert pe.fields["doi"] == e["doi"]
        if p["note"]:
            assert unlatex(e["note"]) == one_line(p["note"]), (e["note"], p["note"])
            assert unlatex(pe.fields["note"]) == one_line(p["note"])
        else:
            assert "note" not in e
        if p["published"]:
            assert e["year"] == p["published"][:4]
            assert e["month"] == str(int(p["published"][5:7]))

def check_csv():
    assert data.endswith("\r\n") and "\r" not in data.replace("\r\n", "")
    # A cell that starts like a formula is written behind a ' (the default
    # csv_formula_guard); read back, the ' goes.
    rows = [{k: v[1:] if v[:1] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r")
             else v for k, v in r.items()}
            for r in csv.DictReader(io.StringIO(data, newline=""))]
    assert data.count("\r\n") == len(rows) + 1  # one per record, none inside
    assert len(rows) == len(ref)
    for r in rows:
        p = ref[r["id"]]
        assert r["title"] == p["title"], (r["title"], p["title"])
        assert r["note"] == (p["note"] or ""), (r["note"], p["note"])
        assert r["authors"] == "; ".join(p["authors"])
        assert r["abstract"] == p["abstract"]
        assert r["tags"] == " ".join(p["tags"])
        assert (r["read"], r["starred"]) == (str(int(p["read"])), str(int(p["starred"])))

def check_json():
    got = json.loads(data)
    assert [g["id"] for g in got] == [g["id"] for g in got if g["id"] in ref]
    assert {g["id"]: g for g in got} == ref

CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type", "title", "author", "issued", "DOI", "citation-key"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "type": {"enum": ["article", "article-journal"]},
            "title": {"type": "string", "minLength": 1},
            "author": {"type": "array", "items": {"oneOf": [
                {"type": "object", "required": ["family", "given"],
                 "properties": {"family": {"type": "string", "minLength": 1},
                                "given": {"type": "string"}, "suffix": {"type": "string"}},
                 "additionalProperties": False},
                {"type": "object", "required": ["literal"],
                 "properties": {"literal": {"type": "string", "minLength": 1}},
                 "additionalProperties": False}]}},
            "issued": {"type": "object", "required": ["date-parts"], "properties": {
                "date-parts": {"type": "array", "minItems": 1, "maxItems": 1, "items": {
                    "type": "array", "minItems": 1, "maxItems": 3,
                    "items": {"type": "integer"}}}}},
            "URL": {"type": "string", "pattern": "^https://arxiv\\.org/abs/"},
            "abstract": {"type": "string"},
            "note": {"type": "string"},
            "archive": {"const": "arXiv"},
            "number": {"type": "string", "pattern": "^arXiv:"},
            "DOI": {"type": "string", "pattern": "^10\\.48550/arXiv\\."},
            "keyword": {"type": "string", "minLength": 1},
            "citation-key": {"type": "string", "pattern": "^[a-z0-9]+$"},
        },
    },
}

def check_csl():
    import jsonschema
    items = json.loads(data)
    jsonschema.validate(items, CSL_SCHEMA)
    # The schema can fail.
    try:
        jsonschema.validate([{"id": "x", "type": "article", "title": "t", "author": [{"given": "a"}]}], CSL_SCHEMA)
        raise SystemExit("schema took an item without issued or family")
    except jsonschema.ValidationError:
        pass
    assert len(items) == len(ref) and len({i["id"] for i in items}) == len(items)
    for i in items:
        p = ref[i["number"][len("arXiv:"):]]
        assert i["title"] == p["title"]
        assert i.get("note") == (p["note"] or None)
        names = [a["literal"] if "literal" in a else
                 " ".join(x for x in (a["given"], a["family"], a.get("suffix", "")) if x)
                 for a in i["author"]]
        assert names == p["authors"], (names, p["authors"])
        assert i["issued"]["date-parts"][0] == [int(x) for x in p["published"].split("-")]
        assert i["DOI"] == "10.48550/arXiv." + p["id"] and i["citation-key"] == i["id"]
        assert i.get("keyword") == (", ".join(p["tags"]) or None), (i.get("keyword"), p["tags"])

def check_ris():
    assert "\r" not in data
    records, rec = [], None
    for n, line in enumerate(data.split("\n"), 1):
        if line == "" and rec is None:
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, "line %d is not 'XX  - value': %r" % (n, line)
        tag, value = m.groups()
        if rec is None:
            assert tag == "TY", "line %d: a record starts with TY" % n
            rec = {}
        if tag == "ER":
            assert value == "", "line %d" % n
            records.append(rec)
            rec = None
            continue
        rec.setdefault(tag, []).append(value)
    assert rec is None, "the last record has no ER"
    assert len(records) == len(ref)
    for r in records:
        p = ref[r["M1"][0][len("arXiv:"):]]
        assert r["TI"] == [p["title"]]
        assert len(r.get("AU", [])) == len(p["authors"])
        assert r.get("N1") == ([one_line(p["note"])] if p["note"] else None)
        assert r.get("KW", []) == p["tags"]
        assert r["UR"] == ["https://arxiv.org/abs/" + p["id"]]
        assert r["DO"] == ["10.48550/arXiv." + p["id"]]

MD_SPECIAL = set("[]*_`<>|~&$^\\{}()#!")
def md_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append(s[i + 1]); i += 2; continue
        assert s[i] not in MD_SPECIAL, "unescaped %r in %r" % (s[i], s)
        out.append(s[i]); i += 1
    return "".join(out)

def check_markdown():
    items = re.findall(r"^- \[(.*)\]\(https://arxiv\.org/abs/([^)]+)\)\\$", data, re.M)
    assert len(items) == len(ref), (len(items), len(ref))
    for text, pid in items:
        assert md_unescape(text) == ref[pid]["title"], (text, ref[pid]["title"])
    for pid, p in ref.items():
        if not p["note"]:
            continue
        block = data.split("(https://arxiv.org/abs/%s)\\\n" % pid, 1)[1].split("\n- [", 1)[0]
        quoted = [l[len("  > "):] for l in block.split("\n") if l.startswith("  > ")]
        assert "\n".join(md_unescape(q) for q in quoted) == p["note"], (quoted, p["note"])

{"bibtex": check_bibtex, "csv": check_csv, "json": check_json, "csl-json": check_csl,
 "ris": check_ris, "markdown": check_markdown}[fmt]()
PY
}

test_export_every_format_reads_back_with_hostile_text() {
	hostile_cache
	for f in bibtex csl-json ris markdown csv json; do
		run p export --all --format "$f" -o "$T/out.$f"
		expect_rc 0
		[ ! -s "$T/err" ] || fail "$f: stderr: $(cat "$T/err")"
		check_export "$f" "$T/out.$f" || fail "$f does not read back"
		run p export --all --format "$f"
		cmp -s "$T/out" "$T/out.$f" || fail "$f: stdout and -o differ"
	done
}

test_bibtex_keys_are_stable_and_unique() {
	hostile_cache
	p export --all --format bibtex >a.bib
	p export --all --format bibtex >b.bib
	cmp -s a.bib b.bib || fail "two runs differ"
	keys=$(sed -n 's/^@misc{\(.*\),$/\1/p' a.bib)
	expect_eq "$(echo "$keys" | sort | uniq -d)" "" "duplicate keys"
	echo "$keys" | grep -qx vaswani2026attention || fail "no vaswani2026attention: $keys"
	echo "$keys" | grep -qx vaswani2026attentiona || fail "no collision suffix: $keys"
	echo "$keys" | grep -qx obriennunez2026quotes || fail "no folded key: $keys"
	grep -qF 'author = {de la Fontaine, Jean-Luc and King, Jr., Martin Luther' a.bib ||
		fail "names not split"
	grep -qF '{Ann and Bob}' a.bib || fail "'and' in a name not braced"
}

# A key is the same whether a paper is exported alone or with the rest:
# clash letters come from the whole cache. bibtex_keys = bbt gives Better
# BibTeX's keys; a bad value is an error naming the line.
test_bibtex_keys_do_not_depend_on_the_export() {
	hostile_cache
	p export --all --format bibtex >all.bib
	# the second vaswani paper alone keeps its letter
	a_id=$(awk '/^@misc\{vaswani2026attentiona,/{f=1} f && /eprint/{print; exit}' all.bib |
		sed 's/.*{\(.*\)},/\1/')
	[ -n "$a_id" ] || fail "no vaswani2026attentiona in: $(grep '^@misc' all.bib)"
	p tag "$a_id" +alone >/dev/null
	run p export tag:alone --all --format bibtex
	expect_rc 0
	expect_out "@misc{vaswani2026attentiona,"
	grep -qx '@misc{vaswani2026attention,' all.bib || fail "the first paper lost the bare key"
	mkdir -p cfg/papyr
	echo "bibtex_keys = bbt" >cfg/papyr/config
	run env XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" export --all --format bibtex
	expect_rc 0
	expect_out "@misc{vaswaniAttentionAllYou2026,"
	expect_out "@misc{vaswaniAttentionAllYou2026a,"
	expect_out "@misc{obriennunezQuotesDoubleSingle2026,"
	echo "bibtex_keys = zotero" >cfg/papyr/config
	run env XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" export --all --format bibtex
	expect_rc 1
	expect_err "config:1: bibtex_keys must be one of papyr|bbt"
}

# A cache papyr may not write exports the keys the stored ones would be:
# before any is stored, and when a clashing paper came after the last
# export. Run as nobody, since root may write a 0444 file.
test_bibtex_keys_from_a_read_only_cache() {
	if [ "$(id -u)" != 0 ]; then
		as_nobody() { "$@"; }
	else
		as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	fi
	chmod 0755 "$T" "$HOME"
	hostile_cache
	ro_export() { # ro_export OUT: an export from a read-only copy of the cache
		rm -rf ro && mkdir ro && cp cache.db ro/ && chmod 0644 ro/cache.db && chmod 0555 ro
		as_nobody "$PAPYR" --db ro/cache.db export --all --format bibtex >"$1" 2>"$T/err" ||
			fail "export from a read-only cache: $(cat "$T/err")"
		expect_eq "$(ls -A ro)" "cache.db" "files beside the read-only cache"
	}
	ro_export ro1.bib
	p export --all --format bibtex >rw1.bib
	cmp -s ro1.bib rw1.bib || fail "read-only and stored keys differ: $(diff ro1.bib rw1.bib | head)"
	grep -qx '@misc{vaswani2026attentiona,' rw1.bib || fail "no clash letter: $(grep '^@misc' rw1.bib)"
	# a paper that shares a stored key, arriving after the last export
	p export id:2609.00007 --format json >one.json
	$PY - one.json <<'PY' || fail "no paper to copy"
import json, sys
papers = json.load(open(sys.argv[1]))
assert len(papers) == 1, papers
papers[0]["id"] = "2699.00001"
json.dump(papers, open(sys.argv[1], "w"))
PY
	p import one.json >/dev/null
	ro_export ro2.bib
	grep -qx '@misc{vaswani2026attentionb,' ro2.bib || fail "no second letter: $(grep '^@misc' ro2.bib)"
	p export --all --format bibtex >rw2.bib
	cmp -s ro2.bib rw2.bib || fail "read-only and stored keys differ: $(diff ro2.bib rw2.bib | head)"
}

test_export_json_round_trip_is_byte_identical() {
	hostile_cache
	p import "$XDAY25" "$XSEARCH" >/dev/null
	p mark 2607.07673 dismiss >/dev/null
	p tag 2607.07673 2606.00467 +later >/dev/null
	run p export --all --format json -o one.json
	expect_rc 0
	mv cache.db first.db
	rm -f cache.db-wal cache.db-shm
	run p import one.json
	expect_rc 0
	expect_out "one.json: 68 papers, 68 new, 0 updated"
	run p export --all --format json -o two.json
	expect_rc 0
	cmp one.json two.json || fail "the second export differs"
	for args in "list --all --format tsv" "tags" "list --format ids" "show 2609.00001" \
		"show 2607.07673" "show 2609.00002"; do
		a=$("$PAPYR" --db first.db $args) b=$(p $args)
		expect_eq "$b" "$a" "papyr $args"
	done
	expect_eq "$(sql 'SELECT count(*) FROM paper_days')" \
		"$(sqlite3 first.db 'SELECT count(*) FROM paper_days')" "days listed"
	integrity_ok
	# Importing it again changes nothing, and keeps a note of the cache's own.
	p note 2609.00002 "a newer note" >/dev/null
	run p import one.json
	expect_out "68 papers, 0 new, 68 updated"
	expect_eq "$(sql "SELECT body FROM notes n JOIN papers p USING (pid) WHERE p.id = '2609.00002'")" \
		"a newer note"
}

test_import_papyr_json_refuses_bad_state_whole_when_strict() {
	p import "$XDAY30" >/dev/null
	p list --format json >good.json
	$PY - good.json bad.json <<'PY'
import json, sys
papers = json.load(open(sys.argv[1]))
papers[0]["tags"] = ["fine"]
papers[3]["tags"] = ["not valid"]
json.dump(papers, open(sys.argv[2], "w"))
PY
	run p import --strict bad.json
	expect_rc 1
	expect_err "papyr: bad.json: paper 4 ($(paper_at good.json 3)): tags holds 'not valid', not a valid tag"
	expect_err "nothing from it was stored"
	expect_eq "$(p tags)" "" "tags after a refused file"
	# without --strict the others are stored, the bad one left out whole
	run p import bad.json
	expect_rc 1
	expect_err "paper 4 ($(paper_at good.json 3)): tags holds 'not valid'"
	expect_out "bad.json: 30 papers, 0 new, 29 updated, 1 refused"
	expect_eq "$(p tags)" "fine	1"
	$PY - good.json days.json <<'PY'
import json, sys
papers = json.load(open(sys.argv[1]))
papers[2]["days"] = ["2026-13-40"]
json.dump(papers, open(sys.argv[2], "w"))
PY
	run p import --strict days.json
	expect_rc 1
	expect_err "paper 3 ($(paper_at good.json 2)): days holds '2026-13-40', not a date"
}

test_export_markdown_groups_and_options() {
	hostile_cache
	run p export --format markdown --group tag --abstract --summary
	expect_rc 0
	expect_out "## toread"
	expect_out '## we\{ird\}%\_\#'
	expect_out "## Untagged"
	expect_out "  An abstract with an unbalanced \\{ brace, new lines  and a second paragraph."
	expect_out "> **AI summary:** "
	[ "$(grep -c '^- \[Unbalanced' "$T/out")" = 2 ] || fail "a paper under each of its tags"
	run p export --format markdown --group day
	expect_rc 0
	expect_out "## 2026-09-02"
	expect_out "## 2026-06-12"
	run p export --format csv --group tag
	expect_rc 2
	expect_err "apply to --format markdown"
}

test_export_usage_errors() {
	p import "$XDAY30" >/dev/null
	run p export
	expect_rc 2
	expect_err "--format is needed"
	run p export --format endnote
	expect_rc 2
	expect_err "unknown format 'endnote'"
	run p export -o list.bib
	expect_rc 0
	grep -q '^@misc{' list.bib || fail "format not taken from .bib"
	run p export 'title:(' --format json
	expect_rc 2
	expect_err "query:7:"
	run p export --bogus --format json
	expect_rc 2
	expect_err "unknown option '--bogus'"
	run p export --format json --sort upvotes
	expect_rc 0
	first=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
	expect_eq "$first" "$(p list --sort upvotes --format ids | head -n1)"
}

test_export_takes_a_query() {
	p import "$XDAY30" "$XDAY25" >/dev/null
	p tag 2606.00467 2607.08964 2607.07673 +toread >/dev/null
	p mark 2607.07673 dismiss >/dev/null
	run p export tag:toread --format ris
	expect_rc 0
	expect_eq "$(grep -c '^TY  - ' "$T/out")" 2 "toread, not dismissed"
	run p export tag:toread --all -f ris
	expect_eq "$(grep -c '^TY  - ' "$T/out")" 3 "toread with --all"
	run p export tag:toread -fris
	expect_rc 0
	expect_eq "$(grep -c '^TY  - ' "$T/out")" 2 "-fris is -f ris"
	run p export -fjson --sort date -supvotes -o sorted.json tag:toread
	expect_rc 0
	$PY -c 'import json,sys; print("\n".join(p["id"] for p in json.load(open(sys.argv[1]))))' \
		sorted.json >got
	p list tag:toread --sort upvotes --format ids >want
	cmp -s want got || fail "export -supvotes differs from list: $(cat got)"
	run p export tag:toread --format json --sort date
	expect_rc 0
	run p export tag:toread --format=json --sort=day
	cmp -s "$T/out" <(p export tag:toread --format json --sort date) ||
		fail "export --sort date differs from --sort day"
	run p export tag:toread -is:dismissed upvotes:'>=10' --format=csv
	expect_eq "$(($(wc -l <"$T/out") - 1))" \
		"$(p list tag:toread upvotes:'>=10' --format ids | wc -l)" "query words"
	p list tag:toread --format ids >want
	run p export @toread --format json --sort day
	$PY -c 'import json,sys; print("\n".join(p["id"] for p in json.load(open(sys.argv[1]))))' \
		"$T/out" >got
	cmp -s want got || fail "export @toread differs from list: $(cat got)"
}

test_export_that_fails_half_way_leaves_no_file() {
	p import "$XDAY30" "$XDAY25" >/dev/null
	mkdir dest
	echo "previous export" >dest/list.json
	# A 64 KiB file size limit: the export (about 140 KiB) fails part way.
	run bash -c 'ulimit -f 64; exec "$0" --db "$1" export --format json -o "$2"' \
		"$PAPYR" "$T/cache.db" "$T/dest/list.json"
	expect_rc 1
	expect_err "writing the export"
	expect_err "list.json was not written"
	expect_eq "$(cat dest/list.json)" "previous export" "the old file"
	expect_eq "$(ls -A dest)" "list.json" "files left behind"
	# A folder that does not exist: an error, nothing made.
	run p export --format bibtex -o "$T/nope/list.bib"
	expect_rc 1
	expect_err "nope/list.bib: cannot create a file there"
	[ ! -e nope ] || fail "made a folder"
	# Without the limit it is written whole, with an ordinary file's mode.
	run p export --format json -o dest/list.json
	expect_rc 0
	$PY -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 55' dest/list.json ||
		fail "the export is not whole"
	expect_eq "$(ls -A dest)" "list.json" "files left behind"
	run p export --format bibtex -o dest/new.bib
	expect_eq "$(stat -c %a dest/new.bib)" "$(umask -S >/dev/null; touch dest/ref; stat -c %a dest/ref)" "mode"
}

test_note_opens_the_editor_on_a_private_file() {
	p import "$XDAY30" >/dev/null
	p note 2606.00467 "old text" >/dev/null
	cat >ed.sh <<'SH'
#!/bin/sh
# The last argument is the file; record what the editor saw, write a note.
for f; do :; done
stat -c %a "$f" >"$ED_DIR/mode"
echo "$f" >"$ED_DIR/path"
cat "$f" >"$ED_DIR/seen"
printf 'edited {note} with "quotes", 100%%\nsecond line\n\n' >"$f"
SH
	printf '#!/bin/sh\nexit 3\n' >bad.sh
	chmod +x ed.sh bad.sh
	export ED_DIR=$T
	unset VISUAL
	run env EDITOR="$T/ed.sh --wait" "$PAPYR" --db "$T/cache.db" note 2606.00467
	expect_rc 0
	expect_out "note saved"
	expect_eq "$(cat mode)" 600 "the temporary file's mode"
	expect_eq "$(cat seen)" "old text"
	[ ! -e "$(cat path)" ] || fail "the temporary file was left behind"
	run p show 2606.00467
	expect_out 'edited {note} with "quotes", 100%'
	expect_out "second line"
	run p export --format bibtex
	expect_out 'note = {edited \textbraceleft{}note\textbraceright{} with "quotes", 100\% second line}'
	# A failing editor changes nothing.
	run env EDITOR="$T/bad.sh" "$PAPYR" --db "$T/cache.db" note 2606.00467
	expect_rc 1
	expect_err "status 3"
	run p show 2606.00467
	expect_out "second line"
	# $EDITOR is split into words, never given to a shell.
	run env EDITOR="$T/ed.sh;touch $T/pwned" "$PAPYR" --db "$T/cache.db" note 2606.00467
	expect_rc 1
	[ ! -e pwned ] || fail "a shell ran \$EDITOR"
}
