"""The command line: parse arguments, call a stage, print its diagnostics. No logic lives here.

Exit status: 0 success, 1 bad input or configuration (one line per problem, no traceback;
`--debug` shows it), 2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from site_builder import __version__
from site_builder.build import BuildOptions, BuildResult, build, check
from site_builder.config import CONFIG_FILE, SiteConfig, find_project, load_config
from site_builder.diagnostics import BuildError, Diagnostic, Level, SiteBuilderError

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    # Common options may stand before or after the command; SUPPRESS keeps a subcommand's
    # absent option from overwriting one given before it, so fill in the defaults here.
    args.project = getattr(args, "project", None)
    args.debug = getattr(args, "debug", False)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s"
    )
    command: Command = args.command
    try:
        return command(args)
    except BuildError as error:
        # A failed build folds its warnings like a successful one, so its errors stay in view.
        _print_diagnostics(error.diagnostics, fold_warnings=command is _build)
        errors = sum(1 for item in error.diagnostics if item.level is Level.ERROR)
        print(f"Failed: {errors} error{'s' if errors != 1 else ''}.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except SiteBuilderError as error:
        print(f"error: {error}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        # CPython 3.11 marks a KeyboardInterrupt raised inside exec() of a string as never
        # handled (dataclasses make their methods that way while a module is imported, which
        # a build does lazily), and at exit ends the process by SIGINT although it was handled
        # here. exec() of any string clears the mark, so the exit status is 130 as promised.
        exec("pass")
        print("Interrupted; the previous site is untouched.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"the project folder (holding {CONFIG_FILE}); default: the nearest one at or "
        "above the current folder",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks and debug logging",
    )
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a static website from a documentary archive of translated texts.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="turn raw scraped texts into Markdown documents",
        description="Convert raw scraped pages (plain text) into content/*.md with front "
        "matter. Never overwrites a document an editor changed since import unless --force.",
    )
    importer.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="raw text files to import, or folders: their .txt files, at any depth",
    )
    importer.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the Markdown files (default: the content folder)",
    )
    importer.add_argument(
        "--force", action="store_true", help="overwrite documents even if an editor changed them"
    )
    importer.add_argument(
        "--check",
        action="store_true",
        help="write nothing; prove that no word of each source is lost",
    )
    importer.add_argument(
        "--verbose", action="store_true", help="list every line removed as site chrome"
    )
    importer.set_defaults(command=_import)

    builder = commands.add_parser(
        "build",
        parents=[common],
        help="build the site",
        description="Render content/ into a static site (default: _site/). The previous "
        "site stays in place until the new one is complete.",
    )
    builder.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output folder (default: output_dir of site.yaml, _site/)",
    )
    builder.add_argument("--strict", action="store_true", help="treat warnings as errors")
    builder.add_argument(
        "--base-url", metavar="URL", help="override base_url of site.yaml for this build"
    )
    builder.add_argument(
        "--offline",
        action="store_true",
        help="spell out index.html in links, for opening from file://",
    )
    builder.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="worker processes (default: one per core); the output is the same for any N",
    )
    builder.add_argument(
        "--no-search", action="store_true", help="skip building the search index (faster)"
    )
    builder.set_defaults(command=_build)

    checker = commands.add_parser(
        "check",
        parents=[common],
        help="validate content without writing anything",
        description="Load and render every document and report problems; writes nothing.",
    )
    checker.add_argument("--strict", action="store_true", help="treat warnings as errors")
    checker.set_defaults(command=_check)

    server = commands.add_parser(
        "serve",
        parents=[common],
        help="preview the site with live reload",
        description="Build the site, serve it on HOST:PORT and rebuild and reload open "
        "pages when content/, templates/, static/ or site.yaml change.",
    )
    server.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    server.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    server.set_defaults(command=_serve)

    snapshot = commands.add_parser(
        "snapshot",
        parents=[common],
        help="build the site for offline reading and keep it as a BagIt bag",
        description="Build the site with links that work from file:// and pack it as a "
        "BagIt bag (sha256 manifests, bag-info.txt, passages.tsv) in OUT/LABEL/. The date "
        "comes from SOURCE_DATE_EPOCH, else the newest commit of the content folder.",
    )
    snapshot.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder that holds the snapshots (default: snapshots/ in the project)",
    )
    snapshot.add_argument(
        "--label",
        metavar="LABEL",
        help="the snapshot's name and folder name, e.g. 2026-spring (default: its date)",
    )
    snapshot.set_defaults(command=_snapshot)

    verifier = commands.add_parser(
        "verify",
        help="check that a snapshot is unchanged",
        description="Recompute every checksum of a snapshot and name each changed, missing "
        "or extra file; exit 1 if there is any.",
    )
    verifier.add_argument("snapshot", type=Path, metavar="SNAPSHOT", help="the snapshot's folder")
    verifier.set_defaults(command=_verify)
    return parser


def _config(args: argparse.Namespace) -> SiteConfig:
    project = args.project or find_project(Path.cwd())
    if project is None:
        raise SiteBuilderError(
            f"no {CONFIG_FILE} here or in any parent folder; run inside a project or pass "
            "--project DIR"
        )
    return load_config(project.absolute())


def _build(args: argparse.Namespace) -> int:
    config = _config(args)
    result = build(
        config,
        BuildOptions(
            output=args.out.absolute() if args.out else None,
            strict=args.strict,
            base_url=args.base_url,
            offline=args.offline,
            jobs=args.jobs,
            search=not args.no_search,
            progress=ProgressBar() if sys.stderr.isatty() else None,
        ),
    )
    _print_diagnostics(result.diagnostics, fold_warnings=True)
    print(_summary_line(result))
    return 0


class ProgressBar:
    """A one-line progress bar on stderr, shown only once a build has run for a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.monotonic() - self.started < 1.0:
            return
        self.shown = True
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done == total else ""
        print(f"\rRendering [{bar}] {done:,}/{total:,} documents", end=end, file=sys.stderr)


def _summary_line(result: BuildResult) -> str:
    """`Built 5,000 documents in 9.8 s (2 jobs; 4,998 cached; search: 2 of 48 shards
    indexed) into _site/, 3 warnings`."""
    documents = result.documents
    cached = documents - result.rendered
    warnings = len(result.diagnostics)
    search = ""
    if result.search is not None:
        indexed, shards = result.search
        search = f"; search: {indexed:,} of {shards:,} shard{'s' if shards != 1 else ''} indexed"
    return (
        f"Built {documents:,} document{'s' if documents != 1 else ''} in "
        f"{result.seconds:.1f} s ({result.jobs} job{'s' if result.jobs != 1 else ''}; "
        f"{cached:,} cached{search}) into {_shown(result.output)}"
        + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _check(args: argparse.Namespace) -> int:
    config = _config(args)
    diagnostics = check(config, strict=args.strict)
    snapshots = config.root / "snapshots"
    if snapshots.is_dir():
        from site_builder.snapshot import moved_passages

        moved = moved_passages(config, snapshots)
        if args.strict and moved:
            raise BuildError([item.as_error() for item in moved])
        diagnostics = (*diagnostics, *moved)
    _print_diagnostics(diagnostics)
    print(f"Checked: {len(diagnostics)} warning{'s' if len(diagnostics) != 1 else ''}.")
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    from site_builder.snapshot import make_snapshot

    config = _config(args)
    out = args.out.absolute() if args.out else config.root / "snapshots"
    result = make_snapshot(config, out, args.label)
    _print_diagnostics(result.diagnostics)
    print(
        f"Snapshot {result.label} of {result.date}: {result.files:,} files, "
        f"{result.bytes / 1_000_000:.1f} MB, {result.passages:,} passages recorded, in "
        f"{result.seconds:.1f} s: {_shown(result.path)}"
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from site_builder.snapshot import verify_snapshot

    problems = verify_snapshot(args.snapshot)
    for problem in problems:
        print(f"{args.snapshot}: {problem}", file=sys.stderr)
    if problems:
        print(
            f"Failed: {len(problems)} problem{'s' if len(problems) != 1 else ''}; the "
            "snapshot is not as it was made.",
            file=sys.stderr,
        )
        return 1
    print(f"Verified: {_shown(args.snapshot)} is complete and unchanged.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from site_builder.importer import ImportOptions, import_sources

    project = args.project or find_project(Path.cwd())
    config = load_config(project.absolute()) if project else None
    root = config.root if config else Path.cwd()
    out = args.out or (config.content_path if config else Path("content"))
    report = import_sources(
        tuple(args.sources),
        ImportOptions(
            out_dir=out.absolute(),
            project_root=root,
            force=args.force,
            check=args.check,
            extra_chrome=config.import_.chrome if config else (),
        ),
    )
    if args.verbose or args.check:
        for line in report.details:
            print(line)
    _print_diagnostics(report.diagnostics)
    if not args.check:
        print(
            f"Imported {report.sources} source{'s' if report.sources != 1 else ''}: "
            f"{len(report.written)} written, {len(report.unchanged)} unchanged."
        )
    failed = any(item.level is Level.ERROR for item in report.diagnostics)
    return 1 if failed else 0


def _serve(args: argparse.Namespace) -> int:
    from site_builder.serve import serve

    serve(_config(args), host=args.host, port=args.port)
    return 0


FOLD_AFTER = 3
"""`build` shows this many warnings of one kind per file, then one line for the rest."""


def _print_diagnostics(diagnostics: Sequence[Diagnostic], *, fold_warnings: bool = False) -> None:
    """One line per diagnostic. With `fold_warnings`, a long run of the same warning in one
    file (34 markers without note text) ends in a count; `site-builder check` lists all."""
    shown: dict[tuple[str, str], int] = {}
    for item in diagnostics:
        group = (item.location.path, item.code)
        shown[group] = shown.get(group, 0) + 1
        if not fold_warnings or item.level is Level.ERROR or shown[group] <= FOLD_AFTER:
            print(item.format(), file=sys.stderr)
    if fold_warnings:
        for (path, code), count in shown.items():
            if count > FOLD_AFTER:
                print(
                    f"{path}: warning: {count - FOLD_AFTER} more like the above; "
                    f"`site-builder check` lists them all [{code}]",
                    file=sys.stderr,
                )


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path) + os.sep
    except ValueError:
        return str(path)
