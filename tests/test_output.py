from pathlib import Path, PurePosixPath

import pytest

from site_builder.diagnostics import BuildError
from site_builder.model import OutputFile
from site_builder.output import check_output_folder, write_site


def files(*names: str) -> list[OutputFile]:
    return [OutputFile(PurePosixPath(name), name.encode()) for name in names]


def test_the_new_site_replaces_the_old_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write_site(files("index.html", "old/only.html"), out)
    count = write_site(files("index.html", "texts/a/index.html"), out)
    assert count == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "index.html",
        "texts/a/index.html",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_failure_while_writing_leaves_the_last_good_site_untouched(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write_site(files("index.html"), out)
    before = (out / "index.html").read_bytes()

    def failing() -> list[OutputFile]:
        raise KeyboardInterrupt

    def broken_stream():  # type: ignore[no-untyped-def]
        yield from files("index.html")
        failing()

    with pytest.raises(KeyboardInterrupt):
        write_site(broken_stream(), out)
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


@pytest.mark.parametrize(
    ("output", "what"),
    [
        (".", "the project folder"),
        ("content", "the content folder"),
        ("..", "the project folder"),
        ("/", "a system or home folder"),
    ],
)
def test_an_output_folder_that_would_destroy_sources_is_refused(
    tmp_path: Path, output: str, what: str
) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    target = Path(output) if output == "/" else project / output
    with pytest.raises(BuildError) as error:
        check_output_folder(target, project, project / "content")
    (diagnostic,) = error.value.diagnostics
    assert what in diagnostic.message
    assert diagnostic.message.endswith("Choose a new folder such as _site/")


def test_a_fresh_output_folder_is_accepted(tmp_path: Path) -> None:
    check_output_folder(tmp_path / "_site", tmp_path, tmp_path / "content")
