"""import_sources: writing files, refusing to overwrite edits, bad input, --check."""

import shutil
from pathlib import Path

import pytest

from site_builder.importer import ImportOptions, import_sources
from tests.importer.seeds import seed_paths

BAD = Path(__file__).parent / "bad"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the four seeds in sources/ and an empty content/."""
    (tmp_path / "sources").mkdir()
    for path in seed_paths():
        shutil.copy(path, tmp_path / "sources" / path.name)
    (tmp_path / "content").mkdir()
    return tmp_path


def run(project: Path, *names: str, **options: object) -> tuple[list[str], object]:
    sources = [project / "sources" / name for name in names] or sorted(
        (project / "sources").glob("*.txt")
    )
    report = import_sources(
        sources,
        ImportOptions(out_dir=project / "content", project_root=project, **options),  # type: ignore[arg-type]
    )
    return [item.format() for item in report.diagnostics if item.level.value == "error"], report


def test_import_writes_one_file_per_source_and_records_its_source(project: Path) -> None:
    errors, report = run(project)
    assert errors == []
    files = sorted((project / "content").glob("*.md"))
    assert len(files) == 4 == len(report.written)  # type: ignore[attr-defined]
    text = files[0].read_text(encoding="utf-8")
    assert "\n  file: sources/" in text and "\n  import_digest: " in text


def test_import_is_deterministic_and_a_second_run_changes_nothing(project: Path) -> None:
    run(project)
    first = {path.name: path.read_bytes() for path in (project / "content").glob("*.md")}
    _, report = run(project)
    second = {path.name: path.read_bytes() for path in (project / "content").glob("*.md")}
    assert first == second
    assert report.written == () and len(report.unchanged) == 4  # type: ignore[attr-defined]


def test_an_edited_file_is_not_overwritten_without_force(project: Path) -> None:
    run(project)
    target = sorted((project / "content").glob("*.md"))[0]
    edited = target.read_text(encoding="utf-8").replace("tags: []", "tags: [edited]")
    target.write_text(edited, encoding="utf-8")
    errors, _ = run(project)
    assert errors == [
        f"content/{target.name}: error: this file was edited since it was imported; it was not "
        "overwritten: keep the edits, or run import again with --force to replace them "
        "[import-edited]"
    ]
    assert target.read_text(encoding="utf-8") == edited
    errors, _ = run(project, force=True)
    assert errors == [] and "tags: []" in target.read_text(encoding="utf-8")


def test_check_writes_nothing_and_reports_every_word_kept(project: Path) -> None:
    errors, report = run(project, check=True)
    assert errors == [] and not list((project / "content").glob("*.md"))
    checks = [line for line in report.details if "words in" in line]  # type: ignore[attr-defined]
    assert len(checks) == 4
    assert all("100.0% kept; no difference" in line for line in checks)


def test_verbose_details_name_each_removed_chrome_line_and_its_rule(project: Path) -> None:
    _, report = run(project, "004_10da43a06b131fb2.txt")
    assert report.details == (  # type: ignore[attr-defined]
        "sources/004_10da43a06b131fb2.txt:1: removed chrome: Skip to content [skip-link]",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "empty.txt",
            "sources/empty.txt: error: the file is empty; there is nothing to import: "
            "re-save the page's text [input-empty]",
        ),
        (
            "binary.txt",
            "sources/binary.txt: error: the file is binary (it contains NUL bytes), not scraped "
            "text; import the page's text saved as UTF-8 [input-binary]",
        ),
        (
            "latin1.txt",
            "sources/latin1.txt:3: error: the file is not UTF-8 (byte 0xe9 cannot be decoded); "
            "convert it to UTF-8 and import it again [input-encoding]",
        ),
        (
            "page.txt",
            "sources/page.txt: error: the file is an HTML page, not scraped text; import the "
            "text of the page (its visible words), not its HTML source [input-html]",
        ),
        (
            "imported.txt",
            "sources/imported.txt: error: the file is already Markdown with front matter; it "
            "belongs in content/ as it is: import only raw scraped text [input-markdown]",
        ),
    ],
)
def test_bad_input_gets_one_message_and_the_batch_goes_on(
    project: Path, name: str, message: str
) -> None:
    shutil.copy(BAD / name, project / "sources" / name)
    errors, report = run(project)
    assert errors == [message]
    assert len(report.written) == 4  # type: ignore[attr-defined]


def test_two_sources_with_one_title_get_distinct_slugs(project: Path) -> None:
    seed = seed_paths()[1]
    shutil.copy(seed, project / "sources" / "copy.txt")
    errors, report = run(project, seed.name, "copy.txt")
    names = sorted(path.name for path in report.written)  # type: ignore[attr-defined]
    assert errors == [] and len(names) == 2
    first = min(names, key=len)
    assert names == sorted([first, first.removesuffix(".md") + "-2.md"])
    _, again = run(project, seed.name, "copy.txt")
    assert len(again.unchanged) == 2  # type: ignore[attr-defined]


def test_an_invalid_site_chrome_rule_is_reported(project: Path) -> None:
    errors, _ = run(project, "004_10da43a06b131fb2.txt", extra_chrome=("([unclosed",))
    assert len(errors) == 1 and errors[0].startswith("site.yaml: error: chrome rule 1 ")


def test_a_folder_imports_the_txt_files_inside_it_at_any_depth(project: Path) -> None:
    sources = project / "sources"
    (sources / "1958").mkdir()
    shutil.move(sources / seed_paths()[0].name, sources / "1958" / seed_paths()[0].name)
    (sources / ".hidden").mkdir()
    (sources / ".hidden" / "draft.txt").write_text("Not for import\n\nText.\n")
    (sources / "notes.md").write_text("# Not a source\n")
    report = import_sources(
        [sources], ImportOptions(out_dir=project / "content", project_root=project)
    )
    assert report.sources == 4 and len(report.written) == 4
    assert not [item for item in report.diagnostics if item.level.value == "error"]
    empty = project / "empty"
    empty.mkdir()
    report = import_sources(
        [empty], ImportOptions(out_dir=project / "content", project_root=project)
    )
    assert [item.format() for item in report.diagnostics] == [
        "empty: error: the folder holds no .txt files to import; name the files, or a folder "
        "that holds them [input-unreadable]"
    ]


def test_an_importer_failure_on_one_file_is_reported_and_the_others_are_imported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.importer.files as files

    convert = files.convert_source

    def failing(shown: str, *args: object, **kwargs: object) -> object:
        if shown.endswith("002_f836943946eba43b.txt"):
            raise ValueError("day is out of range for month")
        return convert(shown, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "convert_source", failing)
    errors, report = run(project)
    assert errors == [
        "sources/002_f836943946eba43b.txt: error: the importer failed on this file "
        "(ValueError: day is out of range for month); this is an importer bug: please report it "
        "with this source file (--debug shows where) [import-failed]"
    ]
    assert len(report.written) == 3  # type: ignore[attr-defined]
