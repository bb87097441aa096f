"""The site's configuration: `site.yaml` loaded into typed, frozen, documented dataclasses.

Every option has a default, so an empty `site.yaml` is a valid site. Unknown keys and wrong
types are errors that name the file and line, with a did-you-mean; all of them are collected
and reported at once (`ConfigError` carries them through `BuildError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.schema import (
    LineIndex,
    check_keys,
    expect_text,
    expect_text_list,
    parse_yaml,
    yaml_error_location,
    yaml_error_text,
)

CONFIG_FILE = "site.yaml"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class ReadingConfig:
    """How reading pages lay out a translation beside its original."""

    original_side: str = "left"
    """`left` or `right`: which column holds the original on wide screens. Default `left`, the
    order of a facing-page edition (original | translation). Narrow screens always stack the
    translation first."""


@dataclass(frozen=True, slots=True)
class ImportConfig:
    """Options of `site-builder import`."""

    chrome: tuple[str, ...] = ()
    """Extra regular expressions for site chrome, added to the built-in rules: a source line
    whose stripped text fully matches one is dropped (and listed with `--verbose`)."""


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """How the search index is split."""

    shard_size: int = 200
    """At most this many documents per language in one shard of the index (rounded so that
    the number of shards is a power of two). Smaller shards make a rebuild after an edit
    faster and need less memory; larger ones mean fewer files for a search to fetch."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything `site.yaml` can say, with the project's location."""

    root: Path
    """The project folder (where `site.yaml` is); not settable in the file."""
    title: str = "Documentary Archive"
    """The site's name, shown in every page header and in citations."""
    description: str = ""
    """One sentence about the archive, for the index page and search engines."""
    base_url: str = ""
    """The absolute URL the site is published at, ending in `/` (`https://example.org/archive/`).
    Used for permanent links, citations, feeds and sitemaps; pages link relatively anyway, so
    the site also works from another path or from `file://`. Empty means "not published yet":
    permanent links are then written relative."""
    language: str = "en"
    """The interface language (BCP 47), the `lang` of every page's `<html>`."""
    publisher: str = ""
    """The organisation that publishes the archive, for citations and snapshot records."""
    content_dir: str = "content"
    """Folder of the Markdown documents, relative to the project."""
    output_dir: str = "_site"
    """Folder the site is built into, relative to the project (or absolute)."""
    reading: ReadingConfig = field(default_factory=ReadingConfig)
    """Reading page layout."""
    import_: ImportConfig = field(default_factory=ImportConfig)
    """Importer options (the `import:` key)."""
    search: SearchConfig = field(default_factory=SearchConfig)
    """Search index options."""

    @property
    def content_path(self) -> Path:
        """The content folder as an absolute path."""
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        """The output folder as an absolute path."""
        return self.root / self.output_dir


_TOP_KEYS = (
    "title",
    "description",
    "base_url",
    "language",
    "publisher",
    "content_dir",
    "output_dir",
    "reading",
    "import",
    "search",
)
_CODE = "config"


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `site.yaml`."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def load_config(root: Path) -> SiteConfig:
    """Read `root/site.yaml`; raise `BuildError` listing every problem in it."""
    path = root / CONFIG_FILE
    shown = CONFIG_FILE
    diagnostics = Diagnostics()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        diagnostics.error(
            _CODE,
            f"no {CONFIG_FILE} in {root}; run site-builder in a project folder or pass --project",
            Location(shown),
        )
        raise BuildError(diagnostics.items) from None
    except UnicodeDecodeError as error:
        diagnostics.error(
            _CODE, f"not UTF-8 (byte {error.start}); save the file as UTF-8", Location(shown)
        )
        raise BuildError(diagnostics.items) from None
    try:
        parsed = parse_yaml(text, shown)
    except yaml.YAMLError as error:
        diagnostics.error(
            _CODE,
            f"malformed YAML: {yaml_error_text(error)}; fix the syntax",
            yaml_error_location(error, shown),
        )
        raise BuildError(diagnostics.items) from None
    config = _config_from_data(root, parsed.data, parsed.index, diagnostics)
    if diagnostics.has_errors:
        raise BuildError(diagnostics.items)
    return config


def _config_from_data(
    root: Path, data: Any, index: LineIndex, diagnostics: Diagnostics
) -> SiteConfig:
    if data is None:
        return SiteConfig(root=root)
    if not isinstance(data, dict):
        diagnostics.error(_CODE, "site.yaml must be a mapping of keys to values", index.at())
        return SiteConfig(root=root)
    check_keys(data, _TOP_KEYS, index, (), diagnostics, _CODE, "site.yaml")
    defaults = SiteConfig(root=root)

    def text(key: str, default: str) -> str:
        value = expect_text(data.get(key), index, (key,), diagnostics, _CODE)
        return default if value is None else value.strip()

    language = text("language", defaults.language)
    if not LANGUAGE_TAG.match(language):
        diagnostics.error(
            _CODE,
            f"language '{language}' is not a BCP 47 tag; write e.g. 'en' or 'zh-Hans'",
            index.at("language"),
        )
    base_url = text("base_url", defaults.base_url)
    if base_url:
        if not re.match(r"^https?://[^/\s]+", base_url):
            diagnostics.error(
                _CODE,
                f"base_url '{base_url}' is not an absolute http(s) URL; "
                "write e.g. 'https://example.org/archive/'",
                index.at("base_url"),
            )
        elif not base_url.endswith("/"):
            base_url += "/"
    return SiteConfig(
        root=root,
        title=text("title", defaults.title),
        description=text("description", defaults.description),
        base_url=base_url,
        language=language,
        publisher=text("publisher", defaults.publisher),
        content_dir=text("content_dir", defaults.content_dir),
        output_dir=text("output_dir", defaults.output_dir),
        reading=_reading(data.get("reading"), index, diagnostics),
        import_=_import(data.get("import"), index, diagnostics),
        search=_search(data.get("search"), index, diagnostics),
    )


def _section(value: Any, key: str, index: LineIndex, diagnostics: Diagnostics) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        diagnostics.error(_CODE, f"'{key}' must be a mapping of options", index.at(key))
        return {}
    return value


def _reading(value: Any, index: LineIndex, diagnostics: Diagnostics) -> ReadingConfig:
    section = _section(value, "reading", index, diagnostics)
    check_keys(section, ("original_side",), index, ("reading",), diagnostics, _CODE, "reading")
    side = expect_text(
        section.get("original_side"), index, ("reading", "original_side"), diagnostics, _CODE
    )
    if side is None:
        return ReadingConfig()
    if side not in ("left", "right"):
        diagnostics.error(
            _CODE,
            f"reading.original_side must be 'left' or 'right', not '{side}'",
            index.at("reading", "original_side"),
        )
        return ReadingConfig()
    return ReadingConfig(original_side=side)


def _import(value: Any, index: LineIndex, diagnostics: Diagnostics) -> ImportConfig:
    section = _section(value, "import", index, diagnostics)
    check_keys(section, ("chrome",), index, ("import",), diagnostics, _CODE, "import")
    patterns = expect_text_list(
        section.get("chrome"), index, ("import", "chrome"), diagnostics, _CODE
    )
    for position, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as error:
            diagnostics.error(
                _CODE,
                f"import.chrome pattern '{pattern}' is not a valid regular expression "
                f"({error.msg}); fix or quote it",
                index.at("import", "chrome", position),
            )
    return ImportConfig(chrome=patterns)


def _search(value: Any, index: LineIndex, diagnostics: Diagnostics) -> SearchConfig:
    section = _section(value, "search", index, diagnostics)
    check_keys(section, ("shard_size",), index, ("search",), diagnostics, _CODE, "search")
    size = section.get("shard_size")
    if size is None:
        return SearchConfig()
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 1_000_000:
        diagnostics.error(
            _CODE,
            f"search.shard_size must be a whole number from 1 to 1000000, not {size!r}",
            index.at("search", "shard_size"),
        )
        return SearchConfig()
    return SearchConfig(shard_size=size)
