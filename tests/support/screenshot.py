"""Screenshot a reading page of the shipped archive: ``python -m tests.support.screenshot OUT.png``.

Builds the repository's archive into a temporary folder, serves it on 127.0.0.1 and saves a
1280x900 screenshot, taken in Debian's Chromium, of the first document (in slug order) that has
originals, scrolled to its first row with an original, so that it shows what the tool is for:
translation and original side by side. ``make screenshot`` uses it for
``docs/screenshot-reading.png``, which the README shows.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import ViewportSize, sync_playwright

from tests.support.building import build_site
from tests.support.chromium import launch_chromium
from tests.support.demo import demo_documents
from tests.support.paths import REPO_ROOT
from tests.support.serving import serve_directory

VIEWPORT: ViewportSize = {"width": 1280, "height": 900}

# Scroll the first paragraph (else any row) that has an original to near the top, leaving a
# little context above.
_SCROLL_TO_FIRST_ORIGINAL = """() => {
    const row = (document.querySelector('.passage-paragraph .original')
      ?? document.querySelector('.passage .original'))?.closest('.passage');
    if (row) {
        const top = row.getBoundingClientRect().top + window.scrollY - 96;
        window.scrollTo({top: Math.max(0, top), behavior: 'instant'});
    }
    return Boolean(row);
}"""


def _pick_document(project_dir: Path, built: list[str]) -> str:
    """The first built document whose front matter declares originals, else the first one."""
    bilingual = [doc.slug for doc in demo_documents(project_dir) if doc.original_lang]
    return next((slug for slug in bilingual if slug in built), built[0])


def take_reading_page_screenshot(out: Path, project_dir: Path = REPO_ROOT) -> str:
    """Build ``project_dir``, screenshot a reading page into ``out``; return its slug."""
    with tempfile.TemporaryDirectory(prefix="site-builder-screenshot-") as scratch:
        site = build_site(project_dir, Path(scratch) / "site")
        slugs = sorted(page.parent.name for page in site.glob("texts/*/index.html"))
        if not slugs:
            raise SystemExit(f"error: the build of {project_dir} has no reading pages")
        slug = _pick_document(project_dir, slugs)
        with serve_directory(site) as base_url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                context = browser.new_context(
                    viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce"
                )
                # The screenshot must show the site as it is offline: nothing from elsewhere.
                context.route(
                    "**/*",
                    lambda route, request: (
                        route.continue_()
                        if request.url.startswith(base_url)
                        else route.abort("blockedbyclient")
                    ),
                )
                page = context.new_page()
                response = page.goto(f"{base_url}/texts/{slug}/", wait_until="load")
                if response is None or not response.ok:
                    raise SystemExit(f"error: could not open the reading page of {slug}")
                page.evaluate("document.fonts.ready.then(() => true)")
                page.evaluate(_SCROLL_TO_FIRST_ORIGINAL)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out), full_page=False)
            finally:
                browser.close()
    return slug


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.screenshot",
        description="Screenshot a bilingual reading page of the shipped archive in Chromium.",
    )
    parser.add_argument("out", type=Path, help="where to write the PNG")
    parser.add_argument(
        "--project",
        type=Path,
        default=REPO_ROOT,
        help="the project to build (default: this repository)",
    )
    arguments = parser.parse_args(argv)
    slug = take_reading_page_screenshot(arguments.out, arguments.project)
    print(f"{arguments.out}: screenshot of texts/{slug}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
