"""Facets, slugs and browse pages, from summaries and from the built fixture site."""

from pathlib import Path, PurePosixPath

import pytest

from site_builder.browse import names_by_letter
from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.model import (
    Author,
    DocumentSummary,
    FrontMatter,
    IndexedName,
    NameEntry,
    NameForm,
    Passage,
)
from site_builder.names import passage_link_label
from site_builder.site import ascii_slug, assemble, language_name, unique_slugs
from tests.support import copy_project

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"


def summary(slug: str, **meta: object) -> DocumentSummary:
    front = FrontMatter(title=str(meta.pop("title", slug.title())), **meta)  # type: ignore[arg-type]
    return DocumentSummary(slug, front, f"content/{slug}.md", 1, False, 10)


def test_slugs_are_ascii_and_stable() -> None:
    assert ascii_slug("Zhang Shuhua") == "zhang-shuhua"
    assert ascii_slug("Brežnev, Leonid") == "breznev-leonid"
    assert ascii_slug("Workers’ and Peasants’ Inspection") == "workers-and-peasants-inspection"
    cjk = ascii_slug("张树华")
    assert cjk.startswith("x-") and cjk.isascii() and cjk == ascii_slug("张树华")


def test_clashing_slugs_keep_the_plain_slug_for_the_first_label() -> None:
    slugs = unique_slugs(["Li-Peng", "Li Peng"])
    assert slugs["Li Peng"] == "li-peng"
    assert slugs["Li-Peng"].startswith("li-peng-") and slugs["Li-Peng"] != "li-peng"
    assert unique_slugs(["Li Peng"]) == {"Li Peng": "li-peng"}


def test_facets_group_documents_by_author_tag_year_venue_and_language() -> None:
    site = assemble(
        [
            summary(
                "a",
                authors=(Author("Zhang Shuhua", "张树华"),),
                date="2021-11-03",
                tags=("CPSU",),
                published_in="World Socialism Studies",
                original_lang="zh-Hans",
            ),
            summary("b", authors=(Author("Zhang Shuhua"),), date="2006", tags=("CPSU", "TV")),
            summary("c", title="Undated"),
        ]
    )
    facets = site.facets
    assert [(f.slug, f.documents) for f in facets.authors] == [("zhang-shuhua", ("a", "b"))]
    assert facets.authors[0].original_label == "张树华"
    assert facets.authors[0].original_lang == "zh-Hans"
    assert [(f.label, f.documents) for f in facets.tags] == [("CPSU", ("a", "b")), ("TV", ("b",))]
    assert [(f.slug, f.documents) for f in facets.years] == [("2021", ("a",)), ("2006", ("b",))]
    assert [(f.slug, f.documents) for f in facets.venues] == [("world-socialism-studies", ("a",))]
    assert {(f.slug, f.label, f.documents) for f in facets.languages} == {
        ("zh-hans", "Chinese (Simplified)", ("a",)),
        ("en", "English", ("b", "c")),
    }
    assert [d.slug for d in site.documents] == ["a", "b", "c"], "newest first, undated last"


def test_language_names() -> None:
    assert language_name("zh-Hans") == "Chinese (Simplified)"
    assert language_name("ru") == "Russian"
    assert language_name("zh-TW") == "Chinese"
    assert language_name("tlh") == "tlh"


def test_names_are_grouped_by_initial_ignoring_case_and_accents() -> None:
    def indexed(headword: str) -> IndexedName:
        entry = NameEntry(ascii_slug(headword), headword, "person", (NameForm(headword, "en"),))
        return IndexedName(entry, ())

    groups = names_by_letter([indexed("bureaucracy"), indexed("Élysée"), indexed("列宁")])
    assert [(g.letter, [n.entry.headword for n in g.names]) for g in groups] == [
        ("#", ["列宁"]),
        ("B", ["bureaucracy"]),
        ("E", ["Élysée"]),
    ]


def passage(id: str, number: int | None, kind: str, text: str) -> Passage:
    return Passage(id, number, kind, "", text, None, None, None, 1)


def test_links_to_passages_show_their_number_and_to_headings_their_first_words() -> None:
    assert passage_link_label(passage("p12", 12, "paragraph", "Text.")) == "¶\u202f12"
    assert passage_link_label(passage("p12a", None, "paragraph", "Text.")) == "¶\u202f12a"
    heading = "(1) Stagnant and Unmotivated to Make Progress in Ideology"
    assert (
        passage_link_label(passage("s-1-stagnant-and-unmotivated", None, "heading", heading))
        == "§\u202f(1) Stagnant and Unmotivated to Make…"
    )
    assert passage_link_label(passage("s-intro", None, "heading", "Intro")) == "§\u202fIntro"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browse") / "site"
    build(load_config(copy_project(FIXTURE, out.parent)), BuildOptions(output=out, search=False))
    return out


def test_the_build_writes_a_browse_page_per_author_tag_and_year(site: Path) -> None:
    pages = {
        PurePosixPath(path.relative_to(site).as_posix()).parent.as_posix()
        for path in site.glob("*/**/index.html")
    }
    assert {"authors", "authors/zhang-shuhua", "tags", "tags/cpsu", "tags/conduct"} <= pages
    assert {"years", "years/2021", "years/2006", "names", "search"} <= pages
    author_page = (site / "authors/zhang-shuhua/index.html").read_text(encoding="utf-8")
    assert 'href="../../texts/party-conduct/"' in author_page, "links are relative"
    assert "Documents by Zhang Shuhua" in author_page


def test_the_index_lists_every_document_with_its_filter_values(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    for stem in (p.stem for p in (FIXTURE / "content").glob("*.md")):
        assert f'data-slug="{stem}"' in index
        assert f'href="texts/{stem}/"' in index
    assert 'data-authors="zhang-shuhua"' in index
    assert 'data-language="zh-hans"' in index
    assert "data-index-controls hidden" in index, "controls appear only with JavaScript"
    assert 'href="authors/zhang-shuhua/"' in index
