"""Build a project with the real command line, in a subprocess, as a user would."""

import subprocess
import sys
from pathlib import Path


class SiteBuildFailed(AssertionError):
    """The build command exited non-zero; the message holds its full output."""


def build_site(project_dir: Path, out_dir: Path, *extra_args: str) -> Path:
    """Run ``python -m site_builder build --project DIR --out OUT`` and return ``out_dir``.

    Raises ``SiteBuildFailed`` with the command's output when it does not exit 0, so a broken
    build shows its diagnostics in the test report instead of a missing file later on.
    """
    command = [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--project",
        str(project_dir),
        "--out",
        str(out_dir),
        *extra_args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0:
        raise SiteBuildFailed(
            f"`{' '.join(command)}` exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        )
    return out_dir


def copy_project(project_dir: Path, into: Path) -> Path:
    """A copy of a fixture project under `into`, without any build cache.

    A build writes its cache into the project (`.cache/`): tests build copies, never the
    fixtures in the repository.
    """
    import shutil

    return Path(
        shutil.copytree(
            project_dir, into / project_dir.name, ignore=shutil.ignore_patterns(".cache")
        )
    )


def file_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path, with its bytes: two builds are the same
    site when their trees are equal."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
