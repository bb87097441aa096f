"""Pages for finding documents: the archive index (and, later, browse pages)."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.model import OutputFile, Site
from site_builder.templates import PageRenderer


def browse_pages(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`index.html`: every document."""
    yield pages.render("index.html", "index.html", documents=site.documents, url="")
