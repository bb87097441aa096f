"""Write the output tree safely: build next to the old site, then swap or update in place.

A failed, interrupted or killed build leaves the last good site untouched: everything is
written into a staging folder beside the output, and only when the build has succeeded does
the output change. A build that rewrites much of the site stages the whole tree and renames
it into place (`commit_staging`). A build that changes a few files (an edit, a no-op) stages
only those and moves them into the output one by one, each in one rename (`apply_in_place`),
which costs what changed instead of what the site holds; a build killed in the middle of that
leaves files that no longer match the manifest the next build checks, so the next build
stages the whole site again. The output folder is checked first so that a typo in `--out` can
never delete the content, the project or anything above them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.model import FileRecord, OutputFile, OutputStat

STAGING_PREFIX = ".{name}.new-"
"""Staging folders are hidden siblings of the output; a killed build's leftover is removed by
the next build."""
RETIRED_PREFIX = ".{name}.old-"
"""The previous site, moved aside during the swap and removed right after."""


def check_output_folder(output: Path, project: Path, content: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or the project."""
    out = output.resolve()
    protected = {
        "the project folder": project.resolve(),
        "the content folder": content.resolve(),
    }
    problem = None
    if out == Path(out.anchor) or out == Path.home().resolve():
        problem = f"the output folder {output} is a system or home folder"
    for name, folder in protected.items():
        if problem is None and (out == folder or out in folder.parents):
            problem = f"the output folder {output} is {name} or contains it"
    if problem:
        diagnostics = Diagnostics()
        diagnostics.error(
            "output-folder",
            f"{problem}; building there would delete it. Choose a new folder such as _site/",
            Location(str(output)),
        )
        raise BuildError(diagnostics.items)


@dataclass(frozen=True, slots=True)
class Staging:
    """A folder beside the output where the next site is assembled."""

    folder: Path
    """The staging folder."""
    output: Path
    """The output folder it will replace."""
    in_place: bool = False
    """Whether the staging folder holds only the files that changed (`apply_in_place`), the
    others staying where they are in the verified output, or the whole site."""
    previous: Mapping[str, OutputStat] = field(default_factory=dict)
    """In place: the verified output's manifest. A file written with the bytes it already
    has there is not staged, so not moved in again."""

    def write(self, item: OutputFile) -> FileRecord:
        """Write one file (unless the output has it as it is, in place); return its record."""
        path = item.path.as_posix()
        record = FileRecord(path, hashlib.sha256(item.data).hexdigest(), len(item.data))
        known = self.previous.get(path) if self.in_place else None
        if known is None or known.sha256 != record.sha256:
            target = self.folder / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        return record

    def holding(self, path: str) -> Path:
        """Where the file `path` of the site being built is: staged, or (in place, unchanged)
        in the output."""
        staged = self.folder / path
        return staged if not self.in_place or staged.exists() else self.output / path

    def write_all(self, items: Iterable[OutputFile]) -> list[FileRecord]:
        """Write several files."""
        return [self.write(item) for item in items]

    def link_previous(self, record: FileRecord, previous: OutputStat | None) -> bool:
        """Hard-link `record` from the current output if it is provably the same file there;
        in place, the verified output already holds it."""
        if previous is None or previous.sha256 != record.sha256:
            return False
        if self.in_place:
            return True
        source = self.output / record.path
        try:
            stat = source.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != (
            previous.size,
            previous.mtime_ns,
            previous.inode,
        ):
            return False
        target = self.folder / record.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            return False
        return True


@contextmanager
def staged_output(output: Path) -> Iterator[Staging]:
    """A staging folder beside `output`; `commit_staging` swaps it in, anything else discards."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    # A build killed mid-way leaves its staging folder, or (killed between the two renames of
    # the swap) the retired site; both are ours to remove.
    for pattern in (STAGING_PREFIX, RETIRED_PREFIX):
        for leftover in output.parent.glob(pattern.format(name=output.name) + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
    folder = Path(
        tempfile.mkdtemp(prefix=STAGING_PREFIX.format(name=output.name), dir=output.parent)
    )
    try:
        yield Staging(folder, output)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def commit_staging(staging: Staging) -> None:
    """Swap the staging folder in place of the output; the old output is removed."""
    folder, output = staging.folder, staging.output
    os.chmod(folder, 0o755)
    if not output.exists():
        folder.rename(output)
        return
    retired = Path(
        tempfile.mkdtemp(prefix=RETIRED_PREFIX.format(name=output.name), dir=output.parent)
    )
    retired.rmdir()
    output.rename(retired)
    try:
        folder.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def apply_in_place(staging: Staging, removed: Iterable[str]) -> set[str]:
    """Move every file of the staging folder into the output, each replacing its old version
    in one rename, then delete the output files in `removed` (paths from the output folder)
    and the folders they leave empty. Return the paths moved in."""
    folder, output = staging.folder, staging.output
    moved: set[str] = set()
    for directory, _dirs, files in os.walk(folder):
        relative = Path(directory).relative_to(folder)
        (output / relative).mkdir(parents=True, exist_ok=True)
        prefix = "" if relative == Path(".") else relative.as_posix() + "/"
        for name in files:
            os.replace(Path(directory) / name, output / relative / name)
            moved.add(prefix + name)
    emptied: set[Path] = set()
    for path in removed:
        (output / path).unlink(missing_ok=True)
        emptied.update((output / path).parents)
    for parent in sorted(emptied, key=lambda path: -len(path.parts)):
        if output in parent.parents:
            with contextlib.suppress(OSError):  # not empty
                parent.rmdir()
    return moved


def output_matches(output: Path, manifest: Mapping[str, OutputStat]) -> bool:
    """Whether every file of `manifest` is in `output` as it was written (same size, time
    and inode), so that a build may update the folder in place."""
    return bool(manifest) and files_as_written(
        output, ((path, item.size, item.mtime_ns, item.inode) for path, item in manifest.items())
    )


def files_as_written(output: Path, files: Iterable[tuple[str, int, int, int]]) -> bool:
    """Whether each (path, size, mtime, inode) is a file of `output` with that stat."""
    base = str(output)
    for path, size, mtime_ns, inode in files:
        try:
            stat = os.stat(f"{base}/{path}")
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != (size, mtime_ns, inode):
            return False
    return True


def output_manifest(
    output: Path,
    records: Iterable[FileRecord],
    unchanged: Mapping[str, OutputStat] | None = None,
) -> dict[str, OutputStat]:
    """The stat of every file of the output as now written, to recognise them next time;
    files in `unchanged` (verified before the build and not written since) are not looked
    at again."""
    manifest: dict[str, OutputStat] = {}
    base = str(output)
    known = unchanged or {}
    for record in records:
        previous = known.get(record.path)
        if previous is not None and previous.sha256 == record.sha256:
            manifest[record.path] = previous
            continue
        stat = os.stat(f"{base}/{record.path}")
        manifest[record.path] = OutputStat(
            record.sha256, stat.st_size, stat.st_mtime_ns, stat.st_ino
        )
    return manifest


def write_site(files: Iterable[OutputFile], output: Path) -> int:
    """Write `files` as the whole new content of `output`, atomically; return the count."""
    with staged_output(output) as staging:
        count = len(staging.write_all(files))
        commit_staging(staging)
    return count


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step: readers see the old file or the new one,
    never half of it (a temporary file beside it, then a rename)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
