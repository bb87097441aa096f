"""The reading fixture's pages pass the Nu HTML checker (no browser needed)."""

from pathlib import Path

from tests.support import REPO_ROOT, build_site, copy_project, run_nu_checker


def test_reading_fixture_pages_have_no_html_errors(tmp_path: Path) -> None:
    site = build_site(
        copy_project(REPO_ROOT / "tests" / "fixtures" / "sites" / "reading", tmp_path),
        tmp_path / "site",
    )
    pages = sorted(site.glob("texts/*/index.html"))
    assert len(pages) == 3
    problems = run_nu_checker(pages)
    assert not problems, "\n".join(str(problem) for problem in problems)
