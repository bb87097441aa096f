"""Citations of a document or one of its passages: Chicago, MLA, APA, BibTeX and CSL-JSON.

Pure functions of a `CitedWork` (front matter, the page's URL, the archive's name) and an
optional `Pinpoint` (a passage). What is cited is the translation as published in the archive;
the original's title, venue and date are given as its source. Output is plain text, identical
for identical input, with no access date: the build must not depend on the clock.

Names: the model does not record name order, so a name is split into family and given names by
a rule that holds for the archive's authors: when the original-script name is Chinese, Japanese
or Korean, the family name comes first (`Zhang Shuhua`: family `Zhang`), otherwise last
(`Stephen Kotkin`: family `Kotkin`). A single-word name stays as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from site_builder.model import Author, FrontMatter

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_EAST_ASIAN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_KEY_WORD = re.compile(r"[a-z0-9]+")
_DATE_PARTS = re.compile(r"\[\s*\[\s*([\d,\s]+?)\s*\]\s*\]")
_SKIP_WORDS = frozenset({"a", "an", "the", "on", "of", "and", "in", "to", "for"})


@dataclass(frozen=True, slots=True)
class CitedWork:
    """What a citation names: a translated document as the archive publishes it."""

    meta: FrontMatter
    """The document's front matter: title, authors, original venue and date."""
    slug: str
    """The document's URL name, the base of the BibTeX key and CSL-JSON id."""
    url: str | None
    """The reading page's absolute URL, or None when the site has no `base_url` yet."""
    archive: str
    """The archive's name (`site.title`): the "website" that contains the translation."""
    publisher: str | None
    """Who publishes the translation: the document's `publisher`, else the site's."""


@dataclass(frozen=True, slots=True)
class Pinpoint:
    """A passage cited inside a document."""

    label: str
    """Its number as shown in the margin: `12` or `12a`."""
    fragment: str
    """Its anchor on the page: `p12`."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One formatted citation."""

    style: str
    """Short style id: `chicago`, `mla`, `apa`, `bibtex`, `csl-json`."""
    name: str
    """The style's name as shown to readers."""
    text: str
    """The citation, plain text (BibTeX and CSL-JSON span several lines)."""


@dataclass(frozen=True, slots=True)
class PersonName:
    """An author's name split for citation styles."""

    family: str
    """Family name, or the whole name when it cannot be split."""
    given: str
    """Given names; empty for single-word names."""
    family_first: bool
    """True for East Asian names, which are written family name first in every style."""

    @property
    def display(self) -> str:
        """The name in its natural order (`Zhang Shuhua`, `Stephen Kotkin`)."""
        if not self.given:
            return self.family
        return f"{self.family} {self.given}" if self.family_first else f"{self.given} {self.family}"

    @property
    def inverted(self) -> str:
        """Family name first, for the first name of a bibliography entry."""
        if not self.given or self.family_first:
            return self.display
        return f"{self.family}, {self.given}"

    @property
    def initials(self) -> str:
        """APA's form: `Zhang, S.`; `Kotkin, S.`."""
        if not self.given:
            return self.family
        letters = " ".join(f"{part[0]}." for part in re.split(r"[\s]+", self.given) if part)
        return f"{self.family}, {letters}"


def person_name(author: Author) -> PersonName:
    """Split `author.name` into family and given names (see the module's note on order)."""
    parts = author.name.split()
    if len(parts) < 2:
        return PersonName(author.name.strip(), "", False)
    if author.original_name and _EAST_ASIAN.search(author.original_name):
        return PersonName(parts[0], " ".join(parts[1:]), True)
    return PersonName(parts[-1], " ".join(parts[:-1]), False)


def _names(work: CitedWork) -> list[PersonName]:
    return [person_name(author) for author in work.meta.authors]


def _date_parts(iso: str | None) -> list[int]:
    if not iso:
        return []
    return [int(part) for part in iso.split("-")]


def _end(text: str) -> str:
    """`text` followed by a full stop unless it already ends in punctuation."""
    return text if text[-1:] in ".?!。？！" else text + "."


def _join_names(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {conjunction} {names[1]}"
    return ", ".join(names[:-1]) + f", {conjunction} {names[-1]}"


def _url(work: CitedWork, pinpoint: Pinpoint | None) -> str | None:
    if work.url is None:
        return None
    return f"{work.url}#{pinpoint.fragment}" if pinpoint else work.url


def _original_note(meta: FrontMatter) -> str:
    """`Originally published as “…” in World Socialism Studies (世界社会主义研究)`."""
    parts = ["Originally published"]
    if meta.original_title:
        parts.append(f"as “{meta.original_title}”")
    if meta.published_in:
        venue = meta.published_in
        if meta.published_in_original:
            venue += f" ({meta.published_in_original})"
        parts.append(f"in {venue}")
    return " ".join(parts) if len(parts) > 1 else ""


def chicago(work: CitedWork, pinpoint: Pinpoint | None = None) -> str:
    """Chicago (17th ed.) bibliography entry; a pinpoint adds `¶ 12` before the URL."""
    meta = work.meta
    names = _names(work)
    parts: list[str] = []
    if names:
        listed = [names[0].inverted, *(name.display for name in names[1:])]
        parts.append(_end(_join_names(listed, "and")))
    parts.append(f"“{_end(meta.title)}”")
    original = _original_note(meta)
    if original:
        parts.append(_end(original + (f", {_long_date(meta.date)}" if meta.date else "")))
    elif meta.date:
        parts.append(_end(_long_date(meta.date)))
    tail = ", ".join(part for part in (work.archive, work.publisher) if part)
    if tail:
        parts.append(_end(f"Translation, {tail}"))
    if pinpoint:
        parts.append(f"¶ {pinpoint.label}.")
    url = _url(work, pinpoint)
    if url:
        parts.append(url + ".")
    return " ".join(parts)


def mla(work: CitedWork, pinpoint: Pinpoint | None = None) -> str:
    """MLA (9th ed.) works-cited entry; a pinpoint adds `par. 12` and the passage URL."""
    meta = work.meta
    names = _names(work)
    parts: list[str] = []
    if len(names) == 1:
        parts.append(_end(names[0].inverted))
    elif len(names) == 2:
        parts.append(_end(f"{names[0].inverted}, and {names[1].display}"))
    elif names:
        parts.append(_end(f"{names[0].inverted}, et al"))
    parts.append(f"“{_end(meta.title)}”")
    source = []
    if meta.published_in:
        source.append(meta.published_in)
    if meta.date:
        source.append(_mla_date(meta.date))
    if source:
        parts.append(_end(", ".join(source)))
    container = ["Translation"]
    if work.archive:
        container.append(work.archive)
    if work.publisher and work.publisher != work.archive:
        container.append(work.publisher)
    if pinpoint:
        container.append(f"par. {pinpoint.label}")
    url = _url(work, pinpoint)
    if url:
        container.append(url.removeprefix("https://").removeprefix("http://"))
    parts.append(_end(", ".join(container)))
    return " ".join(parts)


def apa(work: CitedWork, pinpoint: Pinpoint | None = None) -> str:
    """APA (7th ed.) reference entry; a pinpoint adds `(para. 12)` and the passage URL."""
    meta = work.meta
    names = [name.initials for name in _names(work)]
    parts: list[str] = []
    if names:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f", & {names[-1]}"
        parts.append(_end(listed))
    parts.append(f"({_apa_date(meta.date)}).")
    title = meta.title
    if meta.original_title:
        title += f" [{meta.original_title}]"
    parts.append(_end(title))
    if meta.published_in:
        parts.append(_end(f"Translated from {meta.published_in}"))
    published = ", ".join(part for part in (work.archive, work.publisher) if part)
    if published:
        parts.append(_end(published))
    if pinpoint:
        parts.append(f"Para. {pinpoint.label}.")
    url = _url(work, pinpoint)
    if url:
        parts.append(url)
    return " ".join(parts)


def bibtex_key(work: CitedWork) -> str:
    """`zhang2021historical`: first author's family name, year, first significant title word."""
    names = _names(work)
    family = _ascii_word(names[0].family) if names else ""
    year = (work.meta.date or "")[:4]
    words = [word for word in _KEY_WORD.findall(work.meta.title.lower()) if word not in _SKIP_WORDS]
    key = f"{family}{year}{words[0] if words else ''}"
    return key or _ascii_word(work.slug) or "document"


def _ascii_word(text: str) -> str:
    return "".join(_KEY_WORD.findall(text.lower()))


def bibtex(work: CitedWork, pinpoint: Pinpoint | None = None) -> str:
    """A BibTeX entry (`@article` when the original appeared in a venue, else `@misc`)."""
    meta = work.meta
    fields: list[tuple[str, str]] = []
    if meta.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in _names(work))))
    fields.append(("title", "{" + _bibtex_escape(meta.title) + "}"))
    if meta.original_title:
        fields.append(("origtitle", _bibtex_escape(meta.original_title)))
    if meta.published_in:
        fields.append(("journal", _bibtex_escape(meta.published_in)))
    date = _date_parts(meta.date)
    if date:
        fields.append(("year", str(date[0])))
    if len(date) > 1:
        fields.append(("month", BIBTEX_MONTHS[date[1] - 1]))
    if meta.date:
        fields.append(("date", meta.date))
    if work.publisher:
        fields.append(("publisher", _bibtex_escape(work.publisher)))
    fields.append(("language", meta.lang))
    if meta.original_lang:
        fields.append(("origlanguage", meta.original_lang))
    url = _url(work, pinpoint)
    if url:
        fields.append(("url", url))
    note = ["Translation", *([f"in {work.archive}"] if work.archive else [])]
    if pinpoint:
        note.append(f"para. {pinpoint.label}")
    fields.append(("note", _bibtex_escape(", ".join(note))))
    kind = "article" if meta.published_in else "misc"
    key = bibtex_key(work) + (f"-{pinpoint.fragment}" if pinpoint else "")
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}"


def _bibtex_name(name: PersonName) -> str:
    if not name.given:
        return "{" + _bibtex_escape(name.family) + "}"
    return f"{_bibtex_escape(name.family)}, {_bibtex_escape(name.given)}"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def _bibtex_escape(text: str) -> str:
    return text.translate(_BIBTEX_TABLE)


def csl_json(work: CitedWork, pinpoint: Pinpoint | None = None) -> str:
    """A CSL-JSON array of one item (what Zotero, Pandoc and citeproc read)."""
    meta = work.meta
    item: dict[str, object] = {
        "id": work.slug + (f"-{pinpoint.fragment}" if pinpoint else ""),
        "type": "article-journal" if meta.published_in else "article",
        "title": meta.title,
    }
    if meta.original_title:
        item["original-title"] = meta.original_title
    if meta.authors:
        item["author"] = [_csl_name(name) for name in _names(work)]
    if meta.published_in:
        item["container-title"] = meta.published_in
    date = _date_parts(meta.date)
    if date:
        item["issued"] = {"date-parts": [date]}
        item["original-date"] = {"date-parts": [date]}
    if work.publisher:
        item["publisher"] = work.publisher
    item["language"] = meta.lang
    url = _url(work, pinpoint)
    if url:
        item["URL"] = url
    note = "Translation" + (f", {work.archive}" if work.archive else "")
    if pinpoint:
        note += f", para. {pinpoint.label}"
    item["note"] = note
    text = json.dumps([item], ensure_ascii=False, indent=2)
    # Keep a date on one line: `[[2021, 11, 3]]`, not a dozen lines of brackets.
    return _DATE_PARTS.sub(
        lambda found: "[[" + ", ".join(part.strip() for part in found[1].split(",")) + "]]", text
    )


def _csl_name(name: PersonName) -> dict[str, str]:
    if not name.given:
        return {"literal": name.family}
    return {"family": name.family, "given": name.given}


def _long_date(iso: str) -> str:
    """`2021-11-03` → `November 3, 2021`."""
    parts = _date_parts(iso)
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[2]}, {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def _mla_date(iso: str) -> str:
    """`2021-11-03` → `3 Nov. 2021`."""
    parts = _date_parts(iso)
    if len(parts) == 1:
        return str(parts[0])
    month = MLA_MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def _apa_date(iso: str | None) -> str:
    """`2021-11-03` → `2021, November 3`; no date → `n.d.`."""
    parts = _date_parts(iso)
    if not parts:
        return "n.d."
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[0]}, {month} {parts[2]}" if len(parts) == 3 else f"{parts[0]}, {month}"


STYLES: tuple[tuple[str, str, Callable[[CitedWork, Pinpoint | None], str]], ...] = (
    ("chicago", "Chicago", chicago),
    ("mla", "MLA", mla),
    ("apa", "APA", apa),
    ("bibtex", "BibTeX", bibtex),
    ("csl-json", "CSL-JSON", csl_json),
)
"""Every style, in the order the Cite panel lists them: (id, name, formatter)."""


def citations(work: CitedWork, pinpoint: Pinpoint | None = None) -> tuple[Citation, ...]:
    """`work` (or one of its passages) in every style of `STYLES`."""
    return tuple(Citation(style, name, format_(work, pinpoint)) for style, name, format_ in STYLES)
