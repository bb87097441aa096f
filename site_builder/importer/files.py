"""Reading sources and writing `content/*.md`, safely: edited files are never overwritten.

Each generated file records `source.import_digest`, the sha256 of the file with that value
blanked. A file whose bytes no longer match its digest was changed by an editor since import, and
re-import refuses to overwrite it unless `force` is set.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.diagnostics import Diagnostic, Level, Location
from site_builder.output import write_atomically

from .chrome import DEFAULT_CHROME_RULES, compile_extra_rules
from .convert import Conversion, convert_source
from .emit import digest_of, recorded_digest
from .inputs import decode_source

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How `import_sources` runs; built by `cli.py` from the command line and `site.yaml`."""

    out_dir: Path
    """Where the `.md` files go (`content/`)."""
    project_root: Path
    """`source.file` in the front matter is written relative to this, with forward slashes."""
    force: bool = False
    """Overwrite files that an editor changed since they were imported."""
    check: bool = False
    """Only check fidelity: write nothing; report words in and out and the first difference."""
    extra_chrome: tuple[str, ...] = ()
    """Regexes from `site.yaml` `import: chrome:`; a line is chrome if one fullmatches it."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    written: tuple[Path, ...]
    """Files created or changed."""
    unchanged: tuple[Path, ...]
    """Files whose bytes were already identical."""
    diagnostics: tuple[Diagnostic, ...]
    """Every problem, in source order; any error makes the CLI exit 1."""
    details: tuple[str, ...]
    """Lines for `--verbose` (each removed chrome line) and `--check` (one line per file)."""
    sources: int = 0
    """Source files found: those named, and the `.txt` files inside the folders named."""


def import_sources(sources: Sequence[Path], options: ImportOptions) -> ImportReport:
    """Convert every source; a bad source is reported and the batch goes on."""
    extra, problems = compile_extra_rules(options.extra_chrome)
    diagnostics = [
        Diagnostic(Level.ERROR, "chrome-rule", problem, Location("site.yaml"))
        for problem in problems
    ]
    rules = (*DEFAULT_CHROME_RULES, *extra)
    written: list[Path] = []
    unchanged: list[Path] = []
    details: list[str] = []
    claimed: dict[str, str] = {}
    files = source_files(sources, options.project_root, diagnostics)
    for source in files:
        shown = _shown_path(source, options.project_root)
        try:
            data = source.read_bytes()
        except OSError as error:
            diagnostics.append(
                Diagnostic(
                    Level.ERROR,
                    "input-unreadable",
                    f"the file cannot be read ({error.strerror}); check the path",
                    Location.of(shown),
                )
            )
            continue
        text, problem = decode_source(shown, data)
        if problem is not None or text is None:
            diagnostics.extend([problem] if problem else [])
            continue
        try:
            conversion = convert_source(shown, text, rules, source_bytes=data)
        except Exception as error:  # an importer bug: report it, and import the other files
            logger.debug("importing %s failed", shown, exc_info=True)
            diagnostics.append(
                Diagnostic(
                    Level.ERROR,
                    "import-failed",
                    f"the importer failed on this file ({type(error).__name__}: {error}); "
                    "this is an importer bug: please report it with this source file "
                    "(--debug shows where)",
                    Location.of(shown),
                )
            )
            continue
        diagnostics.extend(conversion.diagnostics)
        details.extend(
            f"{shown}:{line.line}: removed chrome: {line.text} [{line.rule}]"
            for line in conversion.removed_chrome
        )
        if options.check:
            details.append(f"{shown}: {conversion.fidelity.summary()}")
            continue
        if not conversion.fidelity.exact:
            continue
        target = _target(conversion, shown, options.out_dir, claimed)
        outcome = _write(
            target, _shown_path(target, options.project_root), conversion.markdown, options.force
        )
        if isinstance(outcome, Diagnostic):
            diagnostics.append(outcome)
        elif outcome:
            written.append(target)
        else:
            unchanged.append(target)
    return ImportReport(
        tuple(written), tuple(unchanged), tuple(diagnostics), tuple(details), len(files)
    )


def source_files(
    sources: Sequence[Path], project_root: Path, diagnostics: list[Diagnostic]
) -> list[Path]:
    """The files to import, in path order: each source that is not a folder, and the `.txt`
    files inside each folder, at any depth (hidden files and folders skipped). A folder
    without any is reported."""
    files: set[Path] = set()
    for source in sources:
        if not source.is_dir():
            files.add(source)
            continue
        found = [
            path
            for path in source.rglob("*.txt")
            if path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(source).parts)
        ]
        if not found:
            diagnostics.append(
                Diagnostic(
                    Level.ERROR,
                    "input-unreadable",
                    "the folder holds no .txt files to import; name the files, or a folder "
                    "that holds them",
                    Location.of(_shown_path(source, project_root)),
                )
            )
        files.update(found)
    return sorted(files, key=lambda path: path.as_posix())


def _shown_path(source: Path, root: Path) -> str:
    try:
        return source.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return source.as_posix()


def _target(conversion: Conversion, shown: str, out_dir: Path, claimed: dict[str, str]) -> Path:
    """`out_dir/<slug>.md`, with `-2`, `-3` ... when another source already has that slug."""
    number = 1
    while True:
        slug = conversion.slug if number == 1 else f"{conversion.slug}-{number}"
        owner = claimed.get(slug) or _recorded_source(out_dir / f"{slug}.md")
        if owner in (None, shown):
            claimed[slug] = shown
            return out_dir / f"{slug}.md"
        number += 1


def _recorded_source(path: Path) -> str | None:
    """The `source.file` recorded in an existing content file, '' if it has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith("  file: "):
            return line.removeprefix("  file: ").strip().strip("'\"")
        if line == "---" and text.index(line) > 0:
            break
    return ""


def _write(target: Path, shown: str, markdown: str, force: bool) -> bool | Diagnostic:
    """Write `markdown` to `target` atomically; False when unchanged, a diagnostic if refused."""
    new = markdown.encode("utf-8")
    if target.exists():
        old = target.read_bytes()
        if old == new:
            return False
        old_text = old.decode("utf-8", errors="replace")
        if not force and recorded_digest(old_text) != digest_of(old_text):
            return Diagnostic(
                Level.ERROR,
                "import-edited",
                "this file was edited since it was imported; it was not overwritten: "
                "keep the edits, or run import again with --force to replace them",
                Location.of(shown),
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, new)
    logger.debug("wrote %s", target)
    return True
