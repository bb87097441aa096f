"""Slugs: ASCII, stable names for `content/<slug>.md` and `/texts/<slug>/`."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 80
"""Longest slug, in characters; longer titles are cut at a word boundary."""


def slugify(text: str) -> str:
    """ASCII, lower-case words joined by hyphens; '' when `text` has no Latin letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or "-".join(words)[:SLUG_MAX].strip("-")


def slug_for(title: str, source_stem: str) -> str:
    """The slug of a document: from its title, else from its source file's name."""
    return slugify(title) or slugify(source_stem) or "document"
