"""Every HTML page of the shipped archive conforms to HTML, per the Nu HTML checker."""

from pathlib import Path

from tests.support import reading_page_slugs, run_nu_checker


def test_nu_checker_finds_no_errors_in_any_page_of_the_demo_site(built_demo_site: Path) -> None:
    pages = sorted(built_demo_site.rglob("*.html"))
    assert built_demo_site / "index.html" in pages
    assert reading_page_slugs(built_demo_site), "the demo site has no reading pages to check"

    problems = run_nu_checker(pages)

    report = "\n".join(str(problem).replace(f"{built_demo_site}/", "", 1) for problem in problems)
    assert not problems, f"{len(problems)} HTML errors in {len(pages)} pages:\n{report}"
