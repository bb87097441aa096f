"""Reading pages: `texts/<slug>/index.html`, one per document (DESIGN §6-7).

The template gets the rendered document plus what is computed here, in Python, where it can be
tested and escaped correctly: the citations (document and passage templates), the schema.org
JSON-LD (serialised with `json.dumps`, `<`, `>` and `&` escaped, so no string from a document
can close the `<script>` element), the plain-text description and the table of contents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from site_builder.citation import CitedWork, Pinpoint, citations
from site_builder.config import SiteConfig
from site_builder.exports import html_to_text
from site_builder.model import FrontMatter, Heading, OutputFile, RenderedDocument
from site_builder.templates import PageRenderer

TOC_MIN_HEADINGS = 4
"""A document with at least this many headings gets a table of contents."""

PASSAGE_LABEL = "PASSAGELABEL"
"""Placeholder for a passage's number in the passage citation templates (filled in by JS).
Letters only, so that no citation style escapes or reorders it."""
PASSAGE_ID = "PASSAGEID"
"""Placeholder for a passage's anchor (`p12`) in the passage citation templates."""
PAGE_URL = "https://PAGEURL/"
"""Placeholder for the page's URL in the passage templates when the site has no `base_url`;
the script puts the address the page was opened from in its place."""

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True, slots=True)
class PassageCitation:
    """A citation style's template for "cite this passage"."""

    style: str
    """Style id, as in `Citation.style`."""
    template: str
    """The citation with `PASSAGE_LABEL`, `PASSAGE_ID` (and maybe `PAGE_URL`) to replace."""


def reading_page(pages: PageRenderer, rendered: RenderedDocument) -> OutputFile:
    """The reading page of one rendered document."""
    config = pages.config
    slug = rendered.doc.slug
    meta = rendered.doc.meta
    url = f"texts/{slug}/"
    permalink = config.base_url + url if config.base_url else None
    work = cited_work(config, meta, slug, permalink)
    template_work = cited_work(config, meta, slug, permalink or PAGE_URL)
    passage_citations = tuple(
        PassageCitation(citation.style, citation.text)
        for citation in citations(template_work, Pinpoint(PASSAGE_LABEL, PASSAGE_ID))
    )
    return pages.render(
        "reading.html",
        f"texts/{slug}/index.html",
        document=rendered,
        meta=meta,
        url=url,
        permalink_url=permalink,
        original_side=config.reading.original_side,
        description=plain_text(rendered.summary_html) or config.description,
        citations=citations(work),
        passage_citations=passage_citations,
        toc=table_of_contents(rendered.headings),
        json_ld=json_ld(config, meta, permalink, rendered),
        publisher=meta.publisher or config.publisher or None,
    )


def cited_work(config: SiteConfig, meta: FrontMatter, slug: str, url: str | None) -> CitedWork:
    """What the Cite panel cites: the translation, in this archive, at `url`."""
    return CitedWork(meta, slug, url, config.title, meta.publisher or config.publisher or None)


def table_of_contents(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The headings worth a table of contents: all of them for long documents, else none."""
    return headings if len(headings) >= TOC_MIN_HEADINGS else ()


def plain_text(fragment: str | None) -> str:
    """An inline HTML fragment as plain text (for `<meta name=description>` and JSON-LD)."""
    return html_to_text(fragment) if fragment else ""


def json_ld(
    config: SiteConfig, meta: FrontMatter, permalink: str | None, rendered: RenderedDocument
) -> Markup:
    """schema.org JSON-LD for the page: a `CreativeWork` translating the original work.

    Safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are written as JSON
    escapes, so a title like `</script><script>…` stays text.
    """
    authors = [
        {"@type": "Person", "name": author.name}
        | ({"alternateName": author.original_name} if author.original_name else {})
        for author in meta.authors
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": meta.title,
        "inLanguage": meta.lang,
    }
    if authors:
        data["author"] = authors
    if permalink:
        data["url"] = permalink
    description = plain_text(rendered.summary_html)
    if description:
        data["description"] = description
    if meta.tags:
        data["keywords"] = list(meta.tags)
    publisher = meta.publisher or config.publisher
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    data["isPartOf"] = {"@type": "WebSite", "name": config.title} | (
        {"url": config.base_url} if config.base_url else {}
    )
    if meta.original_title or meta.original_lang or meta.published_in:
        original: dict[str, Any] = {"@type": "CreativeWork"}
        if meta.original_title:
            original["name"] = meta.original_title
        if meta.original_lang:
            original["inLanguage"] = meta.original_lang
        if authors:
            original["author"] = authors
        if meta.date:
            original["datePublished"] = meta.date
        if meta.published_in:
            venue: dict[str, Any] = {"@type": "Periodical", "name": meta.published_in}
            if meta.published_in_original:
                venue["alternateName"] = meta.published_in_original
            original["isPartOf"] = venue
        data["translationOfWork"] = original
    return Markup(escape_json_for_script(data))


def escape_json_for_script(data: Any) -> str:
    """`json.dumps(data)` with the characters that could end a `<script>` element escaped."""
    text = json.dumps(data, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda found: _JSON_ESCAPES[found[0]], text)
