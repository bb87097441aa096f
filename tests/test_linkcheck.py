"""Links between documents: a link to a passage or document that does not exist is an error
with the file and line of the block that holds it."""

from html.parser import HTMLParser
from pathlib import PurePosixPath

import pytest

from site_builder.diagnostics import Diagnostics, Level
from site_builder.linkcheck import check_links, link_table
from site_builder.model import Document, FrontMatter, RenderedDocument, SourceFile
from site_builder.render import render_document


def rendered(slug: str, body: str, **meta: str) -> RenderedDocument:
    header = "---\ntitle: T\n---\n"
    document = Document(
        source=SourceFile(PurePosixPath(f"content/{slug}.md"), header + body),
        slug=slug,
        meta=FrontMatter(title="T", **meta),  # type: ignore[arg-type]
        body=body,
        body_line=4,
    )
    return render_document(document).rendered


OTHER = rendered("other", "One.\n\nTwo.\n\nThree.\n\n{#p3a}\nInserted.\n")


def problems(body: str, *extra: RenderedDocument, base_url: str = "") -> list[str]:
    diagnostics = Diagnostics()
    check_links([rendered("here", body), OTHER, *extra], diagnostics, base_url=base_url)
    assert all(item.level is Level.ERROR for item in diagnostics)
    return [item.format() for item in diagnostics]


@pytest.mark.parametrize(
    "link",
    [
        "../other/#p2",
        "../other/index.html#p3",
        "../other/#p3a",
        "../other/",
        "../other/#p1-p3",
        "../../texts/other/#p1",
        "#p1",
        "#intro",
        "https://example.org/texts/nowhere/#p9",
        "mailto:someone@example.org",
        "../../",
        "../other/passages.json",
    ],
)
def test_links_to_existing_passages_and_links_elsewhere_are_fine(link: str) -> None:
    assert problems(f"See [this]({link}).\n") == []


def test_a_link_to_a_passage_that_does_not_exist_names_the_file_line_and_the_passages() -> None:
    assert problems("First.\n\nSee [there](../other/#p99).\n") == [
        "content/here.md:6: error: the link '../other/#p99' points to passage p99, but "
        "texts/other/ has no such passage (its passages are p1 to p3); fix the link or give "
        "the passage that id ({#p99}) [broken-link]"
    ]


def test_a_link_within_the_same_document_is_checked() -> None:
    assert problems("See [below](#p7).\n\nSecond.\n") == [
        "content/here.md:4: error: the link '#p7' points to passage p7, but this document "
        "has no such passage (its passages are p1 to p2); fix the link or give the passage "
        "that id ({#p7}) [broken-link]"
    ]


def test_both_ends_of_a_range_are_checked() -> None:
    assert len(problems("See [these](../other/#p2-p9).\n")) == 1


def test_a_link_to_a_document_that_does_not_exist_is_an_error() -> None:
    assert problems("See [it](../no-such-text/#p1).\n") == [
        "content/here.md:4: error: the link '../no-such-text/#p1' points to "
        "texts/no-such-text/, but no document has the URL name 'no-such-text'; fix the link "
        "(the URL name is the file name without .md) [broken-link]"
    ]


def test_a_link_written_from_the_site_root_says_how_to_write_it_from_the_page() -> None:
    assert problems("See [it](texts/other/#p99).\n") == [
        "content/here.md:4: error: the link 'texts/other/#p99' is relative to this page, so "
        "it points to texts/here/texts/other/, which does not exist; write it as "
        "'../other/#p99' [broken-link]"
    ]


def test_links_in_notes_originals_and_the_editors_note_are_checked_with_their_lines() -> None:
    body = "Text.[^1]\n\n{lang=zh-Hans}\n见[此](../other/#p50)。\n\n[^1]: See [x](../other/#p40).\n"
    found = problems(body)
    assert [line.split(" error:")[0] for line in found] == [
        "content/here.md:4:",
        "content/here.md:9:",
    ]
    editor = rendered("edited", "Text.\n", editor_note="Compare [this](../other/#p8).")
    diagnostics = Diagnostics()
    check_links([editor, OTHER], diagnostics)
    assert [item.location.path for item in diagnostics] == ["content/edited.md"]


def test_absolute_links_to_the_published_site_are_checked_with_the_base_url() -> None:
    link = "https://example.org/archive/texts/other/#p12"
    assert len(problems(f"See [it]({link}).\n", base_url="https://example.org/archive/")) == 1
    assert problems(f"See [it]({link}).\n") == []


def test_generated_note_references_are_not_reported() -> None:
    assert problems("Text.[^1]\n\n[^1]: The note.\n") == []


class _Anchors(HTMLParser):
    """Every `<a href>` of an HTML fragment a reader could follow to another place: the
    links the page shows, as a browser sees them (generated note links aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        generated = values.get("role") in ("doc-noteref", "doc-backlink")
        if tag == "a" and href is not None and not generated:
            self.hrefs.append(href)


def _page_links(document: RenderedDocument) -> list[str]:
    parser = _Anchors()
    pieces = [document.summary_html or "", document.editor_note_html or ""]
    for passage in document.passages:
        pieces += [passage.html, passage.original_html or ""]
    pieces += [note.html for note in document.notes]
    for piece in pieces:
        parser.feed(piece)
    parser.close()
    return parser.hrefs


EVERY_KIND_OF_LINK = (
    "## A heading [to p2](#p2)\n\n"
    'Plain [one](../other/#p1 "a &amp; \\"title\\"") and <https://example.org/x>, '
    "[a reference][r], [empty](), [spaced](<../a b/#p1>), [accented](../café/#p1) and "
    "[amp](../a&b/?x=1&y=2#p1).[^2]\n"
    "An image ![here](img/local.png), one ![from](//cdn.example.org/x.png) elsewhere, "
    "a linked one [![alt [not a link](#p9)](https://e.org/i.png)](../nested/#p4).\n\n"
    "{lang=zh-Hans}\n原文[链接](../other/#p77)\n\n"
    "- a list [item](#p99)\n\n"
    "> a quote [link](../other/#fn-1) and a missing note [^gone]\n\n"
    "    code [not a link](#p1)\n\n"
    "`[not a link](#p1)` and [no script](javascript:alert(1)).\n\n"
    "[^1]: First note, [from the editor](../other/#p3).\n\n"
    "[^2]: Second note, ![pic](http://x.org/a.png) and <mailto:a@b.c>.\n\n"
    "[^3]: Never referenced, [still](../zz/#p1).\n\n"
    "[r]: ../ref/#p6\n"
)


def test_the_links_checked_are_exactly_the_links_a_reader_can_follow_in_page_order() -> None:
    document = rendered(
        "here",
        EVERY_KIND_OF_LINK,
        editor_note="See [the other](../other/#p3), ![x](https://e.org/y.png) and [^1].",
        summary="Plain text, [not a link](../other/#p1).",
    )
    assert [href for href, _line in link_table(document).links] == _page_links(document)
    assert len(link_table(document).links) == 20


def test_a_link_is_reported_at_its_block_line_in_rows_notes_and_the_editors_note() -> None:
    body = "Text.[^1]\n\n{lang=zh-Hans}\n见[此](../other/#p50)。\n\n[^1]: See [x](../no/#p1).\n"
    editor_note = "See [it](../other/#p9) and [^e].\n\n[^e]: Its own note, [there](../gone/)."
    indented = editor_note.replace("\n", "\n  ").replace("\n  \n", "\n\n")
    header = f"---\ntitle: T\neditor_note: |\n  {indented}\n---\n"
    document = Document(
        source=SourceFile(PurePosixPath("content/here.md"), header + body),
        slug="here",
        meta=FrontMatter(title="T", editor_note=editor_note),
        body=body,
        body_line=8,
    )
    diagnostics = Diagnostics()
    check_links([render_document(document).rendered, OTHER], diagnostics)
    assert [(item.location.line, item.message.split("'")[1]) for item in diagnostics] == [
        (3, "../other/#p9"),
        (3, "../gone/"),
        (8, "../other/#p50"),
        (13, "../no/#p1"),
    ]


def test_an_image_from_the_sites_own_address_is_checked_like_a_link() -> None:
    image = "![map](https://example.org/archive/texts/other/#p12)"
    assert len(problems(f"See {image}.\n", base_url="https://example.org/archive/")) == 1
