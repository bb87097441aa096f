"""Links between documents: report links to documents or passages that do not exist.

Editors cite other texts of the archive by passage: `[see](../other-slug/#p12)` from a reading
page, or `#p12` within the same text. Such a link is resolved the way a browser resolves it
from the page `texts/<slug>/`, and is an error with the file and line of the block holding it
when its document or its passage does not exist. A link written from the site root
(`texts/other/#p12`) is resolved relative to the page too, as a browser would, so the message
says how to write it instead.

Only fragments that name passages (`p12`, `p12a`, `p12-p15`), notes (`fn-7`, `fnref-7`) or an
id of the target document are checked; other fragments and links elsewhere are left alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.diagnostics import Diagnostics, Location
from site_builder.model import RenderedDocument

_SITE = "http://site.invalid/"
"""A stand-in origin to resolve relative links against; never contacted."""
_DOCUMENT_PAGE = re.compile(r"^texts/([^/]+)(?:/(?:index\.html)?)?$")
_NESTED_TEXTS = re.compile(r"^texts/[^/]+/(texts/.*)$")
_CHECKED_FRAGMENT = re.compile(r"^(p\d+[A-Za-z0-9_-]*|fn-.+|fnref-.+)$")
_RANGE = re.compile(r"^(p\d+[A-Za-z0-9_]*)-(p\d+[A-Za-z0-9_]*)$")
_CODE = "broken-link"


@dataclass(frozen=True, slots=True)
class LinkTable:
    """What link checking needs of one document: small enough to keep for every document."""

    slug: str
    """The document's URL name."""
    path: str
    """Its content file, for messages."""
    anchors: frozenset[str]
    """Every fragment a link to it may name."""
    links: tuple[tuple[str, int | None], ...]
    """Each link it holds that may point into the site, with the line of its block."""


def link_table(document: RenderedDocument) -> LinkTable:
    """The link table of one rendered document (computed where the document is rendered).

    Its links were collected from the parsed Markdown by `render_document`, not from the
    HTML: parsing every page's HTML again cost a seventh of a clean build."""
    return LinkTable(
        document.doc.slug,
        document.doc.source.path.as_posix(),
        document_anchors(document),
        document.links,
    )


def check_links(
    rendered_documents: Iterable[RenderedDocument],
    diagnostics: Diagnostics,
    *,
    base_url: str = "",
) -> None:
    """Report every link in document bodies, notes, summaries and editor's notes whose target
    document or passage does not exist. `base_url` lets absolute links to the published site
    be checked too."""
    check_link_tables(
        [link_table(document) for document in rendered_documents], diagnostics, base_url=base_url
    )


def check_link_tables(
    tables: Iterable[LinkTable], diagnostics: Diagnostics, *, base_url: str = ""
) -> None:
    """`check_links` over link tables, which is how builds call it."""
    tables = tuple(tables)
    anchors = {table.slug: table.anchors for table in tables}
    for table in tables:
        page = f"texts/{table.slug}/"
        for href, line in table.links:
            problem = _link_problem(href, page, anchors, base_url)
            if problem:
                diagnostics.error(_CODE, problem, Location(table.path, line))


def document_anchors(document: RenderedDocument) -> frozenset[str]:
    """Every fragment a link to this document may name: passages, headings, notes."""
    ids = {passage.id for passage in document.passages}
    ids.update(heading.anchor for heading in document.headings)
    for note in document.notes:
        ids.add(f"fn-{note.anchor}")
        ids.add(f"fnref-{note.anchor}")
        ids.update(f"fnref-{note.anchor}-{count}" for count in range(2, note.references + 1))
    return frozenset(ids)


def _link_problem(
    href: str, page: str, anchors: dict[str, frozenset[str]], base_url: str
) -> str | None:
    """What is wrong with `href` on the page `page`, or None if it is fine or not ours."""
    if base_url and href.startswith(base_url):
        resolved = urlsplit(_SITE + href[len(base_url) :])
    else:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        resolved = urlsplit(urljoin(_SITE + page, href))
    site_path = unquote(resolved.path).removeprefix("/")
    fragment = unquote(resolved.fragment)
    nested = _NESTED_TEXTS.match(site_path)
    if nested and not href.startswith(("/", "../", "./")):
        return (
            f"the link '{href}' is relative to this page, so it points to {site_path}, which "
            f"does not exist; write it as '{_relative(nested.group(1) + _hash(fragment))}'"
        )
    match = _DOCUMENT_PAGE.match(site_path)
    if match is None:
        return None
    slug = match.group(1)
    target = anchors.get(slug)
    if target is None:
        return (
            f"the link '{href}' points to texts/{slug}/, but no document has the URL name "
            f"'{slug}'; fix the link (the URL name is the file name without .md)"
        )
    same_page = site_path.removesuffix("index.html").rstrip("/") + "/" == page
    for wanted in _fragment_ids(fragment):
        if wanted not in target:
            where = "this document" if same_page else f"texts/{slug}/"
            return (
                f"the link '{href}' points to passage {wanted}, but {where} has no such "
                f"passage{_known_range(target)}; fix the link or give the passage that id "
                f"({{#{wanted}}})"
            )
    return None


def _fragment_ids(fragment: str) -> tuple[str, ...]:
    """The ids a fragment names that we check: one id, both ends of a range, or none."""
    if not fragment:
        return ()
    ranged = _RANGE.match(fragment)
    if ranged:
        return (ranged.group(1), ranged.group(2))
    return (fragment,) if _CHECKED_FRAGMENT.match(fragment) else ()


def _known_range(anchors: frozenset[str]) -> str:
    numbers = sorted(int(anchor[1:]) for anchor in anchors if re.fullmatch(r"p\d+", anchor))
    if not numbers:
        return " (it has no numbered passages)"
    if len(numbers) == 1:
        return f" (its only numbered passage is p{numbers[0]})"
    return f" (its passages are p{numbers[0]} to p{numbers[-1]})"


def _relative(site_path: str) -> str:
    """`texts/other/#p3` as written from a reading page: `../other/#p3`."""
    return "../" + site_path.removeprefix("texts/")


def _hash(fragment: str) -> str:
    return f"#{fragment}" if fragment else ""


_STATIC_REFERENCE = re.compile(r'(?:src|href)="([^"#?:]*static/[^"#?]+)"')


def check_static_references(
    locate: Callable[[str], Path], pages: Iterable[str], diagnostics: Diagnostics
) -> None:
    """Report theme files (`static/...`) that written pages refer to but the site lacks;
    `locate` says where a file of the site (`static/css/site.css`) is.

    The site-wide pages share every template's head and scripts, so checking them (and one
    reading page) finds a missing stylesheet or script without reading the whole site.
    """
    missing: dict[str, str] = {}
    for page in pages:
        text = locate(page).read_text(encoding="utf-8")
        folder = PurePosixPath(page).parent
        for reference in _STATIC_REFERENCE.findall(text):
            target = posixpath.normpath((folder / unquote(reference)).as_posix())
            if not locate(target).is_file():
                missing.setdefault(target, page)
    for target, page in sorted(missing.items()):
        diagnostics.error(
            "static-missing",
            f"{page} refers to {target}, which is in neither the site's static/ nor the "
            "default theme's; add the file or fix the template that refers to it",
            Location("templates"),
        )
