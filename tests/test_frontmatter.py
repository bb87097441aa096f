from site_builder.diagnostics import Diagnostics
from site_builder.frontmatter import parse_front_matter, split_front_matter
from site_builder.model import Author, FrontMatter, SourceRecord


def parse(text: str) -> tuple[FrontMatter | None, list[str]]:
    diagnostics = Diagnostics()
    split = split_front_matter(text, "content/x.md", diagnostics)
    meta = parse_front_matter(split, "content/x.md", "en", diagnostics) if split else None
    return meta, [item.format() for item in diagnostics]


def test_every_documented_key_is_read() -> None:
    meta, problems = parse(
        "---\n"
        "title: Lessons\n"
        "original_title: 镜鉴\n"
        "authors:\n"
        "  - name: Zhang Shuhua\n"
        "    original_name: 张树华\n"
        "  - Zhang Zhang\n"
        "lang: en\n"
        "original_lang: zh-Hans\n"
        "date: 2021-11-03\n"
        "published_in: World Socialism Studies\n"
        "published_in_original: 世界社会主义研究\n"
        "publisher: 'CSIS Interpret: China'\n"
        "summary: Two scholars.\n"
        "editor_note: See [^1].\n"
        "tags: [CPSU, corruption]\n"
        "source: {file: sources/a.txt, sha256: abc}\n"
        "---\nBody\n"
    )
    assert problems == []
    assert meta == FrontMatter(
        title="Lessons",
        original_title="镜鉴",
        authors=(Author("Zhang Shuhua", "张树华"), Author("Zhang Zhang")),
        lang="en",
        original_lang="zh-Hans",
        date="2021-11-03",
        published_in="World Socialism Studies",
        published_in_original="世界社会主义研究",
        publisher="CSIS Interpret: China",
        summary="Two scholars.",
        editor_note="See [^1].",
        tags=("CPSU", "corruption"),
        source=SourceRecord(file="sources/a.txt", sha256="abc"),
    )


def test_the_body_starts_after_the_closing_fence() -> None:
    diagnostics = Diagnostics()
    split = split_front_matter("---\ntitle: A\n---\nFirst\n", "x.md", diagnostics)
    assert split is not None
    assert (split.body, split.body_line, split.yaml_line) == ("First\n", 4, 2)


def test_partial_dates_are_allowed() -> None:
    assert parse("---\ntitle: A\ndate: 1999\n---\n")[0].date == "1999"  # type: ignore[union-attr]
    assert parse("---\ntitle: A\ndate: 1999-07\n---\n")[0].date == "1999-07"  # type: ignore[union-attr]


def test_unknown_key_reports_its_line_with_a_did_you_mean() -> None:
    assert parse("---\ntitle: A\nautors: [B]\n---\n") == (
        None,
        [
            "content/x.md:3: error: unknown front-matter key 'autors'; did you mean "
            "'authors'? [front-matter]"
        ],
    )


def test_missing_or_empty_title_is_an_error() -> None:
    assert parse("---\ndate: 2001\n---\n")[1] == [
        "content/x.md:2: error: the document has no title; add 'title: ...' to the front "
        "matter [title-missing]"
    ]
    assert parse("---\ntitle: '  '\n---\n")[1] == [
        "content/x.md:2: error: the document has no title; add 'title: ...' to the front "
        "matter [title-missing]"
    ]


def test_invalid_date_and_language_are_reported_with_their_lines() -> None:
    assert parse("---\ntitle: A\ndate: 2021-13-01\nlang: english\n---\n")[1] == [
        "content/x.md:4: error: 'lang: english' is not a BCP 47 language tag; write e.g. "
        "'en', 'zh-Hans' or 'zh-Hant' [language-tag]",
        "content/x.md:3: error: 'date: 2021-13-01' is not a date; write YYYY-MM-DD, YYYY-MM "
        "or YYYY (e.g. 2021-11-03) [date]",
    ]
    assert parse("---\ntitle: A\ndate: 2021-02-30\n---\n")[1] == [
        "content/x.md:3: error: 'date: 2021-02-30' is not a date; write YYYY-MM-DD, YYYY-MM "
        "or YYYY (e.g. 2021-11-03) [date]"
    ]


def test_malformed_yaml_names_the_file_line() -> None:
    meta, problems = parse("---\ntitle: A\ntags: [x\n---\n")
    assert meta is None
    (problem,) = problems
    assert problem.startswith("content/x.md:3: error: malformed YAML in front matter:")


def test_a_file_without_front_matter_says_how_to_add_it() -> None:
    assert parse("# Just text\n") == (
        None,
        [
            "content/x.md:1: error: no front matter; start the file with a line '---', the "
            "YAML metadata (at least 'title:'), and another '---' [front-matter]"
        ],
    )


def test_unclosed_front_matter_is_reported() -> None:
    assert parse("---\ntitle: A\n")[1] == [
        "content/x.md:1: error: front matter is never closed; add a line '---' after the "
        "metadata [front-matter]"
    ]


def test_a_list_where_text_belongs_is_reported() -> None:
    assert parse("---\ntitle: [A, B]\n---\n")[1][0] == (
        "content/x.md:2: error: 'title' must be text, not a list; write it as a plain value "
        "[front-matter]"
    )
