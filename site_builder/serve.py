"""`site-builder serve`: build, serve on loopback, rebuild and reload open pages on change.

The preview is built into `.cache/preview/` (never into `_site/`, which stays the last site
you built on purpose) through the same incremental build as `site-builder build`, without the
search index (deferred: `build` makes it). `ProjectWatcher` is told of changes to the
project's files by the system, waits until a burst of saves has settled, rebuilds, and has
livereload reload the open pages. A failed rebuild keeps the last good
preview served; its errors are printed and shown as an overlay on every page until fixed.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from site_builder.build import CACHE_FOLDER, BuildOptions, BuildResult, build
from site_builder.cache import save_pending
from site_builder.config import CONFIG_FILE, SiteConfig, load_config
from site_builder.diagnostics import BuildError, Diagnostic

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
"""How often the project's files are looked at where the system cannot say they changed."""
SETTLE_SECONDS = 0.05
"""Saves closer together than this (an editor writing several files) make one rebuild."""
CATCH_UP_SECONDS = 0.5
"""When to look for changes made during the first build (the watcher is running by then)."""
SAVE_SECONDS = 2.0
"""The cache index is written once rebuilds have paused for this long (and on exit)."""

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(slots=True)
class PreviewState:
    """What the preview server knows between rebuilds."""

    root: Path
    """The project."""
    output: Path
    """The preview folder."""
    errors: tuple[Diagnostic, ...] = field(default_factory=tuple)
    """Problems of the last rebuild, shown as an overlay; empty when it succeeded."""

    def rebuild(self) -> BuildResult | None:
        """Build the preview again; remember and report errors instead of raising."""
        try:
            config = load_config(self.root)
            result = build(config, BuildOptions(output=self.output, search=False, save_later=True))
        except BuildError as error:
            self.errors = error.diagnostics
            for item in error.diagnostics:
                logger.error(item.format())
            logger.error("Build failed; still serving the last good preview.")
            return None
        self.errors = ()
        rendered = result.rendered
        logger.warning(
            "Rebuilt in %.2f s (%d of %d documents rendered)",
            result.seconds,
            rendered,
            result.documents,
        )
        return result


def preview_app(state: PreviewState) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """A WSGI app serving the preview folder, with the error overlay when a build failed."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = _resolve(state.output, str(environ.get("PATH_INFO", "/")))
        if path is None:
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            missing = state.output / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"<h1>Not found</h1>"
            return [_with_overlay(body, state.errors)]
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = _with_overlay(body, state.errors)
            kind += "; charset=utf-8"
        start_response(
            "200 OK",
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    return app


def _resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside `root` (directories serve index.html), or None."""
    relative = Path(url_path.lstrip("/"))
    if ".." in relative.parts:
        return None
    candidate = root / relative
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _with_overlay(body: bytes, errors: tuple[Diagnostic, ...]) -> bytes:
    if not errors:
        return body
    items = "".join(f"<li>{html.escape(item.format())}</li>" for item in errors)
    overlay = (
        '<div id="site-builder-error" role="alert" style="position:fixed;inset:0 0 auto 0;'
        "z-index:2147483647;max-height:60vh;overflow:auto;background:#7a1010;color:#fff;"
        'font:14px/1.5 monospace;padding:1rem 1.5rem;box-shadow:0 2px 8px #0008">'
        "<strong>The last rebuild failed; this page is the last good version.</strong>"
        f"<ul>{items}</ul></div>"
    ).encode()
    marker = body.find(b"<body")
    if marker < 0:
        return overlay + body
    end = body.find(b">", marker) + 1
    return body[:end] + overlay + body[end:]


class ProjectWatcher(Watcher):  # type: ignore[misc]
    """livereload's watcher, replaced by one that sees a save at once.

    livereload's own watcher polls every 0.8 s and ignores changes within 3 s of the last
    reload; an editor expects to see a save within half a second. This one is told of
    changes by the system (inotify, through `watchfiles`), rebuilds once a burst of them has
    been quiet for `SETTLE_SECONDS`, then tells the connected pages to reload. Where the
    system cannot tell, it looks at every file every `POLL_SECONDS` instead (at 5,000
    documents, such polling kept a third of a core busy while nothing happened).
    """

    def __init__(self, paths: tuple[Path, ...], rebuild: Callable[[], object]) -> None:
        super().__init__()
        self.paths = paths
        self.rebuild = rebuild
        self.state = self.scan()
        self.changed_at: float | None = None
        self.pending: list[str] = []
        """Files the poll saw change, not yet rebuilt for."""
        self.save: object | None = None
        """The pending save of the cache index (`save_now`), if any."""
        self.stop = threading.Event()
        """Set to end the watching thread."""
        # livereload checks that some task is registered before starting its watcher.
        self._tasks: dict[str, dict[str, object]] = {str(path): {} for path in paths}

    def start(self, callback: Callable[[], None]) -> bool:
        """Start watching; True tells livereload not to start its own, slower, poll."""
        loop = IOLoop.current()
        threading.Thread(target=self.watch, args=(loop,), name="watch", daemon=True).start()
        # What changed while the first build ran, before the thread was watching.
        loop.call_later(CATCH_UP_SECONDS, self.poll)
        return True

    def watch(self, loop: IOLoop) -> None:
        """In a thread: hand each settled burst of changes to the server's loop."""
        try:
            import watchfiles

            for changes in watchfiles.watch(
                *self.paths,
                step=int(SETTLE_SECONDS * 1000),
                stop_event=self.stop,
                raise_interrupt=False,
            ):
                loop.add_callback(self.changed, sorted(path for _change, path in changes))
        except Exception as error:  # no watchfiles, or the system refused (watch limits)
            if not self.stop.is_set():
                logger.warning("Watching by polling every %.1f s (%s)", POLL_SECONDS, error)
                loop.add_callback(PeriodicCallback(self.poll, POLL_SECONDS * 1000).start)

    def changed(self, paths: list[str]) -> None:
        """Rebuild, reload the open pages, and save the cache index once rebuilds pause."""
        self.filepath = paths[0] if paths else ""
        self.rebuild()
        LiveReloadHandler.reload_waiters()
        loop = IOLoop.current()
        if self.save is not None:
            loop.remove_timeout(self.save)
        self.save = loop.call_later(SAVE_SECONDS, self.save_now)

    def examine(self) -> tuple[None, None]:
        """Nothing for livereload's poll: changes are handled by `poll`."""
        return None, None

    def scan(self) -> dict[str, tuple[int, int]]:
        """The modification time and size of every watched file."""
        state: dict[str, tuple[int, int]] = {}
        for path in self.paths:
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
                continue
            for folder, _dirs, files in os.walk(path):
                for name in files:
                    full = os.path.join(folder, name)
                    try:
                        stat = os.stat(full)
                    except OSError:
                        continue
                    state[full] = (stat.st_mtime_ns, stat.st_size)
        return state

    def poll(self) -> None:
        """Look at every file; once changes have settled, handle them (`changed`)."""
        current = self.scan()
        now = time.monotonic()
        if current != self.state:
            changed = set(current.items()) ^ set(self.state.items())
            self.pending = sorted(path for path, _ in changed)
            self.state, self.changed_at = current, now
            IOLoop.current().call_later(SETTLE_SECONDS, self.poll)
            return
        if self.changed_at is not None and now - self.changed_at >= SETTLE_SECONDS:
            self.changed_at = None
            self.changed(self.pending)

    def save_now(self) -> None:
        """Save the cache index the rebuilds kept in memory."""
        self.save = None
        save_pending()


def serve(config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build the preview, serve it with live reload until interrupted."""
    state = PreviewState(config.root, config.root / CACHE_FOLDER / "preview")
    watched = tuple(
        path
        for path in (
            config.content_path,
            config.root / "templates",
            config.root / "static",
            config.root / CONFIG_FILE,
        )
        if path.exists()
    )
    # The watcher looks at the files before the first build: a save during it is not missed.
    watcher = ProjectWatcher(watched, state.rebuild)
    state.rebuild()
    save_pending()
    # The renderer now, not on the first save (a build that renders nothing does not load it).
    import site_builder.pages
    import site_builder.render  # noqa: F401

    server = Server(app=preview_app(state), watcher=watcher)
    logger.warning("Serving the preview on http://%s:%d/ (Ctrl-C to stop)", host, port)
    # A terminal closed or a `kill` stops the server like Ctrl-C, so the index is saved.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _interrupt)
    try:
        server.serve(host=host, port=port, debug=False, restart_delay=0)
    finally:
        save_pending()


def _interrupt(number: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(number).name)
