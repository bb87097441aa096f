"""A build that is killed or interrupted leaves the last good site untouched.

A big generated archive is built over an existing site by the real command line; as soon as
the build's staging folder beside the output holds rendered pages, the whole process group is
killed (SIGKILL: no cleanup code runs) or interrupted (SIGINT: Ctrl-C). The old site must be
byte-for-byte as it was. After SIGKILL the staging folder is left behind (nothing can remove
it); the next build must clean it up and still produce exactly what a clean build produces,
whatever state the kill left the render cache in.

No sleeps: the test waits on the child process with a short timeout and looks at the folder
between waits.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

PARAGRAPH = (
    "The committee met again to consider the report on the work of the district organisations, "
    "and after a long discussion it resolved to publish the report with the comments of the "
    "members who had disagreed with its conclusions. "
)


def make_archive(project: Path, documents: int) -> None:
    """A project of `documents` texts of thirty bilingual passages each."""
    content = project / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    (project / "site.yaml").write_text("title: Big Archive\nlanguage: en\n")
    body = "".join(
        f"{PARAGRAPH}Passage {number}.\n\n{{lang=zh-Hans}}\n委员会再次开会，第{number}段。\n\n"
        for number in range(30)
    )
    for number in range(documents):
        (content / f"text-{number:05d}.md").write_text(
            f"---\ntitle: Text {number}\noriginal_lang: zh-Hans\ndate: 2001-01-01\n---\n\n{body}"
        )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_command(project: Path, out: Path) -> list[str]:
    command = [sys.executable, "-m", "site_builder", "build", "--project", str(project)]
    return [*command, "--out", str(out), "--jobs", "2"]


def build(project: Path, out: Path) -> None:
    result = subprocess.run(
        build_command(project, out), capture_output=True, text=True, check=False, timeout=900
    )
    assert result.returncode == 0, result.stderr


def staging_folders(out: Path) -> list[Path]:
    return sorted(path for path in out.parent.iterdir() if path.name.startswith(f".{out.name}."))


def start_and_stop_midway(project: Path, out: Path, stop: signal.Signals) -> tuple[int, str]:
    """Start a build; once its staging folder holds rendered pages, send `stop` to the whole
    process group (the CLI and its workers). Returns the exit status and stderr."""
    process = subprocess.Popen(
        build_command(project, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        while True:
            try:
                process.wait(timeout=0.02)
            except subprocess.TimeoutExpired:
                pass
            else:
                pytest.fail("the build finished before it could be stopped; make it bigger")
            staged = staging_folders(out)
            if staged and any((staged[0] / "texts").glob("*/index.html")):
                break
        os.killpg(process.pid, stop)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, stderr


@pytest.fixture
def old_site(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A project whose last good site is built into `out`, then its content grown large.

    The first three documents stay the same, so the next build finds them in the render cache
    and writes their pages at once, before its worker processes start: the stop can land
    while workers are being forked, the moment most likely to go wrong."""
    project, out = tmp_path / "project", tmp_path / "out"
    make_archive(project, 3)
    build(project, out)
    before = files_of(out)
    make_archive(project, 400)
    return project, out, before


def test_a_killed_build_leaves_the_old_site_and_the_next_build_cleans_up(
    old_site: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    project, out, before = old_site
    status, _ = start_and_stop_midway(project, out, signal.SIGKILL)

    assert status == -signal.SIGKILL
    assert files_of(out) == before, "the killed build changed the last good site"
    leftovers = [path.name for path in staging_folders(out)]
    assert len(leftovers) == 1 and leftovers[0].startswith(".out.new-"), leftovers
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["project", "out", *leftovers]
    )

    make_archive(project, 100)  # the documents the killed build was rendering, and fewer
    build(project, out)
    assert staging_folders(out) == [], "the next build removes what the killed one left"
    clean = tmp_path / "clean"
    shutil.rmtree(project / ".cache", ignore_errors=True)
    build(project, clean)
    assert files_of(out) == files_of(clean), "a build after a kill equals a clean build"


def test_an_interrupted_build_says_so_and_leaves_no_trace(
    old_site: tuple[Path, Path, dict[str, bytes]],
) -> None:
    project, out, before = old_site
    status, stderr = start_and_stop_midway(project, out, signal.SIGINT)

    assert status == 130, stderr
    assert stderr.splitlines()[-1] == "Interrupted; the previous site is untouched."
    assert "Traceback" not in stderr
    assert files_of(out) == before
    assert staging_folders(out) == []
