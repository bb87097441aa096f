"""Load `content/`: walk it in sorted order and turn each Markdown file into a `Document`."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostics, Location
from site_builder.frontmatter import parse_front_matter, split_front_matter
from site_builder.model import Document, SourceFile

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger files are refused: no real document is this long, and rendering it would take
minutes and gigabytes. The message says how to split it."""


def content_files(config: SiteConfig) -> tuple[Path, ...]:
    """Every document file under the content folder, in a stable (sorted) order.

    Files and folders whose names start with `_` or `.` are not documents (`_names.yaml`).
    """
    return tuple(Path(path) for _shown, path in content_sources(config))


def content_sources(config: SiteConfig) -> list[tuple[str, str]]:
    """`content_files` as (path as messages show it, absolute path) strings: what a build
    needs of 5,000 files, without making 10,000 `Path` objects."""
    root = config.content_path
    if not root.is_dir():
        return []
    shown_root = shown_path(root, config.root)
    shown_root = "" if shown_root == "." else shown_root.rstrip("/") + "/"
    found: list[tuple[str, str]] = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(("_", "."))]
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if name.endswith(".md") and not name.startswith(("_", ".")):
                found.append((prefix + name, os.path.join(folder, name)))
    found.sort()
    return [(shown_root + relative, path) for relative, path in found]


def read_source(
    path: Path, root: Path, diagnostics: Diagnostics, data: bytes | None = None
) -> SourceFile | None:
    """Read one file as UTF-8 text (unless its bytes are given); report unreadable, binary,
    empty or huge files."""
    shown = shown_path(path, root)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        diagnostics.error(
            "unreadable", f"cannot read the file ({error.strerror}); check it", Location(shown)
        )
        return None
    if len(data) > MAX_DOCUMENT_BYTES:
        diagnostics.error(
            "too-large",
            f"the file is {len(data) // (1024 * 1024)} MB, over the "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit; split it into several documents",
            Location(shown),
        )
        return None
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        diagnostics.error(
            "binary",
            "the file contains NUL bytes, so it is not text; remove them or the file",
            Location(shown, line),
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        diagnostics.error(
            "encoding",
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            Location(shown, line),
        )
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diagnostics.error(
            "empty", "the file is empty; add front matter and text, or delete it", Location(shown)
        )
        return None
    return SourceFile(path=PurePosixPath(shown), text=text)


def load_document(
    source: SourceFile, config: SiteConfig, diagnostics: Diagnostics
) -> Document | None:
    """Validate one source file into a Document; report problems and return None on error."""
    shown = source.path.as_posix()
    slug = source.path.stem
    if not SLUG.match(slug):
        diagnostics.error(
            "slug",
            f"the file name '{source.path.name}' is not a valid URL name; rename it to "
            "lowercase ASCII letters, digits and hyphens (e.g. 'soviet-bureaucracy.md')",
            Location(shown),
        )
        return None
    split = split_front_matter(source.text, shown, diagnostics)
    if split is None:
        return None
    meta = parse_front_matter(split, shown, config.language, diagnostics)
    if meta is None:
        return None
    return Document(source=source, slug=slug, meta=meta, body=split.body, body_line=split.body_line)


def load_documents(config: SiteConfig, diagnostics: Diagnostics) -> tuple[Document, ...]:
    """Every valid document of the site, in sorted path order; duplicates are errors."""
    documents: list[Document] = []
    first_of_slug: dict[str, str] = {}
    for path in content_files(config):
        source = read_source(path, config.root, diagnostics)
        document = load_document(source, config, diagnostics) if source else None
        if document is None:
            continue
        if report_duplicate_slug(
            document.slug, document.source.path.as_posix(), first_of_slug, diagnostics
        ):
            continue
        documents.append(document)
    return tuple(documents)


def report_duplicate_slug(
    slug: str, shown: str, first_of_slug: dict[str, str], diagnostics: Diagnostics
) -> bool:
    """Report `slug` if an earlier document took it (`first_of_slug` remembers who did)."""
    if slug in first_of_slug:
        diagnostics.error(
            "duplicate-slug",
            f"two documents have the URL name '{slug}' (also {first_of_slug[slug]}); rename "
            "one of the files",
            Location(shown),
        )
        return True
    first_of_slug[slug] = shown
    return False


def shown_path(path: Path, root: Path) -> str:
    """`path` as messages show it: relative to the project when inside it, with slashes."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(prefix) and f"{os.sep}..{os.sep}" not in text + os.sep:
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
