"""The names index: reading `_names.yaml`, matching rules, and names the file still lacks."""

from pathlib import PurePosixPath

from site_builder.diagnostics import Diagnostics
from site_builder.model import (
    Document,
    FrontMatter,
    NameEntry,
    NameForm,
    Passage,
    RenderedDocument,
    SourceFile,
)
from site_builder.names import compile_names, parse_names, unlisted_names

NAMES_YAML = """\
- name: Brezhnev, Leonid
  forms: {en: Brezhnev, zh-Hans: 勃列日涅夫, ru: Брежнев}
  aliases: [Leonid Brezhnev]
- name: collective leadership
  kind: term
  forms: {en: collective leadership, zh-Hans: 集体领导}
- name: Party
  kind: organisation
"""


def rendered(*rows: tuple[str, str | None]) -> RenderedDocument:
    """A rendered document whose passages p1, p2, ... have these (text, original) pairs."""
    meta = FrontMatter(title="T")
    document = Document(SourceFile(PurePosixPath("content/t.md"), ""), "t", meta, "", 1)
    passages = tuple(
        Passage(
            id=f"p{number}",
            number=number,
            kind="paragraph",
            html=f"<p>{text}</p>",
            text=text,
            original_html=None if original is None else f"<p>{original}</p>",
            original_text=original,
            original_lang=None if original is None else "zh-Hans",
            line=number,
        )
        for number, (text, original) in enumerate(rows, start=1)
    )
    return RenderedDocument(document, passages, (), (), None, None, "hash", 0)


def names(text: str = NAMES_YAML):
    diagnostics = Diagnostics()
    entries = parse_names(text, "content/_names.yaml", diagnostics)
    assert not list(diagnostics), [item.format() for item in diagnostics]
    return compile_names(entries)


def test_entries_keep_their_forms_languages_and_a_key_from_the_headword() -> None:
    brezhnev = names().entries[0]
    assert brezhnev.key == "brezhnev-leonid"
    assert brezhnev.kind == "person"
    assert brezhnev.forms == (
        NameForm("Brezhnev", "en"),
        NameForm("勃列日涅夫", "zh-Hans"),
        NameForm("Брежнев", "ru"),
    )
    assert brezhnev.aliases == ("Leonid Brezhnev",)
    assert brezhnev.line == 1


def test_latin_and_cyrillic_forms_match_whole_words_only() -> None:
    document = rendered(
        ("Brezhnev’s tenure began.", None),
        ("Brezhnevism is not a mention.", None),
        ("Леонид Брежнев сказал.", None),
        ("The Брежнева family.", None),
    )
    mentions = names().mentions_in(document)
    assert [(m.key, m.passages) for m in mentions] == [("brezhnev-leonid", ("p1", "p3"))]


def test_chinese_forms_match_inside_longer_words() -> None:
    document = rendered(
        ("Weakened it.", "制度建设上弱化集体领导，抛弃民主集中制"), ("No.", "勃列日涅夫时期")
    )
    mentions = {m.key: m.passages for m in names().mentions_in(document)}
    assert mentions == {"collective-leadership": ("p1",), "brezhnev-leonid": ("p2",)}


def test_lower_case_forms_match_any_case_and_capitalised_forms_only_their_own() -> None:
    document = rendered(
        ("Collective Leadership was weakened.", None),
        ("The party met.", None),
        ("The Party met.", None),
    )
    mentions = {m.key: m.passages for m in names().mentions_in(document)}
    assert mentions == {"collective-leadership": ("p1",), "party": ("p3",)}


def test_a_passage_is_listed_once_however_often_it_mentions_the_name() -> None:
    document = rendered(("Brezhnev, Brezhnev and Leonid Brezhnev.", "勃列日涅夫"))
    assert names().mentions_in(document)[0].passages == ("p1",)


def test_a_form_spanning_a_line_break_still_matches() -> None:
    document = rendered(("Under Leonid\nBrezhnev, things slowed.", None))
    assert names().mentions_in(document)[0].passages == ("p1",)


def test_problems_in_the_names_file_are_reported_with_their_lines() -> None:
    diagnostics = Diagnostics()
    entries = parse_names(
        "- name: Lenin\n  knd: person\n- forms: {en: Stalin}\n- name: Trotsky\n  kind: hero\n"
        "- name: Lenin\n",
        "content/_names.yaml",
        diagnostics,
    )
    messages = [item.format() for item in diagnostics]
    assert any("_names.yaml:2:" in m and "unknown names entry key 'knd'" in m for m in messages)
    assert any("content/_names.yaml:3:" in m and "no 'name:'" in m for m in messages)
    assert any("content/_names.yaml:5:" in m and "kind 'hero'" in m for m in messages)
    assert any("content/_names.yaml:6:" in m and "already used" in m for m in messages)
    assert [entry.headword for entry in entries] == ["Lenin"]


def test_a_names_file_that_is_not_a_list_is_an_error() -> None:
    diagnostics = Diagnostics()
    assert parse_names("Lenin: person\n", "content/_names.yaml", diagnostics) == ()
    assert diagnostics.has_errors


def test_unlisted_names_counts_capitalised_names_inside_sentences_only() -> None:
    document = rendered(
        ("Later Trotsky wrote to Trotsky’s allies, and Trotsky replied.", None),
        ("Brezhnev met Kosygin and Kosygin and Kosygin.", None),
        ("Stalin spoke. Stalin left. Stalin returned.", None),
        ("It was said that the Soviet Union and the Soviet Union and the Soviet Union.", None),
    )
    found = unlisted_names([document], names())
    assert ("Trotsky", 3) in found
    assert ("Kosygin", 3) in found
    assert ("Soviet Union", 3) in found
    assert all(name != "Stalin" for name, _count in found), "sentence-initial names do not count"
    assert all(name != "Brezhnev" for name, _count in found), "listed names are not reported"
    assert found == sorted(found, key=lambda item: (-item[1], item[0]))


def test_the_shipped_names_file_is_valid_and_covers_the_demo_texts() -> None:
    from tests.support import REPO_ROOT

    diagnostics = Diagnostics()
    text = (REPO_ROOT / "content" / "_names.yaml").read_text(encoding="utf-8")
    entries = parse_names(text, "content/_names.yaml", diagnostics)
    assert not list(diagnostics), [item.format() for item in diagnostics]
    by_headword = {entry.headword: entry for entry in entries}
    brezhnev = by_headword["Brezhnev, Leonid"]
    assert {form.lang: form.text for form in brezhnev.forms} == {
        "en": "Brezhnev",
        "zh-Hans": "勃列日涅夫",
        "ru": "Брежнев",
    }
    assert len({entry.key for entry in entries}) == len(entries)
    assert isinstance(entries[0], NameEntry)
