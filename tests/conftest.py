"""Fixtures shared by the whole suite.

- ``--update-golden`` and the ``update_golden`` fixture: rewrite golden files instead of
  comparing with them (``make update-golden``).
- ``built_demo_site``: the repository's own archive (``site.yaml`` + ``content/``), built once
  per session with the real command line.
- ``site_server``: that site served on 127.0.0.1.
- ``browser`` and ``page``: Debian's Chromium driven by Playwright. Every ``page`` blocks and
  records requests that would leave 127.0.0.1, and the test fails if there was any such request
  or any console error or uncaught exception.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Request,
    Route,
    sync_playwright,
)

from tests.support import REPO_ROOT, build_site, launch_chromium, serve_directory

LOCAL_HOSTS = frozenset({"127.0.0.1"})
"""The only host a page under test may contact: the test server."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``--update-golden``: golden-file tests write their output instead."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped archive of this repository, built once per session; the output folder."""
    return build_site(REPO_ROOT, tmp_path_factory.mktemp("demo-site") / "site")


@pytest.fixture(scope="session")
def site_server(built_demo_site: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``, no trailing slash) serving ``built_demo_site``."""
    with serve_directory(built_demo_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium, shared by the session; each test gets its own context."""
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@dataclass
class PageProblems:
    """What went wrong in a page while a test ran, reported after the test body."""

    blocked_requests: list[str] = field(default_factory=list)
    """URLs the page tried to fetch from anywhere but the test server; all were aborted."""
    console_errors: list[str] = field(default_factory=list)
    """Console messages of type ``error`` and uncaught exceptions, with where they came from."""

    def describe(self) -> str:
        parts = []
        if self.blocked_requests:
            listed = "\n".join(f"    {url}" for url in self.blocked_requests)
            parts.append(f"requests left the site (blocked):\n{listed}")
        if self.console_errors:
            listed = "\n".join(f"    {text}" for text in self.console_errors)
            parts.append(f"console errors:\n{listed}")
        return "\n".join(parts)


_page_problems_key = pytest.StashKey[tuple[Page, PageProblems]]()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context that keeps the test inside the site.

    Requests to any host but 127.0.0.1 are aborted and recorded; console errors and uncaught
    exceptions are recorded. Either fails the test (see ``pytest_runtest_call``).
    """
    problems = PageProblems()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Pages are local and small: anything slower than this is a hang, and CI should say so soon.
    context.set_default_timeout(10_000)

    def keep_local(route: Route, routed: Request) -> None:
        if urlparse(routed.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            problems.blocked_requests.append(routed.url)
            route.abort("blockedbyclient")

    def record_console(message: ConsoleMessage) -> None:
        location = message.location
        # Chromium fetches /favicon.ico on its own, at a moment no test controls, when a page
        # declares no icon; counting its 404 would make tests flaky, not stricter.
        if message.type == "error" and not location.get("url", "").endswith("/favicon.ico"):
            where = f"{location.get('url', '')}:{location.get('lineNumber', '')}"
            problems.console_errors.append(f"{message.text} (at {where})")

    def record_exception(error: Error) -> None:
        problems.console_errors.append(f"uncaught {error.name}: {error.message}")

    context.route("**/*", keep_local)
    new_page = context.new_page()
    new_page.on("console", record_console)
    new_page.on("pageerror", record_exception)
    request.node.stash[_page_problems_key] = (new_page, problems)
    yield new_page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test whose page made outside requests or logged errors, as a test failure."""
    stashed = item.stash.get(_page_problems_key, None)
    try:
        result = yield
    except BaseException:
        # The test failed on its own; still show what the page did, it may be the cause.
        if stashed is not None and stashed[1].describe():
            item.add_report_section("call", "page problems", stashed[1].describe())
        raise
    if stashed is not None:
        page, problems = stashed
        if not page.is_closed():
            # A round trip to the page delivers console events that are still in flight.
            page.evaluate("0")
        if problems.blocked_requests or problems.console_errors:
            raise AssertionError(f"the page misbehaved during the test:\n{problems.describe()}")
    return result
