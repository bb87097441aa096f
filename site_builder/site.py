"""Assemble the site from every document's summary: order, URLs, facets and the names index."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from site_builder.model import (
    DocumentSummary,
    Facet,
    Facets,
    IndexedName,
    NameMention,
    RenderedDocument,
    Site,
)

if TYPE_CHECKING:
    from site_builder.names import Names

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "zh-hans": "Chinese (Simplified)",
    "zh-hant": "Chinese (Traditional)",
}
"""Display names of common language tags (lower-cased); other tags are shown as written."""


def summarize(rendered: RenderedDocument, names: Names | None = None) -> DocumentSummary:
    """The small part of a rendered document that site-wide pages need.

    With `names` (the curated names index), the summary also records which passages mention
    which entry; that is all the names page needs, so passages' text is not kept.
    """
    return DocumentSummary(
        slug=rendered.doc.slug,
        meta=rendered.doc.meta,
        source_path=rendered.doc.source.path.as_posix(),
        passages=sum(1 for passage in rendered.passages if passage.kind != "heading"),
        bilingual=rendered.is_bilingual,
        words=rendered.words,
        mentions=names.mentions_in(rendered) if names is not None else (),
    )


def assemble(
    summaries: Iterable[DocumentSummary], names: Names | None = None, facets: Facets | None = None
) -> Site:
    """The site: documents newest first (undated last), then by title and slug; their facets
    (unless given: the same documents' facets from an earlier build); and the names index
    (entries of `names` that some passage mentions, by headword)."""
    ordered = tuple(
        sorted(
            summaries,
            key=lambda summary: (
                _negated_date(summary.meta.date),
                summary.meta.title.casefold(),
                summary.slug,
            ),
        )
    )
    return Site(
        documents=ordered,
        facets=assemble_facets(ordered) if facets is None else facets,
        names=assemble_names(ordered, names),
    )


@functools.lru_cache(maxsize=65536)
def _negated_date(date: str | None) -> tuple[int, ...]:
    """A sort key putting later dates first and undated documents last."""
    if not date:
        return (1,)
    parts = [int(part) for part in date.split("-")]
    parts += [0] * (3 - len(parts))
    return (0, -parts[0], -parts[1], -parts[2])


# Facets ------------------------------------------------------------------------------------


def assemble_facets(documents: Sequence[DocumentSummary]) -> Facets:
    """Every browsing dimension of `documents` (already in index order)."""
    return Facets(
        authors=_facets(
            "author",
            documents,
            lambda doc: [
                (author.name, author.original_name, doc.meta.original_lang)
                for author in doc.meta.authors
            ],
            sort=lambda facet: (facet.label.casefold(), facet.label),
        ),
        tags=_facets(
            "tag",
            documents,
            lambda doc: [(tag, None, None) for tag in doc.meta.tags],
            sort=lambda facet: (facet.label.casefold(), facet.label),
        ),
        years=_facets(
            "year",
            documents,
            lambda doc: [(year, None, None)] if (year := document_year(doc)) else [],
            sort=lambda facet: (-int(facet.slug), facet.slug),
        ),
        venues=_facets(
            "venue",
            documents,
            lambda doc: (
                [(doc.meta.published_in, doc.meta.published_in_original, doc.meta.original_lang)]
                if doc.meta.published_in
                else []
            ),
            sort=lambda facet: (facet.label.casefold(), facet.label),
        ),
        languages=_language_facets(documents),
    )


def document_year(document: DocumentSummary) -> str | None:
    """The four-digit publication year of a document, if dated."""
    date = document.meta.date
    return date[:4] if date and re.match(r"^\d{4}", date) else None


def document_language(document: DocumentSummary) -> str:
    """The language a text was written in: its originals' if it has any, else its own."""
    return document.meta.original_lang or document.meta.lang


def language_name(tag: str) -> str:
    """`zh-Hans` → `Chinese (Simplified)`; unknown tags are returned as written."""
    lowered = tag.lower()
    return LANGUAGE_NAMES.get(lowered) or LANGUAGE_NAMES.get(lowered.split("-")[0], tag)


def _language_facets(documents: Sequence[DocumentSummary]) -> tuple[Facet, ...]:
    """One facet per language, tags compared case-insensitively (`zh-Hans` is `zh-hans`)."""
    members: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for document in documents:
        tag = document_language(document)
        slug = ascii_slug(tag)
        labels.setdefault(slug, language_name(tag))
        members[slug].append(document.slug)
    return tuple(
        sorted(
            (
                Facet("language", slug, labels[slug], tuple(slugs))
                for slug, slugs in members.items()
            ),
            key=lambda facet: (facet.label, facet.slug),
        )
    )


def _facets(
    kind: str,
    documents: Sequence[DocumentSummary],
    values: Callable[[DocumentSummary], list[tuple[str, str | None, str | None]]],
    sort: Callable[[Facet], tuple[object, ...]],
) -> tuple[Facet, ...]:
    """Group documents by each of their values of one dimension, with unique ASCII slugs."""
    members: dict[str, list[str]] = defaultdict(list)
    originals: dict[str, tuple[str, str | None]] = {}
    for document in documents:
        for label, original, original_lang in values(document):
            label = " ".join(label.split())
            if not label:
                continue
            slugs_of_label = members[label]
            if not slugs_of_label or slugs_of_label[-1] != document.slug:
                slugs_of_label.append(document.slug)
            if original and label not in originals:
                originals[label] = (original, original_lang)
    slugs = unique_slugs(members)
    facets = [
        Facet(
            kind,
            slugs[label],
            label,
            tuple(document_slugs),
            *originals.get(label, (None, None)),
        )
        for label, document_slugs in members.items()
    ]
    return tuple(sorted(facets, key=sort))


def ascii_slug(text: str) -> str:
    """A stable ASCII URL name: `Zhang Shuhua` → `zhang-shuhua`, `Brežnev` → `breznev`.

    Text with no Latin letters or digits at all (`张树华`) gets `x-` and a short hash of the
    text instead, which is just as stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not slug:
        slug = "x-" + _short_hash(text)
    return slug


def unique_slugs(labels: Iterable[str]) -> dict[str, str]:
    """Slugs for `labels`, unique among them: when two labels slugify alike (`Li Peng`,
    `Li-Peng`), the one that sorts first keeps the plain slug and each other gets a short hash
    of its own text, so adding a label never renames a page that had no clash."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        by_slug[ascii_slug(label)].append(label)
    result: dict[str, str] = {}
    for slug, clashing in by_slug.items():
        ordered = sorted(clashing, key=lambda label: (label.casefold(), label))
        result[ordered[0]] = slug
        for label in ordered[1:]:
            result[label] = f"{slug}-{_short_hash(label)}"
    return result


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


# Names index ---------------------------------------------------------------------------------


def assemble_names(
    documents: Sequence[DocumentSummary], names: Names | None
) -> tuple[IndexedName, ...]:
    """Entries of the names index that some passage mentions, sorted by headword, each with
    its mentioning documents in index order."""
    if names is None:
        return ()
    found: dict[str, list[NameMention]] = defaultdict(list)
    for document in documents:
        for mention in document.mentions:
            found[mention.key].append(NameMention(document.slug, mention.passages, mention.labels))
    indexed = [
        IndexedName(entry, tuple(found[entry.key])) for entry in names.entries if entry.key in found
    ]
    return tuple(sorted(indexed, key=lambda item: headword_sort_key(item.entry.headword)))


def headword_sort_key(headword: str) -> tuple[str, str]:
    """Book-index order: letters without accents, case-insensitive; ties by the exact text."""
    folded = unicodedata.normalize("NFKD", headword.casefold())
    return ("".join(char for char in folded if not unicodedata.combining(char)), headword)
