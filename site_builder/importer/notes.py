"""Notes: the endnote list at the end of a page and the note markers in its text.

Markers are `[n]`, or digits glued after punctuation (`invincible.”1`, `people,” 3`,
`itself. “29`) when a page has no bracketed markers. Years, percentages, `No. 8`, `1.1` and
`2.9 million` are not markers: glued digits must follow a sentence's punctuation, not a number or
an abbreviation, and must continue the page's note numbering. A marker whose note text is absent
stays a marker and is reported; note text is never invented.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from site_builder.diagnostics import Diagnostic, Level, Location

from .model import NOTE_CLOSE, NOTE_OPEN, BlockKind, Chunk, Draft, NoteText, StructureText
from .scripts import SUPERSCRIPT_DIGITS

_NOTE_LINE = re.compile(r"\[(?P<label>\d{1,3})\]\s*(?P<text>\S.*)")
_NUMBERED_NOTE_LINE = re.compile(r"(?P<label>\d{1,3})(?:[.)]\s+|\s+(?=[A-Z“\"‘(\[]))(?P<text>\S.*)")
"""A note under a "Notes" heading: `1. Text`, `1) Text`, or `1 Text` before a capital."""
_BARE_NUMBER = re.compile(r"\d{1,3}")
_SUPERSCRIPT_MARKER = re.compile(r"(?<=\S)(?P<label>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
"""`deny.¹`: a superscript number, a marker when the notes have that number (`km²` is not)."""
_POWER_BEFORE = re.compile(r"(?:\d|(?<![^\W\d_])[^\W\d_]{1,2})$")
"""A superscript after a number or a word of one or two letters is a power (`10⁶`, `mc²`,
`km²`), not a note marker (`Party¹`, `deny.¹`)."""
_PAREN_MARKER = re.compile(r"(?<=[.,;:!?”\"’])\((?P<label>\d{1,3})\)")
"""`were laid.(1)`: a number in brackets glued to punctuation, when the notes have it."""
_NOTES_HEADING = re.compile(
    r"(?:End\s?notes|Foot\s?notes|Notes|References|Notes and references|Sources)\s*:?",
    re.IGNORECASE,
)
_BRACKET_MARKER = re.compile(r"[ \t]*\[(?P<label>\d{1,3})\]")
_GLUED_MARKER = re.compile(
    # glued to sentence punctuation that follows a non-digit: `conservatism.13`, `7.4%.5`
    r"(?<=[^\s\d][.,;:!?])(?P<a>\d{1,3})(?=[\s“”\"]|$)"
    # after punctuation and a closing quote, perhaps with a space: `invincible.”1`, `people,” 3`
    r"|(?<=[^\s\d][.,;:!?][”\"’])[ ]?(?P<b>\d{1,3})(?=[\s“”\"]|$)"
    # after a closing quote with no punctuation: `wages” 20 and`
    r"|(?<=[^\s\d.,;:!?][”\"])[ ]?(?P<c>\d{1,3})(?=\s|$)"
    # a sentence end, then an opening quote glued to the number: `itself. “29 To`
    r"|(?<=[.!?] [“\"])(?P<d>\d{1,3})(?=\s|$)"
    # glued to a year that ends a sentence: `issued in May 2015.2 The` (the next number only)
    r"|(?<=\b(?:1[5-9]|20)\d{2}\.)(?P<e>\d{1,3})(?=\s+[A-Z“\"]|$)"
)
_ABBREVIATION_BEFORE = re.compile(
    r"(?:^|[\s(])(?:no|nos|vol|vols|p|pp|art|arts|fig|figs|ch|chap|sec|para|paras|op|ed|eds|"
    r"ref|refs|nr|vs|v|tel|ex|item|page)$",
    re.IGNORECASE,
)
_GLUED_MAX_STEP = 10
"""A glued number must continue the note numbering by at most this much to count as a marker."""
_TRAILING_BRACKET_MARKER = re.compile(r"[ \t]*\[\d{1,3}\]$")


def read_endnotes(draft: Draft) -> Draft:
    """Take the endnote list (`[1] ...` lines, or numbered lines under "Notes") off the end."""
    chunks = list(draft.chunks)
    start, notes = _note_run(chunks, len(chunks))
    del chunks[start:]
    structure = list(draft.structure)
    if not notes:
        listed = _notes_before_trailing_text(chunks)
        if listed is not None:
            start, end, notes = listed
            del chunks[start:end]
    if not notes:
        listed = _bare_notes(chunks)
        if listed is not None:
            start, end, notes = listed
            del chunks[start:end]
    if not notes:
        for index in range(len(chunks) - 1, -1, -1):
            chunk = chunks[index]
            if len(chunk.lines) == 1 and _NOTES_HEADING.fullmatch(chunk.text):
                found: list[NoteText] = []
                used = 0
                for candidate in chunks[index + 1 :]:
                    entries = _note_entries(candidate, _NUMBERED_NOTE_LINE)
                    if entries is None:
                        break
                    found.extend(entries)
                    used += 1
                # the whole rest of the page; or, before a comment form or a footer, notes
                # numbered 1, 2, 3... that the text refers to (not a list of sources)
                trailing = len(chunks) - (index + 1 + used)
                labels = [note.label for note in found]
                referred = (
                    0 < trailing <= _TRAILING_CHUNKS
                    and _numbered_from_one(labels)
                    and set(labels) <= _marker_labels(_text_of(chunks[:index]))
                )
                if found and (trailing == 0 or referred):
                    notes = found
                    structure.append(StructureText(chunk.line, chunk.text, "notes-heading"))
                    del chunks[index : index + 1 + used]
                break
    elif chunks and len(chunks[-1].lines) == 1 and _NOTES_HEADING.fullmatch(chunks[-1].text):
        structure.append(StructureText(chunks[-1].line, chunks[-1].text, "notes-heading"))
        chunks.pop()
    return dataclasses.replace(
        draft, chunks=tuple(chunks), notes=tuple(notes), structure=tuple(structure)
    )


_TRAILING_CHUNKS = 8
"""How many paragraphs after an endnote list (a citation, related links) may follow it."""


def _notes_before_trailing_text(chunks: list[Chunk]) -> tuple[int, int, list[NoteText]] | None:
    """An endnote list of `[n] ...` lines followed by a few other paragraphs: its chunks
    (start, end) and notes, if its labels run 1, 2, 3... and the text before it has each
    marker (`[n]`); a numbered list in the text itself fails one of these."""
    for end in range(len(chunks) - 1, max(0, len(chunks) - 1 - _TRAILING_CHUNKS), -1):
        start, entries = _note_run(chunks, end)
        if not entries:
            continue
        labels = [entry.label for entry in entries]
        text = _text_of(chunks[:start])
        markers = {match["label"] for match in _BRACKET_MARKER.finditer(text)}
        if _numbered_from_one(labels) and markers >= set(labels):
            return start, end, entries
        return None
    return None


def _bare_notes(chunks: list[Chunk]) -> tuple[int, int, list[NoteText]] | None:
    """Notes each written as its number on a line of its own and its text on the lines under
    it (`1` / `See the report...`), numbered 1, 2, 3..., at the end of the page or before a
    few other paragraphs (a footer), when the text before them has a marker for each: their
    chunks (start, end) and notes."""
    for end in range(len(chunks), max(0, len(chunks) - _TRAILING_CHUNKS) - 1, -1):
        start = end
        notes: list[NoteText] = []
        while start > 0:
            chunk = chunks[start - 1]
            number = chunk.lines[0].text.strip(" \t")
            if len(chunk.lines) < 2 or not _BARE_NUMBER.fullmatch(number):
                break
            text = " ".join(line.text.strip(" \t") for line in chunk.lines[1:])
            notes.insert(0, NoteText(number, text, chunk.line, chunk.lines[-1].number, number))
            start -= 1
        labels = [note.label for note in notes]
        if not notes or not _numbered_from_one(labels):
            continue
        return (
            (start, end, notes) if set(labels) <= _marker_labels(_text_of(chunks[:start])) else None
        )
    return None


def _marker_labels(text: str) -> set[str]:
    """The numbers that look like note markers in `text`, in any of the forms a page uses."""
    found = {match["label"] for match in _BRACKET_MARKER.finditer(text)}
    found |= {match["label"] for match in _PAREN_MARKER.finditer(text)}
    found |= {_superscript_label(match) for match in _SUPERSCRIPT_MARKER.finditer(text)}
    found |= {_glued_label(match) for match in _GLUED_MARKER.finditer(text)}
    return found


def _numbered_from_one(labels: list[str]) -> bool:
    """Whether `labels` run 1, 2, 3... (as an endnote list does)."""
    return labels == [str(number) for number in range(1, len(labels) + 1)]


def _text_of(chunks: list[Chunk]) -> str:
    """The lines of `chunks`, one per line."""
    return "\n".join(line.text for chunk in chunks for line in chunk.lines)


def _superscript_label(match: re.Match[str]) -> str:
    return str(int(match["label"].translate(SUPERSCRIPT_DIGITS)))


def _glued_label(match: re.Match[str]) -> str:
    return str(match["a"] or match["b"] or match["c"] or match["d"] or match["e"])


def _note_run(chunks: list[Chunk], end: int) -> tuple[int, list[NoteText]]:
    """The chunks of `[n] ...` notes that end just before `chunks[end]`: where they start, and
    their notes (none: `end`)."""
    start = end
    notes: list[NoteText] = []
    while start > 0 and (entries := _note_entries(chunks[start - 1], _NOTE_LINE)) is not None:
        notes[:0] = entries
        start -= 1
    return start, notes


def _note_entries(chunk: Chunk, pattern: re.Pattern[str]) -> list[NoteText] | None:
    """The notes of a chunk whose first line is a note; other lines continue the note above."""
    entries: list[NoteText] = []
    for line in chunk.lines:
        text = line.text.strip(" \t")
        match = pattern.fullmatch(text)
        if match:
            written = text[: match.start("text")].rstrip()
            entries.append(
                NoteText(match["label"], match["text"], line.number, line.number, written)
            )
        elif entries:
            last = entries[-1]
            entries[-1] = dataclasses.replace(
                last, text=f"{last.text} {text}", last_line=line.number
            )
        else:
            return None
    return entries


def marker(label: str) -> str:
    """The sentinel form of a note marker inside block text."""
    return f"{NOTE_OPEN}{label}{NOTE_CLOSE}"


def mark_notes(draft: Draft) -> Draft:
    """Turn note markers in the editor's note and in paragraphs into sentinels; report gaps."""
    texts = [draft.meta.editor_note, *(block.text for block in draft.blocks)]
    bracketed = any(_BRACKET_MARKER.search(text) for text in texts)
    defined = {note.label for note in draft.notes}
    last = 0

    def convert(text: str) -> str:
        nonlocal last
        text = _mark_unambiguous(text, defined)
        if bracketed:
            return _BRACKET_MARKER.sub(lambda match: marker(match["label"]), text)
        converted, last = _mark_glued(text, last, defined)
        return converted

    meta = dataclasses.replace(draft.meta, editor_note=convert(draft.meta.editor_note))
    blocks = tuple(
        dataclasses.replace(block, text=convert(block.text))
        if block.kind is BlockKind.PARAGRAPH
        else block
        for block in draft.blocks
    )
    marked = dataclasses.replace(draft, meta=meta, blocks=blocks)
    return dataclasses.replace(marked, diagnostics=(*draft.diagnostics, *_note_problems(marked)))


def _mark_unambiguous(text: str, defined: set[str]) -> str:
    """Superscript numbers (`deny.¹`) and glued bracketed ones (`laid.(1)`) that the notes
    have, as markers."""

    def superscript(match: re.Match[str]) -> str:
        label = _superscript_label(match)
        power = _POWER_BEFORE.search(text[max(0, match.start() - 3) : match.start()])
        return marker(label) if label in defined and not power else match.group()

    def bracketed(match: re.Match[str]) -> str:
        label = str(int(match["label"]))
        return marker(label) if label in defined else match.group()

    return _PAREN_MARKER.sub(bracketed, _SUPERSCRIPT_MARKER.sub(superscript, text))


def _mark_glued(text: str, last: int, defined: set[str]) -> tuple[str, int]:
    pieces: list[str] = []
    position = 0
    for match in _GLUED_MARKER.finditer(text):
        label = _glued_label(match)
        number = int(label)
        if not last < number <= last + _GLUED_MAX_STEP:
            continue
        if match["e"] and (number != last + 1 or label not in defined):
            continue  # `1990.5` is a decimal unless it is the next note, and the notes have it
        if _after_abbreviation(text, match):
            continue
        pieces.append(text[position : match.start()])
        pieces.append(marker(label))
        position = match.end()
        last = number
    pieces.append(text[position:])
    return "".join(pieces), last


def _after_abbreviation(text: str, match: re.Match[str]) -> bool:
    """Whether glued digits follow an abbreviation's full stop (`Vol.2`), not a sentence's."""
    return bool(
        match["a"]
        and text[match.start() - 1] == "."
        and _ABBREVIATION_BEFORE.search(text[: match.start() - 1])
    )


def without_final_markers(text: str) -> str:
    """`text` without the note markers it ends with (`hours.” [2]`, `invincible.”1`), if any.

    For steps that run before `mark_notes` (heading detection): every marker-like ending counts,
    whether or not the page's notes are bracketed and whatever number it continues.
    """
    while True:
        bracketed = _TRAILING_BRACKET_MARKER.search(text)
        if bracketed:
            text = text[: bracketed.start()]
            continue
        glued = [
            match
            for match in _GLUED_MARKER.finditer(text)
            if match.end() == len(text) and not _after_abbreviation(text, match)
        ]
        if not glued:
            return text
        text = text[: glued[-1].start()]


def referenced_labels(text: str) -> Iterator[str]:
    """The labels of the sentinel markers in `text`, in order."""
    for match in re.finditer(f"{NOTE_OPEN}(\\d+){NOTE_CLOSE}", text):
        yield match[1]


def _note_problems(draft: Draft) -> list[Diagnostic]:
    defined = {note.label for note in draft.notes}
    seen: set[str] = set()
    problems: list[Diagnostic] = []
    places: list[tuple[int, str]] = [(draft.meta.editor_note_line, draft.meta.editor_note)]
    places += [(block.line, block.text) for block in draft.blocks]
    for line, text in places:
        for label in referenced_labels(text):
            if label in seen:
                continue
            seen.add(label)
            if label not in defined:
                problems.append(
                    Diagnostic(
                        Level.WARNING,
                        "note-missing",
                        f"note marker {label} has no note text in the source; "
                        "it is kept as a marker",
                        Location.of(draft.path, line or None),
                    )
                )
    numbers: set[str] = set()
    for note in draft.notes:
        if note.label in numbers:
            problems.append(
                Diagnostic(
                    Level.WARNING,
                    "note-duplicate",
                    f"there are two notes numbered {note.label}; the second is kept as a "
                    "paragraph at the end: renumber it and its marker",
                    Location.of(draft.path, note.line),
                )
            )
            continue
        numbers.add(note.label)
        if note.label not in seen:
            problems.append(
                Diagnostic(
                    Level.WARNING,
                    "note-unreferenced",
                    f"note {note.label} is never referenced in the text; "
                    "it is kept as a paragraph at the end: to make it a note, add its marker "
                    f"[^{note.label}] where it belongs and write it as [^{note.label}]: ...",
                    Location.of(draft.path, note.line),
                )
            )
    return problems
