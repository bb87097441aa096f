"""The command line as a user meets it: a real subprocess, real files, exit codes and output."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.cli import _parser

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """A copy of the basic fixture site (a build writes its cache into the project)."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def test_help_describes_every_option_of_every_command() -> None:
    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(commands) == ["build", "check", "import", "serve", "snapshot", "verify"]
    for name, command in commands.items():
        result = run(name, "--help")
        assert result.returncode == 0
        for action in command._actions:
            for option in action.option_strings:
                assert option in result.stdout, f"{name} --help does not mention {option}"
            assert action.help, f"{name}: {action.dest} has no help text"


def test_build_writes_the_site_and_prints_one_summary_line(
    tmp_path: Path, fixture_project: Path
) -> None:
    result = run("build", "--project", str(fixture_project), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 2 documents in ")
    assert (tmp_path / "out" / "texts" / "party-conduct" / "index.html").is_file()
    assert (
        "content/party-conduct.md:31: warning: note marker [^9] in the text has no note text"
        in result.stderr
    )


def test_import_of_a_folder_counts_the_sources_it_found(tmp_path: Path) -> None:
    sources = Path(__file__).parents[1] / "sources"
    result = run("import", str(sources), "--out", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 4 sources: 4 written, 0 unchanged.\n"
    assert len(list((tmp_path / "content").glob("*.md"))) == 4


def test_strict_turns_warnings_into_errors_and_keeps_the_old_site(
    tmp_path: Path, fixture_project: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker.txt").write_text("last good site")
    result = run("build", "--strict", "--project", str(fixture_project), "--out", str(out))
    assert result.returncode == 1
    assert "content/party-conduct.md:31: error: note marker [^9]" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "marker.txt").read_text() == "last good site"


def test_bad_config_exits_1_with_a_located_message_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("titel: A\n")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "site.yaml:1: error: unknown site.yaml key 'titel'; did you mean 'title'? [config]",
        "Failed: 1 error.",
    ]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("titel: A\n")
    result = run("--debug", "build", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_no_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no site.yaml here or in any parent folder")


def test_a_usage_error_exits_2() -> None:
    assert run("build", "--no-such-option").returncode == 2
    assert run().returncode == 2


def test_check_reports_and_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "site.yaml").write_text("")
    (project / "content").mkdir()
    (project / "content" / "a.md").write_text("---\ntitle: A\n---\n{lang=zh-Hans}\n原文。\n")
    result = run("check", "--project", str(project))
    assert result.returncode == 1
    assert "content/a.md:5: error: this original ({lang=zh-Hans}) has no translation" in (
        result.stderr
    )
    assert sorted(p.name for p in project.iterdir()) == ["content", "site.yaml"]


@pytest.mark.parametrize("flag", ["--version"])
def test_version_is_printed(flag: str) -> None:
    result = run(flag)
    assert result.returncode == 0 and result.stdout.startswith("site-builder ")


def test_build_folds_a_long_run_of_one_warning_and_check_lists_them_all(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text("")
    markers = " ".join(f"Claim.[^{number}]" for number in range(1, 8))
    (project / "content" / "a.md").write_text(f"---\ntitle: A\n---\n\n{markers}\n")
    build_lines = run("build", "--project", str(project)).stderr.splitlines()
    assert len(build_lines) == 4
    assert build_lines[3] == (
        "content/a.md: warning: 4 more like the above; `site-builder check` lists them all "
        "[note-missing]"
    )
    check_lines = run("check", "--project", str(project)).stderr.splitlines()
    assert sum("[note-missing]" in line for line in check_lines) == 7


def test_a_failed_build_folds_its_warnings_so_the_errors_stay_in_view(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text("")
    markers = " ".join(f"Claim.[^{number}]" for number in range(1, 8))
    (project / "content" / "a.md").write_text(f"---\ntitle: A\n---\n\n{markers}\n")
    (project / "content" / "b.md").write_text("---\ntitle: B\ndate: 2021-02-30\n---\n\nText.\n")
    result = run("build", "--project", str(project))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 6  # 3 warnings, their fold line, the error, the verdict
    assert "content/b.md:3: error: 'date: 2021-02-30' is not a date" in result.stderr
    assert lines[-1] == "Failed: 1 error."
