"""Which files make up a site, as data: the list of page generators, in output order.

Per-document pages come from each rendered document; site-wide pages from the assembled
`Site`. A test can read these lists, and a new kind of page is one new line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from site_builder.browse import browse_pages, names_page, not_found_page, search_page
from site_builder.exports import (
    catalog_file,
    feed_file,
    passages_file,
    robots_file,
    sitemap_file,
)
from site_builder.model import OutputFile, RenderedDocument, Site
from site_builder.reading import reading_page
from site_builder.templates import PageRenderer, Theme, static_files

DocumentPage = Callable[[PageRenderer, RenderedDocument], OutputFile]
SitePages = Callable[[PageRenderer, Site], Iterator[OutputFile]]

DOCUMENT_PAGES: tuple[tuple[str, DocumentPage], ...] = (
    ("reading page", reading_page),
    ("passages.json", passages_file),
)
"""Pages made from one document alone: pure functions of (document, config, theme)."""

SITE_PAGES: tuple[tuple[str, SitePages], ...] = (
    ("index and browse pages", browse_pages),
    ("names index", names_page),
    ("search page", search_page),
    ("not-found page", not_found_page),
    ("catalog.json", catalog_file),
    ("Atom feed", feed_file),
    ("sitemap", sitemap_file),
    ("robots.txt", robots_file),
)
"""Pages made from the whole site's summaries."""


LISTING_PAGES = frozenset(
    {browse_pages, search_page, not_found_page, feed_file, sitemap_file, robots_file}
)
"""The site-wide pages made only from what lists show of each document (URL name and front
matter: cards, facets, feed entries, sitemap URLs), the build context and the search bundles
(`build.listing_digest` covers exactly these): a build whose documents changed only in their
text keeps them as they are. The names index (which passages mention a name) and the catalog
(word counts) depend on the text."""


def site_files(
    pages: PageRenderer, theme: Theme, site: Site, *, listings: bool = True
) -> Iterator[OutputFile]:
    """The files that depend on the whole site: static assets, then site-wide pages; without
    `listings`, the `LISTING_PAGES` are left out.

    Per-document pages (`DOCUMENT_PAGES`) are written by `workers.render_job`.
    """
    yield from static_files(theme)
    for _name, generate in SITE_PAGES:
        if listings or generate not in LISTING_PAGES:
            yield from generate(pages, site)


def listing_files(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """The `LISTING_PAGES` alone."""
    for _name, generate in SITE_PAGES:
        if generate in LISTING_PAGES:
            yield from generate(pages, site)
