"""Reading pages: `texts/<slug>/index.html`, one per document (DESIGN §6-7)."""

from __future__ import annotations

from site_builder.model import OutputFile, RenderedDocument
from site_builder.templates import PageRenderer


def reading_page(pages: PageRenderer, rendered: RenderedDocument) -> OutputFile:
    """The reading page of one rendered document."""
    slug = rendered.doc.slug
    return pages.render(
        "reading.html",
        f"texts/{slug}/index.html",
        document=rendered,
        meta=rendered.doc.meta,
        url=f"texts/{slug}/",
        original_side=pages.config.reading.original_side,
    )
