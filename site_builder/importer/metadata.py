"""Front-matter values read from the page: title, dek, editor's note and the citation block.

Dates and authors come from the citation block and the byline (`header.py`); prose is never
searched for them.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from site_builder.diagnostics import Diagnostic, Level, Location

from .blocks import WRAP_MAX, is_sentence_end, split_chunk
from .dates import DATE, iso_date
from .model import Author, Chunk, Draft, Metadata, SourceLine, StructureText
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
_CITATION_TITLE_FIRST = re.compile(r"[\"“](?P<title>[^\"“”]+?)[,.]?[\"”][,.]?\s+(?P<rest>.+)")
"""An archive's citation that starts with the quoted title: `"Title," March 14, 1958, Archive.`"""
_BRACKETED_TAIL = re.compile(r"(?P<head>.*?)\s*\[(?P<inner>[^\[\]]+)\]")
_NAME_WITH_ORIGINAL = re.compile(r"(?P<first>[^()]+?)\s*\((?P<second>[^()]+)\)")
_DATE_AT_END = re.compile(rf",?\s*(?P<date>{DATE})\.?$")
_DATE_AT_START = re.compile(rf"(?P<date>{DATE})(?:[,.]\s*|$)")
_PUBLISHED_IN = re.compile(r",?\s*(?:original(?:ly)? (?:work )?)?published in\s+", re.IGNORECASE)
_EDITOR_NOTE_LABEL = re.compile(
    r"(?P<label>(?:Editor|Translator)[’']?s?[’']? Notes?\s*:)\s*", re.IGNORECASE
)
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d{1,3}\])*")


def read_citation(draft: Draft) -> Draft:
    """Parse a "Cite This Page" block into authors, titles, venue, publisher and date: the
    heading on a line of its own, the citation in the paragraph after it or on the lines
    right under it."""
    chunks = list(draft.chunks)
    for index, chunk in enumerate(chunks):
        heading = chunk.lines[0]
        if not _CITE_HEADING.fullmatch(heading.text.strip(" \t")):
            continue
        if len(chunk.lines) > 1:
            lines, rest = _first_paragraph(Chunk(chunk.lines[1:], chunk.blank_lines_after, False))
            used = 1
        elif index + 1 < len(chunks):
            lines, rest = _first_paragraph(chunks[index + 1])
            used = 2
        else:
            continue
        citation = Chunk(lines, 0, False)
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
            StructureText(heading.number, heading.text.strip(" \t"), "citation-heading"),
            *(StructureText(line.number, line.text, "citation") for line in citation.lines),
        )
        meta = dataclasses.replace(
            draft.meta,
            title=fields.title,  # where it stands on the page, `read_title` finds
            original_title=fields.original_title,
            authors=fields.authors,
            date=fields.date,
            published_in=fields.published_in,
            published_in_original=fields.published_in_original,
            publisher=fields.publisher,
        )
        chunks[index : index + used] = [rest] if rest else []
        return dataclasses.replace(
            draft, chunks=tuple(chunks), meta=meta, structure=(*draft.structure, *structure)
        )
    return draft


def _first_paragraph(chunk: Chunk) -> tuple[tuple[SourceLine, ...], Chunk | None]:
    """The lines of the chunk's first paragraph (hard-wrapped lines joined, as `split_chunk`
    joins them), and the rest of the chunk, if any: a value ends with its paragraph."""
    blocks = split_chunk(chunk)
    if len(blocks) < 2:
        return chunk.lines, None
    if len(chunk.lines[0].text) > WRAP_MAX:  # a whole paragraph on one line
        end = 1
    else:
        end = next(i for i, line in enumerate(chunk.lines) if line.number == blocks[1].line)
    return chunk.lines[:end], Chunk(chunk.lines[end:], chunk.blank_lines_after, chunk.chrome_after)


def parse_citation(text: str) -> Metadata | None:
    """The fields of a one-line citation, or None when it has neither expected form:
    `Authors. "Title". Publisher, published in Venue, date` or (an archive's, without authors)
    `"Title," date, Publisher`."""
    match = _CITATION.fullmatch(text.strip())
    if match is None:
        return _parse_title_first(text.strip())
    authors = tuple(
        parse_author(part)
        for part in re.split(r"\s*(?:;|,|&|\band\b)\s*", match["authors"])
        if part
    )
    title, original_title = _split_original(match["title"].strip())
    rest = match["rest"].strip().rstrip(".")
    date = ""
    date_match = _DATE_AT_END.search(rest)
    if date_match and iso_date(date_match):
        date = iso_date(date_match)
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


def _parse_title_first(text: str) -> Metadata | None:
    """`"Title," March 14, 1958, History and Public Policy Program Digital Archive.`: the
    title, the date right after it (else at the end), and the rest as the publisher; None
    without a date."""
    match = _CITATION_TITLE_FIRST.fullmatch(text)
    if match is None:
        return None
    title, original_title = _split_original(match["title"].strip())
    rest = match["rest"].strip()
    date_match = _DATE_AT_START.match(rest) or _DATE_AT_END.search(rest)
    if date_match is None or not iso_date(date_match):  # a quotation, perhaps
        return None
    rest = (rest[: date_match.start()] + rest[date_match.end() :]).strip(" ,")
    return Metadata(
        title=title,
        original_title=original_title,
        date=iso_date(date_match),
        publisher=rest.rstrip("."),
    )


def _split_original(text: str) -> tuple[str, str]:
    """`Title [原题]` → ('Title', '原题'); the bracket must be in a non-Latin script."""
    match = _BRACKETED_TAIL.fullmatch(text)
    if match and has_non_latin_letters(match["inner"]):
        return match["head"].strip(), match["inner"].strip()
    return text, ""


def parse_author(text: str) -> Author:
    """`张树华 (Zhang Shuhua)` or `Zhang Shuhua (张树华)` or `Zhang Shuhua`."""
    match = _NAME_WITH_ORIGINAL.fullmatch(text.strip())
    if match:
        first, second = match["first"].strip(), match["second"].strip()
        if has_non_latin_letters(first) and not has_non_latin_letters(second):
            return Author(second, first)
        if has_non_latin_letters(second) and not has_non_latin_letters(first):
            return Author(first, second)
    return Author(text.strip())


def read_title(draft: Draft) -> Draft:
    """The first line of the page is its title when it is short enough to be one (unless
    `header.read_header` found it further down)."""
    if draft.meta.title_line:
        return draft
    if draft.chunks:
        first = draft.chunks[0]
        text = first.lines[0].text.strip(" \t")
        if len(text) <= _TITLE_MAX:
            rest = first.lines[1:]
            chunks = draft.chunks[1:]
            if rest:
                chunks = (Chunk(rest, first.blank_lines_after, first.chrome_after), *chunks)
            meta = dataclasses.replace(
                draft.meta,
                title=text,
                title_line=first.line,
                front_lines=(*draft.meta.front_lines, first.line),
            )
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
    labelled = _labelled_summary(chunks)
    if labelled is not None:
        index, used, label, lines, rest = labelled
        meta = dataclasses.replace(
            meta,
            summary=" ".join(line.text.strip(" \t") for line in lines),
            summary_line=lines[0].number,
            front_lines=(*meta.front_lines, *(line.number for line in lines)),
        )
        structure.append(label)
        chunks[index : index + used] = [rest] if rest else []
    for _ in range(2):
        if not chunks:
            break
        note = _editor_note(chunks) if not meta.editor_note else None
        if note is not None:
            used, text, label_text = note
            numbers = [line.number for chunk in chunks[:used] for line in chunk.lines]
            meta = dataclasses.replace(
                meta,
                editor_note=text,
                editor_note_line=chunks[0].line,
                front_lines=(*meta.front_lines, *numbers),
            )
            structure.append(StructureText(chunks[0].line, label_text, "editor-note-label"))
            del chunks[:used]
            continue
        if not meta.summary and _is_dek(chunks[0], usual_gap):
            meta = dataclasses.replace(
                meta,
                summary=chunks[0].text,
                summary_line=chunks[0].line,
                front_lines=(*meta.front_lines, *(line.number for line in chunks[0].lines)),
            )
            del chunks[0]
            continue
        break
    return dataclasses.replace(draft, chunks=tuple(chunks), meta=meta, structure=tuple(structure))


_SUMMARY_LABEL = re.compile(r"(?:Summary|Abstract|Synopsis)(?P<colon>\s*:)?", re.IGNORECASE)
_SUMMARY_WITHIN = 3
"""A labelled summary is looked for among this many paragraphs under the title."""


def _labelled_summary(
    chunks: list[Chunk],
) -> tuple[int, int, StructureText, tuple[SourceLine, ...], Chunk | None] | None:
    """A summary under a label near the top (`Summary` on a line of its own, the text in the
    paragraph under it; or `Summary: text`), when that text is a sentence or more: (index of
    the label's chunk, chunks used, the label, the summary's lines, what is left of the chunks
    used)."""
    for index, chunk in enumerate(chunks[:_SUMMARY_WITHIN]):
        first = chunk.lines[0]
        text = first.text.strip(" \t")
        inline = _SUMMARY_LABEL.match(text)
        if inline is None:
            continue
        if inline.end() == len(text):  # the label alone
            label, used = StructureText(first.number, text, "summary-label"), 1
            if len(chunk.lines) > 1:
                after = Chunk(chunk.lines[1:], chunk.blank_lines_after, chunk.chrome_after)
            elif index + 1 < len(chunks):
                after, used = chunks[index + 1], 2
            else:
                return None
        elif inline["colon"]:
            label, used = StructureText(first.number, inline.group(), "summary-label"), 1
            rest = SourceLine(first.number, text[inline.end() :])
            after = Chunk((rest, *chunk.lines[1:]), chunk.blank_lines_after, chunk.chrome_after)
        else:
            continue
        lines, left = _first_paragraph(after)
        summary = " ".join(line.text.strip(" \t") for line in lines)
        if len(summary) < _DEK_MIN and not is_sentence_end(summary):
            return None  # a label over a list or a heading, not over a summary
        return index, used, label, lines, left
    return None


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
