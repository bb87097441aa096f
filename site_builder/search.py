"""The static search index: Pagefind, run on the staging folder before it is swapped in.

What is indexed is not the reading pages' HTML but, for every document, one small synthetic
page per language built from its `passages.json`: the translations in one, the originals in
another. Each passage starts with a heading whose id is the passage's (`p12`), so Pagefind's
sub-results point at `texts/<slug>/#p12`.

Why split by language: Pagefind segments Chinese, Japanese and Thai into words (with the
`extended` binary) only on pages whose language is one of those, and stems English only on
English pages. A Chinese original inside an English page would be one unsegmented run, so a
query for 集体领导 would miss 弱化集体领导. So the site's own language goes into the main
bundle (`pagefind/`), and every other language into its own bundle
(`pagefind/lang/<tag>/`), which the search page merges in (`mergeIndex`) with that language,
so that the browser segments the query the same way (`Intl.Segmenter`).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from site_builder.config import SiteConfig
from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.model import Site

log = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"
"""The main bundle's folder in the site; other languages' bundles are below `lang/`."""

_CODE = "search-index"


@dataclass(frozen=True, slots=True)
class SearchBundle:
    """A Pagefind bundle the search page merges into the main one."""

    path: str
    """Its folder, as a site path (`pagefind/lang/zh-hans/`)."""
    language: str
    """The language it holds, lower-case (`zh-hans`); the browser segments queries for it."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One synthetic page handed to Pagefind."""

    language: str
    """Lower-case language tag: which bundle it goes to."""
    url: str
    """The reading page's URL from the site root (`/texts/lenin/`)."""
    html: str
    """The page: a title and one anchored block per passage."""


def bundle_path(language: str, site_language: str) -> str:
    """Site path of the bundle for `language` (lower-case)."""
    if language == site_language.lower():
        return f"{SEARCH_FOLDER}/"
    return f"{SEARCH_FOLDER}/lang/{language}/"


def extra_search_bundles(config: SiteConfig, site: Site) -> tuple[SearchBundle, ...]:
    """The bundles besides the main one that `index_site` writes for `site`, sorted."""
    languages = set()
    for document in site.documents:
        languages.add(document.meta.lang.lower())
        if document.bilingual and document.meta.original_lang:
            languages.add(document.meta.original_lang.lower())
    primary = config.language.lower()
    return tuple(
        SearchBundle(bundle_path(language, primary), language)
        for language in sorted(languages - {primary})
    )


def search_records(document: dict[str, Any], passages: dict[str, Any]) -> Iterator[SearchRecord]:
    """The synthetic pages of one document: its translation and, if any, its originals."""
    url = "/" + document["url"]
    title = document["title"]
    rows = passages["passages"]
    translation = [(row["id"], row["text"]) for row in rows if row["text"]]
    yield SearchRecord(
        document["lang"].lower(), url, _page(document["lang"], title, None, translation)
    )
    originals: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        if row["original_text"] and row["original_lang"]:
            originals.setdefault(row["original_lang"], []).append((row["id"], row["original_text"]))
    for language, items in sorted(originals.items()):
        heading = document.get("original_title") or title
        yield SearchRecord(language.lower(), url, _page(language, heading, title, items))


def _page(lang: str, heading: str, title: str | None, rows: list[tuple[str, str]]) -> str:
    """A synthetic page: `heading` as the h1 (indexed), `title` as the result's title."""
    escape = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><title>{escape(heading)}</title>'
        "</head><body>",
        f"<h1>{escape(heading)}</h1>",
    ]
    if title is not None:
        parts.append(f'<p data-pagefind-meta="title" data-pagefind-ignore>{escape(title)}</p>')
    for passage_id, text in rows:
        # The pilcrow is not a word: the heading anchors a sub-result without adding a term.
        parts.append(f'<h2 id="{escape(passage_id)}">¶</h2><p>{escape(text)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def index_site(staging_dir: Path, config: SiteConfig, cache_dir: Path | None = None) -> None:
    """Index the site in `staging_dir` (its `catalog.json` and `passages.json` files) and
    write the Pagefind bundles into it. Raise `BuildError` saying what to do on failure.

    The synthetic pages are written to a temporary folder, one tree per language, and the
    Pagefind binary indexes each tree in one run (its Python service API answers one request
    per 100 ms, far too slow for thousands of pages); languages are indexed in parallel.
    With `cache_dir`, a bundle whose synthetic pages are unchanged since an earlier build
    (a no-op rebuild, a template or style change) is copied from there instead.
    """
    started = time.perf_counter()
    catalog_path = staging_dir / "catalog.json"
    if not catalog_path.is_file():
        raise _error("catalog.json is missing from the built site, so there is nothing to index")
    binary = _pagefind_binary()
    primary = config.language.lower()
    with tempfile.TemporaryDirectory(prefix="site-builder-search-") as temporary:
        sources = Path(temporary)
        languages = write_search_sources(staging_dir, catalog_path, sources)
        languages.add(primary)  # the search page always loads the main bundle

        def index(language: str) -> str:
            tree = sources / language
            tree.mkdir(parents=True, exist_ok=True)
            output = staging_dir / bundle_path(language, primary)
            digest = _tree_digest(binary, tree)
            cached = cache_dir / digest if cache_dir else None
            if cached is not None and (cached / _COMPLETE).is_file():
                _copy_tree(cached, output)
                return digest
            _run_pagefind(binary, tree, output)
            if cached is not None:
                # The main bundle's folder also holds the other languages' (`lang/`), which
                # are indexed in parallel and cached on their own.
                _store(output, cached, skip="lang" if language == primary else None)
            return digest

        with ThreadPoolExecutor(
            max_workers=max(1, min(len(languages), os.cpu_count() or 1))
        ) as pool:
            used = set(pool.map(index, sorted(languages)))
    if cache_dir is not None:  # keep only the bundles this build used
        for stale in cache_dir.iterdir():
            if stale.name not in used:
                shutil.rmtree(stale, ignore_errors=True)
    log.info("search index: %d languages in %.1fs", len(languages), time.perf_counter() - started)


_COMPLETE = ".complete"
"""Written last into a cached bundle: a bundle without it was interrupted and is not used."""


def _tree_digest(binary: Path, tree: Path) -> str:
    """A hash of every synthetic page of a language tree and of the Pagefind binary."""
    digest = hashlib.sha256(str(binary.stat().st_size).encode())
    for path in sorted(tree.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(tree).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _copy_tree(source: Path, target: Path, skip: str | None = None) -> None:
    """Hard-link (else copy) the files of a bundle, marker excluded, and the top-level folder
    `skip` too."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or path.name == _COMPLETE or relative.parts[0] == skip:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.unlink(missing_ok=True)
        try:
            os.link(path, destination)
        except OSError:  # another file system
            shutil.copyfile(path, destination)


def _store(bundle: Path, cached: Path, skip: str | None) -> None:
    """Keep a freshly made bundle in the cache, complete or not at all."""
    shutil.rmtree(cached, ignore_errors=True)
    _copy_tree(bundle, cached, skip)
    (cached / _COMPLETE).write_text("")


def write_search_sources(staging_dir: Path, catalog_path: Path, sources: Path) -> set[str]:
    """Write every document's synthetic pages under `sources/<language>/texts/<slug>/`;
    return the languages written."""
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    languages: set[str] = set()
    for document in catalog["documents"]:
        passages_path = staging_dir / document["passages_url"]
        try:
            passages = json.loads(passages_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise _error(f"cannot read {document['passages_url']} to index it: {error}") from None
        for record in search_records(document, passages):
            target = sources / record.language / record.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record.html, encoding="utf-8")
            languages.add(record.language)
    return languages


def _pagefind_binary() -> Path:
    """The Pagefind binary of the `pagefind[extended]` wheel (the extended one segments
    Chinese and Japanese), else of `pagefind`, else one on PATH."""
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise _error(
            "Pagefind is not installed; install it with `pip install 'pagefind[extended]'`, "
            "or build with --no-search"
        )
    return binary


def _run_pagefind(binary: Path, site: Path, output: Path) -> None:
    command = [str(binary), "--site", str(site), "--output-path", str(output), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise _error(
            f"Pagefind could not run ({error}); build with --no-search to skip it"
        ) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise _error(
            f"Pagefind failed (exit {result.returncode}): {' '.join(detail[-3:])}; "
            "build with --no-search to skip the index"
        )


def _error(message: str) -> BuildError:
    diagnostics = Diagnostics()
    diagnostics.error(_CODE, message, Location("search index"))
    return BuildError(diagnostics.items)
