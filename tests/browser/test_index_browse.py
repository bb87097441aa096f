"""The archive index, browse pages and names index of the shipped archive, in real Chromium."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import demo_documents, format_axe_violations, run_axe

pytestmark = pytest.mark.browser

NEW_PAGES = ["", "authors/", "tags/", "years/", "names/", "search/", "404.html"]


def catalog(site: Path) -> list[dict]:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))["documents"]


def shown_slugs(page: Page) -> list[str]:
    return page.locator("[data-documents] > li").evaluate_all(
        "items => items.map(i => i.dataset.slug)"
    )


def test_the_index_shows_every_document_with_its_details(page: Page, site_server: str) -> None:
    page.goto(f"{site_server}/")
    documents = demo_documents()
    expect(page.locator("[data-documents] > li")).to_have_count(len(documents))
    assert sorted(shown_slugs(page)) == [document.slug for document in documents]
    bilingual = page.locator("li", has=page.locator(".original-title[lang=zh-Hans]")).first
    expect(bilingual.locator(".badge")).to_have_text("Bilingual")
    expect(bilingual.locator(".authors a").first).to_be_visible()
    expect(bilingual.locator("time")).to_be_visible()
    expect(bilingual.locator(".summary")).to_be_visible()


def test_filters_narrow_the_list_and_keep_their_state_in_the_address(
    page: Page, site_server: str, built_demo_site: Path
) -> None:
    documents = catalog(built_demo_site)
    page.goto(f"{site_server}/")
    controls = page.locator("[data-index-controls]")
    expect(controls).to_be_visible()

    page.select_option("#filter-language", "zh-hans")
    expected = [
        d["slug"] for d in documents if (d["original_lang"] or d["lang"]).lower() == "zh-hans"
    ]
    expect(page.locator("[data-documents] > li")).to_have_count(len(expected))
    assert shown_slugs(page) == expected
    assert parse_qs(urlparse(page.url).query) == {"language": ["zh-hans"]}
    expect(page.locator("[data-count]")).to_have_text(
        f"{len(expected)} of {len(documents)} documents match"
    )

    page.select_option("#filter-language", "")
    year = next(d["date"][:4] for d in documents if d["date"])
    page.select_option("#filter-year", year)
    expected = [d["slug"] for d in documents if (d["date"] or "").startswith(year)]
    expect(page.locator("[data-documents] > li")).to_have_count(len(expected))
    assert parse_qs(urlparse(page.url).query) == {"year": [year]}

    # The address alone restores the state: reload it in a fresh page.
    page.goto(page.url)
    expect(page.locator("#filter-year")).to_have_value(year)
    expect(page.locator("[data-documents] > li")).to_have_count(len(expected))

    page.go_back()
    expect(page.locator("#filter-language")).to_have_value("")
    page.get_by_role("button", name="Show all").click()
    expect(page.locator("[data-documents] > li")).to_have_count(len(documents))
    assert urlparse(page.url).query == ""


def test_filtering_by_author_matches_the_author_page(page: Page, site_server: str) -> None:
    page.goto(f"{site_server}/")
    author = page.locator("#filter-author option").nth(1)
    slug = author.get_attribute("value")
    page.select_option("#filter-author", slug)
    filtered = shown_slugs(page)
    assert filtered
    page.goto(f"{site_server}/authors/{slug}/")
    on_page = page.locator(".document-list > li").evaluate_all(
        "items => items.map(i => i.dataset.slug)"
    )
    assert on_page == filtered


def test_sorting_by_title_and_by_date(page: Page, site_server: str, built_demo_site: Path) -> None:
    documents = catalog(built_demo_site)
    page.goto(f"{site_server}/?sort=title")
    expect(page.locator("#sort")).to_have_value("title")
    titles = page.locator("[data-documents] .document-title").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)

    page.select_option("#sort", "oldest")
    dates = [
        d
        for d in page.locator("[data-documents] > li").evaluate_all(
            "i => i.map(x => x.dataset.date)"
        )
        if d
    ]
    assert dates == sorted(dates)
    assert "sort=oldest" in page.url

    page.select_option("#sort", "newest")
    assert shown_slugs(page) == [d["slug"] for d in documents]


def test_without_javascript_the_full_list_and_browse_links_remain(
    browser: Browser, site_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_server}/?author=nobody")
        expect(page.locator("[data-documents] > li")).to_have_count(len(demo_documents()))
        expect(page.locator("[data-index-controls]")).to_be_hidden()
        for target in ("authors/", "tags/", "years/", "names/"):
            expect(page.locator(f'.browse-nav a[href="{target}"]')).to_be_visible()
        page.goto(f"{site_server}/search/")
        expect(page.locator(".no-script")).to_be_visible()
        expect(page.locator(".no-script a[href='../names/']")).to_be_visible()
    finally:
        context.close()


def test_year_pages_list_the_documents_of_their_year(
    page: Page, site_server: str, built_demo_site: Path
) -> None:
    documents = catalog(built_demo_site)
    years = sorted({d["date"][:4] for d in documents if d["date"]})
    page.goto(f"{site_server}/years/")
    expect(page.locator(".facet-list > li")).to_have_count(len(years))
    page.get_by_role("link", name=years[0], exact=True).click()
    expected = [d["slug"] for d in documents if (d["date"] or "").startswith(years[0])]
    expect(page.locator(".document-list > li")).to_have_count(len(expected))


def test_names_index_links_land_on_passages_that_mention_the_name(
    page: Page, site_server: str
) -> None:
    page.goto(f"{site_server}/names/")
    entry = page.locator("#brezhnev-leonid")
    expect(entry).to_contain_text("勃列日涅夫")
    expect(entry.locator("[lang=ru]")).to_have_text("Брежнев")
    links = entry.locator("[data-passage-link]")
    count = links.count()
    assert count >= 10
    targets = links.evaluate_all("links => links.map(link => link.href)")
    for target in targets[:: max(1, count // 6)]:
        page.goto(target)
        fragment = urlparse(target).fragment
        passage = page.locator(f"[id='{fragment}']")
        expect(passage).to_be_visible()
        expect(passage).to_contain_text(re.compile("Brezhnev|勃列日涅夫|Брежнев"))
        assert page.evaluate("() => document.querySelector(':target')?.id") == fragment


def test_names_index_labels_links_to_headings_by_their_text_and_fits_a_phone(
    page: Page, site_server: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site_server}/names/")
    labels = page.locator("[data-passage-link]").all_inner_texts()
    assert any(label.startswith("¶\u202f") for label in labels)
    headings = [label for label in labels if label.startswith("§")]
    assert headings, "some names are mentioned in headings"
    # the heading's first words, not its anchor (`s-1-the-manifestations-for-cpsu-s-…`)
    assert not [label for label in headings if re.fullmatch(r"§\u202f[a-z0-9-]+", label)]
    assert all(len(label.split()) <= 7 for label in headings), headings
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_names_index_matches_chinese_inside_longer_words(page: Page, site_server: str) -> None:
    page.goto(f"{site_server}/names/")
    entry = page.locator("#collective-leadership")
    links = entry.locator("[data-passage-link]").evaluate_all(
        "links => links.map(link => link.href)"
    )
    texts = []
    for target in links:
        page.goto(target)
        texts.append(page.locator(f"[id='{urlparse(target).fragment}']").inner_text())
    assert any("弱化集体领导" in text for text in texts), "集体领导 must match inside 弱化集体领导"


def test_passages_json_agrees_with_the_reading_page(
    page: Page, site_server: str, built_demo_site: Path
) -> None:
    for document in catalog(built_demo_site):
        data = json.loads((built_demo_site / document["passages_url"]).read_text(encoding="utf-8"))
        page.goto(f"{site_server}/{document['url']}")
        ids = page.locator(".passage").evaluate_all("rows => rows.map(row => row.id)")
        assert ids == [row["id"] for row in data["passages"]], document["slug"]
        for row in data["passages"][:: max(1, len(data["passages"]) // 5)]:
            passage = page.locator(f"[id='{row['id']}']")
            translation = " ".join(passage.locator(".translation").inner_text().split())
            assert " ".join(row["text"].split())[:40] in translation
            if row["original_text"]:
                original = passage.locator(".original")
                expect(original).to_have_attribute("lang", row["original_lang"])
                assert "".join(row["original_text"].split())[:12] in "".join(
                    original.inner_text().split()
                )


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("address", NEW_PAGES, ids=lambda a: a or "index")
def test_new_pages_have_no_axe_violations(
    page: Page, site_server: str, address: str, color_scheme: str
) -> None:
    page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
    response = page.goto(f"{site_server}/{address}", wait_until="load")
    assert response is not None and response.ok
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)


def test_a_browse_page_of_each_kind_has_no_axe_violations(
    page: Page, site_server: str, built_demo_site: Path
) -> None:
    for folder in ("authors", "years"):
        first = sorted((built_demo_site / folder).glob("*/index.html"))[0]
        page.goto(f"{site_server}/{folder}/{first.parent.name}/")
        violations = run_axe(page)
        assert not violations, format_axe_violations(violations)
