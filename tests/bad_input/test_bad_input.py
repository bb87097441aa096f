"""Bad input never costs an editor their site: each folder here is a tiny project with one
mistake, and `expected.txt` holds the exact lines the build must print on stderr.

The real command line builds each project into an output folder that already holds a site;
the build must exit 1, print exactly the expected lines and no traceback, and leave the old
site (and the project) byte-for-byte as they were.

`expected.txt` may start with directives, one per line, before the expected stderr:

- `args: --strict` extra arguments for `build`;
- `out: content` the output folder, relative to the project (or `/`), instead of a fresh one.

`{out}` in an expected line stands for the output folder as the command line received it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).parent
MARKER = "the last good site\n"


def cases() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if (path / "expected.txt").is_file())


def read_expected(case: Path) -> tuple[list[str], str | None, list[str]]:
    """Extra arguments, the `out:` directive, and the expected stderr lines."""
    args: list[str] = []
    out: str | None = None
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith(("args:", "out:")):
        name, _, value = lines.pop(0).partition(":")
        if name == "args":
            args += value.split()
        else:
            out = value.strip()
    return args, out, lines


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, except the render cache (`.cache/`), which a
    build may fill before it stops: it is not the site and not the editor's work."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(folder).parts
    }


@pytest.mark.parametrize("name", cases())
def test_bad_input_is_reported_exactly_and_the_old_site_survives(name: str, tmp_path: Path) -> None:
    args, out_directive, expected = read_expected(CASES / name)
    project = tmp_path / "project"
    shutil.copytree(
        CASES / name, project, symlinks=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    if out_directive is None:
        out = tmp_path / "out"
    elif out_directive == "/":
        out = Path("/")
    else:
        out = (project / out_directive).resolve()
    if out != Path("/"):
        out.mkdir(parents=True, exist_ok=True)
        (out / "old-site-marker.txt").write_text(MARKER)
    watched = [folder for folder in (out, project) if folder != Path("/")]
    before = {folder: tree(folder) for folder in watched}

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "build",
            "--project",
            str(project),
            "--out",
            str(out),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )

    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [line.replace("{out}", str(out)) for line in expected]
    assert result.returncode == 1
    for folder in watched:
        assert tree(folder) == before[folder], f"the build changed {folder}"
    leftovers = sorted(
        path.name for path in out.parent.iterdir() if path.name.startswith(f".{out.name}.")
    )
    assert leftovers == [], "the failed build left staging folders behind"
