"""`build(config, options) -> BuildResult`: the one orchestrator. It reads like DESIGN §1."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import KEEP_CONTEXTS, BuildCache, CacheIndex, Finished
from site_builder.config import SiteConfig
from site_builder.diagnostics import BuildError, Diagnostic, Diagnostics, Location
from site_builder.linkcheck import (
    LinkTable,
    check_link_tables,
    check_static_references,
    link_table,
)
from site_builder.loader import content_files, load_document, read_source, report_duplicate_slug
from site_builder.model import (
    DocumentRecord,
    FileRecord,
    OutputStat,
    RenderedDocument,
    SearchBundle,
    Site,
    SnapshotStamp,
)
from site_builder.names import Names, load_names, unlisted_names
from site_builder.output import (
    Staging,
    apply_in_place,
    check_output_folder,
    commit_staging,
    output_manifest,
    output_matches,
    staged_output,
)
from site_builder.search import SearchIndexer, Shard, merged_bundles, plan_shards
from site_builder.site import assemble
from site_builder.templates import (
    PageRenderer,
    Theme,
    cached_environment,
    find_theme,
    template_files,
)
from site_builder.workers import (
    JINJA_FOLDER,
    ContentFile,
    DocumentJob,
    Progress,
    RenderContext,
    default_jobs,
    document_jobs,
    render_all,
    source_stats,
    stat_content,
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
    save_later: bool = False
    """Keep the cache index in this process to save later (`cache.save_pending`): `serve`,
    whose rebuilds follow one another, shows a change sooner that way."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build produced."""

    site: Site | None
    """The assembled site; None when nothing had changed since the last build, which then
    did nothing (`BuildCache.finished`)."""
    documents: int
    """Documents in the site."""
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
    # The build allocates the cache index's objects (hundreds of thousands, nearly none in
    # cycles) and keeps them: the cycle collector would walk them again and again, a sixth of
    # a one-document rebuild's time at 5,000 documents. Cycles made meanwhile are collected
    # once it is done (and by `workers`, which render with collection on).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(config, options)
    finally:
        if collecting:
            gc.enable()


def _build(config: SiteConfig, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    if options.base_url is not None:
        config = dataclasses.replace(config, base_url=options.base_url)
    output = (options.output or config.output_path).absolute()
    check_output_folder(output, config.root, config.content_path)
    cache, theme, jobs = BuildCache(config.root / CACHE_FOLDER), find_theme(config), options.jobs
    names = _load_names(config, options.strict)
    context = RenderContext(
        config,
        theme,
        options.offline,
        options.snapshot,
        output,  # replaced by the staging folder below
        cache.root,
        names,
        template_files(theme),
    )
    fingerprint = context.fingerprint()
    sources = stat_content(config)
    static = static_digest(theme)
    inputs = inputs_digest(fingerprint, options, output, static, sources)
    finished = cache.finished(fingerprint, inputs, output)
    if finished is not None:  # nothing changed since the last build: not even the index is read
        return BuildResult(
            site=None,
            documents=finished.documents,
            output=output,
            files=len(finished.output),
            diagnostics=finished.diagnostics,
            seconds=time.perf_counter() - started,
            rendered=0,
            jobs=jobs or default_jobs(),
            search=(0, finished.search[1]) if finished.search else None,
        )
    with staged_output(output) as staging:
        context = dataclasses.replace(context, staging=staging.folder)
        index = cache.load_index(fingerprint)
        document_list = document_jobs(sources, index, fingerprint)
        previous = index.output if index.output_folder == str(output) else {}
        if _few_to_render(document_list, index) and output_matches(output, previous):
            staging = dataclasses.replace(staging, in_place=True, previous=previous)
        else:  # stage the whole site; nothing of the old output is relied on
            previous, index = {}, index.without_output()
        records, cached = render_all(
            document_list,
            context,
            index,
            staging,
            jobs or default_jobs(),
            options.progress,
            options.search,
        )
        diagnostics = _record_diagnostics(records)
        if any(record.links for record in records):  # else there is nothing to check
            check_link_tables(_link_tables(records), diagnostics, base_url=config.base_url)
        _stop_on_errors(diagnostics, options.strict)
        shards = plan_shards(
            (page for r in records for page in r.search),
            config.language,
            config.search.shard_size,
        )
        bundles = merged_bundles(shards)
        listing = listing_digest(fingerprint, records, bundles)
        summaries = (r.summary for r in records if r.summary is not None)
        known = index.facets if index.listing_digest == listing else None
        site = assemble(summaries, names, facets=known)
        site = dataclasses.replace(site, search_bundles=bundles)
        digest = site_digest(fingerprint, static, records)
        with _indexer(shards, cache, jobs or default_jobs(), options.search) as indexer:
            if digest == index.site_digest:  # in place, and the site pages are as they were
                site_records, listing_records = index.site_files, index.listing_files
            else:
                pages = PageRenderer(
                    cached_environment(theme, context.templates, cache.root / JINJA_FOLDER),
                    config,
                    options.offline,
                    options.snapshot,
                )
                keep = index.listing_files if listing == index.listing_digest else None
                site_records, listing_records = _write_site_pages(
                    staging, pages, theme, site, keep, records, options.strict
                )
            search = indexer.finish(staging.folder, index.search_bundles) if indexer else None
            indexer_binary = indexer.binary if indexer else None
        document_files = [file for record in records for file in record.files]
        written = [*document_files, *site_records, *(search.files if search else ())]
        if staging.in_place:
            moved = apply_in_place(staging, previous.keys() - {file.path for file in written})
            unchanged = {path: stat for path, stat in previous.items() if path not in moved}
        else:
            commit_staging(staging)
            unchanged = {}
    manifest = output_manifest(output, written, unchanged)
    updated = CacheIndex(
        documents={r.key: r for r in records},
        sources=source_stats(records, sources),
        output=manifest,
        output_folder=str(output),
        site_digest=digest,
        site_files=site_records,
        listing_digest=listing,
        listing_files=listing_records,
        search_bundles=search.bundles if search else {},
        facets=site.facets,
        unswept=index.unswept + len(records) - cached,
    )
    _remember(cache, fingerprint, index, updated, options.save_later)
    result = BuildResult(
        site=site,
        documents=len(site.documents),
        output=output,
        files=len(manifest),
        diagnostics=tuple(diagnostics),
        seconds=time.perf_counter() - started,
        rendered=len(records) - cached,
        jobs=jobs or default_jobs(),
        search=(search.indexed, len(shards)) if search else None,
    )
    if not options.save_later:  # else the index on disk is not yet this build's
        depends = (cache.index_path(fingerprint), *((indexer_binary,) if indexer_binary else ()))
        cache.save_finished(fingerprint, _finished(inputs, manifest, depends, result))
    return result


IN_PLACE_LIMIT = 64
"""A build that renders at most this many documents (or 2% of the archive, if more) updates
the output in place, file by file; a bigger one stages the whole site and swaps it in."""


def _write_site_pages(
    staging: Staging,
    pages: PageRenderer,
    theme: Theme,
    site: Site,
    listings: list[FileRecord] | None,
    records: list[DocumentRecord],
    strict: bool,
) -> tuple[list[FileRecord], list[FileRecord]]:
    """Write the site-wide pages and static files, the listing pages too unless `listings`
    (the last build's, kept because no document changed what lists show); return the site's
    files and the listing pages among them. Stop if a page refers to a missing static file."""
    from site_builder.pages import listing_files, site_files  # not needed by a no-op build

    others = staging.write_all(site_files(pages, theme, site, listings=False))
    fresh = listings is None
    if listings is None:
        listings = staging.write_all(listing_files(pages, site))
    _check_static(staging, [*others, *(listings if fresh else [])], records, strict)
    return [*listings, *others], listings


def _remember(
    cache: BuildCache, fingerprint: str, index: CacheIndex, updated: CacheIndex, later: bool
) -> None:
    """Save the index if the build changed it (`later`: see `BuildOptions.save_later`);
    collect blobs when enough were replaced or too many build contexts have piled up."""
    sweep = updated.needs_sweep()
    if sweep:
        updated.unswept = 0
    if updated != index:  # a no-op build leaves the index as it was
        cache.save_index(fingerprint, updated, later)
    if sweep or cache.contexts() > KEEP_CONTEXTS:
        cache.collect_garbage(
            {file.sha256 for record in updated.documents.values() for file in record.files},
            fingerprint,
        )


def _few_to_render(jobs: list[DocumentJob], index: CacheIndex) -> bool:
    """Whether so few documents changed that the output is best updated in place."""
    changed = sum(job.key not in index.documents for job in jobs)
    return changed <= max(IN_PLACE_LIMIT, len(jobs) // 50)


def site_digest(fingerprint: str, static: str, records: Iterable[DocumentRecord]) -> str:
    """A hash of everything the site-wide pages and static files are made from: the build
    context, the theme's static files (`static_digest`) and every document's key (which
    determines its summary and search pages) in order. Equal digests mean equal site-wide
    pages."""
    digest = hashlib.sha256(f"{fingerprint}\0{static}".encode())
    for record in records:
        digest.update(record.key.encode() + b"\0")
    return digest.hexdigest()


def inputs_digest(
    fingerprint: str,
    options: BuildOptions,
    output: Path,
    static: str,
    sources: Sequence[ContentFile],
) -> str:
    """A hash of everything a build reads, by the stat of files where the fingerprint does
    not already hash their bytes: the build context, the options that change the output,
    the theme's static files (`static_digest`) and each content file."""
    digest = hashlib.sha256(
        f"{fingerprint}\0{output}\0{options.search}\0{options.strict}\0{static}".encode()
    )
    for source in sources:
        digest.update(f"\0{source.shown}\0{source.mtime_ns}\0{source.size}".encode())
    return digest.hexdigest()


def _finished(
    inputs: str, manifest: Mapping[str, OutputStat], depends: Sequence[Path], result: BuildResult
) -> Finished:
    """What the next build needs to see that nothing changed (`BuildCache.finished`)."""
    return Finished(
        inputs,
        tuple((path, stat.size, stat.mtime_ns, stat.inode) for path, stat in manifest.items()),
        tuple(
            (str(path), stat.st_size, stat.st_mtime_ns)
            for path, stat in ((path, path.stat()) for path in depends if path.exists())
        ),
        result.documents,
        result.diagnostics,
        result.search,
    )


def listing_digest(
    fingerprint: str, records: Iterable[DocumentRecord], bundles: Iterable[SearchBundle]
) -> str:
    """A hash of what the listing pages (`pages.LISTING_PAGES`) are made from: the build
    context, the search bundles and what each document shows in lists
    (`DocumentRecord.listing`). A change to a document's text alone leaves it as it was (the
    site digest, which covers all of it, does not)."""
    digest = hashlib.sha256(fingerprint.encode())
    for bundle in bundles:
        digest.update(f"\0{bundle.path}\0{bundle.language}".encode())
    for listing in sorted(record.listing for record in records if record.summary is not None):
        digest.update(listing.encode())
    return digest.hexdigest()


def static_digest(theme: Theme) -> str:
    """A hash of the theme's static files, by name, size and time."""
    digest = hashlib.sha256()
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _indexer(
    shards: list[Shard], cache: BuildCache, jobs: int, wanted: bool
) -> AbstractContextManager[SearchIndexer | None]:
    """The search indexer, started now so that Pagefind runs while site pages are written;
    nothing with `--no-search`."""
    return SearchIndexer(shards, cache, jobs) if wanted else nullcontext()


def _check_static(
    staging: Staging, site_records: list[FileRecord], records: list[DocumentRecord], strict: bool
) -> None:
    """Stop if written pages refer to theme files the site does not have: one site-wide page
    of each kind (`page_kinds`), and a reading page if this build wrote one (every build that
    changes the reading page's template renders every document)."""
    reading = next(
        (r.files for r in records if r.files and (staging.folder / r.files[0].path).is_file()),
        (),
    )
    diagnostics = Diagnostics()
    html = [record.path for record in (*site_records, *reading) if record.path.endswith(".html")]
    known = {record.path for record in site_records}  # what the new site has, written or not

    def locate(path: str) -> Path:
        return staging.holding(path) if path in known else staging.folder / path

    check_static_references(locate, page_kinds(html), diagnostics)
    _stop_on_errors(diagnostics, strict)


def page_kinds(paths: Iterable[str]) -> list[str]:
    """The first of the pages of each kind: pages in the same top folder at the same depth
    (`authors/<slug>/index.html`) come from one template and refer to the same theme files,
    while each page at the top (`index.html`, `404.html`) is its own kind. At 5,000
    documents, reading every page took 0.6 s."""
    kinds: dict[tuple[str, int], str] = {}
    for path in paths:
        parts = path.split("/")
        kinds.setdefault((parts[0], len(parts)), path)
    return list(kinds.values())


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
            anchors = frozenset(record.anchors.split("\n")) if record.anchors else frozenset()
            yield LinkTable(record.summary.slug, record.source_path, anchors, record.links)


def check(config: SiteConfig, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """Load and render everything, write nothing; return warnings or raise `BuildError`.

    Documents are read and rendered one at a time, and only their link tables are kept, so
    memory does not grow with the archive's text.
    """
    from site_builder.markdown import create_markdown
    from site_builder.render import render_document

    diagnostics = Diagnostics()
    md = create_markdown()
    tables: list[LinkTable] = []
    first_of_slug: dict[str, str] = {}

    def rendered_documents() -> Iterator[RenderedDocument]:
        for path in content_files(config):
            source = read_source(path, config.root, diagnostics)
            document = load_document(source, config, diagnostics) if source else None
            if document is None or report_duplicate_slug(
                document.slug, document.source.path.as_posix(), first_of_slug, diagnostics
            ):
                continue
            result = render_document(document, md)
            diagnostics.extend(result.diagnostics)
            tables.append(link_table(result.rendered))
            yield result.rendered

    names = load_names(config, Diagnostics())  # its problems are reported below, in order
    unlisted = unlisted_names(rendered_documents(), names)
    check_link_tables(tables, diagnostics, base_url=config.base_url)
    load_names(config, diagnostics)
    for name, count in unlisted:
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
