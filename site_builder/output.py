"""Write the output tree atomically: build next to the old site, then swap.

A failed, interrupted or killed build leaves the last good site untouched; only the finished
tree is ever renamed into place. The output folder is checked first so that a typo in
`--out` can never delete the content, the project or anything above them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.model import OutputFile


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


def write_site(files: Iterable[OutputFile], output: Path) -> int:
    """Write `files` into a fresh folder beside `output`, then swap it in; return the count.

    If anything fails before the swap, the staging folder is removed and `output` is as it was.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    count = 0
    try:
        for item in files:
            target = staging / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
            count += 1
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _swap(staging: Path, output: Path) -> None:
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
