"""The page header: where the title stands, the navigation above it and the byline under it.

Scraped pages often open with the site's name and its menu (`Home`, `Politics`, `About`,
`Search`), one item per line, before the title. The title is found below them when the page
says where it is: the citation block names it, a byline (`By ...`, `Posted on ... by ...`,
`Written: ...`, a date alone) stands right under it, or a run of menu lines ends with it. The
lines above it are then dropped as chrome (`navigation`, listed by `--verbose`), except a date
(the date) and a line in the original's script right above the title (the original title).
Without such evidence the first line is the title (`metadata.read_title`) and nothing is
dropped. A byline right under the title gives the authors and the date, when the citation gives
none or the same.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .blocks import is_sentence_end
from .dates import DATE, date_line, iso_date
from .metadata import parse_author
from .model import Author, Chunk, Draft, RemovedLine, SourceLine, StructureText
from .scripts import original_language

_HEADER_LINES = 40
"""How far down the page (in lines of text) the title is looked for."""
_MENU_WORDS = 4
"""The most words of a menu line (`Grass-Mud Horse Lexicon`, `Search for:`)."""
_MENU_RUN = 3
"""Menu lines in a row that make a menu."""
_TAGLINE_WORDS = 8
"""The most words of a site's name or tagline in the header (`Texts and Translations by ...`)."""
_MENU_SEPARATOR = re.compile(r"\s(?:\||›|»|>|·)\s")
"""A breadcrumb or a menu on one line: `Archive | Subject | Home`."""
_TITLE_MAX = 250
"""Longest title line, in characters."""
_BY = re.compile(r"(?:By|Written by|Posted by|Authors?\s*:)\s+", re.IGNORECASE)
_POSTED_ON = re.compile(
    rf"(?:Posted|Published|Updated)(?:\s+on)?\s*:?\s*(?P<date>{DATE})\s+by\s+(?P<names>.+)",
    re.IGNORECASE,
)
_DATED = re.compile(
    rf"(?:Written|Date|Dated|Published|Posted|First published|Updated)(?:\s+on)?\s*:?\s*"
    rf"(?P<date>{DATE})\.?",
    re.IGNORECASE,
)
_DATE_AFTER_NAMES = re.compile(
    rf"\s*(?:[|·,–—-]\s*)?(?:(?:Published|Posted|Updated)(?:\s+on)?\s*:?\s*)?(?P<date>{DATE})\.?$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"(?:[A-Z][\w.'’-]*|de|da|van|von|der|den|bin|al|du|la|le)")
_NAME_WORDS = 5
"""The most words of one name in a byline."""


@dataclasses.dataclass(frozen=True, slots=True)
class Byline:
    """What a byline line says."""

    authors: tuple[Author, ...]
    """Its names, in order (none for a date line)."""
    date: str
    """Its date in ISO form, or ''."""


def byline(text: str) -> Byline | None:
    """The names and date of a byline (`By A, B and C`, `Posted by A | May 12, 2022`,
    `Posted on March 1, 2018 by A`, `Author: A`, `Written: July 2, 1941`, `Published June 28,
    2022`, a date alone), or None for any other line."""
    text = " ".join(text.split())  # (runs of spaces would make the patterns slow)
    dated = date_line(text)
    if dated:  # a month at least: a year alone under a title is a heading (`1949`)
        return Byline((), dated) if len(dated) >= len("1949-10") else None
    match = _DATED.fullmatch(text)
    if match:
        return Byline((), iso_date(match)) if iso_date(match) else None
    match = _POSTED_ON.fullmatch(text)
    if match:
        names = _names(match["names"].rstrip("."))
        return Byline(names, iso_date(match)) if names and iso_date(match) else None
    match = _BY.match(text)
    if match is None:
        return None
    rest, date = text[match.end() :], ""
    found = _DATE_AFTER_NAMES.search(rest)
    if found and iso_date(found):
        rest, date = rest[: found.start()], iso_date(found)
    names = _names(rest)
    return Byline(names, date) if names else None


def _names(text: str) -> tuple[Author, ...]:
    """The authors of `A, B, and C` (each perhaps with its original: `Zhang Wei (张伟)`), or
    none when some part is not a name."""
    parts = [part for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", text.strip()) if part]
    authors: list[Author] = []
    for part in parts:
        author = parse_author(part)
        words = author.name.split()
        # a person's name: two words or more (`By Train` is a heading), or one with its
        # original (`Mao (毛泽东)`)
        least = 1 if author.original_name else 2
        if not least <= len(words) <= _NAME_WORDS:
            return ()
        if not all(_NAME_WORD.fullmatch(word) for word in words):
            return ()
        authors.append(author)
    return tuple(authors)


def read_header(draft: Draft) -> Draft:
    """Find the title below the page's header (see the module's docstring), drop the header and
    read the date and original title it holds; leave the page as it is without evidence."""
    lines = [line for chunk in draft.chunks for line in chunk.lines][:_HEADER_LINES]
    continued = {
        line.number for chunk in draft.chunks for line in chunk.lines[:-1]
    }  # lines the next line of their paragraph follows
    chrome = [item.line for item in draft.removed]  # dropped menu items are evidence too
    position = _title_position(draft.meta.title, lines, continued, chrome)
    if position is None:
        return draft
    title, header = lines[position], lines[:position]
    meta, structure, removed = draft.meta, list(draft.structure), list(draft.removed)
    for index, line in enumerate(header):
        text = line.text.strip(" \t")
        dated = date_line(text)
        if dated and meta.date in ("", dated):
            meta = dataclasses.replace(meta, date=dated)
            structure.append(StructureText(line.number, text, "date"))
        elif index == len(header) - 1 and not meta.original_title and original_language(text):
            meta = dataclasses.replace(meta, original_title=text)
            structure.append(StructureText(line.number, text, "original-title"))
        else:
            removed.append(RemovedLine(line.number, text, "navigation"))
    meta = dataclasses.replace(
        meta,
        title=title.text.strip(" \t"),
        title_line=title.number,
        front_lines=(*meta.front_lines, title.number),
    )
    return dataclasses.replace(
        draft,
        chunks=_after(draft.chunks, title.number),
        meta=meta,
        structure=tuple(structure),
        removed=tuple(sorted(removed, key=lambda item: item.line)),
    )


def _title_position(
    cited: str, lines: Sequence[SourceLine], continued: set[int], chrome: Sequence[int]
) -> int | None:
    """The index in `lines` of the title, when it is not the first line and only header lines
    stand above it: the line the citation names, or the line right above the first byline, or
    the line that ends a menu at the top of the page."""
    texts = [line.text.strip(" \t") for line in lines]
    wanted = _comparable(cited)
    for index, text in enumerate(texts):
        if index and wanted and _comparable(text) == wanted:
            return index if _only_header(texts[:index], cited=True) else None
    for index, text in enumerate(texts):
        if index < 2 or byline(text) is None:
            continue
        above = index - 1
        while above > 0 and byline(texts[above]) is not None:
            above -= 1  # a byline on two lines: `By A` / `Published June 28, 2022`
        title_like = len(texts[above]) <= _TITLE_MAX
        if above and title_like and _only_header(texts[:above]):
            return above
        break
    run = 0
    while run < len(texts) and _menu_line(texts[run]):
        run += 1
    if not 0 < run < len(texts) or len(texts[run]) > _TITLE_MAX:
        return None
    if run + sum(1 for number in chrome if number < lines[run].number) < _MENU_RUN:
        return None
    if is_sentence_end(texts[run]):
        return None
    following = texts[run + 1] if run + 1 < len(texts) else ""
    wrapped = lines[run].number in continued and following[:1].islower()
    return None if wrapped else run  # not the first line of a wrapped paragraph


def _only_header(texts: Sequence[str], *, cited: bool = False) -> bool:
    """Whether `texts` (the lines above a title) are a page header: a menu (a run of menu
    lines, or items with separators on one line) among short lines that are not sentences (a
    site's name and tagline), dates, and a line in the original's script right above the title.
    When the citation names the title, short lines suffice, menu or not."""
    if not texts:
        return False
    body = list(texts)
    if original_language(body[-1]):
        body.pop()
    body = [text for text in body if not date_line(text)]
    if not body:  # a date (or the original title) alone above the title
        return True
    short = all(
        _menu_line(text) or (len(text.split()) <= _TAGLINE_WORDS and not is_sentence_end(text))
        for text in body
    )
    menu = sum(map(_menu_line, body)) >= _MENU_RUN or any(map(_MENU_SEPARATOR.search, body))
    return short and (cited or menu)


def _menu_line(text: str) -> bool:
    """A menu item, a site's name or a breadcrumb: a few words, or items with separators;
    not a date."""
    if _MENU_SEPARATOR.search(text):
        return True
    short = len(text.split()) <= _MENU_WORDS and not text.endswith((".", "!", "?", "。"))
    return short and not date_line(text)


def _comparable(text: str) -> str:
    """`text` without case, quotes and punctuation, for comparing a title with a line."""
    return " ".join(re.sub(r"[\"“”‘’'.,:;]", " ", text).casefold().split())


def _after(chunks: Sequence[Chunk], number: int) -> tuple[Chunk, ...]:
    """The chunks after source line `number`, the rest of its own chunk included."""
    result: list[Chunk] = []
    for chunk in chunks:
        if chunk.lines[-1].number <= number:
            continue
        lines = tuple(line for line in chunk.lines if line.number > number)
        result.append(dataclasses.replace(chunk, lines=lines))
    return tuple(result)


def read_byline(draft: Draft) -> Draft:
    """Byline lines right under the title give the authors and the date, when the citation
    gives none or the same; a byline that disagrees with the citation stays in the text."""
    chunks = list(draft.chunks)
    meta, structure = draft.meta, list(draft.structure)
    while chunks:
        first = chunks[0]
        line = first.lines[0]
        found = byline(line.text)
        if found is None:
            break
        same_authors = not found.authors or meta.authors in ((), found.authors)
        if not same_authors or (found.date and meta.date not in ("", found.date)):
            break
        meta = dataclasses.replace(
            meta, authors=found.authors or meta.authors, date=found.date or meta.date
        )
        structure.append(StructureText(line.number, line.text.strip(" \t"), "byline"))
        rest = first.lines[1:]
        chunks[:1] = [dataclasses.replace(first, lines=rest)] if rest else []
    return dataclasses.replace(draft, chunks=tuple(chunks), meta=meta, structure=tuple(structure))
