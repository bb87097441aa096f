"""The pure core: one source text in, one Markdown document out, no files touched.

`STEPS` is the ordered list of conversion steps, each a function from `Draft` to `Draft`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from site_builder.diagnostics import Diagnostic, Level, Location

from .blocks import make_chunks, split_chunk
from .chrome import DEFAULT_CHROME_RULES, ChromeRule, find_chrome
from .emit import front_matter, render_body, render_document, split_notes
from .fidelity import Fidelity, compare, create_parser, markdown_words, source_words, words
from .header import read_byline, read_header
from .headings import detect_languages, find_headings
from .metadata import read_citation, read_preamble, read_title
from .model import Draft, RemovedLine, SourceLine
from .notes import mark_notes, read_endnotes, referenced_labels
from .pairing import pair_originals
from .slugs import slug_for


@dataclass(frozen=True, slots=True)
class Conversion:
    """The result of converting one source text."""

    markdown: str
    """The whole generated file: front matter and body."""
    slug: str
    """The document's slug, before any suffix that makes it unique in a batch."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings (and errors) about this source."""
    removed_chrome: tuple[RemovedLine, ...]
    """Every line dropped as chrome, with the rule that dropped it."""
    fidelity: Fidelity
    """Words in, words out and the first difference."""


def _remove_chrome(rules: Sequence[ChromeRule]) -> Callable[[Draft], Draft]:
    def remove_chrome(draft: Draft) -> Draft:
        removed = find_chrome(draft.lines, rules)
        chunks = make_chunks(draft.lines, (line.line for line in removed))
        return dataclasses.replace(draft, chunks=chunks, removed=removed)

    return remove_chrome


def split_paragraphs(draft: Draft) -> Draft:
    """Turn the remaining chunks into paragraphs, joining hard-wrapped lines."""
    blocks = tuple(block for chunk in draft.chunks for block in split_chunk(chunk))
    return dataclasses.replace(draft, chunks=(), blocks=blocks)


def steps(rules: Sequence[ChromeRule]) -> tuple[tuple[str, Callable[[Draft], Draft]], ...]:
    """The conversion steps in order, as (name, function) pairs."""
    return (
        ("remove chrome", _remove_chrome(rules)),
        ("read citation", read_citation),
        ("read page header", read_header),
        ("read title", read_title),
        ("read byline", read_byline),
        ("read dek and editor's note", read_preamble),
        ("read endnotes", read_endnotes),
        ("split paragraphs", split_paragraphs),
        ("detect original languages", detect_languages),
        ("find headings", find_headings),
        ("mark notes", mark_notes),
        ("pair originals", pair_originals),
    )


def convert_source(
    path_for_messages: str,
    text: str,
    rules: Sequence[ChromeRule] = DEFAULT_CHROME_RULES,
    *,
    source_bytes: bytes | None = None,
) -> Conversion:
    """Convert one decoded source text; `path_for_messages` is also recorded as `source.file`."""
    lines = tuple(
        SourceLine(number, line.rstrip(" \t"))
        for number, line in enumerate(text.split("\n"), start=1)
    )
    draft = Draft(path=path_for_messages, lines=lines)
    for _, step in steps(rules):
        draft = step(draft)
    languages = sorted({block.lang for block in draft.blocks if block.lang and block.paired})
    data = front_matter(
        draft.meta,
        original_lang=languages[0] if languages else None,
        source_file=path_for_messages,
        source_sha256=hashlib.sha256(
            source_bytes if source_bytes is not None else text.encode("utf-8")
        ).hexdigest(),
    )
    referenced = {
        label
        for text in (draft.meta.editor_note, *(block.text for block in draft.blocks))
        for label in referenced_labels(text)
    }
    document = render_document(data, render_body(draft.blocks, draft.notes, referenced))
    fidelity = _check_fidelity(draft, document, referenced)
    diagnostics = draft.diagnostics
    if len(languages) > 1:
        diagnostics += (
            Diagnostic(
                Level.WARNING,
                "original-languages",
                f"originals are in several languages ({', '.join(languages)}); "
                f"original_lang says {languages[0]}: check the lang of each original",
                Location.of(path_for_messages),
            ),
        )
    if not fidelity.exact:
        diagnostics += (
            Diagnostic(
                Level.ERROR,
                "import-fidelity",
                f"the Markdown does not hold exactly the source's words ({fidelity.summary()}); "
                "this is an importer bug: please report it with this source file",
                Location.of(path_for_messages),
            ),
        )
    stem = path_for_messages.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Conversion(
        markdown=document,
        slug=slug_for(draft.meta.title, stem),
        diagnostics=diagnostics,
        removed_chrome=draft.removed,
        fidelity=fidelity,
    )


def _check_fidelity(draft: Draft, document: str, referenced: set[str]) -> Fidelity:
    meta = draft.meta
    placed = [
        (meta.title_line, "title"),
        (meta.summary_line, "summary"),
        (meta.editor_note_line, "editor_note"),
    ]
    front_order = [key for line, key in sorted(placed) if line or (key == "title" and meta.title)]
    if meta.title and not meta.title_line:
        front_order.remove("title")
    # Markdown renders note definitions last, after notes kept as paragraphs: compare in that order
    note_lines = {number for note in draft.notes for number in range(note.line, note.last_line + 1)}
    body_lines = [line for line in draft.lines if line.number not in note_lines]
    # front-matter text first, in source order, then the body: text may stand between them
    front = set(meta.front_lines)
    expected = source_words(
        [line for line in body_lines if line.number in front], draft.removed, draft.structure
    ) + source_words(
        [line for line in body_lines if line.number not in front], draft.removed, draft.structure
    )
    definitions, paragraphs = split_notes(draft.notes, referenced)
    for note in (*paragraphs, *definitions):
        expected += words(f"{note.label} {note.text}")
    found = markdown_words(
        document,
        front_order=front_order,
        original_first=draft.original_first,
        parser=create_parser(),
        interleaved=draft.interleaved,
    )
    return compare(expected, found)
