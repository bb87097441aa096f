"""A snapshot opened from a folder or USB stick: file://, no network, everything works.

The fixture site is kept as a snapshot by the real command line, and its `data/index.html` is
opened in Chromium from `file://` with every request that is not a local file aborted and
recorded. A reader must get from the index to a reading page by clicking, see its passages,
open a note popover and switch views, and no request may leave the snapshot.
"""

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from tests.support import REPO_ROOT, copy_project

pytestmark = pytest.mark.browser

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "sites" / "basic"
LABEL = "offline-test"
DATE = "2023-11-14"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def snapshot_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site's snapshot; returns its `data/` folder (the site)."""
    out = tmp_path_factory.mktemp("snapshots")
    project = copy_project(FIXTURE, out.parent)
    command = [sys.executable, "-m", "site_builder", "snapshot", "--project", str(project)]
    result = subprocess.run(
        [*command, "--out", str(out), "--label", LABEL],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.returncode == 0, result.stderr
    return out / LABEL / "data"


@dataclass
class OfflinePage:
    """A page whose every non-local request is aborted and recorded."""

    page: Page
    requests: list[str] = field(default_factory=list)
    """Every URL the page asked for, local or not."""
    blocked: list[str] = field(default_factory=list)
    """URLs that would have left the snapshot (aborted)."""
    console_errors: list[str] = field(default_factory=list)
    """Console errors and uncaught exceptions."""


@pytest.fixture
def offline(browser: Browser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    state = OfflinePage(page)

    def block_network(route: Route) -> None:
        state.blocked.append(route.request.url)
        route.abort("internetdisconnected")

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            state.console_errors.append(f"{message.text} (at {message.location.get('url')})")

    # file:// is not routed by Playwright; everything that is routed leaves the snapshot.
    context.route(re.compile(r"^(?!file:|data:|blob:|about:).*"), block_network)
    page.on("request", lambda request: state.requests.append(request.url))
    page.on("console", record_console)
    page.on("pageerror", lambda error: state.console_errors.append(f"uncaught {error}"))
    yield state
    context.close()


def test_a_reader_goes_from_the_index_to_a_passage_with_the_network_blocked(
    offline: OfflinePage, snapshot_site: Path
) -> None:
    page = offline.page
    page.goto((snapshot_site / "index.html").as_uri())
    page.locator('a[href$="texts/party-conduct/index.html"]').first.click()

    expect(page).to_have_url(re.compile(r"/texts/party-conduct/index\.html$"))
    expect(page.locator(".passage#p1 .translation")).to_be_visible()
    expect(page.locator(".passage#p1 .original[lang=zh-Hans]")).to_be_visible()
    assert page.locator(".passage").count() >= 3

    page.locator("a[role=doc-noteref]").first.click()
    expect(page.locator("[role=dialog]")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("[role=dialog]")).to_be_hidden()

    page.get_by_label("Translation", exact=True).check()
    expect(page.locator(".passage#p1 .original")).to_be_hidden()
    expect(page.locator(".passage#p1 .translation")).to_be_visible()
    page.get_by_label("Side by side").check()
    expect(page.locator(".passage#p1 .original")).to_be_visible()

    page.locator('a[href$="index.html"]').first.click()
    expect(page).to_have_url(re.compile(r"/data/index\.html$"))

    assert offline.blocked == [], f"requests left the snapshot: {offline.blocked}"
    leaving = [url for url in offline.requests if not url.startswith(LOCAL_SCHEMES)]
    assert leaving == []
    assert any(url.endswith("/static/js/reading.js") for url in offline.requests)


def test_every_link_of_the_snapshot_opens_a_file_inside_it(snapshot_site: Path) -> None:
    broken = []
    for page_path in sorted(snapshot_site.rglob("*.html")):
        html = page_path.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#?]+)', html):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            resolved = (page_path.parent / target).resolve()
            if not resolved.is_file() or snapshot_site.resolve() not in resolved.parents:
                broken.append(f"{page_path.relative_to(snapshot_site)}: {target}")
    assert broken == [], "links that do not open a file of the snapshot from file://"


def test_snapshot_pages_log_no_errors_from_file(offline: OfflinePage, snapshot_site: Path) -> None:
    for page_path in ("index.html", "texts/party-conduct/index.html"):
        offline.page.goto((snapshot_site / page_path).as_uri())
        offline.page.evaluate("0")
    assert offline.console_errors == [], (
        "from file://, Chromium refuses ES modules (type=module) and fetch(); scripts a "
        "snapshot needs must be classic scripts"
    )


def test_every_snapshot_page_shows_its_label_date_and_permanent_url(
    offline: OfflinePage, snapshot_site: Path
) -> None:
    for page_path in ("index.html", "texts/party-conduct/index.html"):
        offline.page.goto((snapshot_site / page_path).as_uri())
        footer = offline.page.locator("footer")
        expect(footer).to_contain_text(LABEL)
        expect(footer).to_contain_text(re.compile(rf"{DATE}|November 14, 2023"))
        url = "https://archive.example.org/" + page_path.removesuffix("index.html")
        expect(offline.page.locator(f'footer a[href="{url}"]')).to_be_visible()
