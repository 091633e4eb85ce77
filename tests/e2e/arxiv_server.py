#!/usr/bin/python3
"""A stand-in for arXiv's three services, for papyr's end-to-end tests.

    GET /rss/CATS            the announcement feed: DIR/feed.xml as it stands
                             (the test writes the day's feed there); without
                             one, an empty feed, as on a weekend
    GET /oai?verb=ListRecords&metadataPrefix=arXivRaw&set=S&from=D
    GET /oai?verb=ListRecords&resumptionToken=T
                             OAI-PMH from DIR/oai.json, a list of records
                             {"id", "datestamp", "set", "title", "categories",
                             "versions": [dates], "authors", "comments"},
                             those of set S with datestamp >= D, "page" (2) a
                             page, each page but the last with a
                             resumptionToken; noRecordsMatch when none
    GET /api/query?id_list=A,B
                             Atom entries from DIR/api.json ({"id": {...}})

Faults, from DIR/faults.json, read on every request (counters restart when
its text changes): {"oai_503": N} the first N OAI requests get 503 with
Retry-After: 1; {"oai_fail_from": K} every OAI request for page K or later
gets 500 (a harvest that fails halfway); {"api_empty": N} the first N query
API requests get a 200 page with no entry; {"slow": S} every answer waits S
seconds before it is sent; {"feed": F} the announcement feed goes wrong, F
being "cut" (half the feed, then the connection closes), "html" (a 200 with
an HTML error page), "doctype" (a feed declaring entities that expand a
billion times), "deep" (elements nested 100,000 deep) or "huge" (a feed of
10 MiB of one title, made as it is sent).

Every request is appended to DIR/requests.log as a JSON line with its path,
the time it came in and the time its answer was sent, and how many requests
were being answered at once when it came in ("inflight"). Binds 127.0.0.1
on a free port, written to DIR/server.port; exits by itself after
--lifetime seconds. Standard library only.
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

EMPTY_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" version="2.0"><channel>
<title>updates on arXiv.org</title>
<pubDate>Sat, 01 Aug 2026 00:00:00 -0400</pubDate>
</channel></rss>
"""
OAI_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            '<responseDate>2026-08-03T00:00:00Z</responseDate>'
            '<request verb="ListRecords">http://127.0.0.1/oai</request>')


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.inflight = 0
        self.faults_text = None
        self.counts = {}

    def faults(self):
        try:
            with open(os.path.join(self.args.dir, "faults.json"), encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            text = ""
        with self.lock:
            if text != self.faults_text:
                self.faults_text = text
                self.counts = {}
        return json.loads(text) if text.strip() else {}

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]


def load(path, default):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def raw_record(r):
    versions = "".join(
        '<version version="v%d"><date>%s</date><size>1kb</size></version>' % (i + 1, escape(d))
        for i, d in enumerate(r["versions"]))
    return (
        '<record><header><identifier>oai:arXiv.org:%s</identifier>'
        '<datestamp>%s</datestamp><setSpec>%s</setSpec></header><metadata>'
        '<arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>%s</id>'
        '<submitter>A. Submitter</submitter>%s<title>%s</title><authors>%s</authors>'
        '<categories>%s</categories><comments>%s</comments>'
        '<license>http://creativecommons.org/licenses/by/4.0/</license>'
        '<abstract>%s</abstract></arXivRaw></metadata></record>' % (
            escape(r["id"]), escape(r["datestamp"]), escape(r.get("set", "cs")),
            escape(r["id"]), versions, escape(r["title"]),
            escape(r.get("authors", "Ann Author and Bo Writer")), escape(r["categories"]),
            escape(r.get("comments", "")), escape(r.get("abstract", "An abstract.")))
    )


def atom_entry(pid, e):
    cats = "".join('<category term="%s" scheme="http://arxiv.org/schemas/atom"/>' % escape(c)
                   for c in e["categories"].split())
    return (
        '<entry><id>http://arxiv.org/abs/%sv%d</id><title>%s</title>'
        '<summary>%s</summary><published>%sT10:00:00Z</published>%s'
        '<arxiv:primary_category term="%s"/><arxiv:comment>%s</arxiv:comment>'
        '<arxiv:journal_ref>%s</arxiv:journal_ref>'
        '<author><name>Ann Author</name></author></entry>' % (
            escape(pid), e.get("version", 1), escape(e["title"]),
            escape(e.get("abstract", "An abstract.")), escape(e.get("published", "2026-04-20")),
            cats, escape(e["categories"].split()[0]), escape(e.get("comments", "")),
            escape(e.get("journal_ref", ""))))


def atom_feed(entries, total):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">'
            '<title>arXiv Query</title>'
            '<opensearch:totalResults>%d</opensearch:totalResults>'
            '<opensearch:startIndex>0</opensearch:startIndex>%s</feed>' % (total, "".join(entries)))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="application/xml", headers=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        slow = self.faults.get("slow", 0)
        if slow:
            time.sleep(slow)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        st = self.server.state
        came = time.time()
        with st.lock:
            st.inflight += 1
            inflight = st.inflight
        try:
            self.faults = st.faults()
            self.route()
        finally:
            with st.lock:
                st.inflight -= 1
            with st.lock, open(os.path.join(st.args.dir, "requests.log"), "a",
                               encoding="utf-8") as log:
                log.write(json.dumps({"path": self.path, "came": came, "sent": time.time(),
                                      "inflight": inflight, "pid": os.getpid()}) + "\n")

    def route(self):
        url = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        d = self.server.state.args.dir
        if url.path.startswith("/rss/"):
            try:
                with open(os.path.join(d, "feed.xml"), encoding="utf-8") as f:
                    body = f.read()
            except FileNotFoundError:
                body = EMPTY_FEED
            fault = self.faults.get("feed")
            if fault == "cut":
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if fault == "html":
                self.send(200, "<!DOCTYPE html><html><body>Service unavailable</body></html>",
                          "text/html")
                return
            if fault == "doctype":
                body = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                        + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10)
                                  for i in range(9))
                        + ']><rss version="2.0"><channel><item><title>&j;</title>'
                        '</item></channel></rss>')
            if fault == "deep":
                body = '<rss version="2.0">' + "<a>" * 100000 + "</a>" * 100000 + "</rss>"
            if fault == "huge":
                body = ('<rss version="2.0"><channel><pubDate>Mon, 04 May 2026 00:00:00 -0400'
                        '</pubDate><item><guid>oai:arXiv.org:2605.00001v1</guid><title>'
                        + "long " * (2 << 20) + "</title></item></channel></rss>")
            self.send(200, body, "application/rss+xml")
        elif url.path == "/oai":
            self.oai(q, d)
        elif url.path == "/api/query":
            self.api(q, d)
        else:
            self.send(404, "not found", "text/plain")

    def oai(self, q, d):
        st = self.server.state
        n = st.count("oai")
        if n <= self.faults.get("oai_503", 0):
            self.send(503, "<html>busy</html>", "text/html", [("Retry-After", "1")])
            return
        page_size = self.faults.get("page", 2)
        if "resumptionToken" in q:
            try:
                set_, from_, start = q["resumptionToken"].split("|")
                start = int(start)
            except ValueError:
                self.send(200, OAI_HEAD + '<error code="badResumptionToken">bad</error>'
                          '</OAI-PMH>')
                return
        elif q.get("verb") == "ListRecords" and q.get("metadataPrefix") == "arXivRaw":
            set_, from_, start = q.get("set", ""), q.get("from", "0000-00-00"), 0
        else:
            self.send(200, OAI_HEAD + '<error code="badArgument">bad</error></OAI-PMH>')
            return
        if start // page_size >= self.faults.get("oai_fail_from", 1 << 30):
            self.send(500, "<html>broken</html>", "text/html")
            return
        records = [r for r in load(os.path.join(d, "oai.json"), [])
                   if r.get("set", "cs") == set_ and r["datestamp"] >= from_]
        if not records:
            self.send(200, OAI_HEAD + '<error code="noRecordsMatch">none</error></OAI-PMH>')
            return
        page = records[start:start + page_size]
        more = start + page_size < len(records)
        token = ('<resumptionToken cursor="%d" completeListSize="%d">%s|%s|%d'
                 '</resumptionToken>' % (start, len(records), escape(set_), escape(from_),
                                         start + page_size)
                 if more else '<resumptionToken cursor="%d" completeListSize="%d"/>'
                 % (start, len(records)))
        self.send(200, OAI_HEAD + "<ListRecords>" + "".join(raw_record(r) for r in page) +
                  token + "</ListRecords></OAI-PMH>")

    def api(self, q, d):
        st = self.server.state
        ids = [i for i in q.get("id_list", "").split(",") if i]
        if st.count("api") <= self.faults.get("api_empty", 0):
            self.send(200, atom_feed([], len(ids)), "application/atom+xml")
            return
        known = load(os.path.join(d, "api.json"), {})
        entries = [atom_entry(i, known[i]) for i in ids if i in known]
        self.send(200, atom_feed(entries, len(entries)), "application/atom+xml")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    tmp = os.path.join(args.dir, "server.port.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, os.path.join(args.dir, "server.port"))
    threading.Timer(args.lifetime, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
