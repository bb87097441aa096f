"""Snapshots: a BagIt bag of the offline site that is reproducible, verifiable, and remembers
every passage so that `check` can say when a published link now shows other text."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bagit  # type: ignore[import-untyped]
import pytest

from site_builder.config import load_config
from site_builder.diagnostics import SiteBuilderError
from site_builder.snapshot import (
    PASSAGES_FILE,
    make_snapshot,
    moved_passages,
    read_passages,
    verify_snapshot,
)

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
LENIN = "content/lenin-and-the-guard.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the basic fixture site (not a git checkout), with SOURCE_DATE_EPOCH set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    copy = tmp_path / "project"
    shutil.copytree(FIXTURE, copy)
    return copy


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


def test_a_snapshot_is_a_valid_bag_of_the_offline_site(project: Path, tmp_path: Path) -> None:
    result = make_snapshot(load_config(project), tmp_path / "snapshots", "2026-spring")

    bag_dir = tmp_path / "snapshots" / "2026-spring"
    assert result.path == bag_dir
    assert bagit.Bag(str(bag_dir)).is_valid()
    assert verify_snapshot(bag_dir) == []
    assert sorted(path.name for path in bag_dir.iterdir()) == [
        "bag-info.txt",
        "bagit.txt",
        "data",
        "manifest-sha256.txt",
        PASSAGES_FILE,
        "tagmanifest-sha256.txt",
    ]
    info = (bag_dir / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    assert "Bagging-Date: 2023-11-14" in info
    assert "Snapshot-Label: 2026-spring" in info
    assert "Snapshot-Date: 2023-11-14" in info
    assert "Source-Organization: Fixture Press" in info
    assert "Permanent-URL: https://archive.example.org/" in info
    assert "Site-Builder-Version: 0.1.0" in info
    assert not any(line.startswith("Content-Commit:") for line in info), "not a git checkout"
    index = (bag_dir / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="texts/party-conduct/index.html"' in index, "offline links spell out index.html"
    assert result.files == len([p for p in (bag_dir / "data").rglob("*") if p.is_file()])
    assert [path.name for path in (tmp_path / "snapshots").iterdir()] == ["2026-spring"]


def test_the_passage_record_lists_every_passage_with_a_hash_of_its_text(
    project: Path, tmp_path: Path
) -> None:
    make_snapshot(load_config(project), tmp_path, "one")
    records = read_passages(tmp_path / "one" / PASSAGES_FILE)
    lenin = [record for record in records if record.slug == "lenin-and-the-guard"]
    assert [record.passage_id for record in lenin] == ["p1", "p2"]
    assert all(len(record.text_hash) == 16 for record in records)
    assert len({record.text_hash for record in lenin}) == 2


def test_the_same_sources_give_the_same_bytes(project: Path, tmp_path: Path) -> None:
    config = load_config(project)
    make_snapshot(config, tmp_path / "a", "same")
    make_snapshot(config, tmp_path / "b", "same")
    first, second = files_of(tmp_path / "a" / "same"), files_of(tmp_path / "b" / "same")
    assert first == second
    times = {path.stat().st_mtime for path in (tmp_path / "a" / "same").rglob("*")}
    assert times == {int(EPOCH)}, "every file carries the snapshot's time, not the clock's"


def test_the_label_defaults_to_the_date(project: Path, tmp_path: Path) -> None:
    result = make_snapshot(load_config(project), tmp_path, None)
    assert result.label == "2023-11-14"
    assert (tmp_path / "2023-11-14" / "bagit.txt").is_file()


def test_a_snapshot_is_never_overwritten(project: Path, tmp_path: Path) -> None:
    config = load_config(project)
    make_snapshot(config, tmp_path, "kept")
    before = files_of(tmp_path / "kept")
    with pytest.raises(SiteBuilderError, match="already exists"):
        make_snapshot(config, tmp_path, "kept")
    assert files_of(tmp_path / "kept") == before


@pytest.mark.parametrize("label", ["../escape", "with space", ".hidden", ""])
def test_a_label_that_cannot_be_a_folder_name_is_refused(
    project: Path, tmp_path: Path, label: str
) -> None:
    with pytest.raises(SiteBuilderError, match="cannot be a folder name"):
        make_snapshot(load_config(project), tmp_path / "out", label)
    assert not (tmp_path / "out").exists()


def test_a_failed_build_leaves_no_snapshot_and_no_staging_folder(
    project: Path, tmp_path: Path
) -> None:
    (project / "content" / "broken.md").write_text("---\ntitle: [\n---\n")
    out = tmp_path / "snapshots"
    with pytest.raises(SiteBuilderError):
        make_snapshot(load_config(project), out, "broken")
    assert list(out.iterdir()) == []


def test_without_source_date_epoch_or_git_history_the_snapshot_asks_for_a_date(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pytest.raises(SiteBuilderError, match="set SOURCE_DATE_EPOCH"):
        make_snapshot(load_config(project), tmp_path / "out", "x")


def test_a_malformed_source_date_epoch_is_an_error(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(SiteBuilderError, match="SOURCE_DATE_EPOCH='yesterday'"):
        make_snapshot(load_config(project), tmp_path / "out", "x")


def git(project: Path, *args: str) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2020-02-03T10:00:00Z",
        "GIT_COMMITTER_DATE": "2020-02-03T10:00:00Z",
    }
    return subprocess.run(
        ["git", "-C", str(project), *args],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout.strip()


def test_in_a_git_checkout_the_date_and_commit_come_from_the_content_history(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    git(project, "init", "--quiet")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "content")
    head = git(project, "rev-parse", "HEAD")

    make_snapshot(load_config(project), tmp_path / "out", "from-git")
    info = (tmp_path / "out" / "from-git" / "bag-info.txt").read_text().splitlines()
    assert "Snapshot-Date: 2020-02-03" in info
    assert f"Content-Commit: {head}" in info

    (project / LENIN).write_text((project / LENIN).read_text() + "\nAn edit.\n")
    make_snapshot(load_config(project), tmp_path / "out", "dirty")
    info = (tmp_path / "out" / "dirty" / "bag-info.txt").read_text().splitlines()
    assert f"Content-Commit: {head} (with uncommitted changes in content/)" in info


def test_verify_names_every_changed_missing_and_extra_file(project: Path, tmp_path: Path) -> None:
    make_snapshot(load_config(project), tmp_path, "kept")
    bag_dir = tmp_path / "kept"
    with (bag_dir / "data" / "index.html").open("ab") as stream:
        stream.write(b"<!-- tampered -->")
    (bag_dir / "data" / "static" / "css" / "site.css").unlink()
    (bag_dir / "data" / "texts" / "extra.html").write_text("added later")
    (bag_dir / "bag-info.txt").write_text(
        (bag_dir / "bag-info.txt").read_text().replace("2023-11-14", "2024-01-01")
    )
    (bag_dir / "notes.txt").write_text("a stray file")

    assert verify_snapshot(bag_dir) == [
        "changed: bag-info.txt",
        "changed: data/index.html",
        "missing: data/static/css/site.css",
        "extra: data/texts/extra.html",
        "extra: notes.txt",
    ]


def test_verify_says_when_a_folder_is_not_a_snapshot(tmp_path: Path) -> None:
    assert verify_snapshot(tmp_path) == [
        "not a snapshot (no bagit.txt in it); pass the folder that `site-builder snapshot` "
        "made, e.g. snapshots/2026-spring"
    ]


def test_the_command_line_makes_and_verifies_a_snapshot(project: Path, tmp_path: Path) -> None:
    made = run("snapshot", "--project", str(project), "--label", "cli")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Snapshot cli of 2023-11-14: ")
    bag_dir = project / "snapshots" / "cli"
    verified = run("verify", str(bag_dir))
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("Verified: ")

    (bag_dir / "data" / "index.html").write_text("replaced")
    (bag_dir / "data" / "new.html").write_text("new")
    failed = run("verify", str(bag_dir))
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"{bag_dir}: changed: data/index.html",
        f"{bag_dir}: extra: data/new.html",
        "Failed: 2 problems; the snapshot is not as it was made.",
    ]
    assert "Traceback" not in failed.stderr


def test_the_command_line_reports_a_missing_date_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    result = run("snapshot", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot date the snapshot: content/ has no git history")
    assert "Traceback" not in result.stderr


# --- passages whose text moved since the last snapshot -------------------------------------


def test_nothing_moved_right_after_a_snapshot(project: Path) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "first")
    assert moved_passages(config, project / "snapshots") == []


def test_a_passage_inserted_without_an_id_moves_the_ones_after_it(project: Path) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "first")
    text = (project / LENIN).read_text()
    (project / LENIN).write_text(
        text.replace("\n\nThe statue", "\n\nA new first passage.\n\nThe statue")
    )

    found = [item.format() for item in moved_passages(config, project / "snapshots")]
    assert found[0] == (
        f"{LENIN}:6: warning: passage p1 changed since snapshot first; links to it now show "
        "different text. If this is new text, give it an explicit id such as {#p1a} and keep "
        "the old text under p1; if it is a correction, ignore this [passage-moved]"
    )
    assert [line.split(": warning: ")[0] for line in found] == [f"{LENIN}:6", f"{LENIN}:8"]


def test_a_passage_inserted_with_an_explicit_id_moves_nothing(project: Path) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "first")
    text = (project / LENIN).read_text()
    inserted = "\n\n{#p1a}\nA passage between the first two.\n\nA guard"
    (project / LENIN).write_text(text.replace("\n\nA guard", inserted))
    assert moved_passages(config, project / "snapshots") == []


def test_rewrapping_a_passage_is_not_a_change(project: Path) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "first")
    text = (project / LENIN).read_text()
    (project / LENIN).write_text(text.replace("statue of Lenin", "statue\nof  Lenin"))
    assert moved_passages(config, project / "snapshots") == []


def test_passages_and_documents_that_disappeared_are_reported(project: Path) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "first")
    text = (project / LENIN).read_text()
    (project / LENIN).write_text(text.replace("\n\nA guard stopped Lenin at the gate.", ""))
    (project / "content" / "party-conduct.md").unlink()

    found = [item.format() for item in moved_passages(config, project / "snapshots")]
    assert found == [
        f"{LENIN}: warning: passage p2 was in snapshot first but is gone; links to it now "
        "land at the top of the page. Keep an explicit {#p2} on the passage that replaced it "
        "[passage-moved]",
        "snapshots/first/passages.tsv: warning: document texts/party-conduct/ was in snapshot "
        "first but is gone; links to it now break. Restore content/party-conduct.md or keep "
        "its file name [passage-moved]",
    ]


def test_the_latest_snapshot_is_the_one_compared(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(project)
    make_snapshot(config, project / "snapshots", "old")
    text = (project / LENIN).read_text()
    (project / LENIN).write_text(text.replace("quietly", "silently"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400 * 30))
    make_snapshot(config, project / "snapshots", "new")
    assert moved_passages(config, project / "snapshots") == []


def test_check_reports_moved_passages_when_the_project_keeps_snapshots(project: Path) -> None:
    make_snapshot(load_config(project), project / "snapshots", "first")
    text = (project / LENIN).read_text()
    (project / LENIN).write_text(text.replace("quietly", "silently"))

    result = run("check", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert f"{LENIN}:6: warning: passage p1 changed since snapshot first" in result.stderr
    party = project / "content" / "party-conduct.md"
    party.write_text(party.read_text().replace("[^9]", ""))  # its one warning of its own
    strict = run("check", "--strict", "--project", str(project))
    assert strict.returncode == 1
    assert f"{LENIN}:6: error: passage p1 changed since snapshot first" in strict.stderr
