"""A static file server for 127.0.0.1 that gzips text responses, the way GitHub Pages serves a site.

Used by the bench scripts, and by the test suite for plain files (QuietHandler, free_port); runnable on its own:
python bench/gzip_server.py SITE_DIR [PORT]
"""
from __future__ import annotations

import functools
import gzip
import http.server
import socket
import sys
import threading
from pathlib import Path

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet: benches and tests print their own output
        pass


class GzipHandler(QuietHandler):
    """Serves files from `directory`; text types gzip-compressed when the client accepts it; 404.html for misses."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes() if path.is_file() else b"Not found"
        ctype = self.guess_type(str(path))
        compress = ctype.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)


GzipHandler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                              ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(directory: Path, port: int, compress: bool = True) -> http.server.ThreadingHTTPServer:
    """Start serving in a daemon thread; call .shutdown() on the result to stop."""
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    site, port = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    print(f"serving {site} gzip-compressed on http://127.0.0.1:{port}/ (Ctrl+C stops)")
    serve(site, port)
    threading.Event().wait()
