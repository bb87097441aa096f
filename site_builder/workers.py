"""Render documents through the cache, in a process pool: the heavy half of a build.

For each content file the parent computes a key (its bytes' hash, or the hash remembered for
an unchanged stat, plus the build context). A document whose key is in the cache index and
whose pages are still at hand (in the previous output, or as blobs) is not rendered again.
A file the index has never seen cannot be in it, so the parent leaves it unhashed: the worker
that reads it hashes it (on a clean build, that takes the hashing of the whole archive off the
parent's critical path).
The others are rendered by worker processes, which write their pages straight into the
staging folder and the blob store and send back only a small `DocumentRecord`; so memory in
the parent grows with the number of documents' summaries, never with their text.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import site_builder
from site_builder.cache import (
    BuildCache,
    CacheIndex,
    SourceStat,
    pickle_record,
    unpickle_record,
)
from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostics
from site_builder.loader import content_sources, load_document, read_source
from site_builder.model import (
    DocumentRecord,
    FileRecord,
    OutputStat,
    SearchPage,
    SnapshotStamp,
)
from site_builder.names import Names, no_names
from site_builder.output import Staging
from site_builder.templates import PageRenderer, Theme, cached_environment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

JINJA_FOLDER = "templates"
"""Compiled templates, in the build cache (`templates.create_environment`)."""

Progress = Callable[[int, int], None]
"""Called with (documents rendered so far, documents to render)."""

POOL_THRESHOLD = 16
"""Fewer documents than this to render are rendered in-process: starting workers costs more."""


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Everything a document's pages depend on besides the document itself."""

    config: SiteConfig
    """The site's configuration."""
    theme: Theme
    """Where templates are found."""
    offline: bool
    """Links spell out `index.html`."""
    snapshot: SnapshotStamp | None
    """The snapshot stamp, if any."""
    staging: Path
    """Where pages are written."""
    cache_root: Path
    """The blob store's folder."""
    names: Names = field(default_factory=no_names)
    """The curated names index: summaries record which passages mention which entry."""
    templates: tuple[tuple[str, int], ...] = ()
    """The theme's template files as they were when the build started (`template_files`)."""

    def fingerprint(self) -> str:
        """A hash of everything in this context that can change a document's pages."""
        digest = hashlib.sha256()
        digest.update(_code_fingerprint().encode())
        digest.update(repr(replace(self.config, root=Path("."))).encode())
        digest.update(repr((self.offline, self.snapshot)).encode())
        digest.update(repr(self.names.entries).encode())
        for folder in self.theme.template_dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                    digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ContentFile:
    """A content file as the build found it."""

    path: str
    """Absolute path (a string: a `Path` for each of 5,000 files costs more than it saves)."""
    shown: str
    """As messages show it."""
    mtime_ns: int
    """Modification time."""
    size: int
    """Size in bytes."""


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """One content file to turn into pages."""

    path: str
    """Absolute path of the content file."""
    shown: str
    """Its path as messages show it."""
    key: str | None
    """Its cache key; None for a file the cache has never seen (the worker computes it)."""
    fingerprint: str
    """The build context's fingerprint, which every key includes."""


def document_key(fingerprint: str, shown: str, sha256: str) -> str:
    """The cache key of a content file: its bytes' hash, its path and the build context."""
    return hashlib.sha256(f"{fingerprint}\0{shown}\0{sha256}".encode()).hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    """Hash of this package's source, so that a changed renderer invalidates the cache."""
    digest = hashlib.sha256()
    root = Path(site_builder.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _renderers(
    config: SiteConfig,
    theme: Theme,
    offline: bool,
    snapshot: SnapshotStamp | None,
    files: tuple[tuple[str, int], ...],
    bytecode: Path,
) -> tuple[MarkdownIt, PageRenderer]:
    """The parser and page renderer of a build context, made once per process and reused by
    later builds with the same templates (`serve`)."""
    from site_builder.markdown import create_markdown

    environment = cached_environment(theme, files, bytecode)
    pages = PageRenderer(environment, config, offline, snapshot)
    return create_markdown(), pages


def render_job(context: RenderContext, job: DocumentJob) -> DocumentRecord:
    """Load and render one document, write its pages; return the record (runs in a worker)."""
    # The renderer's modules are imported here, not at the top: a build that renders nothing
    # (a no-op) does not pay for them. `_render_misses` imports them before forking workers.
    from site_builder.exports import catalog_json
    from site_builder.linkcheck import link_table
    from site_builder.pages import DOCUMENT_PAGES
    from site_builder.render import render_document
    from site_builder.search import search_digests
    from site_builder.site import summarize

    md, pages = _renderers(
        context.config,
        context.theme,
        context.offline,
        context.snapshot,
        context.templates,
        context.cache_root / JINJA_FOLDER,
    )
    diagnostics = Diagnostics()
    path = Path(job.path)
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None  # read_source reports it
    sha256 = hashlib.sha256(data or b"").hexdigest()
    key = job.key or document_key(job.fingerprint, job.shown, sha256)
    source = read_source(path, context.config.root, diagnostics, data)
    document = load_document(source, context.config, diagnostics) if source else None
    if document is None:
        return DocumentRecord(job.shown, key, None, tuple(diagnostics), (), source_sha256=sha256)
    result = render_document(document, md)
    diagnostics.extend(result.diagnostics)
    staging = Staging(context.staging, context.staging)
    cache = BuildCache(context.cache_root)
    files: list[FileRecord] = []
    written: dict[str, tuple[FileRecord, bytes]] = {}
    for _name, page in DOCUMENT_PAGES:
        output = page(pages, result.rendered)
        record = staging.write(output)
        cache.adopt_blob(staging.folder / record.path, record.sha256)
        files.append(record)
        written[record.path] = (record, output.data)
    table = link_table(result.rendered)
    # The search index makes its pages from passages.json when it indexes (search_page).
    passages, passages_json = written[f"texts/{document.slug}/passages.json"]
    search = tuple(
        SearchPage(language, f"/texts/{document.slug}/", passages.sha256, digest)
        for language, digest in search_digests(passages_json)
    )
    summary = summarize(result.rendered, context.names)
    summary = replace(summary, catalog=catalog_json(summary, context.config.base_url))
    listing = repr((summary.slug, summary.bilingual, summary.meta))
    return DocumentRecord(
        job.shown,
        key,
        summary,
        tuple(diagnostics),
        tuple(files),
        "\n".join(sorted(table.anchors)),
        table.links,
        search,
        hashlib.sha256(listing.encode()).hexdigest(),
        sha256,
    )


def stat_content(config: SiteConfig) -> list[ContentFile]:
    """Every content file (`loader.content_sources`) with its (mtime, size) now. One that
    cannot be statted (a broken link, deleted meanwhile) gets size -1: no cached record
    matches it, and the worker reports it as unreadable."""
    files: list[ContentFile] = []
    for shown, path in content_sources(config):
        try:
            stat = os.stat(path)
        except OSError:
            files.append(ContentFile(path, shown, 0, -1))
            continue
        files.append(ContentFile(path, shown, stat.st_mtime_ns, stat.st_size))
    return files


def document_jobs(
    sources: Sequence[ContentFile], index: CacheIndex, fingerprint: str
) -> list[DocumentJob]:
    """A job per content file, with its key when the index knows the file."""
    jobs: list[DocumentJob] = []
    for source in sources:
        known = index.sources.get(source.shown)
        key: str | None = None
        if known is not None and (known.mtime_ns, known.size) == (source.mtime_ns, source.size):
            key = document_key(fingerprint, source.shown, known.sha256)
        elif known is not None:  # else no record can match: the worker hashes it
            try:
                with open(source.path, "rb") as stream:
                    key = document_key(
                        fingerprint, source.shown, hashlib.sha256(stream.read()).hexdigest()
                    )
            except OSError:
                pass  # the worker reports it
        jobs.append(DocumentJob(source.path, source.shown, key, fingerprint))
    return jobs


def source_stats(
    records: Sequence[DocumentRecord], sources: Sequence[ContentFile]
) -> dict[str, SourceStat]:
    """What the next build needs to know an unchanged file without reading it."""
    return {
        source.shown: SourceStat(source.mtime_ns, source.size, record.source_sha256)
        for record, source in zip(records, sources, strict=True)
    }


def render_all(
    jobs: Sequence[DocumentJob],
    context: RenderContext,
    index: CacheIndex,
    staging: Staging,
    workers: int,
    progress: Progress | None = None,
    search: bool = True,
) -> tuple[list[DocumentRecord], int]:
    """Records of every job in order, reusing cached pages; and how many came from the cache.

    `progress(done, total)` is called as documents are rendered. With `search`, a record is
    reused only if the blobs its search pages are made from are at hand.
    """
    cache = BuildCache(context.cache_root)
    records: dict[str, DocumentRecord] = {}
    misses: list[DocumentJob] = []
    previous = index.output if index.output_folder == str(staging.output) else {}
    for job in jobs:
        record = index.documents.get(job.key) if job.key else None
        if (
            record is not None
            and (not search or all(cache.has_blob(page.sha256) for page in record.search))
            and all(_reuse(file, previous, staging, cache) for file in record.files)
        ):
            records[job.shown] = record
        else:
            misses.append(job)
    for done, record in enumerate(_render_misses(misses, context, workers), start=1):
        records[record.source_path] = record
        if progress is not None:
            progress(done, len(misses))
    return [records[job.shown] for job in jobs], len(jobs) - len(misses)


def _reuse(
    file: FileRecord, previous: dict[str, OutputStat], staging: Staging, cache: BuildCache
) -> bool:
    """Put a cached page into the staging folder: linked from the old output, or copied."""
    if staging.link_previous(file, previous.get(file.path)):
        return True
    data = cache.read_blob(file)
    if data is None:
        return False
    target = staging.folder / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _render_misses(
    misses: Sequence[DocumentJob], context: RenderContext, workers: int
) -> Iterator[DocumentRecord]:
    render = functools.partial(render_job, context)
    if workers <= 1 or len(misses) < POOL_THRESHOLD:
        for done, job in enumerate(misses, start=1):
            yield render(job)
            if done % 64 == 0 and not gc.isenabled():  # see `build.build`: a few cycles
                gc.collect(0)  # are left by each document; collect the young ones
        return
    chunk = max(1, min(32, len(misses) // (workers * 8)))
    # Import the renderer once here so that forked workers inherit it instead of each
    # importing it again.
    import site_builder.pages
    import site_builder.render  # noqa: F401

    # Ctrl-C is the parent's to handle: workers ignore SIGINT (blocked while they fork, so no
    # worker is born without the handler), and an interrupted parent cancels what is queued
    # instead of waiting for the whole archive.
    pool: ProcessPoolExecutor | None = None
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
            )
            # Records come back pickled as the cache index stores them: saving it then pickles
            # none of them again.
            results = pool.map(functools.partial(_render_pickled, context), misses, chunksize=chunk)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a pending Ctrl-C lands here
        yield from map(unpickle_record, results)
    except BaseException:
        if pool is not None:
            _stop(pool)
        raise
    pool.shutdown()


def _render_pickled(context: RenderContext, job: DocumentJob) -> bytes:
    return pickle_record(render_job(context, job))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued documents and wait for the chunks in flight (at most `32` documents
    each): killing workers instead races with the pool's own bookkeeping, and a worker still
    writing could recreate the staging folder after the build has removed it."""
    pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # Rendering makes many short-lived objects and few cycles: collecting less often saves
    # about 8% of a worker's time. What the parent had before the fork is never collected.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    gc.enable()  # the parent builds with collection off


def default_jobs() -> int:
    """Worker processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
