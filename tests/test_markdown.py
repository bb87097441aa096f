"""Markdown → passages, as text fixtures in markdown-it's format (`tests/markdown/*.md`).

Each case is a document body and the rows it renders to, with the diagnostics it reports.
The body is wrapped in a front matter of 4 lines (`---`, title, lang, `---`), so the body's
first line is file line 6 (after a blank line).
"""

from pathlib import Path, PurePosixPath

import pytest
from markdown_it.utils import read_fixture_file

from site_builder.model import Document, FrontMatter, SourceFile
from site_builder.render import render_document

FIXTURES = Path(__file__).parent / "markdown"
CASES = [
    pytest.param(body, expected, id=f"{path.stem}:{line}:{title}")
    for path in sorted(FIXTURES.glob("*.md"))
    for line, title, body, expected in read_fixture_file(path)
]


def render_case(body: str) -> str:
    document = Document(
        source=SourceFile(PurePosixPath("content/case.md"), body),
        slug="case",
        meta=FrontMatter(title="Case", lang="en"),
        body=body,
        body_line=6,
    )
    result = render_document(document)
    lines: list[str] = []
    for passage in result.rendered.passages:
        label = "-" if passage.kind == "heading" else passage.label
        lines.append(f"{passage.id} [{label}] {passage.kind} line {passage.line}")
        lines.append(f"  translation: {passage.html}")
        if passage.original_html is not None:
            lines.append(f"  original ({passage.original_lang}): {passage.original_html}")
    for note in result.rendered.notes:
        references = f"{note.references} references"
        lines.append(f"note {note.label} ({references}) line {note.line}: {note.html}")
    for item in result.diagnostics:
        lines.append(f"{item.level.value} [{item.code}] line {item.location.line}: {item.message}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_markdown_fixture(body: str, expected: str) -> None:
    assert render_case(body) == expected
