#!/usr/bin/env python3
"""Test server for tests/unit/test_http.c (standard library only).

Usage: http_server.py CERT KEY

Listens on 127.0.0.1, ephemeral ports, and prints one line on stdout:
"HTTPS-PORT HTTP-PORT STALL-PORT". The HTTPS and HTTP servers answer the
same paths; the stall port accepts TCP connections and never answers (a TLS
handshake there never finishes). Exits when stdin reaches end of file (the
test is gone) or after two minutes.

Paths:
  /ok                201, JSON body, a few headers
  /retry-after?s=V   429 with "Retry-After: V" (V as given)
  /retry-after-neg   429 with "Retry-After: -5"
  /retry-after-date  429 with Retry-After 100 s from now, as an HTTP date
  /slow?ms=N         reads the request, sleeps N ms (default 4000), answers
  /drop              reads the request, closes without answering
  /big               2 MiB body with Content-Length
  /big-nolen         2 MiB body, no Content-Length, ends at close
  /big-headers       80 headers of 1000 bytes each
  /redirect          302 to /ok
  /echo              text/plain: method and path, the headers as received
                     ("Name: value" lines), an empty line, the body
  /sleep?ms=N        sleeps N ms, counting requests in progress, in all
                     and by Host header
  /stats             "requests=R max=M drop=D hostmax=H": requests seen
                     (not counting /stats), the most /sleep at once since
                     the last /stats, /drop requests seen, the most /sleep
                     at once with one Host header since the last /stats
"""

import email.utils
import http.server
import socket
import ssl
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
STATS = {"requests": 0, "current": 0, "max": 0, "drop": 0, "hostmax": 0}
BY_HOST = {}    # Host header: /sleep requests in progress


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 15

    def log_message(self, fmt, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def answer(self, status, body, ctype="text/plain", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        path = url.path
        data = self.body()
        if path != "/stats":
            with LOCK:
                STATS["requests"] += 1
        if path == "/ok":
            self.answer(201, b'{"id":"42","ok":true}', "application/json",
                        [("X-Mixed-Case", "  spaced value \t"),
                         ("X-Empty", "")])
        elif path == "/retry-after":
            self.answer(429, b"slow down", extra=[
                ("Retry-After", q.get("s", [""])[0])])
        elif path == "/retry-after-neg":
            self.answer(429, b"slow down", extra=[("Retry-After", "-5")])
        elif path == "/retry-after-date":
            when = email.utils.formatdate(time.time() + 100, usegmt=True)
            self.answer(503, b"later", extra=[("Retry-After", when)])
        elif path == "/slow":
            time.sleep(int(q.get("ms", ["4000"])[0]) / 1000)
            try:
                self.answer(200, b"late")
            except OSError:
                pass
        elif path == "/drop":
            with LOCK:
                STATS["drop"] += 1
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif path == "/big":
            self.answer(200, b"x" * (2 * 1024 * 1024))
        elif path == "/big-nolen":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(32):
                    self.wfile.write(b"y" * 65536)
            except OSError:
                pass
        elif path == "/big-headers":
            self.answer(200, b"many", extra=[
                ("X-Filler-%d" % i, "z" * 1000) for i in range(80)])
        elif path == "/redirect":
            self.answer(302, b"moved", extra=[("Location", "/ok")])
        elif path == "/echo":
            out = "%s %s\n" % (self.command, self.path)
            for name, value in self.headers.items():
                out += "%s: %s\n" % (name, value)
            self.answer(200, out.encode("latin-1") + b"\n" + data)
        elif path == "/sleep":
            host = self.headers.get("Host", "")
            with LOCK:
                STATS["current"] += 1
                STATS["max"] = max(STATS["max"], STATS["current"])
                BY_HOST[host] = BY_HOST.get(host, 0) + 1
                STATS["hostmax"] = max(STATS["hostmax"], BY_HOST[host])
            time.sleep(int(q.get("ms", ["300"])[0]) / 1000)
            with LOCK:
                STATS["current"] -= 1
                BY_HOST[host] -= 1
            self.answer(200, b"slept")
        elif path == "/stats":
            with LOCK:
                s = "requests=%d max=%d drop=%d hostmax=%d" % (
                    STATS["requests"], STATS["max"], STATS["drop"],
                    STATS["hostmax"])
                STATS["max"] = 0
                STATS["hostmax"] = 0
            self.answer(200, s.encode())
        else:
            self.answer(404, b"no such path")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64     # the default 5 drops concurrent connects
    tls = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the request's own thread, so a
        # client that fails it (or never does it) holds up nobody else.
        if self.tls is not None:
            request.settimeout(15)
            request = self.tls.wrap_socket(request, server_side=True)
        self.RequestHandlerClass(request, client_address, self)

    def handle_error(self, request, client_address):
        pass


def serve(server):
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()


def stall(sock):
    held = []
    while True:
        conn, _ = sock.accept()
        held.append(conn)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: http_server.py CERT KEY")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    https = Server(("127.0.0.1", 0), Handler)
    https.tls = ctx
    plain = Server(("127.0.0.1", 0), Handler)
    st = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    st.bind(("127.0.0.1", 0))
    st.listen(16)
    serve(https)
    serve(plain)
    threading.Thread(target=stall, args=(st,), daemon=True).start()
    print("%d %d %d" % (https.server_address[1], plain.server_address[1],
                        st.getsockname()[1]), flush=True)
    # Ends with the test: stdin is a pipe from it.
    done = threading.Event()

    def watch():
        sys.stdin.buffer.read()
        done.set()

    threading.Thread(target=watch, daemon=True).start()
    done.wait(120)


if __name__ == "__main__":
    main()
