"""The first real-browser checks: the shipped archive's pages show their text in Chromium."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.support import demo_documents, demo_sources, reading_page_slugs

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
BODY_PASSAGE_ID = re.compile(r"^p\d+[a-z]*$")

DOCUMENTS = demo_documents()


def _document_url(url: str) -> str:
    """A link's target with a trailing ``index.html`` dropped (both forms are links to it)."""
    return url.removesuffix("index.html")


def _leaves_the_site(url: str) -> bool:
    """True for a URL fetched over the network from anywhere but the test server."""
    parsed = urlparse(url)
    return parsed.scheme not in {"data", "blob", "about"} and parsed.hostname != "127.0.0.1"


def test_index_links_every_document(page: Page, site_server: str, built_demo_site: Path) -> None:
    slugs = reading_page_slugs(built_demo_site)
    assert len(slugs) == len(demo_sources()), "expected one reading page per file in sources/"
    assert slugs == [document.slug for document in DOCUMENTS]

    response = page.goto(f"{site_server}/")
    assert response is not None and response.ok
    links = {
        _document_url(href)
        for href in page.locator("a[href]").evaluate_all("links => links.map(link => link.href)")
    }
    missing = [slug for slug in slugs if f"{site_server}/texts/{slug}/" not in links]
    assert not missing, f"the index does not link these documents: {missing}"
    for slug in slugs:
        link = page.locator(f'a[href$="texts/{slug}/"], a[href$="texts/{slug}/index.html"]')
        expect(link.first).to_be_visible()


@pytest.mark.parametrize("slug", [document.slug for document in DOCUMENTS])
def test_reading_page_shows_its_numbered_passages(page: Page, site_server: str, slug: str) -> None:
    response = page.goto(f"{site_server}/texts/{slug}/")
    assert response is not None and response.ok

    passages = page.locator(".passage")
    expect(passages.first).to_be_visible()
    ids = [id_ for id_ in passages.evaluate_all("rows => rows.map(row => row.id)") if id_]
    body_ids = [id_ for id_ in ids if BODY_PASSAGE_ID.match(id_)]
    assert body_ids, f"no passage of texts/{slug}/ carries an id like p1"
    assert len(set(ids)) == len(ids), f"passage ids repeat: {ids}"

    first = page.locator("#p1")
    expect(first).to_be_visible()
    expect(first).to_have_class(re.compile(r"\bpassage\b"))
    translation = first.locator(".translation")
    expect(translation).to_be_visible()
    expect(translation).to_have_text(re.compile(r"\w"))


def test_original_chinese_text_is_visible_beside_its_translation(
    page: Page, site_server: str
) -> None:
    bilingual = [document for document in DOCUMENTS if document.original_lang == "zh-Hans"]
    assert bilingual, "the shipped archive should hold at least one text with Chinese originals"
    for document in bilingual:
        response = page.goto(f"{site_server}/texts/{document.slug}/")
        assert response is not None and response.ok

        original = page.locator(".passage .original[lang=zh-Hans]").first
        expect(original).to_be_visible()
        expect(original).to_have_text(HAN)
        box = original.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0

        row = page.locator(".passage", has=page.locator(".original[lang=zh-Hans]")).first
        expect(row.locator(".translation")).to_be_visible()
        expect(row.locator(".translation")).to_have_text(re.compile(r"[A-Za-z]"))


def test_pages_load_everything_from_the_site_itself(
    page: Page, site_server: str, built_demo_site: Path
) -> None:
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    addresses = ["/"] + [f"/texts/{slug}/" for slug in reading_page_slugs(built_demo_site)]
    for address in addresses:
        response = page.goto(f"{site_server}{address}", wait_until="networkidle")
        assert response is not None and response.ok, f"{address} did not load"

    assert len(requested) >= len(addresses)
    outside = [url for url in requested if _leaves_the_site(url)]
    assert not outside, f"pages requested resources from elsewhere: {outside}"
    assert not failed, f"pages requested resources the site does not have: {failed}"
