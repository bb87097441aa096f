"""`build(config, options) -> BuildResult`: the one orchestrator. It reads like DESIGN §1."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.diagnostics import BuildError, Diagnostic, Diagnostics, Level
from site_builder.loader import load_documents
from site_builder.markdown import create_markdown
from site_builder.model import Document, RenderedDocument, Site, SnapshotStamp
from site_builder.output import check_output_folder, write_site
from site_builder.pages import site_files
from site_builder.render import render_document
from site_builder.site import assemble, summarize
from site_builder.templates import PageRenderer, create_environment, find_theme


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


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build produced."""

    site: Site
    """The assembled site."""
    output: Path
    """Where it was written."""
    files: int
    """How many files were written."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings (a build with errors raises `BuildError` instead)."""
    seconds: float
    """Wall time, for the summary line only (never written into the site)."""


def build(config: SiteConfig, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Load, render, assemble and write the site; raise `BuildError` listing every problem."""
    started = time.perf_counter()
    if options.base_url is not None:
        config = dataclasses.replace(config, base_url=options.base_url)
    output = options.output or config.output_path
    check_output_folder(output, config.root, config.content_path)
    diagnostics = Diagnostics()
    documents = load_documents(config, diagnostics)
    _stop_on_errors(diagnostics, options.strict)
    rendered = render_documents(documents, diagnostics)
    _stop_on_errors(diagnostics, options.strict)
    site = assemble(summarize(document) for document in rendered)
    theme = find_theme(config)
    pages = PageRenderer(create_environment(theme), config, options.offline, options.snapshot)
    count = write_site(site_files(pages, theme, site, rendered), output)
    return BuildResult(site, output, count, tuple(diagnostics), time.perf_counter() - started)


def render_documents(
    documents: tuple[Document, ...], diagnostics: Diagnostics
) -> tuple[RenderedDocument, ...]:
    """Render every document, collecting their diagnostics."""
    md = create_markdown()
    rendered: list[RenderedDocument] = []
    for document in documents:
        result = render_document(document, md)
        diagnostics.extend(result.diagnostics)
        rendered.append(result.rendered)
    return tuple(rendered)


def _stop_on_errors(diagnostics: Diagnostics, strict: bool) -> None:
    if strict:
        diagnostics.items[:] = [item.as_error() for item in diagnostics.items]
    if any(item.level is Level.ERROR for item in diagnostics.items):
        raise BuildError(diagnostics.items)


def check(config: SiteConfig, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """Load and render everything, write nothing; return warnings or raise `BuildError`."""
    diagnostics = Diagnostics()
    documents = load_documents(config, diagnostics)
    render_documents(documents, diagnostics)
    _stop_on_errors(diagnostics, strict)
    return tuple(diagnostics)
