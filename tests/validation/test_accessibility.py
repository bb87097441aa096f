"""axe-core finds no WCAG 2.2 AA or best-practice violations in the shipped archive's pages."""

from typing import Literal

import pytest
from playwright.sync_api import Page

from tests.support import demo_documents, format_axe_violations, run_axe

pytestmark = pytest.mark.browser

PAGES = ["", *(f"texts/{document.slug}/" for document in demo_documents())]
"""The index and every reading page, relative to the site root."""


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("address", PAGES, ids=lambda address: address or "index")
def test_axe_finds_no_violations(
    page: Page, site_server: str, address: str, color_scheme: Literal["light", "dark"]
) -> None:
    page.emulate_media(color_scheme=color_scheme)
    response = page.goto(f"{site_server}/{address}", wait_until="load")
    assert response is not None and response.ok

    violations = run_axe(page)

    assert not violations, (
        f"axe-core: {len(violations)} rules violated on /{address} ({color_scheme}):\n"
        + format_axe_violations(violations)
    )
