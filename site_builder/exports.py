"""Machine-readable files (DESIGN §6): `catalog.json`, `texts/<slug>/passages.json`, the Atom
feed, the sitemap and `robots.txt`.

Every byte is a function of the content and the configuration: JSON keys keep a fixed order,
and the feed's `updated` is the newest document's date, never the clock.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from site_builder.browse import BROWSE_KINDS
from site_builder.model import DocumentSummary, FrontMatter, OutputFile, RenderedDocument, Site
from site_builder.templates import PageRenderer

FEED_ENTRIES = 50
"""How many of the newest documents the Atom feed lists."""

FORMAT_VERSION = 1
"""Version of the JSON formats; raised when a field changes meaning or disappears."""

_NOTE_REFERENCE = re.compile(r'href="#fn-([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def catalog_file(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`catalog.json`: every document's metadata, in index order."""
    config = pages.config
    catalog = {
        "format": "site-builder catalog",
        "version": FORMAT_VERSION,
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "publisher": config.publisher,
        "base_url": config.base_url,
    }
    # The text of `_json_file(catalog | {"documents": [...]})`, from the entries the workers
    # made (`catalog_json`).
    entries = ",".join(
        document.catalog or catalog_json(document, config.base_url) for document in site.documents
    )
    head = json.dumps(catalog, **_COMPACT)[:-1]
    yield OutputFile(PurePosixPath("catalog.json"), f'{head},"documents":[{entries}]}}\n'.encode())


def catalog_json(document: DocumentSummary, base_url: str) -> str:
    """`catalog_entry` as JSON text."""
    return json.dumps(catalog_entry(document, base_url), **_COMPACT)


def catalog_entry(document: DocumentSummary, base_url: str) -> dict[str, Any]:
    """One document of `catalog.json`."""
    url = f"texts/{document.slug}/"
    entry: dict[str, Any] = {"slug": document.slug, "url": url}
    if base_url:
        entry["permalink"] = base_url + url
    entry["passages_url"] = url + "passages.json"
    entry.update(_metadata(document.meta))
    entry.update(
        {"bilingual": document.bilingual, "passages": document.passages, "words": document.words}
    )
    return entry


def _metadata(meta: FrontMatter) -> dict[str, Any]:
    return {
        "title": meta.title,
        "original_title": meta.original_title,
        "authors": [
            {"name": author.name, "original_name": author.original_name} for author in meta.authors
        ],
        "lang": meta.lang,
        "original_lang": meta.original_lang,
        "date": meta.date,
        "published_in": meta.published_in,
        "published_in_original": meta.published_in_original,
        "publisher": meta.publisher,
        "summary": meta.summary,
        "tags": list(meta.tags),
    }


def passages_file(pages: PageRenderer, rendered: RenderedDocument) -> OutputFile:
    """`texts/<slug>/passages.json`: every row of the reading page in order, with its id,
    kind, translation and original as plain text, and the notes it refers to."""
    document = rendered.doc
    labels = {note.anchor: note.label for note in rendered.notes}
    data = {
        "format": "site-builder passages",
        "version": FORMAT_VERSION,
        "slug": document.slug,
        "url": f"texts/{document.slug}/",
        "title": document.meta.title,
        "original_title": document.meta.original_title,
        "lang": document.meta.lang,
        "original_lang": document.meta.original_lang,
        "passages": [
            {
                "id": passage.id,
                "number": passage.number,
                "label": passage.label,
                "kind": passage.kind,
                "level": passage.level,
                "text": passage.text,
                "original_text": passage.original_text,
                "original_lang": passage.original_lang,
                "notes": [
                    labels.get(anchor, anchor)
                    for anchor in _unique(_NOTE_REFERENCE.findall(passage.html))
                ],
            }
            for passage in rendered.passages
        ],
        "notes": [
            {
                "label": note.label,
                "id": f"fn-{note.anchor}",
                "text": html_to_text(note.html),
                "in_editor_note": note.in_editor_note,
            }
            for note in rendered.notes
        ],
    }
    return _json_file(f"texts/{document.slug}/passages.json", data)


def feed_file(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`feed.xml`: an Atom feed of the newest documents; only with a `base_url` (Atom needs
    absolute, permanent ids)."""
    if not pages.config.base_url:
        return
    entries = site.documents[:FEED_ENTRIES]
    dated = [document.meta.date for document in site.documents if document.meta.date]
    updated = atom_date(max(dated, key=_date_key)) if dated else "1970-01-01T00:00:00Z"
    yield pages.render(
        "feed.xml",
        "feed.xml",
        entries=entries,
        updated=updated,
        atom_date=atom_date,
        url="feed.xml",
    )


def sitemap_file(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`sitemap.xml`: every page a search engine should know, as absolute URLs; only with a
    `base_url` (sitemaps cannot hold relative URLs)."""
    if not pages.config.base_url:
        return
    yield pages.render("sitemap.xml", "sitemap.xml", locations=site_paths(site), url="sitemap.xml")


def site_paths(site: Site) -> list[str]:
    """The site paths of every HTML page worth listing (not search or 404), in a fixed order."""
    paths = ["", "names/"]
    facet_lists = {
        "author": site.facets.authors,
        "tag": site.facets.tags,
        "year": site.facets.years,
    }
    for kind, folder, _heading in BROWSE_KINDS:
        paths.append(f"{folder}/")
        paths.extend(f"{folder}/{facet.slug}/" for facet in facet_lists[kind])
    paths.extend(f"texts/{document.slug}/" for document in site.documents)
    return paths


def robots_file(pages: PageRenderer, site: Site) -> Iterator[OutputFile]:
    """`robots.txt`: everything may be crawled; names the sitemap when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if pages.config.base_url:
        lines += ["", f"Sitemap: {pages.config.base_url}sitemap.xml"]
    yield OutputFile(PurePosixPath("robots.txt"), ("\n".join(lines) + "\n").encode("utf-8"))


def atom_date(date: str) -> str:
    """An ISO date of any precision as an Atom timestamp: `2021-11` → `2021-11-01T00:00:00Z`."""
    parts = [*date.split("-"), "01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _date_key(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-"))


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment our Markdown renderer wrote, with runs of white space
    collapsed.

    Tags are dropped by a regular expression, not an HTML parser (a twentieth of a clean build):
    markdown-it escapes every `<`, `>`, `&` and `"` in text and attribute values, so in its
    output a `<` always opens a tag and a `>` always closes one.
    """
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def _json_file(path: str, data: Any) -> OutputFile:
    # Compact, one record per line would need indent, which makes Python fall back from its C
    # encoder to the pure-Python one (12% of a clean build, profiled): tools read JSON anyway.
    text = json.dumps(data, **_COMPACT) + "\n"
    return OutputFile(PurePosixPath(path), text.encode("utf-8"))
