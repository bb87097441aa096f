"""Serve a built site over HTTP on 127.0.0.1, as a browser would see it deployed."""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePath
from typing import Any

# Fixed here rather than taken from /etc/mime.types, which differs between machines: browsers
# refuse ES modules unless they are served as JavaScript.
_MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler with fixed MIME types and no request log on stderr."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return _MIME_TYPES.get(PurePath(path).suffix.lower()) or super().guess_type(path)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: the tests assert on what the browser saw, not on the log."""


@contextmanager
def serve_directory(path: Path) -> Iterator[str]:
    """Serve ``path`` on a free port of 127.0.0.1 and yield its base URL (no trailing slash)."""
    handler = partial(_QuietHandler, directory=str(path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {path}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
