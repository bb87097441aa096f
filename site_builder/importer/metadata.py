"""Front-matter values read from the page: title, dek, editor's note and the citation block.

Dates and authors come only from the citation block; prose is never searched for them.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from site_builder.diagnostics import Diagnostic, Level, Location

from .blocks import is_sentence_end
from .model import Author, Chunk, Draft, Metadata, StructureText
from .scripts import has_non_latin_letters

_TITLE_MAX = 250
"""A first line longer than this is a paragraph, not a title."""
_DEK_MIN = 60
"""A dek is a sentence or more; shorter lines under the title are labels or headings."""

_CITE_HEADING = re.compile(
    r"(?:Cite this (?:page|article)|How to cite(?: this (?:page|article))?|Citation)\s*:?",
    re.IGNORECASE,
)
_CITATION = re.compile(r"(?P<authors>.+?)\.\s+[\"“](?P<title>.+)[\"”]\.\s*(?P<rest>.+)")
_BRACKETED_TAIL = re.compile(r"(?P<head>.*?)\s*\[(?P<inner>[^\[\]]+)\]")
_NAME_WITH_ORIGINAL = re.compile(r"(?P<first>[^()]+?)\s*\((?P<second>[^()]+)\)")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(?:" + "|".join(month.capitalize() for month in _MONTHS) + r")"
_DATE_AT_END = re.compile(
    r",?\s*(?P<date>"
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}),\s*(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}|\d{4}-\d{2})"
    r"|(?P<y4>\d{4})"
    r")\.?$"
)
_PUBLISHED_IN = re.compile(r",?\s*(?:original(?:ly)? (?:work )?)?published in\s+", re.IGNORECASE)
_EDITOR_NOTE_LABEL = re.compile(
    r"(?P<label>(?:Editor|Translator)[’']?s?[’']? Notes?\s*:)\s*", re.IGNORECASE
)
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d{1,3}\])*")


def read_citation(draft: Draft) -> Draft:
    """Parse a "Cite This Page" block into authors, titles, venue, publisher and date."""
    chunks = list(draft.chunks)
    for index, chunk in enumerate(chunks[:-1]):
        if len(chunk.lines) != 1 or not _CITE_HEADING.fullmatch(chunk.text):
            continue
        citation = chunks[index + 1]
        fields = parse_citation(citation.text)
        if fields is None:
            problem = Diagnostic(
                Level.WARNING,
                "citation-unreadable",
                "the citation block is not in the form 'Authors. \"Title\". Publisher, date'; "
                "it is kept as body text: move its details into the front matter by hand",
                Location.of(draft.path, citation.line),
            )
            return dataclasses.replace(draft, diagnostics=(*draft.diagnostics, problem))
        structure = (
            StructureText(chunk.line, chunk.text, "citation-heading"),
            *(StructureText(line.number, line.text, "citation") for line in citation.lines),
        )
        meta = dataclasses.replace(
            draft.meta,
            original_title=fields.original_title,
            authors=fields.authors,
            date=fields.date,
            published_in=fields.published_in,
            published_in_original=fields.published_in_original,
            publisher=fields.publisher,
        )
        del chunks[index : index + 2]
        return dataclasses.replace(
            draft, chunks=tuple(chunks), meta=meta, structure=(*draft.structure, *structure)
        )
    return draft


def parse_citation(text: str) -> Metadata | None:
    """The fields of a one-line citation, or None when it does not have the expected form."""
    match = _CITATION.fullmatch(text.strip())
    if match is None:
        return None
    authors = tuple(
        _author(part) for part in re.split(r"\s*(?:;|,|&|\band\b)\s*", match["authors"]) if part
    )
    title, original_title = _split_original(match["title"].strip())
    rest = match["rest"].strip().rstrip(".")
    date = ""
    date_match = _DATE_AT_END.search(rest)
    if date_match:
        date = _iso_date(date_match)
        rest = rest[: date_match.start()].strip().rstrip(",")
    publisher, venue, venue_original = rest, "", ""
    venue_match = _PUBLISHED_IN.search(rest)
    if venue_match:
        publisher = rest[: venue_match.start()].strip().rstrip(",")
        venue, venue_original = _split_original(rest[venue_match.end() :].strip())
    return Metadata(
        title=title,
        original_title=original_title,
        authors=authors,
        date=date,
        published_in=venue,
        published_in_original=venue_original,
        publisher=publisher,
    )


def _split_original(text: str) -> tuple[str, str]:
    """`Title [原题]` → ('Title', '原题'); the bracket must be in a non-Latin script."""
    match = _BRACKETED_TAIL.fullmatch(text)
    if match and has_non_latin_letters(match["inner"]):
        return match["head"].strip(), match["inner"].strip()
    return text, ""


def _author(text: str) -> Author:
    """`张树华 (Zhang Shuhua)` or `Zhang Shuhua (张树华)` or `Zhang Shuhua`."""
    match = _NAME_WITH_ORIGINAL.fullmatch(text.strip())
    if match:
        first, second = match["first"].strip(), match["second"].strip()
        if has_non_latin_letters(first) and not has_non_latin_letters(second):
            return Author(second, first)
        if has_non_latin_letters(second) and not has_non_latin_letters(first):
            return Author(first, second)
    return Author(text.strip())


def _iso_date(match: re.Match[str]) -> str:
    if match["iso"]:
        return match["iso"]
    if match["y4"]:
        return match["y4"]
    month_name = match["m1"] or match["m2"] or match["m3"]
    year = match["y1"] or match["y2"] or match["y3"]
    month = _MONTHS.index(month_name.lower()) + 1
    day = match["d1"] or match["d2"]
    return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"


def read_title(draft: Draft) -> Draft:
    """The first line of the page is its title when it is short enough to be one."""
    if draft.chunks:
        first = draft.chunks[0]
        text = first.lines[0].text.strip(" \t")
        if len(text) <= _TITLE_MAX:
            rest = first.lines[1:]
            chunks = draft.chunks[1:]
            if rest:
                chunks = (Chunk(rest, first.blank_lines_after, first.chrome_after), *chunks)
            meta = dataclasses.replace(draft.meta, title=text, title_line=first.line)
            return dataclasses.replace(draft, chunks=chunks, meta=meta)
    stem = draft.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    problem = Diagnostic(
        Level.WARNING,
        "title-missing",
        "the file does not start with a title line; the file name was used as the title: "
        "set title: in the front matter",
        Location.of(draft.path, draft.chunks[0].line if draft.chunks else None),
    )
    meta = dataclasses.replace(draft.meta, title=stem)
    return dataclasses.replace(draft, meta=meta, diagnostics=(*draft.diagnostics, problem))


def read_preamble(draft: Draft) -> Draft:
    """The dek and the editor's note right under the title, in either order."""
    chunks = list(draft.chunks)
    meta = draft.meta
    structure = list(draft.structure)
    usual_gap = _usual_gap(chunks)
    for _ in range(2):
        if not chunks:
            break
        note = _editor_note(chunks) if not meta.editor_note else None
        if note is not None:
            used, text, label = note
            meta = dataclasses.replace(meta, editor_note=text, editor_note_line=chunks[0].line)
            structure.append(StructureText(chunks[0].line, label, "editor-note-label"))
            del chunks[:used]
            continue
        if not meta.summary and _is_dek(chunks[0], usual_gap):
            meta = dataclasses.replace(meta, summary=chunks[0].text, summary_line=chunks[0].line)
            del chunks[0]
            continue
        break
    return dataclasses.replace(draft, chunks=tuple(chunks), meta=meta, structure=tuple(structure))


def _usual_gap(chunks: list[Chunk]) -> int:
    gaps = Counter(chunk.blank_lines_after for chunk in chunks if chunk.blank_lines_after)
    return gaps.most_common(1)[0][0] if gaps else 1


def _is_dek(chunk: Chunk, usual_gap: int) -> bool:
    text = chunk.text
    if text[:1] in "[{" or (len(text) < _DEK_MIN and not is_sentence_end(text)):
        return False
    return chunk.chrome_after or chunk.blank_lines_after > usual_gap


def _editor_note(chunks: list[Chunk]) -> tuple[int, str, str] | None:
    """(chunks used, note text, label) for an editor's note starting at `chunks[0]`."""
    first = chunks[0].text
    opener = first[:1] if first[:1] in "[{" else ""
    label = _EDITOR_NOTE_LABEL.match(first, len(opener))
    if label is None:
        return None
    closer = {"[": "]", "{": "}", "": ""}[opener]
    paragraphs: list[str] = []
    depth = 0
    for used, chunk in enumerate(chunks[:8], start=1):
        text = chunk.text if used > 1 else first[label.end() :]
        if not opener:
            return used, text, label["label"]
        if used == 1:
            depth = 1
        for position, char in enumerate(text):
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth == 0:
                    tail = text[position + 1 :]
                    if not _TRAILING_MARKERS.fullmatch(tail):
                        return None
                    paragraphs.append(text[:position].rstrip(" \t") + tail)
                    return used, "\n\n".join(paragraphs), label["label"]
        paragraphs.append(text)
    return None
