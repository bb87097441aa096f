"""Citations of a document and of a passage in every style (site_builder.citation)."""

import json

import pytest

from site_builder.citation import (
    STYLES,
    CitedWork,
    Pinpoint,
    apa,
    bibtex,
    bibtex_key,
    chicago,
    citations,
    csl_json,
    mla,
    person_name,
)
from site_builder.model import Author, FrontMatter

META = FrontMatter(
    title="On Party Conduct",
    original_title="论党的作风",
    authors=(Author("Zhang Shuhua", "张树华"),),
    lang="en",
    original_lang="zh-Hans",
    date="2021-11-03",
    published_in="World Socialism Studies",
    published_in_original="世界社会主义研究",
    publisher="Fixture Press",
)
URL = "https://archive.example.org/texts/party-conduct/"
WORK = CitedWork(META, "party-conduct", URL, "Fixture Archive", "Fixture Press")
PASSAGE = Pinpoint("12", "p12")


def test_chinese_names_keep_family_name_first() -> None:
    name = person_name(Author("Zhang Shuhua", "张树华"))
    assert (name.family, name.given, name.inverted, name.initials) == (
        "Zhang", "Shuhua", "Zhang Shuhua", "Zhang, S.",
    )  # fmt: skip


def test_western_names_are_inverted_in_bibliographies() -> None:
    name = person_name(Author("Stephen Kotkin"))
    assert (name.family, name.inverted, name.initials) == (
        "Kotkin",
        "Kotkin, Stephen",
        "Kotkin, S.",
    )


def test_single_word_names_stay_as_written() -> None:
    assert person_name(Author("Xinhua")).inverted == "Xinhua"


def test_chicago_names_the_original_and_the_archive() -> None:
    assert chicago(WORK) == (
        "Zhang Shuhua. “On Party Conduct.” Originally published as “论党的作风” in World "
        "Socialism Studies (世界社会主义研究), November 3, 2021. Translation, Fixture Archive, "
        f"Fixture Press. {URL}."
    )


def test_chicago_passage_adds_the_pinpoint_and_the_passage_url() -> None:
    assert chicago(WORK, PASSAGE).endswith(f"Fixture Press. ¶ 12. {URL}#p12.")


def test_mla_uses_day_month_year_and_drops_the_scheme() -> None:
    assert mla(WORK) == (
        "Zhang Shuhua. “On Party Conduct.” World Socialism Studies, 3 Nov. 2021. Translation, "
        "Fixture Archive, Fixture Press, archive.example.org/texts/party-conduct/."
    )
    assert "par. 12, archive.example.org/texts/party-conduct/#p12." in mla(WORK, PASSAGE)


def test_mla_lists_two_authors_and_shortens_three() -> None:
    two = FrontMatter(title="T", authors=(Author("Ann Lee"), Author("Bo Chen")))
    three = FrontMatter(title="T", authors=(Author("A B"), Author("C D"), Author("E F")))
    assert mla(CitedWork(two, "t", None, "", None)).startswith("Lee, Ann, and Bo Chen.")
    assert mla(CitedWork(three, "t", None, "", None)).startswith("B, A, et al.")


def test_apa_has_initials_date_and_bracketed_original_title() -> None:
    assert apa(WORK) == (
        "Zhang, S. (2021, November 3). On Party Conduct [论党的作风]. Translated from World "
        f"Socialism Studies. Fixture Archive, Fixture Press. {URL}"
    )


def test_apa_without_date_says_no_date() -> None:
    assert "(n.d.)" in apa(CitedWork(FrontMatter(title="Untitled"), "u", None, "A", None))


def test_bibtex_entry_escapes_special_characters() -> None:
    work = CitedWork(
        FrontMatter(title="Profit & Loss_50% {draft}", date="1999"), "p", None, "Arc #1", None
    )
    entry = bibtex(work)
    assert entry.startswith("@misc{1999profit,\n")
    assert r"title = {{Profit \& Loss\_50\% \{draft\}}}" in entry
    assert r"note = {Translation, in Arc \#1}" in entry
    assert entry.count("{") == entry.count("}") + entry.count(r"\}") - entry.count(r"\{")


def test_bibtex_article_fields_and_passage_key() -> None:
    entry = bibtex(WORK, PASSAGE)
    assert entry.startswith("@article{zhang2021party-p12,\n")
    for line in (
        "  author = {Zhang, Shuhua}",
        "  journal = {World Socialism Studies}",
        "  month = nov",
        f"  url = {{{URL}#p12}}",
        "  note = {Translation, in Fixture Archive, para. 12}",
    ):
        assert line in entry.splitlines() or line + "," in entry.splitlines()


def test_bibtex_key_falls_back_to_the_slug() -> None:
    assert bibtex_key(CitedWork(FrontMatter(title="论"), "lun-dang", None, "", None)) == "lundang"


def test_csl_json_is_valid_json_with_structured_names_and_dates() -> None:
    [item] = json.loads(csl_json(WORK))
    assert item["author"] == [{"family": "Zhang", "given": "Shuhua"}]
    assert item["issued"] == {"date-parts": [[2021, 11, 3]]}
    assert item["original-title"] == "论党的作风"
    assert item["container-title"] == "World Socialism Studies"
    assert item["URL"] == URL
    assert '"date-parts": [[2021, 11, 3]]' in csl_json(WORK)


def test_csl_json_passage_points_at_the_passage() -> None:
    [item] = json.loads(csl_json(WORK, PASSAGE))
    assert item["id"] == "party-conduct-p12"
    assert item["URL"] == URL + "#p12"


def test_without_a_base_url_citations_have_no_url() -> None:
    work = CitedWork(META, "party-conduct", None, "Fixture Archive", "Fixture Press")
    for citation in citations(work, PASSAGE):
        assert "http" not in citation.text, citation.style


@pytest.mark.parametrize("month", ["2021", "2021-02"])
def test_partial_dates_are_cited_as_far_as_known(month: str) -> None:
    work = CitedWork(FrontMatter(title="T", date=month), "t", None, "A", None)
    expected = {"2021": "2021.", "2021-02": "February 2021."}[month]
    assert expected in chicago(work)


def test_every_style_is_listed_once_in_panel_order() -> None:
    assert [style for style, _name, _format in STYLES] == [
        "chicago", "mla", "apa", "bibtex", "csl-json",
    ]  # fmt: skip
    assert [citation.name for citation in citations(WORK)] == [
        "Chicago", "MLA", "APA", "BibTeX", "CSL-JSON",
    ]  # fmt: skip
