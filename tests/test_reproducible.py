"""Byte-reproducible builds: the same sources give the same bytes, whatever the machine.

Two copies of the shipped archive are made with their files created in opposite orders, then
built by the real command line in different time zones, locales and job counts, into folders
with different names; every byte of the two sites must match, and a cached rebuild must match
a clean one. Snapshots are compared the same way. Neither ever writes the clock's date.
"""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import REPO_ROOT

ENVIRONMENTS = (
    {"TZ": "UTC", "LC_ALL": "C", "LANG": "C"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
)
"""UTC+0 and UTC+14 (a date line apart), ASCII and UTF-8 locales."""


def copy_project(target: Path, *, reverse: bool) -> Path:
    """The shipped archive's site.yaml and content/, files created in sorted or reverse order
    (directory listings follow creation order on many file systems) and with distinct times."""
    (target / "content").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "site.yaml", target / "site.yaml")
    files = sorted((REPO_ROOT / "content").glob("*.md"), reverse=reverse)
    for position, path in enumerate(files):
        copied = target / "content" / path.name
        shutil.copyfile(path, copied)
        os.utime(copied, (1_000_000 * (position + 1), 1_000_000 * (position + 1)))
    return target


def run(project: Path, environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", *args, "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, **environment},
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    names = sorted(set(first) | set(second))
    return [name for name in names if first.get(name) != second.get(name)]


def test_builds_match_byte_for_byte_across_zones_locales_jobs_and_file_order(
    tmp_path: Path,
) -> None:
    one = copy_project(tmp_path / "one", reverse=False)
    two = copy_project(tmp_path / "two", reverse=True)
    run(one, ENVIRONMENTS[0], "build", "--out", str(tmp_path / "site-a"), "--jobs", "1")
    run(two, ENVIRONMENTS[1], "build", "--out", str(tmp_path / "other-b"), "--jobs", "2")
    first, second = files_of(tmp_path / "site-a"), files_of(tmp_path / "other-b")
    assert len(first) > 5
    assert differences(first, second) == []

    cached = run(one, ENVIRONMENTS[1], "build", "--out", str(tmp_path / "again"), "--jobs", "2")
    assert "cached" in cached
    assert differences(first, files_of(tmp_path / "again")) == []


def test_snapshots_match_byte_for_byte_across_zones_and_locales(tmp_path: Path) -> None:
    one = copy_project(tmp_path / "one", reverse=False)
    two = copy_project(tmp_path / "two", reverse=True)
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    run(one, {**ENVIRONMENTS[0], **epoch}, "snapshot", "--out", str(tmp_path / "a"))
    run(two, {**ENVIRONMENTS[1], **epoch}, "snapshot", "--out", str(tmp_path / "b"))
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert "2023-11-14/bag-info.txt" in first, "the label defaults to the UTC date of the epoch"
    assert differences(first, second) == []


def test_source_date_epoch_is_the_only_time_a_snapshot_knows(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", reverse=False)
    epoch = {"SOURCE_DATE_EPOCH": str(365 * 86400)}  # 1971-01-01
    run(project, {**ENVIRONMENTS[1], **epoch}, "snapshot", "--out", str(tmp_path / "snaps"))
    run(project, ENVIRONMENTS[0], "build", "--out", str(tmp_path / "site"))
    bag = tmp_path / "snaps" / "1971-01-01"
    assert "Bagging-Date: 1971-01-01" in (bag / "bag-info.txt").read_text()
    today = datetime.date.today().isoformat()
    for folder in (tmp_path / "snaps", tmp_path / "site"):
        dated = [name for name, data in files_of(folder).items() if today.encode() in data]
        assert dated == [], f"the clock's date {today} was written into {dated}"
