"""`site-builder serve` in real Chromium: a saved change reloads the open page; a broken
document shows an overlay while the server keeps serving the last good preview."""

import queue
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sites" / "basic"


def open_live(page: Page, url: str) -> None:
    """Open `url` and wait until its live-reload connection has greeted the server."""
    with page.expect_websocket() as connecting:
        page.goto(url)
    connecting.value.wait_for_event("framereceived")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def drain() -> None:  # keep reading, so that a full pipe never blocks the server
        assert server.stderr is not None
        for line in server.stderr:
            log.append(line)
            lines.put(line)
        lines.put("")

    threading.Thread(target=drain, daemon=True).start()
    while "Start watching changes" not in (line := lines.get(timeout=30)):
        assert line, "serve exited before serving:\n" + "".join(log)
    try:
        yield f"http://127.0.0.1:{port}", project, server
    finally:
        server.terminate()
        server.wait(timeout=10)
        print("".join(log))


@pytest.mark.browser
def test_a_saved_change_reloads_the_open_page(
    page: Page, preview: tuple[str, Path, subprocess.Popen[str]]
) -> None:
    url, project, _server = preview
    open_live(page, f"{url}/texts/lenin-and-the-guard/")
    expect(page.locator(".passage#p1")).to_contain_text("The statue of Lenin stands quietly.")
    document = project / "content" / "lenin-and-the-guard.md"
    document.write_text(document.read_text().replace("stands quietly", "stands in the rain"))
    expect(page.locator(".passage#p1")).to_contain_text("stands in the rain", timeout=15_000)


@pytest.mark.browser
def test_a_build_error_shows_an_overlay_and_the_server_keeps_running(
    page: Page, preview: tuple[str, Path, subprocess.Popen[str]]
) -> None:
    url, project, server = preview
    open_live(page, f"{url}/")
    expect(page.locator(".document-list")).to_contain_text("Lenin and the Guard")
    (project / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    overlay = page.locator("#site-builder-error")
    expect(overlay).to_be_visible(timeout=15_000)
    expect(overlay).to_contain_text("content/broken.md:2: error: malformed YAML")
    expect(page.locator(".document-list")).to_contain_text("Lenin and the Guard")
    assert server.poll() is None
    (project / "content" / "broken.md").unlink()
    expect(overlay).to_have_count(0, timeout=15_000)
