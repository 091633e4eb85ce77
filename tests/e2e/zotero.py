#!/usr/bin/python3
"""A stand-in for Zotero's connector (the local server Zotero runs on port
23119), for papyr's end-to-end tests.

GET or POST /connector/ping answers 200 "Zotero is running", as Zotero
does. POST /connector/saveItems checks what a connector client must send,
as Zotero's own server reads it: a JSON body with a sessionID and a list of
items, and the X-Zotero-Connector-API-Version header (an older version gets
400 {"error": "CONNECTOR_VERSION_OUTDATED"}); a session id seen before gets
409 {"error": "SESSION_EXISTS"}. It then checks each item the way papyr
promises to send it (a preprint with a title, authors, date, URL, the arXiv
DOI and archive ID, tags and notes as Zotero takes them); an item that
breaks a rule is refused with 400 and the rule, and nothing is kept.
Accepted bodies are appended to DIR/saved.jsonl, one request a line, and
answered 201, as Zotero answers a save.

--mode changes that: refuse (500 {"libraryEditable": false}, a read-only
library), stall (saveItems answers after 30 s), close (saveItems closes
the connection without an answer). Every request is appended to
DIR/requests.log as a JSON line. Binds 127.0.0.1 on a free port, written
to DIR/zotero.port, and exits by itself after --lifetime seconds.
Standard library only.
"""
import argparse
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")


def check_item(it):
    """The first rule the item breaks, or None."""
    if not isinstance(it, dict):
        return "an item is not an object"
    if it.get("itemType") != "preprint":
        return "itemType is not preprint"
    if not isinstance(it.get("title"), str) or not it["title"]:
        return "no title"
    aid = it.get("archiveID", "")
    if not aid.startswith("arXiv:") or not ARXIV_ID.match(aid[6:]):
        return "archiveID is not arXiv:ID: %r" % aid
    pid = aid[6:]
    if it.get("DOI") != "10.48550/arXiv." + pid:
        return "DOI is not the arXiv DOI: %r" % it.get("DOI")
    if it.get("url") != "https://arxiv.org/abs/" + pid:
        return "url is not the abstract page: %r" % it.get("url")
    if "date" in it and not re.match(r"^\d{4}-\d{2}-\d{2}$", it["date"]):
        return "date is not YYYY-MM-DD: %r" % it["date"]
    creators = it.get("creators")
    if not isinstance(creators, list):
        return "creators is not a list"
    for c in creators:
        if c.get("creatorType") != "author":
            return "a creator is not an author"
        if not (("lastName" in c and "firstName" in c) or "name" in c):
            return "a creator has neither lastName and firstName nor name"
    for t in it.get("tags", []):
        if not isinstance(t, dict) or not isinstance(t.get("tag"), str):
            return "a tag is not {tag: ...}"
    for n in it.get("notes", []):
        if not isinstance(n, dict) or not n.get("note", "").startswith("<p>"):
            return "a note is not {note: <p>...}"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def log(self, body):
        rec = {"path": self.path, "method": self.command,
               "api": self.headers.get("X-Zotero-Connector-API-Version"),
               "type": self.headers.get("Content-Type"), "bytes": len(body)}
        with self.server.lock, open(os.path.join(self.server.dir, "requests.log"), "a") as f:
            f.write(json.dumps(rec) + "\n")

    def answer(self, status, body=b"", ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.log(b"")
        if self.path == "/connector/ping":
            return self.answer(200, b"Zotero is running", "text/html")
        self.answer(404, b"No endpoint found", "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        self.log(body)
        if self.path == "/connector/ping":
            return self.answer(200, b"Zotero is running", "text/html")
        if self.path != "/connector/saveItems":
            return self.answer(404, b"No endpoint found", "text/plain")
        mode = self.server.mode
        if mode == "stall":
            time.sleep(30)
        if mode == "close":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if mode == "refuse":
            return self.answer(500, b'{"libraryEditable":false}')
        if self.headers.get("X-Zotero-Connector-API-Version") != "3":
            return self.answer(400, b'{"error":"CONNECTOR_VERSION_OUTDATED"}')
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self.answer(400, b"not JSON")
        try:
            data = json.loads(body)
        except ValueError:
            return self.answer(400, b"bad JSON")
        sid = data.get("sessionID")
        if not isinstance(sid, str) or not sid:
            return self.answer(400, b"no sessionID")
        with self.server.lock:
            if sid in self.server.sessions:
                return self.answer(409, b'{"error":"SESSION_EXISTS"}')
            self.server.sessions.add(sid)
        items = data.get("items")
        if not isinstance(items, list) or not items:
            return self.answer(400, b"no items")
        for it in items:
            why = check_item(it)
            if why:
                return self.answer(400, why.encode())
        with self.server.lock, open(os.path.join(self.server.dir, "saved.jsonl"), "a") as f:
            f.write(json.dumps(data) + "\n")
        self.answer(201)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--mode", default="ok", choices=["ok", "refuse", "stall", "close"])
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.dir, srv.mode = args.dir, args.mode
    srv.lock, srv.sessions = threading.Lock(), set()
    tmp = os.path.join(args.dir, "zotero.port.tmp")
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, os.path.join(args.dir, "zotero.port"))
    threading.Timer(args.lifetime, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
