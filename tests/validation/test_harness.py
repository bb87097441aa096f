"""The checkers themselves catch what they are for, so a clean report means something."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support import run_axe, run_nu_checker, serve_directory


def test_nu_checker_reports_an_error_with_its_file_and_line(tmp_path: Path) -> None:
    valid = tmp_path / "valid.html"
    valid.write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>ok</title></head>\n'
        "<body><p>fine</p></body></html>\n",
        encoding="utf-8",
    )
    invalid = tmp_path / "invalid.html"
    invalid.write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bad</title></head>\n'
        "<body>\n<p><div>a block inside a paragraph's end tag</p></div>\n</body></html>\n",
        encoding="utf-8",
    )

    problems = run_nu_checker([valid, invalid])

    assert problems
    assert {problem.path for problem in problems} == {invalid}
    assert all(problem.line == 4 for problem in problems), [str(p) for p in problems]


def test_served_directory_gives_files_with_their_types_and_404_for_the_rest(
    tmp_path: Path,
) -> None:
    (tmp_path / "app.js").write_text("export const answer = 42;\n", encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>\n", encoding="utf-8")

    with serve_directory(tmp_path) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base_url}/app.js") as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
            assert response.read() == b"export const answer = 42;\n"
        with urllib.request.urlopen(f"{base_url}/") as response:
            assert response.headers["Content-Type"].startswith("text/html")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base_url}/missing.css")
        assert missing.value.code == 404


@pytest.mark.browser
def test_axe_reports_an_image_without_alternative_text(browser: Browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
            '<h1>Heading</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            "</main></body></html>"
        )
        violations = run_axe(page)
    finally:
        context.close()

    assert [violation["id"] for violation in violations] == ["image-alt"]
