"""Search through the search page in real Chromium: English stemming, Chinese inside longer
words, results that open the reading page at the passage with the words marked."""

import random
import re
import shutil
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.support.building import build_site
from tests.support.paths import REPO_ROOT
from tests.support.serving import serve_directory

pytestmark = pytest.mark.browser

STALIN_TEXT = "the-fight-against-bureaucracy-in-the-soviet-union-under-stalin"
CPSU_TEXT = "historical-lessons-and-contemporary-implications-of-the-soviet-communist-partys"


def search(page: Page, site_server: str, query: str) -> None:
    page.goto(f"{site_server}/search/?q={query}")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("match"))


def test_english_queries_are_stemmed(page: Page, site_server: str) -> None:
    search(page, site_server, "bureaucrats")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    titles = results.locator(".search-result-title a").all_inner_texts()
    assert any("bureaucracy" in title.lower() for title in titles), titles
    marks = page.locator(".search-excerpt mark").all_inner_texts()
    assert any(
        mark.lower().startswith("bureaucrat") and mark.lower() != "bureaucrats" for mark in marks
    ), f"stemming should also find other forms of the word: {marks}"


def test_a_chinese_query_finds_it_inside_a_longer_word(page: Page, site_server: str) -> None:
    search(page, site_server, "集体领导")
    result = page.locator(".search-result", has=page.locator(f'a[href*="texts/{CPSU_TEXT}/"]'))
    expect(result).to_have_count(1)
    excerpt = result.locator(".search-excerpt", has_text="弱化").first
    expect(excerpt).to_be_visible()
    expect(excerpt.locator("mark").first).to_be_visible()
    expect(excerpt).to_have_attribute("lang", "zh-Hans")  # read with a Chinese voice
    labels = result.locator(".search-passage-link").all_inner_texts()
    assert labels and all(re.fullmatch(r"¶\u202f\d+[a-z]*|§|Title", label) for label in labels), (
        labels
    )


def test_results_fit_a_phone_screen(page: Page, site_server: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    search(page, site_server, "集体领导")
    expect(page.locator(".search-result").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_a_result_opens_the_reading_page_at_the_passage_with_the_words_marked(
    page: Page, site_server: str
) -> None:
    search(page, site_server, "集体领导")
    link = page.locator(f'.search-passage-link[href*="texts/{CPSU_TEXT}/"]').first
    href = link.get_attribute("href") or ""
    fragment = urlparse(href).fragment
    assert fragment, f"a passage result links to its anchor: {href}"
    link.click()
    expect(page).to_have_url(re.compile(f"texts/{CPSU_TEXT}/.*#{re.escape(fragment)}$"))
    assert "集体领导" in parse_qs(urlparse(page.url).query)["highlight"]
    passage = page.locator(f"[id='{fragment}']")
    expect(passage).to_be_in_viewport()
    expect(passage.locator("mark.search-hit").first).to_have_text(re.compile("集体|领导"))


def test_an_english_result_marks_the_matched_words_on_the_reading_page(
    page: Page, site_server: str
) -> None:
    search(page, site_server, "Trotskyite")
    link = page.locator(f'.search-passage-link[href*="texts/{STALIN_TEXT}/"]').first
    link.click()
    fragment = urlparse(page.url).fragment
    expect(page.locator(f"[id='{fragment}'] mark.search-hit").first).to_have_text(
        re.compile("Trotskyite", re.IGNORECASE)
    )


def test_a_query_without_results_says_so(page: Page, site_server: str) -> None:
    page.goto(f"{site_server}/search/?q=xylophonist")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("No text matches"))
    expect(page.locator(".search-result")).to_have_count(0)


def test_searching_from_the_form_updates_the_address(page: Page, site_server: str) -> None:
    page.goto(f"{site_server}/search/")
    page.fill("#search-q", "Brezhnev")
    page.keyboard.press("Enter")
    expect(page.locator(".search-result").first).to_be_visible()
    assert parse_qs(urlparse(page.url).query)["q"] == ["Brezhnev"]


def test_slash_focuses_the_search_box(page: Page, site_server: str) -> None:
    for address in ("/", "/names/", "/search/"):
        page.goto(f"{site_server}{address}")
        page.locator("h1").click()
        page.keyboard.press("/")
        focused = page.evaluate("() => document.activeElement && document.activeElement.name")
        assert focused == "q", f"'/' did not focus the search box on {address}"


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo archive with one document per search shard: every query merges bundles."""
    project = tmp_path_factory.mktemp("sharded")
    shutil.copytree(REPO_ROOT / "content", project / "content")
    shutil.copy(REPO_ROOT / "site.yaml", project / "site.yaml")
    with (project / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("\nsearch:\n  shard_size: 1\n")
    with serve_directory(build_site(project, project / "_site")) as base_url:
        yield base_url


def test_results_come_from_every_shard_the_page_merges(page: Page, sharded_server: str) -> None:
    page.goto(f"{sharded_server}/search/")
    merged = (page.locator("[data-search-results]").get_attribute("data-merge") or "").split()
    assert len(merged) >= 3 and all(path.startswith("pagefind/shard/") for path in merged)
    search(page, sharded_server, "Soviet")
    hrefs = page.locator(".search-result-title a").evaluate_all("(links) => links.map(a => a.href)")
    assert len({href.split("/texts/")[1].split("/")[0] for href in hrefs}) >= 3, hrefs
    search(page, sharded_server, "集体领导")
    result = page.locator(".search-result", has=page.locator(f'a[href*="texts/{CPSU_TEXT}/"]'))
    expect(result).to_have_count(1)
    expect(result.locator(".search-excerpt mark").first).to_be_visible()


HAN = "的是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"


def han_words(rng: random.Random, count: int) -> str:
    return "，".join("".join(rng.choice(HAN) for _ in range(8)) for _ in range(count))


@pytest.fixture(scope="module")
def cjk_shards_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Sixteen bilingual texts, one per shard: only the first holds 集体; the others hold 集
    followed by other characters, which is what a shard without the word answers with."""
    project = tmp_path_factory.mktemp("cjk-shards")
    (project / "content").mkdir()
    (project / "site.yaml").write_text("title: CJK\nsearch:\n  shard_size: 1\n")
    rng = random.Random(3)
    for number in range(16):
        if number == 0:
            original = f"{han_words(rng, 5)}弱化集体领导{han_words(rng, 3)}。"
        else:
            parts = (f"集{rng.choice(HAN)}{han_words(rng, 1)}" for _ in range(5))
            original = f"{han_words(rng, 5)}{'，'.join(parts)}。"
        (project / "content" / f"text-{number:02d}.md").write_text(
            f"---\ntitle: Text {number}\noriginal_lang: zh-Hans\n---\n\n"
            f"English text {number}.\n\n{{lang=zh-Hans}}\n{original}\n",
            encoding="utf-8",
        )
    with serve_directory(build_site(project, project / "_site")) as base_url:
        yield base_url


def test_a_chinese_word_is_not_found_in_shards_that_hold_only_part_of_it(
    page: Page, cjk_shards_server: str
) -> None:
    search(page, cjk_shards_server, "集体")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("^1 document matches"))
    titles = page.locator(".search-result-title a").all_inner_texts()
    assert titles == ["Text 0"], titles
