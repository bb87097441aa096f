"""Hostile and broken input: never a crash, only diagnostics; never markup, only text.

- Random bytes and random Markdown through the loader, the renderer and the importer give
  diagnostics or documents, never an exception (Hypothesis, derandomized: the same examples
  every run).
- A 50 MB document is refused with a message; 1,000-deep nesting renders.
- Raw HTML, `<script>`, event-handler attributes and `javascript:` URLs written in a body or
  in front matter appear in the built site only as text: every output file is checked (pages,
  JSON, feeds, the search index), not just the reading page.
"""

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostics, Level
from site_builder.linkcheck import check_links
from site_builder.loader import load_document, read_source
from site_builder.model import Document, FrontMatter, SourceFile
from site_builder.render import render_document

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

MARKDOWN_PIECES = (
    "#", "## ", ">", "> ", "-", "- ", "* ", "1. ", "*", "_", "`", "```", "~~~", "[", "]", "(",
    ")", "!", "{", "}", "=", "^", ":", "\n", "\n\n", " ", "    ", "\t", "|", "<", ">", "&",
    "\\", "---", "***", "word", "Lenin", "字", "苏联", "{lang=zh-Hans}\n", "{lang=en}\n",
    "{#p1}\n", "{#p2a}\n", "{#p2a}\n", "{#fn-1}\n", "{.class onclick=x}\n", "[^1]", "[^1]: ",
    "[^note]", "[^]", "[^1]:\n", "#p1", "../x/#p9", "[a](../x/#p1)", "[a](#p99)",
    "<script>", "javascript:", "<b onclick=alert(1)>", "&#x0;", "\u0000", "\ufeff", "\r",
    "\r\n", "\u2028", "\ud7ff", "\U0001f600",
)  # fmt: skip


def markdown_text() -> st.SearchStrategy[str]:
    pieces = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60).map("".join)
    return st.one_of(pieces, st.text(max_size=300), st.tuples(pieces, st.text()).map("".join))


def front_matter_text() -> st.SearchStrategy[str]:
    lines = st.sampled_from(
        (
            "title: T",
            "title:",
            "title: [",
            "title: {a: 1}",
            "lang: zh-Hans",
            "lang: 12",
            "original_lang: zh_Hans",
            "date: 2021-02-30",
            "date: 2021",
            "authors: [A, {name: B}, 3]",
            "authors: {name: }",
            "tags: x",
            "tags: [[1]]",
            "source: {file: 1}",
            "autors: []",
            "editor_note: '[^1] <script>'",
            "summary: '**x**'",
            "  indented: x",
            "- a list",
            "? complex",
            "&anchor a: *anchor",
            "!!python/object:os.system x: 1",
            "---",
            "",
        )
    )
    return st.lists(st.one_of(lines, st.text(max_size=20)), max_size=8).map("\n".join)


def render_any(document: Document) -> None:
    """Render and link-check a document; only diagnostics may come out, never an exception."""
    result = render_document(document)
    diagnostics = Diagnostics()
    check_links([result.rendered], diagnostics)
    for item in (*result.diagnostics, *diagnostics):
        assert item.level in (Level.ERROR, Level.WARNING)
        assert item.location.path == document.source.path.as_posix()


@PROPERTY
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_loader_or_the_renderer(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        path = root / "content" / "random.md"
        path.write_bytes(data)
        config = SiteConfig(root=root)
        diagnostics = Diagnostics()
        source = read_source(path, root, diagnostics)
        document = load_document(source, config, diagnostics) if source else None
        if document is None:
            assert diagnostics.has_errors, "a refused file must say why"
        else:
            render_any(document)


@PROPERTY
@given(front_matter_text(), markdown_text())
def test_random_front_matter_and_markdown_never_crash(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    diagnostics = Diagnostics()
    source = SourceFile(PurePosixPath("content/random.md"), text)
    document = load_document(source, SiteConfig(root=Path("/nonexistent")), diagnostics)
    if document is None:
        assert diagnostics.has_errors
    else:
        render_any(document)


@PROPERTY
@given(markdown_text())
def test_random_markdown_bodies_always_render(body: str) -> None:
    source = SourceFile(PurePosixPath("content/random.md"), "---\ntitle: T\n---\n" + body)
    render_any(Document(source, "random", FrontMatter(title="T"), body, 4))


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.binary(max_size=3000), markdown_text().map(str.encode)))
def test_random_sources_never_crash_the_importer(data: bytes) -> None:
    from site_builder.importer import ImportOptions, import_sources

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "sources" / "random.txt"
        source.parent.mkdir()
        source.write_bytes(data)
        report = import_sources(
            (source,), ImportOptions(out_dir=root / "content", project_root=root)
        )
        for item in report.diagnostics:
            assert item.level in (Level.ERROR, Level.WARNING)


# --- size and depth ------------------------------------------------------------------------

DEEP = {
    "block quotes": ">" * 1000 + " deep",
    "brackets": "[" * 1000 + "x" + "]" * 1000,
    "links": "[a](" * 1000 + "x" + ")" * 1000,
    "bullet lists": "\n".join("  " * depth + "- item" for depth in range(1000)),
    "ordered lists": "\n".join("   " * depth + "1. item" for depth in range(1000)),
    "emphasis": "*" * 1000 + "x" + "*" * 1000,
    "quoted lists": "> - " * 1000 + "x",
    "images": "![" * 1000 + "x" + "](y)" * 1000,
    "note markers": "[^" * 1000 + "x" + "]" * 1000,
    "braces": "{" * 1000 + "\nx",
}


def run_build(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "site_builder", "build", "--project", str(project)]
    return subprocess.run(
        [*command, "--out", str(out), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_thousand_deep_nesting_renders(kind: str) -> None:
    body = DEEP[kind] + "\n"
    source = SourceFile(PurePosixPath("content/deep.md"), "---\ntitle: T\n---\n" + body)
    result = render_document(Document(source, "deep", FrontMatter(title="T"), body, 4))
    assert result.rendered.passages


def test_a_site_of_deeply_nested_documents_builds(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text("title: Deep\n")
    for number, body in enumerate(DEEP.values()):
        (project / "content" / f"deep-{number}.md").write_text(
            f"---\ntitle: D{number}\n---\n{body}\n"
        )
    result = run_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_50_mb_document_is_refused_with_a_message_and_the_old_site_kept(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text("title: Huge\n")
    paragraph = b"A sentence of the huge document, repeated. " * 20 + b"\n\n"
    with (project / "content" / "huge.md").open("wb") as stream:
        stream.write(b"---\ntitle: Huge\n---\n\n")
        stream.write(paragraph * (50 * 1024 * 1024 // len(paragraph) + 1))
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the last good site")

    result = run_build(project, out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/huge.md: error: the file is 50 MB, over the 20 MB limit; split it into "
        "several documents [too-large]",
        "Failed: 1 error.",
    ]
    assert [path.name for path in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "the last good site"


# --- markup in content is text everywhere --------------------------------------------------

HOSTILE_DOCUMENT = """\
---
title: <script>alert("title")</script> Title
original_title: <img src=x onerror=alert("original_title")>
authors:
  - name: <script>alert("author")</script>
    original_name: <b onmouseover=alert("original_name")>名</b>
  - <svg onload=alert("author2")>
lang: en
original_lang: zh-Hans
date: 2021-11-03
published_in: <iframe src="javascript:alert('published_in')"></iframe>
published_in_original: <a href="javascript:alert('published_in_original')">刊</a>
publisher: <object data="javascript:alert('publisher')"></object>
summary: <b onclick=alert("summary")>bold</b> [link](javascript:alert("summary-link"))
editor_note: <script>alert("editor_note")</script> [x](JAVASCRIPT:alert("editor-link"))[^1]
tags: ['<script>alert("tag")</script>', 'javascript:alert("tag2")']
---

<script>alert("block")</script>

<div onclick="alert('div')">A raw div.</div>

Inline <img src=x onerror=alert("inline")> and <a href="javascript:alert('raw-a')">a</a>.

[A link](javascript:alert("md-link")) and [another](  jAvAsCrIpT:alert("case")) and
<javascript:alert("autolink")> and ![image](javascript:alert("image")) and
[tabbed](java&#x09;script:alert("entity")) and
[data](data:text/html,<script>alert("data")</script>).

{onclick="alert('attribute')"}
A passage with a forbidden attribute.

{lang=zh-Hans}
<script>alert("original")</script>原文。

A note reference.[^1]

[^1]: <script>alert("note")</script> [x](javascript:alert("note-link"))
"""

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster"}
ACTIVE_ELEMENTS = {"iframe", "object", "embed"}


class _MarkupAudit(HTMLParser):
    """Finds markup that came from content: scripts that alert, event handlers, script URLs,
    and elements that our templates never write."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.script_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        self.in_script = tag == "script"
        self.script_type = dict(attrs).get("type") or "" if self.in_script else ""
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if not self.in_script:
            return
        if self.script_type.endswith("json"):
            # Data blocks (JSON-LD) must escape '<' so that no text can close the element.
            if "<" in data:
                self.problems.append(f"unescaped '<' in a {self.script_type} block")
        elif "alert(" in data:
            self.problems.append(f"script content from the document: {data[:80]!r}")


def markup_problems(html: str) -> list[str]:
    audit = _MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.problems


def _json_strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _json_strings(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, key)
    elif isinstance(value, str):
        yield key, value


def file_problems(path: Path, data: bytes) -> list[str]:
    """What in one output file is markup from the hostile document rather than text."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    suffix = path.suffix
    text = data.decode("utf-8", errors="replace")
    if suffix == ".html":
        return markup_problems(text)
    if suffix == ".pf_fragment":
        # A Pagefind fragment is a signature then JSON: the page's text (`content`), its title
        # and anchors, all plain text that static/js/search.js only ever puts into text nodes.
        # Audited like our own JSON: no field meant as HTML may carry markup.
        text = text[text.index("{") :]
        suffix = ".json"
    if suffix in (".json", ".jsonld", ".webmanifest"):
        problems = []
        for key, value in _json_strings(json.loads(text)):
            if "html" in key.lower():
                problems += markup_problems(value)
            if key.lower() in ("url", "href", "@id") and "javascript:" in value.lower():
                problems.append(f"{key}: {value!r}")
        return problems
    if suffix == ".xml":
        problems = []
        for element in ElementTree.fromstring(data).iter():
            for name, value in element.attrib.items():
                if name.endswith("href") and "javascript:" in value.lower():
                    problems.append(f"{element.tag} {name}={value!r}")
            is_html = element.get("type") in ("html", "xhtml") or element.tag in (
                "description",
                "{http://purl.org/rss/1.0/modules/content/}encoded",
            )
            if is_html and element.text:
                problems += markup_problems(element.text)
        return problems
    if suffix in (".css", ".js", ".mjs", ".wasm", ".png", ".svg", ".woff2", ".ico"):
        return []
    # Anything else (search index fragments and metadata): markup from the document must not
    # survive as markup, whatever the container.
    return [f"raw {needle!r}" for needle in ("<script>alert", "onerror=alert(") if needle in text]


def test_markup_in_content_is_text_in_every_output_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text(
        "title: Hostile\nbase_url: https://example.org/archive/\npublisher: Archive\n"
    )
    (project / "content" / "hostile.md").write_text(HOSTILE_DOCUMENT)
    shutil.copy(
        Path(__file__).parent / "fixtures" / "sites" / "basic" / "content" / "party-conduct.md",
        project / "content" / "party-conduct.md",
    )
    out = tmp_path / "out"
    result = run_build(project, out)
    assert result.returncode == 0, result.stderr

    problems = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            found = file_problems(path, path.read_bytes())
            if found:
                problems[path.relative_to(out).as_posix()] = found
    assert problems == {}
    reading = (out / "texts" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;block&#34;)&lt;/script&gt;" in reading or (
        "&lt;script&gt;alert(&quot;block&quot;)&lt;/script&gt;" in reading
    ), "raw HTML in a body is shown as text, not dropped"


def test_the_markup_audit_catches_what_it_looks_for() -> None:
    assert markup_problems('<a href=" javascript:alert(1)">x</a>')
    assert markup_problems('<img src="x" onerror="alert(1)">')
    assert markup_problems("<script>alert(1)</script>")
    assert markup_problems('<script type="application/ld+json">{"a": "<script>alert(1)"}</script>')
    assert not markup_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert not markup_problems('<script type="module" src="static/js/reading.js"></script>')
