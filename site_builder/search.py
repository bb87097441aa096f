"""The static search index: Pagefind, in shards, reused from the cache when unchanged.

What is indexed is not the reading pages' HTML but, for every document, one small synthetic
page per language (`search_page`): the translations in one, the originals in another. Each
passage starts with a heading whose id is the passage's (`p12`), so Pagefind's sub-results
point at `texts/<slug>/#p12`. The pages are made when a shard is indexed, from the
document's `passages.json` (kept as a cache blob like every page): the index holds exactly
the text that export holds, and rendering a document writes nothing for search.

Why split by language: Pagefind segments Chinese, Japanese and Thai into words (with the
`extended` binary) only on pages whose language is one of those, and stems English only on
English pages. A Chinese original inside an English page would be one unsegmented run, so a
query for 集体领导 would miss 弱化集体领导.

Why shards: Pagefind has no incremental mode, and indexing costs about 14 ms of CPU (twice
that for Chinese) and over a megabyte of memory per 4,000-word page. So each language's
pages are split by a hash of their URL into a power-of-two number of shards of at most
`search.shard_size` pages (200) each, indexed by one Pagefind run per shard into its own
bundle; a bundle whose pages are unchanged is reused from `.cache/search/`. Editing one
document re-indexes one shard of each language whose text changed. The first shard of the
site's language is the main bundle (`pagefind/`, with Pagefind's scripts); every other
shard is a bundle under `pagefind/shard/<language>/<n>/`, holding only its index, which the
search page merges in (`mergeIndex`) with its language so that the browser segments the
query the same way (`Intl.Segmenter`). Which shard a page goes to depends only on its URL
and on how many pages its language has, so an incremental build makes the same bundles as a
clean one.
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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.cache import BuildCache
from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.model import FileRecord, SearchBundle, SearchPage

log = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"
"""The main bundle's folder in the site; the other shards are below `shard/`."""

_CODE = "search-index"
_COMPLETE = ".complete"
"""Written last into a cached bundle: a bundle without it was interrupted and is not used."""
_SHARED_FILES = ("pagefind*.js", "pagefind*.css", "wasm.*")
"""Pagefind's scripts and word-processing code: the search page loads them from the main
bundle only, so the other shards do without their copies."""


@dataclass(frozen=True, slots=True)
class Shard:
    """One bundle to make: its place in the site and the pages it indexes, by URL."""

    bundle: SearchBundle
    """Where it goes and its language."""
    pages: tuple[SearchPage, ...]
    """Its pages, sorted by URL."""

    @property
    def main(self) -> bool:
        """Whether this is the main bundle, which carries Pagefind's scripts."""
        return self.bundle.path == f"{SEARCH_FOLDER}/"

    def digest(self, binary: str) -> str:
        """A hash of everything the bundle depends on: its pages, its place, the binary."""
        digest = hashlib.sha256(f"{binary}\0{self.bundle.path}\0{self.bundle.language}".encode())
        for page in self.pages:
            digest.update(f"\0{page.url}\0{page.digest}".encode())
        return digest.hexdigest()


def search_digests(passages_json: bytes) -> list[tuple[str, str]]:
    """For a document's `passages.json`: each language (lower-case) it has a search page in,
    its own first, with a hash of that page."""
    passages = json.loads(passages_json)
    own = passages["lang"].lower()
    others = {
        row["original_lang"].lower()
        for row in passages["passages"]
        if row["original_text"] and row["original_lang"]
    }
    return [
        (language, hashlib.sha256(search_page(passages, language).encode()).hexdigest())
        for language in (own, *sorted(others - {own}))
    ]


def search_page(passages: Mapping[str, Any], language: str) -> str:
    """The synthetic page of one document in `language` (lower-case), made from its
    `passages.json` data: its translations, or its originals in that language."""
    rows = passages["passages"]
    if language == passages["lang"].lower():
        texts = [(row["id"], row["text"]) for row in rows if row["text"]]
        return _page(passages["lang"], passages["title"], None, texts)
    originals = [
        row
        for row in rows
        if row["original_text"] and (row["original_lang"] or "").lower() == language
    ]
    lang = originals[0]["original_lang"] if originals else language  # as the source spells it
    heading = passages["original_title"] or passages["title"]
    texts = [(row["id"], row["original_text"]) for row in originals]
    return _page(lang, heading, passages["title"], texts)


def _page(lang: str, heading: str, title: str | None, rows: list[tuple[str, str]]) -> str:
    """A synthetic page: `heading` as the h1 (indexed), `title` as the result's title."""
    escape = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><title>{escape(heading)}</title>'
        "</head><body>",
        f"<h1>{escape(heading)}</h1>",
    ]
    if title is not None:  # an original's page: its results show the translation's title, and
        # their excerpts carry their language (metadata on the English pages would cost 10%
        # more of Pagefind's time; they need none: the search page is in English)
        parts.append(
            f'<p data-pagefind-meta="title, lang:{escape(lang)}" data-pagefind-ignore>'
            f"{escape(title)}</p>"
        )
    for passage_id, text in rows:
        # The pilcrow is not a word: the heading anchors a sub-result without adding a term.
        parts.append(f'<h2 id="{escape(passage_id)}">¶</h2><p>{escape(text)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def plan_shards(pages: Iterable[SearchPage], site_language: str, shard_size: int) -> list[Shard]:
    """Split the pages into shards: per language, by a hash of the URL. The first shard
    with pages of the site's language (else of any language) is the main bundle, which the
    search page loads Pagefind from; it exists even in an archive with no text at all."""
    primary = site_language.lower()
    by_language: dict[str, list[SearchPage]] = defaultdict(list)
    for page in pages:
        by_language[page.language].append(page)
    groups: list[tuple[str, int, list[SearchPage]]] = []
    for language in sorted(by_language, key=lambda tag: (tag != primary, tag)):
        count = shard_count(len(by_language[language]), shard_size)
        slots: list[list[SearchPage]] = [[] for _ in range(count)]
        for page in by_language[language]:
            slots[_slot(page.url, count)].append(page)
        groups.extend((language, number, slot) for number, slot in enumerate(slots) if slot)
    if not groups:
        return [Shard(SearchBundle(f"{SEARCH_FOLDER}/", primary), ())]
    shards = []
    for position, (language, number, group) in enumerate(groups):
        path = f"{SEARCH_FOLDER}/" if position == 0 else bundle_path(language, number)
        group.sort(key=lambda page: page.url)
        shards.append(Shard(SearchBundle(path, language), tuple(group)))
    return shards


def shard_count(pages: int, shard_size: int) -> int:
    """Shards for a language of `pages` pages: the least power of two that keeps shards at
    `shard_size` pages or fewer on average (so growing the archive re-shards rarely)."""
    count = 1
    while count * shard_size < pages:
        count *= 2
    return count


def _slot(url: str, count: int) -> int:
    """The shard of `url` among `count`: the leading bits of its hash."""
    return int.from_bytes(hashlib.sha256(url.encode()).digest()[:4], "big") * count >> 32


def bundle_path(language: str, number: int) -> str:
    """Site path of shard `number` of `language` (lower-case), unless it is the main one."""
    return f"{SEARCH_FOLDER}/shard/{language}/{number}/"


def merged_bundles(shards: Sequence[Shard]) -> tuple[SearchBundle, ...]:
    """The bundles the search page merges into the main one."""
    return tuple(shard.bundle for shard in shards if not shard.main)


@dataclass(frozen=True, slots=True)
class SearchOutput:
    """What the search index added to the site."""

    indexed: int
    """Shards indexed by this build (the others came from the cache)."""
    files: list[FileRecord]
    """Every file of every bundle, known by its bundle's digest rather than its own hash."""
    bundles: dict[str, str]
    """Bundle path → digest: what the output holds once this build is in place."""


class SearchIndexer:
    """Makes the shards' bundles in the background (Pagefind runs in subprocesses, so threads
    are enough), while the build writes its other pages; `finish` puts them into the site.

    Use it as a context manager: leaving it waits for the runs in flight.
    """

    def __init__(self, shards: Sequence[Shard], cache: BuildCache, jobs: int) -> None:
        self._started = time.perf_counter()
        self._shards = list(shards)
        self._cache = cache
        self._store = cache.root / "search"
        self.binary = _pagefind_binary()
        """The Pagefind program it runs."""
        tag = f"{self.binary.name}-{self.binary.stat().st_size}"
        self._digests = {shard.bundle.path: shard.digest(tag) for shard in self._shards}
        self._temporary = tempfile.TemporaryDirectory(prefix="site-builder-search-")
        self._pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        self._futures: list[Future[tuple[Path, bool]]] = []
        # The biggest shards first, so that the last one to finish is a small one.
        for shard in sorted(self._shards, key=lambda shard: -len(shard.pages)):
            self._futures.append(self._pool.submit(self._bundle, shard))

    def __enter__(self) -> SearchIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._temporary.cleanup()

    def finish(self, staging_dir: Path, previous: Mapping[str, str]) -> SearchOutput:
        """Wait for every bundle and link it into `staging_dir`, unless `previous` (bundle
        path → digest, as the output folder holds them) says the output has it already; drop
        the cached bundles this build does not use."""
        indexed = sum(fresh for _folder, fresh in (future.result() for future in self._futures))
        files: list[FileRecord] = []
        bundles: dict[str, str] = {}
        for shard in self._shards:
            digest = self._digests[shard.bundle.path]
            bundles[shard.bundle.path] = digest
            source = self._store / digest
            names = _bundle_files(source)
            if previous.get(shard.bundle.path) != digest:
                _link_files(source, staging_dir / shard.bundle.path, names)
            # Files of a bundle are known by the bundle's digest: no need to hash them.
            files.extend(
                FileRecord(shard.bundle.path + name, f"{digest}:{name}", 0) for name in names
            )
        for stale in self._store.iterdir():
            if stale.name not in bundles.values():
                shutil.rmtree(stale, ignore_errors=True)
        log.info(
            "search index: %d of %d shards indexed in %.1fs",
            indexed,
            len(self._shards),
            time.perf_counter() - self._started,
        )
        return SearchOutput(indexed, files, bundles)

    def _bundle(self, shard: Shard) -> tuple[Path, bool]:
        """The shard's bundle in the cache, made now if absent; and whether it was made."""
        digest = self._digests[shard.bundle.path]
        cached = self._store / digest
        if (cached / _COMPLETE).is_file():
            return cached, False
        tree = Path(self._temporary.name) / digest
        if not shard.pages:  # an archive without text: Pagefind needs one page to run
            tree.mkdir(parents=True, exist_ok=True)
            (tree / "index.html").write_text(_page(shard.bundle.language, "Search", None, []))
        for page in shard.pages:
            data = self._cache.read_blob(FileRecord("", page.sha256, 0))
            if data is None:
                raise _error(
                    f"the cached text of {page.url} was missing or damaged and has been "
                    "removed; build again to render it anew"
                )
            target = tree / page.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(search_page(json.loads(data), page.language), encoding="utf-8")
        tree.mkdir(parents=True, exist_ok=True)
        self._store.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{digest[:16]}-", dir=self._store))
        try:
            _run_pagefind(self.binary, tree, work)
            if not shard.main:
                for pattern in _SHARED_FILES:
                    for path in work.glob(pattern):
                        path.unlink()
            (work / _COMPLETE).write_text("")
            shutil.rmtree(cached, ignore_errors=True)
            work.rename(cached)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(tree, ignore_errors=True)
        return cached, True


def _bundle_files(source: Path) -> list[str]:
    """The files of a cached bundle (its marker excluded), as paths relative to it."""
    names: list[str] = []
    for folder, _dirs, files in os.walk(source):
        relative = Path(folder).relative_to(source).as_posix()
        prefix = "" if relative == "." else relative + "/"
        names.extend(prefix + name for name in files if name != _COMPLETE)
    return sorted(names)


def _link_files(source: Path, target: Path, names: Iterable[str]) -> None:
    """Hard-link (else copy) the files `names` of a cached bundle into `target`."""
    for name in names:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / name, destination)
        except OSError:  # another file system
            shutil.copyfile(source / name, destination)


def _pagefind_binary() -> Path:
    """The Pagefind binary of the `pagefind[extended]` wheel (the extended one segments
    Chinese and Japanese), else of `pagefind`, else one on PATH."""
    from pagefind.service import get_executable  # here: it imports asyncio (30 ms)

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
