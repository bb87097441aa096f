"""Pages for finding documents (DESIGN §6): the archive index, the browse pages by author, tag
and year, the names index, the search page and the not-found page."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from markupsafe import Markup

from site_builder.model import DocumentSummary, Facet, IndexedName, OutputFile, Site
from site_builder.site import ascii_slug, document_language, document_year, headword_sort_key
from site_builder.templates import PageRenderer

BROWSE_KINDS = (
    ("author", "authors", "Authors"),
    ("tag", "tags", "Tags"),
    ("year", "years", "Years"),
)
"""Facet kinds that have browse pages: (kind, URL folder, heading)."""


@dataclass(frozen=True, slots=True)
class FacetLinks:
    """Slugs by label, so that document cards can link each author, tag, venue and year."""

    authors: dict[str, str]
    """Author name → slug (`authors/<slug>/`)."""
    tags: dict[str, str]
    """Tag → slug (`tags/<slug>/`)."""
    venues: dict[str, str]
    """Venue → slug (a filter value of the index)."""
    languages: dict[str, str]
    """Language tag → slug (a filter value of the index)."""

    @classmethod
    def of(cls, site: Site) -> FacetLinks:
        """The links of `site`'s facets."""
        facets = site.facets
        return cls(
            authors={facet.label: facet.slug for facet in facets.authors},
            tags={facet.label: facet.slug for facet in facets.tags},
            venues={facet.label: facet.slug for facet in facets.venues},
            languages={
                document_language(document): ascii_slug(document_language(document))
                for document in site.documents
            },
        )

    def card_data(self, document: DocumentSummary) -> dict[str, str]:
        """The `data-*` values of a document's card on the index, read by `browse.js`."""
        meta = document.meta
        return {
            "authors": " ".join(self.authors[" ".join(a.name.split())] for a in meta.authors),
            "tags": " ".join(self.tags[" ".join(tag.split())] for tag in meta.tags),
            "year": document_year(document) or "",
            "venue": self.venues.get(" ".join((meta.published_in or "").split()), ""),
            "language": self.languages.get(document_language(document), ""),
            "date": meta.date or "",
            "title": meta.title.casefold(),
        }


class DocumentCards:
    """Each document's card (`partials/document_card.html`), rendered once per folder depth:
    a document is listed on the index and on the page of each of its authors, tags and year,
    and its card differs between them only in the relative links.

    Cards are kept for the next build of the process (`serve`) while the templates, the
    config and the facets' links are the same: a changed title then renders one card again,
    not 10,000 (two seconds at 5,000 documents).
    """

    def __init__(self, pages: PageRenderer, links: FacetLinks) -> None:
        global _KEPT_CARDS
        self._template = pages.environment.get_template(CARD_TEMPLATE)
        self._pages = pages
        self._links = links
        made_with = (pages.environment, pages.config, pages.offline, pages.snapshot, links)
        if _KEPT_CARDS[0] != made_with:
            _KEPT_CARDS = (made_with, {})
        self._cards = _KEPT_CARDS[1]

    def __call__(self, document: DocumentSummary, root: str) -> Markup:
        """The card of `document` on a page whose way back to the site root is `root`."""
        key = (document.slug, root)
        kept = self._cards.get(key)
        if kept is not None and (kept[0] is document or kept[0] == document):
            return kept[1]
        page = PurePosixPath(root.replace("../", "x/")) / "index.html"
        context = self._pages.context(str(page))
        card = Markup(self._template.render(context, document=document, links=self._links))
        self._cards[key] = (document, card)
        return card


_KEPT_CARDS: tuple[object, dict[tuple[str, str], tuple[DocumentSummary, Markup]]] = (None, {})
"""The cards of the last build in this process, and what they were made with."""


CARD_TEMPLATE = "partials/document_card.html"


def browse_pages(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`index.html`, and for authors, tags and years a listing and one page per value."""
    links = FacetLinks.of(site)
    card = DocumentCards(pages, links)
    yield pages.render(
        "index.html",
        "index.html",
        documents=site.documents,
        facets=site.facets,
        links=links,
        card=card,
        url="",
    )
    by_slug = {document.slug: document for document in site.documents}
    facet_lists: dict[str, Sequence[Facet]] = {
        "author": site.facets.authors,
        "tag": site.facets.tags,
        "year": site.facets.years,
    }
    for kind, folder, heading in BROWSE_KINDS:
        facets = facet_lists[kind]
        yield pages.render(
            "browse_list.html",
            f"{folder}/index.html",
            kind=kind,
            folder=folder,
            heading=heading,
            facets=facets,
            url=f"{folder}/",
        )
        for facet in facets:
            yield pages.render(
                "browse.html",
                f"{folder}/{facet.slug}/index.html",
                kind=kind,
                folder=folder,
                heading=heading,
                facet=facet,
                documents=[by_slug[slug] for slug in facet.documents],
                links=links,
                card=card,
                url=f"{folder}/{facet.slug}/",
            )


def names_page(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`names/index.html`: the book-style index of names and terms."""
    titles = {document.slug: document.meta.title for document in site.documents}
    yield pages.render(
        "names.html",
        "names/index.html",
        groups=names_by_letter(site.names),
        titles=titles,
        url="names/",
    )


def search_page(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`search/index.html`: runs Pagefind in the browser; explains browsing without scripts."""
    yield pages.render(
        "search.html",
        "search/index.html",
        bundles=site.search_bundles,
        url="search/",
    )


def not_found_page(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`404.html`: served by web servers at any depth, so it links from the site's root path
    (the path of `base_url`, or `/`) and fetches nothing. In an offline build (a snapshot
    opened from a folder) no server serves it, and links are relative like everywhere else."""
    root = urlsplit(pages.config.base_url).path or "/"
    home, names = ("index.html", "names/index.html") if pages.offline else (root, f"{root}names/")
    yield pages.render("404.html", "404.html", home=home, names_url=names, url="404.html")


@dataclass(frozen=True, slots=True)
class LetterGroup:
    """The entries of the names index under one initial."""

    letter: str
    """`A`-`Z`, or `#` for headwords that do not start with a Latin letter."""
    names: tuple[IndexedName, ...]
    """Its entries, in headword order."""


def names_by_letter(names: Sequence[IndexedName]) -> tuple[LetterGroup, ...]:
    """Group the names index by initial, as a book's index does."""
    groups: dict[str, list[IndexedName]] = {}
    for name in names:
        folded = headword_sort_key(name.entry.headword)[0]
        initial = folded[:1].upper()
        groups.setdefault(initial if re.match(r"[A-Z]", initial) else "#", []).append(name)
    return tuple(LetterGroup(letter, tuple(items)) for letter, items in sorted(groups.items()))
