"""Render one document: `Document` → `RenderedDocument`. Pure: no I/O, no shared state.

The same document, config and code always give the same value, which is what lets builds run
documents in parallel and cache them (DESIGN §8).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType

from site_builder.diagnostics import Diagnostic, Diagnostics, Location
from site_builder.markdown import create_markdown
from site_builder.markdown.links import link_targets
from site_builder.markdown.notes import note_anchor
from site_builder.markdown.passages import BodyParts, NoteDefinition, build_body, count_words
from site_builder.model import Document, Note, RenderedDocument


@dataclass(frozen=True, slots=True)
class RenderResult:
    """A rendered document and what rendering it reported."""

    rendered: RenderedDocument
    """The HTML fragments."""
    diagnostics: tuple[Diagnostic, ...]
    """Problems found in this document (errors stop the build after rendering)."""


def render_document(doc: Document, md: MarkdownIt | None = None) -> RenderResult:
    """Turn `doc` into rows, notes and metadata HTML."""
    md = md or create_markdown()
    diagnostics = Diagnostics()
    path = doc.source.path.as_posix()
    env: EnvType = {}
    body_tokens = md.parse(doc.body, env)
    body = build_body(
        md,
        body_tokens,
        env,
        body_line=doc.body_line,
        lang=doc.meta.lang,
        path=path,
        diagnostics=diagnostics,
    )
    editor_tokens = md.parse(doc.meta.editor_note, env) if doc.meta.editor_note else []
    editor_note_html = (
        md.renderer.render(editor_tokens, md.options, env).strip() if editor_tokens else None
    )
    # The summary is plain text, like the title: the importer writes the standfirst verbatim.
    summary_html = escapeHtml(doc.meta.summary) if doc.meta.summary else None
    notes = _notes(doc, body, body_tokens, editor_tokens, path, diagnostics)
    editor_line = _key_line(doc.source.text, "editor_note") if editor_tokens else None
    links = (
        *((href, editor_line) for href in link_targets(editor_tokens)),
        *body.links,
        *((href, note.line) for note, definition in notes for href in definition.links),
    )
    text = "\n\n".join(
        passage.text + ("\n" + passage.original_text if passage.original_text else "")
        for passage in body.passages
    )
    rendered = RenderedDocument(
        doc=doc,
        passages=body.passages,
        notes=tuple(note for note, _definition in notes),
        headings=body.headings,
        editor_note_html=editor_note_html,
        summary_html=summary_html,
        text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=sum(count_words(passage.text) for passage in body.passages),
        links=links,
    )
    return RenderResult(rendered, tuple(diagnostics))


def _notes(
    doc: Document,
    body: BodyParts,
    body_tokens: list[Token],
    editor_tokens: list[Token],
    path: str,
    diagnostics: Diagnostics,
) -> list[tuple[Note, NoteDefinition]]:
    """The notes in the order the page lists them, each with the definition it came from."""
    body_refs = _references(body_tokens, doc.body_line, path, diagnostics)
    editor_refs = _references(editor_tokens, None, path, diagnostics)
    counts = Counter(label for label, _ in body_refs) + Counter(label for label, _ in editor_refs)
    first_in_editor = {label for label, _ in editor_refs}
    order = {label: position for position, (label, _) in enumerate(editor_refs + body_refs)}
    notes: list[tuple[Note, NoteDefinition]] = []
    for definition in body.notes:
        if counts[definition.label] == 0:
            diagnostics.warning(
                "note-unreferenced",
                f"note [^{definition.label}] is never referenced; add a reference "
                f"[^{definition.label}] in the text or remove the note",
                Location(path, definition.line),
            )
        note = Note(
            label=definition.label,
            anchor=note_anchor(definition.label),
            html=definition.html,
            line=definition.line,
            in_editor_note=definition.label in first_in_editor,
            references=counts[definition.label],
        )
        notes.append((note, definition))
    notes.sort(key=lambda pair: (not pair[0].in_editor_note, order.get(pair[0].label, len(order))))
    return notes


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level front-matter key, found in the file's text."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def _references(
    tokens: list[Token], body_line: int | None, path: str, diagnostics: Diagnostics
) -> list[tuple[str, int | None]]:
    """Labels referenced in `tokens`, in order; missing markers are reported here."""
    found: list[tuple[str, int | None]] = []
    line: int | None = None
    for token in tokens:
        if token.map and body_line is not None:
            line = body_line + token.map[0]
        for child in token.children or []:
            if child.type == "footnote_ref":
                found.append((str(child.meta["label"]), line))
            elif child.type == "note_missing":
                label = str(child.meta["label"])
                where = "the editor's note" if body_line is None else "the text"
                diagnostics.warning(
                    "note-missing",
                    f"note marker [^{label}] in {where} has no note text; it is shown as a "
                    f"plain marker (add '[^{label}]: ...' if the text is known)",
                    Location(path, line if body_line is not None else None),
                )
    return found
