#!/usr/bin/env python3
"""Writes a fuzz target's seed corpus from the fixtures.

Usage: seeds.py TARGET OUTDIR [PAPYR_JSON]

  hf      every fixture whole when small, and each of its entries alone
  stream  the same bytes: the streaming reader frames them
  papyr   papyr's own JSON (PAPYR_JSON, an export of the fixtures): whole,
          and each entry alone
  export  each fixture entry in fuzz_export's field format
  query   each line of tests/fuzz/query.seeds
"""
import glob
import hashlib
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIXTURES = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/hf/*.json")) +
                  glob.glob(os.path.join(ROOT, "tests/fixtures/hf/days/*.json")) +
                  glob.glob(os.path.join(ROOT, "tests/fixtures/*.json")))
SMALL = 32 * 1024


def put(outdir, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def entries(doc):
    return doc if isinstance(doc, list) else [doc]


def json_seeds(outdir, paths):
    for path in paths:
        raw = open(path, "rb").read()
        if len(raw) <= SMALL:
            put(outdir, raw)
        for e in entries(json.loads(raw)):
            put(outdir, json.dumps([e], ensure_ascii=False))


def export_seed(entry, i):
    item = entry.get("paper", entry) if isinstance(entry, dict) else {}
    org = item.get("organization")
    if isinstance(org, dict):
        org = org.get("fullname") or org.get("name")
    day = entry.get("publishedAt", "")[:10] if isinstance(entry, dict) else ""
    names = ["~" + a.get("name", "") if a.get("hidden") else a.get("name", "")
             for a in item.get("authors", []) if isinstance(a, dict)]
    fields = [
        item.get("id"), item.get("title"), item.get("summary"), "\n".join(names),
        item.get("publishedAt"), day + " 2026-07-13", str(item.get("upvotes", 0)),
        str(entry.get("numComments", 0)), str(item.get("githubStars", 0)),
        item.get("ai_summary"), "\n".join(item.get("ai_keywords") or []),
        item.get("githubRepo"), item.get("projectPage"), org,
        "toread survey" if i % 2 else "", "a note\non two lines" if i % 3 else "",
        str(i % 64),
    ]
    return "\x1f".join(f if isinstance(f, str) else "" for f in fields)


def main():
    target, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    if target in ("hf", "stream"):
        json_seeds(outdir, FIXTURES)
    elif target == "papyr":
        json_seeds(outdir, [sys.argv[3]])
    elif target == "export":
        for path in FIXTURES:
            es = entries(json.load(open(path, "rb")))
            for i in range(0, len(es), 3):
                put(outdir, "\x1e".join(export_seed(e, i + k)
                                        for k, e in enumerate(es[i:i + 3])))
    elif target == "query":
        for line in open(os.path.join(ROOT, "tests/fuzz/query.seeds"), encoding="utf-8"):
            put(outdir, line.rstrip("\n"))
    else:
        sys.exit("seeds.py: unknown target " + target)


main()
