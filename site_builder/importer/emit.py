"""Deterministic Markdown: the front matter and the body of `content/<slug>.md`.

Text is escaped so that the rendered text is exactly the source text: every character Markdown
could read as syntax is backslash-escaped, and numbers at the start of a line stay text.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Collection, Iterable
from typing import Any

import yaml

from .model import NOTE_CLOSE, NOTE_OPEN, Block, BlockKind, Metadata, NoteText

_ESCAPED_ANYWHERE = re.compile(r"([\\`*_\[\]<>&#])")
_LINE_START = re.compile(r"[-+=~|>{}]|\d{1,9}[.)](?=[ \t]|$)")
_DEFINITION_LIKE = re.compile(r"^(\[\^\d+\]):")
_MARKER = re.compile(f"{NOTE_OPEN}(\\d+){NOTE_CLOSE}")
DIGIT_PLACEHOLDER = "f" * 64
"""Stands in for the import digest while the digest is computed."""
_DIGEST_LINE = re.compile(r"^(  import_digest: )([0-9a-f]{64})$", re.MULTILINE)


def escape_text(text: str, *, at_line_start: bool = True) -> str:
    """`text` as Markdown inline source that renders back to exactly `text` (markers aside).

    `at_line_start` is False for heading text, where `1.` or `-` cannot start a list.
    """
    pieces: list[str] = []
    position = 0
    for match in _MARKER.finditer(text):
        pieces.append(_escape_plain(text[position : match.start()]))
        pieces.append(f"[^{match[1]}]")
        position = match.end()
    pieces.append(_escape_plain(text[position:]))
    escaped = "".join(pieces)
    start = _LINE_START.match(escaped) if at_line_start else None
    if start:
        escaped = f"{escaped[: start.end() - 1]}\\{escaped[start.end() - 1 :]}"
    # `[^1]:` at the start of a paragraph would define a note instead of referring to one
    escaped = _DEFINITION_LIKE.sub(r"\1\\:", escaped)
    return _protect_edges(escaped)


def escape_paragraphs(text: str) -> str:
    """Escape each paragraph of a multi-paragraph value (an editor's note)."""
    return "\n\n".join(escape_text(paragraph) for paragraph in text.split("\n\n"))


def _escape_plain(text: str) -> str:
    return _ESCAPED_ANYWHERE.sub(r"\\\1", text)


def _protect_edges(text: str) -> str:
    """Keep leading and trailing non-ASCII spaces (ideographic spaces), which Markdown strips."""
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if lead == len(text):
        return "".join(f"&#x{ord(char):X};" for char in text)
    head = "".join(f"&#x{ord(char):X};" for char in text[:lead])
    tail = "".join(f"&#x{ord(char):X};" for char in text[len(text) - trail :])
    return head + text[lead : len(text) - trail] + tail


def render_body(
    blocks: Iterable[Block], notes: Iterable[NoteText], referenced: Collection[str]
) -> str:
    """The Markdown body: blocks separated by blank lines, then the note definitions.

    A note that nothing refers to (or a second note with the same number) would vanish from the
    rendered page as a definition, so it stays a paragraph with its number in brackets, placed
    before the definitions (which Markdown always renders last).
    """
    parts: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            text = f"{'#' * block.level} {escape_text(block.text, at_line_start=False)}"
        else:
            text = escape_text(block.text)
        if block.lang is not None and block.paired:
            text = f"{{lang={block.lang}}}\n{text}"
        parts.append(text)
    definitions, paragraphs = split_notes(notes, referenced)
    parts += [
        escape_text(f"{note.written or f'[{note.label}]'} {note.text}") for note in paragraphs
    ]
    parts += [f"[^{note.label}]: {escape_text(note.text)}" for note in definitions]
    return "\n\n".join(parts) + "\n"


def split_notes(
    notes: Iterable[NoteText], referenced: Collection[str]
) -> tuple[list[NoteText], list[NoteText]]:
    """(notes that become definitions, notes that stay paragraphs), each in source order."""
    definitions: list[NoteText] = []
    paragraphs: list[NoteText] = []
    defined: set[str] = set()
    for note in notes:
        if note.label in referenced and note.label not in defined:
            defined.add(note.label)
            definitions.append(note)
        else:
            paragraphs.append(note)
    return definitions, paragraphs


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key (`authors:\\n  - name: ...`), as editors write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def front_matter(
    meta: Metadata, *, original_lang: str | None, source_file: str, source_sha256: str
) -> dict[str, Any]:
    """The front-matter mapping, keys in the documented order, empty optional keys left out."""
    data: dict[str, Any] = {"title": meta.title}
    if meta.original_title:
        data["original_title"] = meta.original_title
    if meta.authors:
        data["authors"] = [
            _author_entry(author.name, author.original_name) for author in meta.authors
        ]
    data["lang"] = "en"
    if original_lang:
        data["original_lang"] = original_lang
    if meta.date:
        data["date"] = _date_value(meta.date)
    for key, value in (
        ("published_in", meta.published_in),
        ("published_in_original", meta.published_in_original),
        ("publisher", meta.publisher),
        ("summary", meta.summary),
        ("editor_note", escape_paragraphs(meta.editor_note) if meta.editor_note else ""),
    ):
        if value:
            data[key] = value
    data["tags"] = []
    data["source"] = {
        "file": source_file,
        "sha256": source_sha256,
        "import_digest": DIGIT_PLACEHOLDER,
    }
    return data


def _author_entry(name: str, original_name: str) -> dict[str, str]:
    return {"name": name, "original_name": original_name} if original_name else {"name": name}


def _date_value(iso: str) -> datetime.date | str:
    """A full date is a YAML date (`2021-11-03`); a year or year-month stays a string."""
    if len(iso) == len("2021-11-03"):
        return datetime.date.fromisoformat(iso)
    return iso


def render_document(data: dict[str, Any], body: str) -> str:
    """The whole file, with `import_digest` filled in."""
    header = yaml.dump(
        data,
        Dumper=_IndentedDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    text = f"---\n{header}---\n\n{body}"
    return _DIGEST_LINE.sub(lambda match: match[1] + digest_of(text), text, count=1)


def digest_of(text: str) -> str:
    """sha256 of `text` with the value of its `import_digest` line blanked."""
    blanked = _DIGEST_LINE.sub(lambda match: match[1], text, count=1)
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest()


def recorded_digest(text: str) -> str | None:
    """The `import_digest` value written in a file, or None when it has none."""
    match = _DIGEST_LINE.search(text)
    return match[2] if match else None
