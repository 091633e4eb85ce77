#!/usr/bin/python3
"""A stand-in for the Hugging Face Papers API, for papyr's end-to-end tests.

Serves GET /api/daily_papers?date=D&limit=N&p=K (or month=YYYY-MM: the
month's days together) from per-day fixture files
(DAYS/D.json; a day without a file is an empty list, like a weekend), a page
of `limit` entries at a time, gzip-compressed when the client accepts it.
A bad or future date gets 400 {"error": ...}, as the real API answers.

Faults are injected per day from DIR/faults.json, read again on every
request (its counters restart whenever its text changes):

    {"2026-07-13": {"fault": "500", "times": 1, "page": 0}, ...}

"times" (default: always) is how many requests get the fault, "page" (default:
any) which page. Faults: 429 (Retry-After), ratelimit (429 with only a
RateLimit header), 500, stall (answers after "seconds", default 8), cut
(Content-Length larger than what is sent, then close), html503, object (an
object instead of a list), title_number (a paper whose title is a number),
title_long (a paper whose title is 3000 bytes long), titles_long (every one),
badjson, error400 ("message"), huge (says 40 MiB, then streams).
A day with the fault overlap pages with each page starting on the last
paper of the one before. Hostile sizes: tiny (one page of "count" tiny papers, default a million,
made as it is sent), full (every page holds exactly `limit` papers with
abstracts of "size" bytes, default 60000, so the day never ends). A tiny
page sent whole is logged as a request of path "sent".

Also serves paper pages, /api/papers/ID, from PAGES/ID.json (404 when
there is none; PAGES/ID.fault holding 500 or stall makes it fail), and full
texts, /papers/ID.md, from PAGES/ID.md (--pages, default DIR/pages).
Also serves files for the download API under /files/, redirects under
/redirect/, slow answers under /delay/MS, and hostile headers under
/headers/ (huge: one header of 200 KB; large: 80 KB of headers; many:
100,000 headers; continues: 100,000 interim answers before the real one). With --tls it
serves the same over https too, with a self-signed certificate made at start
(DIR/tls.pem; its port in DIR/server.tls_port), where /redirect/plain points
at the plain http port. Every request is appended to DIR/requests.log as a JSON line.
Binds 127.0.0.1 on a free port, written to DIR/server.port, and exits by
itself after --lifetime seconds. Standard library only.
"""
import argparse
import datetime
import gzip
import json
import os
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>503 Service Temporarily "
             b"Unavailable</title></head><body><h1>503 Service Temporarily "
             b"Unavailable</h1></body></html>\n")


def pdf_bytes(n):
    head = b"%PDF-1.4\n% papyr test file\n"
    body = bytes((i * 7 + 3) % 251 for i in range(n - len(head)))
    return head + body


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.faults_text = None
        self.faults = {}
        self.counts = {}
        self.file_counts = {}
        self.inflight = 0
        self.pdf = pdf_bytes(300 * 1024)

    def fault_for(self, day, page):
        """The fault this request gets, counting it; None for none."""
        path = os.path.join(self.args.dir, "faults.json")
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            text = ""
        with self.lock:
            if text != self.faults_text:
                self.faults_text = text
                self.faults = json.loads(text) if text.strip() else {}
                self.counts = {}
            spec = self.faults.get(day)
            if not spec:
                return None
            if "page" in spec and spec["page"] != page:
                return None
            n = self.counts.get(day, 0)
            if "times" in spec and n >= spec["times"]:
                return None
            self.counts[day] = n + 1
            return spec

    def log(self, entry):
        with self.lock:
            with open(os.path.join(self.args.dir, "requests.log"), "a",
                      encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    server_version = "papyr-fixture/1"

    def log_message(self, fmt, *args):
        pass

    # ---- sending ----

    def send(self, status, body, ctype="application/json; charset=utf-8",
             headers=None, compress=True):
        if compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers = dict(headers or {}, **{"Content-Encoding": "gzip"})
        self.answered()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_json(self, status, value, headers=None):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.send(status, text.encode(), headers=headers)

    def hang_up(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---- routes ----

    def do_GET(self):
        st = self.server.state
        with st.lock:
            st.inflight += 1
            inflight = st.inflight
        self.counted = True
        try:
            self.route(inflight)
        finally:
            self.answered()

    def answered(self):
        """Counts this request out of "inflight": before its answer is sent,
        so a client that starts the next one at once is not counted twice."""
        if self.counted:
            self.counted = False
            with self.server.state.lock:
                self.server.state.inflight -= 1

    def route(self, inflight):
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        st = self.server.state
        st.log({
            "path": url.path, "query": q,
            "auth": self.headers.get("Authorization"),
            "ua": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
            "inflight": inflight,
        })
        if url.path.startswith("/delay/"):
            time.sleep(int(url.path[len("/delay/"):]) / 1000)
            return self.send_json(200, {"slept": url.path[len("/delay/"):]})
        if url.path == "/api/daily_papers":
            return self.daily(q)
        if url.path.startswith("/api/papers/"):
            return self.paper_page(url.path[len("/api/papers/"):])
        if url.path.startswith("/papers/") and url.path.endswith(".md"):
            return self.full_text(url.path[len("/papers/"):-len(".md")])
        if url.path.startswith("/files/"):
            return self.files(url.path[len("/files/"):])
        if url.path.startswith("/redirect/"):
            return self.redirect(url.path[len("/redirect/"):])
        if url.path.startswith("/headers/"):
            return self.hostile_headers(url.path[len("/headers/"):])
        self.send_json(404, {"error": "Not Found"})

    def page_file(self, name):
        """The path of PAGES/name, or None for a name that is no arXiv id's."""
        stem = name.split(".")
        if not all(part.isdigit() for part in stem[:2]) or "/" in name or ".." in name:
            return None
        return os.path.join(self.server.state.args.pages, name)

    def paper_page(self, pid):
        """/api/papers/ID from PAGES/ID.json; 404 as the API answers when
        there is none. A PAGES/ID.fault file holds a fault (500, stall)."""
        path = self.page_file(pid + ".json")
        fault = self.page_file(pid + ".fault")
        if fault and os.path.exists(fault):
            with open(fault, encoding="utf-8") as f:
                kind = f.read().strip()
            if kind == "stall":
                time.sleep(8)
            return self.send(500, b"Internal Server Error\n", ctype="text/plain")
        if not path or not os.path.exists(path):
            return self.send_json(404, {"error": "Paper not found"})
        with open(path, "rb") as f:
            self.send(200, f.read())

    def full_text(self, pid):
        """/papers/ID.md from PAGES/ID.md, as text/markdown; 404 otherwise."""
        path = self.page_file(pid + ".md")
        if not path or not os.path.exists(path):
            return self.send(404, b"Not Found\n", ctype="text/plain")
        with open(path, "rb") as f:
            self.send(200, f.read(), ctype="text/markdown; charset=utf-8")

    def month(self, q):
        """month=YYYY-MM: every day of the month from DAYS (newest first, as
        the API lists), paged like a day; faults keyed by the month."""
        st = self.server.state
        month = q["month"]
        try:
            datetime.date.fromisoformat(month + "-01")
        except ValueError:
            return self.send_json(400, {"error": "Invalid month format, expected YYYY-MM"})
        try:
            limit = int(q.get("limit", "50"))
            page = int(q.get("p", "0"))
        except ValueError:
            return self.send_json(400, {"error": "Invalid pagination"})
        if not 1 <= limit <= 100 or page < 0:
            return self.send_json(400, {"error": "limit must be between 1 and 100"})
        entries = []
        for name in sorted(os.listdir(st.args.days), reverse=True):
            if name.startswith(month + "-") and name.endswith(".json"):
                with open(os.path.join(st.args.days, name), encoding="utf-8") as f:
                    entries += json.load(f)
        spec = st.fault_for(month, page)
        entries = entries[page * limit:page * limit + limit]
        if spec:
            return self.fault(spec, entries)
        self.send_json(200, entries)

    def daily(self, q):
        st = self.server.state
        if "month" in q:
            return self.month(q)
        day = q.get("date", "")
        try:
            when = datetime.date.fromisoformat(day)
        except ValueError:
            return self.send_json(400, {"error": "Invalid date format, expected YYYY-MM-DD"})
        if when > datetime.datetime.now(datetime.timezone.utc).date():
            return self.send_json(400, {"error": "Date cannot be in the future"})
        try:
            limit = int(q.get("limit", "50"))
            page = int(q.get("p", "0"))
        except ValueError:
            return self.send_json(400, {"error": "Invalid pagination"})
        if not 1 <= limit <= 100 or page < 0:
            return self.send_json(400, {"error": "limit must be between 1 and 100"})
        path = os.path.join(st.args.days, day + ".json")
        entries = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                entries = json.load(f)
        spec = st.fault_for(day, page)
        # overlap: each page starts with the last paper of the page before,
        # as when the list moves between two requests
        step = limit - 1 if spec and spec["fault"] == "overlap" and limit > 1 else limit
        entries = entries[page * step:page * step + limit]
        if spec and spec["fault"] != "overlap":
            return self.fault(spec, entries)
        self.send_json(200, entries, headers={"ETag": 'W/"%s-%d"' % (day, page)})

    def fault(self, spec, entries):
        kind = spec["fault"]
        body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
        if kind == "429":
            self.send_json(429, {"error": "Too many requests"},
                           headers={"Retry-After": str(spec.get("retry_after", 1))})
        elif kind == "ratelimit":
            self.send_json(429, {"error": "Too many requests"}, headers={
                "RateLimit": '"api";r=0;t=%s' % spec.get("t", 1),
                "RateLimit-Policy": '"fixed window";"api";q=500;w=300'})
        elif kind == "500":
            self.send(500, b"Internal Server Error\n", ctype="text/plain")
        elif kind == "stall":
            time.sleep(spec.get("seconds", 8))
            self.send(200, body)
        elif kind == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.hang_up()
        elif kind == "html503":
            self.send(503, HTML_PAGE, ctype="text/html")
        elif kind == "object":
            self.send_json(200, {"papers": entries})
        elif kind == "title_number":
            bad = json.loads(body) or [{"paper": {
                "id": "2607.00001", "title": "x", "summary": "", "authors": []}}]
            bad[0]["paper"]["title"] = 42
            self.send_json(200, bad)
        elif kind in ("title_long", "titles_long"):
            bad = json.loads(body)
            for e in bad if kind == "titles_long" else bad[:1]:
                e["paper"]["title"] = "x" * 3000
            self.send_json(200, bad)
        elif kind == "badjson":
            self.send(200, b'[{"paper": {"id": "2607.07673", "title": "x",,}]')
        elif kind == "error400":
            self.send_json(400, {"error": spec.get("message", "Bad request")})
        elif kind == "huge":
            self.stream(40 << 20, b" ")
        elif kind == "tiny":
            self.tiny(spec.get("count", 1000000))
        elif kind == "full":
            self.full(spec.get("size", 60000))
        else:
            self.send_json(500, {"error": "unknown fault " + kind})

    def stream(self, length, byte, chunk=1 << 16, pause=0.0):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        sent = 0
        try:
            while sent < length:
                n = min(chunk, length - sent)
                self.wfile.write(byte * n if len(byte) == 1 else byte[sent:sent + n])
                sent += n
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def tiny(self, count):
        """A list of count papers of 31 bytes each, a chunk at a time."""
        def entry(i):
            return b'{"id":"%04d.%05d","title":"t"}' % (2001 + i // 100000, i % 100000)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(2 + 32 * count - (1 if count else 0)))
        self.end_headers()
        try:
            self.wfile.write(b"[")
            for start in range(0, count, 10000):
                chunk = b",".join(entry(i) for i in range(start, min(count, start + 10000)))
                self.wfile.write((b"," if start else b"") + chunk)
            self.wfile.write(b"]")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        self.server.state.log({"path": "sent", "query": {}})

    def full(self, size):
        """A page of exactly `limit` papers with long abstracts, ids new on
        every page."""
        q = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        limit, page = int(q["limit"]), int(q["p"])
        words = ("full page %d " % page) * (size // 12 + 1)
        entries = [{"paper": {"id": "2101.%05d" % ((page * limit + k) % 100000),
                              "title": "Full page paper %d" % (page * limit + k),
                              "summary": words[:size], "authors": []}}
                   for k in range(limit)]
        body = json.dumps(entries, separators=(",", ":")).encode()
        self.send(200, body, compress=False)

    def files(self, name):
        st = self.server.state
        with st.lock:
            n = st.file_counts.get(name, 0)
            st.file_counts[name] = n + 1
        if name == "paper.pdf":
            return self.send(200, st.pdf, ctype="application/pdf", compress=False)
        if name == "flaky.pdf" and n == 0:
            return self.send(503, HTML_PAGE, ctype="text/html")
        if name == "flaky.pdf":
            return self.send(200, st.pdf, ctype="application/pdf", compress=False)
        if name == "page.pdf":  # a login wall: HTML with 200 at a PDF's address
            return self.send(200, b"<!DOCTYPE html>\n<html><body>Sign in</body></html>\n",
                             ctype="text/html; charset=utf-8")
        if name == "slow.pdf":
            return self.stream(len(st.pdf), st.pdf, chunk=4096, pause=0.05)
        if name == "huge.bin":
            return self.stream(600 << 20, b"\0")
        self.send_json(404, {"error": "Not Found"})

    def redirect(self, name):
        where = {
            "ok": "/files/paper.pdf",
            "loop": "/redirect/loop",
            "file": "file:///etc/passwd",
            # the same server under another host name
            "elsewhere": "http://localhost:%d/delay/0" % self.server.server_address[1],
            # from https down to plain http
            "plain": "http://127.0.0.1:%d/delay/0" % self.server.state.plain_port,
        }.get(name)
        if not where:
            return self.send_json(404, {"error": "Not Found"})
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def hostile_headers(self, name):
        if name not in ("huge", "large", "many", "continues"):
            return self.send_json(404, {"error": "Not Found"})
        head = [b"HTTP/1.1 200 OK\r\n", b"Content-Type: application/json\r\n",
                b"Content-Length: 2\r\n"]
        if name == "huge":
            head.append(b"X-Huge: " + b"h" * (200 * 1024) + b"\r\n")
        elif name == "large":
            head.extend(b"X-Large-%d: " % i + b"l" * 4096 + b"\r\n" for i in range(20))
        elif name == "many":
            head.extend(b"X-Many-%d: v\r\n" % i for i in range(100000))
        else:
            head.insert(0, b"HTTP/1.1 100 Continue\r\n\r\n" * 100000)
        self.close_connection = True
        try:
            self.wfile.write(b"".join(head) + b"\r\n[]")
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve_tls(args, state):
    """The same routes over https, with a certificate made for 127.0.0.1."""
    pem = os.path.join(args.dir, "tls.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", pem + ".key", "-out", pem, "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pem, pem + ".key")
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.state = state
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    port_file = os.path.join(args.dir, "server.tls_port")
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(port_file + ".tmp", port_file)
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True, help="port file, request log, faults")
    ap.add_argument("--days", required=True, help="folder of DAY.json fixtures")
    ap.add_argument("--lifetime", type=float, default=120, help="seconds before exiting")
    ap.add_argument("--pages", help="folder of paper pages (ID.json) and full texts "
                    "(ID.md); default DIR/pages")
    ap.add_argument("--tls", action="store_true", help="serve https too")
    args = ap.parse_args()
    args.pages = args.pages or os.path.join(args.dir, "pages")
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    srv.state.plain_port = srv.server_address[1]
    if args.tls:
        serve_tls(args, srv.state)
    port_file = os.path.join(args.dir, "server.port")
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(port_file + ".tmp", port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
