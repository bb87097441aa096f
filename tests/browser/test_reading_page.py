"""The reading page in real Chromium: layout, views, notes, passage links, citations, print.

Most tests use the fixture project `tests/fixtures/sites/reading/` (a long bilingual text with
headings and both kinds of notes, a monolingual text, a title full of markup), built once per
session with the real command line; accessibility is also checked on the shipped archive.
"""

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import (
    REPO_ROOT,
    build_site,
    copy_project,
    format_axe_violations,
    reading_page_slugs,
    run_axe,
    serve_directory,
)

pytestmark = pytest.mark.browser

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "sites" / "reading"
BASE_URL = "https://archive.example.org/reading/"
LONG = "texts/party-and-masses/"
PLAIN = "texts/a-plain-text/"
MARKUP = "texts/markup-in-title/"
VIEWS = ("parallel", "translation", "original", "stacked")


@pytest.fixture(scope="session")
def reading_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reading fixture, built and served; its base URL without a trailing slash."""
    folder = tmp_path_factory.mktemp("reading-site")
    site = build_site(copy_project(FIXTURE, folder), folder / "site")
    with serve_directory(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def reading_site_original_right(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same fixture with `reading: {original_side: right}`."""
    project = tmp_path_factory.mktemp("reading-right") / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("original_side: left", "original_side: right"),
        encoding="utf-8",
    )
    site = build_site(project, project.parent / "site")
    with serve_directory(site) as base_url:
        yield base_url


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    expect(page.locator(".passage").first).to_be_visible()


def _cell_boxes(page: Page) -> list[dict[str, float]]:
    """Per row with an original: the two cells' boxes (x, top, width, bottom)."""
    result: list[dict[str, float]] = page.eval_on_selector_all(
        ".passage:has(> .original)",
        """rows => rows.map(row => {
            const t = row.querySelector(':scope > .translation').getBoundingClientRect();
            const o = row.querySelector(':scope > .original').getBoundingClientRect();
            return {id: row.id, tTop: t.top, oTop: o.top, tLeft: t.left, oLeft: o.left,
                    tBottom: t.bottom, oBottom: o.bottom, tWidth: t.width, oWidth: o.width};
        })""",
    )
    return result


# --- layout -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_tops_of_translation_and_original_line_up_in_every_row(
    page: Page, reading_site: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, f"{reading_site}/{LONG}")
    rows = _cell_boxes(page)
    assert len(rows) >= 15
    for row in rows:
        assert abs(row["tTop"] - row["oTop"]) <= 2, f"{row['id']} cells are not aligned: {row}"
        assert row["oLeft"] < row["tLeft"], f"{row['id']}: the original should be on the left"
        assert row["tWidth"] > 300 and row["oWidth"] > 300, row


def test_original_side_comes_from_site_yaml(page: Page, reading_site_original_right: str) -> None:
    _open(page, f"{reading_site_original_right}/{LONG}")
    for row in _cell_boxes(page):
        assert row["tLeft"] < row["oLeft"], f"{row['id']}: the original should be on the right"
        assert abs(row["tTop"] - row["oTop"]) <= 2


def test_a_row_without_original_spans_both_columns(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    alone = page.locator(".passage:not(:has(> .original))", has_text="translator’s remark")
    paired = page.locator("#p1 > .original")
    alone_box = alone.locator(".translation").bounding_box()
    paired_box = paired.bounding_box()
    assert alone_box is not None and paired_box is not None
    assert abs(alone_box["x"] - paired_box["x"]) <= 2
    assert alone_box["width"] > paired_box["width"] * 1.2


@pytest.mark.parametrize("width", [320, 375, 700])
def test_narrow_screens_stack_translation_then_original_without_sideways_scroll(
    page: Page, reading_site: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    for address in (LONG, PLAIN, MARKUP):
        _open(page, f"{reading_site}/{address}")
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{address} scrolls sideways by {overflow}px at {width}"
    _open(page, f"{reading_site}/{LONG}")
    for row in _cell_boxes(page):
        assert row["oTop"] >= row["tBottom"] - 1, f"{row['id']}: original is not below"


def test_monolingual_text_reads_in_one_column_of_60_to_75_characters(
    page: Page, reading_site: str
) -> None:
    _open(page, f"{reading_site}/{PLAIN}")
    per_line = page.evaluate(
        """() => {
            const p = document.querySelector('#p1 .translation p');
            const style = getComputedStyle(p);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontSize} ${style.fontFamily}`;
            const average = context.measureText(p.textContent).width / p.textContent.length;
            return p.getBoundingClientRect().width / average;
        }"""
    )
    assert 60 <= per_line <= 75, f"{per_line:.1f} characters per line"
    expect(page.locator(".passage .original")).to_have_count(0)


def test_originals_carry_their_language_and_a_cjk_font_without_synthesis(
    page: Page, reading_site: str
) -> None:
    _open(page, f"{reading_site}/{LONG}")
    originals = page.locator(".passage .original")
    assert originals.count() == page.locator(".passage .original[lang=zh-Hans]").count()
    style = originals.first.evaluate(
        "o => { const s = getComputedStyle(o); return [s.fontFamily, s.fontSynthesis]; }"
    )
    assert "CJK" in style[0] and style[1] == "none", style


# --- views --------------------------------------------------------------------------------


def test_views_switch_from_the_control_and_are_kept_in_the_url_and_remembered(
    page: Page, reading_site: str
) -> None:
    _open(page, f"{reading_site}/{LONG}")
    original = page.locator("#p1 > .original")
    translation = page.locator("#p1 > .translation")
    expect(page.get_by_role("radio", name="Side by side")).to_be_checked()

    page.get_by_role("radio", name="Translation").check()
    expect(original).to_be_hidden()
    expect(translation).to_be_visible()
    assert "view=translation" in page.url

    page.get_by_role("radio", name="Original").check()
    expect(translation).to_be_hidden()
    expect(original).to_be_visible()
    lone = page.locator(".passage:not(:has(> .original)) > .translation").first
    expect(lone).to_be_visible()  # a row with no original keeps its only text
    assert "view=original" in page.url

    page.get_by_role("radio", name="Stacked").check()
    expect(original).to_be_visible()
    expect(translation).to_be_visible()
    t_box, o_box = translation.bounding_box(), original.bounding_box()
    assert t_box is not None and o_box is not None and o_box["y"] >= t_box["y"] + t_box["height"]

    page.goto(f"{reading_site}/{LONG}")  # no ?view=: the saved choice applies
    expect(page.get_by_role("radio", name="Stacked")).to_be_checked()
    page.goto(f"{reading_site}/{LONG}?view=translation#p3")  # the URL wins
    expect(page.get_by_role("radio", name="Translation")).to_be_checked()
    expect(original).to_be_hidden()


def test_without_javascript_everything_is_visible_and_references_link_to_notes(
    browser: Browser, reading_site: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{reading_site}/{LONG}?view=translation")
        for cell in page.locator(".passage > .translation, .passage > .original").all():
            expect(cell).to_be_visible()
        expect(page.locator("[data-reading-controls]")).to_be_hidden()
        notes = page.locator('[role="doc-endnotes"] li')
        assert notes.count() >= 9
        for note in notes.all():
            expect(note).to_be_visible()
        for ref in page.locator('a[role="doc-noteref"]').all():
            href = ref.get_attribute("href") or ""
            assert re.fullmatch(r"#fn-[\w-]+", href), href
            assert page.locator(f"li[id='{href[1:]}']").count() == 1
        page.locator('#p1 a[role="doc-noteref"]').click()
        assert page.url.endswith("#fn-1")
        expect(page.locator("#fn-1")).to_be_in_viewport()
        expect(page.get_by_text("To cite a passage, add its number")).to_be_attached()
    finally:
        context.close()


# --- notes --------------------------------------------------------------------------------


def _tab_to(page: Page, selector: str, start: str) -> None:
    """Focus `start`, then press Tab until `selector` has focus (at most 12 times)."""
    page.locator(start).focus()
    for _ in range(12):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_note_popover_keyboard_flow(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    ref = page.locator('#p1 a[role="doc-noteref"]')
    _tab_to(page, '#p1 a[role="doc-noteref"]', "#p1 .passage-number")
    expect(ref).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_name("Note 1")
    expect(dialog).to_contain_text("Collected Documents, vol. 1")
    expect(dialog.locator('[role="doc-backlink"]')).to_have_count(0)
    expect(ref).to_have_attribute("aria-expanded", "true")
    expect(dialog).to_be_focused()
    assert page.url.endswith(LONG), "opening a popover should not navigate"

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(ref).to_be_focused()
    expect(ref).to_have_attribute("aria-expanded", "false")


def test_one_popover_at_a_time_and_a_click_outside_closes_it(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    first = page.locator('#p1 a[role="doc-noteref"]')
    second = page.locator('#p3 a[role="doc-noteref"]')
    first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("vol. 1")
    second.click()
    expect(page.get_by_role("dialog")).to_have_count(1)
    expect(dialog).to_contain_text("vol. 2")
    expect(first).to_have_attribute("aria-expanded", "false")
    page.locator("#p5 > .translation").click(position={"x": 5, "y": 5})
    expect(dialog).to_be_hidden()
    expect(second).to_be_focused()


@pytest.fixture
def phone_page(browser: Browser, reading_site: str) -> Iterator[Page]:
    """The long reading page on a phone: 390 × 844, touch."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        _open(page, f"{reading_site}/{LONG}")
        yield page
    finally:
        context.close()


def test_a_note_reference_is_a_target_of_24_px_for_fingers(phone_page: Page) -> None:
    page = phone_page
    ref = page.locator('#p1 a[role="doc-noteref"]')
    ref.scroll_into_view_if_needed()
    box = ref.bounding_box()
    assert box is not None
    # the number is small; a tap up to 12 px off its centre still lands on it
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hits = ref.evaluate(
        "(ref, [x, y]) => [[0, -12], [0, 11], [-11, 0], [11, 0]].map(([dx, dy]) =>"
        " ref.contains(document.elementFromPoint(x + dx, y + dy)))",
        [x, y],
    )
    assert all(hits), hits
    page.touchscreen.tap(x, y - 10)
    expect(page.get_by_role("dialog")).to_be_visible()


def test_popover_stays_inside_a_320px_viewport(page: Page, reading_site: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    _open(page, f"{reading_site}/{LONG}")
    for selector in ('#p1 a[role="doc-noteref"]', '#p3 a[role="doc-noteref"]'):
        page.locator(selector).click()
        box = page.get_by_role("dialog").bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.keyboard.press("Escape")


def test_notes_of_the_editors_note_are_told_apart(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    page.locator('.editor-note a[role="doc-noteref"]').first.click()
    expect(page.get_by_role("dialog")).to_have_accessible_name("Note to the editor’s note e1")
    page.keyboard.press("Escape")
    endnotes = page.locator('[role="doc-endnotes"]')
    expect(endnotes.get_by_role("heading", name="Notes to the editor’s note")).to_be_visible()
    expect(endnotes.get_by_role("heading", name="Notes to the text")).to_be_visible()
    editor = endnotes.locator("li#fn-e1").evaluate(
        "li => getComputedStyle(li.parentElement.parentElement).borderLeftWidth"
    )
    text = endnotes.locator("li#fn-1").evaluate(
        "li => getComputedStyle(li.parentElement.parentElement).borderLeftWidth"
    )
    assert editor != text


def test_a_marker_without_note_text_is_plain(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    marker = page.locator("sup", has_text="99")
    expect(marker).to_be_visible()
    expect(marker.locator("a")).to_have_count(0)


# --- passages and links -------------------------------------------------------------------


def _background(page: Page, selector: str) -> str:
    return str(page.locator(selector).evaluate("e => getComputedStyle(e).backgroundColor"))


def test_arriving_at_a_passage_scrolls_to_it_and_highlights_it(
    page: Page, reading_site: str
) -> None:
    _open(page, f"{reading_site}/{LONG}#p9")
    expect(page.locator("#p9")).to_be_in_viewport()
    assert _background(page, "#p9") != _background(page, "#p8")


def test_a_passage_range_is_highlighted(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}#p4-p6")
    expect(page.locator("#p4")).to_be_in_viewport()
    plain = _background(page, "#p3")
    marked = [_background(page, f"#p{n}") for n in (4, 5, 6)]
    assert len(set(marked)) == 1 and marked[0] != plain, marked
    assert _background(page, "#p7") == plain
    page.evaluate("location.hash = '#p10-p11'")
    expect(page.locator("#p10")).to_be_in_viewport()
    background = "id => getComputedStyle(document.getElementById(id)).backgroundColor"
    page.wait_for_function(f"({background})('p4') !== ({background})('p10')")
    assert _background(page, "#p11") == marked[0]


def test_headings_have_anchors_and_long_texts_a_table_of_contents(
    page: Page, reading_site: str
) -> None:
    _open(page, f"{reading_site}/{LONG}")
    toc = page.get_by_role("navigation", name="Contents")
    links = toc.get_by_role("link")
    expect(links).to_have_count(5)
    for link in links.all():
        target = (link.get_attribute("href") or "")[1:]
        row = page.locator(f"[id='{target}']")
        expect(row).to_have_class(re.compile(r"\bpassage\b"))
        expect(row.locator(f"a[href='#{target}']")).to_have_count(1)
    _open(page, f"{reading_site}/{PLAIN}")
    expect(page.get_by_role("navigation", name="Contents")).to_have_count(0)


def test_copy_link_gives_the_passage_permalink(page: Page, reading_site: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, f"{reading_site}/{LONG}")
    page.locator("#p3 > .translation").hover()
    button = page.get_by_role("button", name="Copy link to passage 3")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{BASE_URL}{LONG}#p3"
    expect(page.get_by_role("status")).to_have_text("Link to passage 3 copied")


def test_passage_tools_leave_with_the_pointer_and_stay_under_the_controls(
    page: Page, reading_site: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, f"{reading_site}/{LONG}")
    page.locator("#p3 > .translation").hover()
    tools = page.locator(".passage-tools")
    expect(tools).to_be_visible()
    page.locator(".site-header").hover()
    expect(tools).to_be_hidden()
    controls = page.locator(".reading-controls").evaluate("e => getComputedStyle(e).zIndex")
    assert int(tools.evaluate("e => getComputedStyle(e).zIndex")) < int(controls)


def test_a_tap_in_the_text_on_a_phone_does_not_cover_it_with_tools(phone_page: Page) -> None:
    phone_page.locator("#p3 > .translation").tap()
    expect(phone_page.locator(".passage-tools")).to_be_hidden()
    phone_page.locator("#p3 .passage-number").focus()
    expect(phone_page.get_by_role("button", name="Copy link to passage 3")).to_be_visible()


def test_a_note_back_link_shows_its_reference_below_the_sticky_controls(
    page: Page, reading_site: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, f"{reading_site}/{LONG}")
    back = page.locator('[role="doc-endnotes"] [role="doc-backlink"]').last
    target = (back.get_attribute("href") or "").lstrip("#")
    back.click()
    reference = page.locator(f"[id='{target}']")
    expect(reference).to_be_in_viewport()
    covered = reference.evaluate(
        """ref => { const box = ref.getBoundingClientRect();
                   const x = box.x + box.width / 2, y = box.y + box.height / 2;
                   const top = document.elementFromPoint(x, y);
                   return !(top === ref || ref.contains(top)); }"""
    )
    assert not covered, "the sticky controls cover the reference"
    assert page.evaluate("() => document.querySelector(':target')?.id") == target


def test_copy_link_is_reachable_by_keyboard(page: Page, reading_site: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, f"{reading_site}/{LONG}")
    page.locator("#p5 .passage-number").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Copy link to passage 5")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('#p5'))")


def test_selecting_text_offers_a_text_fragment_link(page: Page, reading_site: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, f"{reading_site}/{LONG}")
    page.locator("#p2 > .translation p").evaluate(
        """p => {
            const text = p.firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, 'Over time the habits'.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    button = page.get_by_role("button", name="Copy link to selection")
    expect(button).to_be_visible()
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{BASE_URL}{LONG}#p2:~:text=Over%20time%20the%20habits"


# --- citation -----------------------------------------------------------------------------


def test_header_names_the_work_its_original_and_its_people(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    header = page.locator(".reading header").first
    expect(header.get_by_role("heading", level=1)).to_have_text(
        "The Party and the Masses in the Later Soviet Period"
    )
    for text in (
        "苏共后期的党群关系", "Zhang Shuhua", "张树华", "Li Wei", "World Socialism Studies",
        "世界社会主义研究", "November 3, 2021", "Fixture Press", "CPSU", "privilege",
        "lost the trust of the people", "Editor’s note",
    ):  # fmt: skip
        expect(header).to_contain_text(text)
    expect(header.locator("[lang=zh-Hans]", has_text="张树华")).to_have_count(1)


def test_cite_panel_gives_every_style_and_cites_a_passage(page: Page, reading_site: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, f"{reading_site}/{LONG}")
    page.get_by_text("Cite this text").click()
    panel = page.locator("#cite")
    chicago = panel.locator("#cite-chicago-text")
    expect(chicago).to_contain_text("Zhang Shuhua and Li Wei. “The Party and the Masses")
    expect(chicago).to_contain_text(f"{BASE_URL}{LONG}.")
    expect(panel.locator("#cite-mla-text")).to_contain_text("3 Nov. 2021")
    expect(panel.locator("#cite-apa-text")).to_contain_text(
        "Zhang, S., & Li, W. (2021, November 3)"
    )
    expect(panel.locator("#cite-bibtex-text")).to_contain_text("@article{zhang2021party,")
    [item] = json.loads(panel.locator("#cite-csl-json-text").text_content() or "")
    assert item["URL"] == f"{BASE_URL}{LONG}"

    panel.get_by_label("Cite a passage").fill("4")
    expect(chicago).to_contain_text(f"¶ 4. {BASE_URL}{LONG}#p4.")
    expect(panel.locator("#cite-bibtex-text")).to_contain_text("para. 4")
    [item] = json.loads(panel.locator("#cite-csl-json-text").text_content() or "")
    assert item["URL"] == f"{BASE_URL}{LONG}#p4"

    names = panel.get_by_role("button", name=re.compile("^Copy")).evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert names == ["Copy Chicago", "Copy MLA", "Copy APA", "Copy BibTeX", "Copy CSL-JSON"]
    copy = panel.get_by_role("button", name="Copy Chicago", exact=True)
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == chicago.text_content()


def test_cite_from_a_passage_fills_the_panel(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    page.locator("#p8 > .translation").hover()
    page.get_by_role("button", name="Cite passage 8").click()
    expect(page.locator("#cite")).to_have_attribute("open", "")
    expect(page.get_by_label("Cite a passage")).to_be_focused()
    expect(page.locator("#cite-apa-text")).to_contain_text(f"Para. 8. {BASE_URL}{LONG}#p8")


def test_citation_meta_tags_describe_the_document(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")

    def meta(name: str, attribute: str = "name") -> list[str]:
        return [
            str(value)
            for value in page.locator(f"meta[{attribute}='{name}']").evaluate_all(
                "tags => tags.map(tag => tag.content)"
            )
        ]

    assert meta("citation_title") == ["The Party and the Masses in the Later Soviet Period"]
    assert meta("citation_author") == ["Zhang Shuhua", "Li Wei"]
    assert meta("citation_publication_date") == ["2021/11/03"]
    assert meta("citation_language") == ["en"]
    assert meta("citation_journal_title") == ["World Socialism Studies"]
    assert meta("citation_publisher") == ["Fixture Press"]
    assert meta("citation_public_url") == [f"{BASE_URL}{LONG}"]
    assert meta("DC.creator") == ["Zhang Shuhua", "Li Wei"]
    assert meta("DC.date") == ["2021-11-03"]
    assert meta("og:url", "property") == [f"{BASE_URL}{LONG}"]
    data = json.loads(page.locator("script[type='application/ld+json']").text_content() or "")
    assert data["@type"] == "CreativeWork" and data["inLanguage"] == "en"
    assert data["translationOfWork"]["name"] == "苏共后期的党群关系"
    assert data["translationOfWork"]["inLanguage"] == "zh-Hans"


def test_markup_in_metadata_stays_text_everywhere(page: Page, reading_site: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, f"{reading_site}/{MARKUP}")
    title = "</script><script>alert(1)</script> & “Quotes” <b>bold</b>"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    scripts = page.locator("script[type='application/ld+json']")
    expect(scripts).to_have_count(1)
    assert json.loads(scripts.text_content() or "")["name"] == title
    assert page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    assert not dialogs


# --- print, theme, text size --------------------------------------------------------------


def test_print_hides_controls_and_keeps_text_and_notes(page: Page, reading_site: str) -> None:
    _open(page, f"{reading_site}/{LONG}")
    page.emulate_media(media="print")
    for selector in ("[data-reading-controls]", ".site-header", "#cite", ".site-footer"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator('[role="doc-endnotes"]')).to_be_visible()
    expect(page.locator('[role="doc-backlink"]').first).to_be_hidden()  # no use on paper
    expect(page.locator("#p1 > .original")).to_be_visible()
    rows = _cell_boxes(page)
    assert all(abs(row["tTop"] - row["oTop"]) <= 2 for row in rows), "parallel prints side by side"
    page.emulate_media(media="screen")
    page.get_by_role("radio", name="Stacked").check()
    page.emulate_media(media="print")
    assert all(row["oTop"] >= row["tBottom"] - 1 for row in _cell_boxes(page))


def test_theme_toggle_and_text_size_are_remembered(page: Page, reading_site: str) -> None:
    page.emulate_media(color_scheme="light")
    _open(page, f"{reading_site}/{LONG}")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    size = page.locator("#p1 > .translation p").evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    page.get_by_role("button", name="Larger text").click()
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")
    bigger = page.locator("#p1 > .translation p").evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert bigger > size


# --- accessibility ------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reading_page_has_no_axe_violations_in_any_view(
    page: Page, reading_site: str, view: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    _open(page, f"{reading_site}/{LONG}?view={view}")
    page.get_by_text("Cite this text").click()
    page.locator('.editor-note a[role="doc-noteref"]').first.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    violations = run_axe(page)
    assert not violations, format_axe_violations(violations)


@pytest.mark.parametrize("width", [320, 1280])
def test_shipped_reading_pages_have_no_axe_violations(
    page: Page, site_server: str, built_demo_site: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for slug in reading_page_slugs(built_demo_site):
        _open(page, f"{site_server}/texts/{slug}/")
        violations = run_axe(page)
        assert not violations, f"texts/{slug}/\n{format_axe_violations(violations)}"
