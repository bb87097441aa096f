"""Assemble the site from every document's summary: order, URLs and listings."""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.model import DocumentSummary, RenderedDocument, Site


def summarize(rendered: RenderedDocument) -> DocumentSummary:
    """The small part of a rendered document that site-wide pages need."""
    return DocumentSummary(
        slug=rendered.doc.slug,
        meta=rendered.doc.meta,
        source_path=rendered.doc.source.path.as_posix(),
        passages=sum(1 for passage in rendered.passages if passage.kind != "heading"),
        bilingual=rendered.is_bilingual,
        words=rendered.words,
    )


def assemble(summaries: Iterable[DocumentSummary]) -> Site:
    """The site: documents newest first (undated last), then by title and slug."""
    ordered = sorted(
        summaries,
        key=lambda summary: (
            _negated_date(summary.meta.date),
            summary.meta.title.casefold(),
            summary.slug,
        ),
    )
    return Site(documents=tuple(ordered))


def _negated_date(date: str | None) -> tuple[int, ...]:
    """A sort key putting later dates first and undated documents last."""
    if not date:
        return (1,)
    parts = [int(part) for part in date.split("-")]
    parts += [0] * (3 - len(parts))
    return (0, -parts[0], -parts[1], -parts[2])
