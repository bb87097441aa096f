"""`build(config, options) -> BuildResult`: the one orchestrator. It reads like DESIGN §1."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import BuildCache, CacheIndex
from site_builder.config import SiteConfig
from site_builder.diagnostics import BuildError, Diagnostic, Diagnostics, Location
from site_builder.linkcheck import (
    LinkTable,
    check_link_tables,
    check_links,
    check_static_references,
)
from site_builder.loader import content_files, load_documents, report_duplicate_slug
from site_builder.markdown import create_markdown
from site_builder.model import DocumentRecord, FileRecord, RenderedDocument, Site, SnapshotStamp
from site_builder.names import Names, load_names, unlisted_names
from site_builder.output import check_output_folder, commit_staging, staged_output
from site_builder.pages import site_files
from site_builder.render import render_document
from site_builder.search import SearchIndexer, Shard, merged_bundles, plan_shards
from site_builder.site import assemble
from site_builder.templates import PageRenderer, create_environment, find_theme
from site_builder.workers import (
    Progress,
    RenderContext,
    default_jobs,
    document_jobs,
    render_all,
)

CACHE_FOLDER = ".cache"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line can change about one build."""

    output: Path | None = None
    """Output folder; default: the config's `output_dir`."""
    strict: bool = False
    """Treat warnings as errors."""
    base_url: str | None = None
    """Override `base_url` of `site.yaml` (e.g. a staging server)."""
    offline: bool = False
    """Links spell out `index.html` so the site works from `file://`."""
    snapshot: SnapshotStamp | None = None
    """Stamp every page with this snapshot's label and date (`site-builder snapshot`)."""
    jobs: int | None = None
    """Worker processes; default: one per core. The output is the same for any number."""
    search: bool = True
    """Build the search index (`--no-search` skips it)."""
    progress: Progress | None = None
    """Called as documents are rendered (the command line draws a progress bar with it)."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build produced."""

    site: Site
    """The assembled site."""
    output: Path
    """Where it was written."""
    files: int
    """How many files the site has."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings (a build with errors raises `BuildError` instead)."""
    seconds: float
    """Wall time, for the summary line only (never written into the site)."""
    rendered: int
    """Documents rendered in this build (the others came from the cache)."""
    jobs: int
    """Worker processes available to it."""
    search: tuple[int, int] | None = None
    """Search index shards (indexed by this build, in all); None with `--no-search`."""


def build(config: SiteConfig, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Load, render, assemble and write the site; raise `BuildError` listing every problem."""
    started = time.perf_counter()
    if options.base_url is not None:
        config = dataclasses.replace(config, base_url=options.base_url)
    output = (options.output or config.output_path).absolute()
    check_output_folder(output, config.root, config.content_path)
    cache, theme, jobs = BuildCache(config.root / CACHE_FOLDER), find_theme(config), options.jobs
    names = _load_names(config, options.strict)
    with staged_output(output) as staging:
        context = RenderContext(
            config, theme, options.offline, options.snapshot, staging.folder, cache.root, names
        )
        fingerprint = context.fingerprint()
        index = cache.load_index(fingerprint)
        document_list, sources = document_jobs(content_files(config), context, index, fingerprint)
        records, cached = render_all(
            document_list, context, index, staging, jobs or default_jobs(), options.progress
        )
        diagnostics = _record_diagnostics(records)
        check_link_tables(_link_tables(records), diagnostics, base_url=config.base_url)
        _stop_on_errors(diagnostics, options.strict)
        shards = plan_shards(
            (page for r in records for page in r.search),
            config.language,
            config.search.shard_size,
        )
        site = assemble((r.summary for r in records if r.summary is not None), names)
        site = dataclasses.replace(site, search_bundles=merged_bundles(shards))
        with _indexer(shards, cache, jobs or default_jobs(), options.search) as indexer:
            pages = PageRenderer(
                create_environment(theme), config, options.offline, options.snapshot
            )
            site_records = staging.write_all(site_files(pages, theme, site))
            _check_static(staging.folder, site_records, records, options.strict)
            search = None if indexer is None else (indexer.finish(staging.folder), len(shards))
        document_files = [file for record in records for file in record.files]
        manifest = staging.manifest([*document_files, *site_records])
        commit_staging(staging)
    cache.save_index(
        fingerprint,
        CacheIndex({r.key: r for r in records}, sources, manifest, str(output)),
    )
    if cached < len(records):
        cache.collect_garbage(
            {file.sha256 for file in document_files}
            | {page.sha256 for record in records for page in record.search}
        )
    return BuildResult(
        site=site,
        output=output,
        files=len(manifest),
        diagnostics=tuple(diagnostics),
        seconds=time.perf_counter() - started,
        rendered=len(records) - cached,
        jobs=jobs or default_jobs(),
        search=search,
    )


def _indexer(
    shards: list[Shard], cache: BuildCache, jobs: int, wanted: bool
) -> AbstractContextManager[SearchIndexer | None]:
    """The search indexer, started now so that Pagefind runs while site pages are written;
    nothing with `--no-search`."""
    return SearchIndexer(shards, cache, jobs) if wanted else nullcontext()


def _check_static(
    folder: Path, site_records: list[FileRecord], records: list[DocumentRecord], strict: bool
) -> None:
    """Stop if written pages refer to theme files the site does not have."""
    written = [*site_records, *(file for record in records[:1] for file in record.files)]
    diagnostics = Diagnostics()
    pages = [record.path for record in written if record.path.endswith(".html")]
    check_static_references(folder, pages, diagnostics)
    _stop_on_errors(diagnostics, strict)


def _load_names(config: SiteConfig, strict: bool) -> Names:
    """The curated names index (`content/_names.yaml`); stop on its errors."""
    diagnostics = Diagnostics()
    names = load_names(config, diagnostics)
    _stop_on_errors(diagnostics, strict)
    return names


def _record_diagnostics(records: Iterable[DocumentRecord]) -> Diagnostics:
    """Every document's diagnostics in order, plus slugs taken twice."""
    diagnostics = Diagnostics()
    first_of_slug: dict[str, str] = {}
    for record in records:
        diagnostics.extend(record.diagnostics)
        if record.summary is not None:
            report_duplicate_slug(
                record.summary.slug, record.source_path, first_of_slug, diagnostics
            )
    return diagnostics


def _link_tables(records: Iterable[DocumentRecord]) -> Iterable[LinkTable]:
    for record in records:
        if record.summary is not None:
            yield LinkTable(record.summary.slug, record.source_path, record.anchors, record.links)


def check(config: SiteConfig, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """Load and render everything, write nothing; return warnings or raise `BuildError`."""
    diagnostics = Diagnostics()
    documents = load_documents(config, diagnostics)
    md = create_markdown()
    rendered: list[RenderedDocument] = []
    for document in documents:
        result = render_document(document, md)
        diagnostics.extend(result.diagnostics)
        rendered.append(result.rendered)
    check_links(rendered, diagnostics, base_url=config.base_url)
    names = load_names(config, diagnostics)
    for name, count in unlisted_names(rendered, names):
        diagnostics.warning(
            "names-unlisted",
            f"'{name}' appears {count} times but is not in {config.content_dir}/_names.yaml; "
            "add it (or an alias) if it belongs in the index of names",
            Location(f"{config.content_dir}/_names.yaml"),
        )
    return tuple(_stop_on_errors(diagnostics, strict))


def _stop_on_errors(diagnostics: Diagnostics, strict: bool) -> Diagnostics:
    if strict:
        diagnostics.items[:] = [item.as_error() for item in diagnostics.items]
    if diagnostics.has_errors:
        raise BuildError(diagnostics.items)
    return diagnostics
