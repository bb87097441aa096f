"""What the repository's shipped archive holds, read from its sources (not from the build).

Tests compare the built site against these, so a document that the build silently drops fails.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import REPO_ROOT

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ORIGINAL_LANG = re.compile(r"^original_lang:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class DemoDocument:
    """One document of the shipped archive, as ``content/<slug>.md`` declares it."""

    slug: str
    """The file name without ``.md``; the reading page is ``texts/<slug>/``."""
    original_lang: str | None
    """The ``original_lang`` of its front matter: the language of its originals, if any."""


def demo_documents(project_dir: Path = REPO_ROOT) -> list[DemoDocument]:
    """The documents of ``project_dir/content`` in slug order."""
    documents = []
    for path in sorted((project_dir / "content").glob("*.md")):
        front_matter = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        lang = _ORIGINAL_LANG.search(front_matter.group(1)) if front_matter else None
        documents.append(DemoDocument(path.stem, lang.group(1) if lang else None))
    return documents


def demo_sources(project_dir: Path = REPO_ROOT) -> list[Path]:
    """The raw texts the archive was imported from (``sources/*.txt``)."""
    return sorted((project_dir / "sources").glob("*.txt"))


def reading_page_slugs(site: Path) -> list[str]:
    """Slugs of the reading pages a build wrote (``texts/<slug>/index.html``)."""
    return sorted(page.parent.name for page in site.glob("texts/*/index.html"))
