"""The whole fixture site, built through the real pipeline, against reviewed golden files.

`make update-golden` rewrites `tests/golden/basic/`; review the diff before committing.
Static assets and the search index are listed by name only (the theme's CSS and JS and the
Pagefind index have their own tests).
"""

import shutil
from pathlib import Path

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from tests.support.golden import assert_matches_golden

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"
GOLDEN = Path(__file__).parent / "golden" / "basic"


def test_the_fixture_site_matches_its_golden_files(tmp_path: Path, update_golden: bool) -> None:
    out = tmp_path / "site"
    build(load_config(copy_fixture(tmp_path)), BuildOptions(output=out))
    files = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert_matches_golden("\n".join(files) + "\n", GOLDEN / "FILES.txt", update=update_golden)
    for name in files:
        if name.startswith(("static/", "pagefind/")):
            continue
        actual = (out / name).read_text(encoding="utf-8")
        assert_matches_golden(actual, GOLDEN / name, update=update_golden)


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    config = load_config(copy_fixture(tmp_path))
    build(config, BuildOptions(output=tmp_path / "one"))
    build(config, BuildOptions(output=tmp_path / "two"))
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def copy_fixture(tmp_path: Path) -> Path:
    """A copy of the fixture project: a build writes its cache into the project."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))
