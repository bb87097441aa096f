"""Property tests: whatever the input, the import keeps every word (the fidelity check holds)."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.importer.fidelity import compare, words
from tests.importer.convert_helpers import convert
from tests.importer.seeds import seed_paths

TOKENS = [
    "the",
    "Party",
    "people’s",
    "“quoted”",
    "‘single’",
    "No.",
    "8",
    "1991,",
    "7.4%.5",
    "2.9",
    "million",
    "invincib1e",
    "said.”1",
    "people,”",
    "3",
    "[1]",
    "[2]",
    "[note",
    "–",
    "CR]",
    "*",
    "_",
    "`",
    "<b>",
    "&amp;",
    "#",
    "\\",
    "{lang=x}",
    "}",
    "~~~",
    "|",
    "!",
    "[^1]",
    "1.",
    "2)",
    "a)",
    "(1)",
    "(一)",
    "1.1",
    "中文",
    "思想上故步自封、不思进取。",
    "Щёлоков",
    "…",
    "—",
    "?",
    ":",
    "Editor’s",
    "Note:",
    "Cite",
    "This",
    "Page",
    "To",
    "top",
    "https://x.org/a_b",
]
word = st.one_of(
    st.sampled_from(TOKENS), st.text("abcXYZ019.,;:!?*_[](){}#<>&\\“”", min_size=1, max_size=6)
)
line = st.lists(word, min_size=1, max_size=25).map(" ".join)
separator = st.sampled_from(["\n\n", "\n\n\n", "\n", "\n\n\n\n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A scraped page: lines of mixed prose, numbers, scripts and Markdown-like syntax."""
    lines = draw(st.lists(line, min_size=1, max_size=12))
    parts = [lines[0]]
    for text in lines[1:]:
        parts += [draw(separator), text]
    return "".join(parts) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_pages_keep_every_word(text: str) -> None:
    fidelity = convert(text).fidelity
    assert fidelity.exact, fidelity.summary()


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(seed_paths()))
def test_shuffled_seed_paragraphs_keep_every_word(rng: random.Random, path: object) -> None:
    paragraphs = [
        block
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()  # type: ignore[attr-defined]
    ]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    fidelity = convert("\n\n".join(head + rest[:60])).fidelity
    assert fidelity.exact, fidelity.summary()


def test_the_check_reports_a_lost_word_and_where() -> None:
    result = compare(words("one two three four five"), words("one two four five"))
    assert not result.exact
    assert (result.words_in, result.words_out, result.words_kept) == (5, 4, 4)
    assert result.first_difference == (
        "first difference at word 3 after 'one two': source has 'three', Markdown has 'four'"
    )


PRINTABLE = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Zl", "Zp"), exclude_characters="\r\n"
)


@settings(max_examples=300, deadline=None)
@given(st.text(PRINTABLE, min_size=1, max_size=40).map(lambda text: text.strip(" \t")))
def test_escaped_text_renders_back_to_exactly_itself(text: str) -> None:
    from site_builder.importer.emit import escape_text
    from site_builder.importer.fidelity import create_parser

    if not text:
        return
    tokens = create_parser().parse(escape_text(text))
    inline = [token for token in tokens if token.type == "inline"]
    assert len(inline) == 1, tokens
    rendered = "".join(child.content for child in inline[0].children or [])
    assert rendered == text
